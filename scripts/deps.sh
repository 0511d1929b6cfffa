#!/bin/sh
# Install the Debian packages sendguard needs to build and test, only those missing.
set -eu

PKGS="build-essential pkg-config libncurses-dev libgnutls28-dev libetpan-dev
libidn2-dev libpsl-dev libicu-dev libmagic-dev libcmocka-dev libvterm-dev
python3-aiosmtpd mutt msmtp tmux openssl clang libclang-rt-14-dev
neomutt s-nail git git-email libmailtools-perl"

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
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing
