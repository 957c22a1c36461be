import Foundation
import Testing

@testable import ReconcileKit

/// Reads a fixture file shipped with the tests (`Fixtures/<path>`).
func fixtureBytes(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    let url = try #require(
        Bundle.module.url(forResource: "Fixtures/" + path, withExtension: nil), "missing fixture \(path)",
        sourceLocation: sourceLocation)
    return Array(try Data(contentsOf: url))
}

/// A fresh temporary folder per test, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("reconcile-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8], modified: Date? = nil) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        if let modified { try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: full) }
        return full
    }

    func write(_ relative: String, _ text: String, modified: Date? = nil) throws {
        try write(relative, Array(text.utf8), modified: modified)
    }
}
