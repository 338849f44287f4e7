/* tmpl.h: the layout rules of a family (party, state) and the names and
 * labels of a document kind, read from templates/ so that a revision of a
 * regulation is an edit of data. Included by validate.c, layout.c and the
 * renderers; tmpl.c reads the YAML through load.h. */
#ifndef VANBAN_TMPL_H
#define VANBAN_TMPL_H

#include "block.h"
#include "common.h"
#include "diag.h"

struct style {
	double size; /* pt */
	enum face face;
};

/* How each numbered part is labelled: {R} a Roman numeral, {n} an Arabic
 * one, {a} a letter of the Vietnamese alphabet, {path} the Arabic path
 * (2.1). A kind's fields left NULL take the family's. */
struct numbering {
	char *top;     /* a section at the top of its body: "{R}." */
	char *path;    /* numbered parts below: "{path}." */
	char *article; /* "Điều {n}." */
	char *clause;  /* "{n}." */
	char *point;   /* "{a})" */
	char *chapter; /* "Chương {R}" */
};

/* Lengths are stored in points; the templates give them in mm or pt as
 * each key's comment says. Strings are owned. */
struct family {
	char *name; /* "party" */
	double paper_w, paper_h;
	double margin_top, margin_bottom, margin_left, margin_right;
	char **font_names[FACE_COUNT]; /* NULL-terminated lists */
	/* body */
	struct style body;
	double leading, indent, space_before, max_space;
	struct style pageno;
	double pageno_baseline;
	/* header */
	double col_left, col_right;
	char **national; /* NULL-terminated lines */
	struct style national_style;
	double national_rule; /* stroke; 0 for none */
	char *motto;
	struct style motto_style;
	double motto_rule;
	struct style superior, issuer;
	double issuer_rule; /* fraction of the issuer line's length; 0 none */
	char *star;
	struct style number;
	char *number_format, *symbol_format, *number_blank;
	int number_digits;
	struct style date;
	char *date_format, *date_blank;
	double date_step; /* the date line's size when at its own it would wrap; 0: none */
	int day_digits_below, *zero_months; /* zero-padded when day < below; months listed */
	size_t nzero_months;
	char *cite_date_format;
	/* title block */
	double title_before, title_after;
	struct style type_style, issued_by_style, subject_style, after_style;
	char *issued_by_prefix, *after_text;
	double subject_rule; /* fraction of the text width; 0 none */
	/* body parts */
	struct numbering numbering;
	/* decisions and resolutions: the authority line, the bases, the
	 * operative line; articles, clauses, chapters; references to them */
	int authority_line;
	struct style authority_style, action_style, bases_style;
	double action_before;
	char *action_format; /* "{authority} {action}" (party), "{action}:" (state) */
	char *bases_dash, *bases_sep, *bases_last;
	struct style article_style, clause_title_style, chapter_style;
	double chapter_before;
	char *ref_article, *ref_clause, *ref_point; /* "khoản {clause} Điều {article}" */
	/* annexes and attached documents */
	char *annex_label, *annex_number;       /* "Phụ lục", "{R}" (Phụ lục I) or "{n}" */
	struct style annex_label_style, annex_title_style, annex_line_style;
	char *annex_attached_to, *annex_issued_with; /* the (Kèm theo ...) and (Ban hành kèm theo ...) lines */
	char *annex_date;                       /* the date in them: "{day} tháng {month} năm {year}" */
	int annex_restart;                      /* each annex's pages numbered from 1 */
	char *annex_end_mark;                   /* what ends a phụ lục's body */
	char *task_title;                       /* the task table's phụ lục: its title */
	char **task_columns;                    /* its columns' titles */
	int *task_widths;                       /* their weights */
	size_t ntask_widths;
	char **book_columns;                    /* the task workbook's headers, the CSV's columns */
	int book_width_max, book_width_margin;  /* characters: the widest column; beside the longest line */
	int book_line_height;                   /* pt: a row's height for each line of wrapped text */
	char *book_date_format;                 /* Excel's number format of the due dates */
	/* the values of fixed lines */
	char *time_format, *time_plain, *time_range; /* {hour} {minute} {weekday} {day} {month} {year}; {from} {to} */
	char **weekdays;                             /* Chủ nhật, thứ Hai, ... thứ Bảy */
	char *field_date;                            /* a date value: "{day}/{month}/{year}" */
	/* tables */
	struct style table_style, table_title, table_unit;
	double table_leading, table_pad_x, table_pad_y, table_rule, table_gap;
	struct style heading1, heading2, runin, finding_label, finding, remedy_label, assignment;
	char *item_dash, *subitem_dash, *quote_open, *quote_close;
	char *body_end; /* appended to the last body paragraph ("./." for state) */
	/* closing block */
	double closing_before, closing_left; /* fraction of the text width */
	char *recipients_label;
	struct style recipients_label_style;
	int recipients_label_underline;
	struct style recipient;
	double recipient_leading;
	char *recipient_dash, *recipient_sep, *recipient_last, *archive_format, *note_format;
	char *archive_empty;  /* the Lưu line when the archive adds nothing to the fixed words */
	char **archive_fixed; /* the fixed words of the Lưu line (VT), never repeated */
	struct style signature;
	double signature_room;
	char **signature_prefixes;
	char *as_above; /* "Như trên": the first recipient when there are addressees */
	char *symbol_no_kind, *symbol_shape;
	int symbol_year; /* a typed symbol may start with the year: 2025/NQ-HĐND */
	struct style header_subject; /* công văn: the subject under the number line */
	char *header_subject_prefix;
	struct style marks_style, circulation_style, draft_style;
	int marks_box;
	char *addressee_label, *addressee_sep, *addressee_last;
	struct style addressee_label_style, addressee_style;
	double copy_rule, copy_before;
	struct style copy_form_style;
	char *copy_word[3], *copy_code[3]; /* sao-y, sao-luc, trich-sao */
	struct assign_words {
		char *with_partners, *alone; /* "{lead} chủ trì, phối hợp với {partners} thực hiện {due}." */
		char *join, *join_last;      /* ", " and " và " between partners */
		char *due_date, *due_always, *due_yearly;
	} assign;
	/* footnotes */
	struct style footnote;
	double footnote_leading, footnote_mark_size, footnote_mark_rise, footnote_rule, footnote_gap;
	/* electronic signing: the images in the signing room, the agency's
	 * line (an annex or attachment in its own file, an electronic copy) */
	double sign_image_margin, sign_seal;
	struct style sign_line_style;
	double sign_line_baseline;
	char *sign_line_number, *sign_line_copy; /* "Số: {number}-{symbol}", "{form}; {agency}" */
	char **sign_copy_forms;                  /* sao-y, sao-luc, trich-sao */
};

