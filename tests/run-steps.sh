#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# run-steps.sh — the step loop of `make test`: runs `$MAKE STEP` for every STEP, keeps
# going past a failing step, reports each one with
#     ==== make STEP (LABEL): ok in Ns        (or FAILED)
# and ends with "==== make test (LABEL): all passed (STEPS)" or "...: FAILED: STEPS"
# (exit status 1).
#
# Usage: MAKE='make ...' tests/run-steps.sh -l LABEL [-j N] [-x "A B"]... -- STEP...
#   -j N    steps run side by side, N at a time (default 1). With 1, each step's output
#           streams as it runs (header first). With more, each step's output goes to
#           LOGDIR/STEP.log and is printed whole, between its header and its result
#           line, when the step ends, so outputs never interleave; a line
#           "---- make STEP: started" marks each start. Steps start in the order given
#           (the first one that may start is started).
#   -x A,B,...  these steps never run at the same time (they write the same files);
#           may be given several times
#   -d LOGDIR   where step logs go with -j > 1 (default: a temporary directory)
# TEST_STEP_TIMES=FILE (environment) appends a line per step to FILE: the step, its
# result, wall-clock seconds and the CPU seconds (user + system) of its processes.
# A step's time is its wall-clock time, which with -j > 1 includes sharing the
# machine with the step(s) beside it.
set -u

label=test jobs=1 logdir=
excl=()
while [ $# -gt 0 ]; do
    case $1 in
        -l) label=$2; shift 2 ;;
        -j) jobs=$2; shift 2 ;;
        -x) excl+=("${2//,/ }"); shift 2 ;;
        -d) logdir=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "run-steps: unknown option $1" >&2; exit 2 ;;
    esac
done
steps=("$@")
MAKE=${MAKE:-make}
case $jobs in ''|*[!0-9]*|0) echo "run-steps: -j needs a positive number, not '$jobs'" >&2; exit 2 ;; esac

# Side by side needs `wait -n -p` (bash 5.1).
if [ "$jobs" -gt 1 ] && { [ "${BASH_VERSINFO[0]}" -lt 5 ] ||
        { [ "${BASH_VERSINFO[0]}" -eq 5 ] && [ "${BASH_VERSINFO[1]}" -lt 1 ]; }; }; then
    echo "run-steps: bash $BASH_VERSION has no wait -p (bash 5.1): the steps run one by one"
    jobs=1
fi

failed=()
times_file=${TEST_STEP_TIMES:-}

# run_step STEP: $MAKE STEP; with TEST_STEP_TIMES, the CPU time of its processes (the
# children's line of `times`) goes to $times_file.cpu.STEP.
run_step() {
    local rc=0
    # shellcheck disable=SC2086  # MAKE is a command with its options
    $MAKE --no-print-directory "$1" || rc=$?
    if [ -n "$times_file" ]; then
        # (not in a pipeline: that would run `times` in a subshell of its own)
        times >"$times_file.cpu.$1.raw"
        sed -n 2p "$times_file.cpu.$1.raw" |
            awk '{ gsub(/[ms]/, " "); printf "%.0f\n", $1 * 60 + $2 + $3 * 60 + $4 }' >"$times_file.cpu.$1"
        rm -f "$times_file.cpu.$1.raw"
    fi
    return $rc
}
# note_time STEP RESULT SECONDS
note_time() {
    [ -n "$times_file" ] || return 0
    echo "$1 $2 $3 $(cat "$times_file.cpu.$1" 2>/dev/null || echo ?)" >>"$times_file"
    rm -f "$times_file.cpu.$1"
}

if [ "$jobs" -eq 1 ] || [ ${#steps[@]} -le 1 ]; then
    for step in "${steps[@]}"; do
        echo; echo "==== make $step ($label)"; t0=$(date +%s)
        if ( run_step "$step" ); then r=ok; else r=FAILED; failed+=("$step"); fi
        echo "==== make $step ($label): $r in $(( $(date +%s) - t0 ))s"
        note_time "$step" $r $(( $(date +%s) - t0 ))
    done
else
    if [ -z "$logdir" ]; then
        logdir=$(mktemp -d "${TMPDIR:-/tmp}/minwasm-steps.XXXXXX") || exit 1
        trap 'rm -rf "$logdir"' EXIT
    fi
    mkdir -p "$logdir" || exit 1
    # Stop the steps still running if this script is interrupted.
    trap 'kill $(jobs -p) 2>/dev/null; exit 130' INT TERM

    # conflicts STEP RUNNING...: true when STEP shares an -x group with a running step.
    conflicts() {
        local s=$1 g r; shift
        for g in "${excl[@]}"; do
            case " $g " in *" $s "*) ;; *) continue ;; esac
            for r in "$@"; do
                [ "$r" = "$s" ] && continue
                case " $g " in *" $r "*) return 0 ;; esac
            done
        done
        return 1
    }

    declare -A pid_of=() t0_of=()
    pending=("${steps[@]}")
    running=()
    while [ ${#pending[@]} -gt 0 ] || [ ${#running[@]} -gt 0 ]; do
        # Start what may start: the first pending steps that conflict with nothing running.
        while [ ${#running[@]} -lt "$jobs" ]; do
            pick=-1
            for i in "${!pending[@]}"; do
                if ! conflicts "${pending[$i]}" "${running[@]}"; then pick=$i; break; fi
            done
            [ "$pick" -ge 0 ] || break
            step=${pending[$pick]}
            unset "pending[$pick]"; pending=("${pending[@]}")
            echo "---- make $step ($label): started${running[*]:+ (beside ${running[*]})}"
            t0_of[$step]=$(date +%s)
            ( run_step "$step" ) >"$logdir/$step.log" 2>&1 </dev/null &
            pid_of[$step]=$!
            running+=("$step")
        done
        # Wait for a step to end and report it.
        endpid=
        wait -n -p endpid; rc=$?
        [ -n "$endpid" ] || continue
        still=()
        for step in "${running[@]}"; do
            if [ "${pid_of[$step]}" != "$endpid" ]; then still+=("$step"); continue; fi
            if [ $rc -eq 0 ]; then r=ok; else r=FAILED; failed+=("$step"); fi
            echo; echo "==== make $step ($label)"
            cat "$logdir/$step.log"
            echo "==== make $step ($label): $r in $(( $(date +%s) - t0_of[$step] ))s"
            note_time "$step" $r $(( $(date +%s) - t0_of[$step] ))
        done
        running=("${still[@]}")
    done
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
    echo "==== make test ($label): FAILED: ${failed[*]}"
    exit 1
fi
echo "==== make test ($label): all passed (${steps[*]})"
