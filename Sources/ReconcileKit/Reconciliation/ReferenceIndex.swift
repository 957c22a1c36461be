/// Finds the bookings a bank credit's references name. References are free text (`RmtInf/Ustrd`
/// is often "Booking BK-7Q2M Miller"), so each is split into tokens of letters, digits, `_` and
/// `-`, and tokens (and the whole reference) are compared with booking identifiers ignoring case,
/// as banks often upper-case remittance text.
struct ReferenceIndex {
    private var bookingsByIdentifier: [String: Set<Int>] = [:]

    /// `bookings[i].identifiers` → `i`.
    init(_ bookings: [ReconciledBooking]) {
        for (i, b) in bookings.enumerated() {
            for id in b.namedAs { bookingsByIdentifier[id, default: []].insert(i) }
        }
    }

    /// Indexes of the bookings the references name, sorted.
    func bookings(namedBy references: [String]) -> [Int] {
        var found: Set<Int> = []
        for token in ReferenceIndex.tokens(of: references) {
            if let hits = bookingsByIdentifier[token] { found.formUnion(hits) }
        }
        return found.sorted()
    }

    /// The tokens of every reference.
    static func tokens(of references: [String]) -> Set<String> {
        var all: Set<String> = []
        for reference in references { all.formUnion(Self.tokens(of: reference)) }
        return all
    }

    /// The upper-cased whole reference and its tokens.
    static func tokens(of reference: String) -> Set<String> {
        let upper = reference.uppercased()
        var out: Set<String> = [upper.trimmingSpaces]
        var current = ""
        for ch in upper {
            if ch.isLetter || ch.isNumber || ch == "_" || ch == "-" {
                current.append(ch)
            } else if !current.isEmpty {
                out.insert(current)
                current = ""
            }
        }
        if !current.isEmpty { out.insert(current) }
        out.remove("")
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
