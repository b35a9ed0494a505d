/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * traps.c — the native-traps group of the platform API on raw Linux system calls:
 * SIGSEGV/SIGBUS handlers installed with rt_sigaction, an alternate signal stack per
 * thread, the signal restorer, and the bridge to the core's fault handler
 * (setjmp/longjmp are in jmp.S).
 *
 * Only async-signal-safe work happens in the signal handler: reading the context,
 * calling the core's handler, and system calls.
 */
#include "minwasm_platform.h"
#include "minwasm_linux.h"
#include "linux_abi.h"

/* The restorer the kernel returns to when a handler returns, with the stack pointer
 * at the signal frame: it only calls rt_sigreturn. */
void mwl_restorer(void) __attribute__((visibility("hidden")));
#if defined(__x86_64__)
__asm__(".text\n"
        ".p2align 4\n"
        ".type mwl_restorer, @function\n"
        "mwl_restorer:\n"
        "    movl $15, %eax\n"   /* rt_sigreturn */
        "    syscall\n"
        "    hlt\n"
        ".size mwl_restorer, .-mwl_restorer\n");
#else
__asm__(".text\n"
        ".p2align 2\n"
        ".type mwl_restorer, %function\n"
        "mwl_restorer:\n"
        "    mov x8, #139\n"     /* rt_sigreturn */
        "    svc #0\n"
        "    brk #0\n"
        ".size mwl_restorer, .-mwl_restorer\n");
#endif

#define TLS_IE __attribute__((tls_model("initial-exec")))

/* ------------------------------------------------------------ alternate stacks */

/* The usable size of the stacks we allocate, and the smallest existing alternate stack
 * we accept instead of ours. The kernel's frame (with FP/SIMD/AVX state) takes a few
 * KiB; the rest is for our handler and the core's. */
#define ALT_STACK_SIZE (64u * 1024u)
#define ALT_STACK_MIN (16u * 1024u)
/* The inaccessible guard below it: 64 KiB is a multiple of every page size. */
#define ALT_GUARD (64u * 1024u)

/* This thread's stack from mw_linux_thread_init (its guard page included), or NULL. */
static __thread void *alt_mapping TLS_IE;

int mw_linux_thread_init(void)
{
    struct mwl_stack cur;
    long r = mwl_syscall2(MWL_SYS_sigaltstack, 0, (long)&cur);
    if (mwl_is_err(r))
        return mwl_err(r);
    if (!(cur.flags & MWL_SS_DISABLE) && cur.size >= ALT_STACK_MIN)
        return 0;   /* ours from an earlier call, or the application's */
    if (cur.flags & MWL_SS_ONSTACK)
        return MWL_EINVAL;   /* running on a (too small) alternate stack: cannot switch */

    size_t ps = ALT_GUARD;
    size_t total = ALT_STACK_SIZE + ps;   /* the guard is below: stacks grow down */
    long base = mwl_syscall6(MWL_SYS_mmap, 0, (long)total, MWL_PROT_READ | MWL_PROT_WRITE,
                             MWL_MAP_PRIVATE | MWL_MAP_ANONYMOUS, -1, 0);
    if (mwl_is_err(base))
        return mwl_err(base);
    int e = mwl_err(mwl_syscall3(MWL_SYS_mprotect, base, (long)ps, MWL_PROT_NONE));
    if (e == 0) {
        struct mwl_stack ss;
        ss.sp = (void *)(base + (long)ps);
        ss.flags = 0;
        ss.size = ALT_STACK_SIZE;
        e = mwl_err(mwl_syscall2(MWL_SYS_sigaltstack, (long)&ss, 0));
    }
    if (e != 0) {
        mwl_syscall2(MWL_SYS_munmap, base, (long)total);
        return e;
    }
    void *old = alt_mapping;
    alt_mapping = (void *)base;
    if (old != NULL)   /* an earlier stack of ours that someone replaced by a small one */
        mwl_syscall2(MWL_SYS_munmap, (long)old, (long)total);
    return 0;
}

