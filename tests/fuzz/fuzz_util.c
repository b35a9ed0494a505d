/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fuzz_util.c — see fuzz_util.h.
 */
#include "fuzz_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ failures */

static void default_fail(const char *msg)
{
    fprintf(stderr, "FUZZ INVARIANT BROKEN: %s\n", msg);
    abort();
}

void (*fz_fail_hook)(const char *msg) = default_fail;

void fz_fail(const char *fmt, ...)
{
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fz_fail_hook(msg);
}

void fz_check_error(mw_result r, const mw_error *err, const char *what)
{
    if (r == MW_OK)
        return;
    if (!memchr(err->msg, 0, sizeof err->msg))
        fz_fail("%s: error message not NUL-terminated", what);
    else if (err->code != r)
        fz_fail("%s: mw_error.code %d differs from the returned code %d", what, err->code, r);
    else if (r == MW_ERR_TRAP && (err->trap == MW_TRAP_NONE || err->trap >= MW_TRAP_COUNT_))
        fz_fail("%s: trap without a valid trap code", what);
}

void fz_reset_error(mw_error *err) { memset(err, 0xA5, sizeof *err); }

/* ------------------------------------------------------------------ allocator */

void *fz_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    fz_alloc_stats *st = ud;
    size_t max = st->max_alloc ? st->max_alloc : (size_t)256 << 20;
    if (nsize == 0) {
        if (ptr) {
            st->live_bytes -= osize;
            st->live_blocks--;
            free(ptr);
        }
        return NULL;
    }
    if (nsize > max) {
        st->refused++;
        return NULL;
    }
    void *p = ptr ? realloc(ptr, nsize) : malloc(nsize);
    if (p == NULL)
        return NULL;
    if (ptr == NULL) {
        st->live_blocks++;
        osize = 0;
    }
    st->live_bytes = st->live_bytes - osize + nsize;
    return p;
}

mw_engine *fz_engine_new(fz_alloc_stats *st, uint32_t call_depth, uint32_t stack_slots)
{
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = fz_alloc;
    cfg.alloc_ud = st;
    cfg.max_call_depth = call_depth;
    cfg.value_stack_slots = stack_slots;
    mw_engine *e = NULL;
    mw_error err;
    if (mw_engine_new(&cfg, &e, &err) != MW_OK) {
        fprintf(stderr, "fuzz: mw_engine_new failed: %s\n", err.msg);
        abort();
    }
    return e;
}

void fz_check_live(const fz_alloc_stats *st, size_t blocks, size_t bytes, const char *when)
{
    if (st->live_blocks != blocks || st->live_bytes != bytes)
        fz_fail("allocator: %ld blocks / %ld bytes still live %s (a leak, or a wrong osize "
                "passed to the allocator)", (long)(st->live_blocks - blocks),
                (long)(st->live_bytes - bytes), when);
}

/* ------------------------------------------------------------------ values */

mw_val fz_zero_val(mw_valtype t)
{
    mw_val v;
    memset(&v, 0, sizeof v);
    v.type = t;
    return v;
}

bool fz_more(const fz_reader *r) { return r->pos < r->n; }

uint8_t fz_u8(fz_reader *r) { return r->pos < r->n ? r->p[r->pos++] : 0; }

uint32_t fz_u32(fz_reader *r)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)fz_u8(r) << (8 * i);
    return v;
}

uint64_t fz_u64(fz_reader *r)
{
    uint64_t lo = fz_u32(r);
    return lo | (uint64_t)fz_u32(r) << 32;
}

uint32_t fz_below(fz_reader *r, uint32_t n)
{
    uint32_t v = fz_u8(r);
    if (n > 256)
        v |= (uint32_t)fz_u8(r) << 8;
    return v % n;
}

/* Edge cases of each type, as raw bits. */
static const uint64_t edge32[] = {0, 1, 0xffffffffu, 0x7fffffffu, 0x80000000u, 0x10000u,
                                  0x7f800000u, 0xff800000u, 0x7fc00000u, 0x3f800000u,
                                  0x4f000000u, 0xcf000000u};
static const uint64_t edge64[] = {0, 1, ~0ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
                                  0xffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
                                  0x7ff8000000000000ull, 0x3ff0000000000000ull,
                                  0x43e0000000000000ull, 0xc3e0000000000000ull};

mw_val fz_val(fz_reader *r, mw_valtype t)
{
    bool wide = t == MW_I64 || t == MW_F64;
    uint8_t how = fz_u8(r) % 4;
    uint64_t bits;
    if (t == MW_V128) {   /* two 64-bit halves, as far as the header's mw_val holds them */
        mw_val v = fz_zero_val(t);
        uint64_t half[2];
        half[0] = fz_u64(r);
        half[1] = fz_u64(r);
        memcpy(&v.of, half, sizeof v.of < sizeof half ? sizeof v.of : sizeof half);
        return v;
    }
    if (how == 0)
        bits = wide ? edge64[fz_below(r, 12)] : edge32[fz_below(r, 12)];
    else if (how == 1)
        bits = (uint64_t)(int64_t)(int8_t)fz_u8(r);   /* small, either sign */
    else
        bits = wide ? fz_u64(r) : fz_u32(r);
    switch (t) {
    case MW_I32: return mw_val_i32((int32_t)(uint32_t)bits);
    case MW_I64: return mw_val_i64((int64_t)bits);
    case MW_F32: return mw_val_f32_bits((uint32_t)bits);
    case MW_F64: return mw_val_f64_bits(bits);
    default: return fz_zero_val(t);   /* references: null */
    }
}

