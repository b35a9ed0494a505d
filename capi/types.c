/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * types.c — wasm.h type representations: value, function, global, table, memory,
 * extern, import and export types, and their conversion from minwasm's descriptions.
 *
 * Every extern type starts with the same header (its kind), so a type and its
 * wasm_externtype_t view are one object. Types are libc memory.
 */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

struct wasm_valtype_t {
    wasm_valkind_t kind;
};

struct wasm_externtype_t {
    wasm_externkind_t kind;
};

struct wasm_functype_t {
    wasm_externtype_t ext;
    wasm_valtype_vec_t params, results;
};

struct wasm_globaltype_t {
    wasm_externtype_t ext;
    wasm_valtype_t *content;
    wasm_mutability_t mutability;
};

struct wasm_tabletype_t {
    wasm_externtype_t ext;
    wasm_valtype_t *element;
    wasm_limits_t limits;
};

struct wasm_memorytype_t {
    wasm_externtype_t ext;
    wasm_limits_t limits;
};

struct wasm_importtype_t {
    wasm_name_t module, name;
    wasm_externtype_t *type;
};

struct wasm_exporttype_t {
    wasm_name_t name;
    wasm_externtype_t *type;
};

/* Take over a vector's contents (an own vector parameter), leaving it empty. */
#define MWG_MOVE_VEC(dst, src) \
    do { \
        if (src) { \
            (dst) = *(src); \
            (src)->size = 0; \
            (src)->data = NULL; \
        } else { \
            (dst).size = 0; \
            (dst).data = NULL; \
        } \
    } while (0)

/* ------------------------------------------------------------------ value types */

/* v128 has no wasm.h kind: minwasm reports it as kind 4, the next free number
 * (doc/capi.md); wasm_valtype_new does not make it, calls through wasm.h refuse it. */
#define MWG_V128_KIND 4

static wasm_valtype_t *valtype_raw(wasm_valkind_t kind)
{
    wasm_valtype_t *t = mwG_xmalloc(sizeof *t);
    if (t) t->kind = kind;
    return t;
}

wasm_valtype_t *wasm_valtype_new(wasm_valkind_t kind)
{
    if (kind > WASM_F64 && kind != WASM_ANYREF && kind != WASM_FUNCREF) return NULL;
    return valtype_raw(kind);
}

wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t) { return t->kind; }

wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t)
{
    return t ? valtype_raw(t->kind) : NULL;
}

void wasm_valtype_delete(wasm_valtype_t *t) { free(t); }

/* ------------------------------------------------------------------ function types */

wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results)
{
    wasm_functype_t *t = mwG_xmalloc(sizeof *t);
    if (!t) {
        wasm_valtype_vec_delete(params);
        wasm_valtype_vec_delete(results);
        return NULL;
    }
    t->ext.kind = WASM_EXTERN_FUNC;
    MWG_MOVE_VEC(t->params, params);
    MWG_MOVE_VEC(t->results, results);
    return t;
}

const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t) { return &t->params; }
const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t) { return &t->results; }

wasm_functype_t *wasm_functype_copy(const wasm_functype_t *t)
{
    if (!t) return NULL;
    wasm_valtype_vec_t p, r;
    wasm_valtype_vec_copy(&p, &t->params);
    wasm_valtype_vec_copy(&r, &t->results);
    return wasm_functype_new(&p, &r);
}

void wasm_functype_delete(wasm_functype_t *t)
{
    if (!t) return;
    wasm_valtype_vec_delete(&t->params);
    wasm_valtype_vec_delete(&t->results);
    free(t);
}

/* ------------------------------------------------------------------ global types */

wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *content, wasm_mutability_t mut)
{
    if (!content || mut > WASM_VAR) {
        wasm_valtype_delete(content);
        return NULL;
    }
    wasm_globaltype_t *t = mwG_xmalloc(sizeof *t);
    if (!t) {
        wasm_valtype_delete(content);
        return NULL;
    }
    t->ext.kind = WASM_EXTERN_GLOBAL;
    t->content = content;
    t->mutability = mut;
    return t;
}

const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t) { return t->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t) { return t->mutability; }

wasm_globaltype_t *wasm_globaltype_copy(const wasm_globaltype_t *t)
{
    return t ? wasm_globaltype_new(wasm_valtype_copy(t->content), t->mutability) : NULL;
}

void wasm_globaltype_delete(wasm_globaltype_t *t)
{
    if (!t) return;
    wasm_valtype_delete(t->content);
    free(t);
}

/* ------------------------------------------------------------------ table types */

wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *element, const wasm_limits_t *limits)
{
    if (!element || !limits || !wasm_valtype_is_ref(element)) {
        wasm_valtype_delete(element);
        return NULL;
    }
    wasm_tabletype_t *t = mwG_xmalloc(sizeof *t);
    if (!t) {
        wasm_valtype_delete(element);
        return NULL;
    }
    t->ext.kind = WASM_EXTERN_TABLE;
    t->element = element;
    t->limits = *limits;
    return t;
}

const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t) { return t->element; }
const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t) { return &t->limits; }

wasm_tabletype_t *wasm_tabletype_copy(const wasm_tabletype_t *t)
{
    return t ? wasm_tabletype_new(wasm_valtype_copy(t->element), &t->limits) : NULL;
}

void wasm_tabletype_delete(wasm_tabletype_t *t)
{
    if (!t) return;
    wasm_valtype_delete(t->element);
    free(t);
}

/* ------------------------------------------------------------------ memory types */

wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *limits)
{
    if (!limits) return NULL;
    wasm_memorytype_t *t = mwG_xmalloc(sizeof *t);
    if (!t) return NULL;
    t->ext.kind = WASM_EXTERN_MEMORY;
    t->limits = *limits;
    return t;
}

const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t) { return &t->limits; }

wasm_memorytype_t *wasm_memorytype_copy(const wasm_memorytype_t *t)
{
    return t ? wasm_memorytype_new(&t->limits) : NULL;
}

void wasm_memorytype_delete(wasm_memorytype_t *t) { free(t); }

/* ------------------------------------------------------------------ extern types */

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t) { return t->kind; }

#define MWG_EXTERNTYPE_VIEWS(name, KIND) \
    wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *t) \
    { \
        return t ? &t->ext : NULL; \
    } \
    const wasm_externtype_t *wasm_##name##_as_externtype_const(const wasm_##name##_t *t) \
    { \
        return t ? &t->ext : NULL; \
    } \
    wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *t) \
    { \
        return t && t->kind == (KIND) ? (wasm_##name##_t *)(void *)t : NULL; \
    } \
    const wasm_##name##_t *wasm_externtype_as_##name##_const(const wasm_externtype_t *t) \
    { \
        return t && t->kind == (KIND) ? (const wasm_##name##_t *)(const void *)t : NULL; \
    }

MWG_EXTERNTYPE_VIEWS(functype, WASM_EXTERN_FUNC)
MWG_EXTERNTYPE_VIEWS(globaltype, WASM_EXTERN_GLOBAL)
MWG_EXTERNTYPE_VIEWS(tabletype, WASM_EXTERN_TABLE)
MWG_EXTERNTYPE_VIEWS(memorytype, WASM_EXTERN_MEMORY)

wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *t)
{
    if (!t) return NULL;
    switch (t->kind) {
    case WASM_EXTERN_FUNC:
        return &wasm_functype_copy(wasm_externtype_as_functype_const(t))->ext;
    case WASM_EXTERN_GLOBAL:
        return &wasm_globaltype_copy(wasm_externtype_as_globaltype_const(t))->ext;
    case WASM_EXTERN_TABLE:
        return &wasm_tabletype_copy(wasm_externtype_as_tabletype_const(t))->ext;
    default:
        return &wasm_memorytype_copy(wasm_externtype_as_memorytype_const(t))->ext;
    }
}

void wasm_externtype_delete(wasm_externtype_t *t)
{
    if (!t) return;
    switch (t->kind) {
    case WASM_EXTERN_FUNC: wasm_functype_delete(wasm_externtype_as_functype(t)); break;
    case WASM_EXTERN_GLOBAL: wasm_globaltype_delete(wasm_externtype_as_globaltype(t)); break;
    case WASM_EXTERN_TABLE: wasm_tabletype_delete(wasm_externtype_as_tabletype(t)); break;
    default: wasm_memorytype_delete(wasm_externtype_as_memorytype(t)); break;
    }
}

/* ------------------------------------------------------------------ import/export types */

wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name,
                                       wasm_externtype_t *type)
{
    wasm_importtype_t *t = type ? mwG_xmalloc(sizeof *t) : NULL;
    if (!t) {
        wasm_name_delete(module);
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    MWG_MOVE_VEC(t->module, module);
    MWG_MOVE_VEC(t->name, name);
    t->type = type;
    return t;
}

const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t) { return &t->module; }
const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t) { return t->type; }

wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *t)
{
    if (!t) return NULL;
    wasm_name_t m, n;
    wasm_name_copy(&m, &t->module);
    wasm_name_copy(&n, &t->name);
    return wasm_importtype_new(&m, &n, wasm_externtype_copy(t->type));
}

