/* lint.c: rules of the regulations that a document can break while being
 * valid YAML of the content format; each reported with its rule ID. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "lint.h"
#include "text.h"

enum rule {
	R_SYMBOL_SHAPE,
	R_SYMBOL_KIND,
	R_SIGN_PREFIX,
	R_SUBJECT_CASE,
	R_RECIPIENT_PUNCT,
	R_DUE_BEFORE,
	R_CITE_AFTER,
	R__COUNT
};

/* The rules: their IDs stay as they are in every language; what each says
 * and where the regulation says it are translated where printed. */
static const struct {
	const char *id;
	enum diag_level level;
	const char *clause;
	const char *what;
} rules[] = {
    /* TRANSLATORS: the linter's rules: first where the regulations say it
     * (keep the names of the regulations and their Vietnamese words), then
     * what the rule says */
    [R_SYMBOL_SHAPE] = {"symbol-shape", DL_ERROR,
        N_("HD 36-HD/VPTW, số và ký hiệu (Số 155-KH/TU); NĐ 30/2020/NĐ-CP, Điều 8 khoản 3 (Số: 15/KH-UBND)"),
        N_("a typed symbol has the family's shape: TYPE/ISSUER (party), TYPE-ISSUER (state)")},
    [R_SYMBOL_KIND] = {"symbol-kind", DL_ERROR,
        N_("HD 36-HD/VPTW, ký hiệu tên loại văn bản; NĐ 30/2020/NĐ-CP, Phụ lục III (chữ viết tắt tên loại)"),
        N_("the type code of a typed symbol is the kind's (KH for a kế hoạch)")},
    [R_SIGN_PREFIX] = {"signature-prefix", DL_ERROR,
        N_("HD 36-HD/VPTW, thể thức đề ký (T/M, K/T, T/L, Q.); NĐ 30/2020/NĐ-CP, Điều 8 khoản 7 and Phụ lục I (TM., KT., TL., TUQ., Q.)"),
        N_("the signature's prefix is one the family allows")},
    [R_SUBJECT_CASE] = {"subject-case", DL_WARNING,
        N_("HD 36-HD/VPTW, trích yếu nội dung (về ...); NĐ 30/2020/NĐ-CP, Phụ lục I, trích yếu nội dung"),
        N_("a party subject starts in lower case, a state subject with a capital")},
    [R_RECIPIENT_PUNCT] = {"recipient-punctuation", DL_WARNING,
        N_("HD 36-HD/VPTW, nơi nhận (each item ends with ','); NĐ 30/2020/NĐ-CP, Phụ lục I, nơi nhận (';')"),
        N_("recipients are typed without the punctuation that ends them: the generator adds it")},
    [R_DUE_BEFORE] = {"due-before-date", DL_ERROR,
        N_("HD 36-HD/VPTW and NĐ 30/2020/NĐ-CP, địa danh và thời gian ban hành"),
        N_("a task is not due before the document that assigns it is issued")},
    [R_CITE_AFTER] = {"citation-after-date", DL_ERROR,
        N_("HD 36-HD/VPTW and NĐ 30/2020/NĐ-CP, địa danh và thời gian ban hành"),
        N_("a document cites only directives issued on or before its own date")},
};

/* The columns of check --rules: the rule's ID, its severity, what it says;
 * the clause under it, from the third column. */
enum { RULE_COL = 22, SEVERITY_COL = 8 };

void
lint_print_rules(FILE *out)
{
	struct buf b = {0};
	/* TRANSLATORS: the heading of check --rules: its three columns */
	buf_pad(&b, _("RULE"), RULE_COL);
	buf_putc(&b, ' ');
	buf_pad(&b, _("SEVERITY"), SEVERITY_COL);
	buf_printf(&b, " %s\n", _("WHAT, AND WHERE THE REGULATION SAYS IT"));
	for (int r = 0; r < R__COUNT; r++) {
		buf_pad(&b, rules[r].id, RULE_COL);
		buf_putc(&b, ' ');
		buf_pad(&b, rules[r].level == DL_ERROR ? _("error") : _("warning"), SEVERITY_COL);
		buf_printf(&b, " %s\n%*s(%s)\n", _(rules[r].what), RULE_COL + SEVERITY_COL + 1, "", _(rules[r].clause));
	}
	fputs(buf_cstr(&b), out);
	buf_free(&b);
}

static void
report(struct diag *d, enum rule r, struct pos p, const char *msg)
{
	diag(d, rules[r].level == DL_ERROR ? D_LINT_ERROR : D_LINT_WARNING, p, msg, rules[r].id);
}

static int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	return a->d < b->d ? -1 : a->d > b->d;
}

static struct pos
in_doc(const struct doc *doc, struct pos p)
{
	if (p.file == NULL)
		p.file = doc->file;
	return p;
}

