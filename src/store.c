/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * store.c — engine, store and the store-owned runtime objects (functions, memories,
 * tables, globals), and reading the backtrace of the last trap. Values convert to and
 * from slots in marshal.c; instances are built by instance.c, which records the blocks
 * it allocates so that they are freed here without knowing their layout.
 *
 * Every object starts with an mwi_obj header and is pushed on the store's object list
 * (newest first); mw_store_delete walks that list. Because the list is newest-first and
 * a store is single-threaded, an operation that fails half-way can roll back exactly what
 * it added with mwS_unwind.
 */
#include "mw_internal.h"

#define MW_MAX_PAGES 65536u

/* ------------------------------------------------------------------ helpers */

const mwi_obj *mwS_extern_obj(const mw_extern *x)
{
    switch (x->kind) {
    case MW_EXTERN_FUNC: return x->of.func ? &x->of.func->hdr : NULL;
    case MW_EXTERN_TABLE: return x->of.table ? &x->of.table->hdr : NULL;
    case MW_EXTERN_MEMORY: return x->of.memory ? &x->of.memory->hdr : NULL;
    case MW_EXTERN_GLOBAL: return x->of.global ? &x->of.global->hdr : NULL;
    default: return NULL;
    }
}

bool mwS_valtype_ok(mw_valtype t)
{
    return t == MW_I32 || t == MW_I64 || t == MW_F32 || t == MW_F64 ||
           t == MW_FUNCREF || t == MW_EXTERNREF || (MW_SIMD && t == MW_V128);
}

static bool reftype_ok(mw_valtype t) { return t == MW_FUNCREF || t == MW_EXTERNREF; }

/* ------------------------------------------------------------------ engine */

mw_result mw_engine_new(const mw_engine_config *cfg, mw_engine **out, mw_error *err)
{
    mwE_clear(err);
    if (!out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "engine output pointer is NULL");
    *out = NULL;
    if (!cfg || !cfg->alloc)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "engine config needs an allocator");

    /* The engine allocates itself with the hook it will own. */
    mw_engine tmp;
    tmp.alloc = cfg->alloc;
    tmp.alloc_ud = cfg->alloc_ud;
    tmp.max_call_depth = cfg->max_call_depth ? cfg->max_call_depth : MW_DEFAULT_CALL_DEPTH;
    tmp.value_stack_slots = cfg->value_stack_slots ? cfg->value_stack_slots
                                                   : MW_DEFAULT_STACK_SLOTS;
    tmp.max_host_reentry = cfg->max_host_reentry ? cfg->max_host_reentry
                                                 : MW_DEFAULT_HOST_REENTRY;
    tmp.max_native_stack = cfg->max_native_stack ? cfg->max_native_stack
                                                 : MW_DEFAULT_NATIVE_STACK;
    mw_engine *e = mwM_alloc(&tmp, sizeof *e);
    if (!e)
        return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory creating the engine");
    *e = tmp;
    mw_result r = mwT_init_traps();
    if (r != MW_OK) {
        mwM_free(&tmp, e, sizeof *e);
        return mwE_set(err, r, SIZE_MAX, "the platform could not install its trap handler");
    }
    *out = e;
    return MW_OK;
}

void mw_engine_delete(mw_engine *engine)
{
    if (!engine)
        return;
    /* Free through a copy: the hook must not read the block it is freeing. */
    mw_engine tmp = *engine;
    mwM_free(&tmp, engine, sizeof *engine);
}

/* ------------------------------------------------------------------ store */

