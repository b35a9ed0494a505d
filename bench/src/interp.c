/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/*
 * interp — branchy control flow: a small stack-based bytecode virtual machine (switch
 * dispatch, calls with frames, locals, a data memory) running a program assembled at
 * start-up: a main loop that, for each i < N, calls a Collatz step counter, Euclid's gcd
 * and a randomly generated function (nested if/else over random expressions, from a
 * fixed seed), and updates a histogram in the VM's memory.
 * Size: N, in thousands.
 */
#include "bench.h"

#define DEFAULT_N 160
#define SMALL_N 1
#define WANT_DEFAULT 0x24c4cb78u
#define WANT_SMALL 0x8153bf2bu

enum {
    OP_HALT, OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_DIVU, OP_REMU,
    OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHRU, OP_LTU, OP_LTS, OP_EQ, OP_NE, OP_JMP,
    OP_JZ, OP_JNZ, OP_CALL, OP_ENTER, OP_RET, OP_POP, OP_DUP, OP_INC, OP_MLOAD,
    OP_MSTORE, OP_EMIT
};

/* ------------------------------------------------------------------ assembler */

#define MAX_CODE 65536
#define MAX_LABELS 4096

static int32_t code[MAX_CODE];
static int ncode;
static int label_pos[MAX_LABELS];
static int nlabels;
static int fix_at[MAX_LABELS * 4], fix_label[MAX_LABELS * 4];
static int nfix;

static void emit(int32_t w)
{
    if (ncode >= MAX_CODE) {
        fprintf(stderr, "code too large\n");
        exit(3);
    }
    code[ncode++] = w;
}
static void op1(int op, int32_t arg) { emit(op); emit(arg); }
static int new_label(void) { label_pos[nlabels] = -1; return nlabels++; }
static void bind(int l) { label_pos[l] = ncode; }
static void jump(int op, int l)
{
    emit(op);
    fix_at[nfix] = ncode;
    fix_label[nfix++] = l;
    emit(0);
}
static void link_labels(void)
{
    for (int i = 0; i < nfix; i++)
        code[fix_at[i]] = label_pos[fix_label[i]];
}

/* Functions: "CALL f nargs" jumps to f, whose first instruction is "ENTER nlocals". */
enum { L_MAIN, L_COLLATZ, L_GCD, L_GEN, NFUNCS };

static rng_t grng = {0x7a3c9e11d2f40b85ull};

/* A random expression over locals 0..2 of the generated function. */
static void gen_expr(int depth)
{
    uint32_t r = rng_u32(&grng);
    if (depth == 0 || r % 5 == 0) {
        if (r & 0x100)
            op1(OP_LOAD, (int32_t)((r >> 9) % 3));
        else
            op1(OP_PUSH, (int32_t)(r >> 12) & 0xffff);
        return;
    }
    static const int binops[] = {OP_ADD, OP_SUB, OP_MUL, OP_XOR, OP_AND, OP_OR,
                                 OP_SHL, OP_SHRU, OP_DIVU, OP_REMU, OP_LTU, OP_ADD};
    gen_expr(depth - 1);
    gen_expr(depth - 1);
    emit(binops[(r >> 8) % 12]);
}

/* gen(a, b, c): locals 0..2 are the arguments, 3 the result. A chain of random
 * statements "if (e & mask) local[k] = e1 else local[k] = e2". */
static void gen_function(void)
{
    bind(L_GEN);
    op1(OP_ENTER, 1);
    for (int s = 0; s < 12; s++) {
        int l_else = new_label(), l_end = new_label();
        gen_expr(3);
        op1(OP_PUSH, 1 << (rng_u32(&grng) % 5));
        emit(OP_AND);
        jump(OP_JZ, l_else);
        gen_expr(4);
        op1(OP_STORE, (int32_t)(rng_u32(&grng) % 4));
        jump(OP_JMP, l_end);
        bind(l_else);
        gen_expr(2);
        op1(OP_STORE, (int32_t)(rng_u32(&grng) % 4));
        bind(l_end);
    }
    op1(OP_LOAD, 3);
    op1(OP_LOAD, 0);
    emit(OP_XOR);
    emit(OP_RET);
}

