/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * spec_common.h — what both spec-script runners share: `minwasm spec` (cli/spec.c, the
 * wast2json JSON form) and `minwasm wast` (cli/wast.c, scripts read as text). Value
 * formatting and comparison (NaN classes, v128 lanes), trap matching, the error classes
 * an assertion accepts, and the `spectest` host module.
 */
#ifndef MINWASM_CLI_SPEC_COMMON_H
#define MINWASM_CLI_SPEC_COMMON_H

#include <stdio.h>

#include "cli.h"

/* Print a name with anything unprintable escaped (spec names contain NULs and controls). */
void spec_print_name(FILE *out, const char *s, size_t n);
/* "message" of an error, never empty; the name of a result code, never NULL. */
const char *spec_err_text(const mw_error *e);
const char *spec_result_name(mw_result c);

/* An externref N of a script is the host pointer N+1, so that N = 0 is not null. */
static inline void *spec_extern_of(uint64_t n) { return (void *)(uintptr_t)(n + 1); }

/* A float's expected NaN class ("nan:canonical" / "nan:arithmetic"), or none. */
typedef enum nan_pat { NAN_NONE, NAN_CANONICAL, NAN_ARITHMETIC } nan_pat;
nan_pat spec_nan_pat_of(const char *s);
nan_pat spec_nan_pat_of_n(const char *s, size_t n);
/* Either sign; canonical: only the quiet bit in the payload; arithmetic: quiet bit set. */
bool spec_f32_nan_matches(uint32_t b, nan_pat p);
bool spec_f64_nan_matches(uint64_t b, nan_pat p);

/* The lane interpretation of a v128 ("i8" ... "f64" lanes, shown as i8x16 ... f64x2). */
typedef struct v128_shape {
    const char *lane;    /* "i8", ..., "f64" */
    const char *name;    /* "i8x16", ..., "f64x2" */
    unsigned bytes;      /* lane width: 1, 2, 4, 8 */
    bool is_float;
} v128_shape;
const v128_shape *spec_v128_shape_of(const char *lane);            /* by "i8" ... */
const v128_shape *spec_v128_shape_named(const char *s, size_t n);  /* by "i8x16" ... */

/* A v128 of a script: its bytes (little-endian lanes) and, per lane, a NaN class. */
typedef struct v128_lit {
    const v128_shape *shape;
    uint8_t bytes[16];
    nan_pat nan[16];     /* per lane; only float lanes of expected values have one */
} v128_lit;
uint64_t spec_lane_get(const uint8_t *bytes, unsigned lane, unsigned width);
void spec_lane_set(uint8_t *bytes, unsigned lane, unsigned width, uint64_t v);
bool spec_v128_matches(const v128_lit *e, const uint8_t got[16]);
/* "i32x4:1 -2 3 4", "f32x4:nan:canonical 1.5 -0 inf"; nan may be NULL. */
void spec_fmt_v128(char *buf, size_t n, const uint8_t bytes[16], const v128_shape *sh,
                   const nan_pat *nan);
/* "0x" and the 32 hex digits of the 128-bit little-endian integer. */
void spec_fmt_v128_hex(char *buf, size_t n, const uint8_t bytes[16]);
/* "type:value" of a runtime value. */
void spec_fmt_val(char *buf, size_t n, const mw_val *v);

/*
 * An expected result of assert_return, whatever the script's syntax: an exact value
 * (by bits), a NaN class, a v128 with per-lane patterns, or a reference pattern.
 */
typedef enum spec_exp_kind {
    EXP_BITS,       /* i32/i64/f32/f64 by bits */
    EXP_NAN,        /* f32/f64 NaN class */
    EXP_V128,       /* v128 lanes */
    EXP_REF_NULL,   /* a null reference of `type` */
    EXP_REF_ANY,    /* any non-null reference of `type` ((ref.func), (ref.extern)) */
    EXP_REF_EXTERN  /* (ref.extern N): the host value N */
} spec_exp_kind;
typedef struct spec_expect {
    spec_exp_kind kind;
    mw_valtype type;
    uint64_t bits;       /* EXP_BITS value, EXP_REF_EXTERN N */
    nan_pat nan;         /* EXP_NAN */
    v128_lit v128;       /* EXP_V128 */
} spec_expect;
bool spec_expect_matches(const spec_expect *e, const mw_val *got);
void spec_fmt_expect(char *buf, size_t n, const spec_expect *e);

/* Does a trap's message match the script's expected text? */
bool spec_trap_matches(const mw_error *e, const char *text);

/*
 * Does a failed load answer assert_malformed (want MW_ERR_MALFORMED) or assert_invalid
 * (MW_ERR_INVALID)? Exactly that code does. With v2 (the 2.0 suite), so does
 * MW_ERR_UNSUPPORTED naming a feature: every feature the core leaves out is newer than
 * 2.0, whose suite asserts such encodings malformed or invalid (a second memory,
 * i32.add in a constant expression, limits flags with the 64-bit bit).
 */
bool spec_load_error_ok(mw_result want, const mw_error *err, bool v2);

/*
 * The feature an MW_ERR_UNSUPPORTED error names: the core writes "unsupported feature
 * NAME: details"; NAME is copied into buf. Any other unsupported error gives "unsupported".
 */
void spec_unsupported_feature(const mw_error *err, char *buf, size_t n);

/* ---- the spectest host module, as the reference interpreter defines it. */
#define SPEC_N_PRINT 7
typedef struct spec_host spec_host;
typedef struct spec_print_env {
    const spec_host *host;
    unsigned fn;
} spec_print_env;
struct spec_host {
    bool verbose;                     /* print what spectest.print* receive */
    spec_print_env envs[SPEC_N_PRINT];
};
/* Defines module "spectest" (print*, global_*, table, memory) in linker, objects in store. */
bool spec_define_spectest(spec_host *h, mw_store *store, mw_linker *linker, mw_error *err);

#endif
