/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_calls.c — the interpreter's call and return paths (doc/dispatch.md, "Change 1"):
 * deep recursion up to and past both bounds (frame count, value stack) with the right
 * trap, backtrace (the frame count exact, also below a host function's re-entry) and a usable store afterwards; declared locals zero on every entry
 * (ZERO1, ZERO2, ZERO); calls across instances through imports and a shared table, and
 * memory growth by a callee of the same instance, of another instance and by a host
 * function, each followed by accesses that need the new size; traps and memory faults
 * inside callees with every frame of the backtrace at the right instruction, also
 * after a host function re-entered wasm; a function's fallthrough result returned from
 * a local's slot next to a branch to the function's end; and resumable calls stopped at
 * call points in slices of 1, 2 and 7 units giving the uninterrupted result and fuel;
 * calls that take in the copies moving their last arguments (never across a label);
 * a call's result read from the accumulator (never across a label).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"
#include "minwasm_wat.h"
#include "mw_internal.h"

static int failures, checks;
#define CHECK(c) do { checks++; if (!(c)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)

static void *alloc_fn(void *ud, void *p, size_t os, size_t ns)
{
    (void)ud; (void)os;
    if (ns == 0) { free(p); return NULL; }
    return realloc(p, ns);
}

static mw_engine *engine;
static mw_store *store;
static mw_module *mods[8];
static int nmods;

/* Library instance: its own memory and table, called from the others. */
static const char *lib_wat =
    "(module\n"
    "  (memory (export \"mem\") 1 100)\n"
    "  (table (export \"tab\") 2 funcref)\n"
    "  (elem (i32.const 0) $poke $grow)\n"
    "  (func $poke (export \"poke\") (param $a i32) (param $v i32) (result i32)\n"
    "    (i32.store (local.get $a) (local.get $v))\n"
    "    (i32.load (i32.const 0)))\n"
    "  (func $grow (export \"grow\") (param $n i32) (result i32)\n"
    "    (memory.grow (local.get $n))))\n";

/* Own memory; calls the library through an import and through its table. */
static const char *user_wat =
    "(module\n"
    "  (import \"lib\" \"poke\" (func $poke (param i32 i32) (result i32)))\n"
    "  (import \"lib\" \"tab\" (table 2 funcref))\n"
    "  (import \"host\" \"grow\" (func $hgrow (param i32) (result i32)))\n"
    "  (memory 1 100)\n"
    "  (type $t2 (func (param i32 i32) (result i32)))\n"
    "  (func (export \"cross\") (param $v i32) (result i32)\n"
    "    (i32.store (i32.const 0) (i32.const 1111))\n"
    "    (drop (call $poke (i32.const 0) (local.get $v)))\n"
    "    (i32.add (i32.load (i32.const 0))\n"
    "      (call_indirect (type $t2) (i32.const 4) (i32.add (local.get $v) (i32.const 1))\n"
    "        (i32.const 0))))\n"
    "  (func $g (param i32) (result i32) (memory.grow (local.get 0)))\n"
    "  (func (export \"growlocal\") (result i32)\n"
    "    (drop (call $g (i32.const 1)))\n"
    "    (i32.store (i32.const 70000) (i32.const 5))\n"
    "    (i32.load (i32.const 70000)))\n"
    "  (func (export \"growhost\") (result i32)\n"
    "    (drop (call $hgrow (i32.const 1)))\n"
    "    (i32.store (i32.const 140000) (i32.const 6))\n"
    "    (i32.load (i32.const 140000)))\n"
    "  (func $pokeat (param $a i32) (result i32) (call $poke (local.get $a) (i32.const 1)))\n"
    "  (func $pokevia (param $a i32) (result i32)\n"
    "    (call_indirect (type $t2) (local.get $a) (i32.const 2) (i32.const 0)))\n"
    "  (func (export \"pokeat\") (param $a i32) (result i32) (call $pokeat (local.get $a)))\n"
    "  (func (export \"pokevia\") (param $a i32) (result i32) (call $pokevia (local.get $a))))\n";

/* Imports the library's memory, which the library grows. */
static const char *shared_wat =
    "(module\n"
    "  (import \"lib\" \"mem\" (memory 1))\n"
    "  (import \"lib\" \"grow\" (func $grow (param i32) (result i32)))\n"
    "  (type $t1 (func (param i32) (result i32)))\n"
    "  (import \"lib\" \"tab\" (table 2 funcref))\n"
    "  (func (export \"growother\") (result i32)\n"
    "    (drop (call $grow (i32.const 1)))\n"
    "    (drop (call_indirect (type $t1) (i32.const 1) (i32.const 1)))\n"
    "    (i32.store (i32.const 190000) (i32.const 8))\n"
    "    (i32.load (i32.const 190000))))\n";

/* Recursion, traps in callees, locals. Function indices: 0 $re (import), 1 $c, 2 $b,
 * 3 $a, 4 $leaf, 5 afterhost, 6 $down, 7 $fat, 8 $z1, 9 $z2, 10 zeros, 11 pick, 12 $z3,
 * 13 $z3i (called through the table). */
static const char *deep_wat =
    "(module\n"
    "  (import \"host\" \"reenter\" (func $re (param i32) (result i32)))\n"
    "  (memory 1)\n"
    "  (table 2 funcref)\n"
    "  (elem (i32.const 0) $c $z3i)\n"
    "  (func $c (param i32) (result i32)\n"
    "    (if (i32.eqz (local.get 0)) (then unreachable))\n"
    "    (i32.load (i32.const 0x7ffffff0)))\n"
    "  (func $b (param i32) (result i32)\n"
    "    (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0)))\n"
    "  (func $a (export \"a\") (param i32) (result i32)\n"
    "    (i32.add (call $b (local.get 0)) (i32.const 1)))\n"
    "  (func $leaf (export \"leaf\") (param i32) (result i32)\n"
    "    (i32.add (local.get 0) (i32.const 1)))\n"
    "  (func (export \"afterhost\") (param i32) (result i32)\n"
    "    (drop (call $re (local.get 0)))\n"
    "    (call $a (local.get 0)))\n"
    "  (func $down (export \"down\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "      (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))\n"
    "  (func $fat (export \"fat\") (param $n i32) (result i32) FAT_LOCALS\n"
    "    (local.set 6 (i64.add (local.get 6) (i64.const 1)))\n"
    "    (local.set 150 (i64.add (local.get 150) (local.get 6)))\n"
    "    (if (result i32) (i32.eqz (local.get $n)) (then (i32.wrap_i64 (local.get 150)))\n"
    "      (else (i32.add (call $fat (i32.sub (local.get $n) (i32.const 1)))\n"
    "                     (i32.wrap_i64 (local.get 150))))))\n"
    "  (func $z1 (param i32) (result i32) (local i32)\n"
    "    (local.set 1 (i32.add (local.get 1) (local.get 0)))\n"
    "    (local.get 1))\n"
    "  (func $z2 (param i32) (result i32) (local f64 i32)\n"
    "    (local.set 1 (f64.add (local.get 1) (f64.const 0.5)))\n"
    "    (local.set 2 (i32.add (local.get 2) (local.get 0)))\n"
    "    (i32.add (local.get 2) (i32.trunc_f64_s (f64.mul (local.get 1) (f64.const 4)))))\n"
    "  (func (export \"zeros\") (param $n i32) (result i32) (local $i i32) (local $s i32)\n"
    "    (loop $l\n"
    "      (local.set $s (i32.add (local.get $s)\n"
    "        (i32.add (i32.add (call $z1 (local.get $i)) (call $z2 (local.get $i)))\n"
    "          (i32.add (call $z3 (local.get $i))\n"
    "            (call_indirect (param i32) (result i32) (local.get $i) (i32.const 1))))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (local.get $s))\n"
    "  (func (export \"pick\") (param $x i32) (param $y i32) (result i32)\n"
    "    (br_if 0 (i32.const 7) (i32.eqz (local.get $x)))\n"
    "    (drop)\n"
    "    (local.get $y))\n"
    "  (func $z3 (param i32) (result i32) (local i32 i64 i32)\n"
    "    (local.set 1 (i32.add (local.get 1) (local.get 0)))\n"
    "    (local.set 2 (i64.add (local.get 2) (i64.const 3)))\n"
    "    (local.set 3 (i32.add (local.get 3) (i32.const 5)))\n"
    "    (i32.add (local.get 1) (i32.add (local.get 3) (i32.wrap_i64 (local.get 2)))))\n"
    "  (func $z3i (param i32) (result i32) (local i32 i64 i32 i32)\n"
    "    (local.set 4 (i32.add (local.get 4) (local.get 0)))\n"
    "    (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n"
    "    (i32.add (local.get 4) (local.get 1))))\n";

