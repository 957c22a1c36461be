/// The validated metadata of a `checkout.session.completed` (SPEC §3.1). The customer's email and
/// couple name are checked for presence and then dropped: the ledger never holds them.
struct CheckoutMetadata: Equatable, Sendable {
    let tenantID: TenantID
    let packageID: String?
    let tierID: String?
    let eventDate: CalendarDate
    let addOnIDs: [String]
    let commissionAmount: Cents?
    let commissionRate: BasisPoints?
    let warnings: [BookingWarning]

    /// `nil` when the metadata is missing or invalid: the event fails with
    /// `Invalid metadata - validation failed`. Required: non-empty strings `tenantId`, `eventDate`
    /// (a real `YYYY-MM-DD`), `email`, `coupleName`, and `packageId` or `tierId`.
    init?(_ metadata: JSONValue?) {
        guard let metadata, case .object = metadata else { return nil }

        /// `.some(nil)`: absent; `nil`: present but not a non-empty string.
        func field(_ key: String) -> String?? {
            guard let v = metadata[key] else { return .some(nil) }
            guard let s = v.stringValue, !CheckoutMetadata.isBlank(s) else { return nil }
            return .some(s)
        }
        guard case let tenant?? = field("tenantId"),
            case let dateText?? = field("eventDate"),
            let eventDate = CalendarDate(dateText),
            case _?? = field("email"),
            case _?? = field("coupleName"),
            case let package? = field("packageId"),
            case let tier? = field("tierId"),
            package != nil || tier != nil
        else { return nil }

        tenantID = TenantID(tenant)
        packageID = package
        tierID = tier
        self.eventDate = eventDate

        var warnings: [BookingWarning] = []
        if let raw = metadata["addOnIds"], !raw.isNull {
            if let ids = CheckoutMetadata.parseAddOnIDs(raw) {
                addOnIDs = ids
            } else {
                addOnIDs = []
                warnings.append(.addOnIDsUnreadable)
            }
        } else {
            addOnIDs = []
        }

        var unreadableCommission = false
        if let v = metadata["commissionAmount"], !v.isNull {
            if let s = v.stringValue, let cents = parseCents(s) {
                commissionAmount = cents
            } else {
                commissionAmount = nil
                unreadableCommission = true
            }
        } else {
            commissionAmount = nil
        }
        if let v = metadata["commissionPercent"], !v.isNull {
            if let s = v.stringValue, let bp = BasisPoints(percentText: s) {
                commissionRate = bp
            } else {
                commissionRate = nil
                unreadableCommission = true
            }
        } else {
            commissionRate = nil
        }
        if unreadableCommission { warnings.append(.commissionMetadataUnreadable) }
        self.warnings = warnings
    }

    /// Empty or only whitespace, as `allSatisfy(\.isWhitespace)`. A first byte that is ASCII and
    /// not whitespace begins a first character that is not whitespace: no Unicode lookup is needed
    /// (no grapheme breaking or property lookups for the common case).
    static func isBlank(_ s: String) -> Bool {
        if let first = s.utf8.first, first < 0x80, first != 0x20, !(0x09...0x0D).contains(first) { return false }
        return s.allSatisfy(\.isWhitespace)
    }

    /// `addOnIds` is a JSON array of strings written inside a string: `"[\"a\",\"b\"]"`.
    static func parseAddOnIDs(_ raw: JSONValue) -> [String]? {
        guard let text = raw.stringValue else { return nil }
        let bytes = Array(text.utf8)
        if let ids = plainStringArray(bytes) { return ids }
        guard let parsed = try? JSONParser().parse(bytes),
            let array = parsed.arrayValue
        else { return nil }
        var ids: [String] = []
        for element in array {
            guard let s = element.stringValue else { return nil }
            ids.append(s)
        }
        return ids
    }
}

extension CheckoutMetadata {
    /// A JSON array of strings without escapes or control characters (`["a","b"]`, `[]`), read
    /// directly; nil for anything else, which the JSON parser then reads (the general parser
    /// is far slower for this common shape).
    static func plainStringArray(_ bytes: [UInt8]) -> [String]? {
        let (quote, comma, open, close) = (UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"))
        var i = 0
        func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D {
                i += 1
            }
        }
        func at(_ byte: UInt8) -> Bool { i < bytes.count && bytes[i] == byte }
        skipSpace()
        guard at(open) else { return nil }
        i += 1
        skipSpace()
        var strings: [String] = []
        if !at(close) {
            while true {
                guard at(quote) else { return nil }
                i += 1
                let start = i
                while i < bytes.count, bytes[i] != quote {
                    if bytes[i] == UInt8(ascii: "\\") || bytes[i] < 0x20 { return nil }
                    i += 1
                }
                guard i < bytes.count else { return nil }
                strings.append(String(decoding: bytes[start..<i], as: UTF8.self))
                i += 1
                skipSpace()
                guard at(comma) else { break }
                i += 1
                skipSpace()
            }
            guard at(close) else { return nil }
        }
        i += 1
        skipSpace()
        return i == bytes.count ? strings : nil
    }
}

/// Integer cents written as decimal digits, as the provider writes amounts: `"700"` is 7.00.
private func parseCents(_ text: String) -> Cents? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
        return nil
    }
    return Int64(text)
}
