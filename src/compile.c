/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * compile.c — validate a function body and translate it, in the same single pass, into
 * the register-style code that interp.c runs (see doc/dispatch.md, compile.h).
 *
 * This file is the driver: local declarations, the instruction loop, and the
 * translators of control, call, variable, table, memory and bulk instructions.
 * Numeric, load and store instructions go to ops_num.c, SIMD to ops_simd.c; the
 * operand stack, slots and the pending producer that fusions rewrite live in emit.c.
 * Branch targets are resolved here (forward branches through fixup chains), so the
 * interpreter never searches for a block end or decodes LEB128.
 */
#include "compile.h"

/* ------------------------------------------------------------------ errors */

bool mwC_fail(cstate *c, mw_result code, const char *msg)
{
    mwE_set(c->err, code, c->op_off, "%s", msg);
    return false;
}
bool mwC_invalid(cstate *c, const char *msg) { return mwC_fail(c, MW_ERR_INVALID, msg); }
bool mwC_nomem(cstate *c) { return mwC_fail(c, MW_ERR_NOMEM, "out of memory translating a function"); }

#define invalid mwC_invalid
#define fail mwC_fail
#define top_ctrl mwB_top_ctrl
#define pop_t mwB_pop_t
#define pop_any mwB_pop_any
#define push mwB_push

/* ------------------------------------------------------------------ control */

static bool push_ctrl(cstate *c, uint8_t kind, cctrl *proto)
{
    if (c->nctrls == c->capctrls &&
        !mwM_grow(c->e, (void **)&c->ctrls, &c->capctrls, c->nctrls + 1, sizeof(cctrl)))
        return mwC_nomem(c);
    cctrl *f = &c->ctrls[c->nctrls++];
    *f = *proto;
    f->kind = kind;
    f->unreachable = false;
    f->height = c->nvals - f->nparams;
    f->slot0 = f->height < c->nvals ? c->vals[f->height].nat : mwB_next_slot(c);
    f->fixups = 0;
    f->else_fix = 0;
    f->target = c->ncode;
    mwB_bind(c);
    return true;
}

static uint32_t label_arity(const cctrl *f) { return f->kind == CK_LOOP ? f->nparams : f->nresults; }
static const mw_valtype *label_types(const cctrl *f)
{
    return f->kind == CK_LOOP ? f->params : f->results;
}

/* The block type of in as params/results of proto. */
static bool blocktype(cstate *c, const mwO_insn *in, cctrl *proto)
{
    /* One-value block types point at constants: frames move when the array grows. */
    static const mw_valtype single[] = { MW_I32, MW_I64, MW_F32, MW_F64, MW_V128,
                                         MW_FUNCREF, MW_EXTERNREF };
    proto->nparams = proto->nresults = 0;
    proto->params = proto->results = NULL;
    uint32_t idx = 0;
    int bt = mwO_blocktype(in, &idx);
    if (bt == MWO_BT_EMPTY) return true;
    if (bt == MWO_BT_INDEX) {
        if (idx >= c->m->ntypes) return invalid(c, "unknown type");
        const mw_functype *t = &c->m->types[idx];
        proto->nparams = t->nparams; proto->params = t->params;
        proto->nresults = t->nresults; proto->results = t->results;
        return true;
    }
    for (uint32_t i = 0; i < sizeof single / sizeof single[0]; i++) {
        if (bt != (int)single[i]) continue;
        proto->results = &single[i];
        proto->nresults = 1;
        return true;
    }
    return fail(c, MW_ERR_MALFORMED, "malformed block type");   /* mwO_read checked it */
}

/* Check the block's parameters on top of the stack, leaving them in place. */
static bool check_params(cstate *c, const cctrl *proto)
{
    cctrl *cur = top_ctrl(c);
    uint32_t have = c->nvals - cur->height, np = proto->nparams;
    for (uint32_t i = 0; i < np && i < have; i++) {
        uint8_t got = c->vals[c->nvals - 1 - i].type, want = (uint8_t)proto->params[np - 1 - i];
        if (got != want && got != T_ANY) return invalid(c, "type mismatch: block parameters");
    }
    if (have >= np) return true;
    if (!cur->unreachable) return invalid(c, "type mismatch: missing block parameters");
    /* Dead code under a polymorphic stack: the values never exist, only their types. */
    mwB_drop_n(c, cur->height);
    for (uint32_t i = 0; i < np; i++)
        if (!push(c, (uint8_t)proto->params[i], mwB_next_slot(c))) return false;
    return true;
}

/* Append a forward branch offset word at position pos to f's fixup chain. */
static void add_fixup(cstate *c, cctrl *f, uint32_t pos)
{
    mwB_put32(c->code + pos, f->fixups);
    f->fixups = pos;
}

/* Branch offsets are relative to the offset field's own position. */
static void set_target(cstate *c, uint32_t pos, uint32_t target)
{
    mwB_put32(c->code + pos, (uint32_t)((int32_t)target - (int32_t)pos));
    if (target == c->ncode) mwB_bind(c);
}

static void patch_chain(cstate *c, uint32_t chain, uint32_t target)
{
    while (chain) {
        uint32_t next = mwB_get32(c->code + chain);
        set_target(c, chain, target);
        chain = next;
    }
}

/* Make the branch offset field at pos point at label f. */
static void link_label(cstate *c, cctrl *f, uint32_t pos)
{
    if (f->kind == CK_LOOP) set_target(c, pos, f->target);
    else add_fixup(c, f, pos);
}

/* Check the top label-arity values against label f's types. Values stay on the stack. */
static bool check_label_values(cstate *c, cctrl *f, uint32_t *n)
{
    uint32_t arity = label_arity(f);
    const mw_valtype *types = label_types(f);
    cctrl *cur = top_ctrl(c);
    for (uint32_t i = 0; i < arity; i++) {
        uint8_t want = (uint8_t)types[arity - 1 - i];
        if (c->nvals < cur->height + i + 1) {
            if (!cur->unreachable) return invalid(c, "type mismatch: not enough values for branch");
            continue;
        }
        uint8_t got = c->vals[c->nvals - 1 - i].type;
        if (got != want && got != T_ANY) return invalid(c, "type mismatch in branch");
    }
    *n = arity;
    return true;
}

/* Visit the moves a branch to f needs: value i of the arity on top goes to the label's
 * slot for it. Returns false when the stack does not hold them (dead code). */
static bool branch_values(cstate *c, uint32_t arity, uint32_t *base)
{
    cctrl *cur = top_ctrl(c);
    if (c->nvals < arity || c->nvals - arity < cur->height) return false;
    *base = c->nvals - arity;
    return true;
}

/* True when a branch to f would need copies to move its values into the label slots. */
static bool needs_moves(cstate *c, cctrl *f, uint32_t arity)
{
    uint32_t base, dst = f->slot0;
    if (!branch_values(c, arity, &base)) return false;
    const mw_valtype *lt = label_types(f);
    for (uint32_t i = 0; i < arity; i++) {
        if (c->vals[base + i].slot != dst) return true;
        dst += mwi_slots(lt[i]);
    }
    return false;
}

/* Emit the copies that move the branch values into label f's slots. */
static bool emit_moves(cstate *c, cctrl *f, uint32_t arity)
{
    uint32_t base, dst = f->slot0;
    if (!branch_values(c, arity, &base)) return true;
    const mw_valtype *lt = label_types(f);
    /* Destinations lie at or below the sources, so ascending order is overlap-safe;
     * aliases read locals, which lie below every destination. */
    for (uint32_t i = 0; i < arity; i++) {
        if (!mwB_emit_copy(c, dst, c->vals[base + i].slot, (uint8_t)lt[i])) return false;
        dst += mwi_slots(lt[i]);
    }
    return true;
}

