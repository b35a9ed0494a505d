/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_fused.c — the translator's fused forms against a reference computed here in C:
 *   - every comparison (i32, i64, f32, f64) as a plain value, fused with a branch taken
 *     when true (br_if: brt.*) or when false (if: brf.*), fused with select (sel.*), each
 *     also with an immediate operand (_ri), over edge values: sign boundaries, values
 *     that differ only in the high half of an i64, -0, infinities, NaN, subnormals;
 *   - the address forms of loads and stores (_a: base + constant, _ar: a + b, _as:
 *     a + (b << k), _ax: (b << k) + constant, not when b << k is also kept in a local)
 *     and i32.add_shl: the i32 sum wraps around at 2^32 before the static
 *     offset is added, the offset does not wrap, and an access past the end traps with
 *     MW_TRAP_MEMORY_OOB without writing anything (a store) and leaves the store usable;
 *   - bit-field extraction (i32.shr_u_and) and rotate-xor (i32.rotl_xor, from rotl or
 *     rotr, either xor operand order), shift counts taken modulo 32;
 *   - bit tests fused with a branch (brt/brf.i32.and, _ri), counts fused with the branch
 *     on them (i32.add_ri.brt/.brf, from i32.add or i32.sub of a constant teed to a
 *     local): taken, not taken, the local's value, and a count loop run in fuel slices of
 *     1 to 7 units (it suspends inside the fused form and must not count twice);
 *   - counts compared and branched on (add_ri.brt/brf.i32.*, _ri): every i32 compare,
 *     taken and not, the count as either operand, and loops on such a latch in fuel slices of 1 to 7 units;
 *   - sums of three terms (i32.add3), which leave the accumulator;
 *   - runs of copies joined two by two (copy.copy): in order, never across a label;
 *   - f64 add/sub/mul of a loaded operand (f64.*_l, _la) and the read-modify-write
 *     f64.add_m: results, the address wrap before the offset and out-of-bounds traps;
 *   - f64 multiply-add forms (f64.mul_add, _sub, _rsub): rounded twice, never fused;
 *   - chains of f64 operations reading the previous result from the accumulator (the
 *     .acc forms of add/sub/mul/div, their _ri, _l and _la forms, sqrt, neg, store and
 *     add_m).
 * Each fused form is checked to be really produced (mw_module_explore names it), so the
 * test cannot pass on unfused code without saying so.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"
#include "minwasm_wat.h"
#include "opcodes.h"   /* the instruction table: every row with an .acc form is tested */

static int failures, checks;
#define CHECK(c) do { checks++; if (!(c)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)
#define CHECKF(c, ...) do { checks++; if (!(c)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #c); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

static void *alloc_fn(void *ud, void *p, size_t os, size_t ns)
{
    (void)ud; (void)os;
    if (ns == 0) { free(p); return NULL; }
    return realloc(p, ns);
}

static mw_engine *engine;
static mw_store *store;

/* ------------------------------------------------------------------ text buffer */

typedef struct { char *p; size_t len, cap; } sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < b->cap - b->len) { b->len += (size_t)n; return; }
        b->cap = b->cap ? b->cap * 2 : 4096;
        b->p = realloc(b->p, b->cap);
        if (!b->p) { perror("realloc"); exit(2); }
    }
}

/* ------------------------------------------------------------------ modules */

static mw_instance *instantiate(const char *text)
{
    mw_module *m;
    mw_instance *inst = NULL;
    mw_error err;
    if (mw_module_new_text(engine, text, strlen(text), &m, &err) != MW_OK) {
        fprintf(stderr, "module: %s\n", err.msg);
        failures++;
        return NULL;
    }
    if (mw_instance_new(store, m, NULL, 0, &inst, &err) != MW_OK) {
        fprintf(stderr, "instance: %s\n", err.msg);
        failures++;
        inst = NULL;
    }
    mw_module_delete(m);
    return inst;
}

static mw_func *export_fn(mw_instance *inst, const char *name)
{
    mw_extern x;
    if (!mw_instance_export_cstr(inst, name, &x) || x.kind != MW_EXTERN_FUNC) {
        fprintf(stderr, "no export %s\n", name);
        exit(2);
    }
    return x.of.func;
}

static void explore_cb(void *ud, const char *text, size_t len)
{
    sb_printf(ud, "%.*s", (int)len, text);
}

/* Does the translated code of function fidx contain the form `name` (e.g. "brt.i32.eq ")? */
static bool has_form_quiet(mw_instance *inst, uint32_t fidx, const char *name)
{
    sbuf b = { 0 };
    sb_printf(&b, "%s", "");
    bool ok = mw_module_explore(mw_instance_module(inst), fidx, explore_cb, &b) == MW_OK &&
              strstr(b.p, name) != NULL;
    free(b.p);
    return ok;
}

/* The same, saying which form is missing. */
static bool has_form(mw_instance *inst, uint32_t fidx, const char *name)
{
    bool ok = has_form_quiet(inst, fidx, name);
    if (!ok) {
        sbuf b = { 0 };
        sb_printf(&b, "%s", "");
        (void)mw_module_explore(mw_instance_module(inst), fidx, explore_cb, &b);
        fprintf(stderr, "func %u lacks '%s':\n%s", fidx, name, b.p);
        free(b.p);
    }
    return ok;
}

/* Export functions 0..nf-1 as "f0".."f<nf-1>", close the module text in b, instantiate it
 * and free the text. */
static mw_instance *instantiate_fns(sbuf *b, size_t nf)
{
    for (size_t f = 0; f < nf; f++)
        sb_printf(b, " (export \"f%zu\" (func %zu))\n", f, f);
    sb_printf(b, ")\n");
    mw_instance *inst = instantiate(b->p);
    free(b->p);
    return inst;
}

/* Export "f<f>" of an instance made by instantiate_fns. */
static mw_func *fn_at(mw_instance *inst, size_t f)
{
    char name[24];
    snprintf(name, sizeof name, "f%zu", f);
    return export_fn(inst, name);
}

/* ------------------------------------------------------------------ comparisons */

enum { T_I32, T_I64, T_F32, T_F64 };
static const char *const tname[] = { "i32", "i64", "f32", "f64" };

static const char *const int_ops[] = { "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u",
                                       "le_s", "le_u", "ge_s", "ge_u" };
static const char *const float_ops[] = { "eq", "ne", "lt", "gt", "le", "ge" };

static const uint64_t edges_i32[] = { 0, 1, 2, 0x7FFFFFFF, 0x80000000, 0x80000001,
                                      0xFFFFFFFE, 0xFFFFFFFF };
static const uint64_t edges_i64[] = { 0, 1, 0xFFFFFFFF, 0x80000000, 0x100000000,
                                      0x7FFFFFFFFFFFFFFF, 0x8000000000000000,
                                      0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF00000000 };
static const uint64_t edges_f32[] = { 0x00000000, 0x80000000, 0x3F800000, 0xBF800000,
                                      0x7F800000, 0xFF800000, 0x7FC00000, 0x00000001,
                                      0x7F7FFFFF, 0x3FC00000 };
static const uint64_t edges_f64[] = { 0, 0x8000000000000000, 0x3FF0000000000000,
                                      0xBFF0000000000000, 0x7FF0000000000000,
                                      0xFFF0000000000000, 0x7FF8000000000000, 1,
                                      0x7FEFFFFFFFFFFFFF, 0x3FF8000000000000 };

static float f32_of(uint64_t b) { uint32_t u = (uint32_t)b; float f; memcpy(&f, &u, 4); return f; }
static double f64_of(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }

static int ref_cmp(int ty, const char *op, uint64_t a, uint64_t b)
{
    if (ty == T_I32 || ty == T_I64) {
        uint64_t ua = ty == T_I32 ? (uint32_t)a : a, ub = ty == T_I32 ? (uint32_t)b : b;
        int64_t sa = ty == T_I32 ? (int32_t)(uint32_t)a : (int64_t)a;
        int64_t sb = ty == T_I32 ? (int32_t)(uint32_t)b : (int64_t)b;
        if (!strcmp(op, "eq")) return ua == ub;
        if (!strcmp(op, "ne")) return ua != ub;
        if (!strcmp(op, "lt_s")) return sa < sb;
        if (!strcmp(op, "lt_u")) return ua < ub;
        if (!strcmp(op, "gt_s")) return sa > sb;
        if (!strcmp(op, "gt_u")) return ua > ub;
        if (!strcmp(op, "le_s")) return sa <= sb;
        if (!strcmp(op, "le_u")) return ua <= ub;
        if (!strcmp(op, "ge_s")) return sa >= sb;
        if (!strcmp(op, "ge_u")) return ua >= ub;
    } else {
        double x = ty == T_F32 ? (double)f32_of(a) : f64_of(a);
        double y = ty == T_F32 ? (double)f32_of(b) : f64_of(b);
        if (!strcmp(op, "eq")) return x == y;
        if (!strcmp(op, "ne")) return x != y;
        if (!strcmp(op, "lt")) return x < y;
        if (!strcmp(op, "gt")) return x > y;
        if (!strcmp(op, "le")) return x <= y;
        if (!strcmp(op, "ge")) return x >= y;
    }
    fprintf(stderr, "ref_cmp: unknown %s\n", op);
    exit(2);
}

/* A constant in the text format, exactly: decimal for integers, C's %a for floats
 * (hexadecimal significand, exact; "inf", "-inf", "nan" are text-format words too). */
static void put_const(sbuf *b, int ty, uint64_t v)
{
    switch (ty) {
    case T_I32: sb_printf(b, "(i32.const %d)", (int)(int32_t)(uint32_t)v); break;
    case T_I64: sb_printf(b, "(i64.const %lld)", (long long)(int64_t)v); break;
    case T_F32: sb_printf(b, "(f32.const %a)", (double)f32_of(v)); break;
    default: sb_printf(b, "(f64.const %a)", f64_of(v)); break;
    }
}

static mw_val mkval(int ty, uint64_t v)
{
    switch (ty) {
    case T_I32: return mw_val_i32((int32_t)(uint32_t)v);
    case T_I64: return mw_val_i64((int64_t)v);
    case T_F32: return mw_val_f32_bits((uint32_t)v);
    default: return mw_val_f64_bits(v);
    }
}

/* Functions per comparison: 0 value, 1 br_if (brt), 2 if (brf), 3 select (sel); then the
 * same four with each edge value as the immediate b. */
static void cmp_module(sbuf *b, int ty, const char *op, const uint64_t *edges, size_t ne)
{
    const char *t = tname[ty];
    b->len = 0;
    sb_printf(b, "(module\n");
    for (size_t k = 0; k <= ne; k++) {
        /* k == 0: b is the second parameter; else the constant edges[k - 1]. */
        sbuf rhs = { 0 };
        if (k == 0)
            sb_printf(&rhs, "(local.get 1)");
        else
            put_const(&rhs, ty, edges[k - 1]);
        const char *params = k == 0 ? "(param %s %s)" : "(param %s)";
        char ps[40];
        snprintf(ps, sizeof ps, params, t, t);
        sb_printf(b, " (func %s (result i32) (%s.%s (local.get 0) %s))\n", ps, t, op, rhs.p);
        sb_printf(b, " (func %s (result i32) (block (br_if 0 (%s.%s (local.get 0) %s))"
                  " (return (i32.const 0))) (i32.const 1))\n", ps, t, op, rhs.p);
        sb_printf(b, " (func %s (result i32) (if (result i32) (%s.%s (local.get 0) %s)"
                  " (then (i32.const 1)) (else (i32.const 0))))\n", ps, t, op, rhs.p);
        sb_printf(b, " (func %s (result i32) (select (i32.const 1) (i32.const 0)"
                  " (%s.%s (local.get 0) %s)))\n", ps, t, op, rhs.p);
        free(rhs.p);
    }
    for (size_t k = 0; k < 4 * (ne + 1); k++)
        sb_printf(b, " (export \"f%zu\" (func %zu))\n", k, k);
    sb_printf(b, ")\n");
}

static void test_compares(int ty, const char *const *ops, size_t nops,
                          const uint64_t *edges, size_t ne)
{
    static const char *const form[4] = { "", "brt.", "brf.", "sel." };
    sbuf b = { 0 };
    for (size_t o = 0; o < nops; o++) {
        cmp_module(&b, ty, ops[o], edges, ne);
        mw_instance *inst = instantiate(b.p);
        if (!inst)
            continue;
        /* The fused forms are there (slot and immediate operand). */
        for (int f = 1; f < 4; f++) {
            char nm[40];
            snprintf(nm, sizeof nm, "%s%s.%s ", form[f], tname[ty], ops[o]);
            CHECK(has_form(inst, (uint32_t)f, nm));
            snprintf(nm, sizeof nm, "%s%s.%s_ri ", form[f], tname[ty], ops[o]);
            CHECK(has_form(inst, (uint32_t)(4 + f), nm));
        }
        for (size_t k = 0; k <= ne; k++) {
            for (int f = 0; f < 4; f++) {
                char nm[16];
                snprintf(nm, sizeof nm, "f%zu", 4 * k + (size_t)f);
                mw_func *fn = export_fn(inst, nm);
                for (size_t i = 0; i < ne; i++) {
                    size_t jn = k == 0 ? ne : 1;
                    for (size_t j = 0; j < jn; j++) {
                        uint64_t bv = k == 0 ? edges[j] : edges[k - 1];
                        mw_val args[2] = { mkval(ty, edges[i]), mkval(ty, bv) }, res;
                        mw_error err;
                        mw_result r = mw_func_call(store, fn, args, k == 0 ? 2 : 1, &res, 1, &err);
                        int want = ref_cmp(ty, ops[o], edges[i], bv);
                        CHECKF(r == MW_OK && res.of.i32 == want,
                               "%s.%s form %d%s a=0x%llx b=0x%llx: got %d, want %d", tname[ty],
                               ops[o], f, k ? " (imm)" : "", (unsigned long long)edges[i],
                               (unsigned long long)bv, r == MW_OK ? res.of.i32 : -1, want);
                    }
                }
            }
        }
    }
    free(b.p);
}

/* ------------------------------------------------------------------ address forms */

#define MEMSZ 65536u

static const char *addr_src =
    "(module (memory (export \"mem\") 1)\n"
    " (func (export \"ld_ar\") (param i32 i32) (result i64)\n"
    "   (i64.extend_i32_u (i32.load offset=4 (i32.add (local.get 0) (local.get 1)))))\n"
    " (func (export \"ld_as\") (param i32 i32) (result i64)\n"
    "   (i64.extend_i32_u (i32.load offset=4\n"
    "     (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))))))\n"
    " (func (export \"ld_a\") (param i32 i32) (result i64)\n"
    "   (i64.load offset=2 (i32.add (local.get 0) (i32.const 0x110))))\n"
    " (func (export \"ld8_ar\") (param i32 i32) (result i64)\n"
    "   (i64.extend_i32_s (i32.load8_s (i32.add (local.get 0) (local.get 1)))))\n"
    " (func (export \"ld_big\") (param i32 i32) (result i64)\n"
    "   (i64.extend_i32_u (i32.load16_u offset=0xFFFFFFFF (local.get 0))))\n"
    " (func (export \"st_ar\") (param i32 i32 i64)\n"
    "   (i64.store32 offset=4 (i32.add (local.get 0) (local.get 1)) (local.get 2)))\n"
    " (func (export \"st_as\") (param i32 i32 i64)\n"
    "   (i64.store offset=4 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3)))\n"
    "     (local.get 2)))\n"
    " (func (export \"st_a\") (param i32 i32 i64)\n"
    "   (i64.store16 offset=1 (i32.add (local.get 0) (i32.const 0x100)) (local.get 2)))\n"
    " (func (export \"add_shl\") (param i32 i32) (result i64)\n"
    "   (i64.extend_i32_u (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 31)))))\n"
    " (func (export \"ld_ax\") (param i32 i32) (result i64)\n"
    "   (i64.extend_i32_u (i32.load offset=4\n"
    "     (i32.add (i32.shl (local.get 0) (i32.const 2)) (i32.const 0x1000)))))\n"
    " (func (export \"ld_ax35\") (param i32 i32) (result i64)\n"
    "   (i64.load offset=2 (i32.sub (i32.shl (local.get 0) (i32.const 35)) (i32.const 8))))\n"
    " (func (export \"st_ax\") (param i32 i32 i64)\n"
    "   (i64.store16 offset=6 (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 0xFF00))\n"
    "     (local.get 2)))\n"
    /* the shifted index also kept in a local: not fused (the local must be written) */
    " (func (export \"ld_tee\") (param i32 i32) (result i64)\n"
    "   (i64.add (i64.extend_i32_u (i32.load (i32.add (local.tee 1 (i32.shl (local.get 0)\n"
    "     (i32.const 2))) (i32.const 16)))) (i64.extend_i32_u (local.get 1))))\n"
    ")\n";

typedef struct {
    const char *name, *form;   /* export, its fused form in mw_module_explore's text */
    int kind;                  /* 0 load, 1 store, 2 arithmetic */
    unsigned shift;            /* the address is a + (b << shift) or (a << shift) + constant */
    bool konst;                /* b is replaced by this constant */
    uint32_t k;
    uint64_t offset;
    unsigned size;             /* bytes accessed */
    bool sign8;                /* an 8-bit sign-extended load */
    uint64_t stval;            /* the value stored (its low `size` bytes) */
} addr_case;

