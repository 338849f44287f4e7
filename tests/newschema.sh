# tests/newschema.sh, sourced by tests/run.sh: vanban new (a skeleton of
# each kind) and vanban schema (the JSON Schema the editor checks with).
#   - new --list: a line for each templates/kinds/*.yaml, its Vietnamese name;
#   - the skeleton of every kind, in each family: its first line names the
#     schema, it fails on its placeholders only (each one a "placeholder to
#     fill"), and once they are filled mechanically it builds;
#   - new refuses an existing file, an unknown kind, a family that is not one;
#   - schema/vanban.schema.json is what vanban schema writes now, and a real
#     validator (python3-jsonschema, draft 2020-12 and draft 7) accepts every
#     good source with it, rejects an unknown key at every level and the bad
#     sources whose fault a schema can see (tests/schema_check.py);
#   - .vscode/settings.json gives the schema to content/ and tests/cases.
# covers: D_PLACEHOLDER (the skeletons; tests/bad/placeholder.yaml too)
NS=$T/newschema
mkdir -p "$NS/new" "$NS/filled" "$NS/out"

# ---- new --list ----
$VB new --list >"$NS/list" 2>"$NS/list.err"
st=$?
ls templates/kinds/*.yaml | sed 's|.*/||; s|\.yaml$||' >"$NS/kinds"
if [ $st = 0 ] && [ ! -s "$NS/list.err" ] && cut -d' ' -f1 "$NS/list" | cmp -s - "$NS/kinds"; then ok; else
	no "new --list: not one line for each of templates/kinds/*.yaml (exit $st)"
	head -n 5 "$NS/list" "$NS/list.err"
fi
for line in "quyet-dinh  Quyết định" "giay-gioi-thieu  Giấy giới thiệu" "cong-van  Công văn" "ke-hoach  Kế hoạch"; do
	grep -qx "$line" "$NS/list" && ok || no "new --list lacks the line '$line'"
done

