/* validate_body.c: the body of a document as blocks. One validator per
 * block type (the table vtab), each turning the YAML node of its content
 * into a block and its kids; containment is block_can_contain's. The
 * numbers are not given here: number.c derives them once the tree is
 * whole. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate_int.h"


/* A lead or a partner: an agency ID, or text; its plain words. */
/* A reference in a name would vanish from it: refused. */
static void
no_refs(struct V *v, cmark_node *n)
{
	for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
		struct xref *x = text_xref(k);
		if (x) {
			char *what = xasprintf("[%s%s]", x->annex ? "#" : "§", x->id);
			diag(v->d, D_REF_IN_TASK, x->pos, what);
			free(what);
		}
		no_refs(v, k);
	}
}

static char *
party_to_task(struct V *v, const struct node *n, char **id)
{
	struct text *t = v_is_id(n) ? v_agency_text(v, n) : v_text(v, n, "lead");
	if (t)
		no_refs(v, t->root);
	if (id)
		*id = v_is_id(n) && t ? xstrdup(n->s) : NULL;
	if (t == NULL)
		return NULL;
	char *s = text_plain(t);
	text_free(t);
	return s;
}

static int
due(struct V *v, const struct node *n, struct due *out)
{
	out->pos = n->pos;
	out->pos.file = v->doc->file;
	if (v_placeholder(n))
		return -1;
	if (n->type == NODE_SCALAR) {
		const char *s = n->s;
		int d, m;
		char rest;
		if (strcmp(s, "thường xuyên") == 0) {
			out->kind = DUE_ALWAYS;
			return 0;
		}
		if (sscanf(s, "hằng năm trước %d-%d%c", &d, &m, &rest) == 2 && m >= 1 && m <= 12 && d >= 1 &&
		    d <= fmt_days_in(2024, m)) {
			out->kind = DUE_YEARLY;
			out->day = d;
			out->month = m;
			return 0;
		}
		if (n->len == 10 && s[4] == '-') {
			struct date dt;
			size_t errs = diag_errors(v->d);
			v_date(v, n, "due", 0, &dt);
			if (diag_errors(v->d) > errs)
				return -1;
			out->kind = DUE_DATE;
			out->date = dt;
			return 0;
		}
	}
	diag(v->d, D_BAD_DUE, v_at(v, n), n->type == NODE_SCALAR ? n->s : node_kind_name(n));
	return -1;
}

/* The sentence of a structured assignment, by the kind's (or the family's)
 * pattern: "Đảng ủy Công an tỉnh chủ trì, phối hợp với ... thực hiện
 * thường xuyên." */
static char *
task_sentence(const struct doc *doc, const struct task *t)
{
	const struct assign_words *k = &doc->kind->assign, *f = &doc->family->assign;
#define W(x) (k->x ? k->x : f->x)
	struct buf partners = {0};
	for (size_t i = 0; i < t->npartners; i++) {
		if (i > 0)
			buf_puts(&partners, i + 1 == t->npartners ? W(join_last) : W(join));
		buf_puts(&partners, t->partners[i]);
	}
	char *due_s = NULL, day[16], month[16];
	if (t->due.kind == DUE_DATE) {
		char *ds = fmt_date_in_text(doc->family, &t->due.date);
		const char *keys[] = {"date"};
		const char *vals[] = {ds};
		due_s = fmt_expand(W(due_date), keys, vals, 1);
		free(ds);
	} else if (t->due.kind == DUE_YEARLY) {
		snprintf(day, sizeof day, "%02d", t->due.day);
		snprintf(month, sizeof month, "%d", t->due.month);
		const char *keys[] = {"day", "month"};
		const char *vals[] = {day, month};
		due_s = fmt_expand(W(due_yearly), keys, vals, 2);
	} else {
		due_s = xstrdup(W(due_always));
	}
	const char *keys[] = {"lead", "partners", "due"};
	const char *vals[] = {t->lead, buf_cstr(&partners), due_s};
	char *s = fmt_expand(t->npartners ? W(with_partners) : W(alone), keys, vals, 3);
#undef W
	buf_free(&partners);
	free(due_s);
	return s;
}

/* An assignment: a text, or a mapping of lead, partners and due (and an
 * optional text that is printed instead of the generated sentence). */
static void
assignment(struct V *v, const struct node *n, struct text **out, struct task **task)
{
	if (n == NULL)
		return;
	if (n->type != NODE_MAP) {
		*out = v_text(v, n, "assignment");
		return;
	}
	if (v_check_set(v, n, _("an assignment"), &keys_task) < 0)
		return;
	struct task *t = *task = xcalloc(1, sizeof *t);
	const struct node *x;
	if ((x = v_need(v, n, "lead", _("an assignment"))) != NULL)
		t->lead = party_to_task(v, x, &t->lead_id);
	if ((x = v_get(n, "partners")) != NULL && v_list(v, x, "partners")) {
		t->partners = xcalloc(x->n, sizeof *t->partners);
		for (size_t i = 0; i < x->n; i++) {
			char *p = party_to_task(v, x->kids[i], NULL);
			if (p)
				t->partners[t->npartners++] = p;
		}
	}
	if ((x = v_need(v, n, "due", _("an assignment"))) != NULL)
		due(v, x, &t->due);
	if ((x = v_get(n, "text")) != NULL) {
		*out = v_text(v, x, "text");
	} else if (t->lead && v->doc->kind && v->doc->family) {
		char *s = task_sentence(v->doc, t);
		struct pos p = n->pos;
		p.file = v->doc->file;
		*out = v_plain_text(s, p);
		free(s);
	}
}

struct text *
v_plain_text(const char *s, struct pos pos)
{
	return text_new(&s, 1, pos);
}

