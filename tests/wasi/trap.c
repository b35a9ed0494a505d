/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* trap.c — trap two calls deep, in functions with names in the name section. */
#include <stdio.h>

__attribute__((noinline)) void crash_here(int x)
{
    if (x > 0)
        __builtin_trap();
    printf("not reached\n");
}

__attribute__((noinline)) void call_crash(int x)
{
    crash_here(x + 1);
    printf("not reached either\n");
}

int main(int argc, char **argv)
{
    (void)argv;
    printf("about to trap\n");
    fflush(stdout);
    call_crash(argc);
    return 0;
}
