/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fsops.c — the file-system areas of WebAssembly/wasi-testsuite (wasm32-wasip1), written
 * anew as libc calls: built natively and for wasm32-wasi, run in an empty directory
 * (argv[1]); run.sh compares the two outputs line by line. Each line is one operation
 * and its result ("ok", a value, or the errno's name). Lines starting "wasi-only" use
 * raw WASI calls (rights, fstflags, renumber, pre-opened names) and must not say WRONG.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "guest.h"

static const char *root;

static const char *at(const char *rel) { return path_in(root, rel); }

/* One result line: "what: ok" or "what: ENAME". */
static void say(const char *what, int r)
{
    printf("%s: %s\n", what, r >= 0 ? "ok" : errno_name(errno));
}

static void put(const char *rel, const char *text)
{
    int fd = open(at(rel), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (write(fd, text, strlen(text)) < 0 || close(fd) != 0)
        printf("put %s: %s\n", rel, errno_name(errno));
}

static long size_of(const char *rel)
{
    struct stat st;
    return stat(at(rel), &st) == 0 ? (long)st.st_size : -1;
}

static void renames(void)
{
    mkdir(at("src"), 0755);
    say("rename dir to a new name", rename(at("src"), at("dst")));
    say("the old name is gone", access(at("src"), F_OK));
    mkdir(at("src"), 0755);
    say("rename dir over an empty dir", rename(at("src"), at("dst")));
    mkdir(at("src"), 0755);
    put("dst/file", "x");
    say("rename dir over a non-empty dir", rename(at("src"), at("dst")));
    say("rename dir over a file", rename(at("src"), at("dst/file")));
    say("rename a dir into itself", rename(at("src"), at("src/sub")));
    say("rmdir a non-empty dir", rmdir(at("dst")));
    unlink(at("dst/file"));
    say("rmdir it once empty", rmdir(at("dst")));
    put("a", "aaa");
    put("b", "b");
    say("rename file over a file", rename(at("a"), at("b")));
    printf("the target has the source's size: %ld\n", size_of("b"));
    say("rename file over a dir", rename(at("b"), at("src")));
    say("rename file onto itself", rename(at("b"), at("b")));
    say("rename a missing file", rename(at("none"), at("b")));
    say("rename into a missing dir", rename(at("b"), at("none/b")));
    say("rmdir .", rmdir(at("src/.")));
    rmdir(at("src"));
    unlink(at("b"));
}

static void links(void)
{
    char buf[64];
    struct stat st;
    put("file", "hello");
    say("link file", link(at("file"), at("hard")));
    printf("nlink after link: %ld\n", stat(at("file"), &st) == 0 ? (long)st.st_nlink : -1L);
    say("link over an existing name", link(at("file"), at("hard")));
    say("link a file to itself", link(at("file"), at("file")));
    mkdir(at("dir"), 0755);
    say("link a directory", link(at("dir"), at("dlink")));
    say("link onto a directory", link(at("file"), at("dir")));
    say("symlink to a missing target", symlink("missing", at("dangling")));
    say("link a dangling symlink", linkat(AT_FDCWD, at("dangling"), AT_FDCWD, at("h2"), 0));
    say("link following a dangling symlink",
        linkat(AT_FDCWD, at("dangling"), AT_FDCWD, at("h3"), AT_SYMLINK_FOLLOW));
    say("symlink loop", symlink("loop", at("loop")));
    say("link a symlink loop", linkat(AT_FDCWD, at("loop"), AT_FDCWD, at("h4"), 0));
    say("open a dangling symlink", open(at("dangling"), O_RDONLY));
    say("open(O_CREAT) through a dangling symlink", open(at("dangling"), O_WRONLY | O_CREAT, 0644));
    say("the dangling link's target now exists", access(at("missing"), F_OK));
    say("open a symlink loop", open(at("loop"), O_RDONLY));
    say("stat a symlink loop", stat(at("loop"), &st));
    say("lstat a symlink loop", lstat(at("loop"), &st));
    say("open(O_NOFOLLOW) a symlink", open(at("loop"), O_RDONLY | O_NOFOLLOW));
    say("symlink over an existing name", symlink("x", at("file")));
    ssize_t n = readlink(at("dangling"), buf, sizeof buf);
    printf("readlink: %zd [%.*s]\n", n, n > 0 ? (int)n : 0, buf);
    n = readlink(at("dangling"), buf, 3);
    printf("readlink into 3 bytes: %zd [%.*s]\n", n, n > 0 ? (int)n : 0, buf);
    say("readlink of a file", (int)readlink(at("file"), buf, sizeof buf));
    say("readlink of a missing name", (int)readlink(at("none"), buf, sizeof buf));
    const char *names[] = {"file", "hard", "dangling", "h2", "loop", "h4", "missing"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unlink(at(names[i]));
    say("unlink a directory", unlink(at("dir")));
    rmdir(at("dir"));
}

static void fileops(void)
{
    char buf[32];
    struct stat st;
    int fd = open(at("f"), O_CREAT | O_EXCL | O_RDWR, 0644);
    say("create with O_EXCL", fd);
    say("O_EXCL again", open(at("f"), O_CREAT | O_EXCL | O_RDWR, 0644));
    say("O_DIRECTORY on a file", open(at("f"), O_RDONLY | O_DIRECTORY));
    say("open a directory for writing", open(root, O_WRONLY));
    say("write", (int)write(fd, "0123456789", 10));
    printf("lseek SEEK_END -4: %ld\n", (long)lseek(fd, -4, SEEK_END));
    printf("lseek SEEK_CUR +2: %ld\n", (long)lseek(fd, 2, SEEK_CUR));
    say("lseek to a negative offset", (int)lseek(fd, -100, SEEK_SET));
    printf("lseek past the end: %ld\n", (long)lseek(fd, 20, SEEK_SET));
    say("write past the end", (int)write(fd, "X", 1));
    printf("size with the hole: %ld\n", size_of("f"));
    printf("pread in the hole: %zd, byte %d\n", pread(fd, buf, 4, 12), buf[0]);
    say("ftruncate to 3", ftruncate(fd, 3));
    printf("size: %ld\n", size_of("f"));
    say("ftruncate to 100", ftruncate(fd, 100));
    printf("size: %ld\n", size_of("f"));
    printf("posix_fallocate 0+4096: %d\n", posix_fallocate(fd, 0, 4096));
    printf("size: %ld\n", size_of("f"));
    printf("posix_fadvise: %d\n", posix_fadvise(fd, 0, 10, POSIX_FADV_SEQUENTIAL));
    say("fsync", fsync(fd));
    say("fdatasync", fdatasync(fd));
    struct timespec ts[2] = {{1000000000, 123456789}, {1200000000, 987654321}};
    say("futimens", futimens(fd, ts));
    fstat(fd, &st);
    printf("times: atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    ts[0].tv_nsec = UTIME_OMIT;
    ts[1].tv_sec = 1300000000;
    say("utimensat, atime omitted", utimensat(AT_FDCWD, at("f"), ts, 0));
    stat(at("f"), &st);
    printf("times: atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec,
           (long long)st.st_mtim.tv_sec);
    printf("isatty(file): %d\n", isatty(fd));
    struct stat a, b;
    fstat(fd, &a);
    stat(at("f"), &b);
    printf("fstat and stat agree on dev and ino: %s\n",
           a.st_dev == b.st_dev && a.st_ino == b.st_ino ? "yes" : "NO");
    close(fd);

    /* O_APPEND, set at open and with fcntl; pwrite on an O_APPEND fd appends on Linux */
    fd = open(at("f"), O_WRONLY | O_TRUNC | O_APPEND);
    say("write with O_APPEND", (int)write(fd, "ab", 2));
    lseek(fd, 0, SEEK_SET);
    say("write after seeking to 0", (int)write(fd, "cd", 2));
    printf("position: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    say("pwrite at 0", (int)pwrite(fd, "efg", 3, 0));
    printf("position: %ld, size %ld\n", (long)lseek(fd, 0, SEEK_CUR), size_of("f"));
    say("fcntl: drop O_APPEND", fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_APPEND));
    printf("O_APPEND now: %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    lseek(fd, 0, SEEK_SET);
    say("write at 0", (int)write(fd, "Z", 1));
    close(fd);
    fd = open(at("f"), O_RDONLY);
    ssize_t n = read(fd, buf, sizeof buf);
    printf("content: [%.*s]\n", n > 0 ? (int)n : 0, buf);
    say("write to a read-only fd", (int)write(fd, "x", 1));
    close(fd);
    fd = open(at("f"), O_WRONLY | O_TRUNC);
    close(fd);
    printf("O_TRUNC: size %ld\n", size_of("f"));

    /* an open file or directory outlives its name */
    fd = open(at("f"), O_RDWR);
    unlink(at("f"));
    say("write to an unlinked file", (int)write(fd, "still", 5));
    say("fstat an unlinked file", fstat(fd, &st));
    printf("its nlink: %ld\n", (long)st.st_nlink);
    close(fd);
    mkdir(at("gone"), 0755);
    fd = open(at("gone"), O_RDONLY | O_DIRECTORY);
    rmdir(at("gone"));
    say("fstat a removed directory", fstat(fd, &st));
    say("create in a removed directory", openat(fd, "x", O_CREAT | O_WRONLY, 0644));
    close(fd);
    fd = open(root, O_RDONLY | O_DIRECTORY);
    say("read from a directory", (int)read(fd, buf, sizeof buf));
    close(fd);
    say("mkdir in a missing directory", mkdir(at("none/sub"), 0755));
    say("mkdir an existing name", mkdir(root, 0755));
}

#ifdef __wasi__
static void expect(const char *what, int ok)
{
    printf("wasi-only %s: %s\n", what, ok ? "as expected" : "WRONG");
}

/* A new fd of directory `dir` itself, with the rights it has (wasi-testsuite's way). */
static int32_t reopen_dir(int dir)
{
    uint8_t fdst[24];
    uint64_t base = 0, inh = 0;
    int32_t fd = -1;
    if (raw_fd_fdstat_get(dir, P(fdst)) == 0) {
        memcpy(&base, fdst + 8, 8);
        memcpy(&inh, fdst + 16, 8);
    }
    raw_path_open(dir, 0, P("."), 1, 2, (int64_t)base, (int64_t)inh, 0, P(&fd));
    return fd;
}

/* Rights, flags and pre-opens: what only WASI has. */
static void raw(void)
{
    int dir = find_preopen(root);
    int32_t fd = -1, fd2 = -1;
    uint8_t st[64], fdst[24];
    put("r", "0123");
    /* fstflags: a time and "now" for the same field */
    raw_path_open(dir, 0, P("r"), 1, 0, 2 | (1 << 23), 0, 0, P(&fd));
    expect("fd_filestat_set_times MTIM|MTIM_NOW is EINVAL", raw_fd_filestat_set_times(fd, 100, 200, 4 | 8) == EINVAL);
    expect("fd_filestat_set_times ATIM|ATIM_NOW is EINVAL", raw_fd_filestat_set_times(fd, 100, 200, 1 | 2) == EINVAL);
    expect("fd_filestat_set_times with no flags", raw_fd_filestat_set_times(fd, 0, 0, 0) == 0);
    /* a file is not a directory to open paths in */
    expect("path_open in a file fd: ENOTDIR",
           raw_path_open(fd, 0, P("x"), 1, 0, 0, 0, 0, P(&fd2)) == ENOTDIR);
    /* reading without the right */
    raw_fd_close(fd);
    raw_path_open(dir, 0, P("r"), 1, 0, 1 << 6, 0, 0, P(&fd));
    uint32_t iov[2] = {P(st), 4};
    int32_t n = 0;
    expect("fd_read without FD_READ: EBADF", raw_fd_read(fd, P(iov), 1, P(&n)) == EBADF);
    raw_fd_close(fd);
    /* O_TRUNC needs PATH_FILESTAT_SET_SIZE on the directory */
    fd = reopen_dir(dir);
    raw_fd_fdstat_get(fd, P(fdst));
    uint64_t base, inh;
    memcpy(&base, fdst + 8, 8);
    memcpy(&inh, fdst + 16, 8);
    expect("a directory has no FD_FILESTAT_SET_SIZE right", (base & (1u << 22)) == 0);
    raw_fd_fdstat_set_rights(fd, (int64_t)(base & ~(uint64_t)(1u << 19)), (int64_t)inh);
    expect("O_TRUNC without PATH_FILESTAT_SET_SIZE: EPERM",
           raw_path_open(fd, 0, P("r"), 1, 8, 0, 0, 0, P(&fd2)) == EPERM && size_of("r") == 4);
    raw_fd_close(fd);
    /* a pre-opened directory's name; renumbering over an open directory */
    char name[256];
    expect("fd_prestat_dir_name into 0 bytes fails", raw_fd_prestat_dir_name(dir, P(name), 0) != 0);
    raw_path_open(dir, 0, P("r"), 1, 0, 2 | (1 << 21), 0, 0, P(&fd));
    int32_t spare = reopen_dir(dir);
    expect("fd_renumber over another directory fd", raw_fd_renumber(fd, spare) == 0);
    expect("the old number is closed", raw_fd_close(fd) == EBADF);
    expect("the new number is the file",
           raw_fd_filestat_get(spare, P(st)) == 0 && st[16] == 4);
    raw_fd_close(spare);
    /* WASI diverges from Linux here (wasi-testsuite's directory_seek, dir_fd_op_failures) */
    expect("fd_seek on a directory is EBADF", raw_fd_seek(dir, 0, 1, P(st)) == EBADF);
    expect("fd_tell on a directory is EBADF", raw_fd_tell(dir, P(st)) == EBADF);
    raw_path_open(dir, 0, P("."), 1, 2, 1 << 2, 0, 0, P(&fd));
    raw_fd_fdstat_get(fd, P(fdst));
    memcpy(&base, fdst + 8, 8);
    expect("a directory opened asking FD_SEEK has no FD_SEEK right", fd >= 0 && (base & 4) == 0);
    expect("and fd_seek on it is EBADF", raw_fd_seek(fd, 0, 0, P(st)) == EBADF);
    raw_fd_close(fd);
    unlink(at("r"));
}
#endif

int main(int argc, char **argv)
{
    root = argc > 1 ? argv[1] : ".";
    renames();
    links();
    fileops();
#ifdef __wasi__
    raw();
#endif
    return 0;
}
