/* layout_int.h: what the parts of the layout share: fragments of words,
 * paragraphs, the vertical list of lines that page breaking moves, and
 * the state of one layout. Included by layout.c (the page: header, title
 * block, closing block, page breaking), layout_para.c (words and
 * paragraphs), layout_body.c (the blocks) and layout_table.c (tables). */
#ifndef VANBAN_LAYOUT_INT_H
#define VANBAN_LAYOUT_INT_H

#include "layout.h"
#include "linebreak.h"
#include "text.h"

enum align { AL_JUSTIFY, AL_LEFT, AL_CENTER, AL_RIGHT };

/* A piece of a word in one face and size. */
struct frag {
	enum face face;
	double size, rise;
	char *s; /* in its paragraph's blocks of text */
	size_t len;
	double width;
	int space_after; /* 1: a space follows, the word ends here; 2: a space that does not break */
	int brk;         /* a line may break after it inside the word (after '/' or '-') */
	struct footnote *fn; /* a footnote mark */
	int hard;        /* the line ends after it (a new paragraph inside a table's cell) */
};

/* Text of fragments, in blocks that never move (so that a fragment's s
 * stays where it is as the paragraph grows) and go all at once with it. */
struct para_text_block {
	struct para_text_block *next;
	size_t used, cap;
	char s[];
};

struct para {
	struct frag *v;
	size_t n, cap;
	struct pos pos; /* for diagnostics */
	struct para_text_block *text; /* owned: the fragments' text, newest block first */
};

/* Something placed relative to a line's baseline. */
struct vitem {
	int rule; /* 1 horizontal, 2 vertical (x, from dy down to y1), 3 a signing room (x..x1, dy..y1), not drawn */
	double y1;
	double x, dy, x1, width; /* text: x; rule: x..x1 at dy, stroke width */
	enum face face;
	double size;
	char *s; /* owned */
};

/* A line of the vertical list: what page breaking moves. */
struct vline {
	struct vitem *v;
	size_t n, cap;
	double advance; /* from the previous baseline, when not at the top of a page */
	double depth;   /* extent below the baseline (a closing block is one tall line) */
	int no_break_before; /* a page may not start with this line */
	int keep_next;       /* a page may not end with this line */
	double top_offset;   /* at the top of a page: from the top margin to the baseline (0: the body's ascent) */
	int table;           /* a row of a table (the end mark goes on a line of its own after it) */
	size_t head;         /* 1 + the index in L->heads of its table's header, set again above
	                        this line when it starts a page; 0 none */
	struct vitem close;  /* a rule drawn under this line when a page ends after it (a row split across pages) */
	int has_close;
	int new_page;        /* the first line of a part (an annex): it starts a page */
	size_t part;         /* the part it belongs to (L->parts) */
	int outline_level;   /* a heading's first line: its level, and its title */
	char *outline;       /* owned */
	struct footnote **fns; /* notes whose marks are on this line (borrowed) */
	size_t nfns, capfns;
};

/* A part of the document set on pages of its own: the document itself,
 * each annex. */
struct lpart {
	double paper_w, paper_h;
	double left, width, top, bottom;
	int restart; /* its pages numbered from 1 (state annexes) */
};

struct L {
	const struct doc *doc;
	const struct family *f;
	struct fontset *fs;
	struct diag *d;
	double left, right, width, top, bottom;
	struct vline *lines;
	size_t n, cap;
	struct layout_stats *st;
	int errors;
	int measuring; /* words measured only (a table's columns): their problems are said when set */
	struct lpart *parts;
	size_t nparts, capparts;
	size_t part; /* the part being laid out: new lines belong to it */
	/* the headers of tables, repeated on every page a table continues on */
	struct vline *heads;
	size_t nheads, capheads;
	/* footnotes laid out once: their lines, in note order */
	struct vline **fnlines;
	size_t *fnn;
};

struct setting {
	double x, width, indent, leading;
	enum align align;
	double first_advance; /* advance of the first line */
	int keep_with_next;   /* a heading: no page break after it */
	int justify_stats;
};

/* layout_para.c: setting words and paragraphs */
void frag_add(struct L *L, struct para *p, enum face face, double size, double rise, const char *s, size_t len,
    struct footnote *fn);
/* Ties the last two words of a ragged paragraph ("Tỉnh ủy," never alone). */
void para_tie_last(struct L *L, struct para *p);
/* Ties the first two words: a line never breaks after the first one. */
void para_tie_first(struct L *L, struct para *p);
void para_space(struct para *p);
/* Ends the line after the words so far (they stay unjustified). */
void para_break(struct para *p);
/* Text in face/size, split into words at spaces. */
void para_text(struct L *L, struct para *p, enum face face, double size, const char *s);
void para_inlines(struct L *L, struct para *p, cmark_node *n, enum face base, double size, int bold, int italic);
void para_free(struct para *p);
/* The widest piece of p that no line may break: a word, or a part of a
 * long token up to a '/' or '-'. */
double para_widest_word(const struct para *p, char **word); /* the word itself if word != NULL (owned) */
struct vline *vline_new(struct L *L, double advance);
void vtext(struct vline *v, double x, double dy, enum face f, double size, const char *s, size_t len);
void vrule(struct vline *v, double x0, double x1, double dy, double w);
void vvrule(struct vline *v, double x, double dy0, double dy1, double w);
/* A signing room from dy0 down to dy1 (pages.h, struct pg_room). */
void vroom(struct vline *v, double x0, double x1, double dy0, double dy1);
void vline_free(struct vline *v);
/* Breaks p into lines by s and appends them to the vertical list. */
void set_para(struct L *L, struct para *p, const struct setting *s);
double space_before(const struct L *L);
struct setting body_setting(const struct L *L);
/* A body paragraph: dash, lead (a number, a label) in lead_face, then
 * the inlines of para; keep: never the last line of a page. */
void paragraph(struct L *L, const struct text *t, cmark_node *para, const char *lead, enum face lead_face,
    const char *dash, struct style base, int keep);
void text_paras(struct L *L, const struct text *t, struct style base);
/* The first paragraph of t after a lead, the rest as paragraphs. */
void led(struct L *L, const char *lead, enum face lead_face, const struct text *t, struct style base);
size_t lines_into(struct L *L, struct vline *v, struct para *p, const struct setting *s, double dy0, double pitch);
/* A layout that only measures, for the writers that ask how the PDF sets a
 * part (the Word file): its problems go to a diagnostics of its own,
 * since they were said when the PDF was laid out. */
void quiet_layout(struct L *L, const struct doc *doc, struct fontset *fs, struct layout_stats *st);
void quiet_layout_end(struct L *L, struct layout_stats *st);
size_t centred(struct L *L, struct vline *v, const char *s, struct style st, double x, double width, double dy0,
    double pitch);
double ascent(struct L *L, struct style st);
double text_width(struct L *L, struct style st, const char *s);

/* layout_body.c: the blocks of a body, one handler per type */
void layout_blocks(struct L *L, const struct blocks *list, size_t from);
void outline_mark(struct L *L, size_t first_line, int level, const char *number, const struct text *title);

/* layout.c: an annex on pages of its own */
void layout_annex(struct L *L, const struct block *b);

/* layout_table.c: a table as rows of the vertical list */
void layout_table(struct L *L, const struct block *b);

#endif
