/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * crc32 — table lookups, shifts and byte loads: CRC-32 (the reflected 0xEDB88320
 * polynomial of zlib/PNG) computed slice-by-4, checked against the bit-at-a-time
 * definition on a prefix, plus Adler-32 over the same data.
 * Size: the number of passes over a generated 256 KiB buffer. Each pass flips a few
 * bytes of the buffer according to the previous CRC, so no pass repeats another.
 */
#include "bench.h"

#define DEFAULT_N 1900
#define SMALL_N 2
#define WANT_DEFAULT 0xbbaff4cfu
#define WANT_SMALL 0x2960e9fau

#define BUF_LEN (256 * 1024)

static uint32_t T[4][256];

static void make_tables(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
        T[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 4; t++)
            T[t][i] = (T[t - 1][i] >> 8) ^ T[0][T[t - 1][i] & 0xff];
}

/* Bit-at-a-time reference. */
static uint32_t crc32_bitwise(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

static uint32_t crc32_fast(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n && ((uintptr_t)p & 3)) {
        crc = (crc >> 8) ^ T[0][(crc ^ *p++) & 0xff];
        n--;
    }
    while (n >= 4) {
        crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
               (uint32_t)p[3] << 24;
        crc = T[3][crc & 0xff] ^ T[2][(crc >> 8) & 0xff] ^ T[1][(crc >> 16) & 0xff] ^
              T[0][crc >> 24];
        p += 4;
        n -= 4;
    }
    while (n--)
        crc = (crc >> 8) ^ T[0][(crc ^ *p++) & 0xff];
    return ~crc;
}

static uint32_t adler32(uint32_t a, const uint8_t *p, size_t n)
{
    uint32_t s1 = a & 0xffff, s2 = a >> 16;
    while (n) {
        size_t k = n < 5552 ? n : 5552; /* largest block without 32-bit overflow */
        n -= k;
        while (k--) {
            s1 += *p++;
            s2 += s1;
        }
        s1 %= 65521;
        s2 %= 65521;
    }
    return s2 << 16 | s1;
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    make_tables();
    /* Known answer: CRC-32("123456789") = cbf43926. */
    if (crc32_fast(0, (const uint8_t *)"123456789", 9) != 0xcbf43926u ||
        crc32_bitwise(0, (const uint8_t *)"123456789", 9) != 0xcbf43926u) {
        printf("checksum mismatch: CRC-32 known-answer test failed\n");
        return 1;
    }
    uint8_t *buf = bench_alloc(BUF_LEN);
    rng_t r = {0x1234567887654321ull};
    for (size_t i = 0; i < BUF_LEN; i++)
        buf[i] = (uint8_t)(rng_next(&r) >> 40);
    uint32_t crc = 0, adler = 1, h = 0;
    for (long i = 0; i < n; i++) {
        for (int k = 0; k < 4; k++)
            buf[(crc >> (8 * k)) * 61u % BUF_LEN] ^= (uint8_t)(crc >> (5 * k));
        size_t off = (size_t)(i % 7); /* unaligned starts take the byte-wise head path */
        crc = crc32_fast(crc, buf + off, BUF_LEN - off);
        adler = adler32(adler, buf, BUF_LEN);
        h = mix32(mix32(h, crc), adler);
    }
    /* The two CRC implementations must agree. */
    size_t pre = (size_t)(n < 64 ? n : 64) * 1024;
    if (crc32_bitwise(crc, buf, pre) != crc32_fast(crc, buf, pre)) {
        printf("checksum mismatch: CRC-32 implementations disagree\n");
        return 1;
    }
    h = mix32(h, crc32_bitwise(crc, buf, pre));
    free(buf);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
