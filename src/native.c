/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * native.c — the runtime side of precompiled native code (aot_abi.h): the functions
 * native code calls (mwa_rt), the per-instance context, and calls into native code.
 * Loading (.cwasm, static modules) is cwasm.c. See doc/aot.md.
 *
 * Everything a native function cannot do inline comes here, and behaves as the
 * interpreter's handler of the same instruction (interp.c): the same checks in the
 * same order, the same fuel charges.
 */
#include "mw_internal.h"
#include "aot_abi.h"

_Static_assert(offsetof(struct mw_memory, size) == offsetof(struct mw_memory, view.size),
               "mwa_memview overlays mw_memory's data and size");
_Static_assert(sizeof(mw_slot) == sizeof(uint64_t), "slots are 8 bytes");
_Static_assert(offsetof(struct mw_global, hi) == offsetof(struct mw_global, val) + 8,
               "a v128 global's halves are consecutive");

#define INST(c) ((mw_instance *)(c)->inst)
#define STORE(c) (INST(c)->hdr.store)

/* ------------------------------------------------------------------ traps */

/* Native frames carry no wasm offset. */
static void bt_push(mw_store *s, mw_func *f) { mwS_bt_push(s, f, MWI_AT_NONE); }

/* A trap arising here (not in a callee): a new backtrace, which native frames extend
 * as they unwind. */
static uint32_t raise_trap(mw_store *s, mw_trap_code code)
{
    s->nbt = 0;
    s->sh.trap = code;
    return code;
}

static void rt_trap(mwa_ctx *c, uint32_t code, uint32_t func)
{
    mw_store *s = STORE(c);
    raise_trap(s, (mw_trap_code)code);
    bt_push(s, INST(c)->funcs[func]);
}

static void rt_frame(mwa_ctx *c, uint32_t func) { bt_push(STORE(c), INST(c)->funcs[func]); }

static uint32_t rt_poll(mwa_ctx *c, uint64_t extra)
{
    mw_store *s = STORE(c);
    mw_trap_code t = mwI_poll(s, extra);
    return t ? raise_trap(s, t) : 0;
}

/* Bulk operations pay per 64 bytes or 8 elements, as interp.c's BULK_FUEL. */
static uint32_t bulk_fuel(mw_store *s, uint64_t n, unsigned shift)
{
    if (!(MWI_POLL_LOAD(&s->sh.poll) & MWI_POLL_FUEL)) return 0;
    uint64_t cost = (n + ((uint64_t)1 << shift) - 1) >> shift;
    if (s->fuel < cost) return raise_trap(s, MW_TRAP_OUT_OF_FUEL);
    s->fuel -= cost;
    return 0;
}

/* ------------------------------------------------------------------ calls */

/* Call f from native code of instance inst, arguments in args (any memory). */
static uint32_t call_func(mwa_ctx *c, mw_func *f, uint64_t *args)
{
    mw_store *s = STORE(c);
    uint32_t np = mwW_types_slots(f->type->params, f->type->nparams);
    uint32_t nr = mwW_types_slots(f->type->results, f->type->nresults);
    uint32_t need = np > nr ? np : nr;
    mw_slot *sp = s->stack_top;
    if ((size_t)(s->stack_end - sp) < (size_t)need + 2 * ((size_t)np + nr))
        return raise_trap(s, MW_TRAP_STACK_EXHAUSTED);
    mw_trap_code t;
    if (!f->code && !f->native) {
        /* A host function: a call costs one unit, as in the interpreter. */
        t = MWI_POLL_LOAD(&s->sh.poll) ? mwI_poll(s, 0) : MW_TRAP_NONE;
        if (t) return raise_trap(s, t);
        s->nbt = 0;
        memcpy(sp, args, (size_t)np * sizeof *sp);
        t = mwW_call_host(s, f, INST(c), sp, sp + need);
    } else {
        memcpy(sp, args, (size_t)np * sizeof *sp);
        t = mwA_call(s, f, sp);
    }
    if (t) {
        s->sh.trap = t;   /* the callee recorded its backtrace */
        return t;
    }
    memcpy(args, sp, (size_t)nr * sizeof *sp);
    return 0;
}

static uint32_t rt_call(mwa_ctx *c, uint32_t func, uint64_t *args)
{
    return call_func(c, INST(c)->funcs[func], args);
}

