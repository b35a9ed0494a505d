/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * elfimg.c — ELF64 shared object -> flat relocatable image (see elfimg.h).
 *
 * Everything is read through rd16/rd32/rd64 (explicit little-endian, byte at a time), so
 * the host's byte order and alignment do not matter and the structs of <elf.h> are used
 * only for their constants. Every offset from the file is checked with fits() before it
 * is used; the input is treated as hostile.
 *
 * All dynamic-section addresses (tables, strings, symbols, relocation targets) are virtual
 * addresses, so after the PT_LOAD segments are laid out they are all resolved against
 * the image, which is the one address space the loader will see too.
 */
#include "elfimg.h"

#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Older <elf.h> may lack these. */
#ifndef EM_RISCV
#define EM_RISCV 243
#endif
#ifndef R_RISCV_RELATIVE
#define R_RISCV_RELATIVE 3
#endif
#ifndef DT_RELRSZ
#define DT_RELRSZ 35
#endif
#ifndef DT_RELR
#define DT_RELR 36
#endif
#ifndef DT_RELRENT
#define DT_RELRENT 37
#endif

#define MAX_IMAGE ((uint64_t)256 << 20)
#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define DYN_SIZE 16
#define SYM_SIZE 24
#define REL_SIZE 16
#define RELA_SIZE 24

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> 8 * i);
}

/* [off, off + size) lies within [0, total); written so that nothing can overflow. */
static int fits(uint64_t off, uint64_t size, uint64_t total)
{
    return off <= total && size <= total - off;
}

