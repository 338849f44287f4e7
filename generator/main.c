/* main.c: the command line: vanban build|check, options, exit statuses,
 * and writing each document's outputs all or nothing. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/file.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "font.h"
#include "layout.h"
#include "lint.h"
#ifdef VANBAN_DOCX
#include "docx/docx.h"
#endif
#include "load.h"
#include "out.h"
#include "out_distribute.h"
#include "out_pdf.h"
#include "out_tasks.h"
#include "tasks_xlsx.h"
#include "text.h"
#include "validate.h"
#include "watch.h"

/* The usage lines: the first after "usage: ", the others under it; a line
 * that runs on goes on after a newline, indented from the same column.
 * Each command is one string, so that a translator may render its
 * metavariables (FILE, DIR) and a new command adds a line. */
static const char *const usage_lines[] = {
    /* TRANSLATORS: the usage lines: keep the command and option names
     * (build, --registry ...); FILE and DIR may be translated, as
     * coreutils does (TẬP_TIN, THƯ_MỤC). */
    /* TRANSLATORS: the second line starts under the first's options */
    N_("vanban build [-o DIR] [--registry DIR] [--templates DIR] [--fonts DIR] [--annex] [--docx] [--pdfa]\n"
       "             [-T tree|layout] FILE.yaml..."),
    N_("vanban watch [-o DIR] [--registry DIR] [--templates DIR] [--fonts DIR] [--annex] FILE.yaml..."),
    N_("vanban check [--registry DIR] [--templates DIR] [--fonts DIR] FILE.yaml..."),
    "vanban check --rules",
    N_("vanban tasks [--format csv|md] [--ics FILE] [--xlsx FILE.xlsx] [--registry DIR] [--templates DIR]\n"
       "             [--fonts DIR] FILE.yaml"),
    N_("vanban tasks --xlsx FILE.xlsx [--registry DIR] [--templates DIR] [--fonts DIR] FILE.yaml..."),
    /* TRANSLATORS: the second line starts under the first's options */
    N_("vanban distribute [--register FILE.csv | --total] [--registry DIR] [--templates DIR] [--fonts DIR]\n"
       "                  FILE.yaml"),
    /* TRANSLATORS: the lines after the first start under its options */
    N_("vanban sign (--p12 FILE.p12 | --pkcs11 URI --module LIB.so) [--cert FILE.pem]\n"
       "            [--image SIGNATURE.png | --seal SEAL.png [--seal-mm MM] | --attachment]\n"
       "            [--place N] [--registry DIR] -o OUT.pdf IN.pdf"),
    N_("vanban new KIND [--family party|state] FILE.yaml | new --list"),
    "vanban schema",
    "vanban --help | --version",
};

/* --help after the usage: one string a paragraph, a command or an option. */
static const char *const help_text[] = {
    N_("vanban turns YAML sources of Vietnamese official documents into a print-ready\n"
       "PDF (Hướng dẫn 36-HD/VPTW for Party documents), Markdown and HTML.\n"),
    "\n",
    N_("Commands:\n"),
    /* TRANSLATORS: the commands and options of --help: keep their names
     * and the column (23) where the descriptions start. */
    N_("  build FILE.yaml...   write DIR/STEM.pdf, DIR/STEM.md and DIR/STEM.html for\n"
       "                       each file; a file with an error writes nothing and\n"
       "                       leaves earlier outputs untouched\n"),
    N_("  watch FILE.yaml...   build each file, then again each time its source, a\n"
       "                       template or a registry file it uses is saved, with a\n"
       "                       line saying when; a save with an error keeps the last\n"
       "                       good outputs; Ctrl-C stops (PDF viewers that reload a\n"
       "                       changed file, as Evince and Okular do, show each save)\n"),
    N_("  check FILE.yaml...   validate and lint against the regulations; write nothing\n"),
    N_("  check --rules        list the linter's rules: ID, severity, clause\n"),
    N_("  tasks FILE.yaml      print the task table: a row for each remedy of each\n"
       "                       shortcoming and for each section with an assignment;\n"
       "                       columns number, finding, remedy, lead, partners (joined\n"
       "                       by \"; \"), due (as printed), due_date (ISO, the first one\n"
       "                       for a yearly due; empty for thường xuyên), assignment\n"
       "                       (the words of an assignment given as plain text)\n"),
    N_("  distribute FILE.yaml print the print manifest (copies for each recipient, each\n"
       "                       place on the Lưu line, the total) and enter the document\n"
       "                       in the register of outgoing documents; an entry with the\n"
       "                       same number, symbol and date is replaced, not repeated\n"),
    N_("  sign IN.pdf          sign a PDF that build made, as an incremental update:\n"
       "                       the signer's image (--image), the agency's seal over it\n"
       "                       (--seal), or the agency's line on an annex\n"
       "                       (--attachment); the password or PIN from VANBAN_PIN or\n"
       "                       the terminal\n"),
    N_("  new KIND FILE.yaml   write a skeleton of a document of that kind (--family\n"
       "                       party|state; default: the kind's only family, else\n"
       "                       party): each placeholder «...» is an error until filled;\n"
       "                       an existing FILE is never overwritten\n"),
    N_("  new --list           list the kinds: template name, Vietnamese name\n"),
    N_("  schema               print the JSON Schema of the content format (for the\n"
       "                       editor's YAML language server)\n"),
    "\n",
    N_("Options:\n"),
    N_("  -o DIR               output directory (default: out)\n"),
    N_("  -T tree              print the validated document model instead of writing\n"),
    N_("  -T layout            print the laid-out pages instead of writing\n"),
    N_("  --templates DIR      document kinds and layout rules (default: the templates/\n"
       "                       directory beside the program's build/ directory)\n"),
    N_("  --fonts DIR          look for the font files in DIR only (repeatable; default:\n"
       "                       fonts/ beside templates/, then Liberation Serif from\n"
       "                       fonts-liberation2)\n"),
    N_("  --registry DIR       shared agencies.yaml and directives.yaml (default: the\n"
       "                       registry/ directory beside each source)\n"),
    N_("  --deps               also write DIR/STEM.d: the registry files each document\n"
       "                       used, for make\n"),
    N_("  --annex              build: add the task table as one more Phụ lục (as\n"
       "                       task_annex: true in the source does)\n"),
    N_("  --docx               build: also write DIR/STEM.docx, a Word file with the\n"
       "                       same layout (by the helper program vanban-docx)\n"),
    N_("  --pdfa               build: write the PDF as PDF/A-2b, for archiving\n"),
    N_("  --format csv|md      tasks: CSV (RFC 4180, CRLF, header row; the default) or\n"
       "                       a Markdown pipe table\n"),
    N_("  --ics FILE           tasks: also write the deadlines as an iCalendar file\n"
       "                       (an all-day event for each due date, a yearly rule for\n"
       "                       hằng năm trước DD-MM, nothing for thường xuyên); the\n"
       "                       SEQUENCEs go on from the FILE already there; a plan\n"
       "                       without a dated deadline has no calendar (exit 1)\n"),
    N_("  --xlsx FILE.xlsx     tasks: also write the task table as an Excel workbook: a\n"
       "                       sheet for each FILE.yaml, named by its stem; headers in\n"
       "                       row 1, then the CSV's rows, due dates as dates; with\n"
       "                       several files nothing is printed (written by\n"
       "                       vanban-xlsx, beside vanban or in PREFIX/libexec/vanban)\n"),
    N_("  --register FILE.csv  distribute: the register (default: out/register.csv)\n"),
    N_("  --total              distribute: print only the total number of copies and\n"
       "                       leave the register alone (make print uses it)\n"),
    N_("  --p12 FILE.p12       sign: the key and certificate in a PKCS#12 file\n"),
    N_("  --pkcs11 URI         sign: the key on a token (RFC 7512 URI), through the\n"
       "  --module LIB.so      token's PKCS#11 library\n"),
    N_("  --cert FILE.pem      sign: the certificate and its chain, if the key has none\n"),
    N_("  --image, --seal FILE.png, --seal-mm MM, --attachment, --place N\n"
       "                       sign: which signature (see above), at which place\n"),
    "  --help, --version\n",
    "\n",
    N_("Exit status: 0 success (warnings allowed), 1 a problem in the content\n"
       "(FILE:LINE:COL: error: ... on standard error), 2 wrong usage, 3 a system or\n"
       "I/O failure.\n"),
};

