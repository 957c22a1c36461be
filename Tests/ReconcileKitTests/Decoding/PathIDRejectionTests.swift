import Testing

@testable import ReconcileKit

/// Ids that become outbox paths are checked when their record is decoded: a tenant's `id`, a
/// booking's `tenantId`, and an event's `created` (it makes the statement month).
@Suite struct PathIDRejectionTests {
    typealias H = HostileIDs

    @Test(arguments: [
        ("", TenantID.Problem.empty), ("../../x", .character), ("a/b", .character), ("a\\b", .character),
        ("a\u{0}b", .character),
        ("a\nb", .character), ("tnt bella", .character), ("tnt_é", .character), ("a:b", .character),
        ("..", .leadingDot),
        (".", .leadingDot), (".hidden", .leadingDot), (String(repeating: "a", count: 129), .tooLong),
        ("index", .reserved),
        ("Summary", .reserved), ("INDEX", .reserved),
    ])
    func tenantIDsBreakingTheRuleAreNamed(id: String, problem: TenantID.Problem) {
        #expect(TenantID.problem(with: id) == problem)
    }

    @Test(arguments: [
        "tnt_bella", "_global", "a", "A-b.c_9", "tnt..x", String(repeating: "a", count: 128), "index2", "summary.old",
    ])
    func tenantIDsFollowingTheRuleAreAccepted(id: String) {
        #expect(TenantID.problem(with: id) == nil)
    }

    @Test func aBadTenantIDInAnExportDocumentIsRejectedAloneWithItsLine() throws {
        let bytes = H.tenantsDocument(
            [H.tenant("tnt_a", ndjson: false), H.tenant("../../x", ndjson: false), H.tenant("tnt_b", ndjson: false)],
            exportedAt: "2026-08-01T00:00:00Z")
        let content = try ContentDecoder().decode(bytes)
        #expect(content.records.map(\.key.id) == ["tnt_a", "tnt_b"])
        #expect(content.rejected.map(\.location.line) == [3])
        #expect(
            content.rejected.first?.reason
                == "tenant `id` has a character other than ASCII letters, digits, \".\", \"_\" and \"-\"")
    }

    @Test func aBookingUnderABadTenantIDIsRejectedAlone() throws {
        let content = try ContentDecoder().decode(
            H.lines([
                H.booking("bk_1", tenant: Array("tnt_a".utf8)),
                H.booking("bk_2", tenant: Array(".hidden".utf8)),
            ]))
        #expect(content.records.map(\.key.id) == ["bk_1"])
        #expect(content.rejected.map(\.location.line) == [2])
        #expect(content.rejected.first?.reason == "booking `tenantId` starts with \".\"")
    }

    /// An event naming a bad tenant is kept: the ledger fails it as `Unknown tenant`, and a later
    /// `retry` tries it again.
    @Test func anEventNamingABadTenantIsDecodedAsIs() throws {
        let content = try ContentDecoder().decode(
            H.lines([H.checkout("evt_1", tenant: "../../x", date: "2027-01-01", created: H.september)]))
        #expect(content.rejected.isEmpty)
        #expect(content.records.map(\.key.tenantID) == [TenantID("../../x")])
    }

    @Test(arguments: [Int64.max, Int64.min, 253_402_300_800, -62_135_596_801])
    func anEventCreatedOutsideTheYears1To9999IsRejectedByBothPaths(created: Int64) throws {
        let bytes = H.lines([
            H.checkout("evt_ok", tenant: "tnt_a", date: "2027-01-01", created: H.september),
            H.checkout("evt_bad", tenant: "tnt_a", date: "2027-01-02", created: created),
        ])
        for content in [try ContentDecoder().decode(bytes), try ContentDecoder().decodeGeneral(bytes)] {
            #expect(content.records.map(\.key.id) == ["evt_ok"])
            #expect(content.rejected.map(\.reason) == ["`created` is outside the years 0001 to 9999"])
        }
    }

    @Test(arguments: [253_402_300_799, -62_135_596_800] as [Int64])
    func theFirstAndLastSecondOfTheWritableYearsAreAccepted(created: Int64) throws {
        let content = try ContentDecoder().decode(
            H.lines([H.checkout("evt_edge", tenant: "tnt_a", date: "2027-01-01", created: created)]))
        #expect(content.rejected.isEmpty)
        #expect(OutboxPath.isMonth(CalendarDate(unixSeconds: created).monthText))
    }

    /// A raw line break inside an id on the first line breaks two lines: both are rejected, the
    /// rest of the file is read.
    @Test func aRawLineBreakInTheFirstLineOfNDJSONRejectsThatRecordAlone() throws {
        let content = try ContentDecoder().decode(H.lines([H.tenant([0x61, 0x0a, 0x62]), H.tenant("tnt_a")]))
        #expect(content.records.map(\.key.id) == ["tnt_a"])
        #expect(content.rejected.map(\.location.line) == [1, 2])
    }
}
