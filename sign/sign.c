/* sign.c: vanban-sign, the helper that `vanban sign` runs: it signs a PDF
 * that vanban built as an incremental update (the bytes already there
 * are never rewritten), with the images or the agency's line that
 * Nghị định 30/2020 (Phụ lục I) puts where the build recorded them in the
 * catalog's /VanbanSign dictionary. A program of its own so that vanban
 * itself never loads OpenSSL, libpng or a PKCS#11 module. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "pdf.h"
#include "sign.h"

/* Vietnam's time (UTC+7, no summer time): the agency's line and /M give
 * the signing time in it, whatever the machine's time zone. */
#define VN_OFFSET (7 * 3600)
#define PT_PER_MM (72.0 / 25.4)
/* The share of the signer's image that the seal covers, on its left
 * (Phụ lục I: "trùm lên khoảng 1/3 chữ ký về phía bên trái"). */
#define SEAL_OVER 3.0
#define BYTE_RANGE_PLACEHOLDER "/ByteRange [0 0000000000 0000000000 0000000000]"

static const char usage[] =
    "usage: vanban sign (--p12 FILE.p12 | --pkcs11 URI --module LIB.so) [--cert FILE.pem]\n"
    "                   [--image SIGNATURE.png | --seal SEAL.png [--seal-mm MM] | --attachment]\n"
    "                   [--place N] [--registry DIR] -o OUT.pdf IN.pdf\n";

enum role { ROLE_NONE, ROLE_SIGNER, ROLE_SEAL, ROLE_LINE };

struct opts {
	const char *p12, *pkcs11, *module, *cert, *image, *seal, *registry, *out, *in;
	double seal_mm;
	int place;
	int attachment;
};

static int
fail(int status, const char *fmt, const char *a, const char *b)
{
	fputs("vanban sign: ", stderr);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return status;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	o->place = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int has = i + 1 < argc;
		if (strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(a, "--pin") == 0 || strncmp(a, "--pin=", 6) == 0 || strcmp(a, "--password") == 0 ||
		           strncmp(a, "--password=", 11) == 0) {
			/* every user of the machine sees a command line (ps) */
			fprintf(stderr, _("vanban sign: %s: no PIN or password on the command line, where every user of the "
			                  "machine can read it: set VANBAN_PIN, or type it at the prompt\n"), a);
			return 2;
		} else if (strcmp(a, "--p12") == 0 && has)
			o->p12 = argv[++i];
		else if (strcmp(a, "--pkcs11") == 0 && has)
			o->pkcs11 = argv[++i];
		else if (strcmp(a, "--module") == 0 && has)
			o->module = argv[++i];
		else if (strcmp(a, "--cert") == 0 && has)
			o->cert = argv[++i];
		else if (strcmp(a, "--image") == 0 && has)
			o->image = argv[++i];
		else if (strcmp(a, "--seal") == 0 && has)
			o->seal = argv[++i];
		else if (strcmp(a, "--seal-mm") == 0 && has) {
			char *end;
			o->seal_mm = strtod(argv[++i], &end);
			if (*end != '\0' || !(o->seal_mm > 0 && o->seal_mm <= 100)) {
				fprintf(stderr, _("vanban sign: --seal-mm: the seal's diameter in millimetres, above 0 and at most "
				                  "100, not '%s'\n"), argv[i]);
				return 2;
			}
		} else if (strcmp(a, "--place") == 0 && has) {
			char *end;
			long p = strtol(argv[++i], &end, 10);
			if (*end != '\0' || p < 1 || p > 100) {
				fprintf(stderr, _("vanban sign: --place: a signature place's number, 1 for the first, not '%s'\n"), argv[i]);
				return 2;
			}
			o->place = (int)p;
		} else if (strcmp(a, "--attachment") == 0)
			o->attachment = 1;
		else if (strcmp(a, "--registry") == 0 && has)
			o->registry = argv[++i];
		else if (strcmp(a, "-o") == 0 && has)
			o->out = argv[++i];
		else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, _("vanban sign: unknown or incomplete option '%s'\n"), a);
			fputs(usage, stderr);
			return 2;
		} else if (o->in == NULL)
			o->in = a;
		else {
			fprintf(stderr, _("vanban sign: one IN.pdf at a time, found '%s' too\n"), a);
			return 2;
		}
	}
	const char *why = NULL;
	if (o->in == NULL)
		why = _("vanban sign: which PDF? give IN.pdf\n");
	else if (o->out == NULL)
		why = _("vanban sign: where to? give -o OUT.pdf\n");
	else if ((o->p12 != NULL) == (o->pkcs11 != NULL))
		why = _("vanban sign: the key comes from one place: --p12 FILE or --pkcs11 URI\n");
	else if (o->pkcs11 && o->module == NULL)
		why = _("vanban sign: --pkcs11 needs --module LIB.so, the token's PKCS#11 library\n");
	else if ((o->image != NULL) + (o->seal != NULL) + o->attachment > 1)
		why = _("vanban sign: one signature at a time: --image (the signer), --seal (the agency) or --attachment\n");
	if (why) {
		fputs(why, stderr);
		fputs(usage, stderr);
		return 2;
	}
	return -1;
}

