/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * mw_internal.h — types shared by the core's files. Not installed.
 *
 * Prefix per file: mwM_ mem.c (allocation), mwE_ err.c (errors, formatting),
 * mwD_ decode.c (module binary), mwC_ compile.c (validate + translate bodies),
 * mwI_ interp.c (the dispatch loop), mwS_ store.c (store and runtime objects), mwN_
 * instance.c (the instance object; instantiate.c exports nothing internal), mwA_ call.c
 * (activations), mwT_ trap.c (faults, backtraces), mwW_ marshal.c (mw_val <-> slots, host
 * calls), mwL_ linker.c, mwF_ num.h (numerics), mwO_ instr.c (the instruction table and
 * reader), mwB_ emit.c, mwU_ ops_num.c, mwQ_ ops_simd.c (the translator, compile.h),
 * mwX_ simd.h (SIMD lanes), mwP_ explore.c (disassembler), mwK_ native.c (runtime of
 * precompiled code), mwH_ cwasm.c (loading it). Public symbols are mw_.
 */
#ifndef MW_INTERNAL_H
#define MW_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include "../include/minwasm.h"
#include "mw_config.h"
#include "aot_abi.h"

#if defined(__GNUC__) || defined(__clang__)
#  define MW_HIDDEN __attribute__((visibility("hidden")))
#  define MW_LIKELY(x) __builtin_expect(!!(x), 1)
#  define MW_UNLIKELY(x) __builtin_expect(!!(x), 0)
#  define MW_INLINE static inline __attribute__((always_inline))
#  define MW_NOINLINE __attribute__((noinline))
#else
#  define MW_HIDDEN
#  define MW_LIKELY(x) (x)
#  define MW_UNLIKELY(x) (x)
#  define MW_INLINE static inline
#  define MW_NOINLINE
#endif

/* Calls of such a function are compiled without looking into its body. A GCC 12.2 -O2
 * miscompilation needs it: in mwT_backtrace, ivopts rewrites the store s->bt[nbt] as a
 * MEM_REF based at address 0 plus (s->bt - 0), the late local pure-const pass then
 * takes the function for pure (it sees no store to global memory), and every caller
 * that can see the body deletes the call (trap.c, the amalgamation's mwI_run): a trap
 * lost all its frames but the innermost (tests/aot/aot.sh caught it). */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
#  define MW_NOIPA __attribute__((noipa))
#else
#  define MW_NOIPA
#endif

/* The memcpy family is the only outside code the core calls besides the platform API. */
void *memcpy(void *restrict d, const void *restrict s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Hide a loop variable from the optimiser, which would otherwise recognise some loops
 * (string length, byte comparison, zero fill) and replace them with calls to libc
 * functions (strlen, bcmp, memset) that a freestanding platform need not provide. */
#if defined(__GNUC__) || defined(__clang__)
#  define MWI_OPAQUE(x) __asm__("" : "+r"(x))
#else
#  define MWI_OPAQUE(x) ((void)0)
#endif

/* Byte equality without memcmp()==0, which clang rewrites into a call to bcmp. */
static inline bool mwi_bytes_eq(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) return false;
        MWI_OPAQUE(i);
    }
    return true;
}

/* One value in a frame slot, table or global: i32 in the low 32 bits (upper zero),
 * i64, float bits, or a reference as uintptr_t (0 = null). */
typedef uint64_t mw_slot;

/* ------------------------------------------------------------------ mem.c */

MW_HIDDEN void *mwM_alloc(mw_engine *e, size_t n);             /* NULL on failure */
MW_HIDDEN void *mwM_zalloc(mw_engine *e, size_t n);            /* zeroed */
MW_HIDDEN void *mwM_realloc(mw_engine *e, void *p, size_t o, size_t n);
MW_HIDDEN void mwM_free(mw_engine *e, void *p, size_t n);
/* Grow *arr (element size esz, *cap elements) to hold at least need; false on failure. */
MW_HIDDEN bool mwM_grow(mw_engine *e, void **arr, uint32_t *cap, uint32_t need, size_t esz);

