/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_replicas.c — handler replicas (opcodes.h MW_REPLICAS, pair.c mwJ_join): a
 * form followed by many different instructions takes several of its replicas under
 * computed-goto dispatch and none under switch; the choice depends on the successor's
 * opcode only; explore names a replica as its form; and the function computes what C
 * computes, for several arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minwasm.h"
#include "minwasm_wat.h"
#include "mw_internal.h"
#include "instr.h"

static int failures, checks;
#define CHECK(c) do { checks++; if (!(c)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)

static void *alloc_fn(void *ud, void *p, size_t os, size_t ns)
{
    (void)ud; (void)os;
    if (ns == 0) { free(p); return NULL; }
    return realloc(p, ns);
}

/* The statements: x += k (i32.add_ri), then y = y OP x, with OP from this list (none
 * joins i32.add_ri into a pair), twice over so that each successor comes twice. */
#define NOPS 12
static const char *const ops[NOPS] = { "mul", "xor", "sub", "or", "and", "rotl", "rotr",
                                       "shl", "shr_s", "eq", "lt_u", "gt_s" };
#define NSTMT (2 * NOPS)

static uint32_t rotl(uint32_t v, uint32_t k) { k &= 31; return k ? v << k | v >> (32 - k) : v; }
static uint32_t rotr(uint32_t v, uint32_t k) { k &= 31; return k ? v >> k | v << (32 - k) : v; }

static uint32_t ref(uint32_t x, uint32_t y)
{
    for (uint32_t j = 0; j < NSTMT; j++) {
        x += 7 * j + 1;
        switch (j % NOPS) {
        case 0: y *= x; break;
        case 1: y ^= x; break;
        case 2: y -= x; break;
        case 3: y |= x; break;
        case 4: y &= x; break;
        case 5: y = rotl(y, x); break;
        case 6: y = rotr(y, x); break;
        case 7: y <<= x & 31; break;
        case 8: y = (uint32_t)((int32_t)y >> (x & 31)); break;
        case 9: y = y == x; break;
        case 10: y = y < x; break;
        default: y = (int32_t)y > (int32_t)x; break;
        }
        y += x;   /* keep y alive after the compares */
    }
    return x ^ y;
}

static size_t explore_count;
static void explore_cb(void *ud, const char *text, size_t len)
{
    (void)ud;
    for (const char *p = text; (p = strstr(p, ": i32.add_ri ")) != NULL && p < text + len; p++)
        explore_count++;
}

int main(void)
{
    char text[8192];
    size_t n = (size_t)snprintf(text, sizeof text,
                                "(module (func (export \"f\") (param i32 i32) (result i32)");
    for (uint32_t j = 0; j < NSTMT; j++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              " (local.set 0 (i32.add (local.get 0) (i32.const %u)))"
                              " (local.set 1 (i32.add (i32.%s (local.get 1) (local.get 0))"
                              " (local.get 0)))", 7 * j + 1, ops[j % NOPS]);
    snprintf(text + n, sizeof text - n, " (i32.xor (local.get 0) (local.get 1))))");

    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc_fn;
    mw_engine *engine;
    mw_store *store;
    mw_module *m;
    mw_instance *inst;
    mw_error err;
    if (mw_engine_new(&cfg, &engine, &err) != MW_OK || mw_store_new(engine, NULL, &store, &err) != MW_OK ||
        mw_module_new_text(engine, text, strlen(text), &m, &err) != MW_OK ||
        mw_instance_new(store, m, NULL, 0, &inst, &err) != MW_OK) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return 1;
    }

    /* Which of i32.add_ri's opcodes each of its instances took, by successor. */
    const mw_code *code = inst->funcs[0]->code;
    uint32_t used = 0, forms = 0;
    mw_unit took[IR_COUNT_];
    memset(took, 0xFF, sizeof took);
    bool same = true;
    for (uint32_t pos = 0; pos < code->nops; pos += mwO_irlen(code->ops + pos)) {
        mw_unit op = code->ops[pos];
        if (mwO_first_form(op) != IR_I32_ADD_RI) continue;
        /* 0: the form itself, 1..MW_NREPLICAS its replicas (consecutive); else a pair */
        uint32_t v = op == IR_I32_ADD_RI ? 0 : (uint32_t)(op - IR_R1_I32_ADD_RI) + 1;
        if (v > MW_NREPLICAS) continue;
        forms++;
        used |= 1u << v;
        mw_unit next = code->ops[pos + mwO_irlen(code->ops + pos)];
        if (took[next] != (mw_unit)0xFFFF && took[next] != op) same = false;
        took[next] = op;
    }
    CHECK(forms >= NSTMT - 2);   /* the first may join what comes before it */
    CHECK(same);                 /* one successor, one choice */
#if MW_DISPATCH_GOTO
    CHECK(__builtin_popcount(used) >= 4);   /* 12 successors over 8 choices */
    printf("i32.add_ri: %u instances, %d of its %d opcodes\n", forms, __builtin_popcount(used), MW_NREPLICAS + 1);
#else
    CHECK(used == 1);            /* the switch has no replicas */
#endif
    /* explore shows each as i32.add_ri */
    CHECK(mw_module_explore(m, 0, explore_cb, NULL) == MW_OK && explore_count == forms);

    mw_extern x;
    CHECK(mw_instance_export_cstr(inst, "f", &x) && x.kind == MW_EXTERN_FUNC);
    static const uint32_t args[][2] = { { 0, 0 }, { 1, 2 }, { 0xFFFFFFFF, 5 }, { 0x80000000, 0x7FFFFFFF },
                                        { 12345, 0xDEADBEEF } };
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
        mw_val a[2] = { mw_val_i32((int32_t)args[i][0]), mw_val_i32((int32_t)args[i][1]) }, r;
        uint32_t want = ref(args[i][0], args[i][1]);
        CHECK(mw_func_call(store, x.of.func, a, 2, &r, 1, &err) == MW_OK && (uint32_t)r.of.i32 == want);
    }
    mw_module_delete(m);
    mw_store_delete(store);
    mw_engine_delete(engine);
    printf("test_replicas: %d checks, %d failed\n", checks, failures);
    return failures != 0;
}
