/* load_yaml.c: from bytes to a positioned node tree, through libyaml's
 * event API, with the hazards of hand-written YAML capped. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <yaml.h>

#include "legacy.h"
#include "load.h"

/* Line and column (1-based, columns in code points) of byte off: from the
 * line table when there is one, else by counting from the start. */
static struct pos
pos_of(const struct source *src, size_t off)
{
	size_t from = 0;
	int line = 1, col = 1;
	if (off > src->len)
		off = src->len;
	if (src->nlines > 0) {
		size_t lo = 0, hi = src->nlines; /* the last line starting at or before off */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (src->line_at[mid] <= off)
				lo = mid;
			else
				hi = mid;
		}
		line = (int)lo + 1;
		from = src->line_at[lo] <= off ? src->line_at[lo] : off;
	}
	for (size_t i = from; i < off; i++) {
		unsigned char c = (unsigned char)src->bytes[i];
		if (c == '\n') {
			line++;
			col = 1;
		} else if ((c & 0xC0) != 0x80) {
			col++;
		}
	}
	return (struct pos){src->path, line, col};
}

/* One pass over the bytes: counts the invalid bytes and the control
 * characters, reporting each when report is set, and notes where the
 * first of each is. */
struct scan {
	size_t bad_bytes, bad_chars;
	struct pos first_byte, first_char;
};

/* The bidirectional controls (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI,
 * PDI): they reorder what a reader shows, so that the HTML and the PDF
 * would show different figures. */
static int
bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static void
scan_pass(const struct source *src, struct diag *d, int report, struct scan *sc)
{
	const char *s = src->bytes;
	size_t i = 0, n = src->len;
	int line = 1, col = 1;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n) {
		/* most of a source is printable ASCII: nothing to check there */
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			col++;
			continue;
		}
		uint32_t cp;
		struct pos at = {src->path, line, col};
		int k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			if (sc->bad_bytes++ == 0)
				sc->first_byte = at;
			if (report)
				diag(d, D_BAD_UTF8, at, (unsigned char)s[i]);
			i++;
			col++;
			continue;
		}
		if (cp == '\n') {
			line++;
			col = 1;
		} else {
			/* what libyaml refuses as "control characters"; U+2028 and
			 * U+2029 too, which libyaml takes as line breaks (our line
			 * numbers would drift from its own) */
			int bad = (cp < 0x20 && cp != '\t' && !(cp == '\r' && i + 1 < n && s[i + 1] == '\n')) ||
			    cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xFFFE || cp == 0xFFFF ||
			    cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || bidi_control(cp);
			if (bad) {
				if (sc->bad_chars++ == 0)
					sc->first_char = at;
				if (report)
					diag(d, D_CONTROL_CHAR, at, (unsigned)cp);
			}
			col++;
		}
		i += (size_t)k;
	}
}

/* Every invalid byte and control character of the file in one run (libyaml
 * would stop at the first). Past LOAD_MAX_REPORTS of either, the file is
 * not UTF-8 text at all (saved in another encoding, or not text), and one
 * message at the first says so. */
static int
scan_bytes(struct source *src, struct diag *d)
{
	const unsigned char *u = (const unsigned char *)src->bytes;
	if (src->len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		diag(d, D_NOT_UTF8, (struct pos){src->path, 1, 1}, _("it is saved as UTF-16"));
		return -1;
	}
	struct scan sc = {0};
	scan_pass(src, d, 0, &sc);
	if (sc.bad_bytes == 0 && sc.bad_chars == 0)
		return 0;
	if (sc.bad_bytes > LOAD_MAX_REPORTS) {
		char *why = xasprintf(ngettext("%zu byte is not UTF-8, the first here, as in a file saved in "
		                               "Windows-1258, TCVN3 or VNI",
		                          "%zu bytes are not UTF-8, the first here, as in a file saved in "
		                          "Windows-1258, TCVN3 or VNI",
		                          sc.bad_bytes),
		    sc.bad_bytes);
		diag(d, D_NOT_UTF8, sc.first_byte, why);
		free(why);
	} else if (sc.bad_chars > LOAD_MAX_REPORTS) {
		char *why = xasprintf(ngettext("%zu control character, the first here: is it a text file?",
		                          "%zu control characters, the first here: is it a text file?", sc.bad_chars),
		    sc.bad_chars);
		diag(d, D_NOT_UTF8, sc.first_char, why);
		free(why);
	} else {
		struct scan again = {0};
		scan_pass(src, d, 1, &again);
	}
	return -1;
}

