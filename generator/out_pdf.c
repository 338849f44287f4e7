/* out_pdf.c: the PDF device, which draws laid-out pages with libharu 2.3.0
 * and embeds the faces they use. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/uio.h>
#include <unistd.h>

#include <hpdf.h>
#include <libdeflate.h>
/* Internal headers, for load_subset(), make_font(), utf16_encoder() and
 * set_xyz() only. */
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>

#include "out_pdf.h"

/* libharu copies every byte it writes (each stream, then the whole file
 * into its memory stream) with HPDF_MemCpy, a loop that moves one byte a
 * turn: 3% of the reference plan's instructions. libharu calls it through
 * the dynamic linker, so this definition of the program's, with the same
 * contract (the bytes copied, the end of the copy returned), serves those
 * calls instead; where a libharu did not ask the linker, its own goes on
 * serving it, and nothing but the time changes. */
HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n > 0) /* libharu's may be handed no buffer for nothing */
		memmove(out, in, n);
	return out + n;
}

/* libharu's UTF-8 decoder yields UCS-2; anything above is drawn as a space. */
#define BMP_SIZE 0x10000u

/* The first error libharu reports; the ones that follow are consequences. */
struct hpdf_error {
	HPDF_STATUS no, detail;
};

static void
on_error(HPDF_STATUS no, HPDF_STATUS detail, void *data)
{
	struct hpdf_error *e = data;
	if (e->no == HPDF_OK) {
		e->no = no;
		e->detail = detail;
	}
}

/* The codes a user can cause (bad font, unwritable path, bad date); the
 * rest would be bugs here and are reported by number. */
static const char *
hpdf_strerror(HPDF_STATUS no)
{
	switch (no) {
	case HPDF_FILE_IO_ERROR: return _("file input/output error");
	case HPDF_FILE_OPEN_ERROR: return _("cannot open file");
	case HPDF_FONT_EXISTS: return _("font loaded twice");
	case HPDF_INVALID_DATE_TIME: return _("invalid date");
	case HPDF_INVALID_FONTDEF_DATA: return _("invalid font data");
	case HPDF_TTF_CANNOT_EMBEDDING_FONT: return _("the font does not allow embedding");
	case HPDF_TTF_INVALID_CMAP: return _("unsupported cmap table in font");
	case HPDF_TTF_INVALID_FOMAT: return _("not a TrueType font");
	case HPDF_TTF_MISSING_TABLE: return _("font lacks a required table");
	case HPDF_INVALID_TTC_FILE: return _("invalid TrueType collection");
	case HPDF_PAGE_INVALID_SIZE: return _("invalid page size");
	case HPDF_PAGE_INVALID_FONT_SIZE: return _("invalid font size");
	case HPDF_PAGE_OUT_OF_RANGE: return _("value out of range");
	case HPDF_FAILD_TO_ALLOC_MEM: return _("out of memory");
	case HPDF_ZLIB_ERROR: return _("zlib error");
	default: return _("error");
	}
}

static char *
hpdf_message(const struct hpdf_error *e, const char *stage)
{
	/* TRANSLATORS: what was being done, then libharu's error, its code and detail */
	return xasprintf(_("%s: libharu %s (0x%04X, detail %u)"), stage, hpdf_strerror(e->no),
	    (unsigned)e->no, (unsigned)e->detail);
}

/* A set of BMP code points. */
struct cpset {
	uint8_t bits[BMP_SIZE / 8];
};

static void
cpset_add_text(struct cpset *set, const char *s)
{
	size_t n = strlen(s);
	size_t i = 0;
	uint32_t cp;
	while (utf8_next(s, n, &i, &cp)) {
		if (cp >= BMP_SIZE)
			cp = ' '; /* what libharu draws instead */
		set->bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
}

static int
cpset_has(const struct cpset *set, uint32_t cp)
{
	return (set->bits[cp >> 3] >> (cp & 7)) & 1;
}

/* The code points of set in increasing order; *n is their number. */
static uint32_t *
cpset_list(const struct cpset *set, size_t *n)
{
	uint32_t *v = NULL;
	size_t cap = 0;
	*n = 0;
	for (uint32_t byte = 0; byte < BMP_SIZE / 8; byte++) {
		if (set->bits[byte] == 0)
			continue; /* most of the plane: a byte at a time */
		for (uint32_t cp = byte * 8; cp < byte * 8 + 8; cp++)
			if (cpset_has(set, cp)) {
				GROW(v, cap, *n + 1);
				v[(*n)++] = cp;
			}
	}
	return v;
}

/* The tag that marks a subset font's name (PDF 32000 9.6.4): six capitals
 * drawn from the face and the code points it holds, so that the same
 * document gives the same tag and two different subsets differ. */
static void
subset_tag(enum face f, const uint32_t *cps, size_t n, char tag[7])
{
	uint64_t h = 0xcbf29ce484222325u ^ (uint64_t)f; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 3; k++) {
			h ^= (cps[i] >> (8 * k)) & 0xFF;
			h *= 0x100000001b3u;
		}
	for (int i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '\0';
}

/* Loads into libharu the subset of face f that holds the code points cps
 * (the full face stays the one layout measured with: the advances are the
 * same), named with tag, for its metrics, its glyph IDs and its check that
 * the font allows embedding. HPDF_LoadTTFontFromFile reads a font only from
 * a file, through stdio, and seeks once for every table and glyph it reads
 * (about 1,400 lseek calls for four faces); its own steps are taken here on
 * a memory stream instead: no temporary file, nothing left behind. Returns
 * libharu's definition of the font and sets *prog to the font program
 * (allocated, *prog_len bytes), which is what the PDF embeds; or returns
 * NULL with *msg set. */
static HPDF_FontDef
load_subset(HPDF_Doc pdf, struct hpdf_error *err, struct fontset *fs, enum face f,
    const uint32_t *cps, size_t n, char *tag, unsigned char **prog, size_t *prog_len, char **msg)
{
	const char *file = font_file(fs, f);
	size_t len = 0;
	unsigned char *data = font_subset(fs, f, cps, n, &len);
	if (data == NULL || len > 0x7FFFFFFF) {
		free(data);
		*msg = xasprintf(_("cannot embed font %s: HarfBuzz cannot subset it"), file);
		return NULL;
	}
	HPDF_FontDef loaded = NULL;
	/* One buffer, with room past the end: libharu seeks to the end of
	 * the glyph table for an empty last glyph, and a memory stream
	 * refuses a seek to the start of a buffer it does not have. */
	HPDF_Stream st = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)len + 16);
	if (st != NULL && HPDF_Stream_Write(st, data, (HPDF_UINT)len) != HPDF_OK) {
		HPDF_Stream_Free(st);
		st = NULL;
	}
	/* HPDF_TTFontDef_Load owns the stream from here on, also when it
	 * fails; HPDF_Doc_RegisterFontDef frees the definition when it
	 * refuses it. */
	HPDF_FontDef def = st != NULL ? HPDF_TTFontDef_Load(pdf->mmgr, st, HPDF_TRUE) : NULL;
	if (def != NULL) {
		HPDF_TTFontDef_SetTagName(def, tag);
		if (HPDF_Doc_RegisterFontDef(pdf, def) == HPDF_OK)
			loaded = def;
	}
	if (loaded == NULL || err->no != HPDF_OK) {
		/* Errors set inside the font loader do not reach on_error. */
		if (err->no == HPDF_OK && HPDF_GetError(pdf) != HPDF_OK)
			*err = (struct hpdf_error){HPDF_GetError(pdf), HPDF_GetErrorDetail(pdf)};
		char *stage = xasprintf(_("cannot embed font %s"), file);
		*msg = err->no != HPDF_OK ? hpdf_message(err, stage) : xstrdup(stage);
		free(stage);
		free(data);
		return NULL;
	}
	*prog = data;
	*prog_len = len;
	return loaded;
}

