#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# shellcheck disable=SC2086,SC2012,SC2116  # flag lists are split into words on purpose
# cross-compile.sh — portability check: compile the core (src/*.c) and the min-platform
# embedding driver for bare-metal targets with no platform group, freestanding, with
# -Wall -Wextra -Werror:
#   riscv64-unknown-elf-gcc -march=rv64gc -mabi=lp64d
#   arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 (32-bit)
# at -O2 and -Os. Lists what the objects need from outside beyond memcpy & co.: on these
# targets that is the compiler's runtime (libgcc: 64-bit division, double-precision
# float on a single-precision FPU), reported for information.
# A missing compiler skips its target (with a note). Ends with "N passed, N failed".
# PLAT_CROSS=0 in the environment skips it all: these compilers are not $CC's, so a run
# with another CC (the clang run of .ci/run) would only repeat them.
set -u
if [ "${PLAT_CROSS:-1}" = 0 ]; then
    echo "cross-compile: left out (PLAT_CROSS=0)"
    exit 0
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
OUT=${BUILD:-build}/cross
mkdir -p "$OUT"

JOBS=${MW_JOBS:-$(nproc 2>/dev/null || echo 2)}
pass=0
fail=0
check_target() {
    name=$1 cc=$2
    shift 2
    if ! command -v "$cc" >/dev/null 2>&1; then
        echo "cross-compile: $name skipped ($cc not installed)"
        return
    fi
    nm=${cc%gcc}nm
    for opt in -O2 -Os; do
        dir=$OUT/$name$opt
        rm -rf "$dir"
        mkdir -p "$dir"
        # The files compile side by side, JOBS at a time.
        running=0
        for src in src/*.c examples/min-platform/embedding/embedding.c; do
            obj=$dir/$(basename "$src" .c).o
            (
                if ! "$cc" -std=c11 -Wall -Wextra -Werror "$opt" -ffreestanding -nostdlib "$@" \
                        -Iinclude -Isrc -Iexamples/min-platform/embedding -c "$src" -o "$obj" \
                        2>"$dir/$(basename "$src" .c).err"; then
                    cat "$dir/$(basename "$src" .c).err"
                    echo "FAIL $name $opt: $src"
                    echo x >>"$dir/failed"
                fi
            ) &
            running=$((running + 1))
            if [ "$running" -ge "$JOBS" ]; then wait; running=0; fi
        done
        wait
        ok=1
        [ -e "$dir/failed" ] && ok=0
        if [ $ok -eq 1 ]; then
            "$nm" --defined-only "$dir"/*.o | awk 'NF >= 3 { print $3 }' | sort -u >"$dir/defined"
            ext=$("$nm" -u "$dir"/*.o | awk 'NF >= 2 { print $NF }' | sort -u |
                  comm -23 - "$dir/defined" |
                  grep -v -x -e memcpy -e memmove -e memset -e memcmp || true)
            echo "PASS $name $opt ($(ls "$dir"/*.o | wc -l) objects)${ext:+; compiler runtime:} $(echo $ext)"
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
        fi
    done
}

check_target riscv64 riscv64-unknown-elf-gcc -march=rv64gc -mabi=lp64d -mcmodel=medany
check_target arm-cortex-m4 arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard \
    -mfpu=fpv4-sp-d16
echo "cross-compile: $pass passed, $fail failed"
[ $fail -eq 0 ]
