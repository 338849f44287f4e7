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

/* The fonts a document will be printed in, asked for once its family is
 * known: fonts(ctx, doc) returns them, or NULL when they cannot be opened
 * (and says so). Every character typed in the document is looked up in
 * the regular face and one it lacks is reported where it was typed. */
struct fontset;
struct glyph_source {
	struct fontset *(*fonts)(void *ctx, const struct doc *doc);
	void *ctx;
};

/* Validates src into a document and lints it against the regulations'
 * rules; NULL when it has errors (all reported to d: the mistakes of the
 * keys and values, the rules the linter can still judge, the characters
 * the fonts lack, in one run). Warnings do not stop it. The document is
 * resolved (citations and footnote numbers fixed) and ready to render.
 * IDs of agencies and directives are looked up in registry_dir, or when it
 * is NULL in the registry/ directory beside the source. task_annex adds
 * the task table as a phụ lục (build --annex), as task_annex: true in the
 * source does. gs may be NULL: no glyph is looked up. */
struct doc *validate(const struct source *src, struct templates *tp, const char *registry_dir, int task_annex,
    const struct glyph_source *gs, struct diag *d);

/* Has validation a reader for block type t? */
int validate_handles(enum block_type t);

#endif
