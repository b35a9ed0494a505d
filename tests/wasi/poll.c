/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* poll.c — poll_oneoff with a clock and with fds: stdin (a pipe with data) is readable,
 * stdout is writable, and a timeout alone fires. */
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "guest.h"

int main(void)
{
    struct pollfd p[2];
    p[0].fd = 0;
    p[0].events = POLLIN;
    check(poll(p, 1, 5000) == 1 && (p[0].revents & POLLIN), "wait until stdin is readable");
    p[1].fd = 1;
    p[1].events = POLLOUT;
    int n = poll(p, 2, 5000);
    check(n == 2, "stdin readable and stdout writable");
    check((p[0].revents & POLLIN) != 0, "stdin has POLLIN");
    check((p[1].revents & POLLOUT) != 0, "stdout has POLLOUT");
    char buf[16];
    check(read(0, buf, sizeof buf) == 6 && memcmp(buf, "input\n", 6) == 0, "read what was ready");

    /* a clock subscription alone: 30ms relative */
    uint8_t sub[48], ev[32];
    memset(sub, 0, sizeof sub);
    uint64_t ud = 0x1122334455667788ull, timeout = 30000000ull;
    memcpy(sub, &ud, 8);
    sub[8] = 0;                      /* eventtype clock */
    uint32_t clk = 1;                /* monotonic */
    memcpy(sub + 16, &clk, 4);
    memcpy(sub + 24, &timeout, 8);
    uint32_t nev = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    check(raw_poll_oneoff(P(sub), P(ev), 1, P(&nev)) == 0 && nev == 1, "clock event fires");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long el = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    check(el >= 30000000LL, "after at least 30ms");
    uint64_t got_ud;
    memcpy(&got_ud, ev, 8);
    check(got_ud == ud && ev[10] == 0 && ev[8] == 0 && ev[9] == 0, "event has userdata, type clock, no error");

    /* a bad fd gives an event with EBADF at once */
    memset(sub, 0, sizeof sub);
    sub[8] = 1;                      /* fd_read */
    uint32_t badfd = 999;
    memcpy(sub + 16, &badfd, 4);
    check(raw_poll_oneoff(P(sub), P(ev), 1, P(&nev)) == 0 && nev == 1 && ev[8] == 8,
          "fd_read of a bad fd: event with EBADF");
    check(raw_poll_oneoff(P(sub), P(ev), 0, P(&nev)) == 28, "no subscriptions: EINVAL");
    return finish();
}
