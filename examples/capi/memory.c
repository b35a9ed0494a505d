/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * memory.c — memories: a module's memory read and written from both sides, bounds
 * checked (a trap, not a crash), grown from the host within its maximum; a memory
 * created by the host. Exit status 1 on any mismatch.
 */
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

static int failures;
#define CHECK(c) \
    do { \
        if (!(c)) { \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            failures++; \
        } \
    } while (0)

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

/* Call f with up to two i32 arguments; its i32 result, or -1000 when it trapped. */
static int32_t call(const wasm_func_t *f, size_t nargs, int32_t a0, int32_t a1)
{
    wasm_val_t as[2] = {WASM_I32_VAL(a0), WASM_I32_VAL(a1)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = {nargs, as}, results = {wasm_func_result_arity(f), rs};
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
    if (trap) {
        wasm_trap_delete(trap);
        return -1000;
    }
    return results.size ? rs[0].of.i32 : 0;
}

int main(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("memory.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) return 1;
    wasm_module_delete(module);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    if (exports.size != 4) return 1;
    wasm_memory_t *memory = wasm_extern_as_memory(exports.data[0]);
    const wasm_func_t *size_func = wasm_extern_as_func(exports.data[1]);
    const wasm_func_t *load_func = wasm_extern_as_func(exports.data[2]);
    const wasm_func_t *store_func = wasm_extern_as_func(exports.data[3]);
    if (!memory || !size_func || !load_func || !store_func) return 1;
    CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_MEMORY);

    wasm_memorytype_t *mt = wasm_memory_type(memory);
    CHECK(wasm_memorytype_limits(mt)->min == 2 && wasm_memorytype_limits(mt)->max == 3);
    wasm_memorytype_delete(mt);

    /* Initial contents. */
    CHECK(wasm_memory_size(memory) == 2);
    CHECK(wasm_memory_data_size(memory) == 2 * MEMORY_PAGE_SIZE);
    CHECK(call(size_func, 0, 0, 0) == 2);
    byte_t *data = wasm_memory_data(memory);
    CHECK(data[0] == 0 && data[0x1000] == 1 && data[0x1003] == 4);
    CHECK(call(load_func, 1, 0, 0) == 0 && call(load_func, 1, 0x1002, 0) == 3);
    CHECK(call(load_func, 1, 0x1ffff, 0) == 0);
    CHECK(call(load_func, 1, 0x20000, 0) == -1000);   /* out of bounds: a trap */

    /* Writes from both sides. */
    CHECK(call(store_func, 2, 0x1002, 5) == 0);
    CHECK(wasm_memory_data(memory)[0x1002] == 5);
    wasm_memory_data(memory)[0x1003] = 6;
    CHECK(call(load_func, 1, 0x1003, 0) == 6);
    CHECK(call(store_func, 2, 0x20000, 0) == -1000);

    /* Growing from the host, up to the maximum. */
    CHECK(wasm_memory_grow(memory, 1));
    CHECK(wasm_memory_size(memory) == 3 && call(size_func, 0, 0, 0) == 3);
    CHECK(wasm_memory_data_size(memory) == 3 * MEMORY_PAGE_SIZE);
    CHECK(call(load_func, 1, 0x20000, 0) == 0);
    CHECK(call(load_func, 1, 0x30000, 0) == -1000);
    CHECK(!wasm_memory_grow(memory, 1));
    CHECK(wasm_memory_size(memory) == 3);
    CHECK(wasm_memory_grow(memory, 0));
    CHECK(wasm_memory_data(memory)[0x1003] == 6);   /* contents kept */

    /* A memory made by the host. */
    wasm_limits_t limits = {5, 5};
    wasm_memorytype_t *hmt = wasm_memorytype_new(&limits);
    wasm_memory_t *host_memory = wasm_memory_new(store, hmt);
    wasm_memorytype_delete(hmt);
    if (!host_memory) return 1;
    CHECK(wasm_memory_size(host_memory) == 5);
    CHECK(wasm_memory_data_size(host_memory) == 5 * MEMORY_PAGE_SIZE);
    CHECK(!wasm_memory_grow(host_memory, 1));
    CHECK(wasm_memory_grow(host_memory, 0));
    CHECK(wasm_extern_as_memory(wasm_memory_as_extern(host_memory)) == host_memory);
    CHECK(!wasm_memory_same(host_memory, memory));
    wasm_memory_delete(host_memory);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("memory: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
