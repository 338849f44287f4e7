/* text.c: text fields through cmark, with the content format's two
 * extensions ([@ID] citations, [^ID] footnotes) and its refusals. */
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define OPTIONS (CMARK_OPT_SMART | CMARK_OPT_SOURCEPOS)

static const char TAG_CITE[] = "cite", TAG_FN[] = "fn", TAG_XREF[] = "xref";

/* YAML turns a blank line into one line break in every style but literal;
 * the content format takes that line break as a paragraph break. A tab
 * counts as a space. */
static char *
prepare(const struct node *n, size_t *outlen)
{
	struct buf b = {0};
	for (size_t i = 0; i < n->len; i++) {
		char c = n->s[i];
		if (c == '\t')
			c = ' ';
		buf_putc(&b, c);
		if (c == '\n' && n->style != STYLE_LITERAL)
			buf_putc(&b, '\n');
	}
	*outlen = b.len;
	return buf_take(&b);
}

/* The value offset of byte off of the prepared text. */
static size_t
value_offset(const struct node *n, size_t off)
{
	size_t p = 0, v = 0;
	while (v < n->len && p < off) {
		p += (n->s[v] == '\n' && n->style != STYLE_LITERAL) ? 2 : 1;
		v++;
	}
	return v;
}

struct parse {
	const struct source *src;
	const struct node *n;
	const char *prep;
	size_t preplen;
	const struct text_env *env;
	struct diag *d;
	const char *what;
	int bad;
	size_t located; /* positions computed, each a walk over the field */
};

/* Source position of a cmark node, plus extra bytes into its literal. */
static struct pos
where(struct parse *P, cmark_node *c, size_t extra)
{
	if (P->located++ >= 100) /* as many as a file shows (diag.c): then the rest at its start, in linear time */
		return P->n->pos;
	int line = cmark_node_get_start_line(c), col = cmark_node_get_start_column(c);
	size_t off = 0;
	for (int l = 1; l < line && off < P->preplen; off++)
		if (P->prep[off] == '\n')
			l++;
	off += (size_t)(col > 0 ? col - 1 : 0) + extra;
	return load_locate(P->src, P->n, value_offset(P->n, off));
}

static const char *
cmark_block_name(cmark_node_type t)
{
	switch (t) {
	case CMARK_NODE_BLOCK_QUOTE:
		/* TRANSLATORS: what a text field holds that is not a paragraph:
		 * "a text field holds paragraphs only, found a block quote ..." */
		return _("a block quote ('>' at the start of a line)");
	case CMARK_NODE_LIST:
		return _("a list (a line starting with '-', '*', '+' or a number and '.')");
	case CMARK_NODE_CODE_BLOCK:
		return _("a code block (four spaces or ``` at the start of a line)");
	case CMARK_NODE_HEADING:
		return _("a heading ('#' at the start of a line)");
	case CMARK_NODE_THEMATIC_BREAK:
		return _("a horizontal rule ('---' or '***' alone on a line)");
	case CMARK_NODE_LINK:
		return _("a link");
	case CMARK_NODE_IMAGE:
		return _("an image");
	default:
		return _("a block that is not a paragraph");
	}
}

static const char *
block_hint(cmark_node_type t)
{
	switch (t) {
	case CMARK_NODE_LIST:
		/* TRANSLATORS: a hint after what a text field holds, from its colon */
		return _(": use 'items' or 'numbered' for lists; numbering is derived, never typed");
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		return _(": documents carry words only");
	default:
		return "";
	}
}

/* Joins runs of adjacent text nodes, which cmark splits at '[' and at
 * smart punctuation, so that markers can be found whole. */
static void
merge_text(cmark_node *parent)
{
	cmark_node *c = cmark_node_first_child(parent);
	while (c) {
		cmark_node *next = cmark_node_next(c);
		if (cmark_node_get_type(c) == CMARK_NODE_TEXT && next && cmark_node_get_type(next) == CMARK_NODE_TEXT) {
			char *s = xasprintf("%s%s", cmark_node_get_literal(c), cmark_node_get_literal(next));
			cmark_node_set_literal(c, s);
			free(s);
			cmark_node_free(next);
			continue;
		}
		merge_text(c);
		c = next;
	}
}

