/* diag.c: recording, ordering and printing diagnostics. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static const struct {
	enum diag_level level;
	const char *fmt;
} table[] = {
#define X(c, l, f) [c] = {l, f},
    DIAG_LIST(X)
#undef X
};

struct entry {
	struct pos pos;
	enum diag_level level;
	size_t seq;
	char *msg;
};

struct diag {
	struct entry *v;
	size_t n, cap;
	size_t seq, errors;
	int worst; /* -1 none */
};

struct diag *
diag_new(void)
{
	struct diag *d = xcalloc(1, sizeof *d);
	d->worst = -1;
	return d;
}

void
diag_free(struct diag *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].msg);
		free((char *)d->v[i].pos.file);
	}
	free(d->v);
	free(d);
}

void
diag(struct diag *d, enum diag_code c, struct pos p, ...)
{
	va_list ap;
	va_start(ap, p);
	int n = vsnprintf(NULL, 0, table[c].fmt, ap);
	va_end(ap);
	char *msg = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	va_start(ap, p);
	vsnprintf(msg, (size_t)(n > 0 ? n : 0) + 1, table[c].fmt, ap);
	va_end(ap);
	/* The entry keeps its own copy of the file name: diagnostics may
	 * outlive the source they point into. */
	if (p.file)
		p.file = xstrdup(p.file);
	GROW(d->v, d->cap, d->n + 1);
	d->v[d->n++] = (struct entry){p, table[c].level, d->seq++, msg};
	if (table[c].level >= DL_ERROR)
		d->errors++;
	if ((int)table[c].level > d->worst)
		d->worst = (int)table[c].level;
}

size_t
diag_errors(const struct diag *d)
{
	return d->errors;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->pos.file ? x->pos.file : "", y->pos.file ? y->pos.file : "");
	if (c)
		return c;
	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	if (x->pos.col != y->pos.col)
		return x->pos.col < y->pos.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
diag_flush(struct diag *d)
{
	if (d->n == 0)
		return;
	qsort(d->v, d->n, sizeof *d->v, cmp_entry);
	for (size_t i = 0; i < d->n; i++) {
		struct entry *e = &d->v[i];
		const char *lv = e->level == DL_WARNING ? "warning" : "error";
		if (e->pos.file && e->pos.line > 0)
			fprintf(stderr, "%s:%d:%d: %s: %s\n", e->pos.file, e->pos.line, e->pos.col, lv, e->msg);
		else if (e->pos.file)
			fprintf(stderr, "%s: %s: %s\n", e->pos.file, lv, e->msg);
		else
			fprintf(stderr, "vanban: %s: %s\n", lv, e->msg);
		free(e->msg);
		free((char *)e->pos.file);
	}
	d->n = 0;
}

int
diag_status(const struct diag *d)
{
	if (d->worst == DL_SYSERR)
		return 3;
	return d->worst == DL_ERROR ? 1 : 0;
}

/* Levenshtein distance over bytes; keys are ASCII. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return (size_t)-1;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

const char *
diag_suggest(const char *w, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bd = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		size_t dd = distance(w, cands[i]);
		if (dd < bd) {
			bd = dd;
			best = cands[i];
		}
	}
	size_t lim = strlen(w) <= 3 ? 1 : strlen(w) / 3 + 1;
	return bd <= lim ? best : NULL;
}
