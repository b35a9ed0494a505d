#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# shellcheck disable=SC2086  # flag lists are split into words on purpose
# build.sh — build and run the min-platform example (see README in this directory's
# doc, doc/porting.md):
#
#   libminwasm-platform.so  platform/linux: the platform API on raw system calls, no libc
#   libembedding-CFG.so     embedding/embedding.c + src/*.c, -ffreestanding -nostdlib:
#                           needs only mw_platform_* and memcpy & co.
#   host                    a normal Linux program: checks the embedding's undefined
#                           symbols, loads both libraries, runs the wasm examples
#   wasm/*.wasm             the examples (wat2wasm)
#   cwasm-guard/*.cwasm     the examples precompiled to native code for ARCH by the
#   cwasm-bounds/*.cwasm    host's $BUILD/minwasm (`minwasm compile --memory guard`,
#                           `--memory bounds`; made with make if missing)
#
# and runs the host with the embedding in three configurations:
#   traps  -DMW_PLATFORM_VM=1 -DMW_PLATFORM_TRAPS=1 -DMW_PLATFORM_TLS=1  (guard pages)
#          -DMW_PLATFORM_CODE=1
#   vm     -DMW_PLATFORM_VM=1 -DMW_PLATFORM_CODE=1                       (reservations)
#   none   no platform group (allocator memories, explicit bounds checks)
# each twice: with the .wasm files (interpreted) and with the .cwasm files for that core
# (traps: guard, vm: bounds; native code; none: bounds, which a core without
# MW_PLATFORM_CODE interprets). Each result line names the tier that ran; the two runs
# must give the same results. Prints the .text size of each embedding; then checks that
# a core refuses a .cwasm for another configuration and that the host refuses an
# embedding that calls a C library function.
#
# Usage: examples/min-platform/build.sh [--arch x86_64|aarch64] [--check-refuses-libc]
#   --arch aarch64        cross-build with aarch64-linux-gnu-gcc and run under
#                         qemu-aarch64 -L /usr/aarch64-linux-gnu
#   --check-refuses-libc  only the refusal check
# Environment: CC (native compiler, default gcc), CC_AARCH64 (default
# aarch64-linux-gnu-gcc), OPT (default -O2), BUILD (default build): outputs go to
# $BUILD/min-platform/ARCH. Exits non-zero on any failure.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/examples/min-platform
cd "$ROOT"
# The minwasm command that precompiles the examples runs on this machine, whatever
# ARCH is: it is built by the top Makefile with the caller's CC (CC is reassigned to
# the target's compiler below).
HOST_CC=${CC:-cc}
HOST_BUILD=${BUILD:-build}
MINWASM=$HOST_BUILD/minwasm

ARCH=$(uname -m)
ONLY_REFUSE=0
while [ $# -gt 0 ]; do
    case $1 in
        --arch) ARCH=${2:?--arch needs a value}; shift 2 ;;
        --arch=*) ARCH=${1#--arch=}; shift ;;
        --check-refuses-libc) ONLY_REFUSE=1; shift ;;
        -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

ARCH_CFLAGS=
RUN=
case $ARCH in
    x86_64|amd64)
        ARCH=x86_64
        if [ "$(uname -m)" = x86_64 ]; then CC=${CC:-gcc}; CROSS=; else
            CC=${CC_X86_64:-x86_64-linux-gnu-gcc}; CROSS=x86_64-linux-gnu-
            RUN="qemu-x86_64 -L /usr/x86_64-linux-gnu"
        fi ;;
    aarch64|arm64)
        ARCH=aarch64
        # Atomics inline (LL/SC), not calls to libgcc's __aarch64_* helpers.
        ARCH_CFLAGS=-mno-outline-atomics
        if [ "$(uname -m)" = aarch64 ]; then CC=${CC:-gcc}; CROSS=; else
            CC=${CC_AARCH64:-aarch64-linux-gnu-gcc}; CROSS=aarch64-linux-gnu-
            RUN="qemu-aarch64 -L /usr/aarch64-linux-gnu"
        fi ;;
    *) echo "build.sh: unsupported --arch $ARCH (x86_64 or aarch64)" >&2; exit 2 ;;
