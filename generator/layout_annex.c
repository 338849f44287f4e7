/* layout_annex.c: the Phụ lục of a plan, its task table set on pages of
 * its own after the document: ruled cells, text wrapped in its column, the
 * header row again at the top of every page the table continues on, and
 * no row split across pages unless it is taller than a page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_annex.h"
#include "out_tasks.h"

/* The table's measures, in points. The regulations say nothing of an
 * annex table; these are the common practice of provincial offices. */
#define SIZE 12.0     /* cell text */
#define LEADING 14.0  /* baseline to baseline in a cell */
#define PAD 4.0       /* inside a cell, each side */
#define RULE 0.5      /* stroke of the cell rules */
#define HEAD_SIZE 14.0
#define HEAD_LEADING 18.0
#define HEAD_AFTER 12.0 /* between the title lines and the table */

enum { C_STT, C_CONTENT, C_LEAD, C_PARTNERS, C_DUE, NC };
static const double col_share[NC] = {0.07, 0.36, 0.19, 0.21, 0.17};
static const char *const col_heads[NC] = {"STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"};
static const char *const face_labels[FACE_COUNT] = {"regular", "bold", "italic", "bold italic"};

struct lines {
	char **v; /* owned */
	size_t n, cap;
};

/* A cell: its wrapped lines, and the columns it covers. */
struct cell {
	struct lines l;
	int first, last;
	enum face face;
	int centre;
};

struct row {
	struct cell c[NC];
	size_t ncells;
	size_t nlines;
};

struct A {
	const struct doc *doc;
	const struct family *f;
	struct fontset *fs;
	struct diag *d;
	struct pages *out;
	double left, right, width, top, bottom;
	double colx[NC + 1];
	double asc, desc; /* of the cell text, in points */
	size_t page;      /* index of the current page in out */
	double y;         /* top of the next row */
	size_t added;
	int errors;
	struct row head;
};

static void
lines_push(struct lines *l, const char *s, size_t n)
{
	GROW(l->v, l->cap, l->n + 1);
	l->v[l->n++] = xstrndup(s, n);
}

static void
lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Every character must have a glyph: a blank box is never printed. */
static void
glyphs(struct A *A, enum face face, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			break;
		if (!font_has(A->fs, face, cp)) {
			char ch[5] = {0};
			utf8_encode(cp, ch);
			char *name = xasprintf("%s (%s)", font_psname(A->fs, face), face_labels[face]);
			diag(A->d, D_MISSING_GLYPH, (struct pos){A->doc->file, 0, 0}, name, (unsigned)cp, ch);
			free(name);
			A->errors++;
		}
		i += (size_t)k;
	}
}

static double
width_of(struct A *A, enum face face, double size, const char *s, size_t n)
{
	return font_width(A->fs, face, size, s, n);
}

/* Greedy wrapping of s into lines no wider than w; a word wider than w
 * is cut between characters. */
static void
wrap(struct A *A, enum face face, double size, const char *s, double w, struct lines *out)
{
	glyphs(A, face, s);
	const char *line = NULL; /* start of the line being filled */
	size_t len = 0;          /* its length so far */
	const char *p = s;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = strchr(p, ' ');
		size_t wl = e ? (size_t)(e - p) : strlen(p);
		if (line && width_of(A, face, size, line, (size_t)(p - line) + wl) <= w) {
			len = (size_t)(p - line) + wl;
		} else {
			if (line)
				lines_push(out, line, len);
			line = p;
			len = wl;
			/* a word alone wider than the column: cut it */
			while (width_of(A, face, size, line, len) > w) {
				size_t cut = 0, k;
				uint32_t cp;
				while (cut < len && (k = (size_t)utf8_decode(line + cut, len - cut, &cp)) > 0 &&
				    width_of(A, face, size, line, cut + k) <= w)
					cut += k;
				if (cut == 0) /* not even one character fits */
					cut = (size_t)utf8_decode(line, len, &cp) ? (size_t)utf8_decode(line, len, &cp) : 1;
				lines_push(out, line, cut);
				line += cut;
				len -= cut;
				if (len == 0) {
					line = NULL;
					break;
				}
			}
		}
		p += wl;
	}
	if (line && len)
		lines_push(out, line, len);
}

static double
row_height(const struct A *A, size_t nlines)
{
	return 2 * PAD + A->asc + A->desc + (double)(nlines ? nlines - 1 : 0) * LEADING;
}

