/* layout_para.c: words in faces and sizes, measured and checked against
 * the font, broken into lines (total fit for justified text, balanced for
 * centred lines) and appended to the vertical list. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

static const char *const face_labels[FACE_COUNT] = {N_("regular"), N_("bold"), N_("italic"), N_("bold italic")};
/* ---- words and fragments ---- */

/* The room of a block of fragments' text: a body paragraph's words take
 * one or two blocks, where a malloc a fragment made a long plan's layout
 * spend a tenth of its time in malloc and free. */
enum { PARA_TEXT_BLOCK = 4096 - sizeof(struct para_text_block) };

/* s[0..len) copied, NUL-terminated, into the blocks of p. */
static char *
para_strndup(struct para *p, const char *s, size_t len)
{
	struct para_text_block *b = p->text;
	if (b == NULL || b->cap - b->used < len + 1) {
		size_t cap = len + 1 > PARA_TEXT_BLOCK ? len + 1 : PARA_TEXT_BLOCK;
		b = xmalloc(sizeof *b + cap);
		b->next = p->text;
		b->used = 0;
		b->cap = cap;
		p->text = b;
	}
	char *t = b->s + b->used;
	memcpy(t, s, len);
	t[len] = '\0';
	b->used += len + 1;
	return t;
}

void
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
			char *name = xasprintf("%s (%s)", font_psname(L->fs, face), _(face_labels[face]));
			if (!L->measuring) /* said once, when the words are set */
				diag(L->d, D_MISSING_GLYPH, p->pos, name, (unsigned)cp, ch);
			free(name);
			L->errors++;
		}
		i += (size_t)k;
	}
	GROW(p->v, p->cap, p->n + 1);
	struct frag *fr = &p->v[p->n++];
	*fr = (struct frag){face, size, rise, para_strndup(p, s, len), len, units * size / 1000, 0, 0, fn};
}

/* Ties the last two words of a ragged paragraph so that a short last word
 * never stands alone on a line ("Tỉnh ủy," rather than "ủy,"). */
void
para_tie_last(struct L *L, struct para *p)
{
	for (size_t i = p->n - 1; i-- > 0;)
		if (p->v[i].space_after == 1) {
			p->v[i].space_after = 2;
			p->v[i].width += font_width(L->fs, p->v[i].face, p->v[i].size, " ", 1);
			return;
		}
}

void
para_tie_first(struct L *L, struct para *p)
{
	for (size_t i = 0; i + 1 < p->n; i++)
		if (p->v[i].space_after == 1) {
			p->v[i].space_after = 2;
			p->v[i].width += font_width(L->fs, p->v[i].face, p->v[i].size, " ", 1);
			return;
		}
}

void
para_break(struct para *p)
{
	if (p->n)
		p->v[p->n - 1].hard = 1;
}

void
para_space(struct para *p)
{
	if (p->n)
		p->v[p->n - 1].space_after = 1;
}

/* Text in face/size, split into words at spaces. */
void
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
		/* a dash standing alone ("2021 - 2026") never begins a line, where
		 * it would read as a dash item: the space before it does not break */
		int lone = (j - i == 1 && s[i] == '-') || (j - i == 3 && (memcmp(s + i, "\xe2\x80\x93", 3) == 0 ||
		                                                          memcmp(s + i, "\xe2\x80\x94", 3) == 0));
		if (lone && p->n && p->v[p->n - 1].space_after == 1) {
			p->v[p->n - 1].space_after = 2;
			p->v[p->n - 1].width += font_width(L->fs, p->v[p->n - 1].face, p->v[p->n - 1].size, " ", 1);
		}
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

void
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

void
para_free(struct para *p)
{
	while (p->text != NULL) {
		struct para_text_block *b = p->text;
		p->text = b->next;
		free(b);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* ---- vertical list ---- */

struct vline *
vline_new(struct L *L, double advance)
{
	GROW(L->lines, L->cap, L->n + 1);
	struct vline *v = &L->lines[L->n++];
	memset(v, 0, sizeof *v);
	v->advance = advance;
	v->part = L->part;
	return v;
}

void
vtext(struct vline *v, double x, double dy, enum face f, double size, const char *s, size_t len)
{
	GROW(v->v, v->cap, v->n + 1);
	v->v[v->n++] = (struct vitem){0, 0, x, dy, 0, 0, f, size, xstrndup(s, len)};
}

void
vrule(struct vline *v, double x0, double x1, double dy, double w)
{
	GROW(v->v, v->cap, v->n + 1);
	v->v[v->n++] = (struct vitem){1, 0, x0, dy, x1, w, FACE_REGULAR, 0, NULL};
}

void
vvrule(struct vline *v, double x, double dy0, double dy1, double w)
{
	GROW(v->v, v->cap, v->n + 1);
	v->v[v->n++] = (struct vitem){2, dy1, x, dy0, x, w, FACE_REGULAR, 0, NULL};
}

void
vroom(struct vline *v, double x0, double x1, double dy0, double dy1)
{
	GROW(v->v, v->cap, v->n + 1);
	v->v[v->n++] = (struct vitem){3, dy1, x0, dy0, x1, 0, FACE_REGULAR, 0, NULL};
}

void
vline_free(struct vline *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i].s);
	free(v->v);
	free(v->fns);
	free(v->outline);
}