void wasm_importtype_delete(wasm_importtype_t *t)
{
    if (!t) return;
    wasm_name_delete(&t->module);
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    free(t);
}

wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *name, wasm_externtype_t *type)
{
    wasm_exporttype_t *t = type ? mwG_xmalloc(sizeof *t) : NULL;
    if (!t) {
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    MWG_MOVE_VEC(t->name, name);
    t->type = type;
    return t;
}

const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t) { return t->type; }

wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *t)
{
    if (!t) return NULL;
    wasm_name_t n;
    wasm_name_copy(&n, &t->name);
    return wasm_exporttype_new(&n, wasm_externtype_copy(t->type));
}

void wasm_exporttype_delete(wasm_exporttype_t *t)
{
    if (!t) return;
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    free(t);
}

/* ------------------------------------------------------------------ from/to minwasm */

wasm_limits_t mwG_limits_from_mw(const mw_limits *l)
{
    wasm_limits_t r;
    r.min = l->min > UINT32_MAX ? UINT32_MAX : (uint32_t)l->min;
    r.max = !l->has_max || l->max > UINT32_MAX ? wasm_limits_max_default : (uint32_t)l->max;
    return r;
}

mw_limits mwG_limits_to_mw(const wasm_limits_t *l)
{
    mw_limits r;
    r.min = l->min;
    r.has_max = l->max != wasm_limits_max_default;
    r.max = r.has_max ? l->max : 0;
    return r;
}

static bool valtypes_from_mw(wasm_valtype_vec_t *out, uint32_t n, const mw_valtype *ts)
{
    wasm_valtype_vec_new_uninitialized(out, n);
    if (out->size != n) return false;
    for (uint32_t i = 0; i < n; i++) {
        bool ok = true;
        wasm_valkind_t k = mwG_valtype_from_mw(ts[i], &ok);
        out->data[i] = valtype_raw(ok ? k : MWG_V128_KIND);
        if (!out->data[i]) return false;
    }
    return true;
}

wasm_functype_t *mwG_functype_from_mw(const mw_functype *ft)
{
    wasm_valtype_vec_t p, r;
    wasm_valtype_vec_new_empty(&r);
    if (!valtypes_from_mw(&p, ft->nparams, ft->params) ||
        !valtypes_from_mw(&r, ft->nresults, ft->results)) {
        wasm_valtype_vec_delete(&p);
        wasm_valtype_vec_delete(&r);
        return NULL;
    }
    return wasm_functype_new(&p, &r);
}

bool mwG_functype_to_mw(const wasm_functype_t *ft, mw_functype *out, mw_valtype **buf)
{
    size_t np = ft->params.size, nr = ft->results.size;
    *buf = mwG_xmalloc((np + nr) * sizeof **buf);
    if (!*buf) return false;
    for (size_t i = 0; i < np + nr; i++) {
        const wasm_valtype_t *t = i < np ? ft->params.data[i] : ft->results.data[i - np];
        bool ok = t != NULL;
        if (ok) (*buf)[i] = mwG_valtype_to_mw(t->kind, &ok);
        if (!ok) {
            free(*buf);
            *buf = NULL;
            return false;
        }
    }
    out->nparams = (uint32_t)np;
    out->nresults = (uint32_t)nr;
    out->params = *buf;
    out->results = *buf + np;
    return true;
}

wasm_externtype_t *mwG_externtype_from_desc(const mw_import_export_desc *d)
{
    bool ok = true;
    switch (d->kind) {
    case MW_EXTERN_FUNC: {
        wasm_functype_t *t = mwG_functype_from_mw(&d->func);
        return t ? &t->ext : NULL;
    }
    case MW_EXTERN_GLOBAL: {
        wasm_valkind_t k = mwG_valtype_from_mw(d->global_type, &ok);
        wasm_globaltype_t *t = wasm_globaltype_new(valtype_raw(ok ? k : MWG_V128_KIND),
                                                   d->global_mutable ? WASM_VAR : WASM_CONST);
        return t ? &t->ext : NULL;
    }
    case MW_EXTERN_TABLE: {
        wasm_limits_t l = mwG_limits_from_mw(&d->limits);
        wasm_valkind_t k = mwG_valtype_from_mw(d->elem_type, &ok);
        wasm_tabletype_t *t = wasm_tabletype_new(ok ? wasm_valtype_new(k) : NULL, &l);
        return t ? &t->ext : NULL;
    }
    case MW_EXTERN_MEMORY: {
        wasm_limits_t l = mwG_limits_from_mw(&d->limits);
        wasm_memorytype_t *t = wasm_memorytype_new(&l);
        return t ? &t->ext : NULL;
    }
    }
    return NULL;
}
