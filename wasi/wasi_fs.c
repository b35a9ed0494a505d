/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wasi_fs.c — the path_* functions of wasi_snapshot_preview1.
 *
 * Every path goes through mww_lookup (wasi_path.c), which gives a directory fd and a
 * final component that is never resolved by the host beyond that directory; the host
 * calls below are the *at() forms that do not follow a final symbolic link.
 *
 * On Linux, path_open first tries openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) for
 * the whole path: the kernel then guarantees the same containment in one system call.
 * Any failure of that fast path (including an escape attempt, EXDEV) falls back to the
 * component walk, which decides the result and the errno; so the walk alone is what
 * enforces the sandbox, and the fast path can be turned off (MW_WASI_NO_OPENAT2).
 */
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__linux__)
#  include <sys/syscall.h>
#endif

#include "wasi_internal.h"

#define MWW_NO_OPENAT2_SEEN 0x80000000u   /* internal flag: the kernel lacks openat2 */

static mww_final follow_kind(uint32_t lookupflags)
{
    return (lookupflags & WASI_LOOKUP_SYMLINK_FOLLOW) ? MWW_FINAL_FOLLOW : MWW_FINAL_NOFOLLOW;
}

uint16_t mww_path_create_directory(mww_call *c, const mw_val *a)
{
    mww_walk wk;
    uint16_t r = mww_lookup(c, A32(0), WASI_R_PATH_CREATE_DIRECTORY, A32(1), A32(2),
                            MWW_FINAL_MKDIR, &wk);
    if (r != WASI_ESUCCESS)
        return r;
    if (mkdirat(mww_walk_dir(&wk), wk.last, 0777) != 0)
        r = mww_errno(errno);
    mww_walk_free(&wk);
    return r;
}

uint16_t mww_path_filestat_get(mww_call *c, const mw_val *a)
{
    uint32_t buf = A32(4);
    if (!mww_in(c, buf, WASI_FILESTAT_SIZE))
        return WASI_EFAULT;
    mww_walk wk;
    uint16_t r = mww_lookup(c, A32(0), WASI_R_PATH_FILESTAT_GET, A32(2), A32(3),
                            follow_kind(A32(1)), &wk);
    if (r != WASI_ESUCCESS)
        return r;
    struct stat st;
    if (fstatat(mww_walk_dir(&wk), wk.last, &st, AT_SYMLINK_NOFOLLOW) != 0)
        r = mww_errno(errno);
    else
        mww_put_filestat(c, buf, &st);
    mww_walk_free(&wk);
    return r;
}

uint16_t mww_path_filestat_set_times(mww_call *c, const mw_val *a)
{
    struct timespec ts[2];
    uint16_t r = mww_times(A64(4), A64(5), A32(6), ts);
    if (r != WASI_ESUCCESS)
        return r;
    mww_walk wk;
    r = mww_lookup(c, A32(0), WASI_R_PATH_FILESTAT_SET_TIMES, A32(2), A32(3),
                   follow_kind(A32(1)), &wk);
    if (r != WASI_ESUCCESS)
        return r;
    if (utimensat(mww_walk_dir(&wk), wk.last, ts, AT_SYMLINK_NOFOLLOW) != 0)
        r = mww_errno(errno);
    mww_walk_free(&wk);
    return r;
}

uint16_t mww_path_link(mww_call *c, const mw_val *a)
{
    mww_walk from, to;
    uint16_t r = mww_lookup(c, A32(0), WASI_R_PATH_LINK_SOURCE, A32(2), A32(3),
                            follow_kind(A32(1)), &from);
    if (r != WASI_ESUCCESS)
        return r;
    r = mww_lookup(c, A32(4), WASI_R_PATH_LINK_TARGET, A32(5), A32(6), MWW_FINAL_CREATE, &to);
    if (r != WASI_ESUCCESS) {
        mww_walk_free(&from);
        return r;
    }
    /* flags 0: a final link is linked itself, never followed by the host */
    if (linkat(mww_walk_dir(&from), from.last, mww_walk_dir(&to), to.last, 0) != 0)
        r = mww_errno(errno);
    mww_walk_free(&to);
    mww_walk_free(&from);
    return r;
}

#if defined(__linux__) && defined(SYS_openat2)
struct mww_open_how {   /* struct open_how of <linux/openat2.h> */
    uint64_t flags, mode, resolve;
};
#  define MWW_RESOLVE_NO_MAGICLINKS 0x02
#  define MWW_RESOLVE_BENEATH 0x08

static int try_openat2(mww_call *c, int dirfd, const char *path, int flags)
{
    if (c->w->flags & (MW_WASI_NO_OPENAT2 | MWW_NO_OPENAT2_SEEN))
        return -1;
    int fd = -1;
    if (path[0] != '\0' && path[0] != '/') {
        struct mww_open_how how;
        memset(&how, 0, sizeof how);
        how.flags = (uint64_t)(unsigned)flags;
        how.mode = (flags & O_CREAT) ? 0666 : 0;
        how.resolve = MWW_RESOLVE_BENEATH | MWW_RESOLVE_NO_MAGICLINKS;
        long rc;
        do {
            rc = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
        } while (rc < 0 && errno == EINTR);
        if (rc >= 0)
            fd = (int)rc;
        else if (errno == ENOSYS)
            c->w->flags |= MWW_NO_OPENAT2_SEEN;
    }
    return fd;
}
#else
static int try_openat2(mww_call *c, int dirfd, const char *path, int flags)
{
    (void)c, (void)dirfd, (void)path, (void)flags;
    return -1;
}
#endif

