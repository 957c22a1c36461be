/// A stored provider event, read from its canonical form (`docs/canonical-forms.md`, kind `event`).
/// `object` is the whole `data.object` of the delivery; the accessors below read the few fields
/// the ledger needs without copying anything else.
public struct ProviderEvent: Equatable, Sendable {
    public let id: String
    public let type: String
    /// Unix seconds.
    public let created: Int64
    public let livemode: Bool
    public let tenantID: TenantID
    public let object: JSONValue

    public init(id: String, type: String, created: Int64, livemode: Bool, tenantID: TenantID, object: JSONValue) {
        self.id = id
        self.type = type
        self.created = created
        self.livemode = livemode
        self.tenantID = tenantID
        self.object = object
    }

    public init(canonical: JSONValue) throws(RecordViewError) {
        var r = try CanonicalReader(canonical, kind: .event)
        id = try r.string("id")
        r.recordID = id
        type = try r.string("type")
        created = try r.int("created")
        livemode = try r.bool("livemode")
        tenantID = TenantID(try r.string("tenantId"))
        let object = try r.required("object")
        guard case .object = object else {
            throw r.error("object", .wrongType(expected: "an object", found: object.typeName))
        }
        self.object = object
    }

    public var kind: ProviderEventType { ProviderEventType(type) }

    /// The events must be applied in this order: `(created, id)`, ids by UTF-8 bytes.
    public static func applicationOrder(_ a: ProviderEvent, _ b: ProviderEvent) -> Bool {
        if a.created != b.created { return a.created < b.created }
        return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
    }

    /// The events sorted for ``Ledger/apply(_:tenants:runID:)``.
    public static func sortedForApplication(_ events: [ProviderEvent]) -> [ProviderEvent] {
        events.sorted(by: applicationOrder)
    }
}

/// The event types the ledger acts on; everything else is recorded and counted as ignored.
public enum ProviderEventType: Equatable, Sendable {
    case checkoutSessionCompleted
    case chargeRefunded
    case other(String)

    public init(_ type: String) {
        switch type {
        case "checkout.session.completed": self = .checkoutSessionCompleted
        case "charge.refunded": self = .chargeRefunded
        default: self = .other(type)
        }
    }
}

extension ProviderEvent {
    /// `data.object.id`: the checkout session (`cs_…`) or the charge (`ch_…`).
    public var dataObjectID: String? { object["id"]?.stringValue }

    /// The checkout session id when this is a checkout event.
    public var checkoutSessionID: String? {
        guard type.hasPrefix("checkout.session.") else { return nil }
        return dataObjectID
    }

    /// `amount_total` when it is an integer; `nil` when null, missing or not an integer.
    public var amountTotal: Cents? { object["amount_total"]?.intValue }
    /// `amount` of a charge.
    public var amount: Cents? { object["amount"]?.intValue }
    /// `amount_refunded` of a charge: cumulative cents.
    public var amountRefunded: Cents? { object["amount_refunded"]?.intValue }
    /// Lower-cased ISO currency code.
    public var currency: String? { object["currency"]?.stringValue?.lowercased() }

    /// `payment_intent` as an id, whether delivered as a string or expanded as an object.
    public var paymentIntentID: String? {
        guard let v = object["payment_intent"] else { return nil }
        if let s = v.stringValue { return s }
        return v["id"]?.stringValue
    }

    /// `data.object.metadata` when it is an object.
    public var metadata: JSONValue? {
        guard let m = object["metadata"], case .object = m else { return nil }
        return m
    }
}
