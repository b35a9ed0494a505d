/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_cwasm_header.c — mw_module_deserialize refuses damaged and foreign .cwasm files
 * with an error, never MW_OK and never a crash. Run by tests/aot/aot.sh (also under
 * AddressSanitizer + UBSan):
 *
 *   test_cwasm_header FILE.cwasm [OTHER.cwasm]
 *
 * FILE.cwasm must be a valid file `minwasm compile` wrote for this core; OTHER.cwasm,
 * when given, one compiled for the other memory configuration (--memory guard|bounds),
 * which must be refused as made for another core. Checked:
 *   - the file itself loads and runs natively (mw_module_is_native)
 *   - every truncation (each length up to 4096, coarser beyond, and the last 64)
 *   - every single-bit flip in the 64-byte header
 *   - 3000 random corruptions (1 to 4 bytes, fixed seed) anywhere in the file
 *   - a wrong format version, target, native interface (ABI) and configuration with the
 *     header checksum recomputed, so that the check itself is reached: each refused as
 *     unsupported with a message naming what is wrong
 *   - payload damage with the header checksum recomputed (the payload checksum catches
 *     it), damage to the embedded module with both checksums recomputed (the module
 *     hash), inconsistent lengths and an out-of-range relocation
 * Every buffer is allocated at its exact size, so that a sanitizer sees any overread.
 * The layout is src/cwasm_format.h's. Exits 1 on any failure.
 */
#include "minwasm.h"
#include "cwasm_format.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, passes;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int check(int ok, const char *fmt, ...)
{
    if (ok) {
        passes++;
        return 1;
    }
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    failures++;
    return 0;
}

static void *alloc_fn(void *ud, void *ptr, size_t osize, size_t nsize)
{
    (void)ud;
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, nsize);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *b = malloc(cap);
    for (size_t got; b && (got = fread(b + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(b, cap *= 2);
            if (!nb) { free(b); b = NULL; }
            else b = nb;
        }
    }
    fclose(f);
    *len = n;
    return b;
}

static mw_engine *engine;
static const uint8_t *orig;
static size_t orig_len;

/* A copy of the file in a buffer of exactly n bytes (n may be below the file's size). */
static uint8_t *copy(size_t n)
{
    uint8_t *b = malloc(n ? n : 1);
    if (!b) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memcpy(b, orig, n < orig_len ? n : orig_len);
    if (n > orig_len) memset(b + orig_len, 0, n - orig_len);
    return b;
}

static void wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static void wr64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static void fix_header_hash(uint8_t *b) { wr64(b + 56, mwH_fnv1a(b, 56)); }

static void fix_payload_hash(uint8_t *b, size_t len)
{
    wr64(b + 48, mwH_fnv1a(b + MWH_HEADER, len - MWH_HEADER));
}

/* b[0..n) must be refused: an error code other than MW_OK, the same in err, a message,
 * no module. Returns the error (code MW_OK when it was wrongly accepted). Frees b. */
static mw_error refuse(uint8_t *b, size_t n, const char *what)
{
    mw_module *m = (mw_module *)(uintptr_t)1;
    mw_error err;
    memset(&err, 0x5a, sizeof err);
    mw_result r = mw_module_deserialize(engine, b, n, &m, &err);
    if (r == MW_OK) {
        check(0, "%s: accepted", what);
        mw_module_delete(m);
        err.code = MW_OK;
        err.msg[0] = 0;
    } else {
        check(err.code == r, "%s: returned %d, err.code %d", what, r, err.code);
        check(m == NULL, "%s: refused, but the module pointer was not cleared", what);
        check(memchr(err.msg, 0, sizeof err.msg) != NULL && err.msg[0] != 0,
              "%s: no NUL-terminated message", what);
        err.msg[sizeof err.msg - 1] = 0;
    }
    free(b);
    return err;
}

