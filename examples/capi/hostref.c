/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * hostref.c — references: host objects (foreign objects, functions, any object) passed
 * to wasm as externref and funcref values and given back through globals, tables,
 * parameters and results, keeping their identity and host info; the reference views
 * of every kind of object; objects of another store refused.
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

static int echo_calls;

/* f: returns its argument (a new reference to the same object). */
static wasm_trap_t *echo(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    echo_calls++;
    CHECK(args->data[0].kind == WASM_ANYREF);
    wasm_val_copy(&results->data[0], &args->data[0]);
    return NULL;
}

static wasm_extern_vec_t exports;
#define EXPORT_FUNC(i) wasm_extern_as_func(exports.data[i])

/* Call export i with up to two arguments; its result (own), or an i32 -1 on a trap. */
static wasm_val_t call(int i, size_t nargs, wasm_val_t a0, wasm_val_t a1)
{
    const wasm_func_t *f = EXPORT_FUNC(i);
    wasm_val_t as[2] = {a0, a1};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = {nargs, as}, results = {wasm_func_result_arity(f), rs};
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
    if (trap) {
        wasm_trap_delete(trap);
        wasm_val_t bad = WASM_I32_VAL(-1);
        return bad;
    }
    return rs[0];
}

/* Whether own value v is a reference to the object of r (or null when r is NULL); v is
 * consumed. */
static bool is_ref(wasm_val_t v, const wasm_ref_t *r)
{
    bool ok = wasm_valkind_is_ref(v.kind) &&
              (r ? v.of.ref && wasm_ref_same(v.of.ref, r) &&
                       wasm_ref_get_host_info(v.of.ref) == wasm_ref_get_host_info(r)
                 : v.of.ref == NULL);
    wasm_val_delete(&v);
    return ok;
}

static wasm_val_t ref_val(wasm_ref_t *r)
{
    wasm_val_t v = WASM_REF_VAL(r);
    return v;
}

static wasm_val_t i32_val(int32_t i)
{
    wasm_val_t v = WASM_I32_VAL(i);
    return v;
}

