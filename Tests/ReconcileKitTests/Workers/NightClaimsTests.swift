import Foundation
import Testing

@testable import ReconcileKit

/// What a worker stores for a file, and how its claims survive an engine that aborts transactions.
@Suite struct NightClaimsTests {
    /// Every sample file, read and decoded as a single process would, then stored and read back as
    /// a worker's claim holds it, is the same result: fate, hash, records and rejections.
    @Test func everySampleFileReadsBackFromItsStoredFormAsDecoded() throws {
        let decoder = ContentDecoder(limits: .standard)
        let now = Int64(Date().timeIntervalSince1970)
        let scan = try InboxScanner(root: repositoryRoot + "/inbox", settleSeconds: 0, now: now).scan()
        #expect(scan.files.count > 40)
        var fates: Set<String> = []
        for file in scan.files {
            let result = Ingestion.read(file, decoder: decoder, ingested: { _ in false })
            let stored = StagedFile.encode(result)
            let back = try #require(StagedFile.decode(stored), "\(file.relativePath)")
            #expect(back.sha == result.sha, "\(file.relativePath)")
            switch (result, back) {
            case (.decoded(_, let a), .decoded(_, let b)):
                fates.insert("decoded")
                #expect(a.format == b.format && a.gzip == b.gzip && a.source == b.source)
                #expect(a.records.map(\.key) == b.records.map(\.key), "\(file.relativePath)")
                #expect(a.records.map(\.canonical) == b.records.map(\.canonical))
                #expect(a.records.map(\.objectID) == b.records.map(\.objectID))
                #expect(a.records.map(\.location) == b.records.map(\.location))
                #expect(a.records.map(\.time) == b.records.map(\.time))
                let events = a.records.indices.filter { a.records[$0].key.kind == .event }
                #expect(
                    try events.map { try a.records[$0].providerEvent().id }
                        == events.map { try b.records[$0].providerEvent().id })
                #expect(a.rejected == b.rejected, "\(file.relativePath)")
            case (.failed(_, let a), .failed(_, let b)):
                fates.insert("failed")
                #expect(a.reason == b.reason && a.location == b.location)
            case (.bank, .bank): fates.insert("bank")
            default: Issue.record("\(file.relativePath): \(result) read back as \(back)")
            }
        }
        #expect(fates == ["decoded", "failed", "bank"], "the sample has every fate")
    }

    @Test func storedBytesOfAnotherLayoutAreRefused() {
        var bytes = StagedFile.encode(.bank(sha: ObjectID(digestOf: [1, 2, 3])))
        #expect(StagedFile.decode(bytes) != nil)
        bytes[0] = 9
        #expect(StagedFile.decode(bytes) == nil, "another version")
        #expect(StagedFile.decode(Array(StagedFile.encode(.seen(sha: nil)) + [0])) == nil, "bytes left over")
    }

    static func abort(_ kind: DatabaseError.Kind) -> DatabaseError {
        DatabaseError(kind: kind, engine: .postgresql, statement: "claim files", code: "40001", message: "abort")
    }

    @Test func aClaimAbortedAsASerializationFailureIsRunAgain() throws {
        var calls = 0
        let claimed = try NightClaims.retrying {
            calls += 1
            if calls < 3 { throw Self.abort(.serializationFailure) }
            return "claimed"
        }
        #expect(claimed == "claimed")
        #expect(calls == 3)
    }

    @Test func retriesEndAfterTheLastAttemptAndOtherErrorsAreNotRetried() {
        var calls = 0
        #expect(throws: DatabaseError.self) {
            try NightClaims.retrying(attempts: 4) {
                calls += 1
                throw Self.abort(.serializationFailure)
            }
        }
        #expect(calls == 4)
        calls = 0
        #expect(throws: DatabaseError.self) {
            try NightClaims.retrying {
                calls += 1
                throw Self.abort(.connection)
            }
        }
        #expect(calls == 1)
    }
}
