/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * libc_big.c — a larger program over the common parts of libc: stdio formatting and
 * parsing, files, directories, time, rand, and malloc-heavy work (a linked list of
 * 200000 nodes merge-sorted, a binary search tree, a hash table, realloc growth).
 * Its output is deterministic and must be the same natively (gcc) and under minwasm.
 * argv[1]: a writable empty directory.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* ---------------------------------------------------------------- linked list */
typedef struct node {
    uint32_t key;
    struct node *next;
} node;

static node *merge(node *a, node *b)
{
    node head, *t = &head;
    while (a && b) {
        if (a->key <= b->key) { t->next = a; a = a->next; }
        else { t->next = b; b = b->next; }
        t = t->next;
    }
    t->next = a ? a : b;
    return head.next;
}

static node *msort(node *h)
{
    if (!h || !h->next)
        return h;
    node *slow = h, *fast = h->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    node *b = slow->next;
    slow->next = NULL;
    return merge(msort(h), msort(b));
}

/* ---------------------------------------------------------------- tree */
typedef struct tnode {
    int key, count;
    struct tnode *l, *r;
} tnode;

static tnode *insert(tnode *t, int key)
{
    if (!t) {
        t = calloc(1, sizeof *t);
        t->key = key;
        t->count = 1;
        return t;
    }
    if (key < t->key) t->l = insert(t->l, key);
    else if (key > t->key) t->r = insert(t->r, key);
    else t->count++;
    return t;
}

static void walk(const tnode *t, long *sum, int *n, int *depth, int d)
{
    if (!t) return;
    if (d > *depth) *depth = d;
    walk(t->l, sum, n, depth, d + 1);
    *sum += (long)t->key * t->count;
    (*n)++;
    walk(t->r, sum, n, depth, d + 1);
}

static void tfree(tnode *t)
{
    if (!t) return;
    tfree(t->l);
    tfree(t->r);
    free(t);
}

/* ---------------------------------------------------------------- hash table of words */
typedef struct entry {
    char *word;
    int count;
    struct entry *next;
} entry;

#define NB 1024
static entry *table[NB];

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h % NB;
}

static void add_word(const char *w)
{
    unsigned h = hash(w);
    for (entry *e = table[h]; e; e = e->next)
        if (strcmp(e->word, w) == 0) { e->count++; return; }
    entry *e = malloc(sizeof *e);
    e->word = strdup(w);
    e->count = 1;
    e->next = table[h];
    table[h] = e;
}

