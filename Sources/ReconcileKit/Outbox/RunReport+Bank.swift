extension RunReport {
    /// What the night's bank reports said besides their entries (SPEC §3.3): each statement with its
    /// totals and balance check, the entries that are not booked, and the batches kept whole.
    struct Bank: Sendable, Equatable {
        static func == (a: Bank, b: Bank) -> Bool {
            a.statements.elementsEqual(b.statements) && a.notBooked == b.notBooked && a.keptWhole == b.keptWhole
        }

        /// One account element of one file.
        struct Statement: Sendable, Equatable {
            let file: String
            let statement: CamtStatement
        }

        /// A `PDNG`, `INFO` … entry: counted and listed, never stored.
        struct NotBooked: Sendable, Equatable {
            let file: String
            let entry: CamtUnbookedEntry
        }

        /// A batch stored as one entry because its transactions do not add up to it.
        struct KeptWhole: Sendable, Equatable {
            let file: String
            let issue: CamtIssue
        }

        /// In file order, then document order. A first run's (one per account and day) wait in a
        /// temporary file, a chunk in memory (``SpillList``).
        private(set) var statements = SpillList<Statement>(chunk: 16_384)
        private(set) var notBooked: [NotBooked] = []
        private(set) var keptWhole: [KeptWhole] = []
        /// The file of the last report added: files come in path order.
        private var lastFile: String?

        init() {}

        /// Adds what one bank report said; reports come in file order (the inbox's scan order).
        mutating func add(_ notes: BankReportNotes, file: String) throws(FileSystemError) {
            precondition(lastFile.map { $0.utf8Precedes(file) } ?? true, "bank reports are added in file order")
            lastFile = file
            for statement in notes.statements { try statements.append(Statement(file: file, statement: statement)) }
            notBooked += notes.notBooked.map { NotBooked(file: file, entry: $0) }
            keptWhole += notes.keptWhole.map { KeptWhole(file: file, issue: $0) }
        }

        /// Statements whose balances were checked and differ.
        var disagreeing: Int {
            statements.filter { if case .differs = $0.statement.agreement { true } else { false } }.count
        }

        /// Not-booked entries per status code, by code.
        var notBookedByStatus: [(status: String, count: Int)] {
            var counts: [String: Int] = [:]
            for n in notBooked { counts[n.entry.status, default: 0] += 1 }
            return counts.keys.sorted { $0.utf8Precedes($1) }.map { ($0, counts[$0]!) }
        }

        /// The `bank` member of report.json, a statement at a time: a first run's report lists
        /// every statement of the history, too many to hold as one value.
        func render(_ json: inout PrettyJSONStream, _ out: inout ByteOutput) {
            json.openObject("bank", &out)
            json.add("keptWhole", keptWholeJSON, &out)
            json.add("notBooked", notBookedJSON, &out)
            json.openArray("statements", &out)
            for statement in statements { json.add(nil, Self.statementJSON(statement), &out) }
            json.close(&out)
            json.close(&out)
        }

        var keptWholeJSON: JSONValue {
            .array(
                keptWhole.map { k in
                    .object([
                        JSONMember("byteOffset", .count(k.issue.location.byteOffset)),
                        JSONMember("file", .string(k.file)),
                        JSONMember("line", .orNull(k.issue.location.line)),
                        JSONMember("reason", .string(k.issue.reason)),
                    ])
                })
        }

        var notBookedJSON: JSONValue {
            .object([
                JSONMember("counts", .object(notBookedByStatus.map { JSONMember($0.status, .count($0.count)) })),
                JSONMember(
                    "entries",
                    .array(
                        notBooked.map { n in
                            .object([
                                JSONMember("amount", .orNull(n.entry.amount)),
                                JSONMember("byteOffset", .count(n.entry.location.byteOffset)),
                                JSONMember("currency", .orNull(n.entry.currency)),
                                JSONMember("direction", .orNull(n.entry.direction?.rawValue)),
                                JSONMember("file", .string(n.file)), JSONMember("line", .orNull(n.entry.location.line)),
                                JSONMember("reference", .orNull(n.entry.reference)),
                                JSONMember("status", .string(n.entry.status)),
                            ])
                        })),
            ])
        }

        static func statementJSON(_ s: Statement) -> JSONValue {
            let st = s.statement
            func balance(_ b: CamtStatement.Balance?) -> JSONValue {
                guard let b else { return .null }
                return .object([
                    JSONMember("amount", .int(b.amount)), JSONMember("currency", .string(b.currency)),
                    JSONMember("type", .string(b.type)),
                ])
            }
            func sum(_ x: CamtStatement.Sum) -> JSONValue {
                .object([JSONMember("amount", .int(x.amount)), JSONMember("count", .count(x.count))])
            }
            let (agrees, difference, note): (JSONValue, JSONValue, JSONValue) =
                switch st.agreement {
                case .agrees: (.bool(true), .int(0), .null)
                case .differs(let by): (.bool(false), .int(by), .null)
                case .notChecked(let reason): (.null, .null, .string(reason))
                }
            return .object([
                JSONMember("account", .string(st.account)),
                JSONMember("agrees", agrees),
                JSONMember("closing", balance(st.closing)),
                JSONMember("credits", sum(st.totals.credits)),
                JSONMember("currency", .orNull(st.totals.currency)),
                JSONMember("debits", sum(st.totals.debits)),
                JSONMember("differenceMinorUnits", difference),
                JSONMember(
                    "entries",
                    .object([
                        JSONMember(
                            "booked", .count(st.totals.credits.count + st.totals.debits.count + st.totals.otherCurrency)
                        ),
                        JSONMember("notBooked", .count(st.totals.notBooked)),
                        JSONMember("rejected", .count(st.totals.rejected)),
                    ])),
                JSONMember("file", .string(s.file)),
                JSONMember("id", .string(st.identity)),
                JSONMember("line", .orNull(st.location.line)),
                JSONMember("message", .string(st.message.description)),
                JSONMember("notChecked", note),
                JSONMember("opening", balance(st.opening)),
                JSONMember("statementId", .orNull(st.statementID)),
                JSONMember("tenantId", .string(st.tenantID.rawValue)),
            ])
        }

        /// One row of the bank statements' table in `report.md`. (A function of its own, not a closure
        /// inside ``renderMarkdown(line:table:section:)``: Swift 6.3.1's optimiser crashes on that
        /// closure in release builds, "Found outside of lifetime use!" in CopyPropagation.)
        static func markdownRow(_ s: Statement) -> [String] {
            typealias M = MarkdownText
            func amount(_ units: Int64?, _ currency: String?) -> String {
                guard let units else { return "" }
                return BankAmountText.format(units, currency: currency)
            }
            let st = s.statement
            let c = st.totals.currency
            let opening = st.opening.map { ($0.amount, $0.currency) }
            let closing = st.closing.map { ($0.amount, $0.currency) }
            let agrees =
                switch st.agreement {
                case .agrees: "yes"
                case .differs(let by): "**no** (off by \(amount(by, c)))"
                case .notChecked(let reason): "not checked: \(M.escape(reason))"
                }
            return [
                M.code(s.file), M.code(st.account), M.code(st.statementID ?? st.identity), M.code(st.tenantID.rawValue),
                String(st.totals.credits.count + st.totals.debits.count + st.totals.otherCurrency),
                "\(amount(st.totals.credits.amount, c)) (\(st.totals.credits.count))",
                "\(amount(st.totals.debits.amount, c)) (\(st.totals.debits.count))",
                amount(opening?.0, opening?.1), amount(closing?.0, closing?.1), agrees,
            ]
        }

        /// The bank sections of `report.md`.
        func renderMarkdown(
            line: (String) -> Void, table: ([String], Set<Int>, AnySequence<[String]>) -> Void,
            section: (String, Int) -> Void
        ) {
            typealias M = MarkdownText
            func amount(_ units: Int64?, _ currency: String?) -> String {
                guard let units else { return "" }
                return BankAmountText.format(units, currency: currency)
            }
            section("Bank statements", statements.count)
            if !statements.isEmpty {
                line("Opening balance + credits − debits must equal the closing balance of each statement (SPEC §3.3).")
                line("")
                table(
                    [
                        "file", "account", "statement", "tenant", "entries", "credits", "debits", "opening", "closing",
                        "agrees",
                    ],
                    [4, 5, 6, 7, 8], AnySequence(statements.lazy.map { Self.markdownRow($0) }))
            }
            section("Bank entries not booked", notBooked.count)
            if !notBooked.isEmpty {
                line(
                    "Counted and listed, not stored: they settle nothing until the bank books them. "
                        + notBookedByStatus.map { "\($0.status) \($0.count)" }.joined(separator: ", ") + ".")
                line("")
                table(
                    ["file", "where", "status", "reference", "direction", "amount"], [5],
                    AnySequence(
                        notBooked.lazy.map { n in
                            [
                                M.code(n.file), Self.place(n.entry.location), n.entry.status,
                                n.entry.reference.map(M.code) ?? "",
                                n.entry.direction?.rawValue ?? "", amount(n.entry.amount, n.entry.currency),
                            ]
                        }))
            }
            section("Bank batches kept whole", keptWhole.count)
            if !keptWhole.isEmpty {
                table(
                    ["file", "where", "reason"], [],
                    AnySequence(
                        keptWhole.lazy.map {
                            [M.code($0.file), Self.place($0.issue.location), M.escape($0.issue.reason)]
                        }))
            }
        }

        private static func place(_ l: Location) -> String { l.line.map { "line \($0)" } ?? "byte \(l.byteOffset)" }
    }
}

