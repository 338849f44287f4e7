/* out_xlsx.c: vanban-xlsx, the program that writes the task table as an
 * Excel workbook (libxlsxwriter). It is a program of its own, as git's
 * helpers are, so that vanban itself never loads libxlsxwriter and what it
 * brings (zlib's minizip, OpenSSL's libcrypto): vanban tasks --xlsx runs it
 * and hands it the rows on standard input, in the format out_tasks.h
 * describes (tasks_sheet).
 *
 * Usage: vanban-xlsx [--localedir DIR] OUT.xlsx < rows
 * Exit status: 0 written, 2 rows it cannot read (vanban's fault), 3 the
 * workbook could not be written. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>
#include <xlsxwriter.h>

#include "common.h"

/* Excel's limits: the characters of a sheet's name and of a cell. */
enum { SHEET_NAME_MAX = 31, CELL_MAX = 32767 };

static const char *prog = "vanban-xlsx";

struct column {
	int date; /* the cells are dates YYYY-MM-DD (or empty) */
	char *header;
	size_t width; /* the longest line, in characters */
};

/* A column is as wide as its longest line of text (in characters, which
 * Excel's width unit approximates) and the margin, at most width_max:
 * longer texts wrap. The family's measures (task-workbook). */
struct sheet {
	char *name;
	int width_max, width_margin;
	int line_height; /* pt, for each line of a row's wrapped text */
	char *date_format; /* what a date cell shows */
	struct column *cols;
	size_t ncols, capcols;
	char ***rows; /* rows[r][c], ncols cells each */
	size_t nrows, caprows;
};

struct book {
	long long created;
	struct sheet *v;
	size_t n, cap;
};

/* Undoes the escapes of a field (\\, \t, \n, \r) in place; -1 for one it
 * does not know. */
static int
unescape(char *s)
{
	char *o = s;
	for (const char *p = s; *p; p++) {
		if (*p != '\\') {
			*o++ = *p;
			continue;
		}
		switch (*++p) {
		case '\\': *o++ = '\\'; break;
		case 't': *o++ = '\t'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		default: return -1;
		}
	}
	*o = '\0';
	return 0;
}

/* The longest line of s, in characters. */
static size_t
longest_line(const char *s)
{
	size_t best = 0, n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n') {
			n = 0;
			continue;
		}
		if ((*p & 0xC0) != 0x80 && ++n > best)
			best = n;
	}
	return best;
}

/* The lines s takes in a column of width characters, wrapped at its
 * spaces as a spreadsheet wraps it (a word longer than the width alone on
 * its lines). */
static size_t
wrapped_lines(const char *s, double width)
{
	size_t lines = 1, at = 0, w = width < 1 ? 1 : (size_t)width;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p == '\n') {
			lines++;
			at = 0;
			p++;
			continue;
		}
		size_t word = 0;
		const unsigned char *q = p;
		for (; *q && *q != ' ' && *q != '\n'; q++)
			if ((*q & 0xC0) != 0x80)
				word++;
		if (at > 0 && at + 1 + word > w) {
			lines++;
			at = 0;
		}
		at += (at > 0) + word;
		while (at > w) { /* a word wider than the column */
			lines++;
			at -= w;
		}
		p = q;
		while (*p == ' ')
			p++;
	}
	return lines;
}

/* Reads the rows; -1 (said on standard error) when they are not in the
 * format. */
static int
read_book(char *in, struct book *bk)
{
	int line = 0;
	char *next;
	for (char *l = in; l && *l; l = next) {
		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';
		line++;
		/* the fields, TAB between them */
		char *f[2 + 64];
		size_t nf = 0;
		for (char *p = l;; nf++) {
			if (nf == sizeof f / sizeof f[0])
				goto bad;
			f[nf] = p;
			p = strchr(p, '\t');
			if (p == NULL) {
				nf++;
				break;
			}
			*p++ = '\0';
		}
		for (size_t i = 1; i < nf; i++)
			if (unescape(f[i]) < 0)
				goto bad;
		struct sheet *sh = bk->n ? &bk->v[bk->n - 1] : NULL;
		if (line == 1) {
			if (nf != 2 || strcmp(f[0], "vanban-xlsx") != 0 || strcmp(f[1], "1") != 0)
				goto bad;
		} else if (strcmp(f[0], "created") == 0 && nf == 2) {
			char *end;
			errno = 0;
			bk->created = strtoll(f[1], &end, 10);
			if (errno || *end || end == f[1])
				goto bad;
		} else if (strcmp(f[0], "sheet") == 0 && nf == 6) {
			GROW(bk->v, bk->cap, bk->n + 1);
			sh = &bk->v[bk->n++];
			memset(sh, 0, sizeof *sh);
			sh->name = f[1];
			sh->width_max = atoi(f[2]);
			sh->width_margin = atoi(f[3]);
			sh->line_height = atoi(f[4]);
			sh->date_format = f[5];
		} else if (strcmp(f[0], "column") == 0 && nf == 3 && sh && sh->nrows == 0 &&
		           (strcmp(f[1], "text") == 0 || strcmp(f[1], "date") == 0)) {
			GROW(sh->cols, sh->capcols, sh->ncols + 1);
			sh->cols[sh->ncols++] = (struct column){strcmp(f[1], "date") == 0, f[2], longest_line(f[2])};
		} else if (strcmp(f[0], "row") == 0 && sh && nf == 1 + sh->ncols) {
			GROW(sh->rows, sh->caprows, sh->nrows + 1);
			char **cells = sh->rows[sh->nrows++] = xcalloc(sh->ncols, sizeof *cells);
			for (size_t c = 0; c < sh->ncols; c++) {
				cells[c] = f[1 + c];
				size_t w = sh->cols[c].date ? longest_line(sh->date_format) : longest_line(cells[c]);
				if (w > sh->cols[c].width)
					sh->cols[c].width = w;
			}
		} else {
			goto bad;
		}
	}
	if (line == 0)
		goto bad;
	return 0;
bad:
	fprintf(stderr, _("%s: error: line %d of the rows is not in the format vanban writes\n"), prog, line);
	return -1;
}

