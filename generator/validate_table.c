/* validate_table.c: a table of the content format: its columns (groups
 * spanning their columns, weights, alignment), its rows and total, the
 * cells as text fields or numbers printed in the Vietnamese form, and the
 * sums. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate_int.h"

static const char *const bool_vals[] = {"false", "true"};

/* A YAML number as the source writes it: -?digits(.digits)? */
static int
is_number(const struct node *n)
{
	if (n->type != NODE_SCALAR || n->style != STYLE_PLAIN || n->len == 0 || n->len > 30)
		return 0;
	size_t i = n->s[0] == '-' ? 1 : 0, digits = 0, dots = 0;
	for (; i < n->len; i++) {
		if (n->s[i] >= '0' && n->s[i] <= '9')
			digits++;
		else if (n->s[i] == '.' && digits > 0 && dots == 0 && i + 1 < n->len)
			dots++;
		else
			return 0;
	}
	return digits > 0;
}

/* Digits grouped by '.' in threes, the decimal point written ','. */
static char *
vietnamese_number(const char *s)
{
	struct buf b = {0};
	if (*s == '-')
		buf_putc(&b, *s++);
	size_t whole = strcspn(s, ".");
	for (size_t i = 0; i < whole; i++) {
		if (i > 0 && (whole - i) % 3 == 0)
			buf_putc(&b, '.');
		buf_putc(&b, s[i]);
	}
	if (s[whole] == '.') {
		buf_putc(&b, ',');
		buf_puts(&b, s + whole + 1);
	}
	return buf_take(&b);
}

static int
decimals_of(const char *s)
{
	const char *dot = strchr(s, '.');
	return dot ? (int)strlen(dot + 1) : 0;
}

/* The value scaled by 10^dec as an integer; -1 when it has more than 15
 * digits. */
static int
scaled(const char *s, int dec, int64_t *out)
{
	int neg = *s == '-';
	if (neg)
		s++;
	int64_t v = 0;
	int digits = 0, after = -1;
	for (; *s; s++) {
		if (*s == '.') {
			after = 0;
			continue;
		}
		if (++digits > 15)
			return -1;
		v = v * 10 + (*s - '0');
		if (after >= 0)
			after++;
	}
	for (int k = after < 0 ? 0 : after; k < dec; k++) {
		if (++digits > 15)
			return -1;
		v *= 10;
	}
	*out = neg ? -v : v;
	return 0;
}

static int
is_empty(const struct node *n)
{
	return n->type == NODE_SCALAR && (n->len == 0 || (n->style == STYLE_PLAIN && strcmp(n->s, "~") == 0) ||
	    (n->style == STYLE_PLAIN && strcmp(n->s, "null") == 0));
}

static void
column(struct V *v, struct table *t, const struct node *n, int group, size_t *cap)
{
	GROW(t->cols, *cap, t->ncols + 1);
	struct table_col *c = &t->cols[t->ncols++];
	memset(c, 0, sizeof *c);
	c->weight = 1;
	c->align = -1;
	c->group = group;
	if (n->type != NODE_MAP) {
		c->title = v_string(v, n, _("a column"));
		return;
	}
	if (load_colon_slip(v->src, n, v->d) || v_check_set(v, n, _("a column"), &keys_column) < 0)
		return;
	c->title = v_string(v, v_need(v, n, "title", _("a column")), "title");
	const struct node *x;
	if ((x = v_get(n, "width")) != NULL) {
		char *end;
		double w = x->type == NODE_SCALAR ? strtod(x->s, &end) : 0;
		if (x->type != NODE_SCALAR || *end || !(w > 0 && w <= 100))
			diag(v->d, D_BAD_NUMBER, v_at(v, x), "width", 1, 100, x->type == NODE_SCALAR ? x->s : node_kind_name(x));
		else
			c->weight = w;
	}
	if ((x = v_get(n, "align")) != NULL)
		c->align = v_choice(v, x, "align", choice_align.vals, choice_align.n);
}

