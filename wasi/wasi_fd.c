/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wasi_fd.c — the fd_* functions of wasi_snapshot_preview1, and the read/write loops
 * shared with sock_recv/sock_send.
 *
 * Blocking: a guest fd is blocking unless the guest itself asked for FDFLAGS_NONBLOCK.
 * The host file description may be non-blocking anyway (a parent process may have set
 * O_NONBLOCK on a shared pipe); then EAGAIN is turned back into waiting with poll(), so
 * no byte a guest writes to stdout is lost. Writes to a blocking fd are completed (short
 * writes are continued), as a blocking POSIX write would. Waits also watch the context's
 * wake-up pipe (mw_wasi_interrupt): a woken call returns ERRNO_INTR.
 */
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi_internal.h"

#ifndef MSG_NOSIGNAL
#  define MSG_NOSIGNAL 0
#endif

/* Pipes, terminals, sockets, character devices: reads may block. */
static bool is_stream(const mww_fd *e)
{
    return e->filetype != WASI_FT_REGULAR_FILE && e->filetype != WASI_FT_DIRECTORY &&
           e->filetype != WASI_FT_BLOCK_DEVICE;
}

/* fd_seek, fd_tell, fd_pread, fd_pwrite without the seek/tell right: a pipe, terminal or
 * socket never has it (ESPIPE, as lseek and pread say there); a file whose right was
 * dropped is EBADF, as mww_get_fd. */
static uint16_t no_seek(const mww_fd *e)
{
    return is_stream(e) ? WASI_ESPIPE : WASI_EBADF;
}

/* ------------------------------------------------------------------ read / write loops */

/* One host transfer of k buffers. */
static ssize_t host_io(mww_fd *e, bool write, mww_io_op op, struct iovec *v, int k,
                       uint64_t off, int flags, int *msg_flags)
{
    if (op == MWW_IO_SOCK) {
        struct msghdr m;
        memset(&m, 0, sizeof m);
        m.msg_iov = v;
        m.msg_iovlen = k;
        ssize_t n = write ? sendmsg(e->host, &m, MSG_NOSIGNAL) : recvmsg(e->host, &m, flags);
        if (n >= 0 && msg_flags != NULL)
            *msg_flags = m.msg_flags;
        return n;
    }
    if (op == MWW_IO_AT) {
        if (off > INT64_MAX) {
            errno = EINVAL;
            return -1;
        }
        return write ? pwritev(e->host, v, k, (off_t)off) : preadv(e->host, v, k, (off_t)off);
    }
    return write ? writev(e->host, v, k) : readv(e->host, v, k);
}

/* Is there something to read on host fd `fd` right now? */
static bool readable_now(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    int n;
    do {
        n = poll(&p, 1, 0);
    } while (n < 0 && errno == EINTR);
    return n > 0;
}

/*
 * The first batch of buffers is read as a blocking read(2) would (waiting unless the
 * guest asked for non-blocking I/O). Further batches (more than MWW_IOV_CHUNK buffers)
 * are read only while the previous one was filled and, for streams, data is there at
 * once: a single POSIX readv of all the buffers would not wait either. A socket gets
 * one recvmsg (a second would take another datagram, or peek the same bytes again).
 */
uint16_t mww_io_read(mww_call *c, mww_fd *e, mww_iovs *iov, mww_io_op op, uint64_t off,
                     int flags, size_t *done, int *msg_flags)
{
    struct iovec v[MWW_IOV_CHUNK];
    size_t total = 0;
    *done = 0;
    if (msg_flags != NULL)
        *msg_flags = 0;
    for (;;) {
        size_t want;
        int k = mww_iov_fill(c, iov, v, (size_t)INT32_MAX - total, &want);
        if (k == 0)
            break;
        bool first = total == 0;
        if (!first && (op == MWW_IO_SOCK || (is_stream(e) && !readable_now(e->host))))
            break;
        if (first && !e->nonblock && is_stream(e)) {
            uint16_t r = mww_wait(c->w, e->host, POLLIN);
            if (r != WASI_ESUCCESS)
                return r;
        }
        ssize_t got = host_io(e, false, op, v, k, off + total, flags, msg_flags);
        if (got < 0) {
            int err = errno;
            if (first && err == EINTR)
                continue;
            if (first && (err == EAGAIN || err == EWOULDBLOCK) && !e->nonblock)
                continue;   /* host fd is non-blocking behind our back: wait again */
            if (!first)
                break;      /* report what was read; the error comes on the next call */
            return mww_errno(err);
        }
        total += (size_t)got;
        mww_iov_advance(iov, (size_t)got);
        if ((size_t)got < want || got == 0)
            break;   /* a short read ends the call, as in POSIX */
    }
    *done = total;
    return WASI_ESUCCESS;
}

