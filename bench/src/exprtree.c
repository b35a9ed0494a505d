/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * exprtree — call-heavy code: a recursive-descent parser (one function per precedence
 * level, a token reader, small helpers kept out of line) builds syntax trees of integer
 * expressions over x, y and z, generated at start-up; each tree is then evaluated for
 * many (x, y, z) by a tree walk whose every node is evaluated through a function pointer
 * stored in the node (a call_indirect per node in wasm, like a virtual call).
 * Grammar: ternary ?:, comparisons < > ==, + - | ^, * / % & << >>, unary - ~ !,
 * numbers, variables, parentheses; unsigned 32-bit arithmetic, x / 0 = x % 0 = x.
 * Self-check: every expression printed back from its tree (fully parenthesized) parses
 * to a tree of the same size and value.
 * Size: rounds; each round parses every expression again and evaluates each one for 64
 * points.
 */
#include "bench.h"

#define DEFAULT_N 200
#define SMALL_N 2
#define WANT_DEFAULT 0x1d887029u
#define WANT_SMALL 0x355b3bc1u

/* Out of line in both builds: the calls are the point of this program. */
#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noinline, noclone))
#endif

static void fail(const char *what)
{
    printf("self-check failed: %s\n", what);
    exit(1);
}

/* ------------------------------------------------------------------ trees */

typedef struct enode enode_t;
typedef uint32_t (*eval_fn)(const enode_t *n, const uint32_t *env);

struct enode {
    eval_fn eval;
    const enode_t *a, *b, *c;
    uint32_t v; /* constant value or variable index */
    char op;    /* for printing back */
};

#define POOL_N (1 << 17)
static enode_t pool[POOL_N];
static int pool_used;

#define EV(n) ((n)->eval((n), env))

static uint32_t ev_num(const enode_t *n, const uint32_t *env) { (void)env; return n->v; }
static uint32_t ev_var(const enode_t *n, const uint32_t *env) { return env[n->v]; }
static uint32_t ev_neg(const enode_t *n, const uint32_t *env) { return 0u - EV(n->a); }
static uint32_t ev_not(const enode_t *n, const uint32_t *env) { return ~EV(n->a); }
static uint32_t ev_lnot(const enode_t *n, const uint32_t *env) { return !EV(n->a); }
static uint32_t ev_add(const enode_t *n, const uint32_t *env) { return EV(n->a) + EV(n->b); }
static uint32_t ev_sub(const enode_t *n, const uint32_t *env) { return EV(n->a) - EV(n->b); }
static uint32_t ev_or(const enode_t *n, const uint32_t *env) { return EV(n->a) | EV(n->b); }
static uint32_t ev_xor(const enode_t *n, const uint32_t *env) { return EV(n->a) ^ EV(n->b); }
static uint32_t ev_mul(const enode_t *n, const uint32_t *env) { return EV(n->a) * EV(n->b); }
static uint32_t ev_and(const enode_t *n, const uint32_t *env) { return EV(n->a) & EV(n->b); }
static uint32_t ev_shl(const enode_t *n, const uint32_t *env)
{
    uint32_t a = EV(n->a);
    return a << (EV(n->b) & 31);
}
static uint32_t ev_shr(const enode_t *n, const uint32_t *env)
{
    uint32_t a = EV(n->a);
    return a >> (EV(n->b) & 31);
}
static uint32_t ev_div(const enode_t *n, const uint32_t *env)
{
    uint32_t a = EV(n->a), b = EV(n->b);
    return b ? a / b : a;
}
static uint32_t ev_rem(const enode_t *n, const uint32_t *env)
{
    uint32_t a = EV(n->a), b = EV(n->b);
    return b ? a % b : a;
}
static uint32_t ev_lt(const enode_t *n, const uint32_t *env)
{
    uint32_t a = EV(n->a);
    return a < EV(n->b);
}
static uint32_t ev_gt(const enode_t *n, const uint32_t *env)
{
    uint32_t a = EV(n->a);
    return a > EV(n->b);
}
static uint32_t ev_eq(const enode_t *n, const uint32_t *env)
{
    uint32_t a = EV(n->a);
    return a == EV(n->b);
}
static uint32_t ev_cond(const enode_t *n, const uint32_t *env)
{
    return EV(n->a) ? EV(n->b) : EV(n->c);
}

static NOINLINE enode_t *new_node(eval_fn f, char op, const enode_t *a, const enode_t *b)
{
    if (pool_used == POOL_N)
        fail("node pool exhausted");
    enode_t *n = &pool[pool_used++];
    n->eval = f;
    n->op = op;
    n->a = a;
    n->b = b;
    n->c = NULL;
    n->v = 0;
    return n;
}

/* ------------------------------------------------------------------ lexer */

enum { T_END, T_NUM, T_VAR, T_SHL, T_SHR, T_EQ }; /* other tokens: the character itself */

typedef struct {
    const char *p;
    int tok;
    uint32_t val;
} parser_t;

static NOINLINE int is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }
static NOINLINE int is_digit(char c) { return c >= '0' && c <= '9'; }

