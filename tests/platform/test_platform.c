/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_platform.c — unit tests of a platform implementation (minwasm_platform.h),
 * without the core: virtual memory, images, native code, native traps, setjmp/longjmp,
 * TLS, and (for platform/linux, which provides them) memcpy/memmove/memset/memcmp.
 *
 * Built twice (mk/platform.mk, tests/platform/run-unit.sh):
 *   -DPLAT_POSIX  linked with platform/posix/platform_posix.c
 *   -DPLAT_LINUX  linked with the objects of platform/linux (no libc inside them; this
 *                 test program itself uses libc, and the platform's memcpy & co.
 *                 interpose libc's for the whole program, which is a test too).
 * Ends with "N passed, N failed"; exit status 0 only when nothing failed.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "minwasm_platform.h"
#if defined(PLAT_LINUX)
#  include "minwasm_linux.h"
#  define thread_init mw_linux_thread_init
#  define thread_exit mw_linux_thread_exit
#  define PLAT_NAME "linux"
#elif defined(PLAT_POSIX)
#  include "minwasm_posix.h"
#  define thread_init mw_posix_thread_init
#  define thread_exit mw_posix_thread_exit
#  define PLAT_NAME "posix"
#else
#  error "define PLAT_LINUX or PLAT_POSIX"
#endif

static int n_pass, n_fail;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) {                                                                  \
            n_pass++;                                                                \
        } else {                                                                     \
            n_fail++;                                                                \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
        }                                                                            \
    } while (0)

/* ------------------------------------------------------------ the test "core" */

/* The region whose faults the test handler treats as wasm's (per thread). */
static __thread char *wasm_lo, *wasm_hi;
/* When set, every fault of this thread is caught (stack-overflow test). */
static __thread int catch_all;
/* What the handler saw last (per thread). */
static __thread uintptr_t seen_pc, seen_addr, seen_sp;
static __thread int seen_has_addr, seen_count;

static void test_handler(uintptr_t pc, uintptr_t fp, bool has_addr, uintptr_t addr)
{
    char local;
    (void)fp;
    void *jb = mw_platform_tls_get();
    seen_pc = pc;
    seen_addr = addr;
    seen_has_addr = has_addr;
    seen_sp = (uintptr_t)&local;
    seen_count++;
    if (jb == NULL)
        return;
    if (catch_all || (has_addr && addr >= (uintptr_t)wasm_lo && addr < (uintptr_t)wasm_hi))
        mw_platform_longjmp(jb);
}

struct call {
    void *jb;
    void (*body)(void *);
    void *arg;
};

static void trampoline(void *p)
{
    struct call *c = p;
    mw_platform_tls_set(c->jb);
    c->body(c->arg);
}

/* Runs body(arg) like the core runs wasm: 0 if it returned, 1 if it trapped. */
static int guarded(void (*body)(void *), void *arg)
{
    struct call c = {NULL, body, arg};
    void *prev = mw_platform_tls_get();
    int r = mw_platform_setjmp(&c.jb, trampoline, &c);
    mw_platform_tls_set(prev);
    return r;
}

static volatile int sink;

__attribute__((noinline)) static void read_body(void *p) { sink = *(volatile char *)p; }
__attribute__((noinline)) static void write_body(void *p) { *(volatile char *)p = 1; }
static void jump_body(void *p) { (void)p; mw_platform_longjmp(mw_platform_tls_get()); }
static void nothing_body(void *p) { (void)p; }

static int can_read(void *p) { return guarded(read_body, p) == 0; }
static int can_write(void *p) { return guarded(write_body, p) == 0; }

static void set_wasm(void *lo, size_t n)
{
    wasm_lo = lo;
    wasm_hi = (char *)lo + n;
}

/* ------------------------------------------------------------ virtual memory */

