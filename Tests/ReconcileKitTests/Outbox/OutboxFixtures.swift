import Foundation
import Testing

@testable import ReconcileKit

/// Fixed, realistic inputs for the outbox golden files and helpers shared by the outbox suites.
enum OutboxFixtures {
    /// 2026-10-01T02:00:00Z.
    static let asOf: Int64 = 1_790_820_000
    static let runID = "20261001T020000Z"
    static let stamp = CommissionStatement.GenerationStamp(asOf: asOf, runID: runID)
    static let sevenPercent = BasisPoints(700)

    /// September 2026 of a 7 % tenant whose name needs escaping: four bookings, a partial refund of
    /// one of them, and the full refund of a booking paid in August.
    static let statement = CommissionStatement(
        tenantID: TenantID("tnt_bella"),
        tenantName: "Bella & Rose <Weddings>",
        month: "2026-09",
        currency: "usd",
        lines: [
            // Given out of order on purpose: the statement sorts its lines.
            .payment(
                date: "2026-09-27", bookingID: "bk_5KX2D7", eventID: "evt_1Q9kW2LmZvKYlo2C4e5f6a7b",
                rate: sevenPercent, grossCents: 320_000, commissionCents: 22_400),
            .payment(
                date: "2026-09-03", bookingID: "bk_7Q2M4X", eventID: "evt_1Q3aB7n2eZvKYlo2C0a1b2c3",
                rate: sevenPercent, grossCents: 250_000, commissionCents: 17_500),
            .payment(
                date: "2026-09-12", bookingID: "bk_9TR3HV", eventID: "evt_1Q5cD9p4fZvKYlo2C1d2e3f4",
                rate: sevenPercent, grossCents: 189_950, commissionCents: 13_297),
            .payment(
                date: "2026-09-19", bookingID: "bk_2WZ8NQ", eventID: "evt_1Q7eF1r6gZvKYlo2C2a3b4c5",
                rate: sevenPercent, grossCents: 99_999, commissionCents: 7_000),
            // Partial refund: 500.00 of 1,899.50 reverses ceil(132.97 × 500 / 1899.50) = 35.01.
            .refund(
                date: "2026-09-24", bookingID: "bk_9TR3HV", eventID: "evt_1Q8gH3t8hZvKYlo2C3b4c5d6",
                rate: sevenPercent, refundCents: 50_000, commissionReversedCents: 3_501),
            // Full refund of a booking paid in August: the whole commission comes back.
            .refund(
                date: "2026-09-30", bookingID: "bk_4PL6JC", eventID: "evt_1QAiJ5v0iZvKYlo2C5c6d7e8",
                rate: sevenPercent, refundCents: 150_000, commissionReversedCents: 10_500),
        ]
    )

    static func id(_ seed: String) -> ObjectID { ObjectID(digestOf: Array(seed.utf8)) }

