/* layout.c: the document model set on pages by the family's rules. Blocks
 * become lines (total-fit breaking for justified text), lines become
 * pages (no orphan, widow or stranded heading; footnotes on the page of
 * their mark; the closing block whole and never alone). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "linebreak.h"
#include "text.h"

enum align { AL_JUSTIFY, AL_LEFT, AL_CENTER };

/* A piece of a word in one face and size. */
struct frag {
	enum face face;
	double size, rise;
	char *s; /* owned */
	size_t len;
	double width;
	int space_after; /* 1: a space follows, the word ends here; 2: a space that does not break */
	int brk;         /* a line may break after it inside the word (after '/' or '-') */
	struct footnote *fn; /* a footnote mark */
};

struct para {
	struct frag *v;
	size_t n, cap;
	struct pos pos; /* for diagnostics */
};

/* Something placed relative to a line's baseline. */
struct vitem {
	int rule; /* 1 horizontal, 2 vertical (x, from dy down to y1) */
	double y1;
	double x, dy, x1, width; /* text: x; rule: x..x1 at dy, stroke width */
	enum face face;
	double size;
	char *s; /* owned */
};

/* A line of the vertical list: what page breaking moves. */
struct vline {
	struct vitem *v;
	size_t n, cap;
	double advance; /* from the previous baseline, when not at the top of a page */
	double depth;   /* extent below the baseline (a closing block is one tall line) */
	int no_break_before; /* a page may not start with this line */
	int keep_next;       /* a page may not end with this line */
	int outline_level;   /* a heading's first line: its level, and its title */
	char *outline;       /* owned */
	struct footnote **fns; /* notes whose marks are on this line (borrowed) */
	size_t nfns, capfns;
};

struct L {
	const struct doc *doc;
	const struct family *f;
	struct fontset *fs;
	struct diag *d;
	double left, right, width, top, bottom;
	struct vline *lines;
	size_t n, cap;
	struct layout_stats *st;
	int errors;
	/* footnotes laid out once: their lines, in note order */
	struct vline **fnlines;
	size_t *fnn;
};

static const char *const face_labels[FACE_COUNT] = {"regular", "bold", "italic", "bold italic"};

/* ---- words and fragments ---- */

static void
frag_add(struct L *L, struct para *p, enum face face, double size, double rise, const char *s, size_t len,
    struct footnote *fn)
{
	/* every character must have a glyph: a blank box is never printed;
	 * one pass both checks and measures */
	double units = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int k = utf8_decode(s + i, len - i, &cp);
		if (k == 0)
			break;
		double adv = font_advance(L->fs, face, cp);
		if (adv >= 0)
			units += adv;
		else {
			char ch[5] = {0};
			utf8_encode(cp, ch);
			char *name = xasprintf("%s (%s)", font_psname(L->fs, face), face_labels[face]);
			diag(L->d, D_MISSING_GLYPH, p->pos, name, (unsigned)cp, ch);
			free(name);
			L->errors++;
		}
		i += (size_t)k;
	}
	GROW(p->v, p->cap, p->n + 1);
	struct frag *fr = &p->v[p->n++];
	*fr = (struct frag){face, size, rise, xstrndup(s, len), len, units * size / 1000, 0, 0, fn};
}

/* Ties the last two words of a ragged paragraph so that a short last word
 * never stands alone on a line ("Tỉnh ủy," rather than "ủy,"). */
static void
para_tie_last(struct L *L, struct para *p)
{
	for (size_t i = p->n - 1; i-- > 0;)
		if (p->v[i].space_after == 1) {
			p->v[i].space_after = 2;
			p->v[i].width += font_width(L->fs, p->v[i].face, p->v[i].size, " ", 1);
			return;
		}
}

static void
para_space(struct para *p)
{
	if (p->n)
		p->v[p->n - 1].space_after = 1;
}

/* Text in face/size, split into words at spaces. */
static void
para_text(struct L *L, struct para *p, enum face face, double size, const char *s)
{
	size_t n = strlen(s);
	size_t i = 0;
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\n') {
			para_space(p);
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\n')
			j++;
		/* a long token may break after '/' or '-' inside it (155-KH/TU),
		 * at a cost that only a line with nothing else to break takes */
		size_t k = i;
		for (size_t c = i + 1; c + 1 < j; c++)
			if ((s[c] == '/' || s[c] == '-') && s[c + 1] != '/' && s[c + 1] != '-') {
				frag_add(L, p, face, size, 0, s + k, c + 1 - k, NULL);
				p->v[p->n - 1].brk = 1;
				k = c + 1;
			}
		frag_add(L, p, face, size, 0, s + k, j - k, NULL);
		i = j;
	}
}

