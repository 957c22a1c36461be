#!/usr/bin/env bash
# Runs a filtered set of tests N times in a row and stops at the first failure.
#
#   scripts/repeat-tests.sh N FILTER        e.g. scripts/repeat-tests.sh 100 'CrashRecoveryTests|LockTests'
#
# Builds once, then runs `swift test --skip-build --filter FILTER` N times. With VARY_SOAK_SEED=1
# each repetition gives the soak test another seed (RECONCILE_SOAK_SEED=<repetition>), so the
# repetitions also cover other kill points. Prints one line per run and a final count; logs of a
# failing run are kept in .build/repeat-tests-failure.log. Exit 1 on the first failure.
set -uo pipefail
cd "$(dirname "$0")/.."
N=${1:?usage: repeat-tests.sh N FILTER}
FILTER=${2:?usage: repeat-tests.sh N FILTER}
swift build --build-tests >/dev/null 2>&1 || { echo "build failed"; swift build --build-tests; exit 2; }
green=0
start=$(date +%s)
for i in $(seq 1 "$N"); do
    if [ "${VARY_SOAK_SEED:-0}" = 1 ]; then export RECONCILE_SOAK_SEED=$i; fi
    log=$(swift test --skip-build --filter "$FILTER" 2>&1)
    status=$?
    summary=$(printf '%s\n' "$log" | grep -E "^(✔|✘) Test run with" | tail -1)
    if [ $status -ne 0 ] || [ -z "$summary" ] || printf '%s' "$summary" | grep -q "✘"; then
        printf '%s\n' "$log" > .build/repeat-tests-failure.log
        echo "run $i: FAILED ($summary); log in .build/repeat-tests-failure.log"
        echo "$green consecutive green runs of '$FILTER' before the failure"
        exit 1
    fi
    green=$((green + 1))
    echo "run $i: $summary"
done
echo "$green/$N consecutive green runs of '$FILTER' in $(( $(date +%s) - start ))s"
