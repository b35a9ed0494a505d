#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""bench/profile-interp.py — where minwasm's interpreter spends its instructions.

Runs each benchmark program under valgrind's callgrind twice: the native build (gcc -O2,
the baseline) and the wasm build in a minwasm built with debug information (-g -O2), with
--dump-instr=yes --collect-jumps=yes. Instruction counts (Ir) are deterministic, so the
figures do not depend on the load of the machine. For minwasm it splits the Ir:

  - load: mw_module_new (decode, validate, translate), inclusive;
  - run: mw_func_call (the guest's execution), inclusive; the run/native ratio is the
    interpreter's cost per native instruction (start-up of both processes excluded as
    far as possible: native counts main() inclusive);
  - per handler: every instruction of the interpreter's run() is attributed to the
    nearest code label at or before it (the L_IR_* handler labels and the call/return
    paths do_call, call_wasm, enter (do_return in older builds), from the DWARF); a
    handler's execution count is the Ir of its first instruction;
  - pairs: the indirect jumps of the threaded dispatch, from the handler that jumps to
    the handler jumped to, are the dynamic instruction pairs (what fusion would remove).

Usage:
    make BUILD=build-perf CFLAGS=-g          # the minwasm to profile
    bench/profile-interp.py [--minwasm build-perf/minwasm] [--filter fib,sort]
                            [--top 12] [--pairs 12] [--out DIR]

