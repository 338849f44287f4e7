/* schema.c: vanban schema, the JSON Schema of the content format for the
 * editor (the YAML language server completes keys and flags unknown ones
 * while the clerk types). Written from the key tables of keys.c and the
 * kind templates, as the validator reads them: every mapping of keys.c a
 * definition with additionalProperties false, each kind an if/then (its
 * fields, what its body admits, its subject line). Declared draft 2020-12
 * but with the keywords draft 7 has too, which is what the YAML language
 * server implements: $defs reached by JSON pointer, no
 * unevaluatedProperties, no keyword beside a $ref (a $ref with a
 * description stands in an allOf). The descriptions are the Vietnamese of
 * keys.c. The schema sees the shape of a document; what needs the
 * registry, the text's markup or the regulations stays the validator's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "doc.h"
#include "keys.h"
#include "out_tasks.h"
#include "tmpl.h"

#define ID_PATTERN "^[a-z0-9-]+$"
#define DATE_PATTERN "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
#define TIME_PATTERN "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]$"
/* the forms of a deadline (validate_body.c, due()) */
#define DUE_PATTERN "^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])|thường xuyên|hằng năm trước [0-9]{1,2}-[0-9]{1,2})$"

/* A JSON string. */
static void
jstr(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c < 0x20)
			buf_printf(b, "\\u%04x", c);
		else
			buf_putc(b, (char)c);
	}
	buf_putc(b, '"');
}

