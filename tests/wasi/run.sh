#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# tests/wasi/run.sh — WASI preview 1 tests of the minwasm command.
#
# usage: tests/wasi/run.sh MINWASM [HOSTED_DIR]
#   MINWASM     the minwasm binary to test (e.g. build/minwasm or build-san/minwasm)
#   HOSTED_DIR  where the hosted test programs test_*.c were built (make wasi-tests);
#               default: wasi-tests/ beside MINWASM. Missing ones count as failures.
#
# The C programs in tests/wasi/ are compiled with clang --target=wasm32-wasi -O2
# (Debian's clang, lld, wasi-libc and libclang-rt-NN-dev-wasm32; installed with apt-get
# when missing and running as root, otherwise the command to run is printed and the
# script fails). Compiling and linking are separate steps: clang runs wasm-opt after an
# optimised link, which would strip the name section the backtrace test needs.
# Where Node.js's node:wasi runs the same program, outputs are compared with it; the
# larger libc program is also compared with its native (cc) build.
# The last line is "N passed, N failed[, N skipped]"; the exit status is 1 on any failure.
set -u
# MINWASM_RUN_FLAGS: extra options of every `minwasm run` (e.g. --aot: the same tests
# on native code).
MW_RUN_FLAGS=${MINWASM_RUN_FLAGS:-}

