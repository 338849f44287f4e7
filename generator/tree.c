/* tree.c: building the cmark tree of a document for Markdown and HTML. */
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tree.h"

struct T {
	const struct doc *doc;
	enum tree_mode mode;
};

static cmark_node *
add(cmark_node *parent, cmark_node_type t)
{
	cmark_node *n = cmark_node_new(t);
	cmark_node_append_child(parent, n);
	return n;
}

static void
lit(cmark_node *parent, const char *s)
{
	cmark_node *n = add(parent, CMARK_NODE_TEXT);
	cmark_node_set_literal(n, s);
}

static cmark_node *
styled(cmark_node *parent, int strong, int emph)
{
	if (strong)
		parent = add(parent, CMARK_NODE_STRONG);
	if (emph)
		parent = add(parent, CMARK_NODE_EMPH);
	return parent;
}

/* A wrapper: an HTML element in HTML mode, nothing in Markdown. */
static cmark_node *
wrap(struct T *T, cmark_node *parent, const char *open, const char *close)
{
	cmark_node *n = add(parent, CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(n, T->mode == TREE_HTML ? open : "");
	cmark_node_set_on_exit(n, T->mode == TREE_HTML ? close : "");
	return n;
}

/* Copies of a paragraph's inline nodes into parent, with footnote marks
 * made concrete for the output. */
static void
inlines(struct T *T, cmark_node *parent, cmark_node *para)
{
	for (cmark_node *k = cmark_node_first_child(para); k; k = cmark_node_next(k)) {
		cmark_node *c = text_copy(k);
		cmark_iter *it = cmark_iter_new(c);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *x = cmark_iter_get_node(it);
			struct footnote *fn;
			if (ev == CMARK_EVENT_ENTER && (fn = text_footnote(x)) != NULL) {
				char *s = T->mode == TREE_HTML
				    ? xasprintf("<sup class=\"vb-fnref\"><a href=\"#fn%d\" id=\"fnref%d\">%d</a></sup>",
				          fn->number, fn->number, fn->number)
				    : xasprintf("[^%d]", fn->number);
				cmark_node_set_on_enter(x, s);
				cmark_node_set_on_exit(x, "");
				free(s);
			}
		}
		cmark_iter_free(it);
		cmark_node_append_child(parent, c);
	}
}

/* The paragraphs of a text as paragraphs of parent. lead, when given, is
 * put before the first paragraph's words (a number, a run-in title). */
static void
paragraphs(struct T *T, cmark_node *parent, const struct text *t, int strong, int emph)
{
	if (t == NULL)
		return;
	for (cmark_node *p = cmark_node_first_child(t->root); p; p = cmark_node_next(p))
		inlines(T, styled(add(parent, CMARK_NODE_PARAGRAPH), strong, emph), p);
}

/* A paragraph that starts with a bold lead and continues with the first
 * paragraph of t; the rest of t follows as paragraphs. */
static void
led(struct T *T, cmark_node *parent, const char *lead, const struct text *t)
{
	cmark_node *p = add(parent, CMARK_NODE_PARAGRAPH);
	lit(add(p, CMARK_NODE_STRONG), lead);
	if (t == NULL)
		return;
	cmark_node *first = cmark_node_first_child(t->root);
	lit(p, " ");
	inlines(T, p, first);
	for (cmark_node *q = cmark_node_next(first); q; q = cmark_node_next(q))
		inlines(T, add(parent, CMARK_NODE_PARAGRAPH), q);
}

/* ---- the blocks: one builder per type ---- */

static void build_list(struct T *T, cmark_node *parent, const struct blocks *list, size_t from);

static void
b_text(struct T *T, cmark_node *parent, const struct block *b)
{
	paragraphs(T, parent, b->text, 0, 0);
}

static cmark_node *
bullet_list(cmark_node *parent)
{
	cmark_node *l = add(parent, CMARK_NODE_LIST);
	cmark_node_set_list_type(l, CMARK_BULLET_LIST);
	cmark_node_set_list_tight(l, 1);
	return l;
}

/* A dash list in its wrapper (vb-items, vb-subitems for '+'). */
static void
b_items(struct T *T, cmark_node *parent, const struct block *b)
{
	cmark_node *l = bullet_list(wrap(T, parent, b->u.depth ? "<div class=\"vb-subitems\">" : "<div class=\"vb-items\">",
	    "</div>"));
	build_list(T, l, &b->kids, 0);
}

