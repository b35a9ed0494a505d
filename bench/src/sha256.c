/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * sha256 — 32-bit integer and bit work: SHA-256 (FIPS 180-4) written out plainly,
 * rotations, shifts, additions, big-endian loads from memory.
 * Size: the number of 64 KiB messages hashed. Each message is the previous digest
 * written over the start of a generated buffer, so the hashes form a chain.
 */
#include "bench.h"

#define DEFAULT_N 2600
#define SMALL_N 4
#define WANT_DEFAULT 0x91624968u
#define WANT_SMALL 0xd5b61d24u

#define MSG_LEN 65536

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void compress(uint32_t st[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
    uint32_t e = st[4], f = st[5], g = st[6], h = st[7];
    for (int i = 0; i < 64; i++) {
        uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = h + S1 + ch + K[i] + w[i];
        uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + maj;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    st[0] += a; st[1] += b; st[2] += c; st[3] += d;
    st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}

static void sha256(const uint8_t *msg, size_t len, uint8_t out[32])
{
    uint32_t st[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t i = 0;
    for (; i + 64 <= len; i += 64)
        compress(st, msg + i);
    uint8_t tail[128];
    size_t rest = len - i;
    memset(tail, 0, sizeof tail);
    memcpy(tail, msg + i, rest);
    tail[rest] = 0x80;
    size_t tl = rest + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int k = 0; k < 8; k++)
        tail[tl - 1 - k] = (uint8_t)(bits >> (8 * k));
    compress(st, tail);
    if (tl == 128)
        compress(st, tail + 64);
    for (int k = 0; k < 8; k++) {
        out[4 * k] = (uint8_t)(st[k] >> 24);
        out[4 * k + 1] = (uint8_t)(st[k] >> 16);
        out[4 * k + 2] = (uint8_t)(st[k] >> 8);
        out[4 * k + 3] = (uint8_t)st[k];
    }
}

/* Known answer: SHA-256("abc"). Guards against a broken build giving a stable wrong sum. */
static int self_test(void)
{
    static const uint8_t want[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
        0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
        0xf2, 0x00, 0x15, 0xad};
    uint8_t got[32];
    sha256((const uint8_t *)"abc", 3, got);
    return memcmp(got, want, 32) == 0;
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    if (!self_test()) {
        printf("checksum mismatch: SHA-256 known-answer test failed\n");
        return 1;
    }
    uint8_t *msg = bench_alloc(MSG_LEN);
    rng_t r = {0x5a5a1234abcdull};
    for (size_t i = 0; i < MSG_LEN; i++)
        msg[i] = (uint8_t)rng_next(&r);
    uint8_t digest[32] = {0};
    uint32_t h = 0;
    for (long i = 0; i < n; i++) {
        memcpy(msg, digest, 32);
        /* Vary the length a little so the padding paths are exercised too. */
        sha256(msg, MSG_LEN - (size_t)(i % 61), digest);
        h = mix32(h, (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 |
                         (uint32_t)digest[2] << 8 | digest[3]);
    }
    free(msg);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
