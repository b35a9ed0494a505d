/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* cat.c — copy stdin to stdout until EOF; the byte count goes to stderr. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    char buf[4096];
    long total = 0;
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0) {
            perror("read");
            return 1;
        }
        if (n == 0)
            break;
        if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
            return 1;
        total += n;
    }
    fflush(stdout);
    fprintf(stderr, "read %ld bytes\n", total);
    return 0;
}
