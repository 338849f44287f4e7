/* out_tasks.h: the task table of a document (remedies × lead × partners ×
 * due) and its renderings: CSV, a Markdown pipe table and an iCalendar
 * file of the deadlines. Included by main.c and layout_annex.c. */
#ifndef VANBAN_OUT_TASKS_H
#define VANBAN_OUT_TASKS_H

#include "doc.h"

/* One row: a remedy of a shortcoming, or a section that has an
 * assignment. All strings are owned and never NULL ("" when absent). */
struct task_row {
	char number[64]; /* "2.1." as printed */
	char key[80];    /* what the task is, unique in the document: its id ("ra-soat",
	                    "ra-soat-2" for the second remedy), else a fingerprint of
	                    its words ("h.0123456789abcdef"); "-2"... for a repeat */
	char *finding;   /* plain text; "" for a section */
	char *remedy;    /* plain text; a section's "1. Về phát huy ưu điểm" */
	char *lead;      /* "" when the assignment is a plain text or absent */
	char *lead_id;   /* the agency ID of the lead, or "" */
	char **partners;
	size_t npartners;
	char *due;             /* as printed: "thường xuyên", "trước ngày 10-12 hằng năm" */
	enum due_kind due_kind;
	struct date due_date;  /* DUE_DATE: the date; DUE_YEARLY: the first one on or
	                          after the document's date (y == 0: unknown) */
	int yearly_day, yearly_month;
	char *assignment;      /* a plain-text assignment's words; "" otherwise */
};

struct task_table {
	struct task_row *v; /* owned */
	size_t n, cap;
};

/* The rows of doc in document order. */
void tasks_collect(const struct doc *doc, struct task_table *t);
void tasks_free(struct task_table *t);

/* The task table as one more phụ lục (an ordinary table in an annex, in
 * the family's task-annex columns); NULL when doc has no task. Owned. */
struct block *tasks_annex(const struct doc *doc);

/* Owned strings. CSV: RFC 4180 (CRLF line ends, a header row); Markdown:
 * a pipe table with the same columns. */
char *tasks_csv(const struct task_table *t);
char *tasks_md(const struct task_table *t);
/* The task table as a sheet of the workbook that vanban-xlsx writes
 * (vanban tasks --xlsx), appended to b: its headers, widths and date
 * format the family's (task-workbook), its cells the CSV's, without its
 * quote before a formula sign (a workbook's text is never taken for a
 * formula). Returns -1, b untouched, when the family does not give a
 * header for each of the CSV's columns. vanban-xlsx reads lines (LF) of
 * fields separated by TAB, in which a backslash, a TAB, an LF and a CR are
 * written \\, \t, \n and \r:
 *   vanban-xlsx<TAB>1              the first line: the format and its version
 *   created<TAB>SECONDS            the workbook's time (seconds since 1970, UTC)
 *   sheet<TAB>NAME<TAB>WIDTH_MAX<TAB>MARGIN<TAB>DATE_FORMAT
 *                                  a sheet (NAME the document's file stem:
 *                                  vanban-xlsx cuts names and tells them apart)
 *   column<TAB>text|date<TAB>HEAD  its columns in order, each with its header
 *   row<TAB>CELL...                a row: a cell per column, a date YYYY-MM-DD
 *                                  or empty in a date column
 * tasks_sheet writes a sheet's lines, the caller the first two. */
int tasks_sheet(struct buf *b, const char *name, const struct family *f, const struct task_table *t);

/* The deadlines as an iCalendar (RFC 5545) file: one all-day event per row
 * with a date, a yearly rule for a yearly due, none for "thường xuyên".
 * Each event's UID is the document's number, symbol and year and the
 * row's key. prev is the calendar at the output path before this run
 * (vanban's own output; NULL when there is none): an event keeps its
 * SEQUENCE while its content lines stay the same and takes one more when
 * they change; a new event has 0. So the same sources and the same
 * previous calendar give the same bytes. A prev that is not a calendar
 * vanban can read is taken as absent, and *problem says why and where
 * (problem->why NULL otherwise). Returns NULL and sets *why (static, in English: printed through _()) when
 * there is no calendar to write: the document has no date (DTSTAMP is
 * taken from it, at least its year), or no row has a dated deadline
 * (RFC 5545 wants at least one component). */
struct ics_prev {
	const char *text;
	size_t len; /* it may hold a NUL byte */
};
struct ics_prev_problem {
	const char *why; /* static, in English: printed through _() */
	int line;        /* 1-based */
};
char *tasks_ics(const struct doc *doc, const struct task_table *t, const struct ics_prev *prev, const char **why,
    struct ics_prev_problem *problem);

/* Sentence case of an upper-case name: "KẾ HOẠCH" -> "Kế hoạch". Owned. */
char *tasks_sentence_case(const char *s);
/* First letter in upper case: "thường xuyên" -> "Thường xuyên". Owned. */
char *tasks_capitalise(const char *s);
/* The number and symbol as written in running text: "155-KH/TU" (party),
 * "15/KH-UBND" (state), from the family's number format. Owned. */
char *tasks_number_symbol(const struct family *f, int number, const char *symbol);

#endif
