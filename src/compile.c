/*
 * compile.c — validate a function body and translate it, in the same single pass, into
 * the register-style code that interp.c runs (see doc/dispatch.md).
 *
 * Every wasm operand-stack position h has a fixed frame slot, nlocals + h, known at
 * validation time. Instructions name their operand and result slots directly, so the
 * interpreter never pushes or pops. Two cheap rewrites remove most copies:
 *   - local.get pushes an *alias* (the local's own slot) instead of copying it; an alias
 *     is materialised (copied to its natural slot) only when the local is overwritten
 *     while the alias is live, or at a block boundary;
 *   - local.set/tee right after the instruction that produced the value patches that
 *     instruction's destination to the local, and a constant right before a binary
 *     operator becomes the operator's immediate operand.
 * Branch targets are resolved here (forward branches through fixup chains), so the
 * interpreter never searches for a block end or decodes LEB128.
 */
#include "mw_internal.h"
#include "read.h"
#include "opcodes.h"

#define T_ANY 0   /* the unknown type of values popped from a polymorphic stack */

enum { K_NONE, K_CTRL, K_PARAM, K_VAR, K_TBL, K_LD, K_ST, K_MEMX, K_CST, K_UN, K_BIN, K_CMP,
       K_UNT, K_BINT, K_RE, K_REF, K_BULK };

typedef struct opinfo { uint8_t kind, t1, t2, tr; uint16_t ir; } opinfo;

#define VT_I32 MW_I32
#define VT_I64 MW_I64
#define VT_F32 MW_F32
#define VT_F64 MW_F64
#define VT__ 0
#define OPI(kind, sym, code, name, t1, t2, tr, impl) OPI_##kind(sym, code, t1, t2, tr)
#define OPI_UN(sym, code, t1, t2, tr) [code] = { K_UN, VT_##t1, 0, VT_##tr, IR_##sym },
#define OPI_UNT(sym, code, t1, t2, tr) [code] = { K_UNT, VT_##t1, 0, VT_##tr, IR_##sym },
#define OPI_BIN(sym, code, t1, t2, tr) [code] = { K_BIN, VT_##t1, VT_##t2, VT_##tr, IR_##sym },
#define OPI_CMP(sym, code, t1, t2, tr) [code] = { K_CMP, VT_##t1, VT_##t2, VT_##tr, IR_##sym },
#define OPI_BINT(sym, code, t1, t2, tr) [code] = { K_BINT, VT_##t1, VT_##t2, VT_##tr, IR_##sym },
#define OPI_RE(sym, code, t1, t2, tr) [code] = { K_RE, VT_##t1, 0, VT_##tr, 0 },
#define OPI_LD(sym, code, t1, t2, tr) [code] = { K_LD, 0, t2, VT_##tr, IR_##sym },
#define OPI_ST(sym, code, t1, t2, tr) [code] = { K_ST, 0, t2, VT_##tr, IR_##sym },
#define OPI_CST(sym, code, t1, t2, tr) [code] = { K_CST, VT_##t1, 0, VT_##tr, 0 },
#define OPI_CTRL(sym, code, t1, t2, tr) [code] = { K_CTRL, 0, 0, 0, 0 },
#define OPI_PARAM(sym, code, t1, t2, tr) [code] = { K_PARAM, 0, 0, 0, 0 },
#define OPI_VAR(sym, code, t1, t2, tr) [code] = { K_VAR, 0, 0, 0, 0 },
#define OPI_TBL(sym, code, t1, t2, tr) [code] = { K_TBL, 0, 0, 0, 0 },
#define OPI_MEMX(sym, code, t1, t2, tr) [code] = { K_MEMX, 0, 0, 0, 0 },
#define OPI_REF(sym, code, t1, t2, tr) [code] = { K_REF, 0, 0, 0, 0 },
#define OPI_BULK(sym, code, t1, t2, tr) [code] = { K_BULK, 0, 0, 0, 0 },
static const opinfo op_table[256] = { MW_OPCODES(OPI) };
static const opinfo fc_table[18] = { MW_OPCODES_FC(OPI) };

/* One operand-stack entry: its type and the slot holding its value (natural or alias). */
typedef struct cval { uint8_t type; uint32_t slot; } cval;

enum { CK_FUNC, CK_BLOCK, CK_LOOP, CK_IF, CK_ELSE };

typedef struct cctrl {
    uint8_t kind;
    bool unreachable;
    uint32_t height;               /* operand height below the block's parameters */
    uint32_t nparams, nresults;
    const mw_valtype *params, *results;
    uint32_t target;               /* loop: position of its first instruction */
    uint32_t fixups;               /* chain of forward branch offsets to patch at end */
    uint32_t else_fix;             /* if: the BR_IFZ offset to patch at else/end */
} cctrl;

typedef struct cstate {
    mw_module *m;
    uint32_t fidx;
    mw_engine *e;
    mw_error *err;
    mwR_reader r;
    size_t op_off;                 /* byte offset of the instruction being translated */
    mw_unit *code; uint32_t ncode, capcode;
    cval *vals; uint32_t nvals, capvals;
    cctrl *ctrls; uint32_t nctrls, capctrls;
    uint32_t *scratch; uint32_t capscratch;
    mw_valtype *locals; uint32_t nlocals, nparams;
    uint32_t max_height;
    uint32_t nalias;               /* entries whose slot is a local's */
    uint32_t last_end;             /* ncode right after the last patchable instruction */
    uint32_t last_dst;             /* position of its destination operand */
    uint32_t const_pos;            /* start of the last CONST, when it is the last instr */
    uint32_t const_end;
    uint32_t cmp_pos;              /* start of the last instruction if it is a compare */
    uint32_t eqz_cmp_pos;          /* ... or, if it is an i32.eqz of a compare, the compare's */
} cstate;

#define NO_POS UINT32_MAX

/* ------------------------------------------------------------------ errors */

static bool fail(cstate *c, mw_result code, const char *msg)
{
    mwE_set(c->err, code, c->op_off, "%s", msg);
    return false;
}
static bool invalid(cstate *c, const char *msg) { return fail(c, MW_ERR_INVALID, msg); }
static bool nomem(cstate *c) { return fail(c, MW_ERR_NOMEM, "out of memory translating a function"); }

/* ------------------------------------------------------------------ emission */

static mw_unit *reserve(cstate *c, uint32_t n)
{
    if (c->ncode + n > c->capcode &&
        !mwM_grow(c->e, (void **)&c->code, &c->capcode, c->ncode + n, sizeof(mw_unit))) {
        nomem(c);
        return NULL;
    }
    mw_unit *p = c->code + c->ncode;
    c->ncode += n;
    return p;
}

#define EMIT(n) mw_unit *w = reserve(c, n); if (!w) return false

/* 32-bit immediates, indices and branch offsets take two units, low half first. */
static void put32(mw_unit *p, uint32_t v) { p[0] = (mw_unit)v; p[1] = (mw_unit)(v >> 16); }
static uint32_t get32(const mw_unit *p) { return p[0] | (uint32_t)p[1] << 16; }
static void put64(mw_unit *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 2, (uint32_t)(v >> 32)); }
static uint64_t get64(const mw_unit *p) { return get32(p) | (uint64_t)get32(p + 2) << 32; }

/* A label is bound here: nothing emitted before may be patched any more. */
static void barrier(cstate *c) { c->last_end = NO_POS; c->const_end = NO_POS; }

static void mark_result(cstate *c, uint32_t dst_pos)
{
    c->last_dst = dst_pos;
    c->last_end = c->ncode;
    c->const_end = NO_POS;
    c->cmp_pos = NO_POS;
    c->eqz_cmp_pos = NO_POS;
}

/* ------------------------------------------------------------------ operand stack */

static uint32_t natural(cstate *c, uint32_t h) { return c->nlocals + h; }

