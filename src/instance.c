/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * instance.c — the instance object: building it (its arrays and the blocks of its
 * defined functions and globals, the one place that knows their layout), constant
 * expressions, table/memory initialisation from segments, and exports.
 *
 * Instantiation (import matching, segments in order, the start function) is
 * instantiate.c, which runs on top of this file and of call.c. The interpreter and
 * native code call the segment operations here, so this file must not call them
 * (doc/layout.md). The store frees an instance through the blocks recorded in
 * inst->owned, without knowing the layout.
 */
#include "mw_internal.h"
#include "opcodes.h"

/* ------------------------------------------------------------------ helpers */

/* Allocate a zeroed array of n elements for the instance, recorded in inst->owned[k]
 * for the store to free; n == 0 yields NULL without allocating. */
static bool zarray(mw_engine *e, mw_instance *inst, unsigned k, void *out, size_t n,
                   size_t esz)
{
    void *p = NULL;
    if (n > SIZE_MAX / esz)
        return false;
    if (n) {
        p = mwM_zalloc(e, n * esz);
        if (!p)
            return false;
        inst->owned[k].p = p;
        inst->owned[k].n = n * esz;
    }
    memcpy(out, &p, sizeof p);
    return true;
}

/* ------------------------------------------------------------------ constants, segments */

mw_slot mwN_eval_const(mw_instance *inst, const mwi_constexpr *c, mw_slot *hi)
{
    mw_slot v = 0, h = 0;
    switch (c->op) {
    case OP_I32_CONST: case OP_F32_CONST:
        v = (uint32_t)c->val;   /* keep the upper half zero */
        break;
    case OP_I64_CONST: case OP_F64_CONST:
        v = c->val;
        break;
    case OP_REF_FUNC:
        v = (mw_slot)(uintptr_t)inst->funcs[(uint32_t)c->val];
        break;
    case OP_GLOBAL_GET:
        v = inst->globals[(uint32_t)c->val]->val;
        h = inst->globals[(uint32_t)c->val]->hi;
        break;
    default:
        if (c->op == OP_REF_NULL) break;
        v = c->val;             /* v128.const */
        h = c->hi;
        break;
    }
    if (hi) *hi = h;
    return v;
}

mw_trap_code mwN_table_init(mw_instance *inst, mw_table *t, uint32_t seg,
                            uint32_t dst, uint32_t src, uint32_t n)
{
    const mwi_elem *el = &inst->module->elems[seg];
    uint64_t len = inst->elem_dropped[seg] ? 0 : el->n;   /* a dropped segment is empty */
    if ((uint64_t)src + n > len || (uint64_t)dst + n > t->size)
        return MW_TRAP_TABLE_OOB;
    /* Items are constant (ref.func, ref.null, immutable global.get), so evaluating them
     * now gives the values the spec computes at instantiation. */
    for (uint32_t i = 0; i < n; i++)
        t->elems[dst + i] = mwN_eval_const(inst, &el->items[src + i], NULL);
    return MW_TRAP_NONE;
}

mw_trap_code mwN_memory_init(mw_instance *inst, uint32_t seg,
                             uint32_t dst, uint32_t src, uint32_t n)
{
    const mwi_data *d = &inst->module->datas[seg];
    mw_memory *mem = inst->mem;
    uint64_t len = inst->data_dropped[seg] ? 0 : d->len;
    if (!mem || (uint64_t)src + n > len || (uint64_t)dst + n > mem->size)
        return MW_TRAP_MEMORY_OOB;
    if (n)   /* data may be NULL when the memory or segment is empty */
        memcpy(mem->data + dst, d->bytes + src, n);
    return MW_TRAP_NONE;
}
/* ------------------------------------------------------------------ building */

