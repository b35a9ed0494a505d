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

/* The name of the init function of a .cwasm image (exported by the shared object). */
#define MWA_INIT_SYMBOL "mwa_init"

#endif
