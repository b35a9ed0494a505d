/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wasi_misc.c — args, environ, clocks, random, poll_oneoff, proc_*, sched_yield and
 * sock_* of wasi_snapshot_preview1.
 */
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#if defined(__APPLE__)
#  include <sys/random.h>
#endif

#include "wasi_internal.h"

/* ------------------------------------------------------------------ args, environ */

static uint16_t sizes_get(mww_call *c, const mw_val *a, size_t count, size_t bytes)
{
    uint32_t pc = A32(0), pb = A32(1);
    if (!mww_in(c, pc, 4) || !mww_in(c, pb, 4))
        return WASI_EFAULT;
    mww_st32(c, pc, (uint32_t)count);
    mww_st32(c, pb, (uint32_t)bytes);
    return WASI_ESUCCESS;
}

/* Write count pointers at ptrs and the NUL-separated strings at buf. */
static uint16_t strings_get(mww_call *c, const mw_val *a, size_t count, const char *strs,
                            size_t bytes)
{
    uint32_t ptrs = A32(0), buf = A32(1);
    if (!mww_in(c, ptrs, (uint64_t)count * 4) || !mww_in(c, buf, bytes))
        return WASI_EFAULT;
    if (bytes > 0)
        memcpy(mww_ptr(c, buf), strs, bytes);
    size_t off = 0;
    for (size_t i = 0; i < count; i++) {
        mww_st32(c, ptrs + (uint32_t)i * 4, buf + (uint32_t)off);
        off += strlen(strs + off) + 1;
    }
    return WASI_ESUCCESS;
}

uint16_t mww_args_sizes_get(mww_call *c, const mw_val *a)
{
    return sizes_get(c, a, c->w->argc, c->w->argbuf_len);
}
uint16_t mww_args_get(mww_call *c, const mw_val *a)
{
    return strings_get(c, a, c->w->argc, c->w->argbuf, c->w->argbuf_len);
}
uint16_t mww_environ_sizes_get(mww_call *c, const mw_val *a)
{
    return sizes_get(c, a, c->w->envc, c->w->envbuf_len);
}
uint16_t mww_environ_get(mww_call *c, const mw_val *a)
{
    return strings_get(c, a, c->w->envc, c->w->envbuf, c->w->envbuf_len);
}

/* ------------------------------------------------------------------ clocks */

static bool host_clock(uint32_t id, clockid_t *out)
{
    switch (id) {
    case WASI_CLOCK_REALTIME: *out = CLOCK_REALTIME; return true;
    case WASI_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return true;
#ifdef CLOCK_PROCESS_CPUTIME_ID
    case WASI_CLOCK_PROCESS_CPUTIME: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
#endif
#ifdef CLOCK_THREAD_CPUTIME_ID
    case WASI_CLOCK_THREAD_CPUTIME: *out = CLOCK_THREAD_CPUTIME_ID; return true;
#endif
    default: return false;
    }
}

