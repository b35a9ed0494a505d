/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wat_mod.c — module fields to sections: identifiers (pass 1), then types, imports and
 * every other field in text order, function bodies last (pass 2), then the sections
 * in binary order with the (@custom ...) sections placed between them.
 */
#include "enc.h"

static const mwt_sx *mwt_opt_id(mwt_cur *c)
{
    const mwt_sx *x = MWT_PEEK(c);
    if (mwt_is_id(x)) {
        c->i++;
        return x;
    }
    return NULL;
}

static const char *const mwt_kind_name[] = { "func", "table", "memory", "global", "tag" };

static int mwt_field_space(const mwt_sx *kw)
{
    if (mwt_is(kw, "func")) return MWT_SP_FUNC;
    if (mwt_is(kw, "table")) return MWT_SP_TABLE;
    if (mwt_is(kw, "memory")) return MWT_SP_MEM;
    if (mwt_is(kw, "global")) return MWT_SP_GLOBAL;
    if (mwt_is(kw, "tag")) return MWT_SP_TAG;
    return -1;
}

static mw_result mwt_new_index(mwt_enc *E, int space, const mwt_sx *id, const mwt_sx *at)
{
    static const char *const what[MWT_SP_N] = { "type", "func", "table", "memory", "global",
                                                "tag", "elem", "data" };
    if (E->sp[space].count >= MWT_MAX_INDEX)
        return mwt_failat(E->err, at, "too many %s definitions", what[space]);
    mw_result r = mwt_bind(E, &E->sp[space].ids, id, E->sp[space].count, what[space]);
    E->sp[space].count++;
    return r;
}

/* Skips (export ...)* and tells whether an (import ...) follows. */
static bool mwt_inline_import(const mwt_sx *f, uint32_t i)
{
    while (i < f->n && mwt_head(f->items[i], "export"))
        i++;
    return i < f->n && mwt_head(f->items[i], "import");
}

/* Pass 1: every identifier of every index space, and the import-order rule. */
static mw_result mwt_pass_ids(mwt_enc *E, mwt_sx *const *fields, uint32_t n)
{
    int def_kind = -1;   /* the first func/table/memory/global/tag definition */
    mw_result r;
    for (uint32_t k = 0; k < n; k++) {
        const mwt_sx *f = fields[k];
        if (f->kind != MWT_LIST || f->n == 0 || f->items[0]->kind != MWT_ATOM)
            return mwt_failat(E->err, f, "unexpected token, expected a module field");
        const mwt_sx *kw = f->items[0];
        mwt_cur c = { f->items, 1, f->n, f };
        if (mwt_is(kw, "type")) {
            if ((r = mwt_new_index(E, MWT_SP_TYPE, mwt_opt_id(&c), f)) != MW_OK)
                return r;
        } else if (mwt_is(kw, "rec")) {
            for (uint32_t i = 1; i < f->n; i++) {
                if (!mwt_head(f->items[i], "type"))
                    return mwt_failat(E->err, f->items[i], "unexpected token, expected (type ...)");
                mwt_cur t = { f->items[i]->items, 1, f->items[i]->n, f->items[i] };
                if ((r = mwt_new_index(E, MWT_SP_TYPE, mwt_opt_id(&t), f->items[i])) != MW_OK)
                    return r;
            }
        } else if (mwt_is(kw, "import")) {
            if (f->n != 4 || f->items[3]->kind != MWT_LIST || f->items[3]->n == 0)
                return mwt_failat(E->err, f, "unexpected token in import");
            const mwt_sx *desc = f->items[3];
            int sp = mwt_field_space(desc->items[0]);
            if (sp < 0)
                return mwt_failat(E->err, desc, "unexpected token, expected an import kind");
            if (def_kind >= 0)
                return mwt_failat(E->err, f, "import after %s", mwt_kind_name[def_kind - MWT_SP_FUNC]);
            mwt_cur d = { desc->items, 1, desc->n, desc };
            if ((r = mwt_new_index(E, sp, mwt_opt_id(&d), desc)) != MW_OK)
                return r;
        } else if (mwt_field_space(kw) >= 0) {
            int sp = mwt_field_space(kw);
            const mwt_sx *id = mwt_opt_id(&c);
            if (mwt_inline_import(f, c.i)) {
                if (def_kind >= 0)
                    return mwt_failat(E->err, f, "import after %s", mwt_kind_name[def_kind - MWT_SP_FUNC]);
            } else if (def_kind < 0) {
                def_kind = sp;
            }
            if ((r = mwt_new_index(E, sp, id, f)) != MW_OK)
                return r;
            /* Inline (elem ...) and (data ...) create a segment here. */
            for (uint32_t i = c.i; i < f->n; i++) {
                if (sp == MWT_SP_TABLE && mwt_head(f->items[i], "elem"))
                    r = mwt_new_index(E, MWT_SP_ELEM, NULL, f);
                if (sp == MWT_SP_MEM && mwt_head(f->items[i], "data"))
                    r = mwt_new_index(E, MWT_SP_DATA, NULL, f);
                if (r != MW_OK)
                    return r;
            }
        } else if (mwt_is(kw, "elem")) {
            if ((r = mwt_new_index(E, MWT_SP_ELEM, mwt_opt_id(&c), f)) != MW_OK)
                return r;
        } else if (mwt_is(kw, "data")) {
            if ((r = mwt_new_index(E, MWT_SP_DATA, mwt_opt_id(&c), f)) != MW_OK)
                return r;
        } else if (!mwt_is(kw, "export") && !mwt_is(kw, "start")) {
            return mwt_failat(E->err, kw, "unknown module field %.*s", (int)kw->len, kw->text);
        }
    }
    return MW_OK;
}

/* ---------------------------------------------------------------- pieces */

