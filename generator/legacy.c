/* legacy.c: telling Vietnamese typed in TCVN3 (ABC) or VNI and pasted as
 * Latin-1 look-alikes from Vietnamese in Unicode, by the characters and
 * pairs of characters that each encoding leaves behind. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "common.h"
#include "legacy.h"

/* TCVN3: the Vietnamese letters its fonts draw at Latin-1 positions
 * 0xA1-0xFE (the VN3 part of TCVN 5712:1993, as glibc's iconv maps it),
 * indexed by code point - 0xA0; 0 where VN3 has no letter. */
static const uint16_t tcvn3[0x60] = {
    [0x01] = 0x0102, [0x02] = 0x00C2, [0x03] = 0x00CA, [0x04] = 0x00D4, [0x05] = 0x01A0, [0x06] = 0x01AF,
    [0x07] = 0x0110, [0x08] = 0x0103, [0x09] = 0x00E2, [0x0A] = 0x00EA, [0x0B] = 0x00F4, [0x0C] = 0x01A1,
    [0x0D] = 0x01B0, [0x0E] = 0x0111, [0x15] = 0x00E0, [0x16] = 0x1EA3, [0x17] = 0x00E3, [0x18] = 0x00E1,
    [0x19] = 0x1EA1, [0x1B] = 0x1EB1, [0x1C] = 0x1EB3, [0x1D] = 0x1EB5, [0x1E] = 0x1EAF, [0x26] = 0x1EB7,
    [0x27] = 0x1EA7, [0x28] = 0x1EA9, [0x29] = 0x1EAB, [0x2A] = 0x1EA5, [0x2B] = 0x1EAD, [0x2C] = 0x00E8,
    [0x2E] = 0x1EBB, [0x2F] = 0x1EBD, [0x30] = 0x00E9, [0x31] = 0x1EB9, [0x32] = 0x1EC1, [0x33] = 0x1EC3,
    [0x34] = 0x1EC5, [0x35] = 0x1EBF, [0x36] = 0x1EC7, [0x37] = 0x00EC, [0x38] = 0x1EC9, [0x3C] = 0x0129,
    [0x3D] = 0x00ED, [0x3E] = 0x1ECB, [0x3F] = 0x00F2, [0x41] = 0x1ECF, [0x42] = 0x00F5, [0x43] = 0x00F3,
    [0x44] = 0x1ECD, [0x45] = 0x1ED3, [0x46] = 0x1ED5, [0x47] = 0x1ED7, [0x48] = 0x1ED1, [0x49] = 0x1ED9,
    [0x4A] = 0x1EDD, [0x4B] = 0x1EDF, [0x4C] = 0x1EE1, [0x4D] = 0x1EDB, [0x4E] = 0x1EE3, [0x4F] = 0x00F9,
    [0x51] = 0x1EE7, [0x52] = 0x0169, [0x53] = 0x00FA, [0x54] = 0x1EE5, [0x55] = 0x1EEB, [0x56] = 0x1EED,
    [0x57] = 0x1EEF, [0x58] = 0x1EE9, [0x59] = 0x1EF1, [0x5A] = 0x1EF3, [0x5B] = 0x1EF7, [0x5C] = 0x1EF9,
    [0x5D] = 0x00FD, [0x5E] = 0x1EF5,
};

static uint32_t
tcvn3_letter(uint32_t cp)
{
	return cp >= 0xA0 && cp <= 0xFF ? tcvn3[cp - 0xA0] : 0;
}

static int
ascii_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* Letters of Vietnamese in Unicode beyond Latin-1 (ă đ ĩ ũ ơ ư and the
 * Latin Extended Additional block): text holding them was not pasted from
 * an 8-bit encoding, which has no such characters. */
static int
viet_unicode(uint32_t cp)
{
	return (cp >= 0x0100 && cp <= 0x01B0) || (cp >= 0x1EA0 && cp <= 0x1EF9);
}

/* Characters that make up words: letters of any script, combining marks,
 * and the Latin-1 symbols that TCVN3 draws as letters (« is ô, ¸ is á). */
static int
word_char(uint32_t cp)
{
	if (cp < 0x80)
		return ascii_letter(cp);
	if (tcvn3_letter(cp))
		return 1;
	if (cp < 0xC0)
		return 0;
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
	    c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN;
}