uint16_t mww_io_write(mww_call *c, mww_fd *e, mww_iovs *iov, mww_io_op op, uint64_t off,
                      size_t *done)
{
    struct iovec v[MWW_IOV_CHUNK];
    size_t total = 0;
    *done = 0;
    for (;;) {
        size_t want;
        int k = mww_iov_fill(c, iov, v, (size_t)INT32_MAX - total, &want);
        if (k == 0)
            break;
        ssize_t put = host_io(e, true, op, v, k, off + total, 0, NULL);
        if (put < 0) {
            int err = errno;
            if (err == EINTR)
                continue;
            if ((err == EAGAIN || err == EWOULDBLOCK) && !e->nonblock) {
                uint16_t r = mww_wait(c->w, e->host, POLLOUT);
                if (r == WASI_ESUCCESS)
                    continue;
                if (total > 0)
                    break;
                return r;
            }
            if (total > 0)
                break;   /* report what was written; the error comes on the next call */
            return mww_errno(err);
        }
        total += (size_t)put;
        mww_iov_advance(iov, (size_t)put);
        if (put == 0)
            break;
    }
    *done = total;
    return WASI_ESUCCESS;
}

/* ------------------------------------------------------------------ fd_* */

uint16_t mww_fd_advise(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_ADVISE, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint64_t off = A64(1), len = A64(2);
    uint32_t adv = A32(3);
    if (adv > 5 || off > INT64_MAX || len > INT64_MAX)
        return WASI_EINVAL;
    if (e->filetype == WASI_FT_DIRECTORY)
        return WASI_ESUCCESS;   /* advice is only advice */
#if defined(POSIX_FADV_NORMAL) && !defined(__APPLE__)
    static const int map[6] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                               POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
    int rc = posix_fadvise(e->host, (off_t)off, (off_t)len, map[adv]);
    if (rc == ESPIPE)
        return WASI_ESPIPE;
    return WASI_ESUCCESS;   /* other failures of advice are not the guest's concern */
#else
    return WASI_ESUCCESS;
#endif
}

uint16_t mww_fd_allocate(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_ALLOCATE, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint64_t off = A64(1), len = A64(2);
    if (off > INT64_MAX || len > INT64_MAX || off + len > INT64_MAX)
        return WASI_EFBIG;
    if (len == 0)
        return WASI_EINVAL;
    if (e->filetype != WASI_FT_REGULAR_FILE)
        return e->filetype == WASI_FT_DIRECTORY ? WASI_EISDIR : WASI_ESPIPE;
#if !defined(__APPLE__)
    int rc = posix_fallocate(e->host, (off_t)off, (off_t)len);
    if (rc == 0)
        return WASI_ESUCCESS;
    if (rc != EOPNOTSUPP && rc != ENOTSUP && rc != ENOSYS && rc != EINVAL)
        return mww_errno(rc);
#endif
    /* The file system cannot reserve space: at least make the file that long. */
    struct stat st;
    if (fstat(e->host, &st) != 0)
        return mww_errno(errno);
    if ((uint64_t)st.st_size < off + len && ftruncate(e->host, (off_t)(off + len)) != 0)
        return mww_errno(errno);
    return WASI_ESUCCESS;
}

