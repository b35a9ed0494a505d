/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exitcode.c — exit with the code given as argv[1] (via exit(), i.e. proc_exit). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int code = argc > 1 ? atoi(argv[1]) : 0;
    printf("exiting with %d\n", code);
    if (argc > 2)
        return code;   /* "ret": returning from main also ends in proc_exit */
    exit(code);
}
