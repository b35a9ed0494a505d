/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * opcodes3.h — the WebAssembly 3.0 (and proposal) instructions the core's table
 * (src/opcodes.h, opcodes_simd.h) does not have yet: exception handling (and the legacy
 * try/catch/delegate/rethrow), tail calls, typed function references, GC (0xFB), relaxed
 * SIMD (0xFD 0x100..), wide arithmetic (0xFC 19..22) and threads (0xFE). The text reader
 * encodes them; the core rejects them until it implements them.
 *
 * Same shape as src/opcodes.h: X(kind, SYM, code, "name", imm, t1, t2, tr, impl), one
 * macro per prefix, so rows can move into the core's table unchanged once the core
 * implements them. Only kind, code, name, imm and t2 are filled in:
 *   kinds  EH TAIL FREF (control, one-byte opcodes), GC, WIDE, RSIMD, ATOM
 *   imm    as in src/opcodes.h, plus TAG TYPE TYPE_FIELD TYPE_U32 TYPE_DATA TYPE_ELEM
 *          TYPE_TYPE (type index, then field / count / data / elem / second type index),
 *          REFTEST (heap type; the opcode is code for (ref ht), code + 1 for (ref null ht)),
 *          BRCAST (flags, label, two heap types), TRYTABLE (block type, vec(catch)),
 *          ZERO (a reserved 0x00 byte)
 *   t2     ATOM: access size in bytes (the natural alignment of the memarg)
 */
#ifndef MWT_OPCODES3_H
#define MWT_OPCODES3_H

#define MWT_OPCODES3(X) \
  X(EH, THROW, 0x08, "throw", TAG, _, _, _, _) \
  X(EH, THROW_REF, 0x0A, "throw_ref", NONE, _, _, _, _) \
  X(EH, TRY_TABLE, 0x1F, "try_table", TRYTABLE, _, _, _, _) \
  X(EH, TRY, 0x06, "try", BLOCKTYPE, _, _, _, _) \
  X(EH, CATCH, 0x07, "catch", TAG, _, _, _, _) \
  X(EH, RETHROW, 0x09, "rethrow", LABEL, _, _, _, _) \
  X(EH, DELEGATE, 0x18, "delegate", LABEL, _, _, _, _) \
  X(EH, CATCH_ALL, 0x19, "catch_all", NONE, _, _, _, _) \
  X(TAIL, RETURN_CALL, 0x12, "return_call", FUNC, _, _, _, _) \
  X(TAIL, RETURN_CALL_INDIRECT, 0x13, "return_call_indirect", CALLIND, _, _, _, _) \
  X(FREF, CALL_REF, 0x14, "call_ref", TYPE, _, _, _, _) \
  X(FREF, RETURN_CALL_REF, 0x15, "return_call_ref", TYPE, _, _, _, _) \
  X(FREF, REF_EQ, 0xD3, "ref.eq", NONE, _, _, _, _) \
  X(FREF, REF_AS_NON_NULL, 0xD4, "ref.as_non_null", NONE, _, _, _, _) \
  X(FREF, BR_ON_NULL, 0xD5, "br_on_null", LABEL, _, _, _, _) \
  X(FREF, BR_ON_NON_NULL, 0xD6, "br_on_non_null", LABEL, _, _, _, _)

