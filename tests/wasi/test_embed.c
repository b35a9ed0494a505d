/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * test_embed.c — hosted test of the WASI embedding API (links libminwasm.a and the wasi sources):
 * sockets handed in through mw_wasi_config.sockets (sock_recv/send/shutdown/accept),
 * replacing one function after mw_wasi_define, argv/environ/stdio from the config,
 * mw_wasi_exit_code, and a bad pre-open reported by mw_wasi_new.
 *
 * usage: test_embed sockets.wasm
 * Prints one line per check and a closing "N passed, N failed".
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

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

/* Replacement for random_get: fills 0x42 (checks the guest pointer itself). */
static mw_result my_random_get(mw_caller *caller, void *env, const mw_val *args, size_t nargs_, mw_val *res, size_t nresults_)
{
    (void)nargs_; (void)nresults_;
    int *calls = env;
    (*calls)++;
    mw_memory *m = mw_caller_memory(caller);
    uint32_t p = (uint32_t)args[0].of.i32, n = (uint32_t)args[1].of.i32;
    if (m == NULL || (uint64_t)p + n > mw_memory_size(m)) {
        res[0] = mw_val_i32(21);   /* EFAULT */
        return MW_OK;
    }
    memset(mw_memory_data(m) + p, 0x42, n);
    res[0] = mw_val_i32(0);
    return MW_OK;
}

static size_t read_all(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s sockets.wasm\n", argv[0]);
        return 2;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (fp == NULL) {
        perror(argv[1]);
        return 2;
    }
    static uint8_t bytes[4 << 20];
    size_t len = fread(bytes, 1, sizeof bytes, fp);
    fclose(fp);

    check(mw_wasi_func_count() == 46, "46 functions");
    int dup = 0;
    for (size_t i = 0; i < mw_wasi_func_count(); i++)
        for (size_t j = i + 1; j < mw_wasi_func_count(); j++)
            dup += strcmp(mw_wasi_func_name(i), mw_wasi_func_name(j)) == 0;
    check(dup == 0 && mw_wasi_func_name(46) == NULL, "names are distinct");

    /* a pre-open that does not exist: an error naming it */
    mw_error err;
    mw_wasi_config wc;
    mw_wasi_config_init(&wc);
    mw_wasi_preopen bad = {"/nonexistent/minwasm-test-dir", "/x"};
    wc.preopens = &bad;
    wc.npreopens = 1;
    mw_wasi *w = NULL;
    check(mw_wasi_new(&wc, &w, &err) == MW_ERR_ARG && w == NULL &&
          strstr(err.msg, "/nonexistent/minwasm-test-dir") != NULL, "a missing pre-open is reported");

    /* sockets: a connected pair, and a listening socket with one pending connection */
    int pair[2];
    check(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0, "socketpair");
    char path[108];
    snprintf(path, sizeof path, "/tmp/minwasm-embed-%ld.sock", (long)getpid());
    unlink(path);
    int lsock = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, strlen(path) + 1);
    check(lsock >= 0 && bind(lsock, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(lsock, 4) == 0,
          "listening socket");
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    check(client >= 0 && connect(client, (struct sockaddr *)&sa, sizeof sa) == 0, "connect to it");
    check(write(client, "hello", 5) == 5, "client sends hello");
    check(write(pair[0], "ping", 4) == 4, "host sends ping");

    const char *gargv[] = {"sockets.wasm", "sock-arg"};
    const char *genv[] = {"EMBED=yes"};
    int socks[2] = {pair[1], lsock};
    mw_wasi_config_init(&wc);
    wc.argv = gargv;
    wc.argc = 2;
    wc.envp = genv;
    wc.envc = 1;
    wc.stdin_fd = -1;
    wc.sockets = socks;
    wc.nsockets = 2;
    check(mw_wasi_new(&wc, &w, &err) == MW_OK, "wasi context with sockets");
    /* the context holds its own copies: ours can go */
    close(pair[1]);
    check(mw_wasi_exit_code(w) == -1, "no exit code yet");

    mw_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.alloc = alloc_fn;
    mw_engine *engine = NULL;
    mw_module *module = NULL;
    mw_store *store = NULL;
    mw_linker *linker = NULL;
    mw_instance *inst = NULL;
    int calls = 0;
    check(mw_engine_new(&cfg, &engine, &err) == MW_OK, "engine");
    check(mw_module_new(engine, bytes, len, &module, &err) == MW_OK, "module");
    check(mw_store_new(engine, NULL, &store, &err) == MW_OK, "store");
    check(mw_linker_new(engine, &linker, &err) == MW_OK, "linker");
    check(mw_wasi_define(linker, w, &err) == MW_OK, "mw_wasi_define");
    mw_valtype p2[2] = {MW_I32, MW_I32}, r1[1] = {MW_I32};
    mw_functype ft = {2, 1, p2, r1};
    check(mw_linker_define_func_cstr(linker, MW_WASI_MODULE, "random_get", &ft, my_random_get, &calls, NULL,
                                &err) == MW_OK, "replace random_get");
    check(mw_linker_instantiate(linker, store, module, &inst, &err) == MW_OK, "instantiate");
    mw_extern start;
    mw_result r = MW_ERR_NOT_FOUND;
    if (inst != NULL && mw_instance_export(inst, "_start", 6, &start))
        r = mw_func_call(store, start.of.func, NULL, 0, NULL, 0, &err);
    fflush(stdout);
    check(r == MW_ERR_TRAP && err.trap == MW_TRAP_EXIT && err.exit_code == 0,
          "the guest's checks all passed (exit code 0)");
    if (r == MW_ERR_TRAP && err.trap == MW_TRAP_EXIT && err.exit_code != 0)
        printf("     guest exit code %d: failed guest checks\n", err.exit_code);
    check(mw_wasi_exit_code(w) == 0, "mw_wasi_exit_code is 0");
    check(calls == 1, "the replacement random_get was called");

    char buf[64];
    read_all(pair[0], buf, sizeof buf);
    check(strcmp(buf, "pong:ping") == 0, "the guest answered pong:ping and shut down writing");
    read_all(client, buf, sizeof buf);
    check(strcmp(buf, "world") == 0, "the accepted connection answered world and was closed");

    mw_linker_delete(linker);
    mw_store_delete(store);
    mw_wasi_delete(w);
    mw_module_delete(module);
    mw_engine_delete(engine);
    close(pair[0]);
    close(client);
    close(lsock);
    unlink(path);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
