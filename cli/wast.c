/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wast.c — `minwasm wast [-v] [--spec-version 2|3] FILE.wast...`: the spec script runner
 * on minwasm's own text-format reader (wat/, include/minwasm_wat.h).
 *
 * Each file runs against one fresh store and one linker holding the `spectest` module
 * (spec_common.c) and every `register`ed instance. Every command counts once:
 *   passed   the runtime behaves as the command says;
 *   failed   it does not ("FAIL file:line:col command: expected ... got ..."), or the
 *            script does not read (a text-format error that no assertion expects);
 *   skipped  the core reports a feature it leaves out (MW_ERR_UNSUPPORTED, "unsupported
 *            feature NAME: ..."): counted under NAME. Every later command that needs that
 *            module (as the current module, by name, or through a `register`ed name an
 *            import then misses) is skipped under the same NAME. Commands the runner
 *            cannot run at all (threads' `thread`/`wait`) are skipped under their feature.
 * The closing line is "N passed, N failed, N skipped" followed, when something was
 * skipped, by the per-feature counts: "(gc 120, memory64 31)". Exit status 0 iff nothing
 * failed.
 *
 * Assertions
 *   assert_return    results compared by bits; nan:canonical / nan:arithmetic per value or
 *                    v128 lane; (either R...) passes when the results match any one R;
 *                    (ref.null T), (ref.func), (ref.extern [N]) reference patterns
 *   assert_trap      the action, or the module's instantiation, traps with the text
 *   assert_exhaustion the action traps with "call stack exhausted"
 *   assert_malformed the text does not read, or the core says MW_ERR_MALFORMED
 *   assert_invalid   the core says MW_ERR_INVALID
 *   assert_unlinkable / assert_uninstantiable   instantiation fails with a link error / trap
 *   assert_exception the action throws (the core has no exceptions: see doc/conformance.md)
 * --spec-version 2 (the 2.0 suite): a feature the core leaves out also answers
 * assert_malformed and assert_invalid, since 2.0 rejects every newer encoding
 * (spec_load_error_ok).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minwasm_wat.h"
#include "spec_common.h"

#define FEATURE_MAX 40

/* A module of the script: an instance, a definition (module definition), or neither
 * with the feature that made the core refuse it. */
typedef struct slot {
    char *name;                  /* "$M" or NULL */
    mw_instance *inst;
    mw_module *def;              /* module definition: decoded, not instantiated */
    char feature[FEATURE_MAX];   /* non-empty: skipped for this feature */
} slot;

typedef struct feature_count {
    char name[FEATURE_MAX];
    unsigned long n;
} feature_count;

typedef struct runner {
    bool verbose;
    bool v2;
    mw_engine *engine;
    cli_alloc_stats *stats;
    spec_host host;

    /* Per file. */
    const char *path;
    uint8_t *text;               /* the script; atoms of the doc point into it */
    mwt_doc *doc;
    mw_store *store;
    mw_linker *linker;
    slot *slots;                 /* every module so far, latest last */
    size_t nslots, capslots;
    long current;                /* index in slots of the default target, -1: none */
    slot *regs;                  /* every registered name: feature non-empty for a skipped
                                    module, else def is unused and inst its instance */
    size_t nregs, capregs;
    unsigned long passed, failed, skipped;
    feature_count *feats;        /* skips per feature, this file */
    size_t nfeats, capfeats;

    /* The command being run, for messages. */
    const mwt_sx *cmd;
    const char *cmd_name;
} runner;

typedef struct totals {
    unsigned long passed, failed, skipped;
    feature_count *feats;
    size_t nfeats, capfeats;
    bool nfiles_print;           /* more than one file: a closing line per file too */
} totals;

/* ================================================================== reporting */

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void fail(runner *r, const char *fmt, ...)
{
    r->failed++;
    printf("FAIL %s:%" PRIu32 ":%" PRIu32 " %s: ", r->path, r->cmd ? r->cmd->line : 0,
           r->cmd ? r->cmd->col : 0, r->cmd_name ? r->cmd_name : "?");
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static void pass(runner *r) { r->passed++; }

static bool count_feature(feature_count **fs, size_t *n, size_t *cap, const char *name,
                          unsigned long k)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*fs)[i].name, name) == 0) {
            (*fs)[i].n += k;
            return true;
        }
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        feature_count *nf = realloc(*fs, nc * sizeof *nf);
        if (nf == NULL)
            return false;
        *fs = nf;
        *cap = nc;
    }
    snprintf((*fs)[*n].name, FEATURE_MAX, "%s", name);
    (*fs)[*n].n = k;
    (*n)++;
    return true;
}

static void skip(runner *r, const char *feature, const char *why)
{
    r->skipped++;
    count_feature(&r->feats, &r->nfeats, &r->capfeats, feature, 1);
    if (r->verbose)
        printf("SKIP %s:%" PRIu32 " %s: feature %s%s%s\n", r->path, r->cmd ? r->cmd->line : 0,
               r->cmd_name, feature, why ? ": " : "", why ? why : "");
}

static int cmp_feat(const void *a, const void *b)
{
    return strcmp(((const feature_count *)a)->name, ((const feature_count *)b)->name);
}

/* "N passed, N failed, N skipped" and, when skipped, " (feature N, ...)". */
static void print_counts(const char *prefix, unsigned long p, unsigned long f, unsigned long s,
                         feature_count *fs, size_t n)
{
    printf("%s%lu passed, %lu failed, %lu skipped", prefix, p, f, s);
    if (n > 0) {
        qsort(fs, n, sizeof *fs, cmp_feat);
        printf(" (");
        for (size_t i = 0; i < n; i++)
            printf("%s%s %lu", i ? ", " : "", fs[i].name, fs[i].n);
        printf(")");
    }
    putchar('\n');
}

/* ================================================================== s-expressions */

static bool is_atom(const mwt_sx *x, const char *s)
{
    size_t n = strlen(s);
    return x != NULL && x->kind == MWT_ATOM && x->len == n && memcmp(x->text, s, n) == 0;
}

static bool is_list_of(const mwt_sx *x, const char *head)
{
    return x != NULL && x->kind == MWT_LIST && x->n > 0 && is_atom(x->items[0], head);
}

