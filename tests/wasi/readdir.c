/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * readdir.c — directory listing while entries are deleted, and telldir/seekdir; built
 * natively and for wasm32-wasi, run.sh compares the outputs. (Seeking a directory fd
 * is where WASI differs from Linux: fsops.c checks it apart.)
 * Lines starting "wasi-only" use fd_readdir directly (small buffers that cut entries
 * off) and are checked apart. argv[1]: an empty writable directory.
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

#define NFILES 1000

static const char *root;

static const char *at(const char *rel) { return path_in(root, rel); }

/* Make dir/f0000 .. and return how many were made (names of varying length). */
static int populate(const char *dir, int n)
{
    char p[700];
    int made = 0;
    mkdir(dir, 0755);
    for (int i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s/f%04d%.*s", dir, i, i % 37, "-------------------------------------");
        int fd = open(p, O_CREAT | O_WRONLY, 0644);
        if (fd >= 0) {
            made++;
            close(fd);
        }
    }
    return made;
}

static int count(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (d == NULL)
        return -1;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* One pass of "while readdir: unlink", as rm -r does. */
static void delete_while_listing(void)
{
    const char *dir = at("del");
    int made = populate(dir, NFILES);
    DIR *d = opendir(dir);
    int seen = 0, removed = 0;
    struct dirent *de;
    char p[700];
    while (d != NULL && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        seen++;
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        removed += unlink(p) == 0;
    }
    if (d != NULL)
        closedir(d);
    printf("delete while listing: made %d, seen %d, removed %d, left %d\n", made, seen,
           removed, count(dir));
    printf("rmdir afterwards: %s\n", rmdir(dir) == 0 ? "ok" : strerror(errno));
}

/* telldir after every entry; seekdir back to each one resumes right after it. */
static void tell_and_seek(void)
{
    const char *dir = at("tell");
    populate(dir, 300);
    DIR *d = opendir(dir);
    static long pos[400];
    static char names[400][256];
    int n = 0;
    struct dirent *de;
    while (d != NULL && n < 400 && (de = readdir(d)) != NULL) {
        snprintf(names[n], sizeof names[n], "%.255s", de->d_name);
        pos[n++] = telldir(d);
    }
    int good = 0;
    for (int i = 0; i + 1 < n; i += 7) {
        seekdir(d, pos[i]);
        de = readdir(d);
        good += de != NULL && strcmp(de->d_name, names[i + 1]) == 0;
    }
    seekdir(d, pos[n - 1]);
    int end = readdir(d) == NULL;
    rewinddir(d);
    de = readdir(d);
    int first = de != NULL && strcmp(de->d_name, names[0]) == 0;
    printf("telldir/seekdir: %d entries; %d of %d seeks resume after the entry; "
           "after the last: %s; rewinddir: %s\n", n, good, (n - 2) / 7 + 1,
           end ? "end" : "MORE", first ? "first again" : "WRONG");
    /* delete half, then seek to each remembered place: nothing after it is lost */
    char p[1024];
    for (int i = 0; i < n; i += 2) {
        if (strcmp(names[i], ".") != 0 && strcmp(names[i], "..") != 0) {
            snprintf(p, sizeof p, "%.500s/%.255s", dir, names[i]);
            unlink(p);
        }
    }
    good = 0;
    for (int i = 0; i + 2 < n; i += 2) {
        seekdir(d, pos[i]);
        de = readdir(d);
        good += de != NULL && strcmp(de->d_name, names[i + 1]) == 0;
    }
    printf("after deleting every other entry: %d of %d seeks find the next survivor\n",
           good, (n - 3) / 2 + 1);
    closedir(d);
}

#ifdef __wasi__
/* fd_readdir with a buffer of `size` bytes, resuming from the cookie of the last whole
 * entry as wasi-libc does, deleting each entry once seen. */
static void raw_listing(uint32_t size)
{
    const char *dir = at("raw");
    int made = populate(dir, 200);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    static uint8_t buf[4096];
    uint64_t cookie = 0;
    int seen = 0, calls = 0;
    char p[700];
    for (;;) {
        int32_t used = 0;
        if (raw_fd_readdir(fd, P(buf), (int32_t)size, (int64_t)cookie, P(&used)) != 0 ||
            ++calls > 100000)
            break;
        uint32_t o = 0;
        int whole = 0;
        while (o + 24 <= (uint32_t)used) {
            uint32_t nl;
            memcpy(&nl, buf + o + 16, 4);
            if (o + 24 + nl > (uint32_t)used)
                break;   /* cut off: ask again from the cookie before it */
            memcpy(&cookie, buf + o, 8);
            char name[256];
            memcpy(name, buf + o + 24, nl);
            name[nl] = '\0';
            if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
                seen++;
                snprintf(p, sizeof p, "%s/%s", dir, name);
                unlink(p);
            }
            o += 24 + nl;
            whole++;
        }
        if ((uint32_t)used < size)
            break;   /* the end */
        if (whole == 0 && size < 24 + 256)
            break;   /* the buffer cannot hold the next entry */
    }
    close(fd);
    int left = count(dir);
    printf("wasi-only fd_readdir with %u-byte buffers, deleting as it goes: made %d, "
           "seen %d, left %d: %s\n", size, made, seen, left,
           seen == made && left == 0 ? "each once" : "MISSED SOME");
    rmdir(dir);
}
#endif

int main(int argc, char **argv)
{
    root = argc > 1 ? argv[1] : ".";
    delete_while_listing();
    tell_and_seek();
#ifdef __wasi__
    raw_listing(72);   /* the longest entry is 24 + 41 bytes */
    raw_listing(300);
    raw_listing(4096);
#endif
    return 0;
}
