/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * gen_module.c — see gen_module.h. The module is built section by section with the
 * fuzz_util encoder; function bodies come from the recursive, type-directed gen_expr
 * and gen_stmt below. A read past the end of the input gives zeros, and choice 0 is
 * always the cheapest form, so generation ends once the input runs out; the node
 * budget bounds it otherwise.
 */
#include "gen_module.h"

#include <stdio.h>
#include <string.h>

#define I32 0x7f
#define I64 0x7e
#define F32 0x7d
#define F64 0x7c
#define V128 0x7b
#define FUNCREF 0x70

#define MAX_FUNCS 5        /* the import + up to 4 defined */
#define MAX_PARAMS 3
#define MAX_RESULTS 2
#define MAX_EXTRA 4        /* declared locals besides the loop counters */
#define LOOP_COUNTERS 4    /* one i32 local per loop nesting level */
#define MAX_DEPTH 10
#define DIFF_BUDGET 2000   /* diff mode: calls and loop turns per exported call */

/* Number types, then v128 (index 4: also the index of the v128 global). */
static const uint8_t num_types[5] = {I32, I64, F32, F64, V128};

typedef struct sig {
    uint8_t np, nr;
    uint8_t p[MAX_PARAMS], res[MAX_RESULTS];
} sig;

typedef struct gen {
    fz_reader *r;
    fz_buf *c;                 /* the body being written */
    sig sigs[MAX_FUNCS];
    uint32_t nfuncs;           /* including the import (index 0) */
    uint8_t locals[MAX_PARAMS + MAX_EXTRA];
    uint32_t nlocals;          /* params + extras: the locals expressions may use */
    uint32_t counters;         /* index of the first loop counter */
    const sig *self;
    int budget, depth, loops;
    bool simd;                 /* this module uses v128 (a share of the inputs) */
    bool bad;                  /* may emit invalid lane indices and alignments */
    bool diff;                 /* deterministic mode (FZ_GEN_DIFF) */
    bool made_invalid;         /* an invalid immediate was emitted */
    uint32_t tmp;              /* diff mode: first temp local (f32, f64, then v128) */
    uint32_t budget_global;    /* diff mode: the call budget */
} gen;

/* Index of a value type in num_types (and of its global). */
static uint32_t type_index(uint8_t t)
{
    return t == I32 ? 0 : t == I64 ? 1 : t == F32 ? 2 : t == F64 ? 3 : 4;
}
/* A number type; in SIMD modules, v128 a third of the time. One byte either way, and
 * the same choices as before SIMD for other modules. */
static uint8_t pick_type(gen *g)
{
    uint8_t b = fz_u8(g->r);
    return g->simd ? num_types[b % 6 < 4 ? b % 6 : 4] : num_types[b % 4];
}
static uint8_t pick_num_type(gen *g) { return num_types[fz_u8(g->r) % 4]; }

/* ------------------------------------------------------------------ operator tables */

typedef struct unop { uint8_t op, t; } unop;
typedef struct conv { uint8_t prefix, op, from, to; } conv;
typedef struct memop { uint8_t op, t, max_align; } memop;

static const unop unops[] = {
    {0x67, I32}, {0x68, I32}, {0x69, I32}, {0xc0, I32}, {0xc1, I32}, {0x79, I64}, {0x7a, I64},
    {0x7b, I64}, {0xc2, I64}, {0xc3, I64}, {0xc4, I64}, {0x8b, F32}, {0x8c, F32}, {0x8d, F32},
    {0x8e, F32}, {0x8f, F32}, {0x90, F32}, {0x91, F32}, {0x99, F64}, {0x9a, F64}, {0x9b, F64},
    {0x9c, F64}, {0x9d, F64}, {0x9e, F64}, {0x9f, F64},
};
/* Binary operators of each type are a contiguous opcode range. */
static const uint8_t bin_lo[4] = {0x6a, 0x7c, 0x92, 0xa0}, bin_hi[4] = {0x78, 0x8a, 0x98, 0xa6};
/* Comparisons giving i32, by operand type, and eqz. */
static const uint8_t rel_lo[4] = {0x46, 0x51, 0x5b, 0x61}, rel_hi[4] = {0x4f, 0x5a, 0x60, 0x66};

static const conv convs[] = {
    {0, 0xa7, I64, I32}, {0, 0xa8, F32, I32}, {0, 0xa9, F32, I32}, {0, 0xaa, F64, I32},
    {0, 0xab, F64, I32}, {0, 0xbc, F32, I32}, {0xfc, 0, F32, I32}, {0xfc, 1, F32, I32},
    {0xfc, 2, F64, I32}, {0xfc, 3, F64, I32}, {0, 0xac, I32, I64}, {0, 0xad, I32, I64},
    {0, 0xae, F32, I64}, {0, 0xaf, F32, I64}, {0, 0xb0, F64, I64}, {0, 0xb1, F64, I64},
    {0, 0xbd, F64, I64}, {0xfc, 4, F32, I64}, {0xfc, 5, F32, I64}, {0xfc, 6, F64, I64},
    {0xfc, 7, F64, I64}, {0, 0xb2, I32, F32}, {0, 0xb3, I32, F32}, {0, 0xb4, I64, F32},
    {0, 0xb5, I64, F32}, {0, 0xb6, F64, F32}, {0, 0xbe, I32, F32}, {0, 0xb7, I32, F64},
    {0, 0xb8, I32, F64}, {0, 0xb9, I64, F64}, {0, 0xba, I64, F64}, {0, 0xbb, F32, F64},
    {0, 0xbf, I64, F64},
};

