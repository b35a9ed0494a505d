/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wat_suite.c — the reader against whole spec suites: parses every .wast file given,
 * encodes every (module ...) it finds (top level and inside assert_* commands) and hands
 * the binary to the core. Counts, per expectation:
 *   valid      modules outside assert_malformed/assert_invalid: the reader must encode
 *              them (a failure is a reader bug); the core's verdict is counted
 *   malformed  assert_malformed text modules: the reader (or, for binary modules, the
 *              core) must reject them
 *   invalid    assert_invalid modules: the reader must encode them, the core rejects
 * The allocator checks every free size and that nothing leaks.
 *
 * Usage: wat_suite [-v] [--expect-core-valid] [--max-reader-bugs N] [--dump DIR] FILE.wast...
 * --dump writes each top-level text module to DIR/<file>.<line>.wasm (tests/wat/wabt-diff.sh).
 * Exit status 1 when reader bugs exceed N (default 0), or, with --expect-core-valid, when
 * the core rejects a module expected valid or accepts a malformed one (the 2.0 suite).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"
#include "minwasm_wat.h"

typedef struct { size_t live, blocks; int bad_free; } track;

static void *talloc(void *ud, void *p, size_t osize, size_t nsize)
{
    track *t = ud;
    size_t *h;
    if (p != NULL) {
        h = (size_t *)p - 2;
        if (h[0] != osize || h[1] != 0x5A5A5A5Au)
            t->bad_free = 1;
    }
    if (nsize == 0) {
        if (p != NULL) {
            t->live -= osize;
            t->blocks--;
            free((size_t *)p - 2);
        }
        return NULL;
    }
    h = realloc(p ? (size_t *)p - 2 : NULL, nsize + 2 * sizeof(size_t));
    if (h == NULL)
        return NULL;
    if (p == NULL)
        t->blocks++;
    t->live += nsize - (p ? osize : 0);
    h[0] = nsize;
    h[1] = 0x5A5A5A5Au;
    return h + 2;
}

static struct {
    int verbose, expect_valid;
    long files, docfail, valid, valid_enc_fail, valid_core_ok, valid_core_fail;
    long mal_text, mal_text_reader, mal_text_core, mal_text_accepted, mal_bin, mal_bin_ok;
    long inv, inv_enc_fail, inv_core_ok;
} S;

static mw_engine *engine;
static const char *dump_dir;

static void dump(const char *file, unsigned line, const uint8_t *bin, size_t len)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%u.wasm", dump_dir, base, line);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(bin, 1, len, f) != len) {
        perror(path);
        exit(2);
    }
    fclose(f);
}

static bool is_kw(const mwt_sx *x, const char *kw)
{
    return x != NULL && x->kind == MWT_ATOM && x->len == strlen(kw) && !memcmp(x->text, kw, x->len);
}

static bool head(const mwt_sx *x, const char *kw)
{
    return x->kind == MWT_LIST && x->n > 0 && is_kw(x->items[0], kw);
}

static void check_module(const char *file, mwt_doc *d, const mwt_sx *m, const char *cmd)
{
    uint8_t *bin = NULL;
    size_t len = 0;
    const char *name;
    size_t nl;
    bool def;
    mwt_error err;
    bool is_binary = false;
    for (uint32_t k = 1; k < m->n && k < 4; k++)
        if (is_kw(m->items[k], "binary"))
            is_binary = true;
    mw_result r = mwt_encode_module(d, m, &bin, &len, &name, &nl, &def, &err);
    mw_result cr = MW_ERR_MALFORMED;
    mw_error cerr;
    cerr.msg[0] = 0;
    if (r == MW_OK) {
        mw_module *mod = NULL;
        if (dump_dir != NULL && !strcmp(cmd, "module") && !is_binary &&
            !(m->n > 1 && m->items[1]->kind == MWT_ATOM && m->items[1]->len == 5 &&
              !memcmp(m->items[1]->text, "quote", 5)) &&
            !(m->n > 2 && m->items[2]->kind == MWT_ATOM && m->items[2]->len == 5 &&
              !memcmp(m->items[2]->text, "quote", 5)))
            dump(file, m->line, bin, len);
        cr = mw_module_new(engine, bin, len, &mod, &cerr);
        if (mod)
            mw_module_delete(mod);
        mwt_free(d, bin, len);
    }
    if (!strcmp(cmd, "assert_malformed") || !strcmp(cmd, "assert_malformed_custom")) {
        if (is_binary) {
            S.mal_bin++;
            if (r == MW_OK && cr == MW_OK) {
                S.mal_bin_ok++;
                if (S.verbose || S.expect_valid)
                    printf("%s:%u: binary malformed module accepted by the core\n", file, m->line);
            }
            return;
        }
        S.mal_text++;
        if (r != MW_OK)
            S.mal_text_reader++;
        else if (cr != MW_OK) {
            S.mal_text_core++;
            if (S.verbose)
                printf("%s:%u: malformed text module rejected by the core: %s\n", file, m->line, cerr.msg);
        }
        else {
            S.mal_text_accepted++;
            printf("%s:%u: malformed text module accepted\n", file, m->line);
        }
        if (S.verbose && r != MW_OK)
            printf("%s:%u:%u: (expected) %s\n", file, err.line, err.col, err.msg);
        return;
    }
    if (!strcmp(cmd, "assert_invalid") || !strcmp(cmd, "assert_invalid_custom")) {
        S.inv++;
        if (r != MW_OK) {
            S.inv_enc_fail++;
            printf("%s:%u: reader rejects an invalid (well-formed) module: %u:%u: %s\n", file,
                   m->line, err.line, err.col, err.msg);
        } else if (cr == MW_OK) {
            S.inv_core_ok++;
            if (S.verbose)
                printf("%s:%u: invalid module accepted by the core\n", file, m->line);
        }
        return;
    }
    S.valid++;
    if (r != MW_OK) {
        S.valid_enc_fail++;
        printf("%s:%u: reader error: %u:%u: %s\n", file, m->line, err.line, err.col, err.msg);
        return;
    }
    if (cr == MW_OK) {
        S.valid_core_ok++;
    } else {
        S.valid_core_fail++;
        if (S.verbose || S.expect_valid)
            printf("%s:%u: core rejects: %s\n", file, m->line, cerr.msg);
    }
}

