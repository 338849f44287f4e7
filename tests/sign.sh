# tests/sign.sh, sourced by tests/run.sh: vanban sign (issue 15). A test CA
# and two certificates made here with openssl (no key is committed), the
# test images made by tests/sign_png.py, pdfsig trusting the CA through a
# test NSS database, a SoftHSM2 token for the PKCS#11 path.

# ---- vanban sign: the signer, then the agency, as pdfsig sees them ----
S=$T/sign
mkdir -p "$S"
VSIGN=$(dirname "$VB")/vanban-sign
VBA=$(cd "$(dirname "$VB")" && pwd)/$(basename "$VB") # for a test run elsewhere
PY=/usr/bin/python3
sign_tools_ok=1
for tool in openssl pdfsig certutil pdftoppm pdftotext qpdf softhsm2-util pkcs11-tool; do
	if ! command -v $tool >/dev/null 2>&1; then
		no "$tool is not installed (make check installs it)"
		sign_tools_ok=0
	fi
done
[ -x "$VSIGN" ] || {
	no "$VSIGN is not built (make builds it)"
	sign_tools_ok=0
}

# a CA and two people it certifies: the signer and the agency (keys in $T only)
make_cert() { # NAME CN
	openssl req -newkey rsa:2048 -nodes -keyout "$S/$1.key" -out "$S/$1.csr" -subj "/CN=$2/O=vanban tests" -utf8 \
		>/dev/null 2>&1 &&
		openssl x509 -req -in "$S/$1.csr" -CA "$S/ca.pem" -CAkey "$S/ca.key" -CAcreateserial -days 3650 \
			-extfile "$S/leaf.cnf" -out "$S/$1.pem" >/dev/null 2>&1 &&
		openssl pkcs12 -export -inkey "$S/$1.key" -in "$S/$1.pem" -certfile "$S/ca.pem" -out "$S/$1.p12" \
			-passout pass:mật-khẩu
}
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' >"$S/leaf.cnf"
if [ $sign_tools_ok = 1 ] &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$S/ca.key" -out "$S/ca.pem" -days 3650 \
		-subj "/CN=vanban test CA" -addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign >/dev/null 2>&1 &&
	make_cert signer "Nguyễn Văn Hòa" && make_cert agency "Văn phòng Tỉnh ủy Kon Tum" &&
	mkdir -p "$S/nss" && certutil -N -d "sql:$S/nss" --empty-password &&
	certutil -A -d "sql:$S/nss" -n "vanban test CA" -t CT,C,C -i "$S/ca.pem" &&
	$PY tests/sign_png.py signature "$S/signature.png" && $PY tests/sign_png.py seal "$S/seal.png" &&
	$PY tests/sign_png.py gray16 "$S/gray16.png"; then ok; else
	no "vanban sign: cannot make the test certificates, NSS database and images"
	sign_tools_ok=0
fi

# pdfsig's verdicts, one line per signature: VALIDATION|TRUST|TOTAL
verdicts() {
	pdfsig -nssdir "sql:$S/nss" "$1" 2>&1 | awk '
		/^Signature #/ { if (n++) print v "|" c "|" t; v = c = t = "" }
		/Signature Validation:/ { sub(/.*Validation: /, ""); v = $0 }
		/Certificate Validation:/ { sub(/.*Validation: /, ""); c = $0 }
		/otal document signed/ { t = $0; sub(/^ *- */, "", t) }
		END { if (n) print v "|" c "|" t }'
}

