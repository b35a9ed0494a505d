# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# mk/fuzz.mk — fuzzing (doc/fuzzing.md). Included by the top Makefile after its own
# variables (BUILD, FUZZ = $(BUILD)/fuzz_modules, SPEC_JSON_DIR). Every name here starts
# with FZ_ or FUZZ_, or is one of the targets below.
#
#   fuzz-build      the libFuzzer targets fuzz_decode, fuzz_run, fuzz_wasi and the
#                   differential harness diff_run, always with clang and
#                   -fsanitize=fuzzer,address,undefined, in $(FZ_BUILD) (default
#                   build-fuzz; independent of CC, BUILD and SANITIZE, so make test with
#                   gcc or SANITIZE=1 reuses one build)
#   fuzz-short      the "fuzz" step of make test: fuzz_modules on the spec modules, each
#                   libFuzzer target for a fixed number of runs from -seed=1, a short
#                   differential run with fixed seeds, and every saved regression input;
#                   ends with "fuzz: N passed, N failed"
#   fuzz-replay     only the saved regression inputs (tests/fuzz/regressions/<target>/)
#   fuzz-clean      remove $(FZ_BUILD) (the top Makefile's clean leaves it alone)
#   fuzz-long       every target for FUZZ_SECONDS seconds (default 600) each, and the
#                   differential fuzzer as long; new crashes are copied to
#                   tests/fuzz/regressions/<target>/
#
# SIMD: fuzz_run and diff.sh probe the core with a tiny v128 module and skip what a
# core without SIMD rejects for it; FUZZ_SIMD=0|1 (environment) overrides the probe.
# tests/fuzz/gen_check.sh checks the generator against wasm-validate and node.
#
# FUZZ_LIBFUZZER=0 leaves everything but fuzz_modules out of the fuzz step (fuzz-short and
# fuzz-wat): the rest builds with FZ_CC in FZ_BUILD whatever CC, BUILD and SANITIZE are,
# and runs from fixed seeds, so a second make test with another CC or SANITIZE (.ci/run)
# would run the same binaries on the same inputs again.
#
# Knobs: FUZZ_SECONDS (fuzz-long), FZ_CC (default clang), FZ_BUILD, FZ_MEMORY (memory
# configuration of the core under fuzzing, as MEMORY in the top Makefile; default bounds:
# memories come from malloc, so ASan sees every out-of-bounds access the bounds checks
# miss).

FZ_CC      ?= clang
FZ_BUILD   ?= build-fuzz
FZ_MEMORY  ?= bounds
FUZZ_SECONDS ?= 600
FUZZ_LIBFUZZER ?= 1
FZ_TARGETS := fuzz_decode fuzz_run fuzz_wasi

ifeq ($(FZ_MEMORY),guard)
  FZ_MEMFLAGS := -DMW_PLATFORM_VM=1 -DMW_PLATFORM_TRAPS=1 -DMW_PLATFORM_TLS=1
else ifeq ($(FZ_MEMORY),vm)
  FZ_MEMFLAGS := -DMW_PLATFORM_VM=1
else ifeq ($(FZ_MEMORY),bounds)
  FZ_MEMFLAGS :=
else
  $(error FZ_MEMORY must be guard, vm or bounds, not '$(FZ_MEMORY)')
endif

# Objects get coverage instrumentation (fuzzer-no-link); only the targets link libFuzzer.
FZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FZ_CFLAGS  := -std=c11 -Wall -Wextra -Werror -O1 -g $(FZ_SAN) -fsanitize=fuzzer-no-link \
              $(FZ_MEMFLAGS) -Iinclude -Iwasi -Itests/fuzz