/* The /Filter entry of a stream compressed here. libharu drops a Filter
 * key from a stream it does not compress itself, so the key is written by
 * the dictionary's write hook, after its other keys. */
static HPDF_STATUS
write_flate_key(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* How hard the streams are compressed (libdeflate's levels: 1 fastest,
 * 12 smallest). */
enum { PDF_DEFLATE_LEVEL = 1 };

/* Compresses data[0..len) into a zlib stream (what /FlateDecode reads),
 * malloc'd into *out; returns its length, 0 when it failed. libdeflate,
 * not zlib: its compressor is made once for the PDF, where zlib's
 * compress2 allocates and clears 256 KB for each of the twenty-odd streams
 * of a PDF, and it compresses twice as fast and some 6% smaller at its
 * fastest level. */
static size_t
deflate_bytes(struct libdeflate_compressor *z, const void *data, size_t len, unsigned char **out)
{
	size_t bound = libdeflate_zlib_compress_bound(z, len);
	*out = xmalloc(bound);
	size_t zlen = libdeflate_zlib_compress(z, data, len, *out, bound);
	if (zlen == 0) {
		free(*out);
		*out = NULL;
	}
	return zlen;
}

/* Makes data[0..len) the stream of d, compressed here: libharu compresses
 * what it writes at zlib's default level, which took a fifth of the
 * instructions of a five-page PDF for its font programs and maps. */
static HPDF_STATUS
put_compressed(HPDF_Dict d, const unsigned char *c, size_t clen)
{
	if (clen == 0 || clen > 0x7FFFFFFF)
		return HPDF_SetError(d->error, HPDF_ZLIB_ERROR, 0);
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = write_flate_key;
	return HPDF_Stream_Write(d->stream, c, (HPDF_UINT)clen);
}

static HPDF_STATUS
put_deflated(struct libdeflate_compressor *z, HPDF_Dict d, const void *data, size_t len)
{
	unsigned char *c;
	size_t clen = deflate_bytes(z, data, len, &c);
	HPDF_STATUS ret = put_compressed(d, c, clen);
	free(c);
	return ret;
}

/*
 * The objects of one embedded face, made here rather than by libharu's
 * HPDF_GetFont. Under its UTF-8 encoder, libharu 2.3.0 makes a Type0 font
 * by walking all 65,536 codes: the glyph of each through the font's cmap,
 * its width, a CIDToGIDMap of 128 KB, and as ToUnicode a copy of its
 * encoding CMap (whose "begincidrange" has no place in a ToUnicode map:
 * poppler warns and guesses); that was over a third of the instructions of
 * a five-page PDF, for maps vanban then replaced. Here only the codes the
 * subset's cmap reaches are looked at, and the objects are those libharu's
 * were once repaired, made in the same order with the same keys (the
 * streams compressed here: put_deflated()):
 *
 * - the Type0 font: BaseFont, Encoding Identity-H, ToUnicode, DescendantFonts;
 * - ToUnicode: a map of the code points the document draws in this font, in
 *   bfrange and bfchar blocks;
 * - the CIDFontType2: DW, DW2 and W (the widths libharu would list: every
 *   code whose glyph's width is not DW), CIDToGIDMap, CIDSystemInfo, and
 *   when the font is written BaseFont and FontDescriptor;
 * - CIDToGIDMap: two bytes a code up to the highest one drawn, each code
 *   with its glyph in the subset;
 * - when the font is written: the FontDescriptor and the font program,
 *   HarfBuzz's subset as it is (libharu's own writer,
 *   HPDF_TTFontDef_SaveFontData, read it back a byte at a time to write
 *   the same glyphs again: a tenth of the instructions of a document).
 *
 * The codes in the content stream are the UCS-2 values of the text
 * (struct pen), shown under Identity-H: CID = code.
 *
 * Names. The Type0 font and the descriptor are named tag "+" PostScript
 * name (as the face itself says, name ID 6), the tag being subset_tag()'s,
 * which tells readers (pdffonts) that the font is a subset. The CIDFont
 * keeps the plain PostScript name: MuPDF names a CID font after the
 * CIDFont's BaseFont and keeps 31 bytes of it, so
 * "INPWSG+LiberationSerif-BoldItalic" would reach tools that read the style
 * from the name (mutool trace, ../tools/pdfcheck) as
 * "INPWSG+LiberationSerif-BoldItal", without italic; Times New Roman would
 * fare the same.
 *
 * With load_subset() and set_xyz(), the only code here that reaches into
 * libharu's internals (hpdf_doc.h, hpdf_fontdef.h, hpdf_objects.h,
 * hpdf_streams.h).
 */
struct font_obj {
	HPDF_FontDef def;
	HPDF_Xref xref;
	HPDF_Dict cidfont, to_unicode, gid_map;
	unsigned char *zprog; /* owned: the font program, HarfBuzz's subset, compressed */
	size_t prog_len, zprog_len; /* its lengths before and after */
};

static void
font_obj_free(HPDF_Dict type0)
{
	struct font_obj *fo = type0->attr;
	if (fo != NULL) {
		free(fo->zprog);
		HPDF_FreeMem(type0->mmgr, fo);
	}
	type0->attr = NULL;
}

/* The descriptor and the font program, made when the Type0 font is
 * written (the font program last of all the objects, as libharu does),
 * and the CIDFont's last two keys. */
static HPDF_STATUS
font_before_write(HPDF_Dict type0)
{
	struct font_obj *fo = type0->attr;
	HPDF_FontDef def = fo->def;
	HPDF_TTFontDefAttr da = def->attr;
	HPDF_STATUS ret = HPDF_OK;
	if (def->descriptor == NULL) {
		HPDF_Dict desc = HPDF_Dict_New(type0->mmgr);
		HPDF_Dict data = desc != NULL ? HPDF_DictStream_New(type0->mmgr, fo->xref) : NULL;
		if (data == NULL || put_compressed(data, fo->zprog, fo->zprog_len) != HPDF_OK)
			return HPDF_Error_GetCode(type0->error);
		ret |= HPDF_Dict_Add(desc, "FontFile2", data);
		ret |= HPDF_Dict_AddNumber(data, "Length1", (HPDF_INT32)fo->prog_len);
		ret |= HPDF_Dict_AddNumber(data, "Length2", 0);
		ret |= HPDF_Dict_AddNumber(data, "Length3", 0);
		if (ret != HPDF_OK)
			return HPDF_Error_GetCode(type0->error);
		ret |= HPDF_Xref_Add(fo->xref, desc);
		ret |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
		ret |= HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
		ret |= HPDF_Dict_AddNumber(desc, "Descent", def->descent);
		ret |= HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
		ret |= HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(type0->mmgr, def->font_bbox));
		ret |= HPDF_Dict_AddName(desc, "FontName", da->base_font);
		ret |= HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
		ret |= HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
		ret |= HPDF_Dict_AddNumber(desc, "XHeight", def->x_height);
		if (ret != HPDF_OK)
			return HPDF_Error_GetCode(type0->error);
		def->descriptor = desc;
	}
	ret |= HPDF_Dict_AddName(fo->cidfont, "BaseFont", da->base_font + HPDF_TTF_FONT_TAG_LEN + 1);
	ret |= HPDF_Dict_Add(fo->cidfont, "FontDescriptor", def->descriptor);
	return ret == HPDF_OK ? HPDF_OK : HPDF_Error_GetCode(type0->error);
}

/* A code of the BMP as a CMap writes it: <00E0> (as "<%04X>" would, for
 * the hundreds of each font without printf's work). */
static void
put_code(struct buf *b, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";
	char s[6] = {'<', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15], hex[cp & 15], '>'};
	buf_add(b, s, sizeof s);
}

/* The code points set holds, as a ToUnicode CMap: runs of codes that map
 * to consecutive code points within one high byte (a-z, 0-9) as bfrange,
 * the rest as bfchar; a block holds at most 100 entries. */
