# sendguard: plain make with pkg-config. `make check` installs missing Debian
# packages (scripts/deps.sh), builds, and runs every test.
#
# Honoured: PREFIX, DESTDIR (staged installs), BINDIR, SBINDIR, DATADIR,
# MANDIR, CC, CPPFLAGS, CFLAGS, LDFLAGS; V=1 prints whole command lines.
# Warnings are errors only in developer builds: `make check`, `make asan`,
# `make fuzz`, `make bench`, or `make DEVELOPER=1`. A plain `make` or a
# package build prints them and goes on.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
SBINDIR	?= $(PREFIX)/sbin
DATADIR	?= $(PREFIX)/share
MANDIR	?= $(DATADIR)/man
THEMESDIR ?= $(DATADIR)/sendguard/themes
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
INSTALL	?= install
comma	:= ,
BUILD	?= build
CC	?= cc
CLANG	?= clang
PKG_CONFIG ?= pkg-config
FUZZ_SECONDS ?= 30

# `git describe --tags --dirty` in a git checkout with a tag, else VERSION.
VERSION	:= $(shell sh scripts/version.sh)

PKGS	 = libetpan libidn2 libpsl icu-uc icu-i18n gnutls ncursesw
WARN	 = -Wall -Wextra -Wformat=2 -Wmissing-prototypes \
	   -Wstrict-prototypes -Wshadow -Wpointer-arith -Wwrite-strings -Wundef
ifeq ($(DEVELOPER),1)
WERROR	 = -Werror
endif
CFLAGS	?= -O2 -g
BASE_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 \
	   -D_DEFAULT_SOURCE -Icommon -Iguard -Itransport -Itui -Icli -Imilter \
	   $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)) \
	   $(WARN) $(CPPFLAGS) $(CFLAGS) $(SAN)
ALL_CFLAGS = $(BASE_CFLAGS) $(WERROR)
# libetpan's pkg-config adds dpkg's link specs and -z now (eager binding of
# every library at start-up); sendguard check should start fast. (LDFLAGS
# may still ask for it: Debian's hardening=+bindnow does.) GnuTLS (the SMTP
# client's TLS and SASL hashes) is loaded by libetpan anyway.
LIBS	 = $(filter-out -specs=% -Wl$(comma)-z$(comma)now,$(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)) -lmagic -lm \
	   $(MILTER_LIBS)
# libmilter (Debian's libmilter-dev) has no pkg-config file worth using.
MILTER_LIBS = -lmilter -lpthread
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

ifeq ($(V),1)
Q	 =
say	 = @true
else
Q	 = @
say	 = @echo
endif