/* A latch form (count and branch, or add_ri.brt/brf) cop was just made at `at`: a
 * single copy right before it (a loop's phi move) becomes its copy-first form, which
 * does both in one dispatch. The latch stays in place after it, whole: a branch to it
 * (a label bound at `at`) runs it alone. */
static void copy_first(cstate *c, uint32_t at, mw_unit cop)
{
    uint32_t k = c->last_copy;
    if (k != NO_POS && k + IRLEN_COPY == at && c->code[k] == IR_COPY)
        c->code[k] = cop;
}

/* The pending producer is an i32 compare whose first operand is the result of the
 * i32.add/sub of a constant just before it (often teed to a local): a loop's latch,
 * i += k; if (i OP n) (or n OP i, the compare swapped). Both and the branch become one
 * count-and-branch form:
 * [add_ri, d, a, imm][cmp, t, d, b..] -> [cnt-br-cmp, d, a, imm, b.., off, off].
 * False (nothing changed) for any other shape. */
static bool count_cmp(cstate *c, bool when_zero, uint32_t *off_pos)
{
    mw_unit op = c->p.op;
    const producer *q = &c->prev;
    if (op < IR_I32_EQ || op > IR_I32_GE_U_RI || q->pos == NO_POS || q->end != c->p.pos ||
        (q->op != IR_I32_ADD_RI && q->op != IR_I32_SUB_RI))
        return false;
    /* The i32 compare rows in the table's order, and each one's operands swapped
     * (b OP d is d OP' b). */
    static const uint8_t swapped[10] = { 0, 1, 4, 5, 2, 3, 8, 9, 6, 7 };
    const uint32_t stride = IR_I32_NE - IR_I32_EQ;
    uint32_t row = (uint32_t)(op - IR_I32_EQ) / stride;
    bool ri = (op - IR_I32_EQ) % stride == 1;
    const mw_unit *k = c->code + c->p.pos;   /* [cmp, t, a, b] or [cmp_ri, t, a, imm2] */
    const mw_unit *x = c->code + q->pos;     /* [add_ri, d, a, imm] (or its .acc form,
                                              * which names a's slot too) */
    uint32_t d = x[1], a = x[2], imm = mwB_get32(x + 3), b;
    if (k[2] == d) {
        if (!ri && k[3] == d) return false;   /* b must be read before d is set */
        b = ri ? mwB_get32(k + 3) : k[3];
    } else if (!ri && k[3] == d) {
        b = k[2];
        row = swapped[row];
    } else {
        return false;
    }
    if (q->op == IR_I32_SUB_RI) imm = 0u - imm;
    /* X, X_RI, ..., CNT_BRT_X, CNT_BRT_X_RI, CNT_BRF_X, CNT_BRF_X_RI (opcodes.h) */
    mw_unit fop = (mw_unit)(IR_I32_EQ + stride * row + (when_zero ? 10u : 8u) + (ri ? 1u : 0u));
    c->ncode = q->pos;
    EMIT_IR(ri ? (uint32_t)MW_LEN(CNT_RI) : (uint32_t)MW_LEN(CNT));
    w[0] = fop;
    w[1] = (mw_unit)d;
    w[2] = (mw_unit)a;
    mwB_put32(w + 3, imm);
    if (ri) mwB_put32(w + 5, b);
    else w[5] = (mw_unit)b;
    *off_pos = c->ncode - 2;
    /* X, ..., CNT_BRT_X_C (+12) .. CNT_BRF_X_RI_C (+15): the _C form 4 after */
    copy_first(c, q->pos, (mw_unit)(fop + 4u));
    mwB_barrier(c);
    c->prev.pos = NO_POS;
    c->prev2.pos = NO_POS;
    return true;
}

/*
 * Emit a conditional branch on cnd (taken when cnd != 0, or when it is 0 if when_zero)
 * and return the position of its offset word. When cnd was computed by the compare
 * just emitted, the compare itself becomes the branch (its BRT_/BRF_ form: the
 * destination goes, the offset comes); an i32.eqz just emitted is folded by inverting
 * the test.
 */
static bool emit_cond_br(cstate *c, cval cnd, bool when_zero, uint32_t *off_pos)
{
    mw_unit prod = mwB_fresh(c, cnd);
    if (prod != IR_NONE && c->p.cmp && count_cmp(c, when_zero, off_pos)) return true;
    if (prod != IR_NONE && c->p.cmp) {
        /* [cmp, dst, a, b...] -> [br-cmp, a, b..., off, off] */
        uint32_t pos = c->p.pos, len = c->ncode - pos;
        if (!mwB_reserve(c, 1)) return false;
        /* X, X_RI, BRT_X, BRT_X_RI, BRF_X, BRF_X_RI in a row (opcodes.h). */
        mw_unit op = (mw_unit)(c->p.op + (when_zero ? 4u : 2u));
        for (uint32_t i = 1; i + 1 < len; i++) c->code[pos + i] = c->code[pos + i + 1];
        c->code[pos] = op;
        *off_pos = pos + len - 1;
        mwB_barrier(c);
        return true;
    }
    if (prod == IR_I32_AND || prod == IR_I32_AND_RI) {
        /* A bit test: [and, dst, a, b..] -> [br-and, a, b.., off, off] as for a compare. */
        uint32_t pos = c->p.pos, len = c->ncode - pos;
        if (!mwB_reserve(c, 1)) return false;
        bool ri = prod == IR_I32_AND_RI;
        mw_unit op = when_zero ? (ri ? IR_BRF_I32_AND_RI : IR_BRF_I32_AND)
                               : (ri ? IR_BRT_I32_AND_RI : IR_BRT_I32_AND);
        for (uint32_t i = 1; i + 1 < len; i++) c->code[pos + i] = c->code[pos + i + 1];
        c->code[pos] = op;
        *off_pos = pos + len - 1;
        mwB_barrier(c);
        return true;
    }
    if (c->p.pos != NO_POS && c->p.end == c->ncode && c->code[c->p.dst] == cnd.slot &&
        (c->p.op == IR_I32_ADD_RI || c->p.op == IR_I32_SUB_RI)) {
        /* A count (i32.add/sub of a constant, often teed to a local) tested by the branch
         * right after it: [add_ri, d, a, imm] -> [add_ri.br, d, a, imm, off, off]. d keeps
         * its value: it may be a local. */
        uint32_t pos = c->p.pos;
        if (!mwB_reserve(c, 2)) return false;
        if (c->p.op == IR_I32_SUB_RI) mwB_put32(c->code + pos + 3, 0u - mwB_get32(c->code + pos + 3));
        c->code[pos] = when_zero ? IR_I32_ADD_RI_BRF : IR_I32_ADD_RI_BRT;
        *off_pos = pos + 5;
        copy_first(c, pos, when_zero ? IR_I32_ADD_RI_BRF_C : IR_I32_ADD_RI_BRT_C);
        mwB_barrier(c);
        return true;
    }
    if (prod == IR_I32_EQZ) {
        uint32_t pos = c->p.pos;
        if (c->p.eqz_cmp != NO_POS) {
            /* [cmp, t, a, b..][eqz, u, t] -> the compare (or bit test) branching the other
             * way; t and u had no other reader. */
            uint32_t cmp = c->p.eqz_cmp;
            mw_unit cop = c->p.eqz_op;
            c->ncode = pos;
            mwB_produced(c, cmp);
            c->p.end = pos;
            c->p.op = cop;
            c->p.cmp = cop != IR_I32_AND && cop != IR_I32_AND_RI;
            cnd.slot = cnd.nat = c->code[cmp + 1];
            return emit_cond_br(c, cnd, !when_zero, off_pos);
        }
        /* [eqz, dst, a] -> [br_if(z), a, off, off] */
        if (!mwB_reserve(c, 1)) return false;
        c->code[pos] = when_zero ? IR_BR_IF : IR_BR_IFZ;
        c->code[pos + 1] = c->code[pos + 2];
        *off_pos = pos + 2;
        mwB_barrier(c);
        return true;
    }
    EMIT_IR(IRLEN_BR_IF);
    w[0] = when_zero ? IR_BR_IFZ : IR_BR_IF;
    w[1] = (mw_unit)cnd.slot;
    *off_pos = c->ncode - 2;
    mwB_barrier(c);
    return true;
}