static bool push(cstate *c, uint8_t type, uint32_t slot)
{
    /* Slots are 16-bit operands (nslots also counts one spare). */
    if (c->nlocals + c->nvals + 2 > MW_MAX_SLOTS)
        return fail(c, MW_ERR_LIMIT, "function needs more than 65535 value slots");
    if (c->nvals == c->capvals &&
        !mwM_grow(c->e, (void **)&c->vals, &c->capvals, c->nvals + 1, sizeof(cval)))
        return nomem(c);
    c->vals[c->nvals].type = type;
    c->vals[c->nvals].slot = slot;
    if (slot < c->nlocals) c->nalias++;
    c->nvals++;
    if (c->nvals > c->max_height) c->max_height = c->nvals;
    return true;
}

/* Push a value computed into its natural slot; returns that slot. */
static bool push_new(cstate *c, uint8_t type, uint32_t *slot)
{
    *slot = natural(c, c->nvals);
    return push(c, type, *slot);
}

static cctrl *top_ctrl(cstate *c) { return &c->ctrls[c->nctrls - 1]; }

static bool pop_any(cstate *c, cval *out)
{
    cctrl *f = top_ctrl(c);
    if (c->nvals == f->height) {
        if (!f->unreachable) return invalid(c, "type mismatch: operand stack is empty");
        out->type = T_ANY;
        out->slot = natural(c, c->nvals);
        return true;
    }
    *out = c->vals[--c->nvals];
    if (out->slot < c->nlocals) c->nalias--;
    return true;
}

static bool pop_t(cstate *c, uint8_t want, cval *out)
{
    if (!pop_any(c, out)) return false;
    if (out->type != want && out->type != T_ANY && want != T_ANY)
        return invalid(c, "type mismatch");
    return true;
}

static bool is_valtype(uint8_t b)
{
    return b == MW_I32 || b == MW_I64 || b == MW_F32 || b == MW_F64 ||
           b == MW_FUNCREF || b == MW_EXTERNREF;
}

static bool is_ref(uint8_t t) { return t == MW_FUNCREF || t == MW_EXTERNREF; }
static bool is_num(uint8_t t) { return t == MW_I32 || t == MW_I64 || t == MW_F32 || t == MW_F64; }

/* Copy entry i to its natural slot if it is an alias. */
static bool materialize(cstate *c, uint32_t i)
{
    cval *v = &c->vals[i];
    uint32_t nat = natural(c, i);
    if (v->slot == nat) return true;
    EMIT(3);
    w[0] = IR_COPY; w[1] = (mw_unit)nat; w[2] = (mw_unit)v->slot;
    if (v->slot < c->nlocals) c->nalias--;
    v->slot = nat;
    c->const_end = NO_POS;
    c->last_end = NO_POS;
    return true;
}

static bool materialize_from(cstate *c, uint32_t from)
{
    for (uint32_t i = from; i < c->nvals && c->nalias; i++)
        if (!materialize(c, i)) return false;
    return true;
}

/* Before local x is written: no live alias may still read it. */
static bool materialize_local(cstate *c, uint32_t x)
{
    if (!c->nalias) return true;
    for (uint32_t i = 0; i < c->nvals; i++)
        if (c->vals[i].slot == x && !materialize(c, i)) return false;
    return true;
}

static bool local_aliased(cstate *c, uint32_t x)
{
    if (!c->nalias) return false;
    for (uint32_t i = 0; i < c->nvals; i++)
        if (c->vals[i].slot == x) return true;
    return false;
}

/* ------------------------------------------------------------------ control */

static bool push_ctrl(cstate *c, uint8_t kind, cctrl *proto)
{
    if (c->nctrls == c->capctrls &&
        !mwM_grow(c->e, (void **)&c->ctrls, &c->capctrls, c->nctrls + 1, sizeof(cctrl)))
        return nomem(c);
    cctrl *f = &c->ctrls[c->nctrls++];
    *f = *proto;
    f->kind = kind;
    f->unreachable = false;
    f->height = c->nvals - f->nparams;
    f->fixups = 0;
    f->else_fix = 0;
    f->target = c->ncode;
    return true;
}

static uint32_t label_arity(const cctrl *f) { return f->kind == CK_LOOP ? f->nparams : f->nresults; }
static const mw_valtype *label_types(const cctrl *f)
{
    return f->kind == CK_LOOP ? f->params : f->results;
}

/* Read a block type into proto (params/results). */
static bool read_blocktype(cstate *c, cctrl *proto)
{
    proto->nparams = proto->nresults = 0;
    proto->params = proto->results = NULL;
    uint8_t b;
    if (c->r.p >= c->r.end) return mwR_u8(&c->r, &b);   /* reports the unexpected end */
    b = *c->r.p;
    if (b == 0x40) { c->r.p++; return true; }
    /* One-value block types point at constants: frames move when the array grows. */
    static const mw_valtype single[] = { MW_I32, MW_I64, MW_F32, MW_F64, MW_FUNCREF, MW_EXTERNREF };
    for (uint32_t i = 0; i < sizeof single / sizeof single[0]; i++) {
        if (b != (uint8_t)single[i]) continue;
        c->r.p++;
        proto->results = &single[i];
        proto->nresults = 1;
        return true;
    }
    int64_t idx;
    if (!mwR_s33(&c->r, &idx)) return false;
    if (idx < 0) return fail(c, MW_ERR_MALFORMED, "malformed block type");
    if ((uint64_t)idx >= c->m->ntypes) return invalid(c, "unknown type");
    const mw_functype *t = &c->m->types[idx];
    proto->nparams = t->nparams; proto->params = t->params;
    proto->nresults = t->nresults; proto->results = t->results;
    return true;
}

/* Check the block's parameters on top of the stack, leaving them in place. */
static bool check_params(cstate *c, const cctrl *proto)
{
    cctrl *cur = top_ctrl(c);
    uint32_t have = c->nvals - cur->height, np = proto->nparams;
    for (uint32_t i = 0; i < np && i < have; i++) {
        uint8_t got = c->vals[c->nvals - 1 - i].type, want = (uint8_t)proto->params[np - 1 - i];
        if (got != want && got != T_ANY) return invalid(c, "type mismatch: block parameters");
    }
    if (have >= np) return true;
    if (!cur->unreachable) return invalid(c, "type mismatch: missing block parameters");
    /* Dead code under a polymorphic stack: the values never exist, only their types. */
    cval v;
    while (c->nvals > cur->height) (void)pop_any(c, &v);
    for (uint32_t i = 0; i < np; i++)
        if (!push(c, (uint8_t)proto->params[i], natural(c, c->nvals))) return false;
    return true;
}

/* Append a forward branch offset word at position pos to f's fixup chain. */
static void add_fixup(cstate *c, cctrl *f, uint32_t pos)
{
    put32(c->code + pos, f->fixups);
    f->fixups = pos;
}

/* Branch offsets are relative to the offset field's own position. */
static void set_target(cstate *c, uint32_t pos, uint32_t target)
{
    put32(c->code + pos, (uint32_t)((int32_t)target - (int32_t)pos));
}

static void patch_chain(cstate *c, uint32_t chain, uint32_t target)
{
    while (chain) {
        uint32_t next = get32(c->code + chain);
        set_target(c, chain, target);
        chain = next;
    }
}

/* Make the branch offset field at pos point at label f. */
static void link_label(cstate *c, cctrl *f, uint32_t pos)
{
    if (f->kind == CK_LOOP) set_target(c, pos, f->target);
    else add_fixup(c, f, pos);
}

/* Check the top label-arity values against label f's types. Values stay on the stack. */
static bool check_label_values(cstate *c, cctrl *f, uint32_t *n)
{
    uint32_t arity = label_arity(f);
    const mw_valtype *types = label_types(f);
    cctrl *cur = top_ctrl(c);
    for (uint32_t i = 0; i < arity; i++) {
        uint8_t want = (uint8_t)types[arity - 1 - i];
        if (c->nvals < cur->height + i + 1) {
            if (!cur->unreachable) return invalid(c, "type mismatch: not enough values for branch");
            continue;
        }
        uint8_t got = c->vals[c->nvals - 1 - i].type;
        if (got != want && got != T_ANY) return invalid(c, "type mismatch in branch");
    }
    *n = arity;
    return true;
}

