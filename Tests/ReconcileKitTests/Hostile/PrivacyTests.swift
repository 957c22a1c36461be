import Foundation
import Testing

@testable import ReconcileKit

/// Privacy: customer emails and names from the inputs never reach a log line, an error, a
/// `lastError`, a run report or an exception list. The inputs are the sample inbox plus the whole
/// nasty-input corpus (quarantined and rejected files make the most diagnostics).
@Suite struct PrivacyTests {
    static let asOf = ["--as-of", "2026-11-01T00:00:00Z"]

    /// Keys whose string values are customer data wherever they appear.
    static let personalKeys: Set<String> = ["email", "customer_email", "receipt_email", "coupleName"]
    /// Objects whose `name` is a person's name.
    static let personalObjects: Set<String> = ["customer_details", "billing_details", "shipping_details", "owner"]

    /// Every customer email and name in the inbox's JSON (plain, NDJSON or gzip).
    static func customerData(in inbox: String) throws -> Set<String> {
        var found = Set<String>()
        func collect(_ value: Any, parentKey: String?) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if let text = child as? String, text.count >= 5,
                        personalKeys.contains(key) || (key == "name" && personalObjects.contains(parentKey ?? ""))
                    {
                        found.insert(text)
                    }
                    collect(child, parentKey: key)
                }
            } else if let array = value as? [Any] {
                for child in array { collect(child, parentKey: parentKey) }
            }
        }
        for path in snapshotTree(inbox).keys.sorted() {
            var bytes = Array((try? Data(contentsOf: URL(fileURLWithPath: inbox + "/" + path))) ?? Data())
            if Gzip.isGzip(bytes), let plain = try? Gzip.decompress(bytes) { bytes = plain }
            if Gzip.isGzip(bytes), let plain = try? Gzip.decompress(bytes) { bytes = plain }
            if let whole = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) {
                collect(whole, parentKey: nil)
            } else {
                for line in bytes.split(separator: 0x0a) {
                    if let value = try? JSONSerialization.jsonObject(with: Data(line)) {
                        collect(value, parentKey: nil)
                    }
                }
            }
        }
        return found
    }

    @Test func noLogErrorReportOrExceptionListNamesACustomer() throws {
        let workspace = try Workspace()
        for name in HostileCorpus.names {
            try FileManager.default.copyItem(
                atPath: HostileCorpus.folder + "/" + name, toPath: workspace.path + "/inbox/hostile-" + name)
        }
        let secrets = try Self.customerData(in: workspace.path + "/inbox").union(HostileCorpus.customerData)
        #expect(secrets.count > 50, "the inputs carry customer data to look for")
        #expect(secrets.contains("zed.hostile@example.org"))

        var texts: [(String, String)] = []
        func run(_ arguments: [String]) throws {
            let result = try workspace.run(arguments)
            #expect(result.signal == nil)
            texts.append(("stdout of \(arguments)", result.stdout))
            texts.append(("stderr of \(arguments)", result.stderr))
        }
        try run(Self.asOf)
        try run(Self.asOf + ["--json"])
        // The debug log names phases and the busiest statements, by the names the code gives them.
        try run(Self.asOf + ["--log-level", "debug"])
        let debug = try #require(texts.last?.1)
        #expect(
            debug.contains("statement time") && debug.contains("statement=COMMIT") && debug.contains("steps="),
            "\(debug)")
        try run(["retry"] + Self.asOf)
        try run(Self.asOf + ["--dry-run"])
        for command in [["status"], ["status", "--json"], ["log"], ["log", "--json"], ["verify"], ["gc"]] {
            try run(command)
        }
        // Sightings and status history of records that failed or were rejected, and of a plain one.
        for (tenant, id) in [
            ("tnt_bella", "evt_9001samedate0001"), ("tnt_oak", "evt_9003f2fc6a4d3f7e"),
            ("tnt_ghost", "evt_9002fc90763043c7"),
            ("tnt_hostile", "evt_hostile_0022"), ("tnt_hostile", "evt_hostile_0001"),
        ] {
            try run(["explain", tenant, id])
        }
        let status = try workspace.run(["status", "--json"])
        let failed = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8))
        texts.append(("lastError values", "\(failed)"))
        for (path, data) in try workspace.tree("outbox") where path.hasPrefix("runs/") {
            texts.append(("outbox/" + path, String(decoding: data, as: UTF8.self)))
        }
        #expect(texts.contains { $0.0.hasSuffix("exceptions.csv") && !$0.1.isEmpty })

        for (place, text) in texts {
            for secret in secrets where text.contains(secret) {
                Issue.record("\(place) names a customer (\(secret.prefix(3))…)")
            }
        }
    }

    @Test func statementsNameBookingsButNoCustomer() throws {
        let workspace = try Workspace()
        _ = try workspace.run(Self.asOf)
        let secrets = try Self.customerData(in: workspace.path + "/inbox")
        let statements = try workspace.tree("outbox").filter { $0.key.hasPrefix("statements/") }
        #expect(statements.count >= 27)
        for (path, data) in statements {
            let text = String(decoding: data, as: UTF8.self)
            for secret in secrets where text.contains(secret) {
                Issue.record("\(path) names a customer (\(secret.prefix(3))…)")
            }
        }
    }
}
