/* font.h: the faces of a document and their metrics. The layout asks how
 * wide a string is through this interface only; out_pdf.c asks for the
 * files to embed. Included by layout.c, out_pdf.c, main.c and tests. */
#ifndef VANBAN_FONT_H
#define VANBAN_FONT_H

#include "common.h"

struct fontset; /* opaque: four faces of one family */

/* Candidate file names for each face (names[f] is a NULL-terminated list,
 * tried in order): the four faces are taken from the first directory of
 * dirs that holds them all. On failure returns NULL and sets *why to an
 * allocated message naming the face and the places searched. When a
 * directory that holds some of the faces is passed over, *note (if note
 * is not NULL) is set to a message saying so. */
struct fontset *font_open(const char *const *dirs, size_t ndirs,
    const char *const *const names[FACE_COUNT], char **why, char **note);
void font_close(struct fontset *fs);

/* Advance of code point cp in face f, in font units per 1000 em. Returns
 * a negative value when the face has no glyph for cp. */
double font_advance(struct fontset *fs, enum face f, uint32_t cp);
int font_has(struct fontset *fs, enum face f, uint32_t cp);
/* Width in points of UTF-8 text s[0..n) at size. Missing glyphs count 0. */
double font_width(struct fontset *fs, enum face f, double size, const char *s, size_t n);
/* Ascender and descender (positive below) in 1/1000 em. */
double font_ascent(struct fontset *fs, enum face f);
double font_descent(struct fontset *fs, enum face f);
/* The file a face comes from, and its PostScript name. */
const char *font_file(const struct fontset *fs, enum face f);
const char *font_psname(struct fontset *fs, enum face f);

/* A font program of face f that holds only the code points cps[0..n) (and
 * .notdef), without hinting instructions or layout tables, for embedding:
 * its advances are those of the full face. Returns an allocated buffer of
 * *len bytes, or NULL when the face cannot be read or subset. */
unsigned char *font_subset(struct fontset *fs, enum face f, const uint32_t *cps, size_t n, size_t *len);
/* Whether font_subset leaves the pages of the font files it read mapped
 * (keep: another document of this run follows, and would fault them back
 * in, 1.1 ms a document) or gives them back to the page cache (the last
 * one: the peak of a build stays what layout and the PDF need). */
void font_keep_pages(struct fontset *fs, int keep);

#endif