static uint8_t *wat_bin(const char *text, size_t *len)
{
    uint8_t *bin = NULL;
    mwt_error werr;
    if (mwt_wat_to_wasm(alloc_fn, NULL, text, strlen(text), &bin, len, &werr) != MW_OK) {
        fprintf(stderr, "wat %u:%u: %s\n", werr.line, werr.col, werr.msg);
        exit(1);
    }
    return bin;
}

static mw_instance *instantiate(const char *text, const mw_extern *imps, size_t n,
                                mw_module **mod, uint8_t **bin_out)
{
    size_t len;
    uint8_t *bin = wat_bin(text, &len);
    mw_error err;
    if (mw_module_new(engine, bin, len, mod, &err) != MW_OK || nmods == 8) {
        fprintf(stderr, "module: %s\n", err.msg);
        exit(1);
    }
    mods[nmods++] = *mod;
    mw_instance *inst;
    if (mw_instance_new(store, *mod, imps, n, &inst, &err) != MW_OK) {
        fprintf(stderr, "instance: %s\n", err.msg);
        exit(1);
    }
    if (bin_out) *bin_out = bin;
    else alloc_fn(NULL, bin, len, 0);
    return inst;
}

static mw_extern export_of(mw_instance *inst, const char *name)
{
    mw_extern x;
    if (!mw_instance_export_cstr(inst, name, &x)) {
        fprintf(stderr, "no export %s\n", name);
        exit(1);
    }
    return x;
}

