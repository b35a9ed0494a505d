/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * opcodes.h — the one table of WebAssembly 2.0 instructions, and the layout of the
 * translated code that runs them.
 *
 * MW_OPCODES(X) (one-byte opcodes), MW_OPCODES_FC(X) (0xFC prefix) and MW_OPCODES_FD(X)
 * (0xFD prefix, SIMD: opcodes_simd.h) expand X(kind, SYM, code, "name", imm, t1, t2, tr,
 * impl) once per instruction; code is the byte or the prefixed u32 sub-opcode. Every
 * pass derives what it needs from here: instr.c the opcode lookup, the immediate reader
 * and the typing data; the translator (compile.c and its files) the typing; interp.c
 * the handlers; explore.c the names of the translated forms. A
 * consumer usually defines X(kind, ...) as X_##kind(...) to select by kind.
 *
 * imm, the immediate format (read by mwO_read, instr.c):
 *   NONE  BLOCKTYPE (s33)  LABEL FUNC LOCAL GLOBAL TABLE DATA ELEM (u32 index)
 *   BRTABLE (vec(label) label)  CALLIND (type, table)  VALTYPES (vec(valtype))
 *   MEMARG (align, offset)  MEM0 / MEM0_MEM0 (reserved zero bytes)  CI32 CI64 (signed
 *   LEB)  CF32 CF64 (raw bits)  REFTYPE  DATA_MEM0 (data, 0x00)  ELEM_TABLE (elem,
 *   table)  TABLE_TABLE (dst, src)  MEMARG_LANE (memarg, lane byte)  V128 (16 bytes)
 *   LANE (lane byte)  SHUFFLE (16 lane bytes)
 *
 * kinds and their fields
 *   CTRL PARAM VAR TBL MEMX REF BULK  translated by hand in compile.c; t1..impl unused
 *   CST   t1 = the constant's type
 *   UN    tr <- impl(a)            a: t1
 *   BIN   tr <- impl(a, b)         a: t1, b: t2
 *   CMP   a BIN whose i32 result may instead steer a branch (fused compare+branch)
 *   UNT   r <- impl(a, &r) != 0 is a trap code          (trapping conversion)
 *   BINT  r <- impl(a, b, &r) != 0 is a trap code       (trapping division)
 *   RE    the bits stay, only the type changes (reinterpret): no code at all
 *   LD    tr <- *(t1 *)(mem + addr + offset), t2 = access size in bytes
 *   ST    *(t1 *)(mem + addr + offset) <- value of type tr, t2 = access size in bytes
 *   V...  the SIMD kinds, described in opcodes_simd.h
 * Types: I32 I64 F32 F64 V128 (C types u32 u64 f32 f64 mwX_v128) and, for LD/ST, the
 * memory type.
 */
#ifndef MW_OPCODES_H
#define MW_OPCODES_H

#include "mw_config.h"

