/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * explore.c — a disassembler of the translated code (`minwasm explore`): each defined
 * function's translated instructions, by the names and layouts of the instruction
 * table (opcodes.h), each with the offset in the binary of the wasm instruction it came
 * from. The code positions come from a second translation that records them
 * (mwC_offsets), so modules cost nothing extra when nobody looks.
 */
#include "instr.h"
#include "irforms.h"

/* ------------------------------------------------------------------ names and layouts
 * of every translated opcode (irforms.h; kept here, not in instr.c, so that an
 * embedding that never disassembles does not link them). */

#define MWP_NAME(ir, name, lay) [ir] = name,
#define MWP_GEN_NAME(...) GEN(MWP_NAME, __VA_ARGS__)
#define MWP_HAND_NAME(...) HAND(MWP_NAME, __VA_ARGS__)
static const char *const irname[IR_COUNT_] = {
    MW_IRFORMS(MWP_GEN_NAME, MWP_HAND_NAME)
};
#define MWP_LAY(ir, name, lay) [ir] = lay,
#define MWP_GEN_LAY(...) GEN(MWP_LAY, __VA_ARGS__)
#define MWP_HAND_LAY(...) HAND(MWP_LAY, __VA_ARGS__)
static const char *const irlayout[IR_COUNT_] = {
    MW_IRFORMS(MWP_GEN_LAY, MWP_HAND_LAY)
};


typedef struct mwP_out {
    mw_explore_fn fn;
    void *ud;
    char line[512];
    size_t n;
} mwP_out;

static void mwP_put(mwP_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t cap = sizeof o->line - o->n;
    size_t k = mwE_vformat(o->line + o->n, cap, fmt, ap);
    va_end(ap);
    o->n += k < cap ? k : cap - 1;
}

static void mwP_flush(mwP_out *o)
{
    mwP_put(o, "\n");
    o->fn(o->ud, o->line, o->n);
    o->n = 0;
}

/* The wasm offset of the instruction that produced code position pos: the last one
 * translated at or before it (a fused pair is credited to its second instruction). */
static uint32_t mwP_wasm_offset(const uint32_t *map, uint32_t npairs, uint32_t pos, uint32_t *k)
{
    while (*k + 1 < npairs && map[2 * (*k + 1)] <= pos) (*k)++;
    return map[2 * *k + 1];
}

static void mwP_operands(mwP_out *o, const mw_unit *pc, uint32_t pos)
{
    const char *lay = irlayout[mwO_first_form(pc[0])];
    for (uint32_t i = 1; lay[i - 1]; i++) {
        const mw_unit *u = pc + i;
        uint32_t v32 = lay[i - 1] == 'I' || lay[i - 1] == 'O' || lay[i - 1] == 'Q' ? u[0] | (uint32_t)u[1] << 16 : 0;
        switch (lay[i - 1]) {
        case 'd': mwP_put(o, " d%u", (unsigned)u[0]); break;
        case 's': mwP_put(o, " s%u", (unsigned)u[0]); break;
        case 'k': mwP_put(o, " k%u", (unsigned)u[0]); break;
        case 'I': mwP_put(o, " #%u", v32); break;
        case 'O': mwP_put(o, " ->%u", (unsigned)(pos + i + (uint32_t)(int32_t)v32)); break;
        case 'Q': {
            uint64_t q = (uint64_t)v32 | (uint64_t)(u[2] | (uint32_t)u[3] << 16) << 32;
            mwP_put(o, " #0x%llx", (unsigned long long)q);
            break;
        }
        case 'V':
            mwP_put(o, " #");
            for (uint32_t b = 0; b < 8; b++)
                mwP_put(o, "%x%x%x%x", (u[b] >> 4) & 15u, u[b] & 15u, (u[b] >> 12) & 15u,
                        (u[b] >> 8) & 15u);
            break;
        default: break;   /* continuation units, and E: call.local's entry, an address
                           * (it differs from run to run; #N names the callee) */
        }
    }
    if (pc[0] == IR_BR_TABLE || pc[0] == IR_BR_TABLE_ACC) {
        uint32_t n = pc[2] | (uint32_t)pc[3] << 16;
        for (uint32_t j = 0; j <= n; j++) {
            uint32_t at = IRLEN_BR_TABLE + 2 * j;
            int32_t off = (int32_t)(pc[at] | (uint32_t)pc[at + 1] << 16);
            mwP_put(o, " ->%u", (unsigned)(pos + at + (uint32_t)off));
        }
    }
}

mw_result mw_module_explore(mw_module *m, uint32_t fidx, mw_explore_fn fn, void *ud)
{
    if (!m || !fn || fidx < m->nfunc_imports || fidx >= m->nfuncs) return MW_ERR_ARG;
    const mw_code *code = &m->funcs[fidx].code;
    uint32_t *map, npairs;
    mw_result r = mwC_offsets(m, fidx, &map, &npairs);
    if (r != MW_OK) return r;
    mwP_out o;
    o.fn = fn;
    o.ud = ud;
    o.n = 0;
    const mw_functype *t = &m->types[m->funcs[fidx].type];
    mwP_put(&o, "func %u: %u params, %u results; slots: %u params, %u locals, %u frame; %u units",
            fidx, t->nparams, t->nresults, code->nparams, code->nlocals, code->nslots, code->nops);
    mwP_flush(&o);
    uint32_t k = 0;
    for (uint32_t pos = 0; pos < code->nops;) {
        const mw_unit *pc = code->ops + pos;
        uint32_t len = pc[0] < IR_COUNT_ ? mwO_irlen(pc) : 0;
        if (len == 0 || pos + len > code->nops) {   /* cannot happen: the code is ours */
            mwP_put(&o, "  %u: bad opcode %u", pos, (unsigned)pc[0]);
            mwP_flush(&o);
            r = MW_ERR_INVALID;
            break;
        }
        /* a pair's first form as "a+", a chain's as "a++" (the second on the next line);
         * a replica (opcodes.h MW_REPLICAS) as its form */
        mw_unit op = pc[0], first = mwO_first_form(op);
        const char *joined = op >= IR_COUNT_ - IR_NCHAINS_ ? "++"
                             : op >= IR_COUNT_ - IR_NCHAINS_ - IR_NPAIRS_ ? "+" : "";
        mwP_put(&o, "  %u @0x%x: %s%s", pos, npairs ? mwP_wasm_offset(map, npairs, pos, &k) : 0,
                irname[first], joined);
        mwP_operands(&o, pc, pos);
        mwP_flush(&o);
        pos += len;
    }
    mwM_free(m->engine, map, ((size_t)npairs * 2 + 1) * sizeof(uint32_t));
    return r;
}
