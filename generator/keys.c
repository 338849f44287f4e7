/* keys.c: the keys of every mapping of the content format (keys.h). The
 * order of each table is the validator's: the nearest key to a misspelt
 * one is looked for in it, and required keys are reported in it. The
 * descriptions are data in Vietnamese, the clerk's language; they go into
 * the schema and the skeletons, not through gettext. */
#include <string.h>

#include "keys.h"

#define SET(id, tab, about) {id, tab, sizeof tab / sizeof *tab, about}

static const struct key document[] = {
    {"kind", VT_KIND, 1, "Loại văn bản: tên mẫu trong templates/kinds (ke-hoach, quyet-dinh, giay-moi …)"},
    {"family", VT_FAMILY, 0,
        "Thể thức: party (văn bản của Đảng, Hướng dẫn 36-HD/VPTW) hoặc state (văn bản hành chính, Nghị định "
        "30/2020/NĐ-CP); mặc định theo cơ quan ban hành, không có thì party"},
    {"issuer", VT_ISSUER, 1,
        "Cơ quan ban hành: mã của cơ quan trong registry/agencies.yaml, hoặc các khóa superior, name, code, place"},
    {"number", VT_NUMBER, 0, "Số văn bản; bỏ trống thì in chỗ trống để văn thư ghi tay"},
    {"symbol", VT_LINE, 0, "Ký hiệu văn bản, thay cho ký hiệu tự sinh (KH/TU với văn bản của Đảng, KH-UBND với văn bản hành chính)"},
    {"date", VT_DATE_OR_YEAR, 0,
        "Ngày ban hành, viết năm-tháng-ngày (2024-07-05), hoặc chỉ năm (2024); bỏ trống thì in chỗ trống ngày, tháng, năm"},
    {"place", VT_LINE, 0, "Địa danh ở dòng ngày tháng, thay cho địa danh của cơ quan ban hành"},
    {"issued_by", VT_LINE, 0,
        "Cơ quan quyết định văn bản: in dưới tên loại (CỦA BAN THƯỜNG VỤ TỈNH ỦY) và dùng khi câu văn nhắc đến"},
    {"subject", VT_TEXT, 0,
        "Trích yếu nội dung: văn bản của Đảng bắt đầu bằng chữ thường (về …), văn bản hành chính bằng chữ hoa"},
    {"draft", VT_DRAFT, 0, "Dự thảo: true in chữ “Dự thảo”; hoặc ghi chữ cần in (Dự thảo lần 2)"},
    {"urgency", VT_URGENCY, 0, "Độ khẩn: khan (KHẨN), thuong-khan (THƯỢNG KHẨN), hoa-toc (HỎA TỐC)"},
    {"secrecy", VT_SECRECY, 0, "Độ mật: mat (MẬT), toi-mat (TỐI MẬT), tuyet-mat (TUYỆT MẬT)"},
    {"circulation", VT_LINE, 0, "Phạm vi lưu hành, ví dụ XONG HỘI NGHỊ TRẢ LẠI"},
    {"addressees", VT_TEXTS, 0,
        "Kính gửi (công văn, tờ trình) hoặc nơi nhận điện (công điện); Nơi nhận khi đó bắt đầu bằng “Như trên”"},
    {"directives", VT_DIRECTIVES, 0, "Văn bản được dẫn: mỗi văn bản một mã, trong câu văn viết [@mã]"},
    {"preamble", VT_TEXT, 0, "Phần mở đầu, trước mục thứ nhất (sau căn cứ và dòng quyết định nếu có)"},
    {"sections", VT_SECTIONS, 0, "Các mục, đánh số I, II, … (tự động)"},
    {"numbered", VT_NUMBERED, 0, "Các đoạn đánh số 1., 2., … (tự động)"},
    {"closing", VT_TEXT, 0, "Đoạn kết, sau nội dung và trước chữ ký"},
    {"footnotes", VT_FOOTNOTES, 0, "Chú thích cuối trang: mỗi chú thích một mã, trong câu văn viết [^mã]"},
    {"signature", VT_SIGNATURE, 0, "Chữ ký: quyền hạn ký, chức vụ, họ và tên người ký"},
    {"recipients", VT_RECIPIENTS, 1, "Nơi nhận, không ghi dòng Lưu; dấu câu cuối mỗi dòng do vanban thêm"},
    {"archive", VT_LINE, 1, "Nơi lưu bản gốc, in ở dòng “- Lưu …”"},
    {"copy", VT_COPY, 0, "Bản sao (sao y, sao lục, trích sao) in sau văn bản"},
    {"authority", VT_LINE, 0,
        "Chủ thể quyết định, chữ in hoa: dòng riêng dưới tên loại (văn bản hành chính) hoặc đầu dòng quyết định (văn "
        "bản của Đảng); công điện: dòng “… điện:”"},
    {"bases", VT_BASES, 0, "Căn cứ ban hành, mỗi căn cứ một dòng, không ghi dấu câu cuối (vanban thêm)"},
    {"action", VT_LINE_OR_FALSE, 0,
        "Từ ngữ của dòng quyết định thay cho từ ngữ của mẫu (BAN HÀNH QUY CHẾ), hoặc false để bỏ dòng này"},
    {"body", VT_BLOCKS, 0, "Nội dung theo khối, in theo thứ tự viết (thay cho sections hoặc numbered)"},
    {"chapters", VT_CHAPTERS, 0, "Các chương, đánh số Chương I, II, … (tự động)"},
    {"articles", VT_ARTICLES, 0, "Các điều, đánh số Điều 1., Điều 2., … (tự động)"},
    {"type_name", VT_LINE, 0, "Tên loại in ra khi dài hơn tên của mẫu, ví dụ THÔNG BÁO KẾT LUẬN"},
    {"ends_with", VT_LINE_OR_FALSE, 0, "Dấu kết thúc nội dung thay cho dấu của mẫu (./.), hoặc false để không in"},
    {"annexes", VT_ANNEXES, 0, "Phụ lục và văn bản ban hành kèm theo, mỗi phần bắt đầu trang mới"},
    {"task_annex", VT_BOOL, 0, "true: thêm bảng phân công nhiệm vụ làm một phụ lục"},
    {"fields", VT_FIELDS, 0, "Các dòng cố định của loại văn bản (giấy mời, giấy giới thiệu, biên bản)"},
    {"signatures", VT_SIGNATURES, 0,
        "Hai chữ ký cạnh nhau, thay cho signature (biên bản: thư ký bên trái, chủ tọa bên phải)"},
};