/* ------------------------------------------------------------------ err.c */

/* Record an error unless one is already recorded (the first error wins). err may be
 * NULL. offset SIZE_MAX = none. fmt supports %s %.*s %c %d %u %x %lld %llu %zu %%. */
MW_HIDDEN mw_result mwE_set(mw_error *err, mw_result code, size_t offset,
                            const char *fmt, ...);
MW_HIDDEN mw_result mwE_trap(mw_error *err, mw_trap_code trap, const char *msg);
MW_HIDDEN void mwE_clear(mw_error *err);
MW_HIDDEN size_t mwE_vformat(char *buf, size_t cap, const char *fmt, va_list ap);
MW_HIDDEN size_t mwE_format(char *buf, size_t cap, const char *fmt, ...);
MW_HIDDEN size_t mwE_strlen(const char *s);

/* ------------------------------------------------------------------ module */

/* A constant expression of WebAssembly 2.0: exactly one of these instructions. */
typedef struct mwi_constexpr {
    uint16_t op;     /* enum mw_op: OP_I32_CONST .. OP_F64_CONST, OP_V128_CONST,
                        OP_REF_NULL, OP_REF_FUNC or OP_GLOBAL_GET */
    mw_slot val;     /* the constant's bits (v128: the low half), or the index */
    mw_slot hi;      /* v128.const: the high half */
} mwi_constexpr;

/* Translated code is a sequence of 16-bit units: an opcode, then operands. A frame slot
 * takes one unit (so a frame has at most MW_MAX_SLOTS slots); immediates, indices and
 * branch offsets take two (low half first) or four. See doc/dispatch.md. */
typedef uint16_t mw_unit;
#define MW_MAX_SLOTS 65535u

typedef struct mw_code {
    mw_unit *ops;         /* translated instructions (see compile.c / interp.c) */
    uint32_t nops;        /* number of units */
    uint32_t nparams;     /* slots 0..nparams-1 hold the arguments */
    uint32_t nlocals;     /* params + declared locals: slots nparams..nlocals-1 start at 0 */
    uint32_t nslots;      /* frame size in slots: locals + deepest operand stack + scratch */
    uint32_t nresults;
    uint32_t zskip;       /* units of the first instruction, when it zeroes at most
                           * MWI_CALLER_ZERO slots (a same-instance call does that and
                           * enters after it); else 0 */
} mw_code;

/* A same-instance call zeroes this many slots after the callee's parameters (its
 * declared locals, if it has no more) and enters the callee past its zeroing
 * instruction (mw_code.zskip). The value stack has that many slots of room past its
 * end, since the caller writes them before it knows the callee's frame size. */
#define MWI_CALLER_ZERO 4u

/* Fuel a function entry pays beyond its unit: zeroing this many declared locals or more
 * is bulk work, paid at the table rate (a unit per started 8 slots, 64 bytes); smaller
 * frames cost only the entry. aot/cgen.c charges the same. */
#define MWI_FUEL_FREE_LOCALS 64u
#define MWI_FUEL_ELEMS_SHIFT 3
MW_INLINE uint32_t mwI_entry_fuel(const mw_code *c)
{
    uint32_t n = c->nlocals - c->nparams;
    return n >= MWI_FUEL_FREE_LOCALS ? (n + (1u << MWI_FUEL_ELEMS_SHIFT) - 1) >> MWI_FUEL_ELEMS_SHIFT : 0;
}

typedef struct mwi_func {
    uint32_t type;        /* index into module types */
    uint32_t body_off;    /* byte offset of the body (size-prefixed) in the binary; 0 for imports */
    uint32_t body_len;
    mw_code code;         /* translated body; ops == NULL for imports */
} mwi_func;

typedef struct mwi_table { mw_valtype elem; mw_limits lim; } mwi_table;
typedef struct mwi_memory { mw_limits lim; } mwi_memory;
typedef struct mwi_global { mw_valtype type; bool mut; mwi_constexpr init; } mwi_global;

