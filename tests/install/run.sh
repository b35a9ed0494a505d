#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# tests/install/run.sh — `make install` / `make uninstall` into temporary prefixes, and
# programs built against the installation with pkg-config alone (make test-install).
#
#   shared:  make install PREFIX=$T/shared; examples/hello.c built with
#            `pkg-config --cflags --libs minwasm` must link libminwasm.so.MAJOR (its
#            soname) and run; a program using minwasm-wasi.pc links too; the installed
#            `minwasm` command runs a module.
#   static:  make install DESTDIR=$T/stage PREFIX=/opt/mw INSTALL_SHARED=0 (a staged,
#            static-only installation, read through PKG_CONFIG_SYSROOT_DIR);
#            `pkg-config --static --cflags --libs minwasm` must give a program with no
#            libminwasm dependency that runs.
#   Both:    the version of minwasm.pc is the header's; mw_version() matches; uninstall
#            leaves no file behind.
# Environment: BUILD (build directory), MAKE, CC.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
CC=${CC:-cc}
T=$(mktemp -d "${TMPDIR:-/tmp}/minwasm-install.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "test-install: FAIL: $*" >&2; exit 1; }

ver() { sed -n "s/^#define MW_VERSION_$1 \([0-9][0-9]*\).*/\1/p" include/minwasm.h; }
VERSION="$(ver MAJOR).$(ver MINOR).$(ver PATCH)"
MAJOR=$(ver MAJOR)

# A program that checks the header and library versions agree, then runs hello.c's main.
mkprog() {
    sed 's/^int main(void)/static int hello_main(void)/' examples/hello.c > "$1"
    cat >> "$1" <<'EOF'
#include <string.h>
int main(void)
{
    if (strcmp(mw_version(), MW_VERSION_STRING) != 0) {
        fprintf(stderr, "version mismatch: library %s, header %s\n", mw_version(), MW_VERSION_STRING);
        return 1;
    }
    printf("minwasm %s\n", mw_version());
    return hello_main();
}
EOF
}
mkprog "$T/prog.c"
cat > "$T/wasi_prog.c" <<'EOF'
#include <stdio.h>
#include "minwasm_wasi.h"
int main(void)
{
    mw_wasi_config cfg;
    mw_wasi_config_init(&cfg);
    printf("wasi config ok\n");
    return 0;
}
EOF

echo "== shared: make install PREFIX=$T/shared"
$MAKE --no-print-directory BUILD="$BUILD" PREFIX="$T/shared" install > "$T/install-shared.log" 2>&1 ||
    { cat "$T/install-shared.log" >&2; fail "make install (shared)"; }
P=$T/shared
for f in lib/libminwasm.a lib/libminwasm-wasi.a lib/libminwasm.so lib/libminwasm.so.$MAJOR \
         lib/libminwasm.so.$VERSION lib/libminwasm-wasi.so.$MAJOR lib/pkgconfig/minwasm.pc \
         lib/pkgconfig/minwasm-wasi.pc include/minwasm.h include/minwasm_platform.h \
         include/minwasm_wasi.h bin/minwasm; do
    [ -e "$P/$f" ] || fail "not installed: $f"
done
for h in include/*.h; do
    [ -f "$P/include/$(basename "$h")" ] || fail "header not installed: $h"
done
soname=$(readelf -d "$P/lib/libminwasm.so.$VERSION" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
[ "$soname" = "libminwasm.so.$MAJOR" ] || fail "soname is '$soname', want libminwasm.so.$MAJOR"
# Only public symbols are exported (mw_ and the wasm.h API, wasm_).
bad=$(nm -D --defined-only "$P/lib/libminwasm.so.$VERSION" | awk '$2 ~ /[TDBR]/ {print $3}' |
      grep -v -E '^(mw_|wasm_|mwa_|_init$|_fini$|_edata$|_end$|__bss_start$)' | head -5 || true)
[ -z "$bad" ] || fail "libminwasm.so exports internal symbols: $bad"

export PKG_CONFIG_PATH="$P/lib/pkgconfig"
[ "$(pkg-config --modversion minwasm)" = "$VERSION" ] || fail "minwasm.pc version is not $VERSION"
flags=$(pkg-config --cflags --libs minwasm)
echo "pkg-config --cflags --libs minwasm: $flags"
# shellcheck disable=SC2086
$CC -std=c11 -Wall -Wextra -Werror -o "$T/hello-shared" "$T/prog.c" $flags ||
    fail "building against the shared library"
readelf -d "$T/hello-shared" | grep -q "NEEDED.*\[libminwasm.so.$MAJOR\]" ||
    fail "hello-shared does not need libminwasm.so.$MAJOR"
LD_LIBRARY_PATH="$P/lib" "$T/hello-shared" > "$T/out-shared" || fail "hello-shared failed"
grep -q "minwasm $VERSION" "$T/out-shared" || fail "hello-shared printed no version"
cat "$T/out-shared"
# Without the installed library's directory the program must not find a stray copy.
if env -u LD_LIBRARY_PATH "$T/hello-shared" >/dev/null 2>&1; then
    ldconfig -p 2>/dev/null | grep -q "libminwasm.so.$MAJOR" ||
        fail "hello-shared ran without libminwasm.so on the library path"
fi
wflags=$(pkg-config --cflags --libs minwasm-wasi)
# shellcheck disable=SC2086
$CC -std=c11 -Wall -Wextra -Werror -o "$T/wasi-shared" "$T/wasi_prog.c" $wflags ||
    fail "building against minwasm-wasi"
LD_LIBRARY_PATH="$P/lib" "$T/wasi-shared" | grep -q "wasi config ok" || fail "wasi-shared failed"
printf '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))' > "$T/add.wat"
wat2wasm "$T/add.wat" -o "$T/add.wasm"
[ "$("$P/bin/minwasm" run --invoke add "$T/add.wasm" 40 2)" = 42 ] || fail "installed minwasm command"

$MAKE --no-print-directory BUILD="$BUILD" PREFIX="$T/shared" uninstall > "$T/uninstall.log" 2>&1 ||
    { cat "$T/uninstall.log" >&2; fail "make uninstall"; }
left=$(find "$P" \( -type f -o -type l \) | head -5)
[ -z "$left" ] || fail "uninstall left: $left"
echo "shared: ok (soname libminwasm.so.$MAJOR, uninstall removed every file)"

echo "== static: make install DESTDIR=$T/stage PREFIX=/opt/mw INSTALL_SHARED=0"
$MAKE --no-print-directory BUILD="$BUILD" DESTDIR="$T/stage" PREFIX=/opt/mw INSTALL_SHARED=0 \
    install > "$T/install-static.log" 2>&1 ||
    { cat "$T/install-static.log" >&2; fail "make install (static)"; }
S=$T/stage/opt/mw
[ -f "$S/lib/libminwasm.a" ] || fail "DESTDIR: libminwasm.a not under $S"
[ ! -e "$S/lib/libminwasm.so" ] || fail "INSTALL_SHARED=0 installed a shared library"
grep -q '^prefix=/opt/mw$' "$S/lib/pkgconfig/minwasm.pc" || fail "minwasm.pc does not name the final prefix"
export PKG_CONFIG_PATH="$S/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$T/stage"
flags=$(pkg-config --static --cflags --libs minwasm)
echo "pkg-config --static --cflags --libs minwasm: $flags"
# shellcheck disable=SC2086
$CC -std=c11 -Wall -Wextra -Werror -o "$T/hello-static" "$T/prog.c" $flags ||
    fail "building against the static library"
if readelf -d "$T/hello-static" | grep -q "NEEDED.*libminwasm"; then
    fail "hello-static depends on a shared libminwasm"
fi
"$T/hello-static" > "$T/out-static" || fail "hello-static failed"
cmp -s "$T/out-shared" "$T/out-static" || fail "static and shared programs printed different output"
$MAKE --no-print-directory BUILD="$BUILD" DESTDIR="$T/stage" PREFIX=/opt/mw INSTALL_SHARED=0 \
    uninstall > "$T/uninstall.log" 2>&1 || { cat "$T/uninstall.log" >&2; fail "make uninstall (static)"; }
left=$(find "$T/stage" \( -type f -o -type l \) | head -5)
[ -z "$left" ] || fail "uninstall (static) left: $left"
echo "static: ok"
echo "test-install: ok (version $VERSION)"