static enum face
compose(enum face base, int bold, int italic)
{
	bold |= base == FACE_BOLD || base == FACE_BOLD_ITALIC;
	italic |= base == FACE_ITALIC || base == FACE_BOLD_ITALIC;
	return bold ? (italic ? FACE_BOLD_ITALIC : FACE_BOLD) : (italic ? FACE_ITALIC : FACE_REGULAR);
}

static void
para_inlines(struct L *L, struct para *p, cmark_node *n, enum face base, double size, int bold, int italic)
{
	for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
		struct footnote *fn;
		switch (cmark_node_get_type(k)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			para_text(L, p, compose(base, bold, italic), size, cmark_node_get_literal(k));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			para_space(p);
			break;
		case CMARK_NODE_STRONG:
			para_inlines(L, p, k, base, size, 1, italic);
			break;
		case CMARK_NODE_EMPH:
			para_inlines(L, p, k, base, size, bold, 1);
			break;
		default:
			if ((fn = text_footnote(k)) != NULL) {
				char num[16];
				snprintf(num, sizeof num, "%d", fn->number);
				frag_add(L, p, compose(base, bold, italic), L->f->footnote_mark_size, L->f->footnote_mark_rise,
				    num, strlen(num), fn);
			} else {
				para_inlines(L, p, k, base, size, bold, italic);
			}
		}
	}
}

static void
para_free(struct para *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].s);
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* ---- vertical list ---- */

static struct vline *
vline_new(struct L *L, double advance)
{
	GROW(L->lines, L->cap, L->n + 1);
	struct vline *v = &L->lines[L->n++];
	memset(v, 0, sizeof *v);
	v->advance = advance;
	return v;
}

static void
vtext(struct vline *v, double x, double dy, enum face f, double size, const char *s, size_t len)
{
	GROW(v->v, v->cap, v->n + 1);
	v->v[v->n++] = (struct vitem){0, 0, x, dy, 0, 0, f, size, xstrndup(s, len)};
}

static void
vrule(struct vline *v, double x0, double x1, double dy, double w)
{
	GROW(v->v, v->cap, v->n + 1);
	v->v[v->n++] = (struct vitem){1, 0, x0, dy, x1, w, FACE_REGULAR, 0, NULL};
}

static void
vvrule(struct vline *v, double x, double dy0, double dy1, double w)
{
	GROW(v->v, v->cap, v->n + 1);
	v->v[v->n++] = (struct vitem){2, dy1, x, dy0, x, w, FACE_REGULAR, 0, NULL};
}

static void
vline_free(struct vline *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i].s);
	free(v->v);
	free(v->fns);
	free(v->outline);
}

/* ---- setting a paragraph ---- */

struct setting {
	double x, width, indent, leading;
	enum align align;
	double first_advance; /* advance of the first line */
	int keep_with_next;   /* a heading: no page break after it */
	int justify_stats;
};

/* Words as index ranges of fragments. */
/* A box of the paragraph: a word, or the part of a long token up to a
 * place where it may break. */
struct word {
	size_t first, last; /* fragments [first, last] */
	double width;
	double space; /* the natural space after it */
	int glue;     /* a space follows (else a break inside the token, or the end) */
};

static size_t
words_of(const struct para *p, struct word **out)
{
	struct word *w = xcalloc(p->n + 1, sizeof *w);
	size_t n = 0;
	for (size_t i = 0; i < p->n;) {
		size_t j = i;
		double width = p->v[i].width;
		while (p->v[j].space_after != 1 && !p->v[j].brk && j + 1 < p->n) {
			j++;
			width += p->v[j].width;
		}
		w[n++] = (struct word){i, j, width, 0, p->v[j].space_after == 1};
		i = j + 1;
	}
	*out = w;
	return n;
}

