/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * interp.c — the interpreter of the code compile.c produces: the dispatch loop
 * (mwI_run) and the fuel/interrupt poll it shares with native code. Activations (set-up,
 * re-entry, resumption) are call.c's, faults and backtraces trap.c's, host calls
 * marshal.c's (doc/layout.md).
 *
 * Registers of the loop: pc (next instruction word), fp (frame base: slot 0 is the
 * first parameter), mem/memsize (memory 0 of the running instance, reloaded after
 * anything that can move or grow it), inst and fn (running instance and function).
 * wasm-to-wasm calls never recurse in C: they push an mwi_frame on the store's frame
 * stack, and callee frames overlap the caller's argument slots, so a call copies
 * nothing and allocates nothing. Host functions re-enter mwA_call (call.c), which
 * bounds the nesting by the C stack it uses (max_native_stack) and by a count
 * (max_host_reentry), so the C stack cannot overflow either.
 *
 * Dispatch is chosen by MW_DISPATCH_GOTO (mw_config.h): computed goto through a table
 * of label addresses, or a portable switch. Handlers are written once with the
 * vmcase/vmbreak macros and work in both modes. SIMD handlers are generated from the
 * table like the scalar ones, with the lanes computed by simd.h. (Calling out-of-line
 * functions instead costs about 6 instructions per SIMD instruction, 30% on the SIMD
 * benchmarks; leaving for a SIMD-only loop costs more, since SIMD and scalar
 * instructions alternate.)
 */
#include "mw_internal.h"
#include "num.h"
#include "opcodes.h"
#if MW_SIMD
#  include "simd.h"
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#  error "minwasm's memory accesses assume a little-endian host"
#endif

/* Value <-> slot: i32 and f32 live zero-extended in the low 32 bits. */
#define CT_I32 uint32_t
#define CT_I64 uint64_t
#define CT_F32 float
#define CT_F64 double
#define GET_I32(x) ((uint32_t)(x))
#define GET_I64(x) ((uint64_t)(x))
#define GET_F32(x) mwF_f32_from_bits((uint32_t)(x))
#define GET_F64(x) mwF_f64_from_bits((uint64_t)(x))
/* An operand read from its slot. An f64 is loaded as a double, straight into a vector
 * register: read as an integer first, gcc took a general register and a move. */
#define GETS_I32(i) GET_I32(SLOT(i))
#define GETS_I64(i) GET_I64(SLOT(i))
#define GETS_F32(i) GET_F32(SLOT(i))
#define GETS_F64(i) slot_f64(&SLOT(i))
#define PUT_I32(v) ((mw_slot)(uint32_t)(v))
#define PUT_I64(v) ((mw_slot)(uint64_t)(v))
#define PUT_F32(v) ((mw_slot)mwF_f32_bits(v))
#define PUT_F64(v) ((mw_slot)mwF_f64_bits(v))
/* Loaded integers widen to the slot through the result's integer type. */
#define LDPUT_I32(v) ((mw_slot)(uint32_t)(v))
#define LDPUT_F32(v) ((mw_slot)(uint32_t)(v))
#define LDPUT_I64(v) ((mw_slot)(uint64_t)(v))
#define LDPUT_F64(v) ((mw_slot)(uint64_t)(v))
/* Code is 16-bit units (mw_unit): a slot operand is one unit, a 32-bit immediate, index
 * or branch offset two (low half first, so one little-endian load), a 64-bit one four. */
MW_INLINE uint32_t rd32(const mw_unit *p) { uint32_t v; memcpy(&v, p, 4); return v; }
MW_INLINE uint64_t rd64(const mw_unit *p) { uint64_t v; memcpy(&v, p, 8); return v; }
#define RD32(k) rd32(pc + (k))
/* Immediates of _RI forms [op, dst, a, imm] and their lengths. */
#define IMM_I32 RD32(3)
#define IMM_F32 RD32(3)
#define IMM_I64 rd64(pc + 3)
#define IMM_F64 rd64(pc + 3)
#define RILEN_I32 MW_LEN(BIN_RI32)
#define RILEN_F32 MW_LEN(BIN_RI32)
#define RILEN_I64 MW_LEN(BIN_RI64)
#define RILEN_F64 MW_LEN(BIN_RI64)
/* The same immediates in fused compare+branch forms [op, a, imm, off], which have no
 * destination and are one unit longer than RILEN (the offset replaces dst). */
#define IMM2_I32 RD32(2)
#define IMM2_F32 RD32(2)
#define IMM2_I64 rd64(pc + 2)
#define IMM2_F64 rd64(pc + 2)
/* ... and in fused compare+select forms [op, dst, t, f, a, imm], two units longer. */
#define IMM3_I32 RD32(5)
#define IMM3_F32 RD32(5)
#define IMM3_I64 rd64(pc + 5)
#define IMM3_F64 rd64(pc + 5)

#define SLOT(i) fp[pc[i]]
#if defined(__GNUC__)
/* Read through a double lvalue (may_alias: the slot is a uint64_t), so that gcc loads
 * it into a vector register directly; a memcpy from the slot became an integer load
 * and a move. */
typedef double __attribute__((may_alias)) slot_double;
MW_INLINE double slot_f64(const mw_slot *p) { return *(const slot_double *)(const void *)p; }
/* The same for a double in linear memory, at any alignment. */
typedef double __attribute__((may_alias, aligned(1))) mem_double;
MW_INLINE double mem_f64(const void *p) { return *(const mem_double *)p; }
#else
MW_INLINE double slot_f64(const mw_slot *p) { double d; memcpy(&d, p, sizeof d); return d; }
MW_INLINE double mem_f64(const void *p) { double d; memcpy(&d, p, sizeof d); return d; }
#endif

#if MW_SIMD
MW_INLINE mwX_v128 vget(const mw_slot *p) { mwX_v128 v; memcpy(&v, p, 16); return v; }
MW_INLINE void vput(mw_slot *p, mwX_v128 v) { memcpy(p, &v, 16); }
#endif

/* Bounds check of an access of n bytes at effective address ea (< 2^33). In guard-page
 * mode there is none: the 8 GiB reservation makes every such access fault instead. */
#if MW_GUARD_PAGES
#  define CHECK_MEM(ea, n) ((void)0)
#else
#  define CHECK_MEM(ea, n) do { if (MW_UNLIKELY((ea) + (n) > memsize)) TRAP(MW_TRAP_MEMORY_OOB); } while (0)
#endif

/* MWI_OPAQUE (mw_internal.h) also saves gcc an instruction in two places here: MEM_AT,
 * the host address of guest address ea, is then one (mem, ea) address (gcc otherwise
 * adds mem to the address before the offset, in a copy of mem); and a taken branch's
 * offset is sign-extended by its load (gcc otherwise loads 32 bits, tests them and
 * extends them apart). */
#define MEM_AT(ea) (mem + mem_ea(ea))
#if defined(__GNUC__) && !defined(__clang__)
MW_INLINE uint64_t mem_ea(uint64_t ea) { MWI_OPAQUE(ea); return ea; }
#else
/* Not under clang: clang 14's build with the asm here ran fib forever (bench-smoke;
 * the cause is not found yet). */
MW_INLINE uint64_t mem_ea(uint64_t ea) { return ea; }
#endif

/* vmbreak ends a handler inside the dispatch; vmnext resumes dispatch from the
 * shared paths (call, return) that live after it in the loop body. */
#if MW_DISPATCH_GOTO
#  define vmdispatch(o) goto *disp[o];
#  define vmcase(l) L_##l:
#  define vmbreak goto *disp[*pc]
#  define vmnext goto *disp[*pc]
#  define vmjump(l) goto L_##l   /* to the handler of l, known to be the one at pc */
#else
#  define vmdispatch(o) switch (o)
#  define vmcase(l) case l:
#  define vmbreak break
#  define vmnext continue
#  define vmjump(l) continue
#endif

#define TRAP(code) do { trap = (code); goto trapped; } while (0)

/* mem/memsize always describe inst's memory 0: they are reloaded wherever inst changes
 * and after everything that can grow a memory without passing through this loop's
 * locals (memory.grow here, host and native calls). A wasm callee of the same instance
 * runs in this same loop and updates them itself, so its return needs no check. */
#define LOAD_MEM() do { \
        mw_memory *m_ = inst->mem; \
        mem = m_ ? m_->data : NULL; \
        memsize = m_ ? m_->size : 0; \
    } while (0)

/* A frame record: the caller's return pc and frame, and the function that runs above it
 * (the callee; mwi_frame), so the running function is always the top record's (FN) and
 * neither a call nor a return stores it anywhere else. The bound is checked here;
 * callers check every other bound first, so that no trap strikes between a push and
 * the callee's first instruction (pc is still the caller's there, FN already not). */
#define FN (frp[-1].func)
#define PUSH_REC(ret, func_) do { \
        mwi_frame *f_ = frp; \
        if (MW_UNLIKELY(f_ == fr_end)) TRAP(MW_TRAP_STACK_EXHAUSTED); \
        f_->ret_pc = (ret); \
        f_->fp = fp; \
        f_->func = (func_); \
        SET_FRP(f_ + 1); \
    } while (0)

/* The frame stack's top is tracked in the store where a fault must find it (guard-page
 * mode): each change of the top (frp) is also stored there, but read back from the
 * register, so a call's or return's pop does not wait on the store before it
 * (doc/dispatch.md, session 9). A nested activation (host re-entry) moves it, so host
 * and native calls set it again from s->nframes. */
