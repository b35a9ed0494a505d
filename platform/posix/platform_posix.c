/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * platform_posix.c — the whole platform API (minwasm_platform.h) on a C library with
 * POSIX: mmap/mprotect/munmap, memfd_create (or an unlinked temporary file) for images,
 * mprotect and __builtin___clear_cache for native code, sigaction with an alternate
 * signal stack for native traps, sigsetjmp/siglongjmp, and _Thread_local. Tested on
 * Linux (glibc, x86-64 and aarch64); written for the BSDs and macOS too (the machine
 * context is read per system below).
 *
 * Knobs (compile time):
 *   MW_POSIX_IMAGE_TMPFILE=1  use the temporary-file image fallback even where
 *                             memfd_create exists (to test it);
 *   MW_POSIX_NO_IMAGES=1      no images at all (mw_platform_image_new says unsupported).
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#  define _GNU_SOURCE 1   /* memfd_create, MAP_NORESERVE, F_ADD_SEALS, REG_RIP */
#endif
#if defined(__APPLE__) && !defined(_DARWIN_C_SOURCE)
#  define _DARWIN_C_SOURCE 1
#endif

#include "minwasm_platform.h"
#include "minwasm_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef MAP_ANONYMOUS
#  define MAP_ANONYMOUS MAP_ANON
#endif
#ifndef MAP_NORESERVE
#  define MAP_NORESERVE 0
#endif

#if defined(__GNUC__) && defined(__ELF__)
/* No __tls_get_addr (not signal-safe) even when this file is built into a .so. */
#  define TLS_IE __attribute__((tls_model("initial-exec")))
#else
#  define TLS_IE
#endif

/* ------------------------------------------------------------ page size */

static atomic_size_t page_size_cache;

size_t mw_platform_page_size(void)
{
    size_t ps = atomic_load_explicit(&page_size_cache, memory_order_relaxed);
    if (ps == 0) {
        long v = sysconf(_SC_PAGESIZE);
        ps = v > 0 ? (size_t)v : 4096;
        atomic_store_explicit(&page_size_cache, ps, memory_order_relaxed);
    }
    return ps;
}

static int check_aligned(const void *addr, size_t size)
{
    size_t mask = mw_platform_page_size() - 1;
    return (((uintptr_t)addr | size) & mask) == 0 ? 0 : EINVAL;
}

/* ------------------------------------------------------------ reservations */

int mw_platform_reserve(size_t size, void **out)
{
    *out = NULL;
    if (size == 0 || check_aligned(NULL, size) != 0)
        return EINVAL;
    void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return errno != 0 ? errno : ENOMEM;
    *out = p;
    return 0;
}

int mw_platform_protect(void *addr, size_t size, uint32_t prot)
{
    int e = check_aligned(addr, size);
    if (e != 0 || size == 0)
        return e;
    int p = PROT_NONE;
    if (prot & MW_PROT_READ)
        p |= PROT_READ;
    if (prot & MW_PROT_WRITE)
        p |= PROT_READ | PROT_WRITE;
    return mprotect(addr, size, p) == 0 ? 0 : errno;
}

/* A fresh inaccessible mapping over the range: drops anonymous and image pages alike. */
int mw_platform_decommit(void *addr, size_t size)
{
    int e = check_aligned(addr, size);
    if (e != 0 || size == 0)
        return e;
    void *p = mmap(addr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
                   -1, 0);
    return p == MAP_FAILED ? errno : 0;
}

int mw_platform_unmap(void *addr, size_t size)
{
    int e = check_aligned(addr, size);
    if (e != 0 || size == 0)
        return e;
    return munmap(addr, size) == 0 ? 0 : errno;
}

/* ------------------------------------------------------------ images */

/* The handle is the file descriptor plus one: no allocation, never NULL. */
static int image_fd(const mw_platform_image *img) { return (int)((uintptr_t)img - 1); }

#if !defined(MW_POSIX_NO_IMAGES) || !MW_POSIX_NO_IMAGES

