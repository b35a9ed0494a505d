#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# tests/wasi-slices.sh — WASI programs run in fuel slices (minwasm run --fuel-slice N,
# resumable calls, doc/resume.md) print exactly what an uninterrupted run prints and exit
# with the same status: slices of 1,000 and of 1 for two libc programs, and a program
# whose random_get charges more than a slice (the host call is retried) under a total
# --fuel budget, which must stop after the same number of iterations.
#
# usage: tests/wasi-slices.sh MINWASM   (needs clang --target=wasm32-wasi: tests/wasi/run.sh)
set -u
MW=$1
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
pass=0 fail=0
for p in libc_big bigout randloop; do
    if ! clang --target=wasm32-wasi -O2 -D_WASI_EMULATED_PROCESS_CLOCKS -c "$HERE/wasi/$p.c" -o "$W/$p.o" ||
       ! clang --target=wasm32-wasi "$W/$p.o" -o "$W/$p.wasm" -lm -lwasi-emulated-process-clocks; then
        echo "FAIL: build $p with clang --target=wasm32-wasi (see tests/wasi/run.sh)"; exit 1
    fi
done
check() {   # name, then the common arguments; compares plain with each slice size
    local name=$1; shift
    "$MW" run "$@" >"$W/ref.out" 2>/dev/null; local ref=$?
    for s in 1000 1; do
        [ "$name" = randloop ] && [ $s = 1 ] && continue
        "$MW" run --fuel-slice $s "$@" >"$W/got.out" 2>/dev/null; local got=$?
        if [ $got = $ref ] && cmp -s "$W/ref.out" "$W/got.out" && [ -s "$W/ref.out" ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1)); echo "FAIL: $name --fuel-slice $s: exit $got vs $ref, output differs or is empty"
        fi
    done
}
check libc_big "$W/libc_big.wasm"
check bigout "$W/bigout.wasm"
check randloop --fuel 300000 "$W/randloop.wasm"
echo "wasi-slices: $pass passed, $fail failed"
[ $fail = 0 ]