# ---- the skeleton of every kind in each family ----
# The placeholders filled as a clerk would, by what each asks for.
fill() {
	sed -e 's/«năm-tháng-ngày giờ:phút»/2025-06-30 08:00/g; s/«năm-tháng-ngày»/2025-06-30/g; s/«số»/12/g' \
		-e 's/«[^»]*»/Nội dung mẫu/g' "$1"
}
nkinds=0
for k in $(cat "$NS/kinds"); do
	for fam in party state; do
		f=$NS/new/$k-$fam.yaml
		if ! $VB new "$k" --family $fam "$f" >"$NS/new.out" 2>&1 || [ -s "$NS/new.out" ]; then
			no "new $k --family $fam: failed or printed something"
			head -n 5 "$NS/new.out"
			continue
		fi
		# the first line names the schema, relative to the file's directory
		ref=$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$f")
		case $ref in /*) path=$ref ;; *) path=$NS/new/$ref ;; esac
		if [ -n "$ref" ] && cmp -s "$path" schema/vanban.schema.json; then ok; else
			no "new $k --family $fam: the first line does not name schema/vanban.schema.json: $(head -n 1 "$f")"
		fi
		grep -q "^family: $fam\$" "$f" && ok || no "new $k --family $fam: no line 'family: $fam'"
		# as written: exit 1, each error a placeholder, nothing else said
		$VB check $FONTS "$f" >/dev/null 2>"$NS/check.err"
		st=$?
		nph=$(grep -c ': error: placeholder to fill: «' "$NS/check.err")
		other=$(grep ': \(error\|warning\): ' "$NS/check.err" | grep -v ': error: placeholder to fill: «')
		if [ $st = 1 ] && [ "$nph" -ge 5 ] && [ -z "$other" ]; then ok; else
			no "new $k --family $fam: check of the skeleton: exit $st, $nph placeholders, and: $other"
		fi
		# filled: it builds
		g=$NS/filled/$k-$fam.yaml
		fill "$f" >"$g"
		rm -f "$NS/out/$k-$fam.pdf"
		$VB build $FONTS -o "$NS/out" "$g" >/dev/null 2>"$NS/build.err"
		st=$?
		if [ $st = 0 ] && [ -s "$NS/out/$k-$fam.pdf" ] && ! grep -q ': error: ' "$NS/build.err"; then ok; else
			no "new $k --family $fam: the filled skeleton does not build (exit $st)"
			head -n 6 "$NS/build.err"
		fi
		nkinds=$((nkinds + 1))
	done
done
[ "$nkinds" -ge 40 ] && ok || no "new: only $nkinds skeletons written and built"

# without --family: the kind's only family (a thông tri is the Party's),
# else party; the same sources give the same bytes
$VB new thong-tri "$NS/tt.yaml" && grep -q '^family: party$' "$NS/tt.yaml" && ok || no "new thong-tri: not a party skeleton"
mkdir -p "$NS/default"
$VB new quyet-dinh "$NS/default/qd.yaml" && cmp -s "$NS/default/qd.yaml" "$NS/new/quyet-dinh-party.yaml" && ok ||
	no "new quyet-dinh without --family: not the party skeleton"

# an existing file is never overwritten
echo "kind: ke-hoach" >"$NS/there.yaml"
cp "$NS/there.yaml" "$NS/there.orig"
$VB new ke-hoach "$NS/there.yaml" 2>"$NS/there.err"
st=$?
if [ $st = 1 ] && cmp -s "$NS/there.yaml" "$NS/there.orig" && grep -q 'exists' "$NS/there.err"; then ok; else
	no "new over an existing file: exit $st, or the file changed: $(cat "$NS/there.err")"
fi
# an unknown kind, a family that is not one, no file: wrong usage
$VB new ke-hoac "$NS/x.yaml" 2>"$NS/x.err"
st=$?
[ $st = 2 ] && [ ! -e "$NS/x.yaml" ] && grep -q "no template for kind 'ke-hoac'.*ke-hoach" "$NS/x.err" && ok ||
	no "new with an unknown kind: exit $st: $(cat "$NS/x.err")"
$VB new ke-hoach --family dang "$NS/x.yaml" 2>/dev/null
st=$?
[ $st = 2 ] && [ ! -e "$NS/x.yaml" ] && ok || no "new --family dang: exit $st"
$VB new ke-hoach 2>/dev/null
[ $? = 2 ] && ok || no "new without FILE.yaml: not a usage error"

# ---- the schema ----
$VB schema >"$NS/schema.json" 2>"$NS/schema.err"
st=$?
[ $st = 0 ] && [ ! -s "$NS/schema.err" ] && ok || no "schema: exit $st: $(cat "$NS/schema.err")"
same "schema/vanban.schema.json is what vanban schema writes (make schema)" schema/vanban.schema.json "$NS/schema.json"

# the bad sources whose fault a schema can see: those that name such a code,
# but for a date of the right form that the month does not have
# (bad-date.yaml) and the aliases that a validator would expand
seen="D_UNKNOWN_KEY D_MISSING_KEY D_WRONG_TYPE D_BAD_ENUM D_BAD_NUMBER D_BAD_ID D_EMPTY_TEXT D_EMPTY_LIST D_BAD_DUE D_BAD_DATE
D_BAD_TIME D_NO_KIND D_BLOCK_ONE_KEY D_BODY_BOTH D_REMEDY_BOTH D_REMEDY_NONE D_SIG_EMPTY D_SIG_BOTH D_SIG_COUNT
D_NO_FIELDS D_NO_SUBJECT_LINE D_NO_ACTION D_NOT_ADMITTED D_SECTION_ID D_TOO_MANY_POINTS D_TABLE_GROUP D_EMPTY_FILE"
bad=""
for src in tests/bad/*.yaml; do
	case $src in */bad-date.yaml | */alias-* | */billion-laughs.yaml | */too-deep.yaml) continue ;; esac
	codes=$(sed -n 's/^# code: //p' "$src" | tr -d '\r')
	for c in $codes; do
		case " $(echo $seen) " in *" $c "*)
			bad="$bad $src"
			break
			;;
		esac
	done
done
nbad=$(echo $bad | wc -w)
[ "$nbad" -ge 30 ] && ok || no "only $nbad bad sources whose fault a schema can see"
if [ ! -x /usr/bin/python3 ]; then
	no "schema: /usr/bin/python3 is missing (make check installs python3-jsonschema and python3-yaml)"
else
	/usr/bin/python3 tests/schema_check.py schema/vanban.schema.json content/*.yaml tests/cases/*.yaml \
		"$NS"/filled/*.yaml --bad $bad >"$NS/py.out" 2>&1
	st=$?
	line=$(tail -n 1 "$NS/py.out")
	case $line in
	*" passed, 0 failed") [ $st = 0 ] && ok || no "schema_check.py: exit $st" ;;
	*)
		no "schema_check.py: $line"
		grep -v '^ok' "$NS/py.out" | head -n 20
		;;
	esac
fi

# the editor: content/*.yaml and tests/cases/*.yaml checked with the schema
if /usr/bin/python3 -c '
import json, sys
s = json.load(open(".vscode/settings.json"))["yaml.schemas"]
globs = s.get("./schema/vanban.schema.json") or s.get("schema/vanban.schema.json") or []
sys.exit(0 if "content/*.yaml" in globs and "tests/cases/*.yaml" in globs else 1)' 2>"$NS/vscode.err"; then ok; else
	no ".vscode/settings.json does not map content/*.yaml and tests/cases/*.yaml to the schema: $(cat "$NS/vscode.err")"
fi
