/* pages.h: the laid-out document that layout produces and the PDF device
 * draws: pages of positioned text runs and rules. Included by layout.c,
 * out_pdf.c, dump code and tests. Nothing here knows about libharu. */
#ifndef VANBAN_PAGES_H
#define VANBAN_PAGES_H

#include "common.h"

/* Coordinates are PDF points from the top-left corner of the page, y
 * growing downward; a text's y is its baseline. */
struct pg_text {
	double x, y;
	enum face face;
	double size;
	char *s; /* owned, UTF-8, NFC; a word may carry its trailing space */
};

struct pg_rule {
	double x0, x1, y; /* a rule from (x0, y) to (x1, y1): horizontal when y1 == y */
	double width;     /* stroke width */
	double y1;
};

enum pg_kind { PG_TEXT, PG_RULE };

struct pg_item {
	enum pg_kind kind;
	union {
		struct pg_text text;
		struct pg_rule rule;
	} u;
};

struct page {
	double w, h;           /* its paper (an annex may be turned) */
	struct pg_item *items; /* owned */
	size_t n, cap;
};

/* An entry of the document outline (PDF bookmarks): a heading and where
 * it starts. */
struct pg_outline {
	int level;   /* 1 for I., II.; 2 for 1., 2. */
	char *title; /* owned, UTF-8: "I. MỤC ĐÍCH, YÊU CẦU" */
	size_t page; /* 0-based */
	double y;    /* baseline of the heading's first line */
};

struct pages {
	double width, height; /* paper, pt */
	struct page *v;       /* owned */
	size_t n, cap;
	struct pg_outline *outline; /* owned, in document order */
	size_t noutline, capoutline;
};

struct page *pages_add(struct pages *p);
void page_text(struct page *pg, double x, double y, enum face f, double size, const char *s, size_t len);
/* The same, taking ownership of s (NUL-terminated, from xmalloc). */
void page_text_take(struct page *pg, double x, double y, enum face f, double size, char *s);
void page_rule(struct page *pg, double x0, double x1, double y, double width);
void page_vrule(struct page *pg, double x, double y0, double y1, double width);
void pages_outline(struct pages *p, int level, const char *title, size_t page, double y);
void pages_free(struct pages *p);

#endif
