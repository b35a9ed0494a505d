/*
 * embedding.c — a minwasm embedding with no C library at all.
 *
 * Built together with minwasm's src/*.c into one shared object, with -ffreestanding
 * -nostdlib -fPIC -shared. It exports one function, minwasm_embedding_run (see
 * embedding.h), and needs nothing from outside but the platform API (mw_platform_*) and
 * memcpy/memmove/memset/memcmp, which libminwasm-platform.so (platform/linux) supplies
 * at load time. The host (host/host.c) checks exactly that before loading it.
 *
 * It brings its own allocator for the engine: a first-fit free list with boundary tags
 * (coalescing on free) over a heap that is either a reservation committed as it grows
 * (MW_PLATFORM_VM: mw_platform_reserve/protect) or a static arena in .bss.
 *
 * Then it runs the examples of Wasmtime's min-platform demo and a few more, writing one
 * result line each: smoke, simple_add, simple_host_fn, simple_floats, out_of_bounds,
 * data_image, hello_world.
 */
#include "minwasm.h"
#include "minwasm_platform.h"
#include "embedding.h"

#ifndef MW_PLATFORM_VM
#  define MW_PLATFORM_VM 0
#endif
#ifndef MW_PLATFORM_TRAPS
#  define MW_PLATFORM_TRAPS 0
#endif
#ifndef MW_PLATFORM_TLS
#  define MW_PLATFORM_TLS 0
#endif

#define EXPORT __attribute__((visibility("default")))

/* ------------------------------------------------------------ allocator */

/*
 * Every block starts with a 16-byte header: its size (header included, a multiple of
 * 16; bit 0 set while in use) and the size of the block just before it in memory (0 for
 * the first), so both neighbours can be found when a block is freed. Free blocks also
 * hold the links of the free list. The heap ends with a header of size 0 marked in use.
 */
typedef struct hdr {
    size_t size;
    size_t prev_size;
} hdr;

typedef struct free_blk {
    hdr h;
    struct free_blk *next, *prev;
} free_blk;

#define USED ((size_t)1)
#define HDR sizeof(hdr)
#define MIN_BLOCK sizeof(free_blk)

typedef struct heap {
    char *base;          /* first block */
    char *end;           /* the end header */
    char *limit;         /* how far the heap may grow */
    free_blk *free_list;
    size_t in_use, peak;
} heap;

static heap H;

static size_t bsize(const hdr *h) { return h->size & ~USED; }
static hdr *next_of(hdr *h) { return (hdr *)((char *)h + bsize(h)); }

static void list_insert(free_blk *b)
{
    b->prev = NULL;
    b->next = H.free_list;
    if (H.free_list != NULL)
        H.free_list->prev = b;
    H.free_list = b;
}

static void list_remove(free_blk *b)
{
    if (b->prev != NULL)
        b->prev->next = b->next;
    else
        H.free_list = b->next;
    if (b->next != NULL)
        b->next->prev = b->prev;
}

/* Make h (in use or not, out of the list) a free block, merged with free neighbours. */
static void release(hdr *h)
{
    h->size &= ~USED;
    hdr *n = next_of(h);
    if (!(n->size & USED)) {
        list_remove((free_blk *)n);
        h->size += n->size;
    }
    if (h->prev_size != 0) {
        hdr *p = (hdr *)((char *)h - h->prev_size);
        if (!(p->size & USED)) {
            list_remove((free_blk *)p);
            p->size += h->size;
            h = p;
        }
    }
    next_of(h)->prev_size = h->size;
    list_insert((free_blk *)h);
}

/* Cut a block in use down to need bytes when the rest can be a block of its own. */
static void split(hdr *h, size_t need)
{
    size_t size = bsize(h);
    if (size - need < MIN_BLOCK)
        return;
    hdr *rest = (hdr *)((char *)h + need);
    h->size = need | USED;
    rest->size = (size - need) | USED;
    rest->prev_size = need;
    next_of(rest)->prev_size = rest->size & ~USED;
    release(rest);
}

#if MW_PLATFORM_VM
#  define HEAP_RESERVE ((size_t)1 << 30)   /* address space; committed as needed */
#  define HEAP_STEP ((size_t)1 << 20)
#else
#  define ARENA_SIZE ((size_t)64 << 20)
static unsigned char arena[ARENA_SIZE] __attribute__((aligned(64)));
#endif

