/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * reflect.c — types: a module's import and export types (one of each kind), the types
 * of an instance's exports, every type constructor, copy and view (as_externtype and
 * back), the function-type shorthands wasm_functype_new_P_R, names and the vectors of
 * every type. Exit status 1 on any mismatch.
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

static bool name_is(const wasm_name_t *n, const char *s)
{
    return n->size == strlen(s) && memcmp(n->data, s, n->size) == 0;
}

/* A type as text, e.g. "func (i32 f64) -> (i64)", for the checks below. */
static void valtypes_str(char *out, size_t cap, const wasm_valtype_vec_t *v)
{
    static const char *names[] = {"i32", "i64", "f32", "f64"};
    size_t len = strlen(out);
    snprintf(out + len, cap - len, "(");
    for (size_t i = 0; i < v->size; i++) {
        wasm_valkind_t k = wasm_valtype_kind(v->data[i]);
        len = strlen(out);
        snprintf(out + len, cap - len, "%s%s", i ? " " : "",
                 k <= WASM_F64 ? names[k] : k == WASM_ANYREF ? "anyref" : "funcref");
    }
    len = strlen(out);
    snprintf(out + len, cap - len, ")");
}

static const char *kind_name(wasm_valkind_t k)
{
    switch (k) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_ANYREF: return "anyref";
    case WASM_FUNCREF: return "funcref";
    default: return "?";
    }
}

static void type_str(char *out, size_t cap, const wasm_externtype_t *t)
{
    out[0] = '\0';
    switch (wasm_externtype_kind(t)) {
    case WASM_EXTERN_FUNC: {
        const wasm_functype_t *ft = wasm_externtype_as_functype_const(t);
        snprintf(out, cap, "func ");
        valtypes_str(out, cap, wasm_functype_params(ft));
        strncat(out, " -> ", cap - strlen(out) - 1);
        valtypes_str(out, cap, wasm_functype_results(ft));
        break;
    }
    case WASM_EXTERN_GLOBAL: {
        const wasm_globaltype_t *gt = wasm_externtype_as_globaltype_const(t);
        snprintf(out, cap, "global %s %s",
                 wasm_globaltype_mutability(gt) == WASM_VAR ? "var" : "const",
                 kind_name(wasm_valtype_kind(wasm_globaltype_content(gt))));
        break;
    }
    case WASM_EXTERN_TABLE: {
        const wasm_tabletype_t *tt = wasm_externtype_as_tabletype_const(t);
        const wasm_limits_t *l = wasm_tabletype_limits(tt);
        snprintf(out, cap, "table %s %u %u", kind_name(wasm_valtype_kind(wasm_tabletype_element(tt))),
                 l->min, l->max);
        break;
    }
    case WASM_EXTERN_MEMORY: {
        const wasm_limits_t *l = wasm_memorytype_limits(wasm_externtype_as_memorytype_const(t));
        if (l->max == wasm_limits_max_default) snprintf(out, cap, "memory %u", l->min);
        else snprintf(out, cap, "memory %u %u", l->min, l->max);
        break;
    }
    }
}

static void check_type(const wasm_externtype_t *t, const char *expect)
{
    char s[200];
    type_str(s, sizeof s, t);
    printf("    %s\n", s);
    if (strcmp(s, expect) != 0) {
        fprintf(stderr, "  type \"%s\", expected \"%s\"\n", s, expect);
        failures++;
    }
}

static const char *const import_types[] = {"func (i32 f64) -> (i64)", "global var f32",
                                           "table funcref 1 5", "memory 1"};
static const char *const export_types[] = {"func (i32 i64 f32 f64) -> (i32)",
                                           "global const f64", "table anyref 0 50",
                                           "memory 1"};
static const char *const export_names[] = {"func", "global", "table", "memory"};
static const wasm_externkind_t kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL,
                                          WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY};

static wasm_trap_t *dummy(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    results->data[0].kind = WASM_I64;
    results->data[0].of.i64 = 0;
    return NULL;
}