/* Unconditional jump to label f (moves included). */
static bool emit_br(cstate *c, cctrl *f)
{
    uint32_t arity;
    if (!check_label_values(c, f, &arity)) return false;
    if (!emit_moves(c, f, arity)) return false;
    EMIT_IR(IRLEN_BR);
    w[0] = f->kind == CK_LOOP ? IR_BR_BACK : IR_BR;
    link_label(c, f, c->ncode - 2);
    return true;
}

static bool set_unreachable(cstate *c)
{
    cctrl *f = top_ctrl(c);
    mwB_drop_n(c, f->height);
    f->unreachable = true;
    mwB_barrier(c);
    return true;
}

static bool label_at(cstate *c, uint32_t depth, cctrl **out)
{
    if (depth >= c->nctrls) return invalid(c, "unknown label");
    *out = &c->ctrls[c->nctrls - 1 - depth];
    return true;
}

/* Return the one-slot value v: ret1, or ret1.acc when v is in the accumulator, or no
 * instruction at all when v is the result of the BIN row just emitted, which becomes
 * its .ret form (one dispatch fewer: fib's `i32.add; ret1`, ackermann's `i32.add_ri;
 * ret1`). The producer may have been teed to a local: the frame is done, so its .ret
 * form need not write it. */
static bool ret_fuses(const cstate *c, cval v)
{
    const producer *p = &c->p;
    return p->pos != NO_POS && p->end == c->ncode && p->ret != IR_NONE &&
           c->code[p->pos] + 4u == p->ret && c->code[p->dst] == v.slot;
}

static bool emit_ret1(cstate *c, cval v)
{
    if (ret_fuses(c, v)) {
        c->code[c->p.pos] = c->p.ret;
        mwB_barrier(c);
        return true;
    }
    /* ret1.acc returns iacc's bits: an f64 is in facc (interp.c) */
    mw_unit op = v.type != MW_F64 && mwU_from_acc(c, v) ? IR_RET1_ACC : IR_RET1;
    EMIT_IR(IRLEN_RET1);
    w[0] = op; w[1] = (mw_unit)v.slot;
    return true;
}

/* Emit the return sequence for the results on top of the stack. */
static bool emit_return(cstate *c)
{
    cctrl *fn = &c->ctrls[0];
    uint32_t n;
    if (!check_label_values(c, fn, &n)) return false;
    cctrl *cur = top_ctrl(c);
    if (c->nvals < n || c->nvals - n < cur->height) {   /* unreachable: any code will do */
        EMIT_IR(IRLEN_TRAP);
        w[0] = IR_TRAP; w[1] = MW_TRAP_UNREACHABLE;
        return true;
    }
    if (n == 0) { EMIT_IR(IRLEN_RET0); w[0] = IR_RET0; return true; }
    const cval *top = &c->vals[c->nvals - 1];
    if (n == 1 && mwi_slots((mw_valtype)top->type) == 1) return emit_ret1(c, *top);
    if (!mwB_materialize_from(c, c->nvals - n)) return false;
    EMIT_IR(IRLEN_RET);
    w[0] = IR_RET; w[1] = (mw_unit)c->vals[c->nvals - n].nat;
    return true;
}

/* ------------------------------------------------------------------ blocks */

/* Check the results at the end of a block arm (settle_results put them in their
 * natural slots) and leave them on the stack as the block's results. */
static bool op_end(cstate *c, bool at_else)
{
    cctrl *f = top_ctrl(c);
    cval v;
    for (uint32_t i = f->nresults; i-- > 0;)
        if (!pop_t(c, (uint8_t)f->results[i], &v)) return false;
    if (c->nvals != f->height) return invalid(c, "type mismatch: values remain at end of block");
    if (f->kind == CK_IF && !at_else) {
        /* Without else, the false path passes the parameters through as results. */
        bool same = f->nparams == f->nresults;
        for (uint32_t i = 0; same && i < f->nparams; i++) same = f->params[i] == f->results[i];
        if (!same) return invalid(c, "type mismatch: if without else");
    }
    for (uint32_t i = 0; i < f->nresults; i++)
        if (!push(c, (uint8_t)f->results[i], mwB_next_slot(c))) return false;
    return true;
}

/* Materialise the fallthrough results of the current block, before popping its frame. */
static bool settle_results(cstate *c)
{
    cctrl *f = top_ctrl(c);
    if (f->unreachable) return true;
    uint32_t from = c->nvals >= f->nresults ? c->nvals - f->nresults : 0;
    if (from < f->height) from = f->height;
    return mwB_materialize_from(c, from);
}

static bool op_block(cstate *c, const mwO_insn *in)
{
    cctrl p;
    cval cnd;
    if (!blocktype(c, in, &p)) return false;
    if (in->op == OP_IF && !pop_t(c, MW_I32, &cnd)) return false;
    if (!check_params(c, &p) || !mwB_materialize_from(c, 0)) return false;
    if (in->op != OP_IF) {
        mwB_barrier(c);
        return push_ctrl(c, in->op == OP_BLOCK ? CK_BLOCK : CK_LOOP, &p);
    }
    uint32_t pos;
    if (!emit_cond_br(c, cnd, true, &pos) || !push_ctrl(c, CK_IF, &p)) return false;
    top_ctrl(c)->else_fix = pos;
    return true;
}

static bool op_else(cstate *c)
{
    cctrl *f = top_ctrl(c);
    if (f->kind != CK_IF) return invalid(c, "else without if");
    if (!settle_results(c) || !op_end(c, true)) return false;
    /* The then-arm jumps over the else-arm. */
    EMIT_IR(IRLEN_BR);
    w[0] = IR_BR;
    f = top_ctrl(c);
    add_fixup(c, f, c->ncode - 2);
    set_target(c, f->else_fix, c->ncode);
    f->else_fix = 0;
    /* Reset to the block's parameters, which are still in their natural slots. */
    mwB_drop_n(c, f->height);
    for (uint32_t i = 0; i < f->nparams; i++)
        if (!push(c, (uint8_t)f->params[i], mwB_next_slot(c))) return false;
    f->kind = CK_ELSE;
    f->unreachable = false;
    mwB_barrier(c);
    return true;
}

