/// The snapshot form: `{"bookings":[…sorted by tenant, id],"events":[…sorted by tenant,
/// id],"formatVersion":1,"lines":[…]}`. Arrays, never dictionaries, so the bytes do not depend on hashing order; encode
/// with `.sortedKeys` for byte-identical snapshots. Indexes are rebuilt on decode.
extension Ledger: Codable {
    static let formatVersion = 1

    enum CodingKeys: String, CodingKey {
        case formatVersion, bookings, events, lines
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .formatVersion)
        guard version == Ledger.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: c,
                debugDescription: "unknown ledger format version \(version)")
        }
        self.init()
        for booking in try c.decode([Booking].self, forKey: .bookings) {
            guard bookingsByID.position(of: booking.key) == nil,
                bookingPosition(tenant: booking.tenantID, date: booking.date) == nil
            else {
                throw DecodingError.dataCorruptedError(
                    forKey: .bookings, in: c,
                    debugDescription: "booking \(booking.id) is not unique by id or (tenant, date)")
            }
            insert(newBooking: booking)
        }
        for state in try c.decode([EventState].self, forKey: .events) {
            guard eventsByID[state.key] == nil else {
                throw DecodingError.dataCorruptedError(
                    forKey: .events, in: c,
                    debugDescription: "event \(state.eventID) appears twice")
            }
            eventsByID.updateValue(state, forKey: state.key)
        }
        for line in try c.decode([LedgerLine].self, forKey: .lines) { append(line) }
        assignEventTenantsOfOlderLines()
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Ledger.formatVersion, forKey: .formatVersion)
        try c.encode(bookings, forKey: .bookings)
        try c.encode(eventStates, forKey: .events)
        try c.encode(lines, forKey: .lines)
    }
}

extension Ledger {
    /// Snapshots written before events were keyed by tenant did not say under which tenant a line's
    /// event was recorded: it was the line's own, or `_global` for a refund that named no tenant.
    /// The event table tells which; a consistent ledger is left as it is.
    mutating func assignEventTenantsOfOlderLines() {
        for (i, line) in lines.enumerated()
        where line.eventTenantID == line.tenantID && eventsByID[line.eventKey] == nil {
            guard eventsByID[ScopedID(.global, line.eventID)] != nil else { continue }
            lines[i] = LedgerLine(
                sequence: line.sequence, kind: line.kind, time: line.time, tenantID: line.tenantID,
                bookingID: line.bookingID, eventID: line.eventID, eventTenantID: .global,
                currency: line.currency, rate: line.rate, gross: line.gross, commission: line.commission,
                refund: line.refund, commissionReversed: line.commissionReversed)
        }
    }
}
