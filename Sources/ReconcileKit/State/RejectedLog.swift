/// Every record rejected inside a good file, over all runs, as the store keeps it: where it was
/// (file, line or byte offset), why, the object holding its raw bytes, the key those bytes name,
/// and the accepted record that later replaced it. Stored in the `rejections` table
/// (docs/store-format.md).
public struct RejectedLog: Equatable, Sendable {
    /// The accepted record that arrived, after the rejection, with the rejected record's key.
    public struct Replacement: Equatable, Sendable {
        public var objectID: ObjectID
        public var runID: String
        public var path: String
        public var location: Location
    }

    public struct Entry: Equatable, Sendable {
        public var runID: String
        public var path: String
        public var fileSHA256: String
        public var location: Location
        public var reason: String
        /// SHA-256 of the raw bytes, which the store holds; nil when they were not kept.
        public var objectID: ObjectID?
        public var key: RecordKey?
        public var replacedBy: Replacement?
    }

    /// In the order the rejections were seen: run after run, scan order within a run.
    public private(set) var entries: [Entry] = []
    /// Entries not replaced yet, by key.
    private var open: [RecordKey: [Int]] = [:]
    /// The raw objects the entries name.
    private var objects: Set<ObjectID> = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var objectIDs: Set<ObjectID> { objects }

    /// Adds a rejection; true when its raw bytes are not stored yet (the caller stores them).
    @discardableResult
    public mutating func add(_ entry: Entry) -> Bool {
        var entry = entry
        entry.replacedBy = nil
        if let key = entry.key { open[key, default: []].append(entries.count) }
        entries.append(entry)
        guard let id = entry.objectID else { return false }
        return objects.insert(id).inserted
    }

    /// Marks the open rejections of `key` replaced by an accepted record; returns them.
    public mutating func replace(_ key: RecordKey, by replacement: Replacement) -> [Entry] {
        guard !open.isEmpty, let waiting = open.removeValue(forKey: key) else { return [] }
        for i in waiting { entries[i].replacedBy = replacement }
        return waiting.map { entries[$0] }
    }

    /// The entries whose raw bytes name `key`.
    public func entries(for key: RecordKey) -> [Entry] {
        entries.filter { $0.key == key }
    }
}
