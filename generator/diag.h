/* diag.h: diagnostics. One X-macro list gives the codes, their levels and
 * their message formats, so the enum and the table cannot drift. Every
 * module that reports a problem includes this header. */
#ifndef VANBAN_DIAG_H
#define VANBAN_DIAG_H

#include "common.h"

enum diag_level { DL_WARNING, DL_ERROR, DL_SYSERR };

/* X(code, level, format). Formats are printf formats; the arguments are
 * documented by the format itself. */
#define DIAG_LIST(X)                                                                        \
	X(D_BAD_UTF8, DL_ERROR, "invalid UTF-8: byte 0x%02X does not start or continue a character") \
	X(D_CONTROL_CHAR, DL_ERROR, "control character U+%04X is not allowed (only newline and tab; a bidirectional control would reorder what readers show)") \
	/* TRANSLATORS: the parser's problem, then where ("(while parsing a block mapping at line 3, column 1)") and a hint, or nothing */ \
	X(D_YAML_SYNTAX, DL_ERROR, "YAML syntax: %s%s")                                       \
	/* TRANSLATORS: %s says why: "the file ends inside it" */ \
	X(D_UNCLOSED_QUOTE, DL_ERROR, "YAML syntax: the quotation mark opened here is never closed: %s") \
	/* TRANSLATORS: %s is what looks like a key: "sections:" */ \
	X(D_QUOTE_TAKES_KEY, DL_WARNING, "this quoted value runs on to line %d and takes in '%s': is its closing quotation mark missing?") \
	X(D_EMPTY_FILE, DL_ERROR, "empty file: expected a mapping of document keys (kind, issuer, subject, ...)") \
	X(D_MULTI_DOC, DL_ERROR, "a second YAML document in the same file: one file holds one document") \
	X(D_TOO_DEEP, DL_ERROR, "nesting deeper than %d levels")                              \
	X(D_ALIAS_LIMIT, DL_ERROR, "aliases expand to more than %d nodes")                     \
	X(D_ALIAS_BYTES, DL_ERROR, "aliases add more than %d MiB of text to the file: a long text used again and again") \
	X(D_TOO_LONG, DL_ERROR, "text field of %zu bytes is longer than the limit of %d bytes") \
	X(D_DUP_KEY, DL_ERROR, "duplicate key '%s' (first given at line %d, column %d)")       \
	/* TRANSLATORS: the key as typed; the part it is in ("the document", "a section"); a hint (", did you mean 'text'?") or nothing */ \
	X(D_UNKNOWN_KEY, DL_ERROR, "unknown key '%s' in %s%s")                                  \
	/* TRANSLATORS: the part that lacks the key ("the document", "a section"), then the key */ \
	X(D_MISSING_KEY, DL_ERROR, "%s lacks the required key '%s'")                          \
	/* TRANSLATORS: a key or a part ("recipients", "a row"); what it must be ("a list ..."); what was found ("a mapping", "nothing") */ \
	X(D_WRONG_TYPE, DL_ERROR, "'%s' must be %s, found %s")                                \
	/* TRANSLATORS: the key; the allowed values ("'khan', 'thuong-khan' or 'hoa-toc'"); the value found */ \
	X(D_BAD_ENUM, DL_ERROR, "'%s' must be one of %s, found '%s'")                          \
	/* TRANSLATORS: the key, then the value found */ \
	X(D_BAD_DATE, DL_ERROR, "'%s' must be a date YYYY-MM-DD or a year YYYY, found '%s'")   \
	/* TRANSLATORS: the key, the least and the greatest number, then the value found */ \
	X(D_BAD_NUMBER, DL_ERROR, "'%s' must be a whole number from %d to %d, found '%s'")     \
	X(D_BAD_ID, DL_ERROR, "'%s' is not a valid ID: use lower-case letters, digits and '-'") \
	/* TRANSLATORS: a key or a part ("subject", "a recipient") */ \
	X(D_EMPTY_TEXT, DL_ERROR, "'%s' is empty")                                            \
	X(D_RAW_HTML, DL_ERROR, "raw HTML is not allowed in text: '%s' (write the words, or **bold** and *italic*)") \
	/* TRANSLATORS: what was found ("a list (a line starting with ...)"), then a hint after a colon, or nothing */ \
	X(D_BLOCK_IN_TEXT, DL_ERROR, "a text field holds paragraphs only, found %s%s")        \
	/* TRANSLATORS: the ID, then the known IDs (" (known: kl44, ct35)") or why there are none */ \
	X(D_UNKNOWN_CITE, DL_ERROR, "citation [@%s] names no directive%s")                     \
	X(D_CITE_CYCLE, DL_ERROR, "directive '%s' cites itself through its 'about'")            \
	/* TRANSLATORS: the ID, then the known IDs (" (known: kh11)") or why there are none */ \
	X(D_UNKNOWN_FOOTNOTE, DL_ERROR, "footnote reference [^%s] names no footnote%s")        \
	X(D_UNUSED_FOOTNOTE, DL_WARNING, "footnote '%s' is never referenced")                  \
	X(D_UNUSED_DIRECTIVE, DL_WARNING, "directive '%s' is never cited")                     \
	/* TRANSLATORS: the part ("a document", "a chapter"), then its two keys ("'sections' and 'numbered'") */ \
	X(D_BODY_BOTH, DL_ERROR, "%s holds its parts under one key, found both %s") \
	X(D_REMEDY_BOTH, DL_ERROR, "a shortcoming has exactly one of 'remedy' and 'remedies', found both") \
	X(D_REMEDY_NONE, DL_ERROR, "a shortcoming has exactly one of 'remedy' and 'remedies', found neither") \
	X(D_SIG_EMPTY, DL_ERROR, "a signature needs 'title' or 'authority'")                   \
	/* TRANSLATORS: the signature line; its prefix ("KT."); the family's documents ("party documents", "state documents"); the allowed prefixes */ \
	X(D_SIG_PREFIX, DL_ERROR, "signature authority '%s' starts with '%s', which %s do not use: allowed are %s [rule signature-prefix]") \
	/* TRANSLATORS: the kind as typed; a hint (", did you mean 'ke-hoach'?") or nothing; the known kinds */ \
	X(D_NO_KIND, DL_ERROR, "no template for kind '%s'%s (known kinds: %s)")                  \
	/* TRANSLATORS: the family (party, state), then the template file */ \
	X(D_NO_FAMILY, DL_ERROR, "no template for family '%s' in %s")                          \
	/* TRANSLATORS: the key */ \
	X(D_EMPTY_LIST, DL_ERROR, "'%s' must list at least one entry")                        \
	/* TRANSLATORS: the symbol; the family's documents ("party documents"); the shape ("TYPE/ISSUER"); an example */ \
	X(D_SYMBOL_SHAPE, DL_ERROR, "symbol '%s' does not have the shape of %s: %s (for example %s) [rule symbol-shape]") \
	/* TRANSLATORS: the ID; the registry file; a hint or nothing */ \
	X(D_UNKNOWN_AGENCY, DL_ERROR, "no agency '%s' in the registry %s%s")                   \
	/* TRANSLATORS: the agency's ID, the key it lacks, then where the agency is (FILE:LINE:COL) */ \
	X(D_AGENCY_CANNOT_ISSUE, DL_ERROR, "agency '%s' lacks '%s' (at %s:%d:%d), which an issuer needs") \
	/* TRANSLATORS: the value found; the Vietnamese words are values to type, keep them */ \
	X(D_BAD_DUE, DL_ERROR, "'due' must be a date YYYY-MM-DD, 'thường xuyên' or 'hằng năm trước DD-MM', found '%s'") \
	/* TRANSLATORS: the rule's message, then the rule's ID (keep it) */ \
	X(D_LINT_ERROR, DL_ERROR, "%s [rule %s]")                                             \
	/* TRANSLATORS: the rule's message, then the rule's ID (keep it) */ \
	X(D_LINT_WARNING, DL_WARNING, "%s [rule %s]")                                         \
	/* TRANSLATORS: the font and its face ("LiberationSerif (regular)"), the code point, the character */ \
	X(D_MISSING_GLYPH, DL_ERROR, "the font %s has no glyph for U+%04X '%s'")               \
	/* TRANSLATORS: a message made elsewhere, translated there */ \
	X(D_NO_FONT, DL_ERROR, "%s")                                                          \
	/* TRANSLATORS: a message made elsewhere, translated there */ \
	X(D_FONT_PASSED_OVER, DL_WARNING, "%s")                                               \
	/* TRANSLATORS: why ("its spaces would be 2.8 times the normal space; ...") */ \
	X(D_OVERFULL, DL_WARNING, "a line of this paragraph could not be set within the spacing limits: %s") \
	/* TRANSLATORS: why ("it is saved as UTF-16") */ \
	X(D_NOT_UTF8, DL_ERROR, "the file is not UTF-8 text (%s): save it as UTF-8 (Unicode) in the editor") \
	X(D_FILE_TOO_BIG, DL_ERROR, "the file is larger than %d MiB, the most one document's source may be; it passes that size here") \
	X(D_TOO_MANY_NODES, DL_ERROR, "the file holds more than %d keys, values and lists, the most one document may hold") \
	/* TRANSLATORS: "mapping" or "list", twice */ \
	X(D_TOO_MANY_ITEMS, DL_ERROR, "this %s has more than %d entries, the most that one %s may hold") \
	X(D_VALUE_TOO_LONG, DL_ERROR, "this value is %zu bytes long; no value may be longer than %d bytes") \
	X(D_ALIAS_CYCLE, DL_ERROR, "the alias *%s stands inside the very node its anchor &%s names: a node cannot contain itself") \
	/* TRANSLATORS: the word as typed, the word it stands for, the old encoding ("TCVN3 (ABC)", "VNI") */ \
	X(D_LEGACY_ENCODING, DL_WARNING, "'%s' looks like '%s' typed in the old %s encoding: convert the text to Unicode (for example with Unikey's converter) and paste it again") \
	X(D_SECTION_ID, DL_ERROR, "'id' names the task of a section's assignment, and this section has no 'assignment'") \
	X(D_TOO_MANY_POINTS, DL_ERROR, "this is point %d of its clause: points are lettered a) to y) in the Vietnamese alphabet, %d at most; split the clause") \
	/* TRANSLATORS: the kind; a block's name ("article", "table": keep it); the kinds that admit it */ \
	X(D_NOT_ADMITTED, DL_ERROR, "kind '%s' does not admit '%s' in its body (kinds that do: %s)") \
	/* TRANSLATORS: the second key, or "none" */ \
	X(D_BLOCK_ONE_KEY, DL_ERROR, "a block has exactly one key (text, items, numbered, section, shortcoming, table or assignment), found %s") \
	/* TRANSLATORS: the punctuation mark */ \
	X(D_TYPED_MARK, DL_WARNING, "the '%s' typed at the end is left out: the family adds the list's punctuation") \
	X(D_NO_ACTION, DL_ERROR, "kind '%s' has no operative line, so 'action' has nothing to replace") \
	/* TRANSLATORS: the cells found, the cells wanted, then the columns ("4 columns, the first one counting the rows, not written") */ \
	X(D_ROW_CELLS, DL_ERROR, "this row has %zu cells where %zu are wanted (%s)")            \
	/* TRANSLATORS: the cell's words */ \
	X(D_SUM_NOT_NUMBER, DL_ERROR, "'sum' adds the numbers of its column, and '%s' in that column is not a number") \
	X(D_SUM_TOO_BIG, DL_ERROR, "the sum of column '%s' has more than 15 digits")               \
	X(D_TABLE_GROUP, DL_ERROR, "a group of columns holds plain columns, not another group")    \
	/* TRANSLATORS: the widths in points; the column's title; its longest word */ \
	X(D_TABLE_TOO_NARROW, DL_ERROR, "the longest words of the columns need %.0f pt, the text is %.0f pt wide: column '%s' cannot fit '%s'") \
	X(D_DUP_ID, DL_ERROR, "id '%s' is given twice (first at line %d, column %d)")            \
	/* TRANSLATORS: the reference ("[§dieu-2]"); what it may name ("annex", "article, clause or point"); the known IDs (" (known: ...)") or why there are none */ \
	X(D_UNKNOWN_REF, DL_ERROR, "reference %s names no %s%s")                                  \
	/* TRANSLATORS: the reference ("[§dieu-1]") */ \
	X(D_REF_IN_TASK, DL_ERROR, "a lead or partner is a name: a reference %s cannot stand in it") \
	/* TRANSLATORS: what needs the name ("the (Kèm theo ...) line of its annexes") */ \
	X(D_NO_ISSUER_TEXT, DL_ERROR, "the issuer has no 'text' (its name in running text) and the document no 'issued_by': %s needs one") \
	/* TRANSLATORS: the key, then the value found */ \
	X(D_BAD_TIME, DL_ERROR, "'%s' must be a time YYYY-MM-DD HH:MM (or {from: ..., to: ...}), found '%s'") \
	/* TRANSLATORS: two keys: the later one, the earlier one */ \
	X(D_TIME_ORDER, DL_ERROR, "'%s' is before '%s'")                                     \
	X(D_NO_FIELDS, DL_ERROR, "kind '%s' has no fixed lines for 'fields' to fill")        \
	X(D_SIG_BOTH, DL_ERROR, "a document has 'signature' or 'signatures', not both")       \
	X(D_SIG_COUNT, DL_ERROR, "'signatures' sets two signatures side by side, found %zu")   \
	X(D_NO_SUBJECT_LINE, DL_ERROR, "kind '%s' has no subject line: leave 'subject' out")   \
	/* TRANSLATORS: the annex's label ("Phụ lục I"), then a hint or nothing */ \
	X(D_ANNEX_UNREFERENCED, DL_WARNING, "the text never refers to %s%s")                     \
	X(D_TYPED_NUMBER, DL_ERROR, "'%s' at the start is numbering, which vanban derives from the structure: leave it out") \
	/* TRANSLATORS: the date line, its width, its column's width (points) */ \
	X(D_DATE_WRAP, DL_WARNING, "the date line '%s' is %.1f pt wide, its column %.1f pt: it wraps") \
	X(D_PIPE_TABLE, DL_ERROR, "a Markdown table ('|' columns over a '|---|' line) would print as one paragraph: write it as a 'table' block") \
	/* TRANSLATORS: the key it was taken for, then the value in quotes as it should be typed */ \
	X(D_COLON_IN_VALUE, DL_ERROR, "a ':' followed by a space or ending the line starts a key, so this was read as the key '%s': put the value in quotes (%s)") \
	X(D_ENTRY_RUNS_ON, DL_WARNING, "this line goes on with the list entry of line %d (a value may run over lines), not an entry of its own: put its '-' in the same column as the '-' of the entries above") \
	/* TRANSLATORS: the key; the value; why ("February 2024 has only 29 days") */ \
	X(D_NO_SUCH_DATE, DL_ERROR, "'%s' is %s, a day that does not exist: %s") \
	/* TRANSLATORS: the file, then the system's reason */ \
	X(D_SEAL_MM, DL_ERROR, "'seal_mm' must be the seal's diameter in millimetres, a number above 0 and at most 100, found '%s'") \
	X(D_PLACEHOLDER, DL_ERROR, "placeholder to fill: %s")                               \
	X(D_IO, DL_SYSERR, "%s: %s")

enum diag_code {
#define X(c, l, f) c,
	DIAG_LIST(X)
#undef X
	D__COUNT
};

struct diag; /* opaque: the diagnostics of one run */

struct diag *diag_new(void);
void diag_free(struct diag *d);
/* Records a diagnostic at p; the message is formatted now. */
void diag(struct diag *d, enum diag_code c, struct pos p, ...);
/* The number of diagnostics at level >= DL_ERROR since the start. */
size_t diag_errors(const struct diag *d);
/* Prints all recorded diagnostics, ordered by file, line and column (the
 * order of recording among equals), to stderr, and forgets them. */
void diag_flush(struct diag *d);
/* Exit status for what was seen: 0 none or warnings, 1 errors, 3 system. */
int diag_status(const struct diag *d);
/* The nearest of the candidate words to w, or NULL when none is close. */
const char *diag_suggest(const char *w, const char *const *cands, size_t n);

#endif
