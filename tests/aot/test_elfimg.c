/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_elfimg.c — tests of aot/elfimg.c on shared objects built by tests/aot/elfimg.sh.
 *
 *   test_elfimg check SO ARCH [--fuzz=full|--fuzz=light|--no-fuzz]
 *                                           SO built from elfimg_sample.c for ARCH
 *                                           (x86_64, aarch64 or riscv64)
 *   test_elfimg reject SO TEXT              SO must be refused with TEXT in the message
 *
 * check: parses SO, checks the image; when ARCH is the host's, loads it the way minwasm's
 * loader will (copy, add the base at each reloc, make it executable) and calls into it.
 * Then refusals of patched copies (bad header fields, PT_INTERP, DT_NEEDED, foreign
 * relocations, ...), the same object rewritten to use DT_REL and DT_RELR (paths no
 * compiler here emits), and corruption: each of the first 4096 bytes changed five ways,
 * truncation at each of the first 4096 lengths and at random ones, and random damage must
 * give 0 or -1, never a crash (elfimg.sh builds this with AddressSanitizer and UBSan).
 * Exits 1 on any failure.
 */
#define _DEFAULT_SOURCE /* mmap's MAP_ANONYMOUS under -std=c11 */
#include "elfimg.h"

#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef EM_RISCV
#define EM_RISCV 243
#endif
#ifndef DT_RELRSZ
#define DT_RELRSZ 35
#define DT_RELR 36
#define DT_RELRENT 37
#endif

#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define HOST_MACHINE EM_RISCV
#else
#define HOST_MACHINE 0
#endif

static int failures, passes;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int check(int ok, const char *fmt, ...)
{
    if (ok) {
        passes++;
        return 1;
    }
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    failures++;
    return 0;
}

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *b = malloc(cap);
    for (size_t got; b && (got = fread(b + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(b, cap *= 2);
            if (!nb)
                free(b);
            b = nb;
        }
    }
    fclose(f);
    *len = n;
    return b;
}

/* ------------------------------------------------------------ ELF editing (tests only)
 * The test objects come from our own compilers, so these trust the file; the host is
 * little-endian like every target here, so <elf.h> structs can be copied in directly. */

static Elf64_Ehdr ehdr(const uint8_t *f)
{
    Elf64_Ehdr h;
    memcpy(&h, f, sizeof h);
    return h;
}

static size_t phdr_at(const uint8_t *f, int i) { return ehdr(f).e_phoff + (size_t)i * sizeof(Elf64_Phdr); }

static Elf64_Phdr phdr(const uint8_t *f, int i)
{
    Elf64_Phdr p;
    memcpy(&p, f + phdr_at(f, i), sizeof p);
    return p;
}

static int find_phdr(const uint8_t *f, uint32_t type)
{
    for (int i = 0; i < ehdr(f).e_phnum; i++)
        if (phdr(f, i).p_type == type)
            return i;
    return -1;
}

/* File offset of virtual address va, if it has file data. */
static long v2off(const uint8_t *f, uint64_t va)
{
    for (int i = 0; i < ehdr(f).e_phnum; i++) {
        Elf64_Phdr p = phdr(f, i);
        if (p.p_type == PT_LOAD && va >= p.p_vaddr && va - p.p_vaddr < p.p_filesz)
            return (long)(p.p_offset + (va - p.p_vaddr));
    }
    return -1;
}

/* File offset of the dynamic entry with this tag, or -1. */
static long find_dyn(const uint8_t *f, int64_t tag)
{
    Elf64_Phdr p = phdr(f, find_phdr(f, PT_DYNAMIC));
    for (uint64_t o = 0; o + sizeof(Elf64_Dyn) <= p.p_filesz; o += sizeof(Elf64_Dyn)) {
        Elf64_Dyn d;
        memcpy(&d, f + p.p_offset + o, sizeof d);
        if (d.d_tag == tag)
            return (long)(p.p_offset + o);
        if (d.d_tag == DT_NULL)
            break;
    }
    return -1;
}

static uint64_t dyn_val(const uint8_t *f, int64_t tag)
{
    Elf64_Dyn d;
    memcpy(&d, f + find_dyn(f, tag), sizeof d);
    return d.d_un.d_val;
}