static const void *rt_resolve(mwa_ctx *c, uint32_t tab, uint32_t type, uint32_t idx,
                              mwa_ctx **callee)
{
    mw_instance *inst = INST(c);
    const mw_table *t = inst->tables[tab];
    if (MW_UNLIKELY(idx >= t->size)) return NULL;
    mw_func *f = (mw_func *)(uintptr_t)t->elems[idx];
    if (MW_UNLIKELY(!f || !f->native)) return NULL;
    const mw_functype *want = &inst->module->types[type];
    if (f->type != want && !mwD_functype_eq(f->type, want)) return NULL;
    *callee = f->nctx;
    return f->typed;
}

static uint32_t rt_call_indirect(mwa_ctx *c, uint32_t tab, uint32_t type, uint32_t idx,
                                 uint64_t *args)
{
    mw_instance *inst = INST(c);
    mw_store *s = STORE(c);
    const mw_table *t = inst->tables[tab];
    if (idx >= t->size) return raise_trap(s, MW_TRAP_UNDEFINED_ELEMENT);
    mw_func *f = (mw_func *)(uintptr_t)t->elems[idx];
    if (!f) return raise_trap(s, MW_TRAP_UNINITIALIZED_ELEMENT);
    const mw_functype *want = &inst->module->types[type];
    if (f->type != want && !mwD_functype_eq(f->type, want))
        return raise_trap(s, MW_TRAP_INDIRECT_MISMATCH);
    return call_func(c, f, args);
}

/* ------------------------------------------------------------------ memory */

static uint32_t rt_memory_grow(mwa_ctx *c, uint32_t delta)
{
    uint32_t old;
    return mwS_memory_grow(INST(c)->mem, delta, &old) == MW_OK ? old : 0xFFFFFFFFu;
}

static uint32_t rt_memory_fill(mwa_ctx *c, uint32_t d, uint32_t val, uint32_t n)
{
    mw_store *s = STORE(c);
    mw_memory *m = INST(c)->mem;
    if (bulk_fuel(s, n, 6)) return s->sh.trap;
    if ((uint64_t)d + n > m->size) return raise_trap(s, MW_TRAP_MEMORY_OOB);
    if (n) memset(m->data + d, (int)(uint8_t)val, n);
    return 0;
}

static uint32_t rt_memory_copy(mwa_ctx *c, uint32_t d, uint32_t src, uint32_t n)
{
    mw_store *s = STORE(c);
    mw_memory *m = INST(c)->mem;
    if (bulk_fuel(s, n, 6)) return s->sh.trap;
    if ((uint64_t)d + n > m->size || (uint64_t)src + n > m->size)
        return raise_trap(s, MW_TRAP_MEMORY_OOB);
    if (n) memmove(m->data + d, m->data + src, n);
    return 0;
}

static uint32_t rt_memory_init(mwa_ctx *c, uint32_t seg, uint32_t d, uint32_t src, uint32_t n)
{
    mw_store *s = STORE(c);
    if (bulk_fuel(s, n, 6)) return s->sh.trap;
    mw_trap_code t = mwN_memory_init(INST(c), seg, d, src, n);
    return t ? raise_trap(s, t) : 0;
}

static void rt_data_drop(mwa_ctx *c, uint32_t seg) { INST(c)->data_dropped[seg] = 1; }

/* ------------------------------------------------------------------ tables */

static uint32_t rt_table_get(mwa_ctx *c, uint32_t tab, uint32_t i, uint64_t *out)
{
    const mw_table *t = INST(c)->tables[tab];
    if (i >= t->size) return raise_trap(STORE(c), MW_TRAP_TABLE_OOB);
    *out = t->elems[i];
    return 0;
}

static uint32_t rt_table_set(mwa_ctx *c, uint32_t tab, uint32_t i, uint64_t v)
{
    mw_table *t = INST(c)->tables[tab];
    if (i >= t->size) return raise_trap(STORE(c), MW_TRAP_TABLE_OOB);
    t->elems[i] = v;
    return 0;
}

static uint32_t rt_table_size(mwa_ctx *c, uint32_t tab) { return INST(c)->tables[tab]->size; }

