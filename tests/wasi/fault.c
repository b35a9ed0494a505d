/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fault.c — pointers and lengths outside linear memory give EFAULT (and the runtime
 * survives): iovec arrays, the buffers they name, out-parameters, paths, and lengths
 * whose sum wraps around 32 bits. Run with --dir SANDBOX::/sandbox (sub/file.txt there).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "guest.h"

int main(void)
{
    uint32_t end = mem_end();
    int dirfd = find_preopen("/sandbox");
    check(dirfd >= 3 && end >= 65536, "set up");
    static char msg[] = "should not appear\n";
    uint32_t iov[2];
    int32_t n = -1;

    /* the iovec array itself outside memory, across the end, and wrapping */
    check(raw_fd_write(1, (int32_t)0xfffffff0u, 1, P(&n)) == EFAULT, "fd_write: iovs at 0xfffffff0");
    check(raw_fd_write(1, (int32_t)(end - 4), 1, P(&n)) == EFAULT, "fd_write: iovs across the end");
    check(raw_fd_write(1, P(iov), 0x20000000, P(&n)) == EFAULT, "fd_write: iovs count * 8 wraps 32 bits");
    /* a buffer outside memory */
    iov[0] = end - 8;
    iov[1] = 16;
    check(raw_fd_write(1, P(iov), 1, P(&n)) == EFAULT, "fd_write: buffer across the end");
    iov[0] = 0xfffffff0u;
    iov[1] = 0x20;
    check(raw_fd_write(1, P(iov), 1, P(&n)) == EFAULT, "fd_write: buffer pointer + length wraps");
    /* the result pointer */
    iov[0] = P(msg);
    iov[1] = sizeof msg - 1;
    check(raw_fd_write(1, P(iov), 1, (int32_t)(end - 2)) == EFAULT, "fd_write: nwritten across the end");
    check(raw_fd_write(1, P(iov), 1, (int32_t)end) == EFAULT, "fd_write: nwritten at the end");
    /* a zero-length buffer at the very end is fine */
    iov[0] = end;
    iov[1] = 0;
    check(raw_fd_write(1, P(iov), 1, P(&n)) == 0 && n == 0, "fd_write: empty buffer at the end is fine");

    iov[0] = end - 4;
    iov[1] = 100;
    check(raw_fd_read(0, P(iov), 1, P(&n)) == EFAULT, "fd_read: buffer across the end");
    check(raw_fd_pread(0, P(iov), 1, 0, P(&n)) == EFAULT || 1, "fd_pread: no crash");

    check(raw_args_get((int32_t)(end - 2), P(msg)) == EFAULT, "args_get: argv across the end");
    check(raw_args_get(P(iov), (int32_t)(end - 1)) == EFAULT, "args_get: buffer across the end");
    check(raw_args_sizes_get((int32_t)end, P(&n)) == EFAULT, "args_sizes_get: at the end");
    check(raw_environ_get((int32_t)0xffffffffu, P(msg)) == EFAULT || 1, "environ_get: no crash");
    check(raw_clock_time_get(1, 0, (int32_t)(end - 7)) == EFAULT, "clock_time_get: result across the end");
    check(raw_clock_res_get(0, (int32_t)0xfffffffcu) == EFAULT, "clock_res_get: result outside");
    check(raw_random_get((int32_t)(end - 10), 11) == EFAULT, "random_get: across the end");
    check(raw_random_get(P(msg), (int32_t)0xffffffffu) == EFAULT, "random_get: huge length");

    uint8_t st[64];
    check(raw_fd_fdstat_get(1, (int32_t)(end - 23)) == EFAULT, "fd_fdstat_get: 24 bytes across the end");
    check(raw_fd_filestat_get(1, (int32_t)(end - 63)) == EFAULT, "fd_filestat_get: 64 bytes across the end");
    check(raw_fd_prestat_get(dirfd, (int32_t)(end - 7)) == EFAULT, "fd_prestat_get: across the end");
    check(raw_fd_prestat_dir_name(dirfd, (int32_t)(end - 2), 8) == EFAULT, "fd_prestat_dir_name: across the end");
    check(raw_fd_seek(1, 0, 1, (int32_t)(end - 4)) == EFAULT || 1, "fd_seek: no crash");
    check(raw_fd_tell(dirfd, (int32_t)end) == EFAULT || 1, "fd_tell: no crash");

    const char *p = "sub/file.txt";
    int32_t fd;
    check(raw_path_open(dirfd, 0, (int32_t)(end - 3), 12, 0, 2, 0, 0, P(&fd)) == EFAULT,
          "path_open: path across the end");
    check(raw_path_open(dirfd, 0, (int32_t)0xfffffff8u, 0x10, 0, 2, 0, 0, P(&fd)) == EFAULT,
          "path_open: path pointer + length wraps");
    check(raw_path_open(dirfd, 0, P(p), 12, 0, 2, 0, 0, (int32_t)(end - 1)) == EFAULT,
          "path_open: result across the end (and nothing is opened)");
    check(raw_path_filestat_get(dirfd, 0, P(p), 12, (int32_t)(end - 32)) == EFAULT,
          "path_filestat_get: result across the end");
    check(raw_path_filestat_get(dirfd, 0, P(p), 12, P(st)) == 0, "path_filestat_get works");
    check(raw_path_symlink((int32_t)(end - 1), 4, dirfd, P(p), 12) == EFAULT, "path_symlink: target across the end");
    check(raw_path_readlink(dirfd, P(p), 12, (int32_t)(end - 1), 10, P(&n)) == EFAULT,
          "path_readlink: buffer across the end");
    check(raw_fd_readdir(dirfd, (int32_t)(end - 10), 100, 0, P(&n)) == EFAULT, "fd_readdir: buffer across the end");

    uint8_t sub[48], ev[32];
    memset(sub, 0, sizeof sub);
    check(raw_poll_oneoff((int32_t)(end - 40), P(ev), 1, P(&n)) == EFAULT, "poll_oneoff: subscriptions across the end");
    check(raw_poll_oneoff(P(sub), (int32_t)(end - 16), 1, P(&n)) == EFAULT, "poll_oneoff: events across the end");
    check(raw_poll_oneoff(P(sub), P(ev), 0x10000000, P(&n)) == EFAULT, "poll_oneoff: count * 48 past memory");

    check(raw_sock_send(1, P(iov), 1, 0, P(&n)) == ENOTSOCK, "sock_send on a non-socket: ENOTSOCK");
    check(raw_sock_shutdown(1, 3) == ENOTSOCK, "sock_shutdown on a non-socket: ENOTSOCK");
    check(raw_sched_yield() == 0, "sched_yield");
    check(raw_proc_raise(0) == 0 && raw_proc_raise(99) == EINVAL, "proc_raise 0 / 99");
    check(raw_fd_close(1234) == EBADF, "fd_close of a bad fd: EBADF");
    check(raw_fd_write(77, P(iov), 1, P(&n)) == EBADF, "fd_write of a bad fd: EBADF");
    return finish();
}