if [ $# -lt 1 ]; then
    echo "usage: $0 MINWASM [HOSTED_DIR]" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
MW=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HOSTED=${2:-$(dirname "$MW")/wasi-tests}
[ -d "$HOSTED" ] && HOSTED=$(cd "$HOSTED" && pwd)
if [ ! -x "$MW" ]; then
    echo "run.sh: $MW is not an executable" >&2
    exit 2
fi
CC=${CC:-cc}
T=$(mktemp -d "${TMPDIR:-/tmp}/minwasm-wasi.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
W=$T/wasm
mkdir -p "$W"

PASS=0
FAIL=0
SKIP=0
pass() { PASS=$((PASS + 1)); echo "PASS $*"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $*"; }
skip() { SKIP=$((SKIP + 1)); echo "SKIP $*"; }
# check NAME COMMAND...: pass when the command succeeds
check() {
    local name=$1
    shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}
show() {   # the start of a file, indented, after a failure
    sed -n '1,40p' "$1" | sed 's/^/    | /'
}

# ------------------------------------------------------------------ toolchain
clang_major() { clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9][0-9]*\)\..*/\1/p' | head -n 1; }
missing_pkgs() {
    local need="" v
    command -v clang >/dev/null 2>&1 || need="$need clang"
    command -v wasm-ld >/dev/null 2>&1 || need="$need lld"
    [ -f /usr/include/wasm32-wasi/stdio.h ] || need="$need wasi-libc"
    if command -v clang >/dev/null 2>&1; then
        v=$(clang_major)
        local rt
        rt=$(clang --target=wasm32-wasi -print-libgcc-file-name 2>/dev/null)
        [ -n "$rt" ] && [ -f "$rt" ] || need="$need libclang-rt-${v:-14}-dev-wasm32"
    else
        need="$need libclang-rt-14-dev-wasm32"
    fi
    echo "$need"
}
need=$(missing_pkgs)
if [ -n "$need" ]; then
    echo "run.sh: missing packages:$need"
    if [ "$(id -u)" -ne 0 ]; then
        echo "run.sh: not root; run:" >&2
        echo "    sudo apt-get install -y$need" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    APT="apt-get -y -o DPkg::Lock::Timeout=600"
    # shellcheck disable=SC2086
    if ! $APT install $need </dev/null; then
        $APT update </dev/null
        $APT install $need </dev/null
    fi
    # the runtime package's name follows the clang version, known only now
    need=$(missing_pkgs)
    # shellcheck disable=SC2086
    [ -z "$need" ] || $APT install $need </dev/null
    need=$(missing_pkgs)
    if [ -n "$need" ]; then
        echo "run.sh: still missing:$need" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
fi

# build NAME [extra link args]: tests/wasi/NAME.c -> $W/NAME.wasm
build() {
    local name=$1
    shift
    clang --target=wasm32-wasi -O2 -Wall -Wextra -D_WASI_EMULATED_PROCESS_CLOCKS \
        -c "$HERE/$name.c" -o "$W/$name.o" &&
        clang --target=wasm32-wasi "$W/$name.o" -o "$W/$name.wasm" -lm \
            -lwasi-emulated-process-clocks "$@"
}
GUESTS="hello args_env exitcode bigout cat trap loop sleep clocks random poll files escape
        walk fault libc_big sockets alloc missing_import raise_raw iovs slashes readdir fsops
        conform randloop"
built=1
for g in $GUESTS; do
    if ! build "$g" >"$T/build.log" 2>&1; then
        fail "build $g.wasm"
        show "$T/build.log"
        built=0
    fi
done
if clang --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry -o "$W/embed_guest.wasm" \
    "$HERE/embed_guest.c" >"$T/build.log" 2>&1; then :; else
    fail "build embed_guest.wasm"
    show "$T/build.log"
    built=0
fi
[ $built -eq 1 ] && pass "build the test programs with clang --target=wasm32-wasi -O2"
NB=$T/nonblock
if ! $CC -O2 -o "$NB" "$HERE/nonblock.c" 2>"$T/build.log"; then
    fail "build the nonblock helper"
    show "$T/build.log"
fi

# node:wasi, when Node.js has it
NODE=""
if command -v node >/dev/null 2>&1 &&
    node --no-warnings -e 'import("node:wasi").then(() => process.exit(0), () => process.exit(1))' 2>/dev/null; then
    NODE="node --no-warnings $HERE/node_runner.mjs"
else
    echo "note: node with node:wasi not found: comparisons with Node.js are skipped"
fi

# mw OUT ERR [minwasm run args...]: run with stdin from /dev/null, recording the status
# (60 s at most)
mw() {
    local out=$1 err=$2
    shift 2
    timeout 60 "$MW" run $MW_RUN_FLAGS "$@" </dev/null >"$out" 2>"$err"
    echo $? >"$out.status"
}
status() { cat "$1.status"; }
nd() {   # node OUT ERR [args...]
    local out=$1 err=$2
    shift 2
    # shellcheck disable=SC2086
    timeout 60 $NODE "$@" </dev/null >"$out" 2>"$err"
    echo $? >"$out.status"
}
# compare_node NAME MW_OUT NODE_OUT: same stdout and status
compare_node() {
    if [ -z "$NODE" ]; then
        skip "$1: same as node:wasi"
        return
    fi
    if cmp -s "$2" "$3" && [ "$(status "$2")" = "$(status "$3")" ]; then
        pass "$1: same output and status as node:wasi"
    else
        fail "$1: differs from node:wasi (status $(status "$2") vs $(status "$3"))"
        diff "$2" "$3" | head -20 | sed 's/^/    | /'
    fi
}
all_ok() {   # a check-list program's output: no FAIL line, the closing line, status 0
    ! grep -q '^FAIL' "$1" && grep -q '^all checks passed$' "$1" && [ "$(status "$1")" = 0 ]
}
checklist() {   # NAME OUT ERR
    if all_ok "$2"; then
        pass "$1 ($(grep -c '^ok' "$2") checks)"
    else
        fail "$1 (status $(status "$2"))"
        grep -v '^ok' "$2" | head -20 | sed 's/^/    | /'
        show "$3"
    fi
}
cd "$W" || exit 1

# ------------------------------------------------------------------ hello, args, env
mw o e hello.wasm
check "hello: stdout" test "$(cat o)" = "hello from stdout"
check "hello: stderr" test "$(cat e)" = "hello from stderr"
check "hello: status 0" test "$(status o)" = 0
[ -n "$NODE" ] && nd no ne hello.wasm
compare_node "hello" o no

ARGS=(a "b c" "" "--not-an-option" "ünïcode")
mw o e --env GREETING=hi --env EMPTY= --env "SPACED=x y" --env HOME args_env.wasm "${ARGS[@]}"
HOMEV=${HOME-}
{
    echo "argc=6"
    echo "argv[1]=[a]"
    echo "argv[2]=[b c]"
    echo "argv[3]=[]"
    echo "argv[4]=[--not-an-option]"
    echo "argv[5]=[ünïcode]"
    echo "env[0]=[GREETING=hi]"
    echo "env[1]=[EMPTY=]"
    echo "env[2]=[SPACED=x y]"
    [ -n "${HOME+x}" ] && echo "env[3]=[HOME=$HOMEV]"
    echo "GREETING=hi"
    echo "HOME=${HOME-(unset)}"
} >expect
if cmp -s o expect && [ "$(status o)" = 0 ]; then pass "args and environment"; else
    fail "args and environment"
    diff o expect | sed 's/^/    | /'
fi
[ -n "$NODE" ] && nd no ne --env GREETING=hi --env EMPTY= --env "SPACED=x y" --env HOME args_env.wasm "${ARGS[@]}"
compare_node "args and environment" o no
mw o e args_env.wasm
check "no --env: the guest's environment is empty" grep -q '^GREETING=(unset)$' o

# ------------------------------------------------------------------ files
for mode in openat2 walk; do
    rm -rf "$T/fs" && mkdir "$T/fs"
    if [ $mode = walk ]; then export MINWASM_WASI_NO_OPENAT2=1; fi
    mw o e --dir "$T/fs::/sandbox" files.wasm /sandbox
    unset MINWASM_WASI_NO_OPENAT2
    checklist "files in a pre-opened directory ($mode)" o e
    check "files ($mode): the directory is left empty" test -z "$(ls -A "$T/fs")"
done
if [ -n "$NODE" ]; then
    rm -rf "$T/fs" && mkdir "$T/fs"
    mw o e --dir "$T/fs::/sandbox" files.wasm /sandbox
    rm -rf "$T/fs" && mkdir "$T/fs"
    nd no ne --dir "$T/fs::/sandbox" files.wasm /sandbox
    # node:wasi opens a final symlink despite O_NOFOLLOW, and says ENOTCAPABLE for an fd
    # without the right to read (minwasm: EBADF, as wasi-testsuite wants): leave those
    # checks (and the closing line and status they affect) out of the comparison
    filt='O_NOFOLLOW on a symlink|fd_read without the right|^all checks passed$|^SOME CHECKS FAILED$'
    grep -E -v "$filt" o >o2
    grep -E -v "$filt" no >no2
    echo 0 >o2.status
    echo 0 >no2.status
    compare_node "files (but two known node:wasi differences)" o2 no2
fi
rm -rf "$T/fs" && mkdir "$T/fs"
mw o e --dir "$T/fs" files.wasm "$T/fs"
checklist "files: --dir HOST without a guest name (guest sees HOST)" o e

# ------------------------------------------------------------------ compared with Linux
# native_vs NAME [FILTER]: tests/wasi/NAME.c built natively and run in an empty directory,
# then under minwasm (with and without the openat2 fast path) in another; stdout must be
# the same, but for lines starting "wasi-only" (checked apart: none may report a fault,
# which the programs write in capitals) and differences that the awk program FILTER (over "native line<TAB>minwasm
# line"; it prints the unaccepted ones) lets through as documented.
native_vs() {
    local name=$1 filter=${2:-'$1 != $2'} mode
    if ! $CC -O2 -Wall -Wextra -o "$T/$name.native" "$HERE/$name.c" 2>"$T/build.log"; then
        fail "build $name natively"
        show "$T/build.log"
        return
    fi
    rm -rf "$T/nat" && mkdir "$T/nat"
    "$T/$name.native" "$T/nat" >"$name.native.out" 2>/dev/null
    grep -v '^wasi-only' "$name.native.out" >nat.txt
    for mode in openat2 walk; do
        rm -rf "$T/vs" && mkdir "$T/vs"
        if [ $mode = walk ]; then export MINWASM_WASI_NO_OPENAT2=1; fi
        mw o e --dir "$T/vs::/scratch" "$name.wasm" /scratch
        unset MINWASM_WASI_NO_OPENAT2
        grep -v '^wasi-only' o >mw.txt
        local n ndiff
        n=$(wc -l <nat.txt)
        ndiff=$(paste -d '\t' nat.txt mw.txt | awk -F '\t' "$filter" | wc -l)
        if [ "$(status o)" = 0 ] && [ "$n" -gt 0 ] && [ "$(wc -l <mw.txt)" = "$n" ] && [ "$ndiff" = 0 ]; then
            pass "$name ($mode): same as Linux in all $n cases"
        else
            fail "$name ($mode): $ndiff of $n lines differ from Linux (status $(status o))"
            paste -d '\t' nat.txt mw.txt | awk -F '\t' "$filter" | head -20 |
                sed 's/\t/\n    | minwasm: /; s/^/    | linux:   /'
            show e
        fi
        if grep -q '^wasi-only' o; then
            if grep '^wasi-only' o | grep -E -w -q 'NOT|WRONG|WRITTEN|DIFFERENT|MISSED'; then
                fail "$name ($mode): guest-only checks"
                grep '^wasi-only' o | grep -E -w 'NOT|WRONG|WRITTEN|DIFFERENT|MISSED' | sed 's/^/    | /'
            else
                pass "$name ($mode): $(grep -c '^wasi-only' o) guest-only checks"
            fi
        fi
    done
}
native_vs iovs
# symlink/link to "NAME/" where NAME exists but is no directory: ENOTDIR, as POSIX and
# wasi-testsuite's path_symlink_trailing_slashes say (Linux says EEXIST)
native_vs slashes '{ x = $1; sub(/: EEXIST /, ": ENOTDIR ", x) }
    $1 != $2 && !($1 ~ /^(symlink x|link f) [a-z]+\/: EEXIST / && $2 == x)'
native_vs readdir
native_vs fsops
# wasi-testsuite's assertions (tests/wasi/conform.c)
native_vs conform
# lseek and pread on a pipe: ESPIPE as on Linux (a pipe has no seek right; wasi-libc
# would pass EBADF on)
if [ -x "$T/conform.native" ]; then
    want=$(echo x | "$T/conform.native" "$T" stdin-pipe 2>&1)
    got=$(echo x | timeout 60 "$MW" run $MW_RUN_FLAGS conform.wasm /x stdin-pipe 2>&1)
    check "lseek and pread on a pipe: as Linux (ESPIPE)" test "$got" = "$want" -a -n "$want"
fi
# readv of more buffers than one host call takes (MWW_IOV_CHUNK, 1024), from a pipe: the
# first call returns what is there (the first write), as one POSIX readv would, without
# waiting for more
B=700
for A in 1500 1024; do
    (head -c $A /dev/zero; sleep 0.5; head -c $B /dev/zero) |
        timeout 60 "$MW" run $MW_RUN_FLAGS iovs.wasm pipe 2000 >o 2>e
    check "readv of 2000 buffers from a pipe: $A then $B bytes, as written" test "$(cat o)" = "$A $B"
done

# ------------------------------------------------------------------ the sandbox
make_escape_tree() {
    chmod -R u+w "$T/esc" 2>/dev/null
    rm -rf "$T/esc"
    mkdir -p "$T/esc/box/sub" "$T/esc/outside"
    echo "secret" >"$T/esc/outside/secret.txt"
    echo "inside" >"$T/esc/box/sub/file.txt"
    ln -s /etc "$T/esc/box/abs_link"
    ln -s .. "$T/esc/box/up_link"
    ln -s sub/../.. "$T/esc/box/deep_up"
    (cd "$T/esc" && find . | sort; cat outside/secret.txt) >"$T/esc.before"
}
for mode in openat2 walk; do
    make_escape_tree
    if [ $mode = walk ]; then export MINWASM_WASI_NO_OPENAT2=1; fi
    mw o e --dir "$T/esc/box::/sandbox" escape.wasm
    unset MINWASM_WASI_NO_OPENAT2
    checklist "escape attempts refused ($mode)" o e
    (cd "$T/esc" && find . | sort; cat outside/secret.txt) >"$T/esc.after"
    if cmp -s "$T/esc.before" "$T/esc.after"; then
        pass "escape ($mode): nothing outside the sandbox (or in it) was changed"
    else
        fail "escape ($mode): the tree changed"
        diff "$T/esc.before" "$T/esc.after" | sed 's/^/    | /'
    fi
done
# exhaustive: every path of up to 4 troublesome components; whatever opens or stats must
# be an inode of the sandbox tree (dev and inode compared with the host's view)
chmod -R u+w "$T/wb" 2>/dev/null
rm -rf "$T/wb"
mkdir -p "$T/wb/box/sub" "$T/wb/outside"
echo s >"$T/wb/outside/secret.txt"
echo f >"$T/wb/box/file.txt"
echo g >"$T/wb/box/sub/file.txt"
ln -s .. "$T/wb/box/up_link"
ln -s /etc "$T/wb/box/abs_link"
ln -s sub/../.. "$T/wb/box/deep_up"
ln -s . "$T/wb/box/self_link"
ln -s sub "$T/wb/box/sub_link"
ln -s ../.. "$T/wb/box/sub/back"
find "$T/wb/box" -printf '%D %i\n' | sort -u >box.ids
for mode in openat2 walk; do
    if [ $mode = walk ]; then export MINWASM_WASI_NO_OPENAT2=1; fi
    mw o e --dir "$T/wb/box::/sandbox" walk.wasm
    unset MINWASM_WASI_NO_OPENAT2
    sort -u o >walk.ids
    if [ "$(status o)" = 0 ] && [ -z "$(comm -23 walk.ids box.ids)" ] &&
        [ "$(wc -l <walk.ids)" -eq "$(wc -l <box.ids)" ]; then
        pass "exhaustive walk ($mode): $(cat e); only sandbox inodes reached"
    else
        fail "exhaustive walk ($mode): status $(status o); reached outside the sandbox or missed some:"
        comm -3 walk.ids box.ids | head | sed 's/^/    | /'
        show e
    fi
done

make_escape_tree
mw o e --dir "$T/esc/box::/sandbox" fault.wasm
checklist "bad pointers and lengths give EFAULT" o e
check "fault: nothing was written from a bad buffer" sh -c '! grep -q "should not appear" o'

# ------------------------------------------------------------------ clocks, random, poll
NOW=$(date +%s)
mw o e clocks.wasm "$NOW"
checklist "clocks" o e
if [ -n "$NODE" ]; then
    nd no ne clocks.wasm "$NOW"
    # node:wasi's sleep sometimes returns early: compare the other checks
    filt='sleeps at least|^all checks passed$|^SOME CHECKS FAILED$'
    grep -E -v "$filt" o >o2
    grep -E -v "$filt" no >no2
    echo 0 >o2.status
    echo 0 >no2.status
    compare_node "clocks (but the sleep duration)" o2 no2
fi
mw o e random.wasm
checklist "random_get" o e
[ -n "$NODE" ] && nd no ne random.wasm
compare_node "random_get" o no
(sleep 0.3; echo input) | timeout 60 "$MW" run $MW_RUN_FLAGS poll.wasm >o 2>e
echo $? >o.status
checklist "poll_oneoff with clocks and fds" o e

# ------------------------------------------------------------------ exit codes
for code in 0 1 42; do
    mw o e exitcode.wasm $code
    check "exit($code) gives status $code" test "$(status o)" = $code
    [ -n "$NODE" ] && nd no ne exitcode.wasm $code
    compare_node "exit($code)" o no
done
mw o e exitcode.wasm 42 ret
check "return 42 from main gives status 42" test "$(status o)" = 42
mw o e exitcode.wasm 300
check "exit(300) gives status 125, with a note" \
    sh -c 'test "$(cat o.status)" = 125 && grep -q "outside 0-125" e'

# ------------------------------------------------------------------ stdout and stdin
if $CC -O2 -o "$T/bigout.native" "$HERE/bigout.c" 2>/dev/null; then
    WANT=$("$T/bigout.native" | sha256sum | cut -d' ' -f1)
else
    WANT=none
    fail "build bigout natively"
fi
GOT=$(timeout 60 "$MW" run $MW_RUN_FLAGS bigout.wasm | sha256sum | cut -d' ' -f1)
check "1 MiB through stdout to a pipe, same checksum as native" test "$GOT" = "$WANT"
GOT=$(timeout 60 "$MW" run $MW_RUN_FLAGS bigout.wasm | (sleep 1; sha256sum) | cut -d' ' -f1)
check "1 MiB through stdout to a slow reader" test "$GOT" = "$WANT"
GOT=$(timeout 60 "$NB" "$MW" run $MW_RUN_FLAGS bigout.wasm | (sleep 1; sha256sum) | cut -d' ' -f1)
check "1 MiB through stdout to a non-blocking pipe (EAGAIN)" test "$GOT" = "$WANT"
mw big.out e bigout.wasm
check "1 MiB through stdout to a file" test "$(sha256sum <big.out | cut -d' ' -f1)" = "$WANT"
check "1 MiB: exactly 1048576 bytes" test "$(wc -c <big.out)" -eq 1048576
if [ -n "$NODE" ]; then
    nd nbig.out ne bigout.wasm
    check "1 MiB: node:wasi writes the same bytes to a file" cmp -s big.out nbig.out
fi

head -c 300000 /dev/urandom >in.bin
timeout 60 "$MW" run $MW_RUN_FLAGS cat.wasm <in.bin >o 2>e
check "stdin from a file, read to EOF" sh -c 'cmp -s o in.bin && grep -q "read 300000 bytes" e'
timeout 60 "$MW" run $MW_RUN_FLAGS cat.wasm <in.bin 2>e | cmp -s - in.bin
check "stdin from a file, stdout to a pipe" test $? = 0
cat in.bin | timeout 60 "$MW" run $MW_RUN_FLAGS cat.wasm >o 2>e
check "stdin from a pipe" cmp -s o in.bin
(sleep 0.3; cat in.bin) | timeout 60 "$NB" "$MW" run $MW_RUN_FLAGS cat.wasm >o 2>e
check "stdin from a slow non-blocking pipe (EAGAIN)" cmp -s o in.bin
timeout 60 "$MW" run $MW_RUN_FLAGS cat.wasm </dev/null >o 2>e
check "stdin from /dev/null: EOF at once" sh -c 'test ! -s o && grep -q "read 0 bytes" e'
timeout 60 "$MW" run $MW_RUN_FLAGS cat.wasm <&- >o 2>e
echo $? >o.status
check "stdin closed: the guest has no fd 0 (EBADF)" \
    sh -c 'test "$(cat o.status)" = 1 && test ! -s o && grep -q "Bad file descriptor" e'
if [ -n "$NODE" ]; then
    # shellcheck disable=SC2086
    timeout 60 $NODE cat.wasm <in.bin >no 2>ne
    check "stdin: node:wasi copies the same bytes" cmp -s no in.bin
fi

# ------------------------------------------------------------------ traps, fuel, timeout
mw o e trap.wasm
check "trap: status 134" test "$(status o)" = 134
check "trap: stdout before the trap arrives" grep -q '^about to trap$' o
check "trap: message" grep -q '^minwasm: trap: unreachable$' e
# Interpreted frames carry their module offset; native ones (--aot) have none.
case " $MW_RUN_FLAGS " in *" --aot "*) AT='( at 0x[0-9a-f]+)?' ;; *) AT=' at 0x[0-9a-f]+' ;; esac
check "trap: backtrace names crash_here, call_crash, main" \
    sh -c "grep -q -E '^  #0 crash_here \\(module trap.wasm\\)$AT\$' e && grep -q -E '^  #1 call_crash \\(module trap.wasm\\)$AT\$' e && grep -q -E '^  #2 main \\(module trap.wasm\\)$AT\$' e"
