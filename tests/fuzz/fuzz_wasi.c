/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fuzz_wasi — libFuzzer target: a wasm guest calls WASI preview 1 functions with
 * fuzzer-chosen arguments, on a scratch directory.
 *
 * The guest is built here from SIGS: it imports every wasi_snapshot_preview1 function
 * and exports a wrapper "w<k>" of the same type that only forwards its arguments, so
 * each call enters WASI from wasm with a real caller and memory. The input is a
 * sequence of records (at most MAX_RECORDS):
 *   op & 0x80, op & 0x40   write PATHS[byte] at a 16-bit offset of guest memory
 *   op & 0x80              write up to 255 input bytes at a 16-bit offset
 *   otherwise              call wrapper op % NSIGS; each argument is a small number, an
 *                          fd-like number, an offset in memory, the length of the last
 *                          path written, all file rights, or an edge/raw value (fz_val)
 * Arguments that would make the host sleep or fill the disk are clamped (poll_oneoff
 * clock timeouts <= 1 ms, file sizes <= 1 MiB); nothing else is filtered.
 *
 * The files: a fresh temporary directory ROOT holds scratch/ (the only pre-open, as
 * "/sandbox", refilled before every input with files, a directory and symbolic links,
 * several pointing outside: "../outside/secret", an absolute path, "..", a loop) and
 * outside/ (a sentinel tree). Stdio is absent in the guest.
 *
 * Invariants: no crash or sanitizer report; every call returns a valid WASI errno
 * (0-76) or traps for proc_exit/proc_raise only; nothing outside scratch/ changes
 * (names, types, sizes, mtimes, contents and link targets of everything in ROOT but
 * scratch/); no host file descriptor and no allocator block outlives an input.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "minwasm_wasi.h"

#define MAX_RECORDS 64
#define FUEL 100000u
#define MEM_BYTES 65536u

/* WASI preview 1 signatures: 'i' = i32, 'I' = i64; every result is an i32 errno,
 * except proc_exit's (none). */
typedef struct wasi_sig { const char *name, *params; } wasi_sig;
static const wasi_sig SIGS[] = {
    {"args_get", "ii"}, {"args_sizes_get", "ii"}, {"environ_get", "ii"},
    {"environ_sizes_get", "ii"}, {"clock_res_get", "ii"}, {"clock_time_get", "iIi"},
    {"fd_advise", "iIIi"}, {"fd_allocate", "iII"}, {"fd_close", "i"}, {"fd_datasync", "i"},
    {"fd_fdstat_get", "ii"}, {"fd_fdstat_set_flags", "ii"}, {"fd_fdstat_set_rights", "iII"},
    {"fd_filestat_get", "ii"}, {"fd_filestat_set_size", "iI"},
    {"fd_filestat_set_times", "iIIi"}, {"fd_pread", "iiiIi"}, {"fd_prestat_get", "ii"},
    {"fd_prestat_dir_name", "iii"}, {"fd_pwrite", "iiiIi"}, {"fd_read", "iiii"},
    {"fd_readdir", "iiiIi"}, {"fd_renumber", "ii"}, {"fd_seek", "iIii"}, {"fd_sync", "i"},
    {"fd_tell", "ii"}, {"fd_write", "iiii"}, {"path_create_directory", "iii"},
    {"path_filestat_get", "iiiii"}, {"path_filestat_set_times", "iiiiIIi"},
    {"path_link", "iiiiiii"}, {"path_open", "iiiiiIIii"}, {"path_readlink", "iiiiii"},
    {"path_remove_directory", "iii"}, {"path_rename", "iiiiii"}, {"path_symlink", "iiiii"},
    {"path_unlink_file", "iii"}, {"poll_oneoff", "iiii"}, {"proc_exit", "i"},
    {"proc_raise", "i"}, {"sched_yield", ""}, {"random_get", "ii"}, {"sock_accept", "iii"},
    {"sock_recv", "iiiiii"}, {"sock_send", "iiiii"}, {"sock_shutdown", "ii"},
};
#define NSIGS (sizeof SIGS / sizeof SIGS[0])

