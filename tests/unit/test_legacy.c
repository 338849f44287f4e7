/* test_legacy.c: the legacy-encoding detector on text in TCVN3 and VNI, and
 * on Vietnamese in Unicode that must not be taken for either. */
#include <stdio.h>
#include <string.h>

#include "legacy.h"

static int passed, failed;

/* want: the encoding, the suspicious word as written and its conversion */
static void
expect(int line, const char *text, enum legacy_enc want, const char *word, const char *unicode)
{
	struct legacy_hit h;
	int found = legacy_detect(text, strlen(text), &h);
	int ok = found ? h.enc == want : want == LEGACY_NONE;
	if (ok && found)
		ok = h.len == strlen(word) && strncmp(text + h.off, word, h.len) == 0 &&
		    strcmp(h.unicode, unicode) == 0;
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL test_legacy.c:%d: '%s': found %s", line, text, found ? legacy_name(h.enc) : "nothing");
		if (found)
			printf(" at '%.*s' as '%s'", (int)h.len, text + h.off, h.unicode);
		putchar('\n');
	}
	if (found)
		legacy_hit_free(&h);
}

#define NONE(t) expect(__LINE__, t, LEGACY_NONE, NULL, NULL)

int
main(void)
{
	/* TCVN3 (ABC) */
	expect(__LINE__, "Th«ng b¸o", LEGACY_TCVN3, "Th«ng", "Thông");
	expect(__LINE__, "KÕ ho¹ch thùc hiÖn", LEGACY_TCVN3, "ho¹ch", "hoạch");
	expect(__LINE__, "Uû ban nh©n d©n tØnh", LEGACY_TCVN3, "Uû", "Uỷ");
	expect(__LINE__, "®Õn n¨m 2025", LEGACY_TCVN3, "®Õn", "đến");
	expect(__LINE__, "c¸c ®ång chÝ", LEGACY_TCVN3, "c¸c", "các");
	expect(__LINE__, "t×m hiÓu", LEGACY_TCVN3, "t×m", "tìm");
	/* VNI */
	expect(__LINE__, "Ñaûng Coäng saûn Vieät Nam", LEGACY_VNI, "Ñaûng", "Đảng");
	expect(__LINE__, "Thoâng baùo", LEGACY_VNI, "Thoâng", "Thông");
	expect(__LINE__, "nöôùc", LEGACY_VNI, "nöôùc", "nước");
	expect(__LINE__, "ñeán naêm", LEGACY_VNI, "ñeán", "đến");
	expect(__LINE__, "TÆNH UÛY", LEGACY_VNI, "UÛY", "ỦY");
	/* Unicode Vietnamese, quotes, units and European names */
	NONE("Thông báo về việc « Hội nghị » và «Đại hội»");
	NONE("«Hello» and «world»");
	NONE("Kế hoạch số 155-KH/TU của Ban Thường vụ Tỉnh ủy");
	NONE("hoà hoá hoãn hoè quá quà què xuân huê yên khoái");
	NONE("HOÀ BÌNH, QUÂN ĐỘI, KHOÁ HỌC, TUYÊN TRUYỀN, THUẬN HOÁ");
	NONE("ống 5µm và 3×4 m");
	NONE("Müller");
	NONE("Noël");
	NONE("Copyright © 2023, Windows® 10, § 3");
	NONE("đề án, quyết định, ủy ban nhân dân, người dân, nước, tiếng Việt");
	NONE("Ủy ban Th«ng"); /* one word in a modern paragraph is not enough */
	NONE("");
	NONE("plain ASCII text");
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
