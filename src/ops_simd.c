/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * ops_simd.c — translation of the SIMD instructions (the table's V* kinds). Each one
 * becomes one translated instruction of its kind's form (opcodes.h MW_LAY_V*); lane
 * indices and alignments are checked here, the lanes' meaning lives in simd.h.
 */
#include "compile.h"

#if MW_SIMD

static bool check_lane(cstate *c, uint32_t lane, uint32_t lanes)
{
    if (lane >= lanes) return mwC_invalid(c, "invalid lane index");
    return true;
}

static bool op_mem(cstate *c, const mwO_info *oi, const mwO_insn *in)
{
    cval a, v;
    mw_unit *w;
    if (!mwU_read_memarg(c, in, oi->size)) return false;
    switch (oi->kind) {
    case MWO_K_VLD:
        if (!mwB_pop_t(c, MW_I32, &a)) return false;
        if (!mwB_emit_def(c, oi->ir, MW_V128, MW_LEN(VLD), &w)) return false;
        w[2] = (mw_unit)a.slot;
        mwB_put32(w + 3, in->b);
        return true;
    case MWO_K_VST: {
        if (!mwB_pop_t(c, MW_V128, &v) || !mwB_pop_t(c, MW_I32, &a)) return false;
        EMIT_FORM(VST);
        w[0] = oi->ir; w[1] = (mw_unit)a.slot; w[2] = (mw_unit)v.slot;
        mwB_put32(w + 3, in->b);
        mwB_barrier(c);
        return true;
    }
    case MWO_K_VLDLANE:
        if (!check_lane(c, in->lane, 16u / oi->size)) return false;
        if (!mwB_pop_t(c, MW_V128, &v) || !mwB_pop_t(c, MW_I32, &a)) return false;
        if (!mwB_emit_def(c, oi->ir, MW_V128, MW_LEN(VLDLANE), &w)) return false;
        w[2] = (mw_unit)a.slot; w[3] = (mw_unit)v.slot;
        mwB_put32(w + 4, in->b);
        w[6] = in->lane;
        return true;
    default: { /* VSTLANE */
        if (!check_lane(c, in->lane, 16u / oi->size)) return false;
        if (!mwB_pop_t(c, MW_V128, &v) || !mwB_pop_t(c, MW_I32, &a)) return false;
        EMIT_FORM(VSTLANE);
        w[0] = oi->ir; w[1] = (mw_unit)a.slot; w[2] = (mw_unit)v.slot;
        mwB_put32(w + 3, in->b);
        w[5] = in->lane;
        mwB_barrier(c);
        return true;
    }
    }
}

/* The 16 immediate bytes in 8 units, in memory order (units are little-endian). */
static void put_bytes16(mw_unit *w, const uint8_t *b) { memcpy(w, b, 16); }

bool mwQ_simd(cstate *c, const mwO_insn *in)
{
    const mwO_info *oi = &mwO_tab[in->op];
    cval a, b, x;
    mw_unit *w;
    switch (oi->kind) {
    case MWO_K_VCONST:
        if (!mwB_emit_def(c, IR_CONST128, MW_V128, IRLEN_CONST128, &w)) return false;
        put_bytes16(w + 2, in->bytes);
        return true;
    case MWO_K_VLD: case MWO_K_VST: case MWO_K_VLDLANE: case MWO_K_VSTLANE:
        return op_mem(c, oi, in);
    case MWO_K_VSHUF:
        for (uint32_t i = 0; i < 16; i++)
            if (!check_lane(c, in->bytes[i], 32)) return false;
        if (!mwB_pop_t(c, MW_V128, &b) || !mwB_pop_t(c, MW_V128, &a)) return false;
        if (!mwB_emit_def(c, oi->ir, MW_V128, MW_LEN(VSHUF), &w)) return false;
        w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot;
        put_bytes16(w + 4, in->bytes);
        return true;
    case MWO_K_VEXTRACT:
        if (!check_lane(c, in->lane, oi->size) || !mwB_pop_t(c, MW_V128, &a)) return false;
        if (!mwB_emit_def(c, oi->ir, oi->tr, MW_LEN(VEXTRACT), &w)) return false;
        w[2] = (mw_unit)a.slot; w[3] = in->lane;
        return true;
    case MWO_K_VREPLACE:
        if (!check_lane(c, in->lane, oi->size)) return false;
        if (!mwB_pop_t(c, oi->t1, &x) || !mwB_pop_t(c, MW_V128, &a)) return false;
        if (!mwB_emit_def(c, oi->ir, MW_V128, MW_LEN(VREPLACE), &w)) return false;
        w[2] = (mw_unit)a.slot; w[3] = (mw_unit)x.slot; w[4] = in->lane;
        return true;
    case MWO_K_VSPLAT: case MWO_K_VUN: case MWO_K_VTEST:
        if (!mwB_pop_t(c, oi->t1, &a)) return false;
        if (!mwB_emit_def(c, oi->ir, oi->tr, MW_LEN(VUN), &w)) return false;
        w[2] = (mw_unit)a.slot;
        return true;
    case MWO_K_VBIN: case MWO_K_VSHIFT:
        if (!mwB_pop_t(c, oi->t2, &b) || !mwB_pop_t(c, oi->t1, &a)) return false;
        if (!mwB_emit_def(c, oi->ir, oi->tr, MW_LEN(VBIN), &w)) return false;
        w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot;
        return true;
    case MWO_K_VTERN:
        if (!mwB_pop_t(c, MW_V128, &x) || !mwB_pop_t(c, MW_V128, &b) ||
            !mwB_pop_t(c, MW_V128, &a)) return false;
        if (!mwB_emit_def(c, oi->ir, MW_V128, MW_LEN(VTERN), &w)) return false;
        w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot; w[4] = (mw_unit)x.slot;
        return true;
    default:
        return mwC_fail(c, MW_ERR_MALFORMED, "illegal opcode");
    }
}

#else

bool mwQ_simd(cstate *c, const mwO_insn *in)
{
    (void)in;
    return mwC_fail(c, MW_ERR_UNSUPPORTED, "SIMD is not supported by this build (MW_SIMD=0)");
}

#endif
