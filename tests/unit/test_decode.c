/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_decode.c — tests of the module decoder (src/decode.c, module.c), the byte reader
 * (src/read.h), errors (err.c) and the allocator wrapper (mem.c).
 *
 *   test_decode [JSON_DIR] [-v] [--no-fuzz]
 *
 * JSON_DIR holds the wast2json output of the spec testsuite's core/ *.wast files (NAME.json +
 * NAME.N.wasm). Default: $MW_SPEC_JSON_DIR, build/spec, or /tmp/decode-test; if none
 * exists, tests/run-spec.sh --convert-only build/spec is tried. Without JSON the spec
 * part is skipped.
 *
 * For every binary module of the suite it checks the decoder's class: "module" (and the
 * modules of assert_unlinkable / assert_uninstantiable) must decode, assert_malformed
 * must give MW_ERR_MALFORMED, assert_invalid MW_ERR_INVALID. Then, for every valid
 * module: each truncated prefix, random bit flips and byte changes, and a failure of
 * each allocation in turn; the allocator checks every free size and that nothing leaks.
 *
 * It links the real body compiler (src/compile.c) and then expects exact classes
 * everywhere. Built with -DTEST_DECODE_STUB_COMPILE it links instead a weak stub of
 * mwC_compile that accepts every body, to test the decoder alone: body-level errors
 * (opcodes, locals, typing) are then not seen, and those modules are counted by expected
 * message instead of failed (the test detects which compiler it got).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mw_internal.h"
#include "read.h"

/* ------------------------------------------------------------------ compile stub */

static unsigned long stub_calls;

#ifdef TEST_DECODE_STUB_COMPILE
__attribute__((weak)) mw_result mwC_compile(mw_module *m, uint32_t fidx, mw_error *err)
{
    (void)m; (void)fidx; (void)err;
    stub_calls++;
    return MW_OK;
}
#endif

/* ------------------------------------------------------------------ checks */

static int failures;

#define CHECK(cond) do { if (!(cond)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)

/* ------------------------------------------------------------------ tracking allocator */

/* Each block carries its size in a 16-byte header so every free/resize can be checked
 * against the size the core claims (the Lua-style hook trusts osize). */
typedef struct tracker {
    size_t live_bytes, live_blocks;
    unsigned long attempts;   /* allocations and resizes asked for */
    long fail_at;             /* attempt number to refuse, -1 = never */
    unsigned long bad_sizes;
    int failed;               /* a refusal happened */
} tracker;

static void *track_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    tracker *t = ud;
    unsigned char *h = ptr ? (unsigned char *)ptr - 16 : NULL;
    if (h != NULL) {
        size_t stored;
        memcpy(&stored, h, sizeof stored);
        if (stored != osize) {
            t->bad_sizes++;
            fprintf(stderr, "allocator: block of %zu bytes released/resized as %zu\n",
                    stored, osize);
        }
    }
    if (nsize == 0) {
        if (h != NULL) {
            t->live_bytes -= osize;
            t->live_blocks--;
            free(h);
        }
        return NULL;
    }
    if (t->fail_at >= 0 && (long)t->attempts++ == t->fail_at) {
        t->failed = 1;
        return NULL;
    }
    if (t->fail_at < 0)
        t->attempts++;
    unsigned char *n = realloc(h, nsize + 16);
    if (n == NULL)
        return NULL;
    memcpy(n, &nsize, sizeof nsize);
    if (h == NULL) {
        t->live_blocks++;
        t->live_bytes += nsize;
    } else {
        t->live_bytes += nsize - osize;
    }
    return n + 16;
}

static tracker trk = { 0, 0, 0, -1, 0, 0 };
static mw_engine engine;

static void engine_init(void)
{
    memset(&engine, 0, sizeof engine);
    engine.alloc = track_alloc;
    engine.alloc_ud = &trk;
    engine.max_call_depth = 1000;
    engine.value_stack_slots = 1 << 16;
    engine.max_host_reentry = 8;
}

/* Decode and immediately delete; returns the result, err filled. */
static mw_result decode(const uint8_t *b, size_t n, mw_error *err)
{
    mw_module *m = NULL;
    mw_result r = mw_module_new(&engine, b, n, &m, err);
    if (r == MW_OK) {
        CHECK(m != NULL);
        mw_module_delete(m);
    } else {
        CHECK(m == NULL);
    }
    return r;
}

static void check_no_leak(const char *what)
{
    if (trk.live_blocks != 0 || trk.live_bytes != 0) {
        failures++;
        fprintf(stderr, "LEAK after %s: %zu blocks, %zu bytes\n", what, trk.live_blocks,
                trk.live_bytes);
        trk.live_blocks = 0;
        trk.live_bytes = 0;
    }
}

/* ------------------------------------------------------------------ unit tests */

static bool rd(const uint8_t *b, size_t n, int kind, uint64_t *out, mw_error *e)
{
    mwR_reader r;
    mwE_clear(e);
    mwR_init(&r, b, 0, n, e);
    bool ok = false;
    uint32_t u32; int32_t s32; int64_t s64;
    switch (kind) {
    case 0: ok = mwR_u32(&r, &u32); *out = u32; break;
    case 1: ok = mwR_s32(&r, &s32); *out = (uint64_t)(int64_t)s32; break;
    case 2: ok = mwR_s33(&r, &s64); *out = (uint64_t)s64; break;
    case 3: ok = mwR_s64(&r, &s64); *out = (uint64_t)s64; break;
    case 4: ok = mwR_u64(&r, out); break;
    }
    if (ok && r.p != r.end) {
        fprintf(stderr, "reader did not consume everything\n");
        return false;
    }
    return ok;
}

#define LEB_OK(kind, bytes, val) do { uint64_t v_; mw_error e_; \
    CHECK(rd((const uint8_t *)bytes, sizeof bytes - 1, kind, &v_, &e_) && v_ == (uint64_t)(val)); \
    } while (0)
#define LEB_BAD(kind, bytes, text) do { uint64_t v_; mw_error e_; \
    CHECK(!rd((const uint8_t *)bytes, sizeof bytes - 1, kind, &v_, &e_)); \
    CHECK(e_.code == MW_ERR_MALFORMED && strstr(e_.msg, text) != NULL); } while (0)