static mw_result call1(mw_instance *inst, const char *name, int32_t arg, int32_t *out,
                       mw_error *err)
{
    mw_val a = mw_val_i32(arg), r;
    mw_func *f = export_of(inst, name).of.func;
    mw_result res = mw_func_call(store, f, &a, f->type->nparams ? 1 : 0, &r, 1, err);
    if (res == MW_OK) *out = r.of.i32;
    return res;
}

static int32_t must1(mw_instance *inst, const char *name, int32_t arg)
{
    int32_t v = -1;
    mw_error err;
    mw_result r = call1(inst, name, arg, &v, &err);
    if (r != MW_OK) fprintf(stderr, "%s(%d): %s\n", name, arg, err.msg);
    CHECK(r == MW_OK);
    return v;
}

/* The host grows its caller's memory by the API, behind the interpreter's back. */
static mw_result host_grow(mw_caller *c, void *env, const mw_val *args, size_t na,
                           mw_val *res, size_t nr)
{
    (void)env; (void)na; (void)nr;
    uint32_t old = 0;
    mw_error err;
    mw_memory *m = mw_caller_memory(c);
    if (!m || mw_memory_grow(m, (uint32_t)args[0].of.i32, &old, &err) != MW_OK)
        return MW_ERR_ARG;
    res[0] = mw_val_i32((int32_t)old);
    return MW_OK;
}

/* The host re-enters wasm ("leaf" of the deep instance) before returning. */
/* Recursion to an exact depth, directly and below a host function's re-entry. */
static const char *depth_wat =
    "(module\n"
    "  (import \"host\" \"down\" (func $hd (param i32) (result i32)))\n"
    "  (func $down (export \"down\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "      (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))\n"
    "  (func (export \"viahost\") (param i32) (result i32) (call $hd (local.get 0))))\n";

/* Calls that take in the copies moving their last arguments (call.local.c/.cc,
 * call_indirect.c/.cc): the copies run before the call reads anything. */
static const char *copies_wat =
    "(module\n"
    "  (table 3 funcref)\n"
    "  (elem (i32.const 0) $g2 $ack $g)\n"
    "  (type $t1 (func (param i32) (result i32)))\n"
    "  (type $t2 (func (param i32 i32) (result i32)))\n"
    "  (func $g (param i32) (result i32) (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const 1)))\n"
    "  (func $g2 (param i32 i32) (result i32) (i32.sub (i32.mul (local.get 0) (i32.const 10)) (local.get 1)))\n"
    "  (func $ack (export \"ack\") (param $m i32) (param $n i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get $m)) (then (i32.add (local.get $n) (i32.const 1)))\n"
    "      (else (if (result i32) (i32.eqz (local.get $n))\n"
    "        (then (call $ack (i32.sub (local.get $m) (i32.const 1)) (i32.const 1)))\n"
    "        (else (call $ack (i32.sub (local.get $m) (i32.const 1))\n"
    "          (call_indirect (type $t2) (local.get $m) (i32.sub (local.get $n) (i32.const 1))\n"
    "            (i32.const 1))))))))\n"
    "  (func (export \"ack1\") (param i32) (result i32) (call $ack (i32.const 2) (local.get 0)))\n"
    "  (func (export \"one\") (param i32 i32) (result i32)\n"
    "    (call $g2 (local.get 1) (i32.add (local.get 0) (i32.const 1))))\n"
    "  (func (export \"two\") (param i32 i32) (result i32) (call $g2 (local.get 1) (local.get 0)))\n"
    "  (func (export \"ione\") (param i32 i32) (result i32)\n"
    "    (call_indirect (type $t2) (local.get 1) (i32.add (local.get 0) (i32.const 1)) (i32.const 0)))\n"
    "  (func (export \"itwo\") (param i32 i32 i32) (result i32)\n"
    "    (call_indirect (type $t2) (local.get 1) (local.get 0) (local.get 2)))\n"
    /* a local set by a copy, then passed: the second copy reads what the first wrote */
    "  (func (export \"ord\") (param i32 i32) (result i32) (local i32)\n"
    "    (local.set 2 (local.get 1)) (call $g (local.get 2)))\n"
    "  (func (export \"iord\") (param i32 i32) (result i32) (local i32)\n"
    "    (local.set 2 (local.get 1)) (call_indirect (type $t1) (local.get 2) (local.get 0)))\n"
    /* the block's result is moved into place by a copy right before the label its br_if
     * targets: the call must not take that copy in */
    "  (func (export \"lab\") (param i32 i32 i32) (result i32)\n"
    "    (call $g (block $b (result i32) (br_if $b (local.get 0) (local.get 2)) (drop) (local.get 1)))))\n";

