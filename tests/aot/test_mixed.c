/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_mixed.c — native and interpreted modules linked together, through the public API
 * only (minwasm.h). Run by tests/aot/aot.sh:
 *
 *   test_mixed A.cwasm A.wasm B.wasm C.wasm
 *
 * A (mixed_a.wat) is loaded from A.cwasm (native: mw_module_deserialize), B and C
 * (mixed_b.wat, mixed_c.wat) are interpreted. Instantiation order is B, A, C: A imports
 * B's functions, memory and table and three host functions; C imports A's functions.
 * (A cannot be both importer and exporter of B: whoever exports must be instantiated
 * first, so C is the interpreted module that imports A.)
 *
 * Every check runs twice: in the "native" world A is native code, in the "interp" world
 * A is loaded from A.wasm and interpreted. The interpreted world is the reference: the
 * same expectations hold in both, and fuel and results are compared between them.
 *
 *   (a) calls both ways across tiers and to the host, i32/i64/f32/f64 parameters (NaN
 *       payloads included), v128, and multi-value results
 *   (b) the shared table holding functions of A, B and the host, call_indirect from
 *       both tiers, the three call_indirect traps, table changes by the embedder
 *   (c) traps in A called from the interpreter and in B called from A, the backtrace
 *       (modules and function indices, innermost first), then a working call
 *   (d) fuel: same remaining fuel and same minimal budget in both worlds
 *   (e) deep recursion traps with "call stack exhausted", then the store works
 *   (f) memory.grow by either tier (and the host) seen by the other
 *
 * Everything runs on a thread with a bounded stack (README: the engine's
 * max_native_stack, 256 KiB, + 64 KiB + the host functions' needs), so a native stack
 * overflow would crash instead of passing unnoticed; (e) runs once more with a 48 KiB
 * budget on a thread of 48 + 128 KiB.
 *
 * Prints each failure, a summary line, and exits 1 on any failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "minwasm.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, passes;
static const char *cur_world = "";

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int check(int ok, const char *fmt, ...)
{
    if (ok) {
        passes++;
        return 1;
    }
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL [%s] ", cur_world);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    failures++;
    return 0;
}

static void *alloc_fn(void *ud, void *ptr, size_t osize, size_t nsize)
{
    (void)ud;
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, nsize);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *b = malloc(cap);
    for (size_t got; b && (got = fread(b + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(b, cap *= 2);
            if (!nb) { free(b); b = NULL; }
            else b = nb;
        }
    }
    fclose(f);
    *len = n;
    return b;
}

/* ------------------------------------------------------------------ a world */

typedef struct world {
    const char *name;
    bool native;
    size_t max_native_stack;   /* 0: the default */
    mw_engine *engine;
    mw_store *store;
    mw_linker *linker;
    mw_module *ma, *mb, *mc;
    mw_instance *ia, *ib, *ic;
    mw_memory *mem;
    mw_table *tab;
    mw_func *hmul;           /* a host function made in the store, for table slot 7 */
    mw_func *reenter;        /* a host function calling back into A.a_inf */
    /* what the host function hfma last received */
    mw_val hfma_args[4];
    int hfma_calls;
} world;

static const mw_valtype T_I32[] = { MW_I32 };
static const mw_valtype T_MIX_P[] = { MW_I32, MW_I64, MW_F32, MW_F64 };
static const mw_valtype T_FMA_R[] = { MW_F64, MW_I64 };

static mw_result h_fma(mw_caller *c, void *env, const mw_val *args, size_t nargs_, mw_val *res, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)c;
    world *w = env;
    memcpy(w->hfma_args, args, sizeof w->hfma_args);
    w->hfma_calls++;
    res[0] = mw_val_f64_bits(args[3].of.f64_bits ^ 1);
    res[1] = mw_val_i64(args[1].of.i64 + args[0].of.i32);
    return MW_OK;
}

static mw_result h_sub(mw_caller *c, void *env, const mw_val *args, size_t nargs_, mw_val *res, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)c;
    (void)env;
    res[0] = mw_val_i32(args[0].of.i32 - 5);
    return MW_OK;
}

static mw_result h_grow(mw_caller *c, void *env, const mw_val *args, size_t nargs_, mw_val *res, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)env;
    mw_memory *m = mw_caller_memory(c);
    uint32_t old;
    if (!m || mw_memory_grow(m, (uint32_t)args[0].of.i32, &old, NULL) != MW_OK)
        res[0] = mw_val_i32(-1);
    else
        res[0] = mw_val_i32((int32_t)old);
    return MW_OK;
}

static mw_result h_mul(mw_caller *c, void *env, const mw_val *args, size_t nargs_, mw_val *res, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)c;
    (void)env;
    res[0] = mw_val_i32(args[0].of.i32 * 11);
    return MW_OK;
}

/* Re-enters the store: calls A.a_inf, which recurses until the stack is exhausted. */
static mw_result h_reenter(mw_caller *c, void *env, const mw_val *args, size_t nargs_, mw_val *res, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    world *w = env;
    mw_extern e;
    if (!mw_instance_export(w->ia, "a_inf", 5, &e)) return MW_ERR_NOT_FOUND;
    mw_val r;
    mw_error err;
    mw_result rc = mw_func_call(mw_caller_store(c), e.of.func, args, 1, &r, 1, &err);
    res[0] = mw_val_i32(rc == MW_OK ? r.of.i32 : -1);
    return rc;
}

static bool load(world *w, const char *path, bool native, mw_module **out)
{
    size_t len = 0;
    uint8_t *b = read_file(path, &len);
    if (!check(b != NULL, "cannot read %s", path)) return false;
    mw_error err;
    mw_result r = native ? mw_module_deserialize(w->engine, b, len, out, &err)
                         : mw_module_new(w->engine, b, len, out, &err);
    free(b);
    if (!check(r == MW_OK, "loading %s: %s", path, err.msg)) return false;
    return check(mw_module_is_native(*out) == native, "%s: mw_module_is_native is %d, want %d",
                 path, mw_module_is_native(*out), native);
}

