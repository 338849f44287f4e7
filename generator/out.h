/* out.h: the text renderers (Markdown, HTML) and the dumps of the model
 * and the layout. Included by main.c and tests. */
#ifndef VANBAN_OUT_H
#define VANBAN_OUT_H

#include "diag.h"
#include "doc.h"
#include "pages.h"

/* Owned strings, or NULL with a diagnostic (HTML: the page template). */
char *md_render(const struct doc *doc);
char *html_render(const struct doc *doc, const char *tdir, struct diag *d);
/* The same in two steps: the page template and style sheet read from
 * tdir (problems to d), then the page, which touches nothing but doc and
 * its arguments (so it may run beside the PDF writer). */
int html_page_load(const char *tdir, char **page, char **css, struct diag *d);
char *html_render_page(const struct doc *doc, const char *page, const char *css);
char *dump_tree(const struct doc *doc);
char *dump_layout(const struct pages *pg);
/* Has the model dump a handler for block type t? */
int dump_handles(enum block_type t);

#endif
