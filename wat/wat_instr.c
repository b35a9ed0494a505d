/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wat_instr.c — instructions: the name table (from src/opcodes.h, opcodes_simd.h and
 * wat/opcodes3.h), immediates, flat and folded forms, labels and block structure.
 */
#include "enc.h"
#include "../src/opcodes.h"
#if !MW_SIMD
/* The reader knows SIMD even when the core leaves it out (the core then reports it). */
#  undef MW_OPCODES_FD
#  undef MW_OPCODES_SIMD_H
#  include "../src/opcodes_simd.h"
#endif
#include "opcodes3.h"

/* Natural alignment (bytes) of the memory-accessing kinds; t2 is their access size. */
#define MWT_AL_LD(t2) t2
#define MWT_AL_ST(t2) t2
#define MWT_AL_VLD(t2) t2
#define MWT_AL_VST(t2) t2
#define MWT_AL_VLDLANE(t2) t2
#define MWT_AL_VSTLANE(t2) t2
#define MWT_AL_ATOM(t2) MWT_AL_ATOM_##t2
#define MWT_AL_ATOM_1 1
#define MWT_AL_ATOM_2 2
#define MWT_AL_ATOM_4 4
#define MWT_AL_ATOM_8 8
#define MWT_AL_ATOM__ 0
#define MWT_AL_CTRL(t2) 0
#define MWT_AL_PARAM(t2) 0
#define MWT_AL_VAR(t2) 0
#define MWT_AL_TBL(t2) 0
#define MWT_AL_MEMX(t2) 0
#define MWT_AL_REF(t2) 0
#define MWT_AL_BULK(t2) 0
#define MWT_AL_CST(t2) 0
#define MWT_AL_UN(t2) 0
#define MWT_AL_BIN(t2) 0
#define MWT_AL_CMP(t2) 0
#define MWT_AL_UNT(t2) 0
#define MWT_AL_BINT(t2) 0
#define MWT_AL_RE(t2) 0
#define MWT_AL_VCONST(t2) 0
#define MWT_AL_VSHUF(t2) 0
#define MWT_AL_VEXTRACT(t2) 0
#define MWT_AL_VREPLACE(t2) 0
#define MWT_AL_VSPLAT(t2) 0
#define MWT_AL_VUN(t2) 0
#define MWT_AL_VBIN(t2) 0
#define MWT_AL_VTERN(t2) 0
#define MWT_AL_VTEST(t2) 0
#define MWT_AL_VSHIFT(t2) 0
#define MWT_AL_EH(t2) 0
#define MWT_AL_TAIL(t2) 0
#define MWT_AL_FREF(t2) 0
#define MWT_AL_GC(t2) 0
#define MWT_AL_WIDE(t2) 0
#define MWT_AL_RSIMD(t2) 0

