/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_v128.c — v128 values through the public API (minwasm.h): arguments and results of
 * mw_func_call (mixed with scalars, multi-value), host functions receiving and
 * returning v128, imported and defined v128 globals read and written from both sides,
 * and the refusals (wrong value types). Only with SIMD built in (MW_SIMD, the default);
 * with MW_SIMD=0 the module must be refused as unsupported.
 *
 * The module was assembled with wat2wasm from:
 * (module
 *   (import "host" "swap" (func $swap (param i32 v128 i64) (result v128 i32)))
 *   (import "host" "g" (global $g (mut v128)))
 *   (global $own (export "own") (mut v128) (v128.const i32x4 1 2 3 4))
 *   (func (export "via_host") (param v128) (result v128 i32)
 *     (call $swap (i32.const 7) (local.get 0) (i64.const -1)))
 *   (func (export "mix") (param i32 v128 i64 v128) (result v128 i64 i32)
 *     (i32x4.add (local.get 1) (local.get 3)) (local.get 2) (local.get 0))
 *   (func (export "get_g") (result v128) (global.get $g))
 *   (func (export "set_g") (param v128) (global.set $g (local.get 0)))
 *   (func (export "bump_own") (result v128)
 *     (global.set $own (i32x4.add (global.get $own) (v128.const i32x4 10 10 10 10)))
 *     (global.get $own)))
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"
#include "mw_config.h"

static int failures, checks;
#define CHECK(c) do { checks++; if (!(c)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)
#define CHECK_OK(call) do { mw_result r_ = (call); checks++; if (r_ != MW_OK) { failures++; \
    fprintf(stderr, "%s:%d: %s -> %s: %s\n", __FILE__, __LINE__, #call, \
            mw_result_name(r_), err.msg); } } while (0)

static const uint8_t wasm[] = {
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x21, 0x05, 0x60,
  0x03, 0x7f, 0x7b, 0x7e, 0x02, 0x7b, 0x7f, 0x60, 0x01, 0x7b, 0x02, 0x7b,
  0x7f, 0x60, 0x04, 0x7f, 0x7b, 0x7e, 0x7b, 0x03, 0x7b, 0x7e, 0x7f, 0x60,
  0x00, 0x01, 0x7b, 0x60, 0x01, 0x7b, 0x00, 0x02, 0x17, 0x02, 0x04, 0x68,
  0x6f, 0x73, 0x74, 0x04, 0x73, 0x77, 0x61, 0x70, 0x00, 0x00, 0x04, 0x68,
  0x6f, 0x73, 0x74, 0x01, 0x67, 0x03, 0x7b, 0x01, 0x03, 0x06, 0x05, 0x01,
  0x02, 0x03, 0x04, 0x03, 0x06, 0x16, 0x01, 0x7b, 0x01, 0xfd, 0x0c, 0x01,
  0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04,
  0x00, 0x00, 0x00, 0x0b, 0x07, 0x33, 0x06, 0x03, 0x6f, 0x77, 0x6e, 0x03,
  0x01, 0x08, 0x76, 0x69, 0x61, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x00, 0x01,
  0x03, 0x6d, 0x69, 0x78, 0x00, 0x02, 0x05, 0x67, 0x65, 0x74, 0x5f, 0x67,
  0x00, 0x03, 0x05, 0x73, 0x65, 0x74, 0x5f, 0x67, 0x00, 0x04, 0x08, 0x62,
  0x75, 0x6d, 0x70, 0x5f, 0x6f, 0x77, 0x6e, 0x00, 0x05, 0x0a, 0x44, 0x05,
  0x0a, 0x00, 0x41, 0x07, 0x20, 0x00, 0x42, 0x7f, 0x10, 0x00, 0x0b, 0x0d,
  0x00, 0x20, 0x01, 0x20, 0x03, 0xfd, 0xae, 0x01, 0x20, 0x02, 0x20, 0x00,
  0x0b, 0x04, 0x00, 0x23, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x24, 0x00,
  0x0b, 0x1d, 0x00, 0x23, 0x01, 0xfd, 0x0c, 0x0a, 0x00, 0x00, 0x00, 0x0a,
  0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0xfd,
  0xae, 0x01, 0x24, 0x01, 0x23, 0x01, 0x0b
};


