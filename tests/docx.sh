# tests/docx.sh, sourced by tests/run.sh: the Word files. Every document of
# content/ and a table across pages built with --docx; the packages read by
# python-docx and as XML; LibreOffice (headless, in one call, with a
# profile of its own) renders them, and its PDFs are measured by pdfcheck
# and hold the words of vanban's PDFs in their order (tests/docx_check.py).
X=$T/docx
mkdir -p "$X/lo"
DOCX_SRC="content/*.yaml tests/cases/table-pages.yaml tests/blocks/annex.yaml"
# shellcheck disable=SC2086
$VB build $FONTS --docx -o "$X" $DOCX_SRC >"$X/build.out" 2>&1
st=$?
ndocx=$(ls "$X"/*.docx 2>/dev/null | wc -l)
nsrc=$(ls $DOCX_SRC | wc -l)
if [ "$st" = 0 ] && [ "$ndocx" = "$nsrc" ]; then ok; else
	no "build --docx: exit $st, $ndocx Word files for $nsrc sources"; head -n 5 "$X/build.out"
fi
# the same bytes whatever the time zone and the run
mkdir -p "$X/tz"
TZ=Asia/Ho_Chi_Minh $VB build $FONTS --docx -o "$X/tz" content/ke-hoach-155-kt.yaml 2>/dev/null
if cmp -s "$X/ke-hoach-155-kt.docx" "$X/tz/ke-hoach-155-kt.docx"; then ok; else
	no "the Word file differs under TZ=Asia/Ho_Chi_Minh"
fi
# vanban itself loads neither libxml2 nor libzip: its helper does
if ldd "$VB" | grep -Eq 'libxml2|libzip'; then no "vanban links libxml2 or libzip (only vanban-docx may)"; else ok; fi
# without its helper, --docx says so and the other outputs are made
mkdir -p "$X/alone"
cp "$VB" "$X/alone/vanban"
"$X/alone/vanban" build $FONTS --templates templates --docx -o "$X/alone" tests/cases/minimal.yaml >/dev/null 2>"$X/alone.err"
st=$?
if [ "$st" = 3 ] && grep -q "vanban-docx" "$X/alone.err" && [ -s "$X/alone/minimal.pdf" ]; then ok; else
	no "--docx without vanban-docx: exit $st, $(cat "$X/alone.err")"
fi
# LibreOffice renders every file, all in one call with a profile of its own
SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -z "$SOFFICE" ]; then
	no "LibreOffice (soffice) is not installed: make check installs libreoffice-writer-nogui"
else
	(cd "$X" && timeout 600 "$SOFFICE" -env:UserInstallation="file://$X/lo-profile-$$" --headless \
		--convert-to pdf --outdir "$X/lo" ./*.docx) >"$X/lo.out" 2>&1
	nlo=$(ls "$X"/lo/*.pdf 2>/dev/null | wc -l)
	if [ "$nlo" = "$ndocx" ]; then ok; else no "LibreOffice rendered $nlo of $ndocx Word files"; tail -n 5 "$X/lo.out"; fi
	stems=$(cd "$X" && ls ./*.docx | sed 's|^\./||; s|\.docx$||')
	# shellcheck disable=SC2086
	if /usr/bin/python3 tests/docx_check.py "$X" $stems >"$X/check.out" 2>&1; then ok; else
		no "the Word files as Word and LibreOffice read them:"; grep -v '^checked' "$X/check.out" | head -n 20
	fi
	if [ -x "$PDFCHECK" ] && command -v mutool >/dev/null; then
		for f in "$X"/lo/*.pdf; do
			if "$PDFCHECK" --gaps "$f" >"$X/pdfcheck.out" 2>&1; then ok; else
				no "pdfcheck on LibreOffice's rendering of $(basename "$f" .pdf).docx: $(grep FAIL "$X/pdfcheck.out" | head -n 3)"
			fi
		done
	else
		echo "skipped: pdfcheck on the Word files (no $PDFCHECK here, or no mutool)"
	fi
fi
# make plan DOCX=1: a Word file beside each PDF
mkdir -p "$X/plan/src"
cp tests/cases/minimal.yaml "$X/plan/src/"
if make --no-print-directory plan DOCX=1 SRC="$X/plan/src" OUT="$X/plan/out" >"$X/plan.out" 2>&1 &&
	[ -s "$X/plan/out/minimal.docx" ] && [ -s "$X/plan/out/minimal.pdf" ]; then ok; else
	no "make plan DOCX=1 makes no Word file"; tail -n 5 "$X/plan.out"
fi
# make install puts the helper where the installed vanban runs it
if make -s install PREFIX=/usr DESTDIR="$X/inst" >"$X/install.out" 2>&1 &&
	"$X/inst/usr/bin/vanban" build $FONTS --templates templates --docx -o "$X/inst/out" tests/cases/minimal.yaml \
		>/dev/null 2>"$X/inst.err" && [ -s "$X/inst/out/minimal.docx" ]; then ok; else
	no "the installed vanban makes no Word file: $(tail -n 3 "$X/install.out" "$X/inst.err")"
fi
