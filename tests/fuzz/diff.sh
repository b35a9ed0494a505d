#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# diff.sh — differential fuzzing of minwasm against V8 (node) on random valid modules
# from binaryen (wasm-opt -ttf) and from our generator (gen_module.c, with SIMD). See
# doc/fuzzing.md.
#
# Usage: tests/fuzz/diff.sh [--seed S] [--iterations N | --seconds T] [--work DIR]
#                           [--save DIR] [--harness build-fuzz/diff_run]
#                           [--simd auto|0|1] [FILE.wasm...]
#   With FILE arguments (saved regressions), those modules are compared instead.
#   Iteration i uses seed S+i. When S+i is a multiple of 3, `diff_run --gen` makes a
#   SIMD module with gen_module.c in diff mode (NaNs canonicalized, callable from
#   JavaScript). Otherwise diff_run --bytes makes the random input, wasm-opt turns it
#   into a module with the features minwasm supports, plus SIMD when S+i = 1 mod 3
#   (every 4th iteration adds reference types, whose binaryen-108 modules V8 and
#   minwasm must both reject), and all globals are exported (through
#   wasm2wat/wat2wasm) so their final values are compared. Both harnesses print a
#   transcript (tests/fuzz/diff_run.c).
#   --simd (default: $FUZZ_SIMD, else auto): whether minwasm is expected to run SIMD.
#   auto probes the harness with a tiny v128 module. While it is 0, a module that
#   minwasm rejects with "SIMD ... not supported" and node accepts is skipped with a
#   note; with 1 it is a failure like any other difference.
#   The transcripts must be equal, except that from the first call where either
#   engine ran out of stack or fuel (limits differ between engines) the rest is not
#   compared. A crash of the minwasm harness, a difference, or a node failure counts as
#   failed, and the module is copied to --save DIR (default: the work directory).
# Ends with "diff: N passed, N failed" (skipped ones are counted apart).
set -u

seed=1 iterations= seconds= work=build-fuzz/diff save= harness=build-fuzz/diff_run
simd=${FUZZ_SIMD:-auto}
while [ $# -gt 0 ]; do
    case $1 in
        --simd) simd=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --iterations) iterations=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --save) save=$2; shift 2 ;;
        --harness) harness=$2; shift 2 ;;
        -*) echo "diff.sh: unknown argument $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] && iterations=$#
[ -n "$iterations" ] || [ -n "$seconds" ] || iterations=20
save=${save:-$work}
here=$(dirname "$0")
for tool in wasm-opt node wasm2wat wat2wasm "$harness"; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] || {
        echo "diff.sh: '$tool' not found (wasm-opt: Debian package binaryen; wasm2wat," \
             "wat2wasm: wabt; node: nodejs)" >&2
        echo "diff: 0 passed, 1 failed"; exit 1; }
done
mkdir -p "$work" "$save"

# Does minwasm run SIMD? (module (func (export "f") (result i32) v128.const 0
# i32x4.extract_lane 0)), run through the harness.
if [ "$simd" = auto ]; then
    printf '\000asm\001\000\000\000\001\005\001\140\000\001\177\003\002\001\000\007\005\001\001f\000\000\012\031\001\027\000\375\014\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\375\033\000\013' \
        > "$work/simd-probe.wasm"
    if "$harness" "$work/simd-probe.wasm" 2>/dev/null | grep -qx -- '-> ok i32:00000000'; then
        simd=1
    else
        simd=0
    fi
    rm -f "$work/simd-probe.wasm"
fi
case $simd in
    0) echo "diff: minwasm without SIMD: modules it rejects for SIMD are skipped (--simd 0)" ;;
    1) echo "diff: minwasm with SIMD: every difference on SIMD modules is a finding (--simd 1)" ;;
    *) echo "diff.sh: --simd must be auto, 0 or 1" >&2; exit 2 ;;
esac

# MVP + sign-ext, non-trapping float-to-int, multi-value, bulk memory, mutable globals:
# what minwasm supports, minus reference types (added every 4th iteration).
FEATURES="--mvp-features --enable-sign-ext --enable-nontrapping-float-to-int \
--enable-multivalue --enable-bulk-memory --enable-mutable-globals"

# The transcript up to (not including) call number $2; all of it when $2 is empty.
upto() { awk -v k="$2" '/^call /{n++} k != "" && n >= k {exit} {print}' "$1"; }
# The number of the first call that ran out of stack or fuel, or nothing.
first_limit() { awk '/^call /{n++} /^-> trap (stack|fuel)/{print n; exit}' "$1"; }

