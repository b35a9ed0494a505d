/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * iovs.c — scatter/gather I/O, built natively and for wasm32-wasi; run.sh compares the
 * two outputs (lines starting "wasi-only" are checked apart: the native readv refuses
 * more than IOV_MAX buffers, and pointers outside memory exist only in the guest).
 *
 *   iovs DIR          file cases in the empty directory DIR
 *   iovs pipe N       two readv of stdin, N one-byte buffers each: print both counts
 *
 * The main case: a read whose data lands on the caller's own iovec array. The kernel
 * reads the whole array before it writes anything; the runtime must too, or the data
 * redirects the next buffer (anywhere in memory, or outside it).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#ifdef __wasi__
#  include "guest.h"
#endif

static char path[512];
static char second[16], decoy[16];

/* Write the file whose bytes, read over iov[0..1], would turn iov[1] into `evil`. */
static int make_file(const struct iovec *evil)
{
    struct iovec img[2];
    memset(img, 0, sizeof img);
    img[0].iov_base = img;   /* any value: iov[0] is done by the time it lands */
    img[0].iov_len = sizeof img;
    img[1] = *evil;
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
    if (fd < 0)
        return -1;
    int ok = write(fd, img, sizeof img) == (ssize_t)sizeof img &&
             write(fd, "SECOND-BUFFER!!!", 16) == 16;
    return ok ? fd : (close(fd), -1);
}

/* Read the file over its own iovec array (iov[0] covers the array itself) and say where
 * the bytes after the array went. */
static void over_own_array(const char *what, int positioned, const struct iovec *evil,
                           const char *prefix)
{
    static struct iovec iov[2];
    memset(second, '.', sizeof second);
    memset(decoy, '.', sizeof decoy);
    int fd = make_file(evil);
    if (fd < 0) {
        printf("%s%s: cannot make the file\n", prefix, what);
        return;
    }
    iov[0].iov_base = iov;
    iov[0].iov_len = sizeof iov;
    iov[1].iov_base = second;
    iov[1].iov_len = sizeof second;
    ssize_t n;
    if (positioned) {
        n = preadv(fd, iov, 2, 0);
    } else {
        lseek(fd, 0, SEEK_SET);
        n = readv(fd, iov, 2);
    }
    printf("%s%s: %s; second buffer %s; decoy %s\n", prefix, what,
           n == (ssize_t)(sizeof iov + 16) ? "every byte" : "NOT EVERY BYTE",
           memcmp(second, "SECOND-BUFFER!!!", 16) == 0 ? "right" : "WRONG",
           memcmp(decoy, "................", 16) == 0 ? "untouched" : "WRITTEN");
    close(fd);
}

/* n one-byte buffers over a file of n bytes: how many are filled, and right? */
static void many(const char *prefix, int n, int positioned)
{
    char *data = malloc((size_t)n), *got = calloc((size_t)n, 1);
    struct iovec *iov = calloc((size_t)n, sizeof *iov);
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
    for (int i = 0; i < n; i++) {
        data[i] = (char)('a' + i % 26);
        iov[i].iov_base = got + i;
        iov[i].iov_len = 1;
    }
    ssize_t w = write(fd, data, (size_t)n), r;
    if (positioned) {
        r = preadv(fd, iov, n, 0);
    } else {
        lseek(fd, 0, SEEK_SET);
        r = readv(fd, iov, n);
    }
    printf("%s%s of %d one-byte buffers: wrote %zd, read %zd, %s\n", prefix,
           positioned ? "preadv" : "readv", n, w, r,
           r == n && memcmp(data, got, (size_t)n) == 0 ? "same bytes" : "DIFFERENT");
    /* and writing from as many buffers */
    for (int i = 0; i < n; i++)
        iov[i].iov_base = data + (n - 1 - i);
    lseek(fd, 0, SEEK_SET);
    w = positioned ? pwritev(fd, iov, n, 0) : writev(fd, iov, n);
    r = pread(fd, got, (size_t)n, 0);
    int rev = r == n;
    for (int i = 0; rev && i < n; i++)
        rev = got[i] == data[n - 1 - i];
    printf("%s%s of %d one-byte buffers: wrote %zd, %s\n", prefix,
           positioned ? "pwritev" : "writev", n, w, rev ? "in order" : "WRONG ORDER");
    close(fd);
    free(data);
    free(got);
    free(iov);
}

static void pipe_mode(int n)
{
    char *got = malloc((size_t)n);
    struct iovec *iov = calloc((size_t)n, sizeof *iov);
    for (int i = 0; i < n; i++) {
        iov[i].iov_base = got + i;
        iov[i].iov_len = 1;
    }
    ssize_t a = readv(0, iov, n);
    ssize_t b = readv(0, iov, n);
    printf("%zd %zd\n", a, b);
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "pipe") == 0) {
        pipe_mode(atoi(argv[2]));
        return 0;
    }
    snprintf(path, sizeof path, "%s/iov.bin", argc > 1 ? argv[1] : ".");
    struct iovec to_decoy = {decoy, sizeof decoy};
    over_own_array("readv over its own iovec array", 0, &to_decoy, "");
    over_own_array("preadv over its own iovec array", 1, &to_decoy, "");
    many("", 1000, 0);
    many("", 1000, 1);
#ifdef __wasi__
    /* redirected outside linear memory: a host overflow if the array were read again */
    struct iovec outside = {(void *)(uintptr_t)(mem_end() - 8), 4096};
    over_own_array("readv, would-be buffer outside memory", 0, &outside, "wasi-only ");
    over_own_array("preadv, would-be buffer outside memory", 1, &outside, "wasi-only ");
    many("wasi-only ", 2000, 0);
    many("wasi-only ", 2000, 1);
#endif
    unlink(path);
    return 0;
}
