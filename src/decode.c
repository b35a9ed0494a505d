/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * decode.c — decode a module binary (binary/modules.rst) and validate everything outside
 * function bodies (valid/modules.rst). Bodies are handed to mwC_compile afterwards.
 *
 * Error classes follow the spec: whatever the binary grammar rejects is MW_ERR_MALFORMED,
 * whatever the validation rules reject is MW_ERR_INVALID. Since the spec decodes the
 * whole binary before validating, a validation error is only recorded (the first one
 * wins) and decoding goes on; it is reported if the rest of the binary decodes, bodies
 * included: they are compiled even after a validation error (as long as every function
 * has a valid type, which compile.c relies on), and only a malformed body stops that.
 *
 * Every vector count is checked against the bytes left before anything is allocated
 * for it, so memory stays proportional to the input size.
 */
#include "mw_internal.h"
#include "read.h"
#include "instr.h"

typedef struct mwD_dec {
    mw_module *m;
    mw_engine *e;
    mw_error *err;       /* fatal errors: malformed, out of memory, limits */
    mw_error inv;        /* the first validation error, reported once decoding is done */
    bool has_code, has_data, names_done;
    uint32_t nglobals_before;   /* globals a constant expression may read in 3.0 */
    uint32_t ncustom;    /* custom sections recorded so far */
} mwD_dec;

/* The static description of an import, read before the index spaces are allocated. */
typedef struct mwD_desc {
    uint32_t type;       /* function: type index */
    mw_valtype vt;       /* table: element type; global: value type */
    mw_limits lim;       /* table, memory */
    bool mut;            /* global */
} mwD_desc;

/* ------------------------------------------------------------------ errors */

static bool mwD_fatal(mwD_dec *d, mw_result code, size_t off, const char *msg)
{
    mwE_set(d->err, code, off, "%s", msg);
    return false;
}

static bool mwD_nomem(mwD_dec *d, size_t off)
{
    return mwD_fatal(d, MW_ERR_NOMEM, off, "out of memory decoding the module");
}

/* Record a validation error (only the first counts) and let decoding continue. */
static void mwD_invalid(mwD_dec *d, size_t off, const char *fmt, ...)
{
    if (d->inv.code != MW_OK)
        return;
    char buf[sizeof d->inv.msg];
    va_list ap;
    va_start(ap, fmt);
    mwE_vformat(buf, sizeof buf, fmt, ap);
    va_end(ap);
    mwE_set(&d->inv, MW_ERR_INVALID, off, "%s", buf);
}

/* ------------------------------------------------------------------ allocation */

/* A zeroed array of n elements, or NULL; the size product cannot overflow. */
static void *mwD_zarray(mw_engine *e, uint32_t n, size_t esz)
{
    return n <= SIZE_MAX / esz ? mwM_zalloc(e, (size_t)n * esz) : NULL;
}

/* A zeroed array of n > 0 elements, or NULL (out of memory recorded). */
static void *mwD_array(mwD_dec *d, uint32_t n, size_t esz, size_t off)
{
    void *p = mwD_zarray(d->e, n, esz);
    if (p == NULL)
        mwD_nomem(d, off);
    return p;
}

/* Append add zeroed elements to *arr (*count elements, exactly allocated). The count is
 * updated together with the block so mwD_free always sees the allocated size. */
static bool mwD_extend(mwD_dec *d, void **arr, uint32_t *count, uint32_t add, size_t esz,
                       size_t off)
{
    if (add == 0)
        return true;
    uint32_t old = *count;
    if (add > UINT32_MAX - old)
        return mwD_fatal(d, MW_ERR_LIMIT, off, "too many definitions");
    uint32_t total = old + add;
    if (total > SIZE_MAX / esz)
        return mwD_nomem(d, off);
    uint8_t *p = mwM_realloc(d->e, *arr, (size_t)old * esz, (size_t)total * esz);
    if (p == NULL)
        return mwD_nomem(d, off);
    memset(p + (size_t)old * esz, 0, (size_t)add * esz);
    *arr = p;
    *count = total;
    return true;
}

/* ------------------------------------------------------------------ small items */

/* A vector count whose entries take at least min_bytes each: a count that cannot fit in
 * the bytes left is malformed, and is caught before anything is allocated for it. */
static bool mwD_count(mwD_dec *d, mwR_reader *r, uint32_t *n, size_t min_bytes)
{
    (void)d;
    size_t at = mwR_offset(r);
    if (!mwR_u32(r, n))
        return false;
    if (*n > mwR_left(r) / min_bytes) {
        r->p = r->base + at;
        return mwR_fail(r, "unexpected end of section or function: vector count exceeds "
                           "the bytes left");
    }
    return true;
}

/* Value types are read in one place (instr.c), with the SIMD build knob. */
#define mwD_valtype mwO_valtype

#define mwD_reftype mwO_reftype

/* "unsupported feature NAME: what" for the 3.0 encodings the core lacks (see instr.c). */
#define MWD_UNSUPPORTED(feature, what) "unsupported feature " feature ": " what

/*
 * Limits: flags bit 0 = has a maximum; the other bits are 3.0 features the core lacks:
 * bit 2 a 64-bit index type (memory64, also for tables), and for memories bit 1 shared
 * (threads) and bit 3 a custom page size. Anything else is malformed.
 */
