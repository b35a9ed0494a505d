/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * linker.c — a (module, name) -> definition map used to resolve imports.
 *
 * A definition is either a store-bound extern (mw_linker_define, define_instance) or a
 * store-independent host function (define_func), which becomes a store-owned mw_func
 * each time a module is instantiated with it. Names are copied byte strings compared
 * with their lengths (never NUL-terminated). A host definition's finalizer is shared,
 * reference counted, by the linker and every store function made from it. An open-addressing hash
 * index keeps define and lookup O(1), so defining every export of a large instance
 * stays linear.
 */
#include "mw_internal.h"

typedef struct mwl_def {
    uint32_t hash;
    uint32_t module_len, name_len;
    const char *module, *name;   /* inside block */
    void *block;                 /* [param/result types][module bytes][name bytes] */
    size_t block_size;
    bool is_host;
    mw_extern ext;               /* !is_host */
    mw_functype type;            /* is_host: arrays inside block */
    mw_host_fn fn;
    void *env;
    mwi_hostref *href;           /* is_host with a finalizer: shared with store functions */
} mwl_def;

struct mw_linker {
    mw_engine *engine;
    mwl_def *defs;
    uint32_t ndefs, cap;
    uint32_t *index;             /* def index + 1, 0 = empty; nslots is a power of two */
    uint32_t nslots;
};

/* FNV-1a over module, a separator that no name length can fake, then name. */
static uint32_t name_hash(const char *mod, size_t mlen, const char *name, size_t nlen)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < mlen; i++)
        h = (h ^ (uint8_t)mod[i]) * 16777619u;
    h = (h ^ (uint32_t)(mlen & 0xFFFFFFFFu)) * 16777619u;
    for (size_t i = 0; i < nlen; i++)
        h = (h ^ (uint8_t)name[i]) * 16777619u;
    return h;
}

/* The def index for (mod, name), or UINT32_MAX. */
static uint32_t find(const mw_linker *l, uint32_t h, const char *mod, size_t mlen,
                     const char *name, size_t nlen)
{
    if (!l->nslots)
        return UINT32_MAX;
    uint32_t mask = l->nslots - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t v = l->index[i];
        if (!v)
            return UINT32_MAX;
        const mwl_def *d = &l->defs[v - 1];
        if (d->hash == h && d->module_len == mlen && d->name_len == nlen &&
            mwi_bytes_eq(d->module, mod, mlen) && mwi_bytes_eq(d->name, name, nlen))
            return v - 1;
    }
}

static void index_put(uint32_t *slots, uint32_t nslots, uint32_t h, uint32_t defi)
{
    uint32_t mask = nslots - 1;
    uint32_t i = h & mask;
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = defi + 1;
}

mw_result mw_linker_new(mw_engine *engine, mw_linker **out, mw_error *err)
{
    mwE_clear(err);
    if (!out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "linker output pointer is NULL");
    *out = NULL;
    if (!engine)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "engine is NULL");
    mw_linker *l = mwM_zalloc(engine, sizeof *l);
    if (!l)
        return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory creating a linker");
    l->engine = engine;
    *out = l;
    return MW_OK;
}

void mw_linker_delete(mw_linker *l)
{
    if (!l)
        return;
    mw_engine *e = l->engine;
    for (uint32_t i = 0; i < l->ndefs; i++) {
        mwM_free(e, l->defs[i].block, l->defs[i].block_size);
        if (l->defs[i].href)
            mwS_hostref_release(l->defs[i].href);
    }
    if (l->defs)
        mwM_free(e, l->defs, (size_t)l->cap * sizeof(mwl_def));
    if (l->index)
        mwM_free(e, l->index, (size_t)l->nslots * sizeof(uint32_t));
    mwM_free(e, l, sizeof *l);
}

/* Add or replace a definition. d carries the payload (ext or host fields); the names
 * and the host type are copied here. On failure nothing changes. */