static const addr_case addr_cases[] = {
    { "ld_ar", "i32.load_ar ", 0, 0, false, 0, 4, 4, false, 0 },
    { "ld_as", "i32.load_as ", 0, 2, false, 0, 4, 4, false, 0 },
    { "ld_a", "i64.load_a ", 0, 0, true, 0x110, 2, 8, false, 0 },
    { "ld8_ar", "i32.load8_s_ar ", 0, 0, false, 0, 0, 1, true, 0 },
    { "ld_big", "i32.load16_u ", 0, 0, true, 0, 0xFFFFFFFF, 2, false, 0 },
    { "st_ar", "i64.store32_ar ", 1, 0, false, 0, 4, 4, false, 0x5A5A5A5A },
    { "st_as", "i64.store_as ", 1, 3, false, 0, 4, 8, false, 0x0123456789ABCDEF },
    { "st_a", "i64.store16_a ", 1, 0, true, 0x100, 1, 2, false, 0xBEEF },
    { "add_shl", "i32.add_shl ", 2, 31, false, 0, 0, 0, false, 0 },
    { "ld_ax", "i32.load_ax ", 0, 2, true, 0x1000, 4, 4, false, 0 },
    { "ld_ax35", "i64.load_ax ", 0, 3, true, 0xFFFFFFF8, 2, 8, false, 0 },
    { "st_ax", "i64.store16_ax ", 1, 1, true, 0xFF00, 6, 2, false, 0x7E57 },
};

static const uint32_t addr_vals[] = { 0, 1, 4, 0x110, 0xFFF0, MEMSZ - 8, MEMSZ - 6, MEMSZ - 5,
                                      MEMSZ - 4, MEMSZ, 0x4000, 0x3FFFFFFC, 0x80000000,
                                      0xFFFFFEF0, 0xFFFFFF00, 0xFFFFFFF0, 0xFFFFFFFC,
                                      0xFFFFFFFF };

static void test_address_forms(void)
{
    mw_instance *inst = instantiate(addr_src);
    if (!inst)
        return;
    mw_extern mx;
    CHECK(mw_instance_export_cstr(inst, "mem", &mx) && mx.kind == MW_EXTERN_MEMORY);
    uint8_t *mem = mw_memory_data(mx.of.memory);
    CHECK(mw_memory_size(mx.of.memory) == MEMSZ);
    uint8_t *shadow = malloc(MEMSZ);
    for (uint32_t i = 0; i < MEMSZ; i++)
        mem[i] = (uint8_t)(i * 131u + (i >> 8) * 7u + 3u);
    memcpy(shadow, mem, MEMSZ);
    size_t ntraps = 0, nok = 0;
    for (size_t c = 0; c < sizeof addr_cases / sizeof addr_cases[0]; c++) {
        const addr_case *ac = &addr_cases[c];
        CHECK(has_form(inst, (uint32_t)c, ac->form));
        mw_func *fn = export_fn(inst, ac->name);
        size_t nv = sizeof addr_vals / sizeof addr_vals[0];
        for (size_t i = 0; i < nv; i++) {
            for (size_t j = 0; j < (ac->konst ? 1 : nv); j++) {
                uint32_t a = addr_vals[i], bv = ac->konst ? ac->k : addr_vals[j];
                uint32_t sum = ac->konst ? (a << ac->shift) + ac->k   /* wraps */
                                         : a + (bv << ac->shift);
                /* A store's value is a parameter: the translator fuses the address only
                 * with an access right after it (a constant value would come between). */
                mw_val args[3] = { mw_val_i32((int32_t)a), mw_val_i32((int32_t)bv),
                                   mw_val_i64((int64_t)ac->stval) }, res;
                res.of.i64 = 0;
                mw_error err;
                mw_result r = mw_func_call(store, fn, args, ac->kind == 1 ? 3 : 2, &res,
                                           ac->kind == 1 ? 0 : 1, &err);
                if (ac->kind == 2) {
                    CHECKF(r == MW_OK && (uint64_t)res.of.i64 == sum, "add_shl %x %x", a, bv);
                    continue;
                }
                uint64_t ea = (uint64_t)sum + ac->offset;   /* the offset does not wrap */
                if (ea + ac->size > MEMSZ) {
                    ntraps++;
                    CHECKF(r == MW_ERR_TRAP && err.trap == MW_TRAP_MEMORY_OOB,
                           "%s a=0x%x b=0x%x: expected an out-of-bounds trap (r=%d)",
                           ac->name, a, bv, (int)r);
                    CHECKF(memcmp(mem, shadow, MEMSZ) == 0, "%s a=0x%x b=0x%x: a trapping "
                           "access changed memory", ac->name, a, bv);
                    continue;
                }
                nok++;
                CHECKF(r == MW_OK, "%s a=0x%x b=0x%x: %s", ac->name, a, bv,
                       r == MW_OK ? "" : err.msg);
                if (r != MW_OK)
                    continue;
                if (ac->kind == 0) {
                    uint64_t want = 0;
                    memcpy(&want, shadow + ea, ac->size);   /* little-endian host */
                    if (ac->sign8)
                        want = (uint64_t)(int64_t)(int8_t)want;
                    CHECKF((uint64_t)res.of.i64 == want, "%s a=0x%x b=0x%x: got 0x%llx, "
                           "want 0x%llx", ac->name, a, bv, (unsigned long long)res.of.i64,
                           (unsigned long long)want);
                } else {
                    memcpy(shadow + ea, &ac->stval, ac->size);
                    CHECKF(memcmp(mem, shadow, MEMSZ) == 0, "%s a=0x%x b=0x%x: memory differs",
                           ac->name, a, bv);
                    memcpy(mem, shadow, MEMSZ);   /* resynchronise after a mismatch */
                }
            }
        }
    }
    /* An index teed to a local keeps its shl: the local is read after the load. */
    size_t ncases = sizeof addr_cases / sizeof addr_cases[0];
    CHECK(!has_form_quiet(inst, (uint32_t)ncases, "_ax "));
    for (size_t i = 0; i < sizeof addr_vals / sizeof addr_vals[0]; i++) {
        uint32_t a = addr_vals[i], x = a << 2;
        if ((uint64_t)(uint32_t)(x + 16) + 4 > MEMSZ)
            continue;
        uint32_t v;
        memcpy(&v, shadow + (uint32_t)(x + 16), 4);
        mw_val args[2] = { mw_val_i32((int32_t)a), mw_val_i32(0) }, res;
        mw_error err;
        mw_result r = mw_func_call(store, export_fn(inst, "ld_tee"), args, 2, &res, 1, &err);
        CHECKF(r == MW_OK && (uint64_t)res.of.i64 == (uint64_t)v + x, "ld_tee a=0x%x: got "
               "0x%llx", a, (unsigned long long)res.of.i64);
    }
    /* Both outcomes were exercised, and a store that trapped left memory alone. */
    CHECK(ntraps > 50 && nok > 50);
    printf("address forms: %zu in-bounds accesses, %zu traps\n", nok, ntraps);
    free(shadow);
}

/* ------------------------------------------------------------------ bit fields, rotates */

static uint32_t rotl32(uint32_t x, unsigned k) { k &= 31; return k ? (x << k) | (x >> (32 - k)) : x; }

/* (x >> k) & mask (i32.shr_u_and) and rotl/rotr(x, k) ^ y in both operand orders
 * (i32.rotl_xor), with shift counts at and beyond 32 (taken modulo 32). */
static void test_bit_forms(void)
{
    static const uint32_t ks[] = { 0, 1, 7, 31, 32, 35 };
    static const uint32_t masks[] = { 0, 1, 0x3F, 0x80000000, 0xFFFFFFFF };
    static const uint32_t xs[] = { 0, 1, 0x80000000, 0x80000001, 0x12345678, 0xFFFFFFFF };
    const size_t nk = sizeof ks / sizeof ks[0], nm = sizeof masks / sizeof masks[0];
    const size_t nx = sizeof xs / sizeof xs[0];
    sbuf b = { 0 };
    sb_printf(&b, "(module\n");
    for (size_t i = 0; i < nk; i++) {
        for (size_t j = 0; j < nm; j++)
            sb_printf(&b, " (func (param i32 i32) (result i32) (i32.and (i32.shr_u (local.get 0)"
                      " (i32.const %u)) (i32.const %d)))\n", ks[i], (int)masks[j]);
        sb_printf(&b, " (func (param i32 i32) (result i32) (i32.xor (i32.rotl (local.get 0)"
                  " (i32.const %u)) (local.get 1)))\n", ks[i]);
        sb_printf(&b, " (func (param i32 i32) (result i32) (i32.xor (local.get 1) (i32.rotr"
                  " (local.get 0) (i32.const %u))))\n", ks[i]);
    }
    size_t nf = nk * (nm + 2);
    mw_instance *inst = instantiate_fns(&b, nf);
    if (!inst)
        return;
    for (size_t f = 0; f < nf; f++) {
        size_t i = f / (nm + 2), j = f % (nm + 2);
        CHECK(has_form(inst, (uint32_t)f, j < nm ? "i32.shr_u_and " : "i32.rotl_xor "));
        mw_func *fn = fn_at(inst, f);
        for (size_t p = 0; p < nx; p++) {
            for (size_t q = 0; q < nx; q++) {
                uint32_t x = xs[p], y = xs[q], want;
                if (j < nm)
                    want = (x >> (ks[i] & 31)) & masks[j];
                else if (j == nm)
                    want = rotl32(x, ks[i]) ^ y;
                else
                    want = rotl32(x, 32 - (ks[i] & 31)) ^ y;
                mw_val args[2] = { mw_val_i32((int32_t)x), mw_val_i32((int32_t)y) }, res;
                mw_error err;
                mw_result r = mw_func_call(store, fn, args, 2, &res, 1, &err);
                CHECKF(r == MW_OK && (uint32_t)res.of.i32 == want, "bit form %zu k=%u x=0x%x "
                       "y=0x%x: got 0x%x, want 0x%x", j, ks[i], x, y, (unsigned)res.of.i32, want);
            }
        }
    }
}

/* ------------------------------------------------------------------ branch fusions */

static const uint32_t bt_vals[] = { 0, 1, 2, 0x80, 0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 0x10001 };

/* Bit tests: x & y branching when nonzero or zero, through br_if and if, with and
 * without an i32.eqz between (which inverts the branch), slot and immediate operand.
 * Each function returns 9 when x & y is nonzero, else 7. */
static void test_bit_tests(void)
{
    static const uint32_t masks[] = { 0, 1, 0x80000000, 0xFF00, 0xFFFFFFFF };
    /* the four shapes, and the form each becomes */
    static const char *const shape[4] = {
        "(block (br_if 0 %s) (return (i32.const 7))) (i32.const 9)",
        "(if (result i32) %s (then (i32.const 9)) (else (i32.const 7)))",
        "(block (br_if 0 (i32.eqz %s)) (return (i32.const 9))) (i32.const 7)",
        "(if (result i32) (i32.eqz %s) (then (i32.const 7)) (else (i32.const 9)))",
    };
    static const char *const form[4] = { "brt.i32.and", "brf.i32.and", "brf.i32.and", "brt.i32.and" };
    const size_t nm = sizeof masks / sizeof masks[0], nv = sizeof bt_vals / sizeof bt_vals[0];
    sbuf b = { 0 };
    sb_printf(&b, "(module\n");
    for (size_t j = 0; j <= nm; j++) {   /* j == nm: both operands are parameters */
        char test[96];
        if (j == nm)
            snprintf(test, sizeof test, "(i32.and (local.get 0) (local.get 1))");
        else
            snprintf(test, sizeof test, "(i32.and (local.get 0) (i32.const %d))", (int)masks[j]);
        for (size_t k = 0; k < 4; k++) {
            sb_printf(&b, " (func (param i32 i32) (result i32) ");
            sb_printf(&b, shape[k], test);
            sb_printf(&b, ")\n");
        }
    }
    size_t nf = 4 * (nm + 1);
    mw_instance *inst = instantiate_fns(&b, nf);
    if (!inst)
        return;
    for (size_t f = 0; f < nf; f++) {
        size_t j = f / 4;
        bool ri = j < nm;
        char want_form[32];
        snprintf(want_form, sizeof want_form, "%s%s ", form[f % 4], ri ? "_ri" : "");
        CHECK(has_form(inst, (uint32_t)f, want_form));
        mw_func *fn = fn_at(inst, f);
        for (size_t p = 0; p < nv; p++) {
            for (size_t q = 0; q < (ri ? 1 : nv); q++) {
                uint32_t x = bt_vals[p], y = ri ? masks[j] : bt_vals[q];
                int32_t want = (x & y) ? 9 : 7;
                mw_val args[2] = { mw_val_i32((int32_t)x), mw_val_i32((int32_t)y) }, res;
                mw_error err;
                mw_result r = mw_func_call(store, fn, args, 2, &res, 1, &err);
                CHECKF(r == MW_OK && res.of.i32 == want, "bit test f%zu x=0x%x y=0x%x: got %d",
                       f, x, y, (int)res.of.i32);
            }
        }
    }
}

/* Counts: x = x + k (or x - k) teed to a local and tested by the branch right after it.
 * f0: a loop counting x down to 0 by k (br_if back: add_ri.brt); f1: if on the new x
 * (add_ri.brf), returning 2 * new x + taken, so the local's value is checked too. */
static void test_counts(void)
{
    static const int32_t ks[] = { 1, 3, -1, -7, 0x40000000 };
    const size_t nk = sizeof ks / sizeof ks[0], nv = sizeof bt_vals / sizeof bt_vals[0];
    sbuf b = { 0 };
    sb_printf(&b, "(module\n");
    for (size_t i = 0; i < nk; i++) {
        bool sub = i % 2 == 0;   /* both the sub and the add of a constant */
        int32_t kk = sub ? ks[i] : -ks[i];
        sb_printf(&b, " (func (param i32) (result i32) (local i32)\n"
                  "   (loop $l\n"
                  "     (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n"
                  "     (br_if $l (local.tee 0 (i32.%s (local.get 0) (i32.const %d)))))\n"
                  "   (i32.add (local.get 1) (i32.mul (local.get 0) (i32.const 1000))))\n",
                  sub ? "sub" : "add", (int)kk);
        sb_printf(&b, " (func (param i32) (result i32)\n"
                  "   (if (result i32) (local.tee 0 (i32.%s (local.get 0) (i32.const %d)))\n"
                  "     (then (i32.const 1)) (else (i32.const 0)))\n"
                  "   (i32.add (i32.shl (local.get 0) (i32.const 1))))\n",
                  sub ? "sub" : "add", (int)kk);
    }
    mw_instance *inst = instantiate_fns(&b, 2 * nk);
    if (!inst)
        return;
    size_t nslices = 0;
    for (size_t f = 0; f < 2 * nk; f++) {
        uint32_t k = (uint32_t)ks[f / 2];   /* x goes down by k */
        bool loop = f % 2 == 0;
        CHECK(has_form(inst, (uint32_t)f, loop ? "i32.add_ri.brt " : "i32.add_ri.brf "));
        mw_func *fn = fn_at(inst, f);
        for (uint32_t m = 0; m < (loop ? 6u : nv); m++) {
            /* The loop starts at a multiple of k (0 would wrap 2^32 / k times). */
            uint32_t x = loop ? (m + 1) * k : bt_vals[m];
            uint32_t want = 2 * (x - k) + (x - k != 0);
            if (loop) {
                uint32_t y = x;
                want = 0;
                do { want++; y -= k; } while (y != 0);
            }
            mw_val arg = mw_val_i32((int32_t)x), res;
            mw_error err;
            mw_result r = mw_func_call(store, fn, &arg, 1, &res, 1, &err);
            CHECKF(r == MW_OK && (uint32_t)res.of.i32 == want, "count f%zu x=0x%x: got 0x%x "
                   "want 0x%x", f, x, (unsigned)res.of.i32, want);
            if (!loop)
                continue;
            /* The same loop in slices of 1-7 units: each suspension at the fused
             * back-edge resumes by re-executing it, which must not subtract twice. */
            for (uint64_t slice = 1; slice <= 7; slice += 3) {
                mw_store_set_fuel(store, slice);
                res.of.i32 = -1;
                r = mw_func_call_resumable(store, fn, &arg, 1, &res, 1, &err);
                size_t n = 0;
                while (r == MW_SUSPENDED && n++ < 100000) {
                    CHECK(mw_store_suspend_reason(store) == MW_SUSPEND_FUEL);
                    mw_store_set_fuel(store, slice);
                    r = mw_call_resume(store, NULL, 0, &res, 1, &err);
                }
                nslices += n;
                CHECKF(r == MW_OK && (uint32_t)res.of.i32 == want, "count f%zu x=0x%x in "
                       "slices of %u: got 0x%x (r=%d)", f, x, (unsigned)slice,
                       (unsigned)res.of.i32, (int)r);
                if (r == MW_SUSPENDED)
                    mw_call_abort(store);
            }
            mw_store_disable_fuel(store);
        }
    }
    /* The sliced runs really suspended (else they tested nothing beyond the plain run). */
    CHECK(nslices > 50);
    printf("counts: %zu suspensions in sliced count loops\n", nslices);
}

/* ------------------------------------------------------------------ sums */

/* i32.add3: (a + b) + c and c + (a + b) wrap as two adds; a sum of four terms is an add3
 * then an add reading the add3's result from the accumulator (add3 must leave it). */