#define MWT_OPCODES3_FB(X) \
  X(GC, STRUCT_NEW, 0x00, "struct.new", TYPE, _, _, _, _) \
  X(GC, STRUCT_NEW_DEFAULT, 0x01, "struct.new_default", TYPE, _, _, _, _) \
  X(GC, STRUCT_GET, 0x02, "struct.get", TYPE_FIELD, _, _, _, _) \
  X(GC, STRUCT_GET_S, 0x03, "struct.get_s", TYPE_FIELD, _, _, _, _) \
  X(GC, STRUCT_GET_U, 0x04, "struct.get_u", TYPE_FIELD, _, _, _, _) \
  X(GC, STRUCT_SET, 0x05, "struct.set", TYPE_FIELD, _, _, _, _) \
  X(GC, ARRAY_NEW, 0x06, "array.new", TYPE, _, _, _, _) \
  X(GC, ARRAY_NEW_DEFAULT, 0x07, "array.new_default", TYPE, _, _, _, _) \
  X(GC, ARRAY_NEW_FIXED, 0x08, "array.new_fixed", TYPE_U32, _, _, _, _) \
  X(GC, ARRAY_NEW_DATA, 0x09, "array.new_data", TYPE_DATA, _, _, _, _) \
  X(GC, ARRAY_NEW_ELEM, 0x0A, "array.new_elem", TYPE_ELEM, _, _, _, _) \
  X(GC, ARRAY_GET, 0x0B, "array.get", TYPE, _, _, _, _) \
  X(GC, ARRAY_GET_S, 0x0C, "array.get_s", TYPE, _, _, _, _) \
  X(GC, ARRAY_GET_U, 0x0D, "array.get_u", TYPE, _, _, _, _) \
  X(GC, ARRAY_SET, 0x0E, "array.set", TYPE, _, _, _, _) \
  X(GC, ARRAY_LEN, 0x0F, "array.len", NONE, _, _, _, _) \
  X(GC, ARRAY_FILL, 0x10, "array.fill", TYPE, _, _, _, _) \
  X(GC, ARRAY_COPY, 0x11, "array.copy", TYPE_TYPE, _, _, _, _) \
  X(GC, ARRAY_INIT_DATA, 0x12, "array.init_data", TYPE_DATA, _, _, _, _) \
  X(GC, ARRAY_INIT_ELEM, 0x13, "array.init_elem", TYPE_ELEM, _, _, _, _) \
  X(GC, REF_TEST, 0x14, "ref.test", REFTEST, _, _, _, _) \
  X(GC, REF_CAST, 0x16, "ref.cast", REFTEST, _, _, _, _) \
  X(GC, BR_ON_CAST, 0x18, "br_on_cast", BRCAST, _, _, _, _) \
  X(GC, BR_ON_CAST_FAIL, 0x19, "br_on_cast_fail", BRCAST, _, _, _, _) \
  X(GC, ANY_CONVERT_EXTERN, 0x1A, "any.convert_extern", NONE, _, _, _, _) \
  X(GC, EXTERN_CONVERT_ANY, 0x1B, "extern.convert_any", NONE, _, _, _, _) \
  X(GC, REF_I31, 0x1C, "ref.i31", NONE, _, _, _, _) \
  X(GC, I31_GET_S, 0x1D, "i31.get_s", NONE, _, _, _, _) \
  X(GC, I31_GET_U, 0x1E, "i31.get_u", NONE, _, _, _, _)

#define MWT_OPCODES3_FC(X) \
  X(WIDE, I64_ADD128, 0x13, "i64.add128", NONE, _, _, _, _) \
  X(WIDE, I64_SUB128, 0x14, "i64.sub128", NONE, _, _, _, _) \
  X(WIDE, I64_MUL_WIDE_S, 0x15, "i64.mul_wide_s", NONE, _, _, _, _) \
  X(WIDE, I64_MUL_WIDE_U, 0x16, "i64.mul_wide_u", NONE, _, _, _, _)

