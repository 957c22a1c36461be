/// The exceptions of a ``RunReport``, stored compactly: one row of integers per exception, and
/// every text in one byte buffer, a repeated text (kind, tenant, currency, detail sentence) once.
/// A million rows hold no reference-counted field, so they are rendered on several threads and
/// freed without a retain or release per row. ``subscript(_:)`` gives a row back as
/// the ``ReconciliationException`` it stores.
struct ExceptionTable: Sendable, Equatable {
    /// Texts are indexes into ``ends``; -1 is nil.
    struct Row {
        let kind: Int32
        let tenant: Int32
        let bookingRef: Int32
        let eventID: Int32
        let currency: Int32
        /// The currency as the CSV and Markdown print it (upper case), -1 when there is none.
        let currencyCode: Int32
        let detail: Int32
        let expectedCents: Cents?
        let actualCents: Cents?
        /// The typed references and the bank credit's facts, -1 when absent.
        var ledgerBooking: Int32 = -1
        var platformBooking: Int32 = -1
        var bankEntry: Int32 = -1
        var source: Int32 = -1
        var bankDate: Int32 = -1
        var bankReference: Int32 = -1
        var bankAccount: Int32 = -1
        /// Open-item aging: the day the item was first seen (days since 1970-01-01,
        /// -1 unknown) and what it is since the last run.
        var firstSeenDay: Int32 = -1
        var since: Since = .open

        var differenceCents: Cents? {
            guard let e = expectedCents, let a = actualCents else { return nil }
            return a - e
        }
    }

    /// What an exception is since the last run.
    enum Since: UInt8, Sendable {
        case open, new, changed

        var text: String { self == .open ? "open" : self == .new ? "new" : "changed" }
    }

    /// In the order appended, until ``sortInReportOrder()``; only the aging is set later.
    var rows: [Row] = []

    /// Sets the aging of row `i`.
    mutating func setAging(_ i: Int, firstSeenDay: Int32, since: Since) {
        rows[i].firstSeenDay = firstSeenDay
        rows[i].since = since
    }
    /// The UTF-8 of the texts, back to back.
    private var bytes: [UInt8] = []
    /// Where each text ends in ``bytes``; it starts where the one before ends.
    private var ends: [Int] = []
    /// Repeated texts, by their exact bytes.
    private var interned: [ExactText: Int32] = [:]
    /// The last kind, tenant and currency appended: rows usually come grouped by them.
    private var lastKind = LastText(), lastTenant = LastText(), lastCurrency = LastText()
    /// The upper-case code of each currency text.
    private var codes: [Int32: Int32] = [:]

    init() {}

    init(_ exceptions: some Sequence<ReconciliationException>) {
        for e in exceptions { append(e) }
    }

    mutating func append(_ e: ReconciliationException) {
        append(
            kind: e.kind.rawValue, tenant: e.tenantID, bookingRef: e.bookingRef, eventID: e.eventID,
            currency: e.currency, expectedCents: e.expected, actualCents: e.actual, detail: e.detail,
            sides: Sides(
                ledgerBooking: e.bookingID, platformBooking: e.platformBookingID, bankEntry: e.bankEntryID,
                source: e.source?.rawValue, bankDate: e.bankBookingDate, bankReference: e.bankReference,
                bankAccount: e.bankAccount))
    }

    /// Puts the rows, with their aging, in ``ReconciliationException/reportOrder(_:_:)``, stably,
    /// reading each back as its exception: for a table given out of order, which the night's is not.
    mutating func sortInReportOrder() {
        if let order = exceptions.stableOrder(by: ReconciliationException.reportOrder) { rows.permute(to: order) }
    }

    var count: Int { rows.count }

    mutating func reserveCapacity(_ n: Int) { rows.reserveCapacity(n) }

    private mutating func append(
        kind: String, tenant: TenantID, bookingRef: String?, eventID: String?, currency: String?,
        expectedCents: Cents?, actualCents: Cents?, detail: String, sides: Sides = Sides()
    ) {
        let kindIndex = lastKind.index(of: kind) ?? intern(kind)
        let tenantIndex = lastTenant.index(of: tenant.rawValue) ?? intern(tenant.rawValue)
        let currencyIndex = if let currency { lastCurrency.index(of: currency) ?? intern(currency) } else { Int32(-1) }
        // Replaced only when they change: a retain and a release per row and field otherwise.
        if lastKind.index != kindIndex { lastKind = LastText(text: kind, index: kindIndex) }
        if lastTenant.index != tenantIndex { lastTenant = LastText(text: tenant.rawValue, index: tenantIndex) }
        if let currency, lastCurrency.index != currencyIndex {
            lastCurrency = LastText(text: currency, index: currencyIndex)
        }
        let bookingRefIndex = if let bookingRef { store(bookingRef) } else { Int32(-1) }
        let eventIndex = if let eventID { store(eventID) } else { Int32(-1) }
        var row = Row(
            kind: kindIndex, tenant: tenantIndex, bookingRef: bookingRefIndex, eventID: eventIndex,
            currency: currencyIndex, currencyCode: code(currencyIndex), detail: intern(detail),
            expectedCents: expectedCents, actualCents: actualCents)
        if !sides.isEmpty {
            func stored(_ s: String?) -> Int32 { s.map { store($0) } ?? -1 }
            row.ledgerBooking = stored(sides.ledgerBooking)
            row.platformBooking = stored(sides.platformBooking)
            row.bankEntry = stored(sides.bankEntry)
            row.source = sides.source.map { intern($0) } ?? -1
            row.bankDate = stored(sides.bankDate)
            row.bankReference = stored(sides.bankReference)
            row.bankAccount = sides.bankAccount.map { intern($0) } ?? -1
        }
        rows.append(row)
    }