static void test_reader(void)
{
    LEB_OK(0, "\x03", 3);
    LEB_OK(0, "\x83\x00", 3);
    LEB_OK(0, "\xff\xff\xff\xff\x0f", 0xFFFFFFFFu);
    LEB_BAD(0, "\xff\xff\xff\xff\x1f", "integer too large");
    LEB_BAD(0, "\x82\x80\x80\x80\x70", "integer too large");
    LEB_BAD(0, "\x80\x80\x80\x80\x80\x00", "integer representation too long");
    LEB_BAD(0, "\x80", "unexpected end");
    LEB_BAD(0, "", "unexpected end");
    LEB_OK(1, "\x7f", -1);
    LEB_OK(1, "\x3f", 63);
    LEB_OK(1, "\x40", -64);
    LEB_OK(1, "\xff\xff\xff\xff\x07", INT32_MAX);
    LEB_OK(1, "\x80\x80\x80\x80\x78", INT32_MIN);
    LEB_BAD(1, "\x80\x80\x80\x80\x70", "integer too large");
    LEB_BAD(1, "\xff\xff\xff\xff\x0f", "integer too large");
    LEB_BAD(1, "\xff\xff\xff\xff\x4f", "integer too large");
    LEB_OK(2, "\x40", -64);
    LEB_OK(2, "\xff\xff\xff\xff\x0f", 0xFFFFFFFFll);
    LEB_OK(2, "\x80\x80\x80\x80\x70", -(1ll << 32));
    LEB_BAD(2, "\x80\x80\x80\x80\x20", "integer too large");
    LEB_OK(3, "\x7e", -2);
    LEB_OK(3, "\xfe\xff\x7f", -2);
    LEB_OK(3, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00", INT64_MAX);
    LEB_OK(3, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f", INT64_MIN);
    LEB_BAD(3, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7e", "integer too large");
    LEB_BAD(3, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", "integer too large");
    LEB_BAD(3, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00", "representation too long");
    LEB_OK(4, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", UINT64_MAX);
    LEB_BAD(4, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", "integer too large");

    /* floats, bytes, names */
    const uint8_t f[] = { 0x00, 0x00, 0xc0, 0x7f, 1, 2, 3, 4, 5, 6, 7, 0x88 };
    mw_error e;
    mwE_clear(&e);
    mwR_reader r;
    mwR_init(&r, f, 0, sizeof f, &e);
    uint32_t b32 = 0;
    uint64_t b64 = 0;
    CHECK(mwR_f32(&r, &b32) && b32 == 0x7fc00000u);
    CHECK(mwR_f64(&r, &b64) && b64 == 0x8807060504030201ull);
    CHECK(!mwR_u32(&r, &b32) && e.code == MW_ERR_MALFORMED && e.offset == sizeof f);

    struct { const char *s; size_t n; bool ok; } names[] = {
        { "", 0, true }, { "abc", 3, true }, { "\xc3\xa9", 2, true },
        { "\xe2\x82\xac", 3, true }, { "\xf0\x9f\x98\x80", 4, true },
        { "\xef\xbf\xbf", 3, true }, { "\xf4\x8f\xbf\xbf", 4, true },
        { "\x80", 1, false }, { "\xc0\x80", 2, false }, { "\xc1\xbf", 2, false },
        { "\xe0\x9f\xbf", 3, false }, { "\xed\xa0\x80", 3, false },
        { "\xf0\x8f\xbf\xbf", 4, false }, { "\xf4\x90\x80\x80", 4, false },
        { "\xf5\x80\x80\x80", 4, false }, { "\xc3", 1, false }, { "\xe2\x82", 2, false },
        { "\xfe", 1, false }, { "\xff", 1, false }, { "a\xc3\x28", 3, false },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        uint8_t buf[16];
        buf[0] = (uint8_t)names[i].n;
        memcpy(buf + 1, names[i].s, names[i].n);
        mwE_clear(&e);
        mwR_init(&r, buf, 0, names[i].n + 1, &e);
        const char *s;
        uint32_t len;
        bool ok = mwR_name(&r, &s, &len);
        if (ok != names[i].ok)
            fprintf(stderr, "utf-8 case %zu\n", i);
        CHECK(ok == names[i].ok);
        if (!ok)
            CHECK(strstr(e.msg, "malformed UTF-8 encoding") != NULL && e.offset == 1);
    }
    const uint8_t longname[] = { 5, 'a', 'b' };
    mwE_clear(&e);
    mwR_init(&r, longname, 0, sizeof longname, &e);
    const char *s;
    uint32_t len;
    CHECK(!mwR_name(&r, &s, &len) && strstr(e.msg, "length out of bounds") != NULL);
}

static void test_format(void)
{
    char buf[64];
    size_t n = mwE_format(buf, sizeof buf, "a%sb%dc%ud%xe%%f%c", "XY", -42, 42u, 0xbeefu, 'z');
    CHECK(strcmp(buf, "aXYb-42c42dbeefe%fz") == 0 && n == strlen(buf));
    mwE_format(buf, sizeof buf, "%lld %llu %zu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX,
               (size_t)12345);
    CHECK(strcmp(buf, "-9223372036854775808 18446744073709551615 12345") == 0);
    mwE_format(buf, sizeof buf, "[%.*s]", 3, "abcdef");
    CHECK(strcmp(buf, "[abc]") == 0);
    mwE_format(buf, sizeof buf, "[%.*s]", 10, "ab");
    CHECK(strcmp(buf, "[ab]") == 0);
    mwE_format(buf, sizeof buf, "%d %s", INT32_MIN, (const char *)NULL);
    CHECK(strcmp(buf, "-2147483648 (null)") == 0);
    n = mwE_format(buf, 8, "0123456789");
    CHECK(n == 7 && strcmp(buf, "0123456") == 0);
    n = mwE_format(buf, 1, "abc");
    CHECK(n == 0 && buf[0] == '\0');
    buf[0] = 'q';
    n = mwE_format(buf, 0, "abc");
    CHECK(n == 0 && buf[0] == 'q');
    mwE_format(buf, sizeof buf, "%q %");
    CHECK(strcmp(buf, "%q %") == 0);
    CHECK(mwE_strlen("hello") == 5 && mwE_strlen("") == 0);

    mw_error e;
    mwE_clear(&e);
    CHECK(e.code == MW_OK && e.trap == MW_TRAP_NONE && e.offset == SIZE_MAX && e.msg[0] == 0);
    CHECK(mwE_set(&e, MW_ERR_INVALID, 7, "bad %u", 3u) == MW_ERR_INVALID);
    CHECK(e.code == MW_ERR_INVALID && e.offset == 7 && strcmp(e.msg, "bad 3") == 0);
    CHECK(mwE_set(&e, MW_ERR_MALFORMED, 9, "second") == MW_ERR_MALFORMED);
    CHECK(e.code == MW_ERR_INVALID && e.offset == 7 && strcmp(e.msg, "bad 3") == 0);
    CHECK(mwE_set(NULL, MW_ERR_LIMIT, 0, "x") == MW_ERR_LIMIT);
    mwE_clear(&e);
    CHECK(mwE_trap(&e, MW_TRAP_DIV_BY_ZERO, NULL) == MW_ERR_TRAP);
    CHECK(e.code == MW_ERR_TRAP && e.trap == MW_TRAP_DIV_BY_ZERO &&
          strcmp(e.msg, "integer divide by zero") == 0);
    char big[400];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    mwE_clear(&e);
    mwE_set(&e, MW_ERR_TRAP, 0, "%s", big);
    CHECK(strlen(e.msg) == sizeof e.msg - 1);

    CHECK(strcmp(mw_trap_message(MW_TRAP_UNREACHABLE), "unreachable") == 0);
    CHECK(strcmp(mw_trap_message(MW_TRAP_INDIRECT_MISMATCH), "indirect call type mismatch") == 0);
    CHECK(strcmp(mw_trap_message(MW_TRAP_STACK_EXHAUSTED), "call stack exhausted") == 0);
    CHECK(strcmp(mw_trap_message((mw_trap_code)999), "unknown trap") == 0);
    CHECK(strcmp(mw_result_name(MW_ERR_MALFORMED), "malformed module") == 0);
    CHECK(strcmp(mw_result_name(MW_ERR_NOT_FOUND), "not found") == 0);
    CHECK(strcmp(mw_result_name(MW_OK), "ok") == 0);
}

static void test_mem(void)
{
    void *p = mwM_alloc(&engine, 0);
    CHECK(p != NULL);
    mwM_free(&engine, p, 0);
    uint32_t *a = NULL, cap = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        CHECK(mwM_grow(&engine, (void **)&a, &cap, i + 1, sizeof *a));
        a[i] = i;
    }
    CHECK(cap >= 1000);
    for (uint32_t i = 0; i < 1000; i++)
        CHECK(a[i] == i);
    CHECK(!mwM_grow(&engine, (void **)&a, &cap, UINT32_MAX, SIZE_MAX / 4));
    mwM_free(&engine, a, (size_t)cap * sizeof *a);
    unsigned char *z = mwM_zalloc(&engine, 100);
    CHECK(z != NULL && z[0] == 0 && z[99] == 0);
    z = mwM_realloc(&engine, z, 100, 0);
    CHECK(z != NULL);
    z = mwM_realloc(&engine, z, 0, 10);
    CHECK(z != NULL);
    mwM_free(&engine, z, 10);
    check_no_leak("test_mem");
}

/* A hand-made module exercising the introspection API. */
static void test_api(void)
{
    static const uint8_t mod[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x05, 0x03, 'a', 'b', 'c', 0x7f,                    /* custom "abc" [7f] */
        0x01, 0x09, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7e, 0x60, 0x00, 0x00,   /* types */
        0x02, 0x19, 0x03,                                          /* imports */
        0x01, 'm', 0x01, 'f', 0x00, 0x00,                          /* m.f: func type 0 */
        0x01, 'm', 0x01, 'g', 0x03, 0x7d, 0x01,                    /* m.g: global mut f32 */
        0x01, 'm', 0x03, 't', 'a', 'b', 0x01, 0x6f, 0x01, 0x02, 0x05,  /* m.tab externref 2..5 */
        0x03, 0x02, 0x01, 0x01,                                    /* func 1: type 1 */
        0x05, 0x03, 0x01, 0x00, 0x01,                              /* memory 1 */
        0x07, 0x0d, 0x02, 0x03, 'r', 'u', 'n', 0x00, 0x01,         /* exports: run = func 1 */
        0x03, 'm', 'e', 'm', 0x02, 0x00,                           /*          mem = memory 0 */
        0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,                        /* code */
        0x00, 0x0e, 0x04, 'n', 'a', 'm', 'e',                      /* names */
        0x01, 0x07, 0x01, 0x01, 0x04, 'm', 'a', 'i', 'n',
    };
    mw_module *m = NULL;
    mw_error e;
    mw_result r = mw_module_new(&engine, mod, sizeof mod, &m, &e);
    if (r != MW_OK)
        fprintf(stderr, "test_api: %s at %zu: %s\n", mw_result_name(r), e.offset, e.msg);
    CHECK(r == MW_OK && e.code == MW_OK);
    if (r != MW_OK)
        return;
    CHECK(mw_module_import_count(m) == 3 && mw_module_export_count(m) == 2);
    mw_import_export_desc d;
    CHECK(mw_module_import(m, 0, &d) && d.kind == MW_EXTERN_FUNC && d.module_len == 1 &&
          memcmp(d.module, "m", 1) == 0 && d.name_len == 1 && d.name[0] == 'f' &&
          d.func.nparams == 1 && d.func.params[0] == MW_I32 && d.func.nresults == 1 &&
          d.func.results[0] == MW_I64);
    CHECK(mw_module_import(m, 1, &d) && d.kind == MW_EXTERN_GLOBAL &&
          d.global_type == MW_F32 && d.global_mutable);
    CHECK(mw_module_import(m, 2, &d) && d.kind == MW_EXTERN_TABLE && d.elem_type == MW_EXTERNREF
          && d.limits.min == 2 && d.limits.has_max && d.limits.max == 5);
    CHECK(!mw_module_import(m, 3, &d));
    CHECK(mw_module_export(m, 0, &d) && d.kind == MW_EXTERN_FUNC && d.name_len == 3 &&
          memcmp(d.name, "run", 3) == 0 && d.func.nparams == 0 && d.module == NULL);
    CHECK(mw_module_export(m, 1, &d) && d.kind == MW_EXTERN_MEMORY && d.limits.min == 1 &&
          !d.limits.has_max);
    CHECK(!mw_module_export(m, 2, &d));
    size_t len = 0;
    const char *nm = mw_module_func_name(m, 1, &len);
    CHECK(nm != NULL && len == 4 && memcmp(nm, "main", 4) == 0);
    CHECK(mw_module_func_name(m, 0, &len) == NULL);
    CHECK(mw_module_func_name(m, 2, &len) == NULL);
    const char *cn;
    size_t cnl, dl;
    const uint8_t *data;
    CHECK(mw_module_custom_section(m, 0, &cn, &cnl, &data, &dl) && cnl == 3 &&
          memcmp(cn, "abc", 3) == 0 && dl == 1 && data[0] == 0x7f);
    CHECK(mw_module_custom_section(m, 1, &cn, &cnl, &data, &dl) && cnl == 4);
    CHECK(!mw_module_custom_section(m, 2, &cn, &cnl, &data, &dl));
    CHECK(m->func_refd != NULL && m->func_refd[1] == 1 && m->func_refd[0] == 0);
    CHECK(m->funcs[1].body_off == sizeof mod - 18 && m->funcs[1].body_len == 2);
    m->refcount++;                  /* an instance's reference */
    mw_module_delete(m);
    CHECK(trk.live_blocks > 0);
    mw_module_delete(m);
    check_no_leak("test_api");

    /* Bad arguments and tiny inputs. */
    CHECK(mw_module_new(&engine, mod, sizeof mod, NULL, &e) == MW_ERR_ARG);
    CHECK(mw_module_new(NULL, mod, sizeof mod, &m, &e) == MW_ERR_ARG && m == NULL);
    CHECK(mw_module_new(&engine, NULL, 4, &m, &e) == MW_ERR_ARG);
    CHECK(mw_module_new(&engine, NULL, 0, &m, &e) == MW_ERR_MALFORMED);
    CHECK(mw_module_new(&engine, mod, 8, &m, NULL) == MW_OK);
    mw_module_delete(m);
    mw_module_delete(NULL);

    /* A count far beyond the bytes left fails fast instead of allocating. */
    static const uint8_t huge[] = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                                    0x03, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f };
    trk.attempts = 0;
    CHECK(decode(huge, sizeof huge, &e) == MW_ERR_MALFORMED);
    CHECK(trk.attempts <= 4);
    check_no_leak("test_api huge");
}

/* Small modules whose class we know, beyond what the spec suite covers. */
static void test_cases(void)
{
#define HDR "\x00\x61\x73\x6d\x01\x00\x00\x00"
    static const struct { const char *bytes; size_t n; mw_result want; const char *msg; } cases[] = {
#define C(b, want, msg) { HDR b, sizeof(HDR b) - 1, want, msg }
        C("", MW_OK, ""),
        C("\x0c\x01\x00", MW_OK, ""),                                  /* data count 0 */
        C("\x0c\x01\x01", MW_ERR_MALFORMED, "data count and data section"),
        C("\x0c\x01\x00\x0b\x01\x00", MW_OK, ""),
        C("\x0b\x01\x00\x0c\x01\x00", MW_ERR_MALFORMED, "out of order"),
        C("\x01\x01\x00\x01\x01\x00", MW_ERR_MALFORMED, "repeated"),
        C("\x00\x01\x00\x01\x01\x00\x00\x01\x00", MW_OK, ""),           /* customs anywhere */
        C("\x00\x02\x01\xff", MW_ERR_MALFORMED, "UTF-8"),
        C("\x03\x01\x00", MW_OK, ""),
        C("\x03\x02\x01\x00", MW_ERR_MALFORMED, "function and code"),
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00", MW_ERR_MALFORMED, "function and code"),
        C("\x03\x02\x01\x00\x0a\x04\x01\x02\x00\x0b", MW_ERR_INVALID, "unknown type"),
#if MW_SIMD
        C("\x01\x05\x01\x60\x01\x7b\x00", MW_OK, ""),                 /* v128 param */
#else
        C("\x01\x05\x01\x60\x01\x7b\x00", MW_ERR_UNSUPPORTED, "MW_SIMD=0"),
#endif
        /* A body whose first instruction is invalid (i32.add on an empty stack) and a
         * later one malformed: the spec decodes before it validates, so malformed wins.
         * The reserved bytes of memory.copy/init/fill are read by the one reader. */
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x05\x03\x01\x00\x01"
          "\x0a\x09\x01\x07\x00\x6a\xfc\x0a\x01\x00\x0b", MW_ERR_UNSUPPORTED, "multi-memory"),
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x05\x03\x01\x00\x01"
          "\x0a\x09\x01\x07\x00\x6a\xfc\x0a\x00\x01\x0b", MW_ERR_UNSUPPORTED, "multi-memory"),
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x05\x03\x01\x00\x01"
          "\x0a\x08\x01\x06\x00\x6a\xfc\x0b\x01\x0b", MW_ERR_UNSUPPORTED, "multi-memory"),
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x05\x03\x01\x00\x01\x0c\x01\x01"
          "\x0a\x09\x01\x07\x00\x6a\xfc\x08\x00\x01\x0b\x0b\x03\x01\x01\x00",
          MW_ERR_UNSUPPORTED, "multi-memory"),
        /* ... and with the reserved bytes right, the invalid instruction is reported. */
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x05\x03\x01\x00\x01"
          "\x0a\x09\x01\x07\x00\x6a\xfc\x0a\x00\x00\x0b", MW_ERR_INVALID, "type mismatch"),
        C("\x01\x05\x01\x60\x01\x7a\x00", MW_ERR_MALFORMED, "value type"),
        C("\x01\x04\x01\x61\x00\x00", MW_ERR_MALFORMED, "function type"),
        C("\x05\x03\x01\x00\x01\x05\x03\x01\x00\x01", MW_ERR_MALFORMED, "repeated"),
        C("\x05\x05\x02\x00\x01\x00\x01", MW_ERR_UNSUPPORTED, "unsupported feature multi-memory:"),
        C("\x02\x06\x01\x00\x00\x02\x00\x00\x05\x03\x01\x00\x01", MW_ERR_UNSUPPORTED,
          "unsupported feature multi-memory:"),
        /* 3.0 encodings the core lacks are unsupported, naming the feature; the rest of
         * the flag space stays malformed */
        C("\x05\x03\x01\x04\x01", MW_ERR_UNSUPPORTED, "unsupported feature memory64:"),
        C("\x05\x03\x01\x02\x01", MW_ERR_UNSUPPORTED, "unsupported feature threads:"),
        C("\x05\x03\x01\x08\x01", MW_ERR_UNSUPPORTED, "unsupported feature custom-page-sizes:"),
        C("\x05\x03\x01\x10\x01", MW_ERR_MALFORMED, "limits"),
        C("\x04\x04\x01\x70\x08\x00", MW_ERR_MALFORMED, "limits"),
        C("\x05\x07\x01\x00\x80\x80\x80\x80\x10", MW_ERR_UNSUPPORTED, "memory64"),
        C("\x01\x04\x01\x5f\x00\x00", MW_ERR_UNSUPPORTED, "unsupported feature gc:"),
        C("\x01\x05\x01\x60\x01\x63\x70\x00", MW_ERR_UNSUPPORTED,
          "unsupported feature function-references:"),
        C("\x01\x05\x01\x60\x01\x6e\x00", MW_ERR_UNSUPPORTED, "unsupported feature gc:"),
        C("\x01\x05\x01\x60\x01\x69\x00", MW_ERR_UNSUPPORTED, "unsupported feature exceptions:"),
        C("\x0d\x01\x00", MW_ERR_UNSUPPORTED, "unsupported feature exceptions:"),
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00"
          "\x0a\x06\x01\x04\x00\x12\x00\x0b", MW_ERR_UNSUPPORTED, "unsupported feature tail-call:"),
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00"
          "\x0a\x06\x01\x04\x00\xfb\x00\x0b", MW_ERR_UNSUPPORTED, "unsupported feature gc:"),
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00"
          "\x0a\x06\x01\x04\x00\xfe\x03\x0b", MW_ERR_UNSUPPORTED, "unsupported feature threads:"),
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x05\x03\x01\x00\x01"
          "\x0a\x0b\x01\x09\x00\x41\x00\x28\x80\x01\x00\x1a\x0b", MW_ERR_MALFORMED, "memop flags"),
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x05\x03\x01\x00\x01"
          "\x0a\x0b\x01\x09\x00\x41\x00\x28\x42\x01\x00\x1a\x0b", MW_ERR_UNSUPPORTED,
          "unsupported feature multi-memory:"),
        C("\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x05\x03\x01\x00\x01"
          "\x0a\x0b\x01\x09\x00\x41\x00\x28\x42\x00\x00\x1a\x0b", MW_OK, ""),
        C("\x05\x05\x01\x00\x81\x80\x04", MW_ERR_INVALID, "65536"),
        C("\x05\x04\x01\x01\x02\x01", MW_ERR_INVALID, "minimum"),
        C("\x04\x05\x01\x70\x01\x02\x01", MW_ERR_INVALID, "minimum"),
        C("\x04\x04\x01\x70\x02\x00", MW_ERR_MALFORMED, "limits"),
        C("\x04\x08\x01\x70\x01\xff\xff\xff\xff\x0f", MW_ERR_MALFORMED, "unexpected end"),
        /* globals and constant expressions */
        C("\x06\x06\x01\x7f\x00\x41\x00\x0b", MW_OK, ""),
        C("\x06\x06\x01\x7f\x02\x41\x00\x0b", MW_ERR_MALFORMED, "mutability"),
        C("\x06\x06\x01\x7e\x00\x41\x00\x0b", MW_ERR_INVALID, "type mismatch"),
        C("\x06\x04\x01\x7f\x00\x0b", MW_ERR_INVALID, "type mismatch"),
        C("\x06\x08\x01\x7f\x00\x41\x00\x41\x00\x0b", MW_ERR_INVALID, "type mismatch"),
        C("\x06\x09\x01\x7f\x00\x41\x00\x41\x00\x6a\x0b", MW_ERR_UNSUPPORTED,
          "unsupported feature extended-const:"),
        C("\x06\x09\x01\x7f\x00\x02\x40\x0b\x41\x00\x0b", MW_ERR_INVALID, "constant expression"),
        C("\x06\x06\x01\x7f\x00\x41\x00\x27", MW_ERR_MALFORMED, "illegal opcode"),
        C("\x06\x07\x01\x7f\x00\x01\x27\x0b\x00", MW_ERR_MALFORMED, "illegal opcode"),
        C("\x06\x06\x01\x7f\x00\x41\x00\x06", MW_ERR_UNSUPPORTED, "unsupported feature exceptions:"),
        C("\x06\x06\x01\x7f\x00\x3f\x01\x0b", MW_ERR_UNSUPPORTED, "multi-memory"),
        C("\x06\x05\x01\x7f\x00\x41\x00", MW_ERR_MALFORMED, "unexpected end"),
        C("\x06\x06\x01\x7f\x00\x23\x00\x0b", MW_ERR_INVALID, "unknown global"),
        C("\x06\x0b\x02\x7f\x00\x41\x00\x0b\x7f\x00\x23\x01\x0b", MW_ERR_INVALID, "unknown global"),
        C("\x06\x0b\x02\x7f\x00\x41\x00\x0b\x7f\x00\x23\x00\x0b", MW_ERR_UNSUPPORTED,
          "unsupported feature gc:"),
        C("\x02\x06\x01\x00\x00\x03\x7f\x01\x06\x06\x01\x7f\x00\x23\x00\x0b",
          MW_ERR_INVALID, "constant expression"),
        C("\x02\x06\x01\x00\x00\x03\x7f\x00\x06\x06\x01\x7f\x00\x23\x00\x0b", MW_OK, ""),
        C("\x02\x06\x01\x00\x00\x03\x7e\x00\x06\x06\x01\x7f\x00\x23\x00\x0b",
          MW_ERR_INVALID, "type mismatch"),
        C("\x06\x06\x01\x70\x00\xd0\x70\x0b", MW_OK, ""),
        C("\x06\x06\x01\x70\x00\xd0\x6f\x0b", MW_ERR_INVALID, "type mismatch"),
        C("\x06\x06\x01\x70\x00\xd0\x7f\x0b", MW_ERR_MALFORMED, "reference type"),
        C("\x06\x06\x01\x70\x00\xd2\x00\x0b", MW_ERR_INVALID, "unknown function"),
        C("\x06\x0d\x01\x7c\x00\x44\x00\x00\x00\x00\x00\x00\xf0\x3f\x0b", MW_OK, ""),
        /* exports and start */
        C("\x07\x05\x01\x01\x61\x00\x00", MW_ERR_INVALID, "unknown function"),
        C("\x07\x05\x01\x01\x61\x05\x00", MW_ERR_MALFORMED, "export kind"),
        C("\x05\x03\x01\x00\x00\x07\x09\x02\x01\x61\x02\x00\x01\x61\x02\x00",
          MW_ERR_INVALID, "duplicate export name"),
        C("\x05\x03\x01\x00\x00\x07\x09\x02\x01\x61\x02\x00\x01\x62\x02\x00", MW_OK, ""),
        C("\x08\x01\x00", MW_ERR_INVALID, "unknown function"),
        C("\x01\x05\x01\x60\x01\x7f\x00\x03\x02\x01\x00\x08\x01\x00\x0a\x04\x01\x02\x00\x0b",
          MW_ERR_INVALID, "start function"),
        /* element segments */
        C("\x04\x04\x01\x70\x00\x01\x09\x07\x01\x00\x41\x00\x0b\x01\x00", MW_ERR_INVALID,
          "unknown function"),
        C("\x04\x04\x01\x70\x00\x01\x09\x06\x01\x00\x41\x00\x0b\x00", MW_OK, ""),
        C("\x09\x06\x01\x00\x41\x00\x0b\x00", MW_ERR_INVALID, "unknown table"),
        C("\x04\x04\x01\x6f\x00\x01\x09\x06\x01\x00\x41\x00\x0b\x00", MW_ERR_INVALID,
          "type mismatch"),
        C("\x04\x04\x01\x6f\x00\x01\x09\x08\x01\x06\x00\x41\x00\x0b\x6f\x00", MW_OK, ""),
        C("\x04\x04\x01\x6f\x00\x01\x09\x0b\x01\x06\x00\x41\x00\x0b\x6f\x01\xd0\x6f\x0b", MW_OK, ""),
        C("\x04\x04\x01\x6f\x00\x01\x09\x0b\x01\x06\x00\x41\x00\x0b\x6f\x01\xd0\x70\x0b",
          MW_ERR_INVALID, "type mismatch"),
        C("\x09\x04\x01\x01\x00\x00", MW_OK, ""),
        C("\x09\x04\x01\x01\x01\x00", MW_ERR_MALFORMED, "element kind"),
        C("\x09\x04\x01\x03\x00\x00", MW_OK, ""),
        C("\x09\x04\x01\x05\x6f\x00", MW_OK, ""),
        C("\x09\x07\x01\x05\x6f\x01\x41\x00\x0b", MW_ERR_INVALID, "type mismatch"),
        C("\x09\x04\x01\x07\x70\x00", MW_OK, ""),
        C("\x09\x04\x01\x08\x00\x00", MW_ERR_MALFORMED, "segment kind"),
        C("\x09\x04\x01\x05\x7f\x00", MW_ERR_MALFORMED, "reference type"),
        /* data segments */
        C("\x0b\x04\x01\x01\x01\x61", MW_OK, ""),
        C("\x0b\x07\x01\x00\x41\x00\x0b\x01\x61", MW_ERR_INVALID, "unknown memory"),
        C("\x05\x03\x01\x00\x00\x0b\x07\x01\x00\x41\x00\x0b\x01\x61", MW_OK, ""),
        C("\x05\x03\x01\x00\x00\x0b\x08\x01\x02\x00\x41\x00\x0b\x01\x61", MW_OK, ""),
        C("\x05\x03\x01\x00\x00\x0b\x08\x01\x02\x01\x41\x00\x0b\x01\x61", MW_ERR_INVALID,
          "unknown memory"),
        C("\x05\x03\x01\x00\x00\x0b\x07\x01\x00\x42\x00\x0b\x01\x61", MW_ERR_INVALID,
          "type mismatch"),
        C("\x0b\x03\x01\x03\x00", MW_ERR_MALFORMED, "segment kind"),
        C("\x0b\x04\x01\x01\x02\x61", MW_ERR_MALFORMED, "length out of bounds"),
        /* malformed beats an earlier invalid */
        C("\x08\x01\x05\x0b\x01\x03", MW_ERR_MALFORMED, ""),
        C("\x0e\x00", MW_ERR_MALFORMED, "section id"),
        C("\x01\x05\x01\x60\x00\x00", MW_ERR_MALFORMED, "length out of bounds"),
        C("\x01\x05\x01\x60\x00\x00\x00", MW_ERR_MALFORMED, "section size mismatch"),
        C("\x01", MW_ERR_MALFORMED, "unexpected end"),
        C("\x00\x00", MW_ERR_MALFORMED, "unexpected end"),
        /* a broken name section is ignored */
        C("\x00\x08\x04name\x01\x09\x00", MW_OK, ""),
        C("\x00\x0c\x04name\x01\x05\x02\x01\x00\x00\x00", MW_OK, ""),
