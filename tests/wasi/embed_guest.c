/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * embed_guest.c — a library module (no libc, no _start) for test_interrupt.c:
 * spin() never returns, add() does, sleep_forever() blocks in poll_oneoff forever.
 * Built with: clang --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry
 */
#include <stdint.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("poll_oneoff")))
int32_t poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t ret);

volatile uint32_t counter;

__attribute__((export_name("spin"))) void spin(void)
{
    for (;;)
        counter++;
}

__attribute__((export_name("add"))) int32_t add(int32_t a, int32_t b)
{
    return a + b;
}

__attribute__((export_name("wakeups"))) uint32_t wakeups(void)
{
    return counter;
}

/* One clock subscription of an hour, again and again; counts how often poll returns. */
__attribute__((export_name("sleep_forever"))) void sleep_forever(void)
{
    static uint8_t sub[48] __attribute__((aligned(8)));
    static uint8_t ev[32] __attribute__((aligned(8)));
    static uint32_t n;
    uint64_t hour = 3600ull * 1000000000ull;
    for (int i = 0; i < 48; i++)
        sub[i] = 0;
    sub[16] = 1;   /* monotonic */
    for (int i = 0; i < 8; i++)
        sub[24 + i] = (uint8_t)(hour >> (8 * i));
    counter = 0;
    for (;;) {
        poll_oneoff((int32_t)(uintptr_t)sub, (int32_t)(uintptr_t)ev, 1, (int32_t)(uintptr_t)&n);
        counter++;
    }
}