/* Every wasm_functype_new_P_R makes P parameters and R results. */
static void check_shorthands(void)
{
#define V() wasm_valtype_new_i32()
    wasm_functype_t *t[16] = {
        wasm_functype_new_0_0(), wasm_functype_new_0_1(V()), wasm_functype_new_0_2(V(), V()),
        wasm_functype_new_0_3(V(), V(), V()), wasm_functype_new_1_0(V()),
        wasm_functype_new_1_1(V(), V()), wasm_functype_new_1_2(V(), V(), V()),
        wasm_functype_new_1_3(V(), V(), V(), V()), wasm_functype_new_2_0(V(), V()),
        wasm_functype_new_2_1(V(), V(), V()), wasm_functype_new_2_2(V(), V(), V(), V()),
        wasm_functype_new_2_3(V(), V(), V(), V(), V()), wasm_functype_new_3_0(V(), V(), V()),
        wasm_functype_new_3_1(V(), V(), V(), V()), wasm_functype_new_3_2(V(), V(), V(), V(), V()),
        wasm_functype_new_3_3(V(), V(), V(), V(), V(), V())};
#undef V
    for (size_t i = 0; i < 16; i++) {
        CHECK(wasm_functype_params(t[i])->size == i / 4);
        CHECK(wasm_functype_results(t[i])->size == i % 4);
        wasm_functype_delete(t[i]);
    }
}

