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

/* What one file may say: DIAG_MAX problems, errors before warnings (a
 * thousand "never cited" must not hide the one error); the rest are
 * counted, not kept (a file of thousands of unknown IDs would fill the
 * memory with messages nobody reads). No message is longer than
 * DIAG_MSG_MAX. */
#define DIAG_MAX 100
#define DIAG_MSG_MAX 2000

struct diag {
	struct entry *v;
	size_t n, cap;
	size_t seq, errors;
	size_t kept[2];    /* warnings, errors held since the last flush */
	size_t dropped[2]; /* and those counted only */
	int worst;      /* -1 none */
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
	const char *fmt = _(table[c].fmt); /* the table's formats are in the catalogue (xgettext -kX:3) */
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (table[c].level >= DL_ERROR)
		d->errors++;
	if ((int)table[c].level > d->worst)
		d->worst = (int)table[c].level;
	int err = table[c].level != DL_WARNING;
	if (d->kept[err] >= DIAG_MAX && table[c].level != DL_SYSERR) {
		d->dropped[err]++;
		return;
	}
	d->kept[err]++;
	size_t len = (size_t)(n > 0 ? n : 0);
	char *msg = xmalloc(len + 1);
	va_start(ap, p);
	vsnprintf(msg, len + 1, fmt, ap);
	va_end(ap);
	if (len > DIAG_MSG_MAX) {
		/* cut at a character's start */
		size_t k = DIAG_MSG_MAX;
		while (k > 0 && ((unsigned char)msg[k] & 0xC0) == 0x80)
			k--;
		strcpy(msg + k, "…");
	}
	/* The entry keeps its own copy of the file name: diagnostics may
	 * outlive the source they point into. */
	if (p.file)
		p.file = xstrdup(p.file);
	GROW(d->v, d->cap, d->n + 1);
	d->v[d->n++] = (struct entry){p, table[c].level, d->seq++, msg};
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

/* s as a terminal may show it: control characters escaped (\x1B), so a
 * message quoting the source cannot move the cursor or ring the bell. */
static void
put_escaped(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			fprintf(f, "\\x%02X", c);
		else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xA0)
			fprintf(f, "\\u%04X", (unsigned char)s[++i]); /* a C1 control */
		else if (c == 0xE2 && i + 2 < n && (((unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] >= 0xAA &&
		                                        (unsigned char)s[i + 2] <= 0xAE) ||
		                                       ((unsigned char)s[i + 1] == 0x81 && (unsigned char)s[i + 2] >= 0xA6 &&
		                                           (unsigned char)s[i + 2] <= 0xA9))) {
			/* a bidirectional control would reorder the terminal's line */
			fprintf(f, "\\u%04X", 0x2000 + (((unsigned char)s[i + 1] & 0x3F) << 6) + ((unsigned char)s[i + 2] & 0x3F));
			i += 2;
		} else
			fputc(c, f);
	}
}

/* The source line of a diagnostic with a caret under its column, as
 * compilers show it. src is the file's text (read once per file). */
static void
show_line(const char *src, size_t len, int line, int col)
{
	const char *p = src, *end = src + len;
	for (int l = 1; l < line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return;
		p = nl + 1;
	}
	if (p >= end && line > 1)
		return;
	const char *e = memchr(p, '\n', (size_t)(end - p));
	size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
	if (n > 0 && p[n - 1] == '\r')
		n--;
	/* a long line: the 100 characters that lead up to the column */
	int skip = col > 100 ? col - 60 : 0, shown = 0;
	size_t i = 0;
	for (int c = 1; c <= skip && i < n; c++) {
		i++;
		while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
			i++;
	}
	size_t start = i;
	while (i < n && shown < 120) {
		i++;
		while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
			i++;
		shown++;
	}
	fprintf(stderr, "%6d | %s", line, skip ? "…" : "");
	/* tabs as spaces: the caret counts characters */
	for (size_t k = start; k < i; k++) {
		if (p[k] == '\t')
			fputc(' ', stderr);
		else
			put_escaped(stderr, p + k, 1);
	}
	fprintf(stderr, "%s\n       | %s", i < n ? "…" : "", skip ? " " : "");
	for (int c = 1 + skip; c < col; c++)
		fputc(' ', stderr);
	fputs("^\n", stderr);
}

void
diag_flush(struct diag *d)
{
	if (d->n == 0)
		return;
	qsort(d->v, d->n, sizeof *d->v, cmp_entry);
	/* the warnings that the errors leave room for, the first in the file */
	size_t room = d->kept[1] < DIAG_MAX ? DIAG_MAX - d->kept[1] : 0, warned = 0;
	char *src = NULL, *srcfile = NULL;
	size_t srclen = 0;
	for (size_t i = 0; i < d->n; i++) {
		struct entry *e = &d->v[i];
		if (e->level == DL_WARNING && warned++ >= room) {
			d->dropped[0]++;
			free(e->msg);
			free((char *)e->pos.file);
			continue;
		}
		/* the severities in the words of the GNU tools' catalogues */
		const char *lv = e->level == DL_WARNING ? _("warning") : _("error");
		if (e->pos.file && e->pos.line > 0)
			fprintf(stderr, "%s:%d:%d: %s: ", e->pos.file, e->pos.line, e->pos.col, lv);
		else if (e->pos.file)
			fprintf(stderr, "%s: %s: ", e->pos.file, lv);
		else
			fprintf(stderr, "vanban: %s: ", lv);
		put_escaped(stderr, e->msg, strlen(e->msg));
		fputc('\n', stderr);
		if (e->pos.file && e->pos.line > 0) {
			if (srcfile == NULL || strcmp(srcfile, e->pos.file) != 0) {
				free(src);
				free(srcfile);
				srcfile = xstrdup(e->pos.file);
				src = read_file_len(srcfile, &srclen);
			}
			if (src)
				show_line(src, srclen, e->pos.line, e->pos.col);
		}
		free(e->msg);
		free((char *)e->pos.file);
	}
	size_t de = d->dropped[1], dw = d->dropped[0];
	if (de || dw) {
		if (de && dw)
			fprintf(stderr, _("vanban: %zu more errors and %zu more warnings not shown: correct these and run again\n"),
			    de, dw);
		else if (de)
			fprintf(stderr, ngettext("vanban: %zu more error not shown: correct these and run again\n",
			                    "vanban: %zu more errors not shown: correct these and run again\n", de),
			    de);
		else
			fprintf(stderr, ngettext("vanban: %zu more warning not shown\n", "vanban: %zu more warnings not shown\n", dw),
			    dw);
	}
	free(src);
	free(srcfile);
	d->n = 0;
	d->kept[0] = d->kept[1] = d->dropped[0] = d->dropped[1] = 0;
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
