/* font.c: the four faces of a document, resolved to files at once and read
 * with HarfBuzz on first use, and their advance widths, cached per code point. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include "font.h"

/* Cache entries are widths in 1/1000 em; these two values are not. */
#define ADV_UNKNOWN 0xFFFFu
#define ADV_MISSING 0xFFFEu
#define ADV_MAX 0xFFFDu

/* TRANSLATORS: the four faces of a font family */
static const char *const face_names[FACE_COUNT] = {
	[FACE_REGULAR] = N_("regular"),
	[FACE_BOLD] = N_("bold"),
	[FACE_ITALIC] = N_("italic"),
	[FACE_BOLD_ITALIC] = N_("bold italic"),
};

struct face_data {
	char *path;
	int state; /* 0 not yet read, 1 read, -1 unreadable */
	hb_face_t *hb_face;
	hb_font_t *hb_font;
	void *map; /* the file, mapped read-only; owned by hb_face's blob */
	size_t map_len;
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
	int keep_pages; /* font_keep_pages */
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
	struct buf fn = {0}, dn = {0};
	if (names == NULL || names[0] == NULL)
		buf_puts(&fn, _("no file names"));
	for (size_t i = 0; names != NULL && names[i] != NULL; i++)
		buf_printf(&fn, "%s%s", i ? ", " : "", names[i]);
	if (ndirs == 0)
		buf_puts(&dn, _("no directories"));
	for (size_t i = 0; i < ndirs; i++)
		buf_printf(&dn, "%s%s", i ? ", " : "", dirs[i]);
	/* TRANSLATORS: the face (regular, bold ...); the file names tried;
	 * the directories they were looked for in */
	char *s = xasprintf(_("no font file for face %s: tried %s in %s"), _(face_names[f]), buf_cstr(&fn),
	    buf_cstr(&dn));
	buf_free(&fn);
	buf_free(&dn);
	return s;
}

/* The file of face f in dir, or NULL. */
static char *
face_in(const char *dir, const char *const *names)
{
	for (size_t i = 0; names != NULL && names[i] != NULL; i++) {
		char *p = join_path(dir, names[i]);
		if (readable_file(p))
			return p;
		free(p);
	}
	return NULL;
}

