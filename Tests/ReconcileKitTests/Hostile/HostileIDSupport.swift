import Foundation

@testable import ReconcileKit

/// Inbox lines whose ids are given as the raw bytes between the quotes of a JSON string: escaped
/// (`a\u0000b`, valid JSON) or not (a raw NUL or newline, bytes that are not UTF-8: invalid JSON,
/// which only NDJSON can reject line by line).
enum HostileIDs {
    /// 2026-11-01T00:00:00Z.
    static let asOf: Int64 = 1_793_491_200
    /// Older than any `--settle`.
    static let old = Date(timeIntervalSince1970: 1_780_000_000)
    /// 2026-09-10T00:00:00Z: September statements.
    static let september: Int64 = 1_788_998_400

    static func tenant(
        _ id: [UInt8], name: String = "Venue", exportedAt: String = "2026-08-01T00:00:00Z", ndjson: Bool = true
    ) -> [UInt8] {
        (ndjson ? Array(#"{"object":"tenant","exportedAt":"\#(exportedAt)","id":""#.utf8) : Array(#"{"id":""#.utf8))
            + id
            + Array(#"","slug":"venue","name":"\#(name)","commissionPercent":"10"}"#.utf8)
    }

    static func tenant(
        _ id: String, name: String = "Venue", exportedAt: String = "2026-08-01T00:00:00Z", ndjson: Bool = true
    ) -> [UInt8] {
        tenant(Array(id.utf8), name: name, exportedAt: exportedAt, ndjson: ndjson)
    }

    /// A tenants export document, one record per line (record `i` is on line `i + 2`).
    static func tenantsDocument(_ records: [[UInt8]], exportedAt: String) -> [UInt8] {
        var out = Array(#"{"exportType":"tenants","exportedAt":"\#(exportedAt)","records":["#.utf8) + [0x0a]
        for (i, r) in records.enumerated() { out += r + Array((i + 1 < records.count ? ",\n" : "\n").utf8) }
        return out + Array("]}\n".utf8)
    }

    static func booking(_ id: String, tenant: [UInt8], date: String = "2027-05-01") -> [UInt8] {
        Array(#"{"object":"booking","exportedAt":"2026-10-01T00:00:00Z","id":"\#(id)","tenantId":""#.utf8) + tenant
            + Array(#"","date":"\#(date)","status":"PAID","totalCents":250000,"commissionAmount":25000}"#.utf8)
    }

    static func checkout(_ id: String, tenant: [UInt8], date: String, created: Int64, total: Int = 250_000) -> [UInt8] {
        Array(
            #"{"id":"\#(id)","object":"event","type":"checkout.session.completed","created":\#(created),"livemode":false,"data":{"object":{"id":"cs_\#(id)","object":"checkout.session","amount_total":\#(total),"currency":"usd","payment_intent":"pi_\#(id)","metadata":{"tenantId":""#
                .utf8)
            + tenant
            + Array(
                #"","packageId":"pkg_1","eventDate":"\#(date)","email":"someone@example.com","coupleName":"A & B"}}}}"#
                    .utf8)
    }

    static func checkout(_ id: String, tenant: String, date: String, created: Int64, total: Int = 250_000) -> [UInt8] {
        checkout(id, tenant: Array(tenant.utf8), date: date, created: created, total: total)
    }

    static func refund(_ id: String, of checkoutID: String, tenant: [UInt8], refunded: Int, created: Int64) -> [UInt8] {
        Array(
            #"{"id":"\#(id)","object":"event","type":"charge.refunded","created":\#(created),"livemode":false,"data":{"object":{"id":"ch_\#(id)","object":"charge","payment_intent":"pi_\#(checkoutID)","amount":250000,"amount_refunded":\#(refunded),"currency":"usd","metadata":{"tenantId":""#
                .utf8)
            + tenant + Array(#""}}}}"#.utf8)
    }

    static func lines(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [0x0a] } }

    /// The files a statement with this tenant id would have, as path strings (nil when the id
    /// cannot be in a path at all): none of them may exist after a run.
    static func statementPaths(outbox: String, month: String, id: String) -> [String] {
        guard !id.utf8.contains(0) else { return [] }
        return ["csv", "html", "json"].map { "\(outbox)/statements/\(month)/\(id).\($0)" }
    }
}
