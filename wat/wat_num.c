/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * wat_num.c — numeric literals of the text format: integers with range checks and floats
 * rounded to nearest-even exactly (decimal literals through a small big-integer
 * quotient, hex literals from their leading 64 bits and a sticky bit). No libc strtod.
 */
#include "wat.h"

/* Reads digits with single underscores between them. Returns false on a syntax error;
 * *ovf is set when the value does not fit 64 bits. */
static bool mwt_nat(const char *s, size_t n, bool hex, uint64_t *out, bool *ovf)
{
    uint64_t v = 0;
    bool prev = false;
    *ovf = false;
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '_') {
            if (!prev || i + 1 == n)
                return false;
            prev = false;
            continue;
        }
        unsigned d;
        if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
        else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') d = (unsigned)((c | 0x20) - 'a' + 10);
        else return false;
        unsigned base = hex ? 16u : 10u;
        if (v > (UINT64_MAX - d) / base)
            *ovf = true;
        v = v * base + d;
        prev = true;
    }
    *out = v;
    return true;
}

bool mwt_is_num(const mwt_sx *a)
{
    return a != NULL && a->kind == MWT_ATOM && a->len > 0 && a->text[0] >= '0' && a->text[0] <= '9';
}

static mw_result mwt_unsigned(const mwt_sx *a, uint64_t max, uint64_t *out, mwt_error *err)
{
    if (!mwt_is_num(a))
        return mwt_failat(err, a, "unexpected token, expected a number");
    bool hex = a->len > 2 && a->text[0] == '0' && a->text[1] == 'x';
    bool ovf;
    uint64_t v;
    if (!mwt_nat(a->text + (hex ? 2 : 0), a->len - (hex ? 2 : 0), hex, &v, &ovf))
        return mwt_failat(err, a, "unknown operator or malformed number '%.*s'", (int)a->len, a->text);
    if (ovf || v > max)
        return mwt_failat(err, a, "constant out of range");
    *out = v;
    return MW_OK;
}

mw_result mwt_num_u32(const mwt_sx *a, uint32_t *out, mwt_error *err)
{
    uint64_t v = 0;
    mw_result r = mwt_unsigned(a, UINT32_MAX, &v, err);
    if (r == MW_OK)
        *out = (uint32_t)v;
    return r;
}

mw_result mwt_num_u64(const mwt_sx *a, uint64_t *out, mwt_error *err)
{
    return mwt_unsigned(a, UINT64_MAX, out, err);
}

mw_result mwt_parse_int(const mwt_sx *a, unsigned bits, uint64_t *out, mwt_error *err)
{
    if (err != NULL)
        err->msg[0] = '\0';   /* an entry point: no earlier error to keep */
    if (a == NULL || a->kind != MWT_ATOM || a->len == 0)
        return mwt_failat(err, a, "unexpected token, expected an i%u constant", bits);
    if (bits != 8 && bits != 16 && bits != 32 && bits != 64)
        return mwt_failat(err, a, "bad integer width");
    const char *s = a->text;
    size_t n = a->len;
    bool neg = false, sign = false;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        sign = true;
        s++;
        n--;
    }
    if (n == 0 || s[0] < '0' || s[0] > '9')
        return mwt_failat(err, a, "unexpected token, expected an i%u constant", bits);
    bool hex = n > 2 && s[0] == '0' && s[1] == 'x';
    bool ovf;
    uint64_t v;
    if (!mwt_nat(s + (hex ? 2 : 0), n - (hex ? 2 : 0), hex, &v, &ovf))
        return mwt_failat(err, a, "unknown operator: malformed i%u constant '%.*s'", bits,
                          (int)a->len, a->text);
    uint64_t umax = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
    uint64_t nmax = (uint64_t)1 << (bits - 1);
    (void)sign;
    if (ovf || (neg ? v > nmax : v > umax))
        return mwt_failat(err, a, "constant out of range");
    if (neg)
        v = 0 - v;
    *out = v & umax;
    return MW_OK;
}

/* ---------------------------------------------------------------- floats */

typedef struct mwt_fmt {
    unsigned p;      /* significand bits including the implicit one: 24 or 53 */
    int emin, emax;  /* unbiased exponent range of normal numbers */
    unsigned ebits;
} mwt_fmt;

static const mwt_fmt mwt_f32 = { 24, -126, 127, 8 };
static const mwt_fmt mwt_f64 = { 53, -1022, 1023, 11 };

static unsigned mwt_bitlen64(uint64_t v)
{
    unsigned n = 0;
    while (v) {
        n++;
        v >>= 1;
    }
    return n;
}

/* value = q * 2^e (+ a little more when sticky): rounds to nearest-even. Returns false
 * on overflow to infinity. *bits is the magnitude's bit pattern. */
