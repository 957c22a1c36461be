/// The binary snapshot of a ``Ledger``, stored as the run's `ledger` blob: the same content as its
/// JSON form (bookings and events sorted by id, lines in order), written field by field without
/// Foundation's coders. The JSON form is still read.
///
/// ```
/// "RCLG" | version varint = 4
/// section lengths: bookings u64 | events u64 | lines u64        (bytes, little-endian)
/// bookings: count | booking*   events: count | event*   lines: count | line*
/// strings: count | string*                 tenant ids, currencies, run ids, errors — each once
/// ```
/// Field order is the order of the memberwise initialisers; optionals carry a 0/1 tag; enums are
/// their raw values; dates their `YYYY-MM-DD` text; other strings refer to the string table by
/// position. Bookings and events are sorted by tenant, then id (every key is tenant-scoped). A
/// line's event tenant follows its event id: 0 when it is the line's own tenant, else 1 and a
/// string reference. The section lengths let the three sections decode side by side (a million
/// events: seconds each). Version 3 (no event tenant on lines: always the line's own) and version 2
/// (`"RCLG" | 2 | strings | bookings | events | lines`, no lengths either) are still read.
public enum LedgerCodec {
    static let magic: [UInt8] = Array("RCLG".utf8)
    static let version: UInt64 = 4
    /// The first version with section lengths, without event tenants on lines, still read.
    static let sectioned: UInt64 = 3
    /// The first version, without section lengths, that is still read.
    static let unsectioned: UInt64 = 2

