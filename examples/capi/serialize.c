/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * serialize.c — validate, serialize, deserialize: a module is serialized, the original
 * deleted, and the deserialized one instantiated and run. Bad input (a truncated or
 * corrupted binary or serialized module) is refused, not crashed on.
 * With an argument, a .cwasm file made by `minwasm compile`: it is deserialized, run,
 * and serializes back to the same bytes.
 * Exit status 1 on any mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int32_t reported = -1;

static wasm_trap_t *report(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)results;
    reported = args->data[0].of.i32;
    return NULL;
}

/* Instantiate module, call run(arg) and check the host saw 3 * arg. */
static void run(wasm_store_t *store, const wasm_module_t *module, int32_t arg)
{
    wasm_functype_t *type = wasm_functype_new_1_0(wasm_valtype_new_i32());
    wasm_func_t *func = wasm_func_new(store, type, report);
    wasm_functype_delete(type);
    wasm_extern_t *externs[] = {wasm_func_as_extern(func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    wasm_func_delete(func);
    CHECK(instance != NULL && trap == NULL);
    if (!instance) return;
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_t as[1] = {WASM_I32_VAL(arg)};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_EMPTY_VEC;
    reported = -1;
    trap = exports.size == 1 ? wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results)
                             : NULL;
    CHECK(exports.size == 1 && trap == NULL && reported == 3 * arg);
    if (trap) wasm_trap_delete(trap);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
}

static void cwasm(wasm_store_t *store, const char *path)
{
    wasm_byte_vec_t bytes;
    if (!load(path, &bytes)) {
        failures++;
        return;
    }
    wasm_module_t *module = wasm_module_deserialize(store, &bytes);
    CHECK(module != NULL);
    if (module) {
        run(store, module, 11);
        wasm_byte_vec_t again;
        wasm_module_serialize(module, &again);
        CHECK(again.size == bytes.size && memcmp(again.data, bytes.data, bytes.size) == 0);
        wasm_byte_vec_delete(&again);
        wasm_module_delete(module);
        printf("  %s: deserialized, ran, serialized back to the same %zu bytes\n", path,
               bytes.size);
    }
    /* A corrupted .cwasm is refused. */
    bytes.data[bytes.size / 2] ^= 0x55;
    bytes.data[bytes.size - 1] ^= 0x55;
    wasm_module_t *bad = wasm_module_deserialize(store, &bytes);
    CHECK(bad == NULL);
    if (bad) wasm_module_delete(bad);
    wasm_byte_vec_delete(&bytes);
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("serialize.wasm", &binary)) return 1;

    CHECK(wasm_module_validate(store, &binary));
    wasm_byte_vec_t truncated = {binary.size - 3, binary.data};
    CHECK(!wasm_module_validate(store, &truncated));
    CHECK(wasm_module_new(store, &truncated) == NULL);

    wasm_module_t *module = wasm_module_new(store, &binary);
    if (!module) return 1;
    run(store, module, 5);

    wasm_byte_vec_t serialized;
    wasm_module_serialize(module, &serialized);
    CHECK(serialized.size > binary.size);
    wasm_module_t *copy = wasm_module_copy(module);
    CHECK(wasm_module_same(copy, module));
    wasm_module_delete(copy);
    wasm_module_delete(module);

    wasm_module_t *deserialized = wasm_module_deserialize(store, &serialized);
    CHECK(deserialized != NULL);
    if (deserialized) {
        wasm_exporttype_vec_t exports;
        wasm_module_exports(deserialized, &exports);
        CHECK(exports.size == 1);
        wasm_exporttype_vec_delete(&exports);
        run(store, deserialized, 7);
        wasm_module_delete(deserialized);
    }
    printf("  serialized %zu bytes of module into %zu, deserialized and ran it\n",
           binary.size, serialized.size);

    /* Bad serialized modules: truncated, a raw binary, garbage, empty. */
    wasm_byte_vec_t cut = {serialized.size - 2, serialized.data};
    CHECK(wasm_module_deserialize(store, &cut) == NULL);
    CHECK(wasm_module_deserialize(store, &binary) == NULL);
    wasm_byte_vec_t garbage;
    wasm_byte_vec_new(&garbage, 12, "not a module");
    CHECK(wasm_module_deserialize(store, &garbage) == NULL);
    CHECK(!wasm_module_validate(store, &garbage));
    wasm_byte_vec_delete(&garbage);
    wasm_byte_vec_t empty = WASM_EMPTY_VEC;
    CHECK(wasm_module_deserialize(store, &empty) == NULL);

    if (argc > 1) cwasm(store, argv[1]);

    wasm_byte_vec_delete(&serialized);
    wasm_byte_vec_delete(&binary);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("serialize: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
