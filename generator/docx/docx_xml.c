/* docx_xml.c: the small vocabulary the DOCX writer speaks: elements and
 * attributes through libxml2's xmlTextWriter (which escapes), paragraphs
 * with their properties, runs in the family's faces, the inlines of a
 * text with its footnote marks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_int.h"
#include "../layout.h"

void
x_start(struct X *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->failed = 1;
}

void
x_attr(struct X *x, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) < 0)
		x->failed = 1;
}

void
x_attrf(struct X *x, const char *name, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	x_attr(x, name, buf);
}

void
x_end(struct X *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->failed = 1;
}

void
x_val(struct X *x, const char *name, const char *value)
{
	x_start(x, name);
	x_attr(x, "w:val", value);
	x_end(x);
}

long
twips(double pt)
{
	return (long)(pt * 20 + (pt >= 0 ? 0.5 : -0.5));
}

static const char *const jc_names[] = {"both", "left", "center", "right"};

void
pp_italic(struct pp *pp, struct rp rp)
{
	if ((rp.face == FACE_ITALIC || rp.face == FACE_BOLD_ITALIC) && (pp->jc < 0 || pp->jc == JC_BOTH) &&
	    pp->right == PP_KEEP)
		pp->right = -1;
}

void
p_start(struct X *x, const struct pp *pp)
{
	x_start(x, "w:p");
	x_start(x, "w:pPr");
	if (pp->style)
		x_val(x, "w:pStyle", pp->style);
	const char *id = pp->style ? pp->style : "Normal";
	x->pface = FACE_REGULAR;
	for (size_t i = 0; i < x->nstyles; i++)
		if (strcmp(x->styles[i].id, id) == 0)
			x->pface = x->styles[i].face;
	int keep = pp->keep_next || x->npara >= x->keep_from;
	x->npara++;
	if (keep) {
		x_start(x, "w:keepNext");
		x_end(x);
	}
	if (pp->page_break_before) {
		x_start(x, "w:pageBreakBefore");
		x_end(x);
	}
	if (pp->before >= 0 || pp->line > 0) {
		x_start(x, "w:spacing");
		if (pp->before >= 0)
			x_attrf(x, "w:before", "%ld", twips(pp->before));
		if (pp->line > 0) {
			x_attrf(x, "w:line", "%ld", twips(pp->line));
			x_attr(x, "w:lineRule", "exact");
		}
		x_end(x);
	}
	if (pp->left != PP_KEEP || pp->right != PP_KEEP || pp->first != PP_KEEP) {
		x_start(x, "w:ind");
		if (pp->left != PP_KEEP)
			x_attrf(x, "w:left", "%ld", twips(pp->left));
		if (pp->right != PP_KEEP)
			x_attrf(x, "w:right", "%ld", twips(pp->right));
		if (pp->first != PP_KEEP) {
			if (pp->first < 0)
				x_attrf(x, "w:hanging", "%ld", twips(-pp->first));
			else
				x_attrf(x, "w:firstLine", "%ld", twips(pp->first));
		}
		x_end(x);
	}
	if (pp->jc >= 0)
		x_val(x, "w:jc", jc_names[pp->jc]);
	x_end(x); /* pPr */
}

struct rp
rp_of(struct style st)
{
	return (struct rp){st.face, st.size, 0};
}

static void
rpr(struct X *x, struct rp rp, int mark)
{
	x_start(x, "w:rPr");
	if (mark)
		x_val(x, "w:rStyle", "VbFootnoteReference");
	int bold = rp.face == FACE_BOLD || rp.face == FACE_BOLD_ITALIC;
	int italic = rp.face == FACE_ITALIC || rp.face == FACE_BOLD_ITALIC;
	if (bold) {
		x_start(x, "w:b");
		x_end(x);
	}
	else if (x->pface == FACE_BOLD || x->pface == FACE_BOLD_ITALIC)
		x_val(x, "w:b", "0"); /* not the style's bold */
	if (italic) {
		x_start(x, "w:i");
		x_end(x);
	}
	else if (x->pface == FACE_ITALIC || x->pface == FACE_BOLD_ITALIC)
		x_val(x, "w:i", "0");
	if (rp.underline)
		x_val(x, "w:u", "single");
	char sz[16];
	snprintf(sz, sizeof sz, "%ld", (long)(rp.size * 2 + 0.5));
	x_val(x, "w:sz", sz);
	x_val(x, "w:szCs", sz);
	if (mark)
		x_val(x, "w:vertAlign", "superscript");
	x_end(x);
}

/* Text with its no-break spaces and line breaks: w:t keeps its spaces
 * (xml:space="preserve"), a '\n' is a w:br. */
