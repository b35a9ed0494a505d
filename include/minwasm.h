/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * minwasm.h — the embedding API of minwasm, a small WebAssembly 2.0 runtime.
 *
 * Object model
 *   mw_engine   configuration + allocator. Immutable after creation; may be shared by
 *               threads if its allocator is thread-safe.
 *   mw_module   a decoded, validated and translated module. Created from an engine,
 *               immutable, may be instantiated in any number of stores of that engine.
 *   mw_store    owns every runtime object (instances, functions, memories, tables,
 *               globals) and the execution stacks. A store is used by one thread at a
 *               time; objects of one store must not be used with another.
 *   mw_linker   a name -> definition map used to resolve imports.
 *
 * Ownership: pointers returned by *_new must be released with the matching *_delete.
 * Objects obtained from a store (mw_func, mw_memory, mw_table, mw_global, mw_instance)
 * live as long as the store and are freed by mw_store_delete.
 *
 * Errors: functions that can fail return an mw_result and, when given a non-NULL
 * mw_error, fill it with the first error's code, byte offset and message. No function
 * allocates error storage; a trap is reported the same way, with code MW_ERR_TRAP and
 * the trap's kind in mw_error.trap.
 *
 * Names: every name the API takes or returns (import/export names, linker module and
 * item names, caller exports) is a byte string passed as pointer + length
 * (`const char *name, size_t name_len`): it need not be NUL-terminated and may hold any
 * bytes, as wasm names may. Where a NUL-terminated string is convenient, the same
 * function with the suffix `_cstr` takes C strings instead (static inline wrappers
 * below, e.g. mw_instance_export_cstr, mw_linker_define_func_cstr). Messages (traps,
 * errors) are NUL-terminated C strings.
 *
 * Threads: a store is used by one thread at a time. In the guard-page memory mode
 * (MW_PLATFORM_TRAPS) every thread that runs wasm needs an alternate signal stack for
 * the fault handler; the POSIX platform (platform/posix) gives each thread one
 * automatically on its first call into wasm and frees it when the thread exits, so
 * embedders need not call mw_posix_thread_init() themselves (it stays available to do
 * it eagerly). Other platform layers document their own rule (doc/porting.md).
 *
 * No process-global mutable state: everything hangs off an engine or a store.
 */
#ifndef MINWASM_H
#define MINWASM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version: one source of truth (the Makefile reads these lines). */
#define MW_VERSION_MAJOR 0
#define MW_VERSION_MINOR 2
#define MW_VERSION_PATCH 0
#define MW_VERSION_STR_(a, b, c) #a "." #b "." #c
#define MW_VERSION_XSTR_(a, b, c) MW_VERSION_STR_(a, b, c)
#define MW_VERSION_STRING MW_VERSION_XSTR_(MW_VERSION_MAJOR, MW_VERSION_MINOR, MW_VERSION_PATCH)
#define MW_VERSION MW_VERSION_STRING   /* the older spelling */
/* MAJOR * 10000 + MINOR * 100 + PATCH, for #if comparisons. */
#define MW_VERSION_NUMBER (MW_VERSION_MAJOR * 10000 + MW_VERSION_MINOR * 100 + MW_VERSION_PATCH)

/* The library's version at run time ("MAJOR.MINOR.PATCH"), to compare with the header's
 * MW_VERSION_STRING when linking a shared library. */
const char *mw_version(void);

/* Length of a NUL-terminated string, for the _cstr conveniences (no <string.h> needed). */
static inline size_t mw_cstr_len_(const char *s)
{
    size_t n = 0;
    if (s)
        while (s[n]) n++;
    return n;
}

/* ---------------------------------------------------------------- results */

typedef enum mw_result {
    MW_OK = 0,
    MW_ERR_NOMEM,       /* the allocator hook returned NULL */
    MW_ERR_MALFORMED,   /* the binary does not decode (offset says where) */
    MW_ERR_INVALID,     /* the module decodes but does not validate */
    MW_ERR_LINK,        /* an import is missing or has an incompatible type */
    MW_ERR_TRAP,        /* execution trapped (mw_error.trap says why) */
    MW_ERR_ARG,         /* a caller passed a wrong argument (count, type, NULL) */
    MW_ERR_LIMIT,       /* an implementation or store limit was exceeded */
    MW_ERR_NOT_FOUND,   /* a looked-up name does not exist */
    MW_ERR_UNSUPPORTED, /* the module uses a feature this build leaves out (e.g. MW_SIMD=0) */
    MW_SUSPENDED        /* not an error: a resumable call stopped (doc/resume.md) */
} mw_result;

