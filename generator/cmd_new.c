/* cmd_new.c: vanban new, a skeleton of a document of one kind: every key
 * the kind needs, each with a placeholder «...» to fill (the validator
 * reports each one left, so a skeleton is never printed by mistake), the
 * optional keys commented out, an example of each block the kind's body
 * admits, and the words of keys.c above each key. Its first line names the
 * JSON Schema (vanban schema) for the editor's YAML language server. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "cmd.h"
#include "doc.h"
#include "keys.h"
#include "out_tasks.h"
#include "tmpl.h"

/* The schema, relative to the directory above templates/ (the source tree,
 * or PREFIX/share/vanban once installed). */
#define SCHEMA_REL "schema/vanban.schema.json"
/* Comments are wrapped to this many characters. */
#define WRAP 79

/* What the skeleton is being written into: lines at base, commented out
 * or not. */
struct out {
	struct buf b;
	int base;
	int commented;
	int cbase; /* the column of the "# " of a commented block: its first line's */
};

/* What follows is commented out (on) or not: a block commented out has its
 * "# " at the column of its first line, so that taking those two
 * characters off every line gives the block back. */
static void
commenting(struct out *o, int on)
{
	o->commented = on;
	o->cbase = -1;
}

static void
indent(struct buf *b, int n)
{
	for (int i = 0; i < n; i++)
		buf_putc(b, ' ');
}

/* A line of YAML rel columns further in than o's base. */
static void __attribute__((format(printf, 3, 4)))
L(struct out *o, int rel, const char *fmt, ...)
{
	if (o->commented) {
		if (o->cbase < 0)
			o->cbase = o->base + rel;
		indent(&o->b, o->cbase);
		buf_puts(&o->b, "# ");
		indent(&o->b, o->base + rel - o->cbase);
	} else {
		indent(&o->b, o->base + rel);
	}
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	buf_puts(&o->b, line);
	buf_putc(&o->b, '\n');
}

/* The characters of s (not bytes). */
static size_t
chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* A comment of words at column col, wrapped. */
static void
comment(struct out *o, int rel, const char *words)
{
	int col = o->base + rel;
	const char *p = words;
	while (*p) {
		/* within a block commented out: "# " at its column, then the
		 * comment as it will stand once the block is taken back */
		if (o->commented && o->cbase >= 0 && col >= o->cbase) {
			indent(&o->b, o->cbase);
			buf_puts(&o->b, "# ");
			indent(&o->b, col - o->cbase);
			col += 2;
		} else {
			indent(&o->b, col);
		}
		buf_puts(&o->b, "# ");
		size_t room = WRAP > col + 2 ? (size_t)(WRAP - col - 2) : 20, used = 0;
		const char *line = p;
		size_t take = 0;
		for (;;) {
			const char *sp = strchr(p + take, ' ');
			size_t w = sp ? (size_t)(sp - (p + take)) : strlen(p + take);
			size_t wc = chars(p + take, w);
			if (take > 0 && used + 1 + wc > room)
				break;
			used += (take > 0) + wc;
			take += w;
			if (sp == NULL || p[take] == '\0')
				break;
			take++; /* the space */
		}
		while (take > 0 && line[take - 1] == ' ')
			take--;
		buf_add(&o->b, line, take);
		buf_putc(&o->b, '\n');
		p += take;
		while (*p == ' ')
			p++;
	}
}

/* The words of a placeholder for a key: what it is, from the first words
 * of its description (up to a colon, a comma, a parenthesis). */
static char *
words_of(const struct key *k)
{
	size_t n = strcspn(k->about, ":,(;");
	while (n > 0 && k->about[n - 1] == ' ')
		n--;
	return xstrndup(k->about, n);
}

/* The placeholder of key name in set ks, by the type of its value: a date
 * shows the form it takes, a text the words of what it is. */
