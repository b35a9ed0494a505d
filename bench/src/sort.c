/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * sort — comparisons, swaps and unpredictable branches over an array: a generated array
 * of 32-bit keys sorted three ways — quicksort (median of three, insertion sort for
 * short ranges, recursion on the smaller side), heapsort, and a bottom-up merge sort —
 * and the three results compared.
 * Size: the number of elements, in thousands.
 */
#include "bench.h"

#define DEFAULT_N 2000
#define SMALL_N 4
#define WANT_DEFAULT 0x93d0c784u
#define WANT_SMALL 0x20325ff8u

typedef uint32_t key;

static void insertion(key *a, long n)
{
    for (long i = 1; i < n; i++) {
        key x = a[i];
        long j = i;
        while (j > 0 && a[j - 1] > x) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
}

static inline void swap(key *a, long i, long j)
{
    key t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void quicksort(key *a, long n)
{
    while (n > 16) {
        long m = n / 2;
        if (a[m] < a[0]) swap(a, m, 0);
        if (a[n - 1] < a[0]) swap(a, n - 1, 0);
        if (a[n - 1] < a[m]) swap(a, n - 1, m);
        key p = a[m];
        long i = 0, j = n - 1;
        for (;;) { /* Hoare partition */
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j) break;
            swap(a, i, j);
            i++;
            j--;
        }
        long left = j + 1; /* [0, left) <= p <= [left, n) */
        if (left < n - left) {
            quicksort(a, left);
            a += left;
            n -= left;
        } else {
            quicksort(a + left, n - left);
            n = left;
        }
    }
    insertion(a, n);
}

static void sift_down(key *a, long root, long n)
{
    key x = a[root];
    for (;;) {
        long c = 2 * root + 1;
        if (c >= n) break;
        if (c + 1 < n && a[c + 1] > a[c]) c++;
        if (a[c] <= x) break;
        a[root] = a[c];
        root = c;
    }
    a[root] = x;
}

static void heapsort(key *a, long n)
{
    for (long i = n / 2 - 1; i >= 0; i--)
        sift_down(a, i, n);
    for (long end = n - 1; end > 0; end--) {
        swap(a, 0, end);
        sift_down(a, 0, end);
    }
}

/* Bottom-up merge sort; tmp has room for n keys. Returns the buffer holding the result. */
static key *mergesort(key *a, key *tmp, long n)
{
    key *src = a, *dst = tmp;
    for (long width = 1; width < n; width *= 2) {
        for (long lo = 0; lo < n; lo += 2 * width) {
            long mid = lo + width < n ? lo + width : n;
            long hi = lo + 2 * width < n ? lo + 2 * width : n;
            long i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = src[j] < src[i] ? src[j++] : src[i++];
            while (i < mid) dst[k++] = src[i++];
            while (j < hi) dst[k++] = src[j++];
        }
        key *t = src;
        src = dst;
        dst = t;
    }
    return src;
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N) * 1000;
    key *orig = bench_alloc((size_t)n * sizeof(key));
    key *q = bench_alloc((size_t)n * sizeof(key));
    key *hp = bench_alloc((size_t)n * sizeof(key));
    key *m = bench_alloc((size_t)n * sizeof(key));
    key *tmp = bench_alloc((size_t)n * sizeof(key));
    rng_t r = {0x0123456789abcdefull};
    for (long i = 0; i < n; i++) {
        uint32_t x = rng_u32(&r);
        /* Some runs of duplicates and some presorted stretches. */
        if (i % 1000 < 50) x = (uint32_t)i;
        else if (i % 7 == 0) x &= 0xff;
        orig[i] = x;
    }
    memcpy(q, orig, (size_t)n * sizeof(key));
    memcpy(hp, orig, (size_t)n * sizeof(key));
    memcpy(m, orig, (size_t)n * sizeof(key));
    quicksort(q, n);
    heapsort(hp, n);
    key *ms = mergesort(m, tmp, n);
    uint32_t h = 0;
    for (long i = 0; i < n; i++) {
        if (q[i] != hp[i] || q[i] != ms[i] || (i > 0 && q[i - 1] > q[i])) {
            printf("checksum mismatch: sorts disagree at index %ld\n", i);
            return 1;
        }
        if ((i & 1023) == 0) h = mix32(h, q[i]);
    }
    h = mix32(h, q[n - 1]);
    free(orig); free(q); free(hp); free(m); free(tmp);
    return bench_finish(h, n / 1000, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