static void test_add3(void)
{
    sbuf b = { 0 };
    sb_printf(&b, "(module\n"
              " (func (param i32 i32 i32 i32) (result i32)\n"
              "   (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))\n"
              " (func (param i32 i32 i32 i32) (result i32)\n"
              "   (i32.add (local.get 2) (i32.add (local.get 0) (local.get 1))))\n"
              " (func (param i32 i32 i32 i32) (result i32)\n"
              "   (i32.add (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2))\n"
              "     (local.get 3)))\n");
    mw_instance *inst = instantiate_fns(&b, 3);
    if (!inst)
        return;
    for (uint32_t f = 0; f < 3; f++)
        CHECK(has_form(inst, f, "i32.add3 "));
    CHECK(has_form(inst, 2, "i32.add.acc "));
    const size_t nv = sizeof bt_vals / sizeof bt_vals[0];
    mw_error err;
    for (size_t i = 0; i < nv; i++)
        for (size_t j = 0; j < nv; j++)
            for (size_t k = 0; k < nv; k += 3) {
                uint32_t x = bt_vals[i], y = bt_vals[j], z = bt_vals[k], u = bt_vals[nv - 1 - k];
                mw_val args[4] = { mw_val_i32((int32_t)x), mw_val_i32((int32_t)y),
                                   mw_val_i32((int32_t)z), mw_val_i32((int32_t)u) }, res;
                for (uint32_t f = 0; f < 3; f++) {
                    uint32_t want = x + y + z + (f == 2 ? u : 0);
                    mw_result r = mw_func_call(store, fn_at(inst, f), args, 4, &res, 1, &err);
                    CHECKF(r == MW_OK && (uint32_t)res.of.i32 == want, "add3 f%u: got 0x%x "
                           "want 0x%x", f, (unsigned)res.of.i32, want);
                }
            }
}

/* The .acc forms of the four fused integer forms: rotl_xor's other operand, add3's, a
 * shr_u_and's shifted value and an add_shl's base, each the result of the instruction
 * just before (an xor or add, which leaves it in the accumulator); each against its
 * slot form (the value through a local, with a copy in between that takes it out of
 * the accumulator) and against C. */
static uint32_t rotl32(uint32_t x, unsigned k);
static void test_fused_acc(void)
{
    static const char *const forms[4] = { "i32.rotl_xor", "i32.add3", "i32.shr_u_and",
                                          "i32.add_shl" };
    /* v is the value made just before; e the expression that fuses with it */
    static const char *const v[4] = { "(i32.add (i32.rotl (local.get 0) (i32.const 5)) (local.get 1))",
                                      "(i32.xor (local.get 0) (local.get 1))",
                                      "(i32.xor (local.get 0) (local.get 1))",
                                      "(i32.xor (local.get 0) (local.get 1))" };
    static const char *const e[4] = { "(i32.xor %s (i32.rotl (local.get 2) (i32.const 7)))",
                                      "(i32.add %s (i32.add (local.get 2) (local.get 0)))",
                                      "(i32.and (i32.shr_u %s (i32.const 9)) (i32.const 0x3ff))",
                                      "(i32.add %s (i32.shl (local.get 2) (i32.const 3)))" };
    sbuf b = { 0 };
    sb_printf(&b, "(module\n");
    for (int f = 0; f < 4; f++) {
        char body[256];
        snprintf(body, sizeof body, e[f], v[f]);
        sb_printf(&b, " (func (param i32 i32 i32) (result i32) %s)\n", body);
        snprintf(body, sizeof body, e[f], "(local.get 3)");
        sb_printf(&b, " (func (param i32 i32 i32) (result i32) (local i32 i32)\n"
                  "   (local.set 3 %s) (local.set 4 (local.get 0)) %s)\n", v[f], body);
    }
    mw_instance *inst = instantiate_fns(&b, 8);
    if (!inst)
        return;
    for (uint32_t f = 0; f < 4; f++) {
        char form[40];
        snprintf(form, sizeof form, "%s.acc ", forms[f]);
        CHECK(has_form(inst, 2 * f, form));
        CHECK(!has_form_quiet(inst, 2 * f + 1, form));
        snprintf(form, sizeof form, "%s ", forms[f]);
        CHECK(has_form(inst, 2 * f + 1, form));
    }
    const size_t nv = sizeof bt_vals / sizeof bt_vals[0];
    mw_error err;
    for (size_t i = 0; i < nv; i++)
        for (size_t j = 0; j < nv; j++)
            for (size_t k = 0; k < nv; k++) {
                uint32_t x = bt_vals[i], y = bt_vals[j], z = bt_vals[k];
                mw_val args[3] = { mw_val_i32((int32_t)x), mw_val_i32((int32_t)y),
                                   mw_val_i32((int32_t)z) }, res;
                uint32_t want[4] = { rotl32(z, 7) ^ (rotl32(x, 5) + y), (x ^ y) + z + x,
                                     ((x ^ y) >> 9) & 0x3ff, (x ^ y) + (z << 3) };
                for (uint32_t f = 0; f < 8; f++) {
                    mw_result r = mw_func_call(store, fn_at(inst, f), args, 3, &res, 1, &err);
                    CHECKF(r == MW_OK && (uint32_t)res.of.i32 == want[f / 2], "%s%s: got 0x%x "
                           "want 0x%x", forms[f / 2], f % 2 ? "" : ".acc",
                           (unsigned)res.of.i32, want[f / 2]);
                }
            }
}


/* ------------------------------------------------------------------ joined pairs */

/* Does function fidx have a line naming `first` ("i32.add_ri+") followed by one naming
 * `second` (pair.c: the pair's first form, the second whole after it)? */
static bool has_pair(mw_instance *inst, uint32_t fidx, const char *first, const char *second)
{
    sbuf b = { 0 };
    sb_printf(&b, "%s", "");
    bool ok = false;
    if (mw_module_explore(mw_instance_module(inst), fidx, explore_cb, &b) == MW_OK) {
        const char *prev = NULL;
        for (const char *l = b.p; *l && !ok; ) {
            const char *nl = strchr(l, '\n'), *name = strstr(l, ": ");
            if (name && (!nl || name < nl)) {
                name += 2;
                size_t n = strlen(second);
                ok = prev && !strncmp(name, second, n) && name[n] == ' ';
                prev = !strncmp(name, first, strlen(first)) && name[strlen(first)] == ' ' ? name : NULL;
            }
            l = nl ? nl + 1 : l + strlen(l);
        }
    }
    free(b.p);
    return ok;
}

/* Every pair and chain of opcodes.h MW_PAIRS and MW_CHAINS, each in a function where its
 * first form is followed by its second (at '|'; a chain's second joined to what follows
 * it), against the same function with an instruction in between (a global.set: no
 * pair); and a pair whose second is a loop's head, where the back-edge lands on the
 * second alone. Each function's result hashes every local it
 * touched and the memory a pair writes (the 8 bytes at 72, as f64 and as two i32). */