[ "$(status o)" = 134 ] || show e

mw o e raise_raw.wasm
check "proc_raise: SIGCONT is ignored, SIGABRT traps (status 134) naming it" \
    sh -c 'test "$(cat o)" = "cont: 0" && test "$(cat o.status)" = 134 && grep -q "^minwasm: trap: proc_raise: guest raised SIGABRT$" e'

mw o e --fuel 1000000 loop.wasm
check "--fuel stops an infinite loop: status 134, 'out of fuel'" \
    sh -c 'test "$(cat o.status)" = 134 && grep -q "^minwasm: trap: out of fuel$" e && grep -q "^  #0 " e'
# 100,000 units pay for at most 97 fills of 64 KiB (one unit per 64 bytes)
mw o e --fuel 100000 randloop.wasm
check "--fuel bounds the bytes random_get fills: out of fuel after $(tail -n 1 o) calls" \
    sh -c 'test "$(cat o.status)" = 134 && grep -q "^minwasm: trap: out of fuel$" e && test "$(tail -n 1 o)" -le 97'
mw o e --fuel=100000000 hello.wasm
check "--fuel enough for hello" test "$(status o)" = 0

t0=$(date +%s%N)
mw o e --timeout 300ms loop.wasm
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
check "--timeout 300ms stops an infinite loop: status 134, 'interrupted' (${ms} ms)" \
    sh -c "test \"\$(cat o.status)\" = 134 && grep -q '^minwasm: trap: interrupted$' e && [ $ms -ge 250 ] && [ $ms -lt 10000 ]"
