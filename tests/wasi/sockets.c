/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * sockets.c — the guest side of test_embed.c. fd 3 is a connected stream socket, fd 4 a
 * listening one (handed in by the host through mw_wasi_config.sockets). The exit code is
 * the number of failed checks; argv and environ come from the config too.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "guest.h"

static int fails;
#define EXPECT(c) do { if (!(c)) { fails++; printf("guest: FAIL line %d: %s\n", __LINE__, #c); } } while (0)

static int sendstr(int fd, const char *s)
{
    uint32_t iov[2] = {(uint32_t)(uintptr_t)s, (uint32_t)strlen(s)};
    int32_t n = -1;
    int r = raw_sock_send(fd, P(iov), 1, 0, P(&n));
    return r ? -r : n;
}

static int recvbuf(int fd, char *buf, int len, int flags)
{
    uint32_t iov[2] = {(uint32_t)(uintptr_t)buf, (uint32_t)len};
    int32_t n = -1;
    uint16_t roflags = 0xffff;
    int r = raw_sock_recv(fd, P(iov), 1, flags, P(&n), P(&roflags));
    if (r == 0 && roflags != 0)
        return -1000;
    return r ? -r : n;
}

int main(int argc, char **argv)
{
    uint8_t st[24];
    EXPECT(argc == 2 && strcmp(argv[1], "sock-arg") == 0);
    EXPECT(getenv("EMBED") && strcmp(getenv("EMBED"), "yes") == 0);
    EXPECT(raw_fd_fdstat_get(0, P(st)) == EBADF);           /* stdin_fd = -1 */
    EXPECT(raw_fd_fdstat_get(3, P(st)) == 0 && st[0] == 6); /* socket_stream */
    EXPECT(raw_fd_fdstat_get(4, P(st)) == 0 && st[0] == 6);
    EXPECT(raw_fd_prestat_get(3, P(st)) == EBADF);          /* not a pre-opened dir */

    /* replaced random_get: the host's version fills 0x42 */
    uint8_t rnd[16];
    EXPECT(raw_random_get(P(rnd), sizeof rnd) == 0);
    for (int i = 0; i < 16; i++)
        EXPECT(rnd[i] == 0x42);

    /* connected socket: peek, read, answer, shut down writing */
    char buf[64];
    memset(buf, 0, sizeof buf);
    EXPECT(recvbuf(3, buf, 4, 1 /* peek */) == 4 && memcmp(buf, "ping", 4) == 0);
    memset(buf, 0, sizeof buf);
    EXPECT(recvbuf(3, buf, sizeof buf, 0) == 4 && memcmp(buf, "ping", 4) == 0);
    EXPECT(sendstr(3, "pong:ping") == 9);
    EXPECT(raw_sock_shutdown(3, 2 /* wr */) == 0);
    EXPECT(raw_sock_shutdown(3, 0) == EINVAL);
    EXPECT(raw_sock_accept(3, 0, P(st)) != 0);               /* not listening */

    /* listening socket: accept the host's pending connection */
    int32_t c = -1;
    EXPECT(raw_sock_accept(4, 0, P(&c)) == 0 && c >= 0 && c != 3 && c != 4);
    memset(buf, 0, sizeof buf);
    EXPECT(recvbuf(c, buf, sizeof buf, 0) == 5 && memcmp(buf, "hello", 5) == 0);
    EXPECT(sendstr(c, "world") == 5);
    EXPECT(raw_fd_close(c) == 0);
    EXPECT(raw_fd_fdstat_set_flags(4, 4 /* nonblock */) == 0);
    EXPECT(raw_fd_fdstat_get(4, P(st)) == 0 && (st[2] & 4));
    EXPECT(raw_sock_accept(4, 0, P(&c)) == EAGAIN);   /* nobody else waits */
    EXPECT(raw_sock_accept(4, 1, P(&c)) == EINVAL);
    exit(fails);   /* proc_exit even for 0: mw_wasi_exit_code is checked */
}
