/* util.c: allocation that cannot fail, growable buffers and UTF-8 coding. */
#define _GNU_SOURCE /* sync_file_range */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

static void
oom(void)
{
	fputs(_("vanban: out of memory\n"), stderr);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

size_t
u8_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

void
buf_pad(struct buf *b, const char *s, size_t width)
{
	buf_puts(b, s);
	for (size_t w = u8_width(s); w < width; w++)
		buf_putc(b, ' ');
}

char *
known_list_words(const char *ids, size_t all, size_t shown)
{
	if (all > shown)
		/* TRANSLATORS: after a name that names nothing: the first IDs
		 * there are, and how many in all */
		return xasprintf(_(" (known: %s, … %zu in all)"), ids, all);
	/* TRANSLATORS: after a name that names nothing: the IDs there are */
	return xasprintf(_(" (known: %s)"), ids);
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	char *p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	GROW(b->s, b->cap, b->len + n + 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	GROW(b->s, b->cap, b->len + (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *
buf_cstr(struct buf *b)
{
	if (b->s == NULL)
		buf_add(b, "", 0);
	return b->s;
}

char *
buf_take(struct buf *b)
{
	buf_cstr(b);
	char *s = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* What a spreadsheet reads as the start of a formula (OWASP, CSV
 * injection: = + - @, TAB and CR), and the quote that guards them. */
#define CSV_FORMULA_START "=+-@\t\r"
#define CSV_GUARD '\''

void
buf_csv_field(struct buf *b, const char *s)
{
	/* a value that starts with the guard is guarded too: reading takes
	 * exactly one quote off, whatever follows it */
	int guard = *s != '\0' && (strchr(CSV_FORMULA_START, *s) != NULL || *s == CSV_GUARD);
	if (!guard && strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (guard)
		buf_putc(b, CSV_GUARD);
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void
csv_field_unguard(char *f)
{
	if (f[0] == CSV_GUARD)
		memmove(f, f + 1, strlen(f));
}

uint64_t
fnv1a64(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

char *
read_file(const char *path)
{
	return read_file_len(path, NULL);
}

void
writeback_start(int fd)
{
#ifdef SYNC_FILE_RANGE_WRITE
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE); /* a start only: the fsync checks */
#else
	(void)fd;
#endif
}

char *
read_file_len(const char *path, size_t *len)
{
	return read_file_max(path, SIZE_MAX - 2, len);
}

char *
read_file_max(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	/* a block of the file's size, and a byte to see its end in one read */
	struct stat st;
	size_t cap = 8192;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (uintmax_t)st.st_size < max ? (size_t)st.st_size + 2 : max + 1;
	char *s = xmalloc(cap);
	size_t n = 0;
	int e = 0;
	while (n < max) {
		if (n + 1 >= cap) {
			cap = cap - 1 < (max - 1) / 2 ? 2 * cap : max + 1;
			s = xrealloc(s, cap);
		}
		size_t want = cap - 1 - n < max - n ? cap - 1 - n : max - n;
		ssize_t r = read(fd, s + n, want);
		if (r > 0)
			n += (size_t)r;
		else if (r == 0)
			break;
		else if (errno != EINTR) {
			e = errno;
			break;
		}
	}
	close(fd);
	if (e) {
		free(s);
		errno = e;
		return NULL;
	}
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int
utf8_decode_slow(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	int len;
	uint32_t c, min;
	if ((u[0] & 0xE0) == 0xC0) {
		len = 2, c = u[0] & 0x1F, min = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3, c = u[0] & 0x0F, min = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int
utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The file of a helper program: beside vanban (build/), or in
 * PREFIX/libexec/vanban once installed; NULL when there is none. */
char *
helper_path(const char *name)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len <= 0)
		return NULL;
	exe[len] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	char *p = xasprintf("%s/%s", exe, name);
	if (access(p, X_OK) == 0)
		return p;
	free(p);
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	p = xasprintf("%s/libexec/vanban/%s", exe, name);
	if (access(p, X_OK) == 0)
		return p;
	free(p);
	return NULL;
}

void
buf_utf16be(struct buf *b, const char *s, size_t n)
{
	buf_add(b, "\xFE\xFF", 2);
	uint32_t cp;
	for (size_t i = 0; utf8_next(s, n, &i, &cp);) {
		if (cp >= 0x10000) { /* a surrogate pair */
			uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10);
			buf_putc(b, (char)(hi >> 8));
			buf_putc(b, (char)(hi & 0xFF));
			cp = 0xDC00 + (v & 0x3FF);
		}
		buf_putc(b, (char)(cp >> 8));
		buf_putc(b, (char)(cp & 0xFF));
	}
}

int
run_program(const char *prog, char *const argv[], const char *input, size_t len)
{
	fflush(NULL); /* what we have said comes before what it says */
	int p[2] = {-1, -1};
	int e = input && pipe(p) != 0 ? errno : 0;
	pid_t pid = 0;
	if (e == 0) {
		posix_spawn_file_actions_t fa;
		posix_spawn_file_actions_init(&fa);
		if (input) {
			/* it holds only its standard input's end: it sees the end of
			 * the input when we close ours */
			fcntl(p[0], F_SETFD, FD_CLOEXEC);
			fcntl(p[1], F_SETFD, FD_CLOEXEC);
			posix_spawn_file_actions_adddup2(&fa, p[0], 0);
		}
		extern char **environ;
		e = posix_spawn(&pid, prog, &fa, NULL, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
		if (input) {
			close(p[0]);
			if (e != 0)
				close(p[1]);
		}
	}
	if (e != 0) {
		fprintf(stderr, _("vanban: error: cannot run %s: %s\n"), prog, sys_error(e));
		return 3;
	}
	if (input) {
		/* a program that ends before it has read everything makes a
		 * write fail (EPIPE), not end vanban; what went wrong, it says */
		struct sigaction ign = {0}, was;
		ign.sa_handler = SIG_IGN;
		sigaction(SIGPIPE, &ign, &was);
		for (size_t at = 0; at < len;) {
			ssize_t n = write(p[1], input + at, len - at);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			at += (size_t)n;
		}
		close(p[1]);
		sigaction(SIGPIPE, &was, NULL);
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(st))
		fprintf(stderr, _("vanban: error: %s ended by signal %d\n"), prog, WTERMSIG(st));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 3;
}

/*
 * A page of the heap that a process touches first costs a page fault; on
 * the virtual machine vanban is measured on (make bench) one costs some
 * 11 us, where the kernel fills a range in one call (MADV_POPULATE_WRITE,
 * Linux 5.14) for about 1 us a page (the first touch of a page still costs
 * what the machine charges for it). The heap of a build grows with its
 * source (1.0 MB for the reference plan's 19 KB, 13.8 MB for the 100-page
 * plan's 468 KB). So the heap a build will want is populated at once: a
 * block is malloc'd, the part of it below the extent asked for is filled,
 * and it is freed back to the top of the heap, where the next mallocs find
 * it. glibc then keeps what is freed (M_TRIM_THRESHOLD), and takes large
 * blocks from the heap too (M_MMAP_THRESHOLD, its largest value), not from
 * fresh mappings that would fault again. Nothing past the extent is
 * touched, so the peak stays what the build itself needs. Measured, 40
 * interleaved runs each: the 100-page plan 117 -> 103 ms, the reference
 * plan 27.3 -> 26.1 ms (an hour earlier, when the host was busier, no
 * change).
 */
#if defined(__GLIBC__) && defined(MADV_POPULATE_WRITE)
void
heap_reserve(size_t extent)
{
	enum { MMAP_THRESHOLD_MAX = 4 * 1024 * 1024 * (int)sizeof(long) }; /* glibc's largest */
	static int tuned; /* by the first call, made before any thread starts */
	if (!tuned) {
		mallopt(M_TRIM_THRESHOLD, MMAP_THRESHOLD_MAX);
		mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX);
		tuned = 1;
	}
	if (extent > MMAP_THRESHOLD_MAX / 2)
		extent = MMAP_THRESHOLD_MAX / 2;
	/* the main heap (brk) starts where sbrk(0) was before malloc grew it;
	 * a thread's arena is new, and starts about where the block does */
	char *brk_end = sbrk(0), *brk_start = brk_end - mallinfo2().arena;
	char *p = extent > 0 ? malloc(extent) : NULL;
	if (p == NULL)
		return;
	char *end = p + extent;
	if (p >= brk_start && p < (char *)sbrk(0) && brk_start + extent < end)
		end = brk_start + extent;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1), e = (uintptr_t)end & ~(page - 1);
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_POPULATE_WRITE); /* older kernels: EINVAL, no harm */
	free(p);
}
#else
void
heap_reserve(size_t extent)
{
	(void)extent;
}
#endif

/* glibc says its errors in the language of LC_MESSAGES, converted to the
 * character set of LC_CTYPE: with LC_CTYPE left "C", Vietnamese would come
 * out as ASCII. LC_CTYPE is set here, on the first error said, not at each
 * start: setting it reads the locale's character tables, half a
 * millisecond of every build (3% of the reference plan's), and nothing
 * else vanban prints depends on it (its own messages are bound to UTF-8).
 * From the main thread only, as setlocale asks. */
const char *
sys_error(int e)
{
	static int ctype;
	if (!ctype) {
		setlocale(LC_CTYPE, "");
		ctype = 1;
	}
	return strerror(e);
}
