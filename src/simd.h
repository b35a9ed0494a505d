/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * simd.h — WebAssembly 2.0 fixed-width SIMD (v128) lane operations with exact
 * semantics (exec/numerics.rst, exec/instructions.rst). One function per row of
 * MW_OPCODES_FD (opcodes_simd.h), named there; prefix mwX_.
 *
 * A v128 is the union mwX_v128, lane i of an iNxM shape being element i of the member
 * of that width (the runtime assumes a little-endian host, where this is also the
 * memory order). Scalars travel as raw bits: uint32_t for i32/f32, uint64_t for
 * i64/f64. There are no float members: float lanes are converted through num.h's bit
 * casts, so NaN payloads move exactly and abs/neg/pmin/pmax never touch them.
 *
 * Portable C11 throughout, free of undefined and implementation-defined behaviour:
 * signed lanes are computed in unsigned arithmetic or in a wider type, right shifts
 * of negative values use mwX_asr*, and every shift count is reduced below the lane
 * width first. Float to int conversions go through num.h's saturating helpers.
 * With GCC/Clang on targets with 128-bit SIMD (SSE2, NEON), the simple lane-wise
 * operations use vector extensions instead, which compute the same values (unsigned
 * lanes wrap, comparisons give all-ones lanes, float lanes are IEEE operations);
 * -DMWX_VEC=0 forces the portable code everywhere (the tests compare both).
 * No architecture intrinsics; freestanding (memcpy only, via MWF_MEMCPY).
 */
#ifndef MW_SIMD_H
#define MW_SIMD_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "num.h"

typedef union mwX_v128 {
    uint8_t u8[16];
    int8_t i8[16];
    uint16_t u16[8];
    int16_t i16[8];
    uint32_t u32[4];
    int32_t i32[4];
    uint64_t u64[2];
    int64_t i64[2];
} mwX_v128;

#ifndef MWX_VEC
#  if MWF_GNU && (defined(__SSE2__) || defined(__aarch64__) || defined(__ARM_NEON))
#    define MWX_VEC 1
#  else
#    define MWX_VEC 0
#  endif
#endif

/* ------------------------------------------------------------------ helpers */

/* Arithmetic right shift (k < width) without relying on implementation-defined
 * ">>" of negative values: for x < 0, ~x >= 0 and ~(~x >> k) == floor(x / 2^k). */
MW_INLINE int32_t mwX_asr32(int32_t x, unsigned k) { return x < 0 ? ~(~x >> k) : x >> k; }
MW_INLINE int64_t mwX_asr64(int64_t x, unsigned k) { return x < 0 ? ~(~x >> k) : x >> k; }

/* Saturation of a wide signed value to a lane; results are the lane's bits. */
MW_INLINE uint8_t mwX_sat_s8(int32_t x) { return (uint8_t)(x < -128 ? -128 : x > 127 ? 127 : x); }
MW_INLINE uint8_t mwX_sat_u8(int32_t x) { return (uint8_t)(x < 0 ? 0 : x > 255 ? 255 : x); }
MW_INLINE uint16_t mwX_sat_s16(int32_t x)
{ return (uint16_t)(x < -32768 ? -32768 : x > 32767 ? 32767 : x); }
MW_INLINE uint16_t mwX_sat_u16(int32_t x) { return (uint16_t)(x < 0 ? 0 : x > 65535 ? 65535 : x); }

/* All-ones lane mask from a condition. */
#define MWX_MASK(T, c) ((T)((T)0 - (T)!!(c)))

#define MWX_F32(u) mwF_f32_from_bits(u)
#define MWX_F64(u) mwF_f64_from_bits(u)

/* Lane-wise definitions. EXPR is evaluated per lane i with the operands a, b. */
#define MWX_MAP1(name, M, N, EXPR)                                                     \
    MW_INLINE mwX_v128 mwX_##name(mwX_v128 a)                                          \
    { mwX_v128 r; for (unsigned i = 0; i < (N); i++) r.M[i] = (EXPR); return r; }
#define MWX_MAP2(name, M, N, EXPR)                                                     \
    MW_INLINE mwX_v128 mwX_##name(mwX_v128 a, mwX_v128 b)                              \
    { mwX_v128 r; for (unsigned i = 0; i < (N); i++) r.M[i] = (EXPR); return r; }

/* MWX_BIN: MWX_MAP2, or with vector extensions VEXPR on x, y of vector type VT. */
#if MWX_VEC
typedef uint8_t mwX_vu8 __attribute__((vector_size(16)));
typedef int8_t mwX_vi8 __attribute__((vector_size(16)));
typedef uint16_t mwX_vu16 __attribute__((vector_size(16)));
typedef int16_t mwX_vi16 __attribute__((vector_size(16)));
typedef uint32_t mwX_vu32 __attribute__((vector_size(16)));
typedef int32_t mwX_vi32 __attribute__((vector_size(16)));
typedef uint64_t mwX_vu64 __attribute__((vector_size(16)));
typedef int64_t mwX_vi64 __attribute__((vector_size(16)));
typedef float mwX_vf32 __attribute__((vector_size(16)));
typedef double mwX_vf64 __attribute__((vector_size(16)));
#  define MWX_BIN(name, M, N, EXPR, VT, VEXPR)                                         \
    MW_INLINE mwX_v128 mwX_##name(mwX_v128 a, mwX_v128 b)                              \
    {                                                                                  \
        VT x, y; mwX_v128 r;                                                           \
        MWF_MEMCPY(&x, &a, 16); MWF_MEMCPY(&y, &b, 16);                                \
        x = (VEXPR);                                                                   \
        MWF_MEMCPY(&r, &x, 16); return r;                                              \
    }
