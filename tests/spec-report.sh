#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Run the WebAssembly 3.0 testsuite with `minwasm wast` and write the conformance table.
#
# Usage: tests/spec-report.sh MINWASM [OUT.md]
#   MINWASM  the minwasm binary
#   OUT.md   where the table goes (default doc/conformance.md): the part of the file
#            between the markers "<!-- spec-report:begin -->" and "<!-- spec-report:end -->"
#            is replaced; the rest of the file (the explanations) is kept
#
# Environment:
#   MINWASM_SPEC3_DIR     the 3.0 suite (default ../shared/spec-testsuite-3.0)
#   MINWASM_SPEC_JOBS     parallel minwasm processes (default: nproc)
#   MINWASM_SPEC_TIMEOUT  seconds allowed per file (default 300)
#
# Every top-level .wast file (the 3.0 core suite), then legacy/, custom/ and each
# proposals/ directory, runs in its own process to its closing line ("N passed, N
# failed, N skipped (feature N, ...)"). A file that crashes, times out or prints no
# closing line is a failure of that file. Prints the table and the totals; exit status
# 0 when no top-level file has a failure (the other directories are reported only).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MINWASM=${1:?usage: tests/spec-report.sh MINWASM [OUT.md]}
OUT=${2:-$ROOT/doc/conformance.md}
dir=${MINWASM_SPEC3_DIR:-$ROOT/../shared/spec-testsuite-3.0}
jobs=${MINWASM_SPEC_JOBS:-$(nproc 2>/dev/null || echo 2)}
export MINWASM_SPEC_TIMEOUT=${MINWASM_SPEC_TIMEOUT:-300}

if ! compgen -G "$dir/*.wast" >/dev/null; then
    echo "spec-report: no 3.0 suite at $dir (set MINWASM_SPEC3_DIR)" >&2
    exit 1
fi
dir=$(cd "$dir" && pwd)
MINWASM=$(cd "$(dirname "$MINWASM")" && pwd)/$(basename "$MINWASM")
RES=$(dirname "$MINWASM")/spec-report
rm -rf "$RES"
mkdir -p "$RES"
export RES MINWASM dir

files=()
for f in "$dir"/*.wast; do files+=("${f#"$dir"/}"); done
while IFS= read -r f; do files+=("${f#"$dir"/}"); done < <(find "$dir/legacy" "$dir/custom" "$dir/proposals" -name '*.wast' 2>/dev/null | sort)

run_one() {   # $1 = path relative to $dir
    local f=$1 out rc=0
    out=$RES/$(echo "$f" | tr '/' '_').out
    { timeout -k 10 "$MINWASM_SPEC_TIMEOUT" "$MINWASM" wast "$dir/$f" >"$out" 2>&1 </dev/null; } 2>/dev/null || rc=$?
    echo "$rc" >"$out.rc"
}
export -f run_one
start=$(date +%s)
printf '%s\n' "${files[@]}" | xargs -d '\n' -P "$jobs" -n 1 bash -c 'run_one "$1"' _

re='^([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped( \((.*)\))?$'
declare -A gp=() gf=() gs=() gn=() feat=()
groups=()
table=$(mktemp)
bad_top=0
for f in "${files[@]}"; do
    out=$RES/$(echo "$f" | tr '/' '_').out
    rc=$(cat "$out.rc")
    g=${f%/*}; [ "$g" = "$f" ] && g=core
    [ -n "${gn[$g]:-}" ] || groups+=("$g")
    line=$(grep -E "$re" "$out" | tail -n 1 || true)
    p=0 fl=0 s=0 feats= note=
    if [[ $line =~ $re ]]; then
        p=${BASH_REMATCH[1]} fl=${BASH_REMATCH[2]} s=${BASH_REMATCH[3]} feats=${BASH_REMATCH[5]}
    fi
    if [ "$rc" -gt 128 ] || [ "$rc" -eq 124 ] || [ -z "$line" ]; then
        note="ended abnormally (exit $rc)"; fl=$((fl + 1))
    fi
    gp[$g]=$(( ${gp[$g]:-0} + p )) gf[$g]=$(( ${gf[$g]:-0} + fl )) gs[$g]=$(( ${gs[$g]:-0} + s ))
    gn[$g]=$(( ${gn[$g]:-0} + 1 ))
    if [ -n "$feats" ]; then
        IFS=',' read -r -a parts <<<"$feats"
        for part in "${parts[@]}"; do
            part=${part# }; name=${part% *}; k=${part##* }
            feat[$g/$name]=$(( ${feat[$g/$name]:-0} + k ))
        done
    fi
    [ "$g" = core ] && [ "$fl" -gt 0 ] && bad_top=$((bad_top + 1))
    printf '| %s | %s | %s | %s | %s |\n' "$f" "$p" "$fl" "$s" "${feats:-}${note:+ $note}" >>"$table"
done
secs=$(( $(date +%s) - start ))

summary=$(mktemp)
{
    echo "| set | files | passed | failed | skipped | skipped by feature |"
    echo "|---|---:|---:|---:|---:|---|"
    for g in "${groups[@]}"; do
        fs=
        for k in "${!feat[@]}"; do
            [ "${k%%/*}" = "${g%%/*}" ] || continue
            [ "${k%/*}" = "$g" ] || continue
            fs+="${k##*/} ${feat[$k]}, "
        done
        fs=$(echo "${fs%, }" | tr ',' '\n' | sed 's/^ //' | sort | paste -sd, - | sed 's/,/, /g')
        echo "| $g | ${gn[$g]} | ${gp[$g]} | ${gf[$g]} | ${gs[$g]} | $fs |"
    done
} >"$summary"
cat "$summary"
echo "spec-report: ${#files[@]} files in ${secs}s; $bad_top top-level files with failures (outputs in $RES)"

block=$(mktemp)
{
    echo "<!-- spec-report:begin (written by make spec-report; do not edit by hand) -->"
    echo
    echo "Measured with \`$(basename "$MINWASM") wast\` ($("$MINWASM" --version)), $(date -u +%Y-%m-%d)."
    echo
    cat "$summary"
    echo
    echo "| file | passed | failed | skipped | skipped by feature |"
    echo "|---|---:|---:|---:|---|"
    cat "$table"
    echo
    echo "<!-- spec-report:end -->"
} >"$block"
if [ -f "$OUT" ] && grep -q '<!-- spec-report:begin' "$OUT"; then
    awk -v blk="$block" '
        /<!-- spec-report:begin/ { while ((getline l < blk) > 0) print l; skip = 1; next }
        /<!-- spec-report:end/ { skip = 0; next }
        !skip { print }' "$OUT" >"$OUT.tmp"
    mv "$OUT.tmp" "$OUT"
else
    cat "$block" >>"$OUT"
fi
rm -f "$table" "$summary" "$block"
echo "spec-report: table written to $OUT"
[ $bad_top -eq 0 ]
