/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_num.c — checks src/num.h against libm / independent references.
 *
 *   gcc -std=c11 -O2 -Wall -Wextra -Werror -Isrc tests/unit/test_num.c -lm && ./a.out
 *   (also with clang, -DMW_SOFT_SQRT, -DMW_SOFT_ROUND, -msse4.1, -mavx, and on
 *   aarch64 under qemu). Pass --full to sweep all 2^32 f32 patterns.
 *
 * Exits non-zero and prints the first failures of each kind on any mismatch.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <float.h>
#include "num.h"

static unsigned long long npass, nfail;
static unsigned nreported;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) npass++;                                                 \
        else {                                                             \
            nfail++;                                                       \
            if (nreported++ < 60) {                                        \
                printf("FAIL %s:%d: ", __FILE__, __LINE__);                \
                printf(__VA_ARGS__);                                       \
                printf("\n");                                              \
            }                                                              \
        }                                                                  \
    } while (0)

static uint64_t rng_state = 0x123456789abcdefull;
static uint64_t rnd(void)       /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint32_t fb(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float bf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint64_t db(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }
static double bd(uint64_t u) { double f; memcpy(&f, &u, 8); return f; }

static int f32_isnan(uint32_t u) { return (u & 0x7fffffffu) > 0x7f800000u; }
static int f64_isnan(uint64_t u) { return (u & 0x7fffffffffffffffull) > 0x7ff0000000000000ull; }
static int f32_canon(uint32_t u) { return (u & 0x7fffffffu) == 0x7fc00000u; }
static int f64_canon(uint64_t u) { return (u & 0x7fffffffffffffffull) == 0x7ff8000000000000ull; }

/* A NaN result is correct iff it is an arithmetic (quiet) NaN, and canonical
 * when every NaN input was canonical (spec: nans{z*}). */
static int f32_nan_ok(uint32_t out, int need_canon)
{
    return f32_isnan(out) && (out & 0x400000u) && (!need_canon || f32_canon(out));
}
static int f64_nan_ok(uint64_t out, int need_canon)
{
    return f64_isnan(out) && (out & 0x8000000000000ull) && (!need_canon || f64_canon(out));
}

/* ------------------------------------------------------------------ value sources */

static uint32_t i32_edges[] = {
    0, 1, 2, 3, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
    0x7fffffff, 0x80000000u, 0x80000001u, 0xfffffffeu, 0xffffffffu, 0x55555555,
    0xaaaaaaaau, 0x12345678, 0x87654321u, 0xfffffff0u, 0x0000fff0, 0x40000000,
};
#define N_I32E (sizeof i32_edges / sizeof i32_edges[0])

static uint64_t i64_edge(unsigned i, int *ok)
{
    static const uint64_t e[] = {
        0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000u,
        0xffffffffu, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
        0x8000000000000001ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
        0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull, 0x0123456789abcdefull,
        0xfedcba9876543210ull, 0xffffffff00000000ull, 0x00000000ffff0000ull,
    };
    *ok = i < sizeof e / sizeof e[0];
    return *ok ? e[i] : 0;
}

/* Random integers with varied bit lengths and sparse/dense patterns. */
static uint64_t rnd_int(void)
{
    uint64_t r = rnd();
    switch (r & 7) {
    case 0: return rnd() >> (rnd() & 63);
    case 1: return ~(rnd() >> (rnd() & 63));
    case 2: return 1ull << (rnd() & 63);
    case 3: return rnd() & rnd() & rnd();
    case 4: return rnd() | rnd() | rnd();
    default: return rnd();
    }
}

static uint32_t f32_specials[] = {
    0x00000000, 0x80000000u, 0x00000001, 0x80000001u, 0x007fffff, 0x807fffffu,
    0x00800000, 0x80800000u, 0x3f000000, 0xbf000000u, 0x3effffff, 0xbeffffffu,
    0x3f000001, 0xbf000001u, 0x3f800000, 0xbf800000u, 0x3f7fffff, 0xbf7fffffu,
    0x3fc00000, 0xbfc00000u, 0x40200000, 0xc0200000u, 0x40600000, 0xc0600000u,
    0x4afffffe, 0x4affffff, 0x4b000000, 0x4b000001, 0xcaffffffu, 0xcb000000u,
    0x4b7fffff, 0x4b800000, 0x7f7fffff, 0xff7fffffu, 0x7f800000, 0xff800000u,
    0x7fc00000, 0xffc00000u, 0x7f800001, 0xff800001u, 0x7fa00000, 0x7fffffff,
    0xffffffffu, 0x7fc00001, 0x3eaaaaab, 0x4f000000, 0xcf000000u, 0x4f800000,
    0x5f000000, 0xdf000000u, 0x5f800000, 0x40490fdb,
};
#define N_F32S (sizeof f32_specials / sizeof f32_specials[0])

static uint64_t f64_specials[] = {
    0, 0x8000000000000000ull, 1, 0x8000000000000001ull, 0x000fffffffffffffull,
    0x0010000000000000ull, 0x3fe0000000000000ull, 0xbfe0000000000000ull,
    0x3fdfffffffffffffull, 0xbfdfffffffffffffull, 0x3fe0000000000001ull,
    0xbfe0000000000001ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x3fefffffffffffffull, 0x3ff8000000000000ull, 0xbff8000000000000ull,
    0x4004000000000000ull, 0xc004000000000000ull, 0x4330000000000000ull,
    0x432fffffffffffffull, 0x4330000000000001ull, 0xc32fffffffffffffull,
    0x4340000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0xfff8000000000000ull, 0x7ff0000000000001ull, 0xfff0000000000001ull,
    0x7ff4000000000000ull, 0x7fffffffffffffffull, 0x7ff8000000000001ull,
    0x41e0000000000000ull, 0xc1e0000000000000ull, 0x41f0000000000000ull,
    0x43e0000000000000ull, 0xc3e0000000000000ull, 0x43f0000000000000ull,
    0x400921fb54442d18ull, 0x3fd5555555555555ull,
};
#define N_F64S (sizeof f64_specials / sizeof f64_specials[0])

/* Random float bits: uniform, or with the exponent near the integer boundary
 * region where rounding is interesting. */
static uint32_t rnd_f32(void)
{
    uint64_t r = rnd();
    uint32_t u = (uint32_t)(r >> 32);
    if (r & 1) {
        uint32_t e = 127 - 4 + (uint32_t)((r >> 1) % 32);       /* 2^-4 .. 2^27 */
        u = (u & 0x807fffffu) | (e << 23);
        if (r & 2) u &= ~((1u << ((r >> 8) % 23)) - 1);         /* short mantissas */
    }
    return u;
}
static uint64_t rnd_f64(void)
{
    uint64_t r = rnd(), u = rnd();
    if (r & 1) {
        uint64_t e = 1023 - 4 + (r >> 1) % 62;                   /* 2^-4 .. 2^57 */
        u = (u & 0x800fffffffffffffull) | (e << 52);
        if (r & 2) u &= ~((1ull << ((r >> 8) % 52)) - 1);
    }
    return u;
}

/* ------------------------------------------------------------------ integer tests */

static uint32_t ref_clz32(uint32_t x) { uint32_t n = 0; while (n < 32 && !(x & (0x80000000u >> n))) n++; return n; }
static uint32_t ref_ctz32(uint32_t x) { uint32_t n = 0; while (n < 32 && !(x & (1u << n))) n++; return n; }
static uint32_t ref_pop32(uint32_t x) { uint32_t n = 0; for (int i = 0; i < 32; i++) n += x >> i & 1; return n; }
static uint64_t ref_clz64(uint64_t x) { uint64_t n = 0; while (n < 64 && !(x & (1ull << (63 - n)))) n++; return n; }
static uint64_t ref_ctz64(uint64_t x) { uint64_t n = 0; while (n < 64 && !(x & (1ull << n))) n++; return n; }
static uint64_t ref_pop64(uint64_t x) { uint64_t n = 0; for (int i = 0; i < 64; i++) n += x >> i & 1; return n; }

static uint32_t ref_rotl32(uint32_t a, uint32_t k)
{ for (k %= 32; k; k--) a = a << 1 | a >> 31; return a; }
static uint64_t ref_rotl64(uint64_t a, uint64_t k)
{ for (k %= 64; k; k--) a = a << 1 | a >> 63; return a; }
static uint32_t ref_sar32(uint32_t a, uint32_t k)
{ for (k %= 32; k; k--) a = (a >> 1) | (a & 0x80000000u); return a; }
static uint64_t ref_sar64(uint64_t a, uint64_t k)
{ for (k %= 64; k; k--) a = (a >> 1) | (a & 0x8000000000000000ull); return a; }
static int64_t s32(uint32_t a) { return a & 0x80000000u ? (int64_t)a - 0x100000000ll : (int64_t)a; }
/* Signed 64-bit division reference: exact 128-bit arithmetic where available. */
#ifdef __SIZEOF_INT128__
typedef __int128 wide;
static wide s64(uint64_t a) { return a >> 63 ? (wide)a - ((wide)1 << 64) : (wide)a; }
#else
typedef int64_t wide;   /* 32-bit hosts: trust C for the non-overflowing cases */
static wide s64(uint64_t a) { return (int64_t)a; }
#endif

static void test_int_pair32(uint32_t a, uint32_t b)
{
    uint32_t r = 0xdeadbeef; int t;
    int64_t sa = s32(a), sb = s32(b);
    t = mwF_i32_div_u(a, b, &r);
    if (!b) CHECK(t == MW_TRAP_DIV_BY_ZERO, "i32.div_u %x/%x trap %d", a, b, t);
    else CHECK(t == 0 && r == a / b, "i32.div_u %x/%x = %x (%d)", a, b, r, t);
    t = mwF_i32_rem_u(a, b, &r);
    if (!b) CHECK(t == MW_TRAP_DIV_BY_ZERO, "i32.rem_u %x %x trap %d", a, b, t);
    else CHECK(t == 0 && r == a % b, "i32.rem_u %x %x = %x", a, b, r);
    t = mwF_i32_div_s(a, b, &r);
    if (!b) CHECK(t == MW_TRAP_DIV_BY_ZERO, "i32.div_s %x/%x trap %d", a, b, t);
    else if (sa / sb > INT32_MAX) CHECK(t == MW_TRAP_INT_OVERFLOW, "i32.div_s %x/%x trap %d", a, b, t);
    else CHECK(t == 0 && r == (uint32_t)(sa / sb), "i32.div_s %x/%x = %x", a, b, r);
    t = mwF_i32_rem_s(a, b, &r);
    if (!b) CHECK(t == MW_TRAP_DIV_BY_ZERO, "i32.rem_s %x %x trap %d", a, b, t);
    else CHECK(t == 0 && r == (uint32_t)(sa % sb), "i32.rem_s %x %x = %x", a, b, r);

    CHECK(mwF_i32_shl(a, b) == (b % 32 ? (uint32_t)((uint64_t)a << (b % 32)) : a), "i32.shl %x %u", a, b);
    CHECK(mwF_i32_shr_u(a, b) == (uint32_t)((uint64_t)a >> (b % 32)), "i32.shr_u %x %u", a, b);
    CHECK(mwF_i32_shr_s(a, b) == ref_sar32(a, b), "i32.shr_s %x %u", a, b);
    CHECK(mwF_i32_rotl(a, b) == ref_rotl32(a, b), "i32.rotl %x %u", a, b);
    CHECK(mwF_i32_rotr(a, b) == ref_rotl32(a, 32 - b % 32), "i32.rotr %x %u", a, b);
}

static void test_int_pair64(uint64_t a, uint64_t b)
{
    uint64_t r = 0xdeadbeef; int t;
    wide sa = s64(a), sb = s64(b);
    t = mwF_i64_div_u(a, b, &r);
    if (!b) CHECK(t == MW_TRAP_DIV_BY_ZERO, "i64.div_u trap %d", t);
    else CHECK(t == 0 && r == a / b, "i64.div_u %llx/%llx", (unsigned long long)a, (unsigned long long)b);
    t = mwF_i64_rem_u(a, b, &r);
    if (!b) CHECK(t == MW_TRAP_DIV_BY_ZERO, "i64.rem_u trap %d", t);
    else CHECK(t == 0 && r == a % b, "i64.rem_u %llx %llx", (unsigned long long)a, (unsigned long long)b);
    t = mwF_i64_div_s(a, b, &r);
    if (!b) CHECK(t == MW_TRAP_DIV_BY_ZERO, "i64.div_s trap %d", t);
    else if (a == 0x8000000000000000ull && b == ~0ull) CHECK(t == MW_TRAP_INT_OVERFLOW, "i64.div_s overflow trap %d", t);
    else CHECK(t == 0 && r == (uint64_t)(sa / sb), "i64.div_s %llx/%llx", (unsigned long long)a, (unsigned long long)b);
    t = mwF_i64_rem_s(a, b, &r);
    if (!b) CHECK(t == MW_TRAP_DIV_BY_ZERO, "i64.rem_s trap %d", t);
    else CHECK(t == 0 && r == (uint64_t)(sa % sb), "i64.rem_s %llx %llx", (unsigned long long)a, (unsigned long long)b);

    CHECK(mwF_i64_shl(a, b) == (a << (b % 64)), "i64.shl");
    CHECK(mwF_i64_shr_u(a, b) == (a >> (b % 64)), "i64.shr_u");
    CHECK(mwF_i64_shr_s(a, b) == ref_sar64(a, b), "i64.shr_s %llx %llu", (unsigned long long)a, (unsigned long long)b);
    CHECK(mwF_i64_rotl(a, b) == ref_rotl64(a, b), "i64.rotl");
    CHECK(mwF_i64_rotr(a, b) == ref_rotl64(a, 64 - b % 64), "i64.rotr");
}

static void test_int_unary(uint64_t x)
{
    uint32_t a = (uint32_t)x;
    CHECK(mwF_i32_clz(a) == ref_clz32(a), "i32.clz %x = %u", a, mwF_i32_clz(a));
    CHECK(mwF_i32_ctz(a) == ref_ctz32(a), "i32.ctz %x = %u", a, mwF_i32_ctz(a));
    CHECK(mwF_i32_popcnt(a) == ref_pop32(a), "i32.popcnt %x = %u", a, mwF_i32_popcnt(a));
    CHECK(mwF_i64_clz(x) == ref_clz64(x), "i64.clz %llx", (unsigned long long)x);
    CHECK(mwF_i64_ctz(x) == ref_ctz64(x), "i64.ctz %llx", (unsigned long long)x);
    CHECK(mwF_i64_popcnt(x) == ref_pop64(x), "i64.popcnt %llx", (unsigned long long)x);
    CHECK(mwF_i32_extend8_s(a) == (uint32_t)(int32_t)(int8_t)(a & 0xff), "i32.extend8_s %x", a);
    CHECK(mwF_i32_extend16_s(a) == (uint32_t)(int32_t)(int16_t)(a & 0xffff), "i32.extend16_s %x", a);
    CHECK(mwF_i64_extend8_s(x) == (uint64_t)(int64_t)(int8_t)(x & 0xff), "i64.extend8_s");
    CHECK(mwF_i64_extend16_s(x) == (uint64_t)(int64_t)(int16_t)(x & 0xffff), "i64.extend16_s");
    CHECK(mwF_i64_extend32_s(x) == (uint64_t)(int64_t)(int32_t)(x & 0xffffffff), "i64.extend32_s %llx",
          (unsigned long long)x);
}

static void test_ints(long n)
{
    int ok;
    for (unsigned i = 0; i < N_I32E; i++) {
        test_int_unary(i32_edges[i]);
        for (unsigned j = 0; j < N_I32E; j++) test_int_pair32(i32_edges[i], i32_edges[j]);
        for (uint32_t k = 0; k < 100; k++) test_int_pair32(i32_edges[i], k);
    }
    for (unsigned i = 0; i64_edge(i, &ok), ok; i++) {
        uint64_t a = i64_edge(i, &ok);
        test_int_unary(a);
        for (unsigned j = 0; i64_edge(j, &ok), ok; j++) test_int_pair64(a, i64_edge(j, &ok));
        for (uint64_t k = 0; k < 140; k++) test_int_pair64(a, k);
        test_int_pair64(a, 0xffffffffffffff40ull);
    }
    for (int b = 0; b < 64; b++) test_int_unary(1ull << b), test_int_unary(~(1ull << b));
    for (long i = 0; i < n; i++) {
        uint64_t a = rnd_int(), b = rnd_int();
        test_int_unary(a);
        test_int_pair32((uint32_t)a, (uint32_t)b);
        test_int_pair64(a, b);
    }
}

/* ------------------------------------------------------------------ float unary tests */

static int n_f32_unary_checks;
static void test_f32_unary(uint32_t u)
{
    float x = bf(u);
    int nan_in = f32_isnan(u), canon_in = !nan_in || f32_canon(u);
    static const struct { const char *name; float (*ref)(float); } R[4] = {
        { "ceil", ceilf }, { "floor", floorf }, { "trunc", truncf }, { "nearest", nearbyintf }
    };
    float got[4] = { mwF_f32_ceil(x), mwF_f32_floor(x), mwF_f32_trunc(x), mwF_f32_nearest(x) };
    uint32_t sw[4] = { mwF_f32_round_bits_(u, MWF_CEIL), mwF_f32_round_bits_(u, MWF_FLOOR),
                       mwF_f32_round_bits_(u, MWF_TRUNC), mwF_f32_round_bits_(u, MWF_NEAREST) };
    n_f32_unary_checks++;
    for (int i = 0; i < 4; i++) {
        uint32_t want = fb(R[i].ref(x));
        if (nan_in) {
            CHECK(f32_nan_ok(fb(got[i]), canon_in), "f32.%s(%08x) = %08x", R[i].name, u, fb(got[i]));
            CHECK(f32_nan_ok(sw[i], canon_in), "f32.%s sw(%08x) = %08x", R[i].name, u, sw[i]);
        } else {
            CHECK(fb(got[i]) == want, "f32.%s(%08x) = %08x want %08x", R[i].name, u, fb(got[i]), want);
            CHECK(sw[i] == want, "f32.%s sw(%08x) = %08x want %08x", R[i].name, u, sw[i], want);
        }
    }
    {
        uint32_t want = fb(sqrtf(x)), h = fb(mwF_f32_sqrt(x)), s = fb(mwF_f32_sqrt_sw(x));
        if (f32_isnan(want)) {
            CHECK(f32_nan_ok(h, canon_in), "f32.sqrt(%08x) = %08x", u, h);
            CHECK(f32_nan_ok(s, canon_in), "f32.sqrt sw(%08x) = %08x", u, s);
        } else {
            CHECK(h == want, "f32.sqrt(%08x) = %08x want %08x", u, h, want);
            CHECK(s == want, "f32.sqrt sw(%08x) = %08x want %08x", u, s, want);
        }
    }
    CHECK(fb(mwF_f32_abs(x)) == (u & 0x7fffffffu), "f32.abs %08x", u);
    CHECK(fb(mwF_f32_neg(x)) == (u ^ 0x80000000u), "f32.neg %08x", u);
    CHECK(mwF_f32_bits(mwF_f32_from_bits(u)) == u, "f32 bitcast %08x", u);
    {
        double p = mwF_f64_promote_f32(x);
        if (nan_in) CHECK(f64_nan_ok(db(p), canon_in), "f64.promote(%08x) = %016llx", u, (unsigned long long)db(p));
        else CHECK(db(p) == db((double)x) && fb(mwF_f32_demote_f64(p)) == u, "f64.promote(%08x)", u);
    }
}

static void test_f64_unary(uint64_t u)
{
    double x = bd(u);
    int nan_in = f64_isnan(u), canon_in = !nan_in || f64_canon(u);
    static const struct { const char *name; double (*ref)(double); } R[4] = {
        { "ceil", ceil }, { "floor", floor }, { "trunc", trunc }, { "nearest", nearbyint }
    };
    double got[4] = { mwF_f64_ceil(x), mwF_f64_floor(x), mwF_f64_trunc(x), mwF_f64_nearest(x) };
    uint64_t sw[4] = { mwF_f64_round_bits_(u, MWF_CEIL), mwF_f64_round_bits_(u, MWF_FLOOR),
                       mwF_f64_round_bits_(u, MWF_TRUNC), mwF_f64_round_bits_(u, MWF_NEAREST) };
    for (int i = 0; i < 4; i++) {
        uint64_t want = db(R[i].ref(x));
        if (nan_in) {
            CHECK(f64_nan_ok(db(got[i]), canon_in), "f64.%s(%016llx)", R[i].name, (unsigned long long)u);
            CHECK(f64_nan_ok(sw[i], canon_in), "f64.%s sw(%016llx)", R[i].name, (unsigned long long)u);
        } else {
            CHECK(db(got[i]) == want, "f64.%s(%016llx) = %016llx want %016llx", R[i].name,
                  (unsigned long long)u, (unsigned long long)db(got[i]), (unsigned long long)want);
            CHECK(sw[i] == want, "f64.%s sw(%016llx) = %016llx want %016llx", R[i].name,
                  (unsigned long long)u, (unsigned long long)sw[i], (unsigned long long)want);
        }
    }
    {
        uint64_t want = db(sqrt(x)), h = db(mwF_f64_sqrt(x)), s = db(mwF_f64_sqrt_sw(x));
        if (f64_isnan(want)) {
            CHECK(f64_nan_ok(h, canon_in), "f64.sqrt(%016llx)", (unsigned long long)u);
            CHECK(f64_nan_ok(s, canon_in), "f64.sqrt sw(%016llx)", (unsigned long long)u);
        } else {
            CHECK(h == want, "f64.sqrt(%016llx) = %016llx want %016llx", (unsigned long long)u,
                  (unsigned long long)h, (unsigned long long)want);
            CHECK(s == want, "f64.sqrt sw(%016llx) = %016llx want %016llx", (unsigned long long)u,
                  (unsigned long long)s, (unsigned long long)want);
        }
    }
    CHECK(db(mwF_f64_abs(x)) == (u & 0x7fffffffffffffffull), "f64.abs");
    CHECK(db(mwF_f64_neg(x)) == (u ^ 0x8000000000000000ull), "f64.neg");
    CHECK(mwF_f64_bits(mwF_f64_from_bits(u)) == u, "f64 bitcast");
    {
        float d = mwF_f32_demote_f64(x);
        if (nan_in) CHECK(f32_nan_ok(fb(d), canon_in), "f32.demote(%016llx) = %08x", (unsigned long long)u, fb(d));
        else CHECK(fb(d) == fb((float)x), "f32.demote(%016llx)", (unsigned long long)u);
    }
}

/* ------------------------------------------------------------------ binary float ops */

static void test_f32_binary(uint32_t a, uint32_t b)
{
    float x = bf(a), y = bf(b);
    uint32_t mn = fb(mwF_f32_min(x, y)), mx = fb(mwF_f32_max(x, y));
    CHECK(fb(mwF_f32_copysign(x, y)) == ((a & 0x7fffffffu) | (b & 0x80000000u)), "f32.copysign");
    if (f32_isnan(a) || f32_isnan(b)) {
        int c = (!f32_isnan(a) || f32_canon(a)) && (!f32_isnan(b) || f32_canon(b));
        CHECK(f32_nan_ok(mn, c), "f32.min(%08x,%08x) = %08x", a, b, mn);
        CHECK(f32_nan_ok(mx, c), "f32.max(%08x,%08x) = %08x", a, b, mx);
    } else if (x == 0 && y == 0) {
        CHECK(mn == (a | b), "f32.min(%08x,%08x) = %08x", a, b, mn);
        CHECK(mx == (a & b), "f32.max(%08x,%08x) = %08x", a, b, mx);
    } else {
        CHECK(mn == fb(fminf(x, y)), "f32.min(%08x,%08x) = %08x", a, b, mn);
        CHECK(mx == fb(fmaxf(x, y)), "f32.max(%08x,%08x) = %08x", a, b, mx);
    }
}

static void test_f64_binary(uint64_t a, uint64_t b)
{
    double x = bd(a), y = bd(b);
    uint64_t mn = db(mwF_f64_min(x, y)), mx = db(mwF_f64_max(x, y));
    CHECK(db(mwF_f64_copysign(x, y)) == ((a & 0x7fffffffffffffffull) | (b & 0x8000000000000000ull)),
          "f64.copysign");
    if (f64_isnan(a) || f64_isnan(b)) {
        int c = (!f64_isnan(a) || f64_canon(a)) && (!f64_isnan(b) || f64_canon(b));
        CHECK(f64_nan_ok(mn, c), "f64.min nan");
        CHECK(f64_nan_ok(mx, c), "f64.max nan");
    } else if (x == 0 && y == 0) {
        CHECK(mn == (a | b), "f64.min zeros");
        CHECK(mx == (a & b), "f64.max zeros");
    } else {
        CHECK(mn == db(fmin(x, y)), "f64.min(%016llx,%016llx)", (unsigned long long)a, (unsigned long long)b);
        CHECK(mx == db(fmax(x, y)), "f64.max(%016llx,%016llx)", (unsigned long long)a, (unsigned long long)b);
    }
}

/* ------------------------------------------------------------------ float -> int */

/* Reference: trap unless trunc(x) is within range; all comparisons exact in double. */
enum { K_I32S, K_I32U, K_I64S, K_I64U };
static int ref_trunc(double x, int kind, uint64_t *r)
{
    double t;
    if (isnan(x)) return MW_TRAP_INVALID_CONVERSION;
    t = trunc(x);
    switch (kind) {
    case K_I32S: if (!(t >= -2147483648.0 && t <= 2147483647.0)) return MW_TRAP_INT_OVERFLOW;
                 *r = (uint32_t)(int32_t)t; return 0;
    case K_I32U: if (!(t >= 0.0 && t <= 4294967295.0)) return MW_TRAP_INT_OVERFLOW;
                 *r = (uint32_t)t; return 0;
    case K_I64S: if (!(t >= -9223372036854775808.0 && t < 9223372036854775808.0)) return MW_TRAP_INT_OVERFLOW;
                 *r = (uint64_t)(int64_t)t; return 0;
    default:     if (!(t >= 0.0 && t < 18446744073709551616.0)) return MW_TRAP_INT_OVERFLOW;
                 *r = (uint64_t)t; return 0;
    }
}
static uint64_t ref_sat(double x, int kind)
{
    uint64_t r;
    if (isnan(x)) return 0;
    if (!ref_trunc(x, kind, &r)) return r;
    switch (kind) {
    case K_I32S: return x < 0 ? 0x80000000u : 0x7fffffffu;
    case K_I32U: return x < 0 ? 0 : 0xffffffffu;
    case K_I64S: return x < 0 ? 0x8000000000000000ull : 0x7fffffffffffffffull;
    default:     return x < 0 ? 0 : 0xffffffffffffffffull;
    }
}

static unsigned long long n_conv;
static void test_conv_f32(float x)
{
    uint64_t want = 0, g64 = 0; uint32_t g32 = 0; int wt, t;
    n_conv++;
#define CONV32(fn, kind)                                                                    \
    wt = ref_trunc(x, kind, &want); g32 = 0xdeadbeef; t = fn(x, &g32);                      \
    CHECK(t == wt && (t || g32 == (uint32_t)want), #fn "(%a [%08x]) = %d,%x want %d,%x",   \
          (double)x, fb(x), t, g32, wt, (uint32_t)want);
#define CONV64(fn, kind)                                                                    \
    wt = ref_trunc(x, kind, &want); g64 = 0xdeadbeef; t = fn(x, &g64);                      \
    CHECK(t == wt && (t || g64 == want), #fn "(%a) = %d,%llx want %d,%llx", (double)x, t,   \
          (unsigned long long)g64, wt, (unsigned long long)want);
    CONV32(mwF_i32_trunc_f32_s, K_I32S) CONV32(mwF_i32_trunc_f32_u, K_I32U)
    CONV64(mwF_i64_trunc_f32_s, K_I64S) CONV64(mwF_i64_trunc_f32_u, K_I64U)
    CHECK(mwF_i32_trunc_sat_f32_s(x) == (uint32_t)ref_sat(x, K_I32S), "i32.trunc_sat_f32_s(%a)", (double)x);
    CHECK(mwF_i32_trunc_sat_f32_u(x) == (uint32_t)ref_sat(x, K_I32U), "i32.trunc_sat_f32_u(%a)", (double)x);
    CHECK(mwF_i64_trunc_sat_f32_s(x) == ref_sat(x, K_I64S), "i64.trunc_sat_f32_s(%a)", (double)x);
    CHECK(mwF_i64_trunc_sat_f32_u(x) == ref_sat(x, K_I64U), "i64.trunc_sat_f32_u(%a)", (double)x);
}
static void test_conv_f64(double x)
{
    uint64_t want = 0, g64 = 0; uint32_t g32 = 0; int wt, t;
    n_conv++;
    CONV32(mwF_i32_trunc_f64_s, K_I32S) CONV32(mwF_i32_trunc_f64_u, K_I32U)
    CONV64(mwF_i64_trunc_f64_s, K_I64S) CONV64(mwF_i64_trunc_f64_u, K_I64U)
    CHECK(mwF_i32_trunc_sat_f64_s(x) == (uint32_t)ref_sat(x, K_I32S), "i32.trunc_sat_f64_s(%a)", x);
    CHECK(mwF_i32_trunc_sat_f64_u(x) == (uint32_t)ref_sat(x, K_I32U), "i32.trunc_sat_f64_u(%a)", x);
    CHECK(mwF_i64_trunc_sat_f64_s(x) == ref_sat(x, K_I64S), "i64.trunc_sat_f64_s(%a)", x);
    CHECK(mwF_i64_trunc_sat_f64_u(x) == ref_sat(x, K_I64U), "i64.trunc_sat_f64_u(%a)", x);
}

static void test_conversions_to_int(long n)
{
    static const double bounds[] = {
        0.0, -1.0, 1.0, 0.5, -0.5, 2147483648.0, -2147483648.0, -2147483649.0, 2147483647.0,
        4294967296.0, 4294967295.0, 9223372036854775808.0, -9223372036854775808.0,
        18446744073709551616.0, 1e30, -1e30,
    };
    /* Walk 3000 representable values either side of every boundary, in both formats. */
    for (unsigned i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        float f = (float)bounds[i], fu = f, fd = f;
        double d = bounds[i], du = d, dd = d;
        for (int k = 0; k < 3000; k++) {
            test_conv_f32(fu); test_conv_f32(fd);
            test_conv_f64(du); test_conv_f64(dd);
            fu = nextafterf(fu, INFINITY); fd = nextafterf(fd, -INFINITY);
            du = nextafter(du, INFINITY); dd = nextafter(dd, -INFINITY);
        }
    }
    /* Each integer-valued boundary and its +-0.5, +-0.9, exactly, where representable. */
    for (unsigned i = 0; i < sizeof bounds / sizeof bounds[0]; i++)
        for (double o = -2.0; o <= 2.0; o += 0.1) { test_conv_f64(bounds[i] + o); test_conv_f32((float)(bounds[i] + o)); }
    for (unsigned i = 0; i < N_F32S; i++) test_conv_f32(bf(f32_specials[i]));
    for (unsigned i = 0; i < N_F64S; i++) test_conv_f64(bd(f64_specials[i]));
    for (long i = 0; i < n; i++) {
        uint32_t u = rnd_f32(); uint64_t v = rnd_f64();
        /* Also bias toward the 2^30..2^65 range where boundaries live. */
        if (i & 1) u = (u & 0x807fffffu) | ((uint32_t)(127 + 28 + rnd() % 38) << 23);
        if (i & 1) v = (v & 0x800fffffffffffffull) | ((1023 + 28 + rnd() % 38) << 52);
        test_conv_f32(bf(u));
        test_conv_f64(bd(v));
    }
}

/* ------------------------------------------------------------------ int -> float */

/* Correctly rounded (nearest-even) integer -> float bits, by integer arithmetic,
 * independent of the compiler's conversions. mbits = stored mantissa bits. */
static uint64_t ref_int_to_float(uint64_t mag, int neg, int mbits, int bias)
{
    uint64_t sign = (uint64_t)(neg && mag) << (mbits + (mbits == 23 ? 8 : 11));
    int msb, e;
    uint64_t m;
    if (!mag) return 0;
    msb = 63 - __builtin_clzll(mag);
    e = msb + bias;
    if (msb <= mbits) m = mag << (mbits - msb);
    else {
        int sh = msb - mbits;
        uint64_t rem = mag & ((1ull << sh) - 1), half = 1ull << (sh - 1);
        m = mag >> sh;
        if (rem > half || (rem == half && (m & 1))) m++;
        if (m >> (mbits + 1)) { m >>= 1; e++; }
    }
    return sign | ((uint64_t)e << mbits) | (m & ((1ull << mbits) - 1));
}

static void test_int_to_float(uint64_t v)
{
    uint32_t a = (uint32_t)v;
    int32_t sa = (int32_t)a; int64_t sv = (int64_t)v;
    uint64_t mag32 = sa < 0 ? (uint64_t)(0u - a) : a, mag64 = sv < 0 ? 0 - v : v;
    CHECK(fb(mwF_f32_convert_i32_s(a)) == ref_int_to_float(mag32, sa < 0, 23, 127),
          "f32.convert_i32_s(%x)", a);
    CHECK(fb(mwF_f32_convert_i32_u(a)) == ref_int_to_float(a, 0, 23, 127), "f32.convert_i32_u(%x)", a);
    CHECK(fb(mwF_f32_convert_i64_s(v)) == ref_int_to_float(mag64, sv < 0, 23, 127),
          "f32.convert_i64_s(%llx) = %08x", (unsigned long long)v, fb(mwF_f32_convert_i64_s(v)));
    CHECK(fb(mwF_f32_convert_i64_u(v)) == ref_int_to_float(v, 0, 23, 127),
          "f32.convert_i64_u(%llx) = %08x", (unsigned long long)v, fb(mwF_f32_convert_i64_u(v)));
    CHECK(db(mwF_f64_convert_i32_s(a)) == ref_int_to_float(mag32, sa < 0, 52, 1023), "f64.convert_i32_s(%x)", a);
    CHECK(db(mwF_f64_convert_i32_u(a)) == ref_int_to_float(a, 0, 52, 1023), "f64.convert_i32_u(%x)", a);
    CHECK(db(mwF_f64_convert_i64_s(v)) == ref_int_to_float(mag64, sv < 0, 52, 1023),
          "f64.convert_i64_s(%llx)", (unsigned long long)v);
    CHECK(db(mwF_f64_convert_i64_u(v)) == ref_int_to_float(v, 0, 52, 1023),
          "f64.convert_i64_u(%llx)", (unsigned long long)v);
}

static void test_conversions_to_float(long n)
{
    /* Halfway and just-past-halfway patterns at every position, both signs:
     * the double-rounding traps (e.g. 0x8000008000000001 must round up). */
    for (int msb = 0; msb < 64; msb++)
        for (int lsb = 0; lsb <= msb; lsb++)
            for (int extra = 0; extra < 4; extra++) {
                uint64_t v = (1ull << msb) | (1ull << lsb);
                if (extra & 1 && lsb > 0) v |= 1;
                if (extra & 2 && lsb > 1) v |= 1ull << (lsb - 1);
                test_int_to_float(v); test_int_to_float(0 - v);
                test_int_to_float(v - 1); test_int_to_float(~v);
            }
    test_int_to_float(0x8000008000000001ull);
    test_int_to_float(0x8000008000000000ull);
    test_int_to_float(0x8000018000000000ull);
    for (long i = 0; i < n; i++) test_int_to_float(rnd_int());
}

/* ------------------------------------------------------------------ sqrt specifics */

static void test_sqrt_extra(long n)
{
    /* Squares of random values and their neighbours: exact roots and results
     * right next to rounding boundaries. */
    for (long i = 0; i < n; i++) {
        double y = bd((rnd() & 0x000fffffffffffffull) | ((1023ull - 500 + rnd() % 1000) << 52));
        double x = y * y;
        float yf = bf((uint32_t)(rnd() & 0x007fffff) | (uint32_t)((127 - 60 + rnd() % 120) << 23));
        float xf = yf * yf;
        for (int d = -2; d <= 2; d++) {
            test_f64_unary(db(x) + (uint64_t)(int64_t)d);
            test_f32_unary(fb(xf) + (uint32_t)d);
        }
        /* Subnormals. */
        test_f64_unary(rnd() >> (12 + rnd() % 52));
        test_f32_unary((uint32_t)(rnd() >> (41 + rnd() % 23)));
    }
    /* Exact small squares. */
    for (uint32_t k = 0; k < 100000; k++) {
        CHECK(mwF_f64_sqrt_sw((double)k * k) == (double)k, "sqrt sw %u^2", k);
        CHECK(mwF_f32_sqrt_sw((float)(k % 4096) * (float)(k % 4096)) == (float)(k % 4096), "sqrtf sw");
    }
}

int main(int argc, char **argv)
{
    int full = argc > 1 && !strcmp(argv[1], "--full");
    long scale = argc > 1 && !full ? atol(argv[1]) : 1;
    if (scale < 1) scale = 1;

    test_ints(300000 * scale);

    for (unsigned i = 0; i < N_F32S; i++) {
        test_f32_unary(f32_specials[i]);
        for (unsigned j = 0; j < N_F32S; j++) test_f32_binary(f32_specials[i], f32_specials[j]);
    }
    for (unsigned i = 0; i < N_F64S; i++) {
        test_f64_unary(f64_specials[i]);
        for (unsigned j = 0; j < N_F64S; j++) test_f64_binary(f64_specials[i], f64_specials[j]);
    }
    /* Every k + 0.5 and neighbours for rounding ties, in both formats. */
    for (int k = -70000; k <= 70000; k++) {
        float hf = (float)k + 0.5f; double hd = (double)k + 0.5;
        test_f32_unary(fb(hf)); test_f32_unary(fb(hf) + 1); test_f32_unary(fb(hf) - 1);
        test_f64_unary(db(hd)); test_f64_unary(db(hd) + 1); test_f64_unary(db(hd) - 1);
    }
    for (long i = 0; i < 2000000 * scale; i++) {
        uint32_t a = rnd_f32(), b = (i & 3) ? rnd_f32() : a ^ 0x80000000u;
        uint64_t c = rnd_f64(), d = (i & 3) ? rnd_f64() : c ^ 0x8000000000000000ull;
        test_f32_unary(a);
        test_f64_unary(c);
        test_f32_binary(a, b);
        test_f64_binary(c, d);
    }
    /* A sweep over the f32 space (every 2^32 / stride-th pattern, or all). */
    {
        uint64_t stride = full ? 1 : 997;
        for (uint64_t u = 0; u <= 0xffffffffull; u += stride) test_f32_unary((uint32_t)u);
    }
    test_sqrt_extra(200000 * scale);
    test_conversions_to_int(1000000 * scale);
    test_conversions_to_float(1000000 * scale);

    printf("test_num: %llu passed, %llu failed\n", npass, nfail);
    return nfail ? 1 : 0;
}