#undef C
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mw_error e;
        mw_result r = decode((const uint8_t *)cases[i].bytes, cases[i].n, &e);
        if (r != cases[i].want || (r != MW_OK && strstr(e.msg, cases[i].msg) == NULL)) {
            failures++;
            fprintf(stderr, "case %zu: want %s \"%s\", got %s \"%s\" at %zu\n", i,
                    mw_result_name(cases[i].want), cases[i].msg, mw_result_name(r),
                    e.msg, e.offset);
        }
        check_no_leak("test_cases");
    }
#undef HDR
}

/* ------------------------------------------------------------------ explore */

static bool verbose;

static void collect(void *ud, const char *text, size_t len)
{
    char *buf = ud;
    size_t have = strlen(buf);
    if (have + len < 4096) { memcpy(buf + have, text, len); buf[have + len] = 0; }
}

/* The disassembler names translated instructions by the table, with their operands and
 * the offsets of the wasm instructions they came from. */
static void test_explore(void)
{
    /* (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
     * (func (param i32) (result i32) (if (result i32) (i32.lt_s (local.get 0) (i32.const 7))
     *   (then (i32.const 1)) (else (i32.const 2)))) */
    static const uint8_t mod[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x0c, 0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f,
        0x03, 0x03, 0x02, 0x00, 0x01,
        0x0a, 0x19, 0x02,
        0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,                 /* i32.add at 0x24 */
        0x0f, 0x00, 0x20, 0x00, 0x41, 0x07, 0x48, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02,
        0x0b, 0x0b,                                                     /* i32.lt_s at 0x2a */
    };
    mw_module *m = NULL;
    mw_error e;
    CHECK(mw_module_new(&engine, mod, sizeof mod, &m, &e) == MW_OK);
    if (!m) return;
    char buf[4096] = "";
    CHECK(mw_module_explore(m, 0, collect, buf) == MW_OK);
    if (verbose) fputs(buf, stderr);
    CHECK(strstr(buf, "func 0: 2 params, 1 results") != NULL);
    /* the add returns its result itself (its .ret form): no ret1 after it */
    CHECK(strstr(buf, "  0 @0x24: i32.add.ret d2 s0 s1\n") != NULL);
    CHECK(strstr(buf, "ret1") == NULL);
    buf[0] = 0;
    CHECK(mw_module_explore(m, 1, collect, buf) == MW_OK);
    if (verbose) fputs(buf, stderr);
    /* The compare became the if's branch, taken when false, to the else arm at 13. */
    CHECK(strstr(buf, "  0 @0x2a: brf.i32.lt_s_ri s0 #7 ->13\n") != NULL);
    CHECK(strstr(buf, "const32 d1 #1\n") != NULL && strstr(buf, "const32 d1 #2\n") != NULL);
    CHECK(mw_module_explore(m, 2, collect, buf) == MW_ERR_ARG);
    CHECK(mw_module_explore(NULL, 0, collect, buf) == MW_ERR_ARG);
    mw_module_delete(m);
    check_no_leak("test_explore");
}

