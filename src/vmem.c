/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * vmem.c — where linear memories live, in each platform configuration (doc/memory.md).
 *
 *   no platform groups   the bytes come from the allocator hook and growth reallocates;
 *                        the interpreter checks every access against the size.
 *   MW_PLATFORM_VM       a memory is a reservation of its maximum size; growth commits
 *                        pages in place (the base never moves, nothing is copied), and
 *                        the initial contents of a module's memory are mapped
 *                        copy-on-write from an image built once per module.
 *   + MW_PLATFORM_TRAPS  the reservation is 4 GiB plus a 4 GiB guard region, so any
 *                        32-bit address plus 32-bit offset lands inside it: accesses go
 *                        unchecked and an out-of-bounds one faults into mwV_fault.
 */
#include "mw_internal.h"
#include "opcodes.h"
#if MW_PLATFORM_VM
#  include "../include/minwasm_platform.h"
#endif

#if MW_PLATFORM_VM

/* Round n up to a multiple of the platform page size (a power of two). */
static uint64_t page_round(uint64_t n)
{
    uint64_t p = mw_platform_page_size();
    return (n + p - 1) & ~(p - 1);
}

static uint64_t reservation_size(const mw_memory *m)
{
#if MW_PLATFORM_TRAPS
    (void)m;
    /* Every address (u32) + offset (u32) + access size (<= 16: v128) stays inside. */
    return page_round((uint64_t)8 << 30) + page_round(MW_PAGE_SIZE);
#else
    return page_round((uint64_t)m->max_pages * MW_PAGE_SIZE);
#endif
}

mw_result mwV_mem_init(mw_memory *m, uint32_t pages)
{
    uint64_t psz = mw_platform_page_size();
    /* A wasm page must be a whole number of platform pages, or protection could not
     * end exactly at the memory's size. */
    if (psz == 0 || psz > MW_PAGE_SIZE || MW_PAGE_SIZE % psz) return MW_ERR_LIMIT;
    uint64_t len = reservation_size(m);
    if (len == 0 || len > SIZE_MAX) {
        m->data = NULL;
        m->reserved = 0;
        return len == 0 ? MW_OK : MW_ERR_LIMIT;
    }
    void *base;
    if (mw_platform_reserve((size_t)len, &base) != 0) return MW_ERR_NOMEM;
    m->data = base;
    m->reserved = (size_t)len;
    uint64_t bytes = (uint64_t)pages * MW_PAGE_SIZE;
    if (bytes && mw_platform_protect(base, (size_t)bytes, MW_PROT_READ | MW_PROT_WRITE) != 0) {
        mw_platform_unmap(base, (size_t)len);
        m->data = NULL;
        m->reserved = 0;
        return MW_ERR_NOMEM;
    }
    m->size = bytes;
    return MW_OK;
}

mw_result mwV_mem_grow(mw_memory *m, uint32_t npages)
{
    uint64_t nsize = (uint64_t)npages * MW_PAGE_SIZE;
    if (nsize > m->reserved) return MW_ERR_LIMIT;
    if (mw_platform_protect(m->data + m->size, (size_t)(nsize - m->size),
                            MW_PROT_READ | MW_PROT_WRITE) != 0)
        return MW_ERR_NOMEM;
    m->size = nsize;
    return MW_OK;
}

void mwV_mem_free(mw_memory *m)
{
    if (m->data) mw_platform_unmap(m->data, m->reserved);
    m->data = NULL;
}

/*
 * Build the module's memory image: the initial contents of its defined memory over the
 * page range the active data segments touch, when every active segment has a constant
 * offset and fits the initial size. Instantiation then maps the image at that range
 * instead of copying the segments. The image costs time and memory in proportion to
 * its range, so it is built only when the range is dense with data: a module that
 * declares a large memory with a few bytes far apart (cheap to write, costly to image)
 * keeps the ordinary per-segment copy, whose cost is the data's own. The image is an
 * optimisation: when the allocator or the platform refuses it, segments are copied.
 */
/* Pages of [lo, hi) (page-aligned) that active segments touch, counted exactly (with a
 * bitmap of at most 128 KiB), so overlapping segments cannot make a sparse range look
 * dense. UINT64_MAX when the bitmap cannot be had. */
static uint64_t touched_pages(mw_module *m, uint64_t lo, uint64_t hi, uint64_t psz)
{
    uint64_t npages = (hi - lo) / psz, touched = 0;
    size_t nbytes = (size_t)((npages + 7) / 8);
    uint8_t *bits = mwM_zalloc(m->engine, nbytes);
    if (!bits) return UINT64_MAX;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const mwi_data *d = &m->datas[i];
        if (d->mode != MWI_SEG_ACTIVE || !d->len) continue;
        uint64_t s = (uint32_t)d->offset.val;
        for (uint64_t p = (s - lo) / psz, e = (s + d->len - 1 - lo) / psz; p <= e; p++) {
            if (!(bits[p >> 3] & (1u << (p & 7)))) touched++;
            bits[p >> 3] |= (uint8_t)(1u << (p & 7));
        }
    }
    mwM_free(m->engine, bits, nbytes);
    return touched;
}