    static let report = RunReport(
        runID: runID,
        asOf: asOf,
        root: id("root 2026-10-01"),
        parentRoot: id("root 2026-09-30"),
        files: .init(
            scanned: 7,
            skippedAlreadySeen: 12,
            deferred: ["webhooks/2026-10-01/evt_1QBkL7x2jZvKYlo2C6d7e8f9.json"],
            quarantined: [
                .init(
                    path: "exports/bookings-2026-09-30.ndjson.gz", sha256: id("truncated gzip"),
                    location: Location(line: nil, byteOffset: 1_048_576), reason: "gzip stream is truncated"),
                .init(
                    path: "bank/camt053-2026-09-30.xml", sha256: id("bad xml"),
                    location: Location(line: 112, byteOffset: 5_830),
                    reason: "XML is not well-formed: mismatched end tag"),
            ]
        ),
        records: [
            .init(kind: .event, tenant: TenantID("tnt_bella"), counts: .init(new: 14, duplicate: 3, conflict: 1)),
            .init(kind: .event, tenant: TenantID("tnt_olive"), counts: .init(new: 3, duplicate: 1)),
            .init(kind: .event, tenant: .global, counts: .init(new: 1)),
            .init(kind: .tenant, tenant: TenantID("tnt_bella"), counts: .init(duplicate: 1, newVersion: 1)),
            .init(kind: .booking, tenant: TenantID("tnt_bella"), counts: .init(new: 5, duplicate: 20, newVersion: 2)),
            .init(kind: .bankEntry, tenant: TenantID("tnt_bella"), counts: .init(new: 4, duplicate: 8)),
        ],
        events: .init(
            applied: 16,
            failed: [
                .init(
                    eventID: "evt_1QCmN9z4kZvKYlo2C7e8f9a0", tenant: TenantID("tnt_olive"), lastError: "Unknown tenant"),
                .init(
                    eventID: "evt_1QDoP1b6lZvKYlo2C8f9a0b1", tenant: TenantID("tnt_bella"),
                    lastError: "Date 2026-09-12 is already booked"),
            ],
            ignored: 2
        ),
        backfilled: [
            .init(
                eventID: "evt_1Q5cD9p4fZvKYlo2C1d2e3f4", tenant: TenantID("tnt_bella"),
                type: "checkout.session.completed")
        ],
        rejected: [
            .init(
                file: "webhooks/batch-2026-09-30.ndjson", location: Location(line: 17, byteOffset: 20_311),
                reason: "number does not fit a 64-bit integer at `data.object.amount_total`",
                objectID: ObjectID(digestOf: Array("the raw line".utf8)),
                key: RecordKey(kind: .event, tenantID: TenantID("tnt_bella"), id: "evt_1Q9zZ0x0aZvKYlo2C9z8y7x6")),
            .init(
                file: "webhooks/batch-2026-09-30.ndjson", location: Location(line: 18, byteOffset: 21_002),
                reason: "invalid JSON at column 40: unterminated string",
                objectID: ObjectID(digestOf: Array("a broken line".utf8))),
        ],
        replacedRejections: [
            .init(
                key: RecordKey(kind: .event, tenantID: TenantID("tnt_oak"), id: "evt_1Q2bC3d4eZvKYlo2C5f6g7h8"),
                objectID: ObjectID(digestOf: Array("the fixed record".utf8)),
                rejectedObjectID: ObjectID(digestOf: Array("the bad record".utf8)),
                rejectedRunID: "20260930T020000Z", rejectedFile: "webhooks/batch-2026-09-29.ndjson",
                rejectedLocation: Location(line: 3, byteOffset: 1_204),
                rejectedReason: "`created` must be an integer of unix seconds")
        ],
        exceptions: [
            .init(
                kind: .unmatchedBankCredit, tenantID: TenantID("tnt_bella"), actual: 120_000, currency: "eur",
                detail: "credit AcctSvcrRef 2026093000123 names no booking"),
            .init(
                kind: .missingInPlatform, tenantID: TenantID("tnt_bella"), bookingRef: "cs_a1B2c3D4e5",
                eventID: "evt_1Q5cD9p4fZvKYlo2C1d2e3f4", expected: 189_950, currency: "usd",
                detail: "paid in the ledger, no platform booking"),
            .init(
                kind: .commissionMismatch, tenantID: TenantID("tnt_bella"), bookingRef: "bk_7Q2M4X",
                eventID: "evt_1Q3aB7n2eZvKYlo2C0a1b2c3", expected: 17_500, actual: 17_499, currency: "usd",
                detail: "platform commissionAmount, ledger ceil(total × 7.00%)"),
            .init(
                kind: .statusMismatch, tenantID: TenantID("tnt_bella"), bookingRef: "bk_4PL6JC",
                eventID: "evt_1QAiJ5v0iZvKYlo2C5c6d7e8", detail: #"ledger "REFUNDED", platform "PAID""#),
            .init(
                kind: .unsettledBooking, tenantID: TenantID("tnt_bella"), bookingRef: "bk_5KX2D7", expected: 320_000,
                currency: "usd", detail: "no bank credit names this booking"),
        ],
        settlement: .init(settled: 11, unsettled: 2, unmatchedCredits: 1)
    )

    /// A fresh, empty folder under the system temp folder; removed by the caller with `remove`.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "reconcile-outbox-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