static bool heap_init(void)
{
#if MW_PLATFORM_VM
    void *base;
    if (mw_platform_reserve(HEAP_RESERVE, &base) != 0)
        return false;
    if (mw_platform_protect(base, HEAP_STEP, MW_PROT_READ | MW_PROT_WRITE) != 0) {
        mw_platform_unmap(base, HEAP_RESERVE);
        return false;
    }
    H.base = base;
    H.limit = H.base + HEAP_RESERVE;
    size_t first = HEAP_STEP - HDR;
#else
    H.base = (char *)arena;
    H.limit = H.base + ARENA_SIZE;
    size_t first = ARENA_SIZE - HDR;
#endif
    hdr *h = (hdr *)H.base;
    h->size = first | USED;
    h->prev_size = 0;
    H.end = H.base + first;
    ((hdr *)H.end)->size = USED;
    ((hdr *)H.end)->prev_size = first;
    H.free_list = NULL;
    H.in_use = H.peak = 0;
    release(h);
    return true;
}

static void heap_fini(void)
{
#if MW_PLATFORM_VM
    if (H.base != NULL)
        mw_platform_unmap(H.base, HEAP_RESERVE);
#endif
    H.base = NULL;
}

/* Add at least need bytes at the end of the heap (as a free block). */
static bool heap_grow(size_t need)
{
#if MW_PLATFORM_VM
    size_t step = (need + HDR + HEAP_STEP - 1) & ~(HEAP_STEP - 1);
    char *committed = H.end + HDR;   /* H.end + HDR is always a step boundary */
    if (step > (size_t)(H.limit - committed))
        return false;
    if (mw_platform_protect(committed, step, MW_PROT_READ | MW_PROT_WRITE) != 0)
        return false;
    hdr *h = (hdr *)H.end;   /* the old end header becomes the new block */
    h->size = step | USED;
    H.end += step;
    ((hdr *)H.end)->size = USED;
    ((hdr *)H.end)->prev_size = step;
    release(h);
    return true;
#else
    (void)need;
    return false;
#endif
}

static void *heap_alloc(size_t n)
{
    if (n > ((size_t)1 << 40))
        return NULL;
    size_t need = (n + HDR + 15) & ~(size_t)15;
    if (need < MIN_BLOCK)
        need = MIN_BLOCK;
    for (int attempt = 0; attempt < 2; attempt++) {
        for (free_blk *b = H.free_list; b != NULL; b = b->next) {
            if (b->h.size >= need) {
                list_remove(b);
                b->h.size |= USED;
                split(&b->h, need);
                H.in_use += bsize(&b->h);
                if (H.in_use > H.peak)
                    H.peak = H.in_use;
                return (char *)b + HDR;
            }
        }
        if (!heap_grow(need))
            return NULL;
    }
    return NULL;
}

static void heap_free(void *p)
{
    if (p == NULL)
        return;
    hdr *h = (hdr *)((char *)p - HDR);
    H.in_use -= bsize(h);
    release(h);
}

static void *heap_realloc(void *p, size_t osize, size_t n)
{
    hdr *h = (hdr *)((char *)p - HDR);
    size_t need = (n + HDR + 15) & ~(size_t)15;
    if (need < MIN_BLOCK)
        need = MIN_BLOCK;
    size_t have = bsize(h);
    if (need > have) {
        /* grow in place into a free successor */
        hdr *nx = next_of(h);
        if (!(nx->size & USED) && have + nx->size >= need) {
            list_remove((free_blk *)nx);
            h->size += nx->size;
            next_of(h)->prev_size = bsize(h);
            H.in_use += nx->size;
            have = bsize(h);
        }
    }
    if (need <= have) {
        split(h, need);
        H.in_use -= have - bsize(h);
        if (H.in_use > H.peak)
            H.peak = H.in_use;
        return p;
    }
    void *q = heap_alloc(n);
    if (q == NULL)
        return NULL;   /* p stays valid */
    memcpy(q, p, osize < n ? osize : n);
    heap_free(p);
    return q;
}

/* The mw_alloc_fn hook (minwasm.h). */
static void *embedding_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    (void)ud;
    if (nsize == 0) {
        heap_free(ptr);
        return NULL;
    }
    if (ptr == NULL)
        return heap_alloc(nsize);
    return heap_realloc(ptr, osize, nsize);
}

/* ------------------------------------------------------------ text output */

typedef struct text {
    char *buf;
    size_t cap, len;
} text;

static void put(text *t, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (t->len + 1 < t->cap)
            t->buf[t->len] = s[i];
        t->len++;
    }
    if (t->cap != 0)
        t->buf[t->len < t->cap ? t->len : t->cap - 1] = '\0';
}