/* The views of each kind as wasm_ref_t, and back only to the right kind. */
static void check_views(wasm_store_t *store, wasm_module_t *module, wasm_instance_t *instance)
{
    wasm_foreign_t *foreign = wasm_foreign_new(store);
    wasm_func_t *func = EXPORT_FUNC(3);
    wasm_global_t *global = wasm_extern_as_global(exports.data[0]);
    wasm_table_t *table = wasm_extern_as_table(exports.data[1]);
    wasm_message_t m;
    wasm_name_new_from_string_nt(&m, "a trap");
    wasm_trap_t *trap = wasm_trap_new(store, &m);
    wasm_name_delete(&m);
    wasm_limits_t limits = {0, 0};
    wasm_memorytype_t *mt = wasm_memorytype_new(&limits);
    wasm_memory_t *memory = wasm_memory_new(store, mt);
    wasm_memorytype_delete(mt);

    wasm_ref_t *rf = wasm_foreign_as_ref(foreign), *rfn = wasm_func_as_ref(func);
    wasm_ref_t *rg = wasm_global_as_ref(global), *rt = wasm_table_as_ref(table);
    wasm_ref_t *rm = wasm_memory_as_ref(memory), *ri = wasm_instance_as_ref(instance);
    wasm_ref_t *rmod = wasm_module_as_ref(module), *rtr = wasm_trap_as_ref(trap);
    wasm_ref_t *rx = wasm_extern_as_ref(exports.data[0]);
    CHECK(wasm_ref_as_foreign(rf) == foreign && wasm_ref_as_foreign(rfn) == NULL);
    CHECK(wasm_ref_as_func(rfn) == func && wasm_ref_as_func(rg) == NULL);
    CHECK(wasm_ref_as_global(rg) == global && wasm_ref_as_global(rt) == NULL);
    CHECK(wasm_ref_as_table(rt) == table && wasm_ref_as_table(rm) == NULL);
    CHECK(wasm_ref_as_memory(rm) == memory && wasm_ref_as_memory(ri) == NULL);
    CHECK(wasm_ref_as_instance(ri) == instance && wasm_ref_as_instance(rmod) == NULL);
    CHECK(wasm_ref_as_module(rmod) == module && wasm_ref_as_module(rtr) == NULL);
    CHECK(wasm_ref_as_trap(rtr) == trap && wasm_ref_as_trap(rf) == NULL);
    CHECK(wasm_ref_as_extern(rx) == exports.data[0] && wasm_ref_as_extern(rf) == NULL);
    CHECK(wasm_ref_as_extern(rm) != NULL && wasm_ref_as_extern(ri) == NULL);
    /* const views */
    CHECK(wasm_ref_as_foreign_const(wasm_foreign_as_ref_const(foreign)) == foreign);
    CHECK(wasm_ref_as_func_const(wasm_func_as_ref_const(func)) == func);
    CHECK(wasm_ref_as_global_const(wasm_global_as_ref_const(global)) == global);
    CHECK(wasm_ref_as_table_const(wasm_table_as_ref_const(table)) == table);
    CHECK(wasm_ref_as_memory_const(wasm_memory_as_ref_const(memory)) == memory);
    CHECK(wasm_ref_as_instance_const(wasm_instance_as_ref_const(instance)) == instance);
    CHECK(wasm_ref_as_module_const(wasm_module_as_ref_const(module)) == module);
    CHECK(wasm_ref_as_trap_const(wasm_trap_as_ref_const(trap)) == trap);
    CHECK(wasm_ref_as_extern_const(wasm_extern_as_ref_const(exports.data[0])) == exports.data[0]);
    CHECK(wasm_ref_as_func_const(wasm_trap_as_ref_const(trap)) == NULL);
    /* extern views, const */
    CHECK(wasm_extern_as_func_const(wasm_func_as_extern_const(func)) == func);
    CHECK(wasm_extern_as_global_const(wasm_global_as_extern_const(global)) == global);
    CHECK(wasm_extern_as_table_const(wasm_table_as_extern_const(table)) == table);
    CHECK(wasm_extern_as_memory_const(wasm_memory_as_extern_const(memory)) == memory);
    CHECK(wasm_extern_as_table_const(wasm_memory_as_extern_const(memory)) == NULL);

    /* Copies: the same object, one host info. */
    wasm_foreign_t *f2 = wasm_foreign_copy(foreign);
    wasm_foreign_set_host_info(foreign, &limits);
    CHECK(wasm_foreign_same(f2, foreign) && wasm_foreign_get_host_info(f2) == &limits);
    wasm_foreign_t *other = wasm_foreign_new(store);
    CHECK(!wasm_foreign_same(other, foreign));
    wasm_ref_t *r2 = wasm_ref_copy(rf);
    wasm_ref_set_host_info(r2, &m);
    CHECK(wasm_ref_same(r2, rf) && wasm_foreign_get_host_info(foreign) == &m);
    wasm_func_t *fn2 = wasm_func_copy(func);
    wasm_func_set_host_info(fn2, &m);
    CHECK(wasm_func_same(fn2, func) && wasm_func_get_host_info(func) == &m);
    wasm_table_t *t2 = wasm_table_copy(table);
    wasm_table_set_host_info(t2, &m);
    CHECK(wasm_table_same(t2, table) && wasm_table_get_host_info(table) == &m);
    wasm_memory_t *m2 = wasm_memory_copy(memory);
    wasm_memory_set_host_info(m2, &m);
    CHECK(wasm_memory_same(m2, memory) && wasm_memory_get_host_info(memory) == &m);
    wasm_global_set_host_info(global, &m);
    CHECK(wasm_global_get_host_info(global) == &m);
    wasm_module_set_host_info(module, &m);
    CHECK(wasm_module_get_host_info(module) == &m);
    wasm_trap_set_host_info(trap, &m);
    CHECK(wasm_trap_get_host_info(trap) == &m);
    wasm_extern_t *x2 = wasm_extern_copy(exports.data[1]);
    wasm_extern_set_host_info(x2, &m);
    CHECK(wasm_extern_same(x2, exports.data[1]) && wasm_table_get_host_info(table) == &m);
    wasm_extern_delete(x2);

    wasm_foreign_delete(f2);
    wasm_foreign_delete(other);
    wasm_ref_delete(r2);
    wasm_func_delete(fn2);
    wasm_table_delete(t2);
    wasm_memory_delete(m2);
    wasm_foreign_delete(foreign);
    wasm_trap_delete(trap);
    wasm_memory_delete(memory);
}

