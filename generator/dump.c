/* dump.c: readable dumps of the model (-T tree) and of the laid-out pages
 * (-T layout), for golden files and for looking. */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "text.h"

static void
inl(struct buf *b, cmark_node *n)
{
	for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
		struct footnote *fn;
		switch (cmark_node_get_type(k)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(b, cmark_node_get_literal(k));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		case CMARK_NODE_EMPH:
			buf_putc(b, '_');
			inl(b, k);
			buf_putc(b, '_');
			break;
		case CMARK_NODE_STRONG:
			buf_puts(b, "**");
			inl(b, k);
			buf_puts(b, "**");
			break;
		case CMARK_NODE_PARAGRAPH:
			if (k != cmark_node_first_child(n))
				buf_puts(b, " ¶ ");
			inl(b, k);
			break;
		default:
			if ((fn = text_footnote(k)) != NULL)
				buf_printf(b, "[^%d]", fn->number);
			else
				inl(b, k);
		}
	}
}

static void
field(struct buf *b, int ind, const char *name, const struct text *t)
{
	if (t == NULL)
		return;
	buf_printf(b, "%*s%s: ", ind, "", name);
	inl(b, t->root);
	buf_putc(b, '\n');
}

/* One dumper per block type: its line and its own fields at ind; its
 * kids follow, two columns in. */
struct D {
	struct buf *b;
	const struct doc *doc;
};

static void dump_list(struct D *D, int ind, const struct blocks *list);

static void
d_text(struct D *D, int ind, const struct block *x)
{
	field(D->b, ind, x->role, x->text);
}

static void
d_items(struct D *D, int ind, const struct block *x)
{
	(void)D, (void)ind, (void)x; /* its items carry the words */
}

static void
d_item(struct D *D, int ind, const struct block *x)
{
	/* a remedy of a shortcoming is an item of its list */
	const struct block *l = x->parent;
	field(D->b, ind, l && strcmp(l->role, "remedies") == 0 ? "remedy" : "item", x->text);
}

static void
d_numbered(struct D *D, int ind, const struct block *x)
{
	buf_printf(D->b, "%*snumbered %s\n", ind, "", x->label);
	field(D->b, ind + 2, "text", x->text);
}

static void
d_section(struct D *D, int ind, const struct block *x)
{
	buf_printf(D->b, "%*ssection %s level %d%s\n", ind, "", x->label, x->level, x->runin ? " run-in" : "");
	field(D->b, ind + 2, "title", x->title);
}

static void
d_shortcoming(struct D *D, int ind, const struct block *x)
{
	buf_printf(D->b, "%*sshortcoming %s\n", ind, "", x->label);
	field(D->b, ind + 2, "finding", x->text);
	field(D->b, ind + 2, "remedy", x->remedy);
}

static void
d_assignment(struct D *D, int ind, const struct block *x)
{
	field(D->b, ind, "assignment", x->text);
}


static void
d_bases(struct D *D, int ind, const struct block *x)
{
	buf_printf(D->b, "%*sbases\n", ind, "");
	for (size_t i = 0; i < x->u.bases.n; i++)
		field(D->b, ind + 2, "base", x->u.bases.v[i]);
}

/* articles, clauses, points: "article Điều 3. id thi-hanh" */
static void
d_part(struct D *D, int ind, const struct block *x)
{
	buf_printf(D->b, "%*s%s %s%s%s\n", ind, "", block_name(x->type), x->label, x->id ? " id " : "", x->id ? x->id : "");
	field(D->b, ind + 2, "title", x->title);
	field(D->b, ind + 2, "text", x->text);
}

static void
d_field(struct D *D, int ind, const struct block *x)
{
	static const char *const styles[] = {"paragraph", "centered", "list"};
	const struct field_line *f = x->u.field;
	buf_printf(D->b, "%*sfield %s %s%s\n", ind, "", f->key, styles[f->style], f->keep_first ? " keep-first" : "");
	field(D->b, ind + 2, "text", x->text);
	for (size_t i = 0; i < f->nitems; i++)
		field(D->b, ind + 2, "item", f->items[i]);
}

static void
d_row(struct D *D, int ind, const struct table *t, const struct table_row *r, const char *what)
{
	buf_printf(D->b, "%*s%s %s:", ind, "", what, r->stt);
	if (r->group) {
		buf_puts(D->b, " group ");
		inl(D->b, r->group->root);
	}
	for (size_t c = 0; r->cells && c < t->ncols; c++) {
		const struct table_cell *cell = &r->cells[c];
		buf_puts(D->b, c ? " | " : " ");
		if (cell->num)
			buf_printf(D->b, "#%s", cell->num);
		else if (cell->text)
			inl(D->b, cell->text->root);
	}
	buf_putc(D->b, '\n');
}

