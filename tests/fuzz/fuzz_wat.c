/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fuzz_wat.c — libFuzzer target for the text format reader: the input is .wat/.wast
 * text (seeded with the spec scripts; libFuzzer truncates and mutates them). It is
 * parsed, every (module ...) found up to three levels deep is encoded, and each binary
 * the reader produces is handed to the core. Nothing may crash, hang or leak; the
 * counting allocator also fails one allocation in 64 inputs to exercise the out-of-memory
 * paths, and checks that every free names the size that was allocated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"
#include "minwasm_wat.h"

typedef struct { size_t live; unsigned long n, fail_at; } fz_track;

static void *fz_alloc(void *ud, void *p, size_t osize, size_t nsize)
{
    fz_track *t = ud;
    if (nsize == 0) {
        if (p != NULL) {
            size_t *h = (size_t *)p - 2;
            if (h[0] != osize)
                abort();   /* a free with the wrong size */
            t->live -= osize;
            free(h);
        }
        return NULL;
    }
    if (++t->n == t->fail_at)
        return NULL;
    size_t *h = realloc(p ? (size_t *)p - 2 : NULL, nsize + 2 * sizeof(size_t));
    if (h == NULL)
        return NULL;
    if (p != NULL && h[0] != osize)
        abort();
    t->live += nsize - (p ? osize : 0);
    h[0] = nsize;
    return h + 2;
}

static void fz_walk(mwt_doc *d, mw_engine *e, const mwt_sx *x, int depth)
{
    if (x->kind != MWT_LIST || depth > 3)
        return;
    if (x->n > 0 && x->items[0]->kind == MWT_ATOM && x->items[0]->len == 6 &&
        memcmp(x->items[0]->text, "module", 6) == 0) {
        uint8_t *bin;
        size_t len;
        const char *name;
        size_t nl;
        bool def;
        mwt_error err;
        if (mwt_encode_module(d, x, &bin, &len, &name, &nl, &def, &err) == MW_OK) {
            mw_module *m = NULL;
            mw_error merr;
            if (e != NULL && mw_module_new(e, bin, len, &m, &merr) == MW_OK)
                mw_module_delete(m);
            mwt_free(d, bin, len);
        }
        return;
    }
    for (uint32_t i = 0; i < x->n; i++)
        fz_walk(d, e, x->items[i], depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned long calls;
    fz_track t = { 0, 0, 0 };
    if (++calls % 64 == 0)
        t.fail_at = 1 + (calls / 64) % 2000;
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = fz_alloc;
    cfg.alloc_ud = &t;
    mw_engine *e = NULL;
    mw_error err;
    if (mw_engine_new(&cfg, &e, &err) != MW_OK)
        e = NULL;
    mwt_doc *d = NULL;
    mwt_error werr;
    if (mwt_doc_parse(fz_alloc, &t, (const char *)data, size, &d, &werr) == MW_OK) {
        for (uint32_t i = 0; i < mwt_doc_count(d); i++)
            fz_walk(d, e, mwt_doc_item(d, i), 0);
        mwt_doc_free(d);
    }
    /* The whole-file entry point too (bare module fields). */
    uint8_t *bin;
    size_t len;
    if (mwt_wat_to_wasm(fz_alloc, &t, (const char *)data, size, &bin, &len, &werr) == MW_OK)
        fz_alloc(&t, bin, len, 0);
    if (e != NULL)
        mw_engine_delete(e);
    if (t.live != 0)
        abort();   /* leak */
    return 0;
}