Sizes: a per-program size between "small" and the default (SIZES below), so that the
native run is a few tens of millions of instructions and start-up is negligible. Each
checksum is compared with the native run's.
"""

import argparse
import collections
import fnmatch
import os
import re
import shutil
import subprocess
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)

# Sizes for profiling: native runs of roughly 20-60 million instructions.
SIZES = {
    "ackermann": "10", "corelike": "700", "crc32": "40", "exprtree": "4", "fannkuch": "250",
    "fib": "30", "hashtable": "250", "huffman": "3", "interp": "4", "mandelbrot": "300", "matmul": "200",
    "nbody": "60", "sha256": "50", "sieve": "5000", "sort": "40", "spectral": "500",
    "stencil": "50", "tokenizer": "10",
}

CHECKSUM_RE = re.compile(r"^checksum: ([0-9a-f]{8})$", re.M)


def run_callgrind(argv, out, extra=(), reuse=False):
    if reuse and os.path.exists(out):
        with open(out) as f:
            m = re.search(r"^# checksum ([0-9a-f]{8})$", f.read(), re.M)
        if m:
            return m.group(1)
    p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        "--compress-pos=no", "--compress-strings=no"] + list(extra) + argv,
                       capture_output=True, text=True, cwd=ROOT)
    m = CHECKSUM_RE.search(p.stdout)
    if p.returncode != 0 or not m:
        sys.exit(f"{' '.join(argv)}: exit {p.returncode}: {p.stdout[-300:]} {p.stderr[-300:]}")
    with open(out, "a") as f:   # for --reuse (callgrind ignores "#" lines)
        f.write(f"# checksum {m.group(1)}\n")
    return m.group(1)


def inclusive(outfile, fns):
    r = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", outfile],
                       capture_output=True, text=True)
    res = {}
    for fn in fns:
        m = re.search(rf"^\s*([\d,]+)\s.*:{re.escape(fn)} \[", r.stdout, re.M)
        res[fn] = int(m.group(1).replace(",", "")) if m else None
    m = re.search(r"^\s*([\d,]+)\s.*PROGRAM TOTALS", r.stdout, re.M)
    res["total"] = int(m.group(1).replace(",", "")) if m else None
    return res


def labels_of(binary):
    """{address: label} of the code labels of run() in binary (DWARF DW_TAG_label)."""
    txt = subprocess.run(["readelf", "--debug-dump=info", binary], capture_output=True,
                         text=True).stdout
    labels, lines, cur, name = {}, {}, False, None
    for line in txt.splitlines():
        if "DW_TAG_label" in line:
            cur, name = True, None
        elif "DW_TAG_" in line:
            cur = False
        elif cur and "DW_AT_name" in line:
            name = line.split()[-1]
        elif cur and "DW_AT_decl_line" in line and name:
            lines[name] = int(line.split()[-1], 0)
        elif cur and "DW_AT_low_pc" in line and name:
            labels[int(line.split()[-1], 16)] = name
            cur = False
    syms = subprocess.run(["nm", "-S", binary], capture_output=True, text=True).stdout
    lo = hi = None
    for line in syms.splitlines():
        f = line.split()
        if len(f) == 4 and f[3] in ("run", "mwI_run"):
            lo, hi = int(f[0], 16), int(f[0], 16) + int(f[1], 16)
    keep = {"do_call", "call_wasm", "enter", "do_return", "trapped", "propagated"}
    labels = {a: n for a, n in labels.items() if lo <= a < hi and
              (n.startswith("L_IR_") or n in keep)}
    labels[lo] = "(run entry)"
    # The call and return paths by source line (gcc moves their blocks among the handlers,
    # so the address of the nearest label does not tell them apart).
    paths = sorted((lines[n], n) for n in ("do_call", "call_wasm", "enter", "do_return",
                                           "trapped") if n in lines)
    return labels, lo, hi, paths


def classify_code(binary, lo, hi):
    """Addresses in run() of (a) the dispatch: each indirect jump through the handler
    table and the opcode load just before it, (b) instructions with an operand in the
    stack frame (spills and reloads of the interpreter's state: (%rsp) on x86-64)."""
    txt = subprocess.run(["objdump", "-d", "--no-show-raw-insn", f"--start-address={lo}",
                          f"--stop-address={hi}", binary], capture_output=True,
                         text=True).stdout
    disp, stack = set(), set()
    prev = None
    for line in txt.splitlines():
        m = re.match(r"\s+([0-9a-f]+):\s+(\S+)\s*(.*)", line)
        if not m:
            continue
        a, mnem, ops = int(m.group(1), 16), m.group(2), m.group(3)
        if mnem == "jmp" and ops.startswith("*") and ",8)" in ops:
            disp.add(a)
            if prev and prev[1].startswith("movzw"):
                disp.add(prev[0])
        if "(%rsp" in ops:
            stack.add(a)
        prev = (a, mnem)
    return disp, stack


def chain_fractions(minwasm, wasm):
    """From `minwasm explore`: for each pair of adjacent translated instructions (A, B)
    (as L_IR_ names), how often B reads the temporary slot A just wrote, i.e. how often
    an accumulator would carry the value: {(A, B): (chained, total)}."""
    r = subprocess.run([minwasm, "explore", wasm], capture_output=True, text=True)
    out = collections.defaultdict(lambda: [0, 0])
    nloc, prev = 0, None
    for line in r.stdout.splitlines():
        m = re.match(r"func \d+: .*slots: \d+ params, (\d+) locals", line)
        if m:
            nloc, prev = int(m.group(1)), None
            continue
        m = re.match(r"\s+\d+ @0x[0-9a-f]+: (\S+)(.*)", line)
        if not m:
            continue
        name = "L_IR_" + m.group(1).upper().replace(".", "_")
        d = [int(x) for x in re.findall(r"\bd(\d+)", m.group(2))]
        srcs = [int(x) for x in re.findall(r"\bs(\d+)", m.group(2))]
        if prev:
            e = out[(prev[0], name)]
            e[1] += 1
            if prev[1] is not None and prev[1] in srcs:
                e[0] += 1
        prev = (name, d[0] if d and d[0] >= nloc else None)
    return out


def parse_instr(outfile, lo, hi):
    """Self Ir per address inside [lo, hi), the source line of each address when it is in
    interp.c (else None), and the jumps (src, dst, count) there."""
    ir = collections.Counter()
    srcline = {}
    in_interp = False
    jumps = collections.Counter()
    skip_next = False   # the line after calls= holds an inclusive cost
    jump_dst = None     # the line after jump=/jcnd= is the jump's source position
    with open(outfile) as f:
        for line in f:
            c = line[0]
            if c == "0":
                parts = line.split()
                a = int(parts[0], 16)
                if jump_dst is not None:
                    if lo <= a < hi:
                        jumps[(a, jump_dst[0])] += jump_dst[1]
                    jump_dst = None
                    continue
                if skip_next:
                    skip_next = False
                    continue
                if lo <= a < hi and len(parts) >= 3:
                    ir[a] += int(parts[2])
                    srcline[a] = int(parts[1]) if in_interp else None
            elif line.startswith(("fl=", "fi=", "fe=")):
                in_interp = line.rstrip().endswith("/interp.c")
            elif line.startswith("calls="):
                skip_next = True
            elif line.startswith("jump="):
                cnt, dst = line[5:].split()[:2]
                jump_dst = (int(dst, 16), int(cnt))
            elif line.startswith("jcnd="):
                ex, dst = line[5:].split()[:2]
                jump_dst = (int(dst, 16), int(ex.split("/")[0]))
    return ir, srcline, jumps


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minwasm", default=os.path.join(ROOT, "build-perf", "minwasm"))
    ap.add_argument("--filter", default="*")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--pairs", type=int, default=12)
    ap.add_argument("--out", default=os.path.join(BENCH, "build", "profile"))
    ap.add_argument("--reuse", action="store_true",
                    help="analyse the callgrind files of an earlier run in --out again")
    opts = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind not found")
    subprocess.run(["make", "--no-print-directory", "-s", "bench-native", "bench-wasm"],
                   cwd=ROOT, check=True)
    os.makedirs(opts.out, exist_ok=True)
    labels, lo, hi, paths = labels_of(opts.minwasm)
    starts = sorted(labels)
    handler_starts = {a for a, n in labels.items() if n.startswith("L_IR_")}
    disp_at, stack_at = classify_code(opts.minwasm, lo, hi)
    srcline = {}

    def owner(a):
        import bisect
        ln = srcline.get(a)
        if ln is not None and paths and paths[0][0] <= ln < paths[-1][0]:
            return [n for l, n in paths if l <= ln][-1]
        return labels[starts[bisect.bisect_right(starts, a) - 1]]

    pats = opts.filter.split(",")
    progs = sorted(p for p in SIZES if any(fnmatch.fnmatch(p, x) for x in pats))
    summary = []
    summary_acc = {}
    all_h, all_pairs = collections.Counter(), collections.Counter()
    for prog in progs:
        size = SIZES[prog]
        nat_out = os.path.join(opts.out, f"{prog}.native.cg")
        mw_out = os.path.join(opts.out, f"{prog}.minwasm.cg")
        s1 = run_callgrind([os.path.join(BENCH, "build", "native", prog), size], nat_out,
                           reuse=opts.reuse)
        s2 = run_callgrind([opts.minwasm, "run", os.path.join(BENCH, "build", "wasm",
                                                              prog + ".wasm"), size],
                           mw_out, ["--dump-instr=yes", "--collect-jumps=yes"], opts.reuse)
        if s1 != s2:
            sys.exit(f"{prog}: checksum native {s1}, minwasm {s2}")
        nat = inclusive(nat_out, ["main"])
        mw = inclusive(mw_out, ["mw_module_new", "mw_func_call"])
        ir, lines, jumps = parse_instr(mw_out, lo, hi)
        srcline.clear()
        srcline.update(lines)
        execs = collections.Counter({labels[a]: ir.get(a, 0) for a in handler_starts})
        # Blocks that gcc moved out of their handler (taken-branch tails, slow paths) sit
        # after some other label, one never entered at its start: such a block belongs to
        # the handler that jumps to it most often.
        pred = {}
        for (src, dst), cnt in jumps.items():
            if dst not in handler_starts and cnt > pred.get(dst, (0, None))[0]:
                pred[dst] = (cnt, src)
        targets = sorted(pred)

        def owner2(a, depth=0):
            import bisect
            n = owner(a)
            if depth > 4 or (n.startswith("L_IR_") and execs.get(n, 0)) or \
                    n in ("do_call", "call_wasm", "enter", "do_return"):
                return n
            i = bisect.bisect_right(targets, a) - 1
            lab = starts[bisect.bisect_right(starts, a) - 1]
            if i < 0 or targets[i] < lab:
                return n
            return owner2(pred[targets[i]][1], depth + 1)

        per = collections.Counter()
        for a, v in ir.items():
            per[owner2(a)] += v
        ndisp = sum(execs.values())
        pairs = collections.Counter()
        for (src, dst), cnt in jumps.items():
            if dst in handler_starts:
                pairs[(owner2(src), labels[dst])] += cnt
        run_ir = mw["mw_func_call"] or 0
        in_run = sum(ir.values())
        call_ops = ["L_IR_CALL", "L_IR_CALL_LOCAL", "L_IR_CALL_INDIRECT",
                    "L_IR_CALL_LOCAL_C", "L_IR_CALL_LOCAL_CC", "L_IR_CALL_INDIRECT_C",
                    "L_IR_CALL_INDIRECT_CC"]
        calls = sum(execs[n] for n in call_ops)
        callret = sum(per[n] for n in ["do_call", "call_wasm", "enter", "do_return"] + call_ops +
                      ["L_IR_RET", "L_IR_RET0", "L_IR_RET1", "L_IR_RET_EXIT", "L_IR_RET_XINST"])
        print(f"\n## {prog} (size {size}, checksum {s1})")
        print(f"native main Ir {nat['main']:,}; minwasm total Ir {mw['total']:,}, "
              f"load {mw['mw_module_new']:,}, run {run_ir:,}; "
              f"run/native {run_ir / nat['main']:.2f}x")
        print(f"run(): {in_run:,} Ir self ({100 * in_run / run_ir:.1f}% of run), "
              f"{ndisp:,} dispatches, {in_run / max(ndisp, 1):.2f} Ir per dispatch; "
              f"wasm calls {calls:,}, call+return paths {callret:,} Ir "
              f"({callret / max(calls, 1):.1f} per call, "
              f"{100 * callret / max(in_run, 1):.1f}% of run())")
        dir_ = sum(v for a, v in ir.items() if a in disp_at)
        sir = sum(v for a, v in ir.items() if a in stack_at)
        print(f"dispatch (opcode load + indirect jump): {dir_:,} Ir ({100 * dir_ / in_run:.1f}%"
              f" of run()); stack-frame operands (spills/reloads): {sir:,} Ir "
              f"({100 * sir / in_run:.1f}%)")
        print("top handlers (self Ir, % of run(), executions, Ir/exec):")
        for n, v in per.most_common(opts.top):
            e = execs.get(n, 0)
            print(f"  {n:28s} {v:>14,} {100 * v / in_run:5.1f}%  {e:>12,}"
                  + (f"  {v / e:5.1f}" if e else
                     "  (code of other handlers placed after this label)"
                     if n.startswith("L_IR_") else ""))
        print("top pairs (dispatches from -> to):")
        for (a, b), v in pairs.most_common(opts.pairs):
            print(f"  {a:28s} -> {b:28s} {v:>12,} {100 * v / max(ndisp, 1):5.1f}%")
        # Dynamic estimate for an accumulator: each measured pair weighted by how often
        # that pair of forms is chained through a fresh temporary in the module's code.
        frac = chain_fractions(opts.minwasm, os.path.join(BENCH, "build", "wasm",
                                                          prog + ".wasm"))
        chained = sum(cnt * frac[k][0] / frac[k][1] for k, cnt in pairs.items()
                      if frac.get(k) and frac[k][1])
        print(f"accumulator estimate: {100 * chained / max(ndisp, 1):.1f}% of dispatches "
              f"take the previous instruction's fresh result (pairs weighted by the "
              f"static chaining of that pair in this module's translated code)")
        summary_acc[prog] = chained / max(ndisp, 1)
        summary.append((prog, nat["main"], mw["total"], mw["mw_module_new"], run_ir, ndisp,
                        calls, callret, dir_, sir))
        for n, v in per.items():
            all_h[n] += v / in_run
        for k, v in pairs.items():
            all_pairs[k] += v / max(ndisp, 1)
    print("\n## summary")
    print("| program | native Ir (main) | minwasm run Ir | run/native | dispatches "
          "| Ir/dispatch | dispatch % | spill % | wasm calls | call+ret Ir/call | call+ret % |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    import math
    logs = []
    for prog, nat, tot, load, run_ir, nd, calls, cr, dir_, sir in summary:
        r = run_ir / nat
        logs.append(math.log(r))
        print(f"| {prog} | {nat:,} | {run_ir:,} | {r:.2f}x | {nd:,} | {run_ir / max(nd, 1):.2f} "
              f"| {100 * dir_ / run_ir:.1f}% | {100 * sir / run_ir:.1f}% | {calls:,} | "
              + (f"{cr / calls:.1f} | {100 * cr / run_ir:.1f}% |" if calls else "- | - |"))
    if logs:
        print(f"| geomean | | | {math.exp(sum(logs) / len(logs)):.2f}x | | | | | | | |")
    print("\naccumulator estimate (share of dispatches chained to the previous result): "
          + ", ".join(f"{p} {100 * v:.0f}%" for p, v in summary_acc.items()))
    print("\nmean share of run() per handler over the programs:")
    for n, v in all_h.most_common(opts.top * 2):
        print(f"  {n:28s} {100 * v / len(summary):5.1f}%")
    print("mean share of dispatches per pair over the programs:")
    for (a, b), v in all_pairs.most_common(opts.pairs * 2):
        print(f"  {a:28s} -> {b:28s} {100 * v / len(summary):5.1f}%")


if __name__ == "__main__":
    main()
