/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_simd.c — checks the SIMD lane semantics of src/simd.h on the tricky cases, and
 * the shape of the MW_OPCODES_FD table (src/opcodes_simd.h).
 *
 *   cc -std=c11 -O2 -Wall -Wextra -Werror -Isrc -Iinclude tests/unit/test_simd.c && ./a.out
 *   (also with -DMWX_VEC=0 for the portable code, and with clang / -fsanitize=...)
 *
 * Expected values are written out by hand from the spec (exec/numerics.rst).
 * Exits non-zero and prints each failing check.
 */
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include "simd.h"
#include "opcodes_simd.h"

static unsigned npass, nfail;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) npass++;                                                 \
        else {                                                             \
            nfail++;                                                       \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                    \
            printf(__VA_ARGS__);                                           \
            printf("\n");                                                  \
        }                                                                  \
    } while (0)

/* ------------------------------------------------------------------ builders */

static mwX_v128 mk8(const int *x)
{ mwX_v128 r; for (int i = 0; i < 16; i++) r.u8[i] = (uint8_t)x[i]; return r; }
static mwX_v128 mk16(const int *x)
{ mwX_v128 r; for (int i = 0; i < 8; i++) r.u16[i] = (uint16_t)x[i]; return r; }
static mwX_v128 mk32(const long long *x)
{ mwX_v128 r; for (int i = 0; i < 4; i++) r.u32[i] = (uint32_t)x[i]; return r; }
static mwX_v128 mk64(const unsigned long long *x)
{ mwX_v128 r; for (int i = 0; i < 2; i++) r.u64[i] = x[i]; return r; }
static mwX_v128 mkf32(const float *x)
{ mwX_v128 r; memcpy(r.u32, x, 16); return r; }
static mwX_v128 mkf64(const double *x)
{ mwX_v128 r; memcpy(r.u64, x, 16); return r; }

#define I8(...) mk8((const int[16]){__VA_ARGS__})
#define I16(...) mk16((const int[8]){__VA_ARGS__})
#define I32(...) mk32((const long long[4]){__VA_ARGS__})
#define I64(...) mk64((const unsigned long long[2]){__VA_ARGS__})
#define F32(...) mkf32((const float[4]){__VA_ARGS__})
#define F64(...) mkf64((const double[2]){__VA_ARGS__})

static int same(mwX_v128 a, mwX_v128 b) { return memcmp(&a, &b, 16) == 0; }
static void show(const char *what, mwX_v128 v)
{
    printf("  %s:", what);
    for (int i = 0; i < 16; i++) printf(" %02x", v.u8[i]);
    printf("\n");
}
/* Compare whole vectors and print both on mismatch. */
#define CHECKV(got, want, what)                                            \
    do {                                                                   \
        mwX_v128 g_ = (got), w_ = (want);                                  \
        CHECK(same(g_, w_), "%s", what);                                   \
        if (!same(g_, w_)) { show("got ", g_); show("want", w_); }         \
    } while (0)

