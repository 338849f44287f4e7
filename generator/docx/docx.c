/* docx.c: the Word package of a document: the parts that never change read
 * from templates/docx, the styles made from the family's measures, the
 * document (the header, title and closing blocks as borderless tables, the
 * body through docx_body.c, each annex a section of its own), the
 * footnotes, the page number header; zipped with libzip in memory, in a
 * fixed order with fixed timestamps, so that the same source gives the
 * same bytes on any machine and in any time zone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "docx_int.h"
#include "../layout.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* ---- XML documents in memory ---- */

static int
doc_begin(struct X *x, xmlBufferPtr *buf)
{
	*buf = xmlBufferCreate();
	x->w = *buf ? xmlNewTextWriterMemory(*buf, 0) : NULL;
	if (x->w == NULL)
		return -1;
	if (xmlTextWriterStartDocument(x->w, NULL, "UTF-8", "yes") < 0)
		x->failed = 1;
	return 0;
}

/* Ends the document; returns its bytes (owned). */
static char *
doc_end(struct X *x, xmlBufferPtr buf, size_t *len)
{
	if (xmlTextWriterEndDocument(x->w) < 0)
		x->failed = 1;
	xmlFreeTextWriter(x->w);
	x->w = NULL;
	*len = (size_t)xmlBufferLength(buf);
	char *s = xmalloc(*len + 1);
	memcpy(s, xmlBufferContent(buf), *len);
	s[*len] = '\0';
	xmlBufferFree(buf);
	return s;
}

static void
root(struct X *x, const char *name)
{
	x_start(x, name);
	x_attr(x, "xmlns:w", NS_W);
	x_attr(x, "xmlns:r", NS_R);
}

static void
empty(struct X *x, const char *name)
{
	x_start(x, name);
	x_end(x);
}

/* ---- styles: named for what they are, measures from the family ---- */

/* A paragraph style: size, face, alignment, leading, space before, the
 * first line's indent (pt). */
static void
pstyle(struct X *x, const char *id, const char *name, const char *based, struct style st, int jc, double leading,
    double before, double first, int keep)
{
	static const char *const jcs[] = {"both", "left", "center", "right"};
	x_start(x, "w:style");
	x_attr(x, "w:type", "paragraph");
	x_attr(x, "w:styleId", id);
	if (x->nstyles < sizeof x->styles / sizeof *x->styles) {
		x->styles[x->nstyles].id = id;
		x->styles[x->nstyles++].face = st.face;
	}
	if (strcmp(id, "Normal") == 0)
		x_attr(x, "w:default", "1");
	x_val(x, "w:name", name);
	if (based)
		x_val(x, "w:basedOn", based);
	x_val(x, "w:next", strcmp(id, "Normal") == 0 || based == NULL ? id : "Normal");
	empty(x, "w:qFormat");
	x_start(x, "w:pPr");
	if (keep)
		empty(x, "w:keepNext");
	x_start(x, "w:spacing");
	x_attrf(x, "w:before", "%ld", twips(before));
	x_attr(x, "w:after", "0");
	x_attrf(x, "w:line", "%ld", twips(leading));
	x_attr(x, "w:lineRule", "exact");
	x_end(x);
	x_start(x, "w:ind");
	x_attr(x, "w:left", "0");
	x_attr(x, "w:right", "0");
	x_attrf(x, "w:firstLine", "%ld", twips(first));
	x_end(x);
	x_val(x, "w:jc", jcs[jc]);
	x_end(x);
	x_start(x, "w:rPr");
	if (st.face == FACE_BOLD || st.face == FACE_BOLD_ITALIC)
		empty(x, "w:b");
	if (st.face == FACE_ITALIC || st.face == FACE_BOLD_ITALIC)
		empty(x, "w:i");
	char sz[16];
	snprintf(sz, sizeof sz, "%ld", (long)(st.size * 2 + 0.5));
	x_val(x, "w:sz", sz);
	x_val(x, "w:szCs", sz);
	x_end(x);
	x_end(x);
}