static void test_vm(void)
{
    size_t ps = mw_platform_page_size();
    CHECK(ps >= 4096 && (ps & (ps - 1)) == 0);
    CHECK(mw_platform_page_size() == ps);
    CHECK(65536 % ps == 0);

    size_t size = sizeof(void *) == 8 ? (size_t)8 << 30 : (size_t)256 << 20;
    void *base = NULL;
    CHECK(mw_platform_reserve(size, &base) == 0);
    CHECK(base != NULL && ((uintptr_t)base & (ps - 1)) == 0);
    if (base == NULL)
        return;
    char *b = base;
    set_wasm(b, size);

    CHECK(!can_read(b));
    CHECK(seen_has_addr && seen_addr == (uintptr_t)b);
    CHECK(seen_pc >= (uintptr_t)read_body && seen_pc < (uintptr_t)read_body + 256);
    CHECK(!can_read(b + size - 1));
    CHECK(seen_addr == (uintptr_t)(b + size - 1));

    /* commit two pages: zero, writable */
    CHECK(mw_platform_protect(b, 2 * ps, MW_PROT_READ | MW_PROT_WRITE) == 0);
    int zero = 1;
    for (size_t i = 0; i < 2 * ps; i++)
        zero &= b[i] == 0;
    CHECK(zero);
    memset(b, 0xA5, 2 * ps);
    CHECK(!can_read(b + 2 * ps));   /* the next page is still reserved only */

    /* no access, then read-only: contents kept */
    CHECK(mw_platform_protect(b, ps, MW_PROT_NONE) == 0);
    CHECK(!can_read(b) && !can_write(b + ps - 1));
    CHECK(can_read(b + ps));
    CHECK(mw_platform_protect(b, ps, MW_PROT_READ) == 0);
    CHECK(can_read(b) && !can_write(b));
    CHECK((unsigned char)b[17] == 0xA5);
    CHECK(mw_platform_protect(b, ps, MW_PROT_READ | MW_PROT_WRITE) == 0);
    CHECK(can_write(b) && (unsigned char)b[ps - 1] == 0xA5);

    /* decommit: inaccessible, then zero when committed again; the neighbour is kept */
    CHECK(mw_platform_decommit(b, ps) == 0);
    CHECK(!can_read(b));
    CHECK(mw_platform_protect(b, ps, MW_PROT_READ | MW_PROT_WRITE) == 0);
    CHECK(b[0] == 0 && b[ps - 1] == 0);
    CHECK((unsigned char)b[ps] == 0xA5);

    /* large commits far inside the reservation */
    if (sizeof(void *) == 8) {
        char *far = b + ((size_t)4 << 30);
        CHECK(mw_platform_protect(far, 1 << 20, MW_PROT_READ | MW_PROT_WRITE) == 0);
        far[0] = 1;
        far[(1 << 20) - 1] = 2;
        CHECK(far[0] == 1 && far[(1 << 20) - 1] == 2);
        CHECK(!can_read(far + (1 << 20)));
    }

    /* empty ranges are no-ops (memory.grow(0) protects 0 bytes) */
    CHECK(mw_platform_protect(b + ps, 0, MW_PROT_READ | MW_PROT_WRITE) == 0);
    CHECK(mw_platform_decommit(b + ps, 0) == 0);
    CHECK((unsigned char)b[ps] == 0xA5);

    /* misuse is reported, not crashed on */
    CHECK(mw_platform_protect(b + 1, ps, MW_PROT_READ) != 0);
    CHECK(mw_platform_protect(b, ps + 1, MW_PROT_READ) != 0);
    void *none = &none;
    CHECK(mw_platform_reserve(0, &none) != 0 && none == NULL);
    CHECK(mw_platform_reserve(ps + 1, &none) != 0);

    CHECK(mw_platform_unmap(b, size) == 0);
    set_wasm(NULL, 0);

    /* many reservations of 8 GiB (the core takes one per memory) */
    if (sizeof(void *) == 8) {
        void *many[64];
        int ok = 1;
        for (int i = 0; i < 64; i++)
            ok &= mw_platform_reserve(size, &many[i]) == 0;
        CHECK(ok);
        for (int i = 0; i < 64; i++)
            if (many[i] != NULL)
                CHECK(mw_platform_unmap(many[i], size) == 0);
    }
}

/* ------------------------------------------------------------ images */

