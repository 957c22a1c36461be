import Testing

@testable import ReconcileKit

/// The run report keeps its exceptions as rows of integers over one byte buffer; they must come
/// back exactly as given, and sort exactly as the exceptions themselves do.
@Suite struct ExceptionTableTests {
    static func e(
        _ kind: ExceptionKind, _ tenant: String, _ ref: String?, event: String? = nil, currency: String? = nil,
        expected: Cents? = nil, actual: Cents? = nil, _ detail: String = "d"
    ) -> ReconciliationException {
        ReconciliationException(
            kind: kind, tenantID: TenantID(tenant), bookingID: ref, eventID: event, expected: expected, actual: actual,
            currency: currency, detail: detail)
    }

    @Test func rowsComeBackAsGivenWithTextsUnicodeCallsEqualKeptApart() {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"  // equal as Swift strings, other bytes
        let given = [
            Self.e(.missingInPlatform, "tnt_a", "cs_1", event: "evt_1", currency: "usd", expected: 100, composed),
            Self.e(.missingInPlatform, "tnt_a", "cs_2", event: nil, currency: "usd", expected: 200, decomposed),
            Self.e(.amountMismatch, "tnt_\u{FC}", nil, currency: "eur", expected: -5, actual: 0, ""),
            Self.e(.statementNotWritten, "tnt_a", "", event: "", actual: .max, composed),
            ReconciliationException(
                kind: .unmatchedBankCredit, source: .bank, tenantID: TenantID("tnt_a"),
                bankEntryIDs: ["ENTRY 1", "E2"], actual: 7, currency: "usd", detail: "credit names no booking"),
        ]
        let table = ExceptionTable(given)
        #expect(table[4].bookingRef == "ENTRY 1", "a bank entry id with a space stays whole")
        #expect(table[4].bankEntryID == "ENTRY 1 E2")
        #expect(table[4].bookingRef == given[4].bookingRef)
        #expect(table.exceptions == given)
        #expect(table.exceptions.map { Array($0.detail.utf8) } == given.map { Array($0.detail.utf8) })
        #expect(table.exceptions[2].differenceCents == 5)
    }

    @Test func sortingMatchesAStableSortOfTheExceptions() {
        var rng = SplitMix64(seed: 0x7AB1E)
        func pick<T>(_ values: [T]) -> T { values[Int(rng.next() % UInt64(values.count))] }
        let given = (0..<2_000).map { _ in
            Self.e(
                pick([.missingInPlatform, .unsettledBooking, .amountMismatch, .statementNotWritten]),
                pick(["tnt_b", "tnt_a", "tnt_\u{FC}"]),
                pick([nil, "", "cs_1", "cs_10", "cs_2", "caf\u{E9}", "cafe\u{301}", "Z"]),
                event: pick([nil, "evt_1", "evt_2"]), currency: pick([nil, "usd"]), expected: pick([nil, 1, -1]),
                actual: pick([nil, 0, 3]), pick(["a", "b", "\u{E9}", "e\u{301}"]))
        }
        var table = ExceptionTable(given)
        table.sortInReportOrder()
        #expect(table.exceptions == given.sorted { ReconciliationException.reportOrder($0, $1) })
    }

    @Test func rowsAlreadyInReportOrderStayAsTheyAre() {
        let ordered = [
            Self.e(.missingInPlatform, "tnt_a", "cs_1"), Self.e(.missingInPlatform, "tnt_a", "cs_2"),
            Self.e(.missingInPlatform, "tnt_b", "cs_0"), Self.e(.unsettledBooking, "tnt_a", "cs_1"),
        ]
        var table = ExceptionTable(ordered)
        table.sortInReportOrder()
        #expect(table.exceptions == ordered)
        var reversed = ExceptionTable(ordered.reversed())
        reversed.sortInReportOrder()
        #expect(reversed.exceptions == ordered)
    }
}
