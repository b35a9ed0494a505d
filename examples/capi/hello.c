/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * hello.c — the smallest wasm.h program: compile a module, give it a host function,
 * call its export "run", which calls the host function back.
 * Checks that the callback ran exactly once per call; exit status 1 on any mismatch.
 */
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

static int calls;

static wasm_trap_t *hello_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    printf("  hello, world (from a host function called by wasm)\n");
    calls++;
    return NULL;
}

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

int main(void)
{
    printf("hello: initialising\n");
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    if (!engine || !store) return 1;

    wasm_byte_vec_t binary;
    if (!load("hello.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) {
        fprintf(stderr, "hello: compiling the module failed\n");
        return 1;
    }

    wasm_functype_t *hello_type = wasm_functype_new_0_0();
    wasm_func_t *hello_func = wasm_func_new(store, hello_type, hello_callback);
    wasm_functype_delete(hello_type);

    wasm_extern_t *externs[] = {wasm_func_as_extern(hello_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) {
        fprintf(stderr, "hello: instantiating failed\n");
        return 1;
    }
    wasm_func_delete(hello_func);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    if (exports.size != 1) {
        fprintf(stderr, "hello: expected 1 export, got %zu\n", exports.size);
        return 1;
    }
    const wasm_func_t *run_func = wasm_extern_as_func(exports.data[0]);
    if (!run_func) {
        fprintf(stderr, "hello: export 0 is not a function\n");
        return 1;
    }
    wasm_module_delete(module);
    wasm_instance_delete(instance);

    int status = 0;
    for (int i = 1; i <= 3; i++) {
        printf("hello: calling run (%d)\n", i);
        wasm_val_vec_t args = WASM_EMPTY_VEC;
        wasm_val_vec_t results = WASM_EMPTY_VEC;
        wasm_trap_t *trap = wasm_func_call(run_func, &args, &results);
        if (trap) {
            fprintf(stderr, "hello: run trapped\n");
            wasm_trap_delete(trap);
            status = 1;
        }
        if (calls != i) {
            fprintf(stderr, "hello: the callback ran %d times, expected %d\n", calls, i);
            status = 1;
        }
    }

    wasm_extern_vec_delete(&exports);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("hello: %s\n", status ? "FAILED" : "ok");
    return status;
}
