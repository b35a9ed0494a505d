/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * enc.h — the module encoder's state, shared by wat_mod.c (fields and sections), wat_types.c
 * (types, type uses) and wat_instr.c (instructions).
 */
#ifndef MWT_ENC_H
#define MWT_ENC_H

#include "wat.h"

/* Index spaces. */
enum { MWT_SP_TYPE, MWT_SP_FUNC, MWT_SP_TABLE, MWT_SP_MEM, MWT_SP_GLOBAL, MWT_SP_TAG,
       MWT_SP_ELEM, MWT_SP_DATA, MWT_SP_N };

typedef struct mwt_space {
    mwt_map ids;
    uint32_t count;
} mwt_space;

/* A defined type, as far as the text needs it. */
typedef struct mwt_tdef {
    const mwt_sx *comp;       /* (func ...), (struct ...) or (array ...) */
    const uint8_t *sig;       /* func: signature key (arena), else NULL */
    size_t siglen;
    uint32_t nparams;
    bool plain;               /* final, no supertypes, alone in its group */
} mwt_tdef;

enum { MWT_L_BLOCK, MWT_L_IF, MWT_L_ELSE, MWT_L_TRY, MWT_L_CATCH, MWT_L_FUNC };
typedef struct mwt_label { const char *id; uint32_t idlen; uint8_t kind; size_t else_at; } mwt_label;

/* Instructions: one table built from src/opcodes.h and wat/opcodes3.h. */
typedef struct mwt_op {
    const char *name;
    uint8_t prefix;    /* 0, or 0xFB 0xFC 0xFD 0xFE */
    uint8_t imm;       /* MWT_IMM_* */
    uint8_t align;     /* natural alignment in bytes, for memargs */
    uint32_t code;
} mwt_op;

/* Sections in binary order (custom sections placed between them). */
enum { MWT_S_TYPE, MWT_S_IMPORT, MWT_S_FUNC, MWT_S_TABLE, MWT_S_MEM, MWT_S_TAG, MWT_S_GLOBAL,
       MWT_S_EXPORT, MWT_S_START, MWT_S_ELEM, MWT_S_DATACOUNT, MWT_S_CODE, MWT_S_DATA, MWT_S_N };

typedef struct mwt_cur {
    mwt_sx *const *it;
    uint32_t i, n;
    const mwt_sx *list;   /* for error positions at the end */
} mwt_cur;

typedef struct mwt_enc {
    mwt_doc *d;
    mw_alloc_fn alloc;
    void *ud;
    mwt_error *err;
    mwt_space sp[MWT_SP_N];
    mwt_tdef *types;
    uint32_t ntypes, captypes;
    mwt_map sigs;           /* signature key -> first plain func type */
    mwt_buf sec[MWT_S_N];
    uint32_t cnt[MWT_S_N];
    bool has_start, uses_data_idx;
    /* Current function. */
    mwt_map locals;
    uint32_t nlocals;
    mwt_label *labels;
    uint32_t nlabels, caplabels;
    mwt_map *opmap;         /* instruction name -> mwt_op index (the doc's) */
    const mwt_op *ops;
    uint32_t nops;
    uint32_t depth;         /* folded-instruction recursion */
    mwt_buf *scratch;       /* immediates of folded instructions, one per depth */
    uint32_t nscratch;
} mwt_enc;

