/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * run_flags.c — wasmtime's option groups for `minwasm run`: -W (--wasm) KEY[=VAL][,...]
 * and -S (--wasi) KEY[=VAL][,...], in wasmtime's spelling, mapped onto what minwasm has.
 * Keys minwasm cannot honour are refused by name (never silently ignored), and so are
 * requests to switch off a proposal minwasm always implements. `-W help` / `-S help`
 * list the keys.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef enum { RF_FUEL, RF_TIMEOUT, RF_MAXMEM, RF_MAXTABLE, RF_FEATURE, RF_INHERIT_ENV,
               RF_WASI_ON } rf_kind;

typedef struct rf_key {
    char group;            /* 'W' or 'S' */
    const char *name;
    rf_kind kind;
    const char *help;
} rf_key;

static const rf_key rf_keys[] = {
    { 'W', "fuel", RF_FUEL, "=N        trap with \"out of fuel\" after N units (as --fuel)" },
    { 'W', "timeout", RF_TIMEOUT, "=DUR   trap with \"interrupted\" after DUR: 500ms, 2s, 1m (as --timeout)" },
    { 'W', "max-memory-size", RF_MAXMEM, "=BYTES  limit each linear memory (as --max-memory)" },
    { 'W', "max-table-elements", RF_MAXTABLE, "=N  limit each table to N elements" },
    { 'W', "bulk-memory", RF_FEATURE, "[=y]  always on (wasm 2.0); =n is refused" },
    { 'W', "multi-value", RF_FEATURE, "[=y]  always on" },
    { 'W', "reference-types", RF_FEATURE, "[=y]  always on" },
    { 'W', "simd", RF_FEATURE, "[=y]         on unless built with MW_SIMD=0" },
    { 'S', "inherit-env", RF_INHERIT_ENV, "[=y|n]  pass the host's whole environment (--env wins)" },
    { 'S', "cli", RF_WASI_ON, "[=y]          WASI preview 1 command support: always on" },
    { 'S', "common", RF_WASI_ON, "[=y]       the older name of cli" },
};

void cli_run_flags_help(FILE *out, char group)
{
    fprintf(out, "minwasm run -%c KEY[=VAL][,KEY[=VAL]...] (wasmtime's spelling); keys:\n", group);
    for (size_t k = 0; k < sizeof rf_keys / sizeof rf_keys[0]; k++)
        if (rf_keys[k].group == group)
            fprintf(out, "  %s%s\n", rf_keys[k].name, rf_keys[k].help);
    fprintf(out, "Other wasmtime keys are refused: minwasm has nothing they could set.\n");
}

/* y/yes/true/on (or no value) and n/no/false/off, as wasmtime reads booleans. */
static int rf_bool(const char *v)
{
    if (v == NULL || strcmp(v, "y") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
        strcmp(v, "on") == 0)
        return 1;
    if (strcmp(v, "n") == 0 || strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
        strcmp(v, "off") == 0)
        return 0;
    return -1;
}

/* One KEY[=VAL] of group. */
static bool rf_one(char group, char *item, cli_run_flags *f, char *why, size_t n)
{
    char *val = strchr(item, '=');
    if (val != NULL)
        *val++ = '\0';
    const rf_key *key = NULL;
    for (size_t k = 0; k < sizeof rf_keys / sizeof rf_keys[0]; k++)
        if (rf_keys[k].group == group && strcmp(rf_keys[k].name, item) == 0)
            key = &rf_keys[k];
    if (key == NULL) {
        snprintf(why, n, "-%c %s: unknown or unsupported option (minwasm run -%c help lists "
                 "the supported ones)", group, item, group);
        return false;
    }
    bool needs_value = key->kind == RF_FUEL || key->kind == RF_TIMEOUT ||
                       key->kind == RF_MAXMEM || key->kind == RF_MAXTABLE;
    if (needs_value && (val == NULL || *val == '\0')) {
        snprintf(why, n, "-%c %s needs a value (%s=...)", group, item, item);
        return false;
    }
    int b;
    switch (key->kind) {
    case RF_FUEL:
        if (!cli_parse_u64(val, &f->fuel)) {
            snprintf(why, n, "-W fuel=%s: expected a non-negative integer", val);
            return false;
        }
        f->has_fuel = true;
        return true;
    case RF_TIMEOUT:
        if (!cli_parse_duration(val, &f->timeout_ns)) {
            snprintf(why, n, "-W timeout=%s: expected a duration such as 500ms, 2s or 1m", val);
            return false;
        }
        return true;
    case RF_MAXMEM:
        if (!cli_parse_size(val, &f->max_memory) || f->max_memory == 0) {
            snprintf(why, n, "-W max-memory-size=%s: expected a positive size such as 65536, "
                     "64K or 16M", val);
            return false;
        }
        return true;
    case RF_MAXTABLE:
        if (!cli_parse_u64(val, &f->max_table_elements) || f->max_table_elements == 0) {
            snprintf(why, n, "-W max-table-elements=%s: expected a positive integer", val);
            return false;
        }
        return true;
    case RF_FEATURE:
    case RF_WASI_ON:
        b = rf_bool(val);
        if (b < 0) {
            snprintf(why, n, "-%c %s=%s: expected y or n", group, item, val);
            return false;
        }
        if (b == 0) {
            snprintf(why, n, "-%c %s=%s: minwasm cannot switch this off", group, item, val);
            return false;
        }
        return true;
    case RF_INHERIT_ENV:
        b = rf_bool(val);
        if (b < 0) {
            snprintf(why, n, "-S inherit-env=%s: expected y or n", val);
            return false;
        }
        f->inherit_env = b == 1;
        return true;
    }
    return false;
}

bool cli_run_flags_parse(char group, const char *spec, cli_run_flags *f, char *why, size_t n)
{
    char *copy = strdup(spec);
    if (copy == NULL) {
        snprintf(why, n, "out of memory");
        return false;
    }
    bool ok = true;
    if (*copy == '\0') {
        snprintf(why, n, "-%c needs KEY[=VAL] (minwasm run -%c help)", group, group);
        ok = false;
    }
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); ok && item != NULL;
         item = strtok_r(NULL, ",", &save))
        ok = rf_one(group, item, f, why, n);
    free(copy);
    return ok;
}
