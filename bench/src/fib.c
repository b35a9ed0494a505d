/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fib — call-heavy recursion: the naive doubly recursive Fibonacci function, plus a
 * three-argument recursive function (Takeuchi's tak) to vary the call signature.
 * Size: n for fib(n); tak runs with arguments derived from n.
 */
#include "bench.h"

#define DEFAULT_N 42
#define SMALL_N 18
#define WANT_DEFAULT 0x9e543734u
#define WANT_SMALL 0x39fae8f0u

static uint32_t fib(uint32_t n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

static int tak(int x, int y, int z)
{
    if (y >= x)
        return z;
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    uint32_t h = 0;
    /* fib(n) dominates; the smaller ones add a little variety to the checksum. */
    for (long i = n - 3; i <= n; i++)
        h = mix32(h, fib((uint32_t)i));
    int t = (int)(n / 2);
    h = mix32(h, (uint32_t)tak(t, t / 2, t / 4));
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