static mw_result mwt_string_name(mwt_enc *E, const mwt_sx *s, mwt_buf *o)
{
    if (s == NULL || s->kind != MWT_STRING)
        return mwt_failat(E->err, s, "unexpected token, expected a name string");
    if (!mwt_utf8_valid((const uint8_t *)s->text, s->len))
        return mwt_failat(E->err, s, "malformed UTF-8 encoding");
    mwt_name(o, s->text, s->len);
    return MW_OK;
}

/* limits: min max? as u64 (the core checks the range of 32-bit ones). */
static mw_result mwt_limits(mwt_enc *E, mwt_cur *c, const mwt_sx *at, uint64_t *min, uint64_t *max,
                            bool *has_max)
{
    const mwt_sx *x = MWT_PEEK(c);
    if (!mwt_is_num(x))
        return mwt_failat(E->err, x ? x : at, "unexpected token, expected limits");
    mw_result r = mwt_num_u64(x, min, E->err);
    if (r != MW_OK)
        return r;
    c->i++;
    *has_max = mwt_is_num(MWT_PEEK(c));
    if (*has_max) {
        if ((r = mwt_num_u64(MWT_PEEK(c), max, E->err)) != MW_OK)
            return r;
        c->i++;
    }
    return MW_OK;
}

static bool mwt_addr64(mwt_cur *c)
{
    if (mwt_is(MWT_PEEK(c), "i64")) {
        c->i++;
        return true;
    }
    if (mwt_is(MWT_PEEK(c), "i32"))
        c->i++;
    return false;
}

/* i64? min max? shared? (pagesize n)? */
static mw_result mwt_memtype(mwt_enc *E, mwt_cur *c, const mwt_sx *at, mwt_buf *o)
{
    bool a64 = mwt_addr64(c), has_max = false;
    uint64_t min, max = 0;
    mw_result r = mwt_limits(E, c, at, &min, &max, &has_max);
    if (r != MW_OK)
        return r;
    bool shared = mwt_is(MWT_PEEK(c), "shared");
    if (shared)
        c->i++;
    int log = -1;
    const mwt_sx *p = MWT_PEEK(c);
    if (mwt_head(p, "pagesize")) {
        uint64_t ps;
        if (p->n != 2 || (r = mwt_num_u64(p->items[1], &ps, E->err)) != MW_OK)
            return p->n != 2 ? mwt_failat(E->err, p, "unexpected token in pagesize") : r;
        if (ps == 0 || (ps & (ps - 1)) != 0)
            return mwt_failat(E->err, p, "invalid custom page size");
        log = 0;
        while (((uint64_t)1 << log) < ps)
            log++;
        c->i++;
    }
    if (c->i < c->n)
        return mwt_failat(E->err, c->it[c->i], "unexpected token in memory type");
    mwt_byte(o, (uint8_t)((has_max ? 1 : 0) | (shared ? 2 : 0) | (a64 ? 4 : 0) | (log >= 0 ? 8 : 0)));
    mwt_u64(o, min);
    if (has_max)
        mwt_u64(o, max);
    if (log >= 0)
        mwt_u32(o, (uint32_t)log);
    return MW_OK;
}

/* i64? min max? reftype */
static mw_result mwt_tabletype(mwt_enc *E, mwt_cur *c, const mwt_sx *at, mwt_buf *o)
{
    bool a64 = mwt_addr64(c), has_max = false;
    uint64_t min, max = 0;
    mw_result r = mwt_limits(E, c, at, &min, &max, &has_max);
    if (r != MW_OK)
        return r;
    const mwt_sx *t = MWT_PEEK(c);
    if ((r = mwt_reftype(E, t ? t : at, o, NULL, NULL)) != MW_OK)
        return r;
    c->i++;
    mwt_byte(o, (uint8_t)((has_max ? 1 : 0) | (a64 ? 4 : 0)));
    mwt_u64(o, min);
    if (has_max)
        mwt_u64(o, max);
    return MW_OK;
}

static mw_result mwt_globaltype(mwt_enc *E, mwt_cur *c, const mwt_sx *at, mwt_buf *o)
{
    const mwt_sx *t = MWT_PEEK(c);
    if (t == NULL)
        return mwt_failat(E->err, at, "unexpected token, expected a global type");
    bool mut = mwt_head(t, "mut");
    mw_result r;
    c->i++;
    if (mut) {
        bool shared = t->n == 3 && mwt_is(t->items[1], "shared");
        if (t->n != (shared ? 3u : 2u))
            return mwt_failat(E->err, t, "unexpected token in global type");
        if ((r = mwt_valtype(E, t->items[shared ? 2 : 1], o)) != MW_OK)
            return r;
        mwt_byte(o, shared ? 3 : 1);
        return MW_OK;
    }
    if ((r = mwt_valtype(E, t, o)) != MW_OK)
        return r;
    mwt_byte(o, 0);
    return MW_OK;
}

static mw_result mwt_exports(mwt_enc *E, mwt_cur *c, uint8_t kind, uint32_t idx)
{
    const mwt_sx *x;
    while ((x = MWT_PEEK(c)) != NULL && mwt_head(x, "export")) {
        if (x->n != 2)
            return mwt_failat(E->err, x, "unexpected token in inline export");
        mw_result r = mwt_string_name(E, x->items[1], &E->sec[MWT_S_EXPORT]);
        if (r != MW_OK)
            return r;
        mwt_byte(&E->sec[MWT_S_EXPORT], kind);
        mwt_u32(&E->sec[MWT_S_EXPORT], idx);
        E->cnt[MWT_S_EXPORT]++;
        c->i++;
    }
    return MW_OK;
}

/* (import "m" "n") inline: writes the names and the kind byte. */
static mw_result mwt_inline_import_names(mwt_enc *E, const mwt_sx *x, uint8_t kind)
{
    if (x->n != 3)
        return mwt_failat(E->err, x, "unexpected token in inline import");
    mwt_buf *o = &E->sec[MWT_S_IMPORT];
    mw_result r = mwt_string_name(E, x->items[1], o);
    if (r == MW_OK)
        r = mwt_string_name(E, x->items[2], o);
    mwt_byte(o, kind);
    E->cnt[MWT_S_IMPORT]++;
    return r;
}

