/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_hardening.c — regression tests for attacks on the core (issue "Hardening"):
 *   1. a module declaring a large memory with a little data far out costs time and
 *      memory in proportion to its data at load time, not to its memory;
 *   2. objects and function references of one store are refused by every API entry
 *      point of another (a use-after-free once the first store is deleted);
 *   6. host -> wasm re-entry is bounded by the C stack it uses, whatever the count;
 *      (and tables: a store's tables together stay within a budget of elements);
 *   7. fuel bounds bulk memory and table operations in proportion to their length,
 *      and the zeroing of large frames.
 * Every test uses the public API with the real decoder and interpreter; it runs in
 * every memory configuration (guard, vm, bounds) and under ASan+UBSan.
 *
 * The modules were assembled with wat2wasm (wabt 1.0.32) from the WAT shown above each
 * array.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"

static int failures, checks;
#define CHECK(c) do { checks++; if (!(c)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)
#define CHECK_OK(call) do { mw_result r_ = (call); checks++; if (r_ != MW_OK) { failures++; \
    fprintf(stderr, "%s:%d: %s -> %s: %s\n", __FILE__, __LINE__, #call, \
            mw_result_name(r_), err.msg); } } while (0)

/* ------------------------------------------------------------------ allocator */

/* Counts live bytes and their peak; refuses any block larger than max_block (0 = no
 * cap), as an embedder with a small or fragmented heap would. */
typedef struct heap {
    size_t live, peak, max_block;
} heap;

static void *halloc(void *ud, void *p, size_t osize, size_t nsize)
{
    heap *h = ud;
    if (nsize == 0) {
        if (p)
            h->live -= osize;
        free(p);
        return NULL;
    }
    if (h->max_block && nsize > h->max_block)
        return NULL;
    void *q = realloc(p, nsize);
    if (!q)
        return NULL;
    h->live = h->live - (p ? osize : 0) + nsize;
    if (h->live > h->peak)
        h->peak = h->live;
    return q;
}

static mw_engine *new_engine(heap *h, uint32_t max_reentry, size_t max_native_stack)
{
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = halloc;
    cfg.alloc_ud = h;
    cfg.max_host_reentry = max_reentry;
    cfg.max_native_stack = max_native_stack;
    mw_engine *e = NULL;
    mw_error err;
    if (mw_engine_new(&cfg, &e, &err) != MW_OK) {
        fprintf(stderr, "engine: %s\n", err.msg);
        exit(1);
    }
    return e;
}

static mw_func *export_func(mw_instance *inst, const char *name)
{
    mw_extern x;
    if (!mw_instance_export(inst, name, strlen(name), &x) || x.kind != MW_EXTERN_FUNC)
        return NULL;
    return x.of.func;
}

static int32_t call_i32(mw_store *s, mw_instance *inst, const char *name, const mw_val *args,
                        size_t nargs, mw_result *rc, mw_error *err)
{
    mw_val res[1] = { mw_val_i32(-1) };
    mw_func *f = export_func(inst, name);
    mw_functype ft;
    mw_func_type(f, &ft);
    *rc = mw_func_call(s, f, args, nargs, res, ft.nresults, err);
    return res[0].of.i32;
}

/* ------------------------------------------------------------------ 1. images */

/*
 * big1.wat:
 * (module
 *   (memory (export "mem") 16384)
 *   (data (i32.const 1073741823) "\2a"))
 */
static const uint8_t wasm_big1[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x05, 0x01, 0x00, 0x80, 0x80, 0x01, 0x07,
    0x07, 0x01, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x0b, 0x0b, 0x01, 0x00, 0x41, 0xff, 0xff, 0xff,
    0xff, 0x03, 0x0b, 0x01, 0x2a,
};


/*
 * sparse.wat:
 * (module
 *   (memory (export "mem") 1024)
 *   (data (i32.const 0) "head")
 *   (data (i32.const 67108860) "tail"))
 */
static const uint8_t wasm_sparse[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x04, 0x01, 0x00, 0x80, 0x08, 0x07, 0x07,
    0x01, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x0b, 0x16, 0x02, 0x00, 0x41, 0x00, 0x0b, 0x04, 0x68,
    0x65, 0x61, 0x64, 0x00, 0x41, 0xfc, 0xff, 0xff, 0x1f, 0x0b, 0x04, 0x74, 0x61, 0x69, 0x6c,
};


/*
 * dense.wat:
 * (module
 *   (memory (export "mem") 4)
 *   (data (i32.const 65536) "page one")
 *   (data (i32.const 131072) "page two")
 *   (data (i32.const 196600) "last"))
 */
static const uint8_t wasm_dense[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x04, 0x07, 0x07, 0x01,
    0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x0b, 0x2a, 0x03, 0x00, 0x41, 0x80, 0x80, 0x04, 0x0b, 0x08,
    0x70, 0x61, 0x67, 0x65, 0x20, 0x6f, 0x6e, 0x65, 0x00, 0x41, 0x80, 0x80, 0x08, 0x0b, 0x08, 0x70,
    0x61, 0x67, 0x65, 0x20, 0x74, 0x77, 0x6f, 0x00, 0x41, 0xf8, 0xff, 0x0b, 0x0b, 0x04, 0x6c, 0x61,
    0x73, 0x74,
};


