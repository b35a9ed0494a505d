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
 */
#ifndef GEN_MODULE_H
#define GEN_MODULE_H

#include "fuzz_util.h"

/* Append a module generated from r's bytes to out. */
void fz_gen_module(fz_reader *r, fz_buf *out);

#endif