extension RunReport.Bank.Statement: Spillable {
    func spill(into e: inout SpillEncoder) {
        let s = statement
        e.put(file)
        e.put(s.message.type.rawValue)
        e.put(s.message.version)
        e.put(s.tenantID.rawValue)
        e.put(s.location.line)
        e.put(s.location.byteOffset)
        e.put(s.account)
        e.put(s.identity)
        e.put(s.statementID)
        e.put(s.electronicSequence)
        e.put(s.legalSequence)
        let t = s.totals
        for sum in [t.credits, t.debits] {
            e.put(sum.count)
            e.put(sum.amount)
        }
        e.put(t.currency)
        e.put(t.otherCurrency)
        e.put(t.notBooked)
        e.put(t.rejected)
        e.put(t.overflowed)
        for balance in [s.opening, s.closing] {
            e.put(balance != nil)
            if let balance {
                e.put(balance.type)
                e.put(balance.amount)
                e.put(balance.currency)
            }
        }
        e.put(s.unreadableBalance)
    }

    init(from d: inout SpillDecoder) {
        file = d.string()
        let message = CamtMessage(type: CamtMessageType(rawValue: d.string())!, version: d.optionalInt())
        let tenant = TenantID(d.string())
        let location = Location(line: d.optionalInt(), byteOffset: d.int())
        let account = d.string()
        let identity = d.string()
        let statementID = d.optionalString()
        let electronic = d.optionalString()
        let legal = d.optionalString()
        var totals = CamtStatement.Totals()
        totals.credits = CamtStatement.Sum(count: d.int(), amount: d.int64())
        totals.debits = CamtStatement.Sum(count: d.int(), amount: d.int64())
        totals.currency = d.optionalString()
        totals.otherCurrency = d.int()
        totals.notBooked = d.int()
        totals.rejected = d.int()
        totals.overflowed = d.bool()
        func balance() -> CamtStatement.Balance? {
            d.bool() ? CamtStatement.Balance(type: d.string(), amount: d.int64(), currency: d.string()) : nil
        }
        let opening = balance()
        let closing = balance()
        statement = CamtStatement(
            message: message, tenantID: tenant, location: location, account: account, identity: identity,
            statementID: statementID, electronicSequence: electronic, legalSequence: legal, totals: totals,
            opening: opening, closing: closing, unreadableBalance: d.optionalString())
    }
}

/// Minor units as a decimal with the currency's ISO 4217 exponent and its code: `-1,234.50 EUR`.
enum BankAmountText {
    static func format(_ units: Int64, currency: String?) -> String {
        guard let currency else { return String(units) }
        let exponent = CurrencyAmount.exponent(of: currency)
        let negative = units < 0
        let magnitude = units.magnitude
        var scale: UInt64 = 1
        for _ in 0..<exponent { scale *= 10 }
        var whole = String(magnitude / scale)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        grouped = whole + grouped
        let fraction = exponent == 0 ? "" : "." + String(String(magnitude % scale + scale).dropFirst())
        return "\(negative ? "-" : "")\(grouped)\(fraction) \(currency)"
    }
}
