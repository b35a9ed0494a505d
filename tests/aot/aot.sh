#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tests of the native tier through the public API, against an existing build:
#
#  1. the modules tests/aot/mixed_{a,b,c}.wat are compiled with wat2wasm (names kept:
#     the backtrace checks look functions up by name), and module A to native code with
#     `$BUILD/minwasm compile` (also for the other memory configuration, which the core
#     must refuse);
#  2. test_mixed (tests/aot/test_mixed.c): A native, B and C interpreted, linked through
#     imports and a shared table and memory; calls, call_indirect, traps and backtraces,
#     fuel, deep recursion, memory.grow, each compared with A interpreted;
#  3. test_cwasm_header (tests/aot/test_cwasm_header.c): truncated, bit-flipped, randomly
#     damaged and foreign .cwasm files are refused, never loaded, never a crash;
#  4. test_cwasm_header (and test_mixed) again with -fsanitize=address,undefined, linked
#     with the sanitizer build in $AOT_SAN_BUILD (default build-san) when that build
#     exists and has the native tier (mw_module_deserialize); otherwise skipped with a
#     message.
#
# The test programs are compiled with the flags of the build (its cflags.txt) and linked
# as the Makefile links tests/unit programs. Nothing in the build is rebuilt: run
# `make BUILD=DIR` first.
#
# Usage: tests/aot/aot.sh [BUILD]      (default build)   Exits non-zero on any failure.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
BUILD=${1:-build}
SAN_BUILD=${AOT_SAN_BUILD:-build-san}
CC=${CC:-cc}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mw-aot.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
WARN="-std=c11 -Wall -Wextra -Werror"
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -g"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

pass=0 fail=0 skip=0 t0=$(date +%s)
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
skipped() { echo "skip $*"; skip=$((skip + 1)); }
summary() {
    echo "aot: $pass passed, $fail failed, $skip skipped ($BUILD, $(( $(date +%s) - t0 ))s)"
}
# run WHAT CMD...: CMD's output is shown either way.
run() {
    what=$1; shift
    "$@" >"$TMP/out" 2>&1
    rc=$?
    cat "$TMP/out"
    if [ $rc -eq 0 ]; then ok "$what"; else bad "$what (exit $rc)"; fi
}

# The -D flags a build's core was compiled with (its cflags.txt, written by the Makefile).
build_defs() {
    if [ -f "$1/cflags.txt" ]; then
        tr ' ' '\n' <"$1/cflags.txt" | grep '^-DMW_' | sort -u | tr '\n' ' '
    else
        echo "-DMW_PLATFORM_VM=1 -DMW_PLATFORM_TRAPS=1 -DMW_PLATFORM_TLS=1 -DMW_PLATFORM_CODE=1"
    fi
}
# The libraries to link: the core, and the POSIX platform when the core uses platform groups.
build_libs() {
    libs="$1/libminwasm.a"
    case "$2" in *-DMW_PLATFORM_*) libs="$libs $1/libminwasm-platform-posix.a" ;; esac
    echo "$libs"
}

for f in "$BUILD/minwasm" "$BUILD/libminwasm.a"; do
    if [ ! -f "$f" ]; then
        bad "$f missing: build it first (make BUILD=$BUILD)"
        summary
        exit 1
    fi
done
DEFS=$(build_defs "$BUILD")
LIBS=$(build_libs "$BUILD" "$DEFS")
case "$DEFS" in
    *-DMW_PLATFORM_CODE=1*) NATIVE=1 ;;
    *) NATIVE=0 ;;
esac
case "$DEFS" in
    *-DMW_PLATFORM_TRAPS=1*) MEM=guard OTHER=bounds ;;
    *) MEM=bounds OTHER=guard ;;
esac

# ---------------------------------------------------------------- 1. modules
mods_ok=1
for m in a b c; do
    if ! wat2wasm --debug-names "tests/aot/mixed_$m.wat" -o "$TMP/mixed_$m.wasm" 2>"$TMP/wat.err"; then
        cat "$TMP/wat.err"
        bad "wat2wasm tests/aot/mixed_$m.wat"
        mods_ok=0
    fi
done
if [ $mods_ok = 1 ]; then
    ok "wat2wasm: mixed_a.wat, mixed_b.wat, mixed_c.wat"
    if "$BUILD/minwasm" compile "$TMP/mixed_a.wasm" -o "$TMP/mixed_a.cwasm" &&
       "$BUILD/minwasm" compile --memory $OTHER "$TMP/mixed_a.wasm" -o "$TMP/mixed_a_$OTHER.cwasm"; then
        ok "$BUILD/minwasm compile mixed_a.wasm (--memory $MEM and $OTHER)"
    else
        bad "$BUILD/minwasm compile mixed_a.wasm"
        mods_ok=0
    fi
