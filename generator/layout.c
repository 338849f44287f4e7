/* layout.c: the document model set on pages by the family's rules: the
 * header and title block of page 1, the body (layout_body.c), the closing
 * and copy blocks kept whole and never alone, footnotes on the page of
 * their mark, page numbers; lines become pages with no orphan, widow or
 * stranded heading. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

/* A mark in a single-line rectangle (state documents) or plain. */
static void
mark(struct L *L, struct vline *v, const char *s, struct style st, double x, double width, double dy, int box)
{
	centred(L, v, s, st, x, width, dy, L->f->leading);
	if (box) {
		/* a single-line rectangle around the mark */
		double w = text_width(L, st, s) + 8, x0 = x + (width - w) / 2;
		double top = dy - st.size * 0.85, bot = dy + st.size * 0.3;
		vrule(v, x0, x0 + w, top, 0.6);
		vrule(v, x0, x0 + w, bot, 0.6);
		vvrule(v, x0, top, bot, 0.6);
		vvrule(v, x0 + w, top, bot, 0.6);
	}
}

/* The left column of a header from dy0 (the first baseline): superior,
 * issuing body (and its short rule), star, number line. Returns the dy of
 * the number line, which the caller sets level with the date line. */
static double
left_column(struct L *L, struct vline *v, const struct issuer *is, double dy0)
{
	const struct family *f = L->f;
	double x = L->left, w = f->col_left, pitch = f->leading, dy = dy0;
	if (is->superior)
		dy += pitch * (double)centred(L, v, is->superior, f->superior, x, w, dy, pitch);
	size_t first = v->n;
	size_t n = centred(L, v, is->name, f->issuer, x, w, dy, pitch);
	if (f->issuer_rule > 0) {
		/* a short rule under the issuing body, centred (state): a share
		 * of its widest line, below the marks under its letters */
		double tw = 0;
		for (size_t i = first; i < v->n; i++) {
			/* the extent of the line this word is on */
			double lo = v->v[i].x, hi = lo;
			for (size_t j = first; j < v->n; j++)
				if (v->v[j].dy == v->v[i].dy) {
					lo = fmin(lo, v->v[j].x);
					hi = fmax(hi, v->v[j].x + text_width(L, f->issuer, v->v[j].s));
				}
			tw = fmax(tw, hi - lo);
		}
		double rw = tw * f->issuer_rule;
		vrule(v, x + (w - rw) / 2, x + (w + rw) / 2, dy + (double)(n - 1) * pitch + 6, 0.6);
		dy += 4; /* room between the rule and the number line */
	}
	dy += pitch * (double)n;
	if (*f->star) {
		centred(L, v, f->star, f->superior, x, w, dy, pitch);
		dy += pitch;
	}
	return dy;
}

/* The right column's national title and motto with their rule; returns
 * the dy after them. */
static double
national(struct L *L, struct vline *v, double dy)
{
	const struct family *f = L->f;
	double x = L->left + f->col_left, w = f->col_right, pitch = f->leading;
	for (size_t i = 0; f->national[i]; i++) {
		const char *s = f->national[i];
		double tw = text_width(L, f->national_style, s);
		centred(L, v, s, f->national_style, x, w, dy, pitch);
		if (f->national[i + 1] == NULL && !*f->motto && f->national_rule > 0)
			vrule(v, x + (w - tw) / 2, x + (w + tw) / 2, dy + 3.5, f->national_rule);
		dy += *f->motto && f->national[i + 1] == NULL ? f->motto_style.size + 2 : pitch;
	}
	if (*f->motto) {
		double tw = text_width(L, f->motto_style, f->motto);
		centred(L, v, f->motto, f->motto_style, x, w, dy, pitch);
		if (f->motto_rule > 0)
			vrule(v, x + (w - tw) / 2, x + (w + tw) / 2, dy + 3.5, f->motto_rule);
		dy += pitch;
	}
	return dy;
}

/* Places a line's items on the page; the page takes its strings (each
 * line is placed once). */
static void
emit(struct page *pg, struct vline *v, double y)
{
	for (size_t i = 0; i < v->n; i++) {
		struct vitem *it = &v->v[i];
		if (it->rule == 3)
			page_room(pg, it->x, it->x1, y + it->dy, y + it->y1);
		else if (it->rule == 2)
			page_vrule(pg, it->x, y + it->dy, y + it->y1, it->width);
		else if (it->rule)
			page_rule(pg, it->x, it->x1, y + it->dy, it->width);
		else {
			page_text_take(pg, it->x, y + it->dy, it->face, it->size, it->s);
			it->s = NULL;
		}
	}
}

