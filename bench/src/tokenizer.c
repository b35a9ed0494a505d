/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * tokenizer — branchy byte-at-a-time scanning: a lexer for a C-like language (keywords,
 * identifiers, decimal/hex/float numbers, strings and characters with escapes, line
 * and block comments, one- to three-character operators) run over generated source
 * text. Identifiers are interned in an open-addressing symbol table; the checksum
 * covers token kinds, lengths and symbol ids.
 * Size: the number of passes over a generated 256 KiB text; before each pass a few
 * letters of the text are changed, so the passes differ.
 */
#include "bench.h"

#define DEFAULT_N 530
#define SMALL_N 1
#define WANT_DEFAULT 0xcf5b961au
#define WANT_SMALL 0x4ab5b464u

#define TEXT_LEN (256 * 1024)

enum { T_IDENT, T_KEYWORD, T_INT, T_FLOAT, T_STRING, T_CHAR, T_OP, T_COMMENT, T_BAD, T_KINDS };

static const char *const keywords[] = {"if", "else", "while", "for", "return", "int",
                                       "char", "struct", "break", "continue", "static",
                                       "void", "switch", "case", "default", "sizeof"};
#define NKEYWORDS (int)(sizeof keywords / sizeof keywords[0])

/* ------------------------------------------------------------------ symbol table */

#define SYM_CAP 65536
static uint32_t sym_hash[SYM_CAP]; /* 0 = empty slot */
static uint32_t sym_start[SYM_CAP], sym_len[SYM_CAP];
static uint8_t sym_keyword[SYM_CAP];
static int sym_count, sym_resets;
static char sym_store[SYM_CAP * 8]; /* names are copied: the text changes between passes */
static uint32_t sym_store_used;

/* Returns the symbol's slot; *is_kw tells whether it is a keyword. When the table fills
 * up (only for very large sizes) it is emptied and filling starts again. */
static uint32_t intern(const char *s, uint32_t len, int *is_kw)
{
    uint32_t hv = 2166136261u;
    for (uint32_t i = 0; i < len; i++)
        hv = (hv ^ (uint8_t)s[i]) * 16777619u;
    hv |= 1;
    uint32_t i = hv & (SYM_CAP - 1);
    while (sym_hash[i] != 0) {
        if (sym_hash[i] == hv && sym_len[i] == len &&
            memcmp(sym_store + sym_start[i], s, len) == 0) {
            *is_kw = sym_keyword[i];
            return i;
        }
        i = (i + 1) & (SYM_CAP - 1);
    }
    if (sym_count >= SYM_CAP / 2 || sym_store_used + len > sizeof sym_store) {
        memset(sym_hash, 0, sizeof sym_hash);
        sym_count = 0;
        sym_store_used = 0;
        sym_resets++;
        return intern(s, len, is_kw);
    }
    memcpy(sym_store + sym_store_used, s, len);
    sym_hash[i] = hv;
    sym_start[i] = sym_store_used;
    sym_len[i] = len;
    sym_store_used += len;
    sym_count++;
    int kw = 0;
    for (int k = 0; k < NKEYWORDS; k++)
        if (strlen(keywords[k]) == len && memcmp(keywords[k], s, len) == 0)
            kw = 1;
    sym_keyword[i] = (uint8_t)kw;
    *is_kw = kw;
    return i;
}

/* ------------------------------------------------------------------ text generator */

static void generate(char *t, rng_t *r)
{
    static const char *const ops[] = {"+", "-", "*", "/", "%", "=", "==", "!=", "<", "<=",
                                      ">", ">=", "&&", "||", "!", "&", "|", "^", "<<",
                                      ">>", "++", "--", "+=", "-=", "->", ".", ",", ";",
                                      "(", ")", "{", "}", "[", "]", "<<=", "...", "?", ":"};
    size_t pos = 0;
    while (pos < TEXT_LEN - 64) {
        uint32_t x = rng_u32(r);
        char *p = t + pos;
        switch (x % 16) {
        case 0: case 1: case 2: case 3: { /* identifier, sometimes a keyword */
            if ((x >> 4) % 4 == 0) {
                const char *k = keywords[(x >> 8) % NKEYWORDS];
                size_t l = strlen(k);
                memcpy(p, k, l);
                p += l;
            } else {
                int len = 1 + (int)((x >> 4) % 9);
                *p++ = (char)('a' + (x >> 8) % 26);
                for (int i = 1; i < len; i++) {
                    uint32_t c = rng_u32(r) % 40;
                    *p++ = c < 26 ? (char)('a' + c) : c < 36 ? (char)('0' + c - 26) : '_';
                }
            }
            break;
        }
        case 4: /* decimal integer */
            p += sprintf(p, "%u", (unsigned)((x >> 4) % 100000));
            break;
        case 5: /* hex integer */
            p += sprintf(p, "0x%X", (unsigned)(x >> 8));
            break;
        case 6: /* float */
            p += sprintf(p, "%u.%ue-%u", (unsigned)((x >> 4) % 1000), (unsigned)((x >> 14) % 100),
                         (unsigned)((x >> 24) % 10));
            break;
        case 7: { /* string with escapes */
            int len = (int)((x >> 4) % 20);
            *p++ = '"';
            for (int i = 0; i < len; i++) {
                uint32_t c = rng_u32(r) % 64;
                if (c < 2) { *p++ = '\\'; *p++ = c ? 'n' : '"'; }
                else *p++ = (char)(' ' + c + 1);
            }
            *p++ = '"';
            break;
        }
        case 8: /* character literal */
            if (x & 0x10) p += sprintf(p, "'\\%c'", "nt0\\"[(x >> 5) % 4]);
            else p += sprintf(p, "'%c'", 'a' + (x >> 5) % 26);
            break;
        case 9: /* comment */
            if (x & 0x10) {
                memcpy(p, "// note: x = y + 1", 18);
                p += 18 - (x >> 5) % 8;
                *p++ = '\n';
            } else {
                memcpy(p, "/* block * comment */", 21);
                p += 21;
            }
            break;
        case 10: case 11:
            *p++ = (x & 0x30) ? ' ' : '\n';
            if ((x & 0x1c0) == 0) *p++ = '\t';
            break;
        default: { /* operator */
            const char *o = ops[(x >> 4) % (sizeof ops / sizeof ops[0])];
            size_t l = strlen(o);
            memcpy(p, o, l);
            p += l;
            break;
        }
        }
        if ((x >> 28) < 9)
            *p++ = ' ';
        pos = (size_t)(p - t);
    }
    memset(t + pos, ' ', TEXT_LEN - pos);
    t[TEXT_LEN - 1] = '\0';
}

