/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * opcodes_simd.h — the table of WebAssembly 2.0 fixed-width SIMD instructions
 * (prefix 0xFD; code = the u32 sub-opcode), one row each, in sub-opcode order. The
 * rows follow the spec's binary/instructions.rst ("Vector Instructions"); the numbering
 * has gaps (0xA2, 0xA5, 0xC2, ... belong to no 2.0 instruction). 236 rows.
 *
 * MW_OPCODES_FD(X) expands X(kind, SYM, code, "name", imm, t1, t2, tr, impl). As with
 * opcodes.h, a consumer usually defines X(kind, ...) as X_##kind(...): the validator
 * takes typing and immediates from it, the interpreter derives its handlers, the
 * decoder reads immediates by imm. impl (src/simd.h, prefix mwX_) computes the result;
 * v128 values are mwX_v128, scalars travel as raw bits (uint32_t for i32 and f32,
 * uint64_t for i64 and f64). "_" marks an unused column.
 *
 * imm: NONE; MEMARG (align, offset); MEMARG_LANE (memarg, then one lane byte);
 *      V128 (16 bytes); LANE (one lane byte); SHUFFLE (16 lane bytes).
 *
 * kinds (why several: each kind has its own operand shape, immediates and impl signature,
 * so one generic handler per kind serves every row):
 *   VLD      v128 <- impl(p)              reads t2 bytes at p (16, 8, 4, 2 or 1; unaligned)
 *   VST      stores the t1 = v128 operand, t2 = 16 bytes; generic (no impl)
 *   VLDLANE  v128 <- impl(v, lane, p)     t1 = v128 operand, reads t2 = lane bytes
 *   VSTLANE  impl(v, lane, p)             t1 = v128 operand, writes t2 = lane bytes
 *   VCONST   v128 immediate; generic (no impl)
 *   VSHUF    v128 <- impl(a, b, lanes)    lanes: the 16 immediate bytes, each < 32
 *   VEXTRACT tr <- impl(v, lane)          t2 = lane count (the immediate is < t2)
 *   VREPLACE v128 <- impl(v, lane, x)     x: t1, t2 = lane count
 *   VSPLAT   v128 <- impl(x)              x: t1
 *   VUN      v128 <- impl(a)
 *   VBIN     v128 <- impl(a, b)
 *   VTERN    v128 <- impl(a, b, c)        v128.bitselect only
 *   VTEST    i32 <- impl(a)               any_true, all_true, bitmask
 *   VSHIFT   v128 <- impl(a, count)       count: i32, taken modulo the lane width
 * Types: V128 I32 I64 F32 F64.
 */
#ifndef MW_OPCODES_SIMD_H
#define MW_OPCODES_SIMD_H