/* A vector comparison has the signed integer vector type of the same lane width. */
#  define MWX_VSEL(VT, m, p, q) (((p) & (VT)(m)) | ((q) & ~(VT)(m)))
#else
#  define MWX_BIN(name, M, N, EXPR, VT, VEXPR) MWX_MAP2(name, M, N, EXPR)
#endif

/* ------------------------------------------------------------------ memory */
/* p points at the accessed bytes, which may be unaligned. */

MW_INLINE mwX_v128 mwX_load128(const uint8_t *p) { mwX_v128 r; MWF_MEMCPY(&r, p, 16); return r; }

MW_INLINE mwX_v128 mwX_load8x8_s(const uint8_t *p)
{   /* (b ^ 0x80) - 0x80 sign-extends a byte without an out-of-range conversion */
    mwX_v128 r;
    for (unsigned i = 0; i < 8; i++) r.u16[i] = (uint16_t)((p[i] ^ 0x80u) - 0x80u);
    return r;
}
MW_INLINE mwX_v128 mwX_load8x8_u(const uint8_t *p)
{ mwX_v128 r; for (unsigned i = 0; i < 8; i++) r.u16[i] = p[i]; return r; }
MW_INLINE mwX_v128 mwX_load16x4_s(const uint8_t *p)
{
    int16_t t[4]; mwX_v128 r;
    MWF_MEMCPY(t, p, 8);
    for (unsigned i = 0; i < 4; i++) r.u32[i] = (uint32_t)(int32_t)t[i];
    return r;
}
MW_INLINE mwX_v128 mwX_load16x4_u(const uint8_t *p)
{
    uint16_t t[4]; mwX_v128 r;
    MWF_MEMCPY(t, p, 8);
    for (unsigned i = 0; i < 4; i++) r.u32[i] = t[i];
    return r;
}
MW_INLINE mwX_v128 mwX_load32x2_s(const uint8_t *p)
{
    int32_t t[2]; mwX_v128 r;
    MWF_MEMCPY(t, p, 8);
    for (unsigned i = 0; i < 2; i++) r.u64[i] = (uint64_t)(int64_t)t[i];
    return r;
}
MW_INLINE mwX_v128 mwX_load32x2_u(const uint8_t *p)
{
    uint32_t t[2]; mwX_v128 r;
    MWF_MEMCPY(t, p, 8);
    for (unsigned i = 0; i < 2; i++) r.u64[i] = t[i];
    return r;
}
MW_INLINE mwX_v128 mwX_load8_splat(const uint8_t *p)
{ mwX_v128 r; for (unsigned i = 0; i < 16; i++) r.u8[i] = p[0]; return r; }
MW_INLINE mwX_v128 mwX_load16_splat(const uint8_t *p)
{
    uint16_t x; mwX_v128 r;
    MWF_MEMCPY(&x, p, 2);
    for (unsigned i = 0; i < 8; i++) r.u16[i] = x;
    return r;
}
MW_INLINE mwX_v128 mwX_load32_splat(const uint8_t *p)
{
    uint32_t x; mwX_v128 r;
    MWF_MEMCPY(&x, p, 4);
    for (unsigned i = 0; i < 4; i++) r.u32[i] = x;
    return r;
}
MW_INLINE mwX_v128 mwX_load64_splat(const uint8_t *p)
{
    uint64_t x; mwX_v128 r;
    MWF_MEMCPY(&x, p, 8);
    r.u64[0] = r.u64[1] = x;
    return r;
}
MW_INLINE mwX_v128 mwX_load32_zero(const uint8_t *p)
{
    mwX_v128 r;
    r.u64[0] = r.u64[1] = 0;
    MWF_MEMCPY(&r.u32[0], p, 4);
    return r;
}
MW_INLINE mwX_v128 mwX_load64_zero(const uint8_t *p)
{
    mwX_v128 r;
    MWF_MEMCPY(&r.u64[0], p, 8);
    r.u64[1] = 0;
    return r;
}

/* Lane loads/stores: lane < 16 / size (validated), so the bytes are inside v. */
#define MWX_DEF_LANE_MEM(bits, n)                                                      \
    MW_INLINE mwX_v128 mwX_load##bits##_lane(mwX_v128 v, uint32_t lane, const uint8_t *p) \
    { MWF_MEMCPY(&v.u8[lane * (n)], p, (n)); return v; }                               \
    MW_INLINE void mwX_store##bits##_lane(mwX_v128 v, uint32_t lane, uint8_t *p)      \
    { MWF_MEMCPY(p, &v.u8[lane * (n)], (n)); }
MWX_DEF_LANE_MEM(8, 1)
MWX_DEF_LANE_MEM(16, 2)
MWX_DEF_LANE_MEM(32, 4)
MWX_DEF_LANE_MEM(64, 8)
#undef MWX_DEF_LANE_MEM

/* ------------------------------------------------------------------ lanes */

