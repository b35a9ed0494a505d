/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * imgfilter — 8-bit image processing, the kind of byte-parallel work SIMD is made for.
 * A generated 512 x 384 RGBA image goes through passes of
 *   1. a horizontal 5-tap binomial blur [1 4 6 4 1] / 16 per channel (edges clamped),
 *   2. the same blur vertically,
 *   3. a blend with the original image, cur = (cur * w + orig * (256 - w) + 128) >> 8,
 *      which keeps the picture from washing out,
 *   4. brightness and contrast on R, G and B (alpha kept):
 *      v = clamp(((v - 128) * c >> 7) + 128 + b, 0, 255), c and b varying per pass,
 * and after each pass the sum of all bytes joins the checksum; the final image is hashed
 * at the end. All arithmetic is on integers, so every build gives the same bytes.
 *
 * Built with -msimd128 (__wasm_simd128__ defined), each step uses wasm_simd128.h
 * intrinsics on 16 bytes at a time (u8 -> u16 widening, multiplies, shifts, saturating
 * narrowing, bitselect for the alpha lanes, pairwise widening adds for the sum);
 * otherwise the plain C loops below compute the same values byte by byte.
 * Size: the number of passes.
 */
#include "../src/bench.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define DEFAULT_N 400
#define SMALL_N 2
#define WANT_DEFAULT 0xb0d87141u
#define WANT_SMALL 0xffab7417u

#define W 512
#define H 384
#define ROW (W * 4) /* bytes per row */
#define IMG (ROW * H)

static uint8_t orig[IMG], cur[IMG], tmp[IMG];

static void make_image(void)
{
    rng_t r = {0x1234abcd5678ef01ull};
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t *p = orig + y * ROW + x * 4;
            /* gradients, a checkerboard, a disc and some noise */
            int g = ((x * 255) / (W - 1) + (y * 255) / (H - 1)) / 2;
            int chk = (((x >> 5) ^ (y >> 5)) & 1) ? 60 : -60;
            int dx = x - W / 2, dy = y - H / 2;
            int disc = dx * dx + dy * dy < 120 * 120 ? 90 : 0;
            int n = (int)(rng_u32(&r) & 63) - 32;
            int v[4] = {g + chk + n, 255 - g + disc + n / 2, (x ^ y) & 255, 128 + chk + disc / 2};
            for (int c = 0; c < 4; c++)
                p[c] = (uint8_t)(v[c] < 0 ? 0 : v[c] > 255 ? 255 : v[c]);
        }
}

static inline uint8_t blur5(int a, int b, int c, int d, int e)
{
    return (uint8_t)((a + 4 * b + 6 * c + 4 * d + e + 8) >> 4);
}

/* Horizontal blur of src into dst: neighbours are 4 bytes apart (same channel). */
static void hblur_edges(const uint8_t *s, uint8_t *d)
{
    /* pixels 0, 1, W-2, W-1 with clamped neighbours */
    static const int xs[4] = {0, 1, W - 2, W - 1};
    for (int i = 0; i < 4; i++) {
        int x = xs[i];
        int xm2 = x < 2 ? 0 : x - 2, xm1 = x < 1 ? 0 : x - 1;
        int xp1 = x + 1 > W - 1 ? W - 1 : x + 1, xp2 = x + 2 > W - 1 ? W - 1 : x + 2;
        for (int c = 0; c < 4; c++)
            d[x * 4 + c] = blur5(s[xm2 * 4 + c], s[xm1 * 4 + c], s[x * 4 + c],
                                 s[xp1 * 4 + c], s[xp2 * 4 + c]);
    }
}

