# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# minwasm — GNU make build. No configure step.
#
#   make                      library + CLI            -> $(BUILD)/libminwasm.a, $(BUILD)/minwasm
#   make run                  build and run examples/hello
#   make test                 every check (see "test" below)
#   make test SANITIZE=1      the same under ASan+UBSan, in build-san/
#
# Knobs (command line or environment):
#   CC        compiler (default cc)
#   BUILD     build directory (default build, or build-san with SANITIZE=1)
#   DISPATCH  interpreter dispatch: goto (default) or switch (-DMW_DISPATCH_GOTO=0)
#   SANITIZE  1 = -fsanitize=address,undefined, no recovery
#   OPT       optimisation flags (default -O2)
#   CFLAGS, LDFLAGS   appended to ours
#   TEST_SWITCH  0 = "make test" skips the spec rerun with the switch-dispatch build
#   SKIP_STEPS   steps of "make test" to leave out (e.g. "test-baremetal")
#   FUZZ_FLAGS   extra options of tests/fuzz_modules (e.g. "-n 1000 -s 7": more mutants)
#
# src/ must stay freestanding (no libc beyond memcpy/memmove/memset/memcmp). The normal
# build compiles src/ with ordinary hosted flags on purpose: -ffreestanding implies
# -fno-builtin, which turns every small fixed-size memcpy into a real call. Freestanding-ness
# is enforced separately by tests/check-freestanding.sh (make check-freestanding), which
# compiles src/ with -ffreestanding -nostdlib -fno-builtin and inspects the objects.

CC       ?= cc
AR       ?= ar
OPT      ?= -O2
DISPATCH ?= goto
MEMORY   ?= guard
SANITIZE ?=
TEST_SWITCH ?= 1
SKIP_STEPS ?=
FUZZ_FLAGS ?=

ifeq ($(SANITIZE),1)
  BUILD ?= build-san
  SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -g
  # Leaks are errors; a huge allocation returns NULL (as libc would) instead of aborting.
  export ASAN_OPTIONS ?= detect_leaks=1:allocator_may_return_null=1
  export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
else ifeq ($(SANITIZE),)
  BUILD ?= build
  SAN_FLAGS :=
else
  $(error SANITIZE must be empty or 1, not '$(SANITIZE)')
endif

ifeq ($(DISPATCH),goto)
  DISPATCH_FLAGS :=
else ifeq ($(DISPATCH),switch)
  DISPATCH_FLAGS := -DMW_DISPATCH_GOTO=0
else
  $(error DISPATCH must be goto or switch, not '$(DISPATCH)')
endif

# Linear memory (doc/memory.md): guard = 8 GiB reservations with guard regions and no
# bounds checks (platform groups VM, traps, TLS); vm = reservations that grow in place,
# with bounds checks; bounds = memory from the allocator, bounds checks, no platform.
ifeq ($(MEMORY),guard)
  MEMORY_FLAGS := -DMW_PLATFORM_VM=1 -DMW_PLATFORM_TRAPS=1 -DMW_PLATFORM_TLS=1 -DMW_PLATFORM_CODE=1
else ifeq ($(MEMORY),vm)
  MEMORY_FLAGS := -DMW_PLATFORM_VM=1 -DMW_PLATFORM_CODE=1
else ifeq ($(MEMORY),bounds)
  MEMORY_FLAGS :=
else
  $(error MEMORY must be guard, vm or bounds, not '$(MEMORY)')
endif

WARN       := -std=c11 -Wall -Wextra -Werror
ALL_CFLAGS := $(WARN) $(OPT) $(SAN_FLAGS) $(DISPATCH_FLAGS) $(MEMORY_FLAGS) -Iinclude $(CFLAGS)
ALL_LDFLAGS := $(SAN_FLAGS) $(LDFLAGS)
DEPFLAGS    = -MMD -MP -MF $(@:%=%.d)

