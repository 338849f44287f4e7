/* pdf.h: reading the objects of a PDF that vanban built (classic
 * cross-reference tables, as libharu and vanban-sign write them) and
 * writing objects back, for the incremental updates of vanban-sign.
 * Included by the files of sign/ only; it needs no library. */
#ifndef VANBAN_SIGN_PDF_H
#define VANBAN_SIGN_PDF_H

#include <stddef.h>

#include "common.h"

enum pv_type { PV_NULL, PV_BOOL, PV_INT, PV_REAL, PV_STR, PV_NAME, PV_ARRAY, PV_DICT, PV_REF };

/* A PDF value. A dictionary keeps its entries in order: v[2k] is a name,
 * v[2k + 1] its value. Everything reachable is owned. */
struct pv {
	enum pv_type t;
	long long i;   /* PV_BOOL, PV_INT; PV_REF: the object number */
	double r;      /* PV_REAL */
	char *s;       /* PV_STR: the bytes; PV_NAME: the name without '/' */
	size_t len;    /* PV_STR */
	struct pv *v;  /* PV_ARRAY, PV_DICT */
	size_t n, cap;
	int gen;       /* PV_REF */
};

/* A PDF file in memory and its cross-reference. */
struct pdf {
	const char *bytes; /* borrowed */
	size_t len;
	size_t *off;       /* owned: offset of each object (0: free or absent) */
	size_t noff;       /* the trailer's /Size */
	struct pv trailer; /* the last trailer */
	size_t startxref;  /* offset of the last cross-reference section */
	int version;       /* the header's minor version: 3 for %PDF-1.3 */
};

/* Reads the cross-reference of bytes; returns 0, or -1 with *why set (an
 * allocated message). */
int pdf_open(struct pdf *p, const char *bytes, size_t len, char **why);
void pdf_close(struct pdf *p);
/* Object num parsed into *out (a stream: its dictionary, *stream set to
 * the offset of its data when stream is not NULL); -1 when absent or bad. */
int pdf_object(const struct pdf *p, int num, struct pv *out, size_t *stream);
/* v, or the object v refers to (into *tmp, which the caller frees). */
const struct pv *pdf_resolve(const struct pdf *p, const struct pv *v, struct pv *tmp);

const struct pv *pv_get(const struct pv *dict, const char *key);
/* Sets key in dict to val (taken over), replacing the entry there. */
void pv_set(struct pv *dict, const char *key, struct pv val);
void pv_push(struct pv *array, struct pv val);
struct pv pv_copy(const struct pv *v);
void pv_free(struct pv *v);
double pv_num(const struct pv *v); /* an integer or a real; 0 otherwise */
int pv_is_num(const struct pv *v);

struct pv pv_int(long long i);
struct pv pv_real(double r);
struct pv pv_name(const char *s);
struct pv pv_ref(int num);
struct pv pv_bytes(const char *s, size_t len);
struct pv pv_dict(void);
struct pv pv_array(void);
/* A PDF text string of UTF-8 s (literal when ASCII, else UTF-16BE). */
struct pv pv_text(const char *s);
/* A text string's UTF-8 (owned), its UTF-16 decoded. */
char *pv_utf8(const struct pv *v);

/* Appends v in PDF syntax. */
void pv_write(struct buf *b, const struct pv *v);

#endif
