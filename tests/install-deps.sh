#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Install the tools that "make test" needs when they are missing (Debian/Ubuntu, apt).
#
# Usage: tests/install-deps.sh [COMMAND:PACKAGE ...]
#   With no argument, checks the list below. Extra COMMAND:PACKAGE pairs are checked too
#   (.ci/run uses that for optional tools).
# As root, missing packages are installed with apt-get (apt-get update first only when the
# plain install fails). Otherwise the exact command to run is printed and the script fails.
set -eu

# One "command:package" per entry: the command that must be on PATH (or, when it starts
# with /, a file that must exist), and the Debian package that provides it. Add new
# requirements here.
REQUIRED="
wast2json:wabt
wat2wasm:wabt
clang:clang
wasm-ld:lld
/usr/lib/wasm32-wasi/libc.a:wasi-libc
/usr/lib/llvm-14/lib/clang/14.0.6/lib/wasi/libclang_rt.builtins-wasm32.a:libclang-rt-14-dev-wasm32
aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu
/usr/aarch64-linux-gnu/lib/libc.so:libc6-dev-arm64-cross
qemu-aarch64:qemu-user
riscv64-unknown-elf-gcc:gcc-riscv64-unknown-elf
arm-none-eabi-gcc:gcc-arm-none-eabi
qemu-system-riscv64:qemu-system-misc
qemu-system-arm:qemu-system-arm
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev
wasm-opt:binaryen
pkg-config:pkg-config
readelf:binutils
"

present() {
    case $1 in
        /*) [ -e "$1" ] ;;
        *) command -v "$1" >/dev/null 2>&1 ;;
    esac
}

missing_pkgs=
missing_cmds=
for pair in $REQUIRED "$@"; do
    cmd=${pair%%:*}
    pkg=${pair#*:}
    if ! present "$cmd"; then
        missing_cmds="$missing_cmds $cmd"
        case " $missing_pkgs " in
            *" $pkg "*) ;;
            *) missing_pkgs="$missing_pkgs $pkg" ;;
        esac
    fi
done

if [ -z "$missing_pkgs" ]; then
    exit 0
fi

echo "install-deps: missing:$missing_cmds (packages:$missing_pkgs)"
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: not root; run:" >&2
    echo "    sudo apt-get install -y$missing_pkgs" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: apt-get not found; install these packages by hand:$missing_pkgs" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Wait for a concurrent apt/dpkg (up to 10 minutes) instead of failing on its lock.
APT="apt-get -y -o DPkg::Lock::Timeout=600"
# shellcheck disable=SC2086
if ! $APT install $missing_pkgs </dev/null; then
    echo "install-deps: install failed; running apt-get update and retrying"
    $APT update </dev/null
    $APT install $missing_pkgs </dev/null
fi

for pair in $REQUIRED "$@"; do
    cmd=${pair%%:*}
    if ! present "$cmd"; then
        echo "install-deps: '$cmd' is still missing after installing ${pair#*:}" >&2
        exit 1
    fi
done
echo "install-deps: installed$missing_pkgs"
