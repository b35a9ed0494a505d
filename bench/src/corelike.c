/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * corelike — a CoreMark-like mix of small kernels, written for this suite (the same
 * kinds of work as EEMBC CoreMark, none of its code): per iteration
 *   - list: a singly linked list of small records (pointer chasing): searches by value,
 *     unlink and relink of the found record, in-place reversal, and a merge sort by a
 *     derived value and back by key, both through a comparison function pointer;
 *   - matrix: 12 x 12 int16 matrices: add a constant, multiply by a constant, by a
 *     vector and by a matrix, and sums over bit fields extracted from the products;
 *   - state machine: a recognizer of integers, decimals and exponent numbers run byte by
 *     byte over a generated buffer of comma-separated tokens, counting transitions and
 *     token classes, once as generated and once with bytes corrupted;
 *   - CRC-16 over every result, which also seeds the next iteration's data.
 * Self-checks: the list sorted back by key holds every key in order; the sum of the
 * matrix product equals the column-sum/row-sum identity; every token is classified.
 * Size: iterations.
 */
#include "bench.h"

#define DEFAULT_N 35000
#define SMALL_N 200
#define WANT_DEFAULT 0x7a4da7aeu
#define WANT_SMALL 0x8f341664u

static void fail(const char *what)
{
    printf("self-check failed: %s\n", what);
    exit(1);
}

/* ------------------------------------------------------------------ CRC-16 */

/* Bitwise reflected CRC-16 with polynomial 0x8005 (0xA001 reflected). */
static uint16_t crc16_byte(uint16_t crc, uint8_t b)
{
    crc ^= b;
    for (int i = 0; i < 8; i++)
        crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xA001u) : (uint16_t)(crc >> 1);
    return crc;
}

static uint16_t crc16_u16(uint16_t crc, uint16_t v)
{
    return crc16_byte(crc16_byte(crc, (uint8_t)v), (uint8_t)(v >> 8));
}

static uint16_t crc16_u32(uint16_t crc, uint32_t v)
{
    return crc16_u16(crc16_u16(crc, (uint16_t)v), (uint16_t)(v >> 16));
}

/* ------------------------------------------------------------------ list */

#define LIST_N 80

typedef struct node {
    struct node *next;
    uint16_t key; /* unique 0..LIST_N-1: the canonical order */
    uint16_t val; /* data, changed every iteration */
} node_t;

static node_t pool[LIST_N];

typedef int (*cmp_fn)(const node_t *a, const node_t *b, uint32_t arg);

/* A derived value: mixes the record's data with the iteration's seed. */
static int cmp_derived(const node_t *a, const node_t *b, uint32_t arg)
{
    uint32_t x = (uint32_t)(a->val ^ arg) * 0x9e37u >> 4 & 0xfff;
    uint32_t y = (uint32_t)(b->val ^ arg) * 0x9e37u >> 4 & 0xfff;
    if (x != y)
        return x < y ? -1 : 1;
    return a->key < b->key ? -1 : a->key > b->key;
}

static int cmp_key(const node_t *a, const node_t *b, uint32_t arg)
{
    (void)arg;
    return (int)a->key - (int)b->key;
}

/* Kept out of line (and uncloned), so that the comparison stays an indirect call as in
 * the programs this workload stands for (a call_indirect in wasm). */
#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noinline, noclone))
#endif

