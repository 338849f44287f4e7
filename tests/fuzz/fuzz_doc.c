/* fuzz_doc.c: the libFuzzer harness of `make fuzz`: any bytes through the
 * whole pipeline as `vanban build` runs it (load, validate, lint, the model
 * dump, layout and its dump, Markdown, HTML and the PDF written to a
 * temporary file), with AddressSanitizer and UndefinedBehaviorSanitizer
 * watching. FUZZ_ROOT (the repository, set by the Makefile) gives the
 * templates, the registry and the fonts. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "font.h"
#include "layout.h"
#include "lint.h"
#include "load.h"
#include "out.h"
#include "out_pdf.h"
#include "text.h"
#include "validate.h"

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct templates *tp;
static struct fontset *fonts[2];
static int fonts_tried[2];
static char pdf_path[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	tp = templates_new(FUZZ_ROOT "/templates");
	snprintf(pdf_path, sizeof pdf_path, "/tmp/vanban-fuzz-%ld.pdf", (long)getpid());
	return 0;
}

/* The faces of a family, opened once as main.c opens them. */
static struct fontset *
fonts_for(const struct doc *doc)
{
	int id = (int)doc->family_id;
	if (!fonts_tried[id]) {
		fonts_tried[id] = 1;
		const char *dirs[] = {FUZZ_ROOT "/fonts", "/usr/share/fonts/truetype/liberation2",
		    "/usr/share/fonts/truetype/liberation"};
		const char *const *names[FACE_COUNT];
		for (int f = 0; f < FACE_COUNT; f++)
			names[f] = (const char *const *)doc->family->font_names[f];
		char *why = NULL;
		fonts[id] = font_open(dirs, 3, names, &why, NULL);
		free(why);
	}
	return fonts[id];
}

static struct fontset *
fuzz_fonts(void *ctx, const struct doc *doc)
{
	(void)ctx;
	return fonts_for(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag *d = diag_new();
	struct source *src = load_bytes("fuzz.yaml", (const char *)data, size, d);
	struct glyph_source gs = {fuzz_fonts, NULL};
	/* odd sizes: with the task annex */
	struct doc *doc = validate(src, tp, FUZZ_ROOT "/content/registry", (int)(size & 1), &gs, d);
	load_free(src);
	if (doc == NULL)
		goto done;
	free(dump_tree(doc));
	free(md_render(doc));
	free(html_render(doc, FUZZ_ROOT "/templates", d));
	struct fontset *fs = fonts_for(doc);
	if (fs) {
		struct pages pg = {0};
		struct layout_stats st = {0};
		if (layout_doc(doc, fs, &pg, &st, d) == 0) {
			free(dump_layout(&pg));
			struct pdf_meta meta = {"title", doc->issuer.name, NULL, NULL, "vanban fuzz", doc->date.y,
			    doc->date.m, doc->date.d};
			char *why = NULL;
			int fd = open(pdf_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd >= 0) {
				pdf_write(&pg, fs, &meta, fd, pdf_path, &why);
				close(fd);
			}
			free(why);
			unlink(pdf_path);
		}
		layout_stats_free(&st);
		pages_free(&pg);
	}
	doc_free(doc);
done:
	diag_free(d);
	return 0;
}
