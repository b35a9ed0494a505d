/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * diff_run — the minwasm side of the differential fuzzer (diff.sh; the V8 side is
 * diff_run.mjs, which must print the same text for the same module).
 *
 *   diff_run FILE.wasm      run the module, print the canonical transcript
 *   diff_run --bytes SEED N write N pseudo-random bytes (xorshift64 from SEED) to
 *                           stdout: the input of wasm-opt -ttf
 *   diff_run --gen SEED N   write a module made by gen_module.c in diff mode, with SIMD,
 *                           from those N bytes (deterministic under the spec: NaNs
 *                           canonicalized, callable from JavaScript)
 *   diff_run --gen-fuzz SEED N  the same in fuzz_run's mode (a share with SIMD, NaN
 *                           payloads left alone): for checking the generator
 *
 * Transcript: "invalid" when the module does not load; "skip: import M N" when it
 * imports anything but binaryen's fuzzing-support log functions; otherwise, per
 * exported function in export order, "call NAME", a "log ..." line per logging-import
 * call, then "-> ok V..." or "-> trap" (or "-> trap stack" / "-> trap fuel", which
 * diff.sh treats as engine-specific); finally every exported memory (pages and FNV-1a
 * hash), global (value) and table (size). Values print as "i32:HEX" etc.; every NaN
 * prints as "nan" (payloads may differ between engines); references as null/nonnull.
 * JavaScript cannot pass v128 values: an export with v128 in its type prints
 * "-> skip v128" (not called), a v128 global prints only its type, and a call of a
 * logging import with a v128 parameter traps (V8 throws a TypeError). When the module
 * does not load, the error goes to stderr ("diff_run: rejected: MSG"), so diff.sh can
 * tell a core without SIMD.
 * Arguments are fixed: parameter k is k+1 (i32), -(k+1) (i64), (k+1)/2 (f32),
 * -1.5(k+1) (f64), null (references).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "gen_module.h"

#define FUEL 100000000u   /* V8 has none: running out is reported as engine-specific */

static void print_val(const mw_val *v)
{
    switch (v->type) {
    case MW_I32: printf(" i32:%08" PRIx32, (uint32_t)v->of.i32); break;
    case MW_I64: printf(" i64:%016" PRIx64, (uint64_t)v->of.i64); break;
    case MW_F32:
        if ((v->of.f32_bits & 0x7fffffffu) > 0x7f800000u)
            printf(" f32:nan");
        else
            printf(" f32:%08" PRIx32, v->of.f32_bits);
        break;
    case MW_F64:
        if ((v->of.f64_bits & ~(1ull << 63)) > 0x7ff0000000000000ull)
            printf(" f64:nan");
        else
            printf(" f64:%016" PRIx64, v->of.f64_bits);
        break;
    case MW_V128: printf(" v128"); break;
    default: printf(" ref:%s", v->of.externref ? "nonnull" : "null"); break;
    }
}

static bool has_v128(const mw_valtype *t, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++)
        if (t[k] == MW_V128)
            return true;
    return false;
}

static mw_result log_host(mw_caller *caller, void *env, const mw_val *args, size_t nargs_, mw_val *results, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    (void)results;
    const mw_import_export_desc *d = env;
    if (has_v128(d->func.params, d->func.nparams))   /* a TypeError in V8 */
        return mw_caller_trap(caller, "v128 at the JavaScript boundary");
    printf("log %.*s", (int)d->name_len, d->name);
    for (uint32_t k = 0; k < d->func.nparams; k++)
        print_val(&args[k]);
    printf("\n");
    return MW_OK;
}

/* Binaryen's log functions return nothing; they print their arguments. */
static mw_import_export_desc g_imports[64];
static uint32_t g_nimports;
static mw_host_fn log_hook(const mw_import_export_desc *d, void **env)
{
    if (g_nimports == 64)
        return NULL;
    g_imports[g_nimports] = *d;
    *env = &g_imports[g_nimports++];
    return log_host;
}

static bool imports_supported(mw_module *m)
{
    for (uint32_t i = 0; i < mw_module_import_count(m); i++) {
        mw_import_export_desc d;
        mw_module_import(m, i, &d);
        bool ok = d.kind == MW_EXTERN_FUNC && d.func.nresults == 0 &&
                  d.module_len == 15 && memcmp(d.module, "fuzzing-support", 15) == 0 &&
                  d.name_len > 4 && memcmp(d.name, "log-", 4) == 0;
        if (!ok) {
            printf("skip: import %.*s %.*s\n", (int)d.module_len, d.module, (int)d.name_len,
                   d.name);
            return false;
        }
    }
    return true;
}

static mw_val fixed_arg(mw_valtype t, uint32_t k)
{
    switch (t) {
    case MW_I32: return mw_val_i32((int32_t)k + 1);
    case MW_I64: return mw_val_i64(-(int64_t)k - 1);
    case MW_F32: return mw_val_f32((float)(k + 1) / 2);
    case MW_F64: return mw_val_f64(-1.5 * (k + 1));
    default: return fz_zero_val(t);
    }
}

