/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * compile.c — `minwasm compile`: validate with the core, translate to C (cgen.c),
 * compile that with the host's C compiler into a shared object, flatten it (elfimg.c)
 * and write the .cwasm (src/cwasm_format.h). Hosted C; POSIX for processes and files.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include "compile.h"
#include "cgen.h"
#include "elfimg.h"
#include "../include/minwasm.h"
#include "../src/mw_config.h"
#include "../src/aot_abi.h"
#include "../src/cwasm_format.h"

#ifndef EM_X86_64
#  define EM_X86_64 62
#endif
#ifndef EM_AARCH64
#  define EM_AARCH64 183
#endif
#ifndef EM_RISCV
#  define EM_RISCV 243
#endif

const char *mwa_build_id(void)
{
    /* The translator's build time: any rebuild may generate other code. */
    return MW_VERSION " " __DATE__ " " __TIME__;
}

void mwa_compile_opts_init(mwa_compile_opts *o)
{
    memset(o, 0, sizeof *o);
    o->opt = -1;
    o->bounds = -1;
}

static void *host_alloc(void *ud, void *p, size_t osize, size_t nsize)
{
    (void)ud; (void)osize;
    if (nsize == 0) { free(p); return NULL; }
    return realloc(p, nsize);
}

static int target_id(const char *t)
{
    if (!t) return MWH_TARGET_HOST;
    if (strcmp(t, "x86_64") == 0 || strcmp(t, "x86-64") == 0) return MWH_TARGET_X86_64;
    if (strcmp(t, "aarch64") == 0 || strcmp(t, "arm64") == 0) return MWH_TARGET_AARCH64;
    if (strcmp(t, "riscv64") == 0) return MWH_TARGET_RISCV64;
    return 0;
}

static bool in_path(const char *prog)
{
    const char *path = getenv("PATH");
    char buf[4096];
    while (path && *path) {
        size_t n = strcspn(path, ":");
        snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, prog);
        if (access(buf, X_OK) == 0) return true;
        path += n + (path[n] == ':');
    }
    return false;
}

static const char *default_cc(int target)
{
    if (target == MWH_TARGET_HOST) {
        const char *cc = getenv("CC");
        return cc && *cc ? cc : "cc";
    }
    /* The Debian cross compilers, else clang (which targets all three) with lld. */
    switch (target) {
    case MWH_TARGET_X86_64:
        return in_path("x86_64-linux-gnu-gcc") ? "x86_64-linux-gnu-gcc"
                                               : "clang --target=x86_64-linux-gnu -fuse-ld=lld";
    case MWH_TARGET_AARCH64:
        return in_path("aarch64-linux-gnu-gcc") ? "aarch64-linux-gnu-gcc"
                                                : "clang --target=aarch64-linux-gnu -fuse-ld=lld";
    default:
        return in_path("riscv64-linux-gnu-gcc") ? "riscv64-linux-gnu-gcc"
                                                : "clang --target=riscv64-linux-gnu -fuse-ld=lld";
    }
}

/* Run argv (argv[0] looked up in PATH) with stdout and stderr into log; its status. */
static int run(char **argv, const char *log)
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); close(fd); }
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* The first line of a file (the compiler's first complaint), for an error message. */
static void first_line(const char *path, char *buf, size_t cap)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return;
    while (fgets(buf, (int)cap, f)) {
        if (strstr(buf, "error") || strstr(buf, "cannot") || strstr(buf, "undefined")) break;
    }
    fclose(f);
    buf[strcspn(buf, "\n")] = '\0';
}

static int read_all(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 16, n = 0;
    uint8_t *p = malloc(cap);
    while (p) {
        size_t k = fread(p + n, 1, cap - n, f);
        n += k;
        if (n < cap) break;
        uint8_t *q = realloc(p, cap *= 2);
        if (!q) { free(p); p = NULL; }
        else p = q;
    }
    int bad = ferror(f) || !p;
    fclose(f);
    if (bad) { free(p); return -1; }
    *data = p;
    *len = n;
    return 0;
}

static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }

static int write_cwasm(const char *path, int target, uint32_t cfg, const uint8_t *wasm,
                       size_t wlen, const mwa_image *img, char *err, size_t cap)
{
    size_t off_rel = MWH_HEADER + mwH_pad8(wlen);
    size_t off_img = off_rel + mwH_pad8((size_t)img->nrelocs * 4);
    size_t total = off_img + img->len;
    uint8_t *b = calloc(1, total);
    if (!b) { snprintf(err, cap, "out of memory"); return -1; }
    memcpy(b, MWH_MAGIC, 8);
    put32(b + 8, MWH_VERSION);
    put32(b + 12, (uint32_t)target);
    put32(b + 16, cfg);
    put32(b + 20, MWA_ABI_VERSION);
    put64(b + 24, mwH_fnv1a(wasm, wlen));
    put32(b + 32, (uint32_t)wlen);
    put32(b + 36, (uint32_t)img->len);
    put32(b + 40, img->nrelocs);
    put32(b + 44, (uint32_t)img->entry);
    memcpy(b + MWH_HEADER, wasm, wlen);
    for (uint32_t i = 0; i < img->nrelocs; i++) put32(b + off_rel + 4 * (size_t)i, img->relocs[i]);
    memcpy(b + off_img, img->bytes, img->len);
    put64(b + 48, mwH_fnv1a(b + MWH_HEADER, total - MWH_HEADER));
    put64(b + 56, mwH_fnv1a(b, 56));
    FILE *f = fopen(path, "wb");
    int bad = !f || fwrite(b, 1, total, f) != total;
    if (f && fclose(f) != 0) bad = 1;
    free(b);
    if (bad) { snprintf(err, cap, "cannot write %s: %s", path, strerror(errno)); return -1; }
    return 0;
}

/* The core's verdict on a module: validation lives there only. */
static mw_module *validate(mw_engine *engine, const uint8_t *wasm, size_t len, char *err, size_t cap)
{
    mw_module *m = NULL;
    mw_error e;
    memset(&e, 0, sizeof e);
    if (mw_module_new(engine, wasm, len, &m, &e) == MW_OK) return m;
    if (e.offset != SIZE_MAX)
        snprintf(err, cap, "%s at byte %zu: %s", mw_result_name(e.code), e.offset, e.msg);
    else
        snprintf(err, cap, "%s: %s", mw_result_name(e.code), e.msg);
    return NULL;
}

/* Compile the C file cpath into the shared object sopath; 0 or -1 with err. */
static int run_cc(const mwa_compile_opts *o, int target, const char *cpath, const char *sopath,
                  const char *logpath, char *err, size_t cap)
{
    /* The compiler: its own words (CC may hold flags), then ours. */
    const char *cc = o->cc ? o->cc : default_cc(target);
    char *ccdup = strdup(cc);
    if (!ccdup) { snprintf(err, cap, "out of memory"); return -1; }
    char *argv[64];
    int argc = 0;
    for (char *t = strtok(ccdup, " \t"); t && argc < 32; t = strtok(NULL, " \t")) argv[argc++] = t;
    char olevel[16];
    snprintf(olevel, sizeof olevel, "-O%d", o->opt >= 0 ? o->opt : 2);
    /* No contraction into FMA (it changes results), no libc, no stack protector or
     * unwind tables (nothing to link them with), hidden symbols but the init functions. */
    static const char *const flags[] = {
        "-std=gnu11", "-ffp-contract=off", "-fno-fast-math", "-fPIC", "-shared", "-nostdlib",
        "-ffreestanding", "-fvisibility=hidden", "-fno-stack-protector",
        "-fno-asynchronous-unwind-tables", "-fno-unwind-tables", "-w",
        "-Wl,--hash-style=both", "-Wl,-z,norelro", "-Wl,--no-undefined", "-o",
    };
    argv[argc++] = olevel;
    /* Frame pointers in every function: the core names native frames of a guard-page
     * fault by walking them (src/native.c). */
    argv[argc++] = (char *)"-fno-omit-frame-pointer";
    if (target != MWH_TARGET_RISCV64) argv[argc++] = (char *)"-mno-omit-leaf-frame-pointer";
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) argv[argc++] = (char *)flags[i];
    argv[argc++] = (char *)sopath;
    argv[argc++] = (char *)cpath;
    argv[argc] = NULL;
    if (o->verbose) {
        for (int i = 0; i < argc; i++) fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
        fputc('\n', stderr);
    }
    int st = run(argv, logpath);
    if (st != 0) {
        char line[200];
        first_line(logpath, line, sizeof line);
        snprintf(err, cap, "the C compiler (%s) failed (status %d)%s%s", argv[0], st,
                 line[0] ? ": " : "", line);
    }
    free(ccdup);
    return st != 0 ? -1 : 0;
}

/* C names of module i of a batch of n: the prefix of its functions and its init function
 * (a batch of one keeps the plain names). */
static void batch_names(size_t n, size_t i, char *pfx, size_t pcap, char *init, size_t icap)
{
    if (n > 1) {
        snprintf(pfx, pcap, "m%zu_", i);
        snprintf(init, icap, "%s_%zu", MWA_INIT_SYMBOL, i);
    } else {
        pfx[0] = '\0';
        snprintf(init, icap, "%s", MWA_INIT_SYMBOL);
    }
}

