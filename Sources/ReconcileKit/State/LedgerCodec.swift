/// The binary snapshot of a ``Ledger``, stored as the run's `ledger` blob: the same content as its
/// JSON form (bookings and events sorted by id, lines in order), written field by field without
/// Foundation's coders. The JSON form is still read.
///
/// ```
/// "RCLG" | version varint = 2
/// strings: count | string*                 tenant ids, currencies, run ids, errors — each once
/// bookings: count | booking*   events: count | event*   lines: count | line*
/// ```
/// Field order is the order of the memberwise initialisers; optionals carry a 0/1 tag; enums are
/// their raw values; dates their `YYYY-MM-DD` text.
public enum LedgerCodec {
    static let magic: [UInt8] = Array("RCLG".utf8)
    static let version: UInt64 = 2

    public struct Failure: Error, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "ledger snapshot: \(reason) at byte \(offset)" }
    }

    public static func isBinary(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    public static func encode(_ ledger: Ledger) -> [UInt8] {
        var table = StringTable()
        var w = BinaryWriter(reserving: ledger.bookingsByID.count * 160 + ledger.eventsByID.count * 96 + ledger.lines.count * 96)
        func optionalInt(_ v: Int64?) { if let v { w.byte(1); w.signed(v) } else { w.byte(0) } }
        // Ids sorted, then each value read once: sorting the values themselves moved and copied
        // whole bookings and event states (most of the encode time at a million events).
        w.int(ledger.bookingsByID.count)
        for id in ledger.bookingsByID.keys.sortedByUTF8() {
            let b = ledger.bookingsByID[id]!
            w.string(b.id)
            w.int(table.id(b.tenantID.rawValue))
            w.int(table.id(b.date.description))
            w.int(table.id(b.status.rawValue))
            w.signed(b.total)
            w.int(table.id(b.currency))
            w.signed(b.paidAt)
            w.string(b.checkoutSessionID)
            w.optionalString(b.paymentIntentID)
            w.signed(b.rate.value)
            w.signed(b.commission)
            w.signed(b.refunded)
            w.signed(b.reversed)
            w.int(table.id(b.refundStatus.rawValue))
            w.string(b.eventID)
            if let p = b.packageID { w.byte(1); w.int(table.id(p)) } else { w.byte(0) }
            if let t = b.tierID { w.byte(1); w.int(table.id(t)) } else { w.byte(0) }
            w.int(b.addOnIDs.count)
            for a in b.addOnIDs { w.int(table.id(a)) }
            optionalInt(b.metadataCommissionAmount)
            optionalInt(b.metadataCommissionRate?.value)
            w.int(b.warnings.count)
            for x in b.warnings { w.int(table.id(x.rawValue)) }
        }
        w.int(ledger.eventsByID.count)
        for id in ledger.eventsByID.keys.sortedByUTF8() {
            let e = ledger.eventsByID[id]!
            w.string(e.eventID)
            w.int(table.id(e.type))
            w.int(table.id(e.tenantID.rawValue))
            w.signed(e.created)
            w.int(table.id(e.status.rawValue))
            if let error = e.lastError { w.byte(1); w.int(table.id(error)) } else { w.byte(0) }
            w.int(e.attempts)
            w.int(e.history.count)
            for h in e.history {
                if let from = h.from { w.byte(1); w.int(table.id(from.rawValue)) } else { w.byte(0) }
                w.int(table.id(h.to.rawValue))
                w.int(table.id(h.runID))
                if let error = h.error { w.byte(1); w.int(table.id(error)) } else { w.byte(0) }
            }
        }
        w.int(ledger.lines.count)
        for l in ledger.lines {
            w.int(l.sequence)
            w.int(table.id(l.kind.rawValue))
            w.signed(l.time)
            w.int(table.id(l.tenantID.rawValue))
            w.string(l.bookingID)
            w.string(l.eventID)
            w.int(table.id(l.currency))
            w.signed(l.rate.value)
            w.signed(l.gross)
            w.signed(l.commission)
            w.signed(l.refund)
            w.signed(l.commissionReversed)
        }
        var out = BinaryWriter(reserving: w.bytes.count + 32 * table.strings.count + 16)
        out.bytes.append(contentsOf: magic)
        out.varint(version)
        out.int(table.strings.count)
        for s in table.strings { out.string(s) }
        out.bytes.append(contentsOf: w.bytes)
        return out.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(Failure) -> Ledger {
        let result: Result<Ledger, BinaryReader.Failure> = bytes.withUnsafeBytes { raw in
            do throws(BinaryReader.Failure) { return .success(try decode(raw)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let ledger): return ledger
        case .failure(let f): throw Failure(offset: f.offset, reason: f.reason)
        }
    }

    static func decode(_ raw: UnsafeRawBufferPointer) throws(BinaryReader.Failure) -> Ledger {
        guard raw.starts(with: magic) else { throw BinaryReader.Failure(offset: 0, reason: "not a binary ledger (bad magic)") }
        var r = BinaryReader(raw, offset: magic.count)
        let v = try r.varint()
        guard v == version else { throw BinaryReader.Failure(offset: magic.count, reason: "unknown ledger format version \(v)") }
        let stringCount = try r.count()
        var strings: [String] = []
        strings.reserveCapacity(stringCount)
        for _ in 0..<stringCount { strings.append(try r.string()) }
        func s(_ r: inout BinaryReader) throws(BinaryReader.Failure) -> String {
            let at = r.offset
            let i = try r.int()
            guard i >= 0, i < strings.count else { throw BinaryReader.Failure(offset: at, reason: "string reference out of range") }
            return strings[i]
        }
        func optional(_ r: inout BinaryReader) throws(BinaryReader.Failure) -> String? {
            switch try r.byte() {
            case 0: return nil
            case 1: return try s(&r)
            default: throw BinaryReader.Failure(offset: r.offset - 1, reason: "invalid optional tag")
            }
        }
        func optionalInt(_ r: inout BinaryReader) throws(BinaryReader.Failure) -> Int64? {
            switch try r.byte() {
            case 0: return nil
            case 1: return try r.signed()
            default: throw BinaryReader.Failure(offset: r.offset - 1, reason: "invalid optional tag")
            }
        }
        func enumValue<T: RawRepresentable>(_ type: T.Type, _ r: inout BinaryReader) throws(BinaryReader.Failure) -> T where T.RawValue == String {
            let at = r.offset
            let text = try s(&r)
            guard let value = T(rawValue: text) else { throw BinaryReader.Failure(offset: at, reason: "unknown \(T.self) value") }
            return value
        }
        var ledger = Ledger()
        let bookingCount = try r.count()
        ledger.bookingsByID.reserveCapacity(bookingCount)
        ledger.bookingIDBySlot.reserveCapacity(bookingCount)
        ledger.bookingIDByPaymentIntent.reserveCapacity(bookingCount)
        for _ in 0..<bookingCount {
            let at = r.offset
            let id = try r.string()
            let tenant = TenantID(try s(&r))
            guard let date = CalendarDate(try s(&r)) else { throw BinaryReader.Failure(offset: at, reason: "invalid booking date") }
            let status = try enumValue(BookingStatus.self, &r)
            let total = try r.signed()
            let currency = try s(&r)
            let paidAt = try r.signed()
            let session = try r.string()
            let pi = try r.optionalString()
            let rate = BasisPoints(try r.signed())
            let commission = try r.signed()
            let refunded = try r.signed()
            let reversed = try r.signed()
            let refundStatus = try enumValue(RefundStatus.self, &r)
            let eventID = try r.string()
            let packageID = try optional(&r)
            let tierID = try optional(&r)
            var addOns: [String] = []
            for _ in 0..<(try r.count()) { addOns.append(try s(&r)) }
            let metaAmount = try optionalInt(&r)
            let metaRate = try optionalInt(&r).map(BasisPoints.init)
            var warnings: [BookingWarning] = []
            for _ in 0..<(try r.count()) { warnings.append(try enumValue(BookingWarning.self, &r)) }
            let booking = Booking(id: id, tenantID: tenant, date: date, status: status, total: total, currency: currency,
                                  paidAt: paidAt, checkoutSessionID: session, paymentIntentID: pi, rate: rate,
                                  commission: commission, refunded: refunded, reversed: reversed, refundStatus: refundStatus,
                                  eventID: eventID, packageID: packageID, tierID: tierID, addOnIDs: addOns,
                                  metadataCommissionAmount: metaAmount, metadataCommissionRate: metaRate, warnings: warnings)
            let slot = BookingSlot(tenantID: tenant, date: date)
            // One lookup per table: a duplicate is found by the insert itself.
            guard ledger.bookingsByID.updateValue(booking, forKey: id) == nil,
                  ledger.bookingIDBySlot.updateValue(id, forKey: slot) == nil else {
                throw BinaryReader.Failure(offset: at, reason: "a booking is not unique by id or (tenant, date)")
            }
            if let pi { ledger.bookingIDByPaymentIntent[pi] = id }
        }
        let eventCount = try r.count()
        ledger.eventsByID.reserveCapacity(eventCount)
        for _ in 0..<eventCount {
            let at = r.offset
            let eventID = try r.string()
            let type = try s(&r)
            let tenant = TenantID(try s(&r))
            let created = try r.signed()
            let status = try enumValue(EventStatus.self, &r)
            let lastError = try optional(&r)
            let attempts = try r.int()
            var history: [EventTransition] = []
            let historyCount = try r.count()
            history.reserveCapacity(historyCount)
            for _ in 0..<historyCount {
                let from: EventStatus?
                switch try r.byte() {
                case 0: from = nil
                case 1: from = try enumValue(EventStatus.self, &r)
                default: throw BinaryReader.Failure(offset: r.offset - 1, reason: "invalid optional tag")
                }
                let to = try enumValue(EventStatus.self, &r)
                let runID = try s(&r)
                history.append(EventTransition(from: from, to: to, runID: runID, error: try optional(&r)))
            }
            let state = EventState(eventID: eventID, type: type, tenantID: tenant, created: created, status: status,
                                   lastError: lastError, attempts: attempts, history: history)
            guard ledger.eventsByID.updateValue(state, forKey: eventID) == nil else {
                throw BinaryReader.Failure(offset: at, reason: "an event appears twice")
            }
        }
        let lineCount = try r.count()
        ledger.lines.reserveCapacity(lineCount)
        ledger.paymentLineByBooking.reserveCapacity(bookingCount)
        for _ in 0..<lineCount {
            let sequence = try r.int()
            let kind = try enumValue(LedgerLine.Kind.self, &r)
            let time = try r.signed()
            let tenant = TenantID(try s(&r))
            let bookingID = try r.string()
            let eventID = try r.string()
            let currency = try s(&r)
            let rate = BasisPoints(try r.signed())
            ledger.append(LedgerLine(sequence: sequence, kind: kind, time: time, tenantID: tenant, bookingID: bookingID,
                                     eventID: eventID, currency: currency, rate: rate, gross: try r.signed(),
                                     commission: try r.signed(), refund: try r.signed(), commissionReversed: try r.signed()))
        }
        guard r.atEnd else { throw BinaryReader.Failure(offset: r.offset, reason: "data after the end of the ledger") }
        return ledger
    }
}