typedef enum mw_trap_code {
    MW_TRAP_NONE = 0,
    MW_TRAP_UNREACHABLE,        /* "unreachable" */
    MW_TRAP_DIV_BY_ZERO,        /* "integer divide by zero" */
    MW_TRAP_INT_OVERFLOW,       /* "integer overflow" */
    MW_TRAP_INVALID_CONVERSION, /* "invalid conversion to integer" */
    MW_TRAP_MEMORY_OOB,         /* "out of bounds memory access" */
    MW_TRAP_TABLE_OOB,          /* "out of bounds table access" */
    MW_TRAP_UNDEFINED_ELEMENT,  /* "undefined element": call_indirect index >= table size */
    MW_TRAP_UNINITIALIZED_ELEMENT, /* "uninitialized element": call_indirect on null */
    MW_TRAP_INDIRECT_MISMATCH,  /* "indirect call type mismatch" */
    MW_TRAP_NULL_REFERENCE,     /* "null reference" */
    MW_TRAP_STACK_EXHAUSTED,    /* "call stack exhausted" */
    MW_TRAP_OUT_OF_FUEL,        /* "out of fuel" */
    MW_TRAP_INTERRUPTED,        /* "interrupted" */
    MW_TRAP_HOST,               /* a host function failed; message is the host's */
    MW_TRAP_EXIT,               /* a host function asked to end execution (e.g. proc_exit) */
    MW_TRAP_COUNT_
} mw_trap_code;

/* The first error of an operation. msg is always NUL-terminated. */
typedef struct mw_error {
    mw_result code;
    mw_trap_code trap;   /* when code == MW_ERR_TRAP */
    size_t offset;       /* byte offset in the module binary, or SIZE_MAX when none */
    int32_t exit_code;   /* when trap == MW_TRAP_EXIT */
    char msg[200];
} mw_error;

/* Static text of a trap code ("integer divide by zero", ...). */
const char *mw_trap_message(mw_trap_code code);
/* Static name of a result code ("malformed module", ...). */
const char *mw_result_name(mw_result r);

/* ---------------------------------------------------------------- values */

typedef enum mw_valtype {
    MW_I32 = 0x7F,
    MW_I64 = 0x7E,
    MW_F32 = 0x7D,
    MW_F64 = 0x7C,
    MW_V128 = 0x7B,      /* 128-bit vector (absent when built with MW_SIMD=0) */
    MW_FUNCREF = 0x70,
    MW_EXTERNREF = 0x6F
} mw_valtype;

typedef struct mw_func mw_func;

/* A typed value. f32/f64 hold the exact bits of the wasm value (NaN payloads kept). */
typedef struct mw_val {
    mw_valtype type;
    union {
        int32_t i32;
        int64_t i64;
        uint32_t f32_bits;
        uint64_t f64_bits;
        mw_func *funcref;    /* NULL is ref.null func */
        void *externref;     /* NULL is ref.null extern */
        uint8_t v128[16];    /* lane bytes in memory order (lane 0 of i8x16 first) */
    } of;
} mw_val;

/* Static text name of a value type ("i32", "funcref", ...; "invalid" otherwise). */
const char *mw_valtype_name(mw_valtype t);

static inline mw_val mw_val_i32(int32_t v) { mw_val r; r.type = MW_I32; r.of.i64 = 0; r.of.i32 = v; return r; }
static inline mw_val mw_val_i64(int64_t v) { mw_val r; r.type = MW_I64; r.of.i64 = v; return r; }
static inline mw_val mw_val_f32_bits(uint32_t b) { mw_val r; r.type = MW_F32; r.of.i64 = 0; r.of.f32_bits = b; return r; }
static inline mw_val mw_val_f64_bits(uint64_t b) { mw_val r; r.type = MW_F64; r.of.f64_bits = b; return r; }
static inline mw_val mw_val_v128(const uint8_t bytes[16])
{
    mw_val r;
    r.type = MW_V128;
    for (int i = 0; i < 16; i++) r.of.v128[i] = bytes[i];
    return r;
}
mw_val mw_val_f32(float v);
mw_val mw_val_f64(double v);
float mw_val_as_f32(const mw_val *v);
double mw_val_as_f64(const mw_val *v);

