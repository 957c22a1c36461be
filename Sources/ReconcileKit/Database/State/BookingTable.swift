/// The ledger's bookings (`bookings`), looked up in batches by each of their keys: `(tenant,
/// checkout session id)`, `(tenant, date)` and `(tenant, payment intent)`, all tenant-scoped, and by
/// the bare payment intent, the one lookup across tenants (a refund whose metadata names no tenant,
/// SPEC §4). The engine holds one booking per tenant and date, and per tenant and payment intent.
final class BookingTable {
    /// A tenant's calendar day: the key the engine keeps unique.
    struct DateKey: Hashable, Sendable {
        let tenantID: TenantID
        let date: CalendarDate

        init(_ tenantID: TenantID, _ date: CalendarDate) {
            self.tenantID = tenantID
            self.date = date
        }
    }

    private let byID: BatchStatement
    private let byDate: BatchStatement
    private let byPaymentIntent: BatchStatement
    private let byBarePaymentIntent: BatchStatement
    private let upsertBookings: BatchStatement

    let connection: any DatabaseConnection

    init(_ db: any DatabaseConnection) {
        connection = db
        func lookup(_ name: String, _ columns: [String]) -> BatchStatement {
            BatchStatement(db, name: name) { rows in
                BatchStatement.keyed(Booking.columns, from: "bookings", by: columns, rows: rows)
            }
        }
        byID = lookup("select bookings", ["tenant_id", "id"])
        byDate = lookup("select bookings by date", ["tenant_id", "date"])
        byPaymentIntent = lookup("select bookings by payment intent", ["tenant_id", "payment_intent_id"])
        byBarePaymentIntent = BatchStatement(db, name: "select bookings by bare payment intent") { rows in
            "SELECT \(Booking.columns) FROM bookings WHERE payment_intent_id IN (\(BatchStatement.list(rows)))"
        }
        // Every column but the keys is replaced (a booking's date and payment intent never change).
        let updates = Booking.columnNames.filter { $0 != "tenant_id" && $0 != "id" }.map { "\($0) = excluded.\($0)" }
            .joined(separator: ", ")
        upsertBookings = BatchStatement(db, name: "upsert bookings", maxRows: 64) { rows in
            """
            INSERT INTO bookings (\(Booking.columns)) VALUES \(BatchStatement.tuples(rows, width: Booking.columnNames.count))
            ON CONFLICT (tenant_id, id) DO UPDATE SET \(updates)
            """
        }
    }

    /// The stored bookings among `keys` (tenant, checkout session id).
    func load(_ keys: [ScopedID]) throws -> [ScopedID: Booking] {
        var found: [ScopedID: Booking] = [:]
        try byID.query(
            Array(Set(keys)),
            values: {
                $1.append($0.tenantID.databaseValue)
                $1.append(.text($0.id))
            }
        ) { row in
            let booking = try Booking(row: row)
            found[ScopedID(booking.tenantID, booking.id)] = booking
        }
        return found
    }

    /// The bookings holding each of `keys`' dates.
    func load(dates keys: [DateKey]) throws -> [DateKey: Booking] {
        var found: [DateKey: Booking] = [:]
        try byDate.query(
            Array(Set(keys)),
            values: {
                $1.append($0.tenantID.databaseValue)
                $1.append(.text($0.date.text))
            }
        ) { row in
            let booking = try Booking(row: row)
            found[DateKey(booking.tenantID, booking.date)] = booking
        }
        return found
    }

    /// The bookings paid by each of `keys` (tenant, payment intent).
    func load(paymentIntents keys: [ScopedID]) throws -> [ScopedID: Booking] {
        var found: [ScopedID: Booking] = [:]
        try byPaymentIntent.query(
            Array(Set(keys)),
            values: {
                $1.append($0.tenantID.databaseValue)
                $1.append(.text($0.id))
            }
        ) { row in
            let booking = try Booking(row: row)
            if let intent = booking.paymentIntentID { found[ScopedID(booking.tenantID, intent)] = booking }
        }
        return found
    }

    /// Every tenant's booking paid by each of `paymentIntents`, in tenant order (UTF-8 bytes); a
    /// payment intent no booking holds is absent.
    func load(barePaymentIntents paymentIntents: [String]) throws -> [String: [Booking]] {
        var found: [String: [Booking]] = [:]
        try byBarePaymentIntent.query(Array(Set(paymentIntents)), values: { $1.append(.text($0)) }) { row in
            let booking = try Booking(row: row)
            if let intent = booking.paymentIntentID { found[intent, default: []].append(booking) }
        }
        return found.mapValues { $0.sorted { $0.tenantID < $1.tenantID } }
    }

    /// Stores each booking, new or changed. A second booking of a tenant's date, or of a tenant's
    /// payment intent, is the engine's ``DatabaseError/Kind/uniqueViolation``. Of two values of one
    /// key, the later one given is stored.
    func upsert(_ bookings: [Booking]) throws {
        try upsertBookings.execute(bookings.lastOfEachKey { ScopedID($0.tenantID, $0.id) }) { booking, values in
            booking.appendValues(to: &values)
        }
    }
}
