import Foundation
import Testing

@testable import ReconcileKit

/// What a finance team checks in the sample outbox: the statements add up to the
/// summaries, every line says what it is, and the report shows the money behind failures and
/// conflicts.
@Suite struct SampleStatementFiguresTests {
    /// RFC 4180 rows of a CSV file as dictionaries by header name.
    static func rows(_ text: String) -> [[String: String]] {
        var records: [[String]] = []
        var field = ""
        var record: [String] = []
        var quoted = false
        var chars = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = chars.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r\n" || c == "\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.append(c)
            }
        }
        let header = records.removeFirst()
        return records.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func cents(_ text: String?) -> Int64 {
        guard let text, !text.isEmpty else { return 0 }
        let negative = text.hasPrefix("-")
        let parts = text.drop { $0 == "-" }.split(separator: ".")
        let value = Int64(parts[0])! * 100 + Int64(parts[1])!
        return negative ? -value : value
    }

    nonisolated(unsafe) static let sample: Workspace = {
        let workspace = try! Workspace()
        _ = try! workspace.run(["--as-of", SampleRunTests.asOf])
        return workspace
    }()

    @Test func summingEveryMoneyColumnOfEveryStatementCSVGivesTheSummaryTotals() throws {
        let flows = [
            "gross": "gross", "commission_charged": "commission_charged", "refund": "refunds",
            "commission_reversed": "commission_reversed", "net_commission": "net_commission", "net": "net",
        ]
        for month in ["2026-08", "2026-09", "2026-10"] {
            let summary = Self.rows(try Self.sample.read("outbox/statements/\(month)/summary.csv"))
            var sums: [String: Int64] = [:]
            for tenant in ["tnt_bella", "tnt_lumen", "tnt_oak"] {
                let lines = Self.rows(try Self.sample.read("outbox/statements/\(month)/\(tenant).csv"))
                #expect(
                    lines.allSatisfy { $0["tenant_id"] == tenant && $0["month"] == month && $0["currency"] == "USD" })
                #expect(lines.allSatisfy { $0["date"]!.hasPrefix(month) }, "no totals row among the lines")
                var tenantSums: [String: Int64] = [:]
                for line in lines {
                    for column in flows.keys { tenantSums[column, default: 0] += Self.cents(line[column]) }
                }
                let row = try #require(summary.first { $0["tenant_id"] == tenant })
                for (column, summaryColumn) in flows {
                    #expect(tenantSums[column] == Self.cents(row[summaryColumn]), "\(month) \(tenant) \(column)")
                    sums[column, default: 0] += tenantSums[column]!
                }
            }
            let total = try #require(summary.first { $0["tenant_id"] == "" })
            for (column, summaryColumn) in flows {
                #expect(sums[column] == Self.cents(total[summaryColumn]), "\(month) total \(column)")
            }
        }
    }

    @Test func aLineChargedTheMinimumShowsTheRateAppliedAndSaysSo() throws {
        let lines = Self.rows(try Self.sample.read("outbox/statements/2026-09/tnt_lumen.csv"))
        #expect(!lines.isEmpty)
        for line in lines where line["kind"] == "payment" {
            #expect(line["rate_applied_percent"] == "0.50")
            #expect(line["rate_note"] == "0.5 % minimum applied (tenant rate 0.00%)")
        }
        let html = try Self.sample.read("outbox/statements/2026-09/tnt_lumen.html")
        #expect(html.contains("The 0.5&nbsp;% minimum applied"))
        #expect(html.contains("0.50% <span class=\"muted\">(minimum)</span>"))
    }

    @Test func linesNameThePlatformBookingTheEventDateAndThePackageAndKeepTheSession() throws {
        let lines = Self.rows(try Self.sample.read("outbox/statements/2026-09/tnt_oak.csv"))
        let matched = lines.filter { !($0["platform_booking_id"] ?? "").isEmpty }
        #expect(!matched.isEmpty)
        for line in matched {
            #expect(line["platform_booking_id"]!.hasPrefix("bk_"))
            #expect(line["session_id"]!.hasPrefix("cs_"))
            #expect(line["event_date"]!.count == 10)
        }
        #expect(lines.contains { !($0["package_id"] ?? "").isEmpty })
    }

    @Test func aRefundLineNamesTheMonthAndAmountOfThePaymentItReverses() throws {
        var refunds: [[String: String]] = []
        for month in ["2026-08", "2026-09", "2026-10"] {
            for tenant in ["tnt_bella", "tnt_lumen", "tnt_oak"] {
                refunds += Self.rows(try Self.sample.read("outbox/statements/\(month)/\(tenant).csv")).filter {
                    $0["kind"] == "refund"
                }
            }
        }
        #expect(!refunds.isEmpty)
        for r in refunds {
            let original = try #require(r["original_month"])
            #expect(original.count == 7 && original <= r["month"]!)
            #expect(Self.cents(r["original_gross"]) >= Self.cents(r["refund"]))
            #expect(Self.cents(r["original_commission"]) >= Self.cents(r["commission_reversed"]))
        }
        #expect(refunds.contains { $0["original_month"]! < $0["month"]! }, "a refund of an earlier month's booking")
    }

    @Test func ratesAppliedCountOnlyTheMonthsPayments() throws {
        for month in ["2026-08", "2026-09", "2026-10"] {
            for tenant in ["tnt_bella", "tnt_lumen", "tnt_oak"] {
                let json = try JSONParser().parse(
                    Array(try Self.sample.read("outbox/statements/\(month)/\(tenant).json").utf8))
                let paymentRates = Set(
                    (json["lines"]?.arrayValue ?? []).filter { $0["kind"] == .string("payment") }.map {
                        $0["appliedBasisPoints"]?.intValue
                    })
                let listed = Set((json["ratesApplied"]?.arrayValue ?? []).map { $0["basisPoints"]?.intValue })
                #expect(listed == paymentRates, "\(month) \(tenant)")
            }
        }
    }

    @Test func failedEventsShowTheirAmountsTotalsAndAdviceForTheirReason() throws {
        let report = try JSONParser().parse(Array(try Self.sample.read("outbox/runs/latest/report.json").utf8))
        let failed = try #require(report["events"]?["failed"]?.arrayValue)
        #expect(failed.count == 3)
        #expect(
            report["events"]?["failedAmounts"]
                == .array([.object(["currency": .string("USD"), "events": .int(3), "totalCents": .int(330_000)])]))
        for f in failed {
            let error = f["lastError"]?.stringValue ?? ""
            let advice = f["advice"]?.stringValue ?? ""
            if error.contains("already booked") {
                #expect(advice.contains("refund") && advice.contains("new date") && advice.contains("cannot help"))
            } else if error.hasPrefix("Invalid metadata") {
                #expect(advice.contains("cannot fix"))
            } else if error == "Unknown tenant" {
                #expect(advice.contains("reconcile retry") && !advice.contains("cannot"))
            }
        }
    }

    @Test func aConflictingRecordIsListedWithTheStoredAndTheNewcomersAmount() throws {
        let report = try JSONParser().parse(Array(try Self.sample.read("outbox/runs/latest/report.json").utf8))
        let conflicts = try #require(report["conflicts"]?.arrayValue)
        let c = try #require(conflicts.first { $0["id"] == .string("evt_0008c5cd354cb230") })
        #expect(c["tenantId"] == .string("tnt_lumen"))
        #expect(c["file"] == .string("webhooks/retries/zz-conflicting-replay.json"))
        #expect(c["line"] == .int(1))
        #expect(c["storedAmountCents"] == .int(480_000))
        #expect(c["newcomerAmountCents"] == .int(1))
        let md = try Self.sample.read("outbox/runs/latest/report.md")
        #expect(
            md.contains(
                "| event | `tnt_lumen` | `evt_0008c5cd354cb230` | `webhooks/retries/zz-conflicting-replay.json` | line 1 | USD | 4,800.00 | 0.01 |"
            ))
    }

    @Test func aLineWhoseBookingHasAnOpenExceptionIsMarkedOnTheStatement() throws {
        let exceptions = Self.rows(try Self.sample.read("outbox/runs/latest/exceptions.csv"))
        let lines = Self.rows(try Self.sample.read("outbox/statements/2026-09/tnt_lumen.csv"))
        let flagged = lines.filter { !($0["open_exceptions"] ?? "").isEmpty }
        #expect(!flagged.isEmpty)
        for line in flagged {
            for kind in line["open_exceptions"]!.split(separator: " ") {
                #expect(
                    exceptions.contains {
                        $0["kind"] == String(kind) && $0["tenant_id"] == "tnt_lumen"
                            && $0.values.contains(line["session_id"]!)
                    })
            }
        }
        let html = try Self.sample.read("outbox/statements/2026-09/tnt_lumen.html")
        #expect(html.contains("<span class=\"flag\">Open: unsettled booking</span>"))
    }

    @Test func exceptionsCSVPutsEveryValueInTheColumnOfItsSide() throws {
        let rows = Self.rows(try Self.sample.read("outbox/runs/latest/exceptions.csv"))
        let credit = try #require(rows.first { $0["kind"] == "unmatched_bank_credit" })
        #expect(credit["compared_with"] == "bank")
        #expect(!credit["bank_entry_id"]!.isEmpty && !credit["bank_booking_date"]!.isEmpty)
        #expect(!credit["bank_reference"]!.isEmpty && !credit["bank_account"]!.isEmpty)
        #expect(!credit["bank_amount"]!.isEmpty && credit["ledger_amount"] == "" && credit["platform_amount"] == "")
        let mismatch = try #require(rows.first { $0["kind"] == "amount_mismatch" && $0["compared_with"] == "platform" })
        #expect(
            !mismatch["ledger_amount"]!.isEmpty && !mismatch["platform_amount"]!.isEmpty
                && mismatch["bank_amount"] == "")
        #expect(mismatch["ledger_session_id"]!.hasPrefix("cs_") && mismatch["platform_booking_id"]!.hasPrefix("bk_"))
        for row in rows where !row["ledger_session_id"]!.isEmpty {
            #expect(row["currency"] == "USD", "a ledger booking's currency is known: \(row)")
        }
    }

    @Test func anUnsettledBookingExpectsWhatIsStillOutstandingAfterPartialRefunds() throws {
        let rows = Self.rows(try Self.sample.read("outbox/runs/latest/exceptions.csv")).filter {
            $0["kind"] == "unsettled_booking"
        }
        #expect(!rows.isEmpty)
        var refunded: [String: Int64] = [:]
        var gross: [String: Int64] = [:]
        for month in ["2026-08", "2026-09", "2026-10"] {
            for tenant in ["tnt_bella", "tnt_lumen", "tnt_oak"] {
                for line in Self.rows(try Self.sample.read("outbox/statements/\(month)/\(tenant).csv")) {
                    refunded[line["session_id"]!, default: 0] += Self.cents(line["refund"])
                    gross[line["session_id"]!, default: 0] += Self.cents(line["gross"])
                }
            }
        }
        for row in rows {
            let session = row["ledger_session_id"]!
            #expect(Self.cents(row["ledger_amount"]) == gross[session]! - refunded[session]!, "\(session)")
        }
    }

    @Test func theNightsControlTotalsAndRollForwardAgreeWithTheStatements() throws {
        let report = try JSONParser().parse(Array(try Self.sample.read("outbox/runs/latest/report.json").utf8))
        let money = try #require(report["money"])
        var gross: Int64 = 0
        var refunds: Int64 = 0
        var commission: Int64 = 0
        var net: Int64 = 0
        var rolls = 0
        for month in ["2026-08", "2026-09", "2026-10"] {
            for row in Self.rows(try Self.sample.read("outbox/statements/\(month)/summary.csv"))
            where row["tenant_id"] != "" {
                gross += Self.cents(row["gross"])
                refunds += Self.cents(row["refunds"])
                commission += Self.cents(row["commission_charged"])
                net += Self.cents(row["net"])
                let roll = try #require(
                    money["rollForward"]?.arrayValue?.first {
                        $0["tenantId"] == .string(row["tenant_id"]!) && $0["month"] == .string(month)
                    })
                #expect(roll["opening"]?["netCents"] == .int(0), "a first run opens every statement at zero")
                #expect(roll["closing"]?["netCents"] == .int(Self.cents(row["net"])))
                #expect(roll["closing"]?["netCommissionCents"] == .int(Self.cents(row["net_commission"])))
                rolls += 1
            }
        }
        #expect(money["rollForward"]?.arrayValue?.count == rolls)
        let night = try #require(money["control"]?.arrayValue?.first { $0["currency"] == .string("USD") }?["night"])
        #expect(night["grossCents"] == .int(gross))
        #expect(night["refundCents"] == .int(refunds))
        #expect(night["commissionCents"] == .int(commission))
        #expect(night["netCents"] == .int(net))
        let open = try #require(money["openExceptions"]?.arrayValue)
        guard case .object(let counts)? = report["exceptions"]?["counts"] else {
            Issue.record("no exception counts")
            return
        }
        let exceptionCount = counts.reduce(0) { $0 + ($1.value.intValue ?? 0) }
        #expect(exceptionCount == 28)
        #expect(
            open.reduce(0) { $0 + ($1["count"]?.intValue ?? 0) } == exceptionCount,
            "every exception of the night is open")
    }
}