#define MW_OPCODES(X) \
  X(CTRL, UNREACHABLE, 0x00, "unreachable", NONE, _, _, _, _)  /* trap unconditionally */ \
  X(CTRL, NOP, 0x01, "nop", NONE, _, _, _, _)                  /* nothing */ \
  X(CTRL, BLOCK, 0x02, "block", BLOCKTYPE, _, _, _, _)              /* label at end */ \
  X(CTRL, LOOP, 0x03, "loop", BLOCKTYPE, _, _, _, _)                /* label at start */ \
  X(CTRL, IF, 0x04, "if", BLOCKTYPE, _, _, _, _)                    /* pop i32, run then or else */ \
  X(CTRL, ELSE, 0x05, "else", NONE, _, _, _, _)                /* start of the else arm */ \
  X(CTRL, END, 0x0B, "end", NONE, _, _, _, _)                  /* end of block or function */ \
  X(CTRL, BR, 0x0C, "br", LABEL, _, _, _, _)                    /* branch to label */ \
  X(CTRL, BR_IF, 0x0D, "br_if", LABEL, _, _, _, _)              /* branch if i32 != 0 */ \
  X(CTRL, BR_TABLE, 0x0E, "br_table", BRTABLE, _, _, _, _)        /* indexed branch */ \
  X(CTRL, RETURN, 0x0F, "return", NONE, _, _, _, _)            /* leave the function */ \
  X(CTRL, CALL, 0x10, "call", FUNC, _, _, _, _)                /* direct call */ \
  X(CTRL, CALL_INDIRECT, 0x11, "call_indirect", CALLIND, _, _, _, _) /* call through a table */ \
  X(PARAM, DROP, 0x1A, "drop", NONE, _, _, _, _)               /* discard top */ \
  X(PARAM, SELECT, 0x1B, "select", NONE, _, _, _, _)           /* numeric select */ \
  X(PARAM, SELECT_T, 0x1C, "select", VALTYPES, _, _, _, _)         /* typed select */ \
  X(VAR, LOCAL_GET, 0x20, "local.get", LOCAL, _, _, _, _)       /* push local */ \
  X(VAR, LOCAL_SET, 0x21, "local.set", LOCAL, _, _, _, _)       /* pop into local */ \
  X(VAR, LOCAL_TEE, 0x22, "local.tee", LOCAL, _, _, _, _)       /* copy top into local */ \
  X(VAR, GLOBAL_GET, 0x23, "global.get", GLOBAL, _, _, _, _)     /* push global */ \
  X(VAR, GLOBAL_SET, 0x24, "global.set", GLOBAL, _, _, _, _)     /* pop into mutable global */ \
  X(TBL, TABLE_GET, 0x25, "table.get", TABLE, _, _, _, _)       /* read table element */ \
  X(TBL, TABLE_SET, 0x26, "table.set", TABLE, _, _, _, _)       /* write table element */ \
  X(LD, I32_LOAD, 0x28, "i32.load", MEMARG, uint32_t, 4, I32, _)     /* 4 bytes */ \
  X(LD, I64_LOAD, 0x29, "i64.load", MEMARG, uint64_t, 8, I64, _)     /* 8 bytes */ \
  X(LD, F32_LOAD, 0x2A, "f32.load", MEMARG, uint32_t, 4, F32, _)     /* 4 bytes as f32 bits */ \
  X(LD, F64_LOAD, 0x2B, "f64.load", MEMARG, uint64_t, 8, F64, _)     /* 8 bytes as f64 bits */ \
  X(LD, I32_LOAD8_S, 0x2C, "i32.load8_s", MEMARG, int8_t, 1, I32, _)   /* sign-extend byte */ \
  X(LD, I32_LOAD8_U, 0x2D, "i32.load8_u", MEMARG, uint8_t, 1, I32, _)  /* zero-extend byte */ \
  X(LD, I32_LOAD16_S, 0x2E, "i32.load16_s", MEMARG, int16_t, 2, I32, _) \
  X(LD, I32_LOAD16_U, 0x2F, "i32.load16_u", MEMARG, uint16_t, 2, I32, _) \
  X(LD, I64_LOAD8_S, 0x30, "i64.load8_s", MEMARG, int8_t, 1, I64, _) \
  X(LD, I64_LOAD8_U, 0x31, "i64.load8_u", MEMARG, uint8_t, 1, I64, _) \
  X(LD, I64_LOAD16_S, 0x32, "i64.load16_s", MEMARG, int16_t, 2, I64, _) \
  X(LD, I64_LOAD16_U, 0x33, "i64.load16_u", MEMARG, uint16_t, 2, I64, _) \
  X(LD, I64_LOAD32_S, 0x34, "i64.load32_s", MEMARG, int32_t, 4, I64, _) \
  X(LD, I64_LOAD32_U, 0x35, "i64.load32_u", MEMARG, uint32_t, 4, I64, _) \
  X(ST, I32_STORE, 0x36, "i32.store", MEMARG, uint32_t, 4, I32, _)   /* 4 bytes */ \
  X(ST, I64_STORE, 0x37, "i64.store", MEMARG, uint64_t, 8, I64, _)   /* 8 bytes */ \
  X(ST, F32_STORE, 0x38, "f32.store", MEMARG, uint32_t, 4, F32, _)   /* f32 bits */ \
  X(ST, F64_STORE, 0x39, "f64.store", MEMARG, uint64_t, 8, F64, _)   /* f64 bits */ \
  X(ST, I32_STORE8, 0x3A, "i32.store8", MEMARG, uint8_t, 1, I32, _)  /* low byte */ \
  X(ST, I32_STORE16, 0x3B, "i32.store16", MEMARG, uint16_t, 2, I32, _) \
  X(ST, I64_STORE8, 0x3C, "i64.store8", MEMARG, uint8_t, 1, I64, _) \
  X(ST, I64_STORE16, 0x3D, "i64.store16", MEMARG, uint16_t, 2, I64, _) \
  X(ST, I64_STORE32, 0x3E, "i64.store32", MEMARG, uint32_t, 4, I64, _) \
  X(MEMX, MEMORY_SIZE, 0x3F, "memory.size", MEM0, _, _, _, _)  /* pages */ \
  X(MEMX, MEMORY_GROW, 0x40, "memory.grow", MEM0, _, _, _, _)  /* old pages or -1 */ \
  X(CST, I32_CONST, 0x41, "i32.const", CI32, I32, _, I32, _)   /* s32 LEB immediate */ \
  X(CST, I64_CONST, 0x42, "i64.const", CI64, I64, _, I64, _)   /* s64 LEB immediate */ \
  X(CST, F32_CONST, 0x43, "f32.const", CF32, F32, _, F32, _)   /* 4 raw bytes */ \
  X(CST, F64_CONST, 0x44, "f64.const", CF64, F64, _, F64, _)   /* 8 raw bytes */ \
  X(UN, I32_EQZ, 0x45, "i32.eqz", NONE, I32, _, I32, a == 0) \
  X(CMP, I32_EQ, 0x46, "i32.eq", NONE, I32, I32, I32, a == b) \
  X(CMP, I32_NE, 0x47, "i32.ne", NONE, I32, I32, I32, a != b) \
  X(CMP, I32_LT_S, 0x48, "i32.lt_s", NONE, I32, I32, I32, (int32_t)a < (int32_t)b) \
  X(CMP, I32_LT_U, 0x49, "i32.lt_u", NONE, I32, I32, I32, a < b) \
  X(CMP, I32_GT_S, 0x4A, "i32.gt_s", NONE, I32, I32, I32, (int32_t)a > (int32_t)b) \
  X(CMP, I32_GT_U, 0x4B, "i32.gt_u", NONE, I32, I32, I32, a > b) \
  X(CMP, I32_LE_S, 0x4C, "i32.le_s", NONE, I32, I32, I32, (int32_t)a <= (int32_t)b) \
  X(CMP, I32_LE_U, 0x4D, "i32.le_u", NONE, I32, I32, I32, a <= b) \
  X(CMP, I32_GE_S, 0x4E, "i32.ge_s", NONE, I32, I32, I32, (int32_t)a >= (int32_t)b) \
  X(CMP, I32_GE_U, 0x4F, "i32.ge_u", NONE, I32, I32, I32, a >= b) \
  X(UN, I64_EQZ, 0x50, "i64.eqz", NONE, I64, _, I32, a == 0) \
  X(CMP, I64_EQ, 0x51, "i64.eq", NONE, I64, I64, I32, a == b) \
  X(CMP, I64_NE, 0x52, "i64.ne", NONE, I64, I64, I32, a != b) \
  X(CMP, I64_LT_S, 0x53, "i64.lt_s", NONE, I64, I64, I32, (int64_t)a < (int64_t)b) \
  X(CMP, I64_LT_U, 0x54, "i64.lt_u", NONE, I64, I64, I32, a < b) \
  X(CMP, I64_GT_S, 0x55, "i64.gt_s", NONE, I64, I64, I32, (int64_t)a > (int64_t)b) \
  X(CMP, I64_GT_U, 0x56, "i64.gt_u", NONE, I64, I64, I32, a > b) \
  X(CMP, I64_LE_S, 0x57, "i64.le_s", NONE, I64, I64, I32, (int64_t)a <= (int64_t)b) \
  X(CMP, I64_LE_U, 0x58, "i64.le_u", NONE, I64, I64, I32, a <= b) \
  X(CMP, I64_GE_S, 0x59, "i64.ge_s", NONE, I64, I64, I32, (int64_t)a >= (int64_t)b) \
  X(CMP, I64_GE_U, 0x5A, "i64.ge_u", NONE, I64, I64, I32, a >= b) \
  X(CMP, F32_EQ, 0x5B, "f32.eq", NONE, F32, F32, I32, a == b) \
  X(CMP, F32_NE, 0x5C, "f32.ne", NONE, F32, F32, I32, a != b) \
  X(CMP, F32_LT, 0x5D, "f32.lt", NONE, F32, F32, I32, a < b) \
  X(CMP, F32_GT, 0x5E, "f32.gt", NONE, F32, F32, I32, a > b) \
  X(CMP, F32_LE, 0x5F, "f32.le", NONE, F32, F32, I32, a <= b) \
  X(CMP, F32_GE, 0x60, "f32.ge", NONE, F32, F32, I32, a >= b) \
  X(CMP, F64_EQ, 0x61, "f64.eq", NONE, F64, F64, I32, a == b) \
  X(CMP, F64_NE, 0x62, "f64.ne", NONE, F64, F64, I32, a != b) \
  X(CMP, F64_LT, 0x63, "f64.lt", NONE, F64, F64, I32, a < b) \
  X(CMP, F64_GT, 0x64, "f64.gt", NONE, F64, F64, I32, a > b) \
  X(CMP, F64_LE, 0x65, "f64.le", NONE, F64, F64, I32, a <= b) \
  X(CMP, F64_GE, 0x66, "f64.ge", NONE, F64, F64, I32, a >= b) \
  X(UN, I32_CLZ, 0x67, "i32.clz", NONE, I32, _, I32, mwF_i32_clz(a)) \
  X(UN, I32_CTZ, 0x68, "i32.ctz", NONE, I32, _, I32, mwF_i32_ctz(a)) \
  X(UN, I32_POPCNT, 0x69, "i32.popcnt", NONE, I32, _, I32, mwF_i32_popcnt(a)) \
  X(BIN, I32_ADD, 0x6A, "i32.add", NONE, I32, I32, I32, a + b) \
  X(BIN, I32_SUB, 0x6B, "i32.sub", NONE, I32, I32, I32, a - b) \
  X(BIN, I32_MUL, 0x6C, "i32.mul", NONE, I32, I32, I32, a * b) \
  X(BINT, I32_DIV_S, 0x6D, "i32.div_s", NONE, I32, I32, I32, mwF_i32_div_s) \
  X(BINT, I32_DIV_U, 0x6E, "i32.div_u", NONE, I32, I32, I32, mwF_i32_div_u) \
  X(BINT, I32_REM_S, 0x6F, "i32.rem_s", NONE, I32, I32, I32, mwF_i32_rem_s) \
  X(BINT, I32_REM_U, 0x70, "i32.rem_u", NONE, I32, I32, I32, mwF_i32_rem_u) \
  X(BIN, I32_AND, 0x71, "i32.and", NONE, I32, I32, I32, a & b) \
  X(BIN, I32_OR, 0x72, "i32.or", NONE, I32, I32, I32, a | b) \
  X(BIN, I32_XOR, 0x73, "i32.xor", NONE, I32, I32, I32, a ^ b) \
  X(BIN, I32_SHL, 0x74, "i32.shl", NONE, I32, I32, I32, mwF_i32_shl(a, b)) \
  X(BIN, I32_SHR_S, 0x75, "i32.shr_s", NONE, I32, I32, I32, mwF_i32_shr_s(a, b)) \
  X(BIN, I32_SHR_U, 0x76, "i32.shr_u", NONE, I32, I32, I32, mwF_i32_shr_u(a, b)) \
  X(BIN, I32_ROTL, 0x77, "i32.rotl", NONE, I32, I32, I32, mwF_i32_rotl(a, b)) \
  X(BIN, I32_ROTR, 0x78, "i32.rotr", NONE, I32, I32, I32, mwF_i32_rotr(a, b)) \
  X(UN, I64_CLZ, 0x79, "i64.clz", NONE, I64, _, I64, mwF_i64_clz(a)) \
  X(UN, I64_CTZ, 0x7A, "i64.ctz", NONE, I64, _, I64, mwF_i64_ctz(a)) \
  X(UN, I64_POPCNT, 0x7B, "i64.popcnt", NONE, I64, _, I64, mwF_i64_popcnt(a)) \
  X(BIN, I64_ADD, 0x7C, "i64.add", NONE, I64, I64, I64, a + b) \
  X(BIN, I64_SUB, 0x7D, "i64.sub", NONE, I64, I64, I64, a - b) \
  X(BIN, I64_MUL, 0x7E, "i64.mul", NONE, I64, I64, I64, a * b) \
  X(BINT, I64_DIV_S, 0x7F, "i64.div_s", NONE, I64, I64, I64, mwF_i64_div_s) \
  X(BINT, I64_DIV_U, 0x80, "i64.div_u", NONE, I64, I64, I64, mwF_i64_div_u) \
  X(BINT, I64_REM_S, 0x81, "i64.rem_s", NONE, I64, I64, I64, mwF_i64_rem_s) \
  X(BINT, I64_REM_U, 0x82, "i64.rem_u", NONE, I64, I64, I64, mwF_i64_rem_u) \
  X(BIN, I64_AND, 0x83, "i64.and", NONE, I64, I64, I64, a & b) \
  X(BIN, I64_OR, 0x84, "i64.or", NONE, I64, I64, I64, a | b) \
  X(BIN, I64_XOR, 0x85, "i64.xor", NONE, I64, I64, I64, a ^ b) \
  X(BIN, I64_SHL, 0x86, "i64.shl", NONE, I64, I64, I64, mwF_i64_shl(a, b)) \
  X(BIN, I64_SHR_S, 0x87, "i64.shr_s", NONE, I64, I64, I64, mwF_i64_shr_s(a, b)) \
  X(BIN, I64_SHR_U, 0x88, "i64.shr_u", NONE, I64, I64, I64, mwF_i64_shr_u(a, b)) \
  X(BIN, I64_ROTL, 0x89, "i64.rotl", NONE, I64, I64, I64, mwF_i64_rotl(a, b)) \
  X(BIN, I64_ROTR, 0x8A, "i64.rotr", NONE, I64, I64, I64, mwF_i64_rotr(a, b)) \
  X(UN, F32_ABS, 0x8B, "f32.abs", NONE, F32, _, F32, mwF_f32_abs(a)) \
  X(UN, F32_NEG, 0x8C, "f32.neg", NONE, F32, _, F32, mwF_f32_neg(a)) \
  X(UN, F32_CEIL, 0x8D, "f32.ceil", NONE, F32, _, F32, mwF_f32_ceil(a)) \
  X(UN, F32_FLOOR, 0x8E, "f32.floor", NONE, F32, _, F32, mwF_f32_floor(a)) \
  X(UN, F32_TRUNC, 0x8F, "f32.trunc", NONE, F32, _, F32, mwF_f32_trunc(a)) \
  X(UN, F32_NEAREST, 0x90, "f32.nearest", NONE, F32, _, F32, mwF_f32_nearest(a)) \
  X(UN, F32_SQRT, 0x91, "f32.sqrt", NONE, F32, _, F32, mwF_f32_sqrt(a)) \
  X(BIN, F32_ADD, 0x92, "f32.add", NONE, F32, F32, F32, a + b) \
  X(BIN, F32_SUB, 0x93, "f32.sub", NONE, F32, F32, F32, a - b) \
  X(BIN, F32_MUL, 0x94, "f32.mul", NONE, F32, F32, F32, a * b) \
  X(BIN, F32_DIV, 0x95, "f32.div", NONE, F32, F32, F32, a / b) \
  X(BIN, F32_MIN, 0x96, "f32.min", NONE, F32, F32, F32, mwF_f32_min(a, b)) \
  X(BIN, F32_MAX, 0x97, "f32.max", NONE, F32, F32, F32, mwF_f32_max(a, b)) \
  X(BIN, F32_COPYSIGN, 0x98, "f32.copysign", NONE, F32, F32, F32, mwF_f32_copysign(a, b)) \
  X(UN, F64_ABS, 0x99, "f64.abs", NONE, F64, _, F64, mwF_f64_abs(a)) \
  X(UN, F64_NEG, 0x9A, "f64.neg", NONE, F64, _, F64, mwF_f64_neg(a)) \
  X(UN, F64_CEIL, 0x9B, "f64.ceil", NONE, F64, _, F64, mwF_f64_ceil(a)) \
  X(UN, F64_FLOOR, 0x9C, "f64.floor", NONE, F64, _, F64, mwF_f64_floor(a)) \
  X(UN, F64_TRUNC, 0x9D, "f64.trunc", NONE, F64, _, F64, mwF_f64_trunc(a)) \
  X(UN, F64_NEAREST, 0x9E, "f64.nearest", NONE, F64, _, F64, mwF_f64_nearest(a)) \
  X(UN, F64_SQRT, 0x9F, "f64.sqrt", NONE, F64, _, F64, mwF_f64_sqrt(a)) \
  X(BIN, F64_ADD, 0xA0, "f64.add", NONE, F64, F64, F64, a + b) \
  X(BIN, F64_SUB, 0xA1, "f64.sub", NONE, F64, F64, F64, a - b) \
  X(BIN, F64_MUL, 0xA2, "f64.mul", NONE, F64, F64, F64, a * b) \
  X(BIN, F64_DIV, 0xA3, "f64.div", NONE, F64, F64, F64, a / b) \
  X(BIN, F64_MIN, 0xA4, "f64.min", NONE, F64, F64, F64, mwF_f64_min(a, b)) \
  X(BIN, F64_MAX, 0xA5, "f64.max", NONE, F64, F64, F64, mwF_f64_max(a, b)) \
  X(BIN, F64_COPYSIGN, 0xA6, "f64.copysign", NONE, F64, F64, F64, mwF_f64_copysign(a, b)) \
  X(UN, I32_WRAP_I64, 0xA7, "i32.wrap_i64", NONE, I64, _, I32, (uint32_t)a) \
  X(UNT, I32_TRUNC_F32_S, 0xA8, "i32.trunc_f32_s", NONE, F32, _, I32, mwF_i32_trunc_f32_s) \
  X(UNT, I32_TRUNC_F32_U, 0xA9, "i32.trunc_f32_u", NONE, F32, _, I32, mwF_i32_trunc_f32_u) \
  X(UNT, I32_TRUNC_F64_S, 0xAA, "i32.trunc_f64_s", NONE, F64, _, I32, mwF_i32_trunc_f64_s) \
  X(UNT, I32_TRUNC_F64_U, 0xAB, "i32.trunc_f64_u", NONE, F64, _, I32, mwF_i32_trunc_f64_u) \
  X(UN, I64_EXTEND_I32_S, 0xAC, "i64.extend_i32_s", NONE, I32, _, I64, (uint64_t)(int64_t)(int32_t)a) \
  X(UN, I64_EXTEND_I32_U, 0xAD, "i64.extend_i32_u", NONE, I32, _, I64, (uint64_t)a) \
  X(UNT, I64_TRUNC_F32_S, 0xAE, "i64.trunc_f32_s", NONE, F32, _, I64, mwF_i64_trunc_f32_s) \
  X(UNT, I64_TRUNC_F32_U, 0xAF, "i64.trunc_f32_u", NONE, F32, _, I64, mwF_i64_trunc_f32_u) \
  X(UNT, I64_TRUNC_F64_S, 0xB0, "i64.trunc_f64_s", NONE, F64, _, I64, mwF_i64_trunc_f64_s) \
  X(UNT, I64_TRUNC_F64_U, 0xB1, "i64.trunc_f64_u", NONE, F64, _, I64, mwF_i64_trunc_f64_u) \
  X(UN, F32_CONVERT_I32_S, 0xB2, "f32.convert_i32_s", NONE, I32, _, F32, mwF_f32_convert_i32_s(a)) \
  X(UN, F32_CONVERT_I32_U, 0xB3, "f32.convert_i32_u", NONE, I32, _, F32, mwF_f32_convert_i32_u(a)) \
  X(UN, F32_CONVERT_I64_S, 0xB4, "f32.convert_i64_s", NONE, I64, _, F32, mwF_f32_convert_i64_s(a)) \
  X(UN, F32_CONVERT_I64_U, 0xB5, "f32.convert_i64_u", NONE, I64, _, F32, mwF_f32_convert_i64_u(a)) \
  X(UN, F32_DEMOTE_F64, 0xB6, "f32.demote_f64", NONE, F64, _, F32, mwF_f32_demote_f64(a)) \
  X(UN, F64_CONVERT_I32_S, 0xB7, "f64.convert_i32_s", NONE, I32, _, F64, mwF_f64_convert_i32_s(a)) \
  X(UN, F64_CONVERT_I32_U, 0xB8, "f64.convert_i32_u", NONE, I32, _, F64, mwF_f64_convert_i32_u(a)) \
  X(UN, F64_CONVERT_I64_S, 0xB9, "f64.convert_i64_s", NONE, I64, _, F64, mwF_f64_convert_i64_s(a)) \
  X(UN, F64_CONVERT_I64_U, 0xBA, "f64.convert_i64_u", NONE, I64, _, F64, mwF_f64_convert_i64_u(a)) \
  X(UN, F64_PROMOTE_F32, 0xBB, "f64.promote_f32", NONE, F32, _, F64, mwF_f64_promote_f32(a)) \
  X(RE, I32_REINTERPRET_F32, 0xBC, "i32.reinterpret_f32", NONE, F32, _, I32, _) \
  X(RE, I64_REINTERPRET_F64, 0xBD, "i64.reinterpret_f64", NONE, F64, _, I64, _) \
  X(RE, F32_REINTERPRET_I32, 0xBE, "f32.reinterpret_i32", NONE, I32, _, F32, _) \
  X(RE, F64_REINTERPRET_I64, 0xBF, "f64.reinterpret_i64", NONE, I64, _, F64, _) \
  X(UN, I32_EXTEND8_S, 0xC0, "i32.extend8_s", NONE, I32, _, I32, mwF_i32_extend8_s(a)) \
  X(UN, I32_EXTEND16_S, 0xC1, "i32.extend16_s", NONE, I32, _, I32, mwF_i32_extend16_s(a)) \
  X(UN, I64_EXTEND8_S, 0xC2, "i64.extend8_s", NONE, I64, _, I64, mwF_i64_extend8_s(a)) \
  X(UN, I64_EXTEND16_S, 0xC3, "i64.extend16_s", NONE, I64, _, I64, mwF_i64_extend16_s(a)) \
  X(UN, I64_EXTEND32_S, 0xC4, "i64.extend32_s", NONE, I64, _, I64, mwF_i64_extend32_s(a)) \
  X(REF, REF_NULL, 0xD0, "ref.null", REFTYPE, _, _, _, _)         /* push null of a reftype */ \
  X(REF, REF_IS_NULL, 0xD1, "ref.is_null", NONE, _, _, _, _)   /* ref -> i32 */ \
  X(REF, REF_FUNC, 0xD2, "ref.func", FUNC, _, _, _, _)         /* push funcref */

#define MW_OPCODES_FC(X) \
  X(UN, I32_TRUNC_SAT_F32_S, 0, "i32.trunc_sat_f32_s", NONE, F32, _, I32, mwF_i32_trunc_sat_f32_s(a)) \
  X(UN, I32_TRUNC_SAT_F32_U, 1, "i32.trunc_sat_f32_u", NONE, F32, _, I32, mwF_i32_trunc_sat_f32_u(a)) \
  X(UN, I32_TRUNC_SAT_F64_S, 2, "i32.trunc_sat_f64_s", NONE, F64, _, I32, mwF_i32_trunc_sat_f64_s(a)) \
  X(UN, I32_TRUNC_SAT_F64_U, 3, "i32.trunc_sat_f64_u", NONE, F64, _, I32, mwF_i32_trunc_sat_f64_u(a)) \
  X(UN, I64_TRUNC_SAT_F32_S, 4, "i64.trunc_sat_f32_s", NONE, F32, _, I64, mwF_i64_trunc_sat_f32_s(a)) \
  X(UN, I64_TRUNC_SAT_F32_U, 5, "i64.trunc_sat_f32_u", NONE, F32, _, I64, mwF_i64_trunc_sat_f32_u(a)) \
  X(UN, I64_TRUNC_SAT_F64_S, 6, "i64.trunc_sat_f64_s", NONE, F64, _, I64, mwF_i64_trunc_sat_f64_s(a)) \
  X(UN, I64_TRUNC_SAT_F64_U, 7, "i64.trunc_sat_f64_u", NONE, F64, _, I64, mwF_i64_trunc_sat_f64_u(a)) \
  X(BULK, MEMORY_INIT, 8, "memory.init", DATA_MEM0, _, _, _, _)     /* copy from a data segment */ \
  X(BULK, DATA_DROP, 9, "data.drop", DATA, _, _, _, _)         /* forget a data segment */ \
  X(BULK, MEMORY_COPY, 10, "memory.copy", MEM0_MEM0, _, _, _, _)    /* overlapping copy */ \
  X(BULK, MEMORY_FILL, 11, "memory.fill", MEM0, _, _, _, _)    /* set bytes */ \
  X(BULK, TABLE_INIT, 12, "table.init", ELEM_TABLE, _, _, _, _)      /* copy from an element segment */ \
  X(BULK, ELEM_DROP, 13, "elem.drop", ELEM, _, _, _, _)        /* forget an element segment */ \
  X(BULK, TABLE_COPY, 14, "table.copy", TABLE_TABLE, _, _, _, _)      /* overlapping copy */ \
  X(BULK, TABLE_GROW, 15, "table.grow", TABLE, _, _, _, _)      /* old size or -1 */ \
  X(BULK, TABLE_SIZE, 16, "table.size", TABLE, _, _, _, _)      /* elements */ \
  X(BULK, TABLE_FILL, 17, "table.fill", TABLE, _, _, _, _)      /* set elements */


