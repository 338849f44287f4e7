/* number.h: deriving the numbers of a document's parts (sections,
 * numbered paragraphs, articles, clauses, points, chapters, annexes) from
 * its structure, and resolving the references that name them. Included
 * by validate.c and tests. */
#ifndef VANBAN_NUMBER_H
#define VANBAN_NUMBER_H

#include "diag.h"
#include "doc.h"

/* Numbers every block of doc (labels in the kind's forms). */
void number_doc(struct doc *doc, struct diag *d);
/* The labels of the annexes: "Phụ lục", "Phụ lục I", "Quy chế". */
void number_annexes(struct doc *doc);
/* Replaces every [§ID] and [#ID] by the number it names (reporting the
 * IDs that name nothing, and any ID given twice in its scope). */
void number_refs(struct doc *doc, struct diag *d);
/* Has the numbering stage a handler for t? */
int number_handles(enum block_type t);

#endif