/* The usage lines, in the language of the messages: the first after
 * "usage: ", the others (and a line's run-on) under it. */
static void
print_usage(FILE *f)
{
	/* TRANSLATORS: before the first usage line; the others are indented
	 * to its width (coreutils: "Cách dùng: ") */
	const char *prefix = _("usage: ");
	size_t w = u8_width(prefix);
	for (size_t i = 0; i < sizeof usage_lines / sizeof *usage_lines; i++) {
		fprintf(f, "%*s", i ? (int)w : 0, i ? "" : prefix);
		for (const char *s = _(usage_lines[i]); *s; s++) {
			fputc(*s, f);
			if (*s == '\n')
				fprintf(f, "%*s", (int)w, "");
		}
		fputc('\n', f);
	}
}

static void
print_help(void)
{
	print_usage(stdout);
	fputs("\n", stdout);
	for (size_t i = 0; i < sizeof help_text / sizeof *help_text; i++)
		fputs(_(help_text[i]), stdout);
}

struct opts {
	const char *cmd;
	const char *outdir;
	const char *tdir;
	const char *dump;
	const char *registry; /* NULL: registry/ beside each source */
	int deps;             /* write DIR/STEM.d for make */
	int annex;            /* build: append the task table as a Phụ lục */
	int pdfa;             /* build: PDF/A-2b */
	const char *format;   /* tasks: "csv" or "md" */
	const char *ics;      /* tasks: the calendar file, or NULL */
	const char *xlsx;     /* tasks: the workbook, or NULL */
	const char *reg;      /* distribute: the register of outgoing documents */
	int total;            /* distribute: print the total only */
	int docx;             /* build: a Word file too, by the helper vanban-docx */
	int docx_only;        /* the helper's own: the Word file alone */
	const char **fontdirs;
	size_t nfontdirs;
	const char **files;
	size_t nfiles;
};

/* The first of the directories rel[] (relative to the directory above the
 * one holding the program) that exists, or NULL: what the program brings
 * along is found beside it, in the source tree (build/vanban) as once
 * installed (PREFIX/bin/vanban). */
static char *
beside_program(const char *const *rel, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len <= 0)
		return NULL;
	exe[len] = '\0';
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(exe, '/');
		if (slash == NULL)
			return NULL;
		*slash = '\0';
	}
	for (size_t i = 0; i < n; i++) {
		char *t = xasprintf("%s/%s", exe, rel[i]);
		struct stat st;
		if (stat(t, &st) == 0 && S_ISDIR(st.st_mode))
			return t;
		free(t);
	}
	return NULL;
}

/* templates/ in the source tree, share/vanban/templates once installed;
 * else templates/ in the current directory. */
static char *
default_templates(void)
{
	static const char *const rel[] = {"templates", "share/vanban/templates"};
	char *t = beside_program(rel, 2);
	return t ? t : xstrdup("templates");
}

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* The language of the messages follows the locale (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG), as in any GNU program; the catalogue is found beside
 * the program (build/locale, made by the build, or PREFIX/share/locale).
 * Only the messages' category and the characters' are taken from the
 * locale: numbers in the outputs keep their decimal point. */
static void
i18n_init(void)
{
	/* A "C" or "POSIX" locale has no translations, nor "C.UTF-8" without
	 * LANGUAGE (there is no catalogue for it): the locale is not read then,
	 * and the messages are the program's own, as gettext would give them.
	 * Reading it (the locale archive, locale.alias, the category's file)
	 * took 0.4 ms of every run. */
	const char *lang = getenv("LANGUAGE"), *v = getenv("LC_ALL");
	if (v == NULL || *v == '\0')
		v = getenv("LC_MESSAGES");
	if (v == NULL || *v == '\0')
		v = getenv("LANG");
	if (v == NULL || *v == '\0' || strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 ||
	    ((lang == NULL || *lang == '\0') && (strcmp(v, "C.UTF-8") == 0 || strcmp(v, "C.utf8") == 0)))
		return;
	/* LC_CTYPE only when an error is said: sys_error */
	setlocale(LC_MESSAGES, "");
	static const char *const rel[] = {"build/locale", "locale", "share/locale"};
	char *dir = beside_program(rel, 3);
	bindtextdomain("vanban", dir ? dir : LOCALEDIR);
	/* for the signing helper, which speaks the same language */
	setenv("VANBAN_LOCALEDIR", dir ? dir : LOCALEDIR, 1);
	bind_textdomain_codeset("vanban", "UTF-8");
	textdomain("vanban");
	free(dir);
}

static char *
parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

/* The stem of a path: "content/ke-hoach.yaml" -> "ke-hoach". */
static char *
stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}

struct out {
	char *final, *tmp;
	int fd; /* the temporary file, open for writing until written, else -1 */
};

/* What killed runs left beside the outputs of a directory: temporary files
 * ".NAME.PID.XXXXXX" whose process is gone. The directory is read once a
 * run: a repository's out/ holds four files a document, and reading it
 * for each output of a batch was 5% of the batch's time. Each is removed
 * when an output of its NAME is written again. */
struct leftovers {
	char *dir;
	char **names; /* entries of dir; NULL once removed */
	size_t n;
	struct leftovers *next;
};
static struct leftovers *leftovers;

static struct leftovers *
leftovers_in(const char *dir)
{
	for (struct leftovers *l = leftovers; l; l = l->next)
		if (strcmp(l->dir, dir) == 0)
			return l;
	struct leftovers *l = xcalloc(1, sizeof *l);
	l->dir = xstrdup(dir);
	l->next = leftovers;
	leftovers = l;
	DIR *dp = opendir(dir);
	struct dirent *e;
	size_t cap = 0;
	while (dp && (e = readdir(dp)) != NULL) {
		/* .NAME.PID.XXXXXX: the last two dots, a pid, six characters */
		const char *x = strrchr(e->d_name, '.');
		if (e->d_name[0] != '.' || x == NULL || x == e->d_name || strlen(x + 1) != 6)
			continue;
		const char *p = x;
		while (p > e->d_name + 1 && p[-1] >= '0' && p[-1] <= '9')
			p--;
		if (p == x || p[-1] != '.' || p - 1 == e->d_name)
			continue;
		long pid = strtol(p, NULL, 10);
		if (pid <= 0 || !(kill((pid_t)pid, 0) != 0 && errno == ESRCH))
			continue;
		if (l->n == cap)
			l->names = xrealloc(l->names, (cap = cap ? 2 * cap : 8) * sizeof *l->names);
		l->names[l->n++] = xstrdup(e->d_name);
	}
	if (dp)
		closedir(dp);
	return l;
}

