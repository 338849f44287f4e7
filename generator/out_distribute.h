/* out_distribute.h: what the office prints and records when a document
 * goes out: the print manifest (copies for each recipient and for the
 * archive) and its entry in the register of outgoing documents. Pure
 * string work; main.c reads and writes the files. Included by main.c. */
#ifndef VANBAN_OUT_DISTRIBUTE_H
#define VANBAN_OUT_DISTRIBUTE_H

#include "doc.h"

/* The printed copies: one line per recipient (an addressee for each
 * "Như trên"), then the archive. A document with a bản sao is
 * distributed as that copy: its recipients and archive. */
struct manifest_line {
	char *to; /* owned: "Đảng ủy Công an Trung ương (b/c)", "Lưu Văn phòng Tỉnh ủy" */
	int copies;
	int archive; /* the archive line */
};

struct manifest {
	struct manifest_line *v; /* owned */
	size_t n, cap;
	int recipients, archive, total; /* copies */
};

void distribute_manifest(const struct doc *doc, struct manifest *m);
void distribute_free(struct manifest *m);
/* The manifest as text for the clerk; owned. */
char *distribute_text(const struct doc *doc, const struct manifest *m);

/* The register of outgoing documents: CSV (RFC 4180, CRLF) with the header
 * number,symbol,date,subject,signer,recipients,copies. */
#define REGISTER_HEADER "number,symbol,date,subject,signer,recipients,copies"

/* Does the document (or its bản sao) have a number to be registered? */
int distribute_registrable(const struct doc *doc);
/* The register old (NULL or "" when there is none yet) with the document's
 * entry: an entry with the same number, symbol and date is replaced where
 * it stands, otherwise the entry is appended. Returns the new text (owned)
 * and sets *replaced; or NULL when old is not such a register, with *why
 * (static, in English: the caller prints it through _()) and *line
 * (1-based) set. */
char *distribute_register(const char *old, const struct doc *doc, const struct manifest *m, int *replaced,
    const char **why, int *line);

#endif
