/// Values by string id: the values side by side in one array, in the order they were first set,
/// and a hash table from id to position. A million bookings or event states take one dense array
/// and a table of small entries, instead of a hash table of whole values three-quarters full;
/// their pages are written in order when a snapshot is decoded instead of at random (issue 6:
/// decoding a ledger was mostly page faults; a cold 1M run's RSS after the apply went from 2,501
/// to 2,323 MiB).
/// Nothing is ever removed from a ledger, so neither is anything from this table.
struct KeyedTable<Value: Equatable & Sendable>: Equatable, Sendable, Sequence {
    /// The values, in the order their ids were first set.
    private(set) var values: [Value] = []
    private var positions: [String: Int] = [:]

    var count: Int { values.count }
    var keys: Dictionary<String, Int>.Keys { positions.keys }

    subscript(key: String) -> Value? {
        positions[key].map { values[$0] }
    }

    /// Where the value of `key` is in ``values``.
    func position(of key: String) -> Int? { positions[key] }

    /// Sets the value of `key`; returns the value it replaces, if any. A new id takes one lookup.
    @discardableResult
    mutating func updateValue(_ value: Value, forKey key: String) -> Value? {
        guard let position = positions.updateValue(values.count, forKey: key) else {
            values.append(value)
            return nil
        }
        positions[key] = position  // the id keeps its place; its value changes there
        let replaced = values[position]
        values[position] = value
        return replaced
    }

    mutating func reserveCapacity(_ capacity: Int) {
        values.reserveCapacity(capacity)
        positions.reserveCapacity(capacity)
    }

    /// The same ids with equal values, whatever order they were set in.
    static func == (a: KeyedTable, b: KeyedTable) -> Bool {
        a.count == b.count && a.positions.allSatisfy { b[$0.key] == a.values[$0.value] }
    }

    func makeIterator() -> some IteratorProtocol<(key: String, value: Value)> {
        positions.lazy.map { (key: $0.key, value: values[$0.value]) }.makeIterator()
    }
}