/* A function type. The arrays are borrowed: the callee copies what it keeps. */
typedef struct mw_functype {
    uint32_t nparams, nresults;
    const mw_valtype *params, *results;
} mw_functype;

typedef struct mw_limits {
    uint64_t min;
    uint64_t max;        /* valid when has_max */
    bool has_max;
} mw_limits;

/* ---------------------------------------------------------------- engine */

/*
 * The allocator hook, in the spirit of Lua's lua_Alloc:
 *   nsize == 0             free ptr (osize is its size, ptr may be NULL); return NULL
 *   ptr == NULL, nsize > 0 allocate nsize bytes
 *   otherwise              resize ptr from osize to nsize bytes (contents kept)
 * Returned blocks must be aligned for any object (16 bytes on 64-bit hosts).
 * Returning NULL for nsize > 0 is an allocation failure; minwasm reports it as
 * MW_ERR_NOMEM and leaves every object in a consistent state.
 */
typedef void *(*mw_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);

typedef struct mw_engine_config {
    mw_alloc_fn alloc;   /* required */
    void *alloc_ud;
    /* 0 selects the defaults below. */
    uint32_t max_call_depth;     /* wasm frames per store (default 10000) */
    uint32_t value_stack_slots;  /* 8-byte slots per store stack (default 1 Mi = 8 MiB) */
    uint32_t max_host_reentry;   /* host->wasm re-entries nested (default 64) */
    /*
     * Bytes of C stack that nested calls into wasm may use, measured from the outermost
     * call into a store (default 256 KiB). wasm-to-wasm calls use none; each host -> wasm
     * re-entry uses the interpreter's frame plus the host function's own. A re-entry
     * past this budget (or past max_host_reentry) traps with "call stack exhausted"
     * instead of overflowing the C stack. The embedder must run wasm on threads whose
     * free stack is at least this budget plus what its deepest host function needs plus
     * 64 KiB (the innermost interpreter activation and the trap path).
     */
    size_t max_native_stack;
} mw_engine_config;

typedef struct mw_engine mw_engine;

mw_result mw_engine_new(const mw_engine_config *cfg, mw_engine **out, mw_error *err);
void mw_engine_delete(mw_engine *engine);

/* ---------------------------------------------------------------- module */

typedef struct mw_module mw_module;

/*
 * Decode, validate and translate a binary module. The bytes are copied; the caller may
 * free them afterwards. On failure err says what is wrong and at which byte offset.
 */
mw_result mw_module_new(mw_engine *engine, const uint8_t *bytes, size_t len,
                        mw_module **out, mw_error *err);
/* Modules are reference counted: instances keep theirs alive. */
void mw_module_delete(mw_module *module);

/*
 * Precompiled modules (doc/aot.md). mw_module_deserialize loads a .cwasm written by
 * `minwasm compile`: it refuses a file for another target, format, native interface or
 * core configuration, and any truncated or corrupted file, with an error. The native
 * code inside is trusted, as a shared library would be: load only .cwasm files from a
 * trusted compile step. Where the platform cannot publish code (MW_PLATFORM_CODE=0) the
 * module is interpreted instead. mw_module_new_static takes the descriptor that
 * `minwasm compile --emit-c` defines (NAME.c), code and module bytes used in place.
 */
struct mwa_module_desc;
mw_result mw_module_deserialize(mw_engine *engine, const uint8_t *bytes, size_t len,
                                mw_module **out, mw_error *err);
mw_result mw_module_new_static(mw_engine *engine, const struct mwa_module_desc *desc,
                               mw_module **out, mw_error *err);
/* True when the module's functions run as native code. */
bool mw_module_is_native(const mw_module *module);

typedef enum mw_extern_kind {
    MW_EXTERN_FUNC = 0,
    MW_EXTERN_TABLE = 1,
    MW_EXTERN_MEMORY = 2,
    MW_EXTERN_GLOBAL = 3
} mw_extern_kind;

