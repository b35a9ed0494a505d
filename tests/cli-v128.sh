#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# tests/cli-v128.sh — v128 arguments and results of `minwasm run --invoke`.
#
# usage: tests/cli-v128.sh MINWASM      (make test-cli-v128)
#
# A v128 on the command line is one 128-bit integer (0x and up to 32 hex digits, or
# decimal) whose little-endian bytes are the lanes; results print as 0x and 32 hex
# digits. The module is built with wat2wasm (wabt) in a temporary directory. It needs a
# core that runs SIMD: without it the module does not load and every check fails.
# The last line is "N passed, N failed"; the exit status is 1 on any failure.
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 MINWASM" >&2
    exit 2
fi
MW=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [ ! -x "$MW" ]; then
    echo "cli-v128: $MW is not an executable" >&2
    exit 2
fi
if ! command -v wat2wasm >/dev/null 2>&1; then
    echo "cli-v128: wat2wasm not found (package wabt): run tests/install-deps.sh" >&2
    exit 1
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/minwasm-v128.XXXXXX")
trap 'rm -rf "$T"' EXIT

cat >"$T/v128.wat" <<'WAT'
(module
  (func (export "const") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "id") (param v128) (result v128) (local.get 0))
  (func (export "add32") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func (export "lane0") (param v128) (result i32) (i32x4.extract_lane 0 (local.get 0)))
  (func (export "byte15") (param v128) (result i32) (i8x16.extract_lane_u 15 (local.get 0)))
  (func (export "f64lane1") (param v128) (result f64) (f64x2.extract_lane 1 (local.get 0)))
  (func (export "splat8") (param i32) (result v128) (i8x16.splat (local.get 0)))
  (func (export "multi") (param i32 v128) (result v128 i32 v128)
    (local.get 1) (local.get 0) (i64x2.splat (i64.const -2)))
)
WAT
if ! wat2wasm "$T/v128.wat" -o "$T/v128.wasm" 2>"$T/wat.err"; then
    cat "$T/wat.err" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

PASS=0 FAIL=0
# expect NAME WANT_STATUS WANT_STDOUT FUNC ARGS...: run --invoke FUNC ARGS, compare
expect() {
    local name=$1 want_status=$2 want_out=$3 func=$4 status
    shift 4
    "$MW" run --invoke "$func" "$T/v128.wasm" "$@" >"$T/out" 2>"$T/err"
    status=$?
    if [ "$status" = "$want_status" ] && [ "$(cat "$T/out")" = "$want_out" ]; then
        PASS=$((PASS + 1)); echo "PASS $name"
    else
        FAIL=$((FAIL + 1)); echo "FAIL $name: status $status (want $want_status)"
        sed 's/^/    | out: /' "$T/out"; sed 's/^/    | err: /' "$T/err"
    fi
}
# bad NAME FUNC ARGS...: a usage error (status 2) naming the argument as not a valid v128
bad() {
    local name=$1
    shift
    expect "$name" 2 "" "$@"
    if ! grep -q "is not a valid v128" "$T/err"; then
        FAIL=$((FAIL + 1)); echo "FAIL $name: no 'is not a valid v128' message"
    fi
}

expect "v128 result: i32x4 1 2 3 4 prints lane 0 in the low bits" 0 \
    0x00000004000000030000000200000001 const
expect "0x1 is the vector with byte 0 = 1" 0 0x00000000000000000000000000000001 id 0x1
expect "up to 32 hex digits, either case" 0 0xffffffffffffffffffffffffffffffff \
    id 0xFFFFFFFFffffffffffffffffffffffff
expect "decimal: 2^64" 0 0x00000000000000010000000000000000 id 18446744073709551616
expect "decimal: 2^128-1" 0 0xffffffffffffffffffffffffffffffff \
    id 340282366920938463463374607431768211455
expect "argument lanes: i32x4.extract_lane 0" 0 1 lane0 0x00000004000000030000000200000001
expect "argument lanes: i8x16.extract_lane_u 15 is the top byte" 0 171 \
    byte15 0xab000000000000000000000000000000
expect "argument lanes: f64x2 lane 1 is the high 64 bits" 0 1.5 \
    f64lane1 0x3ff80000000000000000000000000000
expect "two v128 arguments: i32x4.add" 0 0x00000005000000040000000300010000 \
    add32 0x00000004000000030000000200000001 0x0000000100000001000000010000ffff
expect "i8x16.splat 7" 0 0x07070707070707070707070707070707 splat8 7
expect "multiple results, each on its own line" 0 \
    "$(printf '%s\n' 0x0000000000000000000000000000abcd -5 0xfffffffffffffffefffffffffffffffe)" \
    multi -5 0xabcd
bad "33 hex digits are refused" id 0x1ffffffffffffffffffffffffffffffff
bad "decimal 2^128 is refused" id 340282366920938463463374607431768211456
bad "0x without digits is refused" id 0x
bad "a non-hex digit is refused" id 0x12g4
bad "a negative number is refused" id -1
bad "an empty argument is refused" id ""

echo "$PASS passed, $FAIL failed"
if [ "$FAIL" -gt 0 ] && grep -qi "simd\|v128" "$T/err" 2>/dev/null && ! "$MW" run --invoke const "$T/v128.wasm" >/dev/null 2>&1; then
    echo "cli-v128: the module does not load: does the core run SIMD yet?"
fi
[ "$FAIL" -eq 0 ]