static void test_images(void)
{
    size_t ps = mw_platform_page_size();
    size_t len = 4 * ps;
    uint8_t *data = malloc(len);
    for (size_t i = 0; i < len; i++)
        data[i] = (uint8_t)(i * 7 + (i >> 12));
    memset(data + ps, 0, ps);   /* page 1 is a hole */

    mw_platform_image *img = (mw_platform_image *)&img;
    CHECK(mw_platform_image_new(data, len, &img) == 0);
    if (img == NULL) {
        printf("note: images unsupported by this platform build\n");
        free(data);
        return;
    }
    mw_platform_image *bad = (mw_platform_image *)&bad;
    CHECK(mw_platform_image_new(data, ps + 1, &bad) != 0 && bad == NULL);

    size_t rsize = 64 * ps;
    void *r1 = NULL, *r2 = NULL;
    CHECK(mw_platform_reserve(rsize, &r1) == 0 && mw_platform_reserve(rsize, &r2) == 0);
    char *a = (char *)r1 + 2 * ps, *b = (char *)r2;
    CHECK(mw_platform_image_map_at(img, a, len) == 0);
    CHECK(mw_platform_image_map_at(img, b, len) == 0);
    CHECK(memcmp(a, data, len) == 0 && memcmp(b, data, len) == 0);

    /* writes are private */
    memset(a, 0x11, len);
    CHECK(memcmp(b, data, len) == 0);
    a[ps + 5] = 9;
    CHECK(b[ps + 5] == 0);

    /* mapping again replaces the written pages with pristine ones */
    CHECK(mw_platform_image_map_at(img, a, len) == 0);
    CHECK(memcmp(a, data, len) == 0);

    /* the image's pages are surrounded by reserved-only pages */
    set_wasm(r1, rsize);
    CHECK(!can_read(a - 1) && !can_read(a + len));
    CHECK(can_write(a + len - 1));

    /* decommit over image pages: inaccessible, then zero (not the image's bytes) */
    CHECK(mw_platform_decommit(a, 2 * ps) == 0);
    CHECK(!can_read(a));
    CHECK(mw_platform_protect(a, 2 * ps, MW_PROT_READ | MW_PROT_WRITE) == 0);
    int zero = 1;
    for (size_t i = 0; i < 2 * ps; i++)
        zero &= a[i] == 0;
    CHECK(zero);
    CHECK(memcmp(a + 2 * ps, data + 2 * ps, 2 * ps - 1) == 0);   /* can_write wrote the last */

    /* freeing the image keeps its mappings */
    mw_platform_image_free(img);
    CHECK(memcmp(b, data, len) == 0);
    b[0] = 42;
    CHECK(b[0] == 42);
    set_wasm(NULL, 0);

    /* a big image, mostly zero (a 1 MiB data segment) */
    size_t big = (size_t)1 << 20;
    uint8_t *bd = calloc(1, big);
    for (size_t i = 0; i < big; i += 4099)
        bd[i] = (uint8_t)(i | 1);
    void *r3 = NULL;
    CHECK(mw_platform_image_new(bd, big, &img) == 0 && img != NULL);
    CHECK(mw_platform_reserve(2 * big, &r3) == 0);
    if (img != NULL && r3 != NULL) {
        CHECK(mw_platform_image_map_at(img, (char *)r3 + big, big) == 0);
        CHECK(memcmp((char *)r3 + big, bd, big) == 0);
        mw_platform_image_free(img);
        CHECK(mw_platform_unmap(r3, 2 * big) == 0);
    }
    free(bd);

    CHECK(mw_platform_unmap(r1, rsize) == 0 && mw_platform_unmap(r2, rsize) == 0);
    free(data);
}

/* ------------------------------------------------------------ native code */

#if defined(__x86_64__) || defined(__aarch64__)
/* Writes a function int(void) returning k (below 65536) at p. */
static void put_return(uint8_t *p, unsigned k)
{
#  if defined(__x86_64__)
    /* mov eax, k; ret */
    const uint8_t insn[] = {0xb8, (uint8_t)k, (uint8_t)(k >> 8), 0, 0, 0xc3};
#  else
    /* mov w0, #k; ret */
    const uint32_t insn[] = {0x52800000u | k << 5, 0xd65f03c0u};
#  endif
    memcpy(p, insn, sizeof insn);
}

