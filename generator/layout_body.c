/* layout_body.c: the blocks of a body set as paragraphs: one handler per
 * block type (the table layouts), each appending its lines to the
 * vertical list in the family's styles. */
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

/* Marks the first line set since first_line as a heading of the outline. */
void
outline_mark(struct L *L, size_t first_line, int level, const char *number, const struct text *title)
{
	if (first_line >= L->n)
		return;
	char *t = title ? text_plain(title) : xstrdup("");
	size_t n = strlen(t);
	if (n > 0 && t[n - 1] == ':')
		t[n - 1] = '\0';
	L->lines[first_line].outline_level = level;
	L->lines[first_line].outline = *t ? xasprintf("%s %s", number, t) : xstrdup(number);
	free(t);
}

/* ---- the blocks: one layout handler per type ---- */



static void
lay_text(struct L *L, const struct block *b)
{
	text_paras(L, b->text, L->f->body);
}

static void
lay_items(struct L *L, const struct block *b)
{
	layout_blocks(L, &b->kids, 0);
}

static void
lay_item(struct L *L, const struct block *b)
{
	const char *dash = b->parent->u.depth ? L->f->subitem_dash : L->f->item_dash;
	for (cmark_node *p = cmark_node_first_child(b->text->root); p; p = cmark_node_next(p))
		paragraph(L, b->text, p, NULL, L->f->body.face, p == cmark_node_first_child(b->text->root) ? dash : NULL,
		    L->f->body, 0);
	layout_blocks(L, &b->kids, 0);
}

static void
lay_numbered(struct L *L, const struct block *b)
{
	led(L, b->label, L->f->runin.face, b->text, L->f->body);
	layout_blocks(L, &b->kids, 0);
}

static void
lay_assignment(struct L *L, const struct block *b)
{
	text_paras(L, b->text, L->f->assignment);
}

static void
lay_shortcoming(struct L *L, const struct block *sc)
{
	const struct family *f = L->f;
	const struct kind *k = L->doc->kind;
	struct para p = {.pos = sc->text->pos};
	char *lead = xasprintf("%s %s", sc->label, k->finding_label);
	para_text(L, &p, f->finding_label.face, f->body.size, lead);
	free(lead);
	para_space(&p);
	/* the opening quote sticks to the first word: no space after it */
	para_text(L, &p, f->body.face, f->body.size, f->quote_open);
	cmark_node *first = cmark_node_first_child(sc->text->root);
	para_inlines(L, &p, first, f->finding.face, f->body.size, 0, 0);
	int more = cmark_node_next(first) != NULL;
	if (!more)
		para_text(L, &p, f->body.face, f->body.size, f->quote_close);
	struct setting s = body_setting(L);
	set_para(L, &p, &s);
	para_free(&p);
	for (cmark_node *q = first ? cmark_node_next(first) : NULL; q; q = cmark_node_next(q)) {
		struct para p2 = {.pos = sc->text->pos};
		para_inlines(L, &p2, q, f->finding.face, f->body.size, 0, 0);
		if (cmark_node_next(q) == NULL)
			para_text(L, &p2, f->body.face, f->body.size, f->quote_close);
		set_para(L, &p2, &s);
		para_free(&p2);
	}
	if (sc->remedy)
		led(L, k->remedy_label, f->remedy_label.face, sc->remedy, f->body);
	else /* the label alone, its remedies the dash list that follows */
		paragraph(L, NULL, NULL, k->remedy_label, f->remedy_label.face, NULL, f->body, 1);
	layout_blocks(L, &sc->kids, 0);
}

/* The first kid when it is a text that a run-in title starts. */
static const struct block *
runin_text(const struct block *b)
{
	return b->runin && b->kids.n && b->kids.v[0]->type == BLK_TEXT ? b->kids.v[0] : NULL;
}