static void hblur(const uint8_t *src, uint8_t *dst)
{
    for (int y = 0; y < H; y++) {
        const uint8_t *s = src + y * ROW;
        uint8_t *d = dst + y * ROW;
        hblur_edges(s, d);
        int i = 8; /* interior bytes: [8, ROW - 8) */
#ifdef __wasm_simd128__
        const v128_t eight = wasm_i16x8_splat(8);
        for (; i + 16 <= ROW - 8; i += 16) {
            v128_t a = wasm_v128_load(s + i - 8), b = wasm_v128_load(s + i - 4);
            v128_t c = wasm_v128_load(s + i), e = wasm_v128_load(s + i + 4);
            v128_t f = wasm_v128_load(s + i + 8);
            v128_t lo = wasm_i16x8_add(
                wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(a), wasm_u16x8_extend_low_u8x16(f)),
                wasm_i16x8_add(
                    wasm_i16x8_shl(wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(b),
                                                  wasm_u16x8_extend_low_u8x16(e)), 2),
                    wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(c), wasm_i16x8_splat(6))));
            v128_t hi = wasm_i16x8_add(
                wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(a), wasm_u16x8_extend_high_u8x16(f)),
                wasm_i16x8_add(
                    wasm_i16x8_shl(wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(b),
                                                  wasm_u16x8_extend_high_u8x16(e)), 2),
                    wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(c), wasm_i16x8_splat(6))));
            lo = wasm_u16x8_shr(wasm_i16x8_add(lo, eight), 4);
            hi = wasm_u16x8_shr(wasm_i16x8_add(hi, eight), 4);
            wasm_v128_store(d + i, wasm_u8x16_narrow_i16x8(lo, hi));
        }
#endif
        for (; i < ROW - 8; i++)
            d[i] = blur5(s[i - 8], s[i - 4], s[i], s[i + 4], s[i + 8]);
    }
}

/* Vertical blur of src into dst, rows clamped at the top and bottom. */
static void vblur(const uint8_t *src, uint8_t *dst)
{
    for (int y = 0; y < H; y++) {
        const uint8_t *r0 = src + (y < 2 ? 0 : y - 2) * ROW;
        const uint8_t *r1 = src + (y < 1 ? 0 : y - 1) * ROW;
        const uint8_t *r2 = src + y * ROW;
        const uint8_t *r3 = src + (y + 1 > H - 1 ? H - 1 : y + 1) * ROW;
        const uint8_t *r4 = src + (y + 2 > H - 1 ? H - 1 : y + 2) * ROW;
        uint8_t *d = dst + y * ROW;
        int i = 0;
#ifdef __wasm_simd128__
        const v128_t eight = wasm_i16x8_splat(8), six = wasm_i16x8_splat(6);
        for (; i + 16 <= ROW; i += 16) {
            v128_t a = wasm_v128_load(r0 + i), b = wasm_v128_load(r1 + i);
            v128_t c = wasm_v128_load(r2 + i), e = wasm_v128_load(r3 + i);
            v128_t f = wasm_v128_load(r4 + i);
            v128_t lo = wasm_i16x8_add(
                wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(a), wasm_u16x8_extend_low_u8x16(f)),
                wasm_i16x8_add(
                    wasm_i16x8_shl(wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(b),
                                                  wasm_u16x8_extend_low_u8x16(e)), 2),
                    wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(c), six)));
            v128_t hi = wasm_i16x8_add(
                wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(a), wasm_u16x8_extend_high_u8x16(f)),
                wasm_i16x8_add(
                    wasm_i16x8_shl(wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(b),
                                                  wasm_u16x8_extend_high_u8x16(e)), 2),
                    wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(c), six)));
            lo = wasm_u16x8_shr(wasm_i16x8_add(lo, eight), 4);
            hi = wasm_u16x8_shr(wasm_i16x8_add(hi, eight), 4);
            wasm_v128_store(d + i, wasm_u8x16_narrow_i16x8(lo, hi));
        }
#endif
        for (; i < ROW; i++)
            d[i] = blur5(r0[i], r1[i], r2[i], r3[i], r4[i]);
    }
}