/* One row's cells (a row or the total): as many as the columns, the STT
 * one left out when the table counts its rows. */
static struct table_cell *
cells(struct V *v, struct table *t, const struct node *n, int total)
{
	size_t first = t->number ? 1 : 0, want = t->ncols - first;
	if (n->n != want) {
		char *why = t->number ? xasprintf(ngettext("%zu column, the first one counting the rows, not written",
		                                      "%zu columns, the first one counting the rows, not written", t->ncols),
		                            t->ncols)
		                      : xasprintf(ngettext("%zu column", "%zu columns", t->ncols), t->ncols);
		diag(v->d, D_ROW_CELLS, v_at(v, n), n->n, want, why);
		free(why);
		return NULL;
	}
	struct table_cell *cs = xcalloc(t->ncols, sizeof *cs);
	for (size_t c = 0; c < t->ncols; c++)
		cs[c].span = 1;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *e = n->kids[i];
		struct table_cell *c = &cs[first + i];
		if (is_empty(e))
			continue;
		if (total && e->type == NODE_SCALAR && e->style == STYLE_PLAIN && strcmp(e->s, "sum") == 0)
			c->sum = 1;
		else if (is_number(e))
			c->num = xstrdup(e->s); /* as written until the sums are known */
		else
			c->text = v_text(v, e, _("a cell"));
	}
	return cs;
}