if [ $sign_tools_ok = 1 ]; then
	export VANBAN_PIN=mật-khẩu
	$VB build $FONTS -o "$S" content/ke-hoach-155-kt.yaml content/ke-hoach-annex-state.yaml 2>"$S/build.err" ||
		no "vanban sign: the test documents do not build: $(cat "$S/build.err")"
	P=$S/ke-hoach-155-kt.pdf
	# the signer's signature, then the agency's seal over it
	if $VB sign --p12 "$S/signer.p12" --image "$S/signature.png" -o "$S/signed1.pdf" "$P" 2>"$S/s1.err" &&
		$VB sign --p12 "$S/agency.p12" --seal "$S/seal.png" --seal-mm 36 -o "$S/signed2.pdf" "$S/signed1.pdf" 2>"$S/s2.err"; then ok; else
		no "vanban sign: the signer's and the agency's signatures fail: $(cat "$S/s1.err" "$S/s2.err")"
	fi
	verdicts "$S/signed2.pdf" >"$S/v2"
	printf '%s\n' 'Signature is Valid.|Certificate is Trusted.|Not total document signed' \
		'Signature is Valid.|Certificate is Trusted.|Total document signed' >"$S/v2.want"
	same "vanban sign: pdfsig on the plan signed twice" "$S/v2.want" "$S/v2"
	# an incremental update: the bytes already there (and signed) are kept
	if cmp -s -n "$(wc -c <"$P")" "$P" "$S/signed1.pdf" &&
		cmp -s -n "$(wc -c <"$S/signed1.pdf")" "$S/signed1.pdf" "$S/signed2.pdf" &&
		[ "$(wc -c <"$S/signed2.pdf")" -lt $(($(wc -c <"$P") + 60000)) ]; then ok; else
		no "vanban sign: the signed files do not keep the bytes before them, or grew by more than 60 KB"
	fi
	# a byte changed inside the first signed range: both signatures see it
	$PY -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[11] ^= 1; open(sys.argv[2], "wb").write(b)' \
		"$S/signed2.pdf" "$S/tampered.pdf"
	if [ "$(verdicts "$S/tampered.pdf" | cut -d'|' -f1 | sort -u)" = "Digest Mismatch." ]; then ok; else
		no "vanban sign: a tampered file is not reported: $(verdicts "$S/tampered.pdf")"
	fi
	if qpdf --check "$S/signed2.pdf" >"$S/qpdf.out" 2>&1; then ok; else
		no "qpdf --check on the signed plan: $(tail -n 3 "$S/qpdf.out")"
	fi
	if [ -x "${PDFCHECK:-}" ] && command -v mutool >/dev/null 2>&1; then
		if "$PDFCHECK" "$S/signed2.pdf" >"$S/pdfcheck.out" 2>&1; then ok; else
			no "pdfcheck on the signed plan: $(grep FAIL "$S/pdfcheck.out" | head -n 3)"
		fi
	else
		echo "skipped: pdfcheck on the signed plan (no ${PDFCHECK:-pdfcheck} here, or no mutool)"
	fi
	# what a reader sees: the signer's blue image in its room, the red seal
	# 36 mm across over its left third (the plan signs on page 5)
	pdftoppm -f 5 -l 5 -r 144 -singlefile "$S/signed2.pdf" "$S/page" &&
		if $PY tests/sign_check.py place "$S/signed2.pdf" "$S/page.ppm" 144 36 >"$S/place.out" 2>&1; then ok; else
			no "vanban sign: the images are not where the regulation puts them: $(cat "$S/place.out")"
		fi
	# the agency's line on an annex in its own file, the time in Vietnam's
	# whatever the machine's time zone
	A=$S/ke-hoach-annex-state.pdf
	if TZ=UTC $VB sign --p12 "$S/agency.p12" --attachment -o "$S/annex.pdf" "$A" 2>"$S/a.err" &&
		pdftotext -bbox -f 1 -l 1 "$S/annex.pdf" "$S/annex.html" &&
		$PY tests/sign_check.py line "$S/annex.pdf" "$S/annex.html" >"$S/line.out" 2>&1; then ok; else
		no "vanban sign --attachment: $(cat "$S/a.err" "$S/line.out" 2>/dev/null)"
	fi
	verdicts "$S/annex.pdf" >"$S/va"
	echo 'Signature is Valid.|Certificate is Trusted.|Total document signed' >"$S/va.want"
	same "vanban sign --attachment: pdfsig" "$S/va.want" "$S/va"

	# the PKCS#11 path: the signer's key and certificate on a SoftHSM2 token
	mkdir -p "$S/tokens"
	printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$S/tokens" >"$S/softhsm2.conf"
	MODULE=
	for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/$(gcc -dumpmachine 2>/dev/null)/softhsm/libsofthsm2.so; do
		[ -f "$m" ] && MODULE=$m && break
	done
	if [ -n "$MODULE" ] && export SOFTHSM2_CONF="$S/softhsm2.conf" &&
		softhsm2-util --init-token --free --label vanban --so-pin 87654321 --pin 123456 >/dev/null &&
		openssl pkcs8 -topk8 -nocrypt -in "$S/signer.key" -outform DER -out "$S/signer.p8" &&
		openssl x509 -in "$S/signer.pem" -outform DER -out "$S/signer.der" &&
		pkcs11-tool --module "$MODULE" --token-label vanban --login --pin 123456 --write-object "$S/signer.p8" \
			--type privkey --label signer --id 01 >/dev/null 2>&1 &&
		pkcs11-tool --module "$MODULE" --token-label vanban --login --pin 123456 --write-object "$S/signer.der" \
			--type cert --label signer --id 01 >/dev/null 2>&1 &&
		VANBAN_PIN=123456 $VB sign --pkcs11 'pkcs11:token=vanban;object=signer' --module "$MODULE" \
			--image "$S/signature.png" -o "$S/token.pdf" "$P" >"$S/t.err" 2>&1 &&
		[ "$(verdicts "$S/token.pdf")" = 'Signature is Valid.|Certificate is Trusted.|Total document signed' ]; then ok; else
		no "vanban sign --pkcs11 with SoftHSM2 ($MODULE): $(cat "$S/t.err" 2>/dev/null) $(verdicts "$S/token.pdf" 2>/dev/null)"
	fi
	# a wrong PIN: said, nothing written (libp11's engine leaks its RSA
	# method when the login fails, whatever its caller frees: no leak
	# check for this one run under the sanitizers)
	if ! VANBAN_PIN=000000 ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" $VB sign --pkcs11 'pkcs11:token=vanban;object=signer' --module "$MODULE" \
		--image "$S/signature.png" -o "$S/token2.pdf" "$P" >"$S/t2.err" 2>&1 && [ ! -e "$S/token2.pdf" ] &&
		grep -q 'vanban sign: error: .*wrong PIN' "$S/t2.err"; then ok; else
		no "vanban sign --pkcs11 with a wrong PIN: $(cat "$S/t2.err")"
	fi
	unset SOFTHSM2_CONF

	# the images, the seal's size and the certificate from the registry
	cp -r content/registry "$S/reg"
	cp "$S/signature.png" "$S/seal.png" "$S/agency.pem" "$S/reg/"
	sed -i 's/^  text: Tỉnh ủy Kon Tum$/&\n  signature_image: signature.png\n  seal_image: seal.png\n  seal_mm: 36/' "$S/reg/agencies.yaml"
	if $VB sign --registry "$S/reg" --p12 "$S/signer.p12" -o "$S/reg1.pdf" "$P" 2>"$S/r.err" &&
		$VB sign --registry "$S/reg" --p12 "$S/agency.p12" -o "$S/reg2.pdf" "$S/reg1.pdf" 2>>"$S/r.err" &&
		[ "$(pdfsig "$S/reg2.pdf" 2>/dev/null | grep -c 'Field Name: vanban-\(signer\|agency\)-1$')" = 2 ] &&
		pdftoppm -f 5 -l 5 -r 144 -singlefile "$S/reg2.pdf" "$S/reg" &&
		$PY tests/sign_check.py place "$S/reg2.pdf" "$S/reg.ppm" 144 36 >"$S/r.out" 2>&1; then ok; else
		no "vanban sign --registry: $(cat "$S/r.err" "$S/r.out" 2>/dev/null)"
	fi
	# covers: D_SEAL_MM
	sed 's/^  seal_mm: 36$/  seal_mm: 36mm/' "$S/reg/agencies.yaml" >"$S/reg/a2" && mv "$S/reg/a2" "$S/reg/agencies.yaml"
	$VB check $FONTS --registry "$S/reg" content/ke-hoach-155-kt.yaml >/dev/null 2>"$S/mm1.err"
	st1=$?
	$VB sign --registry "$S/reg" --p12 "$S/signer.p12" -o "$S/reg3.pdf" "$P" 2>"$S/mm2.err"
	st2=$?
	if [ $st1 = 1 ] && [ $st2 = 1 ] && [ ! -e "$S/reg3.pdf" ] &&
		grep -q "agencies.yaml:[0-9]*:[0-9]*: error: 'seal_mm' must be the seal's diameter in millimetres, a number above 0 and at most 100, found '36mm'" "$S/mm1.err" &&
		grep -q "agencies.yaml:[0-9]*:[0-9]*: error: 'seal_mm' must be" "$S/mm2.err"; then ok; else
		no "seal_mm: 36mm in the registry: exit $st1 and $st2: $(cat "$S/mm1.err" "$S/mm2.err")"
	fi

	# a 16-bit gray image with alpha goes in as it is
	if $VB sign --p12 "$S/signer.p12" --image "$S/gray16.png" -o "$S/gray.pdf" "$P" 2>"$S/g.err" &&
		qpdf --check "$S/gray.pdf" >/dev/null 2>&1 &&
		qpdf --json=2 --json-key=qpdf "$S/gray.pdf" | grep -q '"/BitsPerComponent": 16'; then ok; else
		no "vanban sign with a 16-bit gray PNG: $(cat "$S/g.err")"
	fi

	# refused: a PDF that vanban did not build, a PIN on the command line,
	# no PIN at all, a certificate file with a key in it
	qpdf --empty "$S/plain.pdf"
	if ! $VB sign --p12 "$S/signer.p12" --image "$S/signature.png" -o "$S/x.pdf" "$S/plain.pdf" 2>"$S/x.err" &&
		[ ! -e "$S/x.pdf" ] && grep -q "plain.pdf: error: no signing record (/VanbanSign): vanban sign signs a PDF that vanban build made" "$S/x.err"; then ok; else
		no "vanban sign on a PDF without /VanbanSign: $(cat "$S/x.err")"
	fi
	$VB sign --pin 1234 --p12 "$S/signer.p12" --image "$S/signature.png" -o "$S/x.pdf" "$P" 2>"$S/x.err"
	st=$?
	[ $st = 2 ] && [ ! -e "$S/x.pdf" ] && grep -q 'no PIN or password on the command line' "$S/x.err" && ok ||
		no "vanban sign --pin: exit $st: $(cat "$S/x.err")"
	(unset VANBAN_PIN; setsid -w $VB sign --p12 "$S/signer.p12" --image "$S/signature.png" -o "$S/x.pdf" "$P" </dev/null 2>"$S/x.err")
	st=$?
	[ $st = 1 ] && [ ! -e "$S/x.pdf" ] && grep -q 'no PIN or password: set VANBAN_PIN' "$S/x.err" && ok ||
		no "vanban sign without a PIN: exit $st: $(cat "$S/x.err")"
	cat "$S/agency.key" "$S/agency.pem" >"$S/withkey.pem"
	if ! $VB sign --p12 "$S/agency.p12" --cert "$S/withkey.pem" --attachment -o "$S/x.pdf" "$A" 2>"$S/x.err" &&
		[ ! -e "$S/x.pdf" ] && grep -q 'withkey.pem holds a private key' "$S/x.err"; then ok; else
		no "vanban sign --cert with a private key in it: $(cat "$S/x.err")"
	fi
	unset VANBAN_PIN
