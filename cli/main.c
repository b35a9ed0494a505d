/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * main.c — the `minwasm` command: --version, --help, run, wat2wasm (and dispatch to
 * spec, wast, compile, explore). A module file may be a binary, a .cwasm or text (.wat).
 *
 * `run` loads one module, links WASI preview 1 (wasi/minwasm_wasi.h), instantiates the
 * module (running its start function) and then calls either the function named by
 * --invoke, with arguments parsed from the command line according to the export's
 * parameter types, or `_start` (a WASI command) with the remaining arguments as the
 * guest's argv. Every error is one line on stderr; the exit status tells its class (see
 * usage()).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "minwasm_wat.h"
#include "../wasi/minwasm_wasi.h"

static void usage_run(FILE *out)
{
    fputs("usage: minwasm run [OPTIONS] FILE.wasm|FILE.cwasm|- [ARGS...]\n"
          "       minwasm [OPTIONS] FILE.wasm [ARGS...]      (the same: run is the default)\n"
          "\n"
          "Instantiate FILE (running its start function) with WASI preview 1\n"
          "(wasi_snapshot_preview1) linked in, then call `_start` with ARGS as the guest's\n"
          "argv[1..] (argv[0] is FILE as given). FILE `-` reads the module from stdin.\n"
          "FILE may be a binary module, a .cwasm or a text module (.wat).\n"
          "Options go before FILE; everything after FILE is the guest's. With --invoke\n"
          "NAME, call the export NAME instead (after `_initialize` when the module exports\n"
          "one), with ARGS as its arguments, and print each result on its own line. ARGS\n"
          "of --invoke follow the export's parameter types: i32/i64 as decimal (negative\n"
          "allowed) or 0x hex; f32/f64 as decimal, hex float, inf, nan or nan:0xPAYLOAD;\n"
          "references only as null; v128 as one 128-bit integer, 0x and up to 32 hex\n"
          "digits (or decimal), whose little-endian bytes are the lanes: i32x4 1 2 3 4 is\n"
          "0x00000004000000030000000200000001. v128 results print that way, always with\n"
          "32 hex digits.\n"
          "\n"
          "options (also --opt=VALUE; `--` ends the options):\n"
          "  --dir HOST[::GUEST]   give the guest the host directory HOST under the name\n"
          "                        GUEST (default: HOST). Repeatable. The guest sees only\n"
          "                        these directories: `..` above them, absolute paths and\n"
          "                        symbolic links that lead outside are refused.\n"
          "  --env NAME=VALUE      set a guest environment variable (repeatable; the last\n"
          "                        value of a NAME wins); --env NAME passes the host's\n"
          "                        value of NAME. Nothing else of the host's environment\n"
          "                        is visible to the guest, unless -S inherit-env.\n"
          "  --invoke NAME         call the export NAME instead of `_start`.\n"
          "  --aot                 run FILE.wasm as native code: compile it first (minwasm\n"
          "                        compile) into the cache directory $MINWASM_CACHE_DIR\n"
          "                        (default $XDG_CACHE_HOME/minwasm or ~/.cache/minwasm),\n"
          "                        reused while the module and minwasm stay the same.\n"
          "                        FILE may also be a .cwasm (minwasm compile) without it.\n"
          "  --fuel N              stop the guest with the trap \"out of fuel\" after N\n"
          "                        units of work (one per function call and loop turn,\n"
          "                        one per 64 bytes of bulk memory operations and per 8\n"
          "                        elements of bulk table operations).\n"
          "  --fuel-slice N        run the guest in slices of N units of fuel, resuming it\n"
          "                        after each (doc/resume.md); the output is the same.\n"
          "  --timeout DURATION    stop the guest with the trap \"interrupted\" after\n"
          "                        DURATION of wall-clock time: a number with unit ms, s,\n"
          "                        m or h (default s), e.g. 500ms, 2s, 1.5m. A guest\n"
          "                        blocked in WASI (poll_oneoff, reading stdin) is woken.\n"
          "  --max-memory BYTES    limit each linear memory to BYTES (suffix K, M or G:\n"
          "                        KiB, MiB, GiB). Growing beyond it fails (memory.grow\n"
          "                        returns -1); a larger initial memory fails to load.\n"
          "  -W, --wasm KEY[=VAL][,...]   wasmtime's wasm options: fuel=N, timeout=DUR,\n"
          "                        max-memory-size=BYTES, max-table-elements=N; simd,\n"
          "                        bulk-memory, multi-value, reference-types (always on).\n"
          "                        `-W help` lists them; other keys are refused.\n"
          "  -S, --wasi KEY[=VAL][,...]   wasmtime's WASI options: inherit-env (the host's\n"
          "                        whole environment; --env still wins), cli/common\n"
          "                        (always on). `-S help` lists them.\n"
          "  -h, --help            this text.\n"
          "\n"
          "The guest's fds 0, 1, 2 are minwasm's stdin, stdout and stderr; the --dir\n"
          "directories follow from fd 3 in command-line order.\n"
          "\n"
          "exit status (as wasmtime's on Unix):\n"
          "  0-125  the guest's exit code: 0 when `_start` (or the invoked function)\n"
          "         returns, else the code it gave to proc_exit. WASI exit codes are\n"
          "         0-125: a proc_exit code outside that range exits with 125, with a\n"
          "         note on stderr. A guest's own 1 or 2 is told apart from the errors\n"
          "         below only by minwasm's message on stderr.\n"
          "  1      load, validation, link or setup error (e.g. an unknown import, an\n"
          "         import of the wrong type, whose message shows the expected and the\n"
          "         actual type, or a --dir that cannot be opened)\n"
          "  2      usage error\n"
          "  134    the guest trapped (also out of fuel, interrupted, proc_raise, a\n"
          "         failing host function): stderr has `minwasm: trap: MESSAGE` and a\n"
          "         backtrace, innermost frame first, one line each:\n"
          "         `  #N FUNCTION (module FILE) at 0xOFFSET`, FUNCTION from the name\n"
          "         section or func[INDEX], OFFSET the instruction's byte offset in the\n"
          "         module (left out where unknown: native code, and the faulting frame\n"
          "         of a guard-page memory access).\n",
          out);
}

