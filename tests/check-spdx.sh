#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# check-spdx.sh [--fix] [PATH...] — every source file of the repository starts with the SPDX line
#   C, headers, JavaScript:        /* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
#   shell, make, Python:           # SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# as its first line, or its second after a #! line. Source files: *.c *.h *.js *.sh *.py
# *.mk and Makefile, tracked by git or new and not ignored (so build directories are
# skipped), outside test data (tests/wast, fuzz corpora and saved inputs).
# --fix inserts the line where it is missing (after a #! line, keeping the file's mode)
# and replaces a different SPDX-License-Identifier line in that place; it never touches
# a file twice. Exit status: 0 when every file has the line (after --fix: when all could
# be fixed), 1 otherwise, listing the files. PATHs (files or directories) limit both to
# those parts of the tree.
set -eu
cd "$(dirname "$0")/.."

fix=0
if [ "${1:-}" = "--fix" ]; then
    fix=1
    shift
fi
case "${1:-}" in
-*) echo "usage: tests/check-spdx.sh [--fix] [PATH...]" >&2; exit 2 ;;
esac

ID='SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception'
C_LINE="/* $ID */"
SH_LINE="# $ID"

list_files() {
    if git rev-parse --git-dir >/dev/null 2>&1; then
        git ls-files -z --cached --others --exclude-standard
    else
        find . -type f -not -path './build*' -print0 | sed -z 's|^\./||'
    fi
}

bad=0
fixed=0
total=0
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.new"' EXIT
list_files | tr '\0' '\n' | sort -u > "$tmp"
if [ $# -gt 0 ]; then
    for p in "$@"; do
        p=${p#./}
        p=${p%/}
        awk -v p="$p" '$0 == p || index($0, p "/") == 1' "$tmp"
    done | sort -u > "$tmp.new"
    mv "$tmp.new" "$tmp"
fi

while IFS= read -r f; do
    [ -f "$f" ] || continue
    case "$f" in
    tests/wast/*|*/corpus/*|*/corpora/*|tests/fuzz/inputs/*|tests/fuzz/regress*/*) continue ;;
    esac
    case "$f" in
    *.c|*.h|*.js) want=$C_LINE ;;
    *.sh|*.py|*.mk|Makefile|*/Makefile) want=$SH_LINE ;;
    *) continue ;;
    esac
    total=$((total + 1))
    first=$(head -n 1 "$f" | tr -d '\r')
    second=$(head -n 2 "$f" | tail -n +2 | tr -d '\r')
    case "$first" in
    '#!'*) at=2; have=$second ;;
    *) at=1; have=$first ;;
    esac
    [ "$have" = "$want" ] && continue
    if [ $fix -eq 0 ]; then
        echo "missing SPDX line: $f" >&2
        bad=$((bad + 1))
        continue
    fi
    # Replace a different SPDX line in the same place, else insert ours.
    case "$have" in
    *SPDX-License-Identifier:*) drop=1 ;;
    *) drop=0 ;;
    esac
    {
        [ $at -eq 2 ] && head -n 1 "$f"
        printf '%s\n' "$want"
        tail -n +$((at + drop)) "$f"
    } > "$tmp.new"
    # Write in place (cat >) so the file keeps its mode and links.
    if cat "$tmp.new" > "$f"; then
        echo "added SPDX line: $f"
        fixed=$((fixed + 1))
    else
        echo "could not fix: $f" >&2
        bad=$((bad + 1))
    fi
done < "$tmp"

if [ $bad -ne 0 ]; then
    echo "check-spdx: $bad of $total source files without the SPDX line (tests/check-spdx.sh --fix adds it)" >&2
    exit 1
fi
if [ $fixed -ne 0 ]; then
    echo "check-spdx: $total source files ok ($fixed fixed)"
else
    echo "check-spdx: $total source files ok"
fi
