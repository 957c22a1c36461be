import Foundation
import Testing

@testable import ReconcileKit

@Suite struct CheckoutRulesTests {
    typealias F = LedgerFixtures

    @Test func paidCheckoutCreatesBookingWithRateCommissionAndPaymentLine() throws {
        var ledger = Ledger()
        let event = F.checkout(
            id: "evt_1", created: F.jan1 + 3_600, session: "cs_1", paymentIntent: "pi_1",
            amountTotal: .int(9_999), metadata: F.metadata(extra: ["addOnIds": .string(#"["ao_flowers","ao_dj"]"#)]))
        let disposition = ledger.apply(event, tenants: F.directory(F.tenant(percent: "10.50")), runID: "run1")
        #expect(disposition == .processed(.booked(bookingID: "cs_1", warnings: [])))

        let booking = try #require(ledger.booking(id: "cs_1"))
        #expect(booking.tenantID == F.bella)
        #expect(booking.date == CalendarDate("2026-09-12"))
        #expect(booking.status == .paid)
        #expect(booking.refundStatus == .none)
        #expect(booking.total == 9_999)
        #expect(booking.currency == "usd")
        #expect(booking.paidAt == F.jan1 + 3_600)
        #expect(booking.checkoutSessionID == "cs_1")
        #expect(booking.paymentIntentID == "pi_1")
        #expect(booking.rate == BasisPoints(1_050))
        #expect(booking.commission == 1_050)
        #expect(booking.tenantNet == 8_949)
        #expect(booking.eventID == "evt_1")
        #expect(booking.packageID == "pkg_gold")
        #expect(booking.addOnIDs == ["ao_flowers", "ao_dj"])

        #expect(
            ledger.lines == [
                LedgerLine(
                    sequence: 1, kind: .payment, time: F.jan1 + 3_600, tenantID: F.bella, bookingID: "cs_1",
                    eventID: "evt_1",
                    currency: "usd", rate: BasisPoints(1_050), gross: 9_999, commission: 1_050, refund: 0,
                    commissionReversed: 0
                )
            ])
        let state = try #require(ledger.eventState(id: "evt_1"))
        #expect(state.status == .processed)
        #expect(state.attempts == 1)
        #expect(state.lastError == nil)
        #expect(
            state.history == [
                EventTransition(from: nil, to: .pending, runID: "run1"),
                EventTransition(from: .pending, to: .processed, runID: "run1"),
            ])
        #expect(ledger.invariantViolations().isEmpty)
    }

    @Test func ledgerNeverHoldsTheCustomersEmailOrCoupleName() throws {
        var ledger = Ledger()
        let metadata = F.metadata(email: "secret.person@example.com", couple: "Zelda & Quentin Secretname")
        _ = ledger.apply(F.checkout(id: "evt_1", metadata: metadata), tenants: F.directory(), runID: "r")
        _ = ledger.apply(F.checkout(id: "evt_2", metadata: metadata), tenants: F.directory(), runID: "r")
        let bytes = try snapshotText(ledger)
        #expect(!bytes.contains("secret.person"))
        #expect(!bytes.contains("Secretname"))
        #expect(ledger.eventState(id: "evt_2")?.lastError == "Date 2026-09-12 is already booked")
    }

    @Test(
        "invalid metadata fails the event",
        arguments: [
            ("no tenantId", F.metadata(tenant: nil)),
            ("no package or tier", F.metadata(package: nil, tier: nil)),
            ("no eventDate", F.metadata(date: nil)),
            ("impossible eventDate", F.metadata(date: "2026-02-30")),
            ("eventDate not YYYY-MM-DD", F.metadata(date: "12/09/2026")),
            ("no email", F.metadata(email: nil)),
            ("no coupleName", F.metadata(couple: nil)),
            ("empty coupleName", F.metadata(couple: "  ")),
            ("packageId not a string", F.metadata().setting("packageId", .int(7))),
            ("tierId not a string next to a valid packageId", F.metadata().setting("tierId", .array([]))),
            ("email not a string", F.metadata().setting("email", .bool(true))),
            ("metadata empty", JSONValue.object([JSONMember]())),
        ])
    func invalidMetadataFails(_ name: String, _ metadata: JSONValue) {
        var ledger = Ledger()
        let disposition = ledger.apply(F.checkout(id: "evt_1", metadata: metadata), tenants: F.directory(), runID: "r")
        #expect(disposition == .failed(.invalidMetadata), "\(name)")
        #expect(ledger.eventState(id: "evt_1")?.lastError == "Invalid metadata - validation failed")
        #expect(ledger.eventState(id: "evt_1")?.status == .failed)
        #expect(ledger.bookings.isEmpty && ledger.lines.isEmpty)
    }

    @Test func tierIdIsAcceptedInsteadOfPackageId() throws {
        var ledger = Ledger()
        let d = ledger.apply(
            F.checkout(id: "evt_1", metadata: F.metadata(package: nil, tier: "tier_2")), tenants: F.directory(),
            runID: "r")
        #expect(d == .processed(.booked(bookingID: "cs_evt_1", warnings: [])))
        #expect(ledger.booking(id: "cs_evt_1")?.tierID == "tier_2")
        #expect(ledger.booking(id: "cs_evt_1")?.packageID == nil)
    }

    @Test func unknownTenantFails() {
        var ledger = Ledger()
        let d = ledger.apply(
            F.checkout(id: "evt_1", metadata: F.metadata(tenant: "tnt_nobody")), tenants: F.directory(), runID: "r")
        #expect(d == .failed(.unknownTenant))
        #expect(ledger.eventState(id: "evt_1")?.lastError == "Unknown tenant")
    }

    @Test("total must be positive", arguments: [JSONValue.int(0), .int(-100), .null, .string("100"), .number("10.5")])
    func nonPositiveOrNullTotalFails(_ total: JSONValue) {
        var ledger = Ledger()
        let d = ledger.apply(F.checkout(id: "evt_1", amountTotal: total), tenants: F.directory(), runID: "r")
        #expect(d == .failed(.nonPositiveTotal))
        #expect(ledger.eventState(id: "evt_1")?.lastError == "Booking total must be positive")
    }

    @Test func rulesAreCheckedInSpecOrder() {
        var ledger = Ledger()
        // Invalid metadata wins over an unknown tenant and a null total.
        var d = ledger.apply(
            F.checkout(id: "evt_1", amountTotal: .null, metadata: F.metadata(tenant: "tnt_x", email: nil)),
            tenants: F.directory(), runID: "r")
        #expect(d == .failed(.invalidMetadata))
        // Unknown tenant wins over a null total.
        d = ledger.apply(
            F.checkout(id: "evt_2", amountTotal: .null, metadata: F.metadata(tenant: "tnt_x")), tenants: F.directory(),
            runID: "r")
        #expect(d == .failed(.unknownTenant))
        // A null total wins over a date already booked.
        _ = ledger.apply(F.checkout(id: "evt_3"), tenants: F.directory(), runID: "r")
        d = ledger.apply(F.checkout(id: "evt_4", amountTotal: .null), tenants: F.directory(), runID: "r")
        #expect(d == .failed(.nonPositiveTotal))
    }

    @Test func dateAlreadyBookedEvenWhenTheBookingWasRefunded() {
        var ledger = Ledger()
        _ = ledger.apply(F.checkout(id: "evt_1", paymentIntent: "pi_1"), tenants: F.directory(), runID: "r")
        _ = ledger.apply(
            F.refund(id: "evt_2", paymentIntent: "pi_1", amountRefunded: .int(100_000)), tenants: F.directory(),
            runID: "r")
        #expect(ledger.booking(id: "cs_evt_1")?.status == .refunded)
        let d = ledger.apply(F.checkout(id: "evt_3", created: F.jan1 + 999_999), tenants: F.directory(), runID: "r")
        #expect(d == .failed(.dateAlreadyBooked(CalendarDate("2026-09-12")!)))
        #expect(ledger.eventState(id: "evt_3")?.lastError == "Date 2026-09-12 is already booked")
    }

    @Test func sameDateForAnotherTenantIsFine() {
        var ledger = Ledger()
        let tenants = F.directory(F.tenant(), F.tenant(F.rose, percent: "12"))
        _ = ledger.apply(F.checkout(id: "evt_1"), tenants: tenants, runID: "r")
        let d = ledger.apply(
            F.checkout(id: "evt_2", metadata: F.metadata(tenant: "tnt_rose")), tenants: tenants, runID: "r")
        #expect(d == .processed(.booked(bookingID: "cs_evt_2", warnings: [])))
        #expect(ledger.booking(id: "cs_evt_2")?.commission == 12_000)
    }

    @Test func reusedCheckoutSessionOrPaymentIntentOnAnotherDateFails() {
        var ledger = Ledger()
        _ = ledger.apply(
            F.checkout(id: "evt_1", session: "cs_1", paymentIntent: "pi_1"), tenants: F.directory(), runID: "r")
        let d1 = ledger.apply(
            F.checkout(id: "evt_2", session: "cs_1", paymentIntent: "pi_2", metadata: F.metadata(date: "2026-09-13")),
            tenants: F.directory(), runID: "r")
        #expect(d1 == .failed(.checkoutSessionAlreadyBooked))
        let d2 = ledger.apply(
            F.checkout(id: "evt_3", session: "cs_3", paymentIntent: "pi_1", metadata: F.metadata(date: "2026-09-14")),
            tenants: F.directory(), runID: "r")
        #expect(d2 == .failed(.paymentIntentAlreadyBooked))
        #expect(ledger.bookings.count == 1)
    }

    @Test(
        "addOnIds other than a JSON array of strings in a string become [] with a warning",
        arguments: [
            JSONValue.string("not json"), .string(#"{"a":1}"#), .string("[1,2]"), .string(""),
            .array([.string("ao_1")]),
        ])
    func unreadableAddOnIdsWarn(_ addOns: JSONValue) throws {
        var ledger = Ledger()
        let d = ledger.apply(
            F.checkout(id: "evt_1", metadata: F.metadata(extra: ["addOnIds": addOns])), tenants: F.directory(),
            runID: "r")
        #expect(d == .processed(.booked(bookingID: "cs_evt_1", warnings: [.addOnIDsUnreadable])))
        let booking = try #require(ledger.booking(id: "cs_evt_1"))
        #expect(booking.addOnIDs == [])
        #expect(booking.warnings == [.addOnIDsUnreadable])
    }

    @Test func commissionMetadataIsKeptButNotUsed() throws {
        var ledger = Ledger()
        let metadata = F.metadata(extra: ["commissionAmount": .string("12000"), "commissionPercent": .string("12")])
        _ = ledger.apply(F.checkout(id: "evt_1", metadata: metadata), tenants: F.directory(), runID: "r")
        let booking = try #require(ledger.booking(id: "cs_evt_1"))
        #expect(booking.commission == 10_000)
        #expect(booking.metadataCommissionAmount == 12_000)
        #expect(booking.metadataCommissionRate == BasisPoints(1_200))

        let bad = F.metadata(date: "2026-09-13", extra: ["commissionAmount": .string("120.00")])
        let d = ledger.apply(F.checkout(id: "evt_2", metadata: bad), tenants: F.directory(), runID: "r")
        #expect(d == .processed(.booked(bookingID: "cs_evt_2", warnings: [.commissionMetadataUnreadable])))
    }

    @Test func rateIsTheVersionInForceWhenPaid() {
        let tenants = TenantDirectory(versions: [
            F.tenant(percent: "10", exportedAt: F.jan1),
            F.tenant(percent: "15", exportedAt: F.jan1 + 86_400),
        ])
        var ledger = Ledger()
        _ = ledger.apply(
            F.checkout(id: "evt_a", created: F.jan1 - 1, metadata: F.metadata(date: "2026-09-01")), tenants: tenants,
            runID: "r")
        _ = ledger.apply(
            F.checkout(id: "evt_b", created: F.jan1 + 86_399, metadata: F.metadata(date: "2026-09-02")),
            tenants: tenants, runID: "r")
        _ = ledger.apply(
            F.checkout(id: "evt_c", created: F.jan1 + 86_400, metadata: F.metadata(date: "2026-09-03")),
            tenants: tenants, runID: "r")
        #expect(ledger.booking(id: "cs_evt_a")?.rate == BasisPoints(1_000))  // all later: the earliest
        #expect(ledger.booking(id: "cs_evt_b")?.rate == BasisPoints(1_000))
        #expect(ledger.booking(id: "cs_evt_c")?.rate == BasisPoints(1_500))
        #expect(ledger.booking(id: "cs_evt_c")?.commission == 15_000)
    }

    @Test func otherEventTypesAreRecordedAsIgnored() {
        var ledger = Ledger()
        let d = ledger.apply(
            F.other(id: "evt_x", type: "payment_intent.payment_failed"), tenants: F.directory(), runID: "r")
        #expect(d == .ignored)
        #expect(ledger.eventState(id: "evt_x")?.status == .ignored)
        #expect(ledger.bookings.isEmpty && ledger.lines.isEmpty)
        #expect(
            ledger.apply(
                F.other(id: "evt_x", type: "payment_intent.payment_failed"), tenants: F.directory(), runID: "r2")
                == .alreadyRecorded(.ignored))
    }

    @Test func eventsSortIntoCreatedThenIdOrder() {
        let a = F.other(id: "evt_b", type: "x", created: 5)
        let b = F.other(id: "evt_a", type: "x", created: 5)
        let c = F.other(id: "evt_0", type: "x", created: 6)
        let d = F.other(id: "evt_z", type: "x", created: 4)
        #expect(ProviderEvent.sortedForApplication([a, b, c, d]).map(\.id) == ["evt_z", "evt_a", "evt_b", "evt_0"])
    }
}

func snapshotText(_ ledger: Ledger) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(ledger), as: UTF8.self)
}
