/* common.h: what every module of vanban shares: positions, faces, allocation
 * that cannot fail, growable buffers. Any .c file may include it. */
#ifndef VANBAN_COMMON_H
#define VANBAN_COMMON_H

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>

/* Messages a user reads go through gettext: _() translates where it is
 * used, N_() marks a string that is translated later (a table's). */
#define _(s) gettext(s)
#define N_(s) s

#define VANBAN_VERSION "0.1.0"

/* A place in a source file: 1-based line and column (columns count code
 * points). file is borrowed from the loader's file table and outlives
 * every document. line == 0 means "no position". */
struct pos {
	const char *file;
	int line, col;
};

/* The four faces of a serif family. */
enum face { FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_BOLD_ITALIC, FACE_COUNT };

/* Allocation failure exits with status 3; no caller handles it. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* strerror(e) in the user's language and character set (util.c). */
const char *sys_error(int e);

/* Grow an array *v of *cap elements to hold at least need elements. */
#define GROW(v, cap, need)                                                  \
	do {                                                                \
		if ((need) > (cap)) {                                       \
			size_t c_ = (cap) ? (cap) * 2 : 8;                  \
			while (c_ < (need))                                 \
				c_ *= 2;                                    \
			(v) = xrealloc((v), c_ * sizeof *(v));              \
			(cap) = c_;                                         \
		}                                                           \
	} while (0)

/* A growable byte buffer, always NUL-terminated when len > 0 or after
 * buf_cstr(). */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
/* One byte: inline while there is room, as the writers call it for every
 * byte of a page's operators and of the Markdown. */
static inline void
buf_putc(struct buf *b, char c)
{
	if (b->len + 2 <= b->cap) {
		b->s[b->len++] = c;
		b->s[b->len] = '\0';
	} else
		buf_add(b, &c, 1);
}
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *buf_cstr(struct buf *b);
/* The columns that UTF-8 text s takes on a terminal: one a code point
 * (Vietnamese text is NFC, one code point a letter). */
size_t u8_width(const char *s);
/* s, then spaces up to width columns: a table of translated words keeps
 * its columns (printf's %-8s counts bytes, and "cảnh báo" is 10). */
void buf_pad(struct buf *b, const char *s, size_t width);
/* " (known: a, b, c)" after a name that names nothing: ids are the first
 * shown of all the IDs, comma-separated; owned. */
char *known_list_words(const char *ids, size_t all, size_t shown);
/* A CSV field (RFC 4180): quoted, with its quotes doubled, when it must be.
 * A field that a spreadsheet would take for a formula (it starts with =, +,
 * -, @, TAB or CR) is written after a quote ' that makes it text, and so
 * is a field that starts with the quote itself: csv_field_unguard() takes
 * that one quote off again, so every value reads back as it was. */
void buf_csv_field(struct buf *b, const char *s);
/* s (n bytes of UTF-8) as a PDF text string's bytes: the byte order mark,
 * then UTF-16BE, a code point past the first plane as a surrogate pair;
 * a byte that starts no character is left out. */
void buf_utf16be(struct buf *b, const char *s, size_t n);
/* A field read from such a CSV file (its RFC 4180 quoting undone): the
 * quote that buf_csv_field() put before it taken off, in place. */
void csv_field_unguard(char *f);
char *buf_take(struct buf *b); /* hands over the string; b is empty after */
void buf_free(struct buf *b);
/* A whole file as a string, or NULL with errno set. */
char *read_file(const char *path);
/* The same, its length in *len (a file may hold a NUL byte). */
char *read_file_len(const char *path, size_t *len);
/* The same, reading at most max bytes (a longer file gives its first max:
 * the caller says it is too long). The bytes go straight into a block of
 * the file's size, not through a buffer on the stack, whose pages each
 * fault the first time a read touches them. */
char *read_file_max(const char *path, size_t max, size_t *len);
/* Starts the way to the disk of what was written to fd (sync_file_range),
 * without waiting: the writer goes on with other work, and the fsync
 * before the rename, which is checked, finds less to wait for. */
void writeback_start(int fd);

/* FNV-1a, 64 bits, of the n bytes at s: a fingerprint that is the same on
 * every machine and in every run. */
uint64_t fnv1a64(const char *s, size_t n);

/* Decode one UTF-8 code point from s (at most n bytes); returns its length
 * (1..4) and sets *cp, or returns 0 for an invalid sequence. */
int utf8_decode_slow(const char *s, size_t n, uint32_t *cp);
static inline int
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	/* ASCII and Vietnamese letters inline: the hot loops of measuring
	 * and checking see mostly them (two bytes: à, đ, ơ, ư; three: the
	 * letters of U+1EA0..U+1EF9) */
	const unsigned char *u = (const unsigned char *)s;
	if (n > 0 && u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (n >= 2 && u[0] >= 0xC2 && u[0] < 0xE0 && (u[1] & 0xC0) == 0x80) {
		*cp = (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
		return 2;
	}
	if (n >= 3 && u[0] == 0xE1 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		*cp = 0x1000u | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
		return 3;
	}
	return utf8_decode_slow(s, n, cp);
}
/* The code point of s[0..n) at *i, *i moved past it; a byte that is not
 * UTF-8 is stepped over. Returns 0 at the end. */
static inline int
utf8_next(const char *s, size_t n, size_t *i, uint32_t *cp)
{
	while (*i < n) {
		int len = utf8_decode(s + *i, n - *i, cp);
		if (len > 0) {
			*i += (size_t)len;
			return 1;
		}
		(*i)++;
	}
	return 0;
}
/* Encode cp into out (4 bytes room); returns the length. */
int utf8_encode(uint32_t cp, char *out);

/* A helper program (vanban-docx, vanban-xlsx, vanban-sign): beside the
 * running program (build/), or in PREFIX/libexec/vanban once installed;
 * malloc'd, NULL when there is none. */
char *helper_path(const char *name);
/* Runs prog with argv (argv[0] its name) and waits for it, input (when not
 * NULL) on its standard input; its exit status, or 3 when it could not run
 * or was killed (said on standard error). */
int run_program(const char *prog, char *const argv[], const char *input, size_t len);

/* Makes the calling thread's malloc heap resident up to extent bytes from
 * its start, in one step (see util.c for why); an optimisation, so it
 * never fails. */
void heap_reserve(size_t extent);

#endif
