/* number.c: the numbers of a body, derived from its structure and never
 * typed: one handler per block type (the table numberers), the labels in
 * the forms the kind (or the family) gives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "number.h"

#include "idmap.h"
#include "text.h"

/* The counters of one container: its numbered parts share one (v1:
 * "numbered paragraphs, shortcomings and subsections share one counter"),
 * clauses and points count within their article and clause. */
struct counters {
	int path, clause, point;
};

struct N {
	const struct doc *doc;
	struct numbering nf; /* the kind's forms, the family's where it has none */
	int articles, chapters; /* through a body (a document, an attached one) */
	struct diag *d;
};

static void number_list(struct N *N, struct blocks *list, struct block *parent);

/* "" under a body, a chapter or a section at the top; "2." under "2". */
static void
path_of(const struct block *parent, int k, struct block *b)
{
	const char *pre = "";
	if (parent && !(parent->type == BLK_SECTION && parent->level == 1) && parent->type != BLK_CHAPTER)
		pre = parent->path;
	snprintf(b->path, sizeof b->path, "%.50s%s%d", pre, *pre ? "." : "", k % 100000);
}

static void
n_path(struct N *N, struct block *b, struct counters *c)
{
	int k = ++c->path;
	if (b->type == BLK_SECTION)
		b->level = b->parent && b->parent->type == BLK_SECTION ? b->parent->level + 1 : 1;
	path_of(b->parent, k, b);
	b->n = k;
	if (b->type == BLK_SECTION && b->level == 1)
		fmt_label(N->nf.top, k, b->path, b->label, sizeof b->label);
	else
		fmt_label(N->nf.path, k, b->path, b->label, sizeof b->label);
}

static void
n_article(struct N *N, struct block *b, struct counters *c)
{
	(void)c;
	b->n = ++N->articles;
	fmt_label(N->nf.article, b->n, "", b->label, sizeof b->label);
}

static void
n_clause(struct N *N, struct block *b, struct counters *c)
{
	b->n = ++c->clause;
	fmt_label(N->nf.clause, b->n, "", b->label, sizeof b->label);
}

static void
n_point(struct N *N, struct block *b, struct counters *c)
{
	b->n = ++c->point;
	fmt_label(N->nf.point, b->n, "", b->label, sizeof b->label);
}

static void
n_chapter(struct N *N, struct block *b, struct counters *c)
{
	(void)c;
	b->n = ++N->chapters;
	fmt_label(N->nf.chapter, b->n, "", b->label, sizeof b->label);
}

/* A table's rows counted 1, 2, 3 (again from 1 under each group), its
 * groups I, II in the STT column. */
static void
n_table(struct N *N, struct block *b, struct counters *c)
{
	(void)N, (void)c;
	struct table *t = b->u.table;
	int n = 0, g = 0;
	for (size_t i = 0; t && i < t->nrows; i++) {
		struct table_row *r = &t->rows[i];
		if (r->group) {
			fmt_label("{R}", ++g, "", r->stt, sizeof r->stt);
			n = 0;
		} else {
			fmt_label("{n}", ++n, "", r->stt, sizeof r->stt);
		}
	}
}

/* The blocks that carry no number of their own; their kids are numbered
 * all the same. */
static void
n_none(struct N *N, struct block *b, struct counters *c)
{
	(void)N, (void)b, (void)c;
}

static void (*const numberers[BLK__COUNT])(struct N *, struct block *, struct counters *) = {
    [BLK_TEXT] = n_none,
    [BLK_ITEMS] = n_none,
    [BLK_ITEM] = n_none,
    [BLK_NUMBERED] = n_path,
    [BLK_SECTION] = n_path,
    [BLK_SHORTCOMING] = n_path,
    [BLK_ASSIGNMENT] = n_none,
    [BLK_BASES] = n_none,
    [BLK_ARTICLE] = n_article,
    [BLK_CLAUSE] = n_clause,
    [BLK_POINT] = n_point,
    [BLK_CHAPTER] = n_chapter,
    [BLK_TABLE] = n_table,
    [BLK_FIELD] = n_none,
    [BLK_ANNEX] = n_none,
};

int
number_handles(enum block_type t)
{
	return t < BLK__COUNT && numberers[t] != NULL;
}

static void
number_list(struct N *N, struct blocks *list, struct block *parent)
{
	(void)parent;
	struct counters c = {0};
	for (size_t i = 0; i < list->n; i++) {
		struct block *b = list->v[i];
		numberers[b->type](N, b, &c);
		number_list(N, &b->kids, b);
	}
}

#define PICK(k, f, x) ((k) && (k)->x ? (k)->x : (f)->x)

