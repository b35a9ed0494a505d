#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# tests/capi/run.sh DIR CLI NAME... — run the wasm.h example programs built in DIR (each
# checks its own results and exits nonzero on a mismatch), from DIR so that they find
# their .wasm files. serialize runs again with a .cwasm made by `CLI compile` when the
# native tier works here (a C compiler is needed); its absence is reported, not hidden.
set -u
dir=$1; cli=$2; shift 2
failed=0; n=0
for name in "$@"; do
  n=$((n+1))
  if (cd "$dir" && timeout 120 "./$name" > "$name.out" 2>&1); then
    echo "PASS capi/$name"
  else
    echo "FAIL capi/$name (exit $?):"; sed 's/^/    /' "$dir/$name.out"; failed=$((failed+1))
  fi
done
case " $* " in *" serialize "*)
  n=$((n+1))
  if "$cli" compile "$dir/serialize.wasm" -o "$dir/serialize.cwasm" > "$dir/compile.out" 2>&1; then
    if (cd "$dir" && timeout 120 ./serialize serialize.cwasm > serialize-cwasm.out 2>&1); then
      echo "PASS capi/serialize with a .cwasm"
    else
      echo "FAIL capi/serialize with a .cwasm:"; sed 's/^/    /' "$dir/serialize-cwasm.out"; failed=$((failed+1))
    fi
  else
    echo "SKIP capi/serialize with a .cwasm: minwasm compile failed here:"; sed 's/^/    /' "$dir/compile.out"
  fi;;
esac
echo "test-capi: $n runs, $failed failed"
[ "$failed" -eq 0 ]