typedef struct ctx {
    uint8_t *img;
    uint64_t ilen;
    uint16_t machine;
    uint64_t symtab, nsyms;    /* nsyms = 0: no symbol table */
    uint64_t strtab, strsz;    /* strsz = 0: no string table */
    uint32_t *rel;
    uint32_t nrel, caprel;
    char *err;
    size_t cap;
} ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(ctx *c, const char *fmt, ...)
{
    if (c->err && c->cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err, c->cap, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The string at strtab offset `off`, NUL-terminated inside DT_STRSZ, or NULL. */
static const char *str_at(const ctx *c, uint64_t off)
{
    if (off >= c->strsz)
        return NULL;
    const char *s = (const char *)c->img + c->strtab + off;
    return memchr(s, 0, c->strsz - off) ? s : NULL;
}

/* A printable copy of a name from the file for an error message: a corrupted name must
 * not break the one-line message. */
static const char *show(const char *s, char *buf, size_t n)
{
    if (!s)
        return "?";
    size_t i = 0;
    for (; s[i] && i + 4 < n; i++)
        buf[i] = (s[i] > ' ' && s[i] < 127) ? s[i] : '?';
    if (s[i])
        memcpy(buf + i, "...", 3), i += 3;
    buf[i] = 0;
    return buf;
}

typedef struct symbol {
    const char *name;  /* NULL if unreadable */
    uint8_t info;
    uint16_t shndx;
    uint64_t value;
} symbol;

static int get_sym(const ctx *c, uint64_t idx, symbol *s)
{
    if (idx >= c->nsyms)
        return -1;
    const uint8_t *p = c->img + c->symtab + idx * SYM_SIZE; /* whole table checked */
    s->name = str_at(c, rd32(p));
    s->info = p[4];
    s->shndx = rd16(p + 6);
    s->value = rd64(p + 8);
    return 0;
}

static uint32_t relative_type(uint16_t machine)
{
    return machine == EM_X86_64 ? R_X86_64_RELATIVE
         : machine == EM_AARCH64 ? R_AARCH64_RELATIVE : R_RISCV_RELATIVE;
}

/* Names of the relocation types a compiler is likely to leave, for the error message. */
static const char *reloc_name(uint16_t machine, uint32_t type)
{
    static const struct { uint16_t m; uint32_t t; const char *n; } names[] = {
        {EM_X86_64, R_X86_64_NONE, "R_X86_64_NONE"},
        {EM_X86_64, R_X86_64_64, "R_X86_64_64"},
        {EM_X86_64, R_X86_64_PC32, "R_X86_64_PC32"},
        {EM_X86_64, R_X86_64_COPY, "R_X86_64_COPY"},
        {EM_X86_64, R_X86_64_GLOB_DAT, "R_X86_64_GLOB_DAT"},
        {EM_X86_64, R_X86_64_JUMP_SLOT, "R_X86_64_JUMP_SLOT"},
        {EM_X86_64, R_X86_64_RELATIVE, "R_X86_64_RELATIVE"},
        {EM_X86_64, R_X86_64_DTPMOD64, "R_X86_64_DTPMOD64"},
        {EM_X86_64, R_X86_64_DTPOFF64, "R_X86_64_DTPOFF64"},
        {EM_X86_64, R_X86_64_TPOFF64, "R_X86_64_TPOFF64"},
        {EM_X86_64, R_X86_64_IRELATIVE, "R_X86_64_IRELATIVE"},
        {EM_AARCH64, R_AARCH64_NONE, "R_AARCH64_NONE"},
        {EM_AARCH64, R_AARCH64_ABS64, "R_AARCH64_ABS64"},
        {EM_AARCH64, R_AARCH64_COPY, "R_AARCH64_COPY"},
        {EM_AARCH64, R_AARCH64_GLOB_DAT, "R_AARCH64_GLOB_DAT"},
        {EM_AARCH64, R_AARCH64_JUMP_SLOT, "R_AARCH64_JUMP_SLOT"},
        {EM_AARCH64, R_AARCH64_RELATIVE, "R_AARCH64_RELATIVE"},
        {EM_AARCH64, R_AARCH64_TLS_DTPMOD, "R_AARCH64_TLS_DTPMOD"},
        {EM_AARCH64, R_AARCH64_TLS_DTPREL, "R_AARCH64_TLS_DTPREL"},
        {EM_AARCH64, R_AARCH64_TLS_TPREL, "R_AARCH64_TLS_TPREL"},
        {EM_AARCH64, R_AARCH64_TLSDESC, "R_AARCH64_TLSDESC"},
        {EM_AARCH64, R_AARCH64_IRELATIVE, "R_AARCH64_IRELATIVE"},
        {EM_RISCV, 0, "R_RISCV_NONE"},
        {EM_RISCV, 2, "R_RISCV_64"},
        {EM_RISCV, 3, "R_RISCV_RELATIVE"},
        {EM_RISCV, 4, "R_RISCV_COPY"},
        {EM_RISCV, 5, "R_RISCV_JUMP_SLOT"},
        {EM_RISCV, 7, "R_RISCV_TLS_DTPMOD64"},
        {EM_RISCV, 9, "R_RISCV_TLS_DTPREL64"},
        {EM_RISCV, 11, "R_RISCV_TLS_TPREL64"},
        {EM_RISCV, 58, "R_RISCV_IRELATIVE"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].m == machine && names[i].t == type)
            return names[i].n;
    return "unknown type";
}

/* Record an image offset whose 64-bit word gets the load address added. */
static int push(ctx *c, uint64_t off)
{
    if (!fits(off, 8, c->ilen))
        return fail(c, "relocation at 0x%llx is outside the image (%llu bytes)",
                    (unsigned long long)off, (unsigned long long)c->ilen);
    /* Words may not overlap (checked after sorting), so more than ilen/8 is corrupt;
     * stopping here also bounds memory for hostile RELR bitmaps. */
    if (c->nrel >= c->ilen / 8)
        return fail(c, "more relocations than the image has words");
    if (c->nrel == c->caprel) {
        uint32_t ncap = c->caprel ? c->caprel * 2 : 64;
        uint32_t *n = realloc(c->rel, (size_t)ncap * sizeof *n);
        if (!n)
            return fail(c, "out of memory");
        c->rel = n, c->caprel = ncap;
    }
    c->rel[c->nrel++] = (uint32_t)off;
    return 0;
}

/* One DT_RELA / DT_REL / DT_JMPREL table at image address `addr`. */
static int do_relocs(ctx *c, const char *what, uint64_t addr, uint64_t size, uint64_t ent,
                     int rela, int jmprel)
{
    uint64_t want = rela ? RELA_SIZE : REL_SIZE;
    if (size == 0)
        return 0;
    if (ent != want)
        return fail(c, "%s entry size %llu, expected %llu", what, (unsigned long long)ent,
                    (unsigned long long)want);
    if (size % ent)
        return fail(c, "%s size %llu is not a multiple of %llu", what, (unsigned long long)size,
                    (unsigned long long)ent);
    if (!fits(addr, size, c->ilen))
        return fail(c, "%s table (0x%llx, %llu bytes) is outside the image", what,
                    (unsigned long long)addr, (unsigned long long)size);
    uint32_t relative = relative_type(c->machine);
    for (uint64_t i = 0; i < size; i += ent) {
        const uint8_t *r = c->img + addr + i;
        uint64_t off = rd64(r), info = rd64(r + 8);
        uint32_t type = (uint32_t)info, symi = (uint32_t)(info >> 32);
        if (type == 0 && !jmprel) /* R_*_NONE is 0 on all three: nothing to do */
            continue;
        symbol s = {0};
        int have = symi && get_sym(c, symi, &s) == 0;
        /* RELATIVE ignores its symbol, but one naming an undefined symbol is a reference
         * to something that is not there. */
        if (type == relative && !jmprel && (symi == 0 || (have && s.shndx != SHN_UNDEF))) {
            if (push(c, off) < 0)
                return -1;
            if (rela) /* else the addend already is the word (REL) */
                wr64(c->img + off, rd64(r + 16));
            continue;
        }
        char buf[80];
        if (symi == 0)
            return fail(c, "code needs a dynamic relocation (relocation %u %s in %s) at 0x%llx",
                        type, reloc_name(c->machine, type), what, (unsigned long long)off);
        if (have && s.name && s.name[0])
            show(s.name, buf, sizeof buf);
        else /* beyond the table, or unnamed (a section symbol) */
            snprintf(buf, sizeof buf, "#%u", symi);
        return fail(c, "code needs symbol %s (relocation %u %s)", buf, type,
                    reloc_name(c->machine, type));
    }
    return 0;
}

/* DT_RELR (packed RELATIVE, implicit addends): an even entry is an address, an odd one a
 * bitmap of the 63 words that follow the last address. */
static int do_relr(ctx *c, uint64_t addr, uint64_t size, uint64_t ent)
{
    if (size == 0)
        return 0;
    if (ent != 8 || size % 8 || !fits(addr, size, c->ilen))
        return fail(c, "DT_RELR table (0x%llx, %llu bytes) is malformed",
                    (unsigned long long)addr, (unsigned long long)size);
    uint64_t where = 0;
    int started = 0;
    for (uint64_t i = 0; i < size; i += 8) {
        uint64_t e = rd64(c->img + addr + i);
        if ((e & 1) == 0) {
            if (push(c, e) < 0)
                return -1;
            where = e + 8, started = 1;
            continue;
        }
        if (!started)
            return fail(c, "DT_RELR bitmap before any address");
        for (int b = 1; b < 64; b++)
            if (e >> b & 1 && push(c, where + (uint64_t)(b - 1) * 8) < 0)
                return -1;
        where += 63 * 8; /* where <= ilen + 504 * entries: no overflow */
    }
    return 0;
}

/* The number of dynamic symbols, which only the hash tables give. */
static int count_syms(ctx *c, int has_hash, uint64_t hash, int has_gnu, uint64_t gnu)
{
    if (has_hash) {
        if (!fits(hash, 8, c->ilen))
            return fail(c, "DT_HASH is outside the image");
        c->nsyms = rd32(c->img + hash + 4); /* nchain = number of symbols */
        return 0;
    }
    if (!has_gnu)
        return fail(c, "no DT_HASH or DT_GNU_HASH to size the dynamic symbol table");
    if (!fits(gnu, 16, c->ilen))
        return fail(c, "DT_GNU_HASH is outside the image");
    const uint8_t *h = c->img + gnu;
    uint64_t nbuckets = rd32(h), symoffset = rd32(h + 4), bloom = rd32(h + 8);
    uint64_t buckets = gnu + 16 + bloom * 8;
    if (!fits(buckets, nbuckets * 4, c->ilen))
        return fail(c, "DT_GNU_HASH is outside the image");
    uint64_t chains = buckets + nbuckets * 4, last = 0;
    for (uint64_t i = 0; i < nbuckets; i++) {
        uint64_t v = rd32(c->img + buckets + i * 4);
        if (v > last)
            last = v;
    }
    if (last == 0) { /* no hashed symbols: only the first symoffset */
        c->nsyms = symoffset;
        return 0;
    }
    if (last < symoffset)
        return fail(c, "DT_GNU_HASH bucket below its symbol offset");
    /* Walk the last chain to its end marker (low bit set). */
    for (uint64_t i = last;; i++) {
        uint64_t at = chains + (i - symoffset) * 4;
        if (!fits(at, 4, c->ilen))
            return fail(c, "DT_GNU_HASH chain runs outside the image");
        if (rd32(c->img + at) & 1) {
            c->nsyms = i + 1;
            return 0;
        }
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int parse(ctx *c, const uint8_t *f, size_t flen, const char *sym, uint64_t *entry)
{
    /* ---- ELF header */
    if (flen < EHDR_SIZE || memcmp(f, ELFMAG, SELFMAG) != 0)
        return fail(c, "not an ELF file");
    if (f[EI_CLASS] != ELFCLASS64 || f[EI_DATA] != ELFDATA2LSB)
        return fail(c, "not a 64-bit little-endian ELF file");
    if (rd16(f + 16) != ET_DYN)
        return fail(c, "ELF type %u is not a shared object (ET_DYN)", rd16(f + 16));
    c->machine = rd16(f + 18);
    if (c->machine != EM_X86_64 && c->machine != EM_AARCH64 && c->machine != EM_RISCV)
        return fail(c, "ELF machine %u is not x86-64, AArch64 or RISC-V", c->machine);
    uint64_t phoff = rd64(f + 32), phent = rd16(f + 54), phnum = rd16(f + 56);
    if (phnum == 0 || phnum == PN_XNUM)
        return fail(c, "no program headers");
    if (phent < PHDR_SIZE)
        return fail(c, "program header size %llu, expected at least %d",
                    (unsigned long long)phent, PHDR_SIZE);
    if (!fits(phoff, phnum * phent, flen))
        return fail(c, "program headers are outside the file");

    /* ---- program headers: size the image, refuse what the loader cannot provide */
    uint64_t end = 0, dyn = 0, dynsz = 0;
    int nload = 0, has_dyn = 0;
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *p = f + phoff + i * phent;
        uint32_t type = rd32(p);
        uint64_t off = rd64(p + 8), va = rd64(p + 16), filesz = rd64(p + 32), memsz = rd64(p + 40);
        if (type == PT_INTERP)
            return fail(c, "has a program interpreter (PT_INTERP): an executable, not a "
                           "shared object");
        if (type == PT_TLS)
            return fail(c, "code uses thread-local storage (PT_TLS)");
        if (type == PT_DYNAMIC && !has_dyn)
            dyn = va, dynsz = filesz, has_dyn = 1;
        if (type != PT_LOAD)
            continue;
        if (!fits(va, memsz, MAX_IMAGE))
            return fail(c, "segment at 0x%llx (%llu bytes) ends beyond 256 MiB",
                        (unsigned long long)va, (unsigned long long)memsz);
        if (filesz > memsz || !fits(off, filesz, flen))
            return fail(c, "segment at file offset 0x%llx (%llu bytes) is outside the file",
                        (unsigned long long)off, (unsigned long long)filesz);
        if (va + memsz > end)
            end = va + memsz;
        nload++;
    }
    if (nload == 0 || end == 0)
        return fail(c, "no loadable segment");
    c->ilen = (end + 15) & ~(uint64_t)15;
    c->img = calloc((size_t)c->ilen, 1); /* zero: bss and gaps */
    if (!c->img)
        return fail(c, "out of memory for a %llu-byte image", (unsigned long long)c->ilen);
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *p = f + phoff + i * phent;
        if (rd32(p) == PT_LOAD) /* all checked above */
            memcpy(c->img + rd64(p + 16), f + rd64(p + 8), (size_t)rd64(p + 32));
    }

    /* ---- dynamic section */
    if (!has_dyn)
        return fail(c, "no dynamic section (PT_DYNAMIC)");
    if (!fits(dyn, dynsz, c->ilen))
        return fail(c, "dynamic section is outside the image");
    uint64_t rela = 0, relasz = 0, relaent = RELA_SIZE, rel = 0, relsz = 0, relent = REL_SIZE;
    uint64_t relr = 0, relrsz = 0, relrent = 8, jmprel = 0, pltrelsz = 0, pltrel = DT_RELA;
    uint64_t hash = 0, gnuhash = 0, symtab = 0, syment = SYM_SIZE, strtab = 0, strsz = 0;
    uint64_t needed = 0;
    int has_hash = 0, has_gnu = 0, has_sym = 0, has_str = 0, has_needed = 0;
    for (uint64_t i = 0; i + DYN_SIZE <= dynsz; i += DYN_SIZE) {
        const uint8_t *d = c->img + dyn + i;
        uint64_t tag = rd64(d), v = rd64(d + 8);
        if (tag == DT_NULL)
            break;
        switch (tag) {
        case DT_NEEDED: if (!has_needed) needed = v, has_needed = 1; break;
        case DT_RELA: rela = v; break;
        case DT_RELASZ: relasz = v; break;
        case DT_RELAENT: relaent = v; break;
        case DT_REL: rel = v; break;
        case DT_RELSZ: relsz = v; break;
        case DT_RELENT: relent = v; break;
        case DT_RELR: relr = v; break;
        case DT_RELRSZ: relrsz = v; break;
        case DT_RELRENT: relrent = v; break;
        case DT_JMPREL: jmprel = v; break;
        case DT_PLTRELSZ: pltrelsz = v; break;
        case DT_PLTREL: pltrel = v; break;
        case DT_HASH: hash = v, has_hash = 1; break;
        case DT_GNU_HASH: gnuhash = v, has_gnu = 1; break;
        case DT_SYMTAB: symtab = v, has_sym = 1; break;
        case DT_SYMENT: syment = v; break;
        case DT_STRTAB: strtab = v, has_str = 1; break;
        case DT_STRSZ: strsz = v; break;
        /* The loader runs no initialisers; code that needs them would silently break. */
        case DT_INIT: return fail(c, "code has an initialiser (DT_INIT)");
        case DT_INIT_ARRAYSZ:
        case DT_PREINIT_ARRAYSZ:
            if (v)
                return fail(c, "code has initialisers (%s)", tag == DT_INIT_ARRAYSZ ?
                            "DT_INIT_ARRAY" : "DT_PREINIT_ARRAY");
            break;
        default: break;
        }
    }
    if (has_str) {
        if (!fits(strtab, strsz, c->ilen))
            return fail(c, "dynamic string table is outside the image");
        c->strtab = strtab, c->strsz = strsz;
    }
    if (has_needed) {
        char buf[80];
        return fail(c, "code needs shared library %s (DT_NEEDED)",
                    show(str_at(c, needed), buf, sizeof buf));
    }
    if (has_sym) {
        if (syment != SYM_SIZE)
            return fail(c, "dynamic symbol size %llu, expected %d", (unsigned long long)syment,
                        SYM_SIZE);
        if (count_syms(c, has_hash, hash, has_gnu, gnuhash) < 0)
            return -1;
        if (!fits(symtab, c->nsyms * SYM_SIZE, c->ilen)) /* nsyms < 2^33: no overflow */
            return fail(c, "dynamic symbol table is outside the image");
        c->symtab = symtab;
    }

    /* ---- relocations */
    if (do_relocs(c, "DT_RELA", rela, relasz, relaent, 1, 0) < 0 ||
        do_relocs(c, "DT_REL", rel, relsz, relent, 0, 0) < 0 ||
        do_relr(c, relr, relrsz, relrent) < 0 ||
        do_relocs(c, "DT_JMPREL", jmprel, pltrelsz, pltrel == DT_REL ? REL_SIZE : RELA_SIZE,
                  pltrel != DT_REL, 1) < 0)
        return -1;
    /* Each word must get the base added exactly once. */
    if (c->nrel)
        qsort(c->rel, c->nrel, sizeof *c->rel, cmp_u32);
    for (uint32_t i = 1; i < c->nrel; i++)
        if (c->rel[i] - c->rel[i - 1] < 8)
            return fail(c, "relocations at 0x%x and 0x%x overlap", c->rel[i - 1], c->rel[i]);

    /* ---- the entry symbol (a linear scan: tables are small and it needs no hashing) */
    char buf[80];
    int undefined = 0;
    for (uint64_t i = 1; i < c->nsyms; i++) {
        symbol s;
        get_sym(c, i, &s);
        if (!s.name || strcmp(s.name, sym) != 0)
            continue;
        if (s.shndx == SHN_UNDEF) {
            undefined = 1;
            continue;
        }
        uint8_t type = ELF64_ST_TYPE(s.info);
        if (s.shndx == SHN_ABS || type == STT_TLS || type == STT_GNU_IFUNC)
            return fail(c, "symbol %s is not an address in the code", show(sym, buf, sizeof buf));
        if (s.value >= c->ilen)
            return fail(c, "symbol %s (0x%llx) is outside the image", show(sym, buf, sizeof buf),
                        (unsigned long long)s.value);
        *entry = s.value;
        return 0;
    }
    return fail(c, undefined ? "symbol %s is undefined" : "no dynamic symbol %s "
                "(is it exported with default visibility?)", show(sym, buf, sizeof buf));
}

int mwa_image_from_elf(const uint8_t *bytes, size_t len, const char *sym, mwa_image *out,
                       char *err, size_t cap)
{
    ctx c = {0};
    c.err = err, c.cap = cap;
    if (err && cap)
        err[0] = 0;
    if (!out)
        return fail(&c, "no output image");
    memset(out, 0, sizeof *out);
    if (!bytes || !sym)
        return fail(&c, "no input or no symbol name");
    uint64_t entry = 0;
    if (parse(&c, bytes, len, sym, &entry) < 0) {
        free(c.img);
        free(c.rel);
        return -1;
    }
    out->bytes = c.img;
    out->len = (size_t)c.ilen;
    out->relocs = c.rel;
    out->nrelocs = c.nrel;
    out->entry = entry;
    out->machine = c.machine;
    return 0;
}

void mwa_image_free(mwa_image *img)
{
    if (!img)
        return;
    free(img->bytes);
    free(img->relocs);
    memset(img, 0, sizeof *img);
}
