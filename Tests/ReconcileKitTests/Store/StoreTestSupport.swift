import Foundation
@testable import ReconcileKit

/// A fresh folder under the system temp directory, removed when the value goes away.
final class StoreTempDir {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "/reconcile-store-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    var storePath: String { path + "/state" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The store implementations the conformance suite runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case disk
    case memory

    var description: String { rawValue }

    func make(in dir: StoreTempDir) throws -> any StateStore {
        switch self {
        case .disk: try DiskStore.open(at: dir.storePath)
        case .memory: MemoryStore()
        }
    }

    /// What another process would see next: a fresh `DiskStore` on the same folder; the same
    /// `MemoryStore`.
    func reopen(_ store: any StateStore, in dir: StoreTempDir) throws -> any StateStore {
        switch self {
        case .disk: try DiskStore.open(at: dir.storePath)
        case .memory: store
        }
    }
}

/// A canonical record like the decoders produce.
func storeTestRecord(_ n: Int, tenant: String = "tnt_bella") -> StoreObject {
    let json = JSONValue.object([
        JSONMember("kind", .string("event")),
        JSONMember("id", .string("evt_\(n)")),
        JSONMember("tenantId", .string(tenant)),
        JSONMember("created", .int(1_767_225_600 + Int64(n))),
        JSONMember("type", .string("checkout.session.completed")),
    ])
    return StoreObject(bytes: CanonicalJSON.encode(json))
}

func storeTestTransaction(parent: ObjectID?, run: Int, records: [StoreObject], blobs: [String: [UInt8]] = [:]) -> StoreTransaction {
    StoreTransaction(
        parent: parent, runID: "run-\(run)", time: 1_767_225_600 + Int64(run) * 86_400,
        inputs: [RunInput(path: "inbox/run\(run).ndjson", sha256: ObjectID(digestOf: Array("input \(run)".utf8)), size: 100 + Int64(run))],
        records: records, blobs: blobs, counts: ["new": Int64(records.count), "duplicate": 0])
}

func fileBytes(_ path: String) -> [UInt8] {
    (try? StoreFiles.contents(of: path)) ?? []
}

func writeFileBytes(_ path: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

/// Flips every bit of the byte at `offset` in place (negative: from the end).
func flipByte(_ path: String, at offset: Int) {
    var bytes = fileBytes(path)
    let i = offset >= 0 ? offset : bytes.count + offset
    bytes[i] ^= 0xff
    writeFileBytes(path, bytes)
}

func truncateFile(_ path: String, dropping count: Int) {
    let bytes = fileBytes(path)
    writeFileBytes(path, Array(bytes.dropLast(count)))
}

/// Every file under `root`, relative, sorted.
func filesUnder(_ root: String) -> [String] {
    let e = FileManager.default.enumerator(atPath: root)
    var out: [String] = []
    while let name = e?.nextObject() as? String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDir), !isDir.boolValue { out.append(name) }
    }
    return out.sorted()
}