static void test_pairs(void)
{
    /* f64.add_m.acc */
#define ADD_M "(f64.store offset=8 (local.get 6) (f64.add (f64.mul (local.get 8) (local.get 9)) " \
        "(f64.load offset=8 (local.get 6))))"
    /* x + y; bits 8..15 of x, a multiple of 4 */
#define SUM01 "(i32.add (local.get 0) (local.get 1))"
#define BYTE2 "(i32.and (i32.shr_u (local.get 0) (i32.const 8)) (i32.const 252))"
    /* a br_table on index x to three blocks, each setting local 4 */
#define BR_TABLE_OF(x) "(block $d (block $c (block $a (br_table $a $c $d " x ") (local.set 4 " \
        "(i32.const 1)) (br $d)) (local.set 4 (i32.const 2)) (br $d)) (local.set 4 (i32.const 3)))"
    /* x before an unconditional branch: at the end of an if's arm, and in a loop's latch */
#define ARM(x) "(block $b (block (br_if 0 (i32.eqz (local.get 1))) " x " | (br $b)) " \
        "(local.set 4 (i32.const 9)))"
#define LATCH(x) "(loop $l (local.set 11 (i32.sub (local.get 11) (i32.const 1))) " \
        "(if (local.get 11) (then " x " | (br $l))))"
    /* |d| as C's d < 0 ? -d : d (not f64.abs: -0 stays -0), d = 8 - 9 */
#define ABS_D "(local.set 10 (select (f64.neg (local.tee 16 (f64.sub (local.get 8) (local.get 9)))) " \
        "(local.get 16) (f64.lt (local.get 16) (f64.const 0))))"
    /* body: the joined function, '|' where the second starts; ref: the same apart (NULL:
     * body with a global.set at '|'; where the pair is inside one expression, the same
     * values through the scratch local 15) */
    static const struct { const char *first, *second, *body, *ref; } cases[] = {
        { "i32.add_ri+", "i32.add_ri", "(local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(local.set 6 (i32.add (local.get 6) (i32.const 9)))", NULL },
        { "i32.add_ri+", "i64.add_ri", "(local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(local.set 7 (i64.add (local.get 7) (i64.const 11)))", NULL },
        { "i32.add_ri+", "i32.add_ri.brt", "(loop $l (local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(br_if $l (local.tee 11 (i32.add (local.get 11) (i32.const -1)))))", NULL },
        { "i32.add_ri+", "f64.mul_la", "(local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(local.set 10 (f64.mul (local.get 8) (f64.load (i32.add (local.get 12) (i32.const 8)))))", NULL },
        { "i32.add_ri+", "brf.i32.and_ri", "(local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(if (i32.and (local.get 0) (i32.const 4)) (then (local.set 4 (i32.const 77))))", NULL },
        { "i32.add_ri+", "i32.load_ax", "(local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(local.set 5 (i32.load (i32.add (i32.shl (local.get 11) (i32.const 2)) (i32.const 16))))", NULL },
        { "i32.add_ri+", "i32.shr_u", "(local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(local.set 5 (i32.shr_u (local.get 0) (local.get 1)))", NULL },
        { "i32.add_ri+", "brt.i32.gt_u_ri", "(block $b (local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(br_if $b (i32.gt_u (local.get 0) (i32.const 7))) (local.set 4 (i32.const 5)))", NULL },
        { "i32.add_ri+", "add_ri.brt.i32.ne", "(loop $l (local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(br_if $l (i32.ne (local.tee 11 (i32.add (local.get 11) (i32.const 1))) (local.get 13))))", NULL },
        { "i32.add_ri+", "i32.sub_ri", "(local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(local.set 3 (i32.sub (local.get 3) (i32.const 2)))", NULL },
        { "i32.add_ri+", "copy", "(local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(local.set 4 (local.get 1))", NULL },
        { "i32.add_ri+", "br", ARM("(local.set 2 (i32.add (local.get 2) (i32.const 3)))"), NULL },
        { "i32.add_ri+", "i32.add_shl.acc", "(local.set 5 (i32.add (i32.add (local.get 12) "
          "(i32.const 64)) (i32.shl (local.get 11) (i32.const 2))))",
          "(local.set 15 (i32.add (local.get 12) (i32.const 64))) | "
          "(local.set 5 (i32.add (local.get 15) (i32.shl (local.get 11) (i32.const 2))))" },
        { "i64.add_ri+", "i32.add_ri", "(local.set 7 (i64.add (local.get 7) (i64.const 5))) | "
          "(local.set 2 (i32.add (local.get 2) (i32.const 3)))", NULL },
        { "i64.add_ri+", "brt.i64.ne", "(loop $l (br_if $l (i64.ne (local.tee 7 (i64.add (local.get 7) "
          "(i64.const 1))) (local.get 14))))",
          "(loop $l (local.set 7 (i64.add (local.get 7) (i64.const 1))) | "
          "(br_if $l (i64.ne (local.get 7) (local.get 14))))" },
        { "i64.add_ri+", "br.back", LATCH("(local.set 7 (i64.add (local.get 7) (i64.const 5)))"), NULL },
        { "i32.sub_ri+", "call.local", "(local.set 2 (call $f (i32.sub (local.get 2) (i32.const 1))))",
          "(local.set 15 (i32.sub (local.get 2) (i32.const 1))) | (local.set 2 (call $f (local.get 15)))" },
        { "i32.sub_ri+", "call.local.c", "(local.set 2 (call $g2 (i32.sub (local.get 2) (i32.const 1)) "
          "(local.get 1)))", "(local.set 15 (i32.sub (local.get 2) (i32.const 1))) | "
          "(local.set 2 (call $g2 (local.get 15) (local.get 1)))" },
        { "i32.sub_ri+", "f64.mul", "(local.set 3 (i32.sub (local.get 3) (i32.const 7))) | "
          "(local.set 10 (f64.mul (local.get 8) (local.get 9)))", NULL },
        { "copy+", "f64.mul", "(local.set 4 (local.get 0)) | (local.set 10 (f64.mul (local.get 8) (local.get 9)))", NULL },
        { "copy+", "f64.sub", "(local.set 4 (local.get 0)) | (local.set 10 (f64.sub (local.get 8) (local.get 9)))", NULL },
        { "copy+", "i32.add", "(local.set 4 (local.get 0)) | (local.set 5 (i32.add (local.get 5) (local.get 1)))", NULL },
        { "copy+", "i32.add_ri", "(local.set 4 (local.get 0)) | (local.set 6 (i32.add (local.get 6) (i32.const 9)))", NULL },
        { "i32.add+", "i32.add", "(local.set 5 (i32.add (local.get 0) (local.get 1))) | "
          "(local.set 6 (i32.add (local.get 6) (local.get 1)))", NULL },
        { "i32.add+", "f64.load_a.acc", "(local.set 10 (f64.load (i32.add (i32.add (local.get 12) "
          "(local.get 11)) (i32.const 8))))", "(local.set 15 (i32.add (local.get 12) (local.get 11))) | "
          "(local.set 10 (f64.load (i32.add (local.get 15) (i32.const 8))))" },
        { "i32.add+", "brt.i32.lt_u", "(block $b (local.set 5 (i32.add (local.get 0) (local.get 1))) | "
          "(br_if $b (i32.lt_u (local.get 0) (local.get 1))) (local.set 4 (i32.const 5)))", NULL },
        { "f64.add_m.acc+", "i32.add_ri", "(f64.store offset=8 (local.get 6) (f64.add (f64.mul "
          "(local.get 8) (local.get 9)) (f64.load offset=8 (local.get 6)))) | "
          "(local.set 2 (i32.add (local.get 2) (i32.const 3)))", NULL },
        { "f64.add_m.acc+", "i32.sub_ri", "(f64.store offset=8 (local.get 6) (f64.add (f64.mul "
          "(local.get 8) (local.get 9)) (f64.load offset=8 (local.get 6)))) | "
          "(local.set 3 (i32.sub (local.get 3) (i32.const 7)))", NULL },
        { "i32.add.acc+", "add_ri.brt.i32.gt_u_ri", "(loop $l (local.set 4 (i32.add (i32.mul "
          "(local.get 0) (i32.const 3)) (local.get 4))) | (br_if $l (i32.gt_u (local.tee 11 "
          "(i32.add (local.get 11) (i32.const -1))) (i32.const 1))))", NULL },
        { "i32.add.acc+", "i32.load8_u_a", "(local.set 4 (i32.add (i32.mul (local.get 0) "
          "(i32.const 3)) (local.get 4))) | (local.set 5 (i32.load8_u (i32.add (local.get 11) "
          "(i32.const 5))))", NULL },
        { "f64.sub+", "f64.add.acc", "(local.set 10 (f64.add (local.tee 16 (f64.sub (local.get 8) "
          "(local.get 9))) (local.get 10)))", "(local.set 16 (f64.sub (local.get 8) (local.get 9))) | "
          "(local.set 10 (f64.add (local.get 16) (local.get 10)))" },
        { "f64.mul+", "f64.mul_add", "(local.set 10 (f64.mul (local.get 8) (local.get 8))) | "
          "(local.set 16 (f64.add (f64.mul (local.get 9) (local.get 9)) (local.get 8)))", NULL },
        { "br_ifz+", "br_ifz", "(if (local.get 0) (then | (if (local.get 1) (then "
          "(local.set 4 (i32.const 1))))))", NULL },
        { "f64.neg.acc+", "sel.f64.lt_ri", ABS_D, "(local.set 16 (f64.sub (local.get 8) (local.get 9))) "
          "(local.set 17 (f64.neg (local.get 16))) | (local.set 10 (select (local.get 17) "
          "(local.get 16) (f64.lt (local.get 16) (f64.const 0))))" },
        { "f64.add+", "copy+", "(loop $l (local.set 10 (f64.add (local.get 10) (local.get 8))) | "
          "(local.set 4 (local.get 5)) (br_if $l (i32.ne (local.tee 11 (i32.add (local.get 11) "
          "(i32.const 1))) (i32.const 20))))", NULL },
        /* chains (MW_CHAINS): the first, then the second joined to what follows it */
        { "f64.add_m.acc++", "i32.add_ri+", ADD_M " | "
          "(local.set 2 (i32.add (local.get 2) (i32.const 3))) "
          "(local.set 10 (f64.mul (local.get 8) (f64.load (i32.add (local.get 12) (i32.const 8)))))", NULL },
        { "i32.add_ri++", "i32.add_ri+", "(loop $l (local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(local.set 3 (i32.add (local.get 3) (i32.const 5))) (br_if $l (i32.ne (local.tee 11 "
          "(i32.add (local.get 11) (i32.const 1))) (local.get 13))))", NULL },
        { "f64.add_m.acc++", "i32.add_ri++", "(loop $l " ADD_M " | "
          "(local.set 2 (i32.add (local.get 2) (i32.const 3))) (local.set 3 (i32.add (local.get 3) "
          "(i32.const 5))) (br_if $l (i32.ne (local.tee 11 (i32.add (local.get 11) (i32.const 1))) "
          "(local.get 13))))", NULL },
        { "i32.add_ri++", "i32.add_ri+", "(loop $l (local.set 3 (i32.add (local.get 3) (i32.const 5))) | "
          "(local.set 2 (i32.add (local.get 2) (i32.const 3))) (br_if $l (local.tee 11 (i32.add "
          "(local.get 11) (i32.const -1)))))", NULL },
        { "f64.add_m.acc++", "i32.add_ri++", "(loop $l " ADD_M " | "
          "(local.set 3 (i32.add (local.get 3) (i32.const 5))) (local.set 2 (i32.add (local.get 2) "
          "(i32.const 3))) (br_if $l (local.tee 11 (i32.add (local.get 11) (i32.const -1)))))", NULL },
        { "i64.add_ri++", "i32.add_ri+", "(block $b (local.set 7 (i64.add (local.get 7) (i64.const 5))) | "
          "(local.set 2 (i32.add (local.get 2) (i32.const 3))) (br_if $b (i32.gt_u (local.get 0) "
          "(i32.const 7))) (local.set 4 (i32.const 5)))", NULL },
        { "copy++", "f64.sub+", "(local.set 4 (local.get 0)) | (local.set 10 (f64.add (local.tee 16 "
          "(f64.sub (local.get 8) (local.get 9))) (local.get 10)))", NULL },
        { "f64.add++", "copy++", "(local.set 10 (f64.add (local.get 8) (local.get 9))) | "
          "(local.set 4 (local.get 0)) (local.set 10 (f64.add (local.tee 16 (f64.sub (local.get 8) "
          "(local.get 9))) (local.get 10)))", NULL },
        { "copy++", "f64.mul+", "(local.set 4 (local.get 0)) | (local.set 10 (f64.mul (local.get 8) "
          "(local.get 8))) (local.set 16 (f64.add (f64.mul (local.get 9) (local.get 9)) (local.get 8)))", NULL },
        { "i32.add++", "i32.add+", "(local.set 5 (i32.add (local.get 0) (local.get 1))) | "
          "(local.set 10 (f64.load (i32.add (i32.add (local.get 12) (local.get 11)) (i32.const 8))))", NULL },
        { "copy++", "i32.add++", "(local.set 4 (local.get 0)) | (local.set 5 (i32.add (local.get 0) "
          "(local.get 1))) (local.set 10 (f64.load (i32.add (i32.add (local.get 12) (local.get 11)) "
          "(i32.const 8))))", NULL },
        { "f64.sub++", "f64.neg.acc+", ABS_D, "(local.set 16 (f64.sub (local.get 8) (local.get 9))) | "
          "(local.set 10 (select (f64.neg (local.get 16)) (local.get 16) (f64.lt (local.get 16) "
          "(f64.const 0))))" },
        { "brf.i32.ge_u_ri++", "i32.sub_ri+", "(if (i32.ge_u (local.get 0) (i32.const 2)) (then | "
          "(local.set 2 (call $f (i32.sub (local.get 2) (i32.const 1))))))", NULL },
        { "br_ifz++", "i32.sub_ri+", "(if (local.get 0) (then | (local.set 2 (call $g2 (i32.sub "
          "(local.get 2) (i32.const 1)) (local.get 1)))))", NULL },
        { "i32.shr_u++", "i32.add_ri+", "(local.set 5 (i32.shr_u (local.get 0) (local.get 1))) | "
          "(local.set 2 (i32.add (local.get 2) (i32.const 3))) (if (i32.and (local.get 0) "
          "(i32.const 4)) (then (local.set 4 (i32.const 77))))", NULL },
        { "i32.add_ri++", "i32.shr_u++", "(local.set 3 (i32.add (local.get 3) (i32.const 5))) | "
          "(local.set 5 (i32.shr_u (local.get 0) (local.get 1))) (local.set 2 (i32.add (local.get 2) "
          "(i32.const 3))) (if (i32.and (local.get 0) (i32.const 4)) (then (local.set 4 (i32.const 77))))", NULL },
        { "i32.add_ri++", "i64.add_ri+", "(loop $l (local.set 11 (i32.sub (local.get 11) (i32.const 1))) "
          "(if (local.get 11) (then (local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          "(local.set 7 (i64.add (local.get 7) (i64.const 5))) (br $l))))", NULL },
        { "f64.load++", "f64.mul_rsub+", "(local.set 16 (f64.load offset=8 (local.get 1))) | "
          "(f64.store offset=8 (local.get 6) (f64.sub (local.get 16) (f64.mul (local.get 8) "
          "(local.get 9))))", NULL },
        { "f64.add.acc++", "f64.mul_ri.acc+", "(f64.store offset=8 (local.get 6) (f64.mul (f64.add "
          "(f64.div (local.get 8) (local.get 9)) (local.get 10)) (f64.const 0.25)))",
          "(local.set 17 (f64.add (f64.div (local.get 8) (local.get 9)) (local.get 10))) | "
          "(f64.store offset=8 (local.get 6) (f64.mul (local.get 17) (f64.const 0.25)))" },
        { "f64.load_a++", "f64.add.acc++", "(f64.store offset=8 (local.get 6) (f64.mul (f64.add "
          "(f64.load offset=8 (i32.add (local.get 12) (i32.const 8))) (local.get 10)) (f64.const 0.25)))",
          "(local.set 17 (f64.load offset=8 (i32.add (local.get 12) (i32.const 8)))) | (f64.store offset=8 "
          "(local.get 6) (f64.mul (f64.add (local.get 17) (local.get 10)) (f64.const 0.25)))" },
        { "f64.div++", "f64.mul_l.acc+", "(local.set 10 (f64.add (f64.mul (f64.div (local.get 8) "
          "(local.get 9)) (f64.load (local.get 12))) (local.get 10)))", "(local.set 17 (f64.div "
          "(local.get 8) (local.get 9))) | (local.set 10 (f64.add (f64.mul (local.get 17) "
          "(f64.load (local.get 12))) (local.get 10)))" },
        { "i32.add_ri++", "i32.load_ax+", "(local.set 2 (i32.add (local.get 2) (i32.const 3))) | "
          BR_TABLE_OF("(i32.load (i32.add (i32.shl (local.get 11) (i32.const 2)) (i32.const 16)))"), NULL },
        /* more forms before an unconditional branch */
        { "copy+", "br", ARM("(local.set 4 (local.get 0))"), NULL },
        { "copy+", "br.back", LATCH("(local.set 4 (local.get 0))"), NULL },
        { "i32.add_ri+", "br.back", LATCH("(local.set 2 (i32.add (local.get 2) (i32.const 3)))"), NULL },
        { "i32.load+", "br", ARM("(local.set 5 (i32.load offset=4 (local.get 0)))"), NULL },
        { "i32.load_ax+", "br", ARM("(local.set 5 (i32.load (i32.add (i32.shl (local.get 11) "
          "(i32.const 2)) (i32.const 16))))"), NULL },
        { "i32.add_ri++", "i32.add_ri+", "(block $b (block (br_if 0 (i32.eqz (local.get 1))) "
          "(local.set 3 (i32.add (local.get 3) (i32.const 5))) | (local.set 2 (i32.add (local.get 2) "
          "(i32.const 3))) (br $b)) (local.set 4 (i32.const 9)))", NULL },
        /* pairs whose first is a load (some out of bounds: the address is an argument), a
         * store's value or an f64 row with the accumulator */
        { "f64.mul_rsub+", "f64.store.acc", "(f64.store offset=8 (local.get 6) (f64.sub (local.get 10) "
          "(f64.mul (local.get 8) (local.get 9))))", "(local.set 17 (f64.sub (local.get 10) "
          "(f64.mul (local.get 8) (local.get 9)))) | (f64.store offset=8 (local.get 6) (local.get 17))" },
        { "f64.add_la.acc+", "f64.add.acc", "(local.set 10 (f64.add (f64.add (f64.mul (local.get 8) "
          "(local.get 9)) (f64.load (i32.add (local.get 12) (i32.const 16)))) (local.get 10)))",
          "(local.set 17 (f64.add (f64.mul (local.get 8) (local.get 9)) (f64.load (i32.add "
          "(local.get 12) (i32.const 16))))) | (local.set 10 (f64.add (local.get 17) (local.get 10)))" },
        { "f64.mul_ri.acc+", "f64.store.acc", "(f64.store offset=8 (local.get 6) (f64.mul (f64.add "
          "(local.get 8) (local.get 9)) (f64.const 0.25)))", "(local.set 17 (f64.mul (f64.add "
          "(local.get 8) (local.get 9)) (f64.const 0.25))) | (f64.store offset=8 (local.get 6) "
          "(local.get 17))" },
        { "f64.mul_l.acc+", "f64.add.acc", "(local.set 10 (f64.add (f64.mul (f64.sub (local.get 8) "
          "(local.get 9)) (f64.load (local.get 12))) (local.get 10)))", "(local.set 17 (f64.mul "
          "(f64.sub (local.get 8) (local.get 9)) (f64.load (local.get 12)))) | (local.set 10 "
          "(f64.add (local.get 17) (local.get 10)))" },
        { "i32.load+", "i32.store.acc", "(i32.store offset=8 (local.get 6) (i32.load (local.get 0)))",
          "(local.set 15 (i32.load (local.get 0))) | (i32.store offset=8 (local.get 6) (local.get 15))" },
        { "i32.sub_ri+", "i32.sub_ri", "(local.set 3 (i32.sub (local.get 3) (i32.const 7))) | "
          "(local.set 2 (i32.sub (local.get 2) (i32.const 1)))", NULL },
        { "i32.load_as+", "i32.load_as", "(local.set 5 (i32.load (i32.add (local.get 12) (i32.shl "
          "(local.get 11) (i32.const 2))))) | (local.set 4 (i32.load offset=4 (i32.add (local.get 12) "
          "(i32.shl (local.get 11) (i32.const 2)))))", NULL },
        { "i32.load_as+", "i32.store.acc", "(i32.store offset=8 (local.get 6) (i32.load (i32.add "
          "(local.get 12) (i32.shl (local.get 11) (i32.const 2)))))", "(local.set 15 (i32.load "
          "(i32.add (local.get 12) (i32.shl (local.get 11) (i32.const 2))))) | "
          "(i32.store offset=8 (local.get 6) (local.get 15))" },
        { "i32.shr_u+", "i32.and_ri.acc", "(local.set 5 (i32.and (i32.shr_u (local.get 0) (local.get 1)) "
          "(i32.const 255)))", "(local.set 15 (i32.shr_u (local.get 0) (local.get 1))) | "
          "(local.set 5 (i32.and (local.get 15) (i32.const 255)))" },
        { "copy+", "br_if", "(block $b (local.set 4 (local.get 0)) | (br_if $b (local.get 1)) "
          "(local.set 5 (i32.const 9)))", NULL },
        { "copy+", "i32.shl_ri", "(local.set 4 (local.get 0)) | (local.set 5 (i32.shl (local.get 1) "
          "(i32.const 3)))", NULL },
        { "i32.load_ax+", "br_table.acc", BR_TABLE_OF("(i32.load (i32.add (i32.shl (local.get 11) "
          "(i32.const 2)) (i32.const 16)))"), "(local.set 15 (i32.load (i32.add (i32.shl (local.get 11) "
          "(i32.const 2)) (i32.const 16)))) | " BR_TABLE_OF("(local.get 15)") },
        /* integer hashing, crc, bit sets, an indirect call through a loaded index */
        { "i32.xor.acc+", "i32.mul_ri.acc", "(local.set 5 (i32.mul (i32.xor " SUM01 " (local.get 3)) "
          "(i32.const 0x9E3779B1)))", "(local.set 15 (i32.xor " SUM01 " (local.get 3))) | "
          "(local.set 5 (i32.mul (local.get 15) (i32.const 0x9E3779B1)))" },
        { "i32.mul_ri.acc+", "i32.shr_u_ri.acc", "(local.set 5 (i32.shr_u (i32.mul " SUM01 " "
          "(i32.const 0x9E3779B1)) (i32.const 13)))", "(local.set 15 (i32.mul " SUM01 " "
          "(i32.const 0x9E3779B1))) | (local.set 5 (i32.shr_u (local.get 15) (i32.const 13)))" },
        { "i32.shr_u_ri.acc+", "i32.xor.acc", "(local.set 5 (i32.xor (i32.shr_u " SUM01 " (i32.const 13)) "
          "(local.get 3)))", "(local.set 15 (i32.shr_u " SUM01 " (i32.const 13))) | "
          "(local.set 5 (i32.xor (local.get 15) (local.get 3)))" },
        { "i32.shr_u_ri+", "i32.xor.acc", "(local.set 5 (i32.xor (i32.shr_u (local.get 0) (i32.const 7)) "
          "(local.get 3)))", "(local.set 15 (i32.shr_u (local.get 0) (i32.const 7))) | "
          "(local.set 5 (i32.xor (local.get 15) (local.get 3)))" },
        { "i32.xor.acc+", "i32.shr_u_and", "(local.set 5 (i32.xor " SUM01 " (local.get 3))) | "
          "(local.set 4 (i32.and (i32.shr_u (local.get 2) (i32.const 8)) (i32.const 255)))", NULL },
        { "i32.shr_u_and+", "i32.load_a.acc", "(local.set 5 (i32.load offset=4 (i32.add " BYTE2 " "
          "(i32.const 16))))", "(local.set 15 " BYTE2 ") | (local.set 5 (i32.load offset=4 (i32.add "
          "(local.get 15) (i32.const 16))))" },
        { "i32.shr_u_and.acc+", "i32.load_a.acc", "(local.set 5 (i32.load offset=4 (i32.add (i32.and "
          "(i32.shr_u " SUM01 " (i32.const 8)) (i32.const 252)) (i32.const 16))))", "(local.set 15 "
          "(i32.and (i32.shr_u " SUM01 " (i32.const 8)) (i32.const 252))) | (local.set 5 (i32.load "
          "offset=4 (i32.add (local.get 15) (i32.const 16))))" },
        { "i32.load_a.acc+", "i32.xor.acc", "(local.set 5 (i32.xor (i32.load offset=4 (i32.add " SUM01 " "
          "(i32.const 16))) (local.get 3)))", "(local.set 15 (i32.load offset=4 (i32.add " SUM01 " "
          "(i32.const 16)))) | (local.set 5 (i32.xor (local.get 15) (local.get 3)))" },
        { "i32.load+", "i32.load.acc", "(local.set 5 (i32.load offset=4 (i32.load (local.get 12))))",
          "(local.set 15 (i32.load (local.get 12))) | (local.set 5 (i32.load offset=4 (local.get 15)))" },
        { "i32.load.acc+", "call_indirect.cc", "(local.set 5 (call_indirect (type $t2) (local.get 2) "
          "(local.get 3) (i32.load offset=200 (i32.and (local.get 0) (i32.const 4)))))", "(local.set 15 "
          "(i32.load offset=200 (i32.and (local.get 0) (i32.const 4)))) | (local.set 5 (call_indirect "
          "(type $t2) (local.get 2) (local.get 3) (local.get 15)))" },
        { "i32.or.acc+", "i32.store.acc", "(i32.store offset=8 (local.get 6) (i32.or " SUM01 " "
          "(local.get 3)))", "(local.set 15 (i32.or " SUM01 " (local.get 3))) | "
          "(i32.store offset=8 (local.get 6) (local.get 15))" },
        { "i32.add.acc+", "i32.load.acc", "(local.set 2 (i32.load (local.tee 3 (i32.add " BYTE2 " "
          "(local.get 1)))))", "(local.set 3 (i32.add " BYTE2 " (local.get 1))) | "
          "(local.set 2 (i32.load (local.get 3)))" },
        { "i32.add+", "i32.sub_ri.acc", "(local.set 5 (i32.sub " SUM01 " (i32.const 7)))",
          "(local.set 15 " SUM01 ") | (local.set 5 (i32.sub (local.get 15) (i32.const 7)))" },
        { "i32.xor.acc++", "i32.shr_u_and+", "(local.set 2 (i32.xor " SUM01 " (local.get 3))) | "
          "(local.set 5 (i32.load offset=4 (i32.add " BYTE2 " (i32.const 16))))", NULL },
        { "i32.load++", "i32.load.acc+", "(local.set 15 (i32.and (local.get 0) (i32.const 4))) | "
          "(local.set 5 (call_indirect (type $t2) (local.get 2) (local.get 3) (i32.load offset=200 "
          "(i32.load offset=208 (local.get 15)))))", "(local.set 15 (i32.and (local.get 0) (i32.const 4))) "
          "(local.set 18 (i32.load offset=208 (local.get 15))) | (local.set 5 (call_indirect (type $t2) "
          "(local.get 2) (local.get 3) (i32.load offset=200 (local.get 18))))" },
        { "i32.shl++", "i32.or.acc+", "(i32.store offset=8 (local.get 6) (i32.or (i32.shl (local.get 3) "
          "(local.get 0)) (local.get 2)))", "(local.set 15 (i32.shl (local.get 3) (local.get 0))) | "
          "(i32.store offset=8 (local.get 6) (i32.or (local.get 15) (local.get 2)))" },
        { "i32.shr_u_and++", "i32.add.acc+", "(local.set 2 (i32.load (local.tee 3 (i32.add " BYTE2 " "
          "(local.get 1)))))", "(local.set 15 " BYTE2 ") | (local.set 2 (i32.load (local.tee 3 "
          "(i32.add (local.get 15) (local.get 1)))))" },
        { "f64.add_m.acc++", "i32.sub_ri+", ADD_M " | (local.set 3 (i32.sub (local.get 3) (i32.const 7))) "
          "(local.set 10 (f64.mul (local.get 8) (local.get 9)))", NULL },
        { "i32.mul_ri.acc++", "i32.shr_u_ri.acc+", "(local.set 5 (i32.xor (i32.shr_u (i32.mul " SUM01 " "
          "(i32.const 0x9E3779B1)) (i32.const 13)) (local.get 3)))", "(local.set 15 (i32.mul " SUM01 " "
          "(i32.const 0x9E3779B1))) | (local.set 5 (i32.xor (i32.shr_u (local.get 15) (i32.const 13)) "
          "(local.get 3)))" },
    };
    const size_t ncase = sizeof cases / sizeof cases[0];
    static const char *const pro =
        "(local i32 i32 i32 i32 i32 i64 f64 f64 f64 i32 i32 i32 i64 i32 f64 f64 i32)\n"
        "  (local.set 2 (i32.xor (local.get 0) (i32.const 0x1234)))\n"
        "  (local.set 3 (i32.add (local.get 1) (i32.const 99))) (local.set 6 (i32.const 64))\n"
        "  (local.set 7 (i64.extend_i32_u (local.get 0)))\n"
        "  (local.set 8 (f64.convert_i32_s (local.get 0))) (local.set 9 (f64.convert_i32_s (local.get 1)))\n"
        "  (local.set 11 (i32.add (i32.and (local.get 0) (i32.const 15)) (i32.const 1)))\n"
        "  (local.set 12 (i32.shl (i32.and (local.get 1) (i32.const 127)) (i32.const 3)))\n"
        "  (local.set 13 (i32.add (local.get 11) (i32.add (i32.and (local.get 1) (i32.const 7)) (i32.const 1))))\n"
        "  (local.set 14 (i64.add (local.get 7) (i64.extend_i32_u (i32.add (i32.and (local.get 1)\n"
        "    (i32.const 7)) (i32.const 1)))))\n"
        "  (f64.store (i32.const 72) (f64.const 1.5))\n";
    static const char *const epi =
        "  (i32.add (i32.add (i32.add (local.get 2) (i32.mul (local.get 3) (i32.const 3)))\n"
        "    (i32.add (i32.mul (local.get 4) (i32.const 5)) (i32.mul (local.get 5) (i32.const 7))))\n"
        "   (i32.add (i32.add (i32.mul (local.get 6) (i32.const 11)) (i32.wrap_i64 (local.get 7)))\n"
        "    (i32.add (i32.trunc_sat_f64_s (f64.add (local.get 10) (f64.load (i32.const 72))))\n"
        "     (i32.add (i32.mul (local.get 11) (i32.const 13))\n"
        "      (i32.add (i32.add (local.get 13) (i32.trunc_sat_f64_s (local.get 16)))\n"
        "       (i32.add (i32.load (i32.const 72)) (i32.mul (i32.load (i32.const 76)) (i32.const 17)))))))))\n";
    sbuf b = { 0 };
    sb_printf(&b, "(module\n (memory 1)\n (global $g (mut i32) (i32.const 0))\n"
              " (data (i32.const 0) \"\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f\\10"
              "\\11\\12\\13\\14\\15\\16\\17\\18\\19\\1a\\1b\\1c\\1d\\1e\\1f\\20\")\n"
              /* table indexes 0 and 1 at 200, addresses 0 and 4 of them at 208 */
              " (data (i32.const 200) \"\\00\\00\\00\\00\\01\\00\\00\\00\\00\\00\\00\\00\\04\\00\\00\\00\")\n"
              " (type $t2 (func (param i32 i32) (result i32)))\n"
              " (table 2 funcref) (elem (i32.const 0) $g2 $g3)\n");
    for (size_t k = 0; k < ncase; k++)
        for (int ref = 0; ref < 2; ref++) {
            sb_printf(&b, " (func (param i32 i32) (result i32) %s  ", pro);
            const char *body = ref && cases[k].ref ? cases[k].ref : cases[k].body;
            for (const char *q = body; *q; q++) {
                if (*q != '|') sb_printf(&b, "%c", *q);
                else if (ref) sb_printf(&b, "(global.set $g (local.get 0))");
            }
            sb_printf(&b, "\n%s", epi);
        }
    /* the second a branch target: i32.add_ri then the head of a loop (copy); and apart */
    for (int ref = 0; ref < 2; ref++)
        sb_printf(&b, " (func (param i32 i32) (result i32) %s"
                  "  (local.set 2 (i32.add (local.get 2) (i32.const 3))) %s\n"
                  "  (loop $l (local.set 4 (local.get 3)) (local.set 3 (i32.add (local.get 3) (local.get 11)))\n"
                  "    (br_if $l (local.tee 11 (i32.add (local.get 11) (i32.const -1)))))\n%s", pro,
                  ref ? "(global.set $g (local.get 0))" : "", epi);
    sb_printf(&b, " (func $f (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))\n"
              " (func $g2 (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))\n"
              " (func $g3 (param i32 i32) (result i32) (i32.add (i32.mul (local.get 0) (i32.const 5)) "
              "(local.get 1)))\n");
    mw_instance *inst = instantiate_fns(&b, 2 * ncase + 2);
    if (!inst)
        return;
    static const uint32_t xs[] = { 0, 1, 5, 8, 0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 0x12345 };
    const size_t nx = sizeof xs / sizeof xs[0];
    mw_error err, err2;
    size_t ntrap = 0;
    for (size_t k = 0; k <= ncase; k++) {   /* k == ncase: the loop head */
        const char *fa = k < ncase ? cases[k].first : "i32.add_ri+";
        const char *fb = k < ncase ? cases[k].second : "copy+";   /* itself joined */
        CHECKF(has_pair(inst, (uint32_t)(2 * k), fa, fb), "pair %s %s not joined", fa, fb);
        CHECKF(!has_pair(inst, (uint32_t)(2 * k + 1), fa, fb), "pair %s %s joined across an "
               "instruction", fa, fb);
        for (size_t i = 0; i < nx; i++)
            for (size_t j = 0; j < nx; j++) {
                mw_val args[2] = { mw_val_i32((int32_t)xs[i]), mw_val_i32((int32_t)xs[j]) }, ra, rb;
                mw_result x = mw_func_call(store, fn_at(inst, 2 * k), args, 2, &ra, 1, &err);
                mw_result y = mw_func_call(store, fn_at(inst, 2 * k + 1), args, 2, &rb, 1, &err2);
                /* a load first form out of bounds: the same trap as apart */
                bool trapped = x == MW_ERR_TRAP && y == MW_ERR_TRAP && err.trap == err2.trap &&
                               err.trap == MW_TRAP_MEMORY_OOB;
                ntrap += trapped;
                CHECKF(trapped || (x == MW_OK && y == MW_OK && ra.of.i32 == rb.of.i32), "pair %s %s: x=0x%x "
                       "y=0x%x: joined %d (0x%x), apart %d (0x%x)", fa, fb, xs[i], xs[j], (int)x,
                       (unsigned)ra.of.i32, (int)y, (unsigned)rb.of.i32);
            }
    }
    /* every pair of the table is among the cases */
    size_t ntable = 0;
