/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * instance.c — instantiation (spec exec/modules.rst "Instantiation"), constant
 * expressions, table/memory initialisation from segments, exports, function calls from
 * the embedder and the host-function caller API.
 *
 * Instantiation is staged so that every failure that is not a trap (bad imports, limits,
 * allocation) happens before anything outside the new instance is touched; such failures
 * roll the store back with mwS_unwind. From the first segment write on, the instance is
 * committed: a trap leaves it in the store because imported tables may already refer to
 * its functions.
 */
#include "mw_internal.h"
#include "opcodes.h"

/* ------------------------------------------------------------------ helpers */

static mw_result report_trap(mw_store *s, mw_trap_code trap, mw_error *err)
{
    const char *msg = mw_trap_message(trap);
    if (trap == MW_TRAP_HOST && s->trap_msg[0])
        msg = s->trap_msg;
    mwE_trap(err, trap, msg);
    if (err && trap == MW_TRAP_EXIT && err->code == MW_ERR_TRAP && err->trap == MW_TRAP_EXIT)
        err->exit_code = s->exit_code;
    return MW_ERR_TRAP;
}

/* Allocate a zeroed array of n elements; n == 0 yields NULL without allocating. */
static bool zarray(mw_engine *e, void *out, size_t n, size_t esz)
{
    void *p = NULL;
    if (n > SIZE_MAX / esz)
        return false;
    if (n) {
        p = mwM_zalloc(e, n * esz);
        if (!p)
            return false;
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
typedef struct mwN_text { char *buf; size_t cap, len; } mwN_text;

static void mwN_put(mwN_text *t, const char *fmt, const char *s, uint64_t v)
{
    if (t->len + 1 >= t->cap) return;
    size_t n = s ? mwE_format(t->buf + t->len, t->cap - t->len, fmt, s)
                 : mwE_format(t->buf + t->len, t->cap - t->len, fmt, (unsigned long long)v);
    t->len = t->len + n >= t->cap ? t->cap - 1 : t->len + n;
}

static void mwN_functype_text(mwN_text *t, const mw_functype *ft)
{
    mwN_put(t, "%s", "func", 0);
    for (uint32_t k = 0; k < ft->nparams; k++)
        mwN_put(t, k ? " %s" : " (param %s", mw_valtype_name(ft->params[k]), 0);
    if (ft->nparams) mwN_put(t, "%s", ")", 0);
    for (uint32_t k = 0; k < ft->nresults; k++)
        mwN_put(t, k ? " %s" : " (result %s", mw_valtype_name(ft->results[k]), 0);
    if (ft->nresults) mwN_put(t, "%s", ")", 0);
}

static void mwN_limits_text(mwN_text *t, uint64_t min, bool has_max, uint64_t max)
{
    mwN_put(t, " %llu", NULL, min);
    if (has_max) mwN_put(t, " %llu", NULL, max);
}

static void mwN_import_text(mwN_text *t, const mw_module *m, const mwi_import *imp)
{
    switch (imp->kind) {
    case MW_EXTERN_FUNC:
        mwN_functype_text(t, &m->types[m->funcs[imp->index].type]);
        break;
    case MW_EXTERN_TABLE: {
        const mwi_table *w = &m->tables[imp->index];
        mwN_put(t, "%s", "table", 0);
        mwN_limits_text(t, w->lim.min, w->lim.has_max, w->lim.max);
        mwN_put(t, " %s", mw_valtype_name(w->elem), 0);
        break;
    }
    case MW_EXTERN_MEMORY: {
        const mwi_memory *w = &m->mems[imp->index];
        mwN_put(t, "%s", "memory", 0);
        mwN_limits_text(t, w->lim.min, w->lim.has_max, w->lim.max);
        break;
    }
    case MW_EXTERN_GLOBAL: {
        const mwi_global *w = &m->globals[imp->index];
        mwN_put(t, w->mut ? "global (mut %s)" : "global %s", mw_valtype_name(w->type), 0);
        break;
    }
    }
}

static void mwN_extern_text(mwN_text *t, const mw_extern *x)
{
    switch (x->kind) {
    case MW_EXTERN_FUNC:
        mwN_functype_text(t, x->of.func->type);
        break;
    case MW_EXTERN_TABLE:
        mwN_put(t, "%s", "table", 0);
        mwN_limits_text(t, x->of.table->size, x->of.table->lim.has_max, x->of.table->lim.max);
        mwN_put(t, " %s", mw_valtype_name(x->of.table->elem), 0);
        break;
    case MW_EXTERN_MEMORY:
        mwN_put(t, "%s", "memory", 0);
        mwN_limits_text(t, x->of.memory->pages, x->of.memory->lim.has_max,
                        x->of.memory->lim.max);
        break;
    case MW_EXTERN_GLOBAL:
        mwN_put(t, x->of.global->mut ? "global (mut %s)" : "global %s",
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
        mwN_text tw = { want, sizeof want, 0 }, tg = { got, sizeof got, 0 };
        want[0] = got[0] = '\0';
        mwN_import_text(&tw, m, imp);
        mwN_extern_text(&tg, ext);
        return mwE_set(err, MW_ERR_LINK, SIZE_MAX,
                       "incompatible import type for \"%.*s\".\"%.*s\": expected %s, got %s",
                       (int)(imp->module_len > 40 ? 40 : imp->module_len), imp->module,
                       (int)(imp->name_len > 40 ? 40 : imp->name_len), imp->name, want, got);
    }
    return MW_OK;
}

/* ------------------------------------------------------------------ instantiation */

/* Allocate and fill everything of the instance; no observable effect outside it. */
static mw_result build(mw_store *s, mw_module *m, const mw_extern *imports,
                       mw_instance **out, mw_error *err)
{
    mw_engine *e = s->engine;
    mw_instance *inst = mwM_zalloc(e, sizeof *inst);
    if (!inst)
        goto nomem;
    inst->module = m;
    MWI_REF_INC(&m->refcount);   /* dropped by the store when it frees the instance */
    mwS_link(s, &inst->hdr, MWI_OBJ_INSTANCE);

    if (!zarray(e, &inst->funcs, m->nfuncs, sizeof(mw_func *)) ||
        !zarray(e, &inst->tables, m->ntables, sizeof(mw_table *)) ||
        !zarray(e, &inst->globals, m->nglobals, sizeof(mw_global *)) ||
        !zarray(e, &inst->elem_dropped, m->nelems, 1) ||
        !zarray(e, &inst->data_dropped, m->ndatas, 1))
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

    /* Defined functions share one block; store.c finds it at funcs[nfunc_imports]. */
    uint32_t ndef = m->nfuncs - m->nfunc_imports;
    if (ndef) {
        mw_func *block = mwM_zalloc(e, (size_t)ndef * sizeof(mw_func));
        if (!block)
            goto nomem;
        for (uint32_t j = 0; j < ndef; j++) {
            uint32_t fidx = m->nfunc_imports + j;
            mw_func *f = &block[j];
            f->hdr.kind = MW_EXTERN_FUNC;
            f->hdr.store = s;
            f->type = &m->types[m->funcs[fidx].type];
            f->inst = inst;
            f->code = &m->funcs[fidx].code;
            f->fidx = fidx;
            inst->funcs[fidx] = f;
        }
    }

    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        mw_val null = mwS_slot_to_val(0, m->tables[i].elem);
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
        mw_global *block = mwM_zalloc(e, (size_t)ndefg * sizeof(mw_global));
        if (!block)
            goto nomem;
        inst->globals[m->nglobal_imports] = &block[0];
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

/* Spec steps 14-17: segments in order, then the start function. */
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
        return mwI_call(s, inst->funcs[m->start], s->stack_top);
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
    mw_result r = build(store, module, imports, &inst, err);
    if (r != MW_OK) {
        mwS_unwind(store, mark);
        return r;
    }
    mw_trap_code t = initialise(store, inst);
    if (t != MW_TRAP_NONE)
        return report_trap(store, t, err);
    *out = inst;
    return MW_OK;
}

/* ------------------------------------------------------------------ exports */

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

/* ------------------------------------------------------------------ calls */

/* The results of f, returned in slots from sp. */
static void read_results(const mw_functype *t, const mw_slot *sp, mw_val *results)
{
    for (uint32_t i = 0, k = 0; i < t->nresults; i++) {
        results[i] = mwS_slots_to_val(sp + k, t->results[i]);
        k += mwi_slots(t->results[i]);
    }
}

static mw_result call(mw_store *store, mw_func *f, const mw_val *args, size_t nargs,
                      mw_val *results, size_t nresults, mw_error *err, bool resumable)
{
    mwE_clear(err);
    if (!store || !f)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_func_call: NULL store or function");
    if (store->susp.kind != MWI_SUSP_NONE)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX,
                       "the store has a suspended call: resume or abort it first");
    if (f->hdr.store != store)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "function belongs to another store");
    const mw_functype *t = f->type;
    if (nargs != t->nparams)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "expected %u arguments, got %zu",
                       t->nparams, nargs);
    if (nresults < t->nresults)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "expected room for %u results, got %zu",
                       t->nresults, nresults);
    if ((nargs && !args) || (t->nresults && !results))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_func_call: NULL argument or result array");
    for (uint32_t i = 0; i < t->nparams; i++) {
        if (args[i].type != t->params[i])
            return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "argument %u: expected %s, got %s", i,
                           mw_valtype_name(t->params[i]), mw_valtype_name(args[i].type));
        if (!mwS_val_owned(store, &args[i]))
            return mwE_set(err, MW_ERR_ARG, SIZE_MAX,
                           "argument %u: function reference of another store", i);
    }

    /* Arguments go in, results come back, in the same slots at the stack top. */
    uint32_t np = mwS_types_slots(t->params, t->nparams);
    uint32_t nr = mwS_types_slots(t->results, t->nresults);
    size_t need = np > nr ? np : nr;
    if ((size_t)(store->stack_end - store->stack_top) < need)
        return report_trap(store, MW_TRAP_STACK_EXHAUSTED, err);
    mw_slot *sp = store->stack_top;
    for (uint32_t i = 0, k = 0; i < t->nparams; i++)
        k += mwS_val_to_slots(&args[i], sp + k);
    /* A host function's call into its own store must not clear the outer call's flag. */
    uint8_t outer_resumable = store->resumable;
    store->resumable = resumable;
    mw_trap_code trap = mwI_call(store, f, sp);
    store->resumable = outer_resumable;
    if (trap == MWI_TRAP_SUSPEND) {
        store->susp.entry = f;
        store->susp.args = sp;
        store->susp.saved_top = store->stack_top;
        return MW_SUSPENDED;
    }
    if (trap != MW_TRAP_NONE)
        return report_trap(store, trap, err);
    read_results(t, sp, results);
    return MW_OK;
}