/* Numbering typed by hand at the start of a title or a numbered text
 * ("I. MỤC ĐÍCH", "2.1.", "a)", "Điều 2.", "Chương I", "- ") would print
 * twice: refused, naming what to take out. */
static void
no_typed_number(struct V *v, const struct text *t)
{
	if (t == NULL)
		return;
	cmark_node *p = cmark_node_first_child(t->root), *x = p ? cmark_node_first_child(p) : NULL;
	while (x && cmark_node_get_type(x) != CMARK_NODE_TEXT && cmark_node_first_child(x))
		x = cmark_node_first_child(x); /* **I. MỤC ĐÍCH** too */
	if (x == NULL || cmark_node_get_type(x) != CMARK_NODE_TEXT)
		return;
	const char *s = cmark_node_get_literal(x);
	size_t n = 0;
	if (strncmp(s, "Điều ", strlen("Điều ")) == 0 || strncmp(s, "Chương ", strlen("Chương ")) == 0) {
		size_t k = strcspn(s, " ") + 1;
		size_t m = strspn(s + k, "0123456789IVXLC");
		if (m > 0 && (s[k + m] == '.' || s[k + m] == ':' || s[k + m] == ' ' || s[k + m] == '\0'))
			n = k + m + (s[k + m] == '.' || s[k + m] == ':');
	} else if (strspn(s, "IVXLC") > 0 && s[strspn(s, "IVXLC")] == '.' && s[strspn(s, "IVXLC") + 1] == ' ') {
		n = strspn(s, "IVXLC") + 1;
	} else if (s[0] >= '0' && s[0] <= '9') {
		size_t k = 0;
		while (s[k] >= '0' && s[k] <= '9') {
			k += strspn(s + k, "0123456789");
			if (s[k] != '.')
				break;
			k++;
		}
		if (k > 0 && s[k - 1] == '.' && (s[k] == ' ' || s[k] == '\0'))
			n = k;
	} else if (((s[0] >= 'a' && s[0] <= 'z' && s[1] == ')') || (strncmp(s, "đ)", strlen("đ)")) == 0)) &&
	    s[s[0] == 'a' || (s[0] >= 'b' && s[0] <= 'z') ? 2 : strlen("đ)")] == ' ') {
		n = s[0] >= 'a' && s[0] <= 'z' ? 2 : strlen("đ)");
	} else if ((s[0] == '-' || s[0] == '+') && s[1] == ' ') {
		n = 1;
	} else if (strncmp(s, "– ", strlen("– ")) == 0) {
		n = strlen("–");
	}
	if (n == 0)
		return;
	char *typed = xstrndup(s, n);
	diag(v->d, D_TYPED_NUMBER, t->pos, typed);
	free(typed);
}

static struct pos
pos_of(struct V *v, const struct node *n)
{
	struct pos p = n->pos;
	p.file = v->doc->file;
	return p;
}

/* The id of a block (a task's, an article's, an annex's): well formed;
 * number.c checks that it is unique where it is looked up. */
static void
v_block_id(struct V *v, struct block *b, const struct node *n)
{
	if (n == NULL)
		return;
	char *id = v_string(v, n, "id");
	if (id == NULL)
		return;
	if (!v_valid_id(id)) {
		if (!v_placeholder(n))
			diag(v->d, D_BAD_ID, v_at(v, n), id);
		free(id);
		return;
	}
	b->id = id;
	b->idpos = pos_of(v, n);
}

static struct block *
add(struct V *v, struct blocks *list, struct block *parent, enum block_type t, const struct node *n)
{
	struct block *b = block_new(t, pos_of(v, n));
	blocks_add(list, b, parent);
	return b;
}

/* A text field as a block of paragraphs. */
static void
add_text(struct V *v, struct blocks *list, struct block *parent, const struct node *n, const char *key,
    const char *role)
{
	if (n == NULL)
		return;
	struct text *t = v_text(v, n, key);
	if (t == NULL)
		return;
	struct block *b = add(v, list, parent, BLK_TEXT, n);
	b->text = t;
	b->role = role;
}

static void
add_text_block(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	add_text(v, list, parent, n, "text", "text");
}

static void add_items(struct V *v, struct blocks *list, struct block *parent, const struct node *n, int depth,
    const char *role);

/* An item of a dash list (parent): a text, or {text, items} with items of
 * its own one level down ('+'). */
static void
add_item(struct V *v, struct blocks *list, struct block *parent, const struct node *e)
{
	int depth = parent->u.depth;
	const char *role = parent->role;
	struct block *it = add(v, list, parent, BLK_ITEM, e);
	if (e->type == NODE_MAP) {
		if (load_colon_slip(v->src, e, v->d) || v_check_set(v, e, _("an item"), depth == 0 ? &keys_item : &keys_subitem) < 0)
			return;
		it->text = v_text(v, v_need(v, e, "text", _("an item")), "text");
		const struct node *sub = v_get(e, "items");
		if (sub && depth == 0)
			add_items(v, &it->kids, it, sub, 1, role);
	} else {
		it->text = v_text(v, e, role == NULL || strcmp(role, "remedies") ? _("an item") : _("a remedy"));
	}
	no_typed_number(v, it->text);
}

/* A dash list; depth 0 '-', 1 '+' (items of items). */
static void
add_items(struct V *v, struct blocks *list, struct block *parent, const struct node *n, int depth,
    const char *role)
{
	if (v_list(v, n, "items") == NULL)
		return;
	struct block *l = add(v, list, parent, BLK_ITEMS, n);
	l->u.depth = depth;
	l->role = role;
	for (size_t i = 0; i < n->n; i++)
		add_item(v, &l->kids, l, n->kids[i]);
}