#if MW_SIMD
#  include "opcodes_simd.h"
#else
#  define MW_OPCODES_FD(X)
#endif

/*
 * The translated code. It is 16-bit units (mw_unit): an opcode unit, then operands. A
 * layout string spells the operands, one character per unit, so a form's length is
 * sizeof its layout (the terminating NUL stands for the opcode unit):
 *   d  destination slot          s  source slot         k  small constant (shift, lane, code)
 *   Ii 32-bit immediate or index (low half first)      Oo 32-bit branch offset, relative
 *   Qqqq 64-bit immediate        Vvvvvvvv 128-bit immediate      to the offset's own position
 *   Eeee a code address: where a call enters its callee (set once every function of the
 *        module is translated, compile.c mwC_link; 64 bits on every host)
 * compile.c emits and interp.c reads every form through these definitions, and
 * `minwasm explore` prints translated code with them.
 *
 * The forms of the instructions generated from the table (per kind):
 */
#define MW_LAY_UN "ds"
#define MW_LAY_UNT "ds"
#define MW_LAY_BIN "dss"
#define MW_LAY_BIN_RI32 "dsIi"        /* b is an immediate */
#define MW_LAY_BIN_RI64 "dsQqqq"
#define MW_LAY_BINT "dss"
#define MW_LAY_BR "ssOo"              /* compare and branch (BRT_ on true, BRF_ on false) */
#define MW_LAY_BR_RI32 "sIiOo"
#define MW_LAY_BR_RI64 "sQqqqOo"
#define MW_LAY_CNT "dsIisOo"          /* d = a + imm, then branch on cmp(d, b) */
#define MW_LAY_CNT_RI "dsIiIiOo"      /* d = a + imm, then branch on cmp(d, imm2) */
#define MW_LAY_SEL "dssss"            /* dst = cmp(a, b) ? t : f: [d t f a b] */
#define MW_LAY_SEL_RI32 "dsssIi"
#define MW_LAY_SEL_RI64 "dsssQqqq"
#define MW_LAY_LD "dsIi"              /* dst, address, offset */
#define MW_LAY_LD_A "dsIiIi"          /* dst, base, imm, offset: address base + imm */
#define MW_LAY_LD_AR "dssIi"          /* dst, a, b, offset: address a + b */
#define MW_LAY_LD_AS "dsskIi"         /* dst, a, b, k, offset: address a + (b << k) */
#define MW_LAY_LD_AX "dskIiIi"        /* dst, b, k, imm, offset: address (b << k) + imm */
#define MW_LAY_ST "ssIi"              /* address, value, offset */
#define MW_LAY_ST_A "sIisIi"          /* base, imm, value, offset */
#define MW_LAY_ST_AR "sssIi"          /* a, b, value, offset */
#define MW_LAY_ST_AS "ssksIi"         /* a, b, k, value, offset */
#define MW_LAY_ST_AX "skIisIi"        /* b, k, imm, value, offset */
#define MW_LAY_VUN "ds"
#define MW_LAY_VBIN "dss"
#define MW_LAY_VTERN "dsss"
#define MW_LAY_VTEST "ds"
#define MW_LAY_VSHIFT "dss"
#define MW_LAY_VSPLAT "ds"
#define MW_LAY_VEXTRACT "dsk"         /* dst, vector, lane */
#define MW_LAY_VREPLACE "dssk"        /* dst, vector, scalar, lane */
#define MW_LAY_VSHUF "dssVvvvvvvv"    /* dst, a, b, 16 lane bytes */
#define MW_LAY_VLD "dsIi"             /* dst, address, offset */
#define MW_LAY_VST "ssIi"             /* address, value, offset */
#define MW_LAY_VLDLANE "dssIik"       /* dst, address, vector, offset, lane */
#define MW_LAY_VSTLANE "ssIik"        /* address, vector, offset, lane */
/* Length in units of a form, opcode included. */
#define MW_LEN(form) ((int)sizeof(MW_LAY_##form))