static bool mwt_round(uint64_t q, long e, bool sticky, const mwt_fmt *f, uint64_t *bits)
{
    if (q == 0) {
        *bits = 0;
        return true;
    }
    long bl = (long)mwt_bitlen64(q);
    long E = bl - 1 + e;
    if (E > f->emax + 1)
        return false;
    long keep = E >= f->emin ? (long)f->p : (long)f->p - (f->emin - E);
    long drop = bl - keep;
    uint64_t m;
    if (drop <= 0) {
        m = q << -drop;   /* exact: drop >= -(p - 1) since q has at least one bit */
    } else if (drop > 64) {
        m = 0;            /* below half the smallest subnormal */
    } else {
        uint64_t rem = drop == 64 ? q : q & (((uint64_t)1 << drop) - 1);
        uint64_t half = (uint64_t)1 << (drop - 1);
        m = drop == 64 ? 0 : q >> drop;
        if (rem > half || (rem == half && (sticky || (m & 1))))
            m++;
    }
    uint64_t out;
    if (E >= f->emin) {
        out = ((uint64_t)(E + ((1L << (f->ebits - 1)) - 1)) << (f->p - 1)) +
              (m - ((uint64_t)1 << (f->p - 1)));
    } else {
        out = m;   /* subnormal; rounding up to the smallest normal carries correctly */
    }
    uint64_t inf = (((uint64_t)1 << f->ebits) - 1) << (f->p - 1);
    if (out >= inf)
        return false;
    *bits = out;
    return true;
}

/* Big unsigned integers of 32-bit limbs, least significant first. */
#define MWT_BIGW 192
typedef struct mwt_big { uint32_t w[MWT_BIGW]; unsigned n; } mwt_big;

static void mwt_big_set(mwt_big *b, uint32_t v)
{
    b->n = v ? 1 : 0;
    b->w[0] = v;
}

