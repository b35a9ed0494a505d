/*
 * start.S — boot of the riscv64 kernel on qemu's virt machine, started in M-mode at
 * 0x80000000 with -bios none. Hart 0 runs; the others park. M-mode only hands the
 * machine to S-mode, where the kernel runs with Sv39 paging: all physical memory
 * accessible (PMP), every exception delegated to S-mode, the FPU on.
 */
    .section .text.boot, "ax"
    .global _start
_start:
    csrr    t0, mhartid
    bnez    t0, park
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, __stack_top

    /* PMP entry 0: NAPOT over the whole address space, RWX (else S-mode sees nothing) */
    li      t0, -1
    csrw    pmpaddr0, t0
    li      t0, 0x1f
    csrw    pmpcfg0, t0
    /* every exception to S-mode (its page faults are the kernel's); no interrupt used */
    li      t0, 0xffff
    csrw    medeleg, t0
    csrw    mideleg, zero
    csrw    mie, zero
    csrw    satp, zero
    /* mret to S-mode (MPP = 01) with the FPU on (FS = initial) */
    li      t0, (3 << 11)
    csrc    mstatus, t0
    li      t0, (1 << 11) | (1 << 13)
    csrs    mstatus, t0
    la      t0, s_entry
    csrw    mepc, t0
    mret

s_entry:
    /* zero .bss (the 'none' build's arena is in it) */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  call    kernel_main
park:
    wfi
    j       park
