/* registry.c: what an agency's entry in the registry (agencies.yaml) says
 * for signing: its signer's image, its seal and the seal's diameter, its
 * certificate. Read with vanban's own YAML loader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "load.h"
#include "sign.h"

/* A path the registry gives, taken relative to the registry's directory. */
static char *
registry_path(const char *dir, const struct node *n)
{
	if (n == NULL || n->type != NODE_SCALAR || n->len == 0)
		return NULL;
	return n->s[0] == '/' ? xstrdup(n->s) : xasprintf("%s/%s", dir, n->s);
}

int
registry_agency(const char *dir, const char *id, struct agency_signing *out)
{
	memset(out, 0, sizeof *out);
	char *path = xasprintf("%s/agencies.yaml", dir);
	struct diag *d = diag_new();
	struct source *src = load_file(path, d);
	int rc = -1;
	const struct node *e = NULL;
	if (src && src->root && !src->bad && src->root->type == NODE_MAP)
		e = node_get(src->root, id);
	if (src && src->root && e == NULL)
		fprintf(stderr, _("%s: error: no agency '%s' (the PDF's issuer) in the registry\n"), path, id);
	if (e && e->type == NODE_MAP) {
		out->signature_image = registry_path(dir, node_get(e, "signature_image"));
		out->seal_image = registry_path(dir, node_get(e, "seal_image"));
		out->certificate = registry_path(dir, node_get(e, "certificate"));
		const struct node *mm = node_get(e, "seal_mm");
		char *end = NULL;
		if (mm && mm->type == NODE_SCALAR)
			out->seal_mm = strtod(mm->s, &end);
		if (mm && (mm->type != NODE_SCALAR || *end != '\0' || out->seal_mm <= 0 || out->seal_mm > 100)) {
			diag(d, D_SEAL_MM, mm->pos, mm->type == NODE_SCALAR ? mm->s : "");
			out->seal_mm = 0;
		} else {
			rc = 0;
		}
	}
	diag_flush(d);
	diag_free(d);
	load_free(src);
	free(path);
	if (rc != 0)
		agency_signing_free(out);
	return rc;
}

void
agency_signing_free(struct agency_signing *a)
{
	free(a->signature_image);
	free(a->seal_image);
	free(a->certificate);
	memset(a, 0, sizeof *a);
}