/* The head atom of a list, as a NUL-terminated copy (for messages). */
static void head_name(const mwt_sx *x, char *buf, size_t n)
{
    if (x->kind == MWT_LIST && x->n > 0 && x->items[0]->kind == MWT_ATOM)
        snprintf(buf, n, "%.*s", (int)x->items[0]->len, x->items[0]->text);
    else
        snprintf(buf, n, "?");
}

/* The text of a string literal (the reader gives its decoded bytes), as a C string. */
static char *string_dup(const mwt_sx *x)
{
    char *s = malloc(x->len + 1);
    if (s != NULL) {
        memcpy(s, x->text, x->len);
        s[x->len] = '\0';
    }
    return s;
}

/* ================================================================== modules */

static slot *slot_add(runner *r, const mwt_sx *name)
{
    if (r->nslots == r->capslots) {
        size_t nc = r->capslots ? r->capslots * 2 : 16;
        slot *ns = realloc(r->slots, nc * sizeof *ns);
        if (ns == NULL)
            return NULL;
        r->slots = ns;
        r->capslots = nc;
    }
    slot *s = &r->slots[r->nslots];
    memset(s, 0, sizeof *s);
    if (name != NULL) {
        s->name = malloc(name->len + 1);
        if (s->name == NULL)
            return NULL;
        memcpy(s->name, name->text, name->len);
        s->name[name->len] = '\0';
    }
    r->nslots++;
    return s;
}

/* The latest module named `name` (an atom "$M"), or the current one when name is NULL. */
static slot *slot_find(runner *r, const mwt_sx *name, char *why, size_t whylen)
{
    if (name == NULL) {
        if (r->current < 0) {
            snprintf(why, whylen, "no module to act on (the latest one failed or none yet)");
            return NULL;
        }
        return &r->slots[r->current];
    }
    for (size_t i = r->nslots; i-- > 0;)
        if (r->slots[i].name != NULL && strlen(r->slots[i].name) == name->len &&
            memcmp(r->slots[i].name, name->text, name->len) == 0)
            return &r->slots[i];
    snprintf(why, whylen, "no module named %.*s", (int)name->len, name->text);
    return NULL;
}

/*
 * The binary of a (module ...) node. Returns MW_OK with *bin (free with mwt_free), or
 * the reader's error with *terr filled.
 */
static mw_result encode(runner *r, const mwt_sx *node, uint8_t **bin, size_t *len,
                        const mwt_sx **name_out, bool *is_def, mwt_error *terr)
{
    const char *name = NULL;
    size_t name_len = 0;
    memset(terr, 0, sizeof *terr);
    *bin = NULL;
    *len = 0;
    *is_def = false;
    mw_result rc = mwt_encode_module(r->doc, node, bin, len, &name, &name_len, is_def, terr);
    if (name_out != NULL) {
        *name_out = NULL;
        /* The name is the "$id" atom of the node: find it to keep a stable pointer. */
        for (uint32_t i = 1; name != NULL && i < node->n && i < 3; i++)
            if (node->items[i]->kind == MWT_ATOM && node->items[i]->len == name_len &&
                memcmp(node->items[i]->text, name, name_len) == 0)
                *name_out = node->items[i];
    }
    return rc;
}

/* The binary -> a module (cwasm never appears in scripts). */
static mw_result decode(runner *r, const uint8_t *bin, size_t len, mw_module **m, mw_error *err)
{
    memset(err, 0, sizeof *err);
    *m = NULL;
    mw_result rc = mw_module_new(r->engine, bin, len, m, err);
    if (rc != MW_OK)
        *m = NULL;
    return rc;
}

/* A link error naming a module registered from a skipped one: its feature, or NULL. */
static const char *skipped_import(runner *r, const mw_error *err)
{
    const char *p = "unknown import \"";
    if (err->code != MW_ERR_LINK || strncmp(err->msg, p, strlen(p)) != 0)
        return NULL;
    const char *m = err->msg + strlen(p);
    const char *q = strchr(m, '"');
    if (q == NULL)
        return NULL;
    for (size_t i = r->nregs; i-- > 0;)
        if (strlen(r->regs[i].name) == (size_t)(q - m) &&
            memcmp(r->regs[i].name, m, (size_t)(q - m)) == 0)
            return r->regs[i].feature[0] ? r->regs[i].feature : NULL;
    return NULL;
}

/*
 * A module that could have run (instantiated, perhaps partly) was skipped: it might have
 * written to the tables, memories and globals it imports, so every module it imports
 * from is skipped from now on under the same feature (later commands on them would see
 * state the skipped module did not make). Imports are found in the text: every
 * (import "M" ...) list, at any depth (inline imports included).
 */
static void taint_imports(runner *r, const mwt_sx *x, const char *feature, unsigned depth)
{
    if (x->kind != MWT_LIST || depth > 64)
        return;
    if (x->n >= 2 && is_atom(x->items[0], "import") && x->items[1]->kind == MWT_STRING) {
        const mwt_sx *name = x->items[1];
        for (size_t i = r->nregs; i-- > 0;) {
            if (strlen(r->regs[i].name) != name->len ||
                memcmp(r->regs[i].name, name->text, name->len) != 0)
                continue;
            for (size_t k = 0; k < r->nslots; k++)
                if (r->regs[i].inst != NULL && r->slots[k].inst == r->regs[i].inst &&
                    !r->slots[k].feature[0])
                    snprintf(r->slots[k].feature, FEATURE_MAX, "%s", feature);
            break;
        }
        return;
    }
    for (uint32_t i = 0; i < x->n; i++)
        taint_imports(r, x->items[i], feature, depth + 1);
}

static mw_result instantiate(runner *r, mw_module *m, mw_instance **inst, mw_error *err)
{
    *inst = NULL;
    memset(err, 0, sizeof *err);
    mw_result rc = mw_linker_instantiate(r->linker, r->store, m, inst, err);
    if (rc != MW_OK)
        *inst = NULL;
    return rc;
}

static void text_fail(runner *r, const mwt_error *te)
{
    fail(r, "text format error at %" PRIu32 ":%" PRIu32 ": %s", te->line, te->col, te->msg);
}