/* True when a branch to f would need copies to move its values into the label slots. */
static bool needs_moves(cstate *c, cctrl *f, uint32_t arity)
{
    cctrl *cur = top_ctrl(c);
    if (c->nvals < arity || c->nvals - arity < cur->height) return false; /* unreachable */
    uint32_t base = c->nvals - arity;
    for (uint32_t i = 0; i < arity; i++)
        if (c->vals[base + i].slot != natural(c, f->height + i)) return true;
    return false;
}

/* Emit the copies that move the branch values into label f's slots. */
static bool emit_moves(cstate *c, cctrl *f, uint32_t arity)
{
    cctrl *cur = top_ctrl(c);
    if (c->nvals < arity || c->nvals - arity < cur->height) return true; /* unreachable */
    uint32_t base = c->nvals - arity;
    /* Destinations lie at or below the sources, so ascending order is overlap-safe;
     * aliases read locals, which lie below every destination. */
    for (uint32_t i = 0; i < arity; i++) {
        uint32_t dst = natural(c, f->height + i), src = c->vals[base + i].slot;
        if (dst == src) continue;
        EMIT(3);
        w[0] = IR_COPY; w[1] = (mw_unit)dst; w[2] = (mw_unit)src;
    }
    return true;
}

/*
 * Emit a conditional branch on cnd (taken when cnd != 0, or when it is 0 if when_zero)
 * and return the position of its offset word. When cnd was computed by the compare
 * just emitted, the compare itself becomes the branch (its BRT_/BRF_ form, same
 * length: the destination word goes, the offset word comes); an i32.eqz just emitted
 * is folded by inverting the test.
 */
static bool emit_cond_br(cstate *c, cval cnd, bool when_zero, uint32_t *off_pos)
{
    bool fresh = c->last_end == c->ncode && cnd.slot == natural(c, c->nvals) &&
                 c->code[c->last_dst] == cnd.slot;
    if (fresh && c->cmp_pos != NO_POS) {
        /* [cmp, dst, a, b...] -> [br-cmp, a, b..., off, off]: dst goes, the offset comes. */
        uint32_t pos = c->cmp_pos, len = c->ncode - pos;
        if (!reserve(c, 1)) return false;
        /* opcodes.h lays out X, X_RI, BRT_X, BRT_X_RI, BRF_X, BRF_X_RI in a row. */
        mw_unit op = (mw_unit)(c->code[pos] + (when_zero ? 4u : 2u));
        for (uint32_t i = 1; i + 1 < len; i++) c->code[pos + i] = c->code[pos + i + 1];
        c->code[pos] = op;
        *off_pos = pos + len - 1;
        barrier(c);
        return true;
    }
    if (fresh && c->last_dst >= 1 && c->last_end == c->last_dst + 2 &&
        c->code[c->last_dst - 1] == IR_I32_EQZ) {
        uint32_t pos = c->last_dst - 1;
        if (c->eqz_cmp_pos != NO_POS) {
            /* [cmp, t, a, b..][eqz, u, t] -> the compare branching the other way; t and u
             * had no other reader. */
            c->ncode = pos;
            c->cmp_pos = c->eqz_cmp_pos;
            c->last_dst = c->cmp_pos + 1;
            c->last_end = pos;
            cnd.slot = c->code[c->last_dst];
            return emit_cond_br(c, cnd, !when_zero, off_pos);
        }
        /* [eqz, dst, a] -> [br_if(z), a, off, off] */
        if (!reserve(c, 1)) return false;
        c->code[pos] = when_zero ? IR_BR_IF : IR_BR_IFZ;
        c->code[pos + 1] = c->code[pos + 2];
        *off_pos = pos + 2;
        barrier(c);
        return true;
    }
    mw_unit *w = reserve(c, 4);
    if (!w) return false;
    w[0] = when_zero ? IR_BR_IFZ : IR_BR_IF;
    w[1] = (mw_unit)cnd.slot;
    *off_pos = c->ncode - 2;
    barrier(c);
    return true;
}

/* Unconditional jump to label f (moves included). */
static bool emit_br(cstate *c, cctrl *f)
{
    uint32_t arity;
    if (!check_label_values(c, f, &arity)) return false;
    if (!emit_moves(c, f, arity)) return false;
    EMIT(3);
    w[0] = f->kind == CK_LOOP ? IR_BR_BACK : IR_BR;
    link_label(c, f, c->ncode - 2);
    return true;
}

static bool set_unreachable(cstate *c)
{
    cctrl *f = top_ctrl(c);
    for (uint32_t i = f->height; i < c->nvals; i++)
        if (c->vals[i].slot < c->nlocals) c->nalias--;
    c->nvals = f->height;
    f->unreachable = true;
    barrier(c);
    return true;
}

static bool read_label(cstate *c, cctrl **out)
{
    uint32_t depth;
    if (!mwR_u32(&c->r, &depth)) return false;
    if (depth >= c->nctrls) return invalid(c, "unknown label");
    *out = &c->ctrls[c->nctrls - 1 - depth];
    return true;
}

/* Emit the return sequence for the results on top of the stack. */
static bool emit_return(cstate *c)
{
    cctrl *fn = &c->ctrls[0];
    uint32_t n;
    if (!check_label_values(c, fn, &n)) return false;
    cctrl *cur = top_ctrl(c);
    if (c->nvals < n || c->nvals - n < cur->height) {   /* unreachable: any code will do */
        EMIT(2);
        w[0] = IR_TRAP; w[1] = MW_TRAP_UNREACHABLE;
        return true;
    }
    if (n == 0) { EMIT(1); w[0] = IR_RET0; return true; }
    if (n == 1) { EMIT(2); w[0] = IR_RET1; w[1] = (mw_unit)c->vals[c->nvals - 1].slot; return true; }
    if (!materialize_from(c, c->nvals - n)) return false;
    EMIT(2);
    w[0] = IR_RET; w[1] = (mw_unit)natural(c, c->nvals - n);
    return true;
}

/* ------------------------------------------------------------------ instructions */

/* Check the results at the end of a block arm (settle_results put them in their
 * natural slots) and leave them on the stack as the block's results. */
static bool op_end(cstate *c, bool at_else)
{
    cctrl *f = top_ctrl(c);
    cval v;
    for (uint32_t i = f->nresults; i-- > 0;)
        if (!pop_t(c, (uint8_t)f->results[i], &v)) return false;
    if (c->nvals != f->height) return invalid(c, "type mismatch: values remain at end of block");
    if (f->kind == CK_IF && !at_else) {
        /* Without else, the false path passes the parameters through as results. */
        bool same = f->nparams == f->nresults;
        for (uint32_t i = 0; same && i < f->nparams; i++) same = f->params[i] == f->results[i];
        if (!same) return invalid(c, "type mismatch: if without else");
    }
    for (uint32_t i = 0; i < f->nresults; i++)
        if (!push(c, (uint8_t)f->results[i], natural(c, c->nvals))) return false;
    return true;
}

/* Materialise the fallthrough results of the current block, before popping its frame. */
static bool settle_results(cstate *c)
{
    cctrl *f = top_ctrl(c);
    if (f->unreachable) return true;
    uint32_t from = c->nvals >= f->nresults ? c->nvals - f->nresults : 0;
    if (from < f->height) from = f->height;
    return materialize_from(c, from);
}

static bool translate(cstate *c);

/* Decode body fidx without validating it: true when it is well-formed. The spec
 * decodes the whole module before validating, so malformed bytes later in a body
 * outrank a validation error the single-pass translator found earlier in it. (Across
 * bodies, decode.c keeps compiling after an invalid one and lets a malformed one win.) */