struct table *
v_table(struct V *v, const struct node *n)
{
	if (v_check_set(v, n, _("a table"), &keys_table) < 0)
		return NULL;
	struct table *t = xcalloc(1, sizeof *t);
	const struct node *x;
	if ((x = v_get(n, "title")) != NULL)
		t->title = v_text(v, x, "title");
	t->unit = v_string(v, v_get(n, "unit"), "unit");
	if ((x = v_get(n, "number")) != NULL) {
		t->number = v_choice(v, x, "number", bool_vals, 2) == 1;
	}
	size_t cap = 0, gcap = 0;
	const struct node *cols = v_need(v, n, "columns", _("a table"));
	if (cols && v_list(v, cols, "columns")) {
		for (size_t i = 0; i < cols->n; i++) {
			const struct node *c = cols->kids[i];
			const struct node *sub = c->type == NODE_MAP ? v_get(c, "columns") : NULL;
			if (sub == NULL) {
				column(v, t, c, -1, &cap);
				continue;
			}
			/* a group: its title over its columns */
			if (v_check_set(v, c, _("a group of columns"), &keys_column_group) < 0 || v_list(v, sub, "columns") == NULL)
				continue;
			GROW(t->groups, gcap, t->ngroups + 1);
			struct table_group *g = &t->groups[t->ngroups++];
			g->title = v_string(v, v_need(v, c, "title", _("a group of columns")), "title");
			g->first = t->ncols;
			for (size_t k = 0; k < sub->n; k++) {
				if (sub->kids[k]->type == NODE_MAP && v_get(sub->kids[k], "columns"))
					diag(v->d, D_TABLE_GROUP, v_at(v, sub->kids[k]));
				else
					column(v, t, sub->kids[k], (int)t->ngroups - 1, &cap);
			}
			g->last = t->ncols - 1;
		}
	}
	if (t->number && t->ncols > 0)
		t->cols[0].stt = 1;
	if (t->ncols == 0 || (t->number && t->ncols < 2)) {
		if (cols)
			diag(v->d, D_EMPTY_LIST, v_at(v, cols), "columns");
		return t;
	}
	const struct node *rows = v_need(v, n, "rows", _("a table"));
	if (rows && v_list(v, rows, "rows")) {
		t->rows = xcalloc(rows->n, sizeof *t->rows);
		for (size_t i = 0; i < rows->n; i++) {
			const struct node *r = rows->kids[i];
			struct table_row *row = &t->rows[t->nrows++];
			row->pos = v_at(v, r);
			row->pos.file = v->doc->file; /* layout reports here, after the source is freed */
			if (r->type == NODE_MAP) {
				if (v_check_set(v, r, _("a group row"), &keys_group_row) == 0)
					row->group = v_text(v, v_need(v, r, "group", _("a group row")), "group");
			} else if (r->type == NODE_SEQ) {
				row->cells = cells(v, t, r, 0);
			} else {
				diag(v->d, D_WRONG_TYPE, v_at(v, r), _("a row"), _("a list of cells, or {group: ...}"),
				    node_kind_name(r));
			}
		}
	}
	if ((x = v_get(n, "total")) != NULL) {
		if (x->type != NODE_SEQ) {
			diag(v->d, D_WRONG_TYPE, v_at(v, x), "total", _("a list of cells"), node_kind_name(x));
		} else {
			t->total = xcalloc(1, sizeof *t->total);
			t->total->pos = v_at(v, x);
			t->total->pos.file = v->doc->file;
			t->total->cells = cells(v, t, x, 1);
		}
	}
	/* the columns of numbers, their alignment, and the sums */
	for (size_t c = 0; c < t->ncols; c++) {
		struct table_col *col = &t->cols[c];
		int any = 0, all = 1, dec = 0;
		for (size_t i = 0; i <= t->nrows; i++) {
			const struct table_row *r = i < t->nrows ? &t->rows[i] : t->total;
			if (r == NULL || r->cells == NULL)
				continue;
			const struct table_cell *cell = &r->cells[c];
			if (cell->num) {
				any = 1;
				if (decimals_of(cell->num) > dec)
					dec = decimals_of(cell->num);
			} else if (cell->sum) {
				any = 1;
			} else if (cell->text) {
				all = 0;
			}
		}
		col->numeric = any && all && !col->stt;
		col->decimals = dec;
		if (col->align < 0)
			col->align = col->stt ? ALIGN_CENTER : col->numeric ? ALIGN_RIGHT : ALIGN_LEFT;
		if (t->total && t->total->cells && t->total->cells[c].sum) {
			int64_t sum = 0, x64;
			int ok = 1;
			for (size_t i = 0; i < t->nrows; i++) {
				const struct table_row *r = &t->rows[i];
				if (r->cells == NULL || (r->cells[c].num == NULL && r->cells[c].text == NULL))
					continue;
				if (r->cells[c].text) {
					char *w = text_plain(r->cells[c].text);
					diag(v->d, D_SUM_NOT_NUMBER, r->cells[c].text->pos, w);
					free(w);
					ok = 0;
					continue;
				}
				/* each addend and the sum kept below 10^15: no overflow */
				if (scaled(r->cells[c].num, dec, &x64) < 0 || (sum += x64) > 999999999999999LL ||
				    sum < -999999999999999LL) {
					diag(v->d, D_SUM_TOO_BIG, t->total->pos, col->title ? col->title : "");
					ok = 0;
					break;
				}
			}
			if (ok && dec <= 15) { /* scaled() refused more */
				char digits[128];
				int64_t a = sum < 0 ? -sum : sum, p10 = 1;
				for (int k = 0; k < dec; k++)
					p10 *= 10;
				if (dec)
					snprintf(digits, sizeof digits, "%s%lld.%0*lld", sum < 0 ? "-" : "", (long long)(a / p10), dec,
					    (long long)(a % p10));
				else
					snprintf(digits, sizeof digits, "%lld", (long long)sum);
				t->total->cells[c].num = xstrdup(digits);
			}
		}
	}
	/* every number in the Vietnamese form */
	for (size_t i = 0; i <= t->nrows; i++) {
		struct table_row *r = i < t->nrows ? &t->rows[i] : t->total;
		for (size_t c = 0; r && r->cells && c < t->ncols; c++)
			if (r->cells[c].num) {
				char *vn = vietnamese_number(r->cells[c].num);
				free(r->cells[c].num);
				r->cells[c].num = vn;
			}
	}
	return t;
}
