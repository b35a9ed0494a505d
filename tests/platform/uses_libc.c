/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * uses_libc.c — linked into a copy of the min-platform embedding by
 * examples/min-platform/build.sh (--check-refuses-libc): it makes the embedding need
 * strlen from a C library, which the host must refuse to load, naming the symbol.
 * Exported so that --gc-sections keeps it.
 */
#include <stddef.h>

size_t strlen(const char *s);

__attribute__((visibility("default"))) size_t mw_embedding_uses_libc(const char *s)
{
    return strlen(s);
}
