/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * cwasm_format.h — the .cwasm file: a precompiled module as `minwasm compile` writes
 * it (aot/cwasm.c) and mw_module_deserialize reads it (src/cwasm.c). See doc/aot.md.
 *
 * All integers little-endian. A 64-byte header, then three parts, each starting at a
 * multiple of 8:
 *    0  magic "\0mwcwasm"          8 bytes
 *    8  format version             u32 (MWH_VERSION)
 *   12  target                     u32 (MWH_TARGET_*)
 *   16  config                     u32 (MWA_CFG_*: the core configuration the code needs)
 *   20  ABI version                u32 (MWA_ABI_VERSION)
 *   24  module hash                u64 (FNV-1a of the original module's bytes)
 *   32  wasm length                u32
 *   36  image length               u32 (native code and data, loaded at a page boundary)
 *   40  relocation count           u32 (image offsets of 64-bit words to add the base to)
 *   44  entry                      u32 (image offset of the init function, aot_abi.h)
 *   48  payload hash               u64 (FNV-1a of every byte after the header)
 *   56  header hash                u64 (FNV-1a of bytes 0..55)
 *   64  the original module (wasm length bytes), padded to 8
 *       relocations (u32 each), padded to 8
 *       image (image length bytes)
 * The file ends there exactly.
 */
#ifndef MW_CWASM_FORMAT_H
#define MW_CWASM_FORMAT_H

#include <stdint.h>
#include <stddef.h>

#define MWH_MAGIC "\0mwcwasm"
#define MWH_VERSION 1u
#define MWH_HEADER 64u
#define MWH_MAX_IMAGE (256u << 20)

enum { MWH_TARGET_X86_64 = 1, MWH_TARGET_AARCH64 = 2, MWH_TARGET_RISCV64 = 3 };

/* The target this code is compiled for, 0 if none of the three. */
#if defined(__x86_64__)
#  define MWH_TARGET_HOST MWH_TARGET_X86_64
#elif defined(__aarch64__)
#  define MWH_TARGET_HOST MWH_TARGET_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#  define MWH_TARGET_HOST MWH_TARGET_RISCV64
#else
#  define MWH_TARGET_HOST 0
#endif

static inline uint64_t mwH_fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static inline uint32_t mwH_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t mwH_rd64(const uint8_t *p)
{
    return (uint64_t)mwH_rd32(p) | (uint64_t)mwH_rd32(p + 4) << 32;
}

static inline size_t mwH_pad8(size_t n) { return (n + 7) & ~(size_t)7; }

#endif
