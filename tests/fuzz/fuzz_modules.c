/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fuzz_modules — deterministic mutation test of module decoding, instantiation and
 * execution.
 *
 * For every input .wasm that decodes (duplicates skipped), it tries:
 *   - the module itself,
 *   - every truncated prefix (lengths 0 .. len-1),
 *   - FLIPS random mutants (seeded xorshift): single-bit flips, multi-bit flips and
 *     single bytes replaced by "interesting" values.
 * Each mutant goes through mw_module_new; when that succeeds, it is instantiated in a
 * fresh store with fuel, with dummy imports (host functions returning zeros; fresh
 * memories, tables and globals of the imported types), and every exported function is
 * called with zero arguments. Any error, trap or result is fine. A crash, a hang (watchdog),
 * a sanitizer report, a leaked allocation (the engine's allocator counts blocks) or a broken
 * API contract (an error without NUL-terminated message or with the wrong code) fails.
 *
 * Usage: fuzz_modules [-v] [-n FLIPS] [-s SEED] [-t SECONDS] [-m MUTANT] PATH...
 *   PATH      .wasm files, or directories whose *.wasm files are used (sorted by name)
 *   -v        print every mutant before running it (to find the one that crashes)
 *   -n FLIPS  random mutants per module (default 50)
 *   -s SEED   PRNG seed (default 1)
 *   -t SECS   watchdog per mutant (default 20)
 *   -m N      run only mutant number N of each module (as printed in failure messages)
 */
#define _XOPEN_SOURCE 700   /* POSIX.1-2008 + XSI (sigaltstack) */
#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "minwasm.h"
#include "fuzz_util.h"

#define FUEL 100000u

/* ------------------------------------------------------------------ crash reporting */

static char g_desc[1024] = "(starting)";

static void write_desc(const char *what) {
    ssize_t r;
    r = write(2, "\nfuzz_modules: ", 15);
    r = write(2, what, strlen(what));
    r = write(2, " while running: ", 16);
    r = write(2, g_desc, strlen(g_desc));
    r = write(2, "\n", 1);
    (void)r;
}

static void on_fatal_signal(int sig) {
    write_desc(sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGILL ? "SIGILL"
               : sig == SIGFPE ? "SIGFPE" : "SIGABRT");
    raise(sig);   /* SA_RESETHAND restored the default action */
}

static void on_alarm(int sig) {
    (void)sig;
    write_desc("TIMEOUT (watchdog)");
    _exit(3);
}

static void on_sanitizer_death(void) { write_desc("sanitizer report"); }

/* Present when linked with a sanitizer runtime (ASan, UBSan, ...). */
extern void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

/* UBSan reads its defaults from this hook. With gcc, libubsan does not share ASan's death
 * callback, so make UBSan abort: our SIGABRT handler then names the mutant. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) {
    return "print_stacktrace=1:halt_on_error=1:abort_on_error=1";
}

static void install_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    static char altstack[1 << 16];
    stack_t ss;
    memset(&ss, 0, sizeof ss);
    ss.ss_sp = altstack;
    ss.ss_size = sizeof altstack;
    sigaltstack(&ss, NULL);
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
    sigaction(SIGABRT, &sa, NULL);
    if (__sanitizer_set_death_callback) {
        /* Keep the sanitizer's own SEGV handler: it prints the better report. */
        __sanitizer_set_death_callback(on_sanitizer_death);
        return;
    }
    int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
}

/* ------------------------------------------------------------------ helpers */