/* end; *done is set at the function's end. */
static bool op_block_end(cstate *c, bool *done)
{
    cctrl *f = top_ctrl(c);
    /* A function's fallthrough result returns from wherever it is (`ret1 s`, not
     * `copy t s; ret1 t`), or from the row that computed it (a .ret form); branches
     * to the end still deliver it to the natural slot, where a ret1 of their own
     * follows. */
    bool own_ret = false;
    if (c->nctrls == 1 && !f->unreachable && f->nresults == 1 &&
        mwi_slots(f->results[0]) == 1 && c->nvals == f->height + 1 &&
        c->vals[c->nvals - 1].type == (uint8_t)f->results[0] &&
        (c->vals[c->nvals - 1].slot != c->vals[c->nvals - 1].nat || f->fixups == 0 ||
         ret_fuses(c, c->vals[c->nvals - 1]))) {
        if (!emit_ret1(c, c->vals[c->nvals - 1])) return false;
        own_ret = set_unreachable(c);
    }
    if (!settle_results(c) || !op_end(c, false)) return false;
    if (f->kind == CK_IF) set_target(c, f->else_fix, c->ncode);
    patch_chain(c, f->fixups, c->ncode);
    mwB_barrier(c);
    c->nctrls--;
    if (c->nctrls > 0) return true;
    /* Function end: the one return point for fallthrough and `br 0`. */
    *done = true;
    uint32_t n = f->nresults;
    if (own_ret && f->fixups == 0) {
        /* nothing branches to the end */
    } else if (n == 0) {
        EMIT_IR(IRLEN_RET0);
        w[0] = IR_RET0;
    } else if (n == 1 && mwi_slots(f->results[0]) == 1) {
        EMIT_IR(IRLEN_RET1);
        w[0] = IR_RET1; w[1] = (mw_unit)c->nlslots;
    } else {
        EMIT_IR(IRLEN_RET);
        w[0] = IR_RET; w[1] = (mw_unit)c->nlslots;
    }
    if (c->r.p != c->r.end)
        return fail(c, MW_ERR_MALFORMED, "section size mismatch: bytes after function end");
    return true;
}

/* ------------------------------------------------------------------ branches */

static bool op_br_if(cstate *c, uint32_t depth)
{
    cctrl *f = NULL;
    cval cnd, a;
    uint32_t arity;
    if (!label_at(c, depth, &f) || !pop_t(c, MW_I32, &cnd)) return false;
    if (!check_label_values(c, f, &arity)) return false;
    /* The values fall through typed as the label says; in dead code the missing ones
     * appear from the polymorphic stack. */
    cctrl *cur = top_ctrl(c);
    const mw_valtype *lt = label_types(f);
    if (c->nvals - cur->height < arity) {
        while (c->nvals > cur->height) (void)pop_any(c, &a);
        for (uint32_t i = 0; i < arity; i++)
            if (!push(c, (uint8_t)lt[i], mwB_next_slot(c))) return false;
    } else {
        for (uint32_t i = 0; i < arity; i++) c->vals[c->nvals - arity + i].type = (uint8_t)lt[i];
    }
    uint32_t pos;
    if (!needs_moves(c, f, arity)) {
        if (!emit_cond_br(c, cnd, false, &pos)) return false;
        link_label(c, f, pos);
    } else {
        /* Copies on the taken path only: the fallthrough still needs the values. */
        if (!emit_cond_br(c, cnd, true, &pos) || !emit_br(c, f)) return false;
        set_target(c, pos, c->ncode);
    }
    mwB_barrier(c);
    return true;
}

static bool op_br_table(cstate *c, const mwO_insn *in)
{
    uint32_t n = in->a;
    mwR_reader lr = c->r;
    lr.p = in->bytes;
    if (n + 1u > c->capscratch &&
        !mwM_grow(c->e, (void **)&c->scratch, &c->capscratch, n + 1, sizeof(uint32_t)))
        return mwC_nomem(c);
    for (uint32_t i = 0; i <= n; i++) {
        uint32_t depth = 0;
        (void)mwR_u32(&lr, &depth);   /* mwO_read checked the labels' encoding */
        if (depth >= c->nctrls) return invalid(c, "unknown label");
        c->scratch[i] = depth;
    }
    cval idx;
    if (!pop_t(c, MW_I32, &idx)) return false;
    /* Every target must accept the values; arities must agree (spec: same arity). */
    cctrl *def = &c->ctrls[c->nctrls - 1 - c->scratch[n]];
    uint32_t arity = label_arity(def);
    for (uint32_t i = 0; i <= n; i++) {
        cctrl *f = &c->ctrls[c->nctrls - 1 - c->scratch[i]];
        uint32_t a;
        if (label_arity(f) != arity) return invalid(c, "type mismatch: br_table arity");
        if (!check_label_values(c, f, &a)) return false;
    }
    /* [BR_TABLE, idx, n (2 units), offset (2 units) x (n + 1)]; the last is the default. */
    if (n > 0x3FFFFFFFu) return fail(c, MW_ERR_LIMIT, "br_table too large");
    uint32_t start = c->ncode;
    mw_unit op = mwU_from_acc(c, idx) ? IR_BR_TABLE_ACC : IR_BR_TABLE;
    mw_unit *w = mwB_reserve(c, IRLEN_BR_TABLE + 2 * (n + 1));
    if (!w) return false;
    w[0] = op;
    w[1] = (mw_unit)idx.slot; mwB_put32(w + 2, n);
#define ENTRY(i) (start + IRLEN_BR_TABLE + 2 * (i))
    /* Direct entries first; entries that need copies (or fuel, for loops) get a stub. */
    for (uint32_t i = 0; i <= n; i++) {
        cctrl *f = &c->ctrls[c->nctrls - 1 - c->scratch[i]];
        if (f->kind != CK_LOOP && !needs_moves(c, f, arity)) link_label(c, f, ENTRY(i));
        else mwB_put32(c->code + ENTRY(i), NO_POS);
    }
    for (uint32_t i = 0; i <= n; i++) {
        if (mwB_get32(c->code + ENTRY(i)) != NO_POS) continue;
        uint32_t stub = c->ncode;
        /* Entries with the same depth share the stub. */
        for (uint32_t j = i; j <= n; j++)
            if (c->scratch[j] == c->scratch[i] && mwB_get32(c->code + ENTRY(j)) == NO_POS)
                set_target(c, ENTRY(j), stub);
        if (!emit_br(c, &c->ctrls[c->nctrls - 1 - c->scratch[i]])) return false;
    }
#undef ENTRY
    return set_unreachable(c);
}

/* ------------------------------------------------------------------ calls */

_Static_assert(IRLEN_CALL_LOCAL == IRLEN_CALL + 4 && IRLEN_CALL_LOCAL_C == IRLEN_CALL_LOCAL + 2 &&
               IRLEN_CALL_LOCAL_CC == IRLEN_CALL_LOCAL + 4 &&
               IRLEN_CALL_INDIRECT_C == IRLEN_CALL_INDIRECT + 2 &&
               IRLEN_CALL_INDIRECT_CC == IRLEN_CALL_INDIRECT + 4 &&
               IRLEN_COPY_COPY == IRLEN_COPY + 2, "a call takes one or two copies' [d s] pairs");

