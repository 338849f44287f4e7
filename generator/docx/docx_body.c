/* docx_body.c: the blocks of a body as Word paragraphs: one handler per
 * block type (the table writes tables), each in the style named for what
 * it is, with the faces the layout uses. */
#include <stdlib.h>
#include <string.h>

#include "docx_int.h"

static struct rp
body_rp(const struct X *x)
{
	return rp_of(x->f->body);
}

static void
w_text(struct X *x, const struct block *b)
{
	struct pp pp = PP(NULL);
	paras(x, b->text, &pp, body_rp(x), NULL, body_rp(x));
}

static void
w_items(struct X *x, const struct block *b)
{
	docx_blocks(x, &b->kids, 0);
}

static void
w_item(struct X *x, const struct block *b)
{
	const char *dash = b->parent && b->parent->u.depth ? x->f->subitem_dash : x->f->item_dash;
	struct pp pp = PP("VbItem");
	paras(x, b->text, &pp, body_rp(x), dash, body_rp(x));
	docx_blocks(x, &b->kids, 0);
}

static void
w_numbered(struct X *x, const struct block *b)
{
	struct pp pp = PP(NULL);
	struct rp lead = {x->f->runin.face, x->f->body.size, 0};
	paras(x, b->text, &pp, body_rp(x), b->label, lead);
	docx_blocks(x, &b->kids, 0);
}

static void
w_assignment(struct X *x, const struct block *b)
{
	struct pp pp = PP("VbAssignment");
	struct rp rp = rp_of(x->f->assignment);
	paras(x, b->text, &pp, rp, NULL, rp);
}

static void
w_shortcoming(struct X *x, const struct block *sc)
{
	const struct family *f = x->f;
	const struct kind *k = x->doc->kind;
	struct pp pp = PP(NULL);
	struct rp body = body_rp(x), finding = {f->finding.face, f->body.size, 0};
	struct rp label = {f->finding_label.face, f->body.size, 0};
	struct pp fp = pp;
	pp_italic(&fp, finding);
	for (cmark_node *q = cmark_node_first_child(sc->text->root); q; q = cmark_node_next(q)) {
		p_start(x, &fp);
		if (q == cmark_node_first_child(sc->text->root)) {
			char *lead = xasprintf("%s %s", sc->label, k->finding_label);
			run(x, label, lead);
			free(lead);
			run(x, body, " ");
			run(x, body, f->quote_open);
		}
		inlines(x, q, finding);
		if (cmark_node_next(q) == NULL)
			run(x, body, f->quote_close);
		x_end(x);
	}
	struct rp rl = {f->remedy_label.face, f->body.size, 0};
	if (sc->remedy)
		paras(x, sc->remedy, &pp, body, k->remedy_label, rl);
	else {
		struct pp keep = pp;
		keep.keep_next = 1;
		line(x, &keep, rl, k->remedy_label);
	}
	docx_blocks(x, &sc->kids, 0);
}

static const struct block *
runin_text(const struct block *b)
{
	return b->runin && b->kids.n && b->kids.v[0]->type == BLK_TEXT ? b->kids.v[0] : NULL;
}

static void
w_section(struct X *x, const struct block *s)
{
	const struct family *f = x->f;
	struct style hs = s->level == 1 ? f->heading1 : f->heading2;
	const struct block *tx = runin_text(s);
	struct pp pp = PP(s->level == 1 ? "VbHeading1" : "VbHeading2");
	if (s->runin) {
		/* "1. Mục đích: Phát huy ...": number and title bold, the text on */
		cmark_node *first = tx ? cmark_node_first_child(tx->text->root) : NULL;
		pp.keep_next = first == NULL;
		pp.style = s->level == 1 ? "VbHeading1RunIn" : "VbHeading2RunIn";
		p_start(x, &pp);
		run(x, rp_of(hs), s->label);
		run(x, rp_of(hs), " ");
		inlines(x, cmark_node_first_child(s->title->root), (struct rp){f->runin.face, hs.size, 0});
		if (first) {
			run(x, body_rp(x), " ");
			inlines(x, first, body_rp(x));
		}
		x_end(x);
		struct pp bp = PP(NULL);
		for (cmark_node *q = first ? cmark_node_next(first) : NULL; q; q = cmark_node_next(q)) {
			p_start(x, &bp);
			inlines(x, q, body_rp(x));
			x_end(x);
		}
	} else {
		p_start(x, &pp);
		run(x, rp_of(hs), s->label);
		run(x, rp_of(hs), " ");
		inlines(x, cmark_node_first_child(s->title->root), rp_of(hs));
		x_end(x);
	}
	docx_blocks(x, &s->kids, tx ? 1 : 0);
}

/* Centred lines of a text in st: space before the first in place of the
 * body's; keep: stays with what follows. */
static void
centred_text(struct X *x, const struct text *t, struct style st, double space, int keep)
{
	for (cmark_node *q = cmark_node_first_child(t->root); q; q = cmark_node_next(q)) {
		struct pp pp = PP("VbCentered");
		pp.before = space;
		pp.keep_next = keep;
		p_start(x, &pp);
		inlines(x, q, rp_of(st));
		x_end(x);
		space = x->f->space_before;
	}
}