static int call_code(const void *p)
{
    int (*fn)(void);
    memcpy(&fn, &p, sizeof fn);   /* ISO C converts no object pointer to a function pointer */
    return fn();
}

static void test_code(void)
{
    size_t ps = mw_platform_page_size();
    void *r = NULL;
    CHECK(mw_platform_reserve(4 * ps, &r) == 0);
    if (r == NULL)
        return;
    uint8_t *b = r, *last = b + 2 * ps - 8;   /* last: in the range's last cache line */
    set_wasm(b, 4 * ps);

    CHECK(mw_platform_protect(b, 2 * ps, MW_PROT_READ | MW_PROT_WRITE) == 0);
    put_return(b, 42);
    put_return(last, 43);
    CHECK(mw_platform_publish_code(b, 2 * ps) == 0);
    CHECK(call_code(b) == 42);
    CHECK(call_code(last) == 43);
    CHECK(can_read(b) && can_read(last));
    CHECK(!can_read(b + 2 * ps));   /* the rest of the reservation is untouched */

    /* rewritten and published again: the new bytes run, not the ones fetched before */
    CHECK(mw_platform_protect(b, ps, MW_PROT_READ | MW_PROT_WRITE) == 0);
    put_return(b, 7);
    CHECK(mw_platform_publish_code(b, ps) == 0);
    CHECK(call_code(b) == 7);
    CHECK(call_code(last) == 43);

    /* misuse is refused with -1 and changes nothing (mprotect alone would round the
     * size up and make two pages executable) */
    CHECK(mw_platform_publish_code(b + 1, ps) == -1);
    CHECK(mw_platform_publish_code(b + 2 * ps, ps + 1) == -1);
    CHECK(!can_read(b + 2 * ps) && !can_read(b + 3 * ps));
    CHECK(mw_platform_publish_code(b + 2 * ps, 0) == 0);   /* empty: a no-op */
    CHECK(!can_read(b + 2 * ps));
    CHECK(call_code(b) == 7);

    set_wasm(NULL, 0);
    CHECK(mw_platform_unmap(b, 4 * ps) == 0);
}
#else
static void test_code(void) { printf("note: no machine code to test with on this CPU\n"); }
#endif

/* ------------------------------------------------------------ traps and jumps */

/* Lots of values live across the guarded call: callee-saved registers (integer and,
 * on aarch64, d8-d15) must come back intact after a jump out of the signal handler. */
__attribute__((noinline)) static int preserves_registers(char *bad)
{
    volatile int seed = 3;
    long x0 = seed, x1 = seed * 3, x2 = seed * 5, x3 = seed * 7, x4 = seed * 11,
         x5 = seed * 13, x6 = seed * 17, x7 = seed * 19;
    double d0 = seed * 0.5, d1 = seed * 1.5, d2 = seed * 2.5, d3 = seed * 3.5,
           d4 = seed * 4.5, d5 = seed * 5.5, d6 = seed * 6.5, d7 = seed * 7.5;
    int trapped = guarded(read_body, bad);
    long s = x0 + 2 * x1 + 3 * x2 + 4 * x3 + 5 * x4 + 6 * x5 + 7 * x6 + 8 * x7;
    double t = d0 + 2 * d1 + 3 * d2 + 4 * d3 + 5 * d4 + 6 * d5 + 7 * d6 + 8 * d7;
    return trapped && s == 3L * (1 + 6 + 15 + 28 + 55 + 78 + 119 + 152) &&
           t == 3.0 * (0.5 + 3 + 7.5 + 14 + 22.5 + 33 + 45.5 + 60);
}

static void inner_fault(void *p)
{
    /* a nested activation traps; the outer one goes on */
    if (guarded(read_body, p) != 1)
        abort();
    sink = 1;
}

