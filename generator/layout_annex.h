/* layout_annex.h: the Phụ lục that --annex appends after a document: the
 * task table (STT, Nội dung, Cơ quan chủ trì, Cơ quan phối hợp, Thời hạn)
 * on pages of its own. Included by main.c and tests. */
#ifndef VANBAN_LAYOUT_ANNEX_H
#define VANBAN_LAYOUT_ANNEX_H

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "pages.h"

/* Appends the annex pages to out, which layout_doc has filled. A document
 * without tasks gets no annex (returns 0, *added 0). Returns -1 when a
 * character has no glyph (reported to d). */
int layout_annex(const struct doc *doc, struct fontset *fs, struct pages *out, size_t *added, struct diag *d);

#endif