/*
 * The translated instructions that are not 1:1 with a table row.
 *   Y(SYM, "name", "layout")   an empty layout with a 0 after it marks BR_TABLE, the one
 *                              variable-length form: s idx, Ii n, then n + 1 offsets Oo
 *                              (the last is the default).
 */
#define MW_IROPS(Y) \
  Y(TRAP, "trap", "k")                 /* trap code */ \
  Y(BR, "br", "Oo") \
  Y(BR_BACK, "br.back", "Oo")          /* backward branch: polls fuel */ \
  Y(BR_IF, "br_if", "sOo")             /* taken backwards: polls fuel */ \
  Y(BR_IFZ, "br_ifz", "sOo")           /* branch if zero */ \
  Y(BR_TABLE, "br_table", "sIi")       /* + (n + 1) offsets */ \
  Y(BR_TABLE_ACC, "br_table.acc", "sIi") /* the same, its index from the accumulator */ \
  Y(RET, "ret", "s")                   /* first result slot (mw_code.nresults slots) */ \
  Y(RET0, "ret0", "") \
  Y(RET1, "ret1", "s")                 /* one single-slot result; leaves the accumulator */ \
  Y(RET1_ACC, "ret1.acc", "s")         /* the same result, from the accumulator */ \
  Y(RET_EXIT, "ret.exit", "")          /* never emitted: where a stub frame record \
                                          returns to (interp.c) */ \
  Y(RET_XINST, "ret.xinst", "")        /* ... the same, for a call to another instance */ \
  Y(CALL, "call", "Iis")               /* func, base of the arguments */ \
  Y(CALL_LOCAL, "call.local", "IisEeee") /* a function defined in this module, and its \
                                        * entry: the new pc is one load away */ \
  Y(CALL_INDIRECT, "call_indirect", "IiIiss") /* type, table, base, index */ \
  /* the same after one or two copies (an argument moved into place): d = s first */ \
  Y(CALL_LOCAL_C, "call.local.c", "IisEeeeds") \
  Y(CALL_LOCAL_CC, "call.local.cc", "IisEeeedsds") \
  Y(CALL_INDIRECT_C, "call_indirect.c", "IiIissds") \
  Y(CALL_INDIRECT_CC, "call_indirect.cc", "IiIissdsds") \
  Y(COPY, "copy", "ds") \
  Y(ZERO, "zero", "dk")                /* k slots from d: a function's declared locals */ \
  Y(ZERO1, "zero1", "d")               /* the same for one slot */ \
  Y(ZERO2, "zero2", "d")               /* ... and for two */ \
  Y(COPY2, "copy2", "ds")              /* a two-slot value (v128) */ \
  Y(COPY_COPY, "copy.copy", "dsds")    /* two copies in order (the second reads after \
                                        * the first writes) */ \
  /* these four leave the accumulator as the rows they replace would */ \
  Y(I32_ADD_SHL, "i32.add_shl", "dssk") /* a + (b << k), k < 32 */ \
  Y(I32_ADD3, "i32.add3", "dsss")       /* a + b + c */ \
  Y(I32_SHRU_AND, "i32.shr_u_and", "dskIi") /* (a >> k) & imm, k < 32: a bit field */ \
  Y(I32_ROTL_XOR, "i32.rotl_xor", "dssk") /* rotl(a, k) ^ b, k < 32 */ \
  /* ... and their .acc forms: a (rotl_xor: b) from the accumulator, its slot named */ \
  Y(I32_ADD_SHL_ACC, "i32.add_shl.acc", "dssk") \
  Y(I32_ADD3_ACC, "i32.add3.acc", "dsss") \
  Y(I32_SHRU_AND_ACC, "i32.shr_u_and.acc", "dskIi") \
  Y(I32_ROTL_XOR_ACC, "i32.rotl_xor.acc", "dssk") \
  Y(BRT_I32_AND, "brt.i32.and", "ssOo")  /* branch if a & b is not 0: a bit test */ \
  Y(BRF_I32_AND, "brf.i32.and", "ssOo")  /* ... if it is 0 */ \
  Y(BRT_I32_AND_RI, "brt.i32.and_ri", "sIiOo") \
  Y(BRF_I32_AND_RI, "brf.i32.and_ri", "sIiOo") \
  Y(I32_ADD_RI_BRT, "i32.add_ri.brt", "dsIiOo") /* d = a + imm, branch if d is not 0 */ \
  Y(I32_ADD_RI_BRF, "i32.add_ri.brf", "dsIiOo") /* ... if d is 0 */ \
  Y(I32_ADD_RI_BRT_C, "copy+", "ds")   /* a copy, then the i32.add_ri.brt after it */ \
  Y(I32_ADD_RI_BRF_C, "copy+", "ds")   /* ... then the i32.add_ri.brf after it */ \
  Y(F64_ADD_L, "f64.add_l", "dssIi")     /* a + f64 at address b + offset */ \
  Y(F64_SUB_L, "f64.sub_l", "dssIi")     /* a - that */ \
  Y(F64_MUL_L, "f64.mul_l", "dssIi") \
  Y(F64_ADD_LA, "f64.add_la", "dssIiIi") /* a + f64 at (b + imm, wrapped) + offset */ \
  Y(F64_SUB_LA, "f64.sub_la", "dssIiIi") \
  Y(F64_MUL_LA, "f64.mul_la", "dssIiIi") \
  Y(F64_ADD_M, "f64.add_m", "ssIi")      /* f64 at address b + offset += a (a + it) */ \
  Y(F64_MUL_ADD, "f64.mul_add", "dsss")  /* a * b + c, rounded twice */ \
  Y(F64_MUL_SUB, "f64.mul_sub", "dsss")  /* a * b - c */ \
  Y(F64_MUL_RSUB, "f64.mul_rsub", "dsss") /* c - a * b */ \
  /* .acc forms of the fused f64 ones (see MW_ACC_*): the plain forms' layouts, the \
   * slot still named. */ \
  Y(F64_ADD_L_ACC, "f64.add_l.acc", "dssIi") \
  Y(F64_SUB_L_ACC, "f64.sub_l.acc", "dssIi") \
  Y(F64_MUL_L_ACC, "f64.mul_l.acc", "dssIi") \
  Y(F64_ADD_LA_ACC, "f64.add_la.acc", "dssIiIi") \
  Y(F64_SUB_LA_ACC, "f64.sub_la.acc", "dssIiIi") \
  Y(F64_MUL_LA_ACC, "f64.mul_la.acc", "dssIiIi") \
  Y(F64_ADD_M_ACC, "f64.add_m.acc", "ssIi") \
  Y(CONST32, "const32", "dIi") \
  Y(CONST64, "const64", "dQqqq") \
  Y(CONST128, "const128", "dVvvvvvvv") \
  Y(SELECT, "select", "dsss")          /* dst, a, b, cond */ \
  Y(SELECT2, "select2", "dsss")        /* the same for two-slot values */ \
  Y(GLOBAL_GET, "global.get", "dIi") \
  Y(GLOBAL_SET, "global.set", "Iis") \
  Y(GLOBAL_GET2, "global.get2", "dIi") /* v128 globals */ \
  Y(GLOBAL_SET2, "global.set2", "Iis") \
  Y(MEMORY_SIZE, "memory.size", "d") \
  Y(MEMORY_GROW, "memory.grow", "ds") \
  Y(REF_IS_NULL, "ref.is_null", "ds") \
  Y(REF_FUNC, "ref.func", "dIi") \
  Y(TABLE_GET, "table.get", "dIis")    /* dst, table, index */ \
  Y(TABLE_SET, "table.set", "Iiss")    /* table, index, value */ \
  Y(TABLE_SIZE, "table.size", "dIi") \
  Y(TABLE_GROW, "table.grow", "dIiss") /* dst, table, init, n */ \
  Y(TABLE_FILL, "table.fill", "Iisss") /* table, i, value, n */ \
  Y(TABLE_COPY, "table.copy", "IiIisss") /* dst table, src table, d, s, n */ \
  Y(TABLE_INIT, "table.init", "IiIisss") /* table, segment, d, s, n */ \
  Y(ELEM_DROP, "elem.drop", "Ii") \
  Y(MEMORY_INIT, "memory.init", "Iisss") /* segment, d, s, n */ \
  Y(DATA_DROP, "data.drop", "Ii") \
  Y(MEMORY_COPY, "memory.copy", "sss") /* d, s, n */ \
  Y(MEMORY_FILL, "memory.fill", "sss") /* d, value, n */