esac
NM=${NM:-${CROSS}nm}
command -v "$NM" >/dev/null 2>&1 || NM="nm"
OPT=${OPT:--O2}
OUT=$HOST_BUILD/min-platform/$ARCH
case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac
mkdir -p "$OUT/obj" "$OUT/wasm"

WARN="-std=c11 -Wall -Wextra -Werror"
# The platform is the bottom layer: no libc, no stack protector (its __stack_chk_fail
# would be a libc symbol), position-independent for the shared library.
PLAT_FLAGS="-ffreestanding -nostdlib -fno-stack-protector -fPIC $ARCH_CFLAGS"
# The embedding: freestanding, but with builtins back on (-ffreestanding implies
# -fno-builtin, which would turn every small fixed-size memcpy into a call); only the
# entry point is exported; unused code is dropped.
EMB_FLAGS="-ffreestanding -fbuiltin -nostdlib -fno-stack-protector -fPIC -shared \
 -fvisibility=hidden -ffunction-sections -fdata-sections -Wl,--gc-sections $ARCH_CFLAGS"
# With builtins, GCC also recognises copy/fill/strlen loops and emits calls to libc
# functions (strlen is not provided by the platform): keep loops as loops.
if ! "$CC" --version 2>/dev/null | grep -q clang; then
    EMB_FLAGS="$EMB_FLAGS -fno-tree-loop-distribute-patterns"
fi

