/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * minwasm_wasi.h — WASI preview 1 (wasi_snapshot_preview1) for minwasm, on POSIX hosts.
 *
 * This part is hosted C and lives apart from the freestanding core: it is registered
 * through the ordinary linker, so an embedder can add it, leave it out, or replace single
 * functions (a later mw_linker_define_func of the same module/name replaces ours).
 *
 *     mw_wasi_config cfg;
 *     mw_wasi_config_init(&cfg);                 // stdio = host fds 0, 1, 2
 *     cfg.argv = argv; cfg.argc = argc;
 *     cfg.preopens = dirs; cfg.npreopens = ndirs;
 *     mw_wasi *wasi;
 *     mw_wasi_new(&cfg, &wasi, &err);
 *     mw_wasi_define(linker, wasi, &err);        // all 46 functions
 *     ... instantiate, call "_start" ...
 *     // MW_TRAP_EXIT with err.exit_code when the guest called proc_exit
 *     mw_wasi_delete(wasi);                      // after the last call into the guest
 *
 * Sandbox: the guest sees only the directories it is given (pre-opened as fds 3, 4, ...).
 * Every path is resolved by minwasm itself, one component at a time from the pre-opened
 * directory, following symbolic links itself (at most 40 per lookup); `..` above the
 * pre-opened directory, absolute paths and symbolic links whose target leaves it are
 * refused with ERRNO_PERM (what WASI's testsuite expects; wasmtime and wazero do the
 * same). Guest pointers and lengths are checked against the memory (64-bit
 * arithmetic); a bad one gives ERRNO_FAULT, never a host access.
 *
 * Guest file descriptors: 0, 1, 2 are stdio (absent when the configured host fd is -1),
 * then the pre-opened directories in configuration order, then the sockets of
 * mw_wasi_config.sockets. The context dup()s every host fd it is given: closing them in
 * the guest never closes the embedder's. File status flags (O_NONBLOCK, O_APPEND) are
 * shared with the embedder's descriptors, as with any dup().
 *
 * A context holds host resources (fds) and is used by one store at a time, on one
 * thread; only mw_wasi_interrupt may be called from another thread.
 */
#ifndef MINWASM_WASI_H
#define MINWASM_WASI_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "minwasm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MW_WASI_MODULE "wasi_snapshot_preview1"

/* A host directory given to the guest under the name guest_path (NULL: host_path). */
typedef struct mw_wasi_preopen {
    const char *host_path;
    const char *guest_path;
} mw_wasi_preopen;

/* mw_wasi_config.flags */
#define MW_WASI_NO_OPENAT2 0x1u   /* Linux: never use openat2(RESOLVE_BENEATH) as a fast
                                     path for path_open; always walk components (tests) */

typedef struct mw_wasi_config {
    const char *const *argv;    /* argc strings (argv[0] is the program name by custom) */
    size_t argc;
    const char *const *envp;    /* envc "NAME=VALUE" strings; nothing is inherited */
    size_t envc;
    const mw_wasi_preopen *preopens;
    size_t npreopens;
    int stdin_fd, stdout_fd, stderr_fd;   /* host fds, dup()ed; -1 = none in the guest */
    const int *sockets;         /* host sockets (connected or listening), dup()ed */
    size_t nsockets;
    uint32_t flags;             /* MW_WASI_* */
} mw_wasi_config;

typedef struct mw_wasi mw_wasi;

/* Zero everything and set stdin/stdout/stderr to host fds 0, 1, 2. */
void mw_wasi_config_init(mw_wasi_config *cfg);

/*
 * Create a context: copies the strings, opens the pre-opened directories and dup()s the
 * fds. Fails with MW_ERR_ARG (a directory or fd that cannot be opened; msg names it) or
 * MW_ERR_NOMEM.
 */
mw_result mw_wasi_new(const mw_wasi_config *cfg, mw_wasi **out, mw_error *err);
/* Close every fd the guest still has and free the context. NULL is ignored. */
void mw_wasi_delete(mw_wasi *ctx);

/* Define all 46 functions of wasi_snapshot_preview1 in l, with ctx as their env. */
mw_result mw_wasi_define(mw_linker *l, mw_wasi *ctx, mw_error *err);

/* The code the guest passed to proc_exit, or -1 when it has not called it. */
int64_t mw_wasi_exit_code(const mw_wasi *ctx);

/*
 * Wake a blocking WASI call (poll_oneoff, fd_read of a pipe, terminal or socket,
 * sock_accept, ...): it returns ERRNO_INTR to the guest. If no call is blocked, the next
 * blocking call returns at once (the wake-up is consumed by one call). Meant to be used
 * together with mw_store_interrupt, which then traps the guest at its next call or loop.
 * Safe from any thread and from a signal handler.
 */
void mw_wasi_interrupt(mw_wasi *ctx);

/* The number of functions mw_wasi_define defines, and their names (for tools/tests). */
size_t mw_wasi_func_count(void);
const char *mw_wasi_func_name(size_t i);

#ifdef __cplusplus
}
#endif
#endif