/* A call.local's result read from the accumulator, where ret1 and ret1.acc leave it. */
static const char *callacc_wat =
    "(module\n"
    /* returns through plain ret1 with another value in the accumulator before it */
    "  (func $sq (param i32) (result i32) (local i32)\n"
    "    (local.set 1 (i32.mul (local.get 0) (local.get 0)))\n"
    "    (local.set 0 (i32.add (local.get 0) (i32.const 9))) (local.get 1))\n"
    "  (func $sqr (param i32) (result i32) (return (i32.mul (local.get 0) (local.get 0))))\n"
    "  (func $l64 (param i64) (result i64) (return (i64.add (local.get 0) (i64.const 7))))\n"
    "  (func $half (param f64) (result f64) (return (f64.mul (local.get 0) (f64.const 0.5))))\n"
    "  (func (export \"c32\") (param i32) (result i32) (i32.sub (call $sqr (local.get 0)) (i32.const 3)))\n"
    "  (func (export \"c32b\") (param i32) (result i32) (i32.sub (i32.const 100) (call $sq (local.get 0))))\n"
    "  (func (export \"c32c\") (param i32) (result i32) (i32.sub (call $sq (local.get 0)) (i32.const 3)))\n"
    "  (func (export \"c64\") (param i64) (result i64) (i64.xor (call $l64 (local.get 0)) (i64.const -1)))\n"
    "  (func (export \"cf\") (param f64) (result f64) (f64.add (call $half (local.get 0)) (f64.const 1)))\n"
    /* the call ends a block whose label a br_if reaches with another value */
    "  (func (export \"lab\") (param i32 i32) (result i32)\n"
    "    (i32.add (block (result i32) (br_if 0 (i32.const 1000) (local.get 1)) (drop)\n"
    "      (call $sq (local.get 0))) (i32.const 1)))\n"
    /* 10: ret1.acc (a mul of the add before it reads the accumulator: no .ret form) */
    "  (func $sqa (param i32) (result i32)\n"
    "    (return (i32.mul (i32.add (local.get 0) (i32.const 1)) (local.get 0))))\n"
    "  (func (export \"c32d\") (param i32) (result i32) (i32.sub (call $sqa (local.get 0)) (i32.const 3)))\n"
    /* 12: the fallthrough returns from its add (.ret), the br_if to the end by ret1 */
    "  (func (export \"brsum\") (param i32 i32) (result i32)\n"
    "    (br_if 0 (i32.const 7) (i32.eqz (local.get 0))) (drop)\n"
    "    (i32.add (local.get 0) (local.get 1)))\n"
    /* 13: the add just before the return is not what it returns */
    "  (func (export \"other\") (param i32 i32) (result i32)\n"
    "    (i32.add (local.get 0) (local.get 1)) (return (local.get 1))))\n";

static mw_instance *deep_inst, *depth_inst;
static mw_result host_reenter(mw_caller *c, void *env, const mw_val *args, size_t na,
                              mw_val *res, size_t nr)
{
    (void)c; (void)env; (void)na; (void)nr;
    mw_val a = args[0], r;
    mw_error err;
    mw_result x = mw_func_call(store, export_of(deep_inst, "leaf").of.func, &a, 1, &r, 1, &err);
    if (x != MW_OK) return x;
    res[0] = r;
    return MW_OK;
}

static mw_result host_down(mw_caller *c, void *env, const mw_val *args, size_t na,
                           mw_val *res, size_t nr)
{
    (void)c; (void)env; (void)na; (void)nr;
    mw_error err;
    return mw_func_call(store, export_of(depth_inst, "down").of.func, args, 1, res, 1, &err);
}

/* max_call_depth counts the records of wasm and host calls: down(n) makes n calls. A
 * nested activation's own bookkeeping (its stub record, interp.c) is not counted. */
static void test_depth(mw_func *hdown)
{
    mw_module *m;
    mw_extern imp = { .kind = MW_EXTERN_FUNC };
    imp.of.func = hdown;
    depth_inst = instantiate(depth_wat, &imp, 1, &m, NULL);
    int32_t v = 0;
    mw_error err;
    const int32_t d = MW_DEFAULT_CALL_DEPTH;
    CHECK(must1(depth_inst, "down", d) == d);
    CHECK(call1(depth_inst, "down", d + 1, &v, &err) == MW_ERR_TRAP &&
          err.trap == MW_TRAP_STACK_EXHAUSTED);
    CHECK(store->nframes == 0);
    /* The host call is one record, then down(n) n more. */
    CHECK(must1(depth_inst, "viahost", d - 1) == d - 1);
    CHECK(call1(depth_inst, "viahost", d, &v, &err) == MW_ERR_TRAP);
    CHECK(store->nframes == 0);
    CHECK(must1(depth_inst, "down", 3) == 3);
}

static int32_t ack_ref(int32_t m, int32_t n)
{
    return m == 0 ? n + 1 : n == 0 ? ack_ref(m - 1, 1) : ack_ref(m - 1, ack_ref(m, n - 1));
}

static bool explore_has(mw_instance *inst, uint32_t fidx, const char *form);
static mw_result sliced(mw_func *f, int32_t arg, uint64_t slice, int32_t *out,
                        uint64_t *used, uint32_t *at_call);