static const memop loads[] = {
    {0x28, I32, 2}, {0x2c, I32, 0}, {0x2d, I32, 0}, {0x2e, I32, 1}, {0x2f, I32, 1},
    {0x29, I64, 3}, {0x30, I64, 0}, {0x31, I64, 0}, {0x32, I64, 1}, {0x33, I64, 1},
    {0x34, I64, 2}, {0x35, I64, 2}, {0x2a, F32, 2}, {0x2b, F64, 3},
};
static const memop stores[] = {
    {0x36, I32, 2}, {0x3a, I32, 0}, {0x3b, I32, 1}, {0x37, I64, 3}, {0x3c, I64, 0},
    {0x3d, I64, 1}, {0x3e, I64, 2}, {0x38, F32, 2}, {0x39, F64, 3},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* An entry of table (n entries of size sz) whose type field (at offset off) is t,
 * starting the search at a fuzzer-chosen place; NULL when there is none. */
static const void *pick_of_type(gen *g, const void *table, size_t n, size_t sz, size_t off,
                                uint8_t t)
{
    size_t start = fz_u8(g->r) % n;
    for (size_t k = 0; k < n; k++) {
        const uint8_t *e = (const uint8_t *)table + ((start + k) % n) * sz;
        if (e[off] == t)
            return e;
    }
    return NULL;
}

/* ------------------------------------------------------------------ leaves */

static void simd_op(gen *g, uint32_t op)
{
    fz_byte(g->c, 0xfd);
    fz_uleb(g->c, op);   /* sub-opcodes are LEB128 */
}

/* v128.const: lanes of one shape from fz_val (edge cases, NaNs, infinities), or raw. */
static void emit_v128_const(gen *g)
{
    static const mw_valtype shapes[4] = {MW_I32, MW_F32, MW_I64, MW_F64};
    uint8_t b[16];
    uint8_t how = fz_u8(g->r) % 5;
    for (uint32_t k = 0; k < 16;) {
        if (how == 4) {
            b[k++] = fz_u8(g->r);
            continue;
        }
        mw_val v = fz_val(g->r, shapes[how]);
        uint64_t bits = how == 0 ? (uint32_t)v.of.i32 : how == 1 ? v.of.f32_bits
                        : how == 2 ? (uint64_t)v.of.i64 : v.of.f64_bits;
        for (uint32_t n = how < 2 ? 4 : 8; n > 0; n--, bits >>= 8)
            b[k++] = (uint8_t)bits;
    }
    simd_op(g, 12);
    fz_bytes(g->c, b, 16);
}

static void emit_const(gen *g, uint8_t t)
{
    if (t == V128) {
        emit_v128_const(g);
        return;
    }
    mw_val v = fz_val(g->r, (mw_valtype)t);
    fz_byte(g->c, (uint8_t)(0x41 + type_index(t)));
    if (t == I32)
        fz_sleb(g->c, v.of.i32);
    else if (t == I64)
        fz_sleb(g->c, v.of.i64);
    else if (t == F32)
        fz_bytes(g->c, &v.of.f32_bits, 4);   /* little-endian hosts only */
    else
        fz_bytes(g->c, &v.of.f64_bits, 8);
}

static void emit_i32(gen *g, uint32_t v)
{
    fz_byte(g->c, 0x41);
    fz_sleb(g->c, (int32_t)v);
}

/* A usable local of type t (fuzzer-chosen), or -1. */
static int32_t local_of(gen *g, uint8_t t)
{
    if (g->nlocals == 0)
        return -1;
    uint32_t start = fz_u8(g->r) % g->nlocals;
    for (uint32_t k = 0; k < g->nlocals; k++) {
        uint32_t i = (start + k) % g->nlocals;
        if (g->locals[i] == t)
            return (int32_t)i;
    }
    return -1;
}

static void gen_leaf(gen *g, uint8_t t)
{
    uint8_t how = fz_u8(g->r) % 3;
    int32_t l = how == 1 ? local_of(g, t) : -1;
    if (l >= 0) {
        fz_byte(g->c, 0x20);
        fz_uleb(g->c, (uint32_t)l);
    } else if (how == 2) {
        fz_byte(g->c, 0x23);
        fz_uleb(g->c, type_index(t));
    } else {
        emit_const(g, t);
    }
}

static void mem_offset(gen *g)
{
    uint8_t o = fz_u8(g->r);
    fz_uleb(g->c, o < 200 ? o % 16u : o < 250 ? 65530u + o % 8u : 0xffffffffu - o % 4u);
}

static void memarg(gen *g, uint8_t max_align)
{
    fz_uleb(g->c, fz_u8(g->r) % (max_align + 1u));
    mem_offset(g);
}

/* ------------------------------------------------------------------ expressions */

static void gen_expr(gen *g, uint8_t t);
static void gen_stmts(gen *g);

/* A table index: mostly in range (0 .. nfuncs + 1), sometimes anything. */
static void gen_index(gen *g)
{
    if (fz_u8(g->r) % 4)
        emit_i32(g, fz_u8(g->r) % (g->nfuncs + 2));
    else
        gen_expr(g, I32);
}

static void gen_ref(gen *g)
{
    switch (fz_u8(g->r) % 3) {
    case 0: fz_byte(g->c, 0xd0); fz_byte(g->c, FUNCREF); break;
    case 1: fz_byte(g->c, 0xd2); fz_uleb(g->c, fz_u8(g->r) % g->nfuncs); break;
    default: gen_index(g); fz_byte(g->c, 0x25); fz_byte(g->c, 0); break;
    }
}

static void gen_args(gen *g, const sig *s)
{
    for (uint32_t i = 0; i < s->np; i++)
        gen_expr(g, s->p[i]);
}

/* A function whose first result is t (t == 0: any function), or -1. */
static int32_t func_with_result(gen *g, uint8_t t)
{
    uint32_t start = fz_u8(g->r) % g->nfuncs;
    for (uint32_t k = 0; k < g->nfuncs; k++) {
        uint32_t f = (start + k) % g->nfuncs;
        if (t == 0 || (g->sigs[f].nr > 0 && g->sigs[f].res[0] == t))
            return (int32_t)f;
    }
    return -1;
}

/* call or call_indirect of f; keep `keep` results (extra ones are dropped). */
static void gen_call(gen *g, uint32_t f, bool indirect, uint32_t keep)
{
    gen_args(g, &g->sigs[f]);
    if (indirect) {
        /* SIMD modules: mostly f's own slot (the call runs instead of trapping) */
        if (g->simd && fz_u8(g->r) % 4)
            emit_i32(g, f);
        else
            gen_index(g);
        fz_byte(g->c, 0x11);
        fz_uleb(g->c, f);   /* type f is the signature of function f */
        fz_byte(g->c, 0);
    } else {
        fz_byte(g->c, 0x10);
        fz_uleb(g->c, f);
    }
    for (uint32_t k = keep; k < g->sigs[f].nr; k++)
        fz_byte(g->c, 0x1a);
}

/* i32-only forms: comparisons, eqz, memory and table queries, ref.is_null. */
static void gen_i32_special(gen *g)
{
    uint32_t k = type_index(pick_num_type(g));
    switch (fz_u8(g->r) % 6) {
    case 0:
        gen_expr(g, num_types[k]);
        gen_expr(g, num_types[k]);
        fz_byte(g->c, (uint8_t)(rel_lo[k] + fz_u8(g->r) % (rel_hi[k] - rel_lo[k] + 1)));
        break;
    case 1:
        gen_expr(g, k == 1 ? I64 : I32);
        fz_byte(g->c, k == 1 ? 0x50 : 0x45);
        break;
    case 2: fz_byte(g->c, 0x3f); fz_byte(g->c, 0); break;
    case 3: gen_expr(g, I32); fz_byte(g->c, 0x40); fz_byte(g->c, 0); break;
    case 4: fz_byte(g->c, 0xfc); fz_uleb(g->c, 16); fz_byte(g->c, 0); break;
    default: gen_ref(g); fz_byte(g->c, 0xd1); break;
    }
}

/* local.set or local.tee (op) of a local of type t; false when there is none. */
static bool gen_local_write(gen *g, uint8_t t, uint8_t op)
{
    int32_t l = local_of(g, t);
    if (l < 0)
        return false;
    gen_expr(g, t);
    fz_byte(g->c, op);
    fz_uleb(g->c, (uint32_t)l);
    return true;
}

/* ------------------------------------------------------------------ SIMD (0xFD prefix) */

/*
 * Opcodes and immediates from the spec's binary/instructions.rst (vector
 * instructions). Every one of the 236 appears in exactly one table below (or is
 * v128.const 12, i8x16.shuffle 13, v128.bitselect 82, v128.store 11). canon says
 * which lanes hold floats with a nondeterministic NaN payload afterwards (spec:
 * any arithmetic NaN): 1 f32x4, 2 f64x2. abs, neg, pmin, pmax and the int-to-float
 * conversions are exact and need none.
 */
typedef struct vrange { uint8_t lo, hi, canon; } vrange;
typedef struct vlane { uint8_t op, t, lanes; } vlane;      /* extract/replace: scalar t */
typedef struct vmem { uint8_t op, max_align, lanes; } vmem; /* lanes: 0 if no lane */

static const vrange v_unops[] = {   /* v128 -> v128 */
    {77, 77, 0}, {96, 98, 0}, {124, 129, 0}, {135, 138, 0}, {160, 161, 0}, {167, 170, 0},
    {192, 193, 0}, {199, 202, 0}, {103, 106, 1}, {224, 225, 0}, {227, 227, 1},
    {116, 117, 2}, {122, 122, 2}, {148, 148, 2}, {236, 237, 0}, {239, 239, 2},
    {248, 255, 0}, {94, 94, 1}, {95, 95, 2},
};
static const vrange v_binops[] = {   /* v128 v128 -> v128 */
    {14, 14, 0}, {35, 76, 0}, {78, 81, 0}, {101, 102, 0}, {110, 115, 0}, {118, 121, 0},
    {123, 123, 0}, {130, 130, 0}, {133, 134, 0}, {142, 147, 0}, {149, 153, 0},
    {155, 159, 0}, {174, 174, 0}, {177, 177, 0}, {181, 186, 0}, {188, 191, 0},
    {206, 206, 0}, {209, 209, 0}, {213, 223, 0}, {228, 233, 1}, {234, 235, 0},
    {240, 245, 2}, {246, 247, 0},
};
static const vrange v_shifts[] = {   /* v128 i32 -> v128 */
    {107, 109, 0}, {139, 141, 0}, {171, 173, 0}, {203, 205, 0},
};
static const vrange v_tests[] = {    /* v128 -> i32: any_true, all_true, bitmask */
    {83, 83, 0}, {99, 100, 0}, {131, 132, 0}, {163, 164, 0}, {195, 196, 0},
};
static const vlane v_splats[] = {    /* t -> v128 */
    {15, I32, 16}, {16, I32, 8}, {17, I32, 4}, {18, I64, 2}, {19, F32, 4}, {20, F64, 2},
};
static const vlane v_extracts[] = {
    {21, I32, 16}, {22, I32, 16}, {24, I32, 8}, {25, I32, 8}, {27, I32, 4}, {29, I64, 2},
    {31, F32, 4}, {33, F64, 2},
};
static const vlane v_replaces[] = {
    {23, I32, 16}, {26, I32, 8}, {28, I32, 4}, {30, I64, 2}, {32, F32, 4}, {34, F64, 2},
};
static const vmem v_loads[] = {      /* i32 -> v128 */
    {0, 4, 0}, {1, 3, 0}, {2, 3, 0}, {3, 3, 0}, {4, 3, 0}, {5, 3, 0}, {6, 3, 0},
    {7, 0, 0}, {8, 1, 0}, {9, 2, 0}, {10, 3, 0}, {92, 2, 0}, {93, 3, 0},
};
static const vmem v_lane_loads[] = { /* i32 v128 -> v128 */
    {84, 0, 16}, {85, 1, 8}, {86, 2, 4}, {87, 3, 2},
};
static const vmem v_stores[] = {     /* i32 v128 -> */
    {11, 4, 0}, {88, 0, 16}, {89, 1, 8}, {90, 2, 4}, {91, 3, 2},
};

/* An opcode of the ranges, uniformly over all of them; *canon gets its NaN kind. */
static uint8_t pick_range(gen *g, const vrange *v, size_t n, uint8_t *canon)
{
    uint32_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += v[i].hi - v[i].lo + 1u;
    uint32_t k = fz_below(g->r, total);
    for (size_t i = 0;; i++) {
        if (k <= (uint32_t)(v[i].hi - v[i].lo)) {
            *canon = v[i].canon;
            return (uint8_t)(v[i].lo + k);
        }
        k -= v[i].hi - v[i].lo + 1u;
    }
}

/* A lane index below n; in "bad" modules, now and then one that is out of range. */
static void lane(gen *g, uint32_t n)
{
    uint8_t b = fz_u8(g->r);
    if (g->bad && b % 8 == 0) {
        g->made_invalid = true;
        fz_byte(g->c, (uint8_t)(n + fz_u8(g->r) % (256 - n)));
    } else {
        fz_byte(g->c, (uint8_t)(b % n));
    }
}

/* memarg of a vector access: alignment up to the natural one (in "bad" modules now and
 * then one or two above it), then an offset as for the scalar accesses. */
static void memarg_v(gen *g, uint8_t max_align)
{
    uint8_t a = fz_u8(g->r);
    if (g->bad && a % 8 == 0) {
        g->made_invalid = true;
        fz_uleb(g->c, max_align + 1u + (a >> 3) % 2u);
    } else {
        fz_uleb(g->c, a % (max_align + 1u));
    }
    mem_offset(g);
}

/* An address: mostly a constant inside the page (so vector accesses run), else any. */
static void gen_addr(gen *g)
{
    if (fz_u8(g->r) % 8)
        emit_i32(g, fz_below(g->r, 65536));
    else
        gen_expr(g, I32);
}

/*
 * Diff mode: replace a NaN on top of the stack by one fixed NaN, so that results whose
 * NaN payload (and sign) the spec leaves open print the same bits in every engine.
 * kind: F32 or F64 (scalar), 1 (f32x4 lanes) or 2 (f64x2 lanes). Scalar:
 *   local.tee T; const NaN; local.get T; local.get T; eq; select
 * Vector: the same with v128.const of NaN lanes, a lane-wise eq and v128.bitselect.
 */
static void canon(gen *g, uint8_t kind)
{
    if (!g->diff || kind == 0)
        return;
    bool vec = kind == 1 || kind == 2, wide = kind == 2 || kind == F64;
    uint32_t t = g->tmp + (vec ? 2 : wide ? 1 : 0);
    fz_byte(g->c, 0x22);
    fz_uleb(g->c, t);
    uint8_t nan32[4] = {0x00, 0x00, 0xc0, 0x7f};
    uint8_t nan64[8] = {0, 0, 0, 0, 0, 0, 0xf8, 0x7f};
    if (vec) {
        simd_op(g, 12);
        for (int k = 0; k < (wide ? 2 : 4); k++)
            fz_bytes(g->c, wide ? nan64 : nan32, wide ? 8 : 4);
    } else {
        fz_byte(g->c, wide ? 0x44 : 0x43);
        fz_bytes(g->c, wide ? nan64 : nan32, wide ? 8 : 4);
    }
    fz_byte(g->c, 0x20);
    fz_uleb(g->c, t);
    fz_byte(g->c, 0x20);
    fz_uleb(g->c, t);
    if (vec) {
        simd_op(g, wide ? 71 : 65);   /* f64x2.eq / f32x4.eq */
        simd_op(g, 82);               /* v128.bitselect */
    } else {
        fz_byte(g->c, wide ? 0x61 : 0x5b);
        fz_byte(g->c, 0x1b);
    }
}

/* Scalar operators whose NaN results have a nondeterministic payload. */
static bool nondet_scalar(uint8_t op)
{
    return (op >= 0x8d && op <= 0x97) || (op >= 0x9b && op <= 0xa5) || op == 0xb6 ||
           op == 0xbb;
}

static void gen_v128_op(gen *g)
{
    const vlane *l;
    const vmem *m;
    uint8_t op, c = 0;
    switch (fz_u8(g->r) % 14) {
    case 0:
        l = &v_splats[fz_u8(g->r) % COUNT(v_splats)];
        gen_expr(g, l->t);
        simd_op(g, l->op);
        return;
    case 1:
    case 2:
        op = pick_range(g, v_unops, COUNT(v_unops), &c);
        gen_expr(g, V128);
        simd_op(g, op);
        canon(g, c);
        return;
    case 3:
    case 4:
    case 5:
        op = pick_range(g, v_binops, COUNT(v_binops), &c);
        gen_expr(g, V128);
        gen_expr(g, V128);
        simd_op(g, op);
        canon(g, c);
        return;
    case 6:
        op = pick_range(g, v_shifts, COUNT(v_shifts), &c);
        gen_expr(g, V128);
        if (fz_u8(g->r) % 2)
            emit_i32(g, fz_u8(g->r));   /* shift counts are taken modulo the lane width */
        else
            gen_expr(g, I32);
        simd_op(g, op);
        return;
    case 7:
        gen_expr(g, V128);
        gen_expr(g, V128);
        gen_expr(g, V128);
        simd_op(g, 82);
        return;
    case 8:
        gen_expr(g, V128);
        gen_expr(g, V128);
        simd_op(g, 13);
        for (int k = 0; k < 16; k++)
            lane(g, 32);
        return;
    case 9:
        l = &v_replaces[fz_u8(g->r) % COUNT(v_replaces)];
        gen_expr(g, V128);
        gen_expr(g, l->t);
        simd_op(g, l->op);
        lane(g, l->lanes);
        return;
    case 10:
        m = &v_loads[fz_u8(g->r) % COUNT(v_loads)];
        gen_addr(g);
        simd_op(g, m->op);
        memarg_v(g, m->max_align);
        return;
    case 11:
        m = &v_lane_loads[fz_u8(g->r) % COUNT(v_lane_loads)];
        gen_addr(g);
        gen_expr(g, V128);
        simd_op(g, m->op);
        memarg_v(g, m->max_align);
        lane(g, m->lanes);
        return;
    default:
        gen_leaf(g, V128);
        return;
    }
}

/* A scalar of type t computed from a v128: extract_lane, or a test/bitmask for i32. */
static void gen_from_v128(gen *g, uint8_t t)
{
    uint8_t c;
    if (t == I32 && fz_u8(g->r) % 3 == 0) {
        uint8_t op = pick_range(g, v_tests, COUNT(v_tests), &c);
        gen_expr(g, V128);
        simd_op(g, op);
        return;
    }
    const vlane *l = pick_of_type(g, v_extracts, COUNT(v_extracts), sizeof *l, 1, t);
    gen_expr(g, V128);
    simd_op(g, l->op);
    lane(g, l->lanes);
}

/* v128.store or one of the store_lane forms. */
static void gen_v128_store(gen *g)
{
    const vmem *m = &v_stores[fz_u8(g->r) % COUNT(v_stores)];
    gen_addr(g);
    gen_expr(g, V128);
    simd_op(g, m->op);
    memarg_v(g, m->max_align);
    if (m->lanes)
        lane(g, m->lanes);
}

static void gen_expr_op(gen *g, uint8_t t, uint8_t choice)
{
    uint32_t k = type_index(t);
    const unop *u;
    const conv *cv;
    const memop *m;
    int32_t f;
    uint8_t op;
    if (t == V128 && (choice <= 4 || choice == 11 || choice == 13)) {
        gen_v128_op(g);
        return;
    }
    if (choice == 13 && g->simd) {
        gen_from_v128(g, t);
        return;
    }
    switch (choice) {
    case 1:
        if ((u = pick_of_type(g, unops, COUNT(unops), sizeof *u, 1, t)) == NULL)
            break;
        gen_expr(g, t);
        fz_byte(g->c, u->op);
        if (nondet_scalar(u->op))
            canon(g, t);
        return;
    case 2:
        gen_expr(g, t);
        gen_expr(g, t);
        op = (uint8_t)(bin_lo[k] + fz_u8(g->r) % (bin_hi[k] - bin_lo[k] + 1));
        fz_byte(g->c, op);
        if (nondet_scalar(op))
            canon(g, t);
        return;
    case 3:
        if ((cv = pick_of_type(g, convs, COUNT(convs), sizeof *cv, 3, t)) == NULL)
            break;
        gen_expr(g, cv->from);
        if (cv->prefix) {
            fz_byte(g->c, cv->prefix);
            fz_uleb(g->c, cv->op);   /* sub-opcodes are LEB128 */
        } else {
            fz_byte(g->c, cv->op);
            if (nondet_scalar(cv->op))
                canon(g, t);
        }
        return;
    case 4:
        if ((m = pick_of_type(g, loads, COUNT(loads), sizeof *m, 1, t)) == NULL)
            break;
        if (g->simd)
            gen_addr(g);
        else
            gen_expr(g, I32);
        fz_byte(g->c, m->op);
        memarg(g, m->max_align);
        return;
    case 5:
        gen_expr(g, I32);
        fz_byte(g->c, 0x04);
        fz_byte(g->c, t);
        gen_expr(g, t);
        fz_byte(g->c, 0x05);
        gen_expr(g, t);
        fz_byte(g->c, 0x0b);
        return;
    case 6:   /* block whose br_if carries the value out */
        fz_byte(g->c, 0x02);
        fz_byte(g->c, t);
        gen_stmts(g);
        gen_expr(g, t);
        gen_expr(g, I32);
        fz_byte(g->c, 0x0d);
        fz_byte(g->c, 0);
        fz_byte(g->c, 0x0b);
        return;
    case 7:
    case 8:
        if ((f = func_with_result(g, t)) < 0)
            break;
        gen_call(g, (uint32_t)f, choice == 8, 1);
        return;
    case 9:
        gen_expr(g, t);
        gen_expr(g, t);
        gen_expr(g, I32);
        fz_byte(g->c, 0x1b);
        return;
    case 10:
        if (!gen_local_write(g, t, 0x22))
            break;
        return;
    case 11:
        if (t != I32)
            break;
        gen_i32_special(g);
        return;
    case 12:
        fz_byte(g->c, 0x03);
        fz_byte(g->c, t);
        gen_stmts(g);
        gen_expr(g, t);
        fz_byte(g->c, 0x0b);
        return;
    default:
        break;
    }
    gen_leaf(g, t);
}

static void gen_expr(gen *g, uint8_t t)
{
    g->budget--;
    if (g->budget <= 0 || g->depth >= MAX_DEPTH) {
        gen_leaf(g, t);
        return;
    }
    g->depth++;
    gen_expr_op(g, t, fz_u8(g->r) % 14);
    g->depth--;
}

/* ------------------------------------------------------------------ statements */

static void gen_len(gen *g)
{
    if (fz_u8(g->r) % 4)
        emit_i32(g, fz_u8(g->r));
    else
        gen_expr(g, I32);
}

/* Diff mode: spend a unit of the budget of calls and loop turns (reset by every
 * exported wrapper); when it is gone, return zeros. A module that would run for
 * minutes or recurse until the stack overflows in V8 (which has no fuel, and whose
 * stack depth differs from minwasm's) ends at the same point in both engines. */
static void spend_budget(gen *g)
{
    if (!g->diff)
        return;
    fz_byte(g->c, 0x23); fz_uleb(g->c, g->budget_global);
    fz_byte(g->c, 0x45);
    fz_byte(g->c, 0x04); fz_byte(g->c, 0x40);
    for (uint32_t k = 0; k < g->self->nr; k++) {
        uint8_t t = g->self->res[k];
        if (t == V128) {
            static const uint8_t zero[16];
            simd_op(g, 12);
            fz_bytes(g->c, zero, 16);
        } else {
            fz_byte(g->c, (uint8_t)(0x41 + type_index(t)));
            fz_bytes(g->c, "\0\0\0\0\0\0\0\0", t == I32 || t == I64 ? 1 : t == F32 ? 4 : 8);
        }
    }
    fz_byte(g->c, 0x0f); fz_byte(g->c, 0x0b);
    fz_byte(g->c, 0x23); fz_uleb(g->c, g->budget_global);
    emit_i32(g, 1);
    fz_byte(g->c, 0x6b);
    fz_byte(g->c, 0x24); fz_uleb(g->c, g->budget_global);
}

static void gen_loop(gen *g)
{
    if (g->loops >= LOOP_COUNTERS)
        return;
    uint32_t c = g->counters + (uint32_t)g->loops;
    emit_i32(g, fz_u8(g->r) % 16);
    fz_byte(g->c, 0x21);
    fz_uleb(g->c, c);
    fz_byte(g->c, 0x03);
    fz_byte(g->c, 0x40);
    spend_budget(g);
    g->loops++;
    gen_stmts(g);
    g->loops--;
    /* counter = counter - 1; continue while it is not zero */
    fz_byte(g->c, 0x20);
    fz_uleb(g->c, c);
    emit_i32(g, 1);
    fz_byte(g->c, 0x6b);
    fz_byte(g->c, 0x22);
    fz_uleb(g->c, c);
    fz_byte(g->c, 0x0d);
    fz_byte(g->c, 0);
    fz_byte(g->c, 0x0b);
}

/* table.set, table.grow, table.fill, table.copy on table 0. */
static void gen_table_stmt(gen *g)
{
    switch (fz_u8(g->r) % 4) {
    case 0: gen_index(g); gen_ref(g); fz_byte(g->c, 0x26); fz_byte(g->c, 0); break;
    case 1:
        gen_ref(g);
        gen_len(g);
        fz_byte(g->c, 0xfc); fz_uleb(g->c, 15); fz_byte(g->c, 0);
        fz_byte(g->c, 0x1a);
        break;
    case 2:
        gen_index(g); gen_ref(g); gen_len(g);
        fz_byte(g->c, 0xfc); fz_uleb(g->c, 17); fz_byte(g->c, 0);
        break;
    default:
        gen_index(g); gen_index(g); gen_len(g);
        fz_byte(g->c, 0xfc); fz_uleb(g->c, 14); fz_byte(g->c, 0); fz_byte(g->c, 0);
        break;
    }
}

static void gen_stmt_op(gen *g, uint8_t choice)
{
    uint8_t t = pick_type(g);
    const memop *m;
    switch (choice) {
    case 1: gen_local_write(g, t, 0x21); return;
    case 2:
        gen_expr(g, t);
        fz_byte(g->c, 0x24);
        fz_uleb(g->c, type_index(t));
        return;
    case 3:
        if (g->simd && fz_u8(g->r) % 3 == 0) {
            gen_v128_store(g);
            return;
        }
        m = &stores[fz_u8(g->r) % COUNT(stores)];
        if (g->simd)
            gen_addr(g);
        else
            gen_expr(g, I32);
        gen_expr(g, m->t);
        fz_byte(g->c, m->op);
        memarg(g, m->max_align);
        return;
    case 4: gen_expr(g, t); fz_byte(g->c, 0x1a); return;
    case 5:
        gen_expr(g, I32);
        fz_byte(g->c, 0x04);
        fz_byte(g->c, 0x40);
        gen_stmts(g);
        if (fz_u8(g->r) & 1) {
            fz_byte(g->c, 0x05);
            gen_stmts(g);
        }
        fz_byte(g->c, 0x0b);
        return;
    case 6: gen_loop(g); return;
    case 7:
        fz_byte(g->c, 0x02);
        fz_byte(g->c, 0x40);
        gen_stmts(g);
        gen_expr(g, I32);
        fz_byte(g->c, 0x0d);
        fz_byte(g->c, 0);
        gen_stmts(g);
        fz_byte(g->c, 0x0b);
        return;
    case 8:   /* memory.fill or memory.copy */
        gen_expr(g, I32);
        gen_expr(g, I32);
        gen_len(g);
        fz_byte(g->c, 0xfc);
        if (fz_u8(g->r) & 1) {
            fz_uleb(g->c, 11);
            fz_byte(g->c, 0);
        } else {
            fz_uleb(g->c, 10);
            fz_byte(g->c, 0);
            fz_byte(g->c, 0);
        }
        return;
    case 9: gen_call(g, (uint32_t)func_with_result(g, 0), fz_u8(g->r) & 1, 0); return;
    case 10: gen_table_stmt(g); return;
    case 11:
        if (fz_u8(g->r) % 4)
            return;
        for (uint32_t k = 0; k < g->self->nr; k++)
            gen_expr(g, g->self->res[k]);
        fz_byte(g->c, 0x0f);
        return;
    case 12:
        if (fz_u8(g->r) % 8 == 0)
            fz_byte(g->c, 0x00);   /* unreachable, rarely */
        return;
    default:
        return;
    }
}

static void gen_stmt(gen *g)
{
    g->budget--;
    if (g->budget <= 0 || g->depth >= MAX_DEPTH)
        return;
    g->depth++;
    gen_stmt_op(g, fz_u8(g->r) % 13);
    g->depth--;
}

static void gen_stmts(gen *g)
{
    for (uint32_t n = fz_u8(g->r) % 4; n > 0; n--)
        gen_stmt(g);
}

/* ------------------------------------------------------------------ module */

static void gen_sig(gen *g, sig *s, bool scalar_only)
{
    s->np = fz_u8(g->r) % (MAX_PARAMS + 1);
    s->nr = fz_u8(g->r) % (MAX_RESULTS + 1);
    for (uint32_t i = 0; i < s->np; i++)
        s->p[i] = scalar_only ? pick_num_type(g) : pick_type(g);
    for (uint32_t i = 0; i < s->nr; i++)
        s->res[i] = scalar_only ? pick_num_type(g) : pick_type(g);
}

static bool sig_has_v128(const sig *s)
{
    return memchr(s->p, V128, s->np) != NULL || memchr(s->res, V128, s->nr) != NULL;
}

/* Diff mode: exported functions are called from JavaScript, which cannot pass v128. */
static bool exported(const gen *g, uint32_t f) { return !g->diff || !sig_has_v128(&g->sigs[f]); }

/* The body of defined function f: locals, statements, then its results. */
static void gen_body(gen *g, uint32_t f, fz_buf *code)
{
    fz_buf body = {0};
    const sig *s = &g->sigs[f];
    uint32_t extra = fz_u8(g->r) % (MAX_EXTRA + 1);
    uint32_t temps = g->diff ? (g->simd ? 3 : 2) : 0;
    g->self = s;
    g->nlocals = s->np;
    memcpy(g->locals, s->p, s->np);
    fz_uleb(&body, extra + 1 + temps);
    for (uint32_t i = 0; i < extra; i++) {
        g->locals[g->nlocals++] = pick_type(g);
        fz_uleb(&body, 1);
        fz_byte(&body, g->locals[g->nlocals - 1]);
    }
    g->counters = g->nlocals;
    fz_uleb(&body, LOOP_COUNTERS);
    fz_byte(&body, I32);
    g->tmp = g->counters + LOOP_COUNTERS;   /* diff mode: NaN temps f32, f64, v128 */
    for (uint32_t i = 0; i < temps; i++) {
        fz_uleb(&body, 1);
        fz_byte(&body, i == 0 ? F32 : i == 1 ? F64 : V128);
    }
    g->c = &body;
    spend_budget(g);
    g->budget = 20 + fz_u8(g->r);
    g->depth = g->loops = 0;
    gen_stmts(g);
    gen_stmts(g);
    g->budget = 0;   /* the results: leaves only */
    for (uint32_t k = 0; k < s->nr; k++)
        gen_expr(g, s->res[k]);
    fz_byte(&body, 0x0b);
    fz_uleb(code, body.n);
    fz_bytes(code, body.p, body.n);
    fz_free(&body);
}

/* Diff mode with SIMD: an exported function returning the v128 global's two i64
 * lanes, so that its final value is compared. */
static bool has_check(const gen *g) { return g->diff && g->simd; }

/* Diff mode: every exported function is a wrapper (after the defined functions and
 * "check") that resets the budget and calls the real one. wrapper_of(f) is its index. */
static uint32_t nwrappers(const gen *g)
{
    uint32_t n = 0;
    for (uint32_t f = 1; g->diff && f < g->nfuncs; f++)
        n += exported(g, f);
    return n;
}

static uint32_t wrapper_of(const gen *g, uint32_t f)
{
    if (!g->diff)
        return f;
    uint32_t w = g->nfuncs + has_check(g);
    for (uint32_t k = 1; k < f; k++)
        w += exported(g, k);
    return w;
}

static void gen_wrapper(const gen *g, uint32_t f, fz_buf *code)
{
    fz_buf body = {0};
    fz_uleb(&body, 0);
    emit_i32(&(gen){.c = &body}, DIFF_BUDGET);
    fz_byte(&body, 0x24);
    fz_uleb(&body, g->budget_global);
    for (uint32_t k = 0; k < g->sigs[f].np; k++) {
        fz_byte(&body, 0x20);
        fz_uleb(&body, k);
    }
    fz_byte(&body, 0x10);
    fz_uleb(&body, f);
    fz_byte(&body, 0x0b);
    fz_uleb(code, body.n);
    fz_bytes(code, body.p, body.n);
    fz_free(&body);
}

static void gen_types_imports_funcs(gen *g, fz_buf *out, fz_buf *sec)
{
    fz_uleb(sec, g->nfuncs + has_check(g));
    for (uint32_t f = 0; f < g->nfuncs; f++) {
        const sig *s = &g->sigs[f];
        fz_byte(sec, 0x60);
        fz_uleb(sec, s->np);
        fz_bytes(sec, s->p, s->np);
        fz_uleb(sec, s->nr);
        fz_bytes(sec, s->res, s->nr);
    }
    if (has_check(g)) {
        static const uint8_t check_type[] = {0x60, 0, 2, I64, I64};
        fz_bytes(sec, check_type, sizeof check_type);
    }
    fz_section(out, 1, sec);
    fz_uleb(sec, 1);
    /* diff mode: a logging import the harnesses know (no results) */
    fz_name(sec, g->diff ? "fuzzing-support" : "env");
    fz_name(sec, g->diff ? "log-gen" : "imp");
    fz_byte(sec, 0x00);
    fz_uleb(sec, 0);
    fz_section(out, 2, sec);
    fz_uleb(sec, g->nfuncs - 1 + has_check(g) + nwrappers(g));
    for (uint32_t f = 1; f < g->nfuncs + has_check(g); f++)
        fz_uleb(sec, f);
    for (uint32_t f = 1; g->diff && f < g->nfuncs; f++)
        if (exported(g, f))
            fz_uleb(sec, f);   /* a wrapper has the type of what it wraps */
    fz_section(out, 3, sec);
}

static void gen_tables_memory_globals(gen *g, fz_buf *out, fz_buf *sec)
{
    fz_uleb(sec, 1);   /* table: funcref, room to grow a little */
    fz_byte(sec, FUNCREF);
    fz_byte(sec, 0x01);
    fz_uleb(sec, g->nfuncs);
    fz_uleb(sec, g->nfuncs + 8);
    fz_section(out, 4, sec);
    fz_uleb(sec, 1);   /* memory: 1 page, at most 2 */
    fz_byte(sec, 0x01);
    fz_uleb(sec, 1);
    fz_uleb(sec, 2);
    fz_section(out, 5, sec);
    uint32_t nglobals = g->simd ? 5 : 4;
    g->budget_global = nglobals;
    fz_uleb(sec, nglobals + g->diff);
    for (uint32_t k = 0; k < nglobals; k++) {
        fz_byte(sec, num_types[k]);
        fz_byte(sec, 0x01);
        fz_buf *saved = g->c;
        g->c = sec;
        emit_const(g, num_types[k]);
        g->c = saved;
        fz_byte(sec, 0x0b);
    }
    if (g->diff) {   /* the budget of calls and loop turns */
        fz_byte(sec, I32);
        fz_byte(sec, 0x01);
        emit_i32(&(gen){.c = sec}, DIFF_BUDGET);
        fz_byte(sec, 0x0b);
    }
    fz_section(out, 6, sec);
}

static void gen_exports(gen *g, fz_buf *out, fz_buf *sec)
{
    char name[16];
    /* diff mode: no v128 global (JavaScript cannot read it; "check" returns it) */
    uint32_t nglobals = g->simd && !g->diff ? 5 : 4, n = 2 + nglobals + has_check(g);
    for (uint32_t f = 1; f < g->nfuncs; f++)
        n += exported(g, f);
    fz_uleb(sec, n);
    for (uint32_t f = 1; f < g->nfuncs; f++) {
        if (!exported(g, f))
            continue;
        snprintf(name, sizeof name, "f%u", f - 1);
        fz_name(sec, name);
        fz_byte(sec, 0x00);
        fz_uleb(sec, wrapper_of(g, f));
    }
    if (has_check(g)) {
        fz_name(sec, "check");
        fz_byte(sec, 0x00);
        fz_uleb(sec, g->nfuncs);
    }
    fz_name(sec, "tab");
    fz_byte(sec, 0x01);
    fz_uleb(sec, 0);
    fz_name(sec, "mem");
    fz_byte(sec, 0x02);
    fz_uleb(sec, 0);
    for (uint32_t k = 0; k < nglobals; k++) {
        snprintf(name, sizeof name, "g%u", k);
        fz_name(sec, name);
        fz_byte(sec, 0x03);
        fz_uleb(sec, k);
    }
    fz_section(out, 7, sec);
}

void fz_gen_module(fz_reader *r, fz_buf *out)
{
    fz_gen_opts opts = {FZ_SIMD_OFF, false};
    fz_gen_module_opts(r, out, &opts, NULL);
}

void fz_gen_module_opts(fz_reader *r, fz_buf *out, const fz_gen_opts *opts, fz_gen_info *info)
{
    static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    gen g;
    memset(&g, 0, sizeof g);
    g.r = r;
    /* The first byte: the number of functions (bits 0-1); SIMD (bits 2-3 both set, a
     * quarter of the inputs, with FZ_SIMD_SOME); invalid immediates now and then (bits
     * 4-7 all set: a 16th of the SIMD modules). Non-SIMD modules come out as before
     * SIMD was added, so older corpora keep their meaning. */
    uint8_t b0 = fz_u8(r);
    g.nfuncs = 2 + b0 % (MAX_FUNCS - 1);
    g.simd = opts->simd == FZ_SIMD_ALWAYS || (opts->simd == FZ_SIMD_SOME && (b0 >> 2) % 4 == 3);
    g.bad = g.simd && b0 >> 4 == 15;
    g.diff = opts->diff;
    for (uint32_t f = 0; f < g.nfuncs; f++) {
        /* diff mode: the import logs (no results, no v128) and f0 is callable from JS */
        gen_sig(&g, &g.sigs[f], g.diff && f <= 1);
        if (g.diff && f == 0)
            g.sigs[0].nr = 0;
    }
    fz_buf sec = {0};
    fz_bytes(out, header, sizeof header);
    gen_types_imports_funcs(&g, out, &sec);
    gen_tables_memory_globals(&g, out, &sec);
    gen_exports(&g, out, &sec);
    fz_uleb(&sec, 1);   /* elements: every function at 0 (declares them for ref.func) */
    fz_byte(&sec, 0x00);
    emit_i32(&(gen){.c = &sec}, 0);
    fz_byte(&sec, 0x0b);
    fz_uleb(&sec, g.nfuncs);
    for (uint32_t f = 0; f < g.nfuncs; f++)
        fz_uleb(&sec, f);
    fz_section(out, 9, &sec);
    fz_uleb(&sec, g.nfuncs - 1 + has_check(&g) + nwrappers(&g));
    for (uint32_t f = 1; f < g.nfuncs; f++)
        gen_body(&g, f, &sec);
    if (has_check(&g)) {
        /* global.get 4; i64x2.extract_lane 0; global.get 4; i64x2.extract_lane 1 */
        static const uint8_t check[] = {12, 0, 0x23, 4, 0xfd, 29, 0, 0x23, 4, 0xfd, 29, 1, 0x0b};
        fz_bytes(&sec, check, sizeof check);
    }
    for (uint32_t f = 1; g.diff && f < g.nfuncs; f++)
        if (exported(&g, f))
            gen_wrapper(&g, f, &sec);
    fz_section(out, 10, &sec);
    fz_uleb(&sec, 1);   /* data: a few bytes somewhere in the first page */
    fz_byte(&sec, 0x00);
    emit_i32(&(gen){.c = &sec}, fz_u32(r) % 65500);
    fz_byte(&sec, 0x0b);
    uint32_t n = fz_u8(r) % 32;
    fz_uleb(&sec, n);
    for (uint32_t i = 0; i < n; i++)
        fz_byte(&sec, fz_u8(r));
    fz_section(out, 11, &sec);
    fz_free(&sec);
    if (info != NULL) {
        info->simd = g.simd;
        info->invalid = g.made_invalid;
    }
}