mw_result mw_store_new(mw_engine *engine, const mw_store_limits *limits,
                       mw_store **out, mw_error *err)
{
    mwE_clear(err);
    if (!out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "store output pointer is NULL");
    *out = NULL;
    if (!engine)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "engine is NULL");

    /* Slot and frame counts are uint32; on 32-bit hosts their byte sizes can wrap. */
    /* MWI_CALLER_ZERO slots past the end: a call zeroes that many above the callee's
     * parameters before it knows the callee's frame size (interp.c CALL_INLINE). */
    uint64_t stack_bytes = ((uint64_t)engine->value_stack_slots + MWI_CALLER_ZERO) * sizeof(mw_slot);
    uint32_t frames_cap = engine->max_call_depth + MWI_STUB_FRAMES(engine->max_host_reentry);
    if (frames_cap < engine->max_call_depth)
        return mwE_set(err, MW_ERR_LIMIT, SIZE_MAX, "max_call_depth is too large");
    uint64_t frame_bytes = (uint64_t)frames_cap * sizeof(mwi_frame);
    if (stack_bytes > SIZE_MAX || frame_bytes > SIZE_MAX)
        return mwE_set(err, MW_ERR_LIMIT, SIZE_MAX, "store stacks exceed the address space");

    mw_store *s = mwM_zalloc(engine, sizeof *s);
    if (!s)
        goto nomem;
    s->stack = mwM_alloc(engine, (size_t)stack_bytes);
    if (!s->stack)
        goto nomem_s;
    s->frames = mwM_alloc(engine, (size_t)frame_bytes);
    if (!s->frames)
        goto nomem_stack;

    s->engine = engine;
    if (limits)
        s->limits = *limits;
    if (!s->limits.max_total_table_elements)
        s->limits.max_total_table_elements = MW_DEFAULT_STORE_TABLE_ELEMS;
    s->table_elems = 0;
    s->objects = NULL;
    s->stack_end = s->stack + engine->value_stack_slots;
    s->call_end = s->stack_end;   /* no poll bit set */
    s->stack_top = s->stack;
    s->nframes = 0;
    s->max_frames = engine->max_call_depth;
    s->frames_cap = frames_cap;
    s->reentry = 0;
    s->max_reentry = engine->max_host_reentry;
    s->sh.poll = 0;
    s->sh.trap = 0;
    s->sh.stack_limit = 0;
    s->fuel = 0;
    s->nbt = 0;
    s->trap = MW_TRAP_NONE;
    s->exit_code = 0;
    s->trap_msg[0] = '\0';
    s->resumable = 0;
    s->host_suspend = 0;
    s->host_fuel_short = 0;
    memset(&s->susp, 0, sizeof s->susp);   /* MWI_SUSP_NONE */
    *out = s;
    return MW_OK;

nomem_stack:
    mwM_free(engine, s->stack, (size_t)stack_bytes);
nomem_s:
    mwM_free(engine, s, sizeof *s);
nomem:
    return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory creating the store");
}

static size_t host_func_bytes(const mw_functype *t)
{
    return sizeof(mw_func) + ((size_t)t->nparams + t->nresults) * sizeof(mw_valtype);
}

/* Free an instance, also one that instantiation abandoned half-built: instance.c records
 * a block in inst->owned as soon as it exists. */
static void free_instance(mw_engine *e, mw_instance *inst)
{
    mwK_unbind(inst);
    for (unsigned k = 0; k < MWI_OWN_COUNT; k++)
        if (inst->owned[k].p)
            mwM_free(e, inst->owned[k].p, inst->owned[k].n);
    mw_module *mod = inst->module;
    mwM_free(e, inst, sizeof *inst);
    mw_module_delete(mod);
}

static void free_obj(mw_engine *e, mwi_obj *o)
{
    switch (o->kind) {
    case MW_EXTERN_FUNC: {
        /* Only host functions are linked one by one; wasm functions live in their
         * instance's block. */
        mw_func *f = (mw_func *)o;
        if (f->fin)
            f->fin(f->env);
        if (f->href)
            mwS_hostref_release(f->href);
        mwM_free(e, f, host_func_bytes(&f->own_type));
        break;
    }
    case MW_EXTERN_MEMORY: {
        mw_memory *m = (mw_memory *)o;
        mwV_mem_free(m);
        mwM_free(e, m, sizeof *m);
        break;
    }
    case MW_EXTERN_TABLE: {
        mw_table *t = (mw_table *)o;
        if (t->elems)
            mwM_free(e, t->elems, (size_t)t->cap * sizeof(mw_slot));
        mwM_free(e, t, sizeof *t);
        break;
    }
    case MW_EXTERN_GLOBAL:
        mwM_free(e, o, sizeof(mw_global));
        break;
    case MWI_OBJ_INSTANCE:
        free_instance(e, (mw_instance *)o);
        break;
    default:
        break;
    }
}

void mwS_unwind(mw_store *s, mwi_obj *mark)
{
    while (s->objects && s->objects != mark) {
        mwi_obj *o = s->objects;
        s->objects = o->next;
        if (o->kind == MW_EXTERN_TABLE)
            s->table_elems -= ((mw_table *)o)->size;
        free_obj(s->engine, o);
    }
}

