/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * instr.h — instructions as the table (opcodes.h) defines them: what each one is, and
 * the one reader of an instruction's opcode and immediates (instr.c, prefix mwO_).
 * Every pass that walks wasm code reads it through mwO_read: the constant-expression
 * decoder, the validator/translator, and the well-formedness scan that lets a
 * malformed byte later in a body outrank an earlier validation error.
 */
#ifndef MW_INSTR_H
#define MW_INSTR_H

#include "mw_internal.h"
#include "read.h"
#include "opcodes.h"

/* Table kinds (opcodes.h). */
enum {
    MWO_K_NONE, MWO_K_CTRL, MWO_K_PARAM, MWO_K_VAR, MWO_K_TBL, MWO_K_LD, MWO_K_ST,
    MWO_K_MEMX, MWO_K_CST, MWO_K_UN, MWO_K_BIN, MWO_K_CMP, MWO_K_UNT, MWO_K_BINT, MWO_K_RE,
    MWO_K_REF, MWO_K_BULK, MWO_K_VCONST, MWO_K_VLD, MWO_K_VST, MWO_K_VLDLANE, MWO_K_VSTLANE,
    MWO_K_VSHUF, MWO_K_VEXTRACT, MWO_K_VREPLACE, MWO_K_VSPLAT, MWO_K_VUN, MWO_K_VBIN,
    MWO_K_VTERN, MWO_K_VTEST, MWO_K_VSHIFT
};

/* Immediate formats (opcodes.h). */
enum {
    MWO_IMM_NONE, MWO_IMM_BLOCKTYPE, MWO_IMM_LABEL, MWO_IMM_FUNC, MWO_IMM_LOCAL,
    MWO_IMM_GLOBAL, MWO_IMM_TABLE, MWO_IMM_DATA, MWO_IMM_ELEM, MWO_IMM_BRTABLE,
    MWO_IMM_CALLIND, MWO_IMM_VALTYPES, MWO_IMM_MEMARG, MWO_IMM_MEM0, MWO_IMM_MEM0_MEM0,
    MWO_IMM_CI32, MWO_IMM_CI64, MWO_IMM_CF32, MWO_IMM_CF64, MWO_IMM_REFTYPE,
    MWO_IMM_DATA_MEM0, MWO_IMM_ELEM_TABLE, MWO_IMM_TABLE_TABLE, MWO_IMM_MEMARG_LANE,
    MWO_IMM_V128, MWO_IMM_LANE, MWO_IMM_SHUFFLE
};

_Static_assert(MWO_IMM_ELEM - MWO_IMM_LABEL == 6, "the one-index formats are LABEL..ELEM");

/* One row of the table. Types are mw_valtype values (0 = none). */
typedef struct mwO_info {
    const char *name;
    uint8_t kind, imm;
    uint8_t t1, t2, tr;      /* operand and result types, as the kind says */
    uint8_t size;            /* LD/ST/VLD/VST*: bytes accessed; VEXTRACT/VREPLACE: lanes */
    uint16_t ir;             /* the translated opcode (generated kinds) */
} mwO_info;

MW_HIDDEN extern const mwO_info mwO_tab[OP_COUNT_];

/* An instruction with its immediates. Which fields hold what depends on the format:
 *   indices (LABEL FUNC LOCAL GLOBAL TABLE DATA ELEM): a; CALLIND: a type, b table;
 *   ELEM_TABLE: a elem, b table; TABLE_TABLE: a dst, b src; DATA_MEM0: a data;
 *   MEMARG(_LANE): a align, b offset (and lane); BRTABLE: a = n, bytes = its labels;
 *   VALTYPES: a count, b the first type; REFTYPE: a the type; BLOCKTYPE: v (see
 *   mwO_blocktype); CI32 CI64 CF32 CF64: v the bits; V128 SHUFFLE: bytes (16). */
typedef struct mwO_insn {
    uint16_t op;             /* enum mw_op */
    uint8_t lane;
    uint32_t a, b;
    uint64_t v;
    const uint8_t *bytes;
    size_t at;               /* offset of the opcode's first byte */
} mwO_insn;

/* Read one instruction. False after recording a malformed (or, for a feature left out
 * of this build, unsupported) error at the offending byte. Fields that the format does
 * not use are left as they were. */
MW_HIDDEN bool mwO_read_any(mwR_reader *r, mwO_insn *in);
/* The length in units of the translated instruction at pc (its layout, irforms.h). */
MW_HIDDEN uint32_t mwO_irlen(const mw_unit *pc);
/* A joined pair's or chain's first form (pair.c); any other opcode itself. */
MW_HIDDEN mw_unit mwO_first_form(mw_unit op);

/* One-byte opcodes to OP_ numbers, plus one (0: no such instruction). */
MW_HIDDEN extern const uint16_t mwO_byte[256];

/* mwO_read_any with the common cases inline: a one-byte opcode without immediates, or
 * with one index that fits in one LEB byte (local.get x, br l, call f...). */
static inline bool mwO_read(mwR_reader *r, mwO_insn *in)
{
    in->at = mwR_offset(r);
    if (MW_LIKELY(r->end - r->p >= 2)) {
        uint16_t id = mwO_byte[r->p[0]];
        if (id) {
            uint8_t imm = mwO_tab[id - 1].imm;
            if (imm == MWO_IMM_NONE) {
                in->op = (uint16_t)(id - 1);
                r->p++;
                return true;
            }
            if (imm >= MWO_IMM_LABEL && imm <= MWO_IMM_ELEM && r->p[1] < 0x80) {
                in->op = (uint16_t)(id - 1);
                in->a = r->p[1];
                r->p += 2;
                return true;
            }
            if (imm == MWO_IMM_CI32 && r->p[1] < 0x80) {   /* -64..63: one signed LEB byte */
                in->op = (uint16_t)(id - 1);
                in->v = (uint32_t)((int32_t)((uint32_t)r->p[1] << 25) >> 25);
                r->p += 2;
                return true;
            }
            if (imm == MWO_IMM_MEMARG && r->end - r->p >= 3 && r->p[1] < 0x40 && r->p[2] < 0x80) {
                in->op = (uint16_t)(id - 1);
                in->a = r->p[1];
                in->b = r->p[2];
                r->p += 3;
                return true;
            }
        }
    }
    return mwO_read_any(r, in);
}

/* A value type byte; v128 only when SIMD is built in. */
MW_HIDDEN bool mwO_valtype(mwR_reader *r, mw_valtype *t);

/* A u32 LEB; a valid u64 LEB that is not a valid u32 one (a 3.0 64-bit offset or limit)
 * is refused as unsupported with the message `what`, anything else as malformed. */
MW_HIDDEN bool mwO_u32_or_u64(mwR_reader *r, uint32_t *out, const char *what);

/* A reference type byte (funcref, externref). The reference types of 3.0 that the core
 * lacks are refused as unsupported, naming their feature (doc/conformance.md). */
MW_HIDDEN bool mwO_reftype(mwR_reader *r, mw_valtype *t);

/* A block type read by mwO_read: -1 = none, a value type (as a byte), or else a type
 * index (returned in *index, with the result MWO_BT_INDEX). */
#define MWO_BT_EMPTY (-1)
#define MWO_BT_INDEX (-2)
static inline int mwO_blocktype(const mwO_insn *in, uint32_t *index)
{
    int64_t v = (int64_t)in->v;
    if (v >= 0) { *index = (uint32_t)v; return MWO_BT_INDEX; }
    if (v == -0x40) return MWO_BT_EMPTY;
    return (int)(v + 0x80);
}


#endif
