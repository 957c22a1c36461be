/// The bookings, event states and append-only lines derived from accepted events (SPEC §4).
/// A pure value: the caller persists it as a snapshot (``Codable``; the encoded form lists
/// bookings and events sorted by id, so equal ledgers encode to equal bytes with sorted keys).
struct Ledger: Equatable, Sendable {
    /// Every table is keyed within a tenant (SPEC §4): bookings by (tenant, checkout session id),
    /// events by (tenant, event id).
    var bookingsByID = KeyedTable<Booking>()
    /// The derived tables (rebuilt on decode) name a booking by its position in
    /// ``bookingsByID``'s values, not by its id: a lookup is one hash of the key, and an entry is
    /// a word that needs no reference counting. By (tenant, date), and by payment intent: hashed
    /// by the payment intent alone, so that the one lookup that may cross tenants (a refund that
    /// names none, ``bookingPositions(unscopedPaymentIntent:)``) walks one chain; every other
    /// lookup matches the tenant too.
    var bookingBySlot = PositionIndex()
    var bookingByPaymentIntent = PositionIndex()
    var eventsByID = KeyedTable<EventState>()
    var lines: [LedgerLine] = []
    /// Per booking position, the position in `lines` of its payment line (-1: none yet); and the
    /// later lines of a booking — refunds, or a second payment the invariants would report. Two
    /// tables, so the bookings without a refund, nearly all of them, hold no array each.
    var paymentLineOfBooking: [Int32] = []
    var laterLinesOfBooking: [Int32: [Int]] = [:]
    /// What changed since the ledger was loaded (``Ledger/delta``); not part of its value.
    var changes = LedgerChanges()
    /// The highest line sequence the database held when this ledger was loaded from it: a night's
    /// ledger holds only the lines of the bookings it touches, and its new lines number on from
    /// the whole ledger's last one. Not part of its value.
    var storedLastSequence = 0

    /// The sequence the next appended line takes.
    var nextLineSequence: Int { max(storedLastSequence, lines.last?.sequence ?? 0) + 1 }

    init() {}

    static func == (a: Ledger, b: Ledger) -> Bool {
        a.bookingsByID == b.bookingsByID && a.eventsByID == b.eventsByID && a.lines == b.lines
    }

    /// All bookings, sorted by tenant, then id.
    var bookings: [Booking] { bookingsByID.values.sorted { ScopedID.precedes($0.key, $1.key) } }

    var bookingCount: Int { bookingsByID.count }

    /// All event states, sorted by tenant, then event id.
    var eventStates: [EventState] {
        eventsByID.values.sorted { ScopedID.precedes($0.key, $1.key) }
    }

    /// The booking of a tenant's checkout session.
    func booking(_ key: ScopedID) -> Booking? { bookingsByID[key] }

    func booking(tenant: TenantID, date: CalendarDate) -> Booking? {
        bookingPosition(tenant: tenant, date: date).map { bookingsByID.values[$0] }
    }

    func booking(tenant: TenantID, paymentIntent: String) -> Booking? {
        bookingPosition(tenant: tenant, paymentIntent: paymentIntent).map { bookingsByID.values[$0] }
    }

    func eventState(_ key: ScopedID) -> EventState? { eventsByID[key] }

    /// Where a booking is in ``bookingsByID``'s values: by id, by payment intent, by tenant and date.
    /// (The lookups behind ``booking(tenant:date:)`` and ``booking(tenant:paymentIntent:)`` too.)
    func bookingPosition(_ key: ScopedID) -> Int? { bookingsByID.position(of: key) }

    func bookingPosition(tenant: TenantID, paymentIntent: String) -> Int? {
        bookingPosition(tenant: tenant, paymentIntent: HashedKey(paymentIntent))
    }

    func bookingPosition(tenant: TenantID, paymentIntent: HashedKey<String>) -> Int? {
        if case .found(let position, _) = probe(tenant: tenant, paymentIntent: paymentIntent) { return position }
        return nil
    }

    /// The bookings of every tenant that hold `paymentIntent`, in position order: how a refund
    /// whose metadata names no tenant finds its booking (SPEC §4: only when exactly one tenant
    /// holds it).
    func bookingPositions(unscopedPaymentIntent paymentIntent: String) -> [Int] {
        let bookings = bookingsByID.values
        var found: [Int] = []
        _ = bookingByPaymentIntent.probe(hash: paymentIntent.hashValue) {
            if bookings[$0].paymentIntentID == paymentIntent { found.append($0) }
            return false
        }
        return found.sorted()
    }

    func bookingPosition(tenant: TenantID, date: CalendarDate) -> Int? {
        bookingPosition(HashedKey(BookingSlot(tenantID: tenant, date: date)))
    }

    func bookingPosition(_ slot: HashedKey<BookingSlot>) -> Int? {
        if case .found(let position, _) = probe(slot) { return position }
        return nil
    }

    func bookingPosition(_ key: HashedKey<ScopedID>) -> Int? { bookingsByID.position(of: key) }

    private func probe(_ slot: HashedKey<BookingSlot>) -> PositionIndex.Probe {
        let bookings = bookingsByID.values
        return bookingBySlot.probe(hash: slot.hash) {
            bookings[$0].date == slot.key.date && bookings[$0].tenantID == slot.key.tenantID
        }
    }