/* Describes one import or export of a module. Strings are not NUL-terminated. */
typedef struct mw_import_export_desc {
    const char *module; size_t module_len;   /* imports only */
    const char *name; size_t name_len;
    mw_extern_kind kind;
    mw_functype func;          /* kind == FUNC */
    mw_valtype elem_type;      /* kind == TABLE */
    mw_limits limits;          /* TABLE or MEMORY */
    mw_valtype global_type;    /* kind == GLOBAL */
    bool global_mutable;
} mw_import_export_desc;

uint32_t mw_module_import_count(const mw_module *m);
uint32_t mw_module_export_count(const mw_module *m);
bool mw_module_import(const mw_module *m, uint32_t i, mw_import_export_desc *out);
bool mw_module_export(const mw_module *m, uint32_t i, mw_import_export_desc *out);
/* The name-section name of function index fidx, or NULL. */
const char *mw_module_func_name(const mw_module *m, uint32_t fidx, size_t *len);
/* Sizes of a module, for footprint measurements: the bytes of its code section
 * (function bodies) and of the translated code minwasm keeps for them. */
typedef struct mw_module_stats {
    size_t code_section_bytes;
    size_t translated_bytes;
    uint32_t functions;          /* defined (not imported) functions */
} mw_module_stats;
void mw_module_stats_get(const mw_module *m, mw_module_stats *out);

/* Print defined function fidx's translated code, one line per instruction: its code
 * position, the offset in the binary of the wasm instruction it came from, its name
 * and operands (dN destination slot, sN source slot, kN small constant, #N immediate,
 * ->N branch target). fn receives each line, newline included. MW_ERR_ARG for an
 * imported or unknown function. */
typedef void (*mw_explore_fn)(void *ud, const char *text, size_t len);
mw_result mw_module_explore(mw_module *m, uint32_t fidx, mw_explore_fn fn, void *ud);

/* Custom section i (in order of appearance), or false past the end. */
bool mw_module_custom_section(const mw_module *m, uint32_t i, const char **name,
                              size_t *name_len, const uint8_t **data, size_t *data_len);

/* ---------------------------------------------------------------- store */

typedef struct mw_store mw_store;
typedef struct mw_instance mw_instance;

typedef struct mw_store_limits {
    uint64_t max_memory_bytes;   /* per linear memory; 0 = no limit beyond the module's */
    uint64_t max_table_elements; /* per table; 0 = no limit beyond the module's */
    /* All tables of the store together, in elements (8 bytes each): a module can declare
     * many large tables in a few bytes. 0 = the default, 16 Mi elements (128 MiB). A
     * table or instance past it is refused with MW_ERR_LIMIT; table.grow returns -1. */
    uint64_t max_total_table_elements;
} mw_store_limits;

/* limits may be NULL. */
mw_result mw_store_new(mw_engine *engine, const mw_store_limits *limits,
                       mw_store **out, mw_error *err);
void mw_store_delete(mw_store *store);
mw_engine *mw_store_engine(mw_store *store);
/* Per-store user data: one pointer the embedder attaches to a store (NULL initially),
 * e.g. to reach its own state from a host function through mw_caller_store. minwasm
 * never dereferences or frees it. */
void mw_store_set_data(mw_store *store, void *data);
void *mw_store_get_data(const mw_store *store);

/*
 * Fuel: a deterministic budget of executed work: one unit per function entry and per
 * loop iteration, and for bulk operations one unit per started 64 bytes (memory.fill,
 * memory.copy, memory.init) or per started 8 elements (table.fill, table.copy,
 * table.init, table.grow), charged before the operation takes effect (an operation the
 * remaining fuel cannot pay for traps and does nothing); a function declaring 64 locals
 * or more also pays one unit per started 8 of them on entry. Disabled by default. When enabled and exhausted, execution traps with
 * MW_TRAP_OUT_OF_FUEL; the store stays usable and can be refuelled.
 */
void mw_store_set_fuel(mw_store *store, uint64_t fuel);   /* enables metering */
void mw_store_disable_fuel(mw_store *store);
uint64_t mw_store_get_fuel(const mw_store *store);         /* remaining */

