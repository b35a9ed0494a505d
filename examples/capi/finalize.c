/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * finalize.c — host info and finalizers: a finalizer runs once, when the last reference
 * to its object is deleted (a copy keeps the object alive); an object handed to wasm
 * stays until its store is deleted; a host function's environment is finalized with
 * the store. Checked for instances made in a loop and for every other kind of object.
 * Exit status 1 on any mismatch.
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

#define INSTANCES 200
enum { K_FUNC, K_GLOBAL, K_TABLE, K_MEMORY, K_EXTERN, K_MODULE, K_TRAP, K_FOREIGN, K_REF, K_ENV, K_N };
static int finalized[INSTANCES];   /* per instance */
static int kind_finalized[K_N];    /* per other object */

static void finalize_instance(void *info) { finalized[(int *)info - finalized]++; }
static void finalize_kind(void *info) { (*(int *)info)++; }

/* minwasm's allocator hook (mw_wasm_config_set_alloc): counts what is live, to show
 * that everything the engine allocated is given back. */
typedef struct counter {
    long allocs;
    long long live;
} counter;

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    counter *c = ud;
    c->live += (long long)nsize - (long long)(ptr ? osize : 0);
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    c->allocs++;
    return realloc(ptr, nsize);
}

static wasm_trap_t *f_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = *(int *)env;
    return NULL;
}

