# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# mk/wast.mk — the spec script runner (`minwasm wast`, cli/wast.c), included by Makefile.
#
#   make spec-report   the WebAssembly 3.0 testsuite (../shared/spec-testsuite-3.0, or
#                      MINWASM_SPEC3_DIR), file by file, into doc/conformance.md
#                      (tests/spec-report.sh); fails when a top-level file has a failure
#   make test-wast     the runner's own tests (tests/wast-runner.sh): it fails what it must
#                      fail, skips by feature, passes what it must pass
# (`make spec` and `make spec-switch` run the 2.0 suite with `minwasm wast`: Makefile.)

.PHONY: spec-report test-wast

spec-report: $(CLI)
	@tests/spec-report.sh $(CLI)

test-wast: $(CLI)
	@tests/wast-runner.sh $(CLI)
