/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wasi_ctx.c — the WASI context: creation from a config, the guest fd table, host errno
 * translation, iovec checking, and registration of the 46 functions with a linker.
 */
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_internal.h"

#define MWW_MAX_FDS 65536u

/* ------------------------------------------------------------------ errno */

uint16_t mww_errno(int e)
{
    switch (e) {
    case 0: return WASI_ESUCCESS;
    case E2BIG: return WASI_E2BIG;
    case EACCES: return WASI_EACCES;
    case EADDRINUSE: return WASI_EADDRINUSE;
    case EADDRNOTAVAIL: return WASI_EADDRNOTAVAIL;
    case EAFNOSUPPORT: return WASI_EAFNOSUPPORT;
    case EAGAIN: return WASI_EAGAIN;
#if defined(EWOULDBLOCK) && EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK: return WASI_EAGAIN;
#endif
    case EALREADY: return WASI_EALREADY;
    case EBADF: return WASI_EBADF;
    case EBADMSG: return WASI_EBADMSG;
    case EBUSY: return WASI_EBUSY;
    case ECANCELED: return WASI_ECANCELED;
    case ECHILD: return WASI_ECHILD;
    case ECONNABORTED: return WASI_ECONNABORTED;
    case ECONNREFUSED: return WASI_ECONNREFUSED;
    case ECONNRESET: return WASI_ECONNRESET;
    case EDEADLK: return WASI_EDEADLK;
    case EDESTADDRREQ: return WASI_EDESTADDRREQ;
    case EDOM: return WASI_EDOM;
    case EDQUOT: return WASI_EDQUOT;
    case EEXIST: return WASI_EEXIST;
    case EFAULT: return WASI_EFAULT;
    case EFBIG: return WASI_EFBIG;
    case EHOSTUNREACH: return WASI_EHOSTUNREACH;
    case EIDRM: return WASI_EIDRM;
    case EILSEQ: return WASI_EILSEQ;
    case EINPROGRESS: return WASI_EINPROGRESS;
    case EINTR: return WASI_EINTR;
    case EINVAL: return WASI_EINVAL;
    case EIO: return WASI_EIO;
    case EISCONN: return WASI_EISCONN;
    case EISDIR: return WASI_EISDIR;
    case ELOOP: return WASI_ELOOP;
    case EMFILE: return WASI_EMFILE;
    case EMLINK: return WASI_EMLINK;
    case EMSGSIZE: return WASI_EMSGSIZE;
#ifdef EMULTIHOP
    case EMULTIHOP: return WASI_EMULTIHOP;
#endif
    case ENAMETOOLONG: return WASI_ENAMETOOLONG;
    case ENETDOWN: return WASI_ENETDOWN;
    case ENETRESET: return WASI_ENETRESET;
    case ENETUNREACH: return WASI_ENETUNREACH;
    case ENFILE: return WASI_ENFILE;
    case ENOBUFS: return WASI_ENOBUFS;
    case ENODEV: return WASI_ENODEV;
    case ENOENT: return WASI_ENOENT;
    case ENOEXEC: return WASI_ENOEXEC;
    case ENOLCK: return WASI_ENOLCK;
#ifdef ENOLINK
    case ENOLINK: return WASI_ENOLINK;
#endif
    case ENOMEM: return WASI_ENOMEM;
    case ENOMSG: return WASI_ENOMSG;
    case ENOPROTOOPT: return WASI_ENOPROTOOPT;
    case ENOSPC: return WASI_ENOSPC;
    case ENOSYS: return WASI_ENOSYS;
    case ENOTCONN: return WASI_ENOTCONN;
    case ENOTDIR: return WASI_ENOTDIR;
    case ENOTEMPTY: return WASI_ENOTEMPTY;
#ifdef ENOTRECOVERABLE
    case ENOTRECOVERABLE: return WASI_ENOTRECOVERABLE;
#endif
    case ENOTSOCK: return WASI_ENOTSOCK;
    case ENOTSUP: return WASI_ENOTSUP;
#if defined(EOPNOTSUPP) && EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return WASI_ENOTSUP;
#endif
    case ENOTTY: return WASI_ENOTTY;
    case ENXIO: return WASI_ENXIO;
    case EOVERFLOW: return WASI_EOVERFLOW;
#ifdef EOWNERDEAD
    case EOWNERDEAD: return WASI_EOWNERDEAD;
#endif
    case EPERM: return WASI_EPERM;
    case EPIPE: return WASI_EPIPE;
    case EPROTO: return WASI_EPROTO;
    case EPROTONOSUPPORT: return WASI_EPROTONOSUPPORT;
    case EPROTOTYPE: return WASI_EPROTOTYPE;
    case ERANGE: return WASI_ERANGE;
    case EROFS: return WASI_EROFS;
    case ESPIPE: return WASI_ESPIPE;
    case ESRCH: return WASI_ESRCH;
    case ESTALE: return WASI_ESTALE;
    case ETIMEDOUT: return WASI_ETIMEDOUT;
    case ETXTBSY: return WASI_ETXTBSY;
    case EXDEV: return WASI_EXDEV;
    default: return WASI_EIO;
    }
}