/* Constructors, copies and views of every type, and the vectors of each. */
static void check_types(void)
{
    /* Value types. */
    wasm_valtype_t *vt[6] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                             wasm_valtype_new_f32(), wasm_valtype_new_f64(),
                             wasm_valtype_new_anyref(), wasm_valtype_new_funcref()};
    for (int i = 0; i < 6; i++) {
        CHECK(wasm_valtype_is_num(vt[i]) == (i < 4));
        CHECK(wasm_valtype_is_ref(vt[i]) == (i >= 4));
        CHECK(wasm_valkind_is_num(wasm_valtype_kind(vt[i])) == (i < 4));
        CHECK(wasm_valkind_is_ref(wasm_valtype_kind(vt[i])) == (i >= 4));
    }
    CHECK(wasm_valtype_kind(vt[4]) == WASM_ANYREF && wasm_valtype_kind(vt[5]) == WASM_FUNCREF);
    wasm_valtype_t *ext = wasm_valtype_new_externref();
    CHECK(wasm_valtype_kind(ext) == WASM_EXTERNREF);
    wasm_valtype_delete(ext);
    CHECK(wasm_valtype_new(77) == NULL);   /* not a value kind */
    wasm_valtype_t *vcopy = wasm_valtype_copy(vt[2]);
    CHECK(vcopy != vt[2] && wasm_valtype_kind(vcopy) == WASM_F32);
    wasm_valtype_delete(vcopy);
    wasm_valtype_vec_t vv, vv2, vv3, vv4;
    wasm_valtype_vec_new(&vv, 6, vt);
    wasm_valtype_vec_copy(&vv2, &vv);
    CHECK(vv2.size == 6 && vv2.data[5] != vv.data[5] && wasm_valtype_kind(vv2.data[5]) == WASM_FUNCREF);
    wasm_valtype_vec_new_empty(&vv3);
    wasm_valtype_vec_new_uninitialized(&vv4, 3);
    CHECK(vv3.size == 0 && vv4.size == 3);
    vv4.data[0] = wasm_valtype_new_i64();   /* the others stay NULL */

    /* Function types: from vectors (taken over), copies, views. */
    wasm_functype_t *ft = wasm_functype_new(&vv3, &vv4);
    wasm_functype_t *ft2 = wasm_functype_copy(ft);
    CHECK(wasm_functype_results(ft2)->size == 3 && wasm_functype_params(ft2)->size == 0);
    wasm_externtype_t *fe = wasm_functype_as_externtype(ft2);
    CHECK(wasm_externtype_kind(fe) == WASM_EXTERN_FUNC && wasm_externtype_as_functype(fe) == ft2);
    CHECK(wasm_externtype_as_globaltype(fe) == NULL && wasm_externtype_as_tabletype(fe) == NULL &&
          wasm_externtype_as_memorytype(fe) == NULL);
    CHECK(wasm_functype_as_externtype_const(ft2) == fe);
    wasm_functype_t *fts[2] = {ft, ft2};
    wasm_functype_vec_t fv, fv2, fv3, fv4;
    wasm_functype_vec_new(&fv, 2, fts);
    wasm_functype_vec_copy(&fv2, &fv);
    wasm_functype_vec_new_empty(&fv3);
    wasm_functype_vec_new_uninitialized(&fv4, 2);
    CHECK(fv2.size == 2 && fv2.data[0] != ft && wasm_functype_results(fv2.data[1])->size == 3);
    CHECK(fv4.size == 2 && fv4.data[0] == NULL);

    /* Global types. */
    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_VAR);
    wasm_globaltype_t *gt2 = wasm_globaltype_copy(gt);
    CHECK(wasm_valtype_kind(wasm_globaltype_content(gt2)) == WASM_F64 &&
          wasm_globaltype_mutability(gt2) == WASM_VAR);
    wasm_externtype_t *ge = wasm_globaltype_as_externtype(gt2);
    CHECK(wasm_externtype_kind(ge) == WASM_EXTERN_GLOBAL && wasm_externtype_as_globaltype(ge) == gt2);
    CHECK(wasm_globaltype_as_externtype_const(gt2) == ge && wasm_externtype_as_functype(ge) == NULL);
    wasm_globaltype_t *gts[2] = {gt, gt2};
    wasm_globaltype_vec_t gv, gv2, gv3, gv4;
    wasm_globaltype_vec_new(&gv, 2, gts);
    wasm_globaltype_vec_copy(&gv2, &gv);
    wasm_globaltype_vec_new_empty(&gv3);
    wasm_globaltype_vec_new_uninitialized(&gv4, 1);
    CHECK(gv2.size == 2 && wasm_globaltype_mutability(gv2.data[0]) == WASM_VAR);

    /* Table types. */
    wasm_limits_t tl = {3, wasm_limits_max_default};
    wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
    CHECK(wasm_tabletype_new(wasm_valtype_new_i32(), &tl) == NULL);   /* not a reference */
    wasm_tabletype_t *tt2 = wasm_tabletype_copy(tt);
    CHECK(wasm_tabletype_limits(tt2)->min == 3 &&
          wasm_tabletype_limits(tt2)->max == wasm_limits_max_default);
    CHECK(wasm_valtype_kind(wasm_tabletype_element(tt2)) == WASM_FUNCREF);
    wasm_externtype_t *te = wasm_tabletype_as_externtype(tt2);
    CHECK(wasm_externtype_as_tabletype(te) == tt2 && wasm_tabletype_as_externtype_const(tt2) == te);
    CHECK(wasm_externtype_as_tabletype_const(te) == tt2);
    wasm_tabletype_t *tts[2] = {tt, tt2};
    wasm_tabletype_vec_t tv, tv2, tv3, tv4;
    wasm_tabletype_vec_new(&tv, 2, tts);
    wasm_tabletype_vec_copy(&tv2, &tv);
    wasm_tabletype_vec_new_empty(&tv3);
    wasm_tabletype_vec_new_uninitialized(&tv4, 1);
    CHECK(tv2.size == 2 && wasm_tabletype_limits(tv2.data[1])->min == 3);

    /* Memory types. */
    wasm_limits_t ml = {1, 2};
    wasm_memorytype_t *mt = wasm_memorytype_new(&ml);
    wasm_memorytype_t *mt2 = wasm_memorytype_copy(mt);
    CHECK(wasm_memorytype_limits(mt2)->min == 1 && wasm_memorytype_limits(mt2)->max == 2);
    wasm_externtype_t *me = wasm_memorytype_as_externtype(mt2);
    CHECK(wasm_externtype_as_memorytype(me) == mt2 && wasm_memorytype_as_externtype_const(mt2) == me);
    CHECK(wasm_externtype_as_memorytype_const(me) == mt2 && wasm_externtype_as_globaltype_const(me) == NULL);
    wasm_memorytype_t *mts[2] = {mt, mt2};
    wasm_memorytype_vec_t mv, mv2, mv3, mv4;
    wasm_memorytype_vec_new(&mv, 2, mts);
    wasm_memorytype_vec_copy(&mv2, &mv);
    wasm_memorytype_vec_new_empty(&mv3);
    wasm_memorytype_vec_new_uninitialized(&mv4, 1);
    CHECK(mv2.size == 2 && wasm_memorytype_limits(mv2.data[0])->max == 2);

    /* Extern types: copies of each kind through the generic copy. */
    wasm_externtype_t *ets[4] = {wasm_externtype_copy(fe), wasm_externtype_copy(ge),
                                 wasm_externtype_copy(te), wasm_externtype_copy(me)};
    for (int i = 0; i < 4; i++) CHECK(ets[i] && wasm_externtype_kind(ets[i]) == kinds[i]);
    wasm_externtype_vec_t ev, ev2, ev3, ev4;
    wasm_externtype_vec_new(&ev, 4, ets);
    wasm_externtype_vec_copy(&ev2, &ev);
    wasm_externtype_vec_new_empty(&ev3);
    wasm_externtype_vec_new_uninitialized(&ev4, 2);
    CHECK(ev2.size == 4 && wasm_externtype_kind(ev2.data[2]) == WASM_EXTERN_TABLE);

    /* Import and export types, made by hand. */
    wasm_name_t mod, name, ename;
    wasm_name_new_from_string(&mod, "m");
    wasm_name_new_from_string(&name, "n");
    wasm_name_new_from_string(&ename, "e");
    wasm_importtype_t *it = wasm_importtype_new(&mod, &name, wasm_externtype_copy(ge));
    wasm_exporttype_t *xt = wasm_exporttype_new(&ename, wasm_externtype_copy(me));
    wasm_importtype_t *it2 = wasm_importtype_copy(it);
    wasm_exporttype_t *xt2 = wasm_exporttype_copy(xt);
    CHECK(name_is(wasm_importtype_module(it2), "m") && name_is(wasm_importtype_name(it2), "n"));
    CHECK(wasm_externtype_kind(wasm_importtype_type(it2)) == WASM_EXTERN_GLOBAL);
    CHECK(name_is(wasm_exporttype_name(xt2), "e"));
    CHECK(wasm_externtype_kind(wasm_exporttype_type(xt2)) == WASM_EXTERN_MEMORY);
    wasm_importtype_t *its[2] = {it, it2};
    wasm_exporttype_t *xts[2] = {xt, xt2};
    wasm_importtype_vec_t iv, iv2, iv3, iv4;
    wasm_exporttype_vec_t xv, xv2, xv3, xv4;
    wasm_importtype_vec_new(&iv, 2, its);
    wasm_importtype_vec_copy(&iv2, &iv);
    wasm_importtype_vec_new_empty(&iv3);
    wasm_importtype_vec_new_uninitialized(&iv4, 1);
    wasm_exporttype_vec_new(&xv, 2, xts);
    wasm_exporttype_vec_copy(&xv2, &xv);
    wasm_exporttype_vec_new_empty(&xv3);
    wasm_exporttype_vec_new_uninitialized(&xv4, 1);
    CHECK(iv2.size == 2 && name_is(wasm_importtype_module(iv2.data[0]), "m"));
    CHECK(xv2.size == 2 && name_is(wasm_exporttype_name(xv2.data[1]), "e"));
    wasm_importtype_delete(wasm_importtype_copy(it));
    wasm_exporttype_delete(wasm_exporttype_copy(xt));

    /* Deleting a vector deletes its elements (ft, ft2, gt, ... belong to fv, gv, ...). */
    wasm_valtype_vec_delete(&vv);
    wasm_valtype_vec_delete(&vv2);
    wasm_valtype_vec_delete(&vv3);
    wasm_functype_vec_delete(&fv);
    wasm_functype_vec_delete(&fv2);
    wasm_functype_vec_delete(&fv3);
    wasm_functype_vec_delete(&fv4);
    wasm_globaltype_vec_delete(&gv);
    wasm_globaltype_vec_delete(&gv2);
    wasm_globaltype_vec_delete(&gv3);
    wasm_globaltype_vec_delete(&gv4);
    wasm_tabletype_vec_delete(&tv);
    wasm_tabletype_vec_delete(&tv2);
    wasm_tabletype_vec_delete(&tv3);
    wasm_tabletype_vec_delete(&tv4);
    wasm_memorytype_vec_delete(&mv);
    wasm_memorytype_vec_delete(&mv2);
    wasm_memorytype_vec_delete(&mv3);
    wasm_memorytype_vec_delete(&mv4);
    wasm_externtype_vec_delete(&ev);
    wasm_externtype_vec_delete(&ev2);
    wasm_externtype_vec_delete(&ev3);
    wasm_externtype_vec_delete(&ev4);
    wasm_importtype_vec_delete(&iv);
    wasm_importtype_vec_delete(&iv2);
    wasm_importtype_vec_delete(&iv3);
    wasm_importtype_vec_delete(&iv4);
    wasm_exporttype_vec_delete(&xv);
    wasm_exporttype_vec_delete(&xv2);
    wasm_exporttype_vec_delete(&xv3);
    wasm_exporttype_vec_delete(&xv4);
}

