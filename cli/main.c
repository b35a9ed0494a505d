/*
 * main.c — the `minwasm` command: --version, --help, run, spec.
 *
 * `run` loads one module, instantiates it (running its start function) and then calls
 * either the function named by --invoke, with arguments parsed from the command line
 * according to the export's parameter types, or `_start` when the module exports it.
 * Every error is one line on stderr; the exit status tells its class (see usage()).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
    fputs("usage: minwasm run [--invoke NAME] FILE.wasm [ARGS...]\n"
          "       minwasm spec [-v] FILE.json...\n"
          "       minwasm --version | --help\n"
          "\n"
          "run     instantiate FILE.wasm (running its start function), then call the\n"
          "        export NAME with ARGS, or `_start` when exported and no --invoke is\n"
          "        given; print each result on its own line.\n"
          "        ARGS follow the export's parameter types: i32/i64 as decimal\n"
          "        (negative allowed) or 0x hex; f32/f64 as decimal, hex float, inf,\n"
          "        nan or nan:0xPAYLOAD; references only as null.\n"
          "spec    run spec-test scripts converted by wast2json; -v also prints what\n"
          "        spectest.print* receive, each skip, and the runtime's message for\n"
          "        each passing assert_invalid/assert_malformed.\n"
          "\n"
          "exit status: 0 success; 1 load, validation or link error, or spec\n"
          "failures; 2 usage error; 134 the wasm code trapped.\n",
          out);
}

/* ------------------------------------------------------------------ shared helpers */

bool cli_read_file(const char *path, uint8_t **data, size_t *len, char *why, size_t whylen)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(why, whylen, "%s", strerror(errno));
        return false;
    }
    /* Grow while reading rather than trusting ftell: works for pipes and /dev/stdin. */
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *nb = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
        if (nb == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    if (buf == NULL) {
        fclose(f);
        snprintf(why, whylen, "out of memory");
        return false;
    }
    if (ferror(f)) {
        snprintf(why, whylen, "read error");
        fclose(f);
        free(buf);
        return false;
    }
    fclose(f);
    *data = buf;
    *len = n;
    return true;
}

const char *cli_valtype_name(mw_valtype t)
{
    switch (t) {
    case MW_I32: return "i32";
    case MW_I64: return "i64";
    case MW_F32: return "f32";
    case MW_F64: return "f64";
    case MW_V128: return "v128";
    case MW_FUNCREF: return "funcref";
    case MW_EXTERNREF: return "externref";
    }
    return "?";
}

void cli_format_f32(uint32_t bits, char *buf, size_t n)
{
    const char *sign = (bits >> 31) ? "-" : "";
    uint32_t mag = bits & 0x7fffffffu;
    if (mag > 0x7f800000u) {
        uint32_t payload = mag & 0x007fffffu;
        if (payload == 0x00400000u)
            snprintf(buf, n, "%snan", sign);
        else
            snprintf(buf, n, "%snan:0x%" PRIx32, sign, payload);
        return;
    }
    if (mag == 0x7f800000u) {
        snprintf(buf, n, "%sinf", sign);
        return;
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    /* 9 significant digits always round-trip a float; stop at the first shorter one. */
    for (int prec = 1; prec <= 9; prec++) {
        snprintf(buf, n, "%.*g", prec, (double)f);
        float back = strtof(buf, NULL);
        if (memcmp(&back, &f, sizeof f) == 0)
            return;
    }
}

void cli_format_f64(uint64_t bits, char *buf, size_t n)
{
    const char *sign = (bits >> 63) ? "-" : "";
    uint64_t mag = bits & 0x7fffffffffffffffull;
    if (mag > 0x7ff0000000000000ull) {
        uint64_t payload = mag & 0x000fffffffffffffull;
        if (payload == 0x0008000000000000ull)
            snprintf(buf, n, "%snan", sign);
        else
            snprintf(buf, n, "%snan:0x%" PRIx64, sign, payload);
        return;
    }
    if (mag == 0x7ff0000000000000ull) {
        snprintf(buf, n, "%sinf", sign);
        return;
    }
    double d;
    memcpy(&d, &bits, sizeof d);
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, d);
        double back = strtod(buf, NULL);
        if (memcmp(&back, &d, sizeof d) == 0)
            return;
    }
}