/* ------------------------------------------------------------------ fd table */

uint16_t mww_get_fd(mww_call *c, uint32_t fd, uint64_t rights, mww_fd **out)
{
    mw_wasi *w = c->w;
    if (fd >= w->nfds || !w->fds[fd].used)
        return WASI_EBADF;
    mww_fd *e = &w->fds[fd];
    /* An fd without the right for an operation is, like a POSIX fd not open for it
     * (read on O_WRONLY), EBADF: what wasi-testsuite's older path_open_read_without_rights
     * requires and its current fd_fdstat_set_rights and path_open_read_write accept. */
    if ((e->rights & rights) != rights)
        return WASI_EBADF;
    *out = e;
    return WASI_ESUCCESS;
}

uint16_t mww_alloc_fd(mw_wasi *w, uint32_t *out)
{
    for (uint32_t i = 0; i < w->nfds; i++) {
        if (!w->fds[i].used) {
            *out = i;
            return WASI_ESUCCESS;
        }
    }
    if (w->nfds >= MWW_MAX_FDS)
        return WASI_EMFILE;
    uint32_t ncap = w->nfds < 8 ? 16 : w->nfds * 2;
    if (ncap > MWW_MAX_FDS)
        ncap = MWW_MAX_FDS;
    mww_fd *nf = realloc(w->fds, (size_t)ncap * sizeof *nf);
    if (nf == NULL)
        return WASI_ENOMEM;
    memset(nf + w->nfds, 0, (size_t)(ncap - w->nfds) * sizeof *nf);
    for (uint32_t i = w->nfds; i < ncap; i++)
        nf[i].host = -1;
    *out = w->nfds;
    w->fds = nf;
    w->nfds = ncap;
    return WASI_ESUCCESS;
}

void mww_close_entry(mww_fd *e)
{
    if (!e->used)
        return;
    if (e->dir != NULL)
        closedir(e->dir);
    free(e->pend);
    mww_cookies_free(e->cookies);
    if (e->host >= 0) {
        if (e->restore_fl) {
            int fl = fcntl(e->host, F_GETFL);
            if (fl >= 0 && fl != e->host_fl)
                fcntl(e->host, F_SETFL, e->host_fl);
        }
        close(e->host);
    }
    free(e->name);
    memset(e, 0, sizeof *e);
    e->host = -1;
}

uint8_t mww_filetype_of_mode(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return WASI_FT_REGULAR_FILE;
    case S_IFDIR: return WASI_FT_DIRECTORY;
    case S_IFCHR: return WASI_FT_CHARACTER_DEVICE;
    case S_IFBLK: return WASI_FT_BLOCK_DEVICE;
    case S_IFLNK: return WASI_FT_SYMBOLIC_LINK;
#ifdef S_IFSOCK
    case S_IFSOCK: return WASI_FT_SOCKET_STREAM;
#endif
    default: return WASI_FT_UNKNOWN;   /* FIFOs have no WASI type */
    }
}

