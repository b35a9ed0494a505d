#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Install what the benchmark suite needs when it is missing (Debian/Ubuntu, apt):
#   clang                       C compiler with the wasm32 target
#   lld                         wasm-ld, the WebAssembly linker clang calls
#   wasi-libc                   the wasm32-wasi sysroot (/usr/lib/wasm32-wasi, headers)
#   libclang-rt-14-dev-wasm32   compiler-rt builtins for wasm32 (libclang_rt.builtins)
#   wabt                        wasm-interp, a reference interpreter (and wasm2wat)
# Node.js (a reference engine) is optional and not installed here.
# As root, missing packages are installed with apt-get (apt-get update first only when
# the plain install fails). Otherwise the exact command is printed and the script fails.
set -eu

PACKAGES="clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt"

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

missing=
if command -v dpkg-query >/dev/null 2>&1; then
    for p in $PACKAGES; do
        installed "$p" || missing="$missing $p"
    done
else
    # Not a dpkg system: check the tools themselves.
    command -v clang >/dev/null 2>&1 || missing="$missing clang"
    command -v wasm-ld >/dev/null 2>&1 || missing="$missing lld"
    command -v wasm-interp >/dev/null 2>&1 || missing="$missing wabt"
    if [ -n "$missing" ]; then
        echo "bench/install-deps: missing:$missing; install them (and a wasm32-wasi sysroot) by hand" >&2
        exit 1
    fi
    exit 0
fi

if [ -z "$missing" ]; then
    exit 0
fi

echo "bench/install-deps: missing packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "bench/install-deps: not root; run:" >&2
    echo "    sudo apt-get install -y$missing" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
APT="apt-get -y -o DPkg::Lock::Timeout=600"
# shellcheck disable=SC2086
if ! $APT install $missing </dev/null; then
    echo "bench/install-deps: install failed; running apt-get update and retrying"
    $APT update </dev/null
    $APT install $missing </dev/null
fi
for p in $missing; do
    if ! installed "$p"; then
        echo "bench/install-deps: '$p' is still not installed" >&2
        exit 1
    fi
done
echo "bench/install-deps: installed$missing"
