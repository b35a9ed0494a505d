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
#define FUNCREF 0x70

#define MAX_FUNCS 5        /* the import + up to 4 defined */
#define MAX_PARAMS 3
#define MAX_RESULTS 2
#define MAX_EXTRA 4        /* declared locals besides the loop counters */
#define LOOP_COUNTERS 4    /* one i32 local per loop nesting level */
#define MAX_DEPTH 10

static const uint8_t num_types[4] = {I32, I64, F32, F64};

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
} gen;

/* Index of a number type in num_types (and of its global). */
static uint32_t type_index(uint8_t t) { return t == I32 ? 0 : t == I64 ? 1 : t == F32 ? 2 : 3; }
static uint8_t pick_type(gen *g) { return num_types[fz_u8(g->r) % 4]; }

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

static void emit_const(gen *g, uint8_t t)
{
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

static void memarg(gen *g, uint8_t max_align)
{
    fz_uleb(g->c, fz_u8(g->r) % (max_align + 1u));
    uint8_t o = fz_u8(g->r);
    fz_uleb(g->c, o < 200 ? o % 16 : o < 250 ? 65530 + o % 8 : 0xffffffffu - o % 4);
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
    uint32_t k = type_index(pick_type(g));
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

static void gen_expr_op(gen *g, uint8_t t, uint8_t choice)
{
    uint32_t k = type_index(t);
    const unop *u;
    const conv *cv;
    const memop *m;
    int32_t f;
    switch (choice) {
    case 1:
        if ((u = pick_of_type(g, unops, COUNT(unops), sizeof *u, 1, t)) == NULL)
            break;
        gen_expr(g, t);
        fz_byte(g->c, u->op);
        return;
    case 2:
        gen_expr(g, t);
        gen_expr(g, t);
        fz_byte(g->c, (uint8_t)(bin_lo[k] + fz_u8(g->r) % (bin_hi[k] - bin_lo[k] + 1)));
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
        }
        return;
    case 4:
        if ((m = pick_of_type(g, loads, COUNT(loads), sizeof *m, 1, t)) == NULL)
            break;
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
        m = &stores[fz_u8(g->r) % COUNT(stores)];
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

static void gen_sig(gen *g, sig *s)
{
    s->np = fz_u8(g->r) % (MAX_PARAMS + 1);
    s->nr = fz_u8(g->r) % (MAX_RESULTS + 1);
    for (uint32_t i = 0; i < s->np; i++)
        s->p[i] = pick_type(g);
    for (uint32_t i = 0; i < s->nr; i++)
        s->res[i] = pick_type(g);
}

/* The body of defined function f: locals, statements, then its results. */
static void gen_body(gen *g, uint32_t f, fz_buf *code)
{
    fz_buf body = {0};
    const sig *s = &g->sigs[f];
    uint32_t extra = fz_u8(g->r) % (MAX_EXTRA + 1);
    g->self = s;
    g->nlocals = s->np;
    memcpy(g->locals, s->p, s->np);
    fz_uleb(&body, extra + 1);
    for (uint32_t i = 0; i < extra; i++) {
        g->locals[g->nlocals++] = pick_type(g);
        fz_uleb(&body, 1);
        fz_byte(&body, g->locals[g->nlocals - 1]);
    }
    g->counters = g->nlocals;
    fz_uleb(&body, LOOP_COUNTERS);
    fz_byte(&body, I32);
    g->c = &body;
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

static void gen_types_imports_funcs(gen *g, fz_buf *out, fz_buf *sec)
{
    fz_uleb(sec, g->nfuncs);
    for (uint32_t f = 0; f < g->nfuncs; f++) {
        const sig *s = &g->sigs[f];
        fz_byte(sec, 0x60);
        fz_uleb(sec, s->np);
        fz_bytes(sec, s->p, s->np);
        fz_uleb(sec, s->nr);
        fz_bytes(sec, s->res, s->nr);
    }
    fz_section(out, 1, sec);
    fz_uleb(sec, 1);
    fz_name(sec, "env");
    fz_name(sec, "imp");
    fz_byte(sec, 0x00);
    fz_uleb(sec, 0);
    fz_section(out, 2, sec);
    fz_uleb(sec, g->nfuncs - 1);
    for (uint32_t f = 1; f < g->nfuncs; f++)
        fz_uleb(sec, f);
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
    fz_uleb(sec, 4);
    for (uint32_t k = 0; k < 4; k++) {
        fz_byte(sec, num_types[k]);
        fz_byte(sec, 0x01);
        fz_buf *saved = g->c;
        g->c = sec;
        emit_const(g, num_types[k]);
        g->c = saved;
        fz_byte(sec, 0x0b);
    }
    fz_section(out, 6, sec);
}

static void gen_exports(gen *g, fz_buf *out, fz_buf *sec)
{
    char name[16];
    fz_uleb(sec, (g->nfuncs - 1) + 2 + 4);
    for (uint32_t f = 1; f < g->nfuncs; f++) {
        snprintf(name, sizeof name, "f%u", f - 1);
        fz_name(sec, name);
        fz_byte(sec, 0x00);
        fz_uleb(sec, f);
    }
    fz_name(sec, "tab");
    fz_byte(sec, 0x01);
    fz_uleb(sec, 0);
    fz_name(sec, "mem");
    fz_byte(sec, 0x02);
    fz_uleb(sec, 0);
    for (uint32_t k = 0; k < 4; k++) {
        snprintf(name, sizeof name, "g%u", k);
        fz_name(sec, name);
        fz_byte(sec, 0x03);
        fz_uleb(sec, k);
    }
    fz_section(out, 7, sec);
}

void fz_gen_module(fz_reader *r, fz_buf *out)
{
    static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    gen g;
    memset(&g, 0, sizeof g);
    g.r = r;
    g.nfuncs = 2 + fz_u8(r) % (MAX_FUNCS - 1);
    for (uint32_t f = 0; f < g.nfuncs; f++)
        gen_sig(&g, &g.sigs[f]);
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
    fz_uleb(&sec, g.nfuncs - 1);
    for (uint32_t f = 1; f < g.nfuncs; f++)
        gen_body(&g, f, &sec);
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
}