/* An assignment: a text, or a structured task and its sentence. */
static void
add_assignment(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	if (n == NULL)
		return;
	struct block *b = add(v, list, parent, BLK_ASSIGNMENT, n);
	assignment(v, n, &b->text, &b->u.task);
}

static void
add_shortcoming(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	struct block *sc = add(v, list, parent, BLK_SHORTCOMING, n);
	if (v_check_set(v, n, _("a shortcoming"), &keys_shortcoming) < 0)
		return;
	sc->text = v_text(v, v_need(v, n, "finding", _("a shortcoming")), "finding");
	const struct node *r = v_get(n, "remedy"), *rs = v_get(n, "remedies");
	if (r && rs)
		diag(v->d, D_REMEDY_BOTH, v_at(v, rs));
	else if (!r && !rs)
		diag(v->d, D_REMEDY_NONE, v_at(v, n));
	sc->remedy = v_text(v, r, "remedy");
	if (rs)
		add_items(v, &sc->kids, sc, rs, 0, "remedies");
	add_assignment(v, &sc->kids, sc, v_get(n, "assignment"));
	v_block_id(v, sc, v_get(n, "id"));
}

/* ---- v2: block lists, articles, clauses, points, chapters ---- */

static void add_numbered(struct V *v, struct blocks *list, struct block *parent, const struct node *n);
static void add_section(struct V *v, struct blocks *list, struct block *parent, const struct node *n);
static void add_table(struct V *v, struct blocks *list, struct block *parent, const struct node *n);

/* May a block of type t stand here? The top of a body takes what the
 * kind admits; below, block_can_contain decides. */
static int
admit(struct V *v, const struct block *parent, enum block_type t, const struct node *n)
{
	if (parent) {
		/* the keys of a part name its kids' types: what they admit is
		 * what block_can_contain says */
		assert(block_can_contain(parent->type, t));
		return 1;
	}
	if ((v->kind->admits >> t) & 1u)
		return 1;
	char *who = v_kinds_admitting(v, t);
	/* TRANSLATORS: in place of the kinds that admit a block: there are none */
	diag(v->d, D_NOT_ADMITTED, v_at(v, n), v->kind->id, block_name(t), *who ? who : _("none"));
	free(who);
	return 0;
}

/* The kids of a mapping (an article, a clause, a point, a numbered
 * paragraph) in the order the source writes them: text first, then the
 * keys that hold parts, each through its own validator. */
struct part_key {
	const char *key;
	void (*add)(struct V *, struct blocks *, struct block *, const struct node *);
};

static void add_clauses(struct V *v, struct blocks *list, struct block *parent, const struct node *n);
static void add_points(struct V *v, struct blocks *list, struct block *parent, const struct node *n);
static void add_items0(struct V *v, struct blocks *list, struct block *parent, const struct node *n);

static void
parts_in_order(struct V *v, struct block *b, const struct node *m, const struct part_key *keys, size_t nkeys)
{
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct node *k = m->kids[i];
		if (k->type != NODE_SCALAR)
			continue;
		for (size_t j = 0; j < nkeys; j++)
			if (strcmp(k->s, keys[j].key) == 0)
				keys[j].add(v, &b->kids, b, m->kids[i + 1]);
	}
}

static void
add_items0(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	add_items(v, list, parent, n, 0, "items");
}

/* A text, or a mapping of title, text and parts: articles, clauses,
 * points, numbered paragraphs. title may be NULL (no title key). */
static void
titled(struct V *v, struct block *b, const struct node *n, const char *what, const struct keyset *keys,
    const struct part_key *parts, size_t nparts)
{
	if (n->type != NODE_MAP) {
		b->text = v_text(v, n, what);
		no_typed_number(v, b->text);
		return;
	}
	if (load_colon_slip(v->src, n, v->d) || v_check_set(v, n, what, keys) < 0)
		return;
	const struct node *t = v_get(n, "title"), *x = v_get(n, "text");
	if (t)
		b->title = v_text(v, t, "title");
	if (x)
		b->text = v_text(v, x, "text");
	no_typed_number(v, b->title ? b->title : b->text);
	v_block_id(v, b, v_get(n, "id"));
	parts_in_order(v, b, n, parts, nparts);
	if (t == NULL && x == NULL && b->kids.n == 0)
		diag(v->d, D_MISSING_KEY, v_at(v, n), what, "text");
}

static const struct part_key point_parts[] = {{"items", add_items0}};

static void
add_points(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	if (v_list(v, n, "points") == NULL)
		return;
	for (size_t i = 0; i < n->n; i++) {
		struct block *b = add(v, list, parent, BLK_POINT, n->kids[i]);
		titled(v, b, n->kids[i], _("a point"), &keys_point, point_parts, 1);
		if (i == FMT_LETTERS)
			diag(v->d, D_TOO_MANY_POINTS, v_at(v, n->kids[i]), FMT_LETTERS + 1, FMT_LETTERS);
	}
}

static const struct part_key clause_parts[] = {{"points", add_points}, {"items", add_items0}, {"table", add_table}};

static void
add_clauses(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	if (v_list(v, n, "clauses") == NULL)
		return;
	for (size_t i = 0; i < n->n; i++) {
		struct block *b = add(v, list, parent, BLK_CLAUSE, n->kids[i]);
		titled(v, b, n->kids[i], _("a clause"), &keys_clause, clause_parts, 3);
	}
}

static const struct part_key article_parts[] = {{"clauses", add_clauses}, {"items", add_items0},
    {"table", add_table}};

static void
add_articles(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	if (v_list(v, n, "articles") == NULL)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (!admit(v, parent, BLK_ARTICLE, n->kids[i]))
			return;
		struct block *b = add(v, list, parent, BLK_ARTICLE, n->kids[i]);
		titled(v, b, n->kids[i], _("an article"), &keys_article, article_parts, 3);
	}
}