#define COUNT_PAIR(a, b) ntable++;
    MW_PAIRS(COUNT_PAIR)
    MW_CHAINS(COUNT_PAIR)
#undef COUNT_PAIR
    CHECK(ntable == ncase);
    CHECK(ntrap > 0);
#undef ADD_M
#undef ABS_D
#undef BR_TABLE_OF
#undef SUM01
#undef BYTE2
#undef ARM
#undef LATCH
    printf("joined pairs and chains: %zu, each against the same code apart (%zu traps)\n", ncase,
           ntrap);
}

/* ------------------------------------------------------------------ count and branch */

/* Call fn(args) at once (slice 0) or resumably in fuel slices of `slice` units; *ns
 * counts the suspensions. */
static mw_result call_sliced(mw_func *fn, const mw_val *args, uint64_t slice, mw_val *res,
                             size_t *ns)
{
    mw_error err;
    if (slice == 0) return mw_func_call(store, fn, args, 2, res, 1, &err);
    size_t n = 0;
    mw_store_set_fuel(store, slice);
    mw_result r = mw_func_call_resumable(store, fn, args, 2, res, 1, &err);
    while (r == MW_SUSPENDED && n++ < 100000) {
        mw_store_set_fuel(store, slice);
        r = mw_call_resume(store, NULL, 0, res, 1, &err);
    }
    if (r == MW_SUSPENDED)
        mw_call_abort(store);
    mw_store_disable_fuel(store);
    *ns += n;
    return r;
}

static bool icmp(size_t o, uint32_t a, uint32_t b)
{
    switch (o) {   /* int_ops order */
    case 0: return a == b;
    case 1: return a != b;
    case 2: return (int32_t)a < (int32_t)b;
    case 3: return a < b;
    case 4: return (int32_t)a > (int32_t)b;
    case 5: return a > b;
    case 6: return (int32_t)a <= (int32_t)b;
    case 7: return a <= b;
    case 8: return (int32_t)a >= (int32_t)b;
    default: return a >= b;
    }
}

/* add_ri.brt/brf.i32.*: an i32.add/sub of a constant teed to a local, compared (with a
 * slot or an immediate) by the branch right after it. Every i32 compare, taken or not,
 * over edge values; then loops on that latch run whole and in fuel slices of 1 to 7
 * units (a suspension at the back-edge re-executes the form: the count must not move
 * twice). */
static void test_count_compare(void)
{
    static const uint32_t imms[] = { 0, 0x80000000, 0xFFFFFFFF };
    static const int32_t steps[] = { 3, -1, (int32_t)0x80000001 };
    const size_t nimm = sizeof imms / sizeof imms[0], nv = sizeof bt_vals / sizeof bt_vals[0];
    sbuf b = { 0 };
    sb_printf(&b, "(module\n");
    size_t nf = 0;
    for (size_t o = 0; o < 10; o++) {
        for (size_t v = 0; v <= nimm; v++) {   /* v == nimm: b is the second parameter */
            char rhs[40];
            if (v == nimm) snprintf(rhs, sizeof rhs, "(local.get 1)");
            else snprintf(rhs, sizeof rhs, "(i32.const %d)", (int)imms[v]);
            for (int shape = 0; shape < (v == nimm ? 3 : 2); shape++, nf++) {
                int32_t k = steps[nf % 3];
                const char *tee = k < 0 ? "i32.sub" : "i32.add";
                int32_t kk = k < 0 ? (int32_t)(0u - (uint32_t)k) : k;
                /* result: 2 * (x + k) + (taken ? 1 : 0) */
                if (shape == 0)
                    sb_printf(&b, " (func (param i32 i32) (result i32)\n"
                              "   (block $b (br_if $b (i32.%s (local.tee 0 (%s (local.get 0)\n"
                              "       (i32.const %d))) %s))\n"
                              "     (return (i32.shl (local.get 0) (i32.const 1))))\n"
                              "   (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 1)))\n",
                              int_ops[o], tee, (int)kk, rhs);
                else if (shape == 2)   /* b OP (x + k): the compare swapped */
                    sb_printf(&b, " (func (param i32 i32) (result i32)\n"
                              "   (block $b (br_if $b (i32.%s %s (local.tee 0 (%s (local.get 0)\n"
                              "       (i32.const %d)))))\n"
                              "     (return (i32.shl (local.get 0) (i32.const 1))))\n"
                              "   (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 1)))\n",
                              int_ops[o], rhs, tee, (int)kk);
                else
                    sb_printf(&b, " (func (param i32 i32) (result i32)\n"
                              "   (if (i32.%s (local.tee 0 (%s (local.get 0) (i32.const %d))) %s)\n"
                              "     (then (return (i32.add (i32.shl (local.get 0) (i32.const 1))\n"
                              "       (i32.const 1)))))\n"
                              "   (i32.shl (local.get 0) (i32.const 1)))\n",
                              int_ops[o], tee, (int)kk, rhs);
            }
        }
    }
    /* Loops: count x up by 3 while x < n (lt_s, slot), or down by 1 while x != 7 (ne,
     * immediate); the result is the number of rounds * 1000 + the final x. */
    sb_printf(&b, " (func (param i32 i32) (result i32) (local i32)\n"
              "   (loop $l (local.set 2 (i32.add (local.get 2) (i32.const 1)))\n"
              "     (br_if $l (i32.lt_s (local.tee 0 (i32.add (local.get 0) (i32.const 3)))\n"
              "       (local.get 1))))\n"
              "   (i32.add (i32.mul (local.get 2) (i32.const 1000)) (local.get 0)))\n"
              " (func (param i32 i32) (result i32) (local i32)\n"
              "   (loop $l (local.set 2 (i32.add (local.get 2) (i32.const 1)))\n"
              "     (br_if $l (i32.ne (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))\n"
              "       (i32.const 7))))\n"
              "   (i32.add (i32.mul (local.get 2) (i32.const 1000)) (local.get 0)))\n"
              /* the compare's second operand is the local just written: the new value */
              " (func (param i32 i32) (result i32)\n"
              "   (block $b (br_if $b (i32.eq (local.tee 0 (i32.add (local.get 0) (i32.const 5)))\n"
              "     (local.get 0))) (return (i32.const 0)))\n"
              "   (local.get 0))\n");
    /* Copy-first forms (copy+): a copy of local 3 (x ^ 0x55) into local 2 right before
     * each latch of shapes 0 and 1; the result adds 4 * local 2. */
    size_t nc = 0;
    for (size_t o = 0; o < 10; o++)
        for (size_t v = 0; v <= nimm; v++) {
            char rhs[40];
            if (v == nimm) snprintf(rhs, sizeof rhs, "(local.get 1)");
            else snprintf(rhs, sizeof rhs, "(i32.const %d)", (int)imms[v]);
            for (int shape = 0; shape < 2; shape++, nc++) {
                const char *pre = " (func (param i32 i32) (result i32) (local i32 i32)\n"
                                  "   (local.set 3 (i32.xor (local.get 0) (i32.const 0x55)))\n";
                const char *l2 = "(i32.shl (local.get 2) (i32.const 2))";
                if (shape == 0)
                    sb_printf(&b, "%s   (block $b (local.set 2 (local.get 3))\n"
                              "     (br_if $b (i32.%s (local.tee 0 (i32.add (local.get 0)\n"
                              "       (i32.const 3))) %s))\n"
                              "     (return (i32.add (i32.shl (local.get 0) (i32.const 1)) %s)))\n"
                              "   (i32.add (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 1)) %s))\n",
                              pre, int_ops[o], rhs, l2, l2);
                else
                    sb_printf(&b, "%s   (local.set 2 (local.get 3))\n"
                              "   (if (i32.%s (local.tee 0 (i32.add (local.get 0) (i32.const 3))) %s)\n"
                              "     (then (return (i32.add (i32.add (i32.shl (local.get 0) (i32.const 1))\n"
                              "       (i32.const 1)) %s))))\n"
                              "   (i32.add (i32.shl (local.get 0) (i32.const 1)) %s))\n",
                              pre, int_ops[o], rhs, l2, l2);
            }
        }
    /* ... and in loops, in fuel slices: a count latch (lt_s) after the copy of the
     * round count, and an add_ri.brt latch (x -= 1 while x != 0) after a phi copy. */
    sb_printf(&b, " (func (param i32 i32) (result i32) (local i32 i32)\n"
              "   (loop $l (local.set 2 (i32.add (local.get 2) (i32.const 1)))\n"
              "     (local.set 3 (local.get 2))\n"
              "     (br_if $l (i32.lt_s (local.tee 0 (i32.add (local.get 0) (i32.const 3)))\n"
              "       (local.get 1))))\n"
              "   (i32.add (i32.mul (local.get 3) (i32.const 1000)) (local.get 0)))\n"
              " (func (param i32 i32) (result i32) (local i32 i32)\n"
              "   (loop $l (local.set 3 (i32.add (local.get 3) (local.get 2)))\n"
              "     (local.set 2 (local.get 0))\n"
              "     (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))\n"
              "   (i32.add (local.get 3) (i32.mul (local.get 2) (i32.const 1000))))\n");
    mw_instance *inst = instantiate_fns(&b, nf + 3 + nc + 2);
    if (!inst)
        return;
    mw_error err;
    size_t f = 0;
    for (size_t o = 0; o < 10; o++) {
        for (size_t v = 0; v <= nimm; v++) {
            for (int shape = 0; shape < (v == nimm ? 3 : 2); shape++, f++) {
                char form[48];
                snprintf(form, sizeof form, "add_ri.%s.i32.", shape == 1 ? "brf" : "brt");
                if (shape != 2)   /* (the swapped one names the swapped compare) */
                    snprintf(form + strlen(form), sizeof form - strlen(form), "%s%s ",
                             int_ops[o], v == nimm ? "" : "_ri");
                CHECK(has_form(inst, (uint32_t)f, form));
                uint32_t k = (uint32_t)steps[f % 3];
                mw_func *fn = fn_at(inst, f);
                for (size_t i = 0; i < nv; i++) {
                    for (size_t j = 0; j < (v == nimm ? nv : 1); j++) {
                        uint32_t x = bt_vals[i], bv = v == nimm ? bt_vals[j] : imms[v];
                        uint32_t d = x + k;
                        uint32_t want = 2 * d + (shape == 2 ? icmp(o, bv, d) : icmp(o, d, bv));
                        mw_val args[2] = { mw_val_i32((int32_t)x), mw_val_i32((int32_t)bv) }, res;
                        mw_result r = mw_func_call(store, fn, args, 2, &res, 1, &err);
                        CHECKF(r == MW_OK && (uint32_t)res.of.i32 == want, "%sx=0x%x b=0x%x: "
                               "got 0x%x want 0x%x", form, x, bv, (unsigned)res.of.i32, want);
                    }
                }
            }
        }
    }
    CHECK(has_form(inst, (uint32_t)nf, "add_ri.brt.i32.lt_s "));
    CHECK(has_form(inst, (uint32_t)nf + 1, "add_ri.brt.i32.ne_ri "));
    size_t nslices = 0;
    for (size_t l = 0; l < 2; l++) {
        mw_func *fn = fn_at(inst, nf + l);
        for (int32_t x0 = -5; x0 <= 40; x0 += 9) {
            int32_t n = 31, x = x0, rounds = 0;
            if (l == 1 && x0 <= 7) continue;   /* would wrap around 2^32 */
            if (l == 0) { do { rounds++; x += 3; } while (x < n); }
            else { do { rounds++; x -= 1; } while (x != 7); }
            uint32_t want = (uint32_t)rounds * 1000u + (uint32_t)x;
            mw_val args[2] = { mw_val_i32(x0), mw_val_i32(n) }, res;
            for (uint64_t slice = 0; slice <= 7; slice += slice ? 3 : 1) {
                mw_result r = call_sliced(fn, args, slice, &res, &nslices);
                CHECKF(r == MW_OK && (uint32_t)res.of.i32 == want, "count loop %zu x0=%d in "
                       "slices of %u: got %d want %u", l, x0, (unsigned)slice,
                       (int)res.of.i32, want);
            }
        }
    }
    mw_val a2[2] = { mw_val_i32(9), mw_val_i32(0) }, r2;
    CHECK(mw_func_call(store, fn_at(inst, nf + 2), a2, 2, &r2, 1, &err) == MW_OK &&
          r2.of.i32 == 14);
    CHECK(nslices > 50);
    /* the copy-first forms */
    f = nf + 3;
    for (size_t o = 0; o < 10; o++)
        for (size_t v = 0; v <= nimm; v++)
            for (int shape = 0; shape < 2; shape++, f++) {
                char form[48];
                snprintf(form, sizeof form, "add_ri.%s.i32.%s%s ", shape ? "brf" : "brt",
                         int_ops[o], v == nimm ? "" : "_ri");
                CHECK(has_form(inst, (uint32_t)f, form) && has_form(inst, (uint32_t)f, "copy+ d2 s3"));
                mw_func *fn = fn_at(inst, f);
                for (size_t i = 0; i < nv; i++)
                    for (size_t j = 0; j < (v == nimm ? nv : 1); j++) {
                        uint32_t x = bt_vals[i], bv = v == nimm ? bt_vals[j] : imms[v];
                        uint32_t d = x + 3;
                        uint32_t want = 2 * d + icmp(o, d, bv) + 4 * (x ^ 0x55);
                        mw_val args[2] = { mw_val_i32((int32_t)x), mw_val_i32((int32_t)bv) }, res;
                        mw_result r = mw_func_call(store, fn, args, 2, &res, 1, &err);
                        CHECKF(r == MW_OK && (uint32_t)res.of.i32 == want, "copy+ %sx=0x%x b=0x%x: "
                               "got 0x%x want 0x%x", form, x, bv, (unsigned)res.of.i32, want);
                    }
            }
    CHECK(has_form(inst, (uint32_t)f, "copy+ d3 s2") &&
          has_form(inst, (uint32_t)f, "add_ri.brt.i32.lt_s "));
    CHECK(has_form(inst, (uint32_t)f + 1, "copy+ d2 s0") &&
          has_form(inst, (uint32_t)f + 1, "i32.add_ri.brt "));
    size_t ncs = 0;
    for (size_t l = 0; l < 2; l++) {
        mw_func *fn = fn_at(inst, f + l);
        for (int32_t x0 = 1; x0 <= 40; x0 += 13) {
            int32_t n = 31, x = x0, rounds = 0, acc = 0, prev = 0;
            if (l == 0) { do { rounds++; x += 3; } while (x < n); }
            else { do { acc += prev; prev = x; x -= 1; } while (x != 0); }
            uint32_t want = l == 0 ? (uint32_t)rounds * 1000u + (uint32_t)x
                                   : (uint32_t)acc + (uint32_t)prev * 1000u;
            mw_val args[2] = { mw_val_i32(x0), mw_val_i32(n) }, res;
            for (uint64_t slice = 0; slice <= 7; slice += slice ? 3 : 1) {
                mw_result r = call_sliced(fn, args, slice, &res, &ncs);
                CHECKF(r == MW_OK && (uint32_t)res.of.i32 == want, "copy+ loop %zu x0=%d in "
                       "slices of %u: got %d want %u", l, x0, (unsigned)slice,
                       (int)res.of.i32, want);
            }
        }
    }
    CHECK(ncs > 20);
    printf("count and branch: %zu forms, %zu copy-first, %zu + %zu suspensions in sliced loops\n",
           nf, nc, nslices, ncs);
}