static const char *const secrecy_words[] = {"", "MẬT", "TỐI MẬT", "TUYỆT MẬT"};
static const char *const urgency_words[] = {"", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"};

/* The date line's style in a column of width w: the family's, stepped
 * down (state: 13 pt) where at its size it would wrap; a line that wraps
 * all the same is a warning. */
static struct style
date_style(struct L *L, const char *date, double w)
{
	const struct family *f = L->f;
	struct style st = f->date;
	if (text_width(L, st, date) <= w)
		return st;
	if (f->date_step > 0) {
		st.size = f->date_step;
		if (text_width(L, st, date) <= w)
			return st;
	}
	diag(L->d, D_DATE_WRAP, L->doc->place_pos, date, text_width(L, st, date), w);
	return st;
}

/* The header on page 1; returns the baseline of its last line. */
static double
header(struct L *L, struct page *pg)
{
	const struct doc *d = L->doc;
	const struct family *f = L->f;
	struct vline v = {0};
	double pitch = f->leading;
	double lx = L->left, lw = f->col_left, rx = L->left + f->col_left, rw = f->col_right;
	double dy0 = ascent(L, f->national_style);
	if (d->draft) {
		/* Dự thảo: top right, above the header */
		double w = text_width(L, f->draft_style, d->draft);
		vtext(&v, L->right - w, dy0, f->draft_style.face, f->draft_style.size, d->draft, strlen(d->draft));
		dy0 += pitch;
	}
	char *num = fmt_number_line(d);
	double dnum = left_column(L, &v, &d->issuer, dy0);
	double dright = national(L, &v, dy0);
	/* the number line and the date line share a baseline */
	if (dright > dnum)
		dnum = dright;
	centred(L, &v, num, f->number, lx, lw, dnum, pitch);
	free(num);
	if (!d->kind->no_date_line) {
		char *date = fmt_date_line(d);
		centred(L, &v, date, date_style(L, date, rw), rx, rw, dnum, pitch);
		free(date);
	}
	double dl = dnum;
	if (d->kind->subject_in_header) {
		/* công văn: the subject under the number line, in the left column */
		struct para p = {.pos = d->subject->pos};
		if (*f->header_subject_prefix)
			para_text(L, &p, f->header_subject.face, f->header_subject.size, f->header_subject_prefix);
		for (cmark_node *q = cmark_node_first_child(d->subject->root); q; q = cmark_node_next(q))
			para_inlines(L, &p, q, f->header_subject.face, f->header_subject.size, 0, 0);
		double sp = f->header_subject.size + 2;
		struct setting set = {lx, lw, 0, sp, AL_CENTER, 0, 0, 0};
		dl += sp * (double)lines_into(L, &v, &p, &set, dl + sp, sp);
		para_free(&p);
	}
	if (d->secrecy)
		dl += pitch + (f->marks_box ? 4 : 0), mark(L, &v, secrecy_words[d->secrecy], f->marks_style, lx, lw, dl, f->marks_box);
	if (d->urgency)
		dl += pitch + (f->marks_box ? 4 : 0), mark(L, &v, urgency_words[d->urgency], f->marks_style, lx, lw, dl, f->marks_box);
	if (d->circulation)
		dl += pitch, mark(L, &v, d->circulation, f->circulation_style, lx, lw, dl, 0);
	emit(pg, &v, L->top);
	vline_free(&v);
	return L->top + dl;
}

/* The title block under the header (last baseline y); returns the
 * baseline of its last line. */
static double
title_block(struct L *L, struct page *pg, double y)
{
	const struct doc *d = L->doc;
	const struct family *f = L->f;
	struct vline v = {0};
	double pitch = f->leading;
	double dy = 0;
	int any = 0;
	if (*fmt_type_name(d)) {
		dy += f->title_before + ascent(L, f->type_style);
		centred(L, &v, fmt_type_name(d), f->type_style, L->left, L->width, dy, pitch);
		dy += pitch + 2;
		any = 1;
	}
	char *by = fmt_issued_by(d);
	if (by) {
		if (!any)
			dy += f->title_before + pitch;
		dy += pitch * (double)centred(L, &v, by, f->issued_by_style, L->left, L->width, dy, pitch);
		free(by);
		any = 1;
	}
	if (!d->kind->subject_in_header) {
		for (cmark_node *p = d->subject ? cmark_node_first_child(d->subject->root) : NULL; p; p = cmark_node_next(p)) {
			struct para sp = {.pos = d->subject->pos};
			para_inlines(L, &sp, p, f->subject_style.face, f->subject_style.size, 0, 0);
			struct setting set = {L->left, L->width, 0, pitch, AL_CENTER, 0, 0, 0};
			dy += pitch * (double)lines_into(L, &v, &sp, &set, dy, pitch);
			para_free(&sp);
		}
		if (f->subject_rule > 0 && d->subject) {
			double rw = L->width * f->subject_rule;
			vrule(&v, L->left + (L->width - rw) / 2, L->left + (L->width + rw) / 2, dy - pitch + 6, 0.6);
			dy += 6;
		}
		if (*f->after_text) {
			centred(L, &v, f->after_text, f->after_style, L->left, L->width, dy, pitch);
			dy += pitch;
		}
		any = 1;
	}
	if (d->naddressees && !d->kind->telegram_line) {
		/* Kính gửi: centred as a block; several addressees one per line,
		 * aligned under the first */
		struct style ls = f->addressee_label_style, as = f->addressee_style;
		double lw, widest;
		char **lines = layout_addressees(d, L->fs, L->width, &lw, &widest);
		double x0 = L->left + (L->width - lw - widest) / 2;
		dy += pitch + (any ? 0 : f->title_before);
		vtext(&v, x0, dy, ls.face, ls.size, f->addressee_label, strlen(f->addressee_label));
		for (size_t i = 0; i < d->naddressees; i++) {
			struct para p = {.pos = d->addressees[i]->pos};
			para_text(L, &p, as.face, as.size, lines[i]);
			struct setting set = {x0 + lw, widest, 0, pitch, AL_LEFT, 0, 0, 0};
			dy += pitch * (double)lines_into(L, &v, &p, &set, dy, pitch);
			para_free(&p);
			free(lines[i]);
		}
		free(lines);
	}
	emit(pg, &v, y);
	vline_free(&v);
	return y + dy - pitch;
}

static int
cmp_dy(const void *a, const void *b)
{
	const struct vitem *x = a, *y = b;
	return x->dy < y->dy ? -1 : x->dy > y->dy;
}

/* Appends a block that is never split (a closing block, a copy) as one
 * tall line; one taller than a page keeps its first page's worth together
 * and lets the rest of its rows (the tail of a long Nơi nhận list)
 * continue at the top of the next page. */
static void
push_tall(struct L *L, struct vline *cv)
{
	double room = L->bottom - L->top - 2 * L->f->leading;
	if (cv->depth <= room) {
		*vline_new(L, 0) = *cv;
		return;
	}
	qsort(cv->v, cv->n, sizeof *cv->v, cmp_dy);
	/* the first part holds the signature whole: authority, title, room, name */
	double cut = 3 * L->f->leading + L->f->signature_room;
	size_t i = 0;
	struct vline *v = vline_new(L, cv->advance);
	v->no_break_before = cv->no_break_before;
	double base = 0;
	while (i < cv->n && (i == 0 || cv->v[i].dy <= cut)) {
		GROW(v->v, v->cap, v->n + 1);
		v->v[v->n++] = cv->v[i++];
	}
	v->depth = cv->v[i - 1].dy + L->f->body.size / 4;
	/* the rest, a row at a time: items that share a baseline (a rule
	 * under a label sits within two points of it) */
	while (i < cv->n) {
		double row = cv->v[i].dy;
		double after_prev = row - base - L->lines[L->n - 1].depth;
		struct vline *r = vline_new(L, after_prev);
		while (i < cv->n && cv->v[i].dy <= row + 2) {
			struct vitem it = cv->v[i++];
			it.dy -= row;
			if (it.rule >= 2)
				it.y1 -= row;
			GROW(r->v, r->cap, r->n + 1);
			r->v[r->n++] = it;
		}
		base = row;
		r->depth = L->f->body.size / 4;
	}
	free(cv->v);
	free(cv->fns);
	free(cv->outline);
}

/* A signature centred in a column from dy0: its authority's lines and
 * title, the room for signature and seal (or its note), the name; returns
 * its depth below dy0. */
static double
signature_into(struct L *L, struct vline *v, const struct signature *s, double rx, double rw, double dy0)
{
	const struct family *f = L->f;
	struct style ss = f->signature;
	double ry = dy0;
	for (const char *a = s->authority; a && *a;) {
		size_t n = strcspn(a, "\n");
		char *line = xstrndup(a, n);
		a += n + (a[n] == '\n');
		ry += f->leading * (double)centred(L, v, line, ss, rx, rw, ry, f->leading);
		free(line);
	}
	if (s->title)
		ry += f->leading * (double)centred(L, v, s->title, ss, rx, rw, ry, f->leading);
	ry -= f->leading;
	/* the signing room: as tall as the family says, centred between the
	 * title's lowest point and the name's highest, the column's width */
	double top = ry + font_descent(L->fs, ss.face) * ss.size / 1000;
	double bottom = ry + f->signature_room + f->leading - ascent(L, ss);
	double h = fmin(f->signature_room, bottom - top), mid = (top + bottom) / 2;
	vroom(v, rx, rx + rw, mid - h / 2, mid + h / 2);
	if (s->note) {
		struct style ns = {f->body.size, FACE_REGULAR};
		centred(L, v, s->note, ns, rx, rw, ry + f->signature_room / 2 + f->leading / 2, f->leading);
	}
	ry += f->signature_room + f->leading;
	if (s->name)
		centred(L, v, s->name, ss, rx, rw, ry, f->leading);
	else
		ry -= f->leading;
	return ry - dy0;
}

/* Nơi nhận on the left and the signature on the right of v, their first
 * lines at dy0 (two signatures: the first over Nơi nhận on the left);
 * returns the depth below dy0. */
static double
closing_into(struct L *L, struct vline *v, const struct sign_off *e, double dy0)
{
	const struct family *f = L->f;
	double lw = L->width * f->closing_left, rx = L->left + lw, rw = L->width - lw;
	double top0 = dy0;
	if (e->second) /* the first signature in the left column, Nơi nhận under it */
		dy0 += signature_into(L, v, &e->signature, L->left, lw, dy0) + f->leading + f->closing_before;
	const char *label = f->recipients_label;
	struct style ls = f->recipients_label_style;
	vtext(v, L->left, dy0, ls.face, ls.size, label, strlen(label));
	if (f->recipients_label_underline)
		vrule(v, L->left, L->left + text_width(L, ls, label), dy0 + 1.8, 0.6);
	double dy = dy0;
	struct style rs = f->recipient;
	size_t total = e->nrecipients + (e->as_above ? 1 : 0);
	for (size_t i = 0; i <= total; i++) {
		struct para p = {.pos = {L->doc->file, 0, 0}};
		size_t r = i - (e->as_above ? 1 : 0);
		if (e->as_above && i == 0) {
			char *s = xasprintf("%s%s%s", f->recipient_dash, f->as_above, f->recipient_sep);
			para_text(L, &p, rs.face, rs.size, s);
			free(s);
		} else if (i < total) {
			p.pos = e->recipients[r].to->pos;
			para_text(L, &p, rs.face, rs.size, f->recipient_dash);
			for (cmark_node *q = cmark_node_first_child(e->recipients[r].to->root); q; q = cmark_node_next(q))
				para_inlines(L, &p, q, rs.face, rs.size, 0, 0);
			/* the note and the punctuation stay on the line of the last
			 * word: "(b/c)," never begins a line */
			char *tail = fmt_recipient_tail(f, e, r);
			frag_add(L, &p, rs.face, rs.size, 0, tail, strlen(tail), NULL);
			free(tail);
			para_tie_last(L, &p);
		} else {
			char *a = fmt_archive(f, e);
			para_text(L, &p, rs.face, rs.size, a);
			free(a);
			para_tie_last(L, &p);
		}
		struct setting set = {L->left, lw, 0, f->recipient_leading, AL_LEFT, 0, 0, 0};
		dy += f->recipient_leading * (double)lines_into(L, v, &p, &set, dy + f->recipient_leading, f->recipient_leading);
		para_free(&p);
	}
	double left_depth = dy - top0;
	double right_depth = signature_into(L, v, e->second ? e->second : &e->signature, rx, rw, top0);
	return left_depth > right_depth ? left_depth : right_depth;
}

/* The closing block as one tall line: never split, never alone. */
static void
closing_block(struct L *L)
{
	const struct family *f = L->f;
	/* built aside and appended at the end: setting the parts appends
	 * (and may move) L->lines */
	struct vline cv = {0};
	cv.advance = f->closing_before + f->leading;
	cv.no_break_before = 1; /* the body's last lines come along */
	cv.depth = closing_into(L, &cv, &L->doc->end, 0) + f->body.size / 4;
	push_tall(L, &cv);
}

/* The bản sao: a full-width rule, the copier's header (left: the copying
 * body and number; right: the form word and the date line), then its own
 * closing block. One tall line: its header stays with its closing block. */
static void
copy_block(struct L *L)
{
	const struct copy *c = L->doc->copy;
	const struct family *f = L->f;
	if (c == NULL)
		return;
	struct vline cv = {0};
	double pitch = f->leading;
	cv.advance = f->copy_before + pitch + ascent(L, f->issuer);
	vrule(&cv, L->left, L->right, -pitch - 2, f->copy_rule);
	char *num = fmt_number_of(f, c->number, c->symbol);
	double dnum = left_column(L, &cv, &c->issuer, 0);
	double rx = L->left + f->col_left, rw = f->col_right;
	centred(L, &cv, f->copy_word[c->form], f->copy_form_style, rx, rw, 0, pitch);
	char *date = fmt_date_of(f, c->place, &c->date);
	double ddate = pitch > dnum ? pitch : dnum;
	if (ddate < dnum)
		ddate = dnum;
	centred(L, &cv, num, f->number, L->left, f->col_left, dnum, pitch);
	centred(L, &cv, date, date_style(L, date, rw), rx, rw, dnum, pitch);
	free(num);
	free(date);
	double top = dnum + pitch + f->closing_before;
	cv.depth = top + closing_into(L, &cv, &c->end, top) + f->body.size / 4;
	push_tall(L, &cv);
}

/* ---- annexes: a phụ lục, a document issued with this one ---- */

/* Centred lines of s in st, in the flow, kept with what follows. */
static void
centred_lines(struct L *L, const char *s, struct style st, double advance)
{
	struct para p = {.pos = {L->doc->file, 0, 0}};
	para_text(L, &p, st.face, st.size, s);
	struct setting set = {L->left, L->width, 0, L->f->leading, AL_CENTER, advance, 1, 0};
	set_para(L, &p, &set);
	para_free(&p);
}

/* The short rule (state) or the dashes (party) under a title. */
static void
title_rule(struct L *L)
{
	const struct family *f = L->f;
	if (f->subject_rule > 0) {
		double rw = L->width * f->subject_rule;
		struct vline *v = vline_new(L, 6);
		v->no_break_before = 1;
		v->keep_next = 1;
		vrule(v, L->left + (L->width - rw) / 2, L->left + (L->width + rw) / 2, 0, 0.6);
	} else if (*f->after_text) {
		centred_lines(L, f->after_text, f->after_style, f->leading);
	}
}

/* An attached document's head: the issuer's header without its number and
 * date line, its type and subject, the (Ban hành kèm theo ...) line. */
static void
attached_head(struct L *L, const struct block *b)
{
	const struct family *f = L->f;
	const struct annex *a = b->u.annex;
	struct vline v = {0};
	double dy0 = 0;
	double dl = left_column(L, &v, &L->doc->issuer, dy0) - f->leading;
	double dr = national(L, &v, dy0) - f->leading;
	v.depth = (dl > dr ? dl : dr) + f->body.size / 4;
	v.top_offset = ascent(L, f->national_style);
	v.keep_next = 1;
	v.part = L->part;
	*vline_new(L, 0) = v;
	const char *type = a->type_name ? a->type_name : a->kind ? a->kind->name : "";
	if (*type)
		centred_lines(L, type, f->type_style, f->title_before + f->leading);
	for (cmark_node *q = cmark_node_first_child(a->title->root); q; q = cmark_node_next(q)) {
		struct para p = {.pos = a->title->pos};
		para_inlines(L, &p, q, f->subject_style.face, f->subject_style.size, 0, 0);
		struct setting set = {L->left, L->width, 0, f->leading, AL_CENTER, f->leading, 1, 0};
		set_para(L, &p, &set);
		para_free(&p);
	}
	char *line = fmt_annex_line(L->doc, 1);
	centred_lines(L, line, f->annex_line_style, f->leading);
	free(line);
	title_rule(L);
}

/* A phụ lục's head: "Phụ lục I", its title in capitals, the (Kèm theo ...)
 * line, the rule. */
static void
annex_head(struct L *L, const struct block *b)
{
	const struct family *f = L->f;
	const struct annex *a = b->u.annex;
	size_t at = L->n;
	centred_lines(L, a->label, f->annex_label_style, 0);
	char *plain = text_plain(a->title), *upper = fmt_upper(plain);
	centred_lines(L, upper, f->annex_title_style, f->leading);
	free(plain);
	free(upper);
	outline_mark(L, at, 1, a->label, a->title);
	char *line = fmt_annex_line(L->doc, 0);
	centred_lines(L, line, f->annex_line_style, f->leading);
	free(line);
	title_rule(L);
}

/* An annex on pages of its own (turned for a wide table), numbered as the
 * family wants, its body ended by its mark. */
void
layout_annex(struct L *L, const struct block *b)
{
	const struct family *f = L->f;
	const struct annex *a = b->u.annex;
	double pw = a->landscape ? f->paper_h : f->paper_w, ph = a->landscape ? f->paper_w : f->paper_h;
	GROW(L->parts, L->capparts, L->nparts + 1);
	L->parts[L->nparts] = (struct lpart){pw, ph, f->margin_left, pw - f->margin_left - f->margin_right, f->margin_top,
	    ph - f->margin_bottom, f->annex_restart};
	L->part = L->nparts++;
	double left = L->left, width = L->width, right = L->right;
	L->left = f->margin_left;
	L->width = pw - f->margin_left - f->margin_right;
	L->right = L->left + L->width;
	size_t first = L->n;
	if (a->attached)
		attached_head(L, b);
	else
		annex_head(L, b);
	L->lines[first].new_page = 1;
	layout_blocks(L, &b->kids, 0);
	L->left = left;
	L->width = width;
	L->right = right;
	L->part = 0;
}

/* ---- footnotes ---- */

/* Sets each referenced footnote once, in its own lines (kept aside). */
static void
footnotes_set(struct L *L)
{
	const struct doc *d = L->doc;
	const struct family *f = L->f;
	L->fnlines = xcalloc(d->nfootnotes + 1, sizeof *L->fnlines);
	L->fnn = xcalloc(d->nfootnotes + 1, sizeof *L->fnn);
	for (size_t i = 0; i < d->nfootnotes; i++) {
		const struct footnote *fn = &d->footnotes[i];
		if (fn->number == 0)
			continue;
		size_t before = L->n;
		for (cmark_node *p = cmark_node_first_child(fn->text->root); p; p = cmark_node_next(p)) {
			struct para para = {.pos = fn->text->pos};
			if (p == cmark_node_first_child(fn->text->root)) {
				char num[16];
				snprintf(num, sizeof num, "%d", fn->number);
				frag_add(L, &para, f->footnote.face, f->footnote_mark_size, f->footnote_mark_rise, num,
				    strlen(num), NULL);
				para_space(&para);
			}
			para_inlines(L, &para, p, f->footnote.face, f->footnote.size, 0, 0);
			struct setting set = {L->left, L->width, L->f->indent, f->footnote_leading, AL_JUSTIFY,
			    f->footnote_leading, 0, 0};
			set_para(L, &para, &set);
			para_free(&para);
		}
		size_t n = L->n - before;
		L->fnlines[fn->number] = xcalloc(n + 1, sizeof **L->fnlines);
		memcpy(L->fnlines[fn->number], &L->lines[before], n * sizeof *L->lines);
		L->fnn[fn->number] = n;
		L->n = before;
	}
}

/* The height of a footnote block of k lines, from its rule to the bottom. */
static double
fn_height(const struct L *L, size_t k)
{
	const struct family *f = L->f;
	return k == 0 ? 0 : f->footnote_gap + f->footnote.size + (double)(k - 1) * f->footnote_leading +
	    f->footnote.size / 4;
}

/* ---- pages ---- */

static int
may_break_before(const struct L *L, size_t i)
{
	return i > 0 && (L->lines[i].new_page || (!L->lines[i].no_break_before && !L->lines[i - 1].keep_next));
}

/* Lines of a footnote placed on a page: note, its lines [from, from + n),
 * and the body line whose mark brought it (for backing up). */
struct fnpart {
	int note;
	size_t from, n;
	size_t line;
};

struct fnparts {
	struct fnpart *v;
	size_t n, cap;
};

static void
fnparts_push(struct fnparts *p, int note, size_t from, size_t n, size_t line)
{
	GROW(p->v, p->cap, p->n + 1);
	p->v[p->n++] = (struct fnpart){note, from, n, line};
}

static size_t
fnparts_lines(const struct fnparts *p)
{
	size_t t = 0;
	for (size_t i = 0; i < p->n; i++)
		t += p->v[i].n;
	return t;
}

/* The lowest a body line may reach with k footnote lines on the page. */
static double
body_limit(const struct L *L, size_t k)
{
	return L->bottom - fn_height(L, k) - (k ? L->f->footnote_gap : 0);
}

/* The notes at the foot of the page, under a short rule. */
static void
place_notes(const struct L *L, struct page *pg, const struct fnparts *parts)
{
	const struct family *f = L->f;
	size_t total = fnparts_lines(parts);
	if (total == 0)
		return;
	double rule_y = L->bottom - fn_height(L, total) + f->footnote_gap;
	page_rule(pg, L->left, L->left + L->width * f->footnote_rule, rule_y, 0.5);
	double fy = rule_y + f->footnote.size;
	for (size_t k = 0; k < parts->n; k++)
		for (size_t j = 0; j < parts->v[k].n; j++) {
			emit(pg, &L->fnlines[parts->v[k].note][parts->v[k].from + j], fy);
			fy += f->footnote_leading;
		}
}

/* Arabic, centred on the text area in the top margin; none on page 1. */
static void
page_number(const struct L *L, struct page *pg, int pageno)
{
	const struct family *f = L->f;
	char num[16];
	snprintf(num, sizeof num, "%d", pageno);
	double w = font_width(L->fs, f->pageno.face, f->pageno.size, num, strlen(num));
	page_text(pg, L->left + (L->width - w) / 2, f->pageno_baseline, f->pageno.face, f->pageno.size, num, strlen(num));
}

/* Where a page's first line falls: under the header of its table set
 * again when it continues one, else its own distance from the top. */
static double
page_start_y(const struct L *L, const struct vline *v)
{
	if (v->head) {
		const struct vline *h = &L->heads[v->head - 1];
		return L->top + h->top_offset + h->depth + v->advance;
	}
	return L->top + (v->top_offset > 0 ? v->top_offset : ascent((struct L *)L, L->f->body));
}

/* Places a copy of line v at y (a table's header set again). */
static void
emit_copy(struct page *pg, const struct vline *v, double y)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct vitem *it = &v->v[i];
		if (it->rule == 3)
			continue; /* a table's header holds no signature */
		if (it->rule == 2)
			page_vrule(pg, it->x, y + it->dy, y + it->y1, it->width);
		else if (it->rule)
			page_rule(pg, it->x, it->x1, y + it->dy, it->width);
		else
			page_text(pg, it->x, y + it->dy, it->face, it->size, it->s, strlen(it->s));
	}
}

