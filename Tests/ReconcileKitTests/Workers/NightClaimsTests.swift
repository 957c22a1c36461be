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
        let bytes = StagedFile.encode(.bank(sha: ObjectID(digestOf: [1, 2, 3])))
        #expect(StagedFile.decode(bytes) != nil)
        var other = SpillEncoder()
        other.put(StagedFile.version - 1)
        other.put(ObjectID(digestOf: [1, 2, 3]).hex)
        other.put("bank")
        #expect(StagedFile.decode(StagedFile.sealed(other.bytes)) == nil, "another version, its checksum right")
        var body = Array(bytes.dropLast(4))
        body.append(0)
        #expect(StagedFile.decode(StagedFile.sealed(body)) == nil, "a byte left over, its checksum right")
    }

    /// A stored result damaged anywhere (cut short, or one bit flipped, at positions drawn over
    /// every sample file's stored form) reads as nothing, never as records, and never traps: the
    /// finisher then reads that file from the inbox itself.
    @Test func aDamagedStoredResultIsRefusedWhereverTheDamageIs() throws {
        let decoder = ContentDecoder(limits: .standard)
        let now = Int64(Date().timeIntervalSince1970)
        let scan = try InboxScanner(root: repositoryRoot + "/inbox", settleSeconds: 0, now: now).scan()
        var rng = SplitMix64(seed: 0x57A6_ED)
        var tried = 0
        for file in scan.files {
            let stored = StagedFile.encode(Ingestion.read(file, decoder: decoder, ingested: { _ in false }))
            for _ in 0..<20 {
                let cut = Int(rng.next() % UInt64(stored.count))
                #expect(StagedFile.decode(Array(stored[..<cut])) == nil, "\(file.relativePath) cut at \(cut)")
                var flipped = stored
                let at = Int(rng.next() % UInt64(stored.count))
                flipped[at] ^= UInt8(1) << (rng.next() % 8)
                #expect(StagedFile.decode(flipped) == nil, "\(file.relativePath) flipped at \(at)")
                tried += 2
            }
        }
        #expect(tried > 1_600)
    }

    /// Damage the checksum cannot see (bytes sealed again after the damage) is still read without
    /// a trap: counts past the end, negative lengths and truncated values give nothing.
    @Test func resealedDamageNeverTrapsTheDecoder() throws {
        let file = try #require(
            try InboxScanner(
                root: repositoryRoot + "/inbox", settleSeconds: 0, now: Int64(Date().timeIntervalSince1970)
            ).scan().files.first {
                $0.relativePath.hasSuffix(".json")
            })
        let stored = StagedFile.encode(
            Ingestion.read(file, decoder: ContentDecoder(limits: .standard), ingested: { _ in false }))
        let body = Array(stored.dropLast(4))
        var rng = SplitMix64(seed: 0xDA_3A6E)
        var refused = 0
        for _ in 0..<2_000 {
            var damaged = body
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                damaged[Int(rng.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            let cut = Int(rng.next() % UInt64(damaged.count + 1))
            if StagedFile.decode(StagedFile.sealed(Array(damaged[..<cut]))) == nil { refused += 1 }
        }
        #expect(refused > 1_000, "most damage is refused by the layout itself")
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
