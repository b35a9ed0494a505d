/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* files.c — file and directory operations inside the pre-opened directory argv[1]:
 * create, write, read, seek, stat, truncate, readdir, rename, unlink, links, times. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "guest.h"

static char path_buf[8][512];
static int path_i;
static const char *base;

static const char *P_(const char *rel)
{
    char *p = path_buf[path_i++ & 7];
    snprintf(p, 512, "%s/%s", base, rel);
    return p;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of a directory, without "." and "..", joined by spaces. */
static void listing(const char *dir, char *out, size_t n, int *count)
{
    char *names[512];
    int k = 0;
    DIR *d = opendir(dir);
    out[0] = '\0';
    *count = -1;
    if (d == NULL)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && k < 512) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        names[k++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, (size_t)k, sizeof names[0], cmp);
    size_t o = 0;
    for (int i = 0; i < k; i++) {
        if (i < 8)
            o += (size_t)snprintf(out + o, n - o, "%s%s", i ? " " : "", names[i]);
        free(names[i]);
    }
    *count = k;
}

static int write_file(const char *p, const char *text)
{
    FILE *f = fopen(p, "w");
    if (f == NULL)
        return -1;
    fputs(text, f);
    return fclose(f);
}

int main(int argc, char **argv)
{
    base = argc > 1 ? argv[1] : "/sandbox";
    struct stat st;
    char buf[256], list[1024];
    int count;

    check(mkdir(P_("d"), 0755) == 0, "mkdir d");
    check(mkdir(P_("d"), 0755) == -1 && errno == EEXIST, "mkdir d again: EEXIST");
    check(write_file(P_("d/a.txt"), "hello world\n") == 0, "create and write d/a.txt");

    int fd = open(P_("d/a.txt"), O_RDWR);
    check(fd >= 0, "open d/a.txt read-write");
    check(read(fd, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0, "read 'hello'");
    check(lseek(fd, 6, SEEK_SET) == 6, "lseek to 6");
    check(read(fd, buf, 5) == 5 && memcmp(buf, "world", 5) == 0, "read 'world'");
    check(lseek(fd, 0, SEEK_CUR) == 11, "tell is 11");
    check(lseek(fd, -3, SEEK_END) == 9, "lseek -3 from the end");
    check(lseek(fd, 0, SEEK_END) == 12, "size by seeking to the end is 12");
    check(pwrite(fd, "HELLO", 5, 0) == 5, "pwrite 'HELLO' at 0");
    check(pread(fd, buf, 11, 0) == 11 && memcmp(buf, "HELLO world", 11) == 0, "pread it back");
    check(lseek(fd, 0, SEEK_CUR) == 12, "pread/pwrite leave the position alone");
    check(fstat(fd, &st) == 0 && st.st_size == 12 && S_ISREG(st.st_mode), "fstat: regular, 12 bytes");
    check(ftruncate(fd, 5) == 0, "ftruncate to 5");
    check(fstat(fd, &st) == 0 && st.st_size == 5, "fstat: 5 bytes");
    check(fsync(fd) == 0 && fdatasync(fd) == 0, "fsync and fdatasync");
    check(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0, "posix_fadvise");
    check(close(fd) == 0, "close");
    check(close(fd) == -1 && errno == EBADF, "close again: EBADF");

    fd = open(P_("d/a.txt"), O_WRONLY | O_APPEND);
    check(fd >= 0 && write(fd, "!!", 2) == 2, "append '!!'");
    check((fcntl(fd, F_GETFL) & O_APPEND) != 0, "F_GETFL shows O_APPEND");
    close(fd);
    fd = open(P_("d/a.txt"), O_RDONLY);
    memset(buf, 0, sizeof buf);
    check(fd >= 0 && read(fd, buf, sizeof buf) == 7 && strcmp(buf, "HELLO!!") == 0, "content is 'HELLO!!'");
    check(write(fd, "x", 1) == -1 && errno == EBADF, "write to a read-only fd fails");
    close(fd);

    check(stat(P_("d/a.txt"), &st) == 0 && st.st_size == 7, "stat d/a.txt: 7 bytes");
    check(stat(P_("d"), &st) == 0 && S_ISDIR(st.st_mode), "stat d: a directory");
    check(stat(P_("d/none"), &st) == -1 && errno == ENOENT, "stat of a missing file: ENOENT");
    check(open(P_("d/none"), O_RDONLY) == -1 && errno == ENOENT, "open of a missing file: ENOENT");
    check(open(P_("d/a.txt"), O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST,
          "O_CREAT|O_EXCL on an existing file: EEXIST");
    check(open(P_("d/a.txt/x"), O_RDONLY) == -1 && errno == ENOTDIR, "a file as a directory: ENOTDIR");

    check(write_file(P_("d/b.txt"), "b") == 0 && write_file(P_("d/c.txt"), "c") == 0, "create b.txt, c.txt");
    listing(P_("d"), list, sizeof list, &count);
    check(strcmp(list, "a.txt b.txt c.txt") == 0, "readdir d: a.txt b.txt c.txt");

    check(rename(P_("d/a.txt"), P_("d/z.txt")) == 0, "rename a.txt -> z.txt");
    check(access(P_("d/a.txt"), F_OK) == -1 && errno == ENOENT, "a.txt is gone");
    check(access(P_("d/z.txt"), F_OK) == 0, "z.txt exists");
    check(rename(P_("d/c.txt"), P_("d/z.txt")) == 0, "rename over an existing file");
    check(stat(P_("d/z.txt"), &st) == 0 && st.st_size == 1, "z.txt is now c.txt's content");
    check(unlink(P_("d/b.txt")) == 0, "unlink b.txt");
    check(unlink(P_("d/b.txt")) == -1 && errno == ENOENT, "unlink b.txt again: ENOENT");
    check(rmdir(P_("d")) == -1 && errno == ENOTEMPTY, "rmdir of a non-empty dir: ENOTEMPTY");
    check(unlink(P_("d")) == -1 && (errno == EISDIR || errno == EPERM), "unlink of a dir fails");

    check(link(P_("d/z.txt"), P_("d/hard.txt")) == 0, "hard link");
    check(stat(P_("d/z.txt"), &st) == 0 && st.st_nlink == 2, "nlink is 2");
    check(symlink("z.txt", P_("d/sym")) == 0, "symlink d/sym -> z.txt");
    memset(buf, 0, sizeof buf);
    check(readlink(P_("d/sym"), buf, sizeof buf) == 5 && strcmp(buf, "z.txt") == 0, "readlink d/sym");
    check(lstat(P_("d/sym"), &st) == 0 && S_ISLNK(st.st_mode), "lstat: a symlink");
    check(stat(P_("d/sym"), &st) == 0 && S_ISREG(st.st_mode), "stat follows it to a file");
    fd = open(P_("d/sym"), O_RDONLY);
    check(fd >= 0 && read(fd, buf, 1) == 1 && buf[0] == 'c', "open through the symlink");
    close(fd);
    check(symlink("d", P_("dirlink")) == 0, "symlink dirlink -> d");
    check(stat(P_("dirlink/z.txt"), &st) == 0, "a path through a directory symlink");
    check(open(P_("d/sym"), O_RDONLY | O_NOFOLLOW) == -1 && errno == ELOOP, "O_NOFOLLOW on a symlink: ELOOP");

    struct timespec ts[2] = {{1000000000, 0}, {1100000000, 500}};
    check(utimensat(AT_FDCWD, P_("d/z.txt"), ts, 0) == 0, "utimensat");
    check(stat(P_("d/z.txt"), &st) == 0 && st.st_mtim.tv_sec == 1100000000 &&
          st.st_atim.tv_sec == 1000000000, "times were set");
    fd = open(P_("d/z.txt"), O_RDWR);
    struct timespec ts2[2] = {{0, UTIME_OMIT}, {1200000000, 0}};
    check(fd >= 0 && futimens(fd, ts2) == 0, "futimens");
    check(fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 1200000000 && st.st_atim.tv_sec == 1000000000,
          "mtime set, atime kept");
    check(posix_fallocate(fd, 0, 4096) == 0, "posix_fallocate 4096");
    check(fstat(fd, &st) == 0 && st.st_size == 4096, "the file is now 4096 bytes");
    close(fd);

    /* many entries: readdir must refill its buffer and resume with cookies */
    check(mkdir(P_("many"), 0755) == 0, "mkdir many");
    int made = 0;
    for (int i = 0; i < 300; i++) {
        char name[64];
        snprintf(name, sizeof name, "many/entry-with-a-long-name-%03d", i);
        made += write_file(P_(name), "") == 0;
    }
    check(made == 300, "create 300 files");
    listing(P_("many"), list, sizeof list, &count);
    check_eq(count, 300, "readdir sees all 300");
    DIR *d = opendir(P_("many"));
    int first = 0, again = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        first++;
    rewinddir(d);
    while ((de = readdir(d)) != NULL)
        again++;
    closedir(d);
    check(first == again && first >= 300, "rewinddir reads the same again");
    for (int i = 0; i < 300; i++) {
        char name[64];
        snprintf(name, sizeof name, "many/entry-with-a-long-name-%03d", i);
        unlink(P_(name));
    }
    check(rmdir(P_("many")) == 0, "rmdir many once empty");

    /* fd_renumber: b takes a's file, a is closed */
    int a = open(P_("d/z.txt"), O_RDONLY);
    int b = open(P_("d/hard.txt"), O_RDONLY);
    check(a >= 0 && b >= 0 && raw_fd_renumber(a, b) == 0, "fd_renumber");
    check(raw_fd_close(a) == EBADF, "the old number is closed");
    check(raw_fd_close(b) == 0, "the new number is open");

    /* fd_fdstat_set_rights only drops rights */
    fd = open(P_("d/z.txt"), O_RDONLY);
    check(raw_fd_fdstat_set_rights(fd, 0, 0) == 0, "drop every right");
    uint32_t iov[2] = {(uint32_t)(uintptr_t)buf, 1};
    int32_t nread;
    check(raw_fd_read(fd, P(iov), 1, P(&nread)) == EBADF, "fd_read without the right: EBADF");
    check(raw_fd_fdstat_set_rights(fd, 2, 0) == ENOTCAPABLE, "rights cannot come back");
    close(fd);

    /* clean up */
    check(unlink(P_("dirlink")) == 0 && unlink(P_("d/sym")) == 0 && unlink(P_("d/hard.txt")) == 0 &&
          unlink(P_("d/z.txt")) == 0, "unlink the rest");
    listing(P_("d"), list, sizeof list, &count);
    check(count == 0, "d is empty");
    check(rmdir(P_("d")) == 0, "rmdir d");
    listing(base, list, sizeof list, &count);
    check(count == 0, "the directory is empty again");
    return finish();
}