static void test_traps(void)
{
    size_t ps = mw_platform_page_size();
    CHECK(mw_platform_init_traps(test_handler) == 0);
    CHECK(mw_platform_init_traps(test_handler) == 0);   /* repeated: harmless */

    void *r;
    size_t size = 16 * ps;
    CHECK(mw_platform_reserve(size, &r) == 0);
    char *b = r;
    set_wasm(b, size);

    CHECK(guarded(nothing_body, NULL) == 0);
    CHECK(guarded(jump_body, NULL) == 1);   /* a jump without a signal */

    /* many faults in a row: the signal must not stay blocked after a jump */
    int all = 1;
    for (int i = 0; i < 2000; i++)
        all &= guarded(read_body, b + (i % 16) * ps) == 1;
    CHECK(all);
    sigset_t cur;
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    CHECK(!sigismember(&cur, SIGSEGV) && !sigismember(&cur, SIGBUS));

    CHECK(preserves_registers(b + 5));
    seen_count = 0;
    CHECK(guarded(inner_fault, b) == 0 && seen_count == 1);

    /* a write fault, after a store to accessible memory in the same activation */
    CHECK(mw_platform_protect(b, ps, MW_PROT_READ | MW_PROT_WRITE) == 0);
    CHECK(can_write(b) && !can_write(b + ps));

    /* SIGBUS: a mapping past the end of its file */
    int fd = memfd_create("bus", 0);
    if (fd >= 0 && ftruncate(fd, (off_t)ps) == 0) {
        char *m = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (m != MAP_FAILED) {
            set_wasm(m, 2 * ps);
            CHECK(can_read(m));
            CHECK(!can_read(m + ps));
            CHECK(seen_addr == (uintptr_t)(m + ps));
            munmap(m, 2 * ps);
        }
        close(fd);
    }
    set_wasm(NULL, 0);
    CHECK(mw_platform_unmap(r, size) == 0);
}

/* ------------------------------------------------------------ threads */

struct thread_arg {
    int id;
    int ok;
};

static void *thread_faults(void *p)
{
    struct thread_arg *t = p;
    size_t ps = mw_platform_page_size();
    t->ok = 0;
    if (mw_platform_tls_get() != NULL || thread_init() != 0 || thread_init() != 0)
        return NULL;
    void *r;
    if (mw_platform_reserve(4 * ps, &r) != 0)
        return NULL;
    set_wasm(r, 4 * ps);
    int ok = 1;
    for (int i = 0; i < 500; i++) {
        ok &= guarded(read_body, (char *)r + (size_t)(i % 4) * ps) == 1;
        ok &= seen_addr == (uintptr_t)r + (size_t)(i % 4) * ps;
    }
    int marker;
    mw_platform_tls_set(&marker);
    sched_yield();
    ok &= mw_platform_tls_get() == &marker;
    mw_platform_tls_set(NULL);
    mw_platform_unmap(r, 4 * ps);
    thread_exit();
    t->ok = ok;
    return NULL;
}

/* Recursion into the thread's stack guard: the handler must run on the alternate stack. */
static volatile int depth_limit = 1 << 30;

__attribute__((noinline)) static int recurse(int n)
{
    volatile char pad[1024];
    pad[0] = (char)n;
    if (n >= depth_limit)
        return 0;
    return recurse(n + 1) + pad[0];
}

static void overflow_body(void *p)
{
    (void)p;
    sink = recurse(0);
}

static void *thread_overflow(void *p)
{
    int *ok = p;
    *ok = 0;
    if (thread_init() != 0)
        return NULL;
    stack_t ss;
    sigaltstack(NULL, &ss);
    catch_all = 1;
    seen_sp = 0;
    int trapped = guarded(overflow_body, NULL);
    catch_all = 0;
    *ok = trapped == 1 && seen_sp >= (uintptr_t)ss.ss_sp &&
          seen_sp < (uintptr_t)ss.ss_sp + ss.ss_size;
    /* and the thread still works */
    *ok &= guarded(nothing_body, NULL) == 0;
    thread_exit();
    return NULL;
}

