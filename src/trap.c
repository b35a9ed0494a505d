/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * trap.c — traps that are not a return value: memory faults caught through the platform
 * (jump buffer, fault handler, MW_PLATFORM_TRAPS), and the backtrace every trap records.
 *
 * Layering (doc/layout.md): this file runs an activation's body through a function
 * pointer given by call.c and knows nothing of the interpreter, so the interpreter can
 * call mwT_backtrace without a circle of calls between the files.
 */
#include "mw_internal.h"
#if MW_PLATFORM_TRAPS
#  include "../include/minwasm_platform.h"
#endif

/* The code position of the call instruction a frame record returns after. */
static uint32_t bt_ret_at(const mwi_frame *fr)
{
    const mw_code *c = fr->func ? fr->func->code : NULL;
    if (!c || !fr->ret_pc || fr->ret_pc <= c->ops || fr->ret_pc > c->ops + c->nops)
        return MWI_AT_NONE;
    return (uint32_t)(fr->ret_pc - c->ops) - 1;
}

/* The one backtrace loop: the interpreter's trap path and the fault path below. MW_NOIPA
 * works around a GCC 12.2 miscompilation that declared it pure and deleted its calls
 * (mw_internal.h); tests/aot/aot.sh and test_calls check those backtraces. */
MW_NOIPA void mwT_backtrace(mw_store *s, uint32_t top, uint32_t base)
{
    for (uint32_t k = top; k-- > base && s->nbt < MWI_BACKTRACE_MAX;)
        if (s->frames[k].func)   /* not a stub record (mwi_frame) */
            mwS_bt_push(s, s->frames[k].func, bt_ret_at(&s->frames[k]));
}

#if MW_PLATFORM_TRAPS
/* One wasm activation with a jump buffer, found by the fault handler through TLS. */
typedef struct mwi_activation {
    void *jmpbuf;
    struct mwi_activation *prev;
    mw_store *s;
    mwT_body body;
    mw_func *f;
    mw_slot *args;
    const mwi_susp *resume;
    mw_trap_code result;
    uintptr_t fault_pc, fault_fp;   /* where a fault struck (native code's backtrace) */
} mwi_activation;

static void run_cb(void *p)
{
    mwi_activation *a = p;
    a->result = a->body(a->s, a->f, a->args, a->resume);
}

/* Called by the platform on a memory fault: an access inside one of the running store's
 * memory reservations is a wasm out-of-bounds access; anything else is not ours. */
static void fault_handler(uintptr_t pc, uintptr_t fp, bool has_addr, uintptr_t addr)
{
    mwi_activation *a = mw_platform_tls_get();
    if (!a || !has_addr || !mwV_addr_in_memory(a->s, addr)) return;
    a->fault_pc = pc;
    a->fault_fp = fp;
    mw_platform_longjmp(a->jmpbuf);
}

mw_result mwT_init_traps(void)
{
    return mw_platform_init_traps(fault_handler) == 0 ? MW_OK : MW_ERR_LIMIT;
}

mw_trap_code mwT_guarded(mw_store *s, mwT_body body, mw_func *f, mw_slot *args,
                         const mwi_susp *r)
{
    mwi_activation a;
    a.resume = r;
    a.jmpbuf = NULL;
    a.prev = mw_platform_tls_get();
    a.s = s;
    a.body = body;
    a.f = f;
    a.args = args;
    a.result = MW_TRAP_NONE;
    a.fault_pc = a.fault_fp = 0;
    uint32_t base_frames = s->nframes;
    s->frame_top = s->frames + base_frames;
    mw_platform_tls_set(&a);
    int jumped = mw_platform_setjmp(&a.jmpbuf, run_cb, &a);
    mw_platform_tls_set(a.prev);
    if (!jumped) return a.result;
    /* A load or store faulted: record where, unwind this activation's frames. In
     * native code the fault's pc and frame chain name the native frames; in the
     * interpreter, cur_fn is the faulting function. */
    s->nbt = 0;
    s->sh.trap = 0;
    if (!mwK_fault_frames(s, a.fault_pc, a.fault_fp) && s->cur_fn)
        mwS_bt_push(s, s->cur_fn, MWI_AT_NONE);   /* the faulting pc is not kept */
    mwT_backtrace(s, (uint32_t)(s->frame_top - s->frames), base_frames);
    s->nframes = base_frames;
    return MW_TRAP_MEMORY_OOB;
}
#else
mw_result mwT_init_traps(void) { return MW_OK; }

mw_trap_code mwT_guarded(mw_store *s, mwT_body body, mw_func *f, mw_slot *args,
                         const mwi_susp *r)
{
    return body(s, f, args, r);
}
#endif
