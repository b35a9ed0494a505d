/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * extern.c — wasm.h globals, tables and memories, and externals (the views of a
 * func/global/table/memory as wasm_extern_t).
 */
#include <string.h>

#include "capi.h"

#define OBJ_OF(p) MWG_OBJ(p)
#define COBJ_OF(p) ((const mwG_obj *)(const void *)(p))

/* ------------------------------------------------------------------ globals */

wasm_global_t *wasm_global_new(wasm_store_t *s, const wasm_globaltype_t *type,
                               const wasm_val_t *val)
{
    if (!s || !type || !val) return NULL;
    bool ok = true;
    mw_valtype vt = mwG_valtype_to_mw(wasm_valtype_kind(wasm_globaltype_content(type)), &ok);
    mw_val v;
    const char *msg = NULL;
    mw_global *g = NULL;
    if (!ok || !mwG_val_to_mw(s, val, vt, &v, &msg) ||
        mw_global_new(s->mw, vt, wasm_globaltype_mutability(type) == WASM_VAR, v, &g, NULL) !=
            MW_OK)
        return NULL;
    return (wasm_global_t *)(void *)mwG_obj_for(s, MWG_GLOBAL, g);
}

wasm_globaltype_t *wasm_global_type(const wasm_global_t *global)
{
    bool mut = false, ok = true;
    mw_valtype vt = mw_global_type(COBJ_OF(global)->u.global, &mut);
    wasm_valkind_t k = mwG_valtype_from_mw(vt, &ok);
    return wasm_globaltype_new(ok ? wasm_valtype_new(k) : NULL, mut ? WASM_VAR : WASM_CONST);
}

void wasm_global_get(const wasm_global_t *global, wasm_val_t *out)
{
    const mwG_obj *o = COBJ_OF(global);
    mw_val v = mw_global_get(o->u.global);
    mwG_val_from_mw(o->store, &v, out);
}

void wasm_global_set(wasm_global_t *global, const wasm_val_t *val)
{
    mwG_obj *o = OBJ_OF(global);
    bool mut = false;
    mw_valtype vt = mw_global_type(o->u.global, &mut);
    mw_val v;
    const char *msg = NULL;
    /* The API has no error channel: a wrong type, another store's reference or an
     * immutable global leaves the global unchanged (doc/capi.md). */
    if (!mut || !mwG_val_to_mw(o->store, val, vt, &v, &msg)) return;
    mw_global_set(o->u.global, v);
}

/* ------------------------------------------------------------------ tables */

wasm_table_t *wasm_table_new(wasm_store_t *s, const wasm_tabletype_t *type, wasm_ref_t *init)
{
    if (!s || !type) return NULL;
    bool ok = true;
    mw_valtype et = mwG_valtype_to_mw(wasm_valtype_kind(wasm_tabletype_element(type)), &ok);
    mw_limits lim = mwG_limits_to_mw(wasm_tabletype_limits(type));
    mw_val v;
    mw_table *t = NULL;
    if (!ok || !mwG_ref_to_mw(s, init, et, &v) ||
        mw_table_new(s->mw, et, lim, v, &t, NULL) != MW_OK)
        return NULL;
    return (wasm_table_t *)(void *)mwG_obj_for(s, MWG_TABLE, t);
}

wasm_tabletype_t *wasm_table_type(const wasm_table_t *table)
{
    const mw_table *t = COBJ_OF(table)->u.table;
    bool ok = true;
    wasm_valkind_t k = mwG_valtype_from_mw(mw_table_elem_type(t), &ok);
    mw_limits l;
    mw_table_limits(t, &l);
    wasm_limits_t wl = mwG_limits_from_mw(&l);
    return wasm_tabletype_new(wasm_valtype_new(k), &wl);
}

wasm_ref_t *wasm_table_get(const wasm_table_t *table, wasm_table_size_t index)
{
    const mwG_obj *o = COBJ_OF(table);
    mw_val v;
    if (mw_table_get(o->u.table, index, &v) != MW_OK) return NULL;
    wasm_val_t w;
    mwG_val_from_mw(o->store, &v, &w);
    return w.of.ref;
}

