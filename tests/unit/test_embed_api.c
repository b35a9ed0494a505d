/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_embed_api.c — the embedding conveniences of minwasm.h: host functions receive
 * their argument and result counts, per-store user data, linker definitions with a
 * finalizer (called once, after the linker and every store using the definition are
 * gone), names as pointer + length (not NUL-terminated) and their _cstr forms,
 * mw_linker_get, backtraces with module offsets for wasm traps and host traps, the
 * version, and (guard-page builds) the alternate signal stack a new thread gets on its
 * first call into wasm.
 *
 * The module was assembled with `wat2wasm --debug-names` from:
 * (module
 *   (import "host" "fail" (func $fail (param i32) (result i32)))
 *   (import "host" "info" (func $info (param i32 i64) (result i32 i64)))
 *   (memory 1)
 *   (func $inner (export "inner") (param i32) (result i32)
 *     local.get 0
 *     call $fail)                                ;; @0x80
 *   (func $outer (export "outer") (param i32) (result i32)
 *     i32.const 1
 *     drop
 *     local.get 0
 *     call $inner)                               ;; @0x8a
 *   (func $trap (export "trap")
 *     nop
 *     unreachable)                               ;; @0x90
 *   (func $calltrap (export "calltrap") call $trap)   ;; call @0x94
 *   (func (export "info") (param i32 i64) (result i32 i64)
 *     local.get 0 local.get 1 call $info)
 *   (func (export "oob") (result i32) i32.const -1 i32.load))
 * (offsets from wasm-objdump -d)
 */
#define _DEFAULT_SOURCE 1   /* sigaltstack, stack_t */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <signal.h>
#include "minwasm.h"

static int failures, checks;
#define CHECK(c) do { checks++; if (!(c)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)
#define CHECK_OK(call) do { mw_result r_ = (call); checks++; if (r_ != MW_OK) { failures++; \
    fprintf(stderr, "%s:%d: %s -> %s: %s\n", __FILE__, __LINE__, #call, \
            mw_result_name(r_), err.msg); } } while (0)

static const uint8_t wasm_api[] = {
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x14, 0x04, 0x60,
  0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7e, 0x02, 0x7f, 0x7e, 0x60,
  0x00, 0x00, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x19, 0x02, 0x04, 0x68, 0x6f,
  0x73, 0x74, 0x04, 0x66, 0x61, 0x69, 0x6c, 0x00, 0x00, 0x04, 0x68, 0x6f,
  0x73, 0x74, 0x04, 0x69, 0x6e, 0x66, 0x6f, 0x00, 0x01, 0x03, 0x07, 0x06,
  0x00, 0x00, 0x02, 0x02, 0x01, 0x03, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07,
  0x30, 0x06, 0x05, 0x69, 0x6e, 0x6e, 0x65, 0x72, 0x00, 0x02, 0x05, 0x6f,
  0x75, 0x74, 0x65, 0x72, 0x00, 0x03, 0x04, 0x74, 0x72, 0x61, 0x70, 0x00,
  0x04, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x74, 0x72, 0x61, 0x70, 0x00, 0x05,
  0x04, 0x69, 0x6e, 0x66, 0x6f, 0x00, 0x06, 0x03, 0x6f, 0x6f, 0x62, 0x00,
  0x07, 0x0a, 0x2d, 0x06, 0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b, 0x09,
  0x00, 0x41, 0x01, 0x1a, 0x20, 0x00, 0x10, 0x02, 0x0b, 0x04, 0x00, 0x01,
  0x00, 0x0b, 0x04, 0x00, 0x10, 0x04, 0x0b, 0x08, 0x00, 0x20, 0x00, 0x20,
  0x01, 0x10, 0x01, 0x0b, 0x07, 0x00, 0x41, 0x7f, 0x28, 0x02, 0x00, 0x0b,
  0x00, 0x45, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x2b, 0x06, 0x00, 0x04,
  0x66, 0x61, 0x69, 0x6c, 0x01, 0x04, 0x69, 0x6e, 0x66, 0x6f, 0x02, 0x05,
  0x69, 0x6e, 0x6e, 0x65, 0x72, 0x03, 0x05, 0x6f, 0x75, 0x74, 0x65, 0x72,
  0x04, 0x04, 0x74, 0x72, 0x61, 0x70, 0x05, 0x08, 0x63, 0x61, 0x6c, 0x6c,
  0x74, 0x72, 0x61, 0x70, 0x02, 0x11, 0x08, 0x00, 0x00, 0x01, 0x00, 0x02,
  0x00, 0x03, 0x00, 0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0x07, 0x00
};

static void *alloc(void *ud, void *p, size_t os, size_t ns)
{
    (void)ud; (void)os;
    if (ns == 0) { free(p); return NULL; }
    return realloc(p, ns);
}

/* What the host functions saw. */
typedef struct seen {
    size_t nargs, nresults;
    void *store_data;
    int calls;
    int finalized;
} seen;

static mw_result h_fail(mw_caller *c, void *env, const mw_val *args, size_t nargs,
                        mw_val *results, size_t nresults)
{
    seen *s = env;
    s->calls++;
    s->nargs = nargs;
    s->nresults = nresults;
    s->store_data = mw_store_get_data(mw_caller_store(c));
    if (args[0].of.i32 == 0) {
        results[0] = mw_val_i32(42);
        return MW_OK;
    }
    if (args[0].of.i32 == 1)
        return mw_caller_trap(c, "host says no");
    return MW_ERR_ARG;   /* any other error: a host trap too */
}

static mw_result h_info(mw_caller *c, void *env, const mw_val *args, size_t nargs,
                        mw_val *results, size_t nresults)
{
    seen *s = env;
    (void)c;
    s->calls++;
    s->nargs = nargs;
    s->nresults = nresults;
    results[0] = mw_val_i32(args[0].of.i32 + 1);
    results[1] = mw_val_i64(args[1].of.i64 * 2);
    return MW_OK;
}

static void fin(void *env) { ((seen *)env)->finalized++; }

static const mw_valtype T_I32[] = { MW_I32 }, T_I32_I64[] = { MW_I32, MW_I64 };

/* Frame i of the last trap: function index and module offset. */
static mw_instance *frame_inst;

static void check_frame(mw_store *st, uint32_t i, uint32_t fidx, size_t off, const char *name)
{
    mw_frame_info fi;
    memset(&fi, 0xAB, sizeof fi);
    CHECK(mw_store_trap_frame(st, i, &fi));
    CHECK(fi.func_index == fidx);
    CHECK(fi.instance == frame_inst);
    CHECK(fi.module_offset == off);
    if (fi.module_offset != off)
        fprintf(stderr, "  frame %u: offset %#zx, want %#zx\n", i, fi.module_offset, off);
    CHECK(off == SIZE_MAX ? fi.func_offset == SIZE_MAX
                          : fi.func_offset != SIZE_MAX && fi.func_offset < off &&
                            fi.func_offset < 16);
    CHECK(fi.name && fi.name_len == strlen(name) && memcmp(fi.name, name, fi.name_len) == 0);
}