t0=$(date +%s%N)
mw o e --timeout=0.3s sleep.wasm
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
check "--timeout wakes a guest sleeping in poll_oneoff (${ms} ms)" \
    sh -c "test \"\$(cat o.status)\" = 134 && grep -q 'interrupted' e && [ $ms -lt 10000 ]"
# a FIFO held open read-write by us: the guest's read blocks, and never sees EOF
mkfifo "$T/fifo"
exec 7<>"$T/fifo"
t0=$(date +%s%N)
timeout 20 "$MW" run $MW_RUN_FLAGS --timeout 300ms cat.wasm <&7 >o 2>e
echo $? >o.status
t1=$(date +%s%N)
exec 7>&-
ms=$(((t1 - t0) / 1000000))
check "--timeout wakes a guest blocked reading stdin (${ms} ms)" \
    sh -c "test \"\$(cat o.status)\" = 134 && grep -q interrupted e && [ $ms -lt 10000 ]"
mw o e --timeout 30s hello.wasm
check "--timeout longer than the run: exits at once with the guest's status" test "$(status o)" = 0

# ------------------------------------------------------------------ limits and errors
mw o e alloc.wasm
check "without --max-memory: 64 MiB allocated" grep -q '^allocated 64 MiB$' o
mw o e --max-memory 16M alloc.wasm
check "--max-memory 16M: malloc fails before 16 MiB, the guest goes on" \
    sh -c 'test "$(cat o.status)" = 0 && n=$(sed -n "s/^allocated \([0-9]*\) MiB$/\1/p" o) && [ -n "$n" ] && [ "$n" -lt 16 ] && [ "$n" -gt 0 ]'
