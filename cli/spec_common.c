/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * spec_common.c — what `minwasm spec` and `minwasm wast` share (see spec_common.h).
 */
#include <inttypes.h>
#include <string.h>

#include "spec_common.h"

typedef struct spectest_fn {
    const char *name;
    uint32_t nparams;
    mw_valtype params[2];
} spectest_fn;

static const spectest_fn spectest_fns[] = {
    {"print", 0, {MW_I32, MW_I32}},
    {"print_i32", 1, {MW_I32, MW_I32}},
    {"print_i64", 1, {MW_I64, MW_I64}},
    {"print_f32", 1, {MW_F32, MW_F32}},
    {"print_f64", 1, {MW_F64, MW_F64}},
    {"print_i32_f32", 2, {MW_I32, MW_F32}},
    {"print_f64_f64", 2, {MW_F64, MW_F64}},
};


/* Print a name with anything unprintable escaped (spec names contain NULs and controls). */
void spec_print_name(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            fputc(c, out);
        else
            fprintf(out, "\\x%02x", c);
    }
}

/* "message" of an error, never empty. */
const char *spec_err_text(const mw_error *e)
{
    if (e->msg[0])
        return e->msg;
    if (e->code == MW_ERR_TRAP) {
        const char *t = mw_trap_message(e->trap);
        if (t != NULL && t[0])
            return t;
    }
    const char *n = mw_result_name(e->code);
    return n ? n : "?";
}

const char *spec_result_name(mw_result c)
{
    const char *n = mw_result_name(c);
    return n ? n : "?";
}

/* A lane's expected NaN class ("nan:canonical" / "nan:arithmetic"), or none. */

nan_pat spec_nan_pat_of(const char *s)
{
    if (s != NULL && strcmp(s, "nan:canonical") == 0)
        return NAN_CANONICAL;
    if (s != NULL && strcmp(s, "nan:arithmetic") == 0)
        return NAN_ARITHMETIC;
    return NAN_NONE;
}

/* Either sign; canonical: only the quiet bit in the payload; arithmetic: quiet bit set. */
bool spec_f32_nan_matches(uint32_t b, nan_pat p)
{
    if (p == NAN_CANONICAL)
        return (b & 0x7fffffffu) == 0x7fc00000u;
    return (b & 0x7fc00000u) == 0x7fc00000u;
}

