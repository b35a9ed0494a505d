# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# mk/wat.mk — tests of the text format reader (wat/, doc/wat.md). Included by the top
# Makefile after its own variables (BUILD, LIB, PLAT_LINK, HOST_LIBS) and mk/fuzz.mk.
# Every name here starts with WAT_ or is one of the targets below.
#
#   test-wat    unit tests (tests/wat/wat_unit.c: literals, float rounding, escapes, errors
#               with line:column, abbreviations, encodings), then every module of the 2.0
#               suite (core/ and simd/) through the reader and the core (tests/wat/
#               wat_suite.c: every well-formed module must encode and validate, every
#               assert_invalid one encode, every assert_malformed one fail), then the 3.0
#               suite (WAT_SPEC3_FILES): every module outside assert_malformed encodes,
#               every text assert_malformed one fails
#   wat-diff    the encoding of the 2.0 suite's top-level modules against wabt's wast2json
#               (tests/wat/wabt-diff.sh; not part of make test)
#   fuzz-wat    the libFuzzer target fuzz_wat on truncated and mutated .wast text (a
#               prerequisite of `make fuzz`); WAT_FUZZ_RUNS inputs (default 3000) of at most 16 KiB

WAT_SPEC2   ?= ../shared/spec-testsuite
WAT_SPEC3   ?= ../shared/spec-testsuite-3.0
WAT_FUZZ_RUNS ?= 3000
# The 3.0 files the reader covers: all but the custom-descriptors proposal and the
# branch-hint annotations (doc/wat.md, "Not covered").
WAT_SPEC3_FILES = $(wildcard $(WAT_SPEC3)/*.wast $(WAT_SPEC3)/legacy/*.wast \
                  $(WAT_SPEC3)/custom/custom_annot.wast $(WAT_SPEC3)/custom/name_annot.wast \
                  $(WAT_SPEC3)/proposals/custom-page-sizes/*.wast \
                  $(WAT_SPEC3)/proposals/threads/*.wast $(WAT_SPEC3)/proposals/wide-arithmetic/*.wast)
WAT_UNIT    := $(BUILD)/wat/wat_unit
WAT_SUITE   := $(BUILD)/wat/wat_suite

.PHONY: test-wat wat-diff fuzz-wat

# (PLAT_LINK is defined after this file is included: spelled out here.)
WAT_PLAT    := $(if $(MEMORY_FLAGS),$(PLAT_POSIX_LIB))
$(BUILD)/wat/%: tests/wat/%.c $(LIB) $(WAT_PLAT) $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(WAT_PLAT) $(HOST_LIBS)

test-wat: $(WAT_UNIT) $(WAT_SUITE)
	$(WAT_UNIT)
	@echo "wat: 2.0 suite (core/, simd/)"
	@$(WAT_SUITE) --expect-core-valid $(WAT_SPEC2)/core/*.wast \
	  $(wildcard $(WAT_SPEC2)/simd/*.wast)
	@echo "wat: 3.0 suite (top level, legacy/, custom/, proposals/)"
	@$(WAT_SUITE) $(WAT_SPEC3_FILES)

wat-diff: $(WAT_SUITE)
	@tests/wat/wabt-diff.sh $(WAT_SUITE) $(WAT_SPEC2)/core $(BUILD)/wat/diff

# libFuzzer target: the reader's objects with the fuzz build's flags (mk/fuzz.mk).
WAT_FZ_OBJ := $(patsubst %.c,$(FZ_BUILD)/obj/%.o,$(sort $(wildcard wat/*.c)))
.SECONDARY: $(WAT_FZ_OBJ) $(FZ_BUILD)/obj/tests/fuzz/fuzz_wat.o

$(FZ_BUILD)/fuzz_wat: $(FZ_BUILD)/obj/tests/fuzz/fuzz_wat.o $(WAT_FZ_OBJ) $(FZ_CORE_OBJ)
	$(FZ_CC) $(FZ_SAN) -fsanitize=fuzzer -o $@ $^ -lm -lpthread

# A fresh corpus directory first (libFuzzer writes there), the spec scripts as seeds.
fuzz-wat: $(FZ_BUILD)/fuzz_wat
	@rm -rf $(FZ_BUILD)/wat-corpus && mkdir -p $(FZ_BUILD)/wat-corpus
	@ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 $(FZ_BUILD)/fuzz_wat \
	  -seed=1 -runs=$(WAT_FUZZ_RUNS) -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
	  -dict=tests/fuzz/wat.dict $(FZ_BUILD)/wat-corpus $(WAT_SPEC2)/core $(WAT_SPEC3)/legacy \
	  > $(FZ_BUILD)/fuzz_wat.log 2>&1 || { tail -n 40 $(FZ_BUILD)/fuzz_wat.log; exit 1; }
	@tail -n 2 $(FZ_BUILD)/fuzz_wat.log
	@echo "fuzz-wat: $(WAT_FUZZ_RUNS) inputs, no crash, hang or leak"

fuzz: $(if $(filter 0,$(FUZZ_LIBFUZZER)),,fuzz-wat)

-include $(wildcard $(BUILD)/wat/*.d)
