/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wasi_path.c — resolving guest paths inside their pre-opened directory.
 *
 * The guarantee: whatever the path, whatever symbolic links it meets (including links the
 * guest made, and links that change while we look), the host object finally operated on
 * is reached from the starting directory without leaving it.
 *
 * How: the path is walked one component at a time. Each directory is opened with
 * openat(parent, name, O_DIRECTORY | O_NOFOLLOW) and pushed on a stack of open fds;
 * `..` pops the stack (it never asks the host for ".."), and popping past the start is
 * refused. A component that is a symbolic link is read with readlinkat and its target
 * spliced in front of the rest of the path (absolute targets are refused: EPERM, as is
 * popping past the start and an absolute path), at most
 * MWW_MAX_LINKS times. The final component is handed to the caller as (directory fd,
 * name without '/'), and callers use only *at() calls that do not follow a final link
 * (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW, ...). So no string check of a resolved path is
 * involved, and there is no window in which the host resolves anything by itself.
 */
#define _GNU_SOURCE 1
#define _DARWIN_C_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_internal.h"

#if defined(O_PATH)
#  define MWW_DIR_OPEN (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#elif defined(O_SEARCH)
#  define MWW_DIR_OPEN (O_SEARCH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#else
#  define MWW_DIR_OPEN (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#endif

#define MWW_MAX_DEPTH 4096u
#define MWW_LINK_MAX 4096

uint16_t mww_path_copy(mww_call *c, uint32_t ptr, uint32_t len, char **out)
{
    *out = NULL;
    if (!mww_in(c, ptr, len))
        return WASI_EFAULT;
    if (len > MWW_PATH_MAX)
        return WASI_ENAMETOOLONG;
    char *s = malloc((size_t)len + 1);
    if (s == NULL)
        return WASI_ENOMEM;
    if (len > 0)
        memcpy(s, mww_ptr(c, ptr), len);   /* one read; the checks look at the copy */
    s[len] = '\0';
    if (memchr(s, '\0', len) != NULL) {
        free(s);
        return WASI_EINVAL;
    }
    *out = s;
    return WASI_ESUCCESS;
}

uint16_t mww_walk_init(mww_walk *wk, int dirfd, char *path, size_t len)
{
    memset(wk, 0, sizeof *wk);
    wk->buf = path;
    wk->len = len;
    wk->bufcap = len + 1;
    wk->stack = malloc(16 * sizeof *wk->stack);
    if (wk->stack == NULL)
        return WASI_ENOMEM;
    wk->cap = 16;
    wk->stack[0] = dirfd;
    if (len == 0)
        return WASI_ENOENT;
    if (path[0] == '/')
        return WASI_EPERM;   /* absolute: names nothing under the directory */
    return WASI_ESUCCESS;
}

void mww_walk_free(mww_walk *wk)
{
    if (wk->stack != NULL) {
        for (size_t i = 1; i <= wk->depth; i++)
            close(wk->stack[i]);
    }
    free(wk->stack);
    free(wk->buf);
    memset(wk, 0, sizeof *wk);
}

static uint16_t push(mww_walk *wk, int fd)
{
    if (wk->depth + 1 >= wk->cap) {
        if (wk->cap >= MWW_MAX_DEPTH) {
            close(fd);
            return WASI_ENAMETOOLONG;
        }
        int *ns = realloc(wk->stack, wk->cap * 2 * sizeof *ns);
        if (ns == NULL) {
            close(fd);
            return WASI_ENOMEM;
        }
        wk->stack = ns;
        wk->cap *= 2;
    }
    wk->stack[++wk->depth] = fd;
    return WASI_ESUCCESS;
}

/* Replace buf with target + rest (rest may point into buf) and restart at 0. */
static uint16_t path_splice(mww_walk *wk, const char *target, size_t tlen, const char *rest,
                       size_t rlen)
{
    if (++wk->links > MWW_MAX_LINKS)
        return WASI_ELOOP;
    if (tlen == 0)
        return WASI_ENOENT;
    if (target[0] == '/')
        return WASI_EPERM;   /* an absolute link leaves the directory tree */
    if (tlen + rlen > MWW_PATH_MAX)
        return WASI_ENAMETOOLONG;
    char *nb = malloc(tlen + rlen + 1);
    if (nb == NULL)
        return WASI_ENOMEM;
    memcpy(nb, target, tlen);
    if (rlen > 0)
        memcpy(nb + tlen, rest, rlen);
    nb[tlen + rlen] = '\0';
    free(wk->buf);
    wk->buf = nb;
    wk->len = tlen + rlen;
    wk->bufcap = tlen + rlen + 1;
    wk->pos = 0;
    wk->dir_required = false;
    return WASI_ESUCCESS;
}