bool spec_f64_nan_matches(uint64_t b, nan_pat p)
{
    if (p == NAN_CANONICAL)
        return (b & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
    return (b & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
}

/* The lane interpretation of a v128 ("i8" ... "f64" in the JSON, i8x16 ... f64x2 shown). */

static const v128_shape v128_shapes[] = {
    {"i8", "i8x16", 1, false}, {"i16", "i16x8", 2, false}, {"i32", "i32x4", 4, false},
    {"i64", "i64x2", 8, false}, {"f32", "f32x4", 4, true},  {"f64", "f64x2", 8, true},
};

const v128_shape *spec_v128_shape_of(const char *lane)
{
    if (lane == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof v128_shapes / sizeof v128_shapes[0]; i++)
        if (strcmp(lane, v128_shapes[i].lane) == 0)
            return &v128_shapes[i];
    return NULL;
}

/* A v128 of the script: its bytes (little-endian lanes) and, per lane, a NaN class. */

uint64_t spec_lane_get(const uint8_t *bytes, unsigned lane, unsigned width)
{
    uint64_t v = 0;
    for (unsigned k = width; k-- > 0;)
        v = v << 8 | bytes[lane * width + k];
    return v;
}

void spec_lane_set(uint8_t *bytes, unsigned lane, unsigned width, uint64_t v)
{
    for (unsigned k = 0; k < width; k++)
        bytes[lane * width + k] = (uint8_t)(v >> (8 * k));
}

bool spec_v128_matches(const v128_lit *e, const uint8_t got[16])
{
    const v128_shape *sh = e->shape;
    for (unsigned i = 0; i < 16 / sh->bytes; i++) {
        uint64_t g = spec_lane_get(got, i, sh->bytes);
        if (e->nan[i] != NAN_NONE) {
            if (!(sh->bytes == 4 ? spec_f32_nan_matches((uint32_t)g, e->nan[i])
                                 : spec_f64_nan_matches(g, e->nan[i])))
                return false;
        } else if (g != spec_lane_get(e->bytes, i, sh->bytes)) {
            return false;
        }
    }
    return true;
}

/* "i32x4:1 -2 3 4", "f32x4:nan:canonical 1.5 -0 inf": lanes in a shape; integer lanes
 * signed, float lanes as cli_format_f32/f64 (exact). nan may be NULL. */
void spec_fmt_v128(char *buf, size_t n, const uint8_t bytes[16], const v128_shape *sh,
                     const nan_pat *nan)
{
    size_t used = (size_t)snprintf(buf, n, "%s:", sh->name);
    unsigned bits = 8 * sh->bytes;
    for (unsigned i = 0; i < 16 / sh->bytes && used < n; i++) {
        char lane[64];
        uint64_t u = spec_lane_get(bytes, i, sh->bytes);
        if (nan != NULL && nan[i] != NAN_NONE)
            snprintf(lane, sizeof lane, "%s", nan[i] == NAN_CANONICAL ? "nan:canonical"
                                                                      : "nan:arithmetic");
        else if (sh->is_float && bits == 32)
            cli_format_f32((uint32_t)u, lane, sizeof lane);
        else if (sh->is_float)
            cli_format_f64(u, lane, sizeof lane);
        else if (bits < 64 && (u >> (bits - 1)) != 0)
            snprintf(lane, sizeof lane, "%" PRId64, (int64_t)u - ((int64_t)1 << bits));
        else
            snprintf(lane, sizeof lane, "%" PRId64, (int64_t)u);
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? " " : "", lane);
    }
}

/* The 128-bit little-endian integer of a v128: "0x" and 32 hex digits, most significant
 * (byte 15) first. */
void spec_fmt_v128_hex(char *buf, size_t n, const uint8_t bytes[16])
{
    size_t used = (size_t)snprintf(buf, n, "0x");
    for (int i = 15; i >= 0 && used < n; i--)
        used += (size_t)snprintf(buf + used, n - used, "%02x", bytes[i]);
}

/* Appends "type:value" for a runtime value. */
void spec_fmt_val(char *buf, size_t n, const mw_val *v)
{
    char f[64];
    switch (v->type) {
    case MW_I32: snprintf(buf, n, "i32:%" PRId32, v->of.i32); return;
    case MW_I64: snprintf(buf, n, "i64:%" PRId64, v->of.i64); return;
    case MW_F32:
        cli_format_f32(v->of.f32_bits, f, sizeof f);
        snprintf(buf, n, "f32:%s (0x%08" PRIx32 ")", f, v->of.f32_bits);
        return;
    case MW_F64:
        cli_format_f64(v->of.f64_bits, f, sizeof f);
        snprintf(buf, n, "f64:%s (0x%016" PRIx64 ")", f, v->of.f64_bits);
        return;
    case MW_EXTERNREF:
        if (v->of.externref == NULL)
            snprintf(buf, n, "externref:null");
        else
            snprintf(buf, n, "externref:%" PRIuPTR, (uintptr_t)v->of.externref - 1);
        return;
    case MW_FUNCREF:
        snprintf(buf, n, "funcref:%s", v->of.funcref ? "ref" : "null");
        return;
    case MW_V128:
        spec_fmt_v128_hex(f, sizeof f, v->of.v128);
        snprintf(buf, n, "v128:%s", f);
        return;
    }
    snprintf(buf, n, "?(type 0x%x)", (unsigned)v->type);
}

/*
 * Does the trap match the expected text? The runtime's message must contain it; the
 * reference interpreter appends details some scripts keep ("uninitialized element 2"),
 * so text that starts with the trap's canonical message matches too.
 */
bool spec_trap_matches(const mw_error *e, const char *text)
{
    if (text == NULL || text[0] == '\0')
        return true;
    if (strstr(e->msg, text) != NULL)
        return true;
    const char *canon = mw_trap_message(e->trap);
    if (canon != NULL && canon[0] != '\0' && strstr(canon, text) != NULL)
        return true;
    return canon != NULL && canon[0] != '\0' && strncmp(text, canon, strlen(canon)) == 0;
}

nan_pat spec_nan_pat_of_n(const char *s, size_t n)
{
    if (n == 13 && memcmp(s, "nan:canonical", 13) == 0)
        return NAN_CANONICAL;
    if (n == 14 && memcmp(s, "nan:arithmetic", 14) == 0)
        return NAN_ARITHMETIC;
    return NAN_NONE;
}

const v128_shape *spec_v128_shape_named(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof v128_shapes / sizeof v128_shapes[0]; i++)
        if (strlen(v128_shapes[i].name) == n && memcmp(s, v128_shapes[i].name, n) == 0)
            return &v128_shapes[i];
    return NULL;
}