static int
id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void *
lookup(struct parse *P, int cite, const char *id, size_t len)
{
	long i = idmap_find(cite ? &P->env->dirmap : &P->env->fnmap, id, len);
	if (i < 0)
		return NULL;
	return cite ? (void *)&P->env->dirs[i] : (void *)&P->env->fns[i];
}

static const char *
dir_key(const void *set, size_t i)
{
	return ((const struct directive *)set)[i].id;
}

static const char *
fn_key(const void *set, size_t i)
{
	return ((const struct footnote *)set)[i].id;
}

void
text_env_index(struct text_env *env)
{
	idmap_free(&env->dirmap);
	idmap_free(&env->fnmap);
	idmap_init(&env->dirmap, env->dirs, dir_key);
	for (size_t i = 0; i < env->ndirs; i++)
		idmap_add(&env->dirmap, i);
	idmap_init(&env->fnmap, env->fns, fn_key);
	for (size_t i = 0; i < env->nfns; i++)
		idmap_add(&env->fnmap, i);
}

void
text_env_free(struct text_env *env)
{
	idmap_free(&env->dirmap);
	idmap_free(&env->fnmap);
}

static char *
known_ids(struct parse *P, int cite)
{
	size_t n = cite ? P->env->ndirs : P->env->nfns;
	if (n == 0)
		return xstrdup(cite ? _(" (the document has no 'directives')") : _(" (the document has no 'footnotes')"));
	/* ten at the most: a message is read, not searched */
	struct buf ids = {0};
	for (size_t i = 0; i < n && i < 10; i++)
		buf_printf(&ids, "%s%s", i ? ", " : "", cite ? P->env->dirs[i].id : P->env->fns[i].id);
	char *s = known_list_words(buf_cstr(&ids), n, 10);
	buf_free(&ids);
	return s;
}

/* Splits text node c at each [@ID] and [^ID]. */
static void
mark_refs(struct parse *P, cmark_node *c)
{
	const char *lit = cmark_node_get_literal(c);
	size_t len = strlen(lit), from = 0;
	char *copy = xstrdup(lit);
	cmark_node *anchor = c;
	int changed = 0;
	for (size_t i = 0; i + 3 < len; i++) {
		if (copy[i] != '[')
			continue;
		/* [@ID] a citation, [^ID] a footnote, [§ID] an article or clause,
		 * [#ID] an annex */
		int sect = (unsigned char)copy[i + 1] == 0xC2 && (unsigned char)copy[i + 2] == 0xA7;
		char mark = sect ? '$' : copy[i + 1];
		if (mark != '@' && mark != '^' && mark != '$' && mark != '#')
			continue;
		size_t start = i + (sect ? 3 : 2), j = start;
		while (j < len && id_char(copy[j]))
			j++;
		if (j == start || j >= len || copy[j] != ']')
			continue;
		int cite = mark == '@';
		void *target = NULL;
		const char *tag = cite ? TAG_CITE : TAG_FN;
		if (mark == '$' || mark == '#') {
			/* looked up once the parts are numbered (number.c) */
			struct doc *doc = P->env->doc;
			if (doc == NULL)
				continue;
			struct xref *x = xcalloc(1, sizeof *x);
			x->id = xstrndup(copy + start, j - start);
			x->annex = mark == '#';
			x->pos = where(P, c, i);
			x->scope = P->env->scope;
			GROW(doc->xrefs, doc->capxrefs, doc->nxrefs + 1);
			doc->xrefs[doc->nxrefs++] = x;
			target = x;
			tag = TAG_XREF;
		} else {
			target = lookup(P, cite, copy + start, j - start);
		}
		if (target == NULL) {
			char *id = xstrndup(copy + start, j - start);
			char *known = known_ids(P, cite);
			diag(P->d, cite ? D_UNKNOWN_CITE : D_UNKNOWN_FOOTNOTE, where(P, c, i), id, known);
			free(known);
			free(id);
			P->bad = 1;
			continue;
		}
		if (i > from) {
			cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
			char *s = xstrndup(copy + from, i - from);
			cmark_node_set_literal(t, s);
			free(s);
			cmark_node_insert_after(anchor, t);
			anchor = t;
		}
		cmark_node *m = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
		cmark_node_set_on_enter(m, "");
		cmark_node_set_on_exit(m, tag);
		cmark_node_set_user_data(m, target);
		cmark_node_insert_after(anchor, m);
		anchor = m;
		from = j + 1;
		i = j;
		changed = 1;
	}
	if (changed) {
		if (from < len) {
			cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(t, copy + from);
			cmark_node_insert_after(anchor, t);
		}
		cmark_node_free(c);
	}
	free(copy);
}

