#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Run the WebAssembly spec testsuite (core/ and simd/) and minwasm's own scripts
# (tests/wast/*.wast) with `minwasm wast` (the scripts read directly), or with
# `minwasm spec` on wast2json's conversion.
#
# Usage:
#   tests/run-spec.sh --wast JSON_DIR MINWASM [NAME...]        run the .wast files directly
#   tests/run-spec.sh [--dry-run] JSON_DIR MINWASM [NAME...]   convert (cached) and run
#   tests/run-spec.sh --convert-only JSON_DIR                  convert only
#
#   JSON_DIR   where wast2json writes NAME.json + NAME.N.wasm (e.g. build/spec); the
#              sets share it (simd/ files are all named simd_*.wast; a clash is an error)
#   MINWASM    the minwasm binary; results go to $(dirname MINWASM)/spec-results/
#   NAME       run only these tests (e.g. i32 f32_cmp simd_lane); default: every file
#   --dry-run  `minwasm spec --dry-run`: parse every command and value, run nothing
#   --wast     `minwasm wast --spec-version 2` on the suite's .wast files (the 2.0 suite:
#              a newer feature's "unsupported" answers its malformed/invalid assertions),
#              plain `minwasm wast` on tests/wast; no conversion, JSON_DIR unused
#
# Environment:
#   MINWASM_SPEC_DIR      testsuite directory holding core/*.wast and simd/*.wast
#                         (default: ../shared/spec-testsuite relative to the repo root)
#   MINWASM_SPEC_SETS     its directories to run (default "core simd"; e.g. core)
#   MINWASM_SPEC_JOBS     parallel minwasm processes (default: nproc)
#   MINWASM_SPEC_TIMEOUT  seconds allowed per file (default 600)
#   MINWASM_SPEC_SHOW     output lines shown for a failing file (default 20)
#   MINWASM_SPEC_AOT      a directory: run every valid module as native code (minwasm
#                         compile), compiled first in batches into that cache directory
#
# Each .json runs in its own process, so a crash or a hang counts as that file failing
# (with its signal) and the others still run. Files run in parallel; lines print in order.
# Then one line per directory ("core: N passed, N failed, N skipped (N files)", "simd:
# ...", "tests/wast: ..."), and last the total: "N passed, N failed, N skipped". A file
# that crashed, timed out, exited non-zero or printed no summary line adds 1 to "failed".
# Exit status: 0 only when nothing failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SPEC_COMMIT=3a04b2cf93bd8fce277458d419eea8d9c326345c

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

convert_only=0 dry_run=0 wast_mode=0
case "${1:-}" in
    --convert-only) convert_only=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    --wast) wast_mode=1; shift ;;