/* Names and byte vectors. */
static void check_names(void)
{
    wasm_name_t a, b, c, d, e, f;
    wasm_name_new_from_string(&a, "abc");
    wasm_name_new_from_string_nt(&b, "abc");
    CHECK(a.size == 3 && b.size == 4 && b.data[3] == '\0');
    wasm_name_copy(&c, &a);
    CHECK(c.size == 3 && c.data != a.data && memcmp(c.data, "abc", 3) == 0);
    wasm_name_new(&d, 2, "xy");
    wasm_name_new_empty(&e);
    CHECK(d.size == 2 && d.data[1] == 'y' && e.size == 0);
    wasm_name_new_uninitialized(&f, 5);
    CHECK(f.size == 5);
    wasm_name_delete(&f);
    wasm_name_new_new_uninitialized(&f, 6);   /* the historical spelling */
    CHECK(f.size == 6);
    wasm_byte_vec_t g, h, i;
    wasm_byte_vec_new(&g, 3, "\x01\x02\x03");
    wasm_byte_vec_copy(&h, &g);
    wasm_byte_vec_new_empty(&i);
    CHECK(h.size == 3 && h.data[2] == 3 && i.size == 0 && i.data == NULL);
    wasm_byte_vec_delete(&g);
    wasm_byte_vec_delete(&h);
    wasm_byte_vec_delete(&i);
    wasm_name_delete(&a);
    wasm_name_delete(&b);
    wasm_name_delete(&c);
    wasm_name_delete(&d);
    wasm_name_delete(&e);
    wasm_name_delete(&f);
}

