/* tmpl.c: reading family and kind templates into typed rules, with the
 * same diagnostics as content files. */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "tmpl.h"

#define MM (72.0 / 25.4)

enum ftype { T_MM, T_PT, T_NUM, T_INT, T_STR, T_STRLIST, T_STYLE, T_BOOL, T_INTLIST, T_FACE_NAMES,
	T_FAMSTR, /* a string, or a mapping {party: ..., state: ...}: char *[2] */
	T_BLOCKS, /* a list of block type names: a bit mask */
	T_NOT_BOOL, /* true or false, stored negated (an optional "date-line: false") */
	T_FIELDS  /* a kind's fixed lines: a list of {key, type, line, required, at, align} */
};

struct field {
	const char *path;
	enum ftype type;
	size_t off;
	size_t count_off; /* T_INTLIST: where the count goes */
	int optional;     /* may be left out: the field stays zero */
};

#define F(p, t, m) {p, t, offsetof(struct family, m), 0}
static const struct field family_fields[] = {
    F("family", T_STR, name),
    F("paper.width", T_MM, paper_w),
    F("paper.height", T_MM, paper_h),
    F("margins.top", T_MM, margin_top),
    F("margins.bottom", T_MM, margin_bottom),
    F("margins.left", T_MM, margin_left),
    F("margins.right", T_MM, margin_right),
    F("fonts", T_FACE_NAMES, font_names),
    F("body.style", T_STYLE, body),
    F("body.leading", T_PT, leading),
    F("body.indent", T_MM, indent),
    F("body.space-before", T_PT, space_before),
    F("body.max-space", T_NUM, max_space),
    F("body.end", T_STR, body_end),
    F("page-number.style", T_STYLE, pageno),
    F("page-number.baseline", T_MM, pageno_baseline),
    F("header.columns.left", T_MM, col_left),
    F("header.columns.right", T_MM, col_right),
    F("header.national.lines", T_STRLIST, national),
    F("header.national.style", T_STYLE, national_style),
    F("header.national.rule", T_PT, national_rule),
    F("header.motto.text", T_STR, motto),
    F("header.motto.style", T_STYLE, motto_style),
    F("header.motto.rule", T_PT, motto_rule),
    F("header.superior.style", T_STYLE, superior),
    F("header.issuer.style", T_STYLE, issuer),
    F("header.issuer.rule", T_NUM, issuer_rule),
    F("header.star", T_STR, star),
    F("header.number.style", T_STYLE, number),
    F("header.number.format", T_STR, number_format),
    F("header.number.symbol", T_STR, symbol_format),
    F("header.number.blank", T_STR, number_blank),
    F("header.number.digits", T_INT, number_digits),
    F("header.date.style", T_STYLE, date),
    F("header.date.format", T_STR, date_format),
    F("header.date.blank", T_STR, date_blank),
    F("header.date.step-down", T_PT, date_step),
    F("dates.pad-days-below", T_INT, day_digits_below),
    {"dates.pad-months", T_INTLIST, offsetof(struct family, zero_months), offsetof(struct family, nzero_months)},
    F("dates.in-text", T_STR, cite_date_format),
    F("title.space-before", T_PT, title_before),
    F("title.space-after", T_PT, title_after),
    F("title.type.style", T_STYLE, type_style),
    F("title.issued-by.style", T_STYLE, issued_by_style),
    F("title.issued-by.prefix", T_STR, issued_by_prefix),
    F("title.subject.style", T_STYLE, subject_style),
    F("title.subject.rule", T_NUM, subject_rule),
    F("title.after.text", T_STR, after_text),
    F("title.after.style", T_STYLE, after_style),
    F("numbering.top", T_STR, numbering.top),
    F("numbering.path", T_STR, numbering.path),
    F("numbering.article", T_STR, numbering.article),
    F("numbering.clause", T_STR, numbering.clause),
    F("numbering.point", T_STR, numbering.point),
    F("numbering.chapter", T_STR, numbering.chapter),
    F("operative.authority-line", T_BOOL, authority_line),
    F("operative.authority-style", T_STYLE, authority_style),
    F("operative.style", T_STYLE, action_style),
    F("operative.space-before", T_PT, action_before),
    F("operative.format", T_STR, action_format),
    F("bases.style", T_STYLE, bases_style),
    F("bases.dash", T_STR, bases_dash),
    F("bases.separator", T_STR, bases_sep),
    F("bases.last", T_STR, bases_last),
    F("articles.label", T_STYLE, article_style),
    F("articles.clause-title", T_STYLE, clause_title_style),
    F("articles.chapter", T_STYLE, chapter_style),
    F("articles.chapter-space-before", T_PT, chapter_before),
    F("references.article", T_STR, ref_article),
    F("references.clause", T_STR, ref_clause),
    F("references.point", T_STR, ref_point),
    F("annexes.label", T_STR, annex_label),
    F("annexes.number", T_STR, annex_number),
    F("annexes.label-style", T_STYLE, annex_label_style),
    F("annexes.title-style", T_STYLE, annex_title_style),
    F("annexes.line-style", T_STYLE, annex_line_style),
    F("annexes.attached-to", T_STR, annex_attached_to),
    F("annexes.issued-with", T_STR, annex_issued_with),
    F("annexes.date", T_STR, annex_date),
    F("annexes.restart-numbers", T_BOOL, annex_restart),
    F("annexes.end-mark", T_STR, annex_end_mark),
    F("task-annex.title", T_STR, task_title),
    F("task-annex.columns", T_STRLIST, task_columns),
    {"task-annex.widths", T_INTLIST, offsetof(struct family, task_widths), offsetof(struct family, ntask_widths)},
    F("task-workbook.columns", T_STRLIST, book_columns),
    F("task-workbook.width-max", T_INT, book_width_max),
    F("task-workbook.width-margin", T_INT, book_width_margin),
    F("task-workbook.line-height", T_INT, book_line_height),
    F("task-workbook.date-format", T_STR, book_date_format),
    F("fields.time", T_STR, time_format),
    F("fields.time-plain", T_STR, time_plain),
    F("fields.time-range", T_STR, time_range),
    F("fields.weekdays", T_STRLIST, weekdays),
    F("fields.date", T_STR, field_date),
    F("tables.style", T_STYLE, table_style),
    F("tables.leading", T_PT, table_leading),
    F("tables.padding-x", T_MM, table_pad_x),
    F("tables.padding-y", T_PT, table_pad_y),
    F("tables.rule", T_PT, table_rule),
    F("tables.title", T_STYLE, table_title),
    F("tables.unit", T_STYLE, table_unit),
    F("tables.gap", T_PT, table_gap),
    F("body.heading1", T_STYLE, heading1),
    F("body.heading2", T_STYLE, heading2),
    F("body.run-in", T_STYLE, runin),
    F("body.finding-label", T_STYLE, finding_label),
    F("body.finding", T_STYLE, finding),
    F("body.remedy-label", T_STYLE, remedy_label),
    F("body.assignment", T_STYLE, assignment),
    F("body.item-dash", T_STR, item_dash),
    F("body.subitem-dash", T_STR, subitem_dash),
    F("body.quote-open", T_STR, quote_open),
    F("body.quote-close", T_STR, quote_close),
    F("closing.space-before", T_PT, closing_before),
    F("closing.left-share", T_NUM, closing_left),
    F("closing.recipients.label", T_STR, recipients_label),
    F("closing.recipients.label-style", T_STYLE, recipients_label_style),
    F("closing.recipients.label-underline", T_BOOL, recipients_label_underline),
    F("closing.recipients.style", T_STYLE, recipient),
    F("closing.recipients.leading", T_PT, recipient_leading),
    F("closing.recipients.dash", T_STR, recipient_dash),
    F("closing.recipients.separator", T_STR, recipient_sep),
    F("closing.recipients.last", T_STR, recipient_last),
    F("closing.recipients.archive", T_STR, archive_format),
    F("closing.recipients.archive-empty", T_STR, archive_empty),
    F("closing.recipients.archive-fixed", T_STRLIST, archive_fixed),
    F("closing.recipients.note", T_STR, note_format),
    F("closing.signature.style", T_STYLE, signature),
    F("closing.signature.room", T_MM, signature_room),
    F("closing.signature.prefixes", T_STRLIST, signature_prefixes),
    F("closing.recipients.as-above", T_STR, as_above),
    F("header.number.symbol-no-kind", T_STR, symbol_no_kind),
    F("header.number.symbol-shape", T_STR, symbol_shape),
    F("header.number.symbol-year", T_BOOL, symbol_year),
    F("header.subject.style", T_STYLE, header_subject),
    F("header.subject.prefix", T_STR, header_subject_prefix),
    F("header.marks.style", T_STYLE, marks_style),
    F("header.marks.box", T_BOOL, marks_box),
    F("header.marks.circulation", T_STYLE, circulation_style),
    F("header.draft", T_STYLE, draft_style),
    F("addressees.label", T_STR, addressee_label),
    F("addressees.label-style", T_STYLE, addressee_label_style),
    F("addressees.style", T_STYLE, addressee_style),
    F("addressees.separator", T_STR, addressee_sep),
    F("addressees.last", T_STR, addressee_last),
    F("assignment.with-partners", T_STR, assign.with_partners),
    F("assignment.alone", T_STR, assign.alone),
    F("assignment.join", T_STR, assign.join),
    F("assignment.join-last", T_STR, assign.join_last),
    F("assignment.due-date", T_STR, assign.due_date),
    F("assignment.due-always", T_STR, assign.due_always),
    F("assignment.due-yearly", T_STR, assign.due_yearly),
    F("copy.rule", T_PT, copy_rule),
    F("copy.space-before", T_PT, copy_before),
    F("copy.form-style", T_STYLE, copy_form_style),
    F("copy.sao-y.word", T_STR, copy_word[0]),
    F("copy.sao-y.code", T_STR, copy_code[0]),
    F("copy.sao-luc.word", T_STR, copy_word[1]),
    F("copy.sao-luc.code", T_STR, copy_code[1]),
    F("copy.trich-sao.word", T_STR, copy_word[2]),
    F("copy.trich-sao.code", T_STR, copy_code[2]),
    F("footnotes.style", T_STYLE, footnote),
    F("footnotes.leading", T_PT, footnote_leading),
    F("footnotes.mark-size", T_PT, footnote_mark_size),
    F("footnotes.mark-rise", T_PT, footnote_mark_rise),
    F("footnotes.rule", T_NUM, footnote_rule),
    F("footnotes.gap", T_PT, footnote_gap),
    F("signing.image-margin", T_MM, sign_image_margin),
    F("signing.seal", T_MM, sign_seal),
    F("signing.line.style", T_STYLE, sign_line_style),
    F("signing.line.baseline", T_MM, sign_line_baseline),
    F("signing.line.number", T_STR, sign_line_number),
    F("signing.line.copy", T_STR, sign_line_copy),
    F("signing.line.copy-forms", T_STRLIST, sign_copy_forms),
};
#undef F