static void test_call_copies(void)
{
    mw_module *m;
    mw_instance *inst = instantiate(copies_wat, NULL, 0, &m, NULL);
    CHECK(explore_has(inst, 2, "call_indirect.c ") && explore_has(inst, 3, "call.local.c "));
    CHECK(explore_has(inst, 4, "call.local.c "));
    CHECK(explore_has(inst, 5, "call.local.cc "));
    CHECK(explore_has(inst, 6, "call_indirect.c "));
    CHECK(explore_has(inst, 7, "call_indirect.cc "));
    CHECK(explore_has(inst, 8, "call.local.cc ") && explore_has(inst, 9, "call_indirect.cc "));
    for (int32_t a = -3; a <= 3; a++)
        for (int32_t b = -2; b <= 2; b++) {
            mw_val args[3] = { mw_val_i32(a), mw_val_i32(b), mw_val_i32(b & 1) }, r;
            mw_error err;
            mw_func *one = export_of(inst, "one").of.func, *two = export_of(inst, "two").of.func;
            mw_func *ione = export_of(inst, "ione").of.func, *itwo = export_of(inst, "itwo").of.func;
            mw_func *lab = export_of(inst, "lab").of.func;
            CHECK(mw_func_call(store, one, args, 2, &r, 1, &err) == MW_OK &&
                  r.of.i32 == b * 10 - (a + 1));
            CHECK(mw_func_call(store, two, args, 2, &r, 1, &err) == MW_OK && r.of.i32 == b * 10 - a);
            CHECK(mw_func_call(store, ione, args, 2, &r, 1, &err) == MW_OK &&
                  r.of.i32 == b * 10 - (a + 1));
            args[2] = mw_val_i32(0);   /* itwo's table index */
            CHECK(mw_func_call(store, itwo, args, 3, &r, 1, &err) == MW_OK && r.of.i32 == b * 10 - a);
            args[2] = mw_val_i32(b & 1);
            CHECK(mw_func_call(store, lab, args, 3, &r, 1, &err) == MW_OK &&
                  r.of.i32 == ((b & 1) ? a : b) * 3 + 1);
            mw_val oargs[2] = { mw_val_i32(2), mw_val_i32(b) };   /* iord: table index 2 */
            CHECK(mw_func_call(store, export_of(inst, "ord").of.func, oargs, 2, &r, 1, &err) ==
                  MW_OK && r.of.i32 == b * 3 + 1);
            CHECK(mw_func_call(store, export_of(inst, "iord").of.func, oargs, 2, &r, 1, &err) ==
                  MW_OK && r.of.i32 == b * 3 + 1);
        }
    /* Recursion through both forms, whole and in fuel slices (suspended at calls). */
    mw_func *ack1 = export_of(inst, "ack1").of.func;
    for (int32_t n = 0; n < 6; n++) {
        CHECK(must1(inst, "ack1", n) == ack_ref(2, n));
        int32_t got = -1;
        uint64_t used;
        uint32_t at_call;
        CHECK(sliced(ack1, n, 1 + (uint64_t)n, &got, &used, &at_call) == MW_OK);
        CHECK(got == ack_ref(2, n) && at_call > 0);
    }
}

static void test_call_acc(void)
{
    mw_module *m;
    mw_instance *inst = instantiate(callacc_wat, NULL, 0, &m, NULL);
    CHECK(explore_has(inst, 10, "ret1.acc ") && explore_has(inst, 11, "i32.sub_ri.acc "));
    /* $sqr, $l64, $half return their last BIN row's result through its .ret form */
    CHECK(explore_has(inst, 1, "i32.mul.ret ") && explore_has(inst, 2, "i64.add_ri.ret "));
    CHECK(explore_has(inst, 3, "f64.mul_ri.ret ") && explore_has(inst, 4, "i32.sub_ri.acc "));
    CHECK(explore_has(inst, 12, "i32.add.ret ") && explore_has(inst, 12, "ret1 "));
    CHECK(explore_has(inst, 6, "i32.sub_ri.acc ") && explore_has(inst, 7, "i64.xor_ri.acc "));
    /* an f64 result of a call is read from its slot: ret1 leaves its bits in the integer
     * accumulator, not the double in the f64 one (interp.c ACC_F64) */
    CHECK(explore_has(inst, 8, "f64.add_ri.ret ") && !explore_has(inst, 8, ".acc "));
    for (int32_t a = -5; a <= 5; a++) {
        CHECK(must1(inst, "c32", a) == a * a - 3);
        CHECK(must1(inst, "c32b", a) == 100 - a * a);
        CHECK(must1(inst, "c32c", a) == a * a - 3);
        CHECK(must1(inst, "c32d", a) == (a + 1) * a - 3);
        for (int32_t b = 0; b < 3; b++) {
            mw_val args[2] = { mw_val_i32(a), mw_val_i32(b) }, r;
            mw_error err;
            CHECK(mw_func_call(store, export_of(inst, "brsum").of.func, args, 2, &r, 1, &err) ==
                  MW_OK && r.of.i32 == (a == 0 ? 7 : a + b));
            CHECK(mw_func_call(store, export_of(inst, "other").of.func, args, 2, &r, 1, &err) ==
                  MW_OK && r.of.i32 == b);
        }
        for (int32_t b = 0; b < 2; b++) {
            mw_val args[2] = { mw_val_i32(a), mw_val_i32(b) }, r;
            mw_error err;
            CHECK(mw_func_call(store, export_of(inst, "lab").of.func, args, 2, &r, 1, &err) ==
                  MW_OK && r.of.i32 == (b ? 1001 : a * a + 1));
        }
        int64_t big = (int64_t)a * ((int64_t)1 << 33);   /* a << 33 without the UB */
        mw_val x = mw_val_i64(big), r;
        mw_error err;
        CHECK(mw_func_call(store, export_of(inst, "c64").of.func, &x, 1, &r, 1, &err) == MW_OK &&
              r.of.i64 == ~(big + 7));
        x = mw_val_f64(a * 1.5);
        CHECK(mw_func_call(store, export_of(inst, "cf").of.func, &x, 1, &r, 1, &err) == MW_OK &&
              mw_val_as_f64(&r) == a * 0.75 + 1);
    }
}

