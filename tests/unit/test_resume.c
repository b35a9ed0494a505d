/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_resume.c — resumable calls (doc/resume.md): suspension at every kind of point
 * (loop back-edge, fused compare+branch, bulk operation, call, function entry, host
 * call), results and fuel consumption identical to an uninterrupted run in slices of 1,
 * 7 and 1000 units, interrupts, host suspension with supplied results, abort and reuse,
 * traps after a resume, nested host re-entry (not resumable: traps as before) and the
 * errors of the API.
 *
 * The suspension kind is read from the store's internal record (mw_internal.h) so that
 * the test can show each kind was really exercised.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"
#include "minwasm_wat.h"
#include "mw_internal.h"
#include "opcodes.h"

static int failures, checks;
#define CHECK(c) do { checks++; if (!(c)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)

static void *alloc_fn(void *ud, void *p, size_t os, size_t ns)
{
    (void)ud; (void)os;
    if (ns == 0) { free(p); return NULL; }
    return realloc(p, ns);
}

/* The module; BIG_LOCALS is replaced by 72 i64 locals (entry costs 1 + 9 units). */
static const char *wat_src =
    "(module\n"
    "  (import \"host\" \"io\" (func $io (param i32) (result i32)))\n"
    "  (import \"host\" \"add\" (func $hadd (param i32 i32) (result i32)))\n"
    "  (import \"host\" \"reenter\" (func $reenter (param i32) (result i32)))\n"
    "  (import \"host\" \"fill\" (func $fill (param i32 i32)))\n"
    "  (import \"host\" \"irq\" (func $irq))\n"
    "  (memory (export \"mem\") 1)\n"
    "  (table 2 funcref)\n"
    "  (elem (i32.const 0) $sq $fib)\n"
    "  (func $sum (export \"sum\") (param $n i32) (result i64) (local $i i32) (local $acc i64)\n"
    "    (loop $l\n"
    "      (local.set $acc (i64.add (local.get $acc)\n"
    "        (i64.extend_i32_u (i32.mul (local.get $i) (local.get $i)))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (local.get $acc))\n"
    "  (func $fib (export \"fib\") (param $n i32) (result i32)\n"
    "    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2)) (then (local.get $n))\n"
    "      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))\n"
    "                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))\n"
    "  (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))\n"
    "  (func (export \"irqfib\") (param $n i32) (result i32)\n"
    "    (call $irq) (call $fib (local.get $n)))\n"
    "  (func (export \"mix\") (param $n i32) (result i32) (local $i i32) (local $h i32)\n"
    "    (loop $l\n"
    "      (local.set $h (i32.add (local.get $h)\n"
    "        (call_indirect (param i32) (result i32) (local.get $i) (i32.const 0))))\n"
    "      (local.set $h (call $hadd (local.get $h) (local.get $i)))\n"
    "      (memory.fill (i32.const 0) (local.get $i) (i32.const 300))\n"
    "      (memory.copy (i32.const 1000) (i32.const 0) (i32.const 300))\n"
    "      (local.set $h (i32.xor (i32.rotl (local.get $h) (i32.const 5))\n"
    "        (i32.load (i32.const 1200))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.ne (local.get $i) (local.get $n))))\n"
    "    (local.get $h))\n"
    "  (func $big (param $n i32) (result i32) BIG_LOCALS\n"
    "    (local.set 1 (i64.extend_i32_u (local.get $n)))\n"
    "    (local.set 70 (i64.mul (local.get 1) (i64.const 3)))\n"
    "    (i32.wrap_i64 (i64.add (local.get 70) (local.get 72))))\n"
    "  (func (export \"bigcall\") (param $n i32) (result i32) (local $i i32) (local $acc i32)\n"
    "    (loop $l\n"
    "      (local.set $acc (i32.add (local.get $acc) (call $big (local.get $i))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (local.get $acc))\n"
    "  (func (export \"async\") (param $n i32) (result i32) (local $i i32) (local $acc i32)\n"
    "    (loop $l\n"
    "      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31))\n"
    "        (call $io (local.get $i))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (local.get $acc))\n"
    "  (func (export \"nested\") (param $n i32) (result i32)\n"
    "    (i32.add (call $reenter (local.get $n)) (i32.const 1)))\n"
    "  (func (export \"nestloop\") (param $n i32) (result i32) (local $i i32) (local $acc i32)\n"
    "    (local.set $acc (call $reenter (i32.const 3)))\n"
    "    (loop $l\n"
    "      (local.set $acc (i32.add (local.get $acc) (i32.const 2)))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (local.get $acc))\n"
    "  (func (export \"fills\") (param $n i32) (result i32) (local $i i32) (local $acc i32)\n"
    "    (loop $l\n"
    "      (call $fill (local.get $i) (i32.const 1000))\n"
    "      (local.set $acc (i32.add (i32.rotl (local.get $acc) (i32.const 3))\n"
    "        (i32.load (i32.const 996))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (local.get $acc))\n"
    "  (func (export \"divafter\") (param $n i32) (result i32) (local $i i32)\n"
    "    (loop $l\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (i32.div_u (local.get $i) (i32.sub (local.get $n) (local.get $i))))\n"
    ")\n";