static char *
styles_xml(struct X *x, size_t *len)
{
	const struct family *f = x->f;
	xmlBufferPtr buf;
	if (doc_begin(x, &buf) < 0)
		return NULL;
	root(x, "w:styles");
	x_start(x, "w:docDefaults");
	x_start(x, "w:rPrDefault");
	x_start(x, "w:rPr");
	/* the regulations' font, as offices expect to see it named */
	x_start(x, "w:rFonts");
	x_attr(x, "w:ascii", "Times New Roman");
	x_attr(x, "w:hAnsi", "Times New Roman");
	x_attr(x, "w:cs", "Times New Roman");
	x_attr(x, "w:eastAsia", "Times New Roman");
	x_end(x);
	char sz[16];
	snprintf(sz, sizeof sz, "%ld", (long)(f->body.size * 2 + 0.5));
	x_val(x, "w:sz", sz);
	x_val(x, "w:szCs", sz);
	x_start(x, "w:lang");
	x_attr(x, "w:val", "vi-VN");
	x_attr(x, "w:eastAsia", "vi-VN");
	x_attr(x, "w:bidi", "ar-SA");
	x_end(x);
	x_end(x);
	x_end(x);
	x_start(x, "w:pPrDefault");
	x_start(x, "w:pPr");
	empty(x, "w:widowControl");
	x_end(x);
	x_end(x);
	x_end(x); /* docDefaults */
	struct style body = f->body;
	double lead = f->leading, before = f->space_before, ind = f->indent;
	pstyle(x, "Normal", "Normal", NULL, body, JC_BOTH, lead, before, ind, 0);
	pstyle(x, "VbHeading1", "Đề mục 1", "Normal", f->heading1, JC_BOTH, lead, before, ind, 1);
	pstyle(x, "VbHeading2", "Đề mục 2", "Normal", f->heading2, JC_BOTH, lead, before, ind, 1);
	pstyle(x, "VbHeading1RunIn", "Đề mục 1 (liền đoạn)", "Normal", body, JC_BOTH, lead, before, ind, 0);
	pstyle(x, "VbHeading2RunIn", "Đề mục 2 (liền đoạn)", "Normal", body, JC_BOTH, lead, before, ind, 0);
	pstyle(x, "VbItem", "Gạch đầu dòng", "Normal", body, JC_BOTH, lead, before, ind, 0);
	pstyle(x, "VbAssignment", "Phân công", "Normal", f->assignment, JC_BOTH, lead, before, ind, 0);
	pstyle(x, "VbBase", "Căn cứ", "Normal", f->bases_style, JC_BOTH, lead, before, ind, 0);
	pstyle(x, "VbArticle", "Điều", "Normal", body, JC_BOTH, lead, before, ind, 0);
	pstyle(x, "VbChapter", "Chương", "Normal", f->chapter_style, JC_CENTER, lead, before, 0, 1);
	pstyle(x, "VbCentered", "Dòng giữa", "Normal", body, JC_CENTER, lead, before, 0, 0);
	pstyle(x, "VbHeader", "Tiêu đề văn bản", "Normal", body, JC_CENTER, lead, 0, 0, 0);
	pstyle(x, "VbTitle", "Tên loại và trích yếu", "Normal", f->type_style, JC_CENTER, lead, 0, 0, 1);
	pstyle(x, "VbRecipients", "Nơi nhận", "Normal", f->recipient, JC_LEFT, f->recipient_leading, 0, 0, 0);
	pstyle(x, "VbSignature", "Chữ ký", "Normal", f->signature, JC_CENTER, lead, 0, 0, 0);
	pstyle(x, "VbTable", "Bảng", "Normal", f->table_style, JC_LEFT, f->table_leading, 0, 0, 0);
	pstyle(x, "VbTableTitle", "Tên bảng", "Normal", f->table_title, JC_CENTER, lead, before, 0, 1);
	pstyle(x, "VbTableUnit", "Đơn vị tính", "Normal", f->table_unit, JC_RIGHT, lead, before, 0, 1);
	pstyle(x, "VbAnnex", "Phụ lục", "Normal", f->annex_label_style, JC_CENTER, lead, 0, 0, 1);
	pstyle(x, "VbPageNumber", "Số trang", "Normal", f->pageno, JC_CENTER, lead, 0, 0, 0);
	pstyle(x, "VbFootnote", "Chú thích", "Normal", f->footnote, JC_BOTH, f->footnote_leading, 0, ind, 0);
	/* the footnote mark: raised, smaller */
	x_start(x, "w:style");
	x_attr(x, "w:type", "character");
	x_attr(x, "w:styleId", "VbFootnoteReference");
	x_val(x, "w:name", "Dấu chú thích");
	x_start(x, "w:rPr");
	x_val(x, "w:vertAlign", "superscript");
	x_end(x);
	x_end(x);
	/* a table ruled in the family's stroke, its cells padded */
	x_start(x, "w:style");
	x_attr(x, "w:type", "table");
	x_attr(x, "w:styleId", "VbTableGrid");
	x_val(x, "w:name", "Bảng kẻ ô");
	x_start(x, "w:tblPr");
	x_start(x, "w:tblBorders");
	static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"};
	for (size_t i = 0; i < 6; i++) {
		x_start(x, sides[i]);
		x_attr(x, "w:val", "single");
		x_attrf(x, "w:sz", "%ld", (long)(f->table_rule * 8 + 0.5));
		x_attr(x, "w:space", "0");
		x_attr(x, "w:color", "000000");
		x_end(x);
	}
	x_end(x);
	/* a row as high as the PDF's: the padding above and below its
	 * lines, the rule between rows counted in the padding below, as
	 * word processors add a border's width to the row */
	x_start(x, "w:tblCellMar");
	static const char *const pads[] = {"w:top", "w:left", "w:bottom", "w:right"};
	double pad[] = {f->table_pad_y, f->table_pad_x, f->table_pad_y - f->table_rule, f->table_pad_x};
	for (size_t i = 0; i < 4; i++) {
		x_start(x, pads[i]);
		x_attrf(x, "w:w", "%ld", twips(pad[i] > 0 ? pad[i] : 0));
		x_attr(x, "w:type", "dxa");
		x_end(x);
	}
	x_end(x);
	x_end(x);
	x_end(x);
	/* the tables that place the header and the closing block: no rules,
	 * no padding */
	x_start(x, "w:style");
	x_attr(x, "w:type", "table");
	x_attr(x, "w:styleId", "VbLayoutTable");
	x_val(x, "w:name", "Bảng bố cục");
	x_start(x, "w:tblPr");
	x_start(x, "w:tblCellMar");
	static const char *const all[] = {"w:top", "w:left", "w:bottom", "w:right"};
	for (size_t i = 0; i < 4; i++) {
		x_start(x, all[i]);
		x_attr(x, "w:w", "0");
		x_attr(x, "w:type", "dxa");
		x_end(x);
	}
	x_end(x);
	x_end(x);
	x_end(x);
	x_end(x); /* styles */
	return doc_end(x, buf, len);
}