bool wasm_table_set(wasm_table_t *table, wasm_table_size_t index, wasm_ref_t *ref)
{
    mwG_obj *o = OBJ_OF(table);
    mw_val v;
    return mwG_ref_to_mw(o->store, ref, mw_table_elem_type(o->u.table), &v) &&
           mw_table_set(o->u.table, index, v) == MW_OK;
}

wasm_table_size_t wasm_table_size(const wasm_table_t *table)
{
    return mw_table_size(COBJ_OF(table)->u.table);
}

bool wasm_table_grow(wasm_table_t *table, wasm_table_size_t delta, wasm_ref_t *init)
{
    mwG_obj *o = OBJ_OF(table);
    mw_val v;
    uint32_t old = 0;
    return mwG_ref_to_mw(o->store, init, mw_table_elem_type(o->u.table), &v) &&
           mw_table_grow(o->u.table, delta, v, &old, NULL) == MW_OK;
}

/* ------------------------------------------------------------------ memories */

wasm_memory_t *wasm_memory_new(wasm_store_t *s, const wasm_memorytype_t *type)
{
    if (!s || !type) return NULL;
    mw_memory *m = NULL;
    if (mw_memory_new(s->mw, mwG_limits_to_mw(wasm_memorytype_limits(type)), &m, NULL) != MW_OK)
        return NULL;
    return (wasm_memory_t *)(void *)mwG_obj_for(s, MWG_MEMORY, m);
}

wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *memory)
{
    mw_limits l;
    mw_memory_limits(COBJ_OF(memory)->u.memory, &l);
    wasm_limits_t wl = mwG_limits_from_mw(&l);
    return wasm_memorytype_new(&wl);
}

byte_t *wasm_memory_data(wasm_memory_t *memory)
{
    return (byte_t *)mw_memory_data(OBJ_OF(memory)->u.memory);
}

size_t wasm_memory_data_size(const wasm_memory_t *memory)
{
    return mw_memory_size(COBJ_OF(memory)->u.memory);
}

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *memory)
{
    return mw_memory_pages(COBJ_OF(memory)->u.memory);
}

bool wasm_memory_grow(wasm_memory_t *memory, wasm_memory_pages_t delta)
{
    uint32_t old = 0;
    return mw_memory_grow(OBJ_OF(memory)->u.memory, delta, &old, NULL) == MW_OK;
}

/* ------------------------------------------------------------------ externals */

wasm_externkind_t wasm_extern_kind(const wasm_extern_t *e)
{
    return (wasm_externkind_t)COBJ_OF(e)->kind;
}

wasm_externtype_t *wasm_extern_type(const wasm_extern_t *e)
{
    const mwG_obj *o = COBJ_OF(e);
    switch (o->kind) {
    case MWG_FUNC:
        return wasm_functype_as_externtype(wasm_func_type((const wasm_func_t *)(const void *)o));
    case MWG_GLOBAL:
        return wasm_globaltype_as_externtype(
            wasm_global_type((const wasm_global_t *)(const void *)o));
    case MWG_TABLE:
        return wasm_tabletype_as_externtype(wasm_table_type((const wasm_table_t *)(const void *)o));
    case MWG_MEMORY:
        return wasm_memorytype_as_externtype(
            wasm_memory_type((const wasm_memory_t *)(const void *)o));
    default:
        return NULL;
    }
}

#define MWG_EXTERN_VIEWS(name, KIND) \
    wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *x) \
    { \
        return (wasm_extern_t *)(void *)x; \
    } \
    const wasm_extern_t *wasm_##name##_as_extern_const(const wasm_##name##_t *x) \
    { \
        return (const wasm_extern_t *)(const void *)x; \
    } \
    wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *e) \
    { \
        return e && OBJ_OF(e)->kind == (KIND) ? (wasm_##name##_t *)(void *)e : NULL; \
    } \
    const wasm_##name##_t *wasm_extern_as_##name##_const(const wasm_extern_t *e) \
    { \
        return e && COBJ_OF(e)->kind == (KIND) ? (const wasm_##name##_t *)(const void *)e : NULL; \
    }

MWG_EXTERN_VIEWS(func, MWG_FUNC)
MWG_EXTERN_VIEWS(global, MWG_GLOBAL)
MWG_EXTERN_VIEWS(table, MWG_TABLE)
MWG_EXTERN_VIEWS(memory, MWG_MEMORY)
