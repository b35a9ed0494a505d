#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# The spec script runner's own tests: `minwasm wast` on tests/wast-runner/*.wast must
# print exactly the closing line of the file's ";; expect: ..." comment, fail exactly the
# commands whose line ends in ";; FAIL" (FAIL file:LINE:...), and exit non-zero exactly
# when something failed. This proves that the runner can fail (a wrong value, a missing
# trap, a module that should not load) and skips by feature instead of passing.
#
# Usage: tests/wast-runner.sh MINWASM
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MINWASM=${1:?usage: tests/wast-runner.sh MINWASM}
bad=0 n=0
for f in "$ROOT"/tests/wast-runner/*.wast; do
    n=$((n + 1))
    rel=${f#"$ROOT"/}
    want=$(sed -n 's/^;; expect: //p' "$f")
    rc=0
    out=$(cd "$ROOT" && "$MINWASM" wast "$rel" 2>&1) || rc=$?
    got=$(printf '%s\n' "$out" | tail -n 1)
    want_fails=$( { grep -n ';; FAIL$' "$f" || true; } | cut -d: -f1 | sort -n | paste -sd' ' -)
    got_fails=$(printf '%s\n' "$out" | sed -n "s|^FAIL $rel:\([0-9]*\):.*|\1|p" | sort -n | paste -sd' ' -)
    problems=
    [ "$got" = "$want" ] || problems+=" closing line '$got', expected '$want';"
    [ "$got_fails" = "$want_fails" ] || problems+=" failed lines '$got_fails', expected '$want_fails';"
    if [ -n "$want_fails" ]; then [ $rc -ne 0 ] || problems+=" exit status 0 despite failures;"
    else [ $rc -eq 0 ] || problems+=" exit status $rc without failures;"; fi
    if [ -n "$problems" ]; then
        bad=$((bad + 1))
        echo "FAIL $rel:$problems"
        printf '%s\n' "$out" | sed 's/^/      | /'
    else
        echo "PASS $rel: $got"
    fi
done
echo "wast-runner: $n files, $bad failed"
[ $bad -eq 0 ]
