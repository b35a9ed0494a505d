#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# tests/cli-wasmtime.sh MINWASM — the command line as wasmtime users type it:
#   `minwasm FILE.wasm ARGS` runs; -W fuel=N,timeout=DUR,max-memory-size=B,
#   max-table-elements=N and -S inherit-env (also -Wkey=v, --wasm, --wasi); unknown or
#   unsupported keys refused by name; `run --help`, `help run`, help of every command;
#   --invoke; an import of the wrong type names expected and actual types; --env twice
#   keeps the last value; `run -` reads the module from stdin; backtraces of wasm traps
#   and of host traps (proc_raise) with module offsets (checked against wasm-objdump);
#   exit codes 0, the guest's proc_exit code, 1 (load/link), 2 (usage), 134 (trap).
# Needs wat2wasm, wasm-objdump and clang --target=wasm32-wasi (make deps).
set -u
M=${1:?usage: tests/cli-wasmtime.sh MINWASM}
case $M in /*) ;; *) M=$(pwd)/$M ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/minwasm-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# check NAME WANT_STATUS GREP_STDOUT GREP_STDERR -- COMMAND...: run it, compare.
check() {
    name=$1 want=$2 out_re=$3 err_re=$4
    shift 5
    "$@" > out 2> err < "${STDIN:-/dev/null}"
    st=$?
    if [ "$st" != "$want" ]; then
        bad "$name: exit status $st, want $want"; sed 's/^/  stderr: /' err >&2; return
    fi
    if [ -n "$out_re" ] && ! grep -q -E -- "$out_re" out; then
        bad "$name: stdout lacks /$out_re/"; sed 's/^/  stdout: /' out >&2; return
    fi
    if [ -n "$err_re" ] && ! grep -q -E -- "$err_re" err; then
        bad "$name: stderr lacks /$err_re/"; sed 's/^/  stderr: /' err >&2; return
    fi
    ok
}

wat() { printf '%s\n' "$2" > "$1.wat" && wat2wasm --debug-names "$1.wat" -o "$1.wasm" || { bad "wat2wasm $1"; exit 1; }; }

wat add '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'
wat loop '(module (func $spin (export "_start") (loop (br 0))))'
wat exit7 '(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "_start") (call $exit (i32.const 7))))'
wat grow '(module (memory 1) (table 1 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "tgrow") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0))))'
wat trap '(module
  (func $inner (export "inner") nop unreachable)
  (func $outer (export "_start") call $inner))'
wat raise '(module
  (import "wasi_snapshot_preview1" "proc_raise" (func $raise (param i32) (result i32)))
  (func $in_host (drop (call $raise (i32.const 6))))
  (func $caller (export "_start") call $in_host))'
wat badimp '(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i64)))
  (func (export "_start")))'
cat > env.c <<'EOF'
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    const char *foo = getenv("FOO"), *bar = getenv("MW_CLI_BAR");
    printf("FOO=%s BAR=%s argc=%d last=%s\n", foo ? foo : "(unset)", bar ? bar : "(unset)",
           argc, argv[argc - 1]);
    return 0;
}
EOF
clang --target=wasm32-wasi -O1 -o env.wasm env.c || { bad "clang wasm32-wasi"; exit 1; }

# The offset wasm-objdump gives for the instruction matching RE in FILE.wasm.
off() { wasm-objdump -d "$1.wasm" | grep -E "$2" | head -1 | sed -E 's/^ *0*([0-9a-f]+):.*/0x\1/'; }

# ---- run is the default command; ARGS after FILE belong to the guest
check "FILE.wasm ARGS runs" 0 "^FOO=\(unset\) BAR=\(unset\) argc=3 last=--two$" "" -- "$M" env.wasm one --two
check "run FILE.wasm ARGS" 0 "argc=2 last=x$" "" -- "$M" run env.wasm x
check "--invoke without run" 0 "^42$" "" -- "$M" --invoke add add.wasm 40 2
check "run --invoke" 0 "^-1$" "" -- "$M" run --invoke add add.wasm 1 -2
check "unknown file" 1 "" "nosuch.wasm: No such file" -- "$M" nosuch.wasm

