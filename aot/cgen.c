/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * cgen.c — WebAssembly to C (prefix mwa_). See doc/aot.md.
 *
 * Input is a module the core decoded and validated (so nothing is checked twice:
 * the walk here assumes valid code). Each wasm function becomes a static C function
 * (F<index>) with typed parameters; each operand-stack position becomes C variables named by
 * position and type (i3 = the i32 at depth 3, d3 = an f64 there...), so branches move
 * values between positions with plain assignments and the C compiler allocates
 * registers. Structured control becomes labels and gotos. Instruction semantics come
 * from the instruction table (src/opcodes.h): the same impl expressions and helpers
 * (num.h, simd.h) the interpreter runs, so both tiers compute the same bits.
 *
 * Every function also gets a slot entry (W<index>) for callers that hold values in 8-byte
 * slots: the core and the slow paths of calls between tiers.
 */
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <inttypes.h>
#include "cgen.h"
#include "../src/mw_internal.h"
#include "../src/instr.h"
#include "../src/aot_abi.h"

/* The embedded headers (generated from the sources by aot/mkprelude.sh). */
extern const char mwa_prelude_core[];
extern const char mwa_prelude_simd[];

/* The table, as text: impl expressions and memory types of each instruction. */
#define MWA_STR_(x) #x
#define MWA_STR(x) MWA_STR_(x)
#define MWA_X_IMPL(kind, sym, code, name, imm, t1, t2, tr, impl) [OP_##sym] = MWA_STR(impl),
#define MWA_X_T1(kind, sym, code, name, imm, t1, t2, tr, impl) [OP_##sym] = MWA_STR(t1),
static const char *const impl_text[OP_COUNT_] = {
    MW_OPCODES(MWA_X_IMPL) MW_OPCODES_FC(MWA_X_IMPL) MW_OPCODES_FD(MWA_X_IMPL)
};
static const char *const t1_text[OP_COUNT_] = {
    MW_OPCODES(MWA_X_T1) MW_OPCODES_FC(MWA_X_T1) MW_OPCODES_FD(MWA_X_T1)
};

enum { CK_FUNC, CK_BLOCK, CK_LOOP, CK_IF };

typedef struct gctrl {
    uint8_t kind;
    bool unreach;            /* the rest of this block cannot run: skipped */
    bool has_else;
    uint32_t label;
    uint32_t height;         /* operand stack height below the block's parameters */
    uint32_t np, nr;
    const mw_valtype *pt, *rt;
    mw_valtype single;       /* storage for a one-value block type */
} gctrl;

typedef struct gen {
    const mw_module *m;
    const mwa_cgen_opts *o;
    const char *pfx;                       /* C names of this module's functions */
    FILE *out;
    char *body; size_t nbody, capbody;     /* the function body, emitted before its decls */
    mw_valtype *stack; uint32_t sp, capstack;
    uint32_t maxdepth[256];                /* per type byte: positions used */
    gctrl *ctrl; uint32_t nctrl, capctrl;
    uint32_t nlabels;
    uint32_t fidx;
    uint32_t argslots;                     /* size of the A[] marshalling array */
    const mw_functype *ft;
    mw_valtype *locals; uint32_t nlocals;
    struct { mw_valtype t; uint32_t label, k; } *saved;   /* if-block parameter copies */
    uint32_t nsaved, capsaved;
    const uint8_t *body_end;
    uint8_t *gused;                        /* globals this function touches */
    bool memop;                            /* the function loads or stores */
    bool has_mem;
    bool failed;
    char *err; size_t cap;
} gen;

/* ------------------------------------------------------------------ output */

static void emit(gen *g, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = g->capbody - g->nbody;
        va_start(ap, fmt);
        int n = vsnprintf(g->body + g->nbody, room, fmt, ap);
        va_end(ap);
        if (n < 0) { g->failed = true; return; }
        if ((size_t)n < room) { g->nbody += (size_t)n; return; }
        size_t nc = (g->capbody ? g->capbody * 2 : 1 << 16) + (size_t)n;
        char *p = realloc(g->body, nc);
        if (!p) { g->failed = true; return; }
        g->body = p;
        g->capbody = nc;
    }
}

static int fail(gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!g->failed) vsnprintf(g->err, g->cap, fmt, ap);
    va_end(ap);
    g->failed = true;
    return -1;
}

static const char *ctype(mw_valtype t)
{
    switch (t) {
    case MW_I32: return "uint32_t";
    case MW_I64: return "uint64_t";
    case MW_F32: return "float";
    case MW_F64: return "double";
    case MW_V128: return "mwX_v128";
    default: return "uint64_t";   /* references: the core's slot value */
    }
}

static char vchar(mw_valtype t)
{
    switch (t) {
    case MW_I32: return 'i';
    case MW_I64: return 'j';
    case MW_F32: return 'f';
    case MW_F64: return 'd';
    case MW_V128: return 'v';
    default: return 'r';
    }
}

/* Slot conversion macro suffix (gen_rt.h). */
static const char *tname(mw_valtype t)
{
    switch (t) {
    case MW_I32: return "I32";
    case MW_I64: return "I64";
    case MW_F32: return "F32";
    case MW_F64: return "F64";
    default: return "REF";
    }
}

/* ------------------------------------------------------------------ operand stack */

static void push(gen *g, mw_valtype t)
{
    if (g->sp == g->capstack) {
        uint32_t nc = g->capstack ? g->capstack * 2 : 64;
        mw_valtype *p = realloc(g->stack, nc * sizeof *p);
        if (!p) { fail(g, "out of memory"); return; }
        g->stack = p;
        g->capstack = nc;
    }
    g->stack[g->sp++] = t;
    if (g->sp > g->maxdepth[(uint8_t)t]) g->maxdepth[(uint8_t)t] = g->sp;
}

/* Position of the value k from the top (0 = top). */
static uint32_t at(gen *g, uint32_t k) { return g->sp - 1 - k; }
static mw_valtype type_at(gen *g, uint32_t k) { return g->stack[at(g, k)]; }

/* Copy n values from the stack top to positions dst.. (a branch's or block's values). */
static void move_vals(gen *g, uint32_t dst, uint32_t n)
{
    uint32_t src = g->sp - n;
    if (src == dst) return;
    for (uint32_t k = 0; k < n; k++) {
        mw_valtype t = g->stack[src + k];
        char c = vchar(t);
        emit(g, "  %c%u = %c%u;\n", c, dst + k, c, src + k);
        if (dst + k + 1 > g->maxdepth[(uint8_t)t]) g->maxdepth[(uint8_t)t] = dst + k + 1;
    }
}

