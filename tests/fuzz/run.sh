#!/bin/sh
# run.sh — the fuzzing steps of mk/fuzz.mk (see doc/fuzzing.md).
#
# Usage: tests/fuzz/run.sh short|long|replay FUZZ_BUILD FUZZ_MODULES SPEC_DIR [SECONDS]
#   short   fuzz_modules on SPEC_DIR; each libFuzzer target from -seed=1 for a fixed
#           number of runs, from an empty working corpus plus tests/fuzz/seeds/<target>;
#           the differential fuzzer on fixed seeds; then every saved regression input
#   long    each libFuzzer target for SECONDS (-max_total_time), keeping its corpus in
#           FUZZ_BUILD/corpus/<target> (the spec modules join the seeds of fuzz_decode
#           and fuzz_run); the differential fuzzer for SECONDS; new crash inputs are
#           copied to tests/fuzz/regressions/<target>/ (diff failures to .../diff/)
#   replay  only the saved regression inputs
# Prints one PASS/FAIL line per step and ends with "fuzz: N passed, N failed".
set -u
mode=$1 B=$2 fuzz_modules=$3 spec=$4 seconds=${5:-600}
here=$(dirname "$0")
reg=$here/regressions
passed=0 failed=0

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
    "$B/$t" -timeout=20 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 $dict \
        -artifact_prefix="$B/crashes/$t/" "$@" "$B/corpus/$t" "$here/seeds/$t"
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
short)
    # shellcheck disable=SC2086
    step fuzz_modules "$fuzz_modules" ${FUZZ_FLAGS:-} "$spec"
    for t in fuzz_decode fuzz_run fuzz_wasi; do
        rm -rf "$B/corpus/$t"   # the same start every time: a deterministic run
        step "$t" libfuzzer "$t" -seed=1 -runs="$(runs_for $t)"
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
*) echo "run.sh: mode must be short, long or replay" >&2; exit 2 ;;
esac
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
