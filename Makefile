# vanban: `make plan` builds every content/*.yaml into out/; `make check`
# runs the tests. Both install what a fresh Debian machine lacks (make deps).

CC ?= cc
PKGS = libcmark yaml-0.1 libutf8proc harfbuzz harfbuzz-subset
CFLAGS ?= -O2 -g
WARN = -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBS = -lhpdf $(PKG_LIBS) -lm

SRCS = $(filter-out generator/main.c,$(wildcard generator/*.c))
OBJS = $(SRCS:generator/%.c=build/obj/%.o)
DEPS = $(OBJS:.o=.d) build/obj/main.d

CONTENT = $(wildcard content/*.yaml)
PLANS = $(CONTENT:content/%.yaml=out/%.pdf)

# Debian packages the build, the tests and the yardsticks need.
DEB_PKGS = gcc make pkg-config libhpdf-dev libcmark-dev libyaml-dev libutf8proc-dev \
	libharfbuzz-dev fonts-liberation2 qpdf poppler-utils mupdf-tools python3
DEPS_STAMP = build/.deps-ok
# What only the tests need: Chromium lays out the HTML page.
CHECK_PKGS = chromium
CHECK_STAMP = build/.check-deps-ok

.PHONY: all plan check deps clean unit golden sanitize
all: build/vanban

# Installs the missing packages once; the stamp remembers that they were there.
define install_missing
	@mkdir -p build
	@missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi
	@touch $@
endef

$(DEPS_STAMP):
	$(call install_missing,$(DEB_PKGS))

$(CHECK_STAMP): $(DEPS_STAMP)
	$(call install_missing,$(CHECK_PKGS))

deps: $(DEPS_STAMP)

build/obj/%.o: generator/%.c | $(DEPS_STAMP)
	@mkdir -p build/obj
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/vanban: $(OBJS) build/obj/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

plan: $(PLANS)

# A plan depends on its source, the generator, every template, and the
# registry files it takes entries from (listed by vanban in out/STEM.d).
out/%.pdf: content/%.yaml build/vanban $(wildcard templates/*.yaml templates/kinds/*.yaml templates/page.*)
	build/vanban build --deps -o out $<

-include $(wildcard out/*.d)

check: build/vanban $(CHECK_STAMP)
	@sh tests/run.sh

# Time, peak memory and size against Typst 0.10 (bench/run.sh installs what
# it lacks); README's Benchmark section shows the latest figures.
.PHONY: bench
bench: build/vanban
	@sh bench/run.sh

clean:
	rm -rf build out

-include $(DEPS)
