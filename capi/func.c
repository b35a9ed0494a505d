/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * func.c — wasm.h function instances (host functions with and without environment,
 * calls, types) and the conversion of values between wasm.h and minwasm.
 *
 * A host function is a minwasm host function whose environment (host_env) holds the
 * wasm.h callback; the trampoline converts values both ways. A trap the callback
 * returns is parked in the store (pending_trap) while minwasm unwinds, and the
 * wasm_func_call that sees the host trap returns that very object, with the trace of
 * the wasm frames below the host function recorded.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi.h"

/* ------------------------------------------------------------------ values */

mw_valtype mwG_valtype_to_mw(wasm_valkind_t k, bool *ok)
{
    switch (k) {
    case WASM_I32: return MW_I32;
    case WASM_I64: return MW_I64;
    case WASM_F32: return MW_F32;
    case WASM_F64: return MW_F64;
    case WASM_ANYREF: return MW_EXTERNREF;
    case WASM_FUNCREF: return MW_FUNCREF;
    default: *ok = false; return MW_I32;
    }
}

wasm_valkind_t mwG_valtype_from_mw(mw_valtype t, bool *ok)
{
    switch (t) {
    case MW_I32: return WASM_I32;
    case MW_I64: return WASM_I64;
    case MW_F32: return WASM_F32;
    case MW_F64: return WASM_F64;
    case MW_EXTERNREF: return WASM_ANYREF;
    case MW_FUNCREF: return WASM_FUNCREF;
    default: *ok = false; return WASM_I32;
    }
}

bool mwG_ref_to_mw(wasm_store_t *s, const wasm_ref_t *r, mw_valtype want, mw_val *out)
{
    mwG_obj *o = MWG_OBJ(r);
    out->type = want;
    out->of.i64 = 0;
    if (want == MW_FUNCREF) {
        if (o && (o->kind != MWG_FUNC || o->store != s)) return false;
        out->of.funcref = o ? o->u.func : NULL;
        return true;
    }
    if (want != MW_EXTERNREF || (o && o->store != s)) return false;
    if (o) mwG_obj_pin(o);
    out->of.externref = o;
    return true;
}

bool mwG_val_to_mw(wasm_store_t *s, const wasm_val_t *v, mw_valtype want, mw_val *out,
                   const char **msg)
{
    bool ok = true;
    wasm_valkind_t k = mwG_valtype_from_mw(want, &ok);
    if (!ok) {
        *msg = "v128 values are not supported through wasm.h";
        return false;
    }
    /* Either reference kind is accepted for a reference (WASM_REF_VAL says anyref);
     * the object itself must fit. */
    if (wasm_valkind_is_ref(k) ? !wasm_valkind_is_ref(v->kind) : v->kind != k) {
        *msg = "a value has the wrong type";
        return false;
    }
    out->type = want;
    out->of.i64 = 0;
    switch (want) {
    case MW_I32: out->of.i32 = v->of.i32; break;
    case MW_I64: out->of.i64 = v->of.i64; break;
    case MW_F32: memcpy(&out->of.f32_bits, &v->of.f32, 4); break;
    case MW_F64: memcpy(&out->of.f64_bits, &v->of.f64, 8); break;
    default:
        if (!mwG_ref_to_mw(s, v->of.ref, want, out)) {
            *msg = want == MW_FUNCREF ? "a funcref value is not a function of this store"
                                      : "a reference belongs to another store";
            return false;
        }
        break;
    }
    return true;
}

void mwG_val_from_mw(wasm_store_t *s, const mw_val *v, wasm_val_t *out)
{
    bool ok = true;
    out->kind = mwG_valtype_from_mw(v->type, &ok);
    out->of.i64 = 0;
    switch (v->type) {
    case MW_I32: out->of.i32 = v->of.i32; break;
    case MW_I64: out->of.i64 = v->of.i64; break;
    case MW_F32: memcpy(&out->of.f32, &v->of.f32_bits, 4); break;
    case MW_F64: memcpy(&out->of.f64, &v->of.f64_bits, 8); break;
    case MW_FUNCREF:
        out->of.ref = v->of.funcref
                          ? (wasm_ref_t *)(void *)mwG_obj_for(s, MWG_FUNC, v->of.funcref)
                          : NULL;
        break;
    case MW_EXTERNREF:
        /* Only wasm.h objects enter a wasm.h store as externref (wasm cannot forge one),
         * and they are pinned there. */
        out->of.ref = v->of.externref ? wasm_ref_copy(v->of.externref) : NULL;
        break;
    default:
        out->kind = 4;   /* v128: no wasm.h kind */
        break;
    }
}

