/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * linux_abi.h — the pieces of the Linux kernel ABI that platform/linux uses, written
 * from the kernel's UAPI documentation (system call numbers, flag values, structure
 * layouts) for x86-64 and aarch64. Private to platform/linux; no libc header is used.
 *
 * Every name is prefixed with mwl_/MWL_ so this header can be included next to libc's
 * headers (tests/platform/test_linux_abi.c compares the layouts with libc's).
 */
#ifndef MINWASM_LINUX_ABI_H
#define MINWASM_LINUX_ABI_H

#include <stddef.h>
#include <stdint.h>

#if !defined(__x86_64__) && !defined(__aarch64__)
#  error "platform/linux supports x86-64 and aarch64"
#endif

/* ------------------------------------------------------------ system call numbers */

#if defined(__x86_64__)
#  define MWL_SYS_close 3
#  define MWL_SYS_mmap 9
#  define MWL_SYS_mprotect 10
#  define MWL_SYS_munmap 11
#  define MWL_SYS_rt_sigaction 13
#  define MWL_SYS_rt_sigreturn 15
#  define MWL_SYS_pwrite64 18
#  define MWL_SYS_sched_yield 24
#  define MWL_SYS_madvise 28
#  define MWL_SYS_getpid 39
#  define MWL_SYS_fcntl 72
#  define MWL_SYS_ftruncate 77
#  define MWL_SYS_sigaltstack 131
#  define MWL_SYS_gettid 186
#  define MWL_SYS_tgkill 234
#  define MWL_SYS_memfd_create 319
#else /* aarch64: the generic table */
#  define MWL_SYS_fcntl 25
#  define MWL_SYS_ftruncate 46
#  define MWL_SYS_close 57
#  define MWL_SYS_pwrite64 68
#  define MWL_SYS_sched_yield 124
#  define MWL_SYS_tgkill 131
#  define MWL_SYS_sigaltstack 132
#  define MWL_SYS_rt_sigaction 134
#  define MWL_SYS_rt_sigreturn 139
#  define MWL_SYS_getpid 172
#  define MWL_SYS_gettid 178
#  define MWL_SYS_munmap 215
#  define MWL_SYS_mmap 222
#  define MWL_SYS_mprotect 226
#  define MWL_SYS_madvise 233
#  define MWL_SYS_memfd_create 279
#endif

/* ------------------------------------------------------------ system calls */

/*
 * A raw system call returns the result, or -errno in [-4095, -1] on failure.
 * x86-64: number in rax, arguments in rdi rsi rdx r10 r8 r9; the instruction clobbers
 * rcx and r11. aarch64: number in x8, arguments and result in x0..x5.
 */
#if defined(__x86_64__)

static inline long mwl_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

#else

static inline long mwl_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory");
    return x0;
}

#endif

static inline long mwl_syscall0(long n) { return mwl_syscall6(n, 0, 0, 0, 0, 0, 0); }
static inline long mwl_syscall1(long n, long a) { return mwl_syscall6(n, a, 0, 0, 0, 0, 0); }
static inline long mwl_syscall2(long n, long a, long b) { return mwl_syscall6(n, a, b, 0, 0, 0, 0); }
static inline long mwl_syscall3(long n, long a, long b, long c)
{
    return mwl_syscall6(n, a, b, c, 0, 0, 0);
}
static inline long mwl_syscall4(long n, long a, long b, long c, long d)
{
    return mwl_syscall6(n, a, b, c, d, 0, 0);
}

/* A failed call returns -errno; turn a result into 0 or the (positive) errno. */
static inline int mwl_err(long r)
{
    return (unsigned long)r > (unsigned long)-4096L ? (int)-r : 0;
}
static inline int mwl_is_err(long r) { return (unsigned long)r > (unsigned long)-4096L; }

/* errno values used here (the same on x86-64 and aarch64) */
#define MWL_EINTR 4
#define MWL_EBADF 9
#define MWL_EAGAIN 11
#define MWL_ENOMEM 12
#define MWL_EFAULT 14
#define MWL_EINVAL 22
#define MWL_ENOSYS 38

/* ------------------------------------------------------------ memory */

#define MWL_PROT_NONE 0
#define MWL_PROT_READ 1
#define MWL_PROT_WRITE 2
#define MWL_PROT_EXEC 4

#define MWL_MAP_SHARED 0x01
#define MWL_MAP_PRIVATE 0x02
#define MWL_MAP_FIXED 0x10
#define MWL_MAP_ANONYMOUS 0x20
#define MWL_MAP_NORESERVE 0x4000