/* (offset instr*) or one folded instruction: an expression. */
static mw_result mwt_offset(mwt_enc *E, const mwt_sx *x, mwt_buf *o)
{
    if (mwt_head(x, "offset")) {
        mwt_cur c = { x->items, 1, x->n, x };
        return mwt_expr(E, &c, o);
    }
    mwt_sx *one[1] = { (mwt_sx *)x };
    mwt_cur c = { one, 0, 1, x };
    return mwt_expr(E, &c, o);
}

/* Element expressions: (item instr*) or one folded instruction each. *funcs gets the
 * function indices while every expression is a lone ref.func (*all_funcs stays true). */
static mw_result mwt_elem_exprs(mwt_enc *E, mwt_cur *c, mwt_buf *o, uint32_t *n, mwt_buf *funcs,
                                bool *all_funcs)
{
    const mwt_sx *x;
    while ((x = MWT_PEEK(c)) != NULL) {
        size_t start = o->len;
        if (x->kind != MWT_LIST)
            return mwt_failat(E->err, x, "unexpected token, expected an element expression");
        mw_result r;
        if (mwt_head(x, "item")) {
            mwt_cur ic = { x->items, 1, x->n, x };
            r = mwt_expr(E, &ic, o);
        } else {
            r = mwt_offset(E, x, o);
        }
        if (r != MW_OK)
            return r;
        /* 0xD2 funcidx 0x0B: the index form can say the same. */
        size_t k = start + 1;
        bool lone = !o->oom && o->len - start >= 3 && o->p[start] == 0xD2;
        while (lone && k < o->len && (o->p[k] & 0x80))
            k++;
        lone = lone && k + 2 == o->len && o->p[k + 1] == 0x0B;
        if (lone)
            mwt_bytes(funcs, o->p + start + 1, k + 1 - (start + 1));
        else
            *all_funcs = false;
        (*n)++;
        c->i++;
    }
    return MW_OK;
}

static mw_result mwt_func_indices(mwt_enc *E, mwt_cur *c, mwt_buf *o, uint32_t *n)
{
    const mwt_sx *x;
    while ((x = MWT_PEEK(c)) != NULL) {
        uint32_t v;
        mw_result r = mwt_index(E, x, MWT_SP_FUNC, &v);
        if (r != MW_OK)
            return r;
        mwt_u32(o, v);
        (*n)++;
        c->i++;
    }
    return MW_OK;
}

/* An element segment. mode: 0 active, 1 passive, 2 declarative. */
static mw_result mwt_elem_segment(mwt_enc *E, int mode, uint32_t table, bool explicit_table,
                                  const mwt_buf *offset, mwt_cur *c, const mwt_buf *reftype)
{
    mwt_buf items, type;
    mwt_buf_init(&items, E->alloc, E->ud);
    mwt_buf_init(&type, E->alloc, E->ud);
    uint32_t n = 0;
    mw_result r;
    const mwt_sx *x = MWT_PEEK(c);
    bool exprs = x != NULL && !mwt_is(x, "func") && !mwt_is_index(x);
    mwt_buf funcs;
    mwt_buf_init(&funcs, E->alloc, E->ud);
    bool all_funcs = true;
    if (exprs && reftype != NULL) {   /* inline (elem ...) of a table: the table's type */
        mwt_bytes(&type, reftype->p, reftype->len);
        r = mwt_elem_exprs(E, c, &items, &n, &funcs, &all_funcs);
    } else if (exprs) {
        if ((r = mwt_reftype(E, x, &type, NULL, NULL)) != MW_OK)
            goto done;
        c->i++;
        r = mwt_elem_exprs(E, c, &items, &n, &funcs, &all_funcs);
    } else {
        if (mwt_is(x, "func"))
            c->i++;
        r = mwt_func_indices(E, c, &items, &n);
    }
    if (r != MW_OK)
        goto done;
    mwt_buf *o = &E->sec[MWT_S_ELEM];
    E->cnt[MWT_S_ELEM]++;
    bool funcref = type.len == 1 && type.p[0] == 0x70;
    if (exprs && funcref && all_funcs) {
        /* funcref and only ref.func: the index form, as the reference encoder writes it. */
        exprs = false;
        mwt_buf t = items;
        items = funcs;
        funcs = t;
    }
    (void)explicit_table;
    if (mode == 0 && table == 0 && (!exprs || funcref)) {
        mwt_byte(o, exprs ? 4 : 0);
        mwt_bytes(o, offset->p, offset->len);
    } else if (mode == 0) {
        mwt_byte(o, exprs ? 6 : 2);
        mwt_u32(o, table);
        mwt_bytes(o, offset->p, offset->len);
        if (exprs)
            mwt_bytes(o, type.p, type.len);
        else
            mwt_byte(o, 0x00);
    } else {
        mwt_byte(o, (uint8_t)((exprs ? 4 : 0) | (mode == 1 ? 1 : 3)));
        if (exprs)
            mwt_bytes(o, type.p, type.len);
        else
            mwt_byte(o, 0x00);
    }
    mwt_u32(o, n);
    mwt_bytes(o, items.p, items.len);
done:
    mwt_buf_free(&funcs);
    mwt_buf_free(&items);
    mwt_buf_free(&type);
    return r;
}

