/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * num.h — WebAssembly numeric operations with exact semantics (exec/numerics.rst).
 *
 * Everything is MW_INLINE so the interpreter's hot loop gets straight-line code.
 * The core is freestanding: no libm and no libgcc helpers on x86-64/aarch64, so
 * rounding is done on the bit patterns, popcnt with SWAR, and sqrt with one
 * hardware instruction (inline asm: the builtins may call libm's sqrt to set
 * errno) or a correctly rounded integer routine on targets without one.
 *
 * Conventions: integers travel as uint32_t/uint64_t (wasm values have no
 * signedness); trapping operations return 0 or an mw_trap_code and write the
 * result through a pointer. NaN results are always quiet ("arithmetic"): where
 * the spec leaves the payload open we return the canonical NaN or the input
 * with its quiet bit set, both of which it allows.
 *
 * Knobs: -DMW_SOFT_SQRT forces the software sqrt; -DMW_SOFT_ROUND forces the
 * bit-pattern rounding (ceil/floor/trunc/nearest) where an instruction exists;
 * -DMWF_GNU=0 forces every portable fallback (for testing).
 */
#ifndef MW_NUM_H
#define MW_NUM_H

#include <stdint.h>
#include <limits.h>
#include "mw_internal.h"

/* MWF_GNU: GNU C builtins and inline asm allowed (-DMWF_GNU=0 tests the
 * portable code with gcc/clang). */
#ifndef MWF_GNU
#  if defined(__GNUC__) || defined(__clang__)
#    define MWF_GNU 1
#  else
#    define MWF_GNU 0
#  endif
#endif
#if MWF_GNU
#  define MWF_MEMCPY __builtin_memcpy  /* expands inline even at -O0 */
#else
#  define MWF_MEMCPY memcpy
#endif

/* Hardware square root: one instruction, IEEE correctly rounded. */
#if !defined(MW_SOFT_SQRT) && MWF_GNU
#  if defined(__x86_64__) || (defined(__i386__) && defined(__SSE2__))
#    define MWF_SQRT_X86 1
#  elif defined(__aarch64__)
#    define MWF_SQRT_A64 1
#  elif defined(__riscv) && defined(__riscv_fdiv) && defined(__riscv_flen)
#    define MWF_SQRT_RV 1
#  elif defined(__arm__) && defined(__ARM_FP)
#    define MWF_SQRT_ARM 1
#  endif
#endif

/* Hardware rounding to integral (ceil/floor/trunc/nearest in one instruction). */
#if !defined(MW_SOFT_ROUND) && MWF_GNU
#  if defined(__aarch64__)
#    define MWF_ROUND_A64 1
#  elif defined(__SSE4_1__)
#    define MWF_ROUND_SSE41 1
#  endif
#endif

/* Targets whose f32<->f64 conversions are instructions that quiet a NaN; elsewhere
 * (soft-float helpers) promote/demote set the quiet bit themselves. */
#ifndef MWF_HW_NAN_QUIET
#  if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || \
      (defined(__arm__) && defined(__ARM_FP) && (__ARM_FP & 8)) || \
      (defined(__riscv) && defined(__riscv_flen) && __riscv_flen >= 64)
#    define MWF_HW_NAN_QUIET 1
#  else
#    define MWF_HW_NAN_QUIET 0
#  endif
#endif

#define MWF_F32_CANON_NAN 0x7fc00000u
#define MWF_F64_CANON_NAN UINT64_C(0x7ff8000000000000)

/* ------------------------------------------------------------------ bit casts */

MW_INLINE uint32_t mwF_f32_bits(float f) { uint32_t u; MWF_MEMCPY(&u, &f, 4); return u; }
MW_INLINE float mwF_f32_from_bits(uint32_t u) { float f; MWF_MEMCPY(&f, &u, 4); return f; }
MW_INLINE uint64_t mwF_f64_bits(double f) { uint64_t u; MWF_MEMCPY(&u, &f, 8); return u; }
MW_INLINE double mwF_f64_from_bits(uint64_t u) { double f; MWF_MEMCPY(&f, &u, 8); return f; }

/* ------------------------------------------------------------------ integer bits */

MW_INLINE uint32_t mwF_i32_clz(uint32_t x)
{
#if MWF_GNU && UINT_MAX == 0xffffffffu
    return x ? (uint32_t)__builtin_clz(x) : 32;
#else
    uint32_t n = 0;
    if (!x) return 32;
    if (!(x & 0xffff0000u)) { n += 16; x <<= 16; }
    if (!(x & 0xff000000u)) { n += 8; x <<= 8; }
    if (!(x & 0xf0000000u)) { n += 4; x <<= 4; }
    if (!(x & 0xc0000000u)) { n += 2; x <<= 2; }
    if (!(x & 0x80000000u)) n += 1;
    return n;
#endif
}

MW_INLINE uint64_t mwF_i64_clz(uint64_t x)
{
#if MWF_GNU && ULLONG_MAX == 0xffffffffffffffffu
    return x ? (uint64_t)__builtin_clzll(x) : 64;
#else
    uint32_t hi = (uint32_t)(x >> 32);
    return hi ? mwF_i32_clz(hi) : 32 + (uint64_t)mwF_i32_clz((uint32_t)x);
#endif
}

