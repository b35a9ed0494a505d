/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * platform.c — minwasm's platform API (include/minwasm_platform.h) on the riscv64
 * kernel's own hardware: groups VM, TRAPS and TLS.
 *
 *   VM     reservations are ranges of the kernel's Sv39 address space with no page
 *          mapped; protect(READ|WRITE) maps zeroed frames (or re-enables kept ones);
 *          protect(NONE) keeps a page's frame with V clear; images are frames mapped
 *          read-only with the PTE_COW software bit, and a store to such a page faults
 *          and gets a private copy (or the frame itself when it is the last reference).
 *   TRAPS  the kernel's page-fault handler (kernel.c) calls platform_page_fault: a
 *          fault that is not a copy-on-write goes to the core's handler with sepc, s0
 *          and stval; the core leaves through mw_platform_longjmp (jmp.S) when it is a
 *          wasm out-of-bounds access.
 *   TLS    one hart runs wasm: a static variable.
 */
#include "minwasm_platform.h"
#include "kernel.h"

#define ENOMEM 12
#define EINVAL 22

size_t mw_platform_page_size(void) { return PAGE; }

static bool aligned(const void *addr, size_t size)
{
    return ((uintptr_t)addr % PAGE) == 0 && size % PAGE == 0;
}

int mw_platform_reserve(size_t size, void **out)
{
    if (size == 0 || size % PAGE != 0)
        return EINVAL;
    uintptr_t va = kvm_range_alloc(size);
    if (va == 0)
        return ENOMEM;
    *out = (void *)va;
    return 0;
}

int mw_platform_protect(void *addr, size_t size, uint32_t prot)
{
    if (!aligned(addr, size))
        return EINVAL;
    int rc = 0;
    for (uintptr_t va = (uintptr_t)addr; va < (uintptr_t)addr + size; va += PAGE) {
        if (prot == MW_PROT_NONE) {
            uint64_t *pte = kvm_pte(va, false);
            if (pte != NULL)
                *pte &= ~(uint64_t)PTE_V;   /* the frame stays, inaccessible */
            continue;
        }
        uint64_t *pte = kvm_pte(va, true);
        if (pte == NULL) {
            rc = ENOMEM;
            break;
        }
        if (PTE_FRAME(*pte) == 0) {   /* never committed: a fresh zeroed frame */
            uintptr_t frame = kpage_alloc(1);
            if (frame == 0) {
                rc = ENOMEM;
                break;
            }
            *pte = PTE_OF(frame);
        }
        /* an image page stays read-only until written (copy-on-write) */
        bool writable = (prot & MW_PROT_WRITE) && !(*pte & PTE_COW);
        *pte = (*pte & ~(uint64_t)(PTE_W | PTE_WANT_W)) | PTE_V | PTE_R | PTE_A | PTE_D |
               (writable ? PTE_W : 0) | ((prot & MW_PROT_WRITE) ? PTE_WANT_W : 0);
    }
    kvm_flush();
    return rc;
}

/* Drop the frames of [va, va+size) and leave the pages unmapped. */
static void release(uintptr_t va, size_t size)
{
    for (uintptr_t p = va; p < va + size; p += PAGE) {
        uint64_t *pte = kvm_pte(p, false);
        if (pte == NULL) {   /* no table here: skip to the next 2 MiB */
            p = (p | ((1u << 21) - 1)) + 1 - PAGE;
            continue;
        }
        if (PTE_FRAME(*pte) != 0)
            kpage_unref(PTE_FRAME(*pte));
        *pte = 0;
    }
    kvm_flush();
}

int mw_platform_decommit(void *addr, size_t size)
{
    if (!aligned(addr, size))
        return EINVAL;
    release((uintptr_t)addr, size);
    return 0;
}

int mw_platform_unmap(void *addr, size_t size)
{
    if (!aligned(addr, size) || size == 0)
        return EINVAL;
    release((uintptr_t)addr, size);
    kvm_prune((uintptr_t)addr, size);
    kvm_range_free((uintptr_t)addr, size);
    return 0;
}