static void usage(FILE *out)
{
    fputs("usage: minwasm [run] [OPTIONS] FILE.wasm|FILE.cwasm|- [ARGS...]\n"
          "       minwasm compile FILE.wasm -o FILE.cwasm (see minwasm help compile)\n"
          "       minwasm wast [-v] [--spec-version 2|3] FILE.wast...\n"
          "       minwasm wat2wasm FILE.wat -o FILE.wasm\n"
          "       minwasm spec [-v] [--dry-run] [--aot] FILE.json...\n"
          "       minwasm explore [--func N] FILE.wasm...\n"
          "       minwasm help [COMMAND] | --version | --help\n"
          "\n"
          "run     run a WASI command or --invoke an export (the default command;\n"
          "        `minwasm help run` has every option, the -W/-S groups in wasmtime's\n"
          "        spelling, and the exit status)\n"
          "compile translate a module to native code (a .cwasm, or C with --emit-c)\n"
          "explore print the translated code of each defined function (or only N):\n"
          "        instructions with their wasm offsets, slots and branch targets.\n"
          "wast    run spec-test scripts (.wast, the 3.0 script format) directly: each\n"
          "        failure as file:line:col, then N passed, N failed, N skipped and the\n"
          "        skips per missing feature. --spec-version 2: the 2.0 suite, where\n"
          "        encodings of newer features are expected malformed or invalid.\n"
          "wat2wasm  convert a text module to the binary format. Every command that\n"
          "        reads a module (run, compile, explore) also accepts text.\n"
          "spec    run spec-test scripts converted by wast2json; -v also prints what\n"
          "        spectest.print* receive, each skip, and the runtime's message for\n"
          "        each passing assert_invalid/assert_malformed. --dry-run only reads\n"
          "        every command and value (and checks the module files exist); --aot\n"
          "        runs every module as native code.\n"
          "\n",
          out);
    usage_run(out);
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

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
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

/*
 * A v128 as one unsigned 128-bit integer: 0x and 1 to 32 hex digits, or decimal up to
 * 2^128-1. Its little-endian bytes are the vector's bytes (lane 0 in the lowest bits), so
 * i32x4 lanes 1 2 3 4 are 0x00000004000000030000000200000001.
 */
static bool parse_v128(const char *s, uint8_t bytes[16])
{
    memset(bytes, 0, 16);
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        size_t n = strlen(s + 2);
        if (n == 0 || n > 32)
            return false;
        for (size_t k = 0; k < n; k++) {   /* k-th digit from the end: nibble k */
            int h = hex_digit(s[2 + n - 1 - k]);
            if (h < 0)
                return false;
            bytes[k / 2] |= (uint8_t)(h << (4 * (k % 2)));
        }
        return true;
    }
    if (*s < '0' || *s > '9')
        return false;
    for (; *s != '\0'; s++) {   /* bytes = bytes * 10 + digit, failing on overflow */
        if (*s < '0' || *s > '9')
            return false;
        unsigned carry = (unsigned)(*s - '0');
        for (int k = 0; k < 16; k++) {
            carry += bytes[k] * 10u;
            bytes[k] = (uint8_t)carry;
            carry >>= 8;
        }
        if (carry != 0)
            return false;
    }
    return true;
}

/* "0x" and the 32 hex digits of a v128 as a 128-bit little-endian integer. */
static void format_v128(const uint8_t bytes[16], char *buf, size_t n)
{
    size_t used = (size_t)snprintf(buf, n, "0x");
    for (int k = 15; k >= 0 && used < n; k--)
        used += (size_t)snprintf(buf + used, n - used, "%02x", bytes[k]);
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
    case MW_V128: {
        uint8_t bytes[16];
        if (!parse_v128(s, bytes))
            return false;
        *out = mw_val_v128(bytes);
        return true;
    }
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
    case MW_V128: format_v128(v->of.v128, buf, sizeof buf); printf("%s\n", buf); return;
    }
    printf("?\n");
}

/* Which of fds 0-2 were closed when minwasm started (see main). */
static bool stdio_closed[3];

/* ------------------------------------------------------------------ run: options */

typedef struct run_opts {
    const char *invoke;
    mw_wasi_preopen *dirs;
    size_t ndirs;
    const char **envs;
    size_t nenvs;
    cli_run_flags fl;       /* fuel, timeout, limits, inherit-env (also from -W/-S) */
    uint64_t fuel_slice;    /* --fuel-slice: 0 = one uninterrupted call */
    bool aot;               /* --aot: compile to native code (cached), run that */
} run_opts;

/* A plain non-negative decimal integer. */
bool cli_parse_u64(const char *s, uint64_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    *out = v;
    return true;
}

