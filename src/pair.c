/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * pair.c — the last step of translating a function: join its frequent instruction
 * pairs (opcodes.h MW_PAIRS). Where form a is followed by form b, a's opcode becomes
 * P_a_b, whose handler does a and goes straight on to b: one dispatch for both. b stays
 * whole in place, so the code keeps its length, branch offsets and wasm offset map; a
 * branch that lands on b, a suspension in b and a trap in b all find b itself there.
 * Pairs do not overlap: the code is read left to right and b is not the first of
 * another pair (the pair's handler goes to b's own handler).
 */
#include "compile.h"

/* The forms that may begin a pair: most do not, and a table says so in one load. */
#define MW_P_FIRST(x) [IR_##x] = 1,
static const uint8_t first[IR_COUNT_] = { MW_PAIR_FIRSTS(MW_P_FIRST) };
#undef MW_P_FIRST

/* The pair of a then b, or IR_NONE. */
static mw_unit pair_of(mw_unit a, mw_unit b)
{
#define MW_P_ONE(x, y) if (a == IR_##x && b == IR_##y) return IR_P_##x##_##y;
    MW_PAIRS(MW_P_ONE)
#undef MW_P_ONE
    return IR_NONE;
}

void mwJ_pairs(cstate *c)
{
    mw_unit *code = c->code;
    for (uint32_t pos = 0, len, n = c->ncode; pos < n; pos += len) {
        len = mwO_irlen(code + pos);
        if (!first[code[pos]]) continue;
        if (pos + len >= n) break;
        mw_unit p = pair_of(code[pos], code[pos + len]);
        if (p == IR_NONE) continue;
        code[pos] = p;
        len += mwO_irlen(code + pos + len);
    }
}