static uint64_t ns_of(const struct timespec *t)
{
    if (t->tv_sec < 0)
        return 0;
    return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

static uint64_t now_ns(clockid_t id)
{
    struct timespec t;
    if (clock_gettime(id, &t) != 0)
        return 0;
    return ns_of(&t);
}

uint16_t mww_clock_res_get(mww_call *c, const mw_val *a)
{
    clockid_t id;
    if (!host_clock(A32(0), &id))
        return WASI_EINVAL;
    uint32_t p = A32(1);
    if (!mww_in(c, p, 8))
        return WASI_EFAULT;
    struct timespec t;
    if (clock_getres(id, &t) != 0)
        return mww_errno(errno);
    uint64_t ns = ns_of(&t);
    mww_st64(c, p, ns ? ns : 1);
    return WASI_ESUCCESS;
}

uint16_t mww_clock_time_get(mww_call *c, const mw_val *a)
{
    clockid_t id;
    if (!host_clock(A32(0), &id))
        return WASI_EINVAL;
    uint32_t p = A32(2);   /* A64(1) is the precision, which we may ignore */
    if (!mww_in(c, p, 8))
        return WASI_EFAULT;
    struct timespec t;
    if (clock_gettime(id, &t) != 0)
        return mww_errno(errno);
    mww_st64(c, p, ns_of(&t));
    return WASI_ESUCCESS;
}

/* ------------------------------------------------------------------ random */

uint16_t mww_random_get(mww_call *c, const mw_val *a)
{
    uint32_t p = A32(0), len = A32(1);
    if (!mww_in(c, p, len))
        return WASI_EFAULT;
    /* Pure CPU work in proportion to len: fuel bounds it as it bounds memory.fill. */
    c->result = mw_caller_consume_fuel(c->caller, ((uint64_t)len + 63) / 64);
    if (c->result != MW_OK)
        return WASI_ESUCCESS;   /* ignored: the call traps */
    uint8_t *d = mww_ptr(c, p);
    while (len > 0) {
        size_t n = len > 256 ? 256 : len;   /* getentropy's limit per call */
        if (getentropy(d, n) != 0) {
            /* very old kernels: fall back to the device */
            int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                return WASI_EIO;
            size_t got = 0;
            while (got < len) {
                ssize_t r = read(fd, d + got, len - got);
                if (r < 0 && errno == EINTR)
                    continue;
                if (r <= 0) {
                    close(fd);
                    return WASI_EIO;
                }
                got += (size_t)r;
            }
            close(fd);
            return WASI_ESUCCESS;
        }
        d += n;
        len -= (uint32_t)n;
    }
    return WASI_ESUCCESS;
}

/* ------------------------------------------------------------------ poll_oneoff */

typedef struct mww_sub {
    uint64_t userdata;
    uint8_t type;
    uint16_t error;      /* set: the event has occurred with this error (or is ready) */
    bool ready;
    /* clock */
    clockid_t clock;
    uint64_t deadline;   /* absolute, on `clock` */
    /* fd */
    int host;
    int pollix;          /* index in the pollfd array, or -1 */
    uint64_t nbytes;
    uint16_t rwflags;
} mww_sub;

#define MWW_MAX_SUBS 4096u

static void put_event(mww_call *c, uint32_t p, const mww_sub *s)
{
    memset(mww_ptr(c, p), 0, WASI_EVENT_SIZE);
    mww_st64(c, p + 0, s->userdata);
    mww_st16(c, p + 8, s->error);
    mww_st8(c, p + 10, s->type);
    if (s->type != WASI_EVENT_CLOCK) {
        mww_st64(c, p + 16, s->nbytes);
        mww_st16(c, p + 24, s->rwflags);
    }
}

uint16_t mww_poll_oneoff(mww_call *c, const mw_val *a)
{
    uint32_t in = A32(0), out = A32(1), n = A32(2), ret = A32(3);
    if (n == 0)
        return WASI_EINVAL;
    if (!mww_in(c, in, (uint64_t)n * WASI_SUBSCRIPTION_SIZE) ||
        !mww_in(c, out, (uint64_t)n * WASI_EVENT_SIZE) || !mww_in(c, ret, 4))
        return WASI_EFAULT;
    if (n > MWW_MAX_SUBS)
        return WASI_ENOTSUP;
    mww_sub *subs = calloc(n, sizeof *subs);
    struct pollfd *pf = calloc((size_t)n + 1, sizeof *pf);
    if (subs == NULL || pf == NULL) {
        free(subs);
        free(pf);
        return WASI_ENOMEM;
    }
    uint16_t r = WASI_ESUCCESS;
    nfds_t npf = 0;
    bool any_ready = false, any_clock = false;

    for (uint32_t i = 0; i < n; i++) {
        uint32_t p = in + i * WASI_SUBSCRIPTION_SIZE;
        mww_sub *s = &subs[i];
        s->userdata = mww_ld64(c, p);
        s->type = c->base[p + 8];
        s->pollix = -1;
        if (s->type == WASI_EVENT_CLOCK) {
            uint32_t id = mww_ld32(c, p + 16);
            uint64_t timeout = mww_ld64(c, p + 24);
            uint16_t flags = mww_ld16(c, p + 40);
            if (!host_clock(id, &s->clock) || id > WASI_CLOCK_MONOTONIC) {
                s->error = WASI_EINVAL;   /* CPU-time clocks cannot be waited on */
                s->ready = any_ready = true;
                continue;
            }
            if (flags & WASI_SUBCLOCK_ABSTIME) {
                s->deadline = timeout;
            } else {
                uint64_t now = now_ns(s->clock);
                s->deadline = timeout > UINT64_MAX - now ? UINT64_MAX : now + timeout;
            }
            any_clock = true;
        } else if (s->type == WASI_EVENT_FD_READ || s->type == WASI_EVENT_FD_WRITE) {
            bool rd = s->type == WASI_EVENT_FD_READ;
            mww_fd *e;
            uint16_t fr = mww_get_fd(c, mww_ld32(c, p + 16), 0, &e);
            if (fr == WASI_ESUCCESS &&
                !(e->rights & (WASI_R_POLL_FD_READWRITE | (rd ? WASI_R_FD_READ : WASI_R_FD_WRITE))))
                fr = WASI_EBADF;   /* as mww_get_fd */
            if (fr != WASI_ESUCCESS) {
                s->error = fr;
                s->ready = any_ready = true;
                continue;
            }
            s->host = e->host;
            if (e->filetype == WASI_FT_REGULAR_FILE || e->filetype == WASI_FT_DIRECTORY) {
                /* files are always ready; for reads, tell how much is left */
                if (rd) {
                    struct stat st;
                    off_t pos = lseek(e->host, 0, SEEK_CUR);
                    if (fstat(e->host, &st) == 0 && pos >= 0 && st.st_size > pos)
                        s->nbytes = (uint64_t)(st.st_size - pos);
                }
                s->ready = any_ready = true;
                continue;
            }
            s->pollix = (int)npf;
            pf[npf].fd = e->host;
            pf[npf].events = rd ? POLLIN : POLLOUT;
            npf++;
        } else {
            r = WASI_EINVAL;
            goto done;
        }
    }

    pf[npf].fd = c->w->wake_r;
    pf[npf].events = POLLIN;
    for (;;) {
        int timeout = -1;
        if (any_ready) {
            timeout = 0;
        } else if (any_clock) {
            uint64_t wait = UINT64_MAX;
            for (uint32_t i = 0; i < n; i++) {
                if (subs[i].type != WASI_EVENT_CLOCK || subs[i].ready)
                    continue;
                uint64_t now = now_ns(subs[i].clock);
                uint64_t left = subs[i].deadline > now ? subs[i].deadline - now : 0;
                if (left < wait)
                    wait = left;
            }
            /* round up to whole milliseconds: never wake before the deadline */
            uint64_t ms = wait / 1000000u + (wait % 1000000u != 0);
            timeout = ms > INT_MAX ? INT_MAX : (int)ms;
        }
        for (nfds_t k = 0; k <= npf; k++)
            pf[k].revents = 0;
        int got = poll(pf, npf + 1, timeout);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            r = mww_errno(errno);
            goto done;
        }
        if ((pf[npf].revents & POLLIN) && mww_take_wake(c->w)) {
            r = WASI_EINTR;
            goto done;
        }
        bool fired = any_ready;
        for (uint32_t i = 0; i < n; i++) {
            mww_sub *s = &subs[i];
            if (s->pollix >= 0 && pf[s->pollix].revents != 0) {
                short re = pf[s->pollix].revents;
                s->ready = fired = true;
                if (re & POLLNVAL) {
                    s->error = WASI_EBADF;
                } else {
                    if (re & POLLHUP)
                        s->rwflags |= WASI_EVENT_HANGUP;
                    if (s->type == WASI_EVENT_FD_READ) {
                        int avail = 0;
                        if (ioctl(s->host, FIONREAD, &avail) == 0 && avail > 0)
                            s->nbytes = (uint64_t)avail;
                    }
                }
            }
        }
        for (uint32_t i = 0; i < n; i++) {
            mww_sub *s = &subs[i];
            if (s->type == WASI_EVENT_CLOCK && !s->ready && s->error == 0 &&
                now_ns(s->clock) >= s->deadline)
                s->ready = fired = true;
        }
        if (fired)
            break;
    }
    uint32_t nev = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (subs[i].ready)
            put_event(c, out + (nev++) * WASI_EVENT_SIZE, &subs[i]);
    }
    mww_st32(c, ret, nev);
