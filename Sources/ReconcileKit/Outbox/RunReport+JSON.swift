extension RunReport {
    /// Version of the `report.json` layout; bump on any incompatible change.
    static let jsonSchemaVersion: Int64 = 3

    /// `report.json`: pretty, key-sorted, deterministic, with a final newline.
    func renderJSON() -> [UInt8] {
        var out = ByteOutput(capacity: 64 * 1024 + exceptionTable.count * 420)
        renderJSON(to: &out)
        return out.bytes
    }

    /// `report.json` into `out`, item by item: the bytes of the whole report as one pretty JSON value, without
    /// building the value's tree of a million objects. Members go in key order (see
    /// ``PrettyJSONStream``); small parts are written as values.
    /// The exceptions, most of the bytes, are rendered in slices on up to `jobs` threads; the
    /// bytes are the same for any `jobs`.
    func renderJSON(to out: inout ByteOutput, jobs: Int = 1) {
        var json = PrettyJSONStream()
        json.openObject(nil, &out)
        json.add("asOf", .string(UTCTime.rfc3339(asOf)), &out)
        json.openArray("backfilled", &out)
        for b in backfilled {
            json.openObject(nil, &out)
            json.add("eventId", .string(b.eventID), &out)
            json.add("tenantId", .string(b.tenant.rawValue), &out)
            json.add("type", .string(b.type), &out)
            json.close(&out)
        }
        json.close(&out)
        bank.render(&json, &out)
        json.add("conflicts", conflictsJSON, &out)
        json.openObject("events", &out)
        json.add("applied", .count(events.applied), &out)
        json.openArray("failed", &out)
        for f in events.failed {
            json.openObject(nil, &out)
            json.add("advice", .string(f.advice), &out)
            json.add("amountCents", .orNull(f.amountCents), &out)
            json.add("currency", .orNull(f.currency.map(OutboxFormat.currencyCode)), &out)
            json.add("eventId", .string(f.eventID), &out)
            json.add("lastError", .string(f.lastError), &out)
            json.add("tenantId", .string(f.tenant.rawValue), &out)
            json.close(&out)
        }
        json.close(&out)
        json.add("failedAmounts", failedAmountsJSON, &out)
        json.add("ignored", .count(events.ignored), &out)
        json.close(&out)
        json.openObject("exceptions", &out)
        json.add("counts", exceptionCountsJSON, &out)
        json.openArray("items", &out)
        let items = json
        let today = CalendarDate(unixSeconds: asOf).daysSinceEpoch
        let listed = listedExceptions
        out.appendInSlices(count: listed.count, jobs: jobs) { [exceptionTable] range, part in
            var slice = PrettyJSONStream(continuing: items, after: range.lowerBound)
            let openings = slice.memberOpenings(Self.itemKeys)
            exceptionTable.withView { v in
                for k in range { Self.addItem(v.rows[listed[k]], v, openings, today: today, to: &slice, &part) }
            }
        }
        json.addedApart(listed.count)
        json.close(&out)
        json.close(&out)
        json.add("files", filesJSON, &out)
        json.add("money", moneyJSON, &out)
        json.add("openItems", openItemsJSON, &out)
        json.openObject("records", &out)
        json.add("byKind", recordsByKindJSON, &out)
        json.openArray("byKindAndTenant", &out)
        for t in records {
            json.openObject(nil, &out)
            json.add("conflict", .count(t.counts.conflict), &out)
            json.add("duplicate", .count(t.counts.duplicate), &out)
            json.add("kind", .string(t.kind.rawValue), &out)
            json.add("new", .count(t.counts.new), &out)
            json.add("newVersion", .count(t.counts.newVersion), &out)
            json.add("tenantId", .string(t.tenant.rawValue), &out)
            json.close(&out)
        }
        json.close(&out)
        json.add("byTenant", recordsByTenantJSON, &out)
        json.add("total", recordTotals.jsonValue, &out)
        json.close(&out)
        json.add("rejectedRecords", rejectedJSON, &out)  // few: rendered as a value
        json.add("replacedRejections", replacedJSON, &out)
        json.add("runId", .string(runID), &out)
        json.add("schemaVersion", .int(Self.jsonSchemaVersion), &out)
        json.add("settlement", settlementJSON, &out)
        json.add("store", storeJSON, &out)
        json.close(&out)
        out.flushIfFull()
    }

    /// The members of an item of `exceptions.items`, in key order.
    private static let itemKeys = [
        "actualCents", "ageDays", "bankAccount", "bankBookingDate", "bankEntryId", "bankReference", "bookingRef",
        "comparedWith", "currency", "detail", "differenceCents", "eventId", "expectedCents", "firstSeen", "kind",
        "ledgerBookingId", "platformBookingId", "sinceLastRun", "tenantId",
    ]

    /// One item of `exceptions.items`: the members of ``itemKeys``, each opened by `openings`.
    private static func addItem(
        _ e: ExceptionTable.Row, _ v: ExceptionTable.View, _ openings: [[UInt8]], today: Int64,
        to json: inout PrettyJSONStream, _ out: inout ByteOutput
    ) {
        func text(_ index: Int32) {
            if let utf8 = v.text(index) {
                out.bytes.appendJSONString(utf8: utf8)
            } else {
                out.bytes.append(contentsOf: "null".utf8)
            }
        }
        func int(_ value: Int64?) {
            if let value {
                CanonicalJSON.writeInt(value, to: &out.bytes)
            } else {
                out.bytes.append(contentsOf: "null".utf8)
            }
        }
        json.openObject(nil, &out)
        let aged = e.firstSeenDay >= 0
        var k = 0
        func next() {
            out.bytes.append(contentsOf: openings[k])
            k += 1
        }
        next()
        int(e.actualCents)
        next()
        int(aged ? today - Int64(e.firstSeenDay) : nil)
        next()
        text(e.bankAccount)
        next()
        text(e.bankDate)
        next()
        text(e.bankEntry)
        next()
        text(e.bankReference)
        next()
        text(e.bookingRef)
        next()
        text(e.source)
        next()
        text(e.currencyCode)
        next()
        text(e.detail)
        next()
        int(e.differenceCents)
        next()
        text(e.eventID)
        next()
        int(e.expectedCents)
        next()
        if aged {
            CanonicalJSON.writeString(CalendarDate(unixSeconds: Int64(e.firstSeenDay) * 86_400).text, to: &out.bytes)
        } else {
            int(nil)
        }
        next()
        text(e.kind)
        next()
        text(e.ledgerBooking)
        next()
        text(e.platformBooking)
        next()
        if aged { CanonicalJSON.writeString(e.since.text, to: &out.bytes) } else { int(nil) }
        next()
        text(e.tenant)
        json.addedApart(openings.count)
        json.close(&out)
    }

    var storeJSON: JSONValue { .object(["root": .orNull(root?.hex), "parentRoot": .orNull(parentRoot?.hex)]) }

    var settlementJSON: JSONValue {
        .object([
            "settled": .count(settlement.settled),
            "unsettled": .count(settlement.unsettled),
            "unmatchedCredits": .count(settlement.unmatchedCredits),
        ])
    }

    var exceptionCountsJSON: JSONValue {
        .object(exceptionCounts.map { JSONMember($0.kind.rawValue, .count($0.count)) })
    }

    var recordsByKindJSON: JSONValue {
        .object(RecordKind.allCases.sorted().map { JSONMember($0.rawValue, recordTotals(kind: $0).jsonValue) })
    }

    var recordsByTenantJSON: JSONValue {
        .object(recordTotalsByTenant.map { JSONMember($0.tenant.rawValue, $0.counts.jsonValue) })
    }

    var filesJSON: JSONValue {
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

    /// Per currency: how many failed events carry an amount, and their sum.
    var failedAmountsJSON: JSONValue {
        .array(
            failedAmounts.map {
                .object(["currency": .string($0.currency), "events": .count($0.events), "totalCents": .int($0.cents)])
            })
    }

    var rejectedJSON: JSONValue {
        .array(
            rejected.map {
                .object([
                    "file": .string($0.file), "line": .orNull($0.location.line),
                    "byteOffset": .count($0.location.byteOffset), "reason": .string($0.reason),
                    "object": .orNull($0.objectID?.hex), "kind": .orNull($0.key?.kind.rawValue),
                    "tenantId": .orNull($0.key?.tenantID.rawValue), "id": .orNull($0.key?.id),
                ])
            })
    }

    var replacedJSON: JSONValue {
        .array(
            replacedRejections.map {
                .object([
                    "kind": .string($0.key.kind.rawValue), "tenantId": .string($0.key.tenantID.rawValue),
                    "id": .string($0.key.id),
                    "object": .string($0.objectID.hex),
                    "rejected": .object([
                        "object": .orNull($0.rejectedObjectID?.hex), "runId": .string($0.rejectedRunID),
                        "file": .string($0.rejectedFile), "line": .orNull($0.rejectedLocation.line),
                        "byteOffset": .count($0.rejectedLocation.byteOffset), "reason": .string($0.rejectedReason),
                    ]),
                ])
            })
    }

    /// The rows `report.json` lists in full (SPEC §6): the night's new and changed open items, and
    /// rows that are not open items (statements not written). Every open item is counted in
    /// `exceptions.counts` and `openItems`, and listed in exceptions.csv.
    var listedExceptions: [Int] {
        exceptionTable.rows.indices.filter {
            exceptionTable.rows[$0].firstSeenDay < 0 || exceptionTable.rows[$0].since != .open
        }
    }

    // MARK: - Aggregates shared by the renderers

    var recordTotals: RecordCounts { records.reduce(into: .zero) { $0 += $1.counts } }

    func recordTotals(kind: RecordKind) -> RecordCounts {
        records.filter { $0.kind == kind }.reduce(into: .zero) { $0 += $1.counts }
    }

    /// Each tenant's totals over all kinds, by tenant, in one pass.
    var recordTotalsByTenant: [(tenant: TenantID, counts: RecordCounts)] {
        var sums: [TenantID: RecordCounts] = [:]
        for t in records { sums[t.tenant, default: .zero] += t.counts }
        return sums.keys.sorted().map { ($0, sums[$0]!) }
    }

    /// Every kind reconciliation finds (zero included), then the outbox's when present, in report order.
    var exceptionCounts: [(kind: ExceptionKind, count: Int)] {
        var counts: [ExceptionKind: Int] = [:]
        for k in ExceptionKind.reconciled { counts[k] = 0 }
        for (kind, count) in exceptionTable.countsByKind { counts[kind, default: 0] += count }
        return counts.keys.sorted().map { ($0, counts[$0]!) }
    }
}

extension RunReport.RecordCounts {
    var jsonValue: JSONValue {
        .object([
            "new": .count(new), "duplicate": .count(duplicate), "conflict": .count(conflict),
            "newVersion": .count(newVersion),
        ])
    }
}

extension JSONValue {
    static func count(_ n: Int) -> JSONValue { .int(Int64(n)) }
    static func orNull(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func orNull(_ n: Int64?) -> JSONValue { n.map { .int($0) } ?? .null }
    static func orNull(_ n: Int?) -> JSONValue { n.map { .int(Int64($0)) } ?? .null }
}
