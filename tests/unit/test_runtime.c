/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_runtime.c — unit tests of store.c, instance.c, instantiate.c, marshal.c and
 * linker.c that need no
 * interpreter: runtime objects, growth and store limits, value conversion, import
 * matching, segment initialisation, exports, the linker, host calls, and allocation
 * failure at every allocation point (with leak and size accounting).
 *
 * Modules are built by hand as mw_module structs, so no decoder is needed. The only
 * functions ever called are host functions, so the real interpreter and the stubs below
 * behave the same. The stubs are weak: linking the real decode.c / module.c / call.c
 * replaces them.
 *
 * Build (from the repo root):
 *   cc -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined -Iinclude -Isrc \
 *      tests/unit/test_runtime.c src/store.c src/instance.c src/instantiate.c \
 *      src/marshal.c src/linker.c src/mem.c src/err.c -o /tmp/test_runtime && /tmp/test_runtime
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw_internal.h"
#include "opcodes.h"

static int failures, checks;
#define CHECK(c) do { checks++; if (!(c)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)
#define CHECK_MSG(err, s) do { checks++; if (!strstr((err).msg, (s))) { failures++; \
    fprintf(stderr, "%s:%d: message \"%s\" lacks \"%s\"\n", __FILE__, __LINE__, \
            (err).msg, (s)); } } while (0)

/* ------------------------------------------------------------------ stubs */

#define WEAK __attribute__((weak))

WEAK bool mwD_functype_eq(const mw_functype *a, const mw_functype *b)
{
    if (a->nparams != b->nparams || a->nresults != b->nresults)
        return false;
    for (uint32_t i = 0; i < a->nparams; i++)
        if (a->params[i] != b->params[i])
            return false;
    for (uint32_t i = 0; i < a->nresults; i++)
        if (a->results[i] != b->results[i])
            return false;
    return true;
}

/* Test modules are not heap objects: the test holds one reference forever. */
WEAK void mw_module_delete(mw_module *m)
{
    if (m && m->refcount)
        m->refcount--;
}

/* Host functions only, with the documented contract. */
WEAK mw_trap_code mwA_call(mw_store *s, mw_func *f, mw_slot *args)
{
    if (!f->host)
        return MW_TRAP_UNREACHABLE;
    const mw_functype *t = f->type;
    mw_val a[16], r[16];
    if (t->nparams > 16 || t->nresults > 16)
        return MW_TRAP_STACK_EXHAUSTED;
    for (uint32_t i = 0; i < t->nparams; i++)
        a[i] = mwW_slot_to_val(args[i], t->params[i]);
    for (uint32_t i = 0; i < t->nresults; i++)
        r[i] = mwW_slot_to_val(0, t->results[i]);
    mw_caller c = { s, NULL };
    s->trap = MW_TRAP_NONE;
    s->trap_msg[0] = '\0';
    mw_result rr = f->host(&c, f->env, a, t->nparams, r, t->nresults);
    if (rr != MW_OK)
        return s->trap == MW_TRAP_EXIT ? MW_TRAP_EXIT : MW_TRAP_HOST;
    for (uint32_t i = 0; i < t->nresults; i++)
        args[i] = mwW_val_to_slot(&r[i]);
    return MW_TRAP_NONE;
}

/* ------------------------------------------------------------------ allocator */

/* Each block carries its size so frees and resizes can be checked against osize.
 * fail_at > 0 makes the fail_at-th allocation or growth return NULL. */
typedef struct tracker {
    long live_blocks;
    long long live_bytes;
    long count;          /* allocations + resizes seen */
    long fail_at;
    int bad_sizes;
} tracker;

#define HDR 16

static void *talloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    tracker *t = ud;
    if (nsize == 0) {
        if (ptr) {
            char *b = (char *)ptr - HDR;
            size_t sz;
            memcpy(&sz, b, sizeof sz);
            if (sz != osize)
                t->bad_sizes++;
            t->live_blocks--;
            t->live_bytes -= (long long)sz;
            free(b);
        }
        return NULL;
    }
    t->count++;
    if (t->fail_at && t->count == t->fail_at)
        return NULL;
    char *nb = malloc(nsize + HDR);
    if (!nb)
        return NULL;
    memcpy(nb, &nsize, sizeof nsize);
    if (ptr) {
        char *b = (char *)ptr - HDR;
        size_t sz;
        memcpy(&sz, b, sizeof sz);
        if (sz != osize)
            t->bad_sizes++;
        memcpy(nb + HDR, ptr, sz < nsize ? sz : nsize);
        /* Poison what the caller must initialise itself. */
        if (nsize > sz)
            memset(nb + HDR + sz, 0xA5, nsize - sz);
        free(b);
        t->live_bytes -= (long long)sz;
        t->live_blocks--;
    } else {
        memset(nb + HDR, 0xA5, nsize);
    }
    t->live_blocks++;
    t->live_bytes += (long long)nsize;
    return nb + HDR;
}

static mw_engine *new_engine(tracker *t, uint32_t slots)
{
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = talloc;
    cfg.alloc_ud = t;
    cfg.value_stack_slots = slots;
    cfg.max_call_depth = 64;
    mw_engine *e = NULL;
    mw_error err;
    if (mw_engine_new(&cfg, &e, &err) != MW_OK)
        return NULL;
    return e;
}

/* ------------------------------------------------------------------ hand-made modules */

static const mw_valtype vt_i32[] = { MW_I32 };

static mwi_constexpr cx(uint16_t op, mw_slot v) { mwi_constexpr c = { op, v, 0 }; return c; }

static mwi_import imp(const char *mod, const char *name, mw_extern_kind k, uint32_t idx)
{
    mwi_import i;
    i.module = mod; i.module_len = (uint32_t)strlen(mod);
    i.name = name; i.name_len = (uint32_t)strlen(name);
    i.kind = k; i.index = idx;
    return i;
}

static mwi_export exp_(const char *name, mw_extern_kind k, uint32_t idx)
{
    mwi_export x;
    x.name = name; x.name_len = (uint32_t)strlen(name); x.kind = k; x.index = idx;
    return x;
}

/*
 * Module A:
 *   types  t0 [] -> [], t1 [i32] -> [i32]
 *   import "env"."start" func t0 (func 0), "env"."tab" table funcref {4},
 *          "env"."mem" memory {1}, "env"."g" global const i32 (global 0)
 *   funcs  1: t1, 2: t0 (defined)
 *   table 1: externref {2, max 10}
 *   global 1: mut i32 = global.get 0; global 2: const funcref = ref.func 2
 *   elem 0: active table 0 at global.get 0: [ref.func 1, ref.func 2]
 *   elem 1: passive [ref.null]; elem 2: declarative [ref.func 2]
 *   data 0: active at 8 "hello"; data 1: passive "xy"
 *   start: func 0
 */
typedef struct modA {
    mw_module m;
    mw_functype types[2];
    mwi_func funcs[3];
    mwi_table tables[2];
    mwi_memory mems[1];
    mwi_global globals[3];
    mwi_import imports[4];
    mwi_export exports[6];
    mwi_elem elems[3];
    mwi_constexpr items0[2], items1[1], items2[1];
    mwi_data datas[2];
} modA;

