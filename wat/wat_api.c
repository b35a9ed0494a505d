/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wat_api.c — the public entry points: (module ...) nodes including `module definition`,
 * `module binary` and `module quote`, whole .wat files, and mw_module_new_text.
 */
#include "enc.h"

void mwt_free(mwt_doc *d, void *p, size_t size)
{
    if (d != NULL && p != NULL)
        d->alloc(d->ud, p, size, 0);
}

/* Concatenates the strings items[i..] into one block from the doc's allocator. */
static mw_result mwt_concat(mwt_doc *d, const mwt_sx *m, uint32_t i, uint8_t **out, size_t *len,
                            mwt_error *err)
{
    size_t total = 0;
    for (uint32_t k = i; k < m->n; k++) {
        if (m->items[k]->kind != MWT_STRING)
            return mwt_failat(err, m->items[k], "unexpected token, expected a string");
        total += m->items[k]->len;
    }
    /* One spare byte so an empty module still gets a non-NULL block. */
    uint8_t *p = d->alloc(d->ud, NULL, 0, total + 1);
    if (p == NULL)
        return mwt_nomem(err);
    size_t at = 0;
    for (uint32_t k = i; k < m->n; k++) {
        memcpy(p + at, m->items[k]->text, m->items[k]->len);
        at += m->items[k]->len;
    }
    *out = p;
    *len = total;
    return MW_OK;
}

/* Text of a whole file (or of a module quote): one (module ...) or bare fields. */
static mw_result mwt_doc_encode(mwt_doc *d, uint8_t **bin, size_t *len, mwt_error *err)
{
    if (d->ntop == 1 && mwt_head(d->top[0], "module")) {
        const char *nm;
        size_t nl;
        bool def;
        return mwt_encode_module(d, d->top[0], bin, len, &nm, &nl, &def, err);
    }
    for (uint32_t i = 0; i < d->ntop; i++)
        if (mwt_head(d->top[i], "module"))
            return mwt_failat(err, d->top[i], "unexpected token: a module inside module fields");
    return mwt_encode_fields(d, d->top, d->ntop, NULL, bin, len, err);
}

static mw_result mwt_quote(mwt_doc *d, const uint8_t *text, size_t tlen, uint8_t **bin,
                           size_t *len, mwt_error *err)
{
    mwt_doc *q = NULL;
    mw_result r = mwt_doc_parse(d->alloc, d->ud, (const char *)text, tlen, &q, err);
    if (r != MW_OK)
        return r;
    r = mwt_doc_encode(q, bin, len, err);
    mwt_doc_free(q);
    return r;
}

mw_result mwt_encode_module(mwt_doc *d, const mwt_sx *m, uint8_t **bin, size_t *len,
                            const char **name, size_t *name_len, bool *is_definition,
                            mwt_error *err)
{
    mwt_error dummy;
    if (err == NULL)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (d == NULL || m == NULL || bin == NULL || len == NULL)
        return mwt_fail(err, 0, 0, "bad argument");
    *bin = NULL;
    *len = 0;
    if (name != NULL)
        *name = NULL;
    if (name_len != NULL)
        *name_len = 0;
    if (is_definition != NULL)
        *is_definition = false;
    if (!mwt_head(m, "module"))
        return mwt_failat(err, m, "unexpected token, expected (module ...)");
    uint32_t i = 1;
    if (i < m->n && mwt_is(m->items[i], "definition")) {
        if (is_definition != NULL)
            *is_definition = true;
        i++;
    }
    if (i < m->n && m->items[i]->kind == MWT_ATOM && m->items[i]->len > 0 &&
        m->items[i]->text[0] == '$') {
        if (name != NULL)
            *name = m->items[i]->text;
        if (name_len != NULL)
            *name_len = m->items[i]->len;
        i++;
    }
    if (i < m->n && mwt_is(m->items[i], "binary")) {
        uint8_t *p;
        size_t n;
        mw_result r = mwt_concat(d, m, i + 1, &p, &n, err);
        if (r != MW_OK)
            return r;
        /* An exactly sized block, so the caller frees it with *len (an empty module
         * binary is NULL, 0). */
        if (n == 0) {
            d->alloc(d->ud, p, 1, 0);
            return MW_OK;
        }
        uint8_t *q = d->alloc(d->ud, NULL, 0, n);
        if (q == NULL) {
            d->alloc(d->ud, p, n + 1, 0);
            return mwt_nomem(err);
        }
        memcpy(q, p, n);
        d->alloc(d->ud, p, n + 1, 0);
        *bin = q;
        *len = n;
        return MW_OK;
    }
    if (i < m->n && mwt_is(m->items[i], "quote")) {
        uint8_t *p;
        size_t n;
        mw_result r = mwt_concat(d, m, i + 1, &p, &n, err);
        if (r != MW_OK)
            return r;
        r = mwt_quote(d, p, n, bin, len, err);
        d->alloc(d->ud, p, n + 1, 0);
        return r;
    }
    return mwt_encode_fields(d, m->items + i, m->n - i, m, bin, len, err);
}

mw_result mwt_wat_to_wasm(mw_alloc_fn alloc, void *ud, const char *text, size_t len,
                          uint8_t **bin, size_t *bin_len, mwt_error *err)
{
    mwt_error dummy;
    if (err == NULL)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (bin == NULL || bin_len == NULL)
        return mwt_fail(err, 0, 0, "bad argument");
    *bin = NULL;
    *bin_len = 0;
    mwt_doc *d = NULL;
    mw_result r = mwt_doc_parse(alloc, ud, text, len, &d, err);
    if (r != MW_OK)
        return r;
    r = mwt_doc_encode(d, bin, bin_len, err);
    mwt_doc_free(d);
    return r;
}

mw_result mw_module_new_text(mw_engine *engine, const char *text, size_t len, mw_module **out,
                             mw_error *err)
{
    mwE_clear(err);
    if (engine == NULL || out == NULL || (text == NULL && len > 0))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_module_new_text: NULL argument");
    if (len >= 4 && mwi_bytes_eq(text, "\0asm", 4))
        return mw_module_new(engine, (const uint8_t *)text, len, out, err);
    uint8_t *bin = NULL;
    size_t blen = 0;
    mwt_error terr;
    mw_result r = mwt_wat_to_wasm(engine->alloc, engine->alloc_ud, text, len, &bin, &blen, &terr);
    if (r == MW_ERR_NOMEM)
        return mwE_set(err, MW_ERR_NOMEM, SIZE_MAX, "out of memory reading the text format");
    if (r != MW_OK)
        return mwE_set(err, MW_ERR_MALFORMED, SIZE_MAX, "%u:%u: %s", (unsigned)terr.line,
                       (unsigned)terr.col, terr.msg);
    r = mw_module_new(engine, bin, blen, out, err);
    if (bin != NULL)
        engine->alloc(engine->alloc_ud, bin, blen, 0);
    return r;
}
