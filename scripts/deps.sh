#!/bin/sh
# Install the Debian packages sendguard needs to build and test, only those missing.
set -eu

# To build (debian/control's Build-Depends list the same; scripts/debcheck.sh
# compares them). `deps.sh --build` prints this list and installs nothing.
BUILD_PKGS="build-essential pkg-config libncurses-dev libgnutls28-dev
libetpan-dev libidn2-dev libpsl-dev libicu-dev libmagic-dev libmilter-dev"
# To test: the unit tests (also Build-Depends, <!nocheck>), the real programs
# sendguard works with (msmtp as the oracle, mutt, neomutt, s-nail, git
# send-email with the Mail::Address it needs, Postfix for the milter), the
# fuzzers, and the .deb check (make check, .ci/run).
PKGS="$BUILD_PKGS libcmocka-dev libvterm-dev
python3-aiosmtpd mutt msmtp tmux openssl clang libclang-rt-14-dev
neomutt s-nail git git-email libmailtools-perl
debhelper dpkg-dev fakeroot postfix"

if [ "${1-}" = --build ]; then
	# shellcheck disable=SC2086
	echo $BUILD_PKGS
	exit 0
fi
# Extra packages may be named on the command line (make eval: dnstwist).
PKGS="$* $PKGS"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
	command -v sudo >/dev/null 2>&1 || {
		echo "deps.sh: not root and no sudo; install as root:$missing" >&2
		exit 1
	}
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
# Postfix asks what kind of mail server this is: none (the milter test
# runs a private instance of its own; nothing is started or written in
# /etc/postfix).
case " $missing " in
*" postfix "*)
	echo "postfix postfix/main_mailer_type select No configuration" |
	    $SUDO debconf-set-selections
	;;
esac
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing
