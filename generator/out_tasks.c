/* out_tasks.c: the task table that follows up a plan's remedies, as CSV,
 * Markdown and an iCalendar file of its deadlines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "idmap.h"
#include "out_tasks.h"
#include "text.h"


char *
tasks_sentence_case(const char *s)
{
	return fmt_map_case(s, utf8proc_toupper, utf8proc_tolower);
}

char *
tasks_capitalise(const char *s)
{
	return fmt_map_case(s, utf8proc_toupper, NULL);
}

char *
tasks_number_symbol(const struct family *f, int number, const char *symbol)
{
	/* the family's number format from {number} on: "Số {number}-{symbol}"
	 * gives "{number}-{symbol}" */
	const char *fmt = strstr(f->number_format, "{number}");
	if (fmt == NULL)
		fmt = "{number}-{symbol}";
	char num[32];
	if (number > 0)
		snprintf(num, sizeof num, "%0*d", f->number_digits > 0 && f->number_digits < 10 ? f->number_digits : 1,
		    number);
	else
		snprintf(num, sizeof num, "%s", f->number_blank);
	const char *keys[] = {"number", "symbol"};
	const char *vals[] = {num, symbol ? symbol : ""};
	return fmt_expand(fmt, keys, vals, 2);
}

/* The due as the assignment sentence prints it, by the kind's (or the
 * family's) words. */
static char *
due_words(const struct doc *doc, const struct due *due)
{
	const struct assign_words *k = &doc->kind->assign, *f = &doc->family->assign;
#define W(x) (k->x ? k->x : f->x)
	char *s;
	if (due->kind == DUE_DATE) {
		char *ds = fmt_date_in_text(doc->family, &due->date);
		const char *keys[] = {"date"};
		const char *vals[] = {ds};
		s = fmt_expand(W(due_date), keys, vals, 1);
		free(ds);
	} else if (due->kind == DUE_YEARLY) {
		char day[16], month[16];
		snprintf(day, sizeof day, "%02d", due->day);
		snprintf(month, sizeof month, "%d", due->month);
		const char *keys[] = {"day", "month"};
		const char *vals[] = {day, month};
		s = fmt_expand(W(due_yearly), keys, vals, 2);
	} else if (due->kind == DUE_ALWAYS) {
		s = xstrdup(W(due_always));
	} else {
		s = xstrdup("");
	}
#undef W
	return s;
}

/* The first day-month on or after the document's date (its 1 January for
 * a bare year); y == 0 when the document has no date. */
static struct date
first_yearly(const struct doc *doc, int day, int month)
{
	struct date ref = doc->date;
	if (ref.y == 0)
		return (struct date){0, 0, 0};
	if (ref.m == 0)
		ref.m = ref.d = 1;
	int y = ref.y;
	if (month < ref.m || (month == ref.m && day < ref.d))
		y++;
	while (day > fmt_days_in(y, month)) /* 29-02 waits for a leap year */
		y++;
	return (struct date){y, month, day};
}

static char *
plain_or_empty(const struct text *t)
{
	return t ? text_plain(t) : xstrdup("");
}

static struct task_row *
row_new(struct task_table *t)
{
	GROW(t->v, t->cap, t->n + 1);
	struct task_row *r = &t->v[t->n++];
	memset(r, 0, sizeof *r);
	return r;
}

/* Fills the assignment columns of r from a structured task or a text. */
static void
row_assign(const struct doc *doc, struct task_row *r, const struct task *task, const struct text *assignment)
{
	if (task) {
		r->lead = xstrdup(task->lead ? task->lead : "");
		r->lead_id = xstrdup(task->lead_id ? task->lead_id : "");
		r->npartners = task->npartners;
		r->partners = xcalloc(task->npartners + 1, sizeof *r->partners);
		for (size_t i = 0; i < task->npartners; i++)
			r->partners[i] = xstrdup(task->partners[i]);
		r->due = due_words(doc, &task->due);
		r->due_kind = task->due.kind;
		if (task->due.kind == DUE_DATE)
			r->due_date = task->due.date;
		else if (task->due.kind == DUE_YEARLY) {
			r->yearly_day = task->due.day;
			r->yearly_month = task->due.month;
			r->due_date = first_yearly(doc, task->due.day, task->due.month);
		}
		r->assignment = xstrdup("");
	} else {
		r->lead = xstrdup("");
		r->lead_id = xstrdup("");
		r->due = xstrdup("");
		r->assignment = plain_or_empty(assignment);
	}
}

