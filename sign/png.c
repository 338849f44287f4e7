/* png.c: a signature or seal image read with libpng into the samples of
 * a PDF image and its soft mask, with no loss: 8 or 16 bits as the file
 * has them, a palette or a transparent colour (tRNS) made explicit. */
#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign.h"

/* The largest image taken: a signature or a seal scanned at 600 dpi is
 * far smaller. */
#define MAX_SIDE 8000

struct png_err {
	char msg[256];
};

static void
on_png_error(png_structp png, png_const_charp msg)
{
	struct png_err *e = png_get_error_ptr(png);
	snprintf(e->msg, sizeof e->msg, "%s", msg);
	png_longjmp(png, 1);
}

static void
on_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

void
image_free(struct image *im)
{
	free(im->color);
	free(im->alpha);
	memset(im, 0, sizeof *im);
}

int
image_read_png(const char *path, struct image *im, char **why)
{
	memset(im, 0, sizeof *im);
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		*why = xasprintf(_("cannot open %s: %s"), path, strerror(errno));
		return -1;
	}
	unsigned char sig[8];
	if (fread(sig, 1, 8, f) != 8 || png_sig_cmp(sig, 0, 8) != 0) {
		fclose(f);
		*why = xasprintf(_("%s is not a PNG image"), path);
		return -1;
	}
	struct png_err err = {""};
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &err, on_png_error, on_png_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	/* volatile: set after setjmp and read after a longjmp */
	unsigned char *volatile rows_data = NULL;
	png_bytep *volatile rows = NULL;
	if (png == NULL || info == NULL) {
		png_destroy_read_struct(png ? &png : NULL, NULL, NULL);
		fclose(f);
		*why = xasprintf(_("cannot read %s: out of memory"), path);
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_read_struct(&png, &info, NULL);
		fclose(f);
		free(rows_data);
		free(rows);
		image_free(im);
		*why = xasprintf(_("cannot read %s: %s"), path, err.msg);
		return -1;
	}
	png_init_io(png, f);
	png_set_sig_bytes(png, 8);
	png_read_info(png, info);
	png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
	if (w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE)
		png_error(png, "the image is empty or larger than 8000 pixels a side");
	int ct = png_get_color_type(png, info);
	if (ct == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(png);
	if (ct == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	int bits = png_get_bit_depth(png, info), channels = png_get_channels(png, info);
	size_t rowbytes = png_get_rowbytes(png, info);
	rows_data = xmalloc(rowbytes * h);
	rows = xmalloc(h * sizeof *rows);
	for (png_uint_32 y = 0; y < h; y++)
		rows[y] = rows_data + y * rowbytes;
	png_read_image(png, rows);
	png_read_end(png, NULL);
	png_destroy_read_struct(&png, &info, NULL);
	fclose(f);

	/* colour and alpha apart: the colour as the image, the alpha as its
	 * soft mask (none when every pixel is opaque) */
	int has_alpha = channels == 2 || channels == 4;
	int ncolor = has_alpha ? channels - 1 : channels;
	size_t bps = (size_t)bits / 8; /* bytes a sample: 1 or 2 (big-endian, as PDF wants) */
	im->width = (int)w;
	im->height = (int)h;
	im->bits = bits;
	im->ncolor = ncolor;
	im->color_len = (size_t)w * h * (size_t)ncolor * bps;
	im->color = xmalloc(im->color_len);
	if (has_alpha) {
		im->alpha_len = (size_t)w * h * bps;
		im->alpha = xmalloc(im->alpha_len);
	}
	int opaque = 1;
	unsigned char *c = im->color, *a = im->alpha;
	for (png_uint_32 y = 0; y < h; y++) {
		const unsigned char *p = rows[y];
		for (png_uint_32 x = 0; x < w; x++) {
			memcpy(c, p, (size_t)ncolor * bps);
			c += (size_t)ncolor * bps;
			p += (size_t)ncolor * bps;
			if (has_alpha) {
				for (size_t k = 0; k < bps; k++)
					opaque &= p[k] == 0xFF;
				memcpy(a, p, bps);
				a += bps;
				p += bps;
			}
		}
	}
	free(rows_data);
	free(rows);
	if (has_alpha && opaque) {
		free(im->alpha);
		im->alpha = NULL;
		im->alpha_len = 0;
	}
	return 0;
}