static mw_engine *engine;
static mw_store *store;
static mw_instance *inst;
static bool io_async;          /* host io suspends instead of answering */
static int32_t io_pending;     /* its argument while suspended */
static uint32_t seen_kind[8];  /* suspensions seen, by MWI_SUSP_* kind */
static uint32_t seen_fused, seen_bulk;

static int32_t io_answer(int32_t x) { return x * 7 + 3; }

static mw_result host_io(mw_caller *c, void *env, const mw_val *a, size_t na, mw_val *r, size_t nr)
{
    (void)env; (void)na; (void)nr;
    if (io_async) {
        io_pending = a[0].of.i32;
        return mw_caller_suspend(c);
    }
    r[0] = mw_val_i32(io_answer(a[0].of.i32));
    return MW_OK;
}

static mw_result host_add(mw_caller *c, void *env, const mw_val *a, size_t na, mw_val *r, size_t nr)
{
    (void)c; (void)env; (void)na; (void)nr;
    r[0] = mw_val_i32(a[0].of.i32 + a[1].of.i32);
    return MW_OK;
}

/* fill(v, len): fills memory [0, len) with v + offset bytes, charging its fuel first
 * (one unit per 64 bytes), as WASI functions do. */
static mw_result host_fill(mw_caller *c, void *env, const mw_val *a, size_t na, mw_val *r, size_t nr)
{
    (void)env; (void)na; (void)r; (void)nr;
    uint32_t len = (uint32_t)a[1].of.i32;
    mw_result rr = mw_caller_consume_fuel(c, (len + 63) / 64);
    if (rr != MW_OK) return rr;
    uint8_t *m = mw_memory_data(mw_caller_memory(c));
    for (uint32_t i = 0; i < len; i++) m[i] = (uint8_t)(a[0].of.i32 + i * 13);
    return MW_OK;
}

/* Requests an interrupt of its own store, as another thread or a signal handler would. */
static mw_result host_irq(mw_caller *c, void *env, const mw_val *a, size_t na, mw_val *r, size_t nr)
{
    (void)env; (void)a; (void)na; (void)r; (void)nr;
    mw_store_interrupt(mw_caller_store(c));
    return MW_OK;
}

/* Calls back into "sum": a nested activation, which cannot suspend. */
static mw_result host_reenter(mw_caller *c, void *env, const mw_val *a, size_t na, mw_val *r, size_t nr)
{
    (void)env; (void)na; (void)nr;
    mw_extern x;
    if (!mw_caller_export_cstr(c, "sum", &x)) return mw_caller_trap(c, "no sum");
    mw_val res;
    mw_error e;
    mw_result rr = mw_func_call(mw_caller_store(c), x.of.func, a, 1, &res, 1, &e);
    if (rr != MW_OK) return rr;   /* the inner trap (already recorded in the store) */
    r[0] = mw_val_i32((int32_t)res.of.i64);
    return MW_OK;
}

static mw_func *export_fn(const char *name)
{
    mw_extern x;
    if (!mw_instance_export_cstr(inst, name, &x) || x.kind != MW_EXTERN_FUNC) {
        fprintf(stderr, "no export %s\n", name);
        exit(1);
    }
    return x.of.func;
}

static bool is_fused_branch(mw_unit op)
{
    return (op >= IR_BRT_I32_LT_U && op <= IR_BRF_I32_LT_U_RI) ||
           (op >= IR_BRT_I32_NE && op <= IR_BRF_I32_NE_RI);
}

