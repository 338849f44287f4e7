/* tree_body.c: the blocks of a body as cmark nodes for Markdown and HTML:
 * one builder per block type (the table builders). */
#include <stdlib.h>
#include <string.h>

#include "tree_int.h"


static void
b_text(struct T *T, cmark_node *parent, const struct block *b)
{
	t_paragraphs(T, parent, b->text, 0, 0);
}


/* A dash list in its wrapper (vb-items, vb-subitems for '+'). */
static void
b_items(struct T *T, cmark_node *parent, const struct block *b)
{
	cmark_node *l = t_bullets(t_wrap(T, parent, b->u.depth ? "<div class=\"vb-subitems\">" : "<div class=\"vb-items\">",
	    "</div>"));
	tree_blocks(T, l, &b->kids, 0);
}

static void
b_item(struct T *T, cmark_node *parent, const struct block *b)
{
	cmark_node *li = t_add(parent, CMARK_NODE_ITEM);
	t_paragraphs(T, li, b->text, 0, 0);
	tree_blocks(T, li, &b->kids, 0);
}

static void
b_numbered(struct T *T, cmark_node *parent, const struct block *b)
{
	t_led(T, parent, b->label, b->text);
	tree_blocks(T, parent, &b->kids, 0);
}

static void
b_assignment(struct T *T, cmark_node *parent, const struct block *b)
{
	if (b->text)
		t_paragraphs(T, t_wrap(T, parent, "<div class=\"vb-assignment\">", "</div>"), b->text, 1, 1);
}

static void
b_shortcoming(struct T *T, cmark_node *parent, const struct block *b)
{
	const struct family *f = T->doc->family;
	const struct kind *k = T->doc->kind;
	cmark_node *p = t_add(parent, CMARK_NODE_PARAGRAPH);
	char *lead = xasprintf("%s %s", b->label, k->finding_label);
	t_lit(t_add(p, CMARK_NODE_STRONG), lead);
	free(lead);
	cmark_node *first = cmark_node_first_child(b->text->root);
	t_lit(p, " ");
	t_lit(p, f->quote_open);
	t_inlines(T, t_add(p, CMARK_NODE_EMPH), first);
	for (cmark_node *q = cmark_node_next(first); q; q = cmark_node_next(q)) {
		p = t_add(parent, CMARK_NODE_PARAGRAPH);
		t_inlines(T, t_add(p, CMARK_NODE_EMPH), q);
	}
	t_lit(p, f->quote_close);
	if (b->remedy) {
		cmark_node *r = t_add(parent, CMARK_NODE_PARAGRAPH);
		cmark_node *rf = cmark_node_first_child(b->remedy->root);
		t_lit(r, k->remedy_label);
		t_lit(r, " ");
		t_inlines(T, r, rf);
		for (cmark_node *q = cmark_node_next(rf); q; q = cmark_node_next(q))
			t_inlines(T, t_add(parent, CMARK_NODE_PARAGRAPH), q);
	} else {
		/* the label alone, its remedies the dash list that follows */
		t_lit(t_add(parent, CMARK_NODE_PARAGRAPH), k->remedy_label);
	}
	tree_blocks(T, parent, &b->kids, 0);
}

/* The first kid when it is a text that a run-in title starts. */
static const struct block *
runin_text(const struct block *b)
{
	return b->runin && b->kids.n && b->kids.v[0]->type == BLK_TEXT ? b->kids.v[0] : NULL;
}

static void
b_section(struct T *T, cmark_node *parent, const struct block *s)
{
	const struct block *tx = runin_text(s);
	if (s->runin) {
		/* "1. Mục đích: Phát huy ..." */
		cmark_node *p = t_add(parent, CMARK_NODE_PARAGRAPH);
		cmark_node *b = t_add(p, CMARK_NODE_STRONG);
		t_lit(b, s->label);
		t_lit(b, " ");
		t_inlines(T, b, cmark_node_first_child(s->title->root));
		if (tx) {
			cmark_node *first = cmark_node_first_child(tx->text->root);
			t_lit(p, " ");
			t_inlines(T, p, first);
			for (cmark_node *q = cmark_node_next(first); q; q = cmark_node_next(q))
				t_inlines(T, t_add(parent, CMARK_NODE_PARAGRAPH), q);
		}
	} else {
		cmark_node *h = t_add(parent, CMARK_NODE_HEADING);
		cmark_node_set_heading_level(h, s->level + 1 > 6 ? 6 : s->level + 1);
		t_lit(h, s->label);
		t_lit(h, " ");
		t_inlines(T, h, cmark_node_first_child(s->title->root));
	}
	tree_blocks(T, parent, &s->kids, tx ? 1 : 0);
}

/* A paragraph: label (strong or not) and the first paragraph of text,
 * or label and title together in strong; the rest of the text after. */