static void test_threads(void)
{
    pthread_t th[4];
    struct thread_arg ta[4];
    int started[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        ta[i].id = i;
        ta[i].ok = 0;
        started[i] = pthread_create(&th[i], NULL, thread_faults, &ta[i]) == 0;
    }
    for (int i = 0; i < 4; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
        CHECK(started[i] && ta[i].ok);
    }

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t t;
    int ok = 0;
    CHECK(pthread_create(&t, &attr, thread_overflow, &ok) == 0);
    pthread_join(t, NULL);
    CHECK(ok);
    pthread_attr_destroy(&attr);
}

/* ------------------------------------------------------------ faults that are not ours */

/* Runs fn in a child process; returns its wait status. */
static int in_child(void (*fn)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        int null = open("/dev/null", O_WRONLY);   /* quiet the expected deaths (qemu) */
        if (null >= 0)
            dup2(null, 2);
        fn();
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

/* An address outside every wasm region (hidden from the compiler's bounds analysis). */
static volatile uintptr_t low_addr = 64;

static void child_null_fault(void)
{
    mw_platform_init_traps(test_handler);
    sink = *(volatile int *)low_addr;   /* not in any wasm region */
    _exit(3);
}

static void chained(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    _exit(sig == SIGSEGV && info->si_addr == (void *)(uintptr_t)64 ? 42 : 43);
}

static void child_chain(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = chained;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    mw_platform_init_traps(test_handler);
    /* wasm faults are still the core's ... */
    void *r;
    size_t ps = mw_platform_page_size();
    if (mw_platform_reserve(ps, &r) != 0)
        _exit(4);
    set_wasm(r, ps);
    if (guarded(read_body, r) != 1)
        _exit(5);
    /* ... and the others go to the previous handler */
    sink = *(volatile int *)low_addr;
    _exit(6);
}

static void child_sent_segv(void)
{
    mw_platform_init_traps(test_handler);
    kill(getpid(), SIGSEGV);
    _exit(7);
}

static void child_sent_ignored(void)
{
    signal(SIGSEGV, SIG_IGN);
    mw_platform_init_traps(test_handler);
    kill(getpid(), SIGSEGV);
    /* still installed afterwards */
    void *r;
    size_t ps = mw_platform_page_size();
    if (mw_platform_reserve(ps, &r) != 0)
        _exit(4);
    set_wasm(r, ps);
    _exit(guarded(read_body, r) == 1 ? 0 : 8);
}

static void child_bus(void)
{
    mw_platform_init_traps(test_handler);
    size_t ps = mw_platform_page_size();
    int fd = memfd_create("bus", 0);
    if (fd < 0 || ftruncate(fd, (off_t)ps) != 0)
        _exit(0x7f);
    char *m = mmap(NULL, 2 * ps, PROT_READ, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED)
        _exit(0x7f);
    sink = m[ps];
    _exit(9);
}

static void test_not_ours(void)
{
    int st = in_child(child_null_fault);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    st = in_child(child_chain);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42);
    st = in_child(child_sent_segv);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    st = in_child(child_sent_ignored);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    st = in_child(child_bus);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS);
}

/* ------------------------------------------------------------ TLS */

static void *thread_tls(void *p)
{
    (void)p;
    void *first = mw_platform_tls_get();
    mw_platform_tls_set(p);
    return first == NULL && mw_platform_tls_get() == p ? p : NULL;
}

static void test_tls(void)
{
    mw_platform_tls_set(NULL);
    CHECK(mw_platform_tls_get() == NULL);
    int x;
    mw_platform_tls_set(&x);
    pthread_t t;
    void *ret = NULL;
    int y;
    CHECK(pthread_create(&t, NULL, thread_tls, &y) == 0 && pthread_join(t, &ret) == 0);
    CHECK(ret == &y);
    CHECK(mw_platform_tls_get() == &x);
    mw_platform_tls_set(NULL);
}

/* ------------------------------------------------------------ memcpy & co. */

#if defined(PLAT_LINUX)
/* Through volatile pointers: the calls reach the platform's definitions (which the
 * static link puts in front of libc's), not inlined builtins. */
static void *(*volatile p_memcpy)(void *, const void *, size_t) = memcpy;
static void *(*volatile p_memmove)(void *, const void *, size_t) = memmove;
static void *(*volatile p_memset)(void *, int, size_t) = memset;
static int (*volatile p_memcmp)(const void *, const void *, size_t) = memcmp;

