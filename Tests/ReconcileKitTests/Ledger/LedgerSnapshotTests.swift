import Foundation
import Testing

@testable import ReconcileKit

@Suite struct LedgerSnapshotTests {
    typealias F = LedgerFixtures

    /// Bookings on several dates and tenants, a partial and a full refund, a failure, an ignored event.
    static func busyLedger(order: [Int] = Array(0..<8)) -> Ledger {
        let tenants = F.directory(F.tenant(), F.tenant(F.rose, percent: "12.5"))
        let events: [ProviderEvent] = [
            F.checkout(id: "evt_a", created: 10, paymentIntent: "pi_a", metadata: F.metadata(date: "2026-09-12")),
            F.checkout(id: "evt_b", created: 11, paymentIntent: "pi_b", metadata: F.metadata(date: "2026-09-13")),
            F.checkout(
                id: "evt_c", created: 12, paymentIntent: "pi_c", amountTotal: .int(9_999),
                metadata: F.metadata(tenant: "tnt_rose")),
            F.checkout(id: "evt_d", created: 13, metadata: F.metadata(date: "2026-09-12")),
            F.refund(id: "evt_e", created: 14, paymentIntent: "pi_a", amountRefunded: .int(25_000)),
            F.refund(id: "evt_f", created: 15, paymentIntent: "pi_c", amount: 9_999, amountRefunded: .int(9_999)),
            F.other(id: "evt_g", type: "checkout.session.expired", created: 16),
            F.checkout(id: "evt_h", created: 17, paymentIntent: "pi_h", metadata: F.metadata(date: "2027-01-30")),
        ]
        var ledger = Ledger()
        for i in order { _ = ledger.apply(events[i], tenants: tenants, runID: "run1") }
        return ledger
    }

    func encode(_ ledger: Ledger) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(ledger)
    }

    @Test func snapshotRoundTripsToAnEqualLedger() throws {
        let ledger = Self.busyLedger()
        #expect(ledger.bookings.count == 4)
        #expect(ledger.invariantViolations().isEmpty)
        let data = try encode(ledger)
        let decoded = try JSONDecoder().decode(Ledger.self, from: data)
        #expect(decoded == ledger)
        #expect(try encode(decoded) == data)
        #expect(decoded.booking(paymentIntent: "pi_a")?.id == "cs_evt_a")
        #expect(decoded.booking(tenant: F.rose, date: CalendarDate("2026-09-12")!)?.id == "cs_evt_c")
        #expect(decoded.lines(ofBooking: "cs_evt_a").map(\.kind) == [.payment, .refund])
    }

    @Test func snapshotBytesDoNotDependOnDictionaryInsertionOrder() throws {
        // Independent events (different dates and booking) applied in another order: same state
        // apart from line order, so compare the sorted sections.
        let a = Self.busyLedger(order: [0, 1, 2, 3, 4, 5, 6, 7])
        let b = Self.busyLedger(order: [7, 6, 2, 5, 1, 0, 4, 3])
        #expect(a.bookings == b.bookings)
        #expect(a.eventStates.map(\.eventID) == b.eventStates.map(\.eventID))
        let text = String(decoding: try encode(a), as: UTF8.self)
        let bookingsJSON = text.range(of: #""bookings":["#)!
        let idsInOrder = ["cs_evt_a", "cs_evt_b", "cs_evt_h", "cs_evt_c"].map {
            text.range(of: #""id":"\#($0)""#)!.lowerBound
        }
        #expect(idsInOrder == idsInOrder.sorted())
        #expect(bookingsJSON.lowerBound < idsInOrder[0])
        // Re-decoding many times (fresh hash seeds per dictionary) gives the same bytes.
        var data = try encode(a)
        for _ in 0..<5 { data = try encode(try JSONDecoder().decode(Ledger.self, from: data)) }
        #expect(data == (try encode(a)))
    }

    @Test func snapshotUsesSortedArraysAndAFormatVersion() throws {
        let object = try JSONSerialization.jsonObject(with: try encode(Self.busyLedger())) as! [String: Any]
        #expect(object["formatVersion"] as? Int == 1)
        #expect(
            (object["bookings"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                "cs_evt_a", "cs_evt_b", "cs_evt_h", "cs_evt_c",
            ],
            "by tenant (tnt_bella, tnt_rose), then id")
        #expect(
            (object["events"] as? [[String: Any]])?.compactMap { $0["eventId"] as? String }
                == ["evt_e", "evt_f", "evt_g", "evt_a", "evt_b", "evt_d", "evt_h", "evt_c"],
            "by tenant (_global first), then id")
        #expect((object["lines"] as? [[String: Any]])?.compactMap { $0["sequence"] as? Int } == [1, 2, 3, 4, 5, 6])
    }

    @Test func unknownFormatVersionIsRefused() throws {
        var text = String(decoding: try encode(Ledger()), as: UTF8.self)
        text = text.replacingOccurrences(of: #""formatVersion":1"#, with: #""formatVersion":2"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Ledger.self, from: Data(text.utf8)) }
    }

    @Test func tamperedSnapshotBreaksInvariants() throws {
        var text = String(decoding: try encode(Self.busyLedger()), as: UTF8.self)
        // The partial refund line of cs_evt_a now reverses one cent more than the booking says.
        text = text.replacingOccurrences(of: #""commissionReversed":2500"#, with: #""commissionReversed":2501"#)
        let tampered = try JSONDecoder().decode(Ledger.self, from: Data(text.utf8))
        #expect(
            tampered.invariantViolations() == [
                "booking tnt_bella/cs_evt_a: lines reversal ≠ reversed",
                "booking tnt_bella/cs_evt_a: lines net ≠ tenant net",
            ])
    }

    @Test func duplicateBookingSlotInSnapshotIsRefused() throws {
        var text = String(decoding: try encode(Self.busyLedger()), as: UTF8.self)
        text = text.replacingOccurrences(of: #""date":"2026-09-13""#, with: #""date":"2026-09-12""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Ledger.self, from: Data(text.utf8)) }
    }

    @Test func ledgerSumsBalanceAcrossAllLines() {
        let ledger = Self.busyLedger()
        let bookings = ledger.bookings
        #expect(ledger.lines.reduce(0) { $0 + $1.gross } == bookings.reduce(0) { $0 + $1.total })
        #expect(ledger.lines.reduce(0) { $0 + $1.net } == bookings.reduce(0) { $0 + $1.tenantNet })
        #expect(
            ledger.lines.reduce(0) { $0 + $1.commission - $1.commissionReversed }
                == bookings.reduce(0) { $0 + $1.commission - $1.reversed })
        ledger.checkInvariants()
    }
}

@Suite struct LedgerInvariantTrapTests {
    #if DEBUG
        @Test func checkInvariantsTrapsInDebugBuildsOnABrokenLedger() async {
            await #expect(processExitsWith: .failure) {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                var text = String(decoding: try encoder.encode(LedgerSnapshotTests.busyLedger()), as: UTF8.self)
                text = text.replacingOccurrences(of: #""gross":100000"#, with: #""gross":100001"#)
                let broken = try JSONDecoder().decode(Ledger.self, from: Data(text.utf8))
                broken.checkInvariants()
            }
        }
    #endif
}
