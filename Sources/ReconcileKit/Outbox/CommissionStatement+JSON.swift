extension CommissionStatement {
    /// Version of the statement JSON layout; bump on any incompatible change.
    static let jsonSchemaVersion: Int64 = 2

    /// Pretty, key-sorted, deterministic JSON with a final newline (``PrettyJSON``'s layout):
    /// integer cents, rates in basis points. See docs/outbox.md. Written member by member in key
    /// order, each line's object straight as bytes (a `JSONValue` tree per line costs more than
    /// the line).
    func renderJSON(stamp: GenerationStamp) -> [UInt8] {
        var out = ByteOutput(capacity: 1024 + lines.count * 400)
        var json = PrettyJSONStream()
        json.openObject(nil, &out)
        if revision > 1 {
            json.add(
                "changedSinceRevision",
                .object([
                    "revision": .int(Int64(revision - 1)),
                    "eventIds": .array(changedSinceLastRevision.map { .string($0.eventID) }),
                ]), &out)
        }
        json.add("currency", .string(OutboxFormat.currencyCode(currency)), &out)
        json.add("generated", stamp.jsonValue, &out)
        json.openArray("lines", &out)
        let openings = json.memberOpenings(Self.lineKeys)
        for line in lines { Self.addLine(line, openings, to: &json, &out) }
        json.close(&out)
        json.add("month", .string(month), &out)
        json.add(
            "period",
            CalendarMonth(month).map { .object(["from": .string($0.firstDay), "to": .string($0.lastDay)]) } ?? .null,
            &out)
        json.add(
            "ratesApplied",
            .array(
                ratesApplied.map {
                    .object([
                        "basisPoints": .int($0.rate.value), "firstDate": .string($0.firstDate.text),
                        "lastDate": .string($0.lastDate.text),
                        "lines": .int(Int64($0.lines)), "rateBound": $0.bound.map { .string($0.rawValue) } ?? .null,
                    ])
                }), &out)
        json.add("revision", .int(Int64(revision)), &out)
        json.add("schemaVersion", .int(Self.jsonSchemaVersion), &out)
        json.add("tenantId", .string(tenantID.rawValue), &out)
        json.add("tenantName", .string(tenantName), &out)
        let t = totals
        json.add(
            "totals",
            .object([
                "bookings": .int(Int64(t.bookings)),
                "commissionCents": .int(t.commissionCents),
                "commissionReversedCents": .int(t.commissionReversedCents),
                "grossCents": .int(t.grossCents),
                "netCents": .int(t.netCents),
                "netCommissionCents": .int(t.netCommissionCents),
                "refundCents": .int(t.refundCents),
                "refunds": .int(Int64(t.refunds)),
            ]), &out)
        json.close(&out)
        return out.bytes
    }

    /// The members of a line's object, in key order.
    private static let lineKeys = [
        "appliedBasisPoints", "basisPoints", "bookingId", "commissionCents", "commissionReversedCents",
        "date", "eventDate", "eventId", "grossCents", "kind", "netCents", "netCommissionCents",
        "openExceptions", "originalCommissionCents", "originalGrossCents", "originalMonth",
        "packageId", "platformBookingId", "priorPeriodMonth", "rateBound", "refundCents",
    ]

    /// One element of `lines`: the members of ``lineKeys``, each opened by `openings`.
    private static func addLine(
        _ line: Line, _ openings: [[UInt8]], to json: inout PrettyJSONStream, _ out: inout ByteOutput
    ) {
        func text(_ s: String) { CanonicalJSON.writeString(s, to: &out.bytes) }
        func int(_ n: Int64) { CanonicalJSON.writeInt(n, to: &out.bytes) }
        func null() { out.bytes.append(contentsOf: "null".utf8) }
        json.openObject(nil, &out)
        out.bytes.append(contentsOf: openings[0])
        int(line.appliedRate.value)
        out.bytes.append(contentsOf: openings[1])
        int(line.rate.value)
        out.bytes.append(contentsOf: openings[2])
        text(line.bookingID)
        out.bytes.append(contentsOf: openings[3])
        int(line.commission)
        out.bytes.append(contentsOf: openings[4])
        int(line.commissionReversed)
        out.bytes.append(contentsOf: openings[5])
        text(line.date.text)
        out.bytes.append(contentsOf: openings[6])
        if let d = line.eventDate { text(d) } else { null() }
        out.bytes.append(contentsOf: openings[7])
        text(line.eventID)
        out.bytes.append(contentsOf: openings[8])
        int(line.gross)
        out.bytes.append(contentsOf: openings[9])
        text(line.kind.rawValue)
        out.bytes.append(contentsOf: openings[10])
        int(line.net)
        out.bytes.append(contentsOf: openings[11])
        int(line.netCommission)
        out.bytes.append(contentsOf: openings[12])
        PrettyJSON.write(.array(line.openExceptions.map { .string($0) }), indent: json.depth, to: &out.bytes)
        out.bytes.append(contentsOf: openings[13])
        if let c = line.originalCommissionCents { int(c) } else { null() }
        out.bytes.append(contentsOf: openings[14])
        if let c = line.originalGrossCents { int(c) } else { null() }
        out.bytes.append(contentsOf: openings[15])
        if let m = line.originalMonth { text(m) } else { null() }
        out.bytes.append(contentsOf: openings[16])
        if let p = line.packageID { text(p) } else { null() }
        out.bytes.append(contentsOf: openings[17])
        if let p = line.platformBookingID { text(p) } else { null() }
        out.bytes.append(contentsOf: openings[18])
        if let m = line.adjustsMonth { text(m) } else { null() }
        out.bytes.append(contentsOf: openings[19])
        if let b = line.rateBound { text(b.rawValue) } else { null() }
        out.bytes.append(contentsOf: openings[20])
        int(line.refund)
        json.addedApart(openings.count)
        json.close(&out)
    }
}

extension CommissionStatement.GenerationStamp {
    var jsonValue: JSONValue { .object(["asOf": .string(UTCTime.rfc3339(asOf)), "runId": .string(runID)]) }

    /// The stamp recorded in a statement JSON written earlier, if it has a readable one.
    init?(statementJSON bytes: [UInt8]) {
        guard let value = try? JSONParser().parse(bytes),
            let generated = value["generated"],
            let asOfText = generated["asOf"]?.stringValue, let asOf = UTCTime.parse(asOfText),
            let runID = generated["runId"]?.stringValue
        else { return nil }
        self.init(asOf: asOf, runID: runID)
    }
}
