/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * examples/static-aot — a plain C program that links a precompiled module.
 *
 * `minwasm compile --emit-c --memory bounds demo.wasm -o demo_module.c` turned the
 * module into C; this program compiles that file with its own sources and registers it
 * with one call, mw_module_new_static. The code and the module's bytes are constants
 * used in place (flash, on a microcontroller): no loader, no copy, no virtual memory,
 * and a core built with MEMORY=bounds needs no platform function at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"

extern const struct mwa_module_desc demo_module;   /* defined by demo_module.c */

static void *alloc(void *ud, void *p, size_t osize, size_t nsize)
{
    (void)ud; (void)osize;
    if (nsize == 0) { free(p); return NULL; }
    return realloc(p, nsize);
}

/* env.log(ptr, len): print guest bytes, read once into host memory after a bounds check. */
static mw_result host_log(mw_caller *caller, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)env; (void)results;
    mw_memory *mem = mw_caller_memory(caller);
    uint32_t ptr = (uint32_t)args[0].of.i32, len = (uint32_t)args[1].of.i32;
    char buf[64];
    if (!mem || len >= sizeof buf || (uint64_t)ptr + len > mw_memory_size(mem))
        return mw_caller_trap(caller, "log: bad string");
    memcpy(buf, mw_memory_data(mem) + ptr, len);
    buf[len] = '\0';
    printf("log: %s\n", buf);
    return MW_OK;
}

static int failures;
#define CHECK(cond, ...) do { if (!(cond)) { printf("FAIL: " __VA_ARGS__); printf("\n"); failures++; } } while (0)

static mw_result call(mw_store *s, mw_instance *inst, const char *name, const mw_val *args,
                      size_t nargs, mw_val *res, size_t nres, mw_error *err)
{
    mw_extern x;
    if (!mw_instance_export(inst, name, strlen(name), &x) || x.kind != MW_EXTERN_FUNC) {
        printf("no export %s\n", name);
        exit(1);
    }
    return mw_func_call(s, x.of.func, args, nargs, res, nres, err);
}

int main(void)
{
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc;
    mw_engine *engine;
    mw_module *module;
    mw_store *store;
    mw_instance *inst;
    mw_error err;
    if (mw_engine_new(&cfg, &engine, &err) != MW_OK ||
        mw_module_new_static(engine, &demo_module, &module, &err) != MW_OK) {
        printf("load: %s\n", err.msg);
        return 1;
    }
    printf("tier: %s\n", mw_module_is_native(module) ? "native (precompiled C)" : "interpreter");
    CHECK(mw_module_is_native(module), "the static module is not native");

    static const mw_valtype log_params[] = { MW_I32, MW_I32 };
    mw_functype log_type = { 2, 0, log_params, NULL };
    mw_func *log_fn;
    if (mw_store_new(engine, NULL, &store, &err) != MW_OK ||
        mw_func_new_host(store, &log_type, host_log, NULL, NULL, &log_fn, &err) != MW_OK) {
        printf("store: %s\n", err.msg);
        return 1;
    }
    mw_extern imports[1];
    imports[0].kind = MW_EXTERN_FUNC;
    imports[0].of.func = log_fn;
    if (mw_instance_new(store, module, imports, 1, &inst, &err) != MW_OK) {
        printf("instantiate: %s\n", err.msg);
        return 1;
    }

    mw_val a[2], r[1];
    a[0] = mw_val_i32(40); a[1] = mw_val_i32(2);
    CHECK(call(store, inst, "add", a, 2, r, 1, &err) == MW_OK && r[0].of.i32 == 42, "add");
    printf("add(40, 2) = %d\n", r[0].of.i32);
    a[0] = mw_val_i32(30);
    CHECK(call(store, inst, "fib", a, 1, r, 1, &err) == MW_OK && r[0].of.i64 == 832040, "fib");
    printf("fib(30) = %lld\n", (long long)r[0].of.i64);
    a[0] = mw_val_f64(3.0); a[1] = mw_val_f64(4.0);
    CHECK(call(store, inst, "hypot", a, 2, r, 1, &err) == MW_OK && mw_val_as_f64(&r[0]) == 5.0, "hypot");
    printf("hypot(3, 4) = %g\n", mw_val_as_f64(&r[0]));
    CHECK(call(store, inst, "hello", NULL, 0, NULL, 0, &err) == MW_OK, "hello");
    /* An out-of-bounds load traps with its code; the store stays usable. */
    a[0] = mw_val_i32(65534);
    mw_result rc = call(store, inst, "peek", a, 1, r, 1, &err);
    CHECK(rc == MW_ERR_TRAP && err.trap == MW_TRAP_MEMORY_OOB, "peek(65534) should trap");
    printf("peek(65534): %s\n", rc == MW_ERR_TRAP ? err.msg : "no trap");
    a[0] = mw_val_i32(16);
    CHECK(call(store, inst, "peek", a, 1, r, 1, &err) == MW_OK && r[0].of.i32 == 0x63657270, "peek(16)");
    printf("peek(16) = 0x%08x\n", (unsigned)r[0].of.i32);

    mw_store_delete(store);
    mw_module_delete(module);
    mw_engine_delete(engine);
    printf("%s\n", failures ? "static-aot: FAILED" : "static-aot: all checks passed");
    return failures ? 1 : 0;
}