static bool mwD_limits_of(mwR_reader *r, mw_limits *lim, bool memory)
{
    uint8_t flag;
    uint32_t v;
    if (!mwR_u8(r, &flag))
        return false;
    if (flag > 1) {
        r->p--;
        if (flag < 0x10 && (memory || !(flag & 0x0A))) {
            if (flag & 0x08)
                return mwR_unsupported(r, MWD_UNSUPPORTED("custom-page-sizes", "limits flag 0x08"));
            if (flag & 0x04)
                return mwR_unsupported(r, MWD_UNSUPPORTED("memory64", "64-bit limits"));
            return mwR_unsupported(r, MWD_UNSUPPORTED("threads", "shared memory"));
        }
        return mwR_fail(r, "malformed limits flags");
    }
    const char *wide = MWD_UNSUPPORTED("memory64", "a limit beyond 32 bits");
    if (!mwO_u32_or_u64(r, &v, wide))
        return false;
    lim->min = v;
    lim->has_max = flag == 1;
    lim->max = 0;
    if (lim->has_max) {
        if (!mwO_u32_or_u64(r, &v, wide))
            return false;
        lim->max = v;
    }
    return true;
}

static bool mwD_limits(mwR_reader *r, mw_limits *lim) { return mwD_limits_of(r, lim, true); }

/* A table type: a 3.0 table may start with 0x40 0x00 and carry an initialiser. */
static bool mwD_tabletype(mwR_reader *r, mw_valtype *t, mw_limits *lim)
{
    if (r->p < r->end && *r->p == 0x40)
        return mwR_unsupported(r, MWD_UNSUPPORTED("function-references",
                                                  "a table with an initialiser expression"));
    return mwD_reftype(r, t) && mwD_limits_of(r, lim, false);
}

static void mwD_check_table_limits(mwD_dec *d, const mw_limits *lim, size_t at)
{
    /* The range 2^32-1 of table limits is implied by the u32 encoding. */
    if (lim->has_max && lim->min > lim->max)
        mwD_invalid(d, at, "size minimum must not be greater than maximum");
}

static void mwD_check_mem_limits(mwD_dec *d, const mw_limits *lim, size_t at)
{
    if (lim->min > 65536 || (lim->has_max && lim->max > 65536))
        mwD_invalid(d, at, "memory size must be at most 65536 pages (4GiB)");
    else if (lim->has_max && lim->min > lim->max)
        mwD_invalid(d, at, "size minimum must not be greater than maximum");
}

/* ------------------------------------------------------------------ constant expressions */

/*
 * A constant expression of type want, through its final end (valid/instructions.rst,
 * "Constant Expressions"). In 2.0 a valid one is exactly one of t.const, ref.null,
 * ref.func or global.get of an imported immutable global. Returns false only on a fatal
 * error; validation problems go to d->inv.
 */
static bool mwD_const(mwD_dec *d, mwR_reader *r, mw_valtype want, mwi_constexpr *out)
{
    mw_module *m = d->m;
    size_t start = mwR_offset(r);
    uint32_t nvals = 0, depth = 0;
    bool bad = false;        /* a validation error was recorded for this expression */
    mw_valtype got = want;
    memset(out, 0, sizeof *out);
    for (;;) {
        mwO_insn in;
        mw_valtype t = want;
        /* The whole expression is decoded, so the bytes of an instruction that is not
         * constant must still be well-formed (the spec decodes before validating). */
        if (!mwO_read_any(r, &in))
            return false;
        switch (in.op) {
        case OP_END:
            if (depth == 0)
                goto done;
            depth--;
            continue;
        case OP_I32_CONST: case OP_I64_CONST: case OP_F32_CONST: case OP_F64_CONST:
            t = (mw_valtype)mwO_tab[in.op].tr;
            break;
#if MW_SIMD
        case OP_V128_CONST:
            t = MW_V128;
            memcpy(&in.v, in.bytes, 8);
            break;
#endif
        case OP_REF_NULL:
            t = (mw_valtype)in.a;
            in.v = 0;
            break;
        case OP_REF_FUNC:
            if (in.a >= m->nfuncs) {
                mwD_invalid(d, in.at, "unknown function %u", in.a);
                bad = true;
            }
            in.v = in.a;
            t = MW_FUNCREF;
            break;
        case OP_I32_ADD: case OP_I32_SUB: case OP_I32_MUL:
        case OP_I64_ADD: case OP_I64_SUB: case OP_I64_MUL:
            return mwD_fatal(d, MW_ERR_UNSUPPORTED, in.at,
                             MWD_UNSUPPORTED("extended-const", "arithmetic in a constant expression"));
        case OP_GLOBAL_GET:
            /* Only imported globals are visible to constant expressions in 2.0 (context
             * C'); 3.0 also lets a global's initialiser read the globals before it. */
            if (in.a >= m->nglobal_imports && in.a < d->nglobals_before)
                return mwD_fatal(d, MW_ERR_UNSUPPORTED, in.at,
                                 MWD_UNSUPPORTED("gc", "global.get of a module-defined "
                                                       "global in a constant expression"));
            if (in.a >= m->nglobal_imports) {
                mwD_invalid(d, in.at, "unknown global %u", in.a);
                bad = true;
            } else {
                t = m->globals[in.a].type;
                if (m->globals[in.a].mut) {
                    mwD_invalid(d, in.at, "constant expression required "
                                          "(global.get of a mutable global)");
                    bad = true;
                }
            }
            in.v = in.a;
            break;
        default:
            if (in.op == OP_BLOCK || in.op == OP_LOOP || in.op == OP_IF)
                depth++;
            mwD_invalid(d, in.at, "constant expression required");
            bad = true;
            continue;
        }
        if (nvals++ == 0) {
            out->op = in.op;
            out->val = in.v;
            got = t;
#if MW_SIMD
            if (in.op == OP_V128_CONST)
                memcpy(&out->hi, in.bytes + 8, 8);
#endif
        }
    }
done:
    if (!bad) {
        if (nvals != 1)
            mwD_invalid(d, start, "type mismatch: a constant expression must produce "
                                  "exactly one value, this one produces %u", nvals);
        else if (got != want)
            mwD_invalid(d, start, "type mismatch in constant expression");
    }
    return true;
}