static bool scan_body(mw_module *m, uint32_t fidx, mw_error *err)
{
    mwi_func *fn = &m->funcs[fidx];
    mwR_reader r;
    r.base = m->bytes; r.p = m->bytes + fn->body_off; r.end = r.p + fn->body_len; r.err = err;
    uint32_t n, x, depth = 1;
    uint8_t op, b;
    uint64_t total = 0;
    int64_t i64;
    int32_t i32;
    uint64_t u64;
    uint32_t u32;
    if (!mwR_u32(&r, &n)) return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!mwR_u32(&r, &x) || !mwR_u8(&r, &b)) return false;
        if ((total += x) > 0xFFFFFFFFu) return mwR_fail(&r, "too many locals");
    }
    while (depth) {
        if (!mwR_u8(&r, &op)) return false;
        const opinfo *oi = &op_table[op];
        switch (op) {
        case 0x02: case 0x03: case 0x04:
            depth++;
            if (r.p < r.end && (*r.p == 0x40 || is_valtype(*r.p))) r.p++;
            else if (!mwR_s33(&r, &i64)) return false;
            break;
        case 0x0B: depth--; break;
        case 0x0C: case 0x0D: case 0x10: case 0x20: case 0x21: case 0x22: case 0x23:
        case 0x24: case 0x25: case 0x26: case 0xD2:
            if (!mwR_u32(&r, &x)) return false;
            break;
        case 0x0E:
            if (!mwR_u32(&r, &n)) return false;
            for (uint64_t i = 0; i <= n; i++) if (!mwR_u32(&r, &x)) return false;
            break;
        case 0x11: if (!mwR_u32(&r, &x) || !mwR_u32(&r, &x)) return false; break;
        case 0x1C:
            if (!mwR_u32(&r, &n)) return false;
            for (uint32_t i = 0; i < n; i++) if (!mwR_u8(&r, &b)) return false;
            break;
        case 0x3F: case 0x40:
            if (!mwR_u8(&r, &b)) return false;
            if (b) return mwR_fail(&r, "zero byte expected");
            break;
        case 0x41: if (!mwR_s32(&r, &i32)) return false; break;
        case 0x42: if (!mwR_s64(&r, &i64)) return false; break;
        case 0x43: if (!mwR_f32(&r, &u32)) return false; break;
        case 0x44: if (!mwR_f64(&r, &u64)) return false; break;
        case 0xD0: if (!mwR_u8(&r, &b)) return false; break;
        case 0xFC:
            if (!mwR_u32(&r, &x)) return false;
            if (x > 17) return mwR_fail(&r, "illegal opcode");
            if (x == 8 || x == 12 || x == 14) { if (!mwR_u32(&r, &u32)) return false; }
            if (x == 9 || x == 13 || x >= 15) { if (!mwR_u32(&r, &u32)) return false; }
            if (x == 8 || x == 10 || x == 11) { if (!mwR_u8(&r, &b)) return false; }
            if (x == 10) { if (!mwR_u8(&r, &b)) return false; }
            if (x == 12 || x == 14) { if (!mwR_u32(&r, &u32)) return false; }
            break;
        default:
            if (oi->kind == K_LD || oi->kind == K_ST) {
                if (!mwR_u32(&r, &x) || !mwR_u32(&r, &x)) return false;
            } else if (oi->kind == K_NONE) {
                return mwR_fail(&r, "illegal opcode");
            }
            break;
        }
    }
    if (r.p != r.end) return mwR_fail(&r, "section size mismatch: bytes after function end");
    return true;
}

static mw_result compile_one(mw_module *m, uint32_t fidx, mw_error *err);

mw_result mwC_compile(mw_module *m, uint32_t fidx, mw_error *err)
{
    mw_result r = compile_one(m, fidx, err);
    if (r != MW_ERR_INVALID && r != MW_ERR_LIMIT) return r;
    mw_error e2;
    mwE_clear(&e2);
    if (!scan_body(m, fidx, &e2) && e2.code == MW_ERR_MALFORMED) {
        if (err) *err = e2;
        return MW_ERR_MALFORMED;
    }
    return r;
}

static mw_result compile_one(mw_module *m, uint32_t fidx, mw_error *err)
{
    cstate cs, *c = &cs;
    memset(c, 0, sizeof *c);
    c->m = m;
    c->fidx = fidx;
    c->e = m->engine;
    c->err = err;
    mwi_func *fn = &m->funcs[fidx];
    c->r.base = m->bytes;
    c->r.p = m->bytes + fn->body_off;
    c->r.end = c->r.p + fn->body_len;
    c->r.err = err;
    c->op_off = fn->body_off;
    barrier(c);
    bool ok = translate(c);
    if (ok) {
        fn->code.ops = c->code;
        fn->code.nops = c->ncode;
        fn->code.nparams = c->nparams;
        fn->code.nlocals = c->nlocals;
        fn->code.nslots = c->nlocals + c->max_height + 1;
        fn->code.nresults = m->types[fn->type].nresults;
        c->code = NULL;
    }
    mwM_free(c->e, c->code, (size_t)c->capcode * sizeof(mw_unit));
    mwM_free(c->e, c->vals, (size_t)c->capvals * sizeof(cval));
    mwM_free(c->e, c->ctrls, (size_t)c->capctrls * sizeof(cctrl));
    mwM_free(c->e, c->scratch, (size_t)c->capscratch * sizeof(uint32_t));
    mwM_free(c->e, c->locals, (size_t)c->nlocals * sizeof(mw_valtype));
    if (ok) {
        /* Keep exactly nops words: module.c frees the code with that size. */
        mw_unit *exact = mwM_realloc(c->e, fn->code.ops, (size_t)c->capcode * sizeof(mw_unit),
                                      (size_t)fn->code.nops * sizeof(mw_unit));
        if (!exact) {
            mwM_free(c->e, fn->code.ops, (size_t)c->capcode * sizeof(mw_unit));
            fn->code.ops = NULL;
            return mwE_set(err, MW_ERR_NOMEM, c->op_off, "out of memory translating a function");
        }
        fn->code.ops = exact;
        return MW_OK;
    }
    return err && err->code != MW_OK ? err->code : MW_ERR_INVALID;
}

static bool decl_locals(cstate *c, const mw_functype *ft)
{
    /* First pass: count (overflow of u32 is malformed; beyond our limit is a limit). */
    mwR_reader save = c->r;
    uint32_t ngroups;
    if (!mwR_u32(&c->r, &ngroups)) return false;
    uint64_t total = ft->nparams;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t n; uint8_t t;
        if (!mwR_u32(&c->r, &n) || !mwR_u8(&c->r, &t)) return false;
        total += n;
        if (total > 0xFFFFFFFFu)
            return fail(c, MW_ERR_MALFORMED, "too many locals");
        if (!is_valtype(t)) {
            c->op_off = (size_t)(c->r.p - c->r.base) - 1;
            return fail(c, MW_ERR_MALFORMED, t == MW_V128 ? "SIMD is not supported (v128 local)"
                                                          : "malformed value type");
        }
    }
    if (total > MW_MAX_LOCALS)
        return fail(c, MW_ERR_LIMIT, "too many locals for this implementation");
    c->nlocals = (uint32_t)total;
    c->nparams = ft->nparams;
    if (total) {
        c->locals = mwM_alloc(c->e, (size_t)total * sizeof(mw_valtype));
        if (!c->locals) return nomem(c);
    }
    for (uint32_t i = 0; i < ft->nparams; i++) c->locals[i] = ft->params[i];
    c->r = save;
    (void)mwR_u32(&c->r, &ngroups);
    uint32_t k = ft->nparams;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t n = 0; uint8_t t = 0;
        (void)mwR_u32(&c->r, &n); (void)mwR_u8(&c->r, &t);
        for (uint32_t j = 0; j < n; j++) c->locals[k++] = (mw_valtype)t;
    }
    return true;
}

static bool need_memory(cstate *c)
{
    if (c->m->nmems == 0) return invalid(c, "unknown memory 0");
    return true;
}

static bool read_memarg(cstate *c, uint32_t size, uint32_t *offset)
{
    uint32_t align;
    if (!mwR_u32(&c->r, &align) || !mwR_u32(&c->r, offset) || !need_memory(c)) return false;
    if (align >= 32 || (1u << align) > size)
        return invalid(c, "alignment must not be larger than natural");
    return true;
}


static bool zero_byte(cstate *c)
{
    uint8_t b;
    if (!mwR_u8(&c->r, &b)) return false;
    if (b != 0) return fail(c, MW_ERR_MALFORMED, "zero byte expected");
    return true;
}

static bool read_table(cstate *c, uint32_t *x)
{
    if (!mwR_u32(&c->r, x)) return false;
    if (*x >= c->m->ntables) return invalid(c, "unknown table");
    return true;
}

