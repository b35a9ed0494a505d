/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * gen_module.h — a generator of valid WebAssembly modules driven by fuzzer bytes.
 *
 * Every byte string yields a module that must validate (the generator is type-directed:
 * each expression is built for the type its context needs), so libFuzzer's mutations
 * explore execution instead of being rejected by the decoder. The module has one
 * imported function ("env" "imp"), 1-4 defined functions (0-3 params, 0-2 results, all
 * exported as "f0", "f1", ...), a funcref table holding every function ("tab"), one
 * memory of 1 page growing to at most 2 ("mem"), an active data segment, and one
 * mutable global per number type ("g0".."g3"). Bodies use numeric operators,
 * conversions, loads/stores, memory.size/grow/fill/copy, table.get/set/size/grow,
 * ref.func/ref.is_null, select, block/if/loop with branches, return, calls and
 * call_indirect (self and mutual recursion included). Loops count down a dedicated
 * local, so they end; recursion is bounded by fuel and the call depth.
 *
 * SIMD (fz_gen_module_opts with FZ_SIMD_SOME: a quarter of the inputs, chosen by the
 * first byte; FZ_SIMD_ALWAYS: every input): v128 params, results, locals and a fifth
 * global ("g4"); every one of the 236 0xFD instructions (v128.const, splat, extract and
 * replace lane, shuffle, swizzle, bitselect, all lane arithmetic, comparisons, tests,
 * bitmask, conversions, every load/store form incl. lane, splat, zero and extend
 * loads) with valid lane indices and alignments. A 16th of the SIMD modules also get
 * the odd invalid lane index or alignment: fz_gen_info.invalid says whether one was
 * emitted (the module must then fail validation). Scalars leave v128 through
 * extract_lane, bitmask, any/all_true and stores, so results reach calls' results,
 * globals and memory.
 *
 * Diff mode (fz_gen_opts.diff; for diff.sh against V8): the output is deterministic
 * under the spec. Every float operator whose NaN result has an unspecified payload
 * (scalar and lane-wise arithmetic, sqrt, rounding, min/max, promote/demote) is
 * followed by a canonicalization to one fixed NaN; the import is
 * "fuzzing-support" "log-gen" without results; functions with v128 in their type are
 * not exported (JavaScript cannot call them) and f0 never has one; the v128 global is
 * returned by an extra export "check" (its two i64 lanes) instead of being exported;
 * every function entry and loop turn spends one unit of a budget (2,000, reset by
 * the exported wrapper of each function) and returns zeros when it is gone, so that
 * no module runs for long in V8, which has no fuel, and recursion ends before either
 * engine's stack does; SIMD modules take scalar addresses mostly inside the page.
 */
#ifndef GEN_MODULE_H
#define GEN_MODULE_H

#include "fuzz_util.h"

enum { FZ_SIMD_OFF, FZ_SIMD_SOME, FZ_SIMD_ALWAYS };

typedef struct fz_gen_opts {
    uint8_t simd;   /* FZ_SIMD_* */
    bool diff;      /* deterministic, JavaScript-callable output (see above) */
} fz_gen_opts;

typedef struct fz_gen_info {
    bool simd;      /* the module may use v128 */
    bool invalid;   /* an invalid lane index or alignment was emitted */
} fz_gen_info;

/* Append a module generated from r's bytes to out (no SIMD, not diff mode). */
void fz_gen_module(fz_reader *r, fz_buf *out);
/* The same with options; info (may be NULL) describes what was generated. */
void fz_gen_module_opts(fz_reader *r, fz_buf *out, const fz_gen_opts *opts, fz_gen_info *info);

#endif