/* The allocator hook, counting live blocks so that the end can check nothing leaked. */
static long live;
static void *alloc(void *ud, void *p, size_t osize, size_t nsize)
{
    (void)ud; (void)osize;
    if (nsize == 0) {
        if (p) live--;
        free(p);
        return NULL;
    }
    void *q = realloc(p, nsize);
    if (q && !p) live++;
    return q;
}

#if MW_SIMD
static mw_val v4(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    uint32_t l[4] = { a, b, c, d };
    uint8_t bytes[16];
    memcpy(bytes, l, 16);   /* lanes are little-endian in memory order (x86, aarch64) */
    return mw_val_v128(bytes);
}

static bool is_v4(const mw_val *v, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    uint32_t l[4];
    memcpy(l, v->of.v128, 16);
    return v->type == MW_V128 && l[0] == a && l[1] == b && l[2] == c && l[3] == d;
}

static int host_calls;
static bool bad_result;

/* swap(i32 k, v128 v, i64 x) -> (v128 with its 64-bit halves swapped and lane 0 += k, i32 x) */
static mw_result host_swap(mw_caller *caller, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)caller; (void)env;
    host_calls++;
    CHECK(args[0].type == MW_I32 && args[1].type == MW_V128 && args[2].type == MW_I64);
    uint8_t b[16];
    memcpy(b, args[1].of.v128 + 8, 8);
    memcpy(b + 8, args[1].of.v128, 8);
    uint32_t l0;
    memcpy(&l0, b, 4);
    l0 += (uint32_t)args[0].of.i32;
    memcpy(b, &l0, 4);
    results[0] = bad_result ? mw_val_i32(1) : mw_val_v128(b);
    results[1] = mw_val_i32((int32_t)args[2].of.i64);
    return MW_OK;
}

static mw_func *export_func(mw_instance *inst, const char *name)
{
    mw_extern ex;
    if (!mw_instance_export(inst, name, strlen(name), &ex) || ex.kind != MW_EXTERN_FUNC) return NULL;
    return ex.of.func;
}

#endif