static const struct key issuer[] = {
    {"superior", VT_LINE, 0, "Cơ quan cấp trên trực tiếp, in chữ hoa đứng (TỈNH ỦY KON TUM)"},
    {"name", VT_LINE, 1, "Tên cơ quan ban hành, in chữ hoa đậm (VĂN PHÒNG, TỈNH ỦY KON TUM)"},
    {"code", VT_LINE, 1, "Chữ viết tắt tên cơ quan trong ký hiệu văn bản (TU, VPTU, UBND)"},
    {"place", VT_LINE, 1, "Địa danh ở dòng ngày tháng (Kon Tum)"},
    {"family", VT_FAMILY, 0, "Thể thức văn bản của cơ quan: party hoặc state"},
    {"text", VT_LINE, 0, "Tên cơ quan viết trong câu văn (Ủy ban nhân dân tỉnh Lâm Đồng)"},
};

/* a registry's agency: the same keys, none required but where a document
 * takes it as its issuer */
static const struct key agency[] = {
    {"superior", VT_LINE, 0, "Cơ quan cấp trên trực tiếp, in chữ hoa đứng"},
    {"name", VT_LINE, 0, "Tên cơ quan, in chữ hoa đậm"},
    {"code", VT_LINE, 0, "Chữ viết tắt tên cơ quan trong ký hiệu văn bản"},
    {"place", VT_LINE, 0, "Địa danh ở dòng ngày tháng"},
    {"family", VT_FAMILY, 0, "Thể thức văn bản của cơ quan: party hoặc state"},
    {"text", VT_LINE, 0, "Tên cơ quan viết trong câu văn"},
    /* what vanban sign takes for the agency */
    {"signature_image", VT_LINE, 0, "Tệp hình chữ ký của người ký (PNG nền trong suốt), cho vanban sign"},
    {"seal_image", VT_LINE, 0, "Tệp hình con dấu của cơ quan (PNG nền trong suốt), cho vanban sign"},
    {"seal_mm", VT_WIDTH, 0, "Đường kính thật của con dấu, milimét (36)"},
    {"certificate", VT_LINE, 0, "Tệp chứng thư số công khai của cơ quan (PEM, không chứa khóa bí mật)"},
};

