/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * compile.c — `minwasm compile`: the command line of the native tier (aot/compile.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli.h"
#include "../aot/compile.h"
#include "../src/cwasm_format.h"

static void compile_usage(FILE *out)
{
    fputs("usage: minwasm compile FILE.wasm -o OUT.cwasm [--target T] [--cc CC] [-O N]\n"
          "                        [--memory guard|bounds] [-v]\n"
          "       minwasm compile --emit-c [--name NAME] FILE.wasm -o NAME.c\n"
          "\n"
          "Translate FILE.wasm to C and compile it with the C compiler into native code.\n"
          "  -o FILE          the output (required)\n"
          "  --target T       x86_64, aarch64 or riscv64 (default: this machine)\n"
          "  --cc CC          the C compiler command (default: $CC or cc for this machine;\n"
          "                   to cross, the Debian cross gcc (aarch64-linux-gnu-gcc...),\n"
          "                   else clang --target=...-linux-gnu -fuse-ld=lld)\n"
          "  -O N             optimisation level of the C compiler (default 2)\n"
          "  --memory M       the core the code is for: guard (guard pages, no bounds\n"
          "                   checks) or bounds (bounds checks: the vm and bounds\n"
          "                   configurations); default: the one this minwasm is built with\n"
          "  --emit-c         write C for a firmware or program build instead: it defines\n"
          "                   `const struct mwa_module_desc NAME`, for mw_module_new_static\n"
          "  --name NAME      the descriptor's name (default: from the output file name)\n"
          "  -v               print the C compiler's command line\n"
          "A .cwasm is native code: load only files from a trusted compile (doc/aot.md).\n",
          out);
}

/* A C identifier from the output file's base name ("dir/my-mod.c" -> my_mod). */
static void name_from_path(const char *path, char *buf, size_t cap)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = 0;
    if (!((*b >= 'a' && *b <= 'z') || (*b >= 'A' && *b <= 'Z') || *b == '_')) buf[n++] = '_';
    for (; *b && *b != '.' && n + 1 < cap; b++) {
        char c = *b;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        buf[n++] = ok ? c : '_';
    }
    buf[n] = '\0';
}

int cli_compile_main(int argc, char **argv)
{
    mwa_compile_opts o;
    mwa_compile_opts_init(&o);
    const char *in = NULL, *out = NULL, *name = NULL;
    bool emit_c = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) { compile_usage(stdout); return CLI_EXIT_OK; }
        else if (strcmp(a, "-v") == 0) o.verbose = true;
        else if (strcmp(a, "--emit-c") == 0) emit_c = true;
        else if ((strcmp(a, "-o") == 0 || strcmp(a, "--target") == 0 || strcmp(a, "--cc") == 0 ||
                  strcmp(a, "-O") == 0 || strcmp(a, "--name") == 0 || strcmp(a, "--memory") == 0) && !v) {
            fprintf(stderr, "minwasm compile: %s needs a value\n", a);
            return CLI_EXIT_USAGE;
        } else if (strcmp(a, "-o") == 0) out = argv[++i];
        else if (strcmp(a, "--target") == 0) o.target = argv[++i];
        else if (strcmp(a, "--cc") == 0) o.cc = argv[++i];
        else if (strcmp(a, "--name") == 0) name = argv[++i];
        else if (strcmp(a, "-O") == 0 || (a[0] == '-' && a[1] == 'O' && a[2])) {
            const char *n = a[2] ? a + 2 : argv[++i];
            if (n[0] < '0' || n[0] > '3' || n[1]) {
                fprintf(stderr, "minwasm compile: -O takes 0, 1, 2 or 3, not '%s'\n", n);
                return CLI_EXIT_USAGE;
            }
            o.opt = n[0] - '0';
        } else if (strcmp(a, "--memory") == 0) {
            const char *m = argv[++i];
            if (strcmp(m, "guard") == 0) o.bounds = 0;
            else if (strcmp(m, "bounds") == 0 || strcmp(m, "vm") == 0) o.bounds = 1;
            else {
                fprintf(stderr, "minwasm compile: --memory takes guard or bounds, not '%s'\n", m);
                return CLI_EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "minwasm compile: unknown option %s (see minwasm compile --help)\n", a);
            return CLI_EXIT_USAGE;
        } else if (!in) in = a;
        else {
            fprintf(stderr, "minwasm compile: one input file only ('%s' and '%s')\n", in, a);
            return CLI_EXIT_USAGE;
        }
    }
    if (!in || !out) {
        compile_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    char cname[128];
    if (emit_c) {
        if (!name) { name_from_path(out, cname, sizeof cname); name = cname; }
        o.emit_c = name;
    }
    uint8_t *bytes;
    size_t len;
    char why[512];
    if (!cli_read_module(in, &bytes, &len, why, sizeof why)) {
        fprintf(stderr, "minwasm: %s: %s\n", in, why);
        return CLI_EXIT_LOAD;
    }
    int rc = mwa_compile(bytes, len, out, &o, why, sizeof why);
    free(bytes);
    if (rc != 0) {
        fprintf(stderr, "minwasm: %s: %s\n", in, why);
        return CLI_EXIT_LOAD;
    }
    return CLI_EXIT_OK;
}

/* mkdir -p */
static bool make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        int r = mkdir(path, 0700);
        *p = '/';
        if (r != 0 && errno != EEXIST) return false;
    }
    return mkdir(path, 0700) == 0 || errno == EEXIST;
}

bool cli_aot_cached(const uint8_t *wasm, size_t len, uint8_t **out, size_t *outlen,
                    char *why, size_t whylen)
{
    char dir[3072];
    const char *env = getenv("MINWASM_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (env && *env) snprintf(dir, sizeof dir, "%s", env);
    else if (xdg && *xdg) snprintf(dir, sizeof dir, "%s/minwasm", xdg);
    else if (home && *home) snprintf(dir, sizeof dir, "%s/.cache/minwasm", home);
    else { snprintf(why, whylen, "no cache directory: set MINWASM_CACHE_DIR"); return false; }
    if (!make_dirs(dir)) {
        snprintf(why, whylen, "cannot create the cache directory %.200s: %s", dir, strerror(errno));
        return false;
    }
    /* The key: the module and this minwasm's translator (its build id). */
    const char *id = mwa_build_id();
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%016llx-%zu-%016llx.cwasm", dir,
             (unsigned long long)mwH_fnv1a(wasm, len), len,
             (unsigned long long)mwH_fnv1a((const uint8_t *)id, strlen(id)));
    if (access(path, R_OK) != 0) {
        mwa_compile_opts o;
        mwa_compile_opts_init(&o);
        snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
        if (mwa_compile(wasm, len, tmp, &o, why, whylen) != 0) return false;
        if (rename(tmp, path) != 0) {
            snprintf(why, whylen, "cannot write %.200s: %s", path, strerror(errno));
            unlink(tmp);
            return false;
        }
    }
    return cli_read_file(path, out, outlen, why, whylen);
}