static void assemble(void)
{
    for (int i = 0; i < NFUNCS; i++)
        new_label();
    /* main(n): locals 0 = n, 1 = i, 2 = acc */
    int loop = new_label(), done = new_label();
    bind(L_MAIN);
    op1(OP_ENTER, 2);
    op1(OP_PUSH, 1);
    op1(OP_STORE, 1);
    bind(loop);
    op1(OP_LOAD, 1);
    op1(OP_LOAD, 0);
    emit(OP_LTU);
    jump(OP_JZ, done);
    op1(OP_LOAD, 2);             /* acc += collatz(i) */
    op1(OP_LOAD, 1);
    jump(OP_CALL, L_COLLATZ); emit(1);
    emit(OP_ADD);
    op1(OP_LOAD, 1);             /* acc ^= gcd(i * 7919, 1000003 + acc % 4096) */
    op1(OP_PUSH, 7919);
    emit(OP_MUL);
    op1(OP_PUSH, 1000003);
    op1(OP_LOAD, 2);
    op1(OP_PUSH, 4096);
    emit(OP_REMU);
    emit(OP_ADD);
    jump(OP_CALL, L_GCD); emit(2);
    emit(OP_XOR);
    op1(OP_LOAD, 1);             /* acc += gen(i, acc, acc >> 7) */
    emit(OP_DUP); emit(OP_POP);  /* (keeps DUP/POP in the mix) */
    op1(OP_LOAD, 2);
    op1(OP_LOAD, 2);
    op1(OP_PUSH, 7);
    emit(OP_SHRU);
    jump(OP_CALL, L_GEN); emit(3);
    emit(OP_ADD);
    op1(OP_STORE, 2);
    op1(OP_LOAD, 2);             /* mem[acc & 1023] += i */
    op1(OP_PUSH, 1023);
    emit(OP_AND);
    emit(OP_DUP);
    emit(OP_MLOAD);
    op1(OP_LOAD, 1);
    emit(OP_ADD);
    emit(OP_MSTORE);
    op1(OP_LOAD, 1);             /* every 4096th i, emit acc */
    op1(OP_PUSH, 4095);
    emit(OP_AND);
    int skip = new_label();
    jump(OP_JNZ, skip);
    op1(OP_LOAD, 2);
    emit(OP_EMIT);
    bind(skip);
    emit(OP_INC); emit(1); emit(1);
    jump(OP_JMP, loop);
    bind(done);
    op1(OP_LOAD, 2);
    emit(OP_EMIT);
    emit(OP_HALT);

    /* collatz(x): locals 0 = x, 1 = steps */
    int c_loop = new_label(), c_odd = new_label(), c_next = new_label(), c_done = new_label();
    bind(L_COLLATZ);
    op1(OP_ENTER, 1);
    bind(c_loop);
    op1(OP_LOAD, 0);
    op1(OP_PUSH, 1);
    emit(OP_NE);
    jump(OP_JZ, c_done);
    op1(OP_LOAD, 0);
    op1(OP_PUSH, 1);
    emit(OP_AND);
    jump(OP_JNZ, c_odd);
    op1(OP_LOAD, 0);
    op1(OP_PUSH, 1);
    emit(OP_SHRU);
    op1(OP_STORE, 0);
    jump(OP_JMP, c_next);
    bind(c_odd);
    op1(OP_LOAD, 0);
    op1(OP_PUSH, 3);
    emit(OP_MUL);
    op1(OP_PUSH, 1);
    emit(OP_ADD);
    op1(OP_STORE, 0);
    bind(c_next);
    emit(OP_INC); emit(1); emit(1);
    jump(OP_JMP, c_loop);
    bind(c_done);
    op1(OP_LOAD, 1);
    emit(OP_RET);

    /* gcd(a, b): locals 0 = a, 1 = b, 2 = t */
    int g_loop = new_label(), g_done = new_label();
    bind(L_GCD);
    op1(OP_ENTER, 1);
    bind(g_loop);
    op1(OP_LOAD, 1);
    jump(OP_JZ, g_done);
    op1(OP_LOAD, 0);
    op1(OP_LOAD, 1);
    emit(OP_REMU);
    op1(OP_STORE, 2);
    op1(OP_LOAD, 1);
    op1(OP_STORE, 0);
    op1(OP_LOAD, 2);
    op1(OP_STORE, 1);
    jump(OP_JMP, g_loop);
    bind(g_done);
    op1(OP_LOAD, 0);
    emit(OP_RET);

    gen_function();
    link_labels();
}

