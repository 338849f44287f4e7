/* lint.h: the regulation linter. A table of rules, each with an ID, a
 * severity and the clause of Hướng dẫn 36-HD/VPTW or Nghị định
 * 30/2020/NĐ-CP it comes from, checked on a validated document before it
 * is rendered. Included by main.c and tests. */
#ifndef VANBAN_LINT_H
#define VANBAN_LINT_H

#include <stdio.h>

#include "diag.h"
#include "doc.h"

/* Reports every rule the document breaks. */
void lint_doc(const struct doc *doc, struct diag *d);
/* Prints the table of rules (vanban check --rules). */
void lint_print_rules(FILE *out);

#endif