static uint8_t *mem_of(mw_instance *inst)
{
    mw_extern x;
    return mw_instance_export(inst, "mem", 3, &x) ? mw_memory_data(x.of.memory) : NULL;
}

static void test_large_memory_small_data(void)
{
    heap h = { 0, 0, 1u << 20 };   /* no block over 1 MiB */
    mw_engine *e = new_engine(&h, 0, 0);
    mw_error err;
    mw_module *m = NULL;
    /* 1 GiB of initial memory, one byte of data at its end: loading must cost in
     * proportion to the byte, not the gigabyte. */
    CHECK_OK(mw_module_new(e, wasm_big1, sizeof wasm_big1, &m, &err));
    CHECK(h.peak < (1u << 20));

    /* A store limit below the memory refuses it at instantiation, still cheaply. */
    h.max_block = 0;              /* the store's own stacks are larger */
    mw_store_limits lim = { 1u << 20, 0, 0 };
    mw_store *s = NULL;
    CHECK_OK(mw_store_new(e, &lim, &s, &err));
    mw_instance *inst = NULL;
    size_t before = h.peak = h.live;
    CHECK(m && mw_instance_new(s, m, NULL, 0, &inst, &err) == MW_ERR_LIMIT);
    CHECK(h.peak - before < (1u << 20));
    mw_store_delete(s);
    mw_module_delete(m);
    mw_engine_delete(e);
    CHECK(h.live == 0);
}