/* (module ...), (module definition ...), (module instance $I $D). */
static void cmd_module(runner *r, const mwt_sx *x)
{
    char why[256];
    mw_error err;
    if (x->n >= 2 && is_atom(x->items[1], "instance")) {
        const mwt_sx *iname = x->n >= 4 ? x->items[2] : NULL;
        const mwt_sx *dname = x->n >= 4 ? x->items[3] : x->n == 3 ? x->items[2] : NULL;
        r->current = -1;
        slot *d = slot_find(r, dname, why, sizeof why);
        size_t di = d != NULL ? (size_t)(d - r->slots) : 0;
        slot *s = slot_add(r, iname);
        if (s == NULL) {
            fail(r, "out of memory");
            return;
        }
        if (d == NULL) {
            fail(r, "%s", why);
            return;
        }
        d = &r->slots[di];   /* slot_add may have moved the array */
        r->current = (long)(s - r->slots);
        if (d->feature[0]) {
            snprintf(s->feature, sizeof s->feature, "%s", d->feature);
            skip(r, s->feature, "its definition was skipped");
            return;
        }
        if (d->def == NULL) {
            fail(r, "%s is not a module definition", d->name ? d->name : "the module");
            return;
        }
        mw_result rc = instantiate(r, d->def, &s->inst, &err);
        if (rc != MW_OK)
            fail(r, "instantiation failed: %s: %s", spec_result_name(rc), spec_err_text(&err));
        else
            pass(r);
        return;
    }

    uint8_t *bin;
    size_t len;
    const mwt_sx *name;
    bool is_def;
    mwt_error te;
    r->current = -1;   /* a failed module must not leave an older one as the target */
    mw_result rc = encode(r, x, &bin, &len, &name, &is_def, &te);
    slot *s = slot_add(r, rc == MW_OK ? name : NULL);
    if (s == NULL) {
        if (bin != NULL)
            mwt_free(r->doc, bin, len);
        fail(r, "out of memory");
        return;
    }
    r->current = (long)(s - r->slots);
    if (rc != MW_OK) {
        text_fail(r, &te);
        return;
    }
    mw_module *m;
    rc = decode(r, bin, len, &m, &err);
    mwt_free(r->doc, bin, len);
    if (rc == MW_ERR_UNSUPPORTED) {
        spec_unsupported_feature(&err, s->feature, sizeof s->feature);
        skip(r, s->feature, err.msg);
        taint_imports(r, x, s->feature, 0);
        return;
    }
    if (rc != MW_OK) {
        fail(r, "module does not load: %s: %s", spec_result_name(rc), spec_err_text(&err));
        return;
    }
    if (is_def) {
        s->def = m;
        pass(r);
        return;
    }
    rc = instantiate(r, m, &s->inst, &err);
    mw_module_delete(m);   /* instances keep their module alive */
    const char *feat = rc != MW_OK ? skipped_import(r, &err) : NULL;
    if (feat != NULL) {
        snprintf(s->feature, sizeof s->feature, "%s", feat);
        skip(r, feat, err.msg);
    } else if (rc != MW_OK) {
        fail(r, "instantiation failed: %s: %s", spec_result_name(rc), spec_err_text(&err));
    } else {
        pass(r);
    }
}

static void cmd_register(runner *r, const mwt_sx *x)
{
    char why[256];
    if (x->n < 2 || x->items[1]->kind != MWT_STRING || x->n > 3) {
        fail(r, "expected (register \"name\" $module?)");
        return;
    }
    slot *s = slot_find(r, x->n == 3 ? x->items[2] : NULL, why, sizeof why);
    if (s == NULL) {
        fail(r, "%s", why);
        return;
    }
    char *as = string_dup(x->items[1]);
    if (as == NULL) {
        fail(r, "out of memory");
        return;
    }
    /* Remember the name: a module importing from a skipped one is skipped, not failed;
     * a skipped module importing from it taints it (taint_imports). */
    if (r->nregs == r->capregs) {
        size_t nc = r->capregs ? r->capregs * 2 : 8;
        slot *nr = realloc(r->regs, nc * sizeof *nr);
        if (nr == NULL) {
            free(as);
            fail(r, "out of memory");
            return;
        }
        r->regs = nr;
        r->capregs = nc;
    }
    memset(&r->regs[r->nregs], 0, sizeof r->regs[0]);
    r->regs[r->nregs].name = as;
    r->regs[r->nregs].inst = s->inst;
    snprintf(r->regs[r->nregs].feature, FEATURE_MAX, "%s", s->feature);
    r->nregs++;
    if (s->feature[0]) {
        skip(r, s->feature, "registers a skipped module");
        return;
    }
    if (s->inst == NULL) {
        fail(r, "the module to register failed to instantiate");
        return;
    }
    mw_error err;
    memset(&err, 0, sizeof err);
    mw_result rc = mw_linker_define_instance_cstr(r->linker, as, s->inst, &err);
    if (rc != MW_OK)
        fail(r, "mw_linker_define_instance: %s: %s", spec_result_name(rc), spec_err_text(&err));
    else
        pass(r);
}

/* ================================================================== values */

/*
 * Unsupported value forms name a feature: references of the GC proposal and its heap
 * types, exception references. Returns NULL for the types the core has.
 */
static const char *heap_feature(const mwt_sx *ht, mw_valtype *t)
{
    if (ht == NULL)
        return "gc";
    if (is_atom(ht, "func") || is_atom(ht, "nofunc")) {
        *t = MW_FUNCREF;
        return NULL;
    }
    if (is_atom(ht, "extern") || is_atom(ht, "noextern")) {
        *t = MW_EXTERNREF;
        return NULL;
    }
    if (is_atom(ht, "exn") || is_atom(ht, "noexn"))
        return "exceptions";
    if (ht->kind == MWT_ATOM && ht->len > 0 && (ht->text[0] == '$' ||
                                                 (ht->text[0] >= '0' && ht->text[0] <= '9')))
        return "function-references";
    return "gc";
}

typedef enum val_status { VAL_OK, VAL_BAD, VAL_FEATURE } val_status;

