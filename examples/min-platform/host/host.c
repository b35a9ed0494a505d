/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * host.c — loads and runs the min-platform embedding (a normal Linux program).
 *
 *   host PLATFORM.so EMBEDDING.so MODULE_DIR [EXT]
 *
 * 1. Checks the embedding before loading it: reads its ELF dynamic symbol table and
 *    refuses it, naming the symbol, if it needs anything but the platform API
 *    (mw_platform_*) and memcpy/memmove/memset/memcmp, or a library other than
 *    libminwasm-platform.so.
 * 2. Loads the platform library (platform/linux: raw system calls, no libc) with
 *    RTLD_GLOBAL, then the embedding with RTLD_DEEPBIND so that its memcpy & co. come
 *    from the platform library rather than this program's C library.
 * 3. Reads the modules (MODULE_DIR/NAME.EXT; EXT is wasm, or cwasm for modules
 *    precompiled by `minwasm compile`), calls minwasm_embedding_run, and prints one
 *    line per example. Exits 0 only if every example succeeded.
 */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../embedding/embedding.h"

#define PLATFORM_SONAME "libminwasm-platform.so"

/* ------------------------------------------------------------ ELF */

/* The ELF64 structures we read (System V gABI), little-endian hosts only. */
typedef struct {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} elf64_ehdr;

typedef struct {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
} elf64_shdr;

typedef struct {
    uint32_t name;
    unsigned char info, other;
    uint16_t shndx;
    uint64_t value, size;
} elf64_sym;

typedef struct {
    int64_t tag;
    uint64_t val;
} elf64_dyn;

