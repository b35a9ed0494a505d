/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * guest.h — helpers for the WASI test programs (compiled with clang --target=wasm32-wasi,
 * and some also natively: the raw imports are only for wasm):
 * check() prints one "ok"/"FAIL" line per check, and raw imports of
 * wasi_snapshot_preview1 take explicit (pointer, length) pairs, so that tests can pass
 * what wasi-libc never would (embedded NULs, pointers outside memory).
 */
#ifndef GUEST_H
#define GUEST_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int g_failures;

static inline void check(int ok, const char *what)
{
    if (!ok)
        g_failures++;
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
}

static inline void check_eq(long got, long want, const char *what)
{
    if (got != want) {
        g_failures++;
        printf("FAIL %s (got %ld, want %ld)\n", what, got, want);
    } else {
        printf("ok   %s\n", what);
    }
}

/* dir/rel, in one of four rotating buffers (so that a call can take two or three). */
static inline const char *path_in(const char *dir, const char *rel)
{
    static char buf[4][600];
    static int i;
    char *p = buf[i++ & 3];
    snprintf(p, sizeof buf[0], "%s/%s", dir, rel);
    return p;
}

/* The name of an errno the native-compared programs print ("E?" for others). */
static inline const char *errno_name(int e)
{
    static const struct { int e; const char *n; } t[] = {
        {EEXIST, "EEXIST"}, {ENOENT, "ENOENT"}, {ENOTDIR, "ENOTDIR"}, {EISDIR, "EISDIR"},
        {EINVAL, "EINVAL"}, {ELOOP, "ELOOP"}, {EPERM, "EPERM"}, {ENOTEMPTY, "ENOTEMPTY"},
        {EBADF, "EBADF"}, {EACCES, "EACCES"}, {ESPIPE, "ESPIPE"}, {EXDEV, "EXDEV"},
        {ENOTSOCK, "ENOTSOCK"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].e == e)
            return t[i].n;
    return "E?";
}

static inline int finish(void)
{
    printf("%s\n", g_failures ? "SOME CHECKS FAILED" : "all checks passed");
    fflush(stdout);
    return g_failures ? 1 : 0;
}

#ifdef __wasm__
#define RAW(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
RAW(path_open) int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path,
                                     int32_t path_len, int32_t oflags, int64_t base,
                                     int64_t inh, int32_t fdflags, int32_t retptr);
RAW(path_symlink) int32_t raw_path_symlink(int32_t old, int32_t old_len, int32_t fd,
                                           int32_t new_, int32_t new_len);
RAW(path_readlink) int32_t raw_path_readlink(int32_t fd, int32_t path, int32_t len,
                                             int32_t buf, int32_t buf_len, int32_t ret);
RAW(path_create_directory) int32_t raw_path_create_directory(int32_t fd, int32_t path,
                                                             int32_t len);
RAW(path_remove_directory) int32_t raw_path_remove_directory(int32_t fd, int32_t path,
                                                             int32_t len);
RAW(path_unlink_file) int32_t raw_path_unlink_file(int32_t fd, int32_t path, int32_t len);
RAW(path_filestat_get) int32_t raw_path_filestat_get(int32_t fd, int32_t flags,
                                                     int32_t path, int32_t len, int32_t buf);
RAW(path_filestat_set_times) int32_t raw_path_filestat_set_times(int32_t fd, int32_t flags,
    int32_t path, int32_t len, int64_t atim, int64_t mtim, int32_t fst);
RAW(path_rename) int32_t raw_path_rename(int32_t fd, int32_t old, int32_t old_len,
                                         int32_t nfd, int32_t new_, int32_t new_len);
RAW(path_link) int32_t raw_path_link(int32_t ofd, int32_t oflags, int32_t old,
                                     int32_t old_len, int32_t nfd, int32_t new_,
                                     int32_t new_len);
RAW(fd_write) int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t ret);
RAW(fd_read) int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t n, int32_t ret);
RAW(fd_pread) int32_t raw_fd_pread(int32_t fd, int32_t iovs, int32_t n, int64_t off,
                                   int32_t ret);