static uint32_t rt_table_grow(mwa_ctx *c, uint32_t tab, uint64_t init, uint32_t n, uint32_t *old)
{
    mw_store *s = STORE(c);
    if (bulk_fuel(s, n, 3)) return s->sh.trap;
    if (mwS_table_grow(INST(c)->tables[tab], n, init, old) != MW_OK) *old = 0xFFFFFFFFu;
    return 0;
}

static uint32_t rt_table_fill(mwa_ctx *c, uint32_t tab, uint32_t i, uint64_t v, uint32_t n)
{
    mw_store *s = STORE(c);
    mw_table *t = INST(c)->tables[tab];
    if (bulk_fuel(s, n, 3)) return s->sh.trap;
    if ((uint64_t)i + n > t->size) return raise_trap(s, MW_TRAP_TABLE_OOB);
    for (uint32_t k = 0; k < n; k++) t->elems[i + k] = v;
    return 0;
}

static uint32_t rt_table_copy(mwa_ctx *c, uint32_t dt, uint32_t st, uint32_t d, uint32_t src,
                              uint32_t n)
{
    mw_store *s = STORE(c);
    mw_table *td = INST(c)->tables[dt], *ts = INST(c)->tables[st];
    if (bulk_fuel(s, n, 3)) return s->sh.trap;
    if ((uint64_t)d + n > td->size || (uint64_t)src + n > ts->size)
        return raise_trap(s, MW_TRAP_TABLE_OOB);
    if (n) memmove(td->elems + d, ts->elems + src, (size_t)n * sizeof(mw_slot));
    return 0;
}

static uint32_t rt_table_init(mwa_ctx *c, uint32_t tab, uint32_t seg, uint32_t d, uint32_t src,
                              uint32_t n)
{
    mw_store *s = STORE(c);
    if (bulk_fuel(s, n, 3)) return s->sh.trap;
    mw_trap_code t = mwN_table_init(INST(c), INST(c)->tables[tab], seg, d, src, n);
    return t ? raise_trap(s, t) : 0;
}

static void rt_elem_drop(mwa_ctx *c, uint32_t seg) { INST(c)->elem_dropped[seg] = 1; }

static const mwa_rt runtime = {
    rt_trap, rt_frame, rt_poll, rt_call, rt_resolve, rt_call_indirect,
    rt_memory_grow, rt_memory_fill, rt_memory_copy, rt_memory_init, rt_data_drop,
    rt_table_get, rt_table_set, rt_table_size, rt_table_grow, rt_table_fill, rt_table_copy,
    rt_table_init, rt_elem_drop,
};

/* ------------------------------------------------------------------ instances */

mw_result mwK_bind(mw_instance *inst)
{
    const mw_module *m = inst->module;
    const mwi_native *nat = m->native;
    mw_engine *e = m->engine;
    size_t size = sizeof(mwa_ctx) + (size_t)m->nglobals * sizeof(uint64_t *);
    mwa_ctx *c = mwM_zalloc(e, size);
    if (!c) return MW_ERR_NOMEM;
    uint64_t **globals = (uint64_t **)(void *)(c + 1);
    for (uint32_t i = 0; i < m->nglobals; i++) globals[i] = &inst->globals[i]->val;
    c->rt = &runtime;
    c->sh = &inst->hdr.store->sh;
    c->mem = inst->mem ? &inst->mem->view : NULL;
    c->globals = globals;
    c->funcs = (void *const *)inst->funcs;
    c->inst = inst;
    inst->nctx = c;
    inst->nctx_size = size;
    for (uint32_t j = 0; j < nat->desc.nfuncs; j++) {
        mw_func *f = inst->funcs[m->nfunc_imports + j];
        f->code = NULL;
        f->native = nat->desc.entries[j];
        f->typed = nat->desc.typed[j];
        f->nctx = c;
    }
    return MW_OK;
}

void mwK_unbind(mw_instance *inst)
{
    if (inst->nctx) mwM_free(inst->module->engine, inst->nctx, inst->nctx_size);
    inst->nctx = NULL;
}

/* Run native function f: arguments in args[], results written back (the core's slot
 * convention). The caller has set up the activation (mwA_call or the interpreter). */
