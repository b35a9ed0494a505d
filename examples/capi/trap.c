/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * trap.c — traps: one made by a host function with wasm_trap_new and returned through
 * the wasm that called it (the very object comes back, with the frames below the host
 * function), and traps raised by wasm (unreachable two calls deep, division by zero).
 * Frames are checked against the module binary: a frame's module offset must point at
 * the instruction executing in it (the call, or the unreachable), and its function
 * offset must lead back to the start of the function body.
 * Exit status 1 on any mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"

static int failures;
#define CHECK(c) \
    do { \
        if (!(c)) { \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            failures++; \
        } \
    } while (0)

static bool load(const char *path, wasm_byte_vec_t *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return false;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    wasm_byte_vec_new_uninitialized(out, (size_t)n);
    bool ok = fread(out->data, 1, (size_t)n, f) == (size_t)n;
    fclose(f);
    if (!ok) wasm_byte_vec_delete(out);
    return ok;
}

static int host_trap_marker;

static wasm_trap_t *fail_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    wasm_store_t *store = env;
    wasm_message_t message;
    wasm_name_new_from_string_nt(&message, "callback abort");
    wasm_trap_t *trap = wasm_trap_new(store, &message);
    wasm_name_delete(&message);
    wasm_trap_set_host_info(trap, &host_trap_marker);
    return trap;
}

static wasm_byte_vec_t binary;
static wasm_instance_t *instance;

/* A frame's offsets against the binary: the instruction at module_offset is `opcode`,
 * and module_offset - func_offset is the start of a function body (its locals, right
 * after the body's size, as in wasm-c-api), whose last byte is `end` (0x0b). */
static void check_frame(const wasm_frame_t *fr, uint32_t func_index, unsigned char opcode)
{
    const unsigned char *b = (const unsigned char *)binary.data;
    size_t mo = wasm_frame_module_offset(fr), fo = wasm_frame_func_offset(fr);
    printf("    frame: func %u, func offset 0x%zx, module offset 0x%zx\n",
           wasm_frame_func_index(fr), fo, mo);
    CHECK(wasm_frame_func_index(fr) == func_index);
    CHECK(wasm_instance_same(wasm_frame_instance(fr), instance));
    CHECK(mo < binary.size && b[mo] == opcode);
    CHECK(fo > 0 && fo <= mo);
    if (fo > 0 && fo <= mo) {
        size_t body = mo - fo, size = b[body - 1];   /* sizes here fit one byte */
        CHECK(size < 0x80 && body + size <= binary.size && b[body + size - 1] == 0x0b);
    }
}

