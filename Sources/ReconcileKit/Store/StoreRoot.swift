/// One input file of a run, as the root records it: the auditor can re-hash the inbox against it.
public struct RunInput: Equatable, Sendable {
    public var path: String
    public var sha256: ObjectID
    public var size: Int64

    public init(path: String, sha256: ObjectID, size: Int64) {
        self.path = path
        self.sha256 = sha256
        self.size = size
    }
}

/// A commit of the store: what one run added, and the root before it. Stored as a canonical JSON
/// loose object; its object id is what `HEAD` names, so the run log is a hash chain.
///
/// ```json
/// {"blobs":{"index":"<id>","ledger":"<id>"},"counts":{"new":12},"inputs":[{"path":"a.json",
///  "sha256":"<id>","size":123}],"packs":["<pack id>"],"parent":"<id>"|null,"runId":"…",
///  "time":1767225600,"type":"root"}
/// ```
public struct StoreRoot: Equatable, Sendable {
    /// The previous root, nil for the first run.
    public var parent: ObjectID?
    public var runID: String
    /// Unix seconds.
    public var time: Int64
    public var inputs: [RunInput]
    /// The packs this run added (ids of `packs/<id>.pack`).
    public var packs: [ObjectID]
    /// Named loose objects, e.g. "index", "ledger", "summary".
    public var blobs: [String: ObjectID]
    public var counts: [String: Int64]

    public init(parent: ObjectID?, runID: String, time: Int64, inputs: [RunInput] = [],
                packs: [ObjectID] = [], blobs: [String: ObjectID] = [:], counts: [String: Int64] = [:]) {
        self.parent = parent
        self.runID = runID
        self.time = time
        self.inputs = inputs
        self.packs = packs
        self.blobs = blobs
        self.counts = counts
    }

    public static let typeTag = "root"

    public var json: JSONValue {
        .object([
            JSONMember("type", .string(Self.typeTag)),
            JSONMember("parent", parent.map { .string($0.hex) } ?? .null),
            JSONMember("runId", .string(runID)),
            JSONMember("time", .int(time)),
            JSONMember("inputs", .array(inputs.map { input in
                .object([
                    JSONMember("path", .string(input.path)),
                    JSONMember("sha256", .string(input.sha256.hex)),
                    JSONMember("size", .int(input.size)),
                ])
            })),
            JSONMember("packs", .array(packs.map { .string($0.hex) })),
            JSONMember("blobs", .object(blobs.map { JSONMember($0.key, .string($0.value.hex)) })),
            JSONMember("counts", .object(counts.map { JSONMember($0.key, .int($0.value)) })),
        ])
    }

    public var canonicalBytes: [UInt8] { CanonicalJSON.encode(json) }

    /// Parses a root's canonical bytes; the failure says which member is wrong.
    public init(parsing bytes: [UInt8]) throws(RootFormatError) {
        let value: JSONValue
        do { value = try JSONParser().parse(bytes) } catch {
            throw RootFormatError(reason: "not JSON (\(error.reason) at byte \(error.offset))")
        }
        guard case .object = value else { throw RootFormatError(reason: "not a JSON object") }
        guard value["type"]?.stringValue == Self.typeTag else { throw RootFormatError(reason: "member 'type' is not \"root\"") }

        switch value["parent"] {
        case .some(.null): parent = nil
        case .some(.string(let s)):
            guard let id = ObjectID(hex: s) else { throw RootFormatError(reason: "member 'parent' is not an object id") }
            parent = id
        default: throw RootFormatError(reason: "member 'parent' is missing or not a string")
        }
        guard let runID = value["runId"]?.stringValue else { throw RootFormatError(reason: "member 'runId' is missing or not a string") }
        self.runID = runID
        guard let time = value["time"]?.intValue else { throw RootFormatError(reason: "member 'time' is missing or not an integer") }
        self.time = time

        guard let inputValues = value["inputs"]?.arrayValue else { throw RootFormatError(reason: "member 'inputs' is missing or not an array") }
        inputs = []
        for (i, v) in inputValues.enumerated() {
            guard let path = v["path"]?.stringValue, let hash = v["sha256"]?.stringValue.flatMap({ ObjectID(hex: $0) }),
                  let size = v["size"]?.intValue else {
                throw RootFormatError(reason: "member 'inputs[\(i)]' needs path, sha256 and size")
            }
            inputs.append(RunInput(path: path, sha256: hash, size: size))
        }

        guard let packValues = value["packs"]?.arrayValue else { throw RootFormatError(reason: "member 'packs' is missing or not an array") }
        packs = []
        for (i, v) in packValues.enumerated() {
            guard let id = v.stringValue.flatMap({ ObjectID(hex: $0) }) else { throw RootFormatError(reason: "member 'packs[\(i)]' is not a pack id") }
            packs.append(id)
        }

        guard case .object(let blobMembers) = value["blobs"] else { throw RootFormatError(reason: "member 'blobs' is missing or not an object") }
        blobs = [:]
        for m in blobMembers {
            guard let id = m.value.stringValue.flatMap({ ObjectID(hex: $0) }) else { throw RootFormatError(reason: "member 'blobs.\(m.key)' is not an object id") }
            blobs[m.key] = id
        }

        guard case .object(let countMembers) = value["counts"] else { throw RootFormatError(reason: "member 'counts' is missing or not an object") }
        counts = [:]
        for m in countMembers {
            guard let n = m.value.intValue else { throw RootFormatError(reason: "member 'counts.\(m.key)' is not an integer") }
            counts[m.key] = n
        }
    }
}

public struct RootFormatError: Error, Equatable, Sendable {
    public let reason: String
}

/// One entry of the run log: a root and its id.
public struct LogEntry: Equatable, Sendable {
    public let id: ObjectID
    public let root: StoreRoot
}