#if MW_GUARD_PAGES
#  define SET_FRP(v) do { frp = (v); s->frame_top = frp; } while (0)
#else
#  define SET_FRP(v) (frp = (v))
#endif

/* The common wasm call, inline in its handler: f is wasm code of the running instance,
 * nf its frame, pc the return pc. It enters at entry, f->ops (call.local carries it, so
 * that the new pc is one load from pc, not three), past the callee's zeroing of its
 * locals, which it does itself (mw_code.zskip). Fuel, interrupts and both bounds go to
 * `slow`, the general path (call_wasm), which polls, traps and suspends exactly as for
 * any call. The value-stack bound is s->call_end, which is low while a poll bit is set
 * (mwS_poll_sync), so one compare stands for that bound and the poll. The state stays in
 * temporaries: callee and nfp are set only on the way to `slow`. */
#define CALL_INLINE(f, nf, entry, slow) do { \
        mwi_frame *r_ = frp; \
        if (MW_UNLIKELY(r_ == fr_end || (nf) + (f)->nslots > MWI_CALL_END_LOAD(s))) { \
            if (r_ == fr_end || (nf) + (f)->nslots > s->stack_end) goto slow; \
            /* A poll bit: metered with fuel left, charge what call_wasm would, here \
             * (the bounds are checked first, so the slow path never charges a second \
             * time); no bit: a bound lowered for one just cleared. */ \
            uint32_t p_ = MWI_POLL_LOAD(&s->sh.poll); \
            if (p_ && (p_ != MWI_POLL_FUEL || !fuel_take(s, (f)->efuel))) goto slow; \
        } \
        r_->ret_pc = pc; \
        r_->fp = fp; \
        r_->func = (f); \
        SET_FRP(r_ + 1); \
        fp = (nf); \
        /* the callee's declared locals, if at most MWI_CALLER_ZERO: its entry (ops) \
         * then skips its own zeroing, one dispatch fewer per call */ \
        mw_slot *z_ = fp + (f)->zslot; \
        z_[0] = 0; z_[1] = 0; z_[2] = 0; z_[3] = 0; \
        pc = (entry); \
    } while (0)
_Static_assert(MWI_CALLER_ZERO == 4, "CALL_INLINE zeroes four slots");
/* Every return: pop the caller's record. It needs no test: the outermost return and the
 * return from another instance's function pop a stub record (mwi_frame) whose ret_pc is
 * ret_exit_stub or ret_xinst_stub below, and their handlers do the rest. A same-instance
 * return reloads nothing (see LOAD_MEM). */
#define RETURN_INLINE() do { \
        mwi_frame *r_ = frp - 1; \
        SET_FRP(r_); \
        pc = r_->ret_pc; \
        fp = r_->fp; \
    } while (0)
/* The stub records' return pcs (mwi_frame): pushed only by the interpreter, never
 * emitted by the translator. */
static const mw_unit ret_exit_stub[1] = { IR_RET_EXIT };
static const mw_unit ret_xinst_stub[1] = { IR_RET_XINST };

/* Take a branch whose offset field is at pc + k; backward ones poll fuel. `then` (a
 * write the form makes) comes after the poll: a suspended poll re-executes the
 * instruction, which must find its operands unchanged. */
#define TAKE_THEN(k, then) do { \
        ptrdiff_t o_ = (int32_t)RD32(k); \
        MWI_OPAQUE(o_); \
        if (o_ < 0) FUEL(); \
        then; \
        pc += o_ + (k);   /* one lea */ \
    } while (0)
#define TAKE(k) TAKE_THEN(k, (void)0)

/* Fuel and interrupts share one poll word, so the common case is one load. A failed
 * poll charges nothing; it suspends a resumable activation at a point of the given kind
 * (doc/resume.md: AT_PC re-executes the instruction at pc) or else traps. */
#define FUEL() FUEL_AT(0, MWI_SUSP_AT_PC)
#define FUEL_AT(extra, kind) do { \
        uint32_t p_ = MWI_POLL_LOAD(&s->sh.poll); \
        if (MW_UNLIKELY(p_)) { \
            uint64_t x_ = (extra); \
            /* Metered with fuel left: mwI_poll's common case, inline (a call at \
             * every back-edge was most of what metering cost). */ \
            if (!MW_LIKELY(p_ == MWI_POLL_FUEL && fuel_take(s, x_))) { \
                trap = mwI_poll(s, x_); \
                if (trap) { susp_kind = (kind); goto polled; } \
            } \
        } \
    } while (0)

/* The one fuel rule of a poll: 1 + extra units if more than extra are left, else
 * nothing (a failed charge takes nothing, so a resumed call is never charged twice). */
MW_INLINE bool fuel_take(mw_store *s, uint64_t extra)
{
    if (s->fuel <= extra) return false;
    s->fuel -= 1 + extra;
    return true;
}

MW_NOINLINE mw_trap_code mwI_poll(mw_store *s, uint64_t extra)
{
    uint32_t p = MWI_POLL_LOAD(&s->sh.poll);
    if (p & MWI_POLL_INTERRUPT) {
        MWI_POLL_AND(&s->sh.poll, ~MWI_POLL_INTERRUPT);
        mwS_poll_sync(s);
        return MW_TRAP_INTERRUPTED;
    }
    if ((p & MWI_POLL_FUEL) && !fuel_take(s, extra)) return MW_TRAP_OUT_OF_FUEL;
    return MW_TRAP_NONE;
}

/* Bulk operations cost fuel in proportion to their length, charged before any effect:
 * one unit per started 64 bytes of memory (a cache line) and per started 8 table
 * elements or locals (64 bytes of slots). Without it one unit could fill 4 GiB. */
#define BULK_FUEL(n, shift) do { \
        if (MW_UNLIKELY(MWI_POLL_LOAD(&s->sh.poll) & MWI_POLL_FUEL)) { \
            trap = charge_bulk(s, (n), (shift)); \
            if (trap) { susp_kind = MWI_SUSP_AT_PC; goto polled; } \
        } \
    } while (0)
#define FUEL_BYTES_SHIFT 6
#define FUEL_ELEMS_SHIFT MWI_FUEL_ELEMS_SHIFT

static MW_NOINLINE mw_trap_code charge_bulk(mw_store *s, uint64_t n, unsigned shift)
{
    uint64_t cost = (n + ((uint64_t)1 << shift) - 1) >> shift;
    if (s->fuel < cost) return MW_TRAP_OUT_OF_FUEL;
    s->fuel -= cost;
    return MW_TRAP_NONE;
}

/* Run fn0 with its frame at fp, or (r != NULL) continue the suspended activation r,
 * whose function and frame these are; s->nframes is then r's base. */