/* Names that are not NUL-terminated: a buffer "hostXinfoY", cut by length. */
static void test_linker(mw_engine *e)
{
    mw_error err;
    seen sf = { 0 }, si = { 0 };
    mw_module *m = NULL;
    mw_linker *l = NULL;
    mw_store *st = NULL, *st2 = NULL;
    mw_instance *inst = NULL;
    CHECK_OK(mw_module_new(e, wasm_api, sizeof wasm_api, &m, &err));
    CHECK_OK(mw_linker_new(e, &l, &err));
    const char buf[] = "hostXinfoY";
    mw_functype tf = { 1, 1, T_I32, T_I32 }, ti = { 2, 2, T_I32_I64, T_I32_I64 };
    CHECK_OK(mw_linker_define_func_cstr(l, "host", "fail", &tf, h_fail, &sf, fin, &err));
    CHECK_OK(mw_linker_define_func(l, buf, 4, buf + 5, 4, &ti, h_info, &si, fin, &err));
    /* A replaced definition's finalizer runs (nothing else uses it). */
    seen sx = { 0 };
    CHECK_OK(mw_linker_define_func_cstr(l, "host", "gone", &tf, h_fail, &sx, fin, &err));
    CHECK_OK(mw_linker_define_func_cstr(l, "host", "gone", &tf, h_fail, &sf, NULL, &err));
    CHECK(sx.finalized == 1);

    CHECK_OK(mw_store_new(e, NULL, &st, &err));
    CHECK(mw_store_get_data(st) == NULL);
    int token;
    mw_store_set_data(st, &token);
    CHECK(mw_store_get_data(st) == &token);
    CHECK_OK(mw_linker_instantiate(l, st, m, &inst, &err));
    frame_inst = inst;

    /* Lookups by pointer + length and by C string. */
    mw_extern x;
    CHECK(mw_instance_export(inst, "infoZ", 4, &x) && x.kind == MW_EXTERN_FUNC);
    CHECK(!mw_instance_export(inst, "infoZ", 5, &x));
    mw_val args[2] = { mw_val_i32(5), mw_val_i64(21) }, res[2];
    CHECK_OK(mw_func_call(st, x.of.func, args, 2, res, 2, &err));
    CHECK(res[0].of.i32 == 6 && res[1].of.i64 == 42);
    CHECK(si.calls == 1 && si.nargs == 2 && si.nresults == 2);

    mw_extern outer;
    CHECK(mw_instance_export_cstr(inst, "outer", &outer));
    args[0] = mw_val_i32(0);
    CHECK_OK(mw_func_call(st, outer.of.func, args, 1, res, 1, &err));
    CHECK(res[0].of.i32 == 42);
    CHECK(sf.nargs == 1 && sf.nresults == 1 && sf.store_data == &token);

    /* A host trap (mw_caller_trap) records the wasm frames below it, with offsets. */
    args[0] = mw_val_i32(1);
    CHECK(mw_func_call(st, outer.of.func, args, 1, res, 1, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_HOST && strstr(err.msg, "host says no"));
    CHECK(mw_store_trap_frames(st) == 2);
    check_frame(st, 0, 2, 0x80, "inner");
    check_frame(st, 1, 3, 0x8a, "outer");
    /* ... and so does an error returned by the host function. */
    args[0] = mw_val_i32(2);
    CHECK(mw_func_call(st, outer.of.func, args, 1, res, 1, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_HOST && mw_store_trap_frames(st) == 2);
    check_frame(st, 0, 2, 0x80, "inner");

    /* A wasm trap: the trapping instruction, then the call in its caller. */
    mw_extern ct;
    CHECK(mw_instance_export_cstr(inst, "calltrap", &ct));
    CHECK(mw_func_call(st, ct.of.func, NULL, 0, NULL, 0, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_UNREACHABLE && mw_store_trap_frames(st) == 2);
    check_frame(st, 0, 4, 0x90, "trap");
    check_frame(st, 1, 5, 0x94, "calltrap");
    mw_frame_info fi;
    CHECK(!mw_store_trap_frame(st, 2, &fi));

    /* mw_linker_get: a host definition becomes a function of the store. */
    mw_extern g;
    CHECK_OK(mw_linker_get_cstr(l, st, "host", "fail", &g, &err));
    CHECK(g.kind == MW_EXTERN_FUNC && g.of.func);
    args[0] = mw_val_i32(0);
    CHECK_OK(mw_func_call(st, g.of.func, args, 1, res, 1, &err));
    CHECK(res[0].of.i32 == 42);
    CHECK(mw_linker_get(l, st, buf, 4, "fail", 3, &g, &err) == MW_ERR_NOT_FOUND);
    CHECK(mw_linker_get(l, st, buf, 4, buf + 5, 4, &g, &err) == MW_OK);
    CHECK_OK(mw_linker_define_cstr(l, "env", "outer", &outer, &err));
    CHECK_OK(mw_linker_get_cstr(l, st, "env", "outer", &g, &err));
    CHECK(g.of.func == outer.of.func);
    CHECK_OK(mw_store_new(e, NULL, &st2, &err));
    CHECK(mw_linker_get_cstr(l, st2, "env", "outer", &g, &err) == MW_ERR_ARG);

    /* Finalizers: not while the store still holds functions made from them. */
    mw_linker_delete(l);
    CHECK(sf.finalized == 0 && si.finalized == 0);
    mw_store_delete(st);
    CHECK(sf.finalized == 1 && si.finalized == 1);
    mw_store_delete(st2);
    mw_module_delete(m);
}

#if defined(MW_PLATFORM_TRAPS) && MW_PLATFORM_TRAPS
/* A thread that never called mw_posix_thread_init runs wasm: it has an alternate
 * signal stack inside the host function, and a guard-page fault becomes a trap. */
typedef struct thr { mw_engine *e; int had_altstack; int oob_trapped; } thr;

static mw_result h_probe(mw_caller *c, void *env, const mw_val *args, size_t nargs,
                         mw_val *results, size_t nresults)
{
    (void)c; (void)args; (void)nargs; (void)nresults;
    stack_t cur;
    ((thr *)env)->had_altstack = sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE);
    results[0] = mw_val_i32(0);
    return MW_OK;
}

static void *thread_main(void *p)
{
    thr *t = p;
    mw_error err;
    mw_module *m = NULL;
    mw_linker *l = NULL;
    mw_store *st = NULL;
    mw_instance *inst = NULL;
    mw_functype tf = { 1, 1, T_I32, T_I32 }, ti = { 2, 2, T_I32_I64, T_I32_I64 };
    stack_t cur;
    if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE))
        t->had_altstack = -1;   /* the test would prove nothing */
    if (mw_module_new(t->e, wasm_api, sizeof wasm_api, &m, &err) != MW_OK ||
        mw_linker_new(t->e, &l, &err) != MW_OK ||
        mw_linker_define_func_cstr(l, "host", "fail", &tf, h_probe, t, NULL, &err) != MW_OK ||
        mw_linker_define_func_cstr(l, "host", "info", &ti, h_info, NULL, NULL, &err) != MW_OK ||
        mw_store_new(t->e, NULL, &st, &err) != MW_OK ||
        mw_linker_instantiate(l, st, m, &inst, &err) != MW_OK) {
        fprintf(stderr, "thread setup: %s\n", err.msg);
    } else {
        mw_extern x;
        mw_val a = mw_val_i32(0), r;
        if (t->had_altstack == 0 && mw_instance_export_cstr(inst, "inner", &x))
            (void)mw_func_call(st, x.of.func, &a, 1, &r, 1, &err);
        if (mw_instance_export_cstr(inst, "oob", &x))
            t->oob_trapped = mw_func_call(st, x.of.func, NULL, 0, &r, 1, &err) == MW_ERR_TRAP &&
                             err.trap == MW_TRAP_MEMORY_OOB;
    }
    mw_store_delete(st);
    mw_linker_delete(l);
    mw_module_delete(m);
    return NULL;
}