static void init_modA(modA *a, mw_engine *e)
{
    memset(a, 0, sizeof *a);
    mw_module *m = &a->m;
    m->engine = e;
    m->refcount = 1;
    a->types[0].nparams = 0; a->types[0].nresults = 0;
    a->types[1].nparams = 1; a->types[1].params = vt_i32;
    a->types[1].nresults = 1; a->types[1].results = vt_i32;
    m->types = a->types; m->ntypes = 2;
    a->funcs[0].type = 0; a->funcs[1].type = 1; a->funcs[2].type = 0;
    m->funcs = a->funcs; m->nfuncs = 3; m->nfunc_imports = 1;
    a->tables[0].elem = MW_FUNCREF; a->tables[0].lim.min = 4;
    a->tables[1].elem = MW_EXTERNREF; a->tables[1].lim.min = 2;
    a->tables[1].lim.has_max = true; a->tables[1].lim.max = 10;
    m->tables = a->tables; m->ntables = 2; m->ntable_imports = 1;
    a->mems[0].lim.min = 1;
    m->mems = a->mems; m->nmems = 1; m->nmem_imports = 1;
    a->globals[0].type = MW_I32;
    a->globals[1].type = MW_I32; a->globals[1].mut = true; a->globals[1].init = cx(OP_GLOBAL_GET, 0);
    a->globals[2].type = MW_FUNCREF; a->globals[2].init = cx(OP_REF_FUNC, 2);
    m->globals = a->globals; m->nglobals = 3; m->nglobal_imports = 1;
    a->imports[0] = imp("env", "start", MW_EXTERN_FUNC, 0);
    a->imports[1] = imp("env", "tab", MW_EXTERN_TABLE, 0);
    a->imports[2] = imp("env", "mem", MW_EXTERN_MEMORY, 0);
    a->imports[3] = imp("env", "g", MW_EXTERN_GLOBAL, 0);
    m->imports = a->imports; m->nimports = 4;
    a->exports[0] = exp_("f1", MW_EXTERN_FUNC, 1);
    a->exports[1] = exp_("tab2", MW_EXTERN_TABLE, 1);
    a->exports[2] = exp_("mem", MW_EXTERN_MEMORY, 0);
    a->exports[3] = exp_("g1", MW_EXTERN_GLOBAL, 1);
    a->exports[4] = exp_("gref", MW_EXTERN_GLOBAL, 2);
    a->exports[5] = exp_("start", MW_EXTERN_FUNC, 0);
    m->exports = a->exports; m->nexports = 6;
    a->items0[0] = cx(OP_REF_FUNC, 1); a->items0[1] = cx(OP_REF_FUNC, 2);
    a->items1[0] = cx(OP_REF_NULL, MW_FUNCREF);
    a->items2[0] = cx(OP_REF_FUNC, 2);
    a->elems[0].mode = MWI_SEG_ACTIVE; a->elems[0].type = MW_FUNCREF; a->elems[0].table = 0;
    a->elems[0].offset = cx(OP_GLOBAL_GET, 0); a->elems[0].n = 2; a->elems[0].items = a->items0;
    a->elems[1].mode = MWI_SEG_PASSIVE; a->elems[1].type = MW_FUNCREF;
    a->elems[1].n = 1; a->elems[1].items = a->items1;
    a->elems[2].mode = MWI_SEG_DECLARATIVE; a->elems[2].type = MW_FUNCREF;
    a->elems[2].n = 1; a->elems[2].items = a->items2;
    m->elems = a->elems; m->nelems = 3;
    a->datas[0].mode = MWI_SEG_ACTIVE; a->datas[0].offset = cx(OP_I32_CONST, 8);
    a->datas[0].bytes = (const uint8_t *)"hello"; a->datas[0].len = 5;
    a->datas[1].mode = MWI_SEG_PASSIVE;
    a->datas[1].bytes = (const uint8_t *)"xy"; a->datas[1].len = 2;
    m->datas = a->datas; m->ndatas = 2;
    m->has_start = true; m->start = 0;
}

/* ------------------------------------------------------------------ host functions */

typedef struct host_env {
    int calls;
    int finalized;
    mw_memory *mem;      /* to observe data segments from the start function */
    char seen[8];
    const char *trap_msg;
    int exit_code;
    bool do_exit;
} host_env;

static mw_result host_start(mw_caller *c, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)args; (void)results;
    host_env *h = env;
    h->calls++;
    if (h->mem && mw_memory_size(h->mem) >= 16)
        memcpy(h->seen, mw_memory_data(h->mem) + 8, 5);
    if (h->do_exit)
        return mw_caller_exit(c, h->exit_code);
    if (h->trap_msg)
        return mw_caller_trap(c, h->trap_msg);
    return MW_OK;
}

/* (i32, i64) -> (i64, i32): swaps and adds one. */
static mw_result host_swap(mw_caller *c, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)env;
    CHECK(mw_caller_store(c) != NULL);
    CHECK(mw_caller_memory(c) == NULL);
    CHECK(results[0].type == MW_I64 && results[1].type == MW_I32);
    results[0] = mw_val_i64(args[1].of.i64 + 1);
    results[1] = mw_val_i32(args[0].of.i32 + 1);
    return MW_OK;
}

static void host_fin(void *env) { ((host_env *)env)->finalized++; }

/* ------------------------------------------------------------------ tests */

static void test_values(void)
{
    mw_val v = mw_val_f32(1.5f);
    CHECK(v.type == MW_F32 && v.of.f32_bits == 0x3FC00000u && mw_val_as_f32(&v) == 1.5f);
    v = mw_val_f64(-2.25);
    CHECK(v.type == MW_F64 && v.of.f64_bits == 0xC002000000000000ull && mw_val_as_f64(&v) == -2.25);
    v = mw_val_f32_bits(0x7FA00001u);   /* signalling NaN payload survives */
    CHECK(mwW_val_to_slot(&v) == 0x7FA00001u);
    CHECK(mwW_slot_to_val(0x7FA00001u, MW_F32).of.f32_bits == 0x7FA00001u);
    v = mw_val_i32(-1);
    CHECK(mwW_val_to_slot(&v) == 0xFFFFFFFFu);          /* zero-extended */
    CHECK(mwW_slot_to_val(0xFFFFFFFFu, MW_I32).of.i32 == -1);
    v = mw_val_i64(-5);
    CHECK(mwW_slot_to_val(mwW_val_to_slot(&v), MW_I64).of.i64 == -5);
    int x;
    v.type = MW_EXTERNREF; v.of.externref = &x;
    CHECK(mwW_slot_to_val(mwW_val_to_slot(&v), MW_EXTERNREF).of.externref == &x);
    v.type = MW_FUNCREF; v.of.funcref = NULL;
    CHECK(mwW_val_to_slot(&v) == 0);
    CHECK(mwW_slot_to_val(0, MW_FUNCREF).of.funcref == NULL);
}

static void test_engine_store(void)
{
    tracker t = {0};
    mw_error err;
    mw_engine *e = NULL;
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    CHECK(mw_engine_new(&cfg, &e, &err) == MW_ERR_ARG && e == NULL && err.code == MW_ERR_ARG);
    CHECK(mw_engine_new(NULL, &e, &err) == MW_ERR_ARG);
    cfg.alloc = talloc; cfg.alloc_ud = &t;
    CHECK(mw_engine_new(&cfg, &e, &err) == MW_OK);
    CHECK(e->max_call_depth == MW_DEFAULT_CALL_DEPTH);
    CHECK(e->value_stack_slots == MW_DEFAULT_STACK_SLOTS);
    CHECK(e->max_host_reentry == MW_DEFAULT_HOST_REENTRY);
    mw_engine_delete(e);

    cfg.max_call_depth = 7; cfg.value_stack_slots = 2000; cfg.max_host_reentry = 3;
    CHECK(mw_engine_new(&cfg, &e, &err) == MW_OK);
    CHECK(e->max_call_depth == 7 && e->value_stack_slots == 2000 && e->max_host_reentry == 3);
    mw_store *s = NULL;
    CHECK(mw_store_new(e, NULL, &s, &err) == MW_OK);
    CHECK(mw_store_engine(s) == e);
    CHECK(s->stack_end - s->stack == 2000 && s->stack_top == s->stack);
    CHECK(s->max_frames == 7 && s->max_reentry == 3 && s->objects == NULL);
    CHECK(!(s->sh.poll & MWI_POLL_FUEL));
    mw_store_set_fuel(s, 100);
    CHECK((s->sh.poll & MWI_POLL_FUEL) && mw_store_get_fuel(s) == 100);
    mw_store_disable_fuel(s);
    CHECK(!(s->sh.poll & MWI_POLL_FUEL));
    mw_store_delete(s);
    mw_engine_delete(e);
    CHECK(t.live_blocks == 0 && t.bad_sizes == 0);
}

