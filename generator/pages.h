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

/* A signing room (Nghị định 30, Phụ lục I): the space between a signer's
 * title and name where the signer's image and the agency's seal go when
 * the document is signed electronically; nothing is drawn there. */
struct pg_room {
	double x0, y0, x1, y1; /* y0 above y1 (y grows downward) */
};

struct page {
	double w, h;           /* its paper (an annex may be turned) */
	struct pg_item *items; /* owned */
	size_t n, cap;
	struct pg_room *rooms; /* owned, in the order they were placed */
	size_t nrooms, caprooms;
};

/* An entry of the document outline (PDF bookmarks): a heading and where
 * it starts. */
struct pg_outline {
	int level;   /* 1 for I., II.; 2 for 1., 2. */
	char *title; /* owned, UTF-8: "I. MỤC ĐÍCH, YÊU CẦU" */
	size_t page; /* 0-based */
	double y;    /* baseline of the heading's first line */
};

/* What `vanban sign` needs besides the rooms, decided by layout from the
 * family's template and written by out_pdf.c into the PDF (/VanbanSign):
 * the agency's line of an annex, an attachment or an electronic copy,
 * and the document's number and symbol. Strings owned, UTF-8. */
struct pg_signing {
	char *line;            /* "Số: 87-BC/BTCTU" or "Sao y; Văn phòng ...": the date and time follow it */
	enum face line_face;
	double line_size;      /* pt */
	double line_baseline;  /* from page 1's top */
	double line_right;     /* page 1's text area's right edge */
	double image_margin;   /* pt above and below the signer's image */
	double seal;           /* pt: the seal's diameter when none is given */
	int number;            /* 0: left blank */
	char *symbol;
	char *copy_form, *copy_agency; /* an electronic copy's; NULL when it is not a copy */
	char *registry;        /* the issuer's registry ID (a copy: the copying agency's), or NULL */
};

struct pages {
	double width, height; /* paper, pt */
	struct page *v;       /* owned */
	size_t n, cap;
	struct pg_outline *outline; /* owned, in document order */
	size_t noutline, capoutline;
	struct pg_signing sign;
};

struct page *pages_add(struct pages *p);
void page_text(struct page *pg, double x, double y, enum face f, double size, const char *s, size_t len);
/* The same, taking ownership of s (NUL-terminated, from xmalloc). */
void page_text_take(struct page *pg, double x, double y, enum face f, double size, char *s);
void page_rule(struct page *pg, double x0, double x1, double y, double width);
void page_vrule(struct page *pg, double x, double y0, double y1, double width);
void page_room(struct page *pg, double x0, double x1, double y0, double y1);
void pages_outline(struct pages *p, int level, const char *title, size_t page, double y);
void pages_free(struct pages *p);

#endif
