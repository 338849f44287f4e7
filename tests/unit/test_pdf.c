/* test_pdf.c: checks the font metrics and the PDF device on two hand-built
 * A4 pages of Vietnamese text in the four faces of Liberation Serif. */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "font.h"
#include "out_pdf.h"
#include "pages.h"

#define FONT_DIR "/usr/share/fonts/truetype/liberation2"
#define A4_W 595.28
#define A4_H 841.89
#define MARGIN_L 85.04 /* 30 mm */
#define MARGIN_R 56.69 /* 20 mm */

static int passed, failed;

static void
check(int ok, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL: %s\n", what);
	}
}

static void
check_near(double got, double want, double tol, const char *what)
{
	if (fabs(got - want) <= tol) {
		passed++;
	} else {
		failed++;
		printf("FAIL: %s: got %.6f, want %.6f\n", what, got, want);
	}
}

static double
width(struct fontset *fs, enum face f, double size, const char *s)
{
	return font_width(fs, f, size, s, strlen(s));
}

static struct fontset *
open_liberation(char **why)
{
	/* A directory without the files first: the search must go on. */
	static const char *const dirs[] = {"/nonexistent/fonts", FONT_DIR};
	static const char *const r[] = {"times.ttf", "LiberationSerif-Regular.ttf", NULL};
	static const char *const b[] = {"timesbd.ttf", "LiberationSerif-Bold.ttf", NULL};
	static const char *const i[] = {"timesi.ttf", "LiberationSerif-Italic.ttf", NULL};
	static const char *const bi[] = {"timesbi.ttf", "LiberationSerif-BoldItalic.ttf", NULL};
	static const char *const *const names[FACE_COUNT] = {r, b, i, bi};
	return font_open(dirs, 2, names, why, NULL);
}

static void
test_subset(struct fontset *fs)
{
	static const uint32_t cps[] = {' ', 'N', 'g', 'n', 'u', 'y', 0x1EC5};
	size_t len = 0;
	unsigned char *sub = font_subset(fs, FACE_REGULAR, cps, sizeof cps / sizeof cps[0], &len);
	check(sub != NULL && len > 12 && memcmp(sub, "\0\1\0\0", 4) == 0, "font_subset gives a TrueType font");
	check(sub != NULL && len < 8000, "a subset of seven code points is small");
	if (sub != NULL)
		printf("  (subset of 'Nguyễn': %zu bytes)\n", len);
	free(sub);
}

static void
test_font_open_missing(void)
{
	static const char *const dirs[] = {"fonts", FONT_DIR};
	static const char *const r[] = {"LiberationSerif-Regular.ttf", NULL};
	static const char *const b[] = {"timesbd.ttf", "NoSuchFace-Bold.ttf", NULL};
	static const char *const *const names[FACE_COUNT] = {r, b, r, r};
	char *why = NULL;
	struct fontset *fs = font_open(dirs, 2, names, &why, NULL);
	check(fs == NULL, "font_open fails when a face is missing");
	check(why != NULL && strstr(why, "face bold") != NULL && strstr(why, "timesbd.ttf") != NULL &&
	        strstr(why, "NoSuchFace-Bold.ttf") != NULL && strstr(why, FONT_DIR) != NULL,
	    "font_open names the face, the files and the places");
	if (why != NULL)
		printf("  (message: %s)\n", why);
	free(why);
	font_close(fs);
}