/* The frame of a part (the document, an annex) for the pages it starts. */
static void
use_part(struct L *L, struct page *pg, size_t part)
{
	const struct lpart *p = &L->parts[part];
	L->left = p->left;
	L->width = p->width;
	L->right = p->left + p->width;
	L->top = p->top;
	L->bottom = p->bottom;
	pg->w = p->paper_w;
	pg->h = p->paper_h;
}

/* Fills pages from the vertical list: each page takes as many lines as fit
 * with their footnotes, then backs up to the last line before which a
 * break is allowed. A note that does not fit whole continues on the next
 * page, under that page's rule. A part (an annex) starts a page in its
 * own frame and numbering; a table continued on a page has its header
 * set again above it. */
static void
paginate(struct L *L, struct pages *out, double y_first)
{
	const struct family *f = L->f;
	double descent = f->body.size / 4;
	size_t start = 0;
	struct page *pg = &out->v[0];
	int pageno = 1, shown = 1, first_of_part = 1;
	int *started = xcalloc(L->doc->nfootnotes + 2, sizeof *started); /* page where each note began */
	struct fnparts carry = {0}, parts = {0};
	double *bottoms = xcalloc(L->n + 1, sizeof *bottoms); /* each placed line's lowest point */
	use_part(L, pg, 0);
	while (start < L->n) {
		const struct vline *sv = &L->lines[start];
		double y = pageno == 1 ? y_first : page_start_y(L, sv);
		parts.n = 0;
		for (size_t k = 0; k < carry.n; k++)
			fnparts_push(&parts, carry.v[k].note, carry.v[k].from, carry.v[k].n, start);
		carry.n = 0;
		size_t last_ok = 0, i;
		for (i = start; i < L->n; i++) {
			const struct vline *v = &L->lines[i];
			if (i > start && v->new_page)
				break;
			double ny = (i == start && pageno > 1) ? y : y + v->advance + (i > start ? L->lines[i - 1].depth : 0);
			double bottom_of_line = ny + v->depth + descent;
			size_t before = parts.n;
			for (size_t k = 0; k < v->nfns; k++) {
				int num = v->fns[k]->number;
				if (!started[num]) {
					started[num] = pageno;
					fnparts_push(&parts, num, 0, L->fnn[num], i);
				}
			}
			size_t have = fnparts_lines(&parts);
			if (bottom_of_line > body_limit(L, have) && i > start) {
				/* the last note on the page gives up its tail to the next
				 * page, keeping at least two lines here */
				size_t room = 0;
				while (room < have && bottom_of_line <= body_limit(L, room + 1))
					room++;
				struct fnpart *last = parts.n ? &parts.v[parts.n - 1] : NULL;
				size_t excess = have - room;
				if (last == NULL || bottom_of_line > body_limit(L, room) || last->n < excess + 2) {
					for (size_t k = before; k < parts.n; k++)
						started[parts.v[k].note] = 0;
					parts.n = before;
					break;
				}
				last->n -= excess;
			}
			bottoms[i] = bottom_of_line;
			if (i > start && may_break_before(L, i))
				last_ok = i;
			y = ny;
		}
		size_t end = i;
		if (i < L->n) {
			if (may_break_before(L, i))
				end = i;
			else if (last_ok > start)
				end = last_ok;
		}
		/* notes brought by lines that moved on go with them */
		size_t keep = 0;
		for (size_t k = 0; k < parts.n; k++) {
			if (parts.v[k].line >= end && parts.v[k].line != start)
				started[parts.v[k].note] = 0;
			else
				parts.v[keep++] = parts.v[k];
		}
		parts.n = keep;
		/* the last note takes back the room of the lines that moved on,
		 * and what still does not fit continues on the next page */
		if (parts.n) {
			struct fnpart *last = &parts.v[parts.n - 1];
			size_t full = L->fnn[last->note] - last->from;
			double lowest = end > start ? bottoms[end - 1] : 0;
			while (last->n < full && lowest <= body_limit(L, fnparts_lines(&parts) + 1))
				last->n++;
			if (last->n < full)
				fnparts_push(&carry, last->note, last->from + last->n, full - last->n, start);
		}
		/* place the lines: a continued table's header first */
		if (pageno == 1) {
			y = y_first;
		} else {
			y = page_start_y(L, sv);
			if (sv->head) {
				const struct vline *h = &L->heads[sv->head - 1];
				emit_copy(pg, h, L->top + h->top_offset);
			}
		}
		for (size_t j = start; j < end; j++) {
			if (!(j == start && pageno > 1))
				y += L->lines[j].advance + (j > start ? L->lines[j - 1].depth : 0);
			emit(pg, &L->lines[j], y);
			if (L->lines[j].outline)
				pages_outline(out, L->lines[j].outline_level, L->lines[j].outline, (size_t)pageno - 1, y);
		}
		/* a row split here is closed by a rule */
		if (end > start && end < L->n && L->lines[end - 1].has_close) {
			const struct vitem *c = &L->lines[end - 1].close;
			page_rule(pg, c->x, c->x1, y + c->dy, c->width);
		}
		place_notes(L, pg, &parts);
		if (!first_of_part)
			page_number(L, pg, shown);
		start = end;
		if (start < L->n || carry.n) {
			pg = pages_add(out);
			pageno++;
			shown++;
			first_of_part = 0;
			if (start < L->n && L->lines[start].new_page) {
				/* a part of its own: its frame, and its numbering (from 1,
				 * none on its first page) when its family wants that */
				size_t part = L->lines[start].part;
				use_part(L, pg, part);
				first_of_part = 1;
				if (L->parts[part].restart)
					shown = 1;
			} else {
				pg->w = out->v[out->n - 2].w, pg->h = out->v[out->n - 2].h;
			}
		}
		if (start >= L->n && carry.n) {
			/* a note still running after the last line: a page of its own */
			place_notes(L, pg, &carry);
			page_number(L, pg, shown);
			carry.n = 0;
		}
	}
	free(started);
	free(bottoms);
	free(carry.v);
	free(parts.v);
}