/* The schema of a choice: each value with what it prints. */
static void
choice(struct buf *b, const struct choice *c)
{
	buf_puts(b, "\"anyOf\":[");
	for (size_t i = 0; i < c->n; i++) {
		buf_printf(b, "%s{\"const\":", i ? "," : "");
		jstr(b, c->vals[i]);
		buf_puts(b, ",\"description\":");
		jstr(b, c->shown[i]);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

/* A list of what def describes, at least one. */
static void
list_of(struct buf *b, const char *items)
{
	buf_printf(b, "\"type\":\"array\",\"minItems\":1,\"items\":%s", items);
}

/* The members of the schema of a value of type t (without the braces, so
 * that a description may go before them). */
static void
value(struct buf *b, enum value_type t)
{
	switch (t) {
	case VT_TEXT:
	case VT_LINE:
	case VT_NAME:
		buf_puts(b, "\"allOf\":[{\"$ref\":\"#/$defs/text\"}]");
		break;
	case VT_DATE:
		buf_puts(b, "\"allOf\":[{\"$ref\":\"#/$defs/date\"}]");
		break;
	case VT_DATE_OR_YEAR:
		buf_puts(b, "\"anyOf\":[{\"$ref\":\"#/$defs/date\"},{\"type\":\"integer\",\"minimum\":1900,\"maximum\":9999},"
		            "{\"type\":\"string\",\"pattern\":\"^[0-9]{4}$\"}]");
		break;
	case VT_NUMBER:
		buf_puts(b, "\"anyOf\":[{\"type\":\"integer\",\"minimum\":1,\"maximum\":99999},"
		            "{\"type\":\"string\",\"pattern\":\"^0*[1-9][0-9]{0,4}$\"}]");
		break;
	case VT_COPIES:
		buf_puts(b, "\"type\":\"integer\",\"minimum\":1,\"maximum\":1000");
		break;
	case VT_WIDTH:
		buf_puts(b, "\"type\":\"number\",\"exclusiveMinimum\":0,\"maximum\":100");
		break;
	case VT_BOOL:
		buf_puts(b, "\"type\":\"boolean\"");
		break;
	case VT_ID:
		buf_puts(b, "\"allOf\":[{\"$ref\":\"#/$defs/id\"}]");
		break;
	case VT_KIND:
		buf_puts(b, "\"allOf\":[{\"$ref\":\"#/$defs/kind\"}]");
		break;
	case VT_FAMILY:
		choice(b, &choice_family);
		break;
	case VT_URGENCY:
		choice(b, &choice_urgency);
		break;
	case VT_SECRECY:
		choice(b, &choice_secrecy);
		break;
	case VT_COPY_FORM:
		choice(b, &choice_copy_form);
		break;
	case VT_ALIGN:
		choice(b, &choice_align);
		break;
	case VT_DRAFT:
		buf_puts(b, "\"anyOf\":[{\"type\":\"boolean\"},{\"$ref\":\"#/$defs/text\"}]");
		break;
	case VT_LINE_OR_FALSE:
		buf_puts(b, "\"anyOf\":[{\"const\":false},{\"$ref\":\"#/$defs/text\"}]");
		break;
	case VT_AUTHORITY:
		buf_puts(b, "\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{");
		list_of(b, "{\"$ref\":\"#/$defs/text\"}");
		buf_puts(b, "}]");
		break;
	case VT_ISSUER:
		buf_puts(b, "\"anyOf\":[{\"$ref\":\"#/$defs/id\"},{\"$ref\":\"#/$defs/issuer\"}]");
		break;
	case VT_DIRECTIVES:
		buf_puts(b, "\"type\":\"object\",\"propertyNames\":{\"$ref\":\"#/$defs/id\"},"
		            "\"additionalProperties\":{\"$ref\":\"#/$defs/directive\"}");
		break;
	case VT_FOOTNOTES:
		buf_puts(b, "\"type\":\"object\",\"propertyNames\":{\"$ref\":\"#/$defs/id\"},"
		            "\"additionalProperties\":{\"$ref\":\"#/$defs/text\"}");
		break;
	case VT_SIGNATURE:
		buf_puts(b, "\"allOf\":[{\"$ref\":\"#/$defs/signature\"}]");
		break;
	case VT_SIGNATURES:
		buf_puts(b, "\"type\":\"array\",\"minItems\":2,\"maxItems\":2,\"items\":{\"$ref\":\"#/$defs/signature\"}");
		break;
	case VT_RECIPIENTS:
		list_of(b, "{\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{\"$ref\":\"#/$defs/recipient\"}]}");
		break;
	case VT_TEXTS:
	case VT_NAMES:
	case VT_BASES:
		list_of(b, "{\"$ref\":\"#/$defs/text\"}");
		break;
	case VT_COPY:
		buf_puts(b, "\"allOf\":[{\"$ref\":\"#/$defs/copy\"}]");
		break;
	case VT_SECTION:
		buf_puts(b, "\"allOf\":[{\"$ref\":\"#/$defs/section\"}]");
		break;
	case VT_SECTIONS:
		list_of(b, "{\"$ref\":\"#/$defs/section\"}");
		break;
	case VT_NUMBERED:
		list_of(b, "{\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{\"$ref\":\"#/$defs/numbered-paragraph\"}]}");
		break;
	case VT_ITEMS:
	case VT_REMEDIES:
		list_of(b, "{\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{\"$ref\":\"#/$defs/item\"}]}");
		break;
	case VT_SUBITEMS:
		list_of(b, "{\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{\"$ref\":\"#/$defs/subitem\"}]}");
		break;
	case VT_SHORTCOMING:
		buf_puts(b, "\"allOf\":[{\"$ref\":\"#/$defs/shortcoming\"}]");
		break;
	case VT_SHORTCOMINGS:
		list_of(b, "{\"$ref\":\"#/$defs/shortcoming\"}");
		break;
	case VT_ASSIGNMENT:
		buf_puts(b, "\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{\"$ref\":\"#/$defs/task\"}]");
		break;
	case VT_DUE:
		buf_puts(b, "\"type\":\"string\",\"pattern\":");
		jstr(b, DUE_PATTERN);
		break;
	case VT_BLOCKS:
		list_of(b, "{\"$ref\":\"#/$defs/block\"}");
		break;
	case VT_ARTICLES:
		list_of(b, "{\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{\"$ref\":\"#/$defs/article\"}]}");
		break;
	case VT_CLAUSES:
		list_of(b, "{\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{\"$ref\":\"#/$defs/clause\"}]}");
		break;
	case VT_POINTS:
		/* lettered a) to y): no more than the alphabet has */
		list_of(b, "{\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{\"$ref\":\"#/$defs/point\"}]}");
		buf_printf(b, ",\"maxItems\":%d", FMT_LETTERS);
		break;
	case VT_CHAPTERS:
		list_of(b, "{\"$ref\":\"#/$defs/chapter\"}");
		break;
	case VT_TABLE:
		buf_puts(b, "\"allOf\":[{\"$ref\":\"#/$defs/table\"}]");
		break;
	case VT_COLUMNS:
		list_of(b, "{\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{\"$ref\":\"#/$defs/column\"},"
		           "{\"$ref\":\"#/$defs/column-group\"}]}");
		break;
	case VT_PLAIN_COLUMNS:
		list_of(b, "{\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{\"$ref\":\"#/$defs/column\"}]}");
		break;
	case VT_ROWS:
		list_of(b, "{\"anyOf\":[{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/cell\"}},"
		           "{\"$ref\":\"#/$defs/group-row\"}]}");
		break;
	case VT_CELLS:
		buf_puts(b, "\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/cell\"}");
		break;
	case VT_ANNEXES:
		list_of(b, "{\"anyOf\":[{\"$ref\":\"#/$defs/annex\"},{\"$ref\":\"#/$defs/attached\"}]}");
		break;
	case VT_FIELDS:
		/* each kind's if/then names its fields */
		buf_puts(b, "\"type\":\"object\"");
		break;
	case VT_TIME:
		buf_puts(b, "\"anyOf\":[{\"$ref\":\"#/$defs/time\"},{\"$ref\":\"#/$defs/time-range\"}]");
		break;
	}
}

/* "properties":{...},"required":[...],"additionalProperties":false of a
 * table of keys. */
static void
members(struct buf *b, const struct keyset *ks)
{
	buf_puts(b, "\"type\":\"object\",\"properties\":{");
	for (size_t i = 0; i < ks->n; i++) {
		const struct key *k = &ks->keys[i];
		if (i)
			buf_putc(b, ',');
		jstr(b, k->name);
		buf_puts(b, ":{\"description\":");
		jstr(b, k->about);
		buf_putc(b, ',');
		/* a time-range's ends are plain times */
		if (k->type == VT_TIME && ks == &keys_time_range)
			buf_puts(b, "\"allOf\":[{\"$ref\":\"#/$defs/time\"}]");
		else
			value(b, k->type);
		buf_putc(b, '}');
	}
	buf_puts(b, "},\"required\":[");
	int first = 1;
	for (size_t i = 0; i < ks->n; i++)
		if (ks->keys[i].required) {
			buf_puts(b, first ? "" : ",");
			jstr(b, ks->keys[i].name);
			first = 0;
		}
	buf_puts(b, "],\"additionalProperties\":false");
}

/* The rules between keys that the validator checks in its code: one of
 * several keys (a signature's title or authority, a shortcoming's remedy
 * or remedies), exactly one key (a block), a key that needs another (a
 * section's id its assignment). */
static void
extra(struct buf *b, const struct keyset *ks)
{
	if (ks == &keys_signature)
		buf_puts(b, ",\"anyOf\":[{\"required\":[\"title\"]},{\"required\":[\"authority\"]}]");
	else if (ks == &keys_shortcoming)
		buf_puts(b, ",\"oneOf\":[{\"required\":[\"remedy\"]},{\"required\":[\"remedies\"]}]");
	else if (ks == &keys_block)
		buf_puts(b, ",\"minProperties\":1,\"maxProperties\":1");
	else if (ks == &keys_section) /* its id names the task of its assignment */
		buf_puts(b, ",\"if\":{\"required\":[\"id\"]},\"then\":{\"required\":[\"assignment\"]}");
}

/* What a kind's body may hold, by the document key that holds it. */
static const struct {
	const char *key;
	enum block_type type;
} body_parts[] = {{"sections", BLK_SECTION}, {"numbered", BLK_NUMBERED}, {"articles", BLK_ARTICLE},
    {"chapters", BLK_CHAPTER}, {"bases", BLK_BASES}};
/* The keys that hold a body: one of them at most. */
static const char *const body_keys[] = {"sections", "numbered", "articles", "chapters", "body"};
/* The keys of a block and the types they hold. */
static const struct {
	const char *key;
	enum block_type type;
} block_types[] = {{"text", BLK_TEXT}, {"items", BLK_ITEMS}, {"numbered", BLK_NUMBERED}, {"section", BLK_SECTION},
    {"shortcoming", BLK_SHORTCOMING}, {"table", BLK_TABLE}, {"assignment", BLK_ASSIGNMENT}};

/* The value of a fixed line, by its type in the template. */
static void
field_value(struct buf *b, enum field_type t)
{
	switch (t) {
	case FT_LIST:
		buf_puts(b, "\"anyOf\":[{\"$ref\":\"#/$defs/text\"},{");
		list_of(b, "{\"$ref\":\"#/$defs/text\"}");
		buf_puts(b, "}]");
		break;
	case FT_DATE:
		value(b, VT_DATE);
		break;
	case FT_TIME:
	case FT_TIME_PLAIN:
		value(b, VT_TIME);
		break;
	default:
		value(b, VT_TEXT);
		break;
	}
}

/* If the document is of kind k, then: its fields, its subject line, its
 * operative line, the parts its body admits. */
static void
kind_rule(struct buf *b, const struct kind *k)
{
	buf_puts(b, "{\"if\":{\"properties\":{\"kind\":{\"const\":");
	jstr(b, k->id);
	buf_puts(b, "}},\"required\":[\"kind\"]},\"then\":{\"properties\":{");
	/* the fields */
	buf_puts(b, "\"fields\":");
	if (k->nfields == 0) {
		buf_puts(b, "false");
	} else {
		buf_puts(b, "{\"type\":\"object\",\"properties\":{");
		int first = 1;
		for (size_t i = 0; i < k->nfields; i++) {
			const struct field_spec *fs = &k->fields[i];
			if (fs->key == NULL)
				continue;
			if (!first)
				buf_putc(b, ',');
			first = 0;
			jstr(b, fs->key);
			buf_puts(b, ":{\"description\":");
			/* the line as it prints, the value and the issuer in words */
			const char *wk[] = {"value", "issuer"};
			const char *wv[] = {"…", "(cơ quan ban hành)"};
			char *line = fmt_expand(fs->line, wk, wv, 2), *d = xasprintf("In ra: “%s”", line);
			jstr(b, d);
			free(d);
			free(line);
			buf_putc(b, ',');
			field_value(b, fs->type);
			buf_putc(b, '}');
		}
		buf_puts(b, "},\"required\":[");
		first = 1;
		for (size_t i = 0; i < k->nfields; i++)
			if (k->fields[i].key && k->fields[i].required) {
				buf_puts(b, first ? "" : ",");
				jstr(b, k->fields[i].key);
				first = 0;
			}
		buf_puts(b, "],\"additionalProperties\":false}");
	}
	if (k->no_subject)
		buf_puts(b, ",\"subject\":false");
	if (k->action == NULL)
		buf_puts(b, ",\"action\":false");
	for (size_t i = 0; i < sizeof body_parts / sizeof *body_parts; i++)
		if (!((k->admits >> body_parts[i].type) & 1u))
			buf_printf(b, ",\"%s\":false", body_parts[i].key);
	/* the blocks of body: those the kind admits */
	buf_puts(b, ",\"body\":{\"items\":{\"propertyNames\":{\"enum\":[");
	int first = 1;
	for (size_t i = 0; i < sizeof block_types / sizeof *block_types; i++)
		if ((k->admits >> block_types[i].type) & 1u) {
			buf_printf(b, "%s\"%s\"", first ? "" : ",", block_types[i].key);
			first = 0;
		}
	buf_puts(b, "]}}}}");
	/* what must be there */
	int need_fields = 0;
	for (size_t i = 0; i < k->nfields; i++)
		need_fields |= k->fields[i].key && k->fields[i].required;
	if (!k->no_subject || need_fields) {
		buf_puts(b, ",\"required\":[");
		if (!k->no_subject)
			buf_puts(b, "\"subject\"");
		if (need_fields)
			buf_puts(b, k->no_subject ? "\"fields\"" : ",\"fields\"");
		buf_putc(b, ']');
	}
	buf_puts(b, "}}");
}

/* Compact JSON, indented by two spaces a level (strings left as they are). */
static char *
pretty(const char *s)
{
	struct buf b = {0};
	int depth = 0, in_str = 0;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (in_str) {
			buf_putc(&b, c);
			if (c == '\\' && p[1])
				buf_putc(&b, *++p);
			else if (c == '"')
				in_str = 0;
			continue;
		}
		switch (c) {
		case '"':
			in_str = 1;
			buf_putc(&b, c);
			break;
		case '{':
		case '[':
			buf_putc(&b, c);
			if (p[1] == (c == '{' ? '}' : ']')) {
				buf_putc(&b, *++p);
				break;
			}
			depth++;
			buf_putc(&b, '\n');
			for (int i = 0; i < depth; i++)
				buf_puts(&b, "  ");
			break;
		case '}':
		case ']':
			depth--;
			buf_putc(&b, '\n');
			for (int i = 0; i < depth; i++)
				buf_puts(&b, "  ");
			buf_putc(&b, c);
			break;
		case ',':
			buf_puts(&b, ",\n");
			for (int i = 0; i < depth; i++)
				buf_puts(&b, "  ");
			break;
		case ':':
			buf_puts(&b, ": ");
			break;
		default:
			buf_putc(&b, c);
		}
	}
	buf_putc(&b, '\n');
	return buf_take(&b);
}

char *
schema_json(const char *tdir)
{
	/* the kinds, by their templates */
	size_t nk;
	int bad;
	struct kind **kinds = tmpl_kinds_all(tdir, &nk, &bad);
	if (bad || nk == 0) {
		tmpl_kinds_free(kinds, nk);
		return NULL;
	}

	struct buf b = {0};
	buf_puts(&b, "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"title\":");
	jstr(&b, "vanban: nội dung một văn bản");
	buf_puts(&b, ",\"description\":");
	jstr(&b, "Nguồn YAML của một văn bản hành chính hoặc văn bản của Đảng (vanban). Do “vanban schema” viết từ "
	         "các bảng khóa và các mẫu trong templates/kinds, như vanban đọc.");
	buf_putc(&b, ',');
	members(&b, &keys_document);
	/* a signature or two, not both; one key at most holds the body */
	buf_puts(&b, ",\"allOf\":[{\"anyOf\":[{\"required\":[\"signature\"]},{\"required\":[\"signatures\"]}]},"
	             "{\"not\":{\"required\":[\"signature\",\"signatures\"]}},{\"not\":{\"anyOf\":[");
	int first = 1;
	for (size_t i = 0; i < 5; i++)
		for (size_t j = i + 1; j < 5; j++) {
			buf_printf(&b, "%s{\"required\":[\"%s\",\"%s\"]}", first ? "" : ",", body_keys[i], body_keys[j]);
			first = 0;
		}
	buf_puts(&b, "]}}");
	for (size_t i = 0; i < nk; i++) {
		buf_putc(&b, ',');
		kind_rule(&b, kinds[i]);
	}
	buf_puts(&b, "],\"$defs\":{");

	/* the values */
	buf_puts(&b, "\"text\":{\"description\":");
	jstr(&b, "Một dòng hoặc một đoạn văn (CommonMark: **đậm**, *nghiêng*)");
	buf_puts(&b, ",\"type\":[\"string\",\"number\"],\"minLength\":1},");
	buf_puts(&b, "\"cell\":{\"description\":");
	jstr(&b, "Một ô: chữ, hoặc số (in theo cách viết số của tiếng Việt); sum trong dòng tổng cộng");
	buf_puts(&b, ",\"type\":[\"string\",\"number\"]},");
	buf_puts(&b, "\"id\":{\"description\":");
	jstr(&b, "Mã: chữ thường không dấu, chữ số và dấu gạch ngang");
	buf_puts(&b, ",\"type\":\"string\",\"pattern\":\"" ID_PATTERN "\"},");
	buf_puts(&b, "\"date\":{\"description\":");
	jstr(&b, "Ngày, viết năm-tháng-ngày (2024-07-05)");
	buf_puts(&b, ",\"type\":\"string\",\"pattern\":\"" DATE_PATTERN "\"},");
	buf_puts(&b, "\"time\":{\"description\":");
	jstr(&b, "Thời gian, viết năm-tháng-ngày giờ:phút (2024-07-05 08:00)");
	buf_puts(&b, ",\"type\":\"string\",\"pattern\":\"" TIME_PATTERN "\"},");
	buf_puts(&b, "\"kind\":{\"description\":");
	jstr(&b, "Loại văn bản: tên mẫu trong templates/kinds");
	buf_puts(&b, ",\"anyOf\":[");
	for (size_t i = 0; i < nk; i++) {
		char *vi = kinds[i]->text_name ? xstrdup(kinds[i]->text_name) : tasks_sentence_case(kinds[i]->name);
		buf_printf(&b, "%s{\"const\":", i ? "," : "");
		jstr(&b, kinds[i]->id);
		buf_puts(&b, ",\"description\":");
		jstr(&b, vi);
		buf_putc(&b, '}');
		free(vi);
	}
	buf_puts(&b, "]}");

	/* the mappings: every table of keys.c but the document's (the schema
	 * itself) and a registry's agency (not in a document) */
	for (size_t i = 0; i < keys_nall; i++) {
		const struct keyset *ks = keys_all[i];
		if (ks == &keys_document || ks == &keys_agency)
			continue;
		buf_putc(&b, ',');
		jstr(&b, ks->id);
		buf_puts(&b, ":{\"description\":");
		jstr(&b, ks->about);
		buf_putc(&b, ',');
		members(&b, ks);
		extra(&b, ks);
		buf_putc(&b, '}');
	}
	buf_puts(&b, "}}");
	tmpl_kinds_free(kinds, nk);
	char *out = pretty(buf_cstr(&b));
	buf_free(&b);
	return out;
}

int
cmd_schema(int argc, char **argv, const char *tdir)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--templates") == 0 && i + 1 < argc) {
			tdir = argv[++i];
		} else if (strcmp(argv[i], "--help") == 0) {
			fputs(_("usage: vanban schema [--templates DIR]\n"), stdout);
			return 0;
		} else {
			fprintf(stderr, _("vanban: unknown or incomplete option '%s'\n"), argv[i]);
			fputs(_("usage: vanban schema [--templates DIR]\n"), stderr);
			return 2;
		}
	}
	char *s = schema_json(tdir);
	if (s == NULL) {
		fprintf(stderr, _("vanban: no kind templates could be read in %s/kinds\n"), tdir);
		return 1;
	}
	fputs(s, stdout);
	free(s);
	return 0; /* standard output is checked at the end of the run (finish) */
}