static void
check_tree(struct parse *P, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node **texts = NULL;
	size_t nt = 0, cap = 0;
	cmark_node *skip = NULL; /* inside a refused block: one report is enough */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (skip) {
			if (ev == CMARK_EVENT_EXIT && c == skip)
				skip = NULL;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(c);
		switch (t) {
		case CMARK_NODE_DOCUMENT:
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
		case CMARK_NODE_EMPH:
		case CMARK_NODE_STRONG:
		case CMARK_NODE_CODE:
			break;
		case CMARK_NODE_TEXT:
			GROW(texts, cap, nt + 1);
			texts[nt++] = c;
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE: {
			const char *lit = cmark_node_get_literal(c);
			char *shown = xstrndup(lit, strcspn(lit, "\n") < 60 ? strcspn(lit, "\n") : 60);
			diag(P->d, D_RAW_HTML, where(P, c, 0), shown);
			free(shown);
			P->bad = 1;
			break;
		}
		default:
			diag(P->d, D_BLOCK_IN_TEXT, where(P, c, 0), cmark_block_name(t), block_hint(t));
			P->bad = 1;
			if (cmark_node_first_child(c))
				skip = c;
		}
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < nt; i++)
		mark_refs(P, texts[i]);
	free(texts);
}

/* A Markdown pipe table (a row of '|' cells over a '|---|' line) would
 * print as one run-together paragraph: the byte offset of its first row
 * in the prepared text, or -1. */
static long
pipe_table(const char *s, size_t n)
{
	size_t line = 0;
	while (line < n) {
		size_t end = line;
		while (end < n && s[end] != '\n')
			end++;
		size_t a = line;
		while (a < end && s[a] == ' ')
			a++;
		if (a < end && s[a] == '|' && end < n) {
			/* the next line: only '|', '-', ':' and spaces, with a run of
			 * three dashes */
			size_t b = end + 1, e = b, dashes = 0, run = 0, bars = 0;
			int other = 0;
			while (e < n && s[e] != '\n') {
				char c = s[e++];
				run = c == '-' ? run + 1 : 0;
				dashes = run > dashes ? run : dashes;
				bars += c == '|';
				other |= !(c == '|' || c == '-' || c == ':' || c == ' ');
			}
			if (!other && dashes >= 3 && bars >= 1)
				return (long)a;
		}
		line = end + 1;
	}
	return -1;
}

struct text *
text_parse(const struct source *src, const struct node *n, const char *what, const struct text_env *env,
    struct diag *d)
{
	if (n->type != NODE_SCALAR) {
		if (!load_colon_slip(src, n, d))
			diag(d, D_WRONG_TYPE, n->pos, what, _("a text"), node_kind_name(n));
		return NULL;
	}
	if (n->len > TEXT_MAX_BYTES) {
		diag(d, D_TOO_LONG, n->pos, n->len, TEXT_MAX_BYTES);
		return NULL;
	}
	size_t plen;
	char *prep = prepare(n, &plen);
	long table = pipe_table(prep, plen);
	if (table >= 0) {
		diag(d, D_PIPE_TABLE, load_locate(src, n, value_offset(n, (size_t)table)));
		free(prep);
		return NULL;
	}
	cmark_node *root = cmark_parse_document(prep, plen, OPTIONS);
	if (cmark_node_first_child(root) == NULL) {
		diag(d, D_EMPTY_TEXT, n->pos, what);
		cmark_node_free(root);
		free(prep);
		return NULL;
	}
	merge_text(root);
	struct parse P = {src, n, prep, plen, env, d, what, 0};
	check_tree(&P, root);
	free(prep);
	if (P.bad) {
		cmark_node_free(root);
		return NULL;
	}
	struct text *t = xcalloc(1, sizeof *t);
	t->pos = n->pos;
	t->pos.file = NULL; /* set by the validator to the document's own copy */
	t->root = root;
	return t;
}

void
text_free(struct text *t)
{
	if (t == NULL)
		return;
	cmark_node_free(t->root);
	free(t);
}