static void set_last(mww_walk *wk, const char *s, size_t n)
{
    memcpy(wk->last, s, n);
    wk->last[n] = '\0';
}

uint16_t mww_walk_parent(mww_walk *wk)
{
    char *tgt = NULL;
    uint16_t r = WASI_ESUCCESS;
    for (;;) {
        const char *b = wk->buf;
        size_t len = wk->len, p = wk->pos;
        while (p < len && b[p] == '/')
            p++;
        size_t s = p;
        while (p < len && b[p] != '/')
            p++;
        size_t e = p;
        while (p < len && b[p] == '/')
            p++;
        bool is_last = p == len;
        size_t clen = e - s;

        if (clen == 0 || (clen == 1 && b[s] == '.')) {
            if (is_last) {
                set_last(wk, ".", 1);
                wk->pos = len;
                break;
            }
            wk->pos = p;
            continue;
        }
        if (clen == 2 && b[s] == '.' && b[s + 1] == '.') {
            if (wk->depth == 0) {
                r = WASI_EPERM;   /* above the pre-opened directory */
                break;
            }
            close(wk->stack[wk->depth--]);
            if (is_last) {
                set_last(wk, ".", 1);
                wk->pos = len;
                break;
            }
            wk->pos = p;
            continue;
        }
        if (clen >= sizeof wk->last) {
            r = WASI_ENAMETOOLONG;
            break;
        }
        set_last(wk, b + s, clen);
        if (is_last) {
            wk->dir_required = e < len;   /* "name/" */
            wk->pos = len;
            break;
        }
        int fd = openat(mww_walk_dir(wk), wk->last, MWW_DIR_OPEN);
        if (fd >= 0) {
            r = push(wk, fd);
            if (r != WASI_ESUCCESS)
                break;
            wk->pos = p;
            continue;
        }
        int err = errno;
        /* O_NOFOLLOW on a link fails (ELOOP on Linux, ENOTDIR/EMLINK elsewhere): is it
         * a link? Then follow it ourselves. */
        if (err == ELOOP || err == ENOTDIR || err == EMLINK) {
            if (tgt == NULL && (tgt = malloc(MWW_LINK_MAX)) == NULL) {
                r = WASI_ENOMEM;
                break;
            }
            ssize_t n = readlinkat(mww_walk_dir(wk), wk->last, tgt, MWW_LINK_MAX);
            if (n >= 0) {
                if (n >= MWW_LINK_MAX) {
                    r = WASI_ENAMETOOLONG;
                    break;
                }
                /* rest keeps its leading '/', so "link/x" becomes "target/x"; splice
                 * copies it out of the old buffer before freeing that. */
                r = path_splice(wk, tgt, (size_t)n, wk->buf + e, len - e);
                if (r != WASI_ESUCCESS)
                    break;
                continue;
            }
        }
        r = mww_errno(err);
        break;
    }
    free(tgt);
    return r;
}

uint16_t mww_walk_splice(mww_walk *wk, const char *target, size_t tlen)
{
    uint16_t r = path_splice(wk, target, tlen, wk->dir_required ? "/" : "",
                        wk->dir_required ? 1 : 0);
    if (r != WASI_ESUCCESS)
        return r;
    return mww_walk_parent(wk);
}

uint16_t mww_walk_follow(mww_walk *wk)
{
    char *tgt = malloc(MWW_LINK_MAX);
    if (tgt == NULL)
        return WASI_ENOMEM;
    uint16_t r = WASI_ESUCCESS;
    while (strcmp(wk->last, ".") != 0) {
        ssize_t n = readlinkat(mww_walk_dir(wk), wk->last, tgt, MWW_LINK_MAX);
        if (n < 0)
            break;   /* not a link, or not there: the operation itself will say */
        if (n >= MWW_LINK_MAX) {
            r = WASI_ENAMETOOLONG;
            break;
        }
        r = mww_walk_splice(wk, tgt, (size_t)n);
        if (r != WASI_ESUCCESS)
            break;
    }
    free(tgt);
    return r;
}