/* ------------------------------------------------------------------ sections */

static bool mwD_sec_type(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    uint32_t n;
    if (!mwD_count(d, r, &n, 3))
        return false;
    if (n == 0)
        return true;
    m->types = mwD_array(d, n, sizeof *m->types, mwR_offset(r));
    if (m->types == NULL)
        return false;
    m->ntypes = n;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t form;
        uint32_t np, nr;
        mw_valtype t;
        if (!mwR_u8(r, &form))
            return false;
        if (form != 0x60) {
            r->p--;
            if (form == 0x4E || form == 0x4F || form == 0x50 || form == 0x5E || form == 0x5F)
                return mwR_unsupported(r, MWD_UNSUPPORTED("gc", "rec, sub, struct and array types"));
            return mwR_fail(r, "malformed function type (expected 0x60)");
        }
        if (!mwD_count(d, r, &np, 1))
            return false;
        const uint8_t *pp = r->p;
        for (uint32_t k = 0; k < np; k++)
            if (!mwD_valtype(r, &t))
                return false;
        if (!mwD_count(d, r, &nr, 1))
            return false;
        const uint8_t *rp = r->p;
        for (uint32_t k = 0; k < nr; k++)
            if (!mwD_valtype(r, &t))
                return false;
        /* np + nr bytes were just read, so the sum fits in size_t. */
        size_t total = (size_t)np + nr;
        if (total == 0)
            continue;
        if (total > SIZE_MAX / sizeof(mw_valtype))
            return mwD_nomem(d, mwR_offset(r));
        mw_valtype *vt = mwM_alloc(d->e, total * sizeof *vt);
        if (vt == NULL)
            return mwD_nomem(d, mwR_offset(r));
        for (uint32_t k = 0; k < np; k++)
            vt[k] = (mw_valtype)pp[k];
        for (uint32_t k = 0; k < nr; k++)
            vt[np + k] = (mw_valtype)rp[k];
        m->types[i].params = vt;
        m->types[i].results = vt + np;
        m->types[i].nparams = np;
        m->types[i].nresults = nr;
    }
    return true;
}

/* An import description of kind k (the byte already read). Validates it as well. */
static bool mwD_importdesc(mwD_dec *d, mwR_reader *r, mw_extern_kind k, mwD_desc *out)
{
    size_t at = mwR_offset(r);
    uint8_t mut;
    switch (k) {
    case MW_EXTERN_FUNC:
        if (!mwR_u32(r, &out->type))
            return false;
        if (out->type >= d->m->ntypes)
            mwD_invalid(d, at, "unknown type %u", out->type);
        return true;
    case MW_EXTERN_TABLE:
        if (!mwD_tabletype(r, &out->vt, &out->lim))
            return false;
        mwD_check_table_limits(d, &out->lim, at);
        return true;
    case MW_EXTERN_MEMORY:
        if (!mwD_limits(r, &out->lim))
            return false;
        mwD_check_mem_limits(d, &out->lim, at);
        return true;
    case MW_EXTERN_GLOBAL:
        if (!mwD_valtype(r, &out->vt) || !mwR_u8(r, &mut))
            return false;
        if (mut > 1) {
            r->p--;
            return mwR_fail(r, "malformed mutability");
        }
        out->mut = mut == 1;
        return true;
    }
    return false;
}

