#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# tests/install/amalgamation.sh — the single-file library (make test-amalgamation).
# $BUILD/amalgamation holds minwasm.c and the public headers (make amalgamation). Copied
# to an empty directory, minwasm.c must compile with -std=c11 -Wall -Wextra -Werror and
# no -I of the repository, in two configurations:
#   bounds   no platform groups: minwasm.c + examples/hello.c and nothing else (src/
#            amalgamated alone calls no libc function beyond the memcpy family)
#   guard    the default build's groups (VM, traps, TLS, code): linked with the POSIX
#            platform library of $BUILD
# and examples/hello.c built against it must run and print what the normal build's hello
# prints. A name defined in two source files is refused by mk/amalgamate.py itself; a
# collision it cannot see (e.g. through a macro) fails the compile here.
# Environment: BUILD, CC.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
CC=${CC:-cc}
A=$BUILD/amalgamation
[ -f "$A/minwasm.c" ] || { echo "test-amalgamation: $A/minwasm.c missing (make amalgamation)" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/minwasm-amal.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "test-amalgamation: FAIL: $*" >&2; exit 1; }

cp "$A"/minwasm.c "$A"/*.h "$T"/
cp examples/hello.c "$T/hello.c"
lines=$(wc -l < "$T/minwasm.c")
WARN="-std=c11 -Wall -Wextra -Werror"
GUARD="-DMW_PLATFORM_VM=1 -DMW_PLATFORM_TRAPS=1 -DMW_PLATFORM_TLS=1 -DMW_PLATFORM_CODE=1"

# The expected output: the same program built the normal way.
$CC $WARN -O1 -Iinclude -o "$T/hello-ref" examples/hello.c "$BUILD/libminwasm.a" \
    "$BUILD/libminwasm-platform-posix.a" -lm -lpthread || fail "reference hello"
"$T/hello-ref" > "$T/want" || fail "reference hello failed"

(
    cd "$T"
    # bounds: only the two files.
    $CC $WARN -O1 -c minwasm.c -o minwasm-bounds.o || exit 10
    $CC $WARN -O1 -c hello.c -o hello.o || exit 11
    $CC -o hello-bounds hello.o minwasm-bounds.o || exit 12
    ./hello-bounds > got-bounds || exit 13
) || fail "bounds configuration (step $?)"
cmp -s "$T/want" "$T/got-bounds" || { diff "$T/want" "$T/got-bounds" >&2; fail "bounds: output differs"; }
# The core alone (src/, without the hosted wasm.h layer) calls nothing from libc beyond
# the memcpy family, amalgamated as it is in separate files.
python3 mk/amalgamate.py "$T/core.c" src > /dev/null || fail "amalgamating src/ alone"
(cd "$T" && $CC $WARN -O1 -c core.c -o core.o) || fail "core.c (src/ alone) does not compile"
undef=$(nm -u "$T/core.o" | awk '{print $2}' |
        grep -v -E '^(memcpy|memmove|memset|memcmp|__stack_chk_fail)$' || true)
[ -z "$undef" ] || fail "src/ amalgamated needs: $(echo $undef | tr '\n' ' ')"

# The collision check itself: two files defining the same static function are refused.
mkdir -p "$T/clash"
printf 'static int helper(void) { return 1; }\nint a(void) { return helper(); }\n' > "$T/clash/a.c"
printf '#define LIMIT 2\nstatic int helper(void) { return 2; }\nint b(void) { return helper(); }\n' > "$T/clash/b.c"
if python3 mk/amalgamate.py "$T/clash.c" "$T/clash" 2> "$T/clash.err"; then
    fail "amalgamate.py accepted two files defining static helper()"
fi
grep -q "helper is defined at file scope in .*a.c, .*b.c" "$T/clash.err" ||
    { cat "$T/clash.err" >&2; fail "amalgamate.py did not name the colliding function and files"; }

PLAT=$(pwd)/$BUILD/libminwasm-platform-posix.a
(
    cd "$T"
    $CC $WARN $GUARD -O1 -c minwasm.c -o minwasm-guard.o || exit 20
    $CC -o hello-guard hello.o minwasm-guard.o "$PLAT" -lpthread || exit 21
    ./hello-guard > got-guard || exit 22
) || fail "guard configuration (step $?)"
cmp -s "$T/want" "$T/got-guard" || { diff "$T/want" "$T/got-guard" >&2; fail "guard: output differs"; }
echo "test-amalgamation: ok (minwasm.c: $lines lines; bounds and guard configurations build alone with $CC and run hello)"
