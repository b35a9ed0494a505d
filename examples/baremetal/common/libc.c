/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * libc.c — the four C library functions the core needs (memcpy, memmove, memset,
 * memcmp), for boards without a C library. Word-at-a-time where both sides are aligned.
 *
 * GCC recognises copy and fill loops and turns them into calls to these very
 * functions: this file must not be compiled that way.
 */
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

typedef uintptr_t word;
#define WS sizeof(word)
#define ALIGNED(p) (((uintptr_t)(p) & (WS - 1)) == 0)

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (ALIGNED(d) && ALIGNED(s)) {
        for (; n >= WS; n -= WS, d += WS, s += WS)
            *(word *)(void *)d = *(const word *)(const void *)s;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0)
        return dst;
    if (d < s || d >= s + n)
        return memcpy(dst, src, n);
    /* overlapping, destination above: copy backwards */
    d += n;
    s += n;
    if (ALIGNED(d) && ALIGNED(s)) {
        for (; n >= WS; n -= WS) {
            d -= WS;
            s -= WS;
            *(word *)(void *)d = *(const word *)(const void *)s;
        }
    }
    while (n--)
        *--d = *--s;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    if (ALIGNED(d)) {
        word w = (unsigned char)c;
        w |= w << 8;
        w |= w << 16;
        if (WS > 4)
            w |= (w << 16) << 16;
        for (; n >= WS; n -= WS, d += WS)
            *(word *)(void *)d = w;
    }
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x < *y ? -1 : 1;
    return 0;
}