void mw_store_delete(mw_store *store)
{
    if (!store)
        return;
    mw_engine *e = store->engine;
    mwS_unwind(store, NULL);
    mwM_free(e, store->frames, (size_t)store->frames_cap * sizeof(mwi_frame));
    mwM_free(e, store->stack,
             (size_t)(store->stack_end - store->stack + MWI_CALLER_ZERO) * sizeof(mw_slot));
    mwM_free(e, store, sizeof *store);
}

mw_engine *mw_store_engine(mw_store *store) { return store->engine; }

void mwS_link(mw_store *s, mwi_obj *o, uint8_t kind)
{
    o->kind = kind;
    o->store = s;
    o->next = s->objects;
    s->objects = o;
}

/* ------------------------------------------------------------------ fuel */

void mw_store_set_fuel(mw_store *store, uint64_t fuel)
{
    store->fuel = fuel;
    MWI_POLL_OR(&store->sh.poll, MWI_POLL_FUEL);
    mwS_poll_sync(store);
}

void mw_store_disable_fuel(mw_store *store)
{
    MWI_POLL_AND(&store->sh.poll, ~MWI_POLL_FUEL);
    mwS_poll_sync(store);
}

void mw_store_interrupt(mw_store *store)
{
    MWI_POLL_OR(&store->sh.poll, MWI_POLL_INTERRUPT);
    mwS_poll_sync(store);
}

uint32_t mw_store_trap_frames(const mw_store *store) { return store->nbt; }

void mwS_hostref_release(mwi_hostref *h)
{
    if (MWI_REF_DEC(&h->refs) != 0)
        return;
    if (h->fin)
        h->fin(h->env);
    mwM_free(h->engine, h, sizeof *h);
}

void mw_store_set_data(mw_store *store, void *data) { store->user_data = data; }

void *mw_store_get_data(const mw_store *store) { return store->user_data; }

/* The binary offset of the wasm instruction that emitted the unit at code position at
 * of defined function fidx: the function is translated again with its offset map
 * (only when a trap's frames are read), whose pairs ascend by code position; the last
 * pair at or before `at` is the instruction whose code holds it. SIZE_MAX if unknown. */
static size_t frame_offset(mw_module *m, uint32_t fidx, uint32_t at)
{
    if (at == MWI_AT_NONE || fidx < m->nfunc_imports || fidx >= m->nfuncs ||
        !m->funcs[fidx].code.ops)
        return SIZE_MAX;
    uint32_t *map, npairs;
    if (mwC_offsets(m, fidx, &map, &npairs) != MW_OK || !map)
        return SIZE_MAX;
    size_t off = SIZE_MAX;
    for (uint32_t k = 0; k < npairs && map[2 * k] <= at; k++)
        off = map[2 * k + 1];
    mwM_free(m->engine, map, ((size_t)2 * npairs + 1) * sizeof(uint32_t));
    return off;
}

bool mw_store_trap_frame(const mw_store *store, uint32_t i, mw_frame_info *out)
{
    if (i >= store->nbt) return false;
    const mw_func *f = store->bt[i];
    mw_module *m = f->inst ? f->inst->module : NULL;
    out->module = m;
    out->instance = f->inst;
    out->func_index = f->fidx;
    out->name_len = 0;
    out->name = m ? mw_module_func_name(m, f->fidx, &out->name_len) : NULL;
    out->module_offset = m ? frame_offset(m, f->fidx, store->bt_at[i]) : SIZE_MAX;
    out->func_offset = out->module_offset != SIZE_MAX &&
                       out->module_offset >= m->funcs[f->fidx].body_off
                       ? out->module_offset - m->funcs[f->fidx].body_off : SIZE_MAX;
    return true;
}

uint64_t mw_store_get_fuel(const mw_store *store) { return store->fuel; }

/* ------------------------------------------------------------------ functions */