static void
forms(struct N *N, const struct kind *k, const struct family *f)
{
	const struct numbering *kn = k ? &k->numbering : NULL, *fn = &f->numbering;
	N->nf = (struct numbering){PICK(kn, fn, top), PICK(kn, fn, path), PICK(kn, fn, article),
	    PICK(kn, fn, clause), PICK(kn, fn, point), PICK(kn, fn, chapter)};
}

/* ---- references: [§ID] to an article, a clause, a point; [#ID] to an
 * annex ---- */

struct ids {
	const struct block **v;
	size_t n, cap;
	struct idmap map; /* their IDs */
	char *known;      /* the list a message names, made once */
};

static void
collect(const struct blocks *list, struct ids *ids)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct block *b = list->v[i];
		if (b->id && b->type != BLK_ANNEX) {
			GROW(ids->v, ids->cap, ids->n + 1);
			ids->v[ids->n++] = b;
		}
		if (b->type != BLK_ANNEX) /* an attached document is a scope of its own */
			collect(&b->kids, ids);
	}
}

static const char *
block_key(const void *set, size_t i)
{
	return ((const struct block *const *)set)[i]->id;
}

/* Indexes the IDs of a scope, each once in it. */
static void
unique(struct ids *ids, struct diag *d)
{
	idmap_init(&ids->map, ids->v, block_key);
	for (size_t i = 0; i < ids->n; i++) {
		long j = idmap_add(&ids->map, i);
		if (j >= 0)
			diag(d, D_DUP_ID, ids->v[i]->idpos, ids->v[i]->id, ids->v[j]->idpos.line, ids->v[j]->idpos.col);
	}
}

static const struct block *
find_id(const struct ids *ids, const char *id)
{
	long i = idmap_find(&ids->map, id, strlen(id));
	return i < 0 ? NULL : ids->v[i];
}

static void
ids_free(struct ids *ids)
{
	free(ids->v);
	idmap_free(&ids->map);
	free(ids->known);
}

/* "khoản 2 Điều 3": the family's form, the numbers of the part and of
 * what contains it. */
static char *
ref_words(const struct family *f, const struct block *b)
{
	const struct block *point = NULL, *clause = NULL, *article = NULL;
	for (const struct block *x = b; x; x = x->parent) {
		if (x->type == BLK_POINT && !point)
			point = x;
		else if (x->type == BLK_CLAUSE && !clause)
			clause = x;
		else if (x->type == BLK_ARTICLE && !article)
			article = x;
	}
	char a[16] = "", c[16] = "", p[16] = "";
	if (article)
		fmt_label("{n}", article->n, "", a, sizeof a);
	if (clause)
		fmt_label("{n}", clause->n, "", c, sizeof c);
	if (point)
		fmt_label("{a}", point->n, "", p, sizeof p);
	const char *form = b->type == BLK_POINT ? f->ref_point : b->type == BLK_CLAUSE ? f->ref_clause : f->ref_article;
	const char *keys[] = {"article", "clause", "point"};
	const char *vals[] = {a, c, p};
	return fmt_expand(form, keys, vals, 3);
}

/* The IDs a reference may name, for its message: made once per scope (a
 * file may hold thousands of unknown references). */
static const char *
known_list(struct ids *ids, int annexes)
{
	if (ids->known)
		return ids->known;
	struct buf b = {0};
	size_t listed = 0, all = 0;
	for (size_t i = 0; i < ids->n; i++) {
		enum block_type t = ids->v[i]->type;
		int ok = annexes ? t == BLK_ANNEX : (t == BLK_ARTICLE || t == BLK_CLAUSE || t == BLK_POINT);
		ok = ok && idmap_find(&ids->map, ids->v[i]->id, strlen(ids->v[i]->id)) == (long)i; /* each once */
		all += ok;
		if (ok && listed++ < 10) /* ten at the most */
			buf_printf(&b, "%s%s", b.len ? ", " : "", ids->v[i]->id);
	}
	if (all == 0) {
		buf_free(&b);
		return ids->known = xstrdup(annexes ? _(" (the document has no annex with an 'id')")
		                                    : _(" (no article, clause or point has an 'id')"));
	}
	ids->known = known_list_words(buf_cstr(&b), all, 10);
	buf_free(&b);
	return ids->known;
}

struct R {
	const struct doc *doc;
	struct ids main, annexes;
	struct ids *scopes; /* one per attached document, in the order of doc->annexes */
	struct diag *d;
};

static struct ids *
scope_ids(struct R *R, const struct block *scope)
{
	if (scope == NULL)
		return &R->main;
	for (size_t i = 0; i < R->doc->annexes.n; i++)
		if (R->doc->annexes.v[i] == scope)
			return &R->scopes[i];
	return &R->main;
}

/* The words a reference prints; NULL (reported) when its ID names
 * nothing it may name. */
