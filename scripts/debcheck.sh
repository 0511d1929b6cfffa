#!/bin/sh
# CI: the Debian package. Builds it with `dpkg-buildpackage -us -uc -b` in a
# copy of the tree outside the checkout, checks what went in (Build-Depends
# against scripts/deps.sh, the version, Debian's hardening flags on every
# compile and link and in the binary, the files, the Depends), installs it
# with dpkg -i, runs the installed sendguard, and removes it again.
# DEBCHECK_TESTS=1 also runs the unit tests inside the package build.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
installed=0
failures=0

say() { printf 'debcheck: %s\n' "$*"; }
fail() {
	printf 'debcheck: FAIL: %s\n' "$*" >&2
	failures=$((failures + 1))
}
cleanup() {
	if [ "$installed" -eq 1 ]; then
		dpkg_locked dpkg --purge sendguard >/dev/null ||
		    echo "debcheck: could not remove the sendguard package" >&2
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# dpkg_locked CMD...: runs a dpkg command, waiting (up to 10 minutes) while
# another process holds the dpkg lock, as apt's DPkg::Lock::Timeout does.
dpkg_locked() {
	end=$(($(date +%s) + 600))
	while :; do
		if "$@" 2>"$work/dpkg.err"; then
			return 0
		fi
		if ! grep -q 'lock' "$work/dpkg.err" || [ "$(date +%s)" -ge "$end" ]; then
			cat "$work/dpkg.err" >&2
			return 1
		fi
		sleep 2
	done
}

for tool in dpkg-buildpackage dh readelf fakeroot; do
	command -v "$tool" >/dev/null 2>&1 ||
	    { echo "debcheck: $tool is missing (sh scripts/deps.sh)" >&2; exit 1; }
done
if [ "$(id -u)" -ne 0 ]; then
	echo "debcheck: installing the package needs root" >&2
	exit 1
fi
if dpkg-query -W -f='${Status}' sendguard 2>/dev/null | grep -q installed; then
	echo "debcheck: a sendguard package is installed already; not touching it" >&2
	exit 1
fi
if [ -e /usr/bin/sendguard ]; then
	echo "debcheck: /usr/bin/sendguard exists (make install PREFIX=/usr?);" \
	    "not overwriting it" >&2
	exit 1
fi

# The version: debian/changelog's and VERSION's must agree (a native package).
version=$(cat "$top/VERSION")
debversion=$(cd "$top" && dpkg-parsechangelog -S Version)
[ "$version" = "$debversion" ] ||
    fail "debian/changelog says $debversion, VERSION says $version"

# Build-Depends: scripts/deps.sh's build packages (build-essential is implied).
# shellcheck disable=SC2016
awk '/^Build-Depends:/ { on = 1; sub(/^Build-Depends:/, "") }
    on && /^[A-Za-z-]+:/ && !/^Build-Depends:/ { on = 0 }
    on' "$top/debian/control" | tr ',' '\n' |
    sed -e 's/([^)]*)//g' -e 's/<[^>]*>//g' -e 's/[[:space:]]//g' |
    grep -v -e '^$' -e '^debhelper-compat$' | sort -u >"$work/bdeps"
grep -c . "$work/bdeps" >/dev/null || fail "no Build-Depends in debian/control"
for p in $(sh "$top/scripts/deps.sh" --build); do
	[ "$p" = build-essential ] && continue
	grep -qx "$p" "$work/bdeps" ||
	    fail "Build-Depends lacks $p (in scripts/deps.sh's build packages)"
done

# A copy of the tree as the checkout has it (tracked and new files, without
# build/ or anything ignored), outside the checkout.
src="$work/sendguard-$version"
mkdir -p "$src"
if [ -e "$top/.git" ] && command -v git >/dev/null 2>&1; then
	(cd "$top" && git ls-files --cached --others --exclude-standard |
	    while IFS= read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done |
	    tar -cf - --no-recursion -T -) | tar -xf - -C "$src"
else
	(cd "$top" && tar -cf - --exclude=./build --exclude='./build-*' .) |
	    tar -xf - -C "$src"
fi

say "building the package in $src"
start=$(date +%s)
opts="nocheck parallel=2"
profile="-Pnocheck"
if [ "${DEBCHECK_TESTS:-0}" = 1 ]; then
	opts="parallel=2"
	profile=""
fi
if ! (cd "$src" && DEB_BUILD_OPTIONS="$opts" \
    dpkg-buildpackage -us -uc -b $profile) >"$work/build.log" 2>&1; then
	tail -40 "$work/build.log" >&2
	echo "debcheck: dpkg-buildpackage failed" >&2
	exit 1
fi
say "built in $(($(date +%s) - start)) s"
grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/build.log" |
    sed 's/^/debcheck: unit tests in the package build: /' || true
# The package build has no -Werror, but Debian's flags (fortify) can bring
# warnings that the developer build does not see: none may be left.
if grep -E '^[^ :]+:[0-9]+:([0-9]+:)? warning: ' "$work/build.log" >&2; then
	fail "compiler warnings in the package build (above)"
fi
deb="$work/sendguard_${debversion}_$(dpkg-architecture -qDEB_HOST_ARCH).deb"
[ -f "$deb" ] || { echo "debcheck: no $deb" >&2; exit 1; }

# Debian's hardening flags reached every object and the link (read from the
# compile lines of the build log, which V=1 makes whole).
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cflags=$(cd "$src" && dpkg-buildflags --get CFLAGS)
cppflags=$(cd "$src" && dpkg-buildflags --get CPPFLAGS)
ldflags=$(cd "$src" && dpkg-buildflags --get LDFLAGS)
objects=$(cd "$src" && find build/obj -name '*.o' | sort)
nobj=0
for o in $objects; do
	nobj=$((nobj + 1))
	line=$(grep -e " -o $o\$" "$work/build.log" | grep -e ' -c ' | tail -1)
	if [ -z "$line" ]; then
		fail "no compile line for $o in the build log"
		continue
	fi
	for f in $cflags $cppflags; do
		case " $line " in
		*" $f "*) ;;
		*) fail "$o was compiled without $f" ;;
		esac
	done