static size_t put_leb(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    do {
        p[n++] = (uint8_t)((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return n;
}

/* A module whose many 1-byte segments all land on page 0, plus one byte at the end of
 * 1 GiB: counting each segment's page separately would call that range dense. */
static void test_overlapping_segments(void)
{
    enum { NSEG = 140000 };
    size_t cap = (size_t)NSEG * 6 + 64, n = 0;
    uint8_t *w = malloc(cap), *body = malloc(cap);
    size_t b = put_leb(body, NSEG + 1);
    for (int i = 0; i < NSEG; i++) {
        static const uint8_t seg[] = { 0x00, 0x41, 0x00, 0x0b, 0x01, 0x2a };
        memcpy(body + b, seg, sizeof seg);
        b += sizeof seg;
    }
    static const uint8_t last[] = { 0x00, 0x41, 0xff, 0xff, 0xff, 0xff, 0x03, 0x0b, 0x01, 0x2b };
    memcpy(body + b, last, sizeof last);
    b += sizeof last;
    static const uint8_t head[] = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                                    0x05, 0x05, 0x01, 0x00, 0x80, 0x80, 0x01 };
    memcpy(w, head, sizeof head);
    n = sizeof head;
    w[n++] = 0x0b;
    n += put_leb(w + n, b);
    memcpy(w + n, body, b);
    n += b;

    heap h = { 0, 0, 0 };
    mw_engine *e = new_engine(&h, 0, 0);
    mw_error err;
    mw_module *m = NULL;
    CHECK_OK(mw_module_new(e, w, n, &m, &err));
    CHECK(h.peak < (64u << 20));          /* the module's own structures, no 1 GiB image */
    mw_module_delete(m);
    mw_engine_delete(e);
    free(w);
    free(body);
}

/* Contents are right whichever way they got there (image or copy). */
static void check_contents(const uint8_t *bytes, size_t len, const char *what,
                           const uint32_t *offs, const char *const *strs, int n)
{
    heap h = { 0, 0, 0 };
    mw_engine *e = new_engine(&h, 0, 0);
    mw_error err;
    mw_module *m = NULL;
    mw_store *s = NULL;
    mw_instance *a = NULL, *b = NULL;
    CHECK_OK(mw_module_new(e, bytes, len, &m, &err));
    CHECK_OK(mw_store_new(e, NULL, &s, &err));
    CHECK_OK(mw_instance_new(s, m, NULL, 0, &a, &err));
    CHECK_OK(mw_instance_new(s, m, NULL, 0, &b, &err));
    uint8_t *ma = a ? mem_of(a) : NULL, *mb = b ? mem_of(b) : NULL;
    CHECK(ma && mb);
    if (ma && mb) {
        for (int i = 0; i < n; i++) {
            size_t sl = strlen(strs[i]);
            if (memcmp(ma + offs[i], strs[i], sl) != 0 || memcmp(mb + offs[i], strs[i], sl) != 0) {
                failures++;
                fprintf(stderr, "%s: segment %d not at %u\n", what, i, offs[i]);
            }
            checks++;
            /* Writes stay private to one instance. */
            ma[offs[i]] ^= 0xFF;
            CHECK(mb[offs[i]] == (uint8_t)strs[i][0]);
        }
        CHECK(ma[offs[0] + strlen(strs[0]) + 1] == 0);   /* past the first segment */
    }
    mw_store_delete(s);
    mw_module_delete(m);
    mw_engine_delete(e);
    CHECK(h.live == 0);
}

static void test_image_contents(void)
{
    static const uint32_t soffs[] = { 0, 67108860 };
    static const char *const sstrs[] = { "head", "tail" };
    check_contents(wasm_sparse, sizeof wasm_sparse, "sparse", soffs, sstrs, 2);
    static const uint32_t doffs[] = { 65536, 131072, 196600 };
    static const char *const dstrs[] = { "page one", "page two", "last" };
    check_contents(wasm_dense, sizeof wasm_dense, "dense", doffs, dstrs, 3);

    /* The sparse module's load stays proportional to its 8 bytes of data. */
    heap h = { 0, 0, 0 };
    mw_engine *e = new_engine(&h, 0, 0);
    mw_error err;
    mw_module *m = NULL;
    CHECK_OK(mw_module_new(e, wasm_sparse, sizeof wasm_sparse, &m, &err));
    CHECK(h.peak < (1u << 20));
    mw_module_delete(m);
    mw_engine_delete(e);
}

/* ------------------------------------------------------------------ 2. stores */

/*
 * stores.wat:
 * (module
 *   (import "a" "g" (global $g (mut i32)))
 *   (import "a" "f" (func $f (result i32)))
 *   (import "a" "mk" (func $mk (result funcref)))
 *   (table $t (export "tab") 2 funcref)
 *   (global $r (export "r") (mut funcref) (ref.null func))
 *   (func (export "get") (result i32) (global.get $g))
 *   (func (export "set") (param i32) (global.set $g (local.get 0)))
 *   (func (export "callf") (result i32) (call $f))
 *   (func (export "mk") (result funcref) (call $mk))
 *   (func (export "id") (param funcref) (result funcref) (local.get 0)))
 */
static const uint8_t wasm_stores[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x12, 0x04, 0x60, 0x00, 0x01, 0x7f, 0x60,
    0x00, 0x01, 0x70, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x01, 0x70, 0x01, 0x70, 0x02, 0x15, 0x03, 0x01,
    0x61, 0x01, 0x67, 0x03, 0x7f, 0x01, 0x01, 0x61, 0x01, 0x66, 0x00, 0x00, 0x01, 0x61, 0x02, 0x6d,
    0x6b, 0x00, 0x01, 0x03, 0x06, 0x05, 0x00, 0x02, 0x00, 0x01, 0x03, 0x04, 0x04, 0x01, 0x70, 0x00,
    0x02, 0x06, 0x06, 0x01, 0x70, 0x01, 0xd0, 0x70, 0x0b, 0x07, 0x29, 0x07, 0x03, 0x74, 0x61, 0x62,
    0x01, 0x00, 0x01, 0x72, 0x03, 0x01, 0x03, 0x67, 0x65, 0x74, 0x00, 0x02, 0x03, 0x73, 0x65, 0x74,
    0x00, 0x03, 0x05, 0x63, 0x61, 0x6c, 0x6c, 0x66, 0x00, 0x04, 0x02, 0x6d, 0x6b, 0x00, 0x05, 0x02,
    0x69, 0x64, 0x00, 0x06, 0x0a, 0x1c, 0x05, 0x04, 0x00, 0x23, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x00,
    0x24, 0x00, 0x0b, 0x04, 0x00, 0x10, 0x00, 0x0b, 0x04, 0x00, 0x10, 0x01, 0x0b, 0x04, 0x00, 0x20,
    0x00, 0x0b,
};


static mw_result ret7(mw_caller *c, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)c; (void)env; (void)args;
    results[0] = mw_val_i32(7);
    return MW_OK;
}

/* Returns the funcref in env: a function of whatever store made it. */
static mw_result ret_ref(mw_caller *c, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)c; (void)args;
    results[0].type = MW_FUNCREF;
    results[0].of.funcref = env;
    return MW_OK;
}

static const mw_valtype t_i32[] = { MW_I32 }, t_ref[] = { MW_FUNCREF };

typedef struct side {
    mw_store *s;
    mw_global *g, *gref;
    mw_func *f, *mk;
} side;

static void make_side(mw_engine *e, side *x, mw_func *mk_returns)
{
    mw_error err;
    mw_functype ft_i32 = { 0, 1, NULL, t_i32 }, ft_ref = { 0, 1, NULL, t_ref };
    CHECK_OK(mw_store_new(e, NULL, &x->s, &err));
    CHECK_OK(mw_global_new(x->s, MW_I32, true, mw_val_i32(5), &x->g, &err));
    mw_val null = { MW_FUNCREF, { .funcref = NULL } };
    CHECK_OK(mw_global_new(x->s, MW_FUNCREF, true, null, &x->gref, &err));
    CHECK_OK(mw_func_new_host(x->s, &ft_i32, ret7, NULL, NULL, &x->f, &err));
    CHECK_OK(mw_func_new_host(x->s, &ft_ref, ret_ref, mk_returns, NULL, &x->mk, &err));
}

static mw_result instantiate(mw_store *s, mw_module *m, mw_global *g, mw_func *f, mw_func *mk,
                             mw_instance **out, mw_error *err)
{
    mw_extern imp[3];
    imp[0].kind = MW_EXTERN_GLOBAL; imp[0].of.global = g;
    imp[1].kind = MW_EXTERN_FUNC; imp[1].of.func = f;
    imp[2].kind = MW_EXTERN_FUNC; imp[2].of.func = mk;
    return mw_instance_new(s, m, imp, 3, out, err);
}