typedef struct mwi_import {
    const char *module, *name;   /* point into mw_module.bytes */
    uint32_t module_len, name_len;
    mw_extern_kind kind;
    uint32_t index;              /* index in the kind's index space (imports come first) */
} mwi_import;

typedef struct mwi_export {
    const char *name;
    uint32_t name_len;
    mw_extern_kind kind;
    uint32_t index;
} mwi_export;

typedef enum { MWI_SEG_ACTIVE, MWI_SEG_PASSIVE, MWI_SEG_DECLARATIVE } mwi_segmode;

typedef struct mwi_elem {
    mwi_segmode mode;
    mw_valtype type;             /* MW_FUNCREF or MW_EXTERNREF */
    uint32_t table;              /* active only */
    mwi_constexpr offset;        /* active only */
    uint32_t n;
    mwi_constexpr *items;        /* each ref.func, ref.null or global.get */
} mwi_elem;

typedef struct mwi_data {
    mwi_segmode mode;            /* ACTIVE or PASSIVE */
    uint32_t mem;
    mwi_constexpr offset;
    const uint8_t *bytes;        /* points into mw_module.bytes */
    uint32_t len;
} mwi_data;

typedef struct mwi_custom {
    const char *name; uint32_t name_len;
    const uint8_t *data; uint32_t len;
} mwi_custom;

typedef struct mwi_name { uint32_t idx; const char *name; uint32_t len; } mwi_name;

struct mw_module {
    mw_engine *engine;
    uint32_t refcount;
    uint8_t *bytes; size_t len;  /* private copy of the binary */

    mw_functype *types; uint32_t ntypes;   /* arrays owned: types[i].params is one block
                                              holding params then results */
    mwi_func *funcs; uint32_t nfuncs, nfunc_imports;
    mwi_table *tables; uint32_t ntables, ntable_imports;
    mwi_memory *mems; uint32_t nmems, nmem_imports;
    mwi_global *globals; uint32_t nglobals, nglobal_imports;
    mwi_import *imports; uint32_t nimports;
    mwi_export *exports; uint32_t nexports;
    mwi_elem *elems; uint32_t nelems;
    mwi_data *datas; uint32_t ndatas;
    bool has_datacount; uint32_t datacount;
    bool has_start; uint32_t start;
    uint8_t *func_refd;          /* C.refs: 1 if function i may be used by ref.func */
    mwi_custom *customs; uint32_t ncustoms;
    mwi_name *func_names; uint32_t nfunc_names;   /* sorted by idx */
    struct mw_platform_image *image;   /* initial memory contents (MW_PLATFORM_VM) */
    size_t image_off, image_len;       /* the byte range of memory 0 it covers */
    bool bytes_borrowed;         /* bytes belong to the embedder (static modules) */
    struct mwi_native *native;   /* precompiled code (cwasm.c), or NULL */
};

/* A module's native code: a loaded .cwasm image or a static module's descriptor. */
typedef struct mwi_native {
    mwa_module_desc desc;        /* entries and typed functions per defined function */
    void *code; size_t code_len; /* the published image (.cwasm), NULL for static */
    mwa_entry *entries;          /* .cwasm: owned arrays behind desc.entries / typed */
    const void **typed;
    /* .cwasm: the start address of each typed function and slot entry, ascending, for
     * naming native frames from addresses (fidx | MWI_NATIVE_ENTRY for slot entries). */
    uintptr_t *addrs;
    uint32_t *addr_func;
    uint32_t naddrs;
} mwi_native;
#define MWI_NATIVE_ENTRY 0x80000000u

/* module.c: mw_module_new, optionally using the bytes in place (borrow: they outlive
 * the module, as a static module's do). */
MW_HIDDEN mw_result mwi_module_new(mw_engine *engine, const uint8_t *bytes, size_t len,
                                   bool borrow, mw_module **out, mw_error *err);

