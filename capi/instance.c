/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * instance.c — wasm.h module instances: instantiation with imports in the module's
 * import order, and exports.
 */
#include <stdio.h>
#include <stdlib.h>

#include "capi.h"

static void set_trap(wasm_trap_t **trap, mwG_obj *t)
{
    if (trap) *trap = (wasm_trap_t *)(void *)t;
    else mwG_obj_release(t);
}

static wasm_instance_t *fail(wasm_store_t *s, wasm_trap_t **trap, const char *msg)
{
    set_trap(trap, mwG_trap_fmt(s, msg));
    return NULL;
}

wasm_instance_t *wasm_instance_new(wasm_store_t *s, const wasm_module_t *module,
                                   const wasm_extern_vec_t *imports, wasm_trap_t **trap)
{
    if (trap) *trap = NULL;
    if (!s || !module) return NULL;
    const mwG_obj *mo = (const mwG_obj *)(const void *)module;
    if (mo->kind != MWG_MODULE) return fail(s, trap, "instantiate: not a module");
    mwG_modcore *mc = mo->u.module;
    if (mc->engine != s->engine)
        return fail(s, trap, "instantiate: the module belongs to another engine");

    size_t n = imports ? imports->size : 0;
    uint32_t want = mw_module_import_count(mc->mod);
    char msg[200];
    if (n != want) {
        snprintf(msg, sizeof msg, "instantiate: the module has %u imports, %zu given", want, n);
        return fail(s, trap, msg);
    }
    mw_extern *ext = calloc(want ? want : 1, sizeof *ext);
    if (!ext) return fail(s, trap, "instantiate: out of memory");
    for (uint32_t i = 0; i < want; i++) {
        const mwG_obj *o = (const mwG_obj *)(const void *)imports->data[i];
        if (!o || o->kind > MWG_MEMORY || o->store != s) {
            snprintf(msg, sizeof msg, "instantiate: import %u is %s", i,
                     !o ? "NULL" : o->kind > MWG_MEMORY ? "not an external"
                                                        : "an object of another store");
            free(ext);
            return fail(s, trap, msg);
        }
        ext[i].kind = o->kind == MWG_FUNC     ? MW_EXTERN_FUNC
                      : o->kind == MWG_GLOBAL ? MW_EXTERN_GLOBAL
                      : o->kind == MWG_TABLE  ? MW_EXTERN_TABLE
                                              : MW_EXTERN_MEMORY;
        switch (o->kind) {
        case MWG_FUNC: ext[i].of.func = o->u.func; break;
        case MWG_GLOBAL: ext[i].of.global = o->u.global; break;
        case MWG_TABLE: ext[i].of.table = o->u.table; break;
        default: ext[i].of.memory = o->u.memory; break;
        }
    }
    mw_instance *inst = NULL;
    mw_error err;
    mw_result r = mw_instance_new(s->mw, mc->mod, ext, want, &inst, &err);
    free(ext);
    if (r != MW_OK) {
        set_trap(trap, mwG_trap_from_error(s, &err));
        return NULL;
    }
    return (wasm_instance_t *)(void *)mwG_obj_for(s, MWG_INSTANCE, inst);
}

void wasm_instance_exports(const wasm_instance_t *instance, wasm_extern_vec_t *out)
{
    const mwG_obj *o = (const mwG_obj *)(const void *)instance;
    mw_instance *inst = o->u.instance;
    uint32_t n = mw_module_export_count(mw_instance_module(inst));
    wasm_extern_vec_new_uninitialized(out, n);
    for (uint32_t i = 0; i < out->size; i++) {
        const char *name;
        size_t len;
        mw_extern e;
        if (!mw_instance_export_nth(inst, i, &name, &len, &e)) continue;
        mwG_obj *x = NULL;
        switch (e.kind) {
        case MW_EXTERN_FUNC: x = mwG_obj_for(o->store, MWG_FUNC, e.of.func); break;
        case MW_EXTERN_GLOBAL: x = mwG_obj_for(o->store, MWG_GLOBAL, e.of.global); break;
        case MW_EXTERN_TABLE: x = mwG_obj_for(o->store, MWG_TABLE, e.of.table); break;
        case MW_EXTERN_MEMORY: x = mwG_obj_for(o->store, MWG_MEMORY, e.of.memory); break;
        }
        out->data[i] = (wasm_extern_t *)(void *)x;
    }
}
