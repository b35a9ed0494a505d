/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* randloop.c — random_get of 64 KiB in an endless loop, printing the call count: fuel
 * must bound the bytes random_get fills, not only the calls (for --fuel). */
#include <stdio.h>
#include "guest.h"

int main(void)
{
    static unsigned char buf[65536];
    for (int i = 1;; i++) {
        raw_random_get(P(buf), (int32_t)sizeof buf);
        printf("%d\n", i);
        fflush(stdout);
    }
}
