/// The keys and ingested files an index gained or changed since it was loaded.
struct RecordIndexChanges: Sendable {
    /// An index that was never loaded (it started empty) has changed whole: nothing is tracked,
    /// which spares a first run a set of every key it admits.
    var whole = true
    var keys: Set<RecordKey> = []
    var files: Set<ObjectID> = []

    mutating func insert(_ key: RecordKey) { if !whole { keys.insert(key) } }
    mutating func insert(file sha256: ObjectID) { if !whole { files.insert(sha256) } }
}

extension RecordIndex {
    /// The keys of one kind that changed since the index was loaded.
    func changedKeys(of kind: RecordKind) -> [RecordKey] {
        guard !changes.whole else {
            return kind == .event ? entries.keys.filter { $0.kind == .event } : nonEventKeys.filter { $0.kind == kind }
        }
        return changes.keys.filter { $0.kind == kind }
    }

    /// Every key that changed since the index was loaded.
    var changedKeys: [RecordKey] { changes.whole ? Array(entries.keys) : Array(changes.keys) }

    /// The hashes of the files ingested since the index was loaded.
    var changedFiles: [ObjectID] { changes.whole ? Array(files.keys) : Array(changes.files) }

    /// Forgets the changes: from here the index equals what the database holds.
    mutating func markStored() {
        changes = RecordIndexChanges(whole: false)
    }
}

extension RecordIndex {
    /// Forgets the sightings of every key but `keeping`, once they are stored: a first run holds
    /// one for every record it admitted. Only whether a new event was seen through list exports
    /// alone (``IndexEntry/backfilled``) is asked of them after that.
    mutating func forgetSightings(except keeping: Set<RecordKey>) {
        var i = entries.startIndex
        while i != entries.endIndex {
            if !keeping.contains(entries.keys[i]) { entries.values[i].sightings = [] }
            entries.formIndex(after: &i)
        }
    }
}