mw_result mw_func_call(mw_store *store, mw_func *f, const mw_val *args, size_t nargs,
                       mw_val *results, size_t nresults, mw_error *err)
{
    return call(store, f, args, nargs, results, nresults, err, false);
}

/* ------------------------------------------------------------------ resumable calls */

mw_result mw_func_call_resumable(mw_store *store, mw_func *f, const mw_val *args, size_t nargs,
                                 mw_val *results, size_t nresults, mw_error *err)
{
    return call(store, f, args, nargs, results, nresults, err, true);
}

mw_result mw_call_resume(mw_store *store, const mw_val *host_results, size_t nhost,
                         mw_val *results, size_t nresults, mw_error *err)
{
    mwE_clear(err);
    if (!store)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_call_resume: NULL store");
    mwi_susp *r = &store->susp;
    if (r->kind == MWI_SUSP_NONE)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_call_resume: no suspended call");
    const mw_functype *t = r->entry->type;
    if (nresults < t->nresults || (t->nresults && !results))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "expected room for %u results, got %zu",
                       t->nresults, results ? nresults : 0);
    if (r->kind == MWI_SUSP_AT_HOST) {
        /* The suspended host call's results, checked as a host function's are. */
        const mw_functype *ht = r->callee->type;
        if (nhost != ht->nresults || (nhost && !host_results))
            return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "expected %u host results, got %zu",
                           ht->nresults, nhost);
        for (uint32_t i = 0; i < ht->nresults; i++) {
            if (host_results[i].type != ht->results[i])
                return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "host result %u: expected %s, got %s",
                               i, mw_valtype_name(ht->results[i]),
                               mw_valtype_name(host_results[i].type));
            if (!mwS_val_owned(store, &host_results[i]))
                return mwE_set(err, MW_ERR_ARG, SIZE_MAX,
                               "host result %u: function reference of another store", i);
        }
        for (uint32_t i = 0, k = 0; i < ht->nresults; i++)
            k += mwS_val_to_slots(&host_results[i], r->nfp + k);
        r->kind = MWI_SUSP_AT_PC;   /* supplied: a second resume must not write them again */
    } else if (nhost) {
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX,
                       "host results given, but no host function suspended the call");
    }
    mw_func *entry = r->entry;
    mw_slot *sp = r->args;
    store->resumable = 1;
    mw_trap_code trap = mwI_resume(store);
    store->resumable = 0;
    if (trap == MWI_TRAP_SUSPEND)
        return MW_SUSPENDED;   /* entry, args and saved_top are unchanged */
    if (trap != MW_TRAP_NONE)
        return report_trap(store, trap, err);
    read_results(entry->type, sp, results);
    return MW_OK;
}