/* ---- the parts of page 1 and the closing block ---- */

/* A table of style `style`, total wide, its columns of widths w[0..n)
 * (pt): the table's properties and its grid. */
void
table_start(struct X *x, const char *style, double total, const double *w, size_t n)
{
	x_start(x, "w:tbl");
	x_start(x, "w:tblPr");
	x_val(x, "w:tblStyle", style);
	x_start(x, "w:tblW");
	x_attrf(x, "w:w", "%ld", twips(total));
	x_attr(x, "w:type", "dxa");
	x_end(x);
	x_val(x, "w:tblLayout", "fixed");
	x_end(x);
	x_start(x, "w:tblGrid");
	for (size_t i = 0; i < n; i++) {
		x_start(x, "w:gridCol");
		x_attrf(x, "w:w", "%ld", twips(w[i]));
		x_end(x);
	}
	x_end(x);
}

/* A cell over columns c0..c0+span of widths w, and its properties: the
 * vertical merge (vmerge: "restart", "continue" or NULL), and middle to
 * centre it vertically. */
void
cell_start(struct X *x, const double *w, size_t c0, size_t span, const char *vmerge, int middle)
{
	double width = 0;
	for (size_t c = c0; c < c0 + span; c++)
		width += w[c];
	x_start(x, "w:tc");
	x_start(x, "w:tcPr");
	x_start(x, "w:tcW");
	x_attrf(x, "w:w", "%ld", twips(width));
	x_attr(x, "w:type", "dxa");
	x_end(x);
	if (span > 1) {
		char s[24];
		snprintf(s, sizeof s, "%zu", span);
		x_val(x, "w:gridSpan", s);
	}
	if (vmerge)
		x_val(x, "w:vMerge", vmerge);
	if (middle) /* the header's cells, as the PDF sets them */
		x_val(x, "w:vAlign", "center");
	x_end(x);
}

/* A borderless table of columns of widths w (pt). */
static void
layout_table_start(struct X *x, const double *w, size_t n)
{
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	table_start(x, "VbLayoutTable", total, w, n);
}

static void
cell_begin(struct X *x, double w)
{
	cell_start(x, &w, 0, 1, NULL, 0);
}

static struct pp
hdr_pp(void)
{
	return PP("VbHeader");
}

/* A centred rule of width rw in a column of width cw: an empty paragraph
 * whose bottom border is the rule, indented from both sides. */
static void
rule_para(struct X *x, double cw, double rw, double stroke, double height)
{
	double side = (cw - rw) / 2;
	if (side < 0)
		side = 0;
	x_start(x, "w:p");
	x_start(x, "w:pPr");
	x_val(x, "w:pStyle", "VbHeader");
	x_start(x, "w:pBdr");
	x_start(x, "w:bottom");
	x_attr(x, "w:val", "single");
	x_attrf(x, "w:sz", "%ld", (long)(stroke * 8 + 0.5));
	x_attr(x, "w:space", "0");
	x_attr(x, "w:color", "000000");
	x_end(x);
	x_end(x);
	x_start(x, "w:spacing");
	x_attr(x, "w:before", "0");
	x_attrf(x, "w:line", "%ld", twips(height));
	x_attr(x, "w:lineRule", "exact");
	x_end(x);
	x_start(x, "w:ind");
	x_attrf(x, "w:left", "%ld", twips(side));
	x_attrf(x, "w:right", "%ld", twips(side));
	x_attr(x, "w:firstLine", "0");
	x_end(x);
	x_start(x, "w:rPr");
	x_val(x, "w:sz", "4");
	x_end(x);
	x_end(x);
	x_end(x);
}