/* BYTES with an optional K/M/G suffix (binary multiples; "KiB", "MB" also read). */
bool cli_parse_size(const char *s, uint64_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0)
        return false;
    uint64_t mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1ull << 10; end++; break;
    case 'm': case 'M': mul = 1ull << 20; end++; break;
    case 'g': case 'G': mul = 1ull << 30; end++; break;
    default: break;
    }
    if (mul > 1 && *end == 'i')
        end++;
    if (*end == 'b' || *end == 'B')
        end++;
    if (*end != '\0' || (v != 0 && mul > UINT64_MAX / v))
        return false;
    *out = v * mul;
    return true;
}

/* DURATION: a decimal number (fractions allowed) with unit ms, s, m or h (default s). */
bool cli_parse_duration(const char *s, uint64_t *ns)
{
    if (!((*s >= '0' && *s <= '9') || *s == '.'))
        return false;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || !(v >= 0))
        return false;
    double scale;
    if (strcmp(end, "ms") == 0)
        scale = 1e6;
    else if (strcmp(end, "s") == 0 || *end == '\0')
        scale = 1e9;
    else if (strcmp(end, "m") == 0)
        scale = 60e9;
    else if (strcmp(end, "h") == 0)
        scale = 3600e9;
    else
        return false;
    double t = v * scale;
    if (!(t < 1.8e19))
        return false;
    *ns = t < 1 ? 1 : (uint64_t)t;
    return true;
}

/* "--name VALUE" or "--name=VALUE": the value, advancing *i past it; NULL if not `name`. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=') {
        (*i)++;
        return a + n + 1;
    }
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    *i += 2;
    return argv[*i - 1];
}

/* Set NAME=VALUE in the guest's environment (kv is taken over): a later value of the
 * same NAME replaces the earlier one, in its place. */
static void env_set(run_opts *o, char *kv)
{
    size_t n = strcspn(kv, "=");
    for (size_t k = 0; k < o->nenvs; k++)
        if (strncmp(o->envs[k], kv, n) == 0 && o->envs[k][n] == '=') {
            free((char *)o->envs[k]);
            o->envs[k] = kv;
            return;
        }
    o->envs[o->nenvs++] = kv;
}

/* -S inherit-env: every host variable not set by --env (which wins, in either order). */
extern char **environ;
static bool env_inherit(run_opts *o)
{
    size_t total = 0;
    for (char **e = environ; e != NULL && *e != NULL; e++)
        total++;
    const char **grown = realloc(o->envs, (o->nenvs + total + 1) * sizeof *grown);
    if (grown == NULL)
        return false;
    o->envs = grown;
    size_t given = o->nenvs;
    for (char **e = environ; e != NULL && *e != NULL; e++) {
        size_t n = strcspn(*e, "=");
        if ((*e)[n] != '=' || n == 0)
            continue;
        bool set = false;
        for (size_t k = 0; k < given && !set; k++)
            set = strncmp(o->envs[k], *e, n) == 0 && o->envs[k][n] == '=';
        if (set)
            continue;
        char *kv = strdup(*e);
        if (kv == NULL)
            return false;
        o->envs[o->nenvs++] = kv;
    }
    return true;
}

/* -W/-S (also -Wfuel=1, --wasm VALUE, --wasm=VALUE): the group letter and its value, or
 * 0. *missing when the value is absent. */
static char opt_group(int argc, char **argv, int *i, const char **val, bool *missing)
{
    const char *a = argv[*i];
    char g;
    const char *attached;   /* the value in the same argument, or NULL */
    if (a[0] == '-' && (a[1] == 'W' || a[1] == 'S')) {
        g = a[1];
        attached = a[2] != '\0' ? a + 2 : NULL;
    } else if ((strncmp(a, "--wasm", 6) == 0 || strncmp(a, "--wasi", 6) == 0) &&
               (a[6] == '\0' || a[6] == '=')) {
        g = a[5] == 'm' ? 'W' : 'S';
        attached = a[6] == '=' ? a + 7 : NULL;
    } else {
        return 0;
    }
    if (attached != NULL) {
        (*i)++;
        *val = attached;
        return g;
    }
    if (*i + 1 >= argc) {
        *missing = true;
        return g;
    }
    *val = argv[*i + 1];
    *i += 2;
    return g;
}

/* --fuel-slice: the call in slices of `slice` units of fuel (at most `budget` in all),
 * resumed after each; an interrupt or an exhausted budget ends it as the trap it would
 * be without slicing. A slice too small for the next step (a large bulk operation or
 * host charge) is doubled for that step. */
static mw_result call_sliced(mw_store *store, mw_func *f, const mw_val *params, size_t np,
                             mw_val *results, size_t nr, uint64_t slice, uint64_t budget,
                             mw_error *err)
{
    uint64_t give = slice < budget ? slice : budget;
    mw_store_set_fuel(store, give);
    mw_result r = mw_func_call_resumable(store, f, params, np, results, nr, err);
    while (r == MW_SUSPENDED) {
        uint64_t left = mw_store_get_fuel(store);
        budget -= give - left;
        mw_trap_code stop = MW_TRAP_NONE;
        if (mw_store_suspend_reason(store) == MW_SUSPEND_INTERRUPT)
            stop = MW_TRAP_INTERRUPTED;
        else if (mw_store_suspend_reason(store) != MW_SUSPEND_FUEL || budget <= left)
            stop = MW_TRAP_OUT_OF_FUEL;   /* a host suspension cannot happen under WASI */
        if (stop != MW_TRAP_NONE) {
            mw_call_abort(store);
            err->code = MW_ERR_TRAP;
            err->trap = stop;
            err->offset = SIZE_MAX;
            snprintf(err->msg, sizeof err->msg, "%s", mw_trap_message(stop));
            return MW_ERR_TRAP;
        }
        uint64_t want = left == give ? give * 2 : slice;   /* no progress: a bigger slice */
        give = want < budget ? want : budget;
        mw_store_set_fuel(store, give);
        r = mw_call_resume(store, NULL, 0, results, nr, err);
    }
    return r;
}