static mw_result mwt_field_elem(mwt_enc *E, const mwt_sx *f)
{
    mwt_cur c = { f->items, 1, f->n, f };
    mwt_opt_id(&c);
    int mode = 1;
    uint32_t table = 0;
    bool explicit_table = false;
    mwt_buf off;
    mwt_buf_init(&off, E->alloc, E->ud);
    mw_result r = MW_OK;
    const mwt_sx *x = MWT_PEEK(&c);
    if (mwt_is(x, "declare")) {
        mode = 2;
        c.i++;
    } else {
        if (mwt_head(x, "table") && x->n == 2) {
            if ((r = mwt_index(E, x->items[1], MWT_SP_TABLE, &table)) != MW_OK)
                goto done;
            explicit_table = true;
            c.i++;
        } else if (mwt_is_index(x) && c.i + 1 < c.n && c.it[c.i + 1]->kind == MWT_LIST) {
            /* The MVP form (elem tableidx (offset ...) ...). */
            if ((r = mwt_index(E, x, MWT_SP_TABLE, &table)) != MW_OK)
                goto done;
            explicit_table = true;
            c.i++;
        }
        x = MWT_PEEK(&c);
        if (x != NULL && x->kind == MWT_LIST && !mwt_head(x, "ref") && !mwt_head(x, "item")) {
            mode = 0;
            if ((r = mwt_offset(E, x, &off)) != MW_OK)
                goto done;
            c.i++;
        } else if (explicit_table) {
            r = mwt_failat(E->err, x ? x : f, "unexpected token, expected an offset");
            goto done;
        }
    }
    r = mwt_elem_segment(E, mode, table, explicit_table, &off, &c, NULL);
done:
    mwt_buf_free(&off);
    return r;
}

static mw_result mwt_data_strings(mwt_enc *E, mwt_cur *c, mwt_buf *o)
{
    size_t total = 0;
    for (uint32_t i = c->i; i < c->n; i++) {
        if (c->it[i]->kind != MWT_STRING)
            return mwt_failat(E->err, c->it[i], "unexpected token, expected a data string");
        total += c->it[i]->len;
    }
    mwt_u64(o, total);
    for (; c->i < c->n; c->i++)
        mwt_bytes(o, c->it[c->i]->text, c->it[c->i]->len);
    return MW_OK;
}

static mw_result mwt_field_data(mwt_enc *E, const mwt_sx *f)
{
    mwt_cur c = { f->items, 1, f->n, f };
    mwt_opt_id(&c);
    mwt_buf *o = &E->sec[MWT_S_DATA];
    uint32_t mem = 0;
    bool explicit_mem = false;
    mw_result r;
    const mwt_sx *x = MWT_PEEK(&c);
    if (mwt_head(x, "memory") && x->n == 2) {
        if ((r = mwt_index(E, x->items[1], MWT_SP_MEM, &mem)) != MW_OK)
            return r;
        explicit_mem = true;
        c.i++;
    } else if (mwt_is_index(x)) {
        if ((r = mwt_index(E, x, MWT_SP_MEM, &mem)) != MW_OK)
            return r;
        explicit_mem = true;
        c.i++;
    }
    x = MWT_PEEK(&c);
    E->cnt[MWT_S_DATA]++;
    if (x != NULL && x->kind == MWT_LIST) {
        if (mem == 0) {
            mwt_byte(o, 0);
        } else {
            mwt_byte(o, 2);
            mwt_u32(o, mem);
        }
        if ((r = mwt_offset(E, x, o)) != MW_OK)
            return r;
        c.i++;
    } else if (explicit_mem) {
        return mwt_failat(E->err, x ? x : f, "unexpected token, expected an offset");
    } else {
        mwt_byte(o, 1);
    }
    return mwt_data_strings(E, &c, o);
}

/* ---------------------------------------------------------------- definitions */

typedef struct mwt_func_body { const mwt_sx *f; uint32_t at; } mwt_func_body;

typedef struct mwt_pass {
    uint32_t idx[MWT_SP_N];   /* next index per space */
    mwt_func_body *bodies;
    uint32_t nbodies, capbodies;
} mwt_pass;

/* What every field kind (func, table, memory, global, tag) begins with: an optional
 * id, inline exports, then an optional inline import, whose names this writes. *idx is
 * the field's index in space; *imported says whether the import's type follows. */
static mw_result mwt_field_head(mwt_enc *E, mwt_pass *P, mwt_cur *c, int space, uint8_t kind,
                                uint32_t *idx, bool *imported)
{
    mwt_opt_id(c);
    *idx = P->idx[space]++;
    *imported = false;
    mw_result r = mwt_exports(E, c, kind, *idx);
    if (r != MW_OK)
        return r;
    const mwt_sx *x = MWT_PEEK(c);
    if (!mwt_head(x, "import"))
        return MW_OK;
    if ((r = mwt_inline_import_names(E, x, kind)) != MW_OK)
        return r;
    c->i++;
    *imported = true;
    return MW_OK;
}

static mw_result mwt_field_func(mwt_enc *E, mwt_pass *P, const mwt_sx *f)
{
    mwt_cur c = { f->items, 1, f->n, f };
    uint32_t idx, t;
    bool imported;
    mw_result r = mwt_field_head(E, P, &c, MWT_SP_FUNC, 0, &idx, &imported);
    if (r != MW_OK)
        return r;
    if (imported) {
        if ((r = mwt_typeuse(E, &c, &t, MWT_TU_NAMES)) != MW_OK)
            return r;
        if (c.i < c.n)
            return mwt_failat(E->err, c.it[c.i], "unexpected token after an imported function's type");
        mwt_u32(&E->sec[MWT_S_IMPORT], t);
        return MW_OK;
    }
    uint32_t at = c.i;
    if ((r = mwt_typeuse(E, &c, &t, MWT_TU_NAMES)) != MW_OK)
        return r;
    mwt_u32(&E->sec[MWT_S_FUNC], t);
    E->cnt[MWT_S_FUNC]++;
    if (P->nbodies == P->capbodies) {
        uint32_t ncap = P->capbodies ? P->capbodies * 2 : 16;
        void *p = E->alloc(E->ud, P->bodies, P->capbodies * sizeof(mwt_func_body), ncap * sizeof(mwt_func_body));
        if (p == NULL)
            return mwt_nomem(E->err);
        P->bodies = p;
        P->capbodies = ncap;
    }
    P->bodies[P->nbodies].f = f;
    P->bodies[P->nbodies++].at = at;
    return MW_OK;
}

