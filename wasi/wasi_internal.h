/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wasi_internal.h — shared by the files of the WASI implementation (the wasi directory).
 *
 * Values and layouts follow the witx description of wasi_snapshot_preview1
 * (typenames.witx / wasi_snapshot_preview1.witx); every struct is read and written byte
 * by byte in little-endian order at the offsets the witx gives, never through a host
 * struct overlaid on guest memory.
 */
#ifndef MINWASM_WASI_INTERNAL_H
#define MINWASM_WASI_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <dirent.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "minwasm_wasi.h"

/* ------------------------------------------------------------------ errno (u16) */
enum {
    WASI_ESUCCESS = 0, WASI_E2BIG = 1, WASI_EACCES = 2, WASI_EADDRINUSE = 3,
    WASI_EADDRNOTAVAIL = 4, WASI_EAFNOSUPPORT = 5, WASI_EAGAIN = 6, WASI_EALREADY = 7,
    WASI_EBADF = 8, WASI_EBADMSG = 9, WASI_EBUSY = 10, WASI_ECANCELED = 11,
    WASI_ECHILD = 12, WASI_ECONNABORTED = 13, WASI_ECONNREFUSED = 14,
    WASI_ECONNRESET = 15, WASI_EDEADLK = 16, WASI_EDESTADDRREQ = 17, WASI_EDOM = 18,
    WASI_EDQUOT = 19, WASI_EEXIST = 20, WASI_EFAULT = 21, WASI_EFBIG = 22,
    WASI_EHOSTUNREACH = 23, WASI_EIDRM = 24, WASI_EILSEQ = 25, WASI_EINPROGRESS = 26,
    WASI_EINTR = 27, WASI_EINVAL = 28, WASI_EIO = 29, WASI_EISCONN = 30,
    WASI_EISDIR = 31, WASI_ELOOP = 32, WASI_EMFILE = 33, WASI_EMLINK = 34,
    WASI_EMSGSIZE = 35, WASI_EMULTIHOP = 36, WASI_ENAMETOOLONG = 37,
    WASI_ENETDOWN = 38, WASI_ENETRESET = 39, WASI_ENETUNREACH = 40, WASI_ENFILE = 41,
    WASI_ENOBUFS = 42, WASI_ENODEV = 43, WASI_ENOENT = 44, WASI_ENOEXEC = 45,
    WASI_ENOLCK = 46, WASI_ENOLINK = 47, WASI_ENOMEM = 48, WASI_ENOMSG = 49,
    WASI_ENOPROTOOPT = 50, WASI_ENOSPC = 51, WASI_ENOSYS = 52, WASI_ENOTCONN = 53,
    WASI_ENOTDIR = 54, WASI_ENOTEMPTY = 55, WASI_ENOTRECOVERABLE = 56,
    WASI_ENOTSOCK = 57, WASI_ENOTSUP = 58, WASI_ENOTTY = 59, WASI_ENXIO = 60,
    WASI_EOVERFLOW = 61, WASI_EOWNERDEAD = 62, WASI_EPERM = 63, WASI_EPIPE = 64,
    WASI_EPROTO = 65, WASI_EPROTONOSUPPORT = 66, WASI_EPROTOTYPE = 67,
    WASI_ERANGE = 68, WASI_EROFS = 69, WASI_ESPIPE = 70, WASI_ESRCH = 71,
    WASI_ESTALE = 72, WASI_ETIMEDOUT = 73, WASI_ETXTBSY = 74, WASI_EXDEV = 75,
    WASI_ENOTCAPABLE = 76
};

