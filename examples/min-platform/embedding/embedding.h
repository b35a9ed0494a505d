/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * embedding.h — the interface between the min-platform host (host/host.c, a normal
 * Linux program) and the embedding (embedding.c + minwasm's src/, a shared object built
 * without any C library).
 *
 * The embedding exports exactly one function, minwasm_embedding_run. Everything it
 * needs from outside comes either through this structure (the module bytes, where to
 * write results, how to print) or from the platform library (mw_platform_* and
 * memcpy/memmove/memset/memcmp), which the host checks before loading it. With
 * MW_PLATFORM_CODE the mw_platform_* functions include mw_platform_publish_code.
 */
#ifndef MINWASM_EMBEDDING_H
#define MINWASM_EMBEDDING_H

#include <stddef.h>
#include <stdint.h>

struct mwa_module_desc;

/* One module, owned by the host: a .wasm binary, or a .cwasm written by `minwasm
 * compile` for this target and core configuration (the embedding tells them apart by
 * their first bytes); or, when desc is not NULL, a module precompiled to C (`minwasm
 * compile --emit-c`) and linked into the program, used in place (mw_module_new_static;
 * bytes is then ignored: examples/baremetal runs it from a microcontroller's flash). */
struct mw_embedding_wasm {
    const uint8_t *bytes;
    size_t len;
    const struct mwa_module_desc *desc;
};

/* Receives bytes a wasm program prints (the hello example). */
typedef void (*mw_embedding_print_fn)(void *ctx, const char *bytes, size_t len);

struct mw_embedding_modules {
    struct mw_embedding_wasm smoke;          /* (module) */
    struct mw_embedding_wasm simple_add;     /* add(i32, i32) -> i32 */
    struct mw_embedding_wasm simple_host_fn; /* imports host.multiply; add_and_mul */
    struct mw_embedding_wasm simple_floats;  /* frob(f32, f32) -> f32 */
    struct mw_embedding_wasm out_of_bounds;  /* load(i32) -> i32 on a 1-page memory */
    struct mw_embedding_wasm data_image;     /* a 1 MiB data segment; load32 / store32 */
    struct mw_embedding_wasm hello;          /* imports host.print; run() */

    mw_embedding_print_fn print;   /* the output of wasm programs */
    void *print_ctx;

    /* One result line per example ("name: result\n") is appended here; *out_len is
     * updated (the text is NUL-terminated when there is room). */
    char *out;
    size_t out_cap;
    size_t *out_len;
};

/* The name of the entry point, for dlsym. */
#define MW_EMBEDDING_ENTRY "minwasm_embedding_run"

/*
 * Run every example; each result line ends with " [native]" or " [interpreted]", the
 * tier that ran its module. Returns 0 when all succeeded, or else the length of the
 * message (about the first failure) written to err_buf, NUL-terminated, truncated to
 * err_cap.
 */
typedef int (*mw_embedding_run_fn)(char *err_buf, size_t err_cap,
                                   const struct mw_embedding_modules *mods);

int minwasm_embedding_run(char *err_buf, size_t err_cap,
                          const struct mw_embedding_modules *mods);

#endif