mw_result mw_func_new_host(mw_store *store, const mw_functype *type, mw_host_fn fn,
                           void *env, mw_finalizer_fn fin, mw_func **out, mw_error *err)
{
    mwE_clear(err);
    if (!out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "function output pointer is NULL");
    *out = NULL;
    if (!store || !type || !fn)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "host function needs a store, type and callback");
    if ((type->nparams && !type->params) || (type->nresults && !type->results))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "function type arrays are NULL");
    for (uint32_t i = 0; i < type->nparams; i++)
        if (!mwS_valtype_ok(type->params[i]))
            return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "parameter %u has an unsupported type", i);
    for (uint32_t i = 0; i < type->nresults; i++)
        if (!mwS_valtype_ok(type->results[i]))
            return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "result %u has an unsupported type", i);

    uint64_t n = (uint64_t)type->nparams + type->nresults;
    if (n > (SIZE_MAX - sizeof(mw_func)) / sizeof(mw_valtype))
        return mwE_set(err, MW_ERR_LIMIT, SIZE_MAX, "function type too large");

    /* The type arrays follow the struct in the same block. */
    mw_func *f = mwM_zalloc(store->engine, host_func_bytes(type));
    if (!f)
        return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory creating a host function");
    mw_valtype *vt = (mw_valtype *)(void *)(f + 1);
    if (type->nparams)
        memcpy(vt, type->params, type->nparams * sizeof(mw_valtype));
    if (type->nresults)
        memcpy(vt + type->nparams, type->results, type->nresults * sizeof(mw_valtype));
    f->own_type.nparams = type->nparams;
    f->own_type.nresults = type->nresults;
    f->own_type.params = vt;
    f->own_type.results = vt + type->nparams;
    f->type = &f->own_type;
    f->inst = NULL;
    f->code = NULL;
    f->fidx = 0;
    f->host = fn;
    f->env = env;
    f->fin = fin;
    mwS_link(store, &f->hdr, MW_EXTERN_FUNC);
    *out = f;
    return MW_OK;
}

void mw_func_type(const mw_func *f, mw_functype *out) { *out = *f->type; }

/* ------------------------------------------------------------------ memories */

mw_result mwS_memory_grow(mw_memory *m, uint32_t delta, uint32_t *old)
{
    if (old)
        *old = m->pages;
    if (delta == 0)
        return MW_OK;
    if (delta > m->max_pages - m->pages)
        return MW_ERR_LIMIT;
    uint32_t npages = m->pages + delta;
    mw_result r = mwV_mem_grow(m, npages);
    if (r != MW_OK)
        return r;
    m->pages = npages;
    m->lim.min = npages;
    return MW_OK;
}

mw_result mw_memory_new(mw_store *store, mw_limits limits, mw_memory **out, mw_error *err)
{
    mwE_clear(err);
    if (!out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "memory output pointer is NULL");
    *out = NULL;
    if (!store)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "store is NULL");
    if (limits.min > MW_MAX_PAGES || (limits.has_max && limits.max > MW_MAX_PAGES))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "memory size must be at most 65536 pages");
    if (limits.has_max && limits.min > limits.max)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "memory minimum exceeds its maximum");

    uint64_t max_pages = limits.has_max ? limits.max : MW_MAX_PAGES;
    if (store->limits.max_memory_bytes && store->limits.max_memory_bytes / MW_PAGE_SIZE < max_pages)
        max_pages = store->limits.max_memory_bytes / MW_PAGE_SIZE;
    uint64_t size = limits.min * MW_PAGE_SIZE;   /* min <= 65536: no overflow */
    if (limits.min > max_pages || size > SIZE_MAX)
        return mwE_set(err, MW_ERR_LIMIT, SIZE_MAX,
                       "memory of %llu pages exceeds the store limit",
                       (unsigned long long)limits.min);

    mw_memory *m = mwM_zalloc(store->engine, sizeof *m);
    if (!m)
        goto nomem;
    m->hdr.store = store;
    m->max_pages = (uint32_t)max_pages;
    mw_result r = mwV_mem_init(m, (uint32_t)limits.min);
    if (r != MW_OK) {
        mwM_free(store->engine, m, sizeof *m);
        if (r == MW_ERR_NOMEM)
            goto nomem;
        return mwE_set(err, r, SIZE_MAX, "the platform cannot provide a memory of %llu pages",
                       (unsigned long long)limits.min);
    }
    (void)size;
    m->pages = (uint32_t)limits.min;
    m->lim = limits;
    if (!m->lim.has_max)
        m->lim.max = 0;
    mwS_link(store, &m->hdr, MW_EXTERN_MEMORY);
    *out = m;
    return MW_OK;
