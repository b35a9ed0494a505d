/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * explore.c — a disassembler of the translated code (`minwasm explore`): each defined
 * function's translated instructions, by the names and layouts of the instruction
 * table (opcodes.h), each with the offset in the binary of the wasm instruction it came
 * from. The code positions come from a second translation that records them
 * (mwC_offsets), so modules cost nothing extra when nobody looks.
 */
#include "instr.h"

/* ------------------------------------------------------------------ names and layouts
 * of every translated opcode, generated from the table (kept here, not in instr.c, so
 * that an embedding that never disassembles does not link them). */

/* Width-dependent forms of _RI immediates. */
#define MW_LAY_BIN_RI_I32 MW_LAY_BIN_RI32
#define MW_LAY_BIN_RI_F32 MW_LAY_BIN_RI32
#define MW_LAY_BIN_RI_I64 MW_LAY_BIN_RI64
#define MW_LAY_BIN_RI_F64 MW_LAY_BIN_RI64
#define MW_LAY_BR_RI_I32 MW_LAY_BR_RI32
#define MW_LAY_BR_RI_F32 MW_LAY_BR_RI32
#define MW_LAY_BR_RI_I64 MW_LAY_BR_RI64
#define MW_LAY_BR_RI_F64 MW_LAY_BR_RI64
#define MW_LAY_SEL_RI_I32 MW_LAY_SEL_RI32
#define MW_LAY_SEL_RI_F32 MW_LAY_SEL_RI32
#define MW_LAY_SEL_RI_I64 MW_LAY_SEL_RI64
#define MW_LAY_SEL_RI_F64 MW_LAY_SEL_RI64