int main(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("hostref.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;

    wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_anyref(), wasm_valtype_new_anyref());
    wasm_func_t *f = wasm_func_new(store, ft, echo);
    wasm_functype_delete(ft);
    wasm_extern_t *externs[] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) return 1;
    wasm_instance_exports(instance, &exports);
    if (exports.size != 9) return 1;
    wasm_global_t *global = wasm_extern_as_global(exports.data[0]);
    wasm_table_t *table = wasm_extern_as_table(exports.data[1]);
    wasm_table_t *ftable = wasm_extern_as_table(exports.data[2]);
    enum { GLOBAL_SET = 3, GLOBAL_GET, TABLE_SET, TABLE_GET, FUNC_CALL, FTABLE_GET };

    static int info1, info2;
    wasm_foreign_t *host1 = wasm_foreign_new(store), *host2 = wasm_foreign_new(store);
    wasm_foreign_set_host_info(host1, &info1);
    wasm_foreign_set_host_info(host2, &info2);
    wasm_ref_t *r1 = wasm_foreign_as_ref(host1), *r2 = wasm_foreign_as_ref(host2);
    wasm_val_t null = WASM_REF_VAL(NULL), none = WASM_INIT_VAL;

    /* Through a global, set and read by wasm and by the host. */
    CHECK(is_ref(call(GLOBAL_GET, 0, none, none), NULL));
    call(GLOBAL_SET, 1, ref_val(r1), none);
    CHECK(is_ref(call(GLOBAL_GET, 0, none, none), r1));
    wasm_val_t v;
    wasm_global_get(global, &v);
    CHECK(is_ref(v, r1));
    v = ref_val(r2);
    wasm_global_set(global, &v);
    CHECK(is_ref(call(GLOBAL_GET, 0, none, none), r2));
    call(GLOBAL_SET, 1, null, none);
    CHECK(is_ref(call(GLOBAL_GET, 0, none, none), NULL));

    /* Through a table. */
    call(TABLE_SET, 2, i32_val(0), ref_val(r1));
    call(TABLE_SET, 2, i32_val(1), ref_val(r2));
    CHECK(is_ref(call(TABLE_GET, 1, i32_val(0), none), r1));
    CHECK(is_ref(call(TABLE_GET, 1, i32_val(1), none), r2));
    CHECK(is_ref(call(TABLE_GET, 1, i32_val(2), none), NULL));
    wasm_ref_t *got = wasm_table_get(table, 1);
    CHECK(got && wasm_ref_same(got, r2) && wasm_ref_as_foreign(got) != NULL);
    if (got) wasm_ref_delete(got);
    CHECK(wasm_table_set(table, 2, r1));
    CHECK(is_ref(call(TABLE_GET, 1, i32_val(2), none), r1));
    CHECK(wasm_table_set(table, 2, NULL));
    CHECK(is_ref(call(TABLE_GET, 1, i32_val(2), none), NULL));

    /* Through a host function's parameter and result. */
    CHECK(is_ref(call(FUNC_CALL, 1, ref_val(r1), none), r1));
    CHECK(is_ref(call(FUNC_CALL, 1, null, none), NULL));
    CHECK(echo_calls == 2);

    /* Any object is an anyref: a function through the externref global. */
    wasm_ref_t *fref = wasm_func_as_ref(f);
    call(GLOBAL_SET, 1, ref_val(fref), none);
    wasm_val_t fv = call(GLOBAL_GET, 0, none, none);
    CHECK(fv.of.ref && wasm_func_same(wasm_ref_as_func(fv.of.ref), f));
    wasm_val_delete(&fv);

    /* funcref: a host function in a funcref table, read back by wasm. */
    CHECK(wasm_table_set(ftable, 1, fref));
    wasm_val_t got_f = call(FTABLE_GET, 1, i32_val(1), none);
    CHECK(got_f.kind == WASM_FUNCREF && got_f.of.ref && wasm_ref_as_func(got_f.of.ref) &&
          wasm_func_same(wasm_ref_as_func(got_f.of.ref), f));
    wasm_val_delete(&got_f);
    CHECK(is_ref(call(FTABLE_GET, 1, i32_val(0), none), NULL));
    CHECK(!wasm_table_set(ftable, 0, r1));   /* a foreign object is not a function */

    /* Objects of another store are refused. */
    wasm_store_t *store2 = wasm_store_new(engine);
    wasm_foreign_t *alien = wasm_foreign_new(store2);
    wasm_val_t av = WASM_REF_VAL(wasm_foreign_as_ref(alien));
    wasm_global_set(global, &av);
    wasm_global_get(global, &v);
    CHECK(v.of.ref && !wasm_ref_same(v.of.ref, wasm_foreign_as_ref(alien)));
    wasm_val_delete(&v);
    CHECK(!wasm_table_set(table, 3, wasm_foreign_as_ref(alien)));
    wasm_val_t r = call(FUNC_CALL, 1, av, none);
    CHECK(r.kind == WASM_I32 && r.of.i32 == -1);   /* a trap */
    wasm_extern_t *alien_imports[] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t alien_vec = WASM_ARRAY_VEC(alien_imports);
    wasm_trap_t *trap = NULL;
    CHECK(wasm_instance_new(store2, module, &alien_vec, &trap) == NULL && trap != NULL);
    if (trap) wasm_trap_delete(trap);
    wasm_foreign_delete(alien);
    wasm_store_delete(store2);

    check_views(store, module, instance);

    wasm_foreign_delete(host1);
    wasm_foreign_delete(host2);
    wasm_func_delete(f);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("hostref: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