/* Refused with code `code` and every string of want[] in the message. */
static void refuse_with(uint8_t *b, size_t n, const char *what, mw_result code, const char *const *want)
{
    mw_error err = refuse(b, n, what);
    if (err.code == MW_OK) return;
    check(err.code == code, "%s: %s (%s), want %s", what, mw_result_name(err.code), err.msg,
          mw_result_name(code));
    for (; *want; want++)
        check(strstr(err.msg, *want) != NULL, "%s: message '%s' does not mention '%s'", what, err.msg,
              *want);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *target_name(uint32_t t)
{
    switch (t) {
    case MWH_TARGET_X86_64: return "x86_64";
    case MWH_TARGET_AARCH64: return "aarch64";
    case MWH_TARGET_RISCV64: return "riscv64";
    default: return "unknown target";
    }
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s FILE.cwasm [OTHER-CONFIG.cwasm]\n", argv[0]);
        return 2;
    }
    size_t len = 0;
    uint8_t *file = read_file(argv[1], &len);
    if (!file || len < MWH_HEADER) {
        fprintf(stderr, "cannot read %s (or shorter than a header)\n", argv[1]);
        return 2;
    }
    orig = file;
    orig_len = len;
    mw_engine_config cfg = { 0 };
    cfg.alloc = alloc_fn;
    mw_error err;
    if (mw_engine_new(&cfg, &engine, &err) != MW_OK) {
        fprintf(stderr, "engine: %s\n", err.msg);
        return 2;
    }
    const uint32_t version = mwH_rd32(orig + 8), target = mwH_rd32(orig + 12);
    const uint32_t config = mwH_rd32(orig + 16), abi = mwH_rd32(orig + 20);
    const uint32_t wasm_len = mwH_rd32(orig + 32), img_len = mwH_rd32(orig + 36);
    const uint32_t nrel = mwH_rd32(orig + 40), entry = mwH_rd32(orig + 44);
    const size_t off_rel = MWH_HEADER + mwH_pad8(wasm_len);
    const size_t off_img = off_rel + mwH_pad8((size_t)nrel * 4);
    printf("%s: %zu bytes: version %u, target %s, config %u, ABI %u, module %u bytes, "
           "%u relocations, image %u bytes, entry %u\n", argv[1], len, version, target_name(target),
           config, abi, wasm_len, nrel, img_len, entry);

    /* ---- the file as it is */
    {
        uint8_t *b = copy(len);
        mw_module *m = NULL;
        mw_result r = mw_module_deserialize(engine, b, len, &m, &err);
        free(b);
        if (!check(r == MW_OK, "the unmodified file is refused: %s", err.msg)) {
            printf("test_cwasm_header: %d checks passed, %d failed\n", passes, failures);
            return 1;
        }
        check(mw_module_is_native(m), "the unmodified file does not run natively");
        mw_module_delete(m);
    }
    check(target == MWH_TARGET_HOST, "the file's target is %u, this machine's %u", target, MWH_TARGET_HOST);
    check(off_img + img_len == len, "the file's lengths do not add up (test assumption)");

    /* ---- arguments */
    {
        mw_module *m = NULL;
        check(mw_module_deserialize(engine, NULL, 0, &m, &err) != MW_OK && m == NULL, "NULL, 0 accepted");
        check(mw_module_deserialize(engine, orig, len, NULL, &err) == MW_ERR_ARG, "NULL output accepted");
        check(mw_module_deserialize(NULL, orig, len, &m, &err) == MW_ERR_ARG && m == NULL,
              "NULL engine accepted");
    }

    /* ---- truncations */
    int ntrunc = 0;
    for (size_t n = 0; n < len; n = n < 4096 ? n + 1 : n + 61) {
        char what[64];
        snprintf(what, sizeof what, "truncated to %zu bytes", n);
        refuse(copy(n), n, what);
        ntrunc++;
    }
    for (size_t n = len > 64 ? len - 64 : 0; n < len; n++) {
        char what[64];
        snprintf(what, sizeof what, "truncated to %zu bytes", n);
        refuse(copy(n), n, what);
        ntrunc++;
    }
    /* ... and extended by one byte */
    refuse(copy(len + 1), len + 1, "one byte appended");

    /* ---- every bit of the header */
    for (size_t bit = 0; bit < 8 * MWH_HEADER; bit++) {
        uint8_t *b = copy(len);
        b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        char what[64];
        snprintf(what, sizeof what, "header bit %zu flipped", bit);
        refuse(b, len, what);
    }

    /* ---- random damage anywhere */
    int nrand = 3000;
    for (int i = 0; i < nrand; i++) {
        uint8_t *b = copy(len);
        int k = 1 + (int)(next_rand() % 4);
        char what[128];
        int w = snprintf(what, sizeof what, "random damage #%d at", i);
        for (int j = 0; j < k; j++) {
            size_t at = (size_t)(next_rand() % len);
            uint8_t x = (uint8_t)(1 + next_rand() % 255);
            b[at] ^= x;
            if (w > 0 && (size_t)w < sizeof what)
                w += snprintf(what + w, sizeof what - (size_t)w, " %zu^%02x", at, x);
        }
        if (memcmp(b, orig, len) == 0) {   /* two changes cancelled out */
            free(b);
            continue;
        }
        refuse(b, len, what);
    }

    /* ---- foreign files: the field rewritten, the header checksum recomputed */
    const uint32_t targets[] = { 0, MWH_TARGET_X86_64, MWH_TARGET_AARCH64, MWH_TARGET_RISCV64, 4, 0xffffffffu };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        if (targets[i] == target) continue;
        uint8_t *b = copy(len);
        wr32(b + 12, targets[i]);
        fix_header_hash(b);
        char what[64];
        snprintf(what, sizeof what, "target %u", targets[i]);
        const char *want[] = { target_name(targets[i]), target_name(MWH_TARGET_HOST), NULL };
        refuse_with(b, len, what, MW_ERR_UNSUPPORTED, want);
    }
    const uint32_t versions[] = { 0, MWH_VERSION + 1, 0xffffffffu };
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        uint8_t *b = copy(len);
        wr32(b + 8, versions[i]);
        fix_header_hash(b);
        char what[64], v[16];
        snprintf(what, sizeof what, "format version %u", versions[i]);
        snprintf(v, sizeof v, "%u", versions[i]);
        const char *want[] = { "version", v, NULL };
        refuse_with(b, len, what, MW_ERR_UNSUPPORTED, want);
    }
    const uint32_t abis[] = { 0, abi + 1, 0xffffffffu };
    for (size_t i = 0; i < sizeof abis / sizeof abis[0]; i++) {
        uint8_t *b = copy(len);
        wr32(b + 20, abis[i]);
        fix_header_hash(b);
        char what[64];
        snprintf(what, sizeof what, "ABI version %u", abis[i]);
        const char *want[] = { "native interface", NULL };
        refuse_with(b, len, what, MW_ERR_UNSUPPORTED, want);
    }
    /* configurations: bit 0 bounds checks, bit 1 SIMD (MWA_CFG_*, src/aot_abi.h) */
    const char *cfg_names[4] = { "guard pages, no SIMD", "bounds checks, no SIMD", "guard pages",
                                 "bounds checks" };
    const uint32_t configs[] = { 0, 1, 2, 3, 4, 0x80000003u };
    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++) {
        if (configs[i] == config) continue;
        uint8_t *b = copy(len);
        wr32(b + 16, configs[i]);
        fix_header_hash(b);
        char what[64];
        snprintf(what, sizeof what, "configuration %u", configs[i]);
        const char *want[] = { "core with", configs[i] < 4 ? cfg_names[configs[i]] : "unknown configuration",
                               config < 4 ? cfg_names[config] : "?", NULL };
        refuse_with(b, len, what, MW_ERR_UNSUPPORTED, want);
    }
    {   /* the magic (checked before the checksum) and the header checksum itself */
        uint8_t *b = copy(len);
        b[1] = 'M';
        fix_header_hash(b);
        const char *want[] = { "magic", NULL };
        refuse_with(b, len, "bad magic", MW_ERR_MALFORMED, want);
        b = copy(len);
        b[60] ^= 0x40;
        const char *want2[] = { "header", "checksum", NULL };
        refuse_with(b, len, "header checksum", MW_ERR_MALFORMED, want2);
    }

    /* ---- the payload damaged, the header checksum recomputed */
    const size_t spots[] = { MWH_HEADER, MWH_HEADER + wasm_len / 2, MWH_HEADER + wasm_len - 1, off_rel,
                             off_img, off_img + entry, off_img + img_len / 2, len - 1 };
    for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++) {
        if (spots[i] < MWH_HEADER || spots[i] >= len) continue;
        uint8_t *b = copy(len);
        b[spots[i]] ^= 0x01;
        fix_header_hash(b);
        char what[64];
        snprintf(what, sizeof what, "payload byte %zu changed", spots[i]);
        const char *want[] = { "payload checksum", NULL };
        refuse_with(b, len, what, MW_ERR_MALFORMED, want);
    }
    /* the embedded module damaged, both checksums recomputed: the module hash */
    for (size_t at = MWH_HEADER; at < MWH_HEADER + wasm_len; at += wasm_len / 5 + 1) {
        uint8_t *b = copy(len);
        b[at] ^= 0x20;
        fix_payload_hash(b, len);
        fix_header_hash(b);
        char what[64];
        snprintf(what, sizeof what, "module byte %zu changed, checksums fixed", at);
        const char *want[] = { "module hash", NULL };
        refuse_with(b, len, what, MW_ERR_MALFORMED, want);
    }
    /* lengths that do not add up to the file, the header checksum recomputed */
    struct { size_t off; uint32_t val; const char *name; } lens[] = {
        { 32, wasm_len + 8, "module length + 8" },
        { 32, wasm_len + 0x10000, "module length + 64 KiB" },
        { 32, 0xfffffff8u, "module length 2^32 - 8" },
        { 36, img_len - 1, "image length - 1" },
        { 36, img_len + 1, "image length + 1" },
        { 36, 0, "image length 0" },
        { 36, 0xffffffffu, "image length 2^32 - 1" },
        { 40, nrel + 2, "relocation count + 2" },
        { 40, 0xffffffffu, "relocation count 2^32 - 1" },
        { 44, img_len, "entry at the image's end" },
        { 44, 0xffffffffu, "entry 2^32 - 1" },
    };
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        uint8_t *b = copy(len);
        wr32(b + lens[i].off, lens[i].val);
        fix_header_hash(b);
        const char *want[] = { "corrupted", NULL };
        refuse_with(b, len, lens[i].name, MW_ERR_MALFORMED, want);
    }
    /* a relocation outside the image, both checksums recomputed; files without
     * relocations (the usual case) get a forged table of two */
    {
        const uint32_t bad[] = { img_len - 7, img_len, 0xfffffffcu };
        for (size_t i = 0; i < 3; i++) {
            size_t n = len - mwH_pad8((size_t)nrel * 4) + 8;
            uint8_t *b = malloc(n);
            if (!b) return 2;
            memcpy(b, orig, off_rel);
            wr32(b + off_rel, 0);
            wr32(b + off_rel + 4, bad[i]);
            memcpy(b + off_rel + 8, orig + off_img, img_len);
            wr32(b + 40, 2);
            fix_payload_hash(b, n);
            fix_header_hash(b);
            char what[64];
            snprintf(what, sizeof what, "forged relocations {0, %u}", bad[i]);
            const char *want[] = { "relocation 1", NULL };
            refuse_with(b, n, what, MW_ERR_MALFORMED, want);
        }
    }
    if (nrel > 0) {
        const uint32_t bad[] = { img_len - 7, img_len, 0xfffffffcu };
        for (size_t i = 0; i < 3; i++) {
            uint8_t *b = copy(len);
            wr32(b + off_rel + 4 * (size_t)(nrel - 1), bad[i]);
            fix_payload_hash(b, len);
            fix_header_hash(b);
            char what[64];
            snprintf(what, sizeof what, "last relocation at %u", bad[i]);
            const char *want[] = { "relocation", NULL };
            refuse_with(b, len, what, MW_ERR_MALFORMED, want);
        }
    }

    /* ---- a real file for the other memory configuration */
    if (argc == 3) {
        size_t olen = 0;
        uint8_t *other = read_file(argv[2], &olen);
        if (check(other != NULL, "cannot read %s", argv[2])) {
            uint8_t *b = malloc(olen ? olen : 1);
            if (!b) return 2;
            memcpy(b, other, olen);
            const char *want[] = { "core with", NULL };
            refuse_with(b, olen, argv[2], MW_ERR_UNSUPPORTED, want);
            free(other);
        }
    }

    /* ---- still loads after all that */
    {
        uint8_t *b = copy(len);
        mw_module *m = NULL;
        check(mw_module_deserialize(engine, b, len, &m, &err) == MW_OK && mw_module_is_native(m),
              "the unmodified file no longer loads: %s", err.msg);
        if (m) mw_module_delete(m);
        free(b);
    }
    mw_engine_delete(engine);
    free(file);
    printf("test_cwasm_header: %d truncations, %d header bits, %d random corruptions, foreign and "
           "forged headers; %d checks passed, %d failed\n", ntrunc, 8 * MWH_HEADER, nrand, passes, failures);
    return failures ? 1 : 0;
}