#define MWT_OPCODES3_FD(X) \
  X(RSIMD, I8X16_RELAXED_SWIZZLE, 0x100, "i8x16.relaxed_swizzle", NONE, _, _, _, _) \
  X(RSIMD, I32X4_RELAXED_TRUNC_F32X4_S, 0x101, "i32x4.relaxed_trunc_f32x4_s", NONE, _, _, _, _) \
  X(RSIMD, I32X4_RELAXED_TRUNC_F32X4_U, 0x102, "i32x4.relaxed_trunc_f32x4_u", NONE, _, _, _, _) \
  X(RSIMD, I32X4_RELAXED_TRUNC_F64X2_S_ZERO, 0x103, "i32x4.relaxed_trunc_f64x2_s_zero", NONE, _, _, _, _) \
  X(RSIMD, I32X4_RELAXED_TRUNC_F64X2_U_ZERO, 0x104, "i32x4.relaxed_trunc_f64x2_u_zero", NONE, _, _, _, _) \
  X(RSIMD, F32X4_RELAXED_MADD, 0x105, "f32x4.relaxed_madd", NONE, _, _, _, _) \
  X(RSIMD, F32X4_RELAXED_NMADD, 0x106, "f32x4.relaxed_nmadd", NONE, _, _, _, _) \
  X(RSIMD, F64X2_RELAXED_MADD, 0x107, "f64x2.relaxed_madd", NONE, _, _, _, _) \
  X(RSIMD, F64X2_RELAXED_NMADD, 0x108, "f64x2.relaxed_nmadd", NONE, _, _, _, _) \
  X(RSIMD, I8X16_RELAXED_LANESELECT, 0x109, "i8x16.relaxed_laneselect", NONE, _, _, _, _) \
  X(RSIMD, I16X8_RELAXED_LANESELECT, 0x10A, "i16x8.relaxed_laneselect", NONE, _, _, _, _) \
  X(RSIMD, I32X4_RELAXED_LANESELECT, 0x10B, "i32x4.relaxed_laneselect", NONE, _, _, _, _) \
  X(RSIMD, I64X2_RELAXED_LANESELECT, 0x10C, "i64x2.relaxed_laneselect", NONE, _, _, _, _) \
  X(RSIMD, F32X4_RELAXED_MIN, 0x10D, "f32x4.relaxed_min", NONE, _, _, _, _) \
  X(RSIMD, F32X4_RELAXED_MAX, 0x10E, "f32x4.relaxed_max", NONE, _, _, _, _) \
  X(RSIMD, F64X2_RELAXED_MIN, 0x10F, "f64x2.relaxed_min", NONE, _, _, _, _) \
  X(RSIMD, F64X2_RELAXED_MAX, 0x110, "f64x2.relaxed_max", NONE, _, _, _, _) \
  X(RSIMD, I16X8_RELAXED_Q15MULR_S, 0x111, "i16x8.relaxed_q15mulr_s", NONE, _, _, _, _) \
  X(RSIMD, I16X8_RELAXED_DOT_I8X16_I7X16_S, 0x112, "i16x8.relaxed_dot_i8x16_i7x16_s", NONE, _, _, _, _) \
  X(RSIMD, I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S, 0x113, "i32x4.relaxed_dot_i8x16_i7x16_add_s", NONE, _, _, _, _)

