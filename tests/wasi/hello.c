/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* hello.c — a line on stdout and one on stderr. */
#include <stdio.h>

int main(void)
{
    printf("hello from stdout\n");
    fprintf(stderr, "hello from stderr\n");
    return 0;
}