static char *
ph(const struct keyset *ks, const char *name)
{
	const struct key *k = keys_find(ks, name);
	if (k == NULL)
		abort(); /* a key of the skeleton is missing from keys.c */
	switch (k->type) {
	case VT_DATE:
	case VT_DATE_OR_YEAR:
	case VT_DUE:
		return xstrdup("«năm-tháng-ngày»");
	case VT_TIME:
		return xstrdup("«năm-tháng-ngày giờ:phút»");
	case VT_NUMBER:
		return xstrdup("«số»");
	default: {
		char *w = words_of(k), *s = xasprintf("«%s»", w);
		free(w);
		return s;
	}
	}
}

/* "key: «placeholder»", its description above it. */
static void
scalar(struct out *o, int rel, const struct keyset *ks, const char *name, int describe)
{
	if (describe)
		comment(o, rel, keys_find(ks, name)->about);
	char *p = ph(ks, name);
	L(o, rel, "%s: %s", name, p);
	free(p);
}

static void
describe(struct out *o, int rel, const struct keyset *ks, const char *name)
{
	const struct key *k = keys_find(ks, name);
	if (k == NULL)
		abort();
	comment(o, rel, k->about);
}

/* ---- the examples of the parts ---- */

static void
ex_task(struct out *o, int rel)
{
	char *lead = ph(&keys_task, "lead"), *partner = ph(&keys_task, "partners"), *due = ph(&keys_task, "due");
	L(o, rel, "lead: %s", lead);
	L(o, rel, "partners:");
	L(o, rel + 2, "- %s", partner);
	L(o, rel, "due: %s", due);
	free(lead);
	free(partner);
	free(due);
}

static void
ex_items(struct out *o, int rel)
{
	char *t = ph(&keys_item, "text"), *s = ph(&keys_subitem, "text");
	L(o, rel, "- %s", t);
	L(o, rel, "- text: %s", t);
	L(o, rel, "  items:");
	L(o, rel + 4, "- %s", s);
	free(t);
	free(s);
}

static void
ex_table(struct out *o, int rel)
{
	char *title = ph(&keys_table, "title"), *col = ph(&keys_column, "title");
	L(o, rel, "title: %s", title);
	L(o, rel, "columns:");
	L(o, rel + 2, "- %s", col);
	L(o, rel + 2, "- title: %s", col);
	L(o, rel + 2, "  width: 2");
	L(o, rel, "rows:");
	L(o, rel + 2, "- [«Ô», «Ô»]");
	free(title);
	free(col);
}

/* The blocks of a body list that kind k admits, one of each. */
static void
ex_blocks(struct out *o, int rel, const struct kind *k)
{
	for (size_t i = 0; i < keys_block.n; i++) {
		const char *name = keys_block.keys[i].name;
		enum block_type t = strcmp(name, "text") == 0       ? BLK_TEXT
		                    : strcmp(name, "items") == 0    ? BLK_ITEMS
		                    : strcmp(name, "numbered") == 0 ? BLK_NUMBERED
		                    : strcmp(name, "section") == 0  ? BLK_SECTION
		                    : strcmp(name, "shortcoming") == 0 ? BLK_SHORTCOMING
		                    : strcmp(name, "table") == 0    ? BLK_TABLE
		                                                    : BLK_ASSIGNMENT;
		if (!((k->admits >> t) & 1u))
			continue;
		describe(o, rel, &keys_block, name);
		char *p;
		switch (t) {
		case BLK_TEXT:
			p = ph(&keys_block, "text");
			L(o, rel, "- text: %s", p);
			free(p);
			break;
		case BLK_ITEMS:
			L(o, rel, "- items:");
			ex_items(o, rel + 4);
			break;
		case BLK_NUMBERED:
			p = ph(&keys_numbered, "text");
			L(o, rel, "- numbered:");
			L(o, rel + 4, "- %s", p);
			L(o, rel + 4, "- %s", p);
			free(p);
			break;
		case BLK_SECTION: {
			char *title = ph(&keys_section, "title"), *text = ph(&keys_section, "text");
			L(o, rel, "- section:");
			L(o, rel + 4, "title: %s", title);
			L(o, rel + 4, "text: %s", text);
			free(title);
			free(text);
			break;
		}
		case BLK_SHORTCOMING: {
			char *f = ph(&keys_shortcoming, "finding"), *r = ph(&keys_shortcoming, "remedy");
			L(o, rel, "- shortcoming:");
			L(o, rel + 4, "finding: %s", f);
			L(o, rel + 4, "remedies:");
			L(o, rel + 6, "- %s", r);
			L(o, rel + 4, "assignment:");
			ex_task(o, rel + 6);
			free(f);
			free(r);
			break;
		}
		case BLK_TABLE:
			L(o, rel, "- table:");
			ex_table(o, rel + 4);
			break;
		default:
			L(o, rel, "- assignment:");
			ex_task(o, rel + 4);
			break;
		}
	}
}