static void test_memory(void)
{
    tracker t = {0};
    mw_engine *e = new_engine(&t, 4096);
    mw_store *s;
    mw_error err;
    CHECK(mw_store_new(e, NULL, &s, &err) == MW_OK);

    mw_memory *m = NULL;
    mw_limits lim = { 1, 3, true };
    CHECK(mw_memory_new(s, lim, &m, &err) == MW_OK);
    CHECK(mw_memory_pages(m) == 1 && mw_memory_size(m) == 65536);
    CHECK(mw_memory_data(m)[0] == 0 && mw_memory_data(m)[65535] == 0);
    mw_memory_data(m)[100] = 42;
    uint32_t old = 99;
    CHECK(mw_memory_grow(m, 2, &old, &err) == MW_OK && old == 1);
    CHECK(mw_memory_pages(m) == 3 && mw_memory_size(m) == 3 * 65536);
    CHECK(mw_memory_data(m)[100] == 42 && mw_memory_data(m)[3 * 65536 - 1] == 0);
    CHECK(mw_memory_grow(m, 1, &old, &err) == MW_ERR_LIMIT && err.code == MW_ERR_LIMIT);
    CHECK(mw_memory_pages(m) == 3);
    CHECK(mw_memory_grow(m, 0, &old, &err) == MW_OK && old == 3);
    CHECK(mw_memory_grow(m, UINT32_MAX, &old, &err) == MW_ERR_LIMIT);
    mw_limits got;
    mw_memory_limits(m, &got);
    CHECK(got.min == 3 && got.has_max && got.max == 3);

    /* Zero pages: no data block, size 0, can grow. */
    mw_limits z = { 0, 0, false };
    CHECK(mw_memory_new(s, z, &m, &err) == MW_OK);
    CHECK(mw_memory_size(m) == 0 && mw_memory_pages(m) == 0);
    CHECK(mw_memory_grow(m, 1, &old, &err) == MW_OK && old == 0 && mw_memory_data(m)[65535] == 0);
    CHECK(m->max_pages == 65536);

    mw_limits bad = { 2, 1, true };
    CHECK(mw_memory_new(s, bad, &m, &err) == MW_ERR_ARG && m == NULL);
    bad.min = 65537; bad.has_max = false;
    CHECK(mw_memory_new(s, bad, &m, &err) == MW_ERR_ARG);
    bad.min = 0; bad.max = 65537; bad.has_max = true;
    CHECK(mw_memory_new(s, bad, &m, &err) == MW_ERR_ARG);
    mw_store_delete(s);

    /* Store limit of two and a half pages: effective maximum 2 pages. */
    mw_store_limits sl = { 2 * 65536 + 100, 0, 0 };
    CHECK(mw_store_new(e, &sl, &s, &err) == MW_OK);
    mw_limits three = { 3, 0, false };
    CHECK(mw_memory_new(s, three, &m, &err) == MW_ERR_LIMIT && m == NULL && s->objects == NULL);
    mw_limits one = { 1, 0, false };
    CHECK(mw_memory_new(s, one, &m, &err) == MW_OK && m->max_pages == 2);
    CHECK(mw_memory_grow(m, 1, &old, &err) == MW_OK);
    CHECK(mw_memory_grow(m, 1, &old, &err) == MW_ERR_LIMIT && mw_memory_pages(m) == 2);
    mw_store_delete(s);
    mw_engine_delete(e);
    CHECK(t.live_blocks == 0 && t.bad_sizes == 0);
}

static void test_table(void)
{
    tracker t = {0};
    mw_engine *e = new_engine(&t, 4096);
    mw_store *s;
    mw_error err;
    CHECK(mw_store_new(e, NULL, &s, &err) == MW_OK);

    mw_val nullf = mwW_slot_to_val(0, MW_FUNCREF);
    mw_table *tab = NULL;
    mw_limits lim = { 2, 40, true };
    CHECK(mw_table_new(s, MW_FUNCREF, lim, nullf, &tab, &err) == MW_OK);
    CHECK(mw_table_size(tab) == 2 && mw_table_elem_type(tab) == MW_FUNCREF);
    mw_val v;
    CHECK(mw_table_get(tab, 1, &v) == MW_OK && v.type == MW_FUNCREF && v.of.funcref == NULL);
    CHECK(mw_table_get(tab, 2, &v) == MW_ERR_ARG);

    mw_functype ft = { 0, 0, NULL, NULL };
    host_env h = {0};
    mw_func *f;
    CHECK(mw_func_new_host(s, &ft, host_start, &h, NULL, &f, &err) == MW_OK);
    mw_val fv = mwW_slot_to_val((mw_slot)(uintptr_t)f, MW_FUNCREF);
    CHECK(mw_table_set(tab, 1, fv) == MW_OK);
    CHECK(mw_table_get(tab, 1, &v) == MW_OK && v.of.funcref == f);
    CHECK(mw_table_set(tab, 2, fv) == MW_ERR_ARG);
    CHECK(mw_table_set(tab, 0, mw_val_i32(1)) == MW_ERR_ARG);

    /* Grow one at a time past several capacity doublings; new slots get init. */
    uint32_t old;
    for (uint32_t i = 0; i < 38; i++)
        CHECK(mw_table_grow(tab, 1, fv, &old, &err) == MW_OK && old == 2 + i);
    CHECK(mw_table_size(tab) == 40);
    CHECK(mw_table_get(tab, 39, &v) == MW_OK && v.of.funcref == f);
    CHECK(mw_table_get(tab, 0, &v) == MW_OK && v.of.funcref == NULL);
    CHECK(mw_table_grow(tab, 1, fv, &old, &err) == MW_ERR_LIMIT && mw_table_size(tab) == 40);
    CHECK(mw_table_grow(tab, 0, fv, &old, &err) == MW_OK && old == 40);
    CHECK(mw_table_grow(tab, 1, mw_val_i32(0), &old, &err) == MW_ERR_ARG);
    mw_limits got;
    mw_table_limits(tab, &got);
    CHECK(got.min == 40 && got.has_max && got.max == 40);

    /* externref, no max: bounded by MW_MAX_TABLE_ELEMS */
    int obj;
    mw_val ev; ev.type = MW_EXTERNREF; ev.of.externref = &obj;
    mw_limits nomax = { 0, 0, false };
    CHECK(mw_table_new(s, MW_EXTERNREF, nomax, ev, &tab, &err) == MW_OK);
    CHECK(tab->max_size == MW_MAX_TABLE_ELEMS && tab->size == 0);
    CHECK(mw_table_grow(tab, 3, ev, &old, &err) == MW_OK && old == 0);
    CHECK(mw_table_get(tab, 2, &v) == MW_OK && v.of.externref == &obj);
    CHECK(mw_table_grow(tab, UINT32_MAX, ev, &old, &err) == MW_ERR_LIMIT);

    CHECK(mw_table_new(s, MW_I32, nomax, mw_val_i32(0), &tab, &err) == MW_ERR_ARG);
    CHECK(mw_table_new(s, MW_FUNCREF, nomax, ev, &tab, &err) == MW_ERR_ARG);
    mw_limits bad = { 5, 4, true };
    CHECK(mw_table_new(s, MW_FUNCREF, bad, nullf, &tab, &err) == MW_ERR_ARG);
    bad.min = (uint64_t)UINT32_MAX + 1; bad.has_max = false;
    CHECK(mw_table_new(s, MW_FUNCREF, bad, nullf, &tab, &err) == MW_ERR_ARG);
    bad.min = MW_MAX_TABLE_ELEMS + 1ull;
    CHECK(mw_table_new(s, MW_FUNCREF, bad, nullf, &tab, &err) == MW_ERR_LIMIT);
    mw_store_delete(s);
    CHECK(h.finalized == 0);

    mw_store_limits sl = { 0, 5, 0 };
    CHECK(mw_store_new(e, &sl, &s, &err) == MW_OK);
    mw_limits six = { 6, 0, false };
    CHECK(mw_table_new(s, MW_FUNCREF, six, nullf, &tab, &err) == MW_ERR_LIMIT && s->objects == NULL);
    mw_limits four = { 4, 100, true };
    CHECK(mw_table_new(s, MW_FUNCREF, four, nullf, &tab, &err) == MW_OK && tab->max_size == 5);
    CHECK(mw_table_grow(tab, 2, nullf, &old, &err) == MW_ERR_LIMIT);
    CHECK(mw_table_grow(tab, 1, nullf, &old, &err) == MW_OK);
    mw_store_delete(s);
    mw_engine_delete(e);
    CHECK(t.live_blocks == 0 && t.bad_sizes == 0);
}

