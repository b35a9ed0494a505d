/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * conform.c — what WebAssembly/wasi-testsuite (wasm32-wasip1: the Rust, C and
 * AssemblyScript programs) asserts, written anew for minwasm.
 *
 * Built natively and for wasm32-wasi and run in an empty directory (argv[1]); run.sh
 * compares the outputs line by line (tests/wasi/run.sh, native_vs). The libc part is
 * what Linux can say too: one operation and its result per line. Lines starting
 * "wasi-only" use raw WASI calls for what only WASI has (rights, pre-opens, the errnos
 * where WASI and Linux part ways) and must say "as expected", never WRONG.
 *
 * The errnos chosen where the suite accepts several (wasi/README.md, "Errnos"): a way
 * out of the directory and a path operation the directory has no right to are EPERM;
 * an fd operation the fd has no right to is EBADF; asking for rights beyond what may
 * be handed out is ENOTCAPABLE; otherwise what Linux says.
 *
 * `conform DIR stdin-pipe` only prints what lseek and pread on stdin say (run with a pipe
 * there).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "guest.h"

static const char *root;

static const char *at(const char *rel) { return path_in(root, rel); }

/* "what: ok" or "what: ENAME" (errno) */
static void say(const char *what, long r)
{
    printf("%s: %s\n", what, r >= 0 ? "ok" : errno_name(errno));
}

static void num(const char *what, long v) { printf("%s: %ld\n", what, v); }

static void yes(const char *what, int ok) { printf("%s: %s\n", what, ok ? "yes" : "no"); }

static void put(const char *rel, const char *text)
{
    int fd = open(at(rel), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) < 0 || close(fd) != 0)
        printf("put %s: %s\n", rel, errno_name(errno));
}

static long size_of(const char *rel)
{
    struct stat st;
    return stat(at(rel), &st) == 0 ? (long)st.st_size : -1;
}

static char type_of(const struct stat *st)
{
    return S_ISREG(st->st_mode)   ? 'f'
           : S_ISDIR(st->st_mode) ? 'd'
           : S_ISLNK(st->st_mode) ? 'l'
                                  : '?';
}

static void show_type(const char *what, const char *rel, int follow)
{
    struct stat st;
    int r = follow ? stat(at(rel), &st) : lstat(at(rel), &st);
    if (r != 0)
        say(what, -1);
    else
        printf("%s: %c\n", what, type_of(&st));
}

static void close_say(const char *what, int fd)
{
    say(what, fd);
    if (fd >= 0)
        close(fd);
}

/* fd_flags_set: seek to 0, write 100 bytes of v, read 100 at `back`: are they those? */
static void write_at_start(int fd, const char *what, unsigned char v, long back)
{
    unsigned char d[100], r[100];
    char m[120];
    memset(d, v, sizeof d);
    lseek(fd, 0, SEEK_SET);
    snprintf(m, sizeof m, "flags: %s: write", what);
    num(m, (long)write(fd, d, sizeof d));
    lseek(fd, (off_t)back, SEEK_SET);
    snprintf(m, sizeof m, "flags: %s: read at %ld", what, back);
    num(m, (long)read(fd, r, sizeof r));
    snprintf(m, sizeof m, "flags: %s: the bytes are there", what);
    yes(m, memcmp(r, d, sizeof d) == 0);
}

/* file_seek_tell, file_pread_pwrite, fd_flags_set, file_truncation,
 * file_unbuffered_write, fd_filestat_set, fd_advise, file_allocate, isatty */
static void file_io(void)
{
    unsigned char buf[128], z[100];
    memset(z, 0, sizeof z);
    int fd = open(at("st"), O_CREAT | O_RDWR, 0644);
    num("seek_tell: initial offset", (long)lseek(fd, 0, SEEK_CUR));
    num("seek_tell: write", (long)write(fd, z, 100));
    num("seek_tell: offset after writing", (long)lseek(fd, 0, SEEK_CUR));
    num("seek_tell: -50 from the current", (long)lseek(fd, -50, SEEK_CUR));
    num("seek_tell: to the start", (long)lseek(fd, 0, SEEK_SET));
    num("seek_tell: +1000 past the end", (long)lseek(fd, 1000, SEEK_CUR));
    say("seek_tell: before byte 0", (long)lseek(fd, -2000, SEEK_CUR));
    lseek(fd, 0, SEEK_SET);
    num("seek_tell: read", (long)read(fd, buf, 100));
    num("seek_tell: offset after reading", (long)lseek(fd, 0, SEEK_CUR));
    close(fd);
    unlink(at("st"));

    fd = open(at("pp"), O_CREAT | O_RDWR, 0644);
    const unsigned char c4[4] = {0, 1, 2, 3};
    num("pread_pwrite: pwrite at 0", (long)pwrite(fd, c4, 4, 0));
    memset(buf, 9, 4);
    num("pread_pwrite: pread at 0", (long)pread(fd, buf, 4, 0));
    yes("pread_pwrite: the bytes", memcmp(buf, c4, 4) == 0);
    struct iovec w[2] = {{(void *)c4, 2}, {(void *)(c4 + 2), 2}};
    num("pread_pwrite: pwritev of two buffers", (long)pwritev(fd, w, 2, 0));
    unsigned char r4[4] = {9, 9, 9, 9};
    struct iovec rv[2] = {{r4, 2}, {r4 + 2, 2}};
    num("pread_pwrite: preadv into two buffers", (long)preadv(fd, rv, 2, 0));
    yes("pread_pwrite: the bytes", memcmp(r4, c4, 4) == 0);
    memset(buf, 0, 4);
    num("pread_pwrite: pread at 2", (long)pread(fd, buf, 4, 2));
    yes("pread_pwrite: 2 3 0 0", buf[0] == 2 && buf[1] == 3 && buf[2] == 0 && buf[3] == 0);
    const unsigned char c2[2] = {1, 0};
    num("pread_pwrite: pwrite at 2", (long)pwrite(fd, c2, 2, 2));
    num("pread_pwrite: pread at 0", (long)pread(fd, buf, 4, 0));
    yes("pread_pwrite: 0 1 1 0", buf[0] == 0 && buf[1] == 1 && buf[2] == 1 && buf[3] == 0);
    num("pread_pwrite: the position is left alone", (long)lseek(fd, 0, SEEK_CUR));
    close(fd);
    unlink(at("pp"));

    fd = open(at("fl"), O_CREAT | O_RDWR | O_APPEND, 0644);
    write_at_start(fd, "append", 0, 0);
    write_at_start(fd, "append, after seeking to 0", 1, 100);
    say("flags: F_SETFL 0 turns append off", fcntl(fd, F_SETFL, 0));
    write_at_start(fd, "no append", 2, 0);
    close(fd);
    num("flags: size", size_of("fl"));
    unlink(at("fl"));

    put("tr", "this content will be truncated!");
    fd = open(at("tr"), O_CREAT | O_TRUNC | O_RDWR, 0644);
    num("truncation: read after O_CREAT|O_TRUNC", (long)read(fd, buf, 100));
    close(fd);
    unlink(at("tr"));

    int fr = open(at("ub"), O_CREAT | O_RDONLY, 0644);
    int fw = open(at("ub"), O_WRONLY);
    num("unbuffered: write through one fd", (long)write(fw, "\1", 1));
    buf[0] = 0;
    num("unbuffered: read through the other", (long)read(fr, buf, 1));
    num("unbuffered: the byte", buf[0]);
    yes("isatty: a file is no terminal", isatty(fr) == 0);
    close(fr);
    close(fw);
    unlink(at("ub"));

    fd = open(at("fs"), O_CREAT | O_RDWR, 0644);
    say("filestat_set: ftruncate to 100", ftruncate(fd, 100));
    num("filestat_set: size", size_of("fs"));
    struct stat s0, s1;
    fstat(fd, &s0);
    struct timespec ts[2] = {{0, UTIME_OMIT}, s0.st_mtim};
    ts[1].tv_nsec = ts[1].tv_nsec >= 100 ? ts[1].tv_nsec - 100 : ts[1].tv_nsec + 100;
    say("filestat_set: futimens of mtim only", futimens(fd, ts));
    fstat(fd, &s1);
    yes("filestat_set: mtim set",
        s1.st_mtim.tv_sec == ts[1].tv_sec && s1.st_mtim.tv_nsec == ts[1].tv_nsec);
    yes("filestat_set: atim kept",
        s1.st_atim.tv_sec == s0.st_atim.tv_sec && s1.st_atim.tv_nsec == s0.st_atim.tv_nsec);
    num("filestat_set: size kept", (long)s1.st_size);
    num("advise: posix_fadvise NORMAL", posix_fadvise(fd, 10, 50, POSIX_FADV_NORMAL));
    num("advise: size kept", size_of("fs"));
    num("advise: posix_fallocate 100+100", posix_fallocate(fd, 100, 100));
    num("advise: size", size_of("fs"));
    close(fd);
    unlink(at("fs"));

    fd = open(at("al"), O_CREAT | O_RDWR, 0644);
    num("allocate: 0+100", posix_fallocate(fd, 0, 100));
    num("allocate: size", size_of("al"));
    num("allocate: 10+10 inside", posix_fallocate(fd, 10, 10));
    num("allocate: size kept", size_of("al"));
    num("allocate: 90+20 past the end", posix_fallocate(fd, 90, 20));
    num("allocate: size", size_of("al"));
    close(fd);
    unlink(at("al"));
}

