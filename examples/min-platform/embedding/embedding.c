/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * embedding.c — a minwasm embedding with no C library at all.
 *
 * Built together with the core's sources (src/) into one shared object, with
 * -ffreestanding -nostdlib -fPIC -shared. It exports one function, minwasm_embedding_run (see
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
 * data_image, hello_world. The host passes each module either as a .wasm binary or as a
 * .cwasm precompiled by `minwasm compile`; the embedding loads the first with
 * mw_module_new and the second with mw_module_deserialize, which runs its native code
 * when the core has MW_PLATFORM_CODE (then mw_platform_publish_code is one more
 * platform function the embedding needs) and interprets the wasm inside it otherwise.
 * A program with modules precompiled to C (examples/baremetal) passes their descriptors
 * instead, loaded in place with mw_module_new_static and run as native code.
 * Each line ends with the tier that ran: [native] or [interpreted].
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

/* Per-store budgets; a microcontroller build makes them small (examples/baremetal). */
#ifndef MW_EMBEDDING_STACK_SLOTS
#  define MW_EMBEDDING_STACK_SLOTS (1u << 16)   /* 512 KiB of value stack per store */
#endif
#ifndef MW_EMBEDDING_CALL_DEPTH
#  define MW_EMBEDDING_CALL_DEPTH 0             /* the core's default */
#endif

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
/* A board with little RAM sets its own budget (examples/baremetal). */
#  ifdef MW_EMBEDDING_ARENA_SIZE
#    define ARENA_SIZE ((size_t)(MW_EMBEDDING_ARENA_SIZE))
#  else
#    define ARENA_SIZE ((size_t)64 << 20)
#  endif
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
    if (n > SIZE_MAX / 2)
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
    __builtin_memcpy(q, p, osize < n ? osize : n);
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
    const char *tier;   /* how the current example's module runs; NULL before it loads */
} run_ctx;

static void line_start(run_ctx *c, const char *name)
{
    c->line.buf = c->line_buf;
    c->line.cap = sizeof c->line_buf;
    c->line.len = 0;
    c->tier = NULL;
    puts_(&c->line, name);
    puts_(&c->line, ": ");
}