fi

# ---- build --pdfa: PDF/A-2b (ISO 19005-2, level B), and signing keeps it so ----
# each requirement that applies is checked by tests/pdfa_check.py (no PDF/A
# validator is packaged in Debian)
$VB build $FONTS -o "$S/pdfa" --pdfa content/ke-hoach-155-kt.yaml content/ke-hoach-annex-state.yaml 2>"$S/pdfa.err" ||
	no "vanban build --pdfa: $(cat "$S/pdfa.err")"
for f in ke-hoach-155-kt ke-hoach-annex-state; do
	if $PY tests/pdfa_check.py "$S/pdfa/$f.pdf" >"$S/pdfa.out" 2>&1 && qpdf --check "$S/pdfa/$f.pdf" >/dev/null 2>&1; then ok; else
		no "vanban build --pdfa: $f.pdf is not PDF/A-2b: $(cat "$S/pdfa.out")"
	fi
done
# the plain PDF is not (and the check can tell)
$VB build $FONTS -o "$S/plain" content/ke-hoach-155-kt.yaml 2>/dev/null
$PY tests/pdfa_check.py "$S/plain/ke-hoach-155-kt.pdf" >"$S/plain.out" 2>&1
if grep -q '^6.1.3: no /ID' "$S/plain.out" && grep -q '^6.2.2: 0 OutputIntents' "$S/plain.out" &&
	grep -q '^6.6.2.1: the catalog has no /Metadata' "$S/plain.out"; then ok; else
	no "tests/pdfa_check.py does not tell a plain PDF from a PDF/A one: $(cat "$S/plain.out")"
