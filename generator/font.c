/* font.c: the four faces of a document, resolved to files at once and read
 * with HarfBuzz on first use, and their advance widths, cached per code point. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hb-ot.h>
#include <hb.h>

#include "font.h"

/* Cache entries are widths in 1/1000 em; these two values are not. */
#define ADV_UNKNOWN 0xFFFFu
#define ADV_MISSING 0xFFFEu
#define ADV_MAX 0xFFFDu

static const char *const face_names[FACE_COUNT] = {
	[FACE_REGULAR] = "regular",
	[FACE_BOLD] = "bold",
	[FACE_ITALIC] = "italic",
	[FACE_BOLD_ITALIC] = "bold italic",
};

struct face_data {
	char *path;
	int state; /* 0 not yet read, 1 read, -1 unreadable */
	hb_face_t *hb_face;
	hb_font_t *hb_font;
	unsigned upem;
	double ascent, descent;
	char *psname;
	/* Advances of the BMP in blocks of 256 code points, allocated when a
	 * code point of the block is first asked for: a Vietnamese document
	 * touches five blocks, so a face costs a few KB, and even a document
	 * using the whole BMP stays at 128 KB a face. */
	uint16_t *adv[256];
};

struct fontset {
	struct face_data face[FACE_COUNT];
};

static int
readable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