/* img = (img * w + ref * (256 - w) + 128) >> 8, 0 <= w <= 256 */
static void blend(uint8_t *img, const uint8_t *ref, int w)
{
    int i = 0;
#ifdef __wasm_simd128__
    const v128_t vw = wasm_i16x8_splat((int16_t)w), vw2 = wasm_i16x8_splat((int16_t)(256 - w));
    const v128_t half = wasm_i16x8_splat(128);
    for (; i + 16 <= IMG; i += 16) {
        v128_t a = wasm_v128_load(img + i), b = wasm_v128_load(ref + i);
        /* at most 255 * 256 + 128 = 65408: exact in unsigned 16-bit lanes */
        v128_t lo = wasm_i16x8_add(wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(a), vw),
                                                  wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(b), vw2)),
                                   half);
        v128_t hi = wasm_i16x8_add(wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(a), vw),
                                                  wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(b), vw2)),
                                   half);
        wasm_v128_store(img + i, wasm_u8x16_narrow_i16x8(wasm_u16x8_shr(lo, 8), wasm_u16x8_shr(hi, 8)));
    }
#endif
    for (; i < IMG; i++)
        img[i] = (uint8_t)((img[i] * w + ref[i] * (256 - w) + 128) >> 8);
}

/* R, G, B: v = clamp(((v - 128) * c >> 7) + 128 + b, 0, 255), 64 <= c <= 255,
 * -64 <= b <= 64; alpha unchanged. (>> of a negative int is arithmetic in gcc and clang.) */
static void tone(uint8_t *img, int c, int b)
{
    int i = 0;
#ifdef __wasm_simd128__
    const v128_t vc = wasm_i16x8_splat((int16_t)c), off = wasm_i16x8_splat((int16_t)(128 + b));
    const v128_t k128 = wasm_i16x8_splat(128);
    const v128_t alpha = wasm_i32x4_splat((int32_t)0xff000000u); /* byte 3 of each pixel */
    for (; i + 16 <= IMG; i += 16) {
        v128_t v = wasm_v128_load(img + i);
        /* (v - 128) * c is within [-128 * 255, 127 * 255]: fits signed 16-bit lanes */
        v128_t lo = wasm_i16x8_mul(wasm_i16x8_sub(wasm_u16x8_extend_low_u8x16(v), k128), vc);
        v128_t hi = wasm_i16x8_mul(wasm_i16x8_sub(wasm_u16x8_extend_high_u8x16(v), k128), vc);
        lo = wasm_i16x8_add(wasm_i16x8_shr(lo, 7), off);
        hi = wasm_i16x8_add(wasm_i16x8_shr(hi, 7), off);
        v128_t t = wasm_u8x16_narrow_i16x8(lo, hi); /* saturates: the clamp to 0..255 */
        wasm_v128_store(img + i, wasm_v128_bitselect(v, t, alpha));
    }
#endif
    for (; i < IMG; i++) {
        if ((i & 3) == 3)
            continue;
        int v = (((int)img[i] - 128) * c >> 7) + 128 + b;
        img[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

static uint32_t byte_sum(const uint8_t *img)
{
    uint32_t s = 0;
    int i = 0;
#ifdef __wasm_simd128__
    v128_t acc = wasm_i32x4_splat(0);
    for (; i + 16 <= IMG; i += 16)
        acc = wasm_i32x4_add(acc, wasm_u32x4_extadd_pairwise_u16x8(
                                      wasm_u16x8_extadd_pairwise_u8x16(wasm_v128_load(img + i))));
    s = wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) +
        wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3);
#endif
    for (; i < IMG; i++)
        s += img[i];
    return s;
}

int main(int argc, char **argv)
{
    long passes = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    make_image();
    memcpy(cur, orig, IMG);
    uint32_t h = 0;
    rng_t r = {0x9e3779b97f4a7c15ull};
    for (long p = 0; p < passes; p++) {
        hblur(cur, tmp);
        vblur(tmp, cur);
        int w = 128 + (int)(rng_u32(&r) % 97);     /* 128..224 */
        int c = 120 + (int)(rng_u32(&r) % 41);     /* contrast 120/128 .. 160/128 */
        int b = (int)(rng_u32(&r) % 33) - 16;      /* brightness -16..16 */
        blend(cur, orig, w);
        tone(cur, c, b);
        h = mix32(h, byte_sum(cur));
    }
    for (int i = 0; i < IMG; i += 4) {
        uint32_t px;
        memcpy(&px, cur + i, 4);
        h = mix32(h, px);
    }
    return bench_finish(h, passes, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