static void set_dyn(uint8_t *f, int64_t tag, int64_t newtag, uint64_t val)
{
    Elf64_Dyn d = {.d_tag = newtag, .d_un.d_val = val};
    memcpy(f + find_dyn(f, tag), &d, sizeof d);
}

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* Index of a dynamic symbol (DT_HASH's nchain is the table's length), or 0. */
static uint32_t sym_index(const uint8_t *f, const char *name)
{
    long syms = v2off(f, dyn_val(f, DT_SYMTAB)), strs = v2off(f, dyn_val(f, DT_STRTAB));
    long hash = v2off(f, dyn_val(f, DT_HASH));
    uint32_t n;
    memcpy(&n, f + hash + 4, 4);
    for (uint32_t i = 1; i < n; i++) {
        Elf64_Sym s;
        memcpy(&s, f + syms + (size_t)i * sizeof s, sizeof s);
        if (strcmp((const char *)f + strs + s.st_name, name) == 0)
            return i;
    }
    return 0;
}

/* The DT_RELA table, read into rel[] (all of the sample's relocations are there). */
static size_t read_rela(const uint8_t *f, Elf64_Rela *rel, size_t max)
{
    long t = v2off(f, dyn_val(f, DT_RELA));
    size_t n = dyn_val(f, DT_RELASZ) / sizeof(Elf64_Rela);
    if (t < 0 || n > max)
        return 0;
    memcpy(rel, f + t, n * sizeof *rel);
    return n;
}

/* Rewrite DT_RELA as DT_REL in place: addends move into the words. */
static int to_rel(uint8_t *f)
{
    Elf64_Rela r[256];
    size_t n = read_rela(f, r, 256);
    long t = v2off(f, dyn_val(f, DT_RELA));
    for (size_t i = 0; i < n; i++) {
        long w = v2off(f, r[i].r_offset);
        if (w < 0)
            return -1;
        put64(f + w, (uint64_t)r[i].r_addend);
        Elf64_Rel e = {r[i].r_offset, r[i].r_info};
        memcpy(f + t + i * sizeof e, &e, sizeof e);
    }
    set_dyn(f, DT_RELA, DT_REL, dyn_val(f, DT_RELA));
    set_dyn(f, DT_RELASZ, DT_RELSZ, n * sizeof(Elf64_Rel));
    if (find_dyn(f, DT_RELAENT) >= 0)
        set_dyn(f, DT_RELAENT, DT_RELENT, sizeof(Elf64_Rel));
    return n ? 0 : -1;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Rewrite DT_RELA as DT_RELR in place (address entries followed by bitmaps, as lld and
 * ld -z pack-relative-relocs emit). */
static int to_relr(uint8_t *f)
{
    Elf64_Rela r[256];
    uint64_t off[256], out[256];
    size_t n = read_rela(f, r, 256), k = 0;
    long t = v2off(f, dyn_val(f, DT_RELA));
    for (size_t i = 0; i < n; i++) {
        long w = v2off(f, r[i].r_offset);
        if (w < 0)
            return -1;
        put64(f + w, (uint64_t)r[i].r_addend);
        off[i] = r[i].r_offset;
    }
    qsort(off, n, sizeof off[0], cmp_u64);
    for (size_t i = 0; i < n;) {
        uint64_t where = off[i++];
        out[k++] = where;
        where += 8;
        for (;;) {
            uint64_t bm = 0;
            for (; i < n && off[i] >= where && off[i] - where < 63 * 8 && off[i] % 8 == where % 8; i++)
                bm |= (uint64_t)1 << ((off[i] - where) / 8 + 1);
            if (!bm)
                break;
            out[k++] = bm | 1;
            where += 63 * 8;
        }
    }
    memcpy(f + t, out, k * 8);
    set_dyn(f, DT_RELA, DT_RELR, dyn_val(f, DT_RELA));
    set_dyn(f, DT_RELASZ, DT_RELRSZ, k * 8);
    if (find_dyn(f, DT_RELAENT) >= 0)
        set_dyn(f, DT_RELAENT, DT_RELRENT, 8);
    return n && k < n ? 0 : -1; /* k < n: a bitmap was used */
}

/* ------------------------------------------------------------ image checks */

static uint64_t word(const mwa_image *im, uint32_t off)
{
    uint64_t w = 0;
    for (int i = 7; i >= 0; i--)
        w = w << 8 | im->bytes[off + i];
    return w;
}

/* What must hold for any image mwa_image_from_elf returns, even from corrupted input. */
static int sane(const mwa_image *im)
{
    if (!im->bytes || im->len == 0 || im->len % 16 || im->len > (256u << 20) || im->entry >= im->len)
        return 0;
    if (im->machine != EM_X86_64 && im->machine != EM_AARCH64 && im->machine != EM_RISCV)
        return 0;
    for (uint32_t i = 0; i < im->nrelocs; i++)
        if (im->relocs[i] > im->len - 8 || (i && im->relocs[i] - im->relocs[i - 1] < 8))
            return 0;
    return 1;
}

typedef int (*mwa_fn)(int);
typedef int (*init_fn)(mwa_fn *out, const char **names, int rot);

/* Load like minwasm's loader and call mwa_init (elfimg_sample.c). */
static void run_image(const mwa_image *im, const char *what)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), size = (im->len + page - 1) / page * page;
    uint8_t *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!check(m != MAP_FAILED, "%s: mmap", what))
        return;
    memcpy(m, im->bytes, im->len);
    for (uint32_t i = 0; i < im->nrelocs; i++) {
        uint64_t w;
        memcpy(&w, m + im->relocs[i], 8);
        w += (uint64_t)(uintptr_t)m;
        memcpy(m + im->relocs[i], &w, 8);
    }
    __builtin___clear_cache((char *)m, (char *)m + size); /* needed on AArch64 and RISC-V */
    if (check(mprotect(m, size, PROT_READ | PROT_EXEC) == 0, "%s: mprotect", what)) {
        void *p = m + im->entry;
        init_fn init;
        memcpy(&init, &p, sizeof init); /* object -> function pointer without a cast warning */
        mwa_fn fn[8] = {0};
        const char *names[4] = {0};
        static const char *const want_names[4] = {"add1", "dbl", "sq", "neg"};
        static const int want[4] = {6, 10, 25, -5}; /* add1 dbl sq neg of 5 */
        int r = init(fn, names, 1);
        check(r == 0x1234567, "%s: mwa_init returned %#x (data via a relocated pointer, "
              "bss zero), expected 0x1234567", what, (unsigned)r);
        for (int i = 0; i < 4; i++) {
            uintptr_t a = 0;
            memcpy(&a, &fn[4 + i], sizeof a);
            check(a >= (uintptr_t)m && a < (uintptr_t)m + im->len,
                  "%s: table entry %d (%#lx) outside the image", what, i, (unsigned long)a);
            check(fn[4 + i] == fn[(i + 1) & 3], "%s: relocated table entry %d != code address",
                  what, i);
            check(fn[i](5) == want[i], "%s: function %d(5) = %d, want %d", what, i, fn[i](5), want[i]);
            check(fn[4 + i](5) == want[(i + 1) & 3], "%s: table function %d wrong", what, i);
            check(names[i] && strcmp(names[i], want_names[(i + 1) & 3]) == 0,
                  "%s: relocated name %d is %s", what, i, names[i] ? names[i] : "NULL");
        }
    }
    munmap(m, size);
}