/* The bytes of an id a key keeps: the UID stays well within a line. */
enum { TASK_ID_MAX = 60 };

/* The key of a row, the end of its iCalendar UID: what the task is, never
 * where it stands, so that inserting a task moves no other's. The id its
 * shortcoming or section gives, with the place of the remedy in the list
 * for a shortcoming with several (an id keeps the UID through edits of the
 * text); else a fingerprint (FNV-1a 64) of its words in NFC: the remedy (a
 * section's title without its number), who leads it (the agency ID where
 * there is one) or the words of a plain-text assignment. Two rows with the
 * same key are told apart by tasks_collect. */
static void
key_of(const struct block *b, const char *suffix, const char *remedy, const struct task_row *r, char *out,
    size_t size)
{
	if (b->id) {
		snprintf(out, size, "%.*s%s", TASK_ID_MAX, b->id, suffix);
		return;
	}
	struct buf w = {0};
	const char *lead = *r->lead_id ? r->lead_id : r->lead;
	/* a unit separator between the parts: no text holds a control */
	buf_printf(&w, "%s\x1f%s\x1f%s", remedy, lead, r->assignment);
	/* the loader composed the source already; a word from elsewhere
	 * (the registry, a template) is composed here all the same */
	char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)w.s);
	const char *k = nfc ? nfc : w.s;
	snprintf(out, size, "h.%016llx", (unsigned long long)fnv1a64(k, strlen(k)));
	free(nfc);
	buf_free(&w);
}

/* The assignment of a shortcoming: its ASSIGNMENT kid, or NULL. */
static const struct block *
assignment_of(const struct block *b)
{
	for (size_t i = 0; i < b->kids.n; i++)
		if (b->kids.v[i]->type == BLK_ASSIGNMENT)
			return b->kids.v[i];
	return NULL;
}

/* A row for each remedy of a shortcoming (its key the shortcoming's id,
 * else its number). */
static void
collect_shortcoming(const struct doc *doc, const struct block *sc, struct task_table *t)
{
	const struct block *remedies = NULL;
	for (size_t i = 0; i < sc->kids.n; i++)
		if (sc->kids.v[i]->type == BLK_ITEMS)
			remedies = sc->kids.v[i];
	const struct block *as = assignment_of(sc);
	size_t n = remedies ? remedies->kids.n : 1;
	for (size_t k = 0; k < n; k++) {
		struct task_row *r = row_new(t);
		snprintf(r->number, sizeof r->number, "%s", sc->label);
		r->finding = plain_or_empty(sc->text);
		r->remedy = plain_or_empty(remedies ? remedies->kids.v[k]->text : sc->remedy);
		row_assign(doc, r, as ? as->u.task : NULL, as ? as->text : NULL);
		char suffix[24] = "";
		if (n > 1)
			snprintf(suffix, sizeof suffix, "-%zu", k + 1);
		key_of(sc, suffix, r->remedy, r, r->key, sizeof r->key);
	}
}

/* Shortcomings in order, then the sections below, then a section's own
 * assignment: the rows in the order the document prints them. */
