import Foundation
import Testing

/// Compares produced bytes with a golden file in `Fixtures/golden/`; with `RECONCILE_RECORD_GOLDEN=1`
/// it rewrites the golden file in the source tree instead (review the diff before committing).
func expectGolden(_ name: String, equals produced: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let source = repositoryRoot + "/Tests/ReconcileKitTests/Fixtures/golden/" + name
    if ProcessInfo.processInfo.environment["RECONCILE_RECORD_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(
            atPath: (source as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(produced).write(to: URL(fileURLWithPath: source), options: .atomic)
        return
    }
    let expected = try #require(
        FileManager.default.contents(atPath: source),
        "golden file \(name) is missing: run with RECONCILE_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
    // Compared as text when it is text, so a failure shows a readable difference.
    let text = String(decoding: produced, as: UTF8.self)
    let goldenText = String(decoding: expected, as: UTF8.self)
    let message: Comment =
        "\(name) differs from its golden file; re-record with RECONCILE_RECORD_GOLDEN=1 if the change is intended"
    if text != goldenText {
        #expect(text == goldenText, message, sourceLocation: sourceLocation)
    } else {
        #expect(produced == Array(expected), message, sourceLocation: sourceLocation)
    }
}

func expectGolden(_ name: String, equals produced: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try expectGolden(name, equals: Array(produced.utf8), sourceLocation: sourceLocation)
}
