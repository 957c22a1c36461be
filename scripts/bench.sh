#!/bin/sh
# The benchmark of issue 6 (docs/performance.md): builds the release binary, generates the
# deterministic data (default 1M events over 2,000 tenants; --events N for a smaller run), measures
# a cold ingest (gzip and plain) and an incremental run, then the same query in DuckDB.
#   scripts/bench.sh [--events N] [--jobs J] [--no-duckdb]
set -eu
cd "$(dirname "$0")/.."
EVENTS=1000000
JOBS=0
DUCK=1
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --no-duckdb) DUCK=0; shift ;;
    *) echo "usage: scripts/bench.sh [--events N] [--jobs J] [--no-duckdb]" >&2; exit 64 ;;
  esac
done
swift build -c release --product reconcile >&2
python3 scripts/bench-generate.py --events "$EVENTS"
DATA="bench-data/$EVENTS"
if [ "$DUCK" = 1 ]; then
  python3 scripts/bench-duckdb.py --data "$DATA" --jobs "$JOBS"
else
  python3 scripts/bench.py --data "$DATA" --jobs "$JOBS"
fi