static size_t cstrlen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

static void puts_(text *t, const char *s) { put(t, s, cstrlen(s)); }

static void putu(text *t, uint64_t v)
{
    char d[24];
    size_t i = sizeof d;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    put(t, d + i, sizeof d - i);
}

static void puti(text *t, int64_t v)
{
    if (v < 0) {
        put(t, "-", 1);
        putu(t, (uint64_t)0 - (uint64_t)v);
    } else {
        putu(t, (uint64_t)v);
    }
}

/* Enough for the examples: integers exactly, others with three decimals. */
static void putf(text *t, double v)
{
    if (v != v) {
        puts_(t, "nan");
        return;
    }
    if (v < 0) {
        put(t, "-", 1);
        v = -v;
    }
    if (v > 1e18) {
        puts_(t, "inf");
        return;
    }
    uint64_t ip = (uint64_t)v;
    putu(t, ip);
    uint64_t frac = (uint64_t)((v - (double)ip) * 1000.0 + 0.5);
    if (frac >= 1000) {   /* rounding reached the next integer: keep it simple */
        frac = 999;
    }
    if (frac != 0) {
        char d[4] = {'.', (char)('0' + frac / 100), (char)('0' + frac / 10 % 10),
                     (char)('0' + frac % 10)};
        size_t n = 4;
        while (d[n - 1] == '0')
            n--;
        put(t, d, n);
    }
}

/* ------------------------------------------------------------ the examples */

typedef struct run_ctx {
    const struct mw_embedding_modules *mods;
    mw_engine *engine;
    text line;          /* the current result line */
    char line_buf[256];
    text *err;          /* the first failure */
    int failures;
} run_ctx;

static void line_start(run_ctx *c, const char *name)
{
    c->line.buf = c->line_buf;
    c->line.cap = sizeof c->line_buf;
    c->line.len = 0;
    puts_(&c->line, name);
    puts_(&c->line, ": ");
}

static void line_end(run_ctx *c)
{
    text out = {c->mods->out, c->mods->out_cap, *c->mods->out_len};
    size_t n = c->line.len < c->line.cap ? c->line.len : c->line.cap - 1;
    put(&out, c->line_buf, n);
    put(&out, "\n", 1);
    *c->mods->out_len = out.len;
}

/* Finish the current line as a failure: "name: FAILED: what (detail)". */
static bool fail(run_ctx *c, const char *what, const mw_error *e)
{
    puts_(&c->line, "FAILED: ");
    puts_(&c->line, what);
    if (e != NULL) {
        puts_(&c->line, " (");
        puts_(&c->line, e->msg[0] ? e->msg : mw_result_name(e->code));
        puts_(&c->line, ")");
    }
    if (c->failures++ == 0) {
        size_t n = c->line.len < c->line.cap ? c->line.len : c->line.cap - 1;
        put(c->err, c->line_buf, n);
    }
    line_end(c);
    return false;
}

static bool ok_line(run_ctx *c)
{
    line_end(c);
    return true;
}

/* A store with one instance of the module, instantiated through the linker. */
typedef struct inst {
    mw_module *module;
    mw_store *store;
    mw_instance *instance;
} inst;

static void inst_delete(inst *i)
{
    if (i->store != NULL)
        mw_store_delete(i->store);
    if (i->module != NULL)
        mw_module_delete(i->module);
    i->store = NULL;
    i->module = NULL;
}

static bool instantiate(run_ctx *c, const struct mw_embedding_wasm *w, mw_linker *linker,
                        inst *out, mw_error *e)
{
    out->module = NULL;
    out->store = NULL;
    out->instance = NULL;
    if (w->bytes == NULL)
        return mwE_fail_missing(e);
    if (mw_module_new(c->engine, w->bytes, w->len, &out->module, e) != MW_OK)
        return false;
    if (mw_store_new(c->engine, NULL, &out->store, e) != MW_OK)
        return false;
    mw_result r = linker != NULL
                      ? mw_linker_instantiate(linker, out->store, out->module, &out->instance, e)
                      : mw_instance_new(out->store, out->module, NULL, 0, &out->instance, e);
    return r == MW_OK;
}

static mw_func *export_func(inst *i, const char *name)
{
    mw_extern ext;
    if (!mw_instance_export(i->instance, name, cstrlen(name), &ext) ||
        ext.kind != MW_EXTERN_FUNC)
        return NULL;
    return ext.of.func;
}
