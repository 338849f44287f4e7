/* load_yaml.c: from bytes to a positioned node tree, through libyaml's
 * event API, with the hazards of hand-written YAML capped. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <yaml.h>

#include "load.h"

/* libyaml counts marks in characters; the byte offset comes from the line
 * table and the column. */
static size_t
byte_of(const struct source *src, const yaml_mark_t *m)
{
	if (m->line >= src->nlines)
		return src->len;
	size_t b = src->line_at[m->line];
	for (size_t c = 0; c < m->column && b < src->len; c++) {
		b++;
		while (b < src->len && ((unsigned char)src->bytes[b] & 0xC0) == 0x80)
			b++;
	}
	return b;
}

static struct node *
node_new(struct source *src, enum node_type t, const yaml_mark_t *m)
{
	struct node *n = xcalloc(1, sizeof *n);
	n->type = t;
	n->pos = (struct pos){src->path, (int)m->line + 1, (int)m->column + 1};
	n->start = byte_of(src, m);
	GROW(src->all, src->cap, src->nall + 1);
	src->all[src->nall++] = n;
	return n;
}

static void
node_push(struct node *parent, struct node *kid)
{
	GROW(parent->kids, parent->cap, parent->n + 1);
	parent->kids[parent->n++] = kid;
}

/* Line and column (1-based, columns in code points) of byte off. */
static struct pos
pos_of(const struct source *src, size_t off)
{
	int line = 1, col = 1;
	for (size_t i = 0; i < off && i < src->len; i++) {
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

/* Every invalid byte and control character of the file in one run: libyaml
 * would stop at the first. */
static int
scan_bytes(struct source *src, struct diag *d)
{
	size_t errs = 0;
	const char *s = src->bytes;
	size_t i = 0, n = src->len;
	int line = 1, col = 1;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			diag(d, D_BAD_UTF8, (struct pos){src->path, line, col}, (unsigned char)s[i]);
			errs++;
			i++;
			col++;
			continue;
		}
		if (cp == '\n') {
			line++;
			col = 1;
		} else {
			int bad = (cp < 0x20 && cp != '\t' && !(cp == '\r' && i + 1 < n && s[i + 1] == '\n')) ||
			    cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xFFFE || cp == 0xFFFF;
			if (bad) {
				diag(d, D_CONTROL_CHAR, (struct pos){src->path, line, col}, (unsigned)cp);
				errs++;
			}
			col++;
		}
		i += (size_t)k;
	}
	return errs ? -1 : 0;
}