/* Latin-1 letters that Vietnamese in Unicode never uses (æ ç ë î ï ñ ö ø
 * û ü ...) and TCVN3 draws as Vietnamese letters: weak evidence, since
 * European names have them too. */
static int
tcvn3_weak(uint32_t cp)
{
	switch (cp) {
	case 0xC6: case 0xC7: case 0xCB: case 0xCE: case 0xCF: case 0xD0: case 0xD1: case 0xD6: case 0xD8:
	case 0xDC: case 0xDE: case 0xDF: case 0xE4: case 0xE5: case 0xE6: case 0xE7: case 0xEB: case 0xEE:
	case 0xEF: case 0xF1: case 0xF6: case 0xF8: case 0xFB: case 0xFC: case 0xFE:
		return 1;
	default:
		return 0;
	}
}

struct word {
	const uint32_t *cp; /* the word's code points */
	size_t n;
};

/* TCVN3 evidence in one word: 2 strong, 1 weak, 0 none. Symbols that no
 * word of any language holds (« ¸ µ ® ...) are strong where TCVN3 puts
 * them: typographic quotes open and close words, the micro sign starts
 * one, and đ, ă, â never end a Vietnamese syllable. */
static int
tcvn3_score(struct word w)
{
	int ascii = 0, best = 0;
	for (size_t i = 0; i < w.n; i++)
		ascii |= ascii_letter(w.cp[i]);
	if (!ascii)
		return 0;
	for (size_t i = 0; i < w.n; i++) {
		uint32_t c = w.cp[i];
		int first = i == 0, last = i + 1 == w.n, s = 0;
		if (c >= 0xA1 && c <= 0xBE && tcvn3_letter(c)) {
			s = 2;
			if ((c == 0xAB && first) || (c == 0xBB && last))
				s = 0; /* « » as quotes */
			else if ((c == 0xB5 || c == 0xB9) && first)
				s = 0; /* µm, ¹ */
			else if ((c == 0xA7 || c == 0xAE || c == 0xA8 || c == 0xA9) && last)
				s = 0; /* §, ®, ¨, © after a word */
			else if (c == 0xAD)
				s = 1; /* a soft hyphen may be a soft hyphen */
		} else if ((c == 0xD7 || c == 0xF7) && !first) {
			s = 2; /* × ÷ inside a word: ì, ữ */
		} else if (tcvn3_weak(c)) {
			s = 1;
		}
		if (s > best)
			best = s;
	}
	return best;
}

/* VNI writes a toned vowel as the vowel and a second byte for its marks;
 * read as Latin-1 the second byte is one of these. Indexed by the
 * lower-case code point - 0xE0: the modifier (circumflex, breve) and the
 * tone, as combining characters. */
static const struct {
	uint16_t mod, tone;
	char strong;
} vni_mark[0x20] = {
    [0x18] = {0, 0x300, 1},      /* ø grave */
    [0x19] = {0, 0x301, 1},      /* ù acute */
    [0x1B] = {0, 0x309, 1},      /* û hook */
    [0x15] = {0, 0x303, 1},      /* õ tilde */
    [0x0F] = {0, 0x323, 0},      /* ï dot below */
    [0x02] = {0x302, 0, 1},      /* â circumflex */
    [0x00] = {0x302, 0x300, 0},  /* à */
    [0x01] = {0x302, 0x301, 0},  /* á */
    [0x05] = {0x302, 0x309, 1},  /* å */
    [0x03] = {0x302, 0x303, 0},  /* ã */
    [0x04] = {0x302, 0x323, 1},  /* ä */
    [0x0A] = {0x306, 0, 0},      /* ê breve */
    [0x08] = {0x306, 0x300, 0},  /* è */
    [0x09] = {0x306, 0x301, 0},  /* é */
    [0x1A] = {0x306, 0x309, 0},  /* ú */
    [0x1C] = {0x306, 0x303, 0},  /* ü */
    [0x0B] = {0x306, 0x323, 0},  /* ë */
};

static uint32_t
lower1(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
		return cp + 0x20;
	return cp;
}

/* The mark entry of cp, or -1. */
static int
vni_mark_of(uint32_t cp)
{
	cp = lower1(cp);
	if (cp < 0xE0 || cp > 0xFF)
		return -1;
	int i = (int)(cp - 0xE0);
	return vni_mark[i].mod || vni_mark[i].tone ? i : -1;
}

