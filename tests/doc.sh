# tests/doc.sh, sourced by tests/run.sh: the users' manual doc/format.md
# cannot drift from the program. Its fenced blocks are read by their info
# string:
#   ```yaml                     starting with "kind:": a complete document,
#                               which `vanban check` passes with no word
#   ```yaml bad                 a deliberate mistake; the next block is
#   ```text                     what vanban prints for it, all of it (the
#                               file name before LINE:COL aside)
#   ```text prints              after a complete document: lines that its
#                               Markdown output holds (emphasis aside)
#   ```yaml registry/NAME.yaml  a registry file beside every example
# Other ```yaml blocks are parts of a document, shown for reading only.
# Then: every key the validator reads, and every fixed line of a kind, is
# named in the manual; the table of kinds says what each template says.
D=$T/doc
# manual_blocks FILE LANGUAGE MIN_EXAMPLES MIN_BAD MIN_PRINTS: the fenced
# blocks of a manual, its messages in that language
manual_blocks() {
	DOCMD=$1 MLANG=$2
	rm -rf "$D"
	mkdir -p "$D/registry" "$D/out"
	if [ ! -f "$DOCMD" ]; then
		no "$DOCMD is missing"
		return
	fi
	# one file per block, named by the line of its opening fence; an index
	# of "LINE INFO"
	awk -v dir="$D" '
		!inb && /^```/ { inb = 1; info = substr($0, 4); line = NR; f = dir "/b" NR; printf "" >f
			print line " " info >(dir "/index"); next }
		inb && /^```[ \t]*$/ { inb = 0; close(f); next }
		inb { print >f }
		END { if (inb) print line " UNCLOSED" >(dir "/index") }' "$DOCMD"
	while read -r line info; do
		case $info in "yaml registry/"*) cp "$D/b$line" "$D/${info#yaml }" ;; esac
	done <"$D/index"
	ndoc=0 nbad=0 nprints=0 pending="" last=""
	while read -r line info; do
		b=$D/b$line
		# a wrong example's message is the block right after it
		if [ -n "$pending" ] && [ "$info" != text ]; then
			no "$DOCMD:$pending: a 'yaml bad' block is not followed by a 'text' block with vanban's message"
		fi
		case $info in
		UNCLOSED) no "$DOCMD:$line: a fenced block is never closed" ;;
		yaml)
			head -n 1 "$b" | grep -q '^kind:' || continue
			ndoc=$((ndoc + 1))
			cp "$b" "$D/example-$line.yaml"
			LANGUAGE=$MLANG $VB check $FONTS "$D/example-$line.yaml" >"$D/out.txt" 2>&1
			st=$?
			if [ "$st" = 0 ] && [ ! -s "$D/out.txt" ]; then ok; else
				no "$DOCMD:$line: the example does not pass vanban check cleanly (status $st)"
				head -n 6 "$D/out.txt"
			fi
			last=$line
			;;
		"yaml bad")
			nbad=$((nbad + 1))
			cp "$b" "$D/bad-$line.yaml"
			pending=$line
			continue
			;;
		text)
			[ -n "$pending" ] || continue
			LANGUAGE=$MLANG $VB check $FONTS "$D/bad-$pending.yaml" >/dev/null 2>"$D/got.txt"
			st=$?
			# the file name is the reader's own: only LINE:COL on are compared
			strip='s/^[^ ]*\.yaml:\([0-9]*:[0-9]*: \)/\1/'
			sed "$strip" "$D/got.txt" >"$D/got2.txt"
			sed "$strip" "$b" >"$D/want.txt"
			want=0
			grep -Eq '^[0-9]+:[0-9]+: (error|lỗi): ' "$D/want.txt" && want=1
			# a wrong example that vanban takes without a word is no example
			if [ "$st" = "$want" ] && [ -s "$D/want.txt" ] && cmp -s "$D/want.txt" "$D/got2.txt"; then ok; else
				no "$DOCMD:$pending: the wrong example does not give the message shown (status $st, want $want)"
				diff "$D/want.txt" "$D/got2.txt" | head -n 10
			fi
			pending=""
			continue
			;;
		"text prints")
			nprints=$((nprints + 1))
			if [ -z "$last" ]; then
				no "$DOCMD:$line: a 'text prints' block has no complete example before it"
				continue
			fi
			rm -f "$D/out/example-$last.md"
			$VB build $FONTS -o "$D/out" "$D/example-$last.yaml" >/dev/null 2>&1
			# the Markdown's words: no emphasis, no escapes, no heading marks
			sed -e 's/\\\([[:punct:]]\)/\1/g' -e 's/\*//g' -e 's/^#* //' -e 's/^ *//' -e 's/ *$//' \
				"$D/out/example-$last.md" >"$D/md.txt" 2>/dev/null
			# each line of the block is found in it
			missing=$(awk 'NR == FNR { md = md "\n" $0; next }
				{ sub(/^ +/, ""); sub(/ +$/, "") } $0 != "" && !index(md, $0) { printf "\n\t%s", $0 }' \
				"$D/md.txt" "$b")
			if [ -z "$missing" ] && [ -s "$D/md.txt" ]; then ok; else
				no "$DOCMD:$line: the example at line $last does not print these lines:$missing"
			fi
			;;
		esac
		pending=""
	done <"$D/index"
	[ -n "$pending" ] && no "$DOCMD:$pending: a 'yaml bad' block is not followed by a 'text' block with vanban's message"
	# the extraction itself works: a manual whose blocks were all skipped
	# would pass every check above
	if [ "$ndoc" -ge "$3" ] && [ "$nbad" -ge "$4" ] && [ "$nprints" -ge "$5" ]; then ok; else
		no "$DOCMD: only $ndoc complete examples, $nbad wrong ones and $nprints printed results found"
	fi
}

