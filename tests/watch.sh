# tests/watch.sh, sourced by tests/run.sh: vanban watch builds each
# document, builds it again within a second of each save (a new file renamed
# over the source, as vim does; the source written in place, as other
# editors do; a registry file it uses; a template), keeps the last good
# outputs when a save has an error, and ends on SIGINT with exit 0, leaving
# no temporary file.

W=$T/watch
mkdir -p "$W/src/registry" "$W/out"
cp -r templates "$W/templates"
cat >"$W/src/registry/agencies.yaml" <<'EOF'
vp-thu:
  superior: TỈNH ỦY THỬ NGHIỆM
  name: VĂN PHÒNG
  code: VPTU
  place: Thử Nghiệm
  text: Văn phòng Tỉnh ủy
EOF
# a plan whose issuer is in the registry, its subject $1 (and $2 a line more)
wsrc() {
	printf '%s\n' 'kind: ke-hoach' 'issuer: vp-thu' 'number: 5' 'date: 2024-02-03' "subject: $1" ${2:+"$2"} \
		'sections:' '  - title: MỤC ĐÍCH' '    text: Kiểm tra.' \
		'signature: {authority: K/T CHÁNH VĂN PHÒNG, title: PHÓ CHÁNH VĂN PHÒNG, name: Trần Văn A}' \
		'recipients: [Các đồng chí]' 'archive: Văn phòng'
}
wsrc "về kế hoạch thứ nhất" >"$W/src/a.yaml"
cp tests/cases/minimal.yaml "$W/src/b.yaml"
# a build under the sanitizers takes several times as long
WLIMIT=1000
[ -n "${VB_SANITIZED:-}" ] && WLIMIT=5000
$VB watch $FONTS --templates "$W/templates" -o "$W/out" "$W/src/a.yaml" "$W/src/b.yaml" >"$W/log" 2>"$W/err" &
wpid=$!
# should the test go wrong, the watch does not outlive it
(i=0; while kill -0 "$wpid" 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$wpid" 2>/dev/null) &
wguard=$!
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# wlines PATTERN: how many lines of the log match
wlines() { grep -c -- "$1" "$W/log"; }
# wwait PATTERN COUNT MS: waits until COUNT lines of the log match, for at
# most MS milliseconds (while the watch runs); then $welapsed holds how long
# it took
wwait() {
	wstart=$(now_ms)
	while [ "$(wlines "$1")" -lt "$2" ] && [ $(($(now_ms) - wstart)) -lt "$3" ] && kill -0 "$wpid" 2>/dev/null; do
		sleep 0.02
	done
	welapsed=$(($(now_ms) - wstart))
	[ "$(wlines "$1")" -ge "$2" ]
}
subject_in() { pdftotext "$W/out/a.pdf" - 2>/dev/null | grep -q "$1"; }

if wwait "watching 2 documents" 1 60000 && [ "$(wlines ": built $W/out/a.pdf")" = 1 ] &&
	[ "$(wlines ": built $W/out/b.pdf")" = 1 ] && subject_in "về kế hoạch thứ nhất"; then ok; else
	no "watch: the documents are not built first"; cat "$W/log" "$W/err"
fi
# leave the first build's events behind
sleep 0.3

# 1. saved as vim does: a new file written beside it, renamed over it
wsrc "về kế hoạch thứ hai" >"$W/src/.a.yaml.swp"
mv "$W/src/.a.yaml.swp" "$W/src/a.yaml"
if wwait "$W/src/a.yaml: rebuilt" 1 "$WLIMIT" && subject_in "về kế hoạch thứ hai"; then ok; else
	no "watch: a source saved by a rename is not rebuilt within $WLIMIT ms ($welapsed ms)"; cat "$W/log" "$W/err"
fi
# 2. written in place (truncated, then written)
wsrc "về kế hoạch thứ ba" >"$W/src/a.yaml"
if wwait "$W/src/a.yaml: rebuilt" 2 "$WLIMIT" && subject_in "về kế hoạch thứ ba"; then ok; else
	no "watch: a source written in place is not rebuilt within $WLIMIT ms ($welapsed ms)"; cat "$W/log" "$W/err"
fi
# only the document saved was built again
if [ "$(wlines "b.yaml: rebuilt")" = 0 ]; then ok; else no "watch: a save of a.yaml rebuilt b.yaml"; cat "$W/log"; fi

# 3. a save with an error: said, and the last good outputs stay
cp "$W/out/a.pdf" "$W/good.pdf"
wsrc "về kế hoạch thứ tư" "subjekt: sai" >"$W/src/a.yaml"
if wwait "a.yaml: errors (above): nothing written, the last good outputs are kept" 1 "$WLIMIT" &&
	grep -q "a.yaml:6:1: error: unknown key 'subjekt'" "$W/err" && cmp -s "$W/good.pdf" "$W/out/a.pdf"; then ok; else
	no "watch: a save with an error is not reported, or the last good PDF was not kept"; cat "$W/log" "$W/err"
fi
# and mended: built again
wsrc "về kế hoạch thứ năm" >"$W/src/a.yaml"
if wwait "$W/src/a.yaml: rebuilt" 3 "$WLIMIT" && subject_in "về kế hoạch thứ năm"; then ok; else
	no "watch: a mended source is not rebuilt ($welapsed ms)"; cat "$W/log" "$W/err"
fi

# 4. the registry file a document takes its issuer from (b uses none)
sed 's/name: VĂN PHÒNG/name: VĂN PHÒNG THỬ/' "$W/src/registry/agencies.yaml" >"$W/agencies.new"
cat "$W/agencies.new" >"$W/src/registry/agencies.yaml"
if wwait "$W/src/a.yaml: rebuilt" 4 "$WLIMIT" && subject_in "VĂN PHÒNG THỬ" &&
	[ "$(wlines "b.yaml: rebuilt")" = 0 ]; then ok; else
	no "watch: a save of the registry does not rebuild the document that uses it, alone ($welapsed ms)"
	cat "$W/log" "$W/err"
fi

# 5. a template: every document of the kind (sed -i renames a new file in)
sed -i 's/^name: KẾ HOẠCH$/name: KẾ HOẠCH MẪU/' "$W/templates/kinds/ke-hoach.yaml"
if wwait "$W/src/a.yaml: rebuilt" 5 "$WLIMIT" && wwait "$W/src/b.yaml: rebuilt" 1 "$WLIMIT" &&
	subject_in "KẾ HOẠCH MẪU"; then ok; else
	no "watch: a save of a template does not rebuild the documents ($welapsed ms)"; cat "$W/log" "$W/err"
fi

# 6. SIGINT (Ctrl-C): exit 0, no temporary file left
kill -INT "$wpid"
wstart=$(now_ms)
while kill -0 "$wpid" 2>/dev/null && [ $(($(now_ms) - wstart)) -lt 10000 ]; do sleep 0.05; done
wait "$wpid"
wst=$?
kill "$wguard" 2>/dev/null
wait "$wguard" 2>/dev/null
if [ "$wst" = 0 ] && [ "$(tail -n 1 "$W/log")" = "vanban: stopped watching" ] &&
	[ "$(ls -A "$W/out" | sort | tr '\n' ' ')" = "a.html a.md a.pdf b.html b.md b.pdf " ] &&
	[ -z "$(ls -A "$W/src" | grep -v -x -e a.yaml -e b.yaml -e registry)" ]; then ok; else
	no "watch: SIGINT gives exit $wst, or files are left behind"; cat "$W/log"; ls -A "$W/out" "$W/src"
fi

# usage: -T has no meaning for watch; a directory that is not there
$VB watch -T tree "$W/src/a.yaml" >/dev/null 2>"$W/usage.err"
st=$?
$VB watch -o "$W/out" "$W/nowhere/a.yaml" >/dev/null 2>"$W/nowhere.err"
st2=$?
if [ "$st" = 2 ] && [ "$st2" = 3 ] && grep -q "cannot watch $W/nowhere: No such file or directory" "$W/nowhere.err"; then ok; else
	no "watch: -T gives exit $st (want 2), a directory not there $st2 (want 3)"; cat "$W/usage.err" "$W/nowhere.err"
fi
# the manual page tells of it
grep -q "^\.Cm watch$" doc/vanban.1 && grep -q "^\.It Cm watch Ar file.yaml" doc/vanban.1 && ok ||
	no "doc/vanban.1 does not document watch"
