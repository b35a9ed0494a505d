/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * walk.c — exhaustive sandbox check. Every path of 1 to 4 components over an alphabet
 * of troublesome names (.., ., links that leave, links that stay) is opened and stat'ed
 * in /sandbox, following links and not. For every success the guest prints the
 * "dev ino" of what it got; run.sh checks that each one belongs to the sandbox tree.
 * Run with --dir SANDBOX::/sandbox, the tree made by run.sh (see there).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "guest.h"

static const char *const alpha[] = {"..", ".", "sub", "file.txt", "up_link", "abs_link",
                                    "deep_up", "self_link", "sub_link", "back", ""};
#define NA 11   /* "" makes "a//b" and a trailing "/" */

static int dirfd_;
static long tried, opened, stated, refused;

static void report(const uint8_t *st)
{
    uint64_t dev, ino;
    memcpy(&dev, st, 8);
    memcpy(&ino, st + 8, 8);
    printf("%llu %llu\n", (unsigned long long)dev, (unsigned long long)ino);
}

static void try_path(const char *p)
{
    uint8_t st[64];
    int32_t len = (int32_t)strlen(p);
    for (int follow = 0; follow <= 1; follow++) {
        tried++;
        int32_t fd = -1;
        int r = raw_path_open(dirfd_, follow, P(p), len, 0, 2 | (1 << 14) | (1 << 21), 0, 0, P(&fd));
        if (r == 0) {
            opened++;
            if (raw_fd_filestat_get(fd, P(st)) == 0)
                report(st);
            raw_fd_close(fd);
        } else if (r == 76) {
            refused++;
        }
        if (raw_path_filestat_get(dirfd_, follow, P(p), len, P(st)) == 0) {
            stated++;
            report(st);
        }
    }
}

int main(void)
{
    dirfd_ = find_preopen("/sandbox");
    if (dirfd_ < 0) {
        printf("no /sandbox\n");
        return 1;
    }
    char p[256];
    int idx[4];
    for (int n = 1; n <= 4; n++) {
        long total = 1;
        for (int k = 0; k < n; k++)
            total *= NA;
        for (long v = 0; v < total; v++) {
            long x = v;
            for (int k = 0; k < n; k++) {
                idx[k] = (int)(x % NA);
                x /= NA;
            }
            if (idx[0] == NA - 1)
                continue;   /* would be an absolute path: tested elsewhere */
            p[0] = '\0';
            for (int k = 0; k < n; k++) {
                if (k)
                    strcat(p, "/");
                strcat(p, alpha[idx[k]]);
            }
            try_path(p);
        }
    }
    fprintf(stderr, "walk: %ld lookups, %ld opened, %ld stat'ed, %ld refused\n", tried,
            opened, stated, refused);
    return 0;
}
