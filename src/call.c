/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * call.c — activations: calls from the embedder (mw_func_call and the resumable calls of
 * doc/resume.md), re-entry from host functions and native code (mwA_call), resuming a
 * suspended activation, and the trap report the API returns.
 *
 * An activation is one run of the interpreter (interp.c) or of a native function
 * (native.c) on the C stack, inside trap.c's jump buffer. wasm-to-wasm calls never come
 * here: the interpreter keeps them on the store's frame stack. Host functions re-enter
 * through the API, so the nesting is bounded here by the C stack it uses
 * (max_native_stack) and by a count (max_host_reentry).
 */
#include "mw_internal.h"

mw_result mwA_report_trap(mw_store *s, mw_trap_code trap, mw_error *err)
{
    const char *msg = mw_trap_message(trap);
    if (trap == MW_TRAP_HOST && s->trap_msg[0])
        msg = s->trap_msg;
    mwE_trap(err, trap, msg);
    if (err && trap == MW_TRAP_EXIT && err->code == MW_ERR_TRAP && err->trap == MW_TRAP_EXIT)
        err->exit_code = s->exit_code;
    return MW_ERR_TRAP;
}

/* ------------------------------------------------------------------ activations */

/* The body trap.c runs inside its jump buffer. */
static mw_trap_code run_body(mw_store *s, mw_func *f, mw_slot *args, const mwi_susp *r)
{
    return f->native ? mwK_call(s, f, args) : mwI_run(s, f, args, r);
}

/* One activation on the C stack: a new call of f, or (r) the continuation of r. */
static mw_trap_code activate(mw_store *s, mw_func *f, mw_slot *args, const mwi_susp *r)
{
    /* Host re-entry recurses in C: bound it by the stack it really uses. */
#if defined(__GNUC__) || defined(__clang__)
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
#else
    char here;
    uintptr_t sp = (uintptr_t)&here;
#endif
    if (s->reentry == 0) {
        s->native_base = sp;
        /* Native code checks its frames against this (aot_abi.h); the stack grows down
         * on every target minwasm supports. */
        s->sh.stack_limit = sp > s->engine->max_native_stack ? sp - s->engine->max_native_stack : 0;
    } else {
        uintptr_t used = s->native_base > sp ? s->native_base - sp : sp - s->native_base;
        if (s->reentry >= s->max_reentry || used > s->engine->max_native_stack)
            return MW_TRAP_STACK_EXHAUSTED;
    }
    s->reentry++;
    mw_slot *saved_top = s->stack_top;
    mw_trap_code t = mwT_guarded(s, run_body, f, args, r);
    s->stack_top = saved_top;
    s->reentry--;
    if (t != MW_TRAP_NONE && t != MW_TRAP_HOST && t != MW_TRAP_EXIT && t != MWI_TRAP_SUSPEND) {
        s->trap = t;
        mwE_format(s->trap_msg, sizeof s->trap_msg, "%s", mw_trap_message(t));
    }
    return t;
}

mw_trap_code mwA_call(mw_store *s, mw_func *f, mw_slot *args)
{
    if (s->reentry == 0 && s->susp.kind != MWI_SUSP_NONE) {
        /* Its frames and slots are still in use (doc/resume.md). */
        s->trap = MW_TRAP_HOST;
        mwE_format(s->trap_msg, sizeof s->trap_msg,
                   "the store has a suspended call: resume or abort it first");
        return MW_TRAP_HOST;
    }
    if (!f->code && !f->native) {
        uint32_t np = mwW_types_slots(f->type->params, f->type->nparams);
        uint32_t nr = mwW_types_slots(f->type->results, f->type->nresults);
        mw_trap_code t = mwW_call_host(s, f, NULL, args, args + (np > nr ? np : nr));
        return t == MWI_TRAP_SUSPEND ? MW_TRAP_HOST : t;   /* mw_caller_suspend refused it */
    }
    return activate(s, f, args, NULL);
}

mw_trap_code mwA_resume(mw_store *s)
{
    mwi_susp r = s->susp;
    s->susp.kind = MWI_SUSP_NONE;   /* rewritten if it stops again */
    s->nframes = r.base_frames;
    return activate(s, r.fn, r.fp, &r);
}

/* ------------------------------------------------------------------ calls from the API */