/*
 * Interrupt: ask the wasm code running in the store to stop. Safe to call from any
 * thread (and from a signal handler). The running call traps with MW_TRAP_INTERRUPTED
 * at its next loop iteration or call; if nothing is running, the next call does. The
 * request is consumed by that trap, and the store stays usable.
 */
void mw_store_interrupt(mw_store *store);

/*
 * One frame of the wasm call stack recorded at the last trap, innermost first. A trap
 * raised by a host function (mw_caller_trap, or an error returned) records the wasm
 * frames below the host function, starting with its caller.
 */
typedef struct mw_frame_info {
    const mw_module *module;
    uint32_t func_index;       /* index in the module's function index space */
    const char *name;          /* from the name section, or NULL */
    size_t name_len;
    /* Byte offset in the module binary of the instruction executing in this frame (the
     * trapping one, or the call for outer frames), and the same relative to the start
     * of the function's body entry (its size field). SIZE_MAX when unknown: native-code
     * frames, and the innermost frame of a guard-page memory fault in the interpreter. */
    size_t module_offset;
    size_t func_offset;
    mw_instance *instance;     /* the frame's instance */
} mw_frame_info;

/* Number of frames recorded at the store's last trap (at most MW_TRAP_FRAMES_MAX). */
#define MW_TRAP_FRAMES_MAX 32
uint32_t mw_store_trap_frames(const mw_store *store);
bool mw_store_trap_frame(const mw_store *store, uint32_t i, mw_frame_info *out);

/* ---------------------------------------------------------------- externals */

typedef struct mw_memory mw_memory;
typedef struct mw_table mw_table;
typedef struct mw_global mw_global;

typedef struct mw_extern {
    mw_extern_kind kind;
    union {
        mw_func *func;
        mw_table *table;
        mw_memory *memory;
        mw_global *global;
    } of;
} mw_extern;

/* ---------------------------------------------------------------- host functions */

/* Passed to host functions: who called. Valid only during the call. */
typedef struct mw_caller mw_caller;

mw_store *mw_caller_store(mw_caller *caller);
/* The calling instance's memory 0, or NULL when it has none. */
mw_memory *mw_caller_memory(mw_caller *caller);
/* An export of the calling instance by name, or false. */
bool mw_caller_export(mw_caller *caller, const char *name, size_t name_len, mw_extern *out);
static inline bool mw_caller_export_cstr(mw_caller *caller, const char *name, mw_extern *out)
{
    return mw_caller_export(caller, name, mw_cstr_len_(name), out);
}

/*
 * A host function. args holds the nargs parameters, results must be filled with the
 * nresults results (their types are preset); the counts are those of the function's
 * type. Return MW_OK, or MW_ERR_TRAP after mw_caller_trap/exit set the trap details;
 * any other code is reported as a host trap. Either way the trap records a backtrace
 * of the wasm frames below (mw_store_trap_frame).
 */
typedef mw_result (*mw_host_fn)(mw_caller *caller, void *env,
                                const mw_val *args, size_t nargs,
                                mw_val *results, size_t nresults);
/* Called when the store (or linker) holding the function is deleted. May be NULL. */
typedef void (*mw_finalizer_fn)(void *env);

/* Fill the pending trap of a host call: a message (copied) ... */
mw_result mw_caller_trap(mw_caller *caller, const char *msg);
/* ... or a request to end execution with an exit code (WASI proc_exit). */
mw_result mw_caller_exit(mw_caller *caller, int32_t code);
/*
 * Charge `units` of the store's fuel for work a host function does in proportion to its
 * arguments (e.g. filling a guest buffer), at the rate the core uses for bulk
 * operations (one unit per 64 bytes). A no-op while fuel is disabled. When less fuel is
 * left, nothing is charged and the out-of-fuel trap is set: return MW_ERR_TRAP from the
 * host function without doing the work. In a resumable call (mw_func_call_resumable)
 * the call then suspends for fuel instead, and the resume calls the host function again.
 */
mw_result mw_caller_consume_fuel(mw_caller *caller, uint64_t units);

mw_result mw_func_new_host(mw_store *store, const mw_functype *type, mw_host_fn fn,
                           void *env, mw_finalizer_fn fin, mw_func **out, mw_error *err);

/* ---------------------------------------------------------------- functions */

