/* linebreak.h: total-fit paragraph breaking (Knuth and Plass, "Breaking
 * paragraphs into lines", 1981) over boxes, glue and penalties. Pure: no
 * fonts, no I/O, no globals. Included by layout.c and tests/unit. */
#ifndef VANBAN_LINEBREAK_H
#define VANBAN_LINEBREAK_H

#include <stddef.h>

#define LB_INF 10000.0 /* a penalty >= LB_INF forbids a break, <= -LB_INF forces one */

enum lb_type { LB_BOX, LB_GLUE, LB_PENALTY };

struct lb_item {
	enum lb_type type;
	double width;   /* box, glue; for a penalty the width added when broken there */
	double stretch; /* glue only */
	double shrink;  /* glue only */
	double penalty; /* penalty only */
	int flagged;    /* penalty only */
};

struct lb_params {
	double width;            /* the width of every line but the first */
	double first_width;      /* the width of the first line */
	double tolerance;        /* largest adjustment ratio allowed, e.g. 2 */
	double line_penalty;     /* added to badness of every line (TeX: 10) */
	double flagged_demerits; /* two flagged breaks in a row (TeX: 100..3000) */
	double fitness_demerits; /* adjacent lines of incompatible fitness (TeX: 100) */
};

struct lb_line {
	size_t start; /* first item on the line (after discarding glue/penalties at its start) */
	size_t end;   /* index of the break item: the line holds items [start, end) */
	double ratio; /* adjustment ratio: >0 stretched, <0 shrunk */
};

struct lb_result {
	struct lb_line *lines; /* owned */
	size_t n;
	double demerits; /* total demerits of the chosen breaks */
	int overfull;    /* nonzero when no set of breaks fitted the tolerance and the
	                    best effort (possibly an overfull line) was returned */
};

/* Breaks items[0..n) into lines. The caller ends a paragraph with glue of
 * infinite-like stretch and a forced penalty. Returns 0 on success, -1
 * when items is empty or not terminated by a forced break. */
int lb_break(const struct lb_item *items, size_t n, const struct lb_params *p, struct lb_result *out);
void lb_result_free(struct lb_result *r);

#endif
