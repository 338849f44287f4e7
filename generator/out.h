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
char *dump_tree(const struct doc *doc);
char *dump_layout(const struct pages *pg);

#endif