static void mwt_zero_offset(mwt_buf *o, bool a64)
{
    mwt_byte(o, a64 ? 0x42 : 0x41);
    mwt_byte(o, 0);
    mwt_byte(o, 0x0B);
}

static mw_result mwt_field_table(mwt_enc *E, mwt_pass *P, const mwt_sx *f)
{
    mwt_cur c = { f->items, 1, f->n, f };
    uint32_t idx;
    bool imported;
    mw_result r = mwt_field_head(E, P, &c, MWT_SP_TABLE, 1, &idx, &imported);
    if (r != MW_OK)
        return r;
    if (imported) {
        if ((r = mwt_tabletype(E, &c, f, &E->sec[MWT_S_IMPORT])) != MW_OK)
            return r;
        return c.i < c.n ? mwt_failat(E->err, c.it[c.i], "unexpected token in table import") : MW_OK;
    }
    mwt_buf *o = &E->sec[MWT_S_TABLE];
    E->cnt[MWT_S_TABLE]++;
    const mwt_sx *last = f->n > 0 ? f->items[f->n - 1] : NULL;
    if (mwt_head(last, "elem")) {
        /* (table i64? reftype (elem ...)): limits from the element count. */
        bool a64 = mwt_addr64(&c);
        mwt_buf type;
        mwt_buf_init(&type, E->alloc, E->ud);
        const mwt_sx *t = MWT_PEEK(&c);
        if (c.i + 2 != c.n) {
            mwt_buf_free(&type);
            return mwt_failat(E->err, t ? t : f, "unexpected token in table with inline elements");
        }
        if ((r = mwt_reftype(E, t, &type, NULL, NULL)) != MW_OK) {
            mwt_buf_free(&type);
            return r;
        }
        uint32_t n = last->n - 1;
        mwt_bytes(o, type.p, type.len);
        mwt_byte(o, a64 ? 5 : 1);
        mwt_u32(o, n);
        mwt_u32(o, n);
        mwt_buf off;
        mwt_buf_init(&off, E->alloc, E->ud);
        mwt_zero_offset(&off, a64);
        mwt_cur ec = { last->items, 1, last->n, last };
        r = mwt_elem_segment(E, 0, idx, true, &off, &ec, &type);
        mwt_buf_free(&off);
        mwt_buf_free(&type);
        return r;
    }
    mwt_buf tt;
    mwt_buf_init(&tt, E->alloc, E->ud);
    r = mwt_tabletype(E, &c, f, &tt);
    if (r == MW_OK && c.i < c.n) {
        mwt_byte(o, 0x40);
        mwt_byte(o, 0x00);
        mwt_bytes(o, tt.p, tt.len);
        r = mwt_expr(E, &c, o);
    } else if (r == MW_OK) {
        mwt_bytes(o, tt.p, tt.len);
    }
    mwt_buf_free(&tt);
    return r;
}

static mw_result mwt_field_memory(mwt_enc *E, mwt_pass *P, const mwt_sx *f)
{
    mwt_cur c = { f->items, 1, f->n, f };
    uint32_t idx;
    bool imported;
    mw_result r = mwt_field_head(E, P, &c, MWT_SP_MEM, 2, &idx, &imported);
    if (r != MW_OK)
        return r;
    if (imported) {
        return mwt_memtype(E, &c, f, &E->sec[MWT_S_IMPORT]);
    }
    mwt_buf *o = &E->sec[MWT_S_MEM];
    E->cnt[MWT_S_MEM]++;
    const mwt_sx *last = f->n > 0 ? f->items[f->n - 1] : NULL;
    if (!mwt_head(last, "data"))
        return mwt_memtype(E, &c, f, o);
    /* (memory i64? (pagesize n)? (data ...)): limits from the data length. */
    bool a64 = mwt_addr64(&c);
    uint64_t ps = 65536;
    int log = -1;
    const mwt_sx *p = MWT_PEEK(&c);
    if (mwt_head(p, "pagesize")) {
        if (p->n != 2 || (r = mwt_num_u64(p->items[1], &ps, E->err)) != MW_OK)
            return p->n != 2 ? mwt_failat(E->err, p, "unexpected token in pagesize") : r;
        if (ps == 0 || (ps & (ps - 1)) != 0)
            return mwt_failat(E->err, p, "invalid custom page size");
        log = 0;
        while (((uint64_t)1 << log) < ps)
            log++;
        c.i++;
    }
    if (c.i + 1 != c.n)
        return mwt_failat(E->err, c.it[c.i], "unexpected token in memory with inline data");
    uint64_t len = 0;
    for (uint32_t i = 1; i < last->n; i++)
        len += last->items[i]->len;
    uint64_t pages = len / ps + (len % ps != 0);
    mwt_byte(o, (uint8_t)(1 | (a64 ? 4 : 0) | (log >= 0 ? 8 : 0)));
    mwt_u64(o, pages);
    mwt_u64(o, pages);
    if (log >= 0)
        mwt_u32(o, (uint32_t)log);
    mwt_buf *d = &E->sec[MWT_S_DATA];
    E->cnt[MWT_S_DATA]++;
    if (idx == 0) {
        mwt_byte(d, 0);
    } else {
        mwt_byte(d, 2);
        mwt_u32(d, idx);
    }
    mwt_zero_offset(d, a64);
    mwt_cur dc = { last->items, 1, last->n, last };
    return mwt_data_strings(E, &dc, d);
}

