/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sleep.c — blocks in poll_oneoff for an hour (for --timeout waking a blocked call). */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("sleeping\n");
    fflush(stdout);
    sleep(3600);
    printf("woke up\n");
    return 0;
}