void mw_linux_thread_exit(void)
{
    void *base = alt_mapping;
    if (base == NULL)
        return;
    size_t ps = ALT_GUARD;
    struct mwl_stack cur;
    if (mwl_is_err(mwl_syscall2(MWL_SYS_sigaltstack, 0, (long)&cur)) ||
        (cur.flags & MWL_SS_ONSTACK))
        return;
    if (!(cur.flags & MWL_SS_DISABLE) && cur.sp == (char *)base + ps) {
        struct mwl_stack off;
        off.sp = NULL;
        off.flags = MWL_SS_DISABLE;
        off.size = 0;
        if (mwl_is_err(mwl_syscall2(MWL_SYS_sigaltstack, (long)&off, 0)))
            return;
    }
    mwl_syscall2(MWL_SYS_munmap, (long)base, (long)(ALT_STACK_SIZE + ps));
    alt_mapping = NULL;
}

/* ------------------------------------------------------------ the signal handler */

static mw_platform_trap_handler core_handler;

/* 0: not installed, 1: being installed by some thread, 2: installed. */
static int install_state;
/* The actions found at install time, for faults that are not the core's. */
static struct mwl_sigaction prev_segv, prev_bus;

/* si_code values: > 0 comes from the kernel; SI_KERNEL (0x80) is a fault without a
 * meaningful address (e.g. a non-canonical address on x86-64). */
#define MWL_SI_KERNEL 0x80

static void on_fault(int sig, struct mwl_siginfo *info, void *context)
{
    struct mwl_ucontext *uc = context;
    bool from_kernel = info->code > 0;
    mw_platform_trap_handler h = __atomic_load_n(&core_handler, __ATOMIC_ACQUIRE);

    /* A synchronous fault: let the core look at it. It does not return if the fault was
     * an out-of-bounds wasm access. */
    if (h != NULL && from_kernel)
        h((uintptr_t)MWL_UC_PC(uc), (uintptr_t)MWL_UC_FP(uc), info->code != MWL_SI_KERNEL,
          (uintptr_t)info->addr);

    /* Not ours: behave as if minwasm were not there. */
    struct mwl_sigaction *prev = sig == MWL_SIGSEGV ? &prev_segv : &prev_bus;
    uintptr_t ph = (uintptr_t)prev->handler;
    if (ph == MWL_SIG_IGN && !from_kernel)
        return;   /* a signal somebody sent, which was ignored before us */
    if (ph == MWL_SIG_DFL || ph == MWL_SIG_IGN) {
        /* Put the old action back. A fault then happens again when the instruction is
         * retried, and the kernel applies the default action (a core dump); a signal
         * somebody sent is sent again (it is not blocked: SA_NODEFER). */
        mwl_syscall4(MWL_SYS_rt_sigaction, sig, (long)prev, 0, MWL_SIGSET_SIZE);
        if (!from_kernel)
            mwl_syscall3(MWL_SYS_tgkill, mwl_syscall0(MWL_SYS_getpid),
                         mwl_syscall0(MWL_SYS_gettid), sig);
        return;
    }
    if (prev->flags & MWL_SA_SIGINFO)
        ((void (*)(int, void *, void *))ph)(sig, info, context);
    else
        ((void (*)(int))ph)(sig);
}

static int set_action(int sig, const struct mwl_sigaction *act, struct mwl_sigaction *old)
{
    return mwl_err(mwl_syscall4(MWL_SYS_rt_sigaction, sig, (long)act, (long)old,
                                MWL_SIGSET_SIZE));
}

int mw_platform_init_traps(mw_platform_trap_handler handler)
{
    if (handler == NULL)
        return MWL_EINVAL;
    int e = mw_linux_thread_init();
    if (e != 0)
        return e;
    __atomic_store_n(&core_handler, handler, __ATOMIC_RELEASE);

    for (;;) {
        int st = 0;
        if (__atomic_compare_exchange_n(&install_state, &st, 1, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            struct mwl_sigaction sa;
            sa.handler = (void *)on_fault;
            sa.flags = MWL_SA_SIGINFO | MWL_SA_ONSTACK | MWL_SA_NODEFER | MWL_SA_RESTORER;
            sa.restorer = mwl_restorer;
            sa.mask = 0;
            e = set_action(MWL_SIGSEGV, &sa, &prev_segv);
            if (e == 0) {
                e = set_action(MWL_SIGBUS, &sa, &prev_bus);
                if (e != 0)
                    set_action(MWL_SIGSEGV, &prev_segv, NULL);
            }
            __atomic_store_n(&install_state, e == 0 ? 2 : 0, __ATOMIC_RELEASE);
            return e;
        }
        if (st == 2)
            return 0;   /* already installed: repeated calls are harmless */
        while (__atomic_load_n(&install_state, __ATOMIC_ACQUIRE) == 1)
            mwl_syscall0(MWL_SYS_sched_yield);
    }
}