/* Emit an instruction producing one value in a fresh natural slot: [op, dst, ...]. */
static bool emit_def(cstate *c, uint32_t op, uint8_t type, uint32_t nw, mw_unit **words)
{
    uint32_t dst;
    mw_unit *w = reserve(c, nw);
    if (!w || !push_new(c, type, &dst)) return false;
    w[0] = (mw_unit)op; w[1] = (mw_unit)dst;
    mark_result(c, c->ncode - nw + 1);
    *words = w;
    return true;
}

static bool emit_const(cstate *c, uint8_t type, uint64_t bits)
{
    mw_unit *w;
    bool small = type == MW_I32 || type == MW_F32 || bits <= 0xFFFFFFFFu;
    uint32_t len = small ? 4 : 6;
    if (!emit_def(c, small ? IR_CONST32 : IR_CONST64, type, len, &w)) return false;
    if (small) put32(w + 2, (uint32_t)bits);
    else put64(w + 2, bits);
    c->const_pos = c->ncode - len;
    c->const_end = c->ncode;
    return true;
}

/*
 * The address operand of a load or store: when it was computed by the i32.add (or
 * add/sub of an immediate) emitted just before, and nothing else reads it, that add is
 * dropped and the access adds it itself (its _A / _AR form), wrapping at 32 bits as the
 * add would have.
 */
enum { ADDR_PLAIN = 0, ADDR_A = 1, ADDR_AR = 2, ADDR_AS = 3 };
typedef struct addr_form { uint32_t form, extra, base, idx, imm, shift; } addr_form;

static void take_address(cstate *c, cval a, addr_form *af)
{
    af->form = ADDR_PLAIN; af->extra = 0; af->base = a.slot; af->idx = 0; af->imm = 0; af->shift = 0;
    if (c->last_end != c->ncode || c->last_dst == 0 || a.slot != natural(c, c->nvals) ||
        c->code[c->last_dst] != a.slot)
        return;
    uint32_t pos = c->last_dst - 1, len = c->ncode - pos;
    mw_unit op = c->code[pos];
    if ((op == IR_I32_ADD_RI || op == IR_I32_SUB_RI) && len == 5) {
        uint32_t imm = get32(c->code + pos + 3);
        af->form = ADDR_A; af->extra = 2;
        af->base = c->code[pos + 2];
        af->imm = op == IR_I32_ADD_RI ? imm : 0u - imm;
    } else if (op == IR_I32_ADD && len == 4) {
        af->form = ADDR_AR; af->extra = 1;
        af->base = c->code[pos + 2];
        af->idx = c->code[pos + 3];
    } else if (op == IR_I32_ADD_SHL && len == 5) {
        af->form = ADDR_AS; af->extra = 2;
        af->base = c->code[pos + 2];
        af->idx = c->code[pos + 3];
        af->shift = c->code[pos + 4];
    } else {
        return;
    }
    c->ncode = pos;   /* the add's result had no other reader */
    barrier(c);
}

/* True when operand v (at stack height h) is the result of the i32.shl by a constant
 * emitted just before, in its natural slot, with no other reader. */
static bool fresh_shl(cstate *c, cval v, uint32_t h)
{
    return c->last_end == c->ncode && c->last_dst >= 1 && v.slot == natural(c, h) &&
           c->code[c->last_dst] == v.slot && c->code[c->last_dst - 1] == IR_I32_SHL_RI &&
           c->ncode - (c->last_dst - 1) == 5;
}

static bool op_numeric(cstate *c, const opinfo *oi)
{
    cval a, b;
    mw_unit *w;
    switch (oi->kind) {
    case K_UN: case K_UNT: {
        if (!pop_t(c, oi->t1, &a)) return false;
        /* eqz of the compare just emitted: a branch on it can invert the compare. */
        uint32_t cmp = c->last_end == c->ncode && a.slot == natural(c, c->nvals) &&
                       c->code[c->last_dst] == a.slot ? c->cmp_pos : NO_POS;
        if (!emit_def(c, oi->ir, oi->tr, 3, &w)) return false;
        w[2] = (mw_unit)a.slot;
        if (oi->ir == IR_I32_EQZ) c->eqz_cmp_pos = cmp;
        return true;
    }
    case K_RE: {
        if (!pop_t(c, oi->t1, &a)) return false;
        /* Same bits, new type: keep the slot (an alias stays an alias). */
        return push(c, oi->tr, a.slot);
    }
    case K_BIN: case K_CMP: case K_BINT: {
        /* A constant emitted just before becomes the immediate operand. */
        bool fold = oi->kind != K_BINT && c->const_end == c->ncode && c->nvals > 0 &&
                    c->vals[c->nvals - 1].slot == natural(c, c->nvals - 1) &&
                    c->nvals - 1 >= top_ctrl(c)->height;
        uint64_t imm = 0;
        uint32_t cpos = c->const_pos;
        if (fold)
            imm = c->code[cpos] == IR_CONST64 ? get64(c->code + cpos + 2) : get32(c->code + cpos + 2);
        if (!pop_t(c, oi->t2, &b) || !pop_t(c, oi->t1, &a)) return false;
        if (fold) {
            c->ncode = cpos;   /* drop the CONST: its value travels as the immediate */
            bool wide = oi->t2 == MW_I64 || oi->t2 == MW_F64;
            uint32_t len = wide ? 7 : 5;
            if (!emit_def(c, oi->ir + 1u, oi->tr, len, &w)) return false;
            w[2] = (mw_unit)a.slot;
            if (wide) put64(w + 3, imm);
            else put32(w + 3, (uint32_t)imm);
            if (oi->kind == K_CMP) c->cmp_pos = c->ncode - len;
            return true;
        }
        if (oi->ir == IR_I32_ADD) {
            /* a + (x << k) with the shift just emitted: one ADD_SHL (add commutes). */
            bool bs = fresh_shl(c, b, c->nvals + 1), as = !bs && fresh_shl(c, a, c->nvals);
            if (bs || as) {
                uint32_t pos = c->last_dst - 1, x = c->code[pos + 2];
                uint32_t k = get32(c->code + pos + 3) & 31u, other = bs ? a.slot : b.slot;
                c->ncode = pos;
                if (!emit_def(c, IR_I32_ADD_SHL, MW_I32, 5, &w)) return false;
                w[2] = (mw_unit)other; w[3] = (mw_unit)x; w[4] = (mw_unit)k;
                return true;
            }
        }
        if (!emit_def(c, oi->ir, oi->tr, 4, &w)) return false;
        w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot;
        if (oi->kind == K_CMP) c->cmp_pos = c->ncode - 4;
        return true;
    }
    case K_LD: {
        uint32_t off;
        if (!read_memarg(c, oi->t2, &off)) return false;
        if (!pop_t(c, MW_I32, &a)) return false;
        addr_form af;
        take_address(c, a, &af);
        if (!emit_def(c, oi->ir + af.form, oi->tr, 5 + af.extra, &w)) return false;
        w[2] = (mw_unit)af.base;
        if (af.form == ADDR_AR || af.form == ADDR_AS) w[3] = (mw_unit)af.idx;
        if (af.form == ADDR_AS) w[4] = (mw_unit)af.shift;
        if (af.form == ADDR_A) put32(w + 3, af.imm);
        put32(w + 3 + af.extra, off);
        return true;
    }
    case K_ST: {
        uint32_t off;
        if (!read_memarg(c, oi->t2, &off)) return false;
        if (!pop_t(c, oi->tr, &b) || !pop_t(c, MW_I32, &a)) return false;
        addr_form af;
        take_address(c, a, &af);
        w = reserve(c, 5 + af.extra);
        if (!w) return false;
        w[0] = (mw_unit)(oi->ir + af.form);
        w[1] = (mw_unit)af.base;
        if (af.form == ADDR_AR || af.form == ADDR_AS) w[2] = (mw_unit)af.idx;
        if (af.form == ADDR_AS) w[3] = (mw_unit)af.shift;
        if (af.form == ADDR_A) put32(w + 2, af.imm);
        w[2 + af.extra] = (mw_unit)b.slot;
        put32(w + 3 + af.extra, off);
        barrier(c);
        return true;
    }
    default:
        return fail(c, MW_ERR_MALFORMED, "illegal opcode");
    }
}