    private func probe(tenant: TenantID, paymentIntent: HashedKey<String>) -> PositionIndex.Probe {
        let bookings = bookingsByID.values
        return bookingByPaymentIntent.probe(hash: paymentIntent.hash) {
            bookings[$0].paymentIntentID == paymentIntent.key && bookings[$0].tenantID == tenant
        }
    }

    /// FAILED events, in the `(created, id, tenant)` order `retry` should take them in.
    var failedEvents: [EventState] {
        eventsByID.values.filter { $0.status == .failed }.sorted {
            if $0.created != $1.created { return $0.created < $1.created }
            return $0.eventID != $1.eventID ? $0.eventID.utf8Precedes($1.eventID) : $0.tenantID < $1.tenantID
        }
    }

    /// The lines of one booking, in ledger order.
    func lines(ofBooking key: ScopedID) -> [LedgerLine] {
        guard let booking = bookingsByID.position(of: key) else { return [] }
        let payment = Int(paymentLineOfBooking[booking])
        var positions = payment < 0 ? [] : [payment]
        positions += laterLinesOfBooking[Int32(booking)] ?? []
        return positions.sorted().map { lines[$0] }
    }

    /// Makes room for `count` more event states at once, so applying a backfill of a million events
    /// does not grow that table twenty times. (Bookings are not reserved: reserving them for every
    /// checkout made the apply a little faster and the peak much higher.)
    mutating func reserveCapacity(forNewEvents count: Int) {
        eventsByID.reserveCapacity(eventsByID.count + count)
        if !changes.whole { changes.eventIDs.reserveCapacity(changes.eventIDs.count + count) }
    }

    /// Adds a booking whose id and (tenant, date) the ledger does not hold yet; returns its
    /// position. Its payment intent names it from now on. (Not recorded in ``changes``: the apply
    /// records what it changes.)
    @discardableResult
    mutating func insert(newBooking booking: Booking) -> Int {
        insert(newBooking: booking, keys: NewBookingKeys(booking))
    }

    /// ``insert(newBooking:)`` with the keys the apply's uniqueness tests hashed.
    @discardableResult
    mutating func insert(newBooking booking: consuming Booking, keys: NewBookingKeys) -> Int {
        let slot = probe(keys.slot)
        guard case .absent = slot else { preconditionFailure("a booking takes a (tenant, date) already booked") }
        let intent = keys.paymentIntent.map { probe(tenant: keys.id.key.tenantID, paymentIntent: $0) }
        let position = bookingsByID.insert(new: booking, key: keys.id)
        bookingBySlot.set(position, at: slot)
        if let intent { bookingByPaymentIntent.set(position, at: intent) }
        paymentLineOfBooking.append(-1)
        return position
    }

    /// Replaces a booking in place, with the same id, (tenant, date) and payment intent.
    mutating func replaceBooking(at position: Int, with booking: Booking) {
        bookingsByID[position: position] = booking
    }

    mutating func set(_ state: EventState) {
        eventsByID.updateValue(state, forKey: state.key)
        changes.insert(event: state.key)
    }

    /// Appends a line of the booking at `booking` (a position of ``bookingsByID``).
    mutating func append(booking: Int, _ line: LedgerLine) {
        index(line.kind, at: lines.count, booking: booking)
        lines.append(line)
    }

    /// Appends a line, its booking looked up by id; a line of a booking the ledger does not hold is
    /// kept but indexed nowhere (``invariantViolations()`` names it).
    mutating func append(_ line: LedgerLine) {
        if let booking = bookingsByID.position(of: line.bookingKey) {
            index(line.kind, at: lines.count, booking: booking)
        }
        lines.append(line)
    }

    /// Rebuilds the line tables from `lines` and the bookings (a decoded snapshot).
    mutating func indexLines() {
        paymentLineOfBooking = Array(repeating: -1, count: bookingsByID.count)
        laterLinesOfBooking = [:]
        for (i, line) in lines.enumerated() {
            if let booking = bookingsByID.position(of: line.bookingKey) { index(line.kind, at: i, booking: booking) }
        }
    }

    private mutating func index(_ kind: LedgerLine.Kind, at line: Int, booking: Int) {
        if kind == .payment && paymentLineOfBooking[booking] < 0 {
            paymentLineOfBooking[booking] = Int32(line)
        } else {
            laterLinesOfBooking[Int32(booking), default: []].append(line)
        }
    }
}

/// The keys a new booking takes, each hashed once: its id, its (tenant, date) and its payment
/// intent. The apply tests each is free, then inserts the booking under them.
struct NewBookingKeys {
    let id: HashedKey<ScopedID>
    let slot: HashedKey<BookingSlot>
    let paymentIntent: HashedKey<String>?

    init(tenant: TenantID, id: String, date: CalendarDate, paymentIntent: String?) {
        self.id = HashedKey(ScopedID(tenant, id))
        slot = HashedKey(BookingSlot(tenantID: tenant, date: date))
        self.paymentIntent = paymentIntent.map(HashedKey.init)
    }

    init(_ booking: Booking) {
        self.init(tenant: booking.tenantID, id: booking.id, date: booking.date, paymentIntent: booking.paymentIntentID)
    }
}

/// One tenant's calendar date: at most one booking holds it.
struct BookingSlot: Hashable, Sendable {
    let tenantID: TenantID
    let date: CalendarDate
}