static void test_store_ownership(void)
{
    heap h = { 0, 0, 0 };
    mw_engine *e = new_engine(&h, 0, 0);
    mw_error err;
    mw_module *m = NULL;
    CHECK_OK(mw_module_new(e, wasm_stores, sizeof wasm_stores, &m, &err));
    side a, b;
    make_side(e, &a, NULL);
    make_side(e, &b, a.f);    /* b.mk returns a function of store A */

    /* Imports: every kind of object of A is refused by B, one at a time. */
    mw_instance *inst = NULL;
    CHECK(instantiate(b.s, m, a.g, b.f, b.mk, &inst, &err) == MW_ERR_LINK);
    CHECK(strstr(err.msg, "another store") != NULL);
    CHECK(instantiate(b.s, m, b.g, a.f, b.mk, &inst, &err) == MW_ERR_LINK);
    CHECK(instantiate(b.s, m, b.g, b.f, a.mk, &inst, &err) == MW_ERR_LINK);
    /* Through a linker too (a linker is not bound to a store). */
    mw_linker *l = NULL;
    CHECK_OK(mw_linker_new(e, &l, &err));
    mw_extern xg = { MW_EXTERN_GLOBAL, { .global = a.g } };
    mw_extern xf = { MW_EXTERN_FUNC, { .func = b.f } };
    mw_extern xm = { MW_EXTERN_FUNC, { .func = b.mk } };
    CHECK_OK(mw_linker_define_cstr(l, "a", "g", &xg, &err));
    CHECK_OK(mw_linker_define_cstr(l, "a", "f", &xf, &err));
    CHECK_OK(mw_linker_define_cstr(l, "a", "mk", &xm, &err));
    CHECK(mw_linker_instantiate(l, b.s, m, &inst, &err) == MW_ERR_LINK);
    mw_linker_delete(l);

    /* B's own objects work. */
    CHECK_OK(instantiate(b.s, m, b.g, b.f, b.mk, &inst, &err));
    if (!inst)
        goto out;
    mw_result rc;
    CHECK(call_i32(b.s, inst, "get", NULL, 0, &rc, &err) == 5 && rc == MW_OK);
    CHECK(call_i32(b.s, inst, "callf", NULL, 0, &rc, &err) == 7 && rc == MW_OK);

    /* Calls: a function of A called through B, and a funcref of A as an argument. */
    mw_val r[1];
    CHECK(mw_func_call(b.s, a.f, NULL, 0, r, 1, &err) == MW_ERR_ARG);
    mw_val ra = { MW_FUNCREF, { .funcref = a.f } }, rb = { MW_FUNCREF, { .funcref = b.f } };
    mw_func *id = export_func(inst, "id");
    CHECK(mw_func_call(b.s, id, &ra, 1, r, 1, &err) == MW_ERR_ARG);
    CHECK(mw_func_call(b.s, id, &rb, 1, r, 1, &err) == MW_OK && r[0].of.funcref == b.f);
    /* A host function of B returning a function of A traps. */
    CHECK(mw_func_call(b.s, export_func(inst, "mk"), NULL, 0, r, 1, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_HOST);

    /* Values stored through the API: tables, globals, new objects. */
    mw_extern xt;
    CHECK(mw_instance_export(inst, "tab", 3, &xt) && xt.kind == MW_EXTERN_TABLE);
    CHECK(mw_table_set(xt.of.table, 0, ra) == MW_ERR_ARG);
    CHECK(mw_table_set(xt.of.table, 0, rb) == MW_OK);
    CHECK(mw_table_grow(xt.of.table, 1, ra, NULL, &err) == MW_ERR_ARG);
    CHECK(mw_table_size(xt.of.table) == 2);
    CHECK(mw_global_set(b.gref, ra) == MW_ERR_ARG);
    CHECK(mw_global_set(b.gref, rb) == MW_OK);
    mw_global *g2 = NULL;
    mw_table *t2 = NULL;
    mw_limits tl = { 1, 0, false };
    CHECK(mw_global_new(b.s, MW_FUNCREF, false, ra, &g2, &err) == MW_ERR_ARG);
    CHECK(mw_table_new(b.s, MW_FUNCREF, tl, ra, &t2, &err) == MW_ERR_ARG);
    CHECK(g2 == NULL && t2 == NULL);

    /* With A gone, B still runs on its own objects only (ASan would see a stale one). */
    mw_store_delete(a.s);
    a.s = NULL;
    mw_val five = mw_val_i32(9);
    call_i32(b.s, inst, "set", &five, 1, &rc, &err);
    CHECK(rc == MW_OK);
    CHECK(call_i32(b.s, inst, "get", NULL, 0, &rc, &err) == 9);
out:
    mw_store_delete(a.s);
    mw_store_delete(b.s);
    mw_module_delete(m);
    mw_engine_delete(e);
    CHECK(h.live == 0);
}

/* ------------------------------------------------------------------ 6. re-entry */

/*
 * reenter.wat:
 * (module
 *   (import "h" "cb" (func $cb (param i32) (result i32)))
 *   (func (export "down") (param i32) (result i32)
 *     (if (result i32) (i32.eqz (local.get 0))
 *       (then (i32.const 0))
 *       (else (i32.add (call $cb (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))
 */
static const uint8_t wasm_reenter[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x02, 0x08, 0x01, 0x01, 0x68, 0x02, 0x63, 0x62, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x08,
    0x01, 0x04, 0x64, 0x6f, 0x77, 0x6e, 0x00, 0x01, 0x0a, 0x17, 0x01, 0x15, 0x00, 0x20, 0x00, 0x45,
    0x04, 0x7f, 0x41, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x00, 0x41, 0x01, 0x6a, 0x0b,
    0x0b,
};


typedef struct reenter_env {
    mw_func *down;
    int32_t deepest;      /* smallest argument reached */
} reenter_env;

/* cb(n) = down(n): host -> wasm -> host ... until n == 0 or the stack budget ends. */
static mw_result cb(mw_caller *c, void *envp, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    reenter_env *env = envp;
    if (args[0].of.i32 < env->deepest)
        env->deepest = args[0].of.i32;
    mw_error err;
    mw_result r = mw_func_call(mw_caller_store(c), env->down, args, 1, results, 1, &err);
    if (r != MW_OK)
        return mw_caller_trap(c, err.msg);
    return MW_OK;
}

typedef struct reenter_run {
    uint32_t max_reentry;
    size_t max_native_stack;
    int32_t n;
    mw_result rc;
    int32_t result, deepest;
    char msg[200];
} reenter_run;

static void *reenter_thread(void *p)
{
    reenter_run *run = p;
    heap h = { 0, 0, 0 };
    mw_engine *e = new_engine(&h, run->max_reentry, run->max_native_stack);
    mw_error err;
    mw_module *m = NULL;
    mw_store *s = NULL;
    mw_linker *l = NULL;
    mw_instance *inst = NULL;
    reenter_env env = { NULL, run->n };
    mw_functype ft = { 1, 1, t_i32, t_i32 };
    run->rc = MW_ERR_ARG;
    if (mw_module_new(e, wasm_reenter, sizeof wasm_reenter, &m, &err) != MW_OK ||
        mw_store_new(e, NULL, &s, &err) != MW_OK || mw_linker_new(e, &l, &err) != MW_OK ||
        mw_linker_define_func_cstr(l, "h", "cb", &ft, cb, &env, NULL, &err) != MW_OK ||
        mw_linker_instantiate(l, s, m, &inst, &err) != MW_OK)
        goto out;
    env.down = export_func(inst, "down");
    mw_val arg = mw_val_i32(run->n), res = mw_val_i32(-1);
    run->rc = mw_func_call(s, env.down, &arg, 1, &res, 1, &err);
    run->result = res.of.i32;
    run->deepest = env.deepest;
    snprintf(run->msg, sizeof run->msg, "%s", err.msg);
    /* The store stays usable after the trap. */
    arg = mw_val_i32(3);
    if (run->rc == MW_ERR_TRAP && (mw_func_call(s, env.down, &arg, 1, &res, 1, &err) != MW_OK ||
                                   res.of.i32 != 3))
        run->rc = MW_ERR_ARG;
out:
    mw_linker_delete(l);
    mw_store_delete(s);
    mw_module_delete(m);
    mw_engine_delete(e);
    return NULL;
}

/* Run on a thread with a stack of stack_kib: what an embedder provides per the docs. */
static reenter_run reenter(uint32_t max_reentry, size_t max_native_stack, int32_t n,
                           size_t stack_kib)
{
    reenter_run run = { max_reentry, max_native_stack, n, MW_OK, 0, 0, "" };
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, stack_kib * 1024);
    if (pthread_create(&th, &attr, reenter_thread, &run) != 0) {
        fprintf(stderr, "pthread_create failed\n");
        exit(1);
    }
    pthread_join(th, NULL);
    pthread_attr_destroy(&attr);
    return run;
}

