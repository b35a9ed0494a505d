/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * num_freestanding.c — link check for src/num.h: calls every mwF_ function on
 * volatile inputs so nothing folds away. Compile only, then list undefined
 * symbols; on x86-64 and aarch64 there must be none (memcpy at most):
 *
 *   gcc -std=c11 -O2 -ffreestanding -Wall -Wextra -Werror -Isrc -c tests/unit/num_freestanding.c -o /tmp/nf.o && nm -u /tmp/nf.o
 *   (also -O0, clang, aarch64-linux-gnu-gcc; arm-none-eabi-gcc may list libgcc
 *   helpers such as __aeabi_* for soft-float and 64-bit division, never libm)
 */
#include "num.h"

volatile uint32_t vi32, vo32;
volatile uint64_t vi64, vj64, vo64;
volatile float vf32, vg32, vof32;
volatile double vf64, vg64, vof64;
volatile int vtrap;

void num_all(void)
{
    uint32_t a = vi32, r32 = 0;
    uint64_t x = vi64, y = vj64, r64 = 0;
    float f = vf32, g = vg32;
    double d = vf64, e = vg64;

    vo32 = mwF_i32_clz(a); vo32 = mwF_i32_ctz(a); vo32 = mwF_i32_popcnt(a);
    vo64 = mwF_i64_clz(x); vo64 = mwF_i64_ctz(x); vo64 = mwF_i64_popcnt(x);
    vo32 = mwF_i32_shl(a, vi32); vo32 = mwF_i32_shr_s(a, vi32); vo32 = mwF_i32_shr_u(a, vi32);
    vo32 = mwF_i32_rotl(a, vi32); vo32 = mwF_i32_rotr(a, vi32);
    vo64 = mwF_i64_shl(x, y); vo64 = mwF_i64_shr_s(x, y); vo64 = mwF_i64_shr_u(x, y);
    vo64 = mwF_i64_rotl(x, y); vo64 = mwF_i64_rotr(x, y);
    vtrap = mwF_i32_div_s(a, vi32, &r32); vo32 = r32;
    vtrap = mwF_i32_div_u(a, vi32, &r32); vo32 = r32;
    vtrap = mwF_i32_rem_s(a, vi32, &r32); vo32 = r32;
    vtrap = mwF_i32_rem_u(a, vi32, &r32); vo32 = r32;
    vtrap = mwF_i64_div_s(x, y, &r64); vo64 = r64;
    vtrap = mwF_i64_div_u(x, y, &r64); vo64 = r64;
    vtrap = mwF_i64_rem_s(x, y, &r64); vo64 = r64;
    vtrap = mwF_i64_rem_u(x, y, &r64); vo64 = r64;
    vo32 = mwF_i32_extend8_s(a); vo32 = mwF_i32_extend16_s(a);
    vo64 = mwF_i64_extend8_s(x); vo64 = mwF_i64_extend16_s(x); vo64 = mwF_i64_extend32_s(x);

    vof32 = mwF_f32_abs(f); vof32 = mwF_f32_neg(f); vof32 = mwF_f32_copysign(f, g);
    vof32 = mwF_f32_ceil(f); vof32 = mwF_f32_floor(f); vof32 = mwF_f32_trunc(f);
    vof32 = mwF_f32_nearest(f); vof32 = mwF_f32_sqrt(f); vof32 = mwF_f32_sqrt_sw(f);
    vof32 = mwF_f32_min(f, g); vof32 = mwF_f32_max(f, g);
    vof64 = mwF_f64_abs(d); vof64 = mwF_f64_neg(d); vof64 = mwF_f64_copysign(d, e);
    vof64 = mwF_f64_ceil(d); vof64 = mwF_f64_floor(d); vof64 = mwF_f64_trunc(d);
    vof64 = mwF_f64_nearest(d); vof64 = mwF_f64_sqrt(d); vof64 = mwF_f64_sqrt_sw(d);
    vof64 = mwF_f64_min(d, e); vof64 = mwF_f64_max(d, e);

    vtrap = mwF_i32_trunc_f32_s(f, &r32); vo32 = r32;
    vtrap = mwF_i32_trunc_f32_u(f, &r32); vo32 = r32;
    vtrap = mwF_i32_trunc_f64_s(d, &r32); vo32 = r32;
    vtrap = mwF_i32_trunc_f64_u(d, &r32); vo32 = r32;
    vtrap = mwF_i64_trunc_f32_s(f, &r64); vo64 = r64;
    vtrap = mwF_i64_trunc_f32_u(f, &r64); vo64 = r64;
    vtrap = mwF_i64_trunc_f64_s(d, &r64); vo64 = r64;
    vtrap = mwF_i64_trunc_f64_u(d, &r64); vo64 = r64;
    vo32 = mwF_i32_trunc_sat_f32_s(f); vo32 = mwF_i32_trunc_sat_f32_u(f);
    vo32 = mwF_i32_trunc_sat_f64_s(d); vo32 = mwF_i32_trunc_sat_f64_u(d);
    vo64 = mwF_i64_trunc_sat_f32_s(f); vo64 = mwF_i64_trunc_sat_f32_u(f);
    vo64 = mwF_i64_trunc_sat_f64_s(d); vo64 = mwF_i64_trunc_sat_f64_u(d);

    vof32 = mwF_f32_convert_i32_s(a); vof32 = mwF_f32_convert_i32_u(a);
    vof32 = mwF_f32_convert_i64_s(x); vof32 = mwF_f32_convert_i64_u(x);
    vof64 = mwF_f64_convert_i32_s(a); vof64 = mwF_f64_convert_i32_u(a);
    vof64 = mwF_f64_convert_i64_s(x); vof64 = mwF_f64_convert_i64_u(x);
    vof32 = mwF_f32_demote_f64(d); vof64 = mwF_f64_promote_f32(f);
    vo32 = mwF_f32_bits(f); vof32 = mwF_f32_from_bits(a);
    vo64 = mwF_f64_bits(d); vof64 = mwF_f64_from_bits(x);
}