done:
    free(subs);
    free(pf);
    return r;
}

/* ------------------------------------------------------------------ proc, sched */

uint16_t mww_proc_exit(mww_call *c, const mw_val *a)
{
    uint32_t code = A32(0);
    c->w->exit_code = (int64_t)code;
    c->result = mw_caller_exit(c->caller, (int32_t)code);
    return WASI_ESUCCESS;
}

/*
 * proc_raise: the guest cannot signal the host process. A signal whose default action
 * is to ignore (or to stop) has no effect; one whose default action terminates the
 * process ends the guest with a trap naming it; 0 is accepted; others are EINVAL.
 */
uint16_t mww_proc_raise(mww_call *c, const mw_val *a)
{
    static const char *const names[31] = {
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
        "SIGTERM", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU",
        "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGPOLL",
        "SIGPWR", "SIGSYS"};
    uint32_t sig = A32(0);
    if (sig > 30)
        return WASI_EINVAL;
    switch (sig) {
    case 0:                        /* none */
    case 16: case 17: case 22: case 27:   /* CHLD CONT URG WINCH: ignored by default */
    case 18: case 19: case 20: case 21:   /* STOP TSTP TTIN TTOU: no job control here */
        return WASI_ESUCCESS;
    default: {
        char msg[64];
        snprintf(msg, sizeof msg, "proc_raise: guest raised %s", names[sig]);
        c->result = mw_caller_trap(c->caller, msg);
        return WASI_ESUCCESS;
    }
    }
}