uint16_t mww_fd_close(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), 0, &e);
    if (r != WASI_ESUCCESS)
        return r;
    mww_close_entry(e);
    return WASI_ESUCCESS;
}

uint16_t mww_fd_datasync(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_DATASYNC, &e);
    if (r != WASI_ESUCCESS)
        return r;
#if defined(__APPLE__)
    int rc = fsync(e->host);
#else
    int rc = fdatasync(e->host);
#endif
    return rc == 0 ? WASI_ESUCCESS : mww_errno(errno);
}

uint16_t mww_fd_sync(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_SYNC, &e);
    if (r != WASI_ESUCCESS)
        return r;
    return fsync(e->host) == 0 ? WASI_ESUCCESS : mww_errno(errno);
}

static uint16_t fdflags_of(const mww_fd *e)
{
    uint16_t f = e->syncflags;
    int fl = fcntl(e->host, F_GETFL);
    if (fl >= 0 && (fl & O_APPEND))
        f |= WASI_FDFLAG_APPEND;
    if (e->nonblock)
        f |= WASI_FDFLAG_NONBLOCK;
    return f;
}

uint16_t mww_fd_fdstat_get(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), 0, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t p = A32(1);
    if (!mww_in(c, p, WASI_FDSTAT_SIZE))
        return WASI_EFAULT;
    memset(mww_ptr(c, p), 0, WASI_FDSTAT_SIZE);
    mww_st8(c, p + 0, e->filetype);
    mww_st16(c, p + 2, fdflags_of(e));
    mww_st64(c, p + 8, e->rights);
    mww_st64(c, p + 16, e->inherit);
    return WASI_ESUCCESS;
}

uint16_t mww_fd_fdstat_set_flags(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_FDSTAT_SET_FLAGS, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t f = A32(1);
    if (f & ~UINT32_C(0x1f))
        return WASI_EINVAL;
    const uint32_t syncs = WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC;
    if ((f & syncs) != e->syncflags)
        return WASI_ENOTSUP;   /* the host cannot change these after open */
    int fl = fcntl(e->host, F_GETFL);
    if (fl < 0)
        return mww_errno(errno);
    int nf = fl & ~(O_APPEND | O_NONBLOCK);
    if (f & WASI_FDFLAG_APPEND)
        nf |= O_APPEND;
    if (f & WASI_FDFLAG_NONBLOCK)
        nf |= O_NONBLOCK;
    if (nf != fl && fcntl(e->host, F_SETFL, nf) != 0)
        return mww_errno(errno);
    e->nonblock = (f & WASI_FDFLAG_NONBLOCK) != 0;
    return WASI_ESUCCESS;
}

uint16_t mww_fd_fdstat_set_rights(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), 0, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint64_t base = A64(1), inh = A64(2);
    if ((base & ~e->rights) || (inh & ~e->inherit))
        return WASI_ENOTCAPABLE;   /* rights can only be dropped (wasi-testsuite's
                                      fd_fdstat_set_rights wants exactly this errno) */
    e->rights = base;
    e->inherit = inh;
    return WASI_ESUCCESS;
}

uint16_t mww_fd_filestat_get(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_FILESTAT_GET, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t p = A32(1);
    if (!mww_in(c, p, WASI_FILESTAT_SIZE))
        return WASI_EFAULT;
    struct stat st;
    if (fstat(e->host, &st) != 0)
        return mww_errno(errno);
    mww_put_filestat(c, p, &st);
    if (e->filetype == WASI_FT_SOCKET_DGRAM || e->filetype == WASI_FT_SOCKET_STREAM)
        mww_st8(c, p + 16, e->filetype);
    return WASI_ESUCCESS;
}

uint16_t mww_fd_filestat_set_size(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_FILESTAT_SET_SIZE, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint64_t size = A64(1);
    if (size > INT64_MAX)
        return WASI_EFBIG;
    return ftruncate(e->host, (off_t)size) == 0 ? WASI_ESUCCESS : mww_errno(errno);
}

