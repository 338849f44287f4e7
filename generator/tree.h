/* tree.h: the whole document as one cmark tree, shared by the Markdown and
 * HTML renderers: cmark renders the text (and escapes it), while custom
 * blocks carry the wrappers of the HTML page (empty for Markdown).
 * Included by out_md.c and out_html.c. */
#ifndef VANBAN_TREE_H
#define VANBAN_TREE_H

#include "doc.h"

enum tree_mode { TREE_MARKDOWN, TREE_HTML };

/* An owned tree; free with cmark_node_free. */
cmark_node *tree_build(const struct doc *doc, enum tree_mode mode);
/* Has the tree a builder for block type t? */
int tree_handles(enum block_type t);

#endif