static void test_across_instances(mw_func *hgrow)
{
    mw_module *ml, *mu, *ms;
    mw_instance *lib = instantiate(lib_wat, NULL, 0, &ml, NULL);
    mw_extern imps[3] = { export_of(lib, "poke"), export_of(lib, "tab"), { .kind = MW_EXTERN_FUNC } };
    imps[2].of.func = hgrow;
    mw_instance *user = instantiate(user_wat, imps, 3, &mu, NULL);
    /* B's memory after calls into A (direct and through A's table) is still B's. */
    CHECK(must1(user, "cross", 42) == 1111 + 42);
    CHECK(must1(user, "cross", 7) == 1111 + 7);
    mw_memory *lm = export_of(lib, "mem").of.memory;
    CHECK(mw_memory_data(lm)[0] == 7 && mw_memory_data(lm)[4] == 8);   /* A's memory got A's writes */
    /* A callee of the same instance grows the memory: the caller sees the new size. */
    CHECK(must1(user, "growlocal", 0) == 5);
    CHECK(must1(user, "growhost", 0) == 6);
    /* A trap in another instance's function (lib's memory has 1 page here), called
     * directly and through the table: its frame, then the callers' at their calls
     * (user's functions 6 and 8, or 7 and 9; it imports 2). */
    for (int via = 0; via < 2; via++) {
        const char *name = via ? "pokevia" : "pokeat";
        int32_t v = 0;
        mw_error err;
        CHECK(call1(user, name, 8, &v, &err) == MW_OK);
        CHECK(call1(user, name, 70000, &v, &err) == MW_ERR_TRAP);
        CHECK(err.trap == MW_TRAP_MEMORY_OOB);
        CHECK(mw_store_trap_frames(store) == 3);
        mw_frame_info fi[3];
        for (uint32_t i = 0; i < 3; i++) CHECK(mw_store_trap_frame(store, i, &fi[i]));
        CHECK(fi[0].instance == lib && fi[0].func_index == 0);
        CHECK(fi[1].instance == user && fi[1].func_index == 6u + (uint32_t)via);
        CHECK(fi[2].instance == user && fi[2].func_index == 8u + (uint32_t)via);
        CHECK(fi[1].module_offset != SIZE_MAX && fi[2].module_offset != SIZE_MAX);
    }
    /* Another instance grows a memory this one imports (3 pages after two growths). */
    mw_extern simps[3] = { export_of(lib, "mem"), export_of(lib, "grow"), export_of(lib, "tab") };
    mw_instance *sh = instantiate(shared_wat, simps, 3, &ms, NULL);
    CHECK(must1(sh, "growother", 0) == 8);
    CHECK(mw_memory_pages(lm) == 3 && mw_memory_data(lm)[190000] == 8);
    (void)sh;
}

/* The byte at a frame's module offset: the opcode of the instruction it names. */
static int op_at(const uint8_t *bin, size_t len, const mw_frame_info *fi)
{
    return fi->module_offset < len ? bin[fi->module_offset] : -1;
}

static void check_frames(const uint8_t *bin, size_t len, const uint32_t *want, uint32_t n,
                         int inner_op)
{
    CHECK(mw_store_trap_frames(store) == n);
    for (uint32_t i = 0; i < n; i++) {
        mw_frame_info fi;
        CHECK(mw_store_trap_frame(store, i, &fi));
        CHECK(fi.func_index == want[i]);
        if (i == 0) {
            /* a guard-page fault does not know its instruction */
            if (inner_op >= 0) CHECK(op_at(bin, len, &fi) == inner_op);
            else CHECK(fi.module_offset == SIZE_MAX || op_at(bin, len, &fi) == 0x28);
        } else {
            /* $b's frame is at its call_indirect, the others at a call */
            CHECK(op_at(bin, len, &fi) == (want[i] == 2 ? 0x11 : 0x10));
        }
    }
}