static void
d_table(struct D *D, int ind, const struct block *x)
{
	static const char *const aligns[] = {"left", "center", "right"};
	const struct table *t = x->u.table;
	buf_printf(D->b, "%*stable%s\n", ind, "", t->number ? " numbered" : "");
	field(D->b, ind + 2, "title", t->title);
	if (t->unit)
		buf_printf(D->b, "%*sunit: %s\n", ind + 2, "", t->unit);
	for (size_t c = 0; c < t->ncols; c++) {
		const struct table_col *col = &t->cols[c];
		buf_printf(D->b, "%*scolumn %zu: %s (%s, width %g%s%s", ind + 2, "", c + 1, col->title ? col->title : "",
		    aligns[col->align], col->weight, col->numeric ? ", numbers" : "", col->stt ? ", STT" : "");
		if (col->group >= 0)
			buf_printf(D->b, ", under %s", t->groups[col->group].title);
		buf_puts(D->b, ")\n");
	}
	for (size_t i = 0; i < t->nrows; i++)
		d_row(D, ind + 2, t, &t->rows[i], "row");
	if (t->total)
		d_row(D, ind + 2, t, t->total, "total");
}

static void
d_annex(struct D *D, int ind, const struct block *x)
{
	const struct annex *a = x->u.annex;
	buf_printf(D->b, "%*sannex %s%s%s%s%s%s\n", ind, "", a->label, a->attached ? " attached" : "",
	    a->landscape ? " landscape" : "", a->task_table ? " tasks" : "", x->id ? " id " : "", x->id ? x->id : "");
	field(D->b, ind + 2, a->attached ? "subject" : "title", a->title);
	if (a->end_mark && *a->end_mark)
		buf_printf(D->b, "%*send-mark: %s\n", ind + 2, "", a->end_mark);
}

static void
d_chapter(struct D *D, int ind, const struct block *x)
{
	buf_printf(D->b, "%*schapter %s\n", ind, "", x->label);
	field(D->b, ind + 2, "title", x->title);
}

static void (*const dumpers[BLK__COUNT])(struct D *, int, const struct block *) = {
    [BLK_TEXT] = d_text,
    [BLK_ITEMS] = d_items,
    [BLK_ITEM] = d_item,
    [BLK_NUMBERED] = d_numbered,
    [BLK_SECTION] = d_section,
    [BLK_SHORTCOMING] = d_shortcoming,
    [BLK_ASSIGNMENT] = d_assignment,
    [BLK_BASES] = d_bases,
    [BLK_ARTICLE] = d_part,
    [BLK_CLAUSE] = d_part,
    [BLK_POINT] = d_part,
    [BLK_CHAPTER] = d_chapter,
    [BLK_TABLE] = d_table,
    [BLK_FIELD] = d_field,
    [BLK_ANNEX] = d_annex,
};

int
dump_handles(enum block_type t)
{
	return t < BLK__COUNT && dumpers[t] != NULL;
}

/* Kids go two columns in; the items of a list stand where the list does,
 * and a list's kids (its items) one level in from their item. */
static void
dump_list(struct D *D, int ind, const struct blocks *list)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct block *x = list->v[i];
		dumpers[x->type](D, ind, x);
		dump_list(D, x->type == BLK_ITEMS ? ind : ind + 2, &x->kids);
	}
}

static void
str(struct buf *b, const char *name, const char *v)
{
	if (v)
		buf_printf(b, "  %s: %s\n", name, v);
}

static void
sign_off(struct buf *b, const struct doc *doc, const struct sign_off *e, const char *pre)
{
	const struct family *f = doc->family;
	const struct signature *sg = &e->signature;
	const char *names[] = {"signature.authority", "signature.title", "signature.note", "signature.name"};
	const char *vals[] = {sg->authority, sg->title, sg->note, sg->name};
	for (int i = 0; i < 4; i++)
		if (vals[i])
			buf_printf(b, "  %s%s: %s\n", pre, names[i], vals[i]);
	if (e->as_above)
		buf_printf(b, "  %srecipient: %s%s%s\n", pre, f->recipient_dash, f->as_above, f->recipient_sep);
	for (size_t i = 0; i < e->nrecipients; i++) {
		char *tail = fmt_recipient_tail(f, e, i);
		char *to = text_plain(e->recipients[i].to);
		buf_printf(b, "  %srecipient: %s%s%s (copies %d)\n", pre, f->recipient_dash, to, tail, e->recipients[i].copies);
		free(to);
		free(tail);
	}
	char *a = fmt_archive(f, e);
	buf_printf(b, "  %sarchive: %s\n", pre, a);
	free(a);
}

