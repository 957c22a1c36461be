/// The keys and ingested files an index gained or changed since it was loaded.
struct RecordIndexChanges: Sendable {
    var keys: Set<RecordKey> = []
    var files: Set<String> = []
}

extension RecordIndex {
    /// How many entries and files changed since the index was loaded.
    public var changeCount: Int { changes.keys.count + changes.files.count }

    /// What changed since the index was loaded, as an index of its own: the changed entries whole
    /// and the newly ingested files. ``merge(_:)`` of it into the index as loaded gives this index
    /// back; the store keeps it as a snapshot delta so a night's commit costs what the night saw.
    public var delta: RecordIndex {
        var d = RecordIndex()
        for key in changes.keys { d.entries[key] = entries[key]! }
        for sha in changes.files { d.files[sha] = files[sha]! }
        return d
    }

    /// Applies a ``delta``: its entries replace those with the same key, its files are added.
    public mutating func merge(_ delta: RecordIndex) {
        entries.reserveCapacity(entries.count + delta.entries.count)
        for (key, entry) in delta.entries { entries[key] = entry }
        for (sha, file) in delta.files { files[sha] = file }
    }

    /// Forgets the changes: from here the index equals what the store holds.
    public mutating func markStored() {
        changes = RecordIndexChanges()
    }
}
