/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * start.c — start functions and failed instantiations: a start function that runs
 * (calls the host, sets a global), one that traps in wasm, one whose host call traps,
 * and instantiations refused for wrong imports. Each failure returns NULL and a trap
 * saying why. Exit status 1 on any mismatch.
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

typedef struct hit_env {
    wasm_store_t *store;
    int hits;
    bool trap;
} hit_env;

static wasm_trap_t *hit(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)results;
    hit_env *h = env;
    CHECK(args->data[0].of.i32 == 1);
    h->hits++;
    if (!h->trap) return NULL;
    wasm_message_t m;
    wasm_name_new_from_string_nt(&m, "the host refuses");
    wasm_trap_t *t = wasm_trap_new(h->store, &m);
    wasm_name_delete(&m);
    return t;
}

static bool message_has(const wasm_trap_t *trap, const char *part)
{
    wasm_message_t m;
    wasm_trap_message(trap, &m);
    bool ok = m.size && m.data[m.size - 1] == '\0' && strstr(m.data, part) != NULL;
    printf("    trap: %s\n", m.size ? m.data : "");
    wasm_byte_vec_delete(&m);
    return ok;
}

int main(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("start.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;

    hit_env env = {store, 0, false};
    wasm_functype_t *ft = wasm_functype_new_1_0(wasm_valtype_new_i32());
    wasm_func_t *hit_func = wasm_func_new_with_env(store, ft, hit, &env, NULL);
    wasm_functype_delete(ft);
    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t zero = WASM_I32_VAL(0), one = WASM_I32_VAL(1);
    wasm_global_t *ok_global = wasm_global_new(store, gt, &zero);
    wasm_global_t *fail_global = wasm_global_new(store, gt, &one);
    wasm_globaltype_delete(gt);

    /* The start function runs: the host is called, the global set. */
    printf("  start runs:\n");
    wasm_extern_t *good[] = {wasm_func_as_extern(hit_func), wasm_global_as_extern(ok_global)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(good);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK(instance != NULL && trap == NULL && env.hits == 1);
    if (instance) {
        wasm_extern_vec_t exports;
        wasm_instance_exports(instance, &exports);
        wasm_val_t g = WASM_INIT_VAL;
        if (exports.size == 1) wasm_global_get(wasm_extern_as_global(exports.data[0]), &g);
        CHECK(g.kind == WASM_I32 && g.of.i32 == 42);
        wasm_extern_vec_delete(&exports);
        wasm_instance_delete(instance);
    }

    /* The start function traps in wasm: no instance, a trap with the start's frame. */
    printf("  start traps (unreachable):\n");
    wasm_extern_t *failing[] = {wasm_func_as_extern(hit_func), wasm_global_as_extern(fail_global)};
    wasm_extern_vec_t imports2 = WASM_ARRAY_VEC(failing);
    instance = wasm_instance_new(store, module, &imports2, &trap);
    CHECK(instance == NULL && trap != NULL && env.hits == 2);
    if (trap) {
        CHECK(message_has(trap, "unreachable"));
        wasm_frame_t *origin = wasm_trap_origin(trap);
        CHECK(origin && wasm_frame_func_index(origin) == 1);
        wasm_frame_delete(origin);
        wasm_trap_delete(trap);
    }
    /* The same without a trap out-parameter: just NULL. */
    CHECK(wasm_instance_new(store, module, &imports2, NULL) == NULL);

    /* The host function called by start traps. */
    printf("  start's host call traps:\n");
    env.trap = true;
    instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK(instance == NULL && trap != NULL);
    if (trap) {
        CHECK(message_has(trap, "the host refuses"));
        wasm_trap_delete(trap);
    }

    /* Wrong imports: too few, wrong kind, wrong type. */
    printf("  wrong imports:\n");
    wasm_extern_vec_t too_few = {1, good};
    instance = wasm_instance_new(store, module, &too_few, &trap);
    CHECK(instance == NULL && trap && message_has(trap, "imports"));
    if (trap) wasm_trap_delete(trap);
    wasm_extern_t *swapped[] = {wasm_global_as_extern(ok_global), wasm_func_as_extern(hit_func)};
    wasm_extern_vec_t imports3 = WASM_ARRAY_VEC(swapped);
    instance = wasm_instance_new(store, module, &imports3, &trap);
    CHECK(instance == NULL && trap != NULL);
    if (trap) {
        CHECK(message_has(trap, ""));
        wasm_trap_delete(trap);
    }
    wasm_extern_t *with_null[] = {wasm_func_as_extern(hit_func), NULL};
    wasm_extern_vec_t imports4 = WASM_ARRAY_VEC(with_null);
    instance = wasm_instance_new(store, module, &imports4, &trap);
    CHECK(instance == NULL && trap && message_has(trap, "NULL"));
    if (trap) wasm_trap_delete(trap);

    wasm_func_delete(hit_func);
    wasm_global_delete(ok_global);
    wasm_global_delete(fail_global);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("start: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
