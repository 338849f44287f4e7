/* block.c: the block types' names, what may contain what, and the life of
 * a block (made, listed, walked, freed). */
#include <stdlib.h>
#include <string.h>

#include "doc.h"

static const char *const names[BLK__COUNT] = {
#define X(t, name) [t] = name,
    BLOCK_TYPES(X)
#undef X
};

const char *
block_name(enum block_type t)
{
	return t < BLK__COUNT ? names[t] : "body";
}

/* Containment in one place. A body's own admissions are the kind's
 * (kind_admits); these are the fixed ones of the format. */
int
block_can_contain(enum block_type parent, enum block_type child)
{
#define BIT(t) BLOCK_BIT(t)
	static const unsigned holds[BLK__COUNT] = {
	    [BLK_ITEMS] = BIT(BLK_ITEM),
	    [BLK_ITEM] = BIT(BLK_ITEMS),
	    [BLK_NUMBERED] = BIT(BLK_TEXT) | BIT(BLK_ITEMS) | BIT(BLK_NUMBERED) | BIT(BLK_TABLE),
	    [BLK_SECTION] = BIT(BLK_TEXT) | BIT(BLK_ITEMS) | BIT(BLK_NUMBERED) | BIT(BLK_SECTION) |
	        BIT(BLK_SHORTCOMING) | BIT(BLK_TABLE) | BIT(BLK_ASSIGNMENT),
	    [BLK_SHORTCOMING] = BIT(BLK_ITEMS) | BIT(BLK_ASSIGNMENT),
	    [BLK_ARTICLE] = BIT(BLK_TEXT) | BIT(BLK_CLAUSE) | BIT(BLK_ITEMS) | BIT(BLK_TABLE),
	    [BLK_CLAUSE] = BIT(BLK_TEXT) | BIT(BLK_POINT) | BIT(BLK_ITEMS) | BIT(BLK_TABLE),
	    [BLK_POINT] = BIT(BLK_TEXT) | BIT(BLK_ITEMS),
	    [BLK_CHAPTER] = BIT(BLK_ARTICLE) | BIT(BLK_SECTION),
	};
#undef BIT
	if (parent >= BLK__COUNT || child >= BLK__COUNT)
		return 0;
	return (holds[parent] >> child) & 1u;
}

struct block *
block_new(enum block_type t, struct pos pos)
{
	struct block *b = xcalloc(1, sizeof *b);
	b->type = t;
	b->pos = pos;
	b->role = "text";
	return b;
}

void
blocks_add(struct blocks *list, struct block *b, struct block *parent)
{
	GROW(list->v, list->cap, list->n + 1);
	list->v[list->n++] = b;
	b->parent = parent;
}

void
blocks_free(struct blocks *list)
{
	for (size_t i = 0; i < list->n; i++)
		block_free(list->v[i]);
	free(list->v);
	memset(list, 0, sizeof *list);
}

void
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

void
block_free(struct block *b)
{
	if (b == NULL)
		return;
	free(b->id);
	text_free(b->title);
	text_free(b->text);
	text_free(b->remedy);
	blocks_free(&b->kids);
	switch (b->type) {
	case BLK_ASSIGNMENT:
		task_free(b->u.task);
		break;
	case BLK_BASES:
		for (size_t i = 0; i < b->u.bases.n; i++)
			text_free(b->u.bases.v[i]);
		free(b->u.bases.v);
		break;
	case BLK_TABLE:
		table_free(b->u.table);
		break;
	case BLK_FIELD:
		field_line_free(b->u.field);
		break;
	case BLK_ANNEX:
		annex_free(b->u.annex);
		break;
	default:
		break;
	}
	free(b);
}

static void
walk(const struct blocks *list, void (*fn)(const struct block *, void *), void *arg)
{
	for (size_t i = 0; i < list->n; i++) {
		fn(list->v[i], arg);
		walk(&list->v[i]->kids, fn, arg);
	}
}

void
blocks_walk(const struct blocks *list, void (*fn)(const struct block *b, void *arg), void *arg)
{
	walk(list, fn, arg);
}

static void
row_free(struct table_row *r, size_t ncols)
{
	text_free(r->group);
	for (size_t c = 0; r->cells && c < ncols; c++) {
		text_free(r->cells[c].text);
		free(r->cells[c].num);
	}
	free(r->cells);
}

void
table_free(struct table *t)
{
	if (t == NULL)
		return;
	text_free(t->title);
	free(t->unit);
	for (size_t c = 0; c < t->ncols; c++)
		free(t->cols[c].title);
	free(t->cols);
	for (size_t g = 0; g < t->ngroups; g++)
		free(t->groups[g].title);
	free(t->groups);
	for (size_t i = 0; i < t->nrows; i++)
		row_free(&t->rows[i], t->ncols);
	free(t->rows);
	if (t->total) {
		row_free(t->total, t->ncols);
		free(t->total);
	}
	free(t);
}

void
field_line_free(struct field_line *f)
{
	if (f == NULL)
		return;
	free(f->key);
	for (size_t i = 0; i < f->nitems; i++)
		text_free(f->items[i]);
	free(f->items);
	free(f);
}

void
annex_free(struct annex *a)
{
	if (a == NULL)
		return;
	text_free(a->title);
	free(a->type_name);
	free(a->end_mark);
	free(a);
}
