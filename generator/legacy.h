/* legacy.h: spotting Vietnamese typed in the legacy 8-bit encodings
 * (TCVN3/ABC, VNI Windows) and pasted as Latin-1 look-alikes, such as
 * "Th«ng b¸o" (TCVN3) or "Ñaûng" (VNI). Pure functions on UTF-8 text; the
 * loader calls it for every scalar value. Included by load_yaml.c and
 * tests. */
#ifndef VANBAN_LEGACY_H
#define VANBAN_LEGACY_H

#include <stddef.h>

enum legacy_enc { LEGACY_NONE, LEGACY_TCVN3, LEGACY_VNI };

struct legacy_hit {
	enum legacy_enc enc;
	size_t off, len; /* the first suspicious word, bytes into the text */
	char *unicode;   /* owned: that word converted to Unicode (NFC) */
};

/* Looks at the UTF-8 text s[0..n). Returns 1 and fills *hit when the text
 * reads as one of the legacy encodings (free it with legacy_hit_free),
 * else 0. Ordinary Vietnamese in Unicode and typographic quotes « » do not
 * count. Linear in n. */
int legacy_detect(const char *s, size_t n, struct legacy_hit *hit);
void legacy_hit_free(struct legacy_hit *hit);
/* "TCVN3 (ABC)" or "VNI". */
const char *legacy_name(enum legacy_enc e);

#endif