/* Parse f and check the result; run it if it is for this machine. */
static int check_good(const uint8_t *f, size_t len, uint16_t machine, const char *what,
                      mwa_image *keep)
{
    mwa_image im;
    char err[256];
    if (!check(mwa_image_from_elf(f, len, "mwa_init", &im, err, sizeof err) == 0,
               "%s: refused: %s", what, err))
        return -1;
    check(sane(&im), "%s: image fails the invariants", what);
    check(im.machine == machine, "%s: machine %u, expected %u", what, im.machine, machine);
    /* 4 code pointers + 4 string pointers + data_ptr */
    check(im.nrelocs >= 9, "%s: %u relocations, expected at least 9", what, im.nrelocs);
    for (uint32_t i = 0; i < im.nrelocs && sane(&im); i++)
        check(word(&im, im.relocs[i]) < im.len, "%s: reloc %u: addend %#llx outside the image",
              what, i, (unsigned long long)word(&im, im.relocs[i]));
    if (machine == HOST_MACHINE && sane(&im))
        run_image(&im, what);
    if (keep)
        *keep = im;
    else
        mwa_image_free(&im);
    return 0;
}

/* Same relocated words and entry as the reference image. */
static void same_relocs(const uint8_t *f, size_t len, const mwa_image *ref, const char *what)
{
    mwa_image im;
    char err[256];
    if (!check(mwa_image_from_elf(f, len, "mwa_init", &im, err, sizeof err) == 0,
               "%s: refused: %s", what, err))
        return;
    int same = im.nrelocs == ref->nrelocs && im.entry == ref->entry && im.len == ref->len;
    for (uint32_t i = 0; same && i < im.nrelocs; i++)
        same = im.relocs[i] == ref->relocs[i] && word(&im, im.relocs[i]) == word(ref, ref->relocs[i]);
    check(same, "%s: relocations differ from the DT_RELA original", what);
    mwa_image_free(&im);
}