#define MW_OPCODES_FD(X) \
  X(VLD, V128_LOAD, 0x00, "v128.load", MEMARG, _, 16, V128, mwX_load128) \
  X(VLD, V128_LOAD8X8_S, 0x01, "v128.load8x8_s", MEMARG, _, 8, V128, mwX_load8x8_s) \
  X(VLD, V128_LOAD8X8_U, 0x02, "v128.load8x8_u", MEMARG, _, 8, V128, mwX_load8x8_u) \
  X(VLD, V128_LOAD16X4_S, 0x03, "v128.load16x4_s", MEMARG, _, 8, V128, mwX_load16x4_s) \
  X(VLD, V128_LOAD16X4_U, 0x04, "v128.load16x4_u", MEMARG, _, 8, V128, mwX_load16x4_u) \
  X(VLD, V128_LOAD32X2_S, 0x05, "v128.load32x2_s", MEMARG, _, 8, V128, mwX_load32x2_s) \
  X(VLD, V128_LOAD32X2_U, 0x06, "v128.load32x2_u", MEMARG, _, 8, V128, mwX_load32x2_u) \
  X(VLD, V128_LOAD8_SPLAT, 0x07, "v128.load8_splat", MEMARG, _, 1, V128, mwX_load8_splat) \
  X(VLD, V128_LOAD16_SPLAT, 0x08, "v128.load16_splat", MEMARG, _, 2, V128, mwX_load16_splat) \
  X(VLD, V128_LOAD32_SPLAT, 0x09, "v128.load32_splat", MEMARG, _, 4, V128, mwX_load32_splat) \
  X(VLD, V128_LOAD64_SPLAT, 0x0A, "v128.load64_splat", MEMARG, _, 8, V128, mwX_load64_splat) \
  X(VST, V128_STORE, 0x0B, "v128.store", MEMARG, V128, 16, _, _) \
  X(VCONST, V128_CONST, 0x0C, "v128.const", V128, _, _, V128, _) \
  X(VSHUF, I8X16_SHUFFLE, 0x0D, "i8x16.shuffle", SHUFFLE, V128, V128, V128, mwX_i8x16_shuffle) \
  X(VBIN, I8X16_SWIZZLE, 0x0E, "i8x16.swizzle", NONE, V128, V128, V128, mwX_i8x16_swizzle) \
  X(VSPLAT, I8X16_SPLAT, 0x0F, "i8x16.splat", NONE, I32, _, V128, mwX_i8x16_splat) \
  X(VSPLAT, I16X8_SPLAT, 0x10, "i16x8.splat", NONE, I32, _, V128, mwX_i16x8_splat) \
  X(VSPLAT, I32X4_SPLAT, 0x11, "i32x4.splat", NONE, I32, _, V128, mwX_i32x4_splat) \
  X(VSPLAT, I64X2_SPLAT, 0x12, "i64x2.splat", NONE, I64, _, V128, mwX_i64x2_splat) \
  X(VSPLAT, F32X4_SPLAT, 0x13, "f32x4.splat", NONE, F32, _, V128, mwX_f32x4_splat) \
  X(VSPLAT, F64X2_SPLAT, 0x14, "f64x2.splat", NONE, F64, _, V128, mwX_f64x2_splat) \
  X(VEXTRACT, I8X16_EXTRACT_LANE_S, 0x15, "i8x16.extract_lane_s", LANE, V128, 16, I32, mwX_i8x16_extract_lane_s) \
  X(VEXTRACT, I8X16_EXTRACT_LANE_U, 0x16, "i8x16.extract_lane_u", LANE, V128, 16, I32, mwX_i8x16_extract_lane_u) \
  X(VREPLACE, I8X16_REPLACE_LANE, 0x17, "i8x16.replace_lane", LANE, I32, 16, V128, mwX_i8x16_replace_lane) \
  X(VEXTRACT, I16X8_EXTRACT_LANE_S, 0x18, "i16x8.extract_lane_s", LANE, V128, 8, I32, mwX_i16x8_extract_lane_s) \
  X(VEXTRACT, I16X8_EXTRACT_LANE_U, 0x19, "i16x8.extract_lane_u", LANE, V128, 8, I32, mwX_i16x8_extract_lane_u) \
  X(VREPLACE, I16X8_REPLACE_LANE, 0x1A, "i16x8.replace_lane", LANE, I32, 8, V128, mwX_i16x8_replace_lane) \
  X(VEXTRACT, I32X4_EXTRACT_LANE, 0x1B, "i32x4.extract_lane", LANE, V128, 4, I32, mwX_i32x4_extract_lane) \
  X(VREPLACE, I32X4_REPLACE_LANE, 0x1C, "i32x4.replace_lane", LANE, I32, 4, V128, mwX_i32x4_replace_lane) \
  X(VEXTRACT, I64X2_EXTRACT_LANE, 0x1D, "i64x2.extract_lane", LANE, V128, 2, I64, mwX_i64x2_extract_lane) \
  X(VREPLACE, I64X2_REPLACE_LANE, 0x1E, "i64x2.replace_lane", LANE, I64, 2, V128, mwX_i64x2_replace_lane) \
  X(VEXTRACT, F32X4_EXTRACT_LANE, 0x1F, "f32x4.extract_lane", LANE, V128, 4, F32, mwX_f32x4_extract_lane) \
  X(VREPLACE, F32X4_REPLACE_LANE, 0x20, "f32x4.replace_lane", LANE, F32, 4, V128, mwX_f32x4_replace_lane) \
  X(VEXTRACT, F64X2_EXTRACT_LANE, 0x21, "f64x2.extract_lane", LANE, V128, 2, F64, mwX_f64x2_extract_lane) \
  X(VREPLACE, F64X2_REPLACE_LANE, 0x22, "f64x2.replace_lane", LANE, F64, 2, V128, mwX_f64x2_replace_lane) \
  X(VBIN, I8X16_EQ, 0x23, "i8x16.eq", NONE, V128, V128, V128, mwX_i8x16_eq) \
  X(VBIN, I8X16_NE, 0x24, "i8x16.ne", NONE, V128, V128, V128, mwX_i8x16_ne) \
  X(VBIN, I8X16_LT_S, 0x25, "i8x16.lt_s", NONE, V128, V128, V128, mwX_i8x16_lt_s) \
  X(VBIN, I8X16_LT_U, 0x26, "i8x16.lt_u", NONE, V128, V128, V128, mwX_i8x16_lt_u) \
  X(VBIN, I8X16_GT_S, 0x27, "i8x16.gt_s", NONE, V128, V128, V128, mwX_i8x16_gt_s) \
  X(VBIN, I8X16_GT_U, 0x28, "i8x16.gt_u", NONE, V128, V128, V128, mwX_i8x16_gt_u) \
  X(VBIN, I8X16_LE_S, 0x29, "i8x16.le_s", NONE, V128, V128, V128, mwX_i8x16_le_s) \
  X(VBIN, I8X16_LE_U, 0x2A, "i8x16.le_u", NONE, V128, V128, V128, mwX_i8x16_le_u) \
  X(VBIN, I8X16_GE_S, 0x2B, "i8x16.ge_s", NONE, V128, V128, V128, mwX_i8x16_ge_s) \
  X(VBIN, I8X16_GE_U, 0x2C, "i8x16.ge_u", NONE, V128, V128, V128, mwX_i8x16_ge_u) \
  X(VBIN, I16X8_EQ, 0x2D, "i16x8.eq", NONE, V128, V128, V128, mwX_i16x8_eq) \
  X(VBIN, I16X8_NE, 0x2E, "i16x8.ne", NONE, V128, V128, V128, mwX_i16x8_ne) \
  X(VBIN, I16X8_LT_S, 0x2F, "i16x8.lt_s", NONE, V128, V128, V128, mwX_i16x8_lt_s) \
  X(VBIN, I16X8_LT_U, 0x30, "i16x8.lt_u", NONE, V128, V128, V128, mwX_i16x8_lt_u) \
  X(VBIN, I16X8_GT_S, 0x31, "i16x8.gt_s", NONE, V128, V128, V128, mwX_i16x8_gt_s) \
  X(VBIN, I16X8_GT_U, 0x32, "i16x8.gt_u", NONE, V128, V128, V128, mwX_i16x8_gt_u) \
  X(VBIN, I16X8_LE_S, 0x33, "i16x8.le_s", NONE, V128, V128, V128, mwX_i16x8_le_s) \
  X(VBIN, I16X8_LE_U, 0x34, "i16x8.le_u", NONE, V128, V128, V128, mwX_i16x8_le_u) \
  X(VBIN, I16X8_GE_S, 0x35, "i16x8.ge_s", NONE, V128, V128, V128, mwX_i16x8_ge_s) \
  X(VBIN, I16X8_GE_U, 0x36, "i16x8.ge_u", NONE, V128, V128, V128, mwX_i16x8_ge_u) \
  X(VBIN, I32X4_EQ, 0x37, "i32x4.eq", NONE, V128, V128, V128, mwX_i32x4_eq) \
  X(VBIN, I32X4_NE, 0x38, "i32x4.ne", NONE, V128, V128, V128, mwX_i32x4_ne) \
  X(VBIN, I32X4_LT_S, 0x39, "i32x4.lt_s", NONE, V128, V128, V128, mwX_i32x4_lt_s) \
  X(VBIN, I32X4_LT_U, 0x3A, "i32x4.lt_u", NONE, V128, V128, V128, mwX_i32x4_lt_u) \
  X(VBIN, I32X4_GT_S, 0x3B, "i32x4.gt_s", NONE, V128, V128, V128, mwX_i32x4_gt_s) \
  X(VBIN, I32X4_GT_U, 0x3C, "i32x4.gt_u", NONE, V128, V128, V128, mwX_i32x4_gt_u) \
  X(VBIN, I32X4_LE_S, 0x3D, "i32x4.le_s", NONE, V128, V128, V128, mwX_i32x4_le_s) \
  X(VBIN, I32X4_LE_U, 0x3E, "i32x4.le_u", NONE, V128, V128, V128, mwX_i32x4_le_u) \
  X(VBIN, I32X4_GE_S, 0x3F, "i32x4.ge_s", NONE, V128, V128, V128, mwX_i32x4_ge_s) \
  X(VBIN, I32X4_GE_U, 0x40, "i32x4.ge_u", NONE, V128, V128, V128, mwX_i32x4_ge_u) \
  X(VBIN, F32X4_EQ, 0x41, "f32x4.eq", NONE, V128, V128, V128, mwX_f32x4_eq) \
  X(VBIN, F32X4_NE, 0x42, "f32x4.ne", NONE, V128, V128, V128, mwX_f32x4_ne) \
  X(VBIN, F32X4_LT, 0x43, "f32x4.lt", NONE, V128, V128, V128, mwX_f32x4_lt) \
  X(VBIN, F32X4_GT, 0x44, "f32x4.gt", NONE, V128, V128, V128, mwX_f32x4_gt) \
  X(VBIN, F32X4_LE, 0x45, "f32x4.le", NONE, V128, V128, V128, mwX_f32x4_le) \
  X(VBIN, F32X4_GE, 0x46, "f32x4.ge", NONE, V128, V128, V128, mwX_f32x4_ge) \
  X(VBIN, F64X2_EQ, 0x47, "f64x2.eq", NONE, V128, V128, V128, mwX_f64x2_eq) \
  X(VBIN, F64X2_NE, 0x48, "f64x2.ne", NONE, V128, V128, V128, mwX_f64x2_ne) \
  X(VBIN, F64X2_LT, 0x49, "f64x2.lt", NONE, V128, V128, V128, mwX_f64x2_lt) \
  X(VBIN, F64X2_GT, 0x4A, "f64x2.gt", NONE, V128, V128, V128, mwX_f64x2_gt) \
  X(VBIN, F64X2_LE, 0x4B, "f64x2.le", NONE, V128, V128, V128, mwX_f64x2_le) \
  X(VBIN, F64X2_GE, 0x4C, "f64x2.ge", NONE, V128, V128, V128, mwX_f64x2_ge) \
  X(VUN, V128_NOT, 0x4D, "v128.not", NONE, V128, _, V128, mwX_v128_not) \
  X(VBIN, V128_AND, 0x4E, "v128.and", NONE, V128, V128, V128, mwX_v128_and) \
  X(VBIN, V128_ANDNOT, 0x4F, "v128.andnot", NONE, V128, V128, V128, mwX_v128_andnot) \
  X(VBIN, V128_OR, 0x50, "v128.or", NONE, V128, V128, V128, mwX_v128_or) \
  X(VBIN, V128_XOR, 0x51, "v128.xor", NONE, V128, V128, V128, mwX_v128_xor) \
  X(VTERN, V128_BITSELECT, 0x52, "v128.bitselect", NONE, V128, V128, V128, mwX_v128_bitselect) \
  X(VTEST, V128_ANY_TRUE, 0x53, "v128.any_true", NONE, V128, _, I32, mwX_v128_any_true) \
  X(VLDLANE, V128_LOAD8_LANE, 0x54, "v128.load8_lane", MEMARG_LANE, V128, 1, V128, mwX_load8_lane) \
  X(VLDLANE, V128_LOAD16_LANE, 0x55, "v128.load16_lane", MEMARG_LANE, V128, 2, V128, mwX_load16_lane) \
  X(VLDLANE, V128_LOAD32_LANE, 0x56, "v128.load32_lane", MEMARG_LANE, V128, 4, V128, mwX_load32_lane) \
  X(VLDLANE, V128_LOAD64_LANE, 0x57, "v128.load64_lane", MEMARG_LANE, V128, 8, V128, mwX_load64_lane) \
  X(VSTLANE, V128_STORE8_LANE, 0x58, "v128.store8_lane", MEMARG_LANE, V128, 1, _, mwX_store8_lane) \
  X(VSTLANE, V128_STORE16_LANE, 0x59, "v128.store16_lane", MEMARG_LANE, V128, 2, _, mwX_store16_lane) \
  X(VSTLANE, V128_STORE32_LANE, 0x5A, "v128.store32_lane", MEMARG_LANE, V128, 4, _, mwX_store32_lane) \
  X(VSTLANE, V128_STORE64_LANE, 0x5B, "v128.store64_lane", MEMARG_LANE, V128, 8, _, mwX_store64_lane) \
  X(VLD, V128_LOAD32_ZERO, 0x5C, "v128.load32_zero", MEMARG, _, 4, V128, mwX_load32_zero) \
  X(VLD, V128_LOAD64_ZERO, 0x5D, "v128.load64_zero", MEMARG, _, 8, V128, mwX_load64_zero) \
  X(VUN, F32X4_DEMOTE_F64X2_ZERO, 0x5E, "f32x4.demote_f64x2_zero", NONE, V128, _, V128, mwX_f32x4_demote_f64x2_zero) \
  X(VUN, F64X2_PROMOTE_LOW_F32X4, 0x5F, "f64x2.promote_low_f32x4", NONE, V128, _, V128, mwX_f64x2_promote_low_f32x4) \
  X(VUN, I8X16_ABS, 0x60, "i8x16.abs", NONE, V128, _, V128, mwX_i8x16_abs) \
  X(VUN, I8X16_NEG, 0x61, "i8x16.neg", NONE, V128, _, V128, mwX_i8x16_neg) \
  X(VUN, I8X16_POPCNT, 0x62, "i8x16.popcnt", NONE, V128, _, V128, mwX_i8x16_popcnt) \
  X(VTEST, I8X16_ALL_TRUE, 0x63, "i8x16.all_true", NONE, V128, _, I32, mwX_i8x16_all_true) \
  X(VTEST, I8X16_BITMASK, 0x64, "i8x16.bitmask", NONE, V128, _, I32, mwX_i8x16_bitmask) \
  X(VBIN, I8X16_NARROW_I16X8_S, 0x65, "i8x16.narrow_i16x8_s", NONE, V128, V128, V128, mwX_i8x16_narrow_i16x8_s) \
  X(VBIN, I8X16_NARROW_I16X8_U, 0x66, "i8x16.narrow_i16x8_u", NONE, V128, V128, V128, mwX_i8x16_narrow_i16x8_u) \
  X(VUN, F32X4_CEIL, 0x67, "f32x4.ceil", NONE, V128, _, V128, mwX_f32x4_ceil) \
  X(VUN, F32X4_FLOOR, 0x68, "f32x4.floor", NONE, V128, _, V128, mwX_f32x4_floor) \
  X(VUN, F32X4_TRUNC, 0x69, "f32x4.trunc", NONE, V128, _, V128, mwX_f32x4_trunc) \
  X(VUN, F32X4_NEAREST, 0x6A, "f32x4.nearest", NONE, V128, _, V128, mwX_f32x4_nearest) \
  X(VSHIFT, I8X16_SHL, 0x6B, "i8x16.shl", NONE, V128, I32, V128, mwX_i8x16_shl) \
  X(VSHIFT, I8X16_SHR_S, 0x6C, "i8x16.shr_s", NONE, V128, I32, V128, mwX_i8x16_shr_s) \
  X(VSHIFT, I8X16_SHR_U, 0x6D, "i8x16.shr_u", NONE, V128, I32, V128, mwX_i8x16_shr_u) \
  X(VBIN, I8X16_ADD, 0x6E, "i8x16.add", NONE, V128, V128, V128, mwX_i8x16_add) \
  X(VBIN, I8X16_ADD_SAT_S, 0x6F, "i8x16.add_sat_s", NONE, V128, V128, V128, mwX_i8x16_add_sat_s) \
  X(VBIN, I8X16_ADD_SAT_U, 0x70, "i8x16.add_sat_u", NONE, V128, V128, V128, mwX_i8x16_add_sat_u) \
  X(VBIN, I8X16_SUB, 0x71, "i8x16.sub", NONE, V128, V128, V128, mwX_i8x16_sub) \
  X(VBIN, I8X16_SUB_SAT_S, 0x72, "i8x16.sub_sat_s", NONE, V128, V128, V128, mwX_i8x16_sub_sat_s) \
  X(VBIN, I8X16_SUB_SAT_U, 0x73, "i8x16.sub_sat_u", NONE, V128, V128, V128, mwX_i8x16_sub_sat_u) \
  X(VUN, F64X2_CEIL, 0x74, "f64x2.ceil", NONE, V128, _, V128, mwX_f64x2_ceil) \
  X(VUN, F64X2_FLOOR, 0x75, "f64x2.floor", NONE, V128, _, V128, mwX_f64x2_floor) \
  X(VBIN, I8X16_MIN_S, 0x76, "i8x16.min_s", NONE, V128, V128, V128, mwX_i8x16_min_s) \
  X(VBIN, I8X16_MIN_U, 0x77, "i8x16.min_u", NONE, V128, V128, V128, mwX_i8x16_min_u) \
  X(VBIN, I8X16_MAX_S, 0x78, "i8x16.max_s", NONE, V128, V128, V128, mwX_i8x16_max_s) \
  X(VBIN, I8X16_MAX_U, 0x79, "i8x16.max_u", NONE, V128, V128, V128, mwX_i8x16_max_u) \
  X(VUN, F64X2_TRUNC, 0x7A, "f64x2.trunc", NONE, V128, _, V128, mwX_f64x2_trunc) \
  X(VBIN, I8X16_AVGR_U, 0x7B, "i8x16.avgr_u", NONE, V128, V128, V128, mwX_i8x16_avgr_u) \
  X(VUN, I16X8_EXTADD_PAIRWISE_I8X16_S, 0x7C, "i16x8.extadd_pairwise_i8x16_s", NONE, V128, _, V128, mwX_i16x8_extadd_pairwise_i8x16_s) \
  X(VUN, I16X8_EXTADD_PAIRWISE_I8X16_U, 0x7D, "i16x8.extadd_pairwise_i8x16_u", NONE, V128, _, V128, mwX_i16x8_extadd_pairwise_i8x16_u) \
  X(VUN, I32X4_EXTADD_PAIRWISE_I16X8_S, 0x7E, "i32x4.extadd_pairwise_i16x8_s", NONE, V128, _, V128, mwX_i32x4_extadd_pairwise_i16x8_s) \
  X(VUN, I32X4_EXTADD_PAIRWISE_I16X8_U, 0x7F, "i32x4.extadd_pairwise_i16x8_u", NONE, V128, _, V128, mwX_i32x4_extadd_pairwise_i16x8_u) \
  X(VUN, I16X8_ABS, 0x80, "i16x8.abs", NONE, V128, _, V128, mwX_i16x8_abs) \
  X(VUN, I16X8_NEG, 0x81, "i16x8.neg", NONE, V128, _, V128, mwX_i16x8_neg) \
  X(VBIN, I16X8_Q15MULR_SAT_S, 0x82, "i16x8.q15mulr_sat_s", NONE, V128, V128, V128, mwX_i16x8_q15mulr_sat_s) \
  X(VTEST, I16X8_ALL_TRUE, 0x83, "i16x8.all_true", NONE, V128, _, I32, mwX_i16x8_all_true) \
  X(VTEST, I16X8_BITMASK, 0x84, "i16x8.bitmask", NONE, V128, _, I32, mwX_i16x8_bitmask) \
  X(VBIN, I16X8_NARROW_I32X4_S, 0x85, "i16x8.narrow_i32x4_s", NONE, V128, V128, V128, mwX_i16x8_narrow_i32x4_s) \
  X(VBIN, I16X8_NARROW_I32X4_U, 0x86, "i16x8.narrow_i32x4_u", NONE, V128, V128, V128, mwX_i16x8_narrow_i32x4_u) \
  X(VUN, I16X8_EXTEND_LOW_I8X16_S, 0x87, "i16x8.extend_low_i8x16_s", NONE, V128, _, V128, mwX_i16x8_extend_low_i8x16_s) \
  X(VUN, I16X8_EXTEND_HIGH_I8X16_S, 0x88, "i16x8.extend_high_i8x16_s", NONE, V128, _, V128, mwX_i16x8_extend_high_i8x16_s) \
  X(VUN, I16X8_EXTEND_LOW_I8X16_U, 0x89, "i16x8.extend_low_i8x16_u", NONE, V128, _, V128, mwX_i16x8_extend_low_i8x16_u) \
  X(VUN, I16X8_EXTEND_HIGH_I8X16_U, 0x8A, "i16x8.extend_high_i8x16_u", NONE, V128, _, V128, mwX_i16x8_extend_high_i8x16_u) \
  X(VSHIFT, I16X8_SHL, 0x8B, "i16x8.shl", NONE, V128, I32, V128, mwX_i16x8_shl) \
  X(VSHIFT, I16X8_SHR_S, 0x8C, "i16x8.shr_s", NONE, V128, I32, V128, mwX_i16x8_shr_s) \
  X(VSHIFT, I16X8_SHR_U, 0x8D, "i16x8.shr_u", NONE, V128, I32, V128, mwX_i16x8_shr_u) \
  X(VBIN, I16X8_ADD, 0x8E, "i16x8.add", NONE, V128, V128, V128, mwX_i16x8_add) \
  X(VBIN, I16X8_ADD_SAT_S, 0x8F, "i16x8.add_sat_s", NONE, V128, V128, V128, mwX_i16x8_add_sat_s) \
  X(VBIN, I16X8_ADD_SAT_U, 0x90, "i16x8.add_sat_u", NONE, V128, V128, V128, mwX_i16x8_add_sat_u) \
  X(VBIN, I16X8_SUB, 0x91, "i16x8.sub", NONE, V128, V128, V128, mwX_i16x8_sub) \
  X(VBIN, I16X8_SUB_SAT_S, 0x92, "i16x8.sub_sat_s", NONE, V128, V128, V128, mwX_i16x8_sub_sat_s) \
  X(VBIN, I16X8_SUB_SAT_U, 0x93, "i16x8.sub_sat_u", NONE, V128, V128, V128, mwX_i16x8_sub_sat_u) \
  X(VUN, F64X2_NEAREST, 0x94, "f64x2.nearest", NONE, V128, _, V128, mwX_f64x2_nearest) \
  X(VBIN, I16X8_MUL, 0x95, "i16x8.mul", NONE, V128, V128, V128, mwX_i16x8_mul) \
  X(VBIN, I16X8_MIN_S, 0x96, "i16x8.min_s", NONE, V128, V128, V128, mwX_i16x8_min_s) \
  X(VBIN, I16X8_MIN_U, 0x97, "i16x8.min_u", NONE, V128, V128, V128, mwX_i16x8_min_u) \
  X(VBIN, I16X8_MAX_S, 0x98, "i16x8.max_s", NONE, V128, V128, V128, mwX_i16x8_max_s) \
  X(VBIN, I16X8_MAX_U, 0x99, "i16x8.max_u", NONE, V128, V128, V128, mwX_i16x8_max_u) \
  X(VBIN, I16X8_AVGR_U, 0x9B, "i16x8.avgr_u", NONE, V128, V128, V128, mwX_i16x8_avgr_u) \
  X(VBIN, I16X8_EXTMUL_LOW_I8X16_S, 0x9C, "i16x8.extmul_low_i8x16_s", NONE, V128, V128, V128, mwX_i16x8_extmul_low_i8x16_s) \
  X(VBIN, I16X8_EXTMUL_HIGH_I8X16_S, 0x9D, "i16x8.extmul_high_i8x16_s", NONE, V128, V128, V128, mwX_i16x8_extmul_high_i8x16_s) \
  X(VBIN, I16X8_EXTMUL_LOW_I8X16_U, 0x9E, "i16x8.extmul_low_i8x16_u", NONE, V128, V128, V128, mwX_i16x8_extmul_low_i8x16_u) \
  X(VBIN, I16X8_EXTMUL_HIGH_I8X16_U, 0x9F, "i16x8.extmul_high_i8x16_u", NONE, V128, V128, V128, mwX_i16x8_extmul_high_i8x16_u) \
  X(VUN, I32X4_ABS, 0xA0, "i32x4.abs", NONE, V128, _, V128, mwX_i32x4_abs) \
  X(VUN, I32X4_NEG, 0xA1, "i32x4.neg", NONE, V128, _, V128, mwX_i32x4_neg) \
  X(VTEST, I32X4_ALL_TRUE, 0xA3, "i32x4.all_true", NONE, V128, _, I32, mwX_i32x4_all_true) \
  X(VTEST, I32X4_BITMASK, 0xA4, "i32x4.bitmask", NONE, V128, _, I32, mwX_i32x4_bitmask) \
  X(VUN, I32X4_EXTEND_LOW_I16X8_S, 0xA7, "i32x4.extend_low_i16x8_s", NONE, V128, _, V128, mwX_i32x4_extend_low_i16x8_s) \
  X(VUN, I32X4_EXTEND_HIGH_I16X8_S, 0xA8, "i32x4.extend_high_i16x8_s", NONE, V128, _, V128, mwX_i32x4_extend_high_i16x8_s) \
  X(VUN, I32X4_EXTEND_LOW_I16X8_U, 0xA9, "i32x4.extend_low_i16x8_u", NONE, V128, _, V128, mwX_i32x4_extend_low_i16x8_u) \
  X(VUN, I32X4_EXTEND_HIGH_I16X8_U, 0xAA, "i32x4.extend_high_i16x8_u", NONE, V128, _, V128, mwX_i32x4_extend_high_i16x8_u) \
  X(VSHIFT, I32X4_SHL, 0xAB, "i32x4.shl", NONE, V128, I32, V128, mwX_i32x4_shl) \
  X(VSHIFT, I32X4_SHR_S, 0xAC, "i32x4.shr_s", NONE, V128, I32, V128, mwX_i32x4_shr_s) \
  X(VSHIFT, I32X4_SHR_U, 0xAD, "i32x4.shr_u", NONE, V128, I32, V128, mwX_i32x4_shr_u) \
  X(VBIN, I32X4_ADD, 0xAE, "i32x4.add", NONE, V128, V128, V128, mwX_i32x4_add) \
  X(VBIN, I32X4_SUB, 0xB1, "i32x4.sub", NONE, V128, V128, V128, mwX_i32x4_sub) \
  X(VBIN, I32X4_MUL, 0xB5, "i32x4.mul", NONE, V128, V128, V128, mwX_i32x4_mul) \
  X(VBIN, I32X4_MIN_S, 0xB6, "i32x4.min_s", NONE, V128, V128, V128, mwX_i32x4_min_s) \
  X(VBIN, I32X4_MIN_U, 0xB7, "i32x4.min_u", NONE, V128, V128, V128, mwX_i32x4_min_u) \
  X(VBIN, I32X4_MAX_S, 0xB8, "i32x4.max_s", NONE, V128, V128, V128, mwX_i32x4_max_s) \
  X(VBIN, I32X4_MAX_U, 0xB9, "i32x4.max_u", NONE, V128, V128, V128, mwX_i32x4_max_u) \
  X(VBIN, I32X4_DOT_I16X8_S, 0xBA, "i32x4.dot_i16x8_s", NONE, V128, V128, V128, mwX_i32x4_dot_i16x8_s) \
  X(VBIN, I32X4_EXTMUL_LOW_I16X8_S, 0xBC, "i32x4.extmul_low_i16x8_s", NONE, V128, V128, V128, mwX_i32x4_extmul_low_i16x8_s) \
  X(VBIN, I32X4_EXTMUL_HIGH_I16X8_S, 0xBD, "i32x4.extmul_high_i16x8_s", NONE, V128, V128, V128, mwX_i32x4_extmul_high_i16x8_s) \
  X(VBIN, I32X4_EXTMUL_LOW_I16X8_U, 0xBE, "i32x4.extmul_low_i16x8_u", NONE, V128, V128, V128, mwX_i32x4_extmul_low_i16x8_u) \
  X(VBIN, I32X4_EXTMUL_HIGH_I16X8_U, 0xBF, "i32x4.extmul_high_i16x8_u", NONE, V128, V128, V128, mwX_i32x4_extmul_high_i16x8_u) \
  X(VUN, I64X2_ABS, 0xC0, "i64x2.abs", NONE, V128, _, V128, mwX_i64x2_abs) \
  X(VUN, I64X2_NEG, 0xC1, "i64x2.neg", NONE, V128, _, V128, mwX_i64x2_neg) \
  X(VTEST, I64X2_ALL_TRUE, 0xC3, "i64x2.all_true", NONE, V128, _, I32, mwX_i64x2_all_true) \
  X(VTEST, I64X2_BITMASK, 0xC4, "i64x2.bitmask", NONE, V128, _, I32, mwX_i64x2_bitmask) \
  X(VUN, I64X2_EXTEND_LOW_I32X4_S, 0xC7, "i64x2.extend_low_i32x4_s", NONE, V128, _, V128, mwX_i64x2_extend_low_i32x4_s) \
  X(VUN, I64X2_EXTEND_HIGH_I32X4_S, 0xC8, "i64x2.extend_high_i32x4_s", NONE, V128, _, V128, mwX_i64x2_extend_high_i32x4_s) \
  X(VUN, I64X2_EXTEND_LOW_I32X4_U, 0xC9, "i64x2.extend_low_i32x4_u", NONE, V128, _, V128, mwX_i64x2_extend_low_i32x4_u) \
  X(VUN, I64X2_EXTEND_HIGH_I32X4_U, 0xCA, "i64x2.extend_high_i32x4_u", NONE, V128, _, V128, mwX_i64x2_extend_high_i32x4_u) \
  X(VSHIFT, I64X2_SHL, 0xCB, "i64x2.shl", NONE, V128, I32, V128, mwX_i64x2_shl) \
  X(VSHIFT, I64X2_SHR_S, 0xCC, "i64x2.shr_s", NONE, V128, I32, V128, mwX_i64x2_shr_s) \
  X(VSHIFT, I64X2_SHR_U, 0xCD, "i64x2.shr_u", NONE, V128, I32, V128, mwX_i64x2_shr_u) \
  X(VBIN, I64X2_ADD, 0xCE, "i64x2.add", NONE, V128, V128, V128, mwX_i64x2_add) \
  X(VBIN, I64X2_SUB, 0xD1, "i64x2.sub", NONE, V128, V128, V128, mwX_i64x2_sub) \
  X(VBIN, I64X2_MUL, 0xD5, "i64x2.mul", NONE, V128, V128, V128, mwX_i64x2_mul) \
  X(VBIN, I64X2_EQ, 0xD6, "i64x2.eq", NONE, V128, V128, V128, mwX_i64x2_eq) \
  X(VBIN, I64X2_NE, 0xD7, "i64x2.ne", NONE, V128, V128, V128, mwX_i64x2_ne) \
  X(VBIN, I64X2_LT_S, 0xD8, "i64x2.lt_s", NONE, V128, V128, V128, mwX_i64x2_lt_s) \
  X(VBIN, I64X2_GT_S, 0xD9, "i64x2.gt_s", NONE, V128, V128, V128, mwX_i64x2_gt_s) \
  X(VBIN, I64X2_LE_S, 0xDA, "i64x2.le_s", NONE, V128, V128, V128, mwX_i64x2_le_s) \
  X(VBIN, I64X2_GE_S, 0xDB, "i64x2.ge_s", NONE, V128, V128, V128, mwX_i64x2_ge_s) \
  X(VBIN, I64X2_EXTMUL_LOW_I32X4_S, 0xDC, "i64x2.extmul_low_i32x4_s", NONE, V128, V128, V128, mwX_i64x2_extmul_low_i32x4_s) \
  X(VBIN, I64X2_EXTMUL_HIGH_I32X4_S, 0xDD, "i64x2.extmul_high_i32x4_s", NONE, V128, V128, V128, mwX_i64x2_extmul_high_i32x4_s) \
  X(VBIN, I64X2_EXTMUL_LOW_I32X4_U, 0xDE, "i64x2.extmul_low_i32x4_u", NONE, V128, V128, V128, mwX_i64x2_extmul_low_i32x4_u) \
  X(VBIN, I64X2_EXTMUL_HIGH_I32X4_U, 0xDF, "i64x2.extmul_high_i32x4_u", NONE, V128, V128, V128, mwX_i64x2_extmul_high_i32x4_u) \
  X(VUN, F32X4_ABS, 0xE0, "f32x4.abs", NONE, V128, _, V128, mwX_f32x4_abs) \
  X(VUN, F32X4_NEG, 0xE1, "f32x4.neg", NONE, V128, _, V128, mwX_f32x4_neg) \
  X(VUN, F32X4_SQRT, 0xE3, "f32x4.sqrt", NONE, V128, _, V128, mwX_f32x4_sqrt) \
  X(VBIN, F32X4_ADD, 0xE4, "f32x4.add", NONE, V128, V128, V128, mwX_f32x4_add) \
  X(VBIN, F32X4_SUB, 0xE5, "f32x4.sub", NONE, V128, V128, V128, mwX_f32x4_sub) \
  X(VBIN, F32X4_MUL, 0xE6, "f32x4.mul", NONE, V128, V128, V128, mwX_f32x4_mul) \
  X(VBIN, F32X4_DIV, 0xE7, "f32x4.div", NONE, V128, V128, V128, mwX_f32x4_div) \
  X(VBIN, F32X4_MIN, 0xE8, "f32x4.min", NONE, V128, V128, V128, mwX_f32x4_min) \
  X(VBIN, F32X4_MAX, 0xE9, "f32x4.max", NONE, V128, V128, V128, mwX_f32x4_max) \
  X(VBIN, F32X4_PMIN, 0xEA, "f32x4.pmin", NONE, V128, V128, V128, mwX_f32x4_pmin) \
  X(VBIN, F32X4_PMAX, 0xEB, "f32x4.pmax", NONE, V128, V128, V128, mwX_f32x4_pmax) \
  X(VUN, F64X2_ABS, 0xEC, "f64x2.abs", NONE, V128, _, V128, mwX_f64x2_abs) \
  X(VUN, F64X2_NEG, 0xED, "f64x2.neg", NONE, V128, _, V128, mwX_f64x2_neg) \
  X(VUN, F64X2_SQRT, 0xEF, "f64x2.sqrt", NONE, V128, _, V128, mwX_f64x2_sqrt) \
  X(VBIN, F64X2_ADD, 0xF0, "f64x2.add", NONE, V128, V128, V128, mwX_f64x2_add) \
  X(VBIN, F64X2_SUB, 0xF1, "f64x2.sub", NONE, V128, V128, V128, mwX_f64x2_sub) \
  X(VBIN, F64X2_MUL, 0xF2, "f64x2.mul", NONE, V128, V128, V128, mwX_f64x2_mul) \
  X(VBIN, F64X2_DIV, 0xF3, "f64x2.div", NONE, V128, V128, V128, mwX_f64x2_div) \
  X(VBIN, F64X2_MIN, 0xF4, "f64x2.min", NONE, V128, V128, V128, mwX_f64x2_min) \
  X(VBIN, F64X2_MAX, 0xF5, "f64x2.max", NONE, V128, V128, V128, mwX_f64x2_max) \
  X(VBIN, F64X2_PMIN, 0xF6, "f64x2.pmin", NONE, V128, V128, V128, mwX_f64x2_pmin) \
  X(VBIN, F64X2_PMAX, 0xF7, "f64x2.pmax", NONE, V128, V128, V128, mwX_f64x2_pmax) \
  X(VUN, I32X4_TRUNC_SAT_F32X4_S, 0xF8, "i32x4.trunc_sat_f32x4_s", NONE, V128, _, V128, mwX_i32x4_trunc_sat_f32x4_s) \
  X(VUN, I32X4_TRUNC_SAT_F32X4_U, 0xF9, "i32x4.trunc_sat_f32x4_u", NONE, V128, _, V128, mwX_i32x4_trunc_sat_f32x4_u) \
  X(VUN, F32X4_CONVERT_I32X4_S, 0xFA, "f32x4.convert_i32x4_s", NONE, V128, _, V128, mwX_f32x4_convert_i32x4_s) \
  X(VUN, F32X4_CONVERT_I32X4_U, 0xFB, "f32x4.convert_i32x4_u", NONE, V128, _, V128, mwX_f32x4_convert_i32x4_u) \
  X(VUN, I32X4_TRUNC_SAT_F64X2_S_ZERO, 0xFC, "i32x4.trunc_sat_f64x2_s_zero", NONE, V128, _, V128, mwX_i32x4_trunc_sat_f64x2_s_zero) \
  X(VUN, I32X4_TRUNC_SAT_F64X2_U_ZERO, 0xFD, "i32x4.trunc_sat_f64x2_u_zero", NONE, V128, _, V128, mwX_i32x4_trunc_sat_f64x2_u_zero) \
  X(VUN, F64X2_CONVERT_LOW_I32X4_S, 0xFE, "f64x2.convert_low_i32x4_s", NONE, V128, _, V128, mwX_f64x2_convert_low_i32x4_s) \
  X(VUN, F64X2_CONVERT_LOW_I32X4_U, 0xFF, "f64x2.convert_low_i32x4_u", NONE, V128, _, V128, mwX_f64x2_convert_low_i32x4_u)

#endif /* MW_OPCODES_SIMD_H */