static uint64_t xorshift64(uint64_t *s) {
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static uint64_t fnv1a(const uint8_t *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

typedef struct stats {
    unsigned long modules, duplicates, undecodable, mutants, rejected, ran;
    unsigned long link_failed, inst_failed, calls, calls_ok, calls_trapped;
    unsigned long failures;
    unsigned long traps[MW_TRAP_COUNT_];
} stats;

static stats g_st;
static fz_alloc_stats g_alloc;
static mw_engine *g_engine;

/* fz_fail reports here: count, print the first 20 with the mutant's description. */
static void count_failure(const char *msg) {
    g_st.failures++;
    if (g_st.failures <= 20) printf("FAIL: %s [%s]\n", msg, g_desc);
}

/* ------------------------------------------------------------------ one mutant */

static void run_mutant(const uint8_t *bytes, size_t len) {
    mw_error err;
    mw_module *m = NULL;
    size_t blocks_before = g_alloc.live_blocks, bytes_before = g_alloc.live_bytes;

    g_st.mutants++;
    fz_reset_error(&err);
    mw_result r = mw_module_new(g_engine, bytes, len, &m, &err);
    fz_check_error(r, &err, "mw_module_new");
    if (r != MW_OK) {
        g_st.rejected++;
        fz_check_live(&g_alloc, blocks_before, bytes_before, "after a rejected module");
        return;
    }
    g_st.ran++;

    mw_store_limits limits = {16u << 20, 100000, 0};
    mw_store *s = NULL;
    fz_reset_error(&err);
    r = mw_store_new(g_engine, &limits, &s, &err);
    fz_check_error(r, &err, "mw_store_new");
    if (r != MW_OK) {
        fz_fail("mw_store_new failed");
        mw_module_delete(m);
        return;
    }
    mw_store_set_fuel(s, FUEL);

    mw_extern *imports;
    uint32_t nimp;
    mw_instance *inst = NULL;
    if (!fz_make_imports(s, m, NULL, &imports, &nimp)) {
        g_st.link_failed++;
    } else {
        fz_reset_error(&err);
        r = mw_instance_new(s, m, imports, nimp, &inst, &err);
        fz_check_error(r, &err, "mw_instance_new");
        if (r != MW_OK) g_st.inst_failed++;
    }

    uint32_t nexp = inst ? mw_module_export_count(m) : 0;
    for (uint32_t i = 0; i < nexp; i++) {
        const char *name;
        size_t name_len;
        mw_extern ext;
        if (!mw_instance_export_nth(inst, i, &name, &name_len, &ext)) {
            fz_fail("mw_instance_export_nth(i < export_count) returned false");
            break;
        }
        if (ext.kind == MW_EXTERN_MEMORY) (void)mw_memory_size(ext.of.memory);
        else if (ext.kind == MW_EXTERN_TABLE) (void)mw_table_size(ext.of.table);
        else if (ext.kind == MW_EXTERN_GLOBAL) (void)mw_global_get(ext.of.global);
        if (ext.kind != MW_EXTERN_FUNC) continue;
        mw_functype ft;
        mw_func_type(ext.of.func, &ft);
        mw_val *args = calloc(ft.nparams + 1, sizeof *args);
        mw_val *res = calloc(ft.nresults + 1, sizeof *res);
        if (!args || !res) abort();
        for (uint32_t k = 0; k < ft.nparams; k++) args[k] = fz_zero_val(ft.params[k]);
        g_st.calls++;
        r = fz_call(s, ext.of.func, args, res, &err);
        if (r == MW_OK) g_st.calls_ok++;
        else if (r == MW_ERR_TRAP) {
            g_st.calls_trapped++;
            if (err.trap < MW_TRAP_COUNT_) g_st.traps[err.trap]++;
        }
        free(args);
        free(res);
    }

    free(imports);
    mw_store_delete(s);
    mw_module_delete(m);
    fz_check_live(&g_alloc, blocks_before, bytes_before, "after deleting the store and module");
}

/* ------------------------------------------------------------------ one module */

typedef struct options {
    int verbose;
    unsigned flips;
    uint64_t seed;
    unsigned timeout;
    long only;   /* -1 = all */
} options;

static const uint8_t interesting[] = {0x00, 0x01, 0x7f, 0x80, 0xff, 0x40, 0x41, 0x0b, 0x10, 0x20};

static void fuzz_module(const char *path, const uint8_t *orig, size_t len, const options *o) {
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf) abort();
    uint64_t rng = (o->seed ^ fnv1a(orig, len)) | 1;
    unsigned long total = 1 + (unsigned long)len + o->flips;

    for (unsigned long k = 0; k < total; k++) {
        size_t n = len;
        char what[200];
        memcpy(buf, orig, len);
        if (k == 0) {
            snprintf(what, sizeof what, "original");
        } else if (k <= len) {
            n = k - 1;
            snprintf(what, sizeof what, "prefix of %zu bytes", n);
        } else {
            /* always advance the PRNG the same way, so -m N reproduces mutant N */
            uint64_t r = xorshift64(&rng);
            size_t lo = len > 8 ? 8 : 0;   /* leave the magic and version alone */
            size_t span = len - lo;
            unsigned kind = (unsigned)(r % 10);
            if (span == 0) {
                snprintf(what, sizeof what, "no mutation (empty body)");
            } else if (kind < 6) {
                size_t pos = lo + (size_t)(xorshift64(&rng) % span);
                unsigned bit = (unsigned)(xorshift64(&rng) % 8);
                buf[pos] ^= (uint8_t)(1u << bit);
                snprintf(what, sizeof what, "bit %u of byte %zu flipped", bit, pos);
            } else if (kind < 9) {
                unsigned nbits = 2 + (unsigned)(xorshift64(&rng) % 7);
                for (unsigned b = 0; b < nbits; b++) {
                    size_t pos = lo + (size_t)(xorshift64(&rng) % span);
                    buf[pos] ^= (uint8_t)(1u << (xorshift64(&rng) % 8));
                }
                snprintf(what, sizeof what, "%u random bits flipped", nbits);
            } else {
                size_t pos = lo + (size_t)(xorshift64(&rng) % span);
                uint8_t v = interesting[xorshift64(&rng) % sizeof interesting];
                buf[pos] = v;
                snprintf(what, sizeof what, "byte %zu set to 0x%02x", pos, v);
            }
        }
        if (o->only >= 0 && (unsigned long)o->only != k) continue;
        snprintf(g_desc, sizeof g_desc, "%s mutant %lu (%s); reproduce: fuzz_modules -s %llu -n %u -m %lu %s",
                 path, k, what, (unsigned long long)o->seed, o->flips, k, path);
        if (o->verbose) {
            printf("%s\n", g_desc);
            fflush(stdout);
        }
        alarm(o->timeout);
        run_mutant(buf, n);
        alarm(0);
    }
    free(buf);
}

/* ------------------------------------------------------------------ inputs */

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

static void push(strlist *l, char *s) {
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v) abort();
    }
    l->v[l->n++] = s;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p) abort();
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