static void test_global(void)
{
    tracker t = {0};
    mw_engine *e = new_engine(&t, 4096);
    mw_store *s;
    mw_error err;
    CHECK(mw_store_new(e, NULL, &s, &err) == MW_OK);
    mw_global *g = NULL;
    CHECK(mw_global_new(s, MW_I64, true, mw_val_i64(-7), &g, &err) == MW_OK);
    CHECK(mw_global_get(g).type == MW_I64 && mw_global_get(g).of.i64 == -7);
    CHECK(mw_global_set(g, mw_val_i64(9)) == MW_OK && mw_global_get(g).of.i64 == 9);
    CHECK(mw_global_set(g, mw_val_i32(9)) == MW_ERR_ARG);
    bool mut = false;
    CHECK(mw_global_type(g, &mut) == MW_I64 && mut);
    CHECK(mw_global_new(s, MW_F32, false, mw_val_f32(2.0f), &g, &err) == MW_OK);
    CHECK(mw_global_set(g, mw_val_f32(1.0f)) == MW_ERR_ARG);
    CHECK(mw_global_type(g, &mut) == MW_F32 && !mut);
    CHECK(mw_val_as_f32(&(mw_val){ .type = MW_F32, .of.f32_bits = mw_global_get(g).of.f32_bits }) == 2.0f);
    CHECK(mw_global_new(s, MW_I32, false, mw_val_i64(0), &g, &err) == MW_ERR_ARG && g == NULL);
    CHECK(mw_global_new(s, MW_V128, false, mw_val_i64(0), &g, &err) == MW_ERR_ARG);
    mw_store_delete(s);
    mw_engine_delete(e);
    CHECK(t.live_blocks == 0 && t.bad_sizes == 0);
}