    /// The typed references of a row and its bank credit's facts.
    private struct Sides {
        var ledgerBooking: String? = nil
        var platformBooking: String? = nil
        var bankEntry: String? = nil
        var source: String? = nil
        var bankDate: String? = nil
        var bankReference: String? = nil
        var bankAccount: String? = nil

        var isEmpty: Bool {
            ledgerBooking == nil && platformBooking == nil && bankEntry == nil && source == nil && bankDate == nil
                && bankReference == nil && bankAccount == nil
        }
    }

    /// Row `i` as the exception it stores.
    subscript(_ i: Int) -> ReconciliationException {
        let r = rows[i]
        var e = ReconciliationException(
            kind: ExceptionKind(rawValue: text(r.kind)!)!, source: text(r.source).flatMap { .init(rawValue: $0) },
            tenantID: TenantID(text(r.tenant)!), bookingID: text(r.ledgerBooking),
            platformBookingID: text(r.platformBooking),
            bankEntryIDs: text(r.bankEntry).map { [$0] } ?? [], bookingRef: .some(text(r.bookingRef)),
            eventID: text(r.eventID), expected: r.expectedCents, actual: r.actualCents, currency: text(r.currency),
            detail: text(r.detail)!)
        e.bankBookingDate = text(r.bankDate)
        e.bankReference = text(r.bankReference)
        e.bankAccount = text(r.bankAccount)
        return e
    }

    /// Every row as the exception it stores.
    var exceptions: [ReconciliationException] { rows.indices.map { self[$0] } }

    func text(_ index: Int32) -> String? {
        index < 0 ? nil : String(decoding: bytes[Self.span(Int(index), ends)], as: UTF8.self)
    }

    static func == (a: ExceptionTable, b: ExceptionTable) -> Bool { a.count == b.count && a.exceptions == b.exceptions }

    /// Number of rows per kind.
    var countsByKind: [(kind: ExceptionKind, count: Int)] {
        var counts: [Int32: Int] = [:]
        for i in rows.indices { counts[rows[i].kind, default: 0] += 1 }
        return counts.map { (ExceptionKind(rawValue: text($0.key)!)!, $0.value) }
    }

    /// Calls `body` with a view of the rows and texts that reads them in place.
    func withView<R>(_ body: (View) -> R) -> R {
        rows.withUnsafeBufferPointer { rows in
            bytes.withUnsafeBufferPointer { bytes in
                ends.withUnsafeBufferPointer { ends in body(View(rows: rows, bytes: bytes, ends: ends)) }
            }
        }
    }

    struct View {
        let rows: UnsafeBufferPointer<Row>
        let bytes: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<Int>

        /// The UTF-8 of a text, nil for -1.
        @inline(__always)
        func text(_ index: Int32) -> UnsafeBufferPointer<UInt8>? {
            guard index >= 0 else { return nil }
            return UnsafeBufferPointer(rebasing: bytes[ExceptionTable.span(Int(index), ends)])
        }
    }

    /// A text stored once per distinct value.
    private mutating func intern(_ s: String) -> Int32 {
        let key = ExactText(s)
        if let index = interned[key] { return index }
        let index = store(s)
        interned[key] = index
        return index
    }

    /// A text interned last, for the next row, which usually repeats it.
    private struct LastText {
        var text: String? = nil
        var index: Int32 = -1

        func index(of s: String) -> Int32? {
            guard let text, ExactText.sameBytes(text, s) else { return nil }
            return index
        }
    }

    private mutating func store(_ s: String) -> Int32 {
        precondition(ends.count < Int32.max, "too many texts for one exception table")
        bytes.append(contentsOf: s.utf8)
        ends.append(bytes.count)
        return Int32(ends.count - 1)
    }

    /// Where text `i` lies in the bytes.
    @inline(__always)
    static func span<Ends: RandomAccessCollection<Int>>(_ i: Int, _ ends: Ends) -> Range<Int> where Ends.Index == Int {
        (i == 0 ? 0 : ends[i - 1])..<ends[i]
    }

    private mutating func code(_ currency: Int32) -> Int32 {
        guard currency >= 0 else { return -1 }
        if let code = codes[currency] { return code }
        let code = intern(OutboxFormat.currencyCode(text(currency)!))
        codes[currency] = code
        return code
    }
}

/// A string compared and hashed by its UTF-8 bytes, so texts that Unicode calls equal but that
/// are written differently stay apart (the report prints each as given).
struct ExactText: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    static func sameBytes(_ a: String, _ b: String) -> Bool { a.utf8Compare(b) == 0 }

    static func == (a: ExactText, b: ExactText) -> Bool { sameBytes(a.string, b.string) }

    func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
