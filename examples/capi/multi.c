/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * multi.c — multi-value: a host function of four parameters and four results (one of
 * each number type) reverses them; wasm passes them through. Value vectors are built
 * with the vector functions rather than arrays. Exit status 1 on any mismatch.
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

static int calls;

static wasm_trap_t *reverse(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    calls++;
    CHECK(args->size == 4 && results->size == 4);
    CHECK(args->data[0].kind == WASM_I32 && args->data[1].kind == WASM_I64 &&
          args->data[2].kind == WASM_F32 && args->data[3].kind == WASM_F64);
    for (size_t i = 0; i < 4; i++) wasm_val_copy(&results->data[i], &args->data[3 - i]);
    return NULL;
}

int main(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("multi.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;

    /* (i32 i64 f32 f64) -> (f64 f32 i64 i32), from vectors. */
    wasm_valtype_t *ps[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                             wasm_valtype_new_f32(), wasm_valtype_new_f64()};
    wasm_valtype_t *rs[4] = {wasm_valtype_new_f64(), wasm_valtype_new_f32(),
                             wasm_valtype_new_i64(), wasm_valtype_new_i32()};
    wasm_valtype_vec_t params, results;
    wasm_valtype_vec_new(&params, 4, ps);
    wasm_valtype_vec_new(&results, 4, rs);
    wasm_functype_t *type = wasm_functype_new(&params, &results);
    wasm_func_t *f = wasm_func_new(store, type, reverse);
    wasm_functype_delete(type);

    wasm_extern_t *externs[] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) return 1;
    wasm_func_delete(f);
    wasm_module_delete(module);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    if (exports.size != 2) return 1;
    const wasm_func_t *g = wasm_extern_as_func(exports.data[0]);
    const wasm_func_t *swap = wasm_extern_as_func(exports.data[1]);
    CHECK(wasm_func_param_arity(g) == 4 && wasm_func_result_arity(g) == 4);

    wasm_val_t vals[4] = {WASM_I32_VAL(1), WASM_I64_VAL(INT64_C(0x100000002)),
                          WASM_F32_VAL(3.5f), WASM_F64_VAL(4.25)};
    wasm_val_vec_t args, res;
    wasm_val_vec_new(&args, 4, vals);
    wasm_val_vec_new_uninitialized(&res, 4);
    wasm_trap_t *trap = wasm_func_call(g, &args, &res);
    CHECK(trap == NULL);
    if (trap) wasm_trap_delete(trap);
    CHECK(calls == 1);
    printf("  g(1, 0x100000002, 3.5, 4.25) = (%g, %g, 0x%" PRIx64 ", %" PRId32 ")\n",
           res.data[0].of.f64, (double)res.data[1].of.f32, (uint64_t)res.data[2].of.i64,
           res.data[3].of.i32);
    CHECK(res.data[0].kind == WASM_F64 && res.data[0].of.f64 == 4.25);
    CHECK(res.data[1].kind == WASM_F32 && res.data[1].of.f32 == 3.5f);
    CHECK(res.data[2].kind == WASM_I64 && res.data[2].of.i64 == INT64_C(0x100000002));
    CHECK(res.data[3].kind == WASM_I32 && res.data[3].of.i32 == 1);

    /* A copy of a value vector is independent. */
    wasm_val_vec_t copy;
    wasm_val_vec_copy(&copy, &res);
    CHECK(copy.size == 4 && copy.data != res.data && copy.data[3].of.i32 == 1);
    wasm_val_vec_delete(&copy);

    /* Too few result slots is a trap. */
    wasm_val_vec_t small;
    wasm_val_vec_new_uninitialized(&small, 3);
    trap = wasm_func_call(g, &args, &small);
    CHECK(trap != NULL);
    if (trap) wasm_trap_delete(trap);
    wasm_val_vec_delete(&small);

    wasm_val_t two[2] = {WASM_I32_VAL(10), WASM_I32_VAL(20)};
    wasm_val_vec_t swap_args = WASM_ARRAY_VEC(two), swap_res;
    wasm_val_vec_new_uninitialized(&swap_res, 2);
    trap = wasm_func_call(swap, &swap_args, &swap_res);
    CHECK(trap == NULL && swap_res.data[0].of.i32 == 20 && swap_res.data[1].of.i32 == 10);
    wasm_val_vec_delete(&swap_res);

    wasm_val_vec_t empty;
    wasm_val_vec_new_empty(&empty);
    CHECK(empty.size == 0 && empty.data == NULL);
    trap = wasm_func_call(swap, &empty, &res);   /* wrong number of arguments */
    CHECK(trap != NULL);
    if (trap) wasm_trap_delete(trap);
    wasm_val_vec_delete(&empty);

    wasm_val_vec_delete(&args);
    wasm_val_vec_delete(&res);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("multi: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
