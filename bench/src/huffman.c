/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * huffman — branch-heavy code: Huffman coding of generated, skewed bytes. Per pass: count
 * the symbols, build code lengths (repeatedly merging the two lightest nodes), assign
 * canonical codes, encode into a bit stream, and decode it again one bit at a time with
 * the canonical first-code/count tables (a data-dependent branch per bit), then a
 * run-length scan of the decoded text (another branch per byte).
 * Self-check: every pass decodes exactly the input, and the encoded length equals the
 * sum of frequency x code length.
 * Size: passes over a 64 KiB input; before each pass some of the input bytes change.
 */
#include "bench.h"

#define DEFAULT_N 270
#define SMALL_N 2
#define WANT_DEFAULT 0x7f5cccf3u
#define WANT_SMALL 0x35b0e4edu

#define IN_LEN (64 * 1024)
#define NSYM 256
#define MAXLEN 32

static uint8_t input[IN_LEN], output[IN_LEN];
static uint32_t bits[IN_LEN]; /* at most 32 bits per symbol: IN_LEN words suffice */

static void fail(const char *what)
{
    printf("self-check failed: %s\n", what);
    exit(1);
}

/* Code lengths for the symbols with freq > 0 (a symbol alone gets length 1). */
static void build_lengths(const uint32_t freq[NSYM], uint8_t len[NSYM])
{
    uint64_t w[2 * NSYM];
    int parent[2 * NSYM], alive[2 * NSYM];
    int n = 0, leaf[NSYM];
    for (int s = 0; s < NSYM; s++) {
        len[s] = 0;
        leaf[s] = -1;
        if (freq[s]) {
            leaf[s] = n;
            w[n] = freq[s];
            alive[n] = 1;
            parent[n] = -1;
            n++;
        }
    }
    if (n == 1) {
        for (int s = 0; s < NSYM; s++)
            if (freq[s])
                len[s] = 1;
        return;
    }
    int total = n;
    for (int merges = 0; merges < n - 1; merges++) {
        int a = -1, b = -1;
        for (int i = 0; i < total; i++) {
            if (!alive[i])
                continue;
            if (a < 0 || w[i] < w[a]) {
                b = a;
                a = i;
            } else if (b < 0 || w[i] < w[b]) {
                b = i;
            }
        }
        w[total] = w[a] + w[b];
        alive[total] = 1;
        parent[total] = -1;
        alive[a] = alive[b] = 0;
        parent[a] = parent[b] = total;
        total++;
    }
    for (int s = 0; s < NSYM; s++) {
        if (leaf[s] < 0)
            continue;
        int d = 0;
        for (int i = leaf[s]; parent[i] >= 0; i = parent[i])
            d++;
        if (d >= MAXLEN)
            fail("code too long");
        len[s] = (uint8_t)d;
    }
}

/* Canonical codes and the decoder's tables. */
static uint32_t code_of[NSYM];
static uint32_t first[MAXLEN + 1], count[MAXLEN + 1], index_of[MAXLEN + 1];
static uint8_t sorted_sym[NSYM];

static void assign_codes(const uint8_t len[NSYM])
{
    memset(count, 0, sizeof count);
    memset(code_of, 0, sizeof code_of);
    for (int s = 0; s < NSYM; s++)
        count[len[s]]++;
    count[0] = 0;
    uint32_t code = 0, idx = 0;
    for (int l = 1; l <= MAXLEN; l++) {
        first[l] = code;
        index_of[l] = idx;
        for (int s = 0; s < NSYM; s++)
            if (len[s] == l) {
                code_of[s] = code++;
                sorted_sym[idx++] = (uint8_t)s;
            }
        code <<= 1;
    }
}

static uint32_t encode(const uint8_t len[NSYM])
{
    uint32_t nbits = 0, acc = 0, fill = 0, w = 0;
    for (int i = 0; i < IN_LEN; i++) {
        uint32_t c = code_of[input[i]], l = len[input[i]];
        for (uint32_t k = l; k-- > 0;) { /* most significant bit first */
            acc = acc << 1 | (c >> k & 1);
            if (++fill == 32) {
                bits[w++] = acc;
                acc = 0;
                fill = 0;
            }
        }
        nbits += l;
    }
    if (fill)
        bits[w] = acc << (32 - fill);
    return nbits;
}

static void decode(uint32_t nbits)
{
    uint32_t pos = 0;
    for (int i = 0; i < IN_LEN; i++) {
        uint32_t code = 0;
        for (int l = 1;; l++) {
            if (pos >= nbits || l > MAXLEN)
                fail("bit stream ends inside a code");
            code |= bits[pos >> 5] >> (31 - (pos & 31)) & 1;
            pos++;
            if (code - first[l] < count[l]) {
                output[i] = sorted_sym[index_of[l] + code - first[l]];
                break;
            }
            code <<= 1;
        }
    }
    if (pos != nbits)
        fail("bits left over");
}

/* Skewed bytes: mostly a few symbols, sometimes runs, sometimes anything. */
static void generate(rng_t *r)
{
    for (int i = 0; i < IN_LEN;) {
        uint32_t x = rng_u32(r);
        if ((x & 7) == 0) { /* a run */
            int n = 2 + (int)(x >> 3 & 15);
            uint8_t c = (uint8_t)(x >> 8);
            for (int k = 0; k < n && i < IN_LEN; k++)
                input[i++] = c;
        } else {
            uint32_t tz = 0;
            while (tz < 12 && !(x >> (tz + 3) & 1))
                tz++;
            input[i++] = (uint8_t)(tz * 13 + (x >> 28));
        }
    }
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    rng_t r = {0x0ddba11c0ffee123ull};
    generate(&r);
    uint32_t h = 0;
    for (long pass = 0; pass < n; pass++) {
        for (int k = 0; k < 64; k++) { /* change some bytes */
            uint32_t x = rng_u32(&r);
            input[x % IN_LEN] = (uint8_t)(x >> 24 & 0x3f);
        }
        uint32_t freq[NSYM] = {0};
        for (int i = 0; i < IN_LEN; i++)
            freq[input[i]]++;
        uint8_t len[NSYM];
        build_lengths(freq, len);
        assign_codes(len);
        uint32_t nbits = encode(len);
        uint64_t want = 0;
        for (int s = 0; s < NSYM; s++)
            want += (uint64_t)freq[s] * len[s];
        if (want != nbits)
            fail("encoded length");
        decode(nbits);
        if (memcmp(input, output, IN_LEN) != 0)
            fail("decoded text differs");
        uint32_t runs = 0, longest = 0, cur = 1; /* run-length scan of the output */
        for (int i = 1; i < IN_LEN; i++) {
            if (output[i] == output[i - 1]) {
                cur++;
            } else {
                if (cur > 1)
                    runs++;
                if (cur > longest)
                    longest = cur;
                cur = 1;
            }
        }
        h = mix32(mix32(mix32(h, nbits), runs), longest);
        for (int s = 0; s < NSYM; s += 17)
            h = mix32(h, code_of[s] ^ (uint32_t)len[s] << 24);
    }
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