cmark_node *
text_copy(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	cmark_node *c = cmark_node_new(t);
	switch (t) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_CODE_BLOCK:
		cmark_node_set_literal(c, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_CUSTOM_INLINE:
	case CMARK_NODE_CUSTOM_BLOCK:
		cmark_node_set_on_enter(c, cmark_node_get_on_enter(n));
		cmark_node_set_on_exit(c, cmark_node_get_on_exit(n));
		break;
	case CMARK_NODE_HEADING:
		cmark_node_set_heading_level(c, cmark_node_get_heading_level(n));
		break;
	case CMARK_NODE_LIST:
		cmark_node_set_list_type(c, cmark_node_get_list_type(n));
		cmark_node_set_list_tight(c, cmark_node_get_list_tight(n));
		cmark_node_set_list_start(c, cmark_node_get_list_start(n));
		cmark_node_set_list_delim(c, cmark_node_get_list_delim(n));
		break;
	default:
		break;
	}
	cmark_node_set_user_data(c, cmark_node_get_user_data(n));
	for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
		cmark_node_append_child(c, text_copy(k));
	return c;
}

static int
is_tag(cmark_node *n, const char *tag)
{
	if (cmark_node_get_type(n) != CMARK_NODE_CUSTOM_INLINE)
		return 0;
	const char *e = cmark_node_get_on_exit(n);
	return e && strcmp(e, tag) == 0;
}

struct footnote *
text_footnote(cmark_node *n)
{
	return is_tag(n, TAG_FN) ? cmark_node_get_user_data(n) : NULL;
}

struct xref *
text_xref(cmark_node *n)
{
	return is_tag(n, TAG_XREF) ? cmark_node_get_user_data(n) : NULL;
}

void
text_replace(cmark_node *n, const char *s)
{
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(t, s);
	cmark_node_insert_before(n, t);
	cmark_node_free(n);
}

struct resolve {
	struct doc *doc;
	struct diag *d;
	int fn_count;
};

static void resolve_children(struct resolve *R, cmark_node *parent);

static void
resolve_text(struct resolve *R, struct text *t)
{
	if (t)
		resolve_children(R, t->root);
}

static cmark_node *
text_node(const char *s)
{
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(t, s);
	return t;
}

/* The long form: <type> số <number>, ngày <date> của <by> <about>. */
static void
long_form(struct resolve *R, struct directive *dir, cmark_node *into)
{
	struct buf b = {0};
	buf_printf(&b, "%s số %s", dir->type, dir->number);
	if (dir->date.y) {
		char *ds = fmt_date_in_text(R->doc->family, &dir->date);
		buf_printf(&b, ", ngày %s", ds);
		free(ds);
	}
	if (dir->by)
		buf_printf(&b, " của %s", dir->by);
	if (dir->about)
		buf_putc(&b, ' ');
	cmark_node_append_child(into, text_node(buf_cstr(&b)));
	buf_free(&b);
	if (dir->about) {
		cmark_node *para = cmark_node_first_child(dir->about->root);
		for (cmark_node *k = cmark_node_first_child(para); k; k = cmark_node_next(k))
			cmark_node_append_child(into, text_copy(k));
	}
}

static void
resolve_children(struct resolve *R, cmark_node *parent)
{
	cmark_node *c = cmark_node_first_child(parent);
	while (c) {
		cmark_node *next = cmark_node_next(c);
		if (is_tag(c, TAG_CITE)) {
			struct directive *dir = cmark_node_get_user_data(c);
			cmark_node *box = cmark_node_new(CMARK_NODE_PARAGRAPH);
			if (dir->state == 0) {
				dir->state = 1;
				long_form(R, dir, box);
				resolve_children(R, box);
				dir->state = 2;
			} else {
				if (dir->state == 1) {
					/* a registry's directive is where the registry gives it */
					struct pos p = dir->pos;
					if (p.file == NULL)
						p.file = R->doc->file;
					diag(R->d, D_CITE_CYCLE, p, dir->id);
				}
				char *s = xasprintf("%s số %s", dir->type, dir->number);
				cmark_node_append_child(box, text_node(s));
				free(s);
			}
			cmark_node *k;
			while ((k = cmark_node_first_child(box)) != NULL)
				cmark_node_insert_before(c, k);
			cmark_node_free(box);
			cmark_node_free(c);
		} else if (is_tag(c, TAG_FN)) {
			struct footnote *fn = cmark_node_get_user_data(c);
			if (fn->number == 0) {
				fn->number = ++R->fn_count;
				resolve_text(R, fn->text);
			}
		} else {
			resolve_children(R, c);
		}
		c = next;
	}
}