/* Emits one line of words [a, b) at baseline-relative positions. */
static void
emit_line(struct vline *v, const struct para *p, const struct word *w, size_t a, size_t b, double x,
    double gap_extra)
{
	for (size_t k = a; k < b; k++) {
		for (size_t i = w[k].first; i <= w[k].last; i++) {
			const struct frag *fr = &p->v[i];
			/* a word carries its space so that text extraction sees it */
			int space = (i == w[k].last && k + 1 < b && w[k].glue) || fr->space_after == 2;
			size_t n = fr->len;
			char *t = xmalloc(n + 2);
			memcpy(t, fr->s, n);
			if (space)
				t[n++] = ' ';
			t[n] = '\0';
			GROW(v->v, v->cap, v->n + 1);
			v->v[v->n++] = (struct vitem){0, 0, x, -fr->rise, 0, 0, fr->face, fr->size, t};
			x += fr->width;
			if (fr->fn) {
				GROW(v->fns, v->capfns, v->nfns + 1);
				v->fns[v->nfns++] = fr->fn;
			}
		}
		if (k + 1 < b && w[k].glue)
			x += w[k].space + gap_extra;
	}
}

static void
set_para(struct L *L, struct para *p, const struct setting *s)
{
	if (p->n == 0)
		return;
	struct word *w;
	size_t nw = words_of(p, &w);
	for (size_t k = 0; k < nw; k++) {
		const struct frag *last = &p->v[w[k].last];
		/* the space after a footnote mark is that of the text, not the mark */
		const struct frag *base = last->fn && w[k].first < w[k].last ? &p->v[w[k].last - 1] : last;
		w[k].space = font_width(L->fs, base->face, base->fn ? L->f->body.size : base->size, " ", 1);
	}
	/* an indent box, then word boxes with glue between */
	struct lb_item *it = xcalloc(2 * nw + 4, sizeof *it);
	size_t *word_at = xcalloc(2 * nw + 4, sizeof *word_at);
	size_t ni = 0;
	it[ni++] = (struct lb_item){LB_BOX, s->indent, 0, 0, 0, 0};
	word_at[0] = (size_t)-1;
	double stretch_share = L->f->max_space - 1;
	for (size_t k = 0; k < nw; k++) {
		word_at[ni] = k;
		it[ni++] = (struct lb_item){LB_BOX, w[k].width, 0, 0, 0, 0};
		if (k + 1 < nw && !w[k].glue) {
			word_at[ni] = (size_t)-1;
			it[ni++] = (struct lb_item){LB_PENALTY, 0, 0, 0, 9000, 0};
		} else if (k + 1 < nw) {
			double sp = w[k].space;
			word_at[ni] = (size_t)-1;
			if (s->align == AL_JUSTIFY)
				it[ni++] = (struct lb_item){LB_GLUE, sp, sp / 2, sp / 3, 0, 0};
			else /* ragged: the stretch stands for the empty end of a line */
				it[ni++] = (struct lb_item){LB_GLUE, sp, s->width / 3, 0, 0, 0};
		}
	}
	word_at[ni] = (size_t)-1;
	it[ni++] = (struct lb_item){LB_GLUE, 0, 1e6, 0, 0, 0};
	word_at[ni] = (size_t)-1;
	it[ni++] = (struct lb_item){LB_PENALTY, 0, 0, 0, -LB_INF, 0};
	struct lb_result r = {0};
	struct lb_params prm = {s->width, s->width, 2 * stretch_share, 10, 100, 100};
	if (s->align != AL_JUSTIFY)
		prm.tolerance = 1e6;
	lb_break(it, ni, &prm, &r);
	if (s->align == AL_CENTER && r.n > 1) {
		/* centred lines are balanced: the narrowest measure that needs
		 * no more lines, so that "BAN CHẤP HÀNH / TRUNG ƯƠNG" rather than
		 * a lone last word */
		double lo = 0, hi = s->width;
		size_t lines = r.n;
		for (int k = 0; k < 20; k++) {
			double mid = (lo + hi) / 2;
			struct lb_params q = prm;
			q.width = q.first_width = mid;
			struct lb_result t = {0};
			lb_break(it, ni, &q, &t);
			if (t.n <= lines && !t.overfull)
				hi = mid;
			else
				lo = mid;
			lb_result_free(&t);
		}
		lb_result_free(&r);
		prm.width = prm.first_width = hi;
		lb_break(it, ni, &prm, &r);
	}
	/* no feasible breaks: the best effort is set, and said (below, once
	 * the lines are measured) */
	int emergency = r.overfull && s->align == AL_JUSTIFY;
	double over = 0, loose = 0;
	const char *over_word = NULL;
	size_t first_line = L->n;
	double gap = 0;
	for (size_t l = 0; l < r.n; l++) {
		size_t a = (size_t)-1, b = 0;
		for (size_t i = r.lines[l].start; i < r.lines[l].end; i++)
			if (word_at[i] != (size_t)-1) {
				if (a == (size_t)-1)
					a = word_at[i];
				b = word_at[i] + 1;
			}
		if (a == (size_t)-1)
			continue; /* the indent box alone */
		double natural = l == 0 ? s->indent : 0, spaces = 0;
		size_t glues = 0;
		for (size_t k = a; k < b; k++) {
			natural += w[k].width;
			if (k + 1 < b && w[k].glue) {
				spaces += w[k].space;
				glues++;
			}
		}
		int last = l + 1 == r.n;
		double extra = 0, x = s->x + (l == 0 ? s->indent : 0);
		/* justified spaces may shrink to two thirds; a line wider than
		 * that runs into the margin */
		double tightest = natural + (s->align == AL_JUSTIFY ? spaces * 2 / 3 : spaces);
		if (tightest > s->width + 0.01 && tightest - s->width > over) {
			over = tightest - s->width;
			over_word = p->v[w[b - 1].first].s;
		}
		if (s->align == AL_JUSTIFY && !last && glues > 0) {
			extra = (s->width - natural - spaces) / (double)glues;
			double widest = 0;
			for (size_t k = a; k + 1 < b; k++)
				if (w[k].glue)
					widest = fmax(widest, (w[k].space + extra) / w[k].space);
			if (widest > L->f->max_space + 1e-9) {
				/* wider spaces than the rules allow: the line is left
				 * ragged rather than stretched */
				loose = fmax(loose, widest);
				extra = 0;
			} else {
				gap = fmax(gap, widest);
			}
		} else if (s->align == AL_CENTER) {
			x = s->x + (s->width - natural - spaces) / 2;
		}
		struct vline *v = vline_new(L, L->n == first_line ? s->first_advance : s->leading);
		emit_line(v, p, w, a, b, x, extra);
	}
	if (emergency || over > 0 || loose > 0) {
		char *why = over > 0
		    ? xasprintf("'%.40s' makes a line %.1f pt wider than the text; it runs into the margin", over_word, over)
		    : xasprintf("its spaces would be %.1f times the normal space; the line is set ragged", loose);
		diag(L->d, D_OVERFULL, p->pos, why);
		free(why);
	}
	/* orphans and widows: a page may not end after the first line of a
	 * paragraph nor start with its last; a heading stays with what follows */
	size_t nl = L->n - first_line;
	if (nl >= 2) {
		L->lines[first_line + 1].no_break_before = 1;
		L->lines[L->n - 1].no_break_before = 1;
	}
	for (size_t i = first_line; s->keep_with_next && i < L->n; i++)
		L->lines[i].keep_next = 1;
	if (s->justify_stats) {
		/* the measures of -T layout and the benchmark: body paragraphs only */
		struct layout_stats *st = L->st;
		st->paragraphs++;
		st->lines += nl;
		st->demerits += r.demerits;
		st->worst_gap = fmax(st->worst_gap, gap);
		GROW(st->paras, st->cap, st->nparas + 1);
		st->paras[st->nparas++] = (struct para_stat){p->pos, nl, gap, r.demerits};
	}
	lb_result_free(&r);
	free(it);
	free(word_at);
	free(w);
}

