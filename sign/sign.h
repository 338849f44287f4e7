/* sign.h: what the parts of vanban-sign, the signing helper that
 * `vanban sign` runs, share: the images (png.c), the key and the CMS
 * signature (key.c, the only file that includes OpenSSL's headers), the
 * agency's entry in the registry (registry.c). Included by sign/ only. */
#ifndef VANBAN_SIGN_H
#define VANBAN_SIGN_H

#include <stddef.h>

#include "common.h"

/* An image's samples, rows top to bottom, as a PDF image wants them:
 * ncolor (1 gray, 3 RGB) samples of bits (8 or 16, big-endian) each, and
 * its alpha apart (NULL when every pixel is opaque). */
struct image {
	int width, height, bits, ncolor;
	unsigned char *color, *alpha; /* owned */
	size_t color_len, alpha_len;
};
int image_read_png(const char *path, struct image *im, char **why);
void image_free(struct image *im);

/* A private key with its certificate (and the chain that goes with it). */
struct key;
struct key *key_from_p12(const char *path, const char *pass, char **why);
/* uri: RFC 7512 (pkcs11:token=...;object=...), module: the PKCS#11
 * library (the token's, or SoftHSM2's); through libp11's engine. */
struct key *key_from_pkcs11(const char *uri, const char *module, const char *pin, char **why);
/* Certificates from a PEM file: the first is the signer's when the key
 * came without one; the others join the chain. */
int key_add_certs(struct key *k, const char *pem, char **why);
/* The key has a certificate, and it is the key's. */
int key_check(const struct key *k, char **why);
/* The most bytes the CMS signature may take. */
size_t key_cms_room(const struct key *k);
/* The certificate's subject's common name (owned), or NULL. */
char *key_signer_name(const struct key *k);
/* A detached CAdES signature (CMS, SHA-256) of the n bytes at data, in
 * DER (owned, *len bytes), or NULL with *why set. */
unsigned char *key_sign(struct key *k, const unsigned char *data, size_t n, size_t *len, char **why);
void key_free(struct key *k);

/* What the registry says of an agency (registry.c): paths made relative
 * to the registry's directory; NULL or 0 what it does not say. */
struct agency_signing {
	char *signature_image, *seal_image, *certificate; /* owned */
	double seal_mm;
};
/* Reads agency id's entry in DIR/agencies.yaml; returns 0, or -1 with
 * its problems reported on standard error. */
int registry_agency(const char *dir, const char *id, struct agency_signing *out);
void agency_signing_free(struct agency_signing *a);

#endif
