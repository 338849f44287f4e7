/* key.c: the signer's key and certificate, from a PKCS#12 file or a
 * PKCS#11 token (through libp11's engine, which OpenSSL 3 loads from its
 * engines directory), and the CAdES signature made with OpenSSL's CMS.
 * The only file of vanban that includes OpenSSL's headers. */
#define OPENSSL_SUPPRESS_DEPRECATED /* the ENGINE API, which libp11 0.4 serves */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include "sign.h"

struct key {
	EVP_PKEY *pkey;
	X509 *cert;            /* NULL until a certificate is known */
	STACK_OF(X509) *chain; /* the certificates that go with it */
	ENGINE *engine;        /* the PKCS#11 engine holding the key, or NULL */
	OSSL_PROVIDER *legacy; /* OpenSSL's legacy algorithms, when a PKCS#12 file needed them */
};

/* OpenSSL's last error in words, after what. */
static char *
ssl_error(const char *what)
{
	unsigned long e = ERR_peek_last_error();
	char buf[256] = "";
	if (e)
		ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	return *buf ? xasprintf("%s (%s)", what, buf) : xstrdup(what);
}

struct key *
key_from_p12(const char *path, const char *pass, char **why)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		*why = xasprintf(_("cannot open %s: %s"), path, strerror(errno));
		return NULL;
	}
	PKCS12 *p12 = d2i_PKCS12_fp(f, NULL);
	fclose(f);
	if (p12 == NULL) {
		*why = ssl_error(_("not a PKCS#12 file"));
		return NULL;
	}
	if (!PKCS12_verify_mac(p12, pass, -1)) {
		PKCS12_free(p12);
		ERR_clear_error();
		*why = xstrdup(_("wrong password for the PKCS#12 file"));
		return NULL;
	}
	struct key *k = xcalloc(1, sizeof *k);
	X509 *cert = NULL;
	STACK_OF(X509) *ca = NULL;
	int parsed = PKCS12_parse(p12, pass, &k->pkey, &cert, &ca);
	if (!parsed) {
		/* files made by older tools are protected with RC2 or RC4,
		 * which OpenSSL 3 keeps in its legacy provider */
		ERR_clear_error();
		k->legacy = OSSL_PROVIDER_try_load(NULL, "legacy", 1);
		parsed = k->legacy && PKCS12_parse(p12, pass, &k->pkey, &cert, &ca);
	}
	if (!parsed || k->pkey == NULL) {
		PKCS12_free(p12);
		*why = ssl_error(_("cannot read the key in the PKCS#12 file"));
		sk_X509_pop_free(ca, X509_free);
		X509_free(cert);
		key_free(k);
		return NULL;
	}
	PKCS12_free(p12);
	k->cert = cert;
	k->chain = ca ? ca : sk_X509_new_null();
	return k;
}

struct key *
key_from_pkcs11(const char *uri, const char *module, const char *pin, char **why)
{
	ENGINE *e = ENGINE_by_id("pkcs11");
	if (e == NULL) {
		*why = ssl_error(_("cannot load libp11's PKCS#11 engine (Debian package libengine-pkcs11-openssl)"));
		return NULL;
	}
	if (!ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module, 0) || !ENGINE_init(e)) {
		*why = ssl_error(_("cannot start the PKCS#11 module"));
		ENGINE_free(e);
		return NULL;
	}
	if (pin && !ENGINE_ctrl_cmd_string(e, "PIN", pin, 0)) {
		*why = ssl_error(_("the PKCS#11 engine refuses the PIN"));
		ENGINE_finish(e);
		ENGINE_free(e);
		return NULL;
	}
	struct key *k = xcalloc(1, sizeof *k);
	k->engine = e;
	k->chain = sk_X509_new_null();
	k->pkey = ENGINE_load_private_key(e, uri, NULL, NULL);
	if (k->pkey == NULL) {
		*why = ssl_error(_("no private key on the token for this URI, or a wrong PIN"));
		key_free(k);
		return NULL;
	}
	/* the certificate of the same object, when the token holds it */
	struct {
		const char *id;
		X509 *cert;
	} parms = {uri, NULL};
	if (ENGINE_ctrl_cmd(e, "LOAD_CERT_CTRL", 0, &parms, NULL, 0) && parms.cert)
		k->cert = parms.cert;
	ERR_clear_error();
	return k;
}