static void test_thread(mw_engine *e)
{
    thr t = { e, 0, 0 };
    pthread_t th;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setstacksize(&at, 1u << 20);
    CHECK(pthread_create(&th, &at, thread_main, &t) == 0);
    pthread_join(th, NULL);
    pthread_attr_destroy(&at);
    /* ASan gives every thread its own alternate stack: nothing to prove there. */
    if (t.had_altstack == -1)
        printf("test_embed_api: the new thread already had an alternate signal stack "
               "(a sanitizer runtime's); lazy set-up not exercised\n");
    else
        CHECK(t.had_altstack == 1);
    CHECK(t.oob_trapped == 1);
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
    if (!e) return 1;

    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", MW_VERSION_MAJOR, MW_VERSION_MINOR, MW_VERSION_PATCH);
    CHECK(strcmp(mw_version(), v) == 0 && strcmp(MW_VERSION_STRING, v) == 0);
    CHECK(MW_VERSION_NUMBER == MW_VERSION_MAJOR * 10000 + MW_VERSION_MINOR * 100 + MW_VERSION_PATCH);

    test_linker(e);
#if defined(MW_PLATFORM_TRAPS) && MW_PLATFORM_TRAPS
    test_thread(e);
#endif
    mw_engine_delete(e);
    printf("test_embed_api: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