static void line_end(run_ctx *c)
{
    /* The tier goes last, so that build.sh can strip it and compare the rest of the
     * line between an interpreted and a native run. */
    if (c->tier != NULL) {
        puts_(&c->line, " [");
        puts_(&c->line, c->tier);
        puts_(&c->line, "]");
    }
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

static bool set_err(mw_error *e, const char *msg)
{
    text t = {e->msg, sizeof e->msg, 0};
    e->code = MW_ERR_ARG;
    e->trap = MW_TRAP_NONE;
    e->offset = SIZE_MAX;
    e->exit_code = 0;
    puts_(&t, msg);
    return false;
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

/*
 * A .cwasm starts with "\0mwcwasm" (src/cwasm_format.h), a .wasm with "\0asm": the
 * bytes say which loader they need, so the host can pass either.
 */
static bool is_cwasm(const struct mw_embedding_wasm *w)
{
    static const char magic[8] = {'\0', 'm', 'w', 'c', 'w', 'a', 's', 'm'};
    if (w->len < sizeof magic)
        return false;
    for (size_t k = 0; k < sizeof magic; k++)
        if (w->bytes[k] != (uint8_t)magic[k])
            return false;
    return true;
}

static bool instantiate(run_ctx *c, const struct mw_embedding_wasm *w, mw_linker *linker,
                        inst *out, mw_error *e)
{
    out->module = NULL;
    out->store = NULL;
    out->instance = NULL;
    if (w->bytes == NULL && w->desc == NULL)
        return set_err(e, "the host passed no module");
    mw_result lr = w->desc != NULL ? mw_module_new_static(c->engine, w->desc, &out->module, e)
                   : is_cwasm(w)
                       ? mw_module_deserialize(c->engine, w->bytes, w->len, &out->module, e)
                       : mw_module_new(c->engine, w->bytes, w->len, &out->module, e);
    if (lr != MW_OK)
        return false;
    /* A .cwasm runs natively only on a core that can publish code; elsewhere (and
     * always for a .wasm) the interpreter runs the module. */
    c->tier = mw_module_is_native(out->module) ? "native" : "interpreted";
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

/* smoke: an empty module instantiates. */
static bool ex_smoke(run_ctx *c)
{
    mw_error e;
    inst i;
    line_start(c, "smoke");
    bool ok = instantiate(c, &c->mods->smoke, NULL, &i, &e);
    inst_delete(&i);
    if (!ok)
        return fail(c, "instantiate", &e);
    puts_(&c->line, "ok");
    return ok_line(c);
}

/* simple_add: add(2, 3) = 5. */
static bool ex_simple_add(run_ctx *c)
{
    mw_error e;
    inst i;
    line_start(c, "simple_add");
    if (!instantiate(c, &c->mods->simple_add, NULL, &i, &e)) {
        inst_delete(&i);
        return fail(c, "instantiate", &e);
    }
    mw_func *add = export_func(&i, "add");
    mw_val args[2] = {mw_val_i32(2), mw_val_i32(3)}, res[1] = {mw_val_i32(0)};
    bool ok = add != NULL && mw_func_call(i.store, add, args, 2, res, 1, &e) == MW_OK;
    inst_delete(&i);
    if (!ok)
        return fail(c, add == NULL ? "no export \"add\"" : "call add", add ? &e : NULL);
    puts_(&c->line, "add(2, 3) = ");
    puti(&c->line, res[0].of.i32);
    if (res[0].of.i32 != 5)
        return fail(c, "expected 5", NULL);
    return ok_line(c);
}

/* host.multiply: a saturating u32 multiply supplied by the embedding. */
static mw_result host_multiply(mw_caller *caller, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)caller;
    (void)env;
    uint64_t p = (uint64_t)(uint32_t)args[0].of.i32 * (uint32_t)args[1].of.i32;
    results[0] = mw_val_i32((int32_t)(uint32_t)(p > UINT32_MAX ? UINT32_MAX : p));
    return MW_OK;
}

/* simple_host_fn: add_and_mul(2, 3, 4) = multiply(2, 3) + 4 = 10. */
static bool ex_simple_host_fn(run_ctx *c)
{
    mw_error e;
    inst i = {NULL, NULL, NULL};
    mw_linker *l = NULL;
    line_start(c, "simple_host_fn");
    static const mw_valtype params[2] = {MW_I32, MW_I32}, results[1] = {MW_I32};
    mw_functype ft = {2, 1, params, results};
    bool ok = mw_linker_new(c->engine, &l, &e) == MW_OK &&
              mw_linker_define_func_cstr(l, "host", "multiply", &ft, host_multiply, NULL, NULL, &e) ==
                  MW_OK &&
              instantiate(c, &c->mods->simple_host_fn, l, &i, &e);
    mw_val res[1] = {mw_val_i32(0)};
    mw_func *f = ok ? export_func(&i, "add_and_mul") : NULL;
    if (ok && f == NULL)
        ok = set_err(&e, "no export \"add_and_mul\"");
    if (ok) {
        mw_val args[3] = {mw_val_i32(2), mw_val_i32(3), mw_val_i32(4)};
        ok = mw_func_call(i.store, f, args, 3, res, 1, &e) == MW_OK;
    }
    /* the multiply saturates */
    mw_val big[3] = {mw_val_i32(0x10000), mw_val_i32(0x10000), mw_val_i32(1)}, sat[1];
    bool saturates = ok && mw_func_call(i.store, f, big, 3, sat, 1, &e) == MW_OK &&
                     sat[0].of.i32 == 0;   /* UINT32_MAX + 1 wraps in wasm's i32.add */
    inst_delete(&i);
    if (l != NULL)
        mw_linker_delete(l);
    if (!ok)
        return fail(c, "run", &e);
    puts_(&c->line, "add_and_mul(2, 3, 4) = ");
    puti(&c->line, res[0].of.i32);
    if (res[0].of.i32 != 10)
        return fail(c, "expected 10", NULL);
    if (!saturates)
        return fail(c, "multiply did not saturate", NULL);
    return ok_line(c);
}

/* simple_floats: frob(1.4, 3.2) = ceil(1.4) + floor(3.2) = 5. */
static bool ex_simple_floats(run_ctx *c)
{
    mw_error e;
    inst i;
    line_start(c, "simple_floats");
    if (!instantiate(c, &c->mods->simple_floats, NULL, &i, &e)) {
        inst_delete(&i);
        return fail(c, "instantiate", &e);
    }
    mw_func *frob = export_func(&i, "frob");
    mw_val args[2] = {mw_val_f32(1.4f), mw_val_f32(3.2f)}, res[1] = {mw_val_f32(0)};
    bool ok = frob != NULL && mw_func_call(i.store, frob, args, 2, res, 1, &e) == MW_OK;
    inst_delete(&i);
    if (!ok)
        return fail(c, frob == NULL ? "no export \"frob\"" : "call frob", frob ? &e : NULL);
    float v = mw_val_as_f32(&res[0]);
    puts_(&c->line, "frob(1.4, 3.2) = ");
    putf(&c->line, v);
    if (v != 5.0f)
        return fail(c, "expected 5", NULL);
    return ok_line(c);
}

/* out_of_bounds: a load past the end of memory traps; the next call works. */
static bool ex_out_of_bounds(run_ctx *c)
{
    mw_error e;
    inst i;
    line_start(c, "out_of_bounds");
    if (!instantiate(c, &c->mods->out_of_bounds, NULL, &i, &e)) {
        inst_delete(&i);
        return fail(c, "instantiate", &e);
    }
    mw_func *load = export_func(&i, "load");
    if (load == NULL) {
        inst_delete(&i);
        return fail(c, "no export \"load\"", NULL);
    }
    static const int32_t bad[] = {0x10000, 0xfffd, -1, 0x7fffffff};
    mw_val res[1];
    bool trapped_all = true;
    mw_error first;
    first.trap = MW_TRAP_NONE;
    for (unsigned k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        mw_val arg = mw_val_i32(bad[k]);
        mw_result r = mw_func_call(i.store, load, &arg, 1, res, 1, &e);
        if (k == 0)
            first = e;
        if (r != MW_ERR_TRAP || e.trap != MW_TRAP_MEMORY_OOB)
            trapped_all = false;
    }
    mw_val arg = mw_val_i32(0xfffc);
    bool next_ok = mw_func_call(i.store, load, &arg, 1, res, 1, &e) == MW_OK;
    int32_t got = res[0].of.i32;
    inst_delete(&i);
    if (!trapped_all)
        return fail(c, "a load out of bounds did not trap", NULL);
    puts_(&c->line, "trapped: ");
    puts_(&c->line, mw_trap_message(first.trap));
    if (!next_ok || got != 0x2a2a2a2a)
        return fail(c, "; the next call failed", next_ok ? NULL : &e);
    puts_(&c->line, "; next call ok");
    puts_(&c->line, MW_PLATFORM_TRAPS ? " (guard pages)" : " (bounds checks)");
    return ok_line(c);
}

/* data_image: a module with a 1 MiB data segment at 64 KiB. Word k of the segment is
 * k | 0x5a000000 (see build.sh). Two instances of the module: writes of one stay
 * private. */
static bool ex_data_image(run_ctx *c)
{
    mw_error e;
    inst a, b = {NULL, NULL, NULL};
    line_start(c, "data_image");
    /* one module (one image), instantiated in two stores (two mappings of it) */
    bool ok = instantiate(c, &c->mods->data_image, NULL, &a, &e) &&
              mw_store_new(c->engine, NULL, &b.store, &e) == MW_OK &&
              mw_instance_new(b.store, a.module, NULL, 0, &b.instance, &e) == MW_OK;
    if (!ok) {
        inst_delete(&a);
        inst_delete(&b);
        return fail(c, "instantiate", &e);
    }
    mw_func *la = export_func(&a, "load32"), *sa = export_func(&a, "store32");
    mw_func *lb = export_func(&b, "load32");
    static const uint32_t words[] = {0, 1, 2, 255, 4096, 100000, 262143};
    int checked = 0;
    ok = la != NULL && sa != NULL && lb != NULL;
    for (unsigned k = 0; ok && k < sizeof words / sizeof words[0]; k++) {
        mw_val arg = mw_val_i32((int32_t)(65536 + 4 * words[k])), res[1];
        ok = mw_func_call(a.store, la, &arg, 1, res, 1, &e) == MW_OK &&
             (uint32_t)res[0].of.i32 == (words[k] | 0x5a000000u);
        checked += ok;
    }
    /* around the segment: zero */
    mw_val arg0 = mw_val_i32(65532), r0[1];
    ok = ok && mw_func_call(a.store, la, &arg0, 1, r0, 1, &e) == MW_OK && r0[0].of.i32 == 0;
    mw_val arg1 = mw_val_i32(65536 + (1 << 20)), r1[1];
    ok = ok && mw_func_call(a.store, la, &arg1, 1, r1, 1, &e) == MW_OK && r1[0].of.i32 == 0;
    /* write through instance a, read through instance b */
    mw_val st[2] = {mw_val_i32(65536 + 4 * 7), mw_val_i32(-1)}, rb[1], ra[1];
    mw_val at = mw_val_i32(65536 + 4 * 7);
    bool private_ok = ok && mw_func_call(a.store, sa, st, 2, NULL, 0, &e) == MW_OK &&
                      mw_func_call(a.store, la, &at, 1, ra, 1, &e) == MW_OK &&
                      ra[0].of.i32 == -1 &&
                      mw_func_call(b.store, lb, &at, 1, rb, 1, &e) == MW_OK &&
                      (uint32_t)rb[0].of.i32 == (7u | 0x5a000000u);
    inst_delete(&a);
    inst_delete(&b);
    if (!ok)
        return fail(c, "segment contents wrong", NULL);
    if (!private_ok)
        return fail(c, "a write leaked into another instance", NULL);
    puts_(&c->line, "1 MiB segment, ");
    puti(&c->line, checked);
    puts_(&c->line, " words ok, writes private");
    puts_(&c->line, MW_PLATFORM_VM ? " (mapped copy-on-write)" : " (copied)");
    return ok_line(c);
}

/* host.print(ptr, len): passes wasm memory bytes to the host's print callback. */
typedef struct print_env {
    const struct mw_embedding_modules *mods;
    char seen[64];
    size_t seen_len;
} print_env;

static mw_result host_print(mw_caller *caller, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)results;
    print_env *pe = env;
    mw_memory *mem = mw_caller_memory(caller);
    uint32_t ptr = (uint32_t)args[0].of.i32, len = (uint32_t)args[1].of.i32;
    if (mem == NULL || (uint64_t)ptr + len > mw_memory_size(mem))
        return mw_caller_trap(caller, "host.print: out of bounds");
    const char *s = (const char *)mw_memory_data(mem) + ptr;
    if (pe->mods->print != NULL)
        pe->mods->print(pe->mods->print_ctx, s, len);
    for (uint32_t k = 0; k < len && pe->seen_len < sizeof pe->seen; k++)
        pe->seen[pe->seen_len++] = s[k];
    return MW_OK;
}

/* hello_world: the module prints "Hello, world!" through host.print. */
static bool ex_hello(run_ctx *c)
{
    mw_error e;
    inst i = {NULL, NULL, NULL};
    mw_linker *l = NULL;
    print_env pe;
    pe.mods = c->mods;
    pe.seen_len = 0;
    line_start(c, "hello_world");
    static const mw_valtype params[2] = {MW_I32, MW_I32};
    mw_functype ft = {2, 0, params, NULL};
    bool ok = mw_linker_new(c->engine, &l, &e) == MW_OK &&
              mw_linker_define_func_cstr(l, "host", "print", &ft, host_print, &pe, NULL, &e) == MW_OK &&
              instantiate(c, &c->mods->hello, l, &i, &e);
    mw_func *run = ok ? export_func(&i, "run") : NULL;
    if (ok && run == NULL)
        ok = set_err(&e, "no export \"run\"");
    if (ok)
        ok = mw_func_call(i.store, run, NULL, 0, NULL, 0, &e) == MW_OK;
    inst_delete(&i);
    if (l != NULL)
        mw_linker_delete(l);
    if (!ok)
        return fail(c, "run", &e);
    static const char want[] = "Hello, world!\n";
    bool same = pe.seen_len == sizeof want - 1;
    for (size_t k = 0; same && k < pe.seen_len; k++)
        same = pe.seen[k] == want[k];
    puts_(&c->line, "printed \"");
    put(&c->line, pe.seen, pe.seen_len > 0 && pe.seen[pe.seen_len - 1] == '\n'
                               ? pe.seen_len - 1 : pe.seen_len);
    puts_(&c->line, "\"");
    if (!same)
        return fail(c, "expected \"Hello, world!\"", NULL);
    return ok_line(c);
}

/* ------------------------------------------------------------ entry point */

EXPORT int minwasm_embedding_run(char *err_buf, size_t err_cap,
                                 const struct mw_embedding_modules *mods)
{
    text err = {err_buf, err_cap, 0};
    if (err_cap != 0)
        err_buf[0] = '\0';
    if (mods == NULL || mods->out_len == NULL) {
        puts_(&err, "minwasm_embedding_run: no modules");
        return (int)err.len;
    }
    if (!heap_init()) {
        puts_(&err, "minwasm_embedding_run: no memory for the heap");
        return (int)err.len;
    }

    run_ctx c;
    c.mods = mods;
    c.err = &err;
    c.failures = 0;
    c.engine = NULL;
    c.tier = NULL;

    mw_engine_config cfg;
    __builtin_memset(&cfg, 0, sizeof cfg);
    cfg.alloc = embedding_alloc;
    cfg.value_stack_slots = MW_EMBEDDING_STACK_SLOTS;
    cfg.max_call_depth = MW_EMBEDDING_CALL_DEPTH;
    mw_error e;
    line_start(&c, "engine");
    if (mw_engine_new(&cfg, &c.engine, &e) != MW_OK) {
        fail(&c, "mw_engine_new", &e);
    } else {
        ex_smoke(&c);
        ex_simple_add(&c);
        ex_simple_host_fn(&c);
        ex_simple_floats(&c);
        ex_out_of_bounds(&c);
        ex_data_image(&c);
        ex_hello(&c);
        mw_engine_delete(c.engine);
    }

    line_start(&c, "allocator");
    puts_(&c.line, "peak ");
    putu(&c.line, (H.peak + 1023) / 1024);
    puts_(&c.line, " KiB");
    if (H.in_use != 0) {
        char what[64];
        text w = {what, sizeof what, 0};
        putu(&w, H.in_use);
        puts_(&w, " bytes still allocated after mw_engine_delete");
        puts_(&c.line, ", ");
        fail(&c, what, NULL);
    } else {
        puts_(&c.line, ", all freed");
        ok_line(&c);
    }
    heap_fini();
    return c.failures == 0 ? 0 : (int)(err.len < err_cap ? err.len : err_cap ? err_cap - 1 : 0);
}
