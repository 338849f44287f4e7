/* layout_table.c: a table set as lines of the vertical list. Column widths
 * follow the weights and are never narrower than a column's longest word;
 * every cell is ruled; the header (a group's title over its columns) is
 * one unbreakable line that page breaking sets again at the top of every
 * page the table continues on; a row is one line, never split, unless it
 * is taller than a page: then each of its text lines is a line of its own
 * and the row continues on the next page under the header. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

/* The measures of one table. */
struct T {
	struct L *L;
	const struct table *t;
	const struct block *b;
	double *x;      /* ncols + 1 column edges */
	double pitch;   /* baseline to baseline in a cell */
	double padx, pady, rule;
	double base;    /* from the top of a line's band to its baseline */
	struct style st, bold;
};

/* A cell set aside: its text lines at dy from its first baseline. */
struct cellset {
	struct vline v;
	size_t lines;
};

static const struct table_cell *
cell_at(const struct table_row *r, size_t c)
{
	return r && r->cells ? &r->cells[c] : NULL;
}

/* The words of a cell into p: its text, or its number, or the STT. */
static void
cell_para(struct T *T, struct para *p, const struct table_row *r, size_t c, struct style st)
{
	struct L *L = T->L;
	const struct table_cell *cell = cell_at(r, c);
	if (T->t->cols[c].stt && r && r->group == NULL && r != T->t->total) {
		para_text(L, p, st.face, st.size, r->stt);
		return;
	}
	if (cell == NULL)
		return;
	if (cell->num) {
		para_text(L, p, st.face, st.size, cell->num);
		return;
	}
	if (cell->text) {
		p->pos = cell->text->pos;
		for (cmark_node *q = cmark_node_first_child(cell->text->root); q; q = cmark_node_next(q)) {
			if (q != cmark_node_first_child(cell->text->root))
				para_break(p); /* each paragraph of a cell on a line of its own */
			para_inlines(L, p, q, st.face, st.size, 0, 0);
		}
	}
}

/* The plain words of the title of a column or a group. */
static void
words_para(struct T *T, struct para *p, const char *s, struct style st)
{
	if (s)
		para_text(T->L, p, st.face, st.size, s);
}

/* The widest word of p (replacing *word when it is wider than *best). */
static double
widest(struct para *p, double best, char **word)
{
	char *wd = NULL;
	double w = para_widest_word(p, &wd);
	para_free(p);
	if (w > best) {
		free(*word);
		*word = wd;
	} else {
		free(wd);
	}
	return w;
}

/* Column edges: the weights share the text width; a column narrower than
 * its longest word takes that width and the others share the rest. */
static int
columns(struct T *T)
{
	struct L *L = T->L;
	const struct table *t = T->t;
	size_t nc = t->ncols;
	double *min = xcalloc(nc, sizeof *min), *w = xcalloc(nc, sizeof *w);
	char **word_of = xcalloc(nc, sizeof *word_of);
	L->measuring = 1;
	for (size_t c = 0; c < nc; c++) {
		struct para p = {.pos = T->b->pos};
		words_para(T, &p, t->cols[c].title, T->bold);
		min[c] = widest(&p, -1, &word_of[c]);
		for (size_t i = 0; i <= t->nrows; i++) {
			const struct table_row *r = i < t->nrows ? &t->rows[i] : t->total;
			if (r == NULL || (r->group && !t->cols[c].stt) || (r->cells && r->cells[c].span != 1))
				continue; /* a cell over several columns does not set one's width */
			struct para q = {.pos = r->pos};
			cell_para(T, &q, r, c, r == t->total || r->group ? T->bold : T->st);
			double ww = widest(&q, min[c], &word_of[c]);
			if (ww > min[c])
				min[c] = ww;
		}
		min[c] += 2 * T->padx;
	}
	L->measuring = 0;
	double total = 0;
	for (size_t c = 0; c < nc; c++)
		total += min[c];
	int ok = 1;
	if (total > L->width + 0.01) {
		size_t worst = 0;
		for (size_t c = 1; c < nc; c++)
			if (min[c] > min[worst])
				worst = c;
		diag(L->d, D_TABLE_TOO_NARROW, T->b->pos, total, L->width, t->cols[worst].title ? t->cols[worst].title : "",
		    word_of[worst] ? word_of[worst] : "");
		L->errors++;
		ok = 0;
	}
	/* weights, with the narrow columns fixed at their minimum */
	int *fixed = xcalloc(nc, sizeof *fixed);
	for (int again = 1; again && ok;) {
		again = 0;
		double room = L->width, weights = 0;
		for (size_t c = 0; c < nc; c++)
			if (fixed[c])
				room -= min[c];
			else
				weights += t->cols[c].weight;
		for (size_t c = 0; c < nc; c++) {
			w[c] = fixed[c] ? min[c] : room * t->cols[c].weight / weights;
			if (!fixed[c] && w[c] < min[c] - 1e-9) {
				fixed[c] = 1;
				again = 1;
			}
		}
	}
	T->x[0] = L->left;
	for (size_t c = 0; c < nc; c++)
		T->x[c + 1] = c + 1 == nc ? L->left + L->width : T->x[c] + w[c];
	free(fixed);
	free(min);
	free(w);
	for (size_t c = 0; c < nc; c++)
		free(word_of[c]);
	free(word_of);
	return ok ? 0 : -1;
}

