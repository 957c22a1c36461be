import Testing

@testable import ReconcileKit

@Suite struct UTCTimeTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (1_790_820_000, "2026-10-01T02:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (4_102_444_799, "2099-12-31T23:59:59Z"),
    ])
    func formatsAndParsesBack(seconds: Int64, text: String) {
        #expect(UTCTime.rfc3339(seconds) == text)
        #expect(UTCTime.parse(text) == seconds)
    }

    @Test(arguments: [
        "2026-02-30T00:00:00Z", "2026-10-01T02:00:00", "2026-10-01 02:00:00Z", "2026-10-01T24:00:00Z", "",
    ])
    func refusesAnythingElse(text: String) {
        #expect(UTCTime.parse(text) == nil)
    }
}
