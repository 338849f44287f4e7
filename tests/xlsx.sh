# tests/xlsx.sh, sourced by tests/run.sh: vanban tasks --xlsx writes the
# task table as an Excel workbook (a sheet for each document), read back
# with openpyxl as a spreadsheet sees it; the same sources give the same
# bytes at any time in any time zone; build/vanban itself never loads
# libxlsxwriter (its helper vanban-xlsx does).

X=$T/xlsx
mkdir -p "$X/a" "$X/b" "$X/c" "$X/old"
# two long stems alike in their first 31 characters, a third the same as
# the second in another directory, one that differs from another only in
# case (as Excel tells sheets apart), one with characters Excel refuses
L1=ke-hoach-khac-phuc-khuyet-diem-sau-kiem-tra-dot-mot
L2=ke-hoach-khac-phuc-khuyet-diem-sau-kiem-tra-dot-hai
cp tests/tasks/calendar.yaml "$X/a/$L1.yaml"
cp tests/tasks/formulas.yaml "$X/a/$L2.yaml"
cp tests/tasks/tall-row.yaml "$X/b/$L2.yaml"
cp tests/tasks/copies.yaml "$X/c/MANY-TASKS.yaml"
cp tests/tasks/formulas.yaml "$X/c/bao[cao]:quy*1?.yaml"
XSRC="tests/tasks/many-tasks.yaml content/ke-hoach-155-kt.yaml $X/a/$L1.yaml $X/a/$L2.yaml $X/b/$L2.yaml"
XSRC="$XSRC $X/c/MANY-TASKS.yaml $X/c/bao[cao]:quy*1?.yaml content/ke-hoach-15-ubnd.yaml"
# what each sheet holds: its name, and the CSV of its document
XPAIRS="many-tasks=$X/1.csv ke-hoach-155-kt=$X/2.csv ke-hoach-khac-phuc-khuyet-diem-=$X/3.csv"
XPAIRS="$XPAIRS ke-hoach-khac-phuc-khuyet-die-2=$X/4.csv ke-hoach-khac-phuc-khuyet-die-3=$X/5.csv"
XPAIRS="$XPAIRS MANY-TASKS-2=$X/6.csv bao_cao__quy_1_=$X/7.csv ke-hoach-15-ubnd=$X/8.csv"
i=0
for f in $XSRC; do
	i=$((i + 1))
	$VB tasks $FONTS "$f" >"$X/$i.csv" 2>/dev/null || no "xlsx: vanban tasks $f failed"
done
# shellcheck disable=SC2086 # the lists split on spaces
TZ=UTC $VB tasks $FONTS --xlsx "$X/tasks.xlsx" $XSRC >"$X/out" 2>"$X/err"
st=$?
if [ "$st" = 0 ] && [ ! -s "$X/out" ] && [ ! -s "$X/err" ] && [ "$(ls -A "$X" | grep -c '^\.')" = 0 ]; then ok; else
	no "tasks --xlsx: status $st, or output beside the workbook, or a temporary file left: $(cat "$X/out" "$X/err")"
fi
# shellcheck disable=SC2086
if /usr/bin/python3 tests/xlsx_check.py "$X/tasks.xlsx" 2024-12-20 $XPAIRS >"$X/py.out" 2>&1; then ok; else
	no "tasks --xlsx: the workbook read back with openpyxl is not the task tables: $(head -n 8 "$X/py.out")"
fi
# the same sources, later, in another time zone: the same bytes (the
# workbook says it was made on its latest document's date, not now)
sleep 2
# shellcheck disable=SC2086
TZ=Asia/Ho_Chi_Minh $VB tasks $FONTS --xlsx "$X/again.xlsx" $XSRC >/dev/null 2>&1
cmp -s "$X/tasks.xlsx" "$X/again.xlsx" && ok ||
	no "tasks --xlsx: the same sources gave another workbook under TZ=Asia/Ho_Chi_Minh two seconds later"
# one document: the table still on standard output, as without --xlsx
$VB tasks $FONTS --xlsx "$X/one.xlsx" tests/tasks/many-tasks.yaml >"$X/one.csv" 2>"$X/one.err"
if [ $? = 0 ] && cmp -s "$X/one.csv" "$X/1.csv" &&
	/usr/bin/python3 tests/xlsx_check.py "$X/one.xlsx" 2024-03-15 "many-tasks=$X/1.csv" >"$X/py.out" 2>&1; then ok; else
	no "tasks --xlsx with one document: the CSV changed, or the workbook is wrong: $(head -n 5 "$X/py.out") $(cat "$X/one.err")"
