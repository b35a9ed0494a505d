/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_images.c — data segments and memory images (doc/memory.md).
 *
 * For modules with 0, 1, 4 and 16 MiB of active data segments:
 *   - every instance sees exactly the segments' bytes (sampled across the whole range),
 *   - a write through one instance is not visible in another (private pages),
 *   - with memory images (MEMORY=guard or vm), instantiating does not copy the data:
 *     the process's resident memory grows by far less than the data size. This is the
 *     mechanism that keeps instantiation time flat; bench/startup reports the times.
 * Also: after an out-of-bounds trap the store keeps working.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"
#include "mw_config.h"

static int failures, checks;
#define CHECK(c, ...) do { checks++; if (!(c)) { failures++; printf("FAIL %s:%d: ", __FILE__, __LINE__); \
        printf(__VA_ARGS__); printf("\n"); } } while (0)

static void *alloc_fn(void *ud, void *p, size_t o, size_t n)
{
    (void)ud; (void)o;
    if (n == 0) { free(p); return NULL; }
    return realloc(p, n);
}

typedef struct buf { uint8_t *p; size_t n, cap; } buf;
static void put(buf *b, uint8_t v)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 1 << 16;
        b->p = realloc(b->p, b->cap);
        if (!b->p) { perror("realloc"); exit(1); }
    }
    b->p[b->n++] = v;
}
static void put_u(buf *b, uint64_t v) { do { uint8_t c = v & 0x7f; v >>= 7; put(b, c | (v ? 0x80 : 0)); } while (v); }
static void put_s(buf *b, int64_t v)   /* signed LEB128, as i32.const takes */
{
    for (;;) {
        uint8_t c = v & 0x7f;
        v >>= 7;
        if ((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40))) { put(b, c); return; }
        put(b, c | 0x80);
    }
}

static uint8_t pattern(uint32_t addr) { return (uint8_t)(addr * 2654435761u >> 24) | 1; }

/*
 * (memory 300) (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u)
 * (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store8)
 * plus `mib` MiB of data at offset 4096 in segments of 256 KiB.
 */
static buf make_module(uint32_t mib)
{
    buf m = { 0 };
    static const uint8_t head[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x0b, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00,  /* types */
        0x03, 0x03, 0x02, 0x00, 0x01,                                              /* funcs */
        0x05, 0x04, 0x01, 0x00, 0xac, 0x02,                                        /* memory 300 */
        0x07, 0x10, 0x02, 0x04, 'l', 'o', 'a', 'd', 0x00, 0x00,
                    0x05, 's', 't', 'o', 'r', 'e', 0x00, 0x01,                     /* exports */
        0x0a, 0x13, 0x02,
        0x07, 0x00, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x0b,                            /* load */
        0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x3a, 0x00, 0x00, 0x0b,                /* store */
    };
    for (size_t i = 0; i < sizeof head; i++) put(&m, head[i]);
    if (mib == 0) return m;
    const uint32_t seg = 256 * 1024, nseg = mib * 4, base = 4096;
    buf d = { 0 };
    put_u(&d, nseg);
    for (uint32_t s = 0; s < nseg; s++) {
        uint32_t at = base + s * seg;
        put(&d, 0x00);                                  /* active, memory 0 */
        put(&d, 0x41); put_s(&d, at); put(&d, 0x0b);    /* i32.const at */
        put_u(&d, seg);
        for (uint32_t i = 0; i < seg; i++) put(&d, pattern(at + i));
    }
    put(&m, 0x0b);
    put_u(&m, d.n);
    for (size_t i = 0; i < d.n; i++) put(&m, d.p[i]);
    free(d.p);
    return m;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (!f) return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
    fclose(f);
    return resident * 4;   /* statm counts 4 KiB pages on the systems we test */
}

static int32_t call1(mw_store *st, mw_instance *in, const char *name, int32_t a, int32_t b,
                     int nargs, mw_error *err, mw_result *res)
{
    mw_extern ex;
    mw_val args[2] = { mw_val_i32(a), mw_val_i32(b) }, r = mw_val_i32(0);
    if (!mw_instance_export(in, name, strlen(name), &ex)) { *res = MW_ERR_NOT_FOUND; return 0; }
    *res = mw_func_call(st, ex.of.func, args, (size_t)nargs, &r, nargs == 1 ? 1 : 0, err);
    return r.of.i32;
}

int main(void)
{
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc_fn;
    mw_engine *engine;
    mw_error err;
    if (mw_engine_new(&cfg, &engine, &err) != MW_OK) { printf("engine: %s\n", err.msg); return 1; }
    static const uint32_t sizes[] = { 0, 1, 4, 16 };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        uint32_t mib = sizes[k];
        buf mb = make_module(mib);
        mw_module *mod;
        mw_result r = mw_module_new(engine, mb.p, mb.n, &mod, &err);
        CHECK(r == MW_OK, "%u MiB module: %s", mib, err.msg);
        free(mb.p);
        if (r != MW_OK) continue;
        mw_store *st;
        mw_instance *a, *b;
        CHECK(mw_store_new(engine, NULL, &st, &err) == MW_OK, "store");
        long before = rss_kib();
        CHECK(mw_instance_new(st, mod, NULL, 0, &a, &err) == MW_OK, "instance a: %s", err.msg);
        long grew = rss_kib() - before;
        CHECK(mw_instance_new(st, mod, NULL, 0, &b, &err) == MW_OK, "instance b: %s", err.msg);
#if MW_PLATFORM_VM
        /* Mapped, not copied: the data is not resident until touched. */
        CHECK(grew < 2048, "%u MiB of data: instantiation made %ld KiB resident", mib, grew);
#endif
        printf("%2u MiB of data segments: resident memory +%ld KiB at instantiation\n", mib, grew);
        /* Contents, sampled over the whole range (and the zero bytes around it). */
        uint32_t end = 4096 + mib * 1024 * 1024;
        int bad = 0;
        for (uint32_t addr = 0; addr < end + 8192 && bad < 5; addr += 4093) {
            uint8_t want = addr >= 4096 && addr < end ? pattern(addr) : 0;
            int32_t got = call1(st, a, "load", (int32_t)addr, 0, 1, &err, &r);
            if (r != MW_OK || got != want) {
                bad++;
                CHECK(0, "%u MiB: load(%u) = %d, want %u", mib, addr, got, want);
            }
        }
        checks++;
        /* Writes are private to the instance. */
        if (mib) {
            call1(st, a, "store", 4096 + 12345, 0xEE, 2, &err, &r);
            CHECK(r == MW_OK, "store: %s", err.msg);
            CHECK(call1(st, a, "load", 4096 + 12345, 0, 1, &err, &r) == 0xEE, "write visible in a");
            CHECK(call1(st, b, "load", 4096 + 12345, 0, 1, &err, &r) == pattern(4096 + 12345),
                  "write leaked into instance b");
        }
        /* An out-of-bounds access traps, and the store keeps working. */
        call1(st, a, "load", 300 * 65536, 0, 1, &err, &r);
        CHECK(r == MW_ERR_TRAP && err.trap == MW_TRAP_MEMORY_OOB, "out-of-bounds load: result %d trap %d", r, err.trap);
        CHECK(call1(st, b, "load", 4096, 0, 1, &err, &r) == (mib ? pattern(4096) : 0) && r == MW_OK,
              "store unusable after a trap");
        mw_store_delete(st);
        mw_module_delete(mod);
    }
    mw_engine_delete(engine);
    printf("test_images: %d passed, %d failed\n", checks - failures, failures);
    return failures != 0;
}
