/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * marshal.c — values between wasm slots and the embedder's mw_val: the conversions, the
 * value helpers of the API, and the host-function boundary (calling a host function with
 * its arguments converted, and the mw_caller API it uses while it runs).
 *
 * The bottom of the runtime's layering (doc/layout.md): the store, the interpreter,
 * native code and call.c all convert through here, and nothing here calls them.
 */
#include "mw_internal.h"

/* ------------------------------------------------------------------ values */

mw_val mw_val_f32(float v)
{
    uint32_t b;
    memcpy(&b, &v, sizeof b);
    return mw_val_f32_bits(b);
}

mw_val mw_val_f64(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return mw_val_f64_bits(b);
}

float mw_val_as_f32(const mw_val *v)
{
    float f;
    memcpy(&f, &v->of.f32_bits, sizeof f);
    return f;
}

double mw_val_as_f64(const mw_val *v)
{
    double d;
    memcpy(&d, &v->of.f64_bits, sizeof d);
    return d;
}

mw_slot mwW_val_to_slot(const mw_val *v)
{
    switch (v->type) {
    case MW_I32: return (mw_slot)(uint32_t)v->of.i32;
    case MW_I64: return (mw_slot)v->of.i64;
    case MW_F32: return (mw_slot)v->of.f32_bits;
    case MW_F64: return (mw_slot)v->of.f64_bits;
    case MW_FUNCREF: return (mw_slot)(uintptr_t)v->of.funcref;
    case MW_EXTERNREF: return (mw_slot)(uintptr_t)v->of.externref;
    default: return 0;
    }
}

mw_val mwW_slot_to_val(mw_slot s, mw_valtype t)
{
    mw_val v;
    v.type = t;
    v.of.i64 = 0;
    switch (t) {
    case MW_I32: v.of.i32 = (int32_t)(uint32_t)s; break;
    case MW_I64: v.of.i64 = (int64_t)s; break;
    case MW_F32: v.of.f32_bits = (uint32_t)s; break;
    case MW_F64: v.of.f64_bits = s; break;
    case MW_FUNCREF: v.of.funcref = (mw_func *)(uintptr_t)s; break;
    case MW_EXTERNREF: v.of.externref = (void *)(uintptr_t)s; break;
    default: break;
    }
    return v;
}

uint32_t mwW_types_slots(const mw_valtype *t, uint32_t n)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        k += mwi_slots(t[i]);
    return k;
}

uint32_t mwW_val_to_slots(const mw_val *v, mw_slot *out)
{
    if (v->type == MW_V128) {
        memcpy(out, v->of.v128, 16);
        return 2;
    }
    out[0] = mwW_val_to_slot(v);
    return 1;
}

mw_val mwW_slots_to_val(const mw_slot *s, mw_valtype t)
{
    if (t != MW_V128)
        return mwW_slot_to_val(s[0], t);
    mw_val v;
    v.type = MW_V128;
    memcpy(v.of.v128, s, 16);
    return v;
}

void mwW_vals_to_slots(const mw_val *v, uint32_t n, mw_slot *out)
{
    for (uint32_t i = 0, k = 0; i < n; i++)
        k += mwW_val_to_slots(&v[i], out + k);
}

void mwW_slots_to_vals(const mw_slot *s, const mw_valtype *t, uint32_t n, mw_val *out)
{
    for (uint32_t i = 0, k = 0; i < n; i++) {
        out[i] = mwW_slots_to_val(s + k, t[i]);
        k += mwi_slots(t[i]);
    }
}

bool mwW_val_owned(const mw_store *s, const mw_val *v)
{
    return v->type != MW_FUNCREF || !v->of.funcref || v->of.funcref->hdr.store == s;
}

/* ------------------------------------------------------------------ host calls */

/* The mw_val arrays are laid out in free stack space at `room`. A trap of the host
 * itself has no wasm frames yet: its callers add theirs as it propagates. */