fi

# a document with an error: no workbook, the one there kept, exit 1
cp "$X/tasks.xlsx" "$X/old/tasks.xlsx"
$VB tasks $FONTS --xlsx "$X/old/tasks.xlsx" tests/tasks/calendar.yaml tests/bad/bad-due.yaml >/dev/null 2>"$X/err"
st=$?
if [ "$st" = 1 ] && cmp -s "$X/old/tasks.xlsx" "$X/tasks.xlsx" && grep -q "tasks.xlsx not written" "$X/err" &&
	[ "$(ls -A "$X/old")" = tasks.xlsx ]; then ok; else
	no "tasks --xlsx with a bad document: status $st (not 1), or the workbook changed: $(cat "$X/err")"
fi
# the headers are the family template's: one for each column
mkdir -p "$X/tpl"
cp -r templates "$X/tpl/templates"
sed -i 's/Phân công thực hiện\]/]/' "$X/tpl/templates/party.yaml"
$VB tasks $FONTS --templates "$X/tpl/templates" --xlsx "$X/tpl/tasks.xlsx" tests/tasks/many-tasks.yaml >/dev/null 2>"$X/err"
st=$?
if [ "$st" = 1 ] && [ ! -e "$X/tpl/tasks.xlsx" ] && grep -q "task-workbook.columns has not one header" "$X/err"; then ok; else
	no "tasks --xlsx with 7 headers in the template for 8 columns: status $st, not 1 with a message: $(cat "$X/err")"
fi
# the calendar is one document's: not with several
$VB tasks --xlsx "$X/x.xlsx" --ics "$X/x.ics" tests/tasks/calendar.yaml tests/tasks/formulas.yaml >/dev/null 2>&1
[ $? = 2 ] && [ ! -e "$X/x.xlsx" ] && ok || no "tasks --xlsx --ics with two documents: not a usage error"

# build/vanban does not load libxlsxwriter; the helper does
if ldd "$VB" >"$X/ldd" 2>&1 && grep -q libc "$X/ldd" && ! grep -q xlsxwriter "$X/ldd" &&
	ldd "$(dirname "$VB")/vanban-xlsx" | grep -q libxlsxwriter; then ok; else
	no "$VB loads libxlsxwriter, or vanban-xlsx does not: $(grep -i xlsx "$X/ldd")"
fi
# without its helper vanban says so, exit 3, the workbook there kept
mkdir -p "$X/lone"
cp "$VB" "$X/lone/vanban"
"$X/lone/vanban" tasks $FONTS --xlsx "$X/old/tasks.xlsx" tests/tasks/formulas.yaml >/dev/null 2>"$X/err"
st=$?
if [ "$st" = 3 ] && grep -q "vanban-xlsx is not installed" "$X/err" && cmp -s "$X/old/tasks.xlsx" "$X/tasks.xlsx" &&
	[ "$(ls -A "$X/old")" = tasks.xlsx ]; then ok; else
	no "tasks --xlsx without vanban-xlsx: status $st (not 3), or the workbook changed: $(cat "$X/err")"
fi
# installed, vanban finds its helper in PREFIX/libexec/vanban; uninstalled, it
# is gone
if make -s install PREFIX=/usr DESTDIR="$X/inst" >"$X/install.out" 2>&1 &&
	"$X/inst/usr/bin/vanban" tasks $FONTS --xlsx "$X/inst.xlsx" tests/tasks/many-tasks.yaml \
		>/dev/null 2>>"$X/install.out" && cmp -s "$X/inst.xlsx" "$X/one.xlsx" &&
	make -s uninstall PREFIX=/usr DESTDIR="$X/inst" >>"$X/install.out" 2>&1 && [ ! -e "$X/inst/usr/libexec/vanban" ]; then ok; else
	no "make install: the installed vanban does not write the workbook with PREFIX/libexec/vanban/vanban-xlsx, or uninstall leaves it: $(tail -n 3 "$X/install.out")"
fi
