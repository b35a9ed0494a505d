/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * capi.h — internals of minwasm's wasm.h implementation (the files of capi/). Not installed.
 *
 * Object model (doc/capi.md):
 *   - Types (valtype, functype, ...) and vectors are plain heap data (malloc: their
 *     constructors have no engine to allocate from).
 *   - Every reference object (func, global, table, memory, instance, module, trap,
 *     foreign) is one mwG_obj, whatever view (wasm_func_t, wasm_extern_t, wasm_ref_t)
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

/* capi's internal names (mwG_: the glue between wasm.h and minwasm.h) stay out of the
 * shared library's interface. */
#if defined(__GNUC__) || defined(__clang__)
#  pragma GCC visibility push(hidden)
#endif

typedef enum mwG_kind {
    MWG_FUNC = 0,       /* the extern kinds first, in wasm_externkind_t order */
    MWG_GLOBAL = 1,
    MWG_TABLE = 2,
    MWG_MEMORY = 3,
    MWG_INSTANCE,
    MWG_MODULE,
    MWG_TRAP,
    MWG_FOREIGN
} mwG_kind;

/* A compiled module shared by wasm.h module objects (also across threads): the
 * minwasm module and the bytes it was made from (for serialize). */
typedef struct mwG_modcore {
    int rc;                     /* atomic */
    wasm_engine_t *engine;
    mw_module *mod;
    uint8_t *bytes;             /* the .wasm or .cwasm bytes */
    size_t len;
    bool is_cwasm;
} mwG_modcore;

typedef struct mwG_obj mwG_obj;
typedef struct mwG_frame_data mwG_frame_data;

struct mwG_obj {
    mwG_kind kind;
    uint32_t rc;                /* owners outside the store */
    bool pinned;                /* handed to wasm: lives until the store is deleted */
    wasm_store_t *store;        /* NULL once the store is gone (modules only) */
    wasm_engine_t *engine;      /* allocates this object */
    void *host_info;
    void (*host_fin)(void *);
    mwG_obj *prev, *next;       /* the store's list */
    mwG_obj *hnext;             /* the store's index by key */
    void *key;                  /* the minwasm object (func/global/table/memory/instance) */
    union {
        mw_func *func;
        mw_global *global;
        mw_table *table;
        mw_memory *memory;
        mw_instance *instance;
        mwG_modcore *module;
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
    mwG_obj *objs;              /* every live object of the store */
    mwG_obj **index;            /* buckets by key */
    size_t index_cap, index_count;
    mwG_obj *pending_trap;      /* own trap a host callback returned, until its call ends */
};

struct wasm_frame_t {
    wasm_instance_t *instance;  /* borrowed, pinned: lives as long as the store */
    uint32_t func_index;
    size_t func_offset;
    size_t module_offset;
};

/* ---- memory (store.c) */
void *mwG_alloc(wasm_engine_t *e, size_t n);           /* zeroed */
void mwG_free(wasm_engine_t *e, void *p, size_t n);
void *mwG_xmalloc(size_t n);                           /* zeroed, libc */

/* ---- objects (ref.c) */
mwG_obj *mwG_obj_new(wasm_store_t *s, mwG_kind kind, void *key);
/* The store's object for a minwasm object (a new owner), creating it when needed. */
mwG_obj *mwG_obj_for(wasm_store_t *s, mwG_kind kind, void *key);
void mwG_obj_release(mwG_obj *o);
void mwG_obj_pin(mwG_obj *o);
void mwG_store_free_objects(wasm_store_t *s);

/* ---- values (func.c) */
mw_valtype mwG_valtype_to_mw(wasm_valkind_t k, bool *ok);
wasm_valkind_t mwG_valtype_from_mw(mw_valtype t, bool *ok);
/* wasm.h value -> minwasm value of type want; false (and msg) when it does not fit.
 * A reference is pinned in its store. */
bool mwG_val_to_mw(wasm_store_t *s, const wasm_val_t *v, mw_valtype want, mw_val *out,
                   const char **msg);
/* minwasm value -> own wasm.h value. */
void mwG_val_from_mw(wasm_store_t *s, const mw_val *v, wasm_val_t *out);
/* A ref argument (init values): NULL ref is null. */
bool mwG_ref_to_mw(wasm_store_t *s, const wasm_ref_t *r, mw_valtype want, mw_val *out);

/* ---- types (types.c) */
wasm_functype_t *mwG_functype_from_mw(const mw_functype *ft);
/* Fill a minwasm function type; *buf receives the array to free with free(). */
bool mwG_functype_to_mw(const wasm_functype_t *ft, mw_functype *out, mw_valtype **buf);
wasm_externtype_t *mwG_externtype_from_desc(const mw_import_export_desc *d);
wasm_limits_t mwG_limits_from_mw(const mw_limits *l);
mw_limits mwG_limits_to_mw(const wasm_limits_t *l);

/* ---- traps (trap.c) */
mwG_obj *mwG_trap_new(wasm_store_t *s, const char *msg, size_t len_with_nul);
mwG_obj *mwG_trap_fmt(wasm_store_t *s, const char *msg);
/* Record the store's last backtrace as the trap's trace (once). */
void mwG_trap_record(mwG_obj *trap);
/* The trap for an mw_error of a call: the host's own trap when it caused it. */
mwG_obj *mwG_trap_from_error(wasm_store_t *s, const mw_error *err);
void mwG_trap_free_data(mwG_obj *o);

/* ---- modules (module.c) */
void mwG_modcore_release(mwG_modcore *mc);

#define MWG_OBJ(p) ((mwG_obj *)(void *)(p))

#if defined(__GNUC__) || defined(__clang__)
#  pragma GCC visibility pop
#endif

#endif