static const char *const secrecy_words[] = {"", "MẬT", "TỐI MẬT", "TUYỆT MẬT"};
static const char *const urgency_words[] = {"", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"};

static double
width_of(struct X *x, struct style st, const char *s)
{
	return font_width(x->fs, st.face, st.size, s, strlen(s));
}

/* The left column's agency lines: superior, issuing body (its short rule
 * in state documents, the star in party ones). */
static void
agency(struct X *x, const struct issuer *is, double cw)
{
	const struct family *f = x->f;
	struct pp pp = hdr_pp();
	if (is->superior)
		centred_line(x, &pp, f->superior, is->superior, cw);
	centred_line(x, &pp, f->issuer, is->name, cw);
	if (f->issuer_rule > 0) {
		double tw = width_of(x, f->issuer, is->name);
		if (tw > cw)
			tw = cw;
		rule_para(x, cw, tw * f->issuer_rule, 0.6, 4);
	}
	if (*f->star)
		line(x, &pp, rp_of(f->superior), f->star);
}

/* The right column's national title and motto, each rule as long as its
 * text (an underline). */
static void
national(struct X *x)
{
	const struct family *f = x->f;
	struct pp pp = hdr_pp();
	for (size_t i = 0; f->national[i]; i++) {
		struct rp rp = rp_of(f->national_style);
		rp.underline = f->national[i + 1] == NULL && !*f->motto && f->national_rule > 0;
		line(x, &pp, rp, f->national[i]);
	}
	if (*f->motto) {
		struct rp rp = rp_of(f->motto_style);
		rp.underline = f->motto_rule > 0;
		line(x, &pp, rp, f->motto);
	}
}

static void
header(struct X *x)
{
	const struct doc *d = x->doc;
	const struct family *f = x->f;
	if (d->draft) {
		struct pp pp = PP("VbHeader");
		pp.jc = JC_RIGHT;
		line(x, &pp, rp_of(f->draft_style), d->draft);
	}
	double w[2] = {f->col_left, f->col_right};
	layout_table_start(x, w, 2);
	/* row 1: the agency and the national title; row 2: the number line
	 * and the date line, level as in the PDF */
	x_start(x, "w:tr");
	cell_begin(x, w[0]);
	agency(x, &d->issuer, w[0]);
	x_end(x);
	cell_begin(x, w[1]);
	national(x);
	x_end(x);
	x_end(x);
	x_start(x, "w:tr");
	cell_begin(x, w[0]);
	struct pp pp = hdr_pp();
	char *num = fmt_number_line(d);
	line(x, &pp, rp_of(f->number), num);
	free(num);
	if (d->kind->subject_in_header && d->subject) {
		struct pp sp = hdr_pp();
		sp.line = f->header_subject.size + 2;
		for (cmark_node *q = cmark_node_first_child(d->subject->root); q; q = cmark_node_next(q)) {
			p_start(x, &sp);
			if (q == cmark_node_first_child(d->subject->root))
				run(x, rp_of(f->header_subject), f->header_subject_prefix);
			inlines(x, q, rp_of(f->header_subject));
			x_end(x);
		}
	}
	if (d->secrecy)
		line(x, &pp, rp_of(f->marks_style), secrecy_words[d->secrecy]);
	if (d->urgency)
		line(x, &pp, rp_of(f->marks_style), urgency_words[d->urgency]);
	if (d->circulation)
		line(x, &pp, rp_of(f->circulation_style), d->circulation);
	x_end(x);
	cell_begin(x, w[1]);
	if (!d->kind->no_date_line) {
		char *date = fmt_date_line(d);
		struct style ds = f->date;
		if (f->date_step > 0 && width_of(x, ds, date) > w[1])
			ds.size = f->date_step;
		line(x, &pp, rp_of(ds), date);
		free(date);
	} else {
		line(x, &pp, rp_of(f->date), "");
	}
	x_end(x);
	x_end(x);
	x_end(x); /* tbl */
}

/* The type line, the issuing body, the subject and its rule or dashes,
 * the Kính gửi block. */
static void
title_block(struct X *x)
{
	const struct doc *d = x->doc;
	const struct family *f = x->f;
	double before = f->title_before;
	if (*fmt_type_name(d)) {
		struct pp pp = PP("VbTitle");
		pp.before = before;
		centred_line(x, &pp, f->type_style, fmt_type_name(d), x->width);
		before = 0;
	}
	char *by = fmt_issued_by(d);
	if (by) {
		struct pp pp = PP("VbTitle");
		pp.before = before;
		centred_line(x, &pp, f->issued_by_style, by, x->width);
		free(by);
		before = 0;
	}
	if (!d->kind->subject_in_header) {
		struct pp pp = PP("VbTitle");
		pp.before = before;
		centred_paras(x, d->subject, &pp, f->subject_style, x->width);
		if (f->subject_rule > 0 && d->subject)
			rule_para(x, x->width, x->width * f->subject_rule, 0.6, 6);
		if (*f->after_text) {
			pp.before = 0;
			line(x, &pp, rp_of(f->after_style), f->after_text);
		}
	}
	if (d->naddressees && !d->kind->telegram_line) {
		/* Kính gửi: the label, the addressees one a line under the first */
		struct style ls = f->addressee_label_style, as = f->addressee_style;
		double lw, widest;
		char **lines = layout_addressees(d, x->fs, x->width, &lw, &widest);
		double x0 = (x->width - lw - widest) / 2;
		for (size_t i = 0; i < d->naddressees; i++) {
			struct pp pp = PP("VbHeader");
			pp.jc = JC_LEFT;
			pp.left = x0 + lw;
			pp.first = i == 0 ? -lw : 0;
			pp.before = i == 0 ? f->leading : 0;
			p_start(x, &pp);
			if (i == 0) {
				run(x, rp_of(ls), f->addressee_label);
				run(x, rp_of(as), " ");
			}
			run(x, rp_of(as), lines[i]);
			x_end(x);
			free(lines[i]);
		}
		free(lines);
	}
}

static void
signature(struct X *x, const struct signature *s)
{
	const struct family *f = x->f;
	struct pp pp = PP("VbSignature");
	for (const char *a = s->authority; a && *a;) {
		size_t n = strcspn(a, "\n");
		char *l = xstrndup(a, n);
		a += n + (a[n] == '\n');
		line(x, &pp, rp_of(f->signature), l);
		free(l);
	}
	if (s->title)
		line(x, &pp, rp_of(f->signature), s->title);
	/* the room for the signature and the seal: nothing else is printed
	 * there (a note in its middle) */
	struct pp room = pp;
	room.line = f->signature_room;
	line(x, &room, (struct rp){FACE_REGULAR, f->body.size, 0}, s->note ? s->note : "");
	if (s->name)
		line(x, &pp, rp_of(f->signature), s->name);
}

static void
recipients(struct X *x, const struct sign_off *e)
{
	const struct family *f = x->f;
	struct pp pp = PP("VbRecipients");
	struct rp ls = rp_of(f->recipients_label_style);
	ls.underline = f->recipients_label_underline;
	struct pp lp = pp;
	lp.line = f->leading;
	line(x, &lp, ls, f->recipients_label);
	struct rp rs = rp_of(f->recipient);
	if (e->as_above) {
		char *s = xasprintf("%s%s%s", f->recipient_dash, f->as_above, f->recipient_sep);
		line(x, &pp, rs, s);
		free(s);
	}
	for (size_t r = 0; r < e->nrecipients; r++) {
		p_start(x, &pp);
		run(x, rs, f->recipient_dash);
		for (cmark_node *q = cmark_node_first_child(e->recipients[r].to->root); q; q = cmark_node_next(q))
			inlines(x, q, rs);
		char *tail = fmt_recipient_tail(f, e, r);
		run(x, rs, tail);
		free(tail);
		x_end(x);
	}
	char *a = fmt_archive(f, e);
	line(x, &pp, rs, a);
	free(a);
}

/* Nơi nhận at the left, the signature at the right (two signatures: the
 * first over Nơi nhận). */
static void
closing(struct X *x, const struct sign_off *e, double before)
{
	const struct family *f = x->f;
	struct pp gap = PP(NULL);
	gap.before = 0;
	gap.line = before;
	gap.first = 0;
	gap.keep_next = 1;
	line(x, &gap, rp_of(f->body), "");
	double w[2] = {x->width * f->closing_left, x->width * (1 - f->closing_left)};
	layout_table_start(x, w, 2);
	x_start(x, "w:tr");
	x_start(x, "w:trPr");
	empty(x, "w:cantSplit");
	x_end(x);
	cell_begin(x, w[0]);
	if (e->second) {
		signature(x, &e->signature);
		struct pp sp = PP(NULL);
		sp.before = 0;
		sp.line = f->leading + f->closing_before;
		line(x, &sp, rp_of(f->body), "");
	}
	recipients(x, e);
	x_end(x);
	cell_begin(x, w[1]);
	signature(x, e->second ? e->second : &e->signature);
	x_end(x);
	x_end(x);
	x_end(x);
}

/* The bản sao after the document: a rule over the width, the copier's
 * header, its own closing block. */
static void
copy_block(struct X *x)
{
	const struct copy *c = x->doc->copy;
	const struct family *f = x->f;
	if (c == NULL)
		return;
	struct pp gap = PP(NULL);
	gap.before = 0;
	gap.line = f->copy_before;
	gap.first = 0;
	line(x, &gap, rp_of(f->body), "");
	rule_para(x, x->width, x->width, f->copy_rule, 4);
	double w[2] = {f->col_left, f->col_right};
	layout_table_start(x, w, 2);
	x_start(x, "w:tr");
	cell_begin(x, w[0]);
	agency(x, &c->issuer, w[0]);
	x_end(x);
	cell_begin(x, w[1]);
	struct pp pp = hdr_pp();
	line(x, &pp, rp_of(f->copy_form_style), f->copy_word[c->form]);
	x_end(x);
	x_end(x);
	x_start(x, "w:tr");
	cell_begin(x, w[0]);
	char *num = fmt_number_of(f, c->number, c->symbol);
	line(x, &pp, rp_of(f->number), num);
	free(num);
	x_end(x);
	cell_begin(x, w[1]);
	char *date = fmt_date_of(f, c->place, &c->date);
	line(x, &pp, rp_of(f->date), date);
	free(date);
	x_end(x);
	x_end(x);
	x_end(x);
	closing(x, &c->end, f->closing_before);
}

/* ---- sections ---- */

/* The properties of a section: its paper, margins, the page number in the
 * header from its second page, numbered from 1 when restart. */
static void
sect_pr(struct X *x, int landscape, int restart)
{
	const struct family *f = x->f;
	double pw = landscape ? f->paper_h : f->paper_w, ph = landscape ? f->paper_w : f->paper_h;
	x_start(x, "w:sectPr");
	x_start(x, "w:headerReference");
	x_attr(x, "w:type", "default");
	x_attr(x, "r:id", "rIdHeader");
	x_end(x);
	x_start(x, "w:footnotePr");
	x_val(x, "w:numFmt", "decimal");
	x_end(x);
	x_val(x, "w:type", "nextPage");
	x_start(x, "w:pgSz");
	x_attrf(x, "w:w", "%ld", twips(pw));
	x_attrf(x, "w:h", "%ld", twips(ph));
	if (landscape)
		x_attr(x, "w:orient", "landscape");
	x_end(x);
	/* the page number's baseline at pageno_baseline from the top: the
	 * header starts a line's ascent above it */
	double hdr = f->pageno_baseline - f->pageno.size * 0.891;
	x_start(x, "w:pgMar");
	x_attrf(x, "w:top", "%ld", twips(f->margin_top));
	x_attrf(x, "w:right", "%ld", twips(f->margin_right));
	x_attrf(x, "w:bottom", "%ld", twips(f->margin_bottom));
	x_attrf(x, "w:left", "%ld", twips(f->margin_left));
	x_attrf(x, "w:header", "%ld", twips(hdr > 0 ? hdr : 0));
	x_attr(x, "w:footer", "0");
	x_attr(x, "w:gutter", "0");
	x_end(x);
	if (restart) {
		x_start(x, "w:pgNumType");
		x_attr(x, "w:start", "1");
		x_end(x);
	}
	empty(x, "w:titlePg");
	x_end(x);
}

/* A phụ lục's head or an attached document's. */
static void
annex_head(struct X *x, const struct block *b)
{
	const struct family *f = x->f;
	const struct annex *a = b->u.annex;
	if (a->attached) {
		double w[2] = {f->col_left, f->col_right};
		layout_table_start(x, w, 2);
		x_start(x, "w:tr");
		cell_begin(x, w[0]);
		agency(x, &x->doc->issuer, w[0]);
		x_end(x);
		cell_begin(x, w[1]);
		national(x);
		x_end(x);
		x_end(x);
		x_end(x);
		const char *type = a->type_name ? a->type_name : a->kind ? a->kind->name : "";
		struct pp pp = PP("VbTitle");
		pp.before = f->title_before;
		if (*type)
			centred_line(x, &pp, f->type_style, type, x->width);
		pp.before = 0;
		centred_paras(x, a->title, &pp, f->subject_style, x->width);
		char *l = fmt_annex_line(x->doc, 1);
		centred_line(x, &pp, f->annex_line_style, l, x->width);
		free(l);
	} else {
		struct pp pp = PP("VbAnnex");
		centred_line(x, &pp, f->annex_label_style, a->label, x->width);
		char *plain = text_plain(a->title), *upper = fmt_upper(plain);
		centred_line(x, &pp, f->annex_title_style, upper, x->width);
		free(plain);
		free(upper);
		char *l = fmt_annex_line(x->doc, 0);
		centred_line(x, &pp, f->annex_line_style, l, x->width);
		free(l);
	}
	if (f->subject_rule > 0)
		rule_para(x, x->width, x->width * f->subject_rule, 0.6, 6);
	else if (*f->after_text) {
		struct pp pp = PP("VbTitle");
		pp.before = 0;
		line(x, &pp, rp_of(f->after_style), f->after_text);
	}
}

static char *
document_xml(struct X *x, size_t *len)
{
	const struct doc *d = x->doc;
	const struct family *f = x->f;
	xmlBufferPtr buf;
	if (doc_begin(x, &buf) < 0)
		return NULL;
	root(x, "w:document");
	x_start(x, "w:body");
	x->width = f->paper_w - f->margin_left - f->margin_right;
	header(x);
	title_block(x);
	if (f->title_after > 0) { /* the space the PDF leaves before the body */
		struct pp gap = PP(NULL);
		gap.before = 0;
		gap.line = f->title_after;
		gap.first = 0;
		line(x, &gap, rp_of(f->body), "");
	}
	/* the body's last two paragraphs stay with the closing block (never
	 * a closing block alone on its page): counted first, on a scratch
	 * writer */
	size_t n0 = x->npara;
	int failed = x->failed;
	xmlTextWriterPtr real = x->w;
	xmlBufferPtr scratch = xmlBufferCreate();
	x->w = scratch ? xmlNewTextWriterMemory(scratch, 0) : NULL;
	if (x->w) {
		docx_blocks(x, &d->body, 0);
		xmlFreeTextWriter(x->w);
	}
	xmlBufferFree(scratch);
	size_t n1 = x->npara;
	x->w = real;
	x->failed = failed;
	x->npara = n0;
	x->keep_from = n1 - n0 >= 2 ? n1 - 2 : n0;
	docx_blocks(x, &d->body, 0);
	x->keep_from = (size_t)-1;
	closing(x, &d->end, f->closing_before);
	copy_block(x);
	int landscape = 0, restart = 0;
	for (size_t i = 0; i < d->annexes.n; i++) {
		const struct block *b = d->annexes.v[i];
		/* the section before ends in a paragraph that holds its
		 * properties */
		x_start(x, "w:p");
		x_start(x, "w:pPr");
		sect_pr(x, landscape, restart);
		x_end(x);
		x_end(x);
		landscape = b->u.annex->landscape;
		restart = f->annex_restart;
		x->width = (landscape ? f->paper_h : f->paper_w) - f->margin_left - f->margin_right;
		annex_head(x, b);
		docx_blocks(x, &b->kids, 0);
	}
	sect_pr(x, landscape, restart);
	x_end(x); /* body */
	x_end(x); /* document */
	return doc_end(x, buf, len);
}

/* ---- footnotes and the page number ---- */

static char *
footnotes_xml(struct X *x, size_t *len)
{
	const struct doc *d = x->doc;
	xmlBufferPtr buf;
	if (doc_begin(x, &buf) < 0)
		return NULL;
	root(x, "w:footnotes");
	/* Word's separators: the rule over the notes */
	static const char *const seps[] = {"separator", "continuationSeparator"};
	for (int i = 0; i < 2; i++) {
		x_start(x, "w:footnote");
		x_attr(x, "w:type", seps[i]);
		x_attrf(x, "w:id", "%d", i - 1);
		x_start(x, "w:p");
		x_start(x, "w:pPr");
		x_start(x, "w:spacing");
		x_attr(x, "w:before", "0");
		x_attr(x, "w:after", "0");
		x_attr(x, "w:line", "240");
		x_attr(x, "w:lineRule", "auto");
		x_end(x);
		x_end(x);
		x_start(x, "w:r");
		empty(x, i == 0 ? "w:separator" : "w:continuationSeparator");
		x_end(x);
		x_end(x);
		x_end(x);
	}
	/* the notes in the order of their numbers */
	for (int num = 1;; num++) {
		const struct footnote *fn = NULL;
		for (size_t i = 0; i < d->nfootnotes && !fn; i++)
			if (d->footnotes[i].number == num)
				fn = &d->footnotes[i];
		if (fn == NULL)
			break;
		x_start(x, "w:footnote");
		x_attrf(x, "w:id", "%d", num);
		struct rp rp = rp_of(x->f->footnote);
		int first = 1;
		for (cmark_node *q = cmark_node_first_child(fn->text->root); q; q = cmark_node_next(q)) {
			struct pp pp = PP("VbFootnote");
			p_start(x, &pp);
			if (first) {
				x_start(x, "w:r");
				x_start(x, "w:rPr");
				x_val(x, "w:rStyle", "VbFootnoteReference");
				x_end(x);
				empty(x, "w:footnoteRef");
				x_end(x);
				run(x, rp, " ");
				first = 0;
			}
			inlines(x, q, rp);
			x_end(x);
		}
		x_end(x);
	}
	x_end(x);
	return doc_end(x, buf, len);
}

static char *
header_xml(struct X *x, size_t *len)
{
	xmlBufferPtr buf;
	if (doc_begin(x, &buf) < 0)
		return NULL;
	root(x, "w:hdr");
	struct pp pp = PP("VbPageNumber");
	p_start(x, &pp);
	struct rp rp = rp_of(x->f->pageno);
	static const char *const parts[] = {"begin", NULL, "end"};
	for (int i = 0; i < 3; i++) {
		x_start(x, "w:r");
		x_start(x, "w:rPr");
		char sz[16];
		snprintf(sz, sizeof sz, "%ld", (long)(rp.size * 2 + 0.5));
		x_val(x, "w:sz", sz);
		x_end(x);
		if (parts[i]) {
			x_start(x, "w:fldChar");
			x_attr(x, "w:fldCharType", parts[i]);
			x_end(x);
		} else {
			x_start(x, "w:instrText");
			x_attr(x, "xml:space", "preserve");
			xmlTextWriterWriteString(x->w, BAD_CAST " PAGE ");
			x_end(x);
		}
		x_end(x);
	}
	x_end(x);
	x_end(x);
	return doc_end(x, buf, len);
}

/* docProps/core.xml: the title and the agency; the dates are the
 * document's own, never the machine's clock. */
static char *
core_xml(struct X *x, size_t *len)
{
	const struct doc *d = x->doc;
	xmlBufferPtr buf;
	if (doc_begin(x, &buf) < 0)
		return NULL;
	x_start(x, "cp:coreProperties");
	x_attr(x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
	x_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	x_attr(x, "xmlns:dcterms", "http://purl.org/dc/terms/");
	x_attr(x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
	char *subj = d->subject ? text_plain(d->subject) : xstrdup("");
	char *title = *fmt_type_name(d) ? xasprintf("%s %s", fmt_type_name(d), subj) : xstrdup(subj);
	x_start(x, "dc:title");
	xmlTextWriterWriteString(x->w, BAD_CAST title);
	x_end(x);
	x_start(x, "dc:creator");
	xmlTextWriterWriteString(x->w, BAD_CAST(d->issuer.name ? d->issuer.name : ""));
	x_end(x);
	x_start(x, "dc:language");
	xmlTextWriterWriteString(x->w, BAD_CAST "vi-VN");
	x_end(x);
	if (d->date.y) {
		char when[32];
		snprintf(when, sizeof when, "%04d-%02d-%02dT00:00:00Z", d->date.y, d->date.m ? d->date.m : 1,
		    d->date.d ? d->date.d : 1);
		static const char *const names[] = {"dcterms:created", "dcterms:modified"};
		for (int i = 0; i < 2; i++) {
			x_start(x, names[i]);
			x_attr(x, "xsi:type", "dcterms:W3CDTF");
			xmlTextWriterWriteString(x->w, BAD_CAST when);
			x_end(x);
		}
	}
	free(subj);
	free(title);
	x_end(x);
	return doc_end(x, buf, len);
}

/* ---- the package ---- */

struct part {
	const char *name;
	char *data;
	size_t len;
};

/* A fixed part from templates/docx. */
static char *
fixed_part(const char *tdir, const char *name, size_t *len, struct diag *d)
{
	char *path = xasprintf("%s/docx/%s", tdir, name);
	char *s = read_file_len(path, len);
	if (s == NULL)
		diag(d, D_IO, (struct pos){0}, path, "cannot read it");
	free(path);
	return s;
}

/* The zip, in memory: every entry deflated, stamped 1980-01-01 00:00 in
 * DOS fields (no local time is consulted), in the order given. */
static char *
zip_parts(const struct part *parts, size_t n, size_t *len, struct diag *d)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
	if (src == NULL)
		return NULL;
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
	if (za == NULL) {
		zip_source_free(src);
		return NULL;
	}
	int ok = 1;
	for (size_t i = 0; i < n && ok; i++) {
		zip_source_t *s = zip_source_buffer(za, parts[i].data, parts[i].len, 0);
		zip_int64_t idx = s ? zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
		if (idx < 0) {
			zip_source_free(s);
			ok = 0;
			break;
		}
		ok = zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) == 0 &&
		    zip_file_set_dostime(za, (zip_uint64_t)idx, 0, (1 << 5) | 1, 0) == 0;
	}
	if (!ok || zip_close(za) < 0) {
		diag(d, D_IO, (struct pos){0}, "DOCX", zip_strerror(za));
		zip_discard(za);
		zip_source_free(src);
		return NULL;
	}
	zip_stat_t st;
	char *out = NULL;
	if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		out = xmalloc(st.size + 1);
		zip_int64_t got = zip_source_read(src, out, st.size);
		zip_source_close(src);
		if (got < 0 || (zip_uint64_t)got != st.size) {
			free(out);
			out = NULL;
		} else
			*len = (size_t)st.size;
	}
	zip_source_free(src);
	return out;
}

