/* doc.h: the validated document model. validate.c builds it from the node
 * tree; resolve (in text.c) fixes citations and footnote numbers; the
 * renderers (out_md.c, out_html.c, layout.c) read it and never look at
 * raw input again. Everything reachable from a struct doc is owned by it,
 * cmark trees included; nothing points into the loader's memory. */
#ifndef VANBAN_DOC_H
#define VANBAN_DOC_H

#include <cmark.h>

#include "block.h"
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
	char *text; /* owned: its name in running text ("Ủy ban nhân dân tỉnh Lâm Đồng"); may be NULL */
	char *id;   /* owned: its registry ID when it came from the registry, else NULL */
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

/* A reference by ID to an article, a clause, a point ([§ID]) or an annex
 * ([#ID]), found while parsing a text and resolved by number.c once the
 * parts are numbered. */
struct xref {
	char *id;             /* owned */
	int annex;            /* [#ID] */
	struct pos pos;
	const struct block *scope; /* the attached document it stands in; NULL: the document */
	void *node;           /* the cmark node that stands for it (borrowed) */
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

void task_free(struct task *t);

/* A table (content-format "table"). Column titles and the unit are plain
 * words; cells are text fields or numbers. */
enum cell_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct table_col {
	char *title;    /* owned */
	double weight;  /* relative width */
	int align;      /* enum cell_align: given, or derived from the cells */
	int numeric;    /* its non-empty cells are all numbers */
	int group;      /* index of its group, or -1 */
	int stt;        /* the column that counts the rows */
	int decimals;   /* most digits after the point among its numbers */
};

struct table_group {
	char *title; /* owned */
	size_t first, last; /* its columns */
};

struct table_cell {
	struct text *text; /* owned: a text cell; NULL for a number or an empty cell */
	char *num;         /* owned: a number as printed ("1.234.567", "12,5"); NULL otherwise */
	double value;
	int sum;           /* a total's "sum", filled in by validation */
	int span;          /* the columns it covers: 1; 0 for a column a cell before it covers */
};

struct table_row {
	struct pos pos;
	struct text *group;       /* a group row: its title (owned); cells is NULL */
	struct table_cell *cells; /* owned: one per column (the STT one filled by numbering) */
	char stt[16];             /* derived: "1", "2"; "I", "II" for a group */
};

struct table {
	struct text *title;        /* owned; may be NULL */
	char *unit;                /* owned; may be NULL */
	struct table_col *cols;    /* owned: the leaf columns, left to right */
	size_t ncols;
	struct table_group *groups; /* owned */
	size_t ngroups;
	int number;                /* the first column counts the rows */
	struct table_row *rows;    /* owned */
	size_t nrows;
	struct table_row *total;   /* owned; NULL when there is none */
};
void table_free(struct table *t);

/* A fixed line of a kind (the kính mời, the authority and operative
 * lines, a field): its words are the block's text. */
enum field_style { FIELD_PARAGRAPH, FIELD_CENTERED, FIELD_LIST };

struct field_line {
	char *key;              /* owned: the field's key, or "authority", "action" */
	enum field_style style;
	enum face face;
	double size;
	double space_before;    /* pt before it, in place of the body's; 0: the body's */
	int keep_first;         /* never break after the first word (an operative line) */
	double indent;          /* FIELD_LIST: the items' indent, pt (0: a dash list at the body's indent) */
	int centered_label;     /* FIELD_LIST: its label line centred (a công điện's "... điện:") */
	struct text **items;    /* FIELD_LIST: owned */
	size_t nitems;
};
void field_line_free(struct field_line *f);

/* A phụ lục, or a document issued with this one (an attached quy chế),
 * set on new pages after the document. Its body is the block's kids. */
struct annex {
	int attached;             /* a văn bản ban hành kèm theo */
	const struct kind *kind;  /* attached: its kind (borrowed) */
	struct text *title;       /* owned: a phụ lục's title, an attached document's subject */
	char *type_name;          /* owned: an attached document's type line, or NULL */
	int landscape;
	char *end_mark;           /* owned: the mark that ends its body ("" none) */
	int task_table;           /* the task table of --annex / task_annex */
	char label[64];           /* derived: "Phụ lục I", "Phụ lục", "Quy chế" */
	int referenced;           /* some [#ID] names it */
};
void annex_free(struct annex *a);

struct signature {
	char *authority, *title, *name, *note; /* each may be NULL; authority's lines split by '\n' */
};

struct recipient {
	struct text *to;
	char typed; /* the punctuation typed at its end and left out (for the linter), or 0 */
	char *note; /* NULL or "b/c" */
	int copies;
};

/* The closing block: Nơi nhận and the signature. A document has one; a
 * bản sao has its own. */
struct sign_off {
	struct signature signature;
	struct signature *second; /* owned: a second signature beside it (signatures), or NULL */
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
	struct pos place_pos; /* where the place is given (the issuer, or place) */
	char *issued_by; /* owned; may be NULL */
	struct text *subject;
	char *draft, *circulation; /* owned; may be NULL */
	int urgency, secrecy;      /* 0 none, else 1..3 */
	struct directive *directives;
	size_t ndirectives;
	char *type_name;  /* owned: the type line when longer than the kind's name, or NULL */
	char *authority;  /* owned: who decides, for the operative line; NULL: none printed */
	char *end_mark;   /* owned: what ends the body ("./."), "" for nothing */
	/* The body in print order: the authority line, the bases and the
	 * operative line, then the preamble (BLK_TEXT of role "preamble"), the
	 * body proper and the closing text (role "closing"). */
	struct blocks body;
	struct blocks annexes; /* BLK_ANNEX: phụ lục and attached documents, in order */
	struct xref **xrefs; /* owned: the [§ID] and [#ID] of the texts */
	size_t nxrefs, capxrefs;
	struct footnote *footnotes;
	size_t nfootnotes;
	struct text **addressees; /* the Kính gửi block; owned */
	size_t naddressees;
	struct sign_off end;
	struct copy *copy; /* owned; NULL when there is no bản sao */
	int task_annex;    /* the task table follows as one more phụ lục */
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
char *fmt_date_in_text_as(const struct family *f, const struct date *dt, const char *form);
char *fmt_upper(const char *s);                   /* Unicode upper case */
/* Each code point through first (the first one) or rest (the others);
 * NULL leaves it as it is. */
char *fmt_map_case(const char *s, int32_t (*first)(int32_t), int32_t (*rest)(int32_t));
int fmt_days_in(int y, int m); /* days of month m (1..12) of year y */
/* Why y-m-d is no day of the calendar ("February 2024 has only 29
 * days"), translated and owned; NULL when it is one, or when its year is
 * before 1900 (a year no document takes). */
char *fmt_date_problem(int y, int m, int d);
/* The documents of a family, as messages name them: "party documents". */
const char *fmt_family_documents(enum family_id id);
char *fmt_issued_by(const struct doc *doc);
/* The (Kèm theo ...) or (Ban hành kèm theo ...) line of an annex in the
 * family's form (annexes.attached-to, annexes.issued-with). */
char *fmt_annex_line(const struct doc *doc, int issued_with);
/* The name of the body that issues doc in running text: issued_by, else
 * the issuer's text; NULL when it has neither. */
const char *fmt_issuer_text(const struct doc *doc);        /* "CỦA BAN THƯỜNG VỤ TỈNH ỦY" or NULL */
/* Kính gửi's line i: several addressees with the dash and their marks */
char *fmt_addressee(const struct doc *doc, size_t i);
char *fmt_recipient_tail(const struct family *f, const struct sign_off *e, size_t i); /* " (b/c)," */
char *fmt_archive(const struct family *f, const struct sign_off *e); /* "- Lưu Văn phòng Tỉnh ủy." */
const char *fmt_kind_code(const struct doc *doc); /* the type code in this family */
const char *fmt_type_name(const struct doc *doc); /* the type line: type_name, else the kind's name */
/* Expands {name} in fmt from the pairs keys[i] -> vals[i]. */
char *fmt_expand(const char *fmt, const char *const *keys, const char *const *vals, size_t n);
void fmt_roman(int n, char *out, size_t size);
/* Does s end with mark (trailing spaces aside)? */
int ends_with_mark(const char *s, const char *mark);
/* The letters of the Vietnamese alphabet that number points: a b c d đ e
 * g h i k l m n o p q r s t u v x y. */
#define FMT_LETTERS 23
/* A label from its form: {R} n in Roman, {n} n in Arabic, {a} the n-th
 * letter, {path} path ("Điều {n}." and 3 give "Điều 3."). */
void fmt_label(const char *form, int n, const char *path, char *out, size_t size);

#endif
