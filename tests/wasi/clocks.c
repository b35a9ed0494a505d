/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* clocks.c — monotonic clock never goes back, realtime is near the host's time
 * (argv[1]: the host's time in seconds since the epoch), sleeping takes time. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "guest.h"

static long long ns(clockid_t id)
{
    struct timespec t;
    if (clock_gettime(id, &t) != 0)
        return -1;
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv)
{
    long long prev = ns(CLOCK_MONOTONIC), first = prev;
    int back = 0;
    for (int i = 0; i < 20000; i++) {
        long long t = ns(CLOCK_MONOTONIC);
        if (t < prev)
            back++;
        prev = t;
    }
    check(first > 0, "monotonic clock readable");
    check(back == 0, "monotonic clock never goes back (20000 reads)");

    struct timespec res;
    check(clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0),
          "monotonic resolution > 0");
    check(clock_getres(CLOCK_REALTIME, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0),
          "realtime resolution > 0");

    long long host = argc > 1 ? atoll(argv[1]) : 0;
    long long now = (long long)time(NULL);
    check(host > 0 && llabs(now - host) <= 60, "realtime within a minute of the host's");

    long long t0 = ns(CLOCK_MONOTONIC);
    struct timespec d = {0, 50 * 1000 * 1000};
    check(nanosleep(&d, NULL) == 0, "nanosleep(50ms) succeeds");
    long long t1 = ns(CLOCK_MONOTONIC);
    check(t1 - t0 >= 50 * 1000 * 1000LL, "nanosleep(50ms) sleeps at least 50ms");
    check(t1 - t0 < 5 * 1000 * 1000 * 1000LL, "nanosleep(50ms) sleeps less than 5s");

    check(ns(CLOCK_PROCESS_CPUTIME_ID) >= 0, "process CPU-time clock readable");
    return finish();
}
