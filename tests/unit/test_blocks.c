/* test_blocks.c: every block type that a kind's body can hold (what its
 * template admits, what those hold in turn, its fixed lines, annexes) has
 * its handler in every stage (validation, numbering, the text walk,
 * layout, the cmark tree for Markdown and HTML, the model dump, the Word
 * file), and a
 * source in tests/blocks/ that renders it through every output against
 * the goldens. ROOT is the repository. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docx/docx.h"
#include "layout.h"
#include "number.h"
#include "out.h"
#include "text.h"
#include "tmpl.h"
#include "tree.h"
#include "validate.h"

static int passed, failed;

static void
check(int ok, const char *kind, const char *type, const char *what)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL kind %s, block '%s': %s\n", kind, type, what);
}

/* The types a body of this kind can hold, and what they hold. */
static unsigned
reachable(const struct kind *k)
{
	unsigned set = k->admits | BLOCK_BIT(BLK_ANNEX) | BLOCK_BIT(BLK_TEXT);
	if (k->nfields || k->action || k->telegram_line)
		set |= BLOCK_BIT(BLK_FIELD);
	for (int again = 1; again;) {
		again = 0;
		for (int p = 0; p < BLK__COUNT; p++)
			for (int c = 0; (set >> p) & 1u && c < BLK__COUNT; c++)
				if (block_can_contain((enum block_type)p, (enum block_type)c) && !((set >> c) & 1u)) {
					set |= BLOCK_BIT(c);
					again = 1;
				}
	}
	return set;
}

int
main(void)
{
	char *list = tmpl_kind_list(ROOT "/templates");
	struct diag *d = diag_new();
	int kinds = 0;
	for (char *id = strtok(list, ", "); id; id = strtok(NULL, ", ")) {
		int missing = 0;
		struct kind *k = tmpl_kind(ROOT "/templates", id, &missing, d);
		check(k != NULL, id, "-", "its template does not load");
		if (k == NULL)
			continue;
		kinds++;
		unsigned set = reachable(k);
		for (int t = 0; t < BLK__COUNT; t++) {
			if (!((set >> t) & 1u))
				continue;
			const char *name = block_name((enum block_type)t);
			check(validate_handles((enum block_type)t), id, name, "no validator");
			check(number_handles((enum block_type)t), id, name, "no numbering handler");
			check(text_handles((enum block_type)t), id, name, "no handler in the text walk");
			check(layout_handles((enum block_type)t), id, name, "no layout handler");
			check(tree_handles((enum block_type)t), id, name, "no builder of the Markdown and HTML tree");
			check(dump_handles((enum block_type)t), id, name, "no dumper");
			check(docx_handles((enum block_type)t), id, name, "no writer of the Word file");
			char *src = xasprintf("%s/tests/blocks/%s.yaml", ROOT, name);
			check(access(src, R_OK) == 0, id, name, "no tests/blocks source rendering it against the goldens");
			free(src);
		}
		tmpl_kind_free(k);
	}
	check(kinds >= 20, "all", "-", "fewer than 20 kinds loaded");
	diag_free(d);
	free(list);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