static void
b_item(struct T *T, cmark_node *parent, const struct block *b)
{
	cmark_node *li = add(parent, CMARK_NODE_ITEM);
	paragraphs(T, li, b->text, 0, 0);
	build_list(T, li, &b->kids, 0);
}

static void
b_numbered(struct T *T, cmark_node *parent, const struct block *b)
{
	led(T, parent, b->label, b->text);
	build_list(T, parent, &b->kids, 0);
}

static void
b_assignment(struct T *T, cmark_node *parent, const struct block *b)
{
	if (b->text)
		paragraphs(T, wrap(T, parent, "<div class=\"vb-assignment\">", "</div>"), b->text, 1, 1);
}

static void
b_shortcoming(struct T *T, cmark_node *parent, const struct block *b)
{
	const struct family *f = T->doc->family;
	const struct kind *k = T->doc->kind;
	cmark_node *p = add(parent, CMARK_NODE_PARAGRAPH);
	char *lead = xasprintf("%s %s", b->label, k->finding_label);
	lit(add(p, CMARK_NODE_STRONG), lead);
	free(lead);
	cmark_node *first = cmark_node_first_child(b->text->root);
	lit(p, " ");
	lit(p, f->quote_open);
	inlines(T, add(p, CMARK_NODE_EMPH), first);
	for (cmark_node *q = cmark_node_next(first); q; q = cmark_node_next(q)) {
		p = add(parent, CMARK_NODE_PARAGRAPH);
		inlines(T, add(p, CMARK_NODE_EMPH), q);
	}
	lit(p, f->quote_close);
	if (b->remedy) {
		cmark_node *r = add(parent, CMARK_NODE_PARAGRAPH);
		cmark_node *rf = cmark_node_first_child(b->remedy->root);
		lit(r, k->remedy_label);
		lit(r, " ");
		inlines(T, r, rf);
		for (cmark_node *q = cmark_node_next(rf); q; q = cmark_node_next(q))
			inlines(T, add(parent, CMARK_NODE_PARAGRAPH), q);
	} else {
		/* the label alone, its remedies the dash list that follows */
		lit(add(parent, CMARK_NODE_PARAGRAPH), k->remedy_label);
	}
	build_list(T, parent, &b->kids, 0);
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
		cmark_node *p = add(parent, CMARK_NODE_PARAGRAPH);
		cmark_node *b = add(p, CMARK_NODE_STRONG);
		lit(b, s->label);
		lit(b, " ");
		inlines(T, b, cmark_node_first_child(s->title->root));
		if (tx) {
			cmark_node *first = cmark_node_first_child(tx->text->root);
			lit(p, " ");
			inlines(T, p, first);
			for (cmark_node *q = cmark_node_next(first); q; q = cmark_node_next(q))
				inlines(T, add(parent, CMARK_NODE_PARAGRAPH), q);
		}
	} else {
		cmark_node *h = add(parent, CMARK_NODE_HEADING);
		cmark_node_set_heading_level(h, s->level + 1 > 6 ? 6 : s->level + 1);
		lit(h, s->label);
		lit(h, " ");
		inlines(T, h, cmark_node_first_child(s->title->root));
	}
	build_list(T, parent, &s->kids, tx ? 1 : 0);
}

static void (*const builders[BLK__COUNT])(struct T *, cmark_node *, const struct block *) = {
    [BLK_TEXT] = b_text,
    [BLK_ITEMS] = b_items,
    [BLK_ITEM] = b_item,
    [BLK_NUMBERED] = b_numbered,
    [BLK_SECTION] = b_section,
    [BLK_SHORTCOMING] = b_shortcoming,
    [BLK_ASSIGNMENT] = b_assignment,
};

int
tree_handles(enum block_type t)
{
	return t < BLK__COUNT && builders[t] != NULL;
}

static void
build_list(struct T *T, cmark_node *parent, const struct blocks *list, size_t from)
{
	for (size_t i = from; i < list->n; i++)
		builders[list->v[i]->type](T, parent, list->v[i]);
}

static void
line(cmark_node *p, const char *s, int strong, int emph, int last)
{
	lit(styled(p, strong, emph), s);
	if (!last)
		add(p, CMARK_NODE_LINEBREAK);
}