/* A fixed line of a kind (giấy mời, giấy giới thiệu, biên bản): the
 * source gives its value under fields.<key>, the template its words. */
enum field_type { FT_TEXT, FT_LIST, FT_DATE, FT_TIME, FT_TIME_PLAIN, FT_NONE };
struct field_spec {
	char *key;        /* owned; NULL for a fixed sentence of the template */
	enum field_type type;
	char *line;       /* owned: "Chủ trì: {value}"; {issuer} the issuing body in running text */
	int required;
	int at_end;       /* after the body and the closing text (the closing sentence) */
	int centered;     /* a centred line (… trân trọng giới thiệu:) */
};

struct kind {
	char *id;   /* "ke-hoach" */
	char *name; /* "KẾ HOẠCH", "" for a kind without a type line */
	char *code; /* "KH" */
	char *state_code; /* the code in state documents when it differs; NULL: code */
	int subject_in_header; /* công văn: no type line, the subject under the number */
	char *finding_label, *remedy_label;
	struct assign_words assign; /* fields left NULL take the family's */
	struct numbering numbering; /* fields left NULL take the family's */
	unsigned admits;     /* the block types its body may hold (1 << BLK_...) */
	char *action;        /* the operative words ("QUYẾT ĐỊNH"); NULL: no operative line */
	char *end_mark[2];   /* the mark after the body by family; NULL: the family's */
	char *text_name;     /* its name in running text ("Công văn"); NULL: the name in sentence case */
	struct field_spec *fields; /* owned: its fixed lines, in order */
	size_t nfields;
	int no_date_line;    /* the header has no date line (biên bản) */
	int no_subject;      /* no subject line (giấy giới thiệu) */
	char *telegram_line; /* công điện: "{authority} điện:", the addressees under it */
	double telegram_indent; /* their indent, pt */
	char **families;     /* NULL-terminated: the families it is written in (thông tri: party); NULL: both */
};
/* What a kind's body admits when its template does not say: the parts of
 * the plans and conclusions (text, items, numbered, section, shortcoming,
 * assignment, table). */
#define KIND_ADMITS_DEFAULT                                                                          \
	(BLOCK_BIT(BLK_TEXT) | BLOCK_BIT(BLK_ITEMS) | BLOCK_BIT(BLK_NUMBERED) | BLOCK_BIT(BLK_SECTION) |   \
	    BLOCK_BIT(BLK_SHORTCOMING) | BLOCK_BIT(BLK_ASSIGNMENT) | BLOCK_BIT(BLK_TABLE))

/* Loads templates/<family>.yaml; NULL on error (reported to d). */
struct family *tmpl_family(const char *dir, const char *name, struct diag *d);
void tmpl_family_free(struct family *f);
/* Loads templates/kinds/<id>.yaml; NULL when it does not exist (*missing
 * set) or has errors (reported to d). */
struct kind *tmpl_kind(const char *dir, const char *id, int *missing, struct diag *d);
void tmpl_kind_free(struct kind *k);
/* The kinds in templates/kinds, comma-separated, sorted; owned. */
char *tmpl_kind_list(const char *dir);
/* Every kind of dir/kinds, in tmpl_kind_list's order, the problems of each
 * said as it is read; *bad: one could not be read. */
struct kind **tmpl_kinds_all(const char *dir, size_t *n, int *bad);
void tmpl_kinds_free(struct kind **kinds, size_t n);

#endif