static void
add_chapters(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	if (v_list(v, n, "chapters") == NULL)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *e = n->kids[i];
		if (!admit(v, parent, BLK_CHAPTER, e))
			return;
		struct block *b = add(v, list, parent, BLK_CHAPTER, e);
		if (v_check_set(v, e, _("a chapter"), &keys_chapter) < 0)
			continue;
		b->title = v_text(v, v_need(v, e, "title", _("a chapter")), "title");
		no_typed_number(v, b->title);
		const struct node *as = v_get(e, "articles"), *ss = v_get(e, "sections");
		if (as && ss)
			diag(v->d, D_BODY_BOTH, v_at(v, ss), _("a chapter"), _("'articles' and 'sections'"));
		else if (!as && !ss)
			diag(v->d, D_MISSING_KEY, v_at(v, e), _("a chapter"), "articles");
		if (as)
			add_articles(v, &b->kids, b, as);
		if (ss && v_list(v, ss, "sections"))
			for (size_t k = 0; k < ss->n; k++)
				add_section(v, &b->kids, b, ss->kids[k]);
	}
}

static const struct part_key numbered_parts[] = {{"items", add_items0}, {"numbered", add_numbered},
    {"table", add_table}};

static void
add_numbered(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	if (v_list(v, n, "numbered") == NULL)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *e = n->kids[i];
		if (!admit(v, parent, BLK_NUMBERED, e))
			return;
		struct block *nb = add(v, list, parent, BLK_NUMBERED, e);
		if (e->type == NODE_MAP) {
			if (load_colon_slip(v->src, e, v->d) || v_check_set(v, e, _("a numbered paragraph"), &keys_numbered) < 0)
				continue;
			nb->text = v_text(v, v_need(v, e, "text", _("a numbered paragraph")), "text");
			parts_in_order(v, nb, e, numbered_parts, 3);
		} else {
			nb->text = v_text(v, e, _("a numbered paragraph"));
		}
		no_typed_number(v, nb->text);
	}
}

/* A table: tables.c (validate_table) reads it. */
static void
add_table(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	if (!admit(v, parent, BLK_TABLE, n))
		return;
	struct block *b = add(v, list, parent, BLK_TABLE, n);
	b->u.table = v_table(v, n);
}

/* One element of a block list: a mapping with exactly one key, which
 * names its type. */
static void add_bases(struct V *v, struct blocks *list, struct block *parent, const struct node *n);
static void add_fields(struct V *v, struct blocks *head, struct block *parent, const struct node *n);
static void add_annexes(struct V *v, struct blocks *list, struct block *parent, const struct node *n);

/* One validator per block type: the key that holds it (in a block list
 * when in_lists), and the function that reads its node into blocks of
 * list under parent. */
typedef void (*validator)(struct V *, struct blocks *, struct block *, const struct node *);
static const struct {
	const char *key;
	int in_lists; /* an element of `body` or of a section's `blocks` */
	validator add;
} validators[BLK__COUNT] = {
    [BLK_TEXT] = {"text", 1, add_text_block},
    [BLK_ITEMS] = {"items", 1, add_items0},
    [BLK_ITEM] = {"items", 0, add_item},
    [BLK_NUMBERED] = {"numbered", 1, add_numbered},
    [BLK_SECTION] = {"section", 1, add_section},
    [BLK_SHORTCOMING] = {"shortcoming", 1, add_shortcoming},
    [BLK_ASSIGNMENT] = {"assignment", 1, add_assignment},
    [BLK_BASES] = {"bases", 0, add_bases},
    [BLK_ARTICLE] = {"articles", 0, add_articles},
    [BLK_CLAUSE] = {"clauses", 0, add_clauses},
    [BLK_POINT] = {"points", 0, add_points},
    [BLK_CHAPTER] = {"chapters", 0, add_chapters},
    [BLK_TABLE] = {"table", 1, add_table},
    [BLK_FIELD] = {"fields", 0, add_fields},
    [BLK_ANNEX] = {"annexes", 0, add_annexes},
};

int
validate_handles(enum block_type t)
{
	return t < BLK__COUNT && validators[t].add != NULL;
}

static void add_block_list(struct V *v, struct blocks *list, struct block *parent, const struct node *n);

static void
add_one_block(struct V *v, struct blocks *list, struct block *parent, const struct node *e)
{
	if (v_check_set(v, e, _("a block"), &keys_block) < 0)
		return;
	if (e->n != 2) {
		if (e->n == 0)
			/* TRANSLATORS: in place of the second key of a block: none */
			diag(v->d, D_BLOCK_ONE_KEY, v_at(v, e), _("none"));
		else
			diag(v->d, D_BLOCK_ONE_KEY, v_at(v, e->kids[2]), e->kids[2]->s);
		return;
	}
	const char *key = e->kids[0]->s;
	for (int t = 0; t < BLK__COUNT; t++)
		if (validators[t].in_lists && strcmp(validators[t].key, key) == 0) {
			if (admit(v, parent, (enum block_type)t, e->kids[0]))
				validators[t].add(v, list, parent, e->kids[1]);
			return;
		}
}

static void
add_block_list(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	if (v_list(v, n, "body") == NULL)
		return;
	for (size_t i = 0; i < n->n; i++)
		add_one_block(v, list, parent, n->kids[i]);
}