/* Lengths of those forms: IRLEN_<SYM> (BR_TABLE: without its offsets). */
enum mw_irlen {
#define MW_Y_LEN(sym, name, lay) IRLEN_##sym = (int)sizeof(lay),
    MW_IROPS(MW_Y_LEN)
#undef MW_Y_LEN
};

/*
 * Every wasm instruction, in table order: OP_<SYM>. mwO_read (instr.c) turns bytes into
 * these, so no pass switches on raw opcode bytes.
 */
enum mw_op {
#define MW_X_OP(kind, sym, ...) OP_##sym,
    MW_OPCODES(MW_X_OP)
    MW_OPCODES_FC(MW_X_OP)
    MW_OPCODES_FD(MW_X_OP)
#undef MW_X_OP
    OP_COUNT_
};

/*
 * Joined pairs (pair.c): where the translated code has form a right before form b, and
 * no branch lands on b, a's opcode becomes P_a_b, whose handler does a and then goes
 * straight to b's handler (no dispatch between them; gcc merges the two). b stays whole
 * in place: explore shows a as "a+" and b after it, and a suspension or trap in b
 * finds it there. The first forms are a few simple ones (interp.c PF_*); the pairs are
 * the most frequent of the benchmark suite's (bench/profile-interp.py, doc/dispatch.md).
 */
#define MW_PAIRS(P) \
  P(I32_ADD_RI, I32_ADD_RI) P(I32_ADD_RI, I64_ADD_RI) P(I32_ADD_RI, I32_ADD_RI_BRT) \
  P(I32_ADD_RI, F64_MUL_LA) P(I32_ADD_RI, BRF_I32_AND_RI) P(I32_ADD_RI, I32_LOAD_AX) \
  P(I32_ADD_RI, I32_SHR_U) P(I32_ADD_RI, BRT_I32_GT_U_RI) P(I32_ADD_RI, CNT_BRT_I32_NE) \
  P(I32_ADD_RI, I32_SUB_RI) P(I32_ADD_RI, COPY) P(I32_ADD_RI, BR) \
  P(I32_ADD_RI, I32_ADD_SHL_ACC) \
  P(I64_ADD_RI, I32_ADD_RI) P(I64_ADD_RI, BRT_I64_NE) P(I64_ADD_RI, BR_BACK) \
  P(I32_SUB_RI, CALL_LOCAL) P(I32_SUB_RI, CALL_LOCAL_C) P(I32_SUB_RI, F64_MUL) \
  P(COPY, F64_MUL) P(COPY, F64_SUB) P(COPY, I32_ADD) P(COPY, I32_ADD_RI) \
  P(I32_ADD, I32_ADD) P(I32_ADD, F64_LOAD_A_ACC) P(I32_ADD, BRT_I32_LT_U) \
  P(F64_ADD_M_ACC, I32_ADD_RI) P(F64_ADD_M_ACC, I32_SUB_RI) \
  P(I32_ADD_ACC, CNT_BRT_I32_GT_U_RI) P(I32_ADD_ACC, I32_LOAD8_U_A) \
  P(F64_SUB, F64_ADD_ACC) P(F64_MUL, F64_MUL_ADD) P(BR_IFZ, BR_IFZ) \
  P(F64_NEG_ACC, SEL_F64_LT_RI) P(F64_ADD, CNT_BRT_I32_NE_RI_C) \
  P(F64_MUL_RSUB, F64_STORE_ACC) P(F64_ADD_LA_ACC, F64_ADD_ACC) P(F64_MUL_RI_ACC, F64_STORE_ACC) \
  P(F64_MUL_L_ACC, F64_ADD_ACC) P(I32_LOAD, I32_STORE_ACC) P(I32_SUB_RI, I32_SUB_RI) \
  P(I32_LOAD_AS, I32_LOAD_AS) P(I32_LOAD_AS, I32_STORE_ACC) P(I32_SHR_U, I32_AND_RI_ACC) \
  P(COPY, BR_IF) P(COPY, I32_SHL_RI) P(I32_LOAD_AX, BR_TABLE_ACC) \
  P(I32_XOR_ACC, I32_MUL_RI_ACC) P(I32_MUL_RI_ACC, I32_SHR_U_RI_ACC) \
  P(I32_SHR_U_RI_ACC, I32_XOR_ACC) P(I32_SHR_U_RI, I32_XOR_ACC) P(I32_XOR_ACC, I32_SHRU_AND) \
  P(I32_SHRU_AND, I32_LOAD_A_ACC) P(I32_SHRU_AND_ACC, I32_LOAD_A_ACC) \
  P(I32_LOAD_A_ACC, I32_XOR_ACC) P(I32_LOAD, I32_LOAD_ACC) P(I32_LOAD_ACC, CALL_INDIRECT_CC) \
  P(I32_OR_ACC, I32_STORE_ACC) P(I32_ADD_ACC, I32_LOAD_ACC) P(I32_ADD, I32_SUB_RI_ACC) \
  P(COPY, BR) P(COPY, BR_BACK) P(I32_ADD_RI, BR_BACK) P(I32_LOAD, BR) P(I32_LOAD_AX, BR)
/*
 * Chains: a pair whose second is itself joined (a pair or a chain), so that three or
 * more forms run in one dispatch. pair.c reads each run of first forms right to left,
 * so the second is joined before its first is looked at; a first whose chain is not
 * here still joins the second's own form (its pair), which then runs alone.
 */
#define MW_CHAINS(P) \
  P(F64_ADD_M_ACC, P_I32_ADD_RI_F64_MUL_LA) P(I32_ADD_RI, P_I32_ADD_RI_CNT_BRT_I32_NE) \
  P(F64_ADD_M_ACC, P_I32_ADD_RI_P_I32_ADD_RI_CNT_BRT_I32_NE) \
  P(I32_ADD_RI, P_I32_ADD_RI_I32_ADD_RI_BRT) \
  P(F64_ADD_M_ACC, P_I32_ADD_RI_P_I32_ADD_RI_I32_ADD_RI_BRT) \
  P(I64_ADD_RI, P_I32_ADD_RI_BRT_I32_GT_U_RI) P(COPY, P_F64_SUB_F64_ADD_ACC) \
  P(F64_ADD, P_COPY_P_F64_SUB_F64_ADD_ACC) P(COPY, P_F64_MUL_F64_MUL_ADD) \
  P(I32_ADD, P_I32_ADD_F64_LOAD_A_ACC) P(COPY, P_I32_ADD_P_I32_ADD_F64_LOAD_A_ACC) \
  P(F64_SUB, P_F64_NEG_ACC_SEL_F64_LT_RI) \
  P(BRF_I32_GE_U_RI, P_I32_SUB_RI_CALL_LOCAL) P(BR_IFZ, P_I32_SUB_RI_CALL_LOCAL_C) \
  P(I32_SHR_U, P_I32_ADD_RI_BRF_I32_AND_RI) \
  P(I32_ADD_RI, P_I32_SHR_U_P_I32_ADD_RI_BRF_I32_AND_RI) P(I32_ADD_RI, P_I64_ADD_RI_BR_BACK) \
  P(F64_LOAD, P_F64_MUL_RSUB_F64_STORE_ACC) P(F64_ADD_ACC, P_F64_MUL_RI_ACC_F64_STORE_ACC) \
  P(F64_LOAD_A, P_F64_ADD_ACC_P_F64_MUL_RI_ACC_F64_STORE_ACC) \
  P(F64_DIV, P_F64_MUL_L_ACC_F64_ADD_ACC) P(I32_ADD_RI, P_I32_LOAD_AX_BR_TABLE_ACC) \
  P(I32_XOR_ACC, P_I32_SHRU_AND_I32_LOAD_A_ACC) P(I32_LOAD, P_I32_LOAD_ACC_CALL_INDIRECT_CC) \
  P(I32_ADD_RI, P_I32_ADD_RI_BR) \
  P(I32_SHL, P_I32_OR_ACC_I32_STORE_ACC) P(I32_SHRU_AND, P_I32_ADD_ACC_I32_LOAD_ACC) \
  P(F64_ADD_M_ACC, P_I32_SUB_RI_F64_MUL) P(I32_MUL_RI_ACC, P_I32_SHR_U_RI_ACC_I32_XOR_ACC)
