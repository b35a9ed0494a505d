/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fannkuch — small-array permutation work: for permutations of 0..11 in the order of
 * the classic counting scheme (rotate the first r elements, count down), flip the
 * prefix of length perm[0]+1 until 0 comes first, and track the maximum number of flips
 * and an alternating-sign checksum of flip counts. A full run for n = 7 is checked
 * against its known result (checksum 228, maximum 16 flips) first.
 * Size: the number of permutations visited, in thousands (at most 12!/1000).
 */
#include "bench.h"

#define DEFAULT_N 12500
#define SMALL_N 5
#define WANT_DEFAULT 0xc0170a45u
#define WANT_SMALL 0xb14a8bc0u

#define MAXN 16

/* Visits at most `limit` permutations of 0..n-1. Returns how many were visited. */
static uint64_t fannkuch(int n, uint64_t limit, int32_t *checksum, int *maxflips)
{
    int perm1[MAXN], perm[MAXN], count[MAXN];
    for (int i = 0; i < n; i++)
        perm1[i] = i;
    int r = n, sign = 1, maxf = 0;
    int32_t sum = 0;
    uint64_t visited = 0;
    for (;;) {
        if (visited == limit)
            break;
        for (; r != 1; r--)
            count[r - 1] = r;
        int first = perm1[0];
        if (first != 0) {
            for (int i = 1; i < n; i++)
                perm[i] = perm1[i];
            int flips = 0;
            int k = first;
            do { /* reverse perm[0..k], with perm[0] held in `k` */
                int lo = 1, hi = k - 1;
                while (lo < hi) {
                    int t = perm[lo];
                    perm[lo++] = perm[hi];
                    perm[hi--] = t;
                }
                flips++;
                int next = perm[k];
                perm[k] = k;
                k = next;
            } while (k != 0);
            if (flips > maxf)
                maxf = flips;
            sum += sign * flips;
        }
        visited++;
        sign = -sign;
        /* Next permutation: rotate the first r+1 elements left until a counter is left. */
        for (;;) {
            if (r == n) {
                *checksum = sum;
                *maxflips = maxf;
                return visited;
            }
            int p0 = perm1[0];
            for (int i = 0; i < r; i++)
                perm1[i] = perm1[i + 1];
            perm1[r] = p0;
            if (--count[r] > 0)
                break;
            r++;
        }
    }
    *checksum = sum;
    *maxflips = maxf;
    return visited;
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    int32_t sum;
    int maxf;
    if (fannkuch(7, UINT64_MAX, &sum, &maxf) != 5040 || sum != 228 || maxf != 16) {
        printf("checksum mismatch: fannkuch(7) gave %d, %d (want 228, 16)\n", (int)sum, maxf);
        return 1;
    }
    uint64_t visited = fannkuch(12, (uint64_t)n * 1000, &sum, &maxf);
    uint32_t h = mix32(mix32(mix64(0, visited), (uint32_t)sum), (uint32_t)maxf);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
