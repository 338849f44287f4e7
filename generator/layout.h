/* layout.h: from the document model to positioned lines on pages, by the
 * family's rules: header, title block, justified body (total-fit line
 * breaking), footnotes at the foot of their page, page numbers, and the
 * closing block kept whole and never alone. Asks widths through font.h
 * only. Included by main.c and tests. */
#ifndef VANBAN_LAYOUT_H
#define VANBAN_LAYOUT_H

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "pages.h"

/* One justified paragraph's measures. */
struct para_stat {
	struct pos pos; /* the text field it comes from */
	size_t lines;
	double worst_gap; /* widest inter-word space, times the normal space */
	double demerits;  /* of the chosen breaks */
};

/* Measures of the line breaking, for -T layout and the benchmark. */
struct layout_stats {
	size_t paragraphs, lines;
	double worst_gap; /* widest inter-word space of a justified line, times the normal */
	double demerits;
	struct para_stat *paras; /* owned */
	size_t nparas, cap;
};

/* Lays doc out into out. Problems (a glyph the font lacks) go to d;
 * returns -1 when there were errors. */
void layout_stats_free(struct layout_stats *st);
/* Has layout a handler for block type t? */
int layout_handles(enum block_type t);
int layout_doc(const struct doc *doc, struct fontset *fs, struct pages *out, struct layout_stats *st,
    struct diag *d);
/* The widths of a table block's columns in width, pt, as the PDF has
 * them; malloc'd, NULL if the PDF could not set it. */
double *layout_table_widths(const struct doc *doc, struct fontset *fs, const struct block *b, double width);
/* s in st centred in width, with a '\n' where the PDF breaks its lines
 * (balanced); malloc'd. */
char *layout_centred_breaks(const struct doc *doc, struct fontset *fs, struct style st, const char *s, double width);
/* Kính gửi, as the PDF sets it in a column width wide: the addressees'
 * lines (malloc'd, one an addressee, each malloc'd), the width of the
 * label and the space after it (*label_w), and the width the lines take
 * under the first (*lines_w, the widest, at most width - *label_w). The
 * block is centred: it starts (width - *label_w - *lines_w) / 2 in. */
char **layout_addressees(const struct doc *d, struct fontset *fs, double width, double *label_w, double *lines_w);

#endif
