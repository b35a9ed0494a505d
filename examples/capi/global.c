/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * global.c — globals: host globals imported by a module, the module's exported globals,
 * reads and writes from the host and from wasm, types and mutability. Writing an
 * immutable global or with a wrong type leaves it unchanged.
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

static wasm_val_t get(const wasm_global_t *g)
{
    wasm_val_t v;
    wasm_global_get(g, &v);
    return v;
}

/* Call a function of at most one parameter and one result. */
static wasm_val_t call(const wasm_func_t *f, const wasm_val_t *arg)
{
    wasm_val_t a[1], r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = {0, a}, results = {wasm_func_result_arity(f), r};
    if (arg) {
        a[0] = *arg;
        args.size = 1;
    }
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
    CHECK(trap == NULL);
    if (trap) wasm_trap_delete(trap);
    return r[0];
}

static void check_type(const wasm_global_t *g, wasm_valkind_t kind, wasm_mutability_t mut)
{
    wasm_globaltype_t *t = wasm_global_type(g);
    CHECK(wasm_valtype_kind(wasm_globaltype_content(t)) == kind);
    CHECK(wasm_globaltype_mutability(t) == mut);
    wasm_globaltype_delete(t);
}

int main(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("global.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;

    /* Host globals. */
    wasm_globaltype_t *const_f32_type = wasm_globaltype_new(wasm_valtype_new(WASM_F32), WASM_CONST);
    wasm_globaltype_t *const_i64_type = wasm_globaltype_new(wasm_valtype_new(WASM_I64), WASM_CONST);
    wasm_globaltype_t *var_f32_type = wasm_globaltype_new(wasm_valtype_new(WASM_F32), WASM_VAR);
    wasm_globaltype_t *var_i64_type = wasm_globaltype_new(wasm_valtype_new(WASM_I64), WASM_VAR);
    wasm_val_t v1 = WASM_F32_VAL(1), v2 = WASM_I64_VAL(2), v3 = WASM_F32_VAL(3), v4 = WASM_I64_VAL(4);
    wasm_global_t *const_f32_import = wasm_global_new(store, const_f32_type, &v1);
    wasm_global_t *const_i64_import = wasm_global_new(store, const_i64_type, &v2);
    wasm_global_t *var_f32_import = wasm_global_new(store, var_f32_type, &v3);
    wasm_global_t *var_i64_import = wasm_global_new(store, var_i64_type, &v4);
    /* A global whose initial value has the wrong type is refused. */
    CHECK(wasm_global_new(store, const_f32_type, &v2) == NULL);
    wasm_globaltype_delete(const_f32_type);
    wasm_globaltype_delete(const_i64_type);
    wasm_globaltype_delete(var_f32_type);
    wasm_globaltype_delete(var_i64_type);
    if (!const_f32_import || !const_i64_import || !var_f32_import || !var_i64_import) return 1;

    wasm_extern_t *externs[] = {
        wasm_global_as_extern(const_f32_import), wasm_global_as_extern(const_i64_import),
        wasm_global_as_extern(var_f32_import), wasm_global_as_extern(var_i64_import)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) return 1;
    wasm_module_delete(module);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    if (exports.size != 12) return 1;
    wasm_global_t *const_f32_export = wasm_extern_as_global(exports.data[0]);
    wasm_global_t *const_i64_export = wasm_extern_as_global(exports.data[1]);
    wasm_global_t *var_f32_export = wasm_extern_as_global(exports.data[2]);
    wasm_global_t *var_i64_export = wasm_extern_as_global(exports.data[3]);
    const wasm_func_t *get_const_f32_import = wasm_extern_as_func(exports.data[4]);
    const wasm_func_t *get_var_i64_import = wasm_extern_as_func(exports.data[5]);
    const wasm_func_t *get_var_f32_export = wasm_extern_as_func(exports.data[6]);
    const wasm_func_t *set_var_i64_import = wasm_extern_as_func(exports.data[7]);
    const wasm_func_t *set_var_f32_export = wasm_extern_as_func(exports.data[8]);
    wasm_global_t *i32_export = wasm_extern_as_global(exports.data[9]);
    wasm_global_t *f64_export = wasm_extern_as_global(exports.data[10]);
    const wasm_func_t *sum_of_imports = wasm_extern_as_func(exports.data[11]);
    if (!const_f32_export || !const_i64_export || !var_f32_export || !var_i64_export ||
        !get_const_f32_import || !get_var_i64_import || !get_var_f32_export ||
        !set_var_i64_import || !set_var_f32_export || !i32_export || !f64_export ||
        !sum_of_imports)
        return 1;
    CHECK(wasm_extern_as_global(exports.data[4]) == NULL);   /* a function */

    check_type(const_f32_export, WASM_F32, WASM_CONST);
    check_type(const_i64_export, WASM_I64, WASM_CONST);
    check_type(var_f32_export, WASM_F32, WASM_VAR);
    check_type(var_i64_export, WASM_I64, WASM_VAR);
    check_type(i32_export, WASM_I32, WASM_VAR);
    check_type(f64_export, WASM_F64, WASM_VAR);
    check_type(var_i64_import, WASM_I64, WASM_VAR);

    /* Initial values, from the host and through wasm. */
    CHECK(get(const_f32_import).of.f32 == 1 && get(const_i64_import).of.i64 == 2);
    CHECK(get(const_f32_export).kind == WASM_F32 && get(const_f32_export).of.f32 == 5);
    CHECK(get(const_i64_export).of.i64 == 6 && get(var_f32_export).of.f32 == 7);
    CHECK(get(var_i64_export).of.i64 == 8);
    CHECK(get(i32_export).kind == WASM_I32 && get(i32_export).of.i32 == -1);
    CHECK(get(f64_export).kind == WASM_F64 && get(f64_export).of.f64 == 2.5);
    CHECK(call(get_const_f32_import, NULL).of.f32 == 1);
    CHECK(call(get_var_i64_import, NULL).of.i64 == 4);
    CHECK(call(get_var_f32_export, NULL).of.f32 == 7);
    CHECK(call(sum_of_imports, NULL).of.f64 == 10);

    /* Writes from the host, seen by wasm. */
    wasm_val_t v = WASM_F32_VAL(37);
    wasm_global_set(var_f32_export, &v);
    CHECK(call(get_var_f32_export, NULL).of.f32 == 37);
    v = (wasm_val_t)WASM_I64_VAL(38);
    wasm_global_set(var_i64_import, &v);
    CHECK(call(get_var_i64_import, NULL).of.i64 == 38);
    v = (wasm_val_t)WASM_I32_VAL(123456);
    wasm_global_set(i32_export, &v);
    CHECK(get(i32_export).of.i32 == 123456);
    v = (wasm_val_t)WASM_F64_VAL(-0.125);
    wasm_global_set(f64_export, &v);
    CHECK(get(f64_export).of.f64 == -0.125);

    /* Writes from wasm, seen by the host. */
    v = (wasm_val_t)WASM_I64_VAL(77);
    call(set_var_i64_import, &v);
    CHECK(get(var_i64_import).of.i64 == 77);
    v = (wasm_val_t)WASM_F32_VAL(78);
    call(set_var_f32_export, &v);
    CHECK(get(var_f32_export).of.f32 == 78);

    /* Immutable globals and wrong types stay unchanged. */
    v = (wasm_val_t)WASM_F32_VAL(99);
    wasm_global_set(const_f32_export, &v);
    CHECK(get(const_f32_export).of.f32 == 5);
    v = (wasm_val_t)WASM_I32_VAL(99);
    wasm_global_set(var_f32_export, &v);
    CHECK(get(var_f32_export).of.f32 == 78);

    /* The same global through another reference. */
    wasm_global_t *again = wasm_global_copy(var_f32_export);
    CHECK(wasm_global_same(again, var_f32_export));
    CHECK(!wasm_global_same(again, var_i64_export));
    wasm_global_delete(again);

    wasm_global_delete(const_f32_import);
    wasm_global_delete(const_i64_import);
    wasm_global_delete(var_f32_import);
    wasm_global_delete(var_i64_import);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("global: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