#define MWT_OPCODES3_FE(X) \
  X(ATOM, MEMORY_ATOMIC_NOTIFY, 0x00, "memory.atomic.notify", MEMARG, _, 4, _, _) \
  X(ATOM, MEMORY_ATOMIC_WAIT32, 0x01, "memory.atomic.wait32", MEMARG, _, 4, _, _) \
  X(ATOM, MEMORY_ATOMIC_WAIT64, 0x02, "memory.atomic.wait64", MEMARG, _, 8, _, _) \
  X(ATOM, ATOMIC_FENCE, 0x03, "atomic.fence", ZERO, _, _, _, _) \
  X(ATOM, I32_ATOMIC_LOAD, 0x10, "i32.atomic.load", MEMARG, _, 4, _, _) \
  X(ATOM, I64_ATOMIC_LOAD, 0x11, "i64.atomic.load", MEMARG, _, 8, _, _) \
  X(ATOM, I32_ATOMIC_LOAD8_U, 0x12, "i32.atomic.load8_u", MEMARG, _, 1, _, _) \
  X(ATOM, I32_ATOMIC_LOAD16_U, 0x13, "i32.atomic.load16_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_LOAD8_U, 0x14, "i64.atomic.load8_u", MEMARG, _, 1, _, _) \
  X(ATOM, I64_ATOMIC_LOAD16_U, 0x15, "i64.atomic.load16_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_LOAD32_U, 0x16, "i64.atomic.load32_u", MEMARG, _, 4, _, _) \
  X(ATOM, I32_ATOMIC_STORE, 0x17, "i32.atomic.store", MEMARG, _, 4, _, _) \
  X(ATOM, I64_ATOMIC_STORE, 0x18, "i64.atomic.store", MEMARG, _, 8, _, _) \
  X(ATOM, I32_ATOMIC_STORE8, 0x19, "i32.atomic.store8", MEMARG, _, 1, _, _) \
  X(ATOM, I32_ATOMIC_STORE16, 0x1A, "i32.atomic.store16", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_STORE8, 0x1B, "i64.atomic.store8", MEMARG, _, 1, _, _) \
  X(ATOM, I64_ATOMIC_STORE16, 0x1C, "i64.atomic.store16", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_STORE32, 0x1D, "i64.atomic.store32", MEMARG, _, 4, _, _) \
  X(ATOM, I32_ATOMIC_RMW_ADD, 0x1E, "i32.atomic.rmw.add", MEMARG, _, 4, _, _) \
  X(ATOM, I64_ATOMIC_RMW_ADD, 0x1F, "i64.atomic.rmw.add", MEMARG, _, 8, _, _) \
  X(ATOM, I32_ATOMIC_RMW8_ADD_U, 0x20, "i32.atomic.rmw8.add_u", MEMARG, _, 1, _, _) \
  X(ATOM, I32_ATOMIC_RMW16_ADD_U, 0x21, "i32.atomic.rmw16.add_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW8_ADD_U, 0x22, "i64.atomic.rmw8.add_u", MEMARG, _, 1, _, _) \
  X(ATOM, I64_ATOMIC_RMW16_ADD_U, 0x23, "i64.atomic.rmw16.add_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW32_ADD_U, 0x24, "i64.atomic.rmw32.add_u", MEMARG, _, 4, _, _) \
  X(ATOM, I32_ATOMIC_RMW_SUB, 0x25, "i32.atomic.rmw.sub", MEMARG, _, 4, _, _) \
  X(ATOM, I64_ATOMIC_RMW_SUB, 0x26, "i64.atomic.rmw.sub", MEMARG, _, 8, _, _) \
  X(ATOM, I32_ATOMIC_RMW8_SUB_U, 0x27, "i32.atomic.rmw8.sub_u", MEMARG, _, 1, _, _) \
  X(ATOM, I32_ATOMIC_RMW16_SUB_U, 0x28, "i32.atomic.rmw16.sub_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW8_SUB_U, 0x29, "i64.atomic.rmw8.sub_u", MEMARG, _, 1, _, _) \
  X(ATOM, I64_ATOMIC_RMW16_SUB_U, 0x2A, "i64.atomic.rmw16.sub_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW32_SUB_U, 0x2B, "i64.atomic.rmw32.sub_u", MEMARG, _, 4, _, _) \
  X(ATOM, I32_ATOMIC_RMW_AND, 0x2C, "i32.atomic.rmw.and", MEMARG, _, 4, _, _) \
  X(ATOM, I64_ATOMIC_RMW_AND, 0x2D, "i64.atomic.rmw.and", MEMARG, _, 8, _, _) \
  X(ATOM, I32_ATOMIC_RMW8_AND_U, 0x2E, "i32.atomic.rmw8.and_u", MEMARG, _, 1, _, _) \
  X(ATOM, I32_ATOMIC_RMW16_AND_U, 0x2F, "i32.atomic.rmw16.and_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW8_AND_U, 0x30, "i64.atomic.rmw8.and_u", MEMARG, _, 1, _, _) \
  X(ATOM, I64_ATOMIC_RMW16_AND_U, 0x31, "i64.atomic.rmw16.and_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW32_AND_U, 0x32, "i64.atomic.rmw32.and_u", MEMARG, _, 4, _, _) \
  X(ATOM, I32_ATOMIC_RMW_OR, 0x33, "i32.atomic.rmw.or", MEMARG, _, 4, _, _) \
  X(ATOM, I64_ATOMIC_RMW_OR, 0x34, "i64.atomic.rmw.or", MEMARG, _, 8, _, _) \
  X(ATOM, I32_ATOMIC_RMW8_OR_U, 0x35, "i32.atomic.rmw8.or_u", MEMARG, _, 1, _, _) \
  X(ATOM, I32_ATOMIC_RMW16_OR_U, 0x36, "i32.atomic.rmw16.or_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW8_OR_U, 0x37, "i64.atomic.rmw8.or_u", MEMARG, _, 1, _, _) \
  X(ATOM, I64_ATOMIC_RMW16_OR_U, 0x38, "i64.atomic.rmw16.or_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW32_OR_U, 0x39, "i64.atomic.rmw32.or_u", MEMARG, _, 4, _, _) \
  X(ATOM, I32_ATOMIC_RMW_XOR, 0x3A, "i32.atomic.rmw.xor", MEMARG, _, 4, _, _) \
  X(ATOM, I64_ATOMIC_RMW_XOR, 0x3B, "i64.atomic.rmw.xor", MEMARG, _, 8, _, _) \
  X(ATOM, I32_ATOMIC_RMW8_XOR_U, 0x3C, "i32.atomic.rmw8.xor_u", MEMARG, _, 1, _, _) \
  X(ATOM, I32_ATOMIC_RMW16_XOR_U, 0x3D, "i32.atomic.rmw16.xor_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW8_XOR_U, 0x3E, "i64.atomic.rmw8.xor_u", MEMARG, _, 1, _, _) \
  X(ATOM, I64_ATOMIC_RMW16_XOR_U, 0x3F, "i64.atomic.rmw16.xor_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW32_XOR_U, 0x40, "i64.atomic.rmw32.xor_u", MEMARG, _, 4, _, _) \
  X(ATOM, I32_ATOMIC_RMW_XCHG, 0x41, "i32.atomic.rmw.xchg", MEMARG, _, 4, _, _) \
  X(ATOM, I64_ATOMIC_RMW_XCHG, 0x42, "i64.atomic.rmw.xchg", MEMARG, _, 8, _, _) \
  X(ATOM, I32_ATOMIC_RMW8_XCHG_U, 0x43, "i32.atomic.rmw8.xchg_u", MEMARG, _, 1, _, _) \
  X(ATOM, I32_ATOMIC_RMW16_XCHG_U, 0x44, "i32.atomic.rmw16.xchg_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW8_XCHG_U, 0x45, "i64.atomic.rmw8.xchg_u", MEMARG, _, 1, _, _) \
  X(ATOM, I64_ATOMIC_RMW16_XCHG_U, 0x46, "i64.atomic.rmw16.xchg_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW32_XCHG_U, 0x47, "i64.atomic.rmw32.xchg_u", MEMARG, _, 4, _, _) \
  X(ATOM, I32_ATOMIC_RMW_CMPXCHG, 0x48, "i32.atomic.rmw.cmpxchg", MEMARG, _, 4, _, _) \
  X(ATOM, I64_ATOMIC_RMW_CMPXCHG, 0x49, "i64.atomic.rmw.cmpxchg", MEMARG, _, 8, _, _) \
  X(ATOM, I32_ATOMIC_RMW8_CMPXCHG_U, 0x4A, "i32.atomic.rmw8.cmpxchg_u", MEMARG, _, 1, _, _) \
  X(ATOM, I32_ATOMIC_RMW16_CMPXCHG_U, 0x4B, "i32.atomic.rmw16.cmpxchg_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW8_CMPXCHG_U, 0x4C, "i64.atomic.rmw8.cmpxchg_u", MEMARG, _, 1, _, _) \
  X(ATOM, I64_ATOMIC_RMW16_CMPXCHG_U, 0x4D, "i64.atomic.rmw16.cmpxchg_u", MEMARG, _, 2, _, _) \
  X(ATOM, I64_ATOMIC_RMW32_CMPXCHG_U, 0x4E, "i64.atomic.rmw32.cmpxchg_u", MEMARG, _, 4, _, _)

#endif
