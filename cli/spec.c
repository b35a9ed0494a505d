/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * spec.c — `minwasm spec [-v] [--dry-run] FILE.json...`: the WebAssembly spec-test runner.
 *
 * Test flow
 *   1. wabt converts a script:  wast2json core/i32.wast -o out/i32.json
 *      This writes i32.json (the list of commands) next to i32.0.wasm, i32.1.wasm, ...
 *      (and .wat files for the text-format assert_malformed cases).
 *   2. minwasm spec out/i32.json
 *      reads the JSON, resolves each "filename" relative to the JSON file's directory and
 *      executes the commands in order against one fresh store (per JSON file) and one
 *      linker that holds the `spectest` host module and every `register`ed instance.
 *   3. Each command counts once: passed when the runtime behaves as the command expects,
 *      failed otherwise (printed as "FAIL file:line command [field]: expected ... got ..."),
 *      skipped for text-format modules (minwasm has no text parser). The last line is
 *      "N passed, N failed, N skipped"; the exit status is 0 iff nothing failed.
 *
 * Command semantics
 *   module                 decode + instantiate; becomes the default target of actions and,
 *                          with "name", addressable by that name
 *   register               the exports of "name" (or the latest module) become importable
 *                          under the module name "as"
 *   action                 invoke/get; passes when it does not trap
 *   assert_return          results compared by bits; nan:canonical / nan:arithmetic match
 *                          NaN classes; externref N is the host pointer N+1 (so 0 is not null);
 *                          "either": [R1, R2...] (wast2json's form of (either ...)) passes
 *                          when the one result matches any Ri
 *   v128 values            {"type":"v128","lane_type":"i8|i16|i32|i64|f32|f64","value":[lanes]}
 *                          in arguments and expected results: lanes are decimal (unsigned
 *                          of the lane width), little-endian in the 16 bytes; integer lanes
 *                          compare exactly, float lanes by bits or by NaN class per lane.
 *                          Failures print v128s in the expected lane shape ("f32x4:1.5 -0
 *                          nan:canonical inf"), or as v128:0x<32 hex digits> (the 128-bit
 *                          little-endian integer) when there is no expected shape
 *   assert_trap            the action (or instantiation, for the module form) traps and the
 *                          message contains the expected text
 *   assert_exhaustion      the action traps with "call stack exhausted"
 *   assert_invalid         mw_module_new fails with MW_ERR_INVALID
 *   assert_malformed       binary: mw_module_new fails with MW_ERR_MALFORMED; text: skipped
 *   assert_unlinkable      decodes, then instantiation fails with MW_ERR_LINK
 *   assert_uninstantiable  decodes, then instantiation traps (MW_ERR_TRAP)
 *
 * Nothing stops a script: a failing command is counted and the next one runs. Malformed
 * or incomplete JSON commands count as failures with a message.
 *
 * --dry-run parses every command and its values (and checks that the module files exist)
 * without running anything: "passed" then counts the commands the runner understands.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "spec_common.h"

/* ================================================================== runner state */

typedef struct named_instance {
    char *name;
    mw_instance *inst;   /* NULL when the named module failed to instantiate */
} named_instance;

typedef struct runner runner;

struct runner {
    bool verbose;
    bool dry_run;            /* --dry-run: check every command's JSON, run nothing */
    const char *aot_cache;   /* --aot: valid modules run as native code from here */
    mw_engine *engine;

    /* Per JSON file. */
    const char *path;        /* as given */
    const char *base;        /* its last component, for FAIL lines */
    char *dir;               /* directory prefix including '/', or "" */
    mw_store *store;
    mw_linker *linker;
    mw_instance *current;    /* the latest module, default target of actions */
    named_instance *names;
    size_t nnames, capnames;
    spec_host host;          /* the spectest module's print functions */
    unsigned long passed, failed, skipped;

    /* The command being run, for messages. */
    long line;
    const char *cmd_type;
    const json *field;       /* the action's export name, when there is one */
};

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void fail(runner *r, const char *fmt, ...)
{
    r->failed++;
    printf("FAIL %s:%ld %s", r->base, r->line, r->cmd_type ? r->cmd_type : "?");
    if (r->field != NULL) {
        putchar(' ');
        spec_print_name(stdout, r->field->str, r->field->len);
    }
    fputs(": ", stdout);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static void pass(runner *r) { r->passed++; }

static void skip(runner *r, const char *why)
{
    r->skipped++;
    if (r->verbose)
        printf("SKIP %s:%ld %s: %s\n", r->base, r->line, r->cmd_type, why);
}

/* ================================================================== values */

/* Decimal text of a value's bits; wast2json writes unsigned, accept a '-' too. */
static bool parse_bits(const char *s, uint64_t max, uint64_t *out)
{
    bool neg = false;
    if (s == NULL)
        return false;
    if (*s == '-') {
        neg = true;
        s++;
    }
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    if (neg) {
        if (v > max / 2 + 1)
            return false;
        v = (0 - v) & max;
    } else if (v > max) {
        return false;
    }
    *out = v;
    return true;
}

static bool valtype_from_name(const char *s, mw_valtype *t)
{
    static const struct { const char *name; mw_valtype t; } tab[] = {
        {"i32", MW_I32}, {"i64", MW_I64}, {"f32", MW_F32}, {"f64", MW_F64},
        {"externref", MW_EXTERNREF}, {"funcref", MW_FUNCREF}, {"v128", MW_V128},
    };
    if (s == NULL)
        return false;
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(s, tab[i].name) == 0) {
            *t = tab[i].t;
            return true;
        }
    return false;
}

/* ------------------------------------------------------------------ v128 */

/*
 * {"type": "v128", "lane_type": L, "value": [lane strings]} -> v128_lit. Lanes are
 * decimal (wast2json writes the unsigned value of the lane width; '-' is accepted too);
 * with allow_nan, float lanes may be "nan:canonical" or "nan:arithmetic".
 */
static bool v128_from_json(const json *e, bool allow_nan, v128_lit *out, char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    const char *lt = json_cstr(e, "lane_type");
    const v128_shape *sh = spec_v128_shape_of(lt);
    if (sh == NULL) {
        snprintf(why, whylen, "v128 with unknown lane_type '%s'", lt ? lt : "(missing)");
        return false;
    }
    out->shape = sh;
    const json *vals = json_get(e, "value");
    unsigned nlanes = 16 / sh->bytes;
    if (vals == NULL || vals->kind != JSON_ARR || vals->n != nlanes) {
        snprintf(why, whylen, "v128 %s value is not an array of %u lanes", sh->name, nlanes);
        return false;
    }
    uint64_t max = sh->bytes == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * sh->bytes)) - 1;
    for (unsigned i = 0; i < nlanes; i++) {
        const json *l = &vals->items[i];
        const char *ls = l->kind == JSON_STR ? l->str : NULL;
        uint64_t u;
        nan_pat np = spec_nan_pat_of(ls);
        if (np != NAN_NONE && allow_nan && sh->is_float) {
            out->nan[i] = np;
            continue;
        }
        if (!parse_bits(ls, max, &u)) {
            snprintf(why, whylen, "bad %s lane %u '%s'", sh->name, i, ls ? ls : "(not a string)");
            return false;
        }
        spec_lane_set(out->bytes, i, sh->bytes, u);
    }
    return true;
}

