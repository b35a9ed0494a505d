#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tests of aot/elfimg.c, which turns the shared object `minwasm compile` builds into a flat
# image for minwasm's loader.
#
#  1. aot/elfimg.c and the test compile warning-free (-Wall -Wextra -Werror) with gcc and clang;
#  2. tests/aot/test_elfimg.c is built with AddressSanitizer + UBSan (the corruption tests
#     must show no crash and no out-of-bounds access, not merely no signal);
#  3. for the host ($CC) and each cross compiler found (aarch64-linux-gnu-gcc,
#     riscv64-unknown-elf-gcc), elfimg_sample.c is built the way `minwasm compile` builds
#     code and checked (run when it is the host's architecture; corruption tests in full on
#     the host's object, lighter on the others), and objects that call
#     memcpy or need a shared library must be refused with a message naming them;
#  4. with qemu-aarch64, the AArch64 image is also loaded and called under emulation.
#
# A missing cross compiler or emulator is skipped with a message. riscv64-unknown-elf-gcc
# (bare-metal newlib) usually cannot link -shared; clang --target=riscv64-linux-gnu with
# ld.lld stands in for it when present.
#
# Usage: [CC=cc] tests/aot/elfimg.sh     Exits non-zero on any failure.
set -u

CC=${CC:-cc}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mw-elfimg.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

# The command of `minwasm compile`.
SOFLAGS="-O2 -fPIC -shared -nostdlib -ffreestanding -fvisibility=hidden -Wl,--hash-style=both"
WARN="-std=c11 -Wall -Wextra -Werror"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g"
# A small quarantine: with the default 256 MB, the thousands of freed images made the
# corruption tests take a minute and 2 GB; nothing is used after free within a parse.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:quarantine_size_mb=16}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

pass=0 fail=0 skip=0 done_arches=""
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
skipped() { echo "skip $*"; skip=$((skip + 1)); }

# run WHAT CMD...: CMD's output is shown either way.
run() {
    what=$1; shift
    if "$@" >"$TMP/out" 2>&1; then cat "$TMP/out"; ok "$what"
    else cat "$TMP/out"; bad "$what"; fi
}

have() { command -v "$1" >/dev/null 2>&1; }

# can_link CC...: whether this compiler builds a shared object with $SOFLAGS.
can_link() {
    echo 'int f(void) { return 0; }' >"$TMP/probe.c"
    # shellcheck disable=SC2086
    "$@" $SOFLAGS -o "$TMP/probe.so" "$TMP/probe.c" >/dev/null 2>&1
}

summary() {
    echo "elfimg: $pass passed, $fail failed, $skip skipped (architectures:${done_arches:- none})"
}

case $(uname -m) in
    x86_64|amd64) HOST=x86_64 ;;
    aarch64|arm64) HOST=aarch64 ;;
    riscv64) HOST=riscv64 ;;
    *) HOST=$(uname -m) ;;
esac

# ---------------------------------------------------------------- 1. warnings
for c in gcc clang; do
    if ! have "$c"; then skipped "$c not found: warning check"; continue; fi
    # shellcheck disable=SC2086
    if "$c" $WARN -O2 -c aot/elfimg.c -o "$TMP/w1.o" &&
       "$c" $WARN -O2 -Iaot -c tests/aot/test_elfimg.c -o "$TMP/w2.o"; then
        ok "$c $WARN: aot/elfimg.c, tests/aot/test_elfimg.c"
    else
        bad "$c $WARN"
    fi
done

# ---------------------------------------------------------------- 2. the test program
# shellcheck disable=SC2086
if ! $CC $WARN -O1 $SAN -Iaot -o "$TMP/test_elfimg" tests/aot/test_elfimg.c aot/elfimg.c; then
    bad "building test_elfimg with $CC $SAN"
    summary
    exit 1
fi

# ---------------------------------------------------------------- 3. per architecture
# test_arch ARCH CC...: build the three kinds of object with CC and check them.
test_arch() {
    arch=$1; shift
    d=$TMP/$arch
    mkdir -p "$d"
    # shellcheck disable=SC2086
    if ! "$@" $SOFLAGS -o "$d/sample.so" tests/aot/elfimg_sample.c; then
        bad "$arch: building elfimg_sample.c with $*"
        return
    fi
    done_arches="$done_arches $arch"
    # Full corruption tests on the host's object; lighter ones on the others, whose larger
    # images make every ASan allocation slow (the parser is the same for all machines).
    fuzz=--fuzz=light
    [ "$arch" = "$HOST" ] && fuzz=--fuzz=full
    run "$arch: sample image, patched refusals, corruption $fuzz ($*)" \
        "$TMP/test_elfimg" check "$d/sample.so" "$arch" "$fuzz"
    # shellcheck disable=SC2086
    if "$@" $SOFLAGS -o "$d/extern.so" tests/aot/elfimg_extern.c; then
        run "$arch: a call to memcpy is refused" \
            "$TMP/test_elfimg" reject "$d/extern.so" "code needs symbol memcpy"
    else
        bad "$arch: building elfimg_extern.c"
    fi
    # shellcheck disable=SC2086
    if "$@" $SOFLAGS -o "$d/libelfimgdep.so" tests/aot/elfimg_dep.c &&
       "$@" $SOFLAGS -DUSER -o "$d/needs.so" tests/aot/elfimg_dep.c -L"$d" -lelfimgdep; then
        run "$arch: DT_NEEDED is refused" \
            "$TMP/test_elfimg" reject "$d/needs.so" "needs shared library libelfimgdep.so"
    else
        bad "$arch: building elfimg_dep.c"
    fi
}

# shellcheck disable=SC2086 # CC may be several words
test_arch "$HOST" $CC

if [ "$HOST" = aarch64 ]; then :
elif have aarch64-linux-gnu-gcc && can_link aarch64-linux-gnu-gcc; then
    test_arch aarch64 aarch64-linux-gnu-gcc
else
    skipped "aarch64: aarch64-linux-gnu-gcc not found or cannot link -shared"
fi

if [ "$HOST" = riscv64 ]; then :
elif have riscv64-unknown-elf-gcc && can_link riscv64-unknown-elf-gcc; then
    test_arch riscv64 riscv64-unknown-elf-gcc
else
    if have riscv64-unknown-elf-gcc; then
        skipped "riscv64: riscv64-unknown-elf-gcc cannot link -shared (bare-metal toolchain)"
    else
        skipped "riscv64: riscv64-unknown-elf-gcc not found"
    fi
    if have clang && have ld.lld && can_link clang --target=riscv64-linux-gnu -fuse-ld=lld; then
        test_arch riscv64 clang --target=riscv64-linux-gnu -fuse-ld=lld
    fi
fi

# ---------------------------------------------------------------- 4. AArch64 under qemu
# Loads and calls the AArch64 image for real (relocation, instruction-cache flush); the
# corruption tests already ran natively, so they are skipped here.
if [ "$HOST" != aarch64 ] && [ -f "$TMP/aarch64/sample.so" ]; then
    # shellcheck disable=SC2086
    if have qemu-aarch64 &&
       aarch64-linux-gnu-gcc $WARN -O2 -static -Iaot -o "$TMP/test_a64" \
           tests/aot/test_elfimg.c aot/elfimg.c 2>"$TMP/a64.err"; then
        run "aarch64: image loaded and called under qemu-aarch64" \
            qemu-aarch64 "$TMP/test_a64" check "$TMP/aarch64/sample.so" aarch64 --no-fuzz
    else
        skipped "aarch64 under emulation: no qemu-aarch64 or no static AArch64 libc"
    fi
fi

summary
[ "$fail" -eq 0 ]