/* One lane or scalar of a numeric constant. nan_ok: expected values may be NaN classes. */
static val_status num_bits(const mwt_sx *a, mw_valtype t, unsigned lane_bits, bool nan_ok,
                           uint64_t *bits, nan_pat *nan, char *why, size_t whylen)
{
    mwt_error te;
    memset(&te, 0, sizeof te);
    *nan = NAN_NONE;
    if (a == NULL || a->kind != MWT_ATOM) {
        snprintf(why, whylen, "a number is missing");
        return VAL_BAD;
    }
    if (nan_ok && (t == MW_F32 || t == MW_F64)) {
        *nan = spec_nan_pat_of_n(a->text, a->len);
        if (*nan != NAN_NONE)
            return VAL_OK;
    }
    mw_result rc;
    if (t == MW_F32) {
        uint32_t b = 0;
        rc = mwt_parse_f32(a, &b, &te);
        *bits = b;
    } else if (t == MW_F64) {
        rc = mwt_parse_f64(a, bits, &te);
    } else {
        rc = mwt_parse_int(a, lane_bits, bits, &te);
    }
    if (rc != MW_OK) {
        snprintf(why, whylen, "bad number '%.*s': %s", (int)a->len, a->text, te.msg);
        return VAL_BAD;
    }
    return VAL_OK;
}

/*
 * A constant of the script: (i32.const N) ... (v128.const SHAPE L...), (ref.null T),
 * (ref.extern N), and, when `exp` is set, the result patterns (nan:*, (ref.func),
 * (ref.extern) without N). Fills *e (exp) or *v (argument).
 */
static val_status parse_value(const mwt_sx *x, bool exp, spec_expect *e, mw_val *v,
                              const char **feature, char *why, size_t whylen)
{
    static const struct { const char *head; mw_valtype t; unsigned bits; } nums[] = {
        {"i32.const", MW_I32, 32}, {"i64.const", MW_I64, 64},
        {"f32.const", MW_F32, 32}, {"f64.const", MW_F64, 64},
    };
    memset(e, 0, sizeof *e);
    memset(v, 0, sizeof *v);
    char head[32];
    if (x->kind != MWT_LIST || x->n == 0) {
        snprintf(why, whylen, "a value must be a list such as (i32.const 1)");
        return VAL_BAD;
    }
    head_name(x, head, sizeof head);
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        if (strcmp(head, nums[i].head) != 0)
            continue;
        if (x->n != 2) {
            snprintf(why, whylen, "(%s) takes one number", head);
            return VAL_BAD;
        }
        nan_pat np;
        uint64_t b = 0;
        val_status st = num_bits(x->items[1], nums[i].t, nums[i].bits, exp, &b, &np, why, whylen);
        if (st != VAL_OK)
            return st;
        e->type = v->type = nums[i].t;
        e->kind = np != NAN_NONE ? EXP_NAN : EXP_BITS;
        e->nan = np;
        e->bits = b;
        if (nums[i].t == MW_I32)
            v->of.i32 = (int32_t)(uint32_t)b;
        else if (nums[i].t == MW_F32)
            v->of.f32_bits = (uint32_t)b;
        else
            v->of.i64 = (int64_t)b;
        return VAL_OK;
    }
    if (strcmp(head, "v128.const") == 0) {
        const v128_shape *sh = x->n >= 2 && x->items[1]->kind == MWT_ATOM
                                   ? spec_v128_shape_named(x->items[1]->text, x->items[1]->len)
                                   : NULL;
        if (sh == NULL) {
            snprintf(why, whylen, "(v128.const) needs a shape i8x16 ... f64x2");
            return VAL_BAD;
        }
        unsigned lanes = 16 / sh->bytes;
        if (x->n != 2 + lanes) {
            snprintf(why, whylen, "(v128.const %s) takes %u lanes", sh->name, lanes);
            return VAL_BAD;
        }
        e->type = v->type = MW_V128;
        e->kind = EXP_V128;
        e->v128.shape = sh;
        mw_valtype lt = !sh->is_float ? MW_I64 : sh->bytes == 4 ? MW_F32 : MW_F64;
        for (unsigned i = 0; i < lanes; i++) {
            uint64_t b = 0;
            val_status st = num_bits(x->items[2 + i], lt, 8 * sh->bytes, exp, &b, &e->v128.nan[i],
                                     why, whylen);
            if (st != VAL_OK)
                return st;
            spec_lane_set(e->v128.bytes, i, sh->bytes, b);
        }
        memcpy(v->of.v128, e->v128.bytes, 16);
        return VAL_OK;
    }
    if (strcmp(head, "ref.null") == 0) {
        mw_valtype t = MW_FUNCREF;
        const char *f = x->n == 2 ? heap_feature(x->items[1], &t) : "gc";
        if (f != NULL) {
            *feature = f;
            return VAL_FEATURE;
        }
        e->type = v->type = t;
        e->kind = EXP_REF_NULL;
        return VAL_OK;
    }
    if (strcmp(head, "ref.extern") == 0 || strcmp(head, "ref.host") == 0) {
        if (strcmp(head, "ref.host") == 0) {   /* a host value as anyref */
            *feature = "gc";
            return VAL_FEATURE;
        }
        e->type = v->type = MW_EXTERNREF;
        if (x->n == 1 && exp) {
            e->kind = EXP_REF_ANY;
            return VAL_OK;
        }
        uint64_t n = 0;
        mwt_error te;
        if (x->n != 2 || mwt_parse_int(x->items[1], 32, &n, &te) != MW_OK) {
            snprintf(why, whylen, "(ref.extern N) needs a number");
            return VAL_BAD;
        }
        e->kind = EXP_REF_EXTERN;
        e->bits = n;
        v->of.externref = spec_extern_of(n);
        return VAL_OK;
    }
    if (exp && strcmp(head, "ref.func") == 0) {
        e->type = MW_FUNCREF;
        e->kind = EXP_REF_ANY;
        return VAL_OK;
    }
    if (strcmp(head, "ref.exn") == 0) {
        *feature = "exceptions";
        return VAL_FEATURE;
    }
    if (strncmp(head, "ref.", 4) == 0) {   /* ref.struct, ref.array, ref.i31, ref.eq, ref.any */
        *feature = "gc";
        return VAL_FEATURE;
    }
    snprintf(why, whylen, "unknown value form (%s ...)", head);
    return VAL_BAD;
}

/* ================================================================== actions */

typedef enum act_status {
    ACT_OK,      /* returned normally; results filled */
    ACT_TRAP,    /* trapped; err filled */
    ACT_ERROR,   /* could not run (bad command, unknown export, API error); why filled */
    ACT_SKIP     /* the target module, or a value, needs a feature; *feature says which */
} act_status;

/*
 * Runs (invoke $M? "name" arg...) or (get $M? "name"). On ACT_OK *results (malloc'd,
 * freed by the caller) holds *nresults values.
 */