mw_result mwN_build(mw_store *s, mw_module *m, const mw_extern *imports,
                    mw_instance **out, mw_error *err)
{
    mw_engine *e = s->engine;
    mw_instance *inst = mwM_zalloc(e, sizeof *inst);
    if (!inst)
        goto nomem;
    inst->module = m;
    MWI_REF_INC(&m->refcount);   /* dropped by the store when it frees the instance */
    mwS_link(s, &inst->hdr, MWI_OBJ_INSTANCE);

    if (!zarray(e, inst, MWI_OWN_FUNCS, &inst->funcs, m->nfuncs, sizeof(mw_func *)) ||
        !zarray(e, inst, MWI_OWN_TABLES, &inst->tables, m->ntables, sizeof(mw_table *)) ||
        !zarray(e, inst, MWI_OWN_GLOBALS, &inst->globals, m->nglobals, sizeof(mw_global *)) ||
        !zarray(e, inst, MWI_OWN_ELEM_DROPPED, &inst->elem_dropped, m->nelems, 1) ||
        !zarray(e, inst, MWI_OWN_DATA_DROPPED, &inst->data_dropped, m->ndatas, 1))
        goto nomem;

    for (uint32_t i = 0; i < m->nimports; i++) {
        const mwi_import *imp = &m->imports[i];
        const mw_extern *x = &imports[i];
        switch (imp->kind) {
        case MW_EXTERN_FUNC: inst->funcs[imp->index] = x->of.func; break;
        case MW_EXTERN_TABLE: inst->tables[imp->index] = x->of.table; break;
        case MW_EXTERN_MEMORY: if (imp->index == 0) inst->mem = x->of.memory; break;
        case MW_EXTERN_GLOBAL: inst->globals[imp->index] = x->of.global; break;
        }
    }

    /* Defined functions share one block, as defined globals do. */
    uint32_t ndef = m->nfuncs - m->nfunc_imports;
    if (ndef) {
        mw_func *block;
        if (!zarray(e, inst, MWI_OWN_FUNC_DEFS, &block, ndef, sizeof(mw_func)))
            goto nomem;
        for (uint32_t j = 0; j < ndef; j++) {
            uint32_t fidx = m->nfunc_imports + j;
            mw_func *f = &block[j];
            f->hdr.kind = MW_EXTERN_FUNC;
            f->hdr.store = s;
            f->type = &m->types[m->funcs[fidx].type];
            f->inst = inst;
            f->code = &m->funcs[fidx].code;
            f->ops = f->code->ops + f->code->zskip;
            f->nslots = f->code->nslots;
            f->zslot = f->code->nparams;
            f->efuel = mwI_entry_fuel(f->code);
            f->fidx = fidx;
            inst->funcs[fidx] = f;
        }
    }

    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        mw_val null = mwW_slot_to_val(0, m->tables[i].elem);
        mw_result r = mw_table_new(s, m->tables[i].elem, m->tables[i].lim, null,
                                   &inst->tables[i], err);
        if (r != MW_OK)
            return r;
    }
    if (m->nmems > m->nmem_imports) {
        mw_result r = mw_memory_new(s, m->mems[0].lim, &inst->mem, err);
        if (r != MW_OK)
            return r;
    }

    /* Globals in index order: an initialiser sees imported globals and all functions. */
    uint32_t ndefg = m->nglobals - m->nglobal_imports;
    if (ndefg) {
        mw_global *block;
        if (!zarray(e, inst, MWI_OWN_GLOBAL_DEFS, &block, ndefg, sizeof(mw_global)))
            goto nomem;
        for (uint32_t j = 0; j < ndefg; j++) {
            uint32_t gidx = m->nglobal_imports + j;
            mw_global *g = &block[j];
            g->hdr.kind = MW_EXTERN_GLOBAL;
            g->hdr.store = s;
            g->type = m->globals[gidx].type;
            g->mut = m->globals[gidx].mut;
            g->val = mwN_eval_const(inst, &m->globals[gidx].init, &g->hi);
            inst->globals[gidx] = g;
        }
    }
    if (m->native && m->native->desc.entries && mwK_bind(inst) != MW_OK)
        goto nomem;
    *out = inst;
    return MW_OK;
nomem:
    mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory instantiating a module");
    return MW_ERR_NOMEM;   /* explicit: MW_OK from here would hand out a NULL instance */
}

/* Spec steps 14-17: segments in order, then the start function. *//* ------------------------------------------------------------------ exports */

static void export_extern(mw_instance *inst, const mwi_export *x, mw_extern *out)
{
    out->kind = x->kind;
    switch (x->kind) {
    case MW_EXTERN_FUNC: out->of.func = inst->funcs[x->index]; break;
    case MW_EXTERN_TABLE: out->of.table = inst->tables[x->index]; break;
    case MW_EXTERN_MEMORY: out->of.memory = inst->mem; break;
    case MW_EXTERN_GLOBAL: out->of.global = inst->globals[x->index]; break;
    }
}

bool mw_instance_export(mw_instance *inst, const char *name, size_t name_len, mw_extern *out)
{
    if (!inst || (name_len && !name))
        return false;
    const mw_module *m = inst->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const mwi_export *x = &m->exports[i];
        if (x->name_len == name_len && mwi_bytes_eq(x->name, name, name_len)) {
            if (out)
                export_extern(inst, x, out);
            return true;
        }
    }
    return false;
}

bool mw_instance_export_nth(mw_instance *inst, uint32_t i, const char **name,
                            size_t *name_len, mw_extern *out)
{
    if (!inst || i >= inst->module->nexports)
        return false;
    const mwi_export *x = &inst->module->exports[i];
    if (name)
        *name = x->name;
    if (name_len)
        *name_len = x->name_len;
    if (out)
        export_extern(inst, x, out);
    return true;
}

mw_module *mw_instance_module(mw_instance *inst) { return inst->module; }

/* The host-function caller API is marshal.c's; this one looks in the exports. */

bool mw_caller_export(mw_caller *caller, const char *name, size_t name_len, mw_extern *out)
{
    return caller->inst ? mw_instance_export(caller->inst, name, name_len, out) : false;
}

