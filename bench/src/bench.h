/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * bench.h — shared helpers for the minwasm benchmark programs (header-only, libc only).
 *
 * Every program takes one optional argument:
 *     (none) or "default"   the default size (about 0.5 s natively with gcc -O2)
 *     "small"               the smoke-test size (a few milliseconds natively)
 *     N                     any positive integer size (checksum printed, not verified)
 * It prints exactly one line "checksum: <8 hex digits>" and exits 0, or prints
 * "checksum mismatch ..." and exits 1 when the checksum of a known size is wrong.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parse argv[1]. */
static inline long bench_size(int argc, char **argv, long def, long small)
{
    if (argc < 2 || strcmp(argv[1], "default") == 0)
        return def;
    if (strcmp(argv[1], "small") == 0)
        return small;
    char *end;
    long v = strtol(argv[1], &end, 10);
    if (end == argv[1] || *end != '\0' || v <= 0) {
        fprintf(stderr, "usage: %s [small|default|N]  (N a positive integer)\n", argv[0]);
        exit(2);
    }
    return v;
}

/* Check the checksum when n is one of the two known sizes, then print it. */
static inline int bench_finish(uint32_t sum, long n, long def, uint32_t want_def, long small,
                        uint32_t want_small)
{
    int known = (n == def) || (n == small);
    uint32_t want = n == def ? want_def : want_small;
    if (known && sum != want) {
        printf("checksum mismatch: got %08x, expected %08x (size %ld)\n", (unsigned)sum,
               (unsigned)want, n);
        return 1;
    }
    printf("checksum: %08x\n", (unsigned)sum);
    return 0;
}

/* Checksum accumulation: a cheap, order-sensitive 32-bit mix. */
static inline uint32_t mix32(uint32_t h, uint32_t v)
{
    h ^= v;
    h *= 0x9e3779b1u;
    h ^= h >> 15;
    return h;
}

static inline uint32_t mix64(uint32_t h, uint64_t v)
{
    return mix32(mix32(h, (uint32_t)v), (uint32_t)(v >> 32));
}

static inline uint32_t mixf64(uint32_t h, double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return mix64(h, bits);
}

/* Deterministic pseudo-random numbers (xorshift64*); never seed with 0. */
typedef struct { uint64_t s; } rng_t;

static inline uint64_t rng_next(rng_t *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545f4914f6cdd1dull;
}

static inline uint32_t rng_u32(rng_t *r) { return (uint32_t)(rng_next(r) >> 32); }

/* Uniform double in [0, 1) from 53 random bits. */
static inline double rng_double(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline void *bench_alloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "out of memory (%zu bytes)\n", n);
        exit(3);
    }
    return p;
}

#endif
