# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# mk/aot.mk — the native tier (aot/, doc/aot.md): the translator and compile driver
# linked into the minwasm command, and its tests. Included by the top Makefile after its
# own variables. Every name here starts with AOT_ or is one of the targets below.
#
#   test-aot     unit tests of the native tier (tests/aot/*.sh)
#   spec-aot     the spec suite (core + simd) run as native code, guard and bounds
#   test-wasi-aot   the WASI suite with `minwasm run --aot` (not in `make test`)

AOT_SRC := $(sort $(wildcard aot/*.c))
AOT_OBJ := $(AOT_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/aot/prelude.o
AOT_PRELUDE_DEPS := aot/mkprelude.sh include/minwasm.h src/mw_config.h src/mw_internal.h \
                    src/num.h src/aot_abi.h aot/gen_rt.h src/simd.h

$(BUILD)/aot/prelude.c: $(AOT_PRELUDE_DEPS)
	@mkdir -p $(@D)
	aot/mkprelude.sh $@

$(BUILD)/obj/aot/prelude.o: $(BUILD)/aot/prelude.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/aot/%.o: aot/%.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

-include $(wildcard $(BUILD)/obj/aot/*.d)

.PHONY: spec-aot test-aot test-wasi-aot

# Each configuration compiles afresh: the cache is keyed by module, not by translator.
# AOT_SPEC_SETS: the spec directories (default: those of `make spec`, core and simd).
AOT_SPEC_CONFIGS ?= guard vm
AOT_SPEC_SETS ?=
spec-aot: $(CLI) spec-convert
	@for c in $(AOT_SPEC_CONFIGS); do \
	  case $$c in \
	    guard) b=$(BUILD) ;; \
	    vm) b=$(BUILD)-vm; $(MAKE) --no-print-directory BUILD=$$b MEMORY=vm all >/dev/null || exit 1 ;; \
	    *) echo "spec-aot: unknown configuration $$c (guard, vm)" >&2; exit 2 ;; \
	  esac; \
	  echo "==== spec-aot: $$c ($$b/minwasm, native code $$( [ $$c = guard ] && echo without || echo with) bounds checks)"; \
	  rm -rf $$b/aot-spec-cache; \
	  MINWASM_SPEC_AOT=$$b/aot-spec-cache $(if $(AOT_SPEC_SETS),MINWASM_SPEC_SETS='$(AOT_SPEC_SETS)') \
	    tests/run-spec.sh $(SPEC_JSON_DIR) $$b/minwasm || exit 1; \
	  rm -rf $$b/aot-spec-cache; \
	done

# tests/aot/*.sh, and examples/static-aot: a precompiled module (--emit-c) linked into a
# plain C program with a MEMORY=bounds core, which uses no platform function.
AOT_TESTS := $(sort $(wildcard tests/aot/*.sh))
test-aot: $(CLI)
	@$(MAKE) --no-print-directory BUILD=$(BUILD)-switch DISPATCH=switch MEMORY=bounds \
	  $(BUILD)-switch/libminwasm.a >/dev/null
	@failed=; for s in $(AOT_TESTS) examples/static-aot/build.sh; do \
	  echo "==== $$s"; \
	  CC='$(CC)' BUILD='$(BUILD)' $$s $(BUILD) || failed="$$failed $$s"; \
	done; \
	if [ -n "$$failed" ]; then echo "test-aot: FAILED:$$failed"; exit 1; fi; \
	echo "test-aot: all passed ($(words $(AOT_TESTS)) scripts and examples/static-aot)"

# The WASI suite (tests/wasi/run.sh) with `run --aot`: every program compiled to native
# code first (a few minutes of C compiling, hence not in `make test`).
test-wasi-aot: $(CLI) $(WASI_HOSTED)
	@rm -rf $(BUILD)/wasi-aot-cache
	@MINWASM_CACHE_DIR=$(BUILD)/wasi-aot-cache MINWASM_RUN_FLAGS=--aot tests/wasi/run.sh $(CLI)
