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

/* ------------------------------------------------------------------ read / write loops */

uint16_t mww_io_read(mww_call *c, mww_fd *e, uint32_t iovs, uint32_t n, int rflags,
                     bool sock, size_t *done, int *msg_flags)
{
    mww_iocur cur = {iovs, n, 0, 0};
    struct iovec v[MWW_IOV_CHUNK];
    size_t want;
    int k = mww_iov_fill(c, &cur, v, (size_t)INT32_MAX, &want);
    *done = 0;
    if (msg_flags != NULL)
        *msg_flags = 0;
    if (k == 0)
        return WASI_ESUCCESS;
    for (;;) {
        if (!e->nonblock && is_stream(e)) {
            uint16_t r = mww_wait(c->w, e->host, POLLIN);
            if (r != WASI_ESUCCESS)
                return r;
        }
        ssize_t got;
        if (sock) {
            struct msghdr m;
            memset(&m, 0, sizeof m);
            m.msg_iov = v;
            m.msg_iovlen = k;
            got = recvmsg(e->host, &m, rflags);
            if (got >= 0 && msg_flags != NULL)
                *msg_flags = m.msg_flags;
        } else {
            got = readv(e->host, v, k);
        }
        if (got < 0) {
            if (errno == EINTR)
                continue;
            if ((errno == EAGAIN || errno == EWOULDBLOCK) && !e->nonblock)
                continue;   /* host fd is non-blocking behind our back: wait again */
            return mww_errno(errno);
        }
        *done = (size_t)got;
        return WASI_ESUCCESS;
    }
}

uint16_t mww_io_write(mww_call *c, mww_fd *e, uint32_t iovs, uint32_t n, bool sock,
                      size_t *done)
{
    mww_iocur cur = {iovs, n, 0, 0};
    struct iovec v[MWW_IOV_CHUNK];
    size_t total = 0;
    *done = 0;
    for (;;) {
        size_t want;
        int k = mww_iov_fill(c, &cur, v, (size_t)INT32_MAX - total, &want);
        if (k == 0)
            break;
        ssize_t put;
        if (sock) {
            struct msghdr m;
            memset(&m, 0, sizeof m);
            m.msg_iov = v;
            m.msg_iovlen = k;
            put = sendmsg(e->host, &m, MSG_NOSIGNAL);
        } else {
            put = writev(e->host, v, k);
        }
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
        mww_iov_advance(c, &cur, (size_t)put);
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
        return WASI_ENOTCAPABLE;   /* rights can only be dropped */
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

/* fd_pread / fd_pwrite: positioned I/O, one host iovec at a time. */
static uint16_t positioned(mww_call *c, const mw_val *a, bool write)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), (write ? WASI_R_FD_WRITE : WASI_R_FD_READ) |
                                          WASI_R_FD_SEEK, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t iovs = A32(1), n = A32(2), ret = A32(4);
    uint64_t off = A64(3);
    if ((r = mww_check_iovs(c, iovs, n)) != WASI_ESUCCESS)
        return r;
    if (!mww_in(c, ret, 4))
        return WASI_EFAULT;
    if (off > INT64_MAX)
        return WASI_EINVAL;
    mww_iocur cur = {iovs, n, 0, 0};
    size_t total = 0;
    for (;;) {
        struct iovec v[MWW_IOV_CHUNK];
        size_t want;
        int k = mww_iov_fill(c, &cur, v, (size_t)INT32_MAX - total, &want);
        if (k == 0)
            break;
        ssize_t got;
        do {
            got = write ? pwrite(e->host, v[0].iov_base, v[0].iov_len, (off_t)(off + total))
                        : pread(e->host, v[0].iov_base, v[0].iov_len, (off_t)(off + total));
        } while (got < 0 && errno == EINTR);
        if (got < 0) {
            if (total > 0)
                break;
            return mww_errno(errno);
        }
        total += (size_t)got;
        mww_iov_advance(c, &cur, (size_t)got);
        if ((size_t)got < v[0].iov_len)
            break;   /* end of file, or a short write */
    }
    mww_st32(c, ret, (uint32_t)total);
    return WASI_ESUCCESS;
}

uint16_t mww_fd_pread(mww_call *c, const mw_val *a) { return positioned(c, a, false); }
uint16_t mww_fd_pwrite(mww_call *c, const mw_val *a) { return positioned(c, a, true); }

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