mw o e --max-memory 64K hello.wasm
check "--max-memory below the initial memory: load error, status 1" \
    sh -c 'test "$(cat o.status)" = 1 && test "$(wc -l <e)" = 1'
mw o e missing_import.wasm
check "an unknown import: status 1, one line naming it" \
    sh -c 'test "$(cat o.status)" = 1 && test "$(wc -l <e)" = 1 && grep -q "no_such_function" e'
mw o e --dir "$T/does-not-exist" hello.wasm
check "a --dir that does not exist: status 1, named" \
    sh -c "test \"\$(cat o.status)\" = 1 && grep -q 'does-not-exist' e"
for bad in "--fuel x" "--fuel -1" "--timeout 5parsecs" "--timeout" "--max-memory 1T" "--env =x" "--nope"; do
    # shellcheck disable=SC2086
    mw o e $bad hello.wasm
    check "usage error '$bad': status 2" test "$(status o)" = 2
done
mw o e --invoke add embed_guest.wasm 2 40
check "--invoke with WASI linked: add 2 40 prints 42" sh -c 'test "$(cat o)" = 42 && test "$(cat o.status)" = 0'
"$MW" --help >o 2>&1
check "--help documents every option and exit code" \
    sh -c 'for w in --dir --env --invoke --fuel --timeout --max-memory 125 134 "out of fuel" interrupted; do grep -q -e "$w" o || exit 1; done'