static act_status run_action(runner *r, const mwt_sx *a, mw_val **results, size_t *nresults,
                             mw_error *err, const char **feature, char *why, size_t whylen)
{
    *results = NULL;
    *nresults = 0;
    memset(err, 0, sizeof *err);
    why[0] = '\0';
    bool invoke = is_list_of(a, "invoke");
    if (!invoke && !is_list_of(a, "get")) {
        snprintf(why, whylen, "expected an action (invoke ...) or (get ...)");
        return ACT_ERROR;
    }
    uint32_t k = 1;
    const mwt_sx *mname = NULL;
    if (k < a->n && a->items[k]->kind == MWT_ATOM)
        mname = a->items[k++];
    if (k >= a->n || a->items[k]->kind != MWT_STRING) {
        snprintf(why, whylen, "the action has no export name");
        return ACT_ERROR;
    }
    const mwt_sx *field = a->items[k++];
    slot *s = slot_find(r, mname, why, whylen);
    if (s == NULL)
        return ACT_ERROR;
    if (s->feature[0]) {
        *feature = s->feature;
        return ACT_SKIP;
    }
    if (s->inst == NULL) {
        snprintf(why, whylen, "%s failed to instantiate", s->name ? s->name : "the module");
        return ACT_ERROR;
    }
    mw_extern ext;
    if (!mw_instance_export(s->inst, field->text, field->len, &ext)) {
        snprintf(why, whylen, "no export \"%.*s\"", (int)field->len, field->text);
        return ACT_ERROR;
    }
    if (!invoke) {
        if (ext.kind != MW_EXTERN_GLOBAL || k != a->n) {
            snprintf(why, whylen, "(get) of something other than a global");
            return ACT_ERROR;
        }
        mw_val *res = malloc(sizeof *res);
        if (res == NULL) {
            snprintf(why, whylen, "out of memory");
            return ACT_ERROR;
        }
        *res = mw_global_get(ext.of.global);
        *results = res;
        *nresults = 1;
        return ACT_OK;
    }
    if (ext.kind != MW_EXTERN_FUNC) {
        snprintf(why, whylen, "export \"%.*s\" is not a function", (int)field->len, field->text);
        return ACT_ERROR;
    }
    size_t nargs = a->n - k;
    mw_functype ft;
    mw_func_type(ext.of.func, &ft);
    if (nargs != ft.nparams) {
        snprintf(why, whylen, "%zu arguments given, the function takes %" PRIu32, nargs,
                 ft.nparams);
        return ACT_ERROR;
    }
    /* +1: never ask malloc for 0 bytes. */
    mw_val *params = calloc(nargs + 1, sizeof *params);
    mw_val *res = calloc((size_t)ft.nresults + 1, sizeof *res);
    act_status st = ACT_ERROR;
    if (params == NULL || res == NULL) {
        snprintf(why, whylen, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nargs; i++) {
        spec_expect unused;
        val_status vs = parse_value(a->items[k + i], false, &unused, &params[i], feature, why,
                                    whylen);
        if (vs == VAL_FEATURE) {
            st = ACT_SKIP;
            goto done;
        }
        if (vs != VAL_OK)
            goto done;
        if (params[i].type != ft.params[i]) {
            snprintf(why, whylen, "argument %zu is %s, the function wants %s", i + 1,
                     mw_valtype_name(params[i].type), mw_valtype_name(ft.params[i]));
            goto done;
        }
    }
    for (uint32_t i = 0; i < ft.nresults; i++)
        res[i].type = ft.results[i];
    mw_result rc = mw_func_call(r->store, ext.of.func, params, nargs, res, ft.nresults, err);
    if (rc == MW_ERR_TRAP) {
        st = ACT_TRAP;
        goto done;
    }
    if (rc != MW_OK) {
        snprintf(why, whylen, "call failed: %s: %s", spec_result_name(rc), spec_err_text(err));
        goto done;
    }
    *results = res;
    *nresults = ft.nresults;
    res = NULL;
    st = ACT_OK;
done:
    free(params);
    free(res);
    return st;
}

/* "(a, b)": results; v128s in the lane shape of the matching expected value if any. */
static void fmt_results(char *buf, size_t n, const mw_val *v, size_t count,
                        const spec_expect *hint, size_t nhint)
{
    size_t used = 0;
    buf[0] = '\0';
    if (count != 1 && used < n)
        used += (size_t)snprintf(buf + used, n - used, "(");
    for (size_t i = 0; i < count && used < n; i++) {
        char one[192];
        if (v[i].type == MW_V128 && i < nhint && hint[i].kind == EXP_V128)
            spec_fmt_v128(one, sizeof one, v[i].of.v128, hint[i].v128.shape, NULL);
        else
            spec_fmt_val(one, sizeof one, &v[i]);
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", one);
    }
    if (count != 1 && used < n)
        snprintf(buf + used, n - used, ")");
}

static void fmt_expects(char *buf, size_t n, const spec_expect *e, size_t count, bool either)
{
    const char *sep = either ? " | " : ", ";
    bool parens = either || count != 1;
    size_t used = 0;
    buf[0] = '\0';
    if (parens)
        used += (size_t)snprintf(buf, n, "(");
    for (size_t i = 0; i < count && used < n; i++) {
        char one[192];
        spec_fmt_expect(one, sizeof one, &e[i]);
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? sep : "", one);
    }
    if (parens && used < n)
        snprintf(buf + used, n - used, ")");
}

/* ================================================================== assertions */

/* A result that is a trap or an error, reported (returns true) or not. */
static bool action_problem(runner *r, act_status st, const mw_error *err, const char *feature,
                           const char *why)
{
    if (st == ACT_SKIP)
        skip(r, feature, NULL);
    else if (st == ACT_ERROR)
        fail(r, "%s", why);
    else if (st == ACT_TRAP)
        fail(r, "trapped: %s", spec_err_text(err));
    return st != ACT_OK;
}

static bool results_match(const spec_expect *e, size_t ne, const mw_val *got, size_t ng)
{
    if (ne != ng)
        return false;
    for (size_t i = 0; i < ng; i++)
        if (!spec_expect_matches(&e[i], &got[i]))
            return false;
    return true;
}