static void test_host_call(void)
{
    tracker t = {0};
    mw_engine *e = new_engine(&t, 4096);
    mw_store *s;
    mw_error err;
    CHECK(mw_store_new(e, NULL, &s, &err) == MW_OK);

    static const mw_valtype p[] = { MW_I32, MW_I64 }, r[] = { MW_I64, MW_I32 };
    mw_functype ft = { 2, 2, p, r };
    host_env h = {0};
    mw_func *f;
    CHECK(mw_func_new_host(s, &ft, host_swap, &h, host_fin, &f, &err) == MW_OK);
    mw_functype got;
    mw_func_type(f, &got);
    CHECK(got.nparams == 2 && got.nresults == 2 && got.params != p && got.params[1] == MW_I64 &&
          got.results[0] == MW_I64);

    mw_val args[2] = { mw_val_i32(-2), mw_val_i64(41) }, res[3];
    CHECK(mw_func_call(s, f, args, 2, res, 2, &err) == MW_OK && err.code == MW_OK);
    CHECK(res[0].type == MW_I64 && res[0].of.i64 == 42 && res[1].type == MW_I32 && res[1].of.i32 == -1);
    CHECK(s->stack_top == s->stack && s->reentry == 0);
    CHECK(mw_func_call(s, f, args, 1, res, 2, &err) == MW_ERR_ARG);
    CHECK_MSG(err, "expected 2 arguments, got 1");
    CHECK(mw_func_call(s, f, args, 2, res, 1, &err) == MW_ERR_ARG);
    CHECK(mw_func_call(s, f, args, 2, res, 3, &err) == MW_OK);
    args[1] = mw_val_i32(0);
    CHECK(mw_func_call(s, f, args, 2, res, 2, &err) == MW_ERR_ARG);
    CHECK_MSG(err, "argument 1: expected i64, got i32");

    /* Host trap: the host's message; exit: code and exit status. */
    mw_functype t0 = { 0, 0, NULL, NULL };
    host_env h2 = {0};
    h2.trap_msg = "the host says no";
    mw_func *g;
    CHECK(mw_func_new_host(s, &t0, host_start, &h2, host_fin, &g, &err) == MW_OK);
    CHECK(mw_func_call(s, g, NULL, 0, NULL, 0, &err) == MW_ERR_TRAP);
    CHECK(err.code == MW_ERR_TRAP && err.trap == MW_TRAP_HOST);
    CHECK_MSG(err, "the host says no");
    h2.do_exit = true; h2.exit_code = 3;
    CHECK(mw_func_call(s, g, NULL, 0, NULL, 0, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_EXIT && err.exit_code == 3);
    CHECK(h2.calls == 2);

    /* Stack space for arguments and results. (Re-entry is bounded by mwA_call.) */
    s->stack_top = s->stack_end - 1;
    args[1] = mw_val_i64(0);
    CHECK(mw_func_call(s, f, args, 2, res, 2, &err) == MW_ERR_TRAP &&
          err.trap == MW_TRAP_STACK_EXHAUSTED);
    CHECK_MSG(err, "call stack exhausted");
    s->stack_top = s->stack;

    CHECK(mw_func_new_host(s, &ft, NULL, NULL, NULL, &g, &err) == MW_ERR_ARG && g == NULL);
    static const mw_valtype nonsense[] = { (mw_valtype)0x7A };
    mw_functype bad = { 1, 0, nonsense, NULL };
    CHECK(mw_func_new_host(s, &bad, host_swap, NULL, NULL, &g, &err) == MW_ERR_ARG);

    mw_store_delete(s);
    CHECK(h.finalized == 1 && h2.finalized == 1);
    mw_engine_delete(e);
    CHECK(t.live_blocks == 0 && t.bad_sizes == 0);
}

/* Imports for module A created in s. */
typedef struct envA {
    host_env h;
    mw_func *start;
    mw_table *tab;
    mw_memory *mem;
    mw_global *g;
    mw_extern ext[4];
} envA;

static mw_result make_envA(envA *x, mw_store *s, mw_error *err)
{
    mw_functype t0 = { 0, 0, NULL, NULL };
    mw_limits tl = { 4, 0, false }, ml = { 1, 0, false };
    mw_result r;
    if ((r = mw_func_new_host(s, &t0, host_start, &x->h, NULL, &x->start, err)) != MW_OK ||
        (r = mw_table_new(s, MW_FUNCREF, tl, mwW_slot_to_val(0, MW_FUNCREF), &x->tab, err)) != MW_OK ||
        (r = mw_memory_new(s, ml, &x->mem, err)) != MW_OK ||
        (r = mw_global_new(s, MW_I32, false, mw_val_i32(1), &x->g, err)) != MW_OK)
        return r;
    x->h.mem = x->mem;
    x->ext[0].kind = MW_EXTERN_FUNC; x->ext[0].of.func = x->start;
    x->ext[1].kind = MW_EXTERN_TABLE; x->ext[1].of.table = x->tab;
    x->ext[2].kind = MW_EXTERN_MEMORY; x->ext[2].of.memory = x->mem;
    x->ext[3].kind = MW_EXTERN_GLOBAL; x->ext[3].of.global = x->g;
    return MW_OK;
}

static void test_instance(void)
{
    tracker t = {0};
    mw_engine *e = new_engine(&t, 4096);
    mw_store *s;
    mw_error err;
    CHECK(mw_store_new(e, NULL, &s, &err) == MW_OK);
    modA a;
    init_modA(&a, e);
    envA x;
    memset(&x, 0, sizeof x);
    CHECK(make_envA(&x, s, &err) == MW_OK);

    mw_instance *inst = NULL;
    CHECK(mw_instance_new(s, &a.m, x.ext, 3, &inst, &err) == MW_ERR_LINK && inst == NULL);
    CHECK_MSG(err, "expected 4 imports, got 3");

    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst, &err) == MW_OK && inst != NULL);
    CHECK(a.m.refcount == 2 && mw_instance_module(inst) == &a.m);
    CHECK(x.h.calls == 1 && memcmp(x.h.seen, "hello", 5) == 0);   /* data before start */
    CHECK(memcmp(mw_memory_data(x.mem) + 8, "hello", 5) == 0);
    CHECK(x.tab->elems[0] == 0 && x.tab->elems[3] == 0);
    CHECK(x.tab->elems[1] == (mw_slot)(uintptr_t)inst->funcs[1]);
    CHECK(x.tab->elems[2] == (mw_slot)(uintptr_t)inst->funcs[2]);
    CHECK(inst->funcs[0] == x.start && inst->funcs[1]->inst == inst &&
          inst->funcs[1]->code == &a.funcs[1].code && inst->funcs[2]->fidx == 2 &&
          inst->funcs[1]->type == &a.types[1]);
    CHECK(inst->elem_dropped[0] == 1 && inst->elem_dropped[1] == 0 && inst->elem_dropped[2] == 1);
    CHECK(inst->data_dropped[0] == 1 && inst->data_dropped[1] == 0);

    mw_extern ex;
    CHECK(mw_instance_export(inst, "g1", 2, &ex) && ex.kind == MW_EXTERN_GLOBAL);
    CHECK(mw_global_get(ex.of.global).of.i32 == 1);
    CHECK(mw_global_set(ex.of.global, mw_val_i32(5)) == MW_OK);
    CHECK(mw_instance_export(inst, "gref", 4, &ex) &&
          mw_global_get(ex.of.global).of.funcref == inst->funcs[2]);
    CHECK(mw_instance_export(inst, "mem", 3, &ex) && ex.of.memory == x.mem);
    CHECK(mw_instance_export(inst, "tab2", 4, &ex) && ex.kind == MW_EXTERN_TABLE &&
          mw_table_size(ex.of.table) == 2 && mw_table_elem_type(ex.of.table) == MW_EXTERNREF);
    CHECK(mw_instance_export(inst, "f1", 2, &ex) && ex.kind == MW_EXTERN_FUNC);
    mw_functype ft;
    mw_func_type(ex.of.func, &ft);
    CHECK(ft.nparams == 1 && ft.params[0] == MW_I32);
    CHECK(!mw_instance_export(inst, "f", 1, &ex) && !mw_instance_export(inst, "f1x", 3, &ex));
    const char *nm; size_t nl;
    CHECK(mw_instance_export_nth(inst, 5, &nm, &nl, &ex) && nl == 5 && memcmp(nm, "start", 5) == 0 &&
          ex.of.func == x.start);
    CHECK(!mw_instance_export_nth(inst, 6, &nm, &nl, &ex));
    CHECK(mw_func_call(s, x.start, NULL, 0, NULL, 0, &err) == MW_OK && x.h.calls == 2);

    /* Bulk helpers as the interpreter uses them. */
    CHECK(mwN_table_init(inst, x.tab, 1, 3, 0, 1) == MW_TRAP_NONE && x.tab->elems[3] == 0);
    CHECK(mwN_table_init(inst, x.tab, 1, 4, 0, 0) == MW_TRAP_NONE);
    CHECK(mwN_table_init(inst, x.tab, 1, 4, 0, 1) == MW_TRAP_TABLE_OOB);
    CHECK(mwN_table_init(inst, x.tab, 1, 0, 1, 1) == MW_TRAP_TABLE_OOB);
    CHECK(mwN_table_init(inst, x.tab, 1, 0, 2, 0) == MW_TRAP_TABLE_OOB);
    CHECK(mwN_table_init(inst, x.tab, 0, 0, 0, 0) == MW_TRAP_NONE);      /* dropped: empty */
    CHECK(mwN_table_init(inst, x.tab, 0, 0, 0, 1) == MW_TRAP_TABLE_OOB);
    CHECK(mwN_table_init(inst, x.tab, 1, UINT32_MAX, 0, 1) == MW_TRAP_TABLE_OOB);
    CHECK(mwN_memory_init(inst, 1, 65534, 0, 2) == MW_TRAP_NONE &&
          memcmp(mw_memory_data(x.mem) + 65534, "xy", 2) == 0);
    CHECK(mwN_memory_init(inst, 1, 65535, 0, 2) == MW_TRAP_MEMORY_OOB);
    CHECK(mwN_memory_init(inst, 1, 0, 1, 2) == MW_TRAP_MEMORY_OOB);
    CHECK(mwN_memory_init(inst, 1, UINT32_MAX, UINT32_MAX, 1) == MW_TRAP_MEMORY_OOB);
    CHECK(mwN_memory_init(inst, 0, 65536, 0, 0) == MW_TRAP_NONE);
    CHECK(mwN_memory_init(inst, 0, 0, 0, 1) == MW_TRAP_MEMORY_OOB);

    /* A second instance of the same module in the same store is independent. */
    mw_instance *inst2;
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst2, &err) == MW_OK && inst2 != inst);
    CHECK(a.m.refcount == 3 && inst2->globals[1] != inst->globals[1]);
    CHECK(x.tab->elems[1] == (mw_slot)(uintptr_t)inst2->funcs[1]);

    /* Import matching failures name the import; nothing is added to the store. */
    mwi_obj *mark = s->objects;
    mw_global *gm;
    CHECK(mw_global_new(s, MW_I32, true, mw_val_i32(1), &gm, &err) == MW_OK);
    mark = s->objects;
    mw_extern bad[4];
    memcpy(bad, x.ext, sizeof bad);
    bad[3].of.global = gm;
    CHECK(mw_instance_new(s, &a.m, bad, 4, &inst2, &err) == MW_ERR_LINK && inst2 == NULL);
    CHECK_MSG(err, "incompatible import type for \"env\".\"g\"");
    CHECK(s->objects == mark);
    memcpy(bad, x.ext, sizeof bad);
    bad[1] = x.ext[2];
    CHECK(mw_instance_new(s, &a.m, bad, 4, &inst2, &err) == MW_ERR_LINK);
    CHECK_MSG(err, "\"env\".\"tab\"");
    memcpy(bad, x.ext, sizeof bad);
    bad[0].of.func = inst->funcs[1];   /* [i32]->[i32] for [] -> [] */
    CHECK(mw_instance_new(s, &a.m, bad, 4, &inst2, &err) == MW_ERR_LINK);
    CHECK_MSG(err, "\"env\".\"start\"");
    mw_table *small;
    mw_limits l3 = { 3, 0, false };
    CHECK(mw_table_new(s, MW_FUNCREF, l3, mwW_slot_to_val(0, MW_FUNCREF), &small, &err) == MW_OK);
    memcpy(bad, x.ext, sizeof bad);
    bad[1].of.table = small;
    CHECK(mw_instance_new(s, &a.m, bad, 4, &inst2, &err) == MW_ERR_LINK);
    uint32_t old;
    CHECK(mw_table_grow(small, 1, mwW_slot_to_val(0, MW_FUNCREF), &old, &err) == MW_OK);
    CHECK(mw_instance_new(s, &a.m, bad, 4, &inst2, &err) == MW_OK);   /* grown: now matches */
    /* Expected max: actual needs a max no larger. */
    a.tables[0].lim.has_max = true; a.tables[0].lim.max = 8;
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst2, &err) == MW_ERR_LINK);
    mw_limits l48 = { 4, 8, true }, l49 = { 4, 9, true };
    mw_table *t48, *t49;
    CHECK(mw_table_new(s, MW_FUNCREF, l48, mwW_slot_to_val(0, MW_FUNCREF), &t48, &err) == MW_OK);
    CHECK(mw_table_new(s, MW_FUNCREF, l49, mwW_slot_to_val(0, MW_FUNCREF), &t49, &err) == MW_OK);
    bad[1].of.table = t49;
    CHECK(mw_instance_new(s, &a.m, bad, 4, &inst2, &err) == MW_ERR_LINK);
    bad[1].of.table = t48;
    CHECK(mw_instance_new(s, &a.m, bad, 4, &inst2, &err) == MW_OK);
    a.tables[0].lim.has_max = false;
    /* Memory: min in pages, grown memories match larger minimums. */
    a.mems[0].lim.min = 2;
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst2, &err) == MW_ERR_LINK);
    CHECK_MSG(err, "\"env\".\"mem\"");
    CHECK(mw_memory_grow(x.mem, 1, &old, &err) == MW_OK);
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst2, &err) == MW_OK);
    a.mems[0].lim.min = 1;
    a.mems[0].lim.has_max = true; a.mems[0].lim.max = 5;
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst2, &err) == MW_ERR_LINK);
    a.mems[0].lim.has_max = false;
    /* Wrong kind, NULL extern. */
    memcpy(bad, x.ext, sizeof bad);
    bad[2].kind = MW_EXTERN_GLOBAL; bad[2].of.global = x.g;
    CHECK(mw_instance_new(s, &a.m, bad, 4, &inst2, &err) == MW_ERR_LINK);
    memcpy(bad, x.ext, sizeof bad);
    bad[2].of.memory = NULL;
    CHECK(mw_instance_new(s, &a.m, bad, 4, &inst2, &err) == MW_ERR_ARG);
    /* Objects of another store. */
    mw_store *s2;
    CHECK(mw_store_new(e, NULL, &s2, &err) == MW_OK);
    envA y;
    memset(&y, 0, sizeof y);
    CHECK(make_envA(&y, s2, &err) == MW_OK);
    memcpy(bad, x.ext, sizeof bad);
    bad[2] = y.ext[2];
    CHECK(mw_instance_new(s, &a.m, bad, 4, &inst2, &err) == MW_ERR_LINK);
    CHECK_MSG(err, "another store");
    memcpy(bad, y.ext, sizeof bad);
    bad[0].of.func = inst->funcs[2];   /* right type, wrong store */
    CHECK(mw_instance_new(s2, &a.m, bad, 4, &inst2, &err) == MW_ERR_LINK);
    CHECK(mw_func_call(s2, inst->funcs[2], NULL, 0, NULL, 0, &err) == MW_ERR_ARG);
    mw_store_delete(s2);

    unsigned rc = a.m.refcount;
    mw_store_delete(s);
    CHECK(rc == 6 && a.m.refcount == 1);
    mw_engine_delete(e);
    CHECK(t.live_blocks == 0 && t.bad_sizes == 0);
}