static mw_result define(mw_linker *l, const char *mod, size_t mlen, const char *name,
                        size_t nlen, mwl_def *d, mw_error *err)
{
    mw_engine *e = l->engine;
    if (mlen > UINT32_MAX || nlen > UINT32_MAX)
        return mwE_set(err, MW_ERR_LIMIT, SIZE_MAX, "linker name too long");
    size_t ntypes = d->is_host ? (size_t)d->type.nparams + d->type.nresults : 0;
    if (ntypes > (SIZE_MAX - mlen - nlen - 1) / sizeof(mw_valtype))
        return mwE_set(err, MW_ERR_LIMIT, SIZE_MAX, "linker definition too large");
    size_t tbytes = ntypes * sizeof(mw_valtype);
    size_t size = tbytes + mlen + nlen;
    if (size == 0)
        size = 1;   /* an allocation of 0 bytes would be a free */

    /* Allocate before touching the linker so a failure leaves it as it was. */
    char *block = mwM_alloc(e, size);
    if (!block)
        goto nomem;
    mw_valtype *vt = (mw_valtype *)(void *)block;
    if (d->is_host) {
        if (d->type.nparams)
            memcpy(vt, d->type.params, d->type.nparams * sizeof(mw_valtype));
        if (d->type.nresults)
            memcpy(vt + d->type.nparams, d->type.results, d->type.nresults * sizeof(mw_valtype));
        d->type.params = vt;
        d->type.results = vt + d->type.nparams;
    }
    char *names = block + tbytes;
    if (mlen)
        memcpy(names, mod, mlen);
    if (nlen)
        memcpy(names + mlen, name, nlen);
    d->module = names;
    d->name = names + mlen;
    d->module_len = (uint32_t)mlen;
    d->name_len = (uint32_t)nlen;
    d->block = block;
    d->block_size = size;
    d->hash = name_hash(mod, mlen, name, nlen);

    uint32_t at = find(l, d->hash, mod, mlen, name, nlen);
    if (at != UINT32_MAX) {
        mwM_free(e, l->defs[at].block, l->defs[at].block_size);
        if (l->defs[at].href)
            mwS_hostref_release(l->defs[at].href);
        l->defs[at] = *d;
        return MW_OK;
    }

    if (l->ndefs == UINT32_MAX / 4)
        goto limit;
    void *defs = l->defs;
    if (!mwM_grow(e, &defs, &l->cap, l->ndefs + 1, sizeof(mwl_def))) {
        mwM_free(e, block, size);
        goto nomem;
    }
    l->defs = defs;
    /* Keep the load factor at most 1/2 so probe chains stay short. */
    if ((uint64_t)(l->ndefs + 1) * 2 > l->nslots) {
        uint32_t nslots = l->nslots ? l->nslots * 2 : 16;
        uint32_t *slots = mwM_zalloc(e, (size_t)nslots * sizeof(uint32_t));
        if (!slots) {
            mwM_free(e, block, size);
            goto nomem;
        }
        for (uint32_t i = 0; i < l->ndefs; i++)
            index_put(slots, nslots, l->defs[i].hash, i);
        if (l->index)
            mwM_free(e, l->index, (size_t)l->nslots * sizeof(uint32_t));
        l->index = slots;
        l->nslots = nslots;
    }
    l->defs[l->ndefs] = *d;
    index_put(l->index, l->nslots, d->hash, l->ndefs);
    l->ndefs++;
    return MW_OK;
limit:
    mwM_free(e, block, size);
    return mwE_set(err, MW_ERR_LIMIT, SIZE_MAX, "too many linker definitions");
nomem:
    return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory defining \"%.*s\".\"%.*s\"",
                   (int)mlen, mod, (int)nlen, name);
}

static bool extern_ok(const mw_extern *x)
{
    switch (x->kind) {
    case MW_EXTERN_FUNC: return x->of.func != NULL;
    case MW_EXTERN_TABLE: return x->of.table != NULL;
    case MW_EXTERN_MEMORY: return x->of.memory != NULL;
    case MW_EXTERN_GLOBAL: return x->of.global != NULL;
    default: return false;
    }
}

mw_result mw_linker_define(mw_linker *l, const char *module, size_t module_len,
                           const char *name, size_t name_len, const mw_extern *ext,
                           mw_error *err)
{
    mwE_clear(err);
    if (!l || (!module && module_len) || (!name && name_len) || !ext || !extern_ok(ext))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_linker_define: NULL or invalid argument");
    mwl_def d;
    memset(&d, 0, sizeof d);
    d.ext = *ext;
    return define(l, module, module_len, name, name_len, &d, err);
}

mw_result mw_linker_define_func(mw_linker *l, const char *module, size_t module_len,
                                const char *name, size_t name_len, const mw_functype *type,
                                mw_host_fn fn, void *env, mw_finalizer_fn fin,
                                mw_error *err)
{
    mwE_clear(err);
    if (!l || (!module && module_len) || (!name && name_len) || !type || !fn ||
        (type->nparams && !type->params) || (type->nresults && !type->results))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_linker_define_func: NULL argument");
    /* Reject what mw_func_new_host would, now rather than at instantiation. */
    for (uint64_t i = 0; i < (uint64_t)type->nparams + type->nresults; i++) {
        mw_valtype v = i < type->nparams ? type->params[i]
                                         : type->results[i - type->nparams];
        if (!mwS_valtype_ok(v))
            return mwE_set(err, MW_ERR_ARG, SIZE_MAX,
                           "\"%.*s\".\"%.*s\": unsupported value type",
                           (int)(module_len > 64 ? 64 : module_len), module,
                           (int)(name_len > 64 ? 64 : name_len), name);
    }
    mwl_def d;
    memset(&d, 0, sizeof d);
    d.is_host = true;
    d.type = *type;
    d.fn = fn;
    d.env = env;
    if (fin) {
        d.href = mwM_zalloc(l->engine, sizeof *d.href);
        if (!d.href)
            return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory defining a host function");
        d.href->refs = 1;
        d.href->fin = fin;
        d.href->env = env;
        d.href->engine = l->engine;
    }
    mw_result r = define(l, module, module_len, name, name_len, &d, err);
    if (r != MW_OK && d.href)
        mwM_free(l->engine, d.href, sizeof *d.href);   /* not defined: fin is not called */
    return r;
}