/* ------------------------------------------------------------------ argument parsing */

/*
 * An integer of `bits` bits: decimal with optional '-', or 0x hex. Values up to the
 * unsigned maximum are accepted (they wrap to the same bit pattern), negative ones down
 * to the signed minimum.
 */
static bool parse_int(const char *s, unsigned bits, uint64_t *out)
{
    bool neg = false;
    if (*s == '-') {
        neg = true;
        s++;
    } else if (*s == '+') {
        s++;
    }
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    /* strtoull would accept a second sign or leading blanks; insist on a digit. */
    if (!(base == 16 ? (*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
                     : (*s >= '0' && *s <= '9')))
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, base);
    if (errno != 0 || *end != '\0')
        return false;
    uint64_t umax = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    uint64_t nmax = UINT64_C(1) << (bits - 1);   /* magnitude of the signed minimum */
    if (neg) {
        if (v > nmax)
            return false;
        *out = (uint64_t)0 - (uint64_t)v;
    } else {
        if (v > umax)
            return false;
        *out = v;
    }
    if (bits < 64)
        *out &= umax;
    return true;
}

/* "nan:0xPAYLOAD" with optional sign: the only way to pass an exact NaN on the CLI. */
static bool parse_nan_payload(const char *s, uint64_t *sign, uint64_t *payload)
{
    *sign = 0;
    if (*s == '-' || *s == '+') {
        *sign = *s == '-';
        s++;
    }
    if (strncmp(s, "nan:0x", 6) != 0)
        return false;
    s += 6;
    if (*s == '\0' || *s == '-' || *s == '+' || *s == ' ')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 16);
    if (errno != 0 || *end != '\0' || v == 0)
        return false;
    *payload = v;
    return true;
}

static bool parse_arg(const char *s, mw_valtype t, mw_val *out)
{
    uint64_t u, sign, payload;
    char *end;
    if (*s == '\0')
        return false;
    switch (t) {
    case MW_I32:
        if (!parse_int(s, 32, &u))
            return false;
        *out = mw_val_i32((int32_t)(uint32_t)u);
        return true;
    case MW_I64:
        if (!parse_int(s, 64, &u))
            return false;
        *out = mw_val_i64((int64_t)u);
        return true;
    case MW_F32: {
        if (parse_nan_payload(s, &sign, &payload)) {
            if (payload > 0x7fffffu)
                return false;
            *out = mw_val_f32_bits((uint32_t)(sign << 31 | 0x7f800000u | payload));
            return true;
        }
        float f = strtof(s, &end);
        if (*end != '\0')
            return false;
        uint32_t b;
        memcpy(&b, &f, sizeof b);
        *out = mw_val_f32_bits(b);
        return true;
    }
    case MW_F64: {
        if (parse_nan_payload(s, &sign, &payload)) {
            if (payload > 0xfffffffffffffull)
                return false;
            *out = mw_val_f64_bits(sign << 63 | 0x7ff0000000000000ull | payload);
            return true;
        }
        double d = strtod(s, &end);
        if (*end != '\0')
            return false;
        uint64_t b;
        memcpy(&b, &d, sizeof b);
        *out = mw_val_f64_bits(b);
        return true;
    }
    case MW_FUNCREF:
    case MW_EXTERNREF:
        /* The command line has no way to name a host object: only null. */
        if (strcmp(s, "null") != 0)
            return false;
        out->type = t;
        if (t == MW_FUNCREF)
            out->of.funcref = NULL;
        else
            out->of.externref = NULL;
        return true;
    case MW_V128:
        return false;
    }
    return false;
}