/* ------------------------------------------------------------------ host functions */

typedef struct host_env {
    wasm_store_t *store;
    wasm_func_callback_t cb;
    wasm_func_callback_with_env_t cb_env;
    void *env;
    void (*fin)(void *);
} host_env;

static void host_env_fin(void *p)
{
    host_env *h = p;
    if (h->fin) h->fin(h->env);
    mwG_free(h->store->engine, h, sizeof *h);
}

#define MWG_SMALL 16

/* Own values of minwasm values, in buf when they fit. */
static wasm_val_t *vals_from_mw(wasm_store_t *s, const mw_val *v, size_t n, wasm_val_t *buf)
{
    wasm_val_t *w = n <= MWG_SMALL ? buf : calloc(n, sizeof *w);
    if (!w) return NULL;
    for (size_t i = 0; i < n; i++) mwG_val_from_mw(s, &v[i], &w[i]);
    return w;
}

static void vals_free(wasm_val_t *w, size_t n, const wasm_val_t *buf)
{
    if (!w) return;
    for (size_t i = 0; i < n; i++) wasm_val_delete(&w[i]);
    if (w != buf) free(w);
}

/* Park the callback's trap in the store and tell minwasm to unwind. */
static mw_result host_trap(mw_caller *caller, wasm_store_t *s, mwG_obj *t)
{
    if (t->kind != MWG_TRAP || t->store != s) {
        /* Another store's trap (or not a trap at all): this store's copy of its message. */
        mwG_obj *c = t->kind == MWG_TRAP ? mwG_trap_new(s, t->u.trap.msg, t->u.trap.msg_len)
                                         : mwG_trap_fmt(s, "host function returned a non-trap");
        mwG_obj_release(t);
        t = c;
    }
    if (s->pending_trap) mwG_obj_release(s->pending_trap);
    s->pending_trap = t;
    mw_caller_trap(caller, t && t->u.trap.msg ? t->u.trap.msg : "host trap");
    return MW_ERR_TRAP;
}

static mw_result host_tramp(mw_caller *caller, void *envp, const mw_val *args, size_t nargs,
                            mw_val *results, size_t nresults)
{
    host_env *h = envp;
    wasm_store_t *s = h->store;
    wasm_val_t abuf[MWG_SMALL], rbuf[MWG_SMALL];
    wasm_val_t *a = vals_from_mw(s, args, nargs, abuf);
    wasm_val_t *r = nresults <= MWG_SMALL ? rbuf : calloc(nresults, sizeof *r);
    if ((nargs && !a) || (nresults && !r)) {
        vals_free(a, nargs, abuf);
        if (r != rbuf) free(r);
        return mw_caller_trap(caller, "out of memory calling a host function"), MW_ERR_TRAP;
    }
    for (size_t i = 0; i < nresults; i++) {
        bool ok = true;
        r[i].kind = mwG_valtype_from_mw(results[i].type, &ok);
        r[i].of.i64 = 0;
    }
    wasm_val_vec_t av = {nargs, a}, rv = {nresults, r};
    wasm_trap_t *t = h->cb_env ? h->cb_env(h->env, &av, &rv) : h->cb(&av, &rv);
    vals_free(a, nargs, abuf);

    mw_result res = MW_OK;
    if (t) {
        res = host_trap(caller, s, MWG_OBJ(t));
    } else {
        for (size_t i = 0; i < nresults; i++) {
            const char *msg = NULL;
            if (!mwG_val_to_mw(s, &r[i], results[i].type, &results[i], &msg)) {
                char buf[160];
                snprintf(buf, sizeof buf, "host function result %zu: %s", i, msg);
                res = host_trap(caller, s, mwG_trap_fmt(s, buf));
                break;
            }
        }
    }
    vals_free(r, nresults, rbuf);
    return res;
}

