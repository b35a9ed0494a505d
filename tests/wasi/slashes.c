/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * slashes.c — every path operation on every kind of final component, with and without
 * a trailing '/', built natively and for wasm32-wasi; run.sh compares the outputs.
 * argv[1]: an empty writable directory. For each case a fresh tree is made there:
 *
 *   f (file)  d (directory)  ld -> d  lf -> f  dl -> nowhere  loop -> loop
 *
 * the operation is done on NAME or NAME/ (NAME one of those, or "new" that does not
 * exist), and the line says the result and the tree afterwards (so that an operation
 * that reports an error but changes something, or changes the wrong thing, shows).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "guest.h"

static const char *root;

static const char *at(const char *rel) { return path_in(root, rel); }

static const char *ename(int e)
{
    switch (e) {
    case EEXIST: return "EEXIST";
    case ENOENT: return "ENOENT";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ELOOP: return "ELOOP";
    case EPERM: return "EPERM";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EACCES: return "EACCES";
    case EBUSY: return "EBUSY";
    default: return "E?";
    }
}

static void rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *de;
    char p[1024];
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            rm_tree(p);
            rmdir(p);
        } else {
            unlink(p);
        }
    }
    closedir(d);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "name" for a file, "name->target" for a link, "name/{...}" for a directory. */
static void describe(const char *dir, char *out, size_t n)
{
    char *names[32];
    int k = 0;
    DIR *d = opendir(dir);
    out[0] = '\0';
    if (d == NULL)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && k < 32) {
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            names[k++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, (size_t)k, sizeof names[0], cmp);
    size_t o = 0;
    for (int i = 0; i < k; i++) {
        char p[1024], sub[512];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        o += (size_t)snprintf(out + o, n - o, "%s%s", i ? " " : "", names[i]);
        if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) {
            ssize_t l = readlink(p, sub, sizeof sub - 1);
            sub[l < 0 ? 0 : l] = '\0';
            o += (size_t)snprintf(out + o, n - o, "->%s", sub);
        } else if (S_ISDIR(st.st_mode)) {
            describe(p, sub, sizeof sub);
            o += (size_t)snprintf(out + o, n - o, "/{%s}", sub);
        }
        free(names[i]);
    }
}

static void setup(void)
{
    rm_tree(root);
    close(open(at("f"), O_CREAT | O_WRONLY, 0644));
    mkdir(at("d"), 0755);
    symlink("d", at("ld"));
    symlink("f", at("lf"));
    symlink("nowhere", at("dl"));
    symlink("loop", at("loop"));
}

enum { MKDIR, RMDIR, UNLINK, SYMLINK, LINK_TO, LINK_FROM, LINK_FROM_FOLLOW, RENAME_FROM,
       RENAME_DIR_TO, RENAME_FILE_TO, READLINK, STAT, LSTAT, UTIMES, LUTIMES, OPEN_RD,
       OPEN_NOFOLLOW, OPEN_DIR, OPEN_CREAT, OPEN_EXCL, NOPS };
static const char *const opname[NOPS] = {
    "mkdir P", "rmdir P", "unlink P", "symlink x P", "link f P", "link P n",
    "link(follow) P n", "rename P n", "rename d P", "rename f P", "readlink P", "stat P",
    "lstat P", "utimensat P", "utimensat(nofollow) P", "open(rdonly) P",
    "open(nofollow) P", "open(directory) P", "open(creat) P", "open(creat|excl) P"};

static int run(int op, const char *p)
{
    struct stat st;
    char buf[64];
    int fd;
    switch (op) {
    case MKDIR: return mkdir(p, 0755);
    case RMDIR: return rmdir(p);
    case UNLINK: return unlink(p);
    case SYMLINK: return symlink("x", p);
    case LINK_TO: return link(at("f"), p);
    case LINK_FROM: return linkat(AT_FDCWD, p, AT_FDCWD, at("n"), 0);
    case LINK_FROM_FOLLOW: return linkat(AT_FDCWD, p, AT_FDCWD, at("n"), AT_SYMLINK_FOLLOW);
    case RENAME_FROM: return rename(p, at("n"));
    case RENAME_DIR_TO: return rename(at("d"), p);
    case RENAME_FILE_TO: return rename(at("f"), p);
    case READLINK: return readlink(p, buf, sizeof buf) < 0 ? -1 : 0;
    case STAT: return stat(p, &st);
    case LSTAT: return lstat(p, &st);
    case UTIMES: return utimensat(AT_FDCWD, p, NULL, 0);
    case LUTIMES: return utimensat(AT_FDCWD, p, NULL, AT_SYMLINK_NOFOLLOW);
    case OPEN_RD: fd = open(p, O_RDONLY); break;
    case OPEN_NOFOLLOW: fd = open(p, O_RDONLY | O_NOFOLLOW); break;
    case OPEN_DIR: fd = open(p, O_RDONLY | O_DIRECTORY); break;
    case OPEN_CREAT: fd = open(p, O_WRONLY | O_CREAT, 0644); break;
    default: fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644); break;
    }
    if (fd >= 0)
        close(fd);
    return fd < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    static const char *const names[] = {"f", "d", "ld", "lf", "dl", "loop", "new"};
    root = argc > 1 ? argv[1] : ".";
    char tree[1024], rel[16];
    for (int op = 0; op < NOPS; op++) {
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
            for (int slash = 0; slash <= 1; slash++) {
                setup();
                snprintf(rel, sizeof rel, "%s%s", names[k], slash ? "/" : "");
                errno = 0;
                int r = run(op, at(rel));
                int e = errno;
                describe(root, tree, sizeof tree);
                const char *o = opname[op];
                const char *pp = strchr(o, 'P');
                printf("%.*s%s%s: %s | %s\n", (int)(pp - o), o, rel, pp + 1,
                       r == 0 ? "ok" : ename(e), tree);
            }
        }
    }
    rm_tree(root);
    return 0;
}