mw_result mwV_image_build(mw_module *m, mw_error *err)
{
    (void)err;
    if (m->nmems != 1 || m->nmem_imports != 0) return MW_OK;
    uint64_t limit = m->mems[0].lim.min * (uint64_t)MW_PAGE_SIZE;
    uint64_t psz = mw_platform_page_size();
    uint64_t lo = UINT64_MAX, hi = 0, bound = 0;   /* bound: pages touched, at most */
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const mwi_data *d = &m->datas[i];
        if (d->mode != MWI_SEG_ACTIVE) continue;
        if (d->offset.op != OP_I32_CONST) return MW_OK;
        uint64_t s = (uint32_t)d->offset.val, e = s + d->len;
        if (e > limit) return MW_OK;
        if (!d->len) continue;
        if (s < lo) lo = s;
        if (e > hi) hi = e;
        bound += (page_round(e) - (s & ~(psz - 1))) / psz;
    }
    if (hi == 0) return MW_OK;
    lo &= ~(psz - 1);
    hi = page_round(hi);
    uint64_t len = hi - lo;
    /* Dense: at most half of the image's pages (plus a little slack) hold no data. The
     * cheap bound settles most modules; the exact count the rest. */
    if (len > SIZE_MAX || len / psz > 2 * bound + 16) return MW_OK;
    if (len / psz > 16) {
        uint64_t touched = touched_pages(m, lo, hi, psz);
        if (touched == UINT64_MAX || len / psz > 2 * touched + 16) return MW_OK;
    }
    uint8_t *buf = mwM_zalloc(m->engine, (size_t)len);
    if (!buf) return MW_OK;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const mwi_data *d = &m->datas[i];
        if (d->mode == MWI_SEG_ACTIVE && d->len)
            memcpy(buf + ((uint32_t)d->offset.val - lo), d->bytes, d->len);
    }
    mw_platform_image *img = NULL;
    int rc = mw_platform_image_new(buf, (size_t)len, &img);
    mwM_free(m->engine, buf, (size_t)len);
    if (rc != 0) img = NULL;
    m->image = img;           /* NULL: the platform has no images; copy instead */
    m->image_off = img ? (size_t)lo : 0;
    m->image_len = img ? (size_t)len : 0;
    return MW_OK;
}

void mwV_image_free(mw_module *m)
{
    if (m->image) mw_platform_image_free(m->image);
    m->image = NULL;
}

bool mwV_image_apply(mw_instance *inst)
{
    mw_module *m = inst->module;
    if (!m->image || !inst->mem || inst->mem->size < (uint64_t)m->image_off + m->image_len)
        return false;
    return mw_platform_image_map_at(m->image, inst->mem->data + m->image_off,
                                    m->image_len) == 0;
}

#if MW_PLATFORM_TRAPS
bool mwV_addr_in_memory(mw_store *s, uintptr_t addr)
{
    for (mwi_obj *o = s->objects; o; o = o->next) {
        if (o->kind != MW_EXTERN_MEMORY) continue;
        const mw_memory *m = (const mw_memory *)o;
        uintptr_t b = (uintptr_t)m->data;
        if (m->data && addr >= b && addr - b < m->reserved) return true;
    }
    return false;
}
#endif

#else /* !MW_PLATFORM_VM: the allocator holds the bytes */

mw_result mwV_mem_init(mw_memory *m, uint32_t pages)
{
    uint64_t size = (uint64_t)pages * MW_PAGE_SIZE;
    m->data = NULL;
    m->reserved = 0;
    if (size > SIZE_MAX) return MW_ERR_LIMIT;
    if (size) {
        /* Zero-sized memories keep data NULL; accesses are checked against size. */
        m->data = mwM_zalloc(m->hdr.store->engine, (size_t)size);
        if (!m->data) return MW_ERR_NOMEM;
    }
    m->size = size;
    return MW_OK;
}

mw_result mwV_mem_grow(mw_memory *m, uint32_t npages)
{
    uint64_t nsize = (uint64_t)npages * MW_PAGE_SIZE;
    if (nsize > SIZE_MAX) return MW_ERR_LIMIT;
    uint8_t *d = mwM_realloc(m->hdr.store->engine, m->data, (size_t)m->size, (size_t)nsize);
    if (!d) return MW_ERR_NOMEM;
    memset(d + m->size, 0, (size_t)(nsize - m->size));
    m->data = d;
    m->size = nsize;
    return MW_OK;
}

void mwV_mem_free(mw_memory *m)
{
    if (m->data) mwM_free(m->hdr.store->engine, m->data, (size_t)m->size);
    m->data = NULL;
}

mw_result mwV_image_build(mw_module *m, mw_error *err) { (void)m; (void)err; return MW_OK; }
void mwV_image_free(mw_module *m) { (void)m; }
bool mwV_image_apply(mw_instance *inst) { (void)inst; return false; }

#endif
