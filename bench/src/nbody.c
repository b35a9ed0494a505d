/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * nbody — double-precision floating point: a gravitational N-body simulation with a
 * symplectic Euler integrator over a generated system of 32 bodies (one heavy central
 * body and lighter ones on roughly circular orbits). Uses +, -, *, / and sqrt only, so
 * every conforming engine must produce bit-identical results.
 * Size: the number of time steps, in hundreds.
 */
#include <math.h>

#include "bench.h"

#define DEFAULT_N 3260
#define SMALL_N 1
#define WANT_DEFAULT 0xb2e7f3c8u
#define WANT_SMALL 0x8e79e4e0u

#define NB 32

typedef struct {
    double x, y, z, vx, vy, vz, m;
} body;

static body B[NB];

static void make_system(void)
{
    rng_t r = {0x9e3779b97f4a7c15ull};
    B[0] = (body){0, 0, 0, 0, 0, 0, 1000.0};
    for (int i = 1; i < NB; i++) {
        double radius = 5.0 + 40.0 * rng_double(&r);
        /* A point on a circle in a slightly tilted plane; the angle from a rational
         * parametrisation of the circle so that no trigonometry is needed. */
        double t = 4.0 * rng_double(&r) - 2.0;
        double c = (1 - t * t) / (1 + t * t), s = 2 * t / (1 + t * t);
        double tilt = 0.05 * (rng_double(&r) - 0.5);
        double speed = sqrt(B[0].m / radius);
        B[i].x = radius * c;
        B[i].y = radius * s;
        B[i].z = radius * tilt;
        B[i].vx = -speed * s;
        B[i].vy = speed * c;
        B[i].vz = 0.01 * (rng_double(&r) - 0.5);
        B[i].m = 0.001 + 0.01 * rng_double(&r);
    }
    /* Move to the centre-of-momentum frame. */
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < NB; i++) {
        px += B[i].vx * B[i].m;
        py += B[i].vy * B[i].m;
        pz += B[i].vz * B[i].m;
    }
    B[0].vx -= px / B[0].m;
    B[0].vy -= py / B[0].m;
    B[0].vz -= pz / B[0].m;
}

static void step(double dt)
{
    for (int i = 0; i < NB; i++) {
        body *a = &B[i];
        for (int j = i + 1; j < NB; j++) {
            body *b = &B[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            double d2 = dx * dx + dy * dy + dz * dz + 1e-9;
            double mag = dt / (d2 * sqrt(d2));
            double ma = a->m * mag, mb = b->m * mag;
            a->vx -= dx * mb;
            a->vy -= dy * mb;
            a->vz -= dz * mb;
            b->vx += dx * ma;
            b->vy += dy * ma;
            b->vz += dz * ma;
        }
    }
    for (int i = 0; i < NB; i++) {
        B[i].x += dt * B[i].vx;
        B[i].y += dt * B[i].vy;
        B[i].z += dt * B[i].vz;
    }
}

static double energy(void)
{
    double e = 0;
    for (int i = 0; i < NB; i++) {
        e += 0.5 * B[i].m * (B[i].vx * B[i].vx + B[i].vy * B[i].vy + B[i].vz * B[i].vz);
        for (int j = i + 1; j < NB; j++) {
            double dx = B[i].x - B[j].x, dy = B[i].y - B[j].y, dz = B[i].z - B[j].z;
            e -= B[i].m * B[j].m / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    make_system();
    double e0 = energy();
    uint32_t h = mixf64(0, e0);
    for (long s = 0; s < n * 100; s++) {
        step(0.001);
        if (s % 1000 == 999)
            h = mixf64(h, energy());
    }
    double e1 = energy();
    h = mixf64(h, e1);
    for (int i = 0; i < NB; i++)
        h = mixf64(mixf64(h, B[i].x), B[i].vy);
    /* Sanity: a symplectic integrator keeps the energy close to where it started. */
    if (!(fabs((e1 - e0) / e0) < 0.05)) {
        printf("checksum mismatch: energy drifted from %.9g to %.9g\n", e0, e1);
        return 1;
    }
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
