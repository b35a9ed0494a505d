#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""amalgamate.py — write the single-file minwasm.c (as SQLite ships sqlite3.c).

    mk/amalgamate.py OUT.c DIR...

Concatenates every DIR/*.c (in order: src/ first, then wat/, capi/ when present), with
each #include "x.h" of a header found in one of the DIRs inlined where it appears (the
X-macro tables such as opcodes.h are meant to be included several times). Public headers
(include/*.h) stay #includes: they are shipped beside minwasm.c.

One translation unit makes file-scope names of different files meet. Before writing, the
script refuses (exit 1, naming the files) any file-scope static function or object, any
typedef, and any macro defined in more than one .c file, so that a new collision is
reported here by name rather than as a confusing compile error (or, for two identical
tentative definitions, not at all). The fix is to rename in the core (one prefix per
file), not to paper over it here. Macros a .c file defines are #undef'd at its end so they
cannot change the meaning of later files.
"""
import os
import re
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
DEFINE_RE = re.compile(r'^\s*#\s*define\s+([A-Za-z_]\w*)')
STATIC_RE = re.compile(r'^static\b[^=;(]*?\b([A-Za-z_]\w*)\s*(\(|\[|=|;)')
TYPEDEF_END_RE = re.compile(r'^\}\s*([A-Za-z_]\w*)\s*;')
TYPEDEF_LINE_RE = re.compile(r'^typedef\b[^;{]*?\b([A-Za-z_]\w*)\s*(\)\s*\(.*)?;')
TYPEDEF_FN_RE = re.compile(r'^typedef\b[^;{]*\(\s*\*\s*([A-Za-z_]\w*)\s*\)')
TYPEDEF_ONELINE_RE = re.compile(r'^typedef\b[^;]*\{.*\}\s*([A-Za-z_]\w*)\s*;')   # { ... } on one line
PUBLIC = {"minwasm.h", "minwasm_platform.h", "wasm.h", "minwasm_wat.h", "minwasm_wasi.h"}


def file_names(path):
    """The file-scope names a .c file defines: statics, typedefs, macros."""
    names = set()
    depth = 0
    for line in open(path, encoding="utf-8"):
        if depth == 0:
            for rx in (STATIC_RE, TYPEDEF_FN_RE, TYPEDEF_ONELINE_RE, TYPEDEF_LINE_RE):
                m = rx.match(line)
                if m:
                    names.add(m.group(1))
                    break
            m = DEFINE_RE.match(line)
            if m:
                names.add("#" + m.group(1))
        if depth == 1:
            m = TYPEDEF_END_RE.match(line)
            if m:
                names.add(m.group(1))
        depth += line.count("{") - line.count("}")
        if depth < 0:
            depth = 0
    return names


def macros(path):
    out = []
    for line in open(path, encoding="utf-8"):
        m = DEFINE_RE.match(line)
        if m and m.group(1) not in out:
            out.append(m.group(1))
    return out


def inline(path, dirs, out, stack):
    for line in open(path, encoding="utf-8"):
        m = INCLUDE_RE.match(line)
        if m:
            base = os.path.basename(m.group(1))
            if base in PUBLIC:
                out.append('#include "%s"\n' % base)
                continue
            found = None
            for d in [os.path.dirname(path)] + dirs:
                cand = os.path.join(d, m.group(1))
                if os.path.isfile(cand):
                    found = cand
                    break
            if found is None:
                sys.exit("amalgamate: %s: cannot find \"%s\"" % (path, m.group(1)))
            if found in stack:
                sys.exit("amalgamate: %s includes itself" % found)
            # A header's unused static inline functions are no warning in a normal build;
            # clang warns about them once they sit in the main file.
            out.append("/* ---- begin %s ---- */\n" % found)
            out.append("#ifdef __clang__\n#pragma clang diagnostic push\n"
                       "#pragma clang diagnostic ignored \"-Wunused-function\"\n#endif\n")
            inline(found, dirs, out, stack + [found])
            out.append("#ifdef __clang__\n#pragma clang diagnostic pop\n#endif\n")
            out.append("/* ---- end %s ---- */\n" % found)
            continue
        out.append(line)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: amalgamate.py OUT.c DIR...")
    outpath, dirs = sys.argv[1], [d for d in sys.argv[2:] if os.path.isdir(d)]
    sources = [os.path.join(d, f) for d in dirs for f in sorted(os.listdir(d)) if f.endswith(".c")]

    owners = {}
    for src in sources:
        for name in file_names(src):
            owners.setdefault(name, []).append(src)
    clashes = sorted((n, fs) for n, fs in owners.items() if len(fs) > 1)
    if clashes:
        for name, fs in clashes:
            kind = "macro" if name.startswith("#") else "name"
            print("amalgamate: %s %s is defined at file scope in %s" %
                  (kind, name.lstrip("#"), ", ".join(fs)), file=sys.stderr)
        sys.exit("amalgamate: %d file-scope name(s) collide in one translation unit: "
                 "rename them (one prefix per file)" % len(clashes))

    out = ["/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */\n",
           "/*\n * minwasm.c — the minwasm library in one file, generated by mk/amalgamate.py\n"
           " * from %s. Compile it with the public headers beside it; do not edit.\n */\n"
           % ", ".join(d.rstrip("/") + "/" for d in dirs)]
    for src in sources:
        out.append("\n/* ================================ %s */\n" % src)
        inline(src, dirs, out, [src])
        out.append("\n")
        for name in macros(src):
            out.append("#undef %s\n" % name)
    tmp = outpath + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(out)
    os.replace(tmp, outpath)
    print("amalgamate: %s: %d files, %d lines" % (outpath, len(sources), sum(o.count("\n") for o in out)))


if __name__ == "__main__":
    main()