static void
test_metrics(struct fontset *fs)
{
	static const char *const ps[FACE_COUNT] = {"LiberationSerif", "LiberationSerif-Bold",
	    "LiberationSerif-Italic", "LiberationSerif-BoldItalic"};
	for (int f = 0; f < FACE_COUNT; f++) {
		check(strcmp(font_psname(fs, (enum face)f), ps[f]) == 0, "PostScript name");
		check(strstr(font_file(fs, (enum face)f), FONT_DIR "/LiberationSerif-") != NULL,
		    "font_file in the system directory");
		/* hhea of Liberation Serif: 1825 and -443 in 2048 units. */
		check_near(font_ascent(fs, (enum face)f), 1825 * 1000.0 / 2048, 1e-9, "ascent");
		check_near(font_descent(fs, (enum face)f), 443 * 1000.0 / 2048, 1e-9, "descent");
		int all = 1;
		for (uint32_t cp = 0x1EA0; cp <= 0x1EF9; cp++)
			all &= font_has(fs, (enum face)f, cp);
		for (const char *s = "ăâđêôơưĂÂĐÊÔƠƯ"; *s;) {
			uint32_t cp;
			int n = utf8_decode(s, strlen(s), &cp);
			all &= font_has(fs, (enum face)f, cp);
			s += n;
		}
		check(all, "every Vietnamese letter U+1EA0..U+1EF9 and ăâđêôơư");
		check(!font_has(fs, (enum face)f, 0x4E2D), "no CJK glyph (U+4E2D)");
		check(font_advance(fs, (enum face)f, 0x4E2D) < 0, "missing glyph has a negative advance");
		check(!font_has(fs, (enum face)f, 0x1F600), "no emoji (U+1F600)");
	}
	/* Widths in whole 1/1000 em, truncated as libharu writes /W: Times
	 * 'A' is 1479/2048 em in the regular face, space 512/2048. */
	check_near(font_advance(fs, FACE_REGULAR, 'A'), 722, 0, "advance of A");
	check_near(font_advance(fs, FACE_REGULAR, ' '), 250, 0, "advance of space");
	check_near(width(fs, FACE_BOLD, 15, "ĐẢNG CỘNG SẢN VIỆT NAM"), 206.565, 1e-9,
	    "bold 15 pt ĐẢNG CỘNG SẢN VIỆT NAM (206.675 with unrounded advances)");
	check_near(width(fs, FACE_REGULAR, 15, "ĐẢNG CỘNG SẢN VIỆT NAM"), 199.92, 1e-9,
	    "regular 15 pt ĐẢNG CỘNG SẢN VIỆT NAM");
	check_near(width(fs, FACE_ITALIC, 15, "ĐẢNG CỘNG SẢN VIỆT NAM"), 187.35, 1e-9,
	    "italic 15 pt ĐẢNG CỘNG SẢN VIỆT NAM");
	check_near(width(fs, FACE_BOLD_ITALIC, 15, "ĐẢNG CỘNG SẢN VIỆT NAM"), 198.24, 1e-9,
	    "bold italic 15 pt ĐẢNG CỘNG SẢN VIỆT NAM");
	/* Composite additivity: a string's width is the sum of its parts. */
	check_near(width(fs, FACE_REGULAR, 14, "Nguyễn Văn Bình"),
	    width(fs, FACE_REGULAR, 14, "Nguyễn ") + width(fs, FACE_REGULAR, 14, "Văn Bình"), 1e-9,
	    "width is additive");
	check_near(width(fs, FACE_REGULAR, 14, "A\xff\xc3" "B"), width(fs, FACE_REGULAR, 14, "AB"), 0,
	    "invalid UTF-8 bytes are skipped");
	check_near(width(fs, FACE_REGULAR, 14, "A中B"), width(fs, FACE_REGULAR, 14, "AB"), 0,
	    "missing glyphs count 0");
	check_near(width(fs, FACE_REGULAR, 14, ""), 0, 0, "empty string");
}

/* Sets words one by one, each with its trailing space, spread to fill
 * width (justify) or set naturally (width == 0): the way layout does. */
static void
put_words(struct page *pg, struct fontset *fs, double x, double y, enum face f, double size,
    const char *text, double justify_to)
{
	size_t nwords = 0, len = strlen(text);
	double natural = 0;
	for (const char *s = text; *s;) {
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		natural += font_width(fs, f, size, s, n);
		nwords++;
		s += n + (e != NULL);
	}
	double gap = font_width(fs, f, size, " ", 1);
	if (justify_to > 0 && nwords > 1)
		gap = (justify_to - natural) / (double)(nwords - 1);
	for (const char *s = text; s < text + len;) {
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		page_text(pg, x, y, f, size, s, n + (e != NULL));
		x += font_width(fs, f, size, s, n) + gap;
		s += n + (e != NULL);
	}
}

static void
put_centered(struct page *pg, struct fontset *fs, double cx, double y, enum face f, double size,
    const char *text)
{
	page_text(pg, cx - width(fs, f, size, text) / 2, y, f, size, text, strlen(text));
}