void mww_classify(int host, uint8_t *filetype, uint64_t *rights)
{
    struct stat st;
    *filetype = WASI_FT_UNKNOWN;
    *rights = WASI_R_STREAM;
    if (fstat(host, &st) != 0)
        return;
    if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)) {
        *filetype = S_ISREG(st.st_mode) ? WASI_FT_REGULAR_FILE : WASI_FT_BLOCK_DEVICE;
        *rights = WASI_R_FILE;
    } else if (S_ISDIR(st.st_mode)) {
        *filetype = WASI_FT_DIRECTORY;
        *rights = WASI_R_DIR;
    } else if (S_ISCHR(st.st_mode)) {
        *filetype = WASI_FT_CHARACTER_DEVICE;
        /* A terminal has no seek/tell rights (that is how wasi-libc's isatty() knows);
         * other character devices (/dev/null) can seek. */
        *rights = isatty(host) ? WASI_R_STREAM
                               : WASI_R_STREAM | WASI_R_FD_SEEK | WASI_R_FD_TELL;
    } else if (S_ISSOCK(st.st_mode)) {
        int type = 0;
        socklen_t len = sizeof type;
        *filetype = getsockopt(host, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
                            type == SOCK_DGRAM
                        ? WASI_FT_SOCKET_DGRAM
                        : WASI_FT_SOCKET_STREAM;
        *rights = WASI_R_SOCKET;
    }
}

/* ------------------------------------------------------------------ waiting */