uint16_t mww_fd_read(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_READ, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t iovs = A32(1), n = A32(2), ret = A32(3);
    if ((r = mww_check_iovs(c, iovs, n)) != WASI_ESUCCESS)
        return r;
    if (!mww_in(c, ret, 4))
        return WASI_EFAULT;
    size_t got;
    r = mww_io_read(c, e, iovs, n, 0, false, &got, NULL);
    if (r != WASI_ESUCCESS)
        return r;
    mww_st32(c, ret, (uint32_t)got);
    return WASI_ESUCCESS;
}

uint16_t mww_fd_write(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_WRITE, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t iovs = A32(1), n = A32(2), ret = A32(3);
    if ((r = mww_check_iovs(c, iovs, n)) != WASI_ESUCCESS)
        return r;
    if (!mww_in(c, ret, 4))
        return WASI_EFAULT;
    size_t put;
    r = mww_io_write(c, e, iovs, n, false, &put);
    if (r != WASI_ESUCCESS)
        return r;
    mww_st32(c, ret, (uint32_t)put);
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

/*
 * Cookies are entry indexes: cookie k starts at the k-th entry of the directory (0 is
 * the start). A call with the cookie where the stream already is continues it; any
 * other cookie rewinds and skips. An entry that does not fit is cut off at the end of
 * the buffer (bufused == buf_len tells the guest to grow its buffer and ask again).
 */
uint16_t mww_fd_readdir(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_READDIR, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t buf = A32(1), len = A32(2), ret = A32(4);
    uint64_t cookie = A64(3);
    if (!mww_in(c, buf, len) || !mww_in(c, ret, 4))
        return WASI_EFAULT;
    if (e->filetype != WASI_FT_DIRECTORY)
        return WASI_ENOTDIR;
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
    struct dirent *de;
    if (cookie != e->dir_pos) {
        rewinddir(e->dir);
        e->dir_pos = 0;
        while (e->dir_pos < cookie) {
            errno = 0;
            if ((de = readdir(e->dir)) == NULL) {
                if (errno != 0)
                    return mww_errno(errno);
                mww_st32(c, ret, 0);
                return WASI_ESUCCESS;
            }
            e->dir_pos++;
        }
    }
    uint32_t used = 0;
    while (used < len) {
        errno = 0;
        if ((de = readdir(e->dir)) == NULL) {
            if (errno != 0 && used == 0)
                return mww_errno(errno);
            break;
        }
        size_t nl = strlen(de->d_name);
        uint8_t hdr[WASI_DIRENT_SIZE];
        memset(hdr, 0, sizeof hdr);
        uint64_t next = e->dir_pos + 1, ino = (uint64_t)de->d_ino;
        for (int i = 0; i < 8; i++) {
            hdr[i] = (uint8_t)(next >> (8 * i));
            hdr[8 + i] = (uint8_t)(ino >> (8 * i));
        }
        for (int i = 0; i < 4; i++)
            hdr[16 + i] = (uint8_t)((uint32_t)nl >> (8 * i));
        hdr[20] = dirent_type(e->dir, de);
        uint32_t take = len - used < WASI_DIRENT_SIZE ? len - used : WASI_DIRENT_SIZE;
        memcpy(mww_ptr(c, buf + used), hdr, take);
        used += take;
        take = len - used < nl ? len - used : (uint32_t)nl;
        memcpy(mww_ptr(c, buf + used), de->d_name, take);
        used += take;
        e->dir_pos++;
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
    int64_t off = (int64_t)A64(1);
    uint32_t whence = A32(2), ret = A32(3);
    /* fd_tell's right suffices for the seek that only tells */
    uint64_t need = (off == 0 && whence == WASI_WHENCE_CUR) ? WASI_R_FD_TELL : WASI_R_FD_SEEK;
    if ((e->rights & need) == 0 && (e->rights & WASI_R_FD_SEEK) == 0)
        return WASI_ENOTCAPABLE;
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
    uint16_t r = mww_get_fd(c, A32(0), WASI_R_FD_TELL, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t ret = A32(1);
    if (!mww_in(c, ret, 8))
        return WASI_EFAULT;
    off_t pos = lseek(e->host, 0, SEEK_CUR);
    if (pos < 0)
        return mww_errno(errno);
    mww_st64(c, ret, (uint64_t)pos);
    return WASI_ESUCCESS;
}