/* A JSON argument {"type": T, "value": V} -> mw_val. */
static bool arg_from_json(const json *a, mw_val *out, char *why, size_t whylen)
{
    const char *ts = json_cstr(a, "type");
    const char *vs = json_cstr(a, "value");
    mw_valtype t;
    uint64_t u = 0;
    if (!valtype_from_name(ts, &t)) {
        snprintf(why, whylen, "argument of unknown type '%s'", ts ? ts : "(missing)");
        return false;
    }
    memset(out, 0, sizeof *out);
    out->type = t;
    switch (t) {
    case MW_I32:
    case MW_F32:
        if (!parse_bits(vs, UINT32_MAX, &u))
            goto bad;
        if (t == MW_I32)
            out->of.i32 = (int32_t)(uint32_t)u;
        else
            out->of.f32_bits = (uint32_t)u;
        return true;
    case MW_I64:
    case MW_F64:
        if (!parse_bits(vs, UINT64_MAX, &u))
            goto bad;
        if (t == MW_I64)
            out->of.i64 = (int64_t)u;
        else
            out->of.f64_bits = u;
        return true;
    case MW_EXTERNREF:
        if (vs != NULL && strcmp(vs, "null") == 0) {
            out->of.externref = NULL;
            return true;
        }
        if (!parse_bits(vs, UINTPTR_MAX - 1, &u))
            goto bad;
        out->of.externref = spec_extern_of(u);
        return true;
    case MW_FUNCREF:
        /* A script can only pass a null funcref: it has no way to name a function. */
        if (vs != NULL && strcmp(vs, "null") == 0) {
            out->of.funcref = NULL;
            return true;
        }
        goto bad;
    case MW_V128: {
        v128_lit lit;
        if (!v128_from_json(a, false, &lit, why, whylen))
            return false;
        *out = mw_val_v128(lit.bytes);
        return true;
    }
    }
bad:
    snprintf(why, whylen, "bad %s argument value '%s'", ts, vs ? vs : "(missing)");
    return false;
}

/* "type:value" for an expected JSON value, in the same format as spec_fmt_val. */
static void fmt_expected(char *buf, size_t n, const json *e)
{
    const char *ts = json_cstr(e, "type");
    const char *vs = json_cstr(e, "value");
    mw_valtype t;
    mw_val v;
    char why[128];
    if (ts == NULL) {
        snprintf(buf, n, "(malformed expected value)");
        return;
    }
    if (strcmp(ts, "v128") == 0) {
        v128_lit lit;
        if (v128_from_json(e, true, &lit, why, sizeof why))
            spec_fmt_v128(buf, n, lit.bytes, lit.shape, lit.nan);
        else
            snprintf(buf, n, "v128:(%s)", why);
        return;
    }
    if (vs != NULL && strncmp(vs, "nan:", 4) == 0) {
        snprintf(buf, n, "%s:%s", ts, vs);
        return;
    }
    if ((strcmp(ts, "funcref") == 0 || strcmp(ts, "externref") == 0) && vs == NULL) {
        snprintf(buf, n, "%s:ref", ts);
        return;
    }
    if (valtype_from_name(ts, &t) && arg_from_json(e, &v, why, sizeof why)) {
        spec_fmt_val(buf, n, &v);
        return;
    }
    snprintf(buf, n, "%s:%s", ts, vs ? vs : "?");
}

