/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * ops_num.c — translation of the numeric, load and store instructions (the table's
 * UN/UNT/BIN/CMP/BINT/RE/LD/ST kinds) and their fusions with the pending producer:
 *   - a constant just emitted becomes a binary operator's immediate operand (_RI);
 *   - a compare just emitted can later become a branch or a select (compile.c);
 *   - i32.add of a shift by a constant becomes one ADD_SHL, i32.add of an i32.add one
 *     ADD3, i32.xor of a rotate by a constant one ROTL_XOR, and i32.and (with a
 *     constant) of an i32.shr_u by a constant one SHRU_AND (the shift is pending again
 *     once the constant is dropped: prev);
 *   - an address computed by the add just emitted is folded into the access (_A, _AR,
 *     _AS forms; _AX when that add's operand is a shift by a constant just before),
 *     wrapping at 32 bits as the add would have;
 *   - f64.add/sub/mul whose second operand is the f64.load just emitted becomes one
 *     load-op form (_L, _LA), and an f64.store of such an add to the address it
 *     loaded from one read-modify-write F64_ADD_M;
 *   - f64.add/sub of the f64.mul just emitted becomes one MUL_ADD, MUL_SUB or MUL_RSUB;
 *   - an f64 operation (or store) whose first operand (value) is the f64 result of the
 *     instruction just before reads it from the accumulator (the .acc forms).
 */
#include "compile.h"

bool mwU_need_memory(cstate *c)
{
    if (c->m->nmems == 0) return mwC_invalid(c, "unknown memory 0");
    return true;
}

bool mwU_read_memarg(cstate *c, const mwO_insn *in, uint32_t size)
{
    if (!mwU_need_memory(c)) return false;
    if (in->a >= 32 || (1u << in->a) > size)
        return mwC_invalid(c, "alignment must not be larger than natural");
    return true;
}

/* True when v is the result of the i32.shl by a constant just emitted. */
static bool fresh_shl(const cstate *c, cval v) { return mwB_fresh(c, v) == IR_I32_SHL_RI; }

enum { ADDR_PLAIN = 0, ADDR_A = 1, ADDR_AR = 2, ADDR_AS = 3, ADDR_AX = 4 };
typedef struct addr_form { uint32_t form, base, idx, imm, shift; } addr_form;

static void take_address(cstate *c, cval a, addr_form *af)
{
    af->form = ADDR_PLAIN; af->base = a.slot; af->idx = 0; af->imm = 0; af->shift = 0;
    mw_unit op = mwB_fresh(c, a);
    if (op == IR_NONE) return;
    const mw_unit *w = c->code + c->p.pos;
    if (op == IR_I32_ADD_RI || op == IR_I32_SUB_RI) {
        uint32_t imm = mwB_get32(w + 3);
        af->form = ADDR_A;
        af->base = w[2];
        af->imm = op == IR_I32_ADD_RI ? imm : 0u - imm;
        mwB_drop_producer(c);
        /* A base that is the i32.shl by a constant just before, into an operand slot
         * (not a local, which keeps the value): (b << k) + imm, a global array
         * indexed (_AX). */
        cval sb = { MW_I32, af->base, af->base };
        if (af->base >= c->nlslots && fresh_shl(c, sb)) {
            const mw_unit *s = c->code + c->p.pos;
            af->form = ADDR_AX;
            af->base = s[2];
            af->shift = mwB_get32(s + 3) & 31;
            mwB_drop_producer(c);
        }
        return;
    } else if (op == IR_I32_ADD) {
        af->form = ADDR_AR;
        af->base = w[2];
        af->idx = w[3];
    } else if (op == IR_I32_ADD_SHL) {
        af->form = ADDR_AS;
        af->base = w[2];
        af->idx = w[3];
        af->shift = w[4];
    } else {
        return;
    }
    mwB_drop_producer(c);   /* the add's result had no other reader */
}

/* True when v is the result the instruction just emitted also left in the accumulator
 * of its type (doc/dispatch.md, change 5): the next instruction may read it there
 * instead of from its slot, off the store-to-load path. */
static bool from_acc(const cstate *c, cval v)
{
    bool typed = v.type == MW_I32 || v.type == MW_I64 || v.type == MW_F64;
    /* Unlike a fusion, reading the accumulator drops nothing, so v may also be the local
     * the producer wrote (local.tee): no instruction since can have changed it. */
    if (typed && c->call_end == c->ncode && c->bound != c->ncode && v.slot == c->call_res)
        return v.type != MW_F64;   /* the result of the call.local just emitted (ret1 left
                                    * its bits in iacc, which holds no f64 for a reader) */
    /* an f64 is in facc, an integer in iacc: a reinterpret between them leaves the value
     * in the other one's accumulator */
    return typed && c->p.acc && c->p.pos != NO_POS && c->p.end == c->ncode &&
           c->code[c->p.dst] == v.slot && (v.type == MW_F64) == c->p.f64;
}

bool mwU_from_acc(const cstate *c, cval v) { return from_acc(c, v); }

/* Is i32 slot s in the accumulator (from_acc)? */
static bool acc_slot(const cstate *c, uint32_t s)
{
    cval v = { MW_I32, s, s };
    return from_acc(c, v);
}

/* Emit a fused i32 form, or its .acc form (accop: one operand from the accumulator);
 * either leaves its result there, and fusions see the plain form (p.op). */
static bool emit_fused(cstate *c, mw_unit op, mw_unit accop, bool in_acc, uint32_t len,
                       mw_unit **w)
{
    if (!mwB_emit_def(c, in_acc ? accop : op, MW_I32, len, w)) return false;
    c->p.op = op;
    c->p.acc = true;
    return true;
}

/* Integer rows whose operands may be swapped, so that the accumulator's is the first. */
static bool int_commutes(uint32_t ir)
{
    switch (ir) {
    case IR_I32_ADD: case IR_I32_MUL: case IR_I32_AND: case IR_I32_OR: case IR_I32_XOR:
    case IR_I64_ADD: case IR_I64_MUL: case IR_I64_AND: case IR_I64_OR: case IR_I64_XOR:
        return true;
    default:
        return false;
    }
}

/* The .acc form of a table row's UN or BIN instruction (its _RI form when ri), whose
 * operand a is i32, i64 or f64 (opcodes.h MW_ACC_*); IR_NONE for the others. */
static mw_unit row_acc(const mwO_info *oi, bool ri)
{
    if (oi->t1 != MW_I32 && oi->t1 != MW_I64 && oi->t1 != MW_F64) return IR_NONE;
    if (oi->kind == MWO_K_UN) return (mw_unit)(oi->ir + 1u);
    if (oi->kind == MWO_K_BIN) return (mw_unit)(oi->ir + (ri ? 3u : 2u));
    return IR_NONE;
}

/* The .acc form of a fused f64 form. */
static mw_unit fused_acc(uint32_t op)
{
    switch (op) {
    case IR_F64_ADD_L: return IR_F64_ADD_L_ACC;
    case IR_F64_SUB_L: return IR_F64_SUB_L_ACC;
    case IR_F64_MUL_L: return IR_F64_MUL_L_ACC;
    case IR_F64_ADD_LA: return IR_F64_ADD_LA_ACC;
    case IR_F64_SUB_LA: return IR_F64_SUB_LA_ACC;
    case IR_F64_MUL_LA: return IR_F64_MUL_LA_ACC;
    default: return IR_NONE;
    }
}

/* A BIN row with accumulator forms, emitted as its plain X or X_RI (op, not an .acc
 * form, which has no .ret form), also has a .ret form: 4 after it (opcodes.h). */
static void set_ret(cstate *c, const mwO_info *oi, uint32_t op)
{
    if (oi->kind == MWO_K_BIN && row_acc(oi, false) != IR_NONE && c->code[c->p.pos] == op)
        c->p.ret = (mw_unit)(op + 4u);
}

/* mwB_emit_def of op, or of its .acc form accop when a is in the accumulator; fusions
 * see op (p.op); acc says whether this one leaves its result in an accumulator too. */
static bool emit_def_acc(cstate *c, uint32_t op, mw_unit accop, cval a, uint8_t type,
                         uint32_t nw, bool acc, mw_unit **w)
{
    uint32_t e = accop != IR_NONE && from_acc(c, a) ? accop : op;
    if (!mwB_emit_def(c, e, type, nw, w)) return false;
    c->p.op = (mw_unit)op;
    c->p.acc = acc;
    return true;
}

/* Table rows whose handlers leave the result in an accumulator (interp.c SET_*). */
static bool sets_acc(const mwO_info *oi)
{
    return oi->tr == MW_I32 || oi->tr == MW_I64 || oi->tr == MW_F64;
}

static const uint32_t ld_len[5] = { MW_LEN(LD), MW_LEN(LD_A), MW_LEN(LD_AR), MW_LEN(LD_AS),
                                    MW_LEN(LD_AX) };
static const uint32_t st_len[5] = { MW_LEN(ST), MW_LEN(ST_A), MW_LEN(ST_AR), MW_LEN(ST_AS),
                                    MW_LEN(ST_AX) };

static bool op_load(cstate *c, const mwO_info *oi, const mwO_insn *in)
{
    cval a;
    mw_unit *w;
    if (!mwU_read_memarg(c, in, oi->size) || !mwB_pop_t(c, MW_I32, &a)) return false;
    addr_form af;
    take_address(c, a, &af);
    /* A base the instruction just before left in the accumulator (plain, _A): .acc */
    cval base = { MW_I32, af.base, af.base };
    uint32_t op = oi->ir + af.form;
    if (af.form <= ADDR_A && from_acc(c, base))
        op = oi->ir + (af.form == ADDR_PLAIN ? 5u : 6u);
    if (!mwB_emit_def(c, op, oi->tr, ld_len[af.form], &w)) return false;
    c->p.op = (mw_unit)(oi->ir + af.form);   /* fusions see the plain form */
    c->p.acc = sets_acc(oi);   /* interp.c SETLD_* */
    w[2] = (mw_unit)af.base;
    switch (af.form) {   /* layouts: opcodes.h MW_LAY_LD* */
    case ADDR_PLAIN: mwB_put32(w + 3, in->b); break;
    case ADDR_A: mwB_put32(w + 3, af.imm); mwB_put32(w + 5, in->b); break;
    case ADDR_AR: w[3] = (mw_unit)af.idx; mwB_put32(w + 4, in->b); break;
    case ADDR_AS: w[3] = (mw_unit)af.idx; w[4] = (mw_unit)af.shift; mwB_put32(w + 5, in->b); break;
    default: w[3] = (mw_unit)af.shift; mwB_put32(w + 4, af.imm); mwB_put32(w + 6, in->b); break;
    }
    return true;
}

static bool op_store(cstate *c, const mwO_info *oi, const mwO_insn *in)
{
    cval a, b;
    if (!mwU_read_memarg(c, in, oi->size)) return false;
    if (!mwB_pop_t(c, oi->tr, &b) || !mwB_pop_t(c, MW_I32, &a)) return false;
    if (oi->ir == IR_F64_STORE && mwB_fresh(c, b) == IR_F64_ADD_L) {
        /* m[a + off] = x + m[a + off], the add just emitted read the same address: one
         * F64_ADD_M (c[j] += ... in matrix and n-body loops). */
        const mw_unit *s = c->code + c->p.pos;
        if (s[3] == a.slot && mwB_get32(s + 4) == in->b) {
            uint32_t x = s[2];
            bool xacc = s[0] == IR_F64_ADD_L_ACC;
            mwB_drop_producer(c);
            EMIT_IR(IRLEN_F64_ADD_M);
            /* x from the accumulator as the add read it (its producer is pending again) */
            w[0] = xacc ? IR_F64_ADD_M_ACC : IR_F64_ADD_M;
            w[1] = (mw_unit)x; w[2] = (mw_unit)a.slot;
            mwB_put32(w + 3, in->b);
            mwB_barrier(c);
            return true;
        }
    }
    /* b's producer stays: it also wrote b's slot. The address is then not fresh. */
    /* a value the instruction just before left in the accumulator: .acc (plain address) */
    uint32_t op = from_acc(c, b) ? oi->ir + 5u : oi->ir;
    addr_form af;
    take_address(c, a, &af);
    EMIT_IR(st_len[af.form]);
    w[0] = (mw_unit)(af.form == ADDR_PLAIN ? op : oi->ir + af.form);
    w[1] = (mw_unit)af.base;
    switch (af.form) {   /* layouts: opcodes.h MW_LAY_ST* */
    case ADDR_PLAIN: w[2] = (mw_unit)b.slot; mwB_put32(w + 3, in->b); break;
    case ADDR_A: mwB_put32(w + 2, af.imm); w[4] = (mw_unit)b.slot; mwB_put32(w + 5, in->b); break;
    case ADDR_AR: w[2] = (mw_unit)af.idx; w[3] = (mw_unit)b.slot; mwB_put32(w + 4, in->b); break;
    case ADDR_AS:
        w[2] = (mw_unit)af.idx; w[3] = (mw_unit)af.shift; w[4] = (mw_unit)b.slot;
        mwB_put32(w + 5, in->b);
        break;
    default:
        w[2] = (mw_unit)af.shift; mwB_put32(w + 3, af.imm); w[5] = (mw_unit)b.slot;
        mwB_put32(w + 6, in->b);
        break;
    }
    mwB_barrier(c);
    return true;
}


/* a OP b for f64 add, sub and mul, with b the f64.load (plain or _A address) just
 * emitted: one load-op form (stencils and n-body loops load an operand, use it once);
 * or add/sub with an operand the f64.mul just emitted: one multiply-add form. */
static bool op_f64_fused(cstate *c, const mwO_info *oi, cval a, cval b)
{
    mw_unit *w;
    mw_unit ld = mwB_fresh(c, b);
    if (ld != IR_F64_LOAD && ld != IR_F64_LOAD_A) {
        /* A product added or subtracted right away: one multiply-add form, rounded
         * twice as the two instructions are (not a fused multiply-add). */
        bool pb = oi->ir != IR_F64_MUL && ld == IR_F64_MUL;
        bool pa = !pb && oi->ir != IR_F64_MUL && mwB_fresh(c, a) == IR_F64_MUL;
        if (pa || pb) {
            const mw_unit *m = c->code + c->p.pos;
            uint32_t x = m[2], y = m[3], other = pb ? a.slot : b.slot;
            /* p + c and c + p are one form (the sum commutes), p - c and c - p two */
            uint32_t op = oi->ir == IR_F64_ADD ? IR_F64_MUL_ADD : pa ? IR_F64_MUL_SUB : IR_F64_MUL_RSUB;
            mwB_drop_producer(c);
            if (!mwB_emit_def(c, op, MW_F64, IRLEN_F64_MUL_ADD, &w)) return false;
            w[2] = (mw_unit)x; w[3] = (mw_unit)y; w[4] = (mw_unit)other;
            c->p.acc = true;
            return true;
        }
        if (oi->ir != IR_F64_SUB && !from_acc(c, a) && from_acc(c, b)) {
            cval t = a; a = b; b = t;   /* add and mul commute */
        }
        if (!emit_def_acc(c, oi->ir, row_acc(oi, false), a, oi->tr, MW_LEN(BIN), true, &w))
            return false;
        set_ret(c, oi, oi->ir);
        w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot;
        return true;
    }
    bool la = ld == IR_F64_LOAD_A;
    const mw_unit *s = c->code + c->p.pos;
    uint32_t base = s[2], imm = la ? mwB_get32(s + 3) : 0, off = mwB_get32(s + (la ? 5 : 3));
    uint32_t op = oi->ir == IR_F64_ADD ? (la ? IR_F64_ADD_LA : IR_F64_ADD_L)
                : oi->ir == IR_F64_SUB ? (la ? IR_F64_SUB_LA : IR_F64_SUB_L)
                : (la ? IR_F64_MUL_LA : IR_F64_MUL_L);
    mwB_drop_producer(c);   /* the loaded value had no other reader; a's may be pending again */
    if (!emit_def_acc(c, op, fused_acc(op), a, MW_F64, la ? IRLEN_F64_ADD_LA : IRLEN_F64_ADD_L,
                      true, &w))
        return false;
    w[2] = (mw_unit)a.slot; w[3] = (mw_unit)base;
    if (la) { mwB_put32(w + 4, imm); mwB_put32(w + 6, off); }
    else mwB_put32(w + 4, off);
    return true;
}

static bool op_binary(cstate *c, const mwO_info *oi)
{
    cval a, b;
    mw_unit *w;
    /* A constant emitted just before becomes the immediate operand. */
    mw_unit prod = c->nvals > mwB_top_ctrl(c)->height ? mwB_fresh(c, c->vals[c->nvals - 1]) : IR_NONE;
    bool fold = oi->kind != MWO_K_BINT && (prod == IR_CONST32 || prod == IR_CONST64);
    uint64_t imm = 0;
    if (fold) {
        const mw_unit *k = c->code + c->p.pos + 2;
        imm = prod == IR_CONST64 ? mwB_get64(k) : mwB_get32(k);
    }
    if (!mwB_pop_t(c, oi->t2, &b) || !mwB_pop_t(c, oi->t1, &a)) return false;
    if (fold) {
        mwB_drop_producer(c);   /* its value travels as the immediate */
        /* (x >> k) & mask, the shift emitted right before the constant: one SHRU_AND. */
        if (oi->ir == IR_I32_AND && mwB_fresh(c, a) == IR_I32_SHR_U_RI) {
            const mw_unit *s = c->code + c->p.pos;
            uint32_t x = s[2], k = mwB_get32(s + 3) & 31u;
            mwB_drop_producer(c);
            if (!emit_fused(c, IR_I32_SHRU_AND, IR_I32_SHRU_AND_ACC, acc_slot(c, x),
                            IRLEN_I32_SHRU_AND, &w))
                return false;
            w[2] = (mw_unit)x; w[3] = (mw_unit)k;
            mwB_put32(w + 4, (uint32_t)imm);
            return true;
        }
        bool wide = oi->t2 == MW_I64 || oi->t2 == MW_F64;
        uint32_t len = wide ? MW_LEN(BIN_RI64) : MW_LEN(BIN_RI32);
        /* a's producer is pending again once the constant is dropped */
        if (!emit_def_acc(c, oi->ir + 1u, row_acc(oi, true), a, oi->tr, len, sets_acc(oi), &w))
            return false;
        set_ret(c, oi, oi->ir + 1u);
        w[2] = (mw_unit)a.slot;
        if (wide) mwB_put64(w + 3, imm);
        else mwB_put32(w + 3, (uint32_t)imm);
        c->p.cmp = oi->kind == MWO_K_CMP;
        return true;
    }
    if (oi->ir == IR_I32_ADD) {
        /* a + (x << k) with the shift just emitted: one ADD_SHL (add commutes). */
        bool bs = fresh_shl(c, b), as = !bs && fresh_shl(c, a);
        if (bs || as) {
            const mw_unit *s = c->code + c->p.pos;
            uint32_t x = s[2], k = mwB_get32(s + 3) & 31u, other = bs ? a.slot : b.slot;
            mwB_drop_producer(c);
            if (!emit_fused(c, IR_I32_ADD_SHL, IR_I32_ADD_SHL_ACC, acc_slot(c, other),
                            IRLEN_I32_ADD_SHL, &w))
                return false;
            w[2] = (mw_unit)other; w[3] = (mw_unit)x; w[4] = (mw_unit)k;
            return true;
        }
    }
    if (oi->ir == IR_I32_ADD) {
        /* (x + y) + z with the add just emitted (a sum of several terms): one ADD3 (add
         * commutes), which leaves the sum in the accumulator as the add would. */
        bool bp = mwB_fresh(c, b) == IR_I32_ADD, ap = !bp && mwB_fresh(c, a) == IR_I32_ADD;
        if (ap || bp) {
            const mw_unit *s = c->code + c->p.pos;
            uint32_t x = s[2], y = s[3], other = bp ? a.slot : b.slot;
            mwB_drop_producer(c);
            /* the one in the accumulator (if any) first: the three commute */
            if (acc_slot(c, y)) { uint32_t t = x; x = y; y = t; }
            else if (acc_slot(c, other)) { uint32_t t = x; x = other; other = t; }
            if (!emit_fused(c, IR_I32_ADD3, IR_I32_ADD3_ACC, acc_slot(c, x), IRLEN_I32_ADD3, &w))
                return false;
            w[2] = (mw_unit)x; w[3] = (mw_unit)y; w[4] = (mw_unit)other;
            return true;
        }
    }
    if (oi->ir == IR_I32_XOR) {
        /* rotl(x, k) ^ y with the rotate (by a constant) just emitted: one ROTL_XOR (xor
         * commutes; a rotr by k is a rotl by 32 - k). */
        mw_unit pa = mwB_fresh(c, a), pb = mwB_fresh(c, b);
        bool br = pb == IR_I32_ROTL_RI || pb == IR_I32_ROTR_RI;
        bool ar = !br && (pa == IR_I32_ROTL_RI || pa == IR_I32_ROTR_RI);
        if (ar || br) {
            const mw_unit *s = c->code + c->p.pos;
            uint32_t x = s[2], k = mwB_get32(s + 3) & 31u, other = br ? a.slot : b.slot;
            if ((br ? pb : pa) == IR_I32_ROTR_RI) k = (32u - k) & 31u;
            mwB_drop_producer(c);
            if (!emit_fused(c, IR_I32_ROTL_XOR, IR_I32_ROTL_XOR_ACC, acc_slot(c, other),
                            IRLEN_I32_ROTL_XOR, &w))
                return false;
            w[2] = (mw_unit)x; w[3] = (mw_unit)other; w[4] = (mw_unit)k;
            return true;
        }
    }
    if (oi->ir == IR_F64_ADD || oi->ir == IR_F64_SUB || oi->ir == IR_F64_MUL)
        return op_f64_fused(c, oi, a, b);
    if (int_commutes(oi->ir) && !from_acc(c, a) && from_acc(c, b)) {
        cval t = a; a = b; b = t;
    }
    /* BINT rows (trapping) neither read nor leave an accumulator */
    bool bint = oi->kind == MWO_K_BINT;
    if (!emit_def_acc(c, oi->ir, row_acc(oi, false), a, oi->tr, MW_LEN(BIN),
                      !bint && sets_acc(oi), &w))
        return false;
    set_ret(c, oi, oi->ir);
    w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot;
    c->p.cmp = oi->kind == MWO_K_CMP;
    return true;
}

bool mwU_numeric(cstate *c, const mwO_insn *in)
{
    const mwO_info *oi = &mwO_tab[in->op];
    cval a;
    mw_unit *w;
    switch (oi->kind) {
    case MWO_K_UN: case MWO_K_UNT: {
        if (!mwB_pop_t(c, oi->t1, &a)) return false;
        /* eqz of the compare or bit test (i32.and) just emitted: a branch on it can
         * invert the compare or test. */
        mw_unit pa = mwB_fresh(c, a);
        bool test = pa == IR_I32_AND || pa == IR_I32_AND_RI;
        uint32_t cmp = pa != IR_NONE && (c->p.cmp || test) ? c->p.pos : NO_POS;
        bool un = oi->kind == MWO_K_UN;   /* UNT rows (trapping) take no part */
        if (!emit_def_acc(c, oi->ir, un ? row_acc(oi, false) : IR_NONE, a, oi->tr, MW_LEN(UN),
                          un && sets_acc(oi), &w))
            return false;
        w[2] = (mw_unit)a.slot;
        if (oi->ir == IR_I32_EQZ) { c->p.eqz_cmp = cmp; c->p.eqz_op = pa; }
        return true;
    }
    case MWO_K_RE:
        if (!mwB_pop_t(c, oi->t1, &a)) return false;
        /* Same bits, new type: keep the slot (an alias stays an alias). */
        return mwB_push(c, oi->tr, a.slot);
    case MWO_K_BIN: case MWO_K_CMP: case MWO_K_BINT:
        return op_binary(c, oi);
    case MWO_K_LD:
        return op_load(c, oi, in);
    case MWO_K_ST:
        return op_store(c, oi, in);
    default:
        return mwC_fail(c, MW_ERR_MALFORMED, "illegal opcode");
    }
}