#define K(p, t, m) {p, t, offsetof(struct kind, m), 0, 0}
#define KO(p, t, m) {p, t, offsetof(struct kind, m), 0, 1}
static const struct field kind_fields[] = {
    K("name", T_STR, name),
    K("code", T_STR, code),
    KO("state-code", T_STR, state_code),
    KO("subject-in-header", T_BOOL, subject_in_header),
    KO("assignment.with-partners", T_STR, assign.with_partners),
    KO("assignment.alone", T_STR, assign.alone),
    KO("assignment.join", T_STR, assign.join),
    KO("assignment.join-last", T_STR, assign.join_last),
    KO("assignment.due-date", T_STR, assign.due_date),
    KO("assignment.due-always", T_STR, assign.due_always),
    KO("assignment.due-yearly", T_STR, assign.due_yearly),
    KO("numbering.top", T_STR, numbering.top),
    KO("numbering.path", T_STR, numbering.path),
    KO("numbering.article", T_STR, numbering.article),
    KO("numbering.clause", T_STR, numbering.clause),
    KO("numbering.point", T_STR, numbering.point),
    KO("numbering.chapter", T_STR, numbering.chapter),
    KO("blocks", T_BLOCKS, admits),
    KO("action", T_STR, action),
    KO("end-mark", T_FAMSTR, end_mark),
    KO("text-name", T_STR, text_name),
    KO("fields", T_FIELDS, fields),
    KO("date-line", T_NOT_BOOL, no_date_line),
    KO("subject-line", T_NOT_BOOL, no_subject),
    KO("telegram.line", T_STR, telegram_line),
    KO("telegram.indent", T_MM, telegram_indent),
    KO("labels.finding", T_STR, finding_label),
    KO("labels.remedy", T_STR, remedy_label),
    KO("families", T_STRLIST, families),
};
#undef K
#undef KO

static const char *const face_keys[FACE_COUNT] = {"regular", "bold", "italic", "bold-italic"};

static int
face_of(const char *s)
{
	for (int f = 0; f < FACE_COUNT; f++)
		if (strcmp(s, face_keys[f]) == 0)
			return f;
	return -1;
}

static int
read_num(const struct node *n, double *out)
{
	if (n->type != NODE_SCALAR || n->len == 0)
		return -1;
	char *end;
	double v = strtod(n->s, &end);
	if (*end != '\0' || v < 0 || v > 10000)
		return -1;
	*out = v;
	return 0;
}

static char **
read_strlist(const struct node *n)
{
	if (n->type != NODE_SEQ)
		return NULL;
	char **v = xcalloc(n->n + 1, sizeof *v);
	for (size_t i = 0; i < n->n; i++) {
		if (n->kids[i]->type != NODE_SCALAR) {
			for (size_t j = 0; j < i; j++)
				free(v[j]);
			free(v);
			return NULL;
		}
		v[i] = xstrdup(n->kids[i]->s);
	}
	return v;
}

/* Stores node n into the field; returns -1 with a description of the type
 * wanted when n does not fit. */
static int
store(void *obj, const struct field *f, const struct node *n, const char **want)
{
	char *base = obj;
	double v;
	switch (f->type) {
	case T_MM:
	case T_PT:
	case T_NUM:
		*want = N_("a number");
		if (read_num(n, &v) < 0)
			return -1;
		*(double *)(base + f->off) = f->type == T_MM ? v * MM : v;
		return 0;
	case T_INT:
		*want = N_("a whole number");
		if (read_num(n, &v) < 0 || v != (int)v)
			return -1;
		*(int *)(base + f->off) = (int)v;
		return 0;
	case T_BOOL:
	case T_NOT_BOOL:
		*want = N_("true or false");
		if (n->type != NODE_SCALAR || (strcmp(n->s, "true") && strcmp(n->s, "false")))
			return -1;
		*(int *)(base + f->off) = (strcmp(n->s, "true") == 0) == (f->type == T_BOOL);
		return 0;
	case T_STR:
		*want = N_("a single value");
		if (n->type != NODE_SCALAR)
			return -1;
		*(char **)(base + f->off) = xstrdup(n->s);
		return 0;
	case T_STRLIST: {
		*want = N_("a list of values");
		char **l = read_strlist(n);
		if (l == NULL)
			return -1;
		*(char ***)(base + f->off) = l;
		return 0;
	}
	case T_INTLIST: {
		*want = N_("a list of whole numbers");
		if (n->type != NODE_SEQ)
			return -1;
		int *l = xcalloc(n->n + 1, sizeof *l);
		for (size_t i = 0; i < n->n; i++) {
			if (read_num(n->kids[i], &v) < 0 || v != (int)v) {
				free(l);
				return -1;
			}
			l[i] = (int)v;
		}
		*(int **)(base + f->off) = l;
		*(size_t *)(base + f->count_off) = n->n;
		return 0;
	}
	case T_STYLE: {
		*want = N_("a mapping {size: N, face: regular|bold|italic|bold-italic}");
		const struct node *sz = node_get(n, "size"), *fc = node_get(n, "face");
		if (n->type != NODE_MAP || n->n != 4 || sz == NULL || fc == NULL || read_num(sz, &v) < 0 ||
		    v <= 0 || fc->type != NODE_SCALAR || face_of(fc->s) < 0)
			return -1;
		struct style *st = (struct style *)(base + f->off);
		st->size = v;
		st->face = (enum face)face_of(fc->s);
		return 0;
	}
	case T_FAMSTR: {
		*want = N_("a single value, or a mapping {party: ..., state: ...}");
		char **v2 = (char **)(base + f->off);
		if (n->type == NODE_SCALAR) {
			v2[0] = xstrdup(n->s);
			v2[1] = xstrdup(n->s);
			return 0;
		}
		if (n->type != NODE_MAP)
			return -1;
		for (size_t i = 0; i + 1 < n->n; i += 2) {
			const struct node *k = n->kids[i], *x = n->kids[i + 1];
			int which = strcmp(k->s, "party") == 0 ? 0 : strcmp(k->s, "state") == 0 ? 1 : -1;
			if (which < 0 || x->type != NODE_SCALAR || v2[which])
				return -1;
			v2[which] = xstrdup(x->s);
		}
		return 0;
	}
	case T_BLOCKS: {
		*want = N_("a list of block names (text, items, numbered, section, shortcoming, table, assignment, bases, article, chapter, field)");
		if (n->type != NODE_SEQ)
			return -1;
		unsigned mask = 0;
		for (size_t i = 0; i < n->n; i++) {
			int t;
			if (n->kids[i]->type != NODE_SCALAR)
				return -1;
			for (t = 0; t < BLK__COUNT; t++)
				if (strcmp(block_name((enum block_type)t), n->kids[i]->s) == 0)
					break;
			if (t == BLK__COUNT)
				return -1;
			mask |= 1u << t;
		}
		*(unsigned *)(base + f->off) = mask;
		return 0;
	}
	case T_FIELDS: {
		*want = N_("a list of {key, type (text, list, date, time, time-plain), line, required, at: end, align: center}");
		static const char *const types[] = {"text", "list", "date", "time", "time-plain"};
		if (n->type != NODE_SEQ)
			return -1;
		struct kind *k = obj;
		k->fields = xcalloc(n->n + 1, sizeof *k->fields);
		for (size_t i = 0; i < n->n; i++) {
			const struct node *m = n->kids[i];
			struct field_spec *fs = &k->fields[k->nfields++];
			fs->type = FT_NONE;
			if (m->type != NODE_MAP)
				return -1;
			for (size_t j = 0; j + 1 < m->n; j += 2) {
				const char *key = m->kids[j]->s;
				const struct node *x = m->kids[j + 1];
				if (x->type != NODE_SCALAR)
					return -1;
				if (strcmp(key, "key") == 0)
					fs->key = xstrdup(x->s);
				else if (strcmp(key, "line") == 0)
					fs->line = xstrdup(x->s);
				else if (strcmp(key, "required") == 0)
					fs->required = strcmp(x->s, "true") == 0;
				else if (strcmp(key, "at") == 0 && strcmp(x->s, "end") == 0)
					fs->at_end = 1;
				else if (strcmp(key, "align") == 0 && strcmp(x->s, "center") == 0)
					fs->centered = 1;
				else if (strcmp(key, "type") == 0) {
					size_t t;
					for (t = 0; t < 5 && strcmp(x->s, types[t]); t++)
						;
					if (t == 5)
						return -1;
					fs->type = (enum field_type)t;
				} else
					return -1;
			}
			if (fs->line == NULL || (fs->key && fs->type == FT_NONE))
				return -1; /* a field has a line, and a keyed one a type */
		}
		return 0;
	}
	case T_FACE_NAMES: {
		*want = N_("a mapping of regular, bold, italic, bold-italic to lists of file names");
		if (n->type != NODE_MAP || n->n != 2 * FACE_COUNT)
			return -1;
		char ***names = (char ***)(base + f->off);
		for (int k = 0; k < FACE_COUNT; k++) {
			const struct node *l = node_get(n, face_keys[k]);
			if (l == NULL || (names[k] = read_strlist(l)) == NULL)
				return -1;
		}
		return 0;
	}
	}
	return -1;
}

/* The fields of a table in the order of their paths, for find_field. */
struct field_index {
	const struct field *fields;
	const struct field **by_path;
	size_t n;
};

static int
cmp_field_paths(const void *a, const void *b)
{
	return strcmp((*(const struct field *const *)a)->path, (*(const struct field *const *)b)->path);
}

static void
field_index_make(struct field_index *x, const struct field *fields, size_t nf)
{
	x->fields = fields;
	x->n = nf;
	x->by_path = xcalloc(nf + 1, sizeof *x->by_path);
	for (size_t j = 0; j < nf; j++)
		x->by_path[j] = &fields[j];
	qsort(x->by_path, nf, sizeof *x->by_path, cmp_field_paths);
}

/* The position in x->by_path of the first path not below key. */
static size_t
lower_bound(const struct field_index *x, const char *key)
{
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(x->by_path[mid]->path, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* "prefix.key", or key at the top: a path of the field table ("path." for
 * an empty key). Made for every key of a template, so without printf. */
static char *
key_path(const char *prefix, const char *key)
{
	size_t p = strlen(prefix), k = strlen(key);
	char *s = xmalloc(p + 1 + k + 1), *e = s;
	if (p > 0) {
		memcpy(e, prefix, p);
		e += p;
		*e++ = '.';
	}
	memcpy(e, key, k + 1);
	return s;
}

/* The field whose path is path (returns its index), or, with *parent set,
 * whether some field lies below it (path.*); -1 when neither. A template
 * has some 170 fields: a binary search, not a walk over them for each key,
 * which took a third of the time of reading the family template. */
static long
find_field(const struct field_index *x, const char *path, int *parent)
{
	*parent = 0;
	size_t k = lower_bound(x, path);
	if (k < x->n && strcmp(x->by_path[k]->path, path) == 0)
		return x->by_path[k] - x->fields;
	char *below = key_path(path, "");
	k = lower_bound(x, below);
	*parent = k < x->n && strncmp(x->by_path[k]->path, below, strlen(below)) == 0;
	free(below);
	return -1;
}

/* Walks map m at path prefix, storing known fields and reporting unknown
 * keys. seen[i] marks the fields found. */
static void
walk(void *obj, const struct field_index *x, int *seen, const struct node *m, const char *prefix,
    struct diag *d, const char *what)
{
	const struct field *fields = x->fields;
	size_t nf = x->n;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct node *k = m->kids[i], *v = m->kids[i + 1];
		char *path = key_path(prefix, k->s);
		int parent;
		long at = find_field(x, path, &parent);
		if (at >= 0) {
			const char *want = ""; /* store says what it wants */
			if (store(obj, &fields[at], v, &want) < 0)
				diag(d, D_WRONG_TYPE, v->pos, path, *want ? _(want) : want, node_kind_name(v));
			seen[at] = 1;
		} else if (parent) {
			if (v->type == NODE_MAP)
				walk(obj, x, seen, v, path, d, what);
			else
				diag(d, D_WRONG_TYPE, v->pos, path, _("a mapping"), node_kind_name(v));
		} else {
			const char **c = xcalloc(nf, sizeof *c);
			size_t nc = 0;
			for (size_t j = 0; j < nf; j++)
				if (strncmp(fields[j].path, prefix, strlen(prefix)) == 0) {
					const char *tail = fields[j].path + strlen(prefix) + (*prefix ? 1 : 0);
					c[nc++] = tail;
				}
			const char *s = diag_suggest(k->s, c, nc);
			char *hint = s ? xasprintf(_(", did you mean '%.*s'?"), (int)strcspn(s, "."), s) : xstrdup("");
			diag(d, D_UNKNOWN_KEY, k->pos, k->s, what, hint);
			free(hint);
			free(c);
		}
		free(path);
	}
}

static int
read_template(const char *path, void *obj, const struct field *fields, size_t nf, int *missing, struct diag *d,
    const char *what)
{
	size_t before = diag_errors(d);
	struct source *src = load_file_if(path, missing, d);
	if (src == NULL)
		return -1;
	if (src->root == NULL) {
		load_free(src);
		return -1;
	}
	if (src->root->type != NODE_MAP) {
		diag(d, D_WRONG_TYPE, src->root->pos, what, _("a mapping"), node_kind_name(src->root));
	} else {
		int *seen = xcalloc(nf, sizeof *seen);
		struct field_index x;
		field_index_make(&x, fields, nf);
		walk(obj, &x, seen, src->root, "", d, what);
		free(x.by_path);
		for (size_t j = 0; j < nf; j++)
			if (!seen[j] && !fields[j].optional)
				diag(d, D_MISSING_KEY, src->root->pos, what, fields[j].path);
		free(seen);
	}
	load_free(src);
	return diag_errors(d) > before ? -1 : 0;
}

struct family *
tmpl_family(const char *dir, const char *name, struct diag *d)
{
	char *path = xasprintf("%s/%s.yaml", dir, name);
	struct family *f = xcalloc(1, sizeof *f);
	int r = read_template(path, f, family_fields, sizeof family_fields / sizeof *family_fields, NULL, d,
	    _("the family template"));
	free(path);
	if (r < 0) {
		tmpl_family_free(f);
		return NULL;
	}
	return f;
}

static void
free_fields(void *obj, const struct field *fields, size_t nf)
{
	char *base = obj;
	for (size_t j = 0; j < nf; j++) {
		void *p = base + fields[j].off;
		switch (fields[j].type) {
		case T_STR:
		case T_INTLIST:
			free(*(void **)p);
			break;
		case T_FAMSTR:
			free(((char **)p)[0]);
			free(((char **)p)[1]);
			break;
		case T_FIELDS: {
			struct kind *k = obj;
			for (size_t i = 0; i < k->nfields; i++) {
				free(k->fields[i].key);
				free(k->fields[i].line);
			}
			free(k->fields);
			break;
		}
		case T_STRLIST: {
			char **l = *(char ***)p;
			for (size_t i = 0; l && l[i]; i++)
				free(l[i]);
			free(l);
			break;
		}
		case T_FACE_NAMES:
			for (int k = 0; k < FACE_COUNT; k++) {
				char **l = ((char ***)p)[k];
				for (size_t i = 0; l && l[i]; i++)
					free(l[i]);
				free(l);
			}
			break;
		default:
			break;
		}
	}
}

void
tmpl_family_free(struct family *f)
{
	if (f == NULL)
		return;
	free_fields(f, family_fields, sizeof family_fields / sizeof *family_fields);
	free(f);
}

struct kind *
tmpl_kind(const char *dir, const char *id, int *missing, struct diag *d)
{
	char *path = xasprintf("%s/kinds/%s.yaml", dir, id);
	*missing = 0;
	struct kind *k = xcalloc(1, sizeof *k);
	int r = read_template(path, k, kind_fields, sizeof kind_fields / sizeof *kind_fields, missing, d,
	    _("the kind template"));
	free(path);
	if (r < 0) {
		tmpl_kind_free(k);
		return NULL;
	}
	k->id = xstrdup(id);
	if (k->admits == 0)
		k->admits = KIND_ADMITS_DEFAULT;
	for (size_t i = 0; k->families && k->families[i]; i++)
		if (strcmp(k->families[i], "party") != 0 && strcmp(k->families[i], "state") != 0) {
			char *p2 = xasprintf("%s/kinds/%s.yaml", dir, id);
			diag(d, D_BAD_ENUM, (struct pos){p2, 1, 1}, "families", "'party' or 'state'", k->families[i]);
			free(p2);
			tmpl_kind_free(k);
			return NULL;
		}
	if ((k->admits & (1u << BLK_SHORTCOMING)) && (!k->finding_label || !k->remedy_label)) {
		char *p2 = xasprintf("%s/kinds/%s.yaml", dir, id);
		diag(d, D_MISSING_KEY, (struct pos){p2, 1, 1}, _("a kind that admits shortcomings"), "labels");
		free(p2);
		tmpl_kind_free(k);
		return NULL;
	}
	return k;
}

void
tmpl_kind_free(struct kind *k)
{
	if (k == NULL)
		return;
	free_fields(k, kind_fields, sizeof kind_fields / sizeof *kind_fields);
	free(k->id);
	free(k);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
tmpl_kind_list(const char *dir)
{
	char *path = xasprintf("%s/kinds", dir);
	DIR *dp = opendir(path);
	free(path);
	char **v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0) {
			GROW(v, cap, n + 1);
			v[n++] = xstrndup(e->d_name, l - 5);
		}
	}
	if (dp)
		closedir(dp);
	if (n > 1) /* qsort wants an array, even of nothing */
		qsort(v, n, sizeof *v, cmp_str);
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "%s%s", i ? ", " : "", v[i]);
		free(v[i]);
	}
	free(v);
	return buf_take(&b);
}

struct kind **
tmpl_kinds_all(const char *dir, size_t *n, int *bad)
{
	char *known = tmpl_kind_list(dir);
	struct kind **kinds = NULL;
	size_t cap = 0;
	*n = 0;
	*bad = 0;
	char *save = NULL;
	for (char *id = strtok_r(known, ", ", &save); id; id = strtok_r(NULL, ", ", &save)) {
		struct diag *d = diag_new();
		int missing;
		struct kind *k = tmpl_kind(dir, id, &missing, d);
		diag_flush(d);
		diag_free(d);
		if (k == NULL) {
			*bad = 1;
			continue;
		}
		GROW(kinds, cap, *n + 1);
		kinds[(*n)++] = k;
	}
	free(known);
	return kinds;
}

void
tmpl_kinds_free(struct kind **kinds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tmpl_kind_free(kinds[i]);
	free(kinds);
}
