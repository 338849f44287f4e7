/* fmt.c: the words and numbers the generator derives (date line, number
 * line, citation dates, capitals, recipient punctuation) from the family's
 * formats, so that renderers share one spelling of each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "doc.h"
#include "text.h"

char *
fmt_expand(const char *fmt, const char *const *keys, const char *const *vals, size_t n)
{
	struct buf b = {0};
	for (const char *p = fmt; *p;) {
		if (*p == '{') {
			const char *e = strchr(p, '}');
			size_t k = e ? (size_t)(e - p - 1) : 0;
			size_t i;
			for (i = 0; e && i < n; i++)
				if (strlen(keys[i]) == k && strncmp(keys[i], p + 1, k) == 0)
					break;
			if (e && i < n) {
				buf_puts(&b, vals[i] ? vals[i] : "");
				p = e + 1;
				continue;
			}
		}
		buf_putc(&b, *p++);
	}
	return buf_take(&b);
}

static int
pad_month(const struct family *f, int m)
{
	for (size_t i = 0; i < f->nzero_months; i++)
		if (f->zero_months[i] == m)
			return 1;
	return 0;
}

static void
day_month(const struct family *f, const struct date *dt, char *day, char *month, size_t size)
{
	snprintf(day, size, dt->d < f->day_digits_below ? "%02d" : "%d", dt->d);
	snprintf(month, size, pad_month(f, dt->m) ? "%02d" : "%d", dt->m);
}

char *
fmt_date_of(const struct family *f, const char *place, const struct date *dt)
{
	char day[16], month[16], year[16];
	const char *blank = f->date_blank;
	if (dt->y == 0)
		snprintf(year, sizeof year, "%s", blank);
	else
		snprintf(year, sizeof year, "%04d", dt->y);
	if (dt->m == 0) {
		snprintf(day, sizeof day, "%s", blank);
		snprintf(month, sizeof month, "%s", blank);
	} else {
		day_month(f, dt, day, month, sizeof day);
	}
	const char *keys[] = {"place", "day", "month", "year"};
	const char *vals[] = {place, day, month, year};
	return fmt_expand(f->date_format, keys, vals, 4);
}

char *
fmt_date_line(const struct doc *doc)
{
	return fmt_date_of(doc->family, doc->place, &doc->date);
}

char *
fmt_date_in_text_as(const struct family *f, const struct date *dt, const char *form)
{
	char day[16], month[16], year[16];
	day_month(f, dt, day, month, sizeof day);
	snprintf(year, sizeof year, "%04d", dt->y);
	const char *keys[] = {"day", "month", "year"};
	const char *vals[] = {day, month, year};
	return fmt_expand(form, keys, vals, 3);
}

char *
fmt_date_in_text(const struct family *f, const struct date *dt)
{
	return fmt_date_in_text_as(f, dt, f->cite_date_format);
}

char *
fmt_number_of(const struct family *f, int number, const char *symbol)
{
	char num[32];
	if (number > 0)
		snprintf(num, sizeof num, "%0*d", f->number_digits, number);
	else
		snprintf(num, sizeof num, "%s", f->number_blank);
	const char *keys[] = {"number", "symbol"};
	const char *vals[] = {num, symbol};
	return fmt_expand(f->number_format, keys, vals, 2);
}

char *
fmt_number_line(const struct doc *doc)
{
	return fmt_number_of(doc->family, doc->number, doc->symbol);
}

const char *
fmt_kind_code(const struct doc *doc)
{
	if (doc->family_id == FAMILY_STATE && doc->kind->state_code)
		return doc->kind->state_code;
	return doc->kind->code;
}

const char *
fmt_type_name(const struct doc *doc)
{
	return doc->type_name ? doc->type_name : doc->kind->name;
}

char *
fmt_map_case(const char *s, int32_t (*first)(int32_t), int32_t (*rest)(int32_t))
{
	struct buf b = {0};
	size_t n = strlen(s);
	int at_start = 1;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			buf_putc(&b, s[i++]);
			continue;
		}
		int32_t (*fn)(int32_t) = at_start ? first : rest;
		int32_t c = fn ? fn((int32_t)cp) : (int32_t)cp;
		at_start = 0;
		char out[4];
		buf_add(&b, out, (size_t)utf8_encode((uint32_t)c, out));
		i += (size_t)k;
	}
	return buf_take(&b);
}

char *
fmt_upper(const char *s)
{
	return fmt_map_case(s, utf8proc_toupper, utf8proc_toupper);
}

int
fmt_days_in(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

char *
fmt_date_problem(int y, int m, int d)
{
	/* TRANSLATORS: month names, as in "February 2024 has only 29 days" */
	static const char *const months[12] = {N_("January"), N_("February"), N_("March"), N_("April"), N_("May"),
	    N_("June"), N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December")};
	if (y < 1900)
		return NULL;
	if (m < 1 || m > 12)
		return xasprintf(_("there is no month %d: the months are 1 to 12"), m);
	if (d < 1)
		return xasprintf(_("there is no day %d: the days of a month start at 1"), d);
	if (d > fmt_days_in(y, m))
		/* TRANSLATORS: a month's name, its year, its number of days */
		return xasprintf(_("%s %d has only %d days"), _(months[m - 1]), y, fmt_days_in(y, m));
	return NULL;
}

const char *
fmt_family_documents(enum family_id id)
{
	return id == FAMILY_STATE ? _("state documents") : _("party documents");
}

char *
fmt_issued_by(const struct doc *doc)
{
	if (doc->issued_by == NULL)
		return NULL;
	char *s = xasprintf("%s%s", doc->family->issued_by_prefix, doc->issued_by);
	char *u = fmt_upper(s);
	free(s);
	return u;
}

