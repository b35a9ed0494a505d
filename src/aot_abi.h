/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * aot_abi.h — the interface between the core and native code that `minwasm compile`
 * generated (aot/cgen.c). The generated C embeds this file, so both sides agree on
 * every layout; MWA_ABI_VERSION changes with any change here and a .cwasm or static
 * module of another version is refused. See doc/aot.md.
 *
 * Native code calls nothing but the functions in mwa_rt, which the core passes in each
 * instance's mwa_ctx. Traps do not jump: the function where a trap arises records it
 * (rt->trap, which also sets sh->trap), and every native caller tests sh->trap after a
 * call and returns at once, naming itself for the backtrace (rt->frame). The entry
 * wrapper of each function turns that into a trap code for the core.
 */
#ifndef MW_AOT_ABI_H
#define MW_AOT_ABI_H

#include <stdint.h>

#define MWA_ABI_VERSION 1u

struct mwa_ctx;

/* Per store, read by native code on its fast paths. */
typedef struct mwa_shared {
    uint32_t poll;             /* MWI_POLL_* bits: fuel accounting on, interrupt pending */
    uint32_t trap;             /* non-zero while a trap unwinds native frames */
    uintptr_t stack_limit;     /* native frames below this address trap (stack exhausted) */
} mwa_shared;

/* Memory 0 as native code sees it: reloaded after every call and memory.grow. */
typedef struct mwa_memview {
    uint8_t *data;
    uint64_t size;             /* bytes */
} mwa_memview;

/* A function's entry for callers that hold its arguments in slots (the core, and the
 * slow path of call_indirect): arguments in args[], results written back to args[]
 * (v128: two slots). Returns 0 or a trap code. */
typedef uint32_t (*mwa_entry)(struct mwa_ctx *ctx, uint64_t *args);

/* The runtime. Functions returning uint32_t return 0 or a trap code; on a trap they
 * have already recorded it, as rt->trap does. */
typedef struct mwa_rt {
    /* Record a trap arising in native function func. */
    void (*trap)(struct mwa_ctx *c, uint32_t code, uint32_t func);
    /* Append native function func to the backtrace of the trap unwinding. */
    void (*frame)(struct mwa_ctx *c, uint32_t func);
    /* Fuel or interrupt pending (sh->poll != 0): charge 1 + extra units of fuel. */
    uint32_t (*poll)(struct mwa_ctx *c, uint64_t extra);
    /* Call function func of the instance (an import) with arguments in slots. */
    uint32_t (*call)(struct mwa_ctx *c, uint32_t func, uint64_t *args);
    /* call_indirect fast path: the typed entry of element idx of table tab when it is a
     * native function of type `type` (and *callee its context); NULL for anything else,
     * including every case that traps, which the slow path reports. */
    const void *(*resolve)(struct mwa_ctx *c, uint32_t tab, uint32_t type, uint32_t idx,
                           struct mwa_ctx **callee);
    /* call_indirect slow path: check and call with arguments in slots. */
    uint32_t (*call_indirect)(struct mwa_ctx *c, uint32_t tab, uint32_t type, uint32_t idx,
                              uint64_t *args);
    uint32_t (*memory_grow)(struct mwa_ctx *c, uint32_t delta);   /* old pages or -1 */
    uint32_t (*memory_fill)(struct mwa_ctx *c, uint32_t d, uint32_t val, uint32_t n);
    uint32_t (*memory_copy)(struct mwa_ctx *c, uint32_t d, uint32_t s, uint32_t n);
    uint32_t (*memory_init)(struct mwa_ctx *c, uint32_t seg, uint32_t d, uint32_t s, uint32_t n);
    void (*data_drop)(struct mwa_ctx *c, uint32_t seg);
    uint32_t (*table_get)(struct mwa_ctx *c, uint32_t tab, uint32_t i, uint64_t *out);
    uint32_t (*table_set)(struct mwa_ctx *c, uint32_t tab, uint32_t i, uint64_t v);
    uint32_t (*table_size)(struct mwa_ctx *c, uint32_t tab);
    /* *old gets the old size or -1. */
    uint32_t (*table_grow)(struct mwa_ctx *c, uint32_t tab, uint64_t init, uint32_t n,
                           uint32_t *old);
    uint32_t (*table_fill)(struct mwa_ctx *c, uint32_t tab, uint32_t i, uint64_t v, uint32_t n);
    uint32_t (*table_copy)(struct mwa_ctx *c, uint32_t dt, uint32_t st, uint32_t d, uint32_t s,
                           uint32_t n);
    uint32_t (*table_init)(struct mwa_ctx *c, uint32_t tab, uint32_t seg, uint32_t d,
                           uint32_t s, uint32_t n);
    void (*elem_drop)(struct mwa_ctx *c, uint32_t seg);
} mwa_rt;

/* One per instance of a native module. */
typedef struct mwa_ctx {
    const mwa_rt *rt;
    mwa_shared *sh;
    const mwa_memview *mem;    /* memory 0, or NULL */
    uint64_t *const *globals;  /* each global's value (v128: two slots, low first) */
    void *const *funcs;        /* each function's reference (ref.func): an mw_func * */
    void *inst;                /* the core's instance (opaque here) */
} mwa_ctx;

/* What the generated code gives the core: filled by its init function (a .cwasm) or
 * defined as a constant (firmware C, mw_module_new_static). */
typedef struct mwa_module_desc {
    uint32_t abi;              /* MWA_ABI_VERSION */
    uint32_t config;           /* MWA_CFG_* the code was generated for */
    uint32_t nfuncs;           /* functions defined by the module (imports excluded) */
    uint32_t wasm_len;         /* static modules: the module's binary */
    const uint8_t *wasm;
    const mwa_entry *entries;  /* per defined function: slot entry */
    const void *const *typed;  /* per defined function: the typed C function */
} mwa_module_desc;

/* Configuration bits the generated code depends on. */
#define MWA_CFG_BOUNDS 1u      /* explicit bounds checks (vm and bounds); else guard pages */
#define MWA_CFG_SIMD 2u        /* the core holds v128 values (MW_SIMD) */

#endif