uint16_t mww_sched_yield(mww_call *c, const mw_val *a)
{
    (void)c;
    (void)a;
    sched_yield();
    return WASI_ESUCCESS;
}

/* ------------------------------------------------------------------ sockets */

static uint16_t get_sock(mww_call *c, uint32_t fd, uint64_t rights, mww_fd **e)
{
    uint16_t r = mww_get_fd(c, fd, 0, e);
    if (r != WASI_ESUCCESS)
        return r;
    if ((*e)->filetype != WASI_FT_SOCKET_STREAM && (*e)->filetype != WASI_FT_SOCKET_DGRAM)
        return WASI_ENOTSOCK;
    if (((*e)->rights & rights) != rights)
        return WASI_EBADF;   /* as mww_get_fd */
    return WASI_ESUCCESS;
}

uint16_t mww_sock_accept(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = get_sock(c, A32(0), WASI_R_SOCK_ACCEPT, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t flags = A32(1), ret = A32(2);
    if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK)
        return WASI_EINVAL;
    if (!mww_in(c, ret, 4))
        return WASI_EFAULT;
#ifdef SO_ACCEPTCONN
    /* accept() on a socket that does not listen fails at once: do not wait for it */
    int listening = 0;
    socklen_t ll = sizeof listening;
    if (getsockopt(e->host, SOL_SOCKET, SO_ACCEPTCONN, &listening, &ll) == 0 && !listening)
        return WASI_EINVAL;
#endif
    uint32_t fd;
    if ((r = mww_alloc_fd(c->w, &fd)) != WASI_ESUCCESS)
        return r;
    e = &c->w->fds[A32(0)];   /* the table may have moved */
    int h;
    for (;;) {
        if (!e->nonblock && (r = mww_wait(c->w, e->host, POLLIN)) != WASI_ESUCCESS)
            return r;
        h = accept(e->host, NULL, NULL);
        if (h >= 0)
            break;
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if ((errno == EAGAIN || errno == EWOULDBLOCK) && !e->nonblock)
            continue;
        return mww_errno(errno);
    }
    fcntl(h, F_SETFD, FD_CLOEXEC);
    int fl = fcntl(h, F_GETFL);
    if (fl >= 0) {
        int nf = (flags & WASI_FDFLAG_NONBLOCK) ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
        if (nf != fl)
            fcntl(h, F_SETFL, nf);
    }
    mww_fd *ne = &c->w->fds[fd];
    memset(ne, 0, sizeof *ne);
    ne->used = true;
    ne->host = h;
    uint64_t mask;
    mww_classify(h, &ne->filetype, &mask);
    ne->rights = mask & ~WASI_R_SOCK_ACCEPT;
    ne->nonblock = (flags & WASI_FDFLAG_NONBLOCK) != 0;
    mww_st32(c, ret, fd);
    return WASI_ESUCCESS;
}