static NOINLINE void skip_space(parser_t *ps)
{
    while (is_space(*ps->p))
        ps->p++;
}

static NOINLINE uint32_t read_number(parser_t *ps)
{
    uint32_t v = 0;
    while (is_digit(*ps->p))
        v = v * 10 + (uint32_t)(*ps->p++ - '0');
    return v;
}

static NOINLINE void advance(parser_t *ps)
{
    skip_space(ps);
    char c = *ps->p;
    if (c == '\0') {
        ps->tok = T_END;
    } else if (is_digit(c)) {
        ps->tok = T_NUM;
        ps->val = read_number(ps);
    } else if (c >= 'x' && c <= 'z') {
        ps->tok = T_VAR;
        ps->val = (uint32_t)(c - 'x');
        ps->p++;
    } else if ((c == '<' || c == '>' || c == '=') && ps->p[1] == c) {
        ps->tok = c == '<' ? T_SHL : c == '>' ? T_SHR : T_EQ;
        ps->p += 2;
    } else {
        ps->tok = c;
        ps->p++;
    }
}

static NOINLINE int accept(parser_t *ps, int tok)
{
    if (ps->tok != tok)
        return 0;
    advance(ps);
    return 1;
}

static NOINLINE void expect(parser_t *ps, int tok)
{
    if (!accept(ps, tok))
        fail("syntax error");
}

/* ------------------------------------------------------------------ parser */

static const enode_t *parse_cond(parser_t *ps);

static const enode_t *parse_primary(parser_t *ps)
{
    enode_t *n;
    if (ps->tok == T_NUM || ps->tok == T_VAR) {
        n = new_node(ps->tok == T_NUM ? ev_num : ev_var, ps->tok == T_NUM ? '#' : '$', NULL,
                     NULL);
        n->v = ps->val;
        advance(ps);
        return n;
    }
    expect(ps, '(');
    const enode_t *e = parse_cond(ps);
    expect(ps, ')');
    return e;
}

static const enode_t *parse_unary(parser_t *ps)
{
    if (accept(ps, '-'))
        return new_node(ev_neg, '-', parse_unary(ps), NULL);
    if (accept(ps, '~'))
        return new_node(ev_not, '~', parse_unary(ps), NULL);
    if (accept(ps, '!'))
        return new_node(ev_lnot, '!', parse_unary(ps), NULL);
    return parse_primary(ps);
}

static const enode_t *parse_mul(parser_t *ps)
{
    const enode_t *l = parse_unary(ps);
    for (;;) {
        if (accept(ps, '*'))
            l = new_node(ev_mul, '*', l, parse_unary(ps));
        else if (accept(ps, '/'))
            l = new_node(ev_div, '/', l, parse_unary(ps));
        else if (accept(ps, '%'))
            l = new_node(ev_rem, '%', l, parse_unary(ps));
        else if (accept(ps, '&'))
            l = new_node(ev_and, '&', l, parse_unary(ps));
        else if (accept(ps, T_SHL))
            l = new_node(ev_shl, 'L', l, parse_unary(ps));
        else if (accept(ps, T_SHR))
            l = new_node(ev_shr, 'R', l, parse_unary(ps));
        else
            return l;
    }
}

static const enode_t *parse_add(parser_t *ps)
{
    const enode_t *l = parse_mul(ps);
    for (;;) {
        if (accept(ps, '+'))
            l = new_node(ev_add, '+', l, parse_mul(ps));
        else if (accept(ps, '-'))
            l = new_node(ev_sub, '-', l, parse_mul(ps));
        else if (accept(ps, '|'))
            l = new_node(ev_or, '|', l, parse_mul(ps));
        else if (accept(ps, '^'))
            l = new_node(ev_xor, '^', l, parse_mul(ps));
        else
            return l;
    }
}

static const enode_t *parse_cmp(parser_t *ps)
{
    const enode_t *l = parse_add(ps);
    for (;;) {
        if (accept(ps, '<'))
            l = new_node(ev_lt, '<', l, parse_add(ps));
        else if (accept(ps, '>'))
            l = new_node(ev_gt, '>', l, parse_add(ps));
        else if (accept(ps, T_EQ))
            l = new_node(ev_eq, '=', l, parse_add(ps));
        else
            return l;
    }
}

static const enode_t *parse_cond(parser_t *ps)
{
    const enode_t *c = parse_cmp(ps);
    if (!accept(ps, '?'))
        return c;
    const enode_t *a = parse_cond(ps);
    expect(ps, ':');
    enode_t *n = new_node(ev_cond, '?', c, a);
    n->c = parse_cond(ps);
    return n;
}

static const enode_t *parse(const char *text)
{
    parser_t ps = {text, T_END, 0};
    advance(&ps);
    const enode_t *e = parse_cond(&ps);
    if (ps.tok != T_END)
        fail("trailing text");
    return e;
}

/* ------------------------------------------------------------------ generator */