static mw_result mwt_field_global(mwt_enc *E, mwt_pass *P, const mwt_sx *f)
{
    mwt_cur c = { f->items, 1, f->n, f };
    uint32_t idx;
    bool imported;
    mw_result r = mwt_field_head(E, P, &c, MWT_SP_GLOBAL, 3, &idx, &imported);
    if (r != MW_OK)
        return r;
    if (imported) {
        if ((r = mwt_globaltype(E, &c, f, &E->sec[MWT_S_IMPORT])) != MW_OK)
            return r;
        return c.i < c.n ? mwt_failat(E->err, c.it[c.i], "unexpected token in global import") : MW_OK;
    }
    E->cnt[MWT_S_GLOBAL]++;
    if ((r = mwt_globaltype(E, &c, f, &E->sec[MWT_S_GLOBAL])) != MW_OK)
        return r;
    return mwt_expr(E, &c, &E->sec[MWT_S_GLOBAL]);
}

static mw_result mwt_field_tag(mwt_enc *E, mwt_pass *P, const mwt_sx *f)
{
    mwt_cur c = { f->items, 1, f->n, f };
    uint32_t idx, t;
    bool imported;
    mw_result r = mwt_field_head(E, P, &c, MWT_SP_TAG, 4, &idx, &imported);
    if (r != MW_OK)
        return r;
    mwt_buf *o = &E->sec[MWT_S_TAG];
    if (imported) {
        o = &E->sec[MWT_S_IMPORT];
    } else {
        E->cnt[MWT_S_TAG]++;
    }
    if ((r = mwt_typeuse(E, &c, &t, MWT_TU_NAMES)) != MW_OK)
        return r;
    if (c.i < c.n)
        return mwt_failat(E->err, c.it[c.i], "unexpected token in tag");
    mwt_byte(o, 0x00);
    mwt_u32(o, t);
    return MW_OK;
}

static mw_result mwt_field_import(mwt_enc *E, mwt_pass *P, const mwt_sx *f)
{
    mwt_buf *o = &E->sec[MWT_S_IMPORT];
    mw_result r = mwt_string_name(E, f->items[1], o);
    if (r == MW_OK)
        r = mwt_string_name(E, f->items[2], o);
    if (r != MW_OK)
        return r;
    E->cnt[MWT_S_IMPORT]++;
    const mwt_sx *d = f->items[3];
    int sp = mwt_field_space(d->items[0]);
    mwt_cur c = { d->items, 1, d->n, d };
    mwt_opt_id(&c);
    P->idx[sp]++;
    uint32_t t;
    switch (sp) {
    case MWT_SP_FUNC:
        mwt_byte(o, 0);
        if ((r = mwt_typeuse(E, &c, &t, MWT_TU_NAMES)) != MW_OK)
            return r;
        mwt_u32(o, t);
        break;
    case MWT_SP_TABLE:
        mwt_byte(o, 1);
        r = mwt_tabletype(E, &c, d, o);
        break;
    case MWT_SP_MEM:
        mwt_byte(o, 2);
        return mwt_memtype(E, &c, d, o);
    case MWT_SP_GLOBAL:
        mwt_byte(o, 3);
        r = mwt_globaltype(E, &c, d, o);
        break;
    default:
        mwt_byte(o, 4);
        mwt_byte(o, 0);
        if ((r = mwt_typeuse(E, &c, &t, MWT_TU_NAMES)) != MW_OK)
            return r;
        mwt_u32(o, t);
        break;
    }
    if (r == MW_OK && c.i < c.n)
        r = mwt_failat(E->err, c.it[c.i], "unexpected token in import");
    return r;
}

static mw_result mwt_field_export(mwt_enc *E, const mwt_sx *f)
{
    if (f->n != 3 || f->items[2]->kind != MWT_LIST || f->items[2]->n != 2)
        return mwt_failat(E->err, f, "unexpected token in export");
    const mwt_sx *d = f->items[2];
    int sp = mwt_field_space(d->items[0]);
    if (sp < 0)
        return mwt_failat(E->err, d, "unexpected token, expected an export kind");
    mwt_buf *o = &E->sec[MWT_S_EXPORT];
    mw_result r = mwt_string_name(E, f->items[1], o);
    uint32_t v;
    if (r == MW_OK)
        r = mwt_index(E, d->items[1], sp, &v);
    if (r != MW_OK)
        return r;
    mwt_byte(o, (uint8_t)(sp - MWT_SP_FUNC));
    mwt_u32(o, v);
    E->cnt[MWT_S_EXPORT]++;
    return MW_OK;
}