/* (assert_return ACTION RESULT...), a RESULT being a value pattern or (either R...). */
static void cmd_assert_return(runner *r, const mwt_sx *x)
{
    mw_val *res = NULL;
    size_t nres;
    mw_error err;
    char why[256];
    const char *feature = NULL;
    if (x->n < 2) {
        fail(r, "no action");
        return;
    }
    size_t nexp = x->n - 2;
    bool either = nexp == 1 && is_list_of(x->items[2], "either");
    const mwt_sx *const *items = either ? (const mwt_sx *const *)x->items[2]->items + 1
                                        : (const mwt_sx *const *)x->items + 2;
    if (either)
        nexp = x->items[2]->n - 1;
    spec_expect *exp = calloc(nexp + 1, sizeof *exp);
    if (exp == NULL) {
        fail(r, "out of memory");
        return;
    }
    for (size_t i = 0; i < nexp; i++) {
        mw_val unused;
        val_status vs = parse_value(items[i], true, &exp[i], &unused, &feature, why, sizeof why);
        if (vs == VAL_FEATURE) {
            skip(r, feature, "a result of a type the core lacks");
            goto out;
        }
        if (vs != VAL_OK) {
            fail(r, "%s", why);
            goto out;
        }
    }
    act_status st = run_action(r, x->items[1], &res, &nres, &err, &feature, why, sizeof why);
    if (action_problem(r, st, &err, feature, why))
        goto out;
    bool ok = false;
    if (either) {
        /* Each alternative is one result (a multi-value either does not occur). */
        for (size_t i = 0; !ok && i < nexp; i++)
            ok = results_match(&exp[i], 1, res, nres);
    } else {
        ok = results_match(exp, nexp, res, nres);
    }
    if (ok) {
        pass(r);
    } else {
        char e[4096], g[2048];
        fmt_results(g, sizeof g, res, nres, either ? NULL : exp, either ? 0 : nexp);
        fmt_expects(e, sizeof e, exp, nexp, either);
        fail(r, "expected %s%s got %s", either ? "either " : "", e, g);
    }
out:
    free(res);
    free(exp);
}

/* The expected-message string of an assertion (the last item), or NULL. */
static const char *assert_text(const mwt_sx *x, char *buf, size_t n)
{
    const mwt_sx *t = x->n >= 3 ? x->items[x->n - 1] : NULL;
    if (t == NULL || t->kind != MWT_STRING)
        return NULL;
    snprintf(buf, n, "%.*s", (int)t->len, t->text);
    return buf;
}

/*
 * A module that must fail to instantiate: with a trap (assert_uninstantiable, or
 * assert_trap's module form; the text must match) or a link error (assert_unlinkable).
 */
static void expect_instantiation_failure(runner *r, const mwt_sx *mod, const char *text,
                                         mw_result want)
{
    uint8_t *bin;
    size_t len;
    bool is_def;
    mwt_error te;
    mw_error err;
    mw_module *m;
    const char *what = want == MW_ERR_TRAP ? "trap" : "link error";
    if (encode(r, mod, &bin, &len, NULL, &is_def, &te) != MW_OK) {
        text_fail(r, &te);
        return;
    }
    mw_result rc = decode(r, bin, len, &m, &err);
    mwt_free(r->doc, bin, len);
    if (rc == MW_ERR_UNSUPPORTED) {
        char feat[FEATURE_MAX];
        spec_unsupported_feature(&err, feat, sizeof feat);
        skip(r, feat, err.msg);
        if (want == MW_ERR_TRAP)   /* a failed instantiation keeps its effects */
            taint_imports(r, mod, feat, 0);
        return;
    }
    if (rc != MW_OK) {
        fail(r, "module does not load: %s: %s", spec_result_name(rc), spec_err_text(&err));
        return;
    }
    mw_instance *inst;
    rc = instantiate(r, m, &inst, &err);
    mw_module_delete(m);
    const char *feat = rc == MW_ERR_LINK ? skipped_import(r, &err) : NULL;
    if (feat != NULL && want != MW_ERR_LINK)
        skip(r, feat, err.msg);
    else if (rc == MW_OK)
        fail(r, "expected %s '%s', instantiation succeeded", what, text ? text : "");
    else if (rc != want)
        fail(r, "expected %s '%s', got %s: %s", what, text ? text : "", spec_result_name(rc),
             spec_err_text(&err));
    else if (want == MW_ERR_TRAP && !spec_trap_matches(&err, text))
        fail(r, "expected trap '%s', got trap '%s'", text, spec_err_text(&err));
    else
        pass(r);
}

static void cmd_assert_trap(runner *r, const mwt_sx *x, bool exhaustion)
{
    char tbuf[256], why[256];
    const char *text = assert_text(x, tbuf, sizeof tbuf);
    if (x->n != 3 || text == NULL) {
        fail(r, "expected (%s ACTION \"text\")", r->cmd_name);
        return;
    }
    if (!exhaustion && is_list_of(x->items[1], "module")) {
        expect_instantiation_failure(r, x->items[1], text, MW_ERR_TRAP);
        return;
    }
    mw_val *res;
    size_t nres;
    mw_error err;
    const char *feature = NULL;
    act_status st = run_action(r, x->items[1], &res, &nres, &err, &feature, why, sizeof why);
    if (st == ACT_SKIP) {
        skip(r, feature, NULL);
    } else if (st == ACT_ERROR) {
        fail(r, "%s", why);
    } else if (st == ACT_OK) {
        char g[2048];
        fmt_results(g, sizeof g, res, nres, NULL, 0);
        fail(r, "expected trap '%s', returned %s", text, g);
    } else if (exhaustion ? !(err.trap == MW_TRAP_STACK_EXHAUSTED || spec_trap_matches(&err, text))
                          : !spec_trap_matches(&err, text)) {
        fail(r, "expected trap '%s', got trap '%s'", text, spec_err_text(&err));
    } else {
        pass(r);
    }
    free(res);
}

/* (assert_exception ACTION): the core has no exception handling, so an action that can
 * run (its module loaded) cannot throw: it fails unless its module was skipped. */
