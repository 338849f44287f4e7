# vanban: `make plan` builds every content/*.yaml into out/; `make check`
# runs the tests. Both install what a fresh Debian machine lacks (make deps).

CC ?= cc
# No built-in rules: every rule make needs is written here, and it need not
# try its own (RCS, SCCS, lex, yacc ...) for each file a document depends
# on: with 200 documents that was 70 ms of each make plan's passes.
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
PKGS = libcmark yaml-0.1 libutf8proc harfbuzz harfbuzz-subset libdeflate
CFLAGS ?= -O2 -g
WARN = -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBS = -lhpdf $(PKG_LIBS) -lm -pthread
# vanban-xlsx, the helper that writes the task workbook: only it loads
# libxlsxwriter (vanban runs it for tasks --xlsx).
XLSX_PKGS = xlsxwriter libutf8proc
XLSX_CFLAGS = $(shell pkg-config --cflags $(XLSX_PKGS) 2>/dev/null)
XLSX_LIBS = $(shell pkg-config --libs $(XLSX_PKGS) 2>/dev/null)

SRCS = $(filter-out generator/main.c,$(wildcard generator/*.c))
OBJS = $(SRCS:generator/%.c=build/obj/%.o)
DEPS = $(OBJS:.o=.d) build/obj/main.d build/obj/xlsx/out_xlsx.d

# The sources and where their documents go (other places for the tests).
SRC = content
OUT = out
CONTENT = $(wildcard $(SRC)/*.yaml)
PLANS = $(CONTENT:$(SRC)/%.yaml=$(OUT)/%.pdf)

# Debian packages the build, the tests and the yardsticks need.
DEB_PKGS = gcc make pkg-config libhpdf-dev libcmark-dev libyaml-dev libutf8proc-dev \
	libharfbuzz-dev libdeflate-dev fonts-liberation2 qpdf poppler-utils mupdf-tools python3 gettext locales \
	libzip-dev libxml2-dev libxlsxwriter-dev libssl-dev libpng-dev libengine-pkcs11-openssl icc-profiles-free
DEPS_STAMP = build/.deps-ok
# What only the tests need: Chromium lays out the HTML page; mandoc lints
# the manual page; LibreOffice Calc (read back with openpyxl) opens the task
# CSV and the register as a clerk would; python3-icalendar reads the
# calendar as a calendar program would; LibreOffice Writer renders the Word
# files (read back with python-docx); SoftHSM2 is the PKCS#11 token of
# the signing tests (opensc's pkcs11-tool puts the key on it), whose
# certificates pdfsig trusts through an NSS database that certutil makes;
# python3-jsonschema (with python3-yaml) checks the sources against the
# schema as an editor would; libc-l10n holds glibc's own messages in
# Vietnamese (a system error said in the user's language).
CHECK_PKGS = chromium mandoc libreoffice-calc-nogui python3-openpyxl python3-icalendar softhsm2 libnss3-tools opensc \
	libreoffice-writer-nogui python3-docx python3-jsonschema python3-yaml libc-l10n
CHECK_STAMP = build/.check-deps-ok

MO = build/locale/vi/LC_MESSAGES/vanban.mo

.PHONY: all plan check deps clean unit golden sanitize pot schema
all: build/vanban build/vanban-docx build/vanban-xlsx build/vanban-sign $(MO)

# The messages in Vietnamese: po/vi.po compiled where build/vanban finds it
# (build/locale), as it finds templates/. make pot lists what is marked for
# translation (xgettext: _() and N_(), ngettext, the diagnostics' X-macro).
$(MO): po/vi.po | $(DEPS_STAMP)
	@mkdir -p $(@D)
	msgfmt --check -o $@ po/vi.po
XGETTEXT = xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kngettext:1,2 -kX:3 --add-comments=TRANSLATORS: \
	--package-name=vanban --msgid-bugs-address=vanban --sort-by-file
# (POT names another place: the tests write their own)
POT = build/vanban.pot
pot: $(POT)
$(POT): $(wildcard generator/*.c generator/*.h generator/xlsx/*.c generator/docx/*.c sign/*.c sign/*.h) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(XGETTEXT) -o $@ $(sort $(wildcard generator/*.c generator/*.h generator/xlsx/*.c generator/docx/*.c sign/*.c sign/*.h))

# make schema: schema/vanban.schema.json, the JSON Schema of the content
# format that the editor checks sources with (.vscode/settings.json), written
# again from the key tables and templates/kinds; the tests check it is current.
schema: build/vanban
	@mkdir -p schema
	build/vanban schema >schema/vanban.schema.json.tmp && mv schema/vanban.schema.json.tmp schema/vanban.schema.json

# Installs the missing packages once (waiting for the package manager when
# it is busy); the stamp remembers that they were there.
define install_missing
	@mkdir -p build
	@sh build-aux/install-missing $(1)
	@touch $@
endef

# Debian has no vi_VN locale until one is made: made here once, so that
# LANG=vi_VN.UTF-8 works for vanban as for every GNU program.
$(DEPS_STAMP):
	@mkdir -p build
	@sh build-aux/install-missing $(DEB_PKGS)
	@locale -a 2>/dev/null | grep -qix 'vi_VN.utf8' || { \
		echo "make deps: making the locale vi_VN.UTF-8"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO localedef -i vi_VN -f UTF-8 vi_VN.UTF-8 || exit 1; }
	@touch $@

# (the list may grow: a stamp older than this file looks again)
$(CHECK_STAMP): $(DEPS_STAMP) Makefile
	$(call install_missing,$(CHECK_PKGS))

deps: $(DEPS_STAMP)

# make print: out/print/STEM.pdf holds every printed copy of a document, in
# order (as many as `vanban distribute --total` counts: the recipients'
# copies and the archive's), each starting on a recto for a duplex printer:
# a copy with an odd number of pages is followed by a blank page.
PRINTS = $(CONTENT:content/%.yaml=out/print/%.pdf)
.PHONY: print install uninstall
print: $(PRINTS)

out/print/%.pdf: out/%.pdf content/%.yaml build/vanban build/blank-a4.pdf
	@mkdir -p out/print
	@n=$$(build/vanban distribute --total content/$*.yaml) && pages=$$(qpdf --show-npages out/$*.pdf) && \
	set -- && i=0 && while [ $$i -lt $$n ]; do \
		set -- "$$@" out/$*.pdf && if [ $$((pages % 2)) = 1 ]; then set -- "$$@" build/blank-a4.pdf; fi; \
		i=$$((i + 1)); \
	done && qpdf --deterministic-id --empty --pages "$$@" -- $@.tmp && mv $@.tmp $@ && \
	echo "$@: $$n copies of $$pages pages$$([ $$((pages % 2)) = 1 ] && echo ', each followed by a blank page')"

# One blank A4 page (the size both families print on), written byte by byte.
build/blank-a4.pdf:
	@mkdir -p build
	@printf '%s\n' '%PDF-1.4' '1 0 obj' '<< /Type /Catalog /Pages 2 0 R >>' 'endobj' '2 0 obj' \
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>' 'endobj' '3 0 obj' \
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.27557 841.88977] /Resources << >> >>' 'endobj' \
		'xref' '0 4' '0000000000 65535 f ' '0000000009 00000 n ' '0000000058 00000 n ' '0000000115 00000 n ' \
		'trailer' '<< /Size 4 /Root 1 0 R >>' 'startxref' '215' '%%EOF' >$@

# make install [PREFIX=/usr/local] [DESTDIR=]: the program, its helpers
# (PREFIX/libexec/vanban, where vanban runs them), its templates
# (where it looks for them: PREFIX/share/vanban/templates) and the schema
# beside them (which vanban new names in a skeleton), vanban(1) and
# the users' manual of the content format (PREFIX/share/doc/vanban).
PREFIX ?= /usr/local
DESTDIR ?=
install: build/vanban build/vanban-docx build/vanban-xlsx build/vanban-sign $(MO)
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" "$(DESTDIR)$(PREFIX)/libexec/vanban"
	install -m 755 build/vanban "$(DESTDIR)$(PREFIX)/bin/vanban"
	install -m 755 build/vanban-docx build/vanban-xlsx build/vanban-sign "$(DESTDIR)$(PREFIX)/libexec/vanban/"
	for f in $$(cd templates && find . -type f | sort); do \
		install -D -m 644 "templates/$$f" "$(DESTDIR)$(PREFIX)/share/vanban/templates/$$f" || exit 1; \
	done
	install -D -m 644 schema/vanban.schema.json "$(DESTDIR)$(PREFIX)/share/vanban/schema/vanban.schema.json"
	install -m 644 doc/vanban.1 "$(DESTDIR)$(PREFIX)/share/man/man1/vanban.1"
	install -D -m 644 doc/format.md "$(DESTDIR)$(PREFIX)/share/doc/vanban/format.md"
	install -D -m 644 doc/huong-dan.md "$(DESTDIR)$(PREFIX)/share/doc/vanban/huong-dan.md"
	install -D -m 644 $(MO) "$(DESTDIR)$(PREFIX)/share/locale/vi/LC_MESSAGES/vanban.mo"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/vanban" "$(DESTDIR)$(PREFIX)/share/man/man1/vanban.1"
	rm -rf "$(DESTDIR)$(PREFIX)/libexec/vanban"
	rm -f "$(DESTDIR)$(PREFIX)/share/locale/vi/LC_MESSAGES/vanban.mo"
	rm -rf "$(DESTDIR)$(PREFIX)/share/vanban" "$(DESTDIR)$(PREFIX)/share/doc/vanban" "$(DESTDIR)$(PREFIX)/libexec/vanban"

build/obj/%.o: generator/%.c | $(DEPS_STAMP)
	@mkdir -p build/obj
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/vanban: $(OBJS) build/obj/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

# vanban-docx: the same program with the Word writer, which vanban runs
# for build --docx; it alone links libxml2 and libzip.
DOCX_SRCS = $(wildcard generator/docx/*.c)
DOCX_OBJS = $(DOCX_SRCS:generator/docx/%.c=build/obj/docx/%.o)
DOCX_CFLAGS = $(shell pkg-config --cflags libxml-2.0 libzip 2>/dev/null)
DOCX_LIBS = $(shell pkg-config --libs libxml-2.0 libzip 2>/dev/null)
build/obj/docx/%.o: generator/docx/%.c | $(DEPS_STAMP)
	@mkdir -p build/obj/docx
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(DOCX_CFLAGS) -MMD -MP -c $< -o $@
build/obj/main-docx.o: generator/main.c | $(DEPS_STAMP)
	@mkdir -p build/obj
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -DVANBAN_DOCX -MMD -MP -c $< -o $@
build/vanban-docx: $(OBJS) $(DOCX_OBJS) build/obj/main-docx.o
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS) $(DOCX_LIBS)
ifeq ($(PLAN_PASS),)
-include $(wildcard build/obj/docx/*.d) $(wildcard build/obj/main-docx.d)
endif

build/obj/xlsx/%.o: generator/xlsx/%.c | $(DEPS_STAMP)
	@mkdir -p build/obj/xlsx
	$(CC) $(WARN) $(CFLAGS) -Igenerator $(XLSX_CFLAGS) -MMD -MP -c $< -o $@

build/vanban-xlsx: build/obj/xlsx/out_xlsx.o build/obj/util.o
	$(CC) $(CFLAGS) -o $@ $^ $(XLSX_LIBS)

# vanban-sign, the helper that `vanban sign` runs (as git runs its own):
# it alone links OpenSSL (and through OpenSSL's engine a PKCS#11 module)
# and libpng, so that vanban build never loads them. It reads the
# registry with vanban's YAML loader.
SIGN_PKGS = libcrypto libpng yaml-0.1 libutf8proc zlib
SIGN_CFLAGS = -Igenerator $(shell pkg-config --cflags $(SIGN_PKGS) 2>/dev/null)
SIGN_LIBS = $(shell pkg-config --libs $(SIGN_PKGS) 2>/dev/null) -lm
SIGN_SRCS = $(wildcard sign/*.c)
SIGN_SHARED = util diag load_yaml legacy
SIGN_OBJS = $(SIGN_SRCS:sign/%.c=build/obj/sign/%.o) $(SIGN_SHARED:%=build/obj/%.o)

build/obj/sign/%.o: sign/%.c | $(DEPS_STAMP)
	@mkdir -p build/obj/sign
	$(CC) $(WARN) $(CFLAGS) $(SIGN_CFLAGS) -MMD -MP -c $< -o $@

build/vanban-sign: $(SIGN_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(SIGN_LIBS)

# Every good document is built, every bad one reported, and the run fails
# at the end if one was bad. The documents out of date are those make finds
# so (each depends on its source, the generator, every template, and the
# registry files it takes entries from, listed by vanban in out/STEM.d),
# but they are built together: a first pass of make only lists them
# (PLAN_TODO), then one vanban per job slot, and at most one per core,
# builds a share of the list. Each vanban reads the templates and the
# fonts once, and a repository of hundreds of documents pays a few process
# starts instead of one for each (vanban builds every good file it is
# given and reports every bad one). The list is written by make itself
# ($(file)), without a shell for each document. make out/STEM.pdf still
# builds one.
PLAN_TODO_FILE = $(OUT)/.plan-todo
# The passes make plan runs after the first (the list, the batches) make
# no program: the first brought build/vanban up to date. They leave the
# compilers' dependency files unread (some 250, read again by each pass),
# the batches the documents' too, and so does the first make when plan is
# all it is asked for: with 200 documents that was 300 ms of make's own
# work.
PLAN_PASS = $(PLAN_TODO)$(PLAN_BATCHES)
plan: build/vanban $(MO) $(if $(DOCX),build/vanban-docx)
	@trap 'rm -f $(PLAN_TODO_FILE)' EXIT; trap 'rm -f $(PLAN_TODO_FILE); exit 130' INT TERM; mkdir -p $(OUT) && : >$(PLAN_TODO_FILE) && \
	$(MAKE) --no-print-directory -s -k plan-documents PLAN_TODO=1; listed=$$?; \
	n=$$(sort -u $(PLAN_TODO_FILE) | wc -l); cores=$$(nproc 2>/dev/null || echo 1); \
	case " $$MAKEFLAGS " in \
	*" -j "*) slots=$$cores ;; \
	*" -j"[0-9]*) slots=" $$MAKEFLAGS "; slots=$${slots#* -j}; slots=$${slots%% *} ;; \
	*) slots=1 ;; \
	esac; \
	[ "$$slots" -le "$$cores" ] || slots=$$cores; [ "$$slots" -le "$$n" ] || slots=$$n; \
	built=0; [ "$$slots" = 0 ] || $(MAKE) --no-print-directory -k plan-batches PLAN_BATCHES=$$slots || built=1; \
	[ "$$n" != 0 ] || [ $$listed != 0 ] || echo "make plan: every document in $(OUT) is up to date"; \
	rm -f $(PLAN_TODO_FILE); \
	[ $$listed = 0 ] && [ $$built = 0 ] || { \
		echo "make plan: some documents were not built: their errors are above" >&2; exit 1; }

.PHONY: plan-documents plan-batches
plan-documents: $(PLANS)

# Batch K of PLAN_BATCHES: every PLAN_BATCHES-th document of the list.
plan-batches: $(if $(PLAN_BATCHES),$(addprefix plan-batch-,$(shell seq 0 $$(($(PLAN_BATCHES) - 1)))))
plan-batch-%:
	@set -- $$(sort -u $(PLAN_TODO_FILE) | awk -v n=$(PLAN_BATCHES) -v k=$* '(NR - 1) % n == k'); \
	[ $$# = 0 ] || { echo build/vanban build --deps $(if $(DOCX),--docx) -o $(OUT) "$$@"; \
		build/vanban build --deps $(if $(DOCX),--docx) -o $(OUT) "$$@"; }

# A plan depends on its source, the generator, every template, and the
# registry files it takes entries from (listed by vanban in out/STEM.d).
# make plan DOCX=1: a Word file beside each PDF (by vanban-docx)
$(OUT)/%.pdf: $(SRC)/%.yaml build/vanban $(if $(DOCX),build/vanban-docx) $(wildcard templates/*.yaml templates/kinds/*.yaml templates/page.* templates/docx/*)
	$(if $(PLAN_TODO),$(file >>$(PLAN_TODO_FILE),$<),build/vanban build --deps $(if $(DOCX),--docx) -o $(OUT) $<)

# (not read by the batches, nor by a make asked for plan alone)
PLAN_ONLY = $(or $(PLAN_BATCHES),$(if $(filter-out plan,$(MAKECMDGOALS)),,$(filter plan,$(MAKECMDGOALS))))
ifeq ($(PLAN_ONLY),)
-include $(wildcard $(OUT)/*.d)
endif

# The suite, and beside it (on another core) the suite again with the
# sanitizer build, whose report follows.
check: build/vanban build/vanban-docx build/vanban-xlsx build/vanban-sign $(MO) build/asan/vanban \
		build/asan/vanban-docx build/asan/vanban-xlsx build/asan/vanban-sign $(CHECK_STAMP)
	@VB=build/asan/vanban VB_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 sh tests/run.sh >build/asan/check.log 2>&1 & \
	sh tests/run.sh; plain=$$?; wait $$!; sanitized=$$?; \
	echo "the suite again, under AddressSanitizer and UndefinedBehaviorSanitizer:"; cat build/asan/check.log; \
	[ $$plain = 0 ] && [ $$sanitized = 0 ]

# Time (medians of interleaved runs), peak memory and size against Typst
# 0.10, with the floor they stand on and a repository of 200 documents
# built by make -j plan (bench/run.sh installs what it lacks); README's
# Benchmark section shows the latest figures.
.PHONY: bench
bench: build/vanban $(MO)
	@sh bench/run.sh

# The same program under AddressSanitizer and UndefinedBehaviorSanitizer
# (make check runs the whole suite with it too), in its own object directory.
ASAN_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ASAN_OBJS = $(SRCS:generator/%.c=build/asan/obj/%.o)

build/asan/obj/%.o: generator/%.c | $(DEPS_STAMP)
	@mkdir -p build/asan/obj
	$(CC) $(WARN) $(ASAN_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/asan/vanban: $(ASAN_OBJS) build/asan/obj/main.o
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS)

ASAN_DOCX_OBJS = $(DOCX_SRCS:generator/docx/%.c=build/asan/obj/docx/%.o)
build/asan/obj/docx/%.o: generator/docx/%.c | $(DEPS_STAMP)
	@mkdir -p build/asan/obj/docx
	$(CC) $(WARN) $(ASAN_CFLAGS) $(PKG_CFLAGS) $(DOCX_CFLAGS) -MMD -MP -c $< -o $@
build/asan/obj/main-docx.o: generator/main.c | $(DEPS_STAMP)
	@mkdir -p build/asan/obj
	$(CC) $(WARN) $(ASAN_CFLAGS) $(PKG_CFLAGS) -DVANBAN_DOCX -MMD -MP -c $< -o $@
build/asan/vanban-docx: $(ASAN_OBJS) $(ASAN_DOCX_OBJS) build/asan/obj/main-docx.o
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS) $(DOCX_LIBS)

build/asan/obj/xlsx/%.o: generator/xlsx/%.c | $(DEPS_STAMP)
	@mkdir -p build/asan/obj/xlsx
	$(CC) $(WARN) $(ASAN_CFLAGS) -Igenerator $(XLSX_CFLAGS) -MMD -MP -c $< -o $@

build/asan/vanban-xlsx: build/asan/obj/xlsx/out_xlsx.o build/asan/obj/util.o
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(XLSX_LIBS)

ASAN_SIGN_OBJS = $(SIGN_SRCS:sign/%.c=build/asan/obj/sign/%.o) $(SIGN_SHARED:%=build/asan/obj/%.o)

build/asan/obj/sign/%.o: sign/%.c | $(DEPS_STAMP)
	@mkdir -p build/asan/obj/sign
	$(CC) $(WARN) $(ASAN_CFLAGS) $(SIGN_CFLAGS) -MMD -MP -c $< -o $@

build/asan/vanban-sign: $(ASAN_SIGN_OBJS)
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(SIGN_LIBS)

# make fuzz [FUZZ_SECONDS=600]: libFuzzer over load, validation and every
# renderer, seeded from the test sources; what it finds (crash, leak, slow
# input) lands in build/fuzz/artifacts/, its corpus in build/fuzz/corpus/.
FUZZ_SECONDS ?= 600
FUZZ_PKGS = clang libclang-rt-14-dev
FUZZ_STAMP = build/.fuzz-deps-ok
FUZZ_FLAGS = -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

$(FUZZ_STAMP): $(DEPS_STAMP)
	$(call install_missing,$(FUZZ_PKGS))

build/fuzz/fuzz_doc: tests/fuzz/fuzz_doc.c $(SRCS) $(wildcard generator/*.h) | $(FUZZ_STAMP)
	@mkdir -p build/fuzz
	clang $(WARN) $(FUZZ_FLAGS) -Igenerator $(PKG_CFLAGS) -DFUZZ_ROOT='"$(CURDIR)"' \
		tests/fuzz/fuzz_doc.c $(SRCS) -o $@ $(LIBS)

.PHONY: asan fuzz
asan: build/asan/vanban build/asan/vanban-docx build/asan/vanban-xlsx build/asan/vanban-sign

fuzz: build/fuzz/fuzz_doc
	@mkdir -p build/fuzz/corpus build/fuzz/seeds build/fuzz/artifacts
	@cp content/*.yaml tests/cases/*.yaml tests/bad/*.yaml tests/blocks/*.yaml tests/real/*.yaml build/fuzz/seeds/
	build/fuzz/fuzz_doc -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		-dict=tests/fuzz/yaml.dict -artifact_prefix=build/fuzz/artifacts/ build/fuzz/corpus build/fuzz/seeds

ifeq ($(PLAN_PASS),)
-include $(wildcard build/asan/obj/*.d build/asan/obj/docx/*.d build/asan/obj/xlsx/*.d build/asan/obj/sign/*.d build/obj/sign/*.d)
endif

clean:
	rm -rf build out

ifeq ($(PLAN_PASS),)
-include $(DEPS)
endif
