/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * scheduler.c — a cooperative round-robin scheduler of wasm tasks on one thread, as an
 * RTOS user would write it with resumable calls (doc/resume.md).
 *
 * Each task is an instance of the same module in its own store (a store holds at most
 * one suspended call). The scheduler gives the running task a time slice of fuel; when
 * the slice is used up the task's call returns MW_SUSPENDED and the next ready task
 * runs. A task can also block: its host call "sleep(ticks)" suspends it
 * (mw_caller_suspend) until the scheduler's tick count reaches its wake-up time, and
 * the scheduler then supplies the host call's result (the tick it woke at).
 *
 * At the end every task's result is checked against the same call run uninterrupted in
 * a fresh store; the program exits 1 on any difference.
 *
 * Build (from the repo root):
 *   cc -std=c11 -Iinclude examples/scheduler/scheduler.c build/libminwasm.a \
 *      build/libminwasm-platform-posix.a -lm -lpthread -o scheduler
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"
#include "minwasm_wat.h"

/* Three kinds of work: counting primes (loops), a recursive sum (calls), and a
 * producer that sleeps between batches (host suspension). */
static const char task_wat[] =
    "(module\n"
    "  (import \"rtos\" \"sleep\" (func $sleep (param i32) (result i32)))\n"
    "  (func $isprime (param $n i32) (result i32) (local $d i32)\n"
    "    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return (i32.const 0))))\n"
    "    (local.set $d (i32.const 2))\n"
    "    (block $done (loop $l\n"
    "      (br_if $done (i32.gt_u (i32.mul (local.get $d) (local.get $d)) (local.get $n)))\n"
    "      (if (i32.eqz (i32.rem_u (local.get $n) (local.get $d))) (then (return (i32.const 0))))\n"
    "      (local.set $d (i32.add (local.get $d) (i32.const 1)))\n"
    "      (br $l)))\n"
    "    (i32.const 1))\n"
    "  (func (export \"primes\") (param $n i32) (result i32) (local $i i32) (local $c i32)\n"
    "    (loop $l\n"
    "      (local.set $c (i32.add (local.get $c) (call $isprime (local.get $i))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (local.get $c))\n"
    "  (func $tsum (export \"tsum\") (param $n i32) (result i32)\n"
    "    (if (result i32) (i32.le_u (local.get $n) (i32.const 1)) (then (local.get $n))\n"
    "      (else (i32.add (local.get $n)\n"
    "        (i32.add (call $tsum (i32.shr_u (local.get $n) (i32.const 1)))\n"
    "                 (call $tsum (i32.sub (local.get $n) (i32.const 1))))))))\n"
    "  (func (export \"producer\") (param $n i32) (result i32) (local $i i32) (local $h i32)\n"
    "    (loop $l\n"
    "      (local.set $h (i32.xor (i32.mul (local.get $h) (i32.const 16777619))\n"
    "        (i32.add (local.get $i) (call $sleep (i32.const 3)))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n"
    "    (local.get $h))\n"
    ")\n";

#define SLICE 500   /* fuel per time slice */
#define NTASKS 5

typedef struct task {
    const char *entry;
    int32_t arg;
    mw_store *store;
    mw_func *fn;
    enum { READY, SLEEPING, DONE, FAILED } state;
    uint64_t wake_at;          /* SLEEPING: the tick to wake at */
    uint32_t slices, sleeps;
    mw_val result;
} task;

static uint64_t ticks;         /* the scheduler's clock: one tick per slice run */
static bool simulate_sleep;    /* false for the reference runs: sleep returns at once */

static void *alloc_fn(void *ud, void *p, size_t os, size_t ns)
{
    (void)ud; (void)os;
    if (ns == 0) { free(p); return NULL; }
    return realloc(p, ns);
}

/* rtos.sleep(n): block the task for n ticks; returns the tick it woke at (here its low
 * bits are not deterministic across schedules, so it returns n, like a driver that
 * reports the ticks slept). */
static mw_result host_sleep(mw_caller *c, void *env, const mw_val *a, size_t na,
                            mw_val *r, size_t nr)
{
    (void)env; (void)na; (void)nr;
    if (!simulate_sleep) {
        r[0] = mw_val_i32(a[0].of.i32);
        return MW_OK;
    }
    task *t = mw_store_get_data(mw_caller_store(c));
    t->wake_at = ticks + (uint64_t)(uint32_t)a[0].of.i32;
    return mw_caller_suspend(c);   /* the scheduler resumes it with the result */
}