struct fontset *
font_open(const char *const *dirs, size_t ndirs, const char *const *const names[FACE_COUNT], char **why,
    char **note)
{
	/* Directories before names: a family put in the project's own fonts/
	 * wins over whatever the system has installed. The four faces come
	 * from one directory: Times New Roman's regular beside Liberation's
	 * bold would be two families on one page. */
	struct buf passed = {0};
	for (size_t d = 0; d < ndirs; d++) {
		struct fontset *fs = xcalloc(1, sizeof *fs);
		int found = 0;
		for (int f = 0; f < FACE_COUNT; f++)
			found += (fs->face[f].path = face_in(dirs[d], names[f])) != NULL;
		if (found == FACE_COUNT) {
			if (note != NULL && passed.len) {
				/* TRANSLATORS: after the directories passed over: the one used */
				buf_printf(&passed, _(": the faces are taken together, from %s"), dirs[d]);
				*note = buf_take(&passed);
			}
			buf_free(&passed);
			return fs;
		}
		for (int f = 0; found > 0 && f < FACE_COUNT; f++)
			if (fs->face[f].path == NULL) {
				if (passed.len)
					buf_puts(&passed, "; ");
				/* TRANSLATORS: a directory, a face (regular, bold ...), the
				 * face's first file name */
				buf_printf(&passed, _("%s lacks the %s face (%s)"), dirs[d], _(face_names[f]),
				    names[f] && names[f][0] ? names[f][0] : _("no file name"));
			}
		font_close(fs);
	}
	if (why != NULL) {
		/* a face no directory has, or the directories that have some */
		int f = 0;
		for (; f < FACE_COUNT; f++) {
			int any = 0;
			for (size_t d = 0; d < ndirs && !any; d++) {
				char *p = face_in(dirs[d], names[f]);
				any = p != NULL;
				free(p);
			}
			if (!any)
				break;
		}
		if (f < FACE_COUNT)
			*why = missing_face_message((enum face)f, dirs, ndirs, names[f]);
		else
			*why = xasprintf(_("no directory holds the four faces together: %s"), buf_cstr(&passed));
	}
	buf_free(&passed);
	return NULL;
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

static void
unmap_file(void *data)
{
	struct face_data *fc = data;
	munmap(fc->map, fc->map_len);
	fc->map = NULL;
}

/* The file mapped read-only, as hb_blob_create_from_file_or_fail does,
 * but with the mapping known, so that font_subset can let its pages go. */
static hb_blob_t *
map_file(struct face_data *fc)
{
	int fd = open(fc->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	void *m = MAP_FAILED;
	if (fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < 0x7FFFFFFF)
		m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return NULL;
	fc->map = m;
	fc->map_len = (size_t)st.st_size;
	return hb_blob_create_or_fail(m, (unsigned)st.st_size, HB_MEMORY_MODE_READONLY, fc, unmap_file);
}

/* Reads the face on first use: a document that never sets a word in bold
 * italic never maps that file. A file that HarfBuzz cannot read leaves a
 * face without glyphs, so every code point reports as missing. */
static struct face_data *
face_read(struct face_data *fc)
{
	fc->state = -1;
	hb_blob_t *blob = map_file(fc);
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

/* The face, read on first use (inline: layout asks for it for every
 * character it measures). */
static inline struct face_data *
face_get(struct fontset *fs, enum face f)
{
	struct face_data *fc = &fs->face[f];
	return fc->state != 0 ? fc : face_read(fc);
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

/* The width of cp in face fc when it is not cached yet: cached now. */
static unsigned
cache_advance(struct face_data *fc, uint32_t cp)
{
	if (cp > 0xFFFF)
		return lookup_advance(fc, cp);
	uint16_t *blk = fc->adv[cp >> 8];
	if (blk == NULL) {
		blk = fc->adv[cp >> 8] = xmalloc(256 * sizeof *blk);
		for (int i = 0; i < 256; i++)
			blk[i] = ADV_UNKNOWN;
	}
	return blk[cp & 0xFF] = (uint16_t)lookup_advance(fc, cp);
}

/* The width of cp in face fc (face_get's), cached by blocks of 256. */
static inline unsigned
face_advance(struct face_data *fc, uint32_t cp)
{
	const uint16_t *blk = cp <= 0xFFFF ? fc->adv[cp >> 8] : NULL;
	return blk != NULL && blk[cp & 0xFF] != ADV_UNKNOWN ? blk[cp & 0xFF] : cache_advance(fc, cp);
}

static unsigned
advance(struct fontset *fs, enum face f, uint32_t cp)
{
	return face_advance(face_get(fs, f), cp);
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
	uint32_t cp;
	struct face_data *fc = face_get(fs, f);
	while (utf8_next(s, n, &i, &cp)) {
		unsigned a = face_advance(fc, cp);
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

static void
put16(struct buf *b, unsigned v)
{
	char c[2] = {(char)(v >> 8 & 0xFF), (char)(v & 0xFF)};
	buf_add(b, c, 2);
}

/*
 * A cmap table with one subtable, (3, 1) format 4, for the code points
 * cps[0..n) (increasing, BMP) of the subset face sub, in a few segments
 * that each cover a run of code points with gaps of less than 64, glyph
 * IDs from an array (0 in the gaps). HarfBuzz writes one segment per run
 * of consecutive code points, some 80 for a Vietnamese document; libharu
 * looks a code point up by walking the segments, and out_pdf.c asks it for
 * every code the segments cover (for the widths of /W). With ten segments
 * that walk is short.
 */
static hb_blob_t *
compact_cmap(hb_face_t *sub, const uint32_t *cps, size_t n)
{
	enum { GAP = 64, MAXSEG = 512 };
	uint32_t start[MAXSEG], end[MAXSEG];
	size_t nseg = 0;
	for (size_t i = 0; i < n; i++) {
		if (cps[i] >= 0xFFFF)
			break;
		if (nseg > 0 && cps[i] - end[nseg - 1] < GAP) {
			end[nseg - 1] = cps[i];
			continue;
		}
		if (nseg == MAXSEG - 1)
			return NULL;
		start[nseg] = end[nseg] = cps[i];
		nseg++;
	}
	start[nseg] = end[nseg] = 0xFFFF; /* the closing segment */
	nseg++;

	hb_font_t *font = hb_font_create(sub);
	struct buf b = {0};
	unsigned search = 1, selector = 0;
	while (search * 2 <= nseg)
		search *= 2, selector++;
	size_t narray = 0;
	for (size_t i = 0; i + 1 < nseg; i++)
		narray += end[i] - start[i] + 1;
	size_t sublen = 16 + 8 * nseg + 2 * narray;
	if (sublen > 0xFFFF) {
		hb_font_destroy(font);
		return NULL;
	}
	put16(&b, 0); /* cmap version */
	put16(&b, 1); /* one subtable */
	put16(&b, 3); /* Windows */
	put16(&b, 1); /* Unicode BMP */
	put16(&b, 0), put16(&b, 12); /* its offset, 32 bits */
	put16(&b, 4); /* format */
	put16(&b, (unsigned)sublen);
	put16(&b, 0); /* language */
	put16(&b, (unsigned)(2 * nseg));
	put16(&b, 2 * search);
	put16(&b, selector);
	put16(&b, (unsigned)(2 * nseg - 2 * search));
	for (size_t i = 0; i < nseg; i++)
		put16(&b, end[i]);
	put16(&b, 0); /* reservedPad */
	for (size_t i = 0; i < nseg; i++)
		put16(&b, start[i]);
	for (size_t i = 0; i < nseg; i++)
		put16(&b, i + 1 < nseg ? 0 : 1); /* idDelta: 0xFFFF + 1 is glyph 0 */
	/* idRangeOffset: from the entry itself to the segment's first
	 * glyph ID in the array that follows the offsets. */
	size_t before = 0;
	for (size_t i = 0; i < nseg; i++) {
		put16(&b, i + 1 < nseg ? (unsigned)(2 * (nseg - i) + 2 * before) : 0);
		if (i + 1 < nseg)
			before += end[i] - start[i] + 1;
	}
	for (size_t i = 0; i + 1 < nseg; i++)
		for (uint32_t cp = start[i]; cp <= end[i]; cp++) {
			hb_codepoint_t gid = 0;
			if (!hb_font_get_nominal_glyph(font, cp, &gid))
				gid = 0;
			put16(&b, gid);
		}
	hb_font_destroy(font);
	return hb_blob_create_or_fail(b.s, (unsigned)b.len, HB_MEMORY_MODE_READONLY, b.s, free);
}

/* The font program blob with its cmap replaced by cmap. */
static hb_blob_t *
with_cmap(hb_blob_t *blob, hb_blob_t *cmap)
{
	/* A face read from bytes: HarfBuzz 6 cannot list the tables of the
	 * face that hb_subset returns. */
	hb_face_t *sub = hb_face_create(blob, 0);
	hb_face_t *builder = hb_face_builder_create();
	hb_tag_t tags[64];
	unsigned ntags = 64;
	unsigned total = hb_face_get_table_tags(sub, 0, &ntags, tags);
	if (total == 0 || total > ntags) {
		hb_face_destroy(builder);
		hb_face_destroy(sub);
		return hb_blob_reference(blob);
	}
	for (unsigned i = 0; i < ntags; i++) {
		hb_blob_t *t = tags[i] == HB_TAG('c', 'm', 'a', 'p') ? hb_blob_reference(cmap)
		                                                       : hb_face_reference_table(sub, tags[i]);
		hb_face_builder_add_table(builder, tags[i], t);
		hb_blob_destroy(t);
	}
	hb_blob_t *out = hb_face_reference_blob(builder);
	hb_face_destroy(builder);
	hb_face_destroy(sub);
	return out;
}

void
font_keep_pages(struct fontset *fs, int keep)
{
	fs->keep_pages = keep;
}

unsigned char *
font_subset(struct fontset *fs, enum face f, const uint32_t *cps, size_t n, size_t *len)
{
	/* The PDF embeds this font program as it is: only the tables a
	 * TrueType font needs to draw (OS/2, cmap, glyf, head, hhea, hmtx,
	 * loca, maxp, name, post); the layout tables are dropped here so
	 * that HarfBuzz neither subsets them nor pulls in the glyphs their
	 * substitutions reach. */
	static const char *const drop[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern",
	    "DSIG", "LTSH", "VDMX", "hdmx", "gasp", "PCLT", "vhea", "vmtx"};
	struct face_data *fc = face_get(fs, f);
	if (fc->state != 1)
		return NULL;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (in == NULL)
		return NULL;
	hb_set_t *unicodes = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(unicodes, cps[i]);
	hb_set_t *tables = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
		hb_set_add(tables, hb_tag_from_string(drop[i], 4));
	/* Without hinting the reference plan's PDF takes 57 KB instead of
	 * 85; glyph IDs are renumbered, which no reader sees: libharu maps
	 * each code to its glyph through the subset's own cmap. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	hb_face_t *sub = hb_subset_or_fail(fc->hb_face, in);
	hb_subset_input_destroy(in);
	/* Subsetting maps in most of the glyph table (some 300 KB a face);
	 * the PDF needs none of it again, and layout has measured every
	 * code point it draws: the pages go back to the page cache, and come
	 * back from it if a later document of this run needs them. */
	if (fc->map != NULL && !fs->keep_pages)
		madvise(fc->map, fc->map_len, MADV_DONTNEED);
	if (sub == NULL)
		return NULL;
	hb_blob_t *blob = hb_face_reference_blob(sub);
	hb_blob_t *cmap = compact_cmap(sub, cps, n);
	if (cmap != NULL) {
		hb_blob_t *b2 = with_cmap(blob, cmap);
		hb_blob_destroy(blob);
		hb_blob_destroy(cmap);
		blob = b2;
	}
	unsigned blen = 0;
	const char *data = hb_blob_get_data(blob, &blen);
	unsigned char *out = NULL;
	if (data != NULL && blen > 0) {
		out = xmalloc(blen);
		memcpy(out, data, blen);
		*len = blen;
	}
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	return out;
}
