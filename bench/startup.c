/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * startup.c — start-up and footprint figures of minwasm (issue: benchmark suite).
 *
 *   instantiate_call_us        new store + instantiate a trivial module + call its export
 *                              + delete the store: median per iteration, microseconds
 *   instantiate_call_reuse_us  instantiate + call in one long-lived store
 *   translate_mb_per_s         code-section megabytes per second through mw_module_new
 *                              (decode + validate + translate) of a large generated module
 *   code_ratio                 translated code bytes / code section bytes, same module
 *   instantiate_data_0mib_us,  instantiate (store + instance) a module with a 5 MiB
 *   instantiate_data_16mib_us  memory and 0 or 16 MiB of active data segments: with
 *                              memory images (MEMORY=guard|vm) the two should be close
 *
 * Prints one `name: value` line per figure; bench/run collects them. Exit status 1 if
 * any API call fails. Usage: startup [small]   (small: fewer iterations, for tests)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "minwasm.h"

static void *alloc_fn(void *ud, void *p, size_t o, size_t n)
{
    (void)ud; (void)o;
    if (n == 0) { free(p); return NULL; }
    return realloc(p, n);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

#define CHECK(call) do { if ((call) != MW_OK) { \
        fprintf(stderr, "startup: %s failed: %s\n", #call, err.msg); exit(1); } } while (0)

/* (module (func (export "f") (result i32) i32.const 42)) */
static const uint8_t trivial[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01,
    0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x06,
    0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b
};

/* ---------------------------------------------------------------- generated module */

typedef struct buf { uint8_t *p; size_t n, cap; } buf;

static void put(buf *b, uint8_t v)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 4096;
        b->p = realloc(b->p, b->cap);
        if (!b->p) { perror("realloc"); exit(1); }
    }
    b->p[b->n++] = v;
}
static void put_u(buf *b, uint64_t v) { do { uint8_t c = v & 0x7f; v >>= 7; put(b, c | (v ? 0x80 : 0)); } while (v); }
static void put_s(buf *b, int64_t v)
{
    for (;;) {
        uint8_t c = v & 0x7f;
        v >>= 7;
        if ((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40))) { put(b, c); return; }
        put(b, c | 0x80);
    }
}
static void put_buf(buf *b, const buf *x) { for (size_t i = 0; i < x->n; i++) put(b, x->p[i]); }

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint32_t rnd(uint32_t n) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (uint32_t)(rng % n); }

enum { NLOCALS = 6 };   /* 2 params + 4 locals, all i32 */

/* An i32 expression tree, typical of compiled code. */
static void expr(buf *b, int depth)
{
    if (depth == 0 || rnd(3) == 0) {
        if (rnd(3)) { put(b, 0x20); put_u(b, rnd(NLOCALS)); }
        else { put(b, 0x41); put_s(b, (int32_t)rnd(2000) - 1000); }
        return;
    }
    static const uint8_t ops[] = { 0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x76, 0x48, 0x4b };
    expr(b, depth - 1);
    expr(b, depth - 1);
    put(b, ops[rnd(sizeof ops)]);
}

static void stmt(buf *b, int depth, uint32_t fidx)
{
    switch (depth > 0 ? rnd(6) : rnd(3)) {
    case 0: case 1:   /* local.set x (expr) */
        expr(b, 3); put(b, 0x21); put_u(b, 2 + rnd(NLOCALS - 2));
        break;
    case 2:           /* i32.store offset=k (addr & 0xfff0) (expr) */
        expr(b, 2); put(b, 0x41); put_s(b, 0xfff0); put(b, 0x71);
        expr(b, 2); put(b, 0x36); put_u(b, 2); put_u(b, rnd(64) * 4);
        break;
    case 3:           /* if (expr) stmts else stmts end */
        expr(b, 2); put(b, 0x04); put(b, 0x40);
        for (int i = rnd(3); i >= 0; i--) stmt(b, depth - 1, fidx);
        put(b, 0x05);
        for (int i = rnd(2); i >= 0; i--) stmt(b, depth - 1, fidx);
        put(b, 0x0b);
        break;
    case 4: {         /* loop: x = x - 1; ...; br_if (x > 0) */
        uint32_t x = 2 + rnd(NLOCALS - 2);
        put(b, 0x03); put(b, 0x40);
        for (int i = rnd(3); i >= 0; i--) stmt(b, depth - 1, fidx);
        put(b, 0x20); put_u(b, x); put(b, 0x41); put(b, 1); put(b, 0x6b);
        put(b, 0x22); put_u(b, x); put(b, 0x41); put(b, 0); put(b, 0x4a);
        put(b, 0x0d); put(b, 0x00); put(b, 0x0b);
        break;
    }
    default:          /* local.set x (call f (expr) (expr)) */
        expr(b, 2); expr(b, 2); put(b, 0x10); put_u(b, fidx ? rnd(fidx) : 0);
        put(b, 0x21); put_u(b, 2 + rnd(NLOCALS - 2));
        break;
    }
}

static void section(buf *out, uint8_t id, const buf *body)
{
    put(out, id);
    put_u(out, body->n);
    put_buf(out, body);
}