static void note_suspension(void)
{
    const mwi_susp *r = &store->susp;
    if (r->kind == MWI_SUSP_NONE || r->kind >= 8) CHECK(!"a suspension of a known kind");
    seen_kind[r->kind & 7]++;
    if (r->kind == MWI_SUSP_AT_PC) {
        if (is_fused_branch(*r->pc)) seen_fused++;
        if (*r->pc == IR_MEMORY_FILL || *r->pc == IR_MEMORY_COPY) seen_bulk++;
    }
}

/*
 * Run f in fuel slices of `slice` units, answering host suspensions. A slice that makes
 * no progress (the next point costs more) is doubled for that step. Returns the final
 * result code; *used: fuel consumed in all; *nsusp: suspensions.
 */
static mw_result run_sliced(mw_func *f, const mw_val *args, size_t nargs, mw_val *res,
                            size_t nres, uint64_t slice, uint64_t *used, uint32_t *nsusp,
                            mw_error *err)
{
    uint64_t give = slice;
    *used = 0;
    *nsusp = 0;
    mw_store_set_fuel(store, give);
    mw_result r = mw_func_call_resumable(store, f, args, nargs, res, nres, err);
    while (r == MW_SUSPENDED) {
        (*nsusp)++;
        note_suspension();
        uint64_t left = mw_store_get_fuel(store);
        *used += give - left;
        mw_val hr;
        size_t nhr = 0;
        switch (mw_store_suspend_reason(store)) {
        case MW_SUSPEND_FUEL:
            give = left == give ? give * 2 : slice;   /* no progress: a bigger slice */
            break;
        case MW_SUSPEND_HOST:
            CHECK(mw_store_suspended_host(store) != NULL);
            hr = mw_val_i32(io_answer(io_pending));
            nhr = 1;
            give = left ? left : slice;   /* keep what is left of this slice */
            break;
        default:
            CHECK(0);
            mw_call_abort(store);
            return MW_ERR_ARG;
        }
        mw_store_set_fuel(store, give);
        r = mw_call_resume(store, nhr ? &hr : NULL, nhr, res, nres, err);
        if (*nsusp > 50000000u) { CHECK(0); mw_call_abort(store); return MW_ERR_LIMIT; }
    }
    *used += give - mw_store_get_fuel(store);
    CHECK(!mw_store_suspended(store));
    return r;
}

/* Reference: uninterrupted, metered with plenty of fuel. */
static mw_result run_ref(mw_func *f, const mw_val *args, size_t nargs, mw_val *res, size_t nres,
                         uint64_t *used, mw_error *err)
{
    const uint64_t lots = (uint64_t)1 << 50;
    mw_store_set_fuel(store, lots);
    mw_result r = mw_func_call(store, f, args, nargs, res, nres, err);
    *used = lots - mw_store_get_fuel(store);
    return r;
}

static bool same_val(mw_val a, mw_val b)
{
    return a.type == b.type && (a.type == MW_I32 ? a.of.i32 == b.of.i32 : a.of.i64 == b.of.i64);
}

static void test_workloads(void)
{
    static const struct { const char *name; int32_t arg; } w[] = {
        { "sum", 3000 }, { "fib", 17 }, { "mix", 60 }, { "bigcall", 40 }, { "async", 200 },
        { "fills", 30 },
    };
    static const uint64_t slices[] = { 1, 7, 1000 };
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
        mw_func *f = export_fn(w[i].name);
        mw_val arg = mw_val_i32(w[i].arg), ref, got;
        mw_error err;
        uint64_t ref_used;
        io_async = false;
        CHECK(run_ref(f, &arg, 1, &ref, 1, &ref_used, &err) == MW_OK);
        CHECK(ref_used > 100);
        /* Also unmetered: fuel must not change the result. */
        mw_val plain;
        mw_store_disable_fuel(store);
        CHECK(mw_func_call(store, f, &arg, 1, &plain, 1, &err) == MW_OK);
        CHECK(same_val(plain, ref));
        for (size_t k = 0; k < sizeof slices / sizeof slices[0]; k++) {
            uint64_t used;
            uint32_t nsusp;
            io_async = !strcmp(w[i].name, "async");
            mw_result r = run_sliced(f, &arg, 1, &got, 1, slices[k], &used, &nsusp, &err);
            io_async = false;
            CHECK(r == MW_OK);
            CHECK(same_val(got, ref));
            CHECK(used == ref_used);
            if (slices[k] < 1000) CHECK(nsusp >= ref_used / (slices[k] * 20));
            if (r != MW_OK || !same_val(got, ref) || used != ref_used)
                fprintf(stderr, "  %s slice %llu: result %lld vs %lld, fuel %llu vs %llu\n",
                        w[i].name, (unsigned long long)slices[k], (long long)got.of.i64,
                        (long long)ref.of.i64, (unsigned long long)used,
                        (unsigned long long)ref_used);
        }
    }
    /* Every kind of suspension point was exercised. */
    CHECK(seen_kind[MWI_SUSP_AT_PC] > 0);
    CHECK(seen_kind[MWI_SUSP_AT_CALL] > 0);
    CHECK(seen_kind[MWI_SUSP_AT_HOST] > 0);
    CHECK(seen_kind[MWI_SUSP_AT_HOST_RETRY] > 0);
    CHECK(seen_fused > 0);
    CHECK(seen_bulk > 0);
    printf("suspensions: pc %u (fused branch %u, bulk %u), call %u, entry %u, host %u, "
           "host fuel retry %u\n",
           seen_kind[MWI_SUSP_AT_PC], seen_fused, seen_bulk, seen_kind[MWI_SUSP_AT_CALL],
           seen_kind[MWI_SUSP_AT_ENTRY], seen_kind[MWI_SUSP_AT_HOST],
           seen_kind[MWI_SUSP_AT_HOST_RETRY]);
}