void
run(struct X *x, struct rp rp, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	x_start(x, "w:r");
	rpr(x, rp, 0);
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");
		if (n) {
			char *piece = xstrndup(p, n);
			x_start(x, "w:t");
			x_attr(x, "xml:space", "preserve");
			if (xmlTextWriterWriteString(x->w, BAD_CAST piece) < 0)
				x->failed = 1;
			x_end(x);
			free(piece);
		}
		p += n;
		if (*p == '\n') {
			x_start(x, "w:br");
			x_end(x);
			p++;
		}
	}
	x_end(x);
}

static void
fnref(struct X *x, struct rp rp, int number)
{
	x_start(x, "w:r");
	rpr(x, rp, 1);
	x_start(x, "w:footnoteReference");
	x_attrf(x, "w:id", "%d", number);
	x_end(x);
	x_end(x);
}

static void
inline_node(struct X *x, cmark_node *n, struct rp rp)
{
	struct footnote *fn = text_footnote(n);
	if (fn) {
		fnref(x, rp, fn->number);
		return;
	}
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		run(x, rp, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_SOFTBREAK:
		run(x, rp, " ");
		return;
	case CMARK_NODE_LINEBREAK:
		run(x, rp, "\n");
		return;
	case CMARK_NODE_STRONG:
		rp.face = rp.face == FACE_ITALIC || rp.face == FACE_BOLD_ITALIC ? FACE_BOLD_ITALIC : FACE_BOLD;
		break;
	case CMARK_NODE_EMPH:
		rp.face = rp.face == FACE_BOLD || rp.face == FACE_BOLD_ITALIC ? FACE_BOLD_ITALIC : FACE_ITALIC;
		break;
	default:
		break;
	}
	for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
		inline_node(x, k, rp);
}

void
inlines(struct X *x, cmark_node *para, struct rp base)
{
	for (cmark_node *k = para ? cmark_node_first_child(para) : NULL; k; k = cmark_node_next(k))
		inline_node(x, k, base);
}

void
paras(struct X *x, const struct text *t, const struct pp *pp, struct rp base, const char *lead, struct rp leadrp)
{
	if (t == NULL) {
		if (lead) {
			p_start(x, pp);
			run(x, leadrp, lead);
			x_end(x);
		}
		return;
	}
	struct pp it = *pp;
	pp_italic(&it, base);
	for (cmark_node *q = cmark_node_first_child(t->root); q; q = cmark_node_next(q)) {
		p_start(x, &it);
		if (lead && q == cmark_node_first_child(t->root)) {
			run(x, leadrp, lead);
			run(x, base, " ");
		}
		inlines(x, q, base);
		x_end(x);
	}
}

void
line(struct X *x, const struct pp *pp, struct rp rp, const char *s)
{
	p_start(x, pp);
	run(x, rp, s);
	x_end(x);
}

/* A centred line s in st, broken where the PDF breaks it in width (its
 * lines balanced, where a word processor would fill the first): the
 * breaks are line breaks of the paragraph. */
void
centred_line(struct X *x, const struct pp *pp, struct style st, const char *s, double width)
{
	char *b = layout_centred_breaks(x->doc, x->fs, st, s, width);
	line(x, pp, rp_of(st), b);
	free(b);
}

/* Is paragraph q plain words (no emphasis, no footnote mark)? */
static int
plain_para(cmark_node *q)
{
	for (cmark_node *n = cmark_node_first_child(q); n; n = cmark_node_next(n)) {
		cmark_node_type t = cmark_node_get_type(n);
		if ((t != CMARK_NODE_TEXT && t != CMARK_NODE_SOFTBREAK) || text_footnote(n))
			return 0;
	}
	return 1;
}

/* A centred text in st, each paragraph in pp: a plain one broken where
 * the PDF breaks it, one with emphasis or a footnote mark left to the
 * word processor. */
void
centred_paras(struct X *x, const struct text *t, const struct pp *pp, struct style st, double width)
{
	struct pp it = *pp;
	pp_italic(&it, rp_of(st));
	for (cmark_node *q = t ? cmark_node_first_child(t->root) : NULL; q; q = cmark_node_next(q)) {
		if (!plain_para(q)) {
			p_start(x, &it);
			inlines(x, q, rp_of(st));
			x_end(x);
			it.before = 0;
			continue;
		}
		char *s = NULL;
		size_t len = 0;
		for (cmark_node *n = cmark_node_first_child(q); n; n = cmark_node_next(n)) {
			const char *w = cmark_node_get_type(n) == CMARK_NODE_TEXT ? cmark_node_get_literal(n) : " ";
			size_t k = strlen(w);
			s = xrealloc(s, len + k + 1);
			memcpy(s + len, w, k + 1);
			len += k;
		}
		char *b = layout_centred_breaks(x->doc, x->fs, st, s ? s : "", width);
		line(x, &it, rp_of(st), b);
		free(b);
		free(s);
		it.before = 0; /* the space is before the first */
	}
}