/* The PIN or password: VANBAN_PIN, else typed at the terminal without
 * echo. NULL when there is neither. */
static char *
read_pin(const char *prompt)
{
	const char *env = getenv("VANBAN_PIN");
	if (env)
		return xstrdup(env);
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct termios old, quiet;
	int tio = tcgetattr(fd, &old) == 0;
	if (tio) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* the prompt is a courtesy */
	}
	struct buf b = {0};
	char c;
	while (read(fd, &c, 1) == 1 && c != '\n' && c != '\r')
		buf_putc(&b, c);
	if (tio)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* as above */
	}
	close(fd);
	return b.s ? buf_take(&b) : xstrdup("");
}

/* ---- reading the record and the document ---- */

struct rect {
	double x0, y0, x1, y1;
};

static int
get_rect(const struct pv *a, struct rect *r)
{
	if (a == NULL || a->t != PV_ARRAY || a->n != 4)
		return -1;
	for (size_t i = 0; i < 4; i++)
		if (!pv_is_num(&a->v[i]))
			return -1;
	*r = (struct rect){pv_num(&a->v[0]), pv_num(&a->v[1]), pv_num(&a->v[2]), pv_num(&a->v[3])};
	if (r->x1 < r->x0 || r->y1 < r->y0)
		return -1;
	return 0;
}

/* The object number of page index (0-based), through the page tree. */
static int
find_page(const struct pdf *p, const struct pv *node_ref, long *index, int depth)
{
	if (node_ref == NULL || node_ref->t != PV_REF || depth > 32)
		return -1;
	struct pv node = {0};
	if (pdf_object(p, (int)node_ref->i, &node, NULL) != 0)
		return -1;
	const struct pv *type = pv_get(&node, "Type");
	int found = -1;
	if (type && type->t == PV_NAME && strcmp(type->s, "Page") == 0) {
		if (*index == 0)
			found = (int)node_ref->i;
		else
			(*index)--;
	} else {
		struct pv tmp = {0};
		const struct pv *kids = pdf_resolve(p, pv_get(&node, "Kids"), &tmp);
		for (size_t i = 0; kids && kids->t == PV_ARRAY && i < kids->n && found < 0 && *index >= 0; i++)
			found = find_page(p, &kids->v[i], index, depth + 1);
		pv_free(&tmp);
	}
	pv_free(&node);
	return found;
}

/* The widths of a CIDFont's /W, by CID; dw for the rest. */
static double
cid_width(const struct pv *w, double dw, unsigned cid, int *found)
{
	*found = 0;
	for (size_t i = 0; w && w->t == PV_ARRAY && i < w->n;) {
		if (!pv_is_num(&w->v[i]))
			break;
		long first = (long)pv_num(&w->v[i]);
		if (i + 1 < w->n && w->v[i + 1].t == PV_ARRAY) {
			const struct pv *ws = &w->v[i + 1];
			if (cid >= (unsigned long)first && cid < (unsigned long)first + ws->n) {
				*found = 1;
				return pv_num(&ws->v[cid - (unsigned long)first]);
			}
			i += 2;
		} else if (i + 2 < w->n) {
			long last = (long)pv_num(&w->v[i + 1]);
			if (cid >= (unsigned long)first && cid <= (unsigned long)last) {
				*found = 1;
				return pv_num(&w->v[i + 2]);
			}
			i += 3;
		} else {
			break;
		}
	}
	return dw;
}

/* ---- the incremental update ---- */

struct update {
	struct buf b;       /* the new bytes, after the original's */
	size_t base;        /* the original's length (and a newline) */
	int *nums;          /* objects written, in order */
	size_t *offs;
	size_t n, cap, capo;
	int next;           /* the next free object number */
};

static void
obj_begin(struct update *u, int num)
{
	GROW(u->nums, u->cap, u->n + 1);
	GROW(u->offs, u->capo, u->n + 1);
	u->nums[u->n] = num;
	u->offs[u->n] = u->base + u->b.len;
	u->n++;
	buf_printf(&u->b, "%d 0 obj\n", num);
}

static void
obj_value(struct update *u, int num, const struct pv *v)
{
	obj_begin(u, num);
	pv_write(&u->b, v);
	buf_puts(&u->b, "\nendobj\n");
}

/* A stream object: dict (taken) with its /Length, and the data. */
static void
obj_stream(struct update *u, int num, struct pv dict, const void *data, size_t n)
{
	pv_set(&dict, "Length", pv_int((long long)n));
	obj_begin(u, num);
	pv_write(&u->b, &dict);
	buf_puts(&u->b, "\nstream\n");
	buf_add(&u->b, data, n);
	buf_puts(&u->b, "\nendstream\nendobj\n");
	pv_free(&dict);
}

