# tests/i18n.sh, sourced by tests/run.sh: the messages in Vietnamese. With
# LC_ALL=C.UTF-8 LANGUAGE=vi the bad corpus, --help and distribute speak
# Vietnamese (goldens), the catalogue po/vi.po translates every string
# marked in the sources, and no line those print is left in English (equal
# to a msgid of build/vanban.pot, or an English format of one filled in).
VI="env LC_ALL=C.UTF-8 LANGUAGE=vi"
I=$T/i18n
mkdir -p "$I/reg"

# ---- the catalogue: complete, nothing fuzzy, current with the sources ----
# (its own copy of build/vanban.pot: the two passes of make check run at once)
POTFILE=$I/vanban.pot
if make -s POT="$POTFILE" "$POTFILE" >"$I/pot.log" 2>&1 && [ -s "$POTFILE" ]; then ok; else
	no "make pot does not write the catalogue's template: $(head -n 3 "$I/pot.log")"
fi
msgfmt --check --statistics -o /dev/null po/vi.po >"$I/stats" 2>&1
if [ $? = 0 ] && ! grep -q -e untranslated -e fuzzy "$I/stats"; then ok; else
	no "po/vi.po is not complete: $(cat "$I/stats")"
fi
# a string marked since po/vi.po was merged shows up as untranslated here
msgmerge -q -o "$I/vi.po" po/vi.po "$POTFILE" 2>"$I/merge.err" &&
	msgfmt --statistics -o /dev/null "$I/vi.po" >"$I/stats" 2>&1
if ! grep -q -e untranslated -e fuzzy "$I/stats" && grep -q 'translated message' "$I/stats"; then ok; else
	no "po/vi.po lags the sources (make pot; msgmerge -U po/vi.po build/vanban.pot): $(cat "$I/stats" "$I/merge.err")"
fi

# ---- Vietnamese goldens ----
# --help, and the usage after a mistake of the command line
$VI $VB --help >"$I/help" 2>&1
same "--help in Vietnamese" tests/golden/help.vi "$I/help"
$VI $VB build --colour x.yaml >"$I/usage" 2>&1
st=$?
if [ "$st" = 2 ] && grep -q "^vanban: tùy chọn '--colour'" "$I/usage" && grep -q '^Cách dùng: vanban build' "$I/usage"; then ok; else
	no "a wrong option in Vietnamese: status $st, $(head -n 2 "$I/usage")"
fi
# the system's own words for an error, in Vietnamese letters too (glibc's
# libc.mo, libc-l10n; LC_CTYPE is set when the first error is said, and
# without it glibc would write them in ASCII)
$VI $VB build -o "$I/out" "$I/no-such-file.yaml" >"$I/enoent" 2>&1
if grep -q "no-such-file.yaml: Không có tập tin hoặc thư mục như vậy$" "$I/enoent"; then ok; else
	no "the system's message for a missing file is not in Vietnamese: $(cat "$I/enoent")"
