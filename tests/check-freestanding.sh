#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Check that the core library (src/, and the text reader wat/) is freestanding C11:
#  1. every src/*.c and src/*.h includes only freestanding headers
#     (stddef.h stdint.h stdbool.h stdarg.h limits.h float.h) or quoted local headers
#     that exist in src/ or include/;
#  2. every src/*.c compiles with -ffreestanding -nostdlib -fno-builtin, at -O0 and -O2,
#     with both interpreter dispatch modes, with and without SIMD;
#  3. the objects reference no undefined symbol except memcpy, memmove, memset, memcmp and
#     mw_platform_* (the platform API).
# Extra symbols can be allowed with MW_FREESTANDING_ALLOW="sym1 sym2" (for instance a
# compiler-runtime helper such as __popcountdi2 from libgcc), but prefer avoiding them.
#
# Usage: [CC=cc] [NM=nm] tests/check-freestanding.sh
set -eu

CC=${CC:-cc}
NM=${NM:-nm}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ALLOW_EXTRA=${MW_FREESTANDING_ALLOW:-}
cd "$ROOT"

status=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mw-freestanding.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

# ---------------------------------------------------------------- 1. headers
for f in src/*.c src/*.h wat/*.c wat/*.h; do
    [ -e "$f" ] || continue
    # "#  include <x>" or "#include "x"" (ignores includes built from macros)
    grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$f" | while IFS= read -r line; do
        num=${line%%:*}
        text=${line#*:}
        hdr=$(printf '%s\n' "$text" | sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]*)[>"].*/\1/')
        case "$text" in
            *'<'*)
                case "$hdr" in
                    stddef.h|stdint.h|stdbool.h|stdarg.h|limits.h|float.h) ;;
                    *) echo "$f:$num: non-freestanding header <$hdr>"; echo x >>"$TMP/hdrbad" ;;
                esac ;;
            *)
                if [ ! -f "src/$hdr" ] && [ ! -f "include/$hdr" ] && [ ! -f "$(dirname "$f")/$hdr" ]; then
                    echo "$f:$num: quoted header \"$hdr\" is not a file of src/ or include/"
                    echo x >>"$TMP/hdrbad"
                fi ;;
        esac
    done
done
if [ -e "$TMP/hdrbad" ]; then
    status=1
fi

# ---------------------------------------------------------------- 2./3. compile + nm
set -- src/*.c wat/*.c
if [ ! -e "$1" ]; then
    echo "check-freestanding: no src/*.c files" >&2
    exit 1
fi

# The library is built with builtins on (hosted flags), where the compiler may turn a
# loop into a call to strlen or memset: "hosted" variants compile that way too. The
# guard variants turn on every platform group (their mw_platform_* calls are allowed).
# Variants compile in parallel (MW_JOBS, default: the number of CPUs); the symbol checks
# run after all of them.
GUARD="-DMW_PLATFORM_VM=1 -DMW_PLATFORM_TRAPS=1 -DMW_PLATFORM_TLS=1"
JOBS=${MW_JOBS:-$(nproc 2>/dev/null || echo 2)}

variant_dir() { printf '%s/%s' "$TMP" "$(printf '%s' "$1" | tr -c 'A-Za-z0-9' '_')"; }

compile_variant() {
    variant=$1
    shift
    dir=$(variant_dir "$variant")
    mkdir -p "$dir"
    case "$variant" in
        hosted*) mode=""; flags=${variant#hosted } ;;
        *) mode="-ffreestanding -nostdlib -fno-builtin"; flags=$variant ;;
    esac
    for src in "$@"; do
        obj="$dir/$(basename "$src" .c).o"
        # shellcheck disable=SC2086
        if ! "$CC" -std=c11 -Wall -Wextra -Werror $flags $mode \
                -Iinclude -c "$src" -o "$obj"; then
            echo "FAIL: $src does not compile freestanding ($CC $variant)"
            echo x >>"$TMP/compilebad"
            rm -f "$obj"
        fi
    done
}

VARIANTS="-O0|-O2|-O0 -DMW_DISPATCH_GOTO=0|-O2 -DMW_DISPATCH_GOTO=0|hosted -O2|hosted -O2 $GUARD|hosted -O3 -DMW_DISPATCH_GOTO=0|-O2 $GUARD|-O2 -DMW_SIMD=0"
running=0
IFS='|'
for variant in $VARIANTS; do
    unset IFS
    compile_variant "$variant" "$@" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then wait; running=0; fi
    IFS='|'
done
unset IFS
wait
[ -e "$TMP/compilebad" ] && status=1

nobj=0
IFS='|'
for variant in $VARIANTS; do
    unset IFS
    dir=$(variant_dir "$variant")
    set -- "$dir"/*.o
    [ -e "$1" ] || { IFS='|'; continue; }
    nobj=$((nobj + $#))
    # Symbols defined by any object of the library resolve inside it.
    "$NM" --defined-only "$dir"/*.o | awk 'NF >= 3 { print $3 }' | sort -u >"$dir/defined"
    for obj in "$dir"/*.o; do
        "$NM" -u "$obj" | awk '{ print $NF }' | sort -u | comm -23 - "$dir/defined" |
        while IFS= read -r sym; do
            case "$sym" in
                memcpy|memmove|memset|memcmp|mw_platform_*) continue ;;
                _GLOBAL_OFFSET_TABLE_) continue ;;   # linker-defined, appears with -fPIC
            esac
            allowed=0
            for a in $ALLOW_EXTRA; do [ "$a" = "$sym" ] && allowed=1; done
            [ $allowed -eq 1 ] && continue
            echo "FAIL: $(basename "$obj" .o).c ($CC $variant): undefined symbol '$sym'"
            echo x >>"$TMP/bad"
        done
    done
    IFS='|'
done
unset IFS

if [ -e "$TMP/bad" ]; then
    echo "check-freestanding: src/ may call only memcpy/memmove/memset/memcmp and mw_platform_*."
    echo "  (A compiler-runtime helper such as __popcountdi2 comes from a builtin: write the"
    echo "   operation by hand, or allow it with MW_FREESTANDING_ALLOW.)"
    status=1
fi

if [ $status -eq 0 ]; then
    echo "check-freestanding: OK ($nobj objects with $CC: freestanding and hosted flags, -O0/-O2/-O3, goto/switch dispatch, no platform / guard pages, with and without SIMD)"
else
    echo "check-freestanding: FAILED"
fi
exit $status