static void
leftovers_free(void)
{
	while (leftovers) {
		struct leftovers *l = leftovers;
		leftovers = l->next;
		for (size_t i = 0; i < l->n; i++)
			free(l->names[i]);
		free(l->names);
		free(l->dir);
		free(l);
	}
}

/* A temporary file beside the output: ".NAME.PID.XXXXXX", so that the
 * next run of the same output removes what a killed run left. The mode the
 * file gets is the one the output has, or for a new one what the umask
 * lets a new file have. A final path that is a symbolic link is written
 * through: the file it names is replaced, the link stays. */
static int
temp_in(const char *dir, const char *name, struct out *o, struct diag *d)
{
	char *final = xasprintf("%s/%s", dir, name);
	struct stat st;
	/* through links (a few, and one that names no file yet too) */
	for (int hops = 0; hops < 8 && lstat(final, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
		char target[PATH_MAX];
		ssize_t n = readlink(final, target, sizeof target - 1);
		if (n <= 0)
			break;
		target[n] = '\0';
		char *next;
		if (target[0] == '/') {
			next = xstrdup(target);
		} else {
			char *ldir = parent_dir(final);
			next = xasprintf("%s/%s", ldir, target);
			free(ldir);
		}
		free(final);
		final = next;
	}
	o->final = final;
	char *fdir = parent_dir(final);
	const char *fname = strrchr(final, '/') ? strrchr(final, '/') + 1 : final;
	o->tmp = xasprintf("%s/.%s.%ld.XXXXXX", fdir, fname, (long)getpid());
	free(fdir);
	(void)name;
	/* what a killed run of this output left: its process is gone */
	char *tdir = parent_dir(o->final);
	const char *base = strrchr(o->final, '/') ? strrchr(o->final, '/') + 1 : o->final;
	struct leftovers *l = leftovers_in(tdir);
	size_t blen = strlen(base);
	for (size_t i = 0; i < l->n; i++) {
		const char *s = l->names[i];
		if (s == NULL || strncmp(s + 1, base, blen) != 0 || s[1 + blen] != '.' ||
		    strchr(s + 2 + blen, '.') != strrchr(s, '.'))
			continue;
		char *stale = xasprintf("%s/%s", tdir, s);
		unlink(stale);
		free(stale);
		free(l->names[i]);
		l->names[i] = NULL;
	}
	free(tdir);
	int fd = mkstemp(o->tmp);
	o->fd = fd;
	if (fd < 0) {
		diag(d, D_IO, (struct pos){0}, o->final, sys_error(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	/* the user's umask, read once: vanban does not change it */
	static mode_t mask;
	static int have_mask;
	if (!have_mask) {
		mask = umask(0);
		umask(mask);
		have_mask = 1;
	}
	mode_t mode = stat(o->final, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask;
	fchmod(fd, mode);
	return 0;
}

/* Closes out's temporary file where it is still open: for a writer that
 * opens it by its name (the workbook's helper), or after a failure. */
static void
out_close(struct out *o)
{
	if (o->tmp != NULL && o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

/* Writes s[0..n) to out's temporary file, every write checked, and starts
 * the data's way to the disk (writeback_start); out_sync waits for it
 * before the rename. In between the build goes on (the PDF is made while
 * the Markdown and the HTML are written out). A problem is said of the
 * file the user asked for, out's final one. */
static int
write_all_len(struct out *out, const char *s, size_t n, struct diag *d)
{
	int e = 0;
	if (out->fd < 0)
		e = EBADF;
	for (size_t done = 0; e == 0 && done < n;) {
		ssize_t w = write(out->fd, s + done, n - done);
		if (w > 0)
			done += (size_t)w;
		else if (w < 0 && errno != EINTR)
			e = errno;
		else if (w == 0)
			e = EIO;
	}
	if (e != 0) {
		diag(d, D_IO, (struct pos){0}, out->final, sys_error(e));
		out_close(out);
		return -1;
	}
	writeback_start(out->fd);
	return 0;
}

/* The data of a file write_all_len wrote on the disk, and the file closed,
 * both checked: after this its rename may put it in place. */
static int
out_sync(struct out *out, struct diag *d)
{
	if (out->fd < 0) { /* closed on a failed write: never in place */
		diag(d, D_IO, (struct pos){0}, out->final, sys_error(EBADF));
		return -1;
	}
	int ok = fsync(out->fd) == 0, e = errno;
	if (close(out->fd) != 0 && ok) {
		ok = 0;
		e = errno;
	}
	out->fd = -1;
	if (!ok)
		diag(d, D_IO, (struct pos){0}, out->final, sys_error(e ? e : EIO));
	return ok ? 0 : -1;
}

static int
write_all(struct out *out, const char *s, struct diag *d)
{
	return write_all_len(out, s, strlen(s), d);
}

struct fontcache {
	const struct family *fam[2];
	struct fontset *fs[2];
	int more; /* another document of the run follows: font_keep_pages */
};

/* The faces of doc's family, found in --fonts or the default places; a
 * family that cannot be had is reported. */
static struct fontset *
fonts_open(const struct doc *doc, const struct opts *o, struct diag *d)
{
	const char *defaults[3];
	const char *const *dirs = o->fontdirs;
	size_t ndirs = o->nfontdirs;
	char *own = NULL;
	if (ndirs == 0) {
		char *root = parent_dir(o->tdir);
		own = xasprintf("%s/fonts", root);
		free(root);
		defaults[0] = own;
		defaults[1] = "/usr/share/fonts/truetype/liberation2";
		defaults[2] = "/usr/share/fonts/truetype/liberation";
		dirs = defaults;
		ndirs = 3;
	}
	const char *const *names[FACE_COUNT];
	for (int f = 0; f < FACE_COUNT; f++)
		names[f] = (const char *const *)doc->family->font_names[f];
	char *why = NULL, *note = NULL;
	struct fontset *fs = font_open(dirs, ndirs, names, &why, &note);
	if (fs == NULL) {
		diag(d, D_NO_FONT, (struct pos){doc->file, 0, 0}, why ? why : _("no font"));
		free(why);
	}
	if (note) {
		diag(d, D_FONT_PASSED_OVER, (struct pos){0}, note);
		free(note);
	}
	free(own);
	return fs;
}

/* The faces of doc's family, opened once a run; they keep their files'
 * pages while another document of the run follows. */
static struct fontset *
fonts_for(struct fontcache *fc, const struct doc *doc, const struct opts *o, struct diag *d)
{
	int id = (int)doc->family_id;
	if (fc->fs[id] == NULL)
		fc->fs[id] = fonts_open(doc, o, d);
	if (fc->fs[id] != NULL)
		font_keep_pages(fc->fs[id], fc->more);
	return fc->fs[id];
}

static char *
pdf_title(const struct doc *doc)
{
	char *subj = text_plain(doc->subject);
	char *t = *fmt_type_name(doc) && *subj ? xasprintf("%s %s", fmt_type_name(doc), subj)
	          : *fmt_type_name(doc)        ? xstrdup(fmt_type_name(doc))
	                                       : xstrdup(subj);
	free(subj);
	return t;
}

static int write_atomic(const char *path, const char *s, struct diag *d);
static int write_atomic_len(const char *path, const char *s, size_t n, struct diag *d);

/* The Markdown and the HTML of a document, made in a second thread while
 * the first writes the PDF: it reads only the document, which nothing
 * changes any more, and the page template loaded before. */
struct text_job {
	const struct doc *doc;
	size_t pages;     /* the PDF's, for the estimate of the thread's heap */
	char *page, *css; /* owned by the caller */
	char *md, *html;  /* results, owned by the caller */
};

/* The heap the Markdown and the HTML take (heap_reserve in util.c), a
 * page of the PDF's: 2.2 MB for the 98 pages of bench's long plan. */
enum { TEXT_HEAP_PER_PAGE = 24 * 1024 };

static void *
text_job_run(void *arg)
{
	struct text_job *j = arg;
	heap_reserve(j->pages * TEXT_HEAP_PER_PAGE);
	j->md = md_render(j->doc);
	j->html = html_render_page(j->doc, j->page, j->css);
	return NULL;
}

struct glyph_ctx {
	struct fontcache *fc;
	const struct opts *o;
	struct diag *d;
};

static struct fontset *
glyph_fonts(void *ctx, const struct doc *doc)
{
	struct glyph_ctx *g = ctx;
	return fonts_for(g->fc, doc, g->o, g->d);
}

/* The heap a build takes at most (heap_reserve in util.c), as measured:
 * some 0.48 MB, then 28 to 45 bytes a byte of source (the smallest
 * document 488 KB, a decision of 7 KB 748 KB, the reference plan 1052 KB,
 * the 100-page plan 13.8 MB). Too little costs page faults (each page past
 * the reserve faults alone: 22 of them on the reference plan at a base of
 * 440 KB), too much memory that is never used: it is set a little under,
 * and the peak stays what it was. */
enum { BUILD_HEAP_BASE = 480 * 1024, BUILD_HEAP_PER_BYTE = 28 };

/* What every command does first, as check does it: reads the file,
 * validates and lints it with the glyph check, and lays it out (unless
 * only its tree is asked for), so that no command takes a document that
 * check refuses. Returns the document with its pages in pg, or NULL with
 * the exit status in *status. */
static struct doc *
prepare(const char *file, const struct opts *o, struct templates *tp, struct fontcache *fc, struct diag *d,
    struct pages *pg, struct layout_stats *st, struct fontset **fsp, int *status)
{
	/* the heap for the source's tree too: its size is the file's (one
	 * that cannot be read is reported by load_file) */
	struct stat sst;
	if (stat(file, &sst) == 0 && S_ISREG(sst.st_mode) && sst.st_size <= LOAD_MAX_FILE)
		heap_reserve(BUILD_HEAP_BASE + BUILD_HEAP_PER_BYTE * (size_t)sst.st_size);
	struct source *src = load_file(file, d);
	if (src == NULL) {
		*status = diag_status(d);
		return NULL;
	}
	struct glyph_ctx gc = {fc, o, d};
	struct glyph_source gs = {glyph_fonts, &gc};
	int builds = strcmp(o->cmd, "build") == 0 || strcmp(o->cmd, "watch") == 0;
	struct doc *doc = validate(src, tp, o->registry, o->annex && builds, &gs, d);
	load_free(src);
	if (doc == NULL) {
		*status = 1; /* the source's fault, whatever else went wrong */
		return NULL;
	}
	if (o->dump && strcmp(o->dump, "tree") == 0)
		return doc;
	size_t errors = diag_errors(d);
	struct fontset *fs = fonts_for(fc, doc, o, d);
	int laid = fs != NULL && layout_doc(doc, fs, pg, st, d) == 0;
	if (!laid || diag_errors(d) > errors) {
		layout_stats_free(st);
		pages_free(pg);
		doc_free(doc);
		*status = diag_status(d) ? diag_status(d) : 1;
		return NULL;
	}
	*fsp = fs;
	return doc;
}

/* What a build tells vanban watch: the registry files the document took
 * entries from (owned), known once it is valid. */
struct used {
	char **files;
	size_t n;
};

static void
used_free(struct used *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->files[i]);
	free(u->files);
	u->files = NULL;
	u->n = 0;
}

/* Builds one document; returns its exit status. used (or NULL) gets the
 * registry files it took entries from. */
static int
build_one(const char *file, const struct opts *o, struct templates *tp, struct fontcache *fc, struct diag *d,
    struct used *used)
{
	struct pages pg = {0};
	struct layout_stats st = {0};
	struct fontset *fs = NULL;
	int status = 0;
	struct doc *doc = prepare(file, o, tp, fc, d, &pg, &st, &fs, &status);
	if (doc == NULL)
		return status;
	if (used) {
		used->files = xcalloc(doc->ndeps + 1, sizeof *used->files);
		for (size_t i = 0; i < doc->ndeps; i++)
			used->files[used->n++] = xstrdup(doc->deps[i]);
	}
	int check = strcmp(o->cmd, "check") == 0;
	if (o->dump && strcmp(o->dump, "tree") == 0) {
		char *s = dump_tree(doc);
		fputs(s, stdout);
		free(s);
		doc_free(doc);
		return 0;
	}
#ifdef VANBAN_DOCX
	if (o->docx_only) {
		/* the helper: the Word file alone, the others written by vanban */
		size_t len = 0;
		char *bytes = docx_render(doc, o->tdir, fs, &len, d);
		char *base = stem(file), *path = xasprintf("%s/%s.docx", o->outdir, base);
		int ok = bytes != NULL && write_atomic_len(path, bytes, len, d) == 0;
		free(bytes);
		free(path);
		free(base);
		layout_stats_free(&st);
		pages_free(&pg);
		doc_free(doc);
		return ok ? 0 : (diag_status(d) ? diag_status(d) : 3);
	}
#endif
	int annexed = doc->annexes.n > 0 && doc->annexes.v[doc->annexes.n - 1]->u.annex->task_table;
	if (o->annex && !check && !annexed)
		fprintf(stderr, _("vanban: %s: no tasks, no annex\n"), file);
	if (!o->dump || strcmp(o->dump, "layout") != 0)
		layout_stats_free(&st); /* only the layout dump prints them */
	if (o->dump && strcmp(o->dump, "layout") == 0) {
		char *s = dump_layout(&pg);
		fputs(s, stdout);
		/* the quality of the line breaking: per justified paragraph, its
		 * lines, its widest inter-word space (times the normal) and the
		 * demerits of its breaks */
		for (size_t i = 0; i < st.nparas; i++)
			printf("para %d:%d lines %zu gap %.3f demerits %.0f\n", st.paras[i].pos.line, st.paras[i].pos.col,
			    st.paras[i].lines, st.paras[i].worst_gap, st.paras[i].demerits);
		printf("stats paragraphs %zu lines %zu worst-gap %.3f demerits %.0f\n", st.paragraphs, st.lines,
		    st.worst_gap, st.demerits);
		layout_stats_free(&st);
		free(s);
		pages_free(&pg);
		doc_free(doc);
		return 0;
	}
	if (check) {
		pages_free(&pg);
		doc_free(doc);
		return 0;
	}
	/* Title: the kind and the subject; Subject: the subject alone;
	 * Keywords: the number line (number and symbol). Made before the
	 * Markdown and the HTML start beside the PDF writer: from then on only
	 * that thread reads the document. */
	char *title = pdf_title(doc), *kw = fmt_number_line(doc), *subj = text_plain(doc->subject);
	char *author = xstrdup(doc->issuer.name);
	/* PDF/A: the sRGB profile (icc-profiles-free's, zlib licence) that
	 * templates/ carries along */
	char *icc = o->pdfa ? xasprintf("%s/icc/sRGB.icc", o->tdir) : NULL;
	struct pdf_meta meta = {title, author, subj, kw, "vanban " VANBAN_VERSION, doc->date.y, doc->date.m,
	    doc->date.d, icc};
	struct text_job job = {doc, pg.n, NULL, NULL, NULL, NULL};
	int ok = html_page_load(o->tdir, &job.page, &job.css, d) == 0;
	/* a second thread pays for itself on long documents only: on short
	 * ones its stack and malloc arena cost more memory than it saves time */
	pthread_t thread;
	int threaded = ok && pg.n >= 20 && pthread_create(&thread, NULL, text_job_run, &job) == 0;
	if (ok && !threaded)
		text_job_run(&job);
	char *base = stem(file);
	struct out outs[3] = {{0}};
	const char *exts[3] = {"pdf", "md", "html"};
	for (int i = 0; ok && i < 3; i++) {
		char *name = xasprintf("%s.%s", base, exts[i]);
		ok = temp_in(o->outdir, name, &outs[i], d) == 0;
		free(name);
	}
	/* what make must know: the registry files this document took entries
	 * from; a phony rule for each so a removed one is no error */
	struct buf deps = {0};
	if (o->deps) {
		buf_printf(&deps, "%s/%s.pdf %s/%s.md %s/%s.html:", o->outdir, base, o->outdir, base, o->outdir, base);
		for (size_t i = 0; i < doc->ndeps; i++)
			buf_printf(&deps, " %s", doc->deps[i]);
		buf_putc(&deps, '\n');
		for (size_t i = 0; i < doc->ndeps; i++)
			buf_printf(&deps, "%s:\n", doc->deps[i]);
	}
	if (!threaded) {
		/* The Markdown and the HTML go to their files now, and the
		 * document's tree goes: the PDF writer reuses that memory (the
		 * reference plan's heap: 1.13 MB before, 1.0 MB now). */
		ok = ok && write_all(&outs[1], job.md, d) == 0 && write_all(&outs[2], job.html, d) == 0;
		free(job.md);
		free(job.html);
		job.md = job.html = NULL;
		doc_free(doc);
		doc = NULL;
	}
	if (ok) {
		char *why = NULL;
		if (pdf_write(&pg, fs, &meta, outs[0].fd, outs[0].tmp, &why) < 0) {
			diag(d, D_IO, (struct pos){0}, outs[0].final, why ? why : _("the PDF could not be made"));
			ok = 0;
		}
		free(why);
	}
	if (threaded) {
		pthread_join(thread, NULL);
		ok = ok && write_all(&outs[1], job.md, d) == 0 && write_all(&outs[2], job.html, d) == 0;
	}
	/* what is written goes while the outputs are on their way to the disk
	 * (out_sync waits for them) */
	free(job.md);
	free(job.html);
	free(job.page);
	free(job.css);
	free(title);
	free(author);
	free(icc);
	free(subj);
	free(kw);
	pages_free(&pg);
	doc_free(doc);
	if (ok && o->deps) {
		char *path = xasprintf("%s/%s.d", o->outdir, base);
		ok = write_atomic(path, buf_cstr(&deps), d) == 0;
		free(path);
	}
	buf_free(&deps);
	for (int i = 0; ok && i < 3; i++)
		ok = out_sync(&outs[i], d) == 0;
	for (int i = 0; ok && i < 3; i++) {
		if (rename(outs[i].tmp, outs[i].final) != 0) {
			diag(d, D_IO, (struct pos){0}, outs[i].final, sys_error(errno));
			ok = 0;
		} else {
			free(outs[i].tmp); /* in place: nothing to remove */
			outs[i].tmp = NULL;
		}
	}
	for (int i = 0; i < 3; i++) {
		out_close(&outs[i]);
		if (outs[i].tmp)
			unlink(outs[i].tmp);
		free(outs[i].tmp);
		free(outs[i].final);
	}
	free(base);
	return ok ? 0 : (diag_status(d) ? diag_status(d) : 3);
}

/* Writes s to path all or nothing: a temporary file beside it, renamed
 * into place. */
static int
write_atomic_len(const char *path, const char *s, size_t n, struct diag *d)
{
	char *dir = parent_dir(path);
	const char *slash = strrchr(path, '/');
	struct out out = {0};
	int ok = temp_in(dir, slash ? slash + 1 : path, &out, d) == 0 && write_all_len(&out, s, n, d) == 0 &&
	         out_sync(&out, d) == 0;
	if (ok && rename(out.tmp, out.final) != 0) { /* out.final: a link's file */
		diag(d, D_IO, (struct pos){0}, path, sys_error(errno));
		ok = 0;
	}
	out_close(&out);
	if (out.tmp && !ok)
		unlink(out.tmp);
	free(out.tmp);
	free(out.final);
	free(dir);
	return ok ? 0 : -1;
}

static int
write_atomic(const char *path, const char *s, struct diag *d)
{
	return write_atomic_len(path, s, strlen(s), d);
}


/* A document as check would take it, for the commands that do not print
 * it; NULL when it has errors (reported to d). */
static struct doc *
load_doc(const char *file, const struct opts *o, struct templates *tp, struct fontcache *fc, struct diag *d)
{
	struct pages pg = {0};
	struct layout_stats st = {0};
	struct fontset *fs = NULL;
	int status = 0;
	struct doc *doc = prepare(file, o, tp, fc, d, &pg, &st, &fs, &status);
	layout_stats_free(&st);
	pages_free(&pg);
	return doc;
}

/* vanban tasks, one document: the calendar written, its sheet added to
 * the workbook's rows (sheet, when a workbook is asked for), its table
 * made for standard output (*table). */
static int
tasks_one(const char *file, const struct opts *o, struct templates *tp, struct fontcache *fc, struct diag *d,
    struct buf *sheet, long long *latest, char **table)
{
	struct doc *doc = load_doc(file, o, tp, fc, d);
	if (doc == NULL)
		return diag_status(d) ? diag_status(d) : 1;
	struct task_table tt = {0};
	tasks_collect(doc, &tt);
	int status = 0;
	if (o->ics) {
		/* the calendar written before: its SEQUENCEs go on from there */
		errno = 0;
		struct ics_prev prev = {NULL, 0};
		char *old = read_file_len(o->ics, &prev.len);
		prev.text = old;
		if (old == NULL && errno != ENOENT) {
			int e = errno;
			fprintf(stderr, "%s: %s: ", o->ics, _("warning"));
			/* TRANSLATORS: %s is the system's reason */
			fprintf(stderr, _("cannot read the calendar written before (%s): every event is taken as new, "
			                  "with SEQUENCE:0\n"), sys_error(e));
		}
		const char *why = NULL;
		struct ics_prev_problem problem;
		char *ics = tasks_ics(doc, &tt, old ? &prev : NULL, &why, &problem);
		if (ics == NULL) {
			/* a make rule that expects the calendar stops here, not at
			 * what would read it */
			fprintf(stderr, "%s: %s: %s: ", file, _("error"), _(why));
			/* TRANSLATORS: %s is the calendar file */
			fprintf(stderr, old ? _("%s not written (the one there is left as it was)\n") : _("%s not written\n"),
			    o->ics);
			status = 1;
		} else {
			if (problem.why) {
				fprintf(stderr, "%s:%d: %s: ", o->ics, problem.line, _("warning"));
				/* TRANSLATORS: %s says what is wrong with the calendar file */
				fprintf(stderr, _("not a calendar vanban wrote (%s): every event is taken as new, with "
				                  "SEQUENCE:0\n"), _(problem.why));
			}
			if (write_atomic(o->ics, ics, d) < 0)
				status = 3;
		}
		free(ics);
		free(old);
	}
	if (sheet) {
		char *name = stem(file);
		if (tasks_sheet(sheet, name, doc->family, &tt) < 0) {
			fprintf(stderr, _("%s: error: the family template's task-workbook.columns has not one header for "
			                  "each column of the task table\n"), file);
			status = 1;
		}
		free(name);
		long long t = tasks_xlsx_time(doc);
		if (t > *latest)
			*latest = t;
	}
	if (status == 0 && o->nfiles == 1)
		*table = strcmp(o->format, "md") == 0 ? tasks_md(&tt) : tasks_csv(&tt);
	tasks_free(&tt);
	doc_free(doc);
	return status;
}

/* vanban tasks: the table of one document on standard output, the
 * calendar and the workbook (a sheet per document) in files; nothing of
 * the workbook when a document has an error. */
static int
tasks_cmd(const struct opts *o, struct templates *tp, struct fontcache *fc, struct diag *d)
{
	struct buf rows = {0};
	long long latest = 0;
	char *table = NULL;
	int status = 0;
	for (size_t i = 0; status != 3 && i < o->nfiles; i++) {
		int s = tasks_one(o->files[i], o, tp, fc, d, o->xlsx ? &rows : NULL, &latest, &table);
		diag_flush(d);
		if (s > status)
			status = s;
	}
	if (o->xlsx && status == 0) {
		/* written beside, renamed into place once whole */
		char *dir = parent_dir(o->xlsx);
		const char *slash = strrchr(o->xlsx, '/');
		struct out out = {0};
		int ok = temp_in(dir, slash ? slash + 1 : o->xlsx, &out, d) == 0;
		out_close(&out); /* the helper writes it by its name */
		ok = ok && tasks_xlsx_write(out.tmp, &rows, latest) == 0;
		if (ok && rename(out.tmp, out.final) != 0) {
			diag(d, D_IO, (struct pos){0}, out.final, sys_error(errno));
			ok = 0;
		}
		if (out.tmp && !ok)
			unlink(out.tmp);
		diag_flush(d);
		if (!ok) {
			fprintf(stderr, _("vanban: %s not written (the one there is left as it was)\n"), o->xlsx);
			status = 3;
		}
		free(out.tmp);
		free(out.final);
		free(dir);
	} else if (o->xlsx && status == 1) {
		fprintf(stderr, _("vanban: %s not written: a document has errors (the one there is left as it was)\n"),
		    o->xlsx);
	}
	if (status == 0 && table)
		fputs(table, stdout);
	free(table);
	buf_free(&rows);
	return status;
}

/* vanban distribute: the manifest on standard output, the entry in the
 * register. */
static int
distribute_one(const char *file, const struct opts *o, struct templates *tp, struct fontcache *fc,
    struct diag *d)
{
	struct doc *doc = load_doc(file, o, tp, fc, d);
	if (doc == NULL)
		return diag_status(d) ? diag_status(d) : 1;
	struct manifest m;
	distribute_manifest(doc, &m);
	int status = 0;
	if (o->total) {
		printf("%d\n", m.total);
	} else if (!distribute_registrable(doc)) {
		char *s = distribute_text(doc, &m);
		fputs(s, stdout);
		free(s);
		fprintf(stderr, "%s: %s: ", file, _("warning"));
		/* TRANSLATORS: %s is the register's file */
		fprintf(stderr, _("the document has no number: not entered in the register %s\n"), o->reg);
	} else {
		/* out/ is made on first use, as build does */
		char *dir = parent_dir(o->reg);
		if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
			int e = errno;
			fprintf(stderr, "vanban: %s: ", _("error"));
			fprintf(stderr, _("cannot create %s: %s\n"), dir, sys_error(e));
		}
		/* one distribute at a time reads, changes and replaces the register:
		 * a lock on the directory that holds it (the register itself is
		 * replaced by the rename, and a lock file would stay behind) */
		int lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (lock < 0 || flock(lock, LOCK_EX) != 0) {
			int e = errno;
			fprintf(stderr, "vanban: %s: ", _("error"));
			fprintf(stderr, _("cannot lock %s: %s\n"), dir, sys_error(e));
			status = 3;
		}
		free(dir);
		errno = 0;
		size_t oldlen = 0;
		char *old = status ? NULL : read_file_len(o->reg, &oldlen);
		if (status == 0 && old == NULL && errno != ENOENT) {
			fprintf(stderr, "vanban: %s: %s: %s\n", _("error"), o->reg, sys_error(errno));
			status = 3;
		}
		const char *nul = old ? memchr(old, '\0', oldlen) : NULL;
		if (nul) {
			/* a register read only up to a NUL byte would be rewritten
			 * without what follows it */
			int at = 1;
			for (const char *c = old; c < nul; c++)
				at += *c == '\n';
			fprintf(stderr, "%s:%d: %s: %s\n", o->reg, at, _("error"),
			    _("not a register of outgoing documents: a NUL byte"));
			status = 1;
		}
		int replaced = 0, line = 0;
		const char *why = NULL;
		char *reg = status ? NULL : distribute_register(old, doc, &m, &replaced, &why, &line);
		if (status == 0 && reg == NULL) {
			fprintf(stderr, "%s:%d: %s: ", o->reg, line, _("error"));
			/* TRANSLATORS: %s says what is wrong with the register's file */
			fprintf(stderr, _("not a register of outgoing documents: %s\n"), _(why));
			status = 1;
		}
		if (reg && write_atomic(o->reg, reg, d) < 0)
			status = 3;
		if (lock >= 0)
			close(lock); /* and with it the lock */
		if (status == 0) {
			char *s = distribute_text(doc, &m);
			fputs(s, stdout);
			free(s);
			/* TRANSLATORS: %s is the register's file */
			printf(replaced ? _("register %s: entry replaced\n") : _("register %s: entry added\n"), o->reg);
		}
		free(reg);
		free(old);
	}
	distribute_free(&m);
	doc_free(doc);
	return status;
}

/* ---- vanban watch: build, then build again on each save ---- */

/* A watched document: where its source and its registry are, what its
 * last build found out. */
struct watched {
	const char *file;
	char *dir, *name; /* the source's directory and file name */
	char *regdir;     /* the registry it reads: --registry, or registry/ beside it */
	int src_wd, reg_wd; /* their watch handles; -1 when not watched */
	struct used used;   /* the registry files its last build took entries from */
	int failed;         /* its last build had errors: which registry file it
	                       wants is not known */
	int dirty;
};

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && strcmp(s + n - k, suffix) == 0;
}

/* (Re)watches each directory that matters: a registry/ made since, a
 * directory removed and made again, get their watch. A directory of the
 * sources that cannot be watched is an error at the start (first != 0),
 * a registry that is not there is no error. */
static int
watch_dirs(struct watch *w, struct watched *v, size_t n, const char *tdir, int twd[2], int first)
{
	for (size_t i = 0; i < n; i++) {
		v[i].src_wd = watch_dir(w, v[i].dir);
		if (v[i].src_wd < 0 && first) {
			fprintf(stderr, _("vanban: error: cannot watch %s: %s\n"), v[i].dir, sys_error(errno));
			return -1;
		}
		v[i].reg_wd = watch_dir(w, v[i].regdir);
	}
	char *kinds = xasprintf("%s/kinds", tdir);
	twd[0] = watch_dir(w, tdir);
	twd[1] = watch_dir(w, kinds);
	free(kinds);
	return 0;
}

/* Marks the documents a save concerns; returns 1 when it is a template's
 * (every document is built again, with the templates and fonts read
 * again). */
static int
watch_mark(struct watched *v, size_t n, const struct watch_save *s, const int twd[2])
{
	/* what the templates are made of; an editor's temporary files and
	 * backups (.page.css.swp, page.css~, 4913) are none of it */
	int tmpl = s->dir == -1 || ((s->dir == twd[0] || s->dir == twd[1]) &&
	                               (has_suffix(s->name, ".yaml") || has_suffix(s->name, ".html") ||
	                                   has_suffix(s->name, ".css")));
	for (size_t i = 0; i < n; i++) {
		struct watched *d = &v[i];
		if (tmpl || (s->dir == d->src_wd && (strcmp(s->name, d->name) == 0 ||
		                                        (d->reg_wd < 0 && strcmp(s->name, base_name(d->regdir)) == 0)))) {
			d->dirty = 1;
			continue;
		}
		if (s->dir != d->reg_wd)
			continue;
		/* a registry file it took entries from, or any one when its last
		 * build failed (the entry it lacked may have come) */
		if (d->failed && has_suffix(s->name, ".yaml"))
			d->dirty = 1;
		for (size_t k = 0; k < d->used.n; k++)
			if (strcmp(base_name(d->used.files[k]), s->name) == 0)
				d->dirty = 1;
	}
	return tmpl;
}

/* Builds the dirty documents as build does, each with its diagnostics
 * and a line that says what became of it. */
static void
watch_build(struct watched *v, size_t n, const struct opts *o, struct fontcache *fc, int again)
{
	/* the templates and the registries read afresh: either may have
	 * been saved */
	struct templates *tp = templates_new(o->tdir);
	for (size_t i = 0; i < n; i++) {
		if (!v[i].dirty)
			continue;
		v[i].dirty = 0;
		used_free(&v[i].used);
		struct diag *d = diag_new();
		int status = build_one(v[i].file, o, tp, fc, d, &v[i].used);
		diag_flush(d);
		diag_free(d);
		v[i].failed = status != 0;
		char when[16];
		time_t now = time(NULL);
		strftime(when, sizeof when, "%H:%M:%S", localtime(&now));
		if (status == 0) {
			char *st = stem(v[i].file);
			char *pdf = xasprintf("%s/%s.pdf", o->outdir, st);
			printf(again ? _("[%s] %s: rebuilt %s\n") : _("[%s] %s: built %s\n"), when, v[i].file, pdf);
			free(pdf);
			free(st);
		} else {
			printf(_("[%s] %s: errors (above): nothing written, the last good outputs are kept\n"), when,
			    v[i].file);
		}
		fflush(stdout);
	}
	templates_free(tp);
}

/* vanban watch: each document built, then built again each time its
 * source, a template or a registry file it uses is saved, until Ctrl-C
 * (SIGINT), SIGTERM or SIGHUP: then exit 0, no build left half written. */
static int
watch_cmd(const struct opts *o, struct fontcache *fc)
{
	struct watch *w = watch_new();
	if (w == NULL) {
		fprintf(stderr, _("vanban: error: cannot watch files: %s\n"), sys_error(errno));
		return 3;
	}
	struct watched *v = xcalloc(o->nfiles, sizeof *v);
	for (size_t i = 0; i < o->nfiles; i++) {
		v[i].file = o->files[i];
		v[i].dir = parent_dir(o->files[i]);
		v[i].name = xstrdup(base_name(o->files[i]));
		v[i].regdir = o->registry ? xstrdup(o->registry) : xasprintf("%s/registry", v[i].dir);
		v[i].dirty = 1;
	}
	int twd[2];
	int status = watch_dirs(w, v, o->nfiles, o->tdir, twd, 1) == 0 ? 0 : 3;
	if (status == 0) {
		watch_build(v, o->nfiles, o, fc, 0);
		printf(ngettext("vanban: watching %zu document for saves; Ctrl-C stops\n",
		           "vanban: watching %zu documents for saves; Ctrl-C stops\n", o->nfiles),
		    o->nfiles);
		fflush(stdout);
	}
	while (status == 0) {
		const struct watch_save *saves;
		long k = watch_next(w, &saves);
		if (k == 0)
			break; /* a signal: the end */
		if (k < 0) {
			fprintf(stderr, _("vanban: error: cannot watch files: %s\n"), sys_error(errno));
			status = 3;
			break;
		}
		watch_dirs(w, v, o->nfiles, o->tdir, twd, 0);
		int tmpl = 0;
		for (long i = 0; i < k; i++)
			tmpl |= watch_mark(v, o->nfiles, &saves[i], twd);
		if (tmpl) {
			/* the fonts a family names are in its template */
			for (int f = 0; f < 2; f++) {
				font_close(fc->fs[f]);
				fc->fs[f] = NULL;
			}
		}
		watch_build(v, o->nfiles, o, fc, 1);
	}
	if (status == 0) {
		printf(_("vanban: stopped watching\n"));
		fflush(stdout);
	}
	for (size_t i = 0; i < o->nfiles; i++) {
		free(v[i].dir);
		free(v[i].name);
		free(v[i].regdir);
		used_free(&v[i].used);
	}
	free(v);
	watch_free(w);
	return status;
}

/* vanban sign: vanban-sign, the helper that links OpenSSL and libpng (so
 * that building never loads them), run in this process's place as git
 * runs its helpers. */
static int
run_sign(int argc, char **argv)
{
	(void)argc;
	char *path = helper_path("vanban-sign");
	if (path == NULL) {
		fprintf(stderr, _("vanban: vanban-sign, the signing helper, is neither beside the program nor in "
		                  "PREFIX/libexec/vanban: build it with make, or install it with make install\n"));
		return 3;
	}
	argv[1] = path; /* its name, in place of "sign" */
	execv(path, argv + 1);
	int e = errno;
	fprintf(stderr, _("vanban: cannot run %s: %s\n"), path, sys_error(e));
	free(path);
	return 3;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	if (argc < 2) {
		print_usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_help();
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("vanban " VANBAN_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "sign") == 0)
		return run_sign(argc, argv);
	if (strcmp(argv[1], "check") == 0 && argc == 3 && strcmp(argv[2], "--rules") == 0) {
		lint_print_rules(stdout);
		return 0;
	}
	if (strcmp(argv[1], "build") != 0 && strcmp(argv[1], "check") != 0 && strcmp(argv[1], "tasks") != 0 &&
	    strcmp(argv[1], "distribute") != 0 && strcmp(argv[1], "watch") != 0) {
		fprintf(stderr, _("vanban: unknown command '%s'\n"), argv[1]);
		print_usage(stderr);
		return 2;
	}
	o->cmd = argv[1];
	o->outdir = "out";
	o->format = "csv";
	o->reg = "out/register.csv";
	o->files = xcalloc((size_t)argc, sizeof *o->files);
	o->fontdirs = xcalloc((size_t)argc, sizeof *o->fontdirs);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		int has = i + 1 < argc;
		if (strcmp(a, "-o") == 0 && has)
			o->outdir = argv[++i];
		else if (strcmp(a, "--templates") == 0 && has)
			o->tdir = argv[++i];
		else if (strcmp(a, "--fonts") == 0 && has)
			o->fontdirs[o->nfontdirs++] = argv[++i];
		else if (strcmp(a, "--registry") == 0 && has)
			o->registry = argv[++i];
		else if (strcmp(a, "--deps") == 0)
			o->deps = 1;
		else if (strcmp(a, "--annex") == 0 && (strcmp(o->cmd, "build") == 0 || strcmp(o->cmd, "watch") == 0))
			o->annex = 1;
		else if (strcmp(a, "--docx") == 0 && strcmp(o->cmd, "build") == 0)
			o->docx = 1;
#ifdef VANBAN_DOCX
		else if (strcmp(a, "--docx-only") == 0 && strcmp(o->cmd, "build") == 0)
			o->docx_only = 1;
#endif
		else if (strcmp(a, "--pdfa") == 0 && strcmp(o->cmd, "build") == 0)
			o->pdfa = 1;
		else if (strcmp(a, "--format") == 0 && has && strcmp(o->cmd, "tasks") == 0 &&
		         (strcmp(argv[i + 1], "csv") == 0 || strcmp(argv[i + 1], "md") == 0))
			o->format = argv[++i];
		else if (strcmp(a, "--ics") == 0 && has && strcmp(o->cmd, "tasks") == 0)
			o->ics = argv[++i];
		else if (strcmp(a, "--xlsx") == 0 && has && strcmp(o->cmd, "tasks") == 0)
			o->xlsx = argv[++i];
		else if (strcmp(a, "--register") == 0 && has && strcmp(o->cmd, "distribute") == 0)
			o->reg = argv[++i];
		else if (strcmp(a, "--total") == 0 && strcmp(o->cmd, "distribute") == 0)
			o->total = 1;
		else if (strcmp(a, "-T") == 0 && has && strcmp(o->cmd, "watch") != 0 && (strcmp(argv[i + 1], "tree") == 0 ||
		                                              strcmp(argv[i + 1], "layout") == 0))
			o->dump = argv[++i];
		else if (strcmp(a, "--help") == 0) {
			print_help();
			return 0;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, _("vanban: unknown or incomplete option '%s'\n"), a);
			print_usage(stderr);
			return 2;
		} else
			o->files[o->nfiles++] = a;
	}
	if (o->nfiles == 0) {
		/* TRANSLATORS: %s is the command: build, check, tasks or distribute */
		fprintf(stderr, _("vanban: %s needs at least one FILE.yaml\n"), o->cmd);
		print_usage(stderr);
		return 2;
	}
	/* the workbook has a sheet for each document; the table on standard
	 * output and the calendar are one document's */
	int several = strcmp(o->cmd, "tasks") == 0 && o->xlsx && !o->ics;
	if ((strcmp(o->cmd, "tasks") == 0 || strcmp(o->cmd, "distribute") == 0) && o->nfiles != 1 && !several) {
		/* TRANSLATORS: %s is the command: tasks or distribute */
		fprintf(stderr, _("vanban: %s takes one FILE.yaml\n"), o->cmd);
		print_usage(stderr);
		return 2;
	}
	return -1;
}

/* build --docx: the Word files of the documents built, by vanban-docx (it
 * links libxml2 and libzip, which vanban itself never loads), with the
 * same options; its status. */
static int
run_docx_helper(const struct opts *o, const char **files, size_t n)
{
	char *prog = helper_path("vanban-docx");
	if (prog == NULL) {
		fprintf(stderr, _("vanban: error: the Word files need the helper program vanban-docx, which is not "
		                  "installed beside vanban\n"));
		return 3;
	}
	const char **argv = xcalloc(2 * o->nfontdirs + n + 16, sizeof *argv);
	size_t k = 0;
	argv[k++] = prog;
	argv[k++] = "build";
	argv[k++] = "--docx-only";
	argv[k++] = "-o";
	argv[k++] = o->outdir;
	argv[k++] = "--templates";
	argv[k++] = o->tdir;
	if (o->registry) {
		argv[k++] = "--registry";
		argv[k++] = o->registry;
	}
	for (size_t i = 0; i < o->nfontdirs; i++) {
		argv[k++] = "--fonts";
		argv[k++] = o->fontdirs[i];
	}
	if (o->annex)
		argv[k++] = "--annex";
	for (size_t i = 0; i < n; i++)
		argv[k++] = files[i];
	argv[k] = NULL;
	int st = run_program(prog, (char *const *)argv, NULL, 0);
	free(argv);
	free(prog);
	return st;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VB_CLANG_ASAN 1
#endif
#endif
#ifndef VB_CLANG_ASAN
#define VB_CLANG_ASAN 0
#endif

/* The end of a run: what went to standard output checked, then the process
 * ends without the libraries' exit handlers (glib's, FreeType's, PCRE2's
 * and others vanban does not use): running them touched 6 pages of code
 * that had never been needed, each a page fault (0.2 to 0.7 ms of the
 * reference plan's 20 on the machine make bench runs on). vanban's own
 * files are all closed and renamed by now. Under the sanitizers the
 * handlers run, so that LeakSanitizer reports. */
static int
finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "vanban: %s: %s\n", _("standard output"), sys_error(errno));
		if (status < 3)
			status = 3;
	}
#if defined(__SANITIZE_ADDRESS__) || VB_CLANG_ASAN
	return status;
#else
	fflush(stderr);
	_exit(status);
#endif
}

