/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wat_types.c — value, reference and heap types, defined types (type, rec, sub, func,
 * struct, array), type uses with their implicit types, block types, and index and
 * identifier resolution.
 */
#include "enc.h"

static const char *const mwt_space_name[MWT_SP_N] = {
    "type", "function", "table", "memory", "global", "tag", "elem segment", "data segment"
};

bool mwt_is_index(const mwt_sx *x)
{
    return x != NULL && x->kind == MWT_ATOM && x->len > 0 &&
           (x->text[0] == '$' || (x->text[0] >= '0' && x->text[0] <= '9'));
}

mw_result mwt_index(mwt_enc *E, const mwt_sx *x, int space, uint32_t *out)
{
    if (x == NULL || x->kind != MWT_ATOM || x->len == 0)
        return mwt_failat(E->err, x, "unexpected token, expected a %s index", mwt_space_name[space]);
    if (x->text[0] == '$') {
        if (!mwt_map_get(&E->sp[space].ids, x->text, (uint32_t)x->len, out))
            return mwt_failat(E->err, x, "unknown %s %.*s", mwt_space_name[space], (int)x->len, x->text);
        return MW_OK;
    }
    if (x->text[0] < '0' || x->text[0] > '9')
        return mwt_failat(E->err, x, "unexpected token, expected a %s index", mwt_space_name[space]);
    return mwt_num_u32(x, out, E->err);
}

mw_result mwt_bind(mwt_enc *E, mwt_map *m, const mwt_sx *id, uint32_t idx, const char *what)
{
    if (id == NULL)
        return MW_OK;
    uint32_t old;
    if (mwt_map_get(m, id->text, (uint32_t)id->len, &old))
        return mwt_failat(E->err, id, "duplicate %s %.*s", what, (int)id->len, id->text);
    if (!mwt_map_put(m, E->alloc, E->ud, id->text, (uint32_t)id->len, idx))
        return mwt_nomem(E->err);
    return MW_OK;
}

/* ---------------------------------------------------------------- value types */