mw_trap_code mwW_call_host(mw_store *s, mw_func *f, mw_instance *inst, mw_slot *args,
                           mw_slot *room)
{
    const mw_functype *t = f->type;
    uint32_t np = t->nparams, nr = t->nresults;
    size_t need = ((size_t)np + nr) * (sizeof(mw_val) / sizeof(mw_slot));
    if (room < s->stack || room > s->stack_end || (size_t)(s->stack_end - room) < need)
        return MW_TRAP_STACK_EXHAUSTED;
    mw_val *av = (mw_val *)(void *)room, *rv = av + np;
    mwW_slots_to_vals(args, t->params, np, av);
    for (uint32_t i = 0; i < nr; i++) {
        mw_slot zero[2] = { 0, 0 };
        rv[i] = mwW_slots_to_val(zero, t->results[i]);
    }
    mw_slot *saved_top = s->stack_top;
    s->stack_top = room + need;
    mw_caller caller;
    caller.store = s;
    caller.inst = inst;
    s->trap = MW_TRAP_NONE;
    s->nbt = 0;
    s->host_suspend = 0;
    s->host_fuel_short = 0;
    mw_result r = f->host(&caller, f->env, av, np, rv, nr);
    s->stack_top = saved_top;
    if (r == MW_SUSPENDED && s->host_suspend) {
        s->host_suspend = 0;
        return MWI_TRAP_SUSPEND;   /* results come with mw_call_resume */
    }
    if (r != MW_OK) {
        if (s->trap == MW_TRAP_NONE) {
            s->trap = MW_TRAP_HOST;
            mwE_format(s->trap_msg, sizeof s->trap_msg, "host function failed (%s)",
                       mw_result_name(r));
        }
        return s->trap;
    }
    for (uint32_t i = 0; i < nr; i++) {
        if (rv[i].type != t->results[i] || !mwW_val_owned(s, &rv[i])) {
            s->trap = MW_TRAP_HOST;
            mwE_format(s->trap_msg, sizeof s->trap_msg, rv[i].type != t->results[i]
                       ? "host function returned result %u of the wrong type"
                       : "host function returned result %u: a function of another store", i);
            return MW_TRAP_HOST;
        }
    }
    mwW_vals_to_slots(rv, nr, args);
    return MW_TRAP_NONE;
}

/* ------------------------------------------------------------------ caller API */

/* mw_caller_export looks in the instance's exports: it is in instance.c. */

mw_store *mw_caller_store(mw_caller *caller) { return caller->store; }

mw_memory *mw_caller_memory(mw_caller *caller)
{
    return caller->inst ? caller->inst->mem : NULL;
}

mw_result mw_caller_trap(mw_caller *caller, const char *msg)
{
    mw_store *s = caller->store;
    s->trap = MW_TRAP_HOST;
    if (!msg)
        msg = mw_trap_message(MW_TRAP_HOST);
    size_t n = mwE_strlen(msg);
    if (n >= sizeof s->trap_msg)
        n = sizeof s->trap_msg - 1;
    memmove(s->trap_msg, msg, n);
    s->trap_msg[n] = '\0';
    return MW_ERR_TRAP;
}

mw_result mw_caller_consume_fuel(mw_caller *caller, uint64_t units)
{
    mw_store *s = caller->store;
    if (!(MWI_POLL_LOAD(&s->sh.poll) & MWI_POLL_FUEL))
        return MW_OK;
    if (s->fuel < units) {
        /* Nothing done yet: a resumable call can run this host call again (resume.md). */
        s->host_fuel_short = s->reentry == 1;
        s->trap = MW_TRAP_OUT_OF_FUEL;
        mwE_format(s->trap_msg, sizeof s->trap_msg, "%s", mw_trap_message(MW_TRAP_OUT_OF_FUEL));
        return MW_ERR_TRAP;
    }
    s->fuel -= units;
    return MW_OK;
}

mw_result mw_caller_suspend(mw_caller *caller)
{
    mw_store *s = caller->store;
    if (!s->resumable || s->reentry != 1) {
        s->trap = MW_TRAP_HOST;
        mwE_format(s->trap_msg, sizeof s->trap_msg, "cannot suspend: %s",
                   s->resumable ? "a nested call (host re-entry) is not resumable"
                                : "the call was not made with mw_func_call_resumable");
        return MW_ERR_TRAP;
    }
    s->host_suspend = 1;
    return MW_SUSPENDED;
}

mw_result mw_caller_exit(mw_caller *caller, int32_t code)
{
    caller->store->trap = MW_TRAP_EXIT;
    caller->store->exit_code = code;
    return MW_ERR_TRAP;
}