static const char *const secrecy_words[] = {"", "MẬT", "TỐI MẬT", "TUYỆT MẬT"};
static const char *const urgency_words[] = {"", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"};

/* The left column of a header: superior, issuing body, star, number. */
static cmark_node *
left_column(struct T *T, cmark_node *h, const struct issuer *is, const char *number)
{
	const struct family *f = T->doc->family;
	cmark_node *left = wrap(T, h, "<div class=\"vb-left\">", "</div>");
	cmark_node *p = add(left, CMARK_NODE_PARAGRAPH);
	if (is->superior)
		line(p, is->superior, 0, 0, 0);
	line(p, is->name, 1, 0, 0);
	if (*f->star)
		line(p, f->star, 0, 0, 0);
	line(p, number, 0, 0, 1);
	return left;
}

static int
is_bold(enum face f)
{
	return f == FACE_BOLD || f == FACE_BOLD_ITALIC;
}

static int
is_italic(enum face f)
{
	return f == FACE_ITALIC || f == FACE_BOLD_ITALIC;
}

static void
header(struct T *T, cmark_node *doc)
{
	const struct doc *d = T->doc;
	const struct family *f = d->family;
	cmark_node *h = wrap(T, doc, "<header class=\"vb-header\">", "</header>");
	char *num = fmt_number_line(d);
	cmark_node *left = left_column(T, h, &d->issuer, num);
	free(num);
	if (d->kind->subject_in_header) {
		/* công văn: the subject under the number line */
		cmark_node *p = add(wrap(T, left, "<div class=\"vb-cv-subject\">", "</div>"), CMARK_NODE_PARAGRAPH);
		cmark_node *in = styled(p, is_bold(f->header_subject.face), is_italic(f->header_subject.face));
		if (*f->header_subject_prefix)
			lit(in, f->header_subject_prefix);
		for (cmark_node *q = cmark_node_first_child(d->subject->root); q; q = cmark_node_next(q))
			inlines(T, in, q);
	}
	if (d->secrecy || d->urgency || d->circulation) {
		cmark_node *m = add(wrap(T, left, f->marks_box ? "<div class=\"vb-marks vb-boxed\">" : "<div class=\"vb-marks\">",
		                        "</div>"), CMARK_NODE_PARAGRAPH);
		if (d->secrecy)
			line(m, secrecy_words[d->secrecy], 1, 0, !d->urgency && !d->circulation);
		if (d->urgency)
			line(m, urgency_words[d->urgency], 1, 0, !d->circulation);
		if (d->circulation)
			line(m, d->circulation, 1, 0, 1);
	}
	cmark_node *right = wrap(T, h, "<div class=\"vb-right\">", "</div>");
	if (d->draft)
		line(add(wrap(T, right, "<div class=\"vb-draft\">", "</div>"), CMARK_NODE_PARAGRAPH), d->draft, 0, 1, 1);
	cmark_node *p = add(wrap(T, right, "<div class=\"vb-national\">", "</div>"), CMARK_NODE_PARAGRAPH);
	for (size_t i = 0; f->national[i]; i++)
		line(p, f->national[i], 1, 0, f->national[i + 1] == NULL && !*f->motto);
	if (*f->motto)
		line(p, f->motto, 1, 0, 1);
	char *date = fmt_date_line(d);
	line(add(wrap(T, right, "<div class=\"vb-date\">", "</div>"), CMARK_NODE_PARAGRAPH), date, 0, 1, 1);
	free(date);
}

static void
title(struct T *T, cmark_node *doc)
{
	const struct doc *d = T->doc;
	if (!*d->kind->name && d->kind->subject_in_header)
		return; /* công văn: no title block */
	cmark_node *t = wrap(T, doc, "<div class=\"vb-title\">", "</div>");
	if (*d->kind->name) {
		cmark_node *h = add(t, CMARK_NODE_HEADING);
		cmark_node_set_heading_level(h, 1);
		lit(h, d->kind->name);
	}
	char *by = fmt_issued_by(d);
	if (by)
		line(add(t, CMARK_NODE_PARAGRAPH), by, 1, 0, 1);
	free(by);
	if (!d->kind->subject_in_header) {
		cmark_node *s = add(wrap(T, t, "<div class=\"vb-subject\">", "</div>"), CMARK_NODE_PARAGRAPH);
		for (cmark_node *p = cmark_node_first_child(d->subject->root); p; p = cmark_node_next(p)) {
			if (p != cmark_node_first_child(d->subject->root))
				add(s, CMARK_NODE_LINEBREAK);
			inlines(T, add(s, CMARK_NODE_STRONG), p);
		}
	}
	if (d->family->subject_rule > 0 && T->mode == TREE_HTML)
		wrap(T, t, "<div class=\"vb-subject-rule\">", "</div>");
	if (*d->family->after_text)
		lit(add(wrap(T, t, "<div class=\"vb-dashes\">", "</div>"), CMARK_NODE_PARAGRAPH), d->family->after_text);
}

/* Kính gửi: A; B. */
static void
addressees(struct T *T, cmark_node *doc)
{
	const struct doc *d = T->doc;
	const struct family *f = d->family;
	if (d->naddressees == 0)
		return;
	cmark_node *w = wrap(T, doc, "<div class=\"vb-addressees\">", "</div>");
	cmark_node *p = add(w, CMARK_NODE_PARAGRAPH);
	lit(styled(p, is_bold(f->addressee_label_style.face), is_italic(f->addressee_label_style.face)),
	    f->addressee_label);
	lit(p, " ");
	for (size_t i = 0; i < d->naddressees; i++) {
		if (d->naddressees > 1) {
			if (i > 0)
				add(p, CMARK_NODE_LINEBREAK);
			lit(p, f->recipient_dash);
		}
		inlines(T, p, cmark_node_first_child(d->addressees[i]->root));
		if (d->naddressees > 1)
			lit(p, i + 1 < d->naddressees ? f->addressee_sep : f->addressee_last);
	}
}

static void
closing(struct T *T, cmark_node *parent, const struct sign_off *e)
{
	const struct family *f = T->doc->family;
	cmark_node *c = wrap(T, parent, "<div class=\"vb-closing\">", "</div>");
	cmark_node *left = wrap(T, c, "<div class=\"vb-recipients\">", "</div>");
	cmark_node *lp = add(left, CMARK_NODE_PARAGRAPH);
	struct style ls = f->recipients_label_style;
	lit(styled(lp, is_bold(ls.face), is_italic(ls.face)), f->recipients_label);
	cmark_node *l = bullet_list(left);
	if (e->as_above) {
		char *s = xasprintf("%s%s", f->as_above, f->recipient_sep);
		lit(add(add(l, CMARK_NODE_ITEM), CMARK_NODE_PARAGRAPH), s);
		free(s);
	}
	for (size_t i = 0; i < e->nrecipients; i++) {
		cmark_node *p = add(add(l, CMARK_NODE_ITEM), CMARK_NODE_PARAGRAPH);
		cmark_node *first = cmark_node_first_child(e->recipients[i].to->root);
		inlines(T, p, first);
		char *tail = fmt_recipient_tail(f, e, i);
		lit(p, tail);
		free(tail);
	}
	char *arch = fmt_archive(f, e);
	/* the archive line without its dash: the list supplies it */
	lit(add(add(l, CMARK_NODE_ITEM), CMARK_NODE_PARAGRAPH), arch + strlen(f->recipient_dash));
	free(arch);
	const struct signature *s = &e->signature;
	cmark_node *right = wrap(T, c, "<div class=\"vb-signature\">", "</div>");
	cmark_node *p = add(right, CMARK_NODE_PARAGRAPH);
	if (s->authority)
		line(p, s->authority, 1, 0, !s->title);
	if (s->title)
		line(p, s->title, 1, 0, 1);
	if (s->note)
		line(add(wrap(T, right, "<div class=\"vb-sign-room\">", "</div>"), CMARK_NODE_PARAGRAPH), s->note, 0, 0, 1);
	else if (T->mode == TREE_HTML)
		wrap(T, right, "<div class=\"vb-sign-room\">", "</div>");
	if (s->name)
		line(add(right, CMARK_NODE_PARAGRAPH), s->name, 1, 0, 1);
}

/* The bản sao: a rule, the copier's header, its own closing block. */
static void
copy_block(struct T *T, cmark_node *doc)
{
	const struct copy *c = T->doc->copy;
	const struct family *f = T->doc->family;
	if (c == NULL)
		return;
	cmark_node *w = wrap(T, doc, "<section class=\"vb-copy\">", "</section>");
	add(w, CMARK_NODE_THEMATIC_BREAK);
	cmark_node *h = wrap(T, w, "<header class=\"vb-header\">", "</header>");
	char *num = fmt_number_of(f, c->number, c->symbol);
	left_column(T, h, &c->issuer, num);
	free(num);
	cmark_node *right = wrap(T, h, "<div class=\"vb-right\">", "</div>");
	line(add(wrap(T, right, "<div class=\"vb-copy-form\">", "</div>"), CMARK_NODE_PARAGRAPH), f->copy_word[c->form],
	    1, 0, 1);
	char *date = fmt_date_of(f, c->place, &c->date);
	line(add(wrap(T, right, "<div class=\"vb-date\">", "</div>"), CMARK_NODE_PARAGRAPH), date, 0, 1, 1);
	free(date);
	closing(T, w, &c->end);
}

/* The family's end mark ("./." in state documents) after the last body paragraph. */
static void
body_end(struct T *T, cmark_node *body)
{
	const char *mark = T->doc->family->body_end;
	if (!*mark)
		return;
	cmark_node *last = NULL;
	cmark_iter *it = cmark_iter_new(body);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_PARAGRAPH)
			last = cmark_iter_get_node(it);
	cmark_iter_free(it);
	if (last) {
		/* "…thực hiện./.": a final full stop is the mark's own first dot */
		cmark_node *t = cmark_node_last_child(last);
		while (t && cmark_node_get_type(t) != CMARK_NODE_TEXT && cmark_node_last_child(t))
			t = cmark_node_last_child(t);
		const char *lt = t && cmark_node_get_type(t) == CMARK_NODE_TEXT ? cmark_node_get_literal(t) : "";
		if (mark[0] == '.' && *lt && lt[strlen(lt) - 1] == '.')
			mark++;
		lit(last, mark);
	}
}

