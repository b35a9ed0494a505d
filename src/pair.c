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
 * Then each form that has replicas (opcodes.h MW_REPLICAS) takes one by its successor.
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

/* Longest run read at once; a longer one is cut there (its next run starts unjoined). */
#define RUN_MAX 16

void mwJ_pairs(cstate *c)
{
    mw_unit *code = c->code;
    const uint32_t n = c->ncode;
    uint32_t at[RUN_MAX];
    mw_unit was[RUN_MAX];
    for (uint32_t pos = 0; pos < n; ) {
        if (!first[code[pos]]) {
            pos += mwO_irlen(code + pos);
            continue;
        }
        uint32_t k = 0, q = pos;
        do {
            at[k] = q;
            was[k++] = code[q];
            q += mwO_irlen(code + q);
        } while (q < n && k < RUN_MAX && first[code[q]]);
        /* q: the instruction after the run (not a first form, or the cut), the last
         * second */
        mw_unit next = q < n ? code[q] : IR_NONE, next_was = next;
        while (k-- > 0) {
            mw_unit p = next == IR_NONE ? IR_NONE : pair_of(was[k], next);
            if (p == IR_NONE && next != next_was) p = pair_of(was[k], next_was);
            if (p != IR_NONE) code[at[k]] = p;
            next = code[at[k]];
            next_was = was[k];
        }
        pos = q;
    }
}

#if MW_DISPATCH_GOTO
/* The first replica of each form that has them (opcodes.h MW_REPLICAS), else 0. */
#define MW_R_ONE(x) [IR_##x] = IR_R1_##x,
static const mw_unit replica1[IR_COUNT_] = { MW_REPLICAS(MW_R_ONE) };
#undef MW_R_ONE
#endif

void mwJ_replicas(cstate *c)
{
#if MW_DISPATCH_GOTO
    mw_unit *code = c->code;
    const uint32_t n = c->ncode;
    uint32_t cnt = 0;
    for (uint32_t pos = 0; pos < n; pos += mwO_irlen(code + pos)) cnt++;
    /* Right to left, so that each form's successor is final (a replica itself,
     * perhaps): that is the handler its jump goes to. The positions are kept for that.
     * Without the memory the code stays as it is: replicas only make it faster. */
    const size_t bytes = ((size_t)cnt + 1) * sizeof(uint32_t);
    uint32_t *at = mwM_alloc(c->e, bytes);
    if (!at) return;
    uint32_t k = 0;
    for (uint32_t pos = 0; pos < n; pos += mwO_irlen(code + pos)) at[k++] = pos;
    mw_unit next = IR_NONE;
    while (k-- > 0) {
        mw_unit op = code[at[k]];
        if (replica1[op] && next != IR_NONE) {
            /* which of the MW_NREPLICAS + 1 (0: the form itself): a multiplicative
             * hash of the successor, scaled */
            uint32_t h = (uint32_t)(((uint64_t)((uint32_t)next * 0x9E3779B1u) *
                                     (MW_NREPLICAS + 1)) >> 32);
            if (h) code[at[k]] = (mw_unit)(replica1[op] + h - 1);
        }
        next = code[at[k]];
    }
    mwM_free(c->e, at, bytes);
#else
    (void)c;
#endif
}
