#include <sqlite3.h>

/// SQLite's Bloom-filter join optimization (SQLITE_BloomFilter in sqliteInt.h, not exported).
#define RECONCILE_SQLITE_BLOOM_FILTER 0x00080000

/// Turns off, on `db`, the join optimization that builds a Bloom filter by scanning the whole inner
/// table. sqlite3_test_control is variadic, which Swift cannot call.
static inline int reconcile_sqlite3_disable_bloom_filters(sqlite3 *db) {
    return sqlite3_test_control(SQLITE_TESTCTRL_OPTIMIZATIONS, db, RECONCILE_SQLITE_BLOOM_FILTER);
}
