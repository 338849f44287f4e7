/* validate_body.c: the body of a document as blocks. One validator per
 * block type (the table vtab), each turning the YAML node of its content
 * into a block and its kids; containment is block_can_contain's. The
 * numbers are not given here: number.c derives them once the tree is
 * whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate_int.h"

static const char *const task_keys[] = {"lead", "partners", "due", "text"};

/* A lead or a partner: an agency ID, or text; its plain words. */
static char *
party_to_task(struct V *v, const struct node *n, char **id)
{
	struct text *t = v_is_id(n) ? v_agency_text(v, n) : v_text(v, n, "lead");
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
	if (v_check_map(v, n, "an assignment", task_keys, 4) < 0)
		return;
	struct task *t = *task = xcalloc(1, sizeof *t);
	const struct node *x;
	if ((x = v_need(v, n, "lead", "an assignment")) != NULL)
		t->lead = party_to_task(v, x, &t->lead_id);
	if ((x = v_get(n, "partners")) != NULL && v_list(v, x, "partners")) {
		t->partners = xcalloc(x->n, sizeof *t->partners);
		for (size_t i = 0; i < x->n; i++) {
			char *p = party_to_task(v, x->kids[i], NULL);
			if (p)
				t->partners[t->npartners++] = p;
		}
	}
	if ((x = v_need(v, n, "due", "an assignment")) != NULL)
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
	cmark_node *root = cmark_node_new(CMARK_NODE_DOCUMENT);
	cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(t, s);
	cmark_node_append_child(p, t);
	cmark_node_append_child(root, p);
	struct text *x = xcalloc(1, sizeof *x);
	x->pos = pos;
	x->root = root;
	return x;
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

static const char *const item_keys[] = {"text", "items"};

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
	for (size_t i = 0; i < n->n; i++) {
		const struct node *e = n->kids[i];
		struct block *it = add(v, &l->kids, l, BLK_ITEM, e);
		if (e->type == NODE_MAP) {
			if (v_check_map(v, e, "an item", item_keys, depth == 0 ? 2 : 1) < 0)
				continue;
			it->text = v_text(v, v_need(v, e, "text", "an item"), "text");
			const struct node *sub = v_get(e, "items");
			if (sub && depth == 0)
				add_items(v, &it->kids, it, sub, 1, role);
		} else {
			it->text = v_text(v, e, role == NULL || strcmp(role, "remedies") ? "an item" : "a remedy");
		}
	}
}

static const char *const numbered_keys[] = {"text", "numbered"};

static void
add_numbered(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	if (v_list(v, n, "numbered") == NULL)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *e = n->kids[i];
		struct block *nb = add(v, list, parent, BLK_NUMBERED, e);
		if (e->type == NODE_MAP) {
			if (v_check_map(v, e, "a numbered paragraph", numbered_keys, 2) < 0)
				continue;
			nb->text = v_text(v, v_need(v, e, "text", "a numbered paragraph"), "text");
			const struct node *kids = v_get(e, "numbered");
			if (kids)
				add_numbered(v, &nb->kids, nb, kids);
		} else {
			nb->text = v_text(v, e, "a numbered paragraph");
		}
	}
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

static const char *const shortcoming_keys[] = {"finding", "remedy", "remedies", "assignment", "id"};

static void
add_shortcoming(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	struct block *sc = add(v, list, parent, BLK_SHORTCOMING, n);
	if (v_check_map(v, n, "a shortcoming", shortcoming_keys, 5) < 0)
		return;
	sc->text = v_text(v, v_need(v, n, "finding", "a shortcoming"), "finding");
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

static const char *const section_keys[] = {"title", "text", "items", "numbered", "shortcomings", "sections",
    "assignment", "id"};

static void
add_section(struct V *v, struct blocks *list, struct block *parent, const struct node *n)
{
	struct block *s = add(v, list, parent, BLK_SECTION, n);
	if (v_check_map(v, n, "a section", section_keys, 8) < 0)
		return;
	s->title = v_text(v, v_need(v, n, "title", "a section"), "title");
	s->runin = s->title && text_ends_with(s->title, ":");
	/* the parts print in the order of the content format's table */
	add_text(v, &s->kids, s, v_get(n, "text"), "text", "text");
	const struct node *x;
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
	v_block_id(v, s, v_get(n, "id"));
	if (s->id && v_get(n, "assignment") == NULL)
		diag(v->d, D_SECTION_ID, s->idpos);
}

void
v_body(struct V *v, const struct node *root, struct blocks *body)
{
	add_text(v, body, NULL, v_get(root, "preamble"), "preamble", "preamble");
	const struct node *ss = v_get(root, "sections"), *nb = v_get(root, "numbered");
	if (ss && nb)
		diag(v->d, D_BODY_BOTH, v_at(v, nb));
	if (ss && v_list(v, ss, "sections"))
		for (size_t i = 0; i < ss->n; i++)
			add_section(v, body, NULL, ss->kids[i]);
	if (nb)
		add_numbered(v, body, NULL, nb);
	add_text(v, body, NULL, v_get(root, "closing"), "closing", "closing");
}
