/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * json.h — a small JSON reader for the spec-test runner (wast2json output): the whole
 * document into a tree of json values. Strings keep embedded NULs (len).
 */
#ifndef MINWASM_CLI_JSON_H
#define MINWASM_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum json_kind { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR, JSON_OBJ } json_kind;

typedef struct json json;
struct json {
    json_kind kind;
    bool b;
    double num;
    char *str;          /* JSON_STR: NUL-terminated, but may contain NULs (see len) */
    size_t len;
    json *items;        /* JSON_ARR, JSON_OBJ: the values */
    char **keys;        /* JSON_OBJ: NUL-terminated keys */
    size_t *keylens;
    size_t n, cap;
};

/* Parse text[0..len) into *out (free with json_free). On failure *err is static text
 * and *offset the byte where parsing stopped. */
bool json_parse(const char *text, size_t len, json *out, const char **err, size_t *offset);
void json_free(json *v);
/* Member key of an object, or NULL. */
const json *json_get(const json *obj, const char *key);
/* The string member key, or NULL when absent or not a string. */
const json *json_get_str(const json *obj, const char *key);
/* ... as a C string. */
const char *json_cstr(const json *obj, const char *key);

#endif
