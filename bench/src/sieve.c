/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * sieve — bit manipulation and strided memory writes: the sieve of Eratosthenes over odd
 * numbers only, one bit per odd number in 32-bit words, then a pass counting primes with
 * a bit-population count, summing them and checking a few known prime counts
 * (pi(10^k)) along the way.
 * Size: the limit, in thousands.
 */
#include "bench.h"

#define DEFAULT_N 270000
#define SMALL_N 100
#define WANT_DEFAULT 0x4f32a0c8u
#define WANT_SMALL 0xe96feb4bu

static inline int popcount32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (int)((x * 0x01010101u) >> 24);
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    uint32_t limit = (uint32_t)n * 1000; /* sieve the numbers < limit */
    /* bit i stands for the odd number 2i+1; a set bit means composite */
    uint32_t nbits = limit / 2, nwords = nbits / 32 + 1;
    uint32_t *bits = bench_alloc((size_t)nwords * 4);
    memset(bits, 0, (size_t)nwords * 4);
    bits[0] |= 1; /* 1 is not prime */
    for (uint32_t p = 3; (uint64_t)p * p < limit; p += 2) {
        uint32_t i = p / 2;
        if (bits[i >> 5] & (1u << (i & 31)))
            continue;
        for (uint32_t j = (p * p) / 2; j < nbits; j += p)
            bits[j >> 5] |= 1u << (j & 31);
    }
    /* Bits past nbits are not numbers below the limit: mark them composite. */
    for (uint32_t j = nbits; j < nwords * 32; j++)
        bits[j >> 5] |= 1u << (j & 31);

    static const uint32_t pi_known[][2] = {{10, 4},          {100, 25},
                                           {1000, 168},      {10000, 1229},
                                           {100000, 9592},   {1000000, 78498},
                                           {10000000, 664579}, {100000000, 5761455}};
    uint32_t count = limit > 2 ? 1 : 0; /* the prime 2 */
    uint64_t sum = limit > 2 ? 2 : 0;
    uint32_t h = 0, last = 2;
    int next_known = 0;
    for (uint32_t w = 0; w < nwords; w++) {
        /* Check pi(10^k) when the word boundary passes 10^k: count the primes below it
         * in this word first. */
        while (next_known < 8 && pi_known[next_known][0] <= limit &&
               pi_known[next_known][0] <= (w + 1) * 64) {
            uint32_t lim = pi_known[next_known][0], c = count;
            for (uint32_t b = 0; b < 32 && w * 64 + 2 * b + 1 < lim; b++)
                c += !(bits[w] & (1u << b));
            if (c != pi_known[next_known][1]) {
                printf("checksum mismatch: pi(%u) = %u, want %u\n", (unsigned)lim,
                       (unsigned)c, (unsigned)pi_known[next_known][1]);
                return 1;
            }
            next_known++;
        }
        uint32_t primes = ~bits[w];
        count += (uint32_t)popcount32(primes);
        while (primes) {
            int b = 0;
            while (!(primes & (1u << b)))
                b++;
            primes &= primes - 1;
            last = w * 64 + 2 * (uint32_t)b + 1;
            sum += last;
        }
        if ((w & 4095) == 4095)
            h = mix32(h, count);
    }
    h = mix32(mix64(mix32(h, count), sum), last);
    free(bits);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
