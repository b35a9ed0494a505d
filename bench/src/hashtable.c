/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * hashtable — integer hashing and unpredictable memory access: an open-addressing hash
 * table (linear probing, power-of-two capacity, backward-shift deletion, no tombstones)
 * from 32-bit keys to 32-bit values, driven by a generated mix of inserts, lookups and
 * deletes. The table grows by rehashing when it gets 3/4 full.
 * Size: the number of operations, in thousands.
 */
#include "bench.h"

#define DEFAULT_N 12400
#define SMALL_N 20
#define WANT_DEFAULT 0xa4eeff4cu
#define WANT_SMALL 0x7035f1d2u

typedef struct {
    uint32_t *keys; /* 0 = empty slot; key 0 is mapped to a separate flag */
    uint32_t *vals;
    uint32_t cap, count;
    int has_zero;
    uint32_t zero_val;
} table;

static inline uint32_t hash(uint32_t k)
{
    k ^= k >> 16;
    k *= 0x7feb352du;
    k ^= k >> 15;
    k *= 0x846ca68bu;
    k ^= k >> 16;
    return k;
}

static void t_init(table *t, uint32_t cap)
{
    t->cap = cap;
    t->count = 0;
    t->keys = bench_alloc(cap * sizeof *t->keys);
    t->vals = bench_alloc(cap * sizeof *t->vals);
    memset(t->keys, 0, cap * sizeof *t->keys);
    t->has_zero = 0;
    t->zero_val = 0;
}

static void t_put(table *t, uint32_t k, uint32_t v);

static void t_grow(table *t)
{
    table n;
    t_init(&n, t->cap * 2);
    n.has_zero = t->has_zero;
    n.zero_val = t->zero_val;
    for (uint32_t i = 0; i < t->cap; i++)
        if (t->keys[i] != 0)
            t_put(&n, t->keys[i], t->vals[i]);
    free(t->keys);
    free(t->vals);
    *t = n;
}

/* Insert or overwrite. */
static void t_put(table *t, uint32_t k, uint32_t v)
{
    if (k == 0) {
        t->has_zero = 1;
        t->zero_val = v;
        return;
    }
    if ((t->count + 1) * 4 > t->cap * 3)
        t_grow(t);
    uint32_t mask = t->cap - 1, i = hash(k) & mask;
    while (t->keys[i] != 0) {
        if (t->keys[i] == k) {
            t->vals[i] = v;
            return;
        }
        i = (i + 1) & mask;
    }
    t->keys[i] = k;
    t->vals[i] = v;
    t->count++;
}

/* Returns 1 and sets *v when found. */
static int t_get(const table *t, uint32_t k, uint32_t *v)
{
    if (k == 0) {
        *v = t->zero_val;
        return t->has_zero;
    }
    uint32_t mask = t->cap - 1, i = hash(k) & mask;
    while (t->keys[i] != 0) {
        if (t->keys[i] == k) {
            *v = t->vals[i];
            return 1;
        }
        i = (i + 1) & mask;
    }
    return 0;
}

static int t_del(table *t, uint32_t k)
{
    if (k == 0) {
        int had = t->has_zero;
        t->has_zero = 0;
        return had;
    }
    uint32_t mask = t->cap - 1, i = hash(k) & mask;
    while (t->keys[i] != k) {
        if (t->keys[i] == 0)
            return 0;
        i = (i + 1) & mask;
    }
    /* Backward-shift: move later entries of the cluster into the hole when allowed. */
    uint32_t hole = i;
    for (uint32_t j = (i + 1) & mask; t->keys[j] != 0; j = (j + 1) & mask) {
        uint32_t home = hash(t->keys[j]) & mask;
        /* j may move to hole if home is not cyclically in (hole, j]. */
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            t->keys[hole] = t->keys[j];
            t->vals[hole] = t->vals[j];
            hole = j;
        }
    }
    t->keys[hole] = 0;
    t->count--;
    return 1;
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    long ops = n * 1000;
    /* Keys come from a range about the size of the live set, so all three outcomes
     * (hit, miss, overwrite) are common. */
    uint32_t range = (uint32_t)(ops / 2 > 64 ? ops / 2 : 64);
    if (range > (1u << 20))
        range = 1u << 20; /* bounds the table (and memory) for large sizes */
    table t;
    t_init(&t, 16);
    rng_t r = {0x243f6a8885a308d3ull};
    uint32_t h = 0, hits = 0, misses = 0, dels = 0;
    for (long i = 0; i < ops; i++) {
        uint64_t x = rng_next(&r);
        uint32_t k = (uint32_t)((x >> 32) % range) * 2654435761u;
        uint32_t op = (uint32_t)x & 7;
        uint32_t v;
        if (op < 3) {
            t_put(&t, k, (uint32_t)i);
        } else if (op < 7) {
            if (t_get(&t, k, &v)) {
                hits++;
                h += v;
            } else {
                misses++;
            }
        } else {
            dels += (uint32_t)t_del(&t, k);
        }
    }
    /* Fold in the final contents in slot order (deterministic for a given history). */
    for (uint32_t i = 0; i < t.cap; i++)
        if (t.keys[i] != 0)
            h = mix32(h, t.keys[i] ^ t.vals[i]);
    h = mix32(mix32(mix32(mix32(h, hits), misses), dels), t.count);
    free(t.keys);
    free(t.vals);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