static void walk(const char *file, mwt_doc *d, const mwt_sx *x, const char *cmd, int depth)
{
    if (x->kind != MWT_LIST || depth > 3)
        return;
    if (head(x, "module")) {
        /* (module instance $i $m) is a script command, not a module. */
        if (x->n > 1 && is_kw(x->items[1], "instance"))
            return;
        check_module(file, d, x, cmd);
        return;
    }
    const char *c = cmd;
    static char buf[64];
    if (depth == 0 && x->n > 0 && x->items[0]->kind == MWT_ATOM && x->items[0]->len < sizeof buf) {
        memcpy(buf, x->items[0]->text, x->items[0]->len);
        buf[x->items[0]->len] = 0;
        c = buf;
    }
    for (uint32_t i = 0; i < x->n; i++)
        walk(file, d, x->items[i], c, depth + 1);
}

int main(int argc, char **argv)
{
    track t = { 0, 0, 0 };
    long max_bugs = 0;
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = talloc;
    cfg.alloc_ud = &t;
    mw_error e;
    if (mw_engine_new(&cfg, &engine, &e) != MW_OK) {
        fprintf(stderr, "engine: %s\n", e.msg);
        return 2;
    }
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-v")) S.verbose = 1;
        else if (!strcmp(argv[i], "--expect-core-valid")) S.expect_valid = 1;
        else if (!strcmp(argv[i], "--max-reader-bugs") && i + 1 < argc) max_bugs = atol(argv[++i]);
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc) dump_dir = argv[++i];
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    for (; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) { perror(argv[i]); return 2; }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *text = malloc((size_t)n + 1);
        if (text == NULL || fread(text, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "read %s\n", argv[i]); return 2; }
        fclose(f);
        S.files++;
        mwt_doc *d = NULL;
        mwt_error err;
        if (mwt_doc_parse(talloc, &t, text, (size_t)n, &d, &err) != MW_OK) {
            S.docfail++;
            printf("%s:%u:%u: parse error: %s\n", argv[i], err.line, err.col, err.msg);
        } else {
            for (uint32_t k = 0; k < mwt_doc_count(d); k++)
                walk(argv[i], d, mwt_doc_item(d, k), "module", 0);
            mwt_doc_free(d);
        }
        free(text);
    }
    mw_engine_delete(engine);
    long bugs = S.docfail + S.valid_enc_fail + S.inv_enc_fail + S.mal_text_accepted;
    printf("wat-suite: %ld files (%ld unparsable); %ld modules expected well-formed: %ld encode "
           "errors, core accepts %ld, rejects %ld; assert_invalid %ld: %ld encode errors, core "
           "accepts %ld; assert_malformed text %ld: reader rejects %ld, core rejects %ld, "
           "accepted %ld; binary %ld: accepted %ld\n",
           S.files, S.docfail, S.valid, S.valid_enc_fail, S.valid_core_ok, S.valid_core_fail,
           S.inv, S.inv_enc_fail, S.inv_core_ok, S.mal_text, S.mal_text_reader, S.mal_text_core,
           S.mal_text_accepted, S.mal_bin, S.mal_bin_ok);
    int status = 0;
    if (t.live != 0 || t.blocks != 0 || t.bad_free) {
        printf("wat-suite: allocator: %zu bytes in %zu blocks leaked, bad free: %d\n", t.live, t.blocks, t.bad_free);
        status = 1;
    }
    if (bugs > max_bugs) {
        printf("wat-suite: %ld reader errors (allowed %ld)\n", bugs, max_bugs);
        status = 1;
    }
    if (S.expect_valid && (S.valid_core_fail || S.mal_bin_ok))
        status = 1;
    return status;
}