void mw_call_abort(mw_store *store)
{
    if (!store || store->susp.kind == MWI_SUSP_NONE)
        return;
    store->nframes = store->susp.base_frames;
    store->stack_top = store->susp.saved_top;
    store->susp.kind = MWI_SUSP_NONE;
    store->susp.reason = MW_SUSPEND_NONE;
}

bool mw_store_suspended(const mw_store *store)
{
    return store && store->susp.kind != MWI_SUSP_NONE;
}

mw_suspend_reason mw_store_suspend_reason(const mw_store *store)
{
    return mw_store_suspended(store) ? (mw_suspend_reason)store->susp.reason : MW_SUSPEND_NONE;
}

mw_func *mw_store_suspended_host(const mw_store *store)
{
    return mw_store_suspend_reason(store) == MW_SUSPEND_HOST ? store->susp.callee : NULL;
}

/* ------------------------------------------------------------------ caller API */

mw_store *mw_caller_store(mw_caller *caller) { return caller->store; }

mw_memory *mw_caller_memory(mw_caller *caller)
{
    return caller->inst ? caller->inst->mem : NULL;
}

bool mw_caller_export(mw_caller *caller, const char *name, size_t name_len, mw_extern *out)
{
    return caller->inst ? mw_instance_export(caller->inst, name, name_len, out) : false;
}