bool mww_take_wake(mw_wasi *w)
{
    char b[16];
    bool got = false;
    for (;;) {
        ssize_t n = read(w->wake_r, b, 1);   /* one wake-up per call */
        if (n > 0) {
            got = true;
            break;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break;
    }
    return got;
}

uint16_t mww_wait(mw_wasi *w, int fd, short events)
{
    for (;;) {
        struct pollfd p[2];
        p[0].fd = fd;
        p[0].events = events;
        p[0].revents = 0;
        p[1].fd = w->wake_r;
        p[1].events = POLLIN;
        p[1].revents = 0;
        int n = poll(p, 2, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return mww_errno(errno);
        }
        if ((p[1].revents & POLLIN) && mww_take_wake(w))
            return WASI_EINTR;
        if (p[0].revents & POLLNVAL)
            return WASI_EBADF;
        if (p[0].revents != 0)
            return WASI_ESUCCESS;   /* ready, hung up or in error: the call will tell */
    }
}

void mw_wasi_interrupt(mw_wasi *ctx)
{
    if (ctx == NULL || ctx->wake_w < 0)
        return;
    int saved = errno;   /* async-signal-safe: write(2) only */
    char b = 1;
    ssize_t r;
    do {
        r = write(ctx->wake_w, &b, 1);
    } while (r < 0 && errno == EINTR);
    errno = saved;
}

/* ------------------------------------------------------------------ filestat */

static uint64_t ts_ns(const struct timespec *t)
{
    if (t->tv_sec < 0)
        return 0;
    return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

void mww_put_filestat(mww_call *c, uint32_t p, const struct stat *st)
{
    memset(mww_ptr(c, p), 0, WASI_FILESTAT_SIZE);
    mww_st64(c, p + 0, (uint64_t)st->st_dev);
    mww_st64(c, p + 8, (uint64_t)st->st_ino);
    mww_st8(c, p + 16, mww_filetype_of_mode((unsigned)st->st_mode));
    mww_st64(c, p + 24, (uint64_t)st->st_nlink);
    mww_st64(c, p + 32, st->st_size < 0 ? 0 : (uint64_t)st->st_size);
#if defined(__APPLE__)
    mww_st64(c, p + 40, ts_ns(&st->st_atimespec));
    mww_st64(c, p + 48, ts_ns(&st->st_mtimespec));
    mww_st64(c, p + 56, ts_ns(&st->st_ctimespec));
#else
    mww_st64(c, p + 40, ts_ns(&st->st_atim));
    mww_st64(c, p + 48, ts_ns(&st->st_mtim));
    mww_st64(c, p + 56, ts_ns(&st->st_ctim));
#endif
}

/* ------------------------------------------------------------------ iovecs */

uint16_t mww_iovs_get(mww_call *c, uint32_t iovs, uint32_t n, mww_iovs *out)
{
    out->v = out->small;
    out->n = out->i = out->off = 0;
    if (!mww_in(c, iovs, (uint64_t)n * WASI_IOVEC_SIZE))
        return WASI_EFAULT;
    if (n > sizeof out->small / sizeof out->small[0]) {
        out->v = malloc((size_t)n * sizeof *out->v);
        if (out->v == NULL)
            return WASI_ENOMEM;
    }
    /* one read of the guest's bytes; everything after looks at the copy */
    memcpy(out->v, mww_ptr(c, iovs), (size_t)n * WASI_IOVEC_SIZE);
    out->n = n;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *b = (const uint8_t *)&out->v[i];
        uint32_t ptr = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                       (uint32_t)b[3] << 24;
        uint32_t len = (uint32_t)b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 |
                       (uint32_t)b[7] << 24;
        out->v[i].ptr = ptr;
        out->v[i].len = len;
        if (!mww_in(c, ptr, len))
            return WASI_EFAULT;
    }
    return WASI_ESUCCESS;
}

void mww_iovs_free(mww_iovs *v)
{
    if (v->v != v->small)
        free(v->v);
    v->v = v->small;
    v->n = 0;
}

int mww_iov_fill(mww_call *c, const mww_iovs *cur, struct iovec *out, size_t budget,
                 size_t *total)
{
    int k = 0;
    size_t sum = 0;
    uint32_t i = cur->i, off = cur->off;
    while (i < cur->n && k < MWW_IOV_CHUNK && sum < budget) {
        uint32_t len = cur->v[i].len;
        if (off < len) {
            size_t take = len - off;
            if (take > budget - sum)
                take = budget - sum;
            out[k].iov_base = mww_ptr(c, cur->v[i].ptr) + off;
            out[k].iov_len = take;
            k++;
            sum += take;
        }
        i++;
        off = 0;
    }
    *total = sum;
    return k;
}

void mww_iov_advance(mww_iovs *cur, size_t n)
{
    while (cur->i < cur->n) {
        size_t left = cur->v[cur->i].len - cur->off;
        if (n < left) {
            cur->off += (uint32_t)n;
            return;
        }
        n -= left;
        cur->i++;
        cur->off = 0;
        if (n == 0) {
            /* skip empty iovecs so that "at the end" is exact */
            while (cur->i < cur->n && cur->v[cur->i].len == 0)
                cur->i++;
            return;
        }
    }
}

/* ------------------------------------------------------------------ context */

void mw_wasi_config_init(mw_wasi_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->stdin_fd = 0;
    cfg->stdout_fd = 1;
    cfg->stderr_fd = 2;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static mw_result fail(mw_error *err, mw_result code, const char *fmt, ...)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
        err->code = code;
        err->offset = SIZE_MAX;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* Join n strings with NUL terminators into one buffer. */
static bool pack_strings(const char *const *v, size_t n, char **buf, size_t *len)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == NULL)
            return false;
        total += strlen(v[i]) + 1;
    }
    *buf = malloc(total + 1);
    if (*buf == NULL)
        return false;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(v[i]) + 1;
        memcpy(*buf + o, v[i], l);
        o += l;
    }
    *len = total;
    return true;
}

static int dup_cloexec(int fd)
{
    return fcntl(fd, F_DUPFD_CLOEXEC, 3);
}

/* Install host fd `host` (owned) as the next guest fd. */
static uint16_t add_fd(mw_wasi *w, int host, uint8_t type, uint64_t rights,
                       uint64_t inherit, uint32_t *out)
{
    uint32_t fd;
    uint16_t e = mww_alloc_fd(w, &fd);
    if (e != WASI_ESUCCESS)
        return e;
    mww_fd *f = &w->fds[fd];
    memset(f, 0, sizeof *f);
    f->used = true;
    f->host = host;
    f->filetype = type;
    f->rights = rights;
    f->inherit = inherit;
    if (out != NULL)
        *out = fd;
    return WASI_ESUCCESS;
}

