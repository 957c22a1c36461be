/// One cell of a CSV row: text is guarded against formula injection, numbers are written bare.
enum CSVCell: Equatable, Sendable {
    case text(String)
    /// Cents printed with two decimals ("-12.50"): a number to the spreadsheet.
    case amount(Cents)
    case integer(Int64)
    case empty
}

/// RFC 4180 CSV: CRLF after every record (the last too), fields quoted when they contain a comma,
/// a double quote, CR or LF, with inner quotes doubled. UTF-8 without a byte-order mark.
///
/// Spreadsheets evaluate a cell that starts with `=`, `+`, `-`, `@` (and, in some, tab or CR) as a
/// formula; a text cell starting with one of them gets a leading apostrophe, as OWASP recommends.
/// ``CSVCell/amount(_:)`` and ``CSVCell/integer(_:)`` are never guarded, so "-12.50" stays a number.
struct CSVWriter: Sendable {
    private(set) var bytes: [UInt8] = []

    init() {}

    /// A writer whose buffer has room for about `capacity` bytes.
    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func row(_ cells: [CSVCell]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            switch cell {
            case .text(let s): bytes.appendCSVText(s)
            case .amount(let cents): bytes.appendDecimal2(cents)
            case .integer(let n): bytes.appendInteger(n)
            case .empty: break
            }
        }
        bytes.append(0x0d)
        bytes.append(0x0a)
    }

    /// One record whose fields `fields` appends straight to the buffer, commas included, then
    /// CRLF: the rows of a long file without an array of cells each. `fields` writes each cell as
    /// ``row(_:)`` would (``Swift/Array/appendCSVText(_:)``, ``Swift/Array/appendDecimal2(_:)``).
    mutating func row(writing fields: (inout [UInt8]) -> Void) {
        fields(&bytes)
        bytes.append(0x0d)
        bytes.append(0x0a)
    }

    mutating func header(_ names: [String]) { row(names.map { .text($0) }) }
}