# make_module SEED F: the random input F.bin, binaryen's module F.raw.wasm, and F.wasm
# with every global exported.
make_module() {
    s=$1 f=$2 feats=$FEATURES
    if [ $((s % 3)) -eq 0 ]; then   # gen_module.c in diff mode, with SIMD
        "$harness" --gen "$s" $((1000 + s * 7919 % 15000)) > "$f.wasm" 2>/dev/null
        return
    fi
    [ $((s % 3)) -eq 1 ] && feats="$feats --enable-simd"
    [ $((s % 4)) -eq 0 ] && feats="$feats --enable-reference-types"
    "$harness" --bytes "$s" $((1000 + s * 7919 % 15000)) > "$f.bin"
    # shellcheck disable=SC2086
    if ! wasm-opt -ttf "$f.bin" $feats --denan -o "$f.raw.wasm" 2>/dev/null; then
        return 1
    fi
    # Export every global; a module wabt cannot print (invalid ones) is used as it is.
    if wasm2wat --enable-all "$f.raw.wasm" -o "$f.wat" 2>/dev/null; then
        n=$(grep -c '^  (global ' "$f.wat")
        { sed '$d' "$f.wat"; sed '$!d; s/)$//' "$f.wat"
          g=0; while [ "$g" -lt "$n" ]; do echo "  (export \"fuzz-global-$g\" (global $g))"; g=$((g + 1)); done
          echo ")"; } > "$f.x.wat"
        wat2wasm --enable-all "$f.x.wat" -o "$f.wasm" 2>/dev/null || cp "$f.raw.wasm" "$f.wasm"
    else
        cp "$f.raw.wasm" "$f.wasm"
    fi
}

# compare F NAME: run both harnesses on F.wasm and count the outcome.
compare() {
    f=$1 name=$2
    timeout 60 "$harness" "$f.wasm" > "$f.mw.txt" 2> "$f.mw.err"; rc=$?
    timeout 60 node --experimental-wasm-type-reflection "$here/diff_run.mjs" "$f.wasm" \
        > "$f.v8.txt" 2> "$f.v8.err"; rcv=$?
    why=
    if [ $rc -eq 124 ] || [ $rcv -eq 124 ]; then
        echo "diff: $name: timeout (minwasm $rc, node $rcv); not compared"
        skipped=$((skipped + 1)); return
    elif [ $rc -ne 0 ]; then why="minwasm harness failed (exit $rc): $(head -c 2000 "$f.mw.err")"
    elif [ $rcv -ne 0 ]; then why="node failed (exit $rcv): $(head -c 2000 "$f.v8.err")"
    else
        k1=$(first_limit "$f.mw.txt") k2=$(first_limit "$f.v8.txt")
        k=$k1; { [ -z "$k" ] || { [ -n "$k2" ] && [ "$k2" -lt "$k" ]; }; } && k=$k2
        [ -n "$k" ] && partial=$((partial + 1))
        upto "$f.mw.txt" "$k" > "$f.mw.cmp"; upto "$f.v8.txt" "$k" > "$f.v8.cmp"
        cmp -s "$f.mw.cmp" "$f.v8.cmp" || why="transcripts differ:
$(diff "$f.mw.cmp" "$f.v8.cmp" | head -20)"
        if [ -n "$why" ] && [ "$simd" = 0 ] && grep -qx invalid "$f.mw.txt" &&
           grep -qi 'simd.*not supported' "$f.mw.err"; then
            echo "diff: $name: minwasm has no SIMD ($(sed 's/^diff_run: rejected: //' "$f.mw.err"));" \
                 "not compared"
            skipped=$((skipped + 1)) nosimd=$((nosimd + 1)); return
        fi
        # binaryen 108's --denan leaves v128 alone: in a -ttf module, float lane
        # arithmetic may make NaNs whose bits the spec leaves open (gen_module.c
        # canonicalizes them, so its modules are always compared).
        if [ -n "$why" ] && [ -f "$f.bin" ] && wasm2wat --enable-all "$f.wasm" 2>/dev/null |
           grep -qE '(f32x4|f64x2)\.(add|sub|mul|div|min|max|sqrt|ceil|floor|trunc|nearest|demote|promote)'; then
            cp "$f.wasm" "$save/nan-$(basename "$f").wasm"
            echo "diff: $name: differs, but it has float lane arithmetic that --denan does" \
                 "not cover; not counted (kept as $save/nan-$(basename "$f").wasm)"
            skipped=$((skipped + 1)) nan=$((nan + 1)); return
        fi
    fi
    if [ -n "$why" ]; then
        failed=$((failed + 1))
        cp "$f.wasm" "$save/diff-$(basename "$f").wasm"
        echo "diff: $name FAILED ($save/diff-$(basename "$f").wasm): $why"
    else
        passed=$((passed + 1))
        grep -qx invalid "$f.mw.txt" && invalid=$((invalid + 1))
        grep -q '^skip:' "$f.mw.txt" && skipped=$((skipped + 1)) && passed=$((passed - 1))
    fi
}

passed=0 failed=0 skipped=0 invalid=0 partial=0 nosimd=0 nan=0 i=0
start=$(date +%s)
while :; do
    if [ -n "$iterations" ]; then [ "$i" -lt "$iterations" ] || break
    else [ $(( $(date +%s) - start )) -lt "$seconds" ] || break; fi
    s=$((seed + i)); i=$((i + 1))
    f=$work/m$s
    if [ $# -gt 0 ]; then
        cp "$1" "$f.wasm"; name=$1; shift
    else
        name="seed $s"
        make_module "$s" "$f" || { skipped=$((skipped + 1)); continue; }
    fi
    compare "$f" "$name"
    [ -n "${FUZZ_DIFF_KEEP:-}" ] || rm -f "$f".*
done
echo "diff: $i modules; $invalid rejected by both, $partial compared up to a stack/fuel" \
     "limit, $skipped skipped ($nosimd for SIMD, which minwasm lacks; $nan for v128 NaNs)"
echo "diff: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