fi
# the bad corpus: every file's diagnostics, in one golden
: >"$I/bad"
for src in tests/bad/*.yaml; do
	echo "==> $src <==" >>"$I/bad"
	$VI $VB check $FONTS "$src" >>"$I/bad" 2>&1
done
same "bad corpus in Vietnamese" tests/golden/bad.vi.err "$I/bad"
# an impossible date says why, in the words of a Vietnamese calendar
if grep -q "^tests/bad/bad-date.yaml:10:7: lỗi: 'date' là 2024-02-30, một ngày không có thật: tháng 2 năm 2024 chỉ có 29 ngày$" "$I/bad"; then ok; else
	no "bad-date in Vietnamese does not say 'tháng 2 năm 2024 chỉ có 29 ngày'"
fi
# distribute: the manifest, the register's line, the warning of an
# unnumbered document, a file that is no register
{
	$VI $VB distribute --register "$I/reg/register.csv" tests/tasks/copies.yaml 2>&1
	$VI $VB distribute --register "$I/reg/register.csv" tests/tasks/copies.yaml 2>&1
	sed '/^number:/d' tests/cases/minimal.yaml >"$I/nonumber.yaml"
	$VI $VB distribute --register "$I/reg/register.csv" "$I/nonumber.yaml" 2>&1
	printf 'a,b\r\n' >"$I/reg/other.csv"
	$VI $VB distribute --register "$I/reg/other.csv" tests/cases/minimal.yaml 2>&1
} | sed "s|$I/||g" >"$I/distribute"
same "distribute in Vietnamese" tests/golden/distribute.vi "$I/distribute"
# the register itself is data: the same bytes in every language
$VB distribute --register "$I/reg/en.csv" tests/tasks/copies.yaml >/dev/null 2>&1
if cmp -s "$I/reg/en.csv" "$I/reg/register.csv"; then ok; else
	no "the register written under LANGUAGE=vi differs from the English one"
fi
$VI $VB check --rules >"$I/rules" 2>&1
if grep -q '^QUY TẮC  ' "$I/rules" && grep -q '^subject-case           cảnh báo ' "$I/rules"; then ok; else
	no "check --rules in Vietnamese: $(head -n 2 "$I/rules")"
fi

# ---- nothing left in English ----
# A line is English when it equals a line of a msgid, or holds one that
# has words of its own, its conversions (%s, %d ...) taken as anything; the
# file:line:col: and severity before a diagnostic aside, and the quoted
# source line under it.
cat "$I/help" "$I/usage" "$I/bad" "$I/distribute" "$I/rules" >"$I/all"
cat >"$I/english.py" <<'EOF'
import re, sys

def unquote(s):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)

ids, cur, field = [], None, None
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.rstrip('\n')
    m = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
    if m:
        field = m.group(1)
        if field in ('msgid', 'msgid_plural'):
            ids.append(unquote(m.group(2)))
    elif line.startswith('"') and field in ('msgid', 'msgid_plural'):
        ids[-1] += unquote(line[1:-1])
ids = [i for i in ids if i]
lines = {l.strip() for i in ids for l in i.split('\n') if l.strip()}
conv = re.compile(r'%[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|z)?[sdifuxXc%]')
patterns = []
for i in ids:
    for l in i.split('\n'):
        parts = conv.split(l.strip())
        words = re.findall(r'[A-Za-z]{2,}', ''.join(parts))
        # English enough to be told apart: words, two of them in a row
        if len(''.join(words)) >= 8 and any(re.search(r'[A-Za-z]{2,} [A-Za-z]{2,}', p) for p in parts):
            patterns.append(re.compile('.*'.join(re.escape(p) for p in parts)))
head = re.compile(r'^(?:\S+?:(?:\d+:){0,2} )?(?:lỗi|cảnh báo|error|warning): ')
bad = 0
for n, line in enumerate(open(sys.argv[2], encoding='utf-8', errors='replace'), 1):
    line = line.rstrip('\n')
    if re.match(r'^ *\d* \| ', line) or line.startswith('==> '):
        continue
    text = head.sub('', line).strip()
    if not text:
        continue
    if text in lines or line.strip() in lines or any(p.search(text) for p in patterns):
        print(line)
        bad += 1
sys.exit(bad != 0)
EOF
if /usr/bin/python3 "$I/english.py" "$POTFILE" "$I/all" >"$I/english" 2>&1; then ok; else
	no "lines left in English under LANGUAGE=vi:"
	head -n 20 "$I/english"
fi
# the check sees English where there is some: in the English outputs
{ $VB --help; cat tests/bad/*.err; $VB distribute --register "$I/reg/en2.csv" tests/tasks/copies.yaml; } >"$I/en" 2>&1
/usr/bin/python3 "$I/english.py" "$POTFILE" "$I/en" >"$I/english" 2>&1
if [ $? = 1 ] && [ "$(grep -c . "$I/english")" -gt 100 ]; then ok; else
	no "the check for English finds only $(grep -c . "$I/english") lines in the English outputs"
	head -n 5 "$I/english"
fi

# ---- the locale an office sets once: LANG=vi_VN.UTF-8 (made by make deps) ----
if locale -a 2>/dev/null | grep -qix 'vi_VN.utf8'; then
	env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=vi_VN.UTF-8 $VB --help 2>&1 | head -n 1 >"$I/lang"
	if grep -q '^Cách dùng: ' "$I/lang"; then ok; else no "LANG=vi_VN.UTF-8 does not give Vietnamese: $(cat "$I/lang")"; fi
else
	no "no vi_VN.UTF-8 locale (make deps makes it: localedef -i vi_VN -f UTF-8 vi_VN.UTF-8)"
fi