/* the C programs: lseek, pread/pwrite with access, pwrite with append, stat-dev-ino,
 * fdopendir-with-access */
static void c_programs(void)
{
    char b[16];
    put("lseek.txt", "01234567");
    FILE *f = fopen(at("lseek.txt"), "r");
    int fd = fileno(f);
    num("lseek: fread 4", (long)fread(b, 1, 4, f));
    fflush(f);
    num("lseek: offset", (long)lseek(fd, 0, SEEK_CUR));
    num("lseek: fread 1", (long)fread(b, 1, 1, f));
    fflush(f);
    num("lseek: offset", (long)lseek(fd, 0, SEEK_CUR));
    printf("lseek: the byte: %c\n", b[0]);
    num("lseek: SEEK_SET 0", (long)lseek(fd, 0, SEEK_SET));
    num("lseek: SEEK_END 0", (long)lseek(fd, 0, SEEK_END));
    fclose(f);

    put("pread.txt", "pread-test-file");
    fd = open(at("pread.txt"), O_RDONLY);
    memset(b, 0, sizeof b);
    num("pread: 3 bytes at 4", (long)pread(fd, b, 3, 4));
    printf("pread: [%s]\n", b);
    close(fd);
    unlink(at("pread.txt"));

    say("pwrite: the file is not there yet", access(at("pw.txt"), F_OK));
    fd = open(at("pw.txt"), O_WRONLY | O_CREAT, 0644);
    num("pwrite: at 0", (long)pwrite(fd, "very long text", 14, 0));
    num("pwrite: at 3", (long)pwrite(fd, "test", 4, 3));
    close(fd);
    fd = open(at("pw.txt"), O_RDONLY);
    memset(b, 0, sizeof b);
    num("pwrite: read", (long)read(fd, b, sizeof b - 1));
    printf("pwrite: [%s]\n", b);
    close(fd);
    say("pwrite: remove", remove(at("pw.txt")));

    fd = open(at("pa"), O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0644);
    num("pwrite_append: write 2", (long)write(fd, "ab", 2));
    num("pwrite_append: seek to 0", (long)lseek(fd, 0, SEEK_SET));
    num("pwrite_append: write 2", (long)write(fd, "cd", 2));
    num("pwrite_append: offset", (long)lseek(fd, 0, SEEK_CUR));
    num("pwrite_append: pwrite 3 at 0", (long)pwrite(fd, "xyz", 3, 0));
    num("pwrite_append: offset kept", (long)lseek(fd, 0, SEEK_CUR));
    num("pwrite_append: end (Linux appends)", (long)lseek(fd, 0, SEEK_END));
    close(fd);
    unlink(at("pa"));

    struct stat sa, sb;
    put("file", "");
    int a = open(at("file"), O_RDONLY), c = open(at("lseek.txt"), O_RDONLY);
    yes("stat_dev_ino: same dev, other ino", fstat(a, &sa) == 0 && fstat(c, &sb) == 0 &&
                                                 sa.st_dev == sb.st_dev && sa.st_ino != sb.st_ino);
    close(a);
    close(c);
    unlink(at("file"));
    unlink(at("lseek.txt"));

    mkdir(at("od"), 0755);
    put("od/file-0", "0");
    put("od/file-1", "1");
    int dfd = open(at("od"), O_RDONLY | O_DIRECTORY);
    DIR *d = fdopendir(dfd);
    int seen = 0, inos = 1;
    ino_t i0 = 0, i1 = 0;
    struct dirent *de;
    while (d != NULL && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        struct stat st;
        if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_ino != de->d_ino)
            inos = 0;
        if (strcmp(de->d_name, "file-0") == 0)
            seen |= 1, i0 = de->d_ino;
        else if (strcmp(de->d_name, "file-1") == 0)
            seen |= 2, i1 = de->d_ino;
        else
            seen |= 4;
    }
    if (d != NULL)
        closedir(d);
    num("fdopendir: entries seen (1|2)", seen);
    yes("fdopendir: d_ino is fstatat's st_ino, distinct", inos && i0 != i1);
    unlink(at("od/file-0"));
    unlink(at("od/file-1"));
    rmdir(at("od"));
    put("nd", "x");
    fd = open(at("nd"), O_RDONLY);
    d = fdopendir(fd);
    say("fdopendir on a file", d != NULL ? 0 : -1);
    if (d != NULL)
        closedir(d);
    else
        close(fd);
    unlink(at("nd"));

    say("sock_shutdown: stdout is no socket", shutdown(1, SHUT_RD));
    say("sock_shutdown: a closed fd", shutdown(999, SHUT_RD));
    struct timespec t0, t1, res;
    yes("clock: monotonic and its resolution",
        clock_gettime(CLOCK_MONOTONIC, &t0) == 0 && clock_gettime(CLOCK_MONOTONIC, &t1) == 0 &&
            clock_getres(CLOCK_MONOTONIC, &res) == 0 &&
            (t1.tv_sec > t0.tv_sec || (t1.tv_sec == t0.tv_sec && t1.tv_nsec >= t0.tv_nsec)));
    yes("clock: realtime and its resolution",
        clock_gettime(CLOCK_REALTIME, &t0) == 0 && clock_getres(CLOCK_REALTIME, &res) == 0);
    say("sched_yield", sched_yield());
}