mw_result mw_wasi_new(const mw_wasi_config *cfg, mw_wasi **out, mw_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof *err);
    if (out == NULL || cfg == NULL)
        return fail(err, MW_ERR_ARG, "mw_wasi_new: NULL argument");
    *out = NULL;
    mw_wasi *w = calloc(1, sizeof *w);
    if (w == NULL)
        return fail(err, MW_ERR_NOMEM, "out of memory");
    w->wake_r = w->wake_w = -1;
    w->exit_code = -1;
    w->flags = cfg->flags;
    mw_result r = MW_ERR_NOMEM;

    if ((cfg->argc > 0 && cfg->argv == NULL) || (cfg->envc > 0 && cfg->envp == NULL)) {
        r = fail(err, MW_ERR_ARG, "mw_wasi_new: argv or envp is NULL");
        goto bad;
    }
    if (!pack_strings(cfg->argv, cfg->argc, &w->argbuf, &w->argbuf_len) ||
        !pack_strings(cfg->envp, cfg->envc, &w->envbuf, &w->envbuf_len)) {
        r = fail(err, MW_ERR_NOMEM, "out of memory, or a NULL string in argv or envp");
        goto bad;
    }
    w->argc = cfg->argc;
    w->envc = cfg->envc;

    int p[2];
    if (pipe(p) != 0) {
        r = fail(err, MW_ERR_ARG, "cannot create a pipe: %s", strerror(errno));
        goto bad;
    }
    w->wake_r = p[0];
    w->wake_w = p[1];
    for (int i = 0; i < 2; i++) {
        fcntl(p[i], F_SETFD, FD_CLOEXEC);
        fcntl(p[i], F_SETFL, fcntl(p[i], F_GETFL) | O_NONBLOCK);
    }

    /* Create the table (16 slots): 0-2 are stdio, an absent one is simply left free. */
    uint32_t first;
    if (mww_alloc_fd(w, &first) != WASI_ESUCCESS)
        goto bad;
    const int stdio[3] = {cfg->stdin_fd, cfg->stdout_fd, cfg->stderr_fd};
    for (int i = 0; i < 3; i++) {
        if (stdio[i] < 0)
            continue;
        int h = dup_cloexec(stdio[i]);
        if (h < 0) {
            r = fail(err, MW_ERR_ARG, "cannot use host fd %d: %s", stdio[i], strerror(errno));
            goto bad;
        }
        mww_fd *f = &w->fds[i];
        f->used = true;
        f->host = h;
        mww_classify(h, &f->filetype, &f->rights);
        f->inherit = 0;
        f->host_fl = fcntl(h, F_GETFL);
        f->restore_fl = f->host_fl >= 0;
    }
    /* The guest's fds are allocated lowest-first: pre-opens must come right after 2. */
    for (int i = 0; i < 3; i++) {
        if (!w->fds[i].used) {
            w->fds[i].used = true;   /* placeholder, released below */
            w->fds[i].host = -1;
        }
    }

    for (size_t i = 0; i < cfg->npreopens; i++) {
        const mw_wasi_preopen *po = &cfg->preopens[i];
        if (po->host_path == NULL) {
            r = fail(err, MW_ERR_ARG, "pre-opened directory %zu has no host path", i);
            goto bad;
        }
        const char *gname = po->guest_path ? po->guest_path : po->host_path;
        int h = open(po->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (h < 0) {
            r = fail(err, MW_ERR_ARG, "cannot open directory '%s': %s", po->host_path,
                     strerror(errno));
            goto bad;
        }
        uint32_t fd;
        if (add_fd(w, h, WASI_FT_DIRECTORY, WASI_R_DIR, WASI_R_FILE | WASI_R_DIR, &fd) !=
            WASI_ESUCCESS) {
            close(h);
            goto bad;
        }
        w->fds[fd].preopen = true;
        w->fds[fd].name_len = strlen(gname);
        w->fds[fd].name = malloc(w->fds[fd].name_len + 1);
        if (w->fds[fd].name == NULL)
            goto bad;
        memcpy(w->fds[fd].name, gname, w->fds[fd].name_len + 1);
    }
    for (size_t i = 0; i < cfg->nsockets; i++) {
        int h = dup_cloexec(cfg->sockets[i]);
        if (h < 0) {
            r = fail(err, MW_ERR_ARG, "cannot use host socket %d: %s", cfg->sockets[i],
                     strerror(errno));
            goto bad;
        }
        uint8_t type;
        uint64_t rights;
        mww_classify(h, &type, &rights);
        uint32_t fd;
        if (add_fd(w, h, type, rights, 0, &fd) != WASI_ESUCCESS) {
            close(h);
            goto bad;
        }
        w->fds[fd].host_fl = fcntl(h, F_GETFL);
        w->fds[fd].restore_fl = w->fds[fd].host_fl >= 0;
    }
    for (int i = 0; i < 3; i++) {
        if (w->fds[i].host < 0)
            w->fds[i].used = false;
    }
    *out = w;
    return MW_OK;

bad:
    if (err != NULL && err->code == MW_OK)
        fail(err, r, "out of memory");
    mw_wasi_delete(w);
    return r;
}

