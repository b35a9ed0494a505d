/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * minwasm_posix.h — extras of the POSIX platform (platform/posix), beyond
 * minwasm_platform.h.
 *
 * Native traps need an alternate signal stack in every thread that runs wasm, so that
 * the fault handler can run even when the fault came from stack exhaustion.
 * mw_platform_init_traps sets one up for the thread that calls it (the one creating an
 * engine), and every other thread gets one automatically on its first call into wasm
 * (mw_platform_setjmp), freed when the thread exits. mw_posix_thread_init() does it
 * eagerly (e.g. to see an error, or before a thread with a small stack runs wasm).
 */
#ifndef MINWASM_POSIX_H
#define MINWASM_POSIX_H

#ifdef __cplusplus
extern "C" {
#endif

/* Give the calling thread an alternate signal stack (64 KiB plus a guard) unless it
 * already has one of at least 16 KiB. Idempotent. Returns 0 or an errno value. */
int mw_posix_thread_init(void);

/* Remove and free the stack mw_posix_thread_init allocated for the calling thread (if
 * it is still the thread's alternate stack). Done automatically at thread exit; call it
 * to free the stack earlier. */
void mw_posix_thread_exit(void);

#ifdef __cplusplus
}
#endif
#endif
