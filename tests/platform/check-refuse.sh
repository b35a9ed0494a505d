#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# check-refuse.sh — the min-platform host must refuse an embedding that calls a C
# library function (strlen, from tests/platform/uses_libc.c), naming the symbol.
exec "$(dirname "$0")/../../examples/min-platform/build.sh" --check-refuses-libc "$@"
