/* docx_int.h: what the parts of the DOCX writer share: the XML writer and
 * its small helpers, paragraph and run properties in the family's terms.
 * Included by docx.c (package, styles, header, title and closing blocks,
 * footnotes, sections), docx_body.c (the blocks) and docx_table.c. */
#ifndef VANBAN_DOCX_INT_H
#define VANBAN_DOCX_INT_H

#include <libxml/xmlwriter.h>

#include "../text.h"
#include "docx.h"

enum jc { JC_BOTH, JC_LEFT, JC_CENTER, JC_RIGHT };

/* A paragraph's properties: what differs from its style. */
struct pp {
	const char *style; /* w:pStyle, NULL: the body's */
	int jc;            /* -1: the style's */
	double before;     /* pt; -1: the style's */
	double line;       /* pt, exact; 0: the style's */
	double left, right, first; /* pt; first < 0 hangs; PP_KEEP: the style's */
	int keep_next;
	int page_break_before;
};
/* (keep: the body's last paragraphs stay with the closing block; see
 * struct X's keep_from) */
#define PP_KEEP -1000
#define PP(style) ((struct pp){(style), -1, -1, 0, PP_KEEP, PP_KEEP, PP_KEEP, 0, 0})

/* A run's look: the face and size of the family's style, underlined or
 * raised (a footnote mark). */
struct rp {
	enum face face;
	double size;
	int underline;
};

struct X {
	xmlTextWriterPtr w;
	const struct doc *doc;
	const struct family *f;
	struct fontset *fs;
	struct diag *d;
	double width; /* pt: the text width of the section being written */
	int failed;
	size_t npara;     /* paragraphs written so far */
	size_t keep_from; /* from this paragraph on, each kept with the next */
	/* the paragraph styles' faces (styles.xml is written first), and the
	 * face of the paragraph being written: a run in another face says so,
	 * or it takes its style's bold or italic */
	struct {
		const char *id;
		enum face face;
	} styles[48];
	size_t nstyles;
	enum face pface;
};

/* XML: an element opened, an attribute, closed. */
void x_start(struct X *x, const char *name);
void x_attr(struct X *x, const char *name, const char *value);
void x_attrf(struct X *x, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void x_end(struct X *x);
/* <name w:val="value"/> */
void x_val(struct X *x, const char *name, const char *value);

long twips(double pt);


/* A paragraph opened with its properties; x_end closes it. */
void p_start(struct X *x, const struct pp *pp);
/* A run of plain text. */
void run(struct X *x, struct rp rp, const char *s);
/* The inlines of a cmark paragraph in base (bold and italic added by
 * strong and emph), footnote marks as footnote references. */
void inlines(struct X *x, cmark_node *para, struct rp base);
/* Each paragraph of t in its own paragraph of pp, in base; lead before
 * the first one's words (in lead's face). */
void paras(struct X *x, const struct text *t, const struct pp *pp, struct rp base, const char *lead, struct rp leadrp);
/* One paragraph of plain text. */
void line(struct X *x, const struct pp *pp, struct rp rp, const char *s);
/* Centred, broken where the PDF breaks (a plain text; else the word
 * processor's) */
void centred_line(struct X *x, const struct pp *pp, struct style st, const char *s, double width);
void centred_paras(struct X *x, const struct text *t, const struct pp *pp, struct style st, double width);
struct rp rp_of(struct style st);
/* A justified paragraph set in italics reaches 1 pt into the right
 * margin: LibreOffice leaves room for the slant at the end of such a line
 * (Word does not), and its lines would stop short of the margin. */
void pp_italic(struct pp *pp, struct rp rp);

/* docx_body.c */
void docx_blocks(struct X *x, const struct blocks *list, size_t from);
/* docx_table.c */
void docx_table(struct X *x, const struct block *b);
/* A table's start, its properties and its grid (docx.c), and a cell's
 * start with its properties, for the tables of page 1 and the body's. */
void table_start(struct X *x, const char *style, double total, const double *w, size_t n);
void cell_start(struct X *x, const double *w, size_t c0, size_t span, const char *vmerge, int middle);

#endif
