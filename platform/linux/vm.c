/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * vm.c — the virtual-memory and native-code groups of the platform API
 * (minwasm_platform.h) on raw Linux system calls: reservations are PROT_NONE anonymous
 * mappings, images are memfds mapped privately (copy-on-write), published code is
 * made read+execute (and, on aarch64, visible to instruction fetch).
 */
#include "minwasm_platform.h"
#include "linux_abi.h"

/* ------------------------------------------------------------ page size */

static size_t page_size_cache;

/*
 * The kernel tells a process its page size only through the auxiliary vector, which a
 * library loaded by somebody else cannot see. x86-64 always uses 4 KiB pages; aarch64
 * kernels use 4, 16 or 64 KiB. Find it by probing: mprotect accepts an address only
 * when it is aligned to the page size, and a fresh mapping is aligned to it.
 */
static size_t probe_page_size(void)
{
#if defined(__x86_64__)
    return 4096;
#else
    const size_t max = 65536;
    long base = mwl_syscall6(MWL_SYS_mmap, 0, (long)(2 * max), MWL_PROT_NONE,
                             MWL_MAP_PRIVATE | MWL_MAP_ANONYMOUS | MWL_MAP_NORESERVE, -1, 0);
    if (mwl_is_err(base))
        return max;   /* cannot happen in practice; 64 KiB is always a multiple */
    size_t ps = 4096;
    while (ps < max &&
           mwl_is_err(mwl_syscall3(MWL_SYS_mprotect, base + (long)ps, (long)ps, MWL_PROT_NONE)))
        ps *= 2;
    mwl_syscall2(MWL_SYS_munmap, base, (long)(2 * max));
    return ps;
#endif
}

size_t mw_platform_page_size(void)
{
    size_t ps = __atomic_load_n(&page_size_cache, __ATOMIC_RELAXED);
    if (ps == 0) {
        ps = probe_page_size();   /* racing threads compute the same value */
        __atomic_store_n(&page_size_cache, ps, __ATOMIC_RELAXED);
    }
    return ps;
}

static int check_aligned(const void *addr, size_t size)
{
    size_t mask = mw_platform_page_size() - 1;
    return (((uintptr_t)addr | size) & mask) == 0 ? 0 : MWL_EINVAL;
}

/* ------------------------------------------------------------ reservations */

int mw_platform_reserve(size_t size, void **out)
{
    *out = NULL;
    if (size == 0 || check_aligned(NULL, size) != 0)
        return MWL_EINVAL;
    long r = mwl_syscall6(MWL_SYS_mmap, 0, (long)size, MWL_PROT_NONE,
                          MWL_MAP_PRIVATE | MWL_MAP_ANONYMOUS | MWL_MAP_NORESERVE, -1, 0);
    if (mwl_is_err(r))
        return mwl_err(r);
    *out = (void *)r;
    return 0;
}

int mw_platform_protect(void *addr, size_t size, uint32_t prot)
{
    int e = check_aligned(addr, size);
    if (e != 0 || size == 0)
        return e;
    long p = MWL_PROT_NONE;
    if (prot & MW_PROT_READ)
        p |= MWL_PROT_READ;
    if (prot & MW_PROT_WRITE)
        p |= MWL_PROT_READ | MWL_PROT_WRITE;   /* write-only does not exist on most CPUs */
    return mwl_err(mwl_syscall3(MWL_SYS_mprotect, (long)addr, (long)size, p));
}

/*
 * MADV_DONTNEED would be enough for anonymous pages, but pages where an image was
 * mapped would come back with the image's bytes. A fresh inaccessible anonymous mapping
 * over the range drops every kind of page and returns the memory to the system.
 */
int mw_platform_decommit(void *addr, size_t size)
{
    int e = check_aligned(addr, size);
    if (e != 0 || size == 0)
        return e;
    long r = mwl_syscall6(MWL_SYS_mmap, (long)addr, (long)size, MWL_PROT_NONE,
                          MWL_MAP_PRIVATE | MWL_MAP_ANONYMOUS | MWL_MAP_NORESERVE |
                              MWL_MAP_FIXED,
                          -1, 0);
    return mwl_err(r);
}

int mw_platform_unmap(void *addr, size_t size)
{
    int e = check_aligned(addr, size);
    if (e != 0 || size == 0)
        return e;
    return mwl_err(mwl_syscall2(MWL_SYS_munmap, (long)addr, (long)size));
}

/* ------------------------------------------------------------ native code */

/* x86-64 keeps instruction fetch coherent with stores by itself. */
#if defined(__aarch64__)
/*
 * aarch64 instruction fetch does not see stores through the data cache: clean the data
 * cache lines to the point of unification, then invalidate the instruction cache lines
 * (the same sequence as libgcc's __clear_cache, which a library without libgcc cannot
 * call). Both operations are broadcast to the inner-shareable domain, so the caches of
 * every core take part; dsb ish waits for them, isb drops what this core has already
 * fetched. A core that may have fetched the old bytes would need its own isb, so code
 * must not be republished while other threads can run it.
 *
 * CTR_EL0 (readable at EL0 on Linux, emulated with the smallest line sizes where cores
 * differ) gives the line sizes as log2 of 4-byte words; its IDC and DIC bits say that
 * this CPU needs no clean, or no invalidation.
 */