/* ------------------------------------------------------------ images */

struct mw_platform_image {
    size_t npages;      /* frames[] entries */
    size_t self_pages;  /* frames holding this structure */
    uintptr_t frames[];
};

int mw_platform_image_new(const uint8_t *data, size_t len, mw_platform_image **out)
{
    *out = NULL;
    if (len == 0 || len % PAGE != 0)
        return EINVAL;
    size_t n = len / PAGE;
    size_t self = (sizeof(mw_platform_image) + n * sizeof(uintptr_t) + PAGE - 1) / PAGE;
    mw_platform_image *img = (mw_platform_image *)kpage_alloc(self);
    if (img == NULL)
        return ENOMEM;
    img->npages = n;
    img->self_pages = self;
    for (size_t i = 0; i < n; i++) {
        img->frames[i] = kpage_alloc(1);
        if (img->frames[i] == 0) {
            img->npages = i;
            mw_platform_image_free(img);
            return ENOMEM;
        }
        __builtin_memcpy((void *)img->frames[i], data + i * PAGE, PAGE);
    }
    *out = img;
    return 0;
}

int mw_platform_image_map_at(mw_platform_image *img, void *addr, size_t len)
{
    if (!aligned(addr, len) || len != img->npages * PAGE)
        return EINVAL;
    for (size_t i = 0; i < img->npages; i++) {
        uintptr_t va = (uintptr_t)addr + i * PAGE;
        uint64_t *pte = kvm_pte(va, true);
        if (pte == NULL) {
            kvm_flush();
            return ENOMEM;
        }
        if (PTE_FRAME(*pte) != 0)
            kpage_unref(PTE_FRAME(*pte));
        kpage_ref(img->frames[i]);
        *pte = PTE_OF(img->frames[i]) | PTE_V | PTE_R | PTE_A | PTE_D | PTE_COW | PTE_WANT_W;
    }
    kvm_flush();
    return 0;
}

void mw_platform_image_free(mw_platform_image *img)
{
    if (img == NULL)
        return;
    for (size_t i = 0; i < img->npages; i++)
        kpage_unref(img->frames[i]);
    kpage_free((uintptr_t)img, img->self_pages);
}

/* ------------------------------------------------------------ traps and TLS */

static mw_platform_trap_handler core_handler;
static void *tls_value;

int mw_platform_init_traps(mw_platform_trap_handler handler)
{
    core_handler = handler;   /* the same handler again is harmless */
    return 0;
}

void *mw_platform_tls_get(void) { return tls_value; }
void mw_platform_tls_set(void *ptr) { tls_value = ptr; }

/* A store to an image page: give this mapping its own frame. */
static bool copy_on_write(uintptr_t addr)
{
    uint64_t *pte = kvm_pte(addr & ~(uintptr_t)(PAGE - 1), false);
    uint64_t want = PTE_V | PTE_COW | PTE_WANT_W;
    if (pte == NULL || (*pte & want) != want)
        return false;
    uintptr_t old = PTE_FRAME(*pte);
    if (kpage_refs(old) > 1) {   /* shared: copy; the last mapping takes the frame over */
        uintptr_t frame = kpage_alloc(1);
        if (frame == 0)
            return false;   /* out of memory: reported as the fault it is */
        __builtin_memcpy((void *)frame, (const void *)old, PAGE);
        kpage_unref(old);
        old = frame;
    }
    *pte = PTE_OF(old) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
    kvm_flush();
    return true;
}

bool platform_page_fault(struct trap_frame *f, uint64_t cause, uintptr_t addr)
{
    if (cause == 15 && copy_on_write(addr)) {
        kstat_cow_faults++;
        return true;
    }
    if (core_handler != NULL) {
        kstat_core_faults++;   /* undone below if the core returns */
        uint64_t epc;
        __asm__ volatile("csrr %0, sepc" : "=r"(epc));
        core_handler((uintptr_t)epc, (uintptr_t)f->x[8], true, addr);
        kstat_core_faults--;
    }
    return false;   /* not the core's: the kernel reports it */
}