static void
lay_section(struct L *L, const struct block *s)
{
	const struct family *f = L->f;
	struct style hs = s->level == 1 ? f->heading1 : f->heading2;
	const struct block *tx = runin_text(s);
	if (s->runin) {
		/* "1. Mục đích: Phát huy ...": number and title bold, then the text */
		struct para p = {.pos = s->title->pos};
		para_text(L, &p, hs.face, hs.size, s->label);
		para_space(&p);
		para_inlines(L, &p, cmark_node_first_child(s->title->root), f->runin.face, hs.size, 0, 0);
		cmark_node *first = tx ? cmark_node_first_child(tx->text->root) : NULL;
		if (first) {
			para_space(&p);
			para_inlines(L, &p, first, f->body.face, f->body.size, 0, 0);
		}
		struct setting st = body_setting(L);
		st.keep_with_next = first == NULL;
		size_t at = L->n;
		set_para(L, &p, &st);
		outline_mark(L, at, s->level, s->label, s->title);
		para_free(&p);
		for (cmark_node *q = first ? cmark_node_next(first) : NULL; q; q = cmark_node_next(q))
			paragraph(L, tx->text, q, NULL, f->body.face, NULL, f->body, 0);
	} else {
		struct para p = {.pos = s->title->pos};
		para_text(L, &p, hs.face, hs.size, s->label);
		para_space(&p);
		para_inlines(L, &p, cmark_node_first_child(s->title->root), hs.face, hs.size, 0, 0);
		struct setting st = body_setting(L);
		st.keep_with_next = 1;
		size_t at = L->n;
		set_para(L, &p, &st);
		outline_mark(L, at, s->level, s->label, s->title);
		para_free(&p);
	}
	layout_blocks(L, &s->kids, tx ? 1 : 0);
}

/* Centred lines of a text in st (the operative line, a chapter's
 * heading, a fixed line): space is the space before it in place of the
 * body's; keep: a page may not end after it. */
static void
centred_text(struct L *L, const struct text *t, struct style st, double space, int keep, int tie_first)
{
	for (cmark_node *q = cmark_node_first_child(t->root); q; q = cmark_node_next(q)) {
		struct para p = {.pos = t->pos};
		para_inlines(L, &p, q, st.face, st.size, 0, 0);
		if (tie_first)
			para_tie_first(L, &p);
		struct setting s = {L->left, L->width, 0, L->f->leading, AL_CENTER, L->f->leading + space, keep, 0};
		set_para(L, &p, &s);
		para_free(&p);
		space = L->f->space_before;
	}
}

static void
lay_field(struct L *L, const struct block *b)
{
	const struct field_line *f = b->u.field;
	struct style st = {f->size ? f->size : L->f->body.size, f->face};
	double space = f->space_before ? f->space_before : L->f->space_before;
	if (f->style == FIELD_CENTERED || (f->style == FIELD_LIST && f->centered_label)) {
		/* the authority and operative lines stay with what they introduce */
		centred_text(L, b->text, st, space, 1, f->keep_first);
	} else if (f->style == FIELD_LIST) {
		paragraph(L, b->text, cmark_node_first_child(b->text->root), NULL, st.face, NULL, st, 1);
	} else {
		text_paras(L, b->text, st);
		return;
	}
	/* the values of a list: dash lines ending ';', the last '.'; a
	 * công điện's recipients indented as a block */
	const struct family *fam = L->f;
	for (size_t i = 0; i < f->nitems; i++) {
		const struct text *t = f->items[i];
		struct para p = {.pos = t->pos};
		para_text(L, &p, st.face, st.size, fam->item_dash);
		para_space(&p);
		for (cmark_node *q = cmark_node_first_child(t->root); q; q = cmark_node_next(q))
			para_inlines(L, &p, q, st.face, st.size, 0, 0);
		const char *mark = i + 1 < f->nitems ? fam->addressee_sep : fam->addressee_last;
		frag_add(L, &p, st.face, st.size, 0, mark, strlen(mark), NULL);
		struct setting s = body_setting(L);
		if (f->indent > 0) {
			s.x += f->indent;
			s.width -= f->indent;
			s.indent = 0;
			s.align = AL_LEFT;
		}
		s.keep_with_next = i + 1 < f->nitems;
		set_para(L, &p, &s);
		para_free(&p);
	}
}

/* The legal bases: one paragraph each, the family's dash and style, ';'
 * after each and the last one's mark after the last. */
