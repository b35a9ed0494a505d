/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_runtime_e2e.c — instantiation, linking and calls end to end through the public
 * API with the real decoder, compiler and interpreter: start functions, data and element
 * segments, host functions re-entering wasm, traps during instantiation (the spec's
 * "writes before the trap stay visible"), fuel, and module lifetime under instances.
 *
 * The modules were assembled with wat2wasm from the WAT shown above each array.
 *
 * Build (from the repo root):
 *   cc -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined -Iinclude \
 *      tests/unit/test_runtime_e2e.c src/[a-z]*.c -o /tmp/test_runtime_e2e && /tmp/test_runtime_e2e
 */
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

/*
 * a.wat:
 * (module
 *   (import "host" "log" (func $log (param i32)))
 *   (import "host" "cb" (func $cb (param i32) (result i32)))
 *   (global $gi (import "host" "base") i32)
 *   (memory (export "mem") 1 2)
 *   (table (export "tab") 4 funcref)
 *   (global $g (export "g") (mut i32) (i32.const 7))
 *   (global (export "gb") i32 (global.get $gi))
 *   (data (i32.const 16) "minwasm")
 *   (elem (i32.const 1) $add $sub)
 *   (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
 *   (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
 *   (func (export "icall") (param i32 i32 i32) (result i32)
 *     (call_indirect (param i32 i32) (result i32) (local.get 1) (local.get 2) (local.get 0)))
 *   (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
 *   (func (export "callback") (param i32) (result i32) (call $cb (local.get 0)))
 *   (func (export "recurse") (param i32) (result i32)
 *     (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
 *       (else (call $cb (i32.sub (local.get 0) (i32.const 1))))))
 *   (func $start (call $log (global.get $g)) (global.set $g (i32.const 8)))
 *   (start $start)
 * )
 */
static const uint8_t wasm_a[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1a, 0x05, 0x60, 0x01, 0x7f, 0x00, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01,
    0x7f, 0x60, 0x00, 0x00, 0x02, 0x23, 0x03, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x03, 0x6c, 0x6f, 0x67,
    0x00, 0x00, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x02, 0x63, 0x62, 0x00, 0x01, 0x04, 0x68, 0x6f, 0x73,
    0x74, 0x04, 0x62, 0x61, 0x73, 0x65, 0x03, 0x7f, 0x00, 0x03, 0x08, 0x07, 0x02, 0x02, 0x03, 0x01,
    0x01, 0x01, 0x04, 0x04, 0x04, 0x01, 0x70, 0x00, 0x04, 0x05, 0x04, 0x01, 0x01, 0x01, 0x02, 0x06,
    0x0b, 0x02, 0x7f, 0x01, 0x41, 0x07, 0x0b, 0x7f, 0x00, 0x23, 0x00, 0x0b, 0x07, 0x40, 0x09, 0x03,
    0x6d, 0x65, 0x6d, 0x02, 0x00, 0x03, 0x74, 0x61, 0x62, 0x01, 0x00, 0x01, 0x67, 0x03, 0x01, 0x02,
    0x67, 0x62, 0x03, 0x02, 0x03, 0x61, 0x64, 0x64, 0x00, 0x02, 0x05, 0x69, 0x63, 0x61, 0x6c, 0x6c,
    0x00, 0x04, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x05, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x62, 0x61,
    0x63, 0x6b, 0x00, 0x06, 0x07, 0x72, 0x65, 0x63, 0x75, 0x72, 0x73, 0x65, 0x00, 0x07, 0x08, 0x01,
    0x08, 0x09, 0x08, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x02, 0x02, 0x03, 0x0a, 0x4a, 0x07, 0x07, 0x00,
    0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6b, 0x0b, 0x0b, 0x00,
    0x20, 0x01, 0x20, 0x02, 0x20, 0x00, 0x11, 0x02, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x2d, 0x00,
    0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x01, 0x0b, 0x12, 0x00, 0x20, 0x00, 0x45, 0x04, 0x7f,
    0x41, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x01, 0x0b, 0x0b, 0x0a, 0x00, 0x23, 0x01,
    0x10, 0x00, 0x41, 0x08, 0x24, 0x01, 0x0b, 0x0b, 0x0d, 0x01, 0x00, 0x41, 0x10, 0x0b, 0x07, 0x6d,
    0x69, 0x6e, 0x77, 0x61, 0x73, 0x6d,
};

/*
 * b.wat:
 * (module
 *   (import "a" "mem" (memory 1))
 *   (import "a" "tab" (table 1 funcref))
 *   (func $f (result i32) (i32.const 99))
 *   (elem (i32.const 0) $f)
 *   (data (i32.const 0) "AB")
 *   (data (i32.const 65535) "XY")
 * )
 */