/* Traps while initialising: writes before the trap stay, none after; no instance. */
static void test_instance_traps(void)
{
    tracker t = {0};
    mw_engine *e = new_engine(&t, 4096);
    mw_store *s;
    mw_error err;
    CHECK(mw_store_new(e, NULL, &s, &err) == MW_OK);
    modA a;
    init_modA(&a, e);
    envA x;
    memset(&x, 0, sizeof x);
    CHECK(make_envA(&x, s, &err) == MW_OK);

    /* Element segment 1 made active at offset 4 with one item: out of bounds after 0. */
    a.elems[1].mode = MWI_SEG_ACTIVE; a.elems[1].table = 0; a.elems[1].offset = cx(OP_I32_CONST, 4);
    mw_instance *inst = (mw_instance *)&inst;
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst, &err) == MW_ERR_TRAP && inst == NULL);
    CHECK(err.trap == MW_TRAP_TABLE_OOB);
    CHECK_MSG(err, "out of bounds table access");
    CHECK(x.tab->elems[1] != 0 && x.tab->elems[2] != 0);        /* segment 0 stayed */
    CHECK(mw_memory_data(x.mem)[8] == 0 && x.h.calls == 0);     /* data and start not run */
    CHECK(a.m.refcount == 2);                                   /* kept in the store */

    /* Partially out of bounds (offset 3, two items): nothing of it is written. */
    memset(x.tab->elems, 0, 4 * sizeof(mw_slot));
    a.elems[1].mode = MWI_SEG_PASSIVE;
    a.elems[0].offset = cx(OP_I32_CONST, 3);
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst, &err) == MW_ERR_TRAP);
    CHECK(x.tab->elems[3] == 0);
    a.elems[0].offset = cx(OP_GLOBAL_GET, 0);

    /* Data segment 1 active at 65535 ("xy"): segment 0 is written, 1 is not. */
    a.datas[1].mode = MWI_SEG_ACTIVE; a.datas[1].offset = cx(OP_I32_CONST, 65535);
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_MEMORY_OOB);
    CHECK_MSG(err, "out of bounds memory access");
    CHECK(memcmp(mw_memory_data(x.mem) + 8, "hello", 5) == 0 && mw_memory_data(x.mem)[65535] == 0);
    CHECK(x.h.calls == 0);
    a.datas[1].mode = MWI_SEG_PASSIVE;

    /* Offset is an unsigned 32-bit value: 0xFFFFFFFF + 5 must not wrap. */
    a.datas[0].offset = cx(OP_I32_CONST, 0xFFFFFFFFu);
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst, &err) == MW_ERR_TRAP &&
          err.trap == MW_TRAP_MEMORY_OOB);
    a.datas[0].offset = cx(OP_I32_CONST, 8);

    /* The start function traps. */
    x.h.trap_msg = "start failed";
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst, &err) == MW_ERR_TRAP && inst == NULL);
    CHECK(err.trap == MW_TRAP_HOST && x.h.calls == 1);
    CHECK_MSG(err, "start failed");
    x.h.trap_msg = NULL;
    x.h.do_exit = true; x.h.exit_code = 77;
    CHECK(mw_instance_new(s, &a.m, x.ext, 4, &inst, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_EXIT && err.exit_code == 77);
    x.h.do_exit = false;
    CHECK(s->reentry == 0);

    /* Store limits on defined tables: an error, not a trap; rolled back. */
    mw_store *s2;
    mw_store_limits sl = { 0, 1, 0 };
    CHECK(mw_store_new(e, &sl, &s2, &err) == MW_OK);
    envA y;
    memset(&y, 0, sizeof y);
    CHECK(make_envA(&y, s2, &err) == MW_ERR_LIMIT);   /* imported table of 4 > 1 */
    mw_store_delete(s2);
    sl.max_table_elements = 4;
    CHECK(mw_store_new(e, &sl, &s2, &err) == MW_OK);
    memset(&y, 0, sizeof y);
    CHECK(make_envA(&y, s2, &err) == MW_OK);
    a.tables[1].lim.min = 5; a.tables[1].lim.has_max = false;
    mwi_obj *mark = s2->objects;
    CHECK(mw_instance_new(s2, &a.m, y.ext, 4, &inst, &err) == MW_ERR_LIMIT && s2->objects == mark);
    a.tables[1].lim.min = 2;
    CHECK(mw_instance_new(s2, &a.m, y.ext, 4, &inst, &err) == MW_OK);
    CHECK(inst->tables[1]->max_size == 4);
    mw_store_delete(s2);

    mw_store_delete(s);
    CHECK(a.m.refcount == 1);
    mw_engine_delete(e);
    CHECK(t.live_blocks == 0 && t.bad_sizes == 0);
}

