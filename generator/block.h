/* block.h: the body of a document as a tree of typed blocks in source
 * order. One table here names each type and decides what may contain
 * what (block_can_contain, as cmark's S_can_contain does); every stage
 * (validate_body.c, number.c, layout_body.c, tree.c, dump.c, text.c)
 * keeps its own table of one handler per type. Included by doc.h. */
#ifndef VANBAN_BLOCK_H
#define VANBAN_BLOCK_H

#include <cmark.h>

#include "common.h"

/* The types, in the order of the stage tables. BLK_NONE stands for the
 * body of a document or of an annex (the root of containment). */
#define BLOCK_TYPES(X)                                                          \
	X(BLK_TEXT, "text")               /* paragraphs */                     \
	X(BLK_ITEMS, "items")             /* a dash list of BLK_ITEM */         \
	X(BLK_ITEM, "item")               /* one dash item, maybe a sub-list */ \
	X(BLK_NUMBERED, "numbered")       /* a numbered paragraph: 1., 2.1. */  \
	X(BLK_SECTION, "section")         /* a titled, numbered section */      \
	X(BLK_SHORTCOMING, "shortcoming") /* a khuyết điểm and its remedy */    \
	X(BLK_ASSIGNMENT, "assignment")   /* who carries it out, by when */     \
	X(BLK_BASES, "bases")             /* the legal bases (căn cứ) */        \
	X(BLK_ARTICLE, "article")         /* Điều 1. */                         \
	X(BLK_CLAUSE, "clause")           /* khoản: 1. */                       \
	X(BLK_POINT, "point")             /* điểm: a) */                        \
	X(BLK_CHAPTER, "chapter")         /* Chương I and its title */          \
	X(BLK_TABLE, "table")             /* a ruled table */                   \
	X(BLK_FIELD, "field")             /* a fixed line: kính mời, điện, ... */ \
	X(BLK_ANNEX, "annex")             /* a phụ lục or attached document */

enum block_type {
#define X(t, name) t,
	BLOCK_TYPES(X)
#undef X
	BLK__COUNT,
	BLK_NONE = BLK__COUNT
};

#define BLOCK_BIT(t) (1u << (t))

struct text;
struct task;
struct table;
struct field_line;
struct annex;

/* An owned, growable list of owned blocks. */
struct blocks {
	struct block **v;
	size_t n, cap;
};

struct block {
	enum block_type type;
	struct pos pos;      /* the YAML node it comes from (file NULL: the document's) */
	struct block *parent; /* borrowed; NULL at the top of a body */
	/* derived by number.c */
	char label[64]; /* as printed: "I.", "2.1.", "Điều 3.", "a)", "Chương II" */
	char path[64];  /* the Arabic path of numbered parts: "2.1" */
	int n;          /* its number among its kind: article 3, clause 2, point 1 (a) */
	int level;      /* sections: 1 at the top of their container */
	/* given */
	char *id;           /* owned: articles, clauses, annexes, tasks; may be NULL */
	struct pos idpos;   /* where the id is given */
	const char *role;   /* BLK_TEXT: "text", "preamble", "closing" (static) */
	struct text *title; /* owned: sections, articles, clauses, chapters */
	int runin;          /* the title ends in ':' and starts the first paragraph */
	struct text *text;  /* owned: the block's own paragraphs; a shortcoming's finding */
	struct text *remedy; /* owned: a shortcoming's single remedy */
	struct blocks kids;  /* in the order they print */
	union {
		struct task *task;         /* BLK_ASSIGNMENT: owned, NULL for a plain text */
		struct table *table;       /* BLK_TABLE: owned */
		struct field_line *field;  /* BLK_FIELD: owned */
		struct annex *annex;       /* BLK_ANNEX: owned */
		int depth;                 /* BLK_ITEMS: 0 for '-', 1 for '+' */
		struct bases_list {        /* BLK_BASES */
			struct text **v;   /* owned */
			size_t n;
		} bases;
	} u;
};

/* The name of a type as the content format writes its key ("article"). */
const char *block_name(enum block_type t);
/* May a block of type child stand directly in parent (BLK_NONE: a body)?
 * The body's own admissions come from the kind (kind_admits). */
int block_can_contain(enum block_type parent, enum block_type child);

struct block *block_new(enum block_type t, struct pos pos);
/* Appends b to list, setting its parent. */
void blocks_add(struct blocks *list, struct block *b, struct block *parent);
void blocks_free(struct blocks *list);
void block_free(struct block *b);

/* Visits every block of list depth-first, parents before kids. */
void blocks_walk(const struct blocks *list, void (*fn)(const struct block *b, void *arg), void *arg);

#endif
