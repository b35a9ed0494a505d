/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * read.h — bounds-checked reader of the WebAssembly binary format (binary/values.rst).
 *
 * A reader walks [p, end) of a buffer starting at base; offsets in errors are p - base,
 * so give every reader the module's first byte as base. Every function returns false
 * after recording a MW_ERR_MALFORMED error (first error wins, see mwE_set) and then
 * leaves p unspecified and numeric outputs zero (so callers that ignore a result they
 * know cannot fail read defined values); on success it advances p past what it read.
 *
 *   mwR_reader r;
 *   mwR_init(&r, m->bytes, f->body_off, f->body_off + f->body_len, err);
 *   uint32_t n; if (!mwR_u32(&r, &n)) return MW_ERR_MALFORMED;
 */
#ifndef MW_READ_H
#define MW_READ_H

#include "mw_internal.h"

typedef struct mwR_reader {
    const uint8_t *base, *p, *end;
    mw_error *err;
} mwR_reader;

/* Readers are bounded by a section or a function body, hence the spec's wording. */
#define MWR_EOF_MSG "unexpected end of section or function"

static inline void mwR_init(mwR_reader *r, const uint8_t *base, size_t start, size_t end,
                            mw_error *err)
{
    r->base = base;
    r->p = base + start;
    r->end = base + end;
    r->err = err;
}

static inline size_t mwR_offset(const mwR_reader *r) { return (size_t)(r->p - r->base); }
static inline size_t mwR_left(const mwR_reader *r) { return (size_t)(r->end - r->p); }
static inline bool mwR_eof(const mwR_reader *r) { return r->p >= r->end; }

/* Record a malformed-module error at the current position; returns false. */
static inline bool mwR_fail(mwR_reader *r, const char *msg)
{
    mwE_set(r->err, MW_ERR_MALFORMED, mwR_offset(r), "%s", msg);
    return false;
}

/* Record that the module needs a feature this build left out; returns false. */
static inline bool mwR_unsupported(mwR_reader *r, const char *msg)
{
    mwE_set(r->err, MW_ERR_UNSUPPORTED, mwR_offset(r), "%s", msg);
    return false;
}

static inline bool mwR_u8(mwR_reader *r, uint8_t *out)
{
    if (MW_UNLIKELY(r->p >= r->end)) {
        *out = 0;
        return mwR_fail(r, MWR_EOF_MSG);
    }
    *out = *r->p++;
    return true;
}

/*
 * LEB128 of an N-bit integer: at most ceil(N/7) bytes, and the bits of the last byte
 * beyond N must be zero (unsigned) or copies of the sign bit (signed).
 */
static inline bool mwR_leb_(mwR_reader *r, unsigned bits, bool is_signed, uint64_t *out)
{
    const unsigned maxbytes = (bits + 6) / 7;
    uint64_t v = 0;
    *out = 0;
    unsigned shift = 0;
    for (unsigned i = 0;; i++) {
        if (MW_UNLIKELY(r->p >= r->end))
            return mwR_fail(r, MWR_EOF_MSG);
        uint8_t b = *r->p;
        if (i == maxbytes - 1) {
            if (b & 0x80)
                return mwR_fail(r, "integer representation too long");
            unsigned used = bits - shift;        /* 1..7 payload bits in this byte */
            uint8_t extra = (uint8_t)(0x7F & ~((1u << used) - 1));
            if (is_signed) {
                bool neg = (b >> (used - 1)) & 1;
                if ((b & extra) != (neg ? extra : 0))
                    return mwR_fail(r, "integer too large");
            } else if (b & extra) {
                return mwR_fail(r, "integer too large");
            }
        }
        r->p++;
        v |= (uint64_t)(b & 0x7F) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            if (is_signed && shift < 64 && (b & 0x40))
                v |= ~(uint64_t)0 << shift;      /* sign-extend */
            break;
        }
    }
    if (bits < 64) {
        /* Keep the value in its N-bit two's complement range for the callers' casts. */
        uint64_t mask = ((uint64_t)1 << bits) - 1;
        v = is_signed && (v >> (bits - 1) & 1) ? v | ~mask : v & mask;
    }
    *out = v;
    return true;
}

