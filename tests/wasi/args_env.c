/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* args_env.c — print the arguments and the environment, in order. */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)   /* argv[0] differs between runtimes: not printed */
        printf("argv[%d]=[%s]\n", i, argv[i]);
    int n = 0;
    for (char **e = environ; *e != NULL; e++, n++)
        printf("env[%d]=[%s]\n", n, *e);
    const char *g = getenv("GREETING");
    printf("GREETING=%s\n", g ? g : "(unset)");
    const char *h = getenv("HOME");
    printf("HOME=%s\n", h ? h : "(unset)");
    return 0;
}