static void
w_field(struct X *x, const struct block *b)
{
	const struct field_line *fl = b->u.field;
	const struct family *f = x->f;
	struct style st = {fl->size ? fl->size : f->body.size, fl->face};
	double space = fl->space_before ? fl->space_before : f->space_before;
	if (fl->style == FIELD_CENTERED || (fl->style == FIELD_LIST && fl->centered_label)) {
		centred_text(x, b->text, st, space, 1);
	} else if (fl->style == FIELD_LIST) {
		struct pp pp = PP(NULL);
		pp.keep_next = 1;
		p_start(x, &pp);
		inlines(x, cmark_node_first_child(b->text->root), rp_of(st));
		x_end(x);
	} else {
		struct pp pp = PP(NULL);
		paras(x, b->text, &pp, rp_of(st), NULL, rp_of(st));
		return;
	}
	/* the values: dash lines ending ';', the last '.'; a công điện's
	 * recipients indented as a block */
	for (size_t i = 0; i < fl->nitems; i++) {
		struct pp pp = PP("VbItem");
		if (fl->indent > 0) {
			pp.left = fl->indent;
			pp.first = 0;
			pp.jc = JC_LEFT;
		}
		pp.keep_next = i + 1 < fl->nitems;
		p_start(x, &pp);
		run(x, rp_of(st), f->item_dash);
		run(x, rp_of(st), " ");
		for (cmark_node *q = cmark_node_first_child(fl->items[i]->root); q; q = cmark_node_next(q))
			inlines(x, q, rp_of(st));
		run(x, rp_of(st), i + 1 < fl->nitems ? f->addressee_sep : f->addressee_last);
		x_end(x);
	}
}

static void
w_bases(struct X *x, const struct block *b)
{
	const struct family *f = x->f;
	struct rp rp = rp_of(f->bases_style);
	for (size_t i = 0; i < b->u.bases.n; i++) {
		const struct text *t = b->u.bases.v[i];
		for (cmark_node *q = cmark_node_first_child(t->root); q; q = cmark_node_next(q)) {
			struct pp pp = PP("VbBase");
			pp.keep_next = i + 1 == b->u.bases.n; /* the last stays with the operative line */
			pp_italic(&pp, rp);
			p_start(x, &pp);
			if (q == cmark_node_first_child(t->root) && *f->bases_dash)
				run(x, rp, f->bases_dash);
			inlines(x, q, rp);
			if (cmark_node_next(q) == NULL)
				run(x, rp, i + 1 < b->u.bases.n ? f->bases_sep : f->bases_last);
			x_end(x);
		}
	}
}

/* "Điều 1. Phạm vi điều chỉnh" bold on its line and the text below, or
 * "Điều 1." and the text running on. */
static void
numbered_part(struct X *x, const struct block *b, struct style label, struct style title, const char *style)
{
	struct pp pp = PP(style);
	if (b->title) {
		pp.keep_next = 1;
		p_start(x, &pp);
		run(x, rp_of(title), b->label);
		run(x, rp_of(title), " ");
		inlines(x, cmark_node_first_child(b->title->root), rp_of(title));
		x_end(x);
		struct pp bp = PP(NULL);
		paras(x, b->text, &bp, body_rp(x), NULL, body_rp(x));
	} else {
		paras(x, b->text, &pp, body_rp(x), b->label, (struct rp){label.face, x->f->body.size, 0});
	}
	docx_blocks(x, &b->kids, 0);
}

static void
w_article(struct X *x, const struct block *b)
{
	numbered_part(x, b, x->f->article_style, x->f->article_style, "VbArticle");
}

static void
w_clause(struct X *x, const struct block *b)
{
	numbered_part(x, b, x->f->body, x->f->clause_title_style, NULL);
}

static void
w_point(struct X *x, const struct block *b)
{
	numbered_part(x, b, x->f->body, x->f->body, NULL);
}

static void
w_chapter(struct X *x, const struct block *b)
{
	const struct family *f = x->f;
	struct pp pp = PP("VbChapter");
	pp.before = f->chapter_before;
	line(x, &pp, rp_of(f->chapter_style), b->label);
	char *plain = text_plain(b->title), *upper = fmt_upper(plain);
	struct pp tp = PP("VbChapter");
	tp.before = 0;
	line(x, &tp, rp_of(f->chapter_style), upper);
	free(plain);
	free(upper);
	docx_blocks(x, &b->kids, 0);
}

/* An annex is a section of its own, written by docx.c. */
static void
w_annex(struct X *x, const struct block *b)
{
	(void)x;
	(void)b;
}

static void (*const writers[BLK__COUNT])(struct X *, const struct block *) = {
    [BLK_TEXT] = w_text,
    [BLK_ITEMS] = w_items,
    [BLK_ITEM] = w_item,
    [BLK_NUMBERED] = w_numbered,
    [BLK_SECTION] = w_section,
    [BLK_SHORTCOMING] = w_shortcoming,
    [BLK_ASSIGNMENT] = w_assignment,
    [BLK_BASES] = w_bases,
    [BLK_ARTICLE] = w_article,
    [BLK_CLAUSE] = w_clause,
    [BLK_POINT] = w_point,
    [BLK_CHAPTER] = w_chapter,
    [BLK_TABLE] = docx_table,
    [BLK_FIELD] = w_field,
    [BLK_ANNEX] = w_annex,
};

int
docx_handles(enum block_type t)
{
	return t < BLK__COUNT && writers[t] != NULL;
}

void
docx_blocks(struct X *x, const struct blocks *list, size_t from)
{
	for (size_t i = from; i < list->n; i++)
		writers[list->v[i]->type](x, list->v[i]);
}
