# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# mk/resume.mk — resumable calls (doc/resume.md): the round-robin scheduler example,
# built and run as a test step (it checks every task's result against an uninterrupted
# run and exits 1 on a difference). tests/unit/test_resume.c runs with `make unit`.
SCHEDULER := $(BUILD)/examples/scheduler

$(SCHEDULER): examples/scheduler/scheduler.c $(LIB) $(PLAT_LINK) $(FLAGFILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PLAT_LINK) $(HOST_LIBS)

.PHONY: test-scheduler
test-scheduler: $(SCHEDULER)
	@$(SCHEDULER)

# WASI programs in fuel slices give the same output (minwasm run --fuel-slice).
.PHONY: test-wasi-slices
test-wasi-slices: $(CLI)
	@tests/wasi-slices.sh $(CLI)