void
layout_stats_free(struct layout_stats *st)
{
	free(st->paras);
	st->paras = NULL;
	st->nparas = st->cap = 0;
}

/* What signing needs to know besides the rooms: the agency's line (the
 * number and symbol, or a copy's form and copying agency, in the
 * family's form), where it goes, and the measures of the images. */
static void
signing_record(const struct L *L, struct pages *out)
{
	const struct doc *d = L->doc;
	const struct family *f = L->f;
	struct pg_signing *s = &out->sign;
	s->line_face = f->sign_line_style.face;
	s->line_size = f->sign_line_style.size;
	s->line_baseline = f->sign_line_baseline;
	s->line_right = L->parts[0].left + L->parts[0].width;
	s->image_margin = f->sign_image_margin;
	s->seal = f->sign_seal;
	s->number = d->number;
	s->symbol = xstrdup(d->symbol ? d->symbol : "");
	const struct copy *c = d->copy;
	size_t nforms = 0;
	while (f->sign_copy_forms && f->sign_copy_forms[nforms])
		nforms++;
	if (c != NULL && (size_t)c->form < nforms) {
		s->copy_form = xstrdup(f->sign_copy_forms[c->form]);
		s->copy_agency = xstrdup(c->issuer.text ? c->issuer.text : c->issuer.name ? c->issuer.name : "");
		const char *keys[] = {"form", "agency"};
		const char *vals[] = {s->copy_form, s->copy_agency};
		s->line = fmt_expand(f->sign_line_copy, keys, vals, 2);
		s->registry = c->issuer.id ? xstrdup(c->issuer.id) : NULL;
	} else {
		char num[32];
		if (d->number > 0)
			snprintf(num, sizeof num, "%0*d", f->number_digits, d->number);
		else
			snprintf(num, sizeof num, "%s", f->number_blank);
		const char *keys[] = {"number", "symbol"};
		const char *vals[] = {num, s->symbol};
		s->line = fmt_expand(f->sign_line_number, keys, vals, 2);
		s->registry = d->issuer.id ? xstrdup(d->issuer.id) : NULL;
	}
}