static void sync_icache(uintptr_t start, uintptr_t end)
{
    uint64_t ctr;
    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    if (((ctr >> 28) & 1) == 0) {
        uintptr_t line = (uintptr_t)4 << ((ctr >> 16) & 15);   /* DminLine */
        for (uintptr_t a = start & ~(line - 1); a < end; a += line)
            __asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
    }
    __asm__ volatile("dsb ish" : : : "memory");   /* cleaned before invalidated */
    if (((ctr >> 29) & 1) == 0) {
        uintptr_t line = (uintptr_t)4 << (ctr & 15);   /* IminLine */
        for (uintptr_t a = start & ~(line - 1); a < end; a += line)
            __asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
        __asm__ volatile("dsb ish" : : : "memory");
    }
    __asm__ volatile("isb" : : : "memory");
}
#endif

int mw_platform_publish_code(void *addr, size_t size)
{
    if (check_aligned(addr, size) != 0)
        return -1;
    if (size == 0)
        return 0;
    /* Protection first: a failure leaves nothing half done, and no store can land
     * between the cache maintenance and publication. */
    if (mwl_is_err(mwl_syscall3(MWL_SYS_mprotect, (long)addr, (long)size,
                                MWL_PROT_READ | MWL_PROT_EXEC)))
        return -1;
#if defined(__aarch64__)
    sync_icache((uintptr_t)addr, (uintptr_t)addr + size);
#endif
    return 0;
}

/* ------------------------------------------------------------ images */

/*
 * An image is a memfd holding the bytes; the handle is the descriptor plus one (so that
 * no valid image is NULL), which needs no allocation.
 */
typedef uint64_t __attribute__((may_alias)) mwl_u64a;

static int image_fd(const mw_platform_image *img) { return (int)((uintptr_t)img - 1); }

int mw_platform_image_new(const uint8_t *data, size_t len, mw_platform_image **out)
{
    static const char name[] = "minwasm-image";
    *out = NULL;
    if (len == 0 || check_aligned(NULL, len) != 0)
        return MWL_EINVAL;
    long fd = mwl_syscall2(MWL_SYS_memfd_create, (long)name,
                           (long)(MWL_MFD_CLOEXEC | MWL_MFD_ALLOW_SEALING));
    if (fd == -MWL_ENOSYS || fd == -MWL_EINVAL)
        return 0;   /* kernel older than 3.17, or memfd refused: no images */
    if (mwl_is_err(fd))
        return mwl_err(fd);

    /* Size the file first (holes read as zero), then write the non-zero pages only:
     * data segments are often mostly zero, and holes take no memory. */
    long r = mwl_syscall2(MWL_SYS_ftruncate, fd, (long)len);
    int e = mwl_err(r);
    size_t ps = mw_platform_page_size();
    for (size_t off = 0; e == 0 && off < len; off += ps) {
        const mwl_u64a *w = (const mwl_u64a *)(const void *)(data + off);
        size_t i = 0, n = ps / sizeof *w;
        if (((uintptr_t)data & 7u) == 0) {
            while (i < n && w[i] == 0)
                i++;
        }
        if (i == n)
            continue;   /* an all-zero page stays a hole */
        size_t done = 0;
        while (done < ps) {
            r = mwl_syscall4(MWL_SYS_pwrite64, fd, (long)(data + off + done), (long)(ps - done),
                             (long)(off + done));
            if (r == -MWL_EINTR || r == -MWL_EAGAIN)
                continue;
            if (mwl_is_err(r) || r == 0) {
                e = r == 0 ? MWL_EFAULT : mwl_err(r);
                break;
            }
            done += (size_t)r;
        }
    }
    if (e != 0) {
        mwl_syscall1(MWL_SYS_close, fd);
        return e;
    }
    /* Freeze it: nobody can change or resize the bytes under the mappings. Sealing is
     * a safety net only, so a kernel that refuses it is fine. */
    mwl_syscall3(MWL_SYS_fcntl, fd, MWL_F_ADD_SEALS,
                 MWL_F_SEAL_SHRINK | MWL_F_SEAL_GROW | MWL_F_SEAL_WRITE | MWL_F_SEAL_SEAL);
    *out = (mw_platform_image *)(uintptr_t)(fd + 1);
    return 0;
}

int mw_platform_image_map_at(mw_platform_image *img, void *addr, size_t len)
{
    int e = check_aligned(addr, len);
    if (e != 0 || len == 0)
        return e;
    long r = mwl_syscall6(MWL_SYS_mmap, (long)addr, (long)len, MWL_PROT_READ | MWL_PROT_WRITE,
                          MWL_MAP_PRIVATE | MWL_MAP_FIXED, image_fd(img), 0);
    return mwl_err(r);
}

void mw_platform_image_free(mw_platform_image *img)
{
    if (img != NULL)
        mwl_syscall1(MWL_SYS_close, image_fd(img));
}