static bool op_local(cstate *c, uint8_t op)
{
    uint32_t x;
    if (!mwR_u32(&c->r, &x)) return false;
    if (x >= c->nlocals) return invalid(c, "unknown local");
    uint8_t t = (uint8_t)c->locals[x];
    if (op == 0x20) return push(c, t, x);
    cval v;
    if (!pop_t(c, t, &v)) return false;
    bool patch = c->last_end == c->ncode && v.slot == natural(c, c->nvals) &&
                 c->code[c->last_dst] == v.slot && !local_aliased(c, x);
    if (patch) {
        c->code[c->last_dst] = (mw_unit)x;
    } else {
        if (!materialize_local(c, x)) return false;
        if (v.slot != x) {
            EMIT(3);
            w[0] = IR_COPY; w[1] = (mw_unit)x; w[2] = (mw_unit)v.slot;
        }
    }
    barrier(c);
    if (op == 0x22) return push(c, t, patch ? x : v.slot);
    return true;
}

static bool op_global(cstate *c, uint8_t op)
{
    uint32_t x;
    if (!mwR_u32(&c->r, &x)) return false;
    if (x >= c->m->nglobals) return invalid(c, "unknown global");
    const mwi_global *g = &c->m->globals[x];
    if (op == 0x23) {
        mw_unit *w;
        if (!emit_def(c, IR_GLOBAL_GET, (uint8_t)g->type, 4, &w)) return false;
        put32(w + 2, x);
        return true;
    }
    if (!g->mut) return invalid(c, "global is immutable");
    cval v;
    if (!pop_t(c, (uint8_t)g->type, &v)) return false;
    EMIT(4);
    w[0] = IR_GLOBAL_SET; put32(w + 1, x); w[3] = (mw_unit)v.slot;
    barrier(c);
    return true;
}

static bool op_call(cstate *c, const mw_functype *ft, uint32_t op, uint32_t a, uint32_t b,
                    bool indirect)
{
    cval v, idx = { 0, 0 };
    if (indirect && !pop_t(c, MW_I32, &idx)) return false;
    /* Arguments must sit in consecutive natural slots: they become the callee's locals. */
    uint32_t have = c->nvals - top_ctrl(c)->height;
    uint32_t k = ft->nparams < have ? ft->nparams : have;
    if (!materialize_from(c, c->nvals - k)) return false;
    for (uint32_t i = ft->nparams; i-- > 0;)
        if (!pop_t(c, (uint8_t)ft->params[i], &v)) return false;
    uint32_t base = natural(c, c->nvals);
    if (indirect) {
        EMIT(7);
        w[0] = (mw_unit)op; put32(w + 1, a); put32(w + 3, b);
        w[5] = (mw_unit)base; w[6] = (mw_unit)idx.slot;
    } else {
        EMIT(4);
        w[0] = (mw_unit)op; put32(w + 1, a); w[3] = (mw_unit)base;
    }
    for (uint32_t i = 0; i < ft->nresults; i++)
        if (!push(c, (uint8_t)ft->results[i], natural(c, c->nvals))) return false;
    barrier(c);
    return true;
}

/* Data indices in code need the data count section (a binary-format rule), but an
 * index that no data segment could satisfy is reported as invalid, as the spec's
 * reference implementation does. */
static bool check_data_index(cstate *c, uint32_t x)
{
    uint32_t n = c->m->has_datacount ? c->m->datacount : c->m->ndatas;
    if (x >= n) return invalid(c, "unknown data segment");
    if (!c->m->has_datacount) return fail(c, MW_ERR_MALFORMED, "data count section required");
    return true;
}

static bool op_bulk(cstate *c)
{
    uint32_t sub;
    cval a, b, d;
    if (!mwR_u32(&c->r, &sub)) return false;
    if (sub < 8) return op_numeric(c, &fc_table[sub]);
    uint32_t x, y;
    switch (sub) {
    case 8: { /* memory.init */
        if (!mwR_u32(&c->r, &x) || !zero_byte(c)) return false;
        if (!need_memory(c) || !check_data_index(c, x)) return false;
        if (!pop_t(c, MW_I32, &a) || !pop_t(c, MW_I32, &b) || !pop_t(c, MW_I32, &d)) return false;
        EMIT(6);
        w[0] = IR_MEMORY_INIT; put32(w + 1, x);
        w[3] = (mw_unit)d.slot; w[4] = (mw_unit)b.slot; w[5] = (mw_unit)a.slot;
        break;
    }
    case 9: { /* data.drop */
        if (!mwR_u32(&c->r, &x) || !check_data_index(c, x)) return false;
        EMIT(3);
        w[0] = IR_DATA_DROP; put32(w + 1, x);
        break;
    }
    case 10: { /* memory.copy */
        if (!zero_byte(c) || !zero_byte(c) || !need_memory(c)) return false;
        if (!pop_t(c, MW_I32, &a) || !pop_t(c, MW_I32, &b) || !pop_t(c, MW_I32, &d)) return false;
        EMIT(4);
        w[0] = IR_MEMORY_COPY; w[1] = (mw_unit)d.slot; w[2] = (mw_unit)b.slot; w[3] = (mw_unit)a.slot;
        break;
    }
    case 11: { /* memory.fill */
        if (!zero_byte(c) || !need_memory(c)) return false;
        if (!pop_t(c, MW_I32, &a) || !pop_t(c, MW_I32, &b) || !pop_t(c, MW_I32, &d)) return false;
        EMIT(4);
        w[0] = IR_MEMORY_FILL; w[1] = (mw_unit)d.slot; w[2] = (mw_unit)b.slot; w[3] = (mw_unit)a.slot;
        break;
    }
    case 12: { /* table.init elem table */
        if (!mwR_u32(&c->r, &y) || !read_table(c, &x)) return false;
        if (y >= c->m->nelems) return invalid(c, "unknown elem segment");
        if (c->m->elems[y].type != c->m->tables[x].elem) return invalid(c, "type mismatch");
        if (!pop_t(c, MW_I32, &a) || !pop_t(c, MW_I32, &b) || !pop_t(c, MW_I32, &d)) return false;
        EMIT(8);
        w[0] = IR_TABLE_INIT; put32(w + 1, x); put32(w + 3, y);
        w[5] = (mw_unit)d.slot; w[6] = (mw_unit)b.slot; w[7] = (mw_unit)a.slot;
        break;
    }
    case 13: { /* elem.drop */
        if (!mwR_u32(&c->r, &x)) return false;
        if (x >= c->m->nelems) return invalid(c, "unknown elem segment");
        EMIT(3);
        w[0] = IR_ELEM_DROP; put32(w + 1, x);
        break;
    }
    case 14: { /* table.copy dst src */
        if (!read_table(c, &x) || !read_table(c, &y)) return false;
        if (c->m->tables[x].elem != c->m->tables[y].elem) return invalid(c, "type mismatch");
        if (!pop_t(c, MW_I32, &a) || !pop_t(c, MW_I32, &b) || !pop_t(c, MW_I32, &d)) return false;
        EMIT(8);
        w[0] = IR_TABLE_COPY; put32(w + 1, x); put32(w + 3, y);
        w[5] = (mw_unit)d.slot; w[6] = (mw_unit)b.slot; w[7] = (mw_unit)a.slot;
        break;
    }
    case 15: { /* table.grow */
        if (!read_table(c, &x)) return false;
        if (!pop_t(c, MW_I32, &a) || !pop_t(c, (uint8_t)c->m->tables[x].elem, &b)) return false;
        mw_unit *w;
        if (!emit_def(c, IR_TABLE_GROW, MW_I32, 6, &w)) return false;
        put32(w + 2, x); w[4] = (mw_unit)b.slot; w[5] = (mw_unit)a.slot;
        return true;
    }
    case 16: { /* table.size */
        if (!read_table(c, &x)) return false;
        mw_unit *w;
        if (!emit_def(c, IR_TABLE_SIZE, MW_I32, 4, &w)) return false;
        put32(w + 2, x);
        return true;
    }
    case 17: { /* table.fill */
        if (!read_table(c, &x)) return false;
        if (!pop_t(c, MW_I32, &a) || !pop_t(c, (uint8_t)c->m->tables[x].elem, &b) ||
            !pop_t(c, MW_I32, &d)) return false;
        EMIT(6);
        w[0] = IR_TABLE_FILL; put32(w + 1, x);
        w[3] = (mw_unit)d.slot; w[4] = (mw_unit)b.slot; w[5] = (mw_unit)a.slot;
        break;
    }
    default:
        return fail(c, MW_ERR_MALFORMED, "illegal opcode");
    }
    barrier(c);
    return true;
}