/* The name with every character Excel refuses in a sheet's name ([ ] : *
 * ? / \, an apostrophe first or last) as '_', at most max characters. */
static char *
sheet_base(const char *name, size_t max)
{
	struct buf b = {0};
	size_t n = 0, len = strlen(name);
	for (size_t i = 0; i < len && n < max; n++) {
		size_t k = 1;
		while (i + k < len && ((unsigned char)name[i + k] & 0xC0) == 0x80)
			k++;
		int apostrophe = name[i] == '\'' && (i == 0 || i + k == len || n + 1 == max);
		if (apostrophe || (k == 1 && strchr("[]:*?/\\", name[i])))
			buf_putc(&b, '_');
		else
			buf_add(&b, name + i, k);
		i += k;
	}
	if (b.len == 0)
		buf_putc(&b, '_');
	return buf_take(&b);
}

/* Excel tells sheets apart regardless of case. */
static char *
folded(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	        UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
		return xstrdup(s);
	return (char *)out;
}

static int
taken(char **names, size_t n, const char *name)
{
	char *f = folded(name);
	/* a name Excel keeps for itself */
	int t = strcmp(f, "history") == 0;
	for (size_t i = 0; !t && i < n; i++) {
		char *g = folded(names[i]);
		t = strcmp(f, g) == 0;
		free(g);
	}
	free(f);
	return t;
}

/* The sheets' names: each document's stem cut to Excel's 31 characters;
 * the second of a name, and so on, cut shorter to take -2, -3... */
static char **
sheet_names(const struct book *bk)
{
	char **names = xcalloc(bk->n + 1, sizeof *names);
	for (size_t i = 0; i < bk->n; i++) {
		char *name = sheet_base(bk->v[i].name, SHEET_NAME_MAX);
		for (size_t k = 2; taken(names, i, name); k++) {
			free(name);
			char suffix[24];
			int sl = snprintf(suffix, sizeof suffix, "-%zu", k);
			char *base = sheet_base(bk->v[i].name, SHEET_NAME_MAX - (size_t)sl);
			name = xasprintf("%s%s", base, suffix);
			free(base);
		}
		names[i] = name;
	}
	return names;
}

/* A cell's text as Excel holds it: at most CELL_MAX characters. */
static const char *
cell_text(const char *s, char **owned, int *cut)
{
	size_t n = 0, i = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && ++n == CELL_MAX)
			break;
	if (s[i] == '\0')
		return s;
	/* the last character kept is followed by "…" in place of the rest */
	*cut = 1;
	*owned = xasprintf("%.*s…", (int)i, s);
	return *owned;
}

static int
date_of(const char *s, lxw_datetime *dt)
{
	int y, m, d, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] != '\0' || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*dt = (lxw_datetime){y, m, d, 0, 0, 0};
	return 0;
}

