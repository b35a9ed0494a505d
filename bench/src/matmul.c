/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * matmul — memory and loop nests: C = A x B for N x N double matrices, computed once
 * in the cache-friendly i-k-j order and once blocked (tiles of 32), and the two results
 * compared exactly (both orders add the same products in the same order per element).
 * Size: N.
 */
#include "bench.h"

#define DEFAULT_N 870
#define SMALL_N 24
#define WANT_DEFAULT 0x45870914u
#define WANT_SMALL 0x469ed39fu

#define TILE 32

static void mul_ikj(long n, const double *a, const double *b, double *c)
{
    memset(c, 0, (size_t)(n * n) * sizeof *c);
    for (long i = 0; i < n; i++)
        for (long k = 0; k < n; k++) {
            double aik = a[i * n + k];
            const double *brow = b + k * n;
            double *crow = c + i * n;
            for (long j = 0; j < n; j++)
                crow[j] += aik * brow[j];
        }
}

static void mul_tiled(long n, const double *a, const double *b, double *c)
{
    memset(c, 0, (size_t)(n * n) * sizeof *c);
    for (long kk = 0; kk < n; kk += TILE)
        for (long ii = 0; ii < n; ii += TILE)
            for (long jj = 0; jj < n; jj += TILE) {
                long ie = ii + TILE < n ? ii + TILE : n;
                long ke = kk + TILE < n ? kk + TILE : n;
                long je = jj + TILE < n ? jj + TILE : n;
                for (long i = ii; i < ie; i++)
                    for (long k = kk; k < ke; k++) {
                        double aik = a[i * n + k];
                        for (long j = jj; j < je; j++)
                            c[i * n + j] += aik * b[k * n + j];
                    }
            }
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    size_t nn = (size_t)(n * n);
    double *a = bench_alloc(nn * sizeof *a);
    double *b = bench_alloc(nn * sizeof *b);
    double *c1 = bench_alloc(nn * sizeof *c1);
    double *c2 = bench_alloc(nn * sizeof *c2);
    rng_t r = {0xdeadbeefcafef00dull};
    for (size_t i = 0; i < nn; i++) {
        a[i] = rng_double(&r) - 0.5;
        b[i] = rng_double(&r) * 2.0 - 1.0;
    }
    mul_ikj(n, a, b, c1);
    mul_tiled(n, a, b, c2);
    if (memcmp(c1, c2, nn * sizeof *c1) != 0) {
        printf("checksum mismatch: blocked and plain products differ\n");
        return 1;
    }
    uint32_t h = 0;
    for (long i = 0; i < n; i++) {
        double row = 0;
        for (long j = 0; j < n; j++)
            row += c1[i * n + j] * (double)(j + 1);
        h = mixf64(h, row);
    }
    h = mixf64(h, c1[nn - 1]);
    free(a);
    free(b);
    free(c1);
    free(c2);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
