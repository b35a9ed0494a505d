/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * threads.c — a module compiled once and shared: each thread obtains it in its own
 * store (of the one engine), instantiates it with its own host function and global,
 * and calls it; the host function sees the thread's id every time.
 * Exit status 1 on any mismatch.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

#define THREADS 8
#define CALLS 50

static bool load(const char *path, wasm_byte_vec_t *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return false;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    wasm_byte_vec_new_uninitialized(out, (size_t)n);
    bool ok = fread(out->data, 1, (size_t)n, f) == (size_t)n;
    fclose(f);
    if (!ok) wasm_byte_vec_delete(out);
    return ok;
}

typedef struct thread_data {
    wasm_engine_t *engine;
    const wasm_shared_module_t *shared;
    int32_t id;
    int calls, wrong;    /* reports seen, and with another id */
    bool ok;
} thread_data;

static wasm_trap_t *report(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)results;
    thread_data *t = env;
    t->calls++;
    if (args->data[0].of.i32 != t->id) t->wrong++;
    return NULL;
}

static void *run_thread(void *arg)
{
    thread_data *t = arg;
    wasm_store_t *store = wasm_store_new(t->engine);
    wasm_module_t *module = store ? wasm_module_obtain(store, t->shared) : NULL;
    if (!module) return NULL;

    wasm_functype_t *ft = wasm_functype_new_1_0(wasm_valtype_new_i32());
    wasm_func_t *func = wasm_func_new_with_env(store, ft, report, t, NULL);
    wasm_functype_delete(ft);
    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t id = WASM_I32_VAL(t->id);
    wasm_global_t *global = wasm_global_new(store, gt, &id);
    wasm_globaltype_delete(gt);
    wasm_extern_t *externs[] = {wasm_func_as_extern(func), wasm_global_as_extern(global)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    wasm_func_delete(func);
    wasm_global_delete(global);
    wasm_module_delete(module);
    if (instance) {
        wasm_extern_vec_t exports;
        wasm_instance_exports(instance, &exports);
        const wasm_func_t *run = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
        t->ok = run != NULL;
        for (int i = 0; run && i < CALLS; i++) {
            wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_EMPTY_VEC;
            wasm_trap_t *trap = wasm_func_call(run, &args, &results);
            if (trap) {
                t->ok = false;
                wasm_trap_delete(trap);
            }
        }
        wasm_extern_vec_delete(&exports);
        wasm_instance_delete(instance);
    }
    wasm_store_delete(store);
    return NULL;
}

int main(void)
{
    /* An engine from a configuration (minwasm's default one here). */
    wasm_config_t *config = wasm_config_new();
    wasm_engine_t *engine = wasm_engine_new_with_config(config);   /* takes config */
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("threads.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;
    wasm_shared_module_t *shared = wasm_module_share(module);
    if (!shared) return 1;

    /* A module belongs to its engine: another engine's store can neither obtain nor
     * instantiate it. */
    int status = 0;
    wasm_engine_t *engine2 = wasm_engine_new();
    wasm_store_t *store2 = wasm_store_new(engine2);
    wasm_trap_t *trap = NULL;
    wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
    if (wasm_module_obtain(store2, shared) != NULL ||
        wasm_instance_new(store2, module, &no_imports, &trap) != NULL || trap == NULL) {
        fprintf(stderr, "threads: another engine's store used the module\n");
        status = 1;
    }
    if (trap) wasm_trap_delete(trap);
    wasm_store_delete(store2);
    wasm_engine_delete(engine2);

    /* The module may go: the shared handle keeps the compiled code. */
    wasm_module_delete(module);

    pthread_t threads[THREADS];
    thread_data data[THREADS];
    for (int i = 0; i < THREADS; i++) {
        data[i] = (thread_data){engine, shared, 100 + i, 0, 0, false};
        if (pthread_create(&threads[i], NULL, run_thread, &data[i]) != 0) return 1;
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        if (!data[i].ok || data[i].calls != CALLS || data[i].wrong) {
            fprintf(stderr, "threads: thread %d: ok %d, %d calls (expected %d), %d wrong ids\n",
                    i, data[i].ok, data[i].calls, CALLS, data[i].wrong);
            status = 1;
        }
    }
    printf("  %d threads, %d calls each, each in its own store\n", THREADS, CALLS);
    wasm_shared_module_delete(shared);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("threads: %s\n", status ? "FAILED" : "ok");
    return status;
}