/* Articles: one with a title and its text, one of clauses and points (and
 * the items and the table an article may hold, when the kind admits them). */
static void
ex_articles(struct out *o, int rel, const struct kind *k)
{
	char *title = ph(&keys_article, "title"), *text = ph(&keys_article, "text"),
	     *clause = ph(&keys_clause, "text"), *point = ph(&keys_point, "text");
	L(o, rel, "- title: %s", title);
	L(o, rel, "  text: %s", text);
	L(o, rel, "- title: %s", title);
	L(o, rel, "  clauses:");
	L(o, rel + 4, "- %s", clause);
	L(o, rel + 4, "- text: %s", clause);
	L(o, rel + 4, "  points:");
	L(o, rel + 8, "- %s", point);
	L(o, rel + 8, "- %s", point);
	if ((k->admits >> BLK_ITEMS) & 1u) {
		L(o, rel, "- title: %s", title);
		L(o, rel, "  items:");
		ex_items(o, rel + 4);
	}
	if ((k->admits >> BLK_TABLE) & 1u) {
		L(o, rel, "- title: %s", title);
		L(o, rel, "  table:");
		ex_table(o, rel + 4);
	}
	free(title);
	free(text);
	free(clause);
	free(point);
}

/* A field of the kind's template: its value's placeholder by its type. */
static void
ex_field(struct out *o, const struct field_spec *fs)
{
	/* what the line prints, the value shown as … */
	const char *at = strstr(fs->line, "{value}");
	char *shown = at ? xasprintf("In ra: “%.*s…%s”", (int)(at - fs->line), fs->line, at + 7)
	                 : xasprintf("In ra: “%s”", fs->line);
	comment(o, 2, shown);
	free(shown);
	char *label = NULL;
	if (at) {
		/* the words before the value, without the colon: "Thời gian" */
		size_t n = (size_t)(at - fs->line);
		while (n > 0 && (fs->line[n - 1] == ' ' || fs->line[n - 1] == ':'))
			n--;
		const char *w = fs->line;
		if (strncmp(w, "{issuer} ", 9) == 0)
			w += 9, n -= 9;
		label = n > 0 ? xstrndup(w, n) : xstrdup(fs->key);
	} else {
		label = xstrdup(fs->key);
	}
	switch (fs->type) {
	case FT_DATE:
		L(o, 2, "%s: «năm-tháng-ngày»", fs->key);
		break;
	case FT_TIME:
	case FT_TIME_PLAIN:
		L(o, 2, "%s: «năm-tháng-ngày giờ:phút»", fs->key);
		break;
	case FT_LIST:
		L(o, 2, "%s:", fs->key);
		L(o, 4, "- «%s»", label);
		break;
	default:
		L(o, 2, "%s: «%s»", fs->key, label);
		break;
	}
	free(label);
}

static int
uses_issuer_text(const struct kind *k)
{
	for (size_t i = 0; i < k->nfields; i++)
		if (strstr(k->fields[i].line, "{issuer}"))
			return 1;
	return 0;
}

/* Lines written commented out: an optional key's example under "# ". */
#define COMMENTED(o, ...)           \
	do {                        \
		commenting((o), 1); \
		__VA_ARGS__;        \
		commenting((o), 0); \
	} while (0)

