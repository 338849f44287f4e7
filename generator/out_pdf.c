/* out_pdf.c: the PDF device, which draws laid-out pages with libharu 2.3.0
 * and embeds the faces they use. */
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
/* Internal headers, for repair_font() only. */
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "out_pdf.h"

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
	case HPDF_FILE_IO_ERROR: return "file input/output error";
	case HPDF_FILE_OPEN_ERROR: return "cannot open file";
	case HPDF_FONT_EXISTS: return "font loaded twice";
	case HPDF_INVALID_DATE_TIME: return "invalid date";
	case HPDF_INVALID_FONTDEF_DATA: return "invalid font data";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "the font does not allow embedding";
	case HPDF_TTF_INVALID_CMAP: return "unsupported cmap table in font";
	case HPDF_TTF_INVALID_FOMAT: return "not a TrueType font";
	case HPDF_TTF_MISSING_TABLE: return "font lacks a required table";
	case HPDF_INVALID_TTC_FILE: return "invalid TrueType collection";
	case HPDF_PAGE_INVALID_SIZE: return "invalid page size";
	case HPDF_PAGE_INVALID_FONT_SIZE: return "invalid font size";
	case HPDF_PAGE_OUT_OF_RANGE: return "value out of range";
	case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
	case HPDF_ZLIB_ERROR: return "zlib error";
	default: return "error";
	}
}

static char *
hpdf_message(const struct hpdf_error *e, const char *stage)
{
	return xasprintf("%s: libharu %s (0x%04X, detail %u)", stage, hpdf_strerror(e->no),
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
	while (i < n) {
		uint32_t cp;
		int len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			i++;
			continue;
		}
		i += (size_t)len;
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

struct code_map {
	unsigned code;
	uint32_t cp;
};

static int
code_map_cmp(const void *a, const void *b)
{
	const struct code_map *x = a, *y = b;
	return (x->code > y->code) - (x->code < y->code);
}

/*
 * The only code here that reaches into libharu's internals (hpdf_font.h,
 * hpdf_fontdef.h, hpdf_objects.h, hpdf_encoder.h, hpdf_streams.h): two
 * repairs of the font objects of 2.3.0 that its public API cannot make.
 * Call it after HPDF_GetFont and before saving.
 *
 * 1. ToUnicode. libharu writes under each Type0 font's /ToUnicode a copy
 * of its encoding CMap, whose "begincidrange" has no place in a ToUnicode
 * map: poppler warns and guesses from the embedded font's cmap, and readers
 * that trust the map get no text. The stream object is rewritten in place
 * as a bfchar map of the code points the document draws in this font; in
 * place, because an added stream would leave libharu's one in the file as
 * an unreferenced object. The codes in the content stream are what the
 * font's encoder makes of the text (in 2.3.0 the UCS-2 value, shown under
 * Identity-H, with a CIDToGIDMap taking CID to glyph); asking the encoder
 * itself for each code point's bytes keeps the map right whatever that
 * scheme is.
 *
 * 2. Font name. libharu names the font "HPDFAD+LiberationSerif-BoldItalic,
 * BoldItalic": a subset tag, the PostScript name and the style again. MuPDF
 * keeps 31 bytes of a font name, so tools that read the style from the
 * name (mutool trace, and ../tools/pdfcheck on it) see
 * "HPDFAD+LiberationSerif-BoldItal" and no italic; the same happens to
 * Times New Roman. The font is named by its plain PostScript name instead,
 * as the face itself says (name ID 6). This drops the subset tag that PDF
 * asks of a subset font; no reader needs it.
 */
static int
repair_font(HPDF_Font font, const struct cpset *used)
{
	HPDF_FontAttr attr = font->attr;
	if (attr == NULL || attr->type != HPDF_FONT_TYPE0_TT || attr->cmap_stream == NULL ||
	    attr->cmap_stream->stream == NULL || attr->encoder == NULL ||
	    attr->encoder->encode_text_fn == NULL || attr->fontdef == NULL ||
	    attr->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE || attr->fontdef->attr == NULL)
		return -1;

	/* fontdef->base_font is libharu's untagged name; the tagged copy
	 * in the TrueType attributes is what it writes (BaseFont of both
	 * font dictionaries and FontName of the descriptor). */
	HPDF_TTFontDefAttr def = attr->fontdef->attr;
	size_t len = strcspn(attr->fontdef->base_font, ",");
	if (len == 0 || len >= sizeof def->base_font)
		return -1;
	memcpy(def->base_font, attr->fontdef->base_font, len);
	def->base_font[len] = '\0';

	HPDF_Dict cmap = attr->cmap_stream;

	size_t n = 0, cap = 0;
	struct code_map *map = NULL;
	for (uint32_t cp = 1; cp < BMP_SIZE; cp++) {
		if (!cpset_has(used, cp))
			continue;
		char u[4];
		int ulen = utf8_encode(cp, u);
		HPDF_UINT clen = 0;
		char *code = attr->encoder->encode_text_fn(attr->encoder, u, (HPDF_UINT)ulen, &clen);
		if (code != NULL && clen == 2) {
			GROW(map, cap, n + 1);
			map[n].code = (unsigned)(unsigned char)code[0] << 8 | (unsigned char)code[1];
			map[n].cp = cp;
			n++;
		}
		free(code); /* the encoder allocates with malloc */
	}
	if (n > 0)
		qsort(map, n, sizeof *map, code_map_cmp);

	struct buf b = {0};
	buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
		     "12 dict begin\n"
		     "begincmap\n"
		     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		     "/CMapName /Adobe-Identity-UCS def\n"
		     "/CMapType 2 def\n"
		     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* A bfchar block holds at most 100 entries. */
	for (size_t i = 0; i < n; i += 100) {
		size_t m = n - i < 100 ? n - i : 100;
		buf_printf(&b, "%zu beginbfchar\n", m);
		for (size_t j = i; j < i + m; j++)
			buf_printf(&b, "<%04X> <%04X>\n", map[j].code, (unsigned)map[j].cp);
		buf_puts(&b, "endbfchar\n");
	}
	buf_puts(&b, "endcmap\n"
		     "CMapName currentdict /CMap defineresource pop\n"
		     "end\n"
		     "end\n");
	free(map);

	HPDF_STATUS ret = HPDF_OK;
	HPDF_MemStream_FreeData(cmap->stream);
	ret |= HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)b.s, (HPDF_UINT)b.len);
	buf_free(&b);
	/* The stream dictionary still names libharu's encoding CMap. */
	ret |= HPDF_Dict_AddName(cmap, "CMapName", "Adobe-Identity-UCS");
	HPDF_Dict info = HPDF_Dict_GetItem(cmap, "CIDSystemInfo", HPDF_OCLASS_DICT);
	if (info != NULL) {
		ret |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(cmap->mmgr, "Adobe", NULL));
		ret |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(cmap->mmgr, "UCS", NULL));
		ret |= HPDF_Dict_AddNumber(info, "Supplement", 0);
	}
	return ret == HPDF_OK ? 0 : -1;
}

