#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# bench/test-smoke.sh — smoke test of the benchmark programs at their small sizes.
#
# Builds what is missing (make bench-native; make bench-wasm when clang and wasm-ld are
# installed), then runs every bench/src program once with the argument "small":
#   - natively: it must exit 0 and print one "checksum: XXXXXXXX" line (each program
#     checks its own small-size checksum and exits 1 on a mismatch);
#   - in minwasm, when the wasm build exists and minwasm runs WASI programs (probed with
#     a tiny module that only calls proc_exit(0)): it must print the native checksum,
#     also when run in resumable fuel slices of 1,000 units (--fuel-slice 1000).
# Then the SIMD programs (bench/simd/*.c, built by bench/simd/build.sh into
# bench/build/simd/): natively as above, and in minwasm both the scalar wasm and the
# -msimd128 wasm must print the native checksum. The SIMD builds are skipped, with a
# note, while minwasm does not run a tiny SIMD module (probe: i32x4.add, extract_lane).
# Then minwasm's native tier on a few programs (SMOKE_AOT): each compiled with
# "minwasm compile -O 1" and the .cwasm run at the small size must print the native
# checksum; skipped, with a note, when minwasm has no compile command. (All eighteen
# would take about a minute of C compiling; these three cover calls, float arithmetic
# and a branchy interpreter with memory traffic.)
# Prints one line per check and closes with "N passed, N failed[, N skipped]"; exits 1
# when anything failed.
#
# Environment: MINWASM (default build/minwasm), SMOKE_TIMEOUT (seconds per run, default 60),
# SMOKE_AOT (programs for the native tier, default "fib nbody interp"; empty:
# none).
set -u

cd "$(dirname "$0")/.." || exit 1
MINWASM=${MINWASM:-build/minwasm}
TIMEOUT=${SMOKE_TIMEOUT:-60}
passed=0
failed=0
skipped=0

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# Runs "$@" with a timeout; sets OUT (stdout+stderr), RC and SUM (the checksum or "").
run() {
    OUT=$(timeout "$TIMEOUT" "$@" 2>&1)
    RC=$?
    SUM=$(printf '%s\n' "$OUT" | sed -n 's/^checksum: \([0-9a-f]\{8\}\)$/\1/p')
    [ "$(printf '%s\n' "$SUM" | grep -c .)" -le 1 ] || SUM=""
}

# expect_sum SUM LABEL CMD...: CMD must exit 0 and print checksum SUM.
expect_sum() {
    want=$1 label=$2
    shift 2
    run "$@"
    if [ "$RC" -ne 0 ] || [ -z "$SUM" ]; then
        fail "$label: $(why)"
    elif [ "$SUM" != "$want" ]; then
        fail "$label: checksum $SUM, native $want"
    else
        pass "$label ($SUM)"
    fi
}

why() { # a short reason from OUT/RC
    if [ "$RC" -eq 124 ]; then echo "timeout after ${TIMEOUT}s"; return; fi
    printf 'exit %s: %s' "$RC" "$(printf '%s\n' "$OUT" | grep -v '^$' | head -n 1 | cut -c1-160)"
}

# ---- build
if ! make --no-print-directory -s bench-native; then
    echo "FAIL make bench-native"
    echo "0 passed, 1 failed"
    exit 1
fi
wasm_ok=1
if command -v clang >/dev/null 2>&1 && command -v wasm-ld >/dev/null 2>&1; then
    if ! make --no-print-directory -s bench-wasm; then
        fail "make bench-wasm"
        wasm_ok=0
    fi
else
    echo "note: clang/wasm-ld missing (bench/install-deps.sh installs them); using existing wasm builds only"
fi

# ---- does minwasm run WASI programs?
minwasm_ok=0
if [ ! -x "$MINWASM" ]; then
    fail "$MINWASM is not built"
else
    probe=$(mktemp --suffix=.wasm) || exit 1
    trap 'rm -f "$probe"' EXIT
    # (module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
    #         (memory (export "memory") 1) (func (export "_start") i32.const 0 call 0))
    printf '%b' '\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x08\x02\x60\x01\x7f\x00\x60\x00\x00\x02\x24'\
'\x01\x16\x77\x61\x73\x69\x5f\x73\x6e\x61\x70\x73\x68\x6f\x74\x5f\x70\x72\x65\x76'\
'\x69\x65\x77\x31\x09\x70\x72\x6f\x63\x5f\x65\x78\x69\x74\x00\x00\x03\x02\x01\x01'\
'\x05\x03\x01\x00\x01\x07\x13\x02\x06\x6d\x65\x6d\x6f\x72\x79\x02\x00\x06\x5f\x73'\
'\x74\x61\x72\x74\x00\x01\x0a\x08\x01\x06\x00\x41\x00\x10\x00\x0b' >"$probe"
    run "$MINWASM" run "$probe"
    if [ "$RC" -eq 0 ]; then
        minwasm_ok=1
    else
        fail "minwasm does not run a minimal WASI program ($(why))"
    fi
fi