#define MEMN 300
static unsigned char src_buf[MEMN + 64], dst_buf[MEMN + 64], ref_buf[MEMN + 64];

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed * 131 + i * 29 + (i >> 3));
}

static int same(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static void test_mem(void)
{
    int ok_cpy = 1, ok_set = 1, ok_move = 1, ok_cmp = 1;
    for (size_t n = 0; n <= MEMN; n += (n < 80 ? 1 : 13)) {
        for (size_t sa = 0; sa < 16; sa++) {
            for (size_t da = 0; da < 16; da++) {
                fill(src_buf, sizeof src_buf, (unsigned)(n + sa));
                fill(dst_buf, sizeof dst_buf, 7);
                fill(ref_buf, sizeof ref_buf, 7);
                for (size_t i = 0; i < n; i++)
                    ref_buf[da + i] = src_buf[sa + i];
                ok_cpy &= p_memcpy(dst_buf + da, src_buf + sa, n) == dst_buf + da;
                ok_cpy &= same(dst_buf, ref_buf, sizeof dst_buf);

                /* overlapping moves within one buffer, both directions */
                unsigned char tmp[MEMN + 64];
                fill(dst_buf, sizeof dst_buf, (unsigned)n);
                for (size_t i = 0; i < sizeof dst_buf; i++)
                    ref_buf[i] = dst_buf[i];
                for (size_t i = 0; i < n; i++)
                    tmp[i] = ref_buf[sa + i];
                for (size_t i = 0; i < n && da + i < sizeof ref_buf; i++)
                    ref_buf[da + i] = tmp[i];
                if (da + n <= sizeof dst_buf && sa + n <= sizeof dst_buf) {
                    ok_move &= p_memmove(dst_buf + da, dst_buf + sa, n) == dst_buf + da;
                    ok_move &= same(dst_buf, ref_buf, sizeof dst_buf);
                }
            }
            fill(dst_buf, sizeof dst_buf, 9);
            for (size_t i = 0; i < sizeof dst_buf; i++)
                ref_buf[i] = dst_buf[i];
            int c = (int)(0x180 + n + sa);   /* only the low byte counts */
            for (size_t i = 0; i < n; i++)
                ref_buf[sa + i] = (unsigned char)c;
            ok_set &= p_memset(dst_buf + sa, c, n) == dst_buf + sa;
            ok_set &= same(dst_buf, ref_buf, sizeof dst_buf);

            /* memcmp: equal, then one byte differs at each position (signs by unsigned) */
            fill(src_buf, sizeof src_buf, 3);
            fill(dst_buf, sizeof dst_buf, 3);
            ok_cmp &= p_memcmp(src_buf + sa, dst_buf + sa, n) == 0;
            if (n > 0) {
                size_t at = (n * 7 + sa) % n;
                dst_buf[sa + at] = 0x80;
                src_buf[sa + at] = 0x7f;
                ok_cmp &= p_memcmp(src_buf + sa, dst_buf + sa, n) < 0;
                ok_cmp &= p_memcmp(dst_buf + sa, src_buf + sa, n) > 0;
                /* a difference after the first one does not matter */
                if (at + 1 < n) {
                    src_buf[sa + at + 1] = 0xff;
                    dst_buf[sa + at + 1] = 0;
                    ok_cmp &= p_memcmp(src_buf + sa, dst_buf + sa, n) < 0;
                }
            }
        }
    }
    CHECK(ok_cpy);
    CHECK(ok_move);
    CHECK(ok_set);
    CHECK(ok_cmp);
}
#endif

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("platform unit tests (%s, page size %zu)\n", PLAT_NAME, mw_platform_page_size());
    test_tls();
    test_not_ours();   /* first: its child processes must not inherit an installed handler */
    CHECK(mw_platform_init_traps(test_handler) == 0);   /* can_read() & co. rely on it */
    test_vm();
#if defined(PLAT_LINUX)
    test_mem();
#endif
    test_images();
    test_code();
    test_traps();
    test_threads();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail == 0 ? 0 : 1;
}
