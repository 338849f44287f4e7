/* validate.h: from the loader's node tree to the typed document model,
 * reporting every problem of a file in one run. Included by main.c and
 * tests. */
#ifndef VANBAN_VALIDATE_H
#define VANBAN_VALIDATE_H

#include "diag.h"
#include "doc.h"
#include "load.h"

/* The templates of a run: loaded once, shared by every document. */
struct templates;
struct templates *templates_new(const char *dir);
void templates_free(struct templates *t);

/* Validates src into a document; NULL when it has errors (all reported to
 * d). Warnings do not stop it. The document is resolved (citations and
 * footnote numbers fixed) and ready to render. IDs of agencies and
 * directives are looked up in registry_dir, or when it is NULL in the
 * registry/ directory beside the source. task_annex adds the task table as
 * a phụ lục (build --annex), as task_annex: true in the source does. */
/* Has validation a reader for block type t? */
int validate_handles(enum block_type t);

struct doc *validate(const struct source *src, struct templates *tp, const char *registry_dir, int task_annex,
    struct diag *d);

#endif