# ---- run
for src in bench/src/*.c; do
    name=$(basename "$src" .c)
    run "bench/build/native/$name" small
    native_sum=$SUM
    if [ "$RC" -eq 0 ] && [ -n "$SUM" ]; then
        pass "$name native ($SUM)"
    else
        fail "$name native: $(why)"
        native_sum=""
    fi

    wasm="bench/build/wasm/$name.wasm"
    if [ "$minwasm_ok" -ne 1 ]; then
        skipped=$((skipped + 1))
    elif [ ! -f "$wasm" ]; then
        fail "$name minwasm: $wasm not built"
    elif [ -z "$native_sum" ]; then
        fail "$name minwasm: no native checksum to compare with"
    else
        expect_sum "$native_sum" "$name minwasm" "$MINWASM" run "$wasm" small
        # The same in resumable fuel slices (doc/resume.md): the guest suspended and
        # resumed every 1,000 units must print the same checksum.
        expect_sum "$native_sum" "$name minwasm --fuel-slice 1000" \
            "$MINWASM" run --fuel-slice 1000 "$wasm" small
    fi
done

# ---- SIMD programs: bench/simd/*.c as native, scalar wasm and -msimd128 wasm
bench/simd/build.sh
rc=$?
if [ "$rc" -eq 3 ]; then
    echo "note: SIMD programs: no clang/wasm-ld, native builds only (existing wasm builds are used)"
elif [ "$rc" -ne 0 ]; then
    fail "bench/simd/build.sh"
fi

# Does minwasm run SIMD code? A module whose _start computes
# i32x4.extract_lane 3 (i32x4.add [1 2 3 4] [-1 -2 -3 -3]) = 1, xors it with 1 and
# calls proc_exit with the result (0 when the lanes are right).
simd_ok=0
simd_why=""
if [ "$minwasm_ok" -eq 1 ]; then
    probe_simd=$(mktemp --suffix=.wasm) || exit 1
    trap 'rm -f "$probe" "$probe_simd"' EXIT
    printf '%b' '\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x08\x02\x60\x01\x7f\x00\x60\x00\x00\x02\x24'\
'\x01\x16\x77\x61\x73\x69\x5f\x73\x6e\x61\x70\x73\x68\x6f\x74\x5f\x70\x72\x65\x76'\
'\x69\x65\x77\x31\x09\x70\x72\x6f\x63\x5f\x65\x78\x69\x74\x00\x00\x03\x02\x01\x01'\
'\x05\x03\x01\x00\x01\x07\x13\x02\x06\x6d\x65\x6d\x6f\x72\x79\x02\x00\x06\x5f\x73'\
'\x74\x61\x72\x74\x00\x01\x0a\x33\x01\x31\x00\xfd\x0c\x01\x00\x00\x00\x02\x00\x00'\
'\x00\x03\x00\x00\x00\x04\x00\x00\x00\xfd\x0c\xff\xff\xff\xff\xfe\xff\xff\xff\xfd'\
'\xff\xff\xff\xfd\xff\xff\xff\xfd\xae\x01\xfd\x1b\x03\x41\x01\x73\x10\x00\x0b' >"$probe_simd"
    run "$MINWASM" run "$probe_simd"
    if [ "$RC" -eq 0 ]; then
        simd_ok=1
    else
        simd_why=$(why)
        echo "SKIP SIMD builds: minwasm does not run SIMD code yet ($simd_why)"
    fi
fi

# minwasm_check LABEL WASM NATIVE_SUM: run WASM small in minwasm, compare checksums.
minwasm_check() {
    if [ ! -f "$2" ]; then
        fail "$1: $2 not built"
    elif [ -z "$3" ]; then
        fail "$1: no native checksum to compare with"
    else
        expect_sum "$3" "$1" "$MINWASM" run "$2" small
    fi
}

for src in bench/simd/*.c; do
    name=simd/$(basename "$src" .c)
    run "bench/build/simd/native/${name#simd/}" small
    native_sum=$SUM
    if [ "$RC" -eq 0 ] && [ -n "$SUM" ]; then
        pass "$name native ($SUM)"
    else
        fail "$name native: $(why)"
        native_sum=""
    fi
    if [ "$minwasm_ok" -ne 1 ]; then
        skipped=$((skipped + 2))
        continue
    fi
    minwasm_check "$name minwasm scalar" "bench/build/simd/scalar/${name#simd/}.wasm" "$native_sum"
    if [ "$simd_ok" -eq 1 ]; then
        minwasm_check "$name minwasm simd128" "bench/build/simd/simd/${name#simd/}.wasm" "$native_sum"
    else
        echo "SKIP $name minwasm simd128: SIMD not supported by minwasm yet"
        skipped=$((skipped + 1))
    fi
done

# ---- minwasm's native tier: minwasm compile, then run the .cwasm
AOT_PROGS=${SMOKE_AOT-fib nbody interp}
if [ "$minwasm_ok" -eq 1 ] && [ -n "$AOT_PROGS" ]; then
    if ! "$MINWASM" compile --help >/dev/null 2>&1; then
        echo "SKIP aot: $MINWASM has no compile command"
        skipped=$((skipped + $(echo $AOT_PROGS | wc -w)))
    else
        aotdir=$(mktemp -d) || exit 1
        trap 'rm -f "$probe" "${probe_simd:-}"; rm -rf "$aotdir"' EXIT
        for name in $AOT_PROGS; do
            wasm="bench/build/wasm/$name.wasm"
            run "bench/build/native/$name" small
            native_sum=$SUM
            if [ ! -f "$wasm" ]; then
                fail "$name aot: $wasm not built"
                continue
            fi
            run "$MINWASM" compile -O 1 "$wasm" -o "$aotdir/$name.cwasm"
            if [ "$RC" -ne 0 ]; then
                fail "$name aot: minwasm compile: $(why)"
                continue
            fi
            minwasm_check "$name aot" "$aotdir/$name.cwasm" "$native_sum"
        done
    fi
fi

if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