/* Samples compressed with zlib, for a /FlateDecode stream. */
static unsigned char *
deflate_all(const unsigned char *s, size_t n, size_t *zn)
{
	uLongf z = compressBound((uLong)n);
	unsigned char *out = xmalloc(z);
	if (compress2(out, &z, s, (uLong)n, Z_BEST_COMPRESSION) != Z_OK) {
		free(out);
		return NULL;
	}
	*zn = z;
	return out;
}

/* One image XObject num: samples of w × h in a colour space, deflated,
 * with its soft mask smask (0: none). */
static int
image_obj(struct update *u, int num, const struct image *im, const unsigned char *samples, size_t len,
    const char *space, int smask)
{
	size_t zn;
	unsigned char *z = deflate_all(samples, len, &zn);
	if (z == NULL)
		return -1;
	struct pv d = pv_dict();
	pv_set(&d, "Type", pv_name("XObject"));
	pv_set(&d, "Subtype", pv_name("Image"));
	pv_set(&d, "Width", pv_int(im->width));
	pv_set(&d, "Height", pv_int(im->height));
	pv_set(&d, "ColorSpace", pv_name(space));
	pv_set(&d, "BitsPerComponent", pv_int(im->bits));
	pv_set(&d, "Filter", pv_name("FlateDecode"));
	if (smask)
		pv_set(&d, "SMask", pv_ref(smask));
	obj_stream(u, num, d, z, zn);
	free(z);
	return num;
}

/* An image XObject of im, with its alpha as a soft mask; returns its
 * number. */
static int
put_image(struct update *u, const struct image *im)
{
	int smask = 0;
	if (im->alpha) {
		smask = u->next++;
		if (image_obj(u, smask, im, im->alpha, im->alpha_len, "DeviceGray", 0) < 0)
			return -1;
	}
	int num = u->next++;
	return image_obj(u, num, im, im->color, im->color_len, im->ncolor == 1 ? "DeviceGray" : "DeviceRGB", smask);
}

/* The appearance: a form XObject w × h pt drawing content with its
 * resources (taken). */
static int
put_form(struct update *u, double w, double h, struct pv resources, const char *content)
{
	int num = u->next++;
	struct pv d = pv_dict();
	pv_set(&d, "Type", pv_name("XObject"));
	pv_set(&d, "Subtype", pv_name("Form"));
	struct pv bbox = pv_array();
	pv_push(&bbox, pv_int(0));
	pv_push(&bbox, pv_int(0));
	pv_push(&bbox, pv_real(w));
	pv_push(&bbox, pv_real(h));
	pv_set(&d, "BBox", bbox);
	pv_set(&d, "Resources", resources);
	obj_stream(u, num, d, content, strlen(content));
	return num;
}

static struct pv
rect_pv(const struct rect *r)
{
	struct pv a = pv_array();
	pv_push(&a, pv_real(r->x0));
	pv_push(&a, pv_real(r->y0));
	pv_push(&a, pv_real(r->x1));
	pv_push(&a, pv_real(r->y1));
	return a;
}

/* Appends ref to the array that *holder's key names (made when absent),
 * rewriting the array's own object when it is one. */
static int
append_to(struct update *u, const struct pdf *p, struct pv *holder, const char *key, struct pv ref)
{
	const struct pv *cur = pv_get(holder, key);
	if (cur && cur->t == PV_REF) {
		struct pv arr = {0};
		if (pdf_object(p, (int)cur->i, &arr, NULL) != 0 || arr.t != PV_ARRAY) {
			pv_free(&arr);
			return -1;
		}
		pv_push(&arr, ref);
		obj_value(u, (int)cur->i, &arr);
		pv_free(&arr);
		return 0;
	}
	struct pv arr = cur && cur->t == PV_ARRAY ? pv_copy(cur) : pv_array();
	pv_push(&arr, ref);
	pv_set(holder, key, arr);
	return 0;
}

/* ---- writing the file ---- */

static int
write_file(const char *final, const char *a, size_t an, const char *b, size_t bn, char **why)
{
	char *dir = strrchr(final, '/') ? xstrndup(final, (size_t)(strrchr(final, '/') - final)) : xstrdup(".");
	const char *name = strrchr(final, '/') ? strrchr(final, '/') + 1 : final;
	char *tmp = xasprintf("%s/.%s.%ld.XXXXXX", dir, name, (long)getpid());
	free(dir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*why = xasprintf("%s: %s", final, strerror(errno));
		free(tmp);
		return -1;
	}
	struct stat st;
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, stat(final, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask);
	FILE *f = fdopen(fd, "wb");
	int ok = f && fwrite(a, 1, an, f) == an && fwrite(b, 1, bn, f) == bn && fflush(f) == 0 && fsync(fd) == 0;
	int e = errno;
	if (f ? fclose(f) != 0 : close(fd) != 0)
		ok = 0;
	if (ok && rename(tmp, final) != 0) {
		e = errno;
		ok = 0;
	}
	if (!ok) {
		*why = xasprintf("%s: %s", final, strerror(e ? e : EIO));
		unlink(tmp);
	}
	free(tmp);
	return ok ? 0 : -1;
}

