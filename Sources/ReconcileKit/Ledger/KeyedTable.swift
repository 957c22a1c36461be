/// A value that carries its own tenant-scoped id (the key it is stored under in a ``KeyedTable``).
protocol Keyed: Equatable, Sendable {
    var key: ScopedID { get }
}

extension Booking: Keyed { var key: ScopedID { ScopedID(tenantID, id) } }
extension EventState: Keyed { var key: ScopedID { ScopedID(tenantID, eventID) } }

/// Values by tenant-scoped id: the values side by side in one array, in the order they were first set,
/// and a ``PositionIndex`` from id to position. A million bookings or event states take one dense
/// array and a table of 8-byte slots, instead of a hash table of whole values three-quarters full;
/// their pages are written in order when a snapshot is decoded instead of at random.
/// Nothing is ever removed from a ledger, so neither is anything from this table; a position,
/// once given, names the same id for good (the ledger's other tables refer to bookings by it).
struct KeyedTable<Value: Keyed>: Equatable, Sendable, Sequence {
    /// The values, in the order their ids were first set.
    private(set) var values: [Value] = []
    private var index = PositionIndex()

    var count: Int { values.count }
    var keys: [ScopedID] { values.map(\.key) }

    subscript(key: ScopedID) -> Value? {
        position(of: key).map { values[$0] }
    }

    /// The value at a position of ``values``, changed in place (its key must stay the same).
    subscript(position position: Int) -> Value {
        get { values[position] }
        _modify { yield &values[position] }
    }

    /// Where the value of `key` is in ``values``.
    func position(of key: ScopedID) -> Int? { position(of: HashedKey(key)) }

    func position(of key: HashedKey<ScopedID>) -> Int? {
        if case .found(let position, _) = probe(key) { return position }
        return nil
    }

    subscript(key: HashedKey<ScopedID>) -> Value? {
        position(of: key).map { values[$0] }
    }

    /// Adds a value whose key the table does not hold; returns its position.
    @discardableResult
    mutating func insert(new value: consuming Value, key: HashedKey<ScopedID>) -> Int {
        assert(value.key == key.key, "a value is stored under its own key")
        return insert(value, at: probe(key))
    }

    private func probe(_ key: HashedKey<ScopedID>) -> PositionIndex.Probe {
        index.probe(hash: key.hash) { values[$0].key == key.key }
    }

    @discardableResult
    private mutating func insert(_ value: consuming Value, at probe: PositionIndex.Probe) -> Int {
        guard case .absent = probe else { preconditionFailure("a key is already in the table") }
        let position = values.count
        index.set(position, at: probe)
        values.append(value)
        return position
    }

    /// Sets the value of `key` (the value's own key); returns the value it replaces, if any.
    @discardableResult
    mutating func updateValue(_ value: Value, forKey key: ScopedID) -> Value? {
        assert(value.key == key, "a value is stored under its own key")
        let place = probe(HashedKey(key))
        switch place {
        case .found(let position, _):
            let replaced = values[position]
            values[position] = value
            return replaced
        case .absent:
            insert(value, at: place)
            return nil
        }
    }

    mutating func reserveCapacity(_ capacity: Int) {
        values.reserveCapacity(capacity)
        index.reserveCapacity(capacity)
    }

    /// The same ids with equal values, whatever order they were set in.
    static func == (a: KeyedTable, b: KeyedTable) -> Bool {
        a.count == b.count && a.values.allSatisfy { b[$0.key] == $0 }
    }

    /// The ids and values, in the order of ``values``.
    func makeIterator() -> some IteratorProtocol<(key: ScopedID, value: Value)> {
        values.lazy.map { (key: $0.key, value: $0) }.makeIterator()
    }
}
