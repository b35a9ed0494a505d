/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* alloc.c — allocate up to 64 MiB in 1 MiB blocks, touching each; print how many
 * succeeded (for --max-memory). The blocks are kept and read back, so that the compiler
 * cannot drop the allocations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *blocks[64];

int main(void)
{
    int n = 0;
    for (int i = 0; i < 64; i++) {
        blocks[i] = malloc(1 << 20);
        if (blocks[i] == NULL)
            break;
        memset(blocks[i], i + 1, 1 << 20);
        n++;
    }
    long sum = 0;
    for (int i = 0; i < n; i++)
        sum += blocks[i][i * 4096];
    printf("allocated %d MiB\n", n);
    printf("checksum %ld\n", sum);
    for (int i = 0; i < n; i++)
        free(blocks[i]);
    return 0;
}
