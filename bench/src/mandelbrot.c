/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * mandelbrot — double-precision arithmetic in a tight, data-dependent loop: the escape
 * time of each point of a W x W grid over [-2, 0.6] x [-1.3, 1.3], at most 200
 * iterations per point. Checksum: the iteration counts, row by row.
 * Size: W, the grid width in points.
 */
#include "bench.h"

#define DEFAULT_N 2240
#define SMALL_N 40
#define WANT_DEFAULT 0xc6ee3547u
#define WANT_SMALL 0xac1e3ab2u

#define MAX_ITER 200

static int escape(double cr, double ci)
{
    double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
    int k = 0;
    while (k < MAX_ITER && zr2 + zi2 <= 4.0) {
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr;
        zi2 = zi * zi;
        k++;
    }
    return k;
}

int main(int argc, char **argv)
{
    long w = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    double scale = 2.6 / (double)w;
    uint32_t h = 0, inside = 0;
    uint64_t total = 0;
    for (long y = 0; y < w; y++) {
        uint32_t row = 0;
        double ci = -1.3 + (double)y * scale;
        for (long x = 0; x < w; x++) {
            int k = escape(-2.0 + (double)x * scale, ci);
            row = row * 31u + (uint32_t)k;
            total += (uint64_t)k;
            inside += k == MAX_ITER;
        }
        h = mix32(h, row);
    }
    h = mix32(mix64(h, total), inside);
    return bench_finish(h, w, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