int main(void)
{
    mw_error err;
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc;
    mw_engine *e = NULL;
    CHECK_OK(mw_engine_new(&cfg, &e, &err));
    mw_module *m = NULL;
#if !MW_SIMD
    CHECK(mw_module_new(e, wasm, sizeof wasm, &m, &err) == MW_ERR_UNSUPPORTED && m == NULL);
    CHECK(strstr(err.msg, "MW_SIMD=0") != NULL);
    mw_engine_delete(e);
    CHECK(live == 0);
    printf("test_v128 (MW_SIMD=0): %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
#else
    mw_store *s = NULL;
    CHECK_OK(mw_store_new(e, NULL, &s, &err));
    CHECK_OK(mw_module_new(e, wasm, sizeof wasm, &m, &err));
    mw_linker *l = NULL;
    CHECK_OK(mw_linker_new(e, &l, &err));
    if (!s || !m || !l) return 1;
    static const mw_valtype sp[] = { MW_I32, MW_V128, MW_I64 }, sr[] = { MW_V128, MW_I32 };
    mw_functype t_swap = { 3, 2, sp, sr };
    CHECK_OK(mw_linker_define_func_cstr(l, "host", "swap", &t_swap, host_swap, NULL, NULL, &err));
    mw_global *g = NULL;
    CHECK_OK(mw_global_new(s, MW_V128, true, v4(5, 6, 7, 8), &g, &err));
    CHECK(mw_global_new(s, MW_V128, true, mw_val_i32(5), &g, &err) == MW_ERR_ARG);
    CHECK_OK(mw_global_new(s, MW_V128, true, v4(5, 6, 7, 8), &g, &err));
    mw_extern eg = { MW_EXTERN_GLOBAL, { .global = g } };
    CHECK_OK(mw_linker_define_cstr(l, "host", "g", &eg, &err));
    mw_instance *inst = NULL;
    CHECK_OK(mw_linker_instantiate(l, s, m, &inst, &err));
    if (!inst) return 1;

    /* A host function called from wasm with v128 among scalars, results back in place. */
    mw_val args[4], res[3];
    args[0] = v4(1, 2, 3, 4);
    CHECK_OK(mw_func_call(s, export_func(inst, "via_host"), args, 1, res, 2, &err));
    CHECK(host_calls == 1 && is_v4(&res[0], 3 + 7, 4, 1, 2));
    CHECK(res[1].type == MW_I32 && res[1].of.i32 == -1);
    /* A host function returning the wrong type traps; the store stays usable. */
    bad_result = true;
    CHECK(mw_func_call(s, export_func(inst, "via_host"), args, 1, res, 2, &err) == MW_ERR_TRAP);
    CHECK(strstr(err.msg, "wrong type") != NULL);
    bad_result = false;

    /* Mixed parameters and results: the slots of the two v128 values do not overlap the
     * scalars around them. */
    args[0] = mw_val_i32(-9);
    args[1] = v4(1, 2, 3, 0xFFFFFFFFu);
    args[2] = mw_val_i64(0x123456789ABCDEF0ll);
    args[3] = v4(10, 20, 30, 1);
    CHECK_OK(mw_func_call(s, export_func(inst, "mix"), args, 4, res, 3, &err));
    CHECK(is_v4(&res[0], 11, 22, 33, 0));
    CHECK(res[1].type == MW_I64 && res[1].of.i64 == 0x123456789ABCDEF0ll);
    CHECK(res[2].type == MW_I32 && res[2].of.i32 == -9);
    /* A scalar where a v128 is expected is refused before the call. */
    args[1] = mw_val_i64(1);
    CHECK(mw_func_call(s, export_func(inst, "mix"), args, 4, res, 3, &err) == MW_ERR_ARG);

    /* The imported global: read by wasm, written by wasm, read by the host. */
    CHECK_OK(mw_func_call(s, export_func(inst, "get_g"), NULL, 0, res, 1, &err));
    CHECK(is_v4(&res[0], 5, 6, 7, 8));
    args[0] = v4(0xA, 0xB, 0xC, 0xD);
    CHECK_OK(mw_func_call(s, export_func(inst, "set_g"), args, 1, NULL, 0, &err));
    mw_val gv = mw_global_get(g);
    CHECK(is_v4(&gv, 0xA, 0xB, 0xC, 0xD));
    CHECK(mw_global_set(g, v4(9, 9, 9, 9)) == MW_OK);
    CHECK(mw_global_set(g, mw_val_i32(9)) == MW_ERR_ARG);
    CHECK_OK(mw_func_call(s, export_func(inst, "get_g"), NULL, 0, res, 1, &err));
    CHECK(is_v4(&res[0], 9, 9, 9, 9));

    /* The defined global, initialised by v128.const and exported. */
    mw_extern ex;
    CHECK(mw_instance_export(inst, "own", 3, &ex) && ex.kind == MW_EXTERN_GLOBAL);
    bool mut = false;
    CHECK(mw_global_type(ex.of.global, &mut) == MW_V128 && mut);
    gv = mw_global_get(ex.of.global);
    CHECK(is_v4(&gv, 1, 2, 3, 4));
    CHECK_OK(mw_func_call(s, export_func(inst, "bump_own"), NULL, 0, res, 1, &err));
    CHECK(is_v4(&res[0], 11, 12, 13, 14));
    gv = mw_global_get(ex.of.global);
    CHECK(is_v4(&gv, 11, 12, 13, 14));

    mw_linker_delete(l);
    mw_module_delete(m);
    mw_store_delete(s);
    mw_engine_delete(e);
    CHECK(live == 0);
    printf("test_v128: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
#endif
}