/* ------------------------------------------------------------------ helpers */

static const mw_functype *type_of_func(const mw_module *m, uint32_t f)
{
    return &m->types[m->funcs[f].type];
}

static uint32_t slots_of(const mw_valtype *t, uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++) s += t[i] == MW_V128 ? 2 : 1;
    return s;
}

/* Marshal the n arguments below the stack top into A[]. */
static void marshal_args(gen *g, const mw_functype *ft)
{
    uint32_t base = g->sp - ft->nparams, k = 0;
    for (uint32_t i = 0; i < ft->nparams; i++) {
        mw_valtype t = ft->params[i];
        if (t == MW_V128) {
            emit(g, "  MWF_MEMCPY(&A[%u], &v%u, 16);\n", k, base + i);
            k += 2;
        } else {
            emit(g, "  A[%u] = MWA_TO_%s(%c%u);\n", k, tname(t), vchar(t), base + i);
            k++;
        }
    }
    uint32_t need = slots_of(ft->params, ft->nparams), nr = slots_of(ft->results, ft->nresults);
    if (nr > need) need = nr;
    if (need == 0) need = 1;   /* A[] is passed even when empty */
    if (need > g->argslots) g->argslots = need;
}

/* Results from A[] into positions base... */
static void unmarshal_results(gen *g, const mw_functype *ft, uint32_t base)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < ft->nresults; i++) {
        mw_valtype t = ft->results[i];
        if (t == MW_V128) {
            emit(g, "  MWF_MEMCPY(&v%u, &A[%u], 16);\n", base + i, k);
            k += 2;
        } else {
            emit(g, "  %c%u = MWA_FROM_%s(A[%u]);\n", vchar(t), base + i, tname(t), k);
            k++;
        }
    }
}

/* The C type of a typed function pointer for ft, e.g. "uint32_t (*)(mwa_ctx *, double)". */
static void emit_fnptr_type(gen *g, const mw_functype *ft)
{
    emit(g, "%s (*)(mwa_ctx *", ft->nresults ? ctype(ft->results[0]) : "void");
    for (uint32_t i = 0; i < ft->nparams; i++) emit(g, ", %s", ctype(ft->params[i]));
    for (uint32_t i = 1; i < ft->nresults; i++) emit(g, ", %s *", ctype(ft->results[i]));
    emit(g, ")");
}

/* Arguments (the top nparams values) and extra-result pointers of a typed call. */
static void emit_call_args(gen *g, const mw_functype *ft, const char *ctxname)
{
    uint32_t base = g->sp - ft->nparams;
    emit(g, "(%s", ctxname);
    for (uint32_t i = 0; i < ft->nparams; i++)
        emit(g, ", %c%u", vchar(ft->params[i]), base + i);
    for (uint32_t i = 1; i < ft->nresults; i++) emit(g, ", &o%u_", i);
    emit(g, ")");
}

/* A typed call: extra results land in temporaries o1_.. then in their positions. */
static void emit_typed_call(gen *g, const mw_functype *ft, const char *callee, const char *ctxname)
{
    uint32_t base = g->sp - ft->nparams;
    emit(g, "  {\n");
    for (uint32_t i = 1; i < ft->nresults; i++)
        emit(g, "  %s o%u_;\n", ctype(ft->results[i]), i);
    emit(g, "  ");
    if (ft->nresults) emit(g, "%c%u = ", vchar(ft->results[0]), base);
    emit(g, "%s", callee);
    emit_call_args(g, ft, ctxname);
    emit(g, ";\n");
    for (uint32_t i = 1; i < ft->nresults; i++)
        emit(g, "  %c%u = o%u_;\n", vchar(ft->results[i]), base + i, i);
    emit(g, "  }\n");
}

static void finish_call(gen *g, const mw_functype *ft)
{
    uint32_t base = g->sp - ft->nparams;
    emit(g, "  MWA_CHECK_CALL();\n");
    if (g->has_mem) emit(g, "  MWA_LOADMEM();\n");
    g->sp = base;
    for (uint32_t i = 0; i < ft->nresults; i++) push(g, ft->results[i]);
}

/* The function's return: results are the top nresults values. */
static void emit_return(gen *g)
{
    const mw_functype *ft = g->ft;
    uint32_t base = g->sp - ft->nresults;
    for (uint32_t i = 1; i < ft->nresults; i++)
        emit(g, "  *o%u = %c%u;\n", i, vchar(ft->results[i]), base + i);
    if (ft->nresults) emit(g, "  return %c%u;\n", vchar(ft->results[0]), base);
    else emit(g, "  return;\n");
}

/* ------------------------------------------------------------------ control */