static void
add_section(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	if (!admit(v, parent, BLK_SECTION, n))
		return;
	struct block *s = add(v, list, parent, BLK_SECTION, n);
	if (v_check_set(v, n, _("a section"), &keys_section) < 0)
		return;
	s->title = v_text(v, v_need(v, n, "title", _("a section")), "title");
	no_typed_number(v, s->title);
	s->runin = s->title && text_ends_with(s->title, ":");
	const struct node *x;
	if ((x = v_get(n, "blocks")) != NULL) {
		/* the blocks in the order written, instead of the v1 parts */
		for (size_t i = 0; i + 1 < n->n; i += 2) {
			const char *k = n->kids[i]->s;
			if (strcmp(k, "title") && strcmp(k, "blocks") && strcmp(k, "id"))
				diag(v->d, D_BODY_BOTH, v_at(v, n->kids[i]), _("a section"),
				    _("'blocks' and its v1 parts ('text', 'items', ...)"));
		}
		add_block_list(v, &s->kids, s, x);
	} else {
		/* the parts print in the order of the content format's table */
		add_text(v, &s->kids, s, v_get(n, "text"), "text", "text");
		if ((x = v_get(n, "items")) != NULL)
			add_items(v, &s->kids, s, x, 0, "items");
		if ((x = v_get(n, "numbered")) != NULL)
			add_numbered(v, &s->kids, s, x);
		if ((x = v_get(n, "shortcomings")) != NULL && v_list(v, x, "shortcomings"))
			for (size_t i = 0; i < x->n; i++)
				add_shortcoming(v, &s->kids, s, x->kids[i]);
		if ((x = v_get(n, "sections")) != NULL && v_list(v, x, "sections"))
			for (size_t i = 0; i < x->n; i++)
				add_section(v, &s->kids, s, x->kids[i]);
		add_assignment(v, &s->kids, s, v_get(n, "assignment"));
	}
	v_block_id(v, s, v_get(n, "id"));
	int has_task = 0;
	for (size_t i = 0; i < s->kids.n; i++)
		has_task |= s->kids.v[i]->type == BLK_ASSIGNMENT;
	if (s->id && !has_task)
		diag(v->d, D_SECTION_ID, s->idpos);
}

/* ---- the head of a decision: authority line, bases, operative line ---- */

/* A line of fixed words (the authority, the operative line) as a block. */
static struct block *
add_line(struct blocks *list, const char *key, const char *words, struct style st, struct pos pos)
{
	struct block *b = block_new(BLK_FIELD, pos);
	blocks_add(list, b, NULL);
	b->text = v_plain_text(words, pos);
	struct field_line *f = b->u.field = xcalloc(1, sizeof *f);
	f->key = xstrdup(key);
	f->style = FIELD_CENTERED;
	f->face = st.face;
	f->size = st.size;
	return b;
}

/* Drops the punctuation a clerk typed at the end of a base (the family
 * adds its own), with a warning. */
static void
drop_final_mark(struct V *v, struct text *t)
{
	char mark[2] = {text_drop_final(t, ";,."), 0};
	if (mark[0])
		diag(v->d, D_TYPED_MARK, t->pos, mark);
}

static void
add_bases(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	(void)parent;
	if (v_list(v, n, "bases") == NULL || !admit(v, NULL, BLK_BASES, n))
		return;
	struct block *b = add(v, list, NULL, BLK_BASES, n);
	b->u.bases.v = xcalloc(n->n, sizeof *b->u.bases.v);
	for (size_t i = 0; i < n->n; i++) {
		struct text *t = v_text(v, n->kids[i], _("a base"));
		if (t == NULL)
			continue;
		drop_final_mark(v, t);
		b->u.bases.v[b->u.bases.n++] = t;
	}
}

/* ---- the fixed lines of a kind (fields) and of a công điện ---- */