static bool mwt_big_muladd(mwt_big *b, uint32_t mul, uint32_t add)
{
    uint64_t carry = add;
    for (unsigned i = 0; i < b->n; i++) {
        uint64_t t = (uint64_t)b->w[i] * mul + carry;
        b->w[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry) {
        if (b->n == MWT_BIGW)
            return false;
        b->w[b->n++] = (uint32_t)carry;
    }
    return true;
}

static unsigned mwt_big_bitlen(const mwt_big *b)
{
    return b->n == 0 ? 0 : (b->n - 1) * 32 + mwt_bitlen64(b->w[b->n - 1]);
}

static bool mwt_big_shl(mwt_big *b, unsigned k)
{
    if (b->n == 0)
        return true;
    unsigned words = k / 32, bitsh = k % 32;
    if (b->n + words + 1 > MWT_BIGW)
        return false;
    uint32_t hi = 0;
    if (bitsh) {
        hi = b->w[b->n - 1] >> (32 - bitsh);
        for (unsigned i = b->n - 1; i > 0; i--)
            b->w[i] = (b->w[i] << bitsh) | (b->w[i - 1] >> (32 - bitsh));
        b->w[0] <<= bitsh;
    }
    if (hi)
        b->w[b->n++] = hi;
    if (words) {
        memmove(b->w + words, b->w, b->n * sizeof(uint32_t));
        memset(b->w, 0, words * sizeof(uint32_t));
        b->n += words;
    }
    return true;
}

static int mwt_big_cmp(const mwt_big *a, const mwt_big *b)
{
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (unsigned i = a->n; i-- > 0;)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

static void mwt_big_sub(mwt_big *a, const mwt_big *b)   /* a -= b, a >= b */
{
    uint64_t borrow = 0;
    for (unsigned i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->w[i] - (i < b->n ? b->w[i] : 0) - borrow;
        a->w[i] = (uint32_t)t;
        borrow = (t >> 32) & 1;
    }
    while (a->n > 0 && a->w[a->n - 1] == 0)
        a->n--;
}

/* q = floor(num / den) where the quotient is known to be below 2^62; sticky = rem != 0.
 * Destroys num and den. */
static uint64_t mwt_big_div(mwt_big *num, mwt_big *den, bool *sticky)
{
    uint64_t q = 0;
    if (!mwt_big_shl(den, 62))
        return 0;
    for (int i = 62; i >= 0; i--) {
        if (mwt_big_cmp(num, den) >= 0) {
            mwt_big_sub(num, den);
            q |= (uint64_t)1 << i;
        }
        /* den >>= 1 */
        for (unsigned j = 0; j < den->n; j++)
            den->w[j] = (den->w[j] >> 1) | (j + 1 < den->n ? den->w[j + 1] << 31 : 0);
        while (den->n > 0 && den->w[den->n - 1] == 0)
            den->n--;
    }
    *sticky = num->n != 0;
    return q;
}

/* Significant digits kept; beyond them only "nonzero or not" matters (767 decimal
 * digits suffice to decide any f64 rounding). */
#define MWT_MAXDIG 780
/* Decimal exponents beyond these overflow or vanish for any digit count we keep. */
#define MWT_EXPCLAMP 100000L

/* The exponent of a float literal, s[i..n) after its 'e' or 'p': an optional sign, then
 * decimal digits with single '_' between them. Clamped at MWT_EXPCLAMP in magnitude
 * (beyond it every value overflows or vanishes). false: not that syntax. */
static bool mwt_exp_part(const char *s, size_t i, size_t n, long *out)
{
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        neg = s[i] == '-';
        i++;
    }
    if (i >= n)
        return false;
    long x = 0;
    bool prev = false;
    for (; i < n; i++) {
        if (s[i] == '_') {
            if (!prev || i + 1 == n)
                return false;
            prev = false;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (x < MWT_EXPCLAMP)
            x = x * 10 + (s[i] - '0');
        prev = true;
    }
    *out = neg ? -x : x;
    return true;
}

typedef enum { MWT_F_OK, MWT_F_SYNTAX, MWT_F_RANGE } mwt_fres;

static mwt_fres mwt_decimal(const char *s, size_t n, const mwt_fmt *f, uint64_t *bits)
{
    char dig[MWT_MAXDIG + 1];
    unsigned nd = 0;
    bool extra = false, seen = false, prev = false;
    long exp10 = 0;
    size_t i = 0;
    int part = 0;   /* 0 integer digits, 1 fraction digits */
    for (; i < n; i++) {
        char c = s[i];
        if (c == '_') {
            if (!prev || i + 1 == n || s[i + 1] < '0' || s[i + 1] > '9')
                return MWT_F_SYNTAX;
            prev = false;
            continue;
        }
        if (c == '.') {
            if (part != 0 || !prev)
                return MWT_F_SYNTAX;
            part = 1;
            prev = false;
            if (i + 1 < n && s[i + 1] == '_')
                return MWT_F_SYNTAX;
            continue;
        }
        if (c == 'e' || c == 'E')
            break;
        if (c < '0' || c > '9')
            return MWT_F_SYNTAX;
        seen = prev = true;
        if (nd == 0 && c == '0') {
            if (part == 1)
                exp10--;
            continue;
        }
        if (nd < MWT_MAXDIG) {
            dig[nd++] = c;
            if (part == 1)
                exp10--;
        } else {
            if (c != '0')
                extra = true;
            if (part == 0)
                exp10++;
        }
    }
    if (!seen)
        return MWT_F_SYNTAX;
    if (i < n) {   /* exponent */
        long e;
        if (!mwt_exp_part(s, i + 1, n, &e))
            return MWT_F_SYNTAX;
        exp10 += e;
    }
    if (nd == 0) {
        *bits = 0;
        return MWT_F_OK;
    }
    if (extra) {   /* a nonzero digit beyond the kept ones: a sticky trailing 1 */
        dig[nd++] = '1';
        exp10--;
    }
    long mag = exp10 + (long)nd;   /* value < 10^mag */
    if (mag > 330)
        return MWT_F_RANGE;
    if (mag < -360) {
        *bits = 0;
        return MWT_F_OK;
    }
    /* The largest operand: a denominator of 10^(360 + MWT_MAXDIG + 1), shifted 62 bits. */
    _Static_assert(MWT_BIGW * 32 > (MWT_MAXDIG + 362) * 10 / 3 + 130, "big enough");
    mwt_big num, den;
    mwt_big_set(&num, 0);
    for (unsigned k = 0; k < nd; k++)
        if (!mwt_big_muladd(&num, 10, (uint32_t)(dig[k] - '0')))
            return MWT_F_RANGE;
    mwt_big_set(&den, 1);
    for (long k = 0; k < exp10; k++)
        if (!mwt_big_muladd(&num, 10, 0))
            return MWT_F_RANGE;
    for (long k = 0; k < -exp10; k++)
        if (!mwt_big_muladd(&den, 10, 0))
            return MWT_F_RANGE;
    /* Scale so the quotient has p + 3 .. p + 4 bits. */
    long shift = (long)f->p + 3 - ((long)mwt_big_bitlen(&num) - (long)mwt_big_bitlen(&den));
    if (shift > 0) {
        if (!mwt_big_shl(&num, (unsigned)shift))
            return MWT_F_RANGE;
    } else if (shift < 0) {
        if (!mwt_big_shl(&den, (unsigned)-shift))
            return MWT_F_RANGE;
    }
    bool sticky = true;
    uint64_t q = mwt_big_div(&num, &den, &sticky);
    return mwt_round(q, -shift, sticky, f, bits) ? MWT_F_OK : MWT_F_RANGE;
}

static bool mwt_hexdig(char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static mwt_fres mwt_hexfloat(const char *s, size_t n, const mwt_fmt *f, uint64_t *bits)
{
    uint64_t q = 0;
    long e = 0;
    bool sticky = false, seen = false, prev = false;
    int part = 0;
    size_t i = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '_') {
            if (!prev || i + 1 == n || !mwt_hexdig(s[i + 1]))
                return MWT_F_SYNTAX;
            prev = false;
            continue;
        }
        if (c == '.') {
            if (part != 0 || !prev)
                return MWT_F_SYNTAX;
            part = 1;
            prev = false;
            if (i + 1 < n && s[i + 1] == '_')
                return MWT_F_SYNTAX;
            continue;
        }
        if (c == 'p' || c == 'P')
            break;
        unsigned d;
        if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') d = (unsigned)((c | 0x20) - 'a' + 10);
        else return MWT_F_SYNTAX;
        seen = prev = true;
        if (q >> 60) {   /* no room for 4 more bits: remember only whether it is nonzero */
            if (d)
                sticky = true;
            if (part == 0)
                e += 4;
        } else {
            q = q * 16 + d;
            if (part == 1)
                e -= 4;
        }
    }
    if (!seen)
        return MWT_F_SYNTAX;
    if (i < n) {   /* binary exponent */
        long x;
        if (!mwt_exp_part(s, i + 1, n, &x))
            return MWT_F_SYNTAX;
        e += x;
    }
    if (q == 0) {
        *bits = 0;
        return MWT_F_OK;
    }
    if (e > 4 * MWT_EXPCLAMP)
        return MWT_F_RANGE;
    if (e < -4 * MWT_EXPCLAMP) {
        *bits = 0;
        return MWT_F_OK;
    }
    /* Keep at least two spare bits below the significand so sticky matters only there. */
    return mwt_round(q, e, sticky, f, bits) ? MWT_F_OK : MWT_F_RANGE;
}

static mw_result mwt_float(const mwt_sx *a, const mwt_fmt *f, uint64_t *out, mwt_error *err)
{
    if (err != NULL)
        err->msg[0] = '\0';   /* an entry point: no earlier error to keep */
    if (a == NULL || a->kind != MWT_ATOM || a->len == 0)
        return mwt_failat(err, a, "unexpected token, expected a float constant");
    const char *s = a->text;
    size_t n = a->len;
    bool neg = false;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        s++;
        n--;
    }
    uint64_t sign = neg ? (uint64_t)1 << (f->p - 1 + f->ebits) : 0;
    uint64_t expall = (((uint64_t)1 << f->ebits) - 1) << (f->p - 1);
    uint64_t mantmask = ((uint64_t)1 << (f->p - 1)) - 1;
    if (n == 3 && mwi_bytes_eq(s, "inf", 3)) {
        *out = sign | expall;
        return MW_OK;
    }
    if (n == 3 && mwi_bytes_eq(s, "nan", 3)) {
        *out = sign | expall | ((uint64_t)1 << (f->p - 2));
        return MW_OK;
    }
    if (n > 6 && mwi_bytes_eq(s, "nan:0x", 6)) {
        uint64_t v;
        bool ovf;
        if (!mwt_nat(s + 6, n - 6, true, &v, &ovf))
            return mwt_failat(err, a, "unknown operator: malformed NaN payload");
        if (ovf || v == 0 || v > mantmask)
            return mwt_failat(err, a, "constant out of range");
        *out = sign | expall | v;
        return MW_OK;
    }
    if (n == 0 || s[0] < '0' || s[0] > '9')
        return mwt_failat(err, a, "unexpected token, expected a float constant");
    uint64_t bits = 0;
    mwt_fres r = n > 2 && s[0] == '0' && s[1] == 'x' ? mwt_hexfloat(s + 2, n - 2, f, &bits)
                                                     : mwt_decimal(s, n, f, &bits);
    if (r == MWT_F_SYNTAX)
        return mwt_failat(err, a, "unknown operator: malformed float constant '%.*s'",
                          (int)a->len, a->text);
    if (r == MWT_F_RANGE)
        return mwt_failat(err, a, "constant out of range");
    *out = sign | bits;
    return MW_OK;
}

mw_result mwt_parse_f32(const mwt_sx *a, uint32_t *bits, mwt_error *err)
{
    uint64_t v = 0;
    mw_result r = mwt_float(a, &mwt_f32, &v, err);
    if (r == MW_OK)
        *bits = (uint32_t)v;
    return r;
}

mw_result mwt_parse_f64(const mwt_sx *a, uint64_t *bits, mwt_error *err)
{
    return mwt_float(a, &mwt_f64, bits, err);
}