/* decode.c: decode + validate the whole module; calls mwC_compile for each body. */
MW_HIDDEN mw_result mwD_decode(mw_module *m, mw_error *err);
MW_HIDDEN void mwD_free(mw_module *m);
MW_HIDDEN bool mwD_functype_eq(const mw_functype *a, const mw_functype *b);

/* compile.c: validate body of function fidx and translate it into m->funcs[fidx].code. */
MW_HIDDEN mw_result mwC_compile(mw_module *m, uint32_t fidx, mw_error *err);
MW_HIDDEN void mwC_link(mw_module *m);
/* Translate function fidx again, recording (code position, wasm offset) pairs, one per
 * instruction: *map gets 2 * *npairs + 1 words from the engine's allocator. */
MW_HIDDEN mw_result mwC_offsets(mw_module *m, uint32_t fidx, uint32_t **map, uint32_t *npairs);

/* ------------------------------------------------------------------ runtime */



struct mw_engine {
    mw_alloc_fn alloc;
    void *alloc_ud;
    uint32_t max_call_depth, value_stack_slots, max_host_reentry;
    size_t max_native_stack;
};

/* Every store-owned object starts with this header; the store frees them in a list. */
typedef struct mwi_obj {
    struct mwi_obj *next;
    struct mw_store *store;   /* the owner: every API entry taking an object checks it */
    uint8_t kind;        /* mw_extern_kind, or MWI_OBJ_INSTANCE */
} mwi_obj;
#define MWI_OBJ_INSTANCE 4

struct mw_func {
    mwi_obj hdr;
    const mw_functype *type;
    mw_instance *inst;           /* wasm functions: the defining instance */
    const mw_code *code;         /* wasm functions; NULL for host functions */
    const mw_unit *ops;          /* wasm functions: code->ops + code->zskip (the entry of a
                                  * call that zeroed the locals), code->nslots and */
    uint32_t nslots;             /* code->nparams and mwI_entry_fuel(code), here so that a */
    uint32_t zslot;              /* call reaches them in one load */
    uint32_t efuel;
    uint32_t fidx;               /* index in the defining module (names, backtraces) */
    mw_host_fn host;
    void *env;
    mw_finalizer_fn fin;
    struct mwi_hostref *href;    /* made by a linker definition with a finalizer */
    mw_functype own_type;        /* host functions own a copy of their type */
    mwa_entry native;            /* precompiled functions (code is NULL): slot entry, */
    const void *typed;           /* typed C function and */
    struct mwa_ctx *nctx;        /* the instance's context (native.c) */
};

struct mw_memory {
    mwi_obj hdr;
    union {
        mwa_memview view;        /* what native code reads (aot_abi.h) */
        struct {
            uint8_t *data;
            uint64_t size;       /* bytes: pages * 64 KiB */
        };
    };
    size_t reserved;             /* MW_PLATFORM_VM: bytes of address space reserved */
    uint32_t pages;
    uint32_t max_pages;          /* effective maximum: type's max, store limit, 65536 */
    mw_limits lim;               /* as declared (min updated on growth for import matching) */
};

struct mw_table {
    mwi_obj hdr;
    mw_valtype elem;
    uint32_t size, cap;
    uint32_t max_size;           /* effective maximum */
    mw_limits lim;
    mw_slot *elems;              /* references as uintptr_t, 0 = null */
};

struct mw_global {
    mwi_obj hdr;
    mw_valtype type;
    bool mut;
    mw_slot val;
    mw_slot hi;      /* v128: the high half (val is the low) */
};

enum { MWI_OWN_FUNC_DEFS, MWI_OWN_FUNCS, MWI_OWN_GLOBAL_DEFS, MWI_OWN_GLOBALS,
       MWI_OWN_TABLES, MWI_OWN_ELEM_DROPPED, MWI_OWN_DATA_DROPPED, MWI_OWN_COUNT };
