/* load.h: the YAML loader. It checks the bytes, parses with libyaml's
 * event API and builds a tree of nodes that keep their 1-based positions.
 * Only load_yaml.c includes <yaml.h>; validate.c and tmpl.c read the tree. */
#ifndef VANBAN_LOAD_H
#define VANBAN_LOAD_H

#include "common.h"
#include "diag.h"

/* What hostile or broken input may cost: each limit is an error with its
 * position, never a crash, a hang or exhausted memory. Real documents stay
 * far below (the reference plan has some 300 nodes, 5 levels, 30 KB). */
#define LOAD_MAX_FILE (16 << 20)  /* bytes of one source file */
#define LOAD_MAX_DEPTH 64         /* nesting of mappings and sequences, aliases expanded */
#define LOAD_MAX_NODES 100000     /* nodes of a file, and nodes counting every alias expansion */
#define LOAD_MAX_ITEMS 10000      /* entries of one sequence or mapping */
#define LOAD_MAX_SCALAR (1 << 20) /* bytes of one scalar (text fields have their own, lower cap) */
#define LOAD_MAX_EXPANDED (8 << 20) /* bytes of text that aliases add to a file */
#define LOAD_MAX_REPORTS 20       /* invalid bytes or control characters reported one by one */

enum node_type { NODE_SCALAR, NODE_SEQ, NODE_MAP };
enum node_style { STYLE_PLAIN, STYLE_QUOTED, STYLE_LITERAL, STYLE_FOLDED };

struct node {
	enum node_type type;
	enum node_style style; /* scalars */
	struct pos pos;        /* where the node starts */
	size_t start, end;     /* byte offsets of the node in the source */
	char *s;               /* scalar value, NFC, owned by the source */
	size_t len;
	/* A sequence's items, or a mapping's keys and values interleaved
	 * (kids[2i] key, kids[2i+1] value). Borrowed: an alias shares nodes. */
	struct node **kids;
	size_t n, cap;
};

struct source {
	char *path;      /* owned; diagnostics point into it */
	char *bytes;     /* owned: the file as read */
	size_t len;
	struct node *root; /* NULL when loading failed */
	int bad;           /* a value was refused (reported): the tree may be read, not used */
	struct node **all; /* owned: every node, for freeing */
	size_t nall, cap;
	size_t *line_at; /* owned: byte offset where each line (0-based) starts */
	size_t nlines;
};

/* Reads and parses path. Problems go to d; returns a source whose root is
 * NULL when nothing usable was loaded, or NULL when the file could not be
 * read (a D_IO diagnostic). */
struct source *load_file(const char *path, struct diag *d);
/* load_file for a file that may be absent: then NULL, *missing set and
 * nothing reported. */
struct source *load_file_if(const char *path, int *missing, struct diag *d);
/* The same from bytes in memory (for tests and fuzzing); name is the file
 * name used in diagnostics. */
struct source *load_bytes(const char *name, const char *bytes, size_t len, struct diag *d);
void load_free(struct source *src);

/* The position in the file of byte off of scalar n's value. */
struct pos load_locate(const struct source *src, const struct node *n, size_t off);

/* A list entry or value with ": " in it ("- Thực hiện: báo cáo"), which
 * YAML read as a mapping of one key that is no key of the format: reported
 * (put it in quotes), and nonzero. */
int load_colon_slip(const struct source *src, const struct node *m, struct diag *d);

/* Convenience for validators. */
const char *node_kind_name(const struct node *n); /* "a text", "a list", "a mapping" */
struct node *node_get(const struct node *map, const char *key);

#endif