/* VNI's vowels that take a mark byte: a e o u y, and ô ö (its ơ ư). */
static int
vni_base(uint32_t cp)
{
	cp = lower1(cp);
	return cp == 'a' || cp == 'e' || cp == 'o' || cp == 'u' || cp == 'y' || cp == 0xF4 || cp == 0xF6;
}

/* Pairs that Vietnamese in Unicode writes too: hoà, hoá, hoãn, hoè (the
 * older tone placement), quá, quà, xuân, huê, què, yên. */
static int
unicode_pair(uint32_t base, uint32_t mark)
{
	base = lower1(base);
	mark = lower1(mark);
	switch (base) {
	case 'o':
		return mark == 0xE0 || mark == 0xE1 || mark == 0xE3 || mark == 0xE8 || mark == 0xE9;
	case 'u':
		return mark == 0xE2 || mark == 0xEA || mark == 0xE1 || mark == 0xE0 || mark == 0xE3 ||
		    mark == 0xE8 || mark == 0xE9;
	case 'y':
		return mark == 0xEA;
	case 0xF4: /* ô, ö take only tones */
	case 0xF6:
		return vni_mark[mark - 0xE0].mod != 0;
	default:
		return 0;
	}
}

static int
vni_score(struct word w)
{
	int best = 0;
	if (w.n >= 2 && lower1(w.cp[0]) == 0xF1 && (ascii_letter(w.cp[1]) || vni_base(w.cp[1])))
		best = 2; /* ñ, Ñ: đ, Đ start a syllable */
	for (size_t i = 0; i + 1 < w.n; i++) {
		int m = vni_mark_of(w.cp[i + 1]);
		if (m < 0 || !vni_base(w.cp[i]) || unicode_pair(w.cp[i], w.cp[i + 1]))
			continue;
		int s = vni_mark[m].strong ? 2 : 1;
		if (s > best)
			best = s;
	}
	return best;
}

static void
put(struct buf *b, uint32_t cp)
{
	char u[4];
	buf_add(b, u, (size_t)utf8_encode(cp, u));
}

static char *
nfc_take(struct buf *b)
{
	utf8proc_uint8_t *out = NULL;
	const char *s = buf_cstr(b);
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)b->len, &out,
	    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r < 0)
		return buf_take(b);
	buf_free(b);
	char *copy = xstrdup((const char *)out);
	free(out);
	return copy;
}

static char *
decode(enum legacy_enc e, struct word w)
{
	struct buf b = {0};
	for (size_t i = 0; i < w.n; i++) {
		uint32_t c = w.cp[i];
		if (e == LEGACY_TCVN3) {
			put(&b, tcvn3_letter(c) ? tcvn3_letter(c) : c);
			continue;
		}
		int up = c != lower1(c);
		uint32_t lc = lower1(c);
		int m = i + 1 < w.n ? vni_mark_of(w.cp[i + 1]) : -1;
		if (lc == 0xF4)
			c = up ? 0x01A0 : 0x01A1; /* ơ */
		else if (lc == 0xF6)
			c = up ? 0x01AF : 0x01B0; /* ư */
		else if (lc == 0xF1)
			c = up ? 0x0110 : 0x0111; /* đ */
		else if (lc == 0xE6)
			c = up ? 0x1EC8 : 0x1EC9; /* ỉ */
		else if (lc == 0xF3)
			c = up ? 0x0128 : 0x0129; /* ĩ */
		else if (lc == 0xF2)
			c = up ? 0x1ECA : 0x1ECB; /* ị */
		else if (lc == 0xEE)
			c = up ? 0x1EF4 : 0x1EF5; /* ỵ */
		put(&b, c);
		if (m >= 0 && vni_base(w.cp[i])) {
			if (vni_mark[m].mod && (lc == 0xF4 || lc == 0xF6))
				continue;
			if (vni_mark[m].mod)
				put(&b, vni_mark[m].mod);
			if (vni_mark[m].tone)
				put(&b, vni_mark[m].tone);
			i++;
		}
	}
	return nfc_take(&b);
}