char *
skeleton(const char *tdir, const char *id, int fam, const char *schema_ref)
{
	struct diag *d = diag_new();
	int missing = 0;
	struct kind *k = tmpl_kind(tdir, id, &missing, d);
	diag_flush(d);
	diag_free(d);
	if (k == NULL)
		return NULL;
	static const char *const fams[] = {"party", "state"};
	struct out o = {{0}, 0, 0, -1};
	char *vi = k->text_name ? xstrdup(k->text_name) : tasks_sentence_case(k->name);
	L(&o, 0, "# yaml-language-server: $schema=%s", schema_ref);
	char *head = xasprintf("%s (%s): bản khung do “vanban new %s” viết. Điền vào mọi chỗ «…»: vanban báo "
	                       "“chỗ cần điền” cho từng chỗ còn để trống và không in văn bản. Các dòng “# khóa: …” là "
	                       "khóa không bắt buộc: bỏ dấu # để dùng.",
	    vi, choice_family.shown[fam], id);
	comment(&o, 0, head);
	free(head);
	free(vi);
	buf_putc(&o.b, '\n');

	/* the header */
	describe(&o, 0, &keys_document, "kind");
	L(&o, 0, "kind: %s", id);
	describe(&o, 0, &keys_document, "family");
	L(&o, 0, "family: %s", fams[fam]);
	describe(&o, 0, &keys_document, "issuer");
	L(&o, 0, "issuer:");
	COMMENTED(&o, scalar(&o, 2, &keys_issuer, "superior", 1));
	scalar(&o, 2, &keys_issuer, "name", 1);
	scalar(&o, 2, &keys_issuer, "code", 1);
	scalar(&o, 2, &keys_issuer, "place", 1);
	if (uses_issuer_text(k))
		scalar(&o, 2, &keys_issuer, "text", 1);
	else
		COMMENTED(&o, scalar(&o, 2, &keys_issuer, "text", 1));
	static const char *const optional_head[] = {"number", "symbol", "date", "place", "issued_by", "type_name"};
	for (size_t i = 0; i < sizeof optional_head / sizeof *optional_head; i++)
		COMMENTED(&o, scalar(&o, 0, &keys_document, optional_head[i], 1));
	if (!k->no_subject) {
		/* a Party subject starts with a lower-case letter (về …): so does
		 * its placeholder, which the linter reads as it reads the words */
		describe(&o, 0, &keys_document, "subject");
		char *w = words_of(keys_find(&keys_document, "subject"));
		char *sw = fam == 0 ? fmt_map_case(w, utf8proc_tolower, NULL) : xstrdup(w);
		L(&o, 0, "subject: «%s»", sw);
		free(sw);
		free(w);
	}
	describe(&o, 0, &keys_document, "draft");
	COMMENTED(&o, L(&o, 0, "draft: true"));
	describe(&o, 0, &keys_document, "urgency");
	COMMENTED(&o, L(&o, 0, "urgency: %s", choice_urgency.vals[0]));
	describe(&o, 0, &keys_document, "secrecy");
	COMMENTED(&o, L(&o, 0, "secrecy: %s", choice_secrecy.vals[0]));
	COMMENTED(&o, scalar(&o, 0, &keys_document, "circulation", 1));
	int addressed = k->telegram_line != NULL || k->subject_in_header;
	describe(&o, 0, &keys_document, "addressees");
	commenting(&o, !addressed);
	L(&o, 0, "addressees:");
	L(&o, 2, "- «Nơi nhận»");
	commenting(&o, 0);
	describe(&o, 0, &keys_document, "directives");
	COMMENTED(&o, {
		char *type = ph(&keys_directive, "type"), *num = ph(&keys_directive, "number"),
		     *date = ph(&keys_directive, "date");
		L(&o, 0, "directives:");
		L(&o, 2, "vb-1:");
		L(&o, 4, "type: %s", type);
		L(&o, 4, "number: %s", num);
		L(&o, 4, "date: %s", date);
		free(type);
		free(num);
		free(date);
	});
	describe(&o, 0, &keys_document, "footnotes");
	COMMENTED(&o, {
		L(&o, 0, "footnotes:");
		L(&o, 2, "ghi-chu-1: «Chú thích»");
	});
	buf_putc(&o.b, '\n');

	/* the body: who decides and on what bases, the fixed lines, the parts */
	COMMENTED(&o, scalar(&o, 0, &keys_document, "authority", 1));
	if (k->action) {
		describe(&o, 0, &keys_document, "action");
		COMMENTED(&o, L(&o, 0, "action: false"));
	}
	if ((k->admits >> BLK_BASES) & 1u) {
		describe(&o, 0, &keys_document, "bases");
		L(&o, 0, "bases:");
		L(&o, 2, "- «Căn cứ …»");
	}
	COMMENTED(&o, scalar(&o, 0, &keys_document, "preamble", 1));
	if (k->nfields > 0) {
		describe(&o, 0, &keys_document, "fields");
		L(&o, 0, "fields:");
		for (size_t i = 0; i < k->nfields; i++) {
			const struct field_spec *fs = &k->fields[i];
			if (fs->key == NULL)
				continue;
			commenting(&o, !fs->required);
			ex_field(&o, fs);
			commenting(&o, 0);
		}
	}
	int in_lists = 0;
	static const enum block_type listed[] = {BLK_TEXT, BLK_ITEMS, BLK_NUMBERED, BLK_SECTION, BLK_SHORTCOMING,
	    BLK_TABLE, BLK_ASSIGNMENT};
	for (size_t i = 0; i < sizeof listed / sizeof *listed; i++)
		in_lists |= (k->admits >> listed[i]) & 1u;
	int articles = (k->admits >> BLK_ARTICLE) & 1u;
	if (articles) {
		describe(&o, 0, &keys_document, "articles");
		L(&o, 0, "articles:");
		ex_articles(&o, 2, k);
	}
	if ((k->admits >> BLK_CHAPTER) & 1u) {
		describe(&o, 0, &keys_document, "chapters");
		comment(&o, 0, "(thay cho articles)");
		COMMENTED(&o, {
			char *t = ph(&keys_chapter, "title"), *a = ph(&keys_article, "text");
			L(&o, 0, "chapters:");
			L(&o, 2, "- title: %s", t);
			L(&o, 2, "  articles:");
			L(&o, 6, "- %s", a);
			free(t);
			free(a);
		});
	}
	if (in_lists) {
		describe(&o, 0, &keys_document, "body");
		if (articles)
			comment(&o, 0, "(thay cho articles)");
		commenting(&o, articles);
		L(&o, 0, "body:");
		ex_blocks(&o, 2, k);
		commenting(&o, 0);
	}
	COMMENTED(&o, scalar(&o, 0, &keys_document, "closing", 1));
	describe(&o, 0, &keys_document, "ends_with");
	COMMENTED(&o, L(&o, 0, "ends_with: false"));
	describe(&o, 0, &keys_document, "annexes");
	COMMENTED(&o, {
		char *t = ph(&keys_annex, "title"), *p = ph(&keys_annex, "preamble");
		L(&o, 0, "annexes:");
		L(&o, 2, "- title: %s", t);
		L(&o, 2, "  id: phu-luc-1");
		L(&o, 2, "  preamble: %s", p);
		free(t);
		free(p);
	});
	if ((k->admits >> BLK_ASSIGNMENT) & 1u) {
		describe(&o, 0, &keys_document, "task_annex");
		COMMENTED(&o, L(&o, 0, "task_annex: true"));
	}
	buf_putc(&o.b, '\n');

	/* the closing block */
	describe(&o, 0, &keys_document, "signature");
	L(&o, 0, "signature:");
	scalar(&o, 2, &keys_signature, "authority", 1);
	scalar(&o, 2, &keys_signature, "title", 1);
	scalar(&o, 2, &keys_signature, "name", 1);
	describe(&o, 0, &keys_document, "signatures");
	COMMENTED(&o, {
		char *t = ph(&keys_signature, "title"), *n = ph(&keys_signature, "name");
		L(&o, 0, "signatures:");
		for (int i = 0; i < 2; i++) {
			L(&o, 2, "- title: %s", t);
			L(&o, 2, "  name: %s", n);
		}
		free(t);
		free(n);
	});
	describe(&o, 0, &keys_document, "recipients");
	L(&o, 0, "recipients:");
	L(&o, 2, "- «Nơi nhận»");
	scalar(&o, 0, &keys_document, "archive", 1);
	describe(&o, 0, &keys_document, "copy");
	COMMENTED(&o, {
		char *name = ph(&keys_issuer, "name"), *code = ph(&keys_issuer, "code"), *place = ph(&keys_issuer, "place"),
		     *title = ph(&keys_signature, "title"), *archive = ph(&keys_copy, "archive");
		L(&o, 0, "copy:");
		L(&o, 2, "form: %s", choice_copy_form.vals[0]);
		L(&o, 2, "issuer:");
		L(&o, 4, "name: %s", name);
		L(&o, 4, "code: %s", code);
		L(&o, 4, "place: %s", place);
		L(&o, 2, "signature:");
		L(&o, 4, "title: %s", title);
		L(&o, 2, "recipients:");
		L(&o, 4, "- «Nơi nhận»");
		L(&o, 2, "archive: %s", archive);
		free(name);
		free(code);
		free(place);
		free(title);
		free(archive);
	});
	tmpl_kind_free(k);
	return buf_take(&o.b);
}

