/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* raise_raw.c — proc_raise through the raw import: SIGCONT (ignored by default) does
 * nothing, SIGABRT ends the guest with a trap naming it. */
#include <stdio.h>
#include "guest.h"

int main(void)
{
    printf("cont: %d\n", (int)raw_proc_raise(17));
    fflush(stdout);
    raw_proc_raise(6);
    printf("not reached\n");
    return 0;
}