/* ------------------------------------------------------------------ rights (u64) */
#define WASI_R_FD_DATASYNC             (UINT64_C(1) << 0)
#define WASI_R_FD_READ                 (UINT64_C(1) << 1)
#define WASI_R_FD_SEEK                 (UINT64_C(1) << 2)
#define WASI_R_FD_FDSTAT_SET_FLAGS     (UINT64_C(1) << 3)
#define WASI_R_FD_SYNC                 (UINT64_C(1) << 4)
#define WASI_R_FD_TELL                 (UINT64_C(1) << 5)
#define WASI_R_FD_WRITE                (UINT64_C(1) << 6)
#define WASI_R_FD_ADVISE               (UINT64_C(1) << 7)
#define WASI_R_FD_ALLOCATE             (UINT64_C(1) << 8)
#define WASI_R_PATH_CREATE_DIRECTORY   (UINT64_C(1) << 9)
#define WASI_R_PATH_CREATE_FILE        (UINT64_C(1) << 10)
#define WASI_R_PATH_LINK_SOURCE        (UINT64_C(1) << 11)
#define WASI_R_PATH_LINK_TARGET        (UINT64_C(1) << 12)
#define WASI_R_PATH_OPEN               (UINT64_C(1) << 13)
#define WASI_R_FD_READDIR              (UINT64_C(1) << 14)
#define WASI_R_PATH_READLINK           (UINT64_C(1) << 15)
#define WASI_R_PATH_RENAME_SOURCE      (UINT64_C(1) << 16)
#define WASI_R_PATH_RENAME_TARGET      (UINT64_C(1) << 17)
#define WASI_R_PATH_FILESTAT_GET       (UINT64_C(1) << 18)
#define WASI_R_PATH_FILESTAT_SET_SIZE  (UINT64_C(1) << 19)
#define WASI_R_PATH_FILESTAT_SET_TIMES (UINT64_C(1) << 20)
#define WASI_R_FD_FILESTAT_GET         (UINT64_C(1) << 21)
#define WASI_R_FD_FILESTAT_SET_SIZE    (UINT64_C(1) << 22)
#define WASI_R_FD_FILESTAT_SET_TIMES   (UINT64_C(1) << 23)
#define WASI_R_PATH_SYMLINK            (UINT64_C(1) << 24)
#define WASI_R_PATH_REMOVE_DIRECTORY   (UINT64_C(1) << 25)
#define WASI_R_PATH_UNLINK_FILE        (UINT64_C(1) << 26)
#define WASI_R_POLL_FD_READWRITE       (UINT64_C(1) << 27)
#define WASI_R_SOCK_SHUTDOWN           (UINT64_C(1) << 28)
#define WASI_R_SOCK_ACCEPT             (UINT64_C(1) << 29)
#define WASI_R_ALL                     ((UINT64_C(1) << 30) - 1)

/* What each kind of descriptor can ever have. */
#define WASI_R_FILE (WASI_R_FD_DATASYNC | WASI_R_FD_READ | WASI_R_FD_SEEK | \
    WASI_R_FD_FDSTAT_SET_FLAGS | WASI_R_FD_SYNC | WASI_R_FD_TELL | WASI_R_FD_WRITE | \
    WASI_R_FD_ADVISE | WASI_R_FD_ALLOCATE | WASI_R_FD_FILESTAT_GET | \
    WASI_R_FD_FILESTAT_SET_SIZE | WASI_R_FD_FILESTAT_SET_TIMES | WASI_R_POLL_FD_READWRITE)
/* Directories may read (the host says EISDIR, as on Linux) but not seek or tell: WASI
 * says EBADF there (wasi-testsuite's directory_seek and dir_fd_op_failures), where
 * lseek(2) on Linux would return 0; a directory is read through fd_readdir's cookies. */
#define WASI_R_DIR (WASI_R_FD_FDSTAT_SET_FLAGS | WASI_R_FD_SYNC | WASI_R_FD_DATASYNC | \
    WASI_R_FD_READ | WASI_R_FD_ADVISE | WASI_R_PATH_CREATE_DIRECTORY | WASI_R_PATH_CREATE_FILE | \
    WASI_R_PATH_LINK_SOURCE | WASI_R_PATH_LINK_TARGET | WASI_R_PATH_OPEN | \
    WASI_R_FD_READDIR | WASI_R_PATH_READLINK | WASI_R_PATH_RENAME_SOURCE | \
    WASI_R_PATH_RENAME_TARGET | WASI_R_PATH_FILESTAT_GET | \
    WASI_R_PATH_FILESTAT_SET_SIZE | WASI_R_PATH_FILESTAT_SET_TIMES | \
    WASI_R_FD_FILESTAT_GET | WASI_R_FD_FILESTAT_SET_TIMES | WASI_R_PATH_SYMLINK | \
    WASI_R_PATH_REMOVE_DIRECTORY | WASI_R_PATH_UNLINK_FILE | WASI_R_POLL_FD_READWRITE)
/* Terminals and pipes: no seek/tell (wasi-libc's isatty() looks at exactly that). */
#define WASI_R_STREAM (WASI_R_FD_READ | WASI_R_FD_WRITE | WASI_R_FD_FDSTAT_SET_FLAGS | \
    WASI_R_FD_FILESTAT_GET | WASI_R_POLL_FD_READWRITE | WASI_R_FD_SYNC | \
    WASI_R_FD_DATASYNC | WASI_R_FD_ADVISE)