static void
to_unicode_map(struct buf *b, const uint32_t *cps, size_t n)
{
	buf_puts(b, "/CIDInit /ProcSet findresource begin\n"
		    "12 dict begin\n"
		    "begincmap\n"
		    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		    "/CMapName /Adobe-Identity-UCS def\n"
		    "/CMapType 2 def\n"
		    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	size_t *run = xmalloc((n + 1) * sizeof *run), nrun = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || cps[i] != cps[i - 1] + 1 || (cps[i] & 0xFF) == 0)
			run[nrun++] = i;
	run[nrun] = n;
	for (int range = 1; range >= 0; range--) {
		size_t k = 0;
		for (size_t r = 0; r < nrun; r++)
			k += (run[r + 1] - run[r] > 1) == range;
		for (size_t r = 0, done = 0; r < nrun; r++) {
			size_t a = run[r], z = run[r + 1] - 1;
			if ((z > a) != range)
				continue;
			if (done % 100 == 0)
				buf_printf(b, "%zu begin%s\n", k - done < 100 ? k - done : 100,
				    range ? "bfrange" : "bfchar");
			put_code(b, cps[a]);
			if (range) {
				buf_putc(b, ' ');
				put_code(b, cps[z]);
			}
			buf_putc(b, ' ');
			put_code(b, cps[a]);
			buf_putc(b, '\n');
			if (++done % 100 == 0 || done == k)
				buf_printf(b, "end%s\n", range ? "bfrange" : "bfchar");
		}
	}
	free(run);
	buf_puts(b, "endcmap\n"
		    "CMapName currentdict /CMap defineresource pop\n"
		    "end\n"
		    "end\n");
}

/* The codes below 0xFFFF that the subset's cmap can map to a glyph: those
 * of its segments (format 4), or all of them (format 0 maps by the low
 * byte). A code outside these has glyph 0, whose width is DW. */
static struct cpset *
cmap_codes(HPDF_FontDef def)
{
	HPDF_TTFontDefAttr da = def->attr;
	struct cpset *s = xcalloc(1, sizeof *s);
	if (da->cmap.format != 4) {
		memset(s->bits, 0xFF, sizeof s->bits);
		return s;
	}
	for (unsigned i = 0; i < da->cmap.seg_count_x2 / 2u; i++)
		for (uint32_t c = da->cmap.start_count[i]; c <= da->cmap.end_count[i] && c < 0xFFFF; c++)
			s->bits[c >> 3] |= (uint8_t)(1u << (c & 7));
	return s;
}

/* The Type0 font of face definition def (loaded by load_subset() and
 * tagged with tag) for the code points cps[0..n) (increasing, those of
 * used), embedding the font program prog[0..prog_len) (taken over, freed
 * with the font or here): the objects described above. Returns NULL with
 * *msg set. */
static HPDF_Dict
make_font(HPDF_Doc pdf, struct libdeflate_compressor *z, HPDF_FontDef def, unsigned char *prog, size_t prog_len,
    const uint32_t *cps, size_t n, const char *tag, char **msg)
{
	HPDF_MMgr mm = pdf->mmgr;
	HPDF_TTFontDefAttr da = def->attr;
	if (def->type != HPDF_FONTDEF_TYPE_TRUETYPE || da == NULL || n == 0 || cps[n - 1] >= BMP_SIZE) {
		free(prog);
		*msg = xstrdup(_("not a TrueType font definition"));
		return NULL;
	}
	/* def->base_font is libharu's untagged name ("Name,Style"); the tagged
	 * name in the TrueType attributes is what is written. */
	size_t len = strcspn(def->base_font, ",");
	if (len == 0 || len + HPDF_TTF_FONT_TAG_LEN + 1 >= sizeof da->base_font) {
		free(prog);
		*msg = xasprintf(_("font name too long: %s"), def->base_font);
		return NULL;
	}
	memcpy(da->base_font, tag, HPDF_TTF_FONT_TAG_LEN);
	da->base_font[HPDF_TTF_FONT_TAG_LEN] = '+';
	memcpy(da->base_font + HPDF_TTF_FONT_TAG_LEN + 1, def->base_font, len);
	da->base_font[len + HPDF_TTF_FONT_TAG_LEN + 1] = '\0';

	if (cps[0] == 0) { /* no text draws code 0: it has no place in the maps */
		cps++;
		if (--n == 0) {
			free(prog);
			*msg = xstrdup(_("no code to draw"));
			return NULL;
		}
	}

	HPDF_STATUS ret = HPDF_OK;
	HPDF_Dict type0 = HPDF_Dict_New(mm);
	struct font_obj *fo = type0 != NULL ? HPDF_GetMem(mm, sizeof *fo) : NULL;
	if (fo == NULL) {
		free(prog);
		goto fail;
	}
	/* the program compressed now, so that the compressor is gone before
	 * libharu writes the PDF */
	*fo = (struct font_obj){.def = def, .xref = pdf->xref, .prog_len = prog_len};
	fo->zprog_len = deflate_bytes(z, prog, prog_len, &fo->zprog);
	free(prog);
	type0->header.obj_class |= HPDF_OSUBCLASS_FONT;
	type0->attr = fo;
	type0->free_fn = font_obj_free;
	if (HPDF_Xref_Add(pdf->xref, type0) != HPDF_OK) /* frees type0 when it fails */
		goto fail;
	ret |= HPDF_Dict_AddName(type0, "Type", "Font");
	ret |= HPDF_Dict_AddName(type0, "BaseFont", da->base_font);
	ret |= HPDF_Dict_AddName(type0, "Subtype", "Type0");
	ret |= HPDF_Dict_AddName(type0, "Encoding", "Identity-H");

	fo->to_unicode = HPDF_DictStream_New(mm, pdf->xref);
	HPDF_Dict info = HPDF_Dict_New(mm);
	if (fo->to_unicode == NULL || info == NULL)
		goto fail;
	ret |= HPDF_Dict_AddName(fo->to_unicode, "Type", "CMap");
	ret |= HPDF_Dict_AddName(fo->to_unicode, "CMapName", "Adobe-Identity-UCS");
	ret |= HPDF_Dict_Add(fo->to_unicode, "CIDSystemInfo", info);
	ret |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL));
	ret |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "UCS", NULL));
	ret |= HPDF_Dict_AddNumber(info, "Supplement", 0);
	ret |= HPDF_Dict_AddNumber(fo->to_unicode, "WMode", 0);
	struct buf b = {0};
	to_unicode_map(&b, cps, n);
	ret |= put_deflated(z, fo->to_unicode, b.s, b.len);
	buf_free(&b);
	ret |= HPDF_Dict_Add(type0, "ToUnicode", fo->to_unicode);
	HPDF_Array descendants = HPDF_Array_New(mm);
	if (ret != HPDF_OK || descendants == NULL || HPDF_Dict_Add(type0, "DescendantFonts", descendants) != HPDF_OK)
		goto fail;

	HPDF_Dict cid = fo->cidfont = HPDF_Dict_New(mm);
	if (cid == NULL || HPDF_Xref_Add(pdf->xref, cid) != HPDF_OK)
		goto fail;
	ret |= HPDF_Dict_AddName(cid, "Type", "Font");
	ret |= HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
	ret |= HPDF_Dict_AddNumber(cid, "DW", def->missing_width);
	HPDF_Array dw2 = HPDF_Array_New(mm);
	if (ret != HPDF_OK || dw2 == NULL || HPDF_Dict_Add(cid, "DW2", dw2) != HPDF_OK)
		goto fail;
	ret |= HPDF_Array_AddNumber(dw2, (HPDF_INT32)def->font_bbox.bottom);
	ret |= HPDF_Array_AddNumber(dw2, (HPDF_INT32)(def->font_bbox.bottom - def->font_bbox.top));

	/* W: each code, in order, whose glyph is not as wide as DW; a code
	 * that is not listed ends the run of widths */
	HPDF_Array w = HPDF_Array_New(mm), run = NULL;
	if (ret != HPDF_OK || w == NULL || HPDF_Dict_Add(cid, "W", w) != HPDF_OK)
		goto fail;
	struct cpset *reach = cmap_codes(def);
	long prev = -2;
	for (uint32_t c = 0; c < 0xFFFF && ret == HPDF_OK; c++) {
		if (reach->bits[c >> 3] == 0) {
			c |= 7; /* none of these eight */
			continue;
		}
		if (!cpset_has(reach, c))
			continue;
		HPDF_INT wd = HPDF_TTFontDef_GetGidWidth(def, HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c));
		if (wd == def->missing_width) {
			run = NULL;
			continue;
		}
		if (run == NULL || (long)c != prev + 1) {
			run = HPDF_Array_New(mm);
			ret |= HPDF_Array_AddNumber(w, (HPDF_INT32)c);
			ret |= run != NULL ? HPDF_Array_Add(w, run) : HPDF_FAILD_TO_ALLOC_MEM;
		}
		if (ret == HPDF_OK)
			ret |= HPDF_Array_AddNumber(run, wd);
		prev = (long)c;
	}
	free(reach);

	fo->gid_map = HPDF_DictStream_New(mm, pdf->xref);
	if (ret != HPDF_OK || fo->gid_map == NULL || HPDF_Dict_Add(cid, "CIDToGIDMap", fo->gid_map) != HPDF_OK)
		goto fail;
	size_t glen = 2 * ((size_t)cps[n - 1] + 1);
	HPDF_BYTE *g = xcalloc(glen, 1);
	for (size_t i = 0; i < n; i++) {
		HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cps[i]);
		g[2 * cps[i]] = (HPDF_BYTE)(gid >> 8);
		g[2 * cps[i] + 1] = (HPDF_BYTE)gid;
	}
	ret |= put_deflated(z, fo->gid_map, g, glen);
	free(g);

	HPDF_Dict sys = HPDF_Dict_New(mm);
	if (ret != HPDF_OK || sys == NULL || HPDF_Dict_Add(cid, "CIDSystemInfo", sys) != HPDF_OK)
		goto fail;
	ret |= HPDF_Dict_Add(sys, "Registry", HPDF_String_New(mm, "Adobe", NULL));
	ret |= HPDF_Dict_Add(sys, "Ordering", HPDF_String_New(mm, "Identity-H", NULL));
	ret |= HPDF_Dict_AddNumber(sys, "Supplement", 0);
	ret |= HPDF_Array_Add(descendants, cid);
	if (ret != HPDF_OK)
		goto fail;
	type0->before_write_fn = font_before_write;
	return type0;
