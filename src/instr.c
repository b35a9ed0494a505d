/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * instr.c — the instruction table as data (names, kinds, types, immediate formats,
 * translated forms) and the one reader of opcodes and immediates (instr.h).
 */
#include "instr.h"
#include "irforms.h"

#define VT_I32 MW_I32
#define VT_I64 MW_I64
#define VT_F32 MW_F32
#define VT_F64 MW_F64
#define VT_V128 MW_V128
#define VT__ 0

/* ------------------------------------------------------------------ the table as data */

#define INFO(kind, sym, code, name, imm, t1, t2, tr, impl) \
    [OP_##sym] = INFO_##kind(kind, sym, name, imm, t1, t2, tr),
#define ROW(kind, name, imm, t1, t2, tr, size, ir) \
    { name, MWO_K_##kind, MWO_IMM_##imm, t1, t2, tr, size, ir }
#define INFO_HAND(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, 0, 0, 0, 0, 0)
#define INFO_CTRL INFO_HAND
#define INFO_PARAM INFO_HAND
#define INFO_VAR INFO_HAND
#define INFO_TBL INFO_HAND
#define INFO_MEMX INFO_HAND
#define INFO_REF INFO_HAND
#define INFO_BULK INFO_HAND
#define INFO_CST(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, VT_##t1, 0, VT_##tr, 0, 0)
#define INFO_RE(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, VT_##t1, 0, VT_##tr, 0, 0)
#define INFO_GEN(kind, sym, name, imm, t1, t2, tr) \
    ROW(kind, name, imm, VT_##t1, VT_##t2, VT_##tr, 0, IR_##sym)
#define INFO_UN INFO_GEN
#define INFO_UNT INFO_GEN
#define INFO_BIN INFO_GEN
#define INFO_CMP INFO_GEN
#define INFO_BINT INFO_GEN
#define INFO_VSHUF INFO_GEN
#define INFO_VSPLAT INFO_GEN
#define INFO_VUN INFO_GEN
#define INFO_VBIN INFO_GEN
#define INFO_VTERN INFO_GEN
#define INFO_VTEST INFO_GEN
#define INFO_VSHIFT INFO_GEN
/* t2 is a size (bytes accessed, or lanes) in these. */
#define INFO_MEM(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, 0, 0, VT_##tr, t2, IR_##sym)
#define INFO_LD INFO_MEM
#define INFO_ST INFO_MEM
#define INFO_VLD INFO_MEM
#define INFO_VST(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, 0, 0, MW_V128, t2, IR_##sym)
#define INFO_VLDLANE(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, 0, 0, MW_V128, t2, IR_##sym)
#define INFO_VSTLANE INFO_VLDLANE
#define INFO_VCONST(kind, sym, name, imm, t1, t2, tr) ROW(kind, name, imm, 0, 0, MW_V128, 0, 0)
#define INFO_VEXTRACT(kind, sym, name, imm, t1, t2, tr) \
    ROW(kind, name, imm, VT_##t1, 0, VT_##tr, t2, IR_##sym)
#define INFO_VREPLACE INFO_VEXTRACT

const mwO_info mwO_tab[OP_COUNT_] = {
    MW_OPCODES(INFO) MW_OPCODES_FC(INFO) MW_OPCODES_FD(INFO)
};

/* Opcode bytes and sub-opcodes to OP_ numbers, plus one (0: no such instruction). */
#define CODE(kind, sym, code, ...) [code] = OP_##sym + 1,
const uint16_t mwO_byte[256] = { MW_OPCODES(CODE) };
static const uint16_t op_fc[18] = { MW_OPCODES_FC(CODE) };
#if MW_SIMD
static const uint16_t op_fd[256] = { MW_OPCODES_FD(CODE) };
#endif

/* ------------------------------------------------------------------ the reader */

enum { PREFIX_FC = 0xFC, PREFIX_FD = 0xFD };   /* MW_OPCODES_FC, MW_OPCODES_FD */

/*
 * The WebAssembly 3.0 encodings the core does not run are refused as MW_ERR_UNSUPPORTED
 * with a message "unsupported feature NAME: what", so that a test harness can tell a
 * missing feature from a malformed module (doc/conformance.md lists the names).
 */
#define UNSUPPORTED(feature, what) "unsupported feature " feature ": " what

/* A 3.0 reference type or heap type byte: the feature it needs, or NULL. */
static const char *type_feature(uint8_t b)
{
    switch (b) {
    case 0x69: case 0x74:            /* exnref, nullexnref; exn, noexn */
        return UNSUPPORTED("exceptions", "exception reference types");
    case 0x6E: case 0x6D: case 0x6C: case 0x6B: case 0x6A: case 0x71: case 0x72: case 0x73:
        /* anyref eqref i31ref structref arrayref nullref nullexternref nullfuncref */
        return UNSUPPORTED("gc", "GC reference types");
    case 0x63: case 0x64:            /* (ref null ht), (ref ht) */
        return UNSUPPORTED("function-references", "typed reference types");
    default:
        return NULL;
    }
}

/* An unknown type byte at r->p - 1: unsupported when 3.0 defines it, else malformed. */
static bool bad_type(mwR_reader *r, uint8_t b, const char *malformed)
{
    const char *f = type_feature(b);
    r->p--;
    if (f != NULL && (b == 0x63 || b == 0x64) && r->p + 1 < r->end) {
        const char *g = type_feature(r->p[1]);   /* the heap type decides */
        if (g != NULL && r->p[1] != 0x63 && r->p[1] != 0x64)
            f = g;
    }
    return f != NULL ? mwR_unsupported(r, f) : mwR_fail(r, malformed);
}

bool mwO_reftype(mwR_reader *r, mw_valtype *t)
{
    uint8_t b;
    if (!mwR_u8(r, &b))
        return false;
    if (b != MW_FUNCREF && b != MW_EXTERNREF)
        return bad_type(r, b, "malformed reference type");
    *t = (mw_valtype)b;
    return true;
}

/* An opcode the instruction table lacks: the 3.0 feature that defines it, or NULL.
 * sub is the LEB sub-opcode of a prefixed one. */
static const char *opcode_feature(uint8_t b, uint32_t sub)
{
    switch (b) {
    case 0x06: case 0x07: case 0x09: case 0x18: case 0x19:
        return UNSUPPORTED("exceptions", "legacy exception handling (try/catch/rethrow/delegate)");
    case 0x08: case 0x0A: case 0x1F:
        return UNSUPPORTED("exceptions", "throw, throw_ref, try_table");
    case 0x12: case 0x13: case 0x15:
        return UNSUPPORTED("tail-call", "return_call, return_call_indirect, return_call_ref");
    case 0x14: case 0xD4: case 0xD5: case 0xD6:
        return UNSUPPORTED("function-references",
                           "call_ref, ref.as_non_null, br_on_null, br_on_non_null");
    case 0xD3: case 0xFB:
        return UNSUPPORTED("gc", "ref.eq and the 0xFB instructions");
    case 0xFE:
        return UNSUPPORTED("threads", "atomic instructions (0xFE)");
    case 0xFC:
        if (sub >= 19 && sub <= 22)
            return UNSUPPORTED("wide-arithmetic", "i64.add128, i64.sub128, i64.mul_wide_*");
        return NULL;
    case 0xFD:
        if (sub >= 0x100 && sub <= 0x113)
            return UNSUPPORTED("relaxed-simd", "relaxed SIMD instructions");
        return NULL;
    default:
        return NULL;
    }
}

bool mwO_valtype(mwR_reader *r, mw_valtype *t)
{
    uint8_t b;
    if (!mwR_u8(r, &b))
        return false;
    switch (b) {
    case MW_I32: case MW_I64: case MW_F32: case MW_F64: case MW_FUNCREF: case MW_EXTERNREF:
        *t = (mw_valtype)b;
        return true;
    case MW_V128:
        *t = MW_V128;
        if (MW_SIMD)
            return true;
        r->p--;
        return mwR_unsupported(r, "SIMD (value type v128) is not supported by this build (MW_SIMD=0)");
    default:
        return bad_type(r, b, "malformed value type");
    }
}

bool mwO_u32_or_u64(mwR_reader *r, uint32_t *out, const char *what)
{
    /* Look ahead without recording anything: a u64 LEB that is not a u32 one. */
    uint64_t v = 0;
    size_t i = 0;
    bool done = false;
    for (; i < 10 && r->p + i < r->end; i++) {
        uint8_t b = r->p[i];
        v |= (uint64_t)(b & 0x7F) << (7 * i);
        if (!(b & 0x80)) {
            done = i < 9 || b <= 0x01;
            break;
        }
    }
    if (done && (i >= 5 || v > UINT32_MAX))
        return mwR_unsupported(r, what);
    return mwR_u32(r, out);
}

/* The memory index of memory.size/grow/fill/copy/init: 0 in 2.0, any in 3.0. */
static bool zero_byte(mwR_reader *r)
{
    uint8_t b;
    if (!mwR_u8(r, &b))
        return false;
    if (b == 0)
        return true;
    r->p--;
    return mwR_unsupported(r, UNSUPPORTED("multi-memory", "a memory index other than 0"));
}

/* A memarg: flags (the alignment, and with bit 6 a memory index follows: 3.0 multiple
 * memories), then the offset. */
static bool memarg(mwR_reader *r, mwO_insn *in)
{
    size_t at = mwR_offset(r);
    if (!mwR_u32(r, &in->a))
        return false;
    if (in->a >= 0x80) {
        r->p = r->base + at;
        return mwR_fail(r, "malformed memop flags");
    }
    if (in->a & 0x40) {
        uint32_t mem;
        size_t mat = mwR_offset(r);
        if (!mwR_u32(r, &mem))
            return false;
        if (mem != 0) {
            r->p = r->base + mat;
            return mwR_unsupported(r, UNSUPPORTED("multi-memory", "a memory index other than 0"));
        }
        in->a &= ~0x40u;
    }
    return mwO_u32_or_u64(r, &in->b, UNSUPPORTED("memory64", "a 64-bit memory offset"));
}

static bool read_imm(mwR_reader *r, mwO_insn *in, uint8_t imm)
{
    int64_t s;
    uint32_t x;
    uint8_t b;
    mw_valtype t;
    switch (imm) {
    case MWO_IMM_NONE:
        return true;
    case MWO_IMM_BLOCKTYPE:
        /* 0x40 (none), one value type byte (a negative one-byte s33), or a type index
         * (a non-negative s33). */
        if (r->p < r->end && *r->p >= 0x40 && *r->p < 0x80) {
            if (*r->p == 0x40)
                r->p++;
            else if (!mwO_valtype(r, &t))
                return false;
            in->v = (uint64_t)(int64_t)((int)r->p[-1] - 0x80);
            return true;
        }
        if (!mwR_s33(r, &s))
            return false;
        if (s < 0)
            return mwR_fail(r, "malformed block type");
        in->v = (uint64_t)s;
        return true;
    case MWO_IMM_LABEL: case MWO_IMM_FUNC: case MWO_IMM_LOCAL: case MWO_IMM_GLOBAL:
    case MWO_IMM_TABLE: case MWO_IMM_DATA: case MWO_IMM_ELEM:
        return mwR_u32(r, &in->a);
    case MWO_IMM_BRTABLE:
        if (!mwR_u32(r, &in->a))
            return false;
        in->bytes = r->p;
        for (uint64_t i = 0; i <= in->a; i++)
            if (!mwR_u32(r, &x))
                return false;
        return true;
    case MWO_IMM_CALLIND: case MWO_IMM_ELEM_TABLE: case MWO_IMM_TABLE_TABLE:
        return mwR_u32(r, &in->a) && mwR_u32(r, &in->b);
    case MWO_IMM_VALTYPES:
        if (!mwR_u32(r, &in->a))
            return false;
        for (uint32_t i = 0; i < in->a; i++) {
            if (!mwO_valtype(r, &t))
                return false;
            if (i == 0)
                in->b = t;
        }
        return true;
    case MWO_IMM_MEMARG:
        return memarg(r, in);
    case MWO_IMM_MEMARG_LANE:
        return memarg(r, in) && mwR_u8(r, &in->lane);
    case MWO_IMM_MEM0:
        return zero_byte(r);
    case MWO_IMM_MEM0_MEM0:
        return zero_byte(r) && zero_byte(r);
    case MWO_IMM_DATA_MEM0:
        return mwR_u32(r, &in->a) && zero_byte(r);
    case MWO_IMM_CI32: {
        int32_t v;
        if (!mwR_s32(r, &v))
            return false;
        in->v = (uint32_t)v;
        return true;
    }
    case MWO_IMM_CI64:
        if (!mwR_s64(r, &s))
            return false;
        in->v = (uint64_t)s;
        return true;
    case MWO_IMM_CF32:
        if (!mwR_f32(r, &x))
            return false;
        in->v = x;
        return true;
    case MWO_IMM_CF64:
        return mwR_f64(r, &in->v);
    case MWO_IMM_REFTYPE:   /* a heap type: 3.0 also has type indices (s33 >= 0) */
        if (!mwR_u8(r, &b))
            return false;
        if (b != MW_FUNCREF && b != MW_EXTERNREF) {
            if (b < 0x40 || type_feature(b) != NULL) {
                r->p--;
                return mwR_unsupported(r, b < 0x40 ? UNSUPPORTED("function-references",
                                                                 "a typed null reference")
                                                   : type_feature(b));
            }
            r->p--;
            return mwR_fail(r, "malformed reference type");
        }
        in->a = b;
        return true;
    case MWO_IMM_V128: case MWO_IMM_SHUFFLE:
        if (mwR_left(r) < 16) {
            r->p = r->end;
            return mwR_fail(r, MWR_EOF_MSG);
        }
        return mwR_bytes(r, 16, &in->bytes);
    case MWO_IMM_LANE:
        return mwR_u8(r, &in->lane);
    default:
        return mwR_fail(r, "illegal opcode");
    }
}

bool mwO_read_any(mwR_reader *r, mwO_insn *in)
{
    uint8_t b;
    uint32_t sub = 0;
    uint16_t id;
    in->at = mwR_offset(r);
    in->a = in->b = 0;
    in->v = 0;
    in->lane = 0;
    in->bytes = NULL;
    if (!mwR_u8(r, &b))
        return false;
    if (b == PREFIX_FC) {
        if (!mwR_u32(r, &sub))
            return false;
        id = sub < sizeof op_fc / sizeof op_fc[0] ? op_fc[sub] : 0;
    } else if (b == PREFIX_FD) {
#if MW_SIMD
        if (!mwR_u32(r, &sub))
            return false;
        id = sub < sizeof op_fd / sizeof op_fd[0] ? op_fd[sub] : 0;
#else
        r->p = r->base + in->at;
        return mwR_unsupported(r, "SIMD (0xFD instructions) is not supported by this build (MW_SIMD=0)");
#endif
    } else {
        id = mwO_byte[b];
    }
    if (!id) {
        const char *f = opcode_feature(b, b >= 0xFC ? sub : 0);
        r->p = r->base + in->at;
        return f != NULL ? mwR_unsupported(r, f) : mwR_fail(r, "illegal opcode");
    }
    in->op = (uint16_t)(id - 1);
    return read_imm(r, in, mwO_tab[in->op].imm);
}

/* ------------------------------------------------------------------ translated forms */

#define MWO_LEN(ir, name, lay) [ir] = (uint8_t)sizeof(lay),
#define MWO_GEN_LEN(...) GEN(MWO_LEN, __VA_ARGS__)
#define MWO_HAND_LEN(...) HAND(MWO_LEN, __VA_ARGS__)
static const uint8_t irlen_tab[IR_COUNT_] = {
    MW_IRFORMS(MWO_GEN_LEN, MWO_HAND_LEN)
};

/* Each translated opcode's form, whose name and layout it has: itself, a pair's or
 * chain's first form, or a replica's form. One load and no branch: every walk over
 * translated code reads it once per instruction (through mwO_irlen). */
#define MWO_SELF(ir, name, lay) [ir] = ir,
#define MWO_GEN_SELF(...) GEN(MWO_SELF, __VA_ARGS__)
#define MWO_HAND_SELF(...) HAND(MWO_SELF, __VA_ARGS__)
#define MWO_FIRST_OF(a, b) [IR_P_##a##_##b] = IR_##a,
#define MWO_REPLICA_K(x, k) [IR_R##k##_##x] = IR_##x,
#define MWO_REPLICA_OF(x) MW_EACH_REPLICA(MWO_REPLICA_K, x)
static const mw_unit form_tab[IR_COUNT_] = {
    MW_IRFORMS(MWO_GEN_SELF, MWO_HAND_SELF)
    MW_PAIRS(MWO_FIRST_OF) MW_CHAINS(MWO_FIRST_OF) MW_REPLICAS(MWO_REPLICA_OF)
};
#undef MWO_REPLICA_OF
#undef MWO_REPLICA_K
#undef MWO_FIRST_OF

mw_unit mwO_first_form(mw_unit op)
{
    return form_tab[op];
}

uint32_t mwO_irlen(const mw_unit *pc)
{
    if (pc[0] == IR_BR_TABLE || pc[0] == IR_BR_TABLE_ACC) {
        uint32_t n = pc[2] | (uint32_t)pc[3] << 16;
        return (uint32_t)sizeof(MW_LAY_BR) - 1 + 2 * (n + 1);   /* [op s Ii] + offsets */
    }
    return irlen_tab[mwO_first_form(pc[0])];   /* a pair keeps its first's layout */
}