fi

# ---------------------------------------------------------------- 2, 3. the test programs
# A sanitizer build's library needs the test programs built with the sanitizers too.
BSAN=
if [ -f "$BUILD/cflags.txt" ] && grep -q -- '-fsanitize' "$BUILD/cflags.txt"; then BSAN=$SAN; fi
# build NAME OUT EXTRA...: compile tests/aot/NAME.c with the build's flags into OUT.
build() {
    name=$1 out=$2; shift 2
    # shellcheck disable=SC2086 # flag lists
    if $CC $WARN -O2 "$@" -Iinclude -Isrc -o "$out" "tests/aot/$name.c" $LIBS -lm -lpthread \
            2>"$TMP/cc.err"; then
        return 0
    fi
    cat "$TMP/cc.err"
    bad "building $name ($CC $* against $BUILD)"
    return 1
}

if [ $NATIVE = 0 ]; then
    skipped "test_mixed, test_cwasm_header: $BUILD has no MW_PLATFORM_CODE (modules run interpreted)"
elif [ $mods_ok = 1 ]; then
    # shellcheck disable=SC2086
    if [ -z "${DEFS##*-DMW_SIMD=0*}" ]; then
        skipped "test_mixed: $BUILD is built without SIMD (MW_SIMD=0) and mixed_*.wat use v128"
    elif build test_mixed "$TMP/test_mixed" $BSAN $DEFS; then
        run "test_mixed: A native, B and C interpreted ($BUILD)" \
            "$TMP/test_mixed" "$TMP/mixed_a.cwasm" "$TMP/mixed_a.wasm" "$TMP/mixed_b.wasm" "$TMP/mixed_c.wasm"
    fi
    # shellcheck disable=SC2086
    if build test_cwasm_header "$TMP/test_cwasm_header" $BSAN $DEFS; then
        run "test_cwasm_header: damaged and foreign .cwasm refused ($BUILD)" \
            "$TMP/test_cwasm_header" "$TMP/mixed_a.cwasm" "$TMP/mixed_a_$OTHER.cwasm"
    fi
fi

# ---------------------------------------------------------------- 4. under ASan + UBSan
if [ -n "$BSAN" ]; then
    skipped "a second ASan+UBSan run: $BUILD is the sanitizer build (steps 2 and 3 ran under it)"
elif [ $NATIVE = 1 ] && [ $mods_ok = 1 ]; then
    if [ -f "$SAN_BUILD/libminwasm.a" ] &&
       nm "$SAN_BUILD/libminwasm.a" 2>/dev/null | grep -q ' T mw_module_deserialize$'; then
        SDEFS=$(build_defs "$SAN_BUILD")
        SLIBS=$(build_libs "$SAN_BUILD" "$SDEFS")
        # A .cwasm for the sanitizer build's configuration (the same as $BUILD's, usually).
        case "$SDEFS" in *-DMW_PLATFORM_TRAPS=1*) SMEM=guard ;; *) SMEM=bounds ;; esac
        if ! "$BUILD/minwasm" compile --memory $SMEM "$TMP/mixed_a.wasm" -o "$TMP/san.cwasm"; then
            bad "$BUILD/minwasm compile --memory $SMEM"
        else
            # shellcheck disable=SC2086
            if LIBS=$SLIBS build test_cwasm_header "$TMP/test_cwasm_header_san" -O1 $SAN $SDEFS; then
                run "test_cwasm_header under ASan+UBSan ($SAN_BUILD)" "$TMP/test_cwasm_header_san" "$TMP/san.cwasm"
            fi
            # shellcheck disable=SC2086
            if [ -z "${SDEFS##*-DMW_SIMD=0*}" ]; then
                skipped "test_mixed under ASan+UBSan: $SAN_BUILD is built without SIMD"
            elif LIBS=$SLIBS build test_mixed "$TMP/test_mixed_san" -O1 $SAN $SDEFS; then
                run "test_mixed under ASan+UBSan ($SAN_BUILD)" "$TMP/test_mixed_san" "$TMP/san.cwasm" \
                    "$TMP/mixed_a.wasm" "$TMP/mixed_b.wasm" "$TMP/mixed_c.wasm"
            fi
        fi
    elif [ -f "$SAN_BUILD/libminwasm.a" ]; then
        skipped "ASan+UBSan: $SAN_BUILD predates the native tier (no mw_module_deserialize): make SANITIZE=1 BUILD=$SAN_BUILD"
    else
        skipped "ASan+UBSan: no sanitizer build at $SAN_BUILD (make SANITIZE=1)"
    fi
fi

summary
[ "$fail" -eq 0 ]