/* An expected JSON value as the runners' common form (spec_common.h). */
static bool expect_from_json(const json *e, spec_expect *out)
{
    const char *ts = json_cstr(e, "type");
    const char *vs = json_cstr(e, "value");
    memset(out, 0, sizeof *out);
    if (!valtype_from_name(ts, &out->type))
        return false;
    switch (out->type) {
    case MW_I32:
    case MW_F32:
    case MW_I64:
    case MW_F64:
        out->nan = spec_nan_pat_of(vs);
        if (out->nan != NAN_NONE && (out->type == MW_F32 || out->type == MW_F64)) {
            out->kind = EXP_NAN;
            return true;
        }
        out->kind = EXP_BITS;
        return parse_bits(vs, out->type == MW_I32 || out->type == MW_F32 ? UINT32_MAX : UINT64_MAX,
                          &out->bits);
    case MW_EXTERNREF:
    case MW_FUNCREF:
        if (vs == NULL) {   /* "(ref.extern)", "(ref.func)": any non-null */
            out->kind = EXP_REF_ANY;
            return true;
        }
        if (strcmp(vs, "null") == 0) {
            out->kind = EXP_REF_NULL;
            return true;
        }
        out->kind = EXP_REF_EXTERN;
        return out->type == MW_EXTERNREF && parse_bits(vs, UINTPTR_MAX - 1, &out->bits);
    case MW_V128: {
        char why[128];
        out->kind = EXP_V128;
        return v128_from_json(e, true, &out->v128, why, sizeof why);
    }
    }
    return false;
}

/* Does got match the expected JSON value? Floats by bits, except the NaN classes. */
static bool val_matches(const json *e, const mw_val *got)
{
    spec_expect x;
    return expect_from_json(e, &x) && spec_expect_matches(&x, got);
}

/* ================================================================== actions */

typedef enum act_status {
    ACT_OK,      /* returned normally; results filled */
    ACT_TRAP,    /* trapped; err filled */
    ACT_ERROR    /* could not run (bad command, unknown export, API error); why filled */
} act_status;

static mw_instance *lookup_instance(runner *r, const json *module, char *why, size_t whylen)
{
    if (module == NULL) {
        if (r->current == NULL)
            snprintf(why, whylen, "no module to act on (the latest one failed or none yet)");
        return r->current;
    }
    /* Latest definition wins: a script may reuse a name. */
    for (size_t i = r->nnames; i-- > 0;) {
        if (strcmp(r->names[i].name, module->str) == 0) {
            if (r->names[i].inst == NULL)
                snprintf(why, whylen, "module %s failed to instantiate", module->str);
            return r->names[i].inst;
        }
    }
    snprintf(why, whylen, "no module named %s", module->str);
    return NULL;
}

/*
 * Runs an "action" object. On ACT_OK *results (malloc'd, possibly NULL when *nresults
 * is 0) holds the results; the caller frees it.
 */