/* A descriptor for an anonymous file, or -1 with errno set (0: unsupported). */
static int anonymous_file(void)
{
#if defined(MFD_CLOEXEC) && !(defined(MW_POSIX_IMAGE_TMPFILE) && MW_POSIX_IMAGE_TMPFILE)
    int mfd = memfd_create("minwasm-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (mfd >= 0 || (errno != ENOSYS && errno != EINVAL))
        return mfd;
    /* an old kernel under a new C library: fall back to a file */
#endif
    const char *dir = getenv("TMPDIR");
    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    static const char tail[] = "/minwasm-image-XXXXXX";
    char path[512];
    size_t n = strlen(dir);
    if (n + sizeof tail > sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, dir, n);
    memcpy(path + n, tail, sizeof tail);
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    unlink(path);   /* the file lives as long as the descriptor and the mappings */
    int fl = fcntl(fd, F_GETFD);
    if (fl >= 0)
        fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
    return fd;
}

int mw_platform_image_new(const uint8_t *data, size_t len, mw_platform_image **out)
{
    *out = NULL;
    if (len == 0 || check_aligned(NULL, len) != 0)
        return EINVAL;
    int fd = anonymous_file();
    if (fd < 0)
        return errno == ENOSYS ? 0 : errno;
    int e = ftruncate(fd, (off_t)len) == 0 ? 0 : errno;
    size_t ps = mw_platform_page_size();
    static const uint8_t zero[64];
    for (size_t off = 0; e == 0 && off < len; off += ps) {
        size_t i = 0;
        while (i < ps && memcmp(data + off + i, zero, sizeof zero) == 0)
            i += sizeof zero;
        if (i >= ps)
            continue;   /* all-zero pages stay holes */
        size_t done = 0;
        while (done < ps) {
            ssize_t r = pwrite(fd, data + off + done, ps - done, (off_t)(off + done));
            if (r < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (r <= 0) {
                e = r == 0 ? EIO : errno;
                break;
            }
            done += (size_t)r;
        }
    }
    if (e != 0) {
        close(fd);
        return e;
    }
#if defined(F_ADD_SEALS) && defined(F_SEAL_WRITE)
    (void)fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
#endif
    *out = (mw_platform_image *)(uintptr_t)(fd + 1);
    return 0;
}

#else

int mw_platform_image_new(const uint8_t *data, size_t len, mw_platform_image **out)
{
    (void)data;
    (void)len;
    *out = NULL;
    return 0;
}

#endif

int mw_platform_image_map_at(mw_platform_image *img, void *addr, size_t len)
{
    int e = check_aligned(addr, len);
    if (e != 0 || len == 0)
        return e;
    void *p = mmap(addr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, image_fd(img), 0);
    return p == MAP_FAILED ? errno : 0;
}

void mw_platform_image_free(mw_platform_image *img)
{
    if (img != NULL)
        close(image_fd(img));
}

/* ------------------------------------------------------------ native code */

/* The compiler's __clear_cache does what the CPU needs for instruction fetch to see the
 * new bytes: nothing on x86-64, libgcc's or compiler-rt's cache maintenance on aarch64.
 * A system that refuses executable pages (a hardened runtime) fails the mprotect. */
int mw_platform_publish_code(void *addr, size_t size)
{
    if (check_aligned(addr, size) != 0)
        return -1;
    if (size == 0)
        return 0;
    if (mprotect(addr, size, PROT_READ | PROT_EXEC) != 0)
        return -1;
    __builtin___clear_cache((char *)addr, (char *)addr + size);
    return 0;
}

/* ------------------------------------------------------------ alternate stacks */

#define ALT_STACK_SIZE (64u * 1024u)
#define ALT_STACK_MIN (16u * 1024u)
#define ALT_GUARD (64u * 1024u)   /* a multiple of every page size */

static _Thread_local void *alt_mapping TLS_IE;
/* The calling thread has an alternate stack (ours or its own): mw_platform_setjmp, run
 * on every call into wasm, sets one up lazily when not, so embedders need not call
 * mw_posix_thread_init on each thread. A thread-specific key frees ours when the thread
 * exits. */
static _Thread_local bool alt_ready TLS_IE;
static pthread_once_t alt_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t alt_key;
static bool alt_key_ok;

static void alt_key_dtor(void *p)
{
    (void)p;
    mw_posix_thread_exit();
}

static void alt_key_create(void) { alt_key_ok = pthread_key_create(&alt_key, alt_key_dtor) == 0; }

int mw_posix_thread_init(void)
{
    stack_t cur;
    if (sigaltstack(NULL, &cur) != 0)
        return errno;
    if (!(cur.ss_flags & SS_DISABLE) && cur.ss_size >= ALT_STACK_MIN) {
        alt_ready = true;
        return 0;
    }
    if (cur.ss_flags & SS_ONSTACK)
        return EINVAL;
    size_t total = ALT_STACK_SIZE + ALT_GUARD;
    char *base = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return errno;
    int e = mprotect(base, ALT_GUARD, PROT_NONE) == 0 ? 0 : errno;
    if (e == 0) {
        stack_t ss;
        memset(&ss, 0, sizeof ss);
        ss.ss_sp = base + ALT_GUARD;
        ss.ss_size = ALT_STACK_SIZE;
        ss.ss_flags = 0;
        e = sigaltstack(&ss, NULL) == 0 ? 0 : errno;
    }
    if (e != 0) {
        munmap(base, total);
        return e;
    }
    void *old = alt_mapping;
    alt_mapping = base;
    if (old != NULL)
        munmap(old, total);
    alt_ready = true;
    /* Any non-NULL value makes the destructor run at thread exit. */
    pthread_once(&alt_key_once, alt_key_create);
    if (alt_key_ok)
        pthread_setspecific(alt_key, base);
    return 0;
}

void mw_posix_thread_exit(void)
{
    char *base = alt_mapping;
    if (base == NULL)
        return;
    stack_t cur;
    if (sigaltstack(NULL, &cur) != 0 || (cur.ss_flags & SS_ONSTACK))
        return;
    if (!(cur.ss_flags & SS_DISABLE) && (char *)cur.ss_sp == base + ALT_GUARD) {
        stack_t off;
        memset(&off, 0, sizeof off);
        off.ss_flags = SS_DISABLE;
        if (sigaltstack(&off, NULL) != 0)
            return;
    }
    munmap(base, ALT_STACK_SIZE + ALT_GUARD);
    alt_mapping = NULL;
    alt_ready = false;
}

/* ------------------------------------------------------------ the signal handler */

/* The faulting pc and frame pointer from the machine context, where we know it. */
static void context_pc_fp(void *context, uintptr_t *pc, uintptr_t *fp)
{
    ucontext_t *uc = context;
    *pc = 0;
    *fp = 0;
    (void)uc;
#if defined(__linux__) && defined(__x86_64__)
    *pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    *fp = (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
#elif defined(__linux__) && defined(__i386__)
    *pc = (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
    *fp = (uintptr_t)uc->uc_mcontext.gregs[REG_EBP];
#elif defined(__linux__) && defined(__aarch64__)
    *pc = (uintptr_t)uc->uc_mcontext.pc;
    *fp = (uintptr_t)uc->uc_mcontext.regs[29];
#elif defined(__linux__) && defined(__riscv)
    *pc = (uintptr_t)uc->uc_mcontext.__gregs[0];   /* REG_PC */
    *fp = (uintptr_t)uc->uc_mcontext.__gregs[8];   /* s0 */
#elif defined(__APPLE__) && defined(__x86_64__)
    *pc = (uintptr_t)uc->uc_mcontext->__ss.__rip;
    *fp = (uintptr_t)uc->uc_mcontext->__ss.__rbp;
#elif defined(__APPLE__) && defined(__aarch64__)
    *pc = (uintptr_t)uc->uc_mcontext->__ss.__pc;
    *fp = (uintptr_t)uc->uc_mcontext->__ss.__fp;
#elif defined(__FreeBSD__) && defined(__x86_64__)
    *pc = (uintptr_t)uc->uc_mcontext.mc_rip;
    *fp = (uintptr_t)uc->uc_mcontext.mc_rbp;
#elif defined(__FreeBSD__) && defined(__aarch64__)
    *pc = (uintptr_t)uc->uc_mcontext.mc_gpregs.gp_elr;
    *fp = (uintptr_t)uc->uc_mcontext.mc_gpregs.gp_x[29];
#endif
}

/* Was the signal raised by the CPU (a fault), not sent by a process? */
static bool from_fault(const siginfo_t *info, bool *has_addr)
{
#if defined(__linux__)
    *has_addr = info->si_code > 0 && info->si_code != SI_KERNEL;
    return info->si_code > 0;
#else
    *has_addr = true;
    return info->si_code != SI_USER
#  ifdef SI_QUEUE
           && info->si_code != SI_QUEUE
#  endif
#  ifdef SI_LWP
           && info->si_code != SI_LWP
#  endif
        ;
#endif
}

static _Atomic(mw_platform_trap_handler) core_handler;
static atomic_int install_state;   /* 0: not installed, 1: being installed, 2: installed */
static struct sigaction prev_segv, prev_bus;

static void on_fault(int sig, siginfo_t *info, void *context)
{
    int saved_errno = errno;
    bool has_addr;
    bool fault = from_fault(info, &has_addr);
    mw_platform_trap_handler h = atomic_load_explicit(&core_handler, memory_order_acquire);
    if (h != NULL && fault) {
        uintptr_t pc, fp;
        context_pc_fp(context, &pc, &fp);
        h(pc, fp, has_addr, (uintptr_t)info->si_addr);   /* no return if it was wasm's */
    }

    /* Not ours: behave as if minwasm were not there. */
    struct sigaction *prev = sig == SIGSEGV ? &prev_segv : &prev_bus;
    if (prev->sa_flags & SA_SIGINFO) {
        prev->sa_sigaction(sig, info, context);
    } else if (prev->sa_handler == SIG_IGN && !fault) {
        /* a signal somebody sent, which was ignored before us */
    } else if (prev->sa_handler == SIG_DFL || prev->sa_handler == SIG_IGN) {
        /* Put the old action back; a fault recurs when the instruction is retried and
         * gets the default action, a sent signal is raised again. */
        sigaction(sig, prev, NULL);
        if (!fault)
            raise(sig);
    } else {
        prev->sa_handler(sig);
    }
    errno = saved_errno;
}

int mw_platform_init_traps(mw_platform_trap_handler handler)
{
    if (handler == NULL)
        return EINVAL;
    int e = mw_posix_thread_init();
    if (e != 0)
        return e;
    atomic_store_explicit(&core_handler, handler, memory_order_release);
    for (;;) {
        int st = 0;
        if (atomic_compare_exchange_strong(&install_state, &st, 1)) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_sigaction = on_fault;
            sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
            sigemptyset(&sa.sa_mask);
            e = sigaction(SIGSEGV, &sa, &prev_segv) == 0 ? 0 : errno;
            if (e == 0 && sigaction(SIGBUS, &sa, &prev_bus) != 0) {
                e = errno;
                sigaction(SIGSEGV, &prev_segv, NULL);
            }
            atomic_store(&install_state, e == 0 ? 2 : 0);
            return e;
        }
        if (st == 2)
            return 0;
        while (atomic_load(&install_state) == 1)
            sched_yield();
    }
}

/* ------------------------------------------------------------ setjmp / longjmp */

/*
 * sigsetjmp(.., 0) saves no signal mask (no system call): the handler is installed with
 * SA_NODEFER, so jumping out of it leaves the mask as it was. The buffer lives in this
 * frame, which stays alive while fn runs.
 */
int mw_platform_setjmp(void **jmpbuf, void (*fn)(void *arg), void *arg)
{
    if (!alt_ready)
        (void)mw_posix_thread_init();   /* on failure a fault past the stack stays fatal */
    sigjmp_buf buf;
    if (sigsetjmp(buf, 0) != 0)
        return 1;
    *jmpbuf = (void *)buf;
    fn(arg);
    return 0;
}

void mw_platform_longjmp(void *jmpbuf)
{
    /* sigjmp_buf is an array type; jmpbuf points at its first element. */
    siglongjmp(*(sigjmp_buf *)jmpbuf, 1);
}

/* ------------------------------------------------------------ thread-local storage */

static _Thread_local void *tls_slot TLS_IE;

void *mw_platform_tls_get(void) { return tls_slot; }

void mw_platform_tls_set(void *ptr) { tls_slot = ptr; }