static int collect(const char *path, strlist *out) {
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "fuzz_modules: cannot stat %s\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        char *copy = malloc(strlen(path) + 1);
        if (!copy) abort();
        strcpy(copy, path);
        push(out, copy);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "fuzz_modules: cannot open %s\n", path);
        return -1;
    }
    size_t first = out->n;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".wasm") == 0) push(out, join(path, e->d_name));
    }
    closedir(d);
    qsort(out->v + first, out->n - first, sizeof *out->v, cmp_str);
    return 0;
}

static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *p = malloc(cap);
    if (!p) abort();
    size_t got;
    while ((got = fread(p + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            p = realloc(p, cap);
            if (!p) abort();
        }
    }
    fclose(f);
    *len = n;
    return p;
}

static void usage(void) {
    fprintf(stderr, "usage: fuzz_modules [-v] [-n FLIPS] [-s SEED] [-t SECONDS] [-m MUTANT] PATH...\n");
    exit(2);
}

int main(int argc, char **argv) {
    options o = {0, 50, 1, 20, -1};
    int c;
    while ((c = getopt(argc, argv, "vn:s:t:m:")) != -1) {
        switch (c) {
        case 'v': o.verbose = 1; break;
        case 'n': o.flips = (unsigned)strtoul(optarg, NULL, 0); break;
        case 's': o.seed = strtoull(optarg, NULL, 0); break;
        case 't': o.timeout = (unsigned)strtoul(optarg, NULL, 0); break;
        case 'm': o.only = strtol(optarg, NULL, 0); break;
        default: usage();
        }
    }
    if (optind >= argc) usage();
    setvbuf(stdout, NULL, _IOLBF, 0);
    install_handlers();

    strlist files = {0};
    for (int i = optind; i < argc; i++)
        if (collect(argv[i], &files) != 0) return 2;

    fz_fail_hook = count_failure;
    /* 512 KiB of value stack per store keeps fresh stores cheap */
    g_engine = fz_engine_new(&g_alloc, 0, 1u << 16);
    mw_error err;

    uint64_t *seen = calloc(files.n + 1, sizeof *seen);
    if (!seen) abort();
    size_t nseen = 0;
    for (size_t i = 0; i < files.n; i++) {
        size_t len;
        uint8_t *bytes = read_file(files.v[i], &len);
        if (!bytes) {
            fprintf(stderr, "fuzz_modules: cannot read %s\n", files.v[i]);
            return 2;
        }
        uint64_t h = fnv1a(bytes, len) ^ len;
        bool dup = false;
        for (size_t j = 0; j < nseen && !dup; j++) dup = seen[j] == h;
        if (dup) {
            g_st.duplicates++;
            free(bytes);
            continue;
        }
        seen[nseen++] = h;

        /* only modules that decode as they are */
        mw_module *m = NULL;
        snprintf(g_desc, sizeof g_desc, "%s (decoding the input)", files.v[i]);
        alarm(o.timeout);
        mw_result r = mw_module_new(g_engine, bytes, len, &m, &err);
        alarm(0);
        if (r != MW_OK) {
            g_st.undecodable++;
            free(bytes);
            continue;
        }
        mw_module_delete(m);
        g_st.modules++;
        fuzz_module(files.v[i], bytes, len, &o);
        free(bytes);
        if (g_st.modules % 250 == 0)
            printf("fuzz: ... %lu modules, %lu mutants so far\n", g_st.modules, g_st.mutants);
    }
    snprintf(g_desc, sizeof g_desc, "(all mutants done: tearing down)");
    mw_engine_delete(g_engine);
    fz_check_live(&g_alloc, 0, 0, "after mw_engine_delete");
    free(seen);

    printf("fuzz: %lu inputs: %lu duplicates and %lu undecodable skipped\n",
           (unsigned long)files.n, g_st.duplicates, g_st.undecodable);
    printf("fuzz: instantiation: %lu import creations failed, %lu instantiations failed; "
           "%lu calls: %lu returned, %lu trapped; %lu allocations refused (> %zu MiB)\n",
           g_st.link_failed, g_st.inst_failed, g_st.calls, g_st.calls_ok, g_st.calls_trapped,
           (unsigned long)g_alloc.refused, (size_t)256);
    printf("fuzz: traps:");
    for (int t = 1; t < MW_TRAP_COUNT_; t++)
        if (g_st.traps[t]) printf(" %lu %s;", g_st.traps[t], mw_trap_message((mw_trap_code)t));
    printf("\n");
    printf("fuzz: %lu modules, %lu mutants, %lu rejected, %lu ran\n", g_st.modules,
           g_st.mutants, g_st.rejected, g_st.ran);
    if (g_st.failures > 20) printf("fuzz: (only the first 20 failures were shown)\n");
    snprintf(g_desc, sizeof g_desc, "(exiting)");
    printf("%lu passed, %lu failed\n", g_st.mutants - g_st.failures, g_st.failures);
    for (size_t i = 0; i < files.n; i++) free(files.v[i]);
    free(files.v);
    return g_st.failures ? 1 : 0;
}