static void
collect(const struct doc *doc, const struct blocks *list, struct task_table *t)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct block *b = list->v[i];
		if (b->type == BLK_SHORTCOMING) {
			collect_shortcoming(doc, b, t);
			continue;
		}
		collect(doc, &b->kids, t);
		if (b->type != BLK_ASSIGNMENT || b->parent == NULL || b->parent->type == BLK_SHORTCOMING)
			continue;
		/* the assignment of a section (or of a numbered paragraph): a row
		 * for its container */
		const struct block *s = b->parent;
		struct task_row *r = row_new(t);
		snprintf(r->number, sizeof r->number, "%s", s->label);
		r->finding = xstrdup("");
		char *title = plain_or_empty(s->title ? s->title : s->text);
		r->remedy = xasprintf("%s %s", s->label, title);
		row_assign(doc, r, b->u.task, b->text);
		key_of(s, "", title, r, r->key, sizeof r->key);
		free(title);
	}
}

static const char *
row_key(const void *set, size_t i)
{
	return ((const struct task_row *)set)[i].key;
}

void
tasks_collect(const struct doc *doc, struct task_table *t)
{
	collect(doc, &doc->body, t);
	/* two rows with the same key (the same words, or an id cut short):
	 * the later ones, in source order, get -2, -3... The count of each
	 * key's repeats lives in the row that holds it, so a thousand equal
	 * rows cost no more than a thousand different ones. */
	struct idmap m;
	idmap_init(&m, t->v, row_key);
	size_t *dups = xcalloc(t->n, sizeof *dups);
	for (size_t i = 0; i < t->n; i++) {
		long first = idmap_add(&m, i);
		if (first < 0)
			continue;
		char base[sizeof t->v[i].key];
		memcpy(base, t->v[i].key, sizeof base);
		do {
			char suffix[24];
			int n = snprintf(suffix, sizeof suffix, "-%zu", ++dups[first] + 1);
			/* the base cut short where the suffix would not fit: the
			 * suffix always makes a new key */
			int room = (int)sizeof t->v[i].key - 1 - n;
			snprintf(t->v[i].key, sizeof t->v[i].key, "%.*s%s", room, base, suffix);
		} while (idmap_add(&m, i) >= 0);
	}
	free(dups);
	idmap_free(&m);
}

void
tasks_free(struct task_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct task_row *r = &t->v[i];
		free(r->finding);
		free(r->remedy);
		free(r->lead);
		free(r->lead_id);
		for (size_t k = 0; k < r->npartners; k++)
			free(r->partners[k]);
		free(r->partners);
		free(r->due);
		free(r->assignment);
	}
	free(t->v);
	memset(t, 0, sizeof *t);
}

static char *
partners_joined(const struct task_row *r)
{
	struct buf b = {0};
	for (size_t k = 0; k < r->npartners; k++) {
		if (k)
			buf_puts(&b, "; ");
		buf_puts(&b, r->partners[k]);
	}
	buf_cstr(&b);
	return buf_take(&b);
}

static void
iso_date(const struct date *d, char *out, size_t size)
{
	if (d->y && d->m)
		snprintf(out, size, "%04d-%02d-%02d", d->y, d->m, d->d);
	else
		out[0] = '\0';
}

enum { COL_NUMBER, COL_FINDING, COL_REMEDY, COL_LEAD, COL_PARTNERS, COL_DUE, COL_DUE_DATE, COL_ASSIGNMENT, NCOLS };
static const char *const col_names[NCOLS] = {"number", "finding", "remedy", "lead", "partners", "due", "due_date",
    "assignment"};

/* The cells of row r, owned by the caller (free each). */
static void
cells(const struct task_row *r, char *out[NCOLS])
{
	char date[16];
	iso_date(&r->due_date, date, sizeof date);
	out[COL_NUMBER] = xstrdup(r->number);
	out[COL_FINDING] = xstrdup(r->finding);
	out[COL_REMEDY] = xstrdup(r->remedy);
	out[COL_LEAD] = xstrdup(r->lead);
	out[COL_PARTNERS] = partners_joined(r);
	out[COL_DUE] = xstrdup(r->due);
	out[COL_DUE_DATE] = xstrdup(date);
	out[COL_ASSIGNMENT] = xstrdup(r->assignment);
}

