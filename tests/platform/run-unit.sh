#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# shellcheck disable=SC2086  # flag lists are split into words on purpose
# run-unit.sh — build and run the platform unit tests:
#   test_platform (posix)  tests/platform/test_platform.c + platform/posix
#   test_platform (linux)  tests/platform/test_platform.c + platform/linux objects, which
#                          are compiled freestanding and checked to reference nothing
#   test_linux_abi         platform/linux/linux_abi.h against the C library's headers
# natively, and for aarch64 under qemu-aarch64 when aarch64-linux-gnu-gcc and qemu-aarch64
# are installed (--arch x86_64|aarch64 selects one; --native only the native one, also
# chosen by PLAT_CROSS=0 in the environment).
#
# Environment: CC (native, default cc), CC_AARCH64, OPT (default -O2), BUILD (default
# build): binaries go to $BUILD/platform-tests/ARCH. Ends with "N passed, N failed"
# (programs); exits non-zero if any failed.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OPT=${OPT:--O2}
BUILD=${BUILD:-build}

NATIVE=$(uname -m)
ARCHES=
case ${1:-} in
    --arch) ARCHES=${2:?--arch needs a value} ;;
    --native) ARCHES=$NATIVE ;;
    "") ARCHES=$NATIVE
        if [ "${PLAT_CROSS:-1}" = 0 ]; then
            echo "run-unit: aarch64 left out (PLAT_CROSS=0)"
        elif [ "$NATIVE" = x86_64 ] && command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 &&
           command -v qemu-aarch64 >/dev/null 2>&1; then
            ARCHES="$ARCHES aarch64"
        elif [ "$NATIVE" = x86_64 ]; then
            echo "run-unit: aarch64 skipped (needs gcc-aarch64-linux-gnu and qemu-user)"
        fi ;;
    *) echo "usage: $0 [--arch x86_64|aarch64 | --native]" >&2; exit 2 ;;
esac

pass=0
fail=0
WARN="-std=c11 -Wall -Wextra -Werror"
for arch in $ARCHES; do
    RUN=
    EXTRA=
    if [ "$arch" = "$NATIVE" ]; then
        cc=${CC:-cc}
        nm="nm"
    elif [ "$arch" = aarch64 ]; then
        cc=${CC_AARCH64:-aarch64-linux-gnu-gcc}
        nm=aarch64-linux-gnu-nm
        RUN="qemu-aarch64 -L /usr/aarch64-linux-gnu"
    else
        echo "run-unit: cannot run $arch here" >&2
        exit 2
    fi
    [ "$arch" = aarch64 ] && EXTRA=-mno-outline-atomics
    out=$BUILD/platform-tests/$arch
    mkdir -p "$out"
    echo "==== platform unit tests, $arch ($cc $OPT)"

    # platform/linux, freestanding: no undefined symbol in any object
    objs=
    for src in platform/linux/*.c platform/linux/*.S; do
        obj=$out/linux-$(basename "$src").o
        $cc $WARN $OPT $EXTRA -ffreestanding -nostdlib -fno-stack-protector -fPIC \
            -Iinclude -Iplatform/linux -c "$src" -o "$obj"
        und=$("$nm" -u "$obj" | awk '{ print $NF }' | grep -v '^_GLOBAL_OFFSET_TABLE_$' || true)
        if [ -n "$und" ]; then
            echo "FAIL $obj references: $und"
            fail=$((fail + 1))
        fi
        objs="$objs $obj"
    done
    # memset & co. must not have become calls to themselves
    if "$nm" "$out/linux-mem.c.o" | grep -q ' U '; then
        echo "FAIL platform/linux/mem.c calls out"
        fail=$((fail + 1))
    fi

    # shellcheck disable=SC2086
    $cc $WARN $OPT -Iinclude -Iplatform/posix -DPLAT_POSIX tests/platform/test_platform.c \
        platform/posix/platform_posix.c -o "$out/test_platform_posix" -pthread
    # shellcheck disable=SC2086
    $cc $WARN $OPT -Iinclude -Iplatform/posix -DPLAT_POSIX -DMW_POSIX_IMAGE_TMPFILE=1 \
        tests/platform/test_platform.c platform/posix/platform_posix.c \
        -o "$out/test_platform_posix_tmpfile" -pthread
    # shellcheck disable=SC2086
    $cc $WARN $OPT -Iinclude -Iplatform/linux -DPLAT_LINUX tests/platform/test_platform.c \
        $objs -o "$out/test_platform_linux" -pthread
    $cc $WARN $OPT -Iplatform/linux tests/platform/test_linux_abi.c -o "$out/test_linux_abi"

    for t in test_platform_posix test_platform_posix_tmpfile test_platform_linux test_linux_abi; do
        # shellcheck disable=SC2086
        if timeout 600 $RUN "$out/$t" >"$out/$t.log" 2>&1; then
            echo "PASS $arch/$t: $(tail -n 1 "$out/$t.log")"
            pass=$((pass + 1))
        else
            cat "$out/$t.log"
            echo "FAIL $arch/$t"
            fail=$((fail + 1))
        fi
    done
done
echo "run-unit: $pass passed, $fail failed"
[ $fail -eq 0 ]
