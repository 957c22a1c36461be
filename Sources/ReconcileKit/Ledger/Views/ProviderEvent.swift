/// A stored provider event, read from its canonical form (`docs/canonical-forms.md`, kind `event`).
/// `object` is the whole `data.object` of the delivery; the accessors below read the few fields
/// the ledger needs without copying anything else.
struct ProviderEvent: Equatable, Sendable {
    let id: String
    let type: String
    /// Unix seconds.
    let created: Int64
    let livemode: Bool
    let tenantID: TenantID
    /// `data.object.id`: the checkout session (`cs_…`) or the charge (`ch_…`).
    let dataObjectID: String?
    /// `amount_total` when it is an integer; `nil` when null, missing or not an integer.
    let amountTotal: Cents?
    /// `amount` of a charge.
    let amount: Cents?
    /// `amount_refunded` of a charge: cumulative cents.
    let amountRefunded: Cents?
    /// Lower-cased ISO currency code.
    let currency: String?
    /// `payment_intent` as an id, whether delivered as a string or expanded as an object.
    let paymentIntentID: String?
    /// The validated `data.object.metadata` of a `checkout.session.completed`; `nil` for other
    /// types and when it is missing or invalid. Customer email and name are not kept.
    let checkoutMetadata: CheckoutMetadata?

    /// Reads the fields the ledger needs out of `data.object` and keeps nothing else (a million
    /// events are held between decoding and applying them).
    init(id: String, type: String, created: Int64, livemode: Bool, tenantID: TenantID, object: JSONValue) {
        self.id = id
        self.type = type
        self.created = created
        self.livemode = livemode
        self.tenantID = tenantID
        dataObjectID = object["id"]?.stringValue
        amountTotal = object["amount_total"]?.intValue
        amount = object["amount"]?.intValue
        amountRefunded = object["amount_refunded"]?.intValue
        currency = object["currency"]?.stringValue?.lowercased()
        if let v = object["payment_intent"] {
            paymentIntentID = v.stringValue ?? v["id"]?.stringValue
        } else {
            paymentIntentID = nil
        }
        if ProviderEventType(type) == .checkoutSessionCompleted, let m = object["metadata"], case .object = m {
            checkoutMetadata = CheckoutMetadata(m)
        } else {
            checkoutMetadata = nil
        }
    }

    init(canonical: JSONValue) throws(RecordViewError) {
        var r = try CanonicalReader(canonical, kind: .event)
        let id = try r.string("id")
        r.recordID = id
        let type = try r.string("type")
        let created = try r.int("created")
        let livemode = try r.bool("livemode")
        let tenantID = TenantID(try r.string("tenantId"))
        let object = try r.required("object")
        guard case .object = object else {
            throw r.error("object", .wrongType(expected: "an object", found: object.typeName))
        }
        self.init(id: id, type: type, created: created, livemode: livemode, tenantID: tenantID, object: object)
    }

    var kind: ProviderEventType { ProviderEventType(type) }

    /// The events must be applied in this order (``ApplicationKey``).
    static func applicationOrder(_ a: ProviderEvent, _ b: ProviderEvent) -> Bool {
        ApplicationKey.precedes(a.created, a.id, a.tenantID, b.created, b.id, b.tenantID)
    }

    /// The positions of `events` in application order: sorting positions moves 8 bytes where
    /// sorting the events moved whole structs (a million of them in a backfill).
    static func applicationOrder(of events: [ProviderEvent]) -> [Int] {
        events.indices.sorted { applicationOrder(events[$0], events[$1]) }
    }
}

/// Where an event goes in the order the ledger applies events: `(created, id)`, ids by UTF-8 bytes,
/// then tenant (the same id under two tenants is two events).
struct ApplicationKey: Sendable {
    let created: Int64
    let id: String
    let tenantID: TenantID

    init(_ event: ProviderEvent) {
        created = event.created
        id = event.id
        tenantID = event.tenantID
    }

    static func precedes(_ a: ApplicationKey, _ b: ApplicationKey) -> Bool {
        precedes(a.created, a.id, a.tenantID, b.created, b.id, b.tenantID)
    }

    fileprivate static func precedes(
        _ aCreated: Int64, _ aID: String, _ aTenant: TenantID,
        _ bCreated: Int64, _ bID: String, _ bTenant: TenantID
    ) -> Bool {
        if aCreated != bCreated { return aCreated < bCreated }
        return aID != bID ? aID.utf8Precedes(bID) : aTenant < bTenant
    }
}

/// The event types the ledger acts on; everything else is recorded and counted as ignored.
enum ProviderEventType: Equatable, Sendable {
    case checkoutSessionCompleted
    case chargeRefunded
    case other(String)

    init(_ type: String) {
        switch type {
        case "checkout.session.completed": self = .checkoutSessionCompleted
        case "charge.refunded": self = .chargeRefunded
        default: self = .other(type)
        }
    }
}

extension ProviderEvent {
    /// The checkout session id when this is a checkout event.
    var checkoutSessionID: String? {
        guard type.hasPrefix("checkout.session.") else { return nil }
        return dataObjectID
    }
}