fail:
	if (type0 != NULL && fo == NULL)
		HPDF_Dict_Free(type0);
	*msg = xstrdup(_("cannot make the font objects"));
	return NULL;
}
/* A number for a content stream: at most dec decimals, no trailing zeros,
 * never "-0". (vanban never sets a locale: the point is a point.) */
static void
put_num(struct buf *b, double v, int dec)
{
	/* fixed point by hand: printf's float formatting was a tenth of the
	 * time of a long document */
	static const long scale[] = {1, 10, 100, 1000, 10000};
	long k = scale[dec];
	long n = lround(v * (double)k);
	char s[32], *e = s + sizeof s;
	int neg = n < 0;
	unsigned long u = neg ? (unsigned long)-n : (unsigned long)n;
	unsigned long ip = u / (unsigned long)k, fp = u % (unsigned long)k;
	*--e = '\0';
	int started = 0;
	for (int i = 0; i < dec; i++) {
		int digit = (int)(fp % 10);
		fp /= 10;
		if (digit || started) {
			*--e = (char)('0' + digit);
			started = 1;
		}
	}
	if (started)
		*--e = '.';
	do {
		*--e = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	if (neg && u != 0)
		*--e = '-';
	buf_puts(b, e);
}

static double
round_to(double v, double unit)
{
	return floor(v / unit + 0.5) * unit;
}

/*
 * Drawing state of one page. Text is written as content-stream operators
 * by this code, into the page's content stream (hpdf_pages.h), not through
 * HPDF_Page_ShowText: the words of one line in one font go into one TJ
 * array, each placed at its own x by the number before it (libharu would
 * write a Td and a Tj for every word, and measure every word again): the
 * reference plan's PDF is a tenth smaller and drawn in half the time. The codes
 * are what libharu's UTF-8 encoder makes of the text (the UCS-2 value,
 * CID = code under Identity-H), so ToUnicode and CIDToGIDMap stay right.
 * Rules go through libharu's path operators, outside BT ... ET.
 */
struct pen {
	HPDF_Page page;
	struct fontset *fs;
	struct buf b; /* operators not yet in the page's stream */
	double height;
	int in_text; /* inside BT ... ET */
	int in_tj;   /* inside a TJ array */
	HPDF_Font font;
	double size;
	double line_y; /* baseline of the open TJ array, PDF space */
	double at;     /* a reader's current x along it */
	double rule_width;
	int failed; /* a font without a resource name */
	struct libdeflate_compressor *z;
};

/* Ends the open text object. */
static void
pen_close_text(struct pen *p)
{
	if (p->in_tj)
		buf_puts(&p->b, "] TJ\n");
	if (p->in_text)
		buf_puts(&p->b, "ET\n");
	p->in_tj = p->in_text = 0;
	p->font = NULL; /* each text object sets its font */
}

/* Hands a page's operators to libharu, compressed here (put_deflated):
 * libharu's own deflate runs at zlib's default level, a quarter of the
 * time of a long document. The whole page goes in one piece, so that it
 * is one deflate stream. */
static HPDF_STATUS
pen_flush(struct pen *p)
{
	pen_close_text(p);
	if (p->b.len == 0)
		return HPDF_OK;
	HPDF_PageAttr attr = (HPDF_PageAttr)p->page->attr;
	HPDF_STATUS ret = put_deflated(p->z, attr->contents, p->b.s, p->b.len);
	p->b.len = 0;
	return ret;
}

static void
draw_text(struct pen *p, HPDF_Font font, const struct pg_text *t)
{
	if (t->s[0] == '\0')
		return;
	double y = p->height - t->y;
	int same_font = font == p->font && t->size == p->size;
	if (p->in_tj && (!same_font || y != p->line_y)) {
		buf_puts(&p->b, "] TJ\n");
		p->in_tj = 0;
	}
	if (!p->in_text) {
		buf_puts(&p->b, "BT\n");
		p->in_text = 1;
	}
	if (!same_font) {
		const char *res = HPDF_Page_GetLocalFontName(p->page, font);
		if (res == NULL) {
			p->failed = 1;
			return;
		}
		buf_printf(&p->b, "/%s ", res);
		put_num(&p->b, t->size, 3);
		buf_puts(&p->b, " Tf\n");
		p->font = font;
		p->size = t->size;
	}
	if (p->in_tj) {
		/* From where the reader is to the word, in thousandths of the
		 * size (a tenth: 0.0014 pt at 14 pt), leftward; rounded as
		 * written, so nothing adds up along the line. A word that
		 * follows on joins the string before it. */
		double adj = round_to((p->at - t->x) * 1000 / t->size, 0.1);
		if (adj != 0) {
			buf_putc(&p->b, ' ');
			put_num(&p->b, adj, 1);
			buf_putc(&p->b, '(');
		} else {
			p->b.len--; /* the ')' of the string before */
		}
		p->at -= adj * t->size / 1000;
	} else {
		double x = round_to(t->x, 0.001), yy = round_to(y, 0.001);
		buf_puts(&p->b, "1 0 0 1 ");
		put_num(&p->b, x, 3);
		buf_putc(&p->b, ' ');
		put_num(&p->b, yy, 3);
		buf_puts(&p->b, " Tm\n[(");
		p->in_tj = 1;
		p->line_y = y;
		p->at = x;
	}
	/* two bytes a glyph in a literal string (half of a hex string, and so
	 * half the work for deflate); the bytes that a literal string cannot
	 * hold as they are are escaped */
	size_t n = strlen(t->s);
	uint32_t cp;
	for (size_t i = 0; utf8_next(t->s, n, &i, &cp);) {
		if (cp >= BMP_SIZE)
			cp = ' '; /* as libharu's encoder does */
		unsigned char code[2] = {(unsigned char)(cp >> 8), (unsigned char)(cp & 0xFF)};
		for (int k = 0; k < 2; k++) {
			switch (code[k]) {
			case '(':
			case ')':
			case '\\':
				buf_putc(&p->b, '\\');
				buf_putc(&p->b, (char)code[k]);
				break;
			case '\r':
				buf_puts(&p->b, "\\r");
				break;
			case '\n':
				buf_puts(&p->b, "\\n");
				break;
			default:
				buf_putc(&p->b, (char)code[k]);
			}
		}
	}
	buf_putc(&p->b, ')');
	/* the widths of the font's /W, which layout measured with */
	p->at += font_width(p->fs, t->face, t->size, t->s, n);
}

static void
draw_rule(struct pen *p, const struct pg_rule *r)
{
	/* into the page's operators, like the text: the page is compressed
	 * as one piece when it is done */
	pen_close_text(p);
	if (r->width != p->rule_width) {
		put_num(&p->b, r->width, 3);
		buf_puts(&p->b, " w\n");
		p->rule_width = r->width;
	}
	put_num(&p->b, r->x0, 3);
	buf_putc(&p->b, ' ');
	put_num(&p->b, p->height - r->y, 3);
	buf_puts(&p->b, " m ");
	put_num(&p->b, r->x1, 3);
	buf_putc(&p->b, ' ');
	put_num(&p->b, p->height - r->y1, 3);
	buf_puts(&p->b, " l S\n");
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): when set, the dates of
 * the document information are that moment, in UTC. Returns 1 and fills
 * *d when it is set, 0 when it is not, -1 when it is not a count of
 * seconds. */
static int
source_date(HPDF_Date *d)
{
	const char *v = getenv("SOURCE_DATE_EPOCH");
	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	char *end;
	long long t = strtoll(v, &end, 10);
	struct tm tm;
	time_t tt = (time_t)t;
	if (*end != '\0' || errno != 0 || t < 0 || t > 253402300799LL || gmtime_r(&tt, &tm) == NULL)
		return -1;
	*d = (HPDF_Date){.year = tm.tm_year + 1900, .month = tm.tm_mon + 1, .day = tm.tm_mday,
	    .hour = tm.tm_hour, .minutes = tm.tm_min, .seconds = tm.tm_sec, .ind = 'Z'};
	return 1;
}

/* The characters vanban-sign adds to the agency's line after its words:
 * "; 15/10/2024; 14:30:15 +07:00". Their glyphs go into the line's font
 * when the document is built, so that signing draws with a font that is
 * already embedded, with its ToUnicode map (PDF/A). */
#define SIGN_LINE_CHARS "0123456789/:;+ "

/* A PDF text string: literal when ASCII, else UTF-16BE after its byte
 * order mark (PDF 32000 7.9.2.2). */
static HPDF_Obj_Header *
text_string(HPDF_MMgr mmgr, const char *s)
{
	size_t n = strlen(s);
	int ascii = 1;
	for (size_t i = 0; i < n; i++)
		ascii &= (unsigned char)s[i] < 0x80;
	if (ascii)
		return (HPDF_Obj_Header *)HPDF_String_New(mmgr, s, NULL);
	struct buf b = {0};
	buf_utf16be(&b, s, n);
	HPDF_Obj_Header *o = (HPDF_Obj_Header *)HPDF_Binary_New(mmgr, (HPDF_BYTE *)b.s, (HPDF_UINT)b.len);
	buf_free(&b);
	return o;
}

static HPDF_Array
rect_array(HPDF_MMgr mmgr, double x0, double y0, double x1, double y1)
{
	HPDF_Array a = HPDF_Array_New(mmgr);
	if (a == NULL)
		return NULL;
	double v[4] = {x0, y0, x1, y1};
	for (int i = 0; i < 4; i++)
		HPDF_Array_AddReal(a, (HPDF_REAL)round_to(v[i], 0.001));
	return a;
}

static int
cmp_room(const void *a, const void *b)
{
	const struct pg_room *x = a, *y = b;
	if (x->y0 != y->y0)
		return x->y0 < y->y0 ? -1 : 1;
	return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* The record that `vanban sign` reads (and only it): the catalog's
 * /VanbanSign dictionary, in PDF points from the page's bottom left. Each
 * signing room, its page (0 for page 1) and rectangle; the agency's line,
 * its words, font, size, right edge and baseline on page 1; the images'
 * measures; the number and symbol, a copy's form and copying agency; the
 * issuer's registry ID. */
static int
add_signing(HPDF_Doc pdf, const struct pages *pg, HPDF_Font line_font)
{
	const struct pg_signing *s = &pg->sign;
	HPDF_MMgr m = pdf->mmgr;
	HPDF_Dict d = HPDF_Dict_New(m);
	HPDF_Array places = HPDF_Array_New(m);
	HPDF_Dict line = HPDF_Dict_New(m);
	if (d == NULL || places == NULL || line == NULL)
		return -1;
	HPDF_STATUS ret = HPDF_Dict_AddNumber(d, "Version", 1);
	for (size_t i = 0; i < pg->n; i++) {
		const struct page *p = &pg->v[i];
		double ph = p->h > 0 ? p->h : pg->height;
		struct pg_room *rooms = xmalloc((p->nrooms + 1) * sizeof *rooms);
		if (p->nrooms)
			memcpy(rooms, p->rooms, p->nrooms * sizeof *rooms);
		qsort(rooms, p->nrooms, sizeof *rooms, cmp_room);
		for (size_t r = 0; r < p->nrooms; r++) {
			HPDF_Dict place = HPDF_Dict_New(m);
			if (place == NULL)
				break;
			ret |= HPDF_Dict_AddNumber(place, "Page", (HPDF_INT32)i);
			ret |= HPDF_Dict_Add(place, "Rect", rect_array(m, rooms[r].x0, ph - rooms[r].y1, rooms[r].x1, ph - rooms[r].y0));
			ret |= HPDF_Array_Add(places, place);
		}
		free(rooms);
	}
	ret |= HPDF_Dict_Add(d, "Places", places);
	double ph = pg->v[0].h > 0 ? pg->v[0].h : pg->height;
	ret |= HPDF_Dict_AddReal(d, "TextRight", (HPDF_REAL)round_to(s->line_right, 0.001));
	ret |= HPDF_Dict_Add(line, "Text", text_string(m, s->line));
	ret |= HPDF_Dict_Add(line, "Font", line_font);
	ret |= HPDF_Dict_AddReal(line, "Size", (HPDF_REAL)s->line_size);
	ret |= HPDF_Dict_AddReal(line, "Right", (HPDF_REAL)round_to(s->line_right, 0.001));
	ret |= HPDF_Dict_AddReal(line, "Baseline", (HPDF_REAL)round_to(ph - s->line_baseline, 0.001));
	ret |= HPDF_Dict_Add(d, "Line", line);
	ret |= HPDF_Dict_AddReal(d, "ImageMargin", (HPDF_REAL)round_to(s->image_margin, 0.001));
	ret |= HPDF_Dict_AddReal(d, "Seal", (HPDF_REAL)round_to(s->seal, 0.001));
	ret |= HPDF_Dict_AddNumber(d, "Number", s->number);
	ret |= HPDF_Dict_Add(d, "Symbol", text_string(m, s->symbol ? s->symbol : ""));
	if (s->copy_form) {
		ret |= HPDF_Dict_Add(d, "CopyForm", text_string(m, s->copy_form));
		ret |= HPDF_Dict_Add(d, "CopyAgency", text_string(m, s->copy_agency ? s->copy_agency : ""));
	}
	if (s->registry)
		ret |= HPDF_Dict_Add(d, "Registry", text_string(m, s->registry));
	ret |= HPDF_Dict_Add(pdf->catalog, "VanbanSign", d);
	return ret == HPDF_OK ? 0 : -1;
}

/* The date of the document information: SOURCE_DATE_EPOCH's when it is
 * set, else the document's own when it has day, month and year, never the
 * clock's. 1 with *d set, 0 for no date, -1 for a malformed
 * SOURCE_DATE_EPOCH. */
static int
info_date(const struct pdf_meta *m, HPDF_Date *d)
{
	int sde = source_date(d);
	if (sde != 0)
		return sde;
	/* a bare year (day and month left blank on paper) dates nothing */
	if (m->year == 0 || m->month == 0 || m->day == 0)
		return 0;
	*d = (HPDF_Date){.year = m->year, .month = m->month, .day = m->day, .ind = 'Z'};
	return 1;
}

/* The dates come from SOURCE_DATE_EPOCH when it is set, else from the
 * document's own date, never from the clock: the same input, the same
 * bytes. Returns -1 when SOURCE_DATE_EPOCH is malformed. */
static int
set_info(HPDF_Doc pdf, const struct pdf_meta *m)
{
	const struct {
		HPDF_InfoType type;
		const char *value;
	} attrs[] = {
		{HPDF_INFO_TITLE, m->title},
		{HPDF_INFO_AUTHOR, m->author},
		{HPDF_INFO_SUBJECT, m->subject},
		{HPDF_INFO_KEYWORDS, m->keywords},
		{HPDF_INFO_CREATOR, m->creator},
		/* Our name, not libharu's version: the bytes must not change
		 * with the library. */
		{HPDF_INFO_PRODUCER, m->creator ? m->creator : "vanban"},
	};
	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
		if (attrs[i].value != NULL)
			HPDF_SetInfoAttr(pdf, attrs[i].type, attrs[i].value);
	HPDF_Date d;
	int dated = info_date(m, &d);
	if (dated < 0)
		return -1;
	if (dated) {
		HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
	}
	return 0;
}

/* ---- PDF/A-2b (ISO 19005-2, level B), for build --pdfa ---- */

/* s with XML's special characters escaped, into b. */
static void
xml_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default:
			/* XML 1.0 admits no other control character than TAB, LF, CR */
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
				buf_putc(b, ' ');
			else
				buf_putc(b, *s);
		}
	}
}