/* "YYYY-MM-DD HH:MM" */
static int
parse_time(const char *s, struct date *d, int *hh, int *mm)
{
	int y, mo, da, h, mi;
	char rest;
	if (strlen(s) != 16 || sscanf(s, "%4d-%2d-%2d %2d:%2d%c", &y, &mo, &da, &h, &mi, &rest) != 5 || s[4] != '-' ||
	    s[7] != '-' || s[10] != ' ' || s[13] != ':')
		return -1;
	if (y < 1900 || mo < 1 || mo > 12 || da < 1 || da > fmt_days_in(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59)
		return -1;
	*d = (struct date){y, mo, da};
	*hh = h;
	*mm = mi;
	return 0;
}

/* A time that parse_time refused: a day that does not exist said so
 * ("February 2024 has only 29 days"), any other the form it must have. */
static void
bad_time(struct V *v, const struct node *n, const char *key)
{
	int y, mo, da, h, mi;
	char *why = NULL;
	if (n->type == NODE_SCALAR && strlen(n->s) == 16 && sscanf(n->s, "%4d-%2d-%2d %2d:%2d", &y, &mo, &da, &h, &mi) == 5 &&
	    n->s[4] == '-' && n->s[7] == '-' && n->s[10] == ' ' && n->s[13] == ':')
		why = fmt_date_problem(y, mo, da);
	if (why)
		diag(v->d, D_NO_SUCH_DATE, v_at(v, n), key, n->s, why);
	else
		diag(v->d, D_BAD_TIME, v_at(v, n), key, n->type == NODE_SCALAR ? n->s : node_kind_name(n));
	free(why);
}

/* Minutes since a fixed day, to compare two times. */
static long
time_key(const struct date *d, int hh, int mm)
{
	return (((long)d->y * 13 + d->m) * 32 + d->d) * 1440L + hh * 60 + mm;
}

/* A time in the family's words: "08 giờ 00, thứ Sáu, ngày 12 tháng 7 năm
 * 2024" (the weekday derived from the date), or without the weekday. */
static char *
time_words(const struct family *f, const struct date *d, int hh, int mm, int weekday)
{
	char h[8], mi[8], day[8], month[8], year[8];
	snprintf(h, sizeof h, "%02d", hh);
	snprintf(mi, sizeof mi, "%02d", mm);
	snprintf(year, sizeof year, "%04d", d->y);
	snprintf(day, sizeof day, d->d < f->day_digits_below ? "%02d" : "%d", d->d);
	int pad = 0;
	for (size_t i = 0; i < f->nzero_months; i++)
		pad |= f->zero_months[i] == d->m;
	snprintf(month, sizeof month, pad ? "%02d" : "%d", d->m);
	/* Zeller's congruence: 0 Sunday ... 6 Saturday */
	int y = d->y, m = d->m;
	if (m < 3)
		m += 12, y--;
	int wd = (d->d + 13 * (m + 1) / 5 + y + y / 4 - y / 100 + y / 400 + 6) % 7;
	size_t nwd = 0;
	while (f->weekdays[nwd])
		nwd++;
	const char *keys[] = {"hour", "minute", "weekday", "day", "month", "year"};
	const char *vals[] = {h, mi, nwd == 7 ? f->weekdays[wd] : "", day, month, year};
	return fmt_expand(weekday ? f->time_format : f->time_plain, keys, vals, 6);
}

/* Puts the words of a line around its value: pre before the first
 * paragraph's words, post after the last's. */
static void
frame_text(struct text *t, const char *pre, const char *post)
{
	cmark_node *first = cmark_node_first_child(t->root), *last = cmark_node_last_child(t->root);
	if (first && *pre) {
		cmark_node *n = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(n, pre);
		cmark_node_prepend_child(first, n);
	}
	if (last && *post) {
		cmark_node *n = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(n, post);
		cmark_node_append_child(last, n);
	}
}

/* One fixed line as a block: the template's words, the source's value. */
static struct block *
field_block(struct V *v, const struct field_spec *fs, const struct node *val, struct pos pos, long *when)
{
	struct doc *doc = v->doc;
	const struct family *f = doc->family;
	const char *by = fmt_issuer_text(doc);
	if (strstr(fs->line, "{issuer}") && by == NULL) {
		diag(v->d, D_NO_ISSUER_TEXT, doc->issuer.pos, _("the line '{issuer} ...'"));
		return NULL;
	}
	/* the line's words before and after {value}, {issuer} in them */
	const char *at = strstr(fs->line, "{value}");
	char *before = at ? xstrndup(fs->line, (size_t)(at - fs->line)) : xstrdup(fs->line);
	const char *after = at ? at + 7 : "";
	const char *ik[] = {"issuer"};
	const char *iv[] = {by ? by : ""};
	char *pre = fmt_expand(before, ik, iv, 1), *post = fmt_expand(after, ik, iv, 1);
	free(before);
	struct block *b = block_new(BLK_FIELD, pos);
	struct field_line *fl = b->u.field = xcalloc(1, sizeof *fl);
	fl->key = xstrdup(fs->key ? fs->key : "");
	fl->style = fs->centered ? FIELD_CENTERED : FIELD_PARAGRAPH;
	fl->face = f->body.face;
	fl->size = f->body.size;
	char *words = NULL;
	if (val == NULL) {
		words = xasprintf("%s%s", pre, post);
	} else if (fs->type == FT_LIST && val->type == NODE_SEQ) {
		/* the label on its line, the values as a dash list under it */
		char *label = xasprintf("%s%s", pre, post);
		size_t n = strlen(label);
		while (n > 0 && label[n - 1] == ' ')
			label[--n] = '\0';
		b->text = v_plain_text(label, pos);
		free(label);
		fl->style = FIELD_LIST;
		fl->items = xcalloc(val->n + 1, sizeof *fl->items);
		for (size_t i = 0; i < val->n; i++) {
			struct text *t = v_text(v, val->kids[i], fs->key);
			if (t)
				fl->items[fl->nitems++] = t;
		}
	} else if (fs->type == FT_TEXT || fs->type == FT_LIST) {
		b->text = v_text(v, val, fs->key);
		if (b->text)
			frame_text(b->text, pre, post);
	} else if (fs->type == FT_DATE) {
		struct date d;
		if (v_date(v, val, fs->key, 0, &d) == 0 && d.y) {
			char *ds = fmt_date_in_text_as(f, &d, f->field_date);
			words = xasprintf("%s%s%s", pre, ds, post);
			free(ds);
		}
	} else {
		/* a time, or {from, to} for several days */
		int plain = fs->type == FT_TIME_PLAIN;
		const struct node *from = val->type == NODE_MAP ? v_get(val, "from") : val;
		const struct node *to = val->type == NODE_MAP ? v_get(val, "to") : NULL;
		if (val->type == NODE_MAP && (v_check_set(v, val, fs->key, &keys_time_range) < 0 || !from || !to)) {
			if (!from || !to)
				diag(v->d, D_MISSING_KEY, v_at(v, val), fs->key, from ? "to" : "from");
		} else {
			struct date d1, d2;
			int h1, m1, h2, m2;
			int bad1 = from->type != NODE_SCALAR || parse_time(from->s, &d1, &h1, &m1) < 0;
			int bad2 = to && (to->type != NODE_SCALAR || parse_time(to->s, &d2, &h2, &m2) < 0);
			if (bad1 && !v_placeholder(from))
				bad_time(v, from, fs->key);
			if (bad2 && !v_placeholder(to))
				bad_time(v, to, fs->key);
			if (!bad1 && !bad2) {
				char *w1 = time_words(f, &d1, h1, m1, !plain), *w = w1;
				if (to) {
					char *w2 = time_words(f, &d2, h2, m2, !plain);
					const char *rk[] = {"from", "to"};
					const char *rv[] = {w1, w2};
					w = fmt_expand(f->time_range, rk, rv, 2);
					free(w1);
					free(w2);
					if (time_key(&d2, h2, m2) < time_key(&d1, h1, m1))
						diag(v->d, D_TIME_ORDER, v_at(v, to), "to", "from");
				}
				words = xasprintf("%s%s%s", pre, w, post);
				free(w);
				if (when)
					*when = time_key(&d1, h1, m1);
			}
		}
	}
	if (words) {
		b->text = v_plain_text(words, pos);
		free(words);
	}
	free(pre);
	free(post);
	if (b->text == NULL) {
		block_free(b);
		return NULL;
	}
	return b;
}

/* The fields of a kind: the head ones (after the preamble) and the end
 * ones (the closing sentence) as blocks. */
static void
add_fields(struct V *v, struct blocks *head, struct block *parent, const struct node *n)
{
	(void)parent;
	struct blocks *end = &v->end_fields;
	const struct kind *k = v->kind;
	if (k->nfields == 0) {
		if (n)
			diag(v->d, D_NO_FIELDS, v_at(v, n), k->id);
		return;
	}
	if (n == NULL) {
		v_need(v, v->src->root, "fields", _("the document"));
		return;
	}
	const char **keys = xcalloc(k->nfields + 1, sizeof *keys);
	size_t nk = 0;
	for (size_t i = 0; i < k->nfields; i++)
		if (k->fields[i].key)
			keys[nk++] = k->fields[i].key;
	int ok = v_check_map(v, n, "fields", keys, nk) == 0;
	free(keys);
	if (!ok)
		return;
	long start = -1, stop = -1;
	const struct node *stop_node = NULL, *start_node = NULL;
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field_spec *fs = &k->fields[i];
		const struct node *val = fs->key ? v_get(n, fs->key) : NULL;
		if (fs->key && val == NULL) {
			if (fs->required)
				diag(v->d, D_MISSING_KEY, v_at(v, n), "fields", fs->key);
			continue;
		}
		long when = -1;
		struct block *b = field_block(v, fs, val, pos_of(v, val ? val : n), &when);
		if (b == NULL)
			continue;
		blocks_add(fs->at_end ? end : head, b, NULL);
		if (when >= 0 && fs->at_end && stop < 0)
			stop = when, stop_node = val;
		else if (when >= 0 && !fs->at_end && start < 0)
			start = when, start_node = val;
	}
	/* a meeting does not end before it starts */
	if (start >= 0 && stop >= 0 && stop < start) {
		const char *a = "", *b = "";
		for (size_t i = 0; i + 1 < n->n; i += 2) {
			if (n->kids[i + 1] == stop_node)
				a = n->kids[i]->s;
			if (n->kids[i + 1] == start_node)
				b = n->kids[i]->s;
		}
		diag(v->d, D_TIME_ORDER, v_at(v, stop_node), a, b);
	}
}