static void test_reentry_stack(void)
{
    /* A modest depth works. */
    reenter_run r = reenter(0, 0, 20, 8192);
    CHECK(r.rc == MW_OK && r.result == 20);
    /* A count far beyond what any stack holds: the byte budget stops it, with a trap,
     * on a thread whose stack is the budget plus the documented headroom (and some
     * for ASan's larger frames). */
    r = reenter(1000000, 0, 1000000, 256 + 64 + 512);
    CHECK(r.rc == MW_ERR_TRAP && strstr(r.msg, "call stack exhausted") != NULL);
    int32_t depth_default = 1000000 - r.deepest;
    CHECK(depth_default > 8);
    printf("test_hardening: host re-entry depth within the default C stack budget: %d\n",
           (int)depth_default);
    /* A smaller budget stops earlier; a larger one goes deeper. */
    r = reenter(1000000, 32 * 1024, 1000000, 8192);
    CHECK(r.rc == MW_ERR_TRAP && 1000000 - r.deepest < depth_default);
    r = reenter(1000000, 2048 * 1024, 1000000, 8192);
    CHECK(r.rc == MW_ERR_TRAP && 1000000 - r.deepest > depth_default);
    /* The count still applies when it is the smaller bound. */
    r = reenter(5, 0, 100, 8192);
    CHECK(r.rc == MW_ERR_TRAP && 100 - r.deepest <= 5);
}