esac
[ $# -ge 1 ] || usage
JSON_DIR=$1; shift
MINWASM=
if [ $convert_only -eq 0 ]; then
    [ $# -ge 1 ] || usage
    MINWASM=$1; shift
fi

# ------------------------------------------------------------------ testsuite
spec_dir=${MINWASM_SPEC_DIR:-$ROOT/../shared/spec-testsuite}
read -r -a sets <<<"${MINWASM_SPEC_SETS:-core simd}"
[ ${#sets[@]} -gt 0 ] || { echo "run-spec: MINWASM_SPEC_SETS is empty" >&2; exit 2; }
for set in "${sets[@]}"; do
    case $set in
        core|simd) ;;
        *) echo "run-spec: unknown set '$set' in MINWASM_SPEC_SETS (core, simd)" >&2; exit 2 ;;
    esac
    if [ -d "$spec_dir/$set" ] && compgen -G "$spec_dir/$set/*.wast" >/dev/null; then continue; fi
    cat >&2 <<EOF
run-spec: no spec tests at $spec_dir/$set/*.wast
  Get the WebAssembly testsuite repository (https://github.com/WebAssembly/testsuite)
  at commit $SPEC_COMMIT
  and put its top-level .wast files in two directories: the SIMD ones
  (simd_*.wast) in simd/, all the others in core/, e.g.:
      git clone https://github.com/WebAssembly/testsuite
      git -C testsuite checkout $SPEC_COMMIT
      mkdir -p spec-testsuite/core spec-testsuite/simd
      cp testsuite/*.wast spec-testsuite/core/
      mv spec-testsuite/core/simd_*.wast spec-testsuite/simd/
  then point MINWASM_SPEC_DIR at spec-testsuite (default: ../shared/spec-testsuite
  next to the repository). MINWASM_SPEC_SETS=core runs core/ alone.
EOF
    exit 1
done
spec_dir=$(cd "$spec_dir" && pwd)

if [ $wast_mode -eq 0 ] && ! command -v wast2json >/dev/null 2>&1; then
    echo "run-spec: wast2json not found (package wabt): run tests/install-deps.sh" >&2
    exit 1
fi

mkdir -p "$JSON_DIR"
JSON_DIR=$(cd "$JSON_DIR" && pwd)
jobs=${MINWASM_SPEC_JOBS:-$(nproc 2>/dev/null || echo 2)}

# ------------------------------------------------------------------ convert (cached)
convert_one() {   # $1 = path of a .wast; converts into $JSON_DIR when stale
    local wast=$1 name json
    name=$(basename "$wast" .wast)
    json=$JSON_DIR/$name.json
    if [ -f "$json" ] && [ ! "$wast" -nt "$json" ]; then return 0; fi
    rm -f "$json" "$JSON_DIR/$name".[0-9]*.wasm "$JSON_DIR/$name".[0-9]*.wat
    # Convert in a private directory and move the .json last, so an interrupted
    # conversion never leaves a fresh-looking .json behind.
    local tmp=$JSON_DIR/.convert-$name
    rm -rf "$tmp"; mkdir -p "$tmp"
    if ! wast2json "$wast" -o "$tmp/$name.json" >"$tmp/log" 2>&1; then
        echo "run-spec: wast2json failed on $wast:" >&2
        cat "$tmp/log" >&2
        rm -rf "$tmp"
        return 1
    fi
    find "$tmp" -name "$name.*.wa[st]*" -exec mv {} "$JSON_DIR/" \;
    mv "$tmp/$name.json" "$json"
    rm -rf "$tmp"
}
export -f convert_one
export JSON_DIR

# The spec's core/ and simd/ plus minwasm's own scripts in tests/wast/, all converted
# into JSON_DIR: names must not collide. group[NAME] is the directory NAME comes from.
declare -A group=() wast_path=()
groups=()
wasts=()
add_wasts() {   # add_wasts LABEL DIR
    local label=$1 dir=$2 wast n
    compgen -G "$dir/*.wast" >/dev/null || return 0
    groups+=("$label")
    for wast in "$dir"/*.wast; do
        n=$(basename "$wast" .wast)
        if [ -n "${group[$n]:-}" ]; then
            echo "run-spec: $n.wast is in both ${group[$n]} and $label: their JSON files would clash in $JSON_DIR" >&2
            exit 1
        fi
        group[$n]=$label
        wast_path[$n]=$wast
        wasts+=("$wast")
    done
}
for set in "${sets[@]}"; do add_wasts "$set" "$spec_dir/$set"; done
add_wasts tests/wast "$ROOT/tests/wast"
names=()
stale_list=()
for wast in "${wasts[@]}"; do
    n=$(basename "$wast" .wast)
    names+=("$n")
    json=$JSON_DIR/$n.json
    if [ ! -f "$json" ] || [ "$wast" -nt "$json" ]; then stale_list+=("$wast"); fi
done
if [ $wast_mode -eq 0 ] && [ ${#stale_list[@]} -gt 0 ]; then
    echo "run-spec: converting ${#stale_list[@]} .wast files into $JSON_DIR"
    # shellcheck disable=SC2016  # $1 is expanded by the inner bash
    printf '%s\n' "${stale_list[@]}" |
        xargs -d '\n' -P "$jobs" -n 1 bash -c 'convert_one "$1"' _ ||
        { echo "run-spec: conversion failed" >&2; exit 1; }
fi
[ $convert_only -eq 1 ] && exit 0

# ------------------------------------------------------------------ run
if [ ! -x "$MINWASM" ]; then
    echo "run-spec: $MINWASM is not an executable (build it first: make)" >&2
    exit 1
fi
MINWASM=$(cd "$(dirname "$MINWASM")" && pwd)/$(basename "$MINWASM")

if [ $# -gt 0 ]; then
    for n in "$@"; do
        n=$(basename "$n"); n=${n%.wast}; n=${n%.json}
        if [ -z "${group[$n]:-}" ]; then echo "run-spec: no test named $n" >&2; exit 2; fi
    done
    names=()
    for n in "$@"; do n=$(basename "$n"); n=${n%.wast}; n=${n%.json}; names+=("$n"); done
fi

RES=$(dirname "$MINWASM")/spec-results
rm -rf "$RES"
mkdir -p "$RES"
SPEC_FLAGS=
[ $dry_run -eq 1 ] && SPEC_FLAGS=--dry-run
if [ -n "${MINWASM_SPEC_AOT:-}" ] && [ $dry_run -eq 0 ]; then
    mkdir -p "$MINWASM_SPEC_AOT"
    aot_dir=$(cd "$MINWASM_SPEC_AOT" && pwd)
    SPEC_FLAGS="--aot-cache $aot_dir"
    echo "run-spec: compiling the modules of ${#names[@]} files into $aot_dir"
    aot_start=$(date +%s)
    (cd "$JSON_DIR" && printf '%s.json\n' "${names[@]}" |
        xargs -d '\n' "$MINWASM" spec --aot-prepare --aot-cache "$aot_dir" -j"$jobs") ||
        { echo "run-spec: compiling to native code failed" >&2; exit 1; }
    echo "run-spec: compiled in $(( $(date +%s) - aot_start )) s"
fi
export RES MINWASM SPEC_FLAGS
export MINWASM_SPEC_TIMEOUT=${MINWASM_SPEC_TIMEOUT:-600}
show=${MINWASM_SPEC_SHOW:-20}

run_one() {   # $1 = test name [$2 = its .wast, $3 = spec version]; writes $RES/NAME.out, .rc
    local n=$1 rc=0
    cd "$JSON_DIR"
    # (the outer 2>/dev/null silences bash's own "Segmentation fault" notice)
    if [ -n "${2:-}" ]; then
        { timeout -k 10 "$MINWASM_SPEC_TIMEOUT" "$MINWASM" wast --spec-version "$3" "$2" \
            >"$RES/$n.out" 2>&1 </dev/null; } 2>/dev/null || rc=$?
    else
        # shellcheck disable=SC2086  # SPEC_FLAGS: empty or words without spaces
        { timeout -k 10 "$MINWASM_SPEC_TIMEOUT" "$MINWASM" spec $SPEC_FLAGS "$n.json" \
            >"$RES/$n.out" 2>&1 </dev/null; } 2>/dev/null || rc=$?
    fi
    echo "$rc" >"$RES/$n.rc.tmp"
    mv "$RES/$n.rc.tmp" "$RES/$n.rc"
}
export -f run_one

start=$(date +%s)
if [ $wast_mode -eq 1 ]; then
    echo "run-spec: $MINWASM wast, ${#names[@]} files, $jobs jobs"
    for n in "${names[@]}"; do
        v=2; [ "${group[$n]}" = tests/wast ] && v=3
        printf '%s\n%s\n%s\n' "$n" "${wast_path[$n]}" "$v"
    done | xargs -d '\n' -P "$jobs" -n 3 bash -c 'run_one "$1" "$2" "$3"' _ &
else
    echo "run-spec: $MINWASM${SPEC_FLAGS:+ $SPEC_FLAGS}, ${#names[@]} files, $jobs jobs"
    # shellcheck disable=SC2016  # $1 is expanded by the inner bash
    printf '%s\n' "${names[@]}" | xargs -d '\n' -P "$jobs" -n 1 bash -c 'run_one "$1"' _ &
fi
runner=$!

total_p=0 total_f=0 total_s=0 bad_files=0 failed_files=()
declare -A g_p=() g_f=() g_s=() g_files=()
re='^([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped'
for n in "${names[@]}"; do
    while [ ! -f "$RES/$n.rc" ]; do
        if ! kill -0 "$runner" 2>/dev/null && [ ! -f "$RES/$n.rc" ]; then
            echo "run-spec: the runner stopped before $n finished" >&2
            exit 1
        fi
        sleep 0.1
    done
    rc=$(cat "$RES/$n.rc")
    out=$RES/$n.out
    summary=$(grep -E "$re" "$out" | tail -n 1 || true)
    p=0 f=0 s=0
    if [[ $summary =~ $re ]]; then
        p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} s=${BASH_REMATCH[3]}
    fi
    total_p=$((total_p + p)) total_s=$((total_s + s)) total_f=$((total_f + f))
    problem=
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        problem="TIMEOUT after ${MINWASM_SPEC_TIMEOUT}s"
    elif [ "$rc" -gt 128 ]; then
        problem="CRASHED with SIG$(kill -l $((rc - 128)) 2>/dev/null || echo $((rc - 128)))"
    elif [ -z "$summary" ]; then
        problem="exit $rc, no summary line"
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        problem="exit $rc"
    elif [ $wast_mode -eq 1 ] && [ "$s" -gt 0 ]; then
        problem="$s skipped: the 2.0 suite must run whole"
    fi
    if [ -n "$problem" ]; then
        total_f=$((total_f + 1)); bad_files=$((bad_files + 1))
    fi
    g=${group[$n]}
    g_p[$g]=$(( ${g_p[$g]:-0} + p )) g_s[$g]=$(( ${g_s[$g]:-0} + s ))
    g_f[$g]=$(( ${g_f[$g]:-0} + f + (${#problem} > 0 ? 1 : 0) )) g_files[$g]=$(( ${g_files[$g]:-0} + 1 ))
    if [ -z "$problem" ] && [ "$f" -eq 0 ] && [ "$rc" -eq 0 ]; then
        printf 'PASS  %-28s %s\n' "$n" "$summary"
    else
        failed_files+=("$n")
        printf 'FAIL  %-28s %s%s\n' "$n" "${summary:-}" "${problem:+${summary:+; }$problem}"
        lines=$(grep -cvE "$re" "$out" || true)
        { grep -vE "$re" "$out" || true; } | head -n "$show" | sed 's/^/      | /'
        if [ "$lines" -gt "$show" ]; then
            echo "      | ... $((lines - show)) more lines in $out"
        fi
    fi
done
wait "$runner" || true
end=$(date +%s)

echo "run-spec: ${#names[@]} files in $((end - start))s, ${#failed_files[@]} failing${failed_files[*]:+: ${failed_files[*]}}"
[ $bad_files -gt 0 ] && echo "run-spec: $bad_files files ended abnormally: crash, timeout, exit status without failures, or no summary line (each counted as 1 failed)"
for g in "${groups[@]}"; do
    [ -n "${g_files[$g]:-}" ] || continue
    echo "$g: ${g_p[$g]} passed, ${g_f[$g]} failed, ${g_s[$g]} skipped (${g_files[$g]} files)"
done
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ] && [ ${#failed_files[@]} -eq 0 ]