static bool op_br_table(cstate *c)
{
    uint32_t n;
    if (!mwR_u32(&c->r, &n)) return false;
    if ((size_t)(c->r.end - c->r.p) < n) return fail(c, MW_ERR_MALFORMED, "unexpected end");
    if (n + 1u > c->capscratch &&
        !mwM_grow(c->e, (void **)&c->scratch, &c->capscratch, n + 1, sizeof(uint32_t)))
        return nomem(c);
    for (uint32_t i = 0; i <= n; i++) {
        uint32_t depth;
        if (!mwR_u32(&c->r, &depth)) return false;
        if (depth >= c->nctrls) return invalid(c, "unknown label");
        c->scratch[i] = depth;
    }
    cval idx;
    if (!pop_t(c, MW_I32, &idx)) return false;
    /* Every target must accept the values; arities must agree (spec: same arity). */
    cctrl *def = &c->ctrls[c->nctrls - 1 - c->scratch[n]];
    uint32_t arity = label_arity(def);
    for (uint32_t i = 0; i <= n; i++) {
        cctrl *f = &c->ctrls[c->nctrls - 1 - c->scratch[i]];
        uint32_t a;
        if (label_arity(f) != arity) return invalid(c, "type mismatch: br_table arity");
        if (!check_label_values(c, f, &a)) return false;
    }
    /* [BR_TABLE, idx, n (2 units), offset (2 units) x (n + 1)]; the last is the default. */
    if (n > 0x3FFFFFFFu) return fail(c, MW_ERR_LIMIT, "br_table too large");
    uint32_t start = c->ncode;
    mw_unit *w = reserve(c, 4 + 2 * (n + 1));
    if (!w) return false;
    w[0] = IR_BR_TABLE; w[1] = (mw_unit)idx.slot; put32(w + 2, n);
#define ENTRY(i) (start + 4 + 2 * (i))
    /* Direct entries first; entries that need copies (or fuel, for loops) get a stub. */
    for (uint32_t i = 0; i <= n; i++) {
        cctrl *f = &c->ctrls[c->nctrls - 1 - c->scratch[i]];
        if (f->kind != CK_LOOP && !needs_moves(c, f, arity)) link_label(c, f, ENTRY(i));
        else put32(c->code + ENTRY(i), NO_POS);
    }
    for (uint32_t i = 0; i <= n; i++) {
        if (get32(c->code + ENTRY(i)) != NO_POS) continue;
        uint32_t stub = c->ncode;
        /* Entries with the same depth share the stub. */
        for (uint32_t j = i; j <= n; j++)
            if (c->scratch[j] == c->scratch[i] && get32(c->code + ENTRY(j)) == NO_POS)
                set_target(c, ENTRY(j), stub);
        if (!emit_br(c, &c->ctrls[c->nctrls - 1 - c->scratch[i]])) return false;
    }
#undef ENTRY
    return set_unreachable(c);
}

