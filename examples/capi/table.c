/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * table.c — tables: a module's funcref table read, written and grown from the host and
 * used by call_indirect; a host function stored in it; a table created by the host.
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

static wasm_trap_t *plus_one(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = args->data[0].of.i32 + 1;
    return NULL;
}

/* call_indirect(arg, index): the result, or -1 (and the trap's message) on a trap. */
static int32_t call_indirect(const wasm_func_t *f, int32_t arg, int32_t index, char *msg)
{
    wasm_val_t as[2] = {WASM_I32_VAL(arg), WASM_I32_VAL(index)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
    if (!trap) return rs[0].of.i32;
    wasm_message_t m;
    wasm_trap_message(trap, &m);
    if (msg) snprintf(msg, 100, "%s", m.data);
    wasm_byte_vec_delete(&m);
    wasm_trap_delete(trap);
    return -1;
}

/* Whether slot i of table t holds function f (or null when f is NULL). */
static bool slot_is(const wasm_table_t *t, wasm_table_size_t i, const wasm_func_t *f)
{
    wasm_ref_t *r = wasm_table_get(t, i);
    bool ok = f ? r && wasm_func_same(wasm_ref_as_func(r), f) : r == NULL;
    if (r) wasm_ref_delete(r);
    return ok;
}

int main(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("table.wasm", &binary)) return 1;
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
    wasm_table_t *table = wasm_extern_as_table(exports.data[0]);
    const wasm_func_t *call = wasm_extern_as_func(exports.data[1]);
    wasm_func_t *f = wasm_extern_as_func(exports.data[2]);
    wasm_func_t *g = wasm_extern_as_func(exports.data[3]);
    if (!table || !call || !f || !g) return 1;
    CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_TABLE);

    wasm_tabletype_t *tt = wasm_table_type(table);
    CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
    CHECK(wasm_tabletype_limits(tt)->min == 2 && wasm_tabletype_limits(tt)->max == 10);
    wasm_tabletype_delete(tt);

    /* The element segment's contents. */
    char msg[100] = "";
    CHECK(wasm_table_size(table) == 2);
    CHECK(slot_is(table, 0, NULL) && slot_is(table, 1, f));
    CHECK(wasm_table_get(table, 2) == NULL);   /* out of bounds */
    CHECK(call_indirect(call, 7, 1, NULL) == 7);
    CHECK(call_indirect(call, 7, 0, msg) == -1);
    printf("  call_indirect through a null slot: %s\n", msg);
    CHECK(call_indirect(call, 7, 2, msg) == -1);
    printf("  call_indirect past the end: %s\n", msg);

    /* Writes from the host. */
    CHECK(wasm_table_set(table, 0, wasm_func_as_ref(g)));
    CHECK(slot_is(table, 0, g));
    CHECK(call_indirect(call, 7, 0, NULL) == 666);
    CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(f)));   /* out of bounds */
    CHECK(wasm_table_set(table, 0, NULL));
    CHECK(call_indirect(call, 7, 0, NULL) == -1);

    /* A host function in the table. */
    wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *h = wasm_func_new(store, ft, plus_one);
    wasm_functype_delete(ft);
    CHECK(wasm_table_set(table, 1, wasm_func_as_ref(h)));
    CHECK(call_indirect(call, 5, 1, NULL) == 6);
    /* A non-function is not a funcref. */
    wasm_foreign_t *foreign = wasm_foreign_new(store);
    CHECK(!wasm_table_set(table, 1, wasm_foreign_as_ref(foreign)));
    wasm_foreign_delete(foreign);

    /* Growing from the host. */
    CHECK(wasm_table_grow(table, 3, wasm_func_as_ref(f)));
    CHECK(wasm_table_size(table) == 5);
    CHECK(slot_is(table, 4, f) && call_indirect(call, 9, 4, NULL) == 9);
    CHECK(wasm_table_grow(table, 5, NULL));
    CHECK(wasm_table_size(table) == 10 && slot_is(table, 9, NULL));
    CHECK(!wasm_table_grow(table, 1, NULL));   /* past the maximum */
    CHECK(wasm_table_size(table) == 10);

    /* A table made by the host. */
    wasm_limits_t limits = {5, 5};
    wasm_tabletype_t *htt = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
    wasm_table_t *host_table = wasm_table_new(store, htt, wasm_func_as_ref(h));
    wasm_tabletype_delete(htt);
    if (!host_table) return 1;
    CHECK(wasm_table_size(host_table) == 5 && slot_is(host_table, 3, h));
    CHECK(!wasm_table_grow(host_table, 1, NULL));
    CHECK(wasm_extern_as_table(wasm_table_as_extern(host_table)) == host_table);
    wasm_table_delete(host_table);

    wasm_func_delete(h);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("table: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
