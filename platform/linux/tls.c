/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * tls.c — the thread-local-storage group of the platform API: one pointer per thread.
 *
 * initial-exec: the variable lives in the static TLS block and is reached from the
 * thread pointer with one load, so no __tls_get_addr call (which may allocate, and is
 * not signal-safe) is needed, even in a shared library. A library loaded with dlopen
 * takes its place in the C library's reserve of static TLS (8 bytes here). On a system
 * without a C library, whoever creates threads must set the thread pointer up.
 */
#include "minwasm_platform.h"

static __thread void *tls_slot __attribute__((tls_model("initial-exec")));

void *mw_platform_tls_get(void) { return tls_slot; }

void mw_platform_tls_set(void *ptr) { tls_slot = ptr; }
