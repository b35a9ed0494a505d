/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wasm2c-wasi.c — main() and the WASI preview 1 imports for a benchmark translated by
 * wabt's wasm2c (the "wasm2c" engine of bench/run).
 *
 * Debian's wabt ships wasm2c, wasm-rt.h and wasm-rt-impl.c (the runtime: memories,
 * tables, traps through guard pages and a signal handler) but no WASI. The benchmark
 * programs import only args_get, args_sizes_get, fd_close, fd_fdstat_get, fd_seek,
 * fd_write and proc_exit (bench/README.md), so those are implemented here on POSIX,
 * enough for these programs and nothing more: fd_close, fd_seek refuse, fd_fdstat_get
 * describes stdio. Any other import fails at link time.
 *
 * Build (bench/run does this; the module is translated with the name "bench"):
 *   wasm2c NAME.wasm -n bench -o NAME.c
 *   cc -O2 -I/usr/src/wasm2c -include NAME.h NAME.c bench/wasm2c-wasi.c
 *      /usr/share/wabt/wasm2c/wasm-rt-impl.c -lm -o NAME
 * Run: NAME ARGS... (the guest's argv[0] is the executable's name). Exit status: the
 * guest's proc_exit code, 0 when _start returns, 134 on a trap.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasm-rt-impl.h"

/* Declared by the generated header (-include NAME.h). */
struct Z_wasi_snapshot_preview1_instance_t {
    Z_bench_instance_t *inst;
    int argc;
    char **argv;
};

typedef struct Z_wasi_snapshot_preview1_instance_t wasi_t;

enum { WASI_ESUCCESS = 0, WASI_EBADF = 8, WASI_EFAULT = 21, WASI_EINVAL = 28,
       WASI_EIO = 29, WASI_ESPIPE = 70 };

/* Guest memory at [ptr, ptr + len), or NULL when it is out of bounds. */
static u8 *mem(wasi_t *w, u32 ptr, u64 len)
{
    wasm_rt_memory_t *m = Z_benchZ_memory(w->inst);
    if ((u64)ptr + len > m->size)
        return NULL;
    return m->data + ptr;
}

static int put32(wasi_t *w, u32 ptr, u32 v)
{
    u8 *p = mem(w, ptr, 4);
    if (!p)
        return 0;
    memcpy(p, &v, 4); /* little-endian host */
    return 1;
}

u32 Z_wasi_snapshot_preview1Z_args_sizes_get(wasi_t *w, u32 argc_ptr, u32 size_ptr)
{
    u32 size = 0;
    for (int i = 0; i < w->argc; i++)
        size += (u32)strlen(w->argv[i]) + 1;
    if (!put32(w, argc_ptr, (u32)w->argc) || !put32(w, size_ptr, size))
        return WASI_EFAULT;
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_args_get(wasi_t *w, u32 argv_ptr, u32 buf_ptr)
{
    for (int i = 0; i < w->argc; i++) {
        u32 n = (u32)strlen(w->argv[i]) + 1;
        u8 *p = mem(w, buf_ptr, n);
        if (!p || !put32(w, argv_ptr + 4 * (u32)i, buf_ptr))
            return WASI_EFAULT;
        memcpy(p, w->argv[i], n);
        buf_ptr += n;
    }
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_write(wasi_t *w, u32 fd, u32 iovs, u32 n, u32 nwritten_ptr)
{
    if (fd != 1 && fd != 2)
        return WASI_EBADF;
    u32 total = 0;
    for (u32 i = 0; i < n; i++) {
        u8 *iov = mem(w, iovs + 8 * i, 8);
        if (!iov)
            return WASI_EFAULT;
        u32 buf, len;
        memcpy(&buf, iov, 4);
        memcpy(&len, iov + 4, 4);
        u8 *p = mem(w, buf, len);
        if (!p)
            return WASI_EFAULT;
        while (len > 0) {
            ssize_t k = write((int)fd, p, len);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                return WASI_EIO;
            p += k;
            len -= (u32)k;
            total += (u32)k;
        }
    }
    return put32(w, nwritten_ptr, total) ? WASI_ESUCCESS : WASI_EFAULT;
}

u32 Z_wasi_snapshot_preview1Z_fd_close(wasi_t *w, u32 fd)
{
    (void)w;
    (void)fd;
    return WASI_EBADF; /* stdio is not closed; no other descriptors exist */
}

u32 Z_wasi_snapshot_preview1Z_fd_seek(wasi_t *w, u32 fd, u64 offset, u32 whence, u32 newoff)
{
    (void)w;
    (void)offset;
    (void)whence;
    (void)newoff;
    return fd <= 2 ? WASI_ESPIPE : WASI_EBADF;
}

u32 Z_wasi_snapshot_preview1Z_fd_fdstat_get(wasi_t *w, u32 fd, u32 buf)
{
    if (fd > 2)
        return WASI_EBADF;
    u8 *p = mem(w, buf, 24);
    if (!p)
        return WASI_EFAULT;
    /* filetype (u8): 2 = character device for a terminal, 0 = unknown otherwise (a
     * pipe: wasi-libc then buffers stdout fully); flags (u16) 0; rights: everything but
     * seek/tell (bits 2 and 5), so that isatty() depends on the filetype alone. */
    memset(p, 0, 24);
    p[0] = isatty((int)fd) ? 2 : 0;
    u64 rights = ~(u64)0 & ~((u64)1 << 2) & ~((u64)1 << 5);
    memcpy(p + 8, &rights, 8);
    memcpy(p + 16, &rights, 8);
    return WASI_ESUCCESS;
}

void Z_wasi_snapshot_preview1Z_proc_exit(wasi_t *w, u32 code)
{
    (void)w;
    exit((int)code);
}

int main(int argc, char **argv)
{
    static Z_bench_instance_t inst;
    static wasi_t wasi;
    wasi.inst = &inst;
    wasi.argc = argc;
    wasi.argv = argv;
    wasm_rt_init();
    Z_bench_init_module();
    Z_bench_instantiate(&inst, &wasi);
    wasm_rt_trap_t trap = wasm_rt_impl_try();
    if (trap != WASM_RT_TRAP_NONE) {
        fprintf(stderr, "wasm2c-wasi: trap: %s\n", wasm_rt_strerror(trap));
        return 134;
    }
    Z_benchZ__start(&inst);
    Z_bench_free(&inst);
    wasm_rt_free();
    return 0;
}
