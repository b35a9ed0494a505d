/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * mw_config.h — every compile-time knob of the core, with its default.
 * Override with -D on the compiler command line.
 */
#ifndef MW_CONFIG_H
#define MW_CONFIG_H

/* Interpreter dispatch: 1 = computed goto (GNU C), 0 = portable switch. */
#ifndef MW_DISPATCH_GOTO
#  if defined(__GNUC__) || defined(__clang__)
#    define MW_DISPATCH_GOTO 1
#  else
#    define MW_DISPATCH_GOTO 0
#  endif
#endif

#if MW_DISPATCH_GOTO && !(defined(__GNUC__) || defined(__clang__))
#  error "MW_DISPATCH_GOTO needs the GNU C labels-as-values extension"
#endif

/* The interpreter's f64 accumulator in a vector register (xmm15) pinned for the whole
 * dispatch loop, as the integer one is in r15: gcc on x86-64 only, where it would
 * otherwise live in the stack frame (doc/dispatch.md, session 15). The register is
 * caller-saved, so the build must not put calls where the handlers have none: on by
 * default in optimised builds without ASan or TSan; a build instrumenting every basic
 * block with calls (gcc -fsanitize-coverage, -finstrument-functions) must set it to 0. */
#ifndef MW_F64_ACC_REG
#  if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
      defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#    define MW_F64_ACC_REG 1
#  else
#    define MW_F64_ACC_REG 0
#  endif
#endif
#if MW_F64_ACC_REG && !(defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__))
#  error "MW_F64_ACC_REG needs gcc on x86-64"
#endif

/* Fixed-width SIMD (v128, the 0xFD instructions): 0 leaves it out for the smallest
 * builds; modules that use it are then refused as unsupported. */
#ifndef MW_SIMD
#  define MW_SIMD 1
#endif

/* Defaults for engine configuration fields left at 0. */
#ifndef MW_DEFAULT_CALL_DEPTH
#  define MW_DEFAULT_CALL_DEPTH 10000
#endif
#ifndef MW_DEFAULT_STACK_SLOTS
#  define MW_DEFAULT_STACK_SLOTS (1u << 20)
#endif
#ifndef MW_DEFAULT_HOST_REENTRY
#  define MW_DEFAULT_HOST_REENTRY 64
#endif
#ifndef MW_DEFAULT_NATIVE_STACK
#  define MW_DEFAULT_NATIVE_STACK (256u * 1024u)
#endif

/* Implementation limits (the spec's appendix allows them; they keep sizes in 32 bits). */
#ifndef MW_MAX_LOCALS
#  define MW_MAX_LOCALS 50000u
#endif
#ifndef MW_MAX_FUNCS
#  define MW_MAX_FUNCS 1000000u
#endif
#ifndef MW_MAX_TABLE_ELEMS
#  define MW_MAX_TABLE_ELEMS 10000000u
#endif
#ifndef MW_DEFAULT_STORE_TABLE_ELEMS
#  define MW_DEFAULT_STORE_TABLE_ELEMS (16u << 20)
#endif

/*
 * Platform API groups the core may use (include/minwasm_platform.h). With none, the
 * core calls no platform function: memories come from the allocator and every access
 * is bounds-checked.
 */
#ifndef MW_PLATFORM_VM
#  define MW_PLATFORM_VM 0
#endif
#ifndef MW_PLATFORM_TRAPS
#  define MW_PLATFORM_TRAPS 0
#endif
#ifndef MW_PLATFORM_TLS
#  define MW_PLATFORM_TLS MW_PLATFORM_TRAPS
#endif
#ifndef MW_PLATFORM_CODE
#  define MW_PLATFORM_CODE 0
#endif
#if MW_PLATFORM_CODE && !MW_PLATFORM_VM
#  error "MW_PLATFORM_CODE needs MW_PLATFORM_VM (native code is loaded into reservations)"
#endif
#if MW_PLATFORM_TRAPS && !MW_PLATFORM_VM
#  error "MW_PLATFORM_TRAPS needs MW_PLATFORM_VM (guard regions are reservations)"
#endif
#if MW_PLATFORM_TRAPS && !MW_PLATFORM_TLS
#  error "MW_PLATFORM_TRAPS needs MW_PLATFORM_TLS (the fault handler finds the activation there)"
#endif
#if MW_PLATFORM_TRAPS && defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ < 8
#  error "MW_PLATFORM_TRAPS needs a 64-bit address space for 8 GiB reservations"
#endif
/* Guard-page mode: loads and stores skip the bounds check and rely on faults. */
#define MW_GUARD_PAGES MW_PLATFORM_TRAPS

#if MW_DEFAULT_STACK_SLOTS < 1024
#  error "MW_DEFAULT_STACK_SLOTS is too small to run anything"
#endif

#endif