static bool mwD_sec_import(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    uint32_t n, cnt[4] = { 0, 0, 0, 0 };
    mwD_desc desc;
    if (!mwD_count(d, r, &n, 4))
        return false;
    if (n == 0)
        return true;
    m->imports = mwD_array(d, n, sizeof *m->imports, mwR_offset(r));
    if (m->imports == NULL)
        return false;
    m->nimports = n;

    /* Pass 1: decode and count per kind; index remembers where the description is. */
    for (uint32_t i = 0; i < n; i++) {
        mwi_import *im = &m->imports[i];
        uint8_t kind;
        if (!mwR_name(r, &im->module, &im->module_len) || !mwR_name(r, &im->name, &im->name_len))
            return false;
        if (!mwR_u8(r, &kind))
            return false;
        if (kind > 3) {
            r->p--;
            if (kind == 4)
                return mwR_unsupported(r, MWD_UNSUPPORTED("exceptions", "tag import"));
            return mwR_fail(r, "malformed import kind");
        }
        im->kind = (mw_extern_kind)kind;
        im->index = (uint32_t)mwR_offset(r);
        if (!mwD_importdesc(d, r, im->kind, &desc))
            return false;
        cnt[kind]++;
    }
    if (cnt[MW_EXTERN_FUNC] > MW_MAX_FUNCS)
        return mwD_fatal(d, MW_ERR_LIMIT, mwR_offset(r), "too many imported functions");
    if (cnt[MW_EXTERN_MEMORY] > 1)
        return mwD_fatal(d, MW_ERR_UNSUPPORTED, mwR_offset(r),
                         MWD_UNSUPPORTED("multi-memory", "more than one memory"));

    /* Pass 2: the index spaces start with the imports. */
    size_t at = mwR_offset(r);
    if (!mwD_extend(d, (void **)&m->funcs, &m->nfuncs, cnt[0], sizeof *m->funcs, at) ||
        !mwD_extend(d, (void **)&m->tables, &m->ntables, cnt[1], sizeof *m->tables, at) ||
        !mwD_extend(d, (void **)&m->mems, &m->nmems, cnt[2], sizeof *m->mems, at) ||
        !mwD_extend(d, (void **)&m->globals, &m->nglobals, cnt[3], sizeof *m->globals, at))
        return false;
    m->nfunc_imports = cnt[0];
    m->ntable_imports = cnt[1];
    m->nmem_imports = cnt[2];
    m->nglobal_imports = cnt[3];
    uint32_t k[4] = { 0, 0, 0, 0 };
    for (uint32_t i = 0; i < n; i++) {
        mwi_import *im = &m->imports[i];
        mwR_reader dr;
        mwR_init(&dr, r->base, im->index, (size_t)(r->end - r->base), r->err);
        (void)mwD_importdesc(d, &dr, im->kind, &desc);   /* read fine in pass 1 */
        uint32_t j = k[im->kind]++;
        switch (im->kind) {
        case MW_EXTERN_FUNC:
            m->funcs[j].type = desc.type;
            break;
        case MW_EXTERN_TABLE:
            m->tables[j].elem = desc.vt;
            m->tables[j].lim = desc.lim;
            break;
        case MW_EXTERN_MEMORY:
            m->mems[j].lim = desc.lim;
            break;
        case MW_EXTERN_GLOBAL:
            m->globals[j].type = desc.vt;
            m->globals[j].mut = desc.mut;
            break;
        }
        im->index = j;
    }
    return true;
}

static bool mwD_sec_func(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    uint32_t n;
    if (!mwD_count(d, r, &n, 1))
        return false;
    if (n > MW_MAX_FUNCS - m->nfuncs)
        return mwD_fatal(d, MW_ERR_LIMIT, mwR_offset(r), "too many functions");
    uint32_t base = m->nfuncs;
    if (!mwD_extend(d, (void **)&m->funcs, &m->nfuncs, n, sizeof *m->funcs, mwR_offset(r)))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        size_t at = mwR_offset(r);
        uint32_t x;
        if (!mwR_u32(r, &x))
            return false;
        if (x >= m->ntypes)
            mwD_invalid(d, at, "unknown type %u", x);
        m->funcs[base + i].type = x;
    }
    return true;
}

static bool mwD_sec_table(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    uint32_t n;
    if (!mwD_count(d, r, &n, 3))
        return false;
    uint32_t base = m->ntables;
    if (!mwD_extend(d, (void **)&m->tables, &m->ntables, n, sizeof *m->tables, mwR_offset(r)))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        size_t at = mwR_offset(r);
        mwi_table *t = &m->tables[base + i];
        if (!mwD_tabletype(r, &t->elem, &t->lim))
            return false;
        mwD_check_table_limits(d, &t->lim, at);
    }
    return true;
}

static bool mwD_sec_memory(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    uint32_t n;
    if (!mwD_count(d, r, &n, 2))
        return false;
    if (n > 1 || m->nmems + n > 1)
        return mwD_fatal(d, MW_ERR_UNSUPPORTED, mwR_offset(r),
                         MWD_UNSUPPORTED("multi-memory", "more than one memory"));
    uint32_t base = m->nmems;
    if (!mwD_extend(d, (void **)&m->mems, &m->nmems, n, sizeof *m->mems, mwR_offset(r)))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        size_t at = mwR_offset(r);
        if (!mwD_limits(r, &m->mems[base + i].lim))
            return false;
        mwD_check_mem_limits(d, &m->mems[base + i].lim, at);
    }
    return true;
}

static bool mwD_sec_global(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    uint32_t n;
    if (!mwD_count(d, r, &n, 3))
        return false;
    uint32_t base = m->nglobals;
    if (!mwD_extend(d, (void **)&m->globals, &m->nglobals, n, sizeof *m->globals, mwR_offset(r)))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        mwi_global *g = &m->globals[base + i];
        uint8_t mut;
        if (!mwD_valtype(r, &g->type) || !mwR_u8(r, &mut))
            return false;
        if (mut > 1) {
            r->p--;
            return mwR_fail(r, "malformed mutability");
        }
        g->mut = mut == 1;
        d->nglobals_before = base + i;
        if (!mwD_const(d, r, g->type, &g->init))
            return false;
    }
    d->nglobals_before = m->nglobals;
    return true;
}

static int mwD_export_cmp(const mwi_export *a, const mwi_export *b)
{
    if (a->name_len != b->name_len)
        return a->name_len < b->name_len ? -1 : 1;
    return a->name_len == 0 ? 0 : memcmp(a->name, b->name, a->name_len);
}

static void mwD_sift(uint32_t *ix, size_t i, size_t n, const mwi_export *ex)
{
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            return;
        if (c + 1 < n && mwD_export_cmp(&ex[ix[c]], &ex[ix[c + 1]]) < 0)
            c++;
        if (mwD_export_cmp(&ex[ix[i]], &ex[ix[c]]) >= 0)
            return;
        uint32_t t = ix[i];
        ix[i] = ix[c];
        ix[c] = t;
        i = c;
    }
}

/* Export names must be distinct: heapsort an index array (O(n log n), no recursion) and
 * compare neighbours. Reports the later export of the first duplicate pair found. */
