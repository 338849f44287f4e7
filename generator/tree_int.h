/* tree_int.h: what the builders of the cmark tree share. Included by
 * tree.c (the page), tree_body.c (the blocks) and tree_table.c (tables). */
#ifndef VANBAN_TREE_INT_H
#define VANBAN_TREE_INT_H

#include "text.h"
#include "tree.h"

struct T {
	const struct doc *doc;
	enum tree_mode mode;
};

cmark_node *t_add(cmark_node *parent, cmark_node_type t);
void t_lit(cmark_node *parent, const char *s);
/* parent, or a strong and/or emph node under it */
cmark_node *t_styled(cmark_node *parent, int strong, int emph);
/* A wrapper: an HTML element in HTML mode, nothing in Markdown. */
cmark_node *t_wrap(struct T *T, cmark_node *parent, const char *open, const char *close);
/* Copies of a paragraph's inline nodes into parent, with footnote marks
 * made concrete for the output. */
void t_inlines(struct T *T, cmark_node *parent, cmark_node *para);
void t_paragraphs(struct T *T, cmark_node *parent, const struct text *t, int strong, int emph);
/* A paragraph that starts with a bold lead and continues with the first
 * paragraph of t; the rest of t follows as paragraphs. */
void t_led(struct T *T, cmark_node *parent, const char *lead, const struct text *t);
cmark_node *t_bullets(cmark_node *parent);
/* A line of text in p, a hard break after it unless last. */
void t_line(cmark_node *p, const char *s, int strong, int emph, int last);
int t_bold(enum face f);
int t_italic(enum face f);

/* tree.c: an annex, after the document */
void tree_annex(struct T *T, cmark_node *parent, const struct block *b);
/* tree_body.c */
void tree_blocks(struct T *T, cmark_node *parent, const struct blocks *list, size_t from);
/* tree_table.c */
void tree_table(struct T *T, cmark_node *parent, const struct block *b);

#endif
