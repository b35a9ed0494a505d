/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * cli.h — declarations shared by the files of the `minwasm` command.
 * The command only talks to the runtime through the public API (minwasm.h).
 */
#ifndef MINWASM_CLI_H
#define MINWASM_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include <stdio.h>

#include "minwasm.h"

/* Exit statuses of the command (also listed by `minwasm --help`). */
#define CLI_EXIT_OK 0
#define CLI_EXIT_LOAD 1    /* read, decode, validate or link error; spec failures */
#define CLI_EXIT_USAGE 2   /* bad command line or arguments */
#define CLI_EXIT_TRAP 134  /* 128 + SIGABRT: what a crashed native program reports */

/* ---- alloc.c: the libc-backed allocator hook with usage accounting. */

typedef struct cli_alloc_stats {
    size_t in_use;   /* bytes currently allocated (as reported by osize/nsize) */
    size_t peak;     /* high-water mark of in_use */
    size_t limit;    /* 0 = unlimited; otherwise allocations beyond it fail */
    size_t blocks;   /* live blocks */
} cli_alloc_stats;

/* An mw_alloc_fn; ud must point to a cli_alloc_stats (or be NULL: no accounting). */
void *cli_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* ---- main.c: helpers also used by spec.c. */

/* Read a whole file into a malloc'd buffer. Returns false with errno-style text in why. */
bool cli_read_file(const char *path, uint8_t **data, size_t *len, char *why, size_t whylen);

/* A module from a file's bytes: a precompiled .cwasm (by its magic) or a binary. */
mw_result cli_module_new(mw_engine *engine, const uint8_t *bytes, size_t len,
                         mw_module **out, mw_error *err);

/* Text (the WebAssembly text format) rather than a binary or .cwasm: no leading NUL. */
bool cli_is_text(const uint8_t *bytes, size_t len);
/* cli_read_file, then a text module converted to its binary (errors say line:column). */
bool cli_read_module(const char *path, uint8_t **data, size_t *len, char *why, size_t whylen);

/* Shortest text that reads back to the same bits ("1.5", "nan", "-inf", "nan:0x200000"). */
void cli_format_f32(uint32_t bits, char *buf, size_t n);
void cli_format_f64(uint64_t bits, char *buf, size_t n);

/* Option values: a plain non-negative decimal integer; BYTES with an optional K/M/G
 * suffix; a DURATION (number with unit ms, s, m or h, default s) in nanoseconds. */
bool cli_parse_u64(const char *s, uint64_t *out);
bool cli_parse_size(const char *s, uint64_t *out);
bool cli_parse_duration(const char *s, uint64_t *ns);

/* ---- run_flags.c: wasmtime's -W / -S option groups of `minwasm run`. */
typedef struct cli_run_flags {
    bool has_fuel;
    uint64_t fuel;
    uint64_t timeout_ns;          /* 0 = none */
    uint64_t max_memory;          /* 0 = none */
    uint64_t max_table_elements;  /* 0 = none */
    bool inherit_env;
} cli_run_flags;
/* Apply "KEY[=VAL],..." of group 'W' or 'S' to f; false with the reason in why. */
bool cli_run_flags_parse(char group, const char *spec, cli_run_flags *f, char *why, size_t n);
/* List the keys of a group (`-W help`). */
void cli_run_flags_help(FILE *out, char group);

/* ---- spec.c: `minwasm spec [-v] FILE.json...`; argv[0] is the first argument after "spec". */
int cli_spec_main(int argc, char **argv);

/* ---- wast.c: `minwasm wast [-v] [--spec-version 2|3] FILE.wast...`. */
int cli_wast_main(int argc, char **argv);

/* ---- spec_aot.c: `minwasm spec --aot`. prepare: compile every valid module of the
 * scripts into the cache directory (jobs compiler runs at a time, -O opt); load: the
 * precompiled module of these bytes from the cache. */
bool cli_aot_prepare(char **json_paths, int n, const char *cache, int jobs, int opt);
mw_result cli_aot_load(mw_engine *engine, const char *cache, const uint8_t *bytes, size_t len,
                       mw_module **out, mw_error *err);
/* A fresh temporary cache directory (in $TMPDIR or /tmp), and removing one. */
bool cli_aot_tmpdir(char *buf, size_t cap);
void cli_aot_rmdir(const char *dir);

/* ---- compile.c: `minwasm compile ...`; argv[0] is the first argument after "compile". */
int cli_compile_main(int argc, char **argv);
/* `run --aot`: the .cwasm of a module from the cache, compiled first if missing. */
bool cli_aot_cached(const uint8_t *wasm, size_t len, uint8_t **out, size_t *outlen,
                    char *why, size_t whylen);

/* ---- explore.c: `minwasm explore [--func N] FILE.wasm`. */
int cli_explore_main(int argc, char **argv);

#endif