/* ------------------------------------------------------------------ runs of copies */

/* copy.copy: two copies in one instruction, in order. A rotation of five locals (as in
 * a hash round), a chain where the second copy reads what the first wrote, and copies
 * on both sides of a loop label, which must not join (the branch lands between them). */
static void test_copies(void)
{
    sbuf b = { 0 };
    sb_printf(&b, "(module\n"
              /* f0: n rounds of t = a + 3d + e; e = d; d = c; c = b; b = a; a = t */
              " (func (param i32 i32 i32 i32 i32 i32) (result i32) (local i32)\n"
              "   (loop $l\n"
              "     (local.set 6 (i32.add (i32.add (local.get 0) (i32.mul (local.get 3)\n"
              "        (i32.const 3))) (local.get 4)))\n"
              "     (local.set 4 (local.get 3)) (local.set 3 (local.get 2))\n"
              "     (local.set 2 (local.get 1)) (local.set 1 (local.get 0))\n"
              "     (local.set 0 (local.get 6))\n"
              "     (br_if $l (local.tee 5 (i32.sub (local.get 5) (i32.const 1)))))\n"
              "   (i32.add (i32.add (i32.mul (local.get 0) (i32.const 31)) (i32.mul (local.get 1)\n"
              "     (i32.const 37))) (i32.add (i32.mul (local.get 2) (i32.const 41))\n"
              "     (i32.add (i32.mul (local.get 3) (i32.const 43)) (local.get 4)))))\n"
              /* f1: b = a; c = b (the new b); a + 2b + 4c */
              " (func (param i32 i32 i32) (result i32)\n"
              "   (local.set 1 (local.get 0)) (local.set 2 (local.get 1))\n"
              "   (local.set 0 (i32.const 5))\n"
              "   (i32.add (local.get 0) (i32.add (i32.shl (local.get 1) (i32.const 1))\n"
              "     (i32.shl (local.get 2) (i32.const 2)))))\n"
              /* f2: c = a before the loop (one copy); every round: d = c (a copy right after
               * the loop label); c = d + b, n rounds */
              " (func (param i32 i32 i32) (result i32) (local i32 i32)\n"
              "   (local.set 4 (local.get 0))\n"
              "   (loop $l\n"
              "     (local.set 3 (local.get 4))\n"
              "     (local.set 4 (i32.add (local.get 3) (local.get 1)))\n"
              "     (br_if $l (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))\n"
              "   (i32.add (local.get 3) (i32.mul (local.get 4) (i32.const 1000))))\n");
    mw_instance *inst = instantiate_fns(&b, 3);
    if (!inst)
        return;
    CHECK(has_form(inst, 0, "copy.copy "));
    CHECK(has_form(inst, 1, "copy.copy "));
    mw_error err;
    for (uint32_t n = 1; n <= 9; n += 4) {
        uint32_t v[5] = { 0x12345678u, 0x9abcdef0u, 7u, 0xfffffff0u, 100u + n };
        mw_val args[6], res;
        for (int i = 0; i < 5; i++) args[i] = mw_val_i32((int32_t)v[i]);
        args[5] = mw_val_i32((int32_t)n);
        for (uint32_t r = 0; r < n; r++) {
            uint32_t t = v[0] + 3 * v[3] + v[4];
            v[4] = v[3]; v[3] = v[2]; v[2] = v[1]; v[1] = v[0]; v[0] = t;
        }
        uint32_t want = v[0] * 31 + v[1] * 37 + v[2] * 41 + v[3] * 43 + v[4];
        mw_result rc = mw_func_call(store, fn_at(inst, 0), args, 6, &res, 1, &err);
        CHECKF(rc == MW_OK && (uint32_t)res.of.i32 == want, "rotation n=%u: got 0x%x want "
               "0x%x", n, (unsigned)res.of.i32, want);

        uint32_t a = 0x1000u * n + 3;
        mw_val a3[3] = { mw_val_i32((int32_t)a), mw_val_i32(-1), mw_val_i32(-2) };
        rc = mw_func_call(store, fn_at(inst, 1), a3, 3, &res, 1, &err);
        CHECKF(rc == MW_OK && (uint32_t)res.of.i32 == 5 + 6 * a, "chain a=%u: got %d", a,
               (int)res.of.i32);

        uint32_t x = 11 * n, y = 3, c = x, d = 0;
        for (uint32_t r = 0; r < n; r++) { d = c; c = d + y; }
        mw_val b3[3] = { mw_val_i32((int32_t)x), mw_val_i32((int32_t)y),
                         mw_val_i32((int32_t)n) };
        rc = mw_func_call(store, fn_at(inst, 2), b3, 3, &res, 1, &err);
        CHECKF(rc == MW_OK && (uint32_t)res.of.i32 == d + 1000 * c, "label n=%u: got %d "
               "want %u", n, (int)res.of.i32, d + 1000 * c);
    }
}

/* ------------------------------------------------------------------ f64 load-op */

static const char *lop_src =
    "(module (memory (export \"mem\") 1)\n"
    " (func (export \"add_l\") (param f64 i32 i32) (result f64)\n"
    "   (f64.add (local.get 0) (f64.load offset=8 (local.get 1))))\n"
    " (func (export \"sub_l\") (param f64 i32 i32) (result f64)\n"
    "   (f64.sub (local.get 0) (f64.load offset=8 (local.get 1))))\n"
    " (func (export \"mul_l\") (param f64 i32 i32) (result f64)\n"
    "   (f64.mul (local.get 0) (f64.load offset=8 (local.get 1))))\n"
    " (func (export \"add_la\") (param f64 i32 i32) (result f64)\n"
    "   (f64.add (local.get 0) (f64.load offset=16 (i32.add (local.get 1) (i32.const 0x1000)))))\n"
    " (func (export \"sub_la\") (param f64 i32 i32) (result f64)\n"
    "   (f64.sub (local.get 0) (f64.load offset=16 (i32.add (local.get 1) (i32.const 0x1000)))))\n"
    " (func (export \"mul_la\") (param f64 i32 i32) (result f64)\n"
    "   (f64.mul (local.get 0) (f64.load offset=16 (i32.sub (local.get 1) (i32.const 8)))))\n"
    " (func (export \"add_m\") (param f64 i32 i32) (result f64)\n"
    "   (f64.store offset=8 (local.get 1) (f64.add (local.get 0) (f64.load offset=8 (local.get 1))))\n"
    "   (local.get 0))\n"
    ")\n";

static void test_load_op(void)
{
    static const char *const names[] = { "add_l", "sub_l", "mul_l", "add_la", "sub_la", "mul_la",
                                         "add_m" };
    static const uint32_t addrs[] = { 0, 8, 0x100, MEMSZ - 24, MEMSZ - 16, MEMSZ - 15, MEMSZ - 8,
                                      MEMSZ, 0xFFFFF000, 0xFFFFEFF0, 0xFFFFFFF8, 0xFFFFFFFF, 4 };
    static const double as[] = { 1.5, -0.0, 1e308, -3.25 };
    mw_instance *inst = instantiate(lop_src);
    if (!inst)
        return;
    mw_extern mx;
    CHECK(mw_instance_export_cstr(inst, "mem", &mx) && mx.kind == MW_EXTERN_MEMORY);
    uint8_t *mem = mw_memory_data(mx.of.memory);
    for (uint32_t i = 0; i + 8 <= MEMSZ; i += 8) {
        double d = (double)i * 0.5 - 1000.0 + (i % 24 == 0 ? 1e300 : 0.0);
        memcpy(mem + i, &d, 8);
    }
    size_t ntraps = 0, nok = 0;
    for (size_t f = 0; f < 7; f++) {
        char form[16];
        snprintf(form, sizeof form, "f64.%s ", names[f]);
        CHECK(has_form(inst, (uint32_t)f, form));
        mw_func *fn = export_fn(inst, names[f]);
        bool la = f >= 3 && f < 6;
        for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
            for (size_t j = 0; j < sizeof as / sizeof as[0]; j++) {
                uint32_t a = addrs[i];
                uint32_t sum = !la ? a : f == 5 ? a - 8u : a + 0x1000u;   /* wraps */
                uint64_t ea = (uint64_t)sum + (la ? 16 : 8);
                mw_val args[3] = { mw_val_f64(as[j]), mw_val_i32((int32_t)a), mw_val_i32(0) }, res;
                mw_error err;
                double m = 0, want;
                if (ea + 8 <= MEMSZ)
                    memcpy(&m, mem + ea, 8);   /* before the call: add_m changes it */
                mw_result r = mw_func_call(store, fn, args, 3, &res, 1, &err);
                if (ea + 8 > MEMSZ) {
                    ntraps++;
                    CHECKF(r == MW_ERR_TRAP && err.trap == MW_TRAP_MEMORY_OOB,
                           "%s a=0x%x: expected an out-of-bounds trap (r=%d)", names[f], a, (int)r);
                    continue;
                }
                nok++;
                want = f % 3 == 0 ? as[j] + m : f % 3 == 1 ? as[j] - m : as[j] * m;
                if (f == 6) {
                    /* add_m returns x and leaves x + m[ea] at ea. */
                    double got;
                    memcpy(&got, mem + ea, 8);
                    CHECKF(r == MW_OK && memcmp(&got, &want, 8) == 0, "add_m a=0x%x x=%g: "
                           "memory holds %g, want %g", a, as[j], got, want);
                    memcpy(mem + ea, &m, 8);   /* put the old value back */
                    continue;
                }
                uint64_t wb;
                memcpy(&wb, &want, 8);
                CHECKF(r == MW_OK && res.of.f64_bits == wb, "%s a=0x%x x=%g: got %g, want %g",
                       names[f], a, as[j], mw_val_as_f64(&res), want);
            }
        }
    }
    CHECK(ntraps > 20 && nok > 20);
    printf("f64 load-op: %zu results, %zu traps\n", nok, ntraps);
}

/* ------------------------------------------------------------------ multiply-add */

/* a * b + c, a * b - c, c - a * b and c + a * b (one form with the first), each rounded
 * twice as two wasm instructions are: values where a fused multiply-add would differ
 * (1 + 2^-30 times 1 - 2^-30 is 1 - 2^-60, which rounds to 1), infinities, NaN. */
static void test_mul_add(void)
{
    static const char *const body[4] = {
        "(f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2))",
        "(f64.sub (f64.mul (local.get 0) (local.get 1)) (local.get 2))",
        "(f64.sub (local.get 2) (f64.mul (local.get 0) (local.get 1)))",
        "(f64.add (local.get 2) (f64.mul (local.get 0) (local.get 1)))",
    };
    static const char *const form[4] = { "f64.mul_add ", "f64.mul_sub ", "f64.mul_rsub ",
                                          "f64.mul_add " };
    const double e = 1.0 / 1073741824.0;   /* 2^-30 */
    const double vals[] = { 1 + e, 1 - e, 1.0, -1.0, 0.0, -0.0, 3.5, 1e308,
                            1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 };
    const size_t nv = sizeof vals / sizeof vals[0];
    sbuf b = { 0 };
    sb_printf(&b, "(module\n");
    for (size_t f = 0; f < 4; f++)
        sb_printf(&b, " (func (export \"f%zu\") (param f64 f64 f64) (result f64) %s)\n", f, body[f]);
    sb_printf(&b, ")\n");
    mw_instance *inst = instantiate(b.p);
    free(b.p);
    if (!inst)
        return;
    size_t nfma = 0;
    for (size_t f = 0; f < 4; f++) {
        CHECK(has_form(inst, (uint32_t)f, form[f]));
        mw_func *fn = fn_at(inst, f);
        for (size_t i = 0; i < nv; i++)
            for (size_t j = 0; j < nv; j++)
                for (size_t k = 0; k < nv; k++) {
                    volatile double p = vals[i] * vals[j];   /* rounded here, once */
                    double want = f == 0 ? p + vals[k] : f == 1 ? p - vals[k]
                                : f == 2 ? vals[k] - p : vals[k] + p;
                    mw_val args[3] = { mw_val_f64(vals[i]), mw_val_f64(vals[j]),
                                       mw_val_f64(vals[k]) }, res;
                    mw_error err;
                    mw_result r = mw_func_call(store, fn, args, 3, &res, 1, &err);
                    double got = r == MW_OK ? mw_val_as_f64(&res) : 0.0;
                    bool same = (got != got && want != want) || memcmp(&got, &want, 8) == 0;
                    CHECKF(r == MW_OK && same, "%s%g %g %g: got %a, want %a", form[f], vals[i],
                           vals[j], vals[k], got, want);
                    if (i < 2 && j < 2 && k == 2 && want == 0.0)
                        nfma++;   /* a fused multiply-add would have given -2^-60 */
                }
    }
    CHECK(nfma > 0);
}