/* ------------------------------------------------------------------ imports */

static mw_result zero_host(mw_caller *caller, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)caller;
    (void)args;
    uint32_t n = (uint32_t)(uintptr_t)env;
    for (uint32_t i = 0; i < n; i++)
        results[i] = fz_zero_val(results[i].type);
    return MW_OK;
}

static mw_result make_import(mw_store *s, const mw_import_export_desc *d, fz_import_hook hook,
                             mw_extern *out, mw_error *err)
{
    out->kind = d->kind;
    switch (d->kind) {
    case MW_EXTERN_FUNC: {
        void *env = (void *)(uintptr_t)d->func.nresults;
        mw_host_fn fn = hook ? hook(d, &env) : NULL;
        if (fn == NULL) {
            fn = zero_host;
            env = (void *)(uintptr_t)d->func.nresults;
        }
        return mw_func_new_host(s, &d->func, fn, env, NULL, &out->of.func, err);
    }
    case MW_EXTERN_TABLE:
        return mw_table_new(s, d->elem_type, d->limits, fz_zero_val(d->elem_type),
                            &out->of.table, err);
    case MW_EXTERN_MEMORY:
        return mw_memory_new(s, d->limits, &out->of.memory, err);
    case MW_EXTERN_GLOBAL:
        return mw_global_new(s, d->global_type, d->global_mutable, fz_zero_val(d->global_type),
                             &out->of.global, err);
    }
    fz_fail("mw_module_import returned an unknown kind %d", (int)d->kind);
    return MW_ERR_ARG;
}

bool fz_make_imports(mw_store *s, mw_module *m, fz_import_hook hook, mw_extern **out,
                     uint32_t *n)
{
    uint32_t nimp = mw_module_import_count(m);
    mw_extern *imports = calloc(nimp ? nimp : 1, sizeof *imports);
    if (imports == NULL)
        abort();
    *out = imports;
    *n = nimp;
    for (uint32_t i = 0; i < nimp; i++) {
        mw_import_export_desc d;
        if (!mw_module_import(m, i, &d)) {
            fz_fail("mw_module_import(%u < import_count) returned false", i);
            return false;
        }
        mw_error err;
        fz_reset_error(&err);
        mw_result r = make_import(s, &d, hook, &imports[i], &err);
        fz_check_error(r, &err, "creating an import");
        if (r != MW_OK)
            return false;
    }
    return true;
}

mw_result fz_call(mw_store *s, mw_func *f, const mw_val *args, mw_val *res, mw_error *err)
{
    mw_functype ft;
    mw_func_type(f, &ft);
    for (uint32_t k = 0; k < ft.nresults; k++)
        res[k] = fz_zero_val(ft.results[k]);
    fz_reset_error(err);
    mw_result r = mw_func_call(s, f, args, ft.nparams, res, ft.nresults, err);
    fz_check_error(r, err, "mw_func_call");
    if (r == MW_OK) {
        for (uint32_t k = 0; k < ft.nresults; k++)
            if (res[k].type != ft.results[k])
                fz_fail("mw_func_call: result %u has type %s, not %s", k,
                        mw_valtype_name(res[k].type), mw_valtype_name(ft.results[k]));
    } else if (r != MW_ERR_TRAP) {
        fz_fail("mw_func_call with well-typed arguments returned %s", mw_result_name(r));
    }
    return r;
}

/* ------------------------------------------------------------------ encoder */

static void reserve(fz_buf *b, size_t more)
{
    if (b->n + more <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + more)
        cap *= 2;
    uint8_t *p = realloc(b->p, cap);
    if (p == NULL)
        abort();
    b->p = p;
    b->cap = cap;
}

void fz_byte(fz_buf *b, uint8_t v)
{
    reserve(b, 1);
    b->p[b->n++] = v;
}

void fz_bytes(fz_buf *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    reserve(b, n);
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

void fz_uleb(fz_buf *b, uint64_t v)
{
    do {
        uint8_t c = v & 0x7f;
        v >>= 7;
        fz_byte(b, (uint8_t)(c | (v ? 0x80 : 0)));
    } while (v);
}

void fz_sleb(fz_buf *b, int64_t v)
{
    for (;;) {
        uint8_t c = (uint8_t)(v & 0x7f);
        v >>= 7;   /* arithmetic shift: gcc and clang define it for negative values */
        bool done = (v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40));
        fz_byte(b, done ? c : (uint8_t)(c | 0x80));
        if (done)
            return;
    }
}

void fz_name(fz_buf *b, const char *s)
{
    size_t n = strlen(s);
    fz_uleb(b, n);
    fz_bytes(b, s, n);
}

void fz_section(fz_buf *out, uint8_t id, fz_buf *body)
{
    fz_byte(out, id);
    fz_uleb(out, body->n);
    fz_bytes(out, body->p, body->n);
    body->n = 0;
}

void fz_free(fz_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}