/* A function body: locals and instructions, as a code entry. */
static mw_result mwt_code(mwt_enc *E, const mwt_func_body *b, mwt_buf *body)
{
    mwt_map_free(&E->locals, E->alloc, E->ud);
    E->nlocals = 0;
    E->nlabels = 0;
    mwt_cur c = { b->f->items, b->at, b->f->n, b->f };
    uint32_t t;
    mw_result r = mwt_typeuse(E, &c, &t, MWT_TU_BIND);
    if (r != MW_OK)
        return r;
    body->len = 0;
    mwt_buf decl;
    mwt_buf_init(&decl, E->alloc, E->ud);
    uint8_t prev[24], cur[24];
    size_t prevlen = 0;
    uint32_t run = 0, ndecl = 0;
    const mwt_sx *x;
    while (r == MW_OK && (x = MWT_PEEK(&c)) != NULL && mwt_head(x, "local")) {
        c.i++;
        uint32_t first = 1;
        if (x->n > 1 && mwt_is_id(x->items[1])) {
            if (x->n != 3) {
                r = mwt_failat(E->err, x, "unexpected token: a named local has one type");
                break;
            }
            if ((r = mwt_bind(E, &E->locals, x->items[1], E->nlocals, "local")) != MW_OK)
                break;
            first = 2;
        }
        for (uint32_t i = first; i < x->n && r == MW_OK; i++) {
            mwt_buf one;
            mwt_buf_init(&one, E->alloc, E->ud);
            r = mwt_valtype(E, x->items[i], &one);
            size_t len = one.len < sizeof cur ? one.len : sizeof cur;
            if (one.p != NULL)
                memcpy(cur, one.p, len);
            mwt_buf_free(&one);
            if (r != MW_OK)
                break;
            if (E->nlocals == UINT32_MAX) {
                r = mwt_failat(E->err, x, "too many locals");
                break;
            }
            E->nlocals++;
            if (run > 0 && len == prevlen && mwi_bytes_eq(cur, prev, len)) {
                run++;
                continue;
            }
            if (run > 0) {
                mwt_u32(&decl, run);
                mwt_bytes(&decl, prev, prevlen);
                ndecl++;
            }
            memcpy(prev, cur, len);
            prevlen = len;
            run = 1;
        }
    }
    if (r == MW_OK) {
        if (run > 0) {
            mwt_u32(&decl, run);
            mwt_bytes(&decl, prev, prevlen);
            ndecl++;
        }
        mwt_u32(body, ndecl);
        mwt_bytes(body, decl.p, decl.len);
        r = mwt_expr(E, &c, body);
    }
    mwt_buf_free(&decl);
    if (r == MW_OK && body->oom)
        r = mwt_nomem(E->err);
    if (r == MW_OK) {
        mwt_u64(&E->sec[MWT_S_CODE], body->len);
        mwt_bytes(&E->sec[MWT_S_CODE], body->p, body->len);
        E->cnt[MWT_S_CODE]++;
    }
    return r;
}

/* ---------------------------------------------------------------- custom sections */

static const char *const mwt_sec_name[MWT_S_N] = {
    "type", "import", "func", "table", "memory", "tag", "global", "export", "start", "elem",
    "datacount", "code", "data"
};
static const uint8_t mwt_sec_id[MWT_S_N] = { 1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11 };

/* Slot of a custom section: 0 before everything, 2s+1 before section s, 2s+2 after it. */
static mw_result mwt_custom_slot(mwt_enc *E, const mwt_sx *a, uint32_t *slot, uint32_t *first)
{
    if (a->n < 2 || a->items[1]->kind != MWT_STRING)
        return mwt_failat(E->err, a, "@custom annotation: missing section name");
    if (!mwt_utf8_valid((const uint8_t *)a->items[1]->text, a->items[1]->len))
        return mwt_failat(E->err, a->items[1], "@custom annotation: malformed UTF-8 encoding");
    *slot = 2 * MWT_S_N + 1;   /* (after last) */
    *first = 2;
    if (a->n > 2 && a->items[2]->kind != MWT_STRING) {
        const mwt_sx *p = a->items[2];
        bool before = mwt_head(p, "before"), after = mwt_head(p, "after");
        if (!before && !after)
            return mwt_failat(E->err, p, "@custom annotation: unexpected token");
        if (p->n != 2 || p->items[1]->kind != MWT_ATOM)
            return mwt_failat(E->err, p, "@custom annotation: malformed section kind");
        const mwt_sx *k = p->items[1];
        if (before && mwt_is(k, "first")) {
            *slot = 0;
        } else if (after && mwt_is(k, "last")) {
            *slot = 2 * MWT_S_N + 1;
        } else {
            int s = -1;
            for (int i = 0; i < MWT_S_N; i++)
                if (mwt_is(k, mwt_sec_name[i]))
                    s = i;
            if (s < 0)
                return mwt_failat(E->err, k, "@custom annotation: malformed section kind");
            *slot = (uint32_t)(2 * s + (before ? 1 : 2));
        }
        *first = 3;
    }
    for (uint32_t i = *first; i < a->n; i++)
        if (a->items[i]->kind != MWT_STRING)
            return mwt_failat(E->err, a->items[i], "@custom annotation: unexpected token");
    return MW_OK;
}

static void mwt_emit_customs(mwt_enc *E, const mwt_sx *parent, uint32_t slot, mwt_buf *out)
{
    for (uint32_t k = 0; k < E->d->ncustoms; k++) {
        const mwt_custom *cu = &E->d->customs[k];
        uint32_t s, first;
        if (cu->parent != parent || mwt_custom_slot(E, cu->ann, &s, &first) != MW_OK || s != slot)
            continue;
        const mwt_sx *a = cu->ann;
        uint64_t size = 0;
        for (uint32_t i = first; i < a->n; i++)
            size += a->items[i]->len;
        mwt_buf nm;
        mwt_buf_init(&nm, E->alloc, E->ud);
        mwt_name(&nm, a->items[1]->text, a->items[1]->len);
        mwt_byte(out, 0);
        mwt_u64(out, nm.len + size);
        mwt_bytes(out, nm.p, nm.len);
        if (nm.oom)
            out->oom = true;
        mwt_buf_free(&nm);
        for (uint32_t i = first; i < a->n; i++)
            mwt_bytes(out, a->items[i]->text, a->items[i]->len);
    }
}

/* ---------------------------------------------------------------- driver */