MW_INLINE uint32_t mwF_i32_ctz(uint32_t x)
{
#if MWF_GNU && UINT_MAX == 0xffffffffu
    return x ? (uint32_t)__builtin_ctz(x) : 32;
#else
    /* Isolate the lowest set bit; its clz gives the position. */
    return x ? 31 - mwF_i32_clz(x & (0u - x)) : 32;
#endif
}

MW_INLINE uint64_t mwF_i64_ctz(uint64_t x)
{
#if MWF_GNU && ULLONG_MAX == 0xffffffffffffffffu
    return x ? (uint64_t)__builtin_ctzll(x) : 64;
#else
    uint32_t lo = (uint32_t)x;
    return lo ? mwF_i32_ctz(lo) : 32 + (uint64_t)mwF_i32_ctz((uint32_t)(x >> 32));
#endif
}

/* __builtin_popcount is a libgcc call unless the target has the instruction. */
#if MWF_GNU && (defined(__POPCNT__) || defined(__aarch64__)) && \
    UINT_MAX == 0xffffffffu && ULLONG_MAX == 0xffffffffffffffffu
#  define MWF_HW_POPCNT 1
#endif

MW_INLINE uint32_t mwF_i32_popcnt(uint32_t x)
{
#ifdef MWF_HW_POPCNT
    return (uint32_t)__builtin_popcount(x);
#else
    x = x - ((x >> 1) & 0x55555555u);                  /* 2-bit sums */
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);  /* 4-bit sums */
    x = (x + (x >> 4)) & 0x0f0f0f0fu;                  /* 8-bit sums */
    return (x * 0x01010101u) >> 24;                    /* add the bytes */
#endif
}

MW_INLINE uint64_t mwF_i64_popcnt(uint64_t x)
{
#ifdef MWF_HW_POPCNT
    return (uint64_t)__builtin_popcountll(x);
#else
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (x * UINT64_C(0x0101010101010101)) >> 56;
#endif
}

/* Shift counts are taken modulo the width (wasm semantics; also keeps C defined). */
MW_INLINE uint32_t mwF_i32_shl(uint32_t a, uint32_t k) { return a << (k & 31); }
MW_INLINE uint32_t mwF_i32_shr_u(uint32_t a, uint32_t k) { return a >> (k & 31); }
MW_INLINE uint64_t mwF_i64_shl(uint64_t a, uint64_t k) { return a << (k & 63); }
MW_INLINE uint64_t mwF_i64_shr_u(uint64_t a, uint64_t k) { return a >> (k & 63); }

/* Arithmetic shift. Shifting a negative signed value right is implementation-
 * defined in C; GCC and Clang document sign extension, so they get the one-
 * instruction form (neither folds the portable form below into sar). Others:
 * flip negatives to non-negative, shift logically, flip back. */
MW_INLINE uint32_t mwF_i32_shr_s(uint32_t a, uint32_t k)
{
#if MWF_GNU
    return (uint32_t)((int32_t)a >> (k & 31));
#else
    uint32_t s = 0u - (a >> 31);
    return ((a ^ s) >> (k & 31)) ^ s;
#endif
}
MW_INLINE uint64_t mwF_i64_shr_s(uint64_t a, uint64_t k)
{
#if MWF_GNU
    return (uint64_t)((int64_t)a >> (k & 63));
#else
    uint64_t s = 0u - (a >> 63);
    return ((a ^ s) >> (k & 63)) ^ s;
#endif
}

/* Both counts masked so a zero rotation never shifts by the full width. */
MW_INLINE uint32_t mwF_i32_rotl(uint32_t a, uint32_t k)
{ return (a << (k & 31)) | (a >> ((0u - k) & 31)); }
MW_INLINE uint32_t mwF_i32_rotr(uint32_t a, uint32_t k)
{ return (a >> (k & 31)) | (a << ((0u - k) & 31)); }
MW_INLINE uint64_t mwF_i64_rotl(uint64_t a, uint64_t k)
{ return (a << (k & 63)) | (a >> ((0u - k) & 63)); }
MW_INLINE uint64_t mwF_i64_rotr(uint64_t a, uint64_t k)
{ return (a >> (k & 63)) | (a << ((0u - k) & 63)); }

/* Sign extension by the xor/subtract identity: no narrowing signed conversions. */
MW_INLINE uint32_t mwF_i32_extend8_s(uint32_t a) { return ((a & 0xffu) ^ 0x80u) - 0x80u; }
MW_INLINE uint32_t mwF_i32_extend16_s(uint32_t a) { return ((a & 0xffffu) ^ 0x8000u) - 0x8000u; }
MW_INLINE uint64_t mwF_i64_extend8_s(uint64_t a) { return ((a & 0xffu) ^ 0x80u) - 0x80u; }
MW_INLINE uint64_t mwF_i64_extend16_s(uint64_t a) { return ((a & 0xffffu) ^ 0x8000u) - 0x8000u; }
MW_INLINE uint64_t mwF_i64_extend32_s(uint64_t a)
{ return ((a & 0xffffffffu) ^ 0x80000000u) - 0x80000000u; }