/* path_open_*, nofollow_errors, dangling_*, symlink_*, path_exists, dir_fd_op_failures'
 * read/write on a directory */
static void opens(void)
{
    char b[16];
    put("file", "");
    say("create_existing: O_CREAT|O_EXCL", open(at("file"), O_CREAT | O_EXCL | O_RDONLY, 0644));
    say("missing: open without O_CREAT", open(at("missing"), O_RDONLY));
    close_say("nonblock: the directory with O_NONBLOCK", open(root, O_RDONLY | O_NONBLOCK));
    close_say("preopen: the directory read-write", open(root, O_RDWR | O_DIRECTORY));
    int fd = open(root, O_RDONLY | O_DIRECTORY);
    say("dir ops: read", (long)read(fd, b, sizeof b));
    say("dir ops: pread", (long)pread(fd, b, sizeof b, 0));
    say("dir ops: write", (long)write(fd, b, sizeof b));
    say("dir ops: pwrite", (long)pwrite(fd, b, sizeof b, 0));
    close(fd);

    fd = open(at("file"), O_RDONLY);
    num("read_write: read-only read", (long)read(fd, b, sizeof b));
    say("read_write: read-only write", (long)write(fd, "x", 1));
    close(fd);
    fd = open(at("file"), O_WRONLY);
    say("read_write: write-only read", (long)read(fd, b, sizeof b));
    char w50[50], w25[25];
    memset(w50, 1, 50);
    memset(w25, 2, 25);
    num("read_write: write-only write", (long)write(fd, w50, 50));
    close(fd);
    fd = open(at("file"), O_RDWR);
    char r[100];
    num("read_write: read", (long)read(fd, r, sizeof r));
    num("read_write: write", (long)write(fd, w25, 25));
    struct stat st;
    fstat(fd, &st);
    num("read_write: size", (long)st.st_size);
    close(fd);
    unlink(at("file"));

    for (int kind = 0; kind < 2; kind++) {
        const char *k = kind == 0 ? "nofollow (to a dir)" : "nofollow (to a file)";
        char m[80];
        if (kind == 0)
            mkdir(at("target"), 0755);
        else
            put("target", "");
        symlink("target", at("symlink"));
        snprintf(m, sizeof m, "%s: O_DIRECTORY|O_NOFOLLOW", k);
        close_say(m, open(at("symlink"), O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
        snprintf(m, sizeof m, "%s: O_NOFOLLOW", k);
        close_say(m, open(at("symlink"), O_RDONLY | O_NOFOLLOW));
        snprintf(m, sizeof m, "%s: O_DIRECTORY, followed", k);
        close_say(m, open(at("symlink"), O_RDONLY | O_DIRECTORY));
        snprintf(m, sizeof m, "%s: followed", k);
        close_say(m, open(at("symlink"), O_RDONLY));
        unlink(at("symlink"));
        if (kind == 0)
            rmdir(at("target"));
        else
            unlink(at("target"));
    }
    say("dangling: symlink", symlink("target", at("dangling")));
    close_say("dangling: O_DIRECTORY|O_NOFOLLOW",
              open(at("dangling"), O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
    close_say("dangling: O_NOFOLLOW", open(at("dangling"), O_RDONLY | O_NOFOLLOW));
    unlink(at("dangling"));
    say("loop: symlink to itself", symlink("loop", at("loop")));
    close_say("loop: O_NOFOLLOW", open(at("loop"), O_RDONLY | O_NOFOLLOW));
    close_say("loop: followed", open(at("loop"), O_RDONLY));
    unlink(at("loop"));

    /* dangling_fd: names free again after unlink/rmdir of what was open */
    int f = open(at("df"), O_CREAT | O_RDWR, 0644);
    close(f);
    f = open(at("df"), O_RDONLY);
    close(f);
    say("dangling_fd: unlink", unlink(at("df")));
    close_say("dangling_fd: create again", open(at("df"), O_CREAT | O_RDWR, 0644));
    unlink(at("df"));
    mkdir(at("dd"), 0755);
    close(open(at("dd"), O_RDONLY | O_DIRECTORY));
    say("dangling_fd: rmdir", rmdir(at("dd")));
    say("dangling_fd: mkdir again", mkdir(at("dd"), 0755));
    rmdir(at("dd"));

    /* path_exists, symlink_create */
    mkdir(at("subdir"), 0755);
    show_type("exists: subdir", "subdir", 0);
    show_type("exists: subdir, followed", "subdir", 1);
    put("subdir/file", "");
    show_type("exists: subdir/file", "subdir/file", 0);
    show_type("exists: subdir/file, followed", "subdir/file", 1);
    symlink("subdir/file", at("link1"));
    symlink("subdir", at("link2"));
    show_type("exists: link1", "link1", 0);
    show_type("exists: link1, followed", "link1", 1);
    show_type("exists: link2", "link2", 0);
    show_type("exists: link2, followed", "link2", 1);
    close_say("symlink_create: open the file through link1", open(at("link1"), O_RDONLY));
    close_say("symlink_create: open the dir through link2",
              open(at("link2"), O_RDONLY | O_DIRECTORY));
    unlink(at("link1"));
    unlink(at("link2"));
    unlink(at("subdir/file"));
    rmdir(at("subdir"));

    /* readlink: a short buffer takes the start; bytes past what is used are untouched */
    put("target", "");
    symlink("target", at("symlink"));
    char rb[10];
    memset(rb, 0, sizeof rb);
    num("readlink: into 10 bytes", (long)readlink(at("symlink"), rb, sizeof rb));
    yes("readlink: 'target' and 4 untouched bytes", memcmp(rb, "target\0\0\0\0", 10) == 0);
    memset(rb, 0, sizeof rb);
    num("readlink: into 4 bytes", (long)readlink(at("symlink"), rb, 4));
    yes("readlink: 'targ'", memcmp(rb, "targ\0", 5) == 0);

    /* symlink_filestat: times of the link itself, then through it */
    struct stat fst, lst, x;
    stat(at("target"), &fst);
    lstat(at("symlink"), &lst);
    struct timespec ts[2] = {{0, UTIME_OMIT}, lst.st_mtim};
    ts[1].tv_sec -= 2;
    say("symlink_filestat: set the link's mtim",
        utimensat(AT_FDCWD, at("symlink"), ts, AT_SYMLINK_NOFOLLOW));
    lstat(at("symlink"), &x);
    yes("symlink_filestat: the link's mtim changed", x.st_mtim.tv_sec == ts[1].tv_sec);
    stat(at("target"), &x);
    yes("symlink_filestat: the file's did not",
        x.st_mtim.tv_sec == fst.st_mtim.tv_sec && x.st_mtim.tv_nsec == fst.st_mtim.tv_nsec);
    say("symlink_filestat: set through the link", utimensat(AT_FDCWD, at("symlink"), ts, 0));
    stat(at("target"), &x);
    yes("symlink_filestat: the file's mtim changed", x.st_mtim.tv_sec == ts[1].tv_sec);
    unlink(at("symlink"));
    unlink(at("target"));
}

/* path_link, path_rename(_dir_trailing_slashes), remove_*, unlink_file_trailing_slashes,
 * path_symlink_trailing_slashes (but a file named "target/", where WASI and Linux differ:
 * slashes.c) */
static void names(void)
{
    put("file", "");
    say("link: in the same directory", link(at("file"), at("link")));
    unlink(at("link"));
    mkdir(at("subdir"), 0755);
    say("link: into a subdirectory", link(at("file"), at("subdir/link")));
    unlink(at("subdir/link"));
    rmdir(at("subdir"));
    put("link", "");
    say("link: to an existing name", link(at("file"), at("link")));
    unlink(at("link"));
    say("link: to itself", link(at("file"), at("file")));
    mkdir(at("link"), 0755);
    say("link: to a directory's name", link(at("file"), at("link")));
    rmdir(at("link"));
    mkdir(at("subdir"), 0755);
    say("link: of a directory", link(at("subdir"), at("link")));
    rmdir(at("subdir"));
    say("link: to 'link/'", link(at("file"), at("link/")));
    symlink("target", at("symlink"));
    say("link: of a dangling symlink", link(at("symlink"), at("link")));
    unlink(at("symlink"));
    unlink(at("link"));
    symlink("symlink", at("symlink"));
    say("link: of a symlink loop", link(at("symlink"), at("link")));
    unlink(at("symlink"));
    unlink(at("link"));
    symlink("target", at("symlink"));
    say("link: over a dangling symlink", link(at("file"), at("symlink")));
    say("link: following a dangling symlink",
        linkat(AT_FDCWD, at("symlink"), AT_FDCWD, at("link"), AT_SYMLINK_FOLLOW));
    unlink(at("symlink"));

    mkdir(at("source"), 0755);
    say("rename: 'source/' to 'target'", rename(at("source/"), at("target")));
    say("rename: 'target' to 'source/'", rename(at("target"), at("source/")));
    say("rename: 'source/' to 'target/'", rename(at("source/"), at("target/")));
    say("rename: 'target' to 'source'", rename(at("target"), at("source")));
    mkdir(at("target"), 0755);
    put("target/file", "");
    say("rename: a dir over a non-empty dir", rename(at("source"), at("target")));
    say("rename: a dir over a file", rename(at("source"), at("target/file")));
    unlink(at("target/file"));
    say("rename: a file over an empty dir", rename(at("file"), at("target")));
    rmdir(at("source"));

    mkdir(at("target/nested"), 0755);
    say("remove: dir with a dir in it", rmdir(at("target")));
    rmdir(at("target/nested"));
    say("remove: 'target/'", rmdir(at("target/")));
    say("remove: a file", rmdir(at("file")));
    say("remove: 'file/'", rmdir(at("file/")));
    mkdir(at("dir"), 0755);
    say("unlink: a dir", unlink(at("dir")));
    say("unlink: 'dir/'", unlink(at("dir/")));
    say("unlink: 'file/'", unlink(at("file/")));

    say("symlink: to 'target/', missing", symlink("source", at("target/")));
    mkdir(at("target"), 0755);
    say("symlink: to 'target/', a dir", symlink("source", at("target/")));
    say("symlink: to 'target', a dir", symlink("source", at("target")));
    rmdir(at("target"));
    say("symlink: to 'file', a file", symlink("source", at("file")));
    rmdir(at("dir"));
    say("unlink: 'file'", unlink(at("file")));
}

#ifdef __wasi__
enum {
    RB_FD_DATASYNC,
    RB_FD_READ,
    RB_FD_SEEK,
    RB_FD_FDSTAT_SET_FLAGS,
    RB_FD_SYNC,
    RB_FD_TELL,
    RB_FD_WRITE,
    RB_FD_ADVISE,
    RB_FD_ALLOCATE,
    RB_PATH_CREATE_DIRECTORY,
    RB_PATH_CREATE_FILE,
    RB_PATH_LINK_SOURCE,
    RB_PATH_LINK_TARGET,
    RB_PATH_OPEN,
    RB_FD_READDIR,
    RB_PATH_READLINK,
    RB_PATH_RENAME_SOURCE,
    RB_PATH_RENAME_TARGET,
    RB_PATH_FILESTAT_GET,
    RB_PATH_FILESTAT_SET_SIZE,
    RB_PATH_FILESTAT_SET_TIMES,
    RB_FD_FILESTAT_GET,
    RB_FD_FILESTAT_SET_SIZE,
    RB_FD_FILESTAT_SET_TIMES,
    RB_PATH_SYMLINK,
    RB_PATH_REMOVE_DIRECTORY,
    RB_PATH_UNLINK_FILE,
    RB_POLL_FD_READWRITE
};
#define RT(b) ((uint64_t)1 << RB_##b)
#define O_DIR_ 2
#define O_CREAT_ 1
#define O_EXCL_ 4
#define O_TRUNC_ 8

static void expect(const char *what, int ok)
{
    printf("wasi-only %s: %s\n", what, ok ? "as expected" : "WRONG");
}

/* path_open: the WASI errno, the new fd in *fd (-1 on failure) */
static int po(int32_t dir, int follow, const char *p, int oflags, uint64_t base, uint64_t inh,
              int fdflags, int32_t *fd)
{
    *fd = -1;
    return raw_path_open(dir, follow, P(p), (int32_t)strlen(p), oflags, (int64_t)base, (int64_t)inh,
                         fdflags, P(fd));
}

static int opens_ok(int32_t dir, const char *p, int oflags, uint64_t base, uint64_t inh)
{
    int32_t fd;
    int r = po(dir, 0, p, oflags, base, inh, 0, &fd);
    if (r == 0)
        raw_fd_close(fd);
    return r == 0;
}

static void rights_of(int32_t fd, uint64_t *base, uint64_t *inh)
{
    uint8_t st[24];
    memset(st, 0, sizeof st);
    raw_fd_fdstat_get(fd, P(st));
    memcpy(base, st + 8, 8);
    memcpy(inh, st + 16, 8);
}

static int drop(int32_t fd, uint64_t base, uint64_t inh)
{
    uint64_t b, i;
    rights_of(fd, &b, &i);
    return raw_fd_fdstat_set_rights(fd, (int64_t)(b & ~base), (int64_t)(i & ~inh));
}

static void mkfile(int32_t dir, const char *p)
{
    int32_t fd;
    if (po(dir, 0, p, O_CREAT_, 0, 0, 0, &fd) == 0)
        raw_fd_close(fd);
}

static int rmpath(int32_t dir, const char *p, int is_dir)
{
    int32_t n = (int32_t)strlen(p);
    return is_dir ? raw_path_remove_directory(dir, P(p), n) : raw_path_unlink_file(dir, P(p), n);
}

/* wasi-testsuite's create_tmp_dir: a new directory opened with these rights */
static int32_t tmp_dir(int32_t parent, const char *name)
{
    const uint64_t base = RT(FD_FILESTAT_GET) | RT(FD_READDIR) | RT(PATH_CREATE_FILE) |
                          RT(PATH_CREATE_DIRECTORY) | RT(PATH_REMOVE_DIRECTORY) | RT(PATH_OPEN) |
                          RT(PATH_UNLINK_FILE) | RT(PATH_LINK_SOURCE) | RT(PATH_LINK_TARGET) |
                          RT(PATH_READLINK) | RT(PATH_RENAME_SOURCE) | RT(PATH_RENAME_TARGET) |
                          RT(PATH_FILESTAT_GET) | RT(PATH_FILESTAT_SET_SIZE) |
                          RT(PATH_FILESTAT_SET_TIMES) | RT(PATH_SYMLINK);
    const uint64_t inh = RT(FD_READ) | RT(FD_WRITE) | RT(FD_READDIR) | RT(FD_FILESTAT_GET) |
                         RT(FD_SEEK) | RT(PATH_LINK_SOURCE) | RT(PATH_LINK_TARGET) | RT(PATH_OPEN) |
                         RT(PATH_UNLINK_FILE) | RT(PATH_FILESTAT_GET) | RT(FD_FDSTAT_SET_FLAGS) |
                         RT(FD_SYNC) | RT(FD_TELL) | RT(FD_ADVISE) | RT(FD_ALLOCATE) |
                         RT(FD_FILESTAT_SET_SIZE) | RT(FD_FILESTAT_SET_TIMES);
    int32_t fd;
    raw_path_create_directory(parent, P(name), (int32_t)strlen(name));
    if (po(parent, 0, name, O_DIR_, base, inh, 0, &fd) != 0)
        printf("wasi-only tmp_dir %s: WRONG\n", name);
    return fd;
}

static void done_tmp(int32_t parent, int32_t fd, const char *name)
{
    raw_fd_close(fd);
    rmpath(parent, name, 1);
}

/* path_open_preopen, interesting_paths, truncation_rights, the rights tests */
static void rights(int32_t pre)
{
    const uint64_t dir_base =
        RT(PATH_CREATE_DIRECTORY) | RT(PATH_CREATE_FILE) | RT(PATH_LINK_SOURCE) |
        RT(PATH_LINK_TARGET) | RT(PATH_OPEN) | RT(FD_READDIR) | RT(PATH_READLINK) |
        RT(PATH_RENAME_SOURCE) | RT(PATH_RENAME_TARGET) | RT(PATH_SYMLINK) |
        RT(PATH_REMOVE_DIRECTORY) | RT(PATH_UNLINK_FILE) | RT(PATH_FILESTAT_GET) |
        RT(PATH_FILESTAT_SET_TIMES) | RT(FD_FILESTAT_GET) | RT(FD_FILESTAT_SET_TIMES);
    const uint64_t dir_inh = dir_base | RT(FD_DATASYNC) | RT(FD_READ) | RT(FD_SEEK) |
                             RT(FD_FDSTAT_SET_FLAGS) | RT(FD_SYNC) | RT(FD_TELL) | RT(FD_WRITE) |
                             RT(FD_ADVISE) | RT(FD_ALLOCATE) | RT(FD_FILESTAT_GET) |
                             RT(FD_FILESTAT_SET_SIZE) | RT(FD_FILESTAT_SET_TIMES) |
                             RT(POLL_FD_READWRITE);
    uint64_t pb, pi, b, i;
    int32_t fd, fd2;
    rights_of(pre, &pb, &pi);
    expect("path_open_preopen: the pre-opened directory's rights", (pb & dir_base) == dir_base);
    expect("path_open_preopen: its inheriting rights", (pi & dir_inh) == dir_inh);
    expect("path_open_preopen: '.' with the same rights", opens_ok(pre, ".", 0, pb, pi));
    expect("path_open_preopen: '.' with no rights", opens_ok(pre, ".", 0, 0, 0));
    expect("path_open_preopen: '.' O_DIRECTORY, no rights", opens_ok(pre, ".", O_DIR_, 0, 0));
    expect("path_open_preopen: '.' O_DIRECTORY, FD_READ",
           opens_ok(pre, ".", O_DIR_, RT(FD_READ), 0));
    expect("path_open_preopen: '.' O_DIRECTORY, FD_READ|FD_WRITE: EISDIR",
           po(pre, 0, ".", O_DIR_, RT(FD_READ) | RT(FD_WRITE), 0, 0, &fd) == EISDIR);
    expect("path_open_preopen: '.' FD_READ|FD_WRITE: EISDIR",
           po(pre, 0, ".", 0, RT(FD_READ) | RT(FD_WRITE), 0, 0, &fd) == EISDIR);

    int32_t t = tmp_dir(pre, "ip.tmp");
    raw_path_create_directory(t, P("dir"), 3);
    raw_path_create_directory(t, P("dir/nested"), 10);
    mkfile(t, "dir/nested/file");
    expect("interesting_paths: an absolute path: EPERM",
           po(t, 0, "/dir/nested/file", 0, 0, 0, 0, &fd) == EPERM);
    expect("interesting_paths: '..' inside",
           opens_ok(t, "dir/.//nested/../../dir/nested/../nested///./file", 0, 0, 0));
    static const char nul[] = "dir/nested/file";
    expect("interesting_paths: a trailing NUL: EINVAL",
           raw_path_open(t, 0, P(nul), (int32_t)sizeof nul, 0, 0, 0, 0, P(&fd)) == EINVAL);
    expect("interesting_paths: 'file/': ENOTDIR",
           po(t, 0, "dir/nested/file/", 0, 0, 0, 0, &fd) == ENOTDIR);
    expect("interesting_paths: 'file///': ENOTDIR",
           po(t, 0, "dir/nested/file///", 0, 0, 0, 0, &fd) == ENOTDIR);
    expect("interesting_paths: 'nested/'", opens_ok(t, "dir/nested/", 0, 0, 0));
    expect("interesting_paths: 'nested///'", opens_ok(t, "dir/nested///", 0, 0, 0));
    expect("interesting_paths: too many '..': EPERM",
           po(t, 0, "dir/nested/../../../x/dir/nested/file", 0, 0, 0, 0, &fd) == EPERM);
    expect("interesting_paths: clean up", rmpath(t, "dir/nested/file", 0) == 0 &&
                                              rmpath(t, "dir/nested", 1) == 0 &&
                                              rmpath(t, "dir", 1) == 0);
    done_tmp(pre, t, "ip.tmp");

    t = tmp_dir(pre, "tr.tmp");
    mkfile(t, "file");
    uint8_t fdst[24];
    raw_fd_fdstat_get(t, P(fdst));
    rights_of(t, &b, &i);
    expect("truncation_rights: a directory, no flags",
           fdst[0] == 3 && fdst[2] == 0 && fdst[3] == 0);
    expect("truncation_rights: no FD_FILESTAT_SET_SIZE, but PATH_FILESTAT_SET_SIZE",
           !(b & RT(FD_FILESTAT_SET_SIZE)) && (b & RT(PATH_FILESTAT_SET_SIZE)));
    expect("truncation_rights: O_TRUNC", opens_ok(t, "file", O_TRUNC_, 0, 0));
    expect("truncation_rights: drop inherited FD_FILESTAT_SET_SIZE",
           drop(t, 0, RT(FD_FILESTAT_SET_SIZE)) == 0);
    expect("truncation_rights: O_TRUNC still", opens_ok(t, "file", O_TRUNC_, 0, 0));
    expect("truncation_rights: drop PATH_FILESTAT_SET_SIZE",
           drop(t, RT(PATH_FILESTAT_SET_SIZE), 0) == 0);
    rights_of(t, &b, &i);
    expect("truncation_rights: it is gone", !(b & RT(PATH_FILESTAT_SET_SIZE)));
    expect("truncation_rights: O_TRUNC now: EPERM",
           po(t, 0, "file", O_TRUNC_, 0, 0, 0, &fd) == EPERM);
    expect("rights: path_create_directory without its right: EPERM",
           drop(t, RT(PATH_CREATE_DIRECTORY), 0) == 0 &&
               raw_path_create_directory(t, P("d"), 1) == EPERM);
    expect("rights: asking for more than inherited: ENOTCAPABLE",
           po(t, 0, "file", 0, RT(FD_FILESTAT_SET_SIZE), 0, 0, &fd) == ENOTCAPABLE);
    rmpath(t, "file", 0);
    done_tmp(pre, t, "tr.tmp");

    /* path_open_read_without_rights */
    t = tmp_dir(pre, "rr.tmp");
    mkfile(t, "file");
    expect("read_without_rights: drop FD_READ from the directory",
           drop(t, RT(FD_READ), RT(FD_READ)) == 0);
    rights_of(t, &b, &i);
    expect("read_without_rights: neither base nor inherited",
           !(b & RT(FD_READ)) && !(i & RT(FD_READ)));
    po(t, 0, "file", 0, 0, 0, 0, &fd);
    rights_of(fd, &b, &i);
    uint8_t buf[8];
    uint32_t iov[2] = {P(buf), 1};
    int32_t n = 0;
    expect("read_without_rights: the file has no FD_READ",
           fd >= 0 && !(b & RT(FD_READ)) && !(i & RT(FD_READ)));
    expect("read_without_rights: fd_read: EBADF", raw_fd_read(fd, P(iov), 1, P(&n)) == EBADF);
    raw_fd_close(fd);

    /* fd_fdstat_set_rights */
    const uint64_t rw = RT(FD_READ) | RT(FD_WRITE) | RT(FD_SEEK) | RT(FD_TELL);
    rights_of(t, &b, &i);
    expect("set_rights: the same rights again",
           raw_fd_fdstat_set_rights(t, (int64_t)b, (int64_t)i) == 0);
    expect("set_rights: create with read, write, seek, tell",
           po(pre, 0, "rr.tmp/f2", O_CREAT_, rw, 0, 0, &fd) == 0);
    const uint8_t c4[4] = {0, 1, 2, 3};
    uint32_t ciov[2] = {P(c4), 4};
    uint8_t r4[4] = {9, 9, 9, 9};
    uint32_t riov[2] = {P(r4), 4};
    uint64_t pos = 0;
    expect("set_rights: write, seek, read", raw_fd_write(fd, P(ciov), 1, P(&n)) == 0 && n == 4 &&
                                                raw_fd_seek(fd, 0, 0, P(&pos)) == 0 &&
                                                raw_fd_read(fd, P(riov), 1, P(&n)) == 0 && n == 4 &&
                                                memcmp(r4, c4, 4) == 0);
    expect("set_rights: drop read and write", drop(fd, RT(FD_READ) | RT(FD_WRITE), 0) == 0);
    rights_of(fd, &b, &i);
    expect("set_rights: seek is kept", !(b & (RT(FD_READ) | RT(FD_WRITE))) && (b & RT(FD_SEEK)));
    expect("set_rights: fd_read: EBADF", raw_fd_read(fd, P(riov), 1, P(&n)) == EBADF);
    expect("set_rights: fd_write: EBADF", raw_fd_write(fd, P(ciov), 1, P(&n)) == EBADF);
    expect("set_rights: more rights: ENOTCAPABLE",
           raw_fd_fdstat_set_rights(fd, (int64_t)(b | rw), (int64_t)(i | rw)) == ENOTCAPABLE);
    raw_fd_close(fd);

    /* path_open_read_write: what each open may do */
    for (int k = 0; k < 2; k++) {   /* read-only, then write-only */
        const uint64_t has = k ? RT(FD_WRITE) : RT(FD_READ), lacks = k ? RT(FD_READ) : RT(FD_WRITE);
        po(pre, 0, "rr.tmp/f2", 0, has, 0, 0, &fd);
        rights_of(fd, &b, &i);
        expect(k ? "read_write: write-only has FD_WRITE, no FD_READ"
                 : "read_write: read-only has FD_READ, no FD_WRITE",
               (b & has) && !(b & lacks));
        int r = k ? raw_fd_read(fd, P(riov), 1, P(&n)) : raw_fd_write(fd, P(ciov), 1, P(&n));
        expect(k ? "read_write: fd_read on it: EBADF" : "read_write: fd_write on it: EBADF",
               r == EBADF);
        raw_fd_close(fd);
    }

    /* path_open_dirfd_not_dir */
    po(t, 0, "file", 0, 0, 0, 0, &fd);
    expect("dirfd_not_dir: path_open under a file: ENOTDIR",
           po(fd, 0, "foo", O_CREAT_, 0, 0, 0, &fd2) == ENOTDIR);
    raw_fd_close(fd);
    rmpath(t, "file", 0);
    rmpath(t, "f2", 0);
    done_tmp(pre, t, "rr.tmp");
}

/* dir_fd_op_failures, path_filestat, path_link's rights, renumber, fd_readdir, stdio,
 * poll_oneoff_stdio, random, fd_write to a bad fd, symlink_create to "/" */
static void fds(int32_t pre)
{
    int32_t fd, fd2, d;
    uint64_t b, i, b2, i2;
    uint8_t st[64], st2[64], buf[128];
    uint32_t iov[2] = {P(buf), sizeof buf};
    int32_t n;
    uint64_t pos;
    rights_of(pre, &b, &i);
    po(pre, 0, ".", O_DIR_, b, i, 0, &d);
    expect("dir_fd_op: fd_filestat_get says directory",
           raw_fd_filestat_get(d, P(st)) == 0 && st[16] == 3);
    uint8_t pre_st[8];
    uint32_t name_len = 0;
    raw_fd_prestat_get(pre, P(pre_st));
    memcpy(&name_len, pre_st + 4, 4);
    char name[300];
    expect("dir_fd_op: fd_prestat_dir_name into 0 bytes: ENAMETOOLONG",
           raw_fd_prestat_dir_name(pre, P(name), 0) == ENAMETOOLONG);
    expect("dir_fd_op: into one byte more than needed",
           name_len < sizeof name &&
               raw_fd_prestat_dir_name(pre, P(name), (int32_t)name_len + 1) == 0);
    expect("dir_fd_op: fd_read: EISDIR", raw_fd_read(d, P(iov), 1, P(&n)) == EISDIR);
    expect("dir_fd_op: fd_pread: EISDIR", raw_fd_pread(d, P(iov), 1, 0, P(&n)) == EISDIR);
    expect("dir_fd_op: fd_write: EBADF", raw_fd_write(d, P(iov), 1, P(&n)) == EBADF);
    expect("dir_fd_op: fd_pwrite: EBADF", raw_fd_pwrite(d, P(iov), 1, 0, P(&n)) == EBADF);
    expect("dir_fd_op: fd_seek CUR, SET, END: EBADF", raw_fd_seek(d, 0, 1, P(&pos)) == EBADF &&
                                                          raw_fd_seek(d, 0, 0, P(&pos)) == EBADF &&
                                                          raw_fd_seek(d, 0, 2, P(&pos)) == EBADF);
    expect("dir_fd_op: fd_tell: EBADF", raw_fd_tell(d, P(&pos)) == EBADF);
    expect("dir_fd_op: fd_allocate: EBADF", raw_fd_allocate(d, 0, 1) == EBADF);
    expect("dir_fd_op: fd_filestat_set_size: EBADF", raw_fd_filestat_set_size(d, 0) == EBADF);
    raw_fd_close(d);

    int32_t t = tmp_dir(pre, "fd.tmp");
    /* path_filestat */
    rights_of(t, &b, &i);
    expect("path_filestat: the directory has PATH_FILESTAT_GET", (b & RT(PATH_FILESTAT_GET)) != 0);
    int r = po(t, 0, "file", O_CREAT_, RT(FD_READ) | RT(FD_WRITE) | RT(PATH_FILESTAT_GET), 0,
               1 | 16 /* APPEND | SYNC */, &fd);
    uint8_t fdst[24];
    raw_fd_fdstat_get(fd, P(fdst));
    expect("path_filestat: opened with APPEND|SYNC, which fdstat shows",
           r == 0 && (fdst[2] & 1) && (fdst[2] & 16));
    raw_path_filestat_get(t, 0, P("file"), 4, P(st));
    uint64_t size, mtim, mtim2;
    memcpy(&size, st + 32, 8);
    memcpy(&mtim, st + 48, 8);
    expect("path_filestat: size 0", size == 0);
    expect("path_filestat: set mtim",
           raw_path_filestat_set_times(t, 0, P("file"), 4, 0, (int64_t)(mtim - 100), 4) == 0);
    raw_path_filestat_get(t, 0, P("file"), 4, P(st));
    memcpy(&mtim2, st + 48, 8);
    expect("path_filestat: mtim is set", mtim2 == mtim - 100);
    expect("path_filestat: MTIM|MTIM_NOW: EINVAL",
           raw_path_filestat_set_times(t, 0, P("file"), 4, 0, (int64_t)mtim, 4 | 8) == EINVAL);
    raw_path_filestat_get(t, 0, P("file"), 4, P(st));
    memcpy(&mtim2, st + 48, 8);
    expect("path_filestat: and mtim is left alone", mtim2 == mtim - 100);
    expect("path_filestat: ATIM|ATIM_NOW: EINVAL",
           raw_path_filestat_set_times(t, 0, P("file"), 4, 0, 0, 1 | 2) == EINVAL);
    raw_fd_close(fd);

    /* path_link: a link opened as the file was is the same file with the same rights */
    const uint64_t lr = RT(FD_READ) | RT(PATH_LINK_SOURCE) | RT(PATH_LINK_TARGET) |
                        RT(FD_FILESTAT_GET) | RT(PATH_OPEN) | RT(PATH_UNLINK_FILE);
    po(t, 0, "file", 0, lr, lr, 0, &fd);
    raw_path_create_directory(t, P("sub"), 3);
    int32_t sub = -1;
    po(t, 0, "sub", O_DIR_, lr, lr, 0, &sub);
    expect("path_link: into a directory fd opened with these rights",
           raw_path_link(t, 0, P("file"), 4, sub, P("link"), 4) == 0);
    po(sub, 0, "link", 0, lr, lr, 0, &fd2);
    raw_fd_filestat_get(fd, P(st));
    raw_fd_filestat_get(fd2, P(st2));
    rights_of(fd, &b, &i);
    rights_of(fd2, &b2, &i2);
    expect("path_link: same filestat", memcmp(st, st2, 64) == 0);
    expect("path_link: same rights", b == b2 && i == i2 && b == (lr & b));
    raw_fd_close(fd2);
    raw_path_unlink_file(sub, P("link"), 4);
    raw_fd_close(sub);
    rmpath(t, "sub", 1);

    /* renumber */
    int32_t from, to;
    po(t, 0, "f1", O_CREAT_, RT(FD_READ) | RT(FD_WRITE), 0, 0, &from);
    po(t, 0, "f2", O_CREAT_, RT(FD_READ) | RT(FD_WRITE), 0, 0, &to);
    uint8_t s_from[24], s_to[24];
    raw_fd_fdstat_get(from, P(s_from));
    expect("renumber: from onto to", raw_fd_renumber(from, to) == 0);
    expect("renumber: from is closed", raw_fd_close(from) == EBADF);
    expect("renumber: to has from's fdstat",
           raw_fd_fdstat_get(to, P(s_to)) == 0 && memcmp(s_from, s_to, 24) == 0);
    expect("renumber: onto a closed fd: EBADF", raw_fd_renumber(to, from) == EBADF);
    raw_fd_close(to);
    raw_fd_close(fd);
    rmpath(t, "f1", 0);
    rmpath(t, "f2", 0);
    rmpath(t, "file", 0);

    /* fd_readdir with wasi-testsuite's 256-byte buffer */
    uint8_t db[256];
    int32_t used = 0;
    raw_fd_filestat_get(t, P(st));
    uint64_t ino, dino, cookie = 0;
    memcpy(&ino, st + 8, 8);
    int dots = 0, ok = raw_fd_readdir(t, P(db), 256, 0, P(&used)) == 0 && used < 256;
    for (int32_t p = 0; ok && p + 24 <= used;) {
        uint32_t nl;
        memcpy(&nl, db + p + 16, 4);
        memcpy(&dino, db + p + 8, 8);
        if (nl == 1 && db[p + 24] == '.' && db[p + 20] == 3 && dino == ino)
            dots |= 1;
        else if (nl == 2 && memcmp(db + p + 24, "..", 2) == 0 && db[p + 20] == 3)
            dots |= 2;
        else
            dots |= 4;
        p += 24 + (int32_t)nl;
    }
    expect("fd_readdir: an empty directory is '.' (its inode) and '..'", ok && dots == 3);
    mkfile(t, "file");
    raw_fd_readdir(t, P(db), 256, 0, P(&used));
    int count = 0;
    uint64_t second_next = 0;
    char last[64] = "";
    for (int32_t p = 0; p + 24 <= used; count++) {
        uint32_t nl;
        memcpy(&nl, db + p + 16, 4);
        if (count == 1)
            memcpy(&second_next, db + p, 8);
        if (count == 2 && nl < sizeof last) {
            memcpy(last, db + p + 24, nl);
            last[nl] = '\0';
        }
        p += 24 + (int32_t)nl;
    }
    expect("fd_readdir: three entries", count == 3 && used < 256);
    raw_fd_readdir(t, P(db), 256, (int64_t)second_next, P(&used));
    uint32_t nl0 = 0;
    memcpy(&nl0, db + 16, 4);
    expect("fd_readdir: from the second's cookie, the third only",
           used == 24 + (int32_t)nl0 && nl0 == strlen(last) && memcmp(db + 24, last, nl0) == 0);
    rmpath(t, "file", 0);
    char fname[32];
    for (int k = 0; k < 1000; k++) {
        snprintf(fname, sizeof fname, "file.%d", k);
        mkfile(t, fname);
    }
    int total = 0;
    cookie = 0;
    for (;;) {
        used = 0;
        if (raw_fd_readdir(t, P(db), 256, (int64_t)cookie, P(&used)) != 0)
            break;
        int32_t p = 0;
        while (p + 24 <= used) {
            uint32_t nl;
            memcpy(&nl, db + p + 16, 4);
            if (p + 24 + (int32_t)nl > used)
                break; /* cut off: asked for again from the cookie before it */
            memcpy(&cookie, db + p, 8);
            total++;
            p += 24 + (int32_t)nl;
        }
        if (used < 256)
            break;
    }
    expect("fd_readdir: 1000 files and '.', '..'", total == 1002);
    for (int k = 0; k < 1000; k++) {
        snprintf(fname, sizeof fname, "file.%d", k);
        rmpath(t, fname, 0);
    }

    const char *root_t = "/";
    expect("symlink_create: a symlink to '/': EPERM",
           raw_path_symlink(P(root_t), 1, t, P("symlink"), 7) == EPERM);

    /* stdio: renumber stdin onto a new file; the next open takes the lowest free fd */
    po(t, 0, "file", O_CREAT_, 0, 0, 0, &fd);
    expect("stdio: renumber stdin onto a file", raw_fd_renumber(0, fd) == 0);
    expect("stdio: stdin is closed",
           raw_fd_fdstat_get(0, P(fdst)) == EBADF && raw_fd_fdstat_get(fd, P(fdst)) == 0);
    expect("stdio: the next open is fd 0", po(t, 0, "file", 0, 0, 0, 0, &fd2) == 0 && fd2 == 0);
    raw_fd_close(fd2);
    raw_fd_close(fd);
    rmpath(t, "file", 0);
    done_tmp(pre, t, "fd.tmp");

    expect("fd_write to fd -31337: EBADF", raw_fd_write(-31337, 0, 0, P(&n)) == EBADF);
    memset(buf, 0, sizeof buf);
    static uint8_t big[1024];
    int nonzero = 0;
    expect("random_get of 0 bytes", raw_random_get(P(big), 0) == 0);
    expect("random_get of 1024 bytes", raw_random_get(P(big), 1024) == 0);
    for (int k = 0; k < 1024; k++)
        nonzero |= big[k];
    expect("random_get: some byte is not zero", nonzero != 0);
}

/* poll_oneoff_stdio: stdout and stderr are writable; stdin is readable or times out */
static void poll_stdio(void)
{
    uint8_t sub[3][48], ev[3][32];
    int32_t n = 0;
    memset(sub, 0, sizeof sub);
    const uint64_t clock_id = 0x012345678, stdin_id = 0x876543210;
    const uint64_t timeout = 200000000;
    memcpy(sub[0], &clock_id, 8);
    sub[0][8] = 0;                          /* clock */
    memcpy(sub[0] + 16, &(uint32_t){1}, 4); /* monotonic */
    memcpy(sub[0] + 24, &timeout, 8);
    memcpy(sub[1], &stdin_id, 8);
    sub[1][8] = 1; /* fd_read */
    memcpy(sub[1] + 16, &(uint32_t){0}, 4);
    int ok = raw_poll_oneoff(P(sub), P(ev), 2, P(&n)) == 0 && n >= 1;
    for (int k = 0; ok && k < n; k++) {
        uint64_t ud;
        uint16_t err;
        memcpy(&ud, ev[k], 8);
        memcpy(&err, ev[k] + 8, 2);
        ok = err == 0 && ((ev[k][10] == 0 && ud == clock_id) || (ev[k][10] == 1 && ud == stdin_id));
    }
    expect("poll_oneoff_stdio: stdin ready or the clock", ok);
    int pending = 3; /* bit 0: stdout (userdata 1), bit 1: stderr (userdata 2) */
    for (int round = 0; ok && pending && round < 10; round++) {
        memset(sub, 0, sizeof sub);
        int k = 0;
        for (uint64_t ud = 1; ud <= 2; ud++) {
            if (!(pending & (1 << (ud - 1))))
                continue;
            memcpy(sub[k], &ud, 8);
            sub[k][8] = 2; /* fd_write */
            memcpy(sub[k] + 16, &(uint32_t){(uint32_t)ud}, 4);
            k++;
        }
        memcpy(sub[k], &clock_id, 8);
        memcpy(sub[k] + 16, &(uint32_t){1}, 4);
        memcpy(sub[k] + 24, &timeout, 8);
        ok = raw_poll_oneoff(P(sub), P(ev), k + 1, P(&n)) == 0;
        for (int e = 0; ok && e < n; e++) {
            uint64_t ud;
            uint16_t err;
            memcpy(&ud, ev[e], 8);
            memcpy(&err, ev[e] + 8, 2);
            ok = ud != clock_id && (ud == 1 || ud == 2) && ev[e][10] == 2 && err == 0;
            if (ok)
                pending &= ~(int)(1u << (ud - 1));
        }
    }
    expect("poll_oneoff_stdio: stdout and stderr writable before the clock", ok && pending == 0);
}

/* overwrite_preopen, close_preopen: last, since they take the pre-opened fd away */
static void preopen_gone(int32_t pre)
{
    uint64_t b, i;
    int32_t d, t;
    uint8_t st[64], st2[64], fdst[24];
    rights_of(pre, &b, &i);
    po(pre, 0, ".", O_DIR_, b, i, 0, &d);
    t = tmp_dir(pre, "ow.tmp");
    raw_fd_filestat_get(t, P(st));
    expect("overwrite_preopen: renumber onto the pre-opened fd", raw_fd_renumber(t, pre) == 0);
    raw_fd_filestat_get(pre, P(st2));
    expect("overwrite_preopen: it is now the other directory", memcmp(st, st2, 16) == 0);
    expect("overwrite_preopen: the old number is closed", raw_fd_fdstat_get(t, P(fdst)) == EBADF);
    expect("close_preopen: close it", raw_fd_close(pre) == 0);
    expect("close_preopen: it is closed", raw_fd_fdstat_get(pre, P(fdst)) == EBADF);
    expect("close_preopen: the other fd of the directory is open",
           raw_fd_fdstat_get(d, P(fdst)) == 0 && fdst[0] == 3);
    expect("overwrite_preopen: clean up", rmpath(d, "ow.tmp", 1) == 0);
    raw_fd_close(d);
}
#endif

int main(int argc, char **argv)
{
    root = argc > 1 ? argv[1] : ".";
    if (argc > 2 && strcmp(argv[2], "stdin-pipe") == 0) {
        say("lseek on a pipe", (long)lseek(0, 0, SEEK_CUR));
        char b[1];
        say("pread on a pipe", (long)pread(0, b, 1, 0));
        return 0;
    }
    file_io();
    c_programs();
    opens();
    names();
#ifdef __wasi__
    int32_t pre = find_preopen(root);
    expect("the pre-opened directory", pre >= 3);
    rights(pre);
    poll_stdio(); /* before fds(), which takes stdin away */
    fds(pre);
    preopen_gone(pre);
#endif
    return 0;
}