/* atim/mtim/fst_flags -> the two timespecs of futimens/utimensat. */
uint16_t mww_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2])
{
    if (fst & ~UINT32_C(0xf))
        return WASI_EINVAL;
    if (((fst & WASI_FST_ATIM) && (fst & WASI_FST_ATIM_NOW)) ||
        ((fst & WASI_FST_MTIM) && (fst & WASI_FST_MTIM_NOW)))
        return WASI_EINVAL;
    const uint64_t t[2] = {atim, mtim};
    const uint32_t set[2] = {WASI_FST_ATIM, WASI_FST_MTIM};
    const uint32_t now[2] = {WASI_FST_ATIM_NOW, WASI_FST_MTIM_NOW};
    for (int i = 0; i < 2; i++) {
        if (fst & set[i]) {
            ts[i].tv_sec = (time_t)(t[i] / 1000000000u);
            ts[i].tv_nsec = (long)(t[i] % 1000000000u);
        } else {
            ts[i].tv_sec = 0;
            ts[i].tv_nsec = (fst & now[i]) ? UTIME_NOW : UTIME_OMIT;
        }
    }
    return WASI_ESUCCESS;
}

uint16_t mww_fd_filestat_set_times(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_FILESTAT_SET_TIMES, &e);
    if (r != WASI_ESUCCESS)
        return r;
    struct timespec ts[2];
    r = mww_times(A64(1), A64(2), A32(3), ts);
    if (r != WASI_ESUCCESS)
        return r;
    return futimens(e->host, ts) == 0 ? WASI_ESUCCESS : mww_errno(errno);
}

/* fd_read, fd_write, fd_pread, fd_pwrite: (fd, iovs, n, [offset,] result). */
static uint16_t rw(mww_call *c, const mw_val *a, bool write, bool at)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), write ? WASI_R_FD_WRITE : WASI_R_FD_READ, &e);
    if (r != WASI_ESUCCESS)
        return r;
    /* fd_pread/fd_pwrite need FD_SEEK too. A directory never has it: there the host
     * says EISDIR, as Linux's pread (and fd_read) does. */
    if (at && e->filetype != WASI_FT_DIRECTORY && !(e->rights & WASI_R_FD_SEEK))
        return no_seek(e);
    uint32_t ret = at ? A32(4) : A32(3);
    uint64_t off = at ? A64(3) : 0;
    mww_iovs iov;
    r = mww_iovs_get(c, A32(1), A32(2), &iov);
    if (r == WASI_ESUCCESS && !mww_in(c, ret, 4))
        r = WASI_EFAULT;
    if (r == WASI_ESUCCESS && off > INT64_MAX)
        r = WASI_EINVAL;
    size_t n = 0;
    mww_io_op op = at ? MWW_IO_AT : MWW_IO_STREAM;
    if (r == WASI_ESUCCESS)
        r = write ? mww_io_write(c, e, &iov, op, off, &n)
                  : mww_io_read(c, e, &iov, op, off, 0, &n, NULL);
    mww_iovs_free(&iov);
    if (r == WASI_ESUCCESS)
        mww_st32(c, ret, (uint32_t)n);
    return r;
}

uint16_t mww_fd_pread(mww_call *c, const mw_val *a) { return rw(c, a, false, true); }
uint16_t mww_fd_pwrite(mww_call *c, const mw_val *a) { return rw(c, a, true, true); }
uint16_t mww_fd_read(mww_call *c, const mw_val *a) { return rw(c, a, false, false); }
uint16_t mww_fd_write(mww_call *c, const mw_val *a) { return rw(c, a, true, false); }

uint16_t mww_fd_prestat_get(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), 0, &e);
    if (r != WASI_ESUCCESS)
        return r;
    if (!e->preopen)
        return WASI_EBADF;   /* what wasi-libc's scan of pre-opens stops at */
    uint32_t p = A32(1);
    if (!mww_in(c, p, WASI_PRESTAT_SIZE))
        return WASI_EFAULT;
    memset(mww_ptr(c, p), 0, WASI_PRESTAT_SIZE);
    mww_st8(c, p, WASI_PREOPEN_DIR);
    mww_st32(c, p + 4, (uint32_t)e->name_len);
    return WASI_ESUCCESS;
}

