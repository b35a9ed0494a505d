/*
 * opcodes.h — the one table of WebAssembly 2.0 (non-SIMD) instructions.
 *
 * MW_OPCODES(X) and MW_OPCODES_FC(X) (0xFC-prefixed; code = sub-opcode) expand
 * X(kind, SYM, code, "name", t1, t2, tr, impl) once per instruction. The validator
 * (compile.c) derives typing from it, the interpreter (interp.c) derives the handlers of
 * the numeric, load and store instructions, and mw_opcode_name derives the names.
 * A consumer usually defines X(kind, ...) as X_##kind(...) to select by kind.
 *
 * kinds and their fields
 *   CTRL PARAM VAR TBL MEMX REF BULK  hand-written in compile.c / interp.c; t1..impl unused
 *   CST   t1 = the constant's type
 *   UN    tr <- impl(a)            a: t1
 *   BIN   tr <- impl(a, b)         a: t1, b: t2
 *   CMP   a BIN whose i32 result may instead steer a branch (fused compare+branch)
 *   UNT   r <- impl(a, &r) != 0 is a trap code          (trapping conversion)
 *   BINT  r <- impl(a, b, &r) != 0 is a trap code       (trapping division)
 *   RE    the bits stay, only the type changes (reinterpret): no code at all
 *   LD    tr <- *(t1 *)(mem + addr + offset), t2 = access size in bytes
 *   ST    *(t1 *)(mem + addr + offset) <- value of type tr, t2 = access size in bytes
 * Types: I32 I64 F32 F64 (C types u32 u64 f32 f64) and, for LD/ST, the memory type.
 */
#ifndef MW_OPCODES_H
#define MW_OPCODES_H