/* A công điện: "<authority> điện:" centred, the recipients of the message
 * under it, indented, '- ...;' each and the last '.'. */
static void
add_telegram(struct V *v, struct blocks *body)
{
	struct doc *doc = v->doc;
	const struct family *f = doc->family;
	const char *keys[] = {"authority"};
	const char *vals[] = {doc->authority ? doc->authority : ""};
	char *line = fmt_expand(v->kind->telegram_line, keys, vals, 1);
	struct block *b = block_new(BLK_FIELD, (struct pos){doc->file, 0, 0});
	blocks_add(body, b, NULL);
	b->text = v_plain_text(line, b->pos);
	free(line);
	struct field_line *fl = b->u.field = xcalloc(1, sizeof *fl);
	fl->key = xstrdup("telegram");
	fl->style = FIELD_LIST;
	fl->face = f->body.face;
	fl->size = f->body.size;
	fl->indent = v->kind->telegram_indent;
	fl->centered_label = 1;
	fl->items = xcalloc(doc->naddressees + 1, sizeof *fl->items);
	for (size_t i = 0; i < doc->naddressees; i++) {
		/* the block holds its own copy: the addressees stay the document's */
		const struct text *a = doc->addressees[i];
		if (a == NULL)
			continue; /* reported */
		struct text *t = xcalloc(1, sizeof *t);
		t->pos = a->pos;
		t->root = text_copy(a->root);
		fl->items[fl->nitems++] = t;
	}
}

/* The body's keys: at most one of them holds its parts. */
static const char *const body_keys[] = {"sections", "numbered", "articles", "chapters", "body"};