/* A module that defines its own memory, global initialisers of every constant kind. */
static void test_defined_memory(void)
{
    tracker t = {0};
    mw_engine *e = new_engine(&t, 4096);
    mw_store *s;
    mw_error err;
    mw_store_limits sl = { 65536 * 3, 0, 0 };
    CHECK(mw_store_new(e, &sl, &s, &err) == MW_OK);

    mw_module m;
    memset(&m, 0, sizeof m);
    m.engine = e; m.refcount = 1;
    mwi_memory mem = { { 2, 0, false } };
    m.mems = &mem; m.nmems = 1;
    mwi_global gl[5];
    memset(gl, 0, sizeof gl);
    gl[0].type = MW_I32; gl[0].init = cx(OP_I32_CONST, 0xFFFFFFFFFFFFFFF6ull);   /* sign-extended -10 */
    gl[1].type = MW_I64; gl[1].init = cx(OP_I64_CONST, 0x8000000000000000ull);
    gl[2].type = MW_F32; gl[2].init = cx(OP_F32_CONST, 0x7FC00001u);
    gl[3].type = MW_F64; gl[3].init = cx(OP_F64_CONST, 0x3FF0000000000000ull);
    gl[4].type = MW_EXTERNREF; gl[4].init = cx(OP_REF_NULL, MW_EXTERNREF);
    m.globals = gl; m.nglobals = 5;
    mwi_data d = { MWI_SEG_ACTIVE, 0, cx(OP_I32_CONST, 131070), (const uint8_t *)"ab", 2 };
    m.datas = &d; m.ndatas = 1;
    mwi_export xs[2];
    xs[0] = exp_("memory", MW_EXTERN_MEMORY, 0);
    xs[1] = exp_("", MW_EXTERN_GLOBAL, 0);     /* empty names are legal */
    m.exports = xs; m.nexports = 2;

    mw_instance *inst;
    CHECK(mw_instance_new(s, &m, NULL, 0, &inst, &err) == MW_OK);
    mw_extern ex;
    CHECK(mw_instance_export(inst, "memory", 6, &ex) && ex.kind == MW_EXTERN_MEMORY);
    mw_memory *mm = ex.of.memory;
    CHECK(mw_memory_pages(mm) == 2 && mm->max_pages == 3 && mm->hdr.store == s);
    CHECK(memcmp(mw_memory_data(mm) + 131070, "ab", 2) == 0);
    CHECK(mw_instance_export(inst, "", 0, &ex) && ex.kind == MW_EXTERN_GLOBAL);
    CHECK(inst->globals[0]->val == 0xFFFFFFF6u);
    CHECK(mw_global_get(inst->globals[0]).of.i32 == -10);
    CHECK(inst->globals[1]->val == 0x8000000000000000ull);
    CHECK(mw_global_get(inst->globals[2]).of.f32_bits == 0x7FC00001u);
    CHECK(mw_val_as_f64(&(mw_val){ .type = MW_F64, .of.f64_bits = inst->globals[3]->val }) == 1.0);
    CHECK(inst->globals[4]->val == 0 && inst->globals[4]->type == MW_EXTERNREF);
    bool mut = true;
    CHECK(mw_global_type(inst->globals[4], &mut) == MW_EXTERNREF && !mut);

    mw_memory *mi = inst->mem;
    mw_result r = mw_memory_grow(mi, 2, NULL, &err);
    CHECK(r == MW_ERR_LIMIT);
    CHECK(mw_memory_grow(mi, 1, NULL, &err) == MW_OK);

    /* Minimum above the store limit: ERR_LIMIT and nothing left behind. */
    mem.lim.min = 4;
    mwi_obj *mark = s->objects;
    CHECK(mw_instance_new(s, &m, NULL, 0, &inst, &err) == MW_ERR_LIMIT && s->objects == mark);
    CHECK(m.refcount == 2);
    mw_store_delete(s);
    CHECK(m.refcount == 1);
    mw_engine_delete(e);
    CHECK(t.live_blocks == 0 && t.bad_sizes == 0);
}

/* ------------------------------------------------------------------ linker */

static void test_linker(void)
{
    tracker t = {0};
    mw_engine *e = new_engine(&t, 4096);
    mw_store *s;
    mw_error err;
    CHECK(mw_store_new(e, NULL, &s, &err) == MW_OK);
    modA a;
    init_modA(&a, e);
    envA x;
    memset(&x, 0, sizeof x);
    CHECK(make_envA(&x, s, &err) == MW_OK);

    mw_linker *l;
    CHECK(mw_linker_new(e, &l, &err) == MW_OK);
    mw_instance *inst = NULL;
    CHECK(mw_linker_instantiate(l, s, &a.m, &inst, &err) == MW_ERR_LINK && inst == NULL);
    CHECK_MSG(err, "unknown import \"env\".\"start\"");

    mw_functype t0 = { 0, 0, NULL, NULL };
    CHECK(mw_linker_define_func_cstr(l, "env", "start", &t0, host_start, &x.h, NULL, &err) == MW_OK);
    CHECK(mw_linker_define_cstr(l, "env", "tab", &x.ext[1], &err) == MW_OK);
    CHECK(mw_linker_define_cstr(l, "env", "mem", &x.ext[2], &err) == MW_OK);
    CHECK(mw_linker_define_cstr(l, "env", "g", &x.ext[0], &err) == MW_OK);   /* wrong kind first */
    mwi_obj *mark = s->objects;
    CHECK(mw_linker_instantiate(l, s, &a.m, &inst, &err) == MW_ERR_LINK);
    CHECK_MSG(err, "incompatible import type for \"env\".\"g\"");
    CHECK(s->objects == mark);                         /* host function rolled back */
    CHECK(mw_linker_define_cstr(l, "env", "g", &x.ext[3], &err) == MW_OK);   /* replaces */
    CHECK(mw_linker_instantiate(l, s, &a.m, &inst, &err) == MW_OK && inst != NULL);
    CHECK(x.h.calls == 1 && inst->funcs[0]->host == host_start && inst->funcs[0] != x.start);
    CHECK(inst->globals[0] == x.g);

    /* define_instance: exports under a new module name, usable as imports. */
    CHECK(mw_linker_define_instance_cstr(l, "a", inst, &err) == MW_OK);
    mw_module m2;
    memset(&m2, 0, sizeof m2);
    m2.engine = e; m2.refcount = 1;
    mwi_import im2[3];
    im2[0] = imp("a", "mem", MW_EXTERN_MEMORY, 0);
    im2[1] = imp("a", "g1", MW_EXTERN_GLOBAL, 0);
    im2[2] = imp("a", "f1", MW_EXTERN_FUNC, 0);
    mw_functype t1 = { 1, 1, vt_i32, vt_i32 };
    mwi_func f2 = { 0, 0, 0, { 0 } };
    mwi_memory mm2 = { { 1, 0, false } };
    mwi_global g2 = { MW_I32, true, { 0, 0, 0 } };
    m2.types = &t1; m2.ntypes = 1;
    m2.funcs = &f2; m2.nfuncs = 1; m2.nfunc_imports = 1;
    m2.mems = &mm2; m2.nmems = 1; m2.nmem_imports = 1;
    m2.globals = &g2; m2.nglobals = 1; m2.nglobal_imports = 1;
    m2.imports = im2; m2.nimports = 3;
    mw_instance *i2;
    CHECK(mw_linker_instantiate(l, s, &m2, &i2, &err) == MW_OK);
    CHECK(i2->mem == x.mem && i2->globals[0] == inst->globals[1] && i2->funcs[0] == inst->funcs[1]);

    /* Names are compared with lengths: "a"."f1" is not "a"."f" nor "a\0"... */
    im2[2] = imp("a", "f", MW_EXTERN_FUNC, 0);
    CHECK(mw_linker_instantiate(l, s, &m2, &i2, &err) == MW_ERR_LINK);
    CHECK_MSG(err, "unknown import \"a\".\"f\"");
    im2[2] = imp("a", "f1", MW_EXTERN_FUNC, 0);
    im2[2].name_len = 1;   /* "f" as a prefix of a longer buffer */
    CHECK(mw_linker_instantiate(l, s, &m2, &i2, &err) == MW_ERR_LINK);
    im2[2].name_len = 2;

    /* Many definitions: the hash index grows; later definitions replace earlier ones. */
    char nm[32];
    mw_global *gs[300];
    for (int i = 0; i < 300; i++) {
        CHECK(mw_global_new(s, MW_I32, true, mw_val_i32(i), &gs[i], &err) == MW_OK);
        snprintf(nm, sizeof nm, "g%d", i);
        mw_extern ge = { MW_EXTERN_GLOBAL, { .global = gs[i] } };
        CHECK(mw_linker_define_cstr(l, "many", nm, &ge, &err) == MW_OK);
    }
    for (int i = 0; i < 300; i += 3) {
        snprintf(nm, sizeof nm, "g%d", i);
        mw_extern ge = { MW_EXTERN_GLOBAL, { .global = gs[299 - i] } };
        CHECK(mw_linker_define_cstr(l, "many", nm, &ge, &err) == MW_OK);
    }
    static char names[300][8];
    mwi_import ims[300];
    mwi_global gts[300];
    for (int i = 0; i < 300; i++) {
        snprintf(names[i], sizeof names[i], "g%d", i);
        ims[i] = imp("many", names[i], MW_EXTERN_GLOBAL, (uint32_t)i);
        gts[i].type = MW_I32; gts[i].mut = true;
    }
    mw_module m3;
    memset(&m3, 0, sizeof m3);
    m3.engine = e; m3.refcount = 1;
    m3.imports = ims; m3.nimports = 300;
    m3.globals = gts; m3.nglobals = 300; m3.nglobal_imports = 300;
    mw_instance *i3;
    CHECK(mw_linker_instantiate(l, s, &m3, &i3, &err) == MW_OK);
    bool all = true;
    for (int i = 0; i < 300; i++)
        all = all && i3->globals[i] == gs[i % 3 == 0 ? 299 - i : i];
    CHECK(all);

    CHECK(mw_linker_define_cstr(l, "env", "x", NULL, &err) == MW_ERR_ARG);
    mw_extern nul = { MW_EXTERN_TABLE, { .table = NULL } };
    CHECK(mw_linker_define_cstr(l, "env", "x", &nul, &err) == MW_ERR_ARG);
    CHECK(mw_linker_define_func_cstr(l, "env", "x", &t0, NULL, NULL, NULL, &err) == MW_ERR_ARG);
    static const mw_valtype nonsense[] = { (mw_valtype)0x7A };
    mw_functype tv = { 0, 1, NULL, nonsense };
    CHECK(mw_linker_define_func_cstr(l, "env", "x", &tv, host_start, NULL, NULL, &err) == MW_ERR_ARG);

    /* A trap in start keeps the instance and the linker-made host function. */
    x.h.trap_msg = "no";
    mark = s->objects;
    CHECK(mw_linker_instantiate(l, s, &a.m, &inst, &err) == MW_ERR_TRAP && inst == NULL);
    CHECK(s->objects != mark && err.trap == MW_TRAP_HOST);
    x.h.trap_msg = NULL;

    mw_linker_delete(l);
    mw_store_delete(s);
    CHECK(a.m.refcount == 1 && m2.refcount == 1 && m3.refcount == 1);
    mw_engine_delete(e);
    CHECK(t.live_blocks == 0 && t.bad_sizes == 0);
}

