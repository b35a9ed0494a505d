# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# mk/wasi.mk — make rules for WASI preview 1 (wasi/, hosted POSIX C) and its tests.
# Included by the top Makefile after its own variables (CC, BUILD, ALL_CFLAGS,
# ALL_LDFLAGS, DEPFLAGS, FLAGFILE, LIB, CLI, MEMORY_FLAGS) and after mk/platform.mk.
# Every name here starts with WASI_ or is one of the targets below.
#
#   $(WASI_OBJ)      the objects of wasi/*.c, linked into $(CLI) by the top Makefile
#   wasi-tests       the hosted test programs (tests/wasi/test_*.c, linking the core and
#                    wasi/) in $(BUILD)/wasi-tests
#   test-wasi        tests/wasi/run.sh with $(CLI) and those programs: compiles the C
#                    test programs with clang --target=wasm32-wasi (installs Debian's
#                    clang, lld, wasi-libc and libclang-rt-14-dev-wasm32 when missing and
#                    root), runs them under minwasm, compares with node:wasi and native
#                    builds; closes with "N passed, N failed"

WASI_SRC := $(sort $(wildcard wasi/*.c))
WASI_OBJ := $(WASI_SRC:%.c=$(BUILD)/obj/%.o)
WASI_TEST_DIR := $(BUILD)/wasi-tests
WASI_HOSTED := $(patsubst tests/wasi/%.c,$(WASI_TEST_DIR)/%,$(sort $(wildcard tests/wasi/test_*.c)))
# The platform library, when the core uses platform groups (as the top Makefile's
# PLAT_LINK, which is defined after this file is read).
WASI_PLAT := $(if $(MEMORY_FLAGS),$(PLAT_POSIX_LIB))

.PHONY: test-wasi wasi-tests

$(BUILD)/obj/wasi/%.o: wasi/%.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iwasi $(DEPFLAGS) -c $< -o $@

$(WASI_TEST_DIR)/%: tests/wasi/%.c $(WASI_OBJ) $(LIB) $(WASI_PLAT) $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iwasi $(DEPFLAGS) $(ALL_LDFLAGS) -o $@ $< $(WASI_OBJ) $(LIB) \
	  $(WASI_PLAT) -lm -lpthread

wasi-tests: $(WASI_HOSTED)

test-wasi: $(CLI) $(WASI_HOSTED)
	@tests/wasi/run.sh $(CLI) $(WASI_TEST_DIR)

-include $(wildcard $(BUILD)/obj/wasi/*.d $(WASI_TEST_DIR)/*.d)
