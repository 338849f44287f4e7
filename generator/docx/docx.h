/* docx.h: the document as a Word file (WordprocessingML in a zip package),
 * from the same model as the PDF: the header, title and closing blocks as
 * borderless tables, the body in styles named for what they are, real
 * footnotes, tables whose header rows repeat, annexes in sections of their
 * own. Built into the helper program vanban-docx only: a plain vanban
 * loads neither libxml2 nor libzip. */
#ifndef VANBAN_DOCX_H
#define VANBAN_DOCX_H

#include <stddef.h>

#include "../doc.h"
#include "../font.h"

/* The package's bytes (owned; *len set), or NULL with the problem reported
 * to d. tdir: the templates directory (its docx/ holds the fixed parts);
 * fs measures the rules drawn as long as a text. */
char *docx_render(const struct doc *doc, const char *tdir, struct fontset *fs, size_t *len, struct diag *d);

/* Has the DOCX writer a handler for block type t? */
int docx_handles(enum block_type t);

#endif
