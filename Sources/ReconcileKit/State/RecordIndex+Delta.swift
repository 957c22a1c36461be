/// The keys and ingested files an index gained or changed since it was loaded.
struct RecordIndexChanges: Sendable {
    /// An index that was never loaded (it started empty) has changed whole: nothing is tracked,
    /// which spares a first run a set of every key it admits (a million at 1M events).
    var whole = true
    var keys: Set<RecordKey> = []
    var files: Set<String> = []

    mutating func insert(_ key: RecordKey) { if !whole { keys.insert(key) } }
    mutating func insert(file sha256: String) { if !whole { files.insert(sha256) } }
}

extension RecordIndex {
    /// How many entries and files changed since the index was loaded.
    public var changeCount: Int {
        changes.whole ? entries.count + files.count : changes.keys.count + changes.files.count
    }

    /// The keys of one kind that changed since the index was loaded.
    func changedKeys(of kind: RecordKind) -> [RecordKey] {
        guard !changes.whole else { return kind == .event ? Array(entries.keys) : nonEventKeys.filter { $0.kind == kind } }
        return changes.keys.filter { $0.kind == kind }
    }

    /// What changed since the index was loaded, as an index of its own: the changed entries whole
    /// and the newly ingested files. ``merge(_:)`` of it into the index as loaded gives this index
    /// back; the store keeps it as a snapshot delta so a night's commit costs what the night saw.
    public var delta: RecordIndex {
        if changes.whole { return RecordIndex(entries: entries, files: files, nonEventKeys: nonEventKeys) }
        var d = RecordIndex()
        for key in changes.keys { d.set(entries[key]!, for: key) }
        for sha in changes.files { d.files[sha] = files[sha]! }
        return d
    }

    /// Applies a ``delta``: its entries replace those with the same key, its files are added.
    public mutating func merge(_ delta: RecordIndex) {
        entries.reserveCapacity(entries.count + delta.entries.count)
        for (key, entry) in delta.entries { set(entry, for: key) }
        for (sha, file) in delta.files { files[sha] = file }
    }

    /// Forgets the changes: from here the index equals what the store holds.
    public mutating func markStored() {
        changes = RecordIndexChanges(whole: false)
    }
}