static mw_result make_task(mw_engine *e, mw_module *m, task *t, mw_error *err)
{
    mw_result r = mw_store_new(e, NULL, &t->store, err);
    if (r != MW_OK) return r;
    mw_store_set_data(t->store, t);
    static const mw_valtype i32[] = { MW_I32 };
    mw_functype ft = { 1, 1, i32, i32 };
    mw_extern imp;
    imp.kind = MW_EXTERN_FUNC;
    if ((r = mw_func_new_host(t->store, &ft, host_sleep, NULL, NULL, &imp.of.func, err)) != MW_OK)
        return r;
    mw_instance *inst;
    if ((r = mw_instance_new(t->store, m, &imp, 1, &inst, err)) != MW_OK) return r;
    mw_extern x;
    if (!mw_instance_export_cstr(inst, t->entry, &x)) return MW_ERR_NOT_FOUND;
    t->fn = x.of.func;
    return MW_OK;
}

/* One time slice of task t: start or continue its call with SLICE units of fuel. */
static void run_slice(task *t, bool first)
{
    mw_error err;
    mw_val host_result, *hr = NULL;
    size_t nhr = 0;
    if (!first && mw_store_suspend_reason(t->store) == MW_SUSPEND_HOST) {
        host_result = mw_val_i32((int32_t)3);   /* the ticks slept */
        hr = &host_result;
        nhr = 1;
    }
    mw_store_set_fuel(t->store, SLICE);
    mw_val arg = mw_val_i32(t->arg);
    mw_result r = first ? mw_func_call_resumable(t->store, t->fn, &arg, 1, &t->result, 1, &err)
                        : mw_call_resume(t->store, hr, nhr, &t->result, 1, &err);
    t->slices++;
    if (r == MW_OK) {
        t->state = DONE;
    } else if (r == MW_SUSPENDED) {
        if (mw_store_suspend_reason(t->store) == MW_SUSPEND_HOST) {
            t->state = SLEEPING;
            t->sleeps++;
        }
    } else {
        fprintf(stderr, "task %s(%d) failed: %s\n", t->entry, t->arg, err.msg);
        t->state = FAILED;
    }
}

int main(void)
{
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc_fn;
    mw_engine *e;
    mw_error err;
    if (mw_engine_new(&cfg, &e, &err) != MW_OK) { fprintf(stderr, "%s\n", err.msg); return 1; }
    uint8_t *bin;
    size_t len;
    mwt_error werr;
    if (mwt_wat_to_wasm(alloc_fn, NULL, task_wat, sizeof task_wat - 1, &bin, &len, &werr) != MW_OK) {
        fprintf(stderr, "wat %u:%u: %s\n", werr.line, werr.col, werr.msg);
        return 1;
    }
    mw_module *m;
    mw_result r = mw_module_new(e, bin, len, &m, &err);
    alloc_fn(NULL, bin, len, 0);
    if (r != MW_OK) { fprintf(stderr, "%s\n", err.msg); return 1; }

    task tasks[NTASKS] = {
        { .entry = "primes", .arg = 20000 }, { .entry = "tsum", .arg = 24 },
        { .entry = "producer", .arg = 40 }, { .entry = "primes", .arg = 5000 },
        { .entry = "producer", .arg = 7 },
    };
    for (int i = 0; i < NTASKS; i++) {
        if (make_task(e, m, &tasks[i], &err) != MW_OK) {
            fprintf(stderr, "task %d: %s\n", i, err.msg);
            return 1;
        }
    }

    /* The scheduler: round robin over ready tasks; sleeping ones wake on their tick. */
    simulate_sleep = true;
    bool started[NTASKS] = { false };
    for (int live = NTASKS; live > 0; ticks++) {
        live = 0;
        for (int i = 0; i < NTASKS; i++) {
            task *t = &tasks[i];
            if (t->state == SLEEPING && ticks >= t->wake_at) t->state = READY;
            if (t->state == DONE || t->state == FAILED) continue;
            live++;
            if (t->state != READY) continue;
            run_slice(t, !started[i]);
            started[i] = true;
        }
    }

    /* Check each result against an uninterrupted run in a fresh store. */
    simulate_sleep = false;
    int bad = 0;
    for (int i = 0; i < NTASKS; i++) {
        task *t = &tasks[i], ref = { .entry = t->entry, .arg = t->arg };
        mw_val arg = mw_val_i32(t->arg), want;
        if (make_task(e, m, &ref, &err) != MW_OK ||
            mw_func_call(ref.store, ref.fn, &arg, 1, &want, 1, &err) != MW_OK) {
            fprintf(stderr, "reference %d: %s\n", i, err.msg);
            return 1;
        }
        bool same = t->state == DONE && want.of.i32 == t->result.of.i32;
        bad += !same;
        printf("task %d %-8s(%5d) = %11d in %4u slices, %2u sleeps  %s\n", i, t->entry, t->arg,
               t->result.of.i32, t->slices, t->sleeps, same ? "ok" : "DIFFERS");
        mw_store_delete(ref.store);
        mw_store_delete(t->store);
    }
    printf("%llu ticks\n", (unsigned long long)ticks);
    mw_module_delete(m);
    mw_engine_delete(e);
    return bad ? 1 : 0;
}