uint16_t mww_get_dir(mww_call *c, uint32_t fd, uint64_t rights, mww_fd **out)
{
    uint16_t r = mww_get_fd(c, fd, 0, out);
    if (r != WASI_ESUCCESS)
        return r;
    if ((*out)->filetype != WASI_FT_DIRECTORY)
        return WASI_ENOTDIR;   /* before rights: a file has no path rights at all */
    /* a path operation the directory has no right to is not permitted, as a way out of
     * the directory is not (wasi-testsuite's truncation_rights, interesting_paths) */
    return ((*out)->rights & rights) == rights ? WASI_ESUCCESS : WASI_EPERM;
}

/* The type of the final entry itself (no link followed): 0, or its errno. */
static uint16_t final_stat(const mww_walk *wk, struct stat *st)
{
    return fstatat(mww_walk_dir(wk), wk->last, st, AT_SYMLINK_NOFOLLOW) == 0
               ? WASI_ESUCCESS : mww_errno(errno);
}

/* The one place where a trailing '/' is honoured (see mww_final). */
static uint16_t walk_final(mww_walk *wk, mww_final kind)
{
    if (!wk->dir_required)
        return kind == MWW_FINAL_FOLLOW ? mww_walk_follow(wk) : WASI_ESUCCESS;
    struct stat st;
    uint16_t r;
    switch (kind) {
    case MWW_FINAL_MKDIR:
        return WASI_ESUCCESS;
    case MWW_FINAL_NONDIR:
        return WASI_ENOTDIR;
    case MWW_FINAL_OPEN_CREATE:
        return WASI_EISDIR;
    case MWW_FINAL_OPEN:
        return mww_walk_follow(wk);
    case MWW_FINAL_REMOVE:
        if ((r = final_stat(wk, &st)) != WASI_ESUCCESS)
            return r;
        return S_ISDIR(st.st_mode) ? WASI_ESUCCESS : WASI_ENOTDIR;
    case MWW_FINAL_CREATE:
        if ((r = final_stat(wk, &st)) != WASI_ESUCCESS)
            return r;
        /* it exists: the creation fails either way, so the walk may follow it */
        if (S_ISLNK(st.st_mode) && (mww_walk_follow(wk) != WASI_ESUCCESS ||
                                    final_stat(wk, &st) != WASI_ESUCCESS))
            return WASI_ENOTDIR;
        return S_ISDIR(st.st_mode) ? WASI_EEXIST : WASI_ENOTDIR;
    default:   /* NOFOLLOW, FOLLOW */
        if ((r = mww_walk_follow(wk)) != WASI_ESUCCESS || (r = final_stat(wk, &st)) != WASI_ESUCCESS)
            return r;
        return S_ISDIR(st.st_mode) ? WASI_ESUCCESS : WASI_ENOTDIR;
    }
}

uint16_t mww_lookup_path(mww_call *c, uint32_t fd, uint64_t rights, char *path,
                         mww_final kind, mww_walk *wk)
{
    memset(wk, 0, sizeof *wk);
    mww_fd *e;
    uint16_t r = mww_get_dir(c, fd, rights, &e);
    if (r != WASI_ESUCCESS) {
        free(path);
        return r;
    }
    r = mww_walk_init(wk, e->host, path, strlen(path));
    if (r == WASI_ESUCCESS)
        r = mww_walk_parent(wk);
    if (r == WASI_ESUCCESS)
        r = walk_final(wk, kind);
    if (r != WASI_ESUCCESS)
        mww_walk_free(wk);
    return r;
}

uint16_t mww_lookup(mww_call *c, uint32_t fd, uint64_t rights, uint32_t ptr, uint32_t len,
                    mww_final kind, mww_walk *wk)
{
    memset(wk, 0, sizeof *wk);
    char *path;
    uint16_t r = mww_path_copy(c, ptr, len, &path);
    if (r != WASI_ESUCCESS)
        return r;
    return mww_lookup_path(c, fd, rights, path, kind, wk);
}