COMMON_SRC	= $(wildcard common/*.c)
GUARD_SRC	= $(wildcard guard/*.c)
TRANSPORT_SRC	= $(wildcard transport/*.c)
TUI_SRC		= $(wildcard tui/*.c)
PTY_SRC		= $(wildcard tests/pty/test_*.c)
CLI_SRC		= $(filter-out cli/main.c,$(wildcard cli/*.c))
MILTER_SRC	= $(wildcard milter/*.c)
UNIT_SRC	= $(wildcard tests/unit/test_*.c)
BENCH_SRC	= $(wildcard bench/bench_*.c)
FUZZ_SRC	= $(wildcard tests/fuzz/fuzz_*.c)
THEMES		= $(filter-out %~,$(wildcard themes/*))
MAN		= $(BUILD)/man/sendguard.1 $(BUILD)/man/sendguard.conf.5

obj	= $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
# The shipped data: compiled into an index at build time (scripts/sgindex.c)
# and assembled into the program with the texts (scripts/shipped-asm.sh).
DATA	= guard/data/builtin.txt guard/data/providers.tsv guard/data/broad.txt
SHIPPED_IDX = $(BUILD)/gen/shipped.idx

LIBCOMMON = $(BUILD)/libcommon.a
LIBGUARD  = $(BUILD)/libguard.a
LIBCLI    = $(BUILD)/libcli.a
LIBTRANSPORT = $(BUILD)/libtransport.a
LIBTUI    = $(BUILD)/libtui.a
# Not "libmilter.a": that name is Debian's libmilter.
LIBMILTERD = $(BUILD)/libsgmilter.a
ALL_LIBS  = $(LIBMILTERD) $(LIBCLI) $(LIBTUI) $(LIBTRANSPORT) $(LIBGUARD) \
	    $(LIBCOMMON)

UNIT_BIN  = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
PTY_BIN   = $(patsubst tests/pty/%.c,$(BUILD)/pty/%,$(PTY_SRC))
PTY_LIBS  = $(shell $(PKG_CONFIG) --libs vterm 2>/dev/null) -lutil
BENCH_BIN = $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

# Stamps, rewritten only when what they record changes, so that make
# rebuilds what depends on them. $(FLAGS): the compiler and its flags (every
# object and binary depends on it); built once without -Werror, the objects
# are built again when it is first asked for, but not the other way round.
# $(DEFS): the version and the installed paths (the sources that use them,
# and the man pages).
FLAGS	 = $(BUILD)/gen/flags
DEFS	 = $(BUILD)/gen/defs
flags_now  := $(strip $(CC) $(BASE_CFLAGS) $(LDFLAGS) $(LIBS))
flags_new  := $(if $(WERROR),werror,plain) $(flags_now)
defs_new   := $(VERSION) $(THEMESDIR)
ifneq ($(if $(MAKECMDGOALS),$(filter-out clean deps format uninstall %-sendmail-link,$(MAKECMDGOALS)),all),)
flags_old  := $(strip $(file <$(FLAGS)))
ifneq ($(flags_old),werror $(flags_now))
ifneq ($(flags_old),$(flags_new))
$(shell mkdir -p $(BUILD)/gen)
$(file >$(FLAGS),$(flags_new))
endif
endif
ifneq ($(strip $(file <$(DEFS))),$(defs_new))
$(shell mkdir -p $(BUILD)/gen)
$(file >$(DEFS),$(defs_new))
endif
endif

.PHONY: all deps check unit asan bench eval fuzz run install uninstall \
	install-sendmail-link uninstall-sendmail-link clean format

all: $(BUILD)/sendguard $(MAN)

deps:
	@sh scripts/deps.sh

$(FLAGS) $(DEFS): ;

$(BUILD)/obj/.keep:
	@mkdir -p $(dir $@) && touch $@

# The version and the themes' directory reach the files that use them (and
# only those are built again when they change).
PROGRAM_SRC = $(COMMON_SRC) $(GUARD_SRC) $(TRANSPORT_SRC) $(TUI_SRC) $(MILTER_SRC) $(wildcard cli/*.c)
VERSION_SRC := $(shell grep -l SENDGUARD_VERSION $(PROGRAM_SRC) /dev/null)
THEMES_SRC  := $(shell grep -l SENDGUARD_THEMES $(PROGRAM_SRC) /dev/null)
$(call obj,$(VERSION_SRC)) $(DEFS): XDEFS += -DSENDGUARD_VERSION='"$(VERSION)"'
$(call obj,$(THEMES_SRC)) $(DEFS): XDEFS += -DSENDGUARD_THEMES='"$(THEMESDIR)"'
$(call obj,$(VERSION_SRC) $(THEMES_SRC)): $(DEFS)

$(BUILD)/obj/%.o: %.c $(FLAGS)
	@mkdir -p $(dir $@)
	$(say) "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(XDEFS) -MMD -MP -c $< -o $@

$(BUILD)/gen/noshipped.S: scripts/shipped-asm.sh
	@mkdir -p $(dir $@)
	$(Q)sh scripts/shipped-asm.sh - > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/shipped.S: scripts/shipped-asm.sh
	@mkdir -p $(dir $@)
	$(Q)sh scripts/shipped-asm.sh $(CURDIR)/$(SHIPPED_IDX) \
	    $(addprefix $(CURDIR)/,$(DATA)) > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/gen/noshipped.o: $(BUILD)/gen/noshipped.S $(FLAGS)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/obj/gen/shipped.o: $(BUILD)/gen/shipped.S $(SHIPPED_IDX) $(DATA) $(FLAGS)
	$(say) "  AS      $@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/gen/sgindex: scripts/sgindex.c $(call obj,$(GUARD_SRC)) \
	    $(BUILD)/obj/gen/noshipped.o $(LIBCOMMON) $(FLAGS)
	$(say) "  CC LD   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(LIBS)
$(SHIPPED_IDX): $(BUILD)/gen/sgindex $(DATA)
	$(Q)$(BUILD)/gen/sgindex $@.tmp $(DATA) > $@.log && mv $@.tmp $@

$(LIBCOMMON): $(call obj,$(COMMON_SRC))
	@rm -f $@; $(AR) rcs $@ $(filter %.o,$^)
$(LIBGUARD): $(call obj,$(GUARD_SRC)) $(BUILD)/obj/gen/shipped.o
	@rm -f $@; $(AR) rcs $@ $(filter %.o,$^)
$(LIBCLI): $(call obj,$(CLI_SRC)) $(BUILD)/obj/.keep
	@rm -f $@; $(AR) rcs $@ $(filter %.o,$^)
$(LIBTRANSPORT): $(call obj,$(TRANSPORT_SRC)) $(BUILD)/obj/.keep
	@rm -f $@; $(AR) rcs $@ $(filter %.o,$^)
$(LIBTUI): $(call obj,$(TUI_SRC)) $(BUILD)/obj/.keep
	@rm -f $@; $(AR) rcs $@ $(filter %.o,$^)
$(LIBMILTERD): $(call obj,$(MILTER_SRC)) $(BUILD)/obj/.keep
	@rm -f $@; $(AR) rcs $@ $(filter %.o,$^)

$(BUILD)/sendguard: $(call obj,cli/main.c) $(ALL_LIBS) $(FLAGS)
	$(say) "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LIBS)

# The man pages carry the version (in their footer, from .Os) and the
# themes' directory (written as the default one in docs/).
$(BUILD)/man/%: docs/% $(DEFS)
	@mkdir -p $(dir $@)
	$(say) "  MAN     $@"
	$(Q)sed -e 's/^\.Os.*/.Os sendguard $(VERSION)/' \
	    -e 's|/usr/local/share/sendguard/themes|$(THEMESDIR)|g' \
	    $< > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(ALL_LIBS) $(FLAGS)
	@mkdir -p $(dir $@)
	$(say) "  CC LD   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(ALL_LIBS) $(CMOCKA_LIBS) $(LIBS)
$(BUILD)/tests/test_draft $(BUILD)/tests/test_draft_mime: tests/unit/draft_helpers.h
$(BUILD)/tests/test_msgtext $(BUILD)/tests/test_msgtext_edge: tests/unit/msgtext_helpers.h
$(BUILD)/tests/test_alias $(BUILD)/tests/test_abook $(BUILD)/tests/test_vcard: tests/unit/contact_helpers.h

# The keystroke benchmark drives the real binary through the pty harness.
$(BUILD)/bench/bench_keystroke: bench/bench_keystroke.c $(BUILD)/pty/harness.o \
	    $(BUILD)/pty/harness_screen.o $(ALL_LIBS) $(FLAGS)
	@mkdir -p $(dir $@)
	$(say) "  CC LD   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Itests/pty -o $@ $< $(BUILD)/pty/harness.o \
	    $(BUILD)/pty/harness_screen.o \
	    $(ALL_LIBS) $(LIBS) $(PTY_LIBS)

$(BUILD)/bench/%: bench/%.c $(ALL_LIBS) $(FLAGS)
	@mkdir -p $(dir $@)
	$(say) "  CC LD   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(ALL_LIBS) $(LIBS)

# pty tests: the real binary in a pseudo-terminal, its screen read by
# libvterm (tests/pty/harness*.c), plus small fixture programs.
$(BUILD)/pty/harness.o $(BUILD)/pty/harness_screen.o: $(BUILD)/pty/%.o: \
	    tests/pty/%.c tests/pty/harness.h tests/pty/harness_impl.h $(FLAGS)
	@mkdir -p $(dir $@)
	$(say) "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/pty -c $< -o $@
$(BUILD)/pty/test_%: tests/pty/test_%.c tests/pty/pty_env.h $(BUILD)/pty/harness.o \
	    $(BUILD)/pty/harness_screen.o $(ALL_LIBS) $(FLAGS)
	@mkdir -p $(dir $@)
	$(say) "  CC LD   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Itests/pty -o $@ $< $(BUILD)/pty/harness.o \
	    $(BUILD)/pty/harness_screen.o \
	    $(ALL_LIBS) $(CMOCKA_LIBS) $(LIBS) $(PTY_LIBS)
$(BUILD)/pty/fixture_%: tests/pty/fixture_%.c $(FLAGS)
	@mkdir -p $(dir $@)
	$(say) "  CC LD   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBS)

# The SMTP client driven field by field (tests/cli/wire.sh).
$(BUILD)/wire/wiredrive: tests/wire/wiredrive.c $(ALL_LIBS) $(FLAGS)
	@mkdir -p $(dir $@)
	$(say) "  CC LD   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(ALL_LIBS) $(LIBS)

unit: $(UNIT_BIN) $(BUILD)/sendguard $(PTY_BIN) $(BUILD)/wire/wiredrive \
	$(patsubst tests/pty/%.c,$(BUILD)/pty/%,$(wildcard tests/pty/fixture_*.c))

check: deps
	@$(MAKE) --no-print-directory DEVELOPER=1 unit
	@sh tests/run.sh $(BUILD)

# The unit tests under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: deps
	@$(MAKE) --no-print-directory DEVELOPER=1 BUILD=build/asan CFLAGS="-O1 -g" \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" unit
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    sh tests/run.sh build/asan unit
	@echo "cli/milter_peer under ASan:" && ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    SENDGUARD=$(CURDIR)/build/asan/sendguard SENDGUARD_TOP=$(CURDIR) \
	    sh tests/cli/milter_peer.sh

bench: deps
	@$(MAKE) --no-print-directory DEVELOPER=1 BUILD=build/bench-build CFLAGS="-O2 -g" \
	    $(patsubst $(BUILD)/%,build/bench-build/%,$(BENCH_BIN)) build/bench-build/sendguard
	@sh bench/run.sh build/bench-build

# How well the guard tells misdirected domains from real ones, beside the
# guard of BASE (the last commit before the noisy channel), on a corpus
# generated with Debian's dnstwist (tests/eval/).
EVAL_BASE ?= fea8703
eval: deps
	@sh scripts/deps.sh dnstwist
	@$(MAKE) --no-print-directory $(BUILD)/eval/eval
	@sh tests/eval/run.sh $(BUILD) $(EVAL_BASE)

$(BUILD)/eval/eval: tests/eval/eval.c $(LIBGUARD) $(LIBCOMMON) $(FLAGS)
	@mkdir -p $(dir $@)
	$(say) "  CC LD   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) \
	    -DSENDGUARD_EVAL_DIR='"$(CURDIR)/tests/eval"' \
	    -o $@ $< $(LIBGUARD) $(LIBCOMMON) $(LIBS)

# libFuzzer targets, one per parser; each runs FUZZ_SECONDS from its seed corpus.
# The sources are compiled once (instrumented, without libFuzzer's main) and
# each target links its own file against them.
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
	-g -O1 -Icommon -Iguard -Itransport -Itui -Icli \
	$(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)) \
	$(WARN) $(WERROR) -DSENDGUARD_VERSION='"$(VERSION)"'
