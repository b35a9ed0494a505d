/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wat_buf.c — the reader's small utilities: growable byte buffers with LEB128 writers,
 * error records with line:column, keyword tests, and the identifier hash map.
 */
#include "wat.h"

mw_result mwt_fail(mwt_error *err, uint32_t line, uint32_t col, const char *fmt, ...)
{
    if (err != NULL && err->msg[0] == '\0') {   /* the first error wins */
        va_list ap;
        va_start(ap, fmt);
        err->line = line;
        err->col = col;
        mwE_vformat(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        if (err->msg[0] == '\0') {
            err->msg[0] = '?';
            err->msg[1] = '\0';
        }
    }
    return MW_ERR_MALFORMED;
}

mw_result mwt_failat(mwt_error *err, const mwt_sx *at, const char *fmt, ...)
{
    if (err != NULL && err->msg[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        err->line = at ? at->line : 0;
        err->col = at ? at->col : 0;
        mwE_vformat(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        if (err->msg[0] == '\0') {
            err->msg[0] = '?';
            err->msg[1] = '\0';
        }
    }
    return MW_ERR_MALFORMED;
}

mw_result mwt_nomem(mwt_error *err)
{
    if (err != NULL && err->msg[0] == '\0')
        mwE_format(err->msg, sizeof err->msg, "out of memory");
    return MW_ERR_NOMEM;
}

bool mwt_is(const mwt_sx *s, const char *kw)
{
    if (s == NULL || s->kind != MWT_ATOM)
        return false;
    size_t n = mwE_strlen(kw);
    return s->len == n && mwi_bytes_eq(s->text, kw, n);
}

bool mwt_head(const mwt_sx *s, const char *kw)
{
    return s != NULL && s->kind == MWT_LIST && s->n > 0 && mwt_is(s->items[0], kw);
}

/* ---------------------------------------------------------------- buffers */

void mwt_buf_init(mwt_buf *b, mw_alloc_fn alloc, void *ud)
{
    memset(b, 0, sizeof *b);
    b->alloc = alloc;
    b->ud = ud;
}

void mwt_buf_free(mwt_buf *b)
{
    if (b->p != NULL)
        b->alloc(b->ud, b->p, b->cap, 0);
    b->p = NULL;
    b->len = b->cap = 0;
}

static bool mwt_reserve(mwt_buf *b, size_t n)
{
    if (b->oom)
        return false;
    if (b->cap - b->len >= n)
        return true;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap - b->len < n) {
        if (ncap > SIZE_MAX / 4) {
            b->oom = true;
            return false;
        }
        ncap *= 2;
    }
    void *p = b->alloc(b->ud, b->p, b->cap, ncap);
    if (p == NULL) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = ncap;
    return true;
}

void mwt_byte(mwt_buf *b, uint8_t v)
{
    if (mwt_reserve(b, 1))
        b->p[b->len++] = v;
}

void mwt_bytes(mwt_buf *b, const void *p, size_t n)
{
    if (n > 0 && mwt_reserve(b, n)) {
        memcpy(b->p + b->len, p, n);
        b->len += n;
    }
}

void mwt_u64(mwt_buf *b, uint64_t v)
{
    do {
        uint8_t c = (uint8_t)(v & 0x7F);
        v >>= 7;
        mwt_byte(b, (uint8_t)(c | (v ? 0x80 : 0)));
    } while (v);
}

void mwt_u32(mwt_buf *b, uint32_t v) { mwt_u64(b, v); }

void mwt_s64(mwt_buf *b, int64_t v)
{
    for (;;) {
        uint8_t c = (uint8_t)(v & 0x7F);
        /* Arithmetic shift written portably. */
        v = v >= 0 ? v / 128 : (int64_t)~(~(uint64_t)v >> 7);
        bool done = (v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40));
        mwt_byte(b, (uint8_t)(c | (done ? 0 : 0x80)));
        if (done)
            return;
    }
}

void mwt_name(mwt_buf *b, const void *p, size_t n)
{
    mwt_u64(b, n);
    mwt_bytes(b, p, n);
}

/* ---------------------------------------------------------------- identifier map */

static uint32_t mwt_hash(const char *s, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

bool mwt_map_get(const mwt_map *m, const char *s, uint32_t n, uint32_t *idx)
{
    if (m->cap == 0)
        return false;
    for (uint32_t i = mwt_hash(s, n) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const struct mwt_ment *e = &m->e[i];
        if (e->s == NULL)
            return false;
        if (e->n == n && mwi_bytes_eq(e->s, s, n)) {
            *idx = e->idx;
            return true;
        }
    }
}

bool mwt_map_put(mwt_map *m, mw_alloc_fn alloc, void *ud, const char *s, uint32_t n, uint32_t idx)
{
    if ((m->count + 1) * 2 > m->cap) {
        uint32_t ncap = m->cap ? m->cap * 2 : 16;
        struct mwt_ment *e = alloc(ud, NULL, 0, ncap * sizeof *e);
        if (e == NULL)
            return false;
        memset(e, 0, ncap * sizeof *e);
        for (uint32_t i = 0; i < m->cap; i++) {
            if (m->e[i].s == NULL)
                continue;
            uint32_t j = mwt_hash(m->e[i].s, m->e[i].n) & (ncap - 1);
            while (e[j].s != NULL)
                j = (j + 1) & (ncap - 1);
            e[j] = m->e[i];
        }
        if (m->e != NULL)
            alloc(ud, m->e, m->cap * sizeof *e, 0);
        m->e = e;
        m->cap = ncap;
    }
    uint32_t j = mwt_hash(s, n) & (m->cap - 1);
    while (m->e[j].s != NULL)
        j = (j + 1) & (m->cap - 1);
    m->e[j].s = s;
    m->e[j].n = n;
    m->e[j].idx = idx;
    m->count++;
    return true;
}

void mwt_map_free(mwt_map *m, mw_alloc_fn alloc, void *ud)
{
    if (m->e != NULL)
        alloc(ud, m->e, m->cap * sizeof *m->e, 0);
    memset(m, 0, sizeof *m);
}
