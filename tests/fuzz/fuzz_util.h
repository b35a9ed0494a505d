/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * fuzz_util.h — pieces shared by the fuzz programs in tests/fuzz/: a counting allocator
 * (leak and osize checks without ASan), API-contract checks of mw_error, stub imports,
 * a reader that turns fuzzer bytes into values, and a small wasm binary encoder.
 *
 * Hosted test code; it is compiled with gcc for fuzz_modules and with clang for the
 * libFuzzer targets, so it must build warning-free with both.
 */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "minwasm.h"

/* ------------------------------------------------------------------ failures */

/* Called for every broken invariant; the libFuzzer targets abort, fuzz_modules counts. */
extern void (*fz_fail_hook)(const char *msg);
void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An error filled by a failing call must carry the returned code and a terminated msg. */
void fz_check_error(mw_result r, const mw_error *err, const char *what);
/* Fill err with garbage so that a callee that forgets a field is noticed. */
void fz_reset_error(mw_error *err);

/* ------------------------------------------------------------------ allocator */

typedef struct fz_alloc_stats {
    size_t live_bytes, live_blocks, refused;
    size_t max_alloc;   /* larger requests fail (exercises MW_ERR_NOMEM); 0 = 256 MiB */
} fz_alloc_stats;

void *fz_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
/* An engine on fz_alloc with stacks of the given sizes (0: minwasm's defaults). */
mw_engine *fz_engine_new(fz_alloc_stats *st, uint32_t call_depth, uint32_t stack_slots);
/* Fail unless the allocator is back to (blocks, bytes). */
void fz_check_live(const fz_alloc_stats *st, size_t blocks, size_t bytes, const char *when);

/* ------------------------------------------------------------------ values */

mw_val fz_zero_val(mw_valtype t);

/* Fuzzer bytes as a stream; reads past the end give zeros, so every input is usable. */
typedef struct fz_reader {
    const uint8_t *p;
    size_t n, pos;
} fz_reader;

uint8_t fz_u8(fz_reader *r);
uint32_t fz_u32(fz_reader *r);
uint64_t fz_u64(fz_reader *r);
/* A number below n (n > 0), from one or two bytes. */
uint32_t fz_below(fz_reader *r, uint32_t n);
bool fz_more(const fz_reader *r);
/* A value of type t, biased towards edge cases (0, -1, min, max, NaN, ...). */
mw_val fz_val(fz_reader *r, mw_valtype t);

/* ------------------------------------------------------------------ imports */

/*
 * A host function for an import, or NULL for the default (results are zeros). Lets the
 * differential harness log the arguments of binaryen's fuzzing-support imports.
 */
typedef mw_host_fn (*fz_import_hook)(const mw_import_export_desc *d, void **env);

/*
 * Create one stub per import of m in s: host functions (hook or zeros), and memories,
 * tables and globals of the import's type. *out (free() it) holds the externs in import
 * order. Returns false when one cannot be created (e.g. over a store limit).
 */
bool fz_make_imports(mw_store *s, mw_module *m, fz_import_hook hook, mw_extern **out,
                     uint32_t *n);

/* Call f with args; results' types are preset; the error contract is checked. */
mw_result fz_call(mw_store *s, mw_func *f, const mw_val *args, mw_val *res, mw_error *err);

/* ------------------------------------------------------------------ encoder */

typedef struct fz_buf {
    uint8_t *p;
    size_t n, cap;
} fz_buf;

void fz_byte(fz_buf *b, uint8_t v);
void fz_bytes(fz_buf *b, const void *p, size_t n);
void fz_uleb(fz_buf *b, uint64_t v);
void fz_sleb(fz_buf *b, int64_t v);
void fz_name(fz_buf *b, const char *s);
/* Append section id with body's bytes (length-prefixed), and empty body. */
void fz_section(fz_buf *out, uint8_t id, fz_buf *body);
void fz_free(fz_buf *b);

#endif
