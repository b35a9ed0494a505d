#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# examples/static-aot/build.sh — precompile demo.wat into C with `minwasm compile --emit-c`
# and link it into a plain C program with a MEMORY=bounds core (no platform functions);
# run it, and check that the program calls no platform function.
#   env: BUILD (the minwasm build dir, default build), LIB (a bounds core's libminwasm.a,
#   default $BUILD-switch/libminwasm.a), CC
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
CC=${CC:-cc}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
LIB=${LIB:-$BUILD-switch/libminwasm.a}
out=$BUILD/examples/static-aot
mkdir -p "$out"
wat2wasm "$here/demo.wat" -o "$out/demo.wasm"
"$BUILD/minwasm" compile --emit-c --memory bounds --name demo_module "$out/demo.wasm" -o "$out/demo_module.c"
# The generated C on its own must build freestanding, calling nothing.
$CC -std=c11 -O2 -ffreestanding -nostdlib -c "$out/demo_module.c" -o "$out/demo_module.o"
undef=$(nm -u "$out/demo_module.o" | awk '{print $2}' | grep -v '^memcpy$\|^memmove$\|^memset$\|^memcmp$' || true)
if [ -n "$undef" ]; then echo "static-aot: the generated C calls: $undef" >&2; exit 1; fi
# A sanitizer build's core needs the program linked with the same sanitizers.
san=
if [ -f "$BUILD/cflags.txt" ]; then
    san=$(tr ' ' '\n' < "$BUILD/cflags.txt" | grep -- '^-fsanitize=' | sort -u | tr '\n' ' ')
fi
# shellcheck disable=SC2086  # san: words
$CC -std=c11 -Wall -Wextra -Werror -O2 $san -I"$root/include" -o "$out/demo" "$here/main.c" \
    "$out/demo_module.o" "$LIB" -lm
if nm "$out/demo" | grep -q ' mw_platform_'; then
    echo "static-aot: the program uses platform functions:" >&2
    nm "$out/demo" | grep ' mw_platform_' >&2
    exit 1
fi
echo "static-aot: $(wc -c < "$out/demo.wasm") bytes of wasm -> $(wc -l < "$out/demo_module.c") lines of C; platform functions used: none"
"$out/demo"
