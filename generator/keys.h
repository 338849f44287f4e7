/* keys.h: the keys of the content format, one table for each kind of
 * mapping a source holds: each key's name, whether the mapping must have
 * it, what its value is, and what it means (in Vietnamese: the words of the
 * schema's descriptions and of the skeletons' comments). The validator
 * checks every mapping against its table (unknown keys, required keys);
 * vanban schema and vanban new are written from the same tables, so the
 * three cannot drift apart. The kinds and their fixed lines come from
 * templates/. Included by the validator, schema.c and cmd_new.c. */
#ifndef VANBAN_KEYS_H
#define VANBAN_KEYS_H

#include <stddef.h>

/* What a key's value is. The validator reads each in its own code; the
 * schema gives each its definition (schema.c), the skeleton its example. */
enum value_type {
	VT_TEXT,           /* a text field: CommonMark, one or more paragraphs */
	VT_LINE,           /* one line of words, printed as typed */
	VT_DATE,           /* YYYY-MM-DD */
	VT_DATE_OR_YEAR,   /* YYYY-MM-DD, or YYYY alone */
	VT_NUMBER,         /* a registration number, 1 to 99999 */
	VT_COPIES,         /* printed copies, 1 to 1000 */
	VT_WIDTH,          /* a column's relative width, above 0 and at most 100 */
	VT_BOOL,           /* true or false */
	VT_ID,             /* [a-z0-9-]+ */
	VT_KIND,           /* a kind of templates/kinds */
	VT_FAMILY,         /* party or state */
	VT_URGENCY,        /* khan, thuong-khan, hoa-toc */
	VT_SECRECY,        /* mat, toi-mat, tuyet-mat */
	VT_COPY_FORM,      /* sao-y, sao-luc, trich-sao */
	VT_ALIGN,          /* left, center, right */
	VT_DRAFT,          /* true, false, or the words of the draft mark */
	VT_LINE_OR_FALSE,  /* words, or false for none (action, ends_with) */
	VT_AUTHORITY,      /* a signature's authority: a line, or a list of lines */
	VT_ISSUER,         /* an agency ID, or a mapping (keys_issuer) */
	VT_NAME,           /* a text, or an agency ID (a lead, a partner) */
	VT_DIRECTIVES,     /* ID -> directive (keys_directive) */
	VT_FOOTNOTES,      /* ID -> text */
	VT_SIGNATURE,      /* keys_signature */
	VT_SIGNATURES,     /* two signatures side by side */
	VT_RECIPIENTS,     /* a list of texts or mappings (keys_recipient) */
	VT_TEXTS,          /* a list of texts */
	VT_NAMES,          /* a list of names (partners) */
	VT_COPY,           /* keys_copy */
	VT_SECTION,        /* keys_section */
	VT_SECTIONS,       /* a list of sections */
	VT_NUMBERED,       /* a list of numbered paragraphs: texts or keys_numbered */
	VT_ITEMS,          /* a dash list: texts or keys_item */
	VT_SUBITEMS,       /* the items of an item: texts or keys_subitem */
	VT_SHORTCOMING,    /* keys_shortcoming */
	VT_SHORTCOMINGS,   /* a list of them */
	VT_REMEDIES,       /* a shortcoming's remedies: a dash list */
	VT_ASSIGNMENT,     /* a text, or keys_task */
	VT_DUE,            /* YYYY-MM-DD, thường xuyên, or hằng năm trước DD-MM */
	VT_BLOCKS,         /* a list of blocks (keys_block) */
	VT_BASES,          /* the legal bases: a list of texts */
	VT_ARTICLES,       /* texts or keys_article */
	VT_CLAUSES,        /* texts or keys_clause */
	VT_POINTS,         /* texts or keys_point */
	VT_CHAPTERS,       /* keys_chapter */
	VT_TABLE,          /* keys_table */
	VT_COLUMNS,        /* columns or groups of columns */
	VT_PLAIN_COLUMNS,  /* the columns of a group */
	VT_ROWS,           /* lists of cells, or keys_group_row */
	VT_CELLS,          /* a list of texts and numbers (and sum in a total) */
	VT_ANNEXES,        /* keys_annex, or keys_attached when it has a kind */
	VT_FIELDS,         /* the fixed lines of the document's kind (its template) */
	VT_TIME            /* YYYY-MM-DD HH:MM (a fixed line of type time takes keys_time_range too) */
};

struct key {
	const char *name;
	enum value_type type;
	int required; /* the mapping must have it (conditions that depend on
	               * the kind or on other keys are the validator's code) */
	const char *about; /* what it is, in Vietnamese: data, not a message */
};

/* The most keys a mapping has (the document has 36). */
#define KEYS_MAX 64

struct keyset {
	const char *id; /* its name in the schema's definitions */
	const struct key *keys;
	size_t n;
	const char *about;
};

extern const struct keyset keys_document, keys_issuer, keys_agency, keys_directive, keys_signature,
    keys_recipient, keys_copy, keys_section, keys_item, keys_subitem, keys_numbered, keys_shortcoming, keys_task,
    keys_block, keys_article, keys_clause, keys_point, keys_chapter, keys_table, keys_column, keys_column_group,
    keys_group_row, keys_annex, keys_attached, keys_time_range;

/* Every keyset, for the schema and the tests. */
extern const struct keyset *const keys_all[];
extern const size_t keys_nall;

/* The key of a set, or NULL. */
const struct key *keys_find(const struct keyset *ks, const char *name);

/* The values of the enumerations, in the order the document model numbers
 * them, with what each prints (Vietnamese). */
struct choice {
	const char *const *vals;
	const char *const *shown;
	size_t n;
};
extern const struct choice choice_family, choice_urgency, choice_secrecy, choice_copy_form, choice_align,
    choice_bool;

#endif