/* The text fields of each block type, in the order they print (the
 * block's kids follow them). */
typedef void (*text_fn)(struct text *, void *);

static void
x_text(struct block *b, text_fn fn, void *arg)
{
	fn(b->text, arg);
}

static void
x_titled(struct block *b, text_fn fn, void *arg)
{
	fn(b->title, arg);
	fn(b->text, arg);
}

static void
x_shortcoming(struct block *b, text_fn fn, void *arg)
{
	fn(b->text, arg);
	fn(b->remedy, arg);
}

static void
x_bases(struct block *b, text_fn fn, void *arg)
{
	for (size_t i = 0; i < b->u.bases.n; i++)
		fn(b->u.bases.v[i], arg);
}

static void
x_row(struct table_row *r, size_t ncols, text_fn fn, void *arg)
{
	fn(r->group, arg);
	for (size_t c = 0; r->cells && c < ncols; c++)
		fn(r->cells[c].text, arg);
}

static void
x_table(struct block *b, text_fn fn, void *arg)
{
	struct table *t = b->u.table;
	fn(t->title, arg);
	for (size_t i = 0; i < t->nrows; i++)
		x_row(&t->rows[i], t->ncols, fn, arg);
	if (t->total)
		x_row(t->total, t->ncols, fn, arg);
}

static void
x_field(struct block *b, text_fn fn, void *arg)
{
	fn(b->text, arg);
	for (size_t i = 0; b->u.field && i < b->u.field->nitems; i++)
		fn(b->u.field->items[i], arg);
}

static void
x_annex(struct block *b, text_fn fn, void *arg)
{
	fn(b->u.annex->title, arg);
}

static void (*const texts_of[BLK__COUNT])(struct block *, text_fn, void *) = {
    [BLK_TEXT] = x_text,
    [BLK_ITEMS] = x_text,
    [BLK_ITEM] = x_text,
    [BLK_NUMBERED] = x_text,
    [BLK_SECTION] = x_titled,
    [BLK_SHORTCOMING] = x_shortcoming,
    [BLK_ASSIGNMENT] = x_text,
    [BLK_BASES] = x_bases,
    [BLK_ARTICLE] = x_titled,
    [BLK_CLAUSE] = x_titled,
    [BLK_POINT] = x_text,
    [BLK_CHAPTER] = x_titled,
    [BLK_TABLE] = x_table,
    [BLK_FIELD] = x_field,
    [BLK_ANNEX] = x_annex,
};

int
text_handles(enum block_type t)
{
	return t < BLK__COUNT && texts_of[t] != NULL;
}

static void
each_block(struct blocks *list, text_fn fn, void *arg)
{
	for (size_t i = 0; i < list->n; i++) {
		texts_of[list->v[i]->type](list->v[i], fn, arg);
		each_block(&list->v[i]->kids, fn, arg);
	}
}

/* The end mark: the last text a body prints, and whether a table's cell
 * holds it (then the mark stands on a line of its own after the table). */
struct last_text {
	struct text *t;
	int in_table;
	int table; /* the walk is in a table's texts */
};

static void
last_cb(struct text *t, void *arg)
{
	struct last_text *lt = arg;
	if (t) {
		lt->t = t;
		lt->in_table = lt->table;
	}
}

static void
last_walk(struct blocks *list, struct last_text *lt)
{
	for (size_t i = 0; i < list->n; i++) {
		lt->table = list->v[i]->type == BLK_TABLE;
		texts_of[list->v[i]->type](list->v[i], last_cb, lt);
		lt->table = 0;
		last_walk(&list->v[i]->kids, lt);
	}
}

