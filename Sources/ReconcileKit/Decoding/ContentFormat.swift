/// What a file turned out to be, detected from its content (SPEC §2), not its name.
enum ContentFormat: String, Sendable, Codable {
    case event
    case eventArray = "event_array"
    case listPage = "list_page"
    case ndjson
    case tenantsExport = "tenants_export"
    case bookingsExport = "bookings_export"
    case bankReport = "bank_report"
}

/// A record that could not be decoded inside an otherwise good file: rejected alone.
struct RejectedRecord: Sendable, Equatable {
    let location: Location
    let reason: String
    /// The record's bytes as they stand in the (decompressed) file: an NDJSON line without its line
    /// end, or one JSON value of a document. Nil when they cannot be told apart (a bank entry) or
    /// are over the record size limit. The store keeps them (docs/store-format.md).
    var raw: [UInt8]? = nil
    /// The record's key, when the raw bytes are JSON that names it (``RejectedRecord/key(of:kind:)``).
    var key: RecordKey? = nil
}

/// What a bank report holds besides its records: its statements with their balance checks, the
/// entries that are not booked, and the batches kept whole (SPEC §3.3).
struct BankReportNotes: Sendable {
    var statements: [CamtStatement] = []
    var notBooked: [CamtUnbookedEntry] = []
    var keptWhole: [CamtIssue] = []

    init(statements: [CamtStatement] = [], notBooked: [CamtUnbookedEntry] = [], keptWhole: [CamtIssue] = []) {
        self.statements = statements
        self.notBooked = notBooked
        self.keptWhole = keptWhole
    }
}

/// The records of one input file.
struct DecodedContent: Sendable {
    var format: ContentFormat
    var gzip: Bool = false
    var records: [Record] = []
    var rejected: [RejectedRecord] = []
    /// Records that came from a provider list export: the provider's backfill.
    var source: SourceFormat
    /// Bank reports: what the report said besides its records, for the run report.
    var bankNotes: BankReportNotes?

    init(format: ContentFormat, source: SourceFormat) {
        self.format = format
        self.source = source
    }

    mutating func add(_ result: () throws(DecodeFailure) -> Record, at location: Location, maxRecordBytes: Int) {
        do {
            let record = try result()
            if record.canonical.count > maxRecordBytes {
                rejected.append(
                    RejectedRecord(location: location, reason: "record is larger than \(maxRecordBytes) bytes"))
            } else {
                records.append(record)
            }
        } catch {
            rejected.append(RejectedRecord(location: error.location ?? location, reason: error.reason))
        }
    }
}

/// Maps byte offsets to 1-based line numbers with one pass over the content.
struct LineIndex {
    private var newlines: [Int] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        for i in 0..<bytes.count where bytes[i] == 0x0a { newlines.append(i) }
    }

    func line(of offset: Int) -> Int {
        var lo = 0
        var hi = newlines.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if newlines[mid] < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo + 1
    }

    func location(of offset: Int) -> Location { Location(line: line(of: offset), byteOffset: offset) }
}