#define MW_OPCODES(X) \
  X(CTRL, UNREACHABLE, 0x00, "unreachable", _, _, _, _)  /* trap unconditionally */ \
  X(CTRL, NOP, 0x01, "nop", _, _, _, _)                  /* nothing */ \
  X(CTRL, BLOCK, 0x02, "block", _, _, _, _)              /* label at end */ \
  X(CTRL, LOOP, 0x03, "loop", _, _, _, _)                /* label at start */ \
  X(CTRL, IF, 0x04, "if", _, _, _, _)                    /* pop i32, run then or else */ \
  X(CTRL, ELSE, 0x05, "else", _, _, _, _)                /* start of the else arm */ \
  X(CTRL, END, 0x0B, "end", _, _, _, _)                  /* end of block or function */ \
  X(CTRL, BR, 0x0C, "br", _, _, _, _)                    /* branch to label */ \
  X(CTRL, BR_IF, 0x0D, "br_if", _, _, _, _)              /* branch if i32 != 0 */ \
  X(CTRL, BR_TABLE, 0x0E, "br_table", _, _, _, _)        /* indexed branch */ \
  X(CTRL, RETURN, 0x0F, "return", _, _, _, _)            /* leave the function */ \
  X(CTRL, CALL, 0x10, "call", _, _, _, _)                /* direct call */ \
  X(CTRL, CALL_INDIRECT, 0x11, "call_indirect", _, _, _, _) /* call through a table */ \
  X(PARAM, DROP, 0x1A, "drop", _, _, _, _)               /* discard top */ \
  X(PARAM, SELECT, 0x1B, "select", _, _, _, _)           /* numeric select */ \
  X(PARAM, SELECT_T, 0x1C, "select", _, _, _, _)         /* typed select */ \
  X(VAR, LOCAL_GET, 0x20, "local.get", _, _, _, _)       /* push local */ \
  X(VAR, LOCAL_SET, 0x21, "local.set", _, _, _, _)       /* pop into local */ \
  X(VAR, LOCAL_TEE, 0x22, "local.tee", _, _, _, _)       /* copy top into local */ \
  X(VAR, GLOBAL_GET, 0x23, "global.get", _, _, _, _)     /* push global */ \
  X(VAR, GLOBAL_SET, 0x24, "global.set", _, _, _, _)     /* pop into mutable global */ \
  X(TBL, TABLE_GET, 0x25, "table.get", _, _, _, _)       /* read table element */ \
  X(TBL, TABLE_SET, 0x26, "table.set", _, _, _, _)       /* write table element */ \
  X(LD, I32_LOAD, 0x28, "i32.load", uint32_t, 4, I32, _)     /* 4 bytes */ \
  X(LD, I64_LOAD, 0x29, "i64.load", uint64_t, 8, I64, _)     /* 8 bytes */ \
  X(LD, F32_LOAD, 0x2A, "f32.load", uint32_t, 4, F32, _)     /* 4 bytes as f32 bits */ \
  X(LD, F64_LOAD, 0x2B, "f64.load", uint64_t, 8, F64, _)     /* 8 bytes as f64 bits */ \
  X(LD, I32_LOAD8_S, 0x2C, "i32.load8_s", int8_t, 1, I32, _)   /* sign-extend byte */ \
  X(LD, I32_LOAD8_U, 0x2D, "i32.load8_u", uint8_t, 1, I32, _)  /* zero-extend byte */ \
  X(LD, I32_LOAD16_S, 0x2E, "i32.load16_s", int16_t, 2, I32, _) \
  X(LD, I32_LOAD16_U, 0x2F, "i32.load16_u", uint16_t, 2, I32, _) \
  X(LD, I64_LOAD8_S, 0x30, "i64.load8_s", int8_t, 1, I64, _) \
  X(LD, I64_LOAD8_U, 0x31, "i64.load8_u", uint8_t, 1, I64, _) \
  X(LD, I64_LOAD16_S, 0x32, "i64.load16_s", int16_t, 2, I64, _) \
  X(LD, I64_LOAD16_U, 0x33, "i64.load16_u", uint16_t, 2, I64, _) \
  X(LD, I64_LOAD32_S, 0x34, "i64.load32_s", int32_t, 4, I64, _) \
  X(LD, I64_LOAD32_U, 0x35, "i64.load32_u", uint32_t, 4, I64, _) \
  X(ST, I32_STORE, 0x36, "i32.store", uint32_t, 4, I32, _)   /* 4 bytes */ \
  X(ST, I64_STORE, 0x37, "i64.store", uint64_t, 8, I64, _)   /* 8 bytes */ \
  X(ST, F32_STORE, 0x38, "f32.store", uint32_t, 4, F32, _)   /* f32 bits */ \
  X(ST, F64_STORE, 0x39, "f64.store", uint64_t, 8, F64, _)   /* f64 bits */ \
  X(ST, I32_STORE8, 0x3A, "i32.store8", uint8_t, 1, I32, _)  /* low byte */ \
  X(ST, I32_STORE16, 0x3B, "i32.store16", uint16_t, 2, I32, _) \
  X(ST, I64_STORE8, 0x3C, "i64.store8", uint8_t, 1, I64, _) \
  X(ST, I64_STORE16, 0x3D, "i64.store16", uint16_t, 2, I64, _) \
  X(ST, I64_STORE32, 0x3E, "i64.store32", uint32_t, 4, I64, _) \
  X(MEMX, MEMORY_SIZE, 0x3F, "memory.size", _, _, _, _)  /* pages */ \
  X(MEMX, MEMORY_GROW, 0x40, "memory.grow", _, _, _, _)  /* old pages or -1 */ \
  X(CST, I32_CONST, 0x41, "i32.const", I32, _, I32, _)   /* s32 LEB immediate */ \
  X(CST, I64_CONST, 0x42, "i64.const", I64, _, I64, _)   /* s64 LEB immediate */ \
  X(CST, F32_CONST, 0x43, "f32.const", F32, _, F32, _)   /* 4 raw bytes */ \
  X(CST, F64_CONST, 0x44, "f64.const", F64, _, F64, _)   /* 8 raw bytes */ \
  X(UN, I32_EQZ, 0x45, "i32.eqz", I32, _, I32, a == 0) \
  X(CMP, I32_EQ, 0x46, "i32.eq", I32, I32, I32, a == b) \
  X(CMP, I32_NE, 0x47, "i32.ne", I32, I32, I32, a != b) \
  X(CMP, I32_LT_S, 0x48, "i32.lt_s", I32, I32, I32, (int32_t)a < (int32_t)b) \
  X(CMP, I32_LT_U, 0x49, "i32.lt_u", I32, I32, I32, a < b) \
  X(CMP, I32_GT_S, 0x4A, "i32.gt_s", I32, I32, I32, (int32_t)a > (int32_t)b) \
  X(CMP, I32_GT_U, 0x4B, "i32.gt_u", I32, I32, I32, a > b) \
  X(CMP, I32_LE_S, 0x4C, "i32.le_s", I32, I32, I32, (int32_t)a <= (int32_t)b) \
  X(CMP, I32_LE_U, 0x4D, "i32.le_u", I32, I32, I32, a <= b) \
  X(CMP, I32_GE_S, 0x4E, "i32.ge_s", I32, I32, I32, (int32_t)a >= (int32_t)b) \
  X(CMP, I32_GE_U, 0x4F, "i32.ge_u", I32, I32, I32, a >= b) \
  X(UN, I64_EQZ, 0x50, "i64.eqz", I64, _, I32, a == 0) \
  X(CMP, I64_EQ, 0x51, "i64.eq", I64, I64, I32, a == b) \
  X(CMP, I64_NE, 0x52, "i64.ne", I64, I64, I32, a != b) \
  X(CMP, I64_LT_S, 0x53, "i64.lt_s", I64, I64, I32, (int64_t)a < (int64_t)b) \
  X(CMP, I64_LT_U, 0x54, "i64.lt_u", I64, I64, I32, a < b) \
  X(CMP, I64_GT_S, 0x55, "i64.gt_s", I64, I64, I32, (int64_t)a > (int64_t)b) \
  X(CMP, I64_GT_U, 0x56, "i64.gt_u", I64, I64, I32, a > b) \
  X(CMP, I64_LE_S, 0x57, "i64.le_s", I64, I64, I32, (int64_t)a <= (int64_t)b) \
  X(CMP, I64_LE_U, 0x58, "i64.le_u", I64, I64, I32, a <= b) \
  X(CMP, I64_GE_S, 0x59, "i64.ge_s", I64, I64, I32, (int64_t)a >= (int64_t)b) \
  X(CMP, I64_GE_U, 0x5A, "i64.ge_u", I64, I64, I32, a >= b) \
  X(CMP, F32_EQ, 0x5B, "f32.eq", F32, F32, I32, a == b) \
  X(CMP, F32_NE, 0x5C, "f32.ne", F32, F32, I32, a != b) \
  X(CMP, F32_LT, 0x5D, "f32.lt", F32, F32, I32, a < b) \
  X(CMP, F32_GT, 0x5E, "f32.gt", F32, F32, I32, a > b) \
  X(CMP, F32_LE, 0x5F, "f32.le", F32, F32, I32, a <= b) \
  X(CMP, F32_GE, 0x60, "f32.ge", F32, F32, I32, a >= b) \
  X(CMP, F64_EQ, 0x61, "f64.eq", F64, F64, I32, a == b) \
  X(CMP, F64_NE, 0x62, "f64.ne", F64, F64, I32, a != b) \
  X(CMP, F64_LT, 0x63, "f64.lt", F64, F64, I32, a < b) \
  X(CMP, F64_GT, 0x64, "f64.gt", F64, F64, I32, a > b) \
  X(CMP, F64_LE, 0x65, "f64.le", F64, F64, I32, a <= b) \
  X(CMP, F64_GE, 0x66, "f64.ge", F64, F64, I32, a >= b) \
  X(UN, I32_CLZ, 0x67, "i32.clz", I32, _, I32, mwF_i32_clz(a)) \
  X(UN, I32_CTZ, 0x68, "i32.ctz", I32, _, I32, mwF_i32_ctz(a)) \
  X(UN, I32_POPCNT, 0x69, "i32.popcnt", I32, _, I32, mwF_i32_popcnt(a)) \
  X(BIN, I32_ADD, 0x6A, "i32.add", I32, I32, I32, a + b) \
  X(BIN, I32_SUB, 0x6B, "i32.sub", I32, I32, I32, a - b) \
  X(BIN, I32_MUL, 0x6C, "i32.mul", I32, I32, I32, a * b) \
  X(BINT, I32_DIV_S, 0x6D, "i32.div_s", I32, I32, I32, mwF_i32_div_s) \
  X(BINT, I32_DIV_U, 0x6E, "i32.div_u", I32, I32, I32, mwF_i32_div_u) \
  X(BINT, I32_REM_S, 0x6F, "i32.rem_s", I32, I32, I32, mwF_i32_rem_s) \
  X(BINT, I32_REM_U, 0x70, "i32.rem_u", I32, I32, I32, mwF_i32_rem_u) \
  X(BIN, I32_AND, 0x71, "i32.and", I32, I32, I32, a & b) \
  X(BIN, I32_OR, 0x72, "i32.or", I32, I32, I32, a | b) \
  X(BIN, I32_XOR, 0x73, "i32.xor", I32, I32, I32, a ^ b) \
  X(BIN, I32_SHL, 0x74, "i32.shl", I32, I32, I32, mwF_i32_shl(a, b)) \
  X(BIN, I32_SHR_S, 0x75, "i32.shr_s", I32, I32, I32, mwF_i32_shr_s(a, b)) \
  X(BIN, I32_SHR_U, 0x76, "i32.shr_u", I32, I32, I32, mwF_i32_shr_u(a, b)) \
  X(BIN, I32_ROTL, 0x77, "i32.rotl", I32, I32, I32, mwF_i32_rotl(a, b)) \
  X(BIN, I32_ROTR, 0x78, "i32.rotr", I32, I32, I32, mwF_i32_rotr(a, b)) \
  X(UN, I64_CLZ, 0x79, "i64.clz", I64, _, I64, mwF_i64_clz(a)) \
  X(UN, I64_CTZ, 0x7A, "i64.ctz", I64, _, I64, mwF_i64_ctz(a)) \
  X(UN, I64_POPCNT, 0x7B, "i64.popcnt", I64, _, I64, mwF_i64_popcnt(a)) \
  X(BIN, I64_ADD, 0x7C, "i64.add", I64, I64, I64, a + b) \
  X(BIN, I64_SUB, 0x7D, "i64.sub", I64, I64, I64, a - b) \
  X(BIN, I64_MUL, 0x7E, "i64.mul", I64, I64, I64, a * b) \
  X(BINT, I64_DIV_S, 0x7F, "i64.div_s", I64, I64, I64, mwF_i64_div_s) \
  X(BINT, I64_DIV_U, 0x80, "i64.div_u", I64, I64, I64, mwF_i64_div_u) \
  X(BINT, I64_REM_S, 0x81, "i64.rem_s", I64, I64, I64, mwF_i64_rem_s) \
  X(BINT, I64_REM_U, 0x82, "i64.rem_u", I64, I64, I64, mwF_i64_rem_u) \
  X(BIN, I64_AND, 0x83, "i64.and", I64, I64, I64, a & b) \
  X(BIN, I64_OR, 0x84, "i64.or", I64, I64, I64, a | b) \
  X(BIN, I64_XOR, 0x85, "i64.xor", I64, I64, I64, a ^ b) \
  X(BIN, I64_SHL, 0x86, "i64.shl", I64, I64, I64, mwF_i64_shl(a, b)) \
  X(BIN, I64_SHR_S, 0x87, "i64.shr_s", I64, I64, I64, mwF_i64_shr_s(a, b)) \
  X(BIN, I64_SHR_U, 0x88, "i64.shr_u", I64, I64, I64, mwF_i64_shr_u(a, b)) \
  X(BIN, I64_ROTL, 0x89, "i64.rotl", I64, I64, I64, mwF_i64_rotl(a, b)) \
  X(BIN, I64_ROTR, 0x8A, "i64.rotr", I64, I64, I64, mwF_i64_rotr(a, b)) \
  X(UN, F32_ABS, 0x8B, "f32.abs", F32, _, F32, mwF_f32_abs(a)) \
  X(UN, F32_NEG, 0x8C, "f32.neg", F32, _, F32, mwF_f32_neg(a)) \
  X(UN, F32_CEIL, 0x8D, "f32.ceil", F32, _, F32, mwF_f32_ceil(a)) \
  X(UN, F32_FLOOR, 0x8E, "f32.floor", F32, _, F32, mwF_f32_floor(a)) \
  X(UN, F32_TRUNC, 0x8F, "f32.trunc", F32, _, F32, mwF_f32_trunc(a)) \
  X(UN, F32_NEAREST, 0x90, "f32.nearest", F32, _, F32, mwF_f32_nearest(a)) \
  X(UN, F32_SQRT, 0x91, "f32.sqrt", F32, _, F32, mwF_f32_sqrt(a)) \
  X(BIN, F32_ADD, 0x92, "f32.add", F32, F32, F32, a + b) \
  X(BIN, F32_SUB, 0x93, "f32.sub", F32, F32, F32, a - b) \
  X(BIN, F32_MUL, 0x94, "f32.mul", F32, F32, F32, a * b) \
  X(BIN, F32_DIV, 0x95, "f32.div", F32, F32, F32, a / b) \
  X(BIN, F32_MIN, 0x96, "f32.min", F32, F32, F32, mwF_f32_min(a, b)) \
  X(BIN, F32_MAX, 0x97, "f32.max", F32, F32, F32, mwF_f32_max(a, b)) \
  X(BIN, F32_COPYSIGN, 0x98, "f32.copysign", F32, F32, F32, mwF_f32_copysign(a, b)) \
  X(UN, F64_ABS, 0x99, "f64.abs", F64, _, F64, mwF_f64_abs(a)) \
  X(UN, F64_NEG, 0x9A, "f64.neg", F64, _, F64, mwF_f64_neg(a)) \
  X(UN, F64_CEIL, 0x9B, "f64.ceil", F64, _, F64, mwF_f64_ceil(a)) \
  X(UN, F64_FLOOR, 0x9C, "f64.floor", F64, _, F64, mwF_f64_floor(a)) \
  X(UN, F64_TRUNC, 0x9D, "f64.trunc", F64, _, F64, mwF_f64_trunc(a)) \
  X(UN, F64_NEAREST, 0x9E, "f64.nearest", F64, _, F64, mwF_f64_nearest(a)) \
  X(UN, F64_SQRT, 0x9F, "f64.sqrt", F64, _, F64, mwF_f64_sqrt(a)) \
  X(BIN, F64_ADD, 0xA0, "f64.add", F64, F64, F64, a + b) \
  X(BIN, F64_SUB, 0xA1, "f64.sub", F64, F64, F64, a - b) \
  X(BIN, F64_MUL, 0xA2, "f64.mul", F64, F64, F64, a * b) \
  X(BIN, F64_DIV, 0xA3, "f64.div", F64, F64, F64, a / b) \
  X(BIN, F64_MIN, 0xA4, "f64.min", F64, F64, F64, mwF_f64_min(a, b)) \
  X(BIN, F64_MAX, 0xA5, "f64.max", F64, F64, F64, mwF_f64_max(a, b)) \
  X(BIN, F64_COPYSIGN, 0xA6, "f64.copysign", F64, F64, F64, mwF_f64_copysign(a, b)) \
  X(UN, I32_WRAP_I64, 0xA7, "i32.wrap_i64", I64, _, I32, (uint32_t)a) \
  X(UNT, I32_TRUNC_F32_S, 0xA8, "i32.trunc_f32_s", F32, _, I32, mwF_i32_trunc_f32_s) \
  X(UNT, I32_TRUNC_F32_U, 0xA9, "i32.trunc_f32_u", F32, _, I32, mwF_i32_trunc_f32_u) \
  X(UNT, I32_TRUNC_F64_S, 0xAA, "i32.trunc_f64_s", F64, _, I32, mwF_i32_trunc_f64_s) \
  X(UNT, I32_TRUNC_F64_U, 0xAB, "i32.trunc_f64_u", F64, _, I32, mwF_i32_trunc_f64_u) \
  X(UN, I64_EXTEND_I32_S, 0xAC, "i64.extend_i32_s", I32, _, I64, (uint64_t)(int64_t)(int32_t)a) \
  X(UN, I64_EXTEND_I32_U, 0xAD, "i64.extend_i32_u", I32, _, I64, (uint64_t)a) \
  X(UNT, I64_TRUNC_F32_S, 0xAE, "i64.trunc_f32_s", F32, _, I64, mwF_i64_trunc_f32_s) \
  X(UNT, I64_TRUNC_F32_U, 0xAF, "i64.trunc_f32_u", F32, _, I64, mwF_i64_trunc_f32_u) \
  X(UNT, I64_TRUNC_F64_S, 0xB0, "i64.trunc_f64_s", F64, _, I64, mwF_i64_trunc_f64_s) \
  X(UNT, I64_TRUNC_F64_U, 0xB1, "i64.trunc_f64_u", F64, _, I64, mwF_i64_trunc_f64_u) \
  X(UN, F32_CONVERT_I32_S, 0xB2, "f32.convert_i32_s", I32, _, F32, mwF_f32_convert_i32_s(a)) \
  X(UN, F32_CONVERT_I32_U, 0xB3, "f32.convert_i32_u", I32, _, F32, mwF_f32_convert_i32_u(a)) \
  X(UN, F32_CONVERT_I64_S, 0xB4, "f32.convert_i64_s", I64, _, F32, mwF_f32_convert_i64_s(a)) \
  X(UN, F32_CONVERT_I64_U, 0xB5, "f32.convert_i64_u", I64, _, F32, mwF_f32_convert_i64_u(a)) \
  X(UN, F32_DEMOTE_F64, 0xB6, "f32.demote_f64", F64, _, F32, mwF_f32_demote_f64(a)) \
  X(UN, F64_CONVERT_I32_S, 0xB7, "f64.convert_i32_s", I32, _, F64, mwF_f64_convert_i32_s(a)) \
  X(UN, F64_CONVERT_I32_U, 0xB8, "f64.convert_i32_u", I32, _, F64, mwF_f64_convert_i32_u(a)) \
  X(UN, F64_CONVERT_I64_S, 0xB9, "f64.convert_i64_s", I64, _, F64, mwF_f64_convert_i64_s(a)) \
  X(UN, F64_CONVERT_I64_U, 0xBA, "f64.convert_i64_u", I64, _, F64, mwF_f64_convert_i64_u(a)) \
  X(UN, F64_PROMOTE_F32, 0xBB, "f64.promote_f32", F32, _, F64, mwF_f64_promote_f32(a)) \
  X(RE, I32_REINTERPRET_F32, 0xBC, "i32.reinterpret_f32", F32, _, I32, _) \
  X(RE, I64_REINTERPRET_F64, 0xBD, "i64.reinterpret_f64", F64, _, I64, _) \
  X(RE, F32_REINTERPRET_I32, 0xBE, "f32.reinterpret_i32", I32, _, F32, _) \
  X(RE, F64_REINTERPRET_I64, 0xBF, "f64.reinterpret_i64", I64, _, F64, _) \
  X(UN, I32_EXTEND8_S, 0xC0, "i32.extend8_s", I32, _, I32, mwF_i32_extend8_s(a)) \
  X(UN, I32_EXTEND16_S, 0xC1, "i32.extend16_s", I32, _, I32, mwF_i32_extend16_s(a)) \
  X(UN, I64_EXTEND8_S, 0xC2, "i64.extend8_s", I64, _, I64, mwF_i64_extend8_s(a)) \
  X(UN, I64_EXTEND16_S, 0xC3, "i64.extend16_s", I64, _, I64, mwF_i64_extend16_s(a)) \
  X(UN, I64_EXTEND32_S, 0xC4, "i64.extend32_s", I64, _, I64, mwF_i64_extend32_s(a)) \
  X(REF, REF_NULL, 0xD0, "ref.null", _, _, _, _)         /* push null of a reftype */ \
  X(REF, REF_IS_NULL, 0xD1, "ref.is_null", _, _, _, _)   /* ref -> i32 */ \
  X(REF, REF_FUNC, 0xD2, "ref.func", _, _, _, _)         /* push funcref */