static int mwt_abstract_heap(const mwt_sx *x)
{
    static const struct { const char *kw; uint8_t b; } t[] = {
        { "func", 0x70 }, { "extern", 0x6F }, { "any", 0x6E }, { "eq", 0x6D }, { "i31", 0x6C },
        { "struct", 0x6B }, { "array", 0x6A }, { "exn", 0x69 }, { "none", 0x71 },
        { "nofunc", 0x73 }, { "noextern", 0x72 }, { "noexn", 0x74 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (mwt_is(x, t[i].kw))
            return t[i].b;
    return -1;
}

static int mwt_ref_abbrev(const mwt_sx *x)
{
    static const struct { const char *kw; uint8_t b; } t[] = {
        { "funcref", 0x70 }, { "externref", 0x6F }, { "anyref", 0x6E }, { "eqref", 0x6D },
        { "i31ref", 0x6C }, { "structref", 0x6B }, { "arrayref", 0x6A }, { "exnref", 0x69 },
        { "nullref", 0x71 }, { "nullfuncref", 0x73 }, { "nullexternref", 0x72 },
        { "nullexnref", 0x74 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (mwt_is(x, t[i].kw))
            return t[i].b;
    return -1;
}

static int mwt_num_type(const mwt_sx *x)
{
    if (mwt_is(x, "i32")) return 0x7F;
    if (mwt_is(x, "i64")) return 0x7E;
    if (mwt_is(x, "f32")) return 0x7D;
    if (mwt_is(x, "f64")) return 0x7C;
    if (mwt_is(x, "v128")) return 0x7B;
    return -1;
}

bool mwt_is_valtype(const mwt_sx *x)
{
    return mwt_num_type(x) >= 0 || mwt_ref_abbrev(x) >= 0 || mwt_head(x, "ref");
}

mw_result mwt_heaptype(mwt_enc *E, const mwt_sx *x, mwt_buf *o)
{
    int b = mwt_abstract_heap(x);
    if (b >= 0) {
        mwt_byte(o, (uint8_t)b);
        return MW_OK;
    }
    if (!mwt_is_index(x))
        return mwt_failat(E->err, x, "unexpected token, expected a heap type");
    uint32_t idx;
    mw_result r = mwt_index(E, x, MWT_SP_TYPE, &idx);
    if (r == MW_OK)
        mwt_s64(o, idx);
    return r;
}

mw_result mwt_reftype(mwt_enc *E, const mwt_sx *x, mwt_buf *o, bool *nullable, mwt_buf *heap)
{
    int b = mwt_ref_abbrev(x);
    if (b >= 0) {
        mwt_byte(o, (uint8_t)b);
        if (heap)
            mwt_byte(heap, (uint8_t)b);
        if (nullable)
            *nullable = true;
        return MW_OK;
    }
    if (!mwt_head(x, "ref"))
        return mwt_failat(E->err, x, "unexpected token, expected a reference type");
    bool null = x->n == 3 && mwt_is(x->items[1], "null");
    if (x->n != (null ? 3u : 2u))
        return mwt_failat(E->err, x, "unexpected token in reference type");
    const mwt_sx *ht = x->items[null ? 2 : 1];
    int ab = mwt_abstract_heap(ht);
    if (null && ab >= 0) {
        mwt_byte(o, (uint8_t)ab);
    } else {
        mwt_byte(o, null ? 0x63 : 0x64);
        mw_result r = mwt_heaptype(E, ht, o);
        if (r != MW_OK)
            return r;
    }
    if (heap) {
        mw_result r = mwt_heaptype(E, ht, heap);
        if (r != MW_OK)
            return r;
    }
    if (nullable)
        *nullable = null;
    return MW_OK;
}

mw_result mwt_valtype(mwt_enc *E, const mwt_sx *x, mwt_buf *o)
{
    int b = mwt_num_type(x);
    if (b >= 0) {
        mwt_byte(o, (uint8_t)b);
        return MW_OK;
    }
    if (mwt_ref_abbrev(x) >= 0 || mwt_head(x, "ref"))
        return mwt_reftype(E, x, o, NULL, NULL);
    return mwt_failat(E->err, x, "unexpected token, expected a value type");
}

/* storagetype or (mut storagetype), then the mutability byte. */
static mw_result mwt_fieldtype(mwt_enc *E, const mwt_sx *x, mwt_buf *o)
{
    bool mut = mwt_head(x, "mut");
    if (mut) {
        if (x->n != 2)
            return mwt_failat(E->err, x, "unexpected token in field type");
        x = x->items[1];
    }
    mw_result r = MW_OK;
    if (mwt_is(x, "i8"))
        mwt_byte(o, 0x78);
    else if (mwt_is(x, "i16"))
        mwt_byte(o, 0x77);
    else
        r = mwt_valtype(E, x, o);
    mwt_byte(o, mut ? 1 : 0);
    return r;
}

/* ---------------------------------------------------------------- signatures */

/* Parses (param ...)* (result ...)* at the cursor into a signature key: u32 nparams,
 * u32 nresults, then the encoded types. */
static mw_result mwt_sig(mwt_enc *E, mwt_cur *c, mwt_buf *key, int names, bool *any)
{
    uint32_t np = 0, nr = 0;
    mwt_bytes(key, "\0\0\0\0\0\0\0\0", 8);
    *any = false;
    mw_result r;
    const mwt_sx *x;
    while ((x = MWT_PEEK(c)) != NULL && mwt_head(x, "param")) {
        *any = true;
        c->i++;
        uint32_t first = 1;
        if (x->n > 1 && x->items[1]->kind == MWT_ATOM && x->items[1]->len > 0 &&
            x->items[1]->text[0] == '$') {
            if (names == MWT_TU_NONAMES)
                return mwt_failat(E->err, x->items[1], "unexpected token: named parameter");
            if (x->n != 3)
                return mwt_failat(E->err, x, "unexpected token: a named parameter has one type");
            if (names == MWT_TU_BIND &&
                (r = mwt_bind(E, &E->locals, x->items[1], E->nlocals, "local")) != MW_OK)
                return r;
            first = 2;
        }
        for (uint32_t i = first; i < x->n; i++) {
            if ((r = mwt_valtype(E, x->items[i], key)) != MW_OK)
                return r;
            np++;
            if (names == MWT_TU_BIND)
                E->nlocals++;
        }
    }
    while ((x = MWT_PEEK(c)) != NULL && mwt_head(x, "result")) {
        *any = true;
        c->i++;
        for (uint32_t i = 1; i < x->n; i++) {
            if ((r = mwt_valtype(E, x->items[i], key)) != MW_OK)
                return r;
            nr++;
        }
    }
    if (key->oom)
        return mwt_nomem(E->err);
    memcpy(key->p, &np, 4);
    memcpy(key->p + 4, &nr, 4);
    return MW_OK;
}

static mw_result mwt_add_type(mwt_enc *E, const mwt_sx *comp, const uint8_t *key, size_t keylen,
                              bool plain)
{
    if (E->ntypes == E->captypes) {
        uint32_t ncap = E->captypes ? E->captypes * 2 : 16;
        void *p = E->alloc(E->ud, E->types, E->captypes * sizeof(mwt_tdef), ncap * sizeof(mwt_tdef));
        if (p == NULL)
            return mwt_nomem(E->err);
        E->types = p;
        E->captypes = ncap;
    }
    mwt_tdef *t = &E->types[E->ntypes++];
    memset(t, 0, sizeof *t);
    t->comp = comp;
    t->plain = plain;
    if (key != NULL) {
        uint8_t *k = mwt_arena(E->d, keylen);
        if (k == NULL)
            return mwt_nomem(E->err);
        memcpy(k, key, keylen);
        t->sig = k;
        t->siglen = keylen;
        memcpy(&t->nparams, k, 4);
        uint32_t old;
        if (plain && !mwt_map_get(&E->sigs, (const char *)k, (uint32_t)keylen, &old) &&
            !mwt_map_put(&E->sigs, E->alloc, E->ud, (const char *)k, (uint32_t)keylen, E->ntypes - 1))
            return mwt_nomem(E->err);
    }
    return MW_OK;
}

static void mwt_sig_emit(mwt_buf *o, const uint8_t *key, size_t keylen)
{
    uint32_t np, nr;
    memcpy(&np, key, 4);
    memcpy(&nr, key + 4, 4);
    /* The key holds params then results, each self-delimiting: re-split by count. */
    (void)nr;
    mwt_byte(o, 0x60);
    mwt_u32(o, np);
    size_t p = 8;
    for (uint32_t i = 0; i < np; i++) {
        size_t s = p;
        uint8_t b = key[p++];
        if (b == 0x63 || b == 0x64) {   /* heap type: s33 LEB or one byte */
            while (key[p] & 0x80)
                p++;
            p++;
        }
        mwt_bytes(o, key + s, p - s);
    }
    mwt_u32(o, nr);
    mwt_bytes(o, key + p, keylen - p);
}

/* ---------------------------------------------------------------- defined types */

static mw_result mwt_comptype(mwt_enc *E, const mwt_sx *x, bool plain)
{
    mwt_buf *o = &E->sec[MWT_S_TYPE];
    mw_result r = MW_OK;
    if (mwt_head(x, "func")) {
        mwt_buf key;
        mwt_buf_init(&key, E->alloc, E->ud);
        mwt_cur c = { x->items, 1, x->n, x };
        bool any;
        uint32_t saved = E->nlocals;
        r = mwt_sig(E, &c, &key, MWT_TU_NAMES, &any);
        E->nlocals = saved;
        if (r == MW_OK && c.i < c.n)
            r = mwt_failat(E->err, c.it[c.i], "unexpected token in function type");
        if (r == MW_OK) {
            mwt_sig_emit(o, key.p, key.len);
            r = mwt_add_type(E, x, key.p, key.len, plain);
        }
        mwt_buf_free(&key);
        return r;
    }
    if (mwt_head(x, "struct")) {
        mwt_byte(o, 0x5F);
        uint32_t n = 0;
        for (uint32_t i = 1; i < x->n; i++) {
            const mwt_sx *f = x->items[i];
            if (!mwt_head(f, "field"))
                return mwt_failat(E->err, f, "unexpected token, expected (field ...)");
            uint32_t first = 1;
            if (f->n > 1 && f->items[1]->kind == MWT_ATOM && f->items[1]->text[0] == '$') {
                if (f->n != 3)
                    return mwt_failat(E->err, f, "unexpected token: a named field has one type");
                first = 2;
            }
            n += f->n - first;
        }
        mwt_u32(o, n);
        for (uint32_t i = 1; i < x->n; i++) {
            const mwt_sx *f = x->items[i];
            uint32_t first = f->n > 1 && f->items[1]->text != NULL && f->items[1]->kind == MWT_ATOM &&
                             f->items[1]->text[0] == '$' ? 2 : 1;
            for (uint32_t j = first; j < f->n; j++)
                if ((r = mwt_fieldtype(E, f->items[j], o)) != MW_OK)
                    return r;
        }
        return mwt_add_type(E, x, NULL, 0, plain);
    }
    if (mwt_head(x, "array")) {
        if (x->n != 2)
            return mwt_failat(E->err, x, "unexpected token in array type");
        mwt_byte(o, 0x5E);
        const mwt_sx *f = x->items[1];
        if (mwt_head(f, "field") && f->n == 2)
            f = f->items[1];
        if ((r = mwt_fieldtype(E, f, o)) != MW_OK)
            return r;
        return mwt_add_type(E, x, NULL, 0, plain);
    }
    return mwt_failat(E->err, x, "unexpected token, expected a composite type");
}

/* (type $id? comptype-or-sub) inside or outside a rec group. */
static mw_result mwt_typedef1(mwt_enc *E, const mwt_sx *t, bool single)
{
    if (!mwt_head(t, "type"))
        return mwt_failat(E->err, t, "unexpected token, expected (type ...)");
    uint32_t i = 1;
    if (i < t->n && t->items[i]->kind == MWT_ATOM && t->items[i]->text[0] == '$')
        i++;
    if (i + 1 != t->n)
        return mwt_failat(E->err, t, "unexpected token in type definition");
    const mwt_sx *x = t->items[i];
    if (!mwt_head(x, "sub"))
        return mwt_comptype(E, x, single);
    mwt_buf *o = &E->sec[MWT_S_TYPE];
    uint32_t j = 1;
    bool final = j < x->n && mwt_is(x->items[j], "final");
    if (final)
        j++;
    uint32_t first = j;
    while (j < x->n && mwt_is_index(x->items[j]))
        j++;
    if (j + 1 != x->n)
        return mwt_failat(E->err, x, "unexpected token in sub type");
    if (!(final && j == first)) {
        mwt_byte(o, final ? 0x4F : 0x50);
        mwt_u32(o, j - first);
        for (uint32_t k = first; k < j; k++) {
            uint32_t idx;
            mw_result r = mwt_index(E, x->items[k], MWT_SP_TYPE, &idx);
            if (r != MW_OK)
                return r;
            mwt_u32(o, idx);
        }
    }
    return mwt_comptype(E, x->items[j], single && final && j == first);
}

mw_result mwt_typedefs(mwt_enc *E, const mwt_sx *field)
{
    E->cnt[MWT_S_TYPE]++;
    if (mwt_head(field, "rec")) {
        mwt_byte(&E->sec[MWT_S_TYPE], 0x4E);
        mwt_u32(&E->sec[MWT_S_TYPE], field->n - 1);
        for (uint32_t i = 1; i < field->n; i++) {
            mw_result r = mwt_typedef1(E, field->items[i], field->n == 2);
            if (r != MW_OK)
                return r;
        }
        return MW_OK;
    }
    return mwt_typedef1(E, field, true);
}

/* ---------------------------------------------------------------- type uses */

mw_result mwt_typeuse(mwt_enc *E, mwt_cur *c, uint32_t *idx, int names)
{
    const mwt_sx *x = MWT_PEEK(c);
    bool explicit_type = mwt_head(x, "type");
    uint32_t tidx = 0;
    mw_result r;
    if (explicit_type) {
        if (x->n != 2)
            return mwt_failat(E->err, x, "unexpected token in type use");
        if ((r = mwt_index(E, x->items[1], MWT_SP_TYPE, &tidx)) != MW_OK)
            return r;
        c->i++;
    }
    mwt_buf key;
    mwt_buf_init(&key, E->alloc, E->ud);
    uint32_t locals0 = E->nlocals;
    bool any;
    r = mwt_sig(E, c, &key, names, &any);
    if (r != MW_OK)
        goto done;
    if (explicit_type) {
        const mwt_tdef *t = tidx < E->ntypes ? &E->types[tidx] : NULL;
        /* Inline parameters or results must be checked against the definition: one
         * that does not exist is a text error (alone, the index is left to validation). */
        if (any && t == NULL) {
            r = mwt_failat(E->err, x->items[1], "unknown type %u", (unsigned)tidx);
            goto done;
        }
        if (any && t != NULL && t->sig != NULL &&
            (t->siglen != key.len || !mwi_bytes_eq(t->sig, key.p, key.len)))
            r = mwt_failat(E->err, x, "inline function type does not match the type definition");
        else if (any && t != NULL && t->sig == NULL)
            r = mwt_failat(E->err, x, "inline function type: the type is not a function type");
        if (!any && names == MWT_TU_BIND && t != NULL)
            E->nlocals = locals0 + t->nparams;
        *idx = tidx;
        goto done;
    }
    uint32_t found;
    if (mwt_map_get(&E->sigs, (const char *)key.p, (uint32_t)key.len, &found)) {
        *idx = found;
        goto done;
    }
    /* An implicit type, appended to the type section in order of first use. */
    if (E->sp[MWT_SP_TYPE].count >= MWT_MAX_INDEX) {
        r = mwt_failat(E->err, x, "too many types");
        goto done;
    }
    *idx = E->sp[MWT_SP_TYPE].count++;
    E->cnt[MWT_S_TYPE]++;
    mwt_sig_emit(&E->sec[MWT_S_TYPE], key.p, key.len);
    r = mwt_add_type(E, NULL, key.p, key.len, true);
done:
    mwt_buf_free(&key);
    return r;
}

mw_result mwt_blocktype(mwt_enc *E, mwt_cur *c, mwt_buf *o)
{
    /* Inline forms: nothing, or one result and no parameters. */
    uint32_t nres = 0;
    bool typeuse = false;
    for (uint32_t j = c->i; j < c->n; j++) {
        const mwt_sx *x = c->it[j];
        if (mwt_head(x, "type") || mwt_head(x, "param")) {
            typeuse = true;
            break;
        }
        if (!mwt_head(x, "result"))
            break;
        nres += x->n - 1;
    }
    if (!typeuse && nres <= 1) {
        if (nres == 0) {
            while (mwt_head(MWT_PEEK(c), "result"))
                c->i++;
            mwt_byte(o, 0x40);
            return MW_OK;
        }
        while (mwt_head(MWT_PEEK(c), "result")) {
            const mwt_sx *x = c->it[c->i++];
            if (x->n == 2) {
                mw_result r = mwt_valtype(E, x->items[1], o);
                if (r != MW_OK)
                    return r;
            }
        }
        return MW_OK;
    }
    uint32_t idx;
    mw_result r = mwt_typeuse(E, c, &idx, MWT_TU_NONAMES);
    if (r == MW_OK)
        mwt_s64(o, idx);
    return r;
}

mw_result mwt_field_index(mwt_enc *E, uint32_t type, const mwt_sx *x, uint32_t *out)
{
    if (x != NULL && x->kind == MWT_ATOM && x->len > 0 && x->text[0] == '$') {
        const mwt_sx *s = type < E->ntypes ? E->types[type].comp : NULL;
        if (s != NULL && mwt_head(s, "struct")) {
            uint32_t n = 0;
            for (uint32_t i = 1; i < s->n; i++) {
                const mwt_sx *f = s->items[i];
                if (f->n == 3 && f->items[1]->kind == MWT_ATOM && f->items[1]->text[0] == '$') {
                    if (f->items[1]->len == x->len && mwi_bytes_eq(f->items[1]->text, x->text, x->len)) {
                        *out = n;
                        return MW_OK;
                    }
                    n++;
                } else {
                    n += f->n - 1;
                }
            }
        }
        return mwt_failat(E->err, x, "unknown field %.*s", (int)x->len, x->text);
    }
    if (!mwt_is_num(x))
        return mwt_failat(E->err, x, "unexpected token, expected a field index");
    return mwt_num_u32(x, out, E->err);
}