/* ------------------------------------------------------------------ spec suite */

typedef enum { EXP_OK, EXP_MALFORMED, EXP_INVALID } expect;

typedef struct wasmfile {
    char *path;
    char *text;           /* expected message for assert_* */
    expect exp;
    uint8_t *bytes;
    size_t len;
} wasmfile;

static wasmfile *files;
static size_t nfiles, capfiles;

static char *xstrndup(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (r == NULL) { perror("malloc"); exit(2); }
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *b = malloc(cap);
    size_t k;
    while (b != NULL && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            cap *= 2;
            uint8_t *nb = realloc(b, cap);
            if (nb == NULL) free(b);
            b = nb;
        }
    }
    fclose(f);
    if (b == NULL) { perror("malloc"); exit(2); }
    *len = n;
    return b;
}

/* The value of "key": "..." in a JSON line, or NULL. */
static char *json_str(const char *line, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": \"", key);
    const char *p = strstr(line, pat);
    if (p == NULL)
        return NULL;
    p += strlen(pat);
    const char *q = p;
    while (*q && !(*q == '"' && q[-1] != '\\'))
        q++;
    return xstrndup(p, (size_t)(q - p));
}

static void load_json(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    char *text = (char *)read_file(path, &len);
    if (text == NULL)
        return;
    text = realloc(text, len + 1);
    text[len] = 0;
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        char *type = json_str(line, "type");
        char *fname = json_str(line, "filename");
        char *mtype = json_str(line, "module_type");
        expect exp = EXP_OK;
        bool use = false;
        if (type != NULL && fname != NULL) {
            if (strcmp(type, "module") == 0 || strcmp(type, "assert_unlinkable") == 0 ||
                strcmp(type, "assert_uninstantiable") == 0) {
                use = true;
            } else if (strcmp(type, "assert_malformed") == 0 && mtype && strcmp(mtype, "binary") == 0) {
                use = true;
                exp = EXP_MALFORMED;
            } else if (strcmp(type, "assert_invalid") == 0 && mtype && strcmp(mtype, "binary") == 0) {
                use = true;
                exp = EXP_INVALID;
            }
        }
        if (use) {
            if (nfiles == capfiles) {
                capfiles = capfiles ? capfiles * 2 : 1024;
                files = realloc(files, capfiles * sizeof *files);
                if (files == NULL) { perror("realloc"); exit(2); }
            }
            wasmfile *w = &files[nfiles];
            snprintf(path, sizeof path, "%s/%s", dir, fname);
            w->bytes = read_file(path, &w->len);
            if (w->bytes == NULL) {
                fprintf(stderr, "cannot read %s\n", path);
                failures++;
            } else {
                w->path = xstrndup(fname, strlen(fname));
                w->exp = exp;
                char *t = json_str(line, "text");
                w->text = t ? t : xstrndup("", 0);
                nfiles++;
            }
        }
        free(type);
        free(fname);
        free(mtype);
    }
    free(text);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool load_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return false;
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = xstrndup(de->d_name, l);
        }
    }
    closedir(d);
    if (n == 0) {
        free(names);
        return false;
    }
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        load_json(dir, names[i]);
        free(names[i]);
    }
    free(names);
    return nfiles > 0;
}

