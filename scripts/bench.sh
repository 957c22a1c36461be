#!/bin/sh
# The benchmark (docs/performance.md): this build, the previous build and DuckDB side by side, from
# one run, on history-and-night data (scripts/bench-realistic.py, cached outside the repository):
#   scripts/bench.sh [--shape realistic|exception-heavy] [--history N[,N...]] [--night N]
#                    [--previous GIT_REF|none] [--binary PATH] [--previous-binary PATH]
#                    [--skip-cold] [--no-duckdb] [--jobs J] [--cache DIR]
# Defaults: realistic, --history 1000000,10000000 (cold 1M, a 10k night on 1M, a 10k night on 10M
# stored), --night 10000, --previous HEAD~1, cache $RECONCILE_BENCH_CACHE or /work/bench-cache.
# The previous build is a release build of that ref in a worktree under the cache, built once.
# --binary / --previous-binary take ready binaries and skip the corresponding build.
# The older benchmark (one data set, cold gzip / incremental / cold plain): scripts/bench.sh --events N
# N workers on one PostgreSQL against one SQLite process (SPEC §9):
#   scripts/bench.sh --workers 1,2,4 --data DIR    (scripts/bench-workers.py; DIR from bench-realistic.py)
set -eu
cd "$(dirname "$0")/.."
SHAPE=realistic
HISTORY=1000000,10000000
NIGHT=10000
PREVIOUS=HEAD~1
BINARY=
PREV_BINARY=
CACHE=${RECONCILE_BENCH_CACHE:-/work/bench-cache}
EVENTS=
JOBS=0
DUCK=1
SKIP_COLD=
usage() {
  sed -n '4,6p' "$0" | sed 's/^# //' >&2
  echo "       scripts/bench.sh --events N [--jobs J] [--no-duckdb]   (the older benchmark)" >&2
  exit 64
}
if [ "${1:-}" = --workers ]; then
  [ $# -ge 2 ] || usage
  WORKERS=$2; shift 2
  [ -x .build/release/reconcile ] || swift build -c release --product reconcile >&2
  exec python3 scripts/bench-workers.py --workers "$WORKERS" "$@"
fi
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || case "$1" in --skip-cold|--no-duckdb) ;; *) usage ;; esac
  case "$1" in
    --shape) SHAPE="$2"; shift 2 ;;
    --history) HISTORY="$2"; shift 2 ;;
    --night) NIGHT="$2"; shift 2 ;;
    --previous) PREVIOUS="$2"; shift 2 ;;
    --binary) BINARY="$2"; shift 2 ;;
    --previous-binary) PREV_BINARY="$2"; shift 2 ;;
    --cache) CACHE="$2"; shift 2 ;;
    --events) EVENTS="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --skip-cold) SKIP_COLD=--skip-cold; shift ;;
    --no-duckdb) DUCK=0; shift ;;
    *) usage ;;
  esac
done
case "$SHAPE" in realistic|exception-heavy) ;; *) usage ;; esac

if [ -n "$EVENTS" ]; then  # the older benchmark of issue 6
  [ -n "$BINARY" ] || swift build -c release --product reconcile >&2
  BINARY=${BINARY:-.build/release/reconcile}
  python3 scripts/bench-generate.py --events "$EVENTS"
  if [ "$DUCK" = 1 ]; then
    exec python3 scripts/bench-duckdb.py --data "bench-data/$EVENTS" --jobs "$JOBS" --binary "$BINARY"
  fi
  exec python3 scripts/bench.py --data "bench-data/$EVENTS" --jobs "$JOBS" --binary "$BINARY"
fi

mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
if [ -z "$BINARY" ]; then
  swift build -c release --product reconcile >&2
  BINARY=.build/release/reconcile
fi
PREV_LABEL=previous
if [ -z "$PREV_BINARY" ] && [ "$PREVIOUS" != none ]; then
  COMMIT=$(git rev-parse --verify "$PREVIOUS^{commit}")
  TREE="$CACHE/builds/$COMMIT"
  PREV_BINARY="$TREE/.build/release/reconcile"
  if [ ! -x "$PREV_BINARY" ]; then
    if [ ! -d "$TREE" ]; then
      git worktree prune
      git worktree add --detach "$TREE" "$COMMIT" >&2
    fi
    (cd "$TREE" && swift build -c release --product reconcile) >&2
  fi
  PREV_LABEL="previous $(git rev-parse --short "$COMMIT")"
fi

set -- --shape "$SHAPE" --history "$HISTORY" --night "$NIGHT" --binary "$BINARY" --jobs "$JOBS" --cache "$CACHE"
[ -z "$PREV_BINARY" ] || set -- "$@" --previous-binary "$PREV_BINARY" --previous-label "$PREV_LABEL"
[ -z "$SKIP_COLD" ] || set -- "$@" --skip-cold
[ "$DUCK" = 1 ] || set -- "$@" --no-duckdb
exec python3 scripts/bench-compare.py "$@"
