/* text.h: text fields. Parsing CommonMark with cmark (smart punctuation),
 * refusing what the content format refuses, marking [@ID] and [^ID];
 * then resolving citations and footnote numbers in rendering order.
 * Included by validate.c, the renderers and tests. */
#ifndef VANBAN_TEXT_H
#define VANBAN_TEXT_H

#include "idmap.h"
#include "diag.h"
#include "doc.h"
#include "load.h"

#define TEXT_MAX_BYTES 100000 /* the content format's cap on one text field */

/* The IDs that [@ID] and [^ID] may name. */
struct text_env {
	struct directive *dirs;
	size_t ndirs;
	struct footnote *fns;
	size_t nfns;
	struct idmap dirmap, fnmap; /* their IDs: built with text_env_index() */
	struct doc *doc;           /* takes the [§ID] and [#ID] found, for number.c */
	const struct block *scope; /* the attached document being read; NULL: the document */
};

/* Indexes env's directives and footnotes by ID, once they are all known;
 * text_env_free() frees the index. */
void text_env_index(struct text_env *env);
void text_env_free(struct text_env *env);

/* Parses scalar n as a text field; problems go to d. Returns NULL when n
 * is not a scalar or the text is unusable. what names the field. */
struct text *text_parse(const struct source *src, const struct node *n, const char *what,
    const struct text_env *env, struct diag *d);

/* Replaces citations by their long or short forms and numbers footnotes,
 * visiting the text fields in the order they are rendered. */
void doc_resolve(struct doc *doc, struct diag *d);

/* Appends mark (the family's "./.") to the last paragraph body prints, or
 * after a table that ends it as a paragraph of its own. */
void text_end_mark(struct blocks *body, const char *mark, struct pos pos);

/* Calls fn on every text field of doc in rendering order. */
void doc_each_text(struct doc *doc, void (*fn)(struct text *t, void *arg), void *arg);

/* Has the text walk a handler for block type t? */
int text_handles(enum block_type t);

/* The reference a resolved-later CUSTOM_INLINE node stands for, or NULL. */
struct xref *text_xref(cmark_node *n);
/* Replaces reference node n by the words s. */
void text_replace(cmark_node *n, const char *s);

/* Takes one of marks off the end of t's last words ("Sở Nội vụ;");
 * returns the mark taken, or 0. */
char text_drop_final(struct text *t, const char *marks);
/* A text of paragraphs holding the strings as they are (no markup read). */
struct text *text_new(const char *const *paras, size_t n, struct pos pos);

/* A deep copy of a cmark node and its children. */
cmark_node *text_copy(cmark_node *n);
/* The footnote a resolved CUSTOM_INLINE node stands for, or NULL. */
struct footnote *text_footnote(cmark_node *n);
/* Does the text end with c (ignoring trailing spaces)? */
int text_ends_with(const struct text *t, const char *c);
/* The text's plain content (markup dropped, paragraphs joined by a space). */
char *text_plain(const struct text *t);

#endif
