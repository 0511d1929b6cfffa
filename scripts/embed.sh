#!/bin/sh
# Turns a data file of one item a line (# comments allowed) into a C array:
#   embed.sh FILE NAME  ->  const char *const NAME[]; const size_t NAME_count;
set -eu
file=$1
name=$2
echo "/* Generated from $file by scripts/embed.sh; do not edit. */"
echo "#include <stddef.h>"
echo "const char *const ${name}[] = {"
sed -e 's/#.*//' -e 's/[[:space:]]//g' "$file" | grep -v '^$' |
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/",/'
echo "};"
echo "const size_t ${name}_count = sizeof(${name}) / sizeof(${name}[0]);"