static bool has_json(const char *dir)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof p, "%s/binary.json", dir);
    return stat(p, &st) == 0;
}

static const char *find_json_dir(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (argv[i][0] != '-')
            return argv[i];
    const char *env = getenv("MW_SPEC_JSON_DIR");
    if (env != NULL && has_json(env))
        return env;
    if (has_json("build/spec"))
        return "build/spec";
    if (has_json("/tmp/decode-test"))
        return "/tmp/decode-test";
    struct stat st;
    if (stat("tests/run-spec.sh", &st) == 0 &&
        system("tests/run-spec.sh --convert-only build/spec >/dev/null 2>&1") == 0 &&
        has_json("build/spec"))
        return "build/spec";
    return NULL;
}

static const char *class_name(expect e)
{
    return e == EXP_OK ? "valid" : e == EXP_MALFORMED ? "assert_malformed" : "assert_invalid";
}

static bool real_compile;   /* the real mwC_compile is linked (detected) */

/* Histogram of the expected messages of modules only a body check can reject. */
static struct { expect exp; const char *text; unsigned long n; } body_hist[256];
static size_t nbody_hist;

static void note_body(const wasmfile *w)
{
    if (verbose)
        printf("  body-level (the stub compile accepted it) %s %s: \"%s\"\n",
               class_name(w->exp), w->path, w->text);
    for (size_t i = 0; i < nbody_hist; i++)
        if (body_hist[i].exp == w->exp && strcmp(body_hist[i].text, w->text) == 0) {
            body_hist[i].n++;
            return;
        }
    if (nbody_hist < sizeof body_hist / sizeof body_hist[0]) {
        body_hist[nbody_hist].exp = w->exp;
        body_hist[nbody_hist].text = w->text;
        body_hist[nbody_hist++].n = 1;
    }
}