#define MWT_ROW(prefix) MWT_ROW_##prefix
#define MWT_ROW_0(kind, sym, code, name, imm, t1, t2, tr, impl) \
    { name, 0x00, MWT_IMM_##imm, MWT_AL_##kind(t2), code },
#define MWT_ROW_FB(kind, sym, code, name, imm, t1, t2, tr, impl) \
    { name, 0xFB, MWT_IMM_##imm, MWT_AL_##kind(t2), code },
#define MWT_ROW_FC(kind, sym, code, name, imm, t1, t2, tr, impl) \
    { name, 0xFC, MWT_IMM_##imm, MWT_AL_##kind(t2), code },
#define MWT_ROW_FD(kind, sym, code, name, imm, t1, t2, tr, impl) \
    { name, 0xFD, MWT_IMM_##imm, MWT_AL_##kind(t2), code },
#define MWT_ROW_FE(kind, sym, code, name, imm, t1, t2, tr, impl) \
    { name, 0xFE, MWT_IMM_##imm, MWT_AL_##kind(t2), code },

static const mwt_op mwt_optab[] = {
    MW_OPCODES(MWT_ROW_0)
    MW_OPCODES_FC(MWT_ROW_FC)
    MW_OPCODES_FD(MWT_ROW_FD)
    MWT_OPCODES3(MWT_ROW_0)
    MWT_OPCODES3_FB(MWT_ROW_FB)
    MWT_OPCODES3_FC(MWT_ROW_FC)
    MWT_OPCODES3_FD(MWT_ROW_FD)
    MWT_OPCODES3_FE(MWT_ROW_FE)
};

/* The name map lives in the document: built once, shared by all its modules. */
mw_result mwt_ops_init(mwt_enc *E)
{
    E->ops = mwt_optab;
    E->nops = (uint32_t)(sizeof mwt_optab / sizeof mwt_optab[0]);
    mwt_doc *d = E->d;
    if (d->opmap != NULL) {
        E->opmap = d->opmap;
        return MW_OK;
    }
    mwt_map *m = d->alloc(d->ud, NULL, 0, sizeof(mwt_map));
    if (m == NULL)
        return mwt_nomem(E->err);
    memset(m, 0, sizeof *m);
    for (uint32_t i = 0; i < E->nops; i++) {
        const char *nm = mwt_optab[i].name;
        uint32_t n = (uint32_t)mwE_strlen(nm), old;
        if (mwt_map_get(m, nm, n, &old))
            continue;   /* "select" twice: the untyped row comes first */
        if (!mwt_map_put(m, E->alloc, E->ud, nm, n, i)) {
            mwt_map_free(m, d->alloc, d->ud);
            d->alloc(d->ud, m, sizeof(mwt_map), 0);
            return mwt_nomem(E->err);
        }
    }
    d->opmap = m;
    E->opmap = m;
    return MW_OK;
}

/* ---------------------------------------------------------------- labels */

mw_result mwt_label_push(mwt_enc *E, const mwt_sx *id, uint8_t kind)
{
    if (E->nlabels >= MWT_MAX_LABELS)
        return mwt_failat(E->err, id, "too many nested blocks (more than %u)", MWT_MAX_LABELS);
    if (E->nlabels == E->caplabels) {
        uint32_t ncap = E->caplabels ? E->caplabels * 2 : 16;
        void *p = E->alloc(E->ud, E->labels, E->caplabels * sizeof(mwt_label),
                           ncap * sizeof(mwt_label));
        if (p == NULL)
            return mwt_nomem(E->err);
        E->labels = p;
        E->caplabels = ncap;
    }
    mwt_label *l = &E->labels[E->nlabels++];
    l->id = id ? id->text : NULL;
    l->idlen = id ? (uint32_t)id->len : 0;
    l->kind = kind;
    return MW_OK;
}

static mw_result mwt_label_ref(mwt_enc *E, const mwt_sx *x, uint32_t *out)
{
    if (mwt_is_id(x)) {
        for (uint32_t k = E->nlabels; k-- > 0;) {
            const mwt_label *l = &E->labels[k];
            if (l->id != NULL && l->idlen == x->len && mwi_bytes_eq(l->id, x->text, x->len)) {
                *out = E->nlabels - 1 - k;
                return MW_OK;
            }
        }
        return mwt_failat(E->err, x, "unknown label %.*s", (int)x->len, x->text);
    }
    if (!mwt_is_num(x))
        return mwt_failat(E->err, x, "unexpected token, expected a label");
    return mwt_num_u32(x, out, E->err);
}

/* "end $l" / "else $l": the identifier must repeat the block's label. */
static mw_result mwt_label_match(mwt_enc *E, mwt_cur *c)
{
    const mwt_sx *x = MWT_PEEK(c);
    if (!mwt_is_id(x))
        return MW_OK;
    c->i++;
    const mwt_label *l = &E->labels[E->nlabels - 1];
    if (l->id == NULL || l->idlen != x->len || !mwi_bytes_eq(l->id, x->text, x->len))
        return mwt_failat(E->err, x, "mismatching label %.*s", (int)x->len, x->text);
    return MW_OK;
}

/* ---------------------------------------------------------------- immediates */

static mw_result mwt_idx_imm(mwt_enc *E, mwt_cur *c, int space, mwt_buf *o, const mwt_sx *at)
{
    const mwt_sx *x = MWT_PEEK(c);
    if (!mwt_is_index(x))
        return mwt_failat(E->err, x ? x : at, "unexpected token, expected an index");
    uint32_t v;
    mw_result r = mwt_index(E, x, space, &v);
    c->i++;
    mwt_u32(o, v);
    return r;
}

/* An optional index (memory.size $m, table.get $t): 0 when absent. */
static mw_result mwt_opt_idx(mwt_enc *E, mwt_cur *c, int space, uint32_t *v)
{
    *v = 0;
    const mwt_sx *x = MWT_PEEK(c);
    if (!mwt_is_index(x))
        return MW_OK;
    c->i++;
    return mwt_index(E, x, space, v);
}

static bool mwt_prefix(const mwt_sx *x, const char *p, size_t n)
{
    return x != NULL && x->kind == MWT_ATOM && x->len > n && mwi_bytes_eq(x->text, p, n);
}

static mw_result mwt_memarg(mwt_enc *E, mwt_cur *c, unsigned natural, bool lane, mwt_buf *o)
{
    uint32_t mem = 0;
    mw_result r;
    const mwt_sx *x = MWT_PEEK(c);
    bool has_mem = mwt_is_id(x);
    if (!has_mem && mwt_is_num(x)) {
        if (!lane) {
            has_mem = true;
        } else {   /* two numbers: memory index, then lane */
            uint32_t j = c->i + 1;
            while (j < c->n && (mwt_prefix(c->it[j], "offset=", 7) || mwt_prefix(c->it[j], "align=", 6)))
                j++;
            has_mem = j < c->n && mwt_is_num(c->it[j]);
        }
    }
    if (has_mem) {
        c->i++;
        if ((r = mwt_index(E, x, MWT_SP_MEM, &mem)) != MW_OK)
            return r;
    }
    uint64_t offset = 0, align = natural;
    x = MWT_PEEK(c);
    if (mwt_prefix(x, "offset=", 7)) {
        mwt_sx num = *x;
        num.text += 7;
        num.len -= 7;
        if ((r = mwt_num_u64(&num, &offset, E->err)) != MW_OK)
            return r;
        c->i++;
        x = MWT_PEEK(c);
    }
    if (mwt_prefix(x, "align=", 6)) {
        mwt_sx num = *x;
        num.text += 6;
        num.len -= 6;
        if ((r = mwt_num_u64(&num, &align, E->err)) != MW_OK)
            return r;
        if (align == 0 || (align & (align - 1)) != 0)
            return mwt_failat(E->err, x, "alignment must be a power of two");
        c->i++;
    }
    uint32_t log = 0;
    while (((uint64_t)1 << log) < align)
        log++;
    mwt_u32(o, log | (mem != 0 ? 0x40u : 0));
    if (mem != 0)
        mwt_u32(o, mem);
    mwt_u64(o, offset);
    return MW_OK;
}

static mw_result mwt_lane(mwt_enc *E, mwt_cur *c, const mwt_sx *at, mwt_buf *o)
{
    const mwt_sx *x = MWT_PEEK(c);
    if (!mwt_is_num(x))
        return mwt_failat(E->err, x ? x : at, "unexpected token, expected a lane index");
    uint32_t v;
    mw_result r = mwt_num_u32(x, &v, E->err);
    if (r != MW_OK)
        return r;
    if (v > 255)
        return mwt_failat(E->err, x, "malformed lane index");
    c->i++;
    mwt_byte(o, (uint8_t)v);
    return MW_OK;
}

static bool mwt_numlike(const mwt_sx *x)
{
    if (x == NULL || x->kind != MWT_ATOM || x->len == 0)
        return false;
    char ch = x->text[0];
    return (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || mwt_prefix(x, "nan", 2) ||
           mwt_prefix(x, "inf", 2);
}

static mw_result mwt_v128(mwt_enc *E, mwt_cur *c, const mwt_sx *at, mwt_buf *o)
{
    const mwt_sx *shape = MWT_PEEK(c);
    unsigned lanes, bits;
    bool fl = false;
    if (mwt_is(shape, "i8x16")) { lanes = 16; bits = 8; }
    else if (mwt_is(shape, "i16x8")) { lanes = 8; bits = 16; }
    else if (mwt_is(shape, "i32x4")) { lanes = 4; bits = 32; }
    else if (mwt_is(shape, "i64x2")) { lanes = 2; bits = 64; }
    else if (mwt_is(shape, "f32x4")) { lanes = 4; bits = 32; fl = true; }
    else if (mwt_is(shape, "f64x2")) { lanes = 2; bits = 64; fl = true; }
    else return mwt_failat(E->err, shape ? shape : at, "unexpected token, expected a vector shape");
    c->i++;
    for (unsigned k = 0; k < lanes; k++) {
        const mwt_sx *x = MWT_PEEK(c);
        if (!mwt_numlike(x))
            return mwt_failat(E->err, x ? x : at, "wrong number of lane literals");
        uint64_t v = 0;
        uint32_t v32 = 0;
        mw_result r;
        if (fl && bits == 32) {
            r = mwt_parse_f32(x, &v32, E->err);
            v = v32;
        } else if (fl) {
            r = mwt_parse_f64(x, &v, E->err);
        } else {
            r = mwt_parse_int(x, bits, &v, E->err);
        }
        if (r != MW_OK)
            return r;
        c->i++;
        for (unsigned b = 0; b < bits / 8; b++)
            mwt_byte(o, (uint8_t)(v >> (8 * b)));
    }
    return MW_OK;
}

/* select (result t)*: the typed form when a result is given. *code_adj 1 = 0x1C. */
static mw_result mwt_select(mwt_enc *E, mwt_cur *c, mwt_buf *o, uint32_t *adj)
{
    mwt_buf tmp;
    mwt_buf_init(&tmp, E->alloc, E->ud);
    uint32_t n = 0;
    bool typed = false;
    mw_result r = MW_OK;
    while (mwt_head(MWT_PEEK(c), "result")) {
        const mwt_sx *x = c->it[c->i++];
        typed = true;
        for (uint32_t k = 1; k < x->n && r == MW_OK; k++, n++)
            r = mwt_valtype(E, x->items[k], &tmp);
    }
    if (r == MW_OK && typed) {
        *adj = 1;
        mwt_u32(o, n);
        mwt_bytes(o, tmp.p, tmp.len);
    }
    mwt_buf_free(&tmp);
    return r;
}

static mw_result mwt_brcast(mwt_enc *E, mwt_cur *c, const mwt_sx *at, mwt_buf *o)
{
    const mwt_sx *l = MWT_PEEK(c);
    uint32_t lab;
    mw_result r = mwt_label_ref(E, l ? l : at, &lab);
    if (r != MW_OK)
        return r;
    c->i++;
    const mwt_sx *t1 = MWT_PEEK(c);
    const mwt_sx *t2 = c->i + 1 < c->n ? c->it[c->i + 1] : NULL;
    if (t1 == NULL || t2 == NULL)
        return mwt_failat(E->err, at, "unexpected token, expected two reference types");
    mwt_buf h1, h2, dummy;
    mwt_buf_init(&h1, E->alloc, E->ud);
    mwt_buf_init(&h2, E->alloc, E->ud);
    mwt_buf_init(&dummy, E->alloc, E->ud);
    bool n1 = false, n2 = false;
    r = mwt_reftype(E, t1, &dummy, &n1, &h1);
    if (r == MW_OK)
        r = mwt_reftype(E, t2, &dummy, &n2, &h2);
    if (r == MW_OK) {
        c->i += 2;
        mwt_byte(o, (uint8_t)((n1 ? 1 : 0) | (n2 ? 2 : 0)));
        mwt_u32(o, lab);
        mwt_bytes(o, h1.p, h1.len);
        mwt_bytes(o, h2.p, h2.len);
    }
    mwt_buf_free(&h1);
    mwt_buf_free(&h2);
    mwt_buf_free(&dummy);
    return r;
}

/* Immediates of a non-block instruction, written to o. *adj is added to the opcode.
 * One case per immediate kind of the tables, hence the length. */
static mw_result mwt_imm(mwt_enc *E, const mwt_op *op, mwt_cur *c, const mwt_sx *at,
                         mwt_buf *o, uint32_t *adj)
{
    mw_result r = MW_OK;
    uint32_t a, b;
    uint64_t v;
    const mwt_sx *x;
    *adj = 0;
    switch (op->imm) {
    case MWT_IMM_NONE:
        if (op->prefix == 0 && op->code == 0x1B)
            return mwt_select(E, c, o, adj);
        return MW_OK;
    case MWT_IMM_LABEL:
        x = MWT_PEEK(c);
        if ((r = mwt_label_ref(E, x ? x : at, &a)) == MW_OK) {
            c->i++;
            mwt_u32(o, a);
        }
        return r;
    case MWT_IMM_FUNC: return mwt_idx_imm(E, c, MWT_SP_FUNC, o, at);
    case MWT_IMM_GLOBAL: return mwt_idx_imm(E, c, MWT_SP_GLOBAL, o, at);
    case MWT_IMM_TAG: return mwt_idx_imm(E, c, MWT_SP_TAG, o, at);
    case MWT_IMM_TYPE: return mwt_idx_imm(E, c, MWT_SP_TYPE, o, at);
    case MWT_IMM_DATA:
        E->uses_data_idx = true;
        return mwt_idx_imm(E, c, MWT_SP_DATA, o, at);
    case MWT_IMM_ELEM: return mwt_idx_imm(E, c, MWT_SP_ELEM, o, at);
    case MWT_IMM_LOCAL:
        x = MWT_PEEK(c);
        if (mwt_is_id(x)) {
            if (!mwt_map_get(&E->locals, x->text, (uint32_t)x->len, &a))
                return mwt_failat(E->err, x, "unknown local %.*s", (int)x->len, x->text);
        } else if (mwt_is_num(x)) {
            if ((r = mwt_num_u32(x, &a, E->err)) != MW_OK)
                return r;
        } else {
            return mwt_failat(E->err, x ? x : at, "unexpected token, expected a local index");
        }
        c->i++;
        mwt_u32(o, a);
        return MW_OK;
    case MWT_IMM_TABLE:
    case MWT_IMM_MEM0:
        if ((r = mwt_opt_idx(E, c, op->imm == MWT_IMM_TABLE ? MWT_SP_TABLE : MWT_SP_MEM, &a)) == MW_OK)
            mwt_u32(o, a);
        return r;
    case MWT_IMM_MEM0_MEM0:
    case MWT_IMM_TABLE_TABLE: {
        int sp = op->imm == MWT_IMM_TABLE_TABLE ? MWT_SP_TABLE : MWT_SP_MEM;
        if ((r = mwt_opt_idx(E, c, sp, &a)) != MW_OK)
            return r;
        b = a;
        if (mwt_is_index(MWT_PEEK(c)) && (r = mwt_opt_idx(E, c, sp, &b)) != MW_OK)
            return r;
        mwt_u32(o, a);
        mwt_u32(o, b);
        return MW_OK;
    }
    case MWT_IMM_DATA_MEM0:
    case MWT_IMM_ELEM_TABLE: {
        bool data = op->imm == MWT_IMM_DATA_MEM0;
        int sp1 = data ? MWT_SP_MEM : MWT_SP_TABLE, sp2 = data ? MWT_SP_DATA : MWT_SP_ELEM;
        a = 0;
        if (mwt_is_index(MWT_PEEK(c)) && c->i + 1 < c->n && mwt_is_index(c->it[c->i + 1])) {
            if ((r = mwt_index(E, c->it[c->i], sp1, &a)) != MW_OK)
                return r;
            c->i++;
        }
        if (data)
            E->uses_data_idx = true;
        if ((r = mwt_idx_imm(E, c, sp2, o, at)) != MW_OK)
            return r;
        mwt_u32(o, a);
        return MW_OK;
    }
    case MWT_IMM_BRTABLE: {
        uint32_t first = c->i;
        while (mwt_is_index(MWT_PEEK(c)))
            c->i++;
        if (c->i == first)
            return mwt_failat(E->err, at, "unexpected token, br_table needs a label");
        mwt_u32(o, c->i - first - 1);
        for (uint32_t k = first; k < c->i; k++) {
            if ((r = mwt_label_ref(E, c->it[k], &a)) != MW_OK)
                return r;
            mwt_u32(o, a);
        }
        return MW_OK;
    }
    case MWT_IMM_CALLIND:
        if ((r = mwt_opt_idx(E, c, MWT_SP_TABLE, &b)) != MW_OK)
            return r;
        if ((r = mwt_typeuse(E, c, &a, MWT_TU_NONAMES)) != MW_OK)
            return r;
        mwt_u32(o, a);
        mwt_u32(o, b);
        return MW_OK;
    case MWT_IMM_MEMARG:
    case MWT_IMM_MEMARG_LANE:
        if ((r = mwt_memarg(E, c, op->align, op->imm == MWT_IMM_MEMARG_LANE, o)) != MW_OK)
            return r;
        return op->imm == MWT_IMM_MEMARG_LANE ? mwt_lane(E, c, at, o) : MW_OK;
    case MWT_IMM_CI32:
    case MWT_IMM_CI64:
        x = MWT_PEEK(c);
        if ((r = mwt_parse_int(x ? x : at, op->imm == MWT_IMM_CI32 ? 32 : 64, &v, E->err)) != MW_OK)
            return r;
        c->i++;
        mwt_s64(o, op->imm == MWT_IMM_CI32 ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v);
        return MW_OK;
    case MWT_IMM_CF32: {
        uint32_t f;
        x = MWT_PEEK(c);
        if ((r = mwt_parse_f32(x ? x : at, &f, E->err)) != MW_OK)
            return r;
        c->i++;
        for (int k = 0; k < 4; k++)
            mwt_byte(o, (uint8_t)(f >> (8 * k)));
        return MW_OK;
    }
    case MWT_IMM_CF64:
        x = MWT_PEEK(c);
        if ((r = mwt_parse_f64(x ? x : at, &v, E->err)) != MW_OK)
            return r;
        c->i++;
        for (int k = 0; k < 8; k++)
            mwt_byte(o, (uint8_t)(v >> (8 * k)));
        return MW_OK;
    case MWT_IMM_REFTYPE:
    case MWT_IMM_HEAPTYPE:
        x = MWT_PEEK(c);
        if ((r = mwt_heaptype(E, x ? x : at, o)) == MW_OK)
            c->i++;
        return r;
    case MWT_IMM_V128: return mwt_v128(E, c, at, o);
    case MWT_IMM_LANE: return mwt_lane(E, c, at, o);
    case MWT_IMM_SHUFFLE:
        for (int k = 0; k < 16; k++) {
            if (!mwt_numlike(MWT_PEEK(c)))
                return mwt_failat(E->err, MWT_PEEK(c) ? MWT_PEEK(c) : at, "invalid lane length");
            if ((r = mwt_lane(E, c, at, o)) != MW_OK)
                return r;
        }
        return MW_OK;
    case MWT_IMM_TYPE_FIELD:
    case MWT_IMM_TYPE_U32:
    case MWT_IMM_TYPE_DATA:
    case MWT_IMM_TYPE_ELEM:
    case MWT_IMM_TYPE_TYPE:
        x = MWT_PEEK(c);
        if ((r = mwt_index(E, x ? x : at, MWT_SP_TYPE, &a)) != MW_OK)
            return r;
        c->i++;
        mwt_u32(o, a);
        x = MWT_PEEK(c);
        if (op->imm == MWT_IMM_TYPE_FIELD) {
            if ((r = mwt_field_index(E, a, x ? x : at, &b)) != MW_OK)
                return r;
            c->i++;
            mwt_u32(o, b);
            return MW_OK;
        }
        if (op->imm == MWT_IMM_TYPE_U32) {
            if ((r = mwt_num_u32(x ? x : at, &b, E->err)) != MW_OK)
                return r;
            c->i++;
            mwt_u32(o, b);
            return MW_OK;
        }
        if (op->imm == MWT_IMM_TYPE_DATA)
            E->uses_data_idx = true;
        return mwt_idx_imm(E, c, op->imm == MWT_IMM_TYPE_DATA ? MWT_SP_DATA :
                           op->imm == MWT_IMM_TYPE_ELEM ? MWT_SP_ELEM : MWT_SP_TYPE, o, at);
    case MWT_IMM_REFTEST: {
        bool nullable = false;
        mwt_buf dummy;
        mwt_buf_init(&dummy, E->alloc, E->ud);
        x = MWT_PEEK(c);
        r = mwt_reftype(E, x ? x : at, &dummy, &nullable, o);
        mwt_buf_free(&dummy);
        if (r == MW_OK) {
            c->i++;
            *adj = nullable ? 1 : 0;
        }
        return r;
    }
    case MWT_IMM_BRCAST: return mwt_brcast(E, c, at, o);
    case MWT_IMM_ZERO:
        mwt_byte(o, 0);
        return MW_OK;
    default:
        return mwt_failat(E->err, at, "unexpected token: no immediates rule");
    }
}

static void mwt_opcode(mwt_buf *o, const mwt_op *op, uint32_t adj)
{
    if (op->prefix == 0) {
        mwt_byte(o, (uint8_t)(op->code + adj));
    } else {
        mwt_byte(o, op->prefix);
        mwt_u32(o, op->code + adj);
    }
}

static const mwt_op *mwt_lookup(mwt_enc *E, const mwt_sx *x)
{
    uint32_t i;
    if (x->kind != MWT_ATOM || !mwt_map_get(E->opmap, x->text, (uint32_t)x->len, &i))
        return NULL;
    return &E->ops[i];
}

/* ---------------------------------------------------------------- blocks */

/* label? blocktype, after the block keyword; pushes the label. */
static mw_result mwt_block_head(mwt_enc *E, mwt_cur *c, uint8_t opcode, uint8_t kind, mwt_buf *o)
{
    const mwt_sx *id = NULL;
    if (mwt_is_id(MWT_PEEK(c)))
        id = c->it[c->i++];
    mwt_byte(o, opcode);
    mw_result r = mwt_blocktype(E, c, o);
    if (r != MW_OK)
        return r;
    if (opcode == 0x1F) {   /* try_table: catch clauses, labels outside the block */
        mwt_buf tmp;
        mwt_buf_init(&tmp, E->alloc, E->ud);
        uint32_t n = 0;
        const mwt_sx *x;
        while (r == MW_OK && (x = MWT_PEEK(c)) != NULL && x->kind == MWT_LIST && x->n > 0 &&
               (mwt_is(x->items[0], "catch") || mwt_is(x->items[0], "catch_ref") ||
                mwt_is(x->items[0], "catch_all") || mwt_is(x->items[0], "catch_all_ref"))) {
            bool all = mwt_is(x->items[0], "catch_all") || mwt_is(x->items[0], "catch_all_ref");
            bool ref = mwt_is(x->items[0], "catch_ref") || mwt_is(x->items[0], "catch_all_ref");
            if (x->n != (all ? 2u : 3u)) {
                r = mwt_failat(E->err, x, "unexpected token in catch clause");
                break;
            }
            mwt_byte(&tmp, (uint8_t)((all ? 2 : 0) + (ref ? 1 : 0)));
            uint32_t v;
            if (!all) {
                if ((r = mwt_index(E, x->items[1], MWT_SP_TAG, &v)) != MW_OK)
                    break;
                mwt_u32(&tmp, v);
            }
            if ((r = mwt_label_ref(E, x->items[x->n - 1], &v)) != MW_OK)
                break;
            mwt_u32(&tmp, v);
            n++;
            c->i++;
        }
        if (r == MW_OK) {
            mwt_u32(o, n);
            mwt_bytes(o, tmp.p, tmp.len);
        }
        mwt_buf_free(&tmp);
        if (r != MW_OK)
            return r;
    }
    return mwt_label_push(E, id, kind);
}

static mw_result mwt_folded(mwt_enc *E, const mwt_sx *x, mwt_buf *o);

/* A sequence of folded instructions up to a list headed by stop (or the end). */
static mw_result mwt_folded_seq(mwt_enc *E, mwt_cur *c, const char *stop, mwt_buf *o)
{
    const mwt_sx *x;
    while ((x = MWT_PEEK(c)) != NULL && !(stop && mwt_head(x, stop))) {
        if (x->kind != MWT_LIST)
            return mwt_failat(E->err, x, "unexpected token, expected a folded instruction");
        mw_result r = mwt_folded(E, x, o);
        if (r != MW_OK)
            return r;
        c->i++;
    }
    return MW_OK;
}

static mw_result mwt_body(mwt_enc *E, const mwt_sx *list, uint32_t from, mwt_buf *o)
{
    mwt_cur c = { list->items, from, list->n, list };
    return mwt_instrs(E, &c, o);
}

static mw_result mwt_folded_block(mwt_enc *E, const mwt_sx *x, mwt_buf *o)
{
    mwt_cur c = { x->items, 1, x->n, x };
    const mwt_sx *kw = x->items[0];
    mw_result r;
    if (mwt_is(kw, "block") || mwt_is(kw, "loop") || mwt_is(kw, "try_table")) {
        uint8_t opc = mwt_is(kw, "block") ? 0x02 : mwt_is(kw, "loop") ? 0x03 : 0x1F;
        if ((r = mwt_block_head(E, &c, opc, MWT_L_BLOCK, o)) != MW_OK)
            return r;
        if ((r = mwt_instrs(E, &c, o)) != MW_OK)
            return r;
        mwt_byte(o, 0x0B);
        E->nlabels--;
        return MW_OK;
    }
    if (mwt_is(kw, "if")) {
        mwt_buf head;
        mwt_buf_init(&head, E->alloc, E->ud);
        r = mwt_block_head(E, &c, 0x04, MWT_L_IF, &head);
        if (r != MW_OK) {
            mwt_buf_free(&head);
            return r;
        }
        /* The condition's instructions come before the if, outside its label. */
        mwt_label saved = E->labels[--E->nlabels];
        r = mwt_folded_seq(E, &c, "then", o);
        if (r == MW_OK)
            r = mwt_label_push(E, NULL, MWT_L_IF);
        if (r == MW_OK)
            E->labels[E->nlabels - 1] = saved;
        mwt_bytes(o, head.p, head.len);
        mwt_buf_free(&head);
        if (r != MW_OK)
            return r;
        const mwt_sx *t = MWT_PEEK(&c);
        if (!mwt_head(t, "then"))
            return mwt_failat(E->err, t ? t : x, "unexpected token, expected (then ...)");
        c.i++;
        if ((r = mwt_body(E, t, 1, o)) != MW_OK)
            return r;
        const mwt_sx *e = MWT_PEEK(&c);
        if (mwt_head(e, "else")) {
            c.i++;
            if (e->n > 1)   /* an empty else is left out, as the reference encoder does */
                mwt_byte(o, 0x05);
            if ((r = mwt_body(E, e, 1, o)) != MW_OK)
                return r;
        }
        if (c.i < c.n)
            return mwt_failat(E->err, c.it[c.i], "unexpected token after (then) / (else)");
        mwt_byte(o, 0x0B);
        E->nlabels--;
        return MW_OK;
    }
    /* legacy (try label? bt (do ...) (catch $t ...)* (catch_all ...)? | (delegate l)) */
    if ((r = mwt_block_head(E, &c, 0x06, MWT_L_TRY, o)) != MW_OK)
        return r;
    const mwt_sx *d = MWT_PEEK(&c);
    if (!mwt_head(d, "do"))
        return mwt_failat(E->err, d ? d : x, "unexpected token, expected (do ...)");
    c.i++;
    if ((r = mwt_body(E, d, 1, o)) != MW_OK)
        return r;
    const mwt_sx *h;
    while ((h = MWT_PEEK(&c)) != NULL) {
        c.i++;
        if (mwt_head(h, "catch")) {
            if (h->n < 2)
                return mwt_failat(E->err, h, "unexpected token, expected a tag");
            mwt_byte(o, 0x07);
            uint32_t t;
            if ((r = mwt_index(E, h->items[1], MWT_SP_TAG, &t)) != MW_OK)
                return r;
            mwt_u32(o, t);
            if ((r = mwt_body(E, h, 2, o)) != MW_OK)
                return r;
        } else if (mwt_head(h, "catch_all")) {
            mwt_byte(o, 0x19);
            if ((r = mwt_body(E, h, 1, o)) != MW_OK)
                return r;
        } else if (mwt_head(h, "delegate") && h->n == 2 && c.i == c.n) {
            E->nlabels--;
            uint32_t l;
            if ((r = mwt_label_ref(E, h->items[1], &l)) != MW_OK)
                return r;
            mwt_byte(o, 0x18);
            mwt_u32(o, l);
            return MW_OK;
        } else {
            return mwt_failat(E->err, h, "unexpected token in try");
        }
    }
    mwt_byte(o, 0x0B);
    E->nlabels--;
    return MW_OK;
}

static mw_result mwt_scratch(mwt_enc *E, mwt_buf **out)
{
    if (E->depth >= E->nscratch) {
        uint32_t ncap = E->nscratch ? E->nscratch * 2 : 16;
        while (ncap <= E->depth)
            ncap *= 2;
        mwt_buf *p = E->alloc(E->ud, E->scratch, E->nscratch * sizeof(mwt_buf), ncap * sizeof(mwt_buf));
        if (p == NULL)
            return mwt_nomem(E->err);
        for (uint32_t i = E->nscratch; i < ncap; i++)
            mwt_buf_init(&p[i], E->alloc, E->ud);
        E->scratch = p;
        E->nscratch = ncap;
    }
    *out = &E->scratch[E->depth];
    (*out)->len = 0;
    return MW_OK;
}

static mw_result mwt_folded(mwt_enc *E, const mwt_sx *x, mwt_buf *o)
{
    if (x->n == 0 || x->items[0]->kind != MWT_ATOM)
        return mwt_failat(E->err, x, "unexpected token, expected an instruction");
    const mwt_sx *kw = x->items[0];
    if (E->depth >= MWT_MAX_DEPTH + 8)
        return mwt_failat(E->err, x, "nesting too deep");
    E->depth++;
    mw_result r;
    if (mwt_is(kw, "block") || mwt_is(kw, "loop") || mwt_is(kw, "if") || mwt_is(kw, "try_table") ||
        mwt_is(kw, "try")) {
        r = mwt_folded_block(E, x, o);
        E->depth--;
        return r;
    }
    const mwt_op *op = mwt_lookup(E, kw);
    if (op == NULL || op->imm == MWT_IMM_BLOCKTYPE || op->imm == MWT_IMM_TRYTABLE ||
        mwt_is(kw, "else") || mwt_is(kw, "end") || mwt_is(kw, "catch") ||
        mwt_is(kw, "catch_all") || mwt_is(kw, "delegate")) {
        E->depth--;
        return mwt_failat(E->err, kw, "unknown operator %.*s", (int)kw->len, kw->text);
    }
    mwt_buf *imm = NULL;
    if ((r = mwt_scratch(E, &imm)) != MW_OK) {
        E->depth--;
        return r;
    }
    mwt_cur c = { x->items, 1, x->n, x };
    uint32_t adj;
    r = mwt_imm(E, op, &c, kw, imm, &adj);
    if (r == MW_OK && imm->oom)
        r = mwt_nomem(E->err);
    if (r == MW_OK)
        r = mwt_folded_seq(E, &c, NULL, o);
    if (r == MW_OK) {
        imm = &E->scratch[E->depth];   /* the array may have moved */
        mwt_opcode(o, op, adj);
        mwt_bytes(o, imm->p, imm->len);
    }
    E->depth--;
    return r;
}

/* ---------------------------------------------------------------- sequences */

static mw_result mwt_flat_ctrl(mwt_enc *E, mwt_cur *c, const mwt_sx *kw, uint32_t base,
                               mwt_buf *o, bool *handled)
{
    *handled = true;
    mw_result r;
    if (mwt_is(kw, "block")) return mwt_block_head(E, c, 0x02, MWT_L_BLOCK, o);
    if (mwt_is(kw, "loop")) return mwt_block_head(E, c, 0x03, MWT_L_BLOCK, o);
    if (mwt_is(kw, "if")) return mwt_block_head(E, c, 0x04, MWT_L_IF, o);
    if (mwt_is(kw, "try_table")) return mwt_block_head(E, c, 0x1F, MWT_L_BLOCK, o);
    if (mwt_is(kw, "try")) return mwt_block_head(E, c, 0x06, MWT_L_TRY, o);
    mwt_label *top = E->nlabels > base ? &E->labels[E->nlabels - 1] : NULL;
    if (mwt_is(kw, "end")) {
        if (top == NULL)
            return mwt_failat(E->err, kw, "unexpected token end");
        if ((r = mwt_label_match(E, c)) != MW_OK)
            return r;
        if (top->kind == MWT_L_ELSE && !o->oom && o->len == top->else_at + 1)
            o->len--;   /* an empty else is left out */
        mwt_byte(o, 0x0B);
        E->nlabels--;
        return MW_OK;
    }
    if (mwt_is(kw, "else")) {
        if (top == NULL || top->kind != MWT_L_IF)
            return mwt_failat(E->err, kw, "unexpected token else");
        if ((r = mwt_label_match(E, c)) != MW_OK)
            return r;
        top->kind = MWT_L_ELSE;
        top->else_at = o->len;
        mwt_byte(o, 0x05);
        return MW_OK;
    }
    if (mwt_is(kw, "catch") || mwt_is(kw, "catch_all")) {
        if (top == NULL || (top->kind != MWT_L_TRY && top->kind != MWT_L_CATCH))
            return mwt_failat(E->err, kw, "unexpected token %.*s", (int)kw->len, kw->text);
        top->kind = MWT_L_CATCH;
        if (mwt_is(kw, "catch_all")) {
            mwt_byte(o, 0x19);
            return MW_OK;
        }
        mwt_byte(o, 0x07);
        return mwt_idx_imm(E, c, MWT_SP_TAG, o, kw);
    }
    if (mwt_is(kw, "delegate")) {
        if (top == NULL || top->kind != MWT_L_TRY)
            return mwt_failat(E->err, kw, "unexpected token delegate");
        E->nlabels--;
        const mwt_sx *x = MWT_PEEK(c);
        uint32_t l;
        if ((r = mwt_label_ref(E, x ? x : kw, &l)) != MW_OK)
            return r;
        c->i++;
        mwt_byte(o, 0x18);
        mwt_u32(o, l);
        return MW_OK;
    }
    *handled = false;
    return MW_OK;
}

mw_result mwt_instrs(mwt_enc *E, mwt_cur *c, mwt_buf *o)
{
    uint32_t base = E->nlabels;
    mw_result r;
    while (c->i < c->n) {
        const mwt_sx *x = c->it[c->i];
        if (x->kind == MWT_LIST) {
            if ((r = mwt_folded(E, x, o)) != MW_OK)
                return r;
            c->i++;
            continue;
        }
        if (x->kind != MWT_ATOM)
            return mwt_failat(E->err, x, "unexpected token, expected an instruction");
        c->i++;
        bool handled;
        if ((r = mwt_flat_ctrl(E, c, x, base, o, &handled)) != MW_OK)
            return r;
        if (handled)
            continue;
        const mwt_op *op = mwt_lookup(E, x);
        if (op == NULL || op->imm == MWT_IMM_BLOCKTYPE || op->imm == MWT_IMM_TRYTABLE)
            return mwt_failat(E->err, x, "unknown operator %.*s", (int)x->len, x->text);
        size_t at = o->len;
        mwt_opcode(o, op, 0);
        uint32_t adj;
        if ((r = mwt_imm(E, op, c, x, o, &adj)) != MW_OK)
            return r;
        if (adj != 0 && !o->oom) {
            /* The opcode depends on the immediates (typed select, ref.test null). */
            if (op->prefix == 0)
                o->p[at] = (uint8_t)(op->code + adj);
            else
                o->p[at + 1] = (uint8_t)(o->p[at + 1] + adj);   /* codes below 0x7F */
        }
    }
    if (E->nlabels > base) {
        const mwt_sx *end = c->list;
        return mwt_failat(E->err, end, "unexpected end of block: missing 'end'");
    }
    if (o->oom)
        return mwt_nomem(E->err);
    return MW_OK;
}

mw_result mwt_expr(mwt_enc *E, mwt_cur *c, mwt_buf *o)
{
    mw_result r = mwt_instrs(E, c, o);
    mwt_byte(o, 0x0B);
    return r;
}
