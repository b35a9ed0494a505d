/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * irforms.h — every translated form as F(IR opcode, name, layout), generated from the
 * instruction table (opcodes.h): MW_IRFORMS expands the includer's F once per form.
 * explore.c takes the names and layouts (minwasm explore); instr.c only the
 * lengths (sizeof the layout), so an embedding that never disassembles links no
 * strings.
 */
#ifndef MW_IRFORMS_H
#define MW_IRFORMS_H

#include "opcodes.h"

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

#define GEN(F, kind, sym, code, name, imm, t1, t2, tr, impl) GEN_##kind(F, sym, name, t2, t1)
#define GEN_NONE(F, sym, name, t2, ...)
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
#define GEN_UN(F, sym, name, t2, t1) F(IR_##sym, name, MW_LAY_UN) GEN_ACC_UN_##t1(F, sym, name, t2)
#define GEN_ACC_UN(F, sym, name, t2) F(IR_##sym##_ACC, name ".acc", MW_LAY_UN)
#define GEN_ACC_UN_I32 GEN_ACC_UN
#define GEN_ACC_UN_I64 GEN_ACC_UN
#define GEN_ACC_UN_F64 GEN_ACC_UN
#define GEN_ACC_UN_F32(F, ...)
#define GEN_ACC_UN_V128(F, ...)
#define GEN_UNT(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_UNT)
#define GEN_BINT(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_BINT)
#define GEN_BIN_PLAIN(F, sym, name, t2) F(IR_##sym, name, MW_LAY_BIN) \
    F(IR_##sym##_RI, name "_ri", MW_LAY_BIN_RI_##t2)
#define GEN_BIN(F, sym, name, t2, t1) GEN_BIN_PLAIN(F, sym, name, t2) GEN_ACC_BIN_##t1(F, sym, name, t2)
#define GEN_ACC_BIN(F, sym, name, t2) F(IR_##sym##_ACC, name ".acc", MW_LAY_BIN) \
    F(IR_##sym##_RI_ACC, name "_ri.acc", MW_LAY_BIN_RI_##t2) \
    F(IR_##sym##_RET, name ".ret", MW_LAY_BIN) F(IR_##sym##_RI_RET, name "_ri.ret", MW_LAY_BIN_RI_##t2)
#define GEN_ACC_BIN_I32 GEN_ACC_BIN
#define GEN_ACC_BIN_I64 GEN_ACC_BIN
#define GEN_ACC_BIN_F64 GEN_ACC_BIN
#define GEN_ACC_BIN_F32(F, ...)
#define GEN_CNT_I32(F, sym, name) \
    F(IR_CNT_BRT_##sym, "add_ri.brt." name, MW_LAY_CNT) \
    F(IR_CNT_BRT_##sym##_RI, "add_ri.brt." name "_ri", MW_LAY_CNT_RI) \
    F(IR_CNT_BRF_##sym, "add_ri.brf." name, MW_LAY_CNT) \
    F(IR_CNT_BRF_##sym##_RI, "add_ri.brf." name "_ri", MW_LAY_CNT_RI) \
    F(IR_CNT_BRT_##sym##_C, "copy+", "ds") F(IR_CNT_BRT_##sym##_RI_C, "copy+", "ds") \
    F(IR_CNT_BRF_##sym##_C, "copy+", "ds") F(IR_CNT_BRF_##sym##_RI_C, "copy+", "ds")
#define GEN_CNT_I64(F, ...)
#define GEN_CNT_F32(F, ...)
#define GEN_CNT_F64(F, ...)
#define GEN_CMP(F, sym, name, t2, t1) GEN_CNT_##t1(F, sym, name) GEN_BIN_PLAIN(F, sym, name, t2) \
    F(IR_BRT_##sym, "brt." name, MW_LAY_BR) F(IR_BRT_##sym##_RI, "brt." name "_ri", MW_LAY_BR_RI_##t2) \
    F(IR_BRF_##sym, "brf." name, MW_LAY_BR) F(IR_BRF_##sym##_RI, "brf." name "_ri", MW_LAY_BR_RI_##t2) \
    F(IR_SEL_##sym, "sel." name, MW_LAY_SEL) F(IR_SEL_##sym##_RI, "sel." name "_ri", MW_LAY_SEL_RI_##t2)
#define GEN_LD(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_LD) F(IR_##sym##_A, name "_a", MW_LAY_LD_A) \
    F(IR_##sym##_AR, name "_ar", MW_LAY_LD_AR) F(IR_##sym##_AS, name "_as", MW_LAY_LD_AS) \
    F(IR_##sym##_AX, name "_ax", MW_LAY_LD_AX) F(IR_##sym##_ACC, name ".acc", MW_LAY_LD) \
    F(IR_##sym##_A_ACC, name "_a.acc", MW_LAY_LD_A)
#define GEN_ST(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_ST) F(IR_##sym##_A, name "_a", MW_LAY_ST_A) \
    F(IR_##sym##_AR, name "_ar", MW_LAY_ST_AR) F(IR_##sym##_AS, name "_as", MW_LAY_ST_AS) \
    F(IR_##sym##_AX, name "_ax", MW_LAY_ST_AX) F(IR_##sym##_ACC, name ".acc", MW_LAY_ST)
#define GEN_VLD(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VLD)
#define GEN_VST(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VST)
#define GEN_VLDLANE(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VLDLANE)
#define GEN_VSTLANE(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VSTLANE)
#define GEN_VSHUF(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VSHUF)
#define GEN_VEXTRACT(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VEXTRACT)
#define GEN_VREPLACE(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VREPLACE)
#define GEN_VSPLAT(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VSPLAT)
#define GEN_VUN(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VUN)
#define GEN_VBIN(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VBIN)
#define GEN_VTERN(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VTERN)
#define GEN_VTEST(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VTEST)
#define GEN_VSHIFT(F, sym, name, t2, ...) F(IR_##sym, name, MW_LAY_VSHIFT)
#define HAND(F, sym, name, lay) F(IR_##sym, name, lay)

/* G and H are the includer's wrappers that bind its F: G(...) is GEN(F, ...) and H(...)
 * HAND(F, ...), each named after its file (the amalgamation puts every file in one
 * translation unit). Pairs and chains (MW_PAIRS, MW_CHAINS) are not here: each takes
 * its first form's name and layout (instr.c mwO_first_form). */
#define MW_IRFORMS(G, H) MW_OPCODES(G) MW_OPCODES_FC(G) MW_OPCODES_FD(G) MW_IROPS(H)

#endif