void mw_wasi_delete(mw_wasi *w)
{
    if (w == NULL)
        return;
    for (uint32_t i = 0; i < w->nfds; i++)
        mww_close_entry(&w->fds[i]);
    free(w->fds);
    free(w->argbuf);
    free(w->envbuf);
    if (w->wake_r >= 0)
        close(w->wake_r);
    if (w->wake_w >= 0)
        close(w->wake_w);
    free(w);
}

int64_t mw_wasi_exit_code(const mw_wasi *w)
{
    return w ? w->exit_code : -1;
}

/* ------------------------------------------------------------------ registration */

typedef struct mww_entry {
    const char *name;
    const char *sig;    /* parameters: i = i32, I = i64; the result is one i32 */
    mw_host_fn fn;
} mww_entry;

/* One host function per WASI function: set up the call and store the errno result. */
#define MWW_WRAP(name, sig) \
    static mw_result wrap_##name(mw_caller *caller, void *env, const mw_val *a, \
                                 size_t nargs, mw_val *res, size_t nresults) \
    { \
        (void)nargs; (void)nresults; \
        mww_call c; \
        c.caller = caller; \
        c.w = env; \
        c.result = MW_OK; \
        mw_memory *m = mw_caller_memory(caller); \
        c.base = m ? mw_memory_data(m) : NULL; \
        c.size = m ? (uint64_t)mw_memory_size(m) : 0; \
        uint16_t e = mww_##name(&c, a); \
        if (c.result != MW_OK) \
            return c.result; \
        if (res != NULL) \
            res[0] = mw_val_i32((int32_t)e); \
        return MW_OK; \
    }
MWW_FUNCS(MWW_WRAP)
#undef MWW_WRAP

#define MWW_ENTRY(name, sig) {#name, sig, wrap_##name},
static const mww_entry entries[] = {MWW_FUNCS(MWW_ENTRY)};
#undef MWW_ENTRY

size_t mw_wasi_func_count(void) { return sizeof entries / sizeof entries[0]; }

const char *mw_wasi_func_name(size_t i)
{
    return i < mw_wasi_func_count() ? entries[i].name : NULL;
}

mw_result mw_wasi_define(mw_linker *l, mw_wasi *ctx, mw_error *err)
{
    static const mw_valtype i32 = MW_I32;
    for (size_t i = 0; i < mw_wasi_func_count(); i++) {
        const mww_entry *en = &entries[i];
        mw_valtype params[16];
        uint32_t np = 0;
        for (const char *s = en->sig; *s; s++)
            params[np++] = *s == 'I' ? MW_I64 : MW_I32;
        mw_functype t;
        t.nparams = np;
        t.params = params;
        /* proc_exit returns nothing; everything else returns an errno. */
        bool noresult = strcmp(en->name, "proc_exit") == 0;
        t.nresults = noresult ? 0 : 1;
        t.results = noresult ? NULL : &i32;
        mw_result r = mw_linker_define_func_cstr(l, MW_WASI_MODULE, en->name, &t, en->fn, ctx, NULL, err);
        if (r != MW_OK)
            return r;
    }
    return MW_OK;
}