int
key_add_certs(struct key *k, const char *pem, char **why)
{
	BIO *b = BIO_new_file(pem, "r");
	if (b == NULL) {
		*why = xasprintf(_("cannot open %s"), pem);
		ERR_clear_error();
		return -1;
	}
	int n = 0;
	X509 *c;
	while ((c = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		if (k->cert == NULL)
			k->cert = c;
		else
			sk_X509_push(k->chain, c);
		n++;
	}
	ERR_clear_error();
	/* a private key in it is refused: the registry holds public parts only */
	BIO_reset(b);
	EVP_PKEY *stray = PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)"");
	ERR_clear_error();
	BIO_free(b);
	if (stray) {
		EVP_PKEY_free(stray);
		*why = xasprintf(_("%s holds a private key: a certificate file holds the public certificate only"), pem);
		return -1;
	}
	if (n == 0) {
		*why = xasprintf(_("%s holds no PEM certificate"), pem);
		return -1;
	}
	return 0;
}

int
key_check(const struct key *k, char **why)
{
	if (k->cert == NULL) {
		*why = xstrdup(_("no certificate for the key: give it with --cert FILE.pem"));
		return -1;
	}
	if (!X509_check_private_key(k->cert, k->pkey)) {
		ERR_clear_error();
		*why = xstrdup(_("the certificate is not the key's"));
		return -1;
	}
	return 0;
}

size_t
key_cms_room(const struct key *k)
{
	/* the certificates, the signature, the signer's issuer named twice
	 * (sid and signingCertificateV2) and room for the attributes */
	size_t n = (size_t)i2d_X509(k->cert, NULL) + (size_t)EVP_PKEY_get_size(k->pkey);
	for (int i = 0; i < sk_X509_num(k->chain); i++)
		n += (size_t)i2d_X509(sk_X509_value(k->chain, i), NULL);
	n += 2 * (size_t)i2d_X509_NAME(X509_get_issuer_name(k->cert), NULL);
	return n + 1024;
}

char *
key_signer_name(const struct key *k)
{
	X509_NAME *name = k->cert ? X509_get_subject_name(k->cert) : NULL;
	int i = name ? X509_NAME_get_index_by_NID(name, NID_commonName, -1) : -1;
	if (i < 0)
		return NULL;
	unsigned char *utf8 = NULL;
	int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
	if (n < 0)
		return NULL;
	char *s = xstrndup((const char *)utf8, (size_t)n);
	OPENSSL_free(utf8);
	return s;
}

unsigned char *
key_sign(struct key *k, const unsigned char *data, size_t n, size_t *len, char **why)
{
	unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_CADES | CMS_PARTIAL | CMS_NOSMIMECAP;
	BIO *in = BIO_new_mem_buf(data, (int)n);
	CMS_ContentInfo *cms = in ? CMS_sign(NULL, NULL, k->chain, NULL, flags) : NULL;
	unsigned char *der = NULL, *out = NULL;
	if (cms == NULL || CMS_add1_signer(cms, k->cert, k->pkey, EVP_sha256(), flags) == NULL ||
	    !CMS_final(cms, in, NULL, flags)) {
		*why = ssl_error(_("cannot make the CMS signature"));
		goto done;
	}
	int dl = i2d_CMS_ContentInfo(cms, &der);
	if (dl <= 0) {
		*why = ssl_error(_("cannot encode the CMS signature"));
		goto done;
	}
	out = xmalloc((size_t)dl);
	memcpy(out, der, (size_t)dl);
	*len = (size_t)dl;
done:
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return out;
}

void
key_free(struct key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	X509_free(k->cert);
	sk_X509_pop_free(k->chain, X509_free);
	if (k->engine) {
		ENGINE_finish(k->engine);
		ENGINE_free(k->engine);
	}
	if (k->legacy)
		OSSL_PROVIDER_unload(k->legacy);
	free(k);
}
