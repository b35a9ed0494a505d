#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# bench/simd/build.sh — build the SIMD benchmark programs (bench/simd/*.c) three ways:
#   bench/build/simd/native/NAME        $BENCH_CC -O2            (gcc; the baseline)
#   bench/build/simd/scalar/NAME.wasm   $BENCH_WASM_CC --target=wasm32-wasi -O2
#   bench/build/simd/simd/NAME.wasm     the same plus -msimd128 (auto-vectorization and
#                                       the programs' wasm_simd128.h code paths)
# Only what is missing or older than its source (or bench/src/bench.h) is rebuilt.
# Without clang and wasm-ld only the native builds are made (with a note on stderr) and
# the exit status is 3; any compile error exits 1. Used by bench/run --simd and
# bench/test-smoke.sh; the top-level Makefile is not involved.
set -u

cd "$(dirname "$0")/../.." || exit 1
CC=${BENCH_CC:-gcc}
WASM_CC=${BENCH_WASM_CC:-clang}
CFLAGS="-O2 -std=c11 -Wall -Wextra -Werror"
WASM_CFLAGS="--target=wasm32-wasi -O2 -std=c11 -Wall -Wextra -Werror"
OUT=bench/build/simd

stale() { # stale OUTPUT SOURCE: true when OUTPUT must be (re)built
    [ ! -f "$1" ] || [ "$2" -nt "$1" ] || [ bench/src/bench.h -nt "$1" ] ||
        [ bench/simd/build.sh -nt "$1" ]
}

build() { # build OUTPUT COMMAND...
    local out=$1
    shift
    mkdir -p "$(dirname "$out")"
    if ! "$@" -o "$out.tmp"; then
        rm -f "$out.tmp"
        echo "bench/simd/build.sh: failed: $* -o $out" >&2
        return 1
    fi
    mv -f "$out.tmp" "$out"
}

wasm=1
if ! command -v "$WASM_CC" >/dev/null 2>&1 || ! command -v wasm-ld >/dev/null 2>&1; then
    echo "bench/simd/build.sh: $WASM_CC or wasm-ld missing (bench/install-deps.sh installs" \
        "them): native builds only" >&2
    wasm=0
fi

status=0
for src in bench/simd/*.c; do
    name=$(basename "$src" .c)
    if stale "$OUT/native/$name" "$src"; then
        build "$OUT/native/$name" "$CC" $CFLAGS "$src" -lm || status=1
    fi
    [ "$wasm" -eq 1 ] || continue
    if stale "$OUT/scalar/$name.wasm" "$src"; then
        build "$OUT/scalar/$name.wasm" "$WASM_CC" $WASM_CFLAGS "$src" -lm || status=1
    fi
    if stale "$OUT/simd/$name.wasm" "$src"; then
        build "$OUT/simd/$name.wasm" "$WASM_CC" $WASM_CFLAGS -msimd128 "$src" -lm || status=1
    fi
done
[ "$status" -eq 0 ] && [ "$wasm" -eq 0 ] && status=3
exit "$status"
