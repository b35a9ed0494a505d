/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * hello.c — the smallest complete embedding of minwasm.
 *
 * It loads a module that imports one host function and exports "run":
 *
 *   (module
 *     (import "env" "print_sum" (func $print_sum (param i32)))
 *     (func (export "run")
 *       i32.const 40
 *       i32.const 2
 *       i32.add
 *       call $print_sum))
 *
 * (bytes below from `wat2wasm hello.wat -o hello.wasm && xxd -i hello.wasm`), gives it a
 * host function that carries user data (a counter), calls "run", and checks that the
 * host function saw 42 exactly once. Exit status 0 on success, 1 on any failure.
 *
 * Build: cc -std=c11 -Iinclude examples/hello.c build/libminwasm.a -o hello
 */
#include <stdio.h>
#include <stdlib.h>

#include "minwasm.h"

static const uint8_t hello_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,   /* magic, version 1 */
    0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00,         /* types: (i32)->() */
    0x60, 0x00, 0x00,                                 /*        ()->()   */
    0x02, 0x11, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x09,   /* import "env" */
    0x70, 0x72, 0x69, 0x6e, 0x74, 0x5f, 0x73, 0x75,   /*   "print_sum" */
    0x6d, 0x00, 0x00,                                 /*   func, type 0 */
    0x03, 0x02, 0x01, 0x01,                           /* one function of type 1 */
    0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00,   /* export "run" = func 1 */
    0x01,
    0x0a, 0x0b, 0x01, 0x09, 0x00,                     /* code: no locals */
    0x41, 0x28, 0x41, 0x02, 0x6a,                     /*   i32.const 40 i32.const 2 i32.add */
    0x10, 0x00, 0x0b                                  /*   call 0, end */
};

/*
 * The allocator hook: minwasm never calls malloc itself, so an embedder can route its
 * memory anywhere. Here, plain libc.
 */
static void *libc_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    (void)ud;
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, nsize);   /* realloc(NULL, n) allocates */
}

/* User data of the host function: the linker hands this pointer back on every call. */
typedef struct counter {
    int calls;
    int32_t last;
} counter;

/* env.print_sum: (i32) -> (). args[0] is the i32 the module computed. */
static mw_result print_sum(mw_caller *caller, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)caller;
    (void)results;   /* no results to fill */
    counter *c = env;
    c->calls++;
    c->last = args[0].of.i32;
    printf("hello from wasm: %d\n", (int)args[0].of.i32);
    return MW_OK;
}

int main(void)
{
    int status = 1;
    mw_error err;
    mw_engine *engine = NULL;
    mw_module *module = NULL;
    mw_store *store = NULL;
    mw_linker *linker = NULL;
    mw_instance *inst = NULL;
    counter count = {0, 0};

    /* 1. An engine: configuration and allocator, shared by everything below. */
    mw_engine_config cfg = {0};
    cfg.alloc = libc_alloc;
    if (mw_engine_new(&cfg, &engine, &err) != MW_OK)
        goto fail;

    /* 2. Decode and validate the module (the bytes are copied). */
    if (mw_module_new(engine, hello_wasm, sizeof hello_wasm, &module, &err) != MW_OK)
        goto fail;

    /* 3. A store owns the runtime objects; a linker resolves imports by name. */
    if (mw_store_new(engine, NULL, &store, &err) != MW_OK ||
        mw_linker_new(engine, &linker, &err) != MW_OK)
        goto fail;

    static const mw_valtype params[] = {MW_I32};
    mw_functype type = {1, 0, params, NULL};
    if (mw_linker_define_func_cstr(linker, "env", "print_sum", &type, print_sum, &count, NULL, &err) != MW_OK)
        goto fail;

    /* 4. Instantiate: imports are resolved and the start function (none here) runs. */
    if (mw_linker_instantiate(linker, store, module, &inst, &err) != MW_OK)
        goto fail;

    /* 5. Look up the export and call it: no arguments, no results. */
    mw_extern run;
    if (!mw_instance_export(inst, "run", 3, &run) || run.kind != MW_EXTERN_FUNC) {
        fprintf(stderr, "hello: no exported function \"run\"\n");
        goto cleanup;
    }
    if (mw_func_call(store, run.of.func, NULL, 0, NULL, 0, &err) != MW_OK)
        goto fail;

    /* 6. The host function ran once, with 40 + 2. */
    if (count.calls != 1 || count.last != 42) {
        fprintf(stderr, "hello: print_sum saw %d call(s), last value %d\n", count.calls,
                (int)count.last);
        goto cleanup;
    }
    status = 0;
    goto cleanup;

fail:
    fprintf(stderr, "hello: %s\n", err.msg);
cleanup:
    /* The store frees every instance, function and memory it owns. */
    if (linker != NULL)
        mw_linker_delete(linker);
    if (store != NULL)
        mw_store_delete(store);
    if (module != NULL)
        mw_module_delete(module);
    if (engine != NULL)
        mw_engine_delete(engine);
    return status;
}
