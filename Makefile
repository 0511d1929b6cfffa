# sendguard: plain make with pkg-config. `make check` installs missing Debian
# packages (scripts/deps.sh), builds, and runs every test.

PREFIX	?= /usr/local
comma	:= ,
BUILD	?= build
CC	?= cc
CLANG	?= clang
FUZZ_SECONDS ?= 30

PKGS	 = libetpan libidn2 libpsl icu-uc icu-i18n gnutls ncursesw
WARN	 = -Wall -Wextra -Werror -Wformat=2 -Wmissing-prototypes \
	   -Wstrict-prototypes -Wshadow -Wpointer-arith -Wwrite-strings -Wundef
CFLAGS	?= -O2 -g
ALL_CFLAGS = -DSENDGUARD_THEMES='"$(PREFIX)/share/sendguard/themes"' -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 \
	   -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) $(SAN) \
	   -Icommon -Iguard -Itransport -Itui -Icli \
	   $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
# libetpan's pkg-config adds dpkg's link specs and -z now (eager binding of
# every library at start-up); sendguard check should start fast. GnuTLS
# (the SMTP client's TLS and SASL hashes) is loaded by libetpan anyway.
LIBS	 = $(filter-out -specs=% -Wl$(comma)-z$(comma)now,$(shell pkg-config --libs $(PKGS) 2>/dev/null)) -lmagic
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

