/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * minwasm_platform.h — everything the minwasm core asks of the system it runs on.
 *
 * The core is freestanding C11. Besides memcpy/memmove/memset/memcmp and the
 * allocator hook passed in mw_engine_config, it calls only the functions below, and
 * only those of the groups it was compiled with. Each group is switched on by one
 * macro when compiling the core (see src/mw_config.h):
 *
 *   (always)            nothing: with no group the core runs anywhere, with linear
 *                       memories from the allocator and explicit bounds checks.
 *   MW_PLATFORM_VM=1    virtual memory: linear memories are reservations that grow in
 *                       place, data segments are mapped copy-on-write from images.
 *   MW_PLATFORM_TRAPS=1 native traps (needs MW_PLATFORM_VM): each 32-bit memory is a
 *                       reservation of 4 GiB plus a guard region; loads and stores do
 *                       no bounds check, and an access past the end faults. The
 *                       platform reports the fault, the core turns it into a wasm trap.
 *   MW_PLATFORM_TLS=1   thread-local storage of one pointer (needs MW_PLATFORM_TRAPS,
 *                       whose fault handler finds the running activation through it).
 *   MW_PLATFORM_CODE=1  executable native code (needs MW_PLATFORM_VM): precompiled
 *                       modules run as machine code; without it, in the interpreter.
 *
 * Return codes: functions returning int return 0 on success and a non-zero,
 * platform-chosen error number (an errno value on POSIX systems) on failure, except
 * mw_platform_publish_code, which returns -1. The core never interprets the number
 * beyond zero/non-zero; it reports the failure to the embedder as MW_ERR_NOMEM or
 * MW_ERR_LIMIT (a failed publish as MW_ERR_UNSUPPORTED).
 *
 * Thread-safety: every function may be called concurrently from several threads on
 * different addresses. Only the functions marked "signal-safe" may run inside the trap
 * handler (i.e. in a signal/exception context).
 *
 * Porting: doc/porting.md says what to implement for each configuration and how to
 * test a new platform.
 */
#ifndef MINWASM_PLATFORM_H
#define MINWASM_PLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ virtual memory */

/* Addresses and sizes are page-aligned. An empty range (size 0) is a successful no-op
 * for protect, decommit and image_map_at; reserve and image_new reject size 0. */

/* Protection flags for mw_platform_protect. */
#define MW_PROT_NONE 0u
#define MW_PROT_READ 1u
#define MW_PROT_WRITE 2u

/* The granularity of reserve/protect/decommit, a power of two (4096 on most systems;
 * 64 KiB divides by it on every supported system). Signal-safe. */
size_t mw_platform_page_size(void);

/*
 * Reserve size bytes of address space (size is a multiple of the page size), with no
 * access allowed (touching it faults). *out receives the page-aligned base. The range
 * need not be backed by memory until mw_platform_protect makes it accessible, and
 * reads of newly accessible pages return zero. Reservations of 8 GiB and more must
 * work on 64-bit systems for MW_PLATFORM_TRAPS.
 */
int mw_platform_reserve(size_t size, void **out);

/* Set the protection of [addr, addr+size) inside one reservation (page-aligned).
 * MW_PROT_READ|MW_PROT_WRITE commits the pages; MW_PROT_NONE makes them fault again
 * (contents kept). */
int mw_platform_protect(void *addr, size_t size, uint32_t prot);

/* Discard the contents of [addr, addr+size) (page-aligned) inside one reservation and
 * make the pages inaccessible again, as right after mw_platform_reserve: their memory
 * (and any image mapped there) is returned to the system, and after
 * mw_platform_protect(READ|WRITE) they read as zero. Used to reset a memory for reuse
 * without unmapping it. (Keeping the protection would need it as an argument: Linux
 * cannot zero image-backed pages in place, nor Windows decommit without it.) */
int mw_platform_decommit(void *addr, size_t size);

/* Release a whole reservation made by mw_platform_reserve (same base and size). */
int mw_platform_unmap(void *addr, size_t size);

