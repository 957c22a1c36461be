@testable import ReconcileKit

/// The report as one JSON value: the reference `report.json` is compared with
/// (`PrettyJSON.encode(report.jsonValue)` gives its bytes), built as a tree.
extension RunReport {
    /// The report as a JSON value: integer cents, full object ids, lists in the initialiser's
    /// order. See docs/outbox.md for the schema.
    var jsonValue: JSONValue {
        .object([
            "schemaVersion": .int(Self.jsonSchemaVersion),
            "runId": .string(runID),
            "asOf": .string(UTCTime.rfc3339(asOf)),
            "bank": bank.jsonValue,
            "store": storeJSON,
            "files": filesJSON,
            "records": recordsJSON,
            "events": eventsJSON,
            "backfilled": backfilledJSON,
            "conflicts": conflictsJSON,
            "rejectedRecords": rejectedJSON,
            "replacedRejections": replacedJSON,
            "exceptions": exceptionsJSON,
            "openItems": openItemsJSON,
            "money": moneyJSON,
            "settlement": settlementJSON,
        ])
    }

    var recordsJSON: JSONValue {
        let rows: [JSONValue] = records.map { t in
            var members = [
                JSONMember("kind", .string(t.kind.rawValue)), JSONMember("tenantId", .string(t.tenant.rawValue)),
            ]
            if case .object(let counts) = t.counts.jsonValue { members += counts }
            return .object(members)
        }
        return .object([
            "total": recordTotals.jsonValue,
            "byKind": recordsByKindJSON,
            "byTenant": recordsByTenantJSON,
            "byKindAndTenant": .array(rows),
        ])
    }

    var eventsJSON: JSONValue {
        let failed: [JSONValue] = events.failed.map {
            .object([
                "eventId": .string($0.eventID), "tenantId": .string($0.tenant.rawValue),
                "lastError": .string($0.lastError),
                "advice": .string($0.advice), "amountCents": .orNull($0.amountCents),
                "currency": .orNull($0.currency.map(OutboxFormat.currencyCode)),
            ])
        }
        return .object([
            "applied": .count(events.applied), "ignored": .count(events.ignored), "failed": .array(failed),
            "failedAmounts": failedAmountsJSON,
        ])
    }

    var backfilledJSON: JSONValue {
        .array(
            backfilled.map {
                .object([
                    "eventId": .string($0.eventID), "tenantId": .string($0.tenant.rawValue), "type": .string($0.type),
                ])
            })
    }

    var exceptionsJSON: JSONValue {
        let today = CalendarDate(unixSeconds: asOf).daysSinceEpoch
        let items: [JSONValue] = listedExceptions.map { i in
            let e = exceptionTable[i]
            let r = exceptionTable.rows[i]
            let aged = r.firstSeenDay >= 0
            // In key order, so the encoder need not sort 100 000s of objects.
            return .object([
                "actualCents": .orNull(e.actual),
                "ageDays": .orNull(aged ? today - Int64(r.firstSeenDay) : nil),
                "bankAccount": .orNull(e.bankAccount),
                "bankBookingDate": .orNull(e.bankBookingDate),
                "bankEntryId": .orNull(e.bankEntryID),
                "bankReference": .orNull(e.bankReference),
                "bookingRef": .orNull(e.bookingRef),
                "comparedWith": .orNull(e.source?.rawValue),
                "currency": .orNull(e.currency.map(OutboxFormat.currencyCode)),
                "detail": .string(e.detail),
                "differenceCents": .orNull(e.differenceCents),
                "eventId": .orNull(e.eventID),
                "expectedCents": .orNull(e.expected),
                "firstSeen": .orNull(aged ? CalendarDate(unixSeconds: Int64(r.firstSeenDay) * 86_400).text : nil),
                "kind": .string(e.kind.rawValue),
                "ledgerBookingId": .orNull(e.bookingID),
                "platformBookingId": .orNull(e.platformBookingID),
                "sinceLastRun": .orNull(aged ? r.since.text : nil),
                "tenantId": .string(e.tenantID.rawValue),
            ])
        }
        return .object(["counts": exceptionCountsJSON, "items": .array(items)])
    }
}

extension RunReport.Bank {
    /// The `bank` member of the report as one value.
    var jsonValue: JSONValue {
        .object([
            JSONMember("keptWhole", keptWholeJSON),
            JSONMember("notBooked", notBookedJSON),
            JSONMember("statements", .array(statements.map(Self.statementJSON))),
        ])
    }
}
