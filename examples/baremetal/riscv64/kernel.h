/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * kernel.h — the riscv64 kernel's internal interface: the physical page allocator and
 * the Sv39 address space (kernel.c), used by the platform API (platform.c).
 */
#ifndef BM_KERNEL_H
#define BM_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE 4096u

/* Registers saved by trap.S: x[n] is register xn (x[0] unused, x[2] the interrupted sp). */
struct trap_frame {
    uint64_t x[32];
};

/* ---- physical pages (identity-mapped: a frame's address is usable as a pointer) */

/* n contiguous zeroed frames with reference count 1, or 0 when out of memory. */
uintptr_t kpage_alloc(size_t n);
void kpage_ref(uintptr_t frame);     /* one more reference to a frame */
void kpage_unref(uintptr_t frame);   /* frees the frame at the last reference */
size_t kpage_refs(uintptr_t frame);
void kpage_free(uintptr_t frame, size_t n);   /* n frames from kpage_alloc */
size_t kpage_free_count(void);

/* ---- the Sv39 address space for reservations (virtual addresses 4 GiB..256 GiB) */

/* Leaf page-table entry bits. */
#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define PTE_COW (1u << 8)   /* software (RSW): a shared image page, copied on write */
#define PTE_WANT_W (1u << 9)   /* software (RSW): writable once copied (protect READ|WRITE) */
#define PTE_FRAME(pte) (((pte) >> 10) << 12)
#define PTE_OF(frame) (((uint64_t)(frame) >> 12) << 10)

/* The leaf entry of va, creating the page tables on the way when create; NULL when
 * absent (or when a table cannot be allocated). */
uint64_t *kvm_pte(uintptr_t va, bool create);
/* Free the page tables (not leaves) under [va, va+size) that hold no entry. */
void kvm_prune(uintptr_t va, size_t size);
/* Make the hart see changed entries. */
void kvm_flush(void);

/* Address-space ranges: a 2 MiB-aligned range of at least size bytes, or 0. */
uintptr_t kvm_range_alloc(size_t size);
void kvm_range_free(uintptr_t va, size_t size);

/* Page faults counted by platform.c: handed to the core (which turned them into wasm
 * traps: it never returned) and resolved as copy-on-write. */
extern unsigned long kstat_core_faults, kstat_cow_faults;

/* The page-fault hook of the platform layer (platform.c): true when it resolved the
 * fault (a copy-on-write); otherwise it may not return (a wasm trap). */
bool platform_page_fault(struct trap_frame *f, uint64_t cause, uintptr_t addr);

#endif