/* IRF(X) expands F(IR opcode, name, layout) for every translated form. */
#define GEN(kind, sym, code, name, imm, t1, t2, tr, impl) GEN_##kind(sym, name, t2, t1)
#define GEN_NONE(sym, name, t2, ...)
#define GEN_CTRL GEN_NONE
#define GEN_PARAM GEN_NONE
#define GEN_VAR GEN_NONE
#define GEN_TBL GEN_NONE
#define GEN_MEMX GEN_NONE
#define GEN_CST GEN_NONE
#define GEN_RE GEN_NONE
#define GEN_REF GEN_NONE
#define GEN_BULK GEN_NONE
#define GEN_VCONST GEN_NONE
#define GEN_ONE(lay) (sym, name, t2) F(IR_##sym, name, MW_LAY_##lay)
#define GEN_UN(sym, name, t2, t1) F(IR_##sym, name, MW_LAY_UN) GEN_ACC_UN_##t1(sym, name, t2)
#define GEN_ACC_UN(sym, name, t2) F(IR_##sym##_ACC, name ".acc", MW_LAY_UN)
#define GEN_ACC_UN_I32 GEN_ACC_UN
#define GEN_ACC_UN_I64 GEN_ACC_UN
#define GEN_ACC_UN_F64 GEN_ACC_UN
#define GEN_ACC_UN_F32(...)
#define GEN_ACC_UN_V128(...)
#define GEN_UNT(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_UNT)
#define GEN_BINT(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_BINT)
#define GEN_BIN_PLAIN(sym, name, t2) F(IR_##sym, name, MW_LAY_BIN) \
    F(IR_##sym##_RI, name "_ri", MW_LAY_BIN_RI_##t2)
#define GEN_BIN(sym, name, t2, t1) GEN_BIN_PLAIN(sym, name, t2) GEN_ACC_BIN_##t1(sym, name, t2)
#define GEN_ACC_BIN(sym, name, t2) F(IR_##sym##_ACC, name ".acc", MW_LAY_BIN) \
    F(IR_##sym##_RI_ACC, name "_ri.acc", MW_LAY_BIN_RI_##t2) \
    F(IR_##sym##_RET, name ".ret", MW_LAY_BIN) F(IR_##sym##_RI_RET, name "_ri.ret", MW_LAY_BIN_RI_##t2)
#define GEN_ACC_BIN_I32 GEN_ACC_BIN
#define GEN_ACC_BIN_I64 GEN_ACC_BIN
#define GEN_ACC_BIN_F64 GEN_ACC_BIN
#define GEN_ACC_BIN_F32(...)
#define GEN_CNT_I32(sym, name) \
    F(IR_CNT_BRT_##sym, "add_ri.brt." name, MW_LAY_CNT) \
    F(IR_CNT_BRT_##sym##_RI, "add_ri.brt." name "_ri", MW_LAY_CNT_RI) \
    F(IR_CNT_BRF_##sym, "add_ri.brf." name, MW_LAY_CNT) \
    F(IR_CNT_BRF_##sym##_RI, "add_ri.brf." name "_ri", MW_LAY_CNT_RI) \
    F(IR_CNT_BRT_##sym##_C, "copy+", "ds") F(IR_CNT_BRT_##sym##_RI_C, "copy+", "ds") \
    F(IR_CNT_BRF_##sym##_C, "copy+", "ds") F(IR_CNT_BRF_##sym##_RI_C, "copy+", "ds")
#define GEN_CNT_I64(...)
#define GEN_CNT_F32(...)
#define GEN_CNT_F64(...)
#define GEN_CMP(sym, name, t2, t1) GEN_CNT_##t1(sym, name) GEN_BIN_PLAIN(sym, name, t2) \
    F(IR_BRT_##sym, "brt." name, MW_LAY_BR) F(IR_BRT_##sym##_RI, "brt." name "_ri", MW_LAY_BR_RI_##t2) \
    F(IR_BRF_##sym, "brf." name, MW_LAY_BR) F(IR_BRF_##sym##_RI, "brf." name "_ri", MW_LAY_BR_RI_##t2) \
    F(IR_SEL_##sym, "sel." name, MW_LAY_SEL) F(IR_SEL_##sym##_RI, "sel." name "_ri", MW_LAY_SEL_RI_##t2)
#define GEN_LD(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_LD) F(IR_##sym##_A, name "_a", MW_LAY_LD_A) \
    F(IR_##sym##_AR, name "_ar", MW_LAY_LD_AR) F(IR_##sym##_AS, name "_as", MW_LAY_LD_AS) \
    F(IR_##sym##_AX, name "_ax", MW_LAY_LD_AX) F(IR_##sym##_ACC, name ".acc", MW_LAY_LD) \
    F(IR_##sym##_A_ACC, name "_a.acc", MW_LAY_LD_A)
#define GEN_ST(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_ST) F(IR_##sym##_A, name "_a", MW_LAY_ST_A) \
    F(IR_##sym##_AR, name "_ar", MW_LAY_ST_AR) F(IR_##sym##_AS, name "_as", MW_LAY_ST_AS) \
    F(IR_##sym##_AX, name "_ax", MW_LAY_ST_AX) F(IR_##sym##_ACC, name ".acc", MW_LAY_ST)
#define GEN_V(lay) F(IR_##sym, name, MW_LAY_##lay)
#define GEN_VLD(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VLD)
#define GEN_VST(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VST)
#define GEN_VLDLANE(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VLDLANE)
#define GEN_VSTLANE(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VSTLANE)
#define GEN_VSHUF(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VSHUF)
#define GEN_VEXTRACT(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VEXTRACT)
#define GEN_VREPLACE(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VREPLACE)
#define GEN_VSPLAT(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VSPLAT)
#define GEN_VUN(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VUN)
#define GEN_VBIN(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VBIN)
#define GEN_VTERN(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VTERN)
#define GEN_VTEST(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VTEST)
#define GEN_VSHIFT(sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VSHIFT)
#define HAND(sym, name, lay) F(IR_##sym, name, lay)

#define F(ir, name, lay) [ir] = name,
static const char *const irname[IR_COUNT_] = {
    MW_OPCODES(GEN) MW_OPCODES_FC(GEN) MW_OPCODES_FD(GEN) MW_IROPS(HAND)
};
#undef F
#define F(ir, name, lay) [ir] = lay,
static const char *const irlayout[IR_COUNT_] = {
    MW_OPCODES(GEN) MW_OPCODES_FC(GEN) MW_OPCODES_FD(GEN) MW_IROPS(HAND)
};
#undef F

static uint32_t irlen(const mw_unit *pc)
{
    if (pc[0] == IR_BR_TABLE || pc[0] == IR_BR_TABLE_ACC) {
        uint32_t n = pc[2] | (uint32_t)pc[3] << 16;
        return (uint32_t)sizeof(MW_LAY_BR) - 1 + 2 * (n + 1);   /* [op s Ii] + offsets */
    }
    return (uint32_t)mwE_strlen(irlayout[pc[0]]) + 1;
}

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
    const char *lay = irlayout[pc[0]];
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
        default: break;   /* continuation units */
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
        uint32_t len = pc[0] < IR_COUNT_ ? irlen(pc) : 0;
        if (len == 0 || pos + len > code->nops) {   /* cannot happen: the code is ours */
            mwP_put(&o, "  %u: bad opcode %u", pos, (unsigned)pc[0]);
            mwP_flush(&o);
            r = MW_ERR_INVALID;
            break;
        }
        mwP_put(&o, "  %u @0x%x: %s", pos, npairs ? mwP_wasm_offset(map, npairs, pos, &k) : 0,
                irname[pc[0]]);
        mwP_operands(&o, pc, pos);
        mwP_flush(&o);
        pos += len;
    }
    mwM_free(m->engine, map, ((size_t)npairs * 2 + 1) * sizeof(uint32_t));
    return r;
}