/* The XMP packet (ISO 16684-1) that PDF/A-2 wants in the catalog's
 * /Metadata: its identification (part 2, conformance B) and the document
 * information again, each property equal to its Info entry (6.6.2.3.1). */
static void
xmp_packet(struct buf *b, const struct pdf_meta *m, int dated, const HPDF_Date *d)
{
	buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	            "<rdf:Description rdf:about=\"\"\n"
	            "  xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
	            "  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	            "  xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	            "  xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
	            "<pdfaid:part>2</pdfaid:part>\n"
	            "<pdfaid:conformance>B</pdfaid:conformance>\n"
	            "<dc:format>application/pdf</dc:format>\n");
	const struct {
		const char *open, *value, *close;
	} props[] = {
		{"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", m->title, "</rdf:li></rdf:Alt></dc:title>"},
		{"<dc:creator><rdf:Seq><rdf:li>", m->author, "</rdf:li></rdf:Seq></dc:creator>"},
		{"<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">", m->subject,
		    "</rdf:li></rdf:Alt></dc:description>"},
		{"<pdf:Keywords>", m->keywords, "</pdf:Keywords>"},
		{"<xmp:CreatorTool>", m->creator, "</xmp:CreatorTool>"},
		{"<pdf:Producer>", m->creator ? m->creator : "vanban", "</pdf:Producer>"},
	};
	for (size_t i = 0; i < sizeof props / sizeof *props; i++) {
		if (props[i].value == NULL)
			continue;
		buf_puts(b, props[i].open);
		xml_text(b, props[i].value);
		buf_puts(b, props[i].close);
		buf_putc(b, '\n');
	}
	if (dated) {
		char when[32];
		snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02dZ", d->year, d->month, d->day, d->hour,
		    d->minutes, d->seconds);
		buf_printf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n", when, when);
	}
	buf_puts(b, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>\n");
}

