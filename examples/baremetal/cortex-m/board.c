/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * board.c — Cortex-M firmware for qemu-system-arm's mps2-an386 (Cortex-M4 with FPU):
 * the vector table, the reset handler (C runtime set-up: .data copied from flash, .bss
 * zeroed, FPU enabled), the console on the CMSDK APB UART0 and the exit through
 * semihosting. No MMU, no OS, no C library.
 */
#include <stdint.h>
#include "board.h"

#ifdef BM_STATIC_AOT
const char board_name[] = "mps2-an386 (Cortex-M4F), core 'none', precompiled module in flash";
#else
const char board_name[] = "mps2-an386 (Cortex-M4F), core 'none', interpreter";
#endif

/* ------------------------------------------------------------ console: UART0 */

#define UART0 0x40004000u
#define UART_DATA (*(volatile uint32_t *)(UART0 + 0x00))
#define UART_STATE (*(volatile uint32_t *)(UART0 + 0x04))   /* bit 0: TX full */
#define UART_CTRL (*(volatile uint32_t *)(UART0 + 0x08))    /* bit 0: TX enable */
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0 + 0x10))

static void uart_init(void)
{
    UART_BAUDDIV = 16;   /* the smallest divisor the UART accepts; qemu ignores the rate */
    UART_CTRL = 1;
}

void board_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        while (UART_STATE & 1u)
            ;
        UART_DATA = (uint8_t)s[i];
    }
}

/* ------------------------------------------------------------ exit: semihosting */

/* SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit makes qemu exit with status 0; any
 * other reason (here ADP_Stopped_RunTimeErrorUnknown) with status 1. */
void board_exit(int ok)
{
    register uint32_t op __asm__("r0") = 0x18;
    register uint32_t reason __asm__("r1") = ok ? 0x20026u : 0x20023u;
    for (;;)
        __asm__ volatile("bkpt 0xab" : : "r"(op), "r"(reason) : "memory");
}

void board_report(void) {}

/* ------------------------------------------------------------ start-up */

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern char __stack_top[];

/* Runs before the FPU is on: it does integer work only, so the compiler has no reason
 * to touch an FP register before CPACR enables them (check with objdump after changing
 * it). */
__attribute__((noreturn)) void reset_handler(void)
{
    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;)
        *d++ = *s++;
    for (uint32_t *d = __bss_start; d < __bss_end;)
        *d++ = 0;
    /* CPACR: full access to CP10 and CP11 (the FPU) */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    uart_init();
    bm_main();
}

static void say(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    board_write(s, n);
}

/* Any fault: a bug (a wasm out-of-bounds access is a bounds-check trap, never a fault
 * in this configuration). Say which and stop with a failure. */
__attribute__((noreturn)) static void fault_handler(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    static const char hex[] = "0123456789abcdef";
    char num[3] = {hex[(ipsr >> 4) & 15], hex[ipsr & 15], '\n'};
    say("FAULT: exception 0x");
    board_write(num, 3);
    board_exit(0);
}

/* The vector table: initial stack pointer, reset, and the system exceptions
 * (NMI, HardFault, MemManage, BusFault, UsageFault, 4 reserved, SVC, DebugMon,
 * reserved, PendSV, SysTick). No peripheral interrupt is used. */
typedef void (*vector)(void);
__attribute__((section(".vectors"), used)) static const vector vectors[16] = {
    (vector)(uintptr_t)__stack_top, reset_handler, fault_handler, fault_handler,
    fault_handler, fault_handler, fault_handler, 0, 0, 0, 0, fault_handler,
    fault_handler, 0, fault_handler, fault_handler,
};
