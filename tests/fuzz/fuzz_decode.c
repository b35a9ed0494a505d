/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fuzz_decode — libFuzzer target: arbitrary bytes through mw_module_new (decode,
 * validate, translate).
 *
 * Invariants: no crash or sanitizer report; a failure fills mw_error consistently
 * (code, NUL-terminated message); a rejected or deleted module returns every block to
 * the allocator (checked by count, so a wrong osize is caught too); a module that
 * validates describes its imports and exports without failing.
 */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include "fuzz_util.h"

static fz_alloc_stats g_alloc;
static mw_engine *g_engine;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (g_engine == NULL)
        g_engine = fz_engine_new(&g_alloc, 0, 0);
    size_t blocks = g_alloc.live_blocks, bytes = g_alloc.live_bytes;
    mw_module *m = NULL;
    mw_error err;
    fz_reset_error(&err);
    mw_result r = mw_module_new(g_engine, data, size, &m, &err);
    fz_check_error(r, &err, "mw_module_new");
    if (r == MW_OK) {
        mw_import_export_desc d;
        for (uint32_t i = 0, n = mw_module_import_count(m); i < n; i++)
            if (!mw_module_import(m, i, &d))
                fz_fail("mw_module_import(%u < %u) returned false", i, n);
        for (uint32_t i = 0, n = mw_module_export_count(m); i < n; i++)
            if (!mw_module_export(m, i, &d))
                fz_fail("mw_module_export(%u < %u) returned false", i, n);
        mw_module_stats st;
        mw_module_stats_get(m, &st);
        mw_module_delete(m);
    } else if (r == MW_ERR_UNSUPPORTED) {
        /* A feature the core lacks (a 3.0 encoding, or SIMD in an MW_SIMD=0 build) must
         * be named, so that a harness can count it by feature (doc/conformance.md). */
        if (strncmp(err.msg, "unsupported feature ", 20) != 0 &&
            strstr(err.msg, "not supported by this build") == NULL)
            fz_fail("mw_module_new returned unsupported without naming a feature: %s", err.msg);
    } else if (r != MW_ERR_MALFORMED && r != MW_ERR_INVALID && r != MW_ERR_LIMIT &&
               r != MW_ERR_NOMEM) {
        fz_fail("mw_module_new returned %s", mw_result_name(r));
    }
    fz_check_live(&g_alloc, blocks, bytes, "after mw_module_delete");
    return 0;
}