/* ------------------------------------------------------------------ division */
/* The signed forms reinterpret via casts (two's complement on every target we
 * support); the INT_MIN / -1 case is handled before C sees it (it is UB in C and
 * faults on x86). */

MW_INLINE int mwF_i32_div_u(uint32_t a, uint32_t b, uint32_t *r)
{
    if (MW_UNLIKELY(b == 0)) return MW_TRAP_DIV_BY_ZERO;
    *r = a / b;
    return 0;
}
MW_INLINE int mwF_i32_rem_u(uint32_t a, uint32_t b, uint32_t *r)
{
    if (MW_UNLIKELY(b == 0)) return MW_TRAP_DIV_BY_ZERO;
    *r = a % b;
    return 0;
}
MW_INLINE int mwF_i32_div_s(uint32_t a, uint32_t b, uint32_t *r)
{
    if (MW_UNLIKELY(b == 0)) return MW_TRAP_DIV_BY_ZERO;
    if (MW_UNLIKELY(a == 0x80000000u && b == 0xffffffffu)) return MW_TRAP_INT_OVERFLOW;
    *r = (uint32_t)((int32_t)a / (int32_t)b);
    return 0;
}
MW_INLINE int mwF_i32_rem_s(uint32_t a, uint32_t b, uint32_t *r)
{
    if (MW_UNLIKELY(b == 0)) return MW_TRAP_DIV_BY_ZERO;
    /* x rem -1 is 0 for every x; testing b alone also avoids INT_MIN % -1. */
    *r = b == 0xffffffffu ? 0 : (uint32_t)((int32_t)a % (int32_t)b);
    return 0;
}
MW_INLINE int mwF_i64_div_u(uint64_t a, uint64_t b, uint64_t *r)
{
    if (MW_UNLIKELY(b == 0)) return MW_TRAP_DIV_BY_ZERO;
    *r = a / b;
    return 0;
}
MW_INLINE int mwF_i64_rem_u(uint64_t a, uint64_t b, uint64_t *r)
{
    if (MW_UNLIKELY(b == 0)) return MW_TRAP_DIV_BY_ZERO;
    *r = a % b;
    return 0;
}
MW_INLINE int mwF_i64_div_s(uint64_t a, uint64_t b, uint64_t *r)
{
    if (MW_UNLIKELY(b == 0)) return MW_TRAP_DIV_BY_ZERO;
    if (MW_UNLIKELY(a == UINT64_C(0x8000000000000000) && b == UINT64_MAX))
        return MW_TRAP_INT_OVERFLOW;
    *r = (uint64_t)((int64_t)a / (int64_t)b);
    return 0;
}
MW_INLINE int mwF_i64_rem_s(uint64_t a, uint64_t b, uint64_t *r)
{
    if (MW_UNLIKELY(b == 0)) return MW_TRAP_DIV_BY_ZERO;
    *r = b == UINT64_MAX ? 0 : (uint64_t)((int64_t)a % (int64_t)b);
    return 0;
}

/* ------------------------------------------------------------------ float sign ops */
/* Pure bit operations: the spec defines abs/neg/copysign on the sign bit only,
 * so NaN payloads (even signalling ones) pass through untouched. */

MW_INLINE float mwF_f32_abs(float x) { return mwF_f32_from_bits(mwF_f32_bits(x) & 0x7fffffffu); }
MW_INLINE float mwF_f32_neg(float x) { return mwF_f32_from_bits(mwF_f32_bits(x) ^ 0x80000000u); }
MW_INLINE float mwF_f32_copysign(float x, float y)
{
    return mwF_f32_from_bits((mwF_f32_bits(x) & 0x7fffffffu) | (mwF_f32_bits(y) & 0x80000000u));
}
MW_INLINE double mwF_f64_abs(double x)
{ return mwF_f64_from_bits(mwF_f64_bits(x) & UINT64_C(0x7fffffffffffffff)); }
MW_INLINE double mwF_f64_neg(double x)
{ return mwF_f64_from_bits(mwF_f64_bits(x) ^ UINT64_C(0x8000000000000000)); }
MW_INLINE double mwF_f64_copysign(double x, double y)
{
    return mwF_f64_from_bits((mwF_f64_bits(x) & UINT64_C(0x7fffffffffffffff)) |
                             (mwF_f64_bits(y) & UINT64_C(0x8000000000000000)));
}

/* ------------------------------------------------------------------ min / max */
/* NaN in either operand gives the canonical NaN (always a permitted result).
 * Equal operands can only differ as +0/-0: OR of the bits picks -0 for min,
 * AND picks +0 for max, and identical bits are unchanged. */

