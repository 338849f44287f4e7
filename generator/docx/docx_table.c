/* docx_table.c: a table as a Word table: ruled, its columns from the
 * weights and never narrower than their longest word, the header row(s)
 * bold and repeated on every page (w:tblHeader), rows kept whole
 * (w:cantSplit), groups spanning their columns, numbers at the right. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_int.h"
#include "../layout.h"

/* Column widths, pt: the PDF's (the weights share the width, a column
 * never narrower than its longest word); equal shares for a table the PDF
 * could not set, which never comes here. */
static double *
widths(struct X *x, const struct block *b)
{
	double *w = layout_table_widths(x->doc, x->fs, b, x->width);
	if (w == NULL) {
		size_t nc = b->u.table->ncols;
		w = xcalloc(nc, sizeof *w);
		for (size_t c = 0; c < nc; c++)
			w[c] = x->width / (double)nc;
	}
	return w;
}

static const int jc_of[] = {JC_LEFT, JC_CENTER, JC_RIGHT};

/* A cell of one line of text s over the columns [c0, c0 + span) (vmerge
 * and middle: cell_start's). */
static void
plain_cell(struct X *x, const double *w, size_t c0, size_t span, const char *s, int jc, struct rp rp, const char *vmerge,
    int middle)
{
	cell_start(x, w, c0, span, vmerge, middle);
	struct pp pp = PP("VbTable");
	pp.jc = jc;
	line(x, &pp, rp, s);
	x_end(x);
}

static void
text_cell(struct X *x, const double *w, size_t c0, size_t span, const struct text *t, int jc, struct rp rp)
{
	cell_start(x, w, c0, span, NULL, 0);
	struct pp pp = PP("VbTable");
	pp.jc = jc;
	if (t == NULL || cmark_node_first_child(t->root) == NULL)
		line(x, &pp, rp, "");
	else
		paras(x, t, &pp, rp, NULL, rp);
	x_end(x);
}

static void
row_start(struct X *x, int header)
{
	x_start(x, "w:tr");
	x_start(x, "w:trPr");
	x_start(x, "w:cantSplit");
	x_end(x);
	if (header) {
		x_start(x, "w:tblHeader");
		x_end(x);
	}
	x_end(x);
}

void
docx_table(struct X *x, const struct block *b)
{
	const struct table *t = b->u.table;
	const struct family *f = x->f;
	struct rp st = rp_of(f->table_style), bold = {FACE_BOLD, f->table_style.size, 0};
	if (t->title) {
		struct pp pp = PP("VbTableTitle");
		pp.keep_next = 1;
		paras(x, t->title, &pp, rp_of(f->table_title), NULL, rp_of(f->table_title));
	}
	if (t->unit) {
		struct pp pp = PP("VbTableUnit");
		pp.keep_next = 1;
		if (t->title)
			pp.before = 0;
		line(x, &pp, rp_of(f->table_unit), t->unit);
	}
	double *w = widths(x, b);
	table_start(x, "VbTableGrid", x->width, w, t->ncols);
	/* the header: a group's title over its columns, the others' titles
	 * over both rows */
	int two = t->ngroups > 0;
	row_start(x, 1);
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->cols[c].group >= 0) {
			const struct table_group *g = &t->groups[t->cols[c].group];
			if (c == g->first)
				plain_cell(x, w, c, g->last - g->first + 1, g->title, JC_CENTER, bold, NULL, 1);
			continue;
		}
		plain_cell(x, w, c, 1, t->cols[c].title, JC_CENTER, bold, two ? "restart" : NULL, 1);
	}
	x_end(x);
	if (two) {
		row_start(x, 1);
		for (size_t c = 0; c < t->ncols; c++)
			plain_cell(x, w, c, 1, t->cols[c].group >= 0 ? t->cols[c].title : "", JC_CENTER, bold,
			    t->cols[c].group >= 0 ? NULL : "continue", 1);
		x_end(x);
	}
	for (size_t i = 0; i <= t->nrows; i++) {
		const struct table_row *r = i < t->nrows ? &t->rows[i] : t->total;
		if (r == NULL)
			continue;
		row_start(x, 0);
		if (r->group) {
			size_t c = 0;
			if (t->number) {
				plain_cell(x, w, 0, 1, r->stt, JC_CENTER, bold, NULL, 0);
				c = 1;
			}
			text_cell(x, w, c, t->ncols - c, r->group, JC_LEFT, bold);
		} else {
			struct rp rp = r == t->total ? bold : st;
			for (size_t c = 0; c < t->ncols; c++) {
				int span = r->cells ? r->cells[c].span : 1;
				if (span == 0)
					continue;
				int jc = jc_of[t->cols[c].align];
				if (t->cols[c].stt && r != t->total)
					plain_cell(x, w, c, (size_t)span, r->stt, jc, rp, NULL, 0);
				else if (r->cells[c].num)
					plain_cell(x, w, c, (size_t)span, r->cells[c].num, jc, rp, NULL, 0);
				else
					text_cell(x, w, c, (size_t)span, r->cells[c].text, jc, rp);
			}
		}
		x_end(x);
	}
	x_end(x); /* tbl */
	free(w);
}
