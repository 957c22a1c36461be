/// Turns platform export records (SPEC §3.2) into canonical `tenant` and `booking` records.
/// `exportedAt` is not canonical: it becomes the record's time, so an unchanged tenant exported
/// every night is a duplicate rather than a new version.
enum ExportDecoder {
    static let bookingStatuses: Set<String> = [
        "PENDING", "DEPOSIT_PAID", "PAID", "CONFIRMED", "CANCELED", "REFUNDED", "FULFILLED",
    ]

    static func decode(_ value: JSONValue, kind: RecordKind, exportedAt: Int64, at location: Location)
        throws(DecodeFailure) -> Record
    {
        guard case .object = value else {
            throw DecodeFailure("expected a \(kind.rawValue) object, found \(value.typeName)", at: location)
        }
        switch kind {
        case .tenant: return try tenant(value, exportedAt: exportedAt, at: location)
        case .booking: return try booking(value, exportedAt: exportedAt, at: location)
        default: preconditionFailure("exports carry tenants and bookings only")
        }
    }

    /// Reads `exportedAt` as RFC 3339.
    static func exportedAt(_ value: JSONValue?, at location: Location) throws(DecodeFailure) -> Int64 {
        guard let text = value?.stringValue else {
            throw DecodeFailure("export has no string `exportedAt`", at: location)
        }
        guard let seconds = Timestamp.parse(text) else {
            throw DecodeFailure("`exportedAt` is not an RFC 3339 timestamp", at: location)
        }
        return seconds
    }

    static func tenant(_ v: JSONValue, exportedAt: Int64, at location: Location) throws(DecodeFailure) -> Record {
        let id = try requiredString(v, "id", location)
        try checkTenantID(id, field: "tenant `id`", location)
        let slug = try requiredString(v, "slug", location)
        let name = try requiredString(v, "name", location)
        let rateText: String
        switch v["commissionPercent"] {
        case .string(let s)?: rateText = s
        case .int(let i)?: rateText = String(i)
        case .number(let n)?: rateText = n
        default: throw DecodeFailure("tenant has no `commissionPercent`", at: location)
        }
        guard let rate = BasisPoints(percentText: rateText) else {
            throw DecodeFailure(
                "`commissionPercent` must be a decimal from 0 to 100 with at most two decimals", at: location)
        }
        let ibans = try accounts(v, "ibans", location)
        let bankAccounts = try accounts(v, "bankAccounts", location)
        let currency = try optionalString(v, "currency", location)?.lowercased() ?? "usd"
        var members: [JSONMember] = [
            JSONMember("commissionBasisPoints", .int(rate.value)),
            JSONMember("currency", .string(currency)),
            JSONMember("ibans", .array(Set(ibans).sorted().map { .string($0) })),
            JSONMember("id", .string(id)),
            JSONMember("kind", .string(RecordKind.tenant.rawValue)),
            JSONMember("name", .string(name)),
            JSONMember("slug", .string(slug)),
        ]
        // Only when given: a tenant exported as before keeps its objectID.
        if !bankAccounts.isEmpty {
            members.append(JSONMember("bankAccounts", .array(Set(bankAccounts).sorted().map { .string($0) })))
        }
        return Record(
            key: RecordKey(kind: .tenant, tenantID: TenantID(id), id: id),
            canonical: CanonicalJSON.encode(.object(members)), location: location, time: exportedAt)
    }

    static func booking(_ v: JSONValue, exportedAt: Int64, at location: Location) throws(DecodeFailure) -> Record {
        let id = try requiredString(v, "id", location)
        let tenant = try requiredString(v, "tenantId", location)
        try checkTenantID(tenant, field: "booking `tenantId`", location)
        let date = try requiredString(v, "date", location)
        guard CalendarDate(date) != nil else {
            throw DecodeFailure("booking `date` is not a real YYYY-MM-DD date", at: location)
        }
        let status = try requiredString(v, "status", location)
        guard bookingStatuses.contains(status) else {
            throw DecodeFailure(
                "booking `status` is not one of \(bookingStatuses.sorted().joined(separator: " "))", at: location)
        }
        var members: [JSONMember] = [
            JSONMember("commissionAmount", .int(try requiredInt(v, "commissionAmount", location))),
            JSONMember("date", .string(date)),
            JSONMember("id", .string(id)),
            JSONMember("kind", .string(RecordKind.booking.rawValue)),
            JSONMember("status", .string(status)),
            JSONMember("tenantId", .string(tenant)),
            JSONMember("totalCents", .int(try requiredInt(v, "totalCents", location))),
        ]
        for field in ["checkoutSessionId", "paymentIntentId", "confirmationCode", "email"] {
            if let s = try optionalString(v, field, location) { members.append(JSONMember(field, .string(s))) }
        }
        return Record(
            key: RecordKey(kind: .booking, tenantID: TenantID(tenant), id: id),
            canonical: CanonicalJSON.encode(.object(members)), location: location, time: exportedAt)
    }

    /// Rejects the record when `id` cannot be a tenant id (``TenantID/problem(with:)``): a tenant id
    /// becomes a file name in the outbox. The reason names the rule, not the id.
    static func checkTenantID(_ id: String, field: String, _ location: Location) throws(DecodeFailure) {
        if let problem = TenantID.problem(with: id) {
            throw DecodeFailure("\(field) \(problem.rawValue)", at: location)
        }
    }

    /// `ibans` or `bankAccounts`: an optional array of account ids, normalised like IBANs.
    static func accounts(_ v: JSONValue, _ field: String, _ location: Location) throws(DecodeFailure) -> [String] {
        guard let list = v[field], list != .null else { return [] }
        guard let array = list.arrayValue else {
            throw DecodeFailure("`\(field)` must be an array of strings", at: location)
        }
        var out: [String] = []
        for element in array {
            guard let s = element.stringValue else {
                throw DecodeFailure("`\(field)` must be an array of strings", at: location)
            }
            out.append(normaliseIBAN(s))
        }
        return out
    }

    static func normaliseIBAN(_ s: String) -> String {
        String(s.uppercased().filter { $0 != " " })
    }

    static func requiredString(_ v: JSONValue, _ field: String, _ location: Location) throws(DecodeFailure) -> String {
        guard let s = v[field]?.stringValue, !s.isEmpty else {
            throw DecodeFailure("record has no string `\(field)`", at: location)
        }
        return s
    }

    static func optionalString(_ v: JSONValue, _ field: String, _ location: Location) throws(DecodeFailure) -> String? {
        switch v[field] {
        case nil, .null?: return nil
        case .string(let s)?: return s.isEmpty ? nil : s
        case let other?: throw DecodeFailure("`\(field)` must be a string, found \(other.typeName)", at: location)
        }
    }

    static func requiredInt(_ v: JSONValue, _ field: String, _ location: Location) throws(DecodeFailure) -> Int64 {
        switch v[field] {
        case .int(let i)?: return i
        case .number?: throw DecodeFailure("`\(field)` does not fit a 64-bit integer", at: location)
        case nil, .null?: throw DecodeFailure("record has no integer `\(field)`", at: location)
        case let other?: throw DecodeFailure("`\(field)` must be an integer, found \(other.typeName)", at: location)
        }
    }
}