nomem:
    return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory creating a memory");
}

uint8_t *mw_memory_data(mw_memory *mem) { return mem->data; }
size_t mw_memory_size(const mw_memory *mem) { return (size_t)mem->size; }
uint32_t mw_memory_pages(const mw_memory *mem) { return mem->pages; }
void mw_memory_limits(const mw_memory *mem, mw_limits *out) { *out = mem->lim; }

mw_result mw_memory_grow(mw_memory *mem, uint32_t delta, uint32_t *old_pages, mw_error *err)
{
    mwE_clear(err);
    if (!mem)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "memory is NULL");
    mw_result r = mwS_memory_grow(mem, delta, old_pages);
    if (r == MW_ERR_LIMIT)
        return mwE_set(err, r, SIZE_MAX, "memory cannot grow past %u pages", mem->max_pages);
    if (r == MW_ERR_NOMEM)
        return mwE_set(err, r, SIZE_MAX, "out of memory growing a memory");
    return r;
}

/* ------------------------------------------------------------------ tables */

mw_result mwS_table_grow(mw_table *t, uint32_t delta, mw_slot init, uint32_t *old)
{
    if (old)
        *old = t->size;
    if (delta == 0)
        return MW_OK;
    mw_store *s = t->hdr.store;
    if (delta > t->max_size - t->size ||
        delta > s->limits.max_total_table_elements - s->table_elems)
        return MW_ERR_LIMIT;
    uint32_t nsize = t->size + delta;
    if (nsize > t->cap) {
        mw_engine *e = t->hdr.store->engine;
        /* Geometric capacity keeps repeated table.grow 1 linear; fall back to the exact
         * size when the larger block is refused. max_size <= MW_MAX_TABLE_ELEMS keeps
         * these products far from overflow. */
        uint32_t want = t->cap > t->max_size / 2 ? t->max_size : t->cap * 2;
        if (want < nsize)
            want = nsize;
        mw_slot *p = mwM_realloc(e, t->elems, (size_t)t->cap * sizeof(mw_slot),
                                 (size_t)want * sizeof(mw_slot));
        if (!p && want > nsize) {
            want = nsize;
            p = mwM_realloc(e, t->elems, (size_t)t->cap * sizeof(mw_slot),
                            (size_t)want * sizeof(mw_slot));
        }
        if (!p)
            return MW_ERR_NOMEM;
        t->elems = p;
        t->cap = want;
    }
    for (uint32_t i = t->size; i < nsize; i++)
        t->elems[i] = init;
    t->size = nsize;
    s->table_elems += delta;
    t->lim.min = nsize;
    return MW_OK;
}

mw_result mw_table_new(mw_store *store, mw_valtype elem, mw_limits limits, mw_val init,
                       mw_table **out, mw_error *err)
{
    mwE_clear(err);
    if (!out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "table output pointer is NULL");
    *out = NULL;
    if (!store)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "store is NULL");
    if (!reftype_ok(elem))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "table element type must be a reference type");
    if (init.type != elem)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "table initial value has the wrong type");
    if (!mwW_val_owned(store, &init))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "table initial value: function of another store");
    if (limits.min > UINT32_MAX || (limits.has_max && limits.max > UINT32_MAX))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "table limits exceed 2^32-1");
    if (limits.has_max && limits.min > limits.max)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "table minimum exceeds its maximum");

    uint64_t max_size = limits.has_max ? limits.max : UINT32_MAX;
    if (store->limits.max_table_elements && store->limits.max_table_elements < max_size)
        max_size = store->limits.max_table_elements;
    if (max_size > MW_MAX_TABLE_ELEMS)
        max_size = MW_MAX_TABLE_ELEMS;
    if (limits.min > max_size)
        return mwE_set(err, MW_ERR_LIMIT, SIZE_MAX,
                       "table of %llu elements exceeds the limit",
                       (unsigned long long)limits.min);
    if (limits.min > store->limits.max_total_table_elements - store->table_elems)
        return mwE_set(err, MW_ERR_LIMIT, SIZE_MAX,
                       "table of %llu elements exceeds the store's limit of %llu in all tables",
                       (unsigned long long)limits.min,
                       (unsigned long long)store->limits.max_total_table_elements);
    if (limits.min > SIZE_MAX / sizeof(mw_slot))
        return mwE_set(err, MW_ERR_LIMIT, SIZE_MAX, "table exceeds the address space");

    mw_table *t = mwM_zalloc(store->engine, sizeof *t);
    if (!t)
        goto nomem;
    uint32_t n = (uint32_t)limits.min;
    if (n) {
        t->elems = mwM_alloc(store->engine, (size_t)n * sizeof(mw_slot));
        if (!t->elems) {
            mwM_free(store->engine, t, sizeof *t);
            goto nomem;
        }
        mw_slot s = mwW_val_to_slot(&init);
        for (uint32_t i = 0; i < n; i++)
            t->elems[i] = s;
    }
    t->hdr.store = store;
    t->elem = elem;
    t->size = n;
    t->cap = n;
    t->max_size = (uint32_t)max_size;
    t->lim = limits;
    if (!t->lim.has_max)
        t->lim.max = 0;
    mwS_link(store, &t->hdr, MW_EXTERN_TABLE);
    store->table_elems += n;
    *out = t;
    return MW_OK;