/* ------------------------------------------------------------------ 7. bulk fuel */

/*
 * bulk.wat:
 * (module
 *   (memory (export "mem") 1 1)
 *   (table $t 100 funcref)
 *   (table $u 100 funcref)
 *   (data $d "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
 *   (elem $e func $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop)
 *   (func $nop)
 *   (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
 *   (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
 *   (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
 *   (func (export "tfill") (param i32 i32) (table.fill $t (local.get 0) (ref.func $nop) (local.get 1)))
 *   (func (export "tcopy") (param i32 i32 i32) (table.copy $u $t (local.get 0) (local.get 1) (local.get 2)))
 *   (func (export "tinit") (param i32 i32 i32) (table.init $t $e (local.get 0) (local.get 1) (local.get 2)))
 *   (func (export "tgrow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
 *   (func (export "tget") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
 *   (func (export "spin") (param i32)
 *     (loop $l
 *       (memory.fill (i32.const 0) (i32.const 7) (i32.const 65536))
 *       (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))))
 */
static const uint8_t wasm_bulk[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x18, 0x05, 0x60, 0x00, 0x00, 0x60, 0x03,
    0x7f, 0x7f, 0x7f, 0x00, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x01,
    0x7f, 0x00, 0x03, 0x0b, 0x0a, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x01, 0x03, 0x03, 0x04, 0x04,
    0x07, 0x02, 0x70, 0x00, 0x64, 0x70, 0x00, 0x64, 0x05, 0x04, 0x01, 0x01, 0x01, 0x01, 0x07, 0x4a,
    0x0a, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x04, 0x66, 0x69, 0x6c, 0x6c, 0x00, 0x01, 0x04, 0x63,
    0x6f, 0x70, 0x79, 0x00, 0x02, 0x04, 0x69, 0x6e, 0x69, 0x74, 0x00, 0x03, 0x05, 0x74, 0x66, 0x69,
    0x6c, 0x6c, 0x00, 0x04, 0x05, 0x74, 0x63, 0x6f, 0x70, 0x79, 0x00, 0x05, 0x05, 0x74, 0x69, 0x6e,
    0x69, 0x74, 0x00, 0x06, 0x05, 0x74, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x07, 0x04, 0x74, 0x67, 0x65,
    0x74, 0x00, 0x08, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x09, 0x09, 0x18, 0x01, 0x01, 0x00, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x0c, 0x01, 0x01, 0x0a, 0x7c, 0x0a, 0x02, 0x00, 0x0b, 0x0b, 0x00, 0x20,
    0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x0b, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20,
    0x02, 0xfc, 0x0a, 0x00, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x08,
    0x00, 0x00, 0x0b, 0x0b, 0x00, 0x20, 0x00, 0xd2, 0x00, 0x20, 0x01, 0xfc, 0x11, 0x00, 0x0b, 0x0c,
    0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x0e, 0x01, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00,
    0x20, 0x01, 0x20, 0x02, 0xfc, 0x0c, 0x00, 0x00, 0x0b, 0x09, 0x00, 0xd0, 0x70, 0x20, 0x00, 0xfc,
    0x0f, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x25, 0x00, 0xd1, 0x0b, 0x19, 0x00, 0x03, 0x40, 0x41,
    0x00, 0x41, 0x07, 0x41, 0x80, 0x80, 0x04, 0xfc, 0x0b, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22,
    0x00, 0x0d, 0x00, 0x0b, 0x0b, 0x0b, 0x53, 0x01, 0x01, 0x50, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
    0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
    0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
    0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
    0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
    0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
};


typedef struct bulk_env {
    mw_store *s;
    mw_instance *inst;
} bulk_env;

/* Call name(args) with `fuel`; return the fuel used, or -1 on an out-of-fuel trap. */
static long long fuel_of(bulk_env *b, uint64_t fuel, const char *name, const mw_val *args,
                         size_t nargs)
{
    mw_error err;
    mw_result rc;
    mw_store_set_fuel(b->s, fuel);
    call_i32(b->s, b->inst, name, args, nargs, &rc, &err);
    if (rc == MW_ERR_TRAP && err.trap == MW_TRAP_OUT_OF_FUEL)
        return -1;
    if (rc != MW_OK) {
        fprintf(stderr, "%s: %s\n", name, err.msg);
        return -2;
    }
    return (long long)(fuel - mw_store_get_fuel(b->s));
}

