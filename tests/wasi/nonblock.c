/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * nonblock.c — a native helper for run.sh: set O_NONBLOCK on fds 0 and 1, then exec the
 * command. Shows that minwasm loses no data when a parent leaves a shared pipe
 * non-blocking (writes then fail with EAGAIN, which the guest must never see).
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: nonblock COMMAND [ARGS...]\n");
        return 2;
    }
    for (int fd = 0; fd <= 1; fd++) {
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    }
    execvp(argv[1], argv + 1);
    perror(argv[1]);
    return 127;
}
