/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * ref.c — wasm.h reference objects: their life (owners, pinning, the store's list and
 * index), copy/same/host info and the views as wasm_ref_t, for every reference kind;
 * wasm_ref_t itself and foreign objects.
 */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

/* ------------------------------------------------------------------ the store's index */

static size_t hash_ptr(const void *p, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)p;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (cap - 1);
}

static bool index_grow(wasm_store_t *s)
{
    size_t cap = s->index_cap ? s->index_cap * 2 : 64;
    mwG_obj **b = mwG_alloc(s->engine, cap * sizeof *b);
    if (!b) return false;
    for (size_t i = 0; i < s->index_cap; i++) {
        for (mwG_obj *o = s->index[i], *n; o; o = n) {
            n = o->hnext;
            size_t h = hash_ptr(o->key, cap);
            o->hnext = b[h];
            b[h] = o;
        }
    }
    mwG_free(s->engine, s->index, s->index_cap * sizeof *s->index);
    s->index = b;
    s->index_cap = cap;
    return true;
}

static mwG_obj *index_find(wasm_store_t *s, const void *key)
{
    if (!s->index_cap) return NULL;
    for (mwG_obj *o = s->index[hash_ptr(key, s->index_cap)]; o; o = o->hnext)
        if (o->key == key) return o;
    return NULL;
}

static void index_remove(wasm_store_t *s, mwG_obj *o)
{
    mwG_obj **pp = &s->index[hash_ptr(o->key, s->index_cap)];
    while (*pp && *pp != o) pp = &(*pp)->hnext;
    if (*pp) *pp = o->hnext;
    s->index_count--;
}

/* ------------------------------------------------------------------ objects */

mwG_obj *mwG_obj_new(wasm_store_t *s, mwG_kind kind, void *key)
{
    if (key && s->index_count + 1 > s->index_cap && !index_grow(s)) return NULL;
    mwG_obj *o = mwG_alloc(s->engine, sizeof *o);
    if (!o) return NULL;
    o->kind = kind;
    o->rc = 1;
    o->store = s;
    o->engine = s->engine;
    o->key = key;
    o->next = s->objs;
    if (s->objs) s->objs->prev = o;
    s->objs = o;
    if (key) {
        size_t h = hash_ptr(key, s->index_cap);
        o->hnext = s->index[h];
        s->index[h] = o;
        s->index_count++;
    }
    return o;
}

mwG_obj *mwG_obj_for(wasm_store_t *s, mwG_kind kind, void *key)
{
    mwG_obj *o = index_find(s, key);
    if (o) {
        o->rc++;
        return o;
    }
    o = mwG_obj_new(s, kind, key);
    if (o && kind == MWG_FUNC) o->u.func = key;
    else if (o && kind == MWG_GLOBAL) o->u.global = key;
    else if (o && kind == MWG_TABLE) o->u.table = key;
    else if (o && kind == MWG_MEMORY) o->u.memory = key;
    else if (o && kind == MWG_INSTANCE) o->u.instance = key;
    return o;
}

static void unlink_obj(mwG_obj *o)
{
    wasm_store_t *s = o->store;
    if (!s) return;
    if (o->prev) o->prev->next = o->next;
    else s->objs = o->next;
    if (o->next) o->next->prev = o->prev;
    if (o->key) index_remove(s, o);
    o->prev = o->next = NULL;
    o->store = NULL;
}

static void destroy(mwG_obj *o)
{
    if (o->host_fin) {
        void (*fin)(void *) = o->host_fin;
        o->host_fin = NULL;
        fin(o->host_info);
    }
    unlink_obj(o);
    if (o->kind == MWG_TRAP) mwG_trap_free_data(o);
    else if (o->kind == MWG_MODULE) mwG_modcore_release(o->u.module);
    mwG_free(o->engine, o, sizeof *o);
}

