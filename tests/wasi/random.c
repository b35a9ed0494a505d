/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* random.c — random_get fills buffers with bytes that are not all zero and differ. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "guest.h"

int main(void)
{
    static unsigned char big[100000];   /* static: wasm-ld's default stack is 64 KiB */
    unsigned char a[64], b[64], zero[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    memset(zero, 0, sizeof zero);
    check(getentropy(a, sizeof a) == 0, "getentropy(64) succeeds");
    check(getentropy(b, sizeof b) == 0, "getentropy(64) succeeds again");
    check(memcmp(a, zero, sizeof a) != 0, "random bytes are not all zero");
    check(memcmp(a, b, sizeof a) != 0, "two calls give different bytes");
    memset(big, 0, sizeof big);
    check(raw_random_get(P(big), (int32_t)sizeof big) == 0, "random_get of 100000 bytes");
    int zeros = 0;
    for (size_t i = sizeof big - 1000; i < sizeof big; i++)
        zeros += big[i] == 0;
    check(zeros < 50, "the end of a large buffer is filled too");
    return finish();
}
