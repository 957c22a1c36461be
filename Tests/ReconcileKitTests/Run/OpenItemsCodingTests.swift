import Testing
@testable import ReconcileKit

/// The `exceptions` blob (docs/store-format.md): what a run writes, the next run reads back whole.
@Suite struct OpenItemsCodingTests {
    static func items(_ count: Int) -> OpenItems {
        var items = OpenItems()
        for i in 0..<count {
            items.items[OpenItems.Key(tenant: "tnt_\(i % 7)", kind: i % 2 == 0 ? "unsettled_booking" : "missing_in_platform",
                                      references: "ledger/cs_\(i)//")] = OpenItems.Item(
                firstSeenRun: "20261101T000000Z-\(i)", firstSeen: "2026-10-0\(1 + i % 9)", lastSeen: "2026-11-01",
                fingerprint: UInt64(i) &* 0x9E37_79B9_7F4A_7C15, amountCents: i % 3 == 0 ? nil : Cents(i * 100),
                currency: i % 3 == 0 ? nil : "usd")
        }
        return items
    }

    @Test(arguments: [0, 1, 500])
    func theBlobReadsBackAsTheItemsWritten(count: Int) throws {
        let items = Self.items(count)
        #expect(try OpenItems(encoded: items.encoded()) == items)
    }

    @Test func idsWithNonASCIIBytesReadBackUnchanged() throws {
        var items = OpenItems()
        items.items[OpenItems.Key(tenant: "tnt_é", kind: "unsettled_booking", references: "ledger/cs_ü//")] = OpenItems.Item(
            firstSeenRun: "r", firstSeen: "2026-10-01", lastSeen: "2026-11-01", fingerprint: 1, amountCents: -5, currency: "eur")
        #expect(try OpenItems(encoded: items.encoded()) == items)
    }

    @Test func anUnknownHeaderOrAShortLineIsRefused() {
        #expect(throws: RunFailure.self) { try OpenItems(encoded: Array("reconcile-open-items 2\n".utf8)) }
        #expect(throws: RunFailure.self) { try OpenItems(encoded: Array("reconcile-open-items 1x\n".utf8)) }
        #expect(throws: RunFailure.self) { try OpenItems(encoded: Array("reconcile-open-items 1\na\tb\tc\n".utf8)) }
    }
}