static wasm_func_t *func_new(wasm_store_t *s, const wasm_functype_t *type,
                             wasm_func_callback_t cb, wasm_func_callback_with_env_t cb_env,
                             void *env, void (*fin)(void *))
{
    mw_functype ft;
    mw_valtype *buf = NULL;
    if (!s || !type || (!cb && !cb_env) || !mwG_functype_to_mw(type, &ft, &buf)) return NULL;
    host_env *h = mwG_alloc(s->engine, sizeof *h);
    mw_func *f = NULL;
    if (!h) goto fail;
    h->store = s;
    h->cb = cb;
    h->cb_env = cb_env;
    h->env = env;
    h->fin = fin;
    if (mw_func_new_host(s->mw, &ft, host_tramp, h, host_env_fin, &f, NULL) != MW_OK) goto fail;
    free(buf);
    /* From here the minwasm store owns h (and runs fin when deleted). */
    return (wasm_func_t *)(void *)mwG_obj_for(s, MWG_FUNC, f);
fail:
    free(buf);
    mwG_free(s->engine, h, sizeof *h);
    return NULL;
}

wasm_func_t *wasm_func_new(wasm_store_t *s, const wasm_functype_t *type, wasm_func_callback_t cb)
{
    return func_new(s, type, cb, NULL, NULL, NULL);
}

wasm_func_t *wasm_func_new_with_env(wasm_store_t *s, const wasm_functype_t *type,
                                    wasm_func_callback_with_env_t cb, void *env,
                                    void (*fin)(void *))
{
    return func_new(s, type, NULL, cb, env, fin);
}

/* ------------------------------------------------------------------ reflection */

wasm_functype_t *wasm_func_type(const wasm_func_t *func)
{
    mw_functype ft;
    mw_func_type(MWG_OBJ(func)->u.func, &ft);
    return mwG_functype_from_mw(&ft);
}

size_t wasm_func_param_arity(const wasm_func_t *func)
{
    mw_functype ft;
    mw_func_type(MWG_OBJ(func)->u.func, &ft);
    return ft.nparams;
}

size_t wasm_func_result_arity(const wasm_func_t *func)
{
    mw_functype ft;
    mw_func_type(MWG_OBJ(func)->u.func, &ft);
    return ft.nresults;
}

/* ------------------------------------------------------------------ calls */

static wasm_trap_t *call_fail(wasm_store_t *s, const char *fmt, ...)
{
    char buf[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return (wasm_trap_t *)(void *)mwG_trap_fmt(s, buf);
}

wasm_trap_t *wasm_func_call(const wasm_func_t *func, const wasm_val_vec_t *args,
                            wasm_val_vec_t *results)
{
    mwG_obj *o = MWG_OBJ(func);
    if (!o || o->kind != MWG_FUNC || !o->store) return NULL;
    wasm_store_t *s = o->store;
    mw_functype ft;
    mw_func_type(o->u.func, &ft);
    size_t nargs = args ? args->size : 0, nres = results ? results->size : 0;
    if (nargs != ft.nparams)
        return call_fail(s, "wrong number of arguments: expected %u, got %zu", ft.nparams, nargs);
    if (nres < ft.nresults)
        return call_fail(s, "too few result slots: expected %u, got %zu", ft.nresults, nres);
    for (uint32_t i = 0; i < ft.nresults; i++)
        if (ft.results[i] == MW_V128)
            return call_fail(s, "result %u is a v128, which wasm.h cannot hold", i);

    mw_val abuf[MWG_SMALL], rbuf[MWG_SMALL];
    mw_val *a = ft.nparams <= MWG_SMALL ? abuf : calloc(ft.nparams, sizeof *a);
    mw_val *r = ft.nresults <= MWG_SMALL ? rbuf : calloc(ft.nresults, sizeof *r);
    wasm_trap_t *trap = NULL;
    if (!a || !r) {
        trap = call_fail(s, "out of memory calling a function");
        goto out;
    }
    for (uint32_t i = 0; i < ft.nparams; i++) {
        const char *msg = NULL;
        if (!mwG_val_to_mw(s, &args->data[i], ft.params[i], &a[i], &msg)) {
            trap = call_fail(s, "argument %u: %s", i, msg);
            goto out;
        }
    }
    mw_error err;
    if (mw_func_call(s->mw, o->u.func, a, ft.nparams, r, ft.nresults, &err) != MW_OK) {
        trap = (wasm_trap_t *)(void *)mwG_trap_from_error(s, &err);
        goto out;
    }
    for (uint32_t i = 0; i < ft.nresults; i++) mwG_val_from_mw(s, &r[i], &results->data[i]);
out:
    if (a != abuf) free(a);
    if (r != rbuf) free(r);
    return trap;
}