static void cmd_assert_exception(runner *r, const mwt_sx *x)
{
    mw_val *res;
    size_t nres;
    mw_error err;
    char why[256];
    const char *feature = NULL;
    if (x->n != 2) {
        fail(r, "expected (assert_exception ACTION)");
        return;
    }
    act_status st = run_action(r, x->items[1], &res, &nres, &err, &feature, why, sizeof why);
    free(res);
    if (st == ACT_SKIP)
        skip(r, feature, NULL);
    else if (st == ACT_ERROR)
        fail(r, "%s", why);
    else if (st == ACT_TRAP)
        fail(r, "expected an exception, got trap '%s'", spec_err_text(&err));
    else
        fail(r, "expected an exception, the action returned");
}

/* assert_malformed / assert_invalid: the module must not load, with `want`. */
static void expect_load_error(runner *r, const mwt_sx *x, mw_result want)
{
    char tbuf[256];
    const char *text = assert_text(x, tbuf, sizeof tbuf);
    if (x->n != 3 || !is_list_of(x->items[1], "module")) {
        fail(r, "expected (%s (module ...) \"text\")", r->cmd_name);
        return;
    }
    uint8_t *bin;
    size_t len;
    bool is_def;
    mwt_error te;
    mw_error err;
    mw_module *m;
    if (encode(r, x->items[1], &bin, &len, NULL, &is_def, &te) != MW_OK) {
        if (want == MW_ERR_MALFORMED) {   /* a text-format error is "malformed" */
            if (r->verbose)
                printf("ok %s:%" PRIu32 " %s: expected '%s', got text error %" PRIu32
                       ":%" PRIu32 ": %s\n", r->path, x->line, r->cmd_name, text ? text : "",
                       te.line, te.col, te.msg);
            pass(r);
        } else {
            text_fail(r, &te);
        }
        return;
    }
    mw_result rc = decode(r, bin, len, &m, &err);
    mwt_free(r->doc, bin, len);
    if (rc == MW_OK) {
        mw_module_delete(m);
        fail(r, "expected %s ('%s'), the module loaded", spec_result_name(want), text ? text : "");
    } else if (spec_load_error_ok(want, &err, r->v2)) {
        if (r->verbose)
            printf("ok %s:%" PRIu32 " %s: expected '%s', got '%s'\n", r->path, x->line,
                   r->cmd_name, text ? text : "", spec_err_text(&err));
        pass(r);
    } else if (rc == MW_ERR_UNSUPPORTED) {
        char feat[FEATURE_MAX];
        spec_unsupported_feature(&err, feat, sizeof feat);
        skip(r, feat, err.msg);
    } else {
        fail(r, "expected %s ('%s'), got %s: %s", spec_result_name(want), text ? text : "",
             spec_result_name(rc), spec_err_text(&err));
    }
}

/*
 * assert_malformed_custom / assert_invalid_custom: a custom annotation (@custom ...) of
 * the text format is wrong. A reader that rejects the text passes; one that encodes it
 * has not checked custom annotations (the reader keeps none): skipped, feature
 * "custom-annotations", never passed.
 */
static void expect_custom_error(runner *r, const mwt_sx *x)
{
    uint8_t *bin;
    size_t len;
    bool is_def;
    mwt_error te;
    if (x->n != 3 || !is_list_of(x->items[1], "module")) {
        fail(r, "expected (%s (module ...) \"text\")", r->cmd_name);
        return;
    }
    if (encode(r, x->items[1], &bin, &len, NULL, &is_def, &te) != MW_OK) {
        pass(r);
        return;
    }
    mwt_free(r->doc, bin, len);
    skip(r, "custom-annotations", "the reader does not check custom annotations");
}

static void cmd_action(runner *r, const mwt_sx *x)
{
    mw_val *res;
    size_t nres;
    mw_error err;
    char why[256];
    const char *feature = NULL;
    act_status st = run_action(r, x, &res, &nres, &err, &feature, why, sizeof why);
    free(res);
    if (!action_problem(r, st, &err, feature, why))
        pass(r);
}

static void run_command(runner *r, const mwt_sx *x)
{
    char head[48];
    r->cmd = x;
    head_name(x, head, sizeof head);
    r->cmd_name = head;
    if (x->kind != MWT_LIST || x->n == 0 || x->items[0]->kind != MWT_ATOM)
        fail(r, "a command must be a list such as (module ...)");
    else if (strcmp(head, "module") == 0)
        cmd_module(r, x);
    else if (strcmp(head, "register") == 0)
        cmd_register(r, x);
    else if (strcmp(head, "invoke") == 0 || strcmp(head, "get") == 0)
        cmd_action(r, x);
    else if (strcmp(head, "assert_return") == 0)
        cmd_assert_return(r, x);
    else if (strcmp(head, "assert_trap") == 0)
        cmd_assert_trap(r, x, false);
    else if (strcmp(head, "assert_exhaustion") == 0)
        cmd_assert_trap(r, x, true);
    else if (strcmp(head, "assert_exception") == 0)
        cmd_assert_exception(r, x);
    else if (strcmp(head, "assert_malformed") == 0)
        expect_load_error(r, x, MW_ERR_MALFORMED);
    else if (strcmp(head, "assert_invalid") == 0)
        expect_load_error(r, x, MW_ERR_INVALID);
    else if (strcmp(head, "assert_unlinkable") == 0 || strcmp(head, "assert_uninstantiable") == 0) {
        char tbuf[256];
        if (x->n != 3 || !is_list_of(x->items[1], "module"))
            fail(r, "expected (%s (module ...) \"text\")", head);
        else
            expect_instantiation_failure(r, x->items[1], assert_text(x, tbuf, sizeof tbuf),
                                         head[7] == 'u' && head[9] == 'l' ? MW_ERR_LINK
                                                                          : MW_ERR_TRAP);
    } else if (strcmp(head, "assert_malformed_custom") == 0 ||
               strcmp(head, "assert_invalid_custom") == 0) {
        expect_custom_error(r, x);
    } else if (strcmp(head, "thread") == 0 || strcmp(head, "wait") == 0)
        skip(r, "threads", "script threads");
    else
        fail(r, "unknown command");
    r->cmd = NULL;
    r->cmd_name = NULL;
}

/* ================================================================== files */

/*
 * A script may be one module's fields without the (module ...) around them (the spec's
 * "inline module"): then the whole file is that module, run as one module command.
 * Returns false when the script is not of that form.
 */
