/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * callback.c — host functions with and without an environment: "print" echoes its
 * argument, "closure" returns a number from its environment, whose finalizer runs when
 * the store goes away. run(3, 4) = print(3 + 4) + closure() = 7 + 42.
 * Exit status 1 on any mismatch.
 */
#include <inttypes.h>
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

static int32_t printed = -1;

static wasm_trap_t *print_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    CHECK(args->size == 1 && args->data[0].kind == WASM_I32);
    CHECK(results->size == 1);
    printf("  print: %" PRId32 "\n", args->data[0].of.i32);
    printed = args->data[0].of.i32;
    wasm_val_copy(&results->data[0], &args->data[0]);
    return NULL;
}

typedef struct closure_env {
    int32_t value;
    int calls;
    int finalized;
} closure_env;

static wasm_trap_t *closure_callback(void *env, const wasm_val_vec_t *args,
                                     wasm_val_vec_t *results)
{
    closure_env *c = env;
    CHECK(args->size == 0 && results->size == 1);
    c->calls++;
    wasm_val_t v = WASM_I32_VAL(c->value);
    results->data[0] = v;
    return NULL;
}

static void closure_finalize(void *env) { ((closure_env *)env)->finalized++; }

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
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("callback.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;

    wasm_functype_t *print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(),
                                                        wasm_valtype_new_i32());
    wasm_func_t *print_func = wasm_func_new(store, print_type, print_callback);
    wasm_functype_delete(print_type);

    closure_env env = {42, 0, 0};
    wasm_functype_t *closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *closure_func = wasm_func_new_with_env(store, closure_type, closure_callback,
                                                       &env, closure_finalize);
    wasm_functype_delete(closure_type);
    CHECK(wasm_func_param_arity(print_func) == 1 && wasm_func_result_arity(print_func) == 1);
    CHECK(wasm_func_param_arity(closure_func) == 0 && wasm_func_result_arity(closure_func) == 1);

    wasm_extern_t *externs[] = {wasm_func_as_extern(print_func), wasm_func_as_extern(closure_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) return 1;
    wasm_func_delete(print_func);
    wasm_func_delete(closure_func);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t *run = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
    if (!run) return 1;
    wasm_functype_t *run_type = wasm_func_type(run);
    CHECK(wasm_functype_params(run_type)->size == 2);
    CHECK(wasm_functype_results(run_type)->size == 1);
    CHECK(wasm_valtype_kind(wasm_functype_results(run_type)->data[0]) == WASM_I32);
    wasm_functype_delete(run_type);
    CHECK(wasm_func_param_arity(run) == 2 && wasm_func_result_arity(run) == 1);

    wasm_val_t as[2] = {WASM_I32_VAL(3), WASM_I32_VAL(4)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as);
    wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
    wasm_trap_t *trap = wasm_func_call(run, &args, &results);
    CHECK(trap == NULL);
    if (trap) wasm_trap_delete(trap);
    printf("  run(3, 4) = %" PRId32 "\n", rs[0].of.i32);
    CHECK(rs[0].kind == WASM_I32 && rs[0].of.i32 == 49);
    CHECK(printed == 7 && env.calls == 1);

    /* Wrong arguments are a trap, not a crash. */
    wasm_val_t bad[2] = {WASM_I64_VAL(3), WASM_I32_VAL(4)};
    wasm_val_vec_t bad_args = WASM_ARRAY_VEC(bad);
    trap = wasm_func_call(run, &bad_args, &results);
    CHECK(trap != NULL);
    if (trap) wasm_trap_delete(trap);
    wasm_val_vec_t one_arg = {1, as};
    trap = wasm_func_call(run, &one_arg, &results);
    CHECK(trap != NULL);
    if (trap) wasm_trap_delete(trap);

    /* A host pointer carried in a value. */
    wasm_val_t pv;
    wasm_val_init_ptr(&pv, &env);
    CHECK(wasm_val_ptr(&pv) == &env);
    wasm_val_t copy;
    wasm_val_copy(&copy, &pv);
    CHECK(wasm_val_ptr(&copy) == &env);
    wasm_val_delete(&copy);
    wasm_val_delete(&pv);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    CHECK(env.finalized == 0);
    wasm_store_delete(store);
    CHECK(env.finalized == 1);   /* the environment's finalizer, once */
    wasm_engine_delete(engine);
    printf("callback: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