#define WASI_R_SOCKET (WASI_R_FD_READ | WASI_R_FD_WRITE | WASI_R_FD_FDSTAT_SET_FLAGS | \
    WASI_R_FD_FILESTAT_GET | WASI_R_POLL_FD_READWRITE | WASI_R_SOCK_SHUTDOWN | \
    WASI_R_SOCK_ACCEPT)

/* ------------------------------------------------------------------ enums and flags */
enum { WASI_FT_UNKNOWN = 0, WASI_FT_BLOCK_DEVICE = 1, WASI_FT_CHARACTER_DEVICE = 2,
       WASI_FT_DIRECTORY = 3, WASI_FT_REGULAR_FILE = 4, WASI_FT_SOCKET_DGRAM = 5,
       WASI_FT_SOCKET_STREAM = 6, WASI_FT_SYMBOLIC_LINK = 7 };
enum { WASI_WHENCE_SET = 0, WASI_WHENCE_CUR = 1, WASI_WHENCE_END = 2 };
enum { WASI_CLOCK_REALTIME = 0, WASI_CLOCK_MONOTONIC = 1, WASI_CLOCK_PROCESS_CPUTIME = 2,
       WASI_CLOCK_THREAD_CPUTIME = 3 };
/* fdflags (u16) */
#define WASI_FDFLAG_APPEND   0x1u
#define WASI_FDFLAG_DSYNC    0x2u
#define WASI_FDFLAG_NONBLOCK 0x4u
#define WASI_FDFLAG_RSYNC    0x8u
#define WASI_FDFLAG_SYNC     0x10u
/* fstflags (u16) */
#define WASI_FST_ATIM     0x1u
#define WASI_FST_ATIM_NOW 0x2u
#define WASI_FST_MTIM     0x4u
#define WASI_FST_MTIM_NOW 0x8u
/* lookupflags (u32) */
#define WASI_LOOKUP_SYMLINK_FOLLOW 0x1u
/* oflags (u16) */
#define WASI_O_CREAT     0x1u
#define WASI_O_DIRECTORY 0x2u
#define WASI_O_EXCL      0x4u
#define WASI_O_TRUNC     0x8u
/* eventtype (u8), eventrwflags (u16), subclockflags (u16) */
enum { WASI_EVENT_CLOCK = 0, WASI_EVENT_FD_READ = 1, WASI_EVENT_FD_WRITE = 2 };
#define WASI_EVENT_HANGUP 0x1u
#define WASI_SUBCLOCK_ABSTIME 0x1u
/* riflags, roflags, sdflags */
#define WASI_RECV_PEEK    0x1u
#define WASI_RECV_WAITALL 0x2u
#define WASI_RECV_DATA_TRUNCATED 0x1u
#define WASI_SHUT_RD 0x1u
#define WASI_SHUT_WR 0x2u
#define WASI_PREOPEN_DIR 0

/* Struct sizes (witx): filestat 64, fdstat 24, prestat 8, dirent 24 (+ name),
 * event 32, subscription 48, iovec/ciovec 8. */
#define WASI_FILESTAT_SIZE 64u
#define WASI_FDSTAT_SIZE 24u
#define WASI_PRESTAT_SIZE 8u
#define WASI_DIRENT_SIZE 24u
#define WASI_EVENT_SIZE 32u
#define WASI_SUBSCRIPTION_SIZE 48u
#define WASI_IOVEC_SIZE 8u

/* ------------------------------------------------------------------ context */

/* A directory entry the guest's fd_readdir buffer cut off, kept to be given again when
 * the guest asks for the cookie before it (without a seek, which on some file systems
 * counts entries and so is thrown off by deletions). */
typedef struct mww_dirent {
    uint64_t at, next;   /* cookies before and after it */
    uint64_t ino;
    uint8_t type;
    size_t len;
    char name[];
} mww_dirent;

