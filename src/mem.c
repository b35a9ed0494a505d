/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * mem.c — every allocation of the core goes through the engine's hook (minwasm.h).
 *
 * Zero-byte requests never reach the hook: the Lua-style hook reads nsize == 0 as "free",
 * so a zero-size allocation returns the address of a static empty block instead. Callers
 * can then treat NULL as failure without special-casing empty arrays, and freeing or
 * resizing a zero-size block is handled here.
 */
#include "mw_internal.h"

/* Aligned for any object; never written (zero bytes belong to the caller). */
static const union { long double ld; void *p; uint64_t u; } mwM_empty;
#define MWM_EMPTY ((void *)(uintptr_t)&mwM_empty)

void *mwM_alloc(mw_engine *e, size_t n)
{
    if (n == 0)
        return MWM_EMPTY;
    return e->alloc(e->alloc_ud, NULL, 0, n);
}

void *mwM_zalloc(mw_engine *e, size_t n)
{
    void *p = mwM_alloc(e, n);
    if (p != NULL && n != 0)
        memset(p, 0, n);
    return p;
}

void *mwM_realloc(mw_engine *e, void *p, size_t o, size_t n)
{
    if (p == NULL || p == MWM_EMPTY || o == 0)
        return mwM_alloc(e, n);       /* nothing to keep */
    if (n == 0) {
        e->alloc(e->alloc_ud, p, o, 0);
        return MWM_EMPTY;
    }
    return e->alloc(e->alloc_ud, p, o, n);   /* NULL leaves p valid (hook contract) */
}

void mwM_free(mw_engine *e, void *p, size_t n)
{
    if (p == NULL || p == MWM_EMPTY || n == 0)
        return;
    e->alloc(e->alloc_ud, p, n, 0);
}

bool mwM_grow(mw_engine *e, void **arr, uint32_t *cap, uint32_t need, size_t esz)
{
    if (need <= *cap)
        return true;
    /* Doubling keeps appends amortised O(1); start small since most arrays stay short. */
    uint32_t ncap = *cap < 4 ? 4 : (*cap > UINT32_MAX / 2 ? UINT32_MAX : *cap * 2);
    if (ncap < need)
        ncap = need;
    if (esz != 0 && ncap > SIZE_MAX / esz)
        return false;
    void *np = mwM_realloc(e, *arr, (size_t)*cap * esz, (size_t)ncap * esz);
    if (np == NULL)
        return false;
    *arr = np;
    *cap = ncap;
    return true;
}
