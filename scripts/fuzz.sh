#!/usr/bin/env bash
# Coverage-guided fuzzing of every decoder with libFuzzer (Swift on Linux, -sanitize=fuzzer).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Targets: gzip json decode camt (default: all). Each runs for SECONDS_PER_TARGET (default 120).
# The library is built with coverage instrumentation and AddressSanitizer in .build-fuzz (never in
# .build, so `swift build` / `swift test` are untouched); each harness in Sources/fuzz/ is linked
# against it with swiftc. Corpora grow in .build-fuzz/corpus/<target>, seeded from the test
# fixtures; crashes land in .build-fuzz/crashes/<target>/. Exit status 1 when any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_TARGET=${1:-120}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(gzip json decode camt)
OUT=$ROOT/.build-fuzz
mkdir -p "$OUT"
CONFIG_DIR=$OUT/debug

echo "== building ReconcileKit with -sanitize=fuzzer,address into $OUT"
swift build --build-path "$OUT" -c debug --target ReconcileKit \
    -Xswiftc -sanitize=fuzzer -Xswiftc -sanitize=address \
    -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 2; }

# Every object of the library and its C/Swift dependencies (not the executable, not the tests).
mapfile -t OBJECTS < <(find "$CONFIG_DIR/" -name '*.o' -path '*.build/*' \
    ! -path '*/reconcile.build/*' ! -path '*/ReconcileKitTests.build/*' ! -path '*/ArgumentParser*.build/*' | sort)
MODULE_MAPS=()
for map in "$ROOT"/Sources/CZlib/module.modulemap "$ROOT"/Sources/CLibXML2/module.modulemap \
    "$ROOT"/Sources/CSQLite/module.modulemap "$ROOT"/Sources/CLibPQ/module.modulemap $(find "$CONFIG_DIR/" -maxdepth 2 -name module.modulemap); do
    MODULE_MAPS+=(-Xcc "-fmodule-map-file=$map")
done
INCLUDES=()
for dir in $(find "$OUT/checkouts" -maxdepth 4 -type d -name include 2>/dev/null); do
    INCLUDES+=(-Xcc "-I$dir")
done

harness() {
    case $1 in
        gzip) echo FuzzGzip.swift ;;
        json) echo FuzzJSON.swift ;;
        decode) echo FuzzDecode.swift ;;
        camt) echo FuzzCamt.swift ;;
        *) echo "unknown target $1" >&2; exit 64 ;;
    esac
}

seeds() {
    local fixtures=$ROOT/Tests/ReconcileKitTests/Fixtures
    case $1 in
        gzip) find "$fixtures" "$ROOT/inbox" -name '*.gz' ;;
        json) find "$fixtures/decoding" "$fixtures/stripe" "$fixtures/ledger" "$fixtures/hostile" "$ROOT/inbox" -type f \( -name '*.json' -o -name '*.ndjson' \) 2>/dev/null ;;
        decode) find "$fixtures/decoding" "$fixtures/hostile" "$ROOT/inbox" -type f ! -name '*.xml' ! -name '*.md' 2>/dev/null ;;
        camt) find "$fixtures" "$ROOT/inbox" -type f -name '*.xml' 2>/dev/null ;;
    esac
}

status=0
for target in "${TARGETS[@]}"; do
    binary=$OUT/fuzz-$target
    echo "== linking $binary"
    swiftc -sanitize=fuzzer,address -parse-as-library -g \
        -I "$CONFIG_DIR/Modules" "${MODULE_MAPS[@]}" "${INCLUDES[@]}" -Xcc -I/usr/include/libxml2 -Xcc -I/usr/include/postgresql \
        -module-cache-path "$OUT/module-cache" \
        "$ROOT/Sources/fuzz/$(harness "$target")" "${OBJECTS[@]}" -lz -lxml2 -lsqlite3 -lpq -lstdc++ -o "$binary" 2>&1 \
        | { grep -v "Cannot export local symbol" || true; }
    corpus=$OUT/corpus/$target
    crashes=$OUT/crashes/$target
    mkdir -p "$corpus" "$crashes"
    while IFS= read -r seed; do cp -f "$seed" "$corpus/seed-$(sha1sum "$seed" | cut -c1-12)"; done < <(seeds "$target")
    echo "== fuzzing $target for ${SECONDS_PER_TARGET}s (corpus $(ls "$corpus" | wc -l) files)"
    set +e
    ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$binary" "$corpus" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$crashes/" -print_final_stats=1 >"$OUT/fuzz-$target.log" 2>&1
    rc=$?
    set -e
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^#[0-9]+.*DONE|cov:' "$OUT/fuzz-$target.log" | tail -4
    if [ $rc -ne 0 ]; then
        echo "!! $target stopped with status $rc; artifacts in $crashes:"; ls "$crashes"
        status=1
    else
        echo "== $target: no crash in ${SECONDS_PER_TARGET}s"
    fi
done
exit $status