static const struct key directive[] = {
    {"type", VT_LINE, 1, "Tên loại văn bản được dẫn (Kết luận, Chỉ thị, Nghị định …)"},
    {"number", VT_LINE, 1, "Số và ký hiệu (44-KL/TW)"},
    {"date", VT_DATE, 0, "Ngày ban hành, năm-tháng-ngày"},
    {"by", VT_LINE, 0, "Cơ quan ban hành"},
    {"about", VT_TEXT, 0, "Trích yếu (có thể dẫn văn bản khác bằng [@mã])"},
};

static const struct key signature[] = {
    {"authority", VT_AUTHORITY, 0,
        "Quyền hạn ký: T/M, K/T, T/L, Q. (văn bản của Đảng); TM., KT., TL., TUQ., Q. (văn bản hành chính); nhiều "
        "dòng thì viết thành danh sách"},
    {"title", VT_LINE, 0, "Chức vụ người ký (PHÓ BÍ THƯ, CHỦ TỊCH)"},
    {"name", VT_LINE, 0, "Họ và tên người ký"},
    {"note", VT_LINE, 0, "Dòng thay chữ ký, ví dụ (Đã ký) trên bản sao"},
};

static const struct key recipient[] = {
    {"to", VT_NAME, 1, "Nơi nhận: tên, hoặc mã cơ quan trong registry/agencies.yaml"},
    {"note", VT_LINE, 0, "Ghi chú: b/c in thành (b/c), để báo cáo in thành (để báo cáo)"},
    {"copies", VT_COPIES, 0, "Số bản in cho nơi nhận này (mặc định 1)"},
};

static const struct key copy[] = {
    {"form", VT_COPY_FORM, 1, "Hình thức sao: sao-y (SAO Y), sao-luc (SAO LỤC), trich-sao (TRÍCH SAO)"},
    {"issuer", VT_ISSUER, 1, "Cơ quan sao"},
    {"number", VT_NUMBER, 0, "Số bản sao"},
    {"date", VT_DATE_OR_YEAR, 0, "Ngày sao, năm-tháng-ngày"},
    {"place", VT_LINE, 0, "Địa danh, thay cho địa danh của cơ quan sao"},
    {"symbol", VT_LINE, 0, "Ký hiệu bản sao, thay cho ký hiệu tự sinh"},
    {"signature", VT_SIGNATURE, 1, "Chữ ký của bản sao"},
    {"recipients", VT_RECIPIENTS, 1, "Nơi nhận bản sao"},
    {"archive", VT_LINE, 1, "Nơi lưu bản sao"},
};

static const struct key section[] = {
    {"title", VT_TEXT, 1, "Tên mục; tên kết thúc bằng dấu hai chấm thì chạy liền vào đoạn đầu"},
    {"text", VT_TEXT, 0, "Các đoạn văn của mục"},
    {"items", VT_ITEMS, 0, "Các ý gạch đầu dòng (-)"},
    {"numbered", VT_NUMBERED, 0, "Các đoạn đánh số"},
    {"shortcomings", VT_SHORTCOMINGS, 0, "Các khuyết điểm và giải pháp khắc phục"},
    {"sections", VT_SECTIONS, 0, "Các mục con (1., 2., …)"},
    {"assignment", VT_ASSIGNMENT, 0, "Phân công thực hiện, in nghiêng đậm cuối mục"},
    {"id", VT_ID, 0, "Mã nhiệm vụ của mục, giữ nguyên khi sửa văn bản (chỉ khi mục có assignment)"},
    {"blocks", VT_BLOCKS, 0, "Các khối in theo thứ tự viết, thay cho text, items, numbered …"},
};

static const struct key item[] = {
    {"text", VT_TEXT, 1, "Nội dung của ý"},
    {"items", VT_SUBITEMS, 0, "Các ý con (+)"},
};

static const struct key subitem[] = {
    {"text", VT_TEXT, 1, "Nội dung của ý con"},
};

