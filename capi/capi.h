/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * capi.h — internals of minwasm's wasm.h implementation (the files of capi/). Not installed.
 *
 * Object model (doc/capi.md):
 *   - Types (valtype, functype, ...) and vectors are plain heap data (malloc: their
 *     constructors have no engine to allocate from).
 *   - Every reference object (func, global, table, memory, instance, module, trap,
 *     foreign) is one mwC_obj, whatever view (wasm_func_t, wasm_extern_t, wasm_ref_t)
 *     the program holds it through: the views are casts, so as_extern/as_ref/ref_as_*
 *     return the same pointer. copy adds an owner (rc), delete drops one.
 *   - Objects belong to a store (the module's object outlives it, see module.c) and are
 *     allocated with the engine's allocator. The store indexes them by the minwasm
 *     object they stand for, so an export fetched twice is the same wasm.h object (one
 *     host info). An object that was handed to wasm as a reference value is pinned:
 *     wasm may give it back at any time, so it stays until the store is deleted.
 */
#ifndef MW_CAPI_H
#define MW_CAPI_H

#include "minwasm.h"
#include "wasm.h"

typedef enum mwC_kind {
    MWC_FUNC = 0,       /* the extern kinds first, in wasm_externkind_t order */
    MWC_GLOBAL = 1,
    MWC_TABLE = 2,
    MWC_MEMORY = 3,
    MWC_INSTANCE,
    MWC_MODULE,
    MWC_TRAP,
    MWC_FOREIGN
} mwC_kind;

/* A compiled module shared by wasm.h module objects (also across threads): the
 * minwasm module and the bytes it was made from (for serialize). */
typedef struct mwC_modcore {
    int rc;                     /* atomic */
    wasm_engine_t *engine;
    mw_module *mod;
    uint8_t *bytes;             /* the .wasm or .cwasm bytes */
    size_t len;
    bool is_cwasm;
} mwC_modcore;

typedef struct mwC_obj mwC_obj;
typedef struct mwC_frame_data mwC_frame_data;

struct mwC_obj {
    mwC_kind kind;
    uint32_t rc;                /* owners outside the store */
    bool pinned;                /* handed to wasm: lives until the store is deleted */
    wasm_store_t *store;        /* NULL once the store is gone (modules only) */
    wasm_engine_t *engine;      /* allocates this object */
    void *host_info;
    void (*host_fin)(void *);
    mwC_obj *prev, *next;       /* the store's list */
    mwC_obj *hnext;             /* the store's index by key */
    void *key;                  /* the minwasm object (func/global/table/memory/instance) */
    union {
        mw_func *func;
        mw_global *global;
        mw_table *table;
        mw_memory *memory;
        mw_instance *instance;
        mwC_modcore *module;
        struct {
            char *msg;          /* NUL-terminated, msg_len counts the NUL */
            size_t msg_len;
            wasm_frame_t *frames;   /* array of nframes, engine memory */
            size_t nframes;
            bool traced;        /* frames already recorded */
        } trap;
    } u;
};

struct wasm_engine_t {
    mw_engine *mw;
    mw_alloc_fn alloc;
    void *alloc_ud;
};

struct wasm_config_t {
    mw_alloc_fn alloc;
    void *alloc_ud;
};

struct wasm_store_t {
    wasm_engine_t *engine;
    mw_store *mw;
    mwC_obj *objs;              /* every live object of the store */
    mwC_obj **index;            /* buckets by key */
    size_t index_cap, index_count;
    mwC_obj *pending_trap;      /* own trap a host callback returned, until its call ends */
};

struct wasm_frame_t {
    wasm_instance_t *instance;  /* borrowed, pinned: lives as long as the store */
    uint32_t func_index;
    size_t func_offset;
    size_t module_offset;
};

/* ---- memory (store.c) */
void *mwC_alloc(wasm_engine_t *e, size_t n);           /* zeroed */
void mwC_free(wasm_engine_t *e, void *p, size_t n);
void *mwC_xmalloc(size_t n);                           /* zeroed, libc */

/* ---- objects (ref.c) */
mwC_obj *mwC_obj_new(wasm_store_t *s, mwC_kind kind, void *key);
/* The store's object for a minwasm object (a new owner), creating it when needed. */
mwC_obj *mwC_obj_for(wasm_store_t *s, mwC_kind kind, void *key);
void mwC_obj_release(mwC_obj *o);
void mwC_obj_pin(mwC_obj *o);
void mwC_store_free_objects(wasm_store_t *s);

/* ---- values (func.c) */
mw_valtype mwC_valtype_to_mw(wasm_valkind_t k, bool *ok);
wasm_valkind_t mwC_valtype_from_mw(mw_valtype t, bool *ok);
/* wasm.h value -> minwasm value of type want; false (and msg) when it does not fit.
 * A reference is pinned in its store. */
bool mwC_val_to_mw(wasm_store_t *s, const wasm_val_t *v, mw_valtype want, mw_val *out,
                   const char **msg);
/* minwasm value -> own wasm.h value. */
void mwC_val_from_mw(wasm_store_t *s, const mw_val *v, wasm_val_t *out);
/* A ref argument (init values): NULL ref is null. */
bool mwC_ref_to_mw(wasm_store_t *s, const wasm_ref_t *r, mw_valtype want, mw_val *out);

/* ---- types (types.c) */
wasm_functype_t *mwC_functype_from_mw(const mw_functype *ft);
/* Fill a minwasm function type; *buf receives the array to free with free(). */
bool mwC_functype_to_mw(const wasm_functype_t *ft, mw_functype *out, mw_valtype **buf);
wasm_externtype_t *mwC_externtype_from_desc(const mw_import_export_desc *d);
wasm_limits_t mwC_limits_from_mw(const mw_limits *l);
mw_limits mwC_limits_to_mw(const wasm_limits_t *l);

/* ---- traps (trap.c) */
mwC_obj *mwC_trap_new(wasm_store_t *s, const char *msg, size_t len_with_nul);
mwC_obj *mwC_trap_fmt(wasm_store_t *s, const char *msg);
/* Record the store's last backtrace as the trap's trace (once). */
void mwC_trap_record(mwC_obj *trap);
/* The trap for an mw_error of a call: the host's own trap when it caused it. */
mwC_obj *mwC_trap_from_error(wasm_store_t *s, const mw_error *err);
void mwC_trap_free_data(mwC_obj *o);

/* ---- modules (module.c) */
void mwC_modcore_release(mwC_modcore *mc);

#define MWC_OBJ(p) ((mwC_obj *)(void *)(p))

#endif