static bool world_new(world *w, const char *name, bool native, char **paths, size_t max_native_stack)
{
    memset(w, 0, sizeof *w);
    w->name = name;
    w->native = native;
    w->max_native_stack = max_native_stack;
    cur_world = name;
    mw_error err;
    mw_engine_config cfg = { 0 };
    cfg.alloc = alloc_fn;
    cfg.max_native_stack = max_native_stack;
    if (!check(mw_engine_new(&cfg, &w->engine, &err) == MW_OK, "engine: %s", err.msg)) return false;
    if (!check(mw_store_new(w->engine, NULL, &w->store, &err) == MW_OK, "store: %s", err.msg))
        return false;
    if (!check(mw_linker_new(w->engine, &w->linker, &err) == MW_OK, "linker: %s", err.msg))
        return false;
    if (!load(w, native ? paths[0] : paths[1], native, &w->ma) || !load(w, paths[2], false, &w->mb) ||
        !load(w, paths[3], false, &w->mc))
        return false;
    mw_functype fma = { 4, 2, T_MIX_P, T_FMA_R }, ii = { 1, 1, T_I32, T_I32 };
    bool ok = mw_linker_define_func_cstr(w->linker, "host", "hfma", &fma, h_fma, w, NULL, &err) == MW_OK &&
              mw_linker_define_func_cstr(w->linker, "host", "hsub", &ii, h_sub, w, NULL, &err) == MW_OK &&
              mw_linker_define_func_cstr(w->linker, "host", "hgrow", &ii, h_grow, w, NULL, &err) == MW_OK;
    if (!check(ok, "defining host functions: %s", err.msg)) return false;
    if (!check(mw_linker_instantiate(w->linker, w->store, w->mb, &w->ib, &err) == MW_OK,
               "instantiating B: %s", err.msg) ||
        !check(mw_linker_define_instance_cstr(w->linker, "b", w->ib, &err) == MW_OK, "define b: %s", err.msg) ||
        !check(mw_linker_instantiate(w->linker, w->store, w->ma, &w->ia, &err) == MW_OK,
               "instantiating A: %s", err.msg) ||
        !check(mw_linker_define_instance_cstr(w->linker, "a", w->ia, &err) == MW_OK, "define a: %s", err.msg) ||
        !check(mw_linker_instantiate(w->linker, w->store, w->mc, &w->ic, &err) == MW_OK,
               "instantiating C: %s", err.msg))
        return false;
    mw_extern e;
    if (!check(mw_instance_export(w->ib, "mem", 3, &e) && e.kind == MW_EXTERN_MEMORY, "B exports mem"))
        return false;
    w->mem = e.of.memory;
    if (!check(mw_instance_export(w->ib, "tab", 3, &e) && e.kind == MW_EXTERN_TABLE, "B exports tab"))
        return false;
    w->tab = e.of.table;
    mw_memory_data(w->mem)[600] = 0xa5;   /* a canary expect_usable checks */
    if (!check(mw_func_new_host(w->store, &ii, h_mul, NULL, NULL, &w->hmul, &err) == MW_OK,
               "mw_func_new_host: %s", err.msg) ||
        !check(mw_func_new_host(w->store, &ii, h_reenter, w, NULL, &w->reenter, &err) == MW_OK,
               "mw_func_new_host: %s", err.msg))
        return false;
    return true;
}

static void world_delete(world *w)
{
    if (w->linker) mw_linker_delete(w->linker);
    if (w->store) mw_store_delete(w->store);
    if (w->ma) mw_module_delete(w->ma);
    if (w->mb) mw_module_delete(w->mb);
    if (w->mc) mw_module_delete(w->mc);
    if (w->engine) mw_engine_delete(w->engine);
    memset(w, 0, sizeof *w);
}

/* ------------------------------------------------------------------ calls */

static mw_func *export_func(mw_instance *inst, const char *name)
{
    mw_extern e;
    if (!mw_instance_export(inst, name, strlen(name), &e) || e.kind != MW_EXTERN_FUNC) return NULL;
    return e.of.func;
}

/* Call inst.name; nres results. Returns the result code, err filled. */
static mw_result call(world *w, mw_instance *inst, const char *name, const mw_val *args,
                      size_t nargs, mw_val *res, size_t nres, mw_error *err)
{
    mw_func *f = export_func(inst, name);
    if (!f) {
        check(0, "no export %s", name);
        err->code = MW_ERR_NOT_FOUND;
        err->trap = MW_TRAP_NONE;
        snprintf(err->msg, sizeof err->msg, "no export %s", name);
        return MW_ERR_NOT_FOUND;
    }
    return mw_func_call(w->store, f, args, nargs, res, nres, err);
}

/* "name(a0, a1)" with n arguments. */
static const char *fmt_call(char *buf, size_t cap, const char *name, int n, int32_t a0, int32_t a1)
{
    if (n == 0) snprintf(buf, cap, "%s()", name);
    else if (n == 1) snprintf(buf, cap, "%s(%d)", name, a0);
    else snprintf(buf, cap, "%s(%d, %d)", name, a0, a1);
    return buf;
}

/* An i32 function of up to two i32 arguments, expected to succeed. */
static int32_t call_i(world *w, mw_instance *inst, const char *name, int n, int32_t a0, int32_t a1)
{
    mw_val args[2] = { mw_val_i32(a0), mw_val_i32(a1) }, r;
    mw_error err;
    char what[128];
    mw_result rc = call(w, inst, name, args, (size_t)n, &r, 1, &err);
    if (!check(rc == MW_OK, "%s: %s", fmt_call(what, sizeof what, name, n, a0, a1), err.msg))
        return INT32_MIN;
    check(r.type == MW_I32, "%s: result type %d", name, r.type);
    return r.of.i32;
}

/* A function of two i32 arguments and no result, expected to succeed. */
static void call_v(world *w, mw_instance *inst, const char *name, int32_t a0, int32_t a1)
{
    mw_val args[2] = { mw_val_i32(a0), mw_val_i32(a1) };
    mw_error err;
    char what[128];
    mw_result rc = call(w, inst, name, args, 2, NULL, 0, &err);
    check(rc == MW_OK, "%s: %s", fmt_call(what, sizeof what, name, 2, a0, a1), err.msg);
}

static void expect_i(world *w, mw_instance *inst, const char *name, int n, int32_t a0, int32_t a1,
                     int32_t want)
{
    char what[128];
    int32_t got = call_i(w, inst, name, n, a0, a1);
    check(got == want, "%s = %d, want %d", fmt_call(what, sizeof what, name, n, a0, a1), got, want);
}

/* The index of the function named `name` (name section) in m's function index space. */
static uint32_t fidx(const mw_module *m, const char *name)
{
    mw_module_stats st;
    mw_module_stats_get(m, &st);
    uint32_t nimp = 0;
    for (uint32_t i = 0; i < mw_module_import_count(m); i++) {
        mw_import_export_desc d;
        if (mw_module_import(m, i, &d) && d.kind == MW_EXTERN_FUNC) nimp++;
    }
    for (uint32_t i = 0; i < nimp + st.functions; i++) {
        size_t len;
        const char *s = mw_module_func_name(m, i, &len);
        if (s && len == strlen(name) && memcmp(s, name, len) == 0) return i;
    }
    check(0, "no function named %s", name);
    return UINT32_MAX;
}

typedef struct frame_want {
    const mw_module *m;
    const char *func;
} frame_want;

static const char *mod_name(const world *w, const mw_module *m)
{
    return m == w->ma ? "A" : m == w->mb ? "B" : m == w->mc ? "C" : m ? "?" : "none";
}

/* A guard-page fault is named by walking native frames, which cannot see a function the
 * C compiler inlined into its caller (doc/aot.md): while this is set, a backtrace that
 * lacks exactly its innermost wanted frame also passes. */
static bool fault_may_lose_inlined;