static void expect_fail(const uint8_t *f, size_t len, const char *sym, const char *text,
                        const char *what)
{
    mwa_image im;
    char err[256] = "";
    int r = mwa_image_from_elf(f, len, sym, &im, err, sizeof err);
    if (r == 0)
        mwa_image_free(&im);
    if (check(r == -1 && strstr(err, text) && !strchr(err, '\n'),
              "%s: returned %d, message \"%s\", expected one mentioning \"%s\"", what, r, err, text))
        printf("  ok  %-28s -> %s\n", what, err);
}

/* ------------------------------------------------------------ refusals of patched copies */

static void patched(const uint8_t *good, size_t len, uint16_t machine)
{
    uint8_t *f = malloc(len);
    uint32_t abs64 = machine == EM_X86_64 ? R_X86_64_64 : machine == EM_AARCH64 ? R_AARCH64_ABS64 : 2;
    uint32_t slot = machine == EM_X86_64 ? R_X86_64_JUMP_SLOT
                  : machine == EM_AARCH64 ? R_AARCH64_JUMP_SLOT : 5;
    int load = find_phdr(good, PT_LOAD), other = find_phdr(good, PT_GNU_STACK);
    long rela = v2off(good, dyn_val(good, DT_RELA));
    if (other < 0)
        other = find_phdr(good, PT_NOTE);
    if (!f || !check(load >= 0 && other >= 0 && rela >= 0 && find_dyn(good, DT_RELACOUNT) >= 0 &&
                     find_dyn(good, DT_RELAENT) >= 0 && find_dyn(good, DT_GNU_HASH) >= 0 &&
                     find_dyn(good, DT_HASH) >= 0,
                     "sample lacks a PT_LOAD, a spare phdr or a dynamic tag the patches use"))
        goto out;

#define PATCH(stmt, sym, text, what) \
    do { memcpy(f, good, len); stmt; expect_fail(f, len, sym, text, what); } while (0)
    PATCH(f[EI_CLASS] = ELFCLASS32, "mwa_init", "64-bit", "ELFCLASS32");
    PATCH(f[EI_DATA] = ELFDATA2MSB, "mwa_init", "little-endian", "big-endian");
    PATCH(f[1] = 'X', "mwa_init", "not an ELF", "bad magic");
    PATCH(put16(f + 16, ET_EXEC), "mwa_init", "ET_DYN", "ET_EXEC");
    PATCH(put16(f + 18, EM_386), "mwa_init", "machine 3", "EM_386");
    PATCH(put16(f + 56, 0), "mwa_init", "program headers", "no phdrs");
    PATCH(put64(f + 32, len - 8), "mwa_init", "outside the file", "phdrs past the end");
    PATCH(put16(f + 54, 8); put64(f + 32, len - 8u * ehdr(good).e_phnum), "mwa_init",
          "program header size 8", "phentsize 8 at the file end");
    PATCH(put64(f + phdr_at(f, load) + 40, (256u << 20) + 1), "mwa_init", "256 MiB",
          "memsz 256 MiB + 1");
    PATCH(put64(f + phdr_at(f, load) + 16, (uint64_t)-4096), "mwa_init", "256 MiB",
          "vaddr wraps");
    PATCH(put64(f + phdr_at(f, load) + 32, (uint64_t)len + 1); put64(f + phdr_at(f, load) + 40, len + 1),
          "mwa_init", "outside the file", "filesz past the end");
    PATCH(put32(f + phdr_at(f, other), PT_INTERP), "mwa_init", "PT_INTERP", "PT_INTERP");
    PATCH(put32(f + phdr_at(f, other), PT_TLS), "mwa_init", "thread-local", "PT_TLS");
    PATCH(put32(f + phdr_at(f, find_phdr(f, PT_DYNAMIC)), PT_NULL), "mwa_init", "PT_DYNAMIC",
          "no PT_DYNAMIC");
    PATCH((void)0, "no_such_symbol", "no dynamic symbol no_such_symbol", "missing symbol");
    PATCH(set_dyn(f, DT_STRSZ, DT_STRSZ, 3), "mwa_init", "no dynamic symbol mwa_init",
          "names cut by DT_STRSZ");
    PATCH(set_dyn(f, DT_GNU_HASH, DT_NEEDED, 1), "mwa_init", "needs shared library",
          "DT_NEEDED");
    PATCH(set_dyn(f, DT_GNU_HASH, DT_INIT_ARRAYSZ, 8), "mwa_init", "initialisers", "DT_INIT_ARRAY");
    PATCH(set_dyn(f, DT_GNU_HASH, DT_DEBUG, 0); set_dyn(f, DT_HASH, DT_DEBUG, 0), "mwa_init",
          "DT_HASH", "no hash tables");
    PATCH(put64(f + rela + 8, (uint64_t)sym_index(f, "mwa_init") << 32 | abs64), "mwa_init", "code needs symbol mwa_init",
          "ABS64 against mwa_init");
    PATCH(put64(f + rela + 8, (uint64_t)0xffffffff << 32 | slot), "mwa_init", "symbol #4294967295",
          "symbol index out of range");
    PATCH(put64(f + rela + 8, abs64), "mwa_init", "code needs a dynamic relocation",
          "ABS64 without a symbol");
    PATCH(put64(f + rela, 0x7ffffff8), "mwa_init", "outside the image", "reloc past the image");
    PATCH(memcpy(f + rela + 24, f + rela, 8), "mwa_init", "overlap", "duplicate reloc");
    PATCH(put64(f + rela + 24, get64(f + rela) + 4), "mwa_init",
          "overlap", "overlapping relocs");
    PATCH(set_dyn(f, DT_RELASZ, DT_RELASZ, 23), "mwa_init", "not a multiple", "RELASZ % 24");
    PATCH(set_dyn(f, DT_RELASZ, DT_RELASZ, (uint64_t)24 << 25), "mwa_init", "outside the image",
          "RELASZ past the image");
    PATCH(set_dyn(f, DT_RELACOUNT, DT_JMPREL, dyn_val(f, DT_RELA));
          set_dyn(f, DT_RELAENT, DT_PLTRELSZ, 24),
          "mwa_init", "code needs a dynamic relocation", "RELATIVE in DT_JMPREL");
#undef PATCH

    /* The DT_GNU_HASH path alone (DT_HASH hidden) finds the same entry. */
    memcpy(f, good, len);
    set_dyn(f, DT_HASH, DT_DEBUG, 0);
    check_good(f, len, machine, "DT_GNU_HASH only", NULL);
out:
    free(f);
}

