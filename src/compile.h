/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * compile.h — the translator's state, shared by its files (see doc/dispatch.md):
 *   compile.c   mwC_  the driver: locals, the instruction loop, control, calls,
 *                     variables, tables, memory and bulk instructions
 *   emit.c      mwB_  the code buffer, the operand stack and its slots, the pending
 *                     producer that fusions rewrite
 *   ops_num.c   mwU_  numeric, load and store instructions and their fusions
 *   ops_simd.c  mwQ_  the SIMD instructions
 * Not installed; only these files include it.
 */
#ifndef MW_COMPILE_H
#define MW_COMPILE_H

#include "instr.h"

#define T_ANY 0   /* the unknown type of values popped from a polymorphic stack */
#define NO_POS UINT32_MAX
#define IR_NONE IR_COUNT_   /* "no instruction" where a translated opcode is expected */

/* One operand-stack entry: its type, the slot holding its value (its natural slot, or a
 * local's slot when it is an alias of local.get), and its natural slot. Natural slots
 * are consecutive: an entry's is the one below's plus that one's size (mwi_slots). */
typedef struct cval { uint8_t type; uint32_t slot, nat; } cval;

enum { CK_FUNC, CK_BLOCK, CK_LOOP, CK_IF, CK_ELSE };

typedef struct cctrl {
    uint8_t kind;
    bool unreachable;
    uint32_t height;               /* operand height below the block's parameters */
    uint32_t slot0;                /* the natural slot at that height: label values go there */
    uint32_t nparams, nresults;
    const mw_valtype *params, *results;
    uint32_t target;               /* loop: position of its first instruction */
    uint32_t fixups;               /* chain of forward branch offsets to patch at end */
    uint32_t else_fix;             /* if: the BR_IFZ offset to patch at else/end */
} cctrl;

/*
 * The pending producer: the last instruction emitted, as long as nothing has been
 * emitted after it and no label bound since, that wrote one result to a fresh slot. A
 * fusion asks whether an operand is that result (mwB_fresh) and may then rewrite or
 * drop the producer (its destination, its opcode, or the whole of it).
 */
typedef struct producer {
    uint32_t pos;                  /* its opcode unit, NO_POS when there is none */
    mw_unit op;                    /* its opcode without the accumulator (an .acc form
                                    * computes what its plain form does: fusions see that) */
    uint32_t end;                  /* ncode right after it */
    uint32_t dst;                  /* position of its destination operand */
    uint32_t eqz_cmp;              /* an i32.eqz of a compare: the compare's position */
    bool cmp;                      /* a compare (X or X_RI form of a CMP row) */
    mw_unit eqz_op;                /* ... and the compare's (or bit test's) p.op */
    bool acc;                      /* its handler leaves the result in the accumulator
                                    * too (interp.c SET_*): the next one may read it there */
    bool f64;                      /* its result is an f64: SET_F64 also leaves the double
                                    * in the f64 accumulator, the one ACC_F64 reads */
    mw_unit ret;                   /* its .ret form (a BIN row's), for a return of its
                                    * result right after it (compile.c emit_ret1); or IR_NONE */
} producer;

typedef struct cstate {
    mw_module *m;
    uint32_t fidx;
    mw_engine *e;
    mw_error *err;
    mwR_reader r;
    size_t op_off;                 /* byte offset of the instruction being translated */
    mw_unit *code; uint32_t ncode, capcode;
    cval *vals; uint32_t nvals, capvals;
    cctrl *ctrls; uint32_t nctrls, capctrls;
    uint32_t *scratch; uint32_t capscratch;
    mw_valtype *locals; uint32_t nlocals, nparams;
    uint32_t *local_slot;          /* each local's first slot */
    uint32_t nlslots, npslots;     /* slots of all locals, of the parameters */
    uint32_t max_slot;             /* high-water mark of the operand slots */
    uint32_t nalias;               /* entries whose slot is a local's */
    producer p;
    producer prev;                 /* the producer emitted right before p, ending where p
                                    * starts: pending again when p is dropped (a fusion across
                                    * a constant folded as an immediate, an address or a load
                                    * folded into its user) */
    producer prev2;                /* ... and the one before prev, ending where prev starts:
                                    * pending again when both are dropped (a shift and its
                                    * constant fused into a shr_u_and whose operand the
                                    * instruction before them left in the accumulator) */
    uint32_t last_copy;            /* position of the last single-slot COPY or COPY_COPY
                                    * emitted, or NO_POS: a copy right after a COPY joins
                                    * it (COPY_COPY), a call right after either takes it
                                    * in (op_call) */
    uint32_t call_res, call_end;   /* a call.local's one result (its slot) is in the
                                    * accumulator while ncode == call_end (ret1 leaves it) */
    uint32_t zskip;                /* mw_code.zskip */
    uint32_t bound;                /* ncode when a label was last bound there: nothing
                                    * may join across it */
    uint32_t *map; uint32_t nmap, capmap;   /* (code position, wasm offset) pairs, or NULL */
    bool want_map;
} cstate;

/* Errors: record one (the first wins) and return false. */
MW_HIDDEN bool mwC_fail(cstate *c, mw_result code, const char *msg);
MW_HIDDEN bool mwC_invalid(cstate *c, const char *msg);
MW_HIDDEN bool mwC_nomem(cstate *c);