# ---- -W
check "-W fuel" 134 "" "^minwasm: trap: out of fuel$" -- "$M" -W fuel=1000 loop.wasm
check "-Wfuel= attached" 134 "" "out of fuel" -- "$M" -Wfuel=1000 loop.wasm
check "--wasm fuel" 134 "" "out of fuel" -- "$M" --wasm fuel=1000 loop.wasm
check "--wasm=fuel" 134 "" "out of fuel" -- "$M" run --wasm=fuel=50 loop.wasm
check "-W timeout" 134 "" "^minwasm: trap: interrupted$" -- "$M" -W timeout=100ms loop.wasm
check "-W fuel,timeout together" 134 "" "out of fuel" -- "$M" -W fuel=100,timeout=10s loop.wasm
check "-W max-memory-size refuses growth" 0 "^-1$" "" -- "$M" -W max-memory-size=128K --invoke grow grow.wasm 2
check "-W max-memory-size allows up to it" 0 "^1$" "" -- "$M" -W max-memory-size=128K --invoke grow grow.wasm 1
check "no limit: growth works" 0 "^1$" "" -- "$M" --invoke grow grow.wasm 2
check "-W max-table-elements" 0 "^-1$" "" -- "$M" -W max-table-elements=4 --invoke tgrow grow.wasm 4
check "-W max-table-elements allows" 0 "^1$" "" -- "$M" -W max-table-elements=4 --invoke tgrow grow.wasm 3
check "-W simd (always on)" 0 "^3$" "" -- "$M" -W simd,bulk-memory=y --invoke add add.wasm 1 2
check "-W simd=n refused" 2 "" "-W simd=n: minwasm cannot switch this off" -- "$M" -W simd=n add.wasm
check "-W unknown key" 2 "" "-W bogus: unknown or unsupported option" -- "$M" -W bogus=1 loop.wasm
check "-W unsupported wasmtime key" 2 "" "-W epoch-interruption: unknown or unsupported" -- "$M" -W epoch-interruption loop.wasm
check "-W fuel without value" 2 "" "-W fuel needs a value" -- "$M" -W fuel loop.wasm
check "-W fuel=abc" 2 "" "fuel=abc: expected a non-negative integer" -- "$M" -W fuel=abc loop.wasm
check "-W without argument" 2 "" "needs KEY" -- "$M" run -W
check "-W help" 0 "max-memory-size" "" -- "$M" run -W help
check "-S help" 0 "inherit-env" "" -- "$M" -S help

# ---- -S and --env
check "-S unknown key" 2 "" "-S preview2: unknown or unsupported" -- "$M" -S preview2 env.wasm
check "-S cli" 0 "argc=1" "" -- "$M" -S cli env.wasm
check "--env twice keeps the last" 0 "^FOO=second " "" -- "$M" --env FOO=first --env FOO=second env.wasm
export MW_CLI_BAR=frombost FOO=host
check "no inherit-env: host env invisible" 0 "^FOO=\(unset\) BAR=\(unset\)" "" -- "$M" env.wasm
check "-S inherit-env" 0 "^FOO=host BAR=frombost" "" -- "$M" -S inherit-env env.wasm
check "--env wins over inherit-env (after)" 0 "^FOO=cli BAR=frombost" "" -- "$M" -S inherit-env --env FOO=cli env.wasm
check "--env wins over inherit-env (before)" 0 "^FOO=cli BAR=frombost" "" -- "$M" --env FOO=cli -S inherit-env env.wasm
check "-S inherit-env=n" 0 "^FOO=\(unset\)" "" -- "$M" -S inherit-env=n env.wasm
unset MW_CLI_BAR FOO

# ---- the module from stdin
STDIN=add.wasm check "run - (stdin)" 0 "^5$" "" -- "$M" run --invoke add - 2 3
STDIN=env.wasm check "- without run" 0 "argc=2 last=arg$" "" -- "$M" - arg
STDIN=/dev/null check "run - with empty stdin" 1 "" "-: " -- "$M" run -

# ---- help for every command
check "run --help" 0 "^usage: minwasm run " "" -- "$M" run --help
check "run -h" 0 "-S, --wasi" "" -- "$M" run -h
check "help run" 0 "^usage: minwasm run .*" "" -- "$M" help run
check "help compile" 0 "^usage: minwasm compile" "" -- "$M" help compile
check "help spec" 0 "^usage: minwasm spec" "" -- "$M" help spec
check "spec --help" 0 "^usage: minwasm spec" "" -- "$M" spec --help
check "help explore" 0 "^usage: minwasm explore" "" -- "$M" help explore
check "explore --help" 0 "^usage: minwasm explore" "" -- "$M" explore --help
check "help" 0 "minwasm help \[COMMAND\]" "" -- "$M" help
check "help unknown" 2 "" "help: unknown command 'frob'" -- "$M" help frob
check "unknown run option" 2 "" "unknown option '--frob'" -- "$M" run --frob add.wasm

# ---- link errors name both types
check "import of the wrong type" 1 "" \
  'incompatible import type for "wasi_snapshot_preview1"."fd_write": expected func \(param i32\) \(result i64\), got func \(param i32 i32 i32 i32\) \(result i32\)' \
  -- "$M" badimp.wasm

# ---- exit codes
check "proc_exit 7" 7 "" "" -- "$M" exit7.wasm
check "usage error" 2 "" "" -- "$M" run
check "invoke arity" 2 "" "takes 2 arguments, 1 given" -- "$M" --invoke add add.wasm 1

# ---- backtraces with module offsets (compared with wasm-objdump's)
u=$(off trap 'unreachable')
c=$(off trap 'call 0 <inner>')
check "wasm trap backtrace" 134 "" "^  #0 inner \(module trap.wasm\) at $u$" -- "$M" trap.wasm
check "wasm trap: caller frame" 134 "" "^  #1 outer \(module trap.wasm\) at $c$" -- "$M" trap.wasm
r=$(off raise 'call 0 <raise>')
i=$(off raise 'call 1 <in_host>')
check "host trap backtrace" 134 "" "^  #0 in_host \(module raise.wasm\) at $r$" -- "$M" raise.wasm
check "host trap: caller frame" 134 "" "^  #1 caller \(module raise.wasm\) at $i$" -- "$M" raise.wasm
check "host trap message" 134 "" "^minwasm: trap: proc_raise" -- "$M" raise.wasm

echo "cli-wasmtime: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