uint16_t mww_fd_prestat_dir_name(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), 0, &e);
    if (r != WASI_ESUCCESS)
        return r;
    if (!e->preopen)
        return WASI_EBADF;
    uint32_t p = A32(1), len = A32(2);
    if (!mww_in(c, p, len))
        return WASI_EFAULT;
    if (len < e->name_len)
        return WASI_ENAMETOOLONG;
    memcpy(mww_ptr(c, p), e->name, e->name_len);
    return WASI_ESUCCESS;
}

static uint8_t dirent_type(DIR *d, const struct dirent *de)
{
#if defined(DT_DIR)
    switch (de->d_type) {
    case DT_REG: return WASI_FT_REGULAR_FILE;
    case DT_DIR: return WASI_FT_DIRECTORY;
    case DT_LNK: return WASI_FT_SYMBOLIC_LINK;
    case DT_CHR: return WASI_FT_CHARACTER_DEVICE;
    case DT_BLK: return WASI_FT_BLOCK_DEVICE;
    case DT_SOCK: return WASI_FT_SOCKET_STREAM;
    case DT_FIFO: return WASI_FT_UNKNOWN;
    default: break;
    }
#endif
    struct stat st;
    if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return WASI_FT_UNKNOWN;
    return mww_filetype_of_mode((unsigned)st.st_mode);
}

/* Put one dirent (header, then name) at buf + *used, cut off at len: is it whole? */
static bool put_dirent(mww_call *c, uint32_t buf, uint32_t len, uint32_t *used,
                       const mww_dirent *d, const char *name)
{
    bool whole = (uint64_t)len - *used >= WASI_DIRENT_SIZE + (uint64_t)d->len;
    uint8_t hdr[WASI_DIRENT_SIZE];
    memset(hdr, 0, sizeof hdr);
    for (int i = 0; i < 8; i++) {
        hdr[i] = (uint8_t)(d->next >> (8 * i));
        hdr[8 + i] = (uint8_t)(d->ino >> (8 * i));
    }
    for (int i = 0; i < 4; i++)
        hdr[16 + i] = (uint8_t)((uint32_t)d->len >> (8 * i));
    hdr[20] = d->type;
    uint32_t take = len - *used < WASI_DIRENT_SIZE ? len - *used : WASI_DIRENT_SIZE;
    memcpy(mww_ptr(c, buf + *used), hdr, take);
    *used += take;
    take = len - *used < d->len ? len - *used : (uint32_t)d->len;
    memcpy(mww_ptr(c, buf + *used), name, take);
    *used += take;
    return whole;
}

/*
 * Host directory positions (telldir) may take 63 bits (ext4's hashes), but wasi-libc
 * keeps a cookie in a `long`, 32 bits on wasm32 (telldir/seekdir). Positions below
 * MWW_COOKIE_MAPPED are cookies as they are; larger ones are numbered per fd, each the
 * same number every time it is met: cookie MWW_COOKIE_MAPPED + index.
 */
#define MWW_COOKIE_MAPPED (UINT64_C(1) << 30)
#define MWW_COOKIES_MAX (UINT32_C(1) << 26)
struct mww_cookies {
    uint64_t *pos;     /* index -> position */
    uint32_t n, cap;
    uint32_t *slot;    /* hash of position -> index + 1 (0: empty) */
    uint32_t nslot;    /* a power of two, twice cap */
};

void mww_cookies_free(struct mww_cookies *t)
{
    if (t != NULL) {
        free(t->pos);
        free(t->slot);
        free(t);
    }
}