char *
tasks_csv(const struct task_table *t)
{
	struct buf b = {0};
	for (int c = 0; c < NCOLS; c++) {
		if (c)
			buf_putc(&b, ',');
		buf_puts(&b, col_names[c]);
	}
	buf_puts(&b, "\r\n");
	for (size_t i = 0; i < t->n; i++) {
		char *v[NCOLS];
		cells(&t->v[i], v);
		for (int c = 0; c < NCOLS; c++) {
			if (c)
				buf_putc(&b, ',');
			buf_csv_field(&b, v[c]);
			free(v[c]);
		}
		buf_puts(&b, "\r\n");
	}
	return buf_take(&b);
}

/* A field of the workbook's rows: TAB, line ends and the backslash
 * escaped. */
static void
sheet_field(struct buf *b, const char *s)
{
	buf_putc(b, '\t');
	for (; *s; s++) {
		switch (*s) {
		case '\\': buf_puts(b, "\\\\"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		default: buf_putc(b, *s);
		}
	}
}

int
tasks_sheet(struct buf *b, const char *name, const struct family *f, const struct task_table *t)
{
	size_t nc = 0;
	while (f->book_columns[nc])
		nc++;
	if (nc != NCOLS)
		return -1;
	buf_puts(b, "sheet");
	sheet_field(b, name);
	buf_printf(b, "\t%d\t%d\t%d", f->book_width_max, f->book_width_margin, f->book_line_height);
	sheet_field(b, f->book_date_format);
	buf_putc(b, '\n');
	for (int c = 0; c < NCOLS; c++) {
		buf_puts(b, c == COL_DUE_DATE ? "column\tdate" : "column\ttext");
		sheet_field(b, f->book_columns[c]);
		buf_putc(b, '\n');
	}
	for (size_t i = 0; i < t->n; i++) {
		char *v[NCOLS];
		cells(&t->v[i], v);
		buf_puts(b, "row");
		for (int c = 0; c < NCOLS; c++) {
			sheet_field(b, v[c]);
			free(v[c]);
		}
		buf_putc(b, '\n');
	}
	return 0;
}

/* A table cell: the pipe and what Markdown would read as markup are
 * escaped; line breaks become spaces. */
static void
md_cell(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r')
			buf_putc(b, ' ');
		else {
			if (strchr("\\|*_`[]<>#", *s))
				buf_putc(b, '\\');
			buf_putc(b, *s);
		}
	}
}

char *
tasks_md(const struct task_table *t)
{
	struct buf b = {0};
	buf_puts(&b, "|");
	for (int c = 0; c < NCOLS; c++)
		buf_printf(&b, " %s |", col_names[c]);
	buf_puts(&b, "\n|");
	for (int c = 0; c < NCOLS; c++)
		buf_puts(&b, "---|");
	buf_putc(&b, '\n');
	for (size_t i = 0; i < t->n; i++) {
		char *v[NCOLS];
		cells(&t->v[i], v);
		buf_putc(&b, '|');
		for (int c = 0; c < NCOLS; c++) {
			buf_putc(&b, ' ');
			md_cell(&b, v[c]);
			buf_puts(&b, " |");
			free(v[c]);
		}
		buf_putc(&b, '\n');
	}
	return buf_take(&b);
}

/* ---- iCalendar (RFC 5545) ---- */

/* Appends one content line, folded at 75 octets (never inside a UTF-8
 * sequence), ending in CRLF. */
static void
ics_line(struct buf *b, const char *line)
{
	size_t n = strlen(line), col = 0;
	for (size_t i = 0; i < n;) {
		size_t k = 1;
		while (i + k < n && ((unsigned char)line[i + k] & 0xC0) == 0x80)
			k++;
		if (col + k > 75) {
			buf_puts(b, "\r\n ");
			col = 1;
		}
		buf_add(b, line + i, k);
		col += k;
		i += k;
	}
	buf_puts(b, "\r\n");
}