# manual_kinds FILE: the table of kinds, one row per template, with its
# type line, its code and the blocks its body admits, as the template says
manual_kinds() {
	DOCMD=$1
	deflt="text items numbered section shortcoming table assignment"
	sed -n '/^<!-- The table of kinds/,/^<!-- End of the table of kinds/p' "$DOCMD" >"$D/kinds.md"
	for f in templates/kinds/*.yaml; do
		id=$(basename "$f" .yaml)
		row=$(grep "^| \`$id\` |" "$D/kinds.md")
		if [ -z "$row" ]; then
			no "$DOCMD: the table of kinds has no row for $id"
			continue
		fi
		name=$(sed -n 's/^name: *"*\([^"]*\)"*$/\1/p' "$f")
		code=$(sed -n 's/^code: *//p' "$f")
		blocks=$(sed -n 's/^blocks: *\[\(.*\)\]/\1/p' "$f" | tr -d ',')
		[ -z "$blocks" ] && blocks=$deflt
		want=$(printf '%s\n' $blocks | sort | tr '\n' ' ')
		got=$(printf '%s\n' "$row" | awk -F'|' '{ print $(NF - 1) }' | tr -d ',`' | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
		cells=$(printf '%s\n' "$row" | awk -F'|' '{ print $3 "|" $4 }')
		if [ "$want" = "$got" ] && printf '%s' "$cells" | grep -qF -- "$name" &&
			printf '%s' "$cells" | grep -qF -- "$code"; then ok; else
			no "$DOCMD: the row of $id does not say what $f says (type line '$name', code '$code', blocks: $want; the row: $row)"
		fi
	done
	for id in $(sed -n 's/^| `\([a-z-]*\)` |.*/\1/p' "$D/kinds.md"); do
		[ -f "templates/kinds/$id.yaml" ] || no "$DOCMD: the table of kinds has a row for $id, which has no template"
	done
}

manual_blocks doc/format.md "" 20 10 5
# every key the validator reads is named in the English manual as `key`
# (and every fixed line a kind's template lets the source fill): the
# tables of generator/keys.c, and the lists in the validator's code
{
	sed -n 's/^ *{"\([a-z_]*\)", VT_.*/\1/p' generator/keys.c
	awk '/static const char \*const [a-z_]*keys\[\] = \{/ { on = 1 } on { print } on && /\};/ { on = 0 }' \
		generator/validate*.c | grep -o '"[a-z_]*"' | tr -d '"'
	sed -n 's/.*{ *key: *\([a-z_]*\),.*/\1/p' templates/kinds/*.yaml
} | sort -u >"$D/keys"
missing=$(awk 'NR == FNR { md = md "\n" $0; next } !index(md, "`" $0 "`") { printf " %s", $0 }' doc/format.md "$D/keys")
[ -z "$missing" ] && ok || no "doc/format.md does not name the keys:$missing"
manual_kinds doc/format.md
# the Vietnamese guide: its examples, its messages in Vietnamese, its kinds
manual_blocks doc/huong-dan.md vi 2 5 2
manual_kinds doc/huong-dan.md
# make install puts the manuals where vanban(1) says they are
if make -s install PREFIX=/usr DESTDIR="$D/inst" >"$D/install.out" 2>&1 &&
	cmp -s doc/format.md "$D/inst/usr/share/doc/vanban/format.md" &&
	cmp -s doc/huong-dan.md "$D/inst/usr/share/doc/vanban/huong-dan.md"; then ok; else
	no "make install does not put the manuals in PREFIX/share/doc/vanban: $(tail -n 3 "$D/install.out")"
fi
