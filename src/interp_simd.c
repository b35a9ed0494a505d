/*
 * interp_simd.c — the interpreter's SIMD instructions (prefix mwW_). The main loop
 * (interp.c) hands over at the first SIMD instruction; this loop runs every SIMD
 * instruction that follows and returns at the first other one. So SIMD-heavy code
 * stays in one tight loop, scalar code does not share its instruction cache with 230
 * handlers, and the main loop compiles as fast as without SIMD. Lanes are computed by
 * simd.h; operand layouts are the V* forms of opcodes.h.
 */
#include "mw_internal.h"
#include "opcodes.h"

#if MW_SIMD
#include "simd.h"

#define SLOT(i) fp[pc[i]]
MW_INLINE uint32_t rd32(const mw_unit *p) { uint32_t v; memcpy(&v, p, 4); return v; }
#define RD32(k) rd32(pc + (k))
MW_INLINE mwX_v128 vget(const mw_slot *p) { mwX_v128 v; memcpy(&v, p, 16); return v; }
MW_INLINE void vput(mw_slot *p, mwX_v128 v) { memcpy(p, &v, 16); }

/* As in interp.c: no bounds check with guard pages, where the access faults instead. */
#if MW_GUARD_PAGES
#  define CHECK_MEM(ea, n) ((void)memsize, (void)trap)
#else
#  define CHECK_MEM(ea, n) do { if (MW_UNLIKELY((ea) + (n) > memsize)) { \
        *trap = MW_TRAP_MEMORY_OOB; return pc; } } while (0)
#endif

/* v128 operands and results live in two consecutive slots (low half first). */
#  define VGET(i) vget(fp + pc[i])
#  define VPUT(i, v) vput(fp + pc[i], (v))
#  define BITS_I32 uint32_t
#  define BITS_F32 uint32_t
#  define BITS_I64 uint64_t
#  define BITS_F64 uint64_t
#  define H_VLD(sym, t1, t2, tr, impl) \
        case IR_##sym: { uint64_t ea = (uint64_t)(uint32_t)SLOT(2) + RD32(3); \
            CHECK_MEM(ea, t2); VPUT(1, impl(mem + ea)); pc += MW_LEN(VLD); } break;
#  define H_VST(sym, t1, t2, tr, impl) \
        case IR_##sym: { uint64_t ea = (uint64_t)(uint32_t)SLOT(1) + RD32(3); \
            CHECK_MEM(ea, 16); memcpy(mem + ea, fp + pc[2], 16); pc += MW_LEN(VST); } break;
#  define H_VLDLANE(sym, t1, t2, tr, impl) \
        case IR_##sym: { uint64_t ea = (uint64_t)(uint32_t)SLOT(2) + RD32(4); \
            CHECK_MEM(ea, t2); VPUT(1, impl(VGET(3), pc[6], mem + ea)); pc += MW_LEN(VLDLANE); } break;
#  define H_VSTLANE(sym, t1, t2, tr, impl) \
        case IR_##sym: { uint64_t ea = (uint64_t)(uint32_t)SLOT(1) + RD32(3); \
            CHECK_MEM(ea, t2); impl(VGET(2), pc[5], mem + ea); pc += MW_LEN(VSTLANE); } break;
#  define H_VSHUF(sym, t1, t2, tr, impl) \
        case IR_##sym: { uint8_t l_[16]; memcpy(l_, pc + 4, 16); \
            VPUT(1, impl(VGET(2), VGET(3), l_)); pc += MW_LEN(VSHUF); } break;
#  define H_VEXTRACT(sym, t1, t2, tr, impl) \
        case IR_##sym: { SLOT(1) = (mw_slot)impl(VGET(2), pc[3]); pc += MW_LEN(VEXTRACT); } break;
#  define H_VREPLACE(sym, t1, t2, tr, impl) \
        case IR_##sym: { VPUT(1, impl(VGET(2), pc[4], (BITS_##t1)SLOT(3))); pc += MW_LEN(VREPLACE); } break;
#  define H_VSPLAT(sym, t1, t2, tr, impl) \
        case IR_##sym: { VPUT(1, impl((BITS_##t1)SLOT(2))); pc += MW_LEN(VSPLAT); } break;
#  define H_VUN(sym, t1, t2, tr, impl) \
        case IR_##sym: { VPUT(1, impl(VGET(2))); pc += MW_LEN(VUN); } break;
#  define H_VBIN(sym, t1, t2, tr, impl) \
        case IR_##sym: { VPUT(1, impl(VGET(2), VGET(3))); pc += MW_LEN(VBIN); } break;
#  define H_VTERN(sym, t1, t2, tr, impl) \
        case IR_##sym: { VPUT(1, impl(VGET(2), VGET(3), VGET(4))); pc += MW_LEN(VTERN); } break;
#  define H_VTEST(sym, t1, t2, tr, impl) \
        case IR_##sym: { SLOT(1) = (uint32_t)impl(VGET(2)); pc += MW_LEN(VTEST); } break;
#  define H_VSHIFT(sym, t1, t2, tr, impl) \
        case IR_##sym: { VPUT(1, impl(VGET(2), (uint32_t)SLOT(3))); pc += MW_LEN(VSHIFT); } break;
#define H_ONE(kind, sym, code, name, imm, t1, t2, tr, impl) H_##kind(sym, t1, t2, tr, impl)
#define H_VCONST(...)

const mw_unit *mwW_run(mw_slot *fp, const mw_unit *pc, uint8_t *mem, uint64_t memsize,
                       mw_trap_code *trap)
{
    for (;;) {
        switch (*pc) {
        MW_OPCODES_FD(H_ONE)
        default:
            return pc;   /* not a SIMD instruction: back to the main loop */
        }
    }
}

#else
typedef int mwW_empty;   /* ISO C wants something in every translation unit */
#endif