#define MWL_MADV_DONTNEED 4

#define MWL_MFD_CLOEXEC 0x0001u
#define MWL_MFD_ALLOW_SEALING 0x0002u

#define MWL_F_ADD_SEALS 1033
#define MWL_F_SEAL_SEAL 0x0001
#define MWL_F_SEAL_SHRINK 0x0002
#define MWL_F_SEAL_GROW 0x0004
#define MWL_F_SEAL_WRITE 0x0008

/* ------------------------------------------------------------ signals */

#define MWL_SIGBUS 7
#define MWL_SIGSEGV 11

#define MWL_SIG_DFL 0ul
#define MWL_SIG_IGN 1ul

#define MWL_SA_SIGINFO 0x00000004ul
#define MWL_SA_RESTORER 0x04000000ul
#define MWL_SA_ONSTACK 0x08000000ul
#define MWL_SA_NODEFER 0x40000000ul
#define MWL_SA_RESETHAND 0x80000000ul

#define MWL_SS_ONSTACK 1
#define MWL_SS_DISABLE 2

/* The kernel's sigset_t is 64 bits on both architectures (_NSIG = 64). */
#define MWL_SIGSET_SIZE 8

/* struct sigaction as rt_sigaction sees it (not libc's, whose mask is 128 bytes). */
struct mwl_sigaction {
    void *handler;            /* sa_handler / sa_sigaction, or SIG_DFL / SIG_IGN */
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

/* stack_t */
struct mwl_stack {
    void *sp;
    int flags;
    size_t size;
};

/* siginfo_t: signo, errno, code, then (on 64-bit, 8-aligned) the union; for SIGSEGV
 * and SIGBUS the union starts with the faulting address. 128 bytes in all. */
struct mwl_siginfo {
    int signo;
    int err;
    int code;
    int pad_;
    void *addr;
};

#if defined(__x86_64__)

/* struct sigcontext (the kernel's 64-bit layout): general registers in this order. */
struct mwl_sigcontext {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
    uint64_t eflags;
    uint16_t cs, gs, fs, ss_;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;
    uint64_t reserved1[8];
};

struct mwl_ucontext {
    unsigned long flags;
    struct mwl_ucontext *link;
    struct mwl_stack stack;
    struct mwl_sigcontext mcontext;
    uint64_t sigmask;
};

#  define MWL_UC_PC(uc) ((uc)->mcontext.rip)
#  define MWL_UC_FP(uc) ((uc)->mcontext.rbp)

#else

/* struct sigcontext: fault address, x0..x30, sp, pc, pstate, then 4 KiB of extra
 * (FP/SIMD, SVE...) records, 16-byte aligned. */
struct mwl_sigcontext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp;
    uint64_t pc;
    uint64_t pstate;
    uint8_t reserved[4096] __attribute__((aligned(16)));
};

/* struct ucontext: the signal mask is padded to 1024 bits before the machine context. */
struct mwl_ucontext {
    unsigned long flags;
    struct mwl_ucontext *link;
    struct mwl_stack stack;
    uint64_t sigmask;
    uint8_t unused_[1024 / 8 - sizeof(uint64_t)];
    struct mwl_sigcontext mcontext;
};

#  define MWL_UC_PC(uc) ((uc)->mcontext.pc)
#  define MWL_UC_FP(uc) ((uc)->mcontext.regs[29])

#endif

/* Layout checks against the kernel's documented offsets. */
_Static_assert(sizeof(struct mwl_sigaction) == 32, "kernel struct sigaction");
_Static_assert(sizeof(struct mwl_stack) == 24, "stack_t");
_Static_assert(offsetof(struct mwl_siginfo, addr) == 16, "siginfo si_addr");
#if defined(__x86_64__)
_Static_assert(offsetof(struct mwl_ucontext, mcontext) == 40, "uc_mcontext");
_Static_assert(offsetof(struct mwl_ucontext, mcontext.rbp) == 40 + 10 * 8, "rbp");
_Static_assert(offsetof(struct mwl_ucontext, mcontext.rip) == 40 + 16 * 8, "rip");
_Static_assert(sizeof(struct mwl_sigcontext) == 256, "struct sigcontext");
#else
_Static_assert(offsetof(struct mwl_ucontext, mcontext) == 176, "uc_mcontext");
_Static_assert(offsetof(struct mwl_ucontext, mcontext.regs) == 184, "regs");
_Static_assert(offsetof(struct mwl_ucontext, mcontext.pc) == 184 + 32 * 8, "pc");
#endif

#endif