fi
# the same sources, the same bytes
$VB build $FONTS -o "$S/pdfa2" --pdfa content/ke-hoach-155-kt.yaml 2>/dev/null
cmp -s "$S/pdfa/ke-hoach-155-kt.pdf" "$S/pdfa2/ke-hoach-155-kt.pdf" && ok ||
	no "vanban build --pdfa: two runs give different bytes"
if [ $sign_tools_ok = 1 ]; then
	export VANBAN_PIN=mật-khẩu
	if $VB sign --p12 "$S/signer.p12" --image "$S/signature.png" -o "$S/pdfa1.pdf" "$S/pdfa/ke-hoach-155-kt.pdf" 2>"$S/pa.err" &&
		$VB sign --p12 "$S/agency.p12" --seal "$S/seal.png" --seal-mm 36 -o "$S/pdfa2.pdf" "$S/pdfa1.pdf" 2>>"$S/pa.err" &&
		$VB sign --p12 "$S/agency.p12" --attachment -o "$S/pdfa3.pdf" "$S/pdfa/ke-hoach-annex-state.pdf" 2>>"$S/pa.err"; then ok; else
		no "vanban sign on a PDF/A file: $(cat "$S/pa.err")"
	fi
	for f in pdfa2 pdfa3; do
		if $PY tests/pdfa_check.py "$S/$f.pdf" >"$S/pdfa.out" 2>&1 && qpdf --check "$S/$f.pdf" >/dev/null 2>&1; then ok; else
			no "vanban sign: the signed $f.pdf is no longer PDF/A-2b: $(cat "$S/pdfa.out")"
		fi
	done
	verdicts "$S/pdfa2.pdf" >"$S/v2"
	same "vanban sign: pdfsig on the PDF/A plan signed twice" "$S/v2.want" "$S/v2"
	unset VANBAN_PIN