static void test_interrupt(void)
{
    mw_func *f = export_fn("sum");
    mw_val arg = mw_val_i32(500), ref, got;
    mw_error err;
    mw_store_disable_fuel(store);
    CHECK(mw_func_call(store, f, &arg, 1, &ref, 1, &err) == MW_OK);
    mw_store_interrupt(store);
    mw_result r = mw_func_call_resumable(store, f, &arg, 1, &got, 1, &err);
    CHECK(r == MW_SUSPENDED);
    CHECK(mw_store_suspend_reason(store) == MW_SUSPEND_INTERRUPT);
    CHECK(store->susp.kind == MWI_SUSP_AT_ENTRY);
    r = mw_call_resume(store, NULL, 0, &got, 1, &err);
    CHECK(r == MW_OK && same_val(got, ref));
    /* Raised during the call, it stops code without loops too: at its next call (the
     * inline call path sees it through s->call_end). */
    f = export_fn("irqfib");
    arg = mw_val_i32(15);
    r = mw_func_call_resumable(store, f, &arg, 1, &got, 1, &err);
    CHECK(r == MW_SUSPENDED);
    CHECK(mw_store_suspend_reason(store) == MW_SUSPEND_INTERRUPT);
    CHECK(store->susp.kind == MWI_SUSP_AT_CALL);
    r = mw_call_resume(store, NULL, 0, &got, 1, &err);
    CHECK(r == MW_OK && got.of.i32 == 610);
    /* Unmetered again: every call takes the inline path. */
    CHECK(store->call_end == store->stack_end);
}

static void test_abort_and_errors(void)
{
    mw_func *sum = export_fn("sum"), *fib = export_fn("fib");
    mw_val arg = mw_val_i32(2000), got, ref;
    mw_error err;
    mw_store_disable_fuel(store);
    CHECK(mw_func_call(store, sum, &arg, 1, &ref, 1, &err) == MW_OK);
    uint32_t frames_before = store->nframes;
    mw_slot *top_before = store->stack_top;

    mw_store_set_fuel(store, 50);
    CHECK(mw_func_call_resumable(store, sum, &arg, 1, &got, 1, &err) == MW_SUSPENDED);
    CHECK(mw_store_suspended(store));
    CHECK(mw_store_suspend_reason(store) == MW_SUSPEND_FUEL);
    CHECK(mw_store_suspended_host(store) == NULL);
    /* The store refuses other calls while suspended. */
    mw_val a10 = mw_val_i32(10), r10;
    CHECK(mw_func_call(store, fib, &a10, 1, &r10, 1, &err) == MW_ERR_ARG);
    CHECK(strstr(err.msg, "suspended") != NULL);
    CHECK(mw_func_call_resumable(store, fib, &a10, 1, &r10, 1, &err) == MW_ERR_ARG);
    /* Host results where no host suspended; too little room for results. */
    mw_val bogus = mw_val_i32(1);
    CHECK(mw_call_resume(store, &bogus, 1, &got, 1, &err) == MW_ERR_ARG);
    CHECK(mw_call_resume(store, NULL, 0, &got, 0, &err) == MW_ERR_ARG);
    CHECK(mw_store_suspended(store));
    /* Resume once more (still suspended), then abort. */
    mw_store_set_fuel(store, 50);
    CHECK(mw_call_resume(store, NULL, 0, &got, 1, &err) == MW_SUSPENDED);
    mw_call_abort(store);
    CHECK(!mw_store_suspended(store));
    CHECK(store->nframes == frames_before && store->stack_top == top_before);
    CHECK(mw_call_resume(store, NULL, 0, &got, 1, &err) == MW_ERR_ARG);
    mw_call_abort(store);   /* no-op */
    /* No fuel at all: it stops at the entry of the called function. */
    mw_store_set_fuel(store, 0);
    CHECK(mw_func_call_resumable(store, fib, &a10, 1, &r10, 1, &err) == MW_SUSPENDED);
    CHECK(store->susp.kind == MWI_SUSP_AT_ENTRY);
    mw_store_set_fuel(store, 1000);
    CHECK(mw_call_resume(store, NULL, 0, &r10, 1, &err) == MW_OK && r10.of.i32 == 55);
    /* The store is usable: plain and resumable calls. */
    mw_store_disable_fuel(store);
    CHECK(mw_func_call(store, fib, &a10, 1, &r10, 1, &err) == MW_OK && r10.of.i32 == 55);
    CHECK(mw_func_call_resumable(store, sum, &arg, 1, &got, 1, &err) == MW_OK);
    CHECK(same_val(got, ref));
}

