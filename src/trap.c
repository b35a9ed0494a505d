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

/* The one backtrace loop: the interpreter's trap path and the fault path below. Record
 * k was pushed by a call in the function of record k - 1 (each names the function that
 * runs above it, mwi_frame); one whose return pc is not in that function's code is a
 * stub (the activation's own at base, or a switch of instance), not a call site.
 * MW_NOIPA works around a GCC 12.2 miscompilation that declared it pure and deleted its
 * calls (mw_internal.h); tests/aot/aot.sh and test_calls check those backtraces. */
MW_NOIPA void mwT_backtrace(mw_store *s, uint32_t top, uint32_t base)
{
    for (uint32_t k = top; k-- > base + 1 && s->nbt < MWI_BACKTRACE_MAX;) {
        mw_func *caller = s->frames[k - 1].func;
        const mw_code *c = caller->code;
        const mw_unit *ret = s->frames[k].ret_pc;
        if (c && ret > c->ops && ret <= c->ops + c->nops)
            mwS_bt_push(s, caller, (uint32_t)(ret - c->ops) - 1);
    }
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
     * native code the fault's pc and frame chain name the native frames; else the
     * faulting function is the top record's (mwi_frame), or the activation's own if it
     * has none (native code called from the API). */
    s->nbt = 0;
    s->sh.trap = 0;
    uint32_t top = (uint32_t)(s->frame_top - s->frames);
    if (!mwK_fault_frames(s, a.fault_pc, a.fault_fp))   /* the faulting pc is not kept */
        mwS_bt_push(s, top > base_frames ? s->frame_top[-1].func : a.f, MWI_AT_NONE);
    mwT_backtrace(s, top, base_frames);
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
