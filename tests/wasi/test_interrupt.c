/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_interrupt.c — hosted test (links libminwasm.a and the wasi sources): after an out-of-fuel
 * or interrupted trap the same store keeps working, and an interrupt also ends a guest
 * blocked in a WASI call (mw_wasi_interrupt).
 *
 * usage: test_interrupt embed_guest.wasm
 * Prints one line per check and a closing "N passed, N failed".
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "minwasm.h"
#include "minwasm_wasi.h"

static int passed, failed;

static void check(int ok, const char *what)
{
    if (ok)
        passed++;
    else
        failed++;
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
}

static void *alloc_fn(void *ud, void *ptr, size_t osize, size_t nsize)
{
    (void)ud;
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, nsize);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct interrupter {
    mw_store *store;
    mw_wasi *wasi;     /* also wake WASI calls when set */
    int delay_ms;
} interrupter;

static void *interrupt_later(void *arg)
{
    interrupter *it = arg;
    struct timespec d = {it->delay_ms / 1000, (long)(it->delay_ms % 1000) * 1000000L};
    nanosleep(&d, NULL);
    mw_store_interrupt(it->store);
    if (it->wasi != NULL)
        mw_wasi_interrupt(it->wasi);
    return NULL;
}

static mw_func *get_func(mw_instance *inst, const char *name)
{
    mw_extern e;
    if (!mw_instance_export(inst, name, strlen(name), &e) || e.kind != MW_EXTERN_FUNC)
        return NULL;
    return e.of.func;
}

static int add(mw_store *store, mw_func *f, int a, int b, mw_error *err)
{
    mw_val args[2] = {mw_val_i32(a), mw_val_i32(b)};
    mw_val res[1];
    res[0].type = MW_I32;
    if (mw_func_call(store, f, args, 2, res, 1, err) != MW_OK)
        return -1;
    return res[0].of.i32;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s embed_guest.wasm\n", argv[0]);
        return 2;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (fp == NULL) {
        perror(argv[1]);
        return 2;
    }
    static uint8_t bytes[1 << 20];
    size_t len = fread(bytes, 1, sizeof bytes, fp);
    fclose(fp);

    mw_error err;
    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc_fn;
    mw_engine *engine = NULL;
    mw_module *module = NULL;
    mw_store *store = NULL;
    mw_linker *linker = NULL;
    mw_instance *inst = NULL;
    mw_wasi *wasi = NULL;
    mw_wasi_config wc;
    mw_wasi_config_init(&wc);
    check(mw_engine_new(&cfg, &engine, &err) == MW_OK, "engine");
    check(mw_module_new(engine, bytes, len, &module, &err) == MW_OK, "module");
    check(mw_wasi_new(&wc, &wasi, &err) == MW_OK, "wasi context");
    check(mw_store_new(engine, NULL, &store, &err) == MW_OK, "store");
    check(mw_linker_new(engine, &linker, &err) == MW_OK, "linker");
    check(mw_wasi_define(linker, wasi, &err) == MW_OK, "mw_wasi_define");
    check(mw_linker_instantiate(linker, store, module, &inst, &err) == MW_OK, "instantiate");
    if (failed) {
        printf("setup failed: %s\n", err.msg);
        printf("%d passed, %d failed\n", passed, failed);
        return 1;
    }
    mw_func *spin = get_func(inst, "spin"), *addf = get_func(inst, "add");
    mw_func *sleepf = get_func(inst, "sleep_forever"), *wakeups = get_func(inst, "wakeups");
    check(spin && addf && sleepf && wakeups, "exports found");

    /* fuel */
    mw_store_set_fuel(store, 100000);
    mw_result r = mw_func_call(store, spin, NULL, 0, NULL, 0, &err);
    check(r == MW_ERR_TRAP && err.trap == MW_TRAP_OUT_OF_FUEL, "spin runs out of fuel");
    check(strcmp(mw_trap_message(err.trap), "out of fuel") == 0, "message 'out of fuel'");
    check(mw_store_trap_frames(store) >= 1, "the trap has a backtrace");
    mw_store_set_fuel(store, 1000);
    check(add(store, addf, 2, 3, &err) == 5, "add works in the same store after out of fuel");
    mw_store_disable_fuel(store);
    check(add(store, addf, 40, 2, &err) == 42, "add works with fuel disabled");

    /* interrupt from another thread while spinning */
    interrupter it = {store, NULL, 100};
    pthread_t th;
    double t0 = now_s();
    pthread_create(&th, NULL, interrupt_later, &it);
    r = mw_func_call(store, spin, NULL, 0, NULL, 0, &err);
    pthread_join(th, NULL);
    check(r == MW_ERR_TRAP && err.trap == MW_TRAP_INTERRUPTED, "spin is interrupted");
    check(strcmp(err.msg[0] ? err.msg : mw_trap_message(err.trap), "interrupted") == 0,
          "message 'interrupted'");
    check(now_s() - t0 < 5.0, "promptly");
    check(add(store, addf, 2, 3, &err) == 5, "add works in the same store after an interrupt");

    /* interrupt a guest blocked in poll_oneoff: WASI wakes it, the store traps it */
    it.wasi = wasi;
    t0 = now_s();
    pthread_create(&th, NULL, interrupt_later, &it);
    r = mw_func_call(store, sleepf, NULL, 0, NULL, 0, &err);
    pthread_join(th, NULL);
    double took = now_s() - t0;
    check(r == MW_ERR_TRAP && err.trap == MW_TRAP_INTERRUPTED, "a guest blocked in poll_oneoff is interrupted");
    check(took >= 0.09 && took < 5.0, "after the delay, not after an hour");
    mw_val w[1];
    w[0].type = MW_I32;
    check(mw_func_call(store, wakeups, NULL, 0, w, 1, &err) == MW_OK && w[0].of.i32 == 1,
          "poll_oneoff returned once (EINTR), then the guest trapped");
    check(add(store, addf, 7, 8, &err) == 15, "add works after the blocked call was interrupted");

    /* an interrupt with nothing running stops the next call, once */
    mw_store_interrupt(store);
    r = mw_func_call(store, spin, NULL, 0, NULL, 0, &err);
    check(r == MW_ERR_TRAP && err.trap == MW_TRAP_INTERRUPTED, "a pending interrupt stops the next call");
    check(add(store, addf, 1, 1, &err) == 2, "and only that one");

    mw_linker_delete(linker);
    mw_store_delete(store);
    mw_wasi_delete(wasi);
    mw_module_delete(module);
    mw_engine_delete(engine);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