static inline bool mwR_u32(mwR_reader *r, uint32_t *out)
{
    /* One-byte fast path: most indices and counts are small. */
    if (MW_LIKELY(r->p < r->end && *r->p < 0x80)) {
        *out = *r->p++;
        return true;
    }
    uint64_t v;
    bool ok = mwR_leb_(r, 32, false, &v);
    *out = (uint32_t)v;
    return ok;
    return true;
}

static inline bool mwR_u64(mwR_reader *r, uint64_t *out)
{
    return mwR_leb_(r, 64, false, out);
}

static inline bool mwR_s32(mwR_reader *r, int32_t *out)
{
    uint64_t v;
    bool ok = mwR_leb_(r, 32, true, &v);
    uint32_t u = (uint32_t)v;
    *out = u >> 31 ? -(int32_t)(~u) - 1 : (int32_t)u;   /* no implementation-defined cast */
    return ok;
}

/* Block types: a negative value is a value type or 0x40 (empty), else a type index. */
static inline bool mwR_s33(mwR_reader *r, int64_t *out)
{
    uint64_t v;
    bool ok = mwR_leb_(r, 33, true, &v);
    *out = v >> 63 ? -(int64_t)(~v) - 1 : (int64_t)v;
    return ok;
}

static inline bool mwR_s64(mwR_reader *r, int64_t *out)
{
    uint64_t v;
    bool ok = mwR_leb_(r, 64, true, &v);
    *out = v >> 63 ? -(int64_t)(~v) - 1 : (int64_t)v;   /* no implementation-defined cast */
    return ok;
}

/* Floats are their raw IEEE bits, little-endian. */
static inline bool mwR_f32(mwR_reader *r, uint32_t *bits)
{
    if (MW_UNLIKELY(mwR_left(r) < 4)) {
        *bits = 0;
        return mwR_fail(r, MWR_EOF_MSG);
    }
    const uint8_t *p = r->p;
    *bits = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    r->p += 4;
    return true;
}

static inline bool mwR_f64(mwR_reader *r, uint64_t *bits)
{
    if (MW_UNLIKELY(mwR_left(r) < 8)) {
        *bits = 0;
        return mwR_fail(r, MWR_EOF_MSG);
    }
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | r->p[i];
    r->p += 8;
    *bits = v;
    return true;
}

/* n raw bytes, borrowed from the buffer. */
static inline bool mwR_bytes(mwR_reader *r, size_t n, const uint8_t **out)
{
    if (MW_UNLIKELY(n > mwR_left(r))) {
        *out = NULL;
        return mwR_fail(r, "length out of bounds");
    }
    *out = r->p;
    r->p += n;
    return true;
}

static inline bool mwR_skip(mwR_reader *r, size_t n)
{
    const uint8_t *unused;
    return mwR_bytes(r, n, &unused);
}

/* Is s[0..n) well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF)? */
static inline bool mwR_utf8_ok(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t b = s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp, min;
        if (b >= 0xC2 && b <= 0xDF) {
            len = 2; cp = b & 0x1Fu; min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3; cp = b & 0x0Fu; min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4; cp = b & 0x07u; min = 0x10000;
        } else {
            return false;   /* continuation byte, overlong 2-byte lead, or > U+10FFFF lead */
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            uint8_t c = s[i + k];
            if ((c & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (c & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

/* A name: u32 length, then that many bytes of UTF-8. Borrowed from the buffer. */
static inline bool mwR_name(mwR_reader *r, const char **s, uint32_t *len)
{
    uint32_t n;
    const uint8_t *b;
    *s = NULL;
    *len = 0;
    if (!mwR_u32(r, &n) || !mwR_bytes(r, n, &b))
        return false;
    if (!mwR_utf8_ok(b, n)) {
        r->p = b;   /* report the name's first byte */
        return mwR_fail(r, "malformed UTF-8 encoding");
    }
    *s = (const char *)b;
    *len = n;
    return true;
}

#endif