struct mw_instance {
    mwi_obj hdr;
    mw_module *module;
    mw_func **funcs;             /* all function indices, imports first */
    mw_table **tables;
    mw_memory *mem;              /* memory 0 or NULL */
    mw_global **globals;
    uint8_t *elem_dropped;       /* per element segment */
    uint8_t *data_dropped;       /* per data segment */
    struct mwa_ctx *nctx;        /* native modules: the context of their code */
    size_t nctx_size;
    /* Every block instance.c allocated for the instance (MWI_OWN_*), with its size in
     * bytes: the store frees them without knowing the layout. */
    struct { void *p; size_t n; } owned[MWI_OWN_COUNT];
};

#define MWI_BACKTRACE_MAX MW_TRAP_FRAMES_MAX
#define MWI_POLL_FUEL 1u
#define MWI_POLL_INTERRUPT 2u

/* Atomics on the poll word, which another thread may set (an interrupt), and on the
 * inline call's bound that mirrors it (mw_store.call_end, mwS_poll_sync). The hot paths
 * only load, relaxed; the rare changes are sequentially consistent (mwS_poll_sync). */
#if defined(__GNUC__) || defined(__clang__)
#  define MWI_POLL_LOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#  define MWI_POLL_LOAD_SC(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#  define MWI_POLL_OR(p, v) ((void)__atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST))
#  define MWI_POLL_AND(p, v) ((void)__atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST))
#  define MWI_CALL_END_LOAD(s) __atomic_load_n(&(s)->call_end, __ATOMIC_RELAXED)
#  define MWI_CALL_END_SET(s, v) __atomic_store_n(&(s)->call_end, (v), __ATOMIC_SEQ_CST)
#else
#  define MWI_POLL_LOAD(p) (*(volatile uint32_t *)(p))
#  define MWI_POLL_LOAD_SC(p) MWI_POLL_LOAD(p)
#  define MWI_POLL_OR(p, v) ((void)(*(volatile uint32_t *)(p) |= (v)))
#  define MWI_POLL_AND(p, v) ((void)(*(volatile uint32_t *)(p) &= (v)))
#  define MWI_CALL_END_LOAD(s) (*(mw_slot *volatile *)&(s)->call_end)
#  define MWI_CALL_END_SET(s, v) ((void)(*(mw_slot *volatile *)&(s)->call_end = (v)))
#endif

/* Module reference counts change from any thread that instantiates the module. */
#if defined(__GNUC__) || defined(__clang__)
#  define MWI_REF_INC(p) ((void)__atomic_add_fetch((p), 1, __ATOMIC_RELAXED))
#  define MWI_REF_DEC(p) __atomic_sub_fetch((p), 1, __ATOMIC_ACQ_REL)
#else
#  define MWI_REF_INC(p) ((void)++*(p))
#  define MWI_REF_DEC(p) (--*(p))
#endif

/* Records beyond max_frames for the stub records at activations' bases (interp.c), so
 * that they do not count against the call depth; past 256 nested activations they do. */
#define MWI_STUB_FRAMES(max_reentry) ((max_reentry) < 256u ? (max_reentry) : 256u)

/* A wasm activation record on the store's frame stack, pushed by a call: the caller's
 * return pc and frame, and the callee, so that the top record names the running
 * function (interp.c FN) and the one below it the caller. A stub record is one the
 * interpreter pushed so that a return needs no test: at the base of each of its
 * activations (naming the activation's function), and above the record of a call to
 * another instance (naming the callee again). Its ret_pc is a one-instruction stub, in
 * no function's code, and backtraces skip it (trap.c). */
typedef struct mwi_frame {
    const mw_unit *ret_pc;       /* where the caller continues */
    mw_slot *fp;                 /* the caller's frame */
    mw_func *func;               /* the function that runs above this record */
} mwi_frame;

/* A suspended resumable call (doc/resume.md): the interpreter's registers and where in
 * the loop to continue. The activation's frames stay in frames[base_frames, nframes). */
enum { MWI_SUSP_NONE, MWI_SUSP_AT_PC, MWI_SUSP_AT_CALL, MWI_SUSP_AT_ENTRY, MWI_SUSP_AT_HOST,
       MWI_SUSP_AT_HOST_RETRY };
