/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* bigout.c — write exactly 1 MiB of a deterministic pattern to stdout, in uneven
 * chunks through stdio and raw write(); the same program built natively writes the
 * same bytes, so the test compares checksums. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    static unsigned char buf[1 << 20];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
    }
    size_t off = 0, step = 1;
    /* first half through stdio, in growing chunks */
    while (off < sizeof buf / 2) {
        size_t n = step < sizeof buf / 2 - off ? step : sizeof buf / 2 - off;
        if (fwrite(buf + off, 1, n, stdout) != n)
            return 1;
        off += n;
        step = step * 3 + 1;
    }
    if (fflush(stdout) != 0)
        return 1;
    /* second half with write(2) directly: a blocking write must deliver everything */
    while (off < sizeof buf) {
        ssize_t n = write(1, buf + off, sizeof buf - off);
        if (n <= 0)
            return 2;
        off += (size_t)n;
    }
    return 0;
}
