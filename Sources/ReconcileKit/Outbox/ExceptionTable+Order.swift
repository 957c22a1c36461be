extension ExceptionTable {
    /// Puts the rows in the order of a stable sort by ``ReportException/reportOrder(_:_:)``. Rows
    /// already in that order (as ``ReportBuilder`` lists them) are only checked, in one pass.
    /// Kinds and tenants are ranked once, so most comparisons are of one integer; texts are
    /// compared in place, as `String`s only when one is not ASCII.
    mutating func sortInReportOrder() {
        let order: [Int]? = withView { v in
            let keys = rankKeys(v)
            func precedes(_ i: Int, _ j: Int) -> Bool {
                keys[i] != keys[j] ? keys[i] < keys[j] : Self.referenceOrder(v.rows[i], v.rows[j], v)
            }
            if v.rows.indices.dropFirst().allSatisfy({ !precedes($0, $0 - 1) }) { return nil }
            var order = Array(v.rows.indices)
            order.sort(by: precedes)  // the standard library's sort is stable
            return order
        }
        if let order { rows.permute(order) }
    }

    /// Per row, the kind's rank then the tenant's rank: `a < b` exactly when the row's kind, else
    /// tenant, comes first. Texts with other bytes get other ranks, even when Unicode calls them
    /// equal.
    private func rankKeys(_ v: View) -> [UInt64] {
        var kinds: Set<Int32> = []
        var tenants: Set<Int32> = []
        for r in v.rows {
            kinds.insert(r.kind)
            tenants.insert(r.tenant)
        }
        func ranks(_ indexes: Set<Int32>, by precedes: (String, String) -> Bool) -> [Int32: UInt64] {
            let sorted = indexes.map { ($0, text($0)!) }.sorted { precedes($0.1, $1.1) }
            return Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1.0, UInt64($0)) })
        }
        let kindRank = ranks(kinds) { ReportException.Kind(rawValue: $0) < ReportException.Kind(rawValue: $1) }
        let tenantRank = ranks(tenants) { TenantID($0) < TenantID($1) }
        return v.rows.map { kindRank[$0.kind]! << 32 | tenantRank[$0.tenant]! }
    }

    /// ``ReportException/referenceOrder(_:_:)`` of two rows.
    private static func referenceOrder(_ a: Row, _ b: Row, _ v: View) -> Bool {
        if let order = textOrder(a.bookingRef, b.bookingRef, v) { return order }
        if let order = textOrder(a.eventID, b.eventID, v) { return order }
        if a.expectedCents != b.expectedCents { return (a.expectedCents ?? .min) < (b.expectedCents ?? .min) }
        if a.actualCents != b.actualCents { return (a.actualCents ?? .min) < (b.actualCents ?? .min) }
        return textOrder(a.detail, b.detail, v) ?? false
    }

    /// As `x != y ? (x ?? "") < (y ?? "") : nil` for the optional `String`s of two texts.
    private static func textOrder(_ x: Int32, _ y: Int32, _ v: View) -> Bool? {
        if x == y { return nil }  // the same text
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        let (a, b) = (v.text(x), v.text(y))
        if let a, let b, a.elementsEqual(b) { return nil }
        let (s, t) = (a ?? empty, b ?? empty)
        if s.allSatisfy({ $0 < 0x80 }) && t.allSatisfy({ $0 < 0x80 }) {
            // ASCII: `String`'s == and < are those of the bytes.
            return s.lexicographicallyPrecedes(t)
        }
        let (p, q) = (a.map { String(decoding: $0, as: UTF8.self) }, b.map { String(decoding: $0, as: UTF8.self) })
        return p != q ? (p ?? "") < (q ?? "") : nil
    }
}