static void test_deep(mw_func *hre, const uint8_t *bin, size_t len)
{
    (void)hre;
    int32_t v = 0;
    mw_error err;
    /* Within both bounds, and past them. */
    CHECK(must1(deep_inst, "down", 5000) == 5000);
    CHECK(call1(deep_inst, "down", 200000, &v, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_STACK_EXHAUSTED);
    CHECK(mw_store_trap_frames(store) == MW_TRAP_FRAMES_MAX);
    for (uint32_t i = 0; i < MW_TRAP_FRAMES_MAX; i++) {
        mw_frame_info fi;
        CHECK(mw_store_trap_frame(store, i, &fi) && fi.func_index == 6);
    }
    CHECK(must1(deep_inst, "down", 300) == 300);   /* the store is usable again */
    CHECK(store->nframes == 0);
    /* $fat has 200 slots: the value stack runs out long before the frame count. */
    CHECK(must1(deep_inst, "fat", 1000) == 1001 * 1);
    CHECK(call1(deep_inst, "fat", 9000, &v, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_STACK_EXHAUSTED);
    CHECK(must1(deep_inst, "fat", 1000) == 1001);   /* locals zeroed over stale slots */
    /* ZERO1 / ZERO2 / ZERO locals: each call starts from zero, also where the caller
     * zeroes them (call.local, call_indirect: interp.c CALL_INLINE) over the slots the
     * callee before left; z1(i) = i, z2(i) = i + 2, z3(i) = i + 8, z3i(i) = i + 1. */
    int32_t n = 50, want = 0;
    for (int32_t i = 0; i < n; i++) want += i + (i + 2) + (i + 8) + (i + 1);
    CHECK(must1(deep_inst, "zeros", n) == want);
    CHECK(must1(deep_inst, "zeros", n) == want);
    /* A fallthrough result from a local next to a branch to the function end. */
    mw_val ab[2] = { mw_val_i32(0), mw_val_i32(9) }, r;
    mw_func *pick = export_of(deep_inst, "pick").of.func;
    CHECK(mw_func_call(store, pick, ab, 2, &r, 1, &err) == MW_OK && r.of.i32 == 7);
    ab[0] = mw_val_i32(1);
    CHECK(mw_func_call(store, pick, ab, 2, &r, 1, &err) == MW_OK && r.of.i32 == 9);

    /* Traps in callees: unreachable in $c, then a memory fault in $c. */
    static const uint32_t cba[] = { 1, 2, 3 }, cbah[] = { 1, 2, 3, 5 };
    CHECK(call1(deep_inst, "a", 0, &v, &err) == MW_ERR_TRAP && err.trap == MW_TRAP_UNREACHABLE);
    check_frames(bin, len, cba, 3, 0x00);
    CHECK(call1(deep_inst, "a", 1, &v, &err) == MW_ERR_TRAP && err.trap == MW_TRAP_MEMORY_OOB);
    check_frames(bin, len, cba, 3, -1);
    /* The same after a host function re-entered wasm (a nested activation). */
    CHECK(call1(deep_inst, "afterhost", 1, &v, &err) == MW_ERR_TRAP &&
          err.trap == MW_TRAP_MEMORY_OOB);
    check_frames(bin, len, cbah, 4, -1);
    CHECK(call1(deep_inst, "afterhost", 0, &v, &err) == MW_ERR_TRAP &&
          err.trap == MW_TRAP_UNREACHABLE);
    check_frames(bin, len, cbah, 4, 0x00);
    CHECK(store->nframes == 0);
}

/* A resumable call in slices of `slice` units: result, fuel used, suspensions at calls. */
static mw_result sliced(mw_func *f, int32_t arg, uint64_t slice, int32_t *out,
                        uint64_t *used, uint32_t *at_call)
{
    mw_val a = mw_val_i32(arg), r;
    mw_error err;
    *used = 0;
    *at_call = 0;
    mw_store_set_fuel(store, slice);
    mw_result res = mw_func_call_resumable(store, f, &a, 1, &r, 1, &err);
    uint64_t give = slice;
    while (res == MW_SUSPENDED) {
        if (store->susp.kind == MWI_SUSP_AT_CALL) (*at_call)++;
        uint64_t left = mw_store_get_fuel(store);
        *used += give - left;
        give = left == give ? give * 2 : slice;
        mw_store_set_fuel(store, give);
        res = mw_call_resume(store, NULL, 0, &r, 1, &err);
    }
    *used += give - mw_store_get_fuel(store);
    mw_store_disable_fuel(store);
    if (res == MW_OK) *out = r.of.i32;
    return res;
}

/* A callee of few slots called at every depth up to the value stack's end: each call
 * zeroes MWI_CALLER_ZERO slots past its parameter before it knows the callee's frame
 * size, so near the end it writes into the room past it (ASan sees any write beyond). */
static void test_stack_end(void)
{
    static const char *tiny_wat =
        "(module\n"
        "  (func $tiny (export \"tiny\") (param i32) (result i32)\n"
        "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 7))\n"
        "      (else (call $tiny (i32.sub (local.get 0) (i32.const 1)))))))\n";
    for (uint32_t slots = 40; slots <= 47; slots++) {
        mw_engine_config cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.alloc = alloc_fn;
        cfg.value_stack_slots = slots;
        mw_engine *e = NULL;
        mw_store *st = NULL;
        mw_module *m = NULL;
        mw_instance *inst = NULL;
        mw_error err;
        size_t len;
        uint8_t *bin = wat_bin(tiny_wat, &len);
        CHECK(bin && mw_engine_new(&cfg, &e, &err) == MW_OK);
        if (!bin || !e) { free(bin); continue; }
        CHECK(mw_store_new(e, NULL, &st, &err) == MW_OK);
        CHECK(mw_module_new(e, bin, len, &m, &err) == MW_OK);
        if (st && m) CHECK(mw_instance_new(st, m, NULL, 0, &inst, &err) == MW_OK);
        if (inst) {
            mw_extern x;
            CHECK(mw_instance_export(inst, "tiny", 4, &x));
            int ok = 0, trapped = 0;
            for (int32_t n = 0; n < 60; n++) {
                mw_val a = mw_val_i32(n), r;
                mw_result rc = mw_func_call(st, x.of.func, &a, 1, &r, 1, &err);
                if (rc == MW_OK && r.of.i32 == 7) ok++;
                else if (rc == MW_ERR_TRAP && err.trap == MW_TRAP_STACK_EXHAUSTED) trapped++;
            }
            CHECK(ok > 5 && trapped > 5 && ok + trapped == 60);
        }
        mw_module_delete(m);
        mw_store_delete(st);
        mw_engine_delete(e);
        free(bin);
    }
}

static void test_resumption(void)
{
    static const char *const names[] = { "down", "fat", "zeros" };
    static const int32_t args[] = { 200, 40, 30 };
    static const uint64_t slices[] = { 1, 2, 7 };
    for (int k = 0; k < 3; k++) {
        mw_func *f = export_of(deep_inst, names[k]).of.func;
        mw_val a = mw_val_i32(args[k]), r;
        mw_error err;
        mw_store_set_fuel(store, 1u << 30);
        CHECK(mw_func_call(store, f, &a, 1, &r, 1, &err) == MW_OK);
        uint64_t ref_used = (1u << 30) - mw_store_get_fuel(store);
        mw_store_disable_fuel(store);
        for (int j = 0; j < 3; j++) {
            int32_t got = -1;
            uint64_t used;
            uint32_t at_call;
            CHECK(sliced(f, args[k], slices[j], &got, &used, &at_call) == MW_OK);
            CHECK(got == r.of.i32);
            CHECK(used == ref_used);
            CHECK(at_call > 0);
        }
    }
}

typedef struct { char buf[16384]; size_t len; } xbuf;
static void explore_cb(void *ud, const char *text, size_t len)
{
    xbuf *b = ud;
    if (b->len + len < sizeof b->buf) { memcpy(b->buf + b->len, text, len); b->len += len; }
    b->buf[b->len] = 0;
}

/* Does the translated code of function fidx contain `form`? */
static bool explore_has(mw_instance *inst, uint32_t fidx, const char *form)
{
    static xbuf b;
    b.len = 0;
    b.buf[0] = 0;
    bool ok = mw_module_explore(mw_instance_module(inst), fidx, explore_cb, &b) == MW_OK &&
              strstr(b.buf, form) != NULL;
    if (!ok) fprintf(stderr, "func %u lacks '%s':\n%s", fidx, form, b.buf);
    return ok;
}

int main(void)
{
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc_fn;
    mw_error err;
    if (mw_engine_new(&cfg, &engine, &err) != MW_OK) return 1;
    if (mw_store_new(engine, NULL, &store, &err) != MW_OK) return 1;
    static const mw_valtype i1[] = { MW_I32 };
    mw_functype t11 = { 1, 1, i1, i1 };
    mw_func *hgrow, *hre, *hdown;
    if (mw_func_new_host(store, &t11, host_grow, NULL, NULL, &hgrow, &err) != MW_OK ||
        mw_func_new_host(store, &t11, host_reenter, NULL, NULL, &hre, &err) != MW_OK ||
        mw_func_new_host(store, &t11, host_down, NULL, NULL, &hdown, &err) != MW_OK)
        return 1;
    test_across_instances(hgrow);
    test_depth(hdown);
    test_call_copies();
    test_call_acc();

    /* $fat: 200 i64 locals (one entry costs 1 + 25 fuel units). */
    char locals[1200] = "(local", *text;
    for (int i = 0; i < 200; i++) strcat(locals, " i64");
    strcat(locals, ")");
    const char *hole = strstr(deep_wat, "FAT_LOCALS");
    size_t n = strlen(deep_wat) + strlen(locals) + 1;
    text = malloc(n);
    snprintf(text, n, "%.*s%s%s", (int)(hole - deep_wat), deep_wat, locals, hole + strlen("FAT_LOCALS"));
    mw_module *md;
    uint8_t *bin;
    mw_extern imp = { .kind = MW_EXTERN_FUNC };
    imp.of.func = hre;
    deep_inst = instantiate(text, &imp, 1, &md, &bin);
    size_t len = 0;
    alloc_fn(NULL, wat_bin(text, &len), len, 0);   /* the same text, for its length */
    free(text);
    test_deep(hre, bin, len);
    test_stack_end();
    test_resumption();
    alloc_fn(NULL, bin, len, 0);

    mw_store_delete(store);
    for (int i = 0; i < nmods; i++) mw_module_delete(mods[i]);
    mw_engine_delete(engine);
    printf("test_calls: %d checks, %d failures\n", checks, failures);
    return failures != 0;
}