int
layout_doc(const struct doc *doc, struct fontset *fs, struct pages *out, struct layout_stats *st, struct diag *d)
{
	const struct family *f = doc->family;
	struct L L = {doc, f, fs, d};
	struct layout_stats dummy = {0};
	L.st = st ? st : &dummy;
	L.left = f->margin_left;
	L.right = f->paper_w - f->margin_right;
	L.width = L.right - L.left;
	L.top = f->margin_top;
	L.bottom = f->paper_h - f->margin_bottom;
	out->width = f->paper_w;
	out->height = f->paper_h;
	GROW(L.parts, L.capparts, 1);
	L.parts[L.nparts++] = (struct lpart){f->paper_w, f->paper_h, L.left, L.width, L.top, L.bottom, 0};
	struct page *first = pages_add(out);
	double y = header(&L, first);
	y = title_block(&L, first, y);
	y += f->title_after;
	layout_blocks(&L, &doc->body, 0);
	if (L.n > 0)
		L.lines[L.n - 1].no_break_before = 1;
	closing_block(&L);
	copy_block(&L);
	layout_blocks(&L, &doc->annexes, 0);
	footnotes_set(&L);
	if (L.errors == 0) {
		paginate(&L, out, y);
		signing_record(&L, out);
	}
	for (size_t i = 0; i < L.n; i++)
		vline_free(&L.lines[i]);
	free(L.lines);
	for (size_t i = 0; i < L.nheads; i++)
		vline_free(&L.heads[i]);
	free(L.heads);
	free(L.parts);
	for (size_t i = 0; i <= doc->nfootnotes; i++) {
		for (size_t j = 0; L.fnlines && j < L.fnn[i]; j++)
			vline_free(&L.fnlines[i][j]);
		if (L.fnlines)
			free(L.fnlines[i]);
	}
	free(L.fnlines);
	free(L.fnn);
	layout_stats_free(&dummy);
	return L.errors ? -1 : 0;
}

char **
layout_addressees(const struct doc *d, struct fontset *fs, double width, double *label_w, double *lines_w)
{
	const struct family *f = d->family;
	struct style ls = f->addressee_label_style, as = f->addressee_style;
	*label_w = font_width(fs, ls.face, ls.size, f->addressee_label, strlen(f->addressee_label)) +
	           font_width(fs, as.face, as.size, " ", 1);
	*lines_w = 0;
	char **lines = xcalloc(d->naddressees, sizeof *lines);
	for (size_t i = 0; i < d->naddressees; i++) {
		lines[i] = fmt_addressee(d, i);
		double w = font_width(fs, as.face, as.size, lines[i], strlen(lines[i]));
		if (w > *lines_w)
			*lines_w = w;
	}
	if (*label_w + *lines_w > width)
		*lines_w = width - *label_w;
	return lines;
}
