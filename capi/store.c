/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * store.c — wasm.h configs, engines and stores, and capi's memory helpers.
 *
 * Objects of a store are allocated with the engine's allocator hook (the default
 * engine's is libc); types and vectors, whose constructors have no engine, use libc.
 */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

static void *libc_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    (void)ud;
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, nsize);
}

void *mwG_alloc(wasm_engine_t *e, size_t n)
{
    void *p = e->alloc(e->alloc_ud, NULL, 0, n);
    if (p) memset(p, 0, n);
    return p;
}

void mwG_free(wasm_engine_t *e, void *p, size_t n)
{
    if (p) e->alloc(e->alloc_ud, p, n, 0);
}

void *mwG_xmalloc(size_t n) { return calloc(1, n ? n : 1); }

/* ------------------------------------------------------------------ config */

wasm_config_t *wasm_config_new(void)
{
    wasm_config_t *c = mwG_xmalloc(sizeof *c);
    if (!c) return NULL;
    c->alloc = libc_alloc;
    return c;
}

void wasm_config_delete(wasm_config_t *c) { free(c); }

void mw_wasm_config_set_alloc(wasm_config_t *c, mw_wasm_alloc_fn alloc, void *ud)
{
    if (!c) return;
    c->alloc = alloc ? alloc : libc_alloc;
    c->alloc_ud = alloc ? ud : NULL;
}

/* ------------------------------------------------------------------ engine */

wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *config)
{
    mw_alloc_fn alloc = config && config->alloc ? config->alloc : libc_alloc;
    void *ud = config ? config->alloc_ud : NULL;
    wasm_config_delete(config);
    wasm_engine_t *e = alloc(ud, NULL, 0, sizeof *e);
    if (!e) return NULL;
    memset(e, 0, sizeof *e);
    e->alloc = alloc;
    e->alloc_ud = ud;
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc;
    cfg.alloc_ud = ud;
    if (mw_engine_new(&cfg, &e->mw, NULL) != MW_OK) {
        alloc(ud, e, sizeof *e, 0);
        return NULL;
    }
    return e;
}

wasm_engine_t *wasm_engine_new(void) { return wasm_engine_new_with_config(NULL); }

void wasm_engine_delete(wasm_engine_t *e)
{
    if (!e) return;
    mw_engine_delete(e->mw);
    e->alloc(e->alloc_ud, e, sizeof *e, 0);
}

/* ------------------------------------------------------------------ store */

wasm_store_t *wasm_store_new(wasm_engine_t *engine)
{
    if (!engine) return NULL;
    wasm_store_t *s = mwG_alloc(engine, sizeof *s);
    if (!s) return NULL;
    s->engine = engine;
    if (mw_store_new(engine->mw, NULL, &s->mw, NULL) != MW_OK) {
        mwG_free(engine, s, sizeof *s);
        return NULL;
    }
    return s;
}

void wasm_store_delete(wasm_store_t *s)
{
    if (!s) return;
    /* The objects first (their finalizers may still look at host info), then the
     * minwasm store, which runs the finalizers of host functions' environments. */
    mwG_store_free_objects(s);
    mw_store_delete(s->mw);
    mwG_free(s->engine, s->index, s->index_cap * sizeof *s->index);
    mwG_free(s->engine, s, sizeof *s);
}