/* Sets a cell's words in columns [c0, c1] from its first baseline. */
static size_t
set_cell(struct T *T, struct cellset *cs, struct para *p, size_t c0, size_t c1, int align)
{
	struct L *L = T->L;
	double x = T->x[c0] + T->padx, w = T->x[c1 + 1] - T->x[c0] - 2 * T->padx;
	struct setting s = {x, w, 0, T->pitch, align == ALIGN_RIGHT ? AL_RIGHT : align == ALIGN_CENTER ? AL_CENTER : AL_LEFT,
	    0, 0, 0};
	cs->lines = p->n ? lines_into(L, &cs->v, p, &s, 0, T->pitch) : 0;
	para_free(p);
	return cs->lines;
}

/* Copies the items of a cell into line v, moved down by dy. */
static void
put_cell(struct vline *v, const struct cellset *cs, double dy, size_t from, size_t to, double pitch)
{
	for (size_t i = 0; i < cs->v.n; i++) {
		const struct vitem *it = &cs->v.v[i];
		/* the text lines [from, to) of the cell */
		double line = floor((it->dy + pitch / 2) / pitch);
		if (line < (double)from || line >= (double)to)
			continue;
		vtext(v, it->x, it->dy - (double)from * pitch + dy, it->face, it->size, it->s, strlen(it->s));
	}
	for (size_t i = 0; i < cs->v.nfns; i++) {
		GROW(v->fns, v->capfns, v->nfns + 1);
		v->fns[v->nfns++] = cs->v.fns[i];
	}
}

/* The header: one line that is never split (a group's title over its
 * columns on a first row, the other titles spanning both rows). */
static struct vline
header(struct T *T)
{
	struct L *L = T->L;
	const struct table *t = T->t;
	size_t nc = t->ncols;
	int two = t->ngroups > 0;
	struct cellset *cols = xcalloc(nc, sizeof *cols), *groups = xcalloc(t->ngroups + 1, sizeof *groups);
	size_t l0 = 0, l1 = 0, lspan = 0;
	for (size_t g = 0; g < t->ngroups; g++) {
		struct para p = {.pos = T->b->pos};
		words_para(T, &p, t->groups[g].title, T->bold);
		size_t n = set_cell(T, &groups[g], &p, t->groups[g].first, t->groups[g].last, ALIGN_CENTER);
		l0 = n > l0 ? n : l0;
	}
	for (size_t c = 0; c < nc; c++) {
		struct para p = {.pos = T->b->pos};
		words_para(T, &p, t->cols[c].title, T->bold);
		size_t n = set_cell(T, &cols[c], &p, c, c, ALIGN_CENTER);
		if (!two)
			l0 = n > l0 ? n : l0;
		else if (t->cols[c].group >= 0)
			l1 = n > l1 ? n : l1;
		else
			lspan = n > lspan ? n : lspan;
	}
	if (l0 == 0)
		l0 = 1;
	if (two && l1 == 0)
		l1 = 1;
	double h0 = 2 * T->pady + (double)l0 * T->pitch, h1 = two ? 2 * T->pady + (double)l1 * T->pitch : 0;
	double hs = 2 * T->pady + (double)lspan * T->pitch;
	if (two && hs > h0 + h1)
		h1 = hs - h0;
	double h = h0 + h1;
	/* relative to the baseline of the band's first line of text */
	struct vline v = {0};
	double top = -T->base;
	v.top_offset = T->base;
	v.depth = h - T->base;
	vrule(&v, T->x[0], T->x[nc], top, T->rule);
	for (size_t c = 0; c <= nc; c++) {
		/* the column edge (inside a group only below its title), then
		 * the group's title where it starts, then the column's title,
		 * centred in its cell across and down */
		int inside = 0;
		for (size_t g = 0; g < t->ngroups; g++)
			inside |= c > t->groups[g].first && c <= t->groups[g].last;
		vvrule(&v, T->x[c], top + (inside ? h0 : 0), top + h, T->rule);
		if (c == nc)
			break;
		int g = two ? t->cols[c].group : -1;
		if (g >= 0 && t->groups[g].first == c) {
			const struct table_group *gr = &t->groups[g];
			double gdy = top + (h0 - (double)groups[g].lines * T->pitch) / 2 + T->base;
			put_cell(&v, &groups[g], gdy, 0, groups[g].lines, T->pitch);
			vrule(&v, T->x[gr->first], T->x[gr->last + 1], top + h0, T->rule);
		}
		double ctop = top + (g >= 0 ? h0 : 0), ch = g >= 0 ? h1 : h;
		double tdy = ctop + (ch - (double)cols[c].lines * T->pitch) / 2 + T->base;
		put_cell(&v, &cols[c], tdy, 0, cols[c].lines, T->pitch);
	}
	vrule(&v, T->x[0], T->x[nc], top + h, T->rule);
	for (size_t c = 0; c < nc; c++)
		vline_free(&cols[c].v);
	for (size_t g = 0; g < t->ngroups; g++)
		vline_free(&groups[g].v);
	free(cols);
	free(groups);
	(void)L;
	return v;
}