/* ---- setting a paragraph ---- */



/* Words as index ranges of fragments. */
/* A box of the paragraph: a word, or the part of a long token up to a
 * place where it may break. */
struct word {
	size_t first, last; /* fragments [first, last] */
	double width;
	double space; /* the natural space after it */
	int glue;     /* a space follows (else a break inside the token, or the end) */
	int hard;     /* a line ends after it */
};

static size_t words_of(const struct para *p, struct word **out);

double
para_widest_word(const struct para *p, char **word)
{
	struct word *w;
	size_t nw = words_of(p, &w), at = 0;
	double widest = 0;
	for (size_t k = 0; k < nw; k++)
		if (w[k].width > widest) {
			widest = w[k].width;
			at = k;
		}
	if (word) {
		struct buf b = {0};
		for (size_t i = nw ? w[at].first : 1; nw && i <= w[at].last; i++)
			buf_add(&b, p->v[i].s, p->v[i].len);
		buf_cstr(&b);
		*word = b.s ? buf_take(&b) : xstrdup("");
	}
	free(w);
	return widest;
}

static size_t
words_of(const struct para *p, struct word **out)
{
	struct word *w = xcalloc(p->n + 1, sizeof *w);
	size_t n = 0;
	for (size_t i = 0; i < p->n;) {
		size_t j = i;
		double width = p->v[i].width;
		while (p->v[j].space_after != 1 && !p->v[j].brk && !p->v[j].hard && j + 1 < p->n) {
			j++;
			width += p->v[j].width;
		}
		w[n++] = (struct word){i, j, width, 0, p->v[j].space_after == 1 && !p->v[j].hard, p->v[j].hard};
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

void
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
	struct lb_item *it = xcalloc(3 * nw + 4, sizeof *it);
	size_t *word_at = xcalloc(3 * nw + 4, sizeof *word_at);
	size_t ni = 0;
	it[ni++] = (struct lb_item){LB_BOX, s->indent, 0, 0, 0, 0};
	word_at[0] = (size_t)-1;
	double stretch_share = L->f->max_space - 1;
	for (size_t k = 0; k < nw; k++) {
		word_at[ni] = k;
		it[ni++] = (struct lb_item){LB_BOX, w[k].width, 0, 0, 0, 0};
		if (k + 1 < nw && w[k].hard) {
			word_at[ni] = (size_t)-1;
			it[ni++] = (struct lb_item){LB_GLUE, 0, 1e6, 0, 0, 0};
			word_at[ni] = (size_t)-1;
			it[ni++] = (struct lb_item){LB_PENALTY, 0, 0, 0, -LB_INF, 0};
		} else if (k + 1 < nw && !w[k].glue) {
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
		/* the last line, and a line a hard break ends, are not justified */
		int last = l + 1 == r.n || (it[r.lines[l].end].type == LB_PENALTY && it[r.lines[l].end].penalty <= -LB_INF);
		double extra = 0, x = s->x + (l == 0 ? s->indent : 0);
		/* justified spaces may shrink to two thirds; a line wider than
		 * that runs into the margin */
		double tightest = natural + (s->align == AL_JUSTIFY ? spaces * 2 / 3 : spaces);
		if (tightest > s->width + 0.01 && tightest - s->width > over) {
			over = tightest - s->width;
			over_word = p->v[w[b - 1].first].s;
		}
		if (s->align == AL_JUSTIFY && last && glues > 0 && natural + spaces > s->width) {
			/* a last line the breaker fitted by shrinking its spaces:
			 * shrunk, not left to run into the margin */
			extra = (s->width - natural - spaces) / (double)glues;
		} else if (s->align == AL_JUSTIFY && !last && glues > 0) {
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
		} else if (s->align == AL_RIGHT) {
			x = s->x + s->width - natural - spaces;
		}
		struct vline *v = vline_new(L, L->n == first_line ? s->first_advance : s->leading);
		emit_line(v, p, w, a, b, x, extra);
	}
	if (emergency || over > 0 || loose > 0) {
		char *why = over > 0
		    /* TRANSLATORS: the word (its first 40 bytes), then by how much the line is too wide */
		    ? xasprintf(_("'%.40s' makes a line %.1f pt wider than the text; it runs into the margin"), over_word, over)
		    : xasprintf(_("its spaces would be %.1f times the normal space; the line is set ragged"), loose);
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

double
space_before(const struct L *L)
{
	return L->f->leading + L->f->space_before;
}

struct setting
body_setting(const struct L *L)
{
	return (struct setting){L->left, L->width, L->f->indent, L->f->leading, AL_JUSTIFY, space_before(L), 0, 1};
}

/* A paragraph from a lead (bold number or label) and a cmark paragraph. */
void
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

void
text_paras(struct L *L, const struct text *t, struct style base)
{
	if (t == NULL)
		return;
	for (cmark_node *p = cmark_node_first_child(t->root); p; p = cmark_node_next(p))
		paragraph(L, t, p, NULL, base.face, NULL, base, 0);
}

/* The first paragraph of t after a lead, the rest as paragraphs. */
void
led(struct L *L, const char *lead, enum face lead_face, const struct text *t, struct style base)
{
	cmark_node *first = t ? cmark_node_first_child(t->root) : NULL;
	paragraph(L, t, first, lead, lead_face, NULL, base, first == NULL);
	for (cmark_node *q = first ? cmark_node_next(first) : NULL; q; q = cmark_node_next(q))
		paragraph(L, t, q, NULL, base.face, NULL, base, 0);
}
/* ---- lines set aside: the blocks that never break across pages ---- */

/* Sets p with s and moves its lines into v, pitch apart from dy0; returns
 * the number of lines. Used for the blocks that never break across pages. */
size_t
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
		/* the footnotes whose marks are on the line go along */
		for (size_t j = 0; j < src->nfns; j++) {
			GROW(v->fns, v->capfns, v->nfns + 1);
			v->fns[v->nfns++] = src->fns[j];
		}
		vline_free(src);
	}
	L->n = before;
	return n;
}

/* Centred lines of plain text in a column; returns the number of lines. */
size_t
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

double
ascent(struct L *L, struct style st)
{
	return font_ascent(L->fs, st.face) * st.size / 1000;
}

double
text_width(struct L *L, struct style st, const char *s)
{
	return font_width(L->fs, st.face, st.size, s, strlen(s));
}

void
quiet_layout(struct L *L, const struct doc *doc, struct fontset *fs, struct layout_stats *st)
{
	*st = (struct layout_stats){0};
	*L = (struct L){doc, doc->family, fs, diag_new()};
	L->st = st;
}

void
quiet_layout_end(struct L *L, struct layout_stats *st)
{
	free(L->lines);
	layout_stats_free(st);
	diag_free(L->d);
}

/* The text s in st, centred in width, with a '\n' where this layout breaks
 * its lines (balanced, as centred() sets them): for writers whose readers
 * would break it otherwise (the Word file). Problems are not said again:
 * the text was set, and they were said, when the PDF was laid out. */
char *
layout_centred_breaks(const struct doc *doc, struct fontset *fs, struct style st, const char *s, double width)
{
	struct layout_stats stats;
	struct L L;
	quiet_layout(&L, doc, fs, &stats);
	L.measuring = 1;
	struct vline v = {0};
	centred(&L, &v, s, st, 0, width, 0, 1);
	size_t len = 0, cap = strlen(s) + 1;
	char *out = xmalloc(cap);
	double dy = 0;
	for (size_t i = 0; i < v.n; i++) {
		const char *w = v.v[i].s;
		if (w == NULL)
			continue;
		if (len > 0 && v.v[i].dy != dy) {
			while (len > 0 && out[len - 1] == ' ') /* the space at the break */
				len--;
			GROW(out, cap, len + 2);
			out[len++] = '\n';
		}
		dy = v.v[i].dy;
		size_t n = strlen(w);
		GROW(out, cap, len + n + 1);
		memcpy(out + len, w, n);
		len += n;
	}
	out[len] = '\0';
	vline_free(&v);
	quiet_layout_end(&L, &stats);
	return out;
}
