/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * board.h — what the board-independent part of the bare-metal examples (main.c) needs
 * from a board: a console and a way to stop the machine with a status.
 */
#ifndef BM_BOARD_H
#define BM_BOARD_H

#include <stddef.h>

/* Write n bytes to the console (a UART), '\n' as "\r\n" is not needed under qemu. */
void board_write(const char *s, size_t n);

/* Stop the machine: qemu exits with status 0 when ok, non-zero otherwise. */
__attribute__((noreturn)) void board_exit(int ok);

/* Board-specific result lines, printed after the examples ran (may print nothing). */
void board_report(void);

/* The board's name and the core's configuration, for the first line of output. */
extern const char board_name[];

/* The run: called by the board's startup code with the C runtime set up. */
__attribute__((noreturn)) void bm_main(void);

#endif
