/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * instantiate.c — instantiation (spec exec/modules.rst "Instantiation"): import matching
 * with link errors that show both types, building the instance (instance.c), segments in
 * order, and the start function (call.c).
 *
 * Instantiation is staged so that every failure that is not a trap (bad imports, limits,
 * allocation) happens before anything outside the new instance is touched; such failures
 * roll the store back with mwS_unwind. From the first segment write on, the instance is
 * committed: a trap leaves it in the store because imported tables may already refer to
 * its functions.
 */
#include "mw_internal.h"

/* ------------------------------------------------------------------ import matching */

/* Spec valid/types.rst "Limits": actual {min, max?} matches expected {min', max'?}. */
static bool limits_match(uint64_t min, bool has_max, uint64_t max, const mw_limits *want)
{
    if (min < want->min)
        return false;
    if (!want->has_max)
        return true;
    return has_max && max <= want->max;
}

/* A type in WAT-like text ("func (param i32) (result i64)", "memory 1 2", "global (mut
 * i32)", "table 1 funcref"), for link errors that show the expected and actual types. */
typedef struct typetext { char *buf; size_t cap, len; } typetext;

static void tt_put(typetext *t, const char *fmt, const char *s, uint64_t v)
{
    if (t->len + 1 >= t->cap) return;
    size_t n = s ? mwE_format(t->buf + t->len, t->cap - t->len, fmt, s)
                 : mwE_format(t->buf + t->len, t->cap - t->len, fmt, (unsigned long long)v);
    t->len = t->len + n >= t->cap ? t->cap - 1 : t->len + n;
}

static void tt_functype(typetext *t, const mw_functype *ft)
{
    tt_put(t, "%s", "func", 0);
    for (uint32_t k = 0; k < ft->nparams; k++)
        tt_put(t, k ? " %s" : " (param %s", mw_valtype_name(ft->params[k]), 0);
    if (ft->nparams) tt_put(t, "%s", ")", 0);
    for (uint32_t k = 0; k < ft->nresults; k++)
        tt_put(t, k ? " %s" : " (result %s", mw_valtype_name(ft->results[k]), 0);
    if (ft->nresults) tt_put(t, "%s", ")", 0);
}

static void tt_limits(typetext *t, uint64_t min, bool has_max, uint64_t max)
{
    tt_put(t, " %llu", NULL, min);
    if (has_max) tt_put(t, " %llu", NULL, max);
}

static void tt_import(typetext *t, const mw_module *m, const mwi_import *imp)
{
    switch (imp->kind) {
    case MW_EXTERN_FUNC:
        tt_functype(t, &m->types[m->funcs[imp->index].type]);
        break;
    case MW_EXTERN_TABLE: {
        const mwi_table *w = &m->tables[imp->index];
        tt_put(t, "%s", "table", 0);
        tt_limits(t, w->lim.min, w->lim.has_max, w->lim.max);
        tt_put(t, " %s", mw_valtype_name(w->elem), 0);
        break;
    }
    case MW_EXTERN_MEMORY: {
        const mwi_memory *w = &m->mems[imp->index];
        tt_put(t, "%s", "memory", 0);
        tt_limits(t, w->lim.min, w->lim.has_max, w->lim.max);
        break;
    }
    case MW_EXTERN_GLOBAL: {
        const mwi_global *w = &m->globals[imp->index];
        tt_put(t, w->mut ? "global (mut %s)" : "global %s", mw_valtype_name(w->type), 0);
        break;
    }
    }
}

static void tt_extern(typetext *t, const mw_extern *x)
{
    switch (x->kind) {
    case MW_EXTERN_FUNC:
        tt_functype(t, x->of.func->type);
        break;
    case MW_EXTERN_TABLE:
        tt_put(t, "%s", "table", 0);
        tt_limits(t, x->of.table->size, x->of.table->lim.has_max, x->of.table->lim.max);
        tt_put(t, " %s", mw_valtype_name(x->of.table->elem), 0);
        break;
    case MW_EXTERN_MEMORY:
        tt_put(t, "%s", "memory", 0);
        tt_limits(t, x->of.memory->pages, x->of.memory->lim.has_max,
                        x->of.memory->lim.max);
        break;
    case MW_EXTERN_GLOBAL:
        tt_put(t, x->of.global->mut ? "global (mut %s)" : "global %s",
                mw_valtype_name(x->of.global->type), 0);
        break;
    }
}

