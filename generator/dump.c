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

static void
numbered(struct buf *b, int ind, const struct numbered *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "%*snumbered %s\n", ind, "", v[i].number);
		field(b, ind + 2, "text", v[i].text);
		numbered(b, ind + 2, v[i].kids, v[i].nkids);
	}
}

static void
section(struct buf *b, int ind, const struct section *s)
{
	buf_printf(b, "%*ssection %s level %d%s\n", ind, "", s->number, s->level, s->runin ? " run-in" : "");
	field(b, ind + 2, "title", s->title);
	field(b, ind + 2, "text", s->text);
	for (size_t i = 0; i < s->nitems; i++) {
		field(b, ind + 2, "item", s->items[i].text);
		for (size_t j = 0; j < s->items[i].nitems; j++)
			field(b, ind + 4, "item", s->items[i].items[j].text);
	}
	numbered(b, ind + 2, s->numbered, s->nnumbered);
	for (size_t i = 0; i < s->nshortcomings; i++) {
		const struct shortcoming *sc = &s->shortcomings[i];
		buf_printf(b, "%*sshortcoming %s\n", ind + 2, "", sc->number);
		field(b, ind + 4, "finding", sc->finding);
		field(b, ind + 4, "remedy", sc->remedy);
		for (size_t j = 0; j < sc->nremedies; j++)
			field(b, ind + 4, "remedy", sc->remedies[j]);
		field(b, ind + 4, "assignment", sc->assignment);
	}
	for (size_t i = 0; i < s->nsections; i++)
		section(b, ind + 2, &s->sections[i]);
	field(b, ind + 2, "assignment", s->assignment);
}

static void
str(struct buf *b, const char *name, const char *v)
{
	if (v)
		buf_printf(b, "  %s: %s\n", name, v);
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
	str(&b, "type", doc->kind->name);
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
		buf_printf(&b, "  directive %s: %s số %s\n", doc->directives[i].id, doc->directives[i].type,
		    doc->directives[i].number);
	field(&b, 2, "preamble", doc->preamble);
	for (size_t i = 0; i < doc->nsections; i++)
		section(&b, 2, &doc->sections[i]);
	numbered(&b, 2, doc->numbered, doc->nnumbered);
	field(&b, 2, "closing", doc->closing);
	for (int num = 1; num <= (int)doc->nfootnotes; num++)
		for (size_t i = 0; i < doc->nfootnotes; i++)
			if (doc->footnotes[i].number == num) {
				char name[32];
				snprintf(name, sizeof name, "footnote %d", num);
				field(&b, 2, name, doc->footnotes[i].text);
			}
	const struct signature *sg = &doc->signature;
	str(&b, "signature.authority", sg->authority);
	str(&b, "signature.title", sg->title);
	str(&b, "signature.note", sg->note);
	str(&b, "signature.name", sg->name);
	for (size_t i = 0; i < doc->nrecipients; i++) {
		char *tail = fmt_recipient_tail(doc, i);
		char *to = text_plain(doc->recipients[i].to);
		buf_printf(&b, "  recipient: %s%s%s (copies %d)\n", doc->family->recipient_dash, to, tail,
		    doc->recipients[i].copies);
		free(to);
		free(tail);
	}
	s = fmt_archive(doc);
	str(&b, "archive", s);
	free(s);
	return buf_take(&b);
}

static const char *const face_names[FACE_COUNT] = {"R", "B", "I", "BI"};

char *
dump_layout(const struct pages *pg)
{
	struct buf b = {0};
	buf_printf(&b, "paper %.2f x %.2f\n", pg->width, pg->height);
	for (size_t i = 0; i < pg->n; i++) {
		buf_printf(&b, "page %zu\n", i + 1);
		const struct page *p = &pg->v[i];
		for (size_t j = 0; j < p->n; j++) {
			const struct pg_item *it = &p->items[j];
			if (it->kind == PG_RULE) {
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