/* The backtrace of the last trap is exactly want[0..n), innermost first. */
static void expect_frames(world *w, const char *what, const frame_want *want, uint32_t n)
{
    uint32_t got = mw_store_trap_frames(w->store);
    if (fault_may_lose_inlined && n > 1 && got == n - 1) {
        mw_frame_info f0;
        if (mw_store_trap_frame(w->store, 0, &f0) && f0.name && f0.name_len == strlen(want[1].func) &&
            memcmp(f0.name, want[1].func, f0.name_len) == 0) {
            want++;
            n--;
        }
    }
    char line[512];
    size_t k = 0;
    line[0] = 0;
    for (uint32_t i = 0; i < got && k < sizeof line - 64; i++) {
        mw_frame_info fi;
        if (!mw_store_trap_frame(w->store, i, &fi)) break;
        k += (size_t)snprintf(line + k, sizeof line - k, " %s.%u(%.*s)", mod_name(w, fi.module),
                              fi.func_index, fi.name ? (int)fi.name_len : 0, fi.name ? fi.name : "");
    }
    if (!check(got == n, "%s: %u trap frames, want %u; got:%s", what, got, n, line)) return;
    for (uint32_t i = 0; i < n; i++) {
        mw_frame_info fi;
        if (!check(mw_store_trap_frame(w->store, i, &fi), "%s: frame %u missing", what, i)) return;
        uint32_t want_idx = fidx(want[i].m, want[i].func);
        bool name_ok = fi.name && fi.name_len == strlen(want[i].func) &&
                       memcmp(fi.name, want[i].func, fi.name_len) == 0;
        check(fi.module == want[i].m && fi.func_index == want_idx && name_ok,
              "%s: frame %u is %s.%u, want %s.%u (%s); frames:%s", what, i, mod_name(w, fi.module),
              fi.func_index, mod_name(w, want[i].m), want_idx, want[i].func, line);
    }
}

/* A call that must trap with `code` (and the message of that code), leaving the
 * backtrace want[0..nfr) (not checked when want is NULL). */
static void expect_trap(world *w, mw_instance *inst, const char *name, int n, int32_t a0, int32_t a1,
                        int nres, mw_trap_code code, const frame_want *want, uint32_t nfr)
{
    mw_val args[2] = { mw_val_i32(a0), mw_val_i32(a1) }, r[2];
    mw_error err;
    char what[128];
    fmt_call(what, sizeof what, name, n, a0, a1);
    memset(&err, 0, sizeof err);
    mw_result rc = call(w, inst, name, args, (size_t)n, r, (size_t)nres, &err);
    if (!check(rc == MW_ERR_TRAP && err.code == MW_ERR_TRAP && err.trap == code,
               "%s: result %s, trap %d (%s), want trap %d (%s)", what, mw_result_name(rc), err.trap,
               err.msg, code, mw_trap_message(code)))
        return;
    check(strstr(err.msg, mw_trap_message(code)) != NULL, "%s: message '%s' does not say '%s'", what,
          err.msg, mw_trap_message(code));
    if (want) expect_frames(w, what, want, nfr);
}

/* After a trap the store works: calls into every module, memory contents kept. */
static void expect_usable(world *w, const char *after)
{
    mw_val args[4] = { mw_val_i32(5), mw_val_i64(1000000000000), mw_val_f32(1.5f), mw_val_f64(-2.25) };
    mw_val r[4];
    mw_error err;
    mw_result rc = call(w, w->ic, "c_add", args, 4, r, 4, &err);
    check(rc == MW_OK && r[3].of.i32 == 0x50 && r[2].of.i64 == 1000000000005 &&
              mw_val_as_f64(&r[0]) == -0.75,
          "after %s: C.c_add -> A.a_add: %s", after, rc == MW_OK ? "wrong results" : err.msg);
    rc = call(w, w->ia, "a_add", args, 4, r, 4, &err);
    check(rc == MW_OK && r[3].of.i32 == 0x50, "after %s: A.a_add: %s", after, err.msg);
    expect_i(w, w->ib, "b_ci", 2, 1, 3, 1003);
    expect_i(w, w->ia, "a_ci", 2, 0, 3, 21);
    check(mw_memory_data(w->mem)[600] == 0xa5, "after %s: memory byte 600 lost", after);
}

/* ------------------------------------------------------------------ (a) calls */