static void
cell_set(struct A *A, struct row *r, int first, int last, enum face face, int centre, const char *const *paras,
    size_t nparas)
{
	struct cell *c = &r->c[r->ncells++];
	c->first = first;
	c->last = last;
	c->face = face;
	c->centre = centre;
	double w = A->colx[last + 1] - A->colx[first] - 2 * PAD;
	for (size_t i = 0; i < nparas; i++)
		wrap(A, face, SIZE, paras[i], w, &c->l);
	if (c->l.n > r->nlines)
		r->nlines = c->l.n;
}

static void
row_free(struct row *r)
{
	for (size_t i = 0; i < r->ncells; i++)
		lines_free(&r->c[i].l);
	memset(r, 0, sizeof *r);
}

static struct page *
cur(struct A *A)
{
	return &A->out->v[A->page];
}

/* Lines [from, to) of row r with their rules, from the current y. */
static void
place_row(struct A *A, const struct row *r, size_t from, size_t to, int top_rule)
{
	struct page *pg = cur(A);
	double h = row_height(A, to - from);
	if (top_rule)
		page_rule(pg, A->left, A->right, A->y, RULE);
	/* each cell after the rule on its left (none inside a cell that
	 * spans columns), so that a dump reads cell by cell */
	for (size_t i = 0; i < r->ncells; i++) {
		const struct cell *c = &r->c[i];
		page_vrule(pg, A->colx[c->first], A->y, A->y + h, RULE);
		double x0 = A->colx[c->first] + PAD, w = A->colx[c->last + 1] - A->colx[c->first] - 2 * PAD;
		for (size_t k = from; k < to && k < c->l.n; k++) {
			const char *s = c->l.v[k];
			double x = x0;
			if (c->centre)
				x += (w - width_of(A, c->face, SIZE, s, strlen(s))) / 2;
			page_text(pg, x, A->y + PAD + A->asc + (double)(k - from) * LEADING, c->face, SIZE, s, strlen(s));
		}
	}
	page_vrule(pg, A->colx[NC], A->y, A->y + h, RULE);
	page_rule(pg, A->left, A->right, A->y + h, RULE);
	A->y += h;
}

/* A page of the annex: its number at the top as on the body's pages. */
static void
new_page(struct A *A)
{
	pages_add(A->out);
	A->page = A->out->n - 1;
	A->added++;
	const struct family *f = A->f;
	char num[16];
	snprintf(num, sizeof num, "%zu", A->out->n);
	double w = width_of(A, f->pageno.face, f->pageno.size, num, strlen(num));
	page_text(cur(A), A->left + (A->width - w) / 2, f->pageno_baseline, f->pageno.face, f->pageno.size, num,
	    strlen(num));
	A->y = A->top;
}

/* Centred lines of s in face at HEAD_SIZE, from baseline y; returns the
 * baseline of the last. */
static double
centred(struct A *A, const char *s, enum face face, double y)
{
	struct lines l = {0};
	wrap(A, face, HEAD_SIZE, s, A->width, &l);
	for (size_t i = 0; i < l.n; i++) {
		if (i)
			y += HEAD_LEADING;
		double w = width_of(A, face, HEAD_SIZE, l.v[i], strlen(l.v[i]));
		page_text(cur(A), A->left + (A->width - w) / 2, y, face, HEAD_SIZE, l.v[i], strlen(l.v[i]));
	}
	lines_free(&l);
	return y;
}

/* "(Kèm theo Kế hoạch số 155-KH/TU, ngày 05-7-2023 của Ban Thường vụ Tỉnh ủy)" */
static char *
attached_to(const struct doc *doc)
{
	struct buf b = {0};
	char *kind = *fmt_type_name(doc) ? tasks_sentence_case(fmt_type_name(doc)) : xstrdup("Văn bản");
	char *num = tasks_number_symbol(doc->family, doc->number, doc->symbol);
	buf_printf(&b, "(Kèm theo %s số %s", kind, num);
	if (doc->date.y && doc->date.m) {
		char *ds = fmt_date_in_text(doc->family, &doc->date);
		buf_printf(&b, ", ngày %s", ds);
		free(ds);
	}
	if (doc->issued_by)
		buf_printf(&b, " của %s", doc->issued_by);
	buf_putc(&b, ')');
	free(kind);
	free(num);
	return buf_take(&b);
}

