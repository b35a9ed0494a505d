/*
 * jmp.S — mw_platform_setjmp / mw_platform_longjmp for riscv64 (lp64d), in the
 * callback style of include/minwasm_platform.h: setjmp saves the callee-saved
 * registers (ra, s0-s11, fs0-fs11) in its own frame, and the jump buffer is that
 * frame's stack pointer; longjmp reloads it and leaves through the same epilogue with
 * 1 as the result.
 */
#define FRAME 208
    .text
    .balign 4
    .global mw_platform_setjmp
    .type mw_platform_setjmp, @function
mw_platform_setjmp:             /* a0 = void **jmpbuf, a1 = fn, a2 = arg */
    addi    sp, sp, -FRAME
    sd      ra, 0(sp)
    sd      s0, 8(sp)
    sd      s1, 16(sp)
    sd      s2, 24(sp)
    sd      s3, 32(sp)
    sd      s4, 40(sp)
    sd      s5, 48(sp)
    sd      s6, 56(sp)
    sd      s7, 64(sp)
    sd      s8, 72(sp)
    sd      s9, 80(sp)
    sd      s10, 88(sp)
    sd      s11, 96(sp)
    fsd     fs0, 104(sp)
    fsd     fs1, 112(sp)
    fsd     fs2, 120(sp)
    fsd     fs3, 128(sp)
    fsd     fs4, 136(sp)
    fsd     fs5, 144(sp)
    fsd     fs6, 152(sp)
    fsd     fs7, 160(sp)
    fsd     fs8, 168(sp)
    fsd     fs9, 176(sp)
    fsd     fs10, 184(sp)
    fsd     fs11, 192(sp)
    sd      sp, 0(a0)
    mv      a0, a2
    jalr    a1
    li      a0, 0
.Lrestore:
    ld      ra, 0(sp)
    ld      s0, 8(sp)
    ld      s1, 16(sp)
    ld      s2, 24(sp)
    ld      s3, 32(sp)
    ld      s4, 40(sp)
    ld      s5, 48(sp)
    ld      s6, 56(sp)
    ld      s7, 64(sp)
    ld      s8, 72(sp)
    ld      s9, 80(sp)
    ld      s10, 88(sp)
    ld      s11, 96(sp)
    fld     fs0, 104(sp)
    fld     fs1, 112(sp)
    fld     fs2, 120(sp)
    fld     fs3, 128(sp)
    fld     fs4, 136(sp)
    fld     fs5, 144(sp)
    fld     fs6, 152(sp)
    fld     fs7, 160(sp)
    fld     fs8, 168(sp)
    fld     fs9, 176(sp)
    fld     fs10, 184(sp)
    fld     fs11, 192(sp)
    addi    sp, sp, FRAME
    ret
    .size mw_platform_setjmp, . - mw_platform_setjmp

    .global mw_platform_longjmp
    .type mw_platform_longjmp, @function
mw_platform_longjmp:            /* a0 = the jump buffer: setjmp's stack pointer */
    mv      sp, a0
    li      a0, 1
    j       .Lrestore
    .size mw_platform_longjmp, . - mw_platform_longjmp