static const char *const PATHS[] = {
    "a", "b", "d", "d/c", "l_in", "l_out", "l_abs", "l_dir_out", "l_loop", "l_dotdot",
    "l_root", "..", ".", "/", "../outside/secret", "d/../..", "new", "d/new", "l_out/x",
    "a/", "", "d/./c", "l_dir_out/secret", "l_root/outside/secret", "d/..", "l_in/",
    "/sandbox/a", "d/c/..", "l_dotdot/secret", "new/..",
};
#define NPATHS (sizeof PATHS / sizeof PATHS[0])

static fz_alloc_stats g_alloc;
static mw_engine *g_engine;
static mw_module *g_guest;
static char g_root[256], g_scratch[300], g_outside[300];
static char *g_snapshot;          /* of everything in ROOT but scratch/, at start */
static size_t g_last_path_len;
static bool g_trace;

/* ------------------------------------------------------------------ the guest */

static mw_module *build_guest(void)
{
    static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    fz_buf m = {0}, sec = {0};
    char name[16];
    fz_bytes(&m, header, sizeof header);
    fz_uleb(&sec, NSIGS);
    for (size_t k = 0; k < NSIGS; k++) {
        size_t np = strlen(SIGS[k].params);
        fz_byte(&sec, 0x60);
        fz_uleb(&sec, np);
        for (size_t i = 0; i < np; i++)
            fz_byte(&sec, SIGS[k].params[i] == 'I' ? MW_I64 : MW_I32);
        bool none = strcmp(SIGS[k].name, "proc_exit") == 0;
        fz_uleb(&sec, none ? 0 : 1);
        if (!none)
            fz_byte(&sec, MW_I32);
    }
    fz_section(&m, 1, &sec);
    fz_uleb(&sec, NSIGS);
    for (size_t k = 0; k < NSIGS; k++) {
        fz_name(&sec, MW_WASI_MODULE);
        fz_name(&sec, SIGS[k].name);
        fz_byte(&sec, 0x00);
        fz_uleb(&sec, k);
    }
    fz_section(&m, 2, &sec);
    fz_uleb(&sec, NSIGS);
    for (size_t k = 0; k < NSIGS; k++)
        fz_uleb(&sec, k);
    fz_section(&m, 3, &sec);
    static const uint8_t memory[] = {1, 0x01, 1, 1};   /* one page, fixed */
    fz_bytes(&sec, memory, sizeof memory);
    fz_section(&m, 5, &sec);
    fz_uleb(&sec, NSIGS + 1);
    fz_name(&sec, "memory");
    fz_byte(&sec, 0x02);
    fz_uleb(&sec, 0);
    for (size_t k = 0; k < NSIGS; k++) {
        snprintf(name, sizeof name, "w%zu", k);
        fz_name(&sec, name);
        fz_byte(&sec, 0x00);
        fz_uleb(&sec, NSIGS + k);
    }
    fz_section(&m, 7, &sec);
    fz_uleb(&sec, NSIGS);
    for (size_t k = 0; k < NSIGS; k++) {
        size_t np = strlen(SIGS[k].params);
        fz_uleb(&sec, 4 + 2 * np);   /* no locals; local.get each; call k; end */
        fz_byte(&sec, 0);
        for (size_t i = 0; i < np; i++) {
            fz_byte(&sec, 0x20);
            fz_byte(&sec, (uint8_t)i);
        }
        fz_byte(&sec, 0x10);
        fz_byte(&sec, (uint8_t)k);   /* NSIGS < 128: one LEB byte */
        fz_byte(&sec, 0x0b);
    }
    fz_section(&m, 10, &sec);
    mw_module *mod = NULL;
    mw_error err;
    if (mw_module_new(g_engine, m.p, m.n, &mod, &err) != MW_OK)
        fz_fail("the WASI guest does not load: %s", err.msg);
    fz_free(&m);
    fz_free(&sec);
    return mod;
}

/* Our table must name exactly the functions minwasm defines. */
static void check_sigs(void)
{
    if (mw_wasi_func_count() != NSIGS)
        fz_fail("minwasm defines %zu WASI functions, the fuzzer knows %zu",
                mw_wasi_func_count(), (size_t)NSIGS);
    for (size_t k = 0; k < mw_wasi_func_count(); k++) {
        bool found = false;
        for (size_t j = 0; j < NSIGS && !found; j++)
            found = strcmp(SIGS[j].name, mw_wasi_func_name(k)) == 0;
        if (!found)
            fz_fail("the fuzzer does not know WASI function %s", mw_wasi_func_name(k));
    }
}