/* The forms that may be a pair's first (each has a body in interp.c, PF_*). A pair or
 * chain is named and laid out as its first form (instr.c mwO_first_form). */
#define MW_PAIR_FIRSTS(F) F(I32_ADD_RI) F(I32_SUB_RI) F(I64_ADD_RI) F(I32_ADD) F(COPY) \
  F(F64_ADD_M_ACC) F(I32_ADD_ACC) F(F64_SUB) F(F64_MUL) F(BR_IFZ) F(F64_NEG_ACC) F(F64_ADD) \
  F(I32_SHR_U) F(BRF_I32_GE_U_RI) F(F64_ADD_ACC) F(F64_MUL_RI_ACC) F(F64_DIV) F(F64_MUL_RSUB) \
  F(F64_MUL_L_ACC) F(F64_ADD_LA_ACC) F(I32_LOAD) F(I32_LOAD_AS) F(I32_LOAD_AX) F(F64_LOAD) \
  F(F64_LOAD_A) F(I32_LOAD_ACC) F(I32_LOAD_A_ACC) F(I32_XOR_ACC) F(I32_OR_ACC) F(I32_MUL_RI_ACC) \
  F(I32_SHR_U_RI_ACC) F(I32_SHR_U_RI) F(I32_SHL) F(I32_SHRU_AND) F(I32_SHRU_AND_ACC)
/*
 * Replicas (pair.c mwJ_join; computed-goto builds only): each form below has seven
 * more opcodes, IR_R1_x to IR_R7_x, that run x's handler from a copy of its code with
 * its own indirect jump (interp.c). Each x in the translated code takes one of the eight
 * by the opcode that follows it, so each jump sees about an eighth of x's successors and
 * the branch predictor tells them apart better (doc/dispatch.md, session 14, where
 * eight measured faster than four). A replica is named and laid out as its form
 * (instr.c mwO_first_form). The forms: the pair first forms and the suite's other most
 * executed one-block handlers (bench/profile-interp.py); a handler of several blocks
 * (br_ifz, brf.i32.ge_u_ri) gets no copy of its own from gcc, so its replicas share it.
 */
#define MW_REPLICAS(C) MW_PAIR_FIRSTS(C) C(CONST32) C(COPY_COPY) C(I32_LOAD_A) C(F64_MUL_ACC) \
  C(F64_MUL_LA) C(F64_MUL_ADD) C(F64_MUL_L) C(I32_ADD3_ACC) C(I32_ROTL_XOR_ACC) C(I32_ADD_SHL) \
  C(F64_SUB_LA) C(I32_LOAD8_U) C(I32_SUB) C(I32_SHL_RI) C(I32_LOAD_AR) C(I32_AND_RI) C(I32_STORE) \
  C(I32_STORE_ACC) C(I32_LOAD8_U_A) C(I32_AND) C(I32_XOR) C(I64_LOAD_A) C(I64_STORE_A) C(I32_ADD_RI_ACC)
/* Each replica k of form x, R(x, k): every table that names the replicas expands this. */
#define MW_EACH_REPLICA(R, x) R(x, 1) R(x, 2) R(x, 3) R(x, 4) R(x, 5) R(x, 6) R(x, 7)
#define MW_NREPLICAS 7   /* per form, besides the form itself (checked below) */

/*
 * Translated opcode numbers: every UN/BIN/UNT/BINT/LD/ST and SIMD instruction keeps its
 * own handler (BIN and CMP ops also get an _RI form whose b is an immediate; CMP ops get
 * BRT_ / BRF_ forms that branch when the comparison is true / false, and SEL_ forms, a
 * select on the comparison; LD and ST get _A, _AR, _AS and _AX forms that compute
 * their address), then the IR ops. compile.c relies on the order within a row's group
 * (X, X_RI, BRT_X, BRT_X_RI, BRF_X, BRF_X_RI, SEL_X, SEL_X_RI; X, X_A, X_AR, X_AS, X_AX):
 * the _Static_asserts below pin it.
 */