nomem:
    return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory creating a table");
}

uint32_t mw_table_size(const mw_table *t) { return t->size; }
mw_valtype mw_table_elem_type(const mw_table *t) { return t->elem; }
void mw_table_limits(const mw_table *t, mw_limits *out) { *out = t->lim; }

mw_result mw_table_get(const mw_table *t, uint32_t i, mw_val *out)
{
    if (!t || !out || i >= t->size)
        return MW_ERR_ARG;
    *out = mwW_slot_to_val(t->elems[i], t->elem);
    return MW_OK;
}

mw_result mw_table_set(mw_table *t, uint32_t i, mw_val v)
{
    if (!t || i >= t->size || v.type != t->elem || !mwW_val_owned(t->hdr.store, &v))
        return MW_ERR_ARG;
    t->elems[i] = mwW_val_to_slot(&v);
    return MW_OK;
}

mw_result mw_table_grow(mw_table *t, uint32_t delta, mw_val init, uint32_t *old_size,
                        mw_error *err)
{
    mwE_clear(err);
    if (!t)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "table is NULL");
    if (init.type != t->elem)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "table initial value has the wrong type");
    if (!mwW_val_owned(t->hdr.store, &init))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "table initial value: function of another store");
    mw_result r = mwS_table_grow(t, delta, mwW_val_to_slot(&init), old_size);
    if (r == MW_ERR_LIMIT)
        return mwE_set(err, r, SIZE_MAX, "table cannot grow past %u elements", t->max_size);
    if (r == MW_ERR_NOMEM)
        return mwE_set(err, r, SIZE_MAX, "out of memory growing a table");
    return r;
}

/* ------------------------------------------------------------------ globals */

mw_result mw_global_new(mw_store *store, mw_valtype type, bool mutable_, mw_val init,
                        mw_global **out, mw_error *err)
{
    mwE_clear(err);
    if (!out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "global output pointer is NULL");
    *out = NULL;
    if (!store)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "store is NULL");
    if (!mwS_valtype_ok(type))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "unsupported global type");
    if (init.type != type)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "global initial value has the wrong type");
    if (!mwW_val_owned(store, &init))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "global initial value: function of another store");
    mw_global *g = mwM_zalloc(store->engine, sizeof *g);
    if (!g)
        return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory creating a global");
    g->type = type;
    g->mut = mutable_;
    mw_slot v[2] = { 0, 0 };
    mwW_val_to_slots(&init, v);
    g->val = v[0];
    g->hi = v[1];
    mwS_link(store, &g->hdr, MW_EXTERN_GLOBAL);
    *out = g;
    return MW_OK;
}

mw_val mw_global_get(const mw_global *g)
{
    mw_slot v[2] = { g->val, g->hi };
    return mwW_slots_to_val(v, g->type);
}

mw_result mw_global_set(mw_global *g, mw_val v)
{
    if (!g || !g->mut || v.type != g->type || !mwW_val_owned(g->hdr.store, &v))
        return MW_ERR_ARG;
    mw_slot w[2] = { 0, 0 };
    mwW_val_to_slots(&v, w);
    g->val = w[0];
    g->hi = w[1];
    return MW_OK;
}

mw_valtype mw_global_type(const mw_global *g, bool *mutable_)
{
    if (mutable_)
        *mutable_ = g->mut;
    return g->type;
}
