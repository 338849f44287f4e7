/* tree_table.c: a table for Markdown (a pipe table, a group's title joined
 * to its columns' titles) and HTML (<table> with colspan and rowspan,
 * its header repeated on every printed page), as a raw block of the
 * cmark tree; each cell's words rendered by cmark itself. */
#include <stdlib.h>
#include <string.h>

#include "tree_int.h"

/* A cell's words as the output writes them: cmark renders a paragraph of
 * them, and the paragraph's frame is dropped. */
static char *
cell_words(struct T *T, const struct text *t)
{
	if (t == NULL)
		return xstrdup("");
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	cmark_node *p = t_add(doc, CMARK_NODE_PARAGRAPH);
	for (cmark_node *q = cmark_node_first_child(t->root); q; q = cmark_node_next(q)) {
		if (q != cmark_node_first_child(t->root))
			t_add(p, CMARK_NODE_LINEBREAK); /* each paragraph of a cell on a line of its own */
		t_inlines(T, p, q);
	}
	char *r = T->mode == TREE_HTML ? cmark_render_html(doc, CMARK_OPT_DEFAULT) : cmark_render_commonmark(doc,
	    CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	struct buf b = {0};
	const char *s = r;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '\n')
		n--;
	if (T->mode == TREE_HTML && n >= 7 && strncmp(s, "<p>", 3) == 0 && strncmp(s + n - 4, "</p>", 4) == 0) {
		s += 3;
		n -= 7;
	}
	for (size_t i = 0; i < n; i++) {
		if (T->mode == TREE_MARKDOWN && s[i] == '\\' && i + 1 < n && s[i + 1] == '\n')
			continue; /* a hard break: a space in a pipe table's cell */
		if (s[i] == '\n')
			buf_putc(&b, ' ');
		else if (s[i] == '|' && T->mode == TREE_MARKDOWN)
			buf_puts(&b, "\\|");
		else
			buf_putc(&b, s[i]);
	}
	free(r);
	buf_cstr(&b);
	return b.s ? buf_take(&b) : xstrdup("");
}

/* Plain words (a column's title) escaped for the output. */
static void
plain_words(struct T *T, struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (T->mode == TREE_HTML && (*s == '<' || *s == '>' || *s == '&' || *s == '"'))
			buf_puts(b, *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;" : "&quot;");
		else if (T->mode == TREE_MARKDOWN && strchr("|\\*_[]`<>#", *s))
			buf_printf(b, "\\%c", *s);
		else
			buf_putc(b, *s);
	}
}

/* The words of cell c of row r: its STT, its number, its text. */
static char *
cell_of(struct T *T, const struct table *t, const struct table_row *r, size_t c)
{
	if (t->cols[c].stt && r != t->total)
		return xstrdup(r->stt);
	const struct table_cell *cell = &r->cells[c];
	if (cell->num)
		return xstrdup(cell->num);
	return cell_words(T, cell->text);
}

static const char *const align_class[] = {"", " class=\"vb-c\"", " class=\"vb-r\""};

static void
md_table(struct T *T, const struct table *t, struct buf *b)
{
	/* the header: a group's title joined to each of its columns' titles */
	buf_puts(b, "|");
	for (size_t c = 0; c < t->ncols; c++) {
		buf_putc(b, ' ');
		if (t->cols[c].group >= 0) {
			plain_words(T, b, t->groups[t->cols[c].group].title);
			buf_putc(b, ' ');
		}
		plain_words(T, b, t->cols[c].title);
		buf_puts(b, " |");
	}
	buf_puts(b, "\n|");
	for (size_t c = 0; c < t->ncols; c++)
		buf_puts(b, t->cols[c].align == ALIGN_CENTER ? " :---: |" : t->cols[c].align == ALIGN_RIGHT ? " ---: |" : " --- |");
	buf_putc(b, '\n');
	for (size_t i = 0; i <= t->nrows; i++) {
		const struct table_row *r = i < t->nrows ? &t->rows[i] : t->total;
		if (r == NULL)
			continue;
		buf_puts(b, "|");
		if (r->group) {
			size_t c = 0;
			if (t->number) {
				buf_printf(b, " %s |", r->stt);
				c = 1;
			}
			char *w = cell_words(T, r->group);
			buf_printf(b, " %s |", w);
			free(w);
			for (c++; c < t->ncols; c++)
				buf_puts(b, " |");
		} else {
			for (size_t c = 0; c < t->ncols; c++) {
				if (r->cells && r->cells[c].span == 0) {
					buf_puts(b, " |"); /* covered by the cell before */
					continue;
				}
				char *w = cell_of(T, t, r, c);
				buf_printf(b, *w ? " %s |" : " |", w);
				free(w);
			}
		}
		buf_putc(b, '\n');
	}
}

