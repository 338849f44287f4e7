/* out_distribute.c: the print manifest of a document and its entry in the
 * register of outgoing documents (a CSV file the office keeps). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_distribute.h"
#include "out_tasks.h"
#include "text.h"

static const struct sign_off *
sent(const struct doc *doc)
{
	return doc->copy ? &doc->copy->end : &doc->end;
}

static void
line_add(struct manifest *m, char *to, int copies, int archive)
{
	GROW(m->v, m->cap, m->n + 1);
	m->v[m->n++] = (struct manifest_line){to, copies, archive};
	if (archive)
		m->archive += copies;
	else
		m->recipients += copies;
	m->total += copies;
}

/* One copy for each place on the Lưu line as printed: "Lưu Văn phòng
 * Tỉnh ủy" is one, the state family's "Lưu: VT, NC" two. */
static int
archive_places(const char *line)
{
	const char *p = strchr(line, ' '); /* after the word Lưu (and its colon) */
	if (p == NULL)
		return 1;
	int n = 0, word = 0;
	for (; *p; p++) {
		if (*p == ',') {
			n += word;
			word = 0;
		} else if (*p != ' ')
			word = 1;
	}
	n += word;
	return n > 0 ? n : 1;
}

void
distribute_manifest(const struct doc *doc, struct manifest *m)
{
	const struct family *f = doc->family;
	const struct sign_off *e = sent(doc);
	memset(m, 0, sizeof *m);
	if (e->as_above)
		/* "Như trên": one copy for each addressee of the Kính gửi block */
		for (size_t i = 0; i < doc->naddressees; i++)
			line_add(m, text_plain(doc->addressees[i]), 1, 0);
	for (size_t i = 0; i < e->nrecipients; i++) {
		const struct recipient *r = &e->recipients[i];
		char *to = r->to ? text_plain(r->to) : xstrdup("");
		if (r->note) {
			const char *keys[] = {"note"};
			const char *vals[] = {r->note};
			char *note = fmt_expand(f->note_format, keys, vals, 1);
			char *s = xasprintf("%s%s", to, note);
			free(note);
			free(to);
			to = s;
		}
		line_add(m, to, r->copies > 0 ? r->copies : 1, 0);
	}
	const char *keys[] = {"archive"};
	const char *vals[] = {e->archive ? e->archive : ""};
	char *a = fmt_expand(f->archive_format, keys, vals, 1);
	line_add(m, a, archive_places(a), 1);
}

void
distribute_free(struct manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].to);
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* "KẾ HOẠCH Số 155-KH/TU, Kon Tum, ngày 05 tháng 7 năm 2023" */
static char *
title_of(const struct doc *doc)
{
	struct buf b = {0};
	if (doc->copy) {
		const struct copy *c = doc->copy;
		char *num = fmt_number_of(doc->family, c->number, c->symbol);
		char *date = fmt_date_of(doc->family, c->place, &c->date);
		buf_printf(&b, "%s %s, %s", doc->family->copy_word[c->form], num, date);
		free(num);
		free(date);
		num = fmt_number_line(doc);
		buf_printf(&b, " (%s%s%s)", fmt_type_name(doc), *fmt_type_name(doc) ? " " : "", num);
		free(num);
	} else {
		char *num = fmt_number_line(doc);
		char *date = fmt_date_line(doc);
		buf_printf(&b, "%s%s%s, %s", fmt_type_name(doc), *fmt_type_name(doc) ? " " : "", num, date);
		free(num);
		free(date);
	}
	return buf_take(&b);
}

char *
distribute_text(const struct doc *doc, const struct manifest *m)
{
	struct buf b = {0};
	char *t = title_of(doc);
	/* TRANSLATORS: %s is the document's type, number and date line */
	buf_printf(&b, _("print manifest: %s\n"), t);
	free(t);
	/* TRANSLATORS: the heading of the manifest's two columns: the copies
	 * (a number under the first six characters), then where they go */
	buf_puts(&b, _("copies  to\n"));
	for (size_t i = 0; i < m->n; i++)
		buf_printf(&b, "%6d  %s\n", m->v[i].copies, m->v[i].to);
	buf_printf(&b, "%6d  ", m->total);
	/* TRANSLATORS: after the total of copies: those of the recipients, those of the archive */
	buf_printf(&b, _("in all: %d for the recipients, %d for the archive\n"), m->recipients, m->archive);
	return buf_take(&b);
}

/* ---- the register ---- */

int
distribute_registrable(const struct doc *doc)
{
	return (doc->copy ? doc->copy->number : doc->number) > 0;
}

enum { R_NUMBER, R_SYMBOL, R_DATE, R_SUBJECT, R_SIGNER, R_RECIPIENTS, R_COPIES, R_N };

struct record {
	char *f[R_N]; /* owned */
};

static void
iso(const struct date *d, char *out, size_t size)
{
	if (d->y == 0)
		out[0] = '\0';
	else if (d->m == 0)
		snprintf(out, size, "%04d", d->y);
	else
		snprintf(out, size, "%04d-%02d-%02d", d->y, d->m, d->d);
}

static char *
signer(const struct signature *s)
{
	const char *v = s->name ? s->name : s->note ? s->note : s->title ? s->title : s->authority;
	return xstrdup(v ? v : "");
}

