/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * minwasm_linux.h — extras of the raw-syscall Linux platform (platform/linux), beyond
 * minwasm_platform.h.
 *
 * Native traps need an alternate signal stack in every thread that runs wasm, so that
 * the fault handler can run even when the fault came from stack exhaustion.
 * mw_platform_init_traps sets one up for the thread that calls it (the one creating an
 * engine); every other thread that calls into wasm must call mw_linux_thread_init()
 * first.
 */
#ifndef MINWASM_LINUX_H
#define MINWASM_LINUX_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Give the calling thread an alternate signal stack (64 KiB plus a 64 KiB guard) unless
 * it already has one of at least 16 KiB. Idempotent. Returns 0 or an errno value.
 */
int mw_linux_thread_init(void);

/*
 * Remove and free the stack mw_linux_thread_init allocated for the calling thread (if
 * any, and if it is still the thread's alternate stack). Call it before the thread
 * exits; otherwise the 128 KiB mapping leaks. Not while the thread runs wasm.
 */
void mw_linux_thread_exit(void);

#ifdef __cplusplus
}
#endif
#endif