/* ------------------------------------------------------------------ the directories */

static void must(bool ok, const char *what)
{
    if (!ok) {
        perror(what);
        abort();
    }
}

static void put_file(const char *dir, const char *name, const char *content)
{
    char p[400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    must(f != NULL, p);
    fputs(content, f);
    fclose(f);
}

static void put_link(const char *target, const char *name)
{
    char p[400];
    snprintf(p, sizeof p, "%s/%s", g_scratch, name);
    must(symlink(target, p) == 0, p);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    if (ftw->level > 0)   /* scratch/ itself stays */
        must(remove(path) == 0, path);
    return 0;
}

static void fill_scratch(void)
{
    must(nftw(g_scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0, "nftw");
    char p[400], abs_target[400];
    put_file(g_scratch, "a", "hello, sandbox\n");
    put_file(g_scratch, "b", "");
    snprintf(p, sizeof p, "%s/d", g_scratch);
    must(mkdir(p, 0755) == 0, p);
    put_file(p, "c", "inner\n");
    snprintf(abs_target, sizeof abs_target, "%s/secret", g_outside);
    put_link("a", "l_in");
    put_link("../outside/secret", "l_out");
    put_link(abs_target, "l_abs");
    put_link("../outside", "l_dir_out");
    put_link("l_loop", "l_loop");
    put_link("d/../../outside", "l_dotdot");
    put_link("..", "l_root");
}

/* Append a line per entry of dir (recursively) to *s: path, type, mode, size, mtime,
 * content or link target. scratch/ is skipped but for its name and type. */
static void snap_dir(const char *dir, fz_buf *s)
{
    DIR *d = opendir(dir);
    must(d != NULL, dir);
    struct dirent *e;
    char p[1024], line[1400];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        must(lstat(p, &st) == 0, p);
        bool scratch = strcmp(p, g_scratch) == 0;
        int n = snprintf(line, sizeof line, "%s %o", p, (unsigned)st.st_mode);
        if (!scratch)
            n += snprintf(line + n, sizeof line - (size_t)n, " %lld %lld.%ld",
                          (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                          st.st_mtim.tv_nsec);
        fz_bytes(s, line, (size_t)n);
        char content[256];
        ssize_t got = 0;
        if (S_ISLNK(st.st_mode)) {
            got = readlink(p, content, sizeof content);
        } else if (S_ISREG(st.st_mode)) {
            int fd = open(p, O_RDONLY);
            must(fd >= 0, p);
            got = read(fd, content, sizeof content);
            close(fd);
        }
        if (got > 0)
            fz_bytes(s, content, (size_t)got);
        fz_byte(s, '\n');
        if (S_ISDIR(st.st_mode) && !scratch)
            snap_dir(p, s);
    }
    closedir(d);
}

static char *snapshot(void)
{
    fz_buf s = {0};
    struct stat st;
    must(lstat(g_root, &st) == 0, g_root);
    char line[64];
    int n = snprintf(line, sizeof line, "root %lld.%ld\n", (long long)st.st_mtim.tv_sec,
                     st.st_mtim.tv_nsec);
    fz_bytes(&s, line, (size_t)n);
    snap_dir(g_root, &s);
    fz_byte(&s, 0);
    return (char *)s.p;
}

static int remove_all(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void cleanup(void) { nftw(g_root, remove_all, 16, FTW_DEPTH | FTW_PHYS); }

static void make_dirs(void)
{
    /* tmpfs when there is one: fd_sync and friends are then cheap */
    const char *base = getenv("FUZZ_WASI_DIR");
    if (base == NULL)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(g_root, sizeof g_root, "%s/minwasm-fuzz-wasi.XXXXXX", base);
    must(mkdtemp(g_root) != NULL, g_root);
    atexit(cleanup);
    snprintf(g_scratch, sizeof g_scratch, "%s/scratch", g_root);
    snprintf(g_outside, sizeof g_outside, "%s/outside", g_root);
    must(mkdir(g_scratch, 0755) == 0 && mkdir(g_outside, 0755) == 0, "mkdir");
    put_file(g_outside, "secret", "do not touch\n");
    char p[400];
    snprintf(p, sizeof p, "%s/sub", g_outside);
    must(mkdir(p, 0755) == 0, p);
    put_file(p, "f", "nested\n");
    g_snapshot = snapshot();
}

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL)
        return -1;
    int n = 0;
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n;
}

/* ------------------------------------------------------------------ one input */

static uint64_t arg_value(fz_reader *r, bool wide)
{
    switch (fz_u8(r) % 7) {
    case 0: return fz_u8(r) % 16;
    case 6: return (1u << 28) - 1;                   /* every file and directory right */
    case 1: return fz_u8(r) % 8;   /* fds: 3, 4 pre-opens; files take 0-2 first */
    case 2: return fz_u8(r) | (uint32_t)fz_u8(r) << 8;   /* an offset in memory */
    case 3: return g_last_path_len;
    case 4: return wide ? fz_u64(r) : fz_u32(r);
    default: {
        mw_val v = fz_val(r, wide ? MW_I64 : MW_I32);
        return wide ? (uint64_t)v.of.i64 : (uint32_t)v.of.i32;
    }
    }
}

static uint32_t rd32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* Keep the host from sleeping or filling the disk (see the header comment). */
static void clamp_args(const char *name, mw_val *a, uint8_t *mem)
{
    if (strcmp(name, "fd_allocate") == 0) {
        a[1].of.i64 = (int64_t)((uint64_t)a[1].of.i64 % (1u << 20));
        a[2].of.i64 = (int64_t)((uint64_t)a[2].of.i64 % (1u << 20));
    } else if (strcmp(name, "fd_filestat_set_size") == 0) {
        a[1].of.i64 = (int64_t)((uint64_t)a[1].of.i64 % (1u << 20));
    } else if (strcmp(name, "poll_oneoff") == 0) {
        /* subscription: tag u8 at 8; clock: timeout u64 at 24, flags u16 at 40 */
        uint32_t in = (uint32_t)a[0].of.i32, n = (uint32_t)a[2].of.i32 % 5;
        a[2].of.i32 = (int32_t)n;
        for (uint32_t k = 0; k < n; k++) {
            uint64_t base = (uint64_t)in + 48u * k;
            if (base + 48 > MEM_BYTES || mem[base + 8] != 0)
                continue;
            uint32_t t = rd32(mem + base + 24) % 1000000u;   /* < 1 ms, relative */
            memset(mem + base + 24, 0, 8);
            memcpy(mem + base + 24, &t, 4);                 /* little-endian hosts */
            mem[base + 40] &= (uint8_t)~1u;
        }
    }
}

static void write_bytes(uint8_t *mem, uint32_t off, const void *p, size_t n)
{
    if (n > MEM_BYTES - off)
        n = MEM_BYTES - off;
    memcpy(mem + off, p, n);
}

static void do_call(mw_store *s, mw_instance *inst, mw_memory *mem, fz_reader *r, uint8_t op)
{
    size_t k = op % NSIGS;
    const wasi_sig *sig = &SIGS[k];
    char name[16];
    snprintf(name, sizeof name, "w%zu", k);
    mw_extern fn;
    if (!mw_instance_export(inst, name, strlen(name), &fn))
        fz_fail("guest export %s missing", name);
    mw_val args[9], res[1];
    size_t np = strlen(sig->params);
    for (size_t i = 0; i < np; i++) {
        bool wide = sig->params[i] == 'I';
        uint64_t v = arg_value(r, wide);
        args[i] = wide ? mw_val_i64((int64_t)v) : mw_val_i32((int32_t)(uint32_t)v);
    }
    clamp_args(sig->name, args, mw_memory_data(mem));
    mw_error err;
    mw_store_set_fuel(s, FUEL);
    mw_result rc = fz_call(s, fn.of.func, args, res, &err);
    if (g_trace) {   /* FUZZ_WASI_TRACE=1: what an input does, for debugging it */
        fprintf(stderr, "%s(", sig->name);
        for (size_t i = 0; i < np; i++)
            fprintf(stderr, "%s%lld", i ? ", " : "", args[i].type == MW_I64
                    ? (long long)args[i].of.i64 : (long long)args[i].of.i32);
        fprintf(stderr, ") = %s %d\n", rc == MW_OK ? "errno" : err.msg,
                rc == MW_OK ? res[0].of.i32 : 0);
    }
    bool exit_or_raise = strcmp(sig->name, "proc_exit") == 0 ||
                         strcmp(sig->name, "proc_raise") == 0;
    if (rc == MW_OK && strcmp(sig->name, "proc_exit") != 0 &&
        (uint32_t)res[0].of.i32 > 76)
        fz_fail("%s returned %d, not a WASI errno", sig->name, res[0].of.i32);
    if (rc == MW_ERR_TRAP && !exit_or_raise)
        fz_fail("%s trapped: %s", sig->name, err.msg);
}

static void run_records(mw_store *s, mw_instance *inst, fz_reader *r)
{
    mw_extern mem;
    if (!mw_instance_export(inst, "memory", 6, &mem))
        fz_fail("guest memory missing");
    for (int rec = 0; rec < MAX_RECORDS && fz_more(r); rec++) {
        uint8_t op = fz_u8(r);
        if (!(op & 0x80)) {
            do_call(s, inst, mem.of.memory, r, op);
            continue;
        }
        uint32_t off = fz_u8(r) | (uint32_t)fz_u8(r) << 8;
        uint8_t *base = mw_memory_data(mem.of.memory);
        if (op & 0x40) {
            const char *p = PATHS[fz_u8(r) % NPATHS];
            g_last_path_len = strlen(p);
            write_bytes(base, off, p, g_last_path_len);
        } else {
            size_t n = fz_u8(r);
            if (n > r->n - r->pos)
                n = r->n - r->pos;
            write_bytes(base, off, r->p + r->pos, n);
            r->pos += n;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (g_engine == NULL) {
        g_engine = fz_engine_new(&g_alloc, 1000, 1u << 13);
        check_sigs();
        g_trace = getenv("FUZZ_WASI_TRACE") != NULL;
        g_guest = build_guest();
        make_dirs();
    }
    fill_scratch();
    int fds = count_fds();
    size_t blocks = g_alloc.live_blocks, bytes = g_alloc.live_bytes;
    g_last_path_len = 0;

    static const char *const argv[] = {"guest", "--flag", ""};
    static const char *const envp[] = {"HOME=/sandbox", "EMPTY="};
    mw_wasi_preopen pre[2] = {{g_scratch, "/sandbox"}, {g_scratch, "."}};
    mw_wasi_config cfg;
    mw_wasi_config_init(&cfg);
    cfg.stdin_fd = cfg.stdout_fd = cfg.stderr_fd = -1;
    cfg.argv = argv;
    cfg.argc = 3;
    cfg.envp = envp;
    cfg.envc = 2;
    cfg.preopens = pre;
    cfg.npreopens = 2;
    cfg.flags = size > 0 && (data[0] & 1) ? MW_WASI_NO_OPENAT2 : 0;   /* both lookups */
    mw_wasi *wasi = NULL;
    mw_store *s = NULL;
    mw_linker *l = NULL;
    mw_instance *inst = NULL;
    mw_error err;
    if (mw_wasi_new(&cfg, &wasi, &err) != MW_OK || mw_store_new(g_engine, NULL, &s, &err) != MW_OK ||
        mw_linker_new(g_engine, &l, &err) != MW_OK || mw_wasi_define(l, wasi, &err) != MW_OK ||
        mw_linker_instantiate(l, s, g_guest, &inst, &err) != MW_OK)
        fz_fail("setting up the WASI guest: %s", err.msg);
    fz_reader r = {data, size, size > 0 ? 1 : 0};
    run_records(s, inst, &r);
    mw_linker_delete(l);
    mw_store_delete(s);
    mw_wasi_delete(wasi);

    char *now = snapshot();
    if (strcmp(now, g_snapshot) != 0)
        fz_fail("something outside the sandbox changed:\n--- before\n%s--- after\n%s",
                g_snapshot, now);
    free(now);
    if (count_fds() != fds)
        fz_fail("%d host file descriptors leaked", count_fds() - fds);
    fz_check_live(&g_alloc, blocks, bytes, "after deleting the WASI context and store");
    return 0;
}