static void
labelled(struct T *T, cmark_node *parent, const struct block *b, int strong_label)
{
	if (b->title) {
		cmark_node *p = t_add(parent, CMARK_NODE_PARAGRAPH);
		cmark_node *s = t_add(p, CMARK_NODE_STRONG);
		t_lit(s, b->label);
		t_lit(s, " ");
		t_inlines(T, s, cmark_node_first_child(b->title->root));
		t_paragraphs(T, parent, b->text, 0, 0);
	} else if (strong_label) {
		t_led(T, parent, b->label, b->text);
	} else {
		cmark_node *p = t_add(parent, CMARK_NODE_PARAGRAPH);
		t_lit(p, b->label);
		if (b->text) {
			cmark_node *first = cmark_node_first_child(b->text->root);
			t_lit(p, " ");
			t_inlines(T, p, first);
			for (cmark_node *q = cmark_node_next(first); q; q = cmark_node_next(q))
				t_inlines(T, t_add(parent, CMARK_NODE_PARAGRAPH), q);
		}
	}
	tree_blocks(T, parent, &b->kids, 0);
}

static void
b_article(struct T *T, cmark_node *parent, const struct block *b)
{
	labelled(T, t_wrap(T, parent, "<div class=\"vb-article\">", "</div>"), b,
	    t_bold(T->doc->family->article_style.face));
}

static void
b_clause(struct T *T, cmark_node *parent, const struct block *b)
{
	labelled(T, parent, b, 0);
}

static void
b_point(struct T *T, cmark_node *parent, const struct block *b)
{
	labelled(T, parent, b, 0);
}

/* "Chương I" and its title in capitals, centred (the page's style). */
static void
b_chapter(struct T *T, cmark_node *parent, const struct block *b)
{
	cmark_node *w = t_wrap(T, parent, "<div class=\"vb-chapter\">", "</div>");
	cmark_node *p = t_add(w, CMARK_NODE_PARAGRAPH);
	t_lit(t_add(p, CMARK_NODE_STRONG), b->label);
	t_add(p, CMARK_NODE_LINEBREAK);
	char *plain = text_plain(b->title), *upper = fmt_upper(plain);
	t_lit(t_add(p, CMARK_NODE_STRONG), upper);
	free(plain);
	free(upper);
	tree_blocks(T, parent, &b->kids, 0);
}

/* The bases, one paragraph each with the family's dash and punctuation. */
static void
b_bases(struct T *T, cmark_node *parent, const struct block *b)
{
	const struct family *f = T->doc->family;
	cmark_node *w = t_wrap(T, parent, "<div class=\"vb-bases\">", "</div>");
	int bold = t_bold(f->bases_style.face), it = t_italic(f->bases_style.face);
	for (size_t i = 0; i < b->u.bases.n; i++) {
		const struct text *t = b->u.bases.v[i];
		for (cmark_node *q = cmark_node_first_child(t->root); q; q = cmark_node_next(q)) {
			cmark_node *in = t_styled(t_add(w, CMARK_NODE_PARAGRAPH), bold, it);
			if (q == cmark_node_first_child(t->root) && *f->bases_dash)
				t_lit(in, f->bases_dash);
			t_inlines(T, in, q);
			if (cmark_node_next(q) == NULL)
				t_lit(in, i + 1 < b->u.bases.n ? f->bases_sep : f->bases_last);
		}
	}
}

/* A fixed line: centred (the authority, the operative line) or a
 * paragraph of the body. */
static void
b_field(struct T *T, cmark_node *parent, const struct block *b)
{
	const struct field_line *f = b->u.field;
	int centred = f->style == FIELD_CENTERED || (f->style == FIELD_LIST && f->centered_label);
	cmark_node *w = centred ? t_wrap(T, parent, "<div class=\"vb-centered\">", "</div>")
	                        : t_wrap(T, parent, "<div class=\"vb-field\">", "</div>");
	t_paragraphs(T, w, b->text, t_bold(f->face), t_italic(f->face));
	if (f->style != FIELD_LIST)
		return;
	/* its values as a dash list, ';' after each and '.' after the last */
	const struct family *fam = T->doc->family;
	cmark_node *l = t_bullets(t_wrap(T, parent, f->indent > 0 ? "<div class=\"vb-items vb-telegram\">" : "<div class=\"vb-items\">",
	    "</div>"));
	for (size_t i = 0; i < f->nitems; i++) {
		cmark_node *p = t_add(t_add(l, CMARK_NODE_ITEM), CMARK_NODE_PARAGRAPH);
		t_inlines(T, p, cmark_node_first_child(f->items[i]->root));
		t_lit(p, i + 1 < f->nitems ? fam->addressee_sep : fam->addressee_last);
	}
}

static void (*const builders[BLK__COUNT])(struct T *, cmark_node *, const struct block *) = {
    [BLK_TEXT] = b_text,
    [BLK_ITEMS] = b_items,
    [BLK_ITEM] = b_item,
    [BLK_NUMBERED] = b_numbered,
    [BLK_SECTION] = b_section,
    [BLK_SHORTCOMING] = b_shortcoming,
    [BLK_ASSIGNMENT] = b_assignment,
    [BLK_BASES] = b_bases,
    [BLK_ARTICLE] = b_article,
    [BLK_CLAUSE] = b_clause,
    [BLK_POINT] = b_point,
    [BLK_CHAPTER] = b_chapter,
    [BLK_TABLE] = tree_table,
    [BLK_FIELD] = b_field,
    [BLK_ANNEX] = tree_annex,
};

int
tree_handles(enum block_type t)
{
	return t < BLK__COUNT && builders[t] != NULL;
}

void
tree_blocks(struct T *T, cmark_node *parent, const struct blocks *list, size_t from)
{
	for (size_t i = from; i < list->n; i++)
		builders[list->v[i]->type](T, parent, list->v[i]);
}