static void print_body(void)
{
    if (nbody_hist == 0)
        return;
    printf("expected errors left to the body compiler (stub accepted them; -v lists files):\n");
    for (size_t i = 0; i < nbody_hist; i++)
        printf("  %5lu %s \"%s\"\n", body_hist[i].n, class_name(body_hist[i].exp),
               body_hist[i].text);
}

static void spec_classes(void)
{
    unsigned long n[3] = { 0, 0, 0 }, right[3] = { 0, 0, 0 }, body[3] = { 0, 0, 0 };
    unsigned long wrong = 0;
    for (size_t i = 0; i < nfiles; i++) {
        wasmfile *w = &files[i];
        mw_error e;
        mw_result r = decode(w->bytes, w->len, &e);
        check_no_leak(w->path);
        mw_result want = w->exp == EXP_OK ? MW_OK
                       : w->exp == EXP_MALFORMED ? MW_ERR_MALFORMED : MW_ERR_INVALID;
        n[w->exp]++;
        /* The 2.0 suite asserts malformed/invalid for encodings 3.0 gives a meaning;
         * the core names the newer feature instead (doc/conformance.md). */
        if (r == MW_ERR_UNSUPPORTED && want != MW_OK &&
            strncmp(e.msg, "unsupported feature ", 20) == 0)
            r = want;
        if (r == want) {
            right[w->exp]++;
            if (verbose && r != MW_OK)
                printf("  ok %s: %s (want \"%s\") got \"%s\" at %zu\n", w->path,
                       class_name(w->exp), w->text, e.msg, e.offset);
            continue;
        }
        if (!real_compile && r == MW_OK && w->exp != EXP_OK) {
            /* Only a body can hide the problem from the decoder + stub. */
            body[w->exp]++;
            note_body(w);
            continue;
        }
        wrong++;
        failures++;
        printf("  WRONG %s %s (want \"%s\"): got %s \"%s\" at offset %zu\n",
               class_name(w->exp), w->path, w->text, mw_result_name(r), e.msg, e.offset);
    }
    print_body();
    printf("spec classes (%s compile): valid %lu/%lu decode; assert_malformed %lu/%lu "
           "malformed (%lu body-level); assert_invalid %lu/%lu invalid (%lu body-level); "
           "%lu wrong\n", real_compile ? "real" : "stub", right[0], n[0], right[1], n[1],
           body[1], right[2], n[2], body[2], wrong);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void spec_fuzz(void)
{
    unsigned long ntrunc = 0, nflip = 0, nalloc = 0, res[16] = { 0 };
    uint8_t *buf = NULL;
    size_t bufcap = 0;
    for (size_t i = 0; i < nfiles; i++) {
        wasmfile *w = &files[i];
        if (w->exp != EXP_OK)
            continue;
        mw_error e;
        /* Every truncation. */
        for (size_t len = 0; len < w->len; len++) {
            mw_result r = decode(w->bytes, len, &e);
            res[r & 15]++;
            ntrunc++;
            if (r == MW_ERR_NOMEM || r == MW_ERR_ARG) {
                failures++;
                printf("  truncation %s len %zu: %s %s\n", w->path, len,
                       mw_result_name(r), e.msg);
            }
        }
        check_no_leak("truncation");
        /* Random single-bit flips and byte replacements. */
        if (bufcap < w->len) {
            bufcap = w->len;
            buf = realloc(buf, bufcap);
        }
        unsigned tries = w->len < 64 ? 64 : 128;
        for (unsigned t = 0; t < tries; t++) {
            memcpy(buf, w->bytes, w->len);
            unsigned nmut = 1 + (unsigned)(rng() % 3);
            for (unsigned k = 0; k < nmut; k++) {
                size_t at = 8 + (size_t)(rng() % (w->len > 8 ? w->len - 8 : 1));
                if (at >= w->len)
                    break;
                if (rng() & 1)
                    buf[at] ^= (uint8_t)(1u << (rng() % 8));
                else
                    buf[at] = (uint8_t)rng();
            }
            mw_result r = decode(buf, w->len, &e);
            res[r & 15]++;
            nflip++;
            if (r == MW_ERR_NOMEM || r == MW_ERR_ARG) {
                failures++;
                printf("  mutation of %s: %s %s\n", w->path, mw_result_name(r), e.msg);
            }
        }
        /* Systematic: a few telling values at every byte of the smaller modules. */
        if (w->len <= 2048) {
            static const int vals[] = { 0x00, 0x7f, 0x80, 0xff, -1, -2 };
            for (size_t at = 8; at < w->len; at++)
                for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
                    memcpy(buf, w->bytes, w->len);
                    buf[at] = vals[v] == -1 ? (uint8_t)(buf[at] + 1)
                            : vals[v] == -2 ? (uint8_t)(buf[at] ^ 0x40) : (uint8_t)vals[v];
                    mw_result r = decode(buf, w->len, &e);
                    res[r & 15]++;
                    nflip++;
                    if (r == MW_ERR_NOMEM || r == MW_ERR_ARG) {
                        failures++;
                        printf("  mutation of %s at %zu: %s %s\n", w->path, at,
                               mw_result_name(r), e.msg);
                    }
                }
        }
        check_no_leak("mutation");
        /* Fail each allocation in turn. */
        trk.attempts = 0;
        decode(w->bytes, w->len, &e);
        unsigned long total = trk.attempts;
        for (unsigned long k = 0; k < total; k++) {
            trk.attempts = 0;
            trk.fail_at = (long)k;
            trk.failed = 0;
            mw_result r = decode(w->bytes, w->len, &e);
            nalloc++;
            /* A failure inside the name section is ignored by design. */
            if (r != MW_ERR_NOMEM && !(r == MW_OK && trk.failed)) {
                failures++;
                printf("  alloc failure %lu/%lu of %s: %s %s\n", k, total, w->path,
                       mw_result_name(r), e.msg);
            }
            check_no_leak("allocation failure");
        }
        trk.fail_at = -1;
    }
    free(buf);
    printf("robustness: %lu truncations, %lu mutations, %lu allocation failures; "
           "results ok %lu, malformed %lu, invalid %lu, limit %lu\n", ntrunc, nflip, nalloc,
           res[MW_OK], res[MW_ERR_MALFORMED], res[MW_ERR_INVALID], res[MW_ERR_LIMIT]);
}