static bool translate(cstate *c)
{
    mw_module *m = c->m;
    const mw_functype *ft = &m->types[m->funcs[c->fidx].type];
    if (!decl_locals(c, ft)) return false;

    cctrl proto;
    memset(&proto, 0, sizeof proto);
    proto.nresults = ft->nresults;
    proto.results = ft->results;
    c->nvals = 0;
    if (!push_ctrl(c, CK_FUNC, &proto)) return false;
    c->ctrls[0].height = 0;

    while (c->nctrls > 0) {
        c->op_off = (size_t)(c->r.p - c->r.base);
        uint8_t op;
        if (c->r.p >= c->r.end)
            return fail(c, MW_ERR_MALFORMED, "unexpected end of section or function (END opcode expected)");
        if (!mwR_u8(&c->r, &op)) return false;
        cval a, b, cnd;
        switch (op) {
        case 0x00: { /* unreachable */
            EMIT(2);
            w[0] = IR_TRAP; w[1] = MW_TRAP_UNREACHABLE;
            if (!set_unreachable(c)) return false;
            break;
        }
        case 0x01: break; /* nop */
        case 0x02: case 0x03: { /* block, loop */
            cctrl p;
            if (!read_blocktype(c, &p)) return false;
            if (!check_params(c, &p)) return false;
            if (!materialize_from(c, 0)) return false;
            barrier(c);
            if (!push_ctrl(c, op == 0x02 ? CK_BLOCK : CK_LOOP, &p)) return false;
            break;
        }
        case 0x04: { /* if */
            cctrl p;
            if (!read_blocktype(c, &p)) return false;
            if (!pop_t(c, MW_I32, &cnd)) return false;
            if (!check_params(c, &p)) return false;
            if (!materialize_from(c, 0)) return false;
            uint32_t pos;
            if (!emit_cond_br(c, cnd, true, &pos)) return false;
            if (!push_ctrl(c, CK_IF, &p)) return false;
            top_ctrl(c)->else_fix = pos;
            break;
        }
        case 0x05: { /* else */
            cctrl *f = top_ctrl(c);
            if (f->kind != CK_IF) return invalid(c, "else without if");
            if (!settle_results(c)) return false;
            if (!op_end(c, true)) return false;
            /* then-arm jumps over the else-arm */
            mw_unit *w = reserve(c, 3);
            if (!w) return false;
            w[0] = IR_BR;
            f = top_ctrl(c);
            add_fixup(c, f, c->ncode - 2);
            set_target(c, f->else_fix, c->ncode);
            f->else_fix = 0;
            /* Reset to the block's parameters, which are still in their natural slots. */
            for (uint32_t i = f->height; i < c->nvals; i++)
                if (c->vals[i].slot < c->nlocals) c->nalias--;
            c->nvals = f->height;
            for (uint32_t i = 0; i < f->nparams; i++)
                if (!push(c, (uint8_t)f->params[i], natural(c, c->nvals))) return false;
            f->kind = CK_ELSE;
            f->unreachable = false;
            barrier(c);
            break;
        }
        case 0x0B: { /* end */
            cctrl *f = top_ctrl(c);
            if (!settle_results(c)) return false;
            if (!op_end(c, false)) return false;
            if (f->kind == CK_IF)
                set_target(c, f->else_fix, c->ncode);
            patch_chain(c, f->fixups, c->ncode);
            barrier(c);
            if (c->nctrls == 1) {
                /* Function end: the one return point for fallthrough and `br 0`. */
                uint32_t n = f->nresults;
                EMIT(2);
                if (n == 0) { w[0] = IR_RET0; c->ncode--; }
                else { w[0] = n == 1 ? IR_RET1 : IR_RET; w[1] = (mw_unit)natural(c, 0); }
                c->nctrls--;
                if (c->r.p != c->r.end)
                    return fail(c, MW_ERR_MALFORMED, "section size mismatch: bytes after function end");
                return true;
            }
            c->nctrls--;
            break;
        }
        case 0x0C: { /* br */
            cctrl *f;
            if (!read_label(c, &f) || !emit_br(c, f) || !set_unreachable(c)) return false;
            break;
        }
        case 0x0D: { /* br_if */
            cctrl *f;
            uint32_t arity;
            if (!read_label(c, &f) || !pop_t(c, MW_I32, &cnd)) return false;
            if (!check_label_values(c, f, &arity)) return false;
            /* The values fall through typed as the label says; in dead code the missing
             * ones appear from the polymorphic stack. */
            cctrl *cur = top_ctrl(c);
            const mw_valtype *lt = label_types(f);
            if (c->nvals - cur->height < arity) {
                while (c->nvals > cur->height) (void)pop_any(c, &a);
                for (uint32_t i = 0; i < arity; i++)
                    if (!push(c, (uint8_t)lt[i], natural(c, c->nvals))) return false;
            } else {
                for (uint32_t i = 0; i < arity; i++) c->vals[c->nvals - arity + i].type = (uint8_t)lt[i];
            }
            uint32_t pos;
            if (!needs_moves(c, f, arity)) {
                if (!emit_cond_br(c, cnd, false, &pos)) return false;
                link_label(c, f, pos);
            } else {
                /* Copies on the taken path only: the fallthrough still needs the values. */
                if (!emit_cond_br(c, cnd, true, &pos)) return false;
                if (!emit_br(c, f)) return false;
                set_target(c, pos, c->ncode);
            }
            barrier(c);
            break;
        }
        case 0x0E:
            if (!op_br_table(c)) return false;
            break;
        case 0x0F:
            if (!emit_return(c) || !set_unreachable(c)) return false;
            break;
        case 0x10: { /* call */
            uint32_t x;
            if (!mwR_u32(&c->r, &x)) return false;
            if (x >= m->nfuncs) return invalid(c, "unknown function");
            uint32_t op = x >= m->nfunc_imports ? IR_CALL_LOCAL : IR_CALL;
            if (!op_call(c, &m->types[m->funcs[x].type], op, x, 0, false)) return false;
            break;
        }
        case 0x11: { /* call_indirect */
            uint32_t t, x;
            if (!mwR_u32(&c->r, &t) || !mwR_u32(&c->r, &x)) return false;
            if (x >= m->ntables) return invalid(c, "unknown table");
            if (t >= m->ntypes) return invalid(c, "unknown type");
            if (m->tables[x].elem != MW_FUNCREF) return invalid(c, "type mismatch: call_indirect table is not funcref");
            if (!op_call(c, &m->types[t], IR_CALL_INDIRECT, t, x, true)) return false;
            break;
        }
        case 0x1A: /* drop */
            if (!pop_any(c, &a)) return false;
            barrier(c);
            break;
        case 0x1B: case 0x1C: { /* select */
            uint8_t t = T_ANY;
            if (op == 0x1C) {
                uint32_t n; uint8_t vt;
                if (!mwR_u32(&c->r, &n)) return false;
                if (n != 1) return invalid(c, "invalid result arity");
                if (!mwR_u8(&c->r, &vt)) return false;
                if (!is_valtype(vt)) return fail(c, MW_ERR_MALFORMED, "malformed value type");
                t = vt;
            }
            if (!pop_t(c, MW_I32, &cnd)) return false;
            /* A condition computed by the compare just emitted: fuse them (SEL_ form). */
            bool fuse = c->cmp_pos != NO_POS && c->last_end == c->ncode &&
                        cnd.slot == natural(c, c->nvals) && c->code[c->last_dst] == cnd.slot;
            if (!pop_t(c, t, &b) || !pop_t(c, t, &a)) return false;
            if (op == 0x1B) {
                if (a.type != T_ANY && b.type != T_ANY && a.type != b.type) return invalid(c, "type mismatch");
                t = a.type != T_ANY ? a.type : b.type;
                if (t != T_ANY && !is_num(t)) return invalid(c, "type mismatch: select needs numeric operands");
            }
            mw_unit *w;
            if (fuse) {
                /* [cmp, d, x, y...] -> [sel-cmp, dst, a, b, x, y...]: two units longer;
                 * the layout is X, X_RI, BRT.., BRF.., SEL_X, SEL_X_RI (opcodes.h). */
                uint32_t pos = c->cmp_pos, len = c->ncode - pos;
                mw_unit op = (mw_unit)(c->code[pos] + 6u), ops[6];
                for (uint32_t i = 2; i < len; i++) ops[i - 2] = c->code[pos + i];
                c->ncode = pos;
                if (!emit_def(c, op, t, len + 2, &w)) return false;
                w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot;
                for (uint32_t i = 2; i < len; i++) w[i + 2] = ops[i - 2];
                break;
            }
            if (!emit_def(c, IR_SELECT, t, 5, &w)) return false;
            w[2] = (mw_unit)a.slot; w[3] = (mw_unit)b.slot; w[4] = (mw_unit)cnd.slot;
            break;
        }
        case 0x20: case 0x21: case 0x22:
            if (!op_local(c, op)) return false;
            break;
        case 0x23: case 0x24:
            if (!op_global(c, op)) return false;
            break;
        case 0x25: { /* table.get */
            uint32_t x;
            mw_unit *w;
            if (!read_table(c, &x) || !pop_t(c, MW_I32, &a)) return false;
            if (!emit_def(c, IR_TABLE_GET, (uint8_t)m->tables[x].elem, 5, &w)) return false;
            put32(w + 2, x); w[4] = (mw_unit)a.slot;
            break;
        }
        case 0x26: { /* table.set */
            uint32_t x;
            if (!read_table(c, &x)) return false;
            if (!pop_t(c, (uint8_t)m->tables[x].elem, &b) || !pop_t(c, MW_I32, &a)) return false;
            EMIT(5);
            w[0] = IR_TABLE_SET; put32(w + 1, x); w[3] = (mw_unit)a.slot; w[4] = (mw_unit)b.slot;
            barrier(c);
            break;
        }
        case 0x3F: { /* memory.size */
            mw_unit *w;
            if (!zero_byte(c) || !need_memory(c)) return false;
            if (!emit_def(c, IR_MEMORY_SIZE, MW_I32, 2, &w)) return false;
            break;
        }
        case 0x40: { /* memory.grow */
            mw_unit *w;
            if (!zero_byte(c) || !need_memory(c) || !pop_t(c, MW_I32, &a)) return false;
            if (!emit_def(c, IR_MEMORY_GROW, MW_I32, 3, &w)) return false;
            w[2] = (mw_unit)a.slot;
            break;
        }
        case 0x41: { int32_t v; if (!mwR_s32(&c->r, &v) || !emit_const(c, MW_I32, (uint32_t)v)) return false; break; }
        case 0x42: { int64_t v; if (!mwR_s64(&c->r, &v) || !emit_const(c, MW_I64, (uint64_t)v)) return false; break; }
        case 0x43: { uint32_t v; if (!mwR_f32(&c->r, &v) || !emit_const(c, MW_F32, v)) return false; break; }
        case 0x44: { uint64_t v; if (!mwR_f64(&c->r, &v) || !emit_const(c, MW_F64, v)) return false; break; }
        case 0xD0: { /* ref.null t */
            uint8_t t;
            if (!mwR_u8(&c->r, &t)) return false;
            if (!is_ref(t)) return fail(c, MW_ERR_MALFORMED, "malformed reference type");
            if (!emit_const(c, t, 0)) return false;
            c->const_end = NO_POS;
            break;
        }
        case 0xD1: { /* ref.is_null */
            mw_unit *w;
            if (!pop_any(c, &a)) return false;
            if (a.type != T_ANY && !is_ref(a.type)) return invalid(c, "type mismatch: ref.is_null needs a reference");
            if (!emit_def(c, IR_REF_IS_NULL, MW_I32, 3, &w)) return false;
            w[2] = (mw_unit)a.slot;
            break;
        }
        case 0xD2: { /* ref.func */
            uint32_t x;
            mw_unit *w;
            if (!mwR_u32(&c->r, &x)) return false;
            if (x >= m->nfuncs) return invalid(c, "unknown function");
            if (!m->func_refd || !m->func_refd[x]) return invalid(c, "undeclared function reference");
            if (!emit_def(c, IR_REF_FUNC, MW_FUNCREF, 4, &w)) return false;
            put32(w + 2, x);
            break;
        }
        case 0xFC:
            if (!op_bulk(c)) return false;
            break;
        default: {
            const opinfo *oi = &op_table[op];
            if (oi->kind == K_NONE || oi->kind == K_CTRL || oi->kind == K_PARAM ||
                oi->kind == K_VAR || oi->kind == K_TBL || oi->kind == K_MEMX ||
                oi->kind == K_REF || oi->kind == K_BULK || oi->kind == K_CST)
                return fail(c, MW_ERR_MALFORMED, op == 0xFD ? "SIMD is not supported" : "illegal opcode");
            if (!op_numeric(c, oi)) return false;
            break;
        }
        }
    }
    return fail(c, MW_ERR_MALFORMED, "unexpected end");
}