static void
task_row(struct A *A, const struct task_row *t, size_t index, struct row *r)
{
	char stt[24];
	snprintf(stt, sizeof stt, "%zu", index);
	const char *p[1] = {stt};
	cell_set(A, r, C_STT, C_STT, FACE_REGULAR, 1, p, 1);
	/* the remedy with the number it has in the plan (a section's
	 * remedy column already starts with it) */
	char *content = *t->finding ? xasprintf("%s %s", t->number, t->remedy) : xstrdup(t->remedy);
	p[0] = content;
	cell_set(A, r, C_CONTENT, C_CONTENT, FACE_REGULAR, 0, p, 1);
	free(content);
	if (*t->assignment) {
		/* a plain-text assignment: its words across the three columns */
		char *a = tasks_capitalise(t->assignment);
		p[0] = a;
		cell_set(A, r, C_LEAD, C_DUE, FACE_REGULAR, 0, p, 1);
		free(a);
		return;
	}
	char *lead = tasks_capitalise(t->lead);
	p[0] = lead;
	cell_set(A, r, C_LEAD, C_LEAD, FACE_REGULAR, 0, p, 1);
	free(lead);
	char **parts = xcalloc(t->npartners + 1, sizeof *parts);
	for (size_t k = 0; k < t->npartners; k++) {
		char *c = tasks_capitalise(t->partners[k]);
		parts[k] = t->npartners > 1 ? xasprintf("- %s", c) : xstrdup(c);
		free(c);
	}
	cell_set(A, r, C_PARTNERS, C_PARTNERS, FACE_REGULAR, 0, (const char *const *)parts, t->npartners);
	for (size_t k = 0; k < t->npartners; k++)
		free(parts[k]);
	free(parts);
	char *due = tasks_capitalise(t->due);
	p[0] = due;
	cell_set(A, r, C_DUE, C_DUE, FACE_REGULAR, 1, p, 1);
	free(due);
}

/* The header row at the top of a page of the table. */
static void
table_head(struct A *A)
{
	place_row(A, &A->head, 0, A->head.nlines, 1);
}

int
layout_annex(const struct doc *doc, struct fontset *fs, struct pages *out, size_t *added, struct diag *d)
{
	*added = 0;
	struct task_table tt = {0};
	tasks_collect(doc, &tt);
	if (tt.n == 0) {
		tasks_free(&tt);
		return 0;
	}
	const struct family *f = doc->family;
	struct A A = {doc, f, fs, d, out};
	A.left = f->margin_left;
	A.right = f->paper_w - f->margin_right;
	A.width = A.right - A.left;
	A.top = f->margin_top;
	A.bottom = f->paper_h - f->margin_bottom;
	A.asc = font_ascent(fs, FACE_REGULAR) * SIZE / 1000;
	A.desc = font_descent(fs, FACE_REGULAR) * SIZE / 1000;
	A.colx[0] = A.left;
	for (int c = 0; c < NC; c++)
		A.colx[c + 1] = c + 1 == NC ? A.right : A.colx[c] + col_share[c] * A.width;
	for (int c = 0; c < NC; c++) {
		const char *p[1] = {col_heads[c]};
		cell_set(&A, &A.head, c, c, FACE_BOLD, 1, p, 1);
	}

	/* the first page: PHỤ LỤC, the title, what it is attached to */
	new_page(&A);
	double hasc = font_ascent(fs, FACE_BOLD) * HEAD_SIZE / 1000;
	double y = centred(&A, "PHỤ LỤC", FACE_BOLD, A.top + hasc);
	pages_outline(out, 1, "PHỤ LỤC", A.page, A.top + hasc);
	y = centred(&A, "PHÂN CÔNG THỰC HIỆN", FACE_BOLD, y + HEAD_LEADING);
	char *att = attached_to(doc);
	y = centred(&A, att, FACE_ITALIC, y + HEAD_LEADING);
	free(att);
	A.y = y + font_descent(fs, FACE_ITALIC) * HEAD_SIZE / 1000 + HEAD_AFTER;
	table_head(&A);

	double head_h = row_height(&A, A.head.nlines);
	double room = A.bottom - A.top - head_h; /* for rows on a page of the table */
	for (size_t i = 0; i < tt.n; i++) {
		struct row r = {0};
		task_row(&A, &tt.v[i], i + 1, &r);
		double h = row_height(&A, r.nlines);
		if (A.y + h > A.bottom && h <= room) {
			new_page(&A);
			table_head(&A);
		}
		/* a row taller than a page goes on, line by line, over pages */
		size_t from = 0;
		while (from < r.nlines) {
			size_t fit = 0;
			while (from + fit < r.nlines && A.y + row_height(&A, fit + 1) <= A.bottom)
				fit++;
			if (fit == 0) {
				new_page(&A);
				table_head(&A);
				if (A.y + row_height(&A, 1) > A.bottom)
					fit = 1; /* a page too small for one line: place it anyway */
				else
					continue;
			}
			place_row(&A, &r, from, from + fit, 0);
			from += fit;
		}
		row_free(&r);
	}
	row_free(&A.head);
	tasks_free(&tt);
	*added = A.added;
	return A.errors ? -1 : 0;
}