/* ---- the body ---- */

static double
space_before(const struct L *L)
{
	return L->f->leading + L->f->space_before;
}

static struct setting
body_setting(const struct L *L)
{
	return (struct setting){L->left, L->width, L->f->indent, L->f->leading, AL_JUSTIFY, space_before(L), 0, 1};
}

/* A paragraph from a lead (bold number or label) and a cmark paragraph. */
static void
paragraph(struct L *L, const struct text *t, cmark_node *para, const char *lead, enum face lead_face,
    const char *dash, struct style base, int keep)
{
	struct para p = {.pos = t ? t->pos : (struct pos){L->doc->file, 0, 0}};
	if (dash) {
		para_text(L, &p, base.face, base.size, dash);
		para_space(&p);
	}
	if (lead) {
		para_text(L, &p, lead_face, base.size, lead);
		para_space(&p);
	}
	if (para)
		para_inlines(L, &p, para, base.face, base.size, 0, 0);
	struct setting s = body_setting(L);
	s.keep_with_next = keep;
	set_para(L, &p, &s);
	para_free(&p);
}

static void
text_paras(struct L *L, const struct text *t, struct style base)
{
	if (t == NULL)
		return;
	for (cmark_node *p = cmark_node_first_child(t->root); p; p = cmark_node_next(p))
		paragraph(L, t, p, NULL, base.face, NULL, base, 0);
}