static void
build_pages(struct pages *p, struct fontset *fs)
{
	p->width = A4_W;
	p->height = A4_H;
	double text_w = A4_W - MARGIN_L - MARGIN_R;
	double left_c = MARGIN_L + 100, right_c = MARGIN_L + 330;

	struct page *pg = pages_add(p);
	put_centered(pg, fs, left_c, 70, FACE_REGULAR, 14, "TỈNH ỦY HÀ NAM");
	put_centered(pg, fs, left_c, 87, FACE_BOLD, 14, "BAN THƯỜNG VỤ");
	page_text(pg, left_c - 3.5, 101, FACE_REGULAR, 14, "*", 1);
	put_centered(pg, fs, right_c, 70, FACE_BOLD, 15, "ĐẢNG CỘNG SẢN VIỆT NAM");
	double w = width(fs, FACE_BOLD, 15, "ĐẢNG CỘNG SẢN VIỆT NAM");
	page_rule(pg, right_c - w / 2, right_c + w / 2, 74, 0.5);
	put_centered(pg, fs, right_c, 104, FACE_ITALIC, 14, "Hà Nam, ngày 05 tháng 7 năm 2023");
	put_centered(pg, fs, A4_W / 2 + 14, 160, FACE_BOLD, 15, "KẾ HOẠCH");
	put_centered(pg, fs, A4_W / 2 + 14, 178, FACE_BOLD_ITALIC, 14,
	    "tổ chức hội nghị quán triệt nghị quyết");
	page_rule(pg, A4_W / 2 + 14 - 30, A4_W / 2 + 14 + 30, 186, 0.5);
	static const char *const para[] = {
	    "Thực hiện Chỉ thị số 15-CT/TW ngày 05 tháng 7 năm 2023 của Bộ Chính trị",
	    "về tăng cường sự lãnh đạo của Đảng đối với công tác phòng, chống tham nhũng,",
	    "lãng phí; Ban Thường vụ Tỉnh ủy xây dựng kế hoạch như sau:",
	};
	double y = 220;
	for (size_t i = 0; i < 3; i++, y += 20)
		put_words(pg, fs, MARGIN_L + (i == 0 ? 36 : 0), y, FACE_REGULAR, 14, para[i],
		    i < 2 ? text_w - (i == 0 ? 36 : 0) : 0);
	put_words(pg, fs, MARGIN_L + 36, y, FACE_BOLD, 14, "I. MỤC ĐÍCH, YÊU CẦU", 0);
	pages_outline(p, 1, "I. MỤC ĐÍCH, YÊU CẦU", 0, y);
	y += 20;
	put_words(pg, fs, MARGIN_L + 36, y, FACE_ITALIC, 14, "Quán triệt đầy đủ, sâu sắc các nội dung.", 0);

	pg = pages_add(p);
	put_centered(pg, fs, A4_W / 2, 40, FACE_REGULAR, 13, "2");
	static const enum face faces[FACE_COUNT] = {FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_BOLD_ITALIC};
	y = 80;
	for (int f = 0; f < FACE_COUNT; f++) {
		/* U+1EA0..U+1EF9 in three lines of 30 letters. */
		for (uint32_t first = 0x1EA0; first <= 0x1EF9; first += 30, y += 18) {
			struct buf b = {0};
			for (uint32_t cp = first; cp < first + 30 && cp <= 0x1EF9; cp++) {
				char u[4];
				buf_add(&b, u, (size_t)utf8_encode(cp, u));
			}
			page_text(pg, MARGIN_L, y, faces[f], 12, b.s, b.len);
			buf_free(&b);
		}
		put_words(pg, fs, MARGIN_L, y, faces[f], 12, "ăâđêôơư ĂÂĐÊÔƠƯ àáảãạ – “Nơi nhận:” …", 0);
		y += 30;
	}
	page_rule(pg, MARGIN_L, A4_W - MARGIN_R, y, 1);
	page_rule(pg, MARGIN_L, A4_W - MARGIN_R, y + 3, 0.5);
	put_words(pg, fs, MARGIN_L, y + 25, FACE_BOLD_ITALIC, 12, "Nơi nhận:", 0);
	pages_outline(p, 2, "1. Nơi nhận", 1, y + 25);
	put_words(pg, fs, MARGIN_L, y + 40, FACE_REGULAR, 11, "- Như trên,", 0);
	put_words(pg, fs, MARGIN_L, y + 53, FACE_REGULAR, 11, "- Lưu Văn phòng Tỉnh ủy.", 0);
}

static unsigned char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct buf b = {0};
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, k);
	fclose(f);
	*n = b.len;
	return (unsigned char *)buf_take(&b);
}

/* The first occurrence of s in the n bytes at a, or NULL. */
static const unsigned char *
find(const unsigned char *a, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; a != NULL && i + k <= n; i++)
		if (memcmp(a + i, s, k) == 0)
			return a + i;
	return NULL;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* pdf_write into a file path, as build_one does into its temporary file. */
static int
write_pdf(const struct pages *p, struct fontset *fs, const struct pdf_meta *meta, const char *path, char **why)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	int rc = pdf_write(p, fs, meta, fd, path, why);
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