FUZZ_LIBS = -letpan $(shell $(PKG_CONFIG) --libs libidn2 libpsl icu-uc icu-i18n gnutls ncursesw 2>/dev/null) -lmagic -lm
FUZZ_OBJ = $(patsubst %.c,$(BUILD)/fuzzobj/%.o,$(COMMON_SRC) $(GUARD_SRC) \
	$(TRANSPORT_SRC) $(TUI_SRC) $(CLI_SRC)) $(BUILD)/fuzzobj/gen/shipped.o
FUZZ_BIN = $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
.SECONDARY: $(FUZZ_OBJ)

$(BUILD)/fuzzobj/gen/shipped.o: $(BUILD)/gen/shipped.S $(SHIPPED_IDX) $(DATA)
	@mkdir -p $(dir $@)
	$(Q)$(CLANG) -c $< -o $@
$(BUILD)/fuzzobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) "  FUZZCC  $<"
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_contacts.h tests/fuzz/fuzz_guard.h $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	@echo "fuzz: building $*"
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
	    $(FUZZ_OBJ) $(FUZZ_LIBS)

fuzz: deps
	@$(MAKE) --no-print-directory DEVELOPER=1 $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(BUILD)/fuzz $(FUZZ_SECONDS)

run: deps all
	@sh scripts/run.sh $(BUILD)/sendguard