/* The first paragraph of t after a lead, the rest as paragraphs. */
static void
led(struct L *L, const char *lead, enum face lead_face, const struct text *t, struct style base)
{
	cmark_node *first = t ? cmark_node_first_child(t->root) : NULL;
	paragraph(L, t, first, lead, lead_face, NULL, base, first == NULL);
	for (cmark_node *q = first ? cmark_node_next(first) : NULL; q; q = cmark_node_next(q))
		paragraph(L, t, q, NULL, base.face, NULL, base, 0);
}

/* Marks the first line set since first_line as a heading of the outline. */
static void
outline_mark(struct L *L, size_t first_line, int level, const char *number, const struct text *title)
{
	if (first_line >= L->n)
		return;
	char *t = text_plain(title);
	size_t n = strlen(t);
	if (n > 0 && t[n - 1] == ':')
		t[n - 1] = '\0';
	L->lines[first_line].outline_level = level;
	L->lines[first_line].outline = xasprintf("%s %s", number, t);
	free(t);
}

/* ---- the blocks: one layout handler per type ---- */

static void lay_list(struct L *L, const struct blocks *list, size_t from);

static void
lay_text(struct L *L, const struct block *b)
{
	text_paras(L, b->text, L->f->body);
}

static void
lay_items(struct L *L, const struct block *b)
{
	lay_list(L, &b->kids, 0);
}

static void
lay_item(struct L *L, const struct block *b)
{
	const char *dash = b->parent->u.depth ? L->f->subitem_dash : L->f->item_dash;
	for (cmark_node *p = cmark_node_first_child(b->text->root); p; p = cmark_node_next(p))
		paragraph(L, b->text, p, NULL, L->f->body.face, p == cmark_node_first_child(b->text->root) ? dash : NULL,
		    L->f->body, 0);
	lay_list(L, &b->kids, 0);
}

static void
lay_numbered(struct L *L, const struct block *b)
{
	led(L, b->label, L->f->runin.face, b->text, L->f->body);
	lay_list(L, &b->kids, 0);
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
	lay_list(L, &sc->kids, 0);
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
	lay_list(L, &s->kids, tx ? 1 : 0);
}

static void (*const layouts[BLK__COUNT])(struct L *, const struct block *) = {
    [BLK_TEXT] = lay_text,
    [BLK_ITEMS] = lay_items,
    [BLK_ITEM] = lay_item,
    [BLK_NUMBERED] = lay_numbered,
    [BLK_SECTION] = lay_section,
    [BLK_SHORTCOMING] = lay_shortcoming,
    [BLK_ASSIGNMENT] = lay_assignment,
};

int
layout_handles(enum block_type t)
{
	return t < BLK__COUNT && layouts[t] != NULL;
}

static void
lay_list(struct L *L, const struct blocks *list, size_t from)
{
	for (size_t i = from; i < list->n; i++)
		layouts[list->v[i]->type](L, list->v[i]);
}

/* ---- header, title block, closing block ---- */

/* Sets p with s and moves its lines into v, pitch apart from dy0; returns
 * the number of lines. Used for the blocks that never break across pages. */
static size_t
lines_into(struct L *L, struct vline *v, struct para *p, const struct setting *s, double dy0, double pitch)
{
	size_t before = L->n;
	set_para(L, p, s);
	size_t n = L->n - before;
	for (size_t i = 0; i < n; i++) {
		struct vline *src = &L->lines[before + i];
		for (size_t j = 0; j < src->n; j++) {
			struct vitem *it = &src->v[j];
			if (it->rule)
				vrule(v, it->x, it->x1, dy0 + (double)i * pitch + it->dy, it->width); /* horizontal only here */
			else
				vtext(v, it->x, dy0 + (double)i * pitch + it->dy, it->face, it->size, it->s, strlen(it->s));
		}
		vline_free(src);
	}
	L->n = before;
	return n;
}

