/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wat_lex.c — text to a document of s-expressions: tokens, strings and their escapes,
 * line and nested block comments, annotations (dropped, except (@custom ...), which
 * the document keeps with the list it appeared in), and the nesting-depth limit.
 */
#include "wat.h"

/* ---------------------------------------------------------------- arena */

void *mwt_arena(mwt_doc *d, size_t n)
{
    n = (n + 7u) & ~(size_t)7u;
    mwt_chunk *c = d->chunks;
    if (c == NULL || c->size - c->used < n) {
        size_t size = n > 60000 ? n : 60000;
        size_t hdr = (sizeof(mwt_chunk) + 7u) & ~(size_t)7u;
        if (size > SIZE_MAX - hdr)
            return NULL;
        c = d->alloc(d->ud, NULL, 0, hdr + size);
        if (c == NULL)
            return NULL;
        c->next = d->chunks;
        c->size = size;
        c->used = 0;
        d->chunks = c;
    }
    size_t hdr = (sizeof(mwt_chunk) + 7u) & ~(size_t)7u;
    uint8_t *p = (uint8_t *)c + hdr + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

void mwt_doc_free(mwt_doc *d)
{
    if (d == NULL)
        return;
    size_t hdr = (sizeof(mwt_chunk) + 7u) & ~(size_t)7u;
    for (mwt_chunk *c = d->chunks, *next; c != NULL; c = next) {
        next = c->next;
        d->alloc(d->ud, c, hdr + c->size, 0);
    }
    if (d->customs != NULL)
        d->alloc(d->ud, d->customs, d->capcustoms * sizeof(mwt_custom), 0);
    if (d->opmap != NULL) {
        mwt_map_free(d->opmap, d->alloc, d->ud);
        d->alloc(d->ud, d->opmap, sizeof(mwt_map), 0);
    }
    d->alloc(d->ud, d, sizeof(mwt_doc), 0);
}

uint32_t mwt_doc_count(const mwt_doc *d) { return d == NULL ? 0 : d->ntop; }

const mwt_sx *mwt_doc_item(const mwt_doc *d, uint32_t i)
{
    return d == NULL || i >= d->ntop ? NULL : d->top[i];
}

/* ---------------------------------------------------------------- UTF-8 */

/* Length of the valid UTF-8 sequence at p (1..4), or 0. */
static size_t mwt_utf8_len(const uint8_t *p, size_t n)
{
    uint8_t c = p[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t min, cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; cp = c & 0x1Fu; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; cp = c & 0x0Fu; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; cp = c & 0x07u; }
    else return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

bool mwt_utf8_valid(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t l = mwt_utf8_len(p + i, n - i);
        if (l == 0)
            return false;
        i += l;
    }
    return true;
}

/* ---------------------------------------------------------------- lexer state */

typedef struct mwt_frame {
    uint32_t first;        /* index of the first child in the pending stack */
    uint32_t line, col;
    uint32_t custom_first; /* customs recorded while this list was open */
    bool annotation;       /* (@id ...): dropped when closed */
    bool custom;           /* (@custom ...) */
    uint32_t nnames;       /* (@name ...) annotations directly inside */
    uint32_t name_pos;     /* child position of the first one */
    uint32_t name_line, name_col;
} mwt_frame;

typedef struct mwt_lex {
    mwt_doc *d;
    const char *s;
    size_t len, pos;
    uint32_t line, col;
    mwt_error *err;
    mwt_sx **pend;         /* children of the open lists, innermost last */
    uint32_t npend, cappend;
    mwt_frame *frames;
    uint32_t nframes, capframes;
    uint32_t annot_depth;  /* open annotations (their content is dropped) */
} mwt_lex;

static bool mwt_idchar(unsigned char c)
{
    if (c >= '0' && c <= '9') return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '/': case ':': case '<': case '=': case '>': case '?':
    case '@': case '\\': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

static void mwt_adv(mwt_lex *L, size_t n)
{
    while (n-- > 0) {
        if (L->s[L->pos] == '\n') {
            L->line++;
            L->col = 1;
        } else if (((unsigned char)L->s[L->pos] & 0xC0u) != 0x80u) {
            L->col++;   /* a column per character, not per UTF-8 byte */
        }
        L->pos++;
    }
}

static bool mwt_push(mwt_lex *L, mwt_sx *x)
{
    if (L->npend == L->cappend) {
        uint32_t ncap = L->cappend ? L->cappend * 2 : 256;
        void *p = L->d->alloc(L->d->ud, L->pend, L->cappend * sizeof(mwt_sx *),
                              ncap * sizeof(mwt_sx *));
        if (p == NULL)
            return false;
        L->pend = p;
        L->cappend = ncap;
    }
    L->pend[L->npend++] = x;
    return true;
}

static mwt_sx *mwt_node(mwt_lex *L, mwt_kind k, uint32_t line, uint32_t col)
{
    mwt_sx *x = mwt_arena(L->d, sizeof(mwt_sx));
    if (x != NULL) {
        x->kind = k;
        x->line = line;
        x->col = col;
    }
    return x;
}

static int mwt_hex(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes the string at L->pos (on the opening quote) into the arena. */
static mw_result mwt_string(mwt_lex *L, const char **out, size_t *outlen)
{
    uint32_t line = L->line, col = L->col;
    mwt_adv(L, 1);
    /* The decoded form is never longer than the source. */
    size_t start = L->pos, end = start;
    while (end < L->len && L->s[end] != '"') {
        if (L->s[end] == '\\' && end + 1 < L->len)
            end++;
        if (L->s[end] == '\n')
            break;
        end++;
    }
    if (end >= L->len || L->s[end] != '"')
        return mwt_fail(L->err, line, col, "unclosed string");
    uint8_t *buf = mwt_arena(L->d, end - start + 1);
    if (buf == NULL)
        return mwt_nomem(L->err);
    size_t n = 0;
    while (L->s[L->pos] != '"') {
        unsigned char c = (unsigned char)L->s[L->pos];
        if (c < 0x20 || c == 0x7F)
            return mwt_fail(L->err, L->line, L->col, "illegal control character in string");
        if (c != '\\') {
            buf[n++] = c;
            mwt_adv(L, 1);
            continue;
        }
        uint32_t eline = L->line, ecol = L->col;
        char e = L->s[L->pos + 1];
        switch (e) {
        case 't': buf[n++] = '\t'; mwt_adv(L, 2); continue;
        case 'n': buf[n++] = '\n'; mwt_adv(L, 2); continue;
        case 'r': buf[n++] = '\r'; mwt_adv(L, 2); continue;
        case '"': buf[n++] = '"'; mwt_adv(L, 2); continue;
        case '\'': buf[n++] = '\''; mwt_adv(L, 2); continue;
        case '\\': buf[n++] = '\\'; mwt_adv(L, 2); continue;
        case 'u': {
            if (L->pos + 2 >= L->len || L->s[L->pos + 2] != '{')
                return mwt_fail(L->err, eline, ecol, "illegal escape");
            size_t p = L->pos + 3;
            uint32_t cp = 0;
            bool any = false, prev_digit = false;
            while (p < end && L->s[p] != '}') {
                int h = mwt_hex(L->s[p]);
                if (L->s[p] == '_' && prev_digit && p + 1 < end && mwt_hex(L->s[p + 1]) >= 0) {
                    prev_digit = false;
                    p++;
                    continue;
                }
                if (h < 0)
                    return mwt_fail(L->err, eline, ecol, "illegal escape");
                if (cp > 0x10FFFF)
                    break;
                cp = cp * 16 + (uint32_t)h;
                any = prev_digit = true;
                p++;
            }
            if (!any || p >= end || L->s[p] != '}' || cp > 0x10FFFF ||
                (cp >= 0xD800 && cp < 0xE000))
                return mwt_fail(L->err, eline, ecol, "illegal escape");
            if (cp < 0x80) {
                buf[n++] = (uint8_t)cp;
            } else if (cp < 0x800) {
                buf[n++] = (uint8_t)(0xC0 | (cp >> 6));
                buf[n++] = (uint8_t)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                buf[n++] = (uint8_t)(0xE0 | (cp >> 12));
                buf[n++] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
                buf[n++] = (uint8_t)(0x80 | (cp & 0x3F));
            } else {
                buf[n++] = (uint8_t)(0xF0 | (cp >> 18));
                buf[n++] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
                buf[n++] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
                buf[n++] = (uint8_t)(0x80 | (cp & 0x3F));
            }
            mwt_adv(L, p + 1 - L->pos);
            continue;
        }
        default: {
            int h1 = mwt_hex(e), h2 = L->pos + 2 < end ? mwt_hex(L->s[L->pos + 2]) : -1;
            if (h1 < 0 || h2 < 0)
                return mwt_fail(L->err, eline, ecol, "illegal escape");
            buf[n++] = (uint8_t)(h1 * 16 + h2);
            mwt_adv(L, 3);
            continue;
        }
        }
    }
    mwt_adv(L, 1);
    *out = (const char *)buf;
    *outlen = n;
    return MW_OK;
}

/* Skips a nested block comment starting at "(;". */
static mw_result mwt_block_comment(mwt_lex *L)
{
    uint32_t line = L->line, col = L->col, depth = 0;
    for (;;) {
        if (L->pos + 1 >= L->len)
            return mwt_fail(L->err, line, col, "unclosed comment");
        if (L->s[L->pos] == '(' && L->s[L->pos + 1] == ';') {
            depth++;
            mwt_adv(L, 2);
        } else if (L->s[L->pos] == ';' && L->s[L->pos + 1] == ')') {
            mwt_adv(L, 2);
            if (--depth == 0)
                return MW_OK;
        } else {
            mwt_adv(L, 1);
        }
    }
}

static mw_result mwt_open(mwt_lex *L)
{
    uint32_t line = L->line, col = L->col;
    if (L->nframes >= MWT_MAX_DEPTH)
        return mwt_fail(L->err, line, col, "nesting too deep (more than %u levels)",
                        (unsigned)MWT_MAX_DEPTH);
    if (L->nframes == L->capframes) {
        uint32_t ncap = L->capframes ? L->capframes * 2 : 32;
        void *p = L->d->alloc(L->d->ud, L->frames, L->capframes * sizeof(mwt_frame),
                              ncap * sizeof(mwt_frame));
        if (p == NULL)
            return mwt_nomem(L->err);
        L->frames = p;
        L->capframes = ncap;
    }
    mwt_frame *f = &L->frames[L->nframes++];
    memset(f, 0, sizeof *f);
    f->first = L->npend;
    f->line = line;
    f->col = col;
    f->custom_first = L->d->ncustoms;
    mwt_adv(L, 1);
    if (L->pos < L->len && L->s[L->pos] == '@') {
        /* Annotation: its id follows the '@' directly. */
        size_t p = L->pos + 1;
        while (p < L->len && mwt_idchar((unsigned char)L->s[p]))
            p++;
        bool str = p == L->pos + 1 && p < L->len && L->s[p] == '"';
        if (p == L->pos + 1 && !str && L->annot_depth == 0)
            return mwt_fail(L->err, line, col, "empty annotation id");
        f->annotation = true;
        f->custom = !str && p - L->pos == 7 && mwi_bytes_eq(L->s + L->pos, "@custom", 7) &&
                    L->annot_depth == 0;
        if (!f->custom && L->annot_depth == 0 && L->nframes >= 2 && p - L->pos == 5 &&
            mwi_bytes_eq(L->s + L->pos, "@name", 5)) {
            mwt_frame *parent = &L->frames[L->nframes - 2];
            if (parent->nnames++ == 0) {
                parent->name_pos = L->npend - parent->first;
                parent->name_line = line;
                parent->name_col = col;
            }
        }
        if (!f->custom)
            L->annot_depth++;
        if (str && L->annot_depth == 1) {
            /* (@"id" ...): the id must be a non-empty UTF-8 name. */
            const char *id;
            size_t n;
            mwt_adv(L, 1);
            mw_result r = mwt_string(L, &id, &n);
            if (r != MW_OK)
                return r;
            if (n == 0)
                return mwt_fail(L->err, line, col, "empty annotation id");
            if (!mwt_utf8_valid((const uint8_t *)id, n))
                return mwt_fail(L->err, line, col, "malformed UTF-8 encoding");
        }
    }
    return MW_OK;
}

static mw_result mwt_close(mwt_lex *L)
{
    if (L->nframes == 0)
        return mwt_fail(L->err, L->line, L->col, "unexpected token: unbalanced ')'");
    mwt_frame *f = &L->frames[L->nframes - 1];
    uint32_t n = L->npend - f->first;
    mwt_sx *x = mwt_node(L, MWT_LIST, f->line, f->col);
    mwt_sx **items = n ? mwt_arena(L->d, n * sizeof(mwt_sx *)) : NULL;
    if (x == NULL || (n && items == NULL))
        return mwt_nomem(L->err);
    if (n)
        memcpy(items, L->pend + f->first, n * sizeof(mwt_sx *));
    x->items = items;
    x->n = n;
    L->npend = f->first;
    mwt_adv(L, 1);
    bool annotation = f->annotation, custom = f->custom;
    uint32_t cfirst = f->custom_first;
    if (f->nnames > 0) {
        /* (@name "...") goes right after the keyword (and $id) of a named definition. */
        static const char *const named[] = { "module", "func", "tag", "global", "table",
                                             "memory", "type", "param", "local", "elem",
                                             "data", "field", "import" };
        bool ok_head = false;
        for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
            if (n > 0 && items[0]->kind == MWT_ATOM && items[0]->len == mwE_strlen(named[k]) &&
                mwi_bytes_eq(items[0]->text, named[k], items[0]->len))
                ok_head = true;
        bool after_id = f->name_pos == 2 && items[1]->kind == MWT_ATOM && items[1]->text[0] == '$';
        if (f->nnames > 1)
            return mwt_fail(L->err, f->name_line, f->name_col, "@name annotation: multiple names");
        if (!ok_head || (f->name_pos != 1 && !after_id))
            return mwt_fail(L->err, f->name_line, f->name_col, "misplaced @name annotation");
    }
    L->nframes--;
    if (annotation && !custom) {
        L->annot_depth--;
        return MW_OK;
    }
    if (custom) {
        mwt_doc *d = L->d;
        if (d->ncustoms == d->capcustoms) {
            uint32_t ncap = d->capcustoms ? d->capcustoms * 2 : 8;
            void *p = d->alloc(d->ud, d->customs, d->capcustoms * sizeof(mwt_custom),
                               ncap * sizeof(mwt_custom));
            if (p == NULL)
                return mwt_nomem(L->err);
            d->customs = p;
            d->capcustoms = ncap;
        }
        d->customs[d->ncustoms].parent = NULL;
        d->customs[d->ncustoms++].ann = x;
        return MW_OK;
    }
    /* Customs recorded directly inside this list get it as their parent, which must be
     * a module. */
    for (uint32_t i = cfirst; i < L->d->ncustoms; i++) {
        if (L->d->customs[i].parent != NULL)
            continue;
        if (n == 0 || items[0]->kind != MWT_ATOM || items[0]->len != 6 ||
            !mwi_bytes_eq(items[0]->text, "module", 6))
            return mwt_fail(L->err, L->d->customs[i].ann->line, L->d->customs[i].ann->col,
                            "misplaced @custom annotation");
        L->d->customs[i].parent = x;
    }
    if (L->annot_depth > 0)
        return MW_OK;   /* content of a dropped annotation */
    return mwt_push(L, x) ? MW_OK : mwt_nomem(L->err);
}

static mw_result mwt_atom(mwt_lex *L)
{
    uint32_t line = L->line, col = L->col;
    size_t start = L->pos, p = start;
    while (p < L->len && mwt_idchar((unsigned char)L->s[p]))
        p++;
    mwt_sx *x = mwt_node(L, MWT_ATOM, line, col);
    if (x == NULL)
        return mwt_nomem(L->err);
    if (p == start) {
        /* A reserved character (",", "[", ...): a one-character atom no rule accepts. */
        mwt_adv(L, 1);
        x->text = L->s + start;
        x->len = 1;
    } else if (p < L->len && L->s[p] == '"' && (p - start != 1 || L->s[start] != '$') &&
               L->annot_depth > 0) {
        mwt_adv(L, p - start);   /* x"y" inside an annotation: tokens, all dropped */
        return MW_OK;
    } else if (p < L->len && L->s[p] == '"') {
        if (p - start != 1 || L->s[start] != '$')
            return mwt_fail(L->err, line, col, "unknown operator: no space between tokens");
        /* $"name": the identifier is "$" and the decoded name. */
        mwt_adv(L, 1);
        const char *str;
        size_t n;
        mw_result r = mwt_string(L, &str, &n);
        if (r != MW_OK)
            return r;
        if (n == 0)
            return mwt_fail(L->err, line, col, "empty identifier");
        if (!mwt_utf8_valid((const uint8_t *)str, n))
            return mwt_fail(L->err, line, col, "malformed UTF-8 encoding");
        char *t = mwt_arena(L->d, n + 1);
        if (t == NULL)
            return mwt_nomem(L->err);
        t[0] = '$';
        memcpy(t + 1, str, n);
        x->text = t;
        x->len = n + 1;
        if (L->annot_depth == 0 && L->pos < L->len &&
            (L->s[L->pos] == '"' || mwt_idchar((unsigned char)L->s[L->pos])))
            return mwt_fail(L->err, L->line, L->col, "unknown operator: no space between tokens");
    } else {
        mwt_adv(L, p - start);
        x->text = L->s + start;
        x->len = p - start;
        if (x->len == 1 && x->text[0] == '$')
            return mwt_fail(L->err, line, col, "empty identifier");
    }
    if (L->annot_depth > 0)
        return MW_OK;
    return mwt_push(L, x) ? MW_OK : mwt_nomem(L->err);
}

static mw_result mwt_lex_run(mwt_lex *L)
{
    mw_result r;
    while (L->pos < L->len) {
        unsigned char c = (unsigned char)L->s[L->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            mwt_adv(L, 1);
        } else if (c == ';' && L->pos + 1 < L->len && L->s[L->pos + 1] == ';') {
            /* A line comment ends at a line feed or a carriage return. */
            while (L->pos < L->len && L->s[L->pos] != '\n' && L->s[L->pos] != '\r')
                mwt_adv(L, 1);
        } else if (c == '(' && L->pos + 1 < L->len && L->s[L->pos + 1] == ';') {
            if ((r = mwt_block_comment(L)) != MW_OK)
                return r;
        } else if (c == '(') {
            if ((r = mwt_open(L)) != MW_OK)
                return r;
        } else if (c == ')') {
            if ((r = mwt_close(L)) != MW_OK)
                return r;
        } else if (c == '"') {
            uint32_t line = L->line, col = L->col;
            const char *str;
            size_t n;
            if ((r = mwt_string(L, &str, &n)) != MW_OK)
                return r;
            if (L->annot_depth == 0 && L->pos < L->len &&
                (L->s[L->pos] == '"' || mwt_idchar((unsigned char)L->s[L->pos])))
                return mwt_fail(L->err, L->line, L->col, "unknown operator: no space between tokens");
            if (L->annot_depth > 0)
                continue;
            mwt_sx *x = mwt_node(L, MWT_STRING, line, col);
            if (x == NULL || !mwt_push(L, x))
                return mwt_nomem(L->err);
            x->text = str;
            x->len = n;
        } else if (c == ';' && L->annot_depth > 0) {
            mwt_adv(L, 1);   /* a reserved token inside an annotation */
        } else if (c == ';') {
            return mwt_fail(L->err, L->line, L->col, "unexpected token ';'");
        } else if (c < 0x20 || c >= 0x7F) {
            return mwt_fail(L->err, L->line, L->col, "illegal character");
        } else {
            if ((r = mwt_atom(L)) != MW_OK)
                return r;
        }
    }
    if (L->nframes > 0) {
        mwt_frame *f = &L->frames[L->nframes - 1];
        return mwt_fail(L->err, f->line, f->col, "unclosed parenthesis");
    }
    return MW_OK;
}

mw_result mwt_doc_parse(mw_alloc_fn alloc, void *ud, const char *text, size_t len,
                        mwt_doc **out, mwt_error *err)
{
    mwt_error dummy;
    if (err == NULL)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (out == NULL || alloc == NULL || (text == NULL && len > 0))
        return mwt_fail(err, 0, 0, "bad argument");
    *out = NULL;
    mwt_doc *d = alloc(ud, NULL, 0, sizeof(mwt_doc));
    if (d == NULL)
        return mwt_nomem(err);
    memset(d, 0, sizeof *d);
    d->alloc = alloc;
    d->ud = ud;
    mwt_lex L;
    memset(&L, 0, sizeof L);
    L.d = d;
    L.s = text;
    L.len = len;
    L.line = 1;
    L.col = 1;
    L.err = err;
    mw_result r = MW_OK;
    /* The source must be UTF-8 (comments and strings included). */
    for (size_t i = 0; i < len;) {
        size_t l = mwt_utf8_len((const uint8_t *)text + i, len - i);
        if (l == 0) {
            mwt_adv(&L, i);
            r = mwt_fail(err, L.line, L.col, "malformed UTF-8 encoding");
            goto done;
        }
        i += l;
    }
    r = mwt_lex_run(&L);
    if (r == MW_OK) {
        d->ntop = L.npend;
        d->top = L.npend ? mwt_arena(d, L.npend * sizeof(mwt_sx *)) : NULL;
        if (L.npend && d->top == NULL)
            r = mwt_nomem(err);
        else if (L.npend)
            memcpy(d->top, L.pend, L.npend * sizeof(mwt_sx *));
    }
done:
    if (L.pend != NULL)
        alloc(ud, L.pend, L.cappend * sizeof(mwt_sx *), 0);
    if (L.frames != NULL)
        alloc(ud, L.frames, L.capframes * sizeof(mwt_frame), 0);
    if (r != MW_OK) {
        mwt_doc_free(d);
        return r;
    }
    *out = d;
    return MW_OK;
}
