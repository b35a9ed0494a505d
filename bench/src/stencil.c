/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * stencil — 2-D loops over arrays: Jacobi iteration of the heat equation on a 512 x 512
 * grid of doubles with fixed hot and cold boundary segments and a few internal heat
 * sources, 5-point stencil, two buffers swapped each step. Every 64 steps the change
 * between steps (a residual) is folded into the checksum.
 * Size: the number of steps.
 */
#include "bench.h"

#define DEFAULT_N 2600
#define SMALL_N 4
#define WANT_DEFAULT 0xd1b2398bu
#define WANT_SMALL 0x5c419ff1u

#define G 512

static void set_boundary(double *u)
{
    for (int i = 0; i < G; i++) {
        u[i] = i < G / 2 ? 100.0 : 0.0;          /* top: half hot */
        u[(G - 1) * G + i] = 0.0;                /* bottom: cold */
        u[i * G] = 50.0 * (double)i / G;         /* left: a ramp */
        u[i * G + G - 1] = i % 64 < 32 ? 25.0 : 75.0; /* right: stripes */
    }
}

static double sweep(const double *u, double *v)
{
    double change = 0;
    for (int y = 1; y < G - 1; y++) {
        const double *up = u + (y - 1) * G, *mid = u + y * G, *dn = u + (y + 1) * G;
        double *out = v + y * G;
        for (int x = 1; x < G - 1; x++) {
            double nv = 0.25 * (up[x] + dn[x] + mid[x - 1] + mid[x + 1]);
            double d = nv - mid[x];
            change += d < 0 ? -d : d;
            out[x] = nv;
        }
    }
    /* Internal sources held at fixed temperatures. */
    v[100 * G + 100] = 200.0;
    v[300 * G + 400] = -50.0;
    v[400 * G + 150] = 120.0;
    return change;
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    double *u = bench_alloc(G * G * sizeof *u);
    double *v = bench_alloc(G * G * sizeof *v);
    memset(u, 0, G * G * sizeof *u);
    set_boundary(u);
    memcpy(v, u, G * G * sizeof *u);
    uint32_t h = 0;
    for (long s = 0; s < n; s++) {
        double change = sweep(u, v);
        if (s % 64 == 63 || s == n - 1)
            h = mixf64(h, change);
        double *t = u;
        u = v;
        v = t;
    }
    for (int y = 0; y < G; y += 37) {
        double row = 0;
        for (int x = 0; x < G; x++)
            row += u[y * G + x];
        h = mixf64(h, row);
    }
    free(u);
    free(v);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