int main(void)
{
    wasm_config_delete(wasm_config_new());   /* a configuration nobody used */
    counter mem = {0, 0};
    wasm_config_t *config = wasm_config_new();
    mw_wasm_config_set_alloc(config, counting_alloc, &mem);
    wasm_engine_t *engine = wasm_engine_new_with_config(config);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("finalize.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;

    static int env_value = 7;
    wasm_functype_t *ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *f = wasm_func_new_with_env(store, ft, f_callback, &env_value, NULL);
    wasm_extern_t *externs[] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);

    /* Instances in a loop: each finalized when deleted; a copy delays it. */
    for (int i = 0; i < INSTANCES; i++) {
        wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
        if (!instance) return 1;
        wasm_instance_set_host_info_with_finalizer(instance, &finalized[i], finalize_instance);
        CHECK(wasm_instance_get_host_info(instance) == &finalized[i]);
        wasm_instance_t *copy = wasm_instance_copy(instance);
        CHECK(wasm_instance_same(copy, instance) && wasm_instance_get_host_info(copy) == &finalized[i]);
        wasm_instance_delete(instance);
        CHECK(finalized[i] == 0);
        wasm_instance_delete(copy);
        CHECK(finalized[i] == 1);
    }
    int total = 0;
    for (int i = 0; i < INSTANCES; i++) total += finalized[i];
    printf("  %d instances made and deleted, %d finalized\n", INSTANCES, total);
    CHECK(total == INSTANCES);

    /* Host info without a finalizer is just kept. */
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) return 1;
    wasm_instance_set_host_info(instance, &env_value);
    CHECK(wasm_instance_get_host_info(instance) == &env_value);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    if (exports.size != 2) return 1;
    wasm_global_t *keep = wasm_extern_as_global(exports.data[0]);

    /* Every other kind: finalized when its last reference goes. */
    wasm_global_t *g = wasm_global_copy(keep);
    wasm_global_set_host_info_with_finalizer(g, &kind_finalized[K_GLOBAL], finalize_kind);
    wasm_func_set_host_info_with_finalizer(f, &kind_finalized[K_FUNC], finalize_kind);
    CHECK(wasm_func_get_host_info(f) == &kind_finalized[K_FUNC]);
    wasm_extern_t *run_ext = exports.data[1];
    wasm_extern_set_host_info_with_finalizer(run_ext, &kind_finalized[K_EXTERN], finalize_kind);
    CHECK(wasm_extern_get_host_info(run_ext) == &kind_finalized[K_EXTERN]);
    wasm_limits_t limits = {1, 1};
    wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_anyref(), &limits);
    wasm_table_t *table = wasm_table_new(store, tt, NULL);
    wasm_tabletype_delete(tt);
    wasm_table_set_host_info_with_finalizer(table, &kind_finalized[K_TABLE], finalize_kind);
    CHECK(wasm_table_get_host_info(table) == &kind_finalized[K_TABLE]);
    wasm_memorytype_t *mt = wasm_memorytype_new(&limits);
    wasm_memory_t *memory = wasm_memory_new(store, mt);
    wasm_memorytype_delete(mt);
    wasm_memory_set_host_info_with_finalizer(memory, &kind_finalized[K_MEMORY], finalize_kind);
    CHECK(wasm_memory_get_host_info(memory) == &kind_finalized[K_MEMORY]);
    wasm_module_set_host_info_with_finalizer(module, &kind_finalized[K_MODULE], finalize_kind);
    CHECK(wasm_module_get_host_info(module) == &kind_finalized[K_MODULE]);
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "unused");
    wasm_trap_t *trap = wasm_trap_new(store, &msg);
    wasm_name_delete(&msg);
    wasm_trap_set_host_info_with_finalizer(trap, &kind_finalized[K_TRAP], finalize_kind);
    CHECK(wasm_trap_get_host_info(trap) == &kind_finalized[K_TRAP]);
    wasm_foreign_t *foreign = wasm_foreign_new(store);
    wasm_foreign_set_host_info_with_finalizer(foreign, &kind_finalized[K_FOREIGN], finalize_kind);
    CHECK(wasm_foreign_get_host_info(foreign) == &kind_finalized[K_FOREIGN]);
    wasm_foreign_t *kept = wasm_foreign_new(store);
    wasm_ref_t *kept_ref = wasm_foreign_as_ref(kept);
    wasm_ref_set_host_info_with_finalizer(kept_ref, &kind_finalized[K_REF], finalize_kind);
    CHECK(wasm_ref_get_host_info(kept_ref) == &kind_finalized[K_REF]);

    /* Handed to wasm: the global holds it, so deleting our reference keeps it. */
    wasm_val_t v = WASM_REF_VAL(kept_ref);
    wasm_global_set(keep, &v);
    wasm_foreign_delete(kept);
    CHECK(kind_finalized[K_REF] == 0);
    wasm_val_t back;
    wasm_global_get(keep, &back);
    CHECK(back.of.ref && wasm_ref_get_host_info(back.of.ref) == &kind_finalized[K_REF]);
    wasm_val_delete(&back);

    wasm_global_delete(g);
    wasm_table_delete(table);
    wasm_memory_delete(memory);
    wasm_module_delete(module);
    wasm_trap_delete(trap);
    wasm_foreign_delete(foreign);
    wasm_extern_vec_delete(&exports);   /* drops run_ext's last reference */
    CHECK(kind_finalized[K_GLOBAL] == 1 && kind_finalized[K_TABLE] == 1);
    CHECK(kind_finalized[K_MEMORY] == 1 && kind_finalized[K_MODULE] == 1);
    CHECK(kind_finalized[K_TRAP] == 1 && kind_finalized[K_FOREIGN] == 1);
    CHECK(kind_finalized[K_EXTERN] == 1);
    CHECK(kind_finalized[K_FUNC] == 0 && kind_finalized[K_REF] == 0);
    wasm_func_delete(f);
    CHECK(kind_finalized[K_FUNC] == 1);

    /* The environment of a host function is finalized with the store, as is the
     * reference wasm still holds. */
    wasm_func_t *with_env = wasm_func_new_with_env(store, ft, f_callback, &kind_finalized[K_ENV],
                                                   finalize_kind);
    wasm_functype_delete(ft);
    wasm_func_delete(with_env);
    CHECK(kind_finalized[K_ENV] == 0);
    wasm_instance_delete(instance);
    wasm_store_delete(store);
    CHECK(kind_finalized[K_ENV] == 1 && kind_finalized[K_REF] == 1);
    for (int k = 0; k < K_N; k++) CHECK(kind_finalized[k] == 1);
    wasm_engine_delete(engine);
    printf("  allocator hook: %ld allocations, %lld bytes live at the end\n", mem.allocs, mem.live);
    CHECK(mem.allocs > INSTANCES && mem.live == 0);
    printf("finalize: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