typedef struct mwi_susp {
    uint8_t kind;                /* MWI_SUSP_*; NONE: nothing suspended */
    uint8_t reason;              /* mw_suspend_reason */
    const mw_unit *pc;
    mw_slot *fp, *nfp;           /* nfp: the pending callee's frame (AT_CALL, AT_HOST) */
    mw_func *fn, *callee;
    uint32_t base_frames, nframes;
    mw_func *entry;              /* the called function: its results are read from args */
    mw_slot *args;
    mw_slot *saved_top;          /* stack_top before the call */
} mwi_susp;

/* run() stopped a resumable activation: not a trap (outside mw_trap_code's values). */
#define MWI_TRAP_SUSPEND ((mw_trap_code)0x7F)

struct mw_store {
    mw_engine *engine;
    mw_store_limits limits;      /* max_total_table_elements defaulted */
    uint64_t table_elems;        /* elements of all live tables, against that limit */
    mwi_obj *objects;            /* every owned object, newest first */
    mw_slot *stack, *stack_end;  /* value stack */
    mw_slot *call_end;           /* stack_end, or stack while a poll bit is set: the inline
                                    call's one compare for its bound and the poll
                                    (interp.c CALL_INLINE, mwS_poll_sync) */
    mw_slot *stack_top;          /* first free slot (between activations) */
    mwi_frame *frames;           /* frames_cap records */
    uint32_t nframes, max_frames;
    uint32_t frames_cap;         /* max_frames + MWI_STUB_FRAMES(max_reentry) */
    uint32_t reentry, max_reentry;
    uintptr_t native_base;       /* C stack pointer at the outermost call (reentry 0) */
    mwa_shared sh;               /* sh.poll: MWI_POLL_* bits, read at loop back-edges and
                                    calls, set atomically; sh.trap, sh.stack_limit: for
                                    native code (aot_abi.h) */
    uint64_t fuel;
    mwi_frame *frame_top;        /* frame stack's top, for a fault's backtrace */
    uint32_t nbt;                /* backtrace of the last trap, innermost first */
    mw_func *bt[MWI_BACKTRACE_MAX];
    uint32_t bt_at[MWI_BACKTRACE_MAX];   /* code position in bt[i]'s translated code of
                                            the instruction executing, or MWI_AT_NONE */
    void *user_data;             /* mw_store_set_data */
    /* Trap details set by host functions or the interpreter. */
    mw_trap_code trap;
    int32_t exit_code;
    char trap_msg[160];
    uint8_t resumable;           /* the outermost activation may suspend */
    uint8_t host_suspend;        /* set by mw_caller_suspend for the host call running */
    uint8_t host_fuel_short;     /* mw_caller_consume_fuel refused it (reentry 1) */
    mwi_susp susp;
};

/* A linker host-function definition's finalizer, shared by the linker and every store
 * function made from it: the last release calls fin(env). */
typedef struct mwi_hostref {
    uint32_t refs;
    mw_finalizer_fn fin;
    void *env;
    mw_engine *engine;
} mwi_hostref;
MW_HIDDEN void mwS_hostref_release(mwi_hostref *h);

/* After every change of s->sh.poll: call_end up, then down again if a bit is set. Every
 * change is followed by this, and all of it is sequentially consistent, so the last
 * write of call_end is low whenever a bit is set: a bit another thread sets meanwhile
 * is never lost (the interpreter then finds it at a call), and a stale low bound only
 * costs a call the slow path's checks. */
MW_INLINE void mwS_poll_sync(mw_store *s)
{
    MWI_CALL_END_SET(s, s->stack_end);
    if (MWI_POLL_LOAD_SC(&s->sh.poll)) MWI_CALL_END_SET(s, s->stack);
}

#define MWI_AT_NONE UINT32_MAX
/* Append a frame to the store's backtrace: f executing at code position at. */
static inline void mwS_bt_push(mw_store *s, mw_func *f, uint32_t at)
{
    if (s->nbt < MWI_BACKTRACE_MAX) {
        s->bt[s->nbt] = f;
        s->bt_at[s->nbt] = at;
        s->nbt++;
    }
}