static bool op_call(cstate *c, const mw_functype *ft, uint32_t op, uint32_t a, uint32_t b,
                    bool indirect)
{
    cval v, idx = { 0, 0, 0 };
    if (indirect && !pop_t(c, MW_I32, &idx)) return false;
    /* Arguments must sit in consecutive natural slots: they become the callee's locals. */
    uint32_t have = c->nvals - top_ctrl(c)->height;
    uint32_t k = ft->nparams < have ? ft->nparams : have;
    if (!mwB_materialize_from(c, c->nvals - k)) return false;
    for (uint32_t i = ft->nparams; i-- > 0;)
        if (!pop_t(c, (uint8_t)ft->params[i], &v)) return false;
    uint32_t base = mwB_next_slot(c);
    /* The copies just before (usually the last arguments moved into place) become part
     * of the call: one dispatch fewer per call. Not across a label bound here, which a
     * branch could reach without the copies. */
    uint32_t tc = c->last_copy, ncopy = 0, moves[4];
    if (op != IR_CALL && tc != NO_POS && c->bound != c->ncode &&
        ((c->code[tc] == IR_COPY && tc + IRLEN_COPY == c->ncode) ||
         (c->code[tc] == IR_COPY_COPY && tc + IRLEN_COPY_COPY == c->ncode))) {
        ncopy = c->code[tc] == IR_COPY ? 1 : 2;
        for (uint32_t i = 0; i < 2 * ncopy; i++) moves[i] = c->code[tc + 1 + i];
        c->ncode = tc;
        c->last_copy = NO_POS;
    }
    if (indirect) {
        static const mw_unit ops[3] = { IR_CALL_INDIRECT, IR_CALL_INDIRECT_C, IR_CALL_INDIRECT_CC };
        EMIT_IR(IRLEN_CALL_INDIRECT + 2 * ncopy);
        w[0] = ops[ncopy]; mwB_put32(w + 1, a); mwB_put32(w + 3, b);
        w[5] = (mw_unit)base; w[6] = (mw_unit)idx.slot;
        for (uint32_t i = 0; i < 2 * ncopy; i++) w[7 + i] = (mw_unit)moves[i];
    } else {
        static const mw_unit ops[3] = { IR_CALL_LOCAL, IR_CALL_LOCAL_C, IR_CALL_LOCAL_CC };
        /* call.local's entry (Eeee) is filled in by mwC_link */
        uint32_t at = op == IR_CALL ? IRLEN_CALL : IRLEN_CALL_LOCAL;
        EMIT_IR(at + 2 * ncopy);
        w[0] = (mw_unit)(op == IR_CALL ? op : ops[ncopy]); mwB_put32(w + 1, a);
        w[3] = (mw_unit)base;
        if (op != IR_CALL) mwB_put64(w + IRLEN_CALL, 0);
        for (uint32_t i = 0; i < 2 * ncopy; i++) w[at + i] = (mw_unit)moves[i];
    }
    for (uint32_t i = 0; i < ft->nresults; i++)
        if (!push(c, (uint8_t)ft->results[i], mwB_next_slot(c))) return false;
    /* The callee's frame starts at base: its slots must fit the 16-bit operands too. */
    mwB_barrier(c);
    /* A function of this module returns its one result through ret1 or ret1.acc, which
     * leave it in the accumulator too (a call_indirect or an import may reach a host). */
    if (!indirect && op != IR_CALL && ft->nresults == 1 && mwi_slots(ft->results[0]) == 1) {
        c->call_res = base;
        c->call_end = c->ncode;
    }
    return true;
}

/* ------------------------------------------------------------------ variables */

static bool op_local(cstate *c, const mwO_insn *in)
{
    uint32_t x = in->a;
    if (x >= c->nlocals) return invalid(c, "unknown local");
    uint8_t t = (uint8_t)c->locals[x];
    uint32_t slot = c->local_slot[x];
    if (in->op == OP_LOCAL_GET) return push(c, t, slot);
    cval v;
    if (!pop_t(c, t, &v)) return false;
    bool patch = mwB_fresh(c, v) != IR_NONE && !mwB_local_aliased(c, slot);
    if (patch) {
        c->code[c->p.dst] = (mw_unit)slot;
    } else {
        if (!mwB_materialize_local(c, slot)) return false;
        if (!mwB_emit_copy(c, slot, v.slot, t)) return false;
    }
    if (in->op != OP_LOCAL_TEE) {
        mwB_barrier(c);
        return true;
    }
    /* A producer teed to the local stays pending: a branch on the local right after it
     * can fuse with it (emit_cond_br); its value is an alias now, never mwB_fresh. */
    if (!patch) mwB_barrier(c);
    return push(c, t, patch ? slot : v.slot);
}

static bool op_global(cstate *c, const mwO_insn *in)
{
    uint32_t x = in->a;
    if (x >= c->m->nglobals) return invalid(c, "unknown global");
    const mwi_global *g = &c->m->globals[x];
    bool wide = mwi_slots(g->type) == 2;
    if (in->op == OP_GLOBAL_GET) {
        mw_unit *w;
        if (!mwB_emit_def(c, wide ? IR_GLOBAL_GET2 : IR_GLOBAL_GET, (uint8_t)g->type,
                          IRLEN_GLOBAL_GET, &w)) return false;
        mwB_put32(w + 2, x);
        return true;
    }
    if (!g->mut) return invalid(c, "global is immutable");
    cval v;
    if (!pop_t(c, (uint8_t)g->type, &v)) return false;
    EMIT_IR(IRLEN_GLOBAL_SET);
    w[0] = wide ? IR_GLOBAL_SET2 : IR_GLOBAL_SET; mwB_put32(w + 1, x); w[3] = (mw_unit)v.slot;
    mwB_barrier(c);
    return true;
}

static bool is_ref(uint8_t t) { return t == MW_FUNCREF || t == MW_EXTERNREF; }
static bool is_num(uint8_t t)
{
    return t == MW_I32 || t == MW_I64 || t == MW_F32 || t == MW_F64 || t == MW_V128;
}

static bool op_select(cstate *c, const mwO_insn *in)
{
    uint8_t t = T_ANY;
    cval a, b, cnd;
    mw_unit *w;
    if (in->op == OP_SELECT_T) {
        if (in->a != 1) return invalid(c, "invalid result arity");
        t = (uint8_t)in->b;
    }
    if (!pop_t(c, MW_I32, &cnd)) return false;
    /* A condition computed by the compare just emitted: fuse them (SEL_ form). */
    bool fuse = c->p.cmp && mwB_fresh(c, cnd) != IR_NONE;
    if (!pop_t(c, t, &b) || !pop_t(c, t, &a)) return false;
    if (in->op == OP_SELECT) {
        if (a.type != T_ANY && b.type != T_ANY && a.type != b.type) return invalid(c, "type mismatch");
        t = a.type != T_ANY ? a.type : b.type;
        if (t != T_ANY && !is_num(t)) return invalid(c, "type mismatch: select needs numeric operands");
    }
    if (mwi_slots((mw_valtype)t) == 2) {
        if (!mwB_emit_def(c, IR_SELECT2, t, IRLEN_SELECT2, &w)) return false;
        w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot; w[4] = (mw_unit)cnd.slot;
        return true;
    }
    if (fuse) {
        /* [cmp, d, x, y...] -> [sel-cmp, dst, a, b, x, y...]: two units longer; the
         * group is X, X_RI, BRT.., BRF.., SEL_X, SEL_X_RI (opcodes.h). */
        uint32_t pos = c->p.pos, len = c->ncode - pos;
        mw_unit op = (mw_unit)(c->p.op + 6u), ops[6];
        for (uint32_t i = 2; i < len; i++) ops[i - 2] = c->code[pos + i];
        mwB_drop_producer(c);
        if (!mwB_emit_def(c, op, t, len + 2, &w)) return false;
        w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot;
        for (uint32_t i = 2; i < len; i++) w[i + 2] = ops[i - 2];
        return true;
    }
    if (!mwB_emit_def(c, IR_SELECT, t, IRLEN_SELECT, &w)) return false;
    w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot; w[4] = (mw_unit)cnd.slot;
    return true;
}