#define NEXPR 48
#define TEXT_CAP (1 << 19)
static char text[TEXT_CAP];
static int text_len;
static int expr_at[NEXPR];
static rng_t grng = {0x3e9d2c5b71a4f086ull};

static void put(const char *s)
{
    while (*s) {
        if (text_len >= TEXT_CAP - 1)
            fail("text buffer full");
        text[text_len++] = *s++;
    }
}

static void put_space(void)
{
    if (rng_u32(&grng) % 3 == 0)
        put(" ");
}

static void gen_cond(int depth);

static void gen_unary(int depth)
{
    uint32_t r = rng_u32(&grng);
    if (r % 9 == 0) {
        put(r & 0x100 ? "-" : (r & 0x200) ? "~" : "!");
        gen_unary(depth);
        return;
    }
    if (depth <= 0 || r % 3 == 0) {
        char buf[16];
        if (r & 0x400) {
            buf[0] = (char)('x' + (r >> 12) % 3);
            buf[1] = '\0';
        } else {
            uint32_t v = (r >> 12) % ((r & 0x800) ? 10 : 1000), k = 15;
            buf[k] = '\0';
            do {
                buf[--k] = (char)('0' + v % 10);
                v /= 10;
            } while (v);
            put(buf + k);
            return;
        }
        put(buf);
        return;
    }
    put("(");
    gen_cond(depth - 1);
    put(")");
}

static void gen_cond(int depth)
{
    static const char *const ops[] = {"+", "-", "*", "^", "|", "&", "+", "*", "<<", ">>",
                                      "/", "%", "<", ">", "==", "-"};
    int terms = 1 + (int)(rng_u32(&grng) % 4);
    for (int t = 0; t < terms; t++) {
        if (t > 0) {
            put_space();
            put(ops[rng_u32(&grng) % 16]);
            put_space();
        }
        gen_unary(depth);
    }
    if (depth > 0 && rng_u32(&grng) % 7 == 0) {
        put(" ? ");
        gen_cond(depth - 1);
        put(" : ");
        gen_cond(depth - 1);
    }
}

/* Prints a tree back, fully parenthesized. */
static void unparse(const enode_t *n, char **out, char *end)
{
    char buf[16];
    if (*out + 24 > end)
        fail("unparse buffer full");
    switch (n->op) {
    case '#': {
        int k = 15;
        uint32_t v = n->v;
        buf[k] = '\0';
        do {
            buf[--k] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        *out += sprintf(*out, "%s", buf + k);
        return;
    }
    case '$':
        *out += sprintf(*out, "%c", (char)('x' + n->v));
        return;
    case '~': case '!':
        *out += sprintf(*out, "%c(", n->op);
        break;
    case '-':
        if (n->b == NULL) {
            *out += sprintf(*out, "-(");
            break;
        }
        /* fall through */
    default:
        *out += sprintf(*out, "(");
        unparse(n->a, out, end);
        *out += sprintf(*out, "%s(", n->op == 'L' ? "<<" : n->op == 'R' ? ">>" :
                                     n->op == '=' ? "==" : n->op == '?' ? "?" :
                                     (char[2]){n->op, 0});
        unparse(n->b, out, end);
        if (n->op == '?') {
            *out += sprintf(*out, "):(");
            unparse(n->c, out, end);
        }
        *out += sprintf(*out, "))");
        return;
    }
    unparse(n->a, out, end);
    *out += sprintf(*out, ")");
}

static void setup(void)
{
    for (int i = 0; i < NEXPR; i++) {
        expr_at[i] = text_len;
        gen_cond(3 + i % 4);
        text[text_len++] = '\0';
    }
    /* Self-check of the parser against its own printout. */
    static char back[1 << 16];
    for (int i = 0; i < NEXPR; i++) {
        pool_used = 0;
        const enode_t *e = parse(text + expr_at[i]);
        int nodes = pool_used;
        char *out = back;
        unparse(e, &out, back + sizeof back);
        const enode_t *f = parse(back);
        uint32_t env[3] = {12345u * (uint32_t)i, 0x9e3779b9u, 77};
        if (pool_used - nodes != nodes || e->eval(e, env) != f->eval(f, env))
            fail("parse of the printed tree differs");
    }
}

/* ------------------------------------------------------------------ main */

#define POINTS 64

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    setup();
    static const enode_t *roots[NEXPR];
    uint32_t h = 0, nodes = 0;
    for (long round = 0; round < n; round++) {
        pool_used = 0;
        for (int i = 0; i < NEXPR; i++)
            roots[i] = parse(text + expr_at[i]);
        nodes = (uint32_t)pool_used;
        for (int i = 0; i < NEXPR; i++) {
            uint32_t acc = 0;
            for (uint32_t k = 0; k < POINTS; k++) {
                uint32_t env[3] = {(uint32_t)round * 7919u + k, k * k + (uint32_t)i, acc};
                acc += roots[i]->eval(roots[i], env);
            }
            h = mix32(h, acc);
        }
    }
    h = mix32(mix32(h, nodes), (uint32_t)text_len);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