struct mw_caller {
    mw_store *store;
    mw_instance *inst;           /* the calling wasm instance, NULL from the API */
};

/* vmem.c: the bytes behind linear memories, and memory images */
MW_HIDDEN mw_result mwV_mem_init(mw_memory *m, uint32_t pages);
MW_HIDDEN mw_result mwV_mem_grow(mw_memory *m, uint32_t npages);
MW_HIDDEN void mwV_mem_free(mw_memory *m);
MW_HIDDEN mw_result mwV_image_build(mw_module *m, mw_error *err);
MW_HIDDEN void mwV_image_free(mw_module *m);
MW_HIDDEN bool mwV_image_apply(mw_instance *inst);   /* false: copy the segments */
MW_HIDDEN bool mwV_addr_in_memory(mw_store *s, uintptr_t addr);

/* store.c */
MW_HIDDEN void mwS_link(mw_store *s, mwi_obj *o, uint8_t kind);
/* marshal.c: whether a value may be stored in s: not a reference, a null reference, an externref
 * (opaque to the core), or a funcref to a function owned by s. Every API entry point
 * that takes a value checks it with this, and every one that takes an object checks
 * obj->hdr.store, so an object of another store (possibly freed later) never gets in. */
MW_HIDDEN bool mwW_val_owned(const mw_store *s, const mw_val *v);
/* The header of the object an extern names, or NULL (NULL object, unknown kind). */
MW_HIDDEN const mwi_obj *mwS_extern_obj(const mw_extern *x);
/* Free every object linked after mark (the list is newest first): rolls back a failed
 * multi-object operation. mark NULL frees everything. */
MW_HIDDEN void mwS_unwind(mw_store *s, mwi_obj *mark);
MW_HIDDEN mw_result mwS_memory_grow(mw_memory *m, uint32_t delta, uint32_t *old);
MW_HIDDEN mw_result mwS_table_grow(mw_table *t, uint32_t delta, mw_slot init, uint32_t *old);
/* A value type this build can hold (v128 only with SIMD). */
MW_HIDDEN bool mwS_valtype_ok(mw_valtype t);

/* marshal.c: values between slots and mw_val. */
MW_HIDDEN mw_slot mwW_val_to_slot(const mw_val *v);
MW_HIDDEN mw_val mwW_slot_to_val(mw_slot s, mw_valtype t);
/* Values in frames take one slot each, except v128, which takes two (low half first). */
static inline uint32_t mwi_slots(mw_valtype t) { return t == MW_V128 ? 2u : 1u; }
MW_HIDDEN uint32_t mwW_types_slots(const mw_valtype *t, uint32_t n);
MW_HIDDEN uint32_t mwW_val_to_slots(const mw_val *v, mw_slot *out);   /* slots written */
MW_HIDDEN mw_val mwW_slots_to_val(const mw_slot *s, mw_valtype t);
/* n values to consecutive slots / n values of types t[] from consecutive slots. */
MW_HIDDEN void mwW_vals_to_slots(const mw_val *v, uint32_t n, mw_slot *out);
MW_HIDDEN void mwW_slots_to_vals(const mw_slot *s, const mw_valtype *t, uint32_t n,
                                 mw_val *out);
/* Host function f called by wasm code of inst (NULL: from the API): arguments in
 * args[], results back in args[]; room: free stack above them for the mw_val arrays.
 * MWI_TRAP_SUSPEND: it called mw_caller_suspend. */
MW_HIDDEN mw_trap_code mwW_call_host(mw_store *s, mw_func *f, mw_instance *inst,
                                     mw_slot *args, mw_slot *room);

/* call.c: run f with its arguments in args[0..nparams-1]; results are written to
 * args[0..nresults-1]. args must point at s->stack_top (inside the store's stack).
 * Returns MW_TRAP_NONE or the trap; s->trap_msg / exit_code carry host details. */