    public struct Failure: Error, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "ledger snapshot: \(reason) at byte \(offset)" }
    }

    public static func isBinary(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    public static func encode(_ ledger: Ledger) -> [UInt8] {
        var table = StringTable()
        // One buffer: the section lengths are patched in once known, the string table follows the
        // sections (a million events: no second copy of a 175 MB snapshot while it is assembled).
        var w = BinaryWriter(reserving: ledger.bookingsByID.count * 160 + ledger.eventsByID.count * 96 + ledger.lines.count * 96)
        func optionalInt(_ v: Int64?) { if let v { w.byte(1); w.signed(v) } else { w.byte(0) } }
        w.bytes.append(contentsOf: magic)
        w.varint(version)
        let lengthsAt = w.bytes.count
        w.bytes.append(contentsOf: [UInt8](repeating: 0, count: 3 * 8))
        var sectionStart = w.bytes.count
        func endSection(_ n: Int) {
            w.patchUInt64(UInt64(w.bytes.count - sectionStart), at: lengthsAt + 8 * n)
            sectionStart = w.bytes.count
        }
        // The positions sorted by id, then each value read in place: sorting the values themselves
        // moved and copied whole bookings and event states, and sorting the ids then looking each
        // up hashed them all again (most of the encode time at a million events).
        // Fields with few values go through a memo each (``StringTable/id(_:memo:)``).
        var memo = (bookingStatus: StringTable.Memo(), bookingCurrency: StringTable.Memo(), refundStatus: StringTable.Memo(),
                    eventType: StringTable.Memo(), eventStatus: StringTable.Memo(), historyFrom: StringTable.Memo(),
                    historyTo: StringTable.Memo(), historyRunID: StringTable.Memo(), lineKind: StringTable.Memo(),
                    lineCurrency: StringTable.Memo())
        let bookings = ledger.bookingsByID.values
        w.int(bookings.count)
        for i in ScopedID.order(bookings.map(\.key)) {
            let b = bookings[i]
            w.string(b.id)
            w.int(table.id(b.tenantID.rawValue))
            w.int(table.id(b.date.description))
            w.int(table.id(b.status.rawValue, memo: &memo.bookingStatus))
            w.signed(b.total)
            w.int(table.id(b.currency, memo: &memo.bookingCurrency))
            w.signed(b.paidAt)
            w.string(b.checkoutSessionID)
            w.optionalString(b.paymentIntentID)
            w.signed(b.rate.value)
            w.signed(b.commission)
            w.signed(b.refunded)
            w.signed(b.reversed)
            w.int(table.id(b.refundStatus.rawValue, memo: &memo.refundStatus))
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
        endSection(0)
        let events = ledger.eventsByID.values
        w.int(events.count)
        for i in ScopedID.order(events.map(\.key)) {
            let e = events[i]
            w.string(e.eventID)
            w.int(table.id(e.type, memo: &memo.eventType))
            w.int(table.id(e.tenantID.rawValue))
            w.signed(e.created)
            w.int(table.id(e.status.rawValue, memo: &memo.eventStatus))
            if let error = e.lastError { w.byte(1); w.int(table.id(error)) } else { w.byte(0) }
            w.int(e.attempts)
            w.int(e.history.count)
            for h in e.history {
                if let from = h.from { w.byte(1); w.int(table.id(from.rawValue, memo: &memo.historyFrom)) } else { w.byte(0) }
                w.int(table.id(h.to.rawValue, memo: &memo.historyTo))
                w.int(table.id(h.runID, memo: &memo.historyRunID))
                if let error = h.error { w.byte(1); w.int(table.id(error)) } else { w.byte(0) }
            }
        }
        endSection(1)
        w.int(ledger.lines.count)
        for l in ledger.lines {
            w.int(l.sequence)
            w.int(table.id(l.kind.rawValue, memo: &memo.lineKind))
            w.signed(l.time)
            w.int(table.id(l.tenantID.rawValue))
            w.string(l.bookingID)
            w.string(l.eventID)
            if l.eventTenantID == l.tenantID { w.byte(0) } else { w.byte(1); w.int(table.id(l.eventTenantID.rawValue)) }
            w.int(table.id(l.currency, memo: &memo.lineCurrency))
            w.signed(l.rate.value)
            w.signed(l.gross)
            w.signed(l.commission)
            w.signed(l.refund)
            w.signed(l.commissionReversed)
        }
        endSection(2)
        w.int(table.strings.count)
        for s in table.strings { w.string(s) }
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(Failure) -> Ledger {
        do throws(BinaryReader.Failure) {
            let header = try reading(bytes, from: 0, to: bytes.count) { (r) throws(BinaryReader.Failure) in try Header(&r) }
            let strings = header.strings
            guard let sections = header.sections else {
                // Version 2: one section after the other.
                return try reading(bytes, from: header.end, to: bytes.count) { (r) throws(BinaryReader.Failure) in
                    var ledger = Ledger()
                    try decodeBookings(&r, strings, into: &ledger)
                    try decodeEvents(&r, strings, into: &ledger)
                    try decodeLines(&r, strings, into: &ledger, eventTenants: false)
                    ledger.indexLines()
                    ledger.assignEventTenantsOfOlderLines()
                    guard r.atEnd else { throw BinaryReader.Failure(offset: r.offset, reason: "data after the end of the ledger") }
                    return ledger
                }
            }
            // Version 3: the bookings and the events on their own threads, the lines on this one.
            func section(_ i: Int, _ decodeSection: @escaping Section) -> () throws -> Ledger {
                { () throws -> Ledger in
                    try reading(bytes, from: sections[i].lowerBound, to: sections[i].upperBound) { (r) throws(BinaryReader.Failure) in
                        var ledger = Ledger()
                        try decodeSection(&r, strings, &ledger)
                        guard r.atEnd else { throw BinaryReader.Failure(offset: r.offset, reason: "data after the end of a ledger section") }
                        return ledger
                    }
                }
            }
            let bookings = BackgroundWork(section(0, decodeBookings))
            let events = BackgroundWork(section(1, decodeEvents))
            let eventTenants = header.version >= version
            let lines = Result(catching: section(2, { (r, strings, ledger) throws(BinaryReader.Failure) in
                try decodeLines(&r, strings, into: &ledger, eventTenants: eventTenants)
            }))
            var ledger = try sectionResult { try bookings.wait() }
            ledger.lines = try sectionResult { try lines.get() }.lines
            // The line tables name bookings by position: built here, with the bookings decoded,
            // while the events may still be decoding.
            ledger.indexLines()
            ledger.eventsByID = try sectionResult { try events.wait() }.eventsByID
            if !eventTenants { ledger.assignEventTenantsOfOlderLines() }
            return ledger
        } catch {
            throw Failure(offset: error.offset, reason: error.reason)
        }
    }

    typealias Section = (inout BinaryReader, [String], inout Ledger) throws(BinaryReader.Failure) -> Void

    /// The string table and, from version 3, where each section lies (version 2: the sections follow
    /// the table, from `end` on).
    struct Header {
        var strings: [String] = []
        var sections: [Range<Int>]?
        var version: UInt64
        var end: Int

        init(_ r: inout BinaryReader) throws(BinaryReader.Failure) {
            guard r.bytes.starts(with: magic) else { throw BinaryReader.Failure(offset: 0, reason: "not a binary ledger (bad magic)") }
            r.offset = magic.count
            let v = try r.varint()
            guard v == LedgerCodec.version || v == sectioned || v == unsectioned else {
                throw BinaryReader.Failure(offset: magic.count, reason: "unknown ledger format version \(v)")
            }
            version = v
            if v != unsectioned {
                let at = r.offset
                let lengths = [try r.uint64(), try r.uint64(), try r.uint64()]
                guard lengths.allSatisfy({ $0 <= UInt64(r.bytes.count - r.offset) }),
                      lengths.reduce(0, +) <= UInt64(r.bytes.count - r.offset) else {
                    throw BinaryReader.Failure(offset: at, reason: "section lengths exceed the data")
                }
                var start = r.offset
                sections = lengths.map { length in
                    defer { start += Int(length) }
                    return start..<(start + Int(length))
                }
                r.offset = start  // the string table follows the sections
            }
            let stringCount = try r.count()
            strings.reserveCapacity(stringCount)
            for _ in 0..<stringCount { strings.append(try r.string()) }
            if sections != nil, !r.atEnd { throw BinaryReader.Failure(offset: r.offset, reason: "data after the end of the ledger") }
            end = r.offset
        }
    }

    /// `body` on a reader of `bytes[..<end]` that starts at `start` (offsets stay absolute).
    static func reading<T>(_ bytes: [UInt8], from start: Int, to end: Int,
                           _ body: (inout BinaryReader) throws(BinaryReader.Failure) -> T) throws(BinaryReader.Failure) -> T {
        let result: Result<T, BinaryReader.Failure> = bytes.withUnsafeBytes { raw in
            var r = BinaryReader(UnsafeRawBufferPointer(rebasing: raw[..<end]), offset: start)
            do throws(BinaryReader.Failure) { return .success(try body(&r)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// A section's result; its failure as the reader reported it.
    private static func sectionResult(_ body: () throws -> Ledger) throws(BinaryReader.Failure) -> Ledger {
        do { return try body() } catch let failure as BinaryReader.Failure { throw failure } catch {
            throw BinaryReader.Failure(offset: 0, reason: "\(error)")
        }
    }

    static func decodeBookings(_ r: inout BinaryReader, _ strings: [String], into ledger: inout Ledger) throws(BinaryReader.Failure) {
        let bookingCount = try r.count()
        ledger.bookingsByID.reserveCapacity(bookingCount)
        ledger.bookingBySlot.reserveCapacity(bookingCount)
        ledger.bookingByPaymentIntent.reserveCapacity(bookingCount)
        ledger.paymentLineOfBooking.reserveCapacity(bookingCount)
        for _ in 0..<bookingCount {
            let at = r.offset
            let id = try r.string()
            let tenant = TenantID(try r.shared(strings))
            guard let date = CalendarDate(try r.shared(strings)) else { throw BinaryReader.Failure(offset: at, reason: "invalid booking date") }
            let status = try r.sharedEnum(BookingStatus.self, strings)
            let total = try r.signed()
            let currency = try r.shared(strings)
            let paidAt = try r.signed()
            let session = try r.string()
            let pi = try r.optionalString()
            let rate = BasisPoints(try r.signed())
            let commission = try r.signed()
            let refunded = try r.signed()
            let reversed = try r.signed()
            let refundStatus = try r.sharedEnum(RefundStatus.self, strings)
            let eventID = try r.string()
            let packageID = try r.optionalShared(strings)
            let tierID = try r.optionalShared(strings)
            var addOns: [String] = []
            for _ in 0..<(try r.count()) { addOns.append(try r.shared(strings)) }
            let metaAmount = try r.optionalSigned()
            let metaRate = try r.optionalSigned().map(BasisPoints.init)
            var warnings: [BookingWarning] = []
            for _ in 0..<(try r.count()) { warnings.append(try r.sharedEnum(BookingWarning.self, strings)) }
            let booking = Booking(id: id, tenantID: tenant, date: date, status: status, total: total, currency: currency,
                                  paidAt: paidAt, checkoutSessionID: session, paymentIntentID: pi, rate: rate,
                                  commission: commission, refunded: refunded, reversed: reversed, refundStatus: refundStatus,
                                  eventID: eventID, packageID: packageID, tierID: tierID, addOnIDs: addOns,
                                  metadataCommissionAmount: metaAmount, metadataCommissionRate: metaRate, warnings: warnings)
            let slot = BookingSlot(tenantID: tenant, date: date)
            // One hash per table: the probes that test uniqueness are where the booking goes.
            let idProbe = ledger.bookingsByID.probe(ScopedID(tenant, id))
            let slotProbe = ledger.probe(slot)
            guard case .absent = idProbe, case .absent = slotProbe else {
                throw BinaryReader.Failure(offset: at, reason: "a booking is not unique by id or (tenant, date)")
            }
            ledger.insert(newBooking: booking, id: idProbe, slot: slotProbe,
                          paymentIntent: pi.map { ledger.probe(tenant: tenant, paymentIntent: $0) })
        }
    }

    static func decodeEvents(_ r: inout BinaryReader, _ strings: [String], into ledger: inout Ledger) throws(BinaryReader.Failure) {
        let eventCount = try r.count()
        ledger.eventsByID.reserveCapacity(eventCount)
        for _ in 0..<eventCount {
            let at = r.offset
            let eventID = try r.string()
            let type = try r.shared(strings)
            let tenant = TenantID(try r.shared(strings))
            let created = try r.signed()
            let status = try r.sharedEnum(EventStatus.self, strings)
            let lastError = try r.optionalShared(strings)
            let attempts = try r.int()
            var history: [EventTransition] = []
            let historyCount = try r.count()
            history.reserveCapacity(historyCount)
            for _ in 0..<historyCount {
                let from: EventStatus?
                switch try r.byte() {
                case 0: from = nil
                case 1: from = try r.sharedEnum(EventStatus.self, strings)
                default: throw BinaryReader.Failure(offset: r.offset - 1, reason: "invalid optional tag")
                }
                let to = try r.sharedEnum(EventStatus.self, strings)
                let runID = try r.shared(strings)
                history.append(EventTransition(from: from, to: to, runID: runID, error: try r.optionalShared(strings)))
            }
            let state = EventState(eventID: eventID, type: type, tenantID: tenant, created: created, status: status,
                                   lastError: lastError, attempts: attempts, history: history)
            guard ledger.eventsByID.updateValue(state, forKey: state.key) == nil else {
                throw BinaryReader.Failure(offset: at, reason: "an event appears twice")
            }
        }
    }

    /// `eventTenants`: whether each line carries its event's tenant (version 4 on).
    static func decodeLines(_ r: inout BinaryReader, _ strings: [String], into ledger: inout Ledger,
                            eventTenants: Bool) throws(BinaryReader.Failure) {
        let lineCount = try r.count()
        ledger.lines.reserveCapacity(lineCount)
        for _ in 0..<lineCount {
            let sequence = try r.int()
            let kind = try r.sharedEnum(LedgerLine.Kind.self, strings)
            let time = try r.signed()
            let tenant = TenantID(try r.shared(strings))
            let bookingID = try r.string()
            let eventID = try r.string()
            let eventTenant = eventTenants ? try r.optionalShared(strings).map(TenantID.init) : nil
            let currency = try r.shared(strings)
            let rate = BasisPoints(try r.signed())
            // Only the lines: ``Ledger/indexLines()`` indexes them once the bookings are decoded.
            ledger.lines.append(LedgerLine(sequence: sequence, kind: kind, time: time, tenantID: tenant, bookingID: bookingID,
                                     eventID: eventID, eventTenantID: eventTenant, currency: currency, rate: rate, gross: try r.signed(),
                                     commission: try r.signed(), refund: try r.signed(), commissionReversed: try r.signed()))
        }
    }
}

/// Reads of the ledger's string-table references.
private extension BinaryReader {
    mutating func shared(_ strings: [String]) throws(Failure) -> String {
        let at = offset
        let i = try int()
        guard i >= 0, i < strings.count else { throw Failure(offset: at, reason: "string reference out of range") }
        return strings[i]
    }

    mutating func optionalShared(_ strings: [String]) throws(Failure) -> String? {
        switch try byte() {
        case 0: return nil
        case 1: return try shared(strings)
        default: throw Failure(offset: offset - 1, reason: "invalid optional tag")
        }
    }

    mutating func optionalSigned() throws(Failure) -> Int64? {
        switch try byte() {
        case 0: return nil
        case 1: return try signed()
        default: throw Failure(offset: offset - 1, reason: "invalid optional tag")
        }
    }

    mutating func sharedEnum<T: RawRepresentable>(_ type: T.Type, _ strings: [String]) throws(Failure) -> T where T.RawValue == String {
        let at = offset
        guard let value = T(rawValue: try shared(strings)) else { throw Failure(offset: at, reason: "unknown \(T.self) value") }
        return value
    }
}
