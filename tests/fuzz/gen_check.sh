#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# gen_check.sh — check the module generator (gen_module.c) with other engines: modules
# made by `diff_run --gen` (diff mode, SIMD) and `--gen-fuzz` (fuzz_run's mode, a share
# with SIMD) must pass wabt's wasm-validate exactly when the generator reports no
# invalid immediate, and diff-mode modules must run in node (V8) without a JavaScript
# error. Needs no SIMD support in minwasm. See doc/fuzzing.md.
#
# Usage: tests/fuzz/gen_check.sh [--harness build-fuzz/diff_run] [--seed S] [N [NODE_N]]
#   N seeds of each mode are validated (default 200); node runs the first NODE_N
#   diff-mode ones (default 40). Ends with "gen_check: N passed, N failed".
set -u
harness=build-fuzz/diff_run seed=1
while [ $# -gt 0 ]; do
    case $1 in
        --harness) harness=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        *) break ;;
    esac
done
n=${1:-200} nodes=${2:-40}
here=$(dirname "$0")
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
passed=0 failed=0 invalid=0
i=0
while [ "$i" -lt "$n" ]; do
    s=$((seed + i)); i=$((i + 1))
    for mode in gen gen-fuzz; do
        f=$work/$mode-$s.wasm
        "$harness" "--$mode" "$s" $((1000 + s * 7919 % 15000)) > "$f" 2> "$f.err"
        expect_invalid=no; grep -q 'invalid immediate' "$f.err" && expect_invalid=yes
        if wasm-validate "$f" 2> "$f.v"; then got=no; else got=yes; fi
        [ $got = yes ] && invalid=$((invalid + 1))
        if [ $got != $expect_invalid ]; then
            failed=$((failed + 1)); cp "$f" "gen_check-$mode-$s.wasm"
            echo "gen_check: --$mode $s: wasm-validate says invalid=$got, the generator" \
                 "$expect_invalid (gen_check-$mode-$s.wasm): $(head -3 "$f.v")"
            continue
        fi
        if [ $mode = gen ] && [ "$i" -le "$nodes" ] && [ $got = no ]; then
            if ! timeout 60 node --experimental-wasm-type-reflection "$here/diff_run.mjs" \
                 "$f" > "$f.txt" 2>&1 || grep -q -- '-> error\|^invalid\|instantiation failed' "$f.txt"; then
                failed=$((failed + 1)); cp "$f" "gen_check-$mode-$s.wasm"
                echo "gen_check: --$mode $s: node: $(grep -m3 -- 'error\|invalid\|failed' "$f.txt")"
                continue
            fi
        fi
        passed=$((passed + 1))
    done
done
echo "gen_check: $((2 * n)) modules, $invalid with an invalid immediate (rejected as expected)"
echo "gen_check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