MW_HIDDEN mw_trap_code mwA_call(mw_store *s, mw_func *f, mw_slot *args);
/* Continue the suspended activation s->susp (host results, if any, already written to
 * its nfp). Returns like mwA_call, MWI_TRAP_SUSPEND when it stopped again. */
MW_HIDDEN mw_trap_code mwA_resume(mw_store *s);
/* Record trap (message, exit code) in err as the API reports it; MW_ERR_TRAP. */
MW_HIDDEN mw_result mwA_report_trap(mw_store *s, mw_trap_code trap, mw_error *err);

/* trap.c: set up native trap delivery for an engine (MW_PLATFORM_TRAPS). */
MW_HIDDEN mw_result mwT_init_traps(void);
/* What an activation runs: the interpreter or a native function (call.c's choice). */
typedef mw_trap_code (*mwT_body)(mw_store *s, mw_func *f, mw_slot *args, const mwi_susp *r);
/* Run body(s, f, args, r) where a memory fault becomes MW_TRAP_MEMORY_OOB with the
 * activation's backtrace (its frames are those above s->nframes). */
MW_HIDDEN mw_trap_code mwT_guarded(mw_store *s, mwT_body body, mw_func *f, mw_slot *args,
                                   const mwi_susp *r);
/* Append the frame records frames[base, top) to the backtrace, innermost (top - 1)
 * first, each at the call instruction it returns after. */
MW_HIDDEN MW_NOIPA void mwT_backtrace(mw_store *s, uint32_t top, uint32_t base);

/* interp.c: run fn with its frame at fp, or (r != NULL) continue the suspended
 * activation r, whose fn/fp these are; s->nframes is then r's base. Called by call.c
 * inside mwT_guarded. */
MW_HIDDEN mw_trap_code mwI_run(mw_store *s, mw_func *fn, mw_slot *fp, const mwi_susp *r);
/* Fuel or interrupt pending: charge 1 + extra units (MW_TRAP_NONE or the trap). */
MW_HIDDEN mw_trap_code mwI_poll(mw_store *s, uint64_t extra);

/* native.c: precompiled code. bind: give a new instance of a native module its context
 * and its functions their native entries; call: run a native function (slot
 * convention of mwA_call). */
MW_HIDDEN mw_result mwK_bind(mw_instance *inst);
MW_HIDDEN void mwK_unbind(mw_instance *inst);
MW_HIDDEN mw_trap_code mwK_call(mw_store *s, mw_func *f, mw_slot *args);
/* A guard-page fault at pc with frame pointer fp: if pc is in a native module of s,
 * append its native frames (innermost first) to s->bt and return true. */
MW_HIDDEN bool mwK_fault_frames(mw_store *s, uintptr_t pc, uintptr_t fp);
/* cwasm.c: free a module's native code. */
MW_HIDDEN void mwH_free(mw_module *m);

/* instance.c: allocate and fill everything of a new instance of m, linked into s (the
 * store frees it on failure: mwS_unwind); no observable effect outside it. */
MW_HIDDEN mw_result mwN_build(mw_store *s, mw_module *m, const mw_extern *imports,
                              mw_instance **out, mw_error *err);
/* A constant expression's value; *hi (if not NULL) gets the high half of a v128. */
MW_HIDDEN mw_slot mwN_eval_const(mw_instance *inst, const mwi_constexpr *c, mw_slot *hi);
/* Run memory.init / table.init / elem.drop style bulk operations (shared with interp). */
MW_HIDDEN mw_trap_code mwN_table_init(mw_instance *inst, mw_table *t, uint32_t seg,
                                      uint32_t dst, uint32_t src, uint32_t n);
MW_HIDDEN mw_trap_code mwN_memory_init(mw_instance *inst, uint32_t seg,
                                       uint32_t dst, uint32_t src, uint32_t n);

static inline uint32_t mwi_valtype_slots(mw_valtype t) { (void)t; return 1; }

#endif