fi

# ---- make print and distribute on a signed plan ----
# distribute reads the YAML source only, never the PDF: a signed PDF
# beside it changes nothing. make print copies the signed out/STEM.pdf
# (signed in place, so newer than its source: make keeps it) with its
# printed signature widgets: the paper original shows the images.
if [ $sign_tools_ok = 1 ]; then
	mkdir -p "$S/mk/build" "$S/mk/out"
	cp -r Makefile content templates "$S/mk/"
	cp "$VB" "$S/mk/build/vanban"
	cp "$S/signed2.pdf" "$S/mk/out/ke-hoach-155-kt.pdf"
	touch "$S/mk/out/ke-hoach-155-kt.pdf"
	if make -s -C "$S/mk" -o build/vanban out/print/ke-hoach-155-kt.pdf >"$S/print.out" 2>&1 &&
		cmp -s "$S/signed2.pdf" "$S/mk/out/ke-hoach-155-kt.pdf" && qpdf --check "$S/mk/out/print/ke-hoach-155-kt.pdf" >/dev/null 2>&1 &&
		pdftoppm -f 5 -l 5 -r 144 -singlefile "$S/mk/out/print/ke-hoach-155-kt.pdf" "$S/print" &&
		$PY tests/sign_check.py place "$S/signed2.pdf" "$S/print.ppm" 144 36 >"$S/print.check" 2>&1; then ok; else
		no "make print on a signed plan: $(tail -n 3 "$S/print.out") $(cat "$S/print.check" 2>/dev/null)"
	fi
	(cd "$S/mk" && "$VBA" distribute --register "$S/mk/out/register.csv" content/ke-hoach-155-kt.yaml) >"$S/dist.out" 2>&1 &&
		grep -q 'ke-hoach-155-kt\|155' "$S/mk/out/register.csv" && ok ||
		no "distribute beside a signed plan: $(cat "$S/dist.out")"
fi

# installed, vanban finds its signing helper in PREFIX/libexec/vanban and
# the sRGB profile among its templates
SI=$S/inst
if make -s install PREFIX=/usr DESTDIR="$SI" >"$S/install.out" 2>&1 &&
	"$SI/usr/bin/vanban" sign --help >"$S/sign-help.out" 2>&1 && grep -q '^usage: vanban sign' "$S/sign-help.out" &&
	(cd "$S" && "$SI/usr/bin/vanban" build $FONTS --pdfa -o "$S/inst-out" "$OLDPWD/content/ke-hoach-155-kt.yaml") 2>"$S/ib.err" &&
	$PY tests/pdfa_check.py "$S/inst-out/ke-hoach-155-kt.pdf" >/dev/null 2>&1; then ok; else
	no "the installed vanban: sign or build --pdfa fails: $(tail -n 3 "$S/install.out" "$S/sign-help.out" "$S/ib.err")"
fi

# vanban itself loads no OpenSSL: only its helper does
if ldd "$VB" | grep -q 'libcrypto\|libssl\|libp11'; then
	no "$VB links OpenSSL: $(ldd "$VB" | grep 'libcrypto\|libssl\|libp11')"
else ok; fi