static void print_val(const mw_val *v)
{
    char buf[64];
    switch (v->type) {
    case MW_I32: printf("%" PRId32 "\n", v->of.i32); return;
    case MW_I64: printf("%" PRId64 "\n", v->of.i64); return;
    case MW_F32: cli_format_f32(v->of.f32_bits, buf, sizeof buf); printf("%s\n", buf); return;
    case MW_F64: cli_format_f64(v->of.f64_bits, buf, sizeof buf); printf("%s\n", buf); return;
    case MW_FUNCREF: printf("%s\n", v->of.funcref ? "ref" : "null"); return;
    case MW_EXTERNREF: printf("%s\n", v->of.externref ? "ref" : "null"); return;
    case MW_V128: break;
    }
    printf("?\n");
}

/* ------------------------------------------------------------------ run */

static void print_error(const char *file, const mw_error *err)
{
    const char *msg = err->msg[0] ? err->msg : mw_result_name(err->code);
    if (err->offset != SIZE_MAX && (err->code == MW_ERR_MALFORMED || err->code == MW_ERR_INVALID))
        fprintf(stderr, "minwasm: %s: %s (at byte offset 0x%zx)\n", file, msg, err->offset);
    else
        fprintf(stderr, "minwasm: %s: %s\n", file, msg);
}

/* Exit status for a failed instantiate or call, after printing the one-line error. */
static int report_failure(const char *file, const mw_error *err)
{
    if (err->code == MW_ERR_TRAP) {
        if (err->trap == MW_TRAP_EXIT)
            return (int)(err->exit_code & 0xff);   /* a requested exit is not an error */
        const char *msg = err->msg[0] ? err->msg : mw_trap_message(err->trap);
        fprintf(stderr, "minwasm: trap: %s\n", msg ? msg : "?");
        return CLI_EXIT_TRAP;
    }
    print_error(file, err);
    return err->code == MW_ERR_ARG ? CLI_EXIT_USAGE : CLI_EXIT_LOAD;
}

/*
 * The linker of `run` defines nothing yet (no WASI), so every import is unresolved;
 * name the first one ourselves rather than depend on the wording of the link error.
 * Drop this once the command provides host imports.
 */
static bool check_imports(const char *file, const mw_module *m)
{
    static const char *const kinds[] = {"func", "table", "memory", "global"};
    mw_import_export_desc d;
    if (mw_module_import_count(m) == 0 || !mw_module_import(m, 0, &d))
        return true;
    fprintf(stderr, "minwasm: %s: unresolved import \"%.*s\".\"%.*s\" (%s): "
            "minwasm run provides no host imports yet\n",
            file, (int)d.module_len, d.module, (int)d.name_len, d.name,
            (unsigned)d.kind < 4 ? kinds[d.kind] : "?");
    return false;
}