static char *
nfc(const char *s, size_t len, size_t *outlen)
{
	/* Text in precomposed Vietnamese is NFC already: code points below the
	 * combining marks, the precomposed Latin letters of U+1E00-U+1EFF and
	 * the usual punctuation never change. Only other text goes through
	 * utf8proc, which was a tenth of the time of a long document. */
	int stable = 1;
	for (size_t i = 0; i < len && stable;) {
		uint32_t cp;
		int k = utf8_decode(s + i, len - i, &cp);
		stable = k > 0 && (cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2010 && cp <= 0x2027) ||
		                      (cp >= 0x2030 && cp <= 0x205E));
		i += (size_t)(k > 0 ? k : 1);
	}
	if (stable) {
		*outlen = len;
		return xstrndup(s, len);
	}
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
	    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r < 0) { /* cannot happen after scan_bytes; keep the bytes */
		*outlen = len;
		return xstrndup(s, len);
	}
	*outlen = (size_t)r;
	char *copy = xstrndup((const char *)out, (size_t)r);
	free(out);
	return copy;
}

/* An anchor and what an alias of it costs: the nodes it stands for and the
 * levels of nesting it adds. */
struct anchor {
	char *name;
	struct node *node;
	size_t weight;
	size_t bytes; /* of the scalars it holds */
	int height;
	int open; /* its collection is still being read */
};

/* A collection being read. */
struct frame {
	struct node *node;
	size_t weight; /* nodes, aliases expanded */
	size_t bytes;  /* bytes of scalars, aliases expanded */
	int height;    /* levels of nesting below it */
	long anchor;   /* index in anchors, or -1 */
};

struct loader {
	struct source *src;
	struct diag *d;
	struct frame stack[LOAD_MAX_DEPTH + 1];
	int depth;
	struct anchor *anchors;
	size_t nanchors, capanchors;
	size_t *table; /* open addressing: anchor index + 1, 0 empty */
	size_t tcap;
	size_t total; /* nodes counting alias expansions */
	size_t total_bytes; /* bytes of text that aliases add */
	/* byte_of's cursor: the last mark converted */
	size_t cur_line, cur_col, cur_byte;
	int failed;
	/* the first quoted value that runs over lines holding what looks like
	 * a key ("sections:"): its closing quote may be missing */
	struct {
		yaml_mark_t start;
		int end_line;
		char key[48];
	} suspect;
	int nsuspects;
};

/* libyaml counts marks in characters; the byte offset comes from the line
 * table and the column, walking on from the last mark when it is on the
 * same line (marks mostly come in order: a long line stays linear). */
static size_t
byte_of(struct loader *L, const yaml_mark_t *m)
{
	const struct source *src = L->src;
	if (m->line >= src->nlines)
		return src->len;
	size_t b = src->line_at[m->line], c = 0;
	if (L->cur_line == m->line && L->cur_col <= m->column) {
		b = L->cur_byte;
		c = L->cur_col;
	}
	for (; c < m->column && b < src->len; c++) {
		b++;
		while (b < src->len && ((unsigned char)src->bytes[b] & 0xC0) == 0x80)
			b++;
	}
	L->cur_line = m->line;
	L->cur_col = c;
	L->cur_byte = b;
	return b;
}

static struct pos
mark_pos(const struct loader *L, const yaml_mark_t *m)
{
	return (struct pos){L->src->path, (int)m->line + 1, (int)m->column + 1};
}

static void
stop(struct loader *L)
{
	L->failed = 1;
}

static struct node *
node_new(struct loader *L, enum node_type t, const yaml_mark_t *m)
{
	struct source *src = L->src;
	if (src->nall >= LOAD_MAX_NODES) {
		diag(L->d, D_TOO_MANY_NODES, mark_pos(L, m), LOAD_MAX_NODES);
		stop(L);
		return NULL;
	}
	struct node *n = xcalloc(1, sizeof *n);
	n->type = t;
	n->pos = mark_pos(L, m);
	n->start = byte_of(L, m);
	GROW(src->all, src->cap, src->nall + 1);
	src->all[src->nall++] = n;
	return n;
}

