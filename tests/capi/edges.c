/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * edges.c — wasm.h cases beyond the examples: a v128 function (no wasm.h kind: a trap,
 * not a crash), host functions that call back into wasm and pass an inner trap on
 * (the same object comes out of the outer call), a host function returning another
 * store's trap or a result of the wrong kind, a module outliving the store it was made
 * in, and NULL/empty inputs. Exit status 1 on any mismatch.
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

/* What the host function h does with its argument. */
enum { CALL_INNER_OK, CALL_INNER_TRAP, OTHER_STORE_TRAP, WRONG_RESULT };

typedef struct host {
    wasm_store_t *other;          /* another store, for OTHER_STORE_TRAP */
    const wasm_func_t *inner;
    wasm_trap_t *inner_trap;      /* the trap the inner call returned (borrowed) */
    int marker;
} host;

static wasm_trap_t *h(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    host *st = env;
    wasm_val_t as[1] = {WASM_I32_VAL(0)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t a = WASM_ARRAY_VEC(as), r = WASM_ARRAY_VEC(rs);
    switch (args->data[0].of.i32) {
    case CALL_INNER_OK: {
        wasm_trap_t *t = wasm_func_call(st->inner, &a, &r);   /* re-entry */
        CHECK(t == NULL && rs[0].of.i32 == 5);
        results->data[0] = rs[0];
        return t;
    }
    case CALL_INNER_TRAP: {
        as[0].of.i32 = 1;
        wasm_trap_t *t = wasm_func_call(st->inner, &a, &r);
        CHECK(t != NULL);
        if (t) wasm_trap_set_host_info(t, &st->marker);
        st->inner_trap = t;
        return t;   /* passed on */
    }
    case OTHER_STORE_TRAP: {
        wasm_message_t m;
        wasm_name_new_from_string_nt(&m, "from the other store");
        wasm_trap_t *t = wasm_trap_new(st->other, &m);
        wasm_name_delete(&m);
        return t;
    }
    default:
        results->data[0].kind = WASM_F64;   /* the type says i32 */
        results->data[0].of.f64 = 1;
        return NULL;
    }
}

static wasm_trap_t *call(const wasm_func_t *f, int32_t arg, int32_t *result)
{
    wasm_val_t as[1] = {WASM_I32_VAL(arg)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t a = WASM_ARRAY_VEC(as), r = WASM_ARRAY_VEC(rs);
    wasm_trap_t *t = wasm_func_call(f, &a, &r);
    if (result) *result = rs[0].of.i32;
    return t;
}

static bool message_has(const wasm_trap_t *t, const char *part)
{
    wasm_message_t m;
    wasm_trap_message(t, &m);
    bool ok = m.size && strstr(m.data, part) != NULL;
    printf("    trap: %s\n", m.size ? m.data : "");
    wasm_byte_vec_delete(&m);
    return ok;
}

int main(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine), *other = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("edges.wasm", &binary)) return 1;
    CHECK(wasm_module_new(NULL, &binary) == NULL && wasm_module_new(store, NULL) == NULL);
    wasm_byte_vec_t empty = WASM_EMPTY_VEC;
    CHECK(wasm_module_new(store, &empty) == NULL);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;

    host st = {other, NULL, NULL, 0};
    wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *hf = wasm_func_new_with_env(store, ft, h, &st, NULL);
    wasm_functype_delete(ft);
    wasm_extern_t *imp[] = {wasm_func_as_extern(hf)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imp);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) return 1;
    wasm_func_delete(hf);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    if (exports.size != 3) return 1;
    const wasm_func_t *v128 = wasm_extern_as_func(exports.data[0]);
    const wasm_func_t *outer = wasm_extern_as_func(exports.data[1]);
    st.inner = wasm_extern_as_func(exports.data[2]);

    /* v128: reflected with the non-standard kind 4, refused by calls. */
    printf("  v128:\n");
    wasm_functype_t *vt = wasm_func_type(v128);
    CHECK(wasm_functype_params(vt)->size == 1 && wasm_valtype_kind(wasm_functype_params(vt)->data[0]) == 4);
    wasm_functype_t *vt2 = wasm_functype_copy(vt);
    CHECK(vt2 && wasm_valtype_kind(wasm_functype_results(vt2)->data[0]) == 4);
    wasm_functype_delete(vt2);
    wasm_functype_delete(vt);
    wasm_trap_t *t = call(v128, 0, NULL);
    CHECK(t && message_has(t, "v128"));
    if (t) wasm_trap_delete(t);

    /* Re-entry: host -> wasm -> host -> wasm. */
    printf("  re-entry:\n");
    int32_t res = 0;
    t = call(outer, CALL_INNER_OK, &res);
    CHECK(t == NULL && res == 5);
    t = call(outer, CALL_INNER_TRAP, &res);
    CHECK(t != NULL && t == st.inner_trap && wasm_trap_get_host_info(t) == &st.marker);
    if (t) {
        CHECK(message_has(t, "unreachable"));
        wasm_frame_vec_t trace;
        wasm_trap_trace(t, &trace);   /* recorded by the inner call: "inner" only */
        CHECK(trace.size == 1 && wasm_frame_func_index(trace.data[0]) == 3);
        wasm_frame_vec_delete(&trace);
        wasm_trap_delete(t);
    }
    /* The store is still usable after the traps. */
    t = call(outer, CALL_INNER_OK, &res);
    CHECK(t == NULL && res == 5);

    /* Host mistakes: another store's trap, a result of the wrong kind. */
    printf("  host mistakes:\n");
    t = call(outer, OTHER_STORE_TRAP, &res);
    CHECK(t && message_has(t, "from the other store"));
    if (t) {
        wasm_frame_t *o = wasm_trap_origin(t);
        CHECK(o && wasm_frame_func_index(o) == 2);   /* "outer", below the host function */
        wasm_frame_delete(o);
        wasm_trap_delete(t);
    }
    t = call(outer, WRONG_RESULT, &res);
    CHECK(t && message_has(t, "result 0"));
    if (t) wasm_trap_delete(t);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);

    /* A module outlives its store while it has an owner, and still works. */
    printf("  module after its store:\n");
    wasm_store_delete(store);
    wasm_importtype_vec_t its;
    wasm_module_imports(module, &its);
    CHECK(its.size == 1);
    wasm_importtype_vec_delete(&its);
    wasm_shared_module_t *shared = wasm_module_share(module);
    wasm_module_t *again = wasm_module_obtain(other, shared);
    CHECK(again != NULL);
    wasm_shared_module_delete(shared);
    wasm_module_delete(module);
    if (again) {
        wasm_exporttype_vec_t ets;
        wasm_module_exports(again, &ets);
        CHECK(ets.size == 3);
        wasm_exporttype_vec_delete(&ets);
        wasm_module_delete(again);
    }

    wasm_store_delete(other);
    wasm_engine_delete(engine);
    printf("edges: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