/* ---- the command ---- */

/* The path to schema from directory dir, both absolute and resolved
 * ("" for the root): relative when they share a directory below the root,
 * else schema itself. Owned. */
static char *
relative(const char *dir, const char *schema)
{
	/* the end of the directories both are in: dir + common */
	size_t common = 0, i = 0;
	for (; dir[i] && dir[i] == schema[i]; i++)
		if (dir[i] == '/')
			common = i;
	if (dir[i] == '\0' && schema[i] == '/')
		common = i;
	if (common == 0)
		return xstrdup(schema);
	struct buf b = {0};
	for (const char *p = dir + common; *p; p++)
		if (*p == '/')
			buf_puts(&b, "../");
	buf_puts(&b, schema + common + 1);
	return buf_take(&b);
}

/* The schema as the skeleton written to file names it: beside templates/,
 * relative to the file's directory; its absolute path when they share
 * nothing but the root. */
static char *
schema_ref(const char *tdir, const char *file)
{
	char *up = xasprintf("%s/..", tdir);
	char top[PATH_MAX], dir[PATH_MAX];
	char *fdir = strrchr(file, '/') ? xstrndup(file, (size_t)(strrchr(file, '/') - file)) : xstrdup(".");
	if (*fdir == '\0') {
		free(fdir);
		fdir = xstrdup("/");
	}
	char *r;
	if (realpath(up, top) == NULL || realpath(fdir, dir) == NULL) {
		r = xasprintf("%s/%s", up, SCHEMA_REL);
	} else {
		char *schema = xasprintf("%s/%s", strcmp(top, "/") == 0 ? "" : top, SCHEMA_REL);
		r = relative(strcmp(dir, "/") == 0 ? "" : dir, schema);
		free(schema);
	}
	free(up);
	free(fdir);
	return r;
}