#define MW_OPCODES_FC(X) \
  X(UN, I32_TRUNC_SAT_F32_S, 0, "i32.trunc_sat_f32_s", F32, _, I32, mwF_i32_trunc_sat_f32_s(a)) \
  X(UN, I32_TRUNC_SAT_F32_U, 1, "i32.trunc_sat_f32_u", F32, _, I32, mwF_i32_trunc_sat_f32_u(a)) \
  X(UN, I32_TRUNC_SAT_F64_S, 2, "i32.trunc_sat_f64_s", F64, _, I32, mwF_i32_trunc_sat_f64_s(a)) \
  X(UN, I32_TRUNC_SAT_F64_U, 3, "i32.trunc_sat_f64_u", F64, _, I32, mwF_i32_trunc_sat_f64_u(a)) \
  X(UN, I64_TRUNC_SAT_F32_S, 4, "i64.trunc_sat_f32_s", F32, _, I64, mwF_i64_trunc_sat_f32_s(a)) \
  X(UN, I64_TRUNC_SAT_F32_U, 5, "i64.trunc_sat_f32_u", F32, _, I64, mwF_i64_trunc_sat_f32_u(a)) \
  X(UN, I64_TRUNC_SAT_F64_S, 6, "i64.trunc_sat_f64_s", F64, _, I64, mwF_i64_trunc_sat_f64_s(a)) \
  X(UN, I64_TRUNC_SAT_F64_U, 7, "i64.trunc_sat_f64_u", F64, _, I64, mwF_i64_trunc_sat_f64_u(a)) \
  X(BULK, MEMORY_INIT, 8, "memory.init", _, _, _, _)     /* copy from a data segment */ \
  X(BULK, DATA_DROP, 9, "data.drop", _, _, _, _)         /* forget a data segment */ \
  X(BULK, MEMORY_COPY, 10, "memory.copy", _, _, _, _)    /* overlapping copy */ \
  X(BULK, MEMORY_FILL, 11, "memory.fill", _, _, _, _)    /* set bytes */ \
  X(BULK, TABLE_INIT, 12, "table.init", _, _, _, _)      /* copy from an element segment */ \
  X(BULK, ELEM_DROP, 13, "elem.drop", _, _, _, _)        /* forget an element segment */ \
  X(BULK, TABLE_COPY, 14, "table.copy", _, _, _, _)      /* overlapping copy */ \
  X(BULK, TABLE_GROW, 15, "table.grow", _, _, _, _)      /* old size or -1 */ \
  X(BULK, TABLE_SIZE, 16, "table.size", _, _, _, _)      /* elements */ \
  X(BULK, TABLE_FILL, 17, "table.fill", _, _, _, _)      /* set elements */