# ------------------------------------------------------------------ the larger program
mkdir -p "$T/big_native" "$T/big_mw" "$T/big_node"
if $CC -O2 -o "$T/libc_big.native" "$HERE/libc_big.c" -lm 2>"$T/build.log"; then
    "$T/libc_big.native" "$T/big_native" >big.native.out
    mw big.mw.out e --dir "$T/big_mw::/data" libc_big.wasm /data
    if cmp -s big.native.out big.mw.out && [ "$(status big.mw.out)" = 0 ] && grep -q '^done$' big.mw.out; then
        pass "libc program: same output natively and under minwasm ($(wc -l <big.mw.out) lines)"
    else
        fail "libc program: native and minwasm differ"
        diff big.native.out big.mw.out | head -20 | sed 's/^/    | /'
        show e
    fi
    if [ -n "$NODE" ]; then
        nd big.node.out e --dir "$T/big_node::/data" libc_big.wasm /data
        compare_node "libc program" big.mw.out big.node.out
    fi
else
    fail "build libc_big natively"
    show "$T/build.log"
fi

# ------------------------------------------------------------------ embedding API
for t in test_interrupt:embed_guest test_embed:sockets; do
    prog=${t%%:*}
    wasm=${t#*:}
    if [ ! -x "$HOSTED/$prog" ]; then
        fail "$prog: not built ($HOSTED/$prog; run make wasi-tests)"
        continue
    fi
    if timeout 120 "$HOSTED/$prog" "$W/$wasm.wasm" >o 2>e; then
        pass "$prog: $(tail -n 1 o)"
    else
        fail "$prog: $(tail -n 1 o)"
        grep -v '^ok' o | sed 's/^/    | /'
        show e
    fi
done

echo
if [ $SKIP -gt 0 ]; then
    echo "$PASS passed, $FAIL failed, $SKIP skipped"
else
    echo "$PASS passed, $FAIL failed"
fi
[ $FAIL -eq 0 ]
