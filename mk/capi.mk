# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# mk/capi.mk — the standard WebAssembly C API (include/wasm.h, capi/, doc/capi.md) and
# its example programs. Included by the top Makefile after its own variables (CC, BUILD,
# ALL_CFLAGS, ALL_LDFLAGS, DEPFLAGS, FLAGFILE, LIB, CLI, PLAT_LINK, HOST_LIBS); the
# library objects of capi/*.c are part of $(LIB) (CAPI_SRC in the Makefile). Every name
# here starts with CAPI_ or is one of the targets below.
#
#   capi-examples  examples/capi/*.c and tests/capi/*.c built against wasm.h +
#                  libminwasm.a, and their modules (*.wat) converted with wat2wasm, in
#                  $(BUILD)/capi-examples
#   test-capi      runs every program (each checks its own results and exits nonzero on
#                  a mismatch), the serialize example also with a .cwasm from
#                  `minwasm compile` when the native tier works here, then checks that
#                  every function wasm.h declares is used by an example
#                  (tests/capi/coverage.sh)

CAPI_EX_DIR   := $(BUILD)/capi-examples
CAPI_EX_NAMES := $(sort $(patsubst examples/capi/%.c,%,$(wildcard examples/capi/*.c)) \
                        $(patsubst tests/capi/%.c,%,$(wildcard tests/capi/*.c)))
CAPI_EX_BIN   := $(CAPI_EX_NAMES:%=$(CAPI_EX_DIR)/%)
CAPI_EX_WASM  := $(patsubst examples/capi/%.wat,$(CAPI_EX_DIR)/%.wasm,$(wildcard examples/capi/*.wat)) \
                 $(patsubst tests/capi/%.wat,$(CAPI_EX_DIR)/%.wasm,$(wildcard tests/capi/*.wat))

.PHONY: capi-examples test-capi

$(BUILD)/obj/capi/%.o: capi/%.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(CAPI_EX_DIR)/%.wasm: examples/capi/%.wat
	@mkdir -p $(@D)
	wat2wasm --enable-all $< -o $@

$(CAPI_EX_DIR)/%: examples/capi/%.c $(LIB) $(PLAT_LINK) $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PLAT_LINK) $(HOST_LIBS)

# Test programs beyond the examples (tests/capi/*.c, *.wat), built and run the same way.
$(CAPI_EX_DIR)/%.wasm: tests/capi/%.wat
	@mkdir -p $(@D)
	wat2wasm --enable-all $< -o $@

$(CAPI_EX_DIR)/%: tests/capi/%.c $(LIB) $(PLAT_LINK) $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PLAT_LINK) $(HOST_LIBS)

capi-examples: $(CAPI_EX_BIN) $(CAPI_EX_WASM)

test-capi: capi-examples $(CLI)
	@tests/capi/run.sh $(CAPI_EX_DIR) $(CLI) $(CAPI_EX_NAMES)
	@tests/capi/coverage.sh include/wasm.h examples/capi tests/capi

-include $(wildcard $(BUILD)/obj/capi/*.d $(CAPI_EX_DIR)/*.d)
