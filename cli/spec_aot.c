/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * spec_aot.c — `minwasm spec --aot`: every valid module of the scripts runs as native
 * code. Before the run, all modules of all scripts are compiled in batches (one C
 * compiler run per batch, a few at a time) into a cache named by each module's hash;
 * the runner then loads modules from there (cli_aot_load) instead of from the binary.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include "cli.h"
#include "json.h"
#include "../aot/compile.h"
#include "../src/cwasm_format.h"

#define BATCH 120   /* modules per compiler run: spec modules are small */

typedef struct pending {
    uint8_t *bytes;
    size_t len;
    char *out;
} pending;

static void cache_path(const char *dir, const uint8_t *bytes, size_t len, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%016llx-%zu.cwasm", dir, (unsigned long long)mwH_fnv1a(bytes, len), len);
}

/* Queue every module file of one script that validates and is not in the cache yet. */
static void collect(const char *json_path, const char *cache, mw_engine *engine, pending **list,
                    size_t *n, size_t *cap)
{
    uint8_t *text;
    size_t tlen;
    char why[256];
    if (!cli_read_file(json_path, &text, &tlen, why, sizeof why)) return;   /* the run reports it */
    json doc;
    const char *jerr;
    size_t joff;
    bool ok = json_parse((const char *)text, tlen, &doc, &jerr, &joff);
    free(text);
    if (!ok) return;
    const json *cmds = json_get(&doc, "commands");
    const char *slash = strrchr(json_path, '/');
    int dirlen = slash ? (int)(slash - json_path) + 1 : 0;
    for (size_t i = 0; cmds && cmds->kind == JSON_ARR && i < cmds->n; i++) {
        const char *fn = json_cstr(&cmds->items[i], "filename");
        if (!fn || strlen(fn) < 5 || strcmp(fn + strlen(fn) - 5, ".wasm") != 0) continue;
        char path[4096];
        snprintf(path, sizeof path, "%.*s%s", fn[0] == '/' ? 0 : dirlen, json_path, fn);
        uint8_t *b;
        size_t len;
        if (!cli_read_file(path, &b, &len, why, sizeof why)) continue;
        char out[4096];
        cache_path(cache, b, len, out, sizeof out);
        mw_module *m = NULL;
        bool dup = false;
        for (size_t k = 0; k < *n && !dup; k++) dup = strcmp((*list)[k].out, out) == 0;
        if (dup || access(out, R_OK) == 0 || mw_module_new(engine, b, len, &m, NULL) != MW_OK) {
            free(b);
            continue;
        }
        mw_module_delete(m);
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 256;
            pending *p = realloc(*list, nc * sizeof *p);
            if (!p) { free(b); break; }
            *list = p;
            *cap = nc;
        }
        (*list)[*n].bytes = b;
        (*list)[*n].len = len;
        (*list)[(*n)++].out = strdup(out);
    }
    json_free(&doc);
}

/* Compile batches k, k + jobs, k + 2 jobs... (one worker's share). */
static int worker(pending *list, size_t n, size_t k, size_t jobs, const mwa_compile_opts *o)
{
    int bad = 0;
    for (size_t start = k * BATCH; start < n; start += jobs * BATCH) {
        size_t cnt = n - start < BATCH ? n - start : BATCH;
        const uint8_t *w[BATCH];
        size_t l[BATCH];
        const char *out[BATCH];
        for (size_t i = 0; i < cnt; i++) {
            w[i] = list[start + i].bytes;
            l[i] = list[start + i].len;
            out[i] = list[start + i].out;
        }
        char err[512];
        if (mwa_compile_batch(w, l, out, cnt, o, err, sizeof err) != 0) {
            /* One bad module must not cost its batch: compile them one by one. */
            for (size_t i = 0; i < cnt; i++)
                if (mwa_compile(w[i], l[i], out[i], o, err, sizeof err) != 0) {
                    fprintf(stderr, "minwasm: spec --aot: %s: %s\n", out[i], err);
                    bad = 1;
                }
        }
    }
    return bad;
}

bool cli_aot_prepare(char **json_paths, int n, const char *cache, int jobs, int opt)
{
    if (mkdir(cache, 0700) != 0 && access(cache, W_OK) != 0) {
        fprintf(stderr, "minwasm: spec --aot: cannot use the cache directory %s\n", cache);
        return false;
    }
    mw_engine_config ec;
    memset(&ec, 0, sizeof ec);
    ec.alloc = cli_alloc;
    mw_engine *engine = NULL;
    if (mw_engine_new(&ec, &engine, NULL) != MW_OK) return false;
    pending *list = NULL;
    size_t cnt = 0, cap = 0;
    for (int i = 0; i < n; i++) collect(json_paths[i], cache, engine, &list, &cnt, &cap);
    mw_engine_delete(engine);

    mwa_compile_opts o;
    mwa_compile_opts_init(&o);
    o.opt = opt;
    if (jobs < 1) jobs = 1;
    pid_t pids[64];
    int started = 0, bad = 0;
    fflush(NULL);
    for (int k = 0; k < jobs && k < 64; k++) {
        pid_t pid = jobs > 1 ? fork() : 0;
        if (pid == 0) {
            int r = worker(list, cnt, (size_t)k, (size_t)jobs, &o);
            if (jobs > 1) _exit(r);
            bad |= r;
        } else if (pid > 0) {
            pids[started++] = pid;
        } else {
            bad |= worker(list, cnt, (size_t)k, (size_t)jobs, &o);
        }
    }
    for (int k = 0; k < started; k++) {
        int st;
        if (waitpid(pids[k], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) bad = 1;
    }
    for (size_t i = 0; i < cnt; i++) { free(list[i].bytes); free(list[i].out); }
    free(list);
    if (bad) fprintf(stderr, "minwasm: spec --aot: some modules did not compile (their commands fail)\n");
    return true;
}

mw_result cli_aot_load(mw_engine *engine, const char *cache, const uint8_t *bytes, size_t len,
                       mw_module **out, mw_error *err)
{
    char path[4096], why[256];
    cache_path(cache, bytes, len, path, sizeof path);
    uint8_t *b;
    size_t blen;
    if (!cli_read_file(path, &b, &blen, why, sizeof why)) {
        if (err) {
            memset(err, 0, sizeof *err);
            err->code = MW_ERR_NOT_FOUND;
            err->offset = SIZE_MAX;
            snprintf(err->msg, sizeof err->msg, "no native code for this module (%.150s)", why);
        }
        return MW_ERR_NOT_FOUND;
    }
    mw_result r = mw_module_deserialize(engine, b, blen, out, err);
    free(b);
    if (r == MW_OK && !mw_module_is_native(*out)) {
        mw_module_delete(*out);
        *out = NULL;
        if (err) {
            err->code = MW_ERR_UNSUPPORTED;
            snprintf(err->msg, sizeof err->msg, "the platform cannot run native code");
        }
        return MW_ERR_UNSUPPORTED;
    }
    return r;
}

bool cli_aot_tmpdir(char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/minwasm-spec-aot-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(buf) != NULL;
}

void cli_aot_rmdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4096];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}
