/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * ackermann — deep, call-heavy recursion: the Ackermann function A(m, n) for m = 1..3.
 * A(3, n) recurses about 2^(n+3) frames deep (kept under 2100 here so that every engine's
 * default call stack suffices) and makes about 4^(n+1) calls.
 * Size: the number of rounds; each round evaluates A(3, k) for k = 4..8 and a few
 * A(2, k) and A(1, k).
 */
#include "bench.h"

#define DEFAULT_N 470
#define SMALL_N 1
#define WANT_DEFAULT 0x7d45ef3bu
#define WANT_SMALL 0x75616175u

static uint32_t ack(uint32_t m, uint32_t n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

int main(int argc, char **argv)
{
    long rounds = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    uint32_t h = 0;
    for (long r = 0; r < rounds; r++) {
        uint32_t k0 = (uint32_t)(r % 3); /* varies the arguments from round to round */
        for (uint32_t k = 4; k <= 8; k++)
            h = mix32(h, ack(3, k - (k == 8 ? k0 % 2 : 0)));
        for (uint32_t k = 100; k < 110; k++)
            h = mix32(h, ack(2, k + k0));
        h = mix32(h, ack(1, 1000 + k0));
    }
    return bench_finish(h, rounds, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