# make install [PREFIX=/usr/local] [DESTDIR=]: the program, its man pages,
# themes and bash completion. make uninstall takes away what it put there.
install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(THEMESDIR) $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 755 $(BUILD)/sendguard $(DESTDIR)$(BINDIR)/sendguard
	$(INSTALL) -m 644 $(BUILD)/man/sendguard.1 $(DESTDIR)$(MANDIR)/man1/sendguard.1
	$(INSTALL) -m 644 $(BUILD)/man/sendguard.conf.5 \
	    $(DESTDIR)$(MANDIR)/man5/sendguard.conf.5
	$(INSTALL) -m 644 $(THEMES) $(DESTDIR)$(THEMESDIR)/
	$(INSTALL) -m 644 completions/sendguard.bash $(DESTDIR)$(BASHCOMPDIR)/sendguard

uninstall: uninstall-sendmail-link
	rm -f $(DESTDIR)$(BINDIR)/sendguard $(DESTDIR)$(MANDIR)/man1/sendguard.1 \
	    $(DESTDIR)$(MANDIR)/man5/sendguard.conf.5 \
	    $(DESTDIR)$(BASHCOMPDIR)/sendguard \
	    $(addprefix $(DESTDIR)$(THEMESDIR)/,$(notdir $(THEMES)))
	rmdir $(DESTDIR)$(THEMESDIR) $(DESTDIR)$(DATADIR)/sendguard 2>/dev/null || true