/* TEXT value escaping (RFC 5545, 3.3.11). */
static void
ics_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_putc(b, '\\');
		if (*s == '\r' && s[1] == '\n')
			continue; /* a CRLF a quoted escape made: one line break */
		if (*s == '\n' || *s == '\r') {
			buf_puts(b, "\\n");
			continue;
		}
		buf_putc(b, *s);
	}
}

/* At most max bytes of s, cut after a whole word, with "…" when cut. */
static char *
shortened(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return xstrdup(s);
	size_t cut = max;
	while (cut > 0 && s[cut] != ' ')
		cut--;
	if (cut == 0)
		for (cut = max; cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80; cut--)
			;
	while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == ',' || s[cut - 1] == ';'))
		cut--;
	return xasprintf("%.*s…", (int)cut, s);
}

/* Adds "Label: value\n" to a description when value is not empty. */
static void
desc_part(struct buf *d, const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	if (d->len)
		buf_putc(d, '\n');
	buf_printf(d, "%s: %s", label, value);
}

/* ---- the calendar written before: SEQUENCE follows the changes ---- */

/* An event of the previous calendar: its UID, its SEQUENCE and its other
 * content lines (unfolded, joined by LF). */
struct prev_event {
	char *uid, *body;
	long seq;
};

struct prev_cal {
	struct prev_event *v;
	size_t n, cap;
	struct idmap by_uid;
};

static const char *
prev_uid(const void *set, size_t i)
{
	return ((const struct prev_event *)set)[i].uid;
}

static void
prev_free(struct prev_cal *pc)
{
	for (size_t i = 0; i < pc->n; i++) {
		free(pc->v[i].uid);
		free(pc->v[i].body);
	}
	free(pc->v);
	idmap_free(&pc->by_uid);
	memset(pc, 0, sizeof *pc);
}

/* The largest SEQUENCE read back: ten digits would pass INT_MAX, which a
 * calendar takes as the largest INTEGER (RFC 5545, 3.3.8). */
enum { SEQ_DIGITS_MAX = 9 };

/* Reads the len bytes at s as a calendar vanban wrote: BEGIN:VCALENDAR,
 * events that each have a UID, END:VCALENDAR. Returns 0, or -1 with *why
 * (static) and *line (1-based) where it is not such a calendar. */