static const struct key numbered[] = {
    {"text", VT_TEXT, 1, "Nội dung của đoạn"},
    {"items", VT_ITEMS, 0, "Các ý gạch đầu dòng của đoạn"},
    {"numbered", VT_NUMBERED, 0, "Các đoạn con (2.1., 2.2.)"},
    {"table", VT_TABLE, 0, "Bảng trong đoạn"},
};

static const struct key shortcoming[] = {
    {"finding", VT_TEXT, 1, "Khuyết điểm, như kết luận kiểm tra đã nêu"},
    {"remedy", VT_TEXT, 0, "Giải pháp khắc phục (một giải pháp)"},
    {"remedies", VT_REMEDIES, 0, "Các giải pháp khắc phục, mỗi giải pháp một dòng (thay cho remedy)"},
    {"assignment", VT_ASSIGNMENT, 0, "Phân công thực hiện"},
    {"id", VT_ID, 0, "Mã nhiệm vụ, giữ nguyên khi sửa văn bản"},
};

static const struct key task[] = {
    {"lead", VT_NAME, 1, "Đơn vị chủ trì: tên, hoặc mã cơ quan trong registry/agencies.yaml"},
    {"partners", VT_NAMES, 0, "Các đơn vị phối hợp"},
    {"due", VT_DUE, 1, "Thời hạn: năm-tháng-ngày, “thường xuyên”, hoặc “hằng năm trước DD-MM”"},
    {"text", VT_TEXT, 0, "Câu phân công in ra, thay cho câu vanban viết"},
};

static const struct key block[] = {
    {"text", VT_TEXT, 0, "Các đoạn văn"},
    {"items", VT_ITEMS, 0, "Các ý gạch đầu dòng"},
    {"numbered", VT_NUMBERED, 0, "Các đoạn đánh số"},
    {"section", VT_SECTION, 0, "Một mục"},
    {"shortcoming", VT_SHORTCOMING, 0, "Một khuyết điểm và giải pháp khắc phục"},
    {"table", VT_TABLE, 0, "Một bảng"},
    {"assignment", VT_ASSIGNMENT, 0, "Phân công thực hiện"},
};

static const struct key article[] = {
    {"title", VT_TEXT, 0, "Tên điều, in đậm cùng dòng với “Điều N.”"},
    {"text", VT_TEXT, 0, "Nội dung của điều"},
    {"clauses", VT_CLAUSES, 0, "Các khoản (1., 2., …)"},
    {"items", VT_ITEMS, 0, "Các ý gạch đầu dòng"},
    {"table", VT_TABLE, 0, "Bảng trong điều"},
    {"id", VT_ID, 0, "Mã để dẫn chiếu: [§mã] in “Điều N”"},
};

static const struct key clause[] = {
    {"title", VT_TEXT, 0, "Tên khoản"},
    {"text", VT_TEXT, 0, "Nội dung của khoản"},
    {"points", VT_POINTS, 0, "Các điểm a), b), c), …"},
    {"items", VT_ITEMS, 0, "Các ý gạch đầu dòng"},
    {"table", VT_TABLE, 0, "Bảng trong khoản"},
    {"id", VT_ID, 0, "Mã để dẫn chiếu: [§mã] in “khoản N Điều M”"},
};

static const struct key point[] = {
    {"text", VT_TEXT, 0, "Nội dung của điểm"},
    {"items", VT_ITEMS, 0, "Các ý gạch đầu dòng"},
    {"id", VT_ID, 0, "Mã để dẫn chiếu [§mã]"},
};

static const struct key chapter[] = {
    {"title", VT_TEXT, 1, "Tên chương, in chữ hoa đậm"},
    {"articles", VT_ARTICLES, 0, "Các điều của chương"},
    {"sections", VT_SECTIONS, 0, "Các mục của chương (thay cho articles)"},
};

