/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wat.h — internals of the text format reader (doc/wat.md). Prefix mwt_ (hidden).
 *   wat_lex.c    text -> s-expression document (mwt_doc), strings, comments, annotations
 *   wat_num.c    numeric literals (integers, exactly rounded floats)
 *   wat_buf.c    byte buffers, LEB128, error formatting, identifier maps
 *   wat_mod.c    module fields -> sections     wat_types.c  types, type uses, indices
 *   wat_instr.c  instructions (table from src/opcodes.h + wat/opcodes3.h)
 *   wat_api.c    mwt_encode_module, mwt_wat_to_wasm, mw_module_new_text
 */
#ifndef MWT_WAT_H
#define MWT_WAT_H

#include "../src/mw_internal.h"
#include "minwasm_wat.h"

/* Nesting of parentheses in the text (the encoder recurses on folded instructions). */
#define MWT_MAX_DEPTH 1000
/* Open flat blocks in one function, and items in one index space. */
#define MWT_MAX_LABELS 100000u
#define MWT_MAX_INDEX 10000000u

typedef struct mwt_chunk { struct mwt_chunk *next; size_t size, used; } mwt_chunk;

/* A (@custom ...) annotation and the list it appeared in. */
typedef struct mwt_custom { const mwt_sx *parent; const mwt_sx *ann; } mwt_custom;

struct mwt_doc {
    mw_alloc_fn alloc;
    void *ud;
    mwt_chunk *chunks;
    mwt_sx **top;
    uint32_t ntop;
    mwt_custom *customs;
    uint32_t ncustoms, capcustoms;
    struct mwt_map *opmap;    /* instruction names, built on first use (wat_instr.c) */
};

MW_HIDDEN void *mwt_arena(mwt_doc *d, size_t n);   /* zeroed, freed with the doc */
MW_HIDDEN mw_result mwt_fail(mwt_error *err, uint32_t line, uint32_t col, const char *fmt, ...);
MW_HIDDEN mw_result mwt_failat(mwt_error *err, const mwt_sx *at, const char *fmt, ...);
MW_HIDDEN mw_result mwt_nomem(mwt_error *err);
MW_HIDDEN bool mwt_is(const mwt_sx *s, const char *kw);          /* ATOM equal to kw */
MW_HIDDEN bool mwt_head(const mwt_sx *s, const char *kw);        /* LIST starting with ATOM kw */
MW_HIDDEN bool mwt_utf8_valid(const uint8_t *p, size_t n);

/* Growable byte buffer; an allocation failure sets oom and later writes are dropped. */
typedef struct mwt_buf {
    mw_alloc_fn alloc;
    void *ud;
    uint8_t *p;
    size_t len, cap;
    bool oom;
} mwt_buf;
MW_HIDDEN void mwt_buf_init(mwt_buf *b, mw_alloc_fn alloc, void *ud);
MW_HIDDEN void mwt_buf_free(mwt_buf *b);
MW_HIDDEN void mwt_byte(mwt_buf *b, uint8_t v);
MW_HIDDEN void mwt_bytes(mwt_buf *b, const void *p, size_t n);
MW_HIDDEN void mwt_u32(mwt_buf *b, uint32_t v);      /* unsigned LEB128 */
MW_HIDDEN void mwt_u64(mwt_buf *b, uint64_t v);
MW_HIDDEN void mwt_s64(mwt_buf *b, int64_t v);       /* signed LEB128 */
MW_HIDDEN void mwt_name(mwt_buf *b, const void *p, size_t n);   /* vec(byte) */

/* Numbers (wat_num.c). Every function reports its error at the atom. */
MW_HIDDEN mw_result mwt_num_u32(const mwt_sx *a, uint32_t *out, mwt_error *err);
MW_HIDDEN mw_result mwt_num_u64(const mwt_sx *a, uint64_t *out, mwt_error *err);
MW_HIDDEN bool mwt_is_num(const mwt_sx *a);    /* looks like a u32/u64 literal */

/* Identifier map: name -> index, open addressing. */
typedef struct mwt_map {
    struct mwt_ment { const char *s; uint32_t n, idx; } *e;
    uint32_t cap, count;
} mwt_map;
MW_HIDDEN bool mwt_map_put(mwt_map *m, mw_alloc_fn alloc, void *ud, const char *s, uint32_t n,
                           uint32_t idx);   /* false: no memory */
MW_HIDDEN bool mwt_map_get(const mwt_map *m, const char *s, uint32_t n, uint32_t *idx);
MW_HIDDEN void mwt_map_free(mwt_map *m, mw_alloc_fn alloc, void *ud);

#endif