typedef struct mww_fd {
    bool used;
    bool preopen;
    bool nonblock;        /* the guest asked for non-blocking I/O */
    bool restore_fl;      /* handed-in fd: put back host_fl (O_NONBLOCK, O_APPEND are
                             shared with the embedder's descriptor) when closing */
    int host_fl;
    uint8_t filetype;
    uint16_t syncflags;   /* DSYNC/RSYNC/SYNC asked for at open */
    int host;             /* host descriptor, owned */
    uint64_t rights, inherit;
    char *name;           /* pre-opened directory: the guest's name for it */
    size_t name_len;
    DIR *dir;             /* fd_readdir stream (own host fd), opened lazily */
    uint64_t dir_pos;     /* cookie of where dir is (after its last entry; 0: the start) */
    mww_dirent *pend;     /* the entry cut off by the last fd_readdir, or NULL */
    struct mww_cookies *cookies;   /* large telldir positions, numbered (wasi_fd.c) */
} mww_fd;

struct mw_wasi {
    mww_fd *fds;
    uint32_t nfds;        /* slots in fds */
    char *argbuf, *envbuf;        /* NUL-separated strings */
    size_t argbuf_len, envbuf_len;
    size_t argc, envc;
    int wake_r, wake_w;   /* self-pipe of mw_wasi_interrupt */
    int64_t exit_code;
    uint32_t flags;
};

/* One host call: the caller, the context, and guest memory as it is during the call
 * (no WASI function runs guest code, so the base stays valid until it returns). */
typedef struct mww_call {
    mw_caller *caller;
    mw_wasi *w;
    uint8_t *base;
    uint64_t size;
    mw_result result;   /* MW_OK, or MW_ERR_TRAP after mw_caller_trap/mw_caller_exit */
} mww_call;

/* Is [ptr, ptr + len) inside guest memory? (64-bit arithmetic: no wrap-around.) */
static inline bool mww_in(const mww_call *c, uint32_t ptr, uint64_t len)
{
    return len <= c->size && (uint64_t)ptr <= c->size - len;
}
static inline uint8_t *mww_ptr(const mww_call *c, uint32_t ptr) { return c->base + ptr; }

static inline void mww_st8(mww_call *c, uint32_t p, uint8_t v) { c->base[p] = v; }
static inline void mww_st16(mww_call *c, uint32_t p, uint16_t v)
{
    c->base[p] = (uint8_t)v;
    c->base[p + 1] = (uint8_t)(v >> 8);
}
static inline void mww_st32(mww_call *c, uint32_t p, uint32_t v)
{
    for (int i = 0; i < 4; i++) c->base[p + (uint32_t)i] = (uint8_t)(v >> (8 * i));
}
static inline void mww_st64(mww_call *c, uint32_t p, uint64_t v)
{
    for (int i = 0; i < 8; i++) c->base[p + (uint32_t)i] = (uint8_t)(v >> (8 * i));
}
static inline uint16_t mww_ld16(const mww_call *c, uint32_t p)
{
    return (uint16_t)(c->base[p] | c->base[p + 1] << 8);
}
static inline uint32_t mww_ld32(const mww_call *c, uint32_t p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--) v = v << 8 | c->base[p + (uint32_t)i];
    return v;
}
static inline uint64_t mww_ld64(const mww_call *c, uint32_t p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | c->base[p + (uint32_t)i];
    return v;
}

/* ---- wasi_ctx.c */
/* Host errno -> WASI errno. */
uint16_t mww_errno(int host_errno);
/* The open fd entry `fd` having all of `rights`: EBADF otherwise (closed, or without one
 * of the rights, as a POSIX fd not open for the operation). */
uint16_t mww_get_fd(mww_call *c, uint32_t fd, uint64_t rights, mww_fd **out);
/* A free slot (lowest number), growing the table: EMFILE / ENOMEM. */
uint16_t mww_alloc_fd(mw_wasi *w, uint32_t *out);
void mww_close_entry(mww_fd *e);
/* Type and rights of a host descriptor we were handed (stdio, sockets). */
void mww_classify(int host, uint8_t *filetype, uint64_t *rights);
uint8_t mww_filetype_of_mode(unsigned mode);
/* Block until host fd `fd` is ready for `events` (POLLIN/POLLOUT), or the context is
 * woken: 0, WASI_EINTR, or an error. */
uint16_t mww_wait(mw_wasi *w, int fd, short events);
/* Take one wake-up byte if there is one (true when there was). */
bool mww_take_wake(mw_wasi *w);
/* Write a filestat (64 bytes) at p from a host struct stat. */
struct stat;
void mww_put_filestat(mww_call *c, uint32_t p, const struct stat *st);