/*
 * The translated instructions that are not 1:1 with a wasm numeric/memory instruction.
 * Code is 16-bit units (mw_unit). After the opcode come operands: a slot (s) is one
 * unit; an immediate or index (i) and a branch offset (o, relative to the offset's own
 * position) are two units, low half first.
 *   Y(SYM, nunits, "name")  nunits includes the opcode; 0 = variable length.
 * The generated forms: UN [op s s] 3, BIN [op s s s] 4, BIN_RI [op s s i] 5 (7 with a
 * 64-bit immediate), BRT/BRF [op s s o] 5, their _RI [op s i o] 6 (8), SEL
 * [op dst if-true if-false s s] 6, its _RI [op dst t f s i] 7 (9), BINT 4, UNT 3,
 * loads [op dst addr i:offset] 5, stores [op addr value i:offset] 5. Loads and stores
 * whose address was computed by the i32.add just before get _A forms, address
 * (base + i:imm) mod 2^32: loads [op dst base i:imm i:offset] 7, stores
 * [op base i:imm value i:offset] 7; _AR forms, address (a + b) mod 2^32: loads
 * [op dst a b i:offset] 6, stores [op a b value i:offset] 6; and _AS forms, address
 * (a + (b << k)) mod 2^32 (an ADD_SHL folded in): loads [op dst a b k i:offset] 7,
 * stores [op a b k value i:offset] 7.
 */