MW_INLINE float mwF_f32_min(float a, float b)
{
    if (a < b) return a;
    if (b < a) return b;
    if (a == b) return mwF_f32_from_bits(mwF_f32_bits(a) | mwF_f32_bits(b));
    return mwF_f32_from_bits(MWF_F32_CANON_NAN);
}
MW_INLINE float mwF_f32_max(float a, float b)
{
    if (a > b) return a;
    if (b > a) return b;
    if (a == b) return mwF_f32_from_bits(mwF_f32_bits(a) & mwF_f32_bits(b));
    return mwF_f32_from_bits(MWF_F32_CANON_NAN);
}
MW_INLINE double mwF_f64_min(double a, double b)
{
    if (a < b) return a;
    if (b < a) return b;
    if (a == b) return mwF_f64_from_bits(mwF_f64_bits(a) | mwF_f64_bits(b));
    return mwF_f64_from_bits(MWF_F64_CANON_NAN);
}
MW_INLINE double mwF_f64_max(double a, double b)
{
    if (a > b) return a;
    if (b > a) return b;
    if (a == b) return mwF_f64_from_bits(mwF_f64_bits(a) & mwF_f64_bits(b));
    return mwF_f64_from_bits(MWF_F64_CANON_NAN);
}

/* ------------------------------------------------------------------ rounding */
/* Software rounding to an integral value on the bit pattern. mode (a constant
 * after inlining): 0 nearest-even, 1 floor, 2 ceil, 3 trunc. Clearing the
 * fraction bits truncates toward zero; adding one unit of the integer's last
 * place moves away from zero, and a carry out of the mantissa correctly bumps
 * the exponent. The sign is never touched, which preserves -0 results. */
#define MWF_NEAREST 0
#define MWF_FLOOR 1
#define MWF_CEIL 2
#define MWF_TRUNC 3

MW_INLINE uint32_t mwF_f32_round_bits_(uint32_t u, int mode)
{
    uint32_t e = (u >> 23) & 0xffu, neg = u >> 31;
    if (e >= 127 + 23) {                     /* integral already, inf or NaN */
        if (e == 0xffu && (u & 0x7fffffu)) u |= 0x400000u;
        return u;
    }
    if (e < 127) {                           /* |x| < 1: result is 0 or 1 */
        uint32_t sign = u & 0x80000000u;
        if (!(u << 1)) return u;             /* +-0 */
        switch (mode) {
        case MWF_NEAREST: /* above one half rounds to 1; exactly one half to even 0 */
            return sign | (e == 126 && (u & 0x7fffffu) ? 0x3f800000u : 0);
        case MWF_FLOOR: return neg ? 0xbf800000u : 0;
        case MWF_CEIL: return neg ? 0x80000000u : 0x3f800000u;
        default: return sign;
        }
    }
    {
        uint32_t one = 1u << (23 - (e - 127)), frac = u & (one - 1);
        if (!frac) return u;
        u -= frac;
        switch (mode) {
        case MWF_NEAREST:
            /* For e == 127, "one" is the exponent's low bit, which is 1 for the
             * odd integer part 1, so the even test below still holds. */
            if (frac > (one >> 1) || (frac == (one >> 1) && (u & one))) u += one;
            break;
        case MWF_FLOOR: if (neg) u += one; break;
        case MWF_CEIL: if (!neg) u += one; break;
        default: break;
        }
        return u;
    }
}

MW_INLINE uint64_t mwF_f64_round_bits_(uint64_t u, int mode)
{
    uint32_t e = (uint32_t)(u >> 52) & 0x7ffu, neg = (uint32_t)(u >> 63);
    if (e >= 1023 + 52) {
        if (e == 0x7ffu && (u & UINT64_C(0xfffffffffffff))) u |= UINT64_C(0x8000000000000);
        return u;
    }
    if (e < 1023) {
        uint64_t sign = u & UINT64_C(0x8000000000000000);
        if (!(u << 1)) return u;
        switch (mode) {
        case MWF_NEAREST:
            return sign | (e == 1022 && (u & UINT64_C(0xfffffffffffff))
                           ? UINT64_C(0x3ff0000000000000) : 0);
        case MWF_FLOOR: return neg ? UINT64_C(0xbff0000000000000) : 0;
        case MWF_CEIL: return neg ? UINT64_C(0x8000000000000000) : UINT64_C(0x3ff0000000000000);
        default: return sign;
        }
    }
    {
        uint64_t one = UINT64_C(1) << (52 - (e - 1023)), frac = u & (one - 1);
        if (!frac) return u;
        u -= frac;
        switch (mode) {
        case MWF_NEAREST:
            if (frac > (one >> 1) || (frac == (one >> 1) && (u & one))) u += one;
            break;
        case MWF_FLOOR: if (neg) u += one; break;
        case MWF_CEIL: if (!neg) u += one; break;
        default: break;
        }
        return u;
    }
}

/* One instruction where the ISA has it. AArch64 frint* and SSE4.1 round* quiet
 * a signalling NaN (frintn/imm 8 are round-half-even regardless of the FP mode). */
