import Foundation
import Testing

/// Runs the built `reconcile` executable as a child process, as a scheduler would.
struct ReconcileBinary {
    struct Result {
        let status: Int32
        /// Set when the process was killed by a signal (e.g. 9 for SIGKILL).
        let signal: Int32?
        let stdout: String
        let stderr: String
    }

    static var path: String {
        // The test bundle's resources sit next to the products: .build/<config>/
        let products = Bundle.module.bundleURL.deletingLastPathComponent()
        return products.appendingPathComponent("reconcile").path
    }

    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "RECONCILE_CRASH_AT")
        env.removeValue(forKey: "RECONCILE_STATE")  // a test names its state; a developer's own stays out
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let signal: Int32? = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return Result(
            status: process.terminationStatus, signal: signal,
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A working folder holding a copy of the sample inbox (or another fixture inbox), an outbox and a
/// state store, as `reconcile` with no arguments expects them.
final class Workspace {
    let directory: TemporaryDirectory
    var path: String { directory.path }

    init(sampleInbox: Bool = true) throws {
        directory = try TemporaryDirectory()
        if sampleInbox { try copySampleInbox(to: path + "/inbox") }
    }

    func run(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> ReconcileBinary.Result {
        try ReconcileBinary.run(arguments, in: path, environment: environment)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    /// Every file under a folder, relative path → bytes, for comparing two outboxes.
    func tree(_ relative: String) throws -> [String: Data] {
        let root = path + "/" + relative
        var result: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return result }
        for case let name as String in walker {
            var isDir: ObjCBool = false
            let full = root + "/" + name
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                result[name] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return result
    }
}

/// The repository's sample inbox (`inbox/`), found from this source file's location.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

func copySampleInbox(to destination: String) throws {
    try FileManager.default.copyItem(atPath: repositoryRoot + "/inbox", toPath: destination)
    // Files copied now are "being written" for --settle; give them the sample's fixed time instead.
    let old = Date(timeIntervalSince1970: 1_793_491_200)
    if let walker = FileManager.default.enumerator(atPath: destination) {
        for case let name as String in walker {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: destination + "/" + name)
        }
    }
}
