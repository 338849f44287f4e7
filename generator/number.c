/* number.c: the numbers of a body, derived from its structure and never
 * typed: one handler per block type (the table numberers), the labels in
 * the forms the kind (or the family) gives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

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
    [BLK_TABLE] = n_none,
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

void
number_doc(struct doc *doc, struct diag *d)
{
	struct N N = {doc, {0}, 0, 0, d};
	forms(&N, doc->kind, doc->family);
	number_list(&N, &doc->body, NULL);
}
