/* out_md.c: the document as CommonMark, one paragraph a line, for reading
 * and for diffs. */
#include <stdlib.h>

#include "out.h"
#include "tree.h"

char *
md_render(const struct doc *doc)
{
	cmark_node *t = tree_build(doc, TREE_MARKDOWN);
	char *s = cmark_render_commonmark(t, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(t);
	char *r = xstrdup(s);
	free(s);
	return r;
}
