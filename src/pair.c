/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * pair.c — the last steps of translating a function: join its frequent instruction
 * pairs (opcodes.h MW_PAIRS, MW_CHAINS). Where form a is followed by form b, a's opcode
 * becomes P_a_b, whose handler does a and goes straight on to b's handler: one dispatch
 * for both. b stays whole in place, so the code keeps its length, branch offsets and
 * wasm offset map; a branch that lands on b, a suspension in b and a trap in b all find
 * b itself there.
 * Each run of consecutive first forms is read right to left, so b is joined (to what
 * follows it) before a is looked at: a then takes b's joined form as its second where
 * a chain names it (three or more forms in one dispatch), else b's own form (a's
 * handler goes to b's plain handler, which runs b alone and dispatches on).
 * A form that has replicas (opcodes.h MW_REPLICAS) and is not joined takes one by its
 * successor's final opcode, the handler its jump goes to; such forms are read in the
 * same runs, right to left, so that the successor is final when it is read.
 */
#include "compile.h"

/* The forms that may begin a pair: most do not, and a table says so in one load. */
#define MW_P_FIRST(x) [IR_##x] = 1,
static const uint8_t first[IR_COUNT_] = { MW_PAIR_FIRSTS(MW_P_FIRST) };
#undef MW_P_FIRST

/* The pair or chain of a then b, or IR_NONE: one switch on both (a binary search, not
 * a test per table entry: translation looks up every first form). */
#define MW_P_KEY(a, b) ((uint32_t)(a) << 16 | (uint32_t)(b))
_Static_assert(IR_COUNT_ <= 0x10000, "MW_P_KEY packs two opcodes");
static mw_unit pair_of(mw_unit a, mw_unit b)
{
    switch (MW_P_KEY(a, b)) {
#define MW_P_ONE(x, y) case MW_P_KEY(IR_##x, IR_##y): return IR_P_##x##_##y;
    MW_PAIRS(MW_P_ONE)
    MW_CHAINS(MW_P_ONE)
#undef MW_P_ONE
    default: return IR_NONE;
    }
}

/* The first replica of each form that has them (opcodes.h MW_REPLICAS), else 0; none
 * under switch dispatch, where one jump serves every case anyway. */
#define MW_R_ONE(x) [IR_##x] = IR_R1_##x,
static const mw_unit replica1[IR_COUNT_] = {
#if MW_DISPATCH_GOTO
    MW_REPLICAS(MW_R_ONE)
#else
    0
#endif
};
#undef MW_R_ONE

/* A form with replicas takes the one its successor's opcode picks (0: the form itself):
 * a multiplicative hash, scaled to MW_NREPLICAS + 1. */
static mw_unit replica_of(mw_unit op, mw_unit next)
{
    uint32_t h = (uint32_t)(((uint64_t)((uint32_t)next * 0x9E3779B1u) * (MW_NREPLICAS + 1)) >> 32);
    return h ? (mw_unit)(replica1[op] + h - 1) : op;
}

/* Longest run read at once; a longer one is cut there (its next run starts unjoined). */
#define RUN_MAX 32

void mwJ_join(cstate *c)
{
    mw_unit *code = c->code;
    const uint32_t n = c->ncode;
    uint32_t at[RUN_MAX];
    mw_unit was[RUN_MAX];
    for (uint32_t pos = 0; pos < n; ) {
        if (!first[code[pos]] && !replica1[code[pos]]) {
            pos += mwO_irlen(code + pos);
            continue;
        }
        uint32_t k = 0, q = pos;
        do {
            at[k] = q;
            was[k++] = code[q];
            q += mwO_irlen(code + q);
        } while (q < n && k < RUN_MAX && (first[code[q]] || replica1[code[q]]));
        /* q: the instruction after the run (neither kind, or the cut), the last
         * second */
        mw_unit next = q < n ? code[q] : IR_NONE, next_was = next;
        while (k-- > 0) {
            mw_unit p = IR_NONE;
            if (first[was[k]] && next != IR_NONE) {
                p = pair_of(was[k], next);
                if (p == IR_NONE && next != next_was) p = pair_of(was[k], next_was);
            }
            if (p != IR_NONE)
                code[at[k]] = p;
            else if (replica1[was[k]] && next != IR_NONE)
                code[at[k]] = replica_of(was[k], next);   /* next: its jump's target */
            next = code[at[k]];
            next_was = was[k];
        }
        pos = q;
    }
}
