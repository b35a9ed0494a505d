/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * compile.h — `minwasm compile`: a module to native code through the C compiler
 * (prefix mwa_). See doc/aot.md.
 */
#ifndef MWA_COMPILE_H
#define MWA_COMPILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct mwa_compile_opts {
    const char *target;      /* "x86_64", "aarch64", "riscv64"; NULL: this machine */
    const char *cc;          /* the C compiler command (may hold flags); NULL: $CC, or
                                cc for this machine and the Debian cross compiler else */
    int opt;                 /* -O level (0..3); -1: 2 */
    int bounds;              /* 1: code for cores with bounds checks (vm, bounds), 0: for
                                guard pages, -1: as this build of minwasm */
    const char *emit_c;      /* not NULL: write firmware C whose descriptor has this name */
    bool verbose;            /* print the compiler command */
} mwa_compile_opts;

void mwa_compile_opts_init(mwa_compile_opts *o);

/* Identifies this translator build (the code it generates), for caches of .cwasm files. */
const char *mwa_build_id(void);

/* Compile the module in wasm[0..len) to out_path (.cwasm, or C with emit_c). 0, or -1
 * with a message in err. */
int mwa_compile(const uint8_t *wasm, size_t len, const char *out_path,
                const mwa_compile_opts *o, char *err, size_t cap);

/* The same for n modules (.cwasm only) with one run of the C compiler: each .cwasm
 * then holds the code of all n, and runs its own. The spec runner batches this way. */
int mwa_compile_batch(const uint8_t *const *wasm, const size_t *len, const char *const *out,
                      size_t n, const mwa_compile_opts *o, char *err, size_t cap);

#endif