mw_result mw_linker_define_instance(mw_linker *l, const char *module, size_t module_len,
                                    mw_instance *inst, mw_error *err)
{
    mwE_clear(err);
    if (!l || (!module && module_len) || !inst)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_linker_define_instance: NULL argument");
    const char *name;
    size_t nlen;
    mw_extern x;
    for (uint32_t i = 0; mw_instance_export_nth(inst, i, &name, &nlen, &x); i++) {
        mwl_def d;
        memset(&d, 0, sizeof d);
        d.ext = x;
        mw_result r = define(l, module, module_len, name, nlen, &d, err);
        if (r != MW_OK)
            return r;
    }
    return MW_OK;
}

/* A store function for host definition d. */
static mw_result host_func(mw_store *store, const mwl_def *d, mw_func **out, mw_error *err)
{
    mw_result r = mw_func_new_host(store, &d->type, d->fn, d->env, NULL, out, err);
    if (r == MW_OK && d->href) {
        MWI_REF_INC(&d->href->refs);
        (*out)->href = d->href;
    }
    return r;
}

mw_result mw_linker_get(mw_linker *l, mw_store *store, const char *module,
                        size_t module_len, const char *name, size_t name_len,
                        mw_extern *out, mw_error *err)
{
    mwE_clear(err);
    if (!l || !store || (!module && module_len) || (!name && name_len) || !out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_linker_get: NULL argument");
    uint32_t at = find(l, name_hash(module, module_len, name, name_len), module, module_len,
                       name, name_len);
    if (at == UINT32_MAX)
        return mwE_set(err, MW_ERR_NOT_FOUND, SIZE_MAX, "\"%.*s\".\"%.*s\" is not defined",
                       (int)(module_len > 64 ? 64 : module_len), module,
                       (int)(name_len > 64 ? 64 : name_len), name);
    const mwl_def *d = &l->defs[at];
    if (!d->is_host) {
        const mwi_obj *o = mwS_extern_obj(&d->ext);
        if (!o || o->store != store)
            return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "\"%.*s\".\"%.*s\" belongs to another store",
                           (int)(module_len > 64 ? 64 : module_len), module,
                           (int)(name_len > 64 ? 64 : name_len), name);
        *out = d->ext;
        return MW_OK;
    }
    out->kind = MW_EXTERN_FUNC;
    return host_func(store, d, &out->of.func, err);
}

mw_result mw_linker_instantiate(mw_linker *l, mw_store *store, mw_module *module,
                                mw_instance **out, mw_error *err)
{
    mwE_clear(err);
    if (out)
        *out = NULL;
    if (!l || !store || !module || !out)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_linker_instantiate: NULL argument");

    uint32_t n = module->nimports;
    mw_extern *ext = NULL;
    const mwl_def **defs = NULL;
    mw_engine *e = store->engine;
    if (n) {
        ext = mwM_zalloc(e, (size_t)n * sizeof *ext);
        defs = mwM_alloc(e, (size_t)n * sizeof *defs);
        if (!ext || !defs) {
            if (ext)
                mwM_free(e, ext, (size_t)n * sizeof *ext);
            if (defs)
                mwM_free(e, defs, (size_t)n * sizeof *defs);
            return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory resolving imports");
        }
    }

    /* Resolve every name before creating anything in the store. */
    mwi_obj *mark = store->objects;
    mw_result r = MW_OK;
    for (uint32_t i = 0; i < n; i++) {
        const mwi_import *imp = &module->imports[i];
        uint32_t at = find(l, name_hash(imp->module, imp->module_len, imp->name, imp->name_len),
                           imp->module, imp->module_len, imp->name, imp->name_len);
        if (at == UINT32_MAX) {
            r = mwE_set(err, MW_ERR_LINK, SIZE_MAX, "unknown import \"%.*s\".\"%.*s\"",
                        (int)imp->module_len, imp->module, (int)imp->name_len, imp->name);
            goto done;
        }
        defs[i] = &l->defs[at];
    }

    for (uint32_t i = 0; i < n; i++) {
        const mwl_def *d = defs[i];
        if (!d->is_host) {
            ext[i] = d->ext;
            continue;
        }
        ext[i].kind = MW_EXTERN_FUNC;
        r = host_func(store, d, &ext[i].of.func, err);
        if (r != MW_OK) {
            mwS_unwind(store, mark);
            goto done;
        }
    }
    r = mw_instance_new(store, module, ext, n, out, err);
    /* A trap keeps the instance (and so the host functions it may reference); any
     * other failure happened before anything referenced them. */
    if (r != MW_OK && r != MW_ERR_TRAP)
        mwS_unwind(store, mark);
done:
    if (n) {
        mwM_free(e, ext, (size_t)n * sizeof *ext);
        mwM_free(e, defs, (size_t)n * sizeof *defs);
    }
    return r;
}
