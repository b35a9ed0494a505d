/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * board.c — qemu virt's devices used by the riscv64 kernel: the NS16550 UART at
 * 0x10000000 (the console) and the SiFive test device at 0x100000 (power off with a
 * status that qemu returns as its exit status).
 */
#include <stdint.h>
#include "board.h"

#if defined(MW_PLATFORM_TRAPS) && MW_PLATFORM_TRAPS
const char board_name[] = "qemu virt (riscv64, S-mode, Sv39), core 'guard' (VM + TRAPS + TLS)";
#else
const char board_name[] = "qemu virt (riscv64, S-mode, Sv39), core 'none'";
#endif

#define UART 0x10000000u
#define UART_THR (*(volatile uint8_t *)(UART + 0))
#define UART_LSR (*(volatile uint8_t *)(UART + 5))   /* bit 5: transmit holding empty */

void board_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        while (!(UART_LSR & 0x20))
            ;
        UART_THR = (uint8_t)s[i];
    }
}

/* 0x5555: pass (qemu exits with 0); (code << 16) | 0x3333: fail (qemu exits with code). */
void board_exit(int ok)
{
    volatile uint32_t *test = (volatile uint32_t *)0x100000u;
    *test = ok ? 0x5555u : ((1u << 16) | 0x3333u);
    for (;;)
        __asm__ volatile("wfi");
}
