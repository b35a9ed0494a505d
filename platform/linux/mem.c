/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * mem.c — memcpy, memmove, memset and memcmp for builds without a C library.
 *
 * Word at a time (8 bytes): x86-64 and aarch64 allow unaligned loads and stores of
 * normal memory, so after aligning the destination the words are moved with the
 * source as it comes. The word type carries may_alias (any object may be accessed) and
 * aligned(1) (unaligned accesses are allowed), so this is valid GNU C for the compiler.
 *
 * These functions must not be compiled into calls to themselves: GCC's loop-distribution
 * pass recognises copy and fill loops and would emit memcpy/memset calls. It is turned off
 * below (and the build uses -ffreestanding, which implies -fno-builtin); the asm barriers
 * in the byte loops stop idiom recognition in any compiler.
 */
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

typedef uint64_t __attribute__((may_alias, aligned(1))) mwl_word;
#define W sizeof(mwl_word)

/* Keeps a loop from being recognised as a memcpy/memset idiom. */
#define BARRIER(p) __asm__("" : "+r"(p))

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
    if (n >= 2 * W) {
        while ((uintptr_t)d & (W - 1)) {   /* align the destination */
            *d++ = *s++;
            n--;
            BARRIER(d);
        }
        while (n >= 4 * W) {
            mwl_word a = ((const mwl_word *)s)[0], b = ((const mwl_word *)s)[1];
            mwl_word c = ((const mwl_word *)s)[2], e = ((const mwl_word *)s)[3];
            ((mwl_word *)d)[0] = a;
            ((mwl_word *)d)[1] = b;
            ((mwl_word *)d)[2] = c;
            ((mwl_word *)d)[3] = e;
            d += 4 * W;
            s += 4 * W;
            n -= 4 * W;
            BARRIER(d);
        }
        while (n >= W) {
            *(mwl_word *)d = *(const mwl_word *)s;
            d += W;
            s += W;
            n -= W;
            BARRIER(d);
        }
    }
    while (n--) {
        *d++ = *s++;
        BARRIER(d);
    }
}

/* Copies from the end: for dst > src overlaps. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
    d += n;
    s += n;
    if (n >= 2 * W) {
        while ((uintptr_t)d & (W - 1)) {
            *--d = *--s;
            n--;
            BARRIER(d);
        }
        while (n >= W) {
            d -= W;
            s -= W;
            *(mwl_word *)d = *(const mwl_word *)s;   /* the load happens before the store */
            n -= W;
            BARRIER(d);
        }
    }
    while (n--) {
        *--d = *--s;
        BARRIER(d);
    }
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    copy_forward(dst, src, n);
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    /* Forward is safe unless dst starts inside [src, src+n). A word copied forward
     * reads W bytes before writing them, so for d < s any distance works. */
    if ((uintptr_t)d - (uintptr_t)s >= n)
        copy_forward(d, s, n);
    else
        copy_backward(d, s, n);
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    unsigned char b = (unsigned char)c;
    if (n >= 2 * W) {
        uint64_t v = b * UINT64_C(0x0101010101010101);
        while ((uintptr_t)d & (W - 1)) {
            *d++ = b;
            n--;
            BARRIER(d);
        }
        while (n >= 4 * W) {
            ((mwl_word *)d)[0] = v;
            ((mwl_word *)d)[1] = v;
            ((mwl_word *)d)[2] = v;
            ((mwl_word *)d)[3] = v;
            d += 4 * W;
            n -= 4 * W;
            BARRIER(d);
        }
        while (n >= W) {
            *(mwl_word *)d = v;
            d += W;
            n -= W;
            BARRIER(d);
        }
    }
    while (n--) {
        *d++ = b;
        BARRIER(d);
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    /* Skip equal words, then find the first differing byte. */
    while (n >= W && *(const mwl_word *)p == *(const mwl_word *)q) {
        p += W;
        q += W;
        n -= W;
    }
    for (; n != 0; n--, p++, q++) {
        if (*p != *q)
            return *p < *q ? -1 : 1;
    }
    return 0;
}