static bool run_inline_module(runner *r)
{
    static const char *const fields[] = {"type", "import", "func", "table", "memory", "global",
                                         "export", "start", "elem", "data", "rec", "tag"};
    uint32_t n = mwt_doc_count(r->doc);
    const mwt_sx *first = n > 0 ? mwt_doc_item(r->doc, 0) : NULL;
    bool inline_form = false;
    for (size_t i = 0; first != NULL && i < sizeof fields / sizeof fields[0]; i++)
        inline_form = inline_form || is_list_of(first, fields[i]);
    if (!inline_form)
        return false;
    /* A (module field...) node made here, over the doc's own nodes. */
    mwt_sx head, node;
    mwt_sx **items = calloc((size_t)n + 1, sizeof *items);
    if (items == NULL) {
        fail(r, "out of memory");
        return true;
    }
    memset(&head, 0, sizeof head);
    head.kind = MWT_ATOM;
    head.text = "module";
    head.len = 6;
    head.line = first->line;
    head.col = first->col;
    items[0] = &head;
    for (uint32_t i = 0; i < n; i++)
        items[i + 1] = (mwt_sx *)mwt_doc_item(r->doc, i);
    node = head;
    node.kind = MWT_LIST;
    node.text = NULL;
    node.len = 0;
    node.items = items;
    node.n = n + 1;
    run_command(r, &node);
    free(items);
    return true;
}

static void reset_file_state(runner *r)
{
    /* The linker names store objects: delete it first. */
    if (r->linker != NULL)
        mw_linker_delete(r->linker);
    for (size_t i = 0; i < r->nslots; i++) {
        free(r->slots[i].name);
        if (r->slots[i].def != NULL)
            mw_module_delete(r->slots[i].def);
    }
    if (r->store != NULL)
        mw_store_delete(r->store);
    for (size_t i = 0; i < r->nregs; i++)
        free(r->regs[i].name);
    free(r->slots);
    free(r->regs);
    free(r->feats);
    if (r->doc != NULL)
        mwt_doc_free(r->doc);
    free(r->text);
    r->text = NULL;
    r->linker = NULL;
    r->store = NULL;
    r->doc = NULL;
    r->slots = r->regs = NULL;
    r->nslots = r->capslots = r->nregs = r->capregs = 0;
    r->feats = NULL;
    r->nfeats = r->capfeats = 0;
    r->current = -1;
}

static void run_file(runner *r, const char *path, totals *t)
{
    r->path = path;
    r->passed = r->failed = r->skipped = 0;
    r->current = -1;
    r->cmd = NULL;
    r->cmd_name = "file";
    size_t len;
    char why[256];
    mw_error err;
    mwt_error te;
    memset(&err, 0, sizeof err);
    memset(&te, 0, sizeof te);
    if (!cli_read_file(path, &r->text, &len, why, sizeof why)) {
        fail(r, "cannot read: %s", why);
        goto out;
    }
    mw_result rc = mwt_doc_parse(cli_alloc, r->stats, (const char *)r->text, len, &r->doc, &te);
    if (rc != MW_OK) {
        r->doc = NULL;
        fail(r, "the script does not read: %" PRIu32 ":%" PRIu32 ": %s", te.line, te.col, te.msg);
        goto out;
    }
    if (mw_store_new(r->engine, NULL, &r->store, &err) != MW_OK ||
        mw_linker_new(r->engine, &r->linker, &err) != MW_OK ||
        !spec_define_spectest(&r->host, r->store, r->linker, &err)) {
        fail(r, "cannot set up the store and the spectest module: %s: %s",
             spec_result_name(err.code), spec_err_text(&err));
        goto out;
    }
    if (!run_inline_module(r)) {
        for (uint32_t i = 0; i < mwt_doc_count(r->doc); i++) {
            run_command(r, mwt_doc_item(r->doc, i));
            fflush(stdout);   /* keep FAIL lines ahead of a crash, should one happen */
        }
    }
out:
    t->passed += r->passed;
    t->failed += r->failed;
    t->skipped += r->skipped;
    for (size_t i = 0; i < r->nfeats; i++)
        count_feature(&t->feats, &t->nfeats, &t->capfeats, r->feats[i].name, r->feats[i].n);
    if (t->nfiles_print) {
        char prefix[4200];
        snprintf(prefix, sizeof prefix, "%s: ", path);
        print_counts(prefix, r->passed, r->failed, r->skipped, r->feats, r->nfeats);
    }
    reset_file_state(r);
}

int cli_wast_main(int argc, char **argv)
{
    runner r;
    memset(&r, 0, sizeof r);
    r.current = -1;
    int first = 0;
    while (first < argc && argv[first][0] == '-') {
        if (strcmp(argv[first], "-v") == 0) {
            r.verbose = r.host.verbose = true;
        } else if (strcmp(argv[first], "--spec-version") == 0 && first + 1 < argc &&
                   (strcmp(argv[first + 1], "2") == 0 || strcmp(argv[first + 1], "3") == 0)) {
            r.v2 = argv[++first][0] == '2';
        } else if (strcmp(argv[first], "--") == 0) {
            first++;
            break;
        } else {
            fprintf(stderr, "minwasm: wast: unknown option '%s'\n", argv[first]);
            return CLI_EXIT_USAGE;
        }
        first++;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: minwasm wast [-v] [--spec-version 2|3] FILE.wast...\n");
        return CLI_EXIT_USAGE;
    }
    cli_alloc_stats stats = {0, 0, 0, 0};
    r.stats = &stats;
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = cli_alloc;
    cfg.alloc_ud = &stats;
    mw_error err;
    memset(&err, 0, sizeof err);
    if (mw_engine_new(&cfg, &r.engine, &err) != MW_OK) {
        fprintf(stderr, "minwasm: wast: cannot create the engine: %s\n", spec_err_text(&err));
        return CLI_EXIT_LOAD;
    }
    totals t;
    memset(&t, 0, sizeof t);
    t.nfiles_print = argc - first > 1;
    for (int i = first; i < argc; i++)
        run_file(&r, argv[i], &t);
    mw_engine_delete(r.engine);
    print_counts("", t.passed, t.failed, t.skipped, t.feats, t.nfeats);
    free(t.feats);
    if (stats.in_use != 0 || stats.blocks != 0)
        fprintf(stderr, "minwasm: wast: warning: %zu bytes in %zu blocks not freed\n",
                stats.in_use, stats.blocks);
    fflush(stdout);
    return t.failed == 0 ? CLI_EXIT_OK : CLI_EXIT_LOAD;
}
