#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# run.sh — the fuzzing steps of mk/fuzz.mk (see doc/fuzzing.md).
#
# Usage: tests/fuzz/run.sh short|modules|long|replay FUZZ_BUILD FUZZ_MODULES SPEC_DIR [SECONDS]
#   short   fuzz_modules on SPEC_DIR; each libFuzzer target from -seed=1 for a fixed
#           number of runs, from an empty working corpus plus tests/fuzz/seeds/<target>
#           (and, for fuzz_decode and fuzz_run, 40 spec modules read from SPEC_DIR);
#           the differential fuzzer on fixed seeds; then every saved regression input
#   long    each libFuzzer target for SECONDS (-max_total_time), keeping its corpus in
#           FUZZ_BUILD/corpus/<target> (the spec modules join the seeds of fuzz_decode
#           and fuzz_run); the differential fuzzer for SECONDS; new crash inputs are
#           copied to tests/fuzz/regressions/<target>/ (diff failures to .../diff/)
#   modules only the first step of short, fuzz_modules (FUZZ_LIBFUZZER=0 in mk/fuzz.mk)
#   replay  only the saved regression inputs
# Prints one PASS/FAIL line per step and ends with "fuzz: N passed, N failed".
set -u
mode=$1 B=$2 fuzz_modules=$3 spec=$4 seconds=${5:-600}
here=$(dirname "$0")
reg=$here/regressions
passed=0 failed=0

# Spec modules that seed fuzz_decode and fuzz_run in short mode, read in place from
# SPEC_DIR (the testsuite is test data, never copied into the repository).
SPEC_SEEDS="
    address.0.wasm align.22.wasm block.0.wasm br_if.0.wasm br_table.5.wasm bulk.1.wasm
    call_indirect.0.wasm conversions.0.wasm data.0.wasm elem.0.wasm f32.0.wasm
    f64.0.wasm fac.0.wasm float_exprs.0.wasm float_misc.0.wasm global.0.wasm
    i32.0.wasm i64.0.wasm if.0.wasm imports.0.wasm int_exprs.0.wasm left-to-right.0.wasm
    local_tee.0.wasm loop.0.wasm memory_copy.0.wasm memory_fill.0.wasm
    memory_grow.0.wasm memory_trap.0.wasm names.3.wasm ref_func.1.wasm return.0.wasm
    select.0.wasm stack.0.wasm start.3.wasm switch.0.wasm table_copy.0.wasm
    table_fill.0.wasm table_grow.0.wasm traps.0.wasm unwind.0.wasm
"
spec_seeds() {   # spec_seeds DIR: DIR holds links to the SPEC_SEEDS found in $spec
    rm -rf "$1" && mkdir -p "$1" || return 1
    for f in $SPEC_SEEDS; do
        [ -f "$spec/$f" ] && ln -s "$(cd "$spec" && pwd)/$f" "$1/$f"
    done
    return 0
}

# The number of runs of each target in short mode: about 10 s each on one core.
runs_for() {
    case $1 in fuzz_decode) echo 40000 ;; fuzz_run) echo 12000 ;; *) echo 4000 ;; esac
}

step() {   # step NAME COMMAND...: run, log to $B/logs/NAME.log, count
    name=$1; shift
    log=$B/logs/$name.log
    t0=$(date +%s)
    if "$@" > "$log" 2>&1; then
        passed=$((passed + 1)); r=PASS
    else
        failed=$((failed + 1)); r=FAIL
    fi
    stats=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    echo "$r $name ($(( $(date +%s) - t0 ))s${stats:+, $stats execs, $rate/s})"
    if [ $r = FAIL ]; then
        grep -E 'ERROR|INVARIANT|SUMMARY|FAIL|Test unit written|artifact' "$log" | head -20
        echo "  (full log: $log)"
    fi
}

libfuzzer() {   # libfuzzer TARGET OPTIONS...: run TARGET on its corpus and seeds
    t=$1; shift
    dict=
    case $t in fuzz_decode|fuzz_run) dict=-dict=$here/dict/wasm.dict ;; esac
    mkdir -p "$B/corpus/$t" "$B/crashes/$t"
    seeds=; [ -d "$here/seeds/$t" ] && seeds=$here/seeds/$t
    "$B/$t" -timeout=20 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 $dict \
        -artifact_prefix="$B/crashes/$t/" "$@" "$B/corpus/$t" $seeds
}

replay() {
    for t in fuzz_decode fuzz_run fuzz_wasi; do
        for f in "$reg/$t"/*; do
            [ -f "$f" ] || continue
            step "replay-$t-$(basename "$f")" "$B/$t" -runs=1 "$f"
        done
    done
    set -- "$reg"/diff/*.wasm
    [ -f "$1" ] && step replay-diff "$here/diff.sh" --work "$B/diff" --save "$B/diff" \
        --harness "$B/diff_run" "$@"
}

mkdir -p "$B/logs"
case $mode in
modules)
    # shellcheck disable=SC2086
    step fuzz_modules "$fuzz_modules" ${FUZZ_FLAGS:-} "$spec"
    echo "fuzz: the libFuzzer targets, the differential run and the regression inputs left out (FUZZ_LIBFUZZER=0)"
    ;;
short)
    # shellcheck disable=SC2086
    step fuzz_modules "$fuzz_modules" ${FUZZ_FLAGS:-} "$spec"
    spec_seeds "$B/spec-seeds"
    for t in fuzz_decode fuzz_run fuzz_wasi; do
        rm -rf "$B/corpus/$t"   # the same start every time: a deterministic run
        extra=
        case $t in fuzz_decode|fuzz_run) extra=$B/spec-seeds ;; esac
        step "$t" libfuzzer "$t" -seed=1 -runs="$(runs_for $t)" $extra
    done
    step diff "$here/diff.sh" --seed 1 --iterations 12 --work "$B/diff" --save "$B/diff" \
        --harness "$B/diff_run"
    replay
    ;;
long)
    for t in fuzz_decode fuzz_run fuzz_wasi; do
        extra=
        case $t in fuzz_decode|fuzz_run) [ -d "$spec" ] && extra=$spec ;; esac
        step "$t" libfuzzer "$t" -max_total_time="$seconds" $extra
        for c in "$B/crashes/$t"/*; do
            [ -f "$c" ] || continue
            mkdir -p "$reg/$t"
            cp "$c" "$reg/$t/" && echo "  new regression input: $reg/$t/$(basename "$c")"
        done
    done
    mkdir -p "$reg/diff"
    step diff "$here/diff.sh" --seed "$(date +%s)" --seconds "$seconds" --work "$B/diff" \
        --save "$reg/diff" --harness "$B/diff_run"
    ;;
replay) replay ;;
*) echo "run.sh: mode must be short, modules, long or replay" >&2; exit 2 ;;
esac
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