static void
symbol_kind(const struct doc *doc, struct diag *d)
{
	const char *code = fmt_kind_code(doc);
	if (!doc->symbol_given || doc->symbol == NULL || *code == '\0')
		return;
	/* party: KH/TU, state: KH-UBND (or 2025/NQ-HĐND): the type code
	 * comes first */
	const char *sym = doc->symbol;
	if (doc->family->symbol_year && strspn(sym, "0123456789") == 4 && sym[4] == '/')
		sym += 5;
	const char *sep = doc->family_id == FAMILY_STATE ? "-" : "/";
	if (strpbrk(sym, sep) == NULL)
		return; /* not the family's shape: symbol-shape says so */
	size_t n = strcspn(sym, sep);
	if (strlen(code) != n || strncmp(sym, code, n) != 0) {
		/* TRANSLATORS: the symbol, the kind's type code, the kind's name (Kế hoạch) */
		char *msg = xasprintf(_("symbol '%s' does not start with %s, the type code of %s"), doc->symbol, code,
		    doc->kind->name[0] ? doc->kind->name : doc->kind->id);
		report(d, R_SYMBOL_KIND, in_doc(doc, doc->symbol_pos), msg);
		free(msg);
	}
}

static void
subject_case(const struct doc *doc, struct diag *d)
{
	/* a state công văn's "V/v bổ sung ..." starts in lower case after its
	 * prefix (Mẫu 1.5) */
	if ((doc->kind->subject_in_header && doc->family_id == FAMILY_STATE) || doc->subject == NULL)
		return;
	char *s = text_plain(doc->subject);
	uint32_t cp = 0;
	size_t i = 0;
	/* the first letter, past opening quotes and brackets */
	while (s[i]) {
		int k = utf8_decode(s + i, strlen(s + i), &cp);
		if (k == 0)
			break;
		if (utf8proc_category((utf8proc_int32_t)cp) <= UTF8PROC_CATEGORY_LO)
			break;
		i += (size_t)k;
		cp = 0;
	}
	if (cp) {
		int upper = utf8proc_isupper((utf8proc_int32_t)cp), want_upper = doc->family_id == FAMILY_STATE;
		if (upper != want_upper) {
			/* TRANSLATORS: %.*s is the subject's first word */
			char *msg = xasprintf(want_upper ? _("state subjects start with a capital letter, this one with '%.*s'")
			                                 : _("party subjects start with a lower-case letter, this one with '%.*s'"),
			    (int)strcspn(s + i, " "), s + i);
			report(d, R_SUBJECT_CASE, in_doc(doc, doc->subject->pos), msg);
			free(msg);
		}
	}
	free(s);
}

static void
recipient_punct(const struct doc *doc, const struct sign_off *e, struct diag *d)
{
	for (size_t i = 0; i < e->nrecipients; i++) {
		if (!e->recipients[i].typed)
			continue;
		char *s = text_plain(e->recipients[i].to);
		/* TRANSLATORS: the recipient as typed (its words, then its mark), then the mark */
		char *msg = xasprintf(_("recipient '%s%c' ends with '%c': it is left out, the list's punctuation is the family's"),
		    s, e->recipients[i].typed, e->recipients[i].typed);
		report(d, R_RECIPIENT_PUNCT, in_doc(doc, e->recipients[i].to->pos), msg);
		free(msg);
		free(s);
	}
}

struct lint_ctx {
	const struct doc *doc;
	struct diag *d;
};

static void
due_task(const struct doc *doc, const struct task *t, struct diag *d)
{
	if (t == NULL || t->due.kind != DUE_DATE || doc->date.m == 0)
		return;
	if (date_cmp(&t->due.date, &doc->date) < 0) {
		/* TRANSLATORS: two dates, year, month, day each: the task's due date, the document's date */
		char *msg = xasprintf(_("due %04d-%02d-%02d, before the document's date %04d-%02d-%02d"), t->due.date.y,
		    t->due.date.m, t->due.date.d, doc->date.y, doc->date.m, doc->date.d);
		report(d, R_DUE_BEFORE, in_doc(doc, t->due.pos), msg);
		free(msg);
	}
}

static void
due_block(const struct block *b, void *arg)
{
	const struct lint_ctx *c = arg;
	if (b->type == BLK_ASSIGNMENT)
		due_task(c->doc, b->u.task, c->d);
}

static void
cite_after(const struct doc *doc, struct diag *d)
{
	if (doc->date.m == 0)
		return;
	for (size_t i = 0; i < doc->ndirectives; i++) {
		const struct directive *dir = &doc->directives[i];
		if (dir->state == 0 || dir->date.y == 0 || date_cmp(&dir->date, &doc->date) <= 0)
			continue;
		/* TRANSLATORS: the cited document's type and number ("Kết luận số 44-KL/TW"), its date, this document's date */
		char *msg = xasprintf(_("%s số %s is dated %04d-%02d-%02d, after this document (%04d-%02d-%02d) that cites it"),
		    dir->type, dir->number, dir->date.y, dir->date.m, dir->date.d, doc->date.y, doc->date.m, doc->date.d);
		struct pos p = dir->registry ? (struct pos){doc->file, 0, 0} : in_doc(doc, dir->pos);
		report(d, R_CITE_AFTER, p, msg);
		free(msg);
	}
}

void
lint_doc(const struct doc *doc, struct diag *d)
{
	symbol_kind(doc, d);
	subject_case(doc, d);
	recipient_punct(doc, &doc->end, d);
	if (doc->copy)
		recipient_punct(doc, &doc->copy->end, d);
	struct lint_ctx c = {doc, d};
	blocks_walk(&doc->body, due_block, &c);
	cite_after(doc, d);
}
