/* validate_int.h: what validate.c (the document, its header and closing
 * block) shares with validate_body.c (the blocks of a body). Included by
 * those two files only. */
#ifndef VANBAN_VALIDATE_INT_H
#define VANBAN_VALIDATE_INT_H

#include "keys.h"
#include "text.h"
#include "validate.h"

struct registry;

struct V {
	struct diag *d;
	const struct source *src;
	const struct registry *reg;
	struct doc *doc;
	struct text_env env;
	struct templates *tp;
	/* keys that an unknown key was taken for ("subjet" -> "subject"): their
	 * absence is that same mistake and is not reported twice */
	const struct node *suggested_in[32];
	const char *suggested[32];
	size_t nsuggested;
	const struct kind *kind; /* the kind of the body being read (an attached one's own) */
	struct blocks end_fields; /* the fixed lines that close the body (its closing sentence) */
	/* the scalars that become printed text, for the glyph check once the
	 * family (and with it the fonts) is known */
	struct said {
		const struct source *src;
		const struct node *n;
	} *said;
	size_t nsaid, capsaid;
};
/* The checks of single values: each reports at the node and returns NULL
 * or -1 on a problem, so that validation goes on. */
struct pos v_at(const struct V *v, const struct node *n);
int v_check_map(struct V *v, const struct node *n, const char *what, const char *const *keys, size_t nkeys);
/* The same against a table of keys.h (the schema and the skeletons are
 * written from the same tables). */
int v_check_set(struct V *v, const struct node *n, const char *what, const struct keyset *ks);
const struct node *v_get(const struct node *map, const char *key);
const struct node *v_need(struct V *v, const struct node *map, const char *key, const char *what);
int v_is_null(const struct node *n);
/* A scalar holding a placeholder «...» of a skeleton (vanban new): each is
 * reported once, where it stands, and its value is not checked further. */
int v_placeholder(const struct node *n);
char *v_string(struct V *v, const struct node *n, const char *key);
struct text *v_text(struct V *v, const struct node *n, const char *key);
int v_date(struct V *v, const struct node *n, const char *key, int year_ok, struct date *out);
int v_integer(struct V *v, const struct node *n, const char *key, int lo, int hi, int *out);
int v_choice(struct V *v, const struct node *n, const char *key, const char *const *vals, size_t nv);
const struct node *v_list(struct V *v, const struct node *n, const char *key);
int v_is_id(const struct node *n);
int v_valid_id(const char *s); /* [a-z0-9-]+ */
struct text *v_agency_text(struct V *v, const struct node *idn);
/* A text of one paragraph holding s as it is (no markup read). */
struct text *v_plain_text(const char *s, struct pos pos);

/* validate_body.c: the body of a document or of an attached one (its
 * authority and operative lines, bases, preamble, sections, numbered
 * paragraphs, articles, chapters or blocks, closing text) as blocks. */
void v_body(struct V *v, const struct node *root, struct blocks *body, int main);
/* The annexes: phụ lục and attached documents, each its body's blocks. */
void v_annexes(struct V *v, const struct node *n, struct blocks *annexes);
/* validate_table.c: a table; NULL when it is not a mapping. */
struct table *v_table(struct V *v, const struct node *n);
/* The kind a node names; NULL (reported, with the nearest known one)
 * when there is no such template. */
const struct kind *v_kind(struct V *v, const struct node *n);
/* The kinds whose template admits block type t, comma-separated (owned). */
char *v_kinds_admitting(struct V *v, enum block_type t);

#endif