static void test_bulk_fuel(void)
{
    heap h = { 0, 0, 0 };
    mw_engine *e = new_engine(&h, 0, 0);
    mw_error err;
    mw_module *m = NULL;
    bulk_env b = { NULL, NULL };
    CHECK_OK(mw_module_new(e, wasm_bulk, sizeof wasm_bulk, &m, &err));
    CHECK_OK(mw_store_new(e, NULL, &b.s, &err));
    CHECK_OK(mw_instance_new(b.s, m, NULL, 0, &b.inst, &err));
    if (!b.inst)
        goto out;
    uint8_t *mem = mem_of(b.inst);

    /* One unit for the call, then one per started 64 bytes. */
    mw_val fill[3] = { mw_val_i32(0), mw_val_i32(0xAB), mw_val_i32(65536) };
    CHECK(fuel_of(&b, 1000, "fill", fill, 3) == -1);
    CHECK(mem[0] == 0 && mem[65535] == 0);            /* nothing written */
    CHECK(fuel_of(&b, 1025, "fill", fill, 3) == 1025);
    CHECK(mem[0] == 0xAB && mem[65535] == 0xAB);
    fill[2] = mw_val_i32(65);
    CHECK(fuel_of(&b, 100, "fill", fill, 3) == 3);
    fill[2] = mw_val_i32(0);
    CHECK(fuel_of(&b, 100, "fill", fill, 3) == 1);
    mw_val copy[3] = { mw_val_i32(0), mw_val_i32(100), mw_val_i32(640) };
    CHECK(fuel_of(&b, 100, "copy", copy, 3) == 11);
    mw_val init[3] = { mw_val_i32(0), mw_val_i32(0), mw_val_i32(80) };
    CHECK(fuel_of(&b, 100, "init", init, 3) == 3);
    CHECK(fuel_of(&b, 2, "init", init, 3) == -1);

    /* Tables: one per started 8 elements. */
    mw_val tfill[2] = { mw_val_i32(0), mw_val_i32(100) };
    CHECK(fuel_of(&b, 14, "tfill", tfill, 2) == 14);
    CHECK(fuel_of(&b, 13, "tfill", tfill, 2) == -1);
    mw_val tcopy[3] = { mw_val_i32(0), mw_val_i32(0), mw_val_i32(17) };
    CHECK(fuel_of(&b, 100, "tcopy", tcopy, 3) == 4);
    mw_val tinit[3] = { mw_val_i32(0), mw_val_i32(0), mw_val_i32(20) };
    CHECK(fuel_of(&b, 100, "tinit", tinit, 3) == 4);
    mw_val grow = mw_val_i32(1000);
    CHECK(fuel_of(&b, 100, "tgrow", &grow, 1) == -1);
    CHECK(fuel_of(&b, 126, "tgrow", &grow, 1) == 126);

    /* A guest looping over fills stops after what its fuel pays for: 1,000 fills of
     * 64 KiB would take 1,000 units without per-byte charging. */
    mw_val spins = mw_val_i32(1000);
    CHECK(fuel_of(&b, 5000, "spin", &spins, 1) == -1);
    /* And the store stays usable. */
    fill[2] = mw_val_i32(1);
    CHECK(fuel_of(&b, 10, "fill", fill, 3) == 2);
out:
    mw_store_delete(b.s);
    mw_module_delete(m);
    mw_engine_delete(e);
    CHECK(h.live == 0);
}

/*
 * locals.wat:
 * (module
 *   (func $big (local i64 ... i64))      ;; 100 locals
 *   (func $small (local i64 ... i64))    ;; 10 locals
 *   (func (export "big") (call $big))
 *   (func (export "small") (call $small)))
 */
static const uint8_t wasm_locals[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x05,
    0x04, 0x00, 0x00, 0x00, 0x00, 0x07, 0x0f, 0x02, 0x03, 0x62, 0x69, 0x67, 0x00, 0x02, 0x05, 0x73,
    0x6d, 0x61, 0x6c, 0x6c, 0x00, 0x03, 0x0a, 0x15, 0x04, 0x04, 0x01, 0x64, 0x7e, 0x0b, 0x04, 0x01,
    0x0a, 0x7e, 0x0b, 0x04, 0x00, 0x10, 0x00, 0x0b, 0x04, 0x00, 0x10, 0x01, 0x0b,
};

/* A frame with many locals costs its zeroing too; a small one only its entry. */
static void test_locals_fuel(void)
{
    heap h = { 0, 0, 0 };
    mw_engine *e = new_engine(&h, 0, 0);
    mw_error err;
    mw_module *m = NULL;
    bulk_env b = { NULL, NULL };
    CHECK_OK(mw_module_new(e, wasm_locals, sizeof wasm_locals, &m, &err));
    CHECK_OK(mw_store_new(e, NULL, &b.s, &err));
    CHECK_OK(mw_instance_new(b.s, m, NULL, 0, &b.inst, &err));
    if (b.inst) {
        CHECK(fuel_of(&b, 100, "small", NULL, 0) == 2);
        CHECK(fuel_of(&b, 100, "big", NULL, 0) == 2 + 13);
        CHECK(fuel_of(&b, 14, "big", NULL, 0) == -1);
    }
    mw_store_delete(b.s);
    mw_module_delete(m);
    mw_engine_delete(e);
}

/* cb(n) charges n units: host work paid for like bulk work. */
static mw_result consume(mw_caller *c, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)env;
    results[0] = mw_val_i32(0);
    return mw_caller_consume_fuel(c, (uint64_t)(uint32_t)args[0].of.i32);
}

