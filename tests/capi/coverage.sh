#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# tests/capi/coverage.sh HEADER DIR... — every function wasm.h declares (including those
# its WASM_DECLARE_* macros generate and its static inline conveniences) and every
# convenience macro must be used by a program in DIR...: prints the unused ones and fails.
# The list comes from the preprocessed header, so a function added to wasm.h is checked
# without editing this script.
set -eu
export LC_ALL=C
hdr=$1; shift
cc=${CC:-cc}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Function names: identifiers wasm_* directly followed by "(" in the preprocessed header
# (declarations and the inline helpers' bodies), minus types and internal helpers (_ end).
"$cc" -E -P -I"$(dirname "$hdr")" -x c "$hdr" |
  grep -oE '\bwasm_[A-Za-z0-9_]+ *\(' | sed 's/ *($//' | grep -v '_t$' | grep -v '_$' |
  sort -u > "$tmp/funcs"
# Macros meant for programs: the WASM_* value/vector conveniences and the wasm_name_* aliases.
grep -oE '^#define (WASM_[A-Z0-9_]+_VAL|WASM_INIT_VAL|WASM_EMPTY_VEC|WASM_ARRAY_VEC|wasm_name_[a-z_]+)\b' "$hdr" |
  awk '{print $2}' | sort -u > "$tmp/macros"
sort -u "$tmp/funcs" "$tmp/macros" > "$tmp/all"
# Sources of the programs, comments stripped so that a mention in a comment does not count.
for d in "$@"; do find "$d" -name '*.c' 2>/dev/null; done | sort > "$tmp/files"
[ -s "$tmp/files" ] || { echo "coverage: no programs in $*" >&2; exit 1; }
xargs cat < "$tmp/files" | sed 's://.*$::' | perl -0pe 's:/\*.*?\*/::gs' > "$tmp/src"
grep -oE '\b(wasm|WASM)_[A-Za-z0-9_]+\b' "$tmp/src" | sort -u > "$tmp/used"
comm -23 "$tmp/all" "$tmp/used" > "$tmp/missing"
n=$(wc -l < "$tmp/all"); m=$(wc -l < "$tmp/missing")
if [ "$m" -ne 0 ]; then
  echo "coverage: $m of $n wasm.h functions/macros unused by the programs in $*:" >&2
  sed 's/^/  /' "$tmp/missing" >&2
  exit 1
fi
echo "coverage: all $n wasm.h functions and convenience macros ($(wc -l < "$tmp/funcs") functions) are used by the programs"
