# ---- make plan: the documents out of date, in as few vanban runs as the cores allow ----
# (issue 17) make finds what is out of date as before (source, generator,
# templates, the registry files in out/STEM.d), then one vanban per job slot,
# and at most one per core, builds a share of it. The suite may run under
# make -jN: the runs here set their own flags.
P=$T/plan-batch
mkdir -p "$P/src" "$P/one"
cp content/ke-hoach-155-kt.yaml content/quyet-dinh-state.yaml content/giay-moi-state.yaml \
	content/cong-dien-state.yaml "$P/src/"
cp -r content/registry "$P/src/registry"
plan_batch() { MAKEFLAGS= MFLAGS= MAKELEVEL= make --no-print-directory "$@" plan SRC="$P/src" OUT="$P/out" >"$P/log" 2>&1; }
# the vanban runs make plan started, and the documents each built
vb_runs() { grep -c '^build/vanban build' "$P/log"; }
vb_docs() { grep '^build/vanban build' "$P/log" | tr ' ' '\n' | grep '\.yaml$' | sed 's|.*/||' | sort | tr '\n' ' '; }
plan_batch
st=$?
if [ "$st" = 0 ] && [ "$(vb_runs)" = 1 ] && [ "$(ls "$P/out"/*.pdf | wc -l)" = 4 ] && [ ! -e "$P/out/.plan-todo" ]; then ok; else
	no "make plan: four documents out of date are not built by one vanban (exit $st)"; cat "$P/log"
fi
# a document built among others is the one built alone, byte for byte
build/vanban build -o "$P/one" "$P/src/ke-hoach-155-kt.yaml" "$P/src/quyet-dinh-state.yaml" 2>/dev/null
build/vanban build -o "$P/one" "$P/src/giay-moi-state.yaml" 2>/dev/null
if cmp -s "$P/one/ke-hoach-155-kt.pdf" "$P/out/ke-hoach-155-kt.pdf" && cmp -s "$P/one/giay-moi-state.pdf" "$P/out/giay-moi-state.pdf" &&
	cmp -s "$P/one/quyet-dinh-state.pdf" "$P/out/quyet-dinh-state.pdf"; then ok; else
	no "make plan: a document built among others differs from the one built alone"
fi
# nothing out of date: no vanban run
plan_batch
st=$?
[ "$st" = 0 ] && [ "$(vb_runs)" = 0 ] && ok || { no "make plan with nothing out of date ran vanban (exit $st)"; cat "$P/log"; }
# a source, a registry file one document uses: that document alone
touch "$P/src/quyet-dinh-state.yaml"
plan_batch
[ "$(vb_docs)" = "quyet-dinh-state.yaml " ] && ok || { no "make plan after a source changed built: $(vb_docs)"; cat "$P/log"; }
touch "$P/src/registry/directives.yaml"
plan_batch
[ "$(vb_docs)" = "ke-hoach-155-kt.yaml " ] && ok || { no "make plan after a registry file changed built: $(vb_docs)"; cat "$P/log"; }
# -j2 with four documents gone: each built once, by at most two runs (one
# on one core); a bad document among them is reported, the others built
cp tests/bad/missing-key.yaml "$P/src/bad.yaml"
rm -f "$P/out"/*.pdf
plan_batch -j2
st=$?
cores=$(nproc 2>/dev/null || echo 1)
want=2
[ "$cores" -ge 2 ] || want=1
if [ "$st" != 0 ] && [ "$(vb_runs)" = "$want" ] && [ "$(vb_docs)" = "bad.yaml cong-dien-state.yaml giay-moi-state.yaml ke-hoach-155-kt.yaml quyet-dinh-state.yaml " ] &&
	[ "$(ls "$P/out"/*.pdf | wc -l)" = 4 ] && grep -q "bad.yaml:.*: error: " "$P/log" &&
	grep -q "^make plan: some documents were not built: their errors are above$" "$P/log"; then ok; else
	no "make -j2 plan: not each document once in $want runs, or the bad one not reported (exit $st, $(vb_runs) runs)"; cat "$P/log"
fi
