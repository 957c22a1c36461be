/// Every record rejected inside a good file, over all runs, as the store keeps it: where it was
/// (file, line or byte offset), why, the object holding its raw bytes, the key those bytes name,
/// and the accepted record that later replaced it. Stored in the `rejections` table
/// (docs/store-format.md).
struct RejectedLog: Equatable, Sendable {
    /// The accepted record that arrived, after the rejection, with the rejected record's key.
    struct Replacement: Equatable, Sendable {
        var objectID: ObjectID
        var runID: String
        var path: String
        var location: Location
    }

    struct Entry: Equatable, Sendable {
        var runID: String
        var path: String
        var fileSHA256: ObjectID
        var location: Location
        var reason: String
        /// SHA-256 of the raw bytes, which the store holds; nil when they were not kept.
        var objectID: ObjectID?
        var key: RecordKey?
        var replacedBy: Replacement?
    }

    /// In the order the rejections were seen: run after run, scan order within a run.
    private(set) var entries: [Entry] = []
    /// Entries not replaced yet, by key.
    private var open: [RecordKey: [Int]] = [:]
    /// The raw objects the entries name.
    private var objects: Set<ObjectID> = []

    init() {}

    var isEmpty: Bool { entries.isEmpty }
    var objectIDs: Set<ObjectID> { objects }

    /// Adds a rejection; true when its raw bytes are not stored yet (the caller stores them).
    @discardableResult
    mutating func add(_ entry: Entry) -> Bool {
        var entry = entry
        entry.replacedBy = nil
        if let key = entry.key { open[key, default: []].append(entries.count) }
        entries.append(entry)
        guard let id = entry.objectID else { return false }
        return objects.insert(id).inserted
    }

    /// Marks the open rejections of `key` replaced by an accepted record; returns them.
    mutating func replace(_ key: RecordKey, by replacement: Replacement) -> [Entry] {
        guard !open.isEmpty, let waiting = open.removeValue(forKey: key) else { return [] }
        for i in waiting { entries[i].replacedBy = replacement }
        return waiting.map { entries[$0] }
    }

    /// The entries whose raw bytes name `key`.
    func entries(for key: RecordKey) -> [Entry] {
        entries.filter { $0.key == key }
    }
}