enum mw_irop {
#define MW_X_SKIP(...)
/* Accumulator forms (.acc: operand a read from the accumulator of its type, where the
 * instruction just before left it; interp.c SET_*) of UN and BIN rows whose operand is
 * i32, i64 or f64; the BIN rows also get return forms (.ret: the result is the
 * function's, returned as ret1 would: compile.c emit_ret1). */
#define MW_ACC_UN_I32(sym) IR_##sym##_ACC,
#define MW_ACC_UN_I64(sym) IR_##sym##_ACC,
#define MW_ACC_UN_F64(sym) IR_##sym##_ACC,
#define MW_ACC_UN_F32(sym)
#define MW_ACC_UN_V128(sym)
#define MW_ACC_BIN_I32(sym) IR_##sym##_ACC, IR_##sym##_RI_ACC, IR_##sym##_RET, IR_##sym##_RI_RET,
#define MW_ACC_BIN_I64(sym) IR_##sym##_ACC, IR_##sym##_RI_ACC, IR_##sym##_RET, IR_##sym##_RI_RET,
#define MW_ACC_BIN_F64(sym) IR_##sym##_ACC, IR_##sym##_RI_ACC, IR_##sym##_RET, IR_##sym##_RI_RET,
#define MW_ACC_BIN_F32(sym)
#define MW_X_ONE(kind, sym, code, name, imm, t1, ...) MW_X_ONE_##kind(sym, t1)
#define MW_X_ONE_UN(sym, t1) IR_##sym, MW_ACC_UN_##t1(sym)
#define MW_X_ONE_UNT(sym, t1) IR_##sym,
#define MW_X_ONE_BIN(sym, t1) IR_##sym, IR_##sym##_RI, MW_ACC_BIN_##t1(sym)
#define MW_X_ONE_CMP(sym, t1) IR_##sym, IR_##sym##_RI, \
    IR_BRT_##sym, IR_BRT_##sym##_RI, IR_BRF_##sym, IR_BRF_##sym##_RI, \
    IR_SEL_##sym, IR_SEL_##sym##_RI, MW_CNT_##t1(sym)
/* Count-and-branch forms of the i32 compares (a loop's latch, i += k; if (i OP n)):
 * d = a + imm, then the compare of d with b (slot or immediate) and the branch on it.
 * Each also has a copy-first form (_C): the opcode of a copy right before the form, which
 * does the copy and then the form after it in one dispatch (the form's own opcode unit
 * stays, unread: a suspension in it resumes there). */
#define MW_CNT_I32(sym) IR_CNT_BRT_##sym, IR_CNT_BRT_##sym##_RI, IR_CNT_BRF_##sym, \
    IR_CNT_BRF_##sym##_RI, IR_CNT_BRT_##sym##_C, IR_CNT_BRT_##sym##_RI_C, IR_CNT_BRF_##sym##_C, \
    IR_CNT_BRF_##sym##_RI_C,
#define MW_CNT_I64(sym)
#define MW_CNT_F32(sym)
#define MW_CNT_F64(sym)
#define MW_X_ONE_BINT(sym, t1) IR_##sym,
/* ... and two accumulator forms of every load: the address's base from the accumulator
 * (plain and _A addresses). */
#define MW_X_ONE_LD(sym, t1) IR_##sym, IR_##sym##_A, IR_##sym##_AR, IR_##sym##_AS, IR_##sym##_AX, \
    IR_##sym##_ACC, IR_##sym##_A_ACC,
/* ... and of every store: the value from the accumulator (plain address). */
#define MW_X_ONE_ST(sym, t1) IR_##sym, IR_##sym##_A, IR_##sym##_AR, IR_##sym##_AS, IR_##sym##_AX, \
    IR_##sym##_ACC,
#define MW_X_ONE_CTRL(sym, t1)
#define MW_X_ONE_PARAM(sym, t1)
#define MW_X_ONE_VAR(sym, t1)
#define MW_X_ONE_TBL(sym, t1)
#define MW_X_ONE_MEMX(sym, t1)
#define MW_X_ONE_CST(sym, t1)
#define MW_X_ONE_RE(sym, t1)
#define MW_X_ONE_REF(sym, t1)
#define MW_X_ONE_BULK(sym, t1)
#define MW_X_ONE_VCONST(sym, t1)
#define MW_X_ONE_VLD(sym, t1) IR_##sym,
#define MW_X_ONE_VST(sym, t1) IR_##sym,
#define MW_X_ONE_VLDLANE(sym, t1) IR_##sym,
#define MW_X_ONE_VSTLANE(sym, t1) IR_##sym,
#define MW_X_ONE_VSHUF(sym, t1) IR_##sym,
#define MW_X_ONE_VEXTRACT(sym, t1) IR_##sym,
#define MW_X_ONE_VREPLACE(sym, t1) IR_##sym,
#define MW_X_ONE_VSPLAT(sym, t1) IR_##sym,
#define MW_X_ONE_VUN(sym, t1) IR_##sym,
#define MW_X_ONE_VBIN(sym, t1) IR_##sym,
#define MW_X_ONE_VTERN(sym, t1) IR_##sym,
#define MW_X_ONE_VTEST(sym, t1) IR_##sym,
#define MW_X_ONE_VSHIFT(sym, t1) IR_##sym,
    MW_OPCODES(MW_X_ONE)
    MW_OPCODES_FC(MW_X_ONE)
    MW_OPCODES_FD(MW_X_ONE)
#define MW_Y_ONE(sym, name, lay) IR_##sym,
    MW_IROPS(MW_Y_ONE)
#undef MW_Y_ONE
#define MW_R_ENUM(x, k) IR_R##k##_##x,
#define MW_R_ONE(x) MW_EACH_REPLICA(MW_R_ENUM, x)
    MW_REPLICAS(MW_R_ONE)
#undef MW_R_ONE
#undef MW_R_ENUM
#define MW_P_ONE(a, b) IR_P_##a##_##b,
    MW_PAIRS(MW_P_ONE)
    MW_CHAINS(MW_P_ONE)
#undef MW_P_ONE
    IR_COUNT_
};
/* The replicas, the pairs, then the chains end the enum: how many of each. */
#define MW_P_COUNT(a, b) + 1
#define MW_R_COUNT1(x, k) + 1
#define MW_R_COUNT(x) MW_EACH_REPLICA(MW_R_COUNT1, x)
#define MW_R_FORMS(x) + 1
enum { IR_NPAIRS_ = 0 MW_PAIRS(MW_P_COUNT), IR_NCHAINS_ = 0 MW_CHAINS(MW_P_COUNT),
       IR_NREPLICAS_ = 0 MW_REPLICAS(MW_R_COUNT) };
_Static_assert(IR_NREPLICAS_ == MW_NREPLICAS * (0 MW_REPLICAS(MW_R_FORMS)) &&
               IR_R2_I32_ADD_RI == IR_R1_I32_ADD_RI + 1,
               "MW_NREPLICAS replicas per form, consecutive (pair.c mwJ_join)");
#undef MW_R_FORMS
#undef MW_R_COUNT
#undef MW_R_COUNT1
#undef MW_P_COUNT

/* The group orders compile.c computes with (see emit_cond_br, the select fusion and
 * take_address), checked on one row of each kind; the X-macros make all rows alike. */
_Static_assert(IR_I32_EQ_RI == IR_I32_EQ + 1 && IR_BRT_I32_EQ == IR_I32_EQ + 2 &&
               IR_BRT_I32_EQ_RI == IR_I32_EQ + 3 && IR_BRF_I32_EQ == IR_I32_EQ + 4 &&
               IR_BRF_I32_EQ_RI == IR_I32_EQ + 5 && IR_SEL_I32_EQ == IR_I32_EQ + 6 &&
               IR_SEL_I32_EQ_RI == IR_I32_EQ + 7 && IR_CNT_BRT_I32_EQ == IR_I32_EQ + 8 &&
               IR_CNT_BRT_I32_EQ_RI == IR_I32_EQ + 9 && IR_CNT_BRF_I32_EQ == IR_I32_EQ + 10 &&
               IR_CNT_BRF_I32_EQ_RI == IR_I32_EQ + 11 && IR_CNT_BRT_I32_EQ_C == IR_I32_EQ + 12 &&
               IR_CNT_BRF_I32_EQ_RI_C == IR_I32_EQ + 15, "compare group order");
_Static_assert(MW_LEN(CNT) == MW_LEN(BIN_RI32) + MW_LEN(BR) - 2 &&
               MW_LEN(CNT_RI) == MW_LEN(BIN_RI32) + MW_LEN(BR_RI32) - 2,
               "count-and-branch: the add and the compare-branch without the link");
_Static_assert(IR_I32_ADD_RI == IR_I32_ADD + 1, "binary group order");
_Static_assert(IR_I32_ADD_ACC == IR_I32_ADD + 2 && IR_I32_ADD_RI_ACC == IR_I32_ADD + 3 &&
               IR_F64_SQRT_ACC == IR_F64_SQRT + 1, "accumulator form order (ops_num.c row_acc)");
_Static_assert(IR_I32_ADD_RET == IR_I32_ADD + 4 && IR_I32_ADD_RI_RET == IR_I32_ADD_RI + 4 &&
               IR_F64_MUL_RI_RET == IR_F64_MUL_RI + 4, "return form order (ops_num.c op_binary)");
_Static_assert(IR_I32_LOAD_ACC == IR_I32_LOAD + 5 && IR_I32_LOAD_A_ACC == IR_I32_LOAD + 6 &&
               IR_I32_STORE_ACC == IR_I32_STORE + 5,
               "load and store accumulator forms (ops_num.c op_load, op_store)");
_Static_assert(IR_I32_LOAD_A == IR_I32_LOAD + 1 && IR_I32_LOAD_AR == IR_I32_LOAD + 2 &&
               IR_I32_LOAD_AS == IR_I32_LOAD + 3 && IR_I32_STORE_AS == IR_I32_STORE + 3 &&
               IR_I32_LOAD_AX == IR_I32_LOAD + 4 && IR_I32_STORE_AX == IR_I32_STORE + 4,
               "address form order");
_Static_assert(IR_COUNT_ <= 65536, "translated opcodes are one 16-bit unit");
/* Fused forms keep their operands in place: BR drops dst and adds an offset word
 * (one unit longer), SEL adds two slots. */
_Static_assert(MW_LEN(BR) == MW_LEN(BIN) + 1 && MW_LEN(BR_RI32) == MW_LEN(BIN_RI32) + 1 &&
               MW_LEN(BR_RI64) == MW_LEN(BIN_RI64) + 1, "compare+branch lengths");
_Static_assert(MW_LEN(SEL) == MW_LEN(BIN) + 2 && MW_LEN(SEL_RI32) == MW_LEN(BIN_RI32) + 2 &&
               MW_LEN(SEL_RI64) == MW_LEN(BIN_RI64) + 2, "compare+select lengths");
_Static_assert(MW_LEN(LD_A) == MW_LEN(LD) + 2 && MW_LEN(LD_AR) == MW_LEN(LD) + 1 &&
               MW_LEN(LD_AS) == MW_LEN(LD) + 2 && MW_LEN(ST_A) == MW_LEN(ST) + 2 &&
               MW_LEN(ST_AR) == MW_LEN(ST) + 1 && MW_LEN(ST_AS) == MW_LEN(ST) + 2 &&
               MW_LEN(LD_AX) == MW_LEN(LD) + 3 && MW_LEN(ST_AX) == MW_LEN(ST) + 3,
               "address form lengths");

#endif