mw_trap_code mwK_call(mw_store *s, mw_func *f, mw_slot *args)
{
    uint32_t np = mwW_types_slots(f->type->params, f->type->nparams);
    uint32_t nr = mwW_types_slots(f->type->results, f->type->nresults);
    mw_slot *saved_top = s->stack_top;
    mw_slot *top = args + (np > nr ? np : nr);
    if (top > s->stack_top) s->stack_top = top;   /* callees of other tiers start above */
    mw_trap_code t = (mw_trap_code)f->native(f->nctx, args);
    s->stack_top = saved_top;
    return t;
}

/* ------------------------------------------------------------------ fault backtraces */

/* The native function holding address a in n, or -1 (UINT32_MAX). */
static uint32_t func_at(const mwi_native *n, uintptr_t a)
{
    if (!n->naddrs || a < n->addrs[0] || a >= (uintptr_t)n->code + n->code_len) return UINT32_MAX;
    uint32_t lo = 0, hi = n->naddrs;   /* the last start <= a */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (n->addrs[mid] <= a) lo = mid;
        else hi = mid;
    }
    return n->addr_func[lo];
}

/* The native module instance whose code holds pc, or NULL. */
static mw_instance *instance_at(mw_store *s, uintptr_t pc)
{
    for (mwi_obj *o = s->objects; o; o = o->next) {
        if (o->kind != MWI_OBJ_INSTANCE) continue;
        mw_instance *inst = (mw_instance *)o;
        const mwi_native *n = inst->module->native;
        if (n && n->code && pc >= (uintptr_t)n->code && pc < (uintptr_t)n->code + n->code_len)
            return inst;
    }
    return NULL;
}

/* Frame records as the C compiler lays them out with frame pointers (which `minwasm
 * compile` asks for): the caller's frame pointer and the return address. */
#if defined(__x86_64__) || defined(__aarch64__)
#  define FRAME_PREV(fp) ((const uintptr_t *)(fp))[0]
#  define FRAME_RET(fp) ((const uintptr_t *)(fp))[1]
#  define FRAME_WALK 1
#elif defined(__riscv)
#  define FRAME_PREV(fp) ((const uintptr_t *)(fp))[-2]
#  define FRAME_RET(fp) ((const uintptr_t *)(fp))[-1]
#  define FRAME_WALK 1
#else
#  define FRAME_WALK 0
#endif

bool mwK_fault_frames(mw_store *s, uintptr_t pc, uintptr_t fp)
{
    mw_instance *inst = instance_at(s, pc);
    if (!inst) return false;
    /* A slot entry W<i> may hold F<i> inlined: code there is F<i>'s. */
    uint32_t f = func_at(inst->module->native, pc);
    if (f != UINT32_MAX) bt_push(s, inst->funcs[f & ~MWI_NATIVE_ENTRY]);
#if FRAME_WALK
    /* Callers while return addresses stay in native code. Every frame pointer followed
     * must lie in the part of the stack native code may use, aligned, and above the
     * last: anything else ends the walk. */
    uintptr_t lo = s->sh.stack_limit > 65536 ? s->sh.stack_limit - 65536 : 0;
    uintptr_t hi = s->native_base;
    for (int k = 0; k < 2 * MWI_BACKTRACE_MAX && s->nbt < MWI_BACKTRACE_MAX; k++) {
        if (fp < lo || fp > hi - 2 * sizeof(uintptr_t) || (fp & (sizeof(uintptr_t) - 1))) break;
        uintptr_t ret = FRAME_RET(fp), prev = FRAME_PREV(fp);
        mw_instance *ri = instance_at(s, ret - 1);
        if (!ri) break;
        uint32_t rf = func_at(ri->module->native, ret - 1);
        if (rf != UINT32_MAX && !(rf & MWI_NATIVE_ENTRY)) {
            bt_push(s, ri->funcs[rf]);
        } else if (rf != UINT32_MAX) {
            /* Returning into W<i>: F<i> was its caller below, or it is inlined into W<i>
             * and this frame is F<i>'s. (With F<i> both inlined there and calling
             * itself, one level of the recursion goes unnamed.) */
            mw_func *fi = ri->funcs[rf & ~MWI_NATIVE_ENTRY];
            if (s->nbt == 0 || s->bt[s->nbt - 1] != fi) bt_push(s, fi);
        }
        if (prev <= fp) break;
        fp = prev;
    }
#else
    (void)fp;
#endif
    return true;
}