static act_status run_action(runner *r, const json *action, mw_val **results, size_t *nresults,
                             mw_error *err, char *why, size_t whylen)
{
    *results = NULL;
    *nresults = 0;
    memset(err, 0, sizeof *err);
    why[0] = '\0';

    if (action == NULL || action->kind != JSON_OBJ) {
        snprintf(why, whylen, "command has no action");
        return ACT_ERROR;
    }
    const char *type = json_cstr(action, "type");
    const json *field = json_get_str(action, "field");
    const json *module = json_get_str(action, "module");
    if (type == NULL || field == NULL) {
        snprintf(why, whylen, "action lacks \"type\" or \"field\"");
        return ACT_ERROR;
    }
    r->field = field;
    mw_instance *inst = lookup_instance(r, module, why, whylen);
    if (inst == NULL)
        return ACT_ERROR;
    mw_extern ext;
    if (!mw_instance_export(inst, field->str, field->len, &ext)) {
        snprintf(why, whylen, "no such export");
        return ACT_ERROR;
    }

    if (strcmp(type, "get") == 0) {
        if (ext.kind != MW_EXTERN_GLOBAL) {
            snprintf(why, whylen, "export is not a global");
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
    if (strcmp(type, "invoke") != 0) {
        snprintf(why, whylen, "unknown action type '%s'", type);
        return ACT_ERROR;
    }
    if (ext.kind != MW_EXTERN_FUNC) {
        snprintf(why, whylen, "export is not a function");
        return ACT_ERROR;
    }

    const json *args = json_get(action, "args");
    size_t nargs = 0;
    if (args != NULL) {
        if (args->kind != JSON_ARR) {
            snprintf(why, whylen, "\"args\" is not an array");
            return ACT_ERROR;
        }
        nargs = args->n;
    }
    mw_functype ft;
    mw_func_type(ext.of.func, &ft);
    if (nargs != ft.nparams) {
        snprintf(why, whylen, "%zu arguments given, the function takes %" PRIu32, nargs, ft.nparams);
        return ACT_ERROR;
    }
    /* +1: never ask malloc for 0 bytes. */
    mw_val *params = calloc(nargs + 1, sizeof *params);
    mw_val *res = calloc((size_t)ft.nresults + 1, sizeof *res);
    if (params == NULL || res == NULL) {
        free(params);
        free(res);
        snprintf(why, whylen, "out of memory");
        return ACT_ERROR;
    }
    for (size_t i = 0; i < nargs; i++) {
        if (!arg_from_json(&args->items[i], &params[i], why, whylen)) {
            free(params);
            free(res);
            return ACT_ERROR;
        }
        if (params[i].type != ft.params[i]) {
            snprintf(why, whylen, "argument %zu is %s, the function wants %s", i + 1,
                     mw_valtype_name(params[i].type), mw_valtype_name(ft.params[i]));
            free(params);
            free(res);
            return ACT_ERROR;
        }
    }
    for (uint32_t i = 0; i < ft.nresults; i++)
        res[i].type = ft.results[i];

    mw_result rc = mw_func_call(r->store, ext.of.func, params, nargs, res, ft.nresults, err);
    free(params);
    if (rc == MW_ERR_TRAP) {
        free(res);
        return ACT_TRAP;
    }
    if (rc != MW_OK) {
        free(res);
        snprintf(why, whylen, "call failed: %s: %s", spec_result_name(rc), spec_err_text(err));
        return ACT_ERROR;
    }
    *results = res;
    *nresults = ft.nresults;
    return ACT_OK;
}

/*
 * The results of an action. hint (or NULL) is the command's expected values: a v128
 * result whose expected value is a v128 shows in that value's lanes (f32x4:...), any
 * other v128 as its 128-bit integer (v128:0x...).
 */
static void fmt_results(char *buf, size_t n, const mw_val *v, size_t count, const json *hint)
{
    size_t used = 0;
    buf[0] = '\0';
    if (count != 1 && used < n)
        used += (size_t)snprintf(buf + used, n - used, "(");
    for (size_t i = 0; i < count && used < n; i++) {
        char one[192];
        const json *h = hint != NULL && hint->kind == JSON_ARR && i < hint->n ? &hint->items[i]
                                                                            : NULL;
        const v128_shape *sh = h != NULL ? spec_v128_shape_of(json_cstr(h, "lane_type")) : NULL;
        if (v[i].type == MW_V128 && sh != NULL)
            spec_fmt_v128(one, sizeof one, v[i].of.v128, sh, NULL);
        else
            spec_fmt_val(one, sizeof one, &v[i]);
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", one);
    }
    if (count != 1 && used < n)
        snprintf(buf + used, n - used, ")");
}

/* "(a, b)" for a result list; "either (a | b)" for the alternatives of an either. */
static void fmt_expected_list(char *buf, size_t n, const json *exp, bool either)
{
    size_t used = 0;
    size_t count = exp->n;
    buf[0] = '\0';
    if (either && used < n)
        used += (size_t)snprintf(buf + used, n - used, "either ");
    if ((either || count != 1) && used < n)
        used += (size_t)snprintf(buf + used, n - used, "(");
    for (size_t i = 0; i < count && used < n; i++) {
        char one[192];
        fmt_expected(one, sizeof one, &exp->items[i]);
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? (either ? " | " : ", ") : "",
                                 one);
    }
    if ((either || count != 1) && used < n)
        snprintf(buf + used, n - used, ")");
}

/* ================================================================== modules */

/* Joins the JSON file's directory and a script-relative file name (malloc'd). */
static char *module_path(const runner *r, const char *filename)
{
    const char *dir = filename[0] == '/' ? "" : r->dir;
    size_t n = strlen(dir) + strlen(filename) + 1;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%s%s", dir, filename);
    return p;
}

/*
 * Reads and decodes the command's "filename". Returns false after reporting a failure
 * when the file cannot be read (a harness problem); otherwise true with *rc the result of
 * mw_module_new (and *m the module when MW_OK).
 */
static bool load_module(runner *r, const json *cmd, mw_module **m, mw_result *rc, mw_error *err)
{
    *m = NULL;
    memset(err, 0, sizeof *err);
    const char *filename = json_cstr(cmd, "filename");
    if (filename == NULL) {
        fail(r, "command has no \"filename\"");
        return false;
    }
    char *path = module_path(r, filename);
    if (path == NULL) {
        fail(r, "out of memory");
        return false;
    }
    uint8_t *bytes;
    size_t len;
    char why[256];
    if (!cli_read_file(path, &bytes, &len, why, sizeof why)) {
        fail(r, "cannot read %s: %s", path, why);
        free(path);
        return false;
    }
    free(path);
    *rc = mw_module_new(r->engine, bytes, len, m, err);
    if (*rc == MW_OK && r->aot_cache) {
        /* Valid: run the precompiled code instead (spec_aot.c). */
        mw_module_delete(*m);
        *m = NULL;
        *rc = cli_aot_load(r->engine, r->aot_cache, bytes, len, m, err);
        if (*rc != MW_OK) {
            fail(r, "native code: %s", spec_err_text(err));
            free(bytes);
            return false;
        }
    }
    free(bytes);
    if (*rc != MW_OK)
        *m = NULL;
    return true;
}

/* Instantiates through the linker; the module reference is dropped either way. */
static mw_result instantiate(runner *r, mw_module *m, mw_instance **inst, mw_error *err)
{
    *inst = NULL;
    memset(err, 0, sizeof *err);
    mw_result rc = mw_linker_instantiate(r->linker, r->store, m, inst, err);
    mw_module_delete(m);   /* instances keep their module alive */
    if (rc != MW_OK)
        *inst = NULL;
    return rc;
}

static bool add_name(runner *r, const char *name, mw_instance *inst)
{
    if (r->nnames == r->capnames) {
        size_t ncap = r->capnames ? r->capnames * 2 : 16;
        named_instance *nn = realloc(r->names, ncap * sizeof *nn);
        if (nn == NULL)
            return false;
        r->names = nn;
        r->capnames = ncap;
    }
    size_t len = strlen(name);
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return false;
    memcpy(copy, name, len + 1);
    r->names[r->nnames].name = copy;
    r->names[r->nnames].inst = inst;
    r->nnames++;
    return true;
}

/* ================================================================== commands */

static void cmd_module(runner *r, const json *cmd)
{
    mw_module *m;
    mw_result rc;
    mw_error err;
    mw_instance *inst = NULL;
    const char *name = json_cstr(cmd, "name");

    r->current = NULL;   /* a failed module must not leave an older one as the target */
    if (!load_module(r, cmd, &m, &rc, &err)) {
        if (name != NULL)
            add_name(r, name, NULL);
        return;
    }
    if (rc != MW_OK) {
        fail(r, "module does not load: %s: %s", spec_result_name(rc), spec_err_text(&err));
    } else if ((rc = instantiate(r, m, &inst, &err)) != MW_OK) {
        fail(r, "instantiation failed: %s: %s", spec_result_name(rc), spec_err_text(&err));
    }
    r->current = inst;
    if (name != NULL && !add_name(r, name, inst)) {
        fail(r, "out of memory");
        return;
    }
    if (inst != NULL)
        pass(r);
}

static void cmd_register(runner *r, const json *cmd)
{
    const char *as = json_cstr(cmd, "as");
    const json *name = json_get_str(cmd, "name");
    char why[256];
    if (as == NULL) {
        fail(r, "register without \"as\"");
        return;
    }
    mw_instance *inst = lookup_instance(r, name, why, sizeof why);
    if (inst == NULL) {
        fail(r, "%s", why);
        return;
    }
    mw_error err;
    memset(&err, 0, sizeof err);
    mw_result rc = mw_linker_define_instance_cstr(r->linker, as, inst, &err);
    if (rc != MW_OK) {
        fail(r, "mw_linker_define_instance: %s: %s", spec_result_name(rc), spec_err_text(&err));
        return;
    }
    pass(r);
}

static void cmd_assert_return(runner *r, const json *cmd)
{
    mw_val *res;
    size_t nres;
    mw_error err;
    char why[256];
    act_status st = run_action(r, json_get(cmd, "action"), &res, &nres, &err, why, sizeof why);
    if (st == ACT_ERROR) {
        fail(r, "%s", why);
        return;
    }
    if (st == ACT_TRAP) {
        fail(r, "trapped: %s", spec_err_text(&err));
        return;
    }
    /* wast2json writes "expected": [results], or for (either R1 R2 ...) of a one-result
     * action "either": [R1, R2, ...]: the result must match one of them. */
    const json *exp = json_get(cmd, "expected");
    const json *either = exp == NULL ? json_get(cmd, "either") : NULL;
    const json *list = either != NULL ? either : exp;
    char e[4096], g[2048];
    fmt_results(g, sizeof g, res, nres, list);
    if (list == NULL || list->kind != JSON_ARR) {
        fail(r, "no \"expected\" or \"either\" array; got %s", g);
        free(res);
        return;
    }
    bool ok;
    if (either != NULL) {
        ok = false;
        for (size_t i = 0; !ok && nres == 1 && i < either->n; i++)
            ok = val_matches(&either->items[i], &res[0]);
    } else {
        ok = exp->n == nres;
        for (size_t i = 0; ok && i < nres; i++)
            ok = val_matches(&exp->items[i], &res[i]);
    }
    if (ok) {
        pass(r);
    } else {
        fmt_expected_list(e, sizeof e, list, either != NULL);
        fail(r, "expected %s got %s", e, g);
    }
    free(res);
}

static void cmd_action(runner *r, const json *cmd)
{
    mw_val *res;
    size_t nres;
    mw_error err;
    char why[256];
    act_status st = run_action(r, json_get(cmd, "action"), &res, &nres, &err, why, sizeof why);
    free(res);
    if (st == ACT_ERROR)
        fail(r, "%s", why);
    else if (st == ACT_TRAP)
        fail(r, "trapped: %s", spec_err_text(&err));
    else
        pass(r);
}

/* A module that loads but must fail to instantiate: with a trap (assert_uninstantiable,
 * assert_trap in its module form; the trap text must match) or a link error
 * (assert_unlinkable). */
static void expect_instantiation_failure(runner *r, const json *cmd, mw_result want)
{
    mw_module *m;
    mw_result rc;
    mw_error err;
    mw_instance *inst;
    const char *text = json_cstr(cmd, "text");
    const char *what = want == MW_ERR_TRAP ? "trap" : "link error";
    if (!load_module(r, cmd, &m, &rc, &err))
        return;
    if (rc != MW_OK) {
        fail(r, "module does not load: %s: %s", spec_result_name(rc), spec_err_text(&err));
        return;
    }
    rc = instantiate(r, m, &inst, &err);
    if (rc == MW_OK)
        fail(r, "expected %s '%s', instantiation succeeded", what, text ? text : "");
    else if (rc != want)
        fail(r, "expected %s '%s', got %s: %s", what, text ? text : "", spec_result_name(rc),
             spec_err_text(&err));
    else if (want == MW_ERR_TRAP && !spec_trap_matches(&err, text))
        fail(r, "expected trap '%s', got trap '%s'", text, spec_err_text(&err));
    else
        pass(r);
}

static void cmd_assert_trap(runner *r, const json *cmd, bool exhaustion)
{
    const json *action = json_get(cmd, "action");
    if (action == NULL && !exhaustion && json_get(cmd, "filename") != NULL) {
        expect_instantiation_failure(r, cmd, MW_ERR_TRAP);
        return;
    }
    mw_val *res;
    size_t nres;
    mw_error err;
    char why[256];
    const char *text = json_cstr(cmd, "text");
    act_status st = run_action(r, action, &res, &nres, &err, why, sizeof why);
    if (st == ACT_ERROR) {
        fail(r, "%s", why);
    } else if (st == ACT_OK) {
        char g[2048];
        fmt_results(g, sizeof g, res, nres, NULL);
        fail(r, "expected trap '%s', returned %s", text ? text : "", g);
    } else if (exhaustion ? !(err.trap == MW_TRAP_STACK_EXHAUSTED || spec_trap_matches(&err, text))
                          : !spec_trap_matches(&err, text)) {
        fail(r, "expected trap '%s', got trap '%s'", text ? text : "", spec_err_text(&err));
    } else {
        pass(r);
    }
    free(res);
}

/* assert_invalid / assert_malformed: decoding must fail with `want`. */
static void expect_load_error(runner *r, const json *cmd, mw_result want)
{
    const char *mt = json_cstr(cmd, "module_type");
    const char *text = json_cstr(cmd, "text");
    if (mt != NULL && strcmp(mt, "text") == 0) {
        skip(r, "text-format module");
        return;
    }
    mw_module *m;
    mw_result rc;
    mw_error err;
    if (!load_module(r, cmd, &m, &rc, &err))
        return;
    if (rc == MW_OK) {
        mw_module_delete(m);
        fail(r, "expected %s ('%s'), the module loaded", spec_result_name(want), text ? text : "");
    } else if (!spec_load_error_ok(want, &err, true)) {
        fail(r, "expected %s ('%s'), got %s: %s", spec_result_name(want), text ? text : "",
             spec_result_name(rc), spec_err_text(&err));
    } else {
        if (r->verbose)
            printf("ok %s:%ld %s: expected '%s', got '%s'\n", r->base, r->line, r->cmd_type,
                   text ? text : "", spec_err_text(&err));
        pass(r);
    }
}

/* ================================================================== --dry-run */

/*
 * --dry-run reads every command as a real run would (actions, arguments, expected
 * values, the module files they name) but runs nothing: a command passes when the
 * runner understands it, fails with the reason otherwise, text modules are skipped as
 * usual. It checks the runner (and the conversion) independently of the runtime.
 */

/* An expected value, as val_matches would read it. */
static bool check_expected(const json *e, char *why, size_t whylen)
{
    const char *ts = json_cstr(e, "type");
    const char *vs = json_cstr(e, "value");
    mw_valtype t;
    uint64_t u;
    v128_lit lit;
    if (!valtype_from_name(ts, &t)) {
        snprintf(why, whylen, "expected value of unknown type '%s'", ts ? ts : "(missing)");
        return false;
    }
    bool ok = false;
    switch (t) {
    case MW_I32: ok = parse_bits(vs, UINT32_MAX, &u); break;
    case MW_I64: ok = parse_bits(vs, UINT64_MAX, &u); break;
    case MW_F32: ok = spec_nan_pat_of(vs) != NAN_NONE || parse_bits(vs, UINT32_MAX, &u); break;
    case MW_F64: ok = spec_nan_pat_of(vs) != NAN_NONE || parse_bits(vs, UINT64_MAX, &u); break;
    case MW_EXTERNREF:
        ok = vs == NULL ? json_get(e, "value") == NULL
                        : strcmp(vs, "null") == 0 || parse_bits(vs, UINTPTR_MAX - 1, &u);
        break;
    case MW_FUNCREF:
        ok = vs == NULL ? json_get(e, "value") == NULL : strcmp(vs, "null") == 0;
        break;
    case MW_V128:
        return v128_from_json(e, true, &lit, why, whylen);
    }
    if (!ok)
        snprintf(why, whylen, "bad expected %s value '%s'", ts, vs ? vs : "(missing)");
    return ok;
}

static bool check_expected_list(const json *list, const char *key, char *why, size_t whylen)
{
    if (list == NULL || list->kind != JSON_ARR) {
        snprintf(why, whylen, "\"%s\" is not an array", key);
        return false;
    }
    for (size_t i = 0; i < list->n; i++)
        if (!check_expected(&list->items[i], why, whylen))
            return false;
    return true;
}

static bool check_action(runner *r, const json *action, char *why, size_t whylen)
{
    if (action == NULL || action->kind != JSON_OBJ) {
        snprintf(why, whylen, "command has no action");
        return false;
    }
    const char *type = json_cstr(action, "type");
    const json *field = json_get_str(action, "field");
    const json *module = json_get(action, "module");
    if (type == NULL || field == NULL) {
        snprintf(why, whylen, "action lacks \"type\" or \"field\"");
        return false;
    }
    r->field = field;
    if (module != NULL && module->kind != JSON_STR) {
        snprintf(why, whylen, "\"module\" is not a string");
        return false;
    }
    if (strcmp(type, "get") == 0)
        return true;
    if (strcmp(type, "invoke") != 0) {
        snprintf(why, whylen, "unknown action type '%s'", type);
        return false;
    }
    const json *args = json_get(action, "args");
    if (args == NULL)
        return true;
    if (args->kind != JSON_ARR) {
        snprintf(why, whylen, "\"args\" is not an array");
        return false;
    }
    for (size_t i = 0; i < args->n; i++) {
        mw_val v;
        if (!arg_from_json(&args->items[i], &v, why, whylen))
            return false;
    }
    return true;
}

/* The command's "filename" names a readable file (next to the JSON file). */
static bool check_file(runner *r, const json *cmd, char *why, size_t whylen)
{
    const char *filename = json_cstr(cmd, "filename");
    if (filename == NULL) {
        snprintf(why, whylen, "command has no \"filename\"");
        return false;
    }
    char *path = module_path(r, filename);
    if (path == NULL) {
        snprintf(why, whylen, "out of memory");
        return false;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        snprintf(why, whylen, "cannot read %s: %s", path, strerror(errno));
    else
        fclose(f);
    free(path);
    return f != NULL;
}

static void dry_command(runner *r, const json *cmd, const char *type)
{
    char why[256];
    bool ok;
    why[0] = '\0';
    if (strcmp(type, "module") == 0 || strcmp(type, "assert_unlinkable") == 0 ||
        strcmp(type, "assert_uninstantiable") == 0) {
        ok = check_file(r, cmd, why, sizeof why);
    } else if (strcmp(type, "register") == 0) {
        ok = json_cstr(cmd, "as") != NULL;
        if (!ok)
            snprintf(why, sizeof why, "register without \"as\"");
    } else if (strcmp(type, "action") == 0 || strcmp(type, "assert_exhaustion") == 0) {
        ok = check_action(r, json_get(cmd, "action"), why, sizeof why);
    } else if (strcmp(type, "assert_return") == 0) {
        const json *exp = json_get(cmd, "expected");
        const char *key = exp != NULL ? "expected" : "either";
        ok = check_action(r, json_get(cmd, "action"), why, sizeof why) &&
             check_expected_list(json_get(cmd, key), key, why, sizeof why);
    } else if (strcmp(type, "assert_trap") == 0) {
        const json *action = json_get(cmd, "action");
        ok = action == NULL && json_get(cmd, "filename") != NULL
                 ? check_file(r, cmd, why, sizeof why)
                 : check_action(r, action, why, sizeof why);
    } else if (strcmp(type, "assert_invalid") == 0 || strcmp(type, "assert_malformed") == 0) {
        const char *mt = json_cstr(cmd, "module_type");
        if (mt != NULL && strcmp(mt, "text") == 0) {
            skip(r, "text-format module");
            return;
        }
        ok = check_file(r, cmd, why, sizeof why);
    } else {
        ok = false;
        snprintf(why, sizeof why, "unknown command type");
    }
    if (ok)
        pass(r);
    else
        fail(r, "%s", why);
}

static void run_command(runner *r, const json *cmd)
{
    r->field = NULL;
    r->line = 0;
    r->cmd_type = "?";
    const json *line = json_get(cmd, "line");
    if (line != NULL && line->kind == JSON_NUM)
        r->line = (long)line->num;
    const char *type = json_cstr(cmd, "type");
    if (type == NULL) {
        fail(r, "command without \"type\"");
        return;
    }
    r->cmd_type = type;
    if (r->dry_run)
        dry_command(r, cmd, type);
    else if (strcmp(type, "module") == 0)
        cmd_module(r, cmd);
    else if (strcmp(type, "register") == 0)
        cmd_register(r, cmd);
    else if (strcmp(type, "assert_return") == 0)
        cmd_assert_return(r, cmd);
    else if (strcmp(type, "action") == 0)
        cmd_action(r, cmd);
    else if (strcmp(type, "assert_trap") == 0)
        cmd_assert_trap(r, cmd, false);
    else if (strcmp(type, "assert_exhaustion") == 0)
        cmd_assert_trap(r, cmd, true);
    else if (strcmp(type, "assert_invalid") == 0)
        expect_load_error(r, cmd, MW_ERR_INVALID);
    else if (strcmp(type, "assert_malformed") == 0)
        expect_load_error(r, cmd, MW_ERR_MALFORMED);
    else if (strcmp(type, "assert_unlinkable") == 0)
        expect_instantiation_failure(r, cmd, MW_ERR_LINK);
    else if (strcmp(type, "assert_uninstantiable") == 0)
        expect_instantiation_failure(r, cmd, MW_ERR_TRAP);
    else
        fail(r, "unknown command type");
}

/* ================================================================== spectest */

/* ================================================================== files */

static void reset_file_state(runner *r)
{
    /* The linker names store objects: delete it first. */
    if (r->linker != NULL)
        mw_linker_delete(r->linker);
    if (r->store != NULL)
        mw_store_delete(r->store);
    r->linker = NULL;
    r->store = NULL;
    r->current = NULL;
    for (size_t i = 0; i < r->nnames; i++)
        free(r->names[i].name);
    free(r->names);
    r->names = NULL;
    r->nnames = r->capnames = 0;
    free(r->dir);
    r->dir = NULL;
}

static void run_file(runner *r, const char *path)
{
    r->path = path;
    const char *slash = strrchr(path, '/');
    r->base = slash ? slash + 1 : path;
    r->passed = r->failed = r->skipped = 0;
    r->line = 0;
    r->cmd_type = "file";
    r->field = NULL;

    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    r->dir = malloc(dirlen + 1);
    if (r->dir == NULL) {
        fail(r, "out of memory");
        return;
    }
    memcpy(r->dir, path, dirlen);
    r->dir[dirlen] = '\0';

    uint8_t *text;
    size_t len;
    char why[256];
    if (!cli_read_file(path, &text, &len, why, sizeof why)) {
        fail(r, "cannot read %s: %s", path, why);
        reset_file_state(r);
        return;
    }
    json doc;
    const char *jerr;
    size_t joff;
    bool ok = json_parse((const char *)text, len, &doc, &jerr, &joff);
    free(text);
    if (!ok) {
        fail(r, "invalid JSON at byte %zu: %s", joff, jerr);
        reset_file_state(r);
        return;
    }
    const json *cmds = json_get(&doc, "commands");
    if (cmds == NULL || cmds->kind != JSON_ARR) {
        fail(r, "no \"commands\" array");
        json_free(&doc);
        reset_file_state(r);
        return;
    }

    mw_error err;
    memset(&err, 0, sizeof err);
    if (!r->dry_run &&
        (mw_store_new(r->engine, NULL, &r->store, &err) != MW_OK ||
        mw_linker_new(r->engine, &r->linker, &err) != MW_OK ||
         !spec_define_spectest(&r->host, r->store, r->linker, &err))) {
        fail(r, "cannot set up the store and the spectest module: %s: %s",
             spec_result_name(err.code), spec_err_text(&err));
        json_free(&doc);
        reset_file_state(r);
        return;
    }

    for (size_t i = 0; i < cmds->n; i++) {
        run_command(r, &cmds->items[i]);
        fflush(stdout);   /* keep FAIL lines ahead of a crash, should one happen */
    }
    r->field = NULL;      /* both point into doc */
    r->cmd_type = "file";
    json_free(&doc);
    reset_file_state(r);
}

int cli_spec_main(int argc, char **argv)
{
    runner r;
    memset(&r, 0, sizeof r);
    int first = 0, jobs = 2, opt = -1;
    bool aot = false, prepare_only = false;
    const char *aot_cache = NULL;
    char tmpcache[4096] = "";
    while (first < argc && argv[first][0] == '-') {
        if (strcmp(argv[first], "-v") == 0) {
            r.verbose = r.host.verbose = true;
        } else if (strcmp(argv[first], "--dry-run") == 0) {
            r.dry_run = true;
        } else if (strcmp(argv[first], "--aot") == 0) {
            aot = true;
        } else if (strcmp(argv[first], "--aot-prepare") == 0) {
            aot = prepare_only = true;
        } else if (strcmp(argv[first], "--aot-cache") == 0 && first + 1 < argc) {
            aot = true;
            aot_cache = argv[++first];
        } else if (strncmp(argv[first], "-j", 2) == 0 && argv[first][2]) {
            jobs = atoi(argv[first] + 2);
        } else if (strncmp(argv[first], "-O", 2) == 0 && argv[first][2]) {
            opt = atoi(argv[first] + 2);
        } else if (strcmp(argv[first], "--") == 0) {
            first++;
            break;
        } else {
            fprintf(stderr, "minwasm: spec: unknown option '%s'\n", argv[first]);
            return CLI_EXIT_USAGE;
        }
        first++;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: minwasm spec [-v] [--dry-run] [--aot[-prepare] [--aot-cache DIR] [-jN] [-ON]] FILE.json...\n");
        return CLI_EXIT_USAGE;
    }
    if (aot && !r.dry_run) {
        if (!aot_cache) {
            if (!cli_aot_tmpdir(tmpcache, sizeof tmpcache)) {
                fprintf(stderr, "minwasm: spec: cannot create a cache directory\n");
                return CLI_EXIT_LOAD;
            }
            aot_cache = tmpcache;
        }
        if (!cli_aot_prepare(argv + first, argc - first, aot_cache, jobs, opt))
            return CLI_EXIT_LOAD;
        if (prepare_only)
            return CLI_EXIT_OK;
        r.aot_cache = aot_cache;
    }

    cli_alloc_stats stats = {0, 0, 0, 0};
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = cli_alloc;
    cfg.alloc_ud = &stats;
    mw_error err;
    memset(&err, 0, sizeof err);
    if (mw_engine_new(&cfg, &r.engine, &err) != MW_OK) {
        fprintf(stderr, "minwasm: spec: cannot create the engine: %s\n", spec_err_text(&err));
        return CLI_EXIT_LOAD;
    }

    unsigned long passed = 0, failed = 0, skipped = 0;
    int nfiles = argc - first;
    for (int i = first; i < argc; i++) {
        run_file(&r, argv[i]);
        passed += r.passed;
        failed += r.failed;
        skipped += r.skipped;
        if (nfiles > 1)
            printf("%s: %lu passed, %lu failed, %lu skipped\n", argv[i], r.passed, r.failed,
                   r.skipped);
    }
    mw_engine_delete(r.engine);
    if (tmpcache[0])
        cli_aot_rmdir(tmpcache);
    printf("%lu passed, %lu failed, %lu skipped\n", passed, failed, skipped);
    if (stats.in_use != 0 || stats.blocks != 0)
        fprintf(stderr, "minwasm: spec: warning: %zu bytes in %zu blocks not freed by the runtime\n",
                stats.in_use, stats.blocks);
    fflush(stdout);
    return failed == 0 ? CLI_EXIT_OK : CLI_EXIT_LOAD;
}