done
[ "$nobj" -ge 20 ] || fail "only $nobj objects were built"
line=$(grep -e ' -o build/sendguard ' "$work/build.log" | tail -1)
for f in $ldflags $cflags; do
	case " $line " in
	*" $f "*) ;;
	*) fail "build/sendguard was linked without $f" ;;
	esac
done
say "hardening flags on $nobj compiles and the link: $cflags $cppflags $ldflags"

# The files, and what the package depends on.
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$work/files"
sed 's/^/  /' "$work/files"
for f in /usr/bin/sendguard /usr/share/man/man1/sendguard.1.gz \
    /usr/share/man/man5/sendguard.conf.5.gz \
    /usr/share/bash-completion/completions/sendguard \
    /usr/share/doc/sendguard/copyright \
    /usr/share/sendguard/themes/default /usr/share/sendguard/themes/mono \
    /usr/share/sendguard/themes/high-contrast \
    /usr/share/sendguard/themes/solarized-dark; do
	grep -qx "$f" "$work/files" || fail "the package lacks $f"
done
depends=$(dpkg-deb -f "$deb" Depends)
say "Depends: $depends"
for p in libgnutls30 libmilter1.0.1 libetpan20 libidn2-0 libpsl5 libncursesw6 \
    libmagic1 libc6; do
	case ", $depends" in
	*", $p "* | *", $p," | *", $p") ;;
	*) fail "Depends lacks $p" ;;
	esac
done
# Delivery speaks SMTP over GnuTLS itself: libcurl is no longer used.
case "$depends" in
*libcurl*) fail "Depends names libcurl, which sendguard no longer uses" ;;
esac

# Installed: the binary is hardened, runs, and says its version.
say "installing $(basename "$deb")"
dpkg_locked dpkg -i "$deb" >/dev/null
installed=1
bin=/usr/bin/sendguard
readelf -h "$bin" | grep -q 'Type:.*DYN' || fail "$bin is not PIE"
readelf -d "$bin" | grep -q 'FLAGS_1.*PIE' || fail "$bin is not PIE"
readelf -lW "$bin" | grep -q GNU_RELRO || fail "$bin has no RELRO"
readelf -d "$bin" | grep -q 'BIND_NOW' || fail "$bin is not bound at start-up"
readelf --dyn-syms -W "$bin" | grep -q '__stack_chk_fail' ||
    fail "$bin has no stack protector"
readelf --dyn-syms -W "$bin" | grep -v __stack_chk | grep -q '__[a-z]*_chk' ||
    fail "$bin has no fortified functions"
got=$("$bin" --version) || fail "sendguard --version exits $?"
[ "$got" = "sendguard $version" ] ||
    fail "sendguard --version says '$got', expected 'sendguard $version'"
strings "$bin" | grep -qx /usr/share/sendguard/themes ||
    fail "$bin does not look for its themes in /usr/share/sendguard/themes"
home=$work/home
mkdir -p "$home"
HOME=$home XDG_CONFIG_HOME=$home/c XDG_STATE_HOME=$home/s \
    XDG_CACHE_HOME=$home/k XDG_DATA_HOME=$home/d \
    "$bin" check john@army.ml >"$work/check.out" 2>&1 && rc=0 || rc=$?
[ "$rc" -eq 1 ] && grep -q 'army.mil' "$work/check.out" ||
    fail "installed sendguard check john@army.ml: exit $rc, $(cat "$work/check.out")"
if command -v man >/dev/null 2>&1; then
	page=$(man -w sendguard 2>/dev/null || true)
	[ "$page" = /usr/share/man/man1/sendguard.1.gz ] ||
	    fail "man -w sendguard finds '$page'"
fi
bash -c '. /usr/share/bash-completion/completions/sendguard &&
    complete -p sendguard' >/dev/null 2>&1 ||
    fail "the installed bash completion does not load"
say "installed sendguard: $got"

dpkg_locked dpkg --purge sendguard >/dev/null
installed=0
[ ! -e "$bin" ] || fail "$bin is still there after dpkg --purge"
say "removed"

if [ "$failures" -ne 0 ]; then
	echo "debcheck: $failures failure(s)" >&2
	exit 1
fi
say "ok"