/* Drawing state of one page, so that operators are written only when
 * something changes. */
struct pen {
	HPDF_Page page;
	double height;
	int in_text;
	HPDF_Font font;
	double size;
	int have_line; /* a text line matrix set in this BT */
	double line_x, line_y;
	double rule_width;
};

static void
draw_text(struct pen *p, HPDF_Font font, const struct pg_text *t)
{
	if (t->s[0] == '\0')
		return;
	if (!p->in_text) {
		HPDF_Page_BeginText(p->page);
		p->in_text = 1;
		p->have_line = 0; /* BT resets the text matrix */
	}
	if (font != p->font || t->size != p->size) {
		HPDF_Page_SetFontAndSize(p->page, font, (HPDF_REAL)t->size);
		p->font = font;
		p->size = t->size;
	}
	double y = p->height - t->y;
	/* Along a line, a short relative move; a new line gets an absolute
	 * matrix, so the rounding of relative moves cannot add up down the
	 * page. */
	if (p->have_line && y == p->line_y)
		HPDF_Page_MoveTextPos(p->page, (HPDF_REAL)(t->x - p->line_x), 0);
	else
		HPDF_Page_SetTextMatrix(p->page, 1, 0, 0, 1, (HPDF_REAL)t->x, (HPDF_REAL)y);
	p->have_line = 1;
	p->line_x = t->x;
	p->line_y = y;
	HPDF_Page_ShowText(p->page, t->s);
}