RAW(fd_pwrite) int32_t raw_fd_pwrite(int32_t fd, int32_t iovs, int32_t n, int64_t off,
                                     int32_t ret);
RAW(fd_allocate) int32_t raw_fd_allocate(int32_t fd, int64_t off, int64_t len);
RAW(fd_filestat_set_size) int32_t raw_fd_filestat_set_size(int32_t fd, int64_t size);
RAW(fd_readdir) int32_t raw_fd_readdir(int32_t fd, int32_t buf, int32_t len, int64_t cookie,
                                       int32_t ret);
RAW(fd_prestat_get) int32_t raw_fd_prestat_get(int32_t fd, int32_t buf);
RAW(fd_prestat_dir_name) int32_t raw_fd_prestat_dir_name(int32_t fd, int32_t buf,
                                                         int32_t len);
RAW(fd_fdstat_get) int32_t raw_fd_fdstat_get(int32_t fd, int32_t buf);
RAW(fd_fdstat_set_flags) int32_t raw_fd_fdstat_set_flags(int32_t fd, int32_t flags);
RAW(fd_filestat_get) int32_t raw_fd_filestat_get(int32_t fd, int32_t buf);
RAW(fd_filestat_set_times) int32_t raw_fd_filestat_set_times(int32_t fd, int64_t atim,
                                                             int64_t mtim, int32_t fst);
RAW(fd_seek) int32_t raw_fd_seek(int32_t fd, int64_t off, int32_t whence, int32_t ret);
RAW(fd_tell) int32_t raw_fd_tell(int32_t fd, int32_t ret);
RAW(fd_renumber) int32_t raw_fd_renumber(int32_t from, int32_t to);
RAW(fd_close) int32_t raw_fd_close(int32_t fd);
RAW(args_get) int32_t raw_args_get(int32_t argv, int32_t buf);
RAW(args_sizes_get) int32_t raw_args_sizes_get(int32_t argc, int32_t size);
RAW(environ_get) int32_t raw_environ_get(int32_t env, int32_t buf);
RAW(clock_time_get) int32_t raw_clock_time_get(int32_t id, int64_t prec, int32_t ret);
RAW(clock_res_get) int32_t raw_clock_res_get(int32_t id, int32_t ret);
RAW(random_get) int32_t raw_random_get(int32_t buf, int32_t len);
RAW(poll_oneoff) int32_t raw_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t ret);
RAW(fd_fdstat_set_rights) int32_t raw_fd_fdstat_set_rights(int32_t fd, int64_t base,
                                                           int64_t inh);
RAW(proc_raise) int32_t raw_proc_raise(int32_t sig);
RAW(sched_yield) int32_t raw_sched_yield(void);
RAW(sock_shutdown) int32_t raw_sock_shutdown(int32_t fd, int32_t how);
RAW(sock_send) int32_t raw_sock_send(int32_t fd, int32_t iovs, int32_t n, int32_t fl,
                                     int32_t ret);
RAW(sock_recv) int32_t raw_sock_recv(int32_t fd, int32_t iovs, int32_t n, int32_t fl,
                                     int32_t rlen, int32_t rflags);
RAW(sock_accept) int32_t raw_sock_accept(int32_t fd, int32_t flags, int32_t ret);

#define P(x) ((int32_t)(uintptr_t)(x))

/* The guest fd of the pre-opened directory named `name`, or -1. */
static inline int find_preopen(const char *name)
{
    for (int fd = 3; fd < 64; fd++) {
        uint8_t pre[8];
        if (raw_fd_prestat_get(fd, P(pre)) != 0)
            continue;
        uint32_t len;
        memcpy(&len, pre + 4, 4);
        char buf[256];
        if (len >= sizeof buf || raw_fd_prestat_dir_name(fd, P(buf), (int32_t)len) != 0)
            continue;
        buf[len] = '\0';
        if (strcmp(buf, name) == 0)
            return fd;
    }
    return -1;
}

/* End of linear memory 0 (bytes). */
static inline uint32_t mem_end(void)
{
    return (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
}
#endif

#endif
