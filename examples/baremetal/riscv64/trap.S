/*
 * trap.S — the S-mode trap vector. Exceptions are taken on a stack of their own (its
 * top in sscratch), so a fault is handled whatever the interrupted stack holds. All
 * integer registers are saved in a frame (struct trap_frame in kernel.h); kernel_trap
 * (kernel.c) either resolves the fault and returns here, which resumes the faulting
 * instruction, or turns it into a wasm trap and never comes back (mw_platform_longjmp).
 * sscratch is restored before kernel_trap runs, so leaving by a jump is fine.
 */
#define FRAME (32 * 8)
    .section .text.trap, "ax"
    .balign 4
    .global trap_vector
trap_vector:
    csrrw   sp, sscratch, sp        /* sp = trap stack, sscratch = interrupted sp */
    addi    sp, sp, -FRAME
    sd      x1, 1*8(sp)
    sd      x3, 3*8(sp)
    sd      x4, 4*8(sp)
    sd      x5, 5*8(sp)
    sd      x6, 6*8(sp)
    sd      x7, 7*8(sp)
    sd      x8, 8*8(sp)
    sd      x9, 9*8(sp)
    sd      x10, 10*8(sp)
    sd      x11, 11*8(sp)
    sd      x12, 12*8(sp)
    sd      x13, 13*8(sp)
    sd      x14, 14*8(sp)
    sd      x15, 15*8(sp)
    sd      x16, 16*8(sp)
    sd      x17, 17*8(sp)
    sd      x18, 18*8(sp)
    sd      x19, 19*8(sp)
    sd      x20, 20*8(sp)
    sd      x21, 21*8(sp)
    sd      x22, 22*8(sp)
    sd      x23, 23*8(sp)
    sd      x24, 24*8(sp)
    sd      x25, 25*8(sp)
    sd      x26, 26*8(sp)
    sd      x27, 27*8(sp)
    sd      x28, 28*8(sp)
    sd      x29, 29*8(sp)
    sd      x30, 30*8(sp)
    sd      x31, 31*8(sp)
    csrr    t0, sscratch
    sd      t0, 2*8(sp)             /* the interrupted sp */
    addi    t0, sp, FRAME
    csrw    sscratch, t0            /* the trap stack again, for the next trap */
    mv      a0, sp
    call    kernel_trap
    ld      x1, 1*8(sp)
    ld      x3, 3*8(sp)
    ld      x4, 4*8(sp)
    ld      x5, 5*8(sp)
    ld      x6, 6*8(sp)
    ld      x7, 7*8(sp)
    ld      x8, 8*8(sp)
    ld      x9, 9*8(sp)
    ld      x10, 10*8(sp)
    ld      x11, 11*8(sp)
    ld      x12, 12*8(sp)
    ld      x13, 13*8(sp)
    ld      x14, 14*8(sp)
    ld      x15, 15*8(sp)
    ld      x16, 16*8(sp)
    ld      x17, 17*8(sp)
    ld      x18, 18*8(sp)
    ld      x19, 19*8(sp)
    ld      x20, 20*8(sp)
    ld      x21, 21*8(sp)
    ld      x22, 22*8(sp)
    ld      x23, 23*8(sp)
    ld      x24, 24*8(sp)
    ld      x25, 25*8(sp)
    ld      x26, 26*8(sp)
    ld      x27, 27*8(sp)
    ld      x28, 28*8(sp)
    ld      x29, 29*8(sp)
    ld      x30, 30*8(sp)
    ld      x31, 31*8(sp)
    ld      x2, 2*8(sp)
    sret