/* A copy-on-write memory image: bytes that can be mapped privately, many times, at
 * page-aligned addresses inside reservations. */
typedef struct mw_platform_image mw_platform_image;

/*
 * Create an image holding a copy of data[0..len) (len is a multiple of the page size).
 * Returning 0 with *out == NULL is allowed and means "images not supported here": the
 * core then copies the bytes itself.
 */
int mw_platform_image_new(const uint8_t *data, size_t len, mw_platform_image **out);

/* Map the image's len bytes (its full length) readable and writable at addr, which lies
 * page-aligned inside a reservation; writes go to private copies of the pages and never
 * reach the image or other mappings of it. Replaces whatever was at those pages. */
int mw_platform_image_map_at(mw_platform_image *img, void *addr, size_t len);

/* Free an image; its existing mappings stay valid. */
void mw_platform_image_free(mw_platform_image *img);

/* ------------------------------------------------------------ native code */

#if defined(MW_PLATFORM_CODE) && MW_PLATFORM_CODE && \
    !(defined(MW_PLATFORM_VM) && MW_PLATFORM_VM)
#  error "MW_PLATFORM_CODE needs MW_PLATFORM_VM (code is written into reservations)"
#endif

/*
 * Group CODE (needs VM): publish native code. addr/size: page-aligned, inside a
 * reservation from mw_platform_reserve whose pages were made READ|WRITE with
 * mw_platform_protect and filled by the core. Make the range readable and executable,
 * no longer writable, and make the instruction cache of every core see the new bytes
 * (on x86-64 nothing; on aarch64 clean the data cache to the point of unification and
 * invalidate the instruction cache for the range, then dsb ish + isb). Size 0 is a
 * successful no-op. Returns 0 on success, -1 on failure (not an error number: the
 * core needs only success or failure). Unmapping stays mw_platform_unmap.
 */
int mw_platform_publish_code(void *addr, size_t size);

/* ------------------------------------------------------------ native traps */

/*
 * The core's fault handler. The platform calls it from its fault (signal) handler for
 * every synchronous memory fault (SIGSEGV/SIGBUS on POSIX) with the faulting program
 * counter and frame pointer and, when known, the faulting data address. If the fault
 * is an out-of-bounds wasm access the handler does not return: it leaves through
 * mw_platform_longjmp. If it returns, the fault is not the core's, and the platform
 * must handle it as it would have without minwasm (e.g. restore the default action and
 * re-raise, or chain to a previous handler).
 */
typedef void (*mw_platform_trap_handler)(uintptr_t pc, uintptr_t fp, bool has_addr,
                                         uintptr_t addr);

/*
 * Install the handler for the whole process. The core calls it once per engine; the
 * platform must make repeated calls with the same handler harmless. The handler must
 * run on a stack that is usable even when the fault came from stack exhaustion (an
 * alternate signal stack on POSIX, for every thread that runs wasm), and must be
 * allowed to leave through mw_platform_longjmp (on POSIX: install with SA_NODEFER so
 * the signal is not left blocked after the jump).
 */
int mw_platform_init_traps(mw_platform_trap_handler handler);

/*
 * Call fn(arg) with a jump buffer established: *jmpbuf receives an opaque pointer to
 * it before fn runs. Returns 0 when fn returns normally, 1 when mw_platform_longjmp was
 * called with that buffer while fn was running (from fn itself or from the trap handler
 * running in its thread). The buffer is valid only until this call returns. This
 * callback style means the core needs no setjmp.h and no knowledge of jmp_buf's size.
 */
int mw_platform_setjmp(void **jmpbuf, void (*fn)(void *arg), void *arg);

/* Jump back to the mw_platform_setjmp that created jmpbuf, which then returns 1.
 * Signal-safe (it is called from the trap handler). Never returns. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
void mw_platform_longjmp(void *jmpbuf);

/* ------------------------------------------------------------ thread-local storage */

/* One pointer per thread, initially NULL. Both are signal-safe. A plain static
 * variable is a valid implementation where only one thread runs wasm. */
void *mw_platform_tls_get(void);
void mw_platform_tls_set(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
