/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * elfimg.h — turn the shared object that `minwasm compile` builds with the host (or a
 * cross) C compiler into a flat, position-independent image for minwasm's own loader.
 *
 * Hosted C11 (used by the compiler, never by the freestanding runtime).
 *
 * The image is the .so's address space laid out flat: byte i is virtual address i. To
 * load it at a page-aligned address `base`, the loader copies `bytes`, adds `base` to the
 * 64-bit little-endian word at each offset in `relocs` (offsets need not be 8-aligned, so
 * add through memcpy or bytes), makes the memory executable (on AArch64 and RISC-V after
 * flushing the instruction cache) and calls base + entry. Nothing else is resolved: no
 * imports, no initialisers, no thread-local storage.
 */
#ifndef MWA_ELFIMG_H
#define MWA_ELFIMG_H

#include <stddef.h>
#include <stdint.h>

typedef struct mwa_image {
    uint8_t *bytes;      /* flat image: byte i is virtual address i of the .so (vaddr 0 = first
                            byte); bss zero-filled */
    size_t len;          /* rounded up to 16; at most 256 MiB */
    uint32_t *relocs;    /* image offsets of 64-bit words to which the load address must be
                            added (from R_*_RELATIVE relocations; the addend is already stored
                            in the image word); sorted ascending, no two words overlap */
    uint32_t nrelocs;
    uint64_t entry;      /* image offset of the dynamic symbol named by `sym` */
    uint16_t machine;    /* e_machine: EM_X86_64, EM_AARCH64 or EM_RISCV */
} mwa_image;

/* Parse an ELF64 little-endian ET_DYN file (bytes, len) into *out. Returns 0 on success;
 * -1 with a one-line message in err (cap bytes, may be 0) otherwise, leaving *out empty.
 * Rejects: not ELF64 LE, not ET_DYN, machine not one of the three, any PT_LOAD with
 * vaddr+memsz beyond 256 MiB, PT_INTERP, PT_TLS, DT_NEEDED, initialisers (DT_INIT,
 * DT_INIT_ARRAY, DT_PREINIT_ARRAY), any dynamic relocation other than the machine's
 * RELATIVE (or NONE) type — the message names the type and symbol, e.g. "code needs symbol
 * memcpy (relocation 7 R_X86_64_JUMP_SLOT)" — and a missing or undefined `sym`. Relocations
 * come from DT_RELA, DT_REL, DT_RELR and DT_JMPREL (which must be empty). Every offset read
 * from the file is bounds-checked. Byte order of the host does not matter. */
int mwa_image_from_elf(const uint8_t *bytes, size_t len, const char *sym, mwa_image *out,
                       char *err, size_t cap);

/* Free what mwa_image_from_elf allocated and empty *img; safe on an empty image. */
void mwa_image_free(mwa_image *img);

#endif
