/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* Compiled by elfimg.sh into a shared object the way `minwasm compile` builds generated
 * code, then loaded by test_elfimg.c through mwa_image_from_elf. It has what the image
 * must carry: code-pointer tables (RELATIVE relocations in .data.rel.ro), a data pointer
 * (a RELATIVE relocation in .data), initialised data and bss. */
typedef int (*mwa_fn)(int);

static int add1(int x) { return x + 1; }
static int dbl(int x) { return x * 2; }
static int sq(int x) { return x * x; }
static int neg(int x) { return -x; }

static mwa_fn const table[4] = {add1, dbl, sq, neg};
static const char *const names[4] = {"add1", "dbl", "sq", "neg"};
int data_word = 0x1234567;
int *data_ptr = &data_word;
int bss_words[1024]; /* must read as zero: the image zero-fills bss */

/* out[0..3]: addresses taken in code (PC-relative, no relocation); out[4..7] and
 * outnames[0..3]: entries (i + rot) & 3 of the tables, indexed at run time so that the
 * compiler cannot fold the tables (and their relocations) away. Writes only to its
 * arguments, so the image can be mapped read+execute. */
__attribute__((visibility("default")))
int mwa_init(mwa_fn *out, const char **outnames, int rot)
{
    out[0] = add1;
    out[1] = dbl;
    out[2] = sq;
    out[3] = neg;
    for (int i = 0; i < 4; i++) {
        out[4 + i] = table[(i + rot) & 3];
        outnames[i] = names[(i + rot) & 3];
    }
    int sum = 0;
    for (int i = 0; i < 1024; i++)
        sum += bss_words[i];
    return *data_ptr + sum;
}