void
text_end_mark(struct blocks *body, const char *mark, struct pos pos)
{
	if (mark == NULL || *mark == '\0')
		return;
	struct last_text lt = {0};
	last_walk(body, &lt);
	if (lt.t == NULL || lt.in_table) {
		/* after a table (or nothing): the mark as a paragraph of its own */
		struct block *b = block_new(BLK_TEXT, pos);
		b->role = "end";
		b->text = text_new(&mark, 1, pos);
		blocks_add(body, b, NULL);
		return;
	}
	cmark_node *p = cmark_node_last_child(lt.t->root);
	cmark_node *last = cmark_node_last_child(p);
	const char *lit = last && cmark_node_get_type(last) == CMARK_NODE_TEXT ? cmark_node_get_literal(last) : NULL;
	if (lit && ends_with_mark(lit, mark))
		return; /* a sentence that carries the mark already */
	/* "…thực hiện./.": a final full stop is the mark's own first dot */
	if (lit && mark[0] == '.' && *lit && lit[strlen(lit) - 1] == '.')
		mark++;
	if (lit) {
		char *s = xasprintf("%s%s", lit, mark);
		cmark_node_set_literal(last, s);
		free(s);
	} else {
		cmark_node *n = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(n, mark);
		cmark_node_append_child(p, n);
	}
}

void
doc_each_text(struct doc *doc, void (*fn)(struct text *, void *), void *arg)
{
	fn(doc->subject, arg);
	for (size_t i = 0; i < doc->naddressees; i++)
		fn(doc->addressees[i], arg);
	each_block(&doc->body, fn, arg);
	for (size_t i = 0; i < doc->end.nrecipients; i++)
		fn(doc->end.recipients[i].to, arg);
	each_block(&doc->annexes, fn, arg);
	for (size_t i = 0; doc->copy && i < doc->copy->end.nrecipients; i++)
		fn(doc->copy->end.recipients[i].to, arg);
}

static void
resolve_cb(struct text *t, void *arg)
{
	resolve_text(arg, t);
}

void
doc_resolve(struct doc *doc, struct diag *d)
{
	struct resolve R = {doc, d, 0};
	doc_each_text(doc, resolve_cb, &R);
	for (size_t i = 0; i < doc->nfootnotes; i++)
		if (doc->footnotes[i].number == 0) {
			struct pos p = doc->footnotes[i].pos;
			p.file = doc->file;
			diag(d, D_UNUSED_FOOTNOTE, p, doc->footnotes[i].id);
		}
	for (size_t i = 0; i < doc->ndirectives; i++)
		if (doc->directives[i].state == 0 && !doc->directives[i].registry) {
			struct pos p = doc->directives[i].pos;
			p.file = doc->file;
			diag(d, D_UNUSED_DIRECTIVE, p, doc->directives[i].id);
		}
}

static void
plain(cmark_node *n, struct buf *b)
{
	for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
		switch (cmark_node_get_type(k)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(b, cmark_node_get_literal(k));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		case CMARK_NODE_PARAGRAPH:
			if (b->len)
				buf_putc(b, ' ');
			plain(k, b);
			break;
		default:
			plain(k, b);
		}
	}
}

char *
text_plain(const struct text *t)
{
	if (t == NULL)
		return xstrdup(""); /* a text left out (a giấy giới thiệu's subject) */
	struct buf b = {0};
	plain(t->root, &b);
	return buf_take(&b);
}

int
text_ends_with(const struct text *t, const char *c)
{
	char *s = text_plain(t);
	size_t n = strlen(s), k = strlen(c);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	int r = n >= k && memcmp(s + n - k, c, k) == 0;
	free(s);
	return r;
}

struct text *
text_new(const char *const *paras, size_t n, struct pos pos)
{
	cmark_node *root = cmark_node_new(CMARK_NODE_DOCUMENT);
	for (size_t i = 0; i < n; i++) {
		cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
		cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(t, paras[i]);
		cmark_node_append_child(p, t);
		cmark_node_append_child(root, p);
	}
	struct text *x = xcalloc(1, sizeof *x);
	x->pos = pos;
	x->root = root;
	return x;
}

char
text_drop_final(struct text *t, const char *marks)
{
	if (t == NULL)
		return 0;
	cmark_node *p = cmark_node_last_child(t->root), *last = p;
	while (last && cmark_node_last_child(last))
		last = cmark_node_last_child(last);
	if (last == NULL || cmark_node_get_type(last) != CMARK_NODE_TEXT)
		return 0;
	const char *s = cmark_node_get_literal(last);
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0 || !strchr(marks, s[n - 1]))
		return 0;
	char mark = s[n - 1];
	char *cut = xstrndup(s, n - 1);
	cmark_node_set_literal(last, cut);
	free(cut);
	return mark;
}