/* Lane i of the result is lane lanes[i] of the 32-byte concatenation a || b. */
MW_INLINE mwX_v128 mwX_i8x16_shuffle(mwX_v128 a, mwX_v128 b, const uint8_t *lanes)
{
    uint8_t ab[32]; mwX_v128 r;
    MWF_MEMCPY(ab, a.u8, 16);
    MWF_MEMCPY(ab + 16, b.u8, 16);
    for (unsigned i = 0; i < 16; i++) r.u8[i] = ab[lanes[i] & 31];
    return r;
}
/* Lane i of the result is lane b[i] of a, or 0 when b[i] >= 16. */
MWX_MAP2(i8x16_swizzle, u8, 16, b.u8[i] < 16 ? a.u8[b.u8[i]] : 0)

MW_INLINE mwX_v128 mwX_i8x16_splat(uint32_t x)
{ mwX_v128 r; for (unsigned i = 0; i < 16; i++) r.u8[i] = (uint8_t)x; return r; }
MW_INLINE mwX_v128 mwX_i16x8_splat(uint32_t x)
{ mwX_v128 r; for (unsigned i = 0; i < 8; i++) r.u16[i] = (uint16_t)x; return r; }
MW_INLINE mwX_v128 mwX_i32x4_splat(uint32_t x)
{ mwX_v128 r; for (unsigned i = 0; i < 4; i++) r.u32[i] = x; return r; }
MW_INLINE mwX_v128 mwX_i64x2_splat(uint64_t x) { mwX_v128 r; r.u64[0] = r.u64[1] = x; return r; }
MW_INLINE mwX_v128 mwX_f32x4_splat(uint32_t x) { return mwX_i32x4_splat(x); }
MW_INLINE mwX_v128 mwX_f64x2_splat(uint64_t x) { return mwX_i64x2_splat(x); }

MW_INLINE uint32_t mwX_i8x16_extract_lane_s(mwX_v128 v, uint32_t lane)
{ return (uint32_t)(int32_t)v.i8[lane]; }
MW_INLINE uint32_t mwX_i8x16_extract_lane_u(mwX_v128 v, uint32_t lane) { return v.u8[lane]; }
MW_INLINE uint32_t mwX_i16x8_extract_lane_s(mwX_v128 v, uint32_t lane)
{ return (uint32_t)(int32_t)v.i16[lane]; }
MW_INLINE uint32_t mwX_i16x8_extract_lane_u(mwX_v128 v, uint32_t lane) { return v.u16[lane]; }
MW_INLINE uint32_t mwX_i32x4_extract_lane(mwX_v128 v, uint32_t lane) { return v.u32[lane]; }
MW_INLINE uint64_t mwX_i64x2_extract_lane(mwX_v128 v, uint32_t lane) { return v.u64[lane]; }
MW_INLINE uint32_t mwX_f32x4_extract_lane(mwX_v128 v, uint32_t lane) { return v.u32[lane]; }
MW_INLINE uint64_t mwX_f64x2_extract_lane(mwX_v128 v, uint32_t lane) { return v.u64[lane]; }

MW_INLINE mwX_v128 mwX_i8x16_replace_lane(mwX_v128 v, uint32_t lane, uint32_t x)
{ v.u8[lane] = (uint8_t)x; return v; }
MW_INLINE mwX_v128 mwX_i16x8_replace_lane(mwX_v128 v, uint32_t lane, uint32_t x)
{ v.u16[lane] = (uint16_t)x; return v; }
MW_INLINE mwX_v128 mwX_i32x4_replace_lane(mwX_v128 v, uint32_t lane, uint32_t x)
{ v.u32[lane] = x; return v; }
MW_INLINE mwX_v128 mwX_i64x2_replace_lane(mwX_v128 v, uint32_t lane, uint64_t x)
{ v.u64[lane] = x; return v; }
MW_INLINE mwX_v128 mwX_f32x4_replace_lane(mwX_v128 v, uint32_t lane, uint32_t x)
{ v.u32[lane] = x; return v; }
MW_INLINE mwX_v128 mwX_f64x2_replace_lane(mwX_v128 v, uint32_t lane, uint64_t x)
{ v.u64[lane] = x; return v; }

/* ------------------------------------------------------------------ bitwise */

MWX_MAP1(v128_not, u64, 2, ~a.u64[i])
MWX_BIN(v128_and, u64, 2, a.u64[i] & b.u64[i], mwX_vu64, x & y)
MWX_BIN(v128_andnot, u64, 2, a.u64[i] & ~b.u64[i], mwX_vu64, x & ~y)
MWX_BIN(v128_or, u64, 2, a.u64[i] | b.u64[i], mwX_vu64, x | y)
MWX_BIN(v128_xor, u64, 2, a.u64[i] ^ b.u64[i], mwX_vu64, x ^ y)
/* Bits of a where c is 1, of b where c is 0. */
MW_INLINE mwX_v128 mwX_v128_bitselect(mwX_v128 a, mwX_v128 b, mwX_v128 c)
{
    mwX_v128 r;
    for (unsigned i = 0; i < 2; i++) r.u64[i] = (a.u64[i] & c.u64[i]) | (b.u64[i] & ~c.u64[i]);
    return r;
}
MW_INLINE uint32_t mwX_v128_any_true(mwX_v128 a) { return (a.u64[0] | a.u64[1]) != 0; }

/* ------------------------------------------------------------------ tests */