const char *
legacy_name(enum legacy_enc e)
{
	switch (e) {
	case LEGACY_TCVN3:
		return "TCVN3 (ABC)";
	case LEGACY_VNI:
		return "VNI";
	default:
		return "Unicode";
	}
}

void
legacy_hit_free(struct legacy_hit *hit)
{
	free(hit->unicode);
	hit->unicode = NULL;
}

/* The code point of s[0..n) at *i, *i moved past it: U+FFFD for a byte
 * that is not UTF-8, which is one character of the text all the same. */
static uint32_t
decode_at(const char *s, size_t n, size_t *i)
{
	uint32_t cp;
	int k = utf8_decode(s + *i, n - *i, &cp);
	if (k == 0) {
		cp = 0xFFFD;
		k = 1;
	}
	*i += (size_t)k;
	return cp;
}

/* Whether s[0..n) holds a character that tcvn3_score or vni_score could
 * count: a TCVN3 symbol or weak letter, ñ, or a VNI mark after a vowel
 * that Unicode Vietnamese does not write that way. Vietnamese in Unicode
 * is full of Latin-1 letters (à é ô ...) but seldom of these, and the
 * words need not be scored then (4% of the reference plan's build was
 * scoring them). */
static int
legacy_suspect(const char *s, size_t n)
{
	uint32_t prev = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp = decode_at(s, n, &i);
		if (cp >= 0xA1 && cp <= 0xFF) {
			if ((cp <= 0xBE && tcvn3_letter(cp)) || cp == 0xD7 || cp == 0xF7 || tcvn3_weak(cp) ||
			    lower1(cp) == 0xF1)
				return 1;
			int m = vni_mark_of(cp);
			if (m >= 0 && vni_base(prev) && !unicode_pair(prev, cp))
				return 1;
		}
		prev = cp;
	}
	return 0;
}

int
legacy_detect(const char *s, size_t n, struct legacy_hit *hit)
{
	memset(hit, 0, sizeof *hit);
	/* a quick exit: 8-bit look-alikes live in U+00A1..U+00FF, which is
	 * two bytes C2 or C3 in UTF-8 */
	if (memchr(s, 0xC2, n) == NULL && memchr(s, 0xC3, n) == NULL)
		return 0;
	if (!legacy_suspect(s, n))
		return 0;
	uint32_t *cps = xmalloc((n + 1) * sizeof *cps);
	size_t *offs = xmalloc((n + 1) * sizeof *offs);
	size_t ncp = 0;
	int modern = 0;
	for (size_t i = 0; i < n;) {
		offs[ncp] = i;
		uint32_t cp = decode_at(s, n, &i);
		modern |= viet_unicode(cp);
		cps[ncp++] = cp;
	}
	offs[ncp] = n;
	int score[3] = {0};
	size_t first[3][2] = {{0}};
	int have[3] = {0};
	for (size_t i = 0; i < ncp;) {
		if (!word_char(cps[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < ncp && word_char(cps[j]))
			j++;
		/* a word right after a digit is a unit (5µm), not a word; [§ID]
		 * is a reference to an article, not Đ in TCVN3 */
		int unit = i > 0 && cps[i - 1] >= '0' && cps[i - 1] <= '9';
		int ref = i > 0 && cps[i - 1] == '[' && cps[i] == 0xA7;
		if (!unit && !ref) {
			struct word w = {cps + i, j - i};
			int sc[3] = {0, tcvn3_score(w), vni_score(w)};
			for (int e = 1; e < 3; e++)
				if (sc[e]) {
					score[e] += sc[e];
					if (!have[e]) {
						have[e] = 1;
						first[e][0] = i;
						first[e][1] = j;
					}
				}
		}
		i = j;
	}
	/* Unicode Vietnamese around the look-alikes asks for more evidence:
	 * a fragment pasted into a modern paragraph still shows twice */
	int need = modern ? 4 : 2;
	enum legacy_enc e = score[LEGACY_TCVN3] >= score[LEGACY_VNI] ? LEGACY_TCVN3 : LEGACY_VNI;
	int found = score[e] >= need;
	if (found) {
		struct word w = {cps + first[e][0], first[e][1] - first[e][0]};
		hit->enc = e;
		hit->off = offs[first[e][0]];
		hit->len = offs[first[e][1]] - hit->off;
		hit->unicode = decode(e, w);
	}
	free(cps);
	free(offs);
	return found;
}
