/* doc.h: the validated document model. validate.c builds it from the node
 * tree; resolve (in text.c) fixes citations and footnote numbers; the
 * renderers (out_md.c, out_html.c, layout.c) read it and never look at
 * raw input again. Everything reachable from a struct doc is owned by it,
 * cmark trees included; nothing points into the loader's memory. */
#ifndef VANBAN_DOC_H
#define VANBAN_DOC_H

#include <cmark.h>

#include "common.h"
#include "tmpl.h"

enum family_id { FAMILY_PARTY, FAMILY_STATE };

struct date {
	int y, m, d; /* y == 0: no date; m == d == 0: a bare year */
};

/* A text field: CommonMark parsed by cmark into a CMARK_NODE_DOCUMENT whose
 * children are paragraphs. Extensions live in CMARK_NODE_CUSTOM_INLINE
 * nodes: before resolution, on_exit "cite" (user_data: struct directive *)
 * or "fn" (user_data: struct footnote *); after resolution only "fn"
 * remains, citations having become ordinary inline nodes. */
struct text {
	struct pos pos;   /* the scalar in the source */
	cmark_node *root; /* owned */
};

struct issuer {
	struct pos pos;
	char *superior, *name, *code, *place; /* owned; superior may be NULL */
	int family;                           /* -1 when not given */
};

struct directive {
	struct pos pos;
	char *id, *type, *number, *by; /* owned; by may be NULL */
	struct date date;
	struct text *about; /* owned; may be NULL */
	int state;          /* resolution: 0 not yet cited, 1 expanding, 2 cited */
	int registry;       /* from the registry, not the document itself */
	const void *node;   /* during validation only: its YAML node (borrowed) */
};

struct footnote {
	struct pos pos;
	char *id;
	struct text *text;
	int number; /* 1, 2, 3 in order of first reference; 0 never referenced */
};

enum due_kind { DUE_NONE, DUE_DATE, DUE_ALWAYS, DUE_YEARLY };

/* When a task is due: a date, always (thường xuyên), or every year before
 * a day and month (hằng năm trước 10-12). */
struct due {
	enum due_kind kind;
	struct date date; /* DUE_DATE */
	int day, month;   /* DUE_YEARLY */
	struct pos pos;
};

/* An assignment given in structure: who leads, who takes part, by when.
 * The printed sentence is the assignment's text; this keeps its parts
 * for the task table and the calendar. */
struct task {
	char *lead;      /* owned: plain text of the lead */
	char *lead_id;   /* owned: its agency ID, or NULL */
	char **partners; /* owned: plain texts */
	size_t npartners;
	struct due due;
};

struct item {
	struct text *text;
	struct item *items; /* owned: nested items (one level: '+') */
	size_t nitems;
};

struct numbered {
	char number[64]; /* derived: "2.1." */
	struct text *text;
	struct numbered *kids;
	size_t nkids;
};

struct shortcoming {
	char number[64];
	struct pos pos;
	struct text *finding, *remedy;
	struct text **remedies;
	size_t nremedies;
	struct text *assignment;
	struct task *task; /* owned; NULL when the assignment is a plain text */
};

struct section {
	char number[64]; /* derived: "I.", "1.", "2.1." */
	int level;       /* 1 for the top level */
	struct text *title;
	int runin; /* the title ends in ':' and starts the first paragraph */
	struct text *text;
	struct item *items;
	size_t nitems;
	struct numbered *numbered;
	size_t nnumbered;
	struct shortcoming *shortcomings;
	size_t nshortcomings;
	struct section *sections;
	size_t nsections;
	struct text *assignment;
	struct task *task; /* owned; NULL when the assignment is a plain text */
};

struct signature {
	char *authority, *title, *name, *note; /* each may be NULL */
};

struct recipient {
	struct text *to;
	char *note; /* NULL or "b/c" */
	int copies;
};

/* The closing block: Nơi nhận and the signature. A document has one; a
 * bản sao has its own. */
struct sign_off {
	struct signature signature;
	struct recipient *recipients;
	size_t nrecipients;
	char *archive;
	int as_above; /* the list starts with "Như trên" (there are addressees) */
};

enum copy_form { COPY_SAO_Y, COPY_SAO_LUC, COPY_TRICH_SAO };

/* A bản sao block set after the copied document. */
struct copy {
	enum copy_form form;
	struct issuer issuer;
	int number;
	char *symbol; /* owned: "BS/VPTU" */
	struct date date;
	char *place;
	struct sign_off end;
};

struct doc {
	char *file; /* owned: the source path */
	const struct kind *kind;     /* borrowed from the template cache */
	const struct family *family; /* borrowed */
	enum family_id family_id;
	struct issuer issuer;
	int number;   /* 0: left blank */
	char *symbol; /* owned: derived or given, e.g. "KH/TU" */
	int symbol_given;
	struct pos symbol_pos; /* where it was given (file NULL: the document's) */
	struct date date;
	char *place;     /* owned: the issuer's place unless overridden */
	char *issued_by; /* owned; may be NULL */
	struct text *subject;
	char *draft, *circulation; /* owned; may be NULL */
	int urgency, secrecy;      /* 0 none, else 1..3 */
	struct directive *directives;
	size_t ndirectives;
	struct text *preamble;
	struct section *sections;
	size_t nsections;
	struct numbered *numbered;
	size_t nnumbered;
	struct text *closing;
	struct footnote *footnotes;
	size_t nfootnotes;
	struct text **addressees; /* the Kính gửi block; owned */
	size_t naddressees;
	struct sign_off end;
	struct copy *copy; /* owned; NULL when there is no bản sao */
	char **deps;       /* owned: registry files the document took entries from */
	size_t ndeps, capdeps;
};

void doc_free(struct doc *doc);
void text_free(struct text *t);

/* Formatting shared by the renderers (fmt.c). All results owned. */
char *fmt_date_line(const struct doc *doc);       /* "Kon Tum, ngày 05 tháng 7 năm 2023" */
char *fmt_number_line(const struct doc *doc);     /* "Số 155-KH/TU" */
char *fmt_date_of(const struct family *f, const char *place, const struct date *dt);
char *fmt_number_of(const struct family *f, int number, const char *symbol);
char *fmt_date_in_text(const struct family *f, const struct date *dt); /* "22-01-2019" */
char *fmt_upper(const char *s);                   /* Unicode upper case */
/* Each code point through first (the first one) or rest (the others);
 * NULL leaves it as it is. */
char *fmt_map_case(const char *s, int32_t (*first)(int32_t), int32_t (*rest)(int32_t));
int fmt_days_in(int y, int m); /* days of month m (1..12) of year y */
char *fmt_issued_by(const struct doc *doc);        /* "CỦA BAN THƯỜNG VỤ TỈNH ỦY" or NULL */
char *fmt_recipient_tail(const struct family *f, const struct sign_off *e, size_t i); /* " (b/c)," */
char *fmt_archive(const struct family *f, const struct sign_off *e); /* "- Lưu Văn phòng Tỉnh ủy." */
const char *fmt_kind_code(const struct doc *doc); /* the type code in this family */
/* Expands {name} in fmt from the pairs keys[i] -> vals[i]. */
char *fmt_expand(const char *fmt, const char *const *keys, const char *const *vals, size_t n);
void fmt_roman(int n, char *out, size_t size);

#endif
