/* validate.c: the content format's rules, turning strings into types once.
 * Every check reports at the node it concerns and validation goes on, so
 * that one run shows every problem of a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "validate.h"

/* The registries of one directory: agencies and directives that many
 * documents name by ID, loaded once and kept as node trees (their
 * diagnostics point into the registry files). */
struct registry {
	char *dir;
	struct source *agencies, *directives; /* NULL when the file is absent */
	int bad;                              /* a registry file has errors */
};

struct templates {
	char *dir;
	struct family *fam[2];
	int fam_tried[2];
	struct kind **kinds;
	size_t nkinds, cap;
	struct registry *regs;
	size_t nregs, capregs;
};

static const char *const family_names[] = {"party", "state"};

static int valid_id(const char *s);

/* Checks key i of a map from IDs (directives, footnotes, a registry): well
 * formed, and not given before. Returns nonzero when it repeats a key. */
static int
id_key(struct diag *d, const struct node *m, size_t i)
{
	const struct node *k = m->kids[i];
	if (!valid_id(k->s))
		diag(d, D_BAD_ID, k->pos, k->s);
	for (size_t j = 0; j < i; j += 2)
		if (m->kids[j]->type == NODE_SCALAR && strcmp(m->kids[j]->s, k->s) == 0) {
			diag(d, D_DUP_KEY, k->pos, k->s, m->kids[j]->pos.line, m->kids[j]->pos.col);
			return 1;
		}
	return 0;
}

struct templates *
templates_new(const char *dir)
{
	struct templates *t = xcalloc(1, sizeof *t);
	t->dir = xstrdup(dir);
	return t;
}

void
templates_free(struct templates *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < 2; i++)
		tmpl_family_free(t->fam[i]);
	for (size_t i = 0; i < t->nkinds; i++)
		tmpl_kind_free(t->kinds[i]);
	free(t->kinds);
	for (size_t i = 0; i < t->nregs; i++) {
		free(t->regs[i].dir);
		load_free(t->regs[i].agencies);
		load_free(t->regs[i].directives);
	}
	free(t->regs);
	free(t->dir);
	free(t);
}

static struct source *
load_optional(const char *path, struct diag *d, int *bad)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fclose(f);
	struct source *src = load_file(path, d);
	if (src == NULL || src->root == NULL) {
		*bad = 1;
		return src;
	}
	const struct node *m = src->root;
	if (m->type != NODE_MAP) {
		diag(d, D_WRONG_TYPE, m->pos, "a registry", "a mapping of ID to entry", node_kind_name(m));
		*bad = 1;
		return src;
	}
	/* IDs are unique and well formed: checked once, when the file is read */
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct node *k = m->kids[i];
		size_t errs = diag_errors(d);
		if (k->type == NODE_SCALAR)
			id_key(d, m, i);
		if (diag_errors(d) > errs)
			*bad = 1;
	}
	return src;
}

static struct registry *
get_registry(struct templates *t, const char *dir, struct diag *d)
{
	for (size_t i = 0; i < t->nregs; i++)
		if (strcmp(t->regs[i].dir, dir) == 0)
			return &t->regs[i];
	GROW(t->regs, t->capregs, t->nregs + 1);
	struct registry *r = &t->regs[t->nregs++];
	memset(r, 0, sizeof *r);
	r->dir = xstrdup(dir);
	char *p = xasprintf("%s/agencies.yaml", dir);
	r->agencies = load_optional(p, d, &r->bad);
	free(p);
	p = xasprintf("%s/directives.yaml", dir);
	r->directives = load_optional(p, d, &r->bad);
	free(p);
	return r;
}

static const struct family *
get_family(struct templates *t, int id, struct diag *d)
{
	if (!t->fam_tried[id]) {
		t->fam_tried[id] = 1;
		t->fam[id] = tmpl_family(t->dir, family_names[id], d);
	}
	return t->fam[id];
}

static const struct kind *
get_kind(struct templates *t, const char *id, int *missing, struct diag *d)
{
	*missing = 0;
	for (size_t i = 0; i < t->nkinds; i++)
		if (strcmp(t->kinds[i]->id, id) == 0)
			return t->kinds[i];
	struct kind *k = tmpl_kind(t->dir, id, missing, d);
	if (k) {
		GROW(t->kinds, t->cap, t->nkinds + 1);
		t->kinds[t->nkinds++] = k;
	}
	return k;
}

struct V {
	struct diag *d;
	const struct source *src;
	const struct registry *reg;
	struct doc *doc;
	struct text_env env;
	struct templates *tp;
	/* keys that an unknown key was taken for ("subjet" -> "subject"): their
	 * absence is that same mistake and is not reported twice */
	const struct node *suggested_in[32];
	const char *suggested[32];
	size_t nsuggested;
};

static struct pos
at(const struct V *v, const struct node *n)
{
	(void)v;
	return n->pos;
}

/* Checks that n is a mapping whose keys are all in keys[], once each. */
static int
check_map(struct V *v, const struct node *n, const char *what, const char *const *keys, size_t nkeys)
{
	if (n->type != NODE_MAP) {
		diag(v->d, D_WRONG_TYPE, at(v, n), what, "a mapping of keys", node_kind_name(n));
		return -1;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct node *k = n->kids[i];
		if (k->type != NODE_SCALAR) {
			diag(v->d, D_WRONG_TYPE, at(v, k), "a key", "a single word", node_kind_name(k));
			continue;
		}
		for (size_t j = 0; j < i; j += 2)
			if (n->kids[j]->type == NODE_SCALAR && strcmp(n->kids[j]->s, k->s) == 0) {
				diag(v->d, D_DUP_KEY, at(v, k), k->s, n->kids[j]->pos.line, n->kids[j]->pos.col);
				break;
			}
		size_t j;
		for (j = 0; j < nkeys; j++)
			if (strcmp(keys[j], k->s) == 0)
				break;
		if (j == nkeys) {
			const char *s = diag_suggest(k->s, keys, nkeys);
			char *hint = s ? xasprintf(", did you mean '%s'?", s) : xstrdup("");
			if (s && v->nsuggested < 32) {
				v->suggested_in[v->nsuggested] = n;
				v->suggested[v->nsuggested++] = s;
			}
			diag(v->d, D_UNKNOWN_KEY, at(v, k), k->s, what, hint);
			free(hint);
		}
	}
	return 0;
}