static uint32_t slot_of(const struct mww_cookies *t, uint64_t pos)
{
    uint32_t i = (uint32_t)((pos * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & (t->nslot - 1);
    while (t->slot[i] != 0 && t->pos[t->slot[i] - 1] != pos)
        i = (i + 1) & (t->nslot - 1);
    return i;
}

static bool cookies_grow(struct mww_cookies *t)
{
    uint32_t cap = t->cap ? t->cap * 2 : 256;
    uint64_t *np = realloc(t->pos, cap * sizeof *np);
    if (np == NULL)
        return false;
    t->pos = np;
    uint32_t *ns = calloc((size_t)cap * 2, sizeof *ns);
    if (ns == NULL)
        return false;
    free(t->slot);
    t->cap = cap;
    t->slot = ns;
    t->nslot = cap * 2;
    for (uint32_t k = 0; k < t->n; k++)
        t->slot[slot_of(t, t->pos[k])] = k + 1;
    return true;
}

/* The cookie for host position pos; 0 when the table is full or out of memory. */
static uint64_t cookie_of(mww_fd *e, uint64_t pos)
{
    if (pos < MWW_COOKIE_MAPPED)
        return pos;
    struct mww_cookies *t = e->cookies;
    if (t == NULL && (t = e->cookies = calloc(1, sizeof *t)) == NULL)
        return 0;
    if (t->n > 0) {
        uint32_t s = slot_of(t, pos);
        if (t->slot[s] != 0)
            return MWW_COOKIE_MAPPED + t->slot[s] - 1;
    }
    if (t->n == t->cap && (t->n >= MWW_COOKIES_MAX || !cookies_grow(t)))
        return 0;
    t->pos[t->n] = pos;
    t->slot[slot_of(t, pos)] = ++t->n;
    return MWW_COOKIE_MAPPED + t->n - 1;
}

/* Open the fd_readdir stream (its own host fd, so that fd_seek does not move it), or put
 * it at `cookie`. */
static uint16_t dir_seek(mww_fd *e, uint64_t cookie)
{
    if (e->dir == NULL) {
        int d = openat(e->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (d < 0)
            return mww_errno(errno);
        e->dir = fdopendir(d);
        if (e->dir == NULL) {
            int err = errno;
            close(d);
            return mww_errno(err);
        }
        e->dir_pos = 0;
    }
    if (cookie == e->dir_pos)
        return WASI_ESUCCESS;
    uint64_t pos = cookie;
    if (cookie >= MWW_COOKIE_MAPPED) {
        const struct mww_cookies *t = e->cookies;
        if (t == NULL || cookie - MWW_COOKIE_MAPPED >= t->n)
            return WASI_EINVAL;   /* never a cookie of ours */
        pos = t->pos[cookie - MWW_COOKIE_MAPPED];
    }
    if (pos > LONG_MAX)
        return WASI_EINVAL;
    if (pos == 0)
        rewinddir(e->dir);
    else
        seekdir(e->dir, (long)pos);
    e->dir_pos = cookie;
    return WASI_ESUCCESS;
}

/*
 * Cookies are the host's telldir() positions (0 is the start; large ones numbered, see
 * cookie_of), so a cookie names the place after an entry whatever is created or deleted
 * meanwhile, and seekdir() resumes exactly there. A call with the cookie where the
 * stream is continues it. An entry that does not fit is cut off at the end of the buffer
 * (bufused == buf_len tells the guest to ask again from the cookie before it) and kept:
 * asked for again, it is given from the copy and the stream goes on without a seek.
 */
uint16_t mww_fd_readdir(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), 0, &e);
    if (r != WASI_ESUCCESS)
        return r;
    /* before rights, as getdents on a file (wasi-libc's fdopendir reports this) */
    if (e->filetype != WASI_FT_DIRECTORY)
        return WASI_ENOTDIR;
    if ((r = mww_get_fd(c, A32(0), WASI_R_FD_READDIR, &e)) != WASI_ESUCCESS)
        return r;
    uint32_t buf = A32(1), len = A32(2), ret = A32(4);
    uint64_t cookie = A64(3);
    if (!mww_in(c, buf, len) || !mww_in(c, ret, 4))
        return WASI_EFAULT;
    uint32_t used = 0;
    mww_dirent *d = e->pend;
    e->pend = NULL;
    if (d != NULL && d->at == cookie && e->dir != NULL) {
        if (!put_dirent(c, buf, len, &used, d, d->name)) {
            e->pend = d;   /* still too long for this buffer */
            mww_st32(c, ret, used);
            return WASI_ESUCCESS;
        }
    } else if ((r = dir_seek(e, cookie)) != WASI_ESUCCESS) {
        free(d);
        return r;
    }
    free(d);
    while (used < len) {
        errno = 0;
        struct dirent *de = readdir(e->dir);
        if (de == NULL) {
            if (errno != 0 && used == 0)
                return mww_errno(errno);
            break;
        }
        mww_dirent h;
        h.at = e->dir_pos;
        h.next = cookie_of(e, (uint64_t)telldir(e->dir));
        if (h.next == 0) {   /* no cookie to give for the place after it */
            dir_seek(e, h.at);
            if (used == 0)
                return WASI_ENOMEM;
            break;
        }
        e->dir_pos = h.next;
        h.ino = (uint64_t)de->d_ino;
        h.type = dirent_type(e->dir, de);
        h.len = strlen(de->d_name);
        if (!put_dirent(c, buf, len, &used, &h, de->d_name)) {
            /* keep a copy; without one (no memory) the cookie still leads back to it */
            if ((e->pend = malloc(sizeof h + h.len)) != NULL) {
                *e->pend = h;
                memcpy(e->pend->name, de->d_name, h.len);
            }
            break;
        }
    }
    mww_st32(c, ret, used);
    return WASI_ESUCCESS;
}

uint16_t mww_fd_renumber(mww_call *c, const mw_val *a)
{
    mww_fd *from, *to;
    uint16_t r = mww_get_fd(c, A32(0), 0, &from);
    if (r != WASI_ESUCCESS)
        return r;
    if ((r = mww_get_fd(c, A32(1), 0, &to)) != WASI_ESUCCESS)
        return r;
    if (from == to)
        return WASI_ESUCCESS;
    mww_close_entry(to);
    *to = *from;
    memset(from, 0, sizeof *from);
    from->host = -1;
    return WASI_ESUCCESS;
}

uint16_t mww_fd_seek(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), 0, &e);
    if (r != WASI_ESUCCESS)
        return r;
    if (e->filetype == WASI_FT_DIRECTORY)
        return WASI_EBADF;   /* see WASI_R_DIR */
    int64_t off = (int64_t)A64(1);
    uint32_t whence = A32(2), ret = A32(3);
    /* fd_tell's right suffices for the seek that only tells */
    uint64_t need = (off == 0 && whence == WASI_WHENCE_CUR) ? WASI_R_FD_TELL : WASI_R_FD_SEEK;
    if ((e->rights & need) == 0 && (e->rights & WASI_R_FD_SEEK) == 0)
        return no_seek(e);
    if (whence > WASI_WHENCE_END)
        return WASI_EINVAL;
    if (!mww_in(c, ret, 8))
        return WASI_EFAULT;
    static const int wmap[3] = {SEEK_SET, SEEK_CUR, SEEK_END};
    off_t pos = lseek(e->host, (off_t)off, wmap[whence]);
    if (pos < 0)
        return mww_errno(errno);
    mww_st64(c, ret, (uint64_t)pos);
    return WASI_ESUCCESS;
}

uint16_t mww_fd_tell(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), 0, &e);
    if (r != WASI_ESUCCESS)
        return r;
    if (e->filetype == WASI_FT_DIRECTORY)
        return WASI_EBADF;   /* see WASI_R_DIR */
    if ((e->rights & WASI_R_FD_TELL) == 0)
        return no_seek(e);
    uint32_t ret = A32(1);
    if (!mww_in(c, ret, 8))
        return WASI_EFAULT;
    off_t pos = lseek(e->host, 0, SEEK_CUR);
    if (pos < 0)
        return mww_errno(errno);
    mww_st64(c, ret, (uint64_t)pos);
    return WASI_ESUCCESS;
}