static void
html_table(struct T *T, const struct table *t, struct buf *b)
{
	int two = t->ngroups > 0;
	/* the box lets a table wider than a narrow screen scroll alone */
	buf_puts(b, "<div class=\"vb-table-box\">\n<table class=\"vb-table\">\n<thead>\n<tr>");
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->cols[c].group >= 0) {
			const struct table_group *g = &t->groups[t->cols[c].group];
			if (c == g->first) {
				buf_printf(b, "<th colspan=\"%zu\">", g->last - g->first + 1);
				plain_words(T, b, g->title);
				buf_puts(b, "</th>");
			}
			continue;
		}
		buf_puts(b, two ? "<th rowspan=\"2\">" : "<th>");
		plain_words(T, b, t->cols[c].title);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr>\n");
	if (two) {
		buf_puts(b, "<tr>");
		for (size_t c = 0; c < t->ncols; c++)
			if (t->cols[c].group >= 0) {
				buf_puts(b, "<th>");
				plain_words(T, b, t->cols[c].title);
				buf_puts(b, "</th>");
			}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</thead>\n<tbody>\n");
	for (size_t i = 0; i <= t->nrows; i++) {
		const struct table_row *r = i < t->nrows ? &t->rows[i] : t->total;
		if (r == NULL)
			continue;
		buf_puts(b, r->group ? "<tr class=\"vb-group\">" : r == t->total ? "<tr class=\"vb-total\">" : "<tr>");
		if (r->group) {
			size_t span = t->ncols;
			if (t->number) {
				buf_printf(b, "<td class=\"vb-c\">%s</td>", r->stt);
				span--;
			}
			char *w = cell_words(T, r->group);
			buf_printf(b, "<td colspan=\"%zu\">%s</td>", span, w);
			free(w);
		} else {
			for (size_t c = 0; c < t->ncols; c++) {
				int span = r->cells ? r->cells[c].span : 1;
				if (span == 0)
					continue;
				char *w = cell_of(T, t, r, c);
				if (span > 1)
					buf_printf(b, "<td colspan=\"%d\"%s>%s</td>", span, align_class[t->cols[c].align], w);
				else
					buf_printf(b, "<td%s>%s</td>", align_class[t->cols[c].align], w);
				free(w);
			}
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>");
}

void
tree_table(struct T *T, cmark_node *parent, const struct block *blk)
{
	const struct table *t = blk->u.table;
	const struct family *f = T->doc->family;
	if (t->title) {
		cmark_node *w = t_wrap(T, parent, "<div class=\"vb-table-title\">", "</div>");
		t_paragraphs(T, w, t->title, t_bold(f->table_title.face), t_italic(f->table_title.face));
	}
	if (t->unit) {
		cmark_node *p = t_add(t_wrap(T, parent, "<div class=\"vb-table-unit\">", "</div>"), CMARK_NODE_PARAGRAPH);
		t_lit(t_styled(p, t_bold(f->table_unit.face), t_italic(f->table_unit.face)), t->unit);
	}
	struct buf b = {0};
	if (T->mode == TREE_HTML)
		html_table(T, t, &b);
	else
		md_table(T, t, &b);
	cmark_node *n = t_add(parent, CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(n, buf_cstr(&b));
	cmark_node_set_on_exit(n, "");
	buf_free(&b);
}