static gctrl *push_ctrl(gen *g, uint8_t kind, const mwO_insn *in)
{
    if (g->nctrl == g->capctrl) {
        uint32_t nc = g->capctrl ? g->capctrl * 2 : 16;
        gctrl *p = realloc(g->ctrl, nc * sizeof *p);
        if (!p) { fail(g, "out of memory"); return NULL; }
        g->ctrl = p;
        g->capctrl = nc;
    }
    gctrl *c = &g->ctrl[g->nctrl++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->label = g->nlabels++;
    if (in) {
        uint32_t idx = 0;
        int bt = mwO_blocktype(in, &idx);
        if (bt == MWO_BT_INDEX) {
            const mw_functype *t = &g->m->types[idx];
            c->np = t->nparams; c->pt = t->params;
            c->nr = t->nresults; c->rt = t->results;
        } else if (bt != MWO_BT_EMPTY) {
            c->single = (mw_valtype)bt;
            c->nr = 1;
            c->rt = NULL;   /* set below: the array moves when ctrl grows */
        }
    }
    c->height = g->sp - c->np;
    return c;
}

static const mw_valtype *results_of(gctrl *c) { return c->rt ? c->rt : &c->single; }

/* Branch to label depth l (values already on the stack top). */
static void emit_branch(gen *g, uint32_t l)
{
    gctrl *c = &g->ctrl[g->nctrl - 1 - l];
    if (c->kind == CK_FUNC) { emit_return(g); return; }
    if (c->kind == CK_LOOP) {
        move_vals(g, c->height, c->np);
        emit(g, "  MWA_POLL(0);\n  goto L%u;\n", c->label);
    } else {
        move_vals(g, c->height, c->nr);
        emit(g, "  goto E%u;\n", c->label);
    }
}

static void set_unreachable(gen *g)
{
    gctrl *c = &g->ctrl[g->nctrl - 1];
    c->unreach = true;
    g->sp = c->height;
}

/* Values after a block's end: its results, at its height. */
static void end_block(gen *g, gctrl *c)
{
    g->sp = c->height;
    const mw_valtype *r = results_of(c);
    for (uint32_t i = 0; i < c->nr; i++) push(g, r[i]);
}

/* ------------------------------------------------------------------ instructions */

static void emit_load(gen *g, const mwO_insn *in, const mwO_info *oi)
{
    g->memop = true;
    uint32_t p = at(g, 0);
    emit(g, "  { uint64_t ea_ = (uint64_t)i%u + %" PRIu32 "u;\n", p, in->b);
    if (g->o->bounds) emit(g, "  MWA_BOUNDS(ea_, %u, %u);\n", oi->size, g->fidx);
    g->sp--;
    if (oi->kind == MWO_K_VLD) {
        emit(g, "  v%u = %s(M + ea_);", p, impl_text[in->op]);
        if (!g->o->bounds) emit(g, " MWA_KEEP_V(v%u);", p);
        emit(g, " }\n");
        push(g, MW_V128);
        return;
    }
    mw_valtype tr = (mw_valtype)oi->tr;
    emit(g, "  %s x_; MWF_MEMCPY(&x_, M + ea_, %u); ", t1_text[in->op], oi->size);
    if (!g->o->bounds) emit(g, "MWA_KEEP(x_); ");
    switch (tr) {
    case MW_I32: emit(g, "i%u = (uint32_t)x_; }\n", p); break;
    case MW_I64: emit(g, "j%u = (uint64_t)x_; }\n", p); break;
    case MW_F32: emit(g, "f%u = mwF_f32_from_bits(x_); }\n", p); break;
    default: emit(g, "d%u = mwF_f64_from_bits(x_); }\n", p); break;
    }
    push(g, tr);
}

static void emit_store(gen *g, const mwO_insn *in, const mwO_info *oi)
{
    g->memop = true;
    uint32_t pa = at(g, 1), pv = at(g, 0);
    mw_valtype tv = type_at(g, 0);
    emit(g, "  { uint64_t ea_ = (uint64_t)i%u + %" PRIu32 "u;\n", pa, in->b);
    if (g->o->bounds) emit(g, "  MWA_BOUNDS(ea_, %u, %u);\n", oi->size, g->fidx);
    switch (tv) {
    case MW_V128: emit(g, "  MWF_MEMCPY(M + ea_, &v%u, 16); }\n", pv); break;
    case MW_F32: emit(g, "  uint32_t x_ = mwF_f32_bits(f%u); MWF_MEMCPY(M + ea_, &x_, 4); }\n", pv); break;
    case MW_F64: emit(g, "  uint64_t x_ = mwF_f64_bits(d%u); MWF_MEMCPY(M + ea_, &x_, 8); }\n", pv); break;
    default:
        emit(g, "  %s x_ = (%s)%c%u; MWF_MEMCPY(M + ea_, &x_, %u); }\n", t1_text[in->op],
             t1_text[in->op], vchar(tv), pv, oi->size);
        break;
    }
    g->sp -= 2;
}

/* Scalar bits for a SIMD operand (simd.h passes f32/f64 as raw bits). */
static void emit_bits(gen *g, mw_valtype t, uint32_t pos)
{
    switch (t) {
    case MW_F32: emit(g, "mwF_f32_bits(f%u)", pos); break;
    case MW_F64: emit(g, "mwF_f64_bits(d%u)", pos); break;
    default: emit(g, "%c%u", vchar(t), pos); break;
    }
}

static void emit_simd(gen *g, const mwO_insn *in, const mwO_info *oi)
{
    const char *impl = impl_text[in->op];
    uint32_t F = g->fidx;
    switch (oi->kind) {
    case MWO_K_VCONST: {
        uint64_t lo = 0, hi = 0;
        memcpy(&lo, in->bytes, 8);
        memcpy(&hi, in->bytes + 8, 8);
        push(g, MW_V128);
        emit(g, "  v%u.u64[0] = 0x%016" PRIx64 "ull; v%u.u64[1] = 0x%016" PRIx64 "ull;\n",
             at(g, 0), lo, at(g, 0), hi);
        return;
    }
    case MWO_K_VLD: emit_load(g, in, oi); return;
    case MWO_K_VST: emit_store(g, in, oi); return;
    case MWO_K_VLDLANE: {
        uint32_t pa = at(g, 1), pv = at(g, 0);
        g->memop = true;
        emit(g, "  { uint64_t ea_ = (uint64_t)i%u + %" PRIu32 "u;\n", pa, in->b);
        if (g->o->bounds) emit(g, "  MWA_BOUNDS(ea_, %u, %u);\n", oi->size, F);
        emit(g, "  v%u = %s(v%u, %u, M + ea_); }\n", pa, impl, pv, in->lane);
        g->sp -= 2;
        push(g, MW_V128);
        return;
    }
    case MWO_K_VSTLANE: {
        uint32_t pa = at(g, 1), pv = at(g, 0);
        g->memop = true;
        emit(g, "  { uint64_t ea_ = (uint64_t)i%u + %" PRIu32 "u;\n", pa, in->b);
        if (g->o->bounds) emit(g, "  MWA_BOUNDS(ea_, %u, %u);\n", oi->size, F);
        emit(g, "  %s(v%u, %u, M + ea_); }\n", impl, pv, in->lane);
        g->sp -= 2;
        return;
    }
    case MWO_K_VSHUF: {
        uint32_t pa = at(g, 1), pb = at(g, 0);
        emit(g, "  { static const uint8_t l_[16] = {");
        for (int i = 0; i < 16; i++) emit(g, "%s%u", i ? "," : "", in->bytes[i]);
        emit(g, "}; v%u = %s(v%u, v%u, l_); }\n", pa, impl, pa, pb);
        g->sp--;
        return;
    }
    case MWO_K_VEXTRACT: {
        uint32_t p = at(g, 0);
        mw_valtype tr = (mw_valtype)oi->tr;
        g->sp--;
        push(g, tr);
        switch (tr) {
        case MW_F32: emit(g, "  f%u = mwF_f32_from_bits((uint32_t)%s(v%u, %u));\n", p, impl, p, in->lane); break;
        case MW_F64: emit(g, "  d%u = mwF_f64_from_bits((uint64_t)%s(v%u, %u));\n", p, impl, p, in->lane); break;
        case MW_I64: emit(g, "  j%u = (uint64_t)%s(v%u, %u);\n", p, impl, p, in->lane); break;
        default: emit(g, "  i%u = (uint32_t)%s(v%u, %u);\n", p, impl, p, in->lane); break;
        }
        return;
    }
    case MWO_K_VREPLACE: {
        uint32_t pv = at(g, 1), px = at(g, 0);
        emit(g, "  v%u = %s(v%u, %u, ", pv, impl, pv, in->lane);
        emit_bits(g, type_at(g, 0), px);
        emit(g, ");\n");
        g->sp--;
        return;
    }
    case MWO_K_VSPLAT: {
        uint32_t p = at(g, 0);
        mw_valtype t = type_at(g, 0);
        emit(g, "  v%u = %s(", p, impl);
        emit_bits(g, t, p);
        emit(g, ");\n");
        g->sp--;
        push(g, MW_V128);
        return;
    }
    case MWO_K_VUN: emit(g, "  v%u = %s(v%u);\n", at(g, 0), impl, at(g, 0)); return;
    case MWO_K_VBIN:
        emit(g, "  v%u = %s(v%u, v%u);\n", at(g, 1), impl, at(g, 1), at(g, 0));
        g->sp--;
        return;
    case MWO_K_VTERN:
        emit(g, "  v%u = %s(v%u, v%u, v%u);\n", at(g, 2), impl, at(g, 2), at(g, 1), at(g, 0));
        g->sp -= 2;
        return;
    case MWO_K_VTEST: {
        uint32_t p = at(g, 0);
        g->sp--;
        push(g, MW_I32);
        emit(g, "  i%u = (uint32_t)%s(v%u);\n", p, impl, p);
        return;
    }
    case MWO_K_VSHIFT:
        emit(g, "  v%u = %s(v%u, i%u);\n", at(g, 1), impl, at(g, 1), at(g, 0));
        g->sp--;
        return;
    default:
        fail(g, "function %u: instruction %s has no C form", g->fidx, oi->name);
        return;
    }
}

/* Float constants that are an identity of some operation (see MWA_OPAQUE_FP). */
static bool opaque_const(mw_valtype t, uint64_t bits)
{
    if (t == MW_F32)
        return (bits & 0x7FFFFFFFu) == 0 || (bits & 0x7FFFFFFFu) == 0x3F800000u;
    if (t == MW_F64)
        return (bits & 0x7FFFFFFFFFFFFFFFull) == 0 || (bits & 0x7FFFFFFFFFFFFFFFull) == 0x3FF0000000000000ull;
    return false;
}

static void emit_numeric(gen *g, const mwO_insn *in, const mwO_info *oi)
{
    const char *impl = impl_text[in->op];
    mw_valtype t1 = (mw_valtype)oi->t1, t2 = (mw_valtype)oi->t2, tr = (mw_valtype)oi->tr;
    switch (oi->kind) {
    case MWO_K_CST:
        push(g, t1);
        switch (t1) {
        case MW_I32: emit(g, "  i%u = 0x%08" PRIx32 "u;\n", at(g, 0), (uint32_t)in->v); break;
        case MW_I64: emit(g, "  j%u = 0x%016" PRIx64 "ull;\n", at(g, 0), in->v); break;
        case MW_F32: emit(g, "  f%u = mwF_f32_from_bits(0x%08" PRIx32 "u);\n", at(g, 0), (uint32_t)in->v); break;
        default: emit(g, "  d%u = mwF_f64_from_bits(0x%016" PRIx64 "ull);\n", at(g, 0), in->v); break;
        }
        if (opaque_const(t1, in->v)) emit(g, "  MWA_OPAQUE_FP(%c%u);\n", vchar(t1), at(g, 0));
        return;
    case MWO_K_UN: {
        uint32_t p = at(g, 0);
        emit(g, "  { %s a = %c%u; ", ctype(t1), vchar(t1), p);
        g->sp--;
        push(g, tr);
        emit(g, "%c%u = (%s)(%s); }\n", vchar(tr), p, ctype(tr), impl);
        return;
    }
    case MWO_K_BIN: case MWO_K_CMP: {
        uint32_t pa = at(g, 1), pb = at(g, 0);
        emit(g, "  { %s a = %c%u; %s b = %c%u; ", ctype(t1), vchar(t1), pa, ctype(t2), vchar(t2), pb);
        g->sp -= 2;
        push(g, tr);
        emit(g, "%c%u = (%s)(%s); }\n", vchar(tr), pa, ctype(tr), impl);
        return;
    }
    case MWO_K_UNT: {
        uint32_t p = at(g, 0);
        emit(g, "  { %s a = %c%u; %s r_; int t_ = %s(a, &r_); if (MW_UNLIKELY(t_)) MWA_TRAP(t_, %u); ",
             ctype(t1), vchar(t1), p, ctype(tr), impl, g->fidx);
        g->sp--;
        push(g, tr);
        emit(g, "%c%u = r_; }\n", vchar(tr), p);
        return;
    }
    case MWO_K_BINT: {
        uint32_t pa = at(g, 1), pb = at(g, 0);
        emit(g, "  { %s a = %c%u; %s b = %c%u; %s r_; int t_ = %s(a, b, &r_); "
             "if (MW_UNLIKELY(t_)) MWA_TRAP(t_, %u); ", ctype(t1), vchar(t1), pa, ctype(t2),
             vchar(t2), pb, ctype(tr), impl, g->fidx);
        g->sp -= 2;
        push(g, tr);
        emit(g, "%c%u = r_; }\n", vchar(tr), pa);
        return;
    }
    case MWO_K_RE: {
        uint32_t p = at(g, 0);
        g->sp--;
        push(g, tr);
        switch (tr) {
        case MW_I32: emit(g, "  i%u = mwF_f32_bits(f%u);\n", p, p); break;
        case MW_I64: emit(g, "  j%u = mwF_f64_bits(d%u);\n", p, p); break;
        case MW_F32: emit(g, "  f%u = mwF_f32_from_bits(i%u);\n", p, p); break;
        default: emit(g, "  d%u = mwF_f64_from_bits(j%u);\n", p, p); break;
        }
        return;
    }
    case MWO_K_LD: emit_load(g, in, oi); return;
    case MWO_K_ST: emit_store(g, in, oi); return;
    default: emit_simd(g, in, oi); return;
    }
}

/* Instructions the table leaves to the translator: variables, tables, memory, bulk,
 * references, parametric. */
static void emit_other(gen *g, const mwO_insn *in)
{
    uint32_t F = g->fidx;
    const mw_module *m = g->m;
    switch (in->op) {
    case OP_DROP: g->sp--; return;
    case OP_SELECT: case OP_SELECT_T: {
        mw_valtype t = type_at(g, 1);
        char c = vchar(t);
        uint32_t pa = at(g, 2), pb = at(g, 1), pc = at(g, 0);
        emit(g, "  if (!i%u) %c%u = %c%u;\n", pc, c, pa, c, pb);
        g->sp -= 2;
        return;
    }
    case OP_LOCAL_GET: {
        mw_valtype t = g->locals[in->a];
        push(g, t);
        emit(g, "  %c%u = l%u;\n", vchar(t), at(g, 0), in->a);
        return;
    }
    case OP_LOCAL_SET:
        emit(g, "  l%u = %c%u;\n", in->a, vchar(type_at(g, 0)), at(g, 0));
        g->sp--;
        return;
    case OP_LOCAL_TEE:
        emit(g, "  l%u = %c%u;\n", in->a, vchar(type_at(g, 0)), at(g, 0));
        return;
    /* Through G<index>, the global's address, loaded once at function entry. */
    case OP_GLOBAL_GET: {
        mw_valtype t = m->globals[in->a].type;
        g->gused[in->a] = 1;
        push(g, t);
        if (t == MW_V128)
            emit(g, "  MWF_MEMCPY(&v%u, G%u, 16);\n", at(g, 0), in->a);
        else
            emit(g, "  %c%u = MWA_FROM_%s(*G%u);\n", vchar(t), at(g, 0), tname(t), in->a);
        return;
    }
    case OP_GLOBAL_SET: {
        mw_valtype t = type_at(g, 0);
        g->gused[in->a] = 1;
        if (t == MW_V128)
            emit(g, "  MWF_MEMCPY(G%u, &v%u, 16);\n", in->a, at(g, 0));
        else
            emit(g, "  *G%u = MWA_TO_%s(%c%u);\n", in->a, tname(t), vchar(t), at(g, 0));
        g->sp--;
        return;
    }
    case OP_TABLE_GET: {
        uint32_t p = at(g, 0);
        emit(g, "  { uint64_t x_; if (ctx->rt->table_get(ctx, %u, i%u, &x_)) goto unwind; ", in->a, p);
        g->sp--;
        push(g, m->tables[in->a].elem);
        emit(g, "r%u = x_; }\n", p);
        return;
    }
    case OP_TABLE_SET:
        emit(g, "  if (ctx->rt->table_set(ctx, %u, i%u, r%u)) goto unwind;\n", in->a, at(g, 1), at(g, 0));
        g->sp -= 2;
        return;
    case OP_TABLE_SIZE:
        push(g, MW_I32);
        emit(g, "  i%u = ctx->rt->table_size(ctx, %u);\n", at(g, 0), in->a);
        return;
    case OP_TABLE_GROW: {
        uint32_t pv = at(g, 1), pn = at(g, 0);
        emit(g, "  { uint32_t x_; if (ctx->rt->table_grow(ctx, %u, r%u, i%u, &x_)) goto unwind; ", in->a, pv, pn);
        g->sp -= 2;
        push(g, MW_I32);
        emit(g, "i%u = x_; }\n", pv);
        return;
    }
    case OP_TABLE_FILL:
        emit(g, "  if (ctx->rt->table_fill(ctx, %u, i%u, r%u, i%u)) goto unwind;\n", in->a,
             at(g, 2), at(g, 1), at(g, 0));
        g->sp -= 3;
        return;
    case OP_TABLE_COPY:
        emit(g, "  if (ctx->rt->table_copy(ctx, %u, %u, i%u, i%u, i%u)) goto unwind;\n", in->a, in->b,
             at(g, 2), at(g, 1), at(g, 0));
        g->sp -= 3;
        return;
    case OP_TABLE_INIT:
        emit(g, "  if (ctx->rt->table_init(ctx, %u, %u, i%u, i%u, i%u)) goto unwind;\n", in->b, in->a,
             at(g, 2), at(g, 1), at(g, 0));
        g->sp -= 3;
        return;
    case OP_ELEM_DROP: emit(g, "  ctx->rt->elem_drop(ctx, %u);\n", in->a); return;
    case OP_MEMORY_SIZE:
        push(g, MW_I32);
        emit(g, "  i%u = (uint32_t)(MS >> 16);\n", at(g, 0));
        return;
    case OP_MEMORY_GROW:
        emit(g, "  i%u = ctx->rt->memory_grow(ctx, i%u);\n  MWA_LOADMEM();\n", at(g, 0), at(g, 0));
        return;
    case OP_MEMORY_INIT:
        emit(g, "  if (ctx->rt->memory_init(ctx, %u, i%u, i%u, i%u)) goto unwind;\n", in->a,
             at(g, 2), at(g, 1), at(g, 0));
        g->sp -= 3;
        return;
    case OP_DATA_DROP: emit(g, "  ctx->rt->data_drop(ctx, %u);\n", in->a); return;
    case OP_MEMORY_COPY:
        emit(g, "  if (ctx->rt->memory_copy(ctx, i%u, i%u, i%u)) goto unwind;\n",
             at(g, 2), at(g, 1), at(g, 0));
        g->sp -= 3;
        return;
    case OP_MEMORY_FILL:
        emit(g, "  if (ctx->rt->memory_fill(ctx, i%u, i%u, i%u)) goto unwind;\n",
             at(g, 2), at(g, 1), at(g, 0));
        g->sp -= 3;
        return;
    case OP_REF_NULL:
        push(g, (mw_valtype)in->a);
        emit(g, "  r%u = 0;\n", at(g, 0));
        return;
    case OP_REF_IS_NULL: {
        uint32_t p = at(g, 0);
        g->sp--;
        push(g, MW_I32);
        emit(g, "  i%u = r%u == 0;\n", p, p);
        return;
    }
    case OP_REF_FUNC:
        push(g, MW_FUNCREF);
        emit(g, "  r%u = (uint64_t)(uintptr_t)ctx->funcs[%u];\n", at(g, 0), in->a);
        return;
    default:
        fail(g, "function %u: instruction %s has no C form", F, mwO_tab[in->op].name);
        return;
    }
}

static void emit_call(gen *g, uint32_t f)
{
    const mw_module *m = g->m;
    const mw_functype *ft = type_of_func(m, f);
    if (f < m->nfunc_imports) {
        marshal_args(g, ft);
        emit(g, "  if (ctx->rt->call(ctx, %u, A)) goto unwind;\n", f);
        unmarshal_results(g, ft, g->sp - ft->nparams);
    } else {
        char name[64];
        snprintf(name, sizeof name, "%sF%u", g->pfx, f);
        emit_typed_call(g, ft, name, "ctx");
    }
    finish_call(g, ft);
}

static void emit_call_indirect(gen *g, uint32_t type, uint32_t tab)
{
    const mw_functype *ft = &g->m->types[type];
    uint32_t pidx = at(g, 0);
    g->sp--;
    emit(g, "  { mwa_ctx *cc_; const void *fp_ = ctx->rt->resolve(ctx, %u, %u, i%u, &cc_);\n",
         tab, type, pidx);
    emit(g, "  if (MW_LIKELY(fp_ != 0)) {\n");
    char callee[512];
    size_t save = g->nbody;
    emit(g, "((");
    emit_fnptr_type(g, ft);
    emit(g, ")fp_)");
    size_t n = g->nbody - save;
    if (n >= sizeof callee) { fail(g, "function type too long"); return; }
    memcpy(callee, g->body + save, n);
    callee[n] = '\0';
    g->nbody = save;
    emit_typed_call(g, ft, callee, "cc_");
    emit(g, "  } else {\n");
    marshal_args(g, ft);
    emit(g, "  if (ctx->rt->call_indirect(ctx, %u, %u, i%u, A)) goto unwind;\n", tab, type, pidx);
    unmarshal_results(g, ft, g->sp - ft->nparams);
    emit(g, "  } }\n");
    finish_call(g, ft);
}

/* Skip an unreachable stretch: true when in (an else or end at this level) ends it. */
static bool skipping(const mwO_insn *in, uint32_t *depth)
{
    if (in->op == OP_BLOCK || in->op == OP_LOOP || in->op == OP_IF) { (*depth)++; return true; }
    if (in->op == OP_END && *depth > 0) { (*depth)--; return true; }
    if (in->op == OP_ELSE && *depth > 0) return true;
    return in->op != OP_END && in->op != OP_ELSE;
}

static int emit_body(gen *g, mwR_reader *r)
{
    uint32_t F = g->fidx, skipdepth = 0;
    push_ctrl(g, CK_FUNC, NULL);
    g->ctrl[0].nr = g->ft->nresults;
    g->ctrl[0].rt = g->ft->results;
    while (g->nctrl > 0 && !g->failed) {
        mwO_insn in;
        if (!mwO_read(r, &in)) return fail(g, "function %u: cannot read code at offset %zu", F, mwR_offset(r));
        gctrl *top = &g->ctrl[g->nctrl - 1];
        if (top->unreach && skipping(&in, &skipdepth)) continue;
        const mwO_info *oi = &mwO_tab[in.op];
        switch (in.op) {
        case OP_UNREACHABLE:
            emit(g, "  MWA_TRAP(MW_TRAP_UNREACHABLE, %u);\n", F);
            set_unreachable(g);
            break;
        case OP_NOP: break;
        case OP_BLOCK: case OP_LOOP: {
            gctrl *c = push_ctrl(g, in.op == OP_BLOCK ? CK_BLOCK : CK_LOOP, &in);
            if (c && in.op == OP_LOOP) emit(g, "L%u:;\n", c->label);
            break;
        }
        case OP_IF: {
            uint32_t pc = at(g, 0);
            g->sp--;
            gctrl *c = push_ctrl(g, CK_IF, &in);
            if (!c) break;
            /* The else arm starts from the same parameters: keep a copy. */
            for (uint32_t k = 0; k < c->np; k++) {
                if (g->nsaved == g->capsaved) {
                    uint32_t nc = g->capsaved ? g->capsaved * 2 : 8;
                    void *p = realloc(g->saved, nc * sizeof *g->saved);
                    if (!p) return fail(g, "out of memory");
                    g->saved = p;
                    g->capsaved = nc;
                }
                g->saved[g->nsaved].t = c->pt[k];
                g->saved[g->nsaved].label = c->label;
                g->saved[g->nsaved++].k = k;
                emit(g, "  %c%u_p%u = %c%u;\n", vchar(c->pt[k]), c->label, k, vchar(c->pt[k]), c->height + k);
            }
            emit(g, "  if (!i%u) goto S%u;\n", pc, c->label);
            break;
        }
        case OP_ELSE: {
            top->has_else = true;
            if (!top->unreach) emit(g, "  goto E%u;\n", top->label);
            emit(g, "S%u:;\n", top->label);
            top->unreach = false;
            g->sp = top->height;
            for (uint32_t k = 0; k < top->np; k++) {
                push(g, top->pt[k]);
                emit(g, "  %c%u = %c%u_p%u;\n", vchar(top->pt[k]), top->height + k, vchar(top->pt[k]), top->label, k);
            }
            break;
        }
        case OP_END:
            if (top->kind == CK_FUNC) {
                if (!top->unreach) emit_return(g);
                g->nctrl--;
                break;
            }
            if (top->kind == CK_IF && !top->has_else) emit(g, "S%u:;\n", top->label);
            if (top->kind != CK_LOOP) emit(g, "E%u:;\n", top->label);
            end_block(g, top);
            g->nctrl--;
            break;
        case OP_BR:
            emit_branch(g, in.a);
            set_unreachable(g);
            break;
        case OP_BR_IF: {
            uint32_t pc = at(g, 0);
            g->sp--;
            emit(g, "  if (i%u) {\n", pc);
            emit_branch(g, in.a);
            emit(g, "  }\n");
            break;
        }
        case OP_BR_TABLE: {
            uint32_t pc = at(g, 0);
            g->sp--;
            mwR_reader lr;
            mwR_init(&lr, g->m->bytes, (size_t)(in.bytes - g->m->bytes),
                     (size_t)(g->body_end - g->m->bytes), NULL);
            emit(g, "  switch (i%u) {\n", pc);
            for (uint32_t k = 0; k <= in.a; k++) {
                uint32_t l = 0;
                (void)mwR_u32(&lr, &l);
                if (k < in.a) emit(g, "  case %uu: {\n", k);
                else emit(g, "  default: {\n");
                emit_branch(g, l);
                emit(g, "  }\n");
            }
            emit(g, "  }\n");
            set_unreachable(g);
            break;
        }
        case OP_RETURN:
            emit_return(g);
            set_unreachable(g);
            break;
        case OP_CALL: emit_call(g, in.a); break;
        case OP_CALL_INDIRECT: emit_call_indirect(g, in.a, in.b); break;
        default:
            if (oi->kind == MWO_K_PARAM || oi->kind == MWO_K_VAR || oi->kind == MWO_K_TBL ||
                oi->kind == MWO_K_MEMX || oi->kind == MWO_K_REF || oi->kind == MWO_K_BULK)
                emit_other(g, &in);
            else
                emit_numeric(g, &in, oi);
            break;
        }
    }
    return g->failed ? -1 : 0;
}

/* ------------------------------------------------------------------ functions */

static void print_proto(const mw_module *m, const char *pfx, FILE *out, uint32_t f)
{
    const mw_functype *ft = type_of_func(m, f);
    fprintf(out, "static %s %sF%u(mwa_ctx *ctx", ft->nresults ? ctype(ft->results[0]) : "void", pfx, f);
    for (uint32_t i = 0; i < ft->nparams; i++) fprintf(out, ", %s l%u", ctype(ft->params[i]), i);
    for (uint32_t i = 1; i < ft->nresults; i++) fprintf(out, ", %s *o%u", ctype(ft->results[i]), i);
    fprintf(out, ")");
}

static int gen_function(gen *g, uint32_t f)
{
    const mw_module *m = g->m;
    const mwi_func *fn = &m->funcs[f];
    g->fidx = f;
    g->ft = type_of_func(m, f);
    g->nbody = 0;
    g->sp = 0;
    g->nctrl = 0;
    g->nlabels = 0;
    g->argslots = 0;
    g->nsaved = 0;
    g->memop = false;
    g->body_end = m->bytes + fn->body_off + fn->body_len;
    if (m->nglobals) memset(g->gused, 0, m->nglobals);
    memset(g->maxdepth, 0, sizeof g->maxdepth);

    /* Locals: parameters, then the declared groups. */
    mwR_reader r;
    mwR_init(&r, m->bytes, fn->body_off, (size_t)fn->body_off + fn->body_len, NULL);
    uint32_t ngroups = 0;
    (void)mwR_u32(&r, &ngroups);
    uint64_t total = g->ft->nparams;
    mwR_reader save = r;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t n = 0; mw_valtype t = MW_I32;
        (void)mwR_u32(&r, &n); (void)mwO_valtype(&r, &t);
        total += n;
    }
    free(g->locals);
    g->locals = malloc((size_t)(total ? total : 1) * sizeof *g->locals);
    if (!g->locals) return fail(g, "out of memory");
    g->nlocals = (uint32_t)total;
    for (uint32_t i = 0; i < g->ft->nparams; i++) g->locals[i] = g->ft->params[i];
    r = save;
    uint32_t k = g->ft->nparams;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t n = 0; mw_valtype t = MW_I32;
        (void)mwR_u32(&r, &n); (void)mwO_valtype(&r, &t);
        for (uint32_t j = 0; j < n; j++) g->locals[k++] = t;
    }

    if (emit_body(g, &r) != 0) return -1;

    FILE *out = g->out;
    /* A function that touches no memory is declared inline: the C compiler's larger
     * budget for those lets it inline small recursive functions into themselves, as it
     * does for native C (fib, ackermann: 2-3x faster). One that loads or stores is not,
     * so that a guard-page fault's frame walk (src/native.c) finds its frame. */
    if (!g->memop) fprintf(out, "inline ");
    print_proto(g->m, g->pfx, out, f);
    fprintf(out, "\n{\n  mwa_shared *const sh = ctx->sh;\n");
    if (g->has_mem) fprintf(out, "  uint8_t *M; uint64_t MS;\n");
    for (uint32_t i = 0; i < m->nglobals; i++)
        if (g->gused[i]) fprintf(out, "  uint64_t *const G%u = ctx->globals[%u];\n", i, i);
    uint64_t declslots = 0;
    for (uint32_t i = g->ft->nparams; i < g->nlocals; i++) {
        mw_valtype t = g->locals[i];
        declslots += t == MW_V128 ? 2 : 1;
        if (t == MW_V128) fprintf(out, "  mwX_v128 l%u = {{0}};\n", i);
        else fprintf(out, "  %s l%u = 0;\n", ctype(t), i);
    }
    static const mw_valtype all[] = { MW_I32, MW_I64, MW_F32, MW_F64, MW_V128, MW_FUNCREF, MW_EXTERNREF };
    uint64_t nvars = g->nlocals;
    bool refdone = false;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        mw_valtype t = all[i];
        uint32_t n = g->maxdepth[(uint8_t)t];
        if (t == MW_FUNCREF || t == MW_EXTERNREF) {
            /* both reference types share the r variables */
            if (refdone) continue;
            uint32_t n2 = g->maxdepth[(uint8_t)MW_EXTERNREF];
            if (n2 > n) n = n2;
            refdone = true;
        }
        nvars += n;
        for (uint32_t j = 0; j < n; j++)
            fprintf(out, "  %s %c%u;\n", ctype(t), vchar(t), j);
    }
    for (uint32_t i = 0; i < g->nsaved; i++)
        fprintf(out, "  %s %c%u_p%u;\n", ctype(g->saved[i].t), vchar(g->saved[i].t),
                g->saved[i].label, g->saved[i].k);
    if (g->argslots) fprintf(out, "  uint64_t A[%u];\n", g->argslots);
    /* Fuel: the entry costs 1, plus zeroing big frames (the interpreter's rule). */
    uint64_t extra = declslots >= MWI_FUEL_FREE_LOCALS
        ? (declslots + (1u << MWI_FUEL_ELEMS_SHIFT) - 1) >> MWI_FUEL_ELEMS_SHIFT : 0;
    /* A conservative frame estimate for frames bigger than the stack margin. */
    uint64_t est = nvars * 16 > 4096 ? nvars * 16 : 0;
    fprintf(out, "  MWA_POLL(%" PRIu64 "u);\n  MWA_STACK(%" PRIu64 "u, %u);\n", extra, est, f);
    if (g->has_mem) fprintf(out, "  MWA_LOADMEM();\n");
    fwrite(g->body, 1, g->nbody, out);
    fprintf(out, "unwind:\n  mwa_frame(ctx, %u);\ntrapret:\n", f);
    if (!g->ft->nresults) {
        fprintf(out, "  return;\n}\n\n");
    } else if (g->ft->results[0] == MW_V128) {
        fprintf(out, "  { mwX_v128 z_ = {{0}}; return z_; }\n}\n\n");
    } else {
        fprintf(out, "  return 0;\n}\n\n");
    }

    /* The slot entry. */
    const mw_functype *ft = g->ft;
    fprintf(out, "static uint32_t %sW%u(mwa_ctx *ctx, uint64_t *a)\n{\n", g->pfx, f);
    for (uint32_t i = 1; i < ft->nresults; i++) fprintf(out, "  %s o%u_;\n", ctype(ft->results[i]), i);
    if (ft->nresults) fprintf(out, "  %s o0_ = ", ctype(ft->results[0]));
    else fprintf(out, "  ");
    fprintf(out, "%sF%u(ctx", g->pfx, f);
    uint32_t s = 0;
    for (uint32_t i = 0; i < ft->nparams; i++) {
        mw_valtype t = ft->params[i];
        if (t == MW_V128) {
            fprintf(out, ", mwa_vget(a + %u)", s);
            s += 2;
        } else {
            fprintf(out, ", MWA_FROM_%s(a[%u])", tname(t), s++);
        }
    }
    for (uint32_t i = 1; i < ft->nresults; i++) fprintf(out, ", &o%u_", i);
    fprintf(out, ");\n  uint32_t t_ = ctx->sh->trap;\n  if (t_) { ctx->sh->trap = 0; return t_; }\n");
    s = 0;
    for (uint32_t i = 0; i < ft->nresults; i++) {
        mw_valtype t = ft->results[i];
        if (t == MW_V128) {
            fprintf(out, "  MWF_MEMCPY(a + %u, &o%u_, 16);\n", s, i);
            s += 2;
        } else {
            fprintf(out, "  a[%u] = MWA_TO_%s(o%u_);\n", s++, tname(t), i);
        }
    }
    fprintf(out, "  return 0;\n}\n\n");
    return ferror(out) ? fail(g, "write error") : 0;
}