static void
footnotes(struct T *T, cmark_node *doc)
{
	const struct doc *d = T->doc;
	int any = 0;
	for (size_t i = 0; i < d->nfootnotes; i++)
		any |= d->footnotes[i].number > 0;
	if (!any)
		return;
	cmark_node *w = wrap(T, doc, "<section class=\"vb-footnotes\">\n<hr />", "</section>");
	if (T->mode == TREE_MARKDOWN)
		add(w, CMARK_NODE_THEMATIC_BREAK);
	for (int num = 1;; num++) {
		const struct footnote *fn = NULL;
		for (size_t i = 0; i < d->nfootnotes; i++)
			if (d->footnotes[i].number == num)
				fn = &d->footnotes[i];
		if (fn == NULL)
			break;
		/* Markdown: "[^1]: text", the form most Markdown readers know */
		char *open = T->mode == TREE_HTML
		    ? xasprintf("<sup><a href=\"#fnref%d\">%d</a></sup> ", num, num)
		    : xasprintf("[^%d]: ", num);
		char *id = xasprintf("<div class=\"vb-fn\" id=\"fn%d\">", num);
		cmark_node *b = wrap(T, w, id, "</div>");
		free(id);
		for (cmark_node *p = cmark_node_first_child(fn->text->root); p; p = cmark_node_next(p)) {
			cmark_node *para = add(b, CMARK_NODE_PARAGRAPH);
			if (p == cmark_node_first_child(fn->text->root)) {
				cmark_node *mark = add(para, CMARK_NODE_CUSTOM_INLINE);
				cmark_node_set_on_enter(mark, open);
				cmark_node_set_on_exit(mark, "");
			}
			inlines(T, para, p);
		}
		free(open);
	}
}

cmark_node *
tree_build(const struct doc *d, enum tree_mode mode)
{
	struct T T = {d, mode};
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	header(&T, doc);
	title(&T, doc);
	addressees(&T, doc);
	cmark_node *body = wrap(&T, doc, "<main class=\"vb-body\">", "</main>");
	build_list(&T, body, &d->body, 0);
	body_end(&T, body);
	closing(&T, doc, &d->end);
	footnotes(&T, doc);
	copy_block(&T, doc);
	return doc;
}