#define SHT_DYNAMIC_ 6
#define SHT_DYNSYM_ 11
#define SHN_UNDEF_ 0
#define DT_NEEDED_ 1
#define STT_TLS_ 6

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (buf == NULL)
            break;
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        unsigned char *nb = realloc(buf, cap * 2);
        if (nb == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int allowed_symbol(const char *name)
{
    static const char *const mem[] = {"memcpy", "memmove", "memset", "memcmp"};
    if (strncmp(name, "mw_platform_", 12) == 0)
        return 1;
    for (size_t i = 0; i < sizeof mem / sizeof mem[0]; i++)
        if (strcmp(name, mem[i]) == 0)
            return 1;
    return 0;
}

/* A string of a string-table section, or NULL when out of range. */
static const char *str_at(const unsigned char *f, size_t len, const elf64_shdr *strtab,
                          uint64_t off)
{
    if (strtab->offset > len || strtab->size > len - strtab->offset || off >= strtab->size)
        return NULL;
    const char *s = (const char *)f + strtab->offset + off;
    if (memchr(s, '\0', strtab->size - off) == NULL)
        return NULL;
    return s;
}

/*
 * Returns 0 if the embedding needs only what the platform library provides; otherwise
 * prints why (naming every offending symbol or library) and returns 1.
 */
static int check_embedding(const char *path)
{
    size_t len;
    unsigned char *f = read_file(path, &len);
    if (f == NULL) {
        fprintf(stderr, "host: cannot read %s\n", path);
        return 1;
    }
    int bad = 0;
    elf64_ehdr eh;
    if (len < sizeof eh || memcmp(f, "\177ELF", 4) != 0) {
        fprintf(stderr, "host: %s is not an ELF file\n", path);
        free(f);
        return 1;
    }
    memcpy(&eh, f, sizeof eh);
    if (eh.ident[4] != 2 || eh.ident[5] != 1) {
        fprintf(stderr, "host: %s is not a little-endian ELF64 file\n", path);
        free(f);
        return 1;
    }
    if (eh.shentsize != sizeof(elf64_shdr) || eh.shoff > len ||
        (uint64_t)eh.shnum * sizeof(elf64_shdr) > len - eh.shoff) {
        fprintf(stderr, "host: %s: bad section header table\n", path);
        free(f);
        return 1;
    }
    const elf64_shdr *sh = (const elf64_shdr *)(const void *)(f + eh.shoff);
    int nsyms_checked = 0;
    for (unsigned i = 0; i < eh.shnum; i++) {
        if (sh[i].link >= eh.shnum)
            continue;
        const elf64_shdr *strtab = &sh[sh[i].link];
        if (sh[i].offset > len || sh[i].size > len - sh[i].offset)
            continue;
        if (sh[i].type == SHT_DYNSYM_ && sh[i].entsize == sizeof(elf64_sym)) {
            size_t n = sh[i].size / sizeof(elf64_sym);
            for (size_t k = 1; k < n; k++) {   /* entry 0 is the null symbol */
                elf64_sym s;
                memcpy(&s, f + sh[i].offset + k * sizeof s, sizeof s);
                nsyms_checked++;
                if (s.shndx != SHN_UNDEF_)
                    continue;
                const char *name = str_at(f, len, strtab, s.name);
                if (name == NULL || name[0] == '\0')
                    continue;
                if (!allowed_symbol(name) || (s.info & 0xf) == STT_TLS_) {
                    fprintf(stderr,
                            "host: REFUSED %s: it needs the symbol '%s', which is neither "
                            "mw_platform_* nor memcpy/memmove/memset/memcmp\n",
                            path, name);
                    bad = 1;
                }
            }
        } else if (sh[i].type == SHT_DYNAMIC_) {
            size_t n = sh[i].size / sizeof(elf64_dyn);
            for (size_t k = 0; k < n; k++) {
                elf64_dyn d;
                memcpy(&d, f + sh[i].offset + k * sizeof d, sizeof d);
                if (d.tag != DT_NEEDED_)
                    continue;
                const char *lib = str_at(f, len, strtab, d.val);
                if (lib == NULL || strcmp(lib, PLATFORM_SONAME) != 0) {
                    fprintf(stderr, "host: REFUSED %s: it needs the library '%s'\n", path,
                            lib ? lib : "?");
                    bad = 1;
                }
            }
        }
    }
    free(f);
    if (nsyms_checked == 0 && !bad) {
        fprintf(stderr, "host: %s has no dynamic symbol table\n", path);
        return 1;
    }
    return bad;
}

/* ------------------------------------------------------------ running */

static void print_wasm_output(void *ctx, const char *bytes, size_t len)
{
    (void)ctx;
    fputs("[wasm] ", stdout);
    fwrite(bytes, 1, len, stdout);
    fflush(stdout);
}

static int load_wasm(const char *dir, const char *name, const char *ext,
                     struct mw_embedding_wasm *w)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext);
    size_t len = 0;
    w->bytes = read_file(path, &len);
    w->len = len;
    if (w->bytes == NULL) {
        fprintf(stderr, "host: cannot read %s\n", path);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: %s PLATFORM.so EMBEDDING.so MODULE_DIR [wasm|cwasm]\n",
                argv[0]);
        return 2;
    }
    const char *platform = argv[1], *embedding = argv[2], *dir = argv[3];
    const char *ext = argc == 5 ? argv[4] : "wasm";

    if (check_embedding(embedding) != 0)
        return 1;

    void *plat = dlopen(platform, RTLD_NOW | RTLD_GLOBAL);
    if (plat == NULL) {
        fprintf(stderr, "host: %s\n", dlerror());
        return 1;
    }
    void *emb = dlopen(embedding, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (emb == NULL) {
        fprintf(stderr, "host: %s\n", dlerror());
        return 1;
    }
    mw_embedding_run_fn run = (mw_embedding_run_fn)(uintptr_t)dlsym(emb, MW_EMBEDDING_ENTRY);
    if (run == NULL) {
        fprintf(stderr, "host: %s\n", dlerror());
        return 1;
    }
    /* Where the embedding's memcpy comes from (its own lookup scope, as relocated). */
    Dl_info info;
    void *mc = dlsym(emb, "memcpy");
    const char *from = mc != NULL && dladdr(mc, &info) && info.dli_fname ? info.dli_fname : "?";
    const char *slash = strrchr(from, '/');
    printf("memcpy & co. from: %s\n", slash ? slash + 1 : from);

    struct mw_embedding_modules mods;
    memset(&mods, 0, sizeof mods);
    int ok = load_wasm(dir, "smoke", ext, &mods.smoke) &
             load_wasm(dir, "simple_add", ext, &mods.simple_add) &
             load_wasm(dir, "simple_host_fn", ext, &mods.simple_host_fn) &
             load_wasm(dir, "simple_floats", ext, &mods.simple_floats) &
             load_wasm(dir, "out_of_bounds", ext, &mods.out_of_bounds) &
             load_wasm(dir, "data_image", ext, &mods.data_image) &
             load_wasm(dir, "hello", ext, &mods.hello);
    if (!ok)
        return 1;
    static char out[8192];
    size_t out_len = 0;
    mods.print = print_wasm_output;
    mods.out = out;
    mods.out_cap = sizeof out;
    mods.out_len = &out_len;

    char err[512];
    int r = run(err, sizeof err, &mods);
    fwrite(out, 1, out_len < sizeof out ? out_len : sizeof out - 1, stdout);
    if (r != 0) {
        printf("host: FAILED: %s\n", err);
        return 1;
    }
    printf("host: all examples passed\n");
    return 0;
}