/* ------------------------------------------------------------------ module */

static bool uses_v128(const mw_module *m)
{
    for (uint32_t i = 0; i < m->ntypes; i++) {
        const mw_functype *t = &m->types[i];
        for (uint32_t j = 0; j < t->nparams + t->nresults; j++)
            if (t->params[j] == MW_V128) return true;   /* params then results, one block */
    }
    for (uint32_t i = 0; i < m->nglobals; i++)
        if (m->globals[i].type == MW_V128) return true;
    /* Locals and instructions: any 0xFD prefix byte in a body is a good enough hint. */
    for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++) {
        const uint8_t *b = m->bytes + m->funcs[f].body_off;
        for (uint32_t k = 0; k < m->funcs[f].body_len; k++)
            if (b[k] == 0xFD || b[k] == 0x7B) return true;
    }
    return false;
}

bool mwa_cgen_uses_simd(const mw_module *m) { return MW_SIMD && uses_v128(m); }

int mwa_cgen_begin(FILE *out, bool image, bool simd)
{
    fprintf(out, "/* Generated by minwasm compile: native code for WebAssembly modules. */\n");
    if (image) fprintf(out, "#define MWA_IMAGE 1\n");
    /* The hardware quiets NaNs in conversions, but a C compiler folds demote(promote(x))
     * into x: take num.h's explicit NaN path, which it cannot fold. */
    fprintf(out, "#define MWF_HW_NAN_QUIET 0\n");
    fputs(mwa_prelude_core, out);
    if (simd) {
        fputs(mwa_prelude_simd, out);
        fprintf(out, "static inline mwX_v128 mwa_vget(const uint64_t *p) "
                     "{ mwX_v128 v; MWF_MEMCPY(&v, p, 16); return v; }\n");
    }
    fprintf(out, "\n");
    return ferror(out) ? -1 : 0;
}