static int
prev_read(const char *s, size_t len, struct prev_cal *pc, const char **why, int *line)
{
	memset(pc, 0, sizeof *pc);
	const char *nul = memchr(s, '\0', len);
	if (nul) {
		*line = 1;
		for (const char *c = s; c < nul; c++)
			*line += *c == '\n';
		/* TRANSLATORS: what is wrong with the calendar file read back */
		*why = N_("a NUL byte");
		return -1;
	}
	struct buf l = {0}, body = {0};
	char *uid = NULL;
	long seq = 0;
	int ln = 0, at = 0, n = 0, in_event = 0, ended = 0, ok = 1;
	const char *p = s, *end = s + len;
	while (ok) {
		/* the next logical line: a physical line and those that continue
		 * it (they start with a space or a TAB, RFC 5545 3.1) */
		int eof = p >= end;
		if (!eof && (*p == ' ' || *p == '\t') && n > 0) {
			const char *e = memchr(p, '\n', (size_t)(end - p));
			size_t k = (size_t)((e ? e : end) - p);
			buf_add(&l, p + 1, k - 1 - (k > 1 && p[k - 1] == '\r'));
			p += k + (e != NULL);
			ln++;
			continue;
		}
		if (n > 0) {
			/* l holds the logical line that started at line at */
			const char *v = buf_cstr(&l);
			*line = at;
			if (n == 1 && strcmp(v, "BEGIN:VCALENDAR") != 0) {
				*why = N_("it does not start with BEGIN:VCALENDAR");
				ok = 0;
			} else if (ended && *v) {
				*why = N_("a line after END:VCALENDAR");
				ok = 0;
			} else if (strcmp(v, "BEGIN:VEVENT") == 0) {
				if (in_event) {
					*why = N_("an event inside an event");
					ok = 0;
				}
				in_event = 1;
				body.len = 0;
				free(uid);
				uid = NULL;
				seq = 0;
			} else if (strcmp(v, "END:VEVENT") == 0) {
				if (!in_event || uid == NULL) {
					*why = in_event ? N_("an event without a UID") : N_("END:VEVENT without its BEGIN");
					ok = 0;
				} else {
					GROW(pc->v, pc->cap, pc->n + 1);
					pc->v[pc->n++] = (struct prev_event){uid, xstrdup(buf_cstr(&body)), seq};
					uid = NULL;
					in_event = 0;
				}
			} else if (strcmp(v, "END:VCALENDAR") == 0) {
				if (in_event) {
					*why = N_("an event without its END:VEVENT");
					ok = 0;
				}
				ended = 1;
			} else if (in_event && strncmp(v, "UID:", 4) == 0) {
				if (uid) {
					*why = N_("an event with two UIDs");
					ok = 0;
				} else
					uid = xstrdup(v + 4);
			} else if (in_event && strncmp(v, "SEQUENCE:", 9) == 0) {
				const char *d = v + 9;
				size_t nd = strspn(d, "0123456789");
				if (nd == 0 || nd > SEQ_DIGITS_MAX || d[nd] != '\0') {
					*why = N_("a SEQUENCE that is not a number from 0 to 999999999");
					ok = 0;
				} else
					seq = strtol(d, NULL, 10);
			} else if (in_event) {
				if (body.len)
					buf_putc(&body, '\n');
				buf_puts(&body, v);
			}
		}
		if (eof || !ok)
			break;
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t k = (size_t)((e ? e : end) - p);
		l.len = 0;
		buf_add(&l, p, k - (k > 0 && p[k - 1] == '\r'));
		p += k + (e != NULL);
		at = ++ln;
		n++;
	}
	if (ok && !ended) {
		*why = n == 0 ? N_("it is empty") : N_("it does not end with END:VCALENDAR");
		*line = ln > 0 ? ln : 1;
		ok = 0;
	}
	free(uid);
	buf_free(&l);
	buf_free(&body);
	if (!ok) {
		prev_free(pc);
		return -1;
	}
	idmap_init(&pc->by_uid, pc->v, prev_uid);
	for (size_t i = 0; i < pc->n; i++)
		idmap_add(&pc->by_uid, i); /* a UID twice: the first one counts */
	return 0;
}

/* The SEQUENCE of an event: 0 for a new one; the previous calendar's for
 * an event whose content lines are those it had then, one more when they
 * changed. */
static long
sequence_of(const struct prev_cal *pc, const char *uid, const char *body)
{
	long i = idmap_find(&pc->by_uid, uid, strlen(uid));
	if (i < 0)
		return 0;
	const struct prev_event *e = &pc->v[i];
	return strcmp(e->body, body) == 0 ? e->seq : e->seq + 1;
}

/* Appends a logical line (its content lines are joined by LF) to an
 * event's body. */
static void
body_line(struct buf *body, const char *name, const char *value)
{
	if (body->len)
		buf_putc(body, '\n');
	buf_puts(body, name);
	buf_puts(body, value);
}

static void
body_text(struct buf *body, const char *name, const char *text)
{
	if (body->len)
		buf_putc(body, '\n');
	buf_puts(body, name);
	ics_text(body, text);
}