bool spec_expect_matches(const spec_expect *e, const mw_val *got)
{
    if (e->type != got->type)
        return false;
    switch (e->kind) {
    case EXP_BITS:
        switch (got->type) {
        case MW_I32: return (uint32_t)got->of.i32 == (uint32_t)e->bits;
        case MW_I64: return (uint64_t)got->of.i64 == e->bits;
        case MW_F32: return got->of.f32_bits == (uint32_t)e->bits;
        case MW_F64: return got->of.f64_bits == e->bits;
        default: return false;
        }
    case EXP_NAN:
        if (got->type == MW_F32)
            return spec_f32_nan_matches(got->of.f32_bits, e->nan);
        return got->type == MW_F64 && spec_f64_nan_matches(got->of.f64_bits, e->nan);
    case EXP_V128:
        return got->type == MW_V128 && spec_v128_matches(&e->v128, got->of.v128);
    case EXP_REF_NULL:
        return got->type == MW_FUNCREF ? got->of.funcref == NULL : got->of.externref == NULL;
    case EXP_REF_ANY:
        return got->type == MW_FUNCREF ? got->of.funcref != NULL : got->of.externref != NULL;
    case EXP_REF_EXTERN:
        return got->type == MW_EXTERNREF && got->of.externref == spec_extern_of(e->bits);
    }
    return false;
}

void spec_fmt_expect(char *buf, size_t n, const spec_expect *e)
{
    const char *tn = mw_valtype_name(e->type);
    mw_val v;
    memset(&v, 0, sizeof v);
    v.type = e->type;
    switch (e->kind) {
    case EXP_BITS:
        if (e->type == MW_I32)
            v.of.i32 = (int32_t)(uint32_t)e->bits;
        else if (e->type == MW_F32)
            v.of.f32_bits = (uint32_t)e->bits;
        else
            v.of.i64 = (int64_t)e->bits;
        spec_fmt_val(buf, n, &v);
        return;
    case EXP_NAN:
        snprintf(buf, n, "%s:%s", tn, e->nan == NAN_CANONICAL ? "nan:canonical" : "nan:arithmetic");
        return;
    case EXP_V128:
        spec_fmt_v128(buf, n, e->v128.bytes, e->v128.shape, e->v128.nan);
        return;
    case EXP_REF_NULL:
        snprintf(buf, n, "%s:null", tn);
        return;
    case EXP_REF_ANY:
        snprintf(buf, n, "%s:ref", tn);
        return;
    case EXP_REF_EXTERN:
        snprintf(buf, n, "externref:%" PRIu64, e->bits);
        return;
    }
    snprintf(buf, n, "?");
}