void mwG_obj_release(mwG_obj *o)
{
    if (!o) return;
    if (o->rc > 0) o->rc--;
    if (o->rc == 0 && !o->pinned) destroy(o);
}

void mwG_obj_pin(mwG_obj *o) { o->pinned = true; }

void mwG_store_free_objects(wasm_store_t *s)
{
    while (s->objs) {
        mwG_obj *o = s->objs;
        if (o->kind == MWG_MODULE) {
            /* A module is the engine's: it outlives the store while someone owns it. */
            unlink_obj(o);
            o->pinned = false;
            if (o->rc == 0) destroy(o);
        } else {
            destroy(o);
        }
    }
    if (s->pending_trap) s->pending_trap = NULL;   /* freed above with the others */
}

static bool obj_same(const mwG_obj *a, const mwG_obj *b)
{
    if (a == b) return true;
    if (!a || !b || a->kind != b->kind) return false;
    if (a->kind == MWG_MODULE) return a->u.module == b->u.module;
    return a->key != NULL && a->key == b->key;
}

/* ------------------------------------------------------------------ per-kind functions */

#define MWG_REF_BASE(name) \
    wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *r) \
    { \
        mwG_obj *o = MWG_OBJ(r); \
        if (o) o->rc++; \
        return (wasm_##name##_t *)o; \
    } \
    void wasm_##name##_delete(wasm_##name##_t *r) { mwG_obj_release(MWG_OBJ(r)); } \
    bool wasm_##name##_same(const wasm_##name##_t *a, const wasm_##name##_t *b) \
    { \
        return obj_same(MWG_OBJ(a), MWG_OBJ(b)); \
    } \
    void *wasm_##name##_get_host_info(const wasm_##name##_t *r) \
    { \
        return r ? MWG_OBJ(r)->host_info : NULL; \
    } \
    void wasm_##name##_set_host_info(wasm_##name##_t *r, void *info) \
    { \
        if (!r) return; \
        MWG_OBJ(r)->host_info = info; \
        MWG_OBJ(r)->host_fin = NULL; \
    } \
    void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *r, void *info, \
                                                    void (*fin)(void *)) \
    { \
        if (!r) return; \
        MWG_OBJ(r)->host_info = info; \
        MWG_OBJ(r)->host_fin = fin; \
    }

/* KIND_OK(o) says whether object o is of this reference kind. */
#define MWG_REF(name, KIND_OK) \
    MWG_REF_BASE(name) \
    wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *r) { return (wasm_ref_t *)(void *)r; } \
    const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *r) \
    { \
        return (const wasm_ref_t *)(const void *)r; \
    } \
    wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *r) \
    { \
        mwG_obj *o = MWG_OBJ(r); \
        return o && (KIND_OK) ? (wasm_##name##_t *)(void *)o : NULL; \
    } \
    const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *r) \
    { \
        const mwG_obj *o = (const mwG_obj *)(const void *)r; \
        return o && (KIND_OK) ? (const wasm_##name##_t *)(const void *)o : NULL; \
    }

MWG_REF_BASE(ref)
MWG_REF(func, o->kind == MWG_FUNC)
MWG_REF(global, o->kind == MWG_GLOBAL)
MWG_REF(table, o->kind == MWG_TABLE)
MWG_REF(memory, o->kind == MWG_MEMORY)
MWG_REF(extern, o->kind <= MWG_MEMORY)
MWG_REF(instance, o->kind == MWG_INSTANCE)
MWG_REF(module, o->kind == MWG_MODULE)
MWG_REF(trap, o->kind == MWG_TRAP)
MWG_REF(foreign, o->kind == MWG_FOREIGN)

/* ------------------------------------------------------------------ foreign objects */

wasm_foreign_t *wasm_foreign_new(wasm_store_t *s)
{
    if (!s) return NULL;
    return (wasm_foreign_t *)(void *)mwG_obj_new(s, MWG_FOREIGN, NULL);
}