COMMON_SRC	= $(wildcard common/*.c)
GUARD_SRC	= $(wildcard guard/*.c)
TRANSPORT_SRC	= $(wildcard transport/*.c)
TUI_SRC		= $(wildcard tui/*.c)
PTY_SRC		= $(wildcard tests/pty/test_*.c)
CLI_SRC		= $(filter-out cli/main.c,$(wildcard cli/*.c))
UNIT_SRC	= $(wildcard tests/unit/test_*.c)
BENCH_SRC	= $(wildcard bench/bench_*.c)
FUZZ_SRC	= $(wildcard tests/fuzz/fuzz_*.c)

obj	= $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
GEN_BUILTIN = $(BUILD)/gen/builtin_domains.c

LIBCOMMON = $(BUILD)/libcommon.a
LIBGUARD  = $(BUILD)/libguard.a
LIBCLI    = $(BUILD)/libcli.a
LIBTRANSPORT = $(BUILD)/libtransport.a
LIBTUI    = $(BUILD)/libtui.a
ALL_LIBS  = $(LIBCLI) $(LIBTUI) $(LIBTRANSPORT) $(LIBGUARD) $(LIBCOMMON)

UNIT_BIN  = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
PTY_BIN   = $(patsubst tests/pty/%.c,$(BUILD)/pty/%,$(PTY_SRC))
PTY_LIBS  = $(shell pkg-config --libs vterm 2>/dev/null) -lutil
BENCH_BIN = $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

.PHONY: all deps check unit asan bench fuzz run install clean format

all: $(BUILD)/sendguard

deps:
	@sh scripts/deps.sh

$(BUILD)/obj/.keep:
	@mkdir -p $(dir $@) && touch $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(GEN_BUILTIN): guard/domains.txt scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh guard/domains.txt builtin_domains > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/builtin_domains.o: $(GEN_BUILTIN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIBCOMMON): $(call obj,$(COMMON_SRC))
	@rm -f $@; ar rcs $@ $(filter %.o,$^)
$(LIBGUARD): $(call obj,$(GUARD_SRC)) $(BUILD)/obj/gen/builtin_domains.o
	@rm -f $@; ar rcs $@ $(filter %.o,$^)
$(LIBCLI): $(call obj,$(CLI_SRC)) $(BUILD)/obj/.keep
	@rm -f $@; ar rcs $@ $(filter %.o,$^)
$(LIBTRANSPORT): $(call obj,$(TRANSPORT_SRC)) $(BUILD)/obj/.keep
	@rm -f $@; ar rcs $@ $(filter %.o,$^)
$(LIBTUI): $(call obj,$(TUI_SRC)) $(BUILD)/obj/.keep
	@rm -f $@; ar rcs $@ $(filter %.o,$^)

$(BUILD)/sendguard: $(call obj,cli/main.c) $(ALL_LIBS)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c $(ALL_LIBS)
	@mkdir -p $(dir $@)
	@echo "  CC LD   $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LIBS) $(CMOCKA_LIBS) $(LIBS) $(LDFLAGS)
$(BUILD)/tests/test_draft $(BUILD)/tests/test_draft_mime: tests/unit/draft_helpers.h
$(BUILD)/tests/test_msgtext $(BUILD)/tests/test_msgtext_edge: tests/unit/msgtext_helpers.h
$(BUILD)/tests/test_alias $(BUILD)/tests/test_abook $(BUILD)/tests/test_vcard: tests/unit/contact_helpers.h

# The keystroke benchmark drives the real binary through the pty harness.
$(BUILD)/bench/bench_keystroke: bench/bench_keystroke.c $(BUILD)/pty/harness.o \
	    $(BUILD)/pty/harness_screen.o $(ALL_LIBS)
	@mkdir -p $(dir $@)
	@echo "  CC LD   $@"
	@$(CC) $(ALL_CFLAGS) -Itests/pty -o $@ $< $(BUILD)/pty/harness.o \
	    $(BUILD)/pty/harness_screen.o \
	    $(ALL_LIBS) $(LIBS) $(PTY_LIBS) $(LDFLAGS)

$(BUILD)/bench/%: bench/%.c $(ALL_LIBS)
	@mkdir -p $(dir $@)
	@echo "  CC LD   $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LIBS) $(LIBS) $(LDFLAGS)

# pty tests: the real binary in a pseudo-terminal, its screen read by
# libvterm (tests/pty/harness*.c), plus small fixture programs.
$(BUILD)/pty/harness.o $(BUILD)/pty/harness_screen.o: $(BUILD)/pty/%.o: \
	    tests/pty/%.c tests/pty/harness.h tests/pty/harness_impl.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -Itests/pty -c $< -o $@
$(BUILD)/pty/test_%: tests/pty/test_%.c tests/pty/pty_env.h $(BUILD)/pty/harness.o \
	    $(BUILD)/pty/harness_screen.o $(ALL_LIBS)
	@mkdir -p $(dir $@)
	@echo "  CC LD   $@"
	@$(CC) $(ALL_CFLAGS) -Itests/pty -o $@ $< $(BUILD)/pty/harness.o \
	    $(BUILD)/pty/harness_screen.o \
	    $(ALL_LIBS) $(CMOCKA_LIBS) $(LIBS) $(PTY_LIBS) $(LDFLAGS)
$(BUILD)/pty/fixture_%: tests/pty/fixture_%.c
	@mkdir -p $(dir $@)
	@echo "  CC LD   $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBS) $(LDFLAGS)

# The SMTP client driven field by field (tests/cli/wire.sh).
$(BUILD)/wire/wiredrive: tests/wire/wiredrive.c $(ALL_LIBS)
	@mkdir -p $(dir $@)
	@echo "  CC LD   $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LIBS) $(LIBS) $(LDFLAGS)

unit: $(UNIT_BIN) $(BUILD)/sendguard $(PTY_BIN) $(BUILD)/wire/wiredrive \
	$(patsubst tests/pty/%.c,$(BUILD)/pty/%,$(wildcard tests/pty/fixture_*.c))

check: deps
	@$(MAKE) --no-print-directory unit
	@sh tests/run.sh $(BUILD)

# The unit tests under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="-O1 -g" \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" unit
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    sh tests/run.sh build/asan unit

bench: deps
	@$(MAKE) --no-print-directory BUILD=build/bench-build CFLAGS="-O2 -g" \
	    $(patsubst $(BUILD)/%,build/bench-build/%,$(BENCH_BIN)) build/bench-build/sendguard
	@sh bench/run.sh build/bench-build

# libFuzzer targets, one per parser; each runs FUZZ_SECONDS from its seed corpus.
# The sources are compiled once (instrumented, without libFuzzer's main) and
# each target links its own file against them.
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
	-g -O1 -Icommon -Iguard -Itransport -Itui -Icli \
	$(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
FUZZ_LIBS = -letpan $(shell pkg-config --libs libidn2 libpsl icu-uc icu-i18n gnutls ncursesw 2>/dev/null) -lmagic
FUZZ_OBJ = $(patsubst %.c,$(BUILD)/fuzzobj/%.o,$(COMMON_SRC) $(GUARD_SRC) \
	$(TRANSPORT_SRC) $(TUI_SRC) $(CLI_SRC)) $(BUILD)/fuzzobj/gen/builtin_domains.o
FUZZ_BIN = $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
.SECONDARY: $(FUZZ_OBJ)

$(BUILD)/fuzzobj/gen/builtin_domains.o: $(GEN_BUILTIN)
	@mkdir -p $(dir $@)
	@$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@
$(BUILD)/fuzzobj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_contacts.h $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	@echo "fuzz: building $*"
	@$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
	    $(FUZZ_OBJ) $(FUZZ_LIBS)

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(BUILD)/fuzz $(FUZZ_SECONDS)

run: deps all
	@sh scripts/run.sh $(BUILD)/sendguard

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/sendguard/themes
	install -m 755 $(BUILD)/sendguard $(DESTDIR)$(PREFIX)/bin/sendguard
	install -m 644 docs/sendguard.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 docs/sendguard.conf.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	for t in themes/*; do [ -f "$$t" ] && install -m 644 "$$t" \
	    $(DESTDIR)$(PREFIX)/share/sendguard/themes/ || true; done

format:
	clang-format -i $(COMMON_SRC) $(GUARD_SRC) $(TRANSPORT_SRC) $(TUI_SRC) $(wildcard cli/*.c) common/*.h guard/*.h transport/*.h cli/*.h

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
