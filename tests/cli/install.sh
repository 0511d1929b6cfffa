# make install / make uninstall into a staging tree (DESTDIR, PREFIX=/usr):
# the files and their modes, the installed binary runs and says the
# version, the man pages carry it, the themes' directory follows PREFIX;
# the optional sendmail link, which never replaces another MTA's; uninstall
# leaves nothing. And the flags: CPPFLAGS, CFLAGS and LDFLAGS reach every
# compile and link, -Werror only in developer builds.
. "$(dirname "$0")/lib.sh"
top=$SENDGUARD_TOP
built=$(dirname "$SENDGUARD")
version=$(sh "$top/scripts/version.sh")
b=$T/build
root=$T/root

# A build directory of its own, started from the tested build's objects
# (so only what PREFIX changes is built again: cli/composer.o and the link).
mkdir -p "$b"
if [ -d "$built/obj" ]; then
	cp -a "$built/obj" "$built/gen" "$b/" &&
	    cp -a "$built"/*.a "$b/" 2>/dev/null || true
fi
mk() {
	make -C "$top" --no-print-directory BUILD="$b" PREFIX=/usr "$@" \
	    >"$T/make.out" 2>&1
	rc=$?
}

mk DESTDIR="$root" install
[ "$rc" -eq 0 ] || fail "make install: exit $rc: $(tail -20 "$T/make.out")"
(cd "$root" && find . ! -type d | sort) >"$T/tree"
cat >"$T/want" <<'EOF'
./usr/bin/sendguard
./usr/share/bash-completion/completions/sendguard
./usr/share/man/man1/sendguard.1
./usr/share/man/man5/sendguard.conf.5
./usr/share/sendguard/themes/default
./usr/share/sendguard/themes/high-contrast
./usr/share/sendguard/themes/mono
./usr/share/sendguard/themes/solarized-dark
EOF
cmp -s "$T/tree" "$T/want" ||
    fail "installed tree: $(diff "$T/want" "$T/tree" | tr '\n' ' ')"
[ "$(stat -c %a "$root/usr/bin/sendguard")" = 755 ] || fail "binary mode"
for f in usr/share/man/man1/sendguard.1 usr/share/sendguard/themes/mono \
    usr/share/bash-completion/completions/sendguard; do
	[ "$(stat -c %a "$root/$f")" = 644 ] || fail "$f mode $(stat -c %a "$root/$f")"
done

# The installed binary runs, and is the version of the tree and of the tests.
got=$("$root/usr/bin/sendguard" --version)
[ "$got" = "sendguard $version" ] || fail "--version: '$got', want 'sendguard $version'"
[ "$got" = "$("$SENDGUARD" --version)" ] || fail "--version differs from the tested binary's"
case $version in "" | 0.1) fail "version '$version'" ;; esac
"$root/usr/bin/sendguard" check john@army.ml >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "installed sendguard check"
expect_out 'army.mil' "installed sendguard check"
grep -aq '/usr/share/sendguard/themes' "$root/usr/bin/sendguard" ||
    fail "the binary does not look for themes under PREFIX=/usr"
grep -aq '/usr/local/share/sendguard/themes' "$root/usr/bin/sendguard" &&
    fail "the binary still looks for themes under /usr/local"
# The man pages: generated with the version and the themes' directory.
grep -qx ".Os sendguard $version" "$root/usr/share/man/man1/sendguard.1" ||
    fail "sendguard.1 lacks '.Os sendguard $version'"
grep -qx ".Os sendguard $version" "$root/usr/share/man/man5/sendguard.conf.5" ||
    fail "sendguard.conf.5 lacks the version"
grep -q '^\.It Pa /usr/share/sendguard/themes/' "$root/usr/share/man/man1/sendguard.1" ||
    fail "sendguard.1 does not name /usr/share/sendguard/themes/"
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$root/usr/share/man/man1/sendguard.1" 2>/dev/null |
	    tail -1 | grep -q "sendguard $version" ||
	    fail "man shows no version in the footer"
fi
cmp -s "$root/usr/share/bash-completion/completions/sendguard" \
    "$top/completions/sendguard.bash" || fail "installed completion differs"

# A second install is a no-op for make: nothing is built again.
mk DESTDIR="$root" install
grep -q '  CC  \|  LD  ' "$T/make.out" && fail "a second make install rebuilt: $(grep -m3 'CC\|LD' "$T/make.out")"

# The sendmail link: made, made again, and refused over another sendmail.
mk DESTDIR="$root" install-sendmail-link
[ "$rc" -eq 0 ] || fail "install-sendmail-link: $(cat "$T/make.out")"
[ "$(readlink "$root/usr/sbin/sendmail")" = /usr/bin/sendguard ] ||
    fail "sendmail link: $(ls -l "$root/usr/sbin" 2>&1)"
mk DESTDIR="$root" install-sendmail-link
[ "$rc" -eq 0 ] || fail "install-sendmail-link twice: $(cat "$T/make.out")"
mkdir -p "$T/mta/usr/sbin"
echo '#!/bin/sh' >"$T/mta/usr/sbin/sendmail"
mk DESTDIR="$T/mta" install-sendmail-link
[ "$rc" -ne 0 ] || fail "install-sendmail-link replaced another sendmail"
grep -q 'is not sendguard' "$T/make.out" || fail "no reason given: $(cat "$T/make.out")"
[ -f "$T/mta/usr/sbin/sendmail" ] && [ ! -L "$T/mta/usr/sbin/sendmail" ] ||
    fail "the other sendmail was touched"
mk DESTDIR="$T/mta" uninstall-sendmail-link
[ -f "$T/mta/usr/sbin/sendmail" ] || fail "uninstall-sendmail-link removed another sendmail"

# make uninstall leaves nothing (the sendmail link included).
mk DESTDIR="$root" uninstall
[ "$rc" -eq 0 ] || fail "make uninstall: exit $rc: $(cat "$T/make.out")"
left=$(cd "$root" && find . ! -type d)
[ -z "$left" ] || fail "left after make uninstall: $left"
[ ! -d "$root/usr/share/sendguard" ] || fail "usr/share/sendguard is left"

# The flags (make -n on an empty build directory prints every command):
# CPPFLAGS and CFLAGS on every compile, LDFLAGS on the link, -Werror only
# with DEVELOPER=1.
make -C "$top" -n V=1 BUILD="$T/dry" CPPFLAGS=-DSG_CPPFLAGS_SEEN \
    CFLAGS='-O1 -DSG_CFLAGS_SEEN' LDFLAGS=-Wl,-z,sg-ldflags-seen \
    all >"$T/dry.out" 2>&1 || fail "make -n: $(tail -5 "$T/dry.out")"
grep -E ' -c [^ ]+\.c ' "$T/dry.out" >"$T/cc"
n=$(grep -c . "$T/cc")
[ "$n" -ge 20 ] || fail "make -n shows $n compiles"
grep -v -e '-DSG_CPPFLAGS_SEEN' "$T/cc" | head -1 | grep . >/dev/null &&
    fail "a compile without CPPFLAGS: $(grep -v -e '-DSG_CPPFLAGS_SEEN' "$T/cc" | head -1)"
grep -v -e '-DSG_CFLAGS_SEEN' "$T/cc" | head -1 | grep . >/dev/null &&
    fail "a compile without CFLAGS"
grep -e ' -Werror ' -e ' -Werror$' "$T/cc" >/dev/null && fail "-Werror in a plain build"
grep -e "-o $T/dry/sendguard " "$T/dry.out" | grep -q 'sg-ldflags-seen' ||
    fail "the link lacks LDFLAGS"
make -C "$top" -n V=1 BUILD="$T/dry2" DEVELOPER=1 all >"$T/dry.out" 2>&1
grep -E ' -c [^ ]+\.c ' "$T/dry.out" | grep -v -e ' -Werror ' | head -1 | grep . >/dev/null &&
    fail "a developer compile without -Werror"
finish