static const struct key table[] = {
    {"title", VT_TEXT, 0, "Tên bảng, in đậm, giữa dòng"},
    {"unit", VT_LINE, 0, "Đơn vị tính, in nghiêng bên phải (Đơn vị tính: triệu đồng)"},
    {"columns", VT_COLUMNS, 1, "Các cột: tên cột, hoặc {title, width, align}, hoặc nhóm cột {title, columns}"},
    {"number", VT_BOOL, 0, "true: cột đầu là STT, vanban tự đánh số (các dòng bỏ ô này)"},
    {"rows", VT_ROWS, 1, "Các dòng: mỗi dòng một danh sách ô, hoặc {group: …} cho dòng nhóm"},
    {"total", VT_CELLS, 0, "Dòng tổng cộng, in đậm; ô sum cộng cả cột"},
};

static const struct key column[] = {
    {"title", VT_LINE, 1, "Tên cột"},
    {"width", VT_WIDTH, 0, "Độ rộng so với các cột khác (mặc định 1)"},
    {"align", VT_ALIGN, 0, "Căn lề: left (trái), center (giữa), right (phải)"},
};

static const struct key column_group[] = {
    {"title", VT_LINE, 1, "Tên nhóm cột, in trên các cột của nhóm"},
    {"width", VT_WIDTH, 0, "Độ rộng so với các cột khác"},
    {"align", VT_ALIGN, 0, "Căn lề: left, center, right"},
    {"columns", VT_PLAIN_COLUMNS, 1, "Các cột của nhóm"},
};

static const struct key group_row[] = {
    {"group", VT_TEXT, 1, "Tên nhóm: dòng in đậm, đánh số I, II, … ở cột STT"},
};

static const struct key annex[] = {
    {"title", VT_TEXT, 1, "Tên phụ lục, in chữ hoa đậm"},
    {"landscape", VT_BOOL, 0, "true: trang in nằm ngang (bảng rộng)"},
    {"id", VT_ID, 0, "Mã để dẫn chiếu: [#mã] in “Phụ lục I”"},
    {"ends_with", VT_LINE_OR_FALSE, 0, "Dấu kết thúc phụ lục, hoặc false để không in"},
    {"preamble", VT_TEXT, 0, "Phần mở đầu"},
    {"sections", VT_SECTIONS, 0, "Các mục"},
    {"numbered", VT_NUMBERED, 0, "Các đoạn đánh số"},
    {"articles", VT_ARTICLES, 0, "Các điều"},
    {"chapters", VT_CHAPTERS, 0, "Các chương"},
    {"body", VT_BLOCKS, 0, "Nội dung theo khối"},
    {"closing", VT_TEXT, 0, "Đoạn kết"},
};

static const struct key attached[] = {
    {"kind", VT_KIND, 1, "Loại văn bản ban hành kèm theo (quy-che, quy-dinh, ke-hoach …)"},
    {"subject", VT_TEXT, 1, "Trích yếu của văn bản kèm theo"},
    {"type_name", VT_LINE, 0, "Tên loại in ra khi dài hơn tên của mẫu"},
    {"landscape", VT_BOOL, 0, "true: trang in nằm ngang"},
    {"id", VT_ID, 0, "Mã để dẫn chiếu [#mã]"},
    {"ends_with", VT_LINE_OR_FALSE, 0, "Dấu kết thúc, hoặc false để không in"},
    {"preamble", VT_TEXT, 0, "Phần mở đầu"},
    {"sections", VT_SECTIONS, 0, "Các mục"},
    {"numbered", VT_NUMBERED, 0, "Các đoạn đánh số"},
    {"articles", VT_ARTICLES, 0, "Các điều (đánh số lại từ Điều 1.)"},
    {"chapters", VT_CHAPTERS, 0, "Các chương"},
    {"body", VT_BLOCKS, 0, "Nội dung theo khối"},
    {"closing", VT_TEXT, 0, "Đoạn kết"},
    {"bases", VT_BASES, 0, "Căn cứ"},
};

static const struct key time_range[] = {
    {"from", VT_TIME, 1, "Bắt đầu: năm-tháng-ngày giờ:phút (2024-07-05 08:00)"},
    {"to", VT_TIME, 1, "Kết thúc: năm-tháng-ngày giờ:phút"},
};