/* Bottom-up merge sort of a linked list (stable, O(n log n), no extra memory). */
static NOINLINE node_t *list_sort(node_t *head, cmp_fn cmp, uint32_t arg)
{
    for (int width = 1;; width *= 2) {
        node_t *p = head, *tail = NULL;
        int merges = 0;
        head = NULL;
        while (p) {
            merges++;
            node_t *q = p;
            int psize = 0;
            while (psize < width && q) {
                psize++;
                q = q->next;
            }
            int qsize = width;
            while (psize > 0 || (qsize > 0 && q)) {
                node_t *e;
                if (psize == 0) {
                    e = q; q = q->next; qsize--;
                } else if (qsize == 0 || !q || cmp(p, q, arg) <= 0) {
                    e = p; p = p->next; psize--;
                } else {
                    e = q; q = q->next; qsize--;
                }
                if (tail)
                    tail->next = e;
                else
                    head = e;
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1)
            return head;
    }
}

static node_t *list_reverse(node_t *head)
{
    node_t *prev = NULL;
    while (head) {
        node_t *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

/* Position of the first record whose low bits of val equal v, or -1; *at = the record. */
static int list_find(node_t *head, uint32_t v, uint32_t mask, node_t **prev_out, node_t **at)
{
    node_t *prev = NULL;
    for (int pos = 0; head; pos++, prev = head, head = head->next)
        if ((head->val & mask) == v) {
            *prev_out = prev;
            *at = head;
            return pos;
        }
    return -1;
}

static uint16_t bench_list(uint16_t crc, uint32_t seed)
{
    node_t *head = NULL;
    for (int i = LIST_N - 1; i >= 0; i--) { /* canonical order by key */
        pool[i].next = head;
        head = &pool[i];
    }
    /* Change the data: a few records per iteration, chosen by the seed. */
    for (int i = 0; i < 8; i++) {
        uint32_t k = (seed >> (i * 4) ^ (uint32_t)i * 37u) % LIST_N;
        pool[k].val = (uint16_t)(pool[k].val * 31u + seed + (uint32_t)i);
    }
    /* Searches: found records move to the front, missing ones count their miss. */
    int32_t found = 0, missed = 0;
    for (uint32_t q = 0; q < 16; q++) {
        node_t *prev, *at;
        uint32_t v = (seed + q * 0x35u) & 0x3f;
        int pos = list_find(head, v, 0x3f, &prev, &at);
        if (pos < 0) {
            missed++;
            continue;
        }
        found += pos;
        if (prev) { /* unlink, relink at the front */
            prev->next = at->next;
            at->next = head;
            head = at;
        }
        if (q % 4 == 3)
            head = list_reverse(head);
    }
    crc = crc16_u16(crc, (uint16_t)found);
    crc = crc16_u16(crc, (uint16_t)missed);
    /* Sort by the derived value; fold the first records' data. */
    head = list_sort(head, cmp_derived, seed & 0xffff);
    int i = 0;
    for (node_t *p = head; p && i < 16; p = p->next, i++)
        crc = crc16_u16(crc, p->val);
    /* Sort back by key: every key in order, the list complete. */
    head = list_sort(head, cmp_key, 0);
    i = 0;
    for (node_t *p = head; p; p = p->next, i++)
        if (p->key != i)
            fail("list order after sort by key");
    if (i != LIST_N)
        fail("list length");
    return crc;
}

/* ------------------------------------------------------------------ matrix */

#define MN 12

static int16_t ma[MN][MN], mb[MN][MN];
static int32_t mc[MN][MN];

static uint32_t mat_sum(void)
{
    uint32_t s = 0;
    for (int i = 0; i < MN; i++)
        for (int j = 0; j < MN; j++)
            s += (uint32_t)mc[i][j];
    return s;
}

static uint16_t bench_matrix(uint16_t crc, uint32_t seed)
{
    int16_t k = (int16_t)(seed & 0xff) | 1;
    for (int i = 0; i < MN; i++) /* add a constant */
        for (int j = 0; j < MN; j++)
            ma[i][j] = (int16_t)(ma[i][j] + k);
    for (int i = 0; i < MN; i++) /* multiply by a constant */
        for (int j = 0; j < MN; j++)
            mc[i][j] = (int32_t)ma[i][j] * k;
    crc = crc16_u32(crc, mat_sum());
    for (int i = 0; i < MN; i++) { /* multiply by a vector (the first row of B) */
        int32_t s = 0;
        for (int j = 0; j < MN; j++)
            s += (int32_t)ma[i][j] * mb[0][j];
        mc[i][0] = s;
    }
    crc = crc16_u32(crc, (uint32_t)mc[MN / 2][0]);
    for (int i = 0; i < MN; i++) /* multiply by a matrix */
        for (int j = 0; j < MN; j++) {
            uint32_t s = 0;
            for (int l = 0; l < MN; l++)
                s += (uint32_t)((int32_t)ma[i][l] * mb[l][j]);
            mc[i][j] = (int32_t)s;
        }
    uint32_t total = mat_sum(), want = 0;
    for (int l = 0; l < MN; l++) { /* sum(A B) = sum_l colsum_l(A) * rowsum_l(B) */
        uint32_t ca = 0, rb = 0;
        for (int i = 0; i < MN; i++) {
            ca += (uint32_t)(int32_t)ma[i][l];
            rb += (uint32_t)(int32_t)mb[l][i];
        }
        want += ca * rb;
    }
    if (total != want)
        fail("matrix product sum");
    crc = crc16_u32(crc, total);
    uint32_t bits = 0; /* bit fields of the product */
    for (int i = 0; i < MN; i++)
        for (int j = 0; j < MN; j++) {
            uint32_t c = (uint32_t)mc[i][j];
            bits += ((c >> 2) & 0xf) * ((c >> 5) & 0x7f);
            bits ^= (c >> 13) & 0x1ff;
        }
    crc = crc16_u32(crc, bits);
    for (int i = 0; i < MN; i++) /* drift: B takes a little of A */
        mb[i][(seed >> 4) % MN] = (int16_t)(mb[i][(seed >> 4) % MN] ^ (ma[i][i] & 0x1f));
    return crc;
}

/* ------------------------------------------------------------------ state machine */

#define TEXT_LEN 640

enum { S_START, S_SIGN, S_INT, S_DOT, S_FRAC, S_EXP, S_EXPSIGN, S_EXPNUM, S_BAD, S_COUNT };

static uint8_t text[TEXT_LEN];
static int ntokens;

static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

/* Recognizes one token at *p, up to a comma or the end; returns its final state and
 * counts the transitions taken into each state. */
static int scan_token(const uint8_t **p, const uint8_t *end, uint32_t trans[S_COUNT])
{
    int s = S_START;
    const uint8_t *q = *p;
    for (; q < end && *q != ','; q++) {
        uint8_t c = *q;
        int t;
        switch (s) {
        case S_START:
            t = is_digit(c) ? S_INT : (c == '+' || c == '-') ? S_SIGN : c == '.' ? S_DOT : S_BAD;
            break;
        case S_SIGN:
            t = is_digit(c) ? S_INT : c == '.' ? S_DOT : S_BAD;
            break;
        case S_INT:
            t = is_digit(c) ? S_INT : c == '.' ? S_FRAC : (c == 'e' || c == 'E') ? S_EXP : S_BAD;
            break;
        case S_DOT:
            t = is_digit(c) ? S_FRAC : S_BAD;
            break;
        case S_FRAC:
            t = is_digit(c) ? S_FRAC : (c == 'e' || c == 'E') ? S_EXP : S_BAD;
            break;
        case S_EXP:
            t = is_digit(c) ? S_EXPNUM : (c == '+' || c == '-') ? S_EXPSIGN : S_BAD;
            break;
        case S_EXPSIGN:
        case S_EXPNUM:
            t = is_digit(c) ? S_EXPNUM : S_BAD;
            break;
        default:
            t = S_BAD;
            break;
        }
        if (t != s)
            trans[t]++;
        s = t;
    }
    *p = q < end ? q + 1 : q;
    return s;
}

static uint16_t scan_text(uint16_t crc)
{
    uint32_t trans[S_COUNT] = {0}, cls[4] = {0};
    const uint8_t *p = text, *end = text + TEXT_LEN;
    int n = 0;
    while (p < end) {
        int s = scan_token(&p, end, trans);
        cls[s == S_INT ? 0 : s == S_FRAC ? 1 : s == S_EXPNUM ? 2 : 3]++;
        n++;
    }
    if (n != ntokens || cls[0] + cls[1] + cls[2] + cls[3] != (uint32_t)n)
        fail("token count");
    for (int i = 0; i < S_COUNT; i++)
        crc = crc16_u32(crc, trans[i]);
    for (int i = 0; i < 4; i++)
        crc = crc16_u32(crc, cls[i]);
    return crc;
}

/* Fills text with tokens such as "-417", "3.25", "+.5", "6.02e+23", "1e", "7.-2". */
static void make_text(rng_t *r)
{
    static const char pieces[] = "0123456789012345678901234567890123456789+-.eE";
    int i = 0;
    ntokens = 0;
    while (i < TEXT_LEN) {
        uint32_t form = rng_u32(r) % 8, len = 1 + rng_u32(r) % 6;
        char tok[24];
        int t = 0;
        if (form < 6) { /* well formed: sign? digits (. digits)? (e sign? digits)? */
            if (form & 1)
                tok[t++] = "+-"[rng_u32(r) & 1];
            for (uint32_t k = 0; k < len; k++)
                tok[t++] = (char)('0' + rng_u32(r) % 10);
            if (form >= 2) {
                tok[t++] = '.';
                for (uint32_t k = 0; k < 1 + len / 2; k++)
                    tok[t++] = (char)('0' + rng_u32(r) % 10);
            }
            if (form >= 4) {
                tok[t++] = "eE"[rng_u32(r) & 1];
                if (rng_u32(r) & 1)
                    tok[t++] = "+-"[rng_u32(r) & 1];
                for (uint32_t k = 0; k < 1 + len % 3; k++)
                    tok[t++] = (char)('0' + rng_u32(r) % 10);
            }
        } else { /* anything from the alphabet */
            for (uint32_t k = 0; k < len + 1; k++)
                tok[t++] = pieces[rng_u32(r) % (sizeof pieces - 1)];
        }
        for (int k = 0; k < t && i < TEXT_LEN; k++)
            text[i++] = (uint8_t)tok[k];
        ntokens++;
        if (i < TEXT_LEN)
            text[i++] = ',';
    }
    if (text[TEXT_LEN - 1] == ',') /* a final comma would end an empty last token */
        text[TEXT_LEN - 1] = '0';
}

static uint16_t bench_state(uint16_t crc, uint32_t seed)
{
    crc = scan_text(crc);
    /* Corrupt every 11th byte that is not a comma (so the token count holds), scan again,
     * restore. */
    uint8_t flip = (uint8_t)(seed & 0x0f) | 1;
    for (int i = (int)(seed % 11); i < TEXT_LEN; i += 11)
        if (text[i] != ',' && (text[i] ^ flip) != ',')
            text[i] ^= flip;
    crc = scan_text(crc);
    for (int i = (int)(seed % 11); i < TEXT_LEN; i += 11)
        if (text[i] != ',' && (text[i] ^ flip) != ',')
            text[i] ^= flip;
    return crc;
}

/* ------------------------------------------------------------------ main */

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    rng_t r = {0x51c0de7e1a55b0a7ull};
    for (int i = 0; i < LIST_N; i++) {
        pool[i].key = (uint16_t)i;
        pool[i].val = (uint16_t)rng_u32(&r);
    }
    for (int i = 0; i < MN; i++)
        for (int j = 0; j < MN; j++) {
            ma[i][j] = (int16_t)(rng_u32(&r) % 2001) - 1000;
            mb[i][j] = (int16_t)(rng_u32(&r) % 2001) - 1000;
        }
    make_text(&r);
    uint32_t h = 0;
    uint16_t crc = 0xffff;
    for (long it = 0; it < n; it++) {
        uint32_t seed = (uint32_t)crc * 0x10001u ^ (uint32_t)it * 0x9e3779b9u;
        uint16_t cl = bench_list(crc, seed);
        uint16_t cm = bench_matrix(cl, seed >> 3);
        crc = bench_state(cm, seed >> 7);
        if ((it & 1023) == 0)
            h = mix32(h, crc);
    }
    h = mix32(h, crc);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