static const struct node *
get(const struct node *map, const char *key)
{
	return node_get(map, key);
}

static const struct node *
need(struct V *v, const struct node *map, const char *key, const char *what)
{
	const struct node *n = get(map, key);
	for (size_t i = 0; n == NULL && i < v->nsuggested; i++)
		if (v->suggested_in[i] == map && strcmp(v->suggested[i], key) == 0)
			return NULL;
	if (n == NULL)
		diag(v->d, D_MISSING_KEY, at(v, map), what, key);
	return n;
}

static int
is_null(const struct node *n)
{
	return n->type == NODE_SCALAR && n->style == STYLE_PLAIN &&
	    (n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0);
}

/* A one-line string (names, codes, signature lines). */
static char *
string(struct V *v, const struct node *n, const char *key)
{
	if (n == NULL)
		return NULL;
	if (n->type != NODE_SCALAR) {
		diag(v->d, D_WRONG_TYPE, at(v, n), key, "a single line of text", node_kind_name(n));
		return NULL;
	}
	if (is_null(n)) {
		diag(v->d, D_EMPTY_TEXT, at(v, n), key);
		return NULL;
	}
	/* collapse runs of white space: these print on one line */
	struct buf b = {0};
	int space = 0;
	for (size_t i = 0; i < n->len; i++) {
		char c = n->s[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_putc(&b, ' ');
		space = 0;
		buf_putc(&b, c);
	}
	return buf_take(&b);
}

static struct text *
text(struct V *v, const struct node *n, const char *key)
{
	if (n == NULL)
		return NULL;
	if (is_null(n)) {
		diag(v->d, D_EMPTY_TEXT, at(v, n), key);
		return NULL;
	}
	struct text *t = text_parse(v->src, n, key, &v->env, v->d);
	if (t)
		t->pos.file = v->doc->file;
	return t;
}

/* A text that lives in another file (a registry). */
static struct text *
text_from(struct V *v, const struct source *src, const struct node *n, const char *key)
{
	const struct source *own = v->src;
	v->src = src;
	struct text *t = NULL;
	if (n && is_null(n))
		diag(v->d, D_EMPTY_TEXT, at(v, n), key);
	else if (n)
		t = text_parse(src, n, key, &v->env, v->d);
	v->src = own;
	if (t)
		t->pos.file = NULL; /* the registry's own path is not the document's */
	return t;
}


static int
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
date(struct V *v, const struct node *n, const char *key, int year_ok, struct date *out)
{
	memset(out, 0, sizeof *out);
	if (n == NULL)
		return 0;
	if (n->type == NODE_SCALAR) {
		const char *s = n->s;
		if (n->len == 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
		    digits(s + 8, 2)) {
			int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
			if (y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= fmt_days_in(y, m)) {
				*out = (struct date){y, m, d};
				return 0;
			}
		} else if (year_ok && n->len == 4 && digits(s, 4) && atoi(s) >= 1900) {
			*out = (struct date){atoi(s), 0, 0};
			return 0;
		}
	}
	diag(v->d, D_BAD_DATE, at(v, n), key, n->type == NODE_SCALAR ? n->s : node_kind_name(n));
	return -1;
}

static int
integer(struct V *v, const struct node *n, const char *key, int lo, int hi, int *out)
{
	if (n->type == NODE_SCALAR && n->len > 0 && n->len < 9 && digits(n->s, n->len)) {
		int x = atoi(n->s);
		if (x >= lo && x <= hi) {
			*out = x;
			return 0;
		}
	}
	diag(v->d, D_BAD_NUMBER, at(v, n), key, lo, hi, n->type == NODE_SCALAR ? n->s : node_kind_name(n));
	return -1;
}

static int
choice(struct V *v, const struct node *n, const char *key, const char *const *vals, size_t nv)
{
	if (n->type == NODE_SCALAR)
		for (size_t i = 0; i < nv; i++)
			if (strcmp(n->s, vals[i]) == 0)
				return (int)i;
	struct buf b = {0};
	for (size_t i = 0; i < nv; i++)
		buf_printf(&b, "%s'%s'", i ? (i + 1 == nv ? " or " : ", ") : "", vals[i]);
	diag(v->d, D_BAD_ENUM, at(v, n), key, buf_cstr(&b), n->type == NODE_SCALAR ? n->s : node_kind_name(n));
	buf_free(&b);
	return -1;
}

static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

static const struct node *
list(struct V *v, const struct node *n, const char *key)
{
	if (n == NULL)
		return NULL;
	if (n->type != NODE_SEQ) {
		diag(v->d, D_WRONG_TYPE, at(v, n), key, "a list (lines starting with '- ')", node_kind_name(n));
		return NULL;
	}
	if (n->n == 0) {
		diag(v->d, D_EMPTY_LIST, at(v, n), key);
		return NULL;
	}
	return n;
}

/* ---- the parts ---- */

static const char *const issuer_keys[] = {"superior", "name", "code", "place", "family"};
static const char *const agency_keys[] = {"superior", "name", "code", "place", "family", "text"};

/* An agency ID is a value made only of [a-z0-9-]. */
static int
is_id(const struct node *n)
{
	if (n->type != NODE_SCALAR || n->len == 0 || n->style != STYLE_PLAIN)
		return 0;
	for (size_t i = 0; i < n->len; i++) {
		char c = n->s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

/* The registry entry of agency ID n, checked; NULL (reported) when
 * there is none. */
static const struct node *
agency(struct V *v, const struct node *n)
{
	const struct source *a = v->reg->agencies;
	const struct node *e = a && a->root && a->root->type == NODE_MAP ? node_get(a->root, n->s) : NULL;
	if (e == NULL) {
		char *where = a ? xasprintf("%s", a->path) : xasprintf("(there is no %s/agencies.yaml)", v->reg->dir);
		const char *cands[256];
		size_t nc = 0;
		for (size_t i = 0; a && a->root && a->root->type == NODE_MAP && i + 1 < a->root->n && nc < 256; i += 2)
			cands[nc++] = a->root->kids[i]->s;
		const char *near = diag_suggest(n->s, cands, nc);
		char *hint = near ? xasprintf(", did you mean '%s'?", near) : xstrdup("");
		diag(v->d, D_UNKNOWN_AGENCY, at(v, n), n->s, where, hint);
		free(hint);
		free(where);
		return NULL;
	}
	if (check_map(v, e, "an agency", agency_keys, sizeof agency_keys / sizeof *agency_keys) < 0)
		return NULL;
	return e;
}

/* The registry files a document took something from (for make). */
static void
used_file(struct V *v, const char *path)
{
	for (size_t i = 0; i < v->doc->ndeps; i++)
		if (strcmp(v->doc->deps[i], path) == 0)
			return;
	GROW(v->doc->deps, v->doc->capdeps, v->doc->ndeps + 1);
	v->doc->deps[v->doc->ndeps++] = xstrdup(path);
}

/* An agency as it is written in running text and in Nơi nhận. */
static struct text *
agency_text(struct V *v, const struct node *idn)
{
	const struct node *e = agency(v, idn);
	if (e == NULL)
		return NULL;
	used_file(v, v->reg->agencies->path);
	const struct node *t = node_get(e, "text");
	if (t == NULL)
		t = need(v, e, "name", "an agency");
	return t ? text_from(v, v->reg->agencies, t, "text") : NULL;
}

static void
issuer(struct V *v, const struct node *n, struct issuer *is)
{
	is->family = -1;
	is->pos = n->pos;
	if (is_id(n)) {
		/* an agency from the registry: it needs what a header shows */
		const struct node *e = agency(v, n);
		if (e == NULL)
			return;
		used_file(v, v->reg->agencies->path);
		static const char *const needed[] = {"name", "code", "place"};
		int lacks = 0;
		for (int k = 0; k < 3; k++)
			if (node_get(e, needed[k]) == NULL) {
				diag(v->d, D_AGENCY_CANNOT_ISSUE, at(v, n), n->s, needed[k], e->pos.file, e->pos.line, e->pos.col);
				lacks = 1;
			}
		if (lacks)
			return;
		n = e;
	} else if (check_map(v, n, "the issuer", issuer_keys, 5) < 0) {
		return;
	}
	is->superior = string(v, get(n, "superior"), "superior");
	is->name = string(v, need(v, n, "name", "the issuer"), "name");
	is->code = string(v, need(v, n, "code", "the issuer"), "code");
	is->place = string(v, need(v, n, "place", "the issuer"), "place");
	const struct node *f = get(n, "family");
	if (f)
		is->family = choice(v, f, "family", family_names, 2);
}

static const char *const directive_keys[] = {"type", "number", "date", "by", "about"};

/* The IDs that [@ID] may cite: the document's own directives, then the
 * registry's (the document's own entry wins). */
static void
directive_ids(struct V *v, const struct node *n)
{
	struct doc *doc = v->doc;
	if (n && n->type != NODE_MAP) {
		diag(v->d, D_WRONG_TYPE, at(v, n), "directives", "a mapping of ID to directive", node_kind_name(n));
		n = NULL;
	}
	const struct source *r = v->reg->directives;
	const struct node *rm = r && r->root && r->root->type == NODE_MAP ? r->root : NULL;
	doc->directives = xcalloc((n ? n->n / 2 : 0) + (rm ? rm->n / 2 : 0) + 1, sizeof *doc->directives);
	for (size_t i = 0; n && i + 1 < n->n; i += 2) {
		const struct node *k = n->kids[i];
		if (k->type != NODE_SCALAR)
			continue;
		id_key(v->d, n, i);
		struct directive *dir = &doc->directives[doc->ndirectives++];
		dir->id = xstrdup(k->s);
		dir->pos = k->pos;
		dir->pos.file = NULL; /* the document's own: reports use doc->file */
		dir->node = n->kids[i + 1];
	}
	for (size_t i = 0; rm && i + 1 < rm->n; i += 2) {
		const struct node *k = rm->kids[i];
		if (k->type != NODE_SCALAR)
			continue;
		/* the registry's own duplicates were reported when it was read */
		int shadowed = 0;
		for (size_t j = 0; j < doc->ndirectives; j++)
			shadowed |= strcmp(doc->directives[j].id, k->s) == 0;
		if (shadowed)
			continue;
		struct directive *dir = &doc->directives[doc->ndirectives++];
		dir->id = xstrdup(k->s);
		dir->pos = k->pos;
		dir->node = rm->kids[i + 1];
		dir->registry = 1;
	}
	v->env.dirs = doc->directives;
	v->env.ndirs = doc->ndirectives;
}

static void
directives(struct V *v)
{
	for (size_t i = 0; i < v->doc->ndirectives; i++) {
		struct directive *dir = &v->doc->directives[i];
		const struct node *m = dir->node;
		const struct source *own = v->src;
		if (dir->registry)
			v->src = v->reg->directives;
		if (check_map(v, m, "a directive", directive_keys, 5) == 0) {
			dir->type = string(v, need(v, m, "type", "a directive"), "type");
			dir->number = string(v, need(v, m, "number", "a directive"), "number");
			dir->by = string(v, get(m, "by"), "by");
			date(v, get(m, "date"), "date", 0, &dir->date);
			dir->about = dir->registry ? text_from(v, v->src, get(m, "about"), "about") : text(v, get(m, "about"), "about");
		}
		v->src = own;
		dir->node = NULL; /* nothing points into the loader after validation */
	}
}

static void
footnote_ids(struct V *v, const struct node *n)
{
	if (n->type != NODE_MAP) {
		diag(v->d, D_WRONG_TYPE, at(v, n), "footnotes", "a mapping of ID to text", node_kind_name(n));
		return;
	}
	struct doc *doc = v->doc;
	doc->footnotes = xcalloc(n->n / 2 + 1, sizeof *doc->footnotes);
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct node *k = n->kids[i];
		if (k->type != NODE_SCALAR)
			continue;
		id_key(v->d, n, i);
		struct footnote *fn = &doc->footnotes[doc->nfootnotes++];
		fn->id = xstrdup(k->s);
		fn->pos = k->pos;
	}
	v->env.fns = doc->footnotes;
	v->env.nfns = doc->nfootnotes;
}

static void
footnotes(struct V *v, const struct node *n)
{
	size_t j = 0;
	for (size_t i = 0; i + 1 < n->n; i += 2)
		if (n->kids[i]->type == NODE_SCALAR)
			v->doc->footnotes[j++].text = text(v, n->kids[i + 1], "a footnote");
}

/* The Arabic path of a child: "" under the document or a level-1 section
 * gives "k.", under "2." gives "2.k.". */
static void
child_number(const char *parent, int k, char *out, size_t size)
{
	snprintf(out, size, "%.50s%d.", parent, k % 100000);
}

static void numbered_list(struct V *v, const struct node *n, const char *parent, int *counter,
    struct numbered **out, size_t *nout);

static const char *const numbered_keys[] = {"text", "numbered"};

static void
numbered_list(struct V *v, const struct node *n, const char *parent, int *counter, struct numbered **out,
    size_t *nout)
{
	if (list(v, n, "numbered") == NULL)
		return;
	*out = xcalloc(n->n, sizeof **out);
	*nout = n->n;
	for (size_t i = 0; i < n->n; i++) {
		struct numbered *nb = &(*out)[i];
		const struct node *e = n->kids[i];
		child_number(parent, ++*counter, nb->number, sizeof nb->number);
		if (e->type == NODE_MAP) {
			if (check_map(v, e, "a numbered paragraph", numbered_keys, 2) < 0)
				continue;
			nb->text = text(v, need(v, e, "text", "a numbered paragraph"), "text");
			const struct node *kids = get(e, "numbered");
			int sub = 0;
			if (kids)
				numbered_list(v, kids, nb->number, &sub, &nb->kids, &nb->nkids);
		} else {
			nb->text = text(v, e, "a numbered paragraph");
		}
	}
}

static const char *const item_keys[] = {"text", "items"};

static void
items(struct V *v, const struct node *n, int depth, struct item **out, size_t *nout)
{
	if (list(v, n, "items") == NULL)
		return;
	*out = xcalloc(n->n, sizeof **out);
	*nout = n->n;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *e = n->kids[i];
		struct item *it = &(*out)[i];
		if (e->type == NODE_MAP) {
			if (check_map(v, e, "an item", item_keys, depth == 0 ? 2 : 1) < 0)
				continue;
			it->text = text(v, need(v, e, "text", "an item"), "text");
			const struct node *sub = get(e, "items");
			if (sub && depth == 0)
				items(v, sub, 1, &it->items, &it->nitems);
		} else {
			it->text = text(v, e, "an item");
		}
	}
}

static const char *const task_keys[] = {"lead", "partners", "due", "text"};

/* A text of one paragraph holding s as it is (no markup read). */
static struct text *
plain_text(const char *s, struct pos pos)
{
	cmark_node *root = cmark_node_new(CMARK_NODE_DOCUMENT);
	cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(t, s);
	cmark_node_append_child(p, t);
	cmark_node_append_child(root, p);
	struct text *x = xcalloc(1, sizeof *x);
	x->pos = pos;
	x->root = root;
	return x;
}

/* A lead or a partner: an agency ID, or text; its plain words. */
static char *
party_to_task(struct V *v, const struct node *n, char **id)
{
	struct text *t = is_id(n) ? agency_text(v, n) : text(v, n, "lead");
	if (id)
		*id = is_id(n) && t ? xstrdup(n->s) : NULL;
	if (t == NULL)
		return NULL;
	char *s = text_plain(t);
	text_free(t);
	return s;
}

static int
due(struct V *v, const struct node *n, struct due *out)
{
	out->pos = n->pos;
	out->pos.file = v->doc->file;
	if (n->type == NODE_SCALAR) {
		const char *s = n->s;
		int d, m;
		char rest;
		if (strcmp(s, "thường xuyên") == 0) {
			out->kind = DUE_ALWAYS;
			return 0;
		}
		if (sscanf(s, "hằng năm trước %d-%d%c", &d, &m, &rest) == 2 && m >= 1 && m <= 12 && d >= 1 &&
		    d <= fmt_days_in(2024, m)) {
			out->kind = DUE_YEARLY;
			out->day = d;
			out->month = m;
			return 0;
		}
		if (n->len == 10 && s[4] == '-') {
			struct date dt;
			size_t errs = diag_errors(v->d);
			date(v, n, "due", 0, &dt);
			if (diag_errors(v->d) > errs)
				return -1;
			out->kind = DUE_DATE;
			out->date = dt;
			return 0;
		}
	}
	diag(v->d, D_BAD_DUE, at(v, n), n->type == NODE_SCALAR ? n->s : node_kind_name(n));
	return -1;
}

/* The sentence of a structured assignment, by the kind's (or the family's)
 * pattern: "Đảng ủy Công an tỉnh chủ trì, phối hợp với ... thực hiện
 * thường xuyên." */
static char *
task_sentence(const struct doc *doc, const struct task *t)
{
	const struct assign_words *k = &doc->kind->assign, *f = &doc->family->assign;
#define W(x) (k->x ? k->x : f->x)
	struct buf partners = {0};
	for (size_t i = 0; i < t->npartners; i++) {
		if (i > 0)
			buf_puts(&partners, i + 1 == t->npartners ? W(join_last) : W(join));
		buf_puts(&partners, t->partners[i]);
	}
	char *due_s = NULL, day[16], month[16];
	if (t->due.kind == DUE_DATE) {
		char *ds = fmt_date_in_text(doc->family, &t->due.date);
		const char *keys[] = {"date"};
		const char *vals[] = {ds};
		due_s = fmt_expand(W(due_date), keys, vals, 1);
		free(ds);
	} else if (t->due.kind == DUE_YEARLY) {
		snprintf(day, sizeof day, "%02d", t->due.day);
		snprintf(month, sizeof month, "%d", t->due.month);
		const char *keys[] = {"day", "month"};
		const char *vals[] = {day, month};
		due_s = fmt_expand(W(due_yearly), keys, vals, 2);
	} else {
		due_s = xstrdup(W(due_always));
	}
	const char *keys[] = {"lead", "partners", "due"};
	const char *vals[] = {t->lead, buf_cstr(&partners), due_s};
	char *s = fmt_expand(t->npartners ? W(with_partners) : W(alone), keys, vals, 3);
#undef W
	buf_free(&partners);
	free(due_s);
	return s;
}

/* An assignment: a text, or a mapping of lead, partners and due (and an
 * optional text that is printed instead of the generated sentence). */
static void
assignment(struct V *v, const struct node *n, struct text **out, struct task **task)
{
	if (n == NULL)
		return;
	if (n->type != NODE_MAP) {
		*out = text(v, n, "assignment");
		return;
	}
	if (check_map(v, n, "an assignment", task_keys, 4) < 0)
		return;
	struct task *t = *task = xcalloc(1, sizeof *t);
	const struct node *x;
	if ((x = need(v, n, "lead", "an assignment")) != NULL)
		t->lead = party_to_task(v, x, &t->lead_id);
	if ((x = get(n, "partners")) != NULL && list(v, x, "partners")) {
		t->partners = xcalloc(x->n, sizeof *t->partners);
		for (size_t i = 0; i < x->n; i++) {
			char *p = party_to_task(v, x->kids[i], NULL);
			if (p)
				t->partners[t->npartners++] = p;
		}
	}
	if ((x = need(v, n, "due", "an assignment")) != NULL)
		due(v, x, &t->due);
	if ((x = get(n, "text")) != NULL) {
		*out = text(v, x, "text");
	} else if (t->lead && v->doc->kind && v->doc->family) {
		char *s = task_sentence(v->doc, t);
		struct pos p = n->pos;
		p.file = v->doc->file;
		*out = plain_text(s, p);
		free(s);
	}
}

static const char *const shortcoming_keys[] = {"finding", "remedy", "remedies", "assignment"};

static void
shortcoming(struct V *v, const struct node *n, struct shortcoming *sc)
{
	sc->pos = n->pos;
	if (check_map(v, n, "a shortcoming", shortcoming_keys, 4) < 0)
		return;
	sc->finding = text(v, need(v, n, "finding", "a shortcoming"), "finding");
	const struct node *r = get(n, "remedy"), *rs = get(n, "remedies");
	if (r && rs)
		diag(v->d, D_REMEDY_BOTH, at(v, rs));
	else if (!r && !rs)
		diag(v->d, D_REMEDY_NONE, at(v, n));
	sc->remedy = text(v, r, "remedy");
	if (rs && list(v, rs, "remedies")) {
		sc->remedies = xcalloc(rs->n, sizeof *sc->remedies);
		sc->nremedies = rs->n;
		for (size_t i = 0; i < rs->n; i++)
			sc->remedies[i] = text(v, rs->kids[i], "a remedy");
	}
	assignment(v, get(n, "assignment"), &sc->assignment, &sc->task);
}

static const char *const section_keys[] = {"title", "text", "items", "numbered", "shortcomings", "sections",
    "assignment"};

static void
section(struct V *v, const struct node *n, int level, const char *number, struct section *s)
{
	s->level = level;
	snprintf(s->number, sizeof s->number, "%s", number);
	if (check_map(v, n, "a section", section_keys, 7) < 0)
		return;
	s->title = text(v, need(v, n, "title", "a section"), "title");
	s->runin = s->title && text_ends_with(s->title, ":");
	s->text = text(v, get(n, "text"), "text");
	const struct node *it = get(n, "items");
	if (it)
		items(v, it, 0, &s->items, &s->nitems);
	/* numbered paragraphs, shortcomings and subsections share one counter */
	const char *path = level == 1 ? "" : s->number;
	int counter = 0;
	const struct node *nb = get(n, "numbered");
	if (nb)
		numbered_list(v, nb, path, &counter, &s->numbered, &s->nnumbered);
	const struct node *sh = get(n, "shortcomings");
	if (sh && list(v, sh, "shortcomings")) {
		s->shortcomings = xcalloc(sh->n, sizeof *s->shortcomings);
		s->nshortcomings = sh->n;
		for (size_t i = 0; i < sh->n; i++) {
			child_number(path, ++counter, s->shortcomings[i].number, sizeof s->shortcomings[i].number);
			shortcoming(v, sh->kids[i], &s->shortcomings[i]);
		}
	}
	const struct node *ss = get(n, "sections");
	if (ss && list(v, ss, "sections")) {
		s->sections = xcalloc(ss->n, sizeof *s->sections);
		s->nsections = ss->n;
		for (size_t i = 0; i < ss->n; i++) {
			char num[64];
			child_number(path, ++counter, num, sizeof num);
			section(v, ss->kids[i], level + 1, num, &s->sections[i]);
		}
	}
	assignment(v, get(n, "assignment"), &s->assignment, &s->task);
}

static const char *const signature_keys[] = {"authority", "title", "name", "note"};

static void
signature(struct V *v, const struct node *n, struct signature *sg)
{
	if (check_map(v, n, "the signature", signature_keys, 4) < 0)
		return;
	sg->authority = string(v, get(n, "authority"), "authority");
	sg->title = string(v, get(n, "title"), "title");
	sg->name = string(v, get(n, "name"), "name");
	sg->note = string(v, get(n, "note"), "note");
	if (!get(n, "authority") && !get(n, "title"))
		diag(v->d, D_SIG_EMPTY, at(v, n));
	const struct family *f = v->doc->family;
	if (sg->authority && f) {
		/* A first word with '/' or a final '.' is a prefix such as T/M or
		 * TM.: it must be one the family allows. */
		size_t w = strcspn(sg->authority, " ");
		char *first = xstrndup(sg->authority, w);
		int prefix = strchr(first, '/') != NULL || (w > 0 && first[w - 1] == '.');
		int ok = !prefix;
		for (size_t i = 0; prefix && f->signature_prefixes[i]; i++)
			if (strcmp(first, f->signature_prefixes[i]) == 0)
				ok = 1;
		if (!ok) {
			struct buf b = {0};
			for (size_t i = 0; f->signature_prefixes[i]; i++)
				buf_printf(&b, "%s%s", i ? ", " : "", f->signature_prefixes[i]);
			diag(v->d, D_SIG_PREFIX, at(v, get(n, "authority")), sg->authority, first, f->name, buf_cstr(&b));
			buf_free(&b);
		}
		free(first);
	}
}

static const char *const recipient_keys[] = {"to", "note", "copies"};

static void
recipient(struct V *v, const struct node *n, struct recipient *r)
{
	r->copies = 1;
	if (n->type != NODE_MAP) {
		r->to = is_id(n) ? agency_text(v, n) : text(v, n, "a recipient");
		return;
	}
	if (check_map(v, n, "a recipient", recipient_keys, 3) < 0)
		return;
	const struct node *to = need(v, n, "to", "a recipient");
	r->to = to && is_id(to) ? agency_text(v, to) : text(v, to, "to");
	r->note = string(v, get(n, "note"), "note");
	const struct node *c = get(n, "copies");
	if (c)
		integer(v, c, "copies", 1, 1000, &r->copies);
}

static const char *const doc_keys[] = {"kind", "family", "issuer", "number", "symbol", "date", "place",
    "issued_by", "subject", "draft", "urgency", "secrecy", "circulation", "addressees", "directives",
    "preamble", "sections", "numbered", "closing", "footnotes", "signature", "recipients", "archive", "copy"};

static const char *const urgency_vals[] = {"khan", "thuong-khan", "hoa-toc"};
static const char *const secrecy_vals[] = {"mat", "toi-mat", "tuyet-mat"};

/* The symbol from the type code and the issuer's code, in the family's
 * form: KH/TU (party), KH-UBND (state), UBND alone for a kind without code. */
static char *
derive_symbol(const struct family *f, const char *kind_code, const char *issuer_code)
{
	const char *keys[] = {"kind", "issuer"};
	const char *vals[] = {kind_code, issuer_code};
	return fmt_expand(*kind_code ? f->symbol_format : f->symbol_no_kind, keys, vals, 2);
}

/* A typed symbol must have the family's shape: TYPE/ISSUER for party
 * documents (KH/TU), TYPE-ISSUER for state ones (KH-UBND). */
static void
symbol_shape(struct V *v, const struct node *n, const char *sym)
{
	const struct family *f = v->doc->family;
	const char *sep = f->symbol_shape;
	const char *other = strcmp(sep, "/") == 0 ? "-" : "/";
	const char *at_sep = strstr(sym, sep);
	int ok = at_sep != NULL && at_sep != sym && at_sep[strlen(sep)] != '\0' && strstr(sym, other) == NULL;
	if (strcmp(sep, "/") == 0 && at_sep != NULL) /* party: a hyphen may sit inside the issuer code */
		ok = at_sep != sym && at_sep[1] != '\0' && strchr(at_sep + 1, '/') == NULL &&
		    memchr(sym, '-', (size_t)(at_sep - sym)) == NULL;
	if (!ok) {
		char *shape = xasprintf("TYPE%sISSUER", sep);
		char *example = xasprintf("KH%s%s", sep, strcmp(sep, "/") == 0 ? "TU" : "UBND");
		diag(v->d, D_SYMBOL_SHAPE, at(v, n), sym, f->name, shape, example);
		free(shape);
		free(example);
	}
}

/* Signature, Nơi nhận and the archive line of map (a document or a copy). */
static void
sign_off(struct V *v, const struct node *map, const char *what, struct sign_off *e)
{
	const struct node *n;
	if ((n = need(v, map, "signature", what)) != NULL)
		signature(v, n, &e->signature);
	if ((n = need(v, map, "recipients", what)) != NULL && list(v, n, "recipients")) {
		e->recipients = xcalloc(n->n, sizeof *e->recipients);
		e->nrecipients = n->n;
		for (size_t i = 0; i < n->n; i++)
			recipient(v, n->kids[i], &e->recipients[i]);
	}
	e->archive = string(v, need(v, map, "archive", what), "archive");
}

static const char *const copy_keys[] = {"form", "issuer", "number", "date", "place", "symbol", "signature",
    "recipients", "archive"};
static const char *const copy_forms[] = {"sao-y", "sao-luc", "trich-sao"};

static void
copy(struct V *v, const struct node *n)
{
	if (check_map(v, n, "the copy", copy_keys, sizeof copy_keys / sizeof *copy_keys) < 0)
		return;
	struct copy *c = v->doc->copy = xcalloc(1, sizeof *c);
	const struct node *x;
	const struct family *f = v->doc->family;
	if ((x = need(v, n, "form", "the copy")) != NULL) {
		int form = choice(v, x, "form", copy_forms, 3);
		c->form = form < 0 ? COPY_SAO_Y : (enum copy_form)form;
	}
	if ((x = need(v, n, "issuer", "the copy")) != NULL)
		issuer(v, x, &c->issuer);
	if ((x = get(n, "number")) != NULL)
		integer(v, x, "number", 1, 99999, &c->number);
	if ((x = get(n, "date")) != NULL)
		date(v, x, "date", 1, &c->date);
	if ((x = get(n, "place")) != NULL)
		c->place = string(v, x, "place");
	else if (c->issuer.place)
		c->place = xstrdup(c->issuer.place);
	if ((x = get(n, "symbol")) != NULL) {
		c->symbol = string(v, x, "symbol");
		if (c->symbol)
			symbol_shape(v, x, c->symbol);
	} else if (c->issuer.code) {
		c->symbol = derive_symbol(f, f->copy_code[c->form], c->issuer.code);
	}
	sign_off(v, n, "the copy", &c->end);
}

static void
body(struct V *v, const struct node *root)
{
	struct doc *doc = v->doc;
	const struct node *n;
	if ((n = get(root, "number")) != NULL)
		integer(v, n, "number", 1, 99999, &doc->number);
	if ((n = get(root, "symbol")) != NULL) {
		doc->symbol = string(v, n, "symbol");
		doc->symbol_pos = n->pos;
		doc->symbol_pos.file = NULL;
		doc->symbol_given = 1;
		if (doc->symbol)
			symbol_shape(v, n, doc->symbol);
	} else if (doc->kind && doc->issuer.code) {
		doc->symbol = derive_symbol(doc->family, fmt_kind_code(doc), doc->issuer.code);
	}
	if ((n = get(root, "date")) != NULL)
		date(v, n, "date", 1, &doc->date);
	if ((n = get(root, "place")) != NULL)
		doc->place = string(v, n, "place");
	else if (doc->issuer.place)
		doc->place = xstrdup(doc->issuer.place);
	doc->issued_by = string(v, get(root, "issued_by"), "issued_by");
	doc->subject = text(v, need(v, root, "subject", "the document"), "subject");
	if ((n = get(root, "draft")) != NULL) {
		if (n->type == NODE_SCALAR && strcmp(n->s, "true") == 0)
			doc->draft = xstrdup("Dự thảo");
		else if (!(n->type == NODE_SCALAR && strcmp(n->s, "false") == 0))
			doc->draft = string(v, n, "draft");
	}
	if ((n = get(root, "urgency")) != NULL)
		doc->urgency = choice(v, n, "urgency", urgency_vals, 3) + 1;
	if ((n = get(root, "secrecy")) != NULL)
		doc->secrecy = choice(v, n, "secrecy", secrecy_vals, 3) + 1;
	doc->circulation = string(v, get(root, "circulation"), "circulation");
	if ((n = get(root, "addressees")) != NULL && list(v, n, "addressees")) {
		doc->addressees = xcalloc(n->n, sizeof *doc->addressees);
		doc->naddressees = n->n;
		for (size_t i = 0; i < n->n; i++)
			doc->addressees[i] = text(v, n->kids[i], "an addressee");
	}
	directives(v);
	doc->preamble = text(v, get(root, "preamble"), "preamble");
	const struct node *ss = get(root, "sections"), *nb = get(root, "numbered");
	if (ss && nb)
		diag(v->d, D_BODY_BOTH, at(v, nb));
	if (ss && list(v, ss, "sections")) {
		doc->sections = xcalloc(ss->n, sizeof *doc->sections);
		doc->nsections = ss->n;
		for (size_t i = 0; i < ss->n; i++) {
			char num[32];
			fmt_roman((int)i + 1, num, sizeof num - 1);
			strcat(num, ".");
			section(v, ss->kids[i], 1, num, &doc->sections[i]);
		}
	}
	if (nb) {
		int counter = 0;
		numbered_list(v, nb, "", &counter, &doc->numbered, &doc->nnumbered);
	}
	doc->closing = text(v, get(root, "closing"), "closing");
	if ((n = get(root, "footnotes")) != NULL && n->type == NODE_MAP)
		footnotes(v, n);
	sign_off(v, root, "the document", &doc->end);
	doc->end.as_above = doc->naddressees > 0;
	if ((n = get(root, "copy")) != NULL)
		copy(v, n);
}

struct doc *
validate(const struct source *src, struct templates *tp, const char *registry_dir, struct diag *d)
{
	if (src->root == NULL)
		return NULL;
	/* the registry's own problems are reported once, when it is read,
	 * and fail every document that takes an entry from it */
	char *regdir = registry_dir ? xstrdup(registry_dir) : NULL;
	if (regdir == NULL) {
		/* registry/ beside the source: content/registry for the plans */
		const char *slash = strrchr(src->path, '/');
		regdir = slash ? xasprintf("%.*s/registry", (int)(slash - src->path), src->path) : xstrdup("registry");
	}
	const struct registry *reg = get_registry(tp, regdir, d);
	free(regdir);
	size_t before = diag_errors(d);
	struct doc *doc = xcalloc(1, sizeof *doc);
	doc->file = xstrdup(src->path);
	struct V v = {d, src, reg, doc, {0}, tp};

	const struct node *root = src->root;
	if (check_map(&v, root, "the document", doc_keys, sizeof doc_keys / sizeof *doc_keys) < 0) {
		doc_free(doc);
		return NULL;
	}
	const struct node *n;
	if ((n = need(&v, root, "kind", "the document")) != NULL) {
		char *id = string(&v, n, "kind");
		int missing = 0;
		if (id && valid_id(id))
			doc->kind = get_kind(tp, id, &missing, d);
		if (id && doc->kind == NULL && (missing || !valid_id(id))) {
			char *known = tmpl_kind_list(tp->dir);
			/* the nearest known kind, from the comma-separated list */
			const char *cands[64];
			size_t nc = 0;
			char *copy = xstrdup(known);
			for (char *tok = strtok(copy, ", "); tok && nc < 64; tok = strtok(NULL, ", "))
				cands[nc++] = tok;
			const char *near = diag_suggest(id, cands, nc);
			char *hint = near ? xasprintf(", did you mean '%s'?", near) : xstrdup("");
			diag(d, D_NO_KIND, n->pos, id, hint, known);
			free(hint);
			free(copy);
			free(known);
		}
		free(id);
	}
	if ((n = need(&v, root, "issuer", "the document")) != NULL)
		issuer(&v, n, &doc->issuer);
	int fam = doc->issuer.family >= 0 ? doc->issuer.family : FAMILY_PARTY;
	if ((n = get(root, "family")) != NULL) {
		int f = choice(&v, n, "family", family_names, 2);
		if (f >= 0)
			fam = f;
	}
	doc->family_id = (enum family_id)fam;
	doc->family = get_family(tp, fam, d);
	if (doc->family == NULL) {
		char *where = xasprintf("%s/%s.yaml", tp->dir, family_names[fam]);
		diag(d, D_NO_FAMILY, (n ? n : root)->pos, family_names[fam], where);
		free(where);
	}
	/* IDs first: any text may cite any directive or footnote */
	directive_ids(&v, get(root, "directives"));
	if ((n = get(root, "footnotes")) != NULL)
		footnote_ids(&v, n);
	if (doc->family)
		body(&v, root);
	if (diag_errors(d) == before) {
		doc_resolve(doc, d);
		for (size_t i = 0; i < doc->ndirectives; i++)
			if (doc->directives[i].registry && doc->directives[i].state)
				used_file(&v, v.reg->directives->path);
	}
	if (diag_errors(d) > before || (reg->bad && doc->ndeps > 0)) {
		doc_free(doc);
		return NULL;
	}
	return doc;
}

/* ---- freeing ---- */

static void
free_numbered(struct numbered *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		text_free(v[i].text);
		free_numbered(v[i].kids, v[i].nkids);
	}
	free(v);
}