# clang 14 takes about 5 minutes to compile the interpreter's one large function with
# UBSan at -O1 (11 s at -O0, or at -O1 with ASan alone): -O0 for that file keeps every
# check and the fuzz build to a minute.
FZ_OPT_interp := -O0
FZ_FLAGFILE := $(FZ_BUILD)/cflags.txt
FZ_CORE_OBJ := $(patsubst %.c,$(FZ_BUILD)/obj/%.o,$(sort $(wildcard src/*.c)) \
               $(if $(FZ_MEMFLAGS),$(sort $(wildcard platform/posix/*.c))))
FZ_WASI_OBJ := $(patsubst %.c,$(FZ_BUILD)/obj/%.o,$(sort $(wildcard wasi/*.c)))
FZ_UTIL_OBJ := $(FZ_BUILD)/obj/tests/fuzz/fuzz_util.o $(FZ_BUILD)/obj/tests/fuzz/gen_module.o
FZ_BINS    := $(FZ_TARGETS:%=$(FZ_BUILD)/%) $(FZ_BUILD)/diff_run
FZ_TOOLCHECK := $(FZ_BUILD)/toolcheck.ok

.PHONY: fuzz-build fuzz-short fuzz-long fuzz-replay fuzz-clean
# Objects reached through the pattern rules are not intermediate files to delete.
.SECONDARY: $(FZ_CORE_OBJ) $(FZ_WASI_OBJ) $(FZ_UTIL_OBJ) \
            $(FZ_TARGETS:%=$(FZ_BUILD)/obj/tests/fuzz/%.o) $(FZ_BUILD)/obj/tests/fuzz/diff_run.o

# A stale dependency file from before tests/fuzz_modules.c moved to tests/fuzz/ may
# still name it; this empty rule keeps such a build directory usable.
tests/fuzz_modules.c:

fuzz-build: $(FZ_BINS)

fuzz-clean:
	rm -rf $(FZ_BUILD)

FZ_RUN = FUZZ_FLAGS='$(FUZZ_FLAGS)' tests/fuzz/run.sh

fuzz-short: $(FUZZ) spec-convert $(if $(filter 0,$(FUZZ_LIBFUZZER)),,fuzz-build)
	@$(FZ_RUN) $(if $(filter 0,$(FUZZ_LIBFUZZER)),modules,short) $(FZ_BUILD) $(FUZZ) $(SPEC_JSON_DIR)

fuzz-long: $(FUZZ) spec-convert fuzz-build
	@$(FZ_RUN) long $(FZ_BUILD) $(FUZZ) $(SPEC_JSON_DIR) $(FUZZ_SECONDS)

fuzz-replay: fuzz-build
	@$(FZ_RUN) replay $(FZ_BUILD) $(FUZZ) $(SPEC_JSON_DIR)

# Fail early and clearly when clang or its libFuzzer runtime is missing.
$(FZ_TOOLCHECK):
	@mkdir -p $(@D)
	@command -v $(FZ_CC) >/dev/null 2>&1 || { echo "fuzz: '$(FZ_CC)' not found: the fuzz \
	targets need clang (Debian package clang)" >&2; exit 1; }
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	  > $(@D)/toolcheck.c
	@$(FZ_CC) -fsanitize=fuzzer,address,undefined -o $(@D)/toolcheck $(@D)/toolcheck.c || { \
	  echo "fuzz: $(FZ_CC) cannot link a libFuzzer target: install libFuzzer (Debian \
	package libclang-rt-14-dev)" >&2; exit 1; }
	@touch $@

$(FZ_FLAGFILE): FORCE
	@mkdir -p $(@D)
	@echo '$(FZ_CC) $(FZ_CFLAGS) interp:$(FZ_OPT_interp)' | cmp -s - $@ || echo '$(FZ_CC) $(FZ_CFLAGS) interp:$(FZ_OPT_interp)' > $@

$(FZ_BUILD)/obj/%.o: %.c $(FZ_FLAGFILE) | $(FZ_TOOLCHECK)
	@mkdir -p $(@D)
	$(FZ_CC) $(FZ_CFLAGS) $(FZ_OPT_$(notdir $*)) -MMD -MP -MF $@.d -c $< -o $@

$(FZ_BUILD)/fuzz_%: $(FZ_BUILD)/obj/tests/fuzz/fuzz_%.o $(FZ_UTIL_OBJ) $(FZ_CORE_OBJ) \
                    $(FZ_WASI_OBJ)
	$(FZ_CC) $(FZ_SAN) -fsanitize=fuzzer -o $@ $^ -lm -lpthread

# Not a libFuzzer target, but it links the same instrumented objects: coverage hooks
# come from the sanitizer runtime, main is ours.
$(FZ_BUILD)/diff_run: $(FZ_BUILD)/obj/tests/fuzz/diff_run.o $(FZ_UTIL_OBJ) $(FZ_CORE_OBJ)
	$(FZ_CC) $(FZ_SAN) -fsanitize=fuzzer-no-link -o $@ $^ -lm -lpthread

-include $(shell find $(FZ_BUILD)/obj -name '*.d' 2>/dev/null)