failed=
fail() { echo "build.sh: FAIL: $*"; failed="$failed
  $*"; }

# .text size in bytes, from the section headers (readelf reads any ELF).
text_size() {
    hex=$(readelf -SW "$1" | sed -n 's/.*\] \.text  *PROGBITS  *[0-9a-f]*  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p')
    echo $((0x${hex:-0}))
}

# ---------------------------------------------------------------- platform library
PLAT_SO=$OUT/libminwasm-platform.so
build_platform() {
    objs=
    for src in platform/linux/*.c platform/linux/*.S; do
        obj=$OUT/obj/platform-$(basename "$src").o
        $CC $WARN $OPT $PLAT_FLAGS -Iinclude -Iplatform/linux -c "$src" -o "$obj"
        # Nothing undefined at all (_GLOBAL_OFFSET_TABLE_ is the linker's own symbol,
        # referenced by gcc's initial-exec TLS code).
        und=$("$NM" -u "$obj" | awk '{ print $NF }' | grep -v '^_GLOBAL_OFFSET_TABLE_$' || true)
        [ -z "$und" ] || fail "platform object $(basename "$obj") has undefined symbols: $und"
        objs="$objs $obj"
    done
    # shellcheck disable=SC2086
    $CC -shared -nostdlib -Wl,-z,defs -Wl,-soname,libminwasm-platform.so -o "$PLAT_SO" $objs
    und=$(readelf -W --dyn-syms "$PLAT_SO" | awk '$7 == "UND" && $8 != "" { print $8 }')
    [ -z "$und" ] || fail "libminwasm-platform.so has undefined symbols: $und"
    echo "platform: libminwasm-platform.so ($ARCH), .text $(text_size "$PLAT_SO") bytes, no undefined symbols"
}

# ---------------------------------------------------------------- wasm modules
build_wasm() {
    command -v wat2wasm >/dev/null 2>&1 || { echo "build.sh: wat2wasm missing (apt-get install wabt)" >&2; exit 1; }
    for wat in "$HERE"/wasm/*.wat; do
        wat2wasm "$wat" -o "$OUT/wasm/$(basename "$wat" .wat).wasm"
    done
    # The 1 MiB segment: word k = k | 0x5a000000, little-endian, as \hh escapes.
    awk 'BEGIN {
        hex = "0123456789abcdef"
        for (i = 0; i < 256; i++) h[i] = "\\" substr(hex, int(i / 16) + 1, 1) substr(hex, i % 16 + 1, 1)
        for (k = 0; k < 262144; k++) {
            if (k % 2048 == 0) printf "%s\"", (k ? "\"\n    " : "")
            printf "%s%s%s%s", h[k % 256], h[int(k / 256) % 256], h[int(k / 65536) % 256], h[90]
        }
        printf "\""
    }' >"$OUT/wasm/segment.txt"
    awk -v segfile="$OUT/wasm/segment.txt" '
        /@SEGMENT@/ { while ((getline line < segfile) > 0) seg = seg (seg == "" ? "" : "\n") line
                      sub(/@SEGMENT@/, "\001"); split($0, parts, "\001"); print parts[1] seg parts[2]; next }
        { print }' "$HERE/wasm/data_image.wat.in" >"$OUT/wasm/data_image.wat"
    wat2wasm "$OUT/wasm/data_image.wat" -o "$OUT/wasm/data_image.wasm"
    rm -f "$OUT/wasm/segment.txt" "$OUT/wasm/data_image.wat"
}

# ---------------------------------------------------------------- precompiled modules
# Each example for both kinds of core that can run native code: guard (no bounds
# checks, for the traps configuration) and bounds (for vm, and for none, which
# interprets it). The module code is compiled by the same compiler as the embedding.
build_cwasm() {
    # Built only when missing: making it here could rebuild $BUILD with other flags than
    # the caller's. An old one may write code that the core refuses (another native
    # interface) or that no longer matches the translator: say so.
    if [ ! -x "$MINWASM" ]; then
        echo "build.sh: $MINWASM missing: make $MINWASM"
        make --no-print-directory CC="$HOST_CC" BUILD="$HOST_BUILD" "$MINWASM" >/dev/null ||
            { echo "build.sh: cannot build $MINWASM" >&2; exit 1; }
    elif [ -n "$(find include src aot cli -name '*.[ch]' -newer "$MINWASM" | head -n 1)" ]; then
        echo "build.sh: note: $MINWASM is older than the sources in include/, src/, aot/ or cli/ (make rebuilds it)"
    fi
    # No .cwasm of an earlier run may stand in for one that fails to compile now.
    rm -rf "$OUT/cwasm-guard" "$OUT/cwasm-bounds"
    mkdir -p "$OUT/cwasm-guard" "$OUT/cwasm-bounds"
    n=0 bytes=0
    for wasm in "$OUT"/wasm/*.wasm; do
        base=$(basename "$wasm" .wasm)
        for mem in guard bounds; do
            cw=$OUT/cwasm-$mem/$base.cwasm
            if "$MINWASM" compile "$wasm" -o "$cw" --target "$ARCH" --cc "$CC" --memory "$mem"; then
                n=$((n + 1)) bytes=$((bytes + $(wc -c <"$cw")))
            else
                fail "minwasm compile $base.wasm --target $ARCH --memory $mem"
            fi
        done
    done
    echo "precompiled: $n .cwasm files ($ARCH, --memory guard and bounds), $bytes bytes, by $MINWASM"
}

# ---------------------------------------------------------------- host
HOST=$OUT/host
build_host() {
    $CC $WARN -O2 "$HERE/host/host.c" -o "$HOST" -ldl
}

# ---------------------------------------------------------------- embeddings
# build_embedding NAME "DEFINES" OPT [extra sources]
build_embedding() {
    name=$1 defs=$2 opt=$3
    shift 3
    # shellcheck disable=SC2086
    $CC $WARN $opt $EMB_FLAGS $defs -Iinclude -Isrc -I"$HERE/embedding" \
        src/*.c "$HERE/embedding/embedding.c" "$@" \
        -L"$OUT" -lminwasm-platform -o "$OUT/libembedding-$name.so"
}

# run_host LOG EMBEDDING DIR EXT: the host on DIR/*.EXT; its output in LOG and here.
run_host() {
    # shellcheck disable=SC2086
    if $RUN "$HOST" "$PLAT_SO" "$2" "$3" "$4" >"$1" 2>&1; then
        cat "$1"
    else
        cat "$1"
        return 1
    fi
}

# check_tier LOG TIER LABEL: every example's line says it ran in TIER.
check_tier() {
    for ex in smoke simple_add simple_host_fn simple_floats out_of_bounds data_image hello_world; do
        grep -q "^$ex: .* \[$2\]\$" "$1" || fail "$3: $ex did not report [$2]"
    done
}

# The output without the tier tags and the allocator's peak, which is no result of the
# examples: loading a .cwasm holds the module's translation and the native code's
# tables at once (may round to another KiB); "all freed" must still be the same.
results() {
    sed -e 's/ \[native\]$//' -e 's/ \[interpreted\]$//' \
        -e 's/^allocator: peak [0-9]* KiB/allocator: peak _ KiB/' "$1"
}

# Every embedding is built before any runs, JOBS at a time (MW_JOBS, default: the number
# of CPUs; CI has two), with the .cwasm files: a single compiler command per embedding
# would keep one CPU busy. build_ahead starts one; built NAME later prints its messages
# and tells whether it built.
JOBS=${MW_JOBS:-$(nproc 2>/dev/null || echo 2)}
nahead=0
build_ahead() {   # build_ahead NAME "DEFINES" OPT [extra sources]
    rm -f "$OUT/libembedding-$1.so" "$OUT/build-$1.rc"
    (
        rc=0
        build_embedding "$@" >"$OUT/build-$1.log" 2>&1 || rc=$?
        echo $rc >"$OUT/build-$1.rc"
    ) &
    nahead=$((nahead + 1))
    if [ $nahead -ge "$JOBS" ]; then wait; nahead=0; fi
}
built() {   # built NAME
    cat "$OUT/build-$1.log" 2>/dev/null || true
    [ "$(cat "$OUT/build-$1.rc" 2>/dev/null)" = 0 ]
}
TRAPS_DEFS="-DMW_PLATFORM_VM=1 -DMW_PLATFORM_TRAPS=1 -DMW_PLATFORM_TLS=1 -DMW_PLATFORM_CODE=1"
VM_DEFS="-DMW_PLATFORM_VM=1 -DMW_PLATFORM_CODE=1"
# The -O2 size figure without platform groups is that of the 'none' embedding when OPT
# is -O2: the same sources, flags and compiler.
SIZE_O2=size-O2
[ "$OPT" = -O2 ] && SIZE_O2=none

# run_config NAME "DEFINES" CWASM_DIR TIER: TIER is what the .cwasm run must report.
run_config() {
    name=$1 defs=$2 cwdir=$3 cwtier=$4
    echo
    echo "==== $ARCH, configuration '$name': ${defs:-no platform groups} ($OPT)"
    if ! built "$name"; then
        fail "$name: the embedding does not build"
        return
    fi
    emb=$OUT/libembedding-$name.so
    log=$OUT/run-$name.log
    echo "-- the .wasm files"
    run_host "$log" "$emb" "$OUT/wasm" wasm || fail "$name: the host reported a failure (.wasm)"
    check_tier "$log" interpreted "$name, .wasm"
    cwlog=$OUT/run-$name-cwasm.log
    echo "-- the .cwasm files of $(basename "$cwdir")"
    run_host "$cwlog" "$emb" "$cwdir" cwasm || fail "$name: the host reported a failure (.cwasm)"
    check_tier "$cwlog" "$cwtier" "$name, .cwasm"
    for l in "$log" "$cwlog"; do
        grep -q '^memcpy & co. from: libminwasm-platform.so$' "$l" ||
            fail "$name: memcpy did not come from libminwasm-platform.so ($(basename "$l"))"
    done
    results "$log" >"$log.results"
    results "$cwlog" >"$cwlog.results"
    if diff "$log.results" "$cwlog.results" >"$OUT/run-$name.diff"; then
        echo "same results from the .wasm and the .cwasm files"
    else
        sed 's/^/  /' "$OUT/run-$name.diff"
        fail "$name: the .cwasm files gave other results than the .wasm files"
    fi
    # What the host's check let through (MW_PLATFORM_CODE adds mw_platform_publish_code).
    echo "embedding's undefined symbols ($name):" \
        "$(readelf -W --dyn-syms "$emb" | awk '$7 == "UND" && $8 != "" { print $8 }' | sort | paste -sd ' ' -)"
    echo "embedding .text ($name, $OPT): $(text_size "$emb") bytes"
}

# A .cwasm states the core it is for: the vm core (bounds checks) must refuse the code
# compiled for guard pages, which would access memory unchecked.
check_refuses_config() {
    echo
    echo "==== $ARCH: the vm core must refuse a .cwasm compiled with --memory guard"
    log=$OUT/run-vm-guard.log
    if [ ! -f "$OUT/libembedding-vm.so" ]; then
        fail "refuse-config: no vm embedding"
    elif run_host "$log" "$OUT/libembedding-vm.so" "$OUT/cwasm-guard" cwasm >/dev/null; then
        cat "$log"
        fail "refuse-config: the vm core ran code compiled for guard pages"
    else
        refused=0
        for ex in smoke simple_add simple_host_fn simple_floats out_of_bounds data_image hello_world; do
            grep -q "^$ex: FAILED: .*\.cwasm .*guard pages.*bounds checks" "$log" &&
                refused=$((refused + 1))
        done
        if [ $refused -eq 7 ]; then
            grep '^simple_add: ' "$log" | sed 's/^/  /'
            echo "refuse-config: ok (each of the 7 .cwasm files refused, naming both configurations)"
        else
            cat "$log"
            fail "refuse-config: $refused of 7 examples refused the .cwasm for its configuration"
        fi
    fi
}

check_refuses_libc() {
    echo
    echo "==== $ARCH: the host must refuse an embedding that calls the C library"
    if ! built refuse; then
        fail "refuse: the embedding does not build"
        return
    fi
    log=$OUT/run-refuse.log
    # shellcheck disable=SC2086
    if $RUN "$HOST" "$PLAT_SO" "$OUT/libembedding-refuse.so" "$OUT/wasm" wasm >"$log" 2>&1; then
        cat "$log"
        fail "refuse: the host ran an embedding that needs strlen"
    elif grep -q "REFUSED.*'strlen'" "$log"; then
        sed 's/^/  /' "$log"
        echo "refuse: ok (the host named strlen and did not load the embedding)"
    else
        cat "$log"
        fail "refuse: the host failed without naming strlen"
    fi
}

build_wasm
build_platform
build_host
if [ $ONLY_REFUSE -eq 0 ]; then
    # build_cwasm's messages and failures, kept while it runs beside the embeddings.
    (
        failed=
        build_cwasm >"$OUT/cwasm.log" 2>&1 || echo "build.sh: FAIL: build_cwasm exited $?" >>"$OUT/cwasm.log"
        printf '%s' "$failed" >"$OUT/cwasm.failed"
    ) &
    nahead=1
    build_ahead traps "$TRAPS_DEFS" "$OPT"
    build_ahead vm "$VM_DEFS" "$OPT"
    build_ahead none "" "$OPT"
    build_ahead refuse "" "$OPT" "$ROOT/tests/platform/uses_libc.c"
    for o in -Os -O2; do
        if [ $o = -Os ] || [ "$SIZE_O2" = size-O2 ]; then build_ahead "size$o" "" "$o"; fi
        build_ahead "nosimd$o" "-DMW_SIMD=0" "$o"
    done
    wait
    cat "$OUT/cwasm.log"
    failed="$failed$(cat "$OUT/cwasm.failed" 2>/dev/null || echo "
  build_cwasm did not finish")"
    run_config traps "$TRAPS_DEFS" "$OUT/cwasm-guard" native
    run_config vm "$VM_DEFS" "$OUT/cwasm-bounds" native
    run_config none "" "$OUT/cwasm-bounds" interpreted
    check_refuses_config
    echo
    echo "==== $ARCH: embedding .text, interpreter only (no platform groups)"
    for o in -Os -O2; do
        size=size$o
        [ $o = -O2 ] && size=$SIZE_O2
        if built "$size" && built "nosimd$o"; then
            echo "  $o: $(text_size "$OUT/libembedding-$size.so") bytes" \
                 "($(text_size "$OUT/libembedding-nosimd$o.so") without SIMD, -DMW_SIMD=0)"
        else
            fail "size $o: the embedding does not build"
        fi
    done
else
    build_ahead refuse "" "$OPT" "$ROOT/tests/platform/uses_libc.c"
    wait
fi
check_refuses_libc

echo
if [ -n "$failed" ]; then
    echo "build.sh ($ARCH): FAILED:$failed"
    exit 1
fi
echo "build.sh ($ARCH): all passed"
