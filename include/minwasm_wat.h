/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * minwasm_wat.h — the WebAssembly text format reader (wat/, doc/wat.md).
 *
 * Text is parsed into a document of s-expressions (mwt_doc_parse), and a (module ...)
 * node of it is encoded to the binary format (mwt_encode_module), which the core then
 * decodes and validates like any binary. The reader rejects only what the text grammar
 * rejects ("unknown operator", "constant out of range", ...); a well-formed but invalid
 * module encodes, and the core reports why it is invalid.
 *
 * Errors carry a 1-based line and column of the source text. All memory comes from the
 * allocator hook; nothing is global.
 */
#ifndef MINWASM_WAT_H
#define MINWASM_WAT_H

#include "minwasm.h"   /* mw_alloc_fn, mw_engine, mw_module, mw_error, mw_result */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mwt_error { uint32_t line, col; char msg[200]; } mwt_error;   /* line/col 1-based */
typedef enum { MWT_LIST, MWT_ATOM, MWT_STRING } mwt_kind;  /* ATOM: keyword, number, $id, reserved */
typedef struct mwt_sx {
    mwt_kind kind; uint32_t line, col;
    const char *text; size_t len;   /* ATOM: source text; STRING: decoded bytes (may contain NUL) */
    struct mwt_sx **items; uint32_t n;   /* LIST: children (annotations removed) */
} mwt_sx;
typedef struct mwt_doc mwt_doc;  /* owns all nodes and the decoded strings */

/* Parse text into a document of top-level s-expressions (lexing, comments, annotations,
 * string decoding, depth limit). An identifier written $"..." becomes an ATOM whose text
 * is "$" followed by the decoded name. */
mw_result mwt_doc_parse(mw_alloc_fn alloc, void *ud, const char *text, size_t len,
                        mwt_doc **out, mwt_error *err);
uint32_t mwt_doc_count(const mwt_doc *d);
const mwt_sx *mwt_doc_item(const mwt_doc *d, uint32_t i);
void mwt_doc_free(mwt_doc *d);

/* Encode a (module ...) node (also `module definition`, `module $id binary/quote ...`)
 * into a binary module allocated with the doc's allocator (free with mwt_free). *name
 * receives the $id (or NULL/0), *is_definition whether it was `module definition`. */
mw_result mwt_encode_module(mwt_doc *d, const mwt_sx *module_node, uint8_t **bin, size_t *len,
                            const char **name, size_t *name_len, bool *is_definition,
                            mwt_error *err);
void mwt_free(mwt_doc *d, void *p, size_t size);

/* Whole .wat file (either one (module ...) or bare module fields) to a binary.
 * Free *bin with alloc(ud, *bin, *bin_len, 0). */
mw_result mwt_wat_to_wasm(mw_alloc_fn alloc, void *ud, const char *text, size_t len,
                          uint8_t **bin, size_t *bin_len, mwt_error *err);

/* Literal parsing for script values: an ATOM to bits, "constant out of range" etc. on
 * error. bits is 8, 16, 32 or 64; signed and unsigned forms are accepted and *out holds
 * the two's-complement bits (zero-extended to 64). */
mw_result mwt_parse_int(const mwt_sx *a, unsigned bits, uint64_t *out, mwt_error *err);
mw_result mwt_parse_f32(const mwt_sx *a, uint32_t *bits, mwt_error *err);
mw_result mwt_parse_f64(const mwt_sx *a, uint64_t *bits, mwt_error *err);

/* Embedder convenience: text or binary (detected by the \0asm magic) to a module. A text
 * error is MW_ERR_MALFORMED with "line:col: msg" in err->msg. */
mw_result mw_module_new_text(mw_engine *engine, const char *text, size_t len, mw_module **out,
                             mw_error *err);

#ifdef __cplusplus
}
#endif
#endif
