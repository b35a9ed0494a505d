/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * instr.c — the instruction table as data (names, kinds, types, immediate formats,
 * translated forms) and the one reader of opcodes and immediates (instr.h).
 */
#include "instr.h"

#define VT_I32 MW_I32
#define VT_I64 MW_I64
#define VT_F32 MW_F32
#define VT_F64 MW_F64
#define VT_V128 MW_V128
#define VT__ 0

/* ------------------------------------------------------------------ the table as data */

#define INFO(kind, sym, code, name, imm, t1, t2, tr, impl) \
    [OP_##sym] = INFO_##kind(kind, sym, name, imm, t1, t2, tr),
#define ROW(kind, name, imm, t1, t2, tr, size, ir) \
    { name, MWO_K_##kind, MWO_IMM_##imm, t1, t2, tr, size, ir }
#define INFO_HAND(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, 0, 0, 0, 0, 0)
#define INFO_CTRL INFO_HAND
#define INFO_PARAM INFO_HAND
#define INFO_VAR INFO_HAND
#define INFO_TBL INFO_HAND
#define INFO_MEMX INFO_HAND
#define INFO_REF INFO_HAND
#define INFO_BULK INFO_HAND
#define INFO_CST(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, VT_##t1, 0, VT_##tr, 0, 0)
#define INFO_RE(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, VT_##t1, 0, VT_##tr, 0, 0)
#define INFO_GEN(kind, sym, name, imm, t1, t2, tr) \
    ROW(kind, name, imm, VT_##t1, VT_##t2, VT_##tr, 0, IR_##sym)
#define INFO_UN INFO_GEN
#define INFO_UNT INFO_GEN
#define INFO_BIN INFO_GEN
#define INFO_CMP INFO_GEN
#define INFO_BINT INFO_GEN
#define INFO_VSHUF INFO_GEN
#define INFO_VSPLAT INFO_GEN
#define INFO_VUN INFO_GEN
#define INFO_VBIN INFO_GEN
#define INFO_VTERN INFO_GEN
#define INFO_VTEST INFO_GEN
#define INFO_VSHIFT INFO_GEN
/* t2 is a size (bytes accessed, or lanes) in these. */
#define INFO_MEM(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, 0, 0, VT_##tr, t2, IR_##sym)
#define INFO_LD INFO_MEM
#define INFO_ST INFO_MEM
#define INFO_VLD INFO_MEM
#define INFO_VST(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, 0, 0, MW_V128, t2, IR_##sym)
#define INFO_VLDLANE(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, 0, 0, MW_V128, t2, IR_##sym)
#define INFO_VSTLANE INFO_VLDLANE
#define INFO_VCONST(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, 0, 0, MW_V128, 0, 0)
#define INFO_VEXTRACT(kind, sym, name, imm, t1, t2, tr) \
    ROW(kind, name, imm, VT_##t1, 0, VT_##tr, t2, IR_##sym)
#define INFO_VREPLACE INFO_VEXTRACT

const mwO_info mwO_tab[OP_COUNT_] = {
    MW_OPCODES(INFO) MW_OPCODES_FC(INFO) MW_OPCODES_FD(INFO)
};

/* Opcode bytes and sub-opcodes to OP_ numbers, plus one (0: no such instruction). */
#define CODE(kind, sym, code, ...) [code] = OP_##sym + 1,
const uint16_t mwO_byte[256] = { MW_OPCODES(CODE) };
static const uint16_t op_fc[18] = { MW_OPCODES_FC(CODE) };
#if MW_SIMD
static const uint16_t op_fd[256] = { MW_OPCODES_FD(CODE) };
#endif

/* ------------------------------------------------------------------ the reader */

enum { PREFIX_FC = 0xFC, PREFIX_FD = 0xFD };   /* MW_OPCODES_FC, MW_OPCODES_FD */

bool mwO_valtype(mwR_reader *r, mw_valtype *t)
{
    uint8_t b;
    if (!mwR_u8(r, &b))
        return false;
    switch (b) {
    case MW_I32: case MW_I64: case MW_F32: case MW_F64: case MW_FUNCREF: case MW_EXTERNREF:
        *t = (mw_valtype)b;
        return true;
    case MW_V128:
        *t = MW_V128;
        if (MW_SIMD)
            return true;
        r->p--;
        return mwR_unsupported(r, "SIMD (value type v128) is not supported by this build (MW_SIMD=0)");
    default:
        r->p--;
        return mwR_fail(r, "malformed value type");
    }
}

static bool zero_byte(mwR_reader *r)
{
    uint8_t b;
    if (!mwR_u8(r, &b))
        return false;
    if (b == 0)
        return true;
    r->p--;
    return mwR_fail(r, "zero byte expected");
}

static bool read_imm(mwR_reader *r, mwO_insn *in, uint8_t imm)
{
    int64_t s;
    uint32_t x;
    uint8_t b;
    mw_valtype t;
    switch (imm) {
    case MWO_IMM_NONE:
        return true;
    case MWO_IMM_BLOCKTYPE:
        /* 0x40 (none), one value type byte (a negative one-byte s33), or a type index
         * (a non-negative s33). */
        if (r->p < r->end && *r->p >= 0x40 && *r->p < 0x80) {
            if (*r->p == 0x40)
                r->p++;
            else if (!mwO_valtype(r, &t))
                return false;
            in->v = (uint64_t)(int64_t)((int)r->p[-1] - 0x80);
            return true;
        }
        if (!mwR_s33(r, &s))
            return false;
        if (s < 0)
            return mwR_fail(r, "malformed block type");
        in->v = (uint64_t)s;
        return true;
    case MWO_IMM_LABEL: case MWO_IMM_FUNC: case MWO_IMM_LOCAL: case MWO_IMM_GLOBAL:
    case MWO_IMM_TABLE: case MWO_IMM_DATA: case MWO_IMM_ELEM:
        return mwR_u32(r, &in->a);
    case MWO_IMM_BRTABLE:
        if (!mwR_u32(r, &in->a))
            return false;
        in->bytes = r->p;
        for (uint64_t i = 0; i <= in->a; i++)
            if (!mwR_u32(r, &x))
                return false;
        return true;
    case MWO_IMM_CALLIND: case MWO_IMM_ELEM_TABLE: case MWO_IMM_TABLE_TABLE:
        return mwR_u32(r, &in->a) && mwR_u32(r, &in->b);
    case MWO_IMM_VALTYPES:
        if (!mwR_u32(r, &in->a))
            return false;
        for (uint32_t i = 0; i < in->a; i++) {
            if (!mwO_valtype(r, &t))
                return false;
            if (i == 0)
                in->b = t;
        }
        return true;
    case MWO_IMM_MEMARG:
        return mwR_u32(r, &in->a) && mwR_u32(r, &in->b);
    case MWO_IMM_MEMARG_LANE:
        return mwR_u32(r, &in->a) && mwR_u32(r, &in->b) && mwR_u8(r, &in->lane);
    case MWO_IMM_MEM0:
        return zero_byte(r);
    case MWO_IMM_MEM0_MEM0:
        return zero_byte(r) && zero_byte(r);
    case MWO_IMM_DATA_MEM0:
        return mwR_u32(r, &in->a) && zero_byte(r);
    case MWO_IMM_CI32: {
        int32_t v;
        if (!mwR_s32(r, &v))
            return false;
        in->v = (uint32_t)v;
        return true;
    }
    case MWO_IMM_CI64:
        if (!mwR_s64(r, &s))
            return false;
        in->v = (uint64_t)s;
        return true;
    case MWO_IMM_CF32:
        if (!mwR_f32(r, &x))
            return false;
        in->v = x;
        return true;
    case MWO_IMM_CF64:
        return mwR_f64(r, &in->v);
    case MWO_IMM_REFTYPE:
        if (!mwR_u8(r, &b))
            return false;
        if (b != MW_FUNCREF && b != MW_EXTERNREF) {
            r->p--;
            return mwR_fail(r, "malformed reference type");
        }
        in->a = b;
        return true;
    case MWO_IMM_V128: case MWO_IMM_SHUFFLE:
        if (mwR_left(r) < 16) {
            r->p = r->end;
            return mwR_fail(r, MWR_EOF_MSG);
        }
        return mwR_bytes(r, 16, &in->bytes);
    case MWO_IMM_LANE:
        return mwR_u8(r, &in->lane);
    default:
        return mwR_fail(r, "illegal opcode");
    }
}

bool mwO_read_any(mwR_reader *r, mwO_insn *in)
{
    uint8_t b;
    uint32_t sub;
    uint16_t id;
    in->at = mwR_offset(r);
    in->a = in->b = 0;
    in->v = 0;
    in->lane = 0;
    in->bytes = NULL;
    if (!mwR_u8(r, &b))
        return false;
    if (b == PREFIX_FC) {
        if (!mwR_u32(r, &sub))
            return false;
        id = sub < sizeof op_fc / sizeof op_fc[0] ? op_fc[sub] : 0;
    } else if (b == PREFIX_FD) {
#if MW_SIMD
        if (!mwR_u32(r, &sub))
            return false;
        id = sub < sizeof op_fd / sizeof op_fd[0] ? op_fd[sub] : 0;
#else
        r->p = r->base + in->at;
        return mwR_unsupported(r, "SIMD (0xFD instructions) is not supported by this build (MW_SIMD=0)");
#endif
    } else {
        id = mwO_byte[b];
    }
    if (!id) {
        r->p = r->base + in->at;
        return mwR_fail(r, "illegal opcode");
    }
    in->op = (uint16_t)(id - 1);
    return read_imm(r, in, mwO_tab[in->op].imm);
}