static uint32_t f32b(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static uint64_t f64b(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }

static void test_calls(world *w)
{
    /* a_mix: native A calls interpreted B.bmul and the host's hfma, four parameter types
     * and six results; signalling NaNs must arrive bit for bit. Called from the embedder
     * and from interpreted C (C -> A -> B, C -> A -> host). */
    const int32_t vi[2] = { -7, 123456 };
    const int64_t vl[2] = { (int64_t)0xfedcba9876543210ull, (int64_t)1 << 40 };
    const uint32_t vf[2] = { 0x7fa00001u, f32b(-1.75f) };
    const uint64_t vd[2] = { 0x7ff4000000000abcull, f64b(-0.0) };
    for (int v = 0; v < 2; v++) {
        for (int via = 0; via < 2; via++) {
            const char *fn = via ? "c_mix" : "a_mix";
            mw_val args[4] = { mw_val_i32(vi[v]), mw_val_i64(vl[v]), mw_val_f32_bits(vf[v]),
                               mw_val_f64_bits(vd[v]) };
            mw_val r[6];
            mw_error err;
            w->hfma_calls = 0;
            memset(w->hfma_args, 0, sizeof w->hfma_args);
            mw_result rc = call(w, via ? w->ic : w->ia, fn, args, 4, r, 6, &err);
            if (!check(rc == MW_OK, "%s vector %d: %s", fn, v, err.msg)) continue;
            check(r[0].type == MW_I32 && r[0].of.i32 == (int32_t)((uint32_t)vi[v] * 3u),
                  "%s vector %d: i32 result %d", fn, v, r[0].of.i32);
            check(r[1].type == MW_I64 && r[1].of.i64 == (int64_t)((uint64_t)vl[v] * 5u),
                  "%s vector %d: i64 result %" PRId64, fn, v, r[1].of.i64);
            check(r[2].type == MW_F32 && r[2].of.f32_bits == (vf[v] ^ 0x80000000u),
                  "%s vector %d: f32 result bits %08x, want %08x", fn, v, r[2].of.f32_bits,
                  vf[v] ^ 0x80000000u);
            check(r[3].type == MW_F64 && r[3].of.f64_bits == (vd[v] ^ 0x8000000000000000ull),
                  "%s vector %d: f64 result bits %016" PRIx64, fn, v, r[3].of.f64_bits);
            check(r[4].type == MW_F64 && r[4].of.f64_bits == (vd[v] ^ 1),
                  "%s vector %d: host f64 result bits %016" PRIx64, fn, v, r[4].of.f64_bits);
            check(r[5].type == MW_I64 && r[5].of.i64 == (int64_t)((uint64_t)vl[v] + (uint64_t)(int64_t)vi[v]),
                  "%s vector %d: host i64 result %" PRId64, fn, v, r[5].of.i64);
            check(w->hfma_calls == 1, "%s vector %d: host called %d times", fn, v, w->hfma_calls);
            check(w->hfma_args[0].type == MW_I32 && w->hfma_args[0].of.i32 == vi[v] &&
                      w->hfma_args[1].type == MW_I64 && w->hfma_args[1].of.i64 == vl[v] &&
                      w->hfma_args[2].type == MW_F32 && w->hfma_args[2].of.f32_bits == vf[v] &&
                      w->hfma_args[3].type == MW_F64 && w->hfma_args[3].of.f64_bits == vd[v],
                  "%s vector %d: the host received (%d, %" PRId64 ", %08x, %016" PRIx64 ")", fn, v,
                  w->hfma_args[0].of.i32, w->hfma_args[1].of.i64, w->hfma_args[2].of.f32_bits,
                  w->hfma_args[3].of.f64_bits);
        }
    }

    /* a_add from the embedder and from interpreted C; c_add2 feeds A's four results
     * back into A from the interpreter. */
    struct { int32_t i; int64_t l; float f; double d; double rd; float rf; int64_t rl; int32_t ri; } add[] = {
        { 5, 1000000000000, 1.5f, -2.25, -0.75, 3.0f, 1000000000005, 0x50 },
        { INT32_MIN, INT64_MAX, -0.0f, -0.0, -0.0, -0.0f, INT64_MAX + (int64_t)INT32_MIN, INT32_MIN ^ 0x55 },
        { -1, -1, 1e30f, 1e300, 1e300, 2e30f, -2, -1 ^ 0x55 },
    };
    for (size_t k = 0; k < sizeof add / sizeof add[0]; k++) {
        for (int via = 0; via < 2; via++) {
            const char *fn = via ? "c_add" : "a_add";
            mw_val args[4] = { mw_val_i32(add[k].i), mw_val_i64(add[k].l), mw_val_f32(add[k].f),
                               mw_val_f64(add[k].d) };
            mw_val r[4];
            mw_error err;
            mw_result rc = call(w, via ? w->ic : w->ia, fn, args, 4, r, 4, &err);
            if (!check(rc == MW_OK, "%s #%zu: %s", fn, k, err.msg)) continue;
            check(r[0].type == MW_F64 && r[0].of.f64_bits == f64b(add[k].rd) &&
                      r[1].type == MW_F32 && r[1].of.f32_bits == f32b(add[k].rf) &&
                      r[2].type == MW_I64 && r[2].of.i64 == add[k].rl &&
                      r[3].type == MW_I32 && r[3].of.i32 == add[k].ri,
                  "%s #%zu: results (%016" PRIx64 ", %08x, %" PRId64 ", %d)", fn, k, r[0].of.f64_bits,
                  r[1].of.f32_bits, r[2].of.i64, r[3].of.i32);
        }
    }
    mw_val args[4] = { mw_val_i32(5), mw_val_i64(1000000000000), mw_val_f32(1.5f), mw_val_f64(-2.25) };
    mw_val r[4];
    mw_error err;
    /* v128 (two slots) between other values: a_v(v, x) calls B.b_vadd(x, v, 1.5) =
     * (v + splat(x), x + 1), returns (x + 2, v + splat(x), lane 3 of that) */
    for (int via = 0; via < 2; via++) {
        const char *fn = via ? "c_v" : "a_v";
        uint8_t vb[16];
        for (int i = 0; i < 16; i++) vb[i] = (uint8_t)(0xf0 + i * 7);
        int32_t x = 0x01020304;
        mw_val va[2] = { mw_val_v128(vb), mw_val_i32(x) }, vr[3];
        mw_result rc = call(w, via ? w->ic : w->ia, fn, va, 2, vr, 3, &err);
        if (!check(rc == MW_OK, "%s: %s", fn, err.msg)) continue;
        uint8_t want[16];
        for (int lane = 0; lane < 4; lane++) {
            uint32_t l;
            memcpy(&l, vb + 4 * lane, 4);   /* little-endian host assumed, as wasm lanes */
            l += (uint32_t)x;
            memcpy(want + 4 * lane, &l, 4);
        }
        uint32_t lane3;
        memcpy(&lane3, want + 12, 4);
        check(vr[0].type == MW_I32 && vr[0].of.i32 == x + 2, "%s: i32 result %d", fn, vr[0].of.i32);
        check(vr[1].type == MW_V128 && memcmp(vr[1].of.v128, want, 16) == 0, "%s: v128 result differs", fn);
        check(vr[2].type == MW_I64 && vr[2].of.i64 == (int64_t)lane3, "%s: i64 result %" PRId64 ", want %u",
              fn, vr[2].of.i64, lane3);
    }
    mw_result rc = call(w, w->ic, "c_add2", args, 4, r, 4, &err);
    if (check(rc == MW_OK, "c_add2: %s", err.msg))
        check(mw_val_as_f64(&r[0]) == 2.25 && mw_val_as_f32(&r[1]) == 6.0f &&
                  r[2].of.i64 == 1000000000085 && r[3].of.i32 == 5,
              "c_add2: results (%g, %g, %" PRId64 ", %d)", mw_val_as_f64(&r[0]),
              (double)mw_val_as_f32(&r[1]), r[2].of.i64, r[3].of.i32);
}

/* ------------------------------------------------------------------ (b) the table */

static mw_val table_at(world *w, uint32_t i)
{
    mw_val v;
    memset(&v, 0, sizeof v);
    check(mw_table_get(w->tab, i, &v) == MW_OK, "mw_table_get %u", i);
    return v;
}

static void table_put(world *w, uint32_t i, mw_func *f)
{
    mw_val v;
    v.type = MW_FUNCREF;
    v.of.funcref = f;
    check(mw_table_set(w->tab, i, v) == MW_OK, "mw_table_set %u", i);
}

static void test_table(world *w)
{
    const frame_want fa[] = { { w->ma, "a_ci" } }, fb[] = { { w->mb, "b_ci" } };
    const frame_want fal[] = { { w->ma, "a_ci_ll" } }, fbl[] = { { w->mb, "b_ci_ll" } };
    check(mw_table_size(w->tab) == 8, "table size %u", mw_table_size(w->tab));
    /* slot: 0 A (x*7), 1 B (x+1000), 2 host (x-5), 6 A.a_rec (mixed recursion: n) */
    for (int tier = 0; tier < 2; tier++) {
        mw_instance *in = tier ? w->ib : w->ia;
        const char *ci = tier ? "b_ci" : "a_ci", *cil = tier ? "b_ci_ll" : "a_ci_ll";
        const frame_want *f = tier ? fb : fa, *fl = tier ? fbl : fal;
        expect_i(w, in, ci, 2, 0, 6, 42);
        expect_i(w, in, ci, 2, 1, 6, 1006);
        expect_i(w, in, ci, 2, 2, 6, 1);
        expect_i(w, in, ci, 2, 6, 9, 9);
        mw_val a[2] = { mw_val_i32(4), mw_val_i64(41) }, r;
        mw_error err;
        mw_result rc = call(w, in, cil, a, 2, &r, 1, &err);
        check(rc == MW_OK && r.of.i64 == 42, "%s(4, 41): %s %" PRId64, cil, err.msg, r.of.i64);
        /* null elements */
        expect_trap(w, in, ci, 2, 3, 1, 1, MW_TRAP_UNINITIALIZED_ELEMENT, f, 1);
        expect_trap(w, in, ci, 2, 7, 1, 1, MW_TRAP_UNINITIALIZED_ELEMENT, f, 1);
        /* type mismatch: A's (i64)->i64, B's (f32)->f32; a native, an interpreted and a
         * host function called as (i64)->i64 */
        expect_trap(w, in, ci, 2, 4, 1, 1, MW_TRAP_INDIRECT_MISMATCH, f, 1);
        expect_trap(w, in, ci, 2, 5, 1, 1, MW_TRAP_INDIRECT_MISMATCH, f, 1);
        for (int32_t slot = 0; slot < 3; slot++) {
            mw_val al[2] = { mw_val_i32(slot), mw_val_i64(1) };
            rc = call(w, in, cil, al, 2, &r, 1, &err);
            check(rc == MW_ERR_TRAP && err.trap == MW_TRAP_INDIRECT_MISMATCH,
                  "%s(%d, 1): %s, want indirect call type mismatch", cil, slot, err.msg);
            if (rc == MW_ERR_TRAP) expect_frames(w, cil, fl, 1);
        }
        /* out of range */
        expect_trap(w, in, ci, 2, 8, 1, 1, MW_TRAP_UNDEFINED_ELEMENT, f, 1);
        expect_trap(w, in, ci, 2, 1000, 1, 1, MW_TRAP_UNDEFINED_ELEMENT, f, 1);
        expect_trap(w, in, ci, 2, -1, 1, 1, MW_TRAP_UNDEFINED_ELEMENT, f, 1);
        expect_usable(w, ci);
    }

    /* The embedder changes the table; both tiers see every change (nothing cached). */
    mw_val a0 = table_at(w, 0), b1 = table_at(w, 1), a4 = table_at(w, 4);
    table_put(w, 7, w->hmul);   /* a host function made in the store */
    expect_i(w, w->ia, "a_ci", 2, 7, 3, 33);
    expect_i(w, w->ib, "b_ci", 2, 7, 3, 33);
    table_put(w, 3, b1.of.funcref);
    expect_i(w, w->ia, "a_ci", 2, 3, 1, 1001);
    expect_i(w, w->ib, "b_ci", 2, 3, 1, 1001);
    table_put(w, 3, NULL);
    expect_trap(w, w->ia, "a_ci", 2, 3, 1, 1, MW_TRAP_UNINITIALIZED_ELEMENT, fa, 1);
    expect_trap(w, w->ib, "b_ci", 2, 3, 1, 1, MW_TRAP_UNINITIALIZED_ELEMENT, fb, 1);
    table_put(w, 0, b1.of.funcref);   /* A's slot now holds B's function, and back */
    expect_i(w, w->ia, "a_ci", 2, 0, 2, 1002);
    table_put(w, 0, a0.of.funcref);
    expect_i(w, w->ia, "a_ci", 2, 0, 2, 14);
    table_put(w, 4, a0.of.funcref);   /* a slot of another type now holds an (i32)->i32 */
    expect_i(w, w->ia, "a_ci", 2, 4, 2, 14);
    expect_i(w, w->ib, "b_ci", 2, 4, 2, 14);
    table_put(w, 4, a4.of.funcref);
    expect_trap(w, w->ia, "a_ci", 2, 4, 1, 1, MW_TRAP_INDIRECT_MISMATCH, fa, 1);
    /* four results through call_indirect, both tiers calling both tiers */
    mw_func *bmul = export_func(w->ib, "bmul"), *mix4 = export_func(w->ia, "a_mix4");
    const mw_func *callees[2] = { bmul, mix4 };
    for (int c = 0; c < 2; c++) {
        table_put(w, 7, (mw_func *)callees[c]);
        for (int tier = 0; tier < 2; tier++) {
            const char *fn = tier ? "b_ci_mix" : "a_ci_mix";
            mw_val a[5] = { mw_val_i32(7), mw_val_i32(-9), mw_val_i64(-1000), mw_val_f32_bits(0x7f800001u),
                            mw_val_f64_bits(0x7ff0000000000001ull) }, r[4];
            mw_error e2;
            mw_result rc = call(w, tier ? w->ib : w->ia, fn, a, 5, r, 4, &e2);
            if (!check(rc == MW_OK, "%s -> %s: %s", fn, c ? "A.a_mix4" : "B.bmul", e2.msg)) continue;
            check(r[0].of.i32 == (c ? -8 : -27) && r[1].of.i64 == (c ? -999 : -5000) &&
                      r[2].of.f32_bits == 0xff800001u && r[3].of.f64_bits == 0xfff0000000000001ull,
                  "%s -> %s: results (%d, %" PRId64 ", %08x, %016" PRIx64 ")", fn, c ? "A.a_mix4" : "B.bmul",
                  r[0].of.i32, r[1].of.i64, r[2].of.f32_bits, r[3].of.f64_bits);
        }
    }
    /* a native callee that traps, reached through the table from both tiers */
    table_put(w, 7, export_func(w->ia, "a_sig_trap"));
    expect_i(w, w->ia, "a_ci", 2, 7, 3, 50);
    expect_i(w, w->ib, "b_ci", 2, 7, 3, 50);
    const frame_want fta[] = { { w->ma, "a_sig_trap" }, { w->ma, "a_ci" } };
    const frame_want ftb[] = { { w->ma, "a_sig_trap" }, { w->mb, "b_ci" } };
    expect_trap(w, w->ia, "a_ci", 2, 7, 0, 1, MW_TRAP_UNREACHABLE, fta, 2);
    expect_trap(w, w->ib, "b_ci", 2, 7, 0, 1, MW_TRAP_UNREACHABLE, ftb, 2);
    expect_trap(w, w->ia, "a_ci", 2, 7, 1, 1, MW_TRAP_DIV_BY_ZERO, fta, 2);
    expect_trap(w, w->ib, "b_ci", 2, 7, 1, 1, MW_TRAP_DIV_BY_ZERO, ftb, 2);
    expect_usable(w, "a trapping table callee");
    table_put(w, 7, NULL);
    /* growth */
    uint32_t old = 0;
    mw_error err;
    check(mw_table_grow(w->tab, 2, a0, &old, &err) == MW_OK && old == 8, "mw_table_grow: %s", err.msg);
    expect_i(w, w->ia, "a_ci", 2, 9, 3, 21);
    expect_i(w, w->ib, "b_ci", 2, 9, 3, 21);
    expect_trap(w, w->ia, "a_ci", 2, 10, 1, 1, MW_TRAP_UNDEFINED_ELEMENT, fa, 1);
    expect_trap(w, w->ib, "b_ci", 2, 10, 1, 1, MW_TRAP_UNDEFINED_ELEMENT, fb, 1);
    expect_usable(w, "table changes");
}

/* ------------------------------------------------------------------ (c) traps */

static void test_traps(world *w)
{
    const mw_module *A = w->ma, *B = w->mb, *C = w->mc;
    int32_t end = (int32_t)mw_memory_size(w->mem);
    /* raised in A (native), called from the embedder and from interpreted C */
    frame_want f_un[] = { { A, "a_unreach_inner" }, { A, "a_unreach" }, { C, "c_unreach" } };
    expect_trap(w, w->ia, "a_unreach", 0, 0, 0, 0, MW_TRAP_UNREACHABLE, f_un, 2);
    expect_usable(w, "a_unreach");
    expect_trap(w, w->ic, "c_unreach", 0, 0, 0, 0, MW_TRAP_UNREACHABLE, f_un, 3);
    expect_usable(w, "c_unreach");
    frame_want f_div[] = { { A, "a_div_inner" }, { A, "a_div" }, { C, "c_div" } };
    expect_trap(w, w->ia, "a_div", 2, 7, 0, 1, MW_TRAP_DIV_BY_ZERO, f_div, 2);
    expect_usable(w, "a_div");
    expect_trap(w, w->ic, "c_div", 2, 7, 0, 1, MW_TRAP_DIV_BY_ZERO, f_div, 3);
    expect_usable(w, "c_div");
    expect_i(w, w->ia, "a_div", 2, 7, 2, 4);
    expect_i(w, w->ic, "c_div", 2, 7, 2, 5);
    frame_want f_ld[] = { { A, "a_load_inner" }, { A, "a_load" }, { C, "c_load" } };
    const int32_t oob[] = { end - 2, end, (int32_t)0xfffffff0 };
    fault_may_lose_inlined = true;   /* a_load_inner may be inlined into a_load */
    for (size_t k = 0; k < 3; k++) {
        expect_trap(w, w->ia, "a_load", 1, oob[k], 0, 1, MW_TRAP_MEMORY_OOB, f_ld, 2);
        expect_usable(w, "a_load");
        expect_trap(w, w->ic, "c_load", 1, oob[k], 0, 1, MW_TRAP_MEMORY_OOB, f_ld, 3);
        expect_usable(w, "c_load");
    }
    fault_may_lose_inlined = false;
    /* a fault directly in the native function the interpreter called */
    frame_want f_pk[] = { { A, "a_peek" }, { C, "c_peek" } };
    expect_trap(w, w->ia, "a_peek", 1, end, 0, 1, MW_TRAP_MEMORY_OOB, f_pk, 1);
    expect_trap(w, w->ic, "c_peek", 1, end, 0, 1, MW_TRAP_MEMORY_OOB, f_pk, 2);
    expect_usable(w, "c_peek");
    mw_memory_data(w->mem)[end - 4] = 0x11;
    expect_i(w, w->ia, "a_load", 1, end - 4, 0, 0x12);
    expect_i(w, w->ic, "c_load", 1, end - 4, 0, 0x13);

    /* raised in B (interpreted) called from A (native), from the embedder and from C */
    frame_want fb_div[] = { { B, "b_div" }, { A, "a_call_b_div" }, { C, "c_b_div" } };
    expect_trap(w, w->ia, "a_call_b_div", 2, 7, 0, 1, MW_TRAP_DIV_BY_ZERO, fb_div, 2);
    expect_usable(w, "a_call_b_div");
    expect_trap(w, w->ic, "c_b_div", 2, 7, 0, 1, MW_TRAP_DIV_BY_ZERO, fb_div, 3);
    expect_usable(w, "c_b_div");
    expect_trap(w, w->ia, "a_call_b_div", 2, INT32_MIN, -1, 1, MW_TRAP_INT_OVERFLOW, fb_div, 2);
    expect_usable(w, "a_call_b_div overflow");
    expect_i(w, w->ic, "c_b_div", 2, 9, 3, 5);
    frame_want fb_un[] = { { B, "b_unreach" }, { A, "a_call_b_unreach" }, { C, "c_b_unreach" } };
    expect_trap(w, w->ia, "a_call_b_unreach", 0, 0, 0, 0, MW_TRAP_UNREACHABLE, fb_un, 2);
    expect_usable(w, "a_call_b_unreach");
    expect_trap(w, w->ic, "c_b_unreach", 0, 0, 0, 0, MW_TRAP_UNREACHABLE, fb_un, 3);
    expect_usable(w, "c_b_unreach");
    frame_want fb_ld[] = { { B, "b_load" }, { A, "a_call_b_load" }, { C, "c_b_load" } };
    for (size_t k = 0; k < 3; k++) {
        expect_trap(w, w->ia, "a_call_b_load", 1, oob[k], 0, 1, MW_TRAP_MEMORY_OOB, fb_ld, 2);
        expect_usable(w, "a_call_b_load");
        expect_trap(w, w->ic, "c_b_load", 1, oob[k], 0, 1, MW_TRAP_MEMORY_OOB, fb_ld, 3);
        expect_usable(w, "c_b_load");
    }
    expect_i(w, w->ic, "c_b_load", 1, end - 4, 0, 0x13);
}

/* ------------------------------------------------------------------ (e) recursion */

static void test_recursion(world *w)
{
    /* a_inf in native code, from the embedder and under an interpreted frame */
    expect_trap(w, w->ia, "a_inf", 1, 0, 0, 1, MW_TRAP_STACK_EXHAUSTED, NULL, 0);
    if (mw_store_trap_frames(w->store) > 0) {
        mw_frame_info fi;
        mw_store_trap_frame(w->store, 0, &fi);
        check(fi.module == w->ma && fi.func_index == fidx(w->ma, "a_inf"),
              "a_inf: innermost frame is %s.%u", mod_name(w, fi.module), fi.func_index);
    }
    expect_usable(w, "a_inf");
    expect_i(w, w->ia, "a_depth", 1, 100, 0, 100);
    expect_trap(w, w->ic, "c_inf", 0, 0, 0, 1, MW_TRAP_STACK_EXHAUSTED, NULL, 0);
    expect_usable(w, "c_inf");
    /* mixed recursion A -> B -> (table) A -> ... from each side */
    expect_i(w, w->ia, "a_rec", 1, 30, 0, 30);
    expect_trap(w, w->ia, "a_rec", 1, 1000000, 0, 1, MW_TRAP_STACK_EXHAUSTED, NULL, 0);
    expect_usable(w, "a_rec");
    expect_trap(w, w->ib, "b_rec", 1, 1000000, 0, 1, MW_TRAP_STACK_EXHAUSTED, NULL, 0);
    expect_usable(w, "b_rec");
    expect_trap(w, w->ic, "c_rec", 1, 1000000, 0, 1, MW_TRAP_STACK_EXHAUSTED, NULL, 0);
    expect_usable(w, "c_rec");
    /* native recursion inside a host re-entry (A -> table -> host -> A.a_inf) */
    table_put(w, 7, w->reenter);
    expect_trap(w, w->ia, "a_ci", 2, 7, 0, 1, MW_TRAP_STACK_EXHAUSTED, NULL, 0);
    expect_usable(w, "re-entered a_inf");
    table_put(w, 7, NULL);
    /* how deep a_depth may go (information; at least 1000 levels with the default budget) */
    if (w->max_native_stack == 0) expect_i(w, w->ia, "a_depth", 1, 1000, 0, 1000);
    int32_t lo = 0, hi = 1 << 20;
    while (lo + 1 < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        mw_val a = mw_val_i32(mid), r;
        mw_error err;
        if (call(w, w->ia, "a_depth", &a, 1, &r, 1, &err) == MW_OK) lo = mid;
        else hi = mid;
    }
    printf("[%s] a_depth: deepest recursion that completes %d\n", w->name, lo);
    expect_usable(w, "a_depth search");
}

/* ------------------------------------------------------------------ (f) memory.grow */

static void test_grow(world *w)
{
    const int32_t P = 65536;
    expect_i(w, w->ia, "a_size", 0, 0, 0, 1);
    expect_i(w, w->ib, "b_size", 0, 0, 0, 1);
    /* native grows, interpreted sees it (and the embedder) */
    expect_i(w, w->ia, "a_grow", 1, 1, 0, 1);
    expect_i(w, w->ib, "b_size", 0, 0, 0, 2);
    check(mw_memory_pages(w->mem) == 2, "pages %u, want 2", mw_memory_pages(w->mem));
    call_v(w, w->ib, "b_store", P + 8, 77);
    expect_i(w, w->ia, "a_peek", 1, P + 8, 0, 77);
    call_v(w, w->ia, "a_store", 2 * P - 4, 99);
    expect_i(w, w->ib, "b_load", 1, 2 * P - 4, 0, 99);
    check(mw_memory_data(w->mem)[P + 8] == 77, "the embedder does not see B's store in A's new page");
    /* interpreted grows, native sees it */
    expect_i(w, w->ib, "b_grow", 1, 2, 0, 2);
    expect_i(w, w->ia, "a_size", 0, 0, 0, 4);
    call_v(w, w->ia, "a_store", 4 * P - 4, 123);
    expect_i(w, w->ib, "b_load", 1, 4 * P - 4, 0, 123);
    expect_trap(w, w->ia, "a_peek", 1, 4 * P, 0, 1, MW_TRAP_MEMORY_OOB, NULL, 0);
    expect_trap(w, w->ia, "a_peek", 1, 4 * P - 3, 0, 1, MW_TRAP_MEMORY_OOB, NULL, 0);
    /* a callee grows (B, the host), native code uses the new page in the same function */
    expect_i(w, w->ia, "a_grow_via_b", 1, 1, 0, (5 << 16) | 0x5a5a);
    expect_i(w, w->ib, "b_load", 1, 5 * P - 4, 0, 0x5a5a);
    expect_i(w, w->ia, "a_grow_via_host", 1, 1, 0, (6 << 16) | 0x6b6b);
    expect_i(w, w->ib, "b_load", 1, 6 * P - 4, 0, 0x6b6b);
    /* native callee grows, the interpreted caller uses the new page */
    expect_i(w, w->ic, "c_grow_a", 1, 1, 0, (7 << 16) | 0x7c7c);
    expect_i(w, w->ia, "a_peek", 1, 7 * P - 4, 0, 0x7c7c);
    /* the embedder grows */
    uint32_t old = 0;
    mw_error err;
    check(mw_memory_grow(w->mem, 1, &old, &err) == MW_OK && old == 7, "mw_memory_grow: %s", err.msg);
    expect_i(w, w->ia, "a_size", 0, 0, 0, 8);
    expect_i(w, w->ia, "a_peek", 1, 8 * P - 4, 0, 0);
    expect_trap(w, w->ia, "a_peek", 1, 8 * P, 0, 1, MW_TRAP_MEMORY_OOB, NULL, 0);
    /* past the maximum (16 pages): -1 from both tiers, nothing changes */
    expect_i(w, w->ia, "a_grow", 1, 9, 0, -1);
    expect_i(w, w->ib, "b_grow", 1, 9, 0, -1);
    expect_i(w, w->ia, "a_grow_via_b", 1, 9, 0, -1);
    expect_i(w, w->ib, "b_size", 0, 0, 0, 8);
    expect_i(w, w->ia, "a_grow", 1, 8, 0, 8);
    expect_i(w, w->ib, "b_grow", 1, 1, 0, -1);
    expect_i(w, w->ia, "a_grow", 1, 0, 0, 16);
    expect_i(w, w->ib, "b_size", 0, 0, 0, 16);
    call_v(w, w->ib, "b_store", 16 * P - 4, 4242);
    expect_i(w, w->ia, "a_peek", 1, 16 * P - 4, 0, 4242);
    expect_trap(w, w->ia, "a_peek", 1, 16 * P, 0, 1, MW_TRAP_MEMORY_OOB, NULL, 0);
    expect_trap(w, w->ib, "b_load", 1, 16 * P - 2, 0, 1, MW_TRAP_MEMORY_OOB, NULL, 0);
    expect_usable(w, "memory growth");
}

/* ------------------------------------------------------------------ (d) fuel */

typedef struct fuel_case {
    char inst;               /* 'a', 'b' or 'c' */
    const char *fn;
    int n;
    int32_t a0, a1;
} fuel_case;

static mw_instance *inst_of(world *w, char c) { return c == 'a' ? w->ia : c == 'b' ? w->ib : w->ic; }

static mw_result fuel_run(world *w, const fuel_case *fc, uint64_t budget, uint64_t *left,
                          int32_t *res, mw_error *err)
{
    mw_val args[2] = { mw_val_i32(fc->a0), mw_val_i32(fc->a1) }, r;
    r.of.i32 = 0;
    mw_store_set_fuel(w->store, budget);
    mw_result rc = call(w, inst_of(w, fc->inst), fc->fn, args, (size_t)fc->n, &r, 1, err);
    *left = mw_store_get_fuel(w->store);
    mw_store_disable_fuel(w->store);
    *res = r.of.i32;
    return rc;
}

/* The smallest budget with which fc completes. */
static uint64_t min_budget(world *w, const fuel_case *fc, uint64_t hi)
{
    uint64_t lo = 0;   /* invariant: hi succeeds; lo fails or is 0 and untested */
    uint64_t left;
    int32_t res;
    mw_error err;
    if (fuel_run(w, fc, 0, &left, &res, &err) == MW_OK) return 0;
    while (lo + 1 < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (fuel_run(w, fc, mid, &left, &res, &err) == MW_OK) hi = mid;
        else lo = mid;
    }
    return hi;
}

static void test_fuel(world *wn, world *wi)
{
    const fuel_case cases[] = {
        { 'a', "a_fuel_loop", 1, 1000, 0 },
        { 'a', "a_fuel_mixed", 1, 200, 0 },
        { 'c', "c_fuel", 1, 50, 0 },
        { 'a', "a_depth", 1, 300, 0 },
        { 'a', "a_rec", 1, 21, 0 },
        { 'b', "b_rec", 1, 21, 0 },
        { 'c', "c_rec", 1, 20, 0 },
        { 'a', "a_ci", 2, 1, 5 },
        { 'a', "a_ci", 2, 2, 5 },
        { 'b', "b_ci", 2, 0, 5 },
        { 'b', "b_ci", 2, 6, 9 },
    };
    const uint64_t big = 10000000;
    cur_world = "fuel";
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const fuel_case *fc = &cases[k];
        char what[64], fn[48];
        snprintf(fn, sizeof fn, "%c.%s", fc->inst, fc->fn);
        fmt_call(what, sizeof what, fn, fc->n, fc->a0, fc->a1);
        uint64_t ln, li;
        int32_t rn, ri;
        mw_error en, ei;
        mw_result cn = fuel_run(wn, fc, big, &ln, &rn, &en), ci = fuel_run(wi, fc, big, &li, &ri, &ei);
        if (!check(cn == MW_OK && ci == MW_OK, "%s with %" PRIu64 " fuel: native %s, interpreted %s",
                   what, big, en.msg, ei.msg))
            continue;
        check(rn == ri, "%s: result %d native, %d interpreted", what, rn, ri);
        check(ln == li, "%s: %" PRIu64 " fuel used native, %" PRIu64 " interpreted", what, big - ln,
              big - li);
        uint64_t mn = min_budget(wn, fc, big), mi = min_budget(wi, fc, big);
        check(mn == mi, "%s: smallest budget %" PRIu64 " native, %" PRIu64 " interpreted", what, mn, mi);
        printf("fuel %-22s used %7" PRIu64 " native, %7" PRIu64 " interpreted; smallest budget %7" PRIu64
               " native, %7" PRIu64 " interpreted\n", what, big - ln, big - li, mn, mi);
        /* smaller budgets stop both at the same point: same fuel left, same memory written
         * (a_fuel_mixed's memory.fill leaves the last iteration's number at 1024) */
        const uint64_t part[] = { mn > 0 ? mn - 1 : 0, mn / 2, mn / 3 + 1, 1 };
        for (size_t p = 0; p < sizeof part / sizeof part[0]; p++) {
            if (part[p] >= mn) continue;
            memset(mw_memory_data(wn->mem) + 1024, 0xee, 256);
            memset(mw_memory_data(wi->mem) + 1024, 0xee, 256);
            int32_t pn, pi;
            cn = fuel_run(wn, fc, part[p], &ln, &pn, &en);
            ci = fuel_run(wi, fc, part[p], &li, &pi, &ei);
            check(cn == MW_ERR_TRAP && en.trap == MW_TRAP_OUT_OF_FUEL && ci == MW_ERR_TRAP &&
                      ei.trap == MW_TRAP_OUT_OF_FUEL,
                  "%s with %" PRIu64 " fuel: native '%s', interpreted '%s', want out of fuel", what,
                  part[p], cn == MW_OK ? "completed" : en.msg, ci == MW_OK ? "completed" : ei.msg);
            check(ln == li, "%s with %" PRIu64 " fuel: %" PRIu64 " left native, %" PRIu64 " interpreted",
                  what, part[p], ln, li);
            check(memcmp(mw_memory_data(wn->mem) + 1024, mw_memory_data(wi->mem) + 1024, 256) == 0,
                  "%s with %" PRIu64 " fuel: memory differs where it stopped (native %u, interpreted %u)",
                  what, part[p], mw_memory_data(wn->mem)[1024], mw_memory_data(wi->mem)[1024]);
        }
        /* one unit less traps out of fuel in both, and the store goes on */
        world *ws[2] = { wn, wi };
        uint64_t mins[2] = { mn, mi };
        for (int t = 0; t < 2; t++) {
            if (mins[t] == 0) continue;
            uint64_t left;
            int32_t res;
            mw_error err;
            mw_result rc = fuel_run(ws[t], fc, mins[t] - 1, &left, &res, &err);
            check(rc == MW_ERR_TRAP && err.trap == MW_TRAP_OUT_OF_FUEL,
                  "%s [%s] with %" PRIu64 " fuel: %s, want out of fuel", what, ws[t]->name, mins[t] - 1,
                  rc == MW_OK ? "completed" : err.msg);
            rc = fuel_run(ws[t], fc, mins[t], &left, &res, &err);
            check(rc == MW_OK && left == 0 && res == rn, "%s [%s] with %" PRIu64 " fuel: %s, %" PRIu64 " left",
                  what, ws[t]->name, mins[t], rc == MW_OK ? "ok" : err.msg, left);
            cur_world = ws[t]->name;
            expect_usable(ws[t], "out of fuel");
            cur_world = "fuel";
        }
    }
}