char *
tasks_ics(const struct doc *doc, const struct task_table *t, const struct ics_prev *prev, const char **why,
    struct ics_prev_problem *problem)
{
	problem->why = NULL;
	if (doc->date.y == 0) {
		*why = N_("the document has no date: the calendar's DTSTAMP is taken from it");
		return NULL;
	}
	size_t nevents = 0;
	for (size_t i = 0; i < t->n; i++)
		nevents += (t->v[i].due_kind == DUE_DATE || t->v[i].due_kind == DUE_YEARLY) && t->v[i].due_date.y != 0;
	if (nevents == 0) {
		*why = N_("no task has a dated deadline (a date or hằng năm trước DD-MM), and an iCalendar file must hold "
		       "at least one event (RFC 5545)");
		return NULL;
	}
	struct prev_cal pc = {0};
	if (prev && prev_read(prev->text, prev->len, &pc, &problem->why, &problem->line) < 0)
		memset(&pc, 0, sizeof pc); /* taken as absent; the caller warns */
	struct buf b = {0}, line = {0};
	char stamp[32];
	snprintf(stamp, sizeof stamp, "%04d%02d%02dT000000Z", doc->date.y, doc->date.m ? doc->date.m : 1,
	    doc->date.m ? doc->date.d : 1);
	char *numline = fmt_number_line(doc);
	/* the UID's stem: number, symbol and year, in characters any
	 * calendar keeps */
	struct buf uid = {0};
	buf_printf(&uid, "%d-", doc->number);
	for (const char *p = doc->symbol ? doc->symbol : ""; *p; p++)
		buf_putc(&uid, *p == '/' || *p == ' ' ? '-' : *p);
	buf_printf(&uid, "-%04d", doc->date.y);
	ics_line(&b, "BEGIN:VCALENDAR");
	ics_line(&b, "VERSION:2.0");
	ics_line(&b, "PRODID:-//vanban//vanban " VANBAN_VERSION "//VI");
	ics_line(&b, "CALSCALE:GREGORIAN");
	buf_puts(&line, "X-WR-CALNAME:");
	ics_text(&line, numline);
	ics_line(&b, buf_cstr(&line));
	line.len = 0;
	char *doc_line = xasprintf("%s%s%s", fmt_type_name(doc), *fmt_type_name(doc) ? " " : "", numline);
	struct buf body = {0};
	for (size_t i = 0; i < t->n; i++) {
		const struct task_row *r = &t->v[i];
		if ((r->due_kind != DUE_DATE && r->due_kind != DUE_YEARLY) || r->due_date.y == 0)
			continue;
		/* the event's content lines but its UID and SEQUENCE: what
		 * SEQUENCE counts the changes of */
		body.len = 0;
		char v[64];
		body_line(&body, "DTSTAMP:", stamp);
		snprintf(v, sizeof v, "%04d%02d%02d", r->due_date.y, r->due_date.m, r->due_date.d);
		body_line(&body, "DTSTART;VALUE=DATE:", v);
		if (r->due_kind == DUE_YEARLY)
			body_line(&body, "RRULE:FREQ=YEARLY", "");
		char *remedy = shortened(r->remedy, 120);
		char *summary = *r->lead ? xasprintf("%s %s: %s", r->number, r->lead, remedy)
		                         : xasprintf("%s %s", r->number, remedy);
		body_text(&body, "SUMMARY:", summary);
		struct buf d = {0};
		char *partners = partners_joined(r);
		desc_part(&d, "Chủ trì", r->lead);
		desc_part(&d, "Phối hợp", partners);
		desc_part(&d, "Thời hạn", r->due);
		desc_part(&d, "Khuyết điểm", r->finding);
		desc_part(&d, "Giải pháp", r->remedy);
		desc_part(&d, "Văn bản", doc_line);
		body_text(&body, "DESCRIPTION:", buf_cstr(&d));
		body_line(&body, "TRANSP:TRANSPARENT", "");
		ics_line(&b, "BEGIN:VEVENT");
		buf_printf(&line, "vanban-%s-%s", buf_cstr(&uid), r->key);
		long seq = sequence_of(&pc, buf_cstr(&line), buf_cstr(&body));
		char *u = buf_take(&line);
		buf_printf(&line, "UID:%s", u);
		ics_line(&b, buf_cstr(&line));
		line.len = 0;
		free(u);
		buf_printf(&line, "SEQUENCE:%ld", seq);
		ics_line(&b, buf_cstr(&line));
		line.len = 0;
		for (char *p = body.s, *nl; p; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			if (nl)
				*nl = '\0';
			ics_line(&b, p);
		}
		ics_line(&b, "END:VEVENT");
		free(partners);
		buf_free(&d);
		free(summary);
		free(remedy);
	}
	ics_line(&b, "END:VCALENDAR");
	free(doc_line);
	buf_free(&body);
	buf_free(&line);
	buf_free(&uid);
	free(numline);
	prev_free(&pc);
	return buf_take(&b);
}

