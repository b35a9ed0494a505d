/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * escape.c — every way out of the pre-opened directory is refused.
 *
 * Run with --dir SANDBOX::/sandbox where the host made, beside SANDBOX, a directory
 * `outside` holding secret.txt, and inside SANDBOX: sub/file.txt, abs_link -> /etc
 * (absolute), up_link -> .. and deep_up -> sub/../.. (relative, leading out).
 * Raw imports are used so that the runtime, not wasi-libc, is what is tested.
 * A way out is ERRNO_PERM, as is a path operation the directory fd has no right to (what
 * wasi-testsuite expects); asking for more rights than may be handed out is ENOTCAPABLE.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "guest.h"

static int dirfd_;

#define R_READ ((int64_t)2)     /* fd_read */

/* path_open with an explicit length; returns the WASI errno, closing what opened. */
static int try_open(const char *path, size_t len, int follow, int oflags)
{
    int32_t fd = -1;
    int r = raw_path_open(dirfd_, follow, P(path), (int32_t)len, oflags, R_READ, 0, 0, P(&fd));
    if (r == 0)
        raw_fd_close(fd);
    return r;
}

static void refused(const char *path, int follow, const char *what)
{
    char msg[200];
    int r = try_open(path, strlen(path), follow, 0);
    snprintf(msg, sizeof msg, "%s: open '%s' refused with EPERM", what, path);
    if (r != EPERM) {
        printf("  (got errno %d)\n", r);
    }
    check(r == EPERM, msg);
}

static int stat_at(const char *path, int follow)
{
    uint8_t st[64];
    return raw_path_filestat_get(dirfd_, follow, P(path), (int32_t)strlen(path), P(st));
}