/* The function's type; the arrays live as long as the function. */
void mw_func_type(const mw_func *f, mw_functype *out);
/*
 * Call f. args must match the parameter types; results has room for the results.
 * Returns MW_OK, MW_ERR_TRAP (err->trap set; the store stays usable), MW_ERR_ARG.
 */
mw_result mw_func_call(mw_store *store, mw_func *f, const mw_val *args, size_t nargs,
                       mw_val *results, size_t nresults, mw_error *err);

/*
 * Resumable calls (doc/resume.md). mw_func_call_resumable is mw_func_call, except that
 * when fuel runs out, an interrupt arrives or a host function calls mw_caller_suspend,
 * it returns MW_SUSPENDED (not a trap) and keeps the whole activation in the store.
 * mw_call_resume continues it exactly where it stopped (refuel first when it stopped
 * for fuel); it returns MW_OK with the results, MW_SUSPENDED again, or a trap/error.
 * host_results: the results of the host function that suspended (its result types),
 * empty otherwise. While a call is suspended the store runs no other call; abort it
 * with mw_call_abort to use the store again. Only the interpreter's outermost
 * activation suspends: inside a nested host re-entry or native code, running out of
 * fuel traps as with mw_func_call.
 */
typedef enum mw_suspend_reason {
    MW_SUSPEND_NONE = 0,
    MW_SUSPEND_FUEL,        /* fuel ran out: mw_store_set_fuel, then resume */
    MW_SUSPEND_INTERRUPT,   /* mw_store_interrupt */
    MW_SUSPEND_HOST         /* a host function called mw_caller_suspend */
} mw_suspend_reason;

mw_result mw_func_call_resumable(mw_store *store, mw_func *f, const mw_val *args, size_t nargs,
                                 mw_val *results, size_t nresults, mw_error *err);
mw_result mw_call_resume(mw_store *store, const mw_val *host_results, size_t nhost,
                         mw_val *results, size_t nresults, mw_error *err);
void mw_call_abort(mw_store *store);   /* no-op when nothing is suspended */
bool mw_store_suspended(const mw_store *store);
mw_suspend_reason mw_store_suspend_reason(const mw_store *store);
/* MW_SUSPEND_HOST: the host function that suspended (its type says what to supply). */
mw_func *mw_store_suspended_host(const mw_store *store);
/* In a host function: `return mw_caller_suspend(caller);` suspends the guest; the
 * embedder supplies this call's results to mw_call_resume. Returns MW_SUSPENDED, or
 * MW_ERR_TRAP with a host trap set when the running call cannot suspend. */
mw_result mw_caller_suspend(mw_caller *caller);

/* ---------------------------------------------------------------- memories */

#define MW_PAGE_SIZE 65536u

mw_result mw_memory_new(mw_store *store, mw_limits limits, mw_memory **out, mw_error *err);
/* Current base; changes after growth. Valid until the next call into wasm or grow. */
uint8_t *mw_memory_data(mw_memory *mem);
size_t mw_memory_size(const mw_memory *mem);      /* bytes */
uint32_t mw_memory_pages(const mw_memory *mem);
void mw_memory_limits(const mw_memory *mem, mw_limits *out);
/* Grow by delta pages; *old_pages receives the previous size. */
mw_result mw_memory_grow(mw_memory *mem, uint32_t delta, uint32_t *old_pages, mw_error *err);

/* ---------------------------------------------------------------- tables */

mw_result mw_table_new(mw_store *store, mw_valtype elem, mw_limits limits, mw_val init,
                       mw_table **out, mw_error *err);
uint32_t mw_table_size(const mw_table *t);
mw_valtype mw_table_elem_type(const mw_table *t);
void mw_table_limits(const mw_table *t, mw_limits *out);
mw_result mw_table_get(const mw_table *t, uint32_t i, mw_val *out);
mw_result mw_table_set(mw_table *t, uint32_t i, mw_val v);
mw_result mw_table_grow(mw_table *t, uint32_t delta, mw_val init, uint32_t *old_size,
                        mw_error *err);

/* ---------------------------------------------------------------- globals */

mw_result mw_global_new(mw_store *store, mw_valtype type, bool mutable_, mw_val init,
                        mw_global **out, mw_error *err);