static void call_export(mw_store *s, const char *name, size_t len, mw_func *f)
{
    mw_functype ft;
    mw_func_type(f, &ft);
    mw_val *args = calloc(ft.nparams + 1u, sizeof *args);
    mw_val *res = calloc(ft.nresults + 1u, sizeof *res);
    if (args == NULL || res == NULL)
        abort();
    for (uint32_t k = 0; k < ft.nparams; k++)
        args[k] = fixed_arg(ft.params[k], k);
    printf("call %.*s\n", (int)len, name);
    if (has_v128(ft.params, ft.nparams) || has_v128(ft.results, ft.nresults)) {
        printf("-> skip v128\n");   /* JavaScript cannot call it */
        free(args);
        free(res);
        return;
    }
    mw_error err;
    mw_store_set_fuel(s, FUEL);
    if (fz_call(s, f, args, res, &err) == MW_OK) {
        printf("-> ok");
        for (uint32_t k = 0; k < ft.nresults; k++)
            print_val(&res[k]);
        printf("\n");
    } else {
        printf("-> trap%s\n", err.trap == MW_TRAP_STACK_EXHAUSTED ? " stack"
                              : err.trap == MW_TRAP_OUT_OF_FUEL ? " fuel" : "");
    }
    free(args);
    free(res);
}

static uint32_t fnv1a32(const uint8_t *p, size_t n)
{
    uint32_t h = 0x811c9dc5u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x01000193u;
    return h;
}

static void run(mw_engine *e, const uint8_t *bytes, size_t len)
{
    mw_module *m = NULL;
    mw_store *s = NULL;
    mw_instance *inst = NULL;
    mw_extern *imports = NULL, ext;
    uint32_t nimp;
    mw_error err;
    if (mw_module_new(e, bytes, len, &m, &err) != MW_OK) {
        printf("invalid\n");
        fprintf(stderr, "diff_run: rejected: %s\n", err.msg);
        return;
    }
    if (!imports_supported(m) || mw_store_new(e, NULL, &s, &err) != MW_OK)
        goto out;
    mw_store_set_fuel(s, FUEL);
    if (!fz_make_imports(s, m, log_hook, &imports, &nimp) ||
        mw_instance_new(s, m, imports, nimp, &inst, &err) != MW_OK) {
        printf("instantiation failed\n");
        goto out;
    }
    const char *name;
    size_t nlen;
    for (uint32_t i = 0; mw_instance_export_nth(inst, i, &name, &nlen, &ext); i++)
        if (ext.kind == MW_EXTERN_FUNC)
            call_export(s, name, nlen, ext.of.func);
    for (uint32_t i = 0; mw_instance_export_nth(inst, i, &name, &nlen, &ext); i++) {
        if (ext.kind == MW_EXTERN_MEMORY) {
            printf("memory %.*s pages=%" PRIu32 " hash=%08" PRIx32 "\n", (int)nlen, name,
                   mw_memory_pages(ext.of.memory),
                   fnv1a32(mw_memory_data(ext.of.memory), mw_memory_size(ext.of.memory)));
        } else if (ext.kind == MW_EXTERN_GLOBAL) {
            mw_val v = mw_global_get(ext.of.global);
            printf("global %.*s", (int)nlen, name);
            print_val(&v);   /* v128: only the type (JavaScript cannot read it) */
            printf("\n");
        } else if (ext.kind == MW_EXTERN_TABLE) {
            printf("table %.*s size=%" PRIu32 "\n", (int)nlen, name, mw_table_size(ext.of.table));
        }
    }
out:
    free(imports);
    if (s != NULL)
        mw_store_delete(s);
    mw_module_delete(m);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fz_buf b = {0};
    uint8_t chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        fz_bytes(&b, chunk, got);
    fclose(f);
    *len = b.n;
    return b.p ? b.p : calloc(1, 1);
}

/* N pseudo-random bytes from SEED (xorshift64). */
static fz_buf random_bytes(const char *seed, const char *n)
{
    fz_buf b = {0};
    uint64_t x = strtoull(seed, NULL, 0) * 0x9e3779b97f4a7c15ull | 1;
    for (unsigned long k = strtoul(n, NULL, 0); k > 0; k--) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        fz_byte(&b, (uint8_t)(x >> 56));
    }
    return b;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--bytes") == 0) {
        fz_buf b = random_bytes(argv[2], argv[3]);
        fwrite(b.p, 1, b.n, stdout);
        fz_free(&b);
        return 0;
    }
    if (argc == 4 && (strcmp(argv[1], "--gen") == 0 || strcmp(argv[1], "--gen-fuzz") == 0)) {
        bool diff = strcmp(argv[1], "--gen") == 0;
        fz_buf b = random_bytes(argv[2], argv[3]), out = {0};
        fz_reader r = {b.p, b.n, 0};
        fz_gen_opts opts = {diff ? FZ_SIMD_ALWAYS : FZ_SIMD_SOME, diff};
        fz_gen_info info;
        fz_gen_module_opts(&r, &out, &opts, &info);
        fwrite(out.p, 1, out.n, stdout);
        if (info.invalid)
            fprintf(stderr, "diff_run: the module has an invalid immediate\n");
        fz_free(&b);
        fz_free(&out);
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: diff_run FILE.wasm | diff_run --bytes|--gen|--gen-fuzz SEED N\n");
        return 2;
    }
    size_t len;
    uint8_t *bytes = slurp(argv[1], &len);
    if (bytes == NULL) {
        perror(argv[1]);
        return 2;
    }
    fz_alloc_stats st = {0, 0, 0, 0};
    mw_engine *e = fz_engine_new(&st, 0, 0);
    run(e, bytes, len);
    mw_engine_delete(e);
    free(bytes);
    fz_check_live(&st, 0, 0, "after mw_engine_delete");
    return 0;
}
