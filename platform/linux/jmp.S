/*
 * jmp.S — mw_platform_setjmp and mw_platform_longjmp for x86-64 and aarch64
 * (ELF, System V / AAPCS64 calling conventions).
 *
 * mw_platform_setjmp(void **jmpbuf, void (*fn)(void *), void *arg) pushes the
 * callee-saved registers on its own stack frame, stores the resulting stack pointer in
 * *jmpbuf and calls fn(arg). The jump buffer is therefore the frame itself: it needs no
 * storage of its own and is valid exactly while mw_platform_setjmp runs.
 * mw_platform_longjmp(jmpbuf) reloads that stack pointer and returns 1 through the
 * common epilogue, which restores the callee-saved registers and the return address.
 */

#if defined(__x86_64__)

    .text
    .globl mw_platform_setjmp
    .type mw_platform_setjmp, @function
    .p2align 4
mw_platform_setjmp:
    /* rdi = jmpbuf, rsi = fn, rdx = arg. Entry: rsp = 8 (mod 16). */
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp               /* 7 pushes: rsp = 0 (mod 16) for the call */
    movq %rsp, (%rdi)
    movq %rdx, %rdi
    callq *%rsi
    xorl %eax, %eax
.Lx86_return:
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    retq
    .size mw_platform_setjmp, .-mw_platform_setjmp

    .globl mw_platform_longjmp
    .type mw_platform_longjmp, @function
    .p2align 4
mw_platform_longjmp:
    movq %rdi, %rsp
    movl $1, %eax
    jmp .Lx86_return
    .size mw_platform_longjmp, .-mw_platform_longjmp


#elif defined(__aarch64__)

    .text
    .globl mw_platform_setjmp
    .type mw_platform_setjmp, %function
    .p2align 2
mw_platform_setjmp:
    /* x0 = jmpbuf, x1 = fn, x2 = arg */
    hint #34                    /* bti c (a no-op without BTI) */
    stp x29, x30, [sp, #-160]!
    mov x29, sp
    stp x19, x20, [sp, #16]
    stp x21, x22, [sp, #32]
    stp x23, x24, [sp, #48]
    stp x25, x26, [sp, #64]
    stp x27, x28, [sp, #80]
    stp d8, d9, [sp, #96]
    stp d10, d11, [sp, #112]
    stp d12, d13, [sp, #128]
    stp d14, d15, [sp, #144]
    mov x3, sp
    str x3, [x0]
    mov x0, x2
    blr x1
    mov w0, #0
.La64_return:
    ldp x19, x20, [sp, #16]
    ldp x21, x22, [sp, #32]
    ldp x23, x24, [sp, #48]
    ldp x25, x26, [sp, #64]
    ldp x27, x28, [sp, #80]
    ldp d8, d9, [sp, #96]
    ldp d10, d11, [sp, #112]
    ldp d12, d13, [sp, #128]
    ldp d14, d15, [sp, #144]
    ldp x29, x30, [sp], #160
    ret
    .size mw_platform_setjmp, .-mw_platform_setjmp

    .globl mw_platform_longjmp
    .type mw_platform_longjmp, %function
    .p2align 2
mw_platform_longjmp:
    hint #34
    mov sp, x0
    mov w0, #1
    b .La64_return
    .size mw_platform_longjmp, .-mw_platform_longjmp


#else
#  error "platform/linux/jmp.S supports x86-64 and aarch64"
#endif

    .section .note.GNU-stack, "", %progbits
