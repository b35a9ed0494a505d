/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * emit.c — the translator's code buffer, operand stack and pending producer
 * (compile.h).
 *
 * Every wasm operand-stack entry has a fixed natural slot known at validation time, so
 * instructions name their operand and result slots directly and the interpreter never
 * pushes or pops. local.get pushes an alias (the local's own slot) instead of a copy;
 * an alias is materialised (copied to its natural slot) only when the local is
 * overwritten while the alias is live, or at a block boundary.
 */
#include "compile.h"

/* ------------------------------------------------------------------ code buffer */

mw_unit *mwB_reserve_slow(cstate *c, uint32_t n)
{
    if (!mwM_grow(c->e, (void **)&c->code, &c->capcode, c->ncode + n, sizeof(mw_unit))) {
        mwC_nomem(c);
        return NULL;
    }
    mw_unit *p = c->code + c->ncode;
    c->ncode += n;
    return p;
}

/* ------------------------------------------------------------------ pending producer */

uint32_t mwB_drop_producer(cstate *c)
{
    uint32_t pos = c->p.pos;
    c->ncode = pos;
    if (c->prev.pos != NO_POS && c->prev.end == pos) {
        c->p = c->prev;
        c->prev = c->prev2;
        if (c->prev.end != c->p.pos) c->prev.pos = NO_POS;
    } else {
        mwB_barrier(c);
        c->prev.pos = NO_POS;
    }
    c->prev2.pos = NO_POS;
    return pos;
}

/* ------------------------------------------------------------------ operand stack */

bool mwB_push_slow(cstate *c, uint8_t type, uint32_t slot)
{
    uint32_t top = mwB_next_slot(c) + mwi_slots((mw_valtype)type);
    /* Slots are 16-bit operands (nslots also counts one spare). */
    if (top + 1 > MW_MAX_SLOTS)
        return mwC_fail(c, MW_ERR_LIMIT, "function needs more than 65535 value slots");
    if (!mwM_grow(c->e, (void **)&c->vals, &c->capvals, c->nvals + 1, sizeof(cval)))
        return mwC_nomem(c);
    return mwB_push(c, type, slot);
}

bool mwB_push_new(cstate *c, uint8_t type, uint32_t *slot)
{
    *slot = mwB_next_slot(c);
    return mwB_push(c, type, *slot);
}

bool mwB_pop_any(cstate *c, cval *out)
{
    if (MW_UNLIKELY(c->nvals == mwB_top_ctrl(c)->height)) {
        if (!mwB_top_ctrl(c)->unreachable) return mwC_invalid(c, "type mismatch: operand stack is empty");
        out->type = T_ANY;
        out->slot = out->nat = mwB_next_slot(c);
        return true;
    }
    *out = c->vals[--c->nvals];
    if (out->slot < c->nlslots) c->nalias--;
    return true;
}

bool mwB_pop_t(cstate *c, uint8_t want, cval *out)
{
    if (!mwB_pop_any(c, out)) return false;
    if (out->type != want && out->type != T_ANY && want != T_ANY)
        return mwC_invalid(c, "type mismatch");
    return true;
}

bool mwB_drop_n(cstate *c, uint32_t height)
{
    for (uint32_t i = height; i < c->nvals; i++)
        if (c->vals[i].slot < c->nlslots) c->nalias--;
    c->nvals = height;
    return true;
}

bool mwB_emit_copy(cstate *c, uint32_t dst, uint32_t src, uint8_t type)
{
    if (dst == src) return true;
    bool one = mwi_slots((mw_valtype)type) == 1;
    uint32_t prev = c->last_copy;
    if (one && prev != NO_POS && prev + IRLEN_COPY == c->ncode && c->bound != c->ncode &&
        c->code[prev] == IR_COPY) {
        /* Runs of copies (a rotation of locals, moves to a label's slots): two per
         * dispatch. No label lies between them, so nothing jumps to the second. */
        _Static_assert(IRLEN_COPY_COPY == 2 * IRLEN_COPY - 1, "[op d s] + [d s]");
        EMIT_IR(IRLEN_COPY_COPY - IRLEN_COPY);
        c->code[prev] = IR_COPY_COPY;
        w[0] = (mw_unit)dst;
        w[1] = (mw_unit)src;
        return true;   /* last_copy: the COPY_COPY now, which no copy joins */
    }
    EMIT_IR(IRLEN_COPY);
    w[0] = one ? IR_COPY : IR_COPY2;
    w[1] = (mw_unit)dst;
    w[2] = (mw_unit)src;
    c->last_copy = one ? c->ncode - IRLEN_COPY : NO_POS;
    return true;
}

/* Copy entry i to its natural slot if it is an alias. */
static bool materialize(cstate *c, uint32_t i)
{
    cval *v = &c->vals[i];
    if (v->slot == v->nat) return true;
    if (!mwB_emit_copy(c, v->nat, v->slot, v->type)) return false;
    v = &c->vals[i];
    if (v->slot < c->nlslots) c->nalias--;
    v->slot = v->nat;
    mwB_barrier(c);
    return true;
}

bool mwB_materialize_from(cstate *c, uint32_t from)
{
    for (uint32_t i = from; i < c->nvals && c->nalias; i++)
        if (!materialize(c, i)) return false;
    return true;
}

/* Before the local at slot x is written: no live alias may still read it. */
bool mwB_materialize_local(cstate *c, uint32_t x)
{
    if (!c->nalias) return true;
    for (uint32_t i = 0; i < c->nvals; i++)
        if (c->vals[i].slot == x && !materialize(c, i)) return false;
    return true;
}

bool mwB_local_aliased(const cstate *c, uint32_t x)
{
    if (!c->nalias) return false;
    for (uint32_t i = 0; i < c->nvals; i++)
        if (c->vals[i].slot == x) return true;
    return false;
}

/* ------------------------------------------------------------------ producers */

/* Emit an nw-unit instruction producing one value in a fresh natural slot: [op, dst, ...]. */
bool mwB_emit_def(cstate *c, uint32_t op, uint8_t type, uint32_t nw, mw_unit **words)
{
    uint32_t dst;
    mw_unit *w = mwB_reserve(c, nw);
    if (!w || !mwB_push_new(c, type, &dst)) return false;
    w = c->code + c->ncode - nw;
    w[0] = (mw_unit)op; w[1] = (mw_unit)dst;
    mwB_produced(c, c->ncode - nw);
    c->p.f64 = type == MW_F64;
    *words = w;
    return true;
}

bool mwB_emit_const(cstate *c, uint8_t type, uint64_t bits)
{
    mw_unit *w;
    bool small = type == MW_I32 || type == MW_F32 || bits <= 0xFFFFFFFFu;
    if (!mwB_emit_def(c, small ? IR_CONST32 : IR_CONST64, type,
                      small ? IRLEN_CONST32 : IRLEN_CONST64, &w))
        return false;
    if (small) mwB_put32(w + 2, (uint32_t)bits);
    else mwB_put64(w + 2, bits);
    return true;
}