/* A row: the cells of its columns (a group row: I, II in the STT column
 * and its title over the rest), as one line or, taller than a page, a
 * line for each of its text lines. */
static void
row(struct T *T, const struct table_row *r, size_t head, double room)
{
	struct L *L = T->L;
	const struct table *t = T->t;
	size_t nc = t->ncols;
	struct cellset *cs = xcalloc(nc, sizeof *cs);
	int *edges = xcalloc(nc + 1, sizeof *edges);
	size_t lines = 1;
	struct style st = r->group || r == t->total ? T->bold : T->st;
	edges[0] = edges[nc] = 1;
	if (r->group) {
		size_t first = 0;
		if (t->number) {
			struct para p = {.pos = r->pos};
			para_text(L, &p, st.face, st.size, r->stt);
			set_cell(T, &cs[0], &p, 0, 0, ALIGN_CENTER);
			edges[1] = 1;
			first = 1;
		}
		struct para p = {.pos = r->group->pos};
		for (cmark_node *q = cmark_node_first_child(r->group->root); q; q = cmark_node_next(q))
			para_inlines(L, &p, q, st.face, st.size, 0, 0);
		if (first < nc)
			set_cell(T, &cs[first], &p, first, nc - 1, ALIGN_LEFT);
		else
			para_free(&p);
	} else {
		for (size_t c = 0; c < nc; c++) {
			int span = r->cells ? r->cells[c].span : 1;
			if (span == 0)
				continue; /* covered by a cell before it */
			struct para p = {.pos = r->pos};
			cell_para(T, &p, r, c, st);
			set_cell(T, &cs[c], &p, c, c + (size_t)span - 1, t->cols[c].align);
			edges[c] = 1;
		}
	}
	for (size_t c = 0; c < nc; c++)
		if (cs[c].lines > lines)
			lines = cs[c].lines;
	double h = 2 * T->pady + (double)lines * T->pitch;
	if (h <= room) {
		struct vline *v = vline_new(L, T->base);
		v->top_offset = T->base;
		v->table = 1;
		v->head = head;
		/* each cell after the rule on its left, so that a dump reads cell
		 * by cell */
		for (size_t c = 0; c < nc; c++) {
			if (edges[c])
				vvrule(v, T->x[c], -T->base, h - T->base, T->rule);
			put_cell(v, &cs[c], 0, 0, cs[c].lines, T->pitch);
		}
		vvrule(v, T->x[nc], -T->base, h - T->base, T->rule);
		vrule(v, T->x[0], T->x[nc], h - T->base, T->rule);
		v->depth = h - T->base;
	} else {
		/* taller than a page: a line for each text line; a page may end
		 * between them only when it must */
		for (size_t k = 0; k < lines; k++) {
			/* the band of text line k, from its baseline: the row's top
			 * padding above the first, its bottom padding below the last */
			double top = k == 0 ? -T->base : T->pady - T->base;
			double bottom = (k + 1 == lines ? 2 * T->pady : T->pady) + T->pitch - T->base;
			struct vline *v = vline_new(L, k == 0 ? T->base : T->base - T->pady);
			v->top_offset = T->base;
			v->table = 1;
			v->head = head;
			/* it must be split: where a page ends decides, and it starts
			 * where the row before it ends */
			v->no_break_before = k == 0;
			for (size_t c = 0; c < nc; c++) {
				if (edges[c])
					vvrule(v, T->x[c], top, bottom, T->rule);
				put_cell(v, &cs[c], 0, k, k + 1, T->pitch);
			}
			vvrule(v, T->x[nc], top, bottom, T->rule);
			if (k + 1 == lines) {
				vrule(v, T->x[0], T->x[nc], bottom, T->rule);
			} else {
				/* closed by a rule if the page ends here */
				v->has_close = 1;
				v->close = (struct vitem){1, 0, T->x[0], bottom, T->x[nc], T->rule, FACE_REGULAR, 0, NULL};
			}
			v->depth = bottom;
		}
	}
	for (size_t c = 0; c < nc; c++)
		vline_free(&cs[c].v);
	free(cs);
	free(edges);
}

