extension CommissionStatement {
    /// Version of the statement JSON layout; bump on any incompatible change.
    public static let jsonSchemaVersion: Int64 = 1

    /// The statement as a JSON value: integer cents, rates in basis points. See docs/outbox.md.
    public func jsonValue(stamp: GenerationStamp) -> JSONValue {
        let t = totals
        let month = CalendarMonth(month)
        return .object([
            "schemaVersion": .int(Self.jsonSchemaVersion),
            "tenantId": .string(tenantID.rawValue),
            "tenantName": .string(tenantName),
            "month": .string(self.month),
            "period": month.map { .object(["from": .string($0.firstDay), "to": .string($0.lastDay)]) } ?? .null,
            "currency": .string(currency),
            "ratesApplied": .array(ratesApplied.map {
                .object(["basisPoints": .int($0.rate.value), "firstDate": .string($0.firstDate), "lastDate": .string($0.lastDate)])
            }),
            "lines": .array(lines.map { line in
                .object([  // in key order: nothing to sort
                    "basisPoints": .int(line.rate.value),
                    "bookingId": .string(line.bookingID),
                    "commissionCents": .int(line.commissionCents),
                    "commissionReversedCents": .int(line.commissionReversedCents),
                    "date": .string(line.date),
                    "eventId": .string(line.eventID),
                    "grossCents": .int(line.grossCents),
                    "kind": .string(line.kind.rawValue),
                    "netCents": .int(line.netCents),
                    "refundCents": .int(line.refundCents),
                ])
            }),
            "totals": .object([
                "bookings": .int(Int64(t.bookings)),
                "refunds": .int(Int64(t.refunds)),
                "grossCents": .int(t.grossCents),
                "commissionCents": .int(t.commissionCents),
                "refundCents": .int(t.refundCents),
                "commissionReversedCents": .int(t.commissionReversedCents),
                "netCents": .int(t.netCents),
            ]),
            "generated": stamp.jsonValue,
        ])
    }

    /// Pretty, key-sorted, deterministic JSON with a final newline.
    public func renderJSON(stamp: GenerationStamp) -> [UInt8] {
        PrettyJSON.encode(jsonValue(stamp: stamp), capacity: 1024 + lines.count * 400)
    }
}

extension CommissionStatement.GenerationStamp {
    var jsonValue: JSONValue { .object(["asOf": .string(UTCTime.rfc3339(asOf)), "runId": .string(runID)]) }

    /// The stamp recorded in a statement JSON written earlier, if it has a readable one.
    public init?(statementJSON bytes: [UInt8]) {
        guard let value = try? JSONParser().parse(bytes),
              let generated = value["generated"],
              let asOfText = generated["asOf"]?.stringValue, let asOf = UTCTime.parse(asOfText),
              let runID = generated["runId"]?.stringValue else { return nil }
        self.init(asOf: asOf, runID: runID)
    }
}
