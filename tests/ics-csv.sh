# tests/ics-csv.sh, sourced by tests/run.sh: what the clerk's spreadsheet
# makes of vanban's task CSV and register.

# ---- CSV cells that a spreadsheet would take for formulas (issue 13) ----
# A cell that starts with = + - @ (or TAB, CR) is written after a quote ',
# which makes it text; so is one that starts with the quote itself.
mkdir -p "$T/inj"
$VB tasks tests/tasks/formulas.yaml >"$T/inj/tasks.csv" 2>"$T/inj/err"
st=$?
if [ "$st" = 0 ] && /usr/bin/python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
want = [(0, "finding", "=HYPERLINK("), (0, "remedy", "+1 "), (0, "lead", "@SUM("), (0, "partners", "=1+1"),
        (1, "remedy", "-1 "), (1, "assignment", "=2*3 ")]
for i, col, start in want:
    v = rows[i][col]
    assert v.startswith("\x27" + start), "row %d %s: %r" % (i + 1, col, v)
# nothing else is touched, and no cell starts with a formula sign unguarded
for r in rows:
    for col, v in r.items():
        assert v[:1] not in ("=", "+", "-", "@", "\t", "\r"), "%s: %r" % (col, v)
assert rows[0]["number"] == "1.1." and rows[0]["due_date"] == "2024-06-30"' "$T/inj/tasks.csv" 2>"$T/inj/py.err"; then ok; else
	no "tasks CSV: a cell that starts with = + - @ is not guarded by a quote (status $st): $(tail -n 1 "$T/inj/py.err") $(cat "$T/inj/err")"
fi
# the register: distributed three times, and another document three times
# beside it, its entry is the same text each time (the quote read back is
# taken off, then put on again, never doubled), and it reads back as the
# source says: a name that starts with a quote keeps it
R2=$T/inj/register.csv
$VB distribute --register "$R2" tests/tasks/formulas.yaml >/dev/null 2>&1
grep 'KH/TU' "$R2" >"$T/inj/entry.1"
for i in 1 2 3; do
	$VB distribute --register "$R2" tests/tasks/formulas.yaml >/dev/null 2>&1
	$VB distribute --register "$R2" tests/tasks/copies.yaml >/dev/null 2>&1
done
grep '^44,KH/TU' "$R2" >"$T/inj/entry.3"
if [ -s "$T/inj/entry.1" ] && cmp -s "$T/inj/entry.1" "$T/inj/entry.3" && [ "$(grep -c . "$R2")" = 3 ] &&
	/usr/bin/python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
e = [r for r in rows if r["number"] == "44"][0]
assert e["subject"] == "\x27-về khắc phục khuyết điểm sau kiểm tra", e["subject"]
assert e["signer"] == "\x27\x27Nguyễn Văn B", e["signer"]  # the name is \x27Nguyễn Văn B
assert e["recipients"] == "\x27=Các huyện ủy, thành ủy", e["recipients"]' "$R2" 2>"$T/inj/py.err"; then ok; else
	no "register: an entry with formula signs or a quote changes from run to run, or is not guarded: $(cat "$T/inj/entry.1" "$T/inj/entry.3") $(tail -n 1 "$T/inj/py.err")"
fi
# LibreOffice Calc opens both files: every guarded cell is text, no cell a
# formula (the sanitizer pass makes the same bytes: once is enough)
SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -n "${VB_SANITIZED:-}" ]; then
	:
elif [ -z "$SOFFICE" ]; then
	no "LibreOffice Calc is not installed (make check installs libreoffice-calc-nogui)"
else
	mkdir -p "$T/inj/xlsx"
	# comma, double quote, UTF-8, from the first line
	timeout 180 "$SOFFICE" "-env:UserInstallation=file://$T/lo-$$" --headless --infilter=CSV:44,34,76,1 \
		--convert-to xlsx --outdir "$T/inj/xlsx" "$T/inj/tasks.csv" "$R2" >"$T/inj/lo.out" 2>&1
	for f in tasks register; do
		if /usr/bin/python3 -c 'import csv, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
ws = openpyxl.load_workbook(sys.argv[2]).active
guarded = 0
for row in ws.iter_rows():
    for c in row:
        assert c.data_type != "f", "%s is a formula: %r" % (c.coordinate, c.value)
        v = rows[c.row - 1][c.column - 1] if c.row <= len(rows) and c.column <= len(rows[c.row - 1]) else ""
        if v.startswith("\x27"):
            assert c.data_type == "s" and c.value == v, "%s: %r, not the text %r" % (c.coordinate, c.value, v)
            guarded += 1
assert guarded >= 3, "%d guarded cells" % guarded' "$T/inj/$f.csv" "$T/inj/xlsx/$f.xlsx" 2>"$T/inj/py.err"; then ok; else
			no "LibreOffice reads a formula in the $f CSV: $(tail -n 1 "$T/inj/py.err") $(tail -n 2 "$T/inj/lo.out")"
		fi
	done
fi