/* One cell of words (a paragraph each). */
static void
cell_text(struct table_cell *c, const char *const *paras, size_t n, struct pos pos)
{
	c->text = n ? text_new(paras, n, pos) : NULL;
	c->span = 1;
}

struct block *
tasks_annex(const struct doc *doc)
{
	struct task_table tt = {0};
	tasks_collect(doc, &tt);
	const struct family *f = doc->family;
	size_t nc = 0;
	while (f->task_columns[nc])
		nc++;
	if (tt.n == 0 || nc != 5 || f->ntask_widths != 5) {
		tasks_free(&tt);
		return NULL;
	}
	struct pos pos = {doc->file, 0, 0};
	struct block *b = block_new(BLK_ANNEX, pos);
	struct annex *a = b->u.annex = xcalloc(1, sizeof *a);
	a->task_table = 1;
	const char *title = f->task_title;
	a->title = text_new(&title, 1, pos);
	a->end_mark = xstrdup(f->annex_end_mark);
	struct block *tb = block_new(BLK_TABLE, pos);
	blocks_add(&b->kids, tb, NULL);
	struct table *t = tb->u.table = xcalloc(1, sizeof *t);
	t->number = 1;
	t->ncols = nc;
	t->cols = xcalloc(nc, sizeof *t->cols);
	for (size_t c = 0; c < nc; c++) {
		t->cols[c] = (struct table_col){xstrdup(f->task_columns[c]), f->task_widths[c], ALIGN_LEFT, 0, -1, c == 0, 0};
		if (c == 0 || c == 4)
			t->cols[c].align = ALIGN_CENTER; /* STT, Thời hạn */
	}
	t->rows = xcalloc(tt.n, sizeof *t->rows);
	t->nrows = tt.n;
	for (size_t i = 0; i < tt.n; i++) {
		const struct task_row *r = &tt.v[i];
		struct table_row *row = &t->rows[i];
		row->pos = pos;
		row->cells = xcalloc(nc, sizeof *row->cells);
		row->cells[0].span = 1;
		/* the remedy with the number it has in the document (a section's
		 * remedy column already starts with it) */
		char *content = *r->finding ? xasprintf("%s %s", r->number, r->remedy) : xstrdup(r->remedy);
		cell_text(&row->cells[1], (const char *const *)&content, 1, pos);
		free(content);
		if (*r->assignment) {
			/* a plain-text assignment: its words across the three columns */
			char *w = tasks_capitalise(r->assignment);
			cell_text(&row->cells[2], (const char *const *)&w, 1, pos);
			row->cells[2].span = 3;
			free(w);
			continue;
		}
		char *lead = tasks_capitalise(r->lead);
		cell_text(&row->cells[2], (const char *const *)&lead, *lead ? 1 : 0, pos);
		free(lead);
		char **parts = xcalloc(r->npartners + 1, sizeof *parts);
		for (size_t k = 0; k < r->npartners; k++) {
			char *c = tasks_capitalise(r->partners[k]);
			parts[k] = r->npartners > 1 ? xasprintf("- %s", c) : xstrdup(c);
			free(c);
		}
		cell_text(&row->cells[3], (const char *const *)parts, r->npartners, pos);
		for (size_t k = 0; k < r->npartners; k++)
			free(parts[k]);
		free(parts);
		char *due = tasks_capitalise(r->due);
		cell_text(&row->cells[4], (const char *const *)&due, *due ? 1 : 0, pos);
		free(due);
	}
	tasks_free(&tt);
	return b;
}
