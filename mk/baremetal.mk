# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# mk/baremetal.mk — the bare-metal examples (examples/baremetal/build.sh): Cortex-M
# firmware under qemu-system-arm (mps2-an386, core 'none') and a riscv64 kernel under
# qemu-system-riscv64 (virt, Sv39, core 'guard' and 'none'). Each must print the
# expected lines and make qemu exit with status 0; the build prints flash/RAM figures.
# Included by the top Makefile; every name here starts with BM_ or is the target below.
#
#   test-baremetal   build both, run both (outputs in $(BUILD)/baremetal/)
#
# The firmware's core leaves SIMD out, so the C it runs precompiled is written by a
# minwasm built the same way: $(BUILD)-nosimd/minwasm, made exactly as test-nosimd
# makes it (same flags, so neither step rebuilds the other's objects).

BM_ENV = BUILD='$(BUILD)'

.PHONY: test-baremetal

test-baremetal:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)-nosimd CFLAGS="$(CFLAGS) -DMW_SIMD=0" \
	  $(BUILD)-nosimd/minwasm >/dev/null
	@$(BM_ENV) examples/baremetal/build.sh