int mwa_compile_batch(const uint8_t *const *wasm, const size_t *len, const char *const *out,
                      size_t n, const mwa_compile_opts *o, char *err, size_t cap)
{
    int target = target_id(o->target);
    if (!target) {
        snprintf(err, cap, "unknown target '%s' (x86_64, aarch64 or riscv64)", o->target ? o->target : "?");
        return -1;
    }
    bool bounds = o->bounds >= 0 ? o->bounds != 0 : !MW_GUARD_PAGES;
    uint32_t cfg = (bounds ? MWA_CFG_BOUNDS : 0) | (MW_SIMD ? MWA_CFG_SIMD : 0);
    mw_engine_config ec;
    memset(&ec, 0, sizeof ec);
    ec.alloc = host_alloc;
    mw_engine *engine = NULL;
    if (mw_engine_new(&ec, &engine, NULL) != MW_OK) { snprintf(err, cap, "out of memory"); return -1; }

    int rc = -1;
    mw_module **mods = calloc(n ? n : 1, sizeof *mods);
    mwa_cgen_opts go = { bounds, o->emit_c };
    char dir[] = "/tmp/minwasm-aot-XXXXXX";
    char cpath[64], sopath[64], logpath[64];
    bool have_dir = false;
    uint8_t *so = NULL;
    size_t solen = 0;
    mwa_image img;
    memset(&img, 0, sizeof img);
    FILE *f = NULL;
    if (!mods) { snprintf(err, cap, "out of memory"); goto out; }
    bool simd = false;
    for (size_t i = 0; i < n; i++) {
        if (len[i] > 0xFFFFFFF0u) { snprintf(err, cap, "%s: module too large", out[i]); goto out; }
        if (!(mods[i] = validate(engine, wasm[i], len[i], err, cap))) goto out;
        simd = simd || mwa_cgen_uses_simd(mods[i]);
    }

    if (o->emit_c) {
        if (n != 1) { snprintf(err, cap, "--emit-c takes one module"); goto out; }
        f = fopen(out[0], "w");
        if (!f) { snprintf(err, cap, "cannot write %s: %s", out[0], strerror(errno)); goto out; }
        int g = mwa_cgen(mods[0], &go, f, err, cap);
        if (fclose(f) != 0 && g == 0) { snprintf(err, cap, "cannot write %s", out[0]); g = -1; }
        f = NULL;
        if (g != 0) { remove(out[0]); goto out; }
        rc = 0;
        goto out;
    }

    if (!mkdtemp(dir)) { snprintf(err, cap, "cannot create a temporary directory: %s", strerror(errno)); goto out; }
    have_dir = true;
    snprintf(cpath, sizeof cpath, "%s/m.c", dir);
    snprintf(sopath, sizeof sopath, "%s/m.so", dir);
    snprintf(logpath, sizeof logpath, "%s/cc.log", dir);
    f = fopen(cpath, "w");
    if (!f) { snprintf(err, cap, "cannot write %s: %s", cpath, strerror(errno)); goto out; }
    int g = mwa_cgen_begin(f, true, simd);
    for (size_t i = 0; i < n && g == 0; i++) {
        char pfx[32], init[48];
        batch_names(n, i, pfx, sizeof pfx, init, sizeof init);
        g = mwa_cgen_module(mods[i], &go, pfx, init, f, err, cap);
    }
    if (fclose(f) != 0 && g == 0) { snprintf(err, cap, "cannot write %s", cpath); g = -1; }
    f = NULL;
    if (g != 0) goto out;
    if (run_cc(o, target, cpath, sopath, logpath, err, cap) != 0) goto out;
    if (read_all(sopath, &so, &solen) != 0) { snprintf(err, cap, "cannot read %s", sopath); goto out; }
    uint16_t want = target == MWH_TARGET_X86_64 ? EM_X86_64
                  : target == MWH_TARGET_AARCH64 ? EM_AARCH64 : EM_RISCV;
    for (size_t i = 0; i < n; i++) {
        char pfx[32], init[48], why[200];
        batch_names(n, i, pfx, sizeof pfx, init, sizeof init);
        if (mwa_image_from_elf(so, solen, init, &img, why, sizeof why) != 0) {
            snprintf(err, cap, "unusable native code: %s", why);
            goto out;
        }
        if (img.machine != want) {
            snprintf(err, cap, "the C compiler made code for another machine (ELF machine %u)", img.machine);
            goto out;
        }
        if (write_cwasm(out[i], target, cfg, wasm[i], len[i], &img, err, cap) != 0) goto out;
        mwa_image_free(&img);
    }
    rc = 0;
out:
    if (f) fclose(f);
    mwa_image_free(&img);
    free(so);
    if (have_dir && !getenv("MINWASM_AOT_KEEP")) {
        unlink(cpath); unlink(sopath); unlink(logpath); rmdir(dir);
    } else if (have_dir) {
        fprintf(stderr, "minwasm: kept %s\n", dir);
    }
    for (size_t i = 0; mods && i < n; i++) mw_module_delete(mods[i]);
    free(mods);
    mw_engine_delete(engine);
    return rc;
}

int mwa_compile(const uint8_t *wasm, size_t len, const char *out_path,
                const mwa_compile_opts *o, char *err, size_t cap)
{
    return mwa_compile_batch(&wasm, &len, &out_path, 1, o, err, cap);
}