uint16_t mww_path_open(mww_call *c, const mw_val *a)
{
    uint32_t dirfd = A32(0), lookup = A32(1), path = A32(2), plen = A32(3);
    uint32_t oflags = A32(4), fdflags = A32(7), ret = A32(8);
    uint64_t base = A64(5) & WASI_R_ALL, inh = A64(6) & WASI_R_ALL;

    uint64_t need = WASI_R_PATH_OPEN;
    if (oflags & WASI_O_CREAT)
        need |= WASI_R_PATH_CREATE_FILE;
    if (oflags & WASI_O_TRUNC)
        need |= WASI_R_PATH_FILESTAT_SET_SIZE;
    mww_fd *d;
    uint16_t r = mww_get_dir(c, dirfd, need, &d);
    if (r != WASI_ESUCCESS)
        return r;
    if ((oflags & ~UINT32_C(0xf)) || (fdflags & ~UINT32_C(0x1f)))
        return WASI_EINVAL;
    if ((base & ~d->inherit) || (inh & ~d->inherit))
        return WASI_ENOTCAPABLE;   /* more than the directory may hand out (as
                                      fd_fdstat_set_rights asked for more) */
    if (!mww_in(c, ret, 4))
        return WASI_EFAULT;

    bool rd = (base & (WASI_R_FD_READ | WASI_R_FD_READDIR)) != 0;
    /* write rights ask for write access, also with O_DIRECTORY: the host refuses a
     * directory opened for writing with EISDIR, as wasi-testsuite's path_open_preopen
     * wants (rights a directory cannot use otherwise, seek or tell, are just dropped) */
    bool wr = (base & (WASI_R_FD_WRITE | WASI_R_FD_ALLOCATE | WASI_R_FD_FILESTAT_SET_SIZE)) != 0;
    int fl = O_CLOEXEC | O_NOCTTY;
    fl |= wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (oflags & WASI_O_CREAT) fl |= O_CREAT;
    if (oflags & WASI_O_EXCL) fl |= O_EXCL;
    if (oflags & WASI_O_TRUNC) fl |= O_TRUNC;
    if (oflags & WASI_O_DIRECTORY) fl |= O_DIRECTORY;
    if (fdflags & WASI_FDFLAG_APPEND) fl |= O_APPEND;
    if (fdflags & WASI_FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
    if (fdflags & WASI_FDFLAG_DSYNC) fl |= O_DSYNC;
    if (fdflags & WASI_FDFLAG_SYNC) fl |= O_SYNC;
#ifdef O_RSYNC
    if (fdflags & WASI_FDFLAG_RSYNC) fl |= O_RSYNC;
#endif
    bool follow = (lookup & WASI_LOOKUP_SYMLINK_FOLLOW) != 0;

    char *hpath;   /* the guest's path, read once for both ways of opening */
    if ((r = mww_path_copy(c, path, plen, &hpath)) != WASI_ESUCCESS)
        return r;
    int host = try_openat2(c, d->host, hpath, follow ? fl : fl | O_NOFOLLOW);
    if (host >= 0) {
        free(hpath);
    } else {
        mww_walk wk;
        r = mww_lookup_path(c, dirfd, need, hpath,
                            (oflags & WASI_O_CREAT) ? MWW_FINAL_OPEN_CREATE : MWW_FINAL_OPEN,
                            &wk);
        if (r != WASI_ESUCCESS)
            return r;
        if (wk.dir_required) {
            fl |= O_DIRECTORY;
            follow = true;
        }
        char *tgt = NULL;
        for (;;) {
            host = openat(mww_walk_dir(&wk), wk.last, fl | O_NOFOLLOW, 0666);
            if (host >= 0)
                break;
            int err = errno;
            r = mww_errno(err);
            if (!follow || (err != ELOOP && err != ENOTDIR && err != EMLINK))
                break;
            /* A final link (maybe one that appeared since the walk): follow it. */
            if (tgt == NULL && (tgt = malloc(4096)) == NULL) {
                r = WASI_ENOMEM;
                break;
            }
            ssize_t n = readlinkat(mww_walk_dir(&wk), wk.last, tgt, 4096);
            if (n < 0)
                break;   /* not a link: err stands */
            if (n >= 4096) {
                r = WASI_ENAMETOOLONG;
                break;
            }
            r = mww_walk_splice(&wk, tgt, (size_t)n);
            if (r != WASI_ESUCCESS)
                break;
        }
        free(tgt);
        mww_walk_free(&wk);
        if (host < 0)
            return r;
    }

    uint8_t type;
    uint64_t mask;
    mww_classify(host, &type, &mask);
    uint32_t fd;
    r = mww_alloc_fd(c->w, &fd);
    if (r != WASI_ESUCCESS) {
        close(host);
        return r;
    }
    mww_fd *e = &c->w->fds[fd];
    memset(e, 0, sizeof *e);
    e->used = true;
    e->host = host;
    e->filetype = type;
    e->rights = base & mask;
    e->inherit = inh;
    e->nonblock = (fdflags & WASI_FDFLAG_NONBLOCK) != 0;
    e->syncflags = (uint16_t)(fdflags & (WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC |
                                         WASI_FDFLAG_SYNC));
    mww_st32(c, ret, fd);
    return WASI_ESUCCESS;
}

uint16_t mww_path_readlink(mww_call *c, const mw_val *a)
{
    uint32_t buf = A32(3), blen = A32(4), ret = A32(5);
    if (!mww_in(c, buf, blen) || !mww_in(c, ret, 4))
        return WASI_EFAULT;
    mww_walk wk;
    uint16_t r = mww_lookup(c, A32(0), WASI_R_PATH_READLINK, A32(1), A32(2),
                            MWW_FINAL_NOFOLLOW, &wk);
    if (r != WASI_ESUCCESS)
        return r;
    char one;
    ssize_t n = blen > 0 ? readlinkat(mww_walk_dir(&wk), wk.last, (char *)mww_ptr(c, buf), blen)
                         : readlinkat(mww_walk_dir(&wk), wk.last, &one, 1);
    if (n < 0)
        r = mww_errno(errno);
    else
        mww_st32(c, ret, blen > 0 ? (uint32_t)n : 0);
    mww_walk_free(&wk);
    return r;
}

uint16_t mww_path_remove_directory(mww_call *c, const mw_val *a)
{
    mww_walk wk;
    uint16_t r = mww_lookup(c, A32(0), WASI_R_PATH_REMOVE_DIRECTORY, A32(1), A32(2),
                            MWW_FINAL_REMOVE, &wk);
    if (r != WASI_ESUCCESS)
        return r;
    if (unlinkat(mww_walk_dir(&wk), wk.last, AT_REMOVEDIR) != 0)
        r = errno == EEXIST ? WASI_ENOTEMPTY : mww_errno(errno);
    mww_walk_free(&wk);
    return r;
}

uint16_t mww_path_rename(mww_call *c, const mw_val *a)
{
    mww_walk from, to;
    uint16_t r = mww_lookup(c, A32(0), WASI_R_PATH_RENAME_SOURCE, A32(1), A32(2),
                            MWW_FINAL_REMOVE, &from);
    if (r != WASI_ESUCCESS)
        return r;
    /* what the target's trailing '/' means depends on what is moved */
    struct stat st;
    if (fstatat(mww_walk_dir(&from), from.last, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        r = mww_errno(errno);
        mww_walk_free(&from);
        return r;
    }
    r = mww_lookup(c, A32(3), WASI_R_PATH_RENAME_TARGET, A32(4), A32(5),
                   S_ISDIR(st.st_mode) ? MWW_FINAL_MKDIR : MWW_FINAL_NONDIR, &to);
    if (r != WASI_ESUCCESS) {
        mww_walk_free(&from);
        return r;
    }
    if (renameat(mww_walk_dir(&from), from.last, mww_walk_dir(&to), to.last) != 0)
        r = mww_errno(errno);
    mww_walk_free(&to);
    mww_walk_free(&from);
    return r;
}

uint16_t mww_path_symlink(mww_call *c, const mw_val *a)
{
    char *target;
    uint16_t r = mww_path_copy(c, A32(0), A32(1), &target);
    if (r != WASI_ESUCCESS)
        return r;
    if (target[0] == '/') {
        free(target);
        return WASI_EPERM;   /* an absolute link could only point outside */
    }
    mww_walk wk;
    r = mww_lookup(c, A32(2), WASI_R_PATH_SYMLINK, A32(3), A32(4), MWW_FINAL_CREATE, &wk);
    if (r == WASI_ESUCCESS) {
        if (symlinkat(target, mww_walk_dir(&wk), wk.last) != 0)
            r = mww_errno(errno);
        mww_walk_free(&wk);
    }
    free(target);
    return r;
}

uint16_t mww_path_unlink_file(mww_call *c, const mw_val *a)
{
    mww_walk wk;
    uint16_t r = mww_lookup(c, A32(0), WASI_R_PATH_UNLINK_FILE, A32(1), A32(2),
                            MWW_FINAL_REMOVE, &wk);
    if (r != WASI_ESUCCESS)
        return r;
    if (unlinkat(mww_walk_dir(&wk), wk.last, 0) != 0) {
        int err = errno;
        struct stat st;
        /* POSIX allows EPERM for a directory; WASI programs expect EISDIR */
        if (err == EPERM && fstatat(mww_walk_dir(&wk), wk.last, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISDIR(st.st_mode))
            err = EISDIR;
        r = mww_errno(err);
    }
    mww_walk_free(&wk);
    return r;
}