static void
lay_bases(struct L *L, const struct block *b)
{
	const struct family *f = L->f;
	for (size_t i = 0; i < b->u.bases.n; i++) {
		const struct text *t = b->u.bases.v[i];
		for (cmark_node *q = cmark_node_first_child(t->root); q; q = cmark_node_next(q)) {
			struct para p = {.pos = t->pos};
			if (q == cmark_node_first_child(t->root) && *f->bases_dash) {
				para_text(L, &p, f->bases_style.face, f->bases_style.size, f->bases_dash);
				para_space(&p);
			}
			para_inlines(L, &p, q, f->bases_style.face, f->bases_style.size, 0, 0);
			if (cmark_node_next(q) == NULL) {
				const char *mark = i + 1 < b->u.bases.n ? f->bases_sep : f->bases_last;
				frag_add(L, &p, f->bases_style.face, f->bases_style.size, 0, mark, strlen(mark), NULL);
			}
			struct setting s = body_setting(L);
			s.keep_with_next = i + 1 == b->u.bases.n; /* the last one stays with the operative line */
			set_para(L, &p, &s);
			para_free(&p);
		}
	}
}

/* "Điều 1. Phạm vi điều chỉnh" (label and title bold, its text below), or
 * "Điều 1." bold and the text running on in regular type. Clauses the
 * same with their own styles ("1." regular, bold with a title). */
static void
numbered_part(struct L *L, const struct block *b, struct style label, struct style title, int outline_level)
{
	const struct family *f = L->f;
	size_t at = L->n;
	if (b->title) {
		struct para p = {.pos = b->title->pos};
		para_text(L, &p, title.face, title.size, b->label);
		para_space(&p);
		para_inlines(L, &p, cmark_node_first_child(b->title->root), title.face, title.size, 0, 0);
		struct setting s = body_setting(L);
		s.keep_with_next = 1;
		set_para(L, &p, &s);
		para_free(&p);
		text_paras(L, b->text, f->body);
	} else {
		led(L, b->label, label.face, b->text, f->body);
	}
	if (outline_level)
		outline_mark(L, at, outline_level, b->label, b->title ? b->title : NULL);
	layout_blocks(L, &b->kids, 0);
}

static void
lay_article(struct L *L, const struct block *b)
{
	/* the outline: chapters at the top, articles under them */
	int in_chapter = b->parent && b->parent->type == BLK_CHAPTER;
	numbered_part(L, b, L->f->article_style, L->f->article_style, in_chapter ? 2 : 1);
}

static void
lay_clause(struct L *L, const struct block *b)
{
	numbered_part(L, b, L->f->body, L->f->clause_title_style, 0);
}

static void
lay_point(struct L *L, const struct block *b)
{
	numbered_part(L, b, L->f->body, L->f->body, 0);
}

/* "Chương I" and its title in capitals, bold, centred, on two lines. */
static void
lay_chapter(struct L *L, const struct block *b)
{
	const struct family *f = L->f;
	size_t at = L->n;
	struct para p = {.pos = b->pos};
	para_text(L, &p, f->chapter_style.face, f->chapter_style.size, b->label);
	struct setting s = {L->left, L->width, 0, f->leading, AL_CENTER, f->leading + f->chapter_before, 1, 0};
	set_para(L, &p, &s);
	para_free(&p);
	char *plain = text_plain(b->title), *upper = fmt_upper(plain);
	struct para t = {.pos = b->title->pos};
	para_text(L, &t, f->chapter_style.face, f->chapter_style.size, upper);
	s.first_advance = f->leading;
	set_para(L, &t, &s);
	para_free(&t);
	free(plain);
	free(upper);
	outline_mark(L, at, 1, b->label, b->title);
	layout_blocks(L, &b->kids, 0);
}

static void (*const layouts[BLK__COUNT])(struct L *, const struct block *) = {
    [BLK_TEXT] = lay_text,
    [BLK_ITEMS] = lay_items,
    [BLK_ITEM] = lay_item,
    [BLK_NUMBERED] = lay_numbered,
    [BLK_SECTION] = lay_section,
    [BLK_SHORTCOMING] = lay_shortcoming,
    [BLK_ASSIGNMENT] = lay_assignment,
    [BLK_BASES] = lay_bases,
    [BLK_ARTICLE] = lay_article,
    [BLK_CLAUSE] = lay_clause,
    [BLK_POINT] = lay_point,
    [BLK_CHAPTER] = lay_chapter,
    [BLK_TABLE] = layout_table,
    [BLK_FIELD] = lay_field,
    [BLK_ANNEX] = layout_annex,
};

int
layout_handles(enum block_type t)
{
	return t < BLK__COUNT && layouts[t] != NULL;
}

void
layout_blocks(struct L *L, const struct blocks *list, size_t from)
{
	for (size_t i = from; i < list->n; i++)
		layouts[list->v[i]->type](L, list->v[i]);
}