static void
entry(const struct doc *doc, const struct manifest *m, struct record *r)
{
	char buf[32];
	int number = doc->copy ? doc->copy->number : doc->number;
	snprintf(buf, sizeof buf, "%d", number);
	r->f[R_NUMBER] = xstrdup(buf);
	r->f[R_SYMBOL] = xstrdup(doc->copy ? doc->copy->symbol : doc->symbol);
	iso(doc->copy ? &doc->copy->date : &doc->date, buf, sizeof buf);
	r->f[R_DATE] = xstrdup(buf);
	char *subject = text_plain(doc->subject);
	if (doc->copy) {
		/* "Sao lục Kết luận số 44-KL/TW về ..." */
		char *form = tasks_sentence_case(doc->family->copy_word[doc->copy->form]);
		char *kind = *fmt_type_name(doc) ? tasks_sentence_case(fmt_type_name(doc)) : xstrdup("văn bản");
		char *num = tasks_number_symbol(doc->family, doc->number, doc->symbol);
		r->f[R_SUBJECT] = xasprintf("%s %s số %s %s", form, kind, num, subject);
		free(form);
		free(kind);
		free(num);
		free(subject);
	} else {
		r->f[R_SUBJECT] = subject;
	}
	r->f[R_SIGNER] = signer(doc->copy ? &doc->copy->end.signature : &doc->end.signature);
	struct buf b = {0};
	for (size_t i = 0; i < m->n; i++)
		if (!m->v[i].archive) {
			if (b.len)
				buf_puts(&b, "; ");
			buf_puts(&b, m->v[i].to);
		}
	buf_cstr(&b);
	r->f[R_RECIPIENTS] = buf_take(&b);
	snprintf(buf, sizeof buf, "%d", m->total);
	r->f[R_COPIES] = xstrdup(buf);
}

static void
record_free(struct record *r)
{
	for (int i = 0; i < R_N; i++)
		free(r->f[i]);
}

/* Reads one CSV record from *p; returns its fields (owned) or NULL at
 * the end. *line counts physical lines; *bad set on a stray quote. */
static char **
csv_record(const char **p, size_t *nf, int *line, int *bad)
{
	const char *s = *p;
	if (*s == '\0')
		return NULL;
	char **v = NULL;
	size_t n = 0, cap = 0;
	struct buf f = {0};
	for (;;) {
		buf_cstr(&f);
		if (*s == '"') {
			s++;
			for (;;) {
				if (*s == '\0') {
					*bad = 1;
					break;
				}
				if (*s == '"' && s[1] == '"') {
					buf_putc(&f, '"');
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					if (*s == '\n')
						++*line;
					buf_putc(&f, *s++);
				}
			}
			if (*s != ',' && *s != '\r' && *s != '\n' && *s != '\0')
				*bad = 1;
		} else {
			while (*s && *s != ',' && *s != '\r' && *s != '\n') {
				if (*s == '"')
					*bad = 1;
				buf_putc(&f, *s++);
			}
		}
		GROW(v, cap, n + 1);
		buf_cstr(&f);
		v[n++] = buf_take(&f);
		if (*bad)
			break;
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == '\r')
			s++;
		if (*s == '\n') {
			s++;
			++*line;
		}
		break;
	}
	*p = s;
	*nf = n;
	return v;
}

static void
record_out(struct buf *b, char *const *f)
{
	for (int i = 0; i < R_N; i++) {
		if (i)
			buf_putc(b, ',');
		buf_csv_field(b, f[i]);
	}
	buf_puts(b, "\r\n");
}

char *
distribute_register(const char *old, const struct doc *doc, const struct manifest *m, int *replaced,
    const char **why, int *line)
{
	struct record e = {{0}};
	entry(doc, m, &e);
	*replaced = 0;
	struct buf out = {0};
	buf_puts(&out, REGISTER_HEADER "\r\n");
	const char *p = old ? old : "";
	int ln = 1, bad = 0, first = 1, ok = 1;
	for (;;) {
		int at = ln;
		size_t nf;
		char **f = csv_record(&p, &nf, &ln, &bad);
		if (f == NULL)
			break;
		if (!first)
			/* the values as they were before record_out guarded them
			 * against spreadsheets: written again, they are guarded
			 * again, so an entry stays the same through any number of
			 * runs */
			for (size_t i = 0; i < nf; i++)
				csv_field_unguard(f[i]);
		if (bad) {
			/* TRANSLATORS: what is wrong with the register's file */
			*why = N_("a quote out of place (fields with a comma, quote or line break are quoted, quotes doubled)");
			ok = 0;
		} else if (first) {
			struct buf h = {0};
			for (size_t i = 0; i < nf; i++)
				buf_printf(&h, "%s%s", i ? "," : "", f[i]);
			if (strcmp(buf_cstr(&h), REGISTER_HEADER) != 0) {
				/* (REGISTER_HEADER, spelled out for the catalogue) */
				*why = N_("the first line is not the header number,symbol,date,subject,signer,recipients,copies");
				ok = 0;
			}
			buf_free(&h);
		} else if (nf == 1 && f[0][0] == '\0') {
			/* an empty line: dropped */
		} else if (nf != R_N) {
			*why = N_("an entry that does not have the 7 fields of the header");
			ok = 0;
		} else if (!*replaced && strcmp(f[R_NUMBER], e.f[R_NUMBER]) == 0 && strcmp(f[R_SYMBOL], e.f[R_SYMBOL]) == 0 &&
		    strcmp(f[R_DATE], e.f[R_DATE]) == 0) {
			record_out(&out, e.f);
			*replaced = 1;
		} else {
			record_out(&out, f);
		}
		for (size_t i = 0; i < nf; i++)
			free(f[i]);
		free(f);
		first = 0;
		if (!ok) {
			*line = at;
			break;
		}
	}
	if (ok && !*replaced)
		record_out(&out, e.f);
	record_free(&e);
	if (!ok) {
		buf_free(&out);
		return NULL;
	}
	return buf_take(&out);
}
