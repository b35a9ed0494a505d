/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * vec.c — the wasm.h vector functions of every element type, and values' copy/delete.
 *
 * Vectors are libc memory (their functions have no engine). new_uninitialized zero-fills,
 * so that deleting a vector whose elements were never all set is safe (NULL pointers,
 * i32 values).
 */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

/* ------------------------------------------------------------------ values */

void wasm_val_delete(wasm_val_t *v)
{
    if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) {
        wasm_ref_delete(v->of.ref);
        v->of.ref = NULL;
    }
}

void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v)
{
    *out = *v;
    if (wasm_valkind_is_ref(v->kind) && v->of.ref) out->of.ref = wasm_ref_copy(v->of.ref);
}

/* ------------------------------------------------------------------ vectors */

/* The shared part: new_empty, new_uninitialized, new (elements moved in). */
#define MWG_VEC_COMMON(name, elem_t) \
    void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out) \
    { \
        out->size = 0; \
        out->data = NULL; \
    } \
    void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t n) \
    { \
        out->data = n ? calloc(n, sizeof(elem_t)) : NULL; \
        out->size = out->data ? n : 0; \
    } \
    void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t n, elem_t const xs[]) \
    { \
        wasm_##name##_vec_new_uninitialized(out, n); \
        if (out->size) memcpy(out->data, xs, n * sizeof(elem_t)); \
    }

/* Plain elements: copying is memcpy, nothing to delete per element. */
#define MWG_VEC_PLAIN(name, elem_t) \
    MWG_VEC_COMMON(name, elem_t) \
    void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *v) \
    { \
        wasm_##name##_vec_new(out, v->size, v->data); \
    } \
    void wasm_##name##_vec_delete(wasm_##name##_vec_t *v) \
    { \
        if (!v) return; \
        free(v->data); \
        v->data = NULL; \
        v->size = 0; \
    }

/* Owned pointers: copy copies each element, delete deletes each. */
#define MWG_VEC_PTR(name) \
    MWG_VEC_COMMON(name, wasm_##name##_t *) \
    void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *v) \
    { \
        wasm_##name##_vec_new_uninitialized(out, v->size); \
        for (size_t i = 0; i < out->size; i++) \
            out->data[i] = v->data[i] ? wasm_##name##_copy(v->data[i]) : NULL; \
    } \
    void wasm_##name##_vec_delete(wasm_##name##_vec_t *v) \
    { \
        if (!v) return; \
        for (size_t i = 0; i < v->size; i++) \
            if (v->data[i]) wasm_##name##_delete(v->data[i]); \
        free(v->data); \
        v->data = NULL; \
        v->size = 0; \
    }

MWG_VEC_PLAIN(byte, wasm_byte_t)
MWG_VEC_PTR(valtype)
MWG_VEC_PTR(functype)
MWG_VEC_PTR(globaltype)
MWG_VEC_PTR(tabletype)
MWG_VEC_PTR(memorytype)
MWG_VEC_PTR(externtype)
MWG_VEC_PTR(importtype)
MWG_VEC_PTR(exporttype)
MWG_VEC_PTR(frame)
MWG_VEC_PTR(extern)

MWG_VEC_COMMON(val, wasm_val_t)

void wasm_val_vec_copy(wasm_val_vec_t *out, const wasm_val_vec_t *v)
{
    wasm_val_vec_new_uninitialized(out, v->size);
    for (size_t i = 0; i < out->size; i++) wasm_val_copy(&out->data[i], &v->data[i]);
}

void wasm_val_vec_delete(wasm_val_vec_t *v)
{
    if (!v) return;
    for (size_t i = 0; i < v->size; i++) wasm_val_delete(&v->data[i]);
    free(v->data);
    v->data = NULL;
    v->size = 0;
}