char *
fmt_addressee(const struct doc *doc, size_t i)
{
	const struct family *f = doc->family;
	char *t = text_plain(doc->addressees[i]);
	if (doc->naddressees == 1)
		return t;
	char *s = xasprintf("%s%s%s", f->recipient_dash, t, i + 1 < doc->naddressees ? f->addressee_sep : f->addressee_last);
	free(t);
	return s;
}

char *
fmt_recipient_tail(const struct family *f, const struct sign_off *e, size_t i)
{
	char *note = NULL;
	if (e->recipients[i].note) {
		const char *keys[] = {"note"};
		const char *vals[] = {e->recipients[i].note};
		note = fmt_expand(f->note_format, keys, vals, 1);
	}
	char *s = xasprintf("%s%s", note ? note : "", f->recipient_sep);
	free(note);
	return s;
}

char *
fmt_archive(const struct family *f, const struct sign_off *e)
{
	/* the family's own words (VT) are not repeated: "VT, NC" gives
	 * "Lưu: VT, NC", and nothing else left gives "Lưu: VT" */
	struct buf rest = {0};
	const char *p = e->archive ? e->archive : "";
	while (*p) {
		size_t n = strcspn(p, ",");
		const char *w = p;
		size_t wn = n;
		while (wn > 0 && *w == ' ')
			w++, wn--;
		while (wn > 0 && w[wn - 1] == ' ')
			wn--;
		int fixed = 0;
		for (size_t i = 0; f->archive_fixed && f->archive_fixed[i]; i++)
			fixed |= strlen(f->archive_fixed[i]) == wn && strncmp(f->archive_fixed[i], w, wn) == 0;
		if (wn > 0 && !fixed) {
			if (rest.len)
				buf_puts(&rest, ", ");
			buf_add(&rest, w, wn);
		}
		p += n;
		if (*p == ',')
			p++;
	}
	const char *keys[] = {"archive"};
	const char *vals[] = {buf_cstr(&rest)};
	char *a = fmt_expand(rest.len ? f->archive_format : f->archive_empty, keys, vals, 1);
	char *s = xasprintf("%s%s%s", f->recipient_dash, a, f->recipient_last);
	free(a);
	buf_free(&rest);
	return s;
}

void
fmt_roman(int n, char *out, size_t size)
{
	static const struct {
		int v;
		const char *s;
	} t[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
	    {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}};
	size_t k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof t / sizeof *t && n > 0; i++)
		while (n >= t[i].v && k + strlen(t[i].s) < size) {
			strcpy(out + k, t[i].s);
			k += strlen(t[i].s);
			n -= t[i].v;
		}
}

void
fmt_label(const char *form, int n, const char *path, char *out, size_t size)
{
	static const char *const letters[FMT_LETTERS] = {"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
	    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
	char roman[32], arabic[16];
	fmt_roman(n, roman, sizeof roman);
	snprintf(arabic, sizeof arabic, "%d", n);
	const char *keys[] = {"R", "n", "a", "path"};
	const char *vals[] = {roman, arabic, n >= 1 && n <= FMT_LETTERS ? letters[n - 1] : "?", path};
	char *s = fmt_expand(form, keys, vals, 4);
	snprintf(out, size, "%s", s);
	free(s);
}

int
ends_with_mark(const char *s, const char *mark)
{
	size_t n = strlen(s), k = strlen(mark);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return k > 0 && n >= k && memcmp(s + n - k, mark, k) == 0;
}

const char *
fmt_issuer_text(const struct doc *doc)
{
	return doc->issued_by ? doc->issued_by : doc->issuer.text;
}

char *
fmt_annex_line(const struct doc *doc, int issued_with)
{
	const struct family *f = doc->family;
	const char *tn = fmt_type_name(doc);
	char *type = doc->kind->text_name ? xstrdup(doc->kind->text_name)
	             : *tn ? fmt_map_case(tn, utf8proc_toupper, utf8proc_tolower) : xstrdup("Văn bản");
	/* the number and symbol as the number line writes them after "Số" */
	const char *nf = strstr(f->number_format, "{number}");
	char num[32];
	if (doc->number > 0)
		snprintf(num, sizeof num, "%0*d", f->number_digits > 0 && f->number_digits < 10 ? f->number_digits : 1,
		    doc->number);
	else
		snprintf(num, sizeof num, "%s", f->number_blank);
	const char *nk[] = {"number", "symbol"};
	const char *nv[] = {num, doc->symbol ? doc->symbol : ""};
	char *number = fmt_expand(nf ? nf : "{number}-{symbol}", nk, nv, 2);
	char day[16], month[16], year[16];
	const struct date *dt = &doc->date;
	if (dt->y)
		snprintf(year, sizeof year, "%04d", dt->y);
	else
		snprintf(year, sizeof year, "%s", f->date_blank);
	if (dt->m)
		day_month(f, dt, day, month, sizeof day);
	else {
		snprintf(day, sizeof day, "%s", f->date_blank);
		snprintf(month, sizeof month, "%s", f->date_blank);
	}
	const char *dk[] = {"day", "month", "year"};
	const char *dv[] = {day, month, year};
	char *date = fmt_expand(f->annex_date, dk, dv, 3);
	const char *by = fmt_issuer_text(doc);
	const char *keys[] = {"type", "number", "date", "by"};
	const char *vals[] = {type, number, date, by ? by : ""};
	char *s = fmt_expand(issued_with ? f->annex_issued_with : f->annex_attached_to, keys, vals, 4);
	free(type);
	free(number);
	free(date);
	return s;
}