/* ------------------------------------------------------------------ virtual machine */

#define STACK 4096
#define FRAMES 256
#define MEM 1024

static uint32_t mem[MEM];

static uint32_t run(uint32_t n, uint64_t *executed)
{
    uint32_t st[STACK];
    int ret_pc[FRAMES], ret_fp[FRAMES];
    int sp = 0, fp = 0, depth = 0, pc = label_pos[L_MAIN];
    uint32_t out = 0;
    uint64_t count = 0;
    st[sp++] = n;
    for (;;) {
        int32_t op = code[pc++];
        count++;
        uint32_t b;
        switch (op) {
        case OP_HALT: *executed = count; return out;
        case OP_PUSH: st[sp++] = (uint32_t)code[pc++]; break;
        case OP_LOAD: st[sp++] = st[fp + code[pc++]]; break;
        case OP_STORE: st[fp + code[pc++]] = st[--sp]; break;
        case OP_ADD: b = st[--sp]; st[sp - 1] += b; break;
        case OP_SUB: b = st[--sp]; st[sp - 1] -= b; break;
        case OP_MUL: b = st[--sp]; st[sp - 1] *= b; break;
        case OP_DIVU: b = st[--sp]; st[sp - 1] = b ? st[sp - 1] / b : 0; break;
        case OP_REMU: b = st[--sp]; st[sp - 1] = b ? st[sp - 1] % b : st[sp - 1]; break;
        case OP_AND: b = st[--sp]; st[sp - 1] &= b; break;
        case OP_OR: b = st[--sp]; st[sp - 1] |= b; break;
        case OP_XOR: b = st[--sp]; st[sp - 1] ^= b; break;
        case OP_SHL: b = st[--sp]; st[sp - 1] <<= (b & 31); break;
        case OP_SHRU: b = st[--sp]; st[sp - 1] >>= (b & 31); break;
        case OP_LTU: b = st[--sp]; st[sp - 1] = st[sp - 1] < b; break;
        case OP_LTS: b = st[--sp]; st[sp - 1] = (int32_t)st[sp - 1] < (int32_t)b; break;
        case OP_EQ: b = st[--sp]; st[sp - 1] = st[sp - 1] == b; break;
        case OP_NE: b = st[--sp]; st[sp - 1] = st[sp - 1] != b; break;
        case OP_JMP: pc = code[pc]; break;
        case OP_JZ: pc = st[--sp] == 0 ? code[pc] : pc + 1; break;
        case OP_JNZ: pc = st[--sp] != 0 ? code[pc] : pc + 1; break;
        case OP_CALL:
            if (depth == FRAMES || sp > STACK - 64) {
                fprintf(stderr, "vm: stack overflow\n");
                exit(3);
            }
            ret_pc[depth] = pc + 2;
            ret_fp[depth++] = fp;
            fp = sp - code[pc + 1];
            pc = code[pc];
            break;
        case OP_ENTER:
            for (int k = code[pc++]; k > 0; k--)
                st[sp++] = 0;
            break;
        case OP_RET:
            b = st[sp - 1];
            sp = fp;
            st[sp++] = b;
            fp = ret_fp[--depth];
            pc = ret_pc[depth];
            break;
        case OP_POP: sp--; break;
        case OP_DUP: st[sp] = st[sp - 1]; sp++; break;
        case OP_INC: st[fp + code[pc]] += (uint32_t)code[pc + 1]; pc += 2; break;
        case OP_MLOAD: st[sp - 1] = mem[st[sp - 1] % MEM]; break;
        case OP_MSTORE: b = st[--sp]; mem[st[--sp] % MEM] = b; break;
        case OP_EMIT: out = mix32(out, st[--sp]); break;
        default:
            fprintf(stderr, "vm: bad opcode %d at %d\n", (int)op, pc - 1);
            exit(3);
        }
    }
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, DEFAULT_N, SMALL_N);
    assemble();
    uint64_t executed = 0;
    uint32_t h = run((uint32_t)(n * 1000), &executed);
    for (int i = 0; i < MEM; i++)
        h = mix32(h, mem[i]);
    h = mix64(mix32(h, (uint32_t)ncode), executed);
    return bench_finish(h, n, DEFAULT_N, WANT_DEFAULT, SMALL_N, WANT_SMALL);
}