static mw_result check_import(mw_store *s, const mw_module *m, uint32_t i,
                              const mw_extern *ext, mw_error *err)
{
    const mwi_import *imp = &m->imports[i];
    const mwi_obj *obj = mwS_extern_obj(ext);
    if (!obj)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "import %u (\"%.*s\".\"%.*s\") is NULL or of no known kind", i,
                       (int)imp->module_len, imp->module, (int)imp->name_len, imp->name);
    /* One check for every kind: an object of another store could be freed with it. */
    if (obj->store != s)
        return mwE_set(err, MW_ERR_LINK, SIZE_MAX,
                       "import \"%.*s\".\"%.*s\" belongs to another store",
                       (int)imp->module_len, imp->module, (int)imp->name_len, imp->name);
    bool ok = ext->kind == imp->kind;
    if (ok) {
        switch (imp->kind) {
        case MW_EXTERN_FUNC:
            ok = mwD_functype_eq(ext->of.func->type, &m->types[m->funcs[imp->index].type]);
            break;
        case MW_EXTERN_TABLE: {
            const mw_table *t = ext->of.table;
            const mwi_table *want = &m->tables[imp->index];
            ok = t->elem == want->elem &&
                 limits_match(t->size, t->lim.has_max, t->lim.max, &want->lim);
            break;
        }
        case MW_EXTERN_MEMORY: {
            const mw_memory *mem = ext->of.memory;
            ok = limits_match(mem->pages, mem->lim.has_max, mem->lim.max,
                              &m->mems[imp->index].lim);
            break;
        }
        case MW_EXTERN_GLOBAL: {
            const mw_global *g = ext->of.global;
            const mwi_global *want = &m->globals[imp->index];
            ok = g->type == want->type && g->mut == want->mut;
            break;
        }
        default:
            ok = false;
            break;
        }
    }
    if (!ok) {
        char want[96], got[96];
        typetext tw = { want, sizeof want, 0 }, tg = { got, sizeof got, 0 };
        want[0] = got[0] = '\0';
        tt_import(&tw, m, imp);
        tt_extern(&tg, ext);
        return mwE_set(err, MW_ERR_LINK, SIZE_MAX,
                       "incompatible import type for \"%.*s\".\"%.*s\": expected %s, got %s",
                       (int)(imp->module_len > 40 ? 40 : imp->module_len), imp->module,
                       (int)(imp->name_len > 40 ? 40 : imp->name_len), imp->name, want, got);
    }
    return MW_OK;
}
static mw_trap_code initialise(mw_store *s, mw_instance *inst)
{
    const mw_module *m = inst->module;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const mwi_elem *el = &m->elems[i];
        if (el->mode == MWI_SEG_ACTIVE) {
            uint32_t off = (uint32_t)mwN_eval_const(inst, &el->offset, NULL);
            mw_trap_code t = mwN_table_init(inst, inst->tables[el->table], i, off, 0, el->n);
            if (t != MW_TRAP_NONE)
                return t;
            inst->elem_dropped[i] = 1;
        } else if (el->mode == MWI_SEG_DECLARATIVE) {
            inst->elem_dropped[i] = 1;
        }
    }
    /* A module image holds exactly what the active segments would write. */
    bool mapped = mwV_image_apply(inst);
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const mwi_data *d = &m->datas[i];
        if (d->mode != MWI_SEG_ACTIVE)
            continue;
        if (mapped) {
            inst->data_dropped[i] = 1;
            continue;
        }
        uint32_t off = (uint32_t)mwN_eval_const(inst, &d->offset, NULL);
        mw_trap_code t = mwN_memory_init(inst, i, off, 0, d->len);
        if (t != MW_TRAP_NONE)
            return t;
        inst->data_dropped[i] = 1;
    }
    if (m->has_start)   /* the start function's type is [] -> [] */
        return mwA_call(s, inst->funcs[m->start], s->stack_top);
    return MW_TRAP_NONE;
}

mw_result mw_instance_new(mw_store *store, mw_module *module, const mw_extern *imports,
                          size_t nimports, mw_instance **out, mw_error *err)
{
    mwE_clear(err);
    if (out)
        *out = NULL;
    if (!store || !module || !out || (nimports && !imports))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_instance_new: NULL argument");
    if (module->engine != store->engine)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "module and store belong to different engines");
    if (nimports != module->nimports)
        return mwE_set(err, MW_ERR_LINK, SIZE_MAX, "expected %u imports, got %zu",
                       module->nimports, nimports);
    for (uint32_t i = 0; i < module->nimports; i++) {
        mw_result r = check_import(store, module, i, &imports[i], err);
        if (r != MW_OK)
            return r;
    }

    mwi_obj *mark = store->objects;
    mw_instance *inst = NULL;
    mw_result r = mwN_build(store, module, imports, &inst, err);
    if (r != MW_OK) {
        mwS_unwind(store, mark);
        return r;
    }
    mw_trap_code t = initialise(store, inst);
    if (t != MW_TRAP_NONE)
        return mwA_report_trap(store, t, err);
    *out = inst;
    return MW_OK;
}

