/// Every record rejected inside a good file, over all runs, as the store keeps it: where it was
/// (file, line or byte offset), why, the object holding its raw bytes, the key those bytes name,
/// and the accepted record that later replaced it. One canonical JSON blob, `rejected`, named by
/// each root once a rejection has been seen (docs/store-format.md).
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

    // MARK: The blob

    public static let typeTag = "rejected"

    public var canonicalBytes: [UInt8] {
        func location(_ l: Location) -> [JSONMember] {
            [JSONMember("byteOffset", .int(Int64(l.byteOffset))), JSONMember("line", l.line.map { .int(Int64($0)) } ?? .null)]
        }
        let list: [JSONValue] = entries.map { e in
            var members = location(e.location) + [
                JSONMember("file", .string(e.path)),
                JSONMember("fileSha256", .string(e.fileSHA256)),
                JSONMember("object", e.objectID.map { .string($0.hex) } ?? .null),
                JSONMember("reason", .string(e.reason)),
                JSONMember("runId", .string(e.runID)),
                JSONMember("key", e.key.map { k in
                    .object([JSONMember("id", .string(k.id)), JSONMember("kind", .string(k.kind.rawValue)), JSONMember("tenantId", .string(k.tenantID))])
                } ?? .null),
            ]
            members.append(JSONMember("replacedBy", e.replacedBy.map { r in
                .object(location(r.location) + [JSONMember("file", .string(r.path)), JSONMember("object", .string(r.objectID.hex)),
                                                JSONMember("runId", .string(r.runID))])
            } ?? .null))
            return .object(members)
        }
        return CanonicalJSON.encode(.object([JSONMember("type", .string(Self.typeTag)), JSONMember("entries", .array(list))]))
    }

    public init(parsing bytes: [UInt8]) throws(RootFormatError) {
        let value: JSONValue
        do { value = try JSONParser().parse(bytes) } catch {
            throw RootFormatError(reason: "rejected records: not JSON (\(error.reason) at byte \(error.offset))")
        }
        guard value["type"]?.stringValue == Self.typeTag, let list = value["entries"]?.arrayValue else {
            throw RootFormatError(reason: "rejected records: not a list of type \"rejected\"")
        }
        func location(_ v: JSONValue) -> Location? {
            guard let offset = v["byteOffset"]?.intValue else { return nil }
            switch v["line"] {
            case .int(let line)?: return Location(line: Int(line), byteOffset: Int(offset))
            case .null?: return Location(line: nil, byteOffset: Int(offset))
            default: return nil
            }
        }
        func objectID(_ v: JSONValue?) -> ObjectID?? {
            switch v {
            case .null?: return .some(nil)
            case .string(let hex)?: return ObjectID(hex: hex).map { .some($0) }
            default: return nil
            }
        }
        for (i, v) in list.enumerated() {
            let bad = RootFormatError(reason: "rejected records: entry \(i) is malformed")
            guard let runID = v["runId"]?.stringValue, let path = v["file"]?.stringValue, let sha = v["fileSha256"]?.stringValue,
                  let at = location(v), let reason = v["reason"]?.stringValue, let object = objectID(v["object"]) else { throw bad }
            var key: RecordKey? = nil
            switch v["key"] {
            case .null?: break
            case let k?:
                guard let kind = k["kind"]?.stringValue.flatMap(RecordKind.init(rawValue:)), let tenant = k["tenantId"]?.stringValue,
                      let id = k["id"]?.stringValue else { throw bad }
                key = RecordKey(kind: kind, tenantID: TenantID(tenant), id: id)
            case nil: throw bad
            }
            var replacement: Replacement? = nil
            switch v["replacedBy"] {
            case .null?: break
            case let r?:
                guard let id = r["object"]?.stringValue.flatMap(ObjectID.init(hex:)), let run = r["runId"]?.stringValue,
                      let file = r["file"]?.stringValue, let where_ = location(r) else { throw bad }
                replacement = Replacement(objectID: id, runID: run, path: file, location: where_)
            case nil: throw bad
            }
            add(Entry(runID: runID, path: path, fileSHA256: sha, location: at, reason: reason, objectID: object, key: key))
            if let replacement, let key {
                entries[entries.count - 1].replacedBy = replacement
                open[key]?.removeLast()
                if open[key]?.isEmpty == true { open[key] = nil }
            }
        }
    }
}
