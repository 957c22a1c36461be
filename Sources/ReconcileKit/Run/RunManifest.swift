/// What a run's row in the run log says about it (SPEC §7): its id, mode, as-of time, every input
/// file it read (path, SHA-256, size) and its counts, as canonical JSON. With the parent's root
/// and the digest of the night's changes it makes the run's root, the link of the hash chain an
/// auditor verifies (``RunRecord``).
struct RunManifest: Equatable, Sendable {
    var runID: String
    var mode: String
    var asOf: Int64
    var inputs: [RunInput]
    var counts: [String: Int64]

    init(runID: String, mode: String, asOf: Int64, inputs: [RunInput], counts: [String: Int64]) {
        self.runID = runID
        self.mode = mode
        self.asOf = asOf
        self.inputs = inputs
        self.counts = counts
    }

    var canonicalBytes: [UInt8] {
        CanonicalJSON.encode(
            .object([
                "asOf": .int(asOf),
                "counts": .object(counts.keys.sorted().map { JSONMember($0, .int(counts[$0]!)) }),
                "inputs": .array(
                    inputs.map {
                        .object(["path": .string($0.path), "sha256": .string($0.sha256.hex), "size": .int($0.size)])
                    }),
                "mode": .string(mode),
                "runId": .string(runID),
            ]))
    }

    /// Reads a manifest back (`log`, `status`); nil when the bytes are not one.
    init?(parsing bytes: [UInt8]) {
        guard let json = try? JSONParser().parse(bytes), let runID = json["runId"]?.stringValue,
            let mode = json["mode"]?.stringValue,
            let asOf = json["asOf"]?.intValue
        else { return nil }
        var inputs: [RunInput] = []
        for input in json["inputs"]?.arrayValue ?? [] {
            guard let path = input["path"]?.stringValue,
                let sha = input["sha256"]?.stringValue.flatMap({ ObjectID(hex: $0) }),
                let size = input["size"]?.intValue
            else { return nil }
            inputs.append(RunInput(path: path, sha256: sha, size: size))
        }
        var counts: [String: Int64] = [:]
        let members: [JSONMember]
        if case .object(let m)? = json["counts"] { members = m } else { members = [] }
        for member in members {
            guard let n = member.value.intValue else { return nil }
            counts[member.key] = n
        }
        self.init(runID: runID, mode: mode, asOf: asOf, inputs: inputs, counts: counts)
    }
}

/// An input file a run read.
struct RunInput: Equatable, Sendable {
    var path: String
    var sha256: ObjectID
    var size: Int64

    init(path: String, sha256: ObjectID, size: Int64) {
        self.path = path
        self.sha256 = sha256
        self.size = size
    }
}

/// The digest of what a night changed, the third part of its root: the SHA-256 of one canonical
/// JSON array per line, each followed by a line feed — first every record the night stored
/// (`[tenant, kind, id, outcome, object]`, in admission order), then every ledger line it added
/// (`[sequence, tenant, kind, booking, event tenant, event, gross, commission, refund, reversed]`).
/// Streamed into the hash, the lines a chunk at a time as they are applied: a night's cost, and
/// nothing held but one line.
struct ChangesDigest {
    private var digest = StreamingDigest()
    private var line: [UInt8] = []

    /// Starts with the night's records. `latest` gives the object in force of each key it is asked
    /// about (a chunk of the night's keys at a time), as the night left it.
    init(admitted: SpillList<AdmittedRecord>, latest: ([RecordKey]) throws -> [RecordKey: ObjectID]) rethrows {
        try admitted.forEachChunk { chunk in
            let objects = try latest(chunk.filter { $0.outcome != .duplicate }.map(\.key))
            for a in chunk where a.outcome != .duplicate {
                add(
                    .array([
                        .string(a.key.tenantID.rawValue), .string(a.key.kind.rawValue), .string(a.key.id),
                        .string(a.outcome.rawValue),
                        .string(objects[a.key]?.hex ?? ""),
                    ]))
            }
        }
    }

    /// Adds ledger lines that follow those added before, in sequence order.
    mutating func add(_ lines: some Sequence<LedgerLine>) {
        for l in lines {
            add(
                .array([
                    .int(Int64(l.sequence)), .string(l.tenantID.rawValue), .string(l.kind.rawValue),
                    .string(l.bookingID),
                    .string(l.eventTenantID.rawValue), .string(l.eventID), .int(l.gross), .int(l.commission),
                    .int(l.refund), .int(l.commissionReversed),
                ]))
        }
    }

    /// The digest of everything added.
    func finalize() -> ObjectID { digest.finalize() }

    private mutating func add(_ value: JSONValue) {
        line.removeAll(keepingCapacity: true)
        CanonicalJSON.write(value, to: &line)
        line.append(UInt8(ascii: "\n"))
        digest.update(line)
    }
}