static size_t
hash(const char *s)
{
	size_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The slot of name in the table: its anchor's, or the empty one to fill. */
static size_t *
slot(struct loader *L, const char *name)
{
	size_t mask = L->tcap - 1;
	for (size_t i = hash(name) & mask;; i = (i + 1) & mask)
		if (L->table[i] == 0 || strcmp(L->anchors[L->table[i] - 1].name, name) == 0)
			return &L->table[i];
}

static struct anchor *
find_anchor(struct loader *L, const char *name)
{
	if (L->tcap == 0)
		return NULL;
	size_t *e = slot(L, name);
	return *e ? &L->anchors[*e - 1] : NULL;
}

/* Records an anchor; a name given again names the newer node from then on,
 * as YAML says. Returns its index, or -1 for no anchor. */
static long
add_anchor(struct loader *L, const yaml_char_t *name, struct node *n, int open)
{
	if (name == NULL)
		return -1;
	if (2 * (L->nanchors + 1) > L->tcap) {
		size_t ncap = L->tcap ? 2 * L->tcap : 64;
		free(L->table);
		L->table = xcalloc(ncap, sizeof *L->table);
		L->tcap = ncap;
		for (size_t i = 0; i < L->nanchors; i++) {
			size_t *e = slot(L, L->anchors[i].name);
			if (*e == 0 || *e - 1 < i)
				*e = i + 1;
		}
	}
	GROW(L->anchors, L->capanchors, L->nanchors + 1);
	L->anchors[L->nanchors] = (struct anchor){xstrdup((const char *)name), n, 1, n->type == NODE_SCALAR ? n->len : 0, 0,
	    open};
	*slot(L, (const char *)name) = L->nanchors + 1;
	return (long)L->nanchors++;
}

/* Adds nodes to the count with aliases expanded, and the bytes of text an
 * alias adds, within their caps: an alias of a long text costs its bytes
 * each time it is used (a 100 KB text used a thousand times is a 100 MB
 * document from a file of 100 KB). */
static int
count(struct loader *L, size_t add, size_t bytes, const yaml_mark_t *m)
{
	L->total += add;
	L->total_bytes += bytes;
	if (L->total_bytes > LOAD_MAX_EXPANDED) {
		diag(L->d, D_ALIAS_BYTES, mark_pos(L, m), LOAD_MAX_EXPANDED >> 20);
		stop(L);
		return -1;
	}
	if (L->total > LOAD_MAX_NODES) {
		/* the file itself is within the cap (node_new checks): aliases
		 * multiplied it */
		diag(L->d, D_ALIAS_LIMIT, mark_pos(L, m), LOAD_MAX_NODES);
		stop(L);
		return -1;
	}
	return 0;
}

/* Attaches a finished node that stands for weight nodes and height levels
 * of nesting to the collection being read, within the caps; returns -1 to
 * stop. */
static int
attach(struct loader *L, struct node *n, size_t weight, size_t bytes, int height, const yaml_mark_t *m)
{
	if (L->depth + height > LOAD_MAX_DEPTH) {
		diag(L->d, D_TOO_DEEP, mark_pos(L, m), LOAD_MAX_DEPTH);
		stop(L);
		return -1;
	}
	if (L->depth == 0) {
		L->src->root = n;
		return 0;
	}
	struct frame *f = &L->stack[L->depth - 1];
	struct node *p = f->node;
	size_t entries = p->type == NODE_MAP ? p->n / 2 + 1 : p->n + 1;
	if (entries > LOAD_MAX_ITEMS) {
		/* TRANSLATORS: "this mapping (list) has more than N entries, the
		 * most that one mapping (list) may hold"; a mapping is a group of
		 * "key: value" lines */
		const char *what = p->type == NODE_MAP ? _("mapping") : _("list");
		diag(L->d, D_TOO_MANY_ITEMS, p->pos, what, LOAD_MAX_ITEMS, what);
		stop(L);
		return -1;
	}
	GROW(p->kids, p->cap, p->n + 1);
	p->kids[p->n++] = n;
	f->weight += weight;
	f->bytes += bytes;
	if (height + 1 > f->height)
		f->height = height + 1;
	return 0;
}

/* Is the scalar about to be attached a mapping's key? */
static int
at_key(const struct loader *L)
{
	return L->depth > 0 && L->stack[L->depth - 1].node->type == NODE_MAP && L->stack[L->depth - 1].node->n % 2 == 0;
}

static void
legacy_check(struct loader *L, const struct node *n)
{
	struct legacy_hit h;
	if (!legacy_detect(n->s, n->len, &h))
		return;
	char *word = xstrndup(n->s + h.off, h.len);
	diag(L->d, D_LEGACY_ENCODING, load_locate(L->src, n, h.off), word, h.unicode, legacy_name(h.enc));
	free(word);
	legacy_hit_free(&h);
}

/* What a clerk can do about libyaml's commonest problems. */
static const struct {
	const char *problem, *context, *hint;
} syntax_hints[] = {
    {"mapping values are not allowed", NULL, N_("a ':' followed by a space starts a key: put the value in quotes (\"…\")")},
    {"did not find expected key", NULL,
        N_("check the indentation of this line: the keys of one mapping start in the same column")},
    {"did not find expected '-' indicator", NULL,
        N_("check the indentation of this line: the entries of one list start in the same column")},
    {"end of stream", "quoted scalar", N_("a quotation mark is opened there and never closed")},
    {NULL, "scanning an alias", N_("a value that starts with '*' is read as an alias: put the value in quotes")},
    {NULL, "scanning an anchor", N_("a value that starts with '&' is read as an anchor: put the value in quotes")},
    /* xgettext:no-c-format */
    {"cannot start any token", NULL, N_("a value that starts with '@', '`' or '%' must be in quotes")},
    {"could not find expected ':'", NULL, N_("a key needs a ':' after it on the same line")},
    {"did not find expected ',' or ']'", NULL, N_("a list opened with '[' there is never closed")},
    {"did not find expected ',' or '}'", NULL, N_("a mapping opened with '{' there is never closed")},
};

/* libyaml's own words (its problems and their contexts), which the
 * messages pass on: listed for the catalogue, translated where printed.
 * The reader's (bad UTF-8) never reach it: scan_bytes speaks first. */
static const char *const yaml_words[] __attribute__((unused)) = {
    /* TRANSLATORS: the problems libyaml, the YAML parser, reports; a
     * mapping is a group of "key: value" lines, a scalar a single value,
     * a block one written over lines by indentation, a flow one inside
     * [ ] or { } */
    N_("block sequence entries are not allowed in this context"),
    N_("could not find expected ':'"),
    N_("could not find expected directive name"),
    N_("did not find URI escaped octet"),
    N_("did not find expected '!'"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected <document start>"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected comment or line break"),
    N_("did not find expected digit or '.' character"),
    N_("did not find expected hexdecimal number"),
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected tag URI"),
    N_("did not find expected version number"),
    N_("did not find expected whitespace"),
    N_("did not find expected whitespace or line break"),
    N_("did not find the expected '>'"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found an indentation indicator equal to 0"),
    N_("found character that cannot start any token"),
    N_("found duplicate %TAG directive"),
    N_("found duplicate %YAML directive"),
    N_("found extremely long version number"),
    N_("found incompatible YAML document"),
    N_("found invalid Unicode character escape code"),
    N_("found undefined tag handle"),
    N_("found unexpected ':'"),
    N_("found unexpected document indicator"),
    N_("found unexpected end of stream"),
    N_("found unknown escape character"),
    N_("mapping keys are not allowed in this context"),
    N_("mapping values are not allowed in this context"),
    /* TRANSLATORS: the contexts of libyaml's problems, shown as
     * "(while parsing a block mapping at line 3, column 1)" */
    N_("while parsing a block collection"),
    N_("while parsing a block mapping"),
    N_("while parsing a block node"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow node"),
    N_("while parsing a flow sequence"),
    N_("while parsing a node"),
    N_("while parsing a tag"),
    N_("while parsing a %TAG directive"),
    N_("while scanning a %TAG directive"),
    N_("while scanning a %YAML directive"),
    N_("while scanning a block scalar"),
    N_("while scanning a directive"),
    N_("while scanning a plain scalar"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a simple key"),
    N_("while scanning a tag"),
    N_("while scanning an alias"),
    N_("while scanning an anchor"),
    N_("while scanning for the next token"),
};

/* The column (1-based, in characters) of byte b of the line starting at
 * byte ls. */
static int
col_of(const char *s, size_t ls, size_t b)
{
	int col = 1;
	for (size_t i = ls; i < b; i++)
		col += ((unsigned char)s[i] & 0xC0) != 0x80;
	return col;
}

/* A value in quotes that holds a quotation mark of its own kind ("Về
 * "Đề án" năm 2024"): the value ends at the inner mark and the parser
 * fails on what follows it on the line. The problem at byte b, on the
 * line starting at ls: a message saying so, or NULL. */
static char *
nested_quote(const struct source *src, size_t ls, size_t b)
{
	const char *s = src->bytes;
	if (b >= src->len || s[b] == '\n' || s[b] == '\r' || s[b] == '#')
		return NULL;
	size_t q = b;
	while (q > ls && s[q - 1] == ' ')
		q--;
	if (q == ls || (s[q - 1] != '"' && s[q - 1] != '\''))
		return NULL;
	char mark = s[q - 1];
	const char *open = memchr(s + ls, mark, q - 1 - ls);
	if (open == NULL)
		return NULL;
	int col = col_of(s, ls, (size_t)(open - s));
	if (mark == '"')
		return xasprintf(_("the quotation mark before this closes the value opened at column %d, and the rest of "
		                   "the line cannot follow it: put the whole value in single quotes ('…'), or write "
		                   "each quotation mark inside it as \\\" (or as “ ”)"),
		    col);
	return xasprintf(_("the quotation mark before this closes the value opened at column %d, and the rest of the "
	                   "line cannot follow it: put the whole value in double quotes (\"…\"), or write each "
	                   "quotation mark inside it twice ('')"),
	    col);
}

/* The indentation of the line starting at byte ls: its column of the first
 * character that is not a space, and whether that starts a list entry
 * ("- "); -1 for a blank or comment line. */
static int
indent_of(const struct source *src, size_t ls, int *dash)
{
	const char *s = src->bytes;
	size_t i = ls;
	while (i < src->len && s[i] == ' ')
		i++;
	if (i >= src->len || s[i] == '\n' || s[i] == '\r' || s[i] == '#')
		return -1;
	*dash = s[i] == '-' && (i + 1 >= src->len || s[i + 1] == ' ' || s[i + 1] == '\n' || s[i + 1] == '\r');
	return (int)(i - ls) + 1;
}

/* A list entry indented otherwise than the entries above it: when the
 * problem is at the '-' of an entry on line (0-based), a message naming
 * the entry above and its column, or NULL. The entry above is the nearest
 * one a few columns away: further left, the list has ended. */
static char *
misplaced_entry(const struct source *src, size_t line, int col)
{
	int dash = 0;
	if (line >= src->nlines || indent_of(src, src->line_at[line], &dash) != col || !dash)
		return NULL;
	for (size_t l = line; l-- > 0 && line - l < 200;) {
		int d = 0, c = indent_of(src, src->line_at[l], &d);
		if (c < 0)
			continue;
		if (c < col - 3)
			break;
		if (d && c != col && c <= col + 3)
			return xasprintf(_("this entry of a list starts in column %d, the entry at line %d in column %d: "
			                   "put the '-' of the entries of one list in the same column"),
			    col, (int)l + 1, c);
	}
	return NULL;
}

static void
syntax_error(struct loader *L, yaml_parser_t *p)
{
	struct pos at = {L->src->path, (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1};
	/* a quotation mark never closed is reported where it was opened, not
	 * where the parser gave up, maybe a hundred lines below */
	if (p->problem && strstr(p->problem, "end of stream") && p->context && strstr(p->context, "quoted scalar")) {
		diag(L->d, D_UNCLOSED_QUOTE, mark_pos(L, &p->context_mark), _("the file ends inside it"));
		stop(L);
		return;
	}
	if (L->nsuspects) {
		/* TRANSLATORS: after "the quotation mark opened here is never
		 * closed: "; %s 2 is what looks like a key ("sections:"), %s 3
		 * libyaml's problem */
		char *why = xasprintf(_("it runs on to line %d and takes in '%s', and at line %d, column %d the YAML "
		                        "cannot be read: %s"),
		    L->suspect.end_line, L->suspect.key, at.line, at.col, p->problem ? _(p->problem) : _("cannot parse"));
		diag(L->d, D_UNCLOSED_QUOTE, mark_pos(L, &L->suspect.start), why);
		free(why);
		stop(L);
		return;
	}
	struct buf ctx = {0};
	if (p->context)
		/* TRANSLATORS: %s is libyaml's context ("while parsing a block
		 * mapping") */
		buf_printf(&ctx, _(" (%s at line %d, column %d)"), _(p->context), (int)p->context_mark.line + 1,
		    (int)p->context_mark.column + 1);
	const char *problem = p->problem ? p->problem : N_("cannot parse");
	size_t at_byte = L->src->nlines ? byte_of(L, &p->problem_mark) : L->src->len;
	size_t ls = p->problem_mark.line < L->src->nlines ? L->src->line_at[p->problem_mark.line] : at_byte;
	char *own = NULL;
	if ((p->problem && strstr(p->problem, "tab")) ||
	    (at_byte < L->src->len && L->src->bytes[at_byte] == '\t')) {
		problem = N_("a tab in the indentation: YAML indents with spaces only; type spaces instead of the tab");
		buf_free(&ctx);
		ctx = (struct buf){0};
	} else if ((own = nested_quote(L->src, ls, at_byte)) != NULL ||
	           (own = misplaced_entry(L->src, p->problem_mark.line, at.col)) != NULL) {
		/* the slip itself, in place of the parser's words */
		buf_free(&ctx);
		ctx = (struct buf){0};
	} else {
		for (size_t i = 0; i < sizeof syntax_hints / sizeof *syntax_hints; i++) {
			if (syntax_hints[i].problem && !strstr(problem, syntax_hints[i].problem))
				continue;
			if (syntax_hints[i].context && !(p->context && strstr(p->context, syntax_hints[i].context)))
				continue;
			/* TRANSLATORS: a hint after libyaml's problem */
			buf_printf(&ctx, _("; %s"), _(syntax_hints[i].hint));
			break;
		}
	}
	diag(L->d, D_YAML_SYNTAX, at, own ? own : _(problem), buf_cstr(&ctx));
	free(own);
	buf_free(&ctx);
	stop(L);
}

/* A quoted value over several lines, one of them a key of its own
 * ("  sections:"): a quotation mark that was never closed took in the
 * lines below it, up to the next quotation mark. The first such value is
 * kept for a syntax error that may follow, and a warning says where it
 * is when none does. */
static void
quote_check(struct loader *L, const yaml_event_t *ev)
{
	const char *s = L->src->bytes;
	/* marks count characters: bytes from the line table */
	size_t from = byte_of(L, &ev->start_mark), to = byte_of(L, &ev->end_mark);
	if (to > L->src->len)
		to = L->src->len;
	for (size_t i = from; i < to; i++) {
		if (s[i] != '\n')
			continue;
		size_t k = i + 1;
		while (k < to && s[k] == ' ')
			k++;
		if (k + 1 < to && s[k] == '-' && s[k + 1] == ' ')
			for (k += 2; k < to && s[k] == ' ';)
				k++;
		size_t w = k;
		while (k < to && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || s[k] == '_' ||
		                     (k > w && ((s[k] >= '0' && s[k] <= '9') || s[k] == '-'))))
			k++;
		if (k == w || k >= to || s[k] != ':' || (k + 1 < to && s[k + 1] != ' ' && s[k + 1] != '\n'))
			continue;
		if (L->nsuspects++ == 0) {
			L->suspect.start = ev->start_mark;
			L->suspect.end_line = (int)ev->end_mark.line + 1;
			snprintf(L->suspect.key, sizeof L->suspect.key, "%.*s", (int)(k + 1 - w < 40 ? k + 1 - w : 40), s + w);
		}
		return;
	}
}

/* A list entry written over lines whose next line starts with "- ",
 * indented further than the entries' dashes: YAML reads it as more words
 * of the entry ("một - hai"), not as an entry of its own. Said once, at
 * the first such dash. */
static void
runs_on_check(struct loader *L, const struct node *n)
{
	const char *s = L->src->bytes;
	size_t end = n->end < L->src->len ? n->end : L->src->len;
	for (size_t i = n->start; i < end; i++) {
		if (s[i] != '\n')
			continue;
		size_t k = i + 1;
		while (k < end && s[k] == ' ')
			k++;
		if (k + 1 < end && s[k] == '-' && s[k + 1] == ' ') {
			diag(L->d, D_ENTRY_RUNS_ON, pos_of(L->src, k), n->pos.line);
			return;
		}
	}
}

/* The value a slip of the colon made: a list entry or value with ": " in
 * it ("- Thực hiện: báo cáo") read as a mapping of one key that is no key
 * of the format (capitals, letters with marks, spaces), written on one
 * line in block style. */
int
load_colon_slip(const struct source *src, const struct node *m, struct diag *d)
{
	if (m == NULL || m->type != NODE_MAP || m->n != 2 || m->start >= src->len || src->bytes[m->start] == '{')
		return 0;
	const struct node *k = m->kids[0], *v = m->kids[1];
	if (k->type != NODE_SCALAR || k->style != STYLE_PLAIN || k->len == 0 || v->type != NODE_SCALAR ||
	    (v->len > 0 && v->pos.line != k->pos.line))
		return 0;
	int key_like = 1;
	for (size_t i = 0; i < k->len; i++)
		key_like &= (k->s[i] >= 'a' && k->s[i] <= 'z') || (k->s[i] >= '0' && k->s[i] <= '9') || k->s[i] == '_' ||
		    k->s[i] == '-';
	if (key_like)
		return 0;
	/* the line as typed, from the key on, without a comment */
	const char *s = src->bytes;
	size_t e = k->start;
	while (e < src->len && s[e] != '\n' && s[e] != '\r' && !(s[e] == '#' && e > k->start && s[e - 1] == ' '))
		e++;
	while (e > k->start && s[e - 1] == ' ')
		e--;
	char *typed = xstrndup(s + k->start, e - k->start);
	char *quoted = !strchr(typed, '"') ? xasprintf("\"%s\"", typed)
	               : !strchr(typed, '\'') ? xasprintf("'%s'", typed)
	                                      : xstrdup("\"…\"");
	diag(d, D_COLON_IN_VALUE, k->pos, k->s, quoted);
	free(quoted);
	free(typed);
	return 1;
}

static void
on_scalar(struct loader *L, yaml_event_t *ev)
{
	if (ev->data.scalar.length > LOAD_MAX_SCALAR) {
		diag(L->d, D_VALUE_TOO_LONG, mark_pos(L, &ev->start_mark), ev->data.scalar.length, LOAD_MAX_SCALAR);
		stop(L);
		return;
	}
	int key = at_key(L);
	struct node *n = node_new(L, NODE_SCALAR, &ev->start_mark);
	if (n == NULL)
		return;
	n->end = byte_of(L, &ev->end_mark);
	n->s = nfc((const char *)ev->data.scalar.value, ev->data.scalar.length, &n->len);
	/* what an escape of a quoted scalar makes ("\u0000" would cut a name
	 * short, "\u202E" reorder it): refused as the raw characters are */
	for (size_t i = 0; i < ev->data.scalar.length;) {
		uint32_t cp;
		const char *v = (const char *)ev->data.scalar.value;
		int k = utf8_decode(v + i, ev->data.scalar.length - i, &cp);
		if (k == 0)
			break;
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
		    bidi_control(cp)) {
			diag(L->d, D_CONTROL_CHAR, n->pos, (unsigned)cp);
			L->src->bad = 1;
			break;
		}
		i += (size_t)k;
	}
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->style = STYLE_QUOTED;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
		n->style = STYLE_LITERAL;
		break;
	case YAML_FOLDED_SCALAR_STYLE:
		n->style = STYLE_FOLDED;
		break;
	default:
		n->style = STYLE_PLAIN;
	}
	if (n->style == STYLE_QUOTED && ev->end_mark.line > ev->start_mark.line)
		quote_check(L, ev);
	if (n->style == STYLE_PLAIN && ev->end_mark.line > ev->start_mark.line && !key && L->depth > 0 &&
	    L->stack[L->depth - 1].node->type == NODE_SEQ)
		runs_on_check(L, n);
	add_anchor(L, ev->data.scalar.anchor, n, 0);
	if (count(L, 1, 0, &ev->start_mark) < 0 || attach(L, n, 1, n->len, 0, &ev->start_mark) < 0)
		return;
	if (!key)
		legacy_check(L, n);
}

static void
on_start(struct loader *L, yaml_event_t *ev)
{
	int map = ev->type == YAML_MAPPING_START_EVENT;
	struct node *n = node_new(L, map ? NODE_MAP : NODE_SEQ, &ev->start_mark);
	if (n == NULL || count(L, 1, 0, &ev->start_mark) < 0)
		return;
	if (L->depth >= LOAD_MAX_DEPTH) {
		diag(L->d, D_TOO_DEEP, n->pos, LOAD_MAX_DEPTH);
		stop(L);
		return;
	}
	long a = add_anchor(L, map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor, n, 1);
	L->stack[L->depth++] = (struct frame){n, 1, 0, 1, a};
}

/* A collection is attached to its parent when it ends, with its weight and
 * height known; its place among the parent's children is the same. */
static void
on_end(struct loader *L, yaml_event_t *ev)
{
	struct frame f = L->stack[--L->depth];
	f.node->end = byte_of(L, &ev->end_mark);
	if (f.anchor >= 0) {
		struct anchor *a = &L->anchors[f.anchor];
		a->weight = f.weight;
		a->bytes = f.bytes;
		a->height = f.height;
		a->open = 0;
	}
	attach(L, f.node, f.weight, f.bytes, f.height, &ev->start_mark);
}

static void
on_alias(struct loader *L, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct anchor *a = find_anchor(L, name);
	if (a == NULL) { /* libyaml's parser leaves this to the loader */
		/* TRANSLATORS: the two %s are the same name */
		char *why = xasprintf(_("*%s is read as an alias, but no anchor &%s comes before it (a value "
		                        "that starts with '*' must be in quotes)"),
		    name, name);
		diag(L->d, D_YAML_SYNTAX, mark_pos(L, &ev->start_mark), why, "");
		free(why);
		stop(L);
		return;
	}
	if (a->open) {
		diag(L->d, D_ALIAS_CYCLE, mark_pos(L, &ev->start_mark), name, name);
		stop(L);
		return;
	}
	if (count(L, a->weight, a->bytes, &ev->start_mark) == 0)
		attach(L, a->node, a->weight, a->bytes, a->height, &ev->start_mark);
}

static void
parse(struct loader *L)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct source *src = L->src;
	int docs = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)src->bytes, src->len);
	while (!L->failed) {
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(L, &p);
			break;
		}
		int done = ev.type == YAML_STREAM_END_EVENT;
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag(L->d, D_MULTI_DOC, mark_pos(L, &ev.start_mark));
				stop(L);
			}
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(L, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			on_start(L, &ev);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(L, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(L, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (done)
			break;
	}
	yaml_parser_delete(&p);
	if (!L->failed && L->nsuspects)
		diag(L->d, D_QUOTE_TAKES_KEY, mark_pos(L, &L->suspect.start), L->suspect.end_line, L->suspect.key);
	for (size_t i = 0; i < L->nanchors; i++)
		free(L->anchors[i].name);
	free(L->anchors);
	free(L->table);
}

struct source *
load_bytes(const char *name, const char *bytes, size_t len, struct diag *d)
{
	struct source *src = xcalloc(1, sizeof *src);
	src->path = xstrdup(name);
	src->bytes = xstrndup(bytes, len);
	src->len = len;
	if (len > LOAD_MAX_FILE) {
		diag(d, D_FILE_TOO_BIG, pos_of(src, LOAD_MAX_FILE), LOAD_MAX_FILE >> 20);
		return src;
	}
	if (scan_bytes(src, d) < 0)
		return src;
	size_t cap = 0;
	GROW(src->line_at, cap, 1);
	/* libyaml skips a byte-order mark without counting it */
	src->line_at[src->nlines++] = len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (size_t i = 0; i < len; i++)
		if (bytes[i] == '\n') {
			GROW(src->line_at, cap, src->nlines + 1);
			src->line_at[src->nlines++] = i + 1;
		}
	struct loader L = {.src = src, .d = d, .cur_line = (size_t)-1};
	parse(&L);
	if (L.failed) {
		src->root = NULL;
		return src;
	}
	if (src->root == NULL || (src->root->type == NODE_SCALAR && src->root->len == 0 &&
	    src->root->style == STYLE_PLAIN)) {
		diag(d, D_EMPTY_FILE, pos_of(src, src->line_at[0]));
		src->root = NULL;
	}
	return src;
}

struct source *
load_file_if(const char *path, int *missing, struct diag *d)
{
	/* past LOAD_MAX_FILE, load_bytes reports the size as a problem of the
	 * content, with the place where the limit is passed */
	size_t n = 0;
	char *bytes = read_file_max(path, LOAD_MAX_FILE + 1, &n);
	if (bytes == NULL) {
		if (missing != NULL && errno == ENOENT)
			*missing = 1;
		else
			diag(d, D_IO, (struct pos){0}, path, sys_error(errno));
		return NULL;
	}
	struct source *src = load_bytes(path, bytes, n, d);
	free(bytes);
	return src;
}

struct source *
load_file(const char *path, struct diag *d)
{
	return load_file_if(path, NULL, d);
}

void
load_free(struct source *src)
{
	if (src == NULL)
		return;
	for (size_t i = 0; i < src->nall; i++) {
		free(src->all[i]->s);
		free(src->all[i]->kids);
		free(src->all[i]);
	}
	free(src->all);
	free(src->line_at);
	free(src->bytes);
	free(src->path);
	free(src);
}

/* Finds the source position of a value byte by walking the raw scalar and
 * the value side by side: folding, indentation and quoting only add or drop
 * white space and quote characters, so the other characters pair up in
 * order. Escapes and normalisation can break the pairing; then the walk
 * stops at the best position found so far. */
struct pos
load_locate(const struct source *src, const struct node *n, size_t off)
{
	size_t r = n->start, end = n->end < src->len ? n->end : src->len;
	/* the first byte of a plain value is where the value starts; of a
	 * block or quoted one, past its header line or its quotation mark */
	if (n->type != NODE_SCALAR || (off == 0 && n->style == STYLE_PLAIN) || n->s == NULL)
		return n->pos;
	/* skip a block scalar's header line */
	if (n->style == STYLE_LITERAL || n->style == STYLE_FOLDED) {
		while (r < end && src->bytes[r] != '\n')
			r++;
	} else if (n->style == STYLE_QUOTED) {
		r++;
	}
	size_t best = n->start;
	for (size_t v = 0; v <= off && v < n->len; v++) {
		unsigned char c = (unsigned char)n->s[v];
		if (c == ' ' || c == '\n' || c == '\t' || (c & 0xC0) == 0x80)
			continue;
		while (r < end && (unsigned char)src->bytes[r] != c)
			r++;
		if (r >= end)
			break;
		best = r;
		if (v == off)
			break;
		r++;
	}
	return pos_of(src, best);
}

const char *
node_kind_name(const struct node *n)
{
	switch (n->type) {
	case NODE_MAP:
		/* TRANSLATORS: what was found where something else was wanted:
		 * "'recipients' must be a list ..., found a mapping"; a mapping
		 * is a group of "key: value" lines */
		return _("a mapping");
	case NODE_SEQ:
		return _("a list");
	default:
		return n->len == 0 && n->style == STYLE_PLAIN ? _("nothing") : _("a single value");
	}
}

struct node *
node_get(const struct node *map, const char *key)
{
	if (map == NULL || map->type != NODE_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (map->kids[i]->type == NODE_SCALAR && strcmp(map->kids[i]->s, key) == 0)
			return map->kids[i + 1];
	return NULL;
}
