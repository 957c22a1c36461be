import Testing

@testable import ReconcileKit

@Suite struct RecordViewTests {
    typealias F = LedgerFixtures

    func parse(_ text: String) -> JSONValue { try! JSONParser().parse(Array(text.utf8)) }

    @Test func eventViewReadsCanonicalEventAndCheckoutFields() {
        let event = F.checkout(
            id: "evt_1", created: 1_767_225_600, session: "cs_1", paymentIntent: "pi_1", amountTotal: .int(12_345),
            currency: .string("EUR"))
        #expect(event.id == "evt_1")
        #expect(event.type == "checkout.session.completed")
        #expect(event.kind == .checkoutSessionCompleted)
        #expect(event.created == 1_767_225_600)
        #expect(event.livemode == false)
        #expect(event.tenantID == F.bella)
        #expect(event.checkoutSessionID == "cs_1")
        #expect(event.amountTotal == 12_345)
        #expect(event.currency == "eur")
        #expect(event.paymentIntentID == "pi_1")
        #expect(event.checkoutMetadata?.eventDate == CalendarDate("2026-09-12"))
    }

    @Test func chargeFieldsAndExpandedPaymentIntent() {
        let refund = F.refund(id: "evt_r", paymentIntent: "pi_9", amount: 5_000, amountRefunded: .int(1_250))
        #expect(refund.kind == .chargeRefunded)
        #expect(refund.dataObjectID == "ch_evt_r")
        #expect(refund.checkoutSessionID == nil)
        #expect(refund.amount == 5_000)
        #expect(refund.amountRefunded == 1_250)
        #expect(refund.tenantID == .global)
        let expanded = F.event(
            id: "evt_x", type: "charge.refunded", created: 1,
            object: parse(#"{"id":"ch_1","payment_intent":{"id":"pi_exp","object":"payment_intent"}}"#))
        #expect(expanded.paymentIntentID == "pi_exp")
    }

    @Test(
        "malformed canonical events name the field, not the value",
        arguments: [
            (
                #"{"created":"soon","id":"evt_1","kind":"event","livemode":false,"object":{},"tenantId":"t","type":"x"}"#,
                "event evt_1: `created` must be an integer, found string"
            ),
            (
                #"{"created":1,"kind":"event","livemode":false,"object":{},"tenantId":"t","type":"x"}"#,
                "event: missing `id`"
            ),
            (
                #"{"created":1,"id":"evt_1","kind":"event","livemode":false,"object":[],"tenantId":"t","type":"x"}"#,
                "event evt_1: `object` must be an object, found array"
            ),
            (
                #"{"created":1,"id":"evt_1","kind":"tenant","livemode":false,"object":{},"tenantId":"t","type":"x"}"#,
                "event: `kind` is not event"
            ),
            (#"[1]"#, "event: `$` must be an object, found array"),
        ])
    func malformedEventsThrowTypedErrors(_ text: String, _ message: String) {
        #expect {
            _ = try ProviderEvent(canonical: parse(text))
        } throws: { error in
            (error as? RecordViewError)?.description == message
        }
    }

    @Test func tenantViewNormalisesAndDefaults() throws {
        let t = try TenantVersion(
            canonical: parse(
                #"{"commissionBasisPoints":1250,"ibans":["de89 3704 0044 0532 0130 00"],"id":"tnt_bella","kind":"tenant","name":"Bella","slug":"bella"}"#
            ),
            exportedAt: 42)
        #expect(t.id == F.bella)
        #expect(t.rate == BasisPoints(1_250))
        #expect(t.ibans == ["DE89370400440532013000"])
        #expect(t.currency == "usd")
        #expect(t.exportedAt == 42)
        #expect(throws: RecordViewError.self) {
            try TenantVersion(
                canonical: self.parse(
                    #"{"commissionBasisPoints":10001,"id":"t","kind":"tenant","name":"n","slug":"s"}"#), exportedAt: 0)
        }
    }

    @Test func platformBookingViewDropsEmailAndChecksStatusAndDate() throws {
        let b = try PlatformBooking(
            canonical: parse(
                #"{"checkoutSessionId":"cs_1","commissionAmount":700,"confirmationCode":"BK-7Q2M","date":"2026-09-12","email":"x@example.com","id":"bk_1","kind":"booking","paymentIntentId":"pi_1","status":"PAID","tenantId":"tnt_bella","totalCents":10000}"#
            ),
            exportedAt: 7)
        #expect(b.status == .paid)
        #expect(b.totalCents == 10_000)
        #expect(b.commissionAmount == 700)
        #expect(b.confirmationCode == "BK-7Q2M")
        #expect(!String(describing: b).contains("x@example.com"))
        #expect {
            try PlatformBooking(
                canonical: self.parse(
                    #"{"commissionAmount":0,"date":"2026-02-30","id":"bk_1","kind":"booking","status":"PAID","tenantId":"t","totalCents":1}"#
                ), exportedAt: 0)
        } throws: { ($0 as? RecordViewError)?.description == "booking bk_1: `date` is not a YYYY-MM-DD calendar date" }
        #expect {
            try PlatformBooking(
                canonical: self.parse(
                    #"{"commissionAmount":0,"date":"2026-02-03","id":"bk_1","kind":"booking","status":"LOST","tenantId":"t","totalCents":1}"#
                ), exportedAt: 0)
        } throws: { ($0 as? RecordViewError)?.description == "booking bk_1: `status` is not a known booking status" }
    }

    @Test func latestPlatformVersionWinsByExportedAtThenObjectID() throws {
        func booking(_ status: String, _ exportedAt: Int64) throws -> PlatformBooking {
            try PlatformBooking(
                canonical: parse(
                    #"{"commissionAmount":0,"date":"2026-02-03","id":"bk_1","kind":"booking","status":"\#(status)","tenantId":"t","totalCents":1}"#
                ),
                exportedAt: exportedAt)
        }
        let old = try booking("PENDING", 1)
        let new = try booking("PAID", 2)
        #expect(PlatformBooking.latestVersions([new, old]).map(\.status) == [.paid])
        let tieA = try booking("CONFIRMED", 5)
        let tieB = try booking("FULFILLED", 5)
        let winner = tieA.objectID > tieB.objectID ? tieA : tieB
        #expect(PlatformBooking.latestVersions([tieA, tieB]) == [winner])
        #expect(PlatformBooking.latestVersions([tieB, tieA]) == [winner])
    }

    @Test func bankEntryView() throws {
        let e = try BankEntry(
            canonical: parse(
                #"{"amount":10000,"bookingDate":"2026-09-14","currency":"eur","direction":"CRDT","iban":"DE89370400440532013000","id":"ACR-1","kind":"bank_entry","references":["BK-7Q2M","cs_1"],"tenantId":"tnt_bella","valueDate":"2026-09-15"}"#
            ))
        #expect(e.amount == 10_000)
        #expect(e.currency == "EUR")
        #expect(e.direction == .credit)
        #expect(e.bookingDate == CalendarDate("2026-09-14"))
        #expect(e.references == ["BK-7Q2M", "cs_1"])
        #expect(throws: RecordViewError.self) {
            try BankEntry(
                canonical: self.parse(
                    #"{"amount":1,"currency":"EUR","direction":"IN","iban":"X","id":"A","kind":"bank_entry","references":[],"tenantId":"t"}"#
                ))
        }
    }
}