/* Does the linked mwC_compile reject a body that is obviously ill-typed? */
static void detect_compile(void)
{
    static const uint8_t mod[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
        0x0a, 0x05, 0x01, 0x03, 0x00, 0x6a, 0x0b,             /* i32.add on an empty stack */
    };
    mw_error e;
    stub_calls = 0;
    mw_result r = decode(mod, sizeof mod, &e);
    real_compile = r != MW_OK && stub_calls == 0;
    check_no_leak("detect_compile");
}

/* The spec decodes everything before validating: a malformed body beats any validation
 * error, at module level or in an earlier body. Needs the real compiler. */
static void test_precedence(void)
{
    static const uint8_t export_bad[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
        0x07, 0x05, 0x01, 0x01, 'a', 0x00, 0x05,                 /* export of function 5 */
        0x0a, 0x05, 0x01, 0x03, 0x00, 0x27, 0x0b,                /* illegal opcode 0x27 */
    };
    static const uint8_t body_bad[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00,
        0x0a, 0x09, 0x02, 0x03, 0x00, 0x6a, 0x0b,                /* invalid: i32.add */
        0x03, 0x00, 0x27, 0x0b,                                  /* malformed */
    };
    mw_error e;
    mw_result want = real_compile ? MW_ERR_MALFORMED : MW_ERR_INVALID;
    CHECK(decode(export_bad, sizeof export_bad, &e) == want);
    CHECK(decode(body_bad, sizeof body_bad, &e) == (real_compile ? MW_ERR_MALFORMED : MW_OK));
    check_no_leak("test_precedence");
}

int main(int argc, char **argv)
{
    bool fuzz = true;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) verbose = true;
        if (strcmp(argv[i], "--no-fuzz") == 0) fuzz = false;
    }
    engine_init();
    test_reader();
    test_format();
    test_mem();
    test_api();
    test_cases();
    test_explore();
    detect_compile();
    test_precedence();
    printf("unit checks done: %d failures so far (compile: %s)\n", failures,
           real_compile ? "real" : "stub");

    const char *dir = find_json_dir(argc, argv);
    if (dir == NULL || !load_dir(dir)) {
        printf("SKIP spec part: no wast2json output found (pass a directory)\n");
    } else {
        printf("spec modules from %s: %zu files\n", dir, nfiles);
        spec_classes();
        if (fuzz)
            spec_fuzz();
    }
    if (trk.bad_sizes != 0) {
        printf("allocator: %lu frees/resizes with a wrong size\n", trk.bad_sizes);
        failures++;
    }
    for (size_t i = 0; i < nfiles; i++) {
        free(files[i].path);
        free(files[i].text);
        free(files[i].bytes);
    }
    free(files);
    printf("%s: %d failures\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