static uint32_t fb(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t db(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }
static int f32_isnan(uint32_t u) { return (u & 0x7fffffffu) > 0x7f800000u; }
static int f64_isnan(uint64_t u) { return (u & 0x7fffffffffffffffull) > 0x7ff0000000000000ull; }

static const float finf = 1e30f * 1e30f;    /* +inf without <math.h> */
static const double dinf = 1e300 * 1e300;

/* ------------------------------------------------------------------ table */

static uint32_t tab_codes[300];
static unsigned tab_n, tab_names_ok = 1;

/* SYM must be the upper-case name with '.' -> '_' (checks the name/symbol pairs). */
static void tab_row(const char *sym, uint32_t code, const char *name)
{
    size_t k = 0;
    if (tab_n < 300) tab_codes[tab_n] = code;
    tab_n++;
    for (; sym[k] && name[k]; k++)
        if (sym[k] != (name[k] == '.' ? '_' : toupper((unsigned char)name[k]))) break;
    if (sym[k] || name[k]) { tab_names_ok = 0; printf("  name mismatch: %s %s\n", sym, name); }
}

static void test_table(void)
{
    unsigned increasing = 1;
#define ROW(kind, SYM, code, name, imm, t1, t2, tr, impl) tab_row(#SYM, code, name);
    MW_OPCODES_FD(ROW)
#undef ROW
    CHECK(tab_n == 236, "MW_OPCODES_FD has %u rows, want 236", tab_n);
    for (unsigned i = 1; i < tab_n && i < 300; i++)
        if (tab_codes[i] <= tab_codes[i - 1]) increasing = 0;
    CHECK(increasing, "MW_OPCODES_FD codes are not strictly increasing");
    CHECK(tab_n && tab_n <= 300 && tab_codes[tab_n - 1] == 0xFF, "last code is not 0xFF");
    CHECK(tab_names_ok, "SYM and name disagree");
}

/* ------------------------------------------------------------------ integer */

static void test_narrow(void)
{
    mwX_v128 a = I16(-32768, -129, -128, -1, 0, 127, 128, 32767);
    mwX_v128 b = I16(255, 256, -256, 1, 2, -2, 200, -200);
    CHECKV(mwX_i8x16_narrow_i16x8_s(a, b),
           I8(-128, -128, -128, -1, 0, 127, 127, 127, 127, 127, -128, 1, 2, -2, 127, -128),
           "i8x16.narrow_i16x8_s");
    CHECKV(mwX_i8x16_narrow_i16x8_u(a, b),
           I8(0, 0, 0, 0, 0, 127, 128, 255, 255, 255, 0, 1, 2, 0, 200, 0),
           "i8x16.narrow_i16x8_u");
    mwX_v128 c = I32(-2147483648LL, -32769, 32768, 65535);
    mwX_v128 d = I32(65536, -1, 32767, -32768);
    CHECKV(mwX_i16x8_narrow_i32x4_s(c, d),
           I16(-32768, -32768, 32767, 32767, 32767, -1, 32767, -32768), "i16x8.narrow_i32x4_s");
    CHECKV(mwX_i16x8_narrow_i32x4_u(c, d),
           I16(0, 0, 32768, 65535, 65535, 0, 32767, 0), "i16x8.narrow_i32x4_u");
}

static void test_q15_dot(void)
{
    mwX_v128 a = I16(-32768, 0x4000, 1, -1, -1, 32767, -32768, 3);
    mwX_v128 b = I16(-32768, 0x4000, 0x4000, 0x4000, 0x4001, 32767, 32767, -5);
    /* (a*b + 2^14) >> 15 with floor; -32768^2 saturates; -1*0x4001 + 0x4000 = -1 -> -1 */
    CHECKV(mwX_i16x8_q15mulr_sat_s(a, b), I16(32767, 0x2000, 1, 0, -1, 32766, -32767, 0),
           "i16x8.q15mulr_sat_s");
    mwX_v128 m = I16(-32768, -32768, -32768, -32768, 1, 2, -3, 4);
    CHECKV(mwX_i32x4_dot_i16x8_s(m, m), I32(0x80000000LL, 0x80000000LL, 1 + 4, 9 + 16),
           "i32x4.dot_i16x8_s (2^31 wraps)");
    mwX_v128 n = I16(-32768, 32767, 1000, -1000, 0, 0, 7, 9);
    CHECKV(mwX_i32x4_dot_i16x8_s(n, m), I32(32768, 0, 0, 15),
           "i32x4.dot_i16x8_s mixed");
}

static void test_swizzle_shuffle(void)
{
    mwX_v128 a = I8(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25);
    mwX_v128 b = I8(30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45);
    mwX_v128 idx = I8(0, 15, 16, 255, 0x80, 3, 17, 31, 32, 1, 2, 0x10, 14, 0x7f, 8, 0xf0);
    CHECKV(mwX_i8x16_swizzle(a, idx), I8(10, 25, 0, 0, 0, 13, 0, 0, 0, 11, 12, 0, 24, 0, 18, 0),
           "i8x16.swizzle (index >= 16 gives 0)");
    static const uint8_t lanes[16] = {0, 31, 16, 15, 1, 30, 17, 14, 5, 5, 20, 20, 8, 24, 23, 7};
    CHECKV(mwX_i8x16_shuffle(a, b, lanes),
           I8(10, 45, 30, 25, 11, 44, 31, 24, 15, 15, 34, 34, 18, 38, 37, 17),
           "i8x16.shuffle over a || b");
}

static void test_bitmask_tests(void)
{
    mwX_v128 a = I8(-1, 0, 0x80, 0x7f, 1, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, -2);
    CHECK(mwX_i8x16_bitmask(a) == 0x8025u, "i8x16.bitmask %x", mwX_i8x16_bitmask(a));
    CHECK(mwX_i16x8_bitmask(I16(0x8000, 0x7fff, -1, 0, 0, 0, 0, 0xffff)) == 0x85u,
          "i16x8.bitmask");
    CHECK(mwX_i32x4_bitmask(I32(0, 0x80000000LL, 0x7fffffffLL, -1)) == 0xau, "i32x4.bitmask");
    CHECK(mwX_i64x2_bitmask(I64(0x8000000000000000ull, 0x7fffffffffffffffull)) == 1u,
          "i64x2.bitmask");
    CHECK(mwX_i8x16_all_true(I8(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x80)) == 1,
          "i8x16.all_true");
    CHECK(mwX_i8x16_all_true(I8(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0)) == 0,
          "i8x16.all_true zero lane");
    CHECK(mwX_i16x8_all_true(I16(1, 1, 1, 0x100, 1, 1, 1, 1)) == 1, "i16x8.all_true");
    CHECK(mwX_i16x8_all_true(I16(1, 1, 1, 1, 1, 1, 0, 1)) == 0, "i16x8.all_true zero");
    CHECK(mwX_i32x4_all_true(I32(1, 0x10000, 1, 1)) == 1, "i32x4.all_true");
    CHECK(mwX_i32x4_all_true(I32(1, 1, 0, 1)) == 0, "i32x4.all_true zero");
    CHECK(mwX_i64x2_all_true(I64(0x100000000ull, 1)) == 1, "i64x2.all_true (high bits only)");
    CHECK(mwX_i64x2_all_true(I64(0, 1)) == 0, "i64x2.all_true zero");
    CHECK(mwX_v128_any_true(I64(0, 0x8000000000000000ull)) == 1, "v128.any_true");
    CHECK(mwX_v128_any_true(I64(0, 0)) == 0, "v128.any_true zero");
}

static void test_shifts(void)
{
    mwX_v128 a = I8(0x81, 1, 0xff, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80);
    CHECKV(mwX_i8x16_shl(a, 9), I8(2, 2, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
           "i8x16.shl by 9 = by 1");
    CHECKV(mwX_i8x16_shr_s(a, 15), I8(-1, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1),
           "i8x16.shr_s by 15 = by 7");
    CHECKV(mwX_i8x16_shr_u(a, 8), a, "i8x16.shr_u by 8 = by 0");
    CHECKV(mwX_i16x8_shr_s(I16(-3, 3, -32768, 5, 0, 0, 0, 0), 17),
           I16(-2, 1, -16384, 2, 0, 0, 0, 0), "i16x8.shr_s by 17 = by 1");
    CHECKV(mwX_i16x8_shr_u(I16(0x8000, 3, 0, 0, 0, 0, 0, 0), 0xffffffffu),
           I16(1, 0, 0, 0, 0, 0, 0, 0), "i16x8.shr_u by -1 = by 15");
    CHECKV(mwX_i32x4_shr_s(I32(-3, 0x80000000LL, 7, -1), 33), I32(-2, 0xc0000000LL, 3, -1),
           "i32x4.shr_s by 33 = by 1");
    CHECKV(mwX_i32x4_shl(I32(1, 3, 0, 0), 32), I32(1, 3, 0, 0), "i32x4.shl by 32 = by 0");
    CHECKV(mwX_i64x2_shr_s(I64(0x8000000000000000ull, 5), 64), I64(0x8000000000000000ull, 5),
           "i64x2.shr_s by 64 = by 0");
    CHECKV(mwX_i64x2_shr_s(I64(0x8000000000000000ull, 5), 127),
           I64(0xffffffffffffffffull, 0), "i64x2.shr_s by 127 = by 63");
    CHECKV(mwX_i64x2_shl(I64(1, 3), 65), I64(2, 6), "i64x2.shl by 65 = by 1");
    CHECKV(mwX_i64x2_shr_u(I64(0x8000000000000000ull, 5), 63), I64(1, 0), "i64x2.shr_u by 63");
}

static void test_abs_neg_popcnt(void)
{
    CHECKV(mwX_i64x2_abs(I64(0x8000000000000000ull, 0xffffffffffffffffull)),
           I64(0x8000000000000000ull, 1), "i64x2.abs(INT64_MIN) = INT64_MIN");
    CHECKV(mwX_i8x16_abs(I8(-128, -1, 127, 0, -5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, -127)),
           I8(-128, 1, 127, 0, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127), "i8x16.abs");
    CHECKV(mwX_i16x8_abs(I16(-32768, -2, 2, 0, 0, 0, 0, 0)), I16(-32768, 2, 2, 0, 0, 0, 0, 0),
           "i16x8.abs");
    CHECKV(mwX_i32x4_abs(I32(-2147483648LL, -7, 7, 0)), I32(-2147483648LL, 7, 7, 0), "i32x4.abs");
    CHECKV(mwX_i32x4_neg(I32(-2147483648LL, -7, 7, 0)), I32(-2147483648LL, 7, -7, 0), "i32x4.neg");
    CHECKV(mwX_i8x16_neg(I8(-128, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
           I8(-128, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), "i8x16.neg");
    CHECKV(mwX_i64x2_neg(I64(0x8000000000000000ull, 1)),
           I64(0x8000000000000000ull, 0xffffffffffffffffull), "i64x2.neg");
    CHECKV(mwX_i8x16_popcnt(I8(0xff, 0x80, 0, 0x55, 0x0f, 1, 3, 7, 0xfe, 0xaa, 0, 0, 0, 0, 0, 0x7f)),
           I8(8, 1, 0, 4, 4, 1, 2, 3, 7, 4, 0, 0, 0, 0, 0, 7), "i8x16.popcnt");
}

static void test_sat_avgr_minmax(void)
{
    mwX_v128 a = I8(127, -128, 100, -100, 1, 0xff, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0);
    mwX_v128 b = I8(1, -1, 100, -100, -1, 1, 1, 0x80, 0, 0, 0, 0, 0, 0, 0, 0);
    CHECKV(mwX_i8x16_add_sat_s(a, b), I8(127, -128, 127, -128, 0, 0, 1, -128, 0, 0, 0, 0, 0, 0, 0, 0),
           "i8x16.add_sat_s");
    CHECKV(mwX_i8x16_sub_sat_s(a, b), I8(126, -127, 0, 0, 2, -2, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
           "i8x16.sub_sat_s");
    CHECKV(mwX_i8x16_add_sat_u(a, b),
           I8(128, 255, 200, 255, 255, 255, 1, 255, 0, 0, 0, 0, 0, 0, 0, 0), "i8x16.add_sat_u");
    CHECKV(mwX_i8x16_sub_sat_u(a, b), I8(126, 0, 0, 0, 0, 254, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
           "i8x16.sub_sat_u");
    mwX_v128 c = I16(32767, -32768, 0xffff, 0, 1, -2, 0x8000, 5);
    mwX_v128 d = I16(1, -1, 1, 1, -1, 32767, 0x8000, 7);
    CHECKV(mwX_i16x8_add_sat_s(c, d), I16(32767, -32768, 0, 1, 0, 32765, -32768, 12), "i16x8.add_sat_s");
    CHECKV(mwX_i16x8_sub_sat_s(c, d), I16(32766, -32767, -2, -1, 2, -32768, 0, -2), "i16x8.sub_sat_s");
    CHECKV(mwX_i16x8_add_sat_u(c, d), I16(32768, 65535, 65535, 1, 65535, 65535, 65535, 12),
           "i16x8.add_sat_u");
    CHECKV(mwX_i16x8_sub_sat_u(c, d), I16(32766, 0, 65534, 0, 0, 32767, 0, 0), "i16x8.sub_sat_u");
    CHECKV(mwX_i8x16_avgr_u(I8(255, 0, 254, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128),
                            I8(255, 1, 255, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127)),
           I8(255, 1, 255, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128), "i8x16.avgr_u rounds up");
    CHECKV(mwX_i16x8_avgr_u(I16(65535, 0, 65534, 1, 0, 0, 0, 0), I16(65535, 65535, 65535, 2, 0, 0, 0, 0)),
           I16(65535, 32768, 65535, 2, 0, 0, 0, 0), "i16x8.avgr_u");
    CHECKV(mwX_i8x16_min_s(a, b), I8(1, -128, 100, -100, -1, -1, 0, -128, 0, 0, 0, 0, 0, 0, 0, 0),
           "i8x16.min_s");
    CHECKV(mwX_i8x16_max_u(a, b), I8(127, 0xff, 100, 0x9c, 0xff, 0xff, 1, 0x80, 0, 0, 0, 0, 0, 0, 0, 0),
           "i8x16.max_u");
    CHECKV(mwX_i32x4_min_u(I32(-1, 0, 5, 0x80000000LL), I32(1, -1, 5, 0x7fffffffLL)),
           I32(1, 0, 5, 0x7fffffffLL), "i32x4.min_u");
    CHECKV(mwX_i32x4_max_s(I32(-1, 0, 5, 0x80000000LL), I32(1, -1, 5, 0x7fffffffLL)),
           I32(1, 0, 5, 0x7fffffffLL), "i32x4.max_s");
    CHECKV(mwX_i16x8_mul(I16(0xffff, 0x8000, 300, 0, 0, 0, 0, 0), I16(0xffff, 2, 300, 0, 0, 0, 0, 0)),
           I16(1, 0, 90000 & 0xffff, 0, 0, 0, 0, 0), "i16x8.mul wraps");
}

static void test_compare(void)
{
    mwX_v128 a = I8(0x80, 1, 0x7f, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    mwX_v128 b = I8(1, 0x80, 0x7f, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    CHECKV(mwX_i8x16_lt_s(a, b), I8(-1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), "i8x16.lt_s");
    CHECKV(mwX_i8x16_lt_u(a, b), I8(0, -1, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), "i8x16.lt_u");
    CHECKV(mwX_i8x16_ge_u(a, b), I8(-1, 0, -1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1),
           "i8x16.ge_u");
    CHECKV(mwX_i64x2_lt_s(I64(0x8000000000000000ull, 1), I64(1, 0x8000000000000000ull)),
           I64(~0ull, 0), "i64x2.lt_s");
    CHECKV(mwX_i64x2_ne(I64(1, 2), I64(1, 3)), I64(0, ~0ull), "i64x2.ne");
    float nan = 0.0f / 0.0f;
    mwX_v128 f = F32(nan, 1.0f, -0.0f, 2.0f), g = F32(nan, 2.0f, 0.0f, 1.0f);
    CHECKV(mwX_f32x4_eq(f, g), I32(0, 0, -1, 0), "f32x4.eq (NaN false, -0 == +0)");
    CHECKV(mwX_f32x4_ne(f, g), I32(-1, -1, 0, -1), "f32x4.ne (NaN true)");
    CHECKV(mwX_f32x4_lt(f, g), I32(0, -1, 0, 0), "f32x4.lt");
    CHECKV(mwX_f32x4_ge(f, g), I32(0, 0, -1, -1), "f32x4.ge");
    CHECKV(mwX_f64x2_le(F64(nan, -1.0), F64(1.0, -1.0)), I64(0, ~0ull), "f64x2.le");
    CHECKV(mwX_f64x2_gt(F64(dinf, -0.0), F64(1.0, 0.0)), I64(~0ull, 0), "f64x2.gt");
}

static void test_widen(void)
{
    mwX_v128 a = I8(-128, -1, 127, 1, 0, 0, 0, 0, -128, 255, 2, 3, 0, 0, 0, 5);
    mwX_v128 b = I8(-128, 2, 127, 255, 0, 0, 0, 0, -128, 255, 4, 5, 0, 0, 0, 6);
    CHECKV(mwX_i16x8_extmul_low_i8x16_s(a, b), I16(16384, -2, 16129, -1, 0, 0, 0, 0),
           "i16x8.extmul_low_i8x16_s");
    CHECKV(mwX_i16x8_extmul_high_i8x16_s(a, b), I16(16384, 1, 8, 15, 0, 0, 0, 30),
           "i16x8.extmul_high_i8x16_s");
    CHECKV(mwX_i16x8_extmul_high_i8x16_u(a, b), I16(16384, 65025, 8, 15, 0, 0, 0, 30),
           "i16x8.extmul_high_i8x16_u");
    CHECKV(mwX_i16x8_extmul_low_i8x16_u(a, b), I16(16384, 510, 16129, 255, 0, 0, 0, 0),
           "i16x8.extmul_low_i8x16_u");
    mwX_v128 c = I16(-32768, 0xffff, 3, 4, -32768, 0xffff, -7, 8);
    CHECKV(mwX_i32x4_extmul_low_i16x8_s(c, c), I32(0x40000000LL, 1, 9, 16), "i32x4.extmul_low_i16x8_s");
    CHECKV(mwX_i32x4_extmul_high_i16x8_u(c, c), I32(0x40000000LL, 0xfffe0001LL, 65529LL * 65529, 64),
           "i32x4.extmul_high_i16x8_u");
    mwX_v128 d = I32(-2147483648LL, 0xffffffffLL, -2147483648LL, 0xffffffffLL);
    CHECKV(mwX_i64x2_extmul_low_i32x4_s(d, d), I64(0x4000000000000000ull, 1), "i64x2.extmul_low_i32x4_s");
    CHECKV(mwX_i64x2_extmul_high_i32x4_u(d, d), I64(0x4000000000000000ull, 0xfffffffe00000001ull),
           "i64x2.extmul_high_i32x4_u");
    CHECKV(mwX_i64x2_extmul_high_i32x4_s(d, I32(0, 0, 2, 3)),
           I64(0xffffffff00000000ull, 0xfffffffffffffffdull), "i64x2.extmul_high_i32x4_s");

    CHECKV(mwX_i16x8_extadd_pairwise_i8x16_s(a), I16(-129, 128, 0, 0, -129, 5, 0, 5),
           "i16x8.extadd_pairwise_i8x16_s");
    CHECKV(mwX_i16x8_extadd_pairwise_i8x16_u(a), I16(383, 128, 0, 0, 383, 5, 0, 5),
           "i16x8.extadd_pairwise_i8x16_u");
    CHECKV(mwX_i32x4_extadd_pairwise_i16x8_s(c), I32(-32769, 7, -32769, 1), "i32x4.extadd_pairwise_i16x8_s");
    CHECKV(mwX_i32x4_extadd_pairwise_i16x8_u(I16(0xffff, 0xffff, 0x8000, 0x8000, 1, 2, 0, 0)),
           I32(131070, 65536, 3, 0), "i32x4.extadd_pairwise_i16x8_u");

    CHECKV(mwX_i16x8_extend_high_i8x16_s(a), I16(-128, -1, 2, 3, 0, 0, 0, 5), "i16x8.extend_high_i8x16_s");
    CHECKV(mwX_i16x8_extend_low_i8x16_u(a), I16(128, 255, 127, 1, 0, 0, 0, 0), "i16x8.extend_low_i8x16_u");
    CHECKV(mwX_i32x4_extend_low_i16x8_s(c), I32(-32768, -1, 3, 4), "i32x4.extend_low_i16x8_s");
    CHECKV(mwX_i32x4_extend_high_i16x8_u(c), I32(32768, 65535, 65529, 8), "i32x4.extend_high_i16x8_u");
    CHECKV(mwX_i64x2_extend_high_i32x4_s(I32(0, 0, -2, 7)), I64(0xfffffffffffffffeull, 7),
           "i64x2.extend_high_i32x4_s");
    CHECKV(mwX_i64x2_extend_low_i32x4_u(I32(-2, 7, 0, 0)), I64(0xfffffffeull, 7),
           "i64x2.extend_low_i32x4_u");
}

/* ------------------------------------------------------------------ memory and lanes */

static void test_memory(void)
{
    uint8_t buf[40];
    for (int i = 0; i < 40; i++) buf[i] = (uint8_t)(0xf0 + i);
    mwX_v128 v = I64(0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);

    /* lanes from unaligned addresses */
    mwX_v128 r = mwX_load64_lane(v, 1, buf + 1);
    CHECKV(r, I64(0x0706050403020100ull, 0xf8f7f6f5f4f3f2f1ull), "v128.load64_lane 1 @+1");
    r = mwX_load32_lane(v, 2, buf + 3);
    CHECKV(r, I64(0x0706050403020100ull, 0x0f0e0d0cf6f5f4f3ull), "v128.load32_lane 2 @+3");
    r = mwX_load16_lane(v, 7, buf + 5);
    CHECKV(r, I64(0x0706050403020100ull, 0xf6f50d0c0b0a0908ull), "v128.load16_lane 7 @+5");
    r = mwX_load8_lane(v, 0, buf + 7);
    CHECK(r.u8[0] == 0xf7 && r.u8[1] == 1, "v128.load8_lane");

    uint8_t out[20];
    memset(out, 0xaa, sizeof out);
    mwX_store32_lane(v, 3, out + 1);
    CHECK(out[0] == 0xaa && out[1] == 12 && out[4] == 15 && out[5] == 0xaa, "v128.store32_lane @+1");
    mwX_store64_lane(v, 1, out + 7);
    CHECK(out[6] == 0xaa && out[7] == 8 && out[14] == 15 && out[15] == 0xaa, "v128.store64_lane @+7");
    mwX_store16_lane(v, 5, out + 17);
    CHECK(out[16] == 0xaa && out[17] == 10 && out[18] == 11 && out[19] == 0xaa, "v128.store16_lane @+17");
    mwX_store8_lane(v, 15, out + 0);
    CHECK(out[0] == 15 && out[1] == 12, "v128.store8_lane");

    /* extending loads, splats, zero-extending loads */
    CHECKV(mwX_load8x8_s(buf + 13), I16(-3, -2, -1, 0, 1, 2, 3, 4), "v128.load8x8_s");
    CHECKV(mwX_load8x8_u(buf + 13), I16(0xfd, 0xfe, 0xff, 0, 1, 2, 3, 4), "v128.load8x8_u");
    CHECKV(mwX_load16x4_s(buf + 1), I32(0xf2f1 - 65536, 0xf4f3 - 65536, 0xf6f5 - 65536, 0xf8f7 - 65536), "v128.load16x4_s");
    CHECKV(mwX_load16x4_u(buf + 1), I32(0xf2f1, 0xf4f3, 0xf6f5, 0xf8f7), "v128.load16x4_u");
    CHECKV(mwX_load32x2_s(buf + 1), I64(0xfffffffff4f3f2f1ull, 0xfffffffff8f7f6f5ull), "v128.load32x2_s");
    CHECKV(mwX_load32x2_u(buf + 1), I64(0xf4f3f2f1ull, 0xf8f7f6f5ull), "v128.load32x2_u");
    CHECKV(mwX_load8_splat(buf + 3), mwX_i8x16_splat(0xf3), "v128.load8_splat");
    CHECKV(mwX_load16_splat(buf + 3), mwX_i16x8_splat(0xf4f3), "v128.load16_splat");
    CHECKV(mwX_load32_splat(buf + 3), I32(0xf6f5f4f3LL, 0xf6f5f4f3LL, 0xf6f5f4f3LL, 0xf6f5f4f3LL),
           "v128.load32_splat");
    CHECKV(mwX_load64_splat(buf + 3), I64(0xfaf9f8f7f6f5f4f3ull, 0xfaf9f8f7f6f5f4f3ull), "v128.load64_splat");
    CHECKV(mwX_load32_zero(buf + 5), I64(0xf8f7f6f5ull, 0), "v128.load32_zero");
    CHECKV(mwX_load64_zero(buf + 5), I64(0xfcfbfaf9f8f7f6f5ull, 0), "v128.load64_zero");
    CHECKV(mwX_load128(buf + 1), I64(0xf8f7f6f5f4f3f2f1ull, 0x00fffefdfcfbfaf9ull), "v128.load");

    /* extract/replace/splat on scalar bits */
    mwX_v128 s = I8(0x80, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff);
    CHECK(mwX_i8x16_extract_lane_s(s, 0) == 0xffffff80u, "i8x16.extract_lane_s");
    CHECK(mwX_i8x16_extract_lane_u(s, 15) == 0xffu, "i8x16.extract_lane_u");
    CHECK(mwX_i16x8_extract_lane_s(I16(0, 0, 0, 0, 0, 0, 0, 0x8001), 7) == 0xffff8001u,
          "i16x8.extract_lane_s");
    CHECK(mwX_i16x8_extract_lane_u(I16(0, 0, 0, 0, 0, 0, 0, 0x8001), 7) == 0x8001u,
          "i16x8.extract_lane_u");
    CHECKV(mwX_i8x16_replace_lane(s, 1, 0x12345678u),
           I8(0x80, 0x78, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff), "i8x16.replace_lane keeps low byte");
    CHECKV(mwX_i16x8_splat(0xabcd1234u), I16(0x1234, 0x1234, 0x1234, 0x1234, 0x1234, 0x1234, 0x1234, 0x1234),
           "i16x8.splat");
    CHECK(mwX_i64x2_extract_lane(mwX_i64x2_replace_lane(v, 1, 42), 1) == 42, "i64x2 replace/extract");
    CHECKV(mwX_v128_bitselect(I64(0xffff0000ffff0000ull, 0x1234), I64(0x00ff00ff00ff00ffull, 0xffff),
                              I64(0xf0f0f0f0f0f0f0f0ull, 0xff00)),
           I64(0xf0ff000ff0ff000full, 0x12ff), "v128.bitselect");
    CHECKV(mwX_v128_andnot(I64(0xff, 0xf0), I64(0x0f, 0xff)), I64(0xf0, 0), "v128.andnot");
}

/* ------------------------------------------------------------------ float */

static void test_float(void)
{
    const uint32_t qnan = 0x7fc00000u, nnan = 0xffc00001u, snan = 0x7f800001u;
    const float nan = 0.0f / 0.0f;
    mwX_v128 r;

    /* min/max: -0 < +0 in both operand orders, NaN in either operand gives NaN */
    r = mwX_f32x4_min(F32(-0.0f, 0.0f, nan, 1.0f), F32(0.0f, -0.0f, 1.0f, nan));
    CHECK(r.u32[0] == 0x80000000u && r.u32[1] == 0x80000000u, "f32x4.min(-0, +0) = -0");
    CHECK(f32_isnan(r.u32[2]) && f32_isnan(r.u32[3]), "f32x4.min NaN");
    r = mwX_f32x4_max(F32(-0.0f, 0.0f, nan, 1.0f), F32(0.0f, -0.0f, 1.0f, nan));
    CHECK(r.u32[0] == 0 && r.u32[1] == 0, "f32x4.max(-0, +0) = +0");
    CHECK(f32_isnan(r.u32[2]) && f32_isnan(r.u32[3]), "f32x4.max NaN");
    r = mwX_f64x2_min(F64(-0.0, 0.0), F64(0.0, -0.0));
    CHECKV(r, I64(0x8000000000000000ull, 0x8000000000000000ull), "f64x2.min(-0, +0)");
    r = mwX_f64x2_max(F64(-0.0, nan), F64(0.0, 1.0));
    CHECK(r.u64[0] == 0 && f64_isnan(r.u64[1]), "f64x2.max");

    /* pmin = b < a ? b : a, pmax = a < b ? b : a; bits of the chosen operand exactly */
    mwX_v128 a, b;
    a.u32[0] = fb(0.0f);  b.u32[0] = fb(-0.0f);
    a.u32[1] = snan;      b.u32[1] = fb(1.0f);
    a.u32[2] = fb(1.0f);  b.u32[2] = nnan;
    a.u32[3] = fb(2.0f);  b.u32[3] = fb(-3.0f);
    CHECKV(mwX_f32x4_pmin(a, b), I32(0, snan, fb(1.0f), fb(-3.0f)), "f32x4.pmin");
    CHECKV(mwX_f32x4_pmax(a, b), I32(0, snan, fb(1.0f), fb(2.0f)), "f32x4.pmax");
    CHECKV(mwX_f32x4_pmin(b, a), I32(0x80000000u, fb(1.0f), nnan, fb(-3.0f)), "f32x4.pmin swapped");
    CHECKV(mwX_f64x2_pmin(F64(-0.0, 1.0), F64(0.0, -1.0)), I64(db(-0.0), db(-1.0)), "f64x2.pmin");
    CHECKV(mwX_f64x2_pmax(F64(-0.0, 1.0), F64(0.0, -1.0)), I64(db(-0.0), db(1.0)), "f64x2.pmax");

    /* rounding */
    CHECKV(mwX_f32x4_nearest(F32(0.5f, 1.5f, 2.5f, -2.5f)), F32(0.0f, 2.0f, 2.0f, -2.0f),
           "f32x4.nearest ties to even");
    CHECKV(mwX_f32x4_nearest(F32(-0.5f, 3.5f, 8388609.0f, -0.75f)), F32(-0.0f, 4.0f, 8388609.0f, -1.0f),
           "f32x4.nearest signs");
    CHECKV(mwX_f64x2_nearest(F64(2.5, -0.5)), F64(2.0, -0.0), "f64x2.nearest");
    CHECKV(mwX_f64x2_nearest(F64(4503599627370497.0, 0.5000000000000001)), F64(4503599627370497.0, 1.0),
           "f64x2.nearest large/above half");
    CHECKV(mwX_f32x4_ceil(F32(-0.5f, 1.1f, -1.5f, 0.0f)), F32(-0.0f, 2.0f, -1.0f, 0.0f), "f32x4.ceil");
    CHECKV(mwX_f32x4_floor(F32(-0.5f, 1.9f, -1.5f, -0.0f)), F32(-1.0f, 1.0f, -2.0f, -0.0f), "f32x4.floor");
    CHECKV(mwX_f32x4_trunc(F32(-0.5f, 1.9f, -1.5f, finf)), F32(-0.0f, 1.0f, -1.0f, finf), "f32x4.trunc");
    CHECKV(mwX_f64x2_ceil(F64(-0.25, 2.000001)), F64(-0.0, 3.0), "f64x2.ceil");
    CHECKV(mwX_f64x2_floor(F64(-0.25, 2.999)), F64(-1.0, 2.0), "f64x2.floor");
    CHECKV(mwX_f64x2_trunc(F64(-0.25, -2.999)), F64(-0.0, -2.0), "f64x2.trunc");

    /* sign ops: bit operations, NaN payloads kept */
    a.u32[0] = snan; a.u32[1] = nnan; a.u32[2] = fb(-0.0f); a.u32[3] = fb(1.0f);
    CHECKV(mwX_f32x4_abs(a), I32(snan, 0x7fc00001u, 0, fb(1.0f)), "f32x4.abs");
    CHECKV(mwX_f32x4_neg(a), I32(0xff800001u, 0x7fc00001u, 0, fb(-1.0f)), "f32x4.neg");
    CHECKV(mwX_f64x2_neg(I64(0x7ff0000000000001ull, 0)), I64(0xfff0000000000001ull, 0x8000000000000000ull),
           "f64x2.neg");

    /* arithmetic */
    CHECKV(mwX_f32x4_add(F32(1.0f, 0.1f, finf, 16777216.0f), F32(2.0f, 0.2f, 1.0f, 1.0f)),
           F32(3.0f, 0.1f + 0.2f, finf, 16777216.0f), "f32x4.add");
    CHECKV(mwX_f64x2_div(F64(1.0, -1.0), F64(3.0, 0.0)), F64(1.0 / 3.0, -dinf), "f64x2.div");
    CHECKV(mwX_f32x4_sqrt(F32(4.0f, 2.0f, -0.0f, finf)), F32(2.0f, 1.41421353816986083984375f, -0.0f, finf),
           "f32x4.sqrt");
    r = mwX_f32x4_mul(F32(finf, 0.0f, 1.0f, 1.0f), F32(0.0f, 1.0f, 1.0f, 1.0f));
    CHECK(f32_isnan(r.u32[0]) && (r.u32[0] & 0x400000u), "f32x4.mul inf*0 is an arithmetic NaN");
    (void)qnan;
}

static void test_convert(void)
{
    const float nan = 0.0f / 0.0f;
    CHECKV(mwX_i32x4_trunc_sat_f32x4_s(F32(nan, finf, -finf, 3e9f)),
           I32(0, 0x7fffffffLL, -2147483648LL, 0x7fffffffLL), "i32x4.trunc_sat_f32x4_s NaN/inf/range");
    CHECKV(mwX_i32x4_trunc_sat_f32x4_s(F32(-3e9f, -1.9f, 2147483520.0f, -2147483648.0f)),
           I32(-2147483648LL, -1, 2147483520LL, -2147483648LL), "i32x4.trunc_sat_f32x4_s");
    CHECKV(mwX_i32x4_trunc_sat_f32x4_u(F32(nan, finf, -finf, -0.9f)), I32(0, 0xffffffffLL, 0, 0),
           "i32x4.trunc_sat_f32x4_u NaN/inf/-0.9");
    CHECKV(mwX_i32x4_trunc_sat_f32x4_u(F32(5e9f, 4294967040.0f, -1.0f, 2.9f)),
           I32(0xffffffffLL, 4294967040LL, 0, 2), "i32x4.trunc_sat_f32x4_u");
    CHECKV(mwX_i32x4_trunc_sat_f64x2_s_zero(F64(-2147483648.9, 2147483647.9)),
           I32(-2147483648LL, 2147483647LL, 0, 0), "i32x4.trunc_sat_f64x2_s_zero");
    CHECKV(mwX_i32x4_trunc_sat_f64x2_s_zero(F64(nan, -dinf)), I32(0, -2147483648LL, 0, 0),
           "i32x4.trunc_sat_f64x2_s_zero NaN/-inf");
    CHECKV(mwX_i32x4_trunc_sat_f64x2_u_zero(F64(4294967295.5, -0.99)), I32(0xffffffffLL, 0, 0, 0),
           "i32x4.trunc_sat_f64x2_u_zero");
    CHECKV(mwX_i32x4_trunc_sat_f64x2_u_zero(F64(1e10, nan)), I32(0xffffffffLL, 0, 0, 0),
           "i32x4.trunc_sat_f64x2_u_zero big/NaN");

    CHECKV(mwX_f64x2_convert_low_i32x4_s(I32(-1, -2147483648LL, 5, 6)), F64(-1.0, -2147483648.0),
           "f64x2.convert_low_i32x4_s");
    CHECKV(mwX_f64x2_convert_low_i32x4_u(I32(-1, -2147483648LL, 5, 6)), F64(4294967295.0, 2147483648.0),
           "f64x2.convert_low_i32x4_u");
    CHECKV(mwX_f32x4_convert_i32x4_s(I32(16777217, -16777219, -1, 0x7fffffff)),
           F32(16777216.0f, -16777220.0f, -1.0f, 2147483648.0f), "f32x4.convert_i32x4_s (ties even)");
    CHECKV(mwX_f32x4_convert_i32x4_u(I32(0xffffffffLL, 0x80000080LL, 0x80000081LL, 16777217)),
           F32(4294967296.0f, 2147483648.0f, 2147483904.0f, 16777216.0f), "f32x4.convert_i32x4_u");

    mwX_v128 r = mwX_f32x4_demote_f64x2_zero(F64(1e300, 0.1));
    CHECKV(r, F32(finf, 0.1f, 0.0f, 0.0f), "f32x4.demote_f64x2_zero");
    CHECK(r.u32[2] == 0 && r.u32[3] == 0, "f32x4.demote_f64x2_zero high lanes +0");
    r = mwX_f32x4_demote_f64x2_zero(F64(nan, -1e-300));
    CHECK(f32_isnan(r.u32[0]) && r.u32[1] == 0x80000000u, "f32x4.demote NaN / underflow to -0");
    CHECKV(mwX_f64x2_promote_low_f32x4(F32(0.1f, -finf, 7.0f, 8.0f)), F64((double)0.1f, -dinf),
           "f64x2.promote_low_f32x4");
}

int main(void)
{
    test_table();
    test_narrow();
    test_q15_dot();
    test_swizzle_shuffle();
    test_bitmask_tests();
    test_shifts();
    test_abs_neg_popcnt();
    test_sat_avgr_minmax();
    test_compare();
    test_widen();
    test_memory();
    test_float();
    test_convert();
    printf("test_simd (MWX_VEC=%d): %u passed, %u failed\n", MWX_VEC, npass, nfail);
    return nfail != 0;
}
