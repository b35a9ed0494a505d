# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# mk/platform.mk — make rules for the platform layers (platform/posix, platform/linux)
# and the min-platform example. Included by the top Makefile after its own variables
# (CC, AR, OPT, BUILD, ALL_CFLAGS, DEPFLAGS, FLAGFILE). Every name here starts with
# PLAT_ or is one of the targets below.
#
#   $(PLAT_POSIX_LIB)     $(BUILD)/libminwasm-platform-posix.a: the platform API on libc +
#                         POSIX (platform/posix), for the minwasm command; with it, link
#                         -lpthread only if the C library needs it for _Thread_local (it
#                         does not with glibc >= 2.34 or musl)
#   min-platform          examples/min-platform/build.sh: the embedding without libc,
#                         run by its host in the traps/vm/none configurations ($(PLAT_RUN)
#                         is the command, e.g. for the top Makefile's `run` target)
#   min-platform-aarch64  the same cross-built for aarch64, run under qemu-aarch64
#   test-platform         every tests/platform/*.sh: unit tests of both platforms (native
#                         and aarch64 under qemu), cross-compilation of src/ for riscv64 and
#                         Cortex-M4, the host's refusal of an embedding that calls libc;
#                         PLAT_CROSS=0 leaves out the cross-compiled parts (aarch64,
#                         riscv64, Cortex-M4), whose compilers are not $(CC);
#                         PLAT_TESTS_SKIP names scripts to leave out (make test leaves out
#                         check-refuse.sh when its min-platform step runs: that step ends
#                         with the same check, same compiler, flags and files)

PLAT_POSIX_SRC := $(sort $(wildcard platform/posix/*.c))
PLAT_POSIX_OBJ := $(PLAT_POSIX_SRC:%.c=$(BUILD)/obj/%.o)
PLAT_POSIX_LIB := $(BUILD)/libminwasm-platform-posix.a
PLAT_POSIX_CFLAGS = $(ALL_CFLAGS) -Iplatform/posix

PLAT_CROSS ?= 1
PLAT_ENV = CC='$(CC)' OPT='$(OPT)' BUILD='$(BUILD)' PLAT_CROSS='$(PLAT_CROSS)'
PLAT_RUN = $(PLAT_ENV) examples/min-platform/build.sh
PLAT_TESTS := $(sort $(wildcard tests/platform/*.sh))
PLAT_TESTS_SKIP ?=
PLAT_TESTS_SKIP_NOTE ?= PLAT_TESTS_SKIP
PLAT_TESTS_RUN = $(filter-out $(PLAT_TESTS_SKIP),$(PLAT_TESTS))

.PHONY: min-platform min-platform-aarch64 test-platform platform-posix

platform-posix: $(PLAT_POSIX_LIB)

$(BUILD)/obj/platform/posix/%.o: platform/posix/%.c $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(PLAT_POSIX_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(PLAT_POSIX_LIB): $(PLAT_POSIX_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(PLAT_POSIX_OBJ)

min-platform:
	@$(PLAT_RUN)

min-platform-aarch64:
	@$(PLAT_RUN) --arch aarch64

test-platform:
	@$(foreach s,$(filter $(PLAT_TESTS_SKIP),$(PLAT_TESTS)),echo "==== $(s): left out ($(PLAT_TESTS_SKIP_NOTE))";)
	@failed=; for s in $(PLAT_TESTS_RUN); do \
	  echo "==== $$s"; \
	  $(PLAT_ENV) $$s || failed="$$failed $$s"; \
	done; \
	if [ -n "$$failed" ]; then echo "test-platform: FAILED:$$failed"; exit 1; fi; \
	echo "test-platform: all passed ($(words $(PLAT_TESTS_RUN)) scripts)"

-include $(wildcard $(BUILD)/obj/platform/posix/*.d)