int main(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    if (!load("reflect.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;

    printf("  imports:\n");
    wasm_importtype_vec_t imports;
    wasm_module_imports(module, &imports);
    CHECK(imports.size == 4);
    for (size_t i = 0; i < imports.size && i < 4; i++) {
        CHECK(name_is(wasm_importtype_module(imports.data[i]), "env"));
        CHECK(name_is(wasm_importtype_name(imports.data[i]), export_names[i]));
        check_type(wasm_importtype_type(imports.data[i]), import_types[i]);
    }
    wasm_importtype_vec_delete(&imports);

    printf("  exports:\n");
    wasm_exporttype_vec_t exports;
    wasm_module_exports(module, &exports);
    CHECK(exports.size == 4);
    for (size_t i = 0; i < exports.size && i < 4; i++) {
        CHECK(name_is(wasm_exporttype_name(exports.data[i]), export_names[i]));
        check_type(wasm_exporttype_type(exports.data[i]), export_types[i]);
    }
    wasm_exporttype_vec_delete(&exports);

    /* Instantiate with host objects of the import types; reflect on the instance. */
    wasm_functype_t *ft = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f64(),
                                                wasm_valtype_new_i64());
    wasm_func_t *func = wasm_func_new(store, ft, dummy);
    wasm_functype_delete(ft);
    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
    wasm_val_t zero = WASM_F32_VAL(0);
    wasm_global_t *global = wasm_global_new(store, gt, &zero);
    wasm_globaltype_delete(gt);
    wasm_limits_t tl = {1, 5}, ml = {1, wasm_limits_max_default};
    wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
    wasm_table_t *table = wasm_table_new(store, tt, NULL);
    wasm_tabletype_delete(tt);
    wasm_memorytype_t *mt = wasm_memorytype_new(&ml);
    wasm_memory_t *memory = wasm_memory_new(store, mt);
    wasm_memorytype_delete(mt);
    wasm_extern_t *ext[] = {wasm_func_as_extern(func), wasm_global_as_extern(global),
                            wasm_table_as_extern(table), wasm_memory_as_extern(memory)};
    printf("  host objects:\n");
    for (int i = 0; i < 4; i++) {
        CHECK(wasm_extern_kind(ext[i]) == kinds[i]);
        wasm_externtype_t *t = wasm_extern_type(ext[i]);
        check_type(t, import_types[i]);
        wasm_externtype_delete(t);
    }
    wasm_extern_vec_t import_vec;
    wasm_extern_vec_new(&import_vec, 4, ext);   /* the vector owns them now */
    wasm_instance_t *instance = wasm_instance_new(store, module, &import_vec, NULL);
    CHECK(instance != NULL);
    wasm_extern_vec_delete(&import_vec);
    if (!instance) return 1;

    printf("  instance exports:\n");
    wasm_extern_vec_t ex, ex2;
    wasm_instance_exports(instance, &ex);
    wasm_extern_vec_copy(&ex2, &ex);
    CHECK(ex.size == 4 && ex2.size == 4);
    for (size_t i = 0; i < ex.size && i < 4; i++) {
        CHECK(wasm_extern_kind(ex.data[i]) == kinds[i]);
        CHECK(wasm_extern_same(ex.data[i], ex2.data[i]));
        wasm_externtype_t *t = wasm_extern_type(ex.data[i]);
        check_type(t, export_types[i]);
        wasm_externtype_delete(t);
    }
    wasm_extern_vec_delete(&ex2);
    wasm_extern_vec_t none, some;
    wasm_extern_vec_new_empty(&none);
    wasm_extern_vec_new_uninitialized(&some, 2);
    CHECK(none.size == 0 && some.size == 2 && some.data[0] == NULL);
    wasm_extern_vec_delete(&none);
    wasm_extern_vec_delete(&some);

    check_shorthands();
    check_types();
    check_names();

    wasm_extern_vec_delete(&ex);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("reflect: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