/* ------------------------------------------------------------------ tables, memory, bulk */

static bool table_index(cstate *c, uint32_t x)
{
    if (x >= c->m->ntables) return invalid(c, "unknown table");
    return true;
}

/* Data indices in code need the data count section (a binary-format rule), but an
 * index that no data segment could satisfy is reported as invalid, as the spec's
 * reference implementation does. */
static bool check_data_index(cstate *c, uint32_t x)
{
    uint32_t n = c->m->has_datacount ? c->m->datacount : c->m->ndatas;
    if (x >= n) return invalid(c, "unknown data segment");
    if (!c->m->has_datacount) return fail(c, MW_ERR_MALFORMED, "data count section required");
    return true;
}

/* Pop the three i32 operands of a bulk instruction (d, s/value, n). */
static bool pop3(cstate *c, uint8_t t2, cval *d, cval *b, cval *n)
{
    return pop_t(c, MW_I32, n) && pop_t(c, t2, b) && pop_t(c, MW_I32, d);
}

static bool op_table(cstate *c, const mwO_insn *in)
{
    const mw_module *m = c->m;
    uint32_t x = in->a, y = in->b;
    cval a, b, d;
    mw_unit *w;
    switch (in->op) {
    case OP_TABLE_GET:
        if (!table_index(c, x) || !pop_t(c, MW_I32, &a)) return false;
        if (!mwB_emit_def(c, IR_TABLE_GET, (uint8_t)m->tables[x].elem, IRLEN_TABLE_GET, &w)) return false;
        mwB_put32(w + 2, x); w[4] = (mw_unit)a.slot;
        return true;
    case OP_TABLE_SET:
        if (!table_index(c, x)) return false;
        if (!pop_t(c, (uint8_t)m->tables[x].elem, &b) || !pop_t(c, MW_I32, &a)) return false;
        if (!(w = mwB_reserve(c, IRLEN_TABLE_SET))) return false;
        w[0] = IR_TABLE_SET; mwB_put32(w + 1, x); w[3] = (mw_unit)a.slot; w[4] = (mw_unit)b.slot;
        break;
    case OP_TABLE_SIZE:
        if (!table_index(c, x)) return false;
        if (!mwB_emit_def(c, IR_TABLE_SIZE, MW_I32, IRLEN_TABLE_SIZE, &w)) return false;
        mwB_put32(w + 2, x);
        return true;
    case OP_TABLE_GROW:
        if (!table_index(c, x)) return false;
        if (!pop_t(c, MW_I32, &a) || !pop_t(c, (uint8_t)m->tables[x].elem, &b)) return false;
        if (!mwB_emit_def(c, IR_TABLE_GROW, MW_I32, IRLEN_TABLE_GROW, &w)) return false;
        mwB_put32(w + 2, x); w[4] = (mw_unit)b.slot; w[5] = (mw_unit)a.slot;
        return true;
    case OP_TABLE_FILL:
        if (!table_index(c, x) || !pop3(c, (uint8_t)m->tables[x].elem, &d, &b, &a)) return false;
        if (!(w = mwB_reserve(c, IRLEN_TABLE_FILL))) return false;
        w[0] = IR_TABLE_FILL; mwB_put32(w + 1, x);
        w[3] = (mw_unit)d.slot; w[4] = (mw_unit)b.slot; w[5] = (mw_unit)a.slot;
        break;
    case OP_TABLE_INIT:   /* elem x, table y */
        if (!table_index(c, y)) return false;
        if (x >= m->nelems) return invalid(c, "unknown elem segment");
        if (m->elems[x].type != m->tables[y].elem) return invalid(c, "type mismatch");
        if (!pop3(c, MW_I32, &d, &b, &a)) return false;
        if (!(w = mwB_reserve(c, IRLEN_TABLE_INIT))) return false;
        w[0] = IR_TABLE_INIT; mwB_put32(w + 1, y); mwB_put32(w + 3, x);
        w[5] = (mw_unit)d.slot; w[6] = (mw_unit)b.slot; w[7] = (mw_unit)a.slot;
        break;
    case OP_ELEM_DROP:
        if (x >= m->nelems) return invalid(c, "unknown elem segment");
        if (!(w = mwB_reserve(c, IRLEN_ELEM_DROP))) return false;
        w[0] = IR_ELEM_DROP; mwB_put32(w + 1, x);
        break;
    default:   /* OP_TABLE_COPY dst x, src y */
        if (!table_index(c, x) || !table_index(c, y)) return false;
        if (m->tables[x].elem != m->tables[y].elem) return invalid(c, "type mismatch");
        if (!pop3(c, MW_I32, &d, &b, &a)) return false;
        if (!(w = mwB_reserve(c, IRLEN_TABLE_COPY))) return false;
        w[0] = IR_TABLE_COPY; mwB_put32(w + 1, x); mwB_put32(w + 3, y);
        w[5] = (mw_unit)d.slot; w[6] = (mw_unit)b.slot; w[7] = (mw_unit)a.slot;
        break;
    }
    mwB_barrier(c);
    return true;
}

static bool op_memory(cstate *c, const mwO_insn *in)
{
    cval a, b, d;
    mw_unit *w;
    if (in->op != OP_DATA_DROP && !mwU_need_memory(c)) return false;
    switch (in->op) {
    case OP_MEMORY_SIZE:
        return mwB_emit_def(c, IR_MEMORY_SIZE, MW_I32, IRLEN_MEMORY_SIZE, &w);
    case OP_MEMORY_GROW:
        if (!pop_t(c, MW_I32, &a)) return false;
        if (!mwB_emit_def(c, IR_MEMORY_GROW, MW_I32, IRLEN_MEMORY_GROW, &w)) return false;
        w[2] = (mw_unit)a.slot;
        return true;
    case OP_MEMORY_INIT:
        if (!check_data_index(c, in->a) || !pop3(c, MW_I32, &d, &b, &a)) return false;
        if (!(w = mwB_reserve(c, IRLEN_MEMORY_INIT))) return false;
        w[0] = IR_MEMORY_INIT; mwB_put32(w + 1, in->a);
        w[3] = (mw_unit)d.slot; w[4] = (mw_unit)b.slot; w[5] = (mw_unit)a.slot;
        break;
    case OP_DATA_DROP:
        if (!check_data_index(c, in->a)) return false;
        if (!(w = mwB_reserve(c, IRLEN_DATA_DROP))) return false;
        w[0] = IR_DATA_DROP; mwB_put32(w + 1, in->a);
        break;
    default:   /* OP_MEMORY_COPY, OP_MEMORY_FILL */
        if (!pop3(c, MW_I32, &d, &b, &a)) return false;
        if (!(w = mwB_reserve(c, IRLEN_MEMORY_COPY))) return false;
        w[0] = in->op == OP_MEMORY_COPY ? IR_MEMORY_COPY : IR_MEMORY_FILL;
        w[1] = (mw_unit)d.slot; w[2] = (mw_unit)b.slot; w[3] = (mw_unit)a.slot;
        break;
    }
    mwB_barrier(c);
    return true;
}

/* ------------------------------------------------------------------ the loop */

