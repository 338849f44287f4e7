/* tree.c: building the cmark tree of a document for Markdown and HTML:
 * the header, the title block, the closing and copy blocks, the footnotes,
 * and around them the body (tree_body.c). */
#include <stdlib.h>
#include <string.h>

#include "tree_int.h"


cmark_node *
t_add(cmark_node *parent, cmark_node_type t)
{
	cmark_node *n = cmark_node_new(t);
	cmark_node_append_child(parent, n);
	return n;
}

void
t_lit(cmark_node *parent, const char *s)
{
	cmark_node *n = t_add(parent, CMARK_NODE_TEXT);
	cmark_node_set_literal(n, s);
}

cmark_node *
t_styled(cmark_node *parent, int strong, int emph)
{
	if (strong)
		parent = t_add(parent, CMARK_NODE_STRONG);
	if (emph)
		parent = t_add(parent, CMARK_NODE_EMPH);
	return parent;
}

/* A wrapper: an HTML element in HTML mode, nothing in Markdown. */
cmark_node *
t_wrap(struct T *T, cmark_node *parent, const char *open, const char *close)
{
	cmark_node *n = t_add(parent, CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(n, T->mode == TREE_HTML ? open : "");
	cmark_node_set_on_exit(n, T->mode == TREE_HTML ? close : "");
	return n;
}

/* Copies of a paragraph's inline nodes into parent, with footnote marks
 * made concrete for the output. */
void
t_inlines(struct T *T, cmark_node *parent, cmark_node *para)
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
void
t_paragraphs(struct T *T, cmark_node *parent, const struct text *t, int strong, int emph)
{
	if (t == NULL)
		return;
	for (cmark_node *p = cmark_node_first_child(t->root); p; p = cmark_node_next(p))
		t_inlines(T, t_styled(t_add(parent, CMARK_NODE_PARAGRAPH), strong, emph), p);
}

/* A paragraph that starts with a bold lead and continues with the first
 * paragraph of t; the rest of t follows as paragraphs. */
void
t_led(struct T *T, cmark_node *parent, const char *lead, const struct text *t)
{
	cmark_node *p = t_add(parent, CMARK_NODE_PARAGRAPH);
	t_lit(t_add(p, CMARK_NODE_STRONG), lead);
	if (t == NULL)
		return;
	cmark_node *first = cmark_node_first_child(t->root);
	t_lit(p, " ");
	t_inlines(T, p, first);
	for (cmark_node *q = cmark_node_next(first); q; q = cmark_node_next(q))
		t_inlines(T, t_add(parent, CMARK_NODE_PARAGRAPH), q);
}

cmark_node *
t_bullets(cmark_node *parent)
{
	cmark_node *l = t_add(parent, CMARK_NODE_LIST);
	cmark_node_set_list_type(l, CMARK_BULLET_LIST);
	cmark_node_set_list_tight(l, 1);
	return l;
}

void
t_line(cmark_node *p, const char *s, int strong, int emph, int last)
{
	t_lit(t_styled(p, strong, emph), s);
	if (!last)
		t_add(p, CMARK_NODE_LINEBREAK);
}

static const char *const secrecy_words[] = {"", "MẬT", "TỐI MẬT", "TUYỆT MẬT"};
static const char *const urgency_words[] = {"", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"};

/* The left column of a header: superior, issuing body, star, number. In
 * HTML the number line is a block of its own, which the style sheet sets
 * level with the date line whatever stands above either of them. */
static cmark_node *
left_column(struct T *T, cmark_node *h, const struct issuer *is, const char *number)
{
	const struct family *f = T->doc->family;
	int html = T->mode == TREE_HTML;
	cmark_node *left = t_wrap(T, h, "<div class=\"vb-left\">", "</div>");
	cmark_node *p = t_add(left, CMARK_NODE_PARAGRAPH);
	if (is->superior)
		t_line(p, is->superior, 0, 0, 0);
	t_line(p, is->name, 1, 0, html && !*f->star);
	if (*f->star)
		t_line(p, f->star, 0, 0, html);
	if (html)
		p = t_add(t_wrap(T, left, "<div class=\"vb-number\">", "</div>"), CMARK_NODE_PARAGRAPH);
	t_line(p, number, 0, 0, 1);
	return left;
}

int
t_bold(enum face f)
{
	return f == FACE_BOLD || f == FACE_BOLD_ITALIC;
}

int
t_italic(enum face f)
{
	return f == FACE_ITALIC || f == FACE_BOLD_ITALIC;
}

static void
header(struct T *T, cmark_node *doc)
{
	const struct doc *d = T->doc;
	const struct family *f = d->family;
	cmark_node *h = t_wrap(T, doc, "<header class=\"vb-header\">", "</header>");
	char *num = fmt_number_line(d);
	cmark_node *left = left_column(T, h, &d->issuer, num);
	free(num);
	if (d->kind->subject_in_header) {
		/* công văn: the subject under the number line */
		cmark_node *p = t_add(t_wrap(T, left, "<div class=\"vb-cv-subject\">", "</div>"), CMARK_NODE_PARAGRAPH);
		cmark_node *in = t_styled(p, t_bold(f->header_subject.face), t_italic(f->header_subject.face));
		if (*f->header_subject_prefix)
			t_lit(in, f->header_subject_prefix);
		for (cmark_node *q = cmark_node_first_child(d->subject->root); q; q = cmark_node_next(q))
			t_inlines(T, in, q);
	}
	if (d->secrecy || d->urgency || d->circulation) {
		cmark_node *m = t_add(t_wrap(T, left, f->marks_box ? "<div class=\"vb-marks vb-boxed\">" : "<div class=\"vb-marks\">",
		                        "</div>"), CMARK_NODE_PARAGRAPH);
		if (d->secrecy)
			t_line(m, secrecy_words[d->secrecy], 1, 0, !d->urgency && !d->circulation);
		if (d->urgency)
			t_line(m, urgency_words[d->urgency], 1, 0, !d->circulation);
		if (d->circulation)
			t_line(m, d->circulation, 1, 0, 1);
	}
	cmark_node *right = t_wrap(T, h, "<div class=\"vb-right\">", "</div>");
	if (d->draft)
		t_line(t_add(t_wrap(T, right, "<div class=\"vb-draft\">", "</div>"), CMARK_NODE_PARAGRAPH), d->draft, 0, 1, 1);
	cmark_node *p = t_add(t_wrap(T, right, "<div class=\"vb-national\">", "</div>"), CMARK_NODE_PARAGRAPH);
	for (size_t i = 0; f->national[i]; i++)
		t_line(p, f->national[i], 1, 0, f->national[i + 1] == NULL && !*f->motto);
	if (*f->motto)
		t_line(p, f->motto, 1, 0, 1);
	if (!d->kind->no_date_line) {
		char *date = fmt_date_line(d);
		t_line(t_add(t_wrap(T, right, "<div class=\"vb-date\">", "</div>"), CMARK_NODE_PARAGRAPH), date, 0, 1, 1);
		free(date);
	}
}

static void
title(struct T *T, cmark_node *doc)
{
	const struct doc *d = T->doc;
	if (!*fmt_type_name(d) && d->kind->subject_in_header)
		return; /* công văn: no title block */
	cmark_node *t = t_wrap(T, doc, "<div class=\"vb-title\">", "</div>");
	if (*fmt_type_name(d)) {
		cmark_node *h = t_add(t, CMARK_NODE_HEADING);
		cmark_node_set_heading_level(h, 1);
		t_lit(h, fmt_type_name(d));
	}
	char *by = fmt_issued_by(d);
	if (by)
		t_line(t_add(t, CMARK_NODE_PARAGRAPH), by, 1, 0, 1);
	free(by);
	if (!d->kind->subject_in_header && d->subject) {
		cmark_node *s = t_add(t_wrap(T, t, "<div class=\"vb-subject\">", "</div>"), CMARK_NODE_PARAGRAPH);
		for (cmark_node *p = cmark_node_first_child(d->subject->root); p; p = cmark_node_next(p)) {
			if (p != cmark_node_first_child(d->subject->root))
				t_add(s, CMARK_NODE_LINEBREAK);
			t_inlines(T, t_add(s, CMARK_NODE_STRONG), p);
		}
	}
	if (d->family->subject_rule > 0 && T->mode == TREE_HTML && d->subject)
		t_wrap(T, t, "<div class=\"vb-subject-rule\">", "</div>");
	if (*d->family->after_text)
		t_lit(t_add(t_wrap(T, t, "<div class=\"vb-dashes\">", "</div>"), CMARK_NODE_PARAGRAPH), d->family->after_text);
}

/* Kính gửi: A; B. */
static void
addressees(struct T *T, cmark_node *doc)
{
	const struct doc *d = T->doc;
	const struct family *f = d->family;
	if (d->naddressees == 0 || d->kind->telegram_line)
		return; /* a công điện's stand under its "... điện:" line */
	cmark_node *w = t_wrap(T, doc, "<div class=\"vb-addressees\">", "</div>");
	cmark_node *p = t_add(w, CMARK_NODE_PARAGRAPH);
	t_lit(t_styled(p, t_bold(f->addressee_label_style.face), t_italic(f->addressee_label_style.face)),
	    f->addressee_label);
	t_lit(p, " ");
	for (size_t i = 0; i < d->naddressees; i++) {
		if (d->naddressees > 1) {
			if (i > 0)
				t_add(p, CMARK_NODE_LINEBREAK);
			t_lit(p, f->recipient_dash);
		}
		t_inlines(T, p, cmark_node_first_child(d->addressees[i]->root));
		if (d->naddressees > 1)
			t_lit(p, i + 1 < d->naddressees ? f->addressee_sep : f->addressee_last);
	}
}

/* A signature: its authority's lines and title, the room for the
 * handwritten one (or its note), the name. */
static void
signature(struct T *T, cmark_node *right, const struct signature *s)
{
	cmark_node *p = t_add(right, CMARK_NODE_PARAGRAPH);
	for (const char *a = s->authority; a && *a;) {
		size_t n = strcspn(a, "\n");
		char *line = xstrndup(a, n);
		a += n + (a[n] == '\n');
		t_line(p, line, 1, 0, !s->title && !*a);
		free(line);
	}
	if (s->title)
		t_line(p, s->title, 1, 0, 1);
	if (s->note)
		t_line(t_add(t_wrap(T, right, "<div class=\"vb-sign-room\">", "</div>"), CMARK_NODE_PARAGRAPH), s->note, 0, 0, 1);
	else if (T->mode == TREE_HTML)
		t_wrap(T, right, "<div class=\"vb-sign-room\">", "</div>");
	if (s->name)
		t_line(t_add(right, CMARK_NODE_PARAGRAPH), s->name, 1, 0, 1);
}

static void
closing(struct T *T, cmark_node *parent, const struct sign_off *e)
{
	const struct family *f = T->doc->family;
	cmark_node *c = t_wrap(T, parent, "<div class=\"vb-closing\">", "</div>");
	cmark_node *left = t_wrap(T, c, "<div class=\"vb-recipients\">", "</div>");
	cmark_node *lp = t_add(left, CMARK_NODE_PARAGRAPH);
	struct style ls = f->recipients_label_style;
	t_lit(t_styled(lp, t_bold(ls.face), t_italic(ls.face)), f->recipients_label);
	cmark_node *l = t_bullets(left);
	if (e->as_above) {
		char *s = xasprintf("%s%s", f->as_above, f->recipient_sep);
		t_lit(t_add(t_add(l, CMARK_NODE_ITEM), CMARK_NODE_PARAGRAPH), s);
		free(s);
	}
	for (size_t i = 0; i < e->nrecipients; i++) {
		cmark_node *p = t_add(t_add(l, CMARK_NODE_ITEM), CMARK_NODE_PARAGRAPH);
		cmark_node *first = cmark_node_first_child(e->recipients[i].to->root);
		t_inlines(T, p, first);
		char *tail = fmt_recipient_tail(f, e, i);
		t_lit(p, tail);
		free(tail);
	}
	char *arch = fmt_archive(f, e);
	/* the archive line without its dash: the list supplies it */
	t_lit(t_add(t_add(l, CMARK_NODE_ITEM), CMARK_NODE_PARAGRAPH), arch + strlen(f->recipient_dash));
	free(arch);
	if (e->second) {
		/* two signatures: the first over Nơi nhận on the left */
		cmark_node *sig = t_wrap(T, left, "<div class=\"vb-signature\">", "</div>");
		cmark_node_insert_before(cmark_node_first_child(left), sig);
		signature(T, sig, &e->signature);
		signature(T, t_wrap(T, c, "<div class=\"vb-signature\">", "</div>"), e->second);
	} else {
		signature(T, t_wrap(T, c, "<div class=\"vb-signature\">", "</div>"), &e->signature);
	}
}

/* The bản sao: a rule, the copier's header, its own closing block. */
static void
copy_block(struct T *T, cmark_node *doc)
{
	const struct copy *c = T->doc->copy;
	const struct family *f = T->doc->family;
	if (c == NULL)
		return;
	cmark_node *w = t_wrap(T, doc, "<section class=\"vb-copy\">", "</section>");
	t_add(w, CMARK_NODE_THEMATIC_BREAK);
	cmark_node *h = t_wrap(T, w, "<header class=\"vb-header\">", "</header>");
	char *num = fmt_number_of(f, c->number, c->symbol);
	left_column(T, h, &c->issuer, num);
	free(num);
	cmark_node *right = t_wrap(T, h, "<div class=\"vb-right\">", "</div>");
	t_line(t_add(t_wrap(T, right, "<div class=\"vb-copy-form\">", "</div>"), CMARK_NODE_PARAGRAPH), f->copy_word[c->form],
	    1, 0, 1);
	char *date = fmt_date_of(f, c->place, &c->date);
	t_line(t_add(t_wrap(T, right, "<div class=\"vb-date\">", "</div>"), CMARK_NODE_PARAGRAPH), date, 0, 1, 1);
	free(date);
	closing(T, w, &c->end);
}

/* The family's end mark ("./." in state documents) after the last body paragraph. */
/* An annex: a phụ lục ("Phụ lục I", its title, the (Kèm theo ...) line)
 * or a document issued with this one (the issuer's header, its type and
 * subject, the (Ban hành kèm theo ...) line), then its body. */
void
tree_annex(struct T *T, cmark_node *parent, const struct block *b)
{
	const struct annex *a = b->u.annex;
	const struct family *f = T->doc->family;
	cmark_node *w = t_wrap(T, parent, a->landscape ? "<section class=\"vb-annex vb-landscape\">" : "<section class=\"vb-annex\">",
	    "</section>");
	if (T->mode == TREE_MARKDOWN)
		t_add(w, CMARK_NODE_THEMATIC_BREAK);
	cmark_node *t = t_wrap(T, w, "<div class=\"vb-title\">", "</div>");
	if (a->attached) {
		cmark_node *h = t_wrap(T, t, "<header class=\"vb-header\">", "</header>");
		const struct issuer *is = &T->doc->issuer;
		cmark_node *lp = t_add(t_wrap(T, h, "<div class=\"vb-left\">", "</div>"), CMARK_NODE_PARAGRAPH);
		if (is->superior)
			t_line(lp, is->superior, 0, 0, 0);
		t_line(lp, is->name, 1, 0, !*f->star);
		if (*f->star)
			t_line(lp, f->star, 0, 0, 1);
		cmark_node *right = t_wrap(T, h, "<div class=\"vb-right\">", "</div>");
		cmark_node *rp = t_add(t_wrap(T, right, "<div class=\"vb-national\">", "</div>"), CMARK_NODE_PARAGRAPH);
		for (size_t i = 0; f->national[i]; i++)
			t_line(rp, f->national[i], 1, 0, f->national[i + 1] == NULL && !*f->motto);
		if (*f->motto)
			t_line(rp, f->motto, 1, 0, 1);
		const char *type = a->type_name ? a->type_name : a->kind ? a->kind->name : "";
		if (*type) {
			cmark_node *hd = t_add(t, CMARK_NODE_HEADING);
			cmark_node_set_heading_level(hd, 1);
			t_lit(hd, type);
		}
		cmark_node *s = t_add(t_wrap(T, t, "<div class=\"vb-subject\">", "</div>"), CMARK_NODE_PARAGRAPH);
		t_inlines(T, t_add(s, CMARK_NODE_STRONG), cmark_node_first_child(a->title->root));
	} else {
		cmark_node *hd = t_add(t, CMARK_NODE_HEADING);
		cmark_node_set_heading_level(hd, 2);
		t_lit(hd, a->label);
		char *plain = text_plain(a->title), *upper = fmt_upper(plain);
		t_lit(t_add(t_add(t, CMARK_NODE_PARAGRAPH), CMARK_NODE_STRONG), upper);
		free(plain);
		free(upper);
	}
	char *line = fmt_annex_line(T->doc, a->attached);
	t_lit(t_add(t_add(t, CMARK_NODE_PARAGRAPH), CMARK_NODE_EMPH), line);
	free(line);
	if (f->subject_rule > 0 && T->mode == TREE_HTML)
		t_wrap(T, t, "<div class=\"vb-subject-rule\">", "</div>");
	if (*f->after_text)
		t_lit(t_add(t_wrap(T, t, "<div class=\"vb-dashes\">", "</div>"), CMARK_NODE_PARAGRAPH), f->after_text);
	cmark_node *body = t_wrap(T, w, "<div class=\"vb-body\">", "</div>");
	tree_blocks(T, body, &b->kids, 0);
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
	cmark_node *w = t_wrap(T, doc, "<section class=\"vb-footnotes\">\n<hr />", "</section>");
	if (T->mode == TREE_MARKDOWN)
		t_add(w, CMARK_NODE_THEMATIC_BREAK);
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
		cmark_node *b = t_wrap(T, w, id, "</div>");
		free(id);
		for (cmark_node *p = cmark_node_first_child(fn->text->root); p; p = cmark_node_next(p)) {
			cmark_node *para = t_add(b, CMARK_NODE_PARAGRAPH);
			if (p == cmark_node_first_child(fn->text->root)) {
				cmark_node *mark = t_add(para, CMARK_NODE_CUSTOM_INLINE);
				cmark_node_set_on_enter(mark, open);
				cmark_node_set_on_exit(mark, "");
			}
			t_inlines(T, para, p);
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
	cmark_node *body = t_wrap(&T, doc, "<main class=\"vb-body\">", "</main>");
	tree_blocks(&T, body, &d->body, 0);
	closing(&T, doc, &d->end);
	footnotes(&T, doc);
	copy_block(&T, doc);
	tree_blocks(&T, doc, &d->annexes, 0);
	return doc;
}
