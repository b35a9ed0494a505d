/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* loop.c — never ends (for --fuel and --timeout). */
#include <stdio.h>

volatile unsigned long counter;

int main(void)
{
    printf("looping\n");
    fflush(stdout);
    for (;;)
        counter++;
}
