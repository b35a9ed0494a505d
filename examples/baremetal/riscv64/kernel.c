/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * kernel.c — the riscv64 kernel: physical page allocator, Sv39 page tables and the
 * trap handler. start.S enters kernel_main in S-mode with paging off.
 *
 * Address space: the first GiB (the devices) and the GiB at 0x80000000 (RAM) are
 * identity-mapped with gigapages, so the kernel addresses frames physically. Virtual
 * addresses from 4 GiB to 256 GiB (the rest of Sv39's lower half) are handed out as
 * reservations (the platform's VM group, platform.c), mapped with 4 KiB pages.
 */
#include "kernel.h"
#include "board.h"

extern char __kernel_end[], __trap_stack_top[];

#define RAM_BASE 0x80000000u
#define RAM_SIZE (128u << 20)   /* qemu -m 128M */
#define NFRAMES (RAM_SIZE / PAGE)

static void say(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    board_write(s, n);
}

static void say_hex(uint64_t v)
{
    char d[18] = {'0', 'x'};
    for (int i = 0; i < 16; i++)
        d[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    board_write(d, sizeof d);
}

__attribute__((noreturn)) static void panic(const char *what, uint64_t a, uint64_t b)
{
    say("PANIC: ");
    say(what);
    say(" ");
    say_hex(a);
    say(" ");
    say_hex(b);
    say("\n");
    board_exit(0);
}

/* ------------------------------------------------------------ physical pages */

/* One bit per frame of RAM (set: in use) and a reference count per frame. Frames below
 * __kernel_end are the kernel's and stay marked. */
static uint64_t used[NFRAMES / 64];
static uint16_t refs[NFRAMES];
static size_t nfree, hint;
static size_t low_free;   /* the fewest free frames seen */

static size_t frame_index(uintptr_t frame) { return (frame - RAM_BASE) / PAGE; }

static void pages_init(void)
{
    size_t first = ((uintptr_t)__kernel_end - RAM_BASE + PAGE - 1) / PAGE;
    for (size_t i = 0; i < NFRAMES; i++)
        if (i < first)
            used[i / 64] |= 1ull << (i % 64);
    nfree = low_free = NFRAMES - first;
    hint = first;
}

static bool is_used(size_t i) { return used[i / 64] >> (i % 64) & 1; }

uintptr_t kpage_alloc(size_t n)
{
    if (n == 0 || n > nfree)
        return 0;
    /* first fit from the hint, then from the start */
    for (int pass = 0; pass < 2; pass++) {
        size_t start = pass == 0 ? hint : 0, run = 0;
        for (size_t i = start; i < NFRAMES; i++) {
            run = is_used(i) ? 0 : run + 1;
            if (run == n) {
                size_t first = i + 1 - n;
                for (size_t k = first; k <= i; k++) {
                    used[k / 64] |= 1ull << (k % 64);
                    refs[k] = 1;
                }
                nfree -= n;
                if (nfree < low_free)
                    low_free = nfree;
                hint = i + 1;
                uintptr_t frame = RAM_BASE + first * PAGE;
                __builtin_memset((void *)frame, 0, n * PAGE);
                return frame;
            }
        }
    }
    return 0;
}

void kpage_free(uintptr_t frame, size_t n)
{
    for (size_t k = frame_index(frame); n--; k++) {
        if (!is_used(k))
            panic("double free of frame", RAM_BASE + k * PAGE, 0);
        used[k / 64] &= ~(1ull << (k % 64));
        refs[k] = 0;
        nfree++;
    }
}

void kpage_ref(uintptr_t frame)
{
    size_t i = frame_index(frame);
    if (refs[i] == UINT16_MAX)
        panic("too many references to frame", frame, 0);
    refs[i]++;
}

void kpage_unref(uintptr_t frame)
{
    size_t i = frame_index(frame);
    if (refs[i] == 0)
        panic("unreferenced frame", frame, 0);
    if (--refs[i] == 0) {
        refs[i] = 1;
        kpage_free(frame, 1);
    }
}

size_t kpage_refs(uintptr_t frame) { return refs[frame_index(frame)]; }
size_t kpage_free_count(void) { return nfree; }

/* ------------------------------------------------------------ Sv39 */

static uint64_t *root;   /* the root page table */

#define VPN(va, level) (((va) >> (12 + 9 * (level))) & 511)

uint64_t *kvm_pte(uintptr_t va, bool create)
{
    uint64_t *table = root;
    for (int level = 2; level > 0; level--) {
        uint64_t *e = &table[VPN(va, level)];
        if (!(*e & PTE_V)) {
            if (!create)
                return NULL;
            uintptr_t t = kpage_alloc(1);
            if (t == 0)
                return NULL;
            *e = PTE_OF(t) | PTE_V;
        }
        if (*e & (PTE_R | PTE_W | PTE_X))
            panic("a reservation overlaps a kernel mapping", va, *e);
        table = (uint64_t *)PTE_FRAME(*e);
    }
    return &table[VPN(va, 0)];
}

static bool table_empty(const uint64_t *t)
{
    for (int i = 0; i < 512; i++)
        if (t[i] != 0)
            return false;
    return true;
}

void kvm_prune(uintptr_t va, size_t size)
{
    uintptr_t end = va + size;
    for (uintptr_t g = va & ~(((uintptr_t)1 << 30) - 1); g < end; g += (uintptr_t)1 << 30) {
        uint64_t *e2 = &root[VPN(g, 2)];
        if (!(*e2 & PTE_V))
            continue;
        uint64_t *l1 = (uint64_t *)PTE_FRAME(*e2);
        for (uintptr_t m = g; m < g + ((uintptr_t)1 << 30); m += (uintptr_t)1 << 21) {
            if (m + ((uintptr_t)1 << 21) <= va || m >= end)
                continue;
            uint64_t *e1 = &l1[VPN(m, 1)];
            if ((*e1 & PTE_V) && table_empty((uint64_t *)PTE_FRAME(*e1))) {
                kpage_free(PTE_FRAME(*e1), 1);
                *e1 = 0;
            }
        }
        if (table_empty(l1)) {
            kpage_free(PTE_FRAME(*e2), 1);
            *e2 = 0;
        }
    }
}

void kvm_flush(void) { __asm__ volatile("sfence.vma" ::: "memory"); }

/* Free ranges of the reservation area, sorted, coalesced. */
#define VA_BASE ((uintptr_t)4 << 30)
#define VA_END ((uintptr_t)256 << 30)
#define VA_ALIGN ((uintptr_t)2 << 20)
#define MAX_RANGES 64
static struct { uintptr_t start, end; } ranges[MAX_RANGES];
static int nranges;

uintptr_t kvm_range_alloc(size_t size)
{
    size = (size + VA_ALIGN - 1) & ~(VA_ALIGN - 1);
    for (int i = 0; i < nranges; i++) {
        if (ranges[i].end - ranges[i].start >= size) {
            uintptr_t va = ranges[i].start;
            ranges[i].start += size;
            if (ranges[i].start == ranges[i].end) {
                for (int k = i; k + 1 < nranges; k++)
                    ranges[k] = ranges[k + 1];
                nranges--;
            }
            return va;
        }
    }
    return 0;
}

void kvm_range_free(uintptr_t va, size_t size)
{
    size = (size + VA_ALIGN - 1) & ~(VA_ALIGN - 1);
    uintptr_t end = va + size;
    int i = 0;
    while (i < nranges && ranges[i].start < va)
        i++;
    bool join_prev = i > 0 && ranges[i - 1].end == va;
    bool join_next = i < nranges && ranges[i].start == end;
    if (join_prev && join_next) {
        ranges[i - 1].end = ranges[i].end;
        for (int k = i; k + 1 < nranges; k++)
            ranges[k] = ranges[k + 1];
        nranges--;
    } else if (join_prev) {
        ranges[i - 1].end = end;
    } else if (join_next) {
        ranges[i].start = va;
    } else {
        if (nranges == MAX_RANGES)
            panic("address space too fragmented", va, size);
        for (int k = nranges; k > i; k--)
            ranges[k] = ranges[k - 1];
        ranges[i].start = va;
        ranges[i].end = end;
        nranges++;
    }
}

static void vm_init(void)
{
    root = (uint64_t *)kpage_alloc(1);
    if (root == NULL)
        panic("no frame for the root page table", 0, 0);
    /* gigapages: devices at 0 (RW), RAM at 2 GiB (RWX); accessed and dirty set, so the
     * hardware never needs to update them */
    root[0] = PTE_OF(0) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
    root[2] = PTE_OF(RAM_BASE) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
    ranges[0].start = VA_BASE;
    ranges[0].end = VA_END;
    nranges = 1;
    uint64_t satp = (8ull << 60) | ((uintptr_t)root >> 12);   /* mode 8: Sv39 */
    __asm__ volatile("csrw satp, %0\n\tsfence.vma" : : "r"(satp) : "memory");
}

/* ------------------------------------------------------------ traps */

extern void trap_vector(void);

/* Called by trap.S for every exception. Page faults go to the platform layer (it
 * resolves copy-on-write, or the core turns the fault into a wasm trap and this never
 * returns); anything else, or a page fault nobody claims, is a kernel bug. */
void kernel_trap(struct trap_frame *f)
{
    uint64_t cause, tval, epc;
    __asm__ volatile("csrr %0, scause\n\tcsrr %1, stval\n\tcsrr %2, sepc"
                     : "=r"(cause), "=r"(tval), "=r"(epc));
    if (cause == 12 || cause == 13 || cause == 15) {   /* instruction, load, store page fault */
        if (platform_page_fault(f, cause, (uintptr_t)tval))
            return;
        panic("page fault outside wasm memory at pc/address", epc, tval);
    }
    say("exception ");
    say_hex(cause);
    say(" ");
    panic("at pc/tval", epc, tval);
}

unsigned long kstat_core_faults, kstat_cow_faults;
static size_t boot_free;   /* free frames when the examples started */

static void say_u(unsigned long v)
{
    char d[24];
    size_t i = sizeof d;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    board_write(d + i, sizeof d - i);
}

/* What the kernel saw: the page faults, the most frames in use (page tables, linear
 * memories and images, and in the guard build the engine's heap), and whether every
 * frame came back. */
void board_report(void)
{
    say("kernel: frames: peak ");
    say_u((unsigned long)(boot_free - low_free) * PAGE / 1024);
    say(" KiB in use\n");
    say("kernel: page faults: ");
    say_u(kstat_core_faults);
    say(" -> wasm traps, ");
    say_u(kstat_cow_faults);
    say(" copy-on-write; ");
    if (kpage_free_count() == boot_free) {
        say("all frames returned\n");
    } else {
        say_u(boot_free - kpage_free_count());
        say(" frames not returned\n");
    }
#ifdef BM_WILD_FAULT
    /* The test of the other path: a fault in no wasm memory, with the core's handler
     * installed (the engine is gone, its handler stays). The core must decline it and
     * the kernel must stop with a failure, as an OS would kill the process. */
    say("kernel: touching an unmapped address outside any wasm memory\n");
    (void)*(volatile uint32_t *)(uintptr_t)VA_BASE;
    say("kernel: the access did not fault\n");
#endif
}

void kernel_main(void)
{
    __asm__ volatile("csrw sscratch, %0\n\tcsrw stvec, %1"
                     : : "r"(__trap_stack_top), "r"(trap_vector));
    pages_init();
    vm_init();
    boot_free = low_free = kpage_free_count();
    bm_main();
}
