/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wat_unit.c — unit tests of the text format reader: integer and float literals
 * (including round-to-nearest-even edge cases), string escapes, every error class with
 * its line:column, abbreviations and their exact encodings (expected bytes checked
 * against wabt's wat2wasm once, then fixed here), custom sections, module quote/binary.
 * A counting allocator checks that nothing leaks and that every free names its size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"
#include "minwasm_wat.h"

static int failures, checks;
static size_t live;

static void *ualloc(void *ud, void *p, size_t osize, size_t nsize)
{
    (void)ud;
    if (nsize == 0) {
        if (p != NULL) {
            size_t *h = (size_t *)p - 1;
            if (*h != osize) {
                printf("FAIL: free of %zu bytes named %zu\n", *h, osize);
                failures++;
            }
            live -= osize;
            free(h);
        }
        return NULL;
    }
    size_t *h = realloc(p ? (size_t *)p - 1 : NULL, nsize + sizeof(size_t));
    if (h == NULL)
        return NULL;
    live += nsize - (p ? osize : 0);
    *h = nsize;
    return h + 1;
}

#define CHECK(cond, ...) do { checks++; if (!(cond)) { failures++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static mwt_sx atom(const char *s)
{
    mwt_sx a;
    memset(&a, 0, sizeof a);
    a.kind = MWT_ATOM;
    a.line = 1;
    a.col = 1;
    a.text = s;
    a.len = strlen(s);
    return a;
}

static void int_ok(const char *s, unsigned bits, uint64_t want)
{
    mwt_sx a = atom(s);
    uint64_t v = 0;
    mwt_error e;
    mw_result r = mwt_parse_int(&a, bits, &v, &e);
    CHECK(r == MW_OK && v == want, "i%u %s: got r=%d v=0x%llx (%s), want 0x%llx", bits, s, r,
          (unsigned long long)v, r ? e.msg : "", (unsigned long long)want);
}

static void int_bad(const char *s, unsigned bits, const char *msg)
{
    mwt_sx a = atom(s);
    uint64_t v = 0;
    mwt_error e;
    mw_result r = mwt_parse_int(&a, bits, &v, &e);
    CHECK(r != MW_OK && strstr(e.msg, msg) != NULL, "i%u %s: want error '%s', got r=%d '%s'", bits,
          s, msg, r, r ? e.msg : "");
}

static void f32_ok(const char *s, uint32_t want)
{
    mwt_sx a = atom(s);
    uint32_t v = 0;
    mwt_error e;
    mw_result r = mwt_parse_f32(&a, &v, &e);
    CHECK(r == MW_OK && v == want, "f32 %s: got r=%d 0x%08x (%s), want 0x%08x", s, r, v,
          r ? e.msg : "", want);
}

static void f64_ok(const char *s, uint64_t want)
{
    mwt_sx a = atom(s);
    uint64_t v = 0;
    mwt_error e;
    mw_result r = mwt_parse_f64(&a, &v, &e);
    CHECK(r == MW_OK && v == want, "f64 %s: got r=%d 0x%016llx (%s), want 0x%016llx", s, r,
          (unsigned long long)v, r ? e.msg : "", (unsigned long long)want);
}

static void float_bad(const char *s, int bits, const char *msg)
{
    mwt_sx a = atom(s);
    uint64_t v = 0;
    uint32_t v32;
    mwt_error e;
    mw_result r = bits == 32 ? mwt_parse_f32(&a, &v32, &e) : mwt_parse_f64(&a, &v, &e);
    CHECK(r != MW_OK && strstr(e.msg, msg) != NULL, "f%d %s: want error '%s', got r=%d '%s'",
          bits, s, msg, r, r ? e.msg : "");
}

static void test_literals(void)
{
    int_ok("0", 32, 0);
    int_ok("4294967295", 32, 0xFFFFFFFF);
    int_ok("0xffff_ffff", 32, 0xFFFFFFFF);
    int_ok("-0x8000_0000", 32, 0x80000000);
    int_ok("-1", 32, 0xFFFFFFFF);
    int_ok("+7", 8, 7);
    int_ok("-128", 8, 0x80);
    int_ok("255", 8, 0xFF);
    int_ok("1_000_000", 64, 1000000);
    int_ok("0x7fffffffffffffff", 64, 0x7FFFFFFFFFFFFFFFull);
    int_ok("18446744073709551615", 64, UINT64_MAX);
    int_ok("-9223372036854775808", 64, 0x8000000000000000ull);
    int_bad("4294967296", 32, "constant out of range");
    int_bad("-0x8000_0001", 32, "constant out of range");
    int_bad("256", 8, "constant out of range");
    int_bad("-129", 8, "constant out of range");
    int_bad("18446744073709551616", 64, "constant out of range");
    int_bad("-9223372036854775809", 64, "constant out of range");
    int_bad("1__0", 32, "malformed");
    int_bad("_1", 32, "expected");
    int_bad("1_", 32, "malformed");
    int_bad("0x", 32, "malformed");
    int_bad("0x_1", 32, "malformed");
    int_bad("1a", 32, "malformed");
    int_bad("nan", 32, "expected");

    f32_ok("0", 0);
    f32_ok("-0", 0x80000000);
    f32_ok("1", 0x3F800000);
    f32_ok("+0x1p0", 0x3F800000);
    f32_ok("0x1.8p1", 0x40400000);
    f32_ok("0.1", 0x3DCCCCCD);
    f32_ok("1e10", 0x501502F9);
    f32_ok("inf", 0x7F800000);
    f32_ok("-inf", 0xFF800000);
    f32_ok("nan", 0x7FC00000);
    f32_ok("-nan", 0xFFC00000);
    f32_ok("nan:0x1", 0x7F800001);
    f32_ok("-nan:0x7f_ffff", 0xFFFFFFFF);
    f32_ok("0x1p-149", 0x00000001);          /* smallest subnormal */
    f32_ok("0x1p-150", 0x00000000);          /* exactly half of it: ties to even (0) */
    f32_ok("0x1.000002p-150", 0x00000001);   /* just above half */
    f32_ok("0x1.8p-149", 0x00000002);        /* 1.5 ulp: ties to even (2) */
    f32_ok("0x1.fffffep-127", 0x00800000);   /* rounds up into the smallest normal */
    f32_ok("0x1.fffffep127", 0x7F7FFFFF);    /* largest finite */
    f32_ok("0x1.fffffefffffffffffffp127", 0x7F7FFFFF);   /* below the halfway point */
    f32_ok("3.4028234663852886e38", 0x7F7FFFFF);
    f32_ok("1e-45", 0x00000001);
    f32_ok("7e-46", 0x00000000);             /* below half the smallest subnormal */
    f32_ok("0x1.000001p0", 0x3F800000);      /* halfway: ties to even (down) */
    f32_ok("0x1.000003p0", 0x3F800002);      /* halfway: ties to even (up) */
    f32_ok("0x1.00000100000000000000000000001p0", 0x3F800001);   /* sticky bit far below */
    f32_ok("1.000000059604644775390625", 0x3F800000);   /* 1 + 2^-24 exactly: even */
    f32_ok("1.000000059604644775390626", 0x3F800001);   /* a hair above */
    f32_ok("1.00000005960464477539062499999999999999999999999999", 0x3F800000);
    float_bad("0x1p128", 32, "constant out of range");
    float_bad("0x1.ffffffp127", 32, "constant out of range");   /* halfway to 2^128 */
    float_bad("3.4028236e38", 32, "constant out of range");
    float_bad("1e39", 32, "constant out of range");
    float_bad("nan:0x0", 32, "constant out of range");
    float_bad("nan:0x80_0000", 32, "constant out of range");
    float_bad("1.e", 32, "malformed");
    float_bad(".5", 32, "expected");
    float_bad("1._5", 32, "malformed");
    float_bad("0x1p", 32, "malformed");
    float_bad("1e1_", 32, "malformed");
    float_bad("infinity", 32, "expected");

    f64_ok("0.1", 0x3FB999999999999Aull);
    f64_ok("1e308", 0x7FE1CCF385EBC8A0ull);
    f64_ok("1.7976931348623157e308", 0x7FEFFFFFFFFFFFFFull);
    f64_ok("4.9e-324", 0x0000000000000001ull);
    f64_ok("2.2250738585072011e-308", 0x000FFFFFFFFFFFFFull);
    f64_ok("2.2250738585072014e-308", 0x0010000000000000ull);
    f64_ok("2.4703282292062327e-324", 0);           /* just below half the smallest */
    f64_ok("2.4703282292062328e-324", 1);           /* just above it */
    f64_ok("0x1p-1074", 1);
    f64_ok("0x1p-1075", 0);                         /* exactly half: ties to even */
    f64_ok("0x1.0000000000001p-1075", 1);
    f64_ok("9007199254740993", 0x4340000000000000ull);   /* 2^53 + 1: ties to even (down) */
    f64_ok("9007199254740995", 0x4340000000000002ull);   /* 2^53 + 3: ties to even (up) */
    f64_ok("9007199254740993.0000000000000000000000000001", 0x4340000000000001ull);
    f64_ok("0x1.fffffffffffff7ffffffffffffp1023", 0x7FEFFFFFFFFFFFFFull);
    f64_ok("1_000.000_1", 0x408F4000346DC5D6ull);
    f64_ok("123456789e-5", 0x40934A4584F4C6E7ull);
    f64_ok("0.000000000000000000000000000000000000000000000000000000000000000001e+64", 0x3F847AE147AE147Bull);
    f64_ok("nan:0xf_ffff_ffff_ffff", 0x7FFFFFFFFFFFFFFFull);
    float_bad("0x1.fffffffffffff8p1023", 64, "constant out of range");
    float_bad("1e309", 64, "constant out of range");
    float_bad("nan:0x10_0000_0000_0000", 64, "constant out of range");
    f64_ok("1e-400", 0);
    f64_ok("-1e-100000000", 0x8000000000000000ull);
    float_bad("1e100000000", 64, "constant out of range");
}

/* ---------------------------------------------------------------- text to binary */

static int hexval(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

static void enc_ok(const char *text, const char *hex)
{
    uint8_t *bin = NULL;
    size_t len = 0;
    mwt_error e;
    mw_result r = mwt_wat_to_wasm(ualloc, NULL, text, strlen(text), &bin, &len, &e);
    size_t hl = strlen(hex) / 2;
    int same = r == MW_OK && len == hl;
    for (size_t i = 0; same && i < hl; i++)
        same = bin[i] == (uint8_t)(hexval(hex[2 * i]) * 16 + hexval(hex[2 * i + 1]));
    if (!same) {
        printf("  got  ");
        for (size_t i = 0; i < len; i++)
            printf("%02x", bin[i]);
        printf("\n  want %s\n", hex);
    }
    CHECK(same, "encode %s: r=%d %u:%u %s", text, r, e.line, e.col, r ? e.msg : "");
    if (bin != NULL)
        ualloc(NULL, bin, len, 0);
}

/* Two texts give the same binary. */
static void enc_same(const char *a, const char *b)
{
    uint8_t *x = NULL, *y = NULL;
    size_t lx = 0, ly = 0;
    mwt_error e1, e2;
    mw_result r1 = mwt_wat_to_wasm(ualloc, NULL, a, strlen(a), &x, &lx, &e1);
    mw_result r2 = mwt_wat_to_wasm(ualloc, NULL, b, strlen(b), &y, &ly, &e2);
    CHECK(r1 == MW_OK && r2 == MW_OK && lx == ly && memcmp(x, y, lx) == 0,
          "same encoding:\n  %s\n  %s\n  (%s / %s)", a, b, r1 ? e1.msg : "", r2 ? e2.msg : "");
    if (x) ualloc(NULL, x, lx, 0);
    if (y) ualloc(NULL, y, ly, 0);
}

static void enc_bad(const char *text, unsigned line, unsigned col, const char *msg)
{
    uint8_t *bin = NULL;
    size_t len = 0;
    mwt_error e;
    mw_result r = mwt_wat_to_wasm(ualloc, NULL, text, strlen(text), &bin, &len, &e);
    CHECK(r != MW_OK && e.line == line && e.col == col && strstr(e.msg, msg) != NULL,
          "error for %s: want %u:%u '%s', got r=%d %u:%u '%s'", text, line, col, msg, r, e.line,
          e.col, r ? e.msg : "");
    if (bin != NULL)
        ualloc(NULL, bin, len, 0);
}

static void test_encoding(void)
{
    enc_ok("(module (func (export \"f\") (result i32) (i32.const 42)))",
           "0061736d010000000105016000017f03020100070501016600000a06010400412a0b");
    enc_ok("(module (func (import \"m\" \"f\") (param i32)) (func (param $x i32) (local $y i64) "
           "(local f32 f32) (local.set $y (i64.const -1))))",
           "0061736d0100000001050160017f00020701016d01660000030201000a0c010a02017e027d427f21010b");
    /* Implicit types come after the explicit ones, in order of first use. */
    enc_ok("(module (func (param i32)) (func (result i32) (i32.const 0)) (type (func)))",
           "0061736d01000000010c0360000060017f006000017f03030201020a090202000b040041000b");
    enc_ok("(module (memory (export \"m\") (data \"ab\")) (table funcref (elem $f $f)) (func $f))",
           "0061736d010000000104016000000302010004050170010202050401010101070501016d020009080100"
           "41000b0200000a040102000b0b08010041000b026162");
    enc_ok("(module (global $g (mut f64) (f64.const -0x1.8p1)) (func (block $b (result i32) "
           "(br_if $b (i32.const 1) (i32.const 0))) drop) (start 0))",
           "0061736d0100000001040160000003020100060d017c014400000000000008c00b0801000a0e010c0002"
           "7f410141000d000b1a0b");
    /* memory.init / data.drop need the data count section. */
    enc_ok("(module (memory 1) (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0)) "
           "(data.drop 0) (i32.store16 offset=3 align=1 (i32.const 0) (i32.const 7))) (data \"x\"))",
           "0061736d010000000104016000000302010005030100010c01010a18011600410041004100fc080000fc"
           "0900410041073b00030b0b0401010178");
    /* Bare module fields, comments, annotations. */
    enc_same("(module (func))", "(func) ;; comment\n(; block (; nested ;) comment ;)(@a b (c) \"d\")");
    /* ;; ends at a lone carriage return too (comments.wast). */
    enc_same("(module (func (result i32) ;; c\r (i32.const 2)))",
             "(module (func (result i32) (i32.const 2)))");
    enc_same("(module (func (i32.add (i32.const 1) (i32.const 2)) drop))",
             "(module (func i32.const 1 i32.const 2 i32.add drop))");
    enc_same("(module (func (if (i32.const 1) (then nop) (else unreachable))))",
             "(module (func i32.const 1 if nop else unreachable end))");
    enc_same("(module (func $f (param $a i32) (local $b i32) (local.get $b) (local.get $a) drop drop "
             "(call $f (i32.const 0))))",
             "(module (func (param i32) (local i32) local.get 1 local.get 0 drop drop i32.const 0 call 0))");
    enc_same("(module (type $t (func (param i32))) (func (type $t) (param i32)))",
             "(module (type (func (param i32))) (func (type 0)))");
    enc_same("(module (func (block $a (block $b (br $a)))))",
             "(module (func block $a block $b br 1 end $b end $a))");
    enc_same("(module quote \"(func\" \")\")", "(module (func))");
    enc_same("(module binary \"\\00asm\\01\\00\\00\\00\")", "(module)");
    enc_same("(module (func $\"a b\") (export \"x\" (func $\"a b\")))",
             "(module (func $a) (export \"x\" (func $a)))");
    enc_same("(module (global $x i32 (i32.const 0)) (global (mut i64) (i64.const 0)))",
             "(module (global i32 (i32.const 0)) (global (mut i64) (i64.const 0)))");
    enc_same("(module (func (v128.const i32x4 1 2 3 0xffffffff) drop))",
             "(module (func (v128.const i8x16 1 0 0 0 2 0 0 0 3 0 0 0 255 255 255 255) drop))");
    /* 3.0 syntax: GC types, typed references, exceptions, tail calls, memory64. */
    enc_ok("(module (rec (type $s (struct (field $x (mut i32)) (field i8))) (type $a (sub (array (ref null $s))))))",
           "0061736d01000000010f014e025f027f01780050005e630000");
    enc_ok("(module (memory i64 1 2))", "0061736d01000000050401050102");
    enc_ok("(module (tag $e (param i32)) (func (try_table (catch $e 0) (throw $e (i32.const 1)))))",
           "0061736d0100000001080260017f00600000030201010d030100000a0f010d001f4001000000410108000b0b");
    /* Custom sections and their placement. */
    enc_ok("(module (@custom \"c\" (before first) \"x\") (func) (@custom \"d\" (after func) \"y\"))",
           "0061736d0100000000030163780104016000000302010000030164790a040102000b");
}

static void test_strings(void)
{
    const char *t = "(data \"\\t\\n\\r\\\"\\'\\\\\\41\\u{41}\\u{10FFFF}\\u{e9}\")";
    mwt_doc *d = NULL;
    mwt_error e;
    mw_result r = mwt_doc_parse(ualloc, NULL, t, strlen(t), &d, &e);
    CHECK(r == MW_OK && mwt_doc_count(d) == 1, "string doc: %s", r ? e.msg : "");
    if (r == MW_OK) {
        const mwt_sx *s = mwt_doc_item(d, 0)->items[1];
        static const uint8_t want[] = { 9, 10, 13, '"', '\'', '\\', 0x41, 0x41, 0xF4, 0x8F, 0xBF, 0xBF, 0xC3, 0xA9 };
        CHECK(s->kind == MWT_STRING && s->len == sizeof want && memcmp(s->text, want, sizeof want) == 0,
              "escapes decode");
        mwt_doc_free(d);
    }
    /* Top-level count and positions. */
    t = "(a)\n  (b \"x\" $y)";
    r = mwt_doc_parse(ualloc, NULL, t, strlen(t), &d, &e);
    CHECK(r == MW_OK && mwt_doc_count(d) == 2 && mwt_doc_item(d, 1)->line == 2 &&
          mwt_doc_item(d, 1)->col == 3 && mwt_doc_item(d, 1)->items[2]->col == 10, "positions");
    if (r == MW_OK)
        mwt_doc_free(d);
}

static void test_errors(void)
{
    enc_bad("(module\n  (func (i32.const 0x1_0000_0000)))", 2, 20, "constant out of range");
    enc_bad("(module (func (i32.const 0x)))", 1, 26, "malformed");
    enc_bad("(module (func (i32.foo)))", 1, 16, "unknown operator");
    enc_bad("(module (func (br $l)))", 1, 19, "unknown label");
    enc_bad("(module (func block $a end $b))", 1, 28, "mismatching label");
    enc_bad("(module (func $f) (func $f))", 1, 25, "duplicate func");
    enc_bad("(module (func (param $x i32) (local $x i32)))", 1, 37, "duplicate local");
    enc_bad("(module (func (local.get $y)))", 1, 26, "unknown local");
    enc_bad("(module (func (call $g)))", 1, 21, "unknown function");
    enc_bad("(module (type $t (func)) (func (type $t) (param i32)))", 1, 32, "inline function type");
    enc_bad("(module (func) (import \"m\" \"n\" (func)))", 1, 16, "import after func");
    enc_bad("(module (memory 1) (func (i32.load align=3 (i32.const 0)) drop))", 1, 36, "alignment");
    enc_bad("(module (start 0) (start 0) (func))", 1, 19, "multiple start sections");
    enc_bad("(module (func (block (param $x i32) drop)))", 1, 29, "unexpected token");
    enc_bad("(module (func))\n(; unclosed", 2, 1, "unclosed comment");
    enc_bad("(module (data \"abc))", 1, 15, "unclosed string");
    enc_bad("(module (data \"\\u{d800}\"))", 1, 16, "illegal escape");
    enc_bad("(module (data \"\\q\"))", 1, 16, "illegal escape");
    enc_bad("(module (func (export \"\\ff\")))", 1, 23, "malformed UTF-8");
    enc_bad("(module \x80)", 1, 9, "malformed UTF-8");
    enc_bad("(module (func)", 1, 1, "unclosed parenthesis");
    enc_bad("(module (func)))", 1, 16, "unbalanced");
    enc_bad("(module (data \"a\"\"b\"))", 1, 18, "no space");
    enc_bad("(module (func (v128.const i32x4 1 2 3) drop))", 1, 16, "wrong number of lane literals");
    enc_bad("(module (func (@custom \"x\")))", 1, 15, "misplaced @custom");
    enc_bad("(module (@custom 4))", 1, 9, "missing section name");
    enc_bad("(module (@ x))", 1, 9, "empty annotation id");
    enc_bad("(module (func $))", 1, 15, "empty identifier");
    enc_bad("(module (memory 1 (pagesize 3)))", 1, 19, "invalid custom page size");
    /* Nesting beyond the limit: a clear error, not a stack overflow. */
    size_t n = 3000;
    char *deep = malloc(2 * n + 40);
    strcpy(deep, "(module (func ");
    size_t at = strlen(deep);
    for (size_t i = 0; i < n; i++) deep[at++] = '(';
    for (size_t i = 0; i < n; i++) deep[at++] = ')';
    strcpy(deep + at, "))");
    enc_bad(deep, 1, 1013, "nesting too deep");
    free(deep);
}

/* The embedder's entry point: text, binary, and a text error as "line:col: msg". */
static void test_module_new_text(void)
{
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = ualloc;
    mw_engine *eng = NULL;
    mw_error err;
    CHECK(mw_engine_new(&cfg, &eng, &err) == MW_OK, "engine");
    if (eng == NULL)
        return;
    mw_module *m = NULL;
    const char *t = "(module (func (export \"f\") (result i32) (i32.const 7)))";
    CHECK(mw_module_new_text(eng, t, strlen(t), &m, &err) == MW_OK, "text module: %s", err.msg);
    if (m != NULL)
        mw_module_delete(m);
    m = NULL;
    static const char bin[] = "\0asm\1\0\0\0";
    CHECK(mw_module_new_text(eng, bin, 8, &m, &err) == MW_OK, "binary module: %s", err.msg);
    if (m != NULL)
        mw_module_delete(m);
    m = NULL;
    t = "(module\n (func (i32.const 1_)))";
    mw_result r = mw_module_new_text(eng, t, strlen(t), &m, &err);
    CHECK(r == MW_ERR_MALFORMED && strncmp(err.msg, "2:19: ", 6) == 0, "text error: %d '%s'", r, err.msg);
    /* The error is reported into whatever the caller's mw_error held before. */
    memset(&err, 0xAB, sizeof err);
    t = "(module (func))\n)";
    r = mw_module_new_text(eng, t, strlen(t), &m, &err);
    CHECK(r == MW_ERR_MALFORMED && err.code == MW_ERR_MALFORMED && strncmp(err.msg, "2:1: ", 5) == 0,
          "text error into a used mw_error: %d %d", r, (int)err.code);
    t = "(module (func (result i32)))";   /* well-formed, invalid: the core says so */
    r = mw_module_new_text(eng, t, strlen(t), &m, &err);
    CHECK(r == MW_ERR_INVALID, "invalid text module: %d '%s'", r, err.msg);
    mw_engine_delete(eng);
}

int main(void)
{
    test_module_new_text();
    test_literals();
    test_strings();
    test_encoding();
    test_errors();
    CHECK(live == 0, "leaked %zu bytes", live);
    printf("wat-unit: %d checks, %d failed\n", checks, failures);
    return failures != 0;
}