/* ------------------------------------------------------------ corruption */

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next(void) /* xorshift64: deterministic, so failures reproduce */
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static int accepted, refused;

/* Parse n bytes from an allocation of exactly n bytes, so that ASan sees any over-read. */
static void try_parse(const uint8_t *f, size_t n, const char *what, size_t pos)
{
    uint8_t *b = malloc(n ? n : 1);
    memcpy(b, f, n);
    mwa_image im;
    char err[256] = "";
    int r = mwa_image_from_elf(b, n, "mwa_init", &im, err, sizeof err);
    if (r == 0) {
        accepted++;
        check(sane(&im), "%s at %zu: accepted image fails the invariants", what, pos);
        mwa_image_free(&im);
    } else {
        refused++;
        check(r == -1 && err[0] && !strchr(err, '\n') && im.bytes == NULL,
              "%s at %zu: returned %d with \"%s\"", what, pos, r, err);
    }
    free(b);
}

/* Each of the first 4096 bytes changed `ways` ways (1..5), truncations, random damage. */
static void fuzz(const uint8_t *good, size_t len, int ways, int randoms, int truncations)
{
    uint8_t *f = malloc(len);
    memcpy(f, good, len);
    static const uint8_t flips[] = {0xff, 0x01, 0x80, 0x10, 0x00};
    for (size_t p = 0; p < len && p < 4096; p++) {
        for (int k = 0; k < ways; k++) {
            f[p] = flips[k] ? good[p] ^ flips[k] : 0; /* 0: zero the byte */
            try_parse(f, len, "flip", p);
            f[p] = good[p];
        }
    }
    for (size_t n = 0; truncations && n < len && n < 4096; n++)
        try_parse(good, n, "truncate", n);
    for (int i = 0; truncations && i < 2000; i++) { /* beyond 4096: a sample of lengths */
        size_t n = (size_t)(next() % len);
        try_parse(good, n, "truncate", n);
    }
    static const uint64_t big[] = {0, 1, 8, 0x7fffffff, 0xffffffff, 0x10000000, 0x0fffffff,
                                   (uint64_t)-1, (uint64_t)-8, (uint64_t)1 << 63};
    for (int i = 0; i < randoms; i++) {
        memcpy(f, good, len);
        size_t pos = 0;
        int edits = 1 + (int)(next() % 4);
        for (int e = 0; e < edits; e++) {
            pos = (size_t)(next() % len);
            if (next() % 2 || pos + 8 > len)
                f[pos] = (uint8_t)next(); /* a random byte anywhere */
            else                          /* an extreme 64-bit value at an aligned spot */
                pos &= ~(size_t)7, put64(f + pos, big[next() % (sizeof big / sizeof big[0])]);
        }
        size_t n = next() % 8 == 0 ? (size_t)(next() % len) : len;
        try_parse(f, n, "random", pos);
    }
    free(f);
}