int mwa_cgen_module(const mw_module *m, const mwa_cgen_opts *o, const char *pfx,
                    const char *init_name, FILE *out, char *err, size_t cap)
{
    gen g;
    memset(&g, 0, sizeof g);
    g.m = m;
    g.o = o;
    g.pfx = pfx;
    g.out = out;
    g.err = err;
    g.cap = cap;
    g.has_mem = m->nmems > 0;
    if (cap) err[0] = '\0';
    g.gused = calloc(m->nglobals ? m->nglobals : 1, 1);
    if (!g.gused) return fail(&g, "out of memory");

    for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++) {
        print_proto(m, pfx, out, f);
        fprintf(out, ";\n");
    }
    fprintf(out, "\n");
    for (uint32_t f = m->nfunc_imports; f < m->nfuncs && !g.failed; f++)
        gen_function(&g, f);

    uint32_t ndef = m->nfuncs - m->nfunc_imports;
    uint32_t cfg = (o->bounds ? MWA_CFG_BOUNDS : 0) | (MW_SIMD ? MWA_CFG_SIMD : 0);
    if (!g.failed && o->static_name) {
        const char *n = o->static_name;
        fprintf(out, "static const mwa_entry %s_entries[%u] = {", n, ndef ? ndef : 1);
        for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++)
            fprintf(out, "%s%sW%u", f > m->nfunc_imports ? ", " : "", pfx, f);
        fprintf(out, "};\nstatic const void *const %s_typed[%u] = {", n, ndef ? ndef : 1);
        for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++)
            fprintf(out, "%s(const void *)%sF%u", f > m->nfunc_imports ? ", " : "", pfx, f);
        fprintf(out, "};\nstatic const uint8_t %s_wasm[%zu] = {", n, m->len ? m->len : 1);
        for (size_t i = 0; i < m->len; i++)
            fprintf(out, "%s%u", i == 0 ? "\n" : i % 24 ? "," : ",\n", m->bytes[i]);
        fprintf(out, "};\nconst mwa_module_desc %s = { %uu, %uu, %uu, %zuu, %s_wasm, %s_entries, %s_typed };\n",
                n, MWA_ABI_VERSION, cfg, ndef, m->len, n, n, n);
    } else if (!g.failed) {
        fprintf(out, "__attribute__((visibility(\"default\"))) void %s"
                     "(mwa_module_desc *d, mwa_entry *e, const void **t)\n{\n", init_name);
        for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++)
            fprintf(out, "  e[%u] = %sW%u; t[%u] = (const void *)%sF%u;\n",
                    f - m->nfunc_imports, pfx, f, f - m->nfunc_imports, pfx, f);
        fprintf(out, "  d->abi = %uu; d->config = %uu; d->nfuncs = %uu;\n  d->entries = e; d->typed = t;\n}\n",
                MWA_ABI_VERSION, cfg, ndef);
    }
    free(g.body);
    free(g.stack);
    free(g.ctrl);
    free(g.locals);
    free(g.saved);
    free(g.gused);
    if (!g.failed && ferror(out)) fail(&g, "write error");
    return g.failed ? -1 : 0;
}

int mwa_cgen(const mw_module *m, const mwa_cgen_opts *o, FILE *out, char *err, size_t cap)
{
    if (mwa_cgen_begin(out, !o->static_name, mwa_cgen_uses_simd(m)) != 0) {
        snprintf(err, cap, "write error");
        return -1;
    }
    return mwa_cgen_module(m, o, "", MWA_INIT_SYMBOL, out, err, cap);
}