/* Parse the options of run; returns the index of FILE, or -1 after printing an error. */
static int parse_run_opts(int argc, char **argv, run_opts *o)
{
    int i = 0;
    o->dirs = calloc((size_t)argc + 1, sizeof *o->dirs);
    o->envs = calloc((size_t)argc + 1, sizeof *o->envs);
    if (o->dirs == NULL || o->envs == NULL) {
        fprintf(stderr, "minwasm: out of memory\n");
        return -1;
    }
    /* `-` alone is FILE (stdin). */
    while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        bool missing = false;
        const char *v;
        const char *opt = argv[i];
        char g;
        if (strcmp(opt, "--") == 0) {
            i++;
            break;
        } else if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
            usage_run(stdout);
            return -2;
        } else if ((g = opt_group(argc, argv, &i, &v, &missing)) != 0) {
            if (missing) {
                fprintf(stderr, "minwasm: run: option '%s' needs KEY[=VAL] (minwasm run -%c "
                        "help)\n", opt, g);
                return -1;
            }
            if (strcmp(v, "help") == 0) {
                cli_run_flags_help(stdout, g);
                return -2;
            }
            char why[200];
            if (!cli_run_flags_parse(g, v, &o->fl, why, sizeof why)) {
                fprintf(stderr, "minwasm: run: %s\n", why);
                return -1;
            }
            continue;
        } else if (opt[1] != '-') {
            fprintf(stderr, "minwasm: run: unknown option '%s' (see minwasm help run)\n", opt);
            return -1;
        } else if (strcmp(opt, "--aot") == 0) {
            o->aot = true;
            i++;
            continue;
        } else if ((v = opt_value(argc, argv, &i, "--invoke", &missing)) != NULL) {
            o->invoke = v;
        } else if ((v = opt_value(argc, argv, &i, "--dir", &missing)) != NULL) {
            const char *sep = strstr(v, "::");
            char *host = strdup(v);
            if (host == NULL) {
                fprintf(stderr, "minwasm: out of memory\n");
                return -1;
            }
            mw_wasi_preopen *d = &o->dirs[o->ndirs++];
            d->host_path = host;
            d->guest_path = NULL;
            if (sep != NULL) {
                host[sep - v] = '\0';
                d->guest_path = host + (sep - v) + 2;
            }
            if (host[0] == '\0' || (d->guest_path != NULL && d->guest_path[0] == '\0')) {
                fprintf(stderr, "minwasm: run: --dir '%s': empty directory name\n", v);
                return -1;
            }
        } else if ((v = opt_value(argc, argv, &i, "--env", &missing)) != NULL) {
            const char *eq = strchr(v, '=');
            if (eq == v || *v == '\0') {
                fprintf(stderr, "minwasm: run: --env '%s': expected NAME=VALUE\n", v);
                return -1;
            }
            if (eq == NULL) {
                const char *hv = getenv(v);
                if (hv == NULL)
                    continue;   /* not set on the host: not set in the guest */
                size_t n = strlen(v) + strlen(hv) + 2;
                char *kv = malloc(n);
                if (kv == NULL) {
                    fprintf(stderr, "minwasm: out of memory\n");
                    return -1;
                }
                snprintf(kv, n, "%s=%s", v, hv);
                env_set(o, kv);
            } else {
                char *kv = strdup(v);
                if (kv == NULL) {
                    fprintf(stderr, "minwasm: out of memory\n");
                    return -1;
                }
                env_set(o, kv);
            }
        } else if ((v = opt_value(argc, argv, &i, "--fuel-slice", &missing)) != NULL) {
            if (!cli_parse_u64(v, &o->fuel_slice) || o->fuel_slice == 0) {
                fprintf(stderr, "minwasm: run: --fuel-slice '%s': expected a positive integer\n", v);
                return -1;
            }
        } else if ((v = opt_value(argc, argv, &i, "--fuel", &missing)) != NULL) {
            if (!cli_parse_u64(v, &o->fl.fuel)) {
                fprintf(stderr, "minwasm: run: --fuel '%s': expected a non-negative integer\n", v);
                return -1;
            }
            o->fl.has_fuel = true;
        } else if ((v = opt_value(argc, argv, &i, "--timeout", &missing)) != NULL) {
            if (!cli_parse_duration(v, &o->fl.timeout_ns)) {
                fprintf(stderr, "minwasm: run: --timeout '%s': expected a duration such as "
                        "500ms, 2s or 1m\n", v);
                return -1;
            }
        } else if ((v = opt_value(argc, argv, &i, "--max-memory", &missing)) != NULL) {
            if (!cli_parse_size(v, &o->fl.max_memory) || o->fl.max_memory == 0) {
                fprintf(stderr, "minwasm: run: --max-memory '%s': expected a positive size "
                        "such as 65536, 64K, 16M or 1G\n", v);
                return -1;
            }
        } else if (missing) {
            fprintf(stderr, "minwasm: run: option '%s' needs a value\n", opt);
            return -1;
        } else {
            fprintf(stderr, "minwasm: run: unknown option '%s' (see minwasm help run)\n", opt);
            return -1;
        }
        if (missing) {
            fprintf(stderr, "minwasm: run: option '%s' needs a value\n", opt);
            return -1;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "minwasm: run: missing FILE.wasm (see minwasm help run)\n");
        return -1;
    }
    if (o->fl.inherit_env && !env_inherit(o)) {
        fprintf(stderr, "minwasm: out of memory\n");
        return -1;
    }
    return i;
}