/* ------------------------------------------------------------------ lexer */

static inline int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static inline int is_digit(int c) { return c >= '0' && c <= '9'; }
static inline int is_hex(int c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static uint32_t kind_count[T_KINDS];

/* Tokenizes the NUL-terminated text; returns a hash of the token stream. */
static uint32_t lex(const char *s)
{
    uint32_t h = 0;
    const char *p = s;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (*p == '\0')
            return h;
        const char *start = p;
        int kind;
        uint32_t extra = 0;
        int c = (unsigned char)*p;
        if (is_alpha(c)) {
            while (is_alpha((unsigned char)*p) || is_digit((unsigned char)*p))
                p++;
            int kw;
            extra = intern(start, (uint32_t)(p - start), &kw);
            kind = kw ? T_KEYWORD : T_IDENT;
        } else if (is_digit(c)) {
            kind = T_INT;
            if (c == '0' && (p[1] == 'x' || p[1] == 'X')) {
                p += 2;
                while (is_hex((unsigned char)*p))
                    extra = extra * 16 + (uint32_t)(is_digit(*p) ? *p - '0' : (*p | 32) - 'a' + 10), p++;
            } else {
                while (is_digit((unsigned char)*p))
                    extra = extra * 10 + (uint32_t)(*p++ - '0');
                if (*p == '.') {
                    kind = T_FLOAT;
                    p++;
                    while (is_digit((unsigned char)*p))
                        p++;
                    if (*p == 'e' || *p == 'E') {
                        p++;
                        if (*p == '+' || *p == '-')
                            p++;
                        while (is_digit((unsigned char)*p))
                            p++;
                    }
                }
            }
        } else if (c == '"' || c == '\'') {
            kind = c == '"' ? T_STRING : T_CHAR;
            p++;
            while (*p != c && *p != '\0' && *p != '\n') {
                if (*p == '\\' && p[1] != '\0')
                    p++;
                p++;
            }
            if (*p == c)
                p++;
            else
                kind = T_BAD;
        } else if (c == '/' && p[1] == '/') {
            kind = T_COMMENT;
            while (*p != '\n' && *p != '\0')
                p++;
        } else if (c == '/' && p[1] == '*') {
            kind = T_COMMENT;
            p += 2;
            while (*p != '\0' && !(p[0] == '*' && p[1] == '/'))
                p++;
            if (*p == '\0')
                kind = T_BAD;
            else
                p += 2;
        } else {
            kind = T_OP;
            int n2 = 0; /* length of a longer operator starting here */
            char d = p[1];
            switch (c) {
            case '<': case '>':
                if (d == c) n2 = p[2] == '=' ? 3 : 2;
                else if (d == '=') n2 = 2;
                break;
            case '=': case '!': case '*': case '/': case '%': case '^':
                if (d == '=') n2 = 2;
                break;
            case '+': case '-': case '&': case '|':
                if (d == c || d == '=' || (c == '-' && d == '>')) n2 = 2;
                break;
            case '.':
                if (d == '.' && p[2] == '.') n2 = 3;
                break;
            case '(': case ')': case '{': case '}': case '[': case ']': case ',':
            case ';': case '?': case ':': case '~':
                break;
            default:
                kind = T_BAD;
                break;
            }
            p += n2 ? n2 : 1;
            extra = (uint32_t)c << 8 | (uint8_t)d;
        }
        kind_count[kind]++;
        h = mix32(h, (uint32_t)kind << 24 ^ (uint32_t)(p - start) << 16 ^ extra);
    }
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    char *text = bench_alloc(TEXT_LEN);
    rng_t r = {0x6c62272e07bb0142ull};
    generate(text, &r);
    uint32_t h = 0;
    for (long pass = 0; pass < n; pass++) {
        /* Change a few letters (only letters, so the structure mostly survives). */
        for (int k = 0; k < 16; k++) {
            uint32_t at = (h + (uint32_t)k * 40503u) % (TEXT_LEN - 1);
            if (text[at] >= 'a' && text[at] <= 'z')
                text[at] = (char)('a' + (text[at] - 'a' + 1 + k) % 26);
        }
        h = mix32(h, lex(text));
    }
    for (int k = 0; k < T_KINDS; k++)
        h = mix32(h, kind_count[k]);
    h = mix32(mix32(h, (uint32_t)sym_count), (uint32_t)sym_resets);
    free(text);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
