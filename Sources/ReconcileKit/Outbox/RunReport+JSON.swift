extension RunReport {
    /// Version of the `report.json` layout; bump on any incompatible change.
    public static let jsonSchemaVersion: Int64 = 1

    /// The report as a JSON value: integer cents, full object ids, lists in the initialiser's
    /// order. See docs/outbox.md for the schema.
    public var jsonValue: JSONValue {
        let store: JSONValue = .object(["root": .orNull(root?.hex), "parentRoot": .orNull(parentRoot?.hex)])
        return .object([
            "schemaVersion": .int(Self.jsonSchemaVersion),
            "runId": .string(runID),
            "asOf": .string(UTCTime.rfc3339(asOf)),
            "store": store,
            "files": filesJSON,
            "records": recordsJSON,
            "events": eventsJSON,
            "backfilled": backfilledJSON,
            "rejectedRecords": rejectedJSON,
            "exceptions": exceptionsJSON,
            "settlement": .object([
                "settled": .count(settlement.settled),
                "unsettled": .count(settlement.unsettled),
                "unmatchedCredits": .count(settlement.unmatchedCredits),
            ]),
        ])
    }

    /// `report.json`: pretty, key-sorted, deterministic, with a final newline.
    public func renderJSON() -> [UInt8] { PrettyJSON.encode(jsonValue, capacity: 64 * 1024 + exceptions.count * 420) }

    private var filesJSON: JSONValue {
        let quarantined: [JSONValue] = files.quarantined.map { q in
            .object([
                "path": .string(q.path),
                "sha256": .orNull(q.sha256?.hex),
                "line": .orNull(q.location?.line),
                "byteOffset": .orNull(q.location?.byteOffset),
                "reason": .string(q.reason),
            ])
        }
        return .object([
            "scanned": .count(files.scanned),
            "skippedAlreadySeen": .count(files.skippedAlreadySeen),
            "deferred": .array(files.deferred.map { JSONValue.string($0) }),
            "quarantined": .array(quarantined),
        ])
    }

    private var recordsJSON: JSONValue {
        let byKind: [JSONMember] = RecordKind.allCases.sorted().map { JSONMember($0.rawValue, recordTotals(kind: $0).jsonValue) }
        let byTenant: [JSONMember] = recordTenants.map { JSONMember($0.rawValue, recordTotals(tenant: $0).jsonValue) }
        let rows: [JSONValue] = records.map { t in
            var members = [JSONMember("kind", .string(t.kind.rawValue)), JSONMember("tenantId", .string(t.tenant.rawValue))]
            if case .object(let counts) = t.counts.jsonValue { members += counts }
            return .object(members)
        }
        return .object([
            "total": recordTotals.jsonValue,
            "byKind": .object(byKind),
            "byTenant": .object(byTenant),
            "byKindAndTenant": .array(rows),
        ])
    }

    private var eventsJSON: JSONValue {
        let failed: [JSONValue] = events.failed.map {
            .object(["eventId": .string($0.eventID), "tenantId": .string($0.tenant.rawValue), "lastError": .string($0.lastError)])
        }
        return .object(["applied": .count(events.applied), "ignored": .count(events.ignored), "failed": .array(failed)])
    }

    private var backfilledJSON: JSONValue {
        .array(backfilled.map {
            .object(["eventId": .string($0.eventID), "tenantId": .string($0.tenant.rawValue), "type": .string($0.type)])
        })
    }

    private var rejectedJSON: JSONValue {
        .array(rejected.map {
            .object(["file": .string($0.file), "line": .orNull($0.location.line),
                     "byteOffset": .count($0.location.byteOffset), "reason": .string($0.reason)])
        })
    }

    private var exceptionsJSON: JSONValue {
        let counts: [JSONMember] = exceptionCounts.map { JSONMember($0.kind.rawValue, .count($0.count)) }
        let items: [JSONValue] = exceptions.map { e in
            // In key order, so the encoder need not sort 100 000s of objects.
            .object([
                "actualCents": .orNull(e.actualCents),
                "bookingRef": .orNull(e.bookingRef),
                "currency": .orNull(e.currency),
                "detail": .string(e.detail),
                "differenceCents": .orNull(e.differenceCents),
                "eventId": .orNull(e.eventID),
                "expectedCents": .orNull(e.expectedCents),
                "kind": .string(e.kind.rawValue),
                "tenantId": .string(e.tenant.rawValue),
            ])
        }
        return .object(["counts": .object(counts), "items": .array(items)])
    }

    // MARK: - Aggregates shared by the renderers

    var recordTotals: RecordCounts { records.reduce(into: .zero) { $0 += $1.counts } }

    func recordTotals(kind: RecordKind) -> RecordCounts {
        records.filter { $0.kind == kind }.reduce(into: .zero) { $0 += $1.counts }
    }

    func recordTotals(tenant: TenantID) -> RecordCounts {
        records.filter { $0.tenant == tenant }.reduce(into: .zero) { $0 += $1.counts }
    }

    var recordTenants: [TenantID] { Array(Set(records.map(\.tenant))).sorted() }

    /// Every known kind (zero included) in SPEC order, then other kinds present.
    var exceptionCounts: [(kind: ReportException.Kind, count: Int)] {
        var counts: [ReportException.Kind: Int] = [:]
        for k in ReportException.Kind.known { counts[k] = 0 }
        for i in exceptions.indices { counts[exceptions[i].kind, default: 0] += 1 }
        return counts.keys.sorted().map { ($0, counts[$0]!) }
    }
}

extension RunReport.RecordCounts {
    var jsonValue: JSONValue {
        .object(["new": .count(new), "duplicate": .count(duplicate), "conflict": .count(conflict), "newVersion": .count(newVersion)])
    }
}

extension JSONValue {
    static func count(_ n: Int) -> JSONValue { .int(Int64(n)) }
    static func orNull(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func orNull(_ n: Int64?) -> JSONValue { n.map { .int($0) } ?? .null }
    static func orNull(_ n: Int?) -> JSONValue { n.map { .int(Int64($0)) } ?? .null }
}