static bool mwD_check_export_names(mwD_dec *d)
{
    mw_module *m = d->m;
    size_t n = m->nexports;
    if (n < 2)
        return true;
    uint32_t *ix = mwD_array(d, m->nexports, sizeof *ix, SIZE_MAX);
    if (ix == NULL)
        return false;
    for (size_t i = 0; i < n; i++)
        ix[i] = (uint32_t)i;
    for (size_t i = n / 2; i-- > 0;)
        mwD_sift(ix, i, n, m->exports);
    for (size_t end = n - 1; end > 0; end--) {
        uint32_t t = ix[0];
        ix[0] = ix[end];
        ix[end] = t;
        mwD_sift(ix, 0, end, m->exports);
    }
    for (size_t i = 1; i < n; i++) {
        const mwi_export *a = &m->exports[ix[i - 1]], *b = &m->exports[ix[i]];
        if (a->name_len == b->name_len && mwi_bytes_eq(a->name, b->name, a->name_len)) {
            const mwi_export *later = ix[i] > ix[i - 1] ? b : a;
            mwD_invalid(d, (size_t)((const uint8_t *)later->name - m->bytes),
                        "duplicate export name \"%.*s\"", (int)(later->name_len > 64 ? 64
                        : later->name_len), later->name);
            break;
        }
    }
    mwM_free(d->e, ix, n * sizeof *ix);
    return true;
}

static bool mwD_sec_export(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    uint32_t n;
    if (!mwD_count(d, r, &n, 3))
        return false;
    if (n == 0)
        return true;
    m->exports = mwD_array(d, n, sizeof *m->exports, mwR_offset(r));
    if (m->exports == NULL)
        return false;
    m->nexports = n;
    for (uint32_t i = 0; i < n; i++) {
        mwi_export *ex = &m->exports[i];
        uint8_t kind;
        if (!mwR_name(r, &ex->name, &ex->name_len) || !mwR_u8(r, &kind))
            return false;
        if (kind > 3) {
            r->p--;
            if (kind == 4)
                return mwR_unsupported(r, MWD_UNSUPPORTED("exceptions", "tag export"));
            return mwR_fail(r, "malformed export kind");
        }
        size_t at = mwR_offset(r);
        if (!mwR_u32(r, &ex->index))
            return false;
        ex->kind = (mw_extern_kind)kind;
        static const char *const what[4] = { "function", "table", "memory", "global" };
        uint32_t limit = kind == 0 ? m->nfuncs : kind == 1 ? m->ntables
                       : kind == 2 ? m->nmems : m->nglobals;
        if (ex->index >= limit)
            mwD_invalid(d, at, "unknown %s %u", what[kind], ex->index);
    }
    return mwD_check_export_names(d);
}

static bool mwD_sec_start(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    size_t at = mwR_offset(r);
    uint32_t x;
    if (!mwR_u32(r, &x))
        return false;
    m->has_start = true;
    m->start = x;
    if (x >= m->nfuncs) {
        mwD_invalid(d, at, "unknown function %u", x);
    } else if (m->funcs[x].type < m->ntypes) {   /* else already reported */
        const mw_functype *ft = &m->types[m->funcs[x].type];
        if (ft->nparams != 0 || ft->nresults != 0)
            mwD_invalid(d, at, "start function must have type [] -> []");
    }
    return true;
}

static bool mwD_elem(mwD_dec *d, mwR_reader *r, mwi_elem *el)
{
    mw_module *m = d->m;
    size_t at = mwR_offset(r), table_at = at;
    uint32_t flags, n;
    if (!mwR_u32(r, &flags))
        return false;
    if (flags > 7) {
        r->p = r->base + at;
        return mwR_fail(r, "malformed elements segment kind");
    }
    /* Bit 0: passive/declarative; bit 1: explicit table or declarative; bit 2: exprs. */
    el->type = MW_FUNCREF;
    if (!(flags & 1)) {
        el->mode = MWI_SEG_ACTIVE;
        el->table = 0;
        table_at = mwR_offset(r);
        if ((flags & 2) && !mwR_u32(r, &el->table))
            return false;
        if (!mwD_const(d, r, MW_I32, &el->offset))
            return false;
    } else {
        el->mode = (flags & 2) ? MWI_SEG_DECLARATIVE : MWI_SEG_PASSIVE;
    }
    bool exprs = (flags & 4) != 0;
    if (flags & 3) {
        if (exprs) {
            if (!mwD_reftype(r, &el->type))
                return false;
        } else {
            uint8_t kind;
            if (!mwR_u8(r, &kind))
                return false;
            if (kind != 0x00) {
                r->p--;
                return mwR_fail(r, "malformed element kind");
            }
        }
    }
    if (!mwD_count(d, r, &n, 1))
        return false;
    if (n > 0) {
        el->items = mwD_array(d, n, sizeof *el->items, mwR_offset(r));
        if (el->items == NULL)
            return false;
        el->n = n;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (exprs) {
            if (!mwD_const(d, r, el->type, &el->items[i]))
                return false;
        } else {
            size_t fat = mwR_offset(r);
            uint32_t x;
            if (!mwR_u32(r, &x))
                return false;
            if (x >= m->nfuncs)
                mwD_invalid(d, fat, "unknown function %u", x);
            el->items[i].op = OP_REF_FUNC;
            el->items[i].val = x;
        }
    }
    if (el->mode == MWI_SEG_ACTIVE) {
        if (el->table >= m->ntables)
            mwD_invalid(d, table_at, "unknown table %u", el->table);
        else if (m->tables[el->table].elem != el->type)
            mwD_invalid(d, table_at, "type mismatch: element segment type differs from "
                                     "the table's element type");
    }
    return true;
}