/* A guest iovec array, copied once into host memory and every buffer checked before
 * anything is done: the transfer may write over the guest's array (a read into it),
 * and must not see that. The copy is no larger than the guest's own array. */
typedef struct mww_gbuf {
    uint32_t ptr, len;
} mww_gbuf;
_Static_assert(sizeof(mww_gbuf) == WASI_IOVEC_SIZE, "the guest array is copied as is");
typedef struct mww_iovs {
    mww_gbuf *v;         /* `small` or malloc'd */
    uint32_t n;
    uint32_t i;          /* cursor: current iovec */
    uint32_t off;        /* bytes of it already done */
    mww_gbuf small[16];
} mww_iovs;
/* Copy and check the guest array (iovs, n): EFAULT, ENOMEM. Free with mww_iovs_free
 * (also after a failure). */
uint16_t mww_iovs_get(mww_call *c, uint32_t iovs, uint32_t n, mww_iovs *out);
void mww_iovs_free(mww_iovs *v);
/* Host iovecs per system call: at most IOV_MAX on every host we know of. */
#define MWW_IOV_CHUNK 1024
/* Fill up to MWW_IOV_CHUNK host iovecs from the cursor, at most `budget` bytes; returns
 * the count (0 at the end). */
int mww_iov_fill(mww_call *c, const mww_iovs *cur, struct iovec *out, size_t budget,
                 size_t *total);
void mww_iov_advance(mww_iovs *cur, size_t n);

/* ---- wasi_fd.c */
void mww_cookies_free(struct mww_cookies *t);
/* How mww_io_read/mww_io_write reach the host. */
typedef enum mww_io_op { MWW_IO_STREAM, MWW_IO_AT, MWW_IO_SOCK } mww_io_op;
/* Read into / write from a copied guest iovec array: readv/writev, preadv/pwritev at
 * `off` (MWW_IO_AT), recvmsg/sendmsg with `flags` (MWW_IO_SOCK). Blocking unless the guest
 * asked for non-blocking I/O; writes are completed; reads stop where POSIX would return
 * a short count. */
uint16_t mww_io_read(mww_call *c, mww_fd *e, mww_iovs *iov, mww_io_op op, uint64_t off,
                     int flags, size_t *done, int *msg_flags);
uint16_t mww_io_write(mww_call *c, mww_fd *e, mww_iovs *iov, mww_io_op op, uint64_t off,
                      size_t *done);
/* WASI atim/mtim/fst_flags -> the timespecs of futimens/utimensat. */
struct timespec;
uint16_t mww_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]);

/* ---- wasi_path.c: sandboxed path resolution */
typedef struct mww_walk {
    int *stack;          /* stack[0] is the starting directory (borrowed), others owned */
    size_t depth, cap;   /* stack[depth] is the current directory */
    char *buf;           /* path still to resolve: buf[pos .. len) */
    size_t pos, len, bufcap;
    unsigned links;      /* symbolic links followed so far */
    bool dir_required;   /* the path ended in '/' */
    char last[256];      /* the final component ("." when the path names the directory) */
} mww_walk;

/* Start a walk of `path` (a copy of the guest's, NUL-terminated; the walk owns it) from
 * host directory dirfd. */
uint16_t mww_walk_init(mww_walk *wk, int dirfd, char *path, size_t len);
/* Resolve every component but the last: afterwards mww_walk_dir(wk) holds wk->last. */
uint16_t mww_walk_parent(mww_walk *wk);
/* If wk->last is a symbolic link, follow it (repeatedly) so that it no longer is. */
uint16_t mww_walk_follow(mww_walk *wk);
/* Replace the last component with a link target (already read) and resolve again. */
uint16_t mww_walk_splice(mww_walk *wk, const char *target, size_t tlen);
static inline int mww_walk_dir(const mww_walk *wk) { return wk->stack[wk->depth]; }
void mww_walk_free(mww_walk *wk);
/* What a path function does with the final component: whether a final symbolic link is
 * followed, and what a trailing '/' ("name/", wk->dir_required) asks of it. As Linux:
 * "name/" must name a directory; it follows a final link where the function uses what
 * the path names, and does not where the entry itself is created or removed. */