/* ---- signing ---- */

struct job {
	const struct opts *o;
	struct pdf pdf;
	struct pv catalog, record;
	int catalog_num;
	enum role role;
	struct agency_signing agency;
	char *image_path, *cert_path; /* borrowed from o or agency */
	double seal_mm;
};

/* The rectangle of the field named name, when the PDF has one. */
static int
field_rect(const struct job *j, const char *name, struct rect *r)
{
	struct pv t1 = {0}, t2 = {0};
	const struct pv *form = pdf_resolve(&j->pdf, pv_get(&j->catalog, "AcroForm"), &t1);
	const struct pv *fields = form ? pdf_resolve(&j->pdf, pv_get(form, "Fields"), &t2) : NULL;
	int found = -1;
	for (size_t i = 0; fields && fields->t == PV_ARRAY && i < fields->n && found < 0; i++) {
		struct pv f = {0};
		const struct pv *fd = pdf_resolve(&j->pdf, &fields->v[i], &f);
		char *t = fd ? pv_utf8(pv_get(fd, "T")) : NULL;
		if (t && strcmp(t, name) == 0 && get_rect(pv_get(fd, "Rect"), r) == 0)
			found = 0;
		free(t);
		pv_free(&f);
	}
	pv_free(&t2);
	pv_free(&t1);
	return found;
}

/* A field name not yet in the document: base, or base-2, base-3... */
static char *
new_field_name(const struct job *j, const char *base)
{
	struct rect r;
	char *name = xstrdup(base);
	for (int k = 2; field_rect(j, name, &r) == 0 && k < 1000; k++) {
		free(name);
		name = xasprintf("%s-%d", base, k);
	}
	return name;
}

/* The words of the agency's line and the signing time. */
static char *
line_text(const char *words, const struct tm *vn)
{
	return xasprintf("%s; %02d/%02d/%04d; %02d:%02d:%02d +07:00", words, vn->tm_mday, vn->tm_mon + 1,
	    vn->tm_year + 1900, vn->tm_hour, vn->tm_min, vn->tm_sec);
}

/* The agency's line in the record's font: its appearance content and
 * width. Returns -1 with *why when the font cannot draw it. */
static int
line_appearance(const struct job *j, const char *text, double size, struct buf *content, double *width,
    double *ascent, double *descent, char **why)
{
	const struct pv *line = pv_get(&j->record, "Line");
	struct pv t1 = {0}, t2 = {0}, t3 = {0}, t4 = {0};
	const struct pv *font = pdf_resolve(&j->pdf, pv_get(line, "Font"), &t1);
	const struct pv *desc = font ? pdf_resolve(&j->pdf, pv_get(font, "DescendantFonts"), &t2) : NULL;
	const struct pv *cid = desc && desc->t == PV_ARRAY && desc->n > 0 ? pdf_resolve(&j->pdf, &desc->v[0], &t3) : NULL;
	const struct pv *w = cid ? pdf_resolve(&j->pdf, pv_get(cid, "W"), &t4) : NULL;
	int rc = -1;
	if (w == NULL) {
		*why = xstrdup(_("the record's font has no widths"));
		goto out;
	}
	double dw = pv_get(cid, "DW") ? pv_num(pv_get(cid, "DW")) : 1000;
	struct pv t5 = {0};
	const struct pv *fdesc = pdf_resolve(&j->pdf, pv_get(cid, "FontDescriptor"), &t5);
	*ascent = fdesc && pv_get(fdesc, "Ascent") ? pv_num(pv_get(fdesc, "Ascent")) * size / 1000 : size * 0.9;
	*descent = fdesc && pv_get(fdesc, "Descent") ? pv_num(pv_get(fdesc, "Descent")) * size / 1000 : -size * 0.25;
	pv_free(&t5);
	/* the codes are the UCS-2 values (libharu's UTF-8 encoder, Identity-H) */
	struct buf hex = {0};
	double total = 0;
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = utf8_decode(text + i, n - i, &cp);
		if (len == 0 || cp > 0xFFFF) {
			*why = xstrdup(_("the agency's line holds a character outside Unicode's first plane"));
			buf_free(&hex);
			goto out;
		}
		int found;
		double cw = cid_width(w, dw, cp, &found);
		if (!found) {
			char u[5] = {0};
			utf8_encode(cp, u);
			*why = xasprintf(_("the document's font lacks '%s', which the agency's line needs: build the PDF again "
			                   "with this version of vanban"), u);
			buf_free(&hex);
			goto out;
		}
		total += cw;
		buf_printf(&hex, "%04X", (unsigned)cp);
		i += (size_t)len;
	}
	*width = total * size / 1000;
	buf_printf(content, "BT\n/F0 %.3f Tf\n0 g\n0 %.3f Td\n<%s> Tj\nET\n", size, -*descent, hex.s ? hex.s : "");
	buf_free(&hex);
	rc = 0;
