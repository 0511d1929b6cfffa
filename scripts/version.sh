#!/bin/sh
# Prints sendguard's version: `git describe --tags --dirty` (without a
# leading "v") in a git checkout that has a tag, else the VERSION file.
set -eu
cd "$(dirname "$0")/.."
v=""
if [ -e .git ] && command -v git >/dev/null 2>&1; then
	# `sudo make install` in a user's checkout: git would refuse a tree
	# owned by someone else, and make already runs this tree's Makefile.
	v=$(git -c safe.directory="$(pwd -P)" describe --tags --dirty \
	    2>/dev/null || true)
	v=${v#v}
fi
[ -n "$v" ] || v=$(cat VERSION)
case $v in
"" | *[!A-Za-z0-9.+~_-]*)
	echo "version.sh: unusable version '$v'" >&2
	exit 1 ;;
esac
echo "$v"