/* Each kind a line: its template's name, then its name in Vietnamese. */
static int
list_kinds(const char *tdir)
{
	char *known = tmpl_kind_list(tdir);
	if (*known == '\0') {
		fprintf(stderr, _("vanban: no kind templates in %s/kinds\n"), tdir);
		free(known);
		return 3;
	}
	free(known);
	size_t n;
	int bad;
	struct kind **kinds = tmpl_kinds_all(tdir, &n, &bad);
	for (size_t i = 0; i < n; i++) {
		char *vi = kinds[i]->text_name ? xstrdup(kinds[i]->text_name) : tasks_sentence_case(kinds[i]->name);
		printf("%s  %s\n", kinds[i]->id, vi);
		free(vi);
	}
	tmpl_kinds_free(kinds, n);
	return bad ? 1 : 0;
}

/* The usage on standard error after why (wrong usage, 2), or on standard
 * output when asked for (why NULL, 0). */
static int
new_usage(const char *why, const char *arg)
{
	if (why)
		fprintf(stderr, why, arg);
	fputs(_("usage: vanban new KIND [--family party|state] [--templates DIR] FILE.yaml\n"
	        "       vanban new --list [--templates DIR]\n"),
	    why ? stderr : stdout);
	return why ? 2 : 0;
}

int
cmd_new(int argc, char **argv, const char *tdir)
{
	const char *kind = NULL, *file = NULL, *family = NULL;
	int list = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--list") == 0)
			list = 1;
		else if (strcmp(a, "--family") == 0 && i + 1 < argc)
			family = argv[++i];
		else if (strcmp(a, "--templates") == 0 && i + 1 < argc)
			tdir = argv[++i];
		else if (strcmp(a, "--help") == 0)
			return new_usage(NULL, NULL);
		else if (a[0] == '-' && a[1] != '\0')
			return new_usage(_("vanban: unknown or incomplete option '%s'\n"), a);
		else if (kind == NULL)
			kind = a;
		else if (file == NULL)
			file = a;
		else
			return new_usage(_("vanban: new takes one KIND and one FILE.yaml, found also '%s'\n"), a);
	}
	if (list)
		return kind || family ? new_usage(_("vanban: new --list takes no KIND, FILE or --family%s\n"), "")
		                      : list_kinds(tdir);
	if (kind == NULL || file == NULL)
		return new_usage(_("vanban: new needs a KIND and a FILE.yaml%s\n"), "");
	int fam = -1;
	if (family) {
		for (size_t i = 0; i < choice_family.n; i++)
			if (strcmp(family, choice_family.vals[i]) == 0)
				fam = (int)i;
		if (fam < 0)
			return new_usage(_("vanban: --family takes party or state, found '%s'\n"), family);
	}
	/* the kind, by the name of its template */
	char *known = tmpl_kind_list(tdir);
	int found = 0;
	char *copy = xstrdup(known), *save = NULL;
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
		found |= strcmp(t, kind) == 0;
	free(copy);
	if (!found) {
		fprintf(stderr, _("vanban: no template for kind '%s' (known kinds: %s)\n"), kind, *known ? known : "none");
		free(known);
		return 2;
	}
	free(known);
	if (fam < 0) {
		/* the kind's only family, else party */
		struct diag *d = diag_new();
		int missing;
		struct kind *k = tmpl_kind(tdir, kind, &missing, d);
		diag_flush(d);
		diag_free(d);
		if (k == NULL)
			return 1;
		fam = 0;
		if (k->families && k->families[0] && k->families[1] == NULL)
			fam = strcmp(k->families[0], "state") == 0;
		tmpl_kind_free(k);
	}
	char *ref = schema_ref(tdir, file);
	char *text = skeleton(tdir, kind, fam, ref);
	free(ref);
	if (text == NULL)
		return 1;
	/* never over a file that is there, even one made in the meantime */
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		if (errno == EEXIST)
			fprintf(stderr, _("vanban: %s exists: new does not write over a file; give another name\n"), file);
		else
			fprintf(stderr, _("vanban: error: cannot create %s: %s\n"), file, sys_error(errno));
		free(text);
		return errno == EEXIST ? 1 : 3;
	}
	size_t len = strlen(text), done = 0;
	int err = 0;
	while (done < len && !err) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno != EINTR)
			err = errno;
		else if (w > 0)
			done += (size_t)w;
	}
	if (!err && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	free(text);
	if (err) {
		fprintf(stderr, _("vanban: error: cannot write %s: %s\n"), file, sys_error(err));
		unlink(file);
		return 3;
	}
	return 0;
}