/* Centred lines of plain text in a column; returns the number of lines. */
static size_t
centred(struct L *L, struct vline *v, const char *s, struct style st, double x, double width, double dy0,
    double pitch)
{
	struct para p = {.pos = {L->doc->file, 0, 0}};
	para_text(L, &p, st.face, st.size, s);
	struct setting set = {x, width, 0, pitch, AL_CENTER, 0, 0, 0};
	size_t n = lines_into(L, v, &p, &set, dy0, pitch);
	para_free(&p);
	return n;
}

static double
ascent(struct L *L, struct style st)
{
	return font_ascent(L->fs, st.face) * st.size / 1000;
}

static double
text_width(struct L *L, struct style st, const char *s)
{
	return font_width(L->fs, st.face, st.size, s, strlen(s));
}

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
		if (it->rule == 2)
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
	char *date = fmt_date_line(d);
	centred(L, &v, date, f->date, rx, rw, dnum, pitch);
	free(date);
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
	if (*d->kind->name) {
		dy += f->title_before + ascent(L, f->type_style);
		centred(L, &v, d->kind->name, f->type_style, L->left, L->width, dy, pitch);
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
		for (cmark_node *p = cmark_node_first_child(d->subject->root); p; p = cmark_node_next(p)) {
			struct para sp = {.pos = d->subject->pos};
			para_inlines(L, &sp, p, f->subject_style.face, f->subject_style.size, 0, 0);
			struct setting set = {L->left, L->width, 0, pitch, AL_CENTER, 0, 0, 0};
			dy += pitch * (double)lines_into(L, &v, &sp, &set, dy, pitch);
			para_free(&sp);
		}
		if (f->subject_rule > 0) {
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
	if (d->naddressees) {
		/* Kính gửi: centred as a block; several addressees one per line,
		 * aligned under the first */
		struct style ls = f->addressee_label_style, as = f->addressee_style;
		double lw = text_width(L, ls, f->addressee_label) + text_width(L, as, " ");
		double widest = 0;
		char **lines = xcalloc(d->naddressees, sizeof *lines);
		for (size_t i = 0; i < d->naddressees; i++) {
			char *t = text_plain(d->addressees[i]);
			lines[i] = d->naddressees > 1
			    ? xasprintf("%s%s%s", f->recipient_dash, t, i + 1 < d->naddressees ? f->addressee_sep : f->addressee_last)
			    : xstrdup(t);
			free(t);
			if (text_width(L, as, lines[i]) > widest)
				widest = text_width(L, as, lines[i]);
		}
		if (lw + widest > L->width)
			widest = L->width - lw;
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
			if (it.rule == 2)
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

/* Nơi nhận on the left and the signature on the right of v, their first
 * lines at dy0; returns the depth below dy0. */
static double
closing_into(struct L *L, struct vline *v, const struct sign_off *e, double dy0)
{
	const struct family *f = L->f;
	double lw = L->width * f->closing_left, rx = L->left + lw, rw = L->width - lw;
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
	double left_depth = dy - dy0;
	/* right: authority and title, the room for signature and seal, name */
	const struct signature *s = &e->signature;
	struct style ss = f->signature;
	double ry = dy0;
	const char *heads[2] = {s->authority, s->title};
	for (int k = 0; k < 2; k++)
		if (heads[k])
			ry += f->leading * (double)centred(L, v, heads[k], ss, rx, rw, ry, f->leading);
	ry -= f->leading;
	if (s->note) {
		struct style ns = {f->body.size, FACE_REGULAR};
		centred(L, v, s->note, ns, rx, rw, ry + f->signature_room / 2 + f->leading / 2, f->leading);
	}
	ry += f->signature_room + f->leading;
	if (s->name)
		centred(L, v, s->name, ss, rx, rw, ry, f->leading);
	else
		ry -= f->leading;
	double right_depth = ry - dy0;
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
	centred(L, &cv, date, f->date, rx, rw, dnum, pitch);
	free(num);
	free(date);
	double top = dnum + pitch + f->closing_before;
	cv.depth = top + closing_into(L, &cv, &c->end, top) + f->body.size / 4;
	push_tall(L, &cv);
}

/* The family's end mark ("./.") after the last body line. */
static void
body_end(struct L *L, size_t body_lines)
{
	const char *m = L->f->body_end;
	if (!*m || body_lines == 0)
		return;
	struct vline *v = &L->lines[body_lines - 1];
	double end = L->left;
	struct style st = L->f->body;
	for (size_t i = 0; i < v->n; i++)
		if (!v->v[i].rule) {
			double e = v->v[i].x + font_width(L->fs, v->v[i].face, v->v[i].size, v->v[i].s, strlen(v->v[i].s));
			if (e > end)
				end = e;
		}
	/* "…thực hiện./.": a final full stop is the mark's own first dot */
	const struct vitem *lastw = NULL;
	for (size_t i = 0; i < v->n; i++)
		if (!v->v[i].rule && (lastw == NULL || v->v[i].x > lastw->x))
			lastw = &v->v[i];
	if (lastw && m[0] == '.' && strlen(lastw->s) > 0 && lastw->s[strlen(lastw->s) - 1] == '.')
		m++;
	double w = text_width(L, st, m);
	if (end + w <= L->right) {
		vtext(v, end, 0, st.face, st.size, m, strlen(m));
	} else {
		struct vline *n = vline_new(L, L->f->leading);
		n->no_break_before = 1;
		vtext(n, L->left, 0, st.face, st.size, m, strlen(m));
	}
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
	return i > 0 && !L->lines[i].no_break_before && !L->lines[i - 1].keep_next;
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

/* Fills pages from the vertical list: each page takes as many lines as fit
 * with their footnotes, then backs up to the last line before which a
 * break is allowed. A note that does not fit whole continues on the next
 * page, under that page's rule. */
static void
paginate(struct L *L, struct pages *out, double y_first)
{
	const struct family *f = L->f;
	double top_baseline = L->top + ascent(L, f->body);
	double descent = f->body.size / 4;
	size_t start = 0;
	struct page *pg = &out->v[0];
	int pageno = 1;
	int *started = xcalloc(L->doc->nfootnotes + 2, sizeof *started); /* page where each note began */
	struct fnparts carry = {0}, parts = {0};
	double *bottoms = xcalloc(L->n + 1, sizeof *bottoms); /* each placed line's lowest point */
	while (start < L->n) {
		double y = pageno == 1 ? y_first : top_baseline;
		parts.n = 0;
		for (size_t k = 0; k < carry.n; k++)
			fnparts_push(&parts, carry.v[k].note, carry.v[k].from, carry.v[k].n, start);
		carry.n = 0;
		size_t last_ok = 0, i;
		for (i = start; i < L->n; i++) {
			const struct vline *v = &L->lines[i];
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
		/* place the lines */
		y = pageno == 1 ? y_first : top_baseline;
		for (size_t j = start; j < end; j++) {
			if (!(j == start && pageno > 1))
				y += L->lines[j].advance + (j > start ? L->lines[j - 1].depth : 0);
			emit(pg, &L->lines[j], y);
			if (L->lines[j].outline)
				pages_outline(out, L->lines[j].outline_level, L->lines[j].outline, (size_t)pageno - 1, y);
		}
		place_notes(L, pg, &parts);
		if (pageno > 1)
			page_number(L, pg, pageno);
		start = end;
		if (start < L->n || carry.n) {
			pg = pages_add(out);
			pageno++;
		}
		if (start >= L->n && carry.n) {
			/* a note still running after the last line: a page of its own */
			place_notes(L, pg, &carry);
			page_number(L, pg, pageno);
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
	struct page *first = pages_add(out);
	double y = header(&L, first);
	y = title_block(&L, first, y);
	y += f->title_after;
	lay_list(&L, &doc->body, 0);
	body_end(&L, L.n);
	if (L.n > 0)
		L.lines[L.n - 1].no_break_before = 1;
	closing_block(&L);
	copy_block(&L);
	footnotes_set(&L);
	if (L.errors == 0)
		paginate(&L, out, y);
	for (size_t i = 0; i < L.n; i++)
		vline_free(&L.lines[i]);
	free(L.lines);
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