static mw_result call(mw_store *store, mw_func *f, const mw_val *args, size_t nargs,
                      mw_val *results, size_t nresults, mw_error *err, bool resumable)
{
    mwE_clear(err);
    if (!store || !f)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_func_call: NULL store or function");
    if (store->susp.kind != MWI_SUSP_NONE)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX,
                       "the store has a suspended call: resume or abort it first");
    if (f->hdr.store != store)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "function belongs to another store");
    const mw_functype *t = f->type;
    if (nargs != t->nparams)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "expected %u arguments, got %zu",
                       t->nparams, nargs);
    if (nresults < t->nresults)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "expected room for %u results, got %zu",
                       t->nresults, nresults);
    if ((nargs && !args) || (t->nresults && !results))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_func_call: NULL argument or result array");
    for (uint32_t i = 0; i < t->nparams; i++) {
        if (args[i].type != t->params[i])
            return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "argument %u: expected %s, got %s", i,
                           mw_valtype_name(t->params[i]), mw_valtype_name(args[i].type));
        if (!mwW_val_owned(store, &args[i]))
            return mwE_set(err, MW_ERR_ARG, SIZE_MAX,
                           "argument %u: function reference of another store", i);
    }

    /* Arguments go in, results come back, in the same slots at the stack top. */
    uint32_t np = mwW_types_slots(t->params, t->nparams);
    uint32_t nr = mwW_types_slots(t->results, t->nresults);
    size_t need = np > nr ? np : nr;
    if ((size_t)(store->stack_end - store->stack_top) < need)
        return mwA_report_trap(store, MW_TRAP_STACK_EXHAUSTED, err);
    mw_slot *sp = store->stack_top;
    mwW_vals_to_slots(args, t->nparams, sp);
    /* A host function's call into its own store must not clear the outer call's flag. */
    uint8_t outer_resumable = store->resumable;
    store->resumable = resumable;
    mw_trap_code trap = mwA_call(store, f, sp);
    store->resumable = outer_resumable;
    if (trap == MWI_TRAP_SUSPEND) {
        store->susp.entry = f;
        store->susp.args = sp;
        store->susp.saved_top = store->stack_top;
        return MW_SUSPENDED;
    }
    if (trap != MW_TRAP_NONE)
        return mwA_report_trap(store, trap, err);
    mwW_slots_to_vals(sp, t->results, t->nresults, results);
    return MW_OK;
}

mw_result mw_func_call(mw_store *store, mw_func *f, const mw_val *args, size_t nargs,
                       mw_val *results, size_t nresults, mw_error *err)
{
    return call(store, f, args, nargs, results, nresults, err, false);
}

/* ------------------------------------------------------------------ resumable calls */

mw_result mw_func_call_resumable(mw_store *store, mw_func *f, const mw_val *args, size_t nargs,
                                 mw_val *results, size_t nresults, mw_error *err)
{
    return call(store, f, args, nargs, results, nresults, err, true);
}

mw_result mw_call_resume(mw_store *store, const mw_val *host_results, size_t nhost,
                         mw_val *results, size_t nresults, mw_error *err)
{
    mwE_clear(err);
    if (!store)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_call_resume: NULL store");
    mwi_susp *r = &store->susp;
    if (r->kind == MWI_SUSP_NONE)
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "mw_call_resume: no suspended call");
    const mw_functype *t = r->entry->type;
    if (nresults < t->nresults || (t->nresults && !results))
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "expected room for %u results, got %zu",
                       t->nresults, results ? nresults : 0);
    if (r->kind == MWI_SUSP_AT_HOST) {
        /* The suspended host call's results, checked as a host function's are. */
        const mw_functype *ht = r->callee->type;
        if (nhost != ht->nresults || (nhost && !host_results))
            return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "expected %u host results, got %zu",
                           ht->nresults, nhost);
        for (uint32_t i = 0; i < ht->nresults; i++) {
            if (host_results[i].type != ht->results[i])
                return mwE_set(err, MW_ERR_ARG, SIZE_MAX, "host result %u: expected %s, got %s",
                               i, mw_valtype_name(ht->results[i]),
                               mw_valtype_name(host_results[i].type));
            if (!mwW_val_owned(store, &host_results[i]))
                return mwE_set(err, MW_ERR_ARG, SIZE_MAX,
                               "host result %u: function reference of another store", i);
        }
        mwW_vals_to_slots(host_results, ht->nresults, r->nfp);
        r->kind = MWI_SUSP_AT_PC;   /* supplied: a second resume must not write them again */
    } else if (nhost) {
        return mwE_set(err, MW_ERR_ARG, SIZE_MAX,
                       "host results given, but no host function suspended the call");
    }
    mw_func *entry = r->entry;
    mw_slot *sp = r->args;
    store->resumable = 1;
    mw_trap_code trap = mwA_resume(store);
    store->resumable = 0;
    if (trap == MWI_TRAP_SUSPEND)
        return MW_SUSPENDED;   /* entry, args and saved_top are unchanged */
    if (trap != MW_TRAP_NONE)
        return mwA_report_trap(store, trap, err);
    mwW_slots_to_vals(sp, entry->type->results, entry->type->nresults, results);
    return MW_OK;
}

void mw_call_abort(mw_store *store)
{
    if (!store || store->susp.kind == MWI_SUSP_NONE)
        return;
    store->nframes = store->susp.base_frames;
    store->stack_top = store->susp.saved_top;
    store->susp.kind = MWI_SUSP_NONE;
    store->susp.reason = MW_SUSPEND_NONE;
}

bool mw_store_suspended(const mw_store *store)
{
    return store && store->susp.kind != MWI_SUSP_NONE;
}

mw_suspend_reason mw_store_suspend_reason(const mw_store *store)
{
    return mw_store_suspended(store) ? (mw_suspend_reason)store->susp.reason : MW_SUSPEND_NONE;
}

mw_func *mw_store_suspended_host(const mw_store *store)
{
    return mw_store_suspend_reason(store) == MW_SUSPEND_HOST ? store->susp.callee : NULL;
}