typedef enum mww_final {
    MWW_FINAL_NOFOLLOW,     /* use the entry itself (stat, times, readlink, link source);
                               "name/": follow, must be a directory */
    MWW_FINAL_FOLLOW,       /* use what a final link leads to; "name/": the same */
    MWW_FINAL_OPEN,         /* path_open: "name/" follows, the open checks the type */
    MWW_FINAL_OPEN_CREATE,  /* path_open with O_CREAT: "name/" is EISDIR */
    MWW_FINAL_MKDIR,        /* made (or replaced) as a directory: "name/" is fine */
    MWW_FINAL_CREATE,       /* made as a non-directory (symlink, link target): "name/" is
                               ENOENT when missing, EEXIST when a directory or a link to
                               one is there, else ENOTDIR (POSIX; Linux says EEXIST) */
    MWW_FINAL_REMOVE,       /* removed or moved (rmdir, unlink, rename source): "name/"
                               must be a directory itself, not a link (ENOTDIR) */
    MWW_FINAL_NONDIR        /* replaced by a non-directory (rename target): "name/" is
                               ENOTDIR */
} mww_final;
/* Whole lookup: the entry `fd` with `rights`, then the guest path (ptr, len), then the
 * final component as `kind` says. On success the caller must mww_walk_free(wk). */
uint16_t mww_lookup(mww_call *c, uint32_t fd, uint64_t rights, uint32_t ptr, uint32_t len,
                    mww_final kind, mww_walk *wk);
/* The open directory entry `fd` having all of `rights`: EBADF, ENOTDIR, or EPERM (a path
 * operation the directory has no right to, like a way out of it). */
uint16_t mww_get_dir(mww_call *c, uint32_t fd, uint64_t rights, mww_fd **out);
/* The same with the path already copied (mww_path_copy; the walk takes it over). */
uint16_t mww_lookup_path(mww_call *c, uint32_t fd, uint64_t rights, char *path,
                         mww_final kind, mww_walk *wk);
/* Read the guest path (ptr, len) into a NUL-terminated malloc'd string (for openat2 and
 * symlink targets): EFAULT, EINVAL (embedded NUL), ENAMETOOLONG, ENOMEM. */
uint16_t mww_path_copy(mww_call *c, uint32_t ptr, uint32_t len, char **out);
#define MWW_PATH_MAX 32768u
#define MWW_MAX_LINKS 40u

/* ---- the 46 functions: each returns a WASI errno (proc_exit/proc_raise may set
 * c->result to trap). */
typedef uint16_t (*mww_impl)(mww_call *c, const mw_val *a);
#define MWW_FUNCS(X) \
    X(args_get, "ii") X(args_sizes_get, "ii") X(environ_get, "ii") \
    X(environ_sizes_get, "ii") X(clock_res_get, "ii") X(clock_time_get, "iIi") \
    X(fd_advise, "iIIi") X(fd_allocate, "iII") X(fd_close, "i") X(fd_datasync, "i") \
    X(fd_fdstat_get, "ii") X(fd_fdstat_set_flags, "ii") X(fd_fdstat_set_rights, "iII") \
    X(fd_filestat_get, "ii") X(fd_filestat_set_size, "iI") \
    X(fd_filestat_set_times, "iIIi") X(fd_pread, "iiiIi") X(fd_prestat_get, "ii") \
    X(fd_prestat_dir_name, "iii") X(fd_pwrite, "iiiIi") X(fd_read, "iiii") \
    X(fd_readdir, "iiiIi") X(fd_renumber, "ii") X(fd_seek, "iIii") X(fd_sync, "i") \
    X(fd_tell, "ii") X(fd_write, "iiii") X(path_create_directory, "iii") \
    X(path_filestat_get, "iiiii") X(path_filestat_set_times, "iiiiIIi") \
    X(path_link, "iiiiiii") X(path_open, "iiiiiIIii") X(path_readlink, "iiiiii") \
    X(path_remove_directory, "iii") X(path_rename, "iiiiii") X(path_symlink, "iiiii") \
    X(path_unlink_file, "iii") X(poll_oneoff, "iiii") X(proc_exit, "i") \
    X(proc_raise, "i") X(sched_yield, "") X(random_get, "ii") X(sock_accept, "iii") \
    X(sock_recv, "iiiiii") X(sock_send, "iiiii") X(sock_shutdown, "ii")

#define MWW_DECLARE(name, sig) uint16_t mww_##name(mww_call *c, const mw_val *a);
MWW_FUNCS(MWW_DECLARE)
#undef MWW_DECLARE

#define A32(i) ((uint32_t)a[i].of.i32)
#define A64(i) ((uint64_t)a[i].of.i64)

#endif