static void
draw_rule(struct pen *p, const struct pg_rule *r)
{
	if (p->in_text) {
		HPDF_Page_EndText(p->page);
		p->in_text = 0;
	}
	if (r->width != p->rule_width) {
		HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)r->width);
		p->rule_width = r->width;
	}
	double y = p->height - r->y;
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)r->x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(p->page, (HPDF_REAL)r->x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(p->page);
}

static void
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
	if (m->year != 0) {
		/* The document's own date: the same input, the same bytes. */
		HPDF_Date d = {.year = m->year, .month = m->month, .day = m->day, .ind = 'Z'};
		HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
	}
}

int
pdf_write(const struct pages *pg, struct fontset *fs, const struct pdf_meta *meta,
    const char *path, char **why)
{
	static const struct pdf_meta no_meta;
	int rc = -1;
	struct hpdf_error err = {HPDF_OK, HPDF_OK};
	struct cpset *used[FACE_COUNT] = {0};
	HPDF_Font font[FACE_COUNT] = {0};
	enum face owner[FACE_COUNT];
	HPDF_Doc pdf = NULL;
	char *msg = NULL;

	if (meta == NULL)
		meta = &no_meta;
	if (pg->n == 0) {
		msg = xstrdup("the document has no pages");
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

	pdf = HPDF_New(on_error, &err);
	if (pdf == NULL) {
		msg = xstrdup("cannot start libharu");
		goto out;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	if (err.no != HPDF_OK) {
		msg = hpdf_message(&err, "setting up the document");
		goto out;
	}

	/* In face order, not in order of first use: libharu numbers objects
	 * as they come, and the fonts then keep their numbers whatever the
	 * text does. */
	for (int f = 0; f < FACE_COUNT; f++) {
		if (used[f] == NULL)
			continue;
		const char *file = font_file(fs, (enum face)f);
		const char *name = HPDF_LoadTTFontFromFile(pdf, file, HPDF_TRUE);
		if (name != NULL)
			font[f] = HPDF_GetFont(pdf, name, "UTF-8");
		if (font[f] == NULL || err.no != HPDF_OK) {
			char *stage = xasprintf("cannot embed font %s", file);
			msg = err.no != HPDF_OK ? hpdf_message(&err, stage) : xstrdup(stage);
			free(stage);
			goto out;
		}
		if (repair_font(font[f], used[f]) != 0 || err.no != HPDF_OK) {
			msg = err.no != HPDF_OK ? hpdf_message(&err, "repairing the font objects")
			                        : xasprintf("cannot repair libharu's font objects for %s", file);
			goto out;
		}
	}
	for (int f = 0; f < FACE_COUNT; f++)
		font[f] = font[owner[f]];

	set_info(pdf, meta);
	if (err.no != HPDF_OK) {
		msg = hpdf_message(&err, "setting the document information");
		goto out;
	}

	for (size_t i = 0; i < pg->n; i++) {
		struct pen p = {.page = HPDF_AddPage(pdf), .height = pg->height, .rule_width = -1};
		if (p.page == NULL) {
			msg = hpdf_message(&err, "adding a page");
			goto out;
		}
		HPDF_Page_SetWidth(p.page, (HPDF_REAL)pg->width);
		HPDF_Page_SetHeight(p.page, (HPDF_REAL)pg->height);
		const struct page *page = &pg->v[i];
		for (size_t j = 0; j < page->n && err.no == HPDF_OK; j++) {
			const struct pg_item *it = &page->items[j];
			if (it->kind == PG_TEXT)
				draw_text(&p, font[it->u.text.face], &it->u.text);
			else
				draw_rule(&p, &it->u.rule);
		}
		if (p.in_text)
			HPDF_Page_EndText(p.page);
		if (err.no != HPDF_OK) {
			char *stage = xasprintf("drawing page %zu", i + 1);
			msg = hpdf_message(&err, stage);
			free(stage);
			goto out;
		}
	}

	if (HPDF_SaveToFile(pdf, path) != HPDF_OK || err.no != HPDF_OK) {
		char *stage = xasprintf("cannot write %s", path);
		msg = hpdf_message(&err, stage);
		free(stage);
		goto out;
	}
	rc = 0;
out:
	if (pdf != NULL)
		HPDF_Free(pdf);
	for (int f = 0; f < FACE_COUNT; f++)
		free(used[f]);
	if (rc != 0 && why != NULL)
		*why = msg;
	else
		free(msg);
	return rc;
}