void
v_body(struct V *v, const struct node *root, struct blocks *body, int main)
{
	struct doc *doc = v->doc;
	const struct family *f = doc->family;
	const struct node *which = NULL, *x;
	for (size_t i = 0; i < 5; i++) {
		if ((x = v_get(root, body_keys[i])) == NULL)
			continue;
		if (which) {
			/* TRANSLATORS: two keys, "'sections' and 'numbered'" */
			char *both = xasprintf(_("'%s' and '%s'"), which == v_get(root, "sections") ? "sections"
			    : which == v_get(root, "numbered") ? "numbered" : which == v_get(root, "articles") ? "articles"
			    : which == v_get(root, "chapters") ? "chapters" : "body", body_keys[i]);
			diag(v->d, D_BODY_BOTH, v_at(v, x), _("a document"), both);
			free(both);
			continue;
		}
		which = x;
	}
	const struct node *bases = v_get(root, "bases"), *action = v_get(root, "action");
	int decides = bases || v_get(root, "articles") || v_get(root, "chapters");
	/* the operative line: the kind's words, or the source's, or none */
	char *words = v->kind->action ? xstrdup(v->kind->action) : NULL;
	if (action) {
		free(words);
		words = NULL;
		if (!(action->type == NODE_SCALAR && action->style == STYLE_PLAIN && strcmp(action->s, "false") == 0)) {
			words = v_string(v, action, "action");
			size_t k = words ? strlen(words) : 0;
			while (k > 0 && (words[k - 1] == ':' || words[k - 1] == ' '))
				words[--k] = '\0'; /* the family adds its own colon */
			if (words && v->kind->action == NULL)
				diag(v->d, D_NO_ACTION, v_at(v, action), v->kind->id);
		}
	}
	if (words && decides && main) {
		const char *auth = doc->authority;
		struct pos p = pos_of(v, action ? action : bases ? bases : root);
		if (f->authority_line && auth)
			add_line(body, "authority", auth, f->authority_style, p);
		if (bases)
			add_bases(v, body, NULL, bases);
		const char *keys[] = {"authority", "action"};
		const char *vals[] = {auth ? auth : "", words};
		char *line = fmt_expand(f->action_format, keys, vals, 2);
		struct block *b = add_line(body, "action", line, f->action_style, p);
		b->u.field->keep_first = 1;
		b->u.field->space_before = f->action_before;
		free(line);
	} else if (bases) {
		add_bases(v, body, NULL, bases);
	}
	free(words);
	struct blocks head = {0};
	if (main) {
		if (v->kind->telegram_line)
			add_telegram(v, body);
		validators[BLK_FIELD].add(v, &head, NULL, v_get(root, "fields"));
	}
	add_text(v, body, NULL, v_get(root, "preamble"), "preamble", "preamble");
	for (size_t i = 0; i < head.n; i++)
		blocks_add(body, head.v[i], NULL);
	free(head.v);
	if ((x = v_get(root, "sections")) != NULL && x == which && v_list(v, x, "sections"))
		for (size_t i = 0; i < x->n; i++)
			add_section(v, body, NULL, x->kids[i]);
	if ((x = v_get(root, "numbered")) != NULL && x == which)
		add_numbered(v, body, NULL, x);
	if ((x = v_get(root, "articles")) != NULL && x == which)
		add_articles(v, body, NULL, x);
	if ((x = v_get(root, "chapters")) != NULL && x == which)
		add_chapters(v, body, NULL, x);
	if ((x = v_get(root, "body")) != NULL && x == which)
		add_block_list(v, body, NULL, x);
	add_text(v, body, NULL, v_get(root, "closing"), "closing", "closing");
	for (size_t i = 0; i < v->end_fields.n; i++)
		blocks_add(body, v->end_fields.v[i], NULL);
	free(v->end_fields.v);
	memset(&v->end_fields, 0, sizeof v->end_fields);
}

/* ---- annexes ---- */

/* What a phụ lục's body admits: the parts of any body, articles too. */
static const struct kind annex_kind = {.id = "phụ lục",
    .admits = KIND_ADMITS_DEFAULT | BLOCK_BIT(BLK_ARTICLE) | BLOCK_BIT(BLK_CHAPTER)};

static int
flag(struct V *v, const struct node *n, const char *key)
{
	static const char *const vals[] = {"false", "true"};
	return n ? v_choice(v, n, key, vals, 2) == 1 : 0;
}

static void
add_annexes(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	(void)parent;
	v_annexes(v, n, list);
}

void
v_annexes(struct V *v, const struct node *n, struct blocks *annexes)
{
	if (v_list(v, n, "annexes") == NULL)
		return;
	struct doc *doc = v->doc;
	const struct kind *own = v->kind;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *e = n->kids[i];
		struct block *b = add(v, annexes, NULL, BLK_ANNEX, e);
		struct annex *a = b->u.annex = xcalloc(1, sizeof *a);
		if (e->type == NODE_MAP && v_get(e, "kind")) {
			/* a document issued with this one: its own kind, its own
			 * numbering and references */
			if (v_check_set(v, e, _("an attached document"), &keys_attached) < 0)
				continue;
			a->attached = 1;
			a->kind = v_kind(v, v_get(e, "kind"));
			a->title = v_text(v, v_need(v, e, "subject", _("an attached document")), "subject");
			a->type_name = v_string(v, v_get(e, "type_name"), "type_name");
			v->kind = a->kind ? a->kind : &annex_kind;
			v->env.scope = b;
		} else {
			if (v_check_set(v, e, _("an annex"), &keys_annex) < 0)
				continue;
			a->title = v_text(v, v_need(v, e, "title", _("an annex")), "title");
			v->kind = &annex_kind;
		}
		a->landscape = flag(v, v_get(e, "landscape"), "landscape");
		v_block_id(v, b, v_get(e, "id"));
		const struct node *x;
		if ((x = v_get(e, "ends_with")) != NULL) {
			if (x->type == NODE_SCALAR && x->style == STYLE_PLAIN && strcmp(x->s, "false") == 0)
				a->end_mark = xstrdup("");
			else
				a->end_mark = v_string(v, x, "ends_with");
		}
		if (a->end_mark == NULL && doc->family) {
			/* state annexes end with ./.; party ones take their template's
			 * mark (an attached document its kind's) */
			const char *m = doc->family->annex_end_mark;
			if (a->attached && a->kind && a->kind->end_mark[doc->family_id])
				m = a->kind->end_mark[doc->family_id];
			else if (a->attached && *doc->family->annex_end_mark == '\0')
				m = "";
			a->end_mark = xstrdup(m);
		}
		v_body(v, e, &b->kids, 0);
		for (size_t k = 0; k < b->kids.n; k++)
			b->kids.v[k]->parent = NULL; /* the top of its own body */
		v->kind = own;
		v->env.scope = NULL;
	}
}
