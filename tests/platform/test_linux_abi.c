/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_linux_abi.c — checks platform/linux/linux_abi.h (written from the kernel's UAPI
 * documentation) against the C library's view of the same ABI on this architecture:
 * system call numbers, flag values, and the layout of the signal context, including a
 * live signal whose pc and frame pointer are read both ways.
 * Ends with "N passed, N failed".
 */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "linux_abi.h"

static int n_pass, n_fail;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond)                                                                    \
            n_pass++;                                                                \
        else {                                                                       \
            n_fail++;                                                                \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
        }                                                                            \
    } while (0)

static volatile uintptr_t seen_pc[2], seen_fp[2], seen_addr[2];

static void handler(int sig, siginfo_t *info, void *ctx)
{
    (void)sig;
    ucontext_t *uc = ctx;
    struct mwl_ucontext *mine = ctx;
    struct mwl_siginfo *mi = (struct mwl_siginfo *)(void *)info;
#if defined(__x86_64__)
    seen_pc[0] = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    seen_fp[0] = (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
#else
    seen_pc[0] = (uintptr_t)uc->uc_mcontext.pc;
    seen_fp[0] = (uintptr_t)uc->uc_mcontext.regs[29];
#endif
    seen_pc[1] = (uintptr_t)MWL_UC_PC(mine);
    seen_fp[1] = (uintptr_t)MWL_UC_FP(mine);
    seen_addr[0] = (uintptr_t)info->si_addr;
    seen_addr[1] = (uintptr_t)mi->addr;
    /* skip the faulting access by making the page readable */
    mprotect((void *)((uintptr_t)info->si_addr & ~(uintptr_t)4095), 4096, PROT_READ);
}

int main(void)
{
    /* system calls */
    CHECK(MWL_SYS_close == SYS_close);
    CHECK(MWL_SYS_mmap == SYS_mmap);
    CHECK(MWL_SYS_mprotect == SYS_mprotect);
    CHECK(MWL_SYS_munmap == SYS_munmap);
    CHECK(MWL_SYS_madvise == SYS_madvise);
    CHECK(MWL_SYS_rt_sigaction == SYS_rt_sigaction);
    CHECK(MWL_SYS_rt_sigreturn == SYS_rt_sigreturn);
    CHECK(MWL_SYS_pwrite64 == SYS_pwrite64);
    CHECK(MWL_SYS_sched_yield == SYS_sched_yield);
    CHECK(MWL_SYS_getpid == SYS_getpid);
    CHECK(MWL_SYS_gettid == SYS_gettid);
    CHECK(MWL_SYS_tgkill == SYS_tgkill);
    CHECK(MWL_SYS_fcntl == SYS_fcntl);
    CHECK(MWL_SYS_ftruncate == SYS_ftruncate);
    CHECK(MWL_SYS_sigaltstack == SYS_sigaltstack);
    CHECK(MWL_SYS_memfd_create == SYS_memfd_create);

    /* flags */
    CHECK(MWL_PROT_READ == PROT_READ && MWL_PROT_WRITE == PROT_WRITE && MWL_PROT_NONE == PROT_NONE);
    CHECK(MWL_PROT_EXEC == PROT_EXEC);
    CHECK(MWL_MAP_PRIVATE == MAP_PRIVATE && MWL_MAP_FIXED == MAP_FIXED &&
          MWL_MAP_ANONYMOUS == MAP_ANONYMOUS && MWL_MAP_NORESERVE == MAP_NORESERVE &&
          MWL_MAP_SHARED == MAP_SHARED);
    CHECK(MWL_MADV_DONTNEED == MADV_DONTNEED);
    CHECK(MWL_MFD_CLOEXEC == MFD_CLOEXEC && MWL_MFD_ALLOW_SEALING == MFD_ALLOW_SEALING);
    CHECK(MWL_F_ADD_SEALS == F_ADD_SEALS && MWL_F_SEAL_SEAL == F_SEAL_SEAL &&
          MWL_F_SEAL_SHRINK == F_SEAL_SHRINK && MWL_F_SEAL_GROW == F_SEAL_GROW &&
          MWL_F_SEAL_WRITE == F_SEAL_WRITE);
    CHECK(MWL_SIGBUS == SIGBUS && MWL_SIGSEGV == SIGSEGV);
    CHECK(MWL_SA_SIGINFO == SA_SIGINFO && MWL_SA_ONSTACK == SA_ONSTACK &&
          MWL_SA_NODEFER == SA_NODEFER && MWL_SA_RESETHAND == SA_RESETHAND);
#ifdef SA_RESTORER
    CHECK(MWL_SA_RESTORER == SA_RESTORER);
#endif
    CHECK(MWL_SS_ONSTACK == SS_ONSTACK && MWL_SS_DISABLE == SS_DISABLE);

    /* layouts */
    CHECK(sizeof(struct mwl_stack) == sizeof(stack_t));
    CHECK(offsetof(struct mwl_stack, flags) == offsetof(stack_t, ss_flags));
    CHECK(offsetof(struct mwl_stack, size) == offsetof(stack_t, ss_size));
    CHECK(offsetof(struct mwl_siginfo, code) == offsetof(siginfo_t, si_code));
    CHECK(offsetof(struct mwl_siginfo, addr) == offsetof(siginfo_t, si_addr));
    CHECK(offsetof(struct mwl_ucontext, stack) == offsetof(ucontext_t, uc_stack));
    CHECK(offsetof(struct mwl_ucontext, mcontext) == offsetof(ucontext_t, uc_mcontext));
#if defined(__x86_64__)
    CHECK(offsetof(struct mwl_ucontext, mcontext.rip) ==
          offsetof(ucontext_t, uc_mcontext.gregs) + REG_RIP * sizeof(greg_t));
    CHECK(offsetof(struct mwl_ucontext, mcontext.rbp) ==
          offsetof(ucontext_t, uc_mcontext.gregs) + REG_RBP * sizeof(greg_t));
#else
    CHECK(offsetof(struct mwl_ucontext, mcontext.pc) == offsetof(ucontext_t, uc_mcontext.pc));
    CHECK(offsetof(struct mwl_ucontext, mcontext.regs) ==
          offsetof(ucontext_t, uc_mcontext.regs));
    CHECK(offsetof(struct mwl_ucontext, mcontext.fault_address) ==
          offsetof(ucontext_t, uc_mcontext.fault_address));
#endif

    /* a live fault, read through both views */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    char *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    volatile char *vp = p + 123;
    (void)*vp;
    CHECK(seen_addr[0] == (uintptr_t)(p + 123) && seen_addr[1] == seen_addr[0]);
    CHECK(seen_pc[0] != 0 && seen_pc[1] == seen_pc[0]);
    CHECK(seen_fp[1] == seen_fp[0]);

    /* the raw system call layer */
    long r = mwl_syscall6(MWL_SYS_mmap, 0, 4096, MWL_PROT_READ | MWL_PROT_WRITE,
                          MWL_MAP_PRIVATE | MWL_MAP_ANONYMOUS, -1, 0);
    CHECK(!mwl_is_err(r));
    CHECK(mwl_err(mwl_syscall2(MWL_SYS_munmap, r, 4096)) == 0);
    CHECK(mwl_err(mwl_syscall3(MWL_SYS_mprotect, 1, 4096, 0)) == MWL_EINVAL);
    CHECK(mwl_syscall0(MWL_SYS_getpid) == (long)getpid());

    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail == 0 ? 0 : 1;
}
