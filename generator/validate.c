/* validate.c: the content format's rules, turning strings into types once.
 * Every check reports at the node it concerns and validation goes on, so
 * that one run shows every problem of a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "lint.h"
#include "number.h"
#include "out_tasks.h"
#include "validate_int.h"

/* The registries of one directory: agencies and directives that many
 * documents name by ID, loaded once and kept as node trees (their
 * diagnostics point into the registry files). */
struct registry {
	char *dir;
	struct source *agencies, *directives; /* NULL when the file is absent */
	int bad;                              /* a registry file has errors */
	int agencies_unread;                  /* agencies.yaml is there and could not be read */
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

/* the families by their IDs (enum family_id), as keys.c lists them */
#define family_names choice_family.vals


/* Checks key i of a map from IDs (directives, footnotes, a registry): well
 * formed, and not given before. Returns nonzero when it repeats a key. */
static int
id_key(struct diag *d, const struct node *m, size_t i)
{
	const struct node *k = m->kids[i];
	if (!v_valid_id(k->s))
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
load_optional(const char *path, struct diag *d, int *bad, int *unread)
{
	int missing = 0;
	struct source *src = load_file_if(path, &missing, d);
	if (missing)
		return NULL;
	if (src == NULL && unread != NULL)
		*unread = 1; /* reported: the file is there */
	if (src == NULL || src->root == NULL) {
		*bad = 1;
		return src;
	}
	const struct node *m = src->root;
	if (m->type != NODE_MAP) {
		diag(d, D_WRONG_TYPE, m->pos, _("a registry"), _("a mapping of ID to entry"), node_kind_name(m));
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
	r->agencies = load_optional(p, d, &r->bad, &r->agencies_unread);
	free(p);
	p = xasprintf("%s/directives.yaml", dir);
	r->directives = load_optional(p, d, &r->bad, NULL);
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


struct pos
v_at(const struct V *v, const struct node *n)
{
	(void)v;
	return n->pos;
}

/* Checks that n is a mapping whose keys are all in keys[], once each. */
int
v_check_map(struct V *v, const struct node *n, const char *what, const char *const *keys, size_t nkeys)
{
	if (n->type != NODE_MAP) {
		diag(v->d, D_WRONG_TYPE, v_at(v, n), what, _("a mapping of keys"), node_kind_name(n));
		return -1;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct node *k = n->kids[i];
		if (k->type != NODE_SCALAR) {
			diag(v->d, D_WRONG_TYPE, v_at(v, k), _("a key"), _("a single word"), node_kind_name(k));
			continue;
		}
		for (size_t j = 0; j < i; j += 2)
			if (n->kids[j]->type == NODE_SCALAR && strcmp(n->kids[j]->s, k->s) == 0) {
				diag(v->d, D_DUP_KEY, v_at(v, k), k->s, n->kids[j]->pos.line, n->kids[j]->pos.col);
				break;
			}
		size_t j;
		for (j = 0; j < nkeys; j++)
			if (strcmp(keys[j], k->s) == 0)
				break;
		if (j == nkeys) {
			const char *s = diag_suggest(k->s, keys, nkeys);
			char *hint = s ? xasprintf(_(", did you mean '%s'?"), s) : xstrdup("");
			if (s && v->nsuggested < 32) {
				v->suggested_in[v->nsuggested] = n;
				v->suggested[v->nsuggested++] = s;
			}
			diag(v->d, D_UNKNOWN_KEY, v_at(v, k), k->s, what, hint);
			free(hint);
		}
	}
	return 0;
}

int
v_check_set(struct V *v, const struct node *n, const char *what, const struct keyset *ks)
{
	const char *names[KEYS_MAX];
	size_t k = 0;
	for (; k < ks->n && k < KEYS_MAX; k++)
		names[k] = ks->keys[k].name;
	return v_check_map(v, n, what, names, k);
}

const struct node *
v_get(const struct node *map, const char *key)
{
	return node_get(map, key);
}

const struct node *
v_need(struct V *v, const struct node *map, const char *key, const char *what)
{
	const struct node *n = v_get(map, key);
	for (size_t i = 0; n == NULL && i < v->nsuggested; i++)
		if (v->suggested_in[i] == map && strcmp(v->suggested[i], key) == 0)
			return NULL;
	if (n == NULL)
		diag(v->d, D_MISSING_KEY, v_at(v, map), what, key);
	return n;
}

/* The marks around a placeholder of a skeleton: « and ». */
#define PH_OPEN "\xc2\xab"
#define PH_CLOSE "\xc2\xbb"

int
v_placeholder(const struct node *n)
{
	/* a whole value between the marks, with no other mark inside: text
	 * typed with « » as quotation marks, or the « of the old TCVN3
	 * encoding (ô), is not taken for one */
	if (n == NULL || n->type != NODE_SCALAR || n->len < 4 || memcmp(n->s, PH_OPEN, 2) != 0 ||
	    memcmp(n->s + n->len - 2, PH_CLOSE, 2) != 0)
		return 0;
	for (size_t i = 2; i + 2 < n->len; i++)
		if (memcmp(n->s + i, PH_OPEN, 2) == 0 || memcmp(n->s + i, PH_CLOSE, 2) == 0)
			return 0;
	return 1;
}

/* Every placeholder «...» left in the source (values and keys): a
 * skeleton is not printed by mistake. */
static void
placeholders(struct V *v)
{
	const struct source *src = v->src;
	for (size_t i = 0; i < src->nall; i++)
		if (v_placeholder(src->all[i]))
			diag(v->d, D_PLACEHOLDER, src->all[i]->pos, src->all[i]->s);
}

int
v_is_null(const struct node *n)
{
	return n->type == NODE_SCALAR && n->style == STYLE_PLAIN &&
	    (n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0);
}

/* Keeps scalar n of src, that becomes printed text, for the glyph check. */
static void
said(struct V *v, const struct source *src, const struct node *n)
{
	if (n == NULL || n->type != NODE_SCALAR)
		return;
	GROW(v->said, v->capsaid, v->nsaid + 1);
	v->said[v->nsaid++] = (struct said){src, n};
}

/* A one-line string (names, codes, signature lines). */
char *
v_string(struct V *v, const struct node *n, const char *key)
{
	if (n == NULL)
		return NULL;
	if (n->type != NODE_SCALAR) {
		if (!load_colon_slip(v->src, n, v->d))
			diag(v->d, D_WRONG_TYPE, v_at(v, n), key, _("a single line of text"), node_kind_name(n));
		return NULL;
	}
	if (v_is_null(n)) {
		diag(v->d, D_EMPTY_TEXT, v_at(v, n), key);
		return NULL;
	}
	said(v, v->src, n);
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

struct text *
v_text(struct V *v, const struct node *n, const char *key)
{
	if (n == NULL)
		return NULL;
	if (v_is_null(n)) {
		diag(v->d, D_EMPTY_TEXT, v_at(v, n), key);
		return NULL;
	}
	said(v, v->src, n);
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
	if (n && v_is_null(n))
		diag(v->d, D_EMPTY_TEXT, v_at(v, n), key);
	else if (n) {
		said(v, src, n);
		t = text_parse(src, n, key, &v->env, v->d);
	}
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

int
v_date(struct V *v, const struct node *n, const char *key, int year_ok, struct date *out)
{
	memset(out, 0, sizeof *out);
	if (n == NULL)
		return 0;
	if (v_placeholder(n))
		return -1;
	if (n->type == NODE_SCALAR) {
		const char *s = n->s;
		if (n->len == 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
		    digits(s + 8, 2)) {
			int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
			if (y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= fmt_days_in(y, m)) {
				*out = (struct date){y, m, d};
				return 0;
			}
			/* the form is right: say why there is no such day */
			char *why = fmt_date_problem(y, m, d);
			if (why) {
				diag(v->d, D_NO_SUCH_DATE, v_at(v, n), key, s, why);
				free(why);
				return -1;
			}
		} else if (year_ok && n->len == 4 && digits(s, 4) && atoi(s) >= 1900) {
			*out = (struct date){atoi(s), 0, 0};
			return 0;
		}
	}
	diag(v->d, D_BAD_DATE, v_at(v, n), key, n->type == NODE_SCALAR ? n->s : node_kind_name(n));
	return -1;
}

int
v_integer(struct V *v, const struct node *n, const char *key, int lo, int hi, int *out)
{
	if (v_placeholder(n))
		return -1;
	if (n->type == NODE_SCALAR && n->len > 0 && n->len < 9 && digits(n->s, n->len)) {
		int x = atoi(n->s);
		if (x >= lo && x <= hi) {
			*out = x;
			return 0;
		}
	}
	diag(v->d, D_BAD_NUMBER, v_at(v, n), key, lo, hi, n->type == NODE_SCALAR ? n->s : node_kind_name(n));
	return -1;
}

int
v_choice(struct V *v, const struct node *n, const char *key, const char *const *vals, size_t nv)
{
	if (v_placeholder(n))
		return -1;
	if (n->type == NODE_SCALAR)
		for (size_t i = 0; i < nv; i++)
			if (strcmp(n->s, vals[i]) == 0)
				return (int)i;
	struct buf b = {0};
	for (size_t i = 0; i < nv; i++) {
		/* TRANSLATORS: between the values allowed: "'a', 'b' or 'c'" */
		buf_puts(&b, i == 0 ? "" : i + 1 == nv ? _(" or ") : ", ");
		/* TRANSLATORS: a value allowed, in quotes */
		buf_printf(&b, _("'%s'"), vals[i]);
	}
	diag(v->d, D_BAD_ENUM, v_at(v, n), key, buf_cstr(&b), n->type == NODE_SCALAR ? n->s : node_kind_name(n));
	buf_free(&b);
	return -1;
}

int
v_valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

const struct node *
v_list(struct V *v, const struct node *n, const char *key)
{
	if (n == NULL)
		return NULL;
	if (n->type != NODE_SEQ) {
		diag(v->d, D_WRONG_TYPE, v_at(v, n), key, _("a list (lines starting with '- ')"), node_kind_name(n));
		return NULL;
	}
	if (n->n == 0) {
		diag(v->d, D_EMPTY_LIST, v_at(v, n), key);
		return NULL;
	}
	return n;
}

/* ---- the parts ---- */

/* An agency ID is a value made only of [a-z0-9-]. */
int
v_is_id(const struct node *n)
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
		char *where = a                        ? xasprintf("%s", a->path)
		              : v->reg->agencies_unread ? xasprintf(_("(%s/agencies.yaml could not be read)"), v->reg->dir)
		                                        : xasprintf(_("(there is no %s/agencies.yaml)"), v->reg->dir);
		const char *cands[256];
		size_t nc = 0;
		for (size_t i = 0; a && a->root && a->root->type == NODE_MAP && i + 1 < a->root->n && nc < 256; i += 2)
			cands[nc++] = a->root->kids[i]->s;
		const char *near = diag_suggest(n->s, cands, nc);
		char *hint = near ? xasprintf(_(", did you mean '%s'?"), near) : xstrdup("");
		diag(v->d, D_UNKNOWN_AGENCY, v_at(v, n), n->s, where, hint);
		free(hint);
		free(where);
		return NULL;
	}
	if (v_check_set(v, e, _("an agency"), &keys_agency) < 0)
		return NULL;
	const struct node *mm = node_get(e, "seal_mm");
	if (mm != NULL) {
		char *end = NULL;
		double d = mm->type == NODE_SCALAR ? strtod(mm->s, &end) : 0;
		if (mm->type != NODE_SCALAR || *end != '\0' || !(d > 0 && d <= 100))
			diag(v->d, D_SEAL_MM, mm->pos, mm->type == NODE_SCALAR ? mm->s : node_kind_name(mm));
	}
	return e;
}

/* The registry files a document took something from (for make). */
const struct kind *
v_kind(struct V *v, const struct node *n)
{
	char *id = v_string(v, n, "kind");
	int missing = 0;
	const struct kind *k = NULL;
	if (id && v_valid_id(id))
		k = get_kind(v->tp, id, &missing, v->d);
	if (id && k == NULL && (missing || !v_valid_id(id))) {
		char *known = tmpl_kind_list(v->tp->dir);
		/* the nearest known kind, from the comma-separated list */
		const char *cands[64];
		size_t nc = 0;
		char *copy = xstrdup(known);
		for (char *tok = strtok(copy, ", "); tok && nc < 64; tok = strtok(NULL, ", "))
			cands[nc++] = tok;
		const char *near = diag_suggest(id, cands, nc);
		char *hint = near ? xasprintf(_(", did you mean '%s'?"), near) : xstrdup("");
		/* TRANSLATORS: in place of the known kinds: there are none in the
		 * templates' directory */
		char *none = *known ? NULL : xasprintf(_("none in %s/kinds"), v->tp->dir);
		diag(v->d, D_NO_KIND, n->pos, id, hint, none ? none : known);
		free(none);
		free(hint);
		free(copy);
		free(known);
	}
	free(id);
	return k;
}

char *
v_kinds_admitting(struct V *v, enum block_type t)
{
	char *known = tmpl_kind_list(v->tp->dir);
	struct buf b = {0};
	char *copy = xstrdup(known);
	for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
		int missing;
		/* a kind template with errors is reported when a document uses it */
		struct diag *quiet = diag_new();
		const struct kind *k = get_kind(v->tp, tok, &missing, quiet);
		diag_free(quiet);
		if (k && (k->admits >> t) & 1u)
			buf_printf(&b, "%s%s", b.len ? ", " : "", tok);
	}
	free(copy);
	free(known);
	if (b.len == 0)
		buf_puts(&b, "");
	return buf_take(&b);
}

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
struct text *
v_agency_text(struct V *v, const struct node *idn)
{
	const struct node *e = agency(v, idn);
	if (e == NULL)
		return NULL;
	used_file(v, v->reg->agencies->path);
	const struct node *t = node_get(e, "text");
	if (t == NULL)
		t = v_need(v, e, "name", _("an agency"));
	return t ? text_from(v, v->reg->agencies, t, "text") : NULL;
}

static void
issuer(struct V *v, const struct node *n, struct issuer *is)
{
	is->family = -1;
	is->pos = n->pos;
	if (v_is_id(n)) {
		/* an agency from the registry: it needs what a header shows */
		const struct node *e = agency(v, n);
		if (e == NULL)
			return;
		used_file(v, v->reg->agencies->path);
		static const char *const needed[] = {"name", "code", "place"};
		int lacks = 0;
		for (int k = 0; k < 3; k++)
			if (node_get(e, needed[k]) == NULL) {
				diag(v->d, D_AGENCY_CANNOT_ISSUE, v_at(v, n), n->s, needed[k], e->pos.file, e->pos.line, e->pos.col);
				lacks = 1;
			}
		if (lacks)
			return;
		is->id = xstrndup(n->s, n->len);
		n = e;
	} else if (v_check_set(v, n, _("the issuer"), &keys_issuer) < 0) {
		return;
	}
	is->superior = v_string(v, v_get(n, "superior"), "superior");
	is->name = v_string(v, v_need(v, n, "name", _("the issuer")), "name");
	is->code = v_string(v, v_need(v, n, "code", _("the issuer")), "code");
	is->place = v_string(v, v_need(v, n, "place", _("the issuer")), "place");
	is->text = v_string(v, v_get(n, "text"), "text");
	const struct node *f = v_get(n, "family");
	if (f)
		is->family = v_choice(v, f, "family", family_names, 2);
}

/* The IDs that [@ID] may cite: the document's own directives, then the
 * registry's (the document's own entry wins). */
static void
directive_ids(struct V *v, const struct node *n)
{
	struct doc *doc = v->doc;
	if (n && n->type != NODE_MAP) {
		diag(v->d, D_WRONG_TYPE, v_at(v, n), "directives", _("a mapping of ID to directive"), node_kind_name(n));
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
	v->env.dirs = doc->directives;
	v->env.ndirs = doc->ndirectives;
	text_env_index(&v->env);
	for (size_t i = 0; rm && i + 1 < rm->n; i += 2) {
		const struct node *k = rm->kids[i];
		if (k->type != NODE_SCALAR)
			continue;
		/* the document's own entry shadows the registry's; the registry's
		 * own duplicates were reported when it was read */
		if (idmap_find(&v->env.dirmap, k->s, strlen(k->s)) >= 0)
			continue;
		struct directive *dir = &doc->directives[doc->ndirectives++];
		dir->id = xstrdup(k->s);
		dir->pos = k->pos;
		dir->node = rm->kids[i + 1];
		dir->registry = 1;
		v->env.ndirs = doc->ndirectives;
		idmap_add(&v->env.dirmap, doc->ndirectives - 1);
	}
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
		if (v_check_set(v, m, _("a directive"), &keys_directive) == 0) {
			dir->type = v_string(v, v_need(v, m, "type", _("a directive")), "type");
			dir->number = v_string(v, v_need(v, m, "number", _("a directive")), "number");
			dir->by = v_string(v, v_get(m, "by"), "by");
			v_date(v, v_get(m, "date"), "date", 0, &dir->date);
			dir->about = dir->registry ? text_from(v, v->src, v_get(m, "about"), "about") : v_text(v, v_get(m, "about"), "about");
		}
		v->src = own;
		dir->node = NULL; /* nothing points into the loader after validation */
	}
}

static void
footnote_ids(struct V *v, const struct node *n)
{
	if (n->type != NODE_MAP) {
		diag(v->d, D_WRONG_TYPE, v_at(v, n), "footnotes", _("a mapping of ID to text"), node_kind_name(n));
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
			v->doc->footnotes[j++].text = v_text(v, n->kids[i + 1], _("a footnote"));
}

/* A signature's prefix (T/M, TM.) must be one the family allows. */
static void
prefix_check(struct V *v, const struct node *at, const char *line)
{
	const struct family *f = v->doc->family;
	if (f == NULL)
		return;
	/* A first word with '/' or a final '.' is a prefix such as T/M or TM. */
	size_t w = strcspn(line, " ");
	char *first = xstrndup(line, w);
	int prefix = strchr(first, '/') != NULL || (w > 0 && first[w - 1] == '.');
	int ok = !prefix;
	for (size_t i = 0; prefix && f->signature_prefixes[i]; i++)
		if (strcmp(first, f->signature_prefixes[i]) == 0)
			ok = 1;
	if (!ok) {
		struct buf b = {0};
		for (size_t i = 0; f->signature_prefixes[i]; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", f->signature_prefixes[i]);
		diag(v->d, D_SIG_PREFIX, v_at(v, at), line, first, fmt_family_documents(v->doc->family_id), buf_cstr(&b));
		buf_free(&b);
	}
	free(first);
}

static void
signature(struct V *v, const struct node *n, struct signature *sg)
{
	if (v_check_set(v, n, _("the signature"), &keys_signature) < 0)
		return;
	const struct node *a = v_get(n, "authority");
	if (a && a->type == NODE_SEQ && v_list(v, a, "authority")) {
		/* several lines: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH */
		struct buf b = {0};
		for (size_t i = 0; i < a->n; i++) {
			char *line = v_string(v, a->kids[i], "authority");
			if (line == NULL)
				continue;
			prefix_check(v, a->kids[i], line);
			buf_printf(&b, "%s%s", b.len ? "\n" : "", line);
			free(line);
		}
		sg->authority = b.len ? buf_take(&b) : NULL;
		buf_free(&b);
	} else if (a) {
		sg->authority = v_string(v, a, "authority");
		if (sg->authority)
			prefix_check(v, a, sg->authority);
	}
	sg->title = v_string(v, v_get(n, "title"), "title");
	sg->name = v_string(v, v_get(n, "name"), "name");
	sg->note = v_string(v, v_get(n, "note"), "note");
	if (!a && !v_get(n, "title"))
		diag(v->d, D_SIG_EMPTY, v_at(v, n));
}

static void
recipient(struct V *v, const struct node *n, struct recipient *r)
{
	r->copies = 1;
	if (n->type != NODE_MAP) {
		r->to = v_is_id(n) ? v_agency_text(v, n) : v_text(v, n, _("a recipient"));
		/* the list's punctuation is the family's: a typed mark goes (the
		 * linter's recipient-punctuation warning says so) */
		r->typed = text_drop_final(r->to, ",;.");
		return;
	}
	if (load_colon_slip(v->src, n, v->d) || v_check_set(v, n, _("a recipient"), &keys_recipient) < 0)
		return;
	const struct node *to = v_need(v, n, "to", _("a recipient"));
	r->to = to && v_is_id(to) ? v_agency_text(v, to) : v_text(v, to, "to");
	r->typed = text_drop_final(r->to, ",;.");
	r->note = v_string(v, v_get(n, "note"), "note");
	const struct node *c = v_get(n, "copies");
	if (c)
		v_integer(v, c, "copies", 1, 1000, &r->copies);
}


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
	/* a normative document carries its year: Số: 36/2025/NQ-HĐND */
	if (f->symbol_year && strlen(sym) > 5 && sym[0] >= '1' && sym[0] <= '2' && strspn(sym, "0123456789") == 4 &&
	    sym[4] == '/')
		sym += 5;
	const char *other = strcmp(sep, "/") == 0 ? "-" : "/";
	const char *at_sep = strstr(sym, sep);
	int ok = at_sep != NULL && at_sep != sym && at_sep[strlen(sep)] != '\0' && strstr(sym, other) == NULL;
	if (strcmp(sep, "/") == 0 && at_sep != NULL) /* party: a hyphen may sit inside the issuer code */
		ok = at_sep != sym && at_sep[1] != '\0' && strchr(at_sep + 1, '/') == NULL &&
		    memchr(sym, '-', (size_t)(at_sep - sym)) == NULL;
	if (!ok) {
		/* TRANSLATORS: the shape of a symbol: the kind's code, a separator
		 * (/ or -), the issuer's code */
		char *shape = xasprintf(_("TYPE%sISSUER"), sep);
		char *example = xasprintf("KH%s%s", sep, strcmp(sep, "/") == 0 ? "TU" : "UBND");
		diag(v->d, D_SYMBOL_SHAPE, v_at(v, n), sym, fmt_family_documents(v->doc->family_id), shape, example);
		free(shape);
		free(example);
	}
}

/* Signature, Nơi nhận and the archive line of map (a document or a copy). */
static void
sign_off(struct V *v, const struct node *map, const char *what, struct sign_off *e)
{
	const struct node *n, *two = e == &v->doc->end ? v_get(map, "signatures") : NULL;
	if (two) {
		/* two side by side: a biên bản's secretary and chair, a joint
		 * document's signers */
		if (v_get(map, "signature"))
			diag(v->d, D_SIG_BOTH, v_at(v, v_get(map, "signature")));
		if (two->type == NODE_SEQ && two->n != 2)
			diag(v->d, D_SIG_COUNT, v_at(v, two), two->n);
		else if (v_list(v, two, "signatures")) {
			signature(v, two->kids[0], &e->signature);
			e->second = xcalloc(1, sizeof *e->second);
			signature(v, two->kids[1], e->second);
		}
	} else if ((n = v_need(v, map, "signature", what)) != NULL) {
		signature(v, n, &e->signature);
	}
	if ((n = v_need(v, map, "recipients", what)) != NULL && v_list(v, n, "recipients")) {
		e->recipients = xcalloc(n->n, sizeof *e->recipients);
		e->nrecipients = n->n;
		for (size_t i = 0; i < n->n; i++)
			recipient(v, n->kids[i], &e->recipients[i]);
	}
	e->archive = v_string(v, v_need(v, map, "archive", what), "archive");
}


static void
copy(struct V *v, const struct node *n)
{
	if (v_check_set(v, n, _("the copy"), &keys_copy) < 0)
		return;
	struct copy *c = v->doc->copy = xcalloc(1, sizeof *c);
	const struct node *x;
	const struct family *f = v->doc->family;
	if ((x = v_need(v, n, "form", _("the copy"))) != NULL) {
		int form = v_choice(v, x, "form", choice_copy_form.vals, choice_copy_form.n);
		c->form = form < 0 ? COPY_SAO_Y : (enum copy_form)form;
	}
	if ((x = v_need(v, n, "issuer", _("the copy"))) != NULL)
		issuer(v, x, &c->issuer);
	if ((x = v_get(n, "number")) != NULL)
		v_integer(v, x, "number", 1, 99999, &c->number);
	if ((x = v_get(n, "date")) != NULL)
		v_date(v, x, "date", 1, &c->date);
	if ((x = v_get(n, "place")) != NULL)
		c->place = v_string(v, x, "place");
	else if (c->issuer.place)
		c->place = xstrdup(c->issuer.place);
	if ((x = v_get(n, "symbol")) != NULL) {
		c->symbol = v_string(v, x, "symbol");
		if (c->symbol)
			symbol_shape(v, x, c->symbol);
	} else if (c->issuer.code) {
		c->symbol = derive_symbol(f, f->copy_code[c->form], c->issuer.code);
	}
	sign_off(v, n, _("the copy"), &c->end);
}

static void
body(struct V *v, const struct node *root)
{
	struct doc *doc = v->doc;
	const struct node *n;
	if ((n = v_get(root, "number")) != NULL)
		v_integer(v, n, "number", 1, 99999, &doc->number);
	if ((n = v_get(root, "symbol")) != NULL) {
		doc->symbol = v_string(v, n, "symbol");
		doc->symbol_pos = n->pos;
		doc->symbol_pos.file = NULL;
		doc->symbol_given = 1;
		if (doc->symbol)
			symbol_shape(v, n, doc->symbol);
	} else if (doc->kind && doc->issuer.code) {
		doc->symbol = derive_symbol(doc->family, fmt_kind_code(doc), doc->issuer.code);
	}
	if ((n = v_get(root, "date")) != NULL)
		v_date(v, n, "date", 1, &doc->date);
	if ((n = v_get(root, "place")) != NULL) {
		doc->place = v_string(v, n, "place");
		doc->place_pos = n->pos;
	} else if (doc->issuer.place) {
		doc->place = xstrdup(doc->issuer.place);
		doc->place_pos = doc->issuer.pos;
	}
	doc->place_pos.file = doc->file; /* layout reports here, once the source is gone */
	doc->issued_by = v_string(v, v_get(root, "issued_by"), "issued_by");
	doc->type_name = v_string(v, v_get(root, "type_name"), "type_name");
	/* who decides: as typed, else the body in issued_by, else the issuer */
	if ((n = v_get(root, "authority")) != NULL)
		doc->authority = v_string(v, n, "authority");
	else if (doc->issued_by)
		doc->authority = fmt_upper(doc->issued_by);
	else if (doc->issuer.name)
		doc->authority = xstrdup(doc->issuer.name);
	/* the end mark: the source's, else the kind's for this family, else
	 * the family's */
	if ((n = v_get(root, "ends_with")) != NULL) {
		if (n->type == NODE_SCALAR && n->style == STYLE_PLAIN && strcmp(n->s, "false") == 0)
			doc->end_mark = xstrdup("");
		else
			doc->end_mark = v_string(v, n, "ends_with");
	}
	if (doc->end_mark == NULL && doc->kind && doc->kind->end_mark[doc->family_id])
		doc->end_mark = xstrdup(doc->kind->end_mark[doc->family_id]);
	if (doc->end_mark == NULL)
		doc->end_mark = xstrdup(doc->family->body_end);
	if (v->kind->no_subject) {
		if ((n = v_get(root, "subject")) != NULL)
			diag(v->d, D_NO_SUBJECT_LINE, v_at(v, n), v->kind->id);
	} else {
		doc->subject = v_text(v, v_need(v, root, "subject", _("the document")), "subject");
	}
	if ((n = v_get(root, "draft")) != NULL) {
		if (n->type == NODE_SCALAR && strcmp(n->s, "true") == 0)
			doc->draft = xstrdup("Dự thảo");
		else if (!(n->type == NODE_SCALAR && strcmp(n->s, "false") == 0))
			doc->draft = v_string(v, n, "draft");
	}
	if ((n = v_get(root, "urgency")) != NULL)
		doc->urgency = v_choice(v, n, "urgency", choice_urgency.vals, choice_urgency.n) + 1;
	if ((n = v_get(root, "secrecy")) != NULL)
		doc->secrecy = v_choice(v, n, "secrecy", choice_secrecy.vals, choice_secrecy.n) + 1;
	doc->circulation = v_string(v, v_get(root, "circulation"), "circulation");
	if ((n = v_get(root, "addressees")) != NULL && v_list(v, n, "addressees")) {
		doc->addressees = xcalloc(n->n, sizeof *doc->addressees);
		doc->naddressees = n->n;
		for (size_t i = 0; i < n->n; i++)
			doc->addressees[i] = v_text(v, n->kids[i], _("an addressee"));
	}
	directives(v);
	v_body(v, root, &doc->body, 1);
	if ((n = v_get(root, "annexes")) != NULL)
		v_annexes(v, n, &doc->annexes);
	blocks_free(&v->end_fields); /* read and placed by v_body; none left on an error */
	if ((n = v_get(root, "task_annex")) != NULL) {
		static const char *const vals[] = {"false", "true"};
		doc->task_annex = v_choice(v, n, "task_annex", vals, 2) == 1;
	}
	if ((n = v_get(root, "footnotes")) != NULL && n->type == NODE_MAP)
		footnotes(v, n);
	sign_off(v, root, _("the document"), &doc->end);
	doc->end.as_above = doc->naddressees > 0;
	if (doc->end.as_above) {
		/* a typed "Như trên" is the line the generator adds first: kept once */
		struct sign_off *e = &doc->end;
		size_t k = 0;
		for (size_t i = 0; i < e->nrecipients; i++) {
			char *t = text_plain(e->recipients[i].to);
			int same = strcmp(t, doc->family->as_above) == 0;
			free(t);
			if (same && e->recipients[i].note == NULL) {
				text_free(e->recipients[i].to);
				continue;
			}
			e->recipients[k++] = e->recipients[i];
		}
		e->nrecipients = k;
	}
	if ((n = v_get(root, "copy")) != NULL)
		copy(v, n);
}

/* Annexes name the issuing body in their (Kèm theo ...) line; a phụ lục
 * the text never refers to is a warning (Nghị định 30 requires the
 * reference). */
static void
annex_checks(struct V *v)
{
	struct doc *doc = v->doc;
	if (doc->annexes.n && fmt_issuer_text(doc) == NULL)
		diag(v->d, D_NO_ISSUER_TEXT, doc->issuer.pos, _("the (Kèm theo ...) line of its annexes"));
	for (size_t i = 0; i < doc->annexes.n; i++) {
		const struct block *b = doc->annexes.v[i];
		const struct annex *a = b->u.annex;
		if (!a->attached && !a->task_table && !a->referenced)
			diag(v->d, D_ANNEX_UNREFERENCED, b->pos, a->label,
			    b->id ? "" : _(" (give it an 'id' and write [#ID] where the text refers to it)"));
	}
}

/* Each character typed that the family's regular face lacks, where it was
 * typed: a blank box is never printed. Each character is reported once,
 * at its first place. The layout checks the other faces, and the words
 * the templates add, as it sets them. */
static void
glyphs(struct V *v, const struct glyph_source *gs)
{
	if (gs == NULL || v->doc->family == NULL || v->nsaid == 0)
		return;
	struct fontset *fs = gs->fonts(gs->ctx, v->doc);
	if (fs == NULL)
		return; /* reported */
	uint32_t *seen = NULL;
	size_t nseen = 0, capseen = 0;
	for (size_t s = 0; s < v->nsaid; s++) {
		const struct node *n = v->said[s].n;
		for (size_t i = 0; i < n->len;) {
			uint32_t cp;
			int k = utf8_decode(n->s + i, n->len - i, &cp);
			if (k == 0)
				break;
			int known = cp < 0x80 && cp >= 0x20; /* every face has ASCII: no lookup */
			if (!known && cp >= 0x20 && font_advance(fs, FACE_REGULAR, cp) < 0) {
				for (size_t j = 0; j < nseen && !known; j++)
					known = seen[j] == cp;
				if (!known) {
					GROW(seen, capseen, nseen + 1);
					seen[nseen++] = cp;
					char ch[5] = {0};
					utf8_encode(cp, ch);
					char *face = xasprintf("%s (%s)", font_psname(fs, FACE_REGULAR), _("regular"));
					diag(v->d, D_MISSING_GLYPH, load_locate(v->said[s].src, n, i), face, (unsigned)cp, ch);
					free(face);
				}
			}
			i += (size_t)k;
		}
	}
	free(seen);
}

struct doc *
validate(const struct source *src, struct templates *tp, const char *registry_dir, int task_annex,
    const struct glyph_source *gs, struct diag *d)
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
	v.env.doc = doc;

	const struct node *root = src->root;
	if (v_check_set(&v, root, _("the document"), &keys_document) < 0) {
		doc_free(doc);
		return NULL;
	}
	placeholders(&v);
	const struct node *n;
	if ((n = v_need(&v, root, "kind", _("the document"))) != NULL)
		doc->kind = v_kind(&v, n);
	if ((n = v_need(&v, root, "issuer", _("the document"))) != NULL)
		issuer(&v, n, &doc->issuer);
	int fam = doc->issuer.family >= 0 ? doc->issuer.family : FAMILY_PARTY;
	if ((n = v_get(root, "family")) != NULL) {
		int f = v_choice(&v, n, "family", family_names, 2);
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
	directive_ids(&v, v_get(root, "directives"));
	if ((n = v_get(root, "footnotes")) != NULL)
		footnote_ids(&v, n);
	text_env_index(&v.env);
	/* an unknown kind (reported above) still lets the body be checked */
	static struct kind any_kind = {.id = "", .admits = ~0u};
	v.kind = doc->kind ? doc->kind : &any_kind;
	if (doc->family)
		body(&v, root);
	glyphs(&v, gs);
	if (diag_errors(d) == before && !src->bad) {
		number_doc(doc, d);
		/* the task table as one more phụ lục: made of the numbered body */
		struct block *ta = task_annex || doc->task_annex ? tasks_annex(doc) : NULL;
		if (ta) {
			blocks_add(&doc->annexes, ta, NULL);
			number_doc(doc, d);
		}
		number_refs(doc, d);
		annex_checks(&v);
	}
	if (diag_errors(d) == before && !src->bad) {
		doc_resolve(doc, d);
		/* the end mark, once the texts are final */
		text_end_mark(&doc->body, doc->end_mark, (struct pos){doc->file, 0, 0});
		for (size_t i = 0; i < doc->annexes.n; i++)
			text_end_mark(&doc->annexes.v[i]->kids, doc->annexes.v[i]->u.annex->end_mark, (struct pos){doc->file, 0, 0});
		for (size_t i = 0; i < doc->ndirectives; i++)
			if (doc->directives[i].registry && doc->directives[i].state)
				used_file(&v, v.reg->directives->path);
	}
	text_env_free(&v.env);
	free(v.said);
	/* the regulations' rules, on what could be read: a document with
	 * mistakes hears of the rules it breaks in the same run */
	if (doc->kind && doc->family)
		lint_doc(doc, d);
	if (diag_errors(d) > before || src->bad || (reg->bad && doc->ndeps > 0)) {
		doc_free(doc);
		return NULL;
	}
	return doc;
}

/* ---- freeing ---- */

static void
free_issuer(struct issuer *is)
{
	free(is->superior);
	free(is->name);
	free(is->code);
	free(is->place);
	free(is->text);
	free(is->id);
}

static void
free_signature(struct signature *s)
{
	free(s->authority);
	free(s->title);
	free(s->name);
	free(s->note);
}

static void
free_sign_off(struct sign_off *e)
{
	free_signature(&e->signature);
	if (e->second)
		free_signature(e->second);
	free(e->second);
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
	blocks_free(&doc->body);
	blocks_free(&doc->annexes);
	for (size_t i = 0; i < doc->nxrefs; i++) {
		free(doc->xrefs[i]->id);
		free(doc->xrefs[i]);
	}
	free(doc->xrefs);
	free(doc->type_name);
	free(doc->authority);
	free(doc->end_mark);
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