static int
write_book(const char *out, const struct book *bk)
{
	lxw_workbook *wb = workbook_new(out);
	if (wb == NULL) {
		fprintf(stderr, _("%s: error: cannot create %s: %s\n"), prog, out, strerror(errno ? errno : EIO));
		return -1;
	}
	/* the time the workbook says it was made: given, so that the same
	 * sources give the same bytes */
	lxw_doc_properties props = {0};
	props.created = (time_t)bk->created;
	workbook_set_properties(wb, &props);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	lxw_format *text = workbook_add_format(wb);
	format_set_text_wrap(text);
	format_set_align(text, LXW_ALIGN_VERTICAL_TOP);
	char **names = sheet_names(bk);
	lxw_error err = LXW_NO_ERROR;
	for (size_t i = 0; err == LXW_NO_ERROR && i < bk->n; i++) {
		const struct sheet *sh = &bk->v[i];
		lxw_format *date = workbook_add_format(wb); /* the same one again is shared */
		format_set_num_format(date, sh->date_format);
		format_set_align(date, LXW_ALIGN_VERTICAL_TOP);
		lxw_worksheet *ws = workbook_add_worksheet(wb, names[i]);
		if (ws == NULL) {
			err = LXW_ERROR_SHEETNAME_ALREADY_USED;
			break;
		}
		for (size_t c = 0; c < sh->ncols; c++) {
			double w = (double)sh->cols[c].width + sh->width_margin;
			worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w < sh->width_max ? w : sh->width_max, NULL);
			worksheet_write_string(ws, 0, (lxw_col_t)c, sh->cols[c].header, head);
		}
		worksheet_freeze_panes(ws, 1, 0);
		/* printed as a clerk prints it: A4 across, the columns on one
		 * page's width, the headers again at the top of each page */
		worksheet_set_paper(ws, 9);
		worksheet_set_landscape(ws);
		worksheet_fit_to_pages(ws, 1, 0);
		worksheet_repeat_rows(ws, 0, 0);
		for (size_t r = 0; err == LXW_NO_ERROR && r < sh->nrows; r++) {
			/* spreadsheets do not grow a row to its wrapped text when
			 * they open a file: the row is as high as its longest cell */
			size_t lines = 1;
			for (size_t c = 0; c < sh->ncols; c++) {
				double w = (double)sh->cols[c].width + sh->width_margin;
				size_t n = wrapped_lines(sh->rows[r][c], (w < sh->width_max ? w : sh->width_max) - sh->width_margin);
				if (n > lines)
					lines = n;
			}
			worksheet_set_row(ws, (lxw_row_t)(r + 1), (double)lines * sh->line_height, NULL);
			for (size_t c = 0; err == LXW_NO_ERROR && c < sh->ncols; c++) {
				const char *v = sh->rows[r][c];
				lxw_row_t row = (lxw_row_t)(r + 1);
				lxw_datetime dt;
				if (*v == '\0')
					continue;
				if (sh->cols[c].date && date_of(v, &dt) == 0) {
					err = worksheet_write_datetime(ws, row, (lxw_col_t)c, &dt, date);
					continue;
				}
				char *owned = NULL;
				int cut = 0;
				err = worksheet_write_string(ws, row, (lxw_col_t)c, cell_text(v, &owned, &cut), text);
				if (cut) {
					char col[LXW_MAX_COL_NAME_LENGTH];
					lxw_col_to_name(col, (lxw_col_t)c, 0);
					fprintf(stderr,
					    _("%s: warning: %s, sheet %s, cell %s%zu: the text is cut to Excel's %d characters\n"),
					    prog, out, names[i], col, r + 2, CELL_MAX);
				}
				free(owned);
			}
		}
		/* a filter on each column, as a clerk sorts and picks the tasks */
		if (err == LXW_NO_ERROR && sh->ncols > 0)
			err = worksheet_autofilter(ws, 0, 0, (lxw_row_t)sh->nrows, (lxw_col_t)(sh->ncols - 1));
	}
	lxw_error closed = workbook_close(wb);
	if (err == LXW_NO_ERROR)
		err = closed;
	for (size_t i = 0; i < bk->n; i++)
		free(names[i]);
	free(names);
	if (err != LXW_NO_ERROR) {
		fprintf(stderr, _("%s: error: cannot write %s: %s\n"), prog, out, lxw_strerror(err));
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	int a = 1;
	if (argc > 2 && strcmp(argv[1], "--localedir") == 0) {
		bindtextdomain("vanban", argv[2]);
		a = 3;
	}
	bind_textdomain_codeset("vanban", "UTF-8");
	textdomain("vanban");
	if (argc != a + 1) {
		fprintf(stderr, _("usage: %s [--localedir DIR] OUT.xlsx < rows (vanban tasks --xlsx runs it)\n"), prog);
		return 2;
	}
	/* the rows, whole */
	struct buf in = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		buf_add(&in, chunk, n);
	if (ferror(stdin)) {
		fprintf(stderr, _("%s: error: cannot read the rows: %s\n"), prog, strerror(errno));
		return 3;
	}
	buf_cstr(&in);
	struct book bk = {0};
	int status = read_book(in.s, &bk) < 0 ? 2 : write_book(argv[a], &bk) < 0 ? 3 : 0;
	for (size_t i = 0; i < bk.n; i++) {
		for (size_t r = 0; r < bk.v[i].nrows; r++)
			free(bk.v[i].rows[r]);
		free(bk.v[i].rows);
		free(bk.v[i].cols);
	}
	free(bk.v);
	buf_free(&in);
	return status;
}