static int cmd_run(int argc, char **argv)
{
    const char *invoke = NULL;
    int i = 0;
    while (i < argc && argv[i][0] == '-' && argv[i][1] == '-') {
        if (strcmp(argv[i], "--invoke") == 0 && i + 1 < argc) {
            invoke = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--invoke=", 9) == 0) {
            invoke = argv[i] + 9;
            i++;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "minwasm: run: unknown option '%s'\n", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "minwasm: run: missing FILE.wasm (see minwasm --help)\n");
        return CLI_EXIT_USAGE;
    }
    const char *file = argv[i++];
    char **args = argv + i;
    int nargs = argc - i;
    if (invoke == NULL && nargs > 0) {
        fprintf(stderr, "minwasm: run: arguments need --invoke NAME (no WASI support yet)\n");
        return CLI_EXIT_USAGE;
    }

    char why[256];
    uint8_t *bytes;
    size_t len;
    if (!cli_read_file(file, &bytes, &len, why, sizeof why)) {
        fprintf(stderr, "minwasm: %s: %s\n", file, why);
        return CLI_EXIT_LOAD;
    }

    int status = CLI_EXIT_LOAD;
    cli_alloc_stats stats = {0, 0, 0, 0};
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = cli_alloc;
    cfg.alloc_ud = &stats;
    mw_engine *engine = NULL;
    mw_module *module = NULL;
    mw_store *store = NULL;
    mw_linker *linker = NULL;
    mw_instance *inst = NULL;
    mw_val *params = NULL, *results = NULL;
    mw_error err;
    memset(&err, 0, sizeof err);

    if (mw_engine_new(&cfg, &engine, &err) != MW_OK) {
        print_error(file, &err);
        goto out;
    }
    mw_result r = mw_module_new(engine, bytes, len, &module, &err);
    free(bytes);
    bytes = NULL;
    if (r != MW_OK) {
        print_error(file, &err);
        goto out;
    }
    if (!check_imports(file, module))
        goto out;
    if (mw_store_new(engine, NULL, &store, &err) != MW_OK ||
        mw_linker_new(engine, &linker, &err) != MW_OK) {
        print_error(file, &err);
        goto out;
    }
    if (mw_linker_instantiate(linker, store, module, &inst, &err) != MW_OK) {
        status = report_failure(file, &err);
        goto out;
    }

    const char *fname = invoke ? invoke : "_start";
    mw_extern ext;
    if (!mw_instance_export(inst, fname, strlen(fname), &ext)) {
        if (invoke == NULL) {
            status = CLI_EXIT_OK;   /* nothing to call: instantiating was the whole job */
            goto out;
        }
        fprintf(stderr, "minwasm: %s: no export named '%s'\n", file, fname);
        goto out;
    }
    if (ext.kind != MW_EXTERN_FUNC) {
        fprintf(stderr, "minwasm: %s: export '%s' is not a function\n", file, fname);
        goto out;
    }
    mw_functype ft;
    mw_func_type(ext.of.func, &ft);
    if ((uint32_t)nargs != ft.nparams) {
        fprintf(stderr, "minwasm: %s: '%s' takes %" PRIu32 " argument%s, %d given\n",
                file, fname, ft.nparams, ft.nparams == 1 ? "" : "s", nargs);
        status = CLI_EXIT_USAGE;
        goto out;
    }
    /* +1: never ask malloc for 0 bytes, whose result may be NULL. */
    params = calloc((size_t)ft.nparams + 1, sizeof *params);
    results = calloc((size_t)ft.nresults + 1, sizeof *results);
    if (params == NULL || results == NULL) {
        fprintf(stderr, "minwasm: out of memory\n");
        goto out;
    }
    for (uint32_t k = 0; k < ft.nparams; k++) {
        if (!parse_arg(args[k], ft.params[k], &params[k])) {
            fprintf(stderr, "minwasm: %s: argument %" PRIu32 " of '%s': '%s' is not a valid %s\n",
                    file, k + 1, fname, args[k], cli_valtype_name(ft.params[k]));
            status = CLI_EXIT_USAGE;
            goto out;
        }
    }
    for (uint32_t k = 0; k < ft.nresults; k++)
        results[k].type = ft.results[k];
    if (mw_func_call(store, ext.of.func, params, ft.nparams, results, ft.nresults, &err) != MW_OK) {
        status = report_failure(file, &err);
        goto out;
    }
    for (uint32_t k = 0; k < ft.nresults; k++)
        print_val(&results[k]);
    status = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_LOAD;

out:
    free(params);
    free(results);
    free(bytes);
    /* The linker goes before the store whose objects it may name. */
    if (linker != NULL)
        mw_linker_delete(linker);
    if (store != NULL)
        mw_store_delete(store);
    if (module != NULL)
        mw_module_delete(module);
    if (engine != NULL)
        mw_engine_delete(engine);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("minwasm " MW_VERSION "\n");
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "spec") == 0)
        return cli_spec_main(argc - 2, argv + 2);
    fprintf(stderr, "minwasm: unknown command '%s' (see minwasm --help)\n", cmd);
    return CLI_EXIT_USAGE;
}