int main(void)
{
    dirfd_ = find_preopen("/sandbox");
    check(dirfd_ >= 3, "found the pre-opened /sandbox");

    /* what is allowed */
    check(try_open("sub/file.txt", 12, 1, 0) == 0, "sub/file.txt opens");
    check(try_open("sub/../sub/./file.txt", 21, 1, 0) == 0, "sub/../sub/./file.txt opens");
    check(try_open(".", 1, 1, 0) == 0, "'.' opens");
    check(try_open("sub/..", 6, 1, 0) == 0, "'sub/..' (the root itself) opens");

    /* .. above the root */
    refused("..", 1, "dotdot");
    refused("../outside/secret.txt", 1, "dotdot");
    refused("sub/../../outside/secret.txt", 1, "dotdot");
    refused("sub/../../sandbox/sub/file.txt", 1, "dotdot out and back in");
    refused("./../outside", 1, "dotdot");

    /* absolute paths */
    refused("/etc/passwd", 1, "absolute");
    refused("/", 1, "absolute");
    refused("//etc", 1, "absolute");

    /* symlinks made by the host */
    refused("abs_link/passwd", 1, "absolute symlink as a directory");
    refused("abs_link", 1, "absolute symlink, followed");
    refused("up_link/outside/secret.txt", 1, "symlink to ..");
    refused("up_link", 1, "symlink to .., followed");
    refused("deep_up/outside/secret.txt", 1, "symlink to sub/../..");
    check(try_open("abs_link", 8, 0, 0) == ELOOP, "absolute symlink, not followed: ELOOP");
    check(stat_at("abs_link", 0) == 0, "lstat of the absolute symlink itself is fine");
    check(stat_at("abs_link", 1) == EPERM, "stat through it: EPERM");

    /* symlinks made by the guest */
    const char *t1 = "../outside", *l1 = "mylink";
    check(raw_path_symlink(P(t1), (int32_t)strlen(t1), dirfd_, P(l1), (int32_t)strlen(l1)) == 0,
          "the guest may create mylink -> ../outside");
    refused("mylink/secret.txt", 1, "guest symlink to ../outside");
    refused("mylink", 1, "guest symlink to ../outside, followed");
    check(stat_at("mylink/secret.txt", 1) == EPERM, "stat through mylink: EPERM");
    char lbuf[64];
    int32_t llen = 0;
    check(raw_path_readlink(dirfd_, P(l1), 6, P(lbuf), sizeof lbuf, P(&llen)) == 0 && llen == 10 &&
          memcmp(lbuf, "../outside", 10) == 0, "readlink mylink gives its text");
    int32_t fd = -1;
    const char *nf = "mylink/created.txt";
    check(raw_path_open(dirfd_, 1, P(nf), (int32_t)strlen(nf), 1 /* creat */, R_READ, 0, 0, P(&fd)) ==
              EPERM, "O_CREAT through mylink: EPERM");
    const char *t2 = "/etc/passwd", *l2 = "abs2";
    check(raw_path_symlink(P(t2), (int32_t)strlen(t2), dirfd_, P(l2), 4) == EPERM,
          "creating an absolute symlink: EPERM");
    const char *t3 = "..", *l3 = "dotdot_link";
    check(raw_path_symlink(P(t3), 2, dirfd_, P(l3), (int32_t)strlen(l3)) == 0,
          "the guest may create dotdot_link -> ..");
    refused("dotdot_link/outside/secret.txt", 1, "guest symlink to ..");
    const char *t4 = "../../outside", *l4 = "sub/sneaky";   /* relative to sub/ */
    check(raw_path_symlink(P(t4), (int32_t)strlen(t4), dirfd_, P(l4), (int32_t)strlen(l4)) == 0,
          "the guest may create sub/sneaky -> ../../outside");
    refused("sub/sneaky/secret.txt", 1, "guest symlink in sub/ to ../..");
    const char *t5 = "..", *l5 = "../evil_link";
    check(raw_path_symlink(P(t5), 2, dirfd_, P(l5), (int32_t)strlen(l5)) == EPERM,
          "creating a symlink above the root: EPERM");

    /* symlink loops */
    const char *la = "loop_a", *lb = "loop_b";
    raw_path_symlink(P(lb), 6, dirfd_, P(la), 6);
    raw_path_symlink(P(la), 6, dirfd_, P(lb), 6);
    check(try_open("loop_a", 6, 1, 0) == ELOOP, "a symlink loop: ELOOP");
    check(try_open("loop_a/x", 8, 1, 0) == ELOOP, "a symlink loop as a directory: ELOOP");

    /* an embedded NUL: "sub/file.txt\0/../../outside" */
    static const char nul[] = "sub/file.txt\0/../../outside/secret.txt";
    check(try_open(nul, sizeof nul - 1, 1, 0) == EINVAL, "a path with an embedded NUL: EINVAL");
    static const char nul2[] = "../outside/secret.txt\0";
    check(try_open(nul2, sizeof nul2 - 1, 1, 0) == EINVAL, "a path ending in NUL: EINVAL");
    check(try_open("", 0, 1, 0) == ENOENT, "an empty path: ENOENT");

    /* every path function refuses to leave */
    const char *up = "../outside/secret.txt";
    int32_t ul = (int32_t)strlen(up);
    check(raw_path_unlink_file(dirfd_, P(up), ul) == EPERM, "unlink outside: EPERM");
    const char *ev = "../evil";
    check(raw_path_create_directory(dirfd_, P(ev), 7) == EPERM, "mkdir outside: EPERM");
    const char *od = "../outside";
    check(raw_path_remove_directory(dirfd_, P(od), 10) == EPERM, "rmdir outside: EPERM");
    const char *sf = "sub/file.txt", *mv = "../moved.txt";
    check(raw_path_rename(dirfd_, P(sf), 12, dirfd_, P(mv), 12) == EPERM,
          "rename to outside: EPERM");
    const char *in = "stolen.txt";
    check(raw_path_rename(dirfd_, P(up), ul, dirfd_, P(in), 10) == EPERM,
          "rename from outside: EPERM");
    check(raw_path_link(dirfd_, 0, P(up), ul, dirfd_, P(in), 10) == EPERM,
          "hard link from outside: EPERM");
    check(raw_path_link(dirfd_, 1, P(l1), 6, dirfd_, P(in), 10) == EPERM,
          "hard link through mylink, followed: EPERM");
    check(raw_path_link(dirfd_, 0, P(sf), 12, dirfd_, P(mv), 12) == EPERM,
          "hard link to outside: EPERM");
    check(raw_path_filestat_set_times(dirfd_, 1, P(up), ul, 0, 0, 2 | 8) == EPERM,
          "set times outside: EPERM");
    check(raw_path_readlink(dirfd_, P(up), ul, P(lbuf), sizeof lbuf, P(&llen)) == EPERM,
          "readlink outside: EPERM");
    check(stat_at(up, 1) == EPERM && stat_at(up, 0) == EPERM, "stat outside: EPERM");

    /* wasi-libc's own view: only /sandbox exists */
    check(open("/etc/passwd", O_RDONLY) == -1, "libc open(/etc/passwd) fails");
    check(open("/sandbox/../outside/secret.txt", O_RDONLY) == -1, "libc open(/sandbox/../outside/...) fails");
    check(open("/sandbox/up_link/outside/secret.txt", O_RDONLY) == -1, "libc open through up_link fails");
    struct stat st;
    check(stat("/sandbox/sub/file.txt", &st) == 0, "libc stat inside works");

    /* rights: a read-only fd of the directory cannot create */
    int32_t ro = -1;
    const char *subp = "sub";
    check(raw_path_open(dirfd_, 0, P(subp), 3, 2 /* directory */, (int64_t)(1 << 13), 0, 0, P(&ro)) == 0,
          "open sub with only path_open rights");
    const char *newf = "x.txt";
    int32_t x = -1;
    check(raw_path_open(ro, 0, P(newf), 5, 1 /* creat */, R_READ, 0, 0, P(&x)) == EPERM,
          "creating a file without path_create_file: EPERM");
    check(raw_path_create_directory(ro, P(newf), 5) == EPERM,
          "mkdir without path_create_directory: EPERM");
    const char *ff = "file.txt";
    check(raw_path_open(ro, 0, P(ff), 8, 0, R_READ, 0, 0, P(&x)) == ENOTCAPABLE,
          "asking for more rights than inherited: ENOTCAPABLE");
    raw_fd_close(ro);

    /* tidy the guest's links */
    raw_path_unlink_file(dirfd_, P(l1), 6);
    raw_path_unlink_file(dirfd_, P(l3), (int32_t)strlen(l3));
    raw_path_unlink_file(dirfd_, P(l4), (int32_t)strlen(l4));
    raw_path_unlink_file(dirfd_, P(la), 6);
    raw_path_unlink_file(dirfd_, P(lb), 6);
    return finish();
}