mw_val mw_global_get(const mw_global *g);
mw_result mw_global_set(mw_global *g, mw_val v);    /* MW_ERR_ARG if immutable/wrong type */
mw_valtype mw_global_type(const mw_global *g, bool *mutable_);

/* ---------------------------------------------------------------- instances */

/*
 * Instantiate with imports given in the module's import order. Runs the start function.
 * A trap while initialising segments or in start returns MW_ERR_TRAP; the instance is
 * not returned but segments already written stay (as the spec requires).
 */
mw_result mw_instance_new(mw_store *store, mw_module *module, const mw_extern *imports,
                          size_t nimports, mw_instance **out, mw_error *err);
bool mw_instance_export(mw_instance *inst, const char *name, size_t name_len, mw_extern *out);
static inline bool mw_instance_export_cstr(mw_instance *inst, const char *name, mw_extern *out)
{
    return mw_instance_export(inst, name, mw_cstr_len_(name), out);
}
/* Export i in module order; name is set to the export's name. */
bool mw_instance_export_nth(mw_instance *inst, uint32_t i, const char **name,
                            size_t *name_len, mw_extern *out);
mw_module *mw_instance_module(mw_instance *inst);

/* ---------------------------------------------------------------- linker */

typedef struct mw_linker mw_linker;

mw_result mw_linker_new(mw_engine *engine, mw_linker **out, mw_error *err);
void mw_linker_delete(mw_linker *linker);
/* A later definition of the same module/name replaces the earlier one. */
mw_result mw_linker_define(mw_linker *l, const char *module, size_t module_len,
                           const char *name, size_t name_len, const mw_extern *ext,
                           mw_error *err);
/*
 * A host function usable in any store; the linker copies the type. Each instantiation
 * through the linker makes a store-owned function of it. fin (may be NULL) is called
 * with env once, when nothing uses the definition any more: the linker is deleted (or
 * the definition replaced) and every store holding a function made from it is deleted.
 */
mw_result mw_linker_define_func(mw_linker *l, const char *module, size_t module_len,
                                const char *name, size_t name_len, const mw_functype *type,
                                mw_host_fn fn, void *env, mw_finalizer_fn fin,
                                mw_error *err);
/* Define every export of inst under module name `module`. */
mw_result mw_linker_define_instance(mw_linker *l, const char *module, size_t module_len,
                                    mw_instance *inst, mw_error *err);
/*
 * Look up a definition. A host function defined with mw_linker_define_func becomes a
 * new function of store (each call makes another); other definitions are returned as
 * defined and must belong to store. MW_ERR_NOT_FOUND when undefined.
 */
mw_result mw_linker_get(mw_linker *l, mw_store *store, const char *module,
                        size_t module_len, const char *name, size_t name_len,
                        mw_extern *out, mw_error *err);

static inline mw_result mw_linker_define_cstr(mw_linker *l, const char *module,
                                              const char *name, const mw_extern *ext,
                                              mw_error *err)
{
    return mw_linker_define(l, module, mw_cstr_len_(module), name, mw_cstr_len_(name), ext, err);
}
static inline mw_result mw_linker_define_func_cstr(mw_linker *l, const char *module,
                                                   const char *name, const mw_functype *type,
                                                   mw_host_fn fn, void *env,
                                                   mw_finalizer_fn fin, mw_error *err)
{
    return mw_linker_define_func(l, module, mw_cstr_len_(module), name, mw_cstr_len_(name),
                                 type, fn, env, fin, err);
}
static inline mw_result mw_linker_define_instance_cstr(mw_linker *l, const char *module,
                                                       mw_instance *inst, mw_error *err)
{
    return mw_linker_define_instance(l, module, mw_cstr_len_(module), inst, err);
}
static inline mw_result mw_linker_get_cstr(mw_linker *l, mw_store *store, const char *module,
                                           const char *name, mw_extern *out, mw_error *err)
{
    return mw_linker_get(l, store, module, mw_cstr_len_(module), name, mw_cstr_len_(name),
                         out, err);
}
/* Resolve the module's imports by (module, name) and instantiate. */
mw_result mw_linker_instantiate(mw_linker *l, mw_store *store, mw_module *module,
                                mw_instance **out, mw_error *err);

#ifdef __cplusplus
}
#endif
#endif
