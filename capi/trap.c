/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * trap.c — wasm.h traps (message, origin, trace) and frames.
 *
 * A trap's trace is the backtrace minwasm recorded for the store's last trap (the wasm
 * frames, innermost first; for a host function's trap, the frames below it), taken when
 * the trap comes out of a call. A trap made with wasm_trap_new and never thrown has no
 * frames. Frames handed out (origin, trace) are libc copies owned by the caller.
 */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

mwG_obj *mwG_trap_new(wasm_store_t *s, const char *msg, size_t len)
{
    if (!msg) len = 0;
    /* The message is NUL-terminated; add the NUL when the caller's lacks it. */
    size_t need = len && msg[len - 1] == '\0' ? len : len + 1;
    char *copy = mwG_alloc(s->engine, need);
    if (!copy) return NULL;
    if (len) memcpy(copy, msg, len);
    copy[need - 1] = '\0';
    mwG_obj *o = mwG_obj_new(s, MWG_TRAP, NULL);
    if (!o) {
        mwG_free(s->engine, copy, need);
        return NULL;
    }
    o->u.trap.msg = copy;
    o->u.trap.msg_len = need;
    return o;
}

mwG_obj *mwG_trap_fmt(wasm_store_t *s, const char *msg)
{
    return mwG_trap_new(s, msg, strlen(msg) + 1);
}

void mwG_trap_free_data(mwG_obj *o)
{
    mwG_free(o->engine, o->u.trap.msg, o->u.trap.msg_len);
    mwG_free(o->engine, o->u.trap.frames, o->u.trap.nframes * sizeof *o->u.trap.frames);
    o->u.trap.msg = NULL;
    o->u.trap.frames = NULL;
}

void mwG_trap_record(mwG_obj *t)
{
    wasm_store_t *s = t->store;
    if (!s || t->u.trap.traced) return;
    t->u.trap.traced = true;
    uint32_t n = mw_store_trap_frames(s->mw);
    if (!n) return;
    wasm_frame_t *fr = mwG_alloc(s->engine, n * sizeof *fr);
    if (!fr) return;
    for (uint32_t i = 0; i < n; i++) {
        mw_frame_info fi;
        memset(&fi, 0, sizeof fi);
        if (!mw_store_trap_frame(s->mw, i, &fi)) break;
        fr[i].func_index = fi.func_index;
        fr[i].func_offset = fi.func_offset;
        fr[i].module_offset = fi.module_offset;
        fr[i].instance = NULL;
        if (fi.instance) {
            /* Borrowed by the frame: the object is pinned, so it lives with the store. */
            mwG_obj *io = mwG_obj_for(s, MWG_INSTANCE, fi.instance);
            if (io) {
                mwG_obj_pin(io);
                mwG_obj_release(io);
                fr[i].instance = (wasm_instance_t *)(void *)io;
            }
        }
    }
    t->u.trap.frames = fr;
    t->u.trap.nframes = n;
}

mwG_obj *mwG_trap_from_error(wasm_store_t *s, const mw_error *err)
{
    mwG_obj *t = NULL;
    if (err->code == MW_ERR_TRAP && err->trap == MW_TRAP_HOST && s->pending_trap) {
        t = s->pending_trap;   /* the host callback's own trap */
        s->pending_trap = NULL;
    } else {
        t = mwG_trap_fmt(s, err->msg);
    }
    if (t && err->code == MW_ERR_TRAP) mwG_trap_record(t);
    return t;
}

/* ------------------------------------------------------------------ wasm.h */

wasm_trap_t *wasm_trap_new(wasm_store_t *s, const wasm_message_t *message)
{
    if (!s) return NULL;
    const char *msg = message ? message->data : NULL;
    return (wasm_trap_t *)(void *)mwG_trap_new(s, msg, msg ? message->size : 0);
}

void wasm_trap_message(const wasm_trap_t *trap, wasm_message_t *out)
{
    const mwG_obj *o = (const mwG_obj *)(const void *)trap;
    wasm_byte_vec_new(out, o->u.trap.msg_len, o->u.trap.msg);
}

wasm_frame_t *wasm_trap_origin(const wasm_trap_t *trap)
{
    const mwG_obj *o = (const mwG_obj *)(const void *)trap;
    return o->u.trap.nframes ? wasm_frame_copy(&o->u.trap.frames[0]) : NULL;
}

void wasm_trap_trace(const wasm_trap_t *trap, wasm_frame_vec_t *out)
{
    const mwG_obj *o = (const mwG_obj *)(const void *)trap;
    wasm_frame_vec_new_uninitialized(out, o->u.trap.nframes);
    for (size_t i = 0; i < out->size; i++) out->data[i] = wasm_frame_copy(&o->u.trap.frames[i]);
}

/* ------------------------------------------------------------------ frames */

wasm_frame_t *wasm_frame_copy(const wasm_frame_t *f)
{
    if (!f) return NULL;
    wasm_frame_t *c = mwG_xmalloc(sizeof *c);
    if (c) *c = *f;
    return c;
}

void wasm_frame_delete(wasm_frame_t *f) { free(f); }

wasm_instance_t *wasm_frame_instance(const wasm_frame_t *f) { return f->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t *f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t *f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t *f) { return f->module_offset; }