static void test_host_suspension(void)
{
    mw_func *f = export_fn("async");
    mw_val arg = mw_val_i32(3), got;
    mw_error err;
    mw_store_disable_fuel(store);
    io_async = true;
    CHECK(mw_func_call_resumable(store, f, &arg, 1, &got, 1, &err) == MW_SUSPENDED);
    CHECK(mw_store_suspend_reason(store) == MW_SUSPEND_HOST);
    CHECK(io_pending == 0);
    /* Wrong supplies are refused and leave it suspended. */
    mw_val wrong = mw_val_i64(5), right = mw_val_i32(100);
    CHECK(mw_call_resume(store, NULL, 0, &got, 1, &err) == MW_ERR_ARG);
    CHECK(mw_call_resume(store, &wrong, 1, &got, 1, &err) == MW_ERR_ARG);
    CHECK(mw_store_suspended(store));
    /* Supplied results are what the guest sees: acc = ((100)*31 + 200)*31 + 300. */
    CHECK(mw_call_resume(store, &right, 1, &got, 1, &err) == MW_SUSPENDED);
    CHECK(io_pending == 1);
    right = mw_val_i32(200);
    CHECK(mw_call_resume(store, &right, 1, &got, 1, &err) == MW_SUSPENDED);
    CHECK(io_pending == 2);
    right = mw_val_i32(300);
    CHECK(mw_call_resume(store, &right, 1, &got, 1, &err) == MW_OK);
    CHECK(got.of.i32 == (100 * 31 + 200) * 31 + 300);
    /* Not resumable: a host trap that says why, and the store stays usable. */
    CHECK(mw_func_call(store, f, &arg, 1, &got, 1, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_HOST && strstr(err.msg, "cannot suspend") != NULL);
    CHECK(!mw_store_suspended(store));
    io_async = false;
    CHECK(mw_func_call(store, f, &arg, 1, &got, 1, &err) == MW_OK);
    CHECK(got.of.i32 == (io_answer(0) * 31 + io_answer(1)) * 31 + io_answer(2));
}

static void test_nested_and_traps(void)
{
    mw_func *nested = export_fn("nested"), *div = export_fn("divafter");
    mw_val arg = mw_val_i32(1000), got;
    mw_error err;
    /* The inner activation under the host function runs out: a trap, as before. */
    mw_store_set_fuel(store, 200);
    CHECK(mw_func_call_resumable(store, nested, &arg, 1, &got, 1, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_OUT_OF_FUEL);
    CHECK(!mw_store_suspended(store));
    /* With enough fuel it completes: sum of squares below 10. */
    mw_val a10 = mw_val_i32(10);
    mw_store_set_fuel(store, 1000);
    CHECK(mw_func_call_resumable(store, nested, &a10, 1, &got, 1, &err) == MW_OK);
    CHECK(got.of.i32 == 285 + 1);
    /* A completed re-entry leaves the outer call resumable. */
    mw_val a1000 = mw_val_i32(1000);
    mw_store_set_fuel(store, 100);
    CHECK(mw_func_call_resumable(store, export_fn("nestloop"), &a1000, 1, &got, 1, &err) == MW_SUSPENDED);
    CHECK(mw_store_suspend_reason(store) == MW_SUSPEND_FUEL);
    mw_store_set_fuel(store, 100000);
    CHECK(mw_call_resume(store, NULL, 0, &got, 1, &err) == MW_OK && got.of.i32 == 5 + 2000);
    /* A trap after resumes ends the call and is reported like any trap. */
    uint64_t used;
    uint32_t nsusp;
    CHECK(run_sliced(div, &a10, 1, &got, 1, 3, &used, &nsusp, &err) == MW_ERR_TRAP);
    CHECK(err.trap == MW_TRAP_DIV_BY_ZERO && nsusp > 1);
    CHECK(mw_store_trap_frames(store) >= 1);
    CHECK(!mw_store_suspended(store) && store->nframes == 0);
    mw_store_disable_fuel(store);
    mw_val a5 = mw_val_i32(5);
    CHECK(mw_func_call(store, export_fn("fib"), &a5, 1, &got, 1, &err) == MW_OK && got.of.i32 == 5);
}

int main(void)
{
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc_fn;
    mw_error err;
    if (mw_engine_new(&cfg, &engine, &err) != MW_OK) { fprintf(stderr, "engine: %s\n", err.msg); return 1; }
    /* The module text with 72 i64 locals in $big. */
    char locals[400] = "(local", *text;
    for (int i = 0; i < 72; i++) strcat(locals, " i64");
    strcat(locals, ")");
    const char *hole = strstr(wat_src, "BIG_LOCALS");
    size_t n = strlen(wat_src) + strlen(locals) + 1;
    text = malloc(n);
    snprintf(text, n, "%.*s%s%s", (int)(hole - wat_src), wat_src, locals, hole + strlen("BIG_LOCALS"));
    uint8_t *bin;
    size_t len;
    mwt_error werr;
    if (mwt_wat_to_wasm(alloc_fn, NULL, text, strlen(text), &bin, &len, &werr) != MW_OK) {
        fprintf(stderr, "wat %u:%u: %s\n", werr.line, werr.col, werr.msg);
        return 1;
    }
    free(text);
    mw_module *m;
    if (mw_module_new(engine, bin, len, &m, &err) != MW_OK) { fprintf(stderr, "module: %s\n", err.msg); return 1; }
    alloc_fn(NULL, bin, len, 0);
    if (mw_store_new(engine, NULL, &store, &err) != MW_OK) return 1;
    static const mw_valtype i1[] = { MW_I32 }, i2[] = { MW_I32, MW_I32 };
    mw_functype t11 = { 1, 1, i1, i1 }, t21 = { 2, 1, i2, i1 }, t20 = { 2, 0, i2, NULL };
    mw_functype t00 = { 0, 0, NULL, NULL };
    mw_func *fio, *fadd, *fre, *ffill, *firq;
    if (mw_func_new_host(store, &t11, host_io, NULL, NULL, &fio, &err) != MW_OK ||
        mw_func_new_host(store, &t21, host_add, NULL, NULL, &fadd, &err) != MW_OK ||
        mw_func_new_host(store, &t11, host_reenter, NULL, NULL, &fre, &err) != MW_OK ||
        mw_func_new_host(store, &t20, host_fill, NULL, NULL, &ffill, &err) != MW_OK ||
        mw_func_new_host(store, &t00, host_irq, NULL, NULL, &firq, &err) != MW_OK) {
        fprintf(stderr, "host: %s\n", err.msg);
        return 1;
    }
    mw_extern imps[5];
    imps[0].kind = imps[1].kind = imps[2].kind = imps[3].kind = imps[4].kind = MW_EXTERN_FUNC;
    imps[0].of.func = fio; imps[1].of.func = fadd; imps[2].of.func = fre; imps[3].of.func = ffill;
    imps[4].of.func = firq;
    if (mw_instance_new(store, m, imps, 5, &inst, &err) != MW_OK) { fprintf(stderr, "inst: %s\n", err.msg); return 1; }

    test_workloads();
    test_interrupt();
    test_abort_and_errors();
    test_host_suspension();
    test_nested_and_traps();

    mw_store_delete(store);
    mw_module_delete(m);
    mw_engine_delete(engine);
    printf("test_resume: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
