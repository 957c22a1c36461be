import Testing

@testable import ReconcileKit

@Suite struct MallocArenasTests {
    /// glibc takes the limit (`mallopt` returns 1); a limit below one is raised to one, not refused.
    @Test func theHeapLimitIsAcceptedByGlibc() {
        #if canImport(Glibc)
            #expect(MallocArenas.limit(to: 2))
            #expect(MallocArenas.limit(to: 0))
            #expect(MallocArenas.limit(to: 64))
        #endif
    }
}
