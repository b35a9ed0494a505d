/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * explore.c — `minwasm explore [--func N] FILE.wasm...`: print the translated code of
 * modules' functions (mw_module_explore), to see what the interpreter runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void print_line(void *ud, const char *text, size_t len)
{
    fwrite(text, 1, len, (FILE *)ud);
}

static int explore_file(const char *file, long func, bool many);

int cli_explore_main(int argc, char **argv)
{
    long func = -1;
    int nfiles = 0, status = CLI_EXIT_OK;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--func") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            func = strtol(argv[++i], &end, 10);
            if (*argv[i] == '\0' || *end != '\0' || errno || func < 0 || func > 0xFFFFFFFFL) {
                fprintf(stderr, "minwasm explore: bad function index '%s'\n", argv[i]);
                return CLI_EXIT_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "minwasm explore: unknown option '%s'\n", argv[i]);
            return CLI_EXIT_USAGE;
        } else {
            argv[nfiles++] = argv[i];
        }
    }
    if (nfiles == 0) {
        fprintf(stderr, "usage: minwasm explore [--func N] FILE.wasm...\n");
        return CLI_EXIT_USAGE;
    }
    for (int i = 0; i < nfiles; i++) {
        int r = explore_file(argv[i], func, nfiles > 1);
        if (r > status) status = r;
    }
    return status;
}

static int explore_file(const char *file, long func, bool many)
{
    uint8_t *bytes;
    size_t len;
    char why[256];
    if (!cli_read_module(file, &bytes, &len, why, sizeof why)) {
        fprintf(stderr, "minwasm explore: %s: %s\n", file, why);
        return CLI_EXIT_LOAD;
    }
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = cli_alloc;
    mw_engine *engine = NULL;
    mw_module *m = NULL;
    mw_error err;
    int status = CLI_EXIT_OK;
    if (mw_engine_new(&cfg, &engine, &err) != MW_OK ||
        mw_module_new(engine, bytes, len, &m, &err) != MW_OK) {
        fprintf(stderr, "minwasm explore: %s: %s at offset 0x%zx: %s\n", file,
                mw_result_name(err.code), err.offset, err.msg);
        status = CLI_EXIT_LOAD;
        goto done;
    }
    uint32_t nimports = 0;
    for (uint32_t i = 0; i < mw_module_import_count(m); i++) {
        mw_import_export_desc d;
        if (mw_module_import(m, i, &d) && d.kind == MW_EXTERN_FUNC) nimports++;
    }
    if (many) printf(";; %s\n", file);
    mw_module_stats st;
    mw_module_stats_get(m, &st);
    uint32_t total = nimports + st.functions;
    if (func >= 0 && ((uint32_t)func < nimports || (uint32_t)func >= total)) {
        fprintf(stderr, "minwasm explore: function %ld is not defined by the module "
                        "(defined functions: %u..%u)\n", func, nimports, total ? total - 1 : 0);
        status = CLI_EXIT_USAGE;
        goto done;
    }
    for (uint32_t f = nimports; f < total; f++) {
        if (func >= 0 && f != (uint32_t)func) continue;
        size_t nlen = 0;
        const char *name = mw_module_func_name(m, f, &nlen);
        if (name) printf("; %.*s\n", (int)nlen, name);
        if (mw_module_explore(m, f, print_line, stdout) != MW_OK) {
            fprintf(stderr, "minwasm explore: cannot print function %u\n", f);
            status = CLI_EXIT_LOAD;
        }
    }
done:
    mw_module_delete(m);
    mw_engine_delete(engine);
    free(bytes);
    return status;
}