LIB_SRC  := $(sort $(wildcard src/*.c))
CAPI_SRC := $(sort $(wildcard capi/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(CAPI_SRC:%.c=$(BUILD)/obj/%.o)
# The text format reader (wat/, doc/wat.md) is part of the library.
WAT_SRC  := $(sort $(wildcard wat/*.c))
WAT_OBJ  := $(WAT_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)

LIB      := $(BUILD)/libminwasm.a
CLI      := $(BUILD)/minwasm
HELLO    := $(BUILD)/hello
FUZZ     := $(BUILD)/fuzz_modules
FLAGFILE := $(BUILD)/cflags.txt
SPEC_JSON_DIR := $(BUILD)/spec

# The platform layers and the min-platform example (mk/platform.mk); WASI (mk/wasi.mk).
include mk/platform.mk
-include mk/wasi.mk
-include mk/fuzz.mk
-include mk/wat.mk
include mk/wast.mk
include mk/aot.mk
include mk/baremetal.mk
# Programs linking the core get the POSIX platform when the core uses platform groups.
PLAT_LINK := $(if $(MEMORY_FLAGS),$(PLAT_POSIX_LIB))
HOST_LIBS := -lm -lpthread
# wasm.h (capi/, built into the library) and its example programs (mk/capi.mk).
include mk/capi.mk
# Shared library, make install/uninstall, pkg-config, amalgamation, SPDX (mk/install.mk).
include mk/install.mk
include mk/resume.mk

.DEFAULT_GOAL := all
.PHONY: all examples run test deps unit check-freestanding spec spec-convert spec-dry-run \
        spec-switch switch-build nosimd-build test-bounds test-cli-v128 test-cli test-nobuiltin fuzz run-examples clean FORCE
.DELETE_ON_ERROR:

all: $(LIB) $(CLI)

examples: $(HELLO)

# The main job: the min-platform example (a libc-free embedding run by a Linux host, in
# the guard-page, VM-only and no-platform configurations), the hello embedding, and a
# WASI program (examples/wasi/hello.c, compiled for wasm32-wasi) run by `minwasm run`.
WASI_EXAMPLE := $(BUILD)/examples/wasi-hello.wasm
run: deps $(HELLO) $(CLI) $(WASI_EXAMPLE)
	@$(PLAT_RUN)
	$(HELLO)
	@mkdir -p $(BUILD)/examples/data
	$(CLI) run --dir $(BUILD)/examples/data::/data --env GREETING=hello \
	  $(WASI_EXAMPLE) one two

$(WASI_EXAMPLE): examples/wasi/hello.c
	@mkdir -p $(@D)
	clang --target=wasm32-wasi -O2 -Wall -Wextra -Werror -o $@ $<

# Rebuild everything when the compile flags change (e.g. DISPATCH or OPT in the same dir).
$(FLAGFILE): FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(SRC_FLAGS_interp)' | cmp -s - $@ || \
	  echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(SRC_FLAGS_interp)' > $@

# Per-file flags: under ASan, the interpreter loop's hundreds of handlers would each keep
# their temporaries in separate stack slots for use-after-scope checking (31 KB of frame
# with SIMD, which the native stack budget of host re-entry then counts). Nothing in the
# loop points at a local beyond its scope, so that one check is off for interp.c.
ifeq ($(SANITIZE),1)
  SRC_FLAGS_interp := -fno-sanitize-address-use-after-scope
endif
# A joined pair's handler ends in a jump to its second's handler, whose one indirect jump
# would then serve every pair ending in it. gcc copies a block ending in a computed goto
# into the jumps to it only up to 8 instructions; 24 covers the seconds that are one block,
# so each pair gets its own (doc/dispatch.md, session 13). A handler's replicas
# (opcodes.h MW_REPLICAS) are such jumps too, and get their copies the same way.
CC_KIND := $(shell printf '\043if defined(__clang__)\nclang\n\043elif defined(__GNUC__)\ngcc\n\043endif\n' | \
  $(CC) -E -P - 2>/dev/null)
ifeq ($(CC_KIND),gcc)
  SRC_FLAGS_interp += --param max-goto-duplication-insns=24
endif

$(BUILD)/obj/src/%.o: src/%.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SRC_FLAGS_$*) $(DEPFLAGS) -c $< -o $@

$(BUILD)/obj/wat/%.o: wat/%.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/obj/cli/%.o: cli/%.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ) $(WAT_OBJ)
	@test -n "$(LIB_OBJ)" || { echo "error: no src/*.c files" >&2; exit 1; }
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ) $(WAT_OBJ)

$(CLI): $(CLI_OBJ) $(AOT_OBJ) $(WASI_OBJ) $(LIB) $(PLAT_LINK)
	@test -n "$(CLI_OBJ)" || { echo "error: no cli/*.c files" >&2; exit 1; }
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(AOT_OBJ) $(WASI_OBJ) $(LIB) $(PLAT_LINK) $(HOST_LIBS)

$(HELLO): examples/hello.c $(LIB) $(PLAT_LINK) $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PLAT_LINK) $(HOST_LIBS)

$(BUILD)/unit/%: tests/unit/%.c $(LIB) $(PLAT_LINK) $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc $(DEPFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PLAT_LINK) $(HOST_LIBS)

$(FUZZ): tests/fuzz/fuzz_modules.c tests/fuzz/fuzz_util.c $(LIB) $(PLAT_LINK) $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(ALL_LDFLAGS) -o $@ $(filter %.c,$^) $(LIB) $(PLAT_LINK) $(HOST_LIBS)

# ------------------------------------------------------------------ tests
#
# make test runs these steps, continuing past a failing step and failing at the end (two
# at a time: TEST_JOBS below; with TEST_JOBS=1 one by one, in this order):
#   deps                install missing tools (tests/install-deps.sh)
#   all                 build (a failure here stops everything)
#   unit                every tests/unit/test_*.c
#   test-wat            the text format reader's tests (mk/wat.mk, doc/wat.md)
#   check-freestanding  src/ compiles freestanding and calls nothing but memcpy & co.
#   spec                the spec testsuite (core/ and simd/) and tests/wast with `minwasm wast`
#                       (mk/wast.mk: spec-report, the 3.0 suite; test-wast, the runner's own tests)
#   test-wast           the spec script runner's own tests (mk/wast.mk)
#   spec-switch         the same with a DISPATCH=switch MEMORY=bounds build in $(BUILD)-switch
#                       (so the suite runs in both dispatch modes and both memory modes)
#   test-bounds         unit and WASI tests again with that DISPATCH=switch MEMORY=bounds build
#                       (guest memory from the allocator: an overflow there is a host overflow)
#   test-platform       platform unit tests (native, aarch64 under qemu), cross-compiles
#   min-platform        examples/min-platform/build.sh (three configurations)
#   min-platform-aarch64  the same cross-built for aarch64, run under qemu-aarch64
#   test-wasi           WASI preview 1: C programs built for wasm32-wasi (tests/wasi/run.sh)
#   bench-smoke         every benchmark once at a small size, checksums against native
#   fuzz                truncated and bit-flipped spec modules, decoded and run; short
#                       deterministic runs of the libFuzzer targets and the differential
#                       fuzzer; saved regression inputs (mk/fuzz.mk, doc/fuzzing.md)
#   test-cli            the command line: wasmtime's spellings (-W/-S, run as default,
#                       help, stdin, backtraces with offsets, exit codes: cli-wasmtime.sh),
#                       v128 arguments and results of --invoke, and
#                       `minwasm explore` (every spec module disassembled whole)
#   test-nosimd         the core built with -DMW_SIMD=0 refuses v128 modules as unsupported
#   test-nobuiltin      test_fused against the core built with -fno-builtin, where every
#                       memcpy in a handler is a call: the f64 accumulator's register
#                       (MW_F64_ACC_REG, caller-saved) must be read before any of them
#   run-examples        examples/hello
#   spec-aot            the spec suite again as native code (minwasm compile): guard pages
#                       with this build, bounds checks with a MEMORY=vm build in $(BUILD)-vm
#                       (AOT_SPEC_CONFIGS="guard vm")
#   check-spdx          every source file starts with the SPDX license line (tests/check-spdx.sh)
#   test-install        make install/uninstall into temporary prefixes; programs built with
#                       pkg-config alone, shared and static (tests/install/run.sh)
#   test-amalgamation   the single-file minwasm.c compiles alone and runs examples/hello.c
#   test-aot            the native tier's tests (tests/aot/*.sh): .cwasm loading, corrupted
#                       files, native and interpreted modules calling each other
#   test-baremetal      examples/baremetal: Cortex-M firmware and a riscv64 kernel, run
#                       under qemu-system-arm / qemu-system-riscv64 (mk/baremetal.mk)
# (check-freestanding, the platform steps, test-baremetal, test-install and
# test-amalgamation build with $(CC) or cross
# compilers alone, never with the sanitizers: the SANITIZE=1 run skips them as repeats
# of the plain run.) SKIP_STEPS names more steps to leave out (the clang run of .ci/run
# leaves out those whose compilers CC does not choose).
SAN_SKIP := $(if $(filter 1,$(SANITIZE)),check-freestanding test-platform min-platform min-platform-aarch64 \
            test-baremetal test-install test-amalgamation test-nobuiltin)
TEST_STEPS := $(filter-out $(SAN_SKIP) $(SKIP_STEPS),$(strip unit test-wat check-freestanding spec test-wast \
              $(if $(filter 1,$(TEST_SWITCH)),spec-switch test-bounds) \
              spec-aot test-aot test-cli test-nosimd test-nobuiltin fuzz run-examples test-platform min-platform \
              min-platform-aarch64 test-wasi bench-smoke test-baremetal test-capi test-scheduler test-wasi-slices check-spdx \
              test-install test-amalgamation))

# Steps run side by side, TEST_JOBS at a time (tests/run-steps.sh: each step's output is
# printed whole when it ends, with its "==== make STEP" result line; TEST_JOBS=1 runs
# them one by one, output streaming, in the order above). Steps named together in
# TEST_EXCLUSIVE write the same files and never overlap: spec and spec-aot
# ($(BUILD)/spec-results). What several steps would otherwise build at the same time is
# built once before them (test-prepare). Without -j on make's command line, the builds
# of make test get -j$(TEST_JOBS); with it, they share make's job slots.
# test-platform leaves out tests/platform/check-refuse.sh when min-platform runs: the
# min-platform step ends with that check, with the same compiler, flags and files.
TEST_JOBS ?= 2
TEST_EXCLUSIVE := spec,spec-aot
TEST_J = $(if $(findstring -j,$(MAKEFLAGS)),,-j$(TEST_JOBS))
TEST_PREPARE := $(if $(filter test-cli spec-aot fuzz,$(TEST_STEPS)),spec-convert) \
                $(if $(filter spec-switch test-bounds,$(TEST_STEPS)),switch-build) \
                $(if $(filter test-nosimd,$(TEST_STEPS)),$(if $(filter test-baremetal,$(TEST_STEPS)),nosimd-build))
TEST_ENV := $(if $(filter min-platform,$(TEST_STEPS)),PLAT_TESTS_SKIP=tests/platform/check-refuse.sh \
            PLAT_TESTS_SKIP_NOTE='the min-platform step of make test runs the same check')

test:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) $(TEST_J) --no-print-directory all
	@$(if $(strip $(TEST_PREPARE)),$(MAKE) $(TEST_J) --no-print-directory $(TEST_PREPARE) || \
	  echo "==== make test ($(BUILD)): building $(strip $(TEST_PREPARE)) failed (the steps needing it will fail)")
	@$(TEST_ENV) MAKE='$(MAKE) $(TEST_J)' tests/run-steps.sh -l '$(BUILD)' -j '$(TEST_JOBS)' \
	  $(addprefix -x ,$(TEST_EXCLUSIVE)) -- $(TEST_STEPS)

deps:
	@tests/install-deps.sh

unit: $(UNIT_BIN)
	@failed=0; n=0; for t in $(UNIT_BIN); do \
	  n=$$((n+1)); \
	  if timeout 600 $$t; then echo "PASS $$t"; else echo "FAIL $$t (exit $$?)"; failed=$$((failed+1)); fi; \
	done; echo "unit: $$n programs, $$failed failed"; [ $$failed -eq 0 ]

check-freestanding:
	@CC='$(CC)' tests/check-freestanding.sh

spec-convert:
	@tests/run-spec.sh --convert-only $(SPEC_JSON_DIR)

spec: $(CLI)
	@tests/run-spec.sh --wast $(SPEC_JSON_DIR) $(CLI)

# Every spec command read by `minwasm spec --dry-run` (the runner's parsing, no runtime).
spec-dry-run: $(CLI)
	@tests/run-spec.sh --dry-run $(SPEC_JSON_DIR) $(CLI)

# v128 arguments and results of `minwasm run --invoke` (needs a core that runs SIMD).
test-cli-v128: $(CLI)
	@tests/cli-v128.sh $(CLI)

# The fused forms' test against a core whose handlers call memcpy (-fno-builtin): the f64
# accumulator's register does not survive a call (src/mw_config.h MW_F64_ACC_REG).
test-nobuiltin:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)-nobuiltin CFLAGS="$(CFLAGS) -fno-builtin" \
	  $(BUILD)-nobuiltin/unit/test_fused >/dev/null
	@$(BUILD)-nobuiltin/unit/test_fused

# The core built without SIMD (CFLAGS=-DMW_SIMD=0): v128 modules are refused as
# unsupported, naming the feature, and the library's .text is printed beside the default's.
test-nosimd: $(LIB)
	@$(MAKE) --no-print-directory BUILD=$(BUILD)-nosimd CFLAGS="$(CFLAGS) -DMW_SIMD=0" \
	  $(BUILD)-nosimd/minwasm $(BUILD)-nosimd/unit/test_v128 >/dev/null
	@$(BUILD)-nosimd/unit/test_v128
	@printf '(module (func (export "f") (param v128)))' > $(BUILD)-nosimd/v.wat
	@wat2wasm $(BUILD)-nosimd/v.wat -o $(BUILD)-nosimd/v.wasm
	@if $(BUILD)-nosimd/minwasm run --invoke f $(BUILD)-nosimd/v.wasm 0 2> $(BUILD)-nosimd/v.err; then \
	  echo "test-nosimd: a v128 module ran without SIMD" >&2; exit 1; fi
	@grep -q "SIMD.*not supported by this build (MW_SIMD=0)" $(BUILD)-nosimd/v.err || \
	  { echo "test-nosimd: unexpected error:" >&2; cat $(BUILD)-nosimd/v.err >&2; exit 1; }
	@echo "test-nosimd: ok ($$(cat $(BUILD)-nosimd/v.err))"
	@printf 'libminwasm.a .text: %s bytes with SIMD, %s without\n' \
	  "$$(size -A $(LIB) | awk '$$1==".text" {t+=$$2} END {print t}')" \
	  "$$(size -A $(BUILD)-nosimd/libminwasm.a | awk '$$1==".text" {t+=$$2} END {print t}')"

test-cli: $(CLI) spec-convert
	@tests/cli-v128.sh $(CLI)
	@tests/cli-wasmtime.sh $(CLI)
	@tests/cli-explore.sh $(CLI) $(SPEC_JSON_DIR)

switch-build:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)-switch DISPATCH=switch MEMORY=bounds all

# $(BUILD)-nosimd/minwasm, as test-nosimd and test-baremetal make it (for test-prepare).
nosimd-build:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)-nosimd CFLAGS="$(CFLAGS) -DMW_SIMD=0" \
	  $(BUILD)-nosimd/minwasm >/dev/null

spec-switch: switch-build
	@tests/run-spec.sh --wast $(SPEC_JSON_DIR) $(BUILD)-switch/minwasm

test-bounds: switch-build
	@$(MAKE) --no-print-directory BUILD=$(BUILD)-switch DISPATCH=switch MEMORY=bounds unit test-wasi

# fuzz_modules, the libFuzzer targets and the differential fuzzer, briefly (mk/fuzz.mk).
fuzz: fuzz-short

run-examples: $(HELLO)
	$(HELLO)

clean:
	rm -rf build build-san build-switch build-san-switch build-clang $(BUILD) $(BUILD)-switch

FORCE:

-include $(wildcard $(BUILD)/obj/src/*.d $(BUILD)/obj/wat/*.d $(BUILD)/obj/cli/*.d $(BUILD)/unit/*.d $(BUILD)/*.d)

# ---- bench ----
# The benchmark suite (see bench/README.md). This block belongs to bench/; keep it last.
#   make bench          install missing tools (bench/install-deps.sh), then build every
#                       bench/src/*.c natively (gcc -O2 -> bench/build/native/NAME) and
#                       to wasm32-wasi (clang -O2 -> bench/build/wasm/NAME.wasm)
#   make bench-native   only the native builds (needs nothing but gcc)
#   make bench-wasm     only the wasm builds
#   make bench-run      bench/run $(BENCH_ARGS), e.g. BENCH_ARGS='--filter fib --runs 5'
#   make bench-smoke    bench/test-smoke.sh (small sizes, native vs minwasm checksums)
#   make bench-clean    remove bench/build
BENCH_SRC     := $(sort $(wildcard bench/src/*.c))
BENCH_NAMES   := $(BENCH_SRC:bench/src/%.c=%)
BENCH_NATIVE  := $(BENCH_NAMES:%=bench/build/native/%)
BENCH_WASM    := $(BENCH_NAMES:%=bench/build/wasm/%.wasm)
BENCH_CC      ?= gcc
BENCH_WASM_CC ?= clang
BENCH_CFLAGS  := -O2 -std=c11 -Wall -Wextra -Werror
BENCH_WASM_CFLAGS := --target=wasm32-wasi -O2 -std=c11 -Wall -Wextra -Werror
BENCH_ARGS    ?=

.PHONY: bench bench-deps bench-native bench-wasm bench-run bench-smoke bench-clean

bench: bench-deps
	@$(MAKE) --no-print-directory bench-native bench-wasm

bench-deps:
	@bench/install-deps.sh

bench-native: $(BENCH_NATIVE)

bench-wasm: $(BENCH_WASM)

bench/build/native/%: bench/src/%.c bench/src/bench.h
	@mkdir -p $(@D)
	$(BENCH_CC) $(BENCH_CFLAGS) -o $@ $< -lm

bench/build/wasm/%.wasm: bench/src/%.c bench/src/bench.h
	@mkdir -p $(@D)
	$(BENCH_WASM_CC) $(BENCH_WASM_CFLAGS) -o $@ $< -lm

bench-run: bench
	bench/run $(BENCH_ARGS)

bench-smoke: $(CLI)
	@MINWASM=$(CLI) bench/test-smoke.sh

bench-clean:
	rm -rf bench/build
# ---- end bench ----
