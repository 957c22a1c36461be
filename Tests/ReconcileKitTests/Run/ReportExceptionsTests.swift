import Testing
@testable import ReconcileKit

@Suite struct ReportExceptionsTests {
    static func e(_ tenant: String, _ kind: ExceptionKind, booking: String? = nil, platform: String? = nil,
                  source: ReconciliationException.Source? = nil, expected: Cents? = nil, actual: Cents? = nil) -> ReconciliationException {
        ReconciliationException(kind: kind, source: source, tenantID: TenantID(tenant), bookingID: booking, platformBookingID: platform,
                                expected: expected, actual: actual, detail: "d")
    }

    // In reconciliation order (tenant first), with kinds interleaved and a pair the report orders
    // differently (by amount, not by source).
    static let exceptions = [
        e("tnt_a", .missingInPlatform, booking: "cs_2"),
        e("tnt_a", .commissionMismatch, booking: "cs_1", platform: "bk_1", source: .checkoutMetadata, expected: 10, actual: 30),
        e("tnt_a", .commissionMismatch, booking: "cs_1", platform: "bk_1", source: .platform, expected: 10, actual: 20),
        e("tnt_a", .unsettledBooking, booking: "cs_2"),
        e("tnt_b", .missingInPlatform, booking: "cs_0"),
        e("tnt_b", .unsettledBooking, booking: "cs_0"),
    ]

    @Test func reportExceptionsAreGroupedByKindInReconciliationOrder() {
        let listed = ReportBuilder.reportExceptions(Self.exceptions).exceptions
        #expect(listed.map(\.kind.rawValue) == ["missing_in_platform", "missing_in_platform", "commission_mismatch",
                                                "commission_mismatch", "unsettled_booking", "unsettled_booking"])
        #expect(listed.map(\.tenant.rawValue) == ["tnt_a", "tnt_b", "tnt_a", "tnt_a", "tnt_a", "tnt_b"])
        #expect(listed.map(\.actualCents) == [nil, nil, 30, 20, nil, nil])
    }

    @Test func theReportListsThemAsFromTheReconciliationOrder() {
        func report(_ exceptions: [ReportException]) -> RunReport {
            RunReport(runID: "r", asOf: 0, root: nil, parentRoot: nil,
                      files: .init(scanned: 0, skippedAlreadySeen: 0, deferred: [], quarantined: []), records: [],
                      events: .init(applied: 0, failed: [], ignored: 0), backfilled: [], rejected: [], exceptions: exceptions,
                      settlement: .init(settled: 0, unsettled: 0, unmatchedCredits: 0))
        }
        let grouped = report(ReportBuilder.reportExceptions(Self.exceptions).exceptions).exceptions
        #expect(grouped == report(Self.exceptions.map(ReportException.init)).exceptions)
        #expect(grouped.map(\.actualCents) == [nil, nil, 20, 30, nil, nil])
    }
}