static void free_run_opts(run_opts *o)
{
    for (size_t k = 0; k < o->ndirs; k++)
        free((char *)o->dirs[k].host_path);
    for (size_t k = 0; k < o->nenvs; k++)
        free((char *)o->envs[k]);
    free(o->dirs);
    free(o->envs);
}

/* ------------------------------------------------------------------ run: timeout */

/* A helper thread that interrupts the store when the time is up, unless told to stop. */
typedef struct run_timer {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    uint64_t ns;
    mw_store *store;
    mw_wasi *wasi;
    pthread_t thread;
    bool started;
} run_timer;

/* The clock of the condition variable: monotonic where it can be chosen. */
#if defined(__APPLE__)
#  define TIMER_CLOCK CLOCK_REALTIME
#else
#  define TIMER_CLOCK CLOCK_MONOTONIC
#endif

static void *timer_main(void *arg)
{
    run_timer *t = arg;
    struct timespec dl;
    clock_gettime(TIMER_CLOCK, &dl);
    uint64_t nsec = (uint64_t)dl.tv_nsec + t->ns % 1000000000u;
    dl.tv_sec += (time_t)(t->ns / 1000000000u + nsec / 1000000000u);
    dl.tv_nsec = (long)(nsec % 1000000000u);
    pthread_mutex_lock(&t->mu);
    while (!t->stop) {
        int rc = pthread_cond_timedwait(&t->cv, &t->mu, &dl);
        if (rc == ETIMEDOUT && !t->stop) {
            mw_store_interrupt(t->store);   /* traps the guest at its next call or loop */
            mw_wasi_interrupt(t->wasi);     /* wakes it if blocked in a WASI call */
            break;
        }
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

static bool timer_start(run_timer *t)
{
    if (pthread_mutex_init(&t->mu, NULL) != 0)
        return false;
    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca) != 0) {
        pthread_mutex_destroy(&t->mu);
        return false;
    }
#if !defined(__APPLE__)
    pthread_condattr_setclock(&ca, TIMER_CLOCK);
#endif
    int rc = pthread_cond_init(&t->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (rc != 0) {
        pthread_mutex_destroy(&t->mu);
        return false;
    }
    t->stop = false;
    if (pthread_create(&t->thread, NULL, timer_main, t) != 0) {
        pthread_cond_destroy(&t->cv);
        pthread_mutex_destroy(&t->mu);
        return false;
    }
    t->started = true;
    return true;
}

static void timer_stop(run_timer *t)
{
    if (!t->started)
        return;
    pthread_mutex_lock(&t->mu);
    t->stop = true;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    t->started = false;
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

/* The wasm call stack of the store's last trap, innermost first; a run of frames of
 * the same function (deep recursion) prints as one line plus a count. */
static void print_backtrace(const char *file, const mw_store *store)
{
    uint32_t n = mw_store_trap_frames(store);
    for (uint32_t k = 0; k < n;) {
        mw_frame_info fi, next;
        if (!mw_store_trap_frame(store, k, &fi))
            break;
        uint32_t run = 1;
        while (k + run < n && mw_store_trap_frame(store, k + run, &next) &&
               next.module == fi.module && next.func_index == fi.func_index)
            run++;
        char at[32] = "";
        if (fi.module_offset != SIZE_MAX)
            snprintf(at, sizeof at, " at 0x%zx", fi.module_offset);
        if (fi.module == NULL)
            fprintf(stderr, "  #%" PRIu32 " <host function>\n", k);
        else if (fi.name != NULL && fi.name_len > 0)
            fprintf(stderr, "  #%" PRIu32 " %.*s (module %s)%s\n", k, (int)fi.name_len, fi.name,
                    file, at);
        else
            fprintf(stderr, "  #%" PRIu32 " func[%" PRIu32 "] (module %s)%s\n", k, fi.func_index,
                    file, at);
        if (run > 1)
            fprintf(stderr, "  #%" PRIu32 "-#%" PRIu32 " the same function again (%" PRIu32
                    " frames)\n", k + 1, k + run - 1, run - 1);
        k += run;
    }
    if (n == MW_TRAP_FRAMES_MAX)
        fprintf(stderr, "  ... (only the innermost %d frames are recorded)\n", MW_TRAP_FRAMES_MAX);
}

/* Exit status for a failed instantiate or call, after printing what happened. */
static int report_failure(const char *file, const mw_error *err, const mw_store *store)
{
    if (err->code == MW_ERR_TRAP) {
        if (err->trap == MW_TRAP_EXIT) {
            /* A requested exit is not an error. WASI exit codes are 0-125. */
            uint32_t code = (uint32_t)err->exit_code;
            if (code <= 125)
                return (int)code;
            fprintf(stderr, "minwasm: guest exit code %" PRIu32 " is outside 0-125; "
                    "exiting with 125\n", code);
            return 125;
        }
        const char *msg = err->msg[0] ? err->msg : mw_trap_message(err->trap);
        fprintf(stderr, "minwasm: trap: %s\n", msg ? msg : "?");
        if (store != NULL)
            print_backtrace(file, store);
        return CLI_EXIT_TRAP;
    }
    print_error(file, err);
    return err->code == MW_ERR_ARG ? CLI_EXIT_USAGE : CLI_EXIT_LOAD;
}

/* Link errors: name the first import the linker cannot resolve, in one line. */
static void report_link_error(const char *file, const mw_error *err)
{
    fprintf(stderr, "minwasm: %s: %s\n", file, err->msg[0] ? err->msg : mw_result_name(err->code));
}

mw_result cli_module_new(mw_engine *engine, const uint8_t *bytes, size_t len,
                         mw_module **out, mw_error *err)
{
    if (len >= 8 && memcmp(bytes, "\0mwcwasm", 8) == 0)
        return mw_module_deserialize(engine, bytes, len, out, err);
    if (cli_is_text(bytes, len))
        return mw_module_new_text(engine, (const char *)bytes, len, out, err);
    return mw_module_new(engine, bytes, len, out, err);
}

bool cli_is_text(const uint8_t *bytes, size_t len)
{
    /* Binaries and .cwasm files start with a NUL byte; text never does. An empty file
     * is neither: the binary decoder refuses it (an empty text module is `(module)`). */
    return len > 0 && bytes[0] != 0;
}

bool cli_read_module(const char *path, uint8_t **data, size_t *len, char *why, size_t whylen)
{
    if (!cli_read_file(path, data, len, why, whylen))
        return false;
    if (!cli_is_text(*data, *len))
        return true;
    uint8_t *bin;
    size_t bin_len;
    mwt_error te;
    memset(&te, 0, sizeof te);
    mw_result rc = mwt_wat_to_wasm(cli_alloc, NULL, (const char *)*data, *len, &bin, &bin_len, &te);
    free(*data);
    *data = NULL;
    *len = 0;
    if (rc != MW_OK) {
        snprintf(why, whylen, "%" PRIu32 ":%" PRIu32 ": %s", te.line, te.col, te.msg);
        return false;
    }
    *data = bin;   /* cli_alloc without stats is malloc: free() releases it */
    *len = bin_len;
    return true;
}

/* `minwasm wat2wasm FILE.wat -o FILE.wasm` */
static int cmd_wat2wasm(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && out == NULL)
            out = argv[++i];
        else if (argv[i][0] != '-' && in == NULL)
            in = argv[i];
        else
            in = out = NULL, i = argc;
    }
    if (in == NULL || out == NULL) {
        fprintf(stderr, "usage: minwasm wat2wasm FILE.wat -o FILE.wasm\n");
        return CLI_EXIT_USAGE;
    }
    uint8_t *text, *bin;
    size_t len, bin_len;
    char why[256];
    if (!cli_read_file(in, &text, &len, why, sizeof why)) {
        fprintf(stderr, "minwasm: %s: %s\n", in, why);
        return CLI_EXIT_LOAD;
    }
    mwt_error te;
    memset(&te, 0, sizeof te);
    mw_result rc = mwt_wat_to_wasm(cli_alloc, NULL, (const char *)text, len, &bin, &bin_len, &te);
    free(text);
    if (rc != MW_OK) {
        fprintf(stderr, "minwasm: %s:%" PRIu32 ":%" PRIu32 ": %s\n", in, te.line, te.col, te.msg);
        return CLI_EXIT_LOAD;
    }
    FILE *f = fopen(out, "wb");
    bool ok = f != NULL && fwrite(bin, 1, bin_len, f) == bin_len;
    if (f != NULL && fclose(f) != 0)
        ok = false;
    free(bin);
    if (!ok) {
        fprintf(stderr, "minwasm: cannot write %s: %s\n", out, strerror(errno));
        remove(out);
        return CLI_EXIT_LOAD;
    }
    return CLI_EXIT_OK;
}