static void
test_pdf(struct fontset *fs, const char *out1, const char *out2)
{
	struct pages p = {0};
	build_pages(&p, fs);
	const struct pdf_meta meta = {
	    .title = "Kế hoạch tổ chức hội nghị",
	    .author = "Ban Thường vụ Tỉnh ủy Hà Nam",
	    .subject = "Kế hoạch",
	    .keywords = "kế hoạch, hội nghị",
	    .creator = "vanban " VANBAN_VERSION,
	    .year = 2023, .month = 7, .day = 5,
	};
	char *why = NULL;
	double t0 = now();
	int rc = write_pdf(&p, fs, &meta, out1, &why);
	double t1 = now();
	check(rc == 0, "pdf_write succeeds");
	if (rc != 0)
		printf("  (%s)\n", why);
	free(why);
	why = NULL;
	check(write_pdf(&p, fs, &meta, out2, &why) == 0, "pdf_write succeeds again");
	free(why);
	why = NULL;

	size_t n1 = 0, n2 = 0;
	unsigned char *a = slurp(out1, &n1), *b = slurp(out2, &n2);
	check(a != NULL && b != NULL, "both files readable");
	check(a != NULL && n1 > 5 && memcmp(a, "%PDF-", 5) == 0, "starts with %PDF-");
	check(a != NULL && b != NULL && n1 == n2 && memcmp(a, b, n1) == 0, "two runs give identical bytes");
	check(a != NULL && strstr((char *)a, "Haru") == NULL, "no libharu version string");
	check(a != NULL && find(a, n1, "/Outlines") != NULL && find(a, n1, "/XYZ") != NULL,
	    "bookmarks with destinations");
	/* Four subset faces, each named TAG+PostScript name. */
	int tagged = 0;
	for (size_t i = 7; a != NULL && i + 16 < n1; i++)
		if (memcmp(a + i, "+LiberationSerif", 16) == 0 && a[i - 7] == '/') {
			int caps = 1;
			for (int k = 6; k >= 1; k--)
				caps &= a[i - k] >= 'A' && a[i - k] <= 'Z';
			tagged += caps;
		}
	check(tagged >= 4, "fonts named as subsets (ABCDEF+LiberationSerif...)");
	check(n1 < 60000, "two pages in four subset faces take under 60 KB (about 38 KB)");
	printf("  (%s: %zu bytes, pdf_write %.1f ms)\n", out1, n1, (t1 - t0) * 1000);
	free(a);
	free(b);

	/* a full disk: every write is checked */
	int full = open("/dev/full", O_WRONLY);
	check(full >= 0 && pdf_write(&p, fs, &meta, full, "/dev/full", &why) == -1 && why != NULL &&
	          strstr(why, "/dev/full") != NULL && strstr(why, "No space left") != NULL,
	    "pdf_write reports a full disk");
	if (why != NULL)
		printf("  (message: %s)\n", why);
	if (full >= 0)
		close(full);
	free(why);
	why = NULL;

	/* SOURCE_DATE_EPOCH wins over the document's date; a malformed one
	 * is refused. */
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	check(write_pdf(&p, fs, &meta, out2, &why) == 0, "pdf_write with SOURCE_DATE_EPOCH");
	free(why);
	why = NULL;
	b = slurp(out2, &n2);
	check(b != NULL && find(b, n2, "D:20231114221320Z") != NULL && find(b, n2, "D:20230705") == NULL,
	    "SOURCE_DATE_EPOCH gives the dates");
	free(b);
	setenv("SOURCE_DATE_EPOCH", "12 May", 1);
	check(write_pdf(&p, fs, &meta, out2, &why) == -1 && why != NULL && strstr(why, "SOURCE_DATE_EPOCH") != NULL,
	    "pdf_write refuses a malformed SOURCE_DATE_EPOCH");
	free(why);
	why = NULL;
	unsetenv("SOURCE_DATE_EPOCH");

	struct pdf_meta bad = meta;
	bad.month = 2, bad.day = 30;
	check(write_pdf(&p, fs, &bad, out2, &why) == -1 && why != NULL, "pdf_write rejects 30 February");
	if (why != NULL)
		printf("  (message: %s)\n", why);
	free(why);
	pages_free(&p);

	struct pages empty = {.width = A4_W, .height = A4_H};
	why = NULL;
	check(write_pdf(&empty, fs, NULL, out2, &why) == -1 && why != NULL, "pdf_write refuses no pages");
	free(why);
}

int
main(int argc, char **argv)
{
	const char *out1 = argc > 1 ? argv[1] : "/tmp/test_pdf_1.pdf";
	const char *out2 = argc > 2 ? argv[2] : "/tmp/test_pdf_2.pdf";
	test_font_open_missing();
	char *why = NULL;
	struct fontset *fs = open_liberation(&why);
	check(fs != NULL, "font_open finds Liberation Serif");
	if (fs == NULL) {
		printf("  (%s)\n", why);
		free(why);
	} else {
		test_metrics(fs);
		test_subset(fs);
		test_pdf(fs, out1, out2);
		font_close(fs);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
