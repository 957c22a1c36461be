import Testing

@testable import ReconcileKit

/// What a decoder made of one input, in a form two decoders' results can be compared by.
struct DecodingOutcome: Equatable, CustomStringConvertible {
    struct RecordSummary: Equatable {
        let key: RecordKey
        let canonical: [UInt8]
        let objectID: ObjectID
        let location: Location
        let time: Int64
        let event: ProviderEvent?
    }

    var format: ContentFormat?
    var gzip = false
    var source: SourceFormat?
    var records: [RecordSummary] = []
    var rejected: [RejectedRecord] = []
    var failure: DecodeFailure?

    /// - Parameter general: decode through ``ContentDecoder/decodeGeneral(_:)``, without the fast path.
    init(_ decoder: ContentDecoder, _ bytes: [UInt8], general: Bool = false) {
        do {
            let content = try general ? decoder.decodeGeneral(bytes) : decoder.decode(bytes)
            format = content.format
            gzip = content.gzip
            source = content.source
            records = content.records.map {
                RecordSummary(
                    key: $0.key, canonical: $0.canonical, objectID: $0.objectID, location: $0.location, time: $0.time,
                    event: $0.event)
            }
            rejected = content.rejected
        } catch {
            failure = error
        }
    }

    var description: String {
        if let failure { return "failure: \(failure)" }
        return
            "\(format.map(\.rawValue) ?? "-") \(records.count) records, rejected: \(rejected.map { "\($0.location): \($0.reason)" })"
    }
}

/// The fast and the slow decoding paths side by side.
struct FastSlow {
    let decoder: ContentDecoder

    init(limits: Limits = .standard) {
        decoder = ContentDecoder(limits: limits)
    }

    /// Expects both paths to give the same outcome; returns it.
    @discardableResult
    func expectSame(_ bytes: [UInt8], _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        -> DecodingOutcome
    {
        let a = DecodingOutcome(decoder, bytes)
        let b = DecodingOutcome(decoder, bytes, general: true)
        #expect(
            a == b, comment ?? "fast and slow paths differ on \(String(decoding: bytes.prefix(300), as: UTF8.self))",
            sourceLocation: sourceLocation)
        return a
    }
}

/// Whether the fast path itself took the line (rather than declining it to the slow path).
func fastPathTakes(_ line: [UInt8], maxDepth: Int = 64) -> Bool {
    line.withUnsafeBufferPointer {
        FastEventDecoder.decodeLine($0, maxDepth: maxDepth, at: Location(line: 1, byteOffset: 0)) != nil
    }
}

/// Whether the tape and the parser accept the bytes.
func tapeAccepts(_ bytes: [UInt8], maxDepth: Int = 64) -> Bool {
    bytes.withUnsafeBufferPointer { JSONTape($0, maxDepth: maxDepth) != nil }
}

func parserAccepts(_ bytes: [UInt8], maxDepth: Int = 64) -> Bool {
    (try? JSONParser(maxDepth: maxDepth).parse(bytes)) != nil
}
