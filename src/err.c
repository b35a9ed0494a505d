/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * err.c — error records and a tiny freestanding printf subset for their messages.
 */
#include "mw_internal.h"

size_t mwE_strlen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
        MWI_OPAQUE(n);
    }
    return n;
}

/* Output cursor that silently drops what does not fit, keeping room for the NUL. */
typedef struct mwE_out { char *buf; size_t cap, len; } mwE_out;

static void mwE_putc(mwE_out *o, char c)
{
    if (o->len + 1 < o->cap)
        o->buf[o->len++] = c;
}

static void mwE_puts(mwE_out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mwE_putc(o, s[i]);
}

static void mwE_putu(mwE_out *o, unsigned long long v, unsigned base, bool neg)
{
    char tmp[24];   /* 2^64 has 20 decimal digits, plus sign */
    size_t n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v != 0);
    if (neg)
        tmp[n++] = '-';
    while (n > 0)
        mwE_putc(o, tmp[--n]);
}

static void mwE_puti(mwE_out *o, long long v)
{
    /* Negate in unsigned arithmetic so LLONG_MIN does not overflow. */
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    mwE_putu(o, u, 10, v < 0);
}

/* Writes at most cap-1 characters plus a NUL (when cap > 0) and returns how many
 * characters were written, so buf + result is where a continuation goes. */
size_t mwE_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    mwE_out o = { buf, cap, 0 };
    if (fmt == NULL)
        fmt = "";
    for (const char *f = fmt; *f != '\0'; f++) {
        if (*f != '%') {
            mwE_putc(&o, *f);
            continue;
        }
        const char *spec = f++;
        bool prec = false;
        int precision = 0;
        if (f[0] == '.' && f[1] == '*') {
            prec = true;
            precision = va_arg(ap, int);
            f += 2;
        }
        int longs = 0;
        bool size = false;
        while (*f == 'l' && longs < 2) {
            longs++;
            f++;
        }
        if (longs == 0 && *f == 'z') {
            size = true;
            f++;
        }
        switch (*f) {
        case '%':
            mwE_putc(&o, '%');
            break;
        case 'c':
            mwE_putc(&o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (s == NULL)
                s = "(null)";
            size_t n = 0;
            /* With a precision the string need not be NUL-terminated. */
            if (prec)
                while ((precision < 0 || n < (size_t)precision) && s[n] != '\0') {
                    n++;
                    MWI_OPAQUE(n);
                }
            else
                n = mwE_strlen(s);
            mwE_puts(&o, s, n);
            break;
        }
        case 'd':
        case 'i':
            if (size)
                mwE_puti(&o, (long long)va_arg(ap, size_t));
            else if (longs == 2)
                mwE_puti(&o, va_arg(ap, long long));
            else if (longs == 1)
                mwE_puti(&o, va_arg(ap, long));
            else
                mwE_puti(&o, va_arg(ap, int));
            break;
        case 'u':
        case 'x': {
            unsigned long long v;
            if (size)
                v = va_arg(ap, size_t);
            else if (longs == 2)
                v = va_arg(ap, unsigned long long);
            else if (longs == 1)
                v = va_arg(ap, unsigned long);
            else
                v = va_arg(ap, unsigned);
            mwE_putu(&o, v, *f == 'x' ? 16 : 10, false);
            break;
        }
        case '\0':
            /* A lone '%' at the end: print what we saw and stop. */
            mwE_puts(&o, spec, (size_t)(f - spec));
            f--;
            break;
        default:
            /* Unknown conversion: print it literally rather than guess at arguments. */
            mwE_puts(&o, spec, (size_t)(f - spec) + 1);
            break;
        }
    }
    if (cap > 0)
        buf[o.len] = '\0';
    return o.len;
}

size_t mwE_format(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = mwE_vformat(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}

mw_result mwE_set(mw_error *err, mw_result code, size_t offset, const char *fmt, ...)
{
    if (err == NULL || err->code != MW_OK)
        return code;
    err->code = code;
    err->trap = MW_TRAP_NONE;
    err->offset = offset;
    err->exit_code = 0;
    va_list ap;
    va_start(ap, fmt);
    mwE_vformat(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

/* Traps follow the same first-error-wins rule. msg NULL selects the standard text. */
mw_result mwE_trap(mw_error *err, mw_trap_code trap, const char *msg)
{
    if (err == NULL || err->code != MW_OK)
        return MW_ERR_TRAP;
    err->code = MW_ERR_TRAP;
    err->trap = trap;
    err->offset = SIZE_MAX;
    err->exit_code = 0;
    mwE_format(err->msg, sizeof err->msg, "%s", msg != NULL ? msg : mw_trap_message(trap));
    return MW_ERR_TRAP;
}

void mwE_clear(mw_error *err)
{
    if (err == NULL)
        return;
    err->code = MW_OK;
    err->trap = MW_TRAP_NONE;
    err->offset = SIZE_MAX;
    err->exit_code = 0;
    err->msg[0] = '\0';
}

const char *mw_trap_message(mw_trap_code code)
{
    switch (code) {
    case MW_TRAP_NONE: return "no trap";
    case MW_TRAP_UNREACHABLE: return "unreachable";
    case MW_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case MW_TRAP_INT_OVERFLOW: return "integer overflow";
    case MW_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case MW_TRAP_MEMORY_OOB: return "out of bounds memory access";
    case MW_TRAP_TABLE_OOB: return "out of bounds table access";
    case MW_TRAP_UNDEFINED_ELEMENT: return "undefined element";
    case MW_TRAP_UNINITIALIZED_ELEMENT: return "uninitialized element";
    case MW_TRAP_INDIRECT_MISMATCH: return "indirect call type mismatch";
    case MW_TRAP_NULL_REFERENCE: return "null reference";
    case MW_TRAP_STACK_EXHAUSTED: return "call stack exhausted";
    case MW_TRAP_OUT_OF_FUEL: return "out of fuel";
    case MW_TRAP_INTERRUPTED: return "interrupted";
    case MW_TRAP_HOST: return "host function failed";
    case MW_TRAP_EXIT: return "exit";
    case MW_TRAP_COUNT_: break;
    }
    return "unknown trap";
}

const char *mw_result_name(mw_result r)
{
    switch (r) {
    case MW_OK: return "ok";
    case MW_ERR_NOMEM: return "out of memory";
    case MW_ERR_MALFORMED: return "malformed module";
    case MW_ERR_INVALID: return "invalid module";
    case MW_ERR_LINK: return "link error";
    case MW_ERR_TRAP: return "trap";
    case MW_ERR_ARG: return "bad argument";
    case MW_ERR_LIMIT: return "limit exceeded";
    case MW_ERR_NOT_FOUND: return "not found";
    case MW_ERR_UNSUPPORTED: return "unsupported feature";
    case MW_SUSPENDED: return "suspended";
    }
    return "unknown result";
}

const char *mw_valtype_name(mw_valtype t)
{
    switch (t) {
    case MW_I32: return "i32";
    case MW_I64: return "i64";
    case MW_F32: return "f32";
    case MW_F64: return "f64";
    case MW_V128: return "v128";
    case MW_FUNCREF: return "funcref";
    case MW_EXTERNREF: return "externref";
    }
    return "invalid";
}

const char *mw_version(void) { return MW_VERSION_STRING; }