/* ---- emit.c: code buffer (the common paths inline: they run for every instruction) */
MW_HIDDEN mw_unit *mwB_reserve_slow(cstate *c, uint32_t n);
static inline mw_unit *mwB_reserve(cstate *c, uint32_t n)
{
    if (MW_UNLIKELY(c->ncode + n > c->capcode)) return mwB_reserve_slow(c, n);
    mw_unit *p = c->code + c->ncode;
    c->ncode += n;
    return p;
}
static inline void mwB_put32(mw_unit *p, uint32_t v) { p[0] = (mw_unit)v; p[1] = (mw_unit)(v >> 16); }
static inline uint32_t mwB_get32(const mw_unit *p) { return p[0] | (uint32_t)p[1] << 16; }
static inline void mwB_put64(mw_unit *p, uint64_t v) { mwB_put32(p, (uint32_t)v); mwB_put32(p + 2, (uint32_t)(v >> 32)); }
static inline uint64_t mwB_get64(const mw_unit *p) { return mwB_get32(p) | (uint64_t)mwB_get32(p + 2) << 32; }
/* Reserve an instruction of a form (opcodes.h) and name it w; return false on failure. */
#define EMIT_FORM(form) mw_unit *w = mwB_reserve(c, MW_LEN(form)); if (!w) return false
#define EMIT_IR(n) mw_unit *w = mwB_reserve(c, (n)); if (!w) return false

/* ---- emit.c: the pending producer */
/* Nothing emitted so far may be rewritten (a label is bound, or a fusion is done). */
static inline void mwB_barrier(cstate *c) { c->p.pos = NO_POS; }
/* [op dst ...] was just emitted at pos. */
static inline void mwB_produced(cstate *c, uint32_t pos)
{
    c->prev2 = c->prev;
    c->prev = c->p;
    if (c->p.pos == NO_POS || c->p.end != pos) c->prev.pos = NO_POS;
    if (c->prev.pos == NO_POS || c->prev2.end != c->prev.pos) c->prev2.pos = NO_POS;
    c->p.pos = pos;
    c->p.op = c->code[pos];
    c->p.dst = pos + 1;
    c->p.end = c->ncode;
    c->p.cmp = false;
    c->p.acc = false;
    c->p.f64 = false;
    c->p.ret = IR_NONE;
    c->p.eqz_cmp = NO_POS;
}
/* A label is bound at the current position (a branch may land here). */
static inline void mwB_bind(cstate *c) { c->bound = c->ncode; }
/* Is v the pending producer's result? Its opcode (p.op), or IR_NONE. */
static inline mw_unit mwB_fresh(const cstate *c, cval v)
{
    if (c->p.pos == NO_POS || c->p.end != c->ncode || v.slot != v.nat ||
        c->code[c->p.dst] != v.slot)
        return IR_NONE;
    return c->p.op;
}
MW_HIDDEN uint32_t mwB_drop_producer(cstate *c);            /* remove it (prev becomes p);
                                                             * its position */

/* ---- emit.c: operand stack and slots */
static inline cctrl *mwB_top_ctrl(cstate *c) { return &c->ctrls[c->nctrls - 1]; }

/* The natural slot of the next value pushed. */
static inline uint32_t mwB_next_slot(const cstate *c)
{
    if (c->nvals == 0) return c->nlslots;
    const cval *t = &c->vals[c->nvals - 1];
    return t->nat + mwi_slots((mw_valtype)t->type);
}

MW_HIDDEN bool mwB_push_slow(cstate *c, uint8_t type, uint32_t slot);
/* Push a value of type held in slot (its natural slot, or a local's for an alias). */
static inline bool mwB_push(cstate *c, uint8_t type, uint32_t slot)
{
    uint32_t nat = mwB_next_slot(c), top = nat + mwi_slots((mw_valtype)type);
    if (MW_UNLIKELY(c->nvals == c->capvals || top + 1 > MW_MAX_SLOTS))
        return mwB_push_slow(c, type, slot);
    cval *v = &c->vals[c->nvals++];
    v->type = type;
    v->slot = slot;
    v->nat = nat;
    if (slot < c->nlslots) c->nalias++;
    if (top > c->max_slot) c->max_slot = top;
    return true;
}
MW_HIDDEN bool mwB_push_new(cstate *c, uint8_t type, uint32_t *slot);

MW_HIDDEN bool mwB_pop_any(cstate *c, cval *out);
MW_HIDDEN bool mwB_pop_t(cstate *c, uint8_t want, cval *out);
MW_HIDDEN bool mwB_emit_copy(cstate *c, uint32_t dst, uint32_t src, uint8_t type);
MW_HIDDEN bool mwB_materialize_from(cstate *c, uint32_t from);
MW_HIDDEN bool mwB_materialize_local(cstate *c, uint32_t slot);
MW_HIDDEN bool mwB_local_aliased(const cstate *c, uint32_t slot);
MW_HIDDEN bool mwB_emit_def(cstate *c, uint32_t op, uint8_t type, uint32_t nw, mw_unit **words);
MW_HIDDEN bool mwB_emit_const(cstate *c, uint8_t type, uint64_t bits);
MW_HIDDEN bool mwB_drop_n(cstate *c, uint32_t height);     /* pop down to height */

/* ---- pair.c: join the translated code's frequent pairs (opcodes.h MW_PAIRS) and pick
 * the replicas of the forms that have them (MW_REPLICAS) */
MW_HIDDEN void mwJ_join(cstate *c);

/* ---- ops_num.c, ops_simd.c: translators of the generated kinds */
MW_HIDDEN bool mwU_numeric(cstate *c, const mwO_insn *in);
MW_HIDDEN bool mwU_need_memory(cstate *c);   /* memory 0 exists */
MW_HIDDEN bool mwU_read_memarg(cstate *c, const mwO_insn *in, uint32_t size);
/* v is the result the instruction just emitted also left in the accumulator. */
MW_HIDDEN bool mwU_from_acc(const cstate *c, cval v);
MW_HIDDEN bool mwQ_simd(cstate *c, const mwO_insn *in);

#endif