static wasm_trap_t *call(const wasm_func_t *f, int32_t arg)
{
    wasm_val_t as[1] = {WASM_I32_VAL(arg)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = {wasm_func_param_arity(f), as}, results = WASM_ARRAY_VEC(rs);
    return wasm_func_call(f, &args, &results);
}

static void print_message(const char *what, const wasm_trap_t *trap, const char *expect)
{
    wasm_message_t m;
    wasm_trap_message(trap, &m);
    printf("  %s: trap \"%s\"\n", what, m.data);
    CHECK(m.size > 0 && m.data[m.size - 1] == '\0');   /* NUL-terminated, NUL counted */
    CHECK(strstr(m.data, expect) != NULL);
    wasm_byte_vec_delete(&m);
}

int main(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    if (!load("trap.wasm", &binary)) return 1;
    wasm_module_t *module = wasm_module_new(store, &binary);
    if (!module) return 1;

    wasm_functype_t *fail_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *fail_func = wasm_func_new_with_env(store, fail_type, fail_callback, store, NULL);
    wasm_functype_delete(fail_type);
    wasm_extern_t *externs[] = {wasm_func_as_extern(fail_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) return 1;
    wasm_func_delete(fail_func);
    wasm_module_delete(module);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    if (exports.size != 3) return 1;
    const wasm_func_t *callback = wasm_extern_as_func(exports.data[0]);
    const wasm_func_t *unreachable = wasm_extern_as_func(exports.data[1]);
    const wasm_func_t *div = wasm_extern_as_func(exports.data[2]);

    /* The host's trap: the same object back, its frame the wasm caller's call. */
    wasm_trap_t *trap = call(callback, 0);
    CHECK(trap != NULL);
    if (trap) {
        print_message("callback", trap, "callback abort");
        wasm_message_t m;
        wasm_trap_message(trap, &m);
        CHECK(m.size == strlen("callback abort") + 1);
        wasm_byte_vec_delete(&m);
        CHECK(wasm_trap_get_host_info(trap) == &host_trap_marker);
        wasm_frame_t *origin = wasm_trap_origin(trap);
        CHECK(origin != NULL);
        if (origin) check_frame(origin, 1, 0x10);
        wasm_frame_vec_t trace;
        wasm_trap_trace(trap, &trace);
        CHECK(trace.size == 1);
        wasm_frame_vec_delete(&trace);
        wasm_frame_delete(origin);
        wasm_trap_delete(trap);
    }

    /* unreachable, two calls deep. */
    trap = call(unreachable, 0);
    CHECK(trap != NULL);
    if (trap) {
        print_message("unreachable", trap, "unreachable");
        wasm_frame_vec_t trace;
        wasm_trap_trace(trap, &trace);
        CHECK(trace.size == 2);
        if (trace.size == 2) {
            check_frame(trace.data[0], 3, 0x00);   /* $inner, at unreachable */
            check_frame(trace.data[1], 2, 0x10);   /* "unreachable", at its call */
        }
        wasm_frame_t *origin = wasm_trap_origin(trap);
        CHECK(origin && trace.size &&
              wasm_frame_module_offset(origin) == wasm_frame_module_offset(trace.data[0]));
        wasm_frame_t *copy = wasm_frame_copy(origin);
        CHECK(copy && wasm_frame_func_index(copy) == 3 &&
              wasm_frame_func_offset(copy) == wasm_frame_func_offset(origin));
        wasm_frame_vec_t trace2;
        wasm_frame_vec_copy(&trace2, &trace);
        CHECK(trace2.size == trace.size && trace2.data[0] != trace.data[0] &&
              wasm_frame_func_index(trace2.data[1]) == 2);
        wasm_frame_vec_delete(&trace2);
        /* A frame vector built by the program: new takes over the frames. */
        wasm_frame_t *frames[2] = {wasm_frame_copy(trace.data[1]), wasm_frame_copy(trace.data[0])};
        wasm_frame_vec_t mine, empty, blank;
        wasm_frame_vec_new(&mine, 2, frames);
        wasm_frame_vec_new_empty(&empty);
        wasm_frame_vec_new_uninitialized(&blank, 3);
        CHECK(mine.size == 2 && wasm_frame_func_index(mine.data[0]) == 2);
        CHECK(empty.size == 0 && blank.size == 3 && blank.data[2] == NULL);
        wasm_frame_vec_delete(&mine);
        wasm_frame_vec_delete(&empty);
        wasm_frame_vec_delete(&blank);
        wasm_frame_delete(copy);
        wasm_frame_delete(origin);
        wasm_frame_vec_delete(&trace);

        wasm_trap_t *again = wasm_trap_copy(trap);
        CHECK(wasm_trap_same(again, trap));
        wasm_trap_delete(again);
        wasm_trap_delete(trap);
    }

    /* Division: fine with 1, a trap with 0; the store stays usable. */
    trap = call(div, 1);
    CHECK(trap == NULL);
    trap = call(div, 0);
    CHECK(trap != NULL);
    if (trap) {
        print_message("div by zero", trap, "divide by zero");
        wasm_frame_t *origin = wasm_trap_origin(trap);
        if (origin) check_frame(origin, 4, 0x6d);   /* i32.div_s */
        CHECK(origin != NULL);
        wasm_frame_delete(origin);
        wasm_trap_delete(trap);
    }
    trap = call(div, -1);
    CHECK(trap == NULL);

    /* A trap that was never thrown has no frames. */
    wasm_message_t message;
    wasm_name_new_from_string_nt(&message, "made by the host");
    trap = wasm_trap_new(store, &message);
    wasm_name_delete(&message);
    CHECK(wasm_trap_origin(trap) == NULL);
    wasm_frame_vec_t none;
    wasm_trap_trace(trap, &none);
    CHECK(none.size == 0);
    wasm_frame_vec_delete(&none);
    print_message("new", trap, "made by the host");
    wasm_trap_delete(trap);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_byte_vec_delete(&binary);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("trap: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