/* ------------------------------------------------------------------ f64 accumulator */

/* Chains of f64 operations where each reads the previous result from the accumulator
 * (the .acc forms): results against C, and the forms each chain must produce. Memory
 * at 0x100 holds m0 = 2.5 at +8 and m1 = -0.75 at +16. */
static const struct {
    const char *body, *forms;
} acc_cases[] = {
    { "(f64.div (f64.sqrt (f64.neg (f64.mul (f64.sub (f64.add (local.get 0) (local.get 1))"
      " (local.get 2)) (local.get 0)))) (local.get 1))",
      "f64.sub.acc f64.mul.acc f64.neg.acc f64.sqrt.acc f64.div.acc" },
    { "(f64.div (f64.mul (f64.sub (f64.add (local.get 0) (f64.const 1.5)) (f64.const 0.25))"
      " (f64.const 3)) (f64.const 7))",
      "f64.sub_ri.acc f64.mul_ri.acc f64.div_ri.acc" },
    { "(f64.mul (local.get 2) (f64.add (local.get 0) (local.get 1)))", "f64.mul.acc" },
    { "(f64.add (f64.mul (local.get 0) (local.get 1)) (f64.load offset=8 (local.get 3)))",
      "f64.add_l.acc" },
    { "(f64.sub (f64.add (local.get 0) (local.get 1))"
      " (f64.load offset=8 (i32.add (local.get 3) (i32.const 8))))", "f64.sub_la.acc" },
    { "(f64.mul (f64.sub (local.get 0) (local.get 1)) (f64.load offset=16 (local.get 3)))",
      "f64.mul_l.acc" },
    { "(f64.store offset=24 (local.get 3) (f64.mul (local.get 0) (local.get 1)))"
      " (f64.load offset=24 (local.get 3))", "f64.store.acc" },
    { "(f64.store offset=8 (local.get 3) (f64.add (f64.mul (local.get 0) (local.get 1))"
      " (f64.load offset=8 (local.get 3)))) (f64.load offset=8 (local.get 3))", "f64.add_m.acc" },
    /* an i64 result retyped as f64 is not in the f64 accumulator, which still holds the
     * mul's result; an f64 retyped as i64 is not in the integer one */
    { "(local.set 2 (f64.mul (local.get 0) (local.get 1))) (f64.add (f64.reinterpret_i64"
      " (i64.xor (i64.reinterpret_f64 (local.get 0)) (i64.const 0))) (local.get 2))",
      "f64.add.ret" },
    { "(f64.reinterpret_i64 (i64.add (i64.reinterpret_f64 (f64.mul (local.get 0)"
      " (local.get 1))) (i64.const 1)))", "f64.mul i64.add_ri.ret" },
};

static double acc_ref(size_t k, double x, double y, double z, double m0, double m1)
{
    volatile double t;   /* one rounding per operation, as the wasm code does */
    switch (k) {
    case 0: t = x + y; t = t - z; t = t * x; t = -t; t = __builtin_sqrt(t); return t / y;
    case 1: t = x + 1.5; t = t - 0.25; t = t * 3; return t / 7;
    case 2: t = x + y; return z * t;
    case 3: t = x * y; return t + m0;
    case 4: t = x + y; return t - m1;
    case 5: t = x - y; return t * m1;
    case 6: return x * y;
    case 7: t = x * y; return t + m0;
    case 8: t = x * y; return x + t;
    default: {
        t = x * y;
        double u = t;
        uint64_t b;
        memcpy(&b, &u, 8);
        b += 1;
        memcpy(&u, &b, 8);
        return u;
    }
    }
}

static void test_accumulator(void)
{
    const size_t ncase = sizeof acc_cases / sizeof acc_cases[0];
    const double vals[] = { 1.5, -2.25, 0.0, -0.0, 1e300, 3e-310, 1.0 / 0.0, 0.0 / 0.0 };
    const size_t nv = sizeof vals / sizeof vals[0];
    sbuf b = { 0 };
    sb_printf(&b, "(module (memory (export \"mem\") 1)\n");
    for (size_t k = 0; k < ncase; k++)
        sb_printf(&b, " (func (export \"f%zu\") (param f64 f64 f64 i32) (result f64) %s)\n", k,
                  acc_cases[k].body);
    sb_printf(&b, ")\n");
    mw_instance *inst = instantiate(b.p);
    free(b.p);
    if (!inst)
        return;
    mw_extern mx;
    CHECK(mw_instance_export_cstr(inst, "mem", &mx) && mx.kind == MW_EXTERN_MEMORY);
    uint8_t *mem = mw_memory_data(mx.of.memory);
    const double m0 = 2.5, m1 = -0.75;
    for (size_t k = 0; k < ncase; k++) {
        /* each form the chain must produce */
        char forms[128];
        snprintf(forms, sizeof forms, "%s", acc_cases[k].forms);
        for (char *f = strtok(forms, " "); f; f = strtok(NULL, " ")) {
            char want[40];
            snprintf(want, sizeof want, "%s ", f);
            CHECK(has_form(inst, (uint32_t)k, want));
        }
        mw_func *fn = fn_at(inst, k);
        for (size_t i = 0; i < nv; i++)
            for (size_t j = 0; j < nv; j++)
                for (size_t l = 0; l < nv; l += 3) {
                    memcpy(mem + 0x108, &m0, 8);
                    memcpy(mem + 0x110, &m1, 8);
                    double want = acc_ref(k, vals[i], vals[j], vals[l], m0, m1);
                    mw_val args[4] = { mw_val_f64(vals[i]), mw_val_f64(vals[j]),
                                       mw_val_f64(vals[l]), mw_val_i32(0x100) }, res;
                    mw_error err;
                    mw_result r = mw_func_call(store, fn, args, 4, &res, 1, &err);
                    double got = r == MW_OK ? mw_val_as_f64(&res) : 0.0;
                    bool same = (got != got && want != want) || memcmp(&got, &want, 8) == 0;
                    CHECKF(r == MW_OK && same, "accumulator chain %zu (%g, %g, %g): got %a, "
                           "want %a", k, vals[i], vals[j], vals[l], got, want);
                }
    }
}

/* Every table row with an .acc form (UN and BIN rows whose operand is i32, i64 or f64),
 * against the same row reading a local: (op (sub x y) z) reads sub's result from the
 * accumulator, (local.set t (sub x y)) (op (local.get t) z) from a slot (sub: an add
 * of an add would become i32.add3); also the _ri
 * form with a constant z. The two must agree bit for bit (NaN: both NaN). */
typedef struct { const char *name, *t1, *t2, *tr; bool bin; } acc_row;
#define ACC_ROW(kind, sym, code, name, imm, t1, t2, tr, impl) ACC_ROW_##kind(name, #t1, #t2, #tr)
#define ACC_ROW_UN(n, a, b, r) { n, a, b, r, false },
#define ACC_ROW_BIN(n, a, b, r) { n, a, b, r, true },
#define ACC_ROW_NONE(...)
#define ACC_ROW_UNT ACC_ROW_NONE
#define ACC_ROW_CMP ACC_ROW_NONE
#define ACC_ROW_BINT ACC_ROW_NONE
#define ACC_ROW_LD ACC_ROW_NONE
#define ACC_ROW_ST ACC_ROW_NONE
#define ACC_ROW_CTRL ACC_ROW_NONE
#define ACC_ROW_PARAM ACC_ROW_NONE
#define ACC_ROW_VAR ACC_ROW_NONE
#define ACC_ROW_TBL ACC_ROW_NONE
#define ACC_ROW_MEMX ACC_ROW_NONE
#define ACC_ROW_CST ACC_ROW_NONE
#define ACC_ROW_RE ACC_ROW_NONE
#define ACC_ROW_REF ACC_ROW_NONE
#define ACC_ROW_BULK ACC_ROW_NONE
static const acc_row acc_rows[] = { MW_OPCODES(ACC_ROW) };

static int ty_of(const char *t)
{
    return !strcmp(t, "I32") ? T_I32 : !strcmp(t, "I64") ? T_I64 : !strcmp(t, "F32") ? T_F32 : T_F64;
}

static void test_acc_rows(void)
{
    const size_t nrows = sizeof acc_rows / sizeof acc_rows[0];
    static const char *const wt[] = { "i32", "i64", "f32", "f64" };
    static const uint64_t vals[4][6] = {
        { 0, 1, 0x80000000, 0xFFFFFFFF, 0x7FFFFFFF, 33 },
        { 0, 1, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 0x100000000, 65 },
        { 0, 0x3F800000, 0x80000000, 0x7FC00000, 0x7F800000, 0x00000001 },
        { 0, 0x3FF0000000000000, 0x8000000000000000, 0x7FF8000000000000,
          0x7FF0000000000000, 0x4010000000000000 },
    };
    size_t ntested = 0;
    for (size_t r = 0; r < nrows; r++) {
        const acc_row *ar = &acc_rows[r];
        int t1 = ty_of(ar->t1), t2 = ar->bin ? ty_of(ar->t2) : t1, tr = ty_of(ar->tr);
        if (t1 == T_F32)
            continue;   /* no f32 accumulator */
        sbuf b = { 0 };
        const char *p1 = wt[t1], *p2 = wt[t2];
        sb_printf(&b, "(module\n");
        /* f0: .acc; f1: through a local (the copy into local 4 in between takes the
         * value out of the accumulator; the block's end keeps the row from returning
         * its result itself); f2: _ri.acc; f3: _ri through a local; f4: the result as
         * the second operand (an integer row that commutes swaps them to read it from
         * the accumulator); f5: f4 through a local; then (BIN rows) the .ret and _ri.ret
         * forms: the row's result returned by the row itself */
        const char *sep = "(local.set 4 (local.get 0))";
        sb_printf(&b, " (func (param %s %s %s) (result %s) (%s (%s.sub (local.get 0) (local.get 1))%s))\n",
                  p1, p1, p2, wt[tr], ar->name, p1, ar->bin ? " (local.get 2)" : "");
        sb_printf(&b, " (func (param %s %s %s) (result %s) (local %s %s %s)\n"
                  "   (local.set 3 (%s.sub (local.get 0) (local.get 1))) %s\n"
                  "   (block (local.set 5 (%s (local.get 3)%s))) (local.get 5))\n",
                  p1, p1, p2, wt[tr], p1, p1, wt[tr], p1, sep, ar->name,
                  ar->bin ? " (local.get 2)" : "");
        bool swap = ar->bin && t1 == t2;
        if (ar->bin) {
            sb_printf(&b, " (func (param %s %s %s) (result %s) (%s (%s.sub (local.get 0) (local.get 1)) (%s.const 5)))\n",
                      p1, p1, p2, wt[tr], ar->name, p1, p2);
            sb_printf(&b, " (func (param %s %s %s) (result %s) (local %s %s %s)\n"
                      "   (local.set 3 (%s.sub (local.get 0) (local.get 1))) %s\n"
                      "   (block (local.set 5 (%s (local.get 3) (%s.const 5)))) (local.get 5))\n",
                      p1, p1, p2, wt[tr], p1, p1, wt[tr], p1, sep, ar->name, p2);
        }
        if (swap) {
            sb_printf(&b, " (func (param %s %s %s) (result %s) (%s (local.get 2) (%s.sub (local.get 0) (local.get 1))))\n",
                      p1, p1, p2, wt[tr], ar->name, p1);
            sb_printf(&b, " (func (param %s %s %s) (result %s) (local %s %s)\n"
                      "   (local.set 3 (%s.sub (local.get 0) (local.get 1))) %s (%s (local.get 2) (local.get 3)))\n",
                      p1, p1, p2, wt[tr], p1, p1, p1, sep, ar->name);
        }
        size_t nf = swap ? 6u : ar->bin ? 4u : 2u, fret = nf;
        if (ar->bin) {
            sb_printf(&b, " (func (param %s %s %s) (result %s) (local %s %s)\n"
                      "   (local.set 3 (%s.sub (local.get 0) (local.get 1))) %s (%s (local.get 3) (local.get 2)))\n",
                      p1, p1, p2, wt[tr], p1, p1, p1, sep, ar->name);
            sb_printf(&b, " (func (param %s %s %s) (result %s) (local %s %s)\n"
                      "   (local.set 3 (%s.sub (local.get 0) (local.get 1))) %s (%s (local.get 3) (%s.const 5)))\n",
                      p1, p1, p2, wt[tr], p1, p1, p1, sep, ar->name, p2);
            nf += 2;
        }
        mw_instance *inst = instantiate_fns(&b, nf);
        if (!inst)
            continue;
        char form[48];
        snprintf(form, sizeof form, "%s.acc ", ar->name);
        CHECK(has_form(inst, 0, form));
        CHECK(!has_form_quiet(inst, 1, form));
        if (ar->bin) {
            snprintf(form, sizeof form, "%s_ri.acc ", ar->name);
            CHECK(has_form(inst, 2, form));
            CHECK(!has_form_quiet(inst, 3, form));
            snprintf(form, sizeof form, "%s.ret ", ar->name);
            CHECK(has_form(inst, (uint32_t)fret, form));
            CHECK(!has_form_quiet(inst, 1, form));
            snprintf(form, sizeof form, "%s_ri.ret ", ar->name);
            CHECK(has_form(inst, (uint32_t)fret + 1, form));
            CHECK(!has_form_quiet(inst, 3, form));
        }
        if (swap) {
            static const char *const commuting[] = {
                "i32.add", "i32.mul", "i32.and", "i32.or", "i32.xor", "i64.add", "i64.mul",
                "i64.and", "i64.or", "i64.xor", "f64.add", "f64.mul" };
            bool comm = false;
            for (size_t c = 0; c < sizeof commuting / sizeof commuting[0]; c++)
                comm |= !strcmp(ar->name, commuting[c]);
            snprintf(form, sizeof form, "%s.acc ", ar->name);
            CHECKF(has_form_quiet(inst, 4, form) == comm, "%s: second operand from the "
                   "accumulator %s", ar->name, comm ? "not swapped" : "swapped");
        }
        mw_func *fs[8] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
        for (size_t f = 0; f < nf; f++)
            fs[f] = fn_at(inst, f);
        /* pairs: (form, its slot form); the .ret forms against f1 and f3 */
        uint32_t pairs[5][2] = { { 0, 1 }, { 2, 3 }, { 4, 5 }, { 0, 1 }, { 0, 1 } };
        size_t np = swap ? 3u : ar->bin ? 2u : 1u;
        if (ar->bin) {
            pairs[np][0] = (uint32_t)fret; pairs[np++][1] = 1;
            pairs[np][0] = (uint32_t)fret + 1; pairs[np++][1] = 3;
        }
        for (size_t i = 0; i < 6; i++)
            for (size_t j = 0; j < 6; j += 2)
                for (size_t k = 0; k < 6; k++) {
                    mw_val args[3] = { mkval(t1, vals[t1][i]), mkval(t1, vals[t1][j]),
                                       mkval(t2, vals[t2][k]) };
                    for (size_t q = 0; q < np; q++) {
                        uint32_t f = pairs[q][0];
                        mw_val ra, rb;
                        mw_error ea, eb;
                        mw_result x = mw_func_call(store, fs[f], args, 3, &ra, 1, &ea);
                        mw_result y = mw_func_call(store, fs[pairs[q][1]], args, 3, &rb, 1, &eb);
                        bool nan = (tr == T_F64 && ra.of.f64_bits << 1 > 0xFFE0000000000000u &&
                                    rb.of.f64_bits << 1 > 0xFFE0000000000000u) ||
                                   (tr == T_F32 && (ra.of.f32_bits << 1) > 0xFF000000u &&
                                    (rb.of.f32_bits << 1) > 0xFF000000u);
                        bool same = tr == T_I32 ? ra.of.i32 == rb.of.i32
                                  : tr == T_F32 ? ra.of.f32_bits == rb.of.f32_bits
                                  : ra.of.i64 == rb.of.i64;
                        CHECKF(x == y && (x != MW_OK || same || nan), "%s%s: args %zu %zu %zu: "
                               "acc gives 0x%llx, slot 0x%llx", ar->name,
                               f == 2 ? "_ri.acc" : f == 4 ? ".acc (swapped)" : f == fret ? ".ret"
                               : f == fret + 1 ? "_ri.ret" : ".acc", i, j, k,
                               (unsigned long long)ra.of.i64, (unsigned long long)rb.of.i64);
                    }
                }
        ntested++;
    }
    CHECK(ntested >= 50);
    printf("accumulator forms: %zu table rows against their slot forms\n", ntested);
}

/* Call f and g (an accumulator form and its slot form) with (a0, a1): the same result,
 * or the same trap. Their results (as i64 bits) go to *ra and *rb for the message. */
static bool same_call(mw_func *f, mw_func *g, uint32_t a0, uint32_t a1, bool i32,
                      uint64_t *ra, uint64_t *rb)
{
    mw_val args[2] = { mw_val_i32((int32_t)a0), mw_val_i32((int32_t)a1) }, va, vb;
    mw_error ea, eb;
    mw_result x = mw_func_call(store, f, args, 2, &va, 1, &ea);
    mw_result y = mw_func_call(store, g, args, 2, &vb, 1, &eb);
    *ra = x == MW_OK ? (uint64_t)va.of.i64 : 0;
    *rb = y == MW_OK ? (uint64_t)vb.of.i64 : 0;
    if (x != y) return false;
    if (x != MW_OK) return ea.trap == eb.trap;
    return i32 ? va.of.i32 == vb.of.i32 : va.of.i64 == vb.of.i64;
}

