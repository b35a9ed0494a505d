/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * capi.h — internals of minwasm's wasm.h implementation (the files of capi/). Not installed.
 *
 * Object model (doc/capi.md):
 *   - Types (valtype, functype, ...) and vectors are plain heap data (malloc: their
 *     constructors have no engine to allocate from).
 *   - Every reference object (func, global, table, memory, instance, module, trap,
 *     foreign) is one mwW_obj, whatever view (wasm_func_t, wasm_extern_t, wasm_ref_t)
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

/* capi's internal names (mwW_) stay out of the shared library's interface. */
#if defined(__GNUC__) || defined(__clang__)
#  pragma GCC visibility push(hidden)
#endif

typedef enum mwW_kind {
    MWW_FUNC = 0,       /* the extern kinds first, in wasm_externkind_t order */
    MWW_GLOBAL = 1,
    MWW_TABLE = 2,
    MWW_MEMORY = 3,
    MWW_INSTANCE,
    MWW_MODULE,
    MWW_TRAP,
    MWW_FOREIGN
} mwW_kind;

/* A compiled module shared by wasm.h module objects (also across threads): the
 * minwasm module and the bytes it was made from (for serialize). */
typedef struct mwW_modcore {
    int rc;                     /* atomic */
    wasm_engine_t *engine;
    mw_module *mod;
    uint8_t *bytes;             /* the .wasm or .cwasm bytes */
    size_t len;
    bool is_cwasm;
} mwW_modcore;

typedef struct mwW_obj mwW_obj;
typedef struct mwW_frame_data mwW_frame_data;

struct mwW_obj {
    mwW_kind kind;
    uint32_t rc;                /* owners outside the store */
    bool pinned;                /* handed to wasm: lives until the store is deleted */
    wasm_store_t *store;        /* NULL once the store is gone (modules only) */
    wasm_engine_t *engine;      /* allocates this object */
    void *host_info;
    void (*host_fin)(void *);
    mwW_obj *prev, *next;       /* the store's list */
    mwW_obj *hnext;             /* the store's index by key */
    void *key;                  /* the minwasm object (func/global/table/memory/instance) */
    union {
        mw_func *func;
        mw_global *global;
        mw_table *table;
        mw_memory *memory;
        mw_instance *instance;
        mwW_modcore *module;
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
    mwW_obj *objs;              /* every live object of the store */
    mwW_obj **index;            /* buckets by key */
    size_t index_cap, index_count;
    mwW_obj *pending_trap;      /* own trap a host callback returned, until its call ends */
};

struct wasm_frame_t {
    wasm_instance_t *instance;  /* borrowed, pinned: lives as long as the store */
    uint32_t func_index;
    size_t func_offset;
    size_t module_offset;
};

/* ---- memory (store.c) */
void *mwW_alloc(wasm_engine_t *e, size_t n);           /* zeroed */
void mwW_free(wasm_engine_t *e, void *p, size_t n);
void *mwW_xmalloc(size_t n);                           /* zeroed, libc */

/* ---- objects (ref.c) */
mwW_obj *mwW_obj_new(wasm_store_t *s, mwW_kind kind, void *key);
/* The store's object for a minwasm object (a new owner), creating it when needed. */
mwW_obj *mwW_obj_for(wasm_store_t *s, mwW_kind kind, void *key);
void mwW_obj_release(mwW_obj *o);
void mwW_obj_pin(mwW_obj *o);
void mwW_store_free_objects(wasm_store_t *s);

/* ---- values (func.c) */
mw_valtype mwW_valtype_to_mw(wasm_valkind_t k, bool *ok);
wasm_valkind_t mwW_valtype_from_mw(mw_valtype t, bool *ok);
/* wasm.h value -> minwasm value of type want; false (and msg) when it does not fit.
 * A reference is pinned in its store. */
bool mwW_val_to_mw(wasm_store_t *s, const wasm_val_t *v, mw_valtype want, mw_val *out,
                   const char **msg);
/* minwasm value -> own wasm.h value. */
void mwW_val_from_mw(wasm_store_t *s, const mw_val *v, wasm_val_t *out);
/* A ref argument (init values): NULL ref is null. */
bool mwW_ref_to_mw(wasm_store_t *s, const wasm_ref_t *r, mw_valtype want, mw_val *out);

/* ---- types (types.c) */
wasm_functype_t *mwW_functype_from_mw(const mw_functype *ft);
/* Fill a minwasm function type; *buf receives the array to free with free(). */
bool mwW_functype_to_mw(const wasm_functype_t *ft, mw_functype *out, mw_valtype **buf);
wasm_externtype_t *mwW_externtype_from_desc(const mw_import_export_desc *d);
wasm_limits_t mwW_limits_from_mw(const mw_limits *l);
mw_limits mwW_limits_to_mw(const wasm_limits_t *l);

/* ---- traps (trap.c) */
mwW_obj *mwW_trap_new(wasm_store_t *s, const char *msg, size_t len_with_nul);
mwW_obj *mwW_trap_fmt(wasm_store_t *s, const char *msg);
/* Record the store's last backtrace as the trap's trace (once). */
void mwW_trap_record(mwW_obj *trap);
/* The trap for an mw_error of a call: the host's own trap when it caused it. */
mwW_obj *mwW_trap_from_error(wasm_store_t *s, const mw_error *err);
void mwW_trap_free_data(mwW_obj *o);

/* ---- modules (module.c) */
void mwW_modcore_release(mwW_modcore *mc);

#define MWW_OBJ(p) ((mwW_obj *)(void *)(p))

#if defined(__GNUC__) || defined(__clang__)
#  pragma GCC visibility pop
#endif

#endif