static int cmd_run(int argc, char **argv)
{
    run_opts o;
    memset(&o, 0, sizeof o);
    int i = parse_run_opts(argc, argv, &o);
    if (i < 0) {
        free_run_opts(&o);
        return i == -2 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    }
    const char *file = argv[i++];
    char **args = argv + i;
    int nargs = argc - i;
    const char *invoke = o.invoke;

    char why[256];
    uint8_t *bytes;
    size_t len;
    bool from_stdin = strcmp(file, "-") == 0;
    if (!cli_read_module(from_stdin ? "/dev/stdin" : file, &bytes, &len, why, sizeof why)) {
        fprintf(stderr, "minwasm: %s: %s\n", file, why);
        free_run_opts(&o);
        return CLI_EXIT_LOAD;
    }

    if (o.aot && !(len >= 8 && memcmp(bytes, "\0mwcwasm", 8) == 0)) {
        uint8_t *native;
        size_t nlen;
        if (!cli_aot_cached(bytes, len, &native, &nlen, why, sizeof why)) {
            fprintf(stderr, "minwasm: %s: --aot: %s\n", file, why);
            free(bytes);
            free_run_opts(&o);
            return CLI_EXIT_LOAD;
        }
        free(bytes);
        bytes = native;
        len = nlen;
    }

    /* A guest writing to a closed pipe gets EPIPE, rather than killing us. */
    signal(SIGPIPE, SIG_IGN);

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
    mw_wasi *wasi = NULL;
    mw_val *params = NULL, *results = NULL;
    const char **wargv = NULL;
    run_timer timer;
    memset(&timer, 0, sizeof timer);
    mw_error err;
    memset(&err, 0, sizeof err);

    if (mw_engine_new(&cfg, &engine, &err) != MW_OK) {
        print_error(file, &err);
        goto out;
    }
    mw_result r = cli_module_new(engine, bytes, len, &module, &err);
    free(bytes);
    bytes = NULL;
    if (r != MW_OK) {
        print_error(file, &err);
        goto out;
    }

    /* WASI: argv[0] is the file, then ARGS (for a command; --invoke takes ARGS itself). */
    size_t wargc = 1 + (invoke == NULL ? (size_t)nargs : 0);
    wargv = calloc(wargc, sizeof *wargv);
    if (wargv == NULL) {
        fprintf(stderr, "minwasm: out of memory\n");
        goto out;
    }
    wargv[0] = file;
    for (size_t k = 1; k < wargc; k++)
        wargv[k] = args[k - 1];
    mw_wasi_config wcfg;
    mw_wasi_config_init(&wcfg);
    /* A stdio fd that was closed when we started is absent in the guest. */
    if (stdio_closed[0])
        wcfg.stdin_fd = -1;
    if (stdio_closed[1])
        wcfg.stdout_fd = -1;
    if (stdio_closed[2])
        wcfg.stderr_fd = -1;
    wcfg.argv = wargv;
    wcfg.argc = wargc;
    wcfg.envp = o.envs;
    wcfg.envc = o.nenvs;
    wcfg.preopens = o.dirs;
    wcfg.npreopens = o.ndirs;
    if (getenv("MINWASM_WASI_NO_OPENAT2") != NULL)   /* test knob: force the path walk */
        wcfg.flags |= MW_WASI_NO_OPENAT2;
    if (mw_wasi_new(&wcfg, &wasi, &err) != MW_OK) {
        fprintf(stderr, "minwasm: %s\n", err.msg);
        goto out;
    }

    mw_store_limits limits;
    memset(&limits, 0, sizeof limits);
    limits.max_memory_bytes = o.fl.max_memory;
    limits.max_table_elements = o.fl.max_table_elements;
    if (mw_store_new(engine, &limits, &store, &err) != MW_OK ||
        mw_linker_new(engine, &linker, &err) != MW_OK ||
        mw_wasi_define(linker, wasi, &err) != MW_OK) {
        print_error(file, &err);
        goto out;
    }
    if (o.fl.has_fuel)
        mw_store_set_fuel(store, o.fl.fuel);
    if (o.fl.timeout_ns > 0) {
        timer.ns = o.fl.timeout_ns;
        timer.store = store;
        timer.wasi = wasi;
        if (!timer_start(&timer)) {
            fprintf(stderr, "minwasm: cannot start the --timeout thread\n");
            goto out;
        }
    }
    fflush(stdout);   /* the guest writes to fd 1 directly */
    r = mw_linker_instantiate(linker, store, module, &inst, &err);
    if (r != MW_OK) {
        if (err.code == MW_ERR_LINK)
            report_link_error(file, &err);
        else
            status = report_failure(file, &err, store);
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
    uint32_t want_args = invoke ? ft.nparams : 0;
    if (invoke != NULL && (uint32_t)nargs != want_args) {
        fprintf(stderr, "minwasm: %s: '%s' takes %" PRIu32 " argument%s, %d given\n",
                file, fname, ft.nparams, ft.nparams == 1 ? "" : "s", nargs);
        status = CLI_EXIT_USAGE;
        goto out;
    }
    if (invoke == NULL && ft.nparams != 0) {
        fprintf(stderr, "minwasm: %s: '_start' takes parameters; use --invoke\n", file);
        goto out;
    }
    /* +1: never ask malloc for 0 bytes, whose result may be NULL. */
    params = calloc((size_t)ft.nparams + 1, sizeof *params);
    results = calloc((size_t)ft.nresults + 1, sizeof *results);
    if (params == NULL || results == NULL) {
        fprintf(stderr, "minwasm: out of memory\n");
        goto out;
    }
    for (uint32_t k = 0; k < want_args; k++) {
        if (!parse_arg(args[k], ft.params[k], &params[k])) {
            fprintf(stderr, "minwasm: %s: argument %" PRIu32 " of '%s': '%s' is not a valid %s\n",
                    file, k + 1, fname, args[k], mw_valtype_name(ft.params[k]));
            status = CLI_EXIT_USAGE;
            goto out;
        }
    }
    /* A WASI reactor wants _initialize before anything else is called. */
    mw_extern init;
    if (invoke != NULL && strcmp(invoke, "_initialize") != 0 &&
        mw_instance_export(inst, "_initialize", 11, &init) && init.kind == MW_EXTERN_FUNC) {
        mw_functype it;
        mw_func_type(init.of.func, &it);
        if (it.nparams == 0 && it.nresults == 0 &&
            mw_func_call(store, init.of.func, NULL, 0, NULL, 0, &err) != MW_OK) {
            status = report_failure(file, &err, store);
            goto out;
        }
    }
    for (uint32_t k = 0; k < ft.nresults; k++)
        results[k].type = ft.results[k];
    if ((o.fuel_slice
         ? call_sliced(store, ext.of.func, params, ft.nparams, results, ft.nresults,
                       o.fuel_slice, o.fl.has_fuel ? o.fl.fuel : UINT64_MAX, &err)
         : mw_func_call(store, ext.of.func, params, ft.nparams, results, ft.nresults, &err))
        != MW_OK) {
        status = report_failure(file, &err, store);
        goto out;
    }
    for (uint32_t k = 0; k < ft.nresults; k++)
        print_val(&results[k]);
    status = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_LOAD;

out:
    timer_stop(&timer);
    free(params);
    free(results);
    free(bytes);
    free(wargv);
    /* The linker goes before the store whose objects it may name. */
    if (linker != NULL)
        mw_linker_delete(linker);
    if (store != NULL)
        mw_store_delete(store);
    mw_wasi_delete(wasi);
    if (module != NULL)
        mw_module_delete(module);
    if (engine != NULL)
        mw_engine_delete(engine);
    free_run_opts(&o);
    return status;
}

/* `minwasm help COMMAND`. */
static int help_command(const char *cmd)
{
    if (strcmp(cmd, "run") == 0) {
        usage_run(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "compile") == 0) {
        char arg0[] = "--help";
        char *av[] = { arg0, NULL };
        return cli_compile_main(1, av);
    }
    if (strcmp(cmd, "spec") == 0) {
        fputs("usage: minwasm spec [-v] [--dry-run] [--aot] FILE.json...\n"
              "Run spec-test scripts converted by wast2json (wast2json X.wast -o X.json).\n"
              "  -v         also print what spectest.print* receive, each skip, and the\n"
              "             runtime's message for each passing assert_invalid/malformed\n"
              "  --dry-run  only read every command and value (and check the module files)\n"
              "  --aot      run every module as native code (minwasm compile)\n"
              "Exit status: 0 when every command passed, 1 otherwise, 2 usage error.\n", stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "wast") == 0) {
        fputs("usage: minwasm wast [-v] [--spec-version 2|3] FILE.wast...\n"
              "Run spec-test scripts in the text format (the 3.0 script format) with minwasm's\n"
              "own text reader. Each failing command is printed as file:line:col; the closing\n"
              "line is N passed, N failed, N skipped, with the skips per missing feature.\n"
              "  -v                 also print each skip and what spectest.print* receive\n"
              "  --spec-version 2   the 2.0 suite: a newer feature's encoding is expected to\n"
              "                     be malformed or invalid (default 3: such a command is\n"
              "                     skipped under the feature's name)\n"
              "Exit status: 0 when no command failed, 1 otherwise, 2 usage error.\n", stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "wat2wasm") == 0) {
        fputs("usage: minwasm wat2wasm FILE.wat -o FILE.wasm\n"
              "Convert a module in the text format to the binary format. An error names its\n"
              "line, column and cause.\n"
              "Exit status: 0, 1 when the text does not read, 2 usage error.\n", stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "explore") == 0) {
        fputs("usage: minwasm explore [--func N] FILE.wasm...\n"
              "Print the translated code of each defined function of FILE (or only function\n"
              "N): one line per instruction with its code position, the byte offset of the\n"
              "wasm instruction it came from, its name and operands (dN destination slot,\n"
              "sN source slot, kN small constant, #N immediate, ->N branch target).\n"
              "Exit status: 0, 1 when a module does not load, 2 usage error.\n", stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    fprintf(stderr, "minwasm: help: unknown command '%s' (commands: run, compile, wast, "
            "wat2wasm, spec, explore)\n", cmd);
    return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* Run without stdin (say): hold fds 0-2 with /dev/null, so that no file we open
     * later takes their number and is mistaken for stdio. */
    for (int k = 0; k < 3; k++) {
        if (fcntl(k, F_GETFD) < 0 && errno == EBADF) {
            stdio_closed[k] = true;
            int fd = open("/dev/null", O_RDWR);
            if (fd >= 0 && fd != k)
                close(fd);   /* cannot happen: open takes the lowest free number */
        }
    }
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("minwasm " MW_VERSION "\n");
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 && argc >= 3)
        return help_command(argv[2]);
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    /* `COMMAND --help` for the commands without their own. */
    if (argc == 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0) &&
        (strcmp(cmd, "spec") == 0 || strcmp(cmd, "explore") == 0 || strcmp(cmd, "wast") == 0 ||
         strcmp(cmd, "wat2wasm") == 0))
        return help_command(cmd);
    if (strcmp(cmd, "spec") == 0)
        return cli_spec_main(argc - 2, argv + 2);
    if (strcmp(cmd, "wast") == 0)
        return cli_wast_main(argc - 2, argv + 2);
    if (strcmp(cmd, "wat2wasm") == 0)
        return cmd_wat2wasm(argc - 2, argv + 2);
    if (strcmp(cmd, "explore") == 0)
        return cli_explore_main(argc - 2, argv + 2);
    if (strcmp(cmd, "compile") == 0)
        return cli_compile_main(argc - 2, argv + 2);
    /* `run`, or as wasmtime: anything else (FILE.wasm, an option of run) means run. */
    bool explicit_run = strcmp(cmd, "run") == 0;
    int status = explicit_run ? cmd_run(argc - 2, argv + 2) : cmd_run(argc - 1, argv + 1);
    fflush(stdout);
    fflush(stderr);
    return status;
}