static const uint8_t wasm_b[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x02,
    0x14, 0x02, 0x01, 0x61, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, 0x01, 0x61, 0x03, 0x74, 0x61,
    0x62, 0x01, 0x70, 0x00, 0x01, 0x03, 0x02, 0x01, 0x00, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b,
    0x01, 0x00, 0x0a, 0x07, 0x01, 0x05, 0x00, 0x41, 0xe3, 0x00, 0x0b, 0x0b, 0x11, 0x02, 0x00, 0x41,
    0x00, 0x0b, 0x02, 0x41, 0x42, 0x00, 0x41, 0xff, 0xff, 0x03, 0x0b, 0x02, 0x58, 0x59,
};

/*
 * c.wat:
 * (module
 *   (func $s (unreachable))
 *   (start $s)
 * )
 */
static const uint8_t wasm_c[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
    0x01, 0x00, 0x08, 0x01, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
};

static long live;

static void *alloc(void *ud, void *p, size_t osize, size_t nsize)
{
    (void)ud; (void)osize;
    if (nsize == 0) {
        if (p)
            live--;
        free(p);
        return NULL;
    }
    void *q = realloc(p, nsize);
    if (q && !p)
        live++;
    return q;
}

typedef struct env { int logs; int32_t last; } env;

static mw_result host_log(mw_caller *c, void *e, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)c; (void)results;
    env *x = e;
    x->logs++;
    x->last = args[0].of.i32;
    return MW_OK;
}

/* cb(n) = recurse(n): wasm -> host -> wasm, n levels deep. */
static mw_result host_cb(mw_caller *c, void *e, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)e;
    mw_extern ex;
    if (!mw_caller_export(c, "recurse", 7, &ex) || ex.kind != MW_EXTERN_FUNC)
        return mw_caller_trap(c, "no recurse export");
    if (!mw_caller_memory(c))
        return mw_caller_trap(c, "no memory");
    mw_error err;
    mw_result r = mw_func_call(mw_caller_store(c), ex.of.func, args, 1, results, 1, &err);
    if (r != MW_OK)
        return mw_caller_trap(c, err.msg);
    return MW_OK;
}

static mw_result call1(mw_store *s, mw_instance *inst, const char *name, const mw_val *args,
                       size_t nargs, int32_t *out, mw_error *err)
{
    mw_extern ex;
    if (!mw_instance_export(inst, name, strlen(name), &ex) || ex.kind != MW_EXTERN_FUNC)
        return MW_ERR_NOT_FOUND;
    mw_val res[1];
    mw_result r = mw_func_call(s, ex.of.func, args, nargs, res, 1, err);
    if (r == MW_OK)
        *out = res[0].of.i32;
    return r;
}