#if defined(MWF_ROUND_A64)
#  define MWF_DEF_ROUND(name, insn, mode)                                              \
    MW_INLINE float mwF_f32_##name(float x)                                            \
    { __asm__(insn " %s0, %s1" : "=w"(x) : "w"(x)); return x; }                       \
    MW_INLINE double mwF_f64_##name(double x)                                          \
    { __asm__(insn " %d0, %d1" : "=w"(x) : "w"(x)); return x; }
MWF_DEF_ROUND(nearest, "frintn", 0)
MWF_DEF_ROUND(floor, "frintm", 0)
MWF_DEF_ROUND(ceil, "frintp", 0)
MWF_DEF_ROUND(trunc, "frintz", 0)
#elif defined(MWF_ROUND_SSE41)
/* In place ("+x") to avoid a false dependency on a separate destination. Bit 3
 * of the immediate suppresses the inexact exception. */
#  ifdef __AVX__
#    define MWF_DEF_ROUND(name, insn, imm)                                             \
    MW_INLINE float mwF_f32_##name(float x)                                            \
    { __asm__("{v" insn "ss $" #imm ", %0, %0, %0|v" insn "ss %0, %0, %0, " #imm "}"   \
              : "+x"(x)); return x; }                                                  \
    MW_INLINE double mwF_f64_##name(double x)                                          \
    { __asm__("{v" insn "sd $" #imm ", %0, %0, %0|v" insn "sd %0, %0, %0, " #imm "}"   \
              : "+x"(x)); return x; }