/* The file identifier (14.4), both halves the same as for a new file:
 * a fingerprint of what the document says and shows, not of the clock,
 * so that the same sources give the same bytes. */
static HPDF_Binary
file_id(HPDF_MMgr mmgr, const struct pages *pg, const struct pdf_meta *m)
{
	struct buf b = {0};
	const char *fields[] = {m->title, m->author, m->subject, m->keywords, m->creator};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		buf_puts(&b, fields[i] ? fields[i] : "");
		buf_putc(&b, '\n');
	}
	for (size_t i = 0; i < pg->n; i++)
		for (size_t j = 0; j < pg->v[i].n; j++)
			if (pg->v[i].items[j].kind == PG_TEXT) {
				buf_puts(&b, pg->v[i].items[j].u.text.s);
				buf_putc(&b, '\n');
			}
	HPDF_BYTE id[16];
	uint64_t h[2] = {fnv1a64(b.s ? b.s : "", b.len), 0};
	buf_putc(&b, '\n'); /* the second half: the same bytes and one more */
	h[1] = fnv1a64(b.s, b.len);
	buf_free(&b);
	for (int k = 0; k < 16; k++)
		id[k] = (HPDF_BYTE)(h[k / 8] >> (8 * (7 - k % 8)));
	return HPDF_Binary_New(mmgr, id, sizeof id);
}

/* What PDF/A-2b adds to the document: the header's version 1.7 (ISO
 * 32000-1, on which PDF/A-2 rests), the XMP metadata, the sRGB output
 * intent (the profile's bytes from m->icc) and the file identifier. The
 * rest PDF/A asks for, vanban's PDFs already are: every font embedded
 * with its ToUnicode map, no encryption, no action, no annotation. */
static int
add_pdfa(HPDF_Doc pdf, const struct pages *pg, const struct pdf_meta *m, char **msg)
{
	size_t icc_len = 0;
	char *icc = read_file_len(m->icc, &icc_len);
	if (icc == NULL) {
		*msg = xasprintf(_("cannot read the sRGB profile %s that PDF/A needs: %s"), m->icc, sys_error(errno));
		return -1;
	}
	HPDF_Date d;
	int dated = info_date(m, &d);
	pdf->pdf_version = HPDF_VER_17;
	HPDF_MMgr mm = pdf->mmgr;
	HPDF_STATUS ret = HPDF_OK;

	struct buf x = {0};
	xmp_packet(&x, m, dated > 0, &d);
	HPDF_Dict meta = HPDF_DictStream_New(mm, pdf->xref);
	if (meta != NULL) {
		/* unfiltered, as PDF/A wants metadata (6.6.2.1): any XMP reader
		 * finds it by its packet header */
		meta->filter = HPDF_STREAM_FILTER_NONE;
		ret |= HPDF_Dict_AddName(meta, "Type", "Metadata");
		ret |= HPDF_Dict_AddName(meta, "Subtype", "XML");
		ret |= HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)x.s, (HPDF_UINT)x.len);
		ret |= HPDF_Dict_Add(pdf->catalog, "Metadata", meta);
	}
	buf_free(&x);

	HPDF_Dict profile = HPDF_DictStream_New(mm, pdf->xref);
	HPDF_Dict intent = HPDF_Dict_New(mm);
	HPDF_Array intents = HPDF_Array_New(mm);
	if (profile != NULL && intent != NULL && intents != NULL) {
		profile->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		ret |= HPDF_Dict_AddNumber(profile, "N", 3);
		ret |= HPDF_Stream_Write(profile->stream, (const HPDF_BYTE *)icc, (HPDF_UINT)icc_len);
		ret |= HPDF_Dict_AddName(intent, "Type", "OutputIntent");
		ret |= HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
		ret |= HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
		ret |= HPDF_Dict_Add(intent, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
		ret |= HPDF_Dict_Add(intent, "RegistryName", HPDF_String_New(mm, "http://www.color.org", NULL));
		ret |= HPDF_Dict_Add(intent, "DestOutputProfile", profile);
		ret |= HPDF_Array_Add(intents, intent);
		ret |= HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents);
	}
	free(icc);

	HPDF_Binary id = file_id(mm, pg, m);
	HPDF_Array ids = HPDF_Array_New(mm);
	if (id != NULL && ids != NULL) {
		ret |= HPDF_Array_Add(ids, id);
		ret |= HPDF_Array_Add(ids, HPDF_Binary_New(mm, HPDF_Binary_GetValue(id), HPDF_Binary_GetLen(id)));
		ret |= HPDF_Dict_Add(pdf->trailer, "ID", ids);
	}
	if (meta == NULL || profile == NULL || intent == NULL || intents == NULL || id == NULL || ids == NULL ||
	    ret != HPDF_OK) {
		*msg = xstrdup(_("cannot write what PDF/A needs"));
		return -1;
	}
	return 0;
}