bool spec_load_error_ok(mw_result want, const mw_error *err, bool v2)
{
    if (err->code == want)
        return true;
    return v2 && err->code == MW_ERR_UNSUPPORTED &&
           strncmp(err->msg, "unsupported feature ", 20) == 0;
}

void spec_unsupported_feature(const mw_error *err, char *buf, size_t n)
{
    const char *p = "unsupported feature ";
    size_t k = 0;
    if (n == 0)
        return;
    if (strncmp(err->msg, p, strlen(p)) == 0) {
        const char *s = err->msg + strlen(p);
        while (s[k] && s[k] != ':' && s[k] != ' ' && k + 1 < n) {
            buf[k] = s[k];
            k++;
        }
    }
    if (k == 0) {
        snprintf(buf, n, "unsupported");
        return;
    }
    buf[k] = '\0';
}

static mw_result spectest_print(mw_caller *caller, void *env, const mw_val *args, size_t nargs,
                                mw_val *results, size_t nresults)
{
    (void)caller;
    (void)results;
    (void)nresults;
    const spec_print_env *pe = env;
    const spectest_fn *fn = &spectest_fns[pe->fn];
    if (!pe->host->verbose)
        return MW_OK;
    printf("spectest.%s(", fn->name);
    for (size_t i = 0; i < nargs; i++) {
        char buf[96];
        spec_fmt_val(buf, sizeof buf, &args[i]);
        printf("%s%s", i ? ", " : "", buf);
    }
    printf(")\n");
    return MW_OK;
}

bool spec_define_spectest(spec_host *h, mw_store *store, mw_linker *linker, mw_error *err)
{
    for (unsigned i = 0; i < SPEC_N_PRINT; i++) {
        mw_functype ft = {spectest_fns[i].nparams, 0, spectest_fns[i].params, NULL};
        h->envs[i].host = h;
        h->envs[i].fn = i;
        if (mw_linker_define_func_cstr(linker, "spectest", spectest_fns[i].name, &ft,
                                       spectest_print, &h->envs[i], NULL, err) != MW_OK)
            return false;
    }

    /* 666.6 rounded to each precision, as the reference interpreter defines them. */
    float f32 = 666.6f;
    double f64 = 666.6;
    uint32_t f32_bits;
    uint64_t f64_bits;
    memcpy(&f32_bits, &f32, sizeof f32_bits);
    memcpy(&f64_bits, &f64, sizeof f64_bits);
    static const char *const gnames[] = {"global_i32", "global_i64", "global_f32", "global_f64"};
    mw_val ginit[4] = {mw_val_i32(666), mw_val_i64(666), mw_val_f32_bits(f32_bits),
                       mw_val_f64_bits(f64_bits)};
    mw_extern ext;
    for (int i = 0; i < 4; i++) {
        mw_global *g;
        if (mw_global_new(store, ginit[i].type, false, ginit[i], &g, err) != MW_OK)
            return false;
        ext.kind = MW_EXTERN_GLOBAL;
        ext.of.global = g;
        if (mw_linker_define_cstr(linker, "spectest", gnames[i], &ext, err) != MW_OK)
            return false;
    }

    mw_table *t;
    mw_limits tl = {10, 20, true};
    mw_val null_func;
    memset(&null_func, 0, sizeof null_func);
    null_func.type = MW_FUNCREF;
    null_func.of.funcref = NULL;
    if (mw_table_new(store, MW_FUNCREF, tl, null_func, &t, err) != MW_OK)
        return false;
    ext.kind = MW_EXTERN_TABLE;
    ext.of.table = t;
    if (mw_linker_define_cstr(linker, "spectest", "table", &ext, err) != MW_OK)
        return false;

    mw_memory *mem;
    mw_limits ml = {1, 2, true};
    if (mw_memory_new(store, ml, &mem, err) != MW_OK)
        return false;
    ext.kind = MW_EXTERN_MEMORY;
    ext.of.memory = mem;
    return mw_linker_define_cstr(linker, "spectest", "memory", &ext, err) == MW_OK;
}