static void test_host_fuel(void)
{
    heap h = { 0, 0, 0 };
    mw_engine *e = new_engine(&h, 0, 0);
    mw_error err;
    mw_module *m = NULL;
    mw_linker *l = NULL;
    bulk_env b = { NULL, NULL };
    mw_functype ft = { 1, 1, t_i32, t_i32 };
    CHECK_OK(mw_module_new(e, wasm_reenter, sizeof wasm_reenter, &m, &err));
    CHECK_OK(mw_store_new(e, NULL, &b.s, &err));
    CHECK_OK(mw_linker_new(e, &l, &err));
    CHECK_OK(mw_linker_define_func_cstr(l, "h", "cb", &ft, consume, NULL, NULL, &err));
    CHECK_OK(mw_linker_instantiate(l, b.s, m, &b.inst, &err));
    if (b.inst) {
        /* down(n) = entry + host call + the n - 1 units cb(n - 1) charges */
        mw_val n = mw_val_i32(50);
        CHECK(fuel_of(&b, 100, "down", &n, 1) == 51);
        n = mw_val_i32(200);
        CHECK(fuel_of(&b, 100, "down", &n, 1) == -1);
        CHECK(mw_store_get_fuel(b.s) == 98);          /* nothing charged for the refusal */
        mw_store_disable_fuel(b.s);
        mw_result rc;
        CHECK(call_i32(b.s, b.inst, "down", &n, 1, &rc, &err) == 1 && rc == MW_OK);
    }
    mw_linker_delete(l);
    mw_store_delete(b.s);
    mw_module_delete(m);
    mw_engine_delete(e);
}

/* 20 tables of 10 million elements in 134 bytes: 1.6 GB unless the store's total
 * table budget (default 16 Mi elements) refuses them. */
static void test_table_budget(void)
{
    uint8_t w[512];
    size_t n = 0;
    static const uint8_t head[] = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 };
    memcpy(w, head, sizeof head);
    n = sizeof head;
    w[n++] = 0x04;                       /* table section */
    w[n++] = 1 + 20 * 6;
    w[n++] = 20;
    for (int i = 0; i < 20; i++) {
        static const uint8_t t[] = { 0x70, 0x00, 0x80, 0xad, 0xe2, 0x04 };   /* 10,000,000 */
        memcpy(w + n, t, sizeof t);
        n += sizeof t;
    }
    heap h = { 0, 0, 0 };
    mw_engine *e = new_engine(&h, 0, 0);
    mw_error err;
    mw_module *m = NULL, *bm = NULL;
    mw_store *s = NULL;
    mw_instance *inst = NULL;
    CHECK_OK(mw_module_new(e, w, n, &m, &err));
    CHECK_OK(mw_store_new(e, NULL, &s, &err));
    size_t base = h.live;
    h.peak = h.live;
    CHECK(m && mw_instance_new(s, m, NULL, 0, &inst, &err) == MW_ERR_LIMIT);
    CHECK(h.peak - base < (200u << 20));
    CHECK(h.live == base);                 /* the refused instance left nothing behind */
    mw_store_delete(s);
    s = NULL;

    /* An explicit budget: the bulk module's two tables of 100 fit in 250 ... */
    mw_store_limits lim = { 0, 0, 250 };
    bulk_env b = { NULL, NULL };
    CHECK_OK(mw_module_new(e, wasm_bulk, sizeof wasm_bulk, &bm, &err));
    CHECK_OK(mw_store_new(e, &lim, &b.s, &err));
    CHECK_OK(mw_instance_new(b.s, bm, NULL, 0, &b.inst, &err));
    if (b.inst) {
        mw_result rc;
        mw_val d = mw_val_i32(51);          /* ... 300 would not: table.grow says -1 */
        CHECK(call_i32(b.s, b.inst, "tgrow", &d, 1, &rc, &err) == -1 && rc == MW_OK);
        d = mw_val_i32(50);
        CHECK(call_i32(b.s, b.inst, "tgrow", &d, 1, &rc, &err) == 100 && rc == MW_OK);
        mw_table *t = NULL;
        mw_limits tl = { 1, 0, false };
        mw_val null = { MW_FUNCREF, { .funcref = NULL } };
        CHECK(mw_table_new(b.s, MW_FUNCREF, tl, null, &t, &err) == MW_ERR_LIMIT);
    }
    mw_store_delete(b.s);
    lim.max_total_table_elements = 150;   /* and 150 refuses the instance */
    CHECK_OK(mw_store_new(e, &lim, &b.s, &err));
    CHECK(mw_instance_new(b.s, bm, NULL, 0, &b.inst, &err) == MW_ERR_LIMIT);
    mw_store_delete(b.s);
    mw_module_delete(bm);
    mw_module_delete(m);
    mw_engine_delete(e);
    CHECK(h.live == 0);
}

int main(void)
{
    test_large_memory_small_data();
    test_image_contents();
    test_overlapping_segments();
    test_store_ownership();
    test_reentry_stack();
    test_bulk_fuel();
    test_locals_fuel();
    test_host_fuel();
    test_table_budget();
    printf("test_hardening: %d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
