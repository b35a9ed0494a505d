#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# `minwasm explore`: the disassembler of translated code.
#   tests/cli-explore.sh MINWASM [SPEC_JSON_DIR]
# 1. A small module's listing shows the expected instructions, slots, branch targets and
#    wasm offsets; bad usage is refused.
# 2. Every converted spec module that loads (core and SIMD) is disassembled whole: the
#    walk by the layouts of opcodes.h must land exactly on every instruction the
#    translator emitted, so an emitter and a layout that disagree fail here.
set -euo pipefail
MINWASM=${1:?usage: tests/cli-explore.sh MINWASM [SPEC_JSON_DIR]}
SPEC=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fail=$((fail + 1)); fi; }

cat > "$tmp/m.wat" <<'WAT'
(module
  (func $add (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func $sel (param i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (i32.const 7))
      (then (i32.const 1)) (else (i32.const 2))))
  (func $vec (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1))))
WAT
wat2wasm --debug-names "$tmp/m.wat" -o "$tmp/m.wasm"
out=$("$MINWASM" explore "$tmp/m.wasm")
check "names printed" 'grep -q "^; add$" <<<"$out"'
check "i32.add with slots and offset" 'grep -qE "^  0 @0x[0-9a-f]+: i32.add.ret d2 s0 s1$" <<<"$out"'
check "compare fused into the if" 'grep -qE "brf.i32.lt_s_ri s0 #7 ->13$" <<<"$out"'
check "v128 values take two slots" 'grep -qE "i32x4.add d4 s0 s2$" <<<"$out"'
check "v128 result returned as two slots" 'grep -qE "ret s4$" <<<"$out"'
one=$("$MINWASM" explore --func 1 "$tmp/m.wasm")
check "--func selects one function" '[ "$(grep -c "^func " <<<"$one")" = 1 ] && grep -q "^func 1:" <<<"$one"'
set +e
"$MINWASM" explore --func 9 "$tmp/m.wasm" >/dev/null 2>&1; r1=$?
"$MINWASM" explore >/dev/null 2>&1; r2=$?
"$MINWASM" explore "$tmp/missing.wasm" >/dev/null 2>&1; r3=$?
printf '\0asm\1\0\0\0\1' > "$tmp/bad.wasm"
"$MINWASM" explore "$tmp/bad.wasm" >/dev/null 2>&1; r4=$?
set -e
check "unknown function refused (2)" '[ $r1 = 2 ]'
check "no file is a usage error (2)" '[ $r2 = 2 ]'
check "missing file is a load error (1)" '[ $r3 = 1 ]'
check "malformed module is a load error (1)" '[ $r4 = 1 ]'

if [ -n "$SPEC" ]; then
    # One process per 300 modules; a module that does not load is skipped (status 1).
    set +e
    find "$SPEC" -name '*.wasm' -print0 | sort -z |
        xargs -0 -n 300 "$MINWASM" explore > "$tmp/all" 2> "$tmp/err"
    r=$?
    set -e
    n=$(find "$SPEC" -name '*.wasm' | wc -l)
    loaded=$(grep -c '^;; ' "$tmp/all" || true)
    funcs=$(grep -c '^func ' "$tmp/all" || true)
    check "xargs: only load errors (status 0 or 123), got $r" '[ $r = 0 ] || [ $r = 123 ]'
    check "every instruction walked by its layout" '! grep -q "bad opcode" "$tmp/all"'
    check "no function failed to print" '! grep -q "cannot print" "$tmp/err"'
    echo "cli-explore: $loaded of $n spec modules disassembled whole ($funcs functions)"
    check "spec modules were found" '[ "$loaded" -gt 1000 ]'
fi
if [ $fail -ne 0 ]; then echo "cli-explore: $fail failed"; exit 1; fi
echo "cli-explore: ok"