static char *
resolve_one(struct R *R, struct xref *x)
{
	if (x->annex) {
		const struct block *a = find_id(&R->annexes, x->id);
		if (a == NULL) {
			char *what = xasprintf("[#%s]", x->id);
			/* TRANSLATORS: what [#ID] may name: "reference [#x] names no annex" */
			diag(R->d, D_UNKNOWN_REF, x->pos, what, _("annex"), known_list(&R->annexes, 1));
			free(what);
			return NULL;
		}
		a->u.annex->referenced = 1;
		return xstrdup(a->u.annex->label);
	}
	struct ids *ids = scope_ids(R, x->scope);
	const struct block *b = find_id(ids, x->id);
	if (b == NULL || !(b->type == BLK_ARTICLE || b->type == BLK_CLAUSE || b->type == BLK_POINT)) {
		char *what = xasprintf("[§%s]", x->id);
		/* TRANSLATORS: what [§ID] may name: "reference [§x] names no article, clause or point" */
		diag(R->d, D_UNKNOWN_REF, x->pos, what, x->scope ? _("article, clause or point of its attached document")
		                                                    : _("article, clause or point"),
		    known_list(ids, 0));
		free(what);
		return NULL;
	}
	return ref_words(R->doc->family, b);
}

static void
replace_in(cmark_node *parent, struct R *R)
{
	cmark_node *c = cmark_node_first_child(parent);
	while (c) {
		cmark_node *next = cmark_node_next(c);
		struct xref *x = text_xref(c);
		if (x) {
			char *w = resolve_one(R, x);
			text_replace(c, w ? w : "");
			free(w);
		} else {
			replace_in(c, R);
		}
		c = next;
	}
}

static void
replace_cb(struct text *t, void *arg)
{
	if (t)
		replace_in(t->root, arg);
}

void
number_refs(struct doc *doc, struct diag *d)
{
	struct R R = {doc, {0}, {0}, xcalloc(doc->annexes.n + 1, sizeof *R.scopes), d};
	collect(&doc->body, &R.main);
	unique(&R.main, d);
	for (size_t i = 0; i < doc->annexes.n; i++) {
		const struct block *a = doc->annexes.v[i];
		if (a->id) {
			GROW(R.annexes.v, R.annexes.cap, R.annexes.n + 1);
			R.annexes.v[R.annexes.n++] = a;
		}
		collect(&a->kids, &R.scopes[i]);
		unique(&R.scopes[i], d);
	}
	unique(&R.annexes, d);
	doc_each_text(doc, replace_cb, &R);
	for (size_t i = 0; i < doc->nfootnotes; i++)
		replace_cb(doc->footnotes[i].text, &R);
	for (size_t i = 0; i < doc->ndirectives; i++)
		replace_cb(doc->directives[i].about, &R);
	ids_free(&R.main);
	ids_free(&R.annexes);
	for (size_t i = 0; i < doc->annexes.n; i++)
		ids_free(&R.scopes[i]);
	free(R.scopes);
}

void
number_annexes(struct doc *doc)
{
	const struct family *f = doc->family;
	size_t phu_luc = 0, k = 0;
	for (size_t i = 0; i < doc->annexes.n; i++)
		phu_luc += !doc->annexes.v[i]->u.annex->attached;
	for (size_t i = 0; i < doc->annexes.n; i++) {
		struct annex *a = doc->annexes.v[i]->u.annex;
		if (a->attached) {
			/* [#ID] of an attached document: its type, "Quy chế" */
			const char *name = a->type_name ? a->type_name : a->kind ? a->kind->name : "";
			char *s = fmt_map_case(name, utf8proc_toupper, utf8proc_tolower);
			snprintf(a->label, sizeof a->label, "%s", s);
			free(s);
			continue;
		}
		/* "Phụ lục" alone, or numbered when there are two or more */
		char num[32] = "";
		if (phu_luc > 1)
			fmt_label(f->annex_number, (int)++k, "", num, sizeof num);
		snprintf(a->label, sizeof a->label, "%s%s%s", f->annex_label, *num ? " " : "", num);
	}
}

void
number_doc(struct doc *doc, struct diag *d)
{
	struct N N = {doc, {0}, 0, 0, d};
	forms(&N, doc->kind, doc->family);
	number_list(&N, &doc->body, NULL);
	/* each annex numbers its own parts: an attached document in its
	 * kind's forms, its articles from Điều 1. */
	for (size_t i = 0; i < doc->annexes.n; i++) {
		struct block *b = doc->annexes.v[i];
		struct N A = {doc, {0}, 0, 0, d};
		forms(&A, b->u.annex->attached ? b->u.annex->kind : doc->kind, doc->family);
		number_list(&A, &b->kids, NULL);
	}
	number_annexes(doc);
}