/* A table's setting from the family's measures; its column edges to
 * come (T.x, owned). */
static struct T
table_setting(struct L *L, const struct block *b)
{
	const struct family *f = L->f;
	const struct table *t = b->u.table;
	return (struct T){L, t, b, xcalloc(t->ncols + 1, sizeof(double)), f->table_leading, f->table_pad_x,
	    f->table_pad_y, f->table_rule, 0, f->table_style, {f->table_style.size, FACE_BOLD}};
}

void
layout_table(struct L *L, const struct block *b)
{
	const struct family *f = L->f;
	const struct table *t = b->u.table;
	if (t == NULL || t->ncols == 0)
		return;
	struct T T = table_setting(L, b);
	double asc = font_ascent(L->fs, FACE_REGULAR) * T.st.size / 1000;
	double desc = font_descent(L->fs, FACE_REGULAR) * T.st.size / 1000;
	T.base = T.pady + (T.pitch - asc - desc) / 2 + asc;
	if (columns(&T) < 0) {
		free(T.x);
		return;
	}
	/* the title centred above, the unit at the right; they stay with the table */
	double gap = f->table_gap;
	if (t->title) {
		for (cmark_node *q = cmark_node_first_child(t->title->root); q; q = cmark_node_next(q)) {
			struct para p = {.pos = t->title->pos};
			para_inlines(L, &p, q, f->table_title.face, f->table_title.size, 0, 0);
			struct setting s = {L->left, L->width, 0, f->leading, AL_CENTER, space_before(L), 1, 0};
			set_para(L, &p, &s);
			para_free(&p);
		}
	}
	if (t->unit) {
		struct para p = {.pos = b->pos};
		para_text(L, &p, f->table_unit.face, f->table_unit.size, t->unit);
		struct setting s = {L->left, L->width, 0, f->leading, AL_RIGHT, t->title ? f->leading : space_before(L), 1, 0};
		set_para(L, &p, &s);
		para_free(&p);
	}
	struct vline head = header(&T);
	GROW(L->heads, L->capheads, L->nheads + 1);
	L->heads[L->nheads++] = head;
	size_t hi = L->nheads; /* 1 + its index */
	/* the header where the table starts: a copy, since page breaking
	 * places each line once and takes its strings */
	struct vline *v = vline_new(L, 0);
	*v = head;
	v->part = L->part;
	v->v = xcalloc(head.n + 1, sizeof *v->v);
	v->cap = head.n + 1;
	for (size_t i = 0; i < head.n; i++) {
		v->v[i] = head.v[i];
		v->v[i].s = head.v[i].s ? xstrdup(head.v[i].s) : NULL;
	}
	v->fns = NULL;
	v->nfns = v->capfns = 0;
	/* below the last baseline: its descent, the gap, the header's top padding */
	v->advance = f->body.size / 4 + (t->title || t->unit ? gap : f->space_before) + head.top_offset;
	v->keep_next = 1; /* never a header alone at the foot of a page */
	v->table = 1;
	double hh = head.top_offset + head.depth;
	double room = L->bottom - L->top - hh - 1;
	for (size_t i = 0; i < t->nrows; i++)
		row(&T, &t->rows[i], hi, room);
	if (t->total)
		row(&T, t->total, hi, room);
	free(T.x);
}

/* The widths of table b's columns in a text of width, pt, as the PDF has
 * them: for writers whose readers would share the width otherwise (the
 * Word file). malloc'd; NULL for a table the PDF could not set (its error
 * was said when the PDF was laid out). */
double *
layout_table_widths(const struct doc *doc, struct fontset *fs, const struct block *b, double width)
{
	const struct table *t = b->u.table;
	if (t == NULL || t->ncols == 0)
		return NULL;
	struct layout_stats st;
	struct L L;
	quiet_layout(&L, doc, fs, &st);
	L.width = width;
	struct T T = table_setting(&L, b);
	double *w = NULL;
	if (columns(&T) == 0) {
		w = xcalloc(t->ncols, sizeof *w);
		for (size_t c = 0; c < t->ncols; c++)
			w[c] = T.x[c + 1] - T.x[c];
	}
	free(T.x);
	quiet_layout_end(&L, &st);
	return w;
}