char *
dump_tree(const struct doc *doc)
{
	struct buf b = {0};
	buf_printf(&b, "document %s family %s\n", doc->kind->id, doc->family->name);
	str(&b, "issuer.superior", doc->issuer.superior);
	str(&b, "issuer.name", doc->issuer.name);
	str(&b, "issuer.code", doc->issuer.code);
	char *s = fmt_number_line(doc);
	str(&b, "number-line", s);
	free(s);
	s = fmt_date_line(doc);
	str(&b, "date-line", s);
	free(s);
	str(&b, "type", doc->type_name ? doc->type_name : doc->kind->name);
	if (strcmp(doc->end_mark, doc->family->body_end) != 0)
		str(&b, "end-mark", *doc->end_mark ? doc->end_mark : "(none)");
	s = fmt_issued_by(doc);
	str(&b, "issued-by", s);
	free(s);
	str(&b, "draft", doc->draft);
	if (doc->secrecy)
		buf_printf(&b, "  secrecy: %d\n", doc->secrecy);
	if (doc->urgency)
		buf_printf(&b, "  urgency: %d\n", doc->urgency);
	str(&b, "circulation", doc->circulation);
	field(&b, 2, "subject", doc->subject);
	for (size_t i = 0; i < doc->ndirectives; i++)
		if (!doc->directives[i].registry || doc->directives[i].state)
			buf_printf(&b, "  directive %s: %s số %s%s\n", doc->directives[i].id, doc->directives[i].type,
			    doc->directives[i].number, doc->directives[i].registry ? " (registry)" : "");
	struct D D = {&b, doc};
	dump_list(&D, 2, &doc->body);
	for (int num = 1; num <= (int)doc->nfootnotes; num++)
		for (size_t i = 0; i < doc->nfootnotes; i++)
			if (doc->footnotes[i].number == num) {
				char name[32];
				snprintf(name, sizeof name, "footnote %d", num);
				field(&b, 2, name, doc->footnotes[i].text);
			}
	for (size_t i = 0; i < doc->naddressees; i++)
		field(&b, 2, "addressee", doc->addressees[i]);
	sign_off(&b, doc, &doc->end, "");
	dump_list(&D, 2, &doc->annexes);
	if (doc->copy) {
		const struct copy *c = doc->copy;
		buf_printf(&b, "  copy %s\n", doc->family->copy_word[c->form]);
		str(&b, "copy.issuer.superior", c->issuer.superior);
		str(&b, "copy.issuer.name", c->issuer.name);
		s = fmt_number_of(doc->family, c->number, c->symbol);
		str(&b, "copy.number-line", s);
		free(s);
		s = fmt_date_of(doc->family, c->place, &c->date);
		str(&b, "copy.date-line", s);
		free(s);
		sign_off(&b, doc, &c->end, "copy.");
	}
	return buf_take(&b);
}

static const char *const face_names[FACE_COUNT] = {"R", "B", "I", "BI"};

char *
dump_layout(const struct pages *pg)
{
	struct buf b = {0};
	buf_printf(&b, "paper %.2f x %.2f\n", pg->width, pg->height);
	for (size_t i = 0; i < pg->n; i++) {
		const struct page *p = &pg->v[i];
		if (p->w > 0 && (p->w != pg->width || p->h != pg->height))
			buf_printf(&b, "page %zu paper %.2f x %.2f\n", i + 1, p->w, p->h);
		else
			buf_printf(&b, "page %zu\n", i + 1);
		for (size_t j = 0; j < p->n; j++) {
			const struct pg_item *it = &p->items[j];
			if (it->kind == PG_RULE) {
				if (it->u.rule.y1 != it->u.rule.y)
					buf_printf(&b, "  rule x %.2f y %.2f-%.2f w %.2f\n", it->u.rule.x0, it->u.rule.y, it->u.rule.y1,
					    it->u.rule.width);
				else
					buf_printf(&b, "  rule %.2f-%.2f y %.2f w %.2f\n", it->u.rule.x0, it->u.rule.x1, it->u.rule.y,
					    it->u.rule.width);
				continue;
			}
			/* one row per line: runs that share a baseline are joined */
			const struct pg_text *t = &it->u.text;
			buf_printf(&b, "  y %.2f x %.2f %s%g |%s", t->y, t->x, face_names[t->face], t->size, t->s);
			while (j + 1 < p->n && p->items[j + 1].kind == PG_TEXT && p->items[j + 1].u.text.y == t->y) {
				const struct pg_text *u = &p->items[++j].u.text;
				if (u->face != t->face || u->size != t->size)
					buf_printf(&b, "{%s%g}", face_names[u->face], u->size);
				buf_puts(&b, u->s);
				t = u;
			}
			buf_puts(&b, "|\n");
		}
	}
	for (size_t i = 0; i < pg->noutline; i++)
		buf_printf(&b, "outline %d page %zu y %.2f %s\n", pg->outline[i].level, pg->outline[i].page + 1,
		    pg->outline[i].y, pg->outline[i].title);
	return buf_take(&b);
}
