/* pages.c: building and freeing the laid-out pages. */
#include <stdlib.h>
#include <string.h>

#include "pages.h"

struct page *
pages_add(struct pages *p)
{
	GROW(p->v, p->cap, p->n + 1);
	struct page *pg = &p->v[p->n++];
	memset(pg, 0, sizeof *pg);
	return pg;
}

void
page_text(struct page *pg, double x, double y, enum face f, double size, const char *s, size_t len)
{
	GROW(pg->items, pg->cap, pg->n + 1);
	struct pg_item *it = &pg->items[pg->n++];
	it->kind = PG_TEXT;
	it->u.text = (struct pg_text){x, y, f, size, xstrndup(s, len)};
}

void
page_text_take(struct page *pg, double x, double y, enum face f, double size, char *s)
{
	GROW(pg->items, pg->cap, pg->n + 1);
	struct pg_item *it = &pg->items[pg->n++];
	it->kind = PG_TEXT;
	it->u.text = (struct pg_text){x, y, f, size, s};
}

void
page_rule(struct page *pg, double x0, double x1, double y, double width)
{
	GROW(pg->items, pg->cap, pg->n + 1);
	struct pg_item *it = &pg->items[pg->n++];
	it->kind = PG_RULE;
	it->u.rule = (struct pg_rule){x0, x1, y, width, y};
}

void
page_vrule(struct page *pg, double x, double y0, double y1, double width)
{
	GROW(pg->items, pg->cap, pg->n + 1);
	struct pg_item *it = &pg->items[pg->n++];
	it->kind = PG_RULE;
	it->u.rule = (struct pg_rule){x, x, y0, width, y1};
}

void
page_room(struct page *pg, double x0, double x1, double y0, double y1)
{
	GROW(pg->rooms, pg->caprooms, pg->nrooms + 1);
	pg->rooms[pg->nrooms++] = (struct pg_room){x0, y0, x1, y1};
}

void
pages_outline(struct pages *p, int level, const char *title, size_t page, double y)
{
	GROW(p->outline, p->capoutline, p->noutline + 1);
	p->outline[p->noutline++] = (struct pg_outline){level, xstrdup(title), page, y};
}

void
pages_free(struct pages *p)
{
	for (size_t i = 0; i < p->noutline; i++)
		free(p->outline[i].title);
	free(p->outline);
	for (size_t i = 0; i < p->n; i++) {
		for (size_t j = 0; j < p->v[i].n; j++)
			if (p->v[i].items[j].kind == PG_TEXT)
				free(p->v[i].items[j].u.text.s);
		free(p->v[i].items);
		free(p->v[i].rooms);
	}
	free(p->sign.line);
	free(p->sign.symbol);
	free(p->sign.copy_form);
	free(p->sign.copy_agency);
	free(p->sign.registry);
	free(p->v);
	memset(p, 0, sizeof *p);
}