/* ------------------------------------------------------------------ main */

static char **g_paths;

static void *run_all(void *arg)
{
    (void)arg;
    world wn, wi;
    bool okn = world_new(&wn, "native", true, g_paths, 0);
    bool oki = world_new(&wi, "interp", false, g_paths, 0);
    world *ws[2] = { &wn, &wi };
    bool oks[2] = { okn, oki };
    for (int t = 0; t < 2; t++) {
        if (!oks[t]) continue;
        world *w = ws[t];
        cur_world = w->name;
        int before = failures;
        test_calls(w);
        printf("[%s] (a) calls across tiers: %s\n", w->name, failures == before ? "ok" : "FAILED");
        before = failures;
        test_table(w);
        printf("[%s] (b) shared table, call_indirect: %s\n", w->name, failures == before ? "ok" : "FAILED");
        before = failures;
        test_traps(w);
        printf("[%s] (c) traps and backtraces: %s\n", w->name, failures == before ? "ok" : "FAILED");
        before = failures;
        test_recursion(w);
        printf("[%s] (e) deep recursion: %s\n", w->name, failures == before ? "ok" : "FAILED");
    }
    if (okn && oki) {
        int before = failures;
        test_fuel(&wn, &wi);
        printf("(d) fuel, native vs interpreted: %s\n", failures == before ? "ok" : "FAILED");
    }
    for (int t = 0; t < 2; t++) {
        if (!oks[t]) continue;
        cur_world = ws[t]->name;
        int before = failures;
        test_grow(ws[t]);
        printf("[%s] (f) memory.grow across tiers: %s\n", ws[t]->name, failures == before ? "ok" : "FAILED");
    }
    world_delete(&wn);
    world_delete(&wi);
    return NULL;
}

/* (e) again with a smaller native stack budget, on a thread just big enough for it */
#define SMALL_BUDGET (48 * 1024)
static void *run_small(void *arg)
{
    (void)arg;
    world w;
    if (world_new(&w, "native, 48 KiB budget", true, g_paths, SMALL_BUDGET)) {
        int before = failures;
        test_recursion(&w);
        printf("[%s] (e) deep recursion: %s\n", w.name, failures == before ? "ok" : "FAILED");
    }
    world_delete(&w);
    return NULL;
}

static bool run_thread(void *(*fn)(void *), size_t stack)
{
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, stack);
    bool ok = pthread_create(&th, &attr, fn, NULL) == 0;
    if (ok) pthread_join(th, NULL);
    else fprintf(stderr, "pthread_create failed\n");
    pthread_attr_destroy(&attr);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s A.cwasm A.wasm B.wasm C.wasm\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    g_paths = argv + 1;
    /* 256 KiB (max_native_stack) + 64 KiB + room for the test's own frames (README) */
    if (!run_thread(run_all, 384 * 1024) || !run_thread(run_small, SMALL_BUDGET + 128 * 1024)) return 2;
    printf("test_mixed: %d checks passed, %d failed\n", passes, failures);
    return failures ? 1 : 0;
}
