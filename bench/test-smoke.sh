#!/usr/bin/env bash
# bench/test-smoke.sh — smoke test of the benchmark programs at their small sizes.
#
# Builds what is missing (make bench-native; make bench-wasm when clang and wasm-ld are
# installed), then runs every bench/src program once with the argument "small":
#   - natively: it must exit 0 and print one "checksum: XXXXXXXX" line (each program
#     checks its own small-size checksum and exits 1 on a mismatch);
#   - in minwasm, when the wasm build exists and minwasm runs WASI programs (probed with
#     a tiny module that only calls proc_exit(0)): it must print the native checksum.
# Prints one line per check and closes with "N passed, N failed[, N skipped]"; exits 1
# when anything failed.
#
# Environment: MINWASM (default build/minwasm), SMOKE_TIMEOUT (seconds per run, default 60).
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
        run "$MINWASM" run "$wasm" small
        if [ "$RC" -ne 0 ] || [ -z "$SUM" ]; then
            fail "$name minwasm: $(why)"
        elif [ "$SUM" != "$native_sum" ]; then
            fail "$name minwasm: checksum $SUM, native $native_sum"
        else
            pass "$name minwasm ($SUM)"
        fi
    fi
done

if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