#define MWX_DEF_TESTS(shape, M, N, top)                                                \
    MW_INLINE uint32_t mwX_##shape##_all_true(mwX_v128 a)                              \
    {                                                                                  \
        uint32_t ok = 1;                                                               \
        for (unsigned i = 0; i < (N); i++) ok &= a.M[i] != 0;                          \
        return ok;                                                                     \
    }                                                                                  \
    /* bit i = sign bit of lane i */                                                   \
    MW_INLINE uint32_t mwX_##shape##_bitmask(mwX_v128 a)                               \
    {                                                                                  \
        uint32_t m = 0;                                                                \
        for (unsigned i = 0; i < (N); i++) m |= (uint32_t)(a.M[i] >> (top)) << i;      \
        return m;                                                                      \
    }
MWX_DEF_TESTS(i8x16, u8, 16, 7)
MWX_DEF_TESTS(i16x8, u16, 8, 15)
MWX_DEF_TESTS(i32x4, u32, 4, 31)
MWX_DEF_TESTS(i64x2, u64, 2, 63)
#undef MWX_DEF_TESTS

/* ------------------------------------------------------------------ integer compare */
/* Result lanes are all ones (true) or zero. */

#define MWX_DEF_CMP(shape, U, S, N, T, VU, VS)                                                 \
    MWX_BIN(shape##_eq, U, N, MWX_MASK(T, a.U[i] == b.U[i]), VU, (VU)(x == y))                 \
    MWX_BIN(shape##_ne, U, N, MWX_MASK(T, a.U[i] != b.U[i]), VU, (VU)(x != y))                 \
    MWX_BIN(shape##_lt_s, U, N, MWX_MASK(T, a.S[i] < b.S[i]), VS, (VS)(x < y))                 \
    MWX_BIN(shape##_gt_s, U, N, MWX_MASK(T, a.S[i] > b.S[i]), VS, (VS)(x > y))                 \
    MWX_BIN(shape##_le_s, U, N, MWX_MASK(T, a.S[i] <= b.S[i]), VS, (VS)(x <= y))               \
    MWX_BIN(shape##_ge_s, U, N, MWX_MASK(T, a.S[i] >= b.S[i]), VS, (VS)(x >= y))
#define MWX_DEF_CMP_U(shape, U, N, T, VU)                                                      \
    MWX_BIN(shape##_lt_u, U, N, MWX_MASK(T, a.U[i] < b.U[i]), VU, (VU)(x < y))                 \
    MWX_BIN(shape##_gt_u, U, N, MWX_MASK(T, a.U[i] > b.U[i]), VU, (VU)(x > y))                 \
    MWX_BIN(shape##_le_u, U, N, MWX_MASK(T, a.U[i] <= b.U[i]), VU, (VU)(x <= y))               \
    MWX_BIN(shape##_ge_u, U, N, MWX_MASK(T, a.U[i] >= b.U[i]), VU, (VU)(x >= y))
MWX_DEF_CMP(i8x16, u8, i8, 16, uint8_t, mwX_vu8, mwX_vi8)
MWX_DEF_CMP_U(i8x16, u8, 16, uint8_t, mwX_vu8)
MWX_DEF_CMP(i16x8, u16, i16, 8, uint16_t, mwX_vu16, mwX_vi16)
MWX_DEF_CMP_U(i16x8, u16, 8, uint16_t, mwX_vu16)
MWX_DEF_CMP(i32x4, u32, i32, 4, uint32_t, mwX_vu32, mwX_vi32)
MWX_DEF_CMP_U(i32x4, u32, 4, uint32_t, mwX_vu32)
MWX_DEF_CMP(i64x2, u64, i64, 2, uint64_t, mwX_vu64, mwX_vi64)  /* i64x2 has no _u compares */
#undef MWX_DEF_CMP
#undef MWX_DEF_CMP_U

/* ------------------------------------------------------------------ integer arithmetic */

/* abs/neg: 0 - x in unsigned arithmetic, so the most negative value maps to itself. */
MWX_MAP1(i8x16_abs, u8, 16, (uint8_t)(a.i8[i] < 0 ? 0u - a.u8[i] : a.u8[i]))
MWX_MAP1(i16x8_abs, u16, 8, (uint16_t)(a.i16[i] < 0 ? 0u - a.u16[i] : a.u16[i]))
MWX_MAP1(i32x4_abs, u32, 4, a.i32[i] < 0 ? 0u - a.u32[i] : a.u32[i])
MWX_MAP1(i64x2_abs, u64, 2, a.i64[i] < 0 ? (uint64_t)0 - a.u64[i] : a.u64[i])
MWX_MAP1(i8x16_neg, u8, 16, (uint8_t)(0u - a.u8[i]))
MWX_MAP1(i16x8_neg, u16, 8, (uint16_t)(0u - a.u16[i]))
MWX_MAP1(i32x4_neg, u32, 4, 0u - a.u32[i])
MWX_MAP1(i64x2_neg, u64, 2, (uint64_t)0 - a.u64[i])

/* Bytewise population count on each 64-bit half (SWAR: 2-, 4-, then 8-bit sums). */
MW_INLINE uint64_t mwX_popcnt8x8_(uint64_t x)
{
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    return (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
}
MWX_MAP1(i8x16_popcnt, u64, 2, mwX_popcnt8x8_(a.u64[i]))

/* Wrapping add/sub/mul on unsigned lanes (u16 products are taken in uint32_t: the
 * uint16_t operands would otherwise promote to int and could overflow it). */
MWX_BIN(i8x16_add, u8, 16, (uint8_t)(a.u8[i] + b.u8[i]), mwX_vu8, x + y)
MWX_BIN(i16x8_add, u16, 8, (uint16_t)(a.u16[i] + b.u16[i]), mwX_vu16, x + y)
MWX_BIN(i32x4_add, u32, 4, a.u32[i] + b.u32[i], mwX_vu32, x + y)
MWX_BIN(i64x2_add, u64, 2, a.u64[i] + b.u64[i], mwX_vu64, x + y)
MWX_BIN(i8x16_sub, u8, 16, (uint8_t)(a.u8[i] - b.u8[i]), mwX_vu8, x - y)
MWX_BIN(i16x8_sub, u16, 8, (uint16_t)(a.u16[i] - b.u16[i]), mwX_vu16, x - y)
MWX_BIN(i32x4_sub, u32, 4, a.u32[i] - b.u32[i], mwX_vu32, x - y)
MWX_BIN(i64x2_sub, u64, 2, a.u64[i] - b.u64[i], mwX_vu64, x - y)
MWX_BIN(i16x8_mul, u16, 8, (uint16_t)((uint32_t)a.u16[i] * b.u16[i]), mwX_vu16, x * y)
MWX_BIN(i32x4_mul, u32, 4, a.u32[i] * b.u32[i], mwX_vu32, x * y)
MWX_BIN(i64x2_mul, u64, 2, a.u64[i] * b.u64[i], mwX_vu64, x * y)

/* Saturating add/sub: exact result in int32_t, then clamped. Unsigned ones with
 * vectors: a wrapped sum is below an operand exactly when it overflowed. */
MWX_MAP2(i8x16_add_sat_s, u8, 16, mwX_sat_s8((int32_t)a.i8[i] + b.i8[i]))
MWX_MAP2(i8x16_sub_sat_s, u8, 16, mwX_sat_s8((int32_t)a.i8[i] - b.i8[i]))
MWX_MAP2(i16x8_add_sat_s, u16, 8, mwX_sat_s16((int32_t)a.i16[i] + b.i16[i]))
MWX_MAP2(i16x8_sub_sat_s, u16, 8, mwX_sat_s16((int32_t)a.i16[i] - b.i16[i]))
MWX_BIN(i8x16_add_sat_u, u8, 16, mwX_sat_u8((int32_t)a.u8[i] + b.u8[i]),
        mwX_vu8, (x + y) | (mwX_vu8)((x + y) < x))
MWX_BIN(i8x16_sub_sat_u, u8, 16, mwX_sat_u8((int32_t)a.u8[i] - b.u8[i]),
        mwX_vu8, (x - y) & (mwX_vu8)(y <= x))
MWX_BIN(i16x8_add_sat_u, u16, 8, mwX_sat_u16((int32_t)a.u16[i] + b.u16[i]),
        mwX_vu16, (x + y) | (mwX_vu16)((x + y) < x))
MWX_BIN(i16x8_sub_sat_u, u16, 8, mwX_sat_u16((int32_t)a.u16[i] - b.u16[i]),
        mwX_vu16, (x - y) & (mwX_vu16)(y <= x))

/* min/max (signed lanes are compared through the signed member, stored as bits) */
#define MWX_DEF_MINMAX(shape, U, S, N, T, VU, VS)                                      \
    MWX_BIN(shape##_min_s, U, N, (T)(a.S[i] < b.S[i] ? a.U[i] : b.U[i]),               \
            VS, MWX_VSEL(VS, x < y, x, y))                                             \
    MWX_BIN(shape##_max_s, U, N, (T)(a.S[i] > b.S[i] ? a.U[i] : b.U[i]),               \
            VS, MWX_VSEL(VS, x > y, x, y))                                             \
    MWX_BIN(shape##_min_u, U, N, a.U[i] < b.U[i] ? a.U[i] : b.U[i],                    \
            VU, MWX_VSEL(VU, x < y, x, y))                                             \
    MWX_BIN(shape##_max_u, U, N, a.U[i] > b.U[i] ? a.U[i] : b.U[i],                    \
            VU, MWX_VSEL(VU, x > y, x, y))
MWX_DEF_MINMAX(i8x16, u8, i8, 16, uint8_t, mwX_vu8, mwX_vi8)
MWX_DEF_MINMAX(i16x8, u16, i16, 8, uint16_t, mwX_vu16, mwX_vi16)
MWX_DEF_MINMAX(i32x4, u32, i32, 4, uint32_t, mwX_vu32, mwX_vi32)
#undef MWX_DEF_MINMAX

/* Rounding average (a + b + 1) / 2 without overflow: (a | b) - ((a ^ b) >> 1). */
MWX_BIN(i8x16_avgr_u, u8, 16, (uint8_t)(((uint32_t)a.u8[i] + b.u8[i] + 1) >> 1),
        mwX_vu8, (x | y) - ((x ^ y) >> 1))
MWX_BIN(i16x8_avgr_u, u16, 8, (uint16_t)(((uint32_t)a.u16[i] + b.u16[i] + 1) >> 1),
        mwX_vu16, (x | y) - ((x ^ y) >> 1))

/* Q15 rounding multiply: (a * b + 2^14) >> 15, saturated. Only -32768 * -32768
 * saturates (to 32767). The product fits in int32_t. */
MWX_MAP2(i16x8_q15mulr_sat_s, u16, 8,
         mwX_sat_s16(mwX_asr32((int32_t)a.i16[i] * b.i16[i] + 0x4000, 15)))

/* Dot product of lane pairs; the sum wraps (2 * -32768 * -32768 = 2^31), so it is
 * added in uint32_t. */
MWX_MAP2(i32x4_dot_i16x8_s, u32, 4,
         (uint32_t)((int32_t)a.i16[2 * i] * b.i16[2 * i]) +
         (uint32_t)((int32_t)a.i16[2 * i + 1] * b.i16[2 * i + 1]))

/* ------------------------------------------------------------------ shifts */
/* The count is taken modulo the lane width (in bits). */

#if MWX_VEC
#  define MWX_DEF_SHIFT(name, VT, w, OP)                                               \
    MW_INLINE mwX_v128 mwX_##name(mwX_v128 a, uint32_t count)                          \
    {                                                                                  \
        VT x; mwX_v128 r;                                                              \
        MWF_MEMCPY(&x, &a, 16);                                                        \
        x = x OP (int)(count & ((w) - 1));                                             \
        MWF_MEMCPY(&r, &x, 16); return r;                                              \
    }
/* Right shift of a signed vector is arithmetic in GCC and Clang. */
MWX_DEF_SHIFT(i8x16_shl, mwX_vu8, 8, <<)
MWX_DEF_SHIFT(i8x16_shr_s, mwX_vi8, 8, >>)
MWX_DEF_SHIFT(i8x16_shr_u, mwX_vu8, 8, >>)
MWX_DEF_SHIFT(i16x8_shl, mwX_vu16, 16, <<)
MWX_DEF_SHIFT(i16x8_shr_s, mwX_vi16, 16, >>)
MWX_DEF_SHIFT(i16x8_shr_u, mwX_vu16, 16, >>)
MWX_DEF_SHIFT(i32x4_shl, mwX_vu32, 32, <<)
MWX_DEF_SHIFT(i32x4_shr_s, mwX_vi32, 32, >>)
MWX_DEF_SHIFT(i32x4_shr_u, mwX_vu32, 32, >>)
MWX_DEF_SHIFT(i64x2_shl, mwX_vu64, 64, <<)
MWX_DEF_SHIFT(i64x2_shr_s, mwX_vi64, 64, >>)
MWX_DEF_SHIFT(i64x2_shr_u, mwX_vu64, 64, >>)
#  undef MWX_DEF_SHIFT
#else
#  define MWX_DEF_SHIFT(name, M, N, w, EXPR)                                           \
    MW_INLINE mwX_v128 mwX_##name(mwX_v128 a, uint32_t count)                          \
    {                                                                                  \
        unsigned k = count & ((w) - 1); mwX_v128 r;                                    \
        for (unsigned i = 0; i < (N); i++) r.M[i] = (EXPR);                            \
        return r;                                                                      \
    }
MWX_DEF_SHIFT(i8x16_shl, u8, 16, 8, (uint8_t)((uint32_t)a.u8[i] << k))
MWX_DEF_SHIFT(i8x16_shr_s, u8, 16, 8, (uint8_t)mwX_asr32(a.i8[i], k))
MWX_DEF_SHIFT(i8x16_shr_u, u8, 16, 8, (uint8_t)(a.u8[i] >> k))
MWX_DEF_SHIFT(i16x8_shl, u16, 8, 16, (uint16_t)((uint32_t)a.u16[i] << k))
MWX_DEF_SHIFT(i16x8_shr_s, u16, 8, 16, (uint16_t)mwX_asr32(a.i16[i], k))
MWX_DEF_SHIFT(i16x8_shr_u, u16, 8, 16, (uint16_t)(a.u16[i] >> k))
MWX_DEF_SHIFT(i32x4_shl, u32, 4, 32, a.u32[i] << k)
MWX_DEF_SHIFT(i32x4_shr_s, u32, 4, 32, (uint32_t)mwX_asr32(a.i32[i], k))
MWX_DEF_SHIFT(i32x4_shr_u, u32, 4, 32, a.u32[i] >> k)
MWX_DEF_SHIFT(i64x2_shl, u64, 2, 64, a.u64[i] << k)
MWX_DEF_SHIFT(i64x2_shr_s, u64, 2, 64, (uint64_t)mwX_asr64(a.i64[i], k))
MWX_DEF_SHIFT(i64x2_shr_u, u64, 2, 64, a.u64[i] >> k)
#  undef MWX_DEF_SHIFT
#endif

/* ------------------------------------------------------------------ widen / narrow */

/* Narrowing: lanes of a then lanes of b, each signed value saturated to the target
 * lane's signed or unsigned range. */
MWX_MAP2(i8x16_narrow_i16x8_s, u8, 16, mwX_sat_s8(i < 8 ? a.i16[i] : b.i16[i - 8]))
MWX_MAP2(i8x16_narrow_i16x8_u, u8, 16, mwX_sat_u8(i < 8 ? a.i16[i] : b.i16[i - 8]))
MWX_MAP2(i16x8_narrow_i32x4_s, u16, 8, mwX_sat_s16(i < 4 ? a.i32[i] : b.i32[i - 4]))
MWX_MAP2(i16x8_narrow_i32x4_u, u16, 8, mwX_sat_u16(i < 4 ? a.i32[i] : b.i32[i - 4]))

/* Extension of the low or high half (h = 0 or half the input lane count). */
#define MWX_DEF_EXTEND(shape, from, M, N, SRC_S, SRC_U, T, TS)                         \
    MWX_MAP1(shape##_extend_low_##from##_s, M, N, (T)(TS)a.SRC_S[i])                   \
    MWX_MAP1(shape##_extend_high_##from##_s, M, N, (T)(TS)a.SRC_S[i + (N)])            \
    MWX_MAP1(shape##_extend_low_##from##_u, M, N, a.SRC_U[i])                          \
    MWX_MAP1(shape##_extend_high_##from##_u, M, N, a.SRC_U[i + (N)])
MWX_DEF_EXTEND(i16x8, i8x16, u16, 8, i8, u8, uint16_t, int32_t)
MWX_DEF_EXTEND(i32x4, i16x8, u32, 4, i16, u16, uint32_t, int32_t)
MWX_DEF_EXTEND(i64x2, i32x4, u64, 2, i32, u32, uint64_t, int64_t)
#undef MWX_DEF_EXTEND

/* Extending multiply: the full product of two N-bit lanes fits in 2N bits (signed:
 * at most 2^(2N-2) in magnitude), so it is computed exactly in int32_t/int64_t. */
#define MWX_DEF_EXTMUL(shape, from, M, N, S, U, T, TS, TU)                             \
    MWX_MAP2(shape##_extmul_low_##from##_s, M, N, (T)((TS)a.S[i] * b.S[i]))            \
    MWX_MAP2(shape##_extmul_high_##from##_s, M, N, (T)((TS)a.S[i + (N)] * b.S[i + (N)])) \
    MWX_MAP2(shape##_extmul_low_##from##_u, M, N, (T)((TU)a.U[i] * b.U[i]))            \
    MWX_MAP2(shape##_extmul_high_##from##_u, M, N, (T)((TU)a.U[i + (N)] * b.U[i + (N)]))
MWX_DEF_EXTMUL(i16x8, i8x16, u16, 8, i8, u8, uint16_t, int32_t, uint32_t)
MWX_DEF_EXTMUL(i32x4, i16x8, u32, 4, i16, u16, uint32_t, int32_t, uint32_t)
MWX_DEF_EXTMUL(i64x2, i32x4, u64, 2, i32, u32, uint64_t, int64_t, uint64_t)
#undef MWX_DEF_EXTMUL

/* Sum of adjacent lane pairs, extended (exact in the wider lane). */
MWX_MAP1(i16x8_extadd_pairwise_i8x16_s, u16, 8, (uint16_t)((int32_t)a.i8[2 * i] + a.i8[2 * i + 1]))
MWX_MAP1(i16x8_extadd_pairwise_i8x16_u, u16, 8, (uint16_t)((uint32_t)a.u8[2 * i] + a.u8[2 * i + 1]))
MWX_MAP1(i32x4_extadd_pairwise_i16x8_s, u32, 4, (uint32_t)((int32_t)a.i16[2 * i] + a.i16[2 * i + 1]))
MWX_MAP1(i32x4_extadd_pairwise_i16x8_u, u32, 4, (uint32_t)a.u16[2 * i] + a.u16[2 * i + 1])

/* ------------------------------------------------------------------ float lanes */
/* Through num.h on bit patterns. Arithmetic is plain IEEE C (any NaN it makes is
 * arithmetic, which the spec allows); abs/neg are sign-bit operations; min/max are
 * num.h's wasm min/max (NaN if either is NaN, -0 < +0). */

#define MWX_DEF_FUN(name, EXPR32, EXPR64)                                       \
    MWX_MAP1(f32x4_##name, u32, 4, EXPR32)                                             \
    MWX_MAP1(f64x2_##name, u64, 2, EXPR64)
MWX_DEF_FUN(abs, a.u32[i] & 0x7fffffffu, a.u64[i] & UINT64_C(0x7fffffffffffffff))
MWX_DEF_FUN(neg, a.u32[i] ^ 0x80000000u, a.u64[i] ^ UINT64_C(0x8000000000000000))
MWX_DEF_FUN(sqrt, mwF_f32_bits(mwF_f32_sqrt(MWX_F32(a.u32[i]))),
            mwF_f64_bits(mwF_f64_sqrt(MWX_F64(a.u64[i]))))
MWX_DEF_FUN(ceil, mwF_f32_bits(mwF_f32_ceil(MWX_F32(a.u32[i]))),
            mwF_f64_bits(mwF_f64_ceil(MWX_F64(a.u64[i]))))
MWX_DEF_FUN(floor, mwF_f32_bits(mwF_f32_floor(MWX_F32(a.u32[i]))),
            mwF_f64_bits(mwF_f64_floor(MWX_F64(a.u64[i]))))
MWX_DEF_FUN(trunc, mwF_f32_bits(mwF_f32_trunc(MWX_F32(a.u32[i]))),
            mwF_f64_bits(mwF_f64_trunc(MWX_F64(a.u64[i]))))
MWX_DEF_FUN(nearest, mwF_f32_bits(mwF_f32_nearest(MWX_F32(a.u32[i]))),
            mwF_f64_bits(mwF_f64_nearest(MWX_F64(a.u64[i]))))
#undef MWX_DEF_FUN

#define MWX_F32L(v) MWX_F32(v.u32[i])
#define MWX_F64L(v) MWX_F64(v.u64[i])
#define MWX_DEF_FARITH(name, OP)                                                       \
    MWX_BIN(f32x4_##name, u32, 4, mwF_f32_bits(MWX_F32L(a) OP MWX_F32L(b)), mwX_vf32, x OP y) \
    MWX_BIN(f64x2_##name, u64, 2, mwF_f64_bits(MWX_F64L(a) OP MWX_F64L(b)), mwX_vf64, x OP y)
MWX_DEF_FARITH(add, +)
MWX_DEF_FARITH(sub, -)
MWX_DEF_FARITH(mul, *)
MWX_DEF_FARITH(div, /)
#undef MWX_DEF_FARITH

MWX_MAP2(f32x4_min, u32, 4, mwF_f32_bits(mwF_f32_min(MWX_F32L(a), MWX_F32L(b))))
MWX_MAP2(f32x4_max, u32, 4, mwF_f32_bits(mwF_f32_max(MWX_F32L(a), MWX_F32L(b))))
MWX_MAP2(f64x2_min, u64, 2, mwF_f64_bits(mwF_f64_min(MWX_F64L(a), MWX_F64L(b))))
MWX_MAP2(f64x2_max, u64, 2, mwF_f64_bits(mwF_f64_max(MWX_F64L(a), MWX_F64L(b))))
/* Pseudo-min/max (C's b < a ? b : a): one operand's bits unchanged, a on NaN/ties. */
MWX_MAP2(f32x4_pmin, u32, 4, MWX_F32L(b) < MWX_F32L(a) ? b.u32[i] : a.u32[i])
MWX_MAP2(f32x4_pmax, u32, 4, MWX_F32L(a) < MWX_F32L(b) ? b.u32[i] : a.u32[i])
MWX_MAP2(f64x2_pmin, u64, 2, MWX_F64L(b) < MWX_F64L(a) ? b.u64[i] : a.u64[i])
MWX_MAP2(f64x2_pmax, u64, 2, MWX_F64L(a) < MWX_F64L(b) ? b.u64[i] : a.u64[i])

/* Comparisons: IEEE (NaN compares unequal to everything, ne is true). */
#define MWX_DEF_FCMP(name, OP)                                                         \
    MWX_BIN(f32x4_##name, u32, 4, MWX_MASK(uint32_t, MWX_F32L(a) OP MWX_F32L(b)),     \
            mwX_vf32, (mwX_vf32)(x OP y))                                              \
    MWX_BIN(f64x2_##name, u64, 2, MWX_MASK(uint64_t, MWX_F64L(a) OP MWX_F64L(b)),             \
            mwX_vf64, (mwX_vf64)(x OP y))
MWX_DEF_FCMP(eq, ==)
MWX_DEF_FCMP(ne, !=)
MWX_DEF_FCMP(lt, <)
MWX_DEF_FCMP(gt, >)
MWX_DEF_FCMP(le, <=)
MWX_DEF_FCMP(ge, >=)
#undef MWX_DEF_FCMP

/* ------------------------------------------------------------------ conversions */

/* Saturating truncation: NaN -> 0, out of range -> the nearest bound. */
MWX_MAP1(i32x4_trunc_sat_f32x4_s, u32, 4, mwF_i32_trunc_sat_f32_s(MWX_F32L(a)))
MWX_MAP1(i32x4_trunc_sat_f32x4_u, u32, 4, mwF_i32_trunc_sat_f32_u(MWX_F32L(a)))
MWX_MAP1(f32x4_convert_i32x4_s, u32, 4, mwF_f32_bits(mwF_f32_convert_i32_s(a.u32[i])))
MWX_MAP1(f32x4_convert_i32x4_u, u32, 4, mwF_f32_bits(mwF_f32_convert_i32_u(a.u32[i])))

/* "_zero": the two f64 lanes become lanes 0-1, lanes 2-3 are zero. */
MWX_MAP1(i32x4_trunc_sat_f64x2_s_zero, u32, 4,
         i < 2 ? mwF_i32_trunc_sat_f64_s(MWX_F64(a.u64[i])) : 0)
MWX_MAP1(i32x4_trunc_sat_f64x2_u_zero, u32, 4,
         i < 2 ? mwF_i32_trunc_sat_f64_u(MWX_F64(a.u64[i])) : 0)
MWX_MAP1(f32x4_demote_f64x2_zero, u32, 4,
         i < 2 ? mwF_f32_bits(mwF_f32_demote_f64(MWX_F64(a.u64[i]))) : 0)
/* "_low": lanes 0-1 of the input become the two f64 lanes. */
MWX_MAP1(f64x2_convert_low_i32x4_s, u64, 2, mwF_f64_bits(mwF_f64_convert_i32_s(a.u32[i])))
MWX_MAP1(f64x2_convert_low_i32x4_u, u64, 2, mwF_f64_bits(mwF_f64_convert_i32_u(a.u32[i])))
MWX_MAP1(f64x2_promote_low_f32x4, u64, 2, mwF_f64_bits(mwF_f64_promote_f32(MWX_F32L(a))))

#undef MWX_F32L
#undef MWX_F64L

#endif /* MW_SIMD_H */