#define MW_IROPS(Y) \
  Y(TRAP, 2, "trap")                 /* unit: trap code */ \
  Y(BR, 3, "br")                     /* o */ \
  Y(BR_BACK, 3, "br.back")           /* o: backward branch, polls fuel */ \
  Y(BR_IF, 4, "br_if")               /* s cond, o (taken backwards: polls fuel) */ \
  Y(BR_IFZ, 4, "br_ifz")             /* s cond, o: branch if zero */ \
  Y(BR_TABLE, 0, "br_table")         /* s idx, i n, o[n+1] (the last is the default) */ \
  Y(RET, 2, "ret")                   /* s first result (results are consecutive) */ \
  Y(RET0, 1, "ret0")                 /* no results */ \
  Y(RET1, 2, "ret1")                 /* s result */ \
  Y(CALL, 4, "call")                 /* i func, s base */ \
  Y(CALL_LOCAL, 4, "call.local")     /* i func, s base: defined in this module */ \
  Y(CALL_INDIRECT, 7, "call_indirect") /* i type, i table, s base, s index */ \
  Y(COPY, 3, "copy")                 /* s dst, s src */ \
  Y(I32_ADD_SHL, 5, "i32.add_shl")   /* s dst, s a, s b, unit k: a + (b << k), k < 32 */ \
  Y(CONST32, 4, "const32")           /* s dst, i value */ \
  Y(CONST64, 6, "const64")           /* s dst, 64-bit value (4 units) */ \
  Y(SELECT, 5, "select")             /* s dst, s a, s b, s cond */ \
  Y(GLOBAL_GET, 4, "global.get")     /* s dst, i global */ \
  Y(GLOBAL_SET, 4, "global.set")     /* i global, s src */ \
  Y(MEMORY_SIZE, 2, "memory.size")   /* s dst */ \
  Y(MEMORY_GROW, 3, "memory.grow")   /* s dst, s delta */ \
  Y(REF_IS_NULL, 3, "ref.is_null")   /* s dst, s ref */ \
  Y(REF_FUNC, 4, "ref.func")         /* s dst, i func */ \
  Y(TABLE_GET, 5, "table.get")       /* s dst, i table, s index */ \
  Y(TABLE_SET, 5, "table.set")       /* i table, s index, s value */ \
  Y(TABLE_SIZE, 4, "table.size")     /* s dst, i table */ \
  Y(TABLE_GROW, 6, "table.grow")     /* s dst, i table, s init, s n */ \
  Y(TABLE_FILL, 6, "table.fill")     /* i table, s i, s value, s n */ \
  Y(TABLE_COPY, 8, "table.copy")     /* i dst table, i src table, s d, s s, s n */ \
  Y(TABLE_INIT, 8, "table.init")     /* i table, i seg, s d, s s, s n */ \
  Y(ELEM_DROP, 3, "elem.drop")       /* i seg */ \
  Y(MEMORY_INIT, 6, "memory.init")   /* i seg, s d, s s, s n */ \
  Y(DATA_DROP, 3, "data.drop")       /* i seg */ \
  Y(MEMORY_COPY, 4, "memory.copy")   /* s d, s s, s n */ \
  Y(MEMORY_FILL, 4, "memory.fill")   /* s d, s value, s n */