static bool mwD_sec_elem(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    uint32_t n;
    if (!mwD_count(d, r, &n, 3))
        return false;
    if (n == 0)
        return true;
    m->elems = mwD_array(d, n, sizeof *m->elems, mwR_offset(r));
    if (m->elems == NULL)
        return false;
    m->nelems = n;
    for (uint32_t i = 0; i < n; i++)
        if (!mwD_elem(d, r, &m->elems[i]))
            return false;
    return true;
}

static bool mwD_sec_datacount(mwD_dec *d, mwR_reader *r)
{
    if (!mwR_u32(r, &d->m->datacount))
        return false;
    d->m->has_datacount = true;
    return true;
}

static bool mwD_sec_code(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    size_t at = mwR_offset(r);
    uint32_t n;
    if (!mwD_count(d, r, &n, 1))
        return false;
    d->has_code = true;
    if (n != m->nfuncs - m->nfunc_imports)
        return mwD_fatal(d, MW_ERR_MALFORMED, at,
                         "function and code section have inconsistent lengths");
    for (uint32_t i = 0; i < n; i++) {
        uint32_t size;
        if (!mwR_u32(r, &size))
            return false;
        size_t off = mwR_offset(r);
        if (!mwR_skip(r, size))
            return false;
        mwi_func *f = &m->funcs[m->nfunc_imports + i];
        f->body_off = (uint32_t)off;     /* the module is < 4 GiB (checked up front) */
        f->body_len = size;
    }
    return true;
}

static bool mwD_sec_data(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    size_t at = mwR_offset(r);
    uint32_t n;
    if (!mwD_count(d, r, &n, 2))
        return false;
    d->has_data = true;
    if (m->has_datacount && n != m->datacount)
        return mwD_fatal(d, MW_ERR_MALFORMED, at,
                         "data count and data section have inconsistent lengths");
    if (n == 0)
        return true;
    m->datas = mwD_array(d, n, sizeof *m->datas, mwR_offset(r));
    if (m->datas == NULL)
        return false;
    m->ndatas = n;
    for (uint32_t i = 0; i < n; i++) {
        mwi_data *ds = &m->datas[i];
        size_t sat = mwR_offset(r);
        uint32_t flags, len;
        if (!mwR_u32(r, &flags))
            return false;
        if (flags > 2) {
            r->p = r->base + sat;
            return mwR_fail(r, "malformed data segment kind");
        }
        if (flags == 1) {
            ds->mode = MWI_SEG_PASSIVE;
        } else {
            ds->mode = MWI_SEG_ACTIVE;
            size_t mat = mwR_offset(r);
            if (flags == 2 && !mwR_u32(r, &ds->mem))
                return false;
            if (ds->mem >= m->nmems)
                mwD_invalid(d, mat, "unknown memory %u", ds->mem);
            if (!mwD_const(d, r, MW_I32, &ds->offset))
                return false;
        }
        if (!mwR_u32(r, &len) || !mwR_bytes(r, len, &ds->bytes))
            return false;
        ds->len = len;
    }
    return true;
}

/*
 * The "name" custom section (appendix/custom.rst): only the function-name map is kept.
 * Errors inside it are ignored, as the spec requires of custom sections.
 */
static void mwD_names(mwD_dec *d, const uint8_t *p, const uint8_t *end)
{
    mw_module *m = d->m;
    mw_error scratch;
    mwE_clear(&scratch);
    mwR_reader r = { m->bytes, p, end, &scratch };
    while (!mwR_eof(&r)) {
        uint8_t id;
        uint32_t size, n;
        if (!mwR_u8(&r, &id) || !mwR_u32(&r, &size) || size > mwR_left(&r))
            return;
        mwR_reader s = { m->bytes, r.p, r.p + size, &scratch };
        r.p += size;
        if (id != 1)
            continue;
        if (!mwR_u32(&s, &n) || n == 0 || n > mwR_left(&s) / 2)
            return;
        mwi_name *names = mwD_zarray(d->e, n, sizeof *names);
        if (names == NULL)
            return;     /* names are optional: do without rather than fail */
        bool ok = true;
        for (uint32_t i = 0; ok && i < n; i++) {
            ok = mwR_u32(&s, &names[i].idx) && mwR_name(&s, &names[i].name, &names[i].len) &&
                 (i == 0 || names[i].idx > names[i - 1].idx);
        }
        if (!ok || !mwR_eof(&s)) {
            mwM_free(d->e, names, (size_t)n * sizeof *names);
            return;
        }
        m->func_names = names;
        m->nfunc_names = n;
        return;
    }
}

static bool mwD_sec_custom(mwD_dec *d, mwR_reader *r)
{
    mw_module *m = d->m;
    mwi_custom c;
    if (!mwR_name(r, &c.name, &c.name_len))
        return false;
    c.data = r->p;
    c.len = (uint32_t)mwR_left(r);
    r->p = r->end;
    if (d->ncustom < m->ncustoms)      /* always: the pre-scan counted them */
        m->customs[d->ncustom++] = c;
    if (!d->names_done && c.name_len == 4 && mwi_bytes_eq(c.name, "name", 4)) {
        d->names_done = true;
        mwD_names(d, c.data, c.data + c.len);
    }
    return true;
}

/* ------------------------------------------------------------------ module */