char *
docx_render(const struct doc *doc, const char *tdir, struct fontset *fs, size_t *len, struct diag *d)
{
	struct X x = {NULL, doc, doc->family, fs, d, 0, 0, 0, (size_t)-1};
	struct part parts[] = {
	    {"[Content_Types].xml", NULL, 0},
	    {"_rels/.rels", NULL, 0},
	    {"docProps/core.xml", NULL, 0},
	    {"docProps/app.xml", NULL, 0},
	    {"word/_rels/document.xml.rels", NULL, 0},
	    {"word/document.xml", NULL, 0},
	    {"word/styles.xml", NULL, 0},
	    {"word/settings.xml", NULL, 0},
	    {"word/fontTable.xml", NULL, 0},
	    {"word/footnotes.xml", NULL, 0},
	    {"word/header1.xml", NULL, 0},
	};
	size_t n = sizeof parts / sizeof *parts;
	static const char *const fixed[] = {"[Content_Types].xml", "_rels/.rels", "docProps/app.xml",
	    "word/_rels/document.xml.rels", "word/settings.xml", "word/fontTable.xml"};
	int ok = 1;
	/* the styles first: the runs of the document are written against
	 * their faces */
	for (size_t i = 0; i < n && ok; i++)
		if (strcmp(parts[i].name, "word/styles.xml") == 0) {
			parts[i].data = styles_xml(&x, &parts[i].len);
			ok = parts[i].data != NULL && !x.failed;
		}
	for (size_t i = 0; i < n && ok; i++) {
		struct part *p = &parts[i];
		if (p->data)
			continue;
		int is_fixed = 0;
		for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++)
			is_fixed |= strcmp(p->name, fixed[k]) == 0;
		if (is_fixed)
			p->data = fixed_part(tdir, p->name, &p->len, d);
		else if (strcmp(p->name, "docProps/core.xml") == 0)
			p->data = core_xml(&x, &p->len);
		else if (strcmp(p->name, "word/document.xml") == 0)
			p->data = document_xml(&x, &p->len);
		else if (strcmp(p->name, "word/footnotes.xml") == 0)
			p->data = footnotes_xml(&x, &p->len);
		else
			p->data = header_xml(&x, &p->len);
		ok = p->data != NULL && !x.failed;
	}
	char *out = NULL;
	if (ok)
		out = zip_parts(parts, n, len, d);
	else if (x.failed)
		diag(d, D_IO, (struct pos){0}, "DOCX", "the XML writer failed");
	for (size_t i = 0; i < n; i++)
		free(parts[i].data);
	return out;
}