@Suite struct TenantDirectoryTests {
    typealias F = LedgerFixtures

    @Test func rateAtTimeIsLatestVersionNotAfterItElseTheEarliest() {
        let directory = TenantDirectory(versions: [
            F.tenant(percent: "12", exportedAt: 300),
            F.tenant(percent: "10", exportedAt: 100),
            F.tenant(percent: "11", exportedAt: 200),
        ])
        #expect(directory.rate(for: F.bella, at: 50) == BasisPoints(1_000))
        #expect(directory.rate(for: F.bella, at: 100) == BasisPoints(1_000))
        #expect(directory.rate(for: F.bella, at: 199) == BasisPoints(1_000))
        #expect(directory.rate(for: F.bella, at: 200) == BasisPoints(1_100))
        #expect(directory.rate(for: F.bella, at: 10_000) == BasisPoints(1_200))
        #expect(directory.rate(for: F.rose, at: 10_000) == nil)
        #expect(directory.latest(F.bella)?.rate == BasisPoints(1_200))
        #expect(directory.versions(of: F.bella).map(\.exportedAt) == [100, 200, 300])
    }

    @Test func sameExportedAtTieGoesToTheLargerObjectID() {
        let a = F.tenant(percent: "10", exportedAt: 100)
        let b = F.tenant(percent: "20", exportedAt: 100)
        let winner = a.objectID > b.objectID ? a : b
        #expect(TenantDirectory(versions: [a, b]).rate(for: F.bella, at: 100) == winner.rate)
        #expect(TenantDirectory(versions: [b, a]).rate(for: F.bella, at: 100) == winner.rate)
    }

    @Test func ibanLookupUsesLatestVersionAndRefusesSharedAccounts() {
        let directory = TenantDirectory(versions: [
            F.tenant(percent: "10", exportedAt: 1, ibans: ["DE00OLD"]),
            F.tenant(percent: "10", exportedAt: 2, ibans: ["DE89370400440532013000"]),
            F.tenant(F.rose, ibans: ["GB33BUKB20201555555555", "FR7630006000011234567890189"]),
            F.tenant(TenantID("tnt_lily"), ibans: ["FR7630006000011234567890189"]),
        ])
        #expect(directory.tenant(forIBAN: "de89 3704 0044 0532 0130 00") == F.bella)
        #expect(directory.tenant(forIBAN: "DE00OLD") == nil)
        #expect(directory.tenant(forIBAN: "GB33BUKB20201555555555") == F.rose)
        #expect(directory.tenant(forIBAN: "FR7630006000011234567890189") == nil)
        #expect(directory.tenantIDs == [F.bella, F.rose, TenantID("tnt_lily")].sorted())
    }
}