static int by_count(const void *a, const void *b)
{
    const entry *x = *(entry *const *)a, *y = *(entry *const *)b;
    if (x->count != y->count) return y->count - x->count;
    return strcmp(x->word, y->word);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char path[1024];

    /* 1. list: 200000 nodes, merge sort, check order and checksum */
    node *h = NULL;
    uint64_t sum = 0;
    for (int i = 0; i < 200000; i++) {
        node *n = malloc(sizeof *n);
        n->key = next_rand() % 1000000;
        sum += n->key;
        n->next = h;
        h = n;
    }
    h = msort(h);
    int sorted = 1, count = 0;
    uint64_t sum2 = 0;
    for (node *n = h; n; n = n->next) {
        if (n->next && n->next->key < n->key) sorted = 0;
        sum2 += n->key;
        count++;
    }
    printf("list: %d nodes, sorted=%d, sum=%llu, same=%d, min=%u\n", count, sorted,
           (unsigned long long)sum, sum == sum2, h->key);
    while (h) { node *n = h->next; free(h); h = n; }

    /* 2. tree */
    tnode *t = NULL;
    for (int i = 0; i < 50000; i++)
        t = insert(t, (int)(next_rand() % 20000));
    long tsum = 0;
    int tn = 0, depth = 0;
    walk(t, &tsum, &tn, &depth, 1);
    printf("tree: %d distinct keys, weighted sum %ld, depth<64=%d\n", tn, tsum, depth < 64);
    tfree(t);

    /* 3. realloc growth and qsort/bsearch */
    int *v = NULL;
    size_t cap = 0, len = 0;
    for (int i = 0; i < 100000; i++) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4;
            v = realloc(v, cap * sizeof *v);
        }
        v[len++] = (int)(next_rand() % 100000) - 50000;
    }
    qsort(v, len, sizeof *v, cmp_int);
    int key = v[len / 3];
    int *found = bsearch(&key, v, len, sizeof *v, cmp_int);
    printf("array: %zu ints, min %d, median %d, max %d, bsearch ok=%d\n", len, v[0],
           v[len / 2], v[len - 1], found != NULL && *found == key);
    free(v);

    /* 4. files: write records with fprintf, read them back with fgets/sscanf */
    snprintf(path, sizeof path, "%s/records.txt", dir);
    FILE *f = fopen(path, "w");
    if (!f) { perror("fopen"); return 1; }
    for (int i = 0; i < 5000; i++)
        fprintf(f, "%05d %08x %.3f %s\n", i, next_rand(), (double)i / 7.0,
                (i % 3) ? "alpha" : "beta");
    fclose(f);
    struct stat st;
    stat(path, &st);
    printf("records.txt: %lld bytes\n", (long long)st.st_size);
    f = fopen(path, "r");
    char line[256];
    int lines = 0, betas = 0;
    double dsum = 0;
    unsigned xsum = 0;
    while (fgets(line, sizeof line, f)) {
        int idx;
        unsigned x;
        double d;
        char word[32];
        if (sscanf(line, "%d %x %lf %31s", &idx, &x, &d, word) == 4 && idx == lines) {
            lines++;
            dsum += d;
            xsum ^= x;
            betas += strcmp(word, "beta") == 0;
        }
    }
    fclose(f);
    printf("parsed %d lines, %d beta, dsum=%.3f, xor=%08x\n", lines, betas, dsum, xsum);

    /* 5. word frequencies over generated text */
    static const char *const words[] = {"the", "quick", "brown", "fox", "jumps", "over",
                                        "lazy", "dog", "wasm", "runtime", "sandbox", "file"};
    snprintf(path, sizeof path, "%s/text.txt", dir);
    f = fopen(path, "w");
    for (int i = 0; i < 30000; i++)
        fprintf(f, "%s%c", words[next_rand() % 12 % (1 + i % 12)], i % 17 == 16 ? '\n' : ' ');
    fclose(f);
    f = fopen(path, "r");
    char w[64];
    int nwords = 0;
    while (fscanf(f, "%63s", w) == 1) {
        add_word(w);
        nwords++;
    }
    fclose(f);
    entry *all[64];
    int ne = 0;
    for (int b = 0; b < NB; b++)
        for (entry *e = table[b]; e; e = e->next)
            all[ne++] = e;
    qsort(all, (size_t)ne, sizeof all[0], by_count);
    printf("%d words, %d distinct; top:", nwords, ne);
    for (int i = 0; i < 4 && i < ne; i++)
        printf(" %s=%d", all[i]->word, all[i]->count);
    printf("\n");
    for (int i = 0; i < ne; i++) { free(all[i]->word); free(all[i]); }

    /* 6. directories: nested, listed sorted, removed */
    snprintf(path, sizeof path, "%s/tree", dir);
    mkdir(path, 0755);
    for (int i = 0; i < 12; i++) {
        char p2[1100];
        snprintf(p2, sizeof p2, "%s/node%02d", path, (i * 7) % 12);
        mkdir(p2, 0755);
        char p3[1200];
        snprintf(p3, sizeof p3, "%s/leaf.txt", p2);
        FILE *lf = fopen(p3, "w");
        fprintf(lf, "%d\n", i);
        fclose(lf);
    }
    DIR *d = opendir(path);
    char *names[64];
    int nn = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            names[nn++] = strdup(de->d_name);
    closedir(d);
    qsort(names, (size_t)nn, sizeof names[0], cmp_str);
    printf("tree has %d entries:", nn);
    for (int i = 0; i < nn; i++) {
        printf(" %s", names[i]);
        char p2[1200];
        snprintf(p2, sizeof p2, "%s/%s/leaf.txt", path, names[i]);
        unlink(p2);
        snprintf(p2, sizeof p2, "%s/%s", path, names[i]);
        rmdir(p2);
        free(names[i]);
    }
    printf("\n");
    printf("rmdir tree: %d\n", rmdir(path));
    snprintf(path, sizeof path, "%s/records.txt", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/text.txt", dir);
    unlink(path);
    errno = 0;
    int sr = stat(path, &st);
    printf("stat after unlink: %d (ENOENT=%d)\n", sr, errno == ENOENT);

    /* 7. time: a fixed moment in UTC, and the clock moves forward */
    time_t fixed = 1234567890;
    struct tm tmv;
    gmtime_r(&fixed, &tmv);
    char tbuf[64];
    strftime(tbuf, sizeof tbuf, "%Y-%m-%d %H:%M:%S %a %j", &tmv);
    printf("gmtime(1234567890) = %s\n", tbuf);
    time_t now = time(NULL);
    printf("now is after 2020: %d\n", now > 1577836800);
    clock_t c0 = clock();
    volatile double acc = 0;
    for (int i = 1; i < 2000000; i++) acc += 1.0 / i;
    printf("clock() advances: %d, harmonic ~ %.6f\n", clock() >= c0, acc);
    printf("timegm roundtrip: %d\n", mktime(&tmv) != (time_t)-1);

    /* 8. rand: the same seed gives the same sequence */
    srand(42);
    int r1[5];
    for (int i = 0; i < 5; i++) r1[i] = rand();
    srand(42);
    int same = 1;
    for (int i = 0; i < 5; i++) same &= rand() == r1[i];
    printf("srand/rand repeatable: %d, in range: %d\n", same, r1[0] >= 0 && r1[0] <= RAND_MAX);

    /* 9. numbers: formatting and parsing round trips, libm */
    double vals[] = {0.1, 1e100, -2.5e-300, 3.141592653589793, 1.0 / 3.0};
    for (int i = 0; i < 5; i++) {
        char nb[64];
        snprintf(nb, sizeof nb, "%.17g", vals[i]);
        printf("%%.17g %s roundtrip=%d %%e %.6e %%g %g\n", nb, strtod(nb, NULL) == vals[i],
               vals[i], vals[i]);
    }
    printf("strtol: %ld %ld %lu\n", strtol("-12345", NULL, 10), strtol("ff", NULL, 16),
           strtoul("0777", NULL, 0));
    printf("libm: sqrt(2)=%.12f exp(1)=%.12f floor(-2.5)=%g fmod(10,3)=%g\n", sqrt(2.0),
           exp(1.0), floor(-2.5), fmod(10.0, 3.0));
    printf("done\n");
    return 0;
}
