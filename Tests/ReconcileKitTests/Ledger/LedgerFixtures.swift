import Foundation

@testable import ReconcileKit

/// Builds canonical records like the decoders store them, from the provider's real samples.
enum LedgerFixtures {
    static let bella = TenantID("tnt_bella")
    static let rose = TenantID("tnt_rose")
    /// 2026-01-01T00:00:00Z
    static let jan1: Int64 = 1_767_225_600

    static func sample(_ name: String) -> JSONValue {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/ledger"),
            let data = try? Data(contentsOf: url),
            let value = try? JSONParser().parse(Array(data))
        else { fatalError("fixture \(name).json is missing or unreadable") }
        return value
    }

    /// Pretty/compact layout does not matter: what the store holds is canonical bytes.
    static func storeRoundTrip(_ value: JSONValue) -> JSONValue {
        try! JSONParser().parse(CanonicalJSON.encode(value))
    }

    static func metadata(
        tenant: String? = "tnt_bella", date: String? = "2026-09-12", package: String? = "pkg_gold", tier: String? = nil,
        email: String? = "ana@example.com", couple: String? = "Ana & Ben", extra: [String: JSONValue] = [:]
    ) -> JSONValue {
        var members: [JSONMember] = []
        if let tenant { members.append(JSONMember("tenantId", .string(tenant))) }
        if let date { members.append(JSONMember("eventDate", .string(date))) }
        if let package { members.append(JSONMember("packageId", .string(package))) }
        if let tier { members.append(JSONMember("tierId", .string(tier))) }
        if let email { members.append(JSONMember("email", .string(email))) }
        if let couple { members.append(JSONMember("coupleName", .string(couple))) }
        for (k, v) in extra.sorted(by: { $0.key < $1.key }) { members.append(JSONMember(k, v)) }
        return .object(members)
    }

    /// A `checkout.session.completed` wrapping the provider's checkout session sample.
    static func checkout(
        id: String, created: Int64 = jan1, session: String? = nil, paymentIntent: String? = nil,
        amountTotal: JSONValue = .int(100_000), currency: JSONValue = .string("usd"), metadata: JSONValue? = nil
    ) -> ProviderEvent {
        let session = session ?? "cs_\(id)"
        let metadata = metadata ?? self.metadata()
        let object = sample("checkout.session")
            .setting("id", .string(session))
            .setting("amount_total", amountTotal)
            .setting("amount_subtotal", amountTotal)
            .setting("currency", currency)
            .setting("payment_intent", .string(paymentIntent ?? "pi_\(id)"))
            .setting("customer_email", metadata["email"] ?? .null)
            .setting("metadata", metadata)
            .setting("status", .string("complete"))
            .setting("payment_status", .string("paid"))
        return event(id: id, type: "checkout.session.completed", created: created, object: object)
    }

    /// A `charge.refunded` wrapping the provider's charge sample.
    static func refund(
        id: String, created: Int64 = jan1 + 86_400, paymentIntent: String, amount: Int64 = 100_000,
        amountRefunded: JSONValue, tenant: String? = nil
    ) -> ProviderEvent {
        let refunded = amountRefunded.intValue ?? 0
        var metadata: [JSONMember] = []
        if let tenant { metadata.append(JSONMember("tenantId", .string(tenant))) }
        let object = sample("charge")
            .setting("id", .string("ch_\(id)"))
            .setting("amount", .int(amount))
            .setting("amount_captured", .int(amount))
            .setting("amount_refunded", amountRefunded)
            .setting("refunded", .bool(refunded >= amount))
            .setting("captured", .bool(true))
            .setting("payment_intent", .string(paymentIntent))
            .setting("metadata", .object(metadata))
        return event(id: id, type: "charge.refunded", created: created, object: object)
    }

    /// Any other event type, e.g. `payment_intent.payment_failed`.
    static func other(id: String, type: String, created: Int64 = jan1) -> ProviderEvent {
        event(id: id, type: type, created: created, object: sample("charge"))
    }

    /// The canonical event of SPEC §3.1 / docs/canonical-forms.md, read back through the view.
    static func event(id: String, type: String, created: Int64, object: JSONValue) -> ProviderEvent {
        let tenant = object["metadata"]?["tenantId"]?.stringValue ?? "_global"
        let canonical = storeRoundTrip(
            .object([
                "created": .int(created), "id": .string(id), "kind": .string("event"), "livemode": .bool(false),
                "object": object, "tenantId": .string(tenant), "type": .string(type),
            ]))
        return try! ProviderEvent(canonical: canonical)
    }

    static func tenant(
        _ id: TenantID = bella, percent: String = "10", exportedAt: Int64 = 0, ibans: [String] = [],
        name: String = "Bella Weddings", currency: String = "usd"
    ) -> TenantVersion {
        let bp = BasisPoints(percentText: percent)!.value
        let canonical = storeRoundTrip(
            .object([
                "commissionBasisPoints": .int(bp), "currency": .string(currency),
                "ibans": .array(ibans.map(JSONValue.string)),
                "id": .string(id.rawValue), "kind": .string("tenant"), "name": .string(name),
                "slug": .string(id.rawValue),
            ]))
        return try! TenantVersion(canonical: canonical, exportedAt: exportedAt)
    }

    static func directory(_ versions: TenantVersion...) -> TenantDirectory {
        TenantDirectory(versions: versions.isEmpty ? [tenant()] : versions)
    }
}

extension JSONValue {
    /// The object with `key` set to `value` (replaced in place, or appended).
    func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { fatalError("not an object") }
        if let i = members.firstIndex(where: { $0.key == key }) {
            members[i] = JSONMember(key, value)
        } else {
            members.append(JSONMember(key, value))
        }
        return .object(members)
    }
}
