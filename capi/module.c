/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * module.c — wasm.h modules: compile, validate, reflect (imports/exports),
 * serialize/deserialize, and sharing with other threads.
 *
 * A module object stands for an mwG_modcore (the minwasm module and its bytes), shared
 * by reference count with shared-module handles and with the module objects other
 * stores obtain from them, possibly on other threads (hence the atomic count).
 *
 * Serialized form: a module read from a .cwasm (`minwasm compile`, doc/aot.md)
 * serializes to that .cwasm; any other module to the wrapper below around its binary,
 * since the library alone cannot run the C compiler the native tier needs.
 * wasm_module_deserialize accepts both.
 */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

/* "\0mwcapi" + format version 1, then the module binary. */
static const char wrap_magic[8] = {'\0', 'm', 'w', 'c', 'a', 'p', 'i', 1};
/* The .cwasm magic (src/cwasm_format.h). */
static const char cwasm_magic[8] = {'\0', 'm', 'w', 'c', 'w', 'a', 's', 'm'};

/* ------------------------------------------------------------------ cores */

static mwG_modcore *modcore_new(wasm_engine_t *e, const uint8_t *bytes, size_t len,
                                bool is_cwasm)
{
    mwG_modcore *mc = mwG_alloc(e, sizeof *mc);
    if (!mc) return NULL;
    mc->engine = e;
    mc->rc = 1;
    mc->len = len;
    mc->is_cwasm = is_cwasm;
    mc->bytes = mwG_alloc(e, len ? len : 1);
    if (!mc->bytes) goto fail;
    if (len) memcpy(mc->bytes, bytes, len);
    mw_result r = is_cwasm ? mw_module_deserialize(e->mw, bytes, len, &mc->mod, NULL)
                           : mw_module_new(e->mw, bytes, len, &mc->mod, NULL);
    if (r != MW_OK) goto fail;
    return mc;
fail:
    mwG_free(e, mc->bytes, len ? len : 1);
    mwG_free(e, mc, sizeof *mc);
    return NULL;
}

static void modcore_retain(mwG_modcore *mc) { __atomic_add_fetch(&mc->rc, 1, __ATOMIC_RELAXED); }

void mwG_modcore_release(mwG_modcore *mc)
{
    if (!mc || __atomic_sub_fetch(&mc->rc, 1, __ATOMIC_ACQ_REL) > 0) return;
    wasm_engine_t *e = mc->engine;
    mw_module_delete(mc->mod);
    mwG_free(e, mc->bytes, mc->len ? mc->len : 1);
    mwG_free(e, mc, sizeof *mc);
}

/* A module object of store s for core mc (taking over one reference of mc). */
static wasm_module_t *module_obj(wasm_store_t *s, mwG_modcore *mc)
{
    mwG_obj *o = mwG_obj_new(s, MWG_MODULE, NULL);
    if (!o) {
        mwG_modcore_release(mc);
        return NULL;
    }
    o->u.module = mc;
    return (wasm_module_t *)(void *)o;
}

/* ------------------------------------------------------------------ compile */

wasm_module_t *wasm_module_new(wasm_store_t *s, const wasm_byte_vec_t *binary)
{
    if (!s || !binary || (!binary->data && binary->size)) return NULL;
    mwG_modcore *mc = modcore_new(s->engine, (const uint8_t *)binary->data, binary->size, false);
    return mc ? module_obj(s, mc) : NULL;
}

bool wasm_module_validate(wasm_store_t *s, const wasm_byte_vec_t *binary)
{
    if (!s || !binary || (!binary->data && binary->size)) return false;
    mw_module *m = NULL;
    if (mw_module_new(s->engine->mw, (const uint8_t *)binary->data, binary->size, &m, NULL) !=
        MW_OK)
        return false;
    mw_module_delete(m);
    return true;
}

/* ------------------------------------------------------------------ reflection */

static wasm_name_t name_of(const char *p, size_t n)
{
    wasm_name_t v;
    wasm_name_new(&v, n, p);
    return v;
}

void wasm_module_imports(const wasm_module_t *module, wasm_importtype_vec_t *out)
{
    const mw_module *m = MWG_OBJ(module)->u.module->mod;
    uint32_t n = mw_module_import_count(m);
    wasm_importtype_vec_new_uninitialized(out, n);
    for (uint32_t i = 0; i < out->size; i++) {
        mw_import_export_desc d;
        if (!mw_module_import(m, i, &d)) continue;
        wasm_name_t mod = name_of(d.module, d.module_len), name = name_of(d.name, d.name_len);
        out->data[i] = wasm_importtype_new(&mod, &name, mwG_externtype_from_desc(&d));
    }
}

void wasm_module_exports(const wasm_module_t *module, wasm_exporttype_vec_t *out)
{
    const mw_module *m = MWG_OBJ(module)->u.module->mod;
    uint32_t n = mw_module_export_count(m);
    wasm_exporttype_vec_new_uninitialized(out, n);
    for (uint32_t i = 0; i < out->size; i++) {
        mw_import_export_desc d;
        if (!mw_module_export(m, i, &d)) continue;
        wasm_name_t name = name_of(d.name, d.name_len);
        out->data[i] = wasm_exporttype_new(&name, mwG_externtype_from_desc(&d));
    }
}

/* ------------------------------------------------------------------ serialize */

void wasm_module_serialize(const wasm_module_t *module, wasm_byte_vec_t *out)
{
    const mwG_modcore *mc = MWG_OBJ(module)->u.module;
    size_t head = mc->is_cwasm ? 0 : sizeof wrap_magic;
    wasm_byte_vec_new_uninitialized(out, head + mc->len);
    if (out->size != head + mc->len) return;   /* out of memory: an empty vector */
    memcpy(out->data, wrap_magic, head);
    memcpy(out->data + head, mc->bytes, mc->len);
}

wasm_module_t *wasm_module_deserialize(wasm_store_t *s, const wasm_byte_vec_t *bytes)
{
    if (!s || !bytes || !bytes->data || bytes->size < 8) return NULL;
    const uint8_t *p = (const uint8_t *)bytes->data;
    mwG_modcore *mc = NULL;
    if (memcmp(p, wrap_magic, 8) == 0)
        mc = modcore_new(s->engine, p + 8, bytes->size - 8, false);
    else if (memcmp(p, cwasm_magic, 8) == 0)
        mc = modcore_new(s->engine, p, bytes->size, true);
    return mc ? module_obj(s, mc) : NULL;
}

/* ------------------------------------------------------------------ sharing */

struct wasm_shared_module_t {
    mwG_modcore *core;
};

wasm_shared_module_t *wasm_module_share(const wasm_module_t *module)
{
    if (!module) return NULL;
    mwG_modcore *mc = MWG_OBJ(module)->u.module;
    wasm_shared_module_t *sh = mwG_alloc(mc->engine, sizeof *sh);
    if (!sh) return NULL;
    modcore_retain(mc);
    sh->core = mc;
    return sh;
}

void wasm_shared_module_delete(wasm_shared_module_t *sh)
{
    if (!sh) return;
    mwG_modcore *mc = sh->core;
    wasm_engine_t *e = mc->engine;
    mwG_modcore_release(mc);
    mwG_free(e, sh, sizeof *sh);
}

wasm_module_t *wasm_module_obtain(wasm_store_t *s, const wasm_shared_module_t *sh)
{
    /* A module belongs to its engine: another engine's store cannot use it. */
    if (!s || !sh || sh->core->engine != s->engine) return NULL;
    modcore_retain(sh->core);
    return module_obj(s, sh->core);
}