static mw_result mwt_passes(mwt_enc *E, mwt_pass *P, mwt_sx *const *fields, uint32_t n,
                            const mwt_sx *parent)
{
    mw_result r;
    for (uint32_t k = 0; k < E->d->ncustoms; k++) {
        uint32_t s, first;
        if (E->d->customs[k].parent == parent &&
            (r = mwt_custom_slot(E, E->d->customs[k].ann, &s, &first)) != MW_OK)
            return r;
    }
    if ((r = mwt_pass_ids(E, fields, n)) != MW_OK)
        return r;
    if ((r = mwt_ops_init(E)) != MW_OK)
        return r;
    for (uint32_t k = 0; k < n; k++)
        if ((mwt_head(fields[k], "type") || mwt_head(fields[k], "rec")) &&
            (r = mwt_typedefs(E, fields[k])) != MW_OK)
            return r;
    mwt_buf body;
    mwt_buf_init(&body, E->alloc, E->ud);
    for (uint32_t k = 0; k < n && r == MW_OK; k++) {
        const mwt_sx *f = fields[k];
        const mwt_sx *kw = f->items[0];
        uint32_t nb = P->nbodies;
        if (mwt_is(kw, "func")) {
            /* The body right after its header: abbreviations (implicit types) expand in
             * the order they appear in the text. */
            if ((r = mwt_field_func(E, P, f)) == MW_OK && P->nbodies > nb)
                r = mwt_code(E, &P->bodies[nb], &body);
        }
        else if (mwt_is(kw, "table")) r = mwt_field_table(E, P, f);
        else if (mwt_is(kw, "memory")) r = mwt_field_memory(E, P, f);
        else if (mwt_is(kw, "global")) r = mwt_field_global(E, P, f);
        else if (mwt_is(kw, "tag")) r = mwt_field_tag(E, P, f);
        else if (mwt_is(kw, "import")) r = mwt_field_import(E, P, f);
        else if (mwt_is(kw, "export")) r = mwt_field_export(E, f);
        else if (mwt_is(kw, "elem")) r = mwt_field_elem(E, f);
        else if (mwt_is(kw, "data")) r = mwt_field_data(E, f);
        else if (mwt_is(kw, "start")) {
            uint32_t v;
            if (E->has_start)
                r = mwt_failat(E->err, f, "multiple start sections");
            else if (f->n != 2)
                r = mwt_failat(E->err, f, "unexpected token in start");
            else if ((r = mwt_index(E, f->items[1], MWT_SP_FUNC, &v)) == MW_OK) {
                E->has_start = true;
                mwt_u32(&E->sec[MWT_S_START], v);
            }
        }
    }
    mwt_buf_free(&body);
    return r;
}

static void mwt_assemble(mwt_enc *E, const mwt_sx *parent, mwt_buf *out)
{
    mwt_bytes(out, "\0asm\1\0\0\0", 8);
    if (E->uses_data_idx) {
        mwt_u32(&E->sec[MWT_S_DATACOUNT], E->sp[MWT_SP_DATA].count);
        E->cnt[MWT_S_DATACOUNT] = 1;
    }
    if (E->has_start)
        E->cnt[MWT_S_START] = 1;
    mwt_emit_customs(E, parent, 0, out);
    for (int s = 0; s < MWT_S_N; s++) {
        mwt_emit_customs(E, parent, (uint32_t)(2 * s + 1), out);
        if (E->cnt[s] > 0) {
            bool counted = s != MWT_S_START && s != MWT_S_DATACOUNT;
            mwt_buf cnt;
            mwt_buf_init(&cnt, E->alloc, E->ud);
            if (counted)
                mwt_u32(&cnt, E->cnt[s]);
            mwt_byte(out, mwt_sec_id[s]);
            mwt_u64(out, cnt.len + E->sec[s].len);
            mwt_bytes(out, cnt.p, cnt.len);
            mwt_bytes(out, E->sec[s].p, E->sec[s].len);
            if (cnt.oom)
                out->oom = true;
            mwt_buf_free(&cnt);
        }
        mwt_emit_customs(E, parent, (uint32_t)(2 * s + 2), out);
    }
    mwt_emit_customs(E, parent, 2 * MWT_S_N + 1, out);
}

mw_result mwt_encode_fields(mwt_doc *d, mwt_sx *const *fields, uint32_t n, const mwt_sx *parent,
                            uint8_t **bin, size_t *len, mwt_error *err)
{
    mwt_enc E;
    memset(&E, 0, sizeof E);
    E.d = d;
    E.alloc = d->alloc;
    E.ud = d->ud;
    E.err = err;
    for (int s = 0; s < MWT_S_N; s++)
        mwt_buf_init(&E.sec[s], d->alloc, d->ud);
    mwt_pass P;
    memset(&P, 0, sizeof P);
    mwt_buf out;
    mwt_buf_init(&out, d->alloc, d->ud);
    mw_result r = mwt_passes(&E, &P, fields, n, parent);
    if (r == MW_OK) {
        for (int s = 0; s < MWT_S_N; s++)
            if (E.sec[s].oom)
                r = mwt_nomem(err);
    }
    if (r == MW_OK) {
        mwt_assemble(&E, parent, &out);
        if (out.oom)
            r = mwt_nomem(err);
    }
    if (r == MW_OK) {
        /* Hand out an exactly sized block so the caller frees it with its length. */
        uint8_t *p = out.len ? d->alloc(d->ud, NULL, 0, out.len) : NULL;
        if (p == NULL) {
            r = mwt_nomem(err);
        } else {
            memcpy(p, out.p, out.len);
            *bin = p;
            *len = out.len;
        }
    }
    mwt_buf_free(&out);
    for (int s = 0; s < MWT_S_N; s++)
        mwt_buf_free(&E.sec[s]);
    for (int s = 0; s < MWT_SP_N; s++)
        mwt_map_free(&E.sp[s].ids, E.alloc, E.ud);
    mwt_map_free(&E.sigs, E.alloc, E.ud);
    mwt_map_free(&E.locals, E.alloc, E.ud);
    if (E.types != NULL)
        E.alloc(E.ud, E.types, E.captypes * sizeof(mwt_tdef), 0);
    if (E.labels != NULL)
        E.alloc(E.ud, E.labels, E.caplabels * sizeof(mwt_label), 0);
    if (E.scratch != NULL) {
        for (uint32_t i = 0; i < E.nscratch; i++)
            mwt_buf_free(&E.scratch[i]);
        E.alloc(E.ud, E.scratch, E.nscratch * sizeof(mwt_buf), 0);
    }
    if (P.bodies != NULL)
        E.alloc(E.ud, P.bodies, P.capbodies * sizeof(mwt_func_body), 0);
    return r;
}