static void
free_items(struct item *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		text_free(v[i].text);
		free_items(v[i].items, v[i].nitems);
	}
	free(v);
}

static void
task_free(struct task *t)
{
	if (t == NULL)
		return;
	free(t->lead);
	free(t->lead_id);
	for (size_t i = 0; i < t->npartners; i++)
		free(t->partners[i]);
	free(t->partners);
	free(t);
}

static void
free_section(struct section *s)
{
	text_free(s->title);
	text_free(s->text);
	free_items(s->items, s->nitems);
	free_numbered(s->numbered, s->nnumbered);
	for (size_t i = 0; i < s->nshortcomings; i++) {
		struct shortcoming *sc = &s->shortcomings[i];
		text_free(sc->finding);
		text_free(sc->remedy);
		for (size_t j = 0; j < sc->nremedies; j++)
			text_free(sc->remedies[j]);
		free(sc->remedies);
		text_free(sc->assignment);
		task_free(sc->task);
	}
	free(s->shortcomings);
	for (size_t i = 0; i < s->nsections; i++)
		free_section(&s->sections[i]);
	free(s->sections);
	text_free(s->assignment);
	task_free(s->task);
}

static void
free_issuer(struct issuer *is)
{
	free(is->superior);
	free(is->name);
	free(is->code);
	free(is->place);
}

