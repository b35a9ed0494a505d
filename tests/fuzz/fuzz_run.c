/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fuzz_run — libFuzzer target: instantiate and run modules.
 *
 * An input starting with the wasm magic is used as a module as it is (the seed corpus:
 * spec-suite modules); any other input drives gen_module.c, which always yields a valid
 * module (a quarter of them with SIMD). The bytes after what the generator consumed
 * become call arguments.
 *
 * SIMD: at start-up a tiny v128 module probes whether the core supports SIMD
 * (FUZZ_SIMD=0 turns SIMD generation off, FUZZ_SIMD=1 insists on support). Without
 * support, a generated SIMD module must be rejected as MALFORMED (the core's "SIMD not
 * supported"), which is not a finding. With support it must load, except that one the
 * generator gave an invalid lane index or alignment must fail as INVALID.
 *
 * Per input: a fresh store with limits (memories <= STORE_MEM bytes, tables <=
 * STORE_TABLE elements) and stub imports; then every exported function is called twice
 * with fuel, with arguments derived from the input, and a trapping function once more.
 *
 * Invariants: no crash, hang (fuel) or sanitizer report; generated modules validate;
 * calls with well-typed arguments return OK or a trap with a valid trap code; after
 * every trap the store still works (a sentinel function of a second instance in the
 * same store returns x + 1); memories and tables respect the store limits; deleting the
 * store and module returns every block to the allocator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "gen_module.h"

#define FUEL 20000u
#define STORE_MEM (4u << 20)
#define STORE_TABLE 10000u

static fz_alloc_stats g_alloc;
static mw_engine *g_engine;
static fz_gen_opts g_gen = {FZ_SIMD_SOME, false};
static bool g_simd_supported;

/* Does the core load (func (result v128) v128.const 0)? FUZZ_SIMD=0/1 overrides. */
static void simd_probe(void)
{
    static const uint8_t probe[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01,
        0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b};
    mw_module *m = NULL;
    mw_error err;
    g_simd_supported = mw_module_new(g_engine, probe, sizeof probe, &m, &err) == MW_OK;
    if (m != NULL)
        mw_module_delete(m);
    const char *env = getenv("FUZZ_SIMD");
    if (env != NULL && strcmp(env, "0") == 0)
        g_gen.simd = FZ_SIMD_OFF;
    else if (env != NULL && strcmp(env, "1") == 0 && !g_simd_supported)
        fz_fail("FUZZ_SIMD=1, but the core rejects a v128 module: %s", err.msg);
}
static mw_module *g_sentinel;   /* (func (export "s") (param i32) (result i32) x + 1) */

static void sentinel_init(void)
{
    fz_buf m = {0}, sec = {0};
    static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    static const uint8_t type[] = {1, 0x60, 1, 0x7f, 1, 0x7f};
    static const uint8_t func[] = {1, 0};
    static const uint8_t body[] = {1, 7, 0, 0x20, 0, 0x41, 1, 0x6a, 0x0b};
    fz_bytes(&m, header, sizeof header);
    fz_bytes(&sec, type, sizeof type);
    fz_section(&m, 1, &sec);
    fz_bytes(&sec, func, sizeof func);
    fz_section(&m, 3, &sec);
    fz_uleb(&sec, 1);
    fz_name(&sec, "s");
    fz_byte(&sec, 0);
    fz_uleb(&sec, 0);
    fz_section(&m, 7, &sec);
    fz_bytes(&sec, body, sizeof body);
    fz_section(&m, 10, &sec);
    mw_error err;
    if (mw_module_new(g_engine, m.p, m.n, &g_sentinel, &err) != MW_OK)
        fz_fail("the sentinel module does not load: %s", err.msg);
    fz_free(&m);
    fz_free(&sec);
}

/* After a trap: the store must still run code. */
static void check_store_usable(mw_store *s, mw_func *sentinel, fz_reader *r)
{
    mw_val arg = mw_val_i32((int32_t)fz_u32(r)), res;
    mw_error err;
    mw_store_set_fuel(s, FUEL);
    mw_result rc = fz_call(s, sentinel, &arg, &res, &err);
    if (rc != MW_OK || res.of.i32 != (int32_t)((uint32_t)arg.of.i32 + 1u))
        fz_fail("after a trap the store is unusable: sentinel(%d) gave %s %d", arg.of.i32,
                rc == MW_OK ? "result" : err.msg, res.of.i32);
}

static void check_limits(mw_instance *inst)
{
    const char *name;
    size_t len;
    mw_extern ext;
    for (uint32_t i = 0; mw_instance_export_nth(inst, i, &name, &len, &ext); i++) {
        if (ext.kind == MW_EXTERN_MEMORY && mw_memory_size(ext.of.memory) > STORE_MEM)
            fz_fail("memory of %zu bytes exceeds the store limit", mw_memory_size(ext.of.memory));
        if (ext.kind == MW_EXTERN_TABLE && mw_table_size(ext.of.table) > STORE_TABLE)
            fz_fail("table of %u elements exceeds the store limit", mw_table_size(ext.of.table));
    }
}

static void call_exports(mw_store *s, mw_instance *inst, mw_func *sentinel, fz_reader *r)
{
    const char *name;
    size_t len;
    mw_extern ext;
    for (uint32_t i = 0; mw_instance_export_nth(inst, i, &name, &len, &ext); i++) {
        if (ext.kind != MW_EXTERN_FUNC)
            continue;
        mw_functype ft;
        mw_func_type(ext.of.func, &ft);
        mw_val *args = calloc(ft.nparams + 1u, sizeof *args);
        mw_val *res = calloc(ft.nresults + 1u, sizeof *res);
        if (args == NULL || res == NULL)
            abort();
        for (int round = 0; round < 2; round++) {
            for (uint32_t k = 0; k < ft.nparams; k++)
                args[k] = fz_val(r, ft.params[k]);
            mw_error err;
            mw_store_set_fuel(s, FUEL);
            if (fz_call(s, ext.of.func, args, res, &err) == MW_OK)
                continue;
            check_store_usable(s, sentinel, r);
            mw_store_set_fuel(s, FUEL);   /* the same call again, after the trap */
            (void)fz_call(s, ext.of.func, args, res, &err);
            check_store_usable(s, sentinel, r);
        }
        free(args);
        free(res);
    }
}

static void run_module(mw_module *m, fz_reader *r)
{
    mw_store_limits limits = {STORE_MEM, STORE_TABLE, 0};
    mw_store *s = NULL;
    mw_error err;
    if (mw_store_new(g_engine, &limits, &s, &err) != MW_OK)
        fz_fail("mw_store_new: %s", err.msg);
    mw_instance *sent = NULL, *inst = NULL;
    mw_extern sfn;
    if (mw_instance_new(s, g_sentinel, NULL, 0, &sent, &err) != MW_OK ||
        !mw_instance_export(sent, "s", 1, &sfn))
        fz_fail("the sentinel does not instantiate: %s", err.msg);
    mw_store_set_fuel(s, FUEL);
    mw_extern *imports;
    uint32_t nimp;
    if (fz_make_imports(s, m, NULL, &imports, &nimp)) {
        fz_reset_error(&err);
        mw_result rc = mw_instance_new(s, m, imports, nimp, &inst, &err);
        fz_check_error(rc, &err, "mw_instance_new");
        if (rc == MW_ERR_TRAP)
            check_store_usable(s, sfn.of.func, r);
    }
    if (inst != NULL) {
        call_exports(s, inst, sfn.of.func, r);
        check_limits(inst);
    }
    free(imports);
    mw_store_delete(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (g_engine == NULL) {
        /* Small stacks: each input makes a store, and ASan maps and unmaps large
         * blocks with system calls; a shallow stack also reaches exhaustion sooner. */
        g_engine = fz_engine_new(&g_alloc, 1000, 1u << 13);
        sentinel_init();
        simd_probe();
    }
    size_t blocks = g_alloc.live_blocks, bytes = g_alloc.live_bytes;
    fz_reader r = {data, size, 0};
    fz_buf gen = {0};
    const uint8_t *wasm = data;
    size_t wasm_len = size;
    bool generated = size < 4 || memcmp(data, "\0asm", 4) != 0;
    fz_gen_info info = {false, false};
    if (generated) {
        fz_gen_module_opts(&r, &gen, &g_gen, &info);
        wasm = gen.p;
        wasm_len = gen.n;
    } else {
        r.pos = 8;   /* arguments from the module's bytes, past the header */
    }
    mw_module *m = NULL;
    mw_error err;
    fz_reset_error(&err);
    mw_result rc = mw_module_new(g_engine, wasm, wasm_len, &m, &err);
    fz_check_error(rc, &err, "mw_module_new");
    if (generated && info.simd && !g_simd_supported) {
        if (rc != MW_OK && rc != MW_ERR_MALFORMED)
            fz_fail("a SIMD module, without SIMD support, fails with %s, not MALFORMED: %s",
                    mw_result_name(rc), err.msg);
        generated = false;   /* rejected as expected (or accepted: it used no v128) */
    } else if (generated && info.invalid) {
        if (rc != MW_ERR_INVALID)
            fz_fail("a module with an invalid lane index or alignment gives %s, not "
                    "INVALID: %s", mw_result_name(rc), rc == MW_OK ? "" : err.msg);
        generated = false;
    }
    if (rc != MW_OK && generated) {
        FILE *f = fopen("fuzz_run-invalid.wasm", "wb");
        if (f != NULL) {
            fwrite(wasm, 1, wasm_len, f);
            fclose(f);
        }
        fz_fail("a generated module does not load: %s at offset 0x%zx "
                "(written to fuzz_run-invalid.wasm)", err.msg, err.offset);
    }
    if (rc == MW_OK) {
        run_module(m, &r);
        mw_module_delete(m);
    }
    fz_free(&gen);
    fz_check_live(&g_alloc, blocks, bytes, "after deleting the store and module");
    return 0;
}
