#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Write the hand-made seeds of fuzz_wasi into tests/fuzz/seeds/fuzz_wasi/.

They give the fuzzer the long call sequences it finds slowly by itself: opening files
with all rights, then reading, writing, seeking, listing; and every escape path fed to
the path functions. The record format is fuzz_wasi.c's; SIGS and PATHS must match the
tables there (the order is the encoding). Not run by make: the output is committed.
"""
import os
import re
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = open(os.path.join(HERE, "fuzz_wasi.c")).read()
SIGS = re.findall(r'\{"(\w+)", "[iI]*"\}', SRC)
PATHS = re.findall(r'"([^"]*)"', SRC[SRC.index("PATHS[] = {"):SRC.index("#define NPATHS")])


def path(off, p):
    return bytes([0xC0, off & 255, off >> 8, PATHS.index(p)])


def raw(off, data):
    return bytes([0x80, off & 255, off >> 8, len(data)]) + data


def small(v): return bytes([0, v])
def fd(v): return bytes([1, v])
def ptr(v): return bytes([2, v & 255, v >> 8])
def plen(): return bytes([3])
def u32(v): return bytes([4]) + struct.pack("<I", v)
def u64(v): return bytes([4]) + struct.pack("<Q", v)
def all_rights(): return bytes([6])
def call(name, *args): return bytes([SIGS.index(name)]) + b"".join(args)


ALL = u64(2**28 - 1)   # every file and directory right; more is refused (ENOTCAPABLE)
ESCAPES = ["l_out", "l_abs", "../outside/secret", "l_dir_out/secret", "l_dotdot/secret",
           "l_root/outside/secret", "/", "..", "d/../.."]
IOV = raw(0x400, struct.pack("<II", 0x500, 64))   # one buffer of 64 bytes at 0x500


def open_file(p, oflags, at=0x200):
    return path(0x100, p) + call("path_open", fd(3), small(1), ptr(0x100), plen(),
                                 small(oflags), ALL, ALL, small(0), ptr(at))


seeds = {}
s = b"\x00" + IOV + raw(0x500, b"written by the fuzzer\n")
s += open_file("a", 0) + call("fd_write", fd(0), ptr(0x400), small(1), ptr(0x600))
s += call("fd_seek", fd(0), u64(0), small(0), ptr(0x600))
s += call("fd_read", fd(0), ptr(0x400), small(1), ptr(0x600))
s += call("fd_pwrite", fd(0), ptr(0x400), small(1), u64(3), ptr(0x600))
s += call("fd_pread", fd(0), ptr(0x400), small(1), u64(0), ptr(0x600))
s += call("fd_filestat_set_size", fd(0), u64(4)) + call("fd_filestat_get", fd(0), ptr(0x700))
s += open_file("new", 1 | 8) + call("fd_write", fd(1), ptr(0x400), small(1), ptr(0x600))
s += call("fd_readdir", fd(3), ptr(0x800), u32(512), u64(0), ptr(0x600))
s += call("fd_renumber", fd(1), fd(0)) + call("fd_close", fd(0))
seeds["files-rw"] = s

s = b"\x01"
for p in ESCAPES:
    s += open_file(p, 0) + call("fd_read", fd(0), ptr(0x400), small(1), ptr(0x600))
seeds["escape-open-read"] = s

s = b"\x00"
for p in ESCAPES:
    s += path(0x100, p) + call("path_unlink_file", fd(3), ptr(0x100), plen())
    s += call("path_filestat_set_times", fd(3), small(1), ptr(0x100), plen(), u64(1), u64(1),
              small(5))
    s += path(0x180, "new") + call("path_rename", fd(3), ptr(0x100), plen(), fd(3), ptr(0x180),
                                   small(3))
    s += path(0x100, p) + call("path_symlink", ptr(0x100), plen(), fd(3), ptr(0x180), small(3))
    s += call("path_create_directory", fd(3), ptr(0x100), plen())
    s += call("path_remove_directory", fd(3), ptr(0x100), plen())
seeds["escape-modify"] = s

# poll_oneoff: a clock subscription (tag 0, relative 1 us) and an fd_read one on fd 3
sub = struct.pack("<QB7xIIQQH6x", 1, 0, 1, 0, 1000, 0, 0)
sub += struct.pack("<QB7xI28x", 2, 1, 3)
seeds["poll"] = (b"\x00" + raw(0x100, sub) +
                 call("poll_oneoff", ptr(0x100), ptr(0x300), small(2), ptr(0x400)))

out = os.path.join(HERE, "seeds", "fuzz_wasi")
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
# Files the guest opens get the lowest free numbers: 0, 1, 2 (stdio is absent), then 5.
