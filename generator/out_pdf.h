/* out_pdf.h: the PDF device. It draws what layout placed (struct pages)
 * with libharu and embeds the faces from the fontset. Only out_pdf.c and
 * font.c include <hpdf.h>. Included by main.c and tests. */
#ifndef VANBAN_OUT_PDF_H
#define VANBAN_OUT_PDF_H

#include "font.h"
#include "pages.h"

/* Document information; every string borrowed, UTF-8, may be NULL. The
 * date, when year != 0, is the document's own date (never the clock). */
struct pdf_meta {
	const char *title, *author, *subject, *keywords, *creator;
	int year, month, day;
	const char *icc; /* PDF/A-2b with this sRGB profile (build --pdfa); NULL: plain PDF */
};

/* Writes the PDF to fd, an empty file open for writing (the caller's
 * temporary file, named path in messages), every write checked, and starts
 * its way to the disk (sync_file_range): the caller fsyncs and closes it,
 * checked, before it renames the file into place, and may do other work in
 * between. Returns 0 on success; on failure returns -1 and sets *why to an
 * allocated message. The same input gives identical bytes. */
int pdf_write(const struct pages *pg, struct fontset *fs, const struct pdf_meta *meta,
    int fd, const char *path, char **why);

#endif