mw_result mw_caller_trap(mw_caller *caller, const char *msg)
{
    mw_store *s = caller->store;
    s->trap = MW_TRAP_HOST;
    if (!msg)
        msg = mw_trap_message(MW_TRAP_HOST);
    size_t n = mwE_strlen(msg);
    if (n >= sizeof s->trap_msg)
        n = sizeof s->trap_msg - 1;
    memmove(s->trap_msg, msg, n);
    s->trap_msg[n] = '\0';
    return MW_ERR_TRAP;
}

mw_result mw_caller_consume_fuel(mw_caller *caller, uint64_t units)
{
    mw_store *s = caller->store;
    if (!(MWI_POLL_LOAD(&s->sh.poll) & MWI_POLL_FUEL))
        return MW_OK;
    if (s->fuel < units) {
        /* Nothing done yet: a resumable call can run this host call again (resume.md). */
        s->host_fuel_short = s->reentry == 1;
        s->trap = MW_TRAP_OUT_OF_FUEL;
        mwE_format(s->trap_msg, sizeof s->trap_msg, "%s", mw_trap_message(MW_TRAP_OUT_OF_FUEL));
        return MW_ERR_TRAP;
    }
    s->fuel -= units;
    return MW_OK;
}

mw_result mw_caller_suspend(mw_caller *caller)
{
    mw_store *s = caller->store;
    if (!s->resumable || s->reentry != 1) {
        s->trap = MW_TRAP_HOST;
        mwE_format(s->trap_msg, sizeof s->trap_msg, "cannot suspend: %s",
                   s->resumable ? "a nested call (host re-entry) is not resumable"
                                : "the call was not made with mw_func_call_resumable");
        return MW_ERR_TRAP;
    }
    s->host_suspend = 1;
    return MW_SUSPENDED;
}

mw_result mw_caller_exit(mw_caller *caller, int32_t code)
{
    caller->store->trap = MW_TRAP_EXIT;
    caller->store->exit_code = code;
    return MW_ERR_TRAP;
}