out:
	pv_free(&t4);
	pv_free(&t3);
	pv_free(&t2);
	pv_free(&t1);
	return rc;
}

static int
run(struct job *j, const char *in_bytes, size_t in_len)
{
	const struct opts *o = j->o;
	char *why = NULL;
	int status = 1;
	struct key *key = NULL;
	struct image im = {0};
	struct update u = {{0}};
	char *pin = NULL, *signer_name = NULL, *field = NULL;
	unsigned char *cms = NULL;
	struct pv page = {0};

	if (pdf_open(&j->pdf, in_bytes, in_len, &why) != 0) {
		fprintf(stderr, "%s: error: %s\n", o->in, why);
		free(why);
		return 1;
	}
	const struct pv *root = pv_get(&j->pdf.trailer, "Root");
	if (root == NULL || root->t != PV_REF || pdf_object(&j->pdf, (int)root->i, &j->catalog, NULL) != 0 ||
	    j->catalog.t != PV_DICT) {
		fprintf(stderr, _("%s: error: the PDF has no document catalog\n"), o->in);
		return 1;
	}
	j->catalog_num = (int)root->i;
	struct pv tmp = {0};
	const struct pv *rec = pdf_resolve(&j->pdf, pv_get(&j->catalog, "VanbanSign"), &tmp);
	if (rec == NULL || rec->t != PV_DICT) {
		pv_free(&tmp);
		fprintf(stderr, _("%s: error: no signing record (/VanbanSign): vanban sign signs a PDF that vanban build "
		                  "made, which records where the signatures go; build the document again with it\n"), o->in);
		return 1;
	}
	j->record = pv_copy(rec);
	pv_free(&tmp);

	/* what the registry gives for the issuing agency */
	if (o->registry) {
		char *id = pv_utf8(pv_get(&j->record, "Registry"));
		if (id == NULL) {
			fprintf(stderr, _("%s: error: --registry: the document's issuer was not taken from a registry (its ID is "
			                  "not in the signing record): give the images and the certificate on the command line\n"),
			    o->in);
			return 1;
		}
		int r = registry_agency(o->registry, id, &j->agency);
		free(id);
		if (r != 0)
			return 1;
	}
	j->cert_path = (char *)(o->cert ? o->cert : NULL);
	j->seal_mm = o->seal_mm > 0 ? o->seal_mm : j->agency.seal_mm;

	/* which signature: the line, the seal or the signer's image; with
	 * the registry alone, the agency's seal once the signer has signed */
	struct rect signer_rect;
	char *signer_field = xasprintf("vanban-signer-%d", o->place);
	int signed_before = field_rect(j, signer_field, &signer_rect) == 0;
	if (o->attachment) {
		j->role = ROLE_LINE;
	} else if (o->seal) {
		j->role = ROLE_SEAL;
		j->image_path = (char *)o->seal;
	} else if (o->image) {
		j->role = ROLE_SIGNER;
		j->image_path = (char *)o->image;
	} else if (signed_before && j->agency.seal_image) {
		j->role = ROLE_SEAL;
		j->image_path = j->agency.seal_image;
	} else if (j->agency.signature_image) {
		j->role = ROLE_SIGNER;
		j->image_path = j->agency.signature_image;
	} else {
		free(signer_field);
		fputs(_("vanban sign: what to sign with? --image SIGNATURE.png (the signer), --seal SEAL.png (the agency), "
		        "--attachment (the agency's line), or --registry DIR whose agency has the images\n"), stderr);
		return 2;
	}

	/* where: the place's room, on its page */
	const struct pv *places = pv_get(&j->record, "Places");
	struct rect room = {0};
	long page_index = 0;
	if (j->role != ROLE_LINE) {
		size_t np = places && places->t == PV_ARRAY ? places->n : 0;
		if ((size_t)o->place > np) {
			free(signer_field);
			if (np == 0)
				fprintf(stderr, _("%s: error: the document has no signature place (no signature block)\n"), o->in);
			else
				fprintf(stderr, _("%s: error: --place %d: the document has %zu signature places\n"), o->in, o->place, np);
			return 1;
		}
		const struct pv *pl = &places->v[o->place - 1];
		const struct pv *pg = pv_get(pl, "Page");
		if (pg == NULL || pg->t != PV_INT || get_rect(pv_get(pl, "Rect"), &room) != 0) {
			free(signer_field);
			fprintf(stderr, _("%s: error: the signing record is damaged\n"), o->in);
			return 1;
		}
		page_index = (long)pg->i;
		if (j->role == ROLE_SEAL && j->seal_mm == 0 && j->agency.seal_mm == 0)
			j->seal_mm = pv_num(pv_get(&j->record, "Seal")) / PT_PER_MM;
	}
	free(signer_field);
	long idx = page_index;
	int page_num = find_page(&j->pdf, pv_get(&j->catalog, "Pages"), &idx, 0);
	if (page_num < 0 || pdf_object(&j->pdf, page_num, &page, NULL) != 0 || page.t != PV_DICT) {
		fprintf(stderr, _("%s: error: the signing record names page %ld, which the PDF does not have\n"), o->in,
		    page_index + 1);
		goto out;
	}

	if (j->image_path && image_read_png(j->image_path, &im, &why) != 0) {
		fprintf(stderr, "vanban sign: error: %s\n", why);
		goto out;
	}

	/* the key */
	char *prompt = o->p12 ? xasprintf(_("Password for %s: "), o->p12) : xasprintf(_("PIN for %s: "), o->pkcs11);
	pin = read_pin(prompt);
	free(prompt);
	if (pin == NULL) {
		fputs(_("vanban sign: error: no PIN or password: set VANBAN_PIN, or run vanban sign at a terminal\n"), stderr);
		goto out;
	}
	key = o->p12 ? key_from_p12(o->p12, pin, &why) : key_from_pkcs11(o->pkcs11, o->module, pin, &why);
	if (key == NULL) {
		fprintf(stderr, "vanban sign: error: %s: %s\n", o->p12 ? o->p12 : o->pkcs11, why);
		goto out;
	}
	const char *certs = o->cert ? o->cert : j->agency.certificate;
	if (certs && (o->cert || key_check(key, &why) != 0)) {
		free(why);
		why = NULL;
		if (key_add_certs(key, certs, &why) != 0) {
			fprintf(stderr, "vanban sign: error: %s\n", why);
			goto out;
		}
	}
	if (key_check(key, &why) != 0) {
		fprintf(stderr, "vanban sign: error: %s\n", why);
		goto out;
	}
	signer_name = key_signer_name(key);

	/* the signing time, in Vietnam's time */
	time_t now = time(NULL);
	time_t vt = now + VN_OFFSET;
	struct tm vn;
	gmtime_r(&vt, &vn);

	u.base = in_len + (in_len && in_bytes[in_len - 1] != '\n');
	u.next = (int)j->pdf.noff;
	if (u.base > in_len)
		buf_putc(&u.b, '\n');

	/* the appearance */
	struct rect wr;
	int form;
	if (j->role == ROLE_LINE) {
		const struct pv *line = pv_get(&j->record, "Line");
		char *words = pv_utf8(pv_get(line, "Text"));
		double size = pv_num(pv_get(line, "Size")), right = pv_num(pv_get(line, "Right"));
		double base = pv_num(pv_get(line, "Baseline"));
		char *text = words && size > 0 ? line_text(words, &vn) : NULL;
		free(words);
		struct buf content = {0};
		double width = 0, asc = 0, desc = 0;
		if (text == NULL || line_appearance(j, text, size, &content, &width, &asc, &desc, &why) != 0) {
			fprintf(stderr, "%s: error: %s\n", o->in, why ? why : _("the signing record is damaged"));
			free(text);
			buf_free(&content);
			goto out;
		}
		free(text);
		wr = (struct rect){right - width, base + desc, right, base + asc};
		struct pv res = pv_dict(), fonts = pv_dict();
		pv_set(&fonts, "F0", pv_copy(pv_get(line, "Font")));
		pv_set(&res, "Font", fonts);
		form = put_form(&u, width, asc - desc, res, buf_cstr(&content));
		buf_free(&content);
	} else {
		double margin = pv_num(pv_get(&j->record, "ImageMargin"));
		double dw, dh;
		if (j->role == ROLE_SIGNER) {
			/* fitted, its aspect kept, to the room less the margin above
			 * and below and to the column, centred in the room */
			double aw = room.x1 - room.x0, ah = room.y1 - room.y0 - 2 * margin;
			double scale = fmin(aw / im.width, ah / im.height);
			dw = im.width * scale;
			dh = im.height * scale;
			double cx = (room.x0 + room.x1) / 2, cy = (room.y0 + room.y1) / 2;
			wr = (struct rect){cx - dw / 2, cy - dh / 2, cx + dw / 2, cy + dh / 2};
		} else {
			/* at its real size, over the left third of the signer's
			 * image (centred in the room when there is none yet) */
			dw = j->seal_mm * PT_PER_MM;
			dh = dw * im.height / im.width;
			double cy, x1;
			if (signed_before) {
				cy = (signer_rect.y0 + signer_rect.y1) / 2;
				x1 = signer_rect.x0 + (signer_rect.x1 - signer_rect.x0) / SEAL_OVER;
			} else {
				cy = (room.y0 + room.y1) / 2;
				x1 = (room.x0 + room.x1) / 2 + dw / 2;
			}
			wr = (struct rect){x1 - dw, cy - dh / 2, x1, cy + dh / 2};
		}
		int img = put_image(&u, &im);
		if (img < 0) {
			fputs(_("vanban sign: error: cannot compress the image\n"), stderr);
			goto out;
		}
		struct pv res = pv_dict(), xo = pv_dict();
		pv_set(&xo, "Im0", pv_ref(img));
		pv_set(&res, "XObject", xo);
		char *content = xasprintf("q\n%.4f 0 0 %.4f 0 0 cm\n/Im0 Do\nQ\n", dw, dh);
		form = put_form(&u, dw, dh, res, content);
		free(content);
	}

	/* the signature's value: its place kept for the bytes that follow */
	size_t room_bytes = key_cms_room(key);
	int sig = u.next++;
	obj_begin(&u, sig);
	buf_puts(&u.b, "<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ");
	size_t br_at = u.b.len;
	buf_puts(&u.b, BYTE_RANGE_PLACEHOLDER " /Contents ");
	size_t contents_at = u.b.len;
	buf_putc(&u.b, '<');
	for (size_t i = 0; i < 2 * room_bytes; i++)
		buf_putc(&u.b, '0');
	buf_putc(&u.b, '>');
	size_t contents_end = u.b.len;
	buf_printf(&u.b, " /M (D:%04d%02d%02d%02d%02d%02d+07'00')", vn.tm_year + 1900, vn.tm_mon + 1, vn.tm_mday,
	    vn.tm_hour, vn.tm_min, vn.tm_sec);
	if (signer_name) {
		struct pv nm = pv_text(signer_name);
		buf_puts(&u.b, " /Name ");
		pv_write(&u.b, &nm);
		pv_free(&nm);
	}
	buf_puts(&u.b, ">>\nendobj\n");

	/* the field and its widget, printed (Nghị định 30: the printed copy
	 * is made from the signed file) and locked */
	char *base_name = j->role == ROLE_SIGNER ? xasprintf("vanban-signer-%d", o->place)
	                  : j->role == ROLE_SEAL ? xasprintf("vanban-agency-%d", o->place)
	                                         : xstrdup("vanban-agency-line");
	field = new_field_name(j, base_name);
	free(base_name);
	int widget = u.next++;
	struct pv wd = pv_dict();
	pv_set(&wd, "Type", pv_name("Annot"));
	pv_set(&wd, "Subtype", pv_name("Widget"));
	pv_set(&wd, "FT", pv_name("Sig"));
	pv_set(&wd, "T", pv_text(field));
	pv_set(&wd, "V", pv_ref(sig));
	pv_set(&wd, "P", pv_ref(page_num));
	pv_set(&wd, "Rect", rect_pv(&wr));
	pv_set(&wd, "F", pv_int(4 | 128)); /* Print, Locked */
	struct pv ap = pv_dict();
	pv_set(&ap, "N", pv_ref(form));
	pv_set(&wd, "AP", ap);
	obj_value(&u, widget, &wd);
	pv_free(&wd);

	/* the page lists the widget; the catalog's form lists the field */
	if (append_to(&u, &j->pdf, &page, "Annots", pv_ref(widget)) != 0) {
		fprintf(stderr, _("%s: error: the page's annotations are damaged\n"), o->in);
		goto out;
	}
	obj_value(&u, page_num, &page);
	const struct pv *af = pv_get(&j->catalog, "AcroForm");
	struct pv form_dict = {0};
	int form_num = 0;
	if (af && af->t == PV_REF) {
		form_num = (int)af->i;
		if (pdf_object(&j->pdf, form_num, &form_dict, NULL) != 0 || form_dict.t != PV_DICT) {
			pv_free(&form_dict);
			fprintf(stderr, _("%s: error: the PDF's form is damaged\n"), o->in);
			goto out;
		}
	} else {
		form_dict = af && af->t == PV_DICT ? pv_copy(af) : pv_dict();
	}
	if (append_to(&u, &j->pdf, &form_dict, "Fields", pv_ref(widget)) != 0) {
		pv_free(&form_dict);
		fprintf(stderr, _("%s: error: the PDF's form is damaged\n"), o->in);
		goto out;
	}
	pv_set(&form_dict, "SigFlags", pv_int(3)); /* signatures exist; append only */
	if (form_num)
		obj_value(&u, form_num, &form_dict);
	else
		pv_set(&j->catalog, "AcroForm", pv_copy(&form_dict));
	pv_free(&form_dict);
	/* soft masks are PDF 1.4 */
	if (j->pdf.version < 4) {
		const struct pv *ver = pv_get(&j->catalog, "Version");
		if (ver == NULL || ver->t != PV_NAME || strcmp(ver->s, "1.4") < 0)
			pv_set(&j->catalog, "Version", pv_name("1.4"));
	}
	obj_value(&u, j->catalog_num, &j->catalog);

	/* the cross-reference of what changed, in runs of numbers */
	size_t xref_at = u.base + u.b.len;
	buf_puts(&u.b, "xref\n");
	for (int changed = 1; changed;) {
		changed = 0; /* sort by number: a handful of objects */
		for (size_t i = 1; i < u.n; i++)
			if (u.nums[i] < u.nums[i - 1]) {
				int tn = u.nums[i];
				u.nums[i] = u.nums[i - 1];
				u.nums[i - 1] = tn;
				size_t to = u.offs[i];
				u.offs[i] = u.offs[i - 1];
				u.offs[i - 1] = to;
				changed = 1;
			}
	}
	for (size_t i = 0; i < u.n;) {
		size_t k = i;
		while (k + 1 < u.n && u.nums[k + 1] == u.nums[k] + 1)
			k++;
		buf_printf(&u.b, "%d %zu\n", u.nums[i], k - i + 1);
		for (; i <= k; i++)
			buf_printf(&u.b, "%010zu 00000 n \n", u.offs[i]);
	}
	struct pv trailer = pv_copy(&j->pdf.trailer);
	pv_set(&trailer, "Size", pv_int(u.next > (int)j->pdf.noff ? u.next : (long long)j->pdf.noff));
	pv_set(&trailer, "Prev", pv_int((long long)j->pdf.startxref));
	buf_puts(&u.b, "trailer\n");
	pv_write(&u.b, &trailer);
	pv_free(&trailer);
	buf_printf(&u.b, "\nstartxref\n%zu\n%%%%EOF\n", xref_at);

	/* the byte range: everything but the signature's value */
	size_t total = u.base + u.b.len;
	size_t a = u.base + contents_at, b = u.base + contents_end;
	char br[sizeof BYTE_RANGE_PLACEHOLDER];
	int brn = snprintf(br, sizeof br, "/ByteRange [0 %zu %zu %zu]", a, b, total - b);
	if (brn < 0 || (size_t)brn >= sizeof br) {
		fputs(_("vanban sign: error: the file is too large to sign\n"), stderr);
		goto out;
	}
	memset(br + brn, ' ', sizeof br - 1 - (size_t)brn);
	memcpy(u.b.s + br_at, br, sizeof br - 1);
	/* what is signed: the original, and the update up to the value and after it */
	unsigned char *data = xmalloc(a + (total - b));
	memcpy(data, in_bytes, in_len);
	memcpy(data + in_len, u.b.s, a - in_len);
	memcpy(data + a, u.b.s + (b - in_len), total - b);
	size_t cms_len = 0;
	cms = key_sign(key, data, a + (total - b), &cms_len, &why);
	free(data);
	if (cms == NULL) {
		fprintf(stderr, "vanban sign: error: %s\n", why);
		goto out;
	}
	if (cms_len > room_bytes) {
		fprintf(stderr, _("vanban sign: error: the signature takes %zu bytes, more than the %zu kept for it\n"),
		    cms_len, room_bytes);
		goto out;
	}
	for (size_t i = 0; i < cms_len; i++) {
		static const char hexd[] = "0123456789ABCDEF";
		u.b.s[contents_at + 1 + 2 * i] = hexd[cms[i] >> 4];
		u.b.s[contents_at + 2 + 2 * i] = hexd[cms[i] & 15];
	}
	if (write_file(o->out, in_bytes, in_len, u.b.s, u.b.len, &why) != 0) {
		fprintf(stderr, "vanban sign: error: %s\n", why);
		status = 3;
		goto out;
	}
	status = 0;
out:
	free(why);
	free(pin);
	free(cms);
	free(signer_name);
	free(field);
	free(u.b.s);
	free(u.nums);
	free(u.offs);
	pv_free(&page);
	image_free(&im);
	key_free(key);
	return status;
}

int
main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	/* the catalogue where vanban found it (it runs this program) */
	const char *ld = getenv("VANBAN_LOCALEDIR");
	if (ld && *ld) {
		bindtextdomain("vanban", ld);
		bind_textdomain_codeset("vanban", "UTF-8");
	}
	textdomain("vanban");
	struct opts o = {0};
	int r = parse_args(argc, argv, &o);
	if (r >= 0)
		return r;
	size_t len = 0;
	char *bytes = read_file_len(o.in, &len);
	if (bytes == NULL)
		return fail(errno == ENOENT ? 1 : 3, "%s: %s", o.in, strerror(errno));
	struct job j = {&o};
	int status = run(&j, bytes, len);
	pdf_close(&j.pdf);
	pv_free(&j.catalog);
	pv_free(&j.record);
	agency_signing_free(&j.agency);
	free(bytes);
	return status;
}