int main(void)
{
    mw_error err;
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc;
    cfg.max_host_reentry = 16;
    mw_engine *e = NULL;
    CHECK_OK(mw_engine_new(&cfg, &e, &err));
    mw_store *s = NULL;
    CHECK_OK(mw_store_new(e, NULL, &s, &err));
    mw_module *ma = NULL, *mb = NULL, *mc = NULL;
    CHECK_OK(mw_module_new(e, wasm_a, sizeof wasm_a, &ma, &err));
    CHECK_OK(mw_module_new(e, wasm_b, sizeof wasm_b, &mb, &err));
    CHECK_OK(mw_module_new(e, wasm_c, sizeof wasm_c, &mc, &err));
    if (!e || !s || !ma || !mb || !mc) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }

    mw_linker *l = NULL;
    CHECK_OK(mw_linker_new(e, &l, &err));
    env x = { 0, 0 };
    static const mw_valtype i32[] = { MW_I32 };
    mw_functype t_log = { 1, 0, i32, NULL }, t_cb = { 1, 1, i32, i32 };
    CHECK_OK(mw_linker_define_func_cstr(l, "host", "log", &t_log, host_log, &x, NULL, &err));
    mw_instance *ia = NULL;
    CHECK(mw_linker_instantiate(l, s, ma, &ia, &err) == MW_ERR_LINK && ia == NULL);
    CHECK(strstr(err.msg, "unknown import \"host\".\"cb\"") != NULL);
    CHECK_OK(mw_linker_define_func_cstr(l, "host", "cb", &t_cb, host_cb, NULL, NULL, &err));
    mw_global *base;
    CHECK_OK(mw_global_new(s, MW_I32, false, mw_val_i32(100), &base, &err));
    mw_extern eb = { MW_EXTERN_GLOBAL, { .global = base } };
    CHECK_OK(mw_linker_define_cstr(l, "host", "base", &eb, &err));

    /* Instantiate a: segments, then start (which logs g = 7 and sets it to 8). */
    CHECK_OK(mw_linker_instantiate(l, s, ma, &ia, &err));
    mw_module_delete(ma);   /* the instance keeps the module alive */
    CHECK(x.logs == 1 && x.last == 7);
    mw_extern ex;
    CHECK(mw_instance_export(ia, "g", 1, &ex) && mw_global_get(ex.of.global).of.i32 == 8);
    CHECK(mw_instance_export(ia, "gb", 2, &ex) && mw_global_get(ex.of.global).of.i32 == 100);
    CHECK(mw_instance_export(ia, "mem", 3, &ex) && ex.kind == MW_EXTERN_MEMORY);
    mw_memory *mem = ex.of.memory;
    CHECK(memcmp(mw_memory_data(mem) + 16, "minwasm", 7) == 0);

    int32_t r = 0;
    mw_val a2[2] = { mw_val_i32(2), mw_val_i32(3) };
    CHECK_OK(call1(s, ia, "add", a2, 2, &r, &err));
    CHECK(r == 5);
    mw_val a3[3] = { mw_val_i32(1), mw_val_i32(10), mw_val_i32(3) };
    CHECK_OK(call1(s, ia, "icall", a3, 3, &r, &err));
    CHECK(r == 13);
    a3[0] = mw_val_i32(2);
    CHECK_OK(call1(s, ia, "icall", a3, 3, &r, &err));
    CHECK(r == 7);
    a3[0] = mw_val_i32(0);
    CHECK(call1(s, ia, "icall", a3, 3, &r, &err) == MW_ERR_TRAP &&
          err.trap == MW_TRAP_UNINITIALIZED_ELEMENT);
    a3[0] = mw_val_i32(4);
    CHECK(call1(s, ia, "icall", a3, 3, &r, &err) == MW_ERR_TRAP &&
          err.trap == MW_TRAP_UNDEFINED_ELEMENT);
    mw_val a1 = mw_val_i32(17);
    CHECK_OK(call1(s, ia, "load", &a1, 1, &r, &err));
    CHECK(r == 'i');
    a1 = mw_val_i32(65536);
    CHECK(call1(s, ia, "load", &a1, 1, &r, &err) == MW_ERR_TRAP &&
          err.trap == MW_TRAP_MEMORY_OOB);
    a1 = mw_val_i64(1);
    CHECK(call1(s, ia, "load", &a1, 1, &r, &err) == MW_ERR_ARG);

    /* Host re-entry: callback(n) nests n host->wasm calls. */
    a1 = mw_val_i32(10);
    CHECK_OK(call1(s, ia, "callback", &a1, 1, &r, &err));
    CHECK(r == 0);
    a1 = mw_val_i32(1000);
    CHECK(call1(s, ia, "callback", &a1, 1, &r, &err) == MW_ERR_TRAP);
    CHECK(strstr(err.msg, "call stack exhausted") != NULL);
    a1 = mw_val_i32(3);
    CHECK_OK(call1(s, ia, "callback", &a1, 1, &r, &err));   /* the store is still usable */

    /* Fuel. */
    mw_store_set_fuel(s, 3);
    a1 = mw_val_i32(10);
    CHECK(call1(s, ia, "callback", &a1, 1, &r, &err) == MW_ERR_TRAP);
    CHECK(strstr(err.msg, "out of fuel") != NULL);
    mw_store_disable_fuel(s);
    CHECK_OK(call1(s, ia, "callback", &a1, 1, &r, &err));

    /* b imports a's memory and table: its element segment is written, its first data
     * segment too, then the second traps; the writes stay, no instance is returned. */
    CHECK_OK(mw_linker_define_instance_cstr(l, "a", ia, &err));
    mw_instance *ib = (mw_instance *)&ib;
    CHECK(mw_linker_instantiate(l, s, mb, &ib, &err) == MW_ERR_TRAP && ib == NULL);
    CHECK(err.trap == MW_TRAP_MEMORY_OOB);
    CHECK(memcmp(mw_memory_data(mem), "AB", 2) == 0 && mw_memory_data(mem)[65535] == 0);
    a3[0] = mw_val_i32(0);
    CHECK(call1(s, ia, "icall", a3, 3, &r, &err) == MW_ERR_TRAP &&
          err.trap == MW_TRAP_INDIRECT_MISMATCH);   /* b's function, kept alive by the store */
    mw_module_delete(mb);

    /* A trapping start function. */
    mw_instance *ic;
    CHECK(mw_instance_new(s, mc, NULL, 0, &ic, &err) == MW_ERR_TRAP && err.trap == MW_TRAP_UNREACHABLE);
    CHECK(strstr(err.msg, "unreachable") != NULL);
    mw_module_delete(mc);
    CHECK_OK(call1(s, ia, "add", a2, 2, &r, &err));
    CHECK(r == 5);

    mw_linker_delete(l);
    mw_store_delete(s);
    mw_engine_delete(e);
    CHECK(live == 0);
    if (failures) {
        fprintf(stderr, "test_runtime_e2e: %d of %d checks FAILED\n", failures, checks);
        return 1;
    }
    printf("test_runtime_e2e: %d checks passed\n", checks);
    return 0;
}