mw_trap_code mwI_run(mw_store *s, mw_func *fn0, mw_slot *fp, const mwi_susp *r)
{
#if MW_DISPATCH_GOTO
#  define DL_ONE(kind, sym, code, name, imm, t1, ...) DL_##kind(sym, t1)
#  define DL_V(sym, ...) [IR_##sym] = &&L_IR_##sym,
#  define DL_VLD DL_V
#  define DL_VST DL_V
#  define DL_VLDLANE DL_V
#  define DL_VSTLANE DL_V
#  define DL_VSHUF DL_V
#  define DL_VEXTRACT DL_V
#  define DL_VREPLACE DL_V
#  define DL_VSPLAT DL_V
#  define DL_VUN DL_V
#  define DL_VBIN DL_V
#  define DL_VTERN DL_V
#  define DL_VTEST DL_V
#  define DL_VSHIFT DL_V
#  define DL_VCONST(sym, ...)
#  define DL_UN(sym, t1) [IR_##sym] = &&L_IR_##sym, DL_ACC_UN_##t1(sym)
#  define DL_UNT(sym, ...) [IR_##sym] = &&L_IR_##sym,
#  define DL_BIN_PLAIN(sym) [IR_##sym] = &&L_IR_##sym, [IR_##sym##_RI] = &&L_IR_##sym##_RI,
#  define DL_BIN(sym, t1) DL_BIN_PLAIN(sym) DL_ACC_BIN_##t1(sym)
#  define DL_ACC1(sym) [IR_##sym##_ACC] = &&L_IR_##sym##_ACC,
#  define DL_ACC2(sym) DL_ACC1(sym) [IR_##sym##_RI_ACC] = &&L_IR_##sym##_RI_ACC,
#  define DL_ACC_UN_I32 DL_ACC1
#  define DL_ACC_UN_I64 DL_ACC1
#  define DL_ACC_UN_F64 DL_ACC1
#  define DL_ACC_UN_F32(sym)
#  define DL_ACC_UN_V128(sym)
#  define DL_ACC_BIN(sym) DL_ACC2(sym) [IR_##sym##_RET] = &&L_IR_##sym##_RET, \
    [IR_##sym##_RI_RET] = &&L_IR_##sym##_RI_RET,
#  define DL_ACC_BIN_I32 DL_ACC_BIN
#  define DL_ACC_BIN_I64 DL_ACC_BIN
#  define DL_ACC_BIN_F64 DL_ACC_BIN
#  define DL_ACC_BIN_F32(sym)
#  define DL_CNT_I32(sym) [IR_CNT_BRT_##sym] = &&L_IR_CNT_BRT_##sym, \
    [IR_CNT_BRT_##sym##_RI] = &&L_IR_CNT_BRT_##sym##_RI, [IR_CNT_BRF_##sym] = &&L_IR_CNT_BRF_##sym, \
    [IR_CNT_BRF_##sym##_RI] = &&L_IR_CNT_BRF_##sym##_RI, \
    [IR_CNT_BRT_##sym##_C] = &&L_IR_CNT_BRT_##sym##_C, \
    [IR_CNT_BRT_##sym##_RI_C] = &&L_IR_CNT_BRT_##sym##_RI_C, \
    [IR_CNT_BRF_##sym##_C] = &&L_IR_CNT_BRF_##sym##_C, \
    [IR_CNT_BRF_##sym##_RI_C] = &&L_IR_CNT_BRF_##sym##_RI_C,
#  define DL_CNT_I64(sym)
#  define DL_CNT_F32(sym)
#  define DL_CNT_F64(sym)
#  define DL_CMP(sym, t1) DL_CNT_##t1(sym) DL_BIN_PLAIN(sym) [IR_BRT_##sym] = &&L_IR_BRT_##sym, \
    [IR_BRT_##sym##_RI] = &&L_IR_BRT_##sym##_RI, [IR_BRF_##sym] = &&L_IR_BRF_##sym, \
    [IR_BRF_##sym##_RI] = &&L_IR_BRF_##sym##_RI, [IR_SEL_##sym] = &&L_IR_SEL_##sym, \
    [IR_SEL_##sym##_RI] = &&L_IR_SEL_##sym##_RI,
#  define DL_BINT(sym, ...) [IR_##sym] = &&L_IR_##sym,
#  define DL_ADDR(sym) [IR_##sym] = &&L_IR_##sym, [IR_##sym##_A] = &&L_IR_##sym##_A, \
    [IR_##sym##_AR] = &&L_IR_##sym##_AR, [IR_##sym##_AS] = &&L_IR_##sym##_AS, \
    [IR_##sym##_AX] = &&L_IR_##sym##_AX, [IR_##sym##_ACC] = &&L_IR_##sym##_ACC,
#  define DL_LD(sym, ...) DL_ADDR(sym) [IR_##sym##_A_ACC] = &&L_IR_##sym##_A_ACC,
#  define DL_ST(sym, ...) DL_ADDR(sym)
#  define DL_CTRL(sym, ...)
#  define DL_PARAM(sym, ...)
#  define DL_VAR(sym, ...)
#  define DL_TBL(sym, ...)
#  define DL_MEMX(sym, ...)
#  define DL_CST(sym, ...)
#  define DL_RE(sym, ...)
#  define DL_REF(sym, ...)
#  define DL_BULK(sym, ...)
#  define DL_IR(sym, name, lay) [IR_##sym] = &&L_IR_##sym,
#  define DL_PAIR(a, b) [IR_P_##a##_##b] = &&L_IR_P_##a##_##b,
    static const void *const disp[IR_COUNT_] = {
        MW_OPCODES(DL_ONE) MW_OPCODES_FC(DL_ONE) MW_OPCODES_FD(DL_ONE) MW_IROPS(DL_IR)
        MW_PAIRS(DL_PAIR) MW_CHAINS(DL_PAIR)
#  define DL_REPLICA_K(x, k) [IR_R##k##_##x] = &&L_IR_R##k##_##x,
#  define DL_REPLICA(x) MW_EACH_REPLICA(DL_REPLICA_K, x)
        MW_REPLICAS(DL_REPLICA)
    };
#endif
    /* The frame stack lives in locals while running; s->nframes is exact whenever
     * anyone else may look (host calls, traps, faults in guard-page mode). */
    const uint32_t base_frames = s->nframes;
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    register mwi_frame *frp __asm__("r14");   /* see SET_FRP */
#else
    mwi_frame *frp;
#endif
    /* Each activation's stub record (at its base) is not counted against the call depth:
     * s->reentry activations are running, this one included (call.c). */
    uint64_t fr_lim_ = (uint64_t)s->max_frames + s->reentry;
    mwi_frame *const fr_end = s->frames + (fr_lim_ < s->frames_cap ? fr_lim_ : s->frames_cap);
    SET_FRP(s->frames + base_frames);
    mw_instance *inst = fn0->inst;
    const mw_unit *pc = fn0->code->ops;
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    /* gcc 12 left the memory base in the stack frame once the inline call paths came
     * (every load and store then read it from there); in a callee-saved register the
     * suite's memory-heavy programs run 7-17% faster (doc/dispatch.md, change 4). */
    register uint8_t *mem __asm__("r13");
#else
    uint8_t *mem;
#endif
    uint64_t memsize;
    /* The accumulator (SET_*): under gcc x86-64 in a callee-saved register of its own,
     * where gcc would otherwise keep it in the stack frame (doc/dispatch.md, change 5).
     * Callee-saved, so no call in a handler can clobber it. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    register uint64_t iacc __asm__("r15") = 0;
#else
    uint64_t iacc = 0;
#endif
    /* The f64 accumulator (SET_F64, ACC_F64), so that an f64 chain stays in the vector
     * registers (doc/dispatch.md, session 15). gcc would keep it in the stack frame, so
     * it is pinned (MW_F64_ACC_REG) to a vector register, which on x86-64 is always
     * caller-saved: gcc does not preserve it across a call (session 7 found this under
     * ASan, whose checks are calls). That is enough because nothing between a producer's
     * write and the next handler's read calls anything (the translator lets only the
     * very next instruction read it), and each reader reads it first, through ACC_F64,
     * into an ordinary value, which gcc does keep across its own calls. */
#if MW_F64_ACC_REG
    register double facc __asm__("xmm15") = 0;
#else
    double facc = 0;
#endif
    mw_trap_code trap = MW_TRAP_NONE;
    mw_func *callee;
    mw_slot *nfp;
    uint8_t susp_kind = MWI_SUSP_NONE;

    LOAD_MEM();
    callee = fn0;
    nfp = fp;
    if (MW_UNLIKELY(r != NULL)) {
        /* Back to where the activation stopped (doc/resume.md). */
        SET_FRP(s->frames + r->nframes);
        pc = r->pc;
        callee = r->callee;
        nfp = r->nfp;
        if (r->kind == MWI_SUSP_AT_CALL) goto do_call;
        if (r->kind == MWI_SUSP_AT_HOST_RETRY) goto host_retry;
        if (r->kind == MWI_SUSP_AT_PC || r->kind == MWI_SUSP_AT_HOST) goto resume_pc;
    } else {
        PUSH_REC(ret_exit_stub, fn0);   /* the outermost return lands on IR_RET_EXIT */
    }
    FUEL_AT(fn0->efuel, MWI_SUSP_AT_ENTRY);   /* the outermost call costs its entry too */
    if (MW_UNLIKELY(fp + fn0->code->nslots > s->stack_end)) TRAP(MW_TRAP_STACK_EXHAUSTED);
    goto resume_pc;   /* pc is fn0's first instruction */

    for (;;) {
resume_pc:
        vmdispatch(*pc) {

/* ---- numeric, load and store handlers, generated from the opcode table ---- */
#define H_ONE(kind, sym, code, name, imm, t1, t2, tr, impl) H_##kind(sym, t1, t2, tr, impl)
/* A result into its slot and also into an accumulator, where the next instruction's .acc
 * form reads it without a store-to-load round trip through the slot (doc/dispatch.md,
 * change 5): an i32 or i64 into iacc, an f64 into facc. f32 results have none. */
#define SET_I32(v) do { uint32_t r_ = (v); SLOT(1) = r_; iacc = r_; } while (0)
#define SET_I64(v) do { uint64_t r_ = (v); SLOT(1) = r_; iacc = r_; } while (0)
#define SET_F32(v) SLOT(1) = PUT_F32(v)
#define SET_F64(v) do { double d_ = (v); SLOT(1) = mwF_f64_bits(d_); facc = d_; } while (0)
/* A .ret form's result: the function's (slot 0 of its frame), and in the accumulator as
 * ret1 leaves it; the destination operand is not written (the frame is done). No f64
 * result of a call is read from an accumulator (ops_num.c from_acc). */
#define RET_I32(v) do { uint32_t r_ = (v); fp[0] = r_; iacc = r_; } while (0)
#define RET_I64(v) do { uint64_t r_ = (v); fp[0] = r_; iacc = r_; } while (0)
#define RET_F64(v) fp[0] = mwF_f64_bits(v)
/* The same for a load of a t1 at host address p_ (an f64 read as a double, straight into
 * facc). */
#define LDSET_INT(put, t1, p_) do { t1 v_; memcpy(&v_, (p_), sizeof v_); \
        mw_slot r_ = put(v_); SLOT(1) = r_; iacc = r_; } while (0)
#define LDSET_I32(t1, p_) LDSET_INT(LDPUT_I32, t1, p_)
#define LDSET_I64(t1, p_) LDSET_INT(LDPUT_I64, t1, p_)
#define LDSET_F32(t1, p_) do { t1 v_; memcpy(&v_, (p_), sizeof v_); SLOT(1) = LDPUT_F32(v_); } while (0)
#define LDSET_F64(t1, p_) do { double d_ = mem_f64(p_); \
        SLOT(1) = mwF_f64_bits(d_); facc = d_; } while (0)
/* ... and read back by an .acc form as its operand a. */
#define ACC_I32 ((uint32_t)iacc)
#define ACC_I64 iacc
#if MW_F64_ACC_REG
/* as an asm operand, the one use gcc defines for a register variable */
#  define ACC_F64 __extension__ ({ double r_; __asm__("" : "=x"(r_) : "0"(facc)); r_; })
#else
#  define ACC_F64 facc
#endif
/* The bits a store.acc writes (no f32 store reads an accumulator). */
#define ACCBITS_I32 iacc
#define ACCBITS_I64 iacc
#define ACCBITS_F32 iacc
#define ACCBITS_F64 mwF_f64_bits(facc)   /* read first, into the store's v (H_ST) */
#define H_UN(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { CT_##t1 a = GETS_##t1(2); SET_##tr(impl); pc += MW_LEN(UN); } vmbreak; \
        H_ACC_UN_##t1(sym, t1, t2, tr, impl)
#define H_ACC_UN(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym##_ACC) { CT_##t1 a = ACC_##t1; SET_##tr(impl); pc += MW_LEN(UN); } vmbreak;
#define H_ACC_UN_I32 H_ACC_UN
#define H_ACC_UN_I64 H_ACC_UN
#define H_ACC_UN_F64 H_ACC_UN
#define H_ACC_UN_F32(...)
#define H_ACC_UN_V128(...)
#define H_UNT(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { CT_##t1 a = GETS_##t1(2); CT_##tr r; \
            int t_ = impl(a, &r); if (MW_UNLIKELY(t_)) TRAP((mw_trap_code)t_); \
            SLOT(1) = PUT_##tr(r); pc += MW_LEN(UNT); } vmbreak;
#define H_BIN_PLAIN(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { CT_##t1 a = GETS_##t1(2); CT_##t2 b = GETS_##t2(3); \
            SET_##tr(impl); pc += MW_LEN(BIN); } vmbreak; \
        vmcase(IR_##sym##_RI) { CT_##t1 a = GETS_##t1(2); CT_##t2 b = GET_##t2(IMM_##t2); \
            SET_##tr(impl); pc += RILEN_##t2; } vmbreak;
#define H_BIN(sym, t1, t2, tr, impl) H_BIN_PLAIN(sym, t1, t2, tr, impl) \
        H_ACC_BIN_##t1(sym, t1, t2, tr, impl)
#define H_ACC_BIN(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym##_ACC) { CT_##t1 a = ACC_##t1; CT_##t2 b = GETS_##t2(3); \
            SET_##tr(impl); pc += MW_LEN(BIN); } vmbreak; \
        vmcase(IR_##sym##_RI_ACC) { CT_##t1 a = ACC_##t1; CT_##t2 b = GET_##t2(IMM_##t2); \
            SET_##tr(impl); pc += RILEN_##t2; } vmbreak; \
        vmcase(IR_##sym##_RET) { CT_##t1 a = GETS_##t1(2); CT_##t2 b = GETS_##t2(3); \
            RET_##tr(impl); RETURN_INLINE(); } vmbreak; \
        vmcase(IR_##sym##_RI_RET) { CT_##t1 a = GETS_##t1(2); CT_##t2 b = GET_##t2(IMM_##t2); \
            RET_##tr(impl); RETURN_INLINE(); } vmbreak;
#define H_ACC_BIN_I32 H_ACC_BIN
#define H_ACC_BIN_I64 H_ACC_BIN
#define H_ACC_BIN_F64 H_ACC_BIN
#define H_ACC_BIN_F32(...)
/* Count and branch: d is written after the poll of a taken backward branch (TAKE_THEN),
 * so a suspension there re-executes the form with its operands unchanged. */
#define H_CNT1(lab, test, bval, k, len) \
        vmcase(lab) { CNT_BODY(test, bval, k, len) } vmbreak; \
        vmcase(lab##_C) { SLOT(1) = SLOT(2); pc += IRLEN_COPY; CNT_BODY(test, bval, k, len) } vmbreak;
#define CNT_BODY(test, bval, k, len) \
        uint32_t a = (uint32_t)SLOT(2) + RD32(3), b = (bval); \
        if (test) { TAKE_THEN(k, SLOT(1) = a); } else { SLOT(1) = a; pc += (len); }
#define H_CNT_I32(sym, impl) \
        H_CNT1(IR_CNT_BRT_##sym, impl, (uint32_t)SLOT(5), 6, MW_LEN(CNT)) \
        H_CNT1(IR_CNT_BRF_##sym, !(impl), (uint32_t)SLOT(5), 6, MW_LEN(CNT)) \
        H_CNT1(IR_CNT_BRT_##sym##_RI, impl, RD32(5), 7, MW_LEN(CNT_RI)) \
        H_CNT1(IR_CNT_BRF_##sym##_RI, !(impl), RD32(5), 7, MW_LEN(CNT_RI))
#define H_CNT_I64(...)
#define H_CNT_F32(...)
#define H_CNT_F64(...)
#define H_CMP(sym, t1, t2, tr, impl) H_BIN_PLAIN(sym, t1, t2, tr, impl) H_CNT_##t1(sym, impl) \
        vmcase(IR_BRT_##sym) { CT_##t1 a = GETS_##t1(1); CT_##t2 b = GETS_##t2(2); \
            if (impl) TAKE(MW_LEN(BR) - 2); else pc += MW_LEN(BR); } vmbreak; \
        vmcase(IR_BRF_##sym) { CT_##t1 a = GETS_##t1(1); CT_##t2 b = GETS_##t2(2); \
            if (!(impl)) TAKE(MW_LEN(BR) - 2); else pc += MW_LEN(BR); } vmbreak; \
        vmcase(IR_BRT_##sym##_RI) { CT_##t1 a = GETS_##t1(1); CT_##t2 b = GET_##t2(IMM2_##t2); \
            if (impl) TAKE(RILEN_##t2 - 1); else pc += RILEN_##t2 + 1; } vmbreak; \
        vmcase(IR_BRF_##sym##_RI) { CT_##t1 a = GETS_##t1(1); CT_##t2 b = GET_##t2(IMM2_##t2); \
            if (!(impl)) TAKE(RILEN_##t2 - 1); else pc += RILEN_##t2 + 1; } vmbreak; \
        vmcase(IR_SEL_##sym) { CT_##t1 a = GETS_##t1(4); CT_##t2 b = GETS_##t2(5); \
            SLOT(1) = (impl) ? SLOT(2) : SLOT(3); pc += MW_LEN(SEL); } vmbreak; \
        vmcase(IR_SEL_##sym##_RI) { CT_##t1 a = GETS_##t1(4); CT_##t2 b = GET_##t2(IMM3_##t2); \
            SLOT(1) = (impl) ? SLOT(2) : SLOT(3); pc += RILEN_##t2 + 2; } vmbreak;
#define H_BINT(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { CT_##t1 a = GETS_##t1(2); CT_##t2 b = GETS_##t2(3); CT_##tr r; \
            int t_ = impl(a, b, &r); if (MW_UNLIKELY(t_)) TRAP((mw_trap_code)t_); \
            SLOT(1) = PUT_##tr(r); pc += MW_LEN(BINT); } vmbreak;
/* A load's address in each form (also the pair first forms', PF_*), then the load. */
#define EA_LD ((uint64_t)(uint32_t)SLOT(2) + RD32(3))
#define EA_LD_A ((uint64_t)(uint32_t)((uint32_t)SLOT(2) + RD32(3)) + RD32(5))
#define EA_LD_AR ((uint64_t)(uint32_t)((uint32_t)SLOT(2) + (uint32_t)SLOT(3)) + RD32(4))
#define EA_LD_AS ((uint64_t)(uint32_t)((uint32_t)SLOT(2) + ((uint32_t)SLOT(3) << pc[4])) + RD32(5))
#define EA_LD_AX ((uint64_t)(uint32_t)(((uint32_t)SLOT(2) << pc[3]) + RD32(4)) + RD32(6))
#define EA_LD_ACC ((uint64_t)ACC_I32 + RD32(3))
#define EA_LD_A_ACC ((uint64_t)(uint32_t)(ACC_I32 + RD32(3)) + RD32(5))
#define LD_DO(t1, t2, tr, ea_, len) { uint64_t ea = ea_; CHECK_MEM(ea, t2); \
            LDSET_##tr(t1, MEM_AT(ea)); pc += (len); }
#define H_LD(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) LD_DO(t1, t2, tr, EA_LD, MW_LEN(LD)) vmbreak; \
        vmcase(IR_##sym##_A) LD_DO(t1, t2, tr, EA_LD_A, MW_LEN(LD_A)) vmbreak; \
        vmcase(IR_##sym##_AR) LD_DO(t1, t2, tr, EA_LD_AR, MW_LEN(LD_AR)) vmbreak; \
        vmcase(IR_##sym##_AS) LD_DO(t1, t2, tr, EA_LD_AS, MW_LEN(LD_AS)) vmbreak; \
        vmcase(IR_##sym##_AX) LD_DO(t1, t2, tr, EA_LD_AX, MW_LEN(LD_AX)) vmbreak; \
        vmcase(IR_##sym##_ACC) LD_DO(t1, t2, tr, EA_LD_ACC, MW_LEN(LD)) vmbreak; \
        vmcase(IR_##sym##_A_ACC) LD_DO(t1, t2, tr, EA_LD_A_ACC, MW_LEN(LD_A)) vmbreak;
#define H_ST(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { uint64_t ea = (uint64_t)(uint32_t)SLOT(1) + RD32(3); \
            CHECK_MEM(ea, t2); \
            t1 v = (t1)SLOT(2); memcpy(MEM_AT(ea), &v, sizeof v); pc += MW_LEN(ST); } vmbreak; \
        vmcase(IR_##sym##_A) { uint64_t ea = (uint64_t)(uint32_t)((uint32_t)SLOT(1) + RD32(2)) + RD32(5); \
            CHECK_MEM(ea, t2); \
            t1 v = (t1)SLOT(4); memcpy(MEM_AT(ea), &v, sizeof v); pc += MW_LEN(ST_A); } vmbreak; \
        vmcase(IR_##sym##_AR) { uint64_t ea = (uint64_t)(uint32_t)((uint32_t)SLOT(1) + (uint32_t)SLOT(2)) + RD32(4); \
            CHECK_MEM(ea, t2); \
            t1 v = (t1)SLOT(3); memcpy(MEM_AT(ea), &v, sizeof v); pc += MW_LEN(ST_AR); } vmbreak; \
        vmcase(IR_##sym##_AS) { uint64_t ea = (uint64_t)(uint32_t)((uint32_t)SLOT(1) + ((uint32_t)SLOT(2) << pc[3])) + RD32(5); \
            CHECK_MEM(ea, t2); \
            t1 v = (t1)SLOT(4); memcpy(MEM_AT(ea), &v, sizeof v); pc += MW_LEN(ST_AS); } vmbreak; \
        vmcase(IR_##sym##_AX) { uint64_t ea = (uint64_t)(uint32_t)(((uint32_t)SLOT(1) << pc[2]) + RD32(3)) + RD32(6); \
            CHECK_MEM(ea, t2); \
            t1 v = (t1)SLOT(5); memcpy(MEM_AT(ea), &v, sizeof v); pc += MW_LEN(ST_AX); } vmbreak; \
        vmcase(IR_##sym##_ACC) { t1 v = (t1)ACCBITS_##tr; /* first: ACC_F64 */ \
            uint64_t ea = (uint64_t)(uint32_t)SLOT(1) + RD32(3); \
            CHECK_MEM(ea, t2); \
            memcpy(MEM_AT(ea), &v, sizeof v); pc += MW_LEN(ST); } vmbreak;
#if MW_SIMD
/* v128 operands and results live in two consecutive slots (low half first). */
#  define VGET(i) vget(fp + pc[i])
#  define VPUT(i, v) vput(fp + pc[i], (v))
#  define BITS_I32 uint32_t
#  define BITS_F32 uint32_t
#  define BITS_I64 uint64_t
#  define BITS_F64 uint64_t
#  define H_VLD(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { uint64_t ea = (uint64_t)(uint32_t)SLOT(2) + RD32(3); \
            CHECK_MEM(ea, t2); VPUT(1, impl(MEM_AT(ea))); pc += MW_LEN(VLD); } vmbreak;
#  define H_VST(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { uint64_t ea = (uint64_t)(uint32_t)SLOT(1) + RD32(3); \
            CHECK_MEM(ea, 16); memcpy(MEM_AT(ea), fp + pc[2], 16); pc += MW_LEN(VST); } vmbreak;
#  define H_VLDLANE(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { uint64_t ea = (uint64_t)(uint32_t)SLOT(2) + RD32(4); \
            CHECK_MEM(ea, t2); VPUT(1, impl(VGET(3), pc[6], MEM_AT(ea))); pc += MW_LEN(VLDLANE); } vmbreak;
#  define H_VSTLANE(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { uint64_t ea = (uint64_t)(uint32_t)SLOT(1) + RD32(3); \
            CHECK_MEM(ea, t2); impl(VGET(2), pc[5], MEM_AT(ea)); pc += MW_LEN(VSTLANE); } vmbreak;
#  define H_VSHUF(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { uint8_t l_[16]; memcpy(l_, pc + 4, 16); \
            VPUT(1, impl(VGET(2), VGET(3), l_)); pc += MW_LEN(VSHUF); } vmbreak;
#  define H_VEXTRACT(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { SLOT(1) = (mw_slot)impl(VGET(2), pc[3]); pc += MW_LEN(VEXTRACT); } vmbreak;
#  define H_VREPLACE(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { VPUT(1, impl(VGET(2), pc[4], (BITS_##t1)SLOT(3))); pc += MW_LEN(VREPLACE); } vmbreak;
#  define H_VSPLAT(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { VPUT(1, impl((BITS_##t1)SLOT(2))); pc += MW_LEN(VSPLAT); } vmbreak;
#  define H_VUN(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { VPUT(1, impl(VGET(2))); pc += MW_LEN(VUN); } vmbreak;
#  define H_VBIN(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { VPUT(1, impl(VGET(2), VGET(3))); pc += MW_LEN(VBIN); } vmbreak;
#  define H_VTERN(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { VPUT(1, impl(VGET(2), VGET(3), VGET(4))); pc += MW_LEN(VTERN); } vmbreak;
#  define H_VTEST(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { SLOT(1) = (uint32_t)impl(VGET(2)); pc += MW_LEN(VTEST); } vmbreak;
#  define H_VSHIFT(sym, t1, t2, tr, impl) \
        vmcase(IR_##sym) { VPUT(1, impl(VGET(2), (uint32_t)SLOT(3))); pc += MW_LEN(VSHIFT); } vmbreak;
#endif
#define H_CTRL(...)
#define H_PARAM(...)
#define H_VAR(...)
#define H_TBL(...)
#define H_MEMX(...)
#define H_CST(...)
#define H_RE(...)
#define H_REF(...)
#define H_BULK(...)
#define H_VCONST(...)
        MW_OPCODES(H_ONE)
        MW_OPCODES_FC(H_ONE)
#if MW_SIMD
        MW_OPCODES_FD(H_ONE)
#endif

/* ---- control ---- */
        vmcase(IR_TRAP) TRAP((mw_trap_code)pc[1]);
        vmcase(IR_BR) { pc += (ptrdiff_t)(int32_t)RD32(1) + 1; } vmbreak;   /* as TAKE */
        vmcase(IR_BR_BACK) { FUEL(); pc += (ptrdiff_t)(int32_t)RD32(1) + 1; } vmbreak;
        vmcase(IR_BR_IF) { if ((uint32_t)SLOT(1)) TAKE(2); else pc += IRLEN_BR_IF; } vmbreak;
        vmcase(IR_BR_IFZ) { if (!(uint32_t)SLOT(1)) TAKE(2); else pc += IRLEN_BR_IFZ; } vmbreak;
        vmcase(IR_BR_TABLE) {
            uint64_t i = (uint32_t)SLOT(1), n = RD32(2), k = i < n ? i : n;   /* 64-bit: one lea */
            const mw_unit *e = pc + IRLEN_BR_TABLE + 2 * k;
            pc = e + (int32_t)rd32(e);
        } vmbreak;
        vmcase(IR_BR_TABLE_ACC) {   /* an interpreter's opcode, just loaded */
            uint64_t i = ACC_I32, n = RD32(2), k = i < n ? i : n;   /* 64-bit: one lea */
            const mw_unit *e = pc + IRLEN_BR_TABLE + 2 * k;
            pc = e + (int32_t)rd32(e);
        } vmbreak;
        vmcase(IR_RET) {
            const mw_slot *src = fp + pc[1];
            for (uint32_t k = 0, n = FN->code->nresults; k < n; k++) fp[k] = src[k];
            RETURN_INLINE();
        } vmbreak;
        vmcase(IR_RET0) { RETURN_INLINE(); } vmbreak;
        vmcase(IR_RET1) { mw_slot v_ = SLOT(1); fp[0] = v_; iacc = v_; RETURN_INLINE(); } vmbreak;
        vmcase(IR_RET1_ACC) { fp[0] = iacc; RETURN_INLINE(); } vmbreak;
        vmcase(IR_RET_EXIT) {   /* the activation's function returned (its results are in fp) */
            s->nframes = base_frames;
            return MW_TRAP_NONE;
        }
        vmcase(IR_RET_XINST) {   /* the caller's record is the one below */
            RETURN_INLINE();
            inst = FN->inst;
            LOAD_MEM();
        } vmbreak;
        vmcase(IR_CALL) {
            callee = inst->funcs[RD32(1)];
            nfp = fp + pc[3];
            pc += IRLEN_CALL;
            goto do_call;
        }
/* A function defined by the running module: wasm code of this instance, so no host
 * check and no instance switch. (A suspension here resumes through do_call, which takes
 * the general path to the same effect.) The _C/_CC forms first do the one or two copies
 * that moved the last arguments into place (compile.c op_call). */
#define H_CALL_LOCAL(sfx, copies) \
        vmcase(IR_CALL_LOCAL##sfx) { \
            copies; \
            mw_func *f = inst->funcs[RD32(1)]; \
            mw_slot *nf = fp + pc[3]; \
            const mw_unit *e = (const mw_unit *)(uintptr_t)rd64(pc + IRLEN_CALL); \
            pc += IRLEN_CALL_LOCAL##sfx; \
            CALL_INLINE(f, nf, e, call_local_slow##sfx); \
            vmbreak; \
call_local_slow##sfx: \
            callee = f; \
            nfp = nf; \
            goto call_wasm; \
        }
        H_CALL_LOCAL(, (void)0)
        H_CALL_LOCAL(_C, SLOT(IRLEN_CALL_LOCAL) = SLOT(IRLEN_CALL_LOCAL + 1))
        H_CALL_LOCAL(_CC, SLOT(IRLEN_CALL_LOCAL) = SLOT(IRLEN_CALL_LOCAL + 1);
                     SLOT(IRLEN_CALL_LOCAL + 2) = SLOT(IRLEN_CALL_LOCAL + 3))
#define H_CALL_INDIRECT(sfx, copies) \
        vmcase(IR_CALL_INDIRECT##sfx) { \
            copies; \
            mw_table *t = inst->tables[RD32(3)]; \
            uint32_t i = (uint32_t)SLOT(6); \
            if (MW_UNLIKELY(i >= t->size)) TRAP(MW_TRAP_UNDEFINED_ELEMENT); \
            mw_func *f = (mw_func *)(uintptr_t)t->elems[i]; \
            if (MW_UNLIKELY(!f)) TRAP(MW_TRAP_UNINITIALIZED_ELEMENT); \
            const mw_functype *want = &inst->module->types[RD32(1)]; \
            if (f->type != want && !mwD_functype_eq(f->type, want)) \
                TRAP(MW_TRAP_INDIRECT_MISMATCH); \
            mw_slot *nf = fp + pc[5]; \
            pc += IRLEN_CALL_INDIRECT##sfx; \
            if (MW_UNLIKELY(!f->code || f->inst != inst)) goto call_indirect_slow##sfx; \
            CALL_INLINE(f, nf, f->ops, call_indirect_slow##sfx); \
            vmbreak; \
call_indirect_slow##sfx:   /* host, native or another instance's function, or a bound */ \
            callee = f; \
            nfp = nf; \
            goto do_call; \
        }
        H_CALL_INDIRECT(, (void)0)
        H_CALL_INDIRECT(_C, SLOT(7) = SLOT(8))
        H_CALL_INDIRECT(_CC, SLOT(7) = SLOT(8); SLOT(9) = SLOT(10))

/* ---- data movement ---- */
        vmcase(IR_COPY) { SLOT(1) = SLOT(2); pc += IRLEN_COPY; } vmbreak;
        vmcase(IR_COPY_COPY) { SLOT(1) = SLOT(2); SLOT(3) = SLOT(4); pc += IRLEN_COPY_COPY; } vmbreak;
        vmcase(IR_ZERO) {
            /* Usually a handful: a plain loop beats a call to memset (MWI_OPAQUE keeps
             * the compiler from turning it back into one). */
            for (mw_slot *z_ = fp + pc[1], *ze_ = z_ + pc[2]; z_ < ze_; z_++) {
                *z_ = 0;
                MWI_OPAQUE(z_);
            }
            pc += IRLEN_ZERO;
        } vmbreak;
        vmcase(IR_ZERO1) { SLOT(1) = 0; pc += IRLEN_ZERO1; } vmbreak;
        vmcase(IR_ZERO2) { fp[pc[1]] = 0; fp[pc[1] + 1] = 0; pc += IRLEN_ZERO2; } vmbreak;
        vmcase(IR_COPY2) {
            /* The halves may overlap by one slot: read both first. */
            mw_slot lo = fp[pc[2]], hi = fp[pc[2] + 1];
            fp[pc[1]] = lo; fp[pc[1] + 1] = hi;
            pc += IRLEN_COPY2;
        } vmbreak;
        vmcase(IR_CONST128) { memcpy(fp + pc[1], pc + 2, 16); pc += IRLEN_CONST128; } vmbreak;
        vmcase(IR_SELECT2) {
            const mw_slot *src = fp + ((uint32_t)SLOT(4) ? pc[2] : pc[3]);
            mw_slot lo = src[0], hi = src[1];
            fp[pc[1]] = lo; fp[pc[1] + 1] = hi;
            pc += IRLEN_SELECT2;
        } vmbreak;
        vmcase(IR_GLOBAL_GET2) {
            const mw_global *g = inst->globals[RD32(2)];
            fp[pc[1]] = g->val; fp[pc[1] + 1] = g->hi;
            pc += IRLEN_GLOBAL_GET2;
        } vmbreak;
        vmcase(IR_GLOBAL_SET2) {
            mw_global *g = inst->globals[RD32(1)];
            g->val = fp[pc[3]]; g->hi = fp[pc[3] + 1];
            pc += IRLEN_GLOBAL_SET2;
        } vmbreak;
        vmcase(IR_I32_ADD3) { SET_I32((uint32_t)SLOT(2) + (uint32_t)SLOT(3) + (uint32_t)SLOT(4)); pc += IRLEN_I32_ADD3; } vmbreak;
        vmcase(IR_I32_ADD_SHL) { SET_I32((uint32_t)SLOT(2) + ((uint32_t)SLOT(3) << pc[4])); pc += IRLEN_I32_ADD_SHL; } vmbreak;
#define SHRU_AND_DO(a) SET_I32(((a) >> pc[3]) & RD32(4)); pc += IRLEN_I32_SHRU_AND;
        vmcase(IR_I32_SHRU_AND) { SHRU_AND_DO((uint32_t)SLOT(2)) } vmbreak;
        vmcase(IR_I32_ROTL_XOR) { SET_I32(mwF_i32_rotl((uint32_t)SLOT(2), pc[4]) ^ (uint32_t)SLOT(3)); pc += IRLEN_I32_ROTL_XOR; } vmbreak;
        vmcase(IR_I32_ADD3_ACC) { SET_I32(ACC_I32 + (uint32_t)SLOT(3) + (uint32_t)SLOT(4)); pc += IRLEN_I32_ADD3; } vmbreak;
        vmcase(IR_I32_ADD_SHL_ACC) { SET_I32(ACC_I32 + ((uint32_t)SLOT(3) << pc[4])); pc += IRLEN_I32_ADD_SHL; } vmbreak;
        vmcase(IR_I32_SHRU_AND_ACC) { SHRU_AND_DO(ACC_I32) } vmbreak;
        vmcase(IR_I32_ROTL_XOR_ACC) { SET_I32(mwF_i32_rotl((uint32_t)SLOT(2), pc[4]) ^ ACC_I32); pc += IRLEN_I32_ROTL_XOR; } vmbreak;
        /* Bit tests and counts fused with the branch on them. A count's branch polls
         * before it writes d, so a suspension there re-executes the whole form. */
        vmcase(IR_BRT_I32_AND) { if ((uint32_t)SLOT(1) & (uint32_t)SLOT(2)) TAKE(3); else pc += IRLEN_BRT_I32_AND; } vmbreak;
        vmcase(IR_BRF_I32_AND) { if (!((uint32_t)SLOT(1) & (uint32_t)SLOT(2))) TAKE(3); else pc += IRLEN_BRF_I32_AND; } vmbreak;
        vmcase(IR_BRT_I32_AND_RI) { if ((uint32_t)SLOT(1) & RD32(2)) TAKE(4); else pc += IRLEN_BRT_I32_AND_RI; } vmbreak;
        vmcase(IR_BRF_I32_AND_RI) { if (!((uint32_t)SLOT(1) & RD32(2))) TAKE(4); else pc += IRLEN_BRF_I32_AND_RI; } vmbreak;
_Static_assert(IRLEN_I32_ADD_RI_BRT == IRLEN_I32_ADD_RI_BRF, "one length for both");
#define ADD_RI_BR(test) \
        uint32_t r = (uint32_t)SLOT(2) + RD32(3); \
        if (test) { TAKE_THEN(5, SLOT(1) = r); } else { SLOT(1) = r; pc += IRLEN_I32_ADD_RI_BRT; }
        vmcase(IR_I32_ADD_RI_BRT) { ADD_RI_BR(r) } vmbreak;
        vmcase(IR_I32_ADD_RI_BRF) { ADD_RI_BR(!r) } vmbreak;
        /* A copy, then the form right after it (compile.c copy_first). */
        vmcase(IR_I32_ADD_RI_BRT_C) { SLOT(1) = SLOT(2); pc += IRLEN_COPY; ADD_RI_BR(r) } vmbreak;
        vmcase(IR_I32_ADD_RI_BRF_C) { SLOT(1) = SLOT(2); pc += IRLEN_COPY; ADD_RI_BR(!r) } vmbreak;
/* f64 arithmetic on a loaded second operand: address b + offset (_L) or (b + imm, wrapped
 * at 32 bits) + offset (_LA), as the f64.load forms compute it. */
#define F64_LOP_DO(op, a, ea_, len) { double a_ = (a); uint64_t ea = ea_; CHECK_MEM(ea, 8); \
            uint64_t v; memcpy(&v, MEM_AT(ea), 8); \
            SET_F64(a_ op mwF_f64_from_bits(v)); pc += (len); }
#define EA_L ((uint64_t)(uint32_t)SLOT(3) + RD32(4))
#define EA_LA ((uint64_t)(uint32_t)((uint32_t)SLOT(3) + RD32(4)) + RD32(6))
#define H_F64_LOP(sym, op, a, acc) \
        vmcase(IR_F64_##sym##_L##acc) F64_LOP_DO(op, a, EA_L, IRLEN_F64_##sym##_L) vmbreak; \
        vmcase(IR_F64_##sym##_LA##acc) F64_LOP_DO(op, a, EA_LA, IRLEN_F64_##sym##_LA) vmbreak;
#define F64_MUL_RSUB_DO { double p_ = GETS_F64(2) * GETS_F64(3); \
            SET_F64(GETS_F64(4) - p_); pc += IRLEN_F64_MUL_RSUB; }
#define F64_ADD_M_BODY(a) { double a_ = (a); uint64_t ea = (uint64_t)(uint32_t)SLOT(2) + RD32(3); \
            CHECK_MEM(ea, 8); \
            uint64_t v; memcpy(&v, MEM_AT(ea), 8); \
            v = mwF_f64_bits(a_ + mwF_f64_from_bits(v)); \
            memcpy(MEM_AT(ea), &v, 8); pc += IRLEN_F64_ADD_M; }
        vmcase(IR_F64_ADD_M) F64_ADD_M_BODY(GETS_F64(1)) vmbreak;
        vmcase(IR_F64_ADD_M_ACC) F64_ADD_M_BODY(ACC_F64) vmbreak;

/* ---- joined pairs (pair.c, opcodes.h MW_PAIRS): the first form, then straight to the
 * second's handler, the one at pc (gcc merges the two into one handler). Each first
 * does what its own handler does, the accumulator included; test_fused checks every
 * pair against the same code unjoined. */
#define PF_I32_ADD_RI SET_I32((uint32_t)SLOT(2) + IMM_I32); pc += RILEN_I32;
#define PF_I32_SUB_RI SET_I32((uint32_t)SLOT(2) - IMM_I32); pc += RILEN_I32;
#define PF_I64_ADD_RI SET_I64(SLOT(2) + IMM_I64); pc += RILEN_I64;
#define PF_I32_ADD SET_I32((uint32_t)SLOT(2) + (uint32_t)SLOT(3)); pc += MW_LEN(BIN);
#define PF_COPY SLOT(1) = SLOT(2); pc += IRLEN_COPY;
#define PF_F64_ADD_M_ACC F64_ADD_M_BODY(ACC_F64)
#define PF_I32_ADD_ACC SET_I32(ACC_I32 + (uint32_t)SLOT(3)); pc += MW_LEN(BIN);
#define PF_F64_SUB SET_F64(GETS_F64(2) - GETS_F64(3)); pc += MW_LEN(BIN);
#define PF_F64_MUL SET_F64(GETS_F64(2) * GETS_F64(3)); pc += MW_LEN(BIN);
/* a branch first: taken, it dispatches as its own handler would */
#define PF_BR_IFZ if (!(uint32_t)SLOT(1)) { TAKE(2); vmnext; } pc += IRLEN_BR_IFZ;
#define PF_BRF_I32_GE_U_RI if (!((uint32_t)SLOT(1) >= IMM2_I32)) { TAKE(RILEN_I32 - 1); vmnext; } \
        pc += RILEN_I32 + 1;
#define PF_F64_NEG_ACC { double a_ = ACC_F64; SET_F64(mwF_f64_neg(a_)); } pc += MW_LEN(UN);
#define PF_F64_ADD SET_F64(GETS_F64(2) + GETS_F64(3)); pc += MW_LEN(BIN);
#define PF_I32_SHR_U SET_I32(mwF_i32_shr_u((uint32_t)SLOT(2), (uint32_t)SLOT(3))); pc += MW_LEN(BIN);
#define PF_F64_ADD_ACC { double a_ = ACC_F64; SET_F64(a_ + GETS_F64(3)); } pc += MW_LEN(BIN);
#define PF_F64_MUL_RI_ACC { double a_ = ACC_F64; SET_F64(a_ * GET_F64(IMM_F64)); } pc += RILEN_F64;
#define PF_F64_DIV SET_F64(GETS_F64(2) / GETS_F64(3)); pc += MW_LEN(BIN);
#define PF_F64_MUL_RSUB F64_MUL_RSUB_DO
#define PF_F64_MUL_L_ACC F64_LOP_DO(*, ACC_F64, EA_L, IRLEN_F64_MUL_L)
#define PF_F64_ADD_LA_ACC F64_LOP_DO(+, ACC_F64, EA_LA, IRLEN_F64_ADD_LA)
/* loads: a trap in one finds pc still at it */
#define PF_I32_LOAD LD_DO(uint32_t, 4, I32, EA_LD, MW_LEN(LD))
#define PF_I32_LOAD_AS LD_DO(uint32_t, 4, I32, EA_LD_AS, MW_LEN(LD_AS))
#define PF_I32_LOAD_AX LD_DO(uint32_t, 4, I32, EA_LD_AX, MW_LEN(LD_AX))
#define PF_F64_LOAD LD_DO(uint64_t, 8, F64, EA_LD, MW_LEN(LD))
#define PF_F64_LOAD_A LD_DO(uint64_t, 8, F64, EA_LD_A, MW_LEN(LD_A))
#define PF_I32_LOAD_ACC LD_DO(uint32_t, 4, I32, EA_LD_ACC, MW_LEN(LD))
#define PF_I32_LOAD_A_ACC LD_DO(uint32_t, 4, I32, EA_LD_A_ACC, MW_LEN(LD_A))
#define PF_I32_XOR_ACC SET_I32(ACC_I32 ^ (uint32_t)SLOT(3)); pc += MW_LEN(BIN);
#define PF_I32_OR_ACC SET_I32(ACC_I32 | (uint32_t)SLOT(3)); pc += MW_LEN(BIN);
#define PF_I32_MUL_RI_ACC SET_I32(ACC_I32 * IMM_I32); pc += RILEN_I32;
#define PF_I32_SHR_U_RI_ACC SET_I32(mwF_i32_shr_u(ACC_I32, IMM_I32)); pc += RILEN_I32;
#define PF_I32_SHR_U_RI SET_I32(mwF_i32_shr_u((uint32_t)SLOT(2), IMM_I32)); pc += RILEN_I32;
#define PF_I32_SHL SET_I32(mwF_i32_shl((uint32_t)SLOT(2), (uint32_t)SLOT(3))); pc += MW_LEN(BIN);
#define PF_I32_SHRU_AND SHRU_AND_DO((uint32_t)SLOT(2))
#define PF_I32_SHRU_AND_ACC SHRU_AND_DO(ACC_I32)
/* a chain's second is a pair (or chain) whose handler is the label jumped to */
#define H_PAIR(a, b) vmcase(IR_P_##a##_##b) { PF_##a } vmjump(IR_##b);
        MW_PAIRS(H_PAIR) MW_CHAINS(H_PAIR)
#undef H_PAIR
#if MW_DISPATCH_GOTO
/* ---- replicas (opcodes.h MW_REPLICAS): each goes to its form's handler, and gcc copies
 * a handler of one block into each such jump, its indirect jump included (the Makefile's
 * max-goto-duplication-insns), so that every replica has a jump of its own. The
 * translator makes replicas only for this dispatch: under switch, one jump serves every
 * case. */
#define H_REPLICA_K(x, k) vmcase(IR_R##k##_##x) vmjump(IR_##x);
#define H_REPLICA(x) MW_EACH_REPLICA(H_REPLICA_K, x)
        MW_REPLICAS(H_REPLICA)
#undef H_REPLICA
#undef H_REPLICA_K
#endif
        /* The product is its own statement: C may not contract it with the sum into a
         * fused multiply-add, and wasm rounds twice. */
        vmcase(IR_F64_MUL_ADD) { double p_ = GETS_F64(2) * GETS_F64(3);
            SET_F64(p_ + GETS_F64(4)); pc += IRLEN_F64_MUL_ADD; } vmbreak;
        vmcase(IR_F64_MUL_SUB) { double p_ = GETS_F64(2) * GETS_F64(3);
            SET_F64(p_ - GETS_F64(4)); pc += IRLEN_F64_MUL_SUB; } vmbreak;
        vmcase(IR_F64_MUL_RSUB) F64_MUL_RSUB_DO vmbreak;
        H_F64_LOP(ADD, +, GETS_F64(2), )
        H_F64_LOP(SUB, -, GETS_F64(2), )
        H_F64_LOP(MUL, *, GETS_F64(2), )
        H_F64_LOP(ADD, +, ACC_F64, _ACC)
        H_F64_LOP(SUB, -, ACC_F64, _ACC)
        H_F64_LOP(MUL, *, ACC_F64, _ACC)
#undef H_F64_LOP
        vmcase(IR_CONST32) { SLOT(1) = RD32(2); pc += IRLEN_CONST32; } vmbreak;
        vmcase(IR_CONST64) { SLOT(1) = rd64(pc + 2); pc += IRLEN_CONST64; } vmbreak;
        vmcase(IR_SELECT) { SLOT(1) = (uint32_t)SLOT(4) ? SLOT(2) : SLOT(3); pc += IRLEN_SELECT; } vmbreak;
        vmcase(IR_GLOBAL_GET) { SLOT(1) = inst->globals[RD32(2)]->val; pc += IRLEN_GLOBAL_GET; } vmbreak;
        vmcase(IR_GLOBAL_SET) { inst->globals[RD32(1)]->val = SLOT(3); pc += IRLEN_GLOBAL_SET; } vmbreak;
        vmcase(IR_REF_IS_NULL) { SLOT(1) = SLOT(2) == 0; pc += IRLEN_REF_IS_NULL; } vmbreak;
        vmcase(IR_REF_FUNC) { SLOT(1) = (mw_slot)(uintptr_t)inst->funcs[RD32(2)]; pc += IRLEN_REF_FUNC; } vmbreak;

/* ---- memory ---- */
        vmcase(IR_MEMORY_SIZE) { SLOT(1) = inst->mem->pages; pc += IRLEN_MEMORY_SIZE; } vmbreak;
        vmcase(IR_MEMORY_GROW) {
            uint32_t old;
            if (mwS_memory_grow(inst->mem, (uint32_t)SLOT(2), &old) == MW_OK) SLOT(1) = old;
            else SLOT(1) = 0xFFFFFFFFu;
            LOAD_MEM();
            pc += IRLEN_MEMORY_GROW;
        } vmbreak;
        vmcase(IR_MEMORY_COPY) {
            uint64_t d = (uint32_t)SLOT(1), src = (uint32_t)SLOT(2), n = (uint32_t)SLOT(3);
            BULK_FUEL(n, FUEL_BYTES_SHIFT);
            if (MW_UNLIKELY(d + n > memsize || src + n > memsize)) TRAP(MW_TRAP_MEMORY_OOB);
            if (n) memmove(mem + d, mem + src, (size_t)n);
            pc += IRLEN_MEMORY_COPY;
        } vmbreak;
        vmcase(IR_MEMORY_FILL) {
            uint64_t d = (uint32_t)SLOT(1), n = (uint32_t)SLOT(3);
            BULK_FUEL(n, FUEL_BYTES_SHIFT);
            if (MW_UNLIKELY(d + n > memsize)) TRAP(MW_TRAP_MEMORY_OOB);
            if (n) memset(mem + d, (int)(uint8_t)SLOT(2), (size_t)n);
            pc += IRLEN_MEMORY_FILL;
        } vmbreak;
        vmcase(IR_MEMORY_INIT) {
            BULK_FUEL((uint32_t)SLOT(5), FUEL_BYTES_SHIFT);
            trap = mwN_memory_init(inst, RD32(1), (uint32_t)SLOT(3), (uint32_t)SLOT(4), (uint32_t)SLOT(5));
            if (MW_UNLIKELY(trap)) goto trapped;
            pc += IRLEN_MEMORY_INIT;
        } vmbreak;
        vmcase(IR_DATA_DROP) { inst->data_dropped[RD32(1)] = 1; pc += IRLEN_DATA_DROP; } vmbreak;

/* ---- tables ---- */
        vmcase(IR_TABLE_GET) {
            mw_table *t = inst->tables[RD32(2)];
            uint32_t i = (uint32_t)SLOT(4);
            if (MW_UNLIKELY(i >= t->size)) TRAP(MW_TRAP_TABLE_OOB);
            SLOT(1) = t->elems[i];
            pc += IRLEN_TABLE_GET;
        } vmbreak;
        vmcase(IR_TABLE_SET) {
            mw_table *t = inst->tables[RD32(1)];
            uint32_t i = (uint32_t)SLOT(3);
            if (MW_UNLIKELY(i >= t->size)) TRAP(MW_TRAP_TABLE_OOB);
            t->elems[i] = SLOT(4);
            pc += IRLEN_TABLE_SET;
        } vmbreak;
        vmcase(IR_TABLE_SIZE) { SLOT(1) = inst->tables[RD32(2)]->size; pc += IRLEN_TABLE_SIZE; } vmbreak;
        vmcase(IR_TABLE_GROW) {
            uint32_t old;
            BULK_FUEL((uint32_t)SLOT(5), FUEL_ELEMS_SHIFT);
            if (mwS_table_grow(inst->tables[RD32(2)], (uint32_t)SLOT(5), SLOT(4), &old) == MW_OK)
                SLOT(1) = old;
            else
                SLOT(1) = 0xFFFFFFFFu;
            pc += IRLEN_TABLE_GROW;
        } vmbreak;
        vmcase(IR_TABLE_FILL) {
            mw_table *t = inst->tables[RD32(1)];
            uint64_t i = (uint32_t)SLOT(3), n = (uint32_t)SLOT(5);
            mw_slot v = SLOT(4);
            BULK_FUEL(n, FUEL_ELEMS_SHIFT);
            if (MW_UNLIKELY(i + n > t->size)) TRAP(MW_TRAP_TABLE_OOB);
            for (uint64_t k = 0; k < n; k++) t->elems[i + k] = v;
            pc += IRLEN_TABLE_FILL;
        } vmbreak;
        vmcase(IR_TABLE_COPY) {
            mw_table *td = inst->tables[RD32(1)], *ts = inst->tables[RD32(3)];
            uint64_t d = (uint32_t)SLOT(5), src = (uint32_t)SLOT(6), n = (uint32_t)SLOT(7);
            BULK_FUEL(n, FUEL_ELEMS_SHIFT);
            if (MW_UNLIKELY(d + n > td->size || src + n > ts->size)) TRAP(MW_TRAP_TABLE_OOB);
            if (n) memmove(td->elems + d, ts->elems + src, (size_t)n * sizeof(mw_slot));
            pc += IRLEN_TABLE_COPY;
        } vmbreak;
        vmcase(IR_TABLE_INIT) {
            BULK_FUEL((uint32_t)SLOT(7), FUEL_ELEMS_SHIFT);
            trap = mwN_table_init(inst, inst->tables[RD32(1)], RD32(3), (uint32_t)SLOT(5),
                                  (uint32_t)SLOT(6), (uint32_t)SLOT(7));
            if (MW_UNLIKELY(trap)) goto trapped;
            pc += IRLEN_TABLE_INIT;
        } vmbreak;
        vmcase(IR_ELEM_DROP) { inst->elem_dropped[RD32(1)] = 1; pc += IRLEN_ELEM_DROP; } vmbreak;

#if !MW_DISPATCH_GOTO
        default:
            TRAP(MW_TRAP_UNREACHABLE);   /* cannot happen: compile.c emits only known ops */
#endif
        }
        continue;

do_call:
    /* callee, nfp and the return pc are set; FN/fp are still the caller's. */
    if (!callee->code) {
        if (callee->native) {
            /* Native code charges its own entry (the same units as an interpreted one).
             * The callee's record stays on the frame stack while it runs, for the
             * backtrace of a fault (which skips the trap's unwinding): without frame
             * info, the fault is the callee's (trap.c). */
            mw_slot *saved_top = s->stack_top;
            mw_slot *top = fp + FN->code->nslots;   /* the caller's frame end, read before
                                                       the push makes FN the callee */
            PUSH_REC(pc, callee);
            uint32_t n_ = (uint32_t)(frp - s->frames);
            s->nframes = n_;
            s->stack_top = top;
            trap = mwK_call(s, callee, nfp);
            s->stack_top = saved_top;
            s->nframes = --n_;
            SET_FRP(s->frames + n_);   /* a nested activation may have moved it */
            if (MW_UNLIKELY(trap)) goto propagated;
            LOAD_MEM();   /* native code may have grown memory */
            vmnext;
        }
        FUEL_AT(0, MWI_SUSP_AT_CALL);
host_retry:   /* a host call that could not pay its fuel runs again, its unit paid */
        {
            mw_slot *top = fp + FN->code->nslots;   /* as for native code above */
            PUSH_REC(pc, callee);   /* the frame count bounds host re-entry too */
            uint32_t n_ = (uint32_t)(frp - s->frames);
            s->nframes = n_;
            trap = mwW_call_host(s, callee, inst, nfp, top);
            s->nframes = --n_;
            SET_FRP(s->frames + n_);   /* a nested activation may have moved it */
        }
        if (MW_UNLIKELY(trap)) {
            if (trap == MWI_TRAP_SUSPEND) {   /* only allowed by mw_caller_suspend */
                susp_kind = MWI_SUSP_AT_HOST;
                goto suspend;
            }
            if (trap == MW_TRAP_OUT_OF_FUEL && s->host_fuel_short && s->resumable &&
                s->reentry == 1) {
                /* mw_caller_consume_fuel refused before the host did its work. */
                susp_kind = MWI_SUSP_AT_HOST_RETRY;
                goto suspend;
            }
            goto propagated;   /* recorded where it arose */
        }
        LOAD_MEM();   /* the host may have grown memory */
        vmnext;
    }
call_wasm:   /* a wasm callee: charge its entry, check every bound, then push */
    FUEL_AT(callee->efuel, MWI_SUSP_AT_CALL);
    {
        const mw_code *code = callee->code;
        ptrdiff_t recs = callee->inst != inst ? 2 : 1;   /* another instance's: a stub too */
        if (MW_UNLIKELY(fr_end - frp < recs || nfp + code->nslots > s->stack_end))
            TRAP(MW_TRAP_STACK_EXHAUSTED);
        PUSH_REC(pc, callee);
        if (MW_UNLIKELY(recs == 2)) {
            PUSH_REC(ret_xinst_stub, callee);   /* its return switches back (IR_RET_XINST) */
            inst = callee->inst;
            LOAD_MEM();
        }
        fp = nfp;
        pc = code->ops;   /* which starts with IR_ZERO if the function declares locals */
        vmnext;
    }

    }

polled:
    /* Fuel ran out or an interrupt arrived at a suspension point of kind susp_kind. Only
     * the outermost activation of a resumable call can stop: nested ones sit below a host
     * function's C frame (doc/resume.md). */
    if (!s->resumable || s->reentry != 1) goto trapped;
suspend:
    s->susp.kind = susp_kind;
    s->susp.reason = (uint8_t)(susp_kind == MWI_SUSP_AT_HOST ? MW_SUSPEND_HOST
                               : trap == MW_TRAP_INTERRUPTED ? MW_SUSPEND_INTERRUPT
                               : MW_SUSPEND_FUEL);
    s->susp.pc = pc;
    s->susp.fp = fp;
    s->susp.fn = FN;
    s->susp.callee = callee;
    s->susp.nfp = nfp;
    s->susp.base_frames = base_frames;
    s->susp.nframes = (uint32_t)(frp - s->frames);
    s->nframes = s->susp.nframes;   /* keeps the frames from being reused */
    return MWI_TRAP_SUSPEND;

trapped:
    /* A new backtrace, innermost first: this activation's frames. Outer activations
     * (and native callers) add theirs as the trap propagates through them. */
    s->nbt = 0;
    if (MW_LIKELY(frp != s->frames + base_frames))
        mwS_bt_push(s, FN, (uint32_t)(pc - FN->code->ops));
    else   /* the activation's stub record did not fit: nothing ran */
        mwS_bt_push(s, fn0, 0);
    goto outer_frames;
propagated:
    /* A callee trapped: pc is past the call instruction. */
    mwS_bt_push(s, FN, (uint32_t)(pc - FN->code->ops) - 1);
outer_frames:
    s->nframes = (uint32_t)(frp - s->frames);
    mwT_backtrace(s, s->nframes, base_frames);
    s->nframes = base_frames;
    return trap;
}