static bool op_ref(cstate *c, const mwO_insn *in)
{
    cval a;
    mw_unit *w;
    switch (in->op) {
    case OP_REF_NULL:
        return mwB_emit_const(c, (uint8_t)in->a, 0);
    case OP_REF_IS_NULL:
        if (!pop_any(c, &a)) return false;
        if (a.type != T_ANY && !is_ref(a.type)) return invalid(c, "type mismatch: ref.is_null needs a reference");
        if (!mwB_emit_def(c, IR_REF_IS_NULL, MW_I32, IRLEN_REF_IS_NULL, &w)) return false;
        w[2] = (mw_unit)a.slot;
        return true;
    default: /* OP_REF_FUNC */
        if (in->a >= c->m->nfuncs) return invalid(c, "unknown function");
        if (!c->m->func_refd || !c->m->func_refd[in->a]) return invalid(c, "undeclared function reference");
        if (!mwB_emit_def(c, IR_REF_FUNC, MW_FUNCREF, IRLEN_REF_FUNC, &w)) return false;
        mwB_put32(w + 2, in->a);
        return true;
    }
}

static bool op_control(cstate *c, const mwO_insn *in, bool *done)
{
    mw_module *m = c->m;
    cctrl *f = NULL;
    cval a;
    switch (in->op) {
    case OP_UNREACHABLE: {
        EMIT_IR(IRLEN_TRAP);
        w[0] = IR_TRAP; w[1] = MW_TRAP_UNREACHABLE;
        return set_unreachable(c);
    }
    case OP_NOP: return true;
    case OP_BLOCK: case OP_LOOP: case OP_IF: return op_block(c, in);
    case OP_ELSE: return op_else(c);
    case OP_END: return op_block_end(c, done);
    case OP_BR: return label_at(c, in->a, &f) && emit_br(c, f) && set_unreachable(c);
    case OP_BR_IF: return op_br_if(c, in->a);
    case OP_BR_TABLE: return op_br_table(c, in);
    case OP_RETURN: return emit_return(c) && set_unreachable(c);
    case OP_CALL:
        if (in->a >= m->nfuncs) return invalid(c, "unknown function");
        return op_call(c, &m->types[m->funcs[in->a].type],
                       in->a >= m->nfunc_imports ? IR_CALL_LOCAL : IR_CALL, in->a, 0, false);
    case OP_CALL_INDIRECT:
        if (in->b >= m->ntables) return invalid(c, "unknown table");
        if (in->a >= m->ntypes) return invalid(c, "unknown type");
        if (m->tables[in->b].elem != MW_FUNCREF)
            return invalid(c, "type mismatch: call_indirect table is not funcref");
        return op_call(c, &m->types[in->a], IR_CALL_INDIRECT, in->a, in->b, true);
    case OP_DROP:
        if (!pop_any(c, &a)) return false;
        mwB_barrier(c);
        return true;
    default:
        return op_select(c, in);
    }
}

static bool translate_one(cstate *c, const mwO_insn *in, bool *done)
{
    switch (mwO_tab[in->op].kind) {
    case MWO_K_CTRL: case MWO_K_PARAM: return op_control(c, in, done);
    case MWO_K_VAR:
        return in->op <= OP_LOCAL_TEE ? op_local(c, in) : op_global(c, in);
    case MWO_K_TBL: return op_table(c, in);
    case MWO_K_MEMX: return op_memory(c, in);
    case MWO_K_CST: return mwB_emit_const(c, mwO_tab[in->op].tr, in->v);
    case MWO_K_REF: return op_ref(c, in);
    case MWO_K_BULK:
        if (in->op == OP_MEMORY_INIT || in->op == OP_DATA_DROP || in->op == OP_MEMORY_COPY ||
            in->op == OP_MEMORY_FILL)
            return op_memory(c, in);
        return op_table(c, in);
    case MWO_K_UN: case MWO_K_UNT: case MWO_K_BIN: case MWO_K_CMP: case MWO_K_BINT:
    case MWO_K_RE: case MWO_K_LD: case MWO_K_ST:
        return mwU_numeric(c, in);
    default:
        return mwQ_simd(c, in);
    }
}
_Static_assert(OP_LOCAL_GET + 1 == OP_LOCAL_SET && OP_LOCAL_SET + 1 == OP_LOCAL_TEE &&
               OP_LOCAL_TEE + 1 == OP_GLOBAL_GET, "variable instruction order");

static bool decl_locals(cstate *c, const mw_functype *ft)
{
    /* First pass: count (overflow of u32 is malformed; beyond our limit is a limit). */
    mwR_reader save = c->r;
    uint32_t ngroups;
    if (!mwR_u32(&c->r, &ngroups)) return false;
    uint64_t total = ft->nparams;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t n; mw_valtype t;
        if (!mwR_u32(&c->r, &n)) return false;
        total += n;
        if (total > 0xFFFFFFFFu) return fail(c, MW_ERR_MALFORMED, "too many locals");
        c->op_off = mwR_offset(&c->r);
        if (!mwO_valtype(&c->r, &t)) return false;
    }
    if (total > MW_MAX_LOCALS)
        return fail(c, MW_ERR_LIMIT, "too many locals for this implementation");
    c->nlocals = (uint32_t)total;
    c->nparams = ft->nparams;
    if (total) {
        c->locals = mwM_alloc(c->e, (size_t)total * sizeof(mw_valtype));
        c->local_slot = mwM_alloc(c->e, (size_t)total * sizeof(uint32_t));
        if (!c->locals || !c->local_slot) return mwC_nomem(c);
    }
    for (uint32_t i = 0; i < ft->nparams; i++) c->locals[i] = ft->params[i];
    c->r = save;
    (void)mwR_u32(&c->r, &ngroups);
    uint32_t k = ft->nparams;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t n = 0; mw_valtype t = MW_I32;
        (void)mwR_u32(&c->r, &n); (void)mwO_valtype(&c->r, &t);
        for (uint32_t j = 0; j < n; j++) c->locals[k++] = t;
    }
    uint64_t slot = 0;
    for (uint32_t i = 0; i < c->nlocals; i++) {
        if (i == c->nparams) c->npslots = (uint32_t)slot;
        c->local_slot[i] = (uint32_t)slot;
        slot += mwi_slots(c->locals[i]);
    }
    if (c->nlocals == c->nparams) c->npslots = (uint32_t)slot;
    if (slot + 2 > MW_MAX_SLOTS)
        return fail(c, MW_ERR_LIMIT, "function needs more than 65535 value slots");
    c->nlslots = c->max_slot = (uint32_t)slot;
    return true;
}

static bool record_offset(cstate *c)
{
    if (c->nmap + 2 > c->capmap &&
        !mwM_grow(c->e, (void **)&c->map, &c->capmap, c->nmap + 2, sizeof(uint32_t)))
        return mwC_nomem(c);
    c->map[c->nmap++] = c->ncode;
    c->map[c->nmap++] = (uint32_t)c->op_off;
    return true;
}