#  else
#    define MWF_DEF_ROUND(name, insn, imm)                                             \
    MW_INLINE float mwF_f32_##name(float x)                                            \
    { __asm__("{" insn "ss $" #imm ", %0, %0|" insn "ss %0, %0, " #imm "}" : "+x"(x)); \
      return x; }                                                                      \
    MW_INLINE double mwF_f64_##name(double x)                                          \
    { __asm__("{" insn "sd $" #imm ", %0, %0|" insn "sd %0, %0, " #imm "}" : "+x"(x)); \
      return x; }
#  endif
MWF_DEF_ROUND(nearest, "round", 8)
MWF_DEF_ROUND(floor, "round", 9)
MWF_DEF_ROUND(ceil, "round", 10)
MWF_DEF_ROUND(trunc, "round", 11)
#else
#  define MWF_DEF_ROUND(name, mode)                                                    \
    MW_INLINE float mwF_f32_##name(float x)                                            \
    { return mwF_f32_from_bits(mwF_f32_round_bits_(mwF_f32_bits(x), mode)); }          \
    MW_INLINE double mwF_f64_##name(double x)                                          \
    { return mwF_f64_from_bits(mwF_f64_round_bits_(mwF_f64_bits(x), mode)); }
MWF_DEF_ROUND(nearest, MWF_NEAREST)
MWF_DEF_ROUND(floor, MWF_FLOOR)
MWF_DEF_ROUND(ceil, MWF_CEIL)
MWF_DEF_ROUND(trunc, MWF_TRUNC)
#endif
#undef MWF_DEF_ROUND

/* ------------------------------------------------------------------ sqrt */
/* Software sqrt, correctly rounded, integers only (always defined so tests can
 * check it on any host). With x = m * 2^k, k made suitably even/odd, the root's
 * significand plus one extra bit is floor(sqrt(m << s)), taken two input bits at
 * a time by the schoolbook digit recurrence. The extra bit alone decides the
 * rounding: the root is never exactly halfway, because that would make the even
 * number m << s the square of an odd number. */

/* floor(sqrt(N)) where N's top bits are MSB-aligned in src (zeros below) and N
 * has 2 * npairs bits. root < 2^npairs; rem <= 2 * root, so npairs <= 60 fits. */
MW_INLINE uint64_t mwF_isqrt_(uint64_t src, int npairs)
{
    uint64_t rem = 0, root = 0;
    for (int i = 0; i < npairs; i++) {
        uint64_t t;
        rem = (rem << 2) | (src >> 62);
        src <<= 2;
        t = (root << 2) | 1;                 /* (2*root + 1)^2 - (2*root)^2, scaled */
        root <<= 1;
        if (rem >= t) { rem -= t; root |= 1; }
    }
    return root;
}

MW_INLINE float mwF_f32_sqrt_sw(float x)
{
    uint32_t u = mwF_f32_bits(x), e = (u >> 23) & 0xffu, m = u & 0x7fffffu, r;
    uint64_t root;
    int k;
    if (e == 0xffu) {
        if (m) return mwF_f32_from_bits(u | 0x400000u);   /* NaN: quiet it */
        if (!(u >> 31)) return x;                         /* +inf */
        return mwF_f32_from_bits(MWF_F32_CANON_NAN);      /* -inf */
    }
    if (!(u << 1)) return x;                              /* +-0 */
    if (u >> 31) return mwF_f32_from_bits(MWF_F32_CANON_NAN);
    if (e) { m |= 0x800000u; k = (int)e - 150; }
    else {                                                /* subnormal: normalize */
        int s = (int)mwF_i32_clz(m) - 8;
        m <<= s;
        k = -149 - s;
    }
    /* x = m * 2^k, m in [2^23, 2^24). Make k odd so that (k - 25) is even. */
    if (!((unsigned)k & 1)) { m <<= 1; k -= 1; }
    /* N = m << 25 in [2^48, 2^50): 25 pairs, root in [2^24, 2^25). */
    root = mwF_isqrt_((uint64_t)m << 39, 25);
    r = (uint32_t)(root >> 1) + (uint32_t)(root & 1);     /* may carry to 2^24: fine */
    /* sqrt(x) = r * 2^((k - 23) / 2); biased exponent of r's leading bit is
     * (k - 23) / 2 + 150, and adding r (with its leading bit) bumps it by one. */
    return mwF_f32_from_bits(((uint32_t)((k - 23) / 2 + 150 - 1) << 23) + r);
}

MW_INLINE double mwF_f64_sqrt_sw(double x)
{
    uint64_t u = mwF_f64_bits(x), m = u & UINT64_C(0xfffffffffffff), root, r;
    uint32_t e = (uint32_t)(u >> 52) & 0x7ffu;
    int k;
    if (e == 0x7ffu) {
        if (m) return mwF_f64_from_bits(u | UINT64_C(0x8000000000000));
        if (!(u >> 63)) return x;
        return mwF_f64_from_bits(MWF_F64_CANON_NAN);
    }
    if (!(u << 1)) return x;
    if (u >> 63) return mwF_f64_from_bits(MWF_F64_CANON_NAN);
    if (e) { m |= UINT64_C(0x10000000000000); k = (int)e - 1075; }
    else {
        int s = (int)mwF_i64_clz(m) - 11;
        m <<= s;
        k = -1074 - s;
    }
    /* x = m * 2^k, m in [2^52, 2^53). Make k even so that (k - 54) is even. */
    if ((unsigned)k & 1) { m <<= 1; k -= 1; }
    /* N = m << 54 in [2^106, 2^108): 54 pairs, root in [2^53, 2^54). */
    root = mwF_isqrt_(m << 10, 54);
    r = (root >> 1) + (root & 1);
    return mwF_f64_from_bits(((uint64_t)((k - 52) / 2 + 1075 - 1) << 52) + r);
}

/* The hardware paths: inline asm, since __builtin_sqrt keeps a libm call for
 * errno unless -fno-math-errno. The instructions quiet a NaN operand. */
#if defined(MWF_SQRT_X86)
#  ifdef __AVX__
MW_INLINE float mwF_f32_sqrt(float x) { __asm__("vsqrtss %0, %0, %0" : "+x"(x)); return x; }
MW_INLINE double mwF_f64_sqrt(double x) { __asm__("vsqrtsd %0, %0, %0" : "+x"(x)); return x; }
#  else
/* In place ("+x"): sqrtss merges into its destination, so a separate output
 * register would carry a false dependency. Same text in AT&T and Intel syntax. */
MW_INLINE float mwF_f32_sqrt(float x) { __asm__("sqrtss %0, %0" : "+x"(x)); return x; }
MW_INLINE double mwF_f64_sqrt(double x) { __asm__("sqrtsd %0, %0" : "+x"(x)); return x; }
#  endif
#elif defined(MWF_SQRT_A64)
MW_INLINE float mwF_f32_sqrt(float x) { __asm__("fsqrt %s0, %s1" : "=w"(x) : "w"(x)); return x; }
MW_INLINE double mwF_f64_sqrt(double x) { __asm__("fsqrt %d0, %d1" : "=w"(x) : "w"(x)); return x; }
#elif defined(MWF_SQRT_RV)
MW_INLINE float mwF_f32_sqrt(float x) { __asm__("fsqrt.s %0, %1" : "=f"(x) : "f"(x)); return x; }
#  if __riscv_flen >= 64
MW_INLINE double mwF_f64_sqrt(double x) { __asm__("fsqrt.d %0, %1" : "=f"(x) : "f"(x)); return x; }
#  else
MW_INLINE double mwF_f64_sqrt(double x) { return mwF_f64_sqrt_sw(x); }
#  endif
#elif defined(MWF_SQRT_ARM)
#  if __ARM_FP & 4
MW_INLINE float mwF_f32_sqrt(float x) { __asm__("vsqrt.f32 %0, %1" : "=t"(x) : "t"(x)); return x; }
#  else
MW_INLINE float mwF_f32_sqrt(float x) { return mwF_f32_sqrt_sw(x); }
#  endif
#  if __ARM_FP & 8
MW_INLINE double mwF_f64_sqrt(double x) { __asm__("vsqrt.f64 %P0, %P1" : "=w"(x) : "w"(x)); return x; }
#  else
MW_INLINE double mwF_f64_sqrt(double x) { return mwF_f64_sqrt_sw(x); }
#  endif
#else
MW_INLINE float mwF_f32_sqrt(float x) { return mwF_f32_sqrt_sw(x); }
MW_INLINE double mwF_f64_sqrt(double x) { return mwF_f64_sqrt_sw(x); }
#endif

/* ------------------------------------------------------------------ float -> int */
/* Trapping truncation. The range tests are on the source value and exact: the
 * bounds are powers of two (or minus them minus one, when representable), so
 * "trunc(x) in range" is "lo < x < hi" or "lo <= x < hi". NaN fails every
 * comparison and lands in the slow path. In range, C's conversion truncates and
 * is defined (even for -1 < x < 0 into an unsigned type). */

MW_INLINE int mwF_i32_trunc_f32_s(float x, uint32_t *r)
{
    if (MW_LIKELY(x >= -2147483648.0f && x < 2147483648.0f)) { *r = (uint32_t)(int32_t)x; return 0; }
    return x != x ? MW_TRAP_INVALID_CONVERSION : MW_TRAP_INT_OVERFLOW;
}
MW_INLINE int mwF_i32_trunc_f32_u(float x, uint32_t *r)
{
    if (MW_LIKELY(x > -1.0f && x < 4294967296.0f)) { *r = (uint32_t)x; return 0; }
    return x != x ? MW_TRAP_INVALID_CONVERSION : MW_TRAP_INT_OVERFLOW;
}
MW_INLINE int mwF_i32_trunc_f64_s(double x, uint32_t *r)
{
    if (MW_LIKELY(x > -2147483649.0 && x < 2147483648.0)) { *r = (uint32_t)(int32_t)x; return 0; }
    return x != x ? MW_TRAP_INVALID_CONVERSION : MW_TRAP_INT_OVERFLOW;
}
MW_INLINE int mwF_i32_trunc_f64_u(double x, uint32_t *r)
{
    if (MW_LIKELY(x > -1.0 && x < 4294967296.0)) { *r = (uint32_t)x; return 0; }
    return x != x ? MW_TRAP_INVALID_CONVERSION : MW_TRAP_INT_OVERFLOW;
}
/* -2^63 - 1 is not representable in f32 or f64 (the neighbour below -2^63 is
 * far away), so the lower test is ">= -2^63". */
MW_INLINE int mwF_i64_trunc_f32_s(float x, uint64_t *r)
{
    if (MW_LIKELY(x >= -9223372036854775808.0f && x < 9223372036854775808.0f)) {
        *r = (uint64_t)(int64_t)x;
        return 0;
    }
    return x != x ? MW_TRAP_INVALID_CONVERSION : MW_TRAP_INT_OVERFLOW;
}
MW_INLINE int mwF_i64_trunc_f32_u(float x, uint64_t *r)
{
    if (MW_LIKELY(x > -1.0f && x < 18446744073709551616.0f)) { *r = (uint64_t)x; return 0; }
    return x != x ? MW_TRAP_INVALID_CONVERSION : MW_TRAP_INT_OVERFLOW;
}
MW_INLINE int mwF_i64_trunc_f64_s(double x, uint64_t *r)
{
    if (MW_LIKELY(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) {
        *r = (uint64_t)(int64_t)x;
        return 0;
    }
    return x != x ? MW_TRAP_INVALID_CONVERSION : MW_TRAP_INT_OVERFLOW;
}
MW_INLINE int mwF_i64_trunc_f64_u(double x, uint64_t *r)
{
    if (MW_LIKELY(x > -1.0 && x < 18446744073709551616.0)) { *r = (uint64_t)x; return 0; }
    return x != x ? MW_TRAP_INVALID_CONVERSION : MW_TRAP_INT_OVERFLOW;
}

/* Saturating truncation. AArch64's fcvtz[su] already saturate and map NaN to 0,
 * exactly the wasm semantics. Elsewhere: the in-range case first, then NaN -> 0
 * and clamping by sign. */
#if MWF_GNU && defined(__aarch64__)
MW_INLINE uint32_t mwF_i32_trunc_sat_f32_s(float x)
{ uint32_t r; __asm__("fcvtzs %w0, %s1" : "=r"(r) : "w"(x)); return r; }
MW_INLINE uint32_t mwF_i32_trunc_sat_f32_u(float x)
{ uint32_t r; __asm__("fcvtzu %w0, %s1" : "=r"(r) : "w"(x)); return r; }
MW_INLINE uint32_t mwF_i32_trunc_sat_f64_s(double x)
{ uint32_t r; __asm__("fcvtzs %w0, %d1" : "=r"(r) : "w"(x)); return r; }
MW_INLINE uint32_t mwF_i32_trunc_sat_f64_u(double x)
{ uint32_t r; __asm__("fcvtzu %w0, %d1" : "=r"(r) : "w"(x)); return r; }
MW_INLINE uint64_t mwF_i64_trunc_sat_f32_s(float x)
{ uint64_t r; __asm__("fcvtzs %x0, %s1" : "=r"(r) : "w"(x)); return r; }
MW_INLINE uint64_t mwF_i64_trunc_sat_f32_u(float x)
{ uint64_t r; __asm__("fcvtzu %x0, %s1" : "=r"(r) : "w"(x)); return r; }
MW_INLINE uint64_t mwF_i64_trunc_sat_f64_s(double x)
{ uint64_t r; __asm__("fcvtzs %x0, %d1" : "=r"(r) : "w"(x)); return r; }
MW_INLINE uint64_t mwF_i64_trunc_sat_f64_u(double x)
{ uint64_t r; __asm__("fcvtzu %x0, %d1" : "=r"(r) : "w"(x)); return r; }
#else
MW_INLINE uint32_t mwF_i32_trunc_sat_f32_s(float x)
{
    if (MW_LIKELY(x >= -2147483648.0f && x < 2147483648.0f)) return (uint32_t)(int32_t)x;
    if (x != x) return 0;
    return x < 0 ? 0x80000000u : 0x7fffffffu;
}
MW_INLINE uint32_t mwF_i32_trunc_sat_f32_u(float x)
{
    if (MW_LIKELY(x > -1.0f && x < 4294967296.0f)) return (uint32_t)x;
    return x > 0 ? 0xffffffffu : 0;          /* NaN and x <= -1 give 0 */
}
MW_INLINE uint32_t mwF_i32_trunc_sat_f64_s(double x)
{
    if (MW_LIKELY(x > -2147483649.0 && x < 2147483648.0)) return (uint32_t)(int32_t)x;
    if (x != x) return 0;
    return x < 0 ? 0x80000000u : 0x7fffffffu;
}
MW_INLINE uint32_t mwF_i32_trunc_sat_f64_u(double x)
{
    if (MW_LIKELY(x > -1.0 && x < 4294967296.0)) return (uint32_t)x;
    return x > 0 ? 0xffffffffu : 0;
}
MW_INLINE uint64_t mwF_i64_trunc_sat_f32_s(float x)
{
    if (MW_LIKELY(x >= -9223372036854775808.0f && x < 9223372036854775808.0f))
        return (uint64_t)(int64_t)x;
    if (x != x) return 0;
    return x < 0 ? UINT64_C(0x8000000000000000) : UINT64_C(0x7fffffffffffffff);
}
MW_INLINE uint64_t mwF_i64_trunc_sat_f32_u(float x)
{
    if (MW_LIKELY(x > -1.0f && x < 18446744073709551616.0f)) return (uint64_t)x;
    return x > 0 ? UINT64_MAX : 0;
}
MW_INLINE uint64_t mwF_i64_trunc_sat_f64_s(double x)
{
    if (MW_LIKELY(x >= -9223372036854775808.0 && x < 9223372036854775808.0))
        return (uint64_t)(int64_t)x;
    if (x != x) return 0;
    return x < 0 ? UINT64_C(0x8000000000000000) : UINT64_C(0x7fffffffffffffff);
}
MW_INLINE uint64_t mwF_i64_trunc_sat_f64_u(double x)
{
    if (MW_LIKELY(x > -1.0 && x < 18446744073709551616.0)) return (uint64_t)x;
    return x > 0 ? UINT64_MAX : 0;
}
#endif

/* ------------------------------------------------------------------ int -> float */
/* C's integer-to-floating conversions round to nearest-even in the default mode
 * on gcc/clang (hardware instructions or libgcc), including the u64 -> f32 case
 * that x86-64 synthesizes with a sticky-bit halving (checked by the unit test). */

MW_INLINE float mwF_f32_convert_i32_s(uint32_t a) { return (float)(int32_t)a; }
MW_INLINE float mwF_f32_convert_i32_u(uint32_t a) { return (float)a; }
MW_INLINE float mwF_f32_convert_i64_s(uint64_t a) { return (float)(int64_t)a; }
MW_INLINE float mwF_f32_convert_i64_u(uint64_t a) { return (float)a; }
MW_INLINE double mwF_f64_convert_i32_s(uint32_t a) { return (double)(int32_t)a; }
MW_INLINE double mwF_f64_convert_i32_u(uint32_t a) { return (double)a; }
MW_INLINE double mwF_f64_convert_i64_s(uint64_t a) { return (double)(int64_t)a; }
MW_INLINE double mwF_f64_convert_i64_u(uint64_t a) { return (double)a; }

/* ------------------------------------------------------------------ f32 <-> f64 */

MW_INLINE float mwF_f32_demote_f64(double x)
{
#if !MWF_HW_NAN_QUIET
    /* Soft-float helpers might keep a signalling NaN or truncate its payload to
     * zero (an infinity): build the quiet NaN from the payload's top bits. */
    if (MW_UNLIKELY(x != x)) {
        uint64_t u = mwF_f64_bits(x);
        return mwF_f32_from_bits((uint32_t)(u >> 32 & 0x80000000u) | MWF_F32_CANON_NAN |
                                 (uint32_t)(u >> 29 & 0x3fffffu));
    }
#endif
    return (float)x;
}

MW_INLINE double mwF_f64_promote_f32(float x)
{
#if !MWF_HW_NAN_QUIET
    if (MW_UNLIKELY(x != x)) {
        uint32_t u = mwF_f32_bits(x);
        return mwF_f64_from_bits((uint64_t)(u & 0x80000000u) << 32 | MWF_F64_CANON_NAN |
                                 (uint64_t)(u & 0x3fffffu) << 29);
    }
#endif
    return (double)x;
}

#endif /* MW_NUM_H */