static const char *const mwD_section_names[13] = {
    "custom", "type", "import", "function", "table", "memory", "global", "export",
    "start", "element", "code", "data", "data count"
};

/* Position of each section id in the required order (data count sits before code). */
static const uint8_t mwD_rank[13] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10 };

/* Custom sections are counted before decoding so m->customs is allocated once, exactly.
 * The walk stops quietly at the first problem; the real pass reports it. */
static uint32_t mwD_count_customs(const mw_module *m)
{
    mw_error scratch;
    mwE_clear(&scratch);
    mwR_reader r = { m->bytes, m->bytes + 8, m->bytes + m->len, &scratch };
    uint32_t n = 0;
    while (!mwR_eof(&r)) {
        uint8_t id;
        uint32_t size;
        if (!mwR_u8(&r, &id) || !mwR_u32(&r, &size) || size > mwR_left(&r))
            break;
        r.p += size;
        n += id == 0;
    }
    return n;
}

static void mwD_append_context(mw_error *e, const char *section)
{
    size_t len = mwE_strlen(e->msg);
    mwE_format(e->msg + len, sizeof e->msg - len, " (in %s section)", section);
}

/* C.refs: functions named outside function bodies (valid/modules.rst). */
static bool mwD_refs(mwD_dec *d)
{
    mw_module *m = d->m;
    if (m->nfuncs == 0)
        return true;
    m->func_refd = mwM_zalloc(d->e, m->nfuncs);
    if (m->func_refd == NULL)
        return mwD_nomem(d, SIZE_MAX);
    for (uint32_t i = 0; i < m->nglobals; i++)
        if (m->globals[i].init.op == OP_REF_FUNC && m->globals[i].init.val < m->nfuncs)
            m->func_refd[m->globals[i].init.val] = 1;
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == MW_EXTERN_FUNC && m->exports[i].index < m->nfuncs)
            m->func_refd[m->exports[i].index] = 1;
    for (uint32_t i = 0; i < m->nelems; i++)
        for (uint32_t k = 0; k < m->elems[i].n; k++) {
            const mwi_constexpr *c = &m->elems[i].items[k];
            if (c->op == OP_REF_FUNC && c->val < m->nfuncs)
                m->func_refd[c->val] = 1;
        }
    return true;
}

/* Does every function have a valid type index? (compile.c indexes types with them) */
static bool mwD_types_ok(const mw_module *m)
{
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (m->funcs[i].type >= m->ntypes)
            return false;
    return true;
}

static bool mwD_sections(mwD_dec *d)
{
    mw_module *m = d->m;
    static const uint8_t magic[4] = { 0x00, 0x61, 0x73, 0x6D };
    static const uint8_t version[4] = { 0x01, 0x00, 0x00, 0x00 };
    if (m->len > UINT32_MAX)
        return mwD_fatal(d, MW_ERR_LIMIT, SIZE_MAX, "module larger than 4 GiB");
    if (m->len < 4)
        return mwD_fatal(d, MW_ERR_MALFORMED, m->len, "unexpected end (magic header)");
    if (!mwi_bytes_eq(m->bytes, magic, 4))
        return mwD_fatal(d, MW_ERR_MALFORMED, 0, "magic header not detected");
    if (m->len < 8)
        return mwD_fatal(d, MW_ERR_MALFORMED, m->len, "unexpected end (binary version)");
    if (!mwi_bytes_eq(m->bytes + 4, version, 4))
        return mwD_fatal(d, MW_ERR_MALFORMED, 4, "unknown binary version");

    uint32_t ncustoms = mwD_count_customs(m);
    if (ncustoms > 0) {
        m->customs = mwD_array(d, ncustoms, sizeof *m->customs, 8);
        if (m->customs == NULL)
            return false;
        m->ncustoms = ncustoms;
    }

    mwR_reader top;
    mwR_init(&top, m->bytes, 8, m->len, d->err);
    unsigned last = 0;
    while (!mwR_eof(&top)) {
        size_t at = mwR_offset(&top);
        uint8_t id;
        uint32_t size;
        (void)mwR_u8(&top, &id);
        if (id == 13)
            return mwD_fatal(d, MW_ERR_UNSUPPORTED, at,
                             MWD_UNSUPPORTED("exceptions", "tag section"));
        if (id > 12)
            return mwD_fatal(d, MW_ERR_MALFORMED, at, "malformed section id");
        if (mwR_eof(&top))
            return mwD_fatal(d, MW_ERR_MALFORMED, mwR_offset(&top),
                             "unexpected end (section size)");
        if (!mwR_u32(&top, &size))
            return false;
        if (size > mwR_left(&top))
            return mwD_fatal(d, MW_ERR_MALFORMED, mwR_offset(&top),
                             "length out of bounds: section size exceeds the module");
        if (id != 0) {
            if (mwD_rank[id] <= last) {
                mwE_set(d->err, MW_ERR_MALFORMED, at, "unexpected content after last "
                        "section: %s section %s", mwD_section_names[id],
                        mwD_rank[id] == last ? "repeated" : "out of order");
                return false;
            }
            last = mwD_rank[id];
        }
        mwR_reader s;
        mwR_init(&s, m->bytes, mwR_offset(&top), mwR_offset(&top) + size, d->err);
        top.p = s.end;
        bool ok;
        switch (id) {
        case 0: ok = mwD_sec_custom(d, &s); break;
        case 1: ok = mwD_sec_type(d, &s); break;
        case 2: ok = mwD_sec_import(d, &s); break;
        case 3: ok = mwD_sec_func(d, &s); break;
        case 4: ok = mwD_sec_table(d, &s); break;
        case 5: ok = mwD_sec_memory(d, &s); break;
        case 6: ok = mwD_sec_global(d, &s); break;
        case 7: ok = mwD_sec_export(d, &s); break;
        case 8: ok = mwD_sec_start(d, &s); break;
        case 9: ok = mwD_sec_elem(d, &s); break;
        case 10: ok = mwD_sec_code(d, &s); break;
        case 11: ok = mwD_sec_data(d, &s); break;
        default: ok = mwD_sec_datacount(d, &s); break;
        }
        if (ok && !mwR_eof(&s))
            ok = mwD_fatal(d, MW_ERR_MALFORMED, mwR_offset(&s), "section size mismatch");
        if (!ok) {
            if (d->err->code == MW_ERR_MALFORMED || d->err->code == MW_ERR_UNSUPPORTED)
                mwD_append_context(d->err, mwD_section_names[id]);
            return false;
        }
    }
    if (!d->has_code && m->nfuncs != m->nfunc_imports)
        return mwD_fatal(d, MW_ERR_MALFORMED, m->len,
                         "function and code section have inconsistent lengths");
    if (m->has_datacount && !d->has_data && m->datacount != 0)
        return mwD_fatal(d, MW_ERR_MALFORMED, m->len,
                         "data count and data section have inconsistent lengths");
    return true;
}