/* ------------------------------------------------------------ main */

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "reject") == 0) {
        size_t len;
        uint8_t *f = read_all(argv[2], &len);
        if (!f) {
            fprintf(stderr, "cannot read %s\n", argv[2]);
            return 1;
        }
        expect_fail(f, len, "mwa_init", argv[3], argv[2]);
        free(f);
        return failures != 0;
    }
    if (argc < 4 || strcmp(argv[1], "check") != 0) {
        fprintf(stderr, "usage: %s check SO x86_64|aarch64|riscv64 [--fuzz=full|light|--no-fuzz] | "
                "reject SO TEXT\n",
                argv[0]);
        return 2;
    }
    uint16_t machine = strcmp(argv[3], "x86_64") == 0 ? EM_X86_64
                     : strcmp(argv[3], "aarch64") == 0 ? EM_AARCH64
                     : strcmp(argv[3], "riscv64") == 0 ? EM_RISCV : 0;
    /* light: for the cross objects under ASan, where each allocation of a large image
     * (64 KiB pages on AArch64) is slow; the parser's paths do not depend on the machine. */
    const char *mode = argc > 4 ? argv[4] : "--fuzz=full";
    int do_fuzz = strcmp(mode, "--no-fuzz") != 0, light = strcmp(mode, "--fuzz=light") == 0;
    size_t len;
    uint8_t *good = read_all(argv[2], &len);
    if (!good || !machine) {
        fprintf(stderr, "cannot read %s or unknown arch %s\n", argv[2], argv[3]);
        return 1;
    }

    mwa_image ref;
    if (check_good(good, len, machine, argv[3], &ref) == 0) {
        printf("  ok  %s image: %zu bytes, %u relocations, entry %#llx%s\n", argv[3], ref.len,
               ref.nrelocs, (unsigned long long)ref.entry,
               machine == HOST_MACHINE ? ", loaded and called" : ", parsed (not this host's)");
        patched(good, len, machine);

        /* Variants for the paths the compilers' output does not take. */
        uint8_t *rel = malloc(len), *relr = malloc(len), *gnu = malloc(len);
        memcpy(rel, good, len);
        memcpy(relr, good, len);
        memcpy(gnu, good, len);
        set_dyn(gnu, DT_HASH, DT_DEBUG, 0); /* symbols counted through DT_GNU_HASH */
        if (check(to_rel(rel) == 0, "rewriting as DT_REL")) {
            same_relocs(rel, len, &ref, "as DT_REL");
            check_good(rel, len, machine, "as DT_REL", NULL);
        }
        if (check(to_relr(relr) == 0, "rewriting as DT_RELR")) {
            same_relocs(relr, len, &ref, "as DT_RELR");
            check_good(relr, len, machine, "as DT_RELR", NULL);
        }
        printf("  ok  DT_REL and DT_RELR rewrites give the same relocations%s\n",
               machine == HOST_MACHINE ? " and run" : "");
        mwa_image_free(&ref);

        if (do_fuzz) {
            int before = failures;
            if (light) {
                fuzz(good, len, 2, 5000, 1);
            } else {
                fuzz(good, len, 5, 20000, 1);
                fuzz(gnu, len, 2, 3000, 0);
                fuzz(rel, len, 2, 3000, 0);
                fuzz(relr, len, 2, 3000, 0);
            }
            if (failures == before)
                printf("  ok  corruption%s: %d inputs, %d accepted, %d refused, none crashed\n",
                       light ? " (light)" : " (also of the DT_GNU_HASH-only, DT_REL and DT_RELR "
                       "variants)", accepted + refused, accepted, refused);
        }
        free(rel);
        free(relr);
        free(gnu);
    }
    free(good);
    return failures != 0;
}