/* nfuncs functions (i32, i32) -> i32 with ~stmts statements each, and one memory. */
static buf generate(uint32_t nfuncs, int stmts)
{
    buf m = { 0 }, s = { 0 };
    static const uint8_t head[] = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 };
    for (size_t i = 0; i < sizeof head; i++) put(&m, head[i]);
    put(&s, 1); put(&s, 0x60); put(&s, 2); put(&s, 0x7f); put(&s, 0x7f); put(&s, 1); put(&s, 0x7f);
    section(&m, 1, &s);
    s.n = 0; put_u(&s, nfuncs); for (uint32_t i = 0; i < nfuncs; i++) put(&s, 0);
    section(&m, 3, &s);
    s.n = 0; put(&s, 1); put(&s, 0); put(&s, 1);
    section(&m, 5, &s);
    s.n = 0; put_u(&s, nfuncs);
    buf body = { 0 };
    for (uint32_t f = 0; f < nfuncs; f++) {
        body.n = 0;
        put(&body, 1); put(&body, NLOCALS - 2); put(&body, 0x7f);
        for (int i = 0; i < stmts; i++) stmt(&body, 3, f);
        put(&body, 0x20); put(&body, 0); put(&body, 0x0b);
        put_u(&s, body.n);
        put_buf(&s, &body);
    }
    section(&m, 10, &s);
    free(body.p);
    free(s.p);
    return m;
}

/* A module with `pages` pages of memory and `mib` MiB of active data at offset 0. */
static buf data_module(uint32_t pages, uint32_t mib)
{
    buf m = { 0 }, s = { 0 };
    static const uint8_t head[] = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 };
    for (size_t i = 0; i < sizeof head; i++) put(&m, head[i]);
    put(&s, 1); put(&s, 0); put_u(&s, pages);
    section(&m, 5, &s);
    if (mib) {
        s.n = 0;
        put_u(&s, mib);
        for (uint32_t k = 0; k < mib; k++) {
            put(&s, 0); put(&s, 0x41); put_s(&s, (int64_t)k << 20); put(&s, 0x0b);
            put_u(&s, 1u << 20);
            for (uint32_t i = 0; i < (1u << 20); i++) put(&s, (uint8_t)(i * 31 + k));
        }
        section(&m, 11, &s);
    }
    free(s.p);
    return m;
}

int main(int argc, char **argv)
{
    int small = argc > 1 && strcmp(argv[1], "small") == 0;
    int iters = small ? 200 : 20000;
    mw_error err;
    mw_engine *engine;
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc_fn;
    CHECK(mw_engine_new(&cfg, &engine, &err));

    /* Instantiate-and-call, with a new store every time and within one store. */
    mw_module *mod;
    CHECK(mw_module_new(engine, trivial, sizeof trivial, &mod, &err));
    double *t = malloc(sizeof(double) * (size_t)iters);
    if (!t) return 1;
    for (int pass = 0; pass < 2; pass++) {
        mw_store *kept = NULL;
        if (pass == 1) CHECK(mw_store_new(engine, NULL, &kept, &err));
        for (int i = 0; i < iters; i++) {
            double t0 = now();
            mw_store *st = kept;
            if (!st) CHECK(mw_store_new(engine, NULL, &st, &err));
            mw_instance *inst;
            mw_extern ex;
            mw_val r;
            CHECK(mw_instance_new(st, mod, NULL, 0, &inst, &err));
            if (!mw_instance_export(inst, "f", 1, &ex)) { fprintf(stderr, "startup: no export\n"); return 1; }
            CHECK(mw_func_call(st, ex.of.func, NULL, 0, &r, 1, &err));
            if (r.of.i32 != 42) { fprintf(stderr, "startup: wrong result %d\n", r.of.i32); return 1; }
            if (!kept) mw_store_delete(st);
            t[i] = now() - t0;
        }
        if (kept) mw_store_delete(kept);
        printf("%s: %.2f\n", pass ? "instantiate_call_reuse_us" : "instantiate_call_us",
               median(t, iters) * 1e6);
    }
    free(t);
    mw_module_delete(mod);

    /* Translation throughput and code size on a generated module. */
    buf big = generate(small ? 200 : 4000, 40);
    mw_module_stats st;
    double best = 1e30;
    for (int rep = 0; rep < (small ? 1 : 5); rep++) {
        double t0 = now();
        CHECK(mw_module_new(engine, big.p, big.n, &mod, &err));
        double dt = now() - t0;
        if (dt < best) best = dt;
        mw_module_stats_get(mod, &st);
        mw_module_delete(mod);
    }
    printf("generated_module_bytes: %zu\n", big.n);
    printf("code_section_bytes: %zu\n", st.code_section_bytes);
    printf("translate_mb_per_s: %.1f\n", (double)st.code_section_bytes / best / 1e6);
    printf("code_ratio: %.2f\n", (double)st.translated_bytes / (double)st.code_section_bytes);
    free(big.p);

    /* Instantiation cost against data size. */
    for (int k = 0; k < 2; k++) {
        uint32_t mib = k ? 16 : 0;
        buf dm = data_module(320, mib);
        CHECK(mw_module_new(engine, dm.p, dm.n, &mod, &err));
        int n = small ? 5 : 200;
        double *ti = malloc(sizeof(double) * (size_t)n);
        if (!ti) return 1;
        for (int i = 0; i < n; i++) {
            double t0 = now();
            mw_store *stx;
            mw_instance *inst;
            CHECK(mw_store_new(engine, NULL, &stx, &err));
            CHECK(mw_instance_new(stx, mod, NULL, 0, &inst, &err));
            mw_store_delete(stx);
            ti[i] = now() - t0;
        }
        printf("instantiate_data_%umib_us: %.1f\n", mib, median(ti, n) * 1e6);
        free(ti);
        free(dm.p);
        mw_module_delete(mod);
    }
    mw_engine_delete(engine);
    return 0;
}