static bool translate(cstate *c)
{
    mw_module *m = c->m;
    const mw_functype *ft = &m->types[m->funcs[c->fidx].type];
    if (!decl_locals(c, ft)) return false;

    cctrl proto;
    memset(&proto, 0, sizeof proto);
    proto.nresults = ft->nresults;
    proto.results = ft->results;
    c->nvals = 0;
    if (!push_ctrl(c, CK_FUNC, &proto)) return false;
    c->ctrls[0].height = 0;
    if (c->nlslots > c->npslots) {
        /* Declared locals start at zero: an instruction, so that a call of a function
         * without any pays nothing for them. */
        uint32_t n = c->nlslots - c->npslots;
        if (n <= MWI_CALLER_ZERO) c->zskip = n <= 2 ? IRLEN_ZERO1 : IRLEN_ZERO;
        if (n <= 2) {
            _Static_assert(IRLEN_ZERO1 == IRLEN_ZERO2, "one emitter for both");
            EMIT_IR(IRLEN_ZERO1);
            w[0] = n == 1 ? IR_ZERO1 : IR_ZERO2; w[1] = (mw_unit)c->npslots;
        } else {
            EMIT_IR(IRLEN_ZERO);
            w[0] = IR_ZERO; w[1] = (mw_unit)c->npslots; w[2] = (mw_unit)n;
        }
        mwB_barrier(c);
    }

    bool done = false;
    while (!done) {
        c->op_off = mwR_offset(&c->r);
        if (c->r.p >= c->r.end)
            return fail(c, MW_ERR_MALFORMED, "unexpected end of section or function (END opcode expected)");
        mwO_insn in;
        if (!mwO_read(&c->r, &in)) return false;
        if (c->want_map && !record_offset(c)) return false;
        if (!translate_one(c, &in, &done)) return false;
    }
    return true;
}

/* ------------------------------------------------------------------ entry points */

/* Decode body fidx without validating it: true when it is well-formed. The spec
 * decodes the whole module before validating, so malformed bytes later in a body
 * outrank a validation error the single-pass translator found earlier in it. (Across
 * bodies, decode.c keeps compiling after an invalid one and lets a malformed one win.) */
static bool scan_body(mw_module *m, uint32_t fidx, mw_error *err)
{
    mwi_func *fn = &m->funcs[fidx];
    mwR_reader r;
    mwR_init(&r, m->bytes, fn->body_off, (size_t)fn->body_off + fn->body_len, err);
    uint32_t n, x, depth = 1;
    uint64_t total = 0;
    mw_valtype t;
    if (!mwR_u32(&r, &n)) return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!mwR_u32(&r, &x) || !mwO_valtype(&r, &t)) return false;
        if ((total += x) > 0xFFFFFFFFu) return mwR_fail(&r, "too many locals");
    }
    while (depth) {
        mwO_insn in;
        if (!mwO_read_any(&r, &in)) return false;
        if (in.op == OP_BLOCK || in.op == OP_LOOP || in.op == OP_IF) depth++;
        else if (in.op == OP_END) depth--;
    }
    if (r.p != r.end) return mwR_fail(&r, "section size mismatch: bytes after function end");
    return true;
}

static void free_state(cstate *c)
{
    mwM_free(c->e, c->code, (size_t)c->capcode * sizeof(mw_unit));
    mwM_free(c->e, c->vals, (size_t)c->capvals * sizeof(cval));
    mwM_free(c->e, c->ctrls, (size_t)c->capctrls * sizeof(cctrl));
    mwM_free(c->e, c->scratch, (size_t)c->capscratch * sizeof(uint32_t));
    mwM_free(c->e, c->map, (size_t)c->capmap * sizeof(uint32_t));
    mwM_free(c->e, c->locals, (size_t)c->nlocals * sizeof(mw_valtype));
    mwM_free(c->e, c->local_slot, (size_t)c->nlocals * sizeof(uint32_t));
}

static void init_state(cstate *c, mw_module *m, uint32_t fidx, mw_error *err)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->fidx = fidx;
    c->e = m->engine;
    c->err = err;
    mwi_func *fn = &m->funcs[fidx];
    mwR_init(&c->r, m->bytes, fn->body_off, (size_t)fn->body_off + fn->body_len, err);
    c->op_off = fn->body_off;
    mwB_barrier(c);
    c->prev.pos = c->prev2.pos = NO_POS;
    c->last_copy = NO_POS;
    c->call_end = NO_POS;
    c->bound = NO_POS;
}

static mw_result compile_one(mw_module *m, uint32_t fidx, mw_error *err)
{
    cstate cs, *c = &cs;
    init_state(c, m, fidx, err);
    mwi_func *fn = &m->funcs[fidx];
    bool ok = translate(c);
    if (ok) {
        mwJ_join(c);
        fn->code.ops = c->code;
        fn->code.nops = c->ncode;
        fn->code.nparams = c->npslots;
        fn->code.nlocals = c->nlslots;
        fn->code.nslots = c->max_slot + 1;
        fn->code.zskip = c->zskip;
        fn->code.nresults = mwW_types_slots(m->types[fn->type].results, m->types[fn->type].nresults);
        c->code = NULL;
    }
    uint32_t capcode = c->capcode;
    free_state(c);
    if (ok) {
        /* Keep exactly nops words: module.c frees the code with that size. */
        mw_unit *exact = mwM_realloc(c->e, fn->code.ops, (size_t)capcode * sizeof(mw_unit),
                                      (size_t)fn->code.nops * sizeof(mw_unit));
        if (!exact) {
            mwM_free(c->e, fn->code.ops, (size_t)capcode * sizeof(mw_unit));
            fn->code.ops = NULL;
            return mwE_set(err, MW_ERR_NOMEM, c->op_off, "out of memory translating a function");
        }
        fn->code.ops = exact;
        return MW_OK;
    }
    return err && err->code != MW_OK ? err->code : MW_ERR_INVALID;
}

/* Every call.local enters its callee at a code address, so that the call's new pc is one
 * load from the instruction instead of three (instance, function, code): it is on the
 * critical path of every call. The callee's code is the module's (an instance adds
 * nothing to it), so it can be set once all of them are translated; a pair's second
 * keeps its own opcode, and a call is never a first form. */
void mwC_link(mw_module *m)
{
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        mw_code *code = &m->funcs[i].code;
        for (uint32_t pos = 0; pos < code->nops; pos += mwO_irlen(code->ops + pos)) {
            mw_unit *w = code->ops + pos;
            if (w[0] != IR_CALL_LOCAL && w[0] != IR_CALL_LOCAL_C && w[0] != IR_CALL_LOCAL_CC)
                continue;
            const mw_code *callee = &m->funcs[mwB_get32(w + 1)].code;
            mwB_put64(w + IRLEN_CALL, (uint64_t)(uintptr_t)(callee->ops + callee->zskip));
        }
    }
}

mw_result mwC_compile(mw_module *m, uint32_t fidx, mw_error *err)
{
    mw_result r = compile_one(m, fidx, err);
    if (r != MW_ERR_INVALID && r != MW_ERR_LIMIT) return r;
    mw_error e2;
    mwE_clear(&e2);
    if (!scan_body(m, fidx, &e2) && (e2.code == MW_ERR_MALFORMED || e2.code == MW_ERR_UNSUPPORTED)) {
        if (err) *err = e2;
        return e2.code;
    }
    return r;
}

mw_result mwC_offsets(mw_module *m, uint32_t fidx, uint32_t **map, uint32_t *npairs)
{
    cstate cs, *c = &cs;
    mw_error err;
    mwE_clear(&err);
    init_state(c, m, fidx, &err);
    c->want_map = true;
    bool ok = translate(c);
    *map = NULL;
    *npairs = 0;
    if (ok) {
        uint32_t *out = mwM_alloc(c->e, ((size_t)c->nmap + 1) * sizeof(uint32_t));
        if (out) {
            memcpy(out, c->map, (size_t)c->nmap * sizeof(uint32_t));
            *map = out;
            *npairs = c->nmap / 2;
        } else {
            ok = false;
        }
    }
    free_state(c);
    return ok ? MW_OK : (err.code != MW_OK ? err.code : MW_ERR_NOMEM);
}