# Optional: $(SBINDIR)/sendmail as a link to sendguard, for programs that
# run /usr/sbin/sendmail. It never replaces another MTA's sendmail.
SENDMAIL_LINK = $(DESTDIR)$(SBINDIR)/sendmail
install-sendmail-link:
	@if [ -e $(SENDMAIL_LINK) -o -L $(SENDMAIL_LINK) ] && \
	    [ "$$(readlink $(SENDMAIL_LINK))" != $(BINDIR)/sendguard ]; then \
		echo "sendguard: $(SENDMAIL_LINK) exists and is not sendguard's" \
		    "(another MTA?); remove it first" >&2; exit 1; fi
	$(INSTALL) -d $(DESTDIR)$(SBINDIR)
	ln -sf $(BINDIR)/sendguard $(SENDMAIL_LINK)

uninstall-sendmail-link:
	@if [ -L $(SENDMAIL_LINK) ] && \
	    [ "$$(readlink $(SENDMAIL_LINK))" = $(BINDIR)/sendguard ]; then \
		echo "rm -f $(SENDMAIL_LINK)"; rm -f $(SENDMAIL_LINK); fi

format:
	clang-format -i $(COMMON_SRC) $(GUARD_SRC) $(TRANSPORT_SRC) $(TUI_SRC) $(wildcard cli/*.c) common/*.h guard/*.h transport/*.h cli/*.h

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