/* Immediate kinds: the src/opcodes.h names, then the ones the 3.0 instructions add. */
enum {
    MWT_IMM_NONE, MWT_IMM_BLOCKTYPE, MWT_IMM_LABEL, MWT_IMM_FUNC, MWT_IMM_LOCAL, MWT_IMM_GLOBAL,
    MWT_IMM_TABLE, MWT_IMM_DATA, MWT_IMM_ELEM, MWT_IMM_BRTABLE, MWT_IMM_CALLIND,
    MWT_IMM_VALTYPES, MWT_IMM_MEMARG, MWT_IMM_MEM0, MWT_IMM_MEM0_MEM0, MWT_IMM_CI32,
    MWT_IMM_CI64, MWT_IMM_CF32, MWT_IMM_CF64, MWT_IMM_REFTYPE, MWT_IMM_DATA_MEM0,
    MWT_IMM_ELEM_TABLE, MWT_IMM_TABLE_TABLE, MWT_IMM_MEMARG_LANE, MWT_IMM_V128, MWT_IMM_LANE,
    MWT_IMM_SHUFFLE,
    MWT_IMM_TAG, MWT_IMM_TYPE, MWT_IMM_TYPE_FIELD, MWT_IMM_TYPE_U32, MWT_IMM_TYPE_DATA,
    MWT_IMM_TYPE_ELEM, MWT_IMM_TYPE_TYPE, MWT_IMM_REFTEST, MWT_IMM_BRCAST, MWT_IMM_TRYTABLE,
    MWT_IMM_ZERO, MWT_IMM_HEAPTYPE
};

#define MWT_PEEK(c) ((c)->i < (c)->n ? (c)->it[(c)->i] : NULL)

/* An identifier ($name) token: every index space accepts one where it takes a number. */
static inline bool mwt_is_id(const mwt_sx *x)
{
    return x != NULL && x->kind == MWT_ATOM && x->len > 0 && x->text[0] == '$';
}

/* wat_mod.c: fields to a binary module (customs: those whose parent is parent). */
MW_HIDDEN mw_result mwt_encode_fields(mwt_doc *d, mwt_sx *const *fields, uint32_t n,
                                      const mwt_sx *parent, uint8_t **bin, size_t *len,
                                      mwt_error *err);

/* wat_types.c */
MW_HIDDEN mw_result mwt_valtype(mwt_enc *E, const mwt_sx *x, mwt_buf *o);
MW_HIDDEN mw_result mwt_heaptype(mwt_enc *E, const mwt_sx *x, mwt_buf *o);
MW_HIDDEN mw_result mwt_reftype(mwt_enc *E, const mwt_sx *x, mwt_buf *o, bool *nullable,
                                mwt_buf *heap);
MW_HIDDEN bool mwt_is_valtype(const mwt_sx *x);
MW_HIDDEN mw_result mwt_typedefs(mwt_enc *E, const mwt_sx *field);   /* (type) or (rec) */
/* Type use: (type x)? (param ...)* (result ...)*. Binds parameter names as locals when
 * names is MWT_TU_BIND (MWT_TU_NONAMES: a named parameter is an error). *idx gets the type index (an implicit type is appended if needed). */
enum { MWT_TU_NONAMES, MWT_TU_NAMES, MWT_TU_BIND };
MW_HIDDEN mw_result mwt_typeuse(mwt_enc *E, mwt_cur *c, uint32_t *idx, int names);
MW_HIDDEN mw_result mwt_blocktype(mwt_enc *E, mwt_cur *c, mwt_buf *o);
MW_HIDDEN mw_result mwt_index(mwt_enc *E, const mwt_sx *x, int space, uint32_t *out);
MW_HIDDEN bool mwt_is_index(const mwt_sx *x);
MW_HIDDEN mw_result mwt_field_index(mwt_enc *E, uint32_t type, const mwt_sx *x, uint32_t *out);
MW_HIDDEN mw_result mwt_bind(mwt_enc *E, mwt_map *m, const mwt_sx *id, uint32_t idx,
                             const char *what);

/* wat_instr.c */
MW_HIDDEN mw_result mwt_ops_init(mwt_enc *E);
MW_HIDDEN mw_result mwt_instrs(mwt_enc *E, mwt_cur *c, mwt_buf *o);
MW_HIDDEN mw_result mwt_expr(mwt_enc *E, mwt_cur *c, mwt_buf *o);   /* instrs + end */
MW_HIDDEN mw_result mwt_label_push(mwt_enc *E, const mwt_sx *id, uint8_t kind);

#endif
