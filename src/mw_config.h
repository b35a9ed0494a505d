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

#if MW_DEFAULT_STACK_SLOTS < 1024
#  error "MW_DEFAULT_STACK_SLOTS is too small to run anything"
#endif

#endif
