# tests/html.sh, sourced by tests/run.sh after the golden files are built
# into $T/a: the HTML page as Chromium lays it out. On a phone (390 px) the
# page reflows: nothing wider than the screen, a wide table scrolls in its
# own box. On a desktop the date line stands level with the number line,
# as in the PDF, also when the issuer has a superior (a two-line agency
# name). Printed, the page is still A4 with the two lines level.
#
# Headless Chromium keeps its window at least 500 px wide, so each page is
# measured in an iframe of the width wanted, by a script of the page around
# them that writes what it measures into its own DOM for --dump-dom (file
# pages may read each other with --allow-file-access-from-files).
HCHROME=$(command -v chromium || command -v chromium-browser || true)
hchrome() {
	timeout 60 "$HCHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --no-first-run --hide-scrollbars --user-data-dir="$T/hchrome" "$@" 2>/dev/null
}
if [ -n "${VB_SANITIZED:-}" ]; then
	: # the sanitizer pass: its HTML is the plain build's, byte for byte
elif [ -z "$HCHROME" ]; then
	no "HTML on screen: chromium is not installed (make deps installs it)"
else
	mkdir -p "$T/screen"
	# Once every frame is loaded, one line per frame: its page, its
	# viewport's width, the document's scroll width, the top and the
	# baseline of the first header's number line and of its date line (an
	# empty inline-block's bottom is its line's baseline), their sizes (CSS
	# px), and how many marks (MẬT, KHẨN...) have a rule drawn under them.
	cat >"$T/screen/measure.js" <<'EOF'
addEventListener('load', function () {
	var fs = document.querySelectorAll('iframe');
	for (var i = 0; i < fs.length; i++) {
		var d = fs[i].contentDocument, de = d.documentElement;
		var out = [fs[i].getAttribute('src'), de.clientWidth, de.scrollWidth];
		var h = d.querySelector('header.vb-header'), num = null, date = null, n;
		var w = d.createTreeWalker(h || d.body, 4 /* NodeFilter.SHOW_TEXT */);
		while ((n = w.nextNode())) {
			if (!num && /^\s*Số/.test(n.data)) num = n;
			if (!date && /, ngày /.test(n.data)) date = n;
		}
		var top = function (t) {
			var r = d.createRange();
			r.selectNodeContents(t);
			return r.getClientRects()[0].top;
		};
		var base = function (t) {
			var s = d.createElement('span');
			s.style.display = 'inline-block';
			t.parentNode.insertBefore(s, t);
			var b = s.getBoundingClientRect().bottom;
			s.remove();
			return b;
		};
		var size = function (t) { return parseFloat(getComputedStyle(t.parentNode).fontSize); };
		out.push(num ? top(num) : '-', num ? base(num) : '-', date ? top(date) : '-', date ? base(date) : '-',
			num ? size(num) : '-', date ? size(date) : '-');
		var ruled = 0, ms = d.querySelectorAll('.vb-marks strong');
		for (var j = 0; j < ms.length; j++)
			if (parseFloat(getComputedStyle(ms[j], '::after').borderTopWidth) > 0)
				ruled++;
		out.push(ruled);
		var p = document.createElement('p');
		p.className = 'm';
		p.textContent = out.join(' ');
		document.body.appendChild(p);
	}
});
EOF
	# the reference plan, party and state documents with a superior (one
	# a draft), a state plan, wide tables, a landscape annex, a copy
	narrow="ke-hoach-155-kt minimal cong-van-party cong-van-state ke-hoach-15-ubnd table-pages table-tall-row
		ke-hoach-annex-state bao-cao-state sao-y-state quyet-dinh-quy-che-state"
	wide="ke-hoach-155-kt minimal cong-van-party ke-hoach-15-ubnd cong-van-state table-tall-row sao-y-state"
	{
		echo '<!DOCTYPE html><html><head><meta charset="utf-8"><script src="measure.js"></script></head><body>'
		for s in $narrow; do
			cp "$T/a/$s.html" "$T/screen/$s.html"
			echo "<iframe src=\"$s.html\" style=\"width: 390px; height: 800px\"></iframe>"
		done
		for s in $wide; do
			cp "$T/a/$s.html" "$T/screen/$s-wide.html"
			echo "<iframe src=\"$s-wide.html\" style=\"width: 1200px; height: 800px\"></iframe>"
		done
		echo '</body></html>'
	} >"$T/screen/all.html"
	hchrome --window-size=1280,800 --allow-file-access-from-files --dump-dom "file://$T/screen/all.html" |
		sed 's/<p class="m">/\n&/g' | sed -n 's/^<p class="m">\([^<]*\)<\/p>.*$/\1/p' >"$T/screen/m.txt"
	for s in $narrow; do
		# at 390 px the page is no wider than the screen
		if awk -v s="$s.html" '$1 == s && $2 == 390 && $3 <= $2 { good = 1 } END { exit !good }' "$T/screen/m.txt"; then ok; else
			no "HTML at 390 px: $s is wider than the screen (page, viewport, scroll width: $(grep "^$s.html " "$T/screen/m.txt"))"
		fi
	done
	for s in $wide; do
		# at 1200 px the date line stands level with the number line: the
		# same baseline within 1 px, their tops within 1 px but for what
		# their sizes make them differ (13 and 14 pt in a state header)
		if awk -v s="$s-wide.html" '$1 == s && $4 != "-" && $6 != "-" {
			t = $4 - $6; if (t < 0) t = -t; b = $5 - $7; if (b < 0) b = -b; z = $8 - $9; if (z < 0) z = -z
			if (b <= 1 && t <= 1 + z) good = 1 } END { exit !good }' "$T/screen/m.txt"; then ok; else
			no "HTML at 1200 px: $s: the date line is not level with the number line (page, viewport, scroll width; number line top, baseline; date line top, baseline; their sizes: $(grep "^$s-wide.html " "$T/screen/m.txt"))"
		fi
	done
	# a state header's marks stand in their boxes, with no rule under them
	# (the issuing body's short rule is the only one in the left column)
	if awk '$1 == "cong-van-state-wide.html" && $10 == 0 { good = 1 } END { exit !good }' "$T/screen/m.txt"; then ok; else
		no "HTML: a rule is drawn under the marks of cong-van-state ($(grep "^cong-van-state-wide.html " "$T/screen/m.txt"))"
	fi
	# printed: A4, the date line level with the number line (the same
	# baseline: pdftotext's boxes of words in one size end level)
	hchrome --print-to-pdf="$T/screen/minimal.pdf" --no-pdf-header-footer "file://$T/a/minimal.html" >/dev/null
	if pdfinfo "$T/screen/minimal.pdf" 2>/dev/null | grep -q 'Page size:.*(A4)'; then ok; else
		no "HTML printed: not an A4 page ($(pdfinfo "$T/screen/minimal.pdf" 2>&1 | grep 'Page size'))"
	fi
	pdftotext -bbox -f 1 -l 1 "$T/screen/minimal.pdf" - 2>/dev/null |
		sed -n 's/.*yMax="\([0-9.]*\)">\(Số\|ngày\)<.*/\2 \1/p' >"$T/screen/print.txt"
	if awk '!($1 in y) { y[$1] = $2 } END { d = y["Số"] - y["ngày"]; if (d < 0) d = -d; exit !(("Số" in y) && ("ngày" in y) && d < 0.5) }' \
		"$T/screen/print.txt"; then ok; else
		no "HTML printed: the date line is not level with the number line ($(tr '\n' ' ' <"$T/screen/print.txt"))"
	fi
fi