/* ------------------------------------------------------------------ allocation failures */

/* One pass over every allocating operation. Returns true when no injected failure hit. */
static bool alloc_scenario(tracker *t)
{
    bool clean = true;
    mw_error err;
#define STEP(call) do { mw_result r_ = (call); if (r_ != MW_OK) { \
        CHECK(r_ == MW_ERR_NOMEM && err.code == MW_ERR_NOMEM); clean = false; goto out; } } while (0)
    mw_engine *e = NULL;
    mw_store *s = NULL;
    mw_linker *l = NULL;
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = talloc; cfg.alloc_ud = t;
    cfg.value_stack_slots = 2048; cfg.max_call_depth = 16;
    modA a;
    init_modA(&a, NULL);
    envA x;
    memset(&x, 0, sizeof x);

    STEP(mw_engine_new(&cfg, &e, &err));
    a.m.engine = e;
    STEP(mw_store_new(e, NULL, &s, &err));
    a.tables[1].lim.min = 0;      /* defined table grows from empty below */
    STEP(make_envA(&x, s, &err));
    mw_instance *inst = NULL;
    mwi_obj *mark = s->objects;
    mw_result r = mw_instance_new(s, &a.m, x.ext, 4, &inst, &err);
    if (r != MW_OK) {
        CHECK(r == MW_ERR_NOMEM && s->objects == mark && a.m.refcount == 1 && inst == NULL);
        clean = false;
        goto out;
    }
    uint32_t old;
    STEP(mw_memory_grow(x.mem, 2, &old, &err));
    mw_extern ex;
    CHECK(mw_instance_export(inst, "tab2", 4, &ex));
    mw_val nullx = mwW_slot_to_val(0, MW_EXTERNREF);
    for (int i = 0; i < 5; i++)
        STEP(mw_table_grow(ex.of.table, 1, nullx, &old, &err));
    STEP(mw_table_grow(x.tab, 20, mwW_slot_to_val(0, MW_FUNCREF), &old, &err));

    STEP(mw_linker_new(e, &l, &err));
    mw_functype t0 = { 0, 0, NULL, NULL };
    STEP(mw_linker_define_func_cstr(l, "env", "start", &t0, host_start, &x.h, NULL, &err));
    STEP(mw_linker_define_cstr(l, "env", "tab", &x.ext[1], &err));
    STEP(mw_linker_define_cstr(l, "env", "mem", &x.ext[2], &err));
    STEP(mw_linker_define_cstr(l, "env", "g", &x.ext[3], &err));
    STEP(mw_linker_define_cstr(l, "env", "g", &x.ext[3], &err));   /* replacement allocates too */
    STEP(mw_linker_define_instance_cstr(l, "a", inst, &err));
    char nm[16];
    for (int i = 0; i < 20; i++) {   /* crosses hash index and array growth */
        snprintf(nm, sizeof nm, "n%d", i);
        STEP(mw_linker_define_cstr(l, "more", nm, &x.ext[3], &err));
    }
    mark = s->objects;
    r = mw_linker_instantiate(l, s, &a.m, &inst, &err);
    if (r != MW_OK) {
        CHECK(r == MW_ERR_NOMEM && s->objects == mark && a.m.refcount == 2);
        clean = false;
        goto out;
    }
    CHECK(a.m.refcount == 3);
    mw_global *g;
    STEP(mw_global_new(s, MW_I32, false, mw_val_i32(0), &g, &err));
#undef STEP
out:
    mw_linker_delete(l);
    mw_store_delete(s);
    mw_engine_delete(e);
    if (e)
        CHECK(a.m.refcount == 1);
    return clean;
}

static void test_alloc_failures(void)
{
    long n;
    for (n = 1; n < 10000; n++) {
        tracker t = {0};
        t.fail_at = n;
        bool clean = alloc_scenario(&t);
        if (t.live_blocks != 0 || t.bad_sizes != 0) {
            fprintf(stderr, "allocation failure %ld: %ld blocks leaked, %d bad sizes\n",
                    n, t.live_blocks, t.bad_sizes);
            failures++;
        }
        /* Some failures are absorbed (table growth retries with an exact size), so the
         * end is when the injected failure point was never reached. */
        if (t.count < n) {
            CHECK(clean);
            break;
        }
    }
    printf("allocation failure injected at each of %ld allocation points\n", n - 1);
    CHECK(n > 30 && n < 10000);   /* the scenario has many allocation points */
}

int main(void)
{
    test_values();
    test_engine_store();
    test_memory();
    test_table();
    test_global();
    test_host_call();
    test_instance();
    test_instance_traps();
    test_defined_memory();
    test_linker();
    test_alloc_failures();
    if (failures) {
        fprintf(stderr, "test_runtime: %d of %d checks FAILED\n", failures, checks);
        return 1;
    }
    printf("test_runtime: %d checks passed\n", checks);
    return 0;
}
