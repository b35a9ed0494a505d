# mk/aot.mk — the native tier (aot/, doc/aot.md): the translator and compile driver
# linked into the minwasm command, and its tests. Included by the top Makefile after its
# own variables. Every name here starts with AOT_ or is one of the targets below.
#
#   test-aot     unit tests of the native tier (tests/aot/*.sh)
#   spec-aot     the spec suite (core + simd) run as native code, guard and bounds

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
