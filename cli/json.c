/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * json.c — the JSON reader of the spec-test runner (json.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

typedef struct json_parser {
    const char *p, *end, *start;
    int depth;
    const char *err;    /* first error, static text */
} json_parser;

/* Deep enough for any wast2json output, shallow enough to never exhaust the C stack. */
#define JSON_MAX_DEPTH 200

void json_free(json *v)
{
    if (v->kind == JSON_STR) {
        free(v->str);
    } else if (v->kind == JSON_ARR || v->kind == JSON_OBJ) {
        for (size_t i = 0; i < v->n; i++) {
            json_free(&v->items[i]);
            if (v->kind == JSON_OBJ)
                free(v->keys[i]);
        }
        free(v->items);
        free(v->keys);
        free(v->keylens);
    }
    memset(v, 0, sizeof *v);
}

static bool json_fail(json_parser *jp, const char *msg)
{
    if (jp->err == NULL)
        jp->err = msg;
    return false;
}

static void json_ws(json_parser *jp)
{
    while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r'))
        jp->p++;
}

typedef struct strbuf { char *s; size_t len, cap; } strbuf;

static bool sb_put(strbuf *b, const char *s, size_t n)
{
    if (b->cap - b->len < n + 1) {
        size_t ncap = b->cap ? b->cap : 32;
        while (ncap - b->len < n + 1) {
            if (ncap > SIZE_MAX / 2)
                return false;
            ncap *= 2;
        }
        char *ns = realloc(b->s, ncap);
        if (ns == NULL)
            return false;
        b->s = ns;
        b->cap = ncap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool json_hex4(json_parser *jp, uint32_t *out)
{
    if (jp->end - jp->p < 4)
        return json_fail(jp, "truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(jp->p[i]);
        if (h < 0)
            return json_fail(jp, "bad \\u escape");
        v = v << 4 | (uint32_t)h;
    }
    jp->p += 4;
    *out = v;
    return true;
}

/* Code point -> UTF-8. Lone surrogates are kept (as 3 bytes) rather than rejected. */
static size_t utf8_encode(uint32_t cp, char *o)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Parses the string at jp->p (which is at the opening quote). */
static bool json_string(json_parser *jp, char **out, size_t *outlen)
{
    strbuf b = {NULL, 0, 0};
    jp->p++;
    if (!sb_put(&b, "", 0))
        return json_fail(jp, "out of memory");
    for (;;) {
        if (jp->p >= jp->end) {
            free(b.s);
            return json_fail(jp, "unterminated string");
        }
        const char *run = jp->p;
        while (jp->p < jp->end && *jp->p != '"' && *jp->p != '\\' && (unsigned char)*jp->p >= 0x20)
            jp->p++;
        if (!sb_put(&b, run, (size_t)(jp->p - run))) {
            free(b.s);
            return json_fail(jp, "out of memory");
        }
        if (jp->p >= jp->end)
            continue;   /* reported as unterminated above */
        char c = *jp->p++;
        if (c == '"')
            break;
        if (c != '\\') {
            free(b.s);
            return json_fail(jp, "control character in string");
        }
        if (jp->p >= jp->end) {
            free(b.s);
            return json_fail(jp, "unterminated string");
        }
        char e = *jp->p++;
        char tmp[4];
        size_t tn = 1;
        switch (e) {
        case '"': tmp[0] = '"'; break;
        case '\\': tmp[0] = '\\'; break;
        case '/': tmp[0] = '/'; break;
        case 'b': tmp[0] = '\b'; break;
        case 'f': tmp[0] = '\f'; break;
        case 'n': tmp[0] = '\n'; break;
        case 'r': tmp[0] = '\r'; break;
        case 't': tmp[0] = '\t'; break;
        case 'u': {
            uint32_t cp;
            if (!json_hex4(jp, &cp)) {
                free(b.s);
                return false;
            }
            /* A high surrogate followed by a low one encodes one supplementary code point. */
            if (cp >= 0xD800 && cp <= 0xDBFF && jp->end - jp->p >= 6 &&
                jp->p[0] == '\\' && jp->p[1] == 'u') {
                const char *save = jp->p;
                uint32_t lo;
                jp->p += 2;
                if (json_hex4(jp, &lo) && lo >= 0xDC00 && lo <= 0xDFFF)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else {
                    jp->p = save;
                    jp->err = NULL;   /* not a pair: the next escape is parsed on its own */
                }
            }
            tn = utf8_encode(cp, tmp);
            break;
        }
        default:
            free(b.s);
            return json_fail(jp, "bad escape in string");
        }
        if (!sb_put(&b, tmp, tn)) {
            free(b.s);
            return json_fail(jp, "out of memory");
        }
    }
    *out = b.s;
    *outlen = b.len;
    return true;
}

static bool json_number(json_parser *jp, json *out)
{
    const char *s = jp->p;
    const char *q = s;
    if (q < jp->end && *q == '-')
        q++;
    const char *digits = q;
    while (q < jp->end && *q >= '0' && *q <= '9')
        q++;
    if (q == digits)
        return json_fail(jp, "bad number");
    if (q < jp->end && *q == '.') {
        q++;
        const char *frac = q;
        while (q < jp->end && *q >= '0' && *q <= '9')
            q++;
        if (q == frac)
            return json_fail(jp, "bad number");
    }
    if (q < jp->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < jp->end && (*q == '+' || *q == '-'))
            q++;
        const char *exp = q;
        while (q < jp->end && *q >= '0' && *q <= '9')
            q++;
        if (q == exp)
            return json_fail(jp, "bad number");
    }
    /* Copy the validated token: strtod must see exactly it (the buffer is not NUL-bounded). */
    char tok[64];
    size_t n = (size_t)(q - s);
    if (n >= sizeof tok)
        return json_fail(jp, "number too long");
    memcpy(tok, s, n);
    tok[n] = '\0';
    out->kind = JSON_NUM;
    out->num = strtod(tok, NULL);
    jp->p = q;
    return true;
}

static bool json_value(json_parser *jp, json *out);

static bool json_push(json *arr, json *item, char *key, size_t keylen)
{
    if (arr->n == arr->cap) {
        size_t ncap = arr->cap ? arr->cap * 2 : 8;
        json *ni = realloc(arr->items, ncap * sizeof *ni);
        if (ni == NULL)
            return false;
        arr->items = ni;
        if (arr->kind == JSON_OBJ) {
            char **nk = realloc(arr->keys, ncap * sizeof *nk);
            if (nk == NULL)
                return false;
            arr->keys = nk;
            size_t *nl = realloc(arr->keylens, ncap * sizeof *nl);
            if (nl == NULL)
                return false;
            arr->keylens = nl;
        }
        arr->cap = ncap;
    }
    arr->items[arr->n] = *item;
    if (arr->kind == JSON_OBJ) {
        arr->keys[arr->n] = key;
        arr->keylens[arr->n] = keylen;
    }
    arr->n++;
    return true;
}

static bool json_container(json_parser *jp, json *out, bool is_obj)
{
    char close = is_obj ? '}' : ']';
    out->kind = is_obj ? JSON_OBJ : JSON_ARR;
    jp->p++;
    json_ws(jp);
    if (jp->p < jp->end && *jp->p == close) {
        jp->p++;
        return true;
    }
    for (;;) {
        char *key = NULL;
        size_t keylen = 0;
        json_ws(jp);
        if (is_obj) {
            if (jp->p >= jp->end || *jp->p != '"')
                return json_fail(jp, "expected a key");
            if (!json_string(jp, &key, &keylen))
                return false;
            json_ws(jp);
            if (jp->p >= jp->end || *jp->p != ':') {
                free(key);
                return json_fail(jp, "expected ':'");
            }
            jp->p++;
        }
        json item;
        memset(&item, 0, sizeof item);
        if (!json_value(jp, &item)) {
            free(key);
            json_free(&item);
            return false;
        }
        if (!json_push(out, &item, key, keylen)) {
            free(key);
            json_free(&item);
            return json_fail(jp, "out of memory");
        }
        json_ws(jp);
        if (jp->p < jp->end && *jp->p == ',') {
            jp->p++;
            continue;
        }
        if (jp->p < jp->end && *jp->p == close) {
            jp->p++;
            return true;
        }
        return json_fail(jp, is_obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static bool json_literal(json_parser *jp, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, word, n) != 0)
        return json_fail(jp, "unexpected character");
    jp->p += n;
    return true;
}

/* On failure out may hold a partial tree: the caller frees it with json_free. */
static bool json_value(json_parser *jp, json *out)
{
    json_ws(jp);
    if (jp->p >= jp->end)
        return json_fail(jp, "unexpected end of input");
    if (++jp->depth > JSON_MAX_DEPTH)
        return json_fail(jp, "nesting too deep");
    bool ok;
    switch (*jp->p) {
    case '{': ok = json_container(jp, out, true); break;
    case '[': ok = json_container(jp, out, false); break;
    case '"':
        out->kind = JSON_STR;
        ok = json_string(jp, &out->str, &out->len);
        break;
    case 't': out->kind = JSON_BOOL; out->b = true; ok = json_literal(jp, "true"); break;
    case 'f': out->kind = JSON_BOOL; out->b = false; ok = json_literal(jp, "false"); break;
    case 'n': out->kind = JSON_NULL; ok = json_literal(jp, "null"); break;
    default: ok = json_number(jp, out); break;
    }
    jp->depth--;
    return ok;
}

/* Parses a whole document; on failure returns false with *err and *offset set. */
bool json_parse(const char *text, size_t len, json *out, const char **err, size_t *offset)
{
    json_parser jp = {text, text + len, text, 0, NULL};
    memset(out, 0, sizeof *out);
    bool ok = json_value(&jp, out);
    if (ok) {
        json_ws(&jp);
        if (jp.p != jp.end)
            ok = json_fail(&jp, "trailing data");
    }
    if (!ok) {
        json_free(out);
        *err = jp.err ? jp.err : "parse error";
        *offset = (size_t)(jp.p - jp.start);
    }
    return ok;
}

const json *json_get(const json *obj, const char *key)
{
    if (obj == NULL || obj->kind != JSON_OBJ)
        return NULL;
    size_t kl = strlen(key);
    for (size_t i = 0; i < obj->n; i++)
        if (obj->keylens[i] == kl && memcmp(obj->keys[i], key, kl) == 0)
            return &obj->items[i];
    return NULL;
}

/* The string member `key`, or NULL when absent or not a string. */
const json *json_get_str(const json *obj, const char *key)
{
    const json *v = json_get(obj, key);
    return v != NULL && v->kind == JSON_STR ? v : NULL;
}

const char *json_cstr(const json *obj, const char *key)
{
    const json *v = json_get_str(obj, key);
    return v ? v->str : NULL;
}