int
main(int argc, char **argv)
{
	struct opts o = {0};
	/* past a file-size limit a write fails (and is reported) instead of
	 * the signal killing the program */
	signal(SIGXFSZ, SIG_IGN);
	i18n_init();
	/* the commands that write no document: cmd_new.c, schema.c */
	if (argc >= 2 && (strcmp(argv[1], "new") == 0 || strcmp(argv[1], "schema") == 0)) {
		char *t = default_templates();
		int s = strcmp(argv[1], "new") == 0 ? cmd_new(argc - 1, argv + 1, t) : cmd_schema(argc - 1, argv + 1, t);
		free(t);
		return finish(s);
	}
	int r = parse_args(argc, argv, &o);
	if (r >= 0) {
		free(o.files);
		free(o.fontdirs);
		return r;
	}
	char *tdir = o.tdir ? xstrdup(o.tdir) : default_templates();
	o.tdir = tdir;
	int status = 0;
	if ((strcmp(o.cmd, "build") == 0 || strcmp(o.cmd, "watch") == 0) && !o.dump) {
		struct stat st;
		/* several make jobs may create it at once */
		if (stat(o.outdir, &st) != 0 && mkdir(o.outdir, 0777) != 0 && errno != EEXIST) {
			int e = errno;
			fprintf(stderr, "vanban: %s: ", _("error"));
			/* TRANSLATORS: the directory, then the system's reason */
			fprintf(stderr, _("cannot create output directory %s: %s\n"), o.outdir, sys_error(e));
			status = 3;
		}
	}
	struct templates *tp = templates_new(tdir);
	struct fontcache fc = {0};
	struct diag *d = diag_new();
	const char **built = xcalloc(o.nfiles + 1, sizeof *built); /* for the Word files */
	size_t nbuilt = 0;
	if (strcmp(o.cmd, "watch") == 0) {
		if (status == 0)
			status = watch_cmd(&o, &fc);
	} else if (strcmp(o.cmd, "tasks") == 0) {
		status = tasks_cmd(&o, tp, &fc, d);
	} else {
		for (size_t i = 0; status != 3 && i < o.nfiles; i++) {
			fc.more = i + 1 < o.nfiles;
			int s = strcmp(o.cmd, "distribute") == 0 ? distribute_one(o.files[i], &o, tp, &fc, d)
			                                         : build_one(o.files[i], &o, tp, &fc, d, NULL);
			diag_flush(d);
			if (s > status)
				status = s;
			if (s == 0)
				built[nbuilt++] = o.files[i];
		}
	}
	if (o.docx && !o.docx_only && !o.dump && nbuilt > 0) {
		int s = run_docx_helper(&o, built, nbuilt);
		if (s > status)
			status = s;
	}
	free(built);
	leftovers_free();
	diag_free(d);
	for (int i = 0; i < 2; i++)
		font_close(fc.fs[i]);
	templates_free(tp);
	free(tdir);
	free(o.files);
	free(o.fontdirs);
	return finish(status);
}
