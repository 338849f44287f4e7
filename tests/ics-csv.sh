# tests/ics-csv.sh, sourced by tests/run.sh: what the clerk's spreadsheet
# and calendar make of vanban's task CSV, register and iCalendar file.

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

# ---- iCalendar: stable UIDs, a SEQUENCE that counts the changes ----
mkdir -p "$T/cal"
C=$T/cal/plan.ics
events() { /usr/bin/python3 tests/ics_events.py "$1" 2>"$T/cal/py.err" || echo "PARSE-ERROR $(tail -n 1 "$T/cal/py.err")"; }
$VB tasks --ics "$C" tests/tasks/calendar.yaml >"$T/cal/tasks.csv" 2>"$T/cal/err"
st=$?
events "$C" >"$T/cal/1"
# a real parser reads it: one event for each dated row, its DTSTART the
# row's due_date, all SEQUENCE 0, the UIDs the ids where the source gives
# them, else a fingerprint, a repeat of the same words told apart by -2
if [ "$st" = 0 ] && [ ! -s "$T/cal/err" ] &&
	[ "$(cut -d'|' -f1 "$T/cal/1")" = "$(/usr/bin/python3 -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    if r["due_date"]:
        print(r["due_date"])' "$T/cal/tasks.csv")" ] &&
	[ "$(cut -d'|' -f4 "$T/cal/1" | sort -u)" = 0 ] &&
	[ "$(cut -d'|' -f3 "$T/cal/1" | sort -u | wc -l)" = 6 ] &&
	grep -q '^2024-06-30|.*|vanban-43-KH-TU-2024-ra-soat|0$' "$T/cal/1" &&
	grep -q '^2024-12-31|.*|vanban-43-KH-TU-2024-so-ket|0$' "$T/cal/1" &&
	u=$(grep '^2024-09-30|' "$T/cal/1" | cut -d'|' -f3) && grep -q "^2024-10-31|.*|$u-2|0\$" "$T/cal/1"; then ok; else
	no "calendar: not the events of the dated rows with their UIDs and SEQUENCE 0 (status $st): $(cat "$T/cal/err" "$T/cal/1")"
fi
# rebuilt from the same source over its own output: the same bytes
cp "$C" "$T/cal/plan.1"
$VB tasks --ics "$C" tests/tasks/calendar.yaml >/dev/null 2>&1
cmp -s "$T/cal/plan.1" "$C" && ok || no "calendar: rebuilt over itself, it changes"
# the words of the task with an id changed: the same UIDs, its SEQUENCE 1,
# every other one still 0; rebuilt again, nothing changes
sed 's/remedy: Rà soát, bổ sung quy chế phối hợp\./remedy: Rà soát, bổ sung và ban hành quy chế phối hợp./' \
	tests/tasks/calendar.yaml >"$T/cal/edited.yaml"
$VB tasks --ics "$C" "$T/cal/edited.yaml" >/dev/null 2>&1
events "$C" >"$T/cal/2"
cp "$C" "$T/cal/plan.2"
$VB tasks --ics "$C" "$T/cal/edited.yaml" >/dev/null 2>&1
if [ "$(cut -d'|' -f3 "$T/cal/1")" = "$(cut -d'|' -f3 "$T/cal/2")" ] &&
	[ "$(grep -c '|0$' "$T/cal/2")" = 5 ] && grep -q 'ban hành quy chế phối hợp\.|vanban-43-KH-TU-2024-ra-soat|1$' "$T/cal/2" &&
	cmp -s "$T/cal/plan.2" "$C"; then ok; else
	no "calendar: editing the task ra-soat does not bump its SEQUENCE alone, or a rebuild changes it: $(cat "$T/cal/2")"
fi
# a task inserted before the others: every other task keeps its UID (a
# task is known by its date and its remedy); the new one has SEQUENCE 0
awk '{ print } /^        shortcomings:$/ && !done { done = 1
	print "          - finding: Một khuyết điểm mới"
	print "            remedy: Xây dựng cơ sở dữ liệu dùng chung."
	print "            assignment:"
	print "              lead: Sở Thông tin và Truyền thông"
	print "              due: 2024-05-31" }' "$T/cal/edited.yaml" >"$T/cal/inserted.yaml"
$VB tasks --ics "$C" "$T/cal/inserted.yaml" >/dev/null 2>&1
events "$C" >"$T/cal/3"
cut -d'|' -f1-3 "$T/cal/2" | sort >"$T/cal/2.ids"
cut -d'|' -f1-3 "$T/cal/3" | grep -v '^2024-05-31|' | sort >"$T/cal/3.ids"
if [ "$(grep -c . "$T/cal/3")" = 7 ] && cmp -s "$T/cal/2.ids" "$T/cal/3.ids" &&
	grep -q '^2024-05-31|Xây dựng cơ sở dữ liệu dùng chung\.|vanban-43-KH-TU-2024-h\.[0-9a-f]\{16\}|0$' "$T/cal/3"; then ok; else
	no "calendar: inserting a task moves the UIDs of the others: $(diff "$T/cal/2.ids" "$T/cal/3.ids" | head -n 6)"
fi
# a file at the output path that is not a calendar: written all the same,
# every event new, with a warning that says where it stopped reading
printf 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSEQUENCE:7\r\n' >"$C"
$VB tasks --ics "$C" tests/tasks/calendar.yaml >/dev/null 2>"$T/cal/err"
st=$?
if [ "$st" = 0 ] && cmp -s "$T/cal/plan.1" "$C" &&
	grep -q "plan.ics:[0-9]*: warning: not a calendar vanban wrote (.*END.*): every event is taken as new" "$T/cal/err"; then ok; else
	no "calendar: a damaged previous file: status $st, or no warning, or not the new calendar: $(cat "$T/cal/err")"
fi
printf 'not a calendar\n' >"$C"
$VB tasks --ics "$C" tests/tasks/calendar.yaml >/dev/null 2>"$T/cal/err"
cmp -s "$T/cal/plan.1" "$C" && grep -q "plan.ics:1: warning: not a calendar vanban wrote (it does not start with BEGIN:VCALENDAR)" \
	"$T/cal/err" && ok || no "calendar: a previous file that is no calendar: $(cat "$T/cal/err")"
# no dated deadline (the reference plan's tasks are all thường xuyên): no
# calendar without an event; exit 1 with the reason, a calendar already
# there left as it was (make stops at the rule that expects the file)
$VB tasks --ics "$T/cal/none.ics" content/ke-hoach-155-kt.yaml >"$T/cal/out" 2>"$T/cal/err"
st=$?
cp "$T/cal/plan.1" "$T/cal/old.ics"
$VB tasks --ics "$T/cal/old.ics" content/ke-hoach-155-kt.yaml >/dev/null 2>"$T/cal/err2"
st2=$?
if [ "$st" = 1 ] && [ "$st2" = 1 ] && [ ! -e "$T/cal/none.ics" ] && cmp -s "$T/cal/plan.1" "$T/cal/old.ics" &&
	grep -q '^content/ke-hoach-155-kt.yaml: error: no task has a dated deadline .*at least one event (RFC 5545): .*none.ics not written$' "$T/cal/err" &&
	grep -q 'old.ics not written (the one there is left as it was)$' "$T/cal/err2" && [ ! -s "$T/cal/out" ]; then ok; else
	no "calendar of a plan without dated deadlines: status $st/$st2, or a file written: $(ls "$T/cal") $(cat "$T/cal/err" "$T/cal/err2")"
fi