mw_result mwD_decode(mw_module *m, mw_error *err)
{
    mw_error fe;     /* local, so failure is known even when err is NULL or already set */
    mwE_clear(&fe);
    mwD_dec d;
    memset(&d, 0, sizeof d);
    d.m = m;
    d.e = m->engine;
    d.err = &fe;
    mwE_clear(&d.inv);

    if (mwD_sections(&d) && mwD_refs(&d) && mwD_types_ok(m)) {
        for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
            mw_error ce;
            mwE_clear(&ce);
            mw_result r = mwC_compile(m, i, &ce);
            if (r == MW_OK)
                continue;
            mwE_set(&ce, r, m->funcs[i].body_off, "function %u does not compile", i);
            if (r == MW_ERR_INVALID) {
                /* Keep looking: a later malformed body takes precedence. */
                if (d.inv.code == MW_OK)
                    d.inv = ce;
                continue;
            }
            fe = ce;
            break;
        }
    }
    if (fe.code == MW_OK && d.inv.code != MW_OK)
        fe = d.inv;
    if (fe.code == MW_OK)
        mwC_link(m);
    if (fe.code != MW_OK && err != NULL && err->code == MW_OK)
        *err = fe;
    return fe.code;
}

void mwD_free(mw_module *m)
{
    mw_engine *e = m->engine;
    for (uint32_t i = 0; i < m->ntypes; i++) {
        mw_functype *t = &m->types[i];
        mwM_free(e, (void *)(uintptr_t)t->params,
                 ((size_t)t->nparams + t->nresults) * sizeof(mw_valtype));
    }
    mwM_free(e, m->types, (size_t)m->ntypes * sizeof *m->types);
    for (uint32_t i = 0; i < m->nfuncs; i++)
        mwM_free(e, m->funcs[i].code.ops, (size_t)m->funcs[i].code.nops * sizeof(mw_unit));
    mwM_free(e, m->funcs, (size_t)m->nfuncs * sizeof *m->funcs);
    mwM_free(e, m->tables, (size_t)m->ntables * sizeof *m->tables);
    mwM_free(e, m->mems, (size_t)m->nmems * sizeof *m->mems);
    mwM_free(e, m->globals, (size_t)m->nglobals * sizeof *m->globals);
    mwM_free(e, m->imports, (size_t)m->nimports * sizeof *m->imports);
    mwM_free(e, m->exports, (size_t)m->nexports * sizeof *m->exports);
    for (uint32_t i = 0; i < m->nelems; i++)
        mwM_free(e, m->elems[i].items, (size_t)m->elems[i].n * sizeof *m->elems[i].items);
    mwM_free(e, m->elems, (size_t)m->nelems * sizeof *m->elems);
    mwM_free(e, m->datas, (size_t)m->ndatas * sizeof *m->datas);
    mwM_free(e, m->func_refd, m->nfuncs);
    mwM_free(e, m->customs, (size_t)m->ncustoms * sizeof *m->customs);
    mwM_free(e, m->func_names, (size_t)m->nfunc_names * sizeof *m->func_names);
    m->types = NULL; m->ntypes = 0;
    m->funcs = NULL; m->nfuncs = m->nfunc_imports = 0;
    m->tables = NULL; m->ntables = m->ntable_imports = 0;
    m->mems = NULL; m->nmems = m->nmem_imports = 0;
    m->globals = NULL; m->nglobals = m->nglobal_imports = 0;
    m->imports = NULL; m->nimports = 0;
    m->exports = NULL; m->nexports = 0;
    m->elems = NULL; m->nelems = 0;
    m->datas = NULL; m->ndatas = 0;
    m->func_refd = NULL;
    m->customs = NULL; m->ncustoms = 0;
    m->func_names = NULL; m->nfunc_names = 0;
}

bool mwD_functype_eq(const mw_functype *a, const mw_functype *b)
{
    if (a->nparams != b->nparams || a->nresults != b->nresults)
        return false;
    for (uint32_t i = 0; i < a->nparams; i++)
        if (a->params[i] != b->params[i])
            return false;
    for (uint32_t i = 0; i < a->nresults; i++)
        if (a->results[i] != b->results[i])
            return false;
    return true;
}
