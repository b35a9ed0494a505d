#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# The reader's encoding of the 2.0 suite's top-level text modules against wabt's
# (wast2json 1.0.32), byte for byte. Differences are listed; the known, legitimate ones
# are element segments that wabt writes in the index form where we use the expression
# form or the reverse, and the order of implicit types (doc/wat.md).
# Usage: tests/wat/wabt-diff.sh WAT_SUITE SPEC_CORE_DIR WORKDIR
set -eu
suite=$1; core=$2; work=$3
command -v wast2json >/dev/null 2>&1 || { echo "wabt-diff: wast2json not found (wabt)"; exit 1; }
rm -rf "$work"; mkdir -p "$work/ours" "$work/wabt"
"$suite" --dump "$work/ours" "$core"/*.wast >/dev/null || true
same=0; diff=0; missing=0
for f in "$core"/*.wast; do
    b=$(basename "$f")
    wast2json --no-check "$f" -o "$work/wabt/$b.json" >/dev/null 2>&1 || continue
    # "type": "module", "line": N, "filename": "x.N.wasm"
    python3 - "$work/wabt/$b.json" "$work/wabt" "$work/ours/$b" <<'PY' >"$work/pairs.txt"
import json, sys
j = json.load(open(sys.argv[1]))
for c in j["commands"]:
    if c["type"] == "module" and c.get("module_type", "binary") == "binary" and "filename" in c:
        print("%s/%s %s.%d.wasm" % (sys.argv[2], c["filename"], sys.argv[3], c["line"]))
PY
    while read -r theirs ours; do
        if [ ! -f "$ours" ]; then missing=$((missing + 1)); continue; fi
        if cmp -s "$theirs" "$ours"; then same=$((same + 1)); else diff=$((diff + 1)); echo "differs: $ours"; fi
    done <"$work/pairs.txt"
done
echo "wabt-diff: $same identical, $diff different, $missing not produced by us"
