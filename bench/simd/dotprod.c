/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * dotprod — dense dot products in two flavours, per round:
 *   1. an f32 matrix product C = A * B (N = 128, i-k-j order), written as plain C for
 *      the compiler to auto-vectorize with -msimd128 (f32x4 multiply-add of B's rows
 *      into C's row), then f32 dot products of C's rows with a vector, with four
 *      partial sums in f32x4 lanes (intrinsics) or one running sum (scalar);
 *   2. a quantized int16 "neural" layer stack: four 256 x 256 layers, each output
 *      y[m] = clamp((sum_k W[m][k] * x[k] + bias[m]) >> 11, -127, 127) for a batch of
 *      eight vectors, the sums with i32x4.dot_i16x8_s (intrinsics) or int32 scalar code.
 * The f32 data are small integers (|a|, |b| <= 8, so every product and partial sum is an
 * integer below 2^24 and exact), hence the order of summation cannot change any result:
 * native, scalar wasm and SIMD wasm agree bit for bit. A is rebuilt from C each round
 * (C's low bits) and the layer input from the previous round's outputs, so rounds chain.
 * Size: the number of rounds.
 */
#include "../src/bench.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define DEFAULT_N 900
#define SMALL_N 2
#define WANT_DEFAULT 0x7c7750fdu
#define WANT_SMALL 0x67c06f55u

#define N 128     /* f32 matrices N x N */
#define K 256     /* int16 layer width */
#define LAYERS 4
#define BATCH 8

static float A[N][N], B[N][N], C[N][N], v[N];
static int16_t Wt[LAYERS][K][K];
static int32_t bias[LAYERS][K];
static int16_t act[2][BATCH][K];

/* ---- f32 */

static void matmul(float (*restrict c)[N], const float (*restrict a)[N],
                   const float (*restrict b)[N])
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++)
            c[i][j] = 0.0f;
        for (int k = 0; k < N; k++) {
            float aik = a[i][k];
            for (int j = 0; j < N; j++)
                c[i][j] += aik * b[k][j];
        }
    }
}

static float dot_f32(const float *x, const float *y, int n)
{
    int i = 0;
    float s = 0.0f;
#ifdef __wasm_simd128__
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (; i + 4 <= n; i += 4)
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(x + i), wasm_v128_load(y + i)));
    s = (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
        (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
#endif
    for (; i < n; i++)
        s += x[i] * y[i];
    return s;
}

/* ---- int16 */

static int32_t dot_i16(const int16_t *x, const int16_t *y)
{
#ifdef __wasm_simd128__
    v128_t acc0 = wasm_i32x4_splat(0), acc1 = wasm_i32x4_splat(0);
    for (int i = 0; i < K; i += 16) {
        acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(wasm_v128_load(x + i),
                                                         wasm_v128_load(y + i)));
        acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(wasm_v128_load(x + i + 8),
                                                         wasm_v128_load(y + i + 8)));
    }
    acc0 = wasm_i32x4_add(acc0, acc1);
    return wasm_i32x4_extract_lane(acc0, 0) + wasm_i32x4_extract_lane(acc0, 1) +
           wasm_i32x4_extract_lane(acc0, 2) + wasm_i32x4_extract_lane(acc0, 3);
#else
    int32_t s = 0;
    for (int i = 0; i < K; i++)
        s += (int32_t)x[i] * y[i];
    return s;
#endif
}

/* One layer: out[b] = act(W * in[b] + bias) for each batch vector b. */
static void layer(int l, int16_t (*out)[K], int16_t (*in)[K])
{
    for (int m = 0; m < K; m++) {
        const int16_t *w = Wt[l][m];
        for (int b = 0; b < BATCH; b++) {
            int32_t t = (dot_i16(w, in[b]) + bias[l][m]) >> 11; /* arithmetic shift */
            out[b][m] = (int16_t)(t < -127 ? -127 : t > 127 ? 127 : t);
        }
    }
}

int main(int argc, char **argv)
{
    long rounds = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    rng_t r = {0x0ddc0ffee15badull};
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            A[i][j] = (float)((int)(rng_u32(&r) % 17) - 8);
            B[i][j] = (float)((int)(rng_u32(&r) % 17) - 8);
        }
        v[i] = (float)((int)(rng_u32(&r) % 17) - 8);
    }
    for (int l = 0; l < LAYERS; l++)
        for (int m = 0; m < K; m++) {
            for (int k = 0; k < K; k++)
                Wt[l][m][k] = (int16_t)((int)(rng_u32(&r) % 255) - 127);
            bias[l][m] = (int32_t)(rng_u32(&r) % 8192) - 4096;
        }
    for (int b = 0; b < BATCH; b++)
        for (int k = 0; k < K; k++)
            act[0][b][k] = (int16_t)((int)(rng_u32(&r) % 255) - 127);

    uint32_t h = 0;
    for (long round = 0; round < rounds; round++) {
        /* f32: C = A * B; dot products of C's rows with v; A from C's low bits */
        matmul(C, (const float (*)[N])A, (const float (*)[N])B);
        for (int i = 0; i < N; i++) {
            float d = dot_f32(C[i], v, N);
            h = mix32(h, (uint32_t)(int32_t)d);
        }
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                A[i][j] = (float)((((int32_t)C[i][j] + i + (int32_t)round) & 15) - 8);

        /* int16: the layer stack, its output the next round's input */
        int cur = 0;
        for (int l = 0; l < LAYERS; l++) {
            layer(l, act[cur ^ 1], act[cur]);
            cur ^= 1;
        }
        if (cur != 0)
            memcpy(act[0], act[cur], sizeof act[0]);
        uint32_t s = 0;
        for (int b = 0; b < BATCH; b++)
            for (int k = 0; k < K; k++)
                s = s * 31u + (uint16_t)act[0][b][k];
        h = mix32(h, s);
        /* perturb one input so that the stack cannot settle on a fixed point */
        act[0][round % BATCH][(round * 7) % K] ^= 0x55;
    }
    return bench_finish(h, rounds, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