/* Loads leave their result in the accumulator too (interp.c SETLD_*): every integer and
 * f64 load, in every address form, plain and teed to a local, followed by a row that
 * reads the accumulator, against the same through a local; br_table reading its index
 * from the accumulator after a load, a teed load and an arithmetic row; every load
 * reading its address's base from the accumulator (plain and _a); the fused integer
 * forms shr_u_and, add_shl and rotl_xor leaving the accumulator; and every integer and
 * f64 store of the value just computed, from the accumulator. */
static void test_acc_loads(void)
{
    static const struct { const char *op, *ty; int size; } lds[] = {
        { "i32.load", "i32", 4 }, { "i32.load8_s", "i32", 1 }, { "i32.load8_u", "i32", 1 },
        { "i32.load16_s", "i32", 2 }, { "i32.load16_u", "i32", 2 }, { "i64.load", "i64", 8 },
        { "i64.load8_s", "i64", 1 }, { "i64.load8_u", "i64", 1 }, { "i64.load16_s", "i64", 2 },
        { "i64.load16_u", "i64", 2 }, { "i64.load32_s", "i64", 4 },
        { "i64.load32_u", "i64", 4 }, { "f64.load", "f64", 8 } };
    /* address forms: plain, _a, _ar, _as, _ax (params: base, index) */
    static const char *const addrs[] = {
        "(local.get 0)", "(i32.add (local.get 0) (i32.const 3))",
        "(i32.add (local.get 0) (local.get 1))",
        "(i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))",
        "(i32.add (i32.shl (local.get 1) (i32.const 1)) (i32.const 5))" };
    const size_t nld = sizeof lds / sizeof lds[0], nad = sizeof addrs / sizeof addrs[0];
    sbuf b = { 0 };
    sb_printf(&b, "(module (memory (export \"mem\") 1)\n");
    /* per load and address: f(4k) acc, f(4k+1) slot, f(4k+2) teed acc, f(4k+3) teed slot */
    for (size_t l = 0; l < nld; l++)
        for (size_t a = 0; a < nad; a++) {
            const char *t = lds[l].ty;
            bool f = t[0] == 'f';
            char use[96], load[200];
            snprintf(load, sizeof load, "(%s offset=1 %s)", lds[l].op, addrs[a]);
            /* the consumer: x - 12345 for integers, -x for f64 */
            snprintf(use, sizeof use, f ? "(f64.neg %%s)" : "(%s.sub %%s (%s.const 12345))", t, t);
            char body[512], x[256];
            snprintf(x, sizeof x, "%s", load);
            snprintf(body, sizeof body, use, x);
            sb_printf(&b, " (func (param i32 i32) (result %s) (local %s %s) %s)\n", t, t, t, body);
            snprintf(body, sizeof body, use, "(local.get 2)");
            sb_printf(&b, " (func (param i32 i32) (result %s) (local %s %s)\n"
                      "   (local.set 2 %s) (local.set 3 (local.get 2)) %s)\n", t, t, t, load, body);
            snprintf(x, sizeof x, "(local.tee 2 %s)", load);
            snprintf(body, sizeof body, use, x);
            sb_printf(&b, " (func (param i32 i32) (result %s) (local %s %s)\n"
                      "   (%s.add %s (local.get 2)))\n", t, t, t, t, body);
            snprintf(body, sizeof body, use, "(local.get 2)");
            sb_printf(&b, " (func (param i32 i32) (result %s) (local %s %s)\n"
                      "   (local.set 2 %s) (local.set 3 (local.get 2)) (%s.add %s (local.get 2)))\n",
                      t, t, t, load, t, body);
        }
    /* br_table: index from a load, a teed load, i32.sub of a constant, and a local */
    static const char *const idx[] = {
        "(i32.load8_u (local.get 0))", "(local.tee 2 (i32.load8_u (local.get 0)))",
        "(i32.sub (local.get 1) (i32.const 7))", "(local.get 2)" };
    const size_t nidx = sizeof idx / sizeof idx[0];
    for (size_t k = 0; k < nidx; k++)
        sb_printf(&b, " (func (param i32 i32) (result i32) (local i32)\n"
                  "   %s\n"
                  "   (block $d (block $2 (block $1 (block $0 (br_table $0 $1 $2 $d %s))\n"
                  "     (return (i32.const 10))) (return (i32.const 11))) (return (i32.const 12)))\n"
                  "   (i32.const 13))\n",
                  k == nidx - 1 ? "(local.set 2 (i32.sub (local.get 1) (i32.const 7)))" : "", idx[k]);
    /* the address's base from the accumulator: f(fa + 4l) plain .acc, +1 its slot form,
     * +2 _a.acc, +3 its slot form */
    for (size_t l = 0; l < nld; l++)
        for (int g = 0; g < 4; g++) {
            const char *x = "(i32.xor (local.get 0) (local.get 1))";
            char addr[160];
            if (g & 1) snprintf(addr, sizeof addr, "(local.get 2)");
            else snprintf(addr, sizeof addr, "%s", x);
            char full[200];
            if (g >= 2) snprintf(full, sizeof full, "(i32.add %s (i32.const 3))", addr);
            else snprintf(full, sizeof full, "%s", addr);
            sb_printf(&b, " (func (param i32 i32) (result %s) (local i32 i32)\n"
                      "   %s%s%s (%s offset=2 %s))\n", lds[l].ty, (g & 1) ? "(local.set 2 " : "",
                      (g & 1) ? x : "", (g & 1) ? ") (local.set 3 (local.get 2))" : "", lds[l].op, full);
        }
    /* the fused integer forms leave the accumulator: shr_u_and into an address,
     * add_shl and rotl_xor into i32.sub_ri.acc; f(fi + 2k) and its slot form */
    static const char *const fused[3][2] = {
        { "(i32.load (i32.add (i32.and (i32.shr_u (local.get 0) (i32.const 6)) (i32.const 1020)) (i32.const 16)))",
          "(local.set 2 (i32.and (i32.shr_u (local.get 0) (i32.const 6)) (i32.const 1020))) (local.set 3 (local.get 2)) (i32.load (i32.add (local.get 2) (i32.const 16)))" },
        { "(i32.sub (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))) (i32.const 7))",
          "(local.set 2 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))) (local.set 3 (local.get 2)) (i32.sub (local.get 2) (i32.const 7))" },
        { "(i32.sub (i32.xor (i32.rotl (local.get 0) (i32.const 5)) (local.get 1)) (i32.const 7))",
          "(local.set 2 (i32.xor (i32.rotl (local.get 0) (i32.const 5)) (local.get 1))) (local.set 3 (local.get 2)) (i32.sub (local.get 2) (i32.const 7))" } };
    for (size_t k = 0; k < 3; k++)
        for (int g = 0; g < 2; g++)
            sb_printf(&b, " (func (param i32 i32) (result i32) (local i32 i32) %s)\n", fused[k][g]);
    /* stores of the value the instruction just before computed: f(fs + 2k) .acc, then
     * its slot form, which stores 256 bytes further on */
    static const struct { const char *op, *ty, *val; } sts[] = {
        { "i32.store", "i32", "(i32.xor (local.get 1) (i32.const 0x5a5a5a5a))" },
        { "i32.store8", "i32", "(i32.xor (local.get 1) (i32.const 0x5a5a5a5a))" },
        { "i32.store16", "i32", "(i32.xor (local.get 1) (i32.const 0x5a5a5a5a))" },
        { "i64.store", "i64", "(i64.xor (i64.extend_i32_s (local.get 1)) (i64.const 0x5a5a5a5a5a5a5a5a))" },
        { "i64.store8", "i64", "(i64.xor (i64.extend_i32_s (local.get 1)) (i64.const 0x5a5a5a5a5a5a5a5a))" },
        { "i64.store16", "i64", "(i64.xor (i64.extend_i32_s (local.get 1)) (i64.const 0x5a5a5a5a5a5a5a5a))" },
        { "i64.store32", "i64", "(i64.xor (i64.extend_i32_s (local.get 1)) (i64.const 0x5a5a5a5a5a5a5a5a))" },
        { "f64.store", "f64", "(f64.add (f64.convert_i32_s (local.get 1)) (f64.const 0.5))" } };
    const size_t nst = sizeof sts / sizeof sts[0];
    for (size_t k = 0; k < nst; k++) {
        sb_printf(&b, " (func (param i32 i32) (result i32) (%s offset=1 (local.get 0) %s) (i32.const 0))\n",
                  sts[k].op, sts[k].val);
        sb_printf(&b, " (func (param i32 i32) (result i32) (local %s %s)\n"
                  "   (local.set 2 %s) (local.set 3 (local.get 2))\n"
                  "   (%s offset=257 (local.get 0) (local.get 2)) (i32.const 0))\n",
                  sts[k].ty, sts[k].ty, sts[k].val, sts[k].op);
    }
    size_t fa = nld * nad * 4 + nidx, fi = fa + nld * 4, fs = fi + 6;
    size_t nf = fs + 2 * nst;
    mw_instance *inst = instantiate_fns(&b, nf);
    if (!inst)
        return;
    mw_extern mx;
    CHECK(mw_instance_export_cstr(inst, "mem", &mx) && mx.kind == MW_EXTERN_MEMORY);
    uint8_t *mem = mw_memory_data(mx.of.memory);
    for (uint32_t i = 0; i < 65536; i++)
        mem[i] = (uint8_t)(i * 0x9Du + (i >> 8) * 0x31u);
    mem[0] = 0x80; mem[1] = 0xFF; mem[2] = 0x7F;
    static const uint32_t bases[] = { 0, 1, 100, 65530, 65534, 0xFFFFFFF0u, 0xFFFFFFFEu };
    static const uint32_t ixs[] = { 0, 1, 3, 0x7FFF, 0x80000002u };
    size_t ncmp = 0;
    for (size_t l = 0; l < nld; l++)
        for (size_t a = 0; a < nad; a++) {
            size_t f0 = (l * nad + a) * 4;
            char form[48];
            if (lds[l].ty[0] == 'f') snprintf(form, sizeof form, "f64.neg.acc ");
            else snprintf(form, sizeof form, "%s.sub_ri.acc ", lds[l].ty);
            CHECK(has_form(inst, (uint32_t)f0, form));
            CHECK(!has_form_quiet(inst, (uint32_t)f0 + 1, form));
            CHECK(has_form(inst, (uint32_t)f0 + 2, form));
            CHECK(!has_form_quiet(inst, (uint32_t)f0 + 3, form));
            for (size_t bi = 0; bi < sizeof bases / sizeof bases[0]; bi++)
                for (size_t xi = 0; xi < sizeof ixs / sizeof ixs[0]; xi++)
                    for (size_t g = 0; g < 4; g += 2) {
                        uint64_t ra, rb;
                        CHECKF(same_call(fn_at(inst, f0 + g), fn_at(inst, f0 + g + 1), bases[bi],
                                         ixs[xi], lds[l].ty[1] == '3', &ra, &rb),
                               "%s address form %zu%s (%u, %u): acc 0x%llx, slot 0x%llx",
                               lds[l].op, a, g ? " teed" : "", bases[bi], ixs[xi],
                               (unsigned long long)ra, (unsigned long long)rb);
                        ncmp++;
                    }
        }
    size_t fb = nld * nad * 4;
    for (size_t k = 0; k < nidx; k++) {
        if (k + 1 < nidx) CHECK(has_form(inst, (uint32_t)(fb + k), "br_table.acc "));
        else CHECK(!has_form_quiet(inst, (uint32_t)(fb + k), "br_table.acc "));
        for (uint32_t v = 0; v < 260; v++) {
            /* the index: mem[v] for the loads, v - 7 (wrapping) for the others */
            uint32_t at = v;
            uint32_t want_i = k < 2 ? mem[at] : v - 7u;
            int32_t want = want_i < 3 ? 10 + (int32_t)want_i : 13;
            mw_val args[2] = { mw_val_i32((int32_t)at), mw_val_i32((int32_t)v) }, r;
            mw_error err;
            CHECKF(mw_func_call(store, fn_at(inst, fb + k), args, 2, &r, 1, &err) == MW_OK &&
                   r.of.i32 == want, "br_table index form %zu at %u: got %d, want %d", k, v,
                   r.of.i32, want);
        }
    }
    for (size_t l = 0; l < nld; l++) {
        char form[48];
        snprintf(form, sizeof form, "%s.acc ", lds[l].op);
        CHECK(has_form(inst, (uint32_t)(fa + 4 * l), form));
        CHECK(!has_form_quiet(inst, (uint32_t)(fa + 4 * l + 1), form));
        snprintf(form, sizeof form, "%s_a.acc ", lds[l].op);
        CHECK(has_form(inst, (uint32_t)(fa + 4 * l + 2), form));
        CHECK(!has_form_quiet(inst, (uint32_t)(fa + 4 * l + 3), form));
        for (size_t bi = 0; bi < sizeof bases / sizeof bases[0]; bi++)
            for (size_t xi = 0; xi < sizeof ixs / sizeof ixs[0]; xi++)
                for (size_t g = 0; g < 4; g += 2) {
                    uint64_t ra, rb;
                    CHECKF(same_call(fn_at(inst, fa + 4 * l + g), fn_at(inst, fa + 4 * l + g + 1),
                                     bases[bi], ixs[xi], lds[l].ty[1] == '3', &ra, &rb),
                           "%s address from the accumulator%s (%u, %u): acc 0x%llx, slot 0x%llx",
                           lds[l].op, g ? " (_a)" : "", bases[bi], ixs[xi],
                           (unsigned long long)ra, (unsigned long long)rb);
                    ncmp++;
                }
    }
    static const char *const fused_form[3] = { "i32.load_a.acc ", "i32.sub_ri.acc ", "i32.sub_ri.acc " };
    for (size_t k = 0; k < 3; k++) {
        CHECK(has_form(inst, (uint32_t)(fi + 2 * k), fused_form[k]));
        CHECK(!has_form_quiet(inst, (uint32_t)(fi + 2 * k + 1), fused_form[k]));
        for (size_t bi = 0; bi < sizeof bases / sizeof bases[0]; bi++)
            for (size_t xi = 0; xi < sizeof ixs / sizeof ixs[0]; xi++) {
                uint64_t ra, rb;
                CHECKF(same_call(fn_at(inst, fi + 2 * k), fn_at(inst, fi + 2 * k + 1), bases[bi],
                                 ixs[xi], true, &ra, &rb),
                       "fused form %zu into the accumulator (%u, %u): 0x%x, slot 0x%x", k,
                       bases[bi], ixs[xi], (unsigned)ra, (unsigned)rb);
                ncmp++;
            }
    }
    static const uint32_t sbases[] = { 0, 100, 1000, 30000, 65535 };
    static const int32_t svals[] = { 0, 1, -1, 0x7FFFFFFF, (int32_t)0x80000000, 12345 };
    for (size_t k = 0; k < nst; k++) {
        char form[48];
        snprintf(form, sizeof form, "%s.acc ", sts[k].op);
        CHECK(has_form(inst, (uint32_t)(fs + 2 * k), form));
        CHECK(!has_form_quiet(inst, (uint32_t)(fs + 2 * k + 1), form));
        for (size_t bi = 0; bi < sizeof sbases / sizeof sbases[0]; bi++)
            for (size_t vi = 0; vi < sizeof svals / sizeof svals[0]; vi++) {
                uint32_t at = sbases[bi];
                bool in = at + 1 + 256 + 8 <= 65536;
                if (in) memset(mem + at, 0xEE, 1 + 256 + 8);
                mw_val args[2] = { mw_val_i32((int32_t)at), mw_val_i32(svals[vi]) }, r;
                mw_error ea, eb;
                mw_result x = mw_func_call(store, fn_at(inst, fs + 2 * k), args, 2, &r, 1, &ea);
                mw_result y = mw_func_call(store, fn_at(inst, fs + 2 * k + 1), args, 2, &r, 1, &eb);
                bool same = in ? x == MW_OK && y == MW_OK && !memcmp(mem + at + 1, mem + at + 257, 8)
                               : x != MW_OK && y != MW_OK && ea.trap == eb.trap;
                CHECKF(same, "%s from the accumulator at %u, value %d", sts[k].op, at, svals[vi]);
                ncmp++;
            }
    }
    printf("loads into the accumulator: %zu comparisons\n", ncmp);
}

int main(void)
{
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc_fn;
    mw_error err;
    if (mw_engine_new(&cfg, &engine, &err) != MW_OK || mw_store_new(engine, NULL, &store, &err) != MW_OK) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return 1;
    }
    test_compares(T_I32, int_ops, 10, edges_i32, sizeof edges_i32 / sizeof edges_i32[0]);
    test_compares(T_I64, int_ops, 10, edges_i64, sizeof edges_i64 / sizeof edges_i64[0]);
    test_compares(T_F32, float_ops, 6, edges_f32, sizeof edges_f32 / sizeof edges_f32[0]);
    test_compares(T_F64, float_ops, 6, edges_f64, sizeof edges_f64 / sizeof edges_f64[0]);
    test_address_forms();
    test_bit_forms();
    test_bit_tests();
    test_counts();
    test_copies();
    test_add3();
    test_fused_acc();
    test_pairs();
    test_count_compare();
    test_load_op();
    test_mul_add();
    test_accumulator();
    test_acc_rows();
    test_acc_loads();
    mw_store_delete(store);
    mw_engine_delete(engine);
    printf("test_fused: %d checks, %d failed\n", checks, failures);
    return failures != 0;
}