/* Translated opcode numbers: every UN/BIN/UNT/BINT/LD/ST instruction keeps its own
 * handler (BIN and CMP ops also get an _RI form whose b is an immediate; CMP ops get
 * BRT_ / BRF_ forms that branch when the comparison is true / false, and SEL_ forms,
 * a select on the comparison; LD and ST get _A and _AR forms that add their address),
 * then the IR ops. */
enum mw_irop {
#define MW_X_SKIP(...)
#define MW_X_ONE(kind, sym, ...) MW_X_ONE_##kind(sym)
#define MW_X_ONE_UN(sym) IR_##sym,
#define MW_X_ONE_UNT(sym) IR_##sym,
#define MW_X_ONE_BIN(sym) IR_##sym, IR_##sym##_RI,
#define MW_X_ONE_CMP(sym) IR_##sym, IR_##sym##_RI, \
    IR_BRT_##sym, IR_BRT_##sym##_RI, IR_BRF_##sym, IR_BRF_##sym##_RI, \
    IR_SEL_##sym, IR_SEL_##sym##_RI,
#define MW_X_ONE_BINT(sym) IR_##sym,
#define MW_X_ONE_LD(sym) IR_##sym, IR_##sym##_A, IR_##sym##_AR, IR_##sym##_AS,
#define MW_X_ONE_ST(sym) IR_##sym, IR_##sym##_A, IR_##sym##_AR, IR_##sym##_AS,
#define MW_X_ONE_CTRL(sym)
#define MW_X_ONE_PARAM(sym)
#define MW_X_ONE_VAR(sym)
#define MW_X_ONE_TBL(sym)
#define MW_X_ONE_MEMX(sym)
#define MW_X_ONE_CST(sym)
#define MW_X_ONE_RE(sym)
#define MW_X_ONE_REF(sym)
#define MW_X_ONE_BULK(sym)
    MW_OPCODES(MW_X_ONE)
    MW_OPCODES_FC(MW_X_ONE)
#define MW_Y_ONE(sym, n, name) IR_##sym,
    MW_IROPS(MW_Y_ONE)
#undef MW_Y_ONE
    IR_COUNT_
};

#endif