uint16_t mww_sock_recv(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = get_sock(c, A32(0), WASI_R_FD_READ, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t iovs = A32(1), n = A32(2), fl = A32(3), rlen = A32(4), rflags = A32(5);
    if (fl & ~(uint32_t)(WASI_RECV_PEEK | WASI_RECV_WAITALL))
        return WASI_EINVAL;
    mww_iovs iov;
    r = mww_iovs_get(c, iovs, n, &iov);
    if (r == WASI_ESUCCESS && (!mww_in(c, rlen, 4) || !mww_in(c, rflags, 2)))
        r = WASI_EFAULT;
    int hf = 0;
    if (fl & WASI_RECV_PEEK) hf |= MSG_PEEK;
    if (fl & WASI_RECV_WAITALL) hf |= MSG_WAITALL;
    size_t got = 0;
    int mf = 0;
    if (r == WASI_ESUCCESS)
        r = mww_io_read(c, e, &iov, MWW_IO_SOCK, 0, hf, &got, &mf);
    mww_iovs_free(&iov);
    if (r != WASI_ESUCCESS)
        return r;
    mww_st32(c, rlen, (uint32_t)got);
    mww_st16(c, rflags, (mf & MSG_TRUNC) ? WASI_RECV_DATA_TRUNCATED : 0);
    return WASI_ESUCCESS;
}

uint16_t mww_sock_send(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = get_sock(c, A32(0), WASI_R_FD_WRITE, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t iovs = A32(1), n = A32(2), ret = A32(4);   /* A32(3): siflags, none defined */
    mww_iovs iov;
    r = mww_iovs_get(c, iovs, n, &iov);
    if (r == WASI_ESUCCESS && !mww_in(c, ret, 4))
        r = WASI_EFAULT;
    size_t put = 0;
    if (r == WASI_ESUCCESS)
        r = mww_io_write(c, e, &iov, MWW_IO_SOCK, 0, &put);
    mww_iovs_free(&iov);
    if (r != WASI_ESUCCESS)
        return r;
    mww_st32(c, ret, (uint32_t)put);
    return WASI_ESUCCESS;
}

uint16_t mww_sock_shutdown(mww_call *c, const mw_val *a)
{
    mww_fd *e;
    uint16_t r = get_sock(c, A32(0), WASI_R_SOCK_SHUTDOWN, &e);
    if (r != WASI_ESUCCESS)
        return r;
    uint32_t how = A32(1);
    int h;
    switch (how) {
    case WASI_SHUT_RD: h = SHUT_RD; break;
    case WASI_SHUT_WR: h = SHUT_WR; break;
    case WASI_SHUT_RD | WASI_SHUT_WR: h = SHUT_RDWR; break;
    default: return WASI_EINVAL;
    }
    return shutdown(e->host, h) == 0 ? WASI_ESUCCESS : mww_errno(errno);
}