/* Writes the memory stream's blocks to fd, a few dozen to a call
 * (writev), every write checked; 0 or the error. */
static int
write_blocks(int fd, HPDF_Stream st)
{
	enum { GROUP = 64 };
	struct iovec iov[GROUP];
	HPDF_UINT nbuf = HPDF_MemStream_GetBufCount(st);
	for (HPDF_UINT i = 0; i < nbuf;) {
		int k = 0;
		for (; k < GROUP && i < nbuf; k++, i++) {
			HPDF_UINT len = 0;
			HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &len);
			if (p == NULL)
				return EIO;
			iov[k] = (struct iovec){p, len};
		}
		struct iovec *v = iov;
		for (;;) {
			while (k > 0 && v->iov_len == 0) {
				v++;
				k--;
			}
			if (k == 0)
				break;
			ssize_t w = writev(fd, v, k);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return w < 0 ? errno : EIO;
			for (; k > 0 && (size_t)w >= v->iov_len; k--)
				w -= (ssize_t)(v++)->iov_len;
			if (k > 0) {
				v->iov_base = (char *)v->iov_base + w;
				v->iov_len -= (size_t)w;
			}
		}
	}
	return 0;
}

/* Writes the memory stream st to fd (path in messages), every write
 * checked, and starts the data's way to the disk; the caller's fsync waits
 * for it. The stream's own blocks are written: reading it back through
 * libharu copies it a byte at a time. */
static int
write_checked(int fd, const char *path, HPDF_Stream st, char **msg)
{
	int e = fd < 0 ? EBADF : write_blocks(fd, st);
	if (e != 0) {
		*msg = xasprintf(_("cannot write %s: %s"), path, sys_error(e));
		return -1;
	}
	writeback_start(fd);
	return 0;
}

/* Makes dst an /XYZ destination at (left, top) with a null zoom, which
 * keeps the reader's zoom; HPDF_Destination_SetXYZ insists on a zoom. */
static HPDF_STATUS
set_xyz(HPDF_Destination dst, HPDF_Page page, double left, double top)
{
	HPDF_STATUS ret = HPDF_Destination_SetXYZ(dst, (HPDF_REAL)left, (HPDF_REAL)top, 1);
	if (ret != HPDF_OK)
		return ret;
	HPDF_Array_Clear(dst);
	ret |= HPDF_Array_Add(dst, page);
	ret |= HPDF_Array_AddName(dst, "XYZ");
	ret |= HPDF_Array_AddReal(dst, (HPDF_REAL)left);
	ret |= HPDF_Array_AddReal(dst, (HPDF_REAL)top);
	ret |= HPDF_Array_Add(dst, HPDF_Null_New(dst->mmgr));
	return ret;
}

/*
 * The text strings of the document information and of the bookmarks are
 * written by libharu as UTF-16BE (a byte order mark, then each character's
 * UCS-2 value; one above the BMP as a space) when they carry an encoder
 * that reads UTF-8. libharu's own, "UTF-8", costs some 1.4 M instructions
 * to set up for each document (a 256 KB table of CID ranges that no text
 * string uses): a tenth of the smallest document. utf16_encoder() makes an
 * encoder of the same reading with nothing more: libharu asks it for the
 * kind of each byte (a character ends here, or not yet) and then for the
 * character that ended.
 */
struct utf8_reader {
	uint32_t cp;   /* the character so far */
	int need;      /* continuation bytes still to come */
};