const struct keyset keys_document = SET("document", document, "Một văn bản");
const struct keyset keys_issuer = SET("issuer", issuer, "Cơ quan ban hành");
const struct keyset keys_agency = SET("agency", agency, "Một cơ quan trong registry/agencies.yaml");
const struct keyset keys_directive = SET("directive", directive, "Một văn bản được dẫn");
const struct keyset keys_signature = SET("signature", signature, "Chữ ký; cần ít nhất title hoặc authority");
const struct keyset keys_recipient = SET("recipient", recipient, "Một nơi nhận");
const struct keyset keys_copy = SET("copy", copy, "Bản sao");
const struct keyset keys_section = SET("section", section, "Một mục");
const struct keyset keys_item = SET("item", item, "Một ý có các ý con");
const struct keyset keys_subitem = SET("subitem", subitem, "Một ý con");
const struct keyset keys_numbered = SET("numbered-paragraph", numbered, "Một đoạn đánh số có phần riêng");
const struct keyset keys_shortcoming = SET("shortcoming", shortcoming,
    "Một khuyết điểm; có đúng một trong remedy và remedies");
const struct keyset keys_task = SET("task", task, "Phân công: đơn vị chủ trì, phối hợp, thời hạn");
const struct keyset keys_block = SET("block", block, "Một khối: đúng một khóa");
const struct keyset keys_article = SET("article", article, "Một điều");
const struct keyset keys_clause = SET("clause", clause, "Một khoản");
const struct keyset keys_point = SET("point", point, "Một điểm");
const struct keyset keys_chapter = SET("chapter", chapter, "Một chương; có articles hoặc sections");
const struct keyset keys_table = SET("table", table, "Một bảng");
const struct keyset keys_column = SET("column", column, "Một cột");
const struct keyset keys_column_group = SET("column-group", column_group, "Một nhóm cột");
const struct keyset keys_group_row = SET("group-row", group_row, "Một dòng nhóm");
const struct keyset keys_annex = SET("annex", annex, "Một phụ lục");
const struct keyset keys_attached = SET("attached", attached, "Một văn bản ban hành kèm theo");
const struct keyset keys_time_range = SET("time-range", time_range, "Thời gian nhiều ngày: từ … đến …");

const struct keyset *const keys_all[] = {&keys_document, &keys_issuer, &keys_agency, &keys_directive,
    &keys_signature, &keys_recipient, &keys_copy, &keys_section, &keys_item, &keys_subitem, &keys_numbered,
    &keys_shortcoming, &keys_task, &keys_block, &keys_article, &keys_clause, &keys_point, &keys_chapter,
    &keys_table, &keys_column, &keys_column_group, &keys_group_row, &keys_annex, &keys_attached,
    &keys_time_range};
const size_t keys_nall = sizeof keys_all / sizeof *keys_all;

const struct key *
keys_find(const struct keyset *ks, const char *name)
{
	for (size_t i = 0; i < ks->n; i++)
		if (strcmp(ks->keys[i].name, name) == 0)
			return &ks->keys[i];
	return NULL;
}

#define CHOICE(vals, shown) {vals, shown, sizeof vals / sizeof *vals}

static const char *const family_vals[] = {"party", "state"};
static const char *const family_shown[] = {"văn bản của Đảng", "văn bản hành chính"};
static const char *const urgency_vals[] = {"khan", "thuong-khan", "hoa-toc"};
static const char *const urgency_shown[] = {"KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"};
static const char *const secrecy_vals[] = {"mat", "toi-mat", "tuyet-mat"};
static const char *const secrecy_shown[] = {"MẬT", "TỐI MẬT", "TUYỆT MẬT"};
static const char *const copy_form_vals[] = {"sao-y", "sao-luc", "trich-sao"};
static const char *const copy_form_shown[] = {"SAO Y", "SAO LỤC", "TRÍCH SAO"};
static const char *const align_vals[] = {"left", "center", "right"};
static const char *const align_shown[] = {"trái", "giữa", "phải"};
static const char *const bool_vals[] = {"false", "true"};
static const char *const bool_shown[] = {"không", "có"};

const struct choice choice_family = CHOICE(family_vals, family_shown);
const struct choice choice_urgency = CHOICE(urgency_vals, urgency_shown);
const struct choice choice_secrecy = CHOICE(secrecy_vals, secrecy_shown);
const struct choice choice_copy_form = CHOICE(copy_form_vals, copy_form_shown);
const struct choice choice_align = CHOICE(align_vals, align_shown);
const struct choice choice_bool = CHOICE(bool_vals, bool_shown);