static char *
nfc(const char *s, size_t len, size_t *outlen)
{
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

struct anchor {
	char *name;
	struct node *node;
	size_t weight;
};

struct loader {
	struct source *src;
	struct diag *d;
	struct node *stack[LOAD_MAX_DEPTH + 1];
	size_t weights[LOAD_MAX_DEPTH + 1];
	int depth;
	struct anchor *anchors;
	size_t nanchors, capanchors;
	size_t total; /* nodes counting alias expansions */
	int failed;
};

static size_t
subtree_weight(const struct node *n, int depth)
{
	size_t w = 1;
	if (depth > LOAD_MAX_DEPTH)
		return w;
	for (size_t i = 0; i < n->n; i++) {
		w += subtree_weight(n->kids[i], depth + 1);
		if (w > LOAD_MAX_NODES)
			return w;
	}
	return w;
}

static void
add_anchor(struct loader *L, const yaml_char_t *name, struct node *n)
{
	if (name == NULL)
		return;
	GROW(L->anchors, L->capanchors, L->nanchors + 1);
	L->anchors[L->nanchors++] = (struct anchor){xstrdup((const char *)name), n, 0};
}

/* Attaches a finished node to the node being built; returns -1 to stop. */
static int
attach(struct loader *L, struct node *n)
{
	if (L->depth == 0) {
		L->src->root = n;
		return 0;
	}
	node_push(L->stack[L->depth - 1], n);
	return 0;
}

static void
syntax_error(struct loader *L, yaml_parser_t *p)
{
	struct pos at = {L->src->path, (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1};
	char ctx[256] = "";
	if (p->context)
		snprintf(ctx, sizeof ctx, " (%s at line %d, column %d)", p->context,
		    (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
	const char *problem = p->problem ? p->problem : "cannot parse";
	size_t at_byte = p->problem_mark.index;
	if ((p->problem && strstr(p->problem, "tab")) ||
	    (at_byte < L->src->len && L->src->bytes[at_byte] == '\t')) {
		problem = "a tab in the indentation: YAML indents with spaces only";
		ctx[0] = '\0';
	}
	diag(L->d, D_YAML_SYNTAX, at, problem, ctx);
	L->failed = 1;
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
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(L, &p);
			break;
		}
		int done = ev.type == YAML_STREAM_END_EVENT;
		struct node *n;
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag(L->d, D_MULTI_DOC, (struct pos){src->path, (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1});
				L->failed = 1;
				done = 1;
			}
			break;
		case YAML_SCALAR_EVENT:
			n = node_new(src, NODE_SCALAR, &ev.start_mark);
			n->end = byte_of(src, &ev.end_mark);
			n->s = nfc((const char *)ev.data.scalar.value, ev.data.scalar.length, &n->len);
			switch (ev.data.scalar.style) {
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
			add_anchor(L, ev.data.scalar.anchor, n);
			if (++L->total > LOAD_MAX_NODES) {
				diag(L->d, D_ALIAS_LIMIT, n->pos, LOAD_MAX_NODES);
				L->failed = done = 1;
				break;
			}
			attach(L, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			n = node_new(src, ev.type == YAML_MAPPING_START_EVENT ? NODE_MAP : NODE_SEQ, &ev.start_mark);
			if (L->depth >= LOAD_MAX_DEPTH) {
				diag(L->d, D_TOO_DEEP, n->pos, LOAD_MAX_DEPTH);
				L->failed = done = 1;
				break;
			}
			add_anchor(L, ev.type == YAML_MAPPING_START_EVENT ? ev.data.mapping_start.anchor
			                                                  : ev.data.sequence_start.anchor, n);
			if (++L->total > LOAD_MAX_NODES) {
				diag(L->d, D_ALIAS_LIMIT, n->pos, LOAD_MAX_NODES);
				L->failed = done = 1;
				break;
			}
			attach(L, n);
			L->stack[L->depth++] = n;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			L->stack[L->depth - 1]->end = byte_of(src, &ev.end_mark);
			L->depth--;
			break;
		case YAML_ALIAS_EVENT: {
			const char *name = (const char *)ev.data.alias.anchor;
			struct anchor *a = NULL;
			for (size_t i = L->nanchors; i-- > 0;)
				if (strcmp(L->anchors[i].name, name) == 0) {
					a = &L->anchors[i];
					break;
				}
			struct pos at = {src->path, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1};
			if (a == NULL) { /* libyaml reports undefined aliases itself; be safe */
				diag(L->d, D_YAML_SYNTAX, at, "alias names no anchor", "");
				L->failed = done = 1;
				break;
			}
			if (a->weight == 0)
				a->weight = subtree_weight(a->node, 0);
			L->total += a->weight;
			if (L->total > LOAD_MAX_NODES) {
				diag(L->d, D_ALIAS_LIMIT, at, LOAD_MAX_NODES);
				L->failed = done = 1;
				break;
			}
			attach(L, a->node);
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (done)
			break;
	}
	yaml_parser_delete(&p);
	for (size_t i = 0; i < L->nanchors; i++)
		free(L->anchors[i].name);
	free(L->anchors);
}

struct source *
load_bytes(const char *name, const char *bytes, size_t len, struct diag *d)
{
	struct source *src = xcalloc(1, sizeof *src);
	src->path = xstrdup(name);
	src->bytes = xstrndup(bytes, len);
	src->len = len;
	if (scan_bytes(src, d) < 0)
		return src;
	size_t cap = 0;
	GROW(src->line_at, cap, 1);
	src->line_at[src->nlines++] = 0;
	for (size_t i = 0; i < len; i++)
		if (bytes[i] == '\n') {
			GROW(src->line_at, cap, src->nlines + 1);
			src->line_at[src->nlines++] = i + 1;
		}
	struct loader L = {.src = src, .d = d};
	parse(&L);
	if (L.failed) {
		src->root = NULL;
		return src;
	}
	if (src->root == NULL || (src->root->type == NODE_SCALAR && src->root->len == 0 &&
	    src->root->style == STYLE_PLAIN)) {
		diag(d, D_EMPTY_FILE, pos_of(src, 0));
		src->root = NULL;
	}
	return src;
}

struct source *
load_file(const char *path, struct diag *d)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		diag(d, D_IO, (struct pos){0}, path, strerror(errno));
		return NULL;
	}
	struct buf b = {0};
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, k);
		if (b.len > LOAD_MAX_FILE)
			break;
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		diag(d, D_IO, (struct pos){0}, path, "read error");
		buf_free(&b);
		return NULL;
	}
	if (b.len > LOAD_MAX_FILE) {
		char *why = xasprintf("file is larger than %d MiB", LOAD_MAX_FILE >> 20);
		diag(d, D_IO, (struct pos){0}, path, why);
		free(why);
		buf_free(&b);
		return NULL;
	}
	struct source *src = load_bytes(path, b.s ? b.s : "", b.len, d);
	buf_free(&b);
	return src;
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
	if (n->type != NODE_SCALAR || off == 0 || n->s == NULL)
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
		return "a mapping";
	case NODE_SEQ:
		return "a list";
	default:
		return n->len == 0 && n->style == STYLE_PLAIN ? "nothing" : "a single value";
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
