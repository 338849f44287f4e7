/* pdf.c: the objects of a PDF that vanban built, read through its classic
 * cross-reference tables (libharu's, then vanban-sign's own updates), and
 * written back in PDF syntax. Hostile input costs bounded work: nesting is
 * capped, every offset is checked against the file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

#define MAX_DEPTH 64       /* nesting of arrays and dictionaries */
#define MAX_SECTIONS 1000  /* cross-reference sections followed through /Prev */
#define MAX_OBJECTS 8000000 /* the most objects a /Size may claim */

static int
is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static int
is_delim(char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
	       c == '/' || c == '%';
}

struct lex {
	const char *s;
	size_t len, pos;
};

static void
skip_ws(struct lex *x)
{
	while (x->pos < x->len) {
		char c = x->s[x->pos];
		if (is_ws(c))
			x->pos++;
		else if (c == '%')
			while (x->pos < x->len && x->s[x->pos] != '\n' && x->s[x->pos] != '\r')
				x->pos++;
		else
			break;
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A regular word (a number, a keyword) at the position, as its length. */
static size_t
word_len(const struct lex *x)
{
	size_t n = 0;
	while (x->pos + n < x->len && !is_ws(x->s[x->pos + n]) && !is_delim(x->s[x->pos + n]))
		n++;
	return n;
}

static int keyword(struct lex *x, const char *kw);

/* An unsigned integer word at the position, or -1; the position moves
 * past it only when it is one. */
static long long
uint_word(struct lex *x)
{
	size_t n = word_len(x);
	if (n == 0 || n > 18)
		return -1;
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		char c = x->s[x->pos + i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	x->pos += n;
	return v;
}

static int parse(struct lex *x, struct pv *out, int depth);

static int
parse_string(struct lex *x, struct pv *out)
{
	struct buf b = {0};
	int nest = 1;
	x->pos++; /* ( */
	while (x->pos < x->len) {
		char c = x->s[x->pos++];
		if (c == '(')
			nest++;
		else if (c == ')' && --nest == 0)
			break;
		if (c == '\\' && x->pos < x->len) {
			char e = x->s[x->pos++];
			switch (e) {
			case 'n': buf_putc(&b, '\n'); break;
			case 'r': buf_putc(&b, '\r'); break;
			case 't': buf_putc(&b, '\t'); break;
			case 'b': buf_putc(&b, '\b'); break;
			case 'f': buf_putc(&b, '\f'); break;
			case '\r':
				if (x->pos < x->len && x->s[x->pos] == '\n')
					x->pos++;
				break;
			case '\n': break;
			default:
				if (e >= '0' && e <= '7') {
					int v = e - '0';
					for (int k = 0; k < 2 && x->pos < x->len && x->s[x->pos] >= '0' && x->s[x->pos] <= '7'; k++)
						v = v * 8 + (x->s[x->pos++] - '0');
					buf_putc(&b, (char)v);
				} else {
					buf_putc(&b, e);
				}
			}
			continue;
		}
		buf_putc(&b, c);
	}
	if (nest != 0) {
		buf_free(&b);
		return -1;
	}
	out->t = PV_STR;
	out->len = b.len;
	out->s = b.s ? b.s : xstrdup("");
	return 0;
}

static int
parse_hex(struct lex *x, struct pv *out)
{
	struct buf b = {0};
	int hi = -1;
	x->pos++; /* < */
	while (x->pos < x->len && x->s[x->pos] != '>') {
		char c = x->s[x->pos++];
		if (is_ws(c))
			continue;
		int v = hexval(c);
		if (v < 0) {
			buf_free(&b);
			return -1;
		}
		if (hi < 0) {
			hi = v;
		} else {
			buf_putc(&b, (char)(hi << 4 | v));
			hi = -1;
		}
	}
	if (x->pos >= x->len) {
		buf_free(&b);
		return -1;
	}
	x->pos++;
	if (hi >= 0)
		buf_putc(&b, (char)(hi << 4));
	out->t = PV_STR;
	out->len = b.len;
	out->s = b.s ? b.s : xstrdup("");
	return 0;
}

static int
parse_name(struct lex *x, struct pv *out)
{
	x->pos++; /* / */
	struct buf b = {0};
	while (x->pos < x->len && !is_ws(x->s[x->pos]) && !is_delim(x->s[x->pos])) {
		char c = x->s[x->pos++];
		if (c == '#' && x->pos + 1 < x->len && hexval(x->s[x->pos]) >= 0 && hexval(x->s[x->pos + 1]) >= 0) {
			c = (char)(hexval(x->s[x->pos]) << 4 | hexval(x->s[x->pos + 1]));
			x->pos += 2;
		}
		buf_putc(&b, c);
	}
	out->t = PV_NAME;
	out->s = b.s ? b.s : xstrdup("");
	return 0;
}

static int
parse_number(struct lex *x, struct pv *out)
{
	size_t n = word_len(x);
	char tmp[64];
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, x->s + x->pos, n);
	tmp[n] = '\0';
	char *end;
	if (strchr(tmp, '.') == NULL) {
		errno = 0;
		long long v = strtoll(tmp, &end, 10);
		if (*end != '\0' || errno)
			return -1;
		x->pos += n;
		out->t = PV_INT;
		out->i = v;
		/* "num gen R" */
		size_t save = x->pos;
		if (v >= 0) {
			skip_ws(x);
			long long gen = uint_word(x);
			if (gen >= 0) {
				skip_ws(x);
				if (x->pos < x->len && x->s[x->pos] == 'R' &&
				    (x->pos + 1 == x->len || is_ws(x->s[x->pos + 1]) || is_delim(x->s[x->pos + 1]))) {
					x->pos++;
					out->t = PV_REF;
					out->gen = (int)gen;
					return 0;
				}
			}
		}
		x->pos = save;
		return 0;
	}
	out->r = strtod(tmp, &end);
	if (*end != '\0')
		return -1;
	x->pos += n;
	out->t = PV_REAL;
	return 0;
}

static int
parse(struct lex *x, struct pv *out, int depth)
{
	memset(out, 0, sizeof *out);
	if (depth > MAX_DEPTH)
		return -1;
	skip_ws(x);
	if (x->pos >= x->len)
		return -1;
	char c = x->s[x->pos];
	if (c == '/')
		return parse_name(x, out);
	if (c == '(')
		return parse_string(x, out);
	if (c == '<' && x->pos + 1 < x->len && x->s[x->pos + 1] == '<') {
		x->pos += 2;
		out->t = PV_DICT;
		for (;;) {
			skip_ws(x);
			if (x->pos + 1 < x->len && x->s[x->pos] == '>' && x->s[x->pos + 1] == '>') {
				x->pos += 2;
				return 0;
			}
			struct pv k = {0}, v = {0};
			if (x->pos >= x->len || x->s[x->pos] != '/' || parse_name(x, &k) != 0)
				goto bad;
			if (parse(x, &v, depth + 1) != 0) {
				pv_free(&k);
				pv_free(&v);
				goto bad;
			}
			pv_push(out, k);
			pv_push(out, v);
		}
	}
	if (c == '<')
		return parse_hex(x, out);
	if (c == '[') {
		x->pos++;
		out->t = PV_ARRAY;
		for (;;) {
			skip_ws(x);
			if (x->pos < x->len && x->s[x->pos] == ']') {
				x->pos++;
				return 0;
			}
			struct pv v = {0};
			if (parse(x, &v, depth + 1) != 0) {
				pv_free(&v);
				goto bad;
			}
			pv_push(out, v);
		}
	}
	if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')
		return parse_number(x, out);
	if (keyword(x, "true") || keyword(x, "false")) {
		out->t = PV_BOOL;
		out->i = x->s[x->pos - 1] == 'e' && x->s[x->pos - 2] == 'u';
		return 0;
	}
	if (keyword(x, "null"))
		return 0;
	return -1;
bad:
	pv_free(out);
	return -1;
}

/* The keyword kw at the position, which it moves past. */
static int
keyword(struct lex *x, const char *kw)
{
	size_t n = strlen(kw);
	if (word_len(x) == n && memcmp(x->s + x->pos, kw, n) == 0) {
		x->pos += n;
		return 1;
	}
	return 0;
}

/* One cross-reference section at off: its entries (the ones not seen in
 * a later section) and its trailer. */
static int
read_xref(struct pdf *p, size_t off, unsigned char *seen, size_t nseen, struct pv *trailer)
{
	struct lex x = {p->bytes, p->len, off};
	if (!keyword(&x, "xref"))
		return -1;
	for (;;) {
		skip_ws(&x);
		if (keyword(&x, "trailer"))
			break;
		long long first = uint_word(&x);
		skip_ws(&x);
		long long count = uint_word(&x);
		if (first < 0 || count < 0 || first + count > MAX_OBJECTS)
			return -1;
		for (long long k = 0; k < count; k++) {
			skip_ws(&x);
			long long o = uint_word(&x);
			skip_ws(&x);
			long long gen = uint_word(&x);
			skip_ws(&x);
			if (o < 0 || gen < 0 || x.pos >= x.len)
				return -1;
			char type = x.s[x.pos++];
			size_t num = (size_t)(first + k);
			if (num < nseen && !seen[num]) {
				seen[num] = 1;
				if (type == 'n' && (size_t)o < p->len)
					p->off[num] = (size_t)o;
			}
		}
	}
	return parse(&x, trailer, 0) == 0 && trailer->t == PV_DICT ? 0 : -1;
}

int
pdf_open(struct pdf *p, const char *bytes, size_t len, char **why)
{
	memset(p, 0, sizeof *p);
	p->bytes = bytes;
	p->len = len;
	if (len < 8 || memcmp(bytes, "%PDF-1.", 7) != 0 || bytes[7] < '0' || bytes[7] > '9') {
		*why = xstrdup(_("not a PDF file"));
		return -1;
	}
	p->version = bytes[7] - '0';
	/* startxref, in the last kilobyte */
	size_t from = len > 1024 ? len - 1024 : 0, at = (size_t)-1;
	for (size_t i = len - 9; i + 1 > from && i < len; i--)
		if (memcmp(bytes + i, "startxref", 9) == 0) {
			at = i;
			break;
		}
	struct lex x = {bytes, len, at + 9};
	long long sx = -1;
	if (at != (size_t)-1) {
		skip_ws(&x);
		sx = uint_word(&x);
	}
	if (sx < 0 || (size_t)sx >= len) {
		*why = xstrdup(_("no cross-reference table (the file is cut short or damaged)"));
		return -1;
	}
	p->startxref = (size_t)sx;
	struct lex y = {bytes, len, (size_t)sx};
	if (!keyword(&y, "xref")) {
		*why = xstrdup(_("its cross-reference is a stream, which only a PDF that vanban built does not have: "
		                 "sign the PDF that vanban build wrote"));
		return -1;
	}
	/* the size first, from the last trailer */
	size_t off = (size_t)sx;
	struct pv last;
	unsigned char dummy = 0;
	p->off = NULL;
	if (read_xref(p, off, &dummy, 0, &last) != 0) {
		pv_free(&last);
		*why = xstrdup(_("its cross-reference table is damaged"));
		return -1;
	}
	const struct pv *size = pv_get(&last, "Size");
	if (size == NULL || size->t != PV_INT || size->i <= 0 || size->i > MAX_OBJECTS) {
		pv_free(&last);
		*why = xstrdup(_("its trailer has no valid /Size"));
		return -1;
	}
	p->noff = (size_t)size->i;
	p->off = xcalloc(p->noff, sizeof *p->off);
	unsigned char *seen = xcalloc(p->noff, 1);
	p->trailer = last;
	int ok = 1;
	for (int k = 0; ok && k < MAX_SECTIONS; k++) {
		struct pv t;
		if (read_xref(p, off, seen, p->noff, &t) != 0) {
			pv_free(&t);
			ok = 0;
			break;
		}
		const struct pv *prev = pv_get(&t, "Prev");
		long long next = prev && prev->t == PV_INT ? prev->i : -1;
		pv_free(&t);
		if (next < 0)
			break;
		if ((size_t)next >= len || (size_t)next == off) {
			ok = 0;
			break;
		}
		off = (size_t)next;
	}
	free(seen);
	if (!ok) {
		pdf_close(p);
		*why = xstrdup(_("its cross-reference table is damaged"));
		return -1;
	}
	return 0;
}

void
pdf_close(struct pdf *p)
{
	free(p->off);
	pv_free(&p->trailer);
	p->off = NULL;
}

int
pdf_object(const struct pdf *p, int num, struct pv *out, size_t *stream)
{
	memset(out, 0, sizeof *out);
	if (num <= 0 || (size_t)num >= p->noff || p->off[num] == 0)
		return -1;
	struct lex x = {p->bytes, p->len, p->off[num]};
	long long n = uint_word(&x);
	skip_ws(&x);
	long long gen = uint_word(&x);
	skip_ws(&x);
	if (n != num || gen < 0 || !keyword(&x, "obj"))
		return -1;
	if (parse(&x, out, 0) != 0)
		return -1;
	if (stream) {
		*stream = 0;
		skip_ws(&x);
		if (keyword(&x, "stream")) {
			if (x.pos < x.len && x.s[x.pos] == '\r')
				x.pos++;
			if (x.pos < x.len && x.s[x.pos] == '\n')
				x.pos++;
			*stream = x.pos;
		}
	}
	return 0;
}

const struct pv *
pdf_resolve(const struct pdf *p, const struct pv *v, struct pv *tmp)
{
	memset(tmp, 0, sizeof *tmp);
	if (v == NULL || v->t != PV_REF)
		return v;
	if (pdf_object(p, (int)v->i, tmp, NULL) != 0)
		return NULL;
	return tmp;
}

const struct pv *
pv_get(const struct pv *d, const char *key)
{
	if (d == NULL || d->t != PV_DICT)
		return NULL;
	for (size_t i = 0; i + 1 < d->n; i += 2)
		if (strcmp(d->v[i].s, key) == 0)
			return &d->v[i + 1];
	return NULL;
}

void
pv_push(struct pv *a, struct pv val)
{
	GROW(a->v, a->cap, a->n + 1);
	a->v[a->n++] = val;
}

void
pv_set(struct pv *d, const char *key, struct pv val)
{
	for (size_t i = 0; i + 1 < d->n; i += 2)
		if (strcmp(d->v[i].s, key) == 0) {
			pv_free(&d->v[i + 1]);
			d->v[i + 1] = val;
			return;
		}
	pv_push(d, pv_name(key));
	pv_push(d, val);
}

struct pv
pv_copy(const struct pv *v)
{
	struct pv c = *v;
	c.v = NULL;
	c.n = c.cap = 0;
	if (v->s) {
		size_t n = v->t == PV_STR ? v->len : strlen(v->s);
		c.s = xmalloc(n + 1);
		memcpy(c.s, v->s, n);
		c.s[n] = '\0';
	}
	for (size_t i = 0; i < v->n; i++)
		pv_push(&c, pv_copy(&v->v[i]));
	return c;
}

void
pv_free(struct pv *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++)
		pv_free(&v->v[i]);
	free(v->v);
	free(v->s);
	memset(v, 0, sizeof *v);
}

int
pv_is_num(const struct pv *v)
{
	return v && (v->t == PV_INT || v->t == PV_REAL);
}

double
pv_num(const struct pv *v)
{
	return v == NULL ? 0 : v->t == PV_INT ? (double)v->i : v->t == PV_REAL ? v->r : 0;
}

struct pv
pv_int(long long i)
{
	return (struct pv){.t = PV_INT, .i = i};
}

struct pv
pv_real(double r)
{
	return (struct pv){.t = PV_REAL, .r = r};
}

struct pv
pv_name(const char *s)
{
	return (struct pv){.t = PV_NAME, .s = xstrdup(s)};
}

struct pv
pv_ref(int num)
{
	return (struct pv){.t = PV_REF, .i = num};
}

struct pv
pv_bytes(const char *s, size_t len)
{
	struct pv v = {.t = PV_STR, .len = len};
	v.s = xmalloc(len + 1);
	memcpy(v.s, s, len);
	v.s[len] = '\0';
	return v;
}

struct pv
pv_dict(void)
{
	return (struct pv){.t = PV_DICT};
}

struct pv
pv_array(void)
{
	return (struct pv){.t = PV_ARRAY};
}

struct pv
pv_text(const char *s)
{
	size_t n = strlen(s);
	int ascii = 1;
	for (size_t i = 0; i < n; i++)
		ascii &= (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F;
	if (ascii)
		return pv_bytes(s, n);
	struct buf b = {0};
	buf_utf16be(&b, s, n);
	struct pv v = pv_bytes(b.s, b.len);
	buf_free(&b);
	return v;
}

char *
pv_utf8(const struct pv *v)
{
	if (v == NULL || v->t != PV_STR)
		return NULL;
	struct buf b = {0};
	const unsigned char *s = (const unsigned char *)v->s;
	if (v->len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		for (size_t i = 2; i + 1 < v->len; i += 2) {
			uint32_t cp = (uint32_t)s[i] << 8 | s[i + 1];
			if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < v->len) {
				uint32_t lo = (uint32_t)s[i + 2] << 8 | s[i + 3];
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
			char u[4];
			buf_add(&b, u, (size_t)utf8_encode(cp, u));
		}
	} else {
		for (size_t i = 0; i < v->len; i++) {
			char u[4];
			buf_add(&b, u, (size_t)utf8_encode(s[i], u));
		}
	}
	return b.s ? buf_take(&b) : xstrdup("");
}

static void
put_real(struct buf *b, double r)
{
	char s[64];
	snprintf(s, sizeof s, "%.4f", r);
	char *e = s + strlen(s) - 1;
	while (*e == '0')
		*e-- = '\0';
	if (*e == '.')
		*e = '\0';
	buf_puts(b, strcmp(s, "-0") == 0 ? "0" : s);
}

void
pv_write(struct buf *b, const struct pv *v)
{
	switch (v->t) {
	case PV_NULL: buf_puts(b, "null"); break;
	case PV_BOOL: buf_puts(b, v->i ? "true" : "false"); break;
	case PV_INT: buf_printf(b, "%lld", v->i); break;
	case PV_REAL: put_real(b, v->r); break;
	case PV_REF: buf_printf(b, "%lld %d R", v->i, v->gen); break;
	case PV_NAME:
		buf_putc(b, '/');
		for (const char *c = v->s; *c; c++) {
			unsigned char u = (unsigned char)*c;
			if (u <= 0x20 || u >= 0x7F || u == '#' || is_delim(*c))
				buf_printf(b, "#%02X", u);
			else
				buf_putc(b, *c);
		}
		break;
	case PV_STR: {
		int printable = 1;
		for (size_t i = 0; i < v->len; i++)
			printable &= (unsigned char)v->s[i] >= 0x20 && (unsigned char)v->s[i] < 0x7F;
		if (printable) {
			buf_putc(b, '(');
			for (size_t i = 0; i < v->len; i++) {
				if (v->s[i] == '(' || v->s[i] == ')' || v->s[i] == '\\')
					buf_putc(b, '\\');
				buf_putc(b, v->s[i]);
			}
			buf_putc(b, ')');
		} else {
			buf_putc(b, '<');
			for (size_t i = 0; i < v->len; i++)
				buf_printf(b, "%02X", (unsigned char)v->s[i]);
			buf_putc(b, '>');
		}
		break;
	}
	case PV_ARRAY:
		buf_putc(b, '[');
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				buf_putc(b, ' ');
			pv_write(b, &v->v[i]);
		}
		buf_putc(b, ']');
		break;
	case PV_DICT:
		buf_puts(b, "<<");
		for (size_t i = 0; i + 1 < v->n; i += 2) {
			pv_write(b, &v->v[i]);
			buf_putc(b, ' ');
			pv_write(b, &v->v[i + 1]);
			if (i + 2 < v->n)
				buf_putc(b, ' ');
		}
		buf_puts(b, ">>");
		break;
	}
}
