/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * gen_rt.h — the macros and helpers of the C that aot/cgen.c generates. Embedded,
 * with the core headers it needs (num.h, simd.h, aot_abi.h), at the top of every
 * generated file, which therefore compiles on its own (-ffreestanding -nostdlib).
 *
 * Inside a generated function: ctx (its instance), sh (the store's shared words),
 * M / MS (memory 0 and its size, reloaded after calls), the labels unwind (a callee
 * trapped: name this frame, return) and trapret (return without naming it).
 */
#ifndef MWA_GEN_RT_H
#define MWA_GEN_RT_H

#if defined(__GNUC__) || defined(__clang__)
#  define MWA_SP() ((uintptr_t)__builtin_frame_address(0))
#else
#  define MWA_SP() ((uintptr_t)&sh)
#endif

/* The runtime's slow paths behind small cold functions: each use in a function body is
 * one direct call, which keeps hot functions small enough for the C compiler to inline
 * (recursive ones into themselves too). */
#if defined(__GNUC__) || defined(__clang__)
#  define MWA_COLD __attribute__((noinline, cold))
#else
#  define MWA_COLD
#endif
static MWA_COLD uint32_t mwa_poll(mwa_ctx *ctx, uint64_t extra) { return ctx->rt->poll(ctx, extra); }
static MWA_COLD void mwa_frame(mwa_ctx *ctx, uint32_t f) { ctx->rt->frame(ctx, f); }
static MWA_COLD void mwa_trap(mwa_ctx *ctx, uint32_t code, uint32_t f) { ctx->rt->trap(ctx, code, f); }

/* Fuel and interrupts at function entry and loop back-edges: one load when neither
 * is pending, the same points and units as the interpreter (interp.c). */
#define MWA_POLL(extra) do { \
        if (MW_UNLIKELY(MWI_POLL_LOAD(&sh->poll)) && mwa_poll(ctx, (extra))) goto unwind; \
    } while (0)
/* The native stack: a frame below the limit traps before it can overflow. */
#define MWA_STACK(est, f) do { \
        if (MW_UNLIKELY(MWA_SP() < sh->stack_limit + (est))) { \
            mwa_trap(ctx, MW_TRAP_STACK_EXHAUSTED, (f)); goto trapret; } \
    } while (0)
#define MWA_TRAP(code, f) do { mwa_trap(ctx, (code), (f)); goto trapret; } while (0)
#define MWA_CHECK_CALL() do { if (MW_UNLIKELY(sh->trap)) goto unwind; } while (0)
#define MWA_LOADMEM() do { M = ctx->mem->data; MS = ctx->mem->size; } while (0)
/* Explicit bounds checks (vm and bounds configurations); ea < 2^33 cannot wrap. */
#define MWA_BOUNDS(ea, n, f) do { \
        if (MW_UNLIKELY((ea) + (n) > MS)) MWA_TRAP(MW_TRAP_MEMORY_OOB, f); \
    } while (0)

/* Guard pages: a load is its own bounds check, so the compiler must not drop one whose
 * value is unused (the asm consumes the value, keeping the load; it emits nothing). */
#if defined(__GNUC__) || defined(__clang__)
#  define MWA_KEEP(x) __asm__("" : : "r"(x))
#  define MWA_KEEP_V(x) __asm__("" : : "m"(x))
#else
#  define MWA_KEEP(x) ((void)*(volatile __typeof__(x) *)&(x))
#  define MWA_KEEP_V(x) MWA_KEEP(x)
#endif

/* The constants 0, -0, 1 and -1 pass through this barrier, so that the compiler cannot
 * fold x - 0, x * 1, x / -1 and the like into x or -x: for a signalling NaN x, wasm
 * requires a quiet NaN result, which only the real operation gives. */
#if defined(__GNUC__) || defined(__clang__)
#  if defined(__x86_64__) || defined(__i386__)
#    define MWA_OPAQUE_FP(x) __asm__("" : "+x"(x))
#  elif defined(__aarch64__) || defined(__arm__)
#    define MWA_OPAQUE_FP(x) __asm__("" : "+w"(x))
#  else
#    define MWA_OPAQUE_FP(x) __asm__("" : "+m"(x))
#  endif
#else
#  define MWA_OPAQUE_FP(x) ((void)0)
#endif

/* Values to and from 8-byte slots (the core's representation). */
#define MWA_TO_I32(x) ((uint64_t)(x))
#define MWA_TO_I64(x) ((uint64_t)(x))
#define MWA_TO_F32(x) ((uint64_t)mwF_f32_bits(x))
#define MWA_TO_F64(x) mwF_f64_bits(x)
#define MWA_TO_REF(x) (x)
#define MWA_FROM_I32(s) ((uint32_t)(s))
#define MWA_FROM_I64(s) ((uint64_t)(s))
#define MWA_FROM_F32(s) mwF_f32_from_bits((uint32_t)(s))
#define MWA_FROM_F64(s) mwF_f64_from_bits((uint64_t)(s))
#define MWA_FROM_REF(s) ((uint64_t)(s))

/* A .cwasm image links nothing: the compiler's own calls to the memcpy family (block
 * moves, zeroing) land here. Firmware C uses the firmware's. */
#ifdef MWA_IMAGE
void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
    unsigned char *dp = d; const unsigned char *sp = s;
    for (size_t i = 0; i < n; i++) { dp[i] = sp[i]; MWI_OPAQUE(i); }
    return d;
}
void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *dp = d; const unsigned char *sp = s;
    if (dp < sp) { for (size_t i = 0; i < n; i++) { dp[i] = sp[i]; MWI_OPAQUE(i); } }
    else { for (size_t i = n; i-- > 0;) { dp[i] = sp[i]; MWI_OPAQUE(i); } }
    return d;
}
void *memset(void *d, int c, size_t n)
{
    unsigned char *dp = d;
    for (size_t i = 0; i < n; i++) { dp[i] = (unsigned char)c; MWI_OPAQUE(i); }
    return d;
}
int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) { if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1; MWI_OPAQUE(i); }
    return 0;
}
#endif

#endif
