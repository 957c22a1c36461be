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

func fileBytes(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { Array($0) } ?? []
}

func writeFileBytes(_ path: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}
