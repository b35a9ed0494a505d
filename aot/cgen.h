/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * cgen.h — WebAssembly to C, the first half of the native tier (prefix mwa_).
 * A module the core has decoded and validated becomes one C file that any C11
 * compiler turns into native code; aot_abi.h is its interface with the core.
 */
#ifndef MWA_CGEN_H
#define MWA_CGEN_H

#include <stdio.h>
#include <stdbool.h>
#include "../include/minwasm.h"

typedef struct mwa_cgen_opts {
    bool bounds;             /* explicit bounds checks (vm, bounds); false: guard pages */
    const char *static_name; /* firmware C: the descriptor's name (the module's binary is
                                embedded); NULL: a .cwasm image with an init function */
} mwa_cgen_opts;

/* Write the C for module m to out. 0, or -1 with a message in err. */
int mwa_cgen(const mw_module *m, const mwa_cgen_opts *o, FILE *out, char *err, size_t cap);

/* The same in parts, for several modules in one file (one compiler run for many
 * modules): the embedded headers once (image: a .cwasm image, not firmware C; simd: some
 * module uses v128), then each module with its own prefix for C names and its own init
 * function. */
bool mwa_cgen_uses_simd(const mw_module *m);
int mwa_cgen_begin(FILE *out, bool image, bool simd);
int mwa_cgen_module(const mw_module *m, const mwa_cgen_opts *o, const char *pfx,
                    const char *init_name, FILE *out, char *err, size_t cap);

/* The name of the init function of a .cwasm image (exported by the shared object). */
#define MWA_INIT_SYMBOL "mwa_init"

#endif