static void
free_sign_off(struct sign_off *e)
{
	free(e->signature.authority);
	free(e->signature.title);
	free(e->signature.name);
	free(e->signature.note);
	for (size_t i = 0; i < e->nrecipients; i++) {
		text_free(e->recipients[i].to);
		free(e->recipients[i].note);
	}
	free(e->recipients);
	free(e->archive);
}

void
doc_free(struct doc *doc)
{
	if (doc == NULL)
		return;
	free_issuer(&doc->issuer);
	free(doc->symbol);
	free(doc->place);
	free(doc->issued_by);
	text_free(doc->subject);
	free(doc->draft);
	free(doc->circulation);
	for (size_t i = 0; i < doc->ndirectives; i++) {
		struct directive *d = &doc->directives[i];
		free(d->id);
		free(d->type);
		free(d->number);
		free(d->by);
		text_free(d->about);
	}
	free(doc->directives);
	text_free(doc->preamble);
	for (size_t i = 0; i < doc->nsections; i++)
		free_section(&doc->sections[i]);
	free(doc->sections);
	free_numbered(doc->numbered, doc->nnumbered);
	text_free(doc->closing);
	for (size_t i = 0; i < doc->nfootnotes; i++) {
		free(doc->footnotes[i].id);
		text_free(doc->footnotes[i].text);
	}
	free(doc->footnotes);
	free_sign_off(&doc->end);
	for (size_t i = 0; i < doc->naddressees; i++)
		text_free(doc->addressees[i]);
	free(doc->addressees);
	if (doc->copy) {
		free_issuer(&doc->copy->issuer);
		free(doc->copy->symbol);
		free(doc->copy->place);
		free_sign_off(&doc->copy->end);
		free(doc->copy);
	}
	for (size_t i = 0; i < doc->ndeps; i++)
		free(doc->deps[i]);
	free(doc->deps);
	free(doc->file);
	free(doc);
}
