#!/usr/bin/env bash
# Regenerates the committed sample outbox (outbox/) and the sample golden files from the sample
# inbox, reproducibly: the run id follows the inputs' modification times, so every inbox file gets
# the sample's fixed time first (2026-11-01T00:00:00Z, as the end-to-end tests do), and the run is
# as of the same instant. Usage: scripts/regenerate-sample-outbox.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build
find inbox -type f -exec touch -d @1793491200 {} +
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
rm -rf outbox
.build/debug/reconcile --inbox inbox --outbox outbox --state "$state/state" --as-of 2026-11-01T00:00:00Z || [ $? -eq 1 ]
RECONCILE_RECORD_GOLDEN=1 swift test --filter 'SampleRunTests|OutboxGoldenTests' >/dev/null
git status --short outbox Tests/ReconcileKitTests/Fixtures/golden