static char *
join_path(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	if (n == 0)
		return xstrdup(name);
	return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

/* The message lists every name and every directory so that the user sees
 * at once where to put the missing file. */
static char *
missing_face_message(enum face f, const char *const *dirs, size_t ndirs, const char *const *names)
{
	struct buf b = {0};
	buf_printf(&b, "no font file for face %s: tried ", face_names[f]);
	if (names == NULL || names[0] == NULL)
		buf_puts(&b, "no file names");
	for (size_t i = 0; names != NULL && names[i] != NULL; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	buf_puts(&b, " in ");
	if (ndirs == 0)
		buf_puts(&b, "no directories");
	for (size_t i = 0; i < ndirs; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", dirs[i]);
	return buf_take(&b);
}

struct fontset *
font_open(const char *const *dirs, size_t ndirs, const char *const *const names[FACE_COUNT], char **why)
{
	struct fontset *fs = xcalloc(1, sizeof *fs);
	for (int f = 0; f < FACE_COUNT; f++) {
		/* Directories before names: a file put in the project's own
		 * fonts/ wins over whatever the system has installed. */
		for (size_t d = 0; d < ndirs && fs->face[f].path == NULL; d++) {
			for (size_t i = 0; names[f] != NULL && names[f][i] != NULL; i++) {
				char *p = join_path(dirs[d], names[f][i]);
				if (readable_file(p)) {
					fs->face[f].path = p;
					break;
				}
				free(p);
			}
		}
		if (fs->face[f].path == NULL) {
			if (why != NULL)
				*why = missing_face_message((enum face)f, dirs, ndirs, names[f]);
			font_close(fs);
			return NULL;
		}
	}
	return fs;
}

void
font_close(struct fontset *fs)
{
	if (fs == NULL)
		return;
	for (int f = 0; f < FACE_COUNT; f++) {
		struct face_data *fc = &fs->face[f];
		hb_font_destroy(fc->hb_font);
		hb_face_destroy(fc->hb_face);
		for (int i = 0; i < 256; i++)
			free(fc->adv[i]);
		free(fc->psname);
		free(fc->path);
	}
	free(fs);
}

static char *
psname_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return xstrndup(base, dot ? (size_t)(dot - base) : strlen(base));
}

/* Reads the face on first use: a document that never sets a word in bold
 * italic never maps that file. A file that HarfBuzz cannot read leaves a
 * face without glyphs, so every code point reports as missing. */
static struct face_data *
face_get(struct fontset *fs, enum face f)
{
	struct face_data *fc = &fs->face[f];
	if (fc->state != 0)
		return fc;
	fc->state = -1;
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(fc->path);
	if (blob == NULL)
		return fc;
	fc->hb_face = hb_face_create(blob, 0);
	hb_blob_destroy(blob); /* the face keeps its own reference */
	if (hb_face_get_glyph_count(fc->hb_face) == 0)
		return fc;
	fc->upem = hb_face_get_upem(fc->hb_face);
	fc->hb_font = hb_font_create(fc->hb_face);
	/* Scale = upem gives advances in the font's own units, unrounded. */
	hb_font_set_scale(fc->hb_font, (int)fc->upem, (int)fc->upem);
	hb_font_extents_t ext;
	if (hb_font_get_h_extents(fc->hb_font, &ext)) {
		fc->ascent = ext.ascender * 1000.0 / fc->upem;
		fc->descent = -ext.descender * 1000.0 / fc->upem;
	}
	fc->state = 1;
	return fc;
}

/* Truncated like libharu 2.3.0 does when it writes the font's /W widths
 * (advance * 1000 / upem in integers): readers place glyphs by /W, so the
 * layout measures exactly what every reader draws. */
static unsigned
lookup_advance(struct face_data *fc, uint32_t cp)
{
	hb_codepoint_t gid;
	if (fc->state != 1 || !hb_font_get_nominal_glyph(fc->hb_font, cp, &gid))
		return ADV_MISSING;
	hb_position_t a = hb_font_get_glyph_h_advance(fc->hb_font, gid);
	if (a < 0)
		a = 0;
	unsigned long w = (unsigned long)a * 1000u / fc->upem;
	return w > ADV_MAX ? ADV_MAX : (unsigned)w;
}

static unsigned
advance(struct fontset *fs, enum face f, uint32_t cp)
{
	struct face_data *fc = face_get(fs, f);
	if (cp > 0xFFFF)
		return lookup_advance(fc, cp);
	uint16_t *blk = fc->adv[cp >> 8];
	if (blk == NULL) {
		blk = fc->adv[cp >> 8] = xmalloc(256 * sizeof *blk);
		for (int i = 0; i < 256; i++)
			blk[i] = ADV_UNKNOWN;
	}
	if (blk[cp & 0xFF] == ADV_UNKNOWN)
		blk[cp & 0xFF] = (uint16_t)lookup_advance(fc, cp);
	return blk[cp & 0xFF];
}

double
font_advance(struct fontset *fs, enum face f, uint32_t cp)
{
	unsigned a = advance(fs, f, cp);
	return a == ADV_MISSING ? -1.0 : (double)a;
}

int
font_has(struct fontset *fs, enum face f, uint32_t cp)
{
	return advance(fs, f, cp) != ADV_MISSING;
}

double
font_width(struct fontset *fs, enum face f, double size, const char *s, size_t n)
{
	/* Integer sum: the result does not depend on how the text is split. */
	unsigned long sum = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		int len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			i++;
			continue;
		}
		i += (size_t)len;
		unsigned a = advance(fs, f, cp);
		if (a != ADV_MISSING)
			sum += a;
	}
	return (double)sum * size / 1000.0;
}

double
font_ascent(struct fontset *fs, enum face f)
{
	return face_get(fs, f)->ascent;
}

double
font_descent(struct fontset *fs, enum face f)
{
	return face_get(fs, f)->descent;
}

const char *
font_file(const struct fontset *fs, enum face f)
{
	return fs->face[f].path;
}

const char *
font_psname(struct fontset *fs, enum face f)
{
	struct face_data *fc = face_get(fs, f);
	if (fc->psname != NULL)
		return fc->psname;
	if (fc->state == 1) {
		unsigned len = hb_ot_name_get_utf8(fc->hb_face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
		    HB_LANGUAGE_INVALID, NULL, NULL);
		if (len > 0) {
			unsigned size = len + 1;
			fc->psname = xmalloc(size);
			hb_ot_name_get_utf8(fc->hb_face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
			    HB_LANGUAGE_INVALID, &size, fc->psname);
		}
	}
	if (fc->psname == NULL)
		fc->psname = psname_from_path(fc->path);
	return fc->psname;
}
