#if canImport(Glibc)
    import Glibc
#endif

/// How many heaps glibc's malloc may keep. By default it opens up to eight per core as threads
/// allocate; memory freed in one (a night's record bytes, freed by the staging thread once packed)
/// is then not reused by allocations on another (the ledger, the reconciliation), and the peak
/// grows. One heap per core keeps the peak lower at the same CPU time.
package enum MallocArenas {
    /// `M_ARENA_MAX` of `<malloc.h>` (not in Swift's Glibc module, nor is `mallopt`: it is looked up).
    static let arenaMax: Int32 = -8

    /// Limits the heaps to `count`; call before the process starts its threads. Returns whether the
    /// limit was set (false where `mallopt` is missing: not glibc).
    @discardableResult
    package static func limit(to count: Int) -> Bool {
        #if canImport(Glibc)
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
            return unsafeBitCast(symbol, to: Mallopt.self)(arenaMax, Int32(clamping: max(1, count))) == 1
        #else
            return false
        #endif
    }
}