static HPDF_ByteType
utf8_byte_type(HPDF_Encoder enc, HPDF_ParseText_Rec *state)
{
	struct utf8_reader *r = enc->attr;
	if (state->index == 0)
		r->need = 0;
	unsigned char b = state->text[state->index++];
	if (r->need > 0) {
		r->cp = r->cp << 6 | (b & 0x3F);
		return --r->need == 0 ? HPDF_BYTE_TYPE_SINGLE : HPDF_BYTE_TYPE_TRIAL;
	}
	if (b < 0x80) {
		r->cp = b;
		return HPDF_BYTE_TYPE_SINGLE;
	}
	/* a lead byte of 2, 3 or 4; a stray continuation byte is skipped */
	r->need = (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : 0;
	r->cp = b & (0x7F >> (r->need + 1));
	return HPDF_BYTE_TYPE_TRIAL;
}

static HPDF_UNICODE
utf8_to_unicode(HPDF_Encoder enc, HPDF_UINT16 code)
{
	(void)code; /* the character is the reader's */
	const struct utf8_reader *r = enc->attr;
	return r->cp < BMP_SIZE ? (HPDF_UNICODE)r->cp : ' ';
}

static void
utf16_encoder(HPDF_Encoder_Rec *enc, struct utf8_reader *r, HPDF_Doc pdf)
{
	*enc = (HPDF_Encoder_Rec){.sig_bytes = HPDF_ENCODER_SIG_BYTES, .name = "UTF-8", .mmgr = pdf->mmgr,
	    .error = &pdf->error, .type = HPDF_ENCODER_TYPE_DOUBLE_BYTE, .byte_type_fn = utf8_byte_type,
	    .to_unicode_fn = utf8_to_unicode, .attr = r};
	*r = (struct utf8_reader){0};
}

/* The bookmarks: level 1 entries (I., II.) at the root, level 2 entries
 * (1., 2.) under the level 1 entry before them, open so that the reader
 * sees both levels. Each leads to its heading: the top of the page view
 * at the top of the heading's first line. */
static int
add_outline(HPDF_Doc pdf, const struct pages *pg, struct fontset *fs, HPDF_Page *pages, HPDF_Encoder utf8)
{
	HPDF_Outline parent = NULL;
	for (size_t i = 0; i < pg->noutline; i++) {
		const struct pg_outline *o = &pg->outline[i];
		if (o->page >= pg->n || o->title == NULL)
			continue;
		HPDF_Outline at = o->level >= 2 && parent != NULL ? parent : NULL;
		HPDF_Outline ol = HPDF_CreateOutline(pdf, at, o->title, utf8);
		if (ol == NULL)
			return -1;
		if (o->level < 2) {
			parent = ol;
			HPDF_Outline_SetOpened(ol, HPDF_TRUE);
		}
		/* The heading's first word gives its size and face. */
		double rise = 14;
		const struct page *page = &pg->v[o->page];
		for (size_t j = 0; j < page->n; j++) {
			const struct pg_item *it = &page->items[j];
			if (it->kind == PG_TEXT && it->u.text.y > o->y - 0.01 && it->u.text.y < o->y + 0.01) {
				rise = font_ascent(fs, it->u.text.face) * it->u.text.size / 1000;
				break;
			}
		}
		HPDF_Destination dst = HPDF_Page_CreateDestination(pages[o->page]);
		if (dst == NULL || set_xyz(dst, pages[o->page], 0, (page->h > 0 ? page->h : pg->height) - o->y + rise) != HPDF_OK ||
		    HPDF_Outline_SetDestination(ol, dst) != HPDF_OK)
			return -1;
	}
	return 0;
}

int
pdf_write(const struct pages *pg, struct fontset *fs, const struct pdf_meta *meta,
    int fd, const char *path, char **why)
{
	static const struct pdf_meta no_meta;
	int rc = -1;
	struct hpdf_error err = {HPDF_OK, HPDF_OK};
	struct cpset *used[FACE_COUNT] = {0};
	HPDF_Font font[FACE_COUNT] = {0};
	enum face owner[FACE_COUNT];
	HPDF_Doc pdf = NULL;
	HPDF_Page *pages = NULL;
	HPDF_Encoder_Rec utf8; /* referred to by the document's strings until it is freed */
	struct utf8_reader utf8_state;
	char *msg = NULL;
	/* libdeflate allocates as vanban does: running out of memory exits */
	libdeflate_set_memory_allocator(xmalloc, free);
	struct libdeflate_compressor *z = libdeflate_alloc_compressor(PDF_DEFLATE_LEVEL);

	if (meta == NULL)
		meta = &no_meta;
	if (pg->n == 0) {
		msg = xstrdup(_("the document has no pages"));
		goto out;
	}

	/* Faces that share a file share one embedded font, and its ToUnicode
	 * map must cover what each of them draws. */
	for (int f = 0; f < FACE_COUNT; f++) {
		owner[f] = (enum face)f;
		for (int g = 0; g < f; g++)
			if (strcmp(font_file(fs, (enum face)f), font_file(fs, (enum face)g)) == 0) {
				owner[f] = (enum face)g;
				break;
			}
	}
	for (size_t i = 0; i < pg->n; i++)
		for (size_t j = 0; j < pg->v[i].n; j++) {
			const struct pg_item *it = &pg->v[i].items[j];
			if (it->kind != PG_TEXT || it->u.text.s[0] == '\0')
				continue;
			enum face o = owner[it->u.text.face];
			if (used[o] == NULL)
				used[o] = xcalloc(1, sizeof *used[o]);
			cpset_add_text(used[o], it->u.text.s);
		}

	/* the agency's line that vanban sign may add is drawn in a face of
	 * the document: its glyphs go in now */
	if (pg->sign.line != NULL) {
		enum face o = owner[pg->sign.line_face];
		if (used[o] == NULL)
			used[o] = xcalloc(1, sizeof *used[o]);
		cpset_add_text(used[o], pg->sign.line);
		cpset_add_text(used[o], SIGN_LINE_CHARS);
	}

	pdf = HPDF_New(on_error, &err);
	if (pdf == NULL) {
		msg = xstrdup(_("cannot start libharu"));
		goto out;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	/* the encoder of the information's strings (HPDF_SetInfoAttr) */
	utf16_encoder(&utf8, &utf8_state, pdf);
	pdf->cur_encoder = &utf8;
	if (err.no != HPDF_OK) {
		msg = hpdf_message(&err, _("setting up the document"));
		goto out;
	}

	/* In face order, not in order of first use: libharu numbers objects
	 * as they come, and the fonts then keep their numbers whatever the
	 * text does. */
	for (int f = 0; f < FACE_COUNT; f++) {
		if (used[f] == NULL)
			continue;
		const char *file = font_file(fs, (enum face)f);
		size_t ncps = 0;
		uint32_t *cps = cpset_list(used[f], &ncps);
		char tag[7];
		subset_tag((enum face)f, cps, ncps, tag);
		unsigned char *prog = NULL;
		size_t prog_len = 0;
		HPDF_FontDef def = load_subset(pdf, &err, fs, (enum face)f, cps, ncps, tag, &prog, &prog_len, &msg);
		char *cause = NULL;
		font[f] = def != NULL ? make_font(pdf, z, def, prog, prog_len, cps, ncps, tag, &cause) : NULL;
		free(cps);
		if (def != NULL && (font[f] == NULL || err.no != HPDF_OK)) {
			char *stage = xasprintf(_("cannot embed font %s"), file);
			msg = err.no != HPDF_OK ? hpdf_message(&err, stage) : xasprintf("%s: %s", stage, cause);
			free(stage);
		}
		free(cause);
		if (msg != NULL)
			goto out;
	}
	for (int f = 0; f < FACE_COUNT; f++)
		font[f] = font[owner[f]];

	if (set_info(pdf, meta) != 0) {
		msg = xasprintf(_("SOURCE_DATE_EPOCH is not a number of seconds since 1970: '%s'"),
		    getenv("SOURCE_DATE_EPOCH"));
		goto out;
	}
	if (err.no != HPDF_OK) {
		msg = hpdf_message(&err, _("setting the document information"));
		goto out;
	}
	pages = xcalloc(pg->n, sizeof *pages);

	for (size_t i = 0; i < pg->n; i++) {
		const struct page *page = &pg->v[i];
		double pw = page->w > 0 ? page->w : pg->width, ph = page->h > 0 ? page->h : pg->height;
		struct pen p = {.page = HPDF_AddPage(pdf), .fs = fs, .height = ph, .rule_width = -1, .z = z};
		pages[i] = p.page;
		if (p.page == NULL) {
			msg = hpdf_message(&err, _("adding a page"));
			goto out;
		}
		HPDF_Page_SetWidth(p.page, (HPDF_REAL)pw);
		HPDF_Page_SetHeight(p.page, (HPDF_REAL)ph);
		for (size_t j = 0; j < page->n && err.no == HPDF_OK; j++) {
			const struct pg_item *it = &page->items[j];
			if (it->kind == PG_TEXT)
				draw_text(&p, font[it->u.text.face], &it->u.text);
			else
				draw_rule(&p, &it->u.rule);
		}
		HPDF_STATUS st = pen_flush(&p);
		buf_free(&p.b);
		if (st == HPDF_OK && p.failed)
			st = HPDF_INVALID_FONT;
		if (st != HPDF_OK && err.no == HPDF_OK)
			err.no = st;
		if (err.no != HPDF_OK) {
			char *stage = xasprintf(_("drawing page %zu"), i + 1);
			msg = hpdf_message(&err, stage);
			free(stage);
			goto out;
		}
	}

	if (add_outline(pdf, pg, fs, pages, &utf8) != 0 || err.no != HPDF_OK) {
		msg = err.no != HPDF_OK ? hpdf_message(&err, _("writing the outline")) : xstrdup(_("cannot write the outline"));
		goto out;
	}

	if (meta->icc != NULL && add_pdfa(pdf, pg, meta, &msg) != 0)
		goto out;

	if (pg->sign.line != NULL && (add_signing(pdf, pg, font[pg->sign.line_face]) != 0 || err.no != HPDF_OK)) {
		msg = err.no != HPDF_OK ? hpdf_message(&err, _("recording the signing rooms")) : xstrdup(_("cannot record the signing rooms"));
		goto out;
	}

	/* every stream is compressed by now */
	libdeflate_free_compressor(z);
	z = NULL;

	/* into memory, then out through a write that is checked to its close:
	 * libharu's own file writer does not check the last write, and a
	 * full disk would leave a truncated PDF */
	if (HPDF_SaveToStream(pdf) != HPDF_OK || err.no != HPDF_OK) {
		msg = hpdf_message(&err, _("making the PDF"));
		goto out;
	}
	if (pdf->stream == NULL || pdf->stream->type != HPDF_STREAM_MEMORY) {
		msg = xstrdup(_("the PDF could not be read back"));
		goto out;
	}
	if (write_checked(fd, path, pdf->stream, &msg) < 0)
		goto out;
	rc = 0;
out:
	if (pdf != NULL)
		HPDF_Free(pdf);
	if (z != NULL)
		libdeflate_free_compressor(z);
	free(pages);
	for (int f = 0; f < FACE_COUNT; f++)
		free(used[f]);
	if (rc != 0 && why != NULL)
		*why = msg;
	else
		free(msg);
	return rc;
}
