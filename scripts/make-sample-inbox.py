#!/usr/bin/env python3
"""Regenerates the sample inbox in ./inbox: three tenants, three months of checkout and refund
events spread over webhook files, a gzip NDJSON daily archive, a provider list export that
backfills missed webhooks, platform exports that disagree with the events in realistic ways, and
one corrupt file. Deterministic: the same script always writes the same bytes.

Usage: python3 scripts/make-sample-inbox.py [inbox-dir]
"""
import copy, gzip, json, os, random, shutil, sys
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INBOX = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "inbox")
STRIPE = os.path.join(ROOT, "Tests", "ReconcileKitTests", "Fixtures", "stripe")
rng = random.Random(20260901)

TENANTS = [
    # id, slug, name, percent, iban, currency
    ("tnt_bella", "bella", "Bella Weddings & Events", "7", "DE89370400440532013000", "usd"),
    ("tnt_oak", "oak-barn", "Oak Barn Venue", "12.5", "GB33BUKB20201555555555", "usd"),
    ("tnt_lumen", "lumen", "Lumen Studio", "0", "FR1420041010050500013M02606", "usd"),
]
# Accounts banks identify without an IBAN (Acct/Id/Othr/Id), by tenant: the tenants' `bankAccounts`.
OTHER_ACCOUNTS = {"tnt_lumen": "LUMEN 0042 7781"}
FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Margaret", "Linus", "Radia", "Tim",
         "Frances", "John", "Hedy", "Dennis", "Katherine", "Niklaus", "Sophie", "Donald", "Lynn", "Guido"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Hamilton", "Torvalds",
        "Perlman", "Berners-Lee", "Allen", "Backus", "Lamarr", "Ritchie", "Johnson", "Wirth", "Wilson", "Knuth", "Conway", "Rossum"]
PACKAGES = [("pkg_half_day", 120000), ("pkg_full_day", 250000), ("pkg_weekend", 480000), ("pkg_elopement", 45000)]

def ts(dt): return int(dt.replace(tzinfo=timezone.utc).timestamp())
def iso(dt): return dt.strftime("%Y-%m-%dT%H:%M:%SZ")

def load(name):
    with open(os.path.join(STRIPE, name)) as f: return json.load(f)

CS_SAMPLE = load("checkout.session.json")
CH_SAMPLE = load("charge.json")

def checkout_event(n, tenant, created, event_date, amount, package, person, add_ons):
    cs = copy.deepcopy(CS_SAMPLE)
    email = f"{person[0].lower()}.{person[1].lower()}@example.com"
    cs.update({
        "id": f"cs_live_{n:04d}{rng.randrange(16**8):08x}", "amount_total": amount, "amount_subtotal": amount,
        "currency": "usd", "payment_intent": f"pi_{n:04d}{rng.randrange(16**10):010x}",
        "payment_status": "paid", "status": "complete", "customer_email": email, "created": created,
        "metadata": {"tenantId": tenant, "packageId": package, "eventDate": event_date, "email": email,
                     "coupleName": f"{person[0]} & {person[1]}", "addOnIds": json.dumps(add_ons)},
    })
    cs["customer_details"]["email"] = email
    cs["customer_details"]["name"] = f"{person[0]} {person[1]}"
    return envelope(f"evt_{n:04d}{rng.randrange(16**12):012x}", "checkout.session.completed", created, cs)

def refund_event(n, checkout, created, refunded):
    cs = checkout["data"]["object"]
    ch = copy.deepcopy(CH_SAMPLE)
    ch.update({"id": f"ch_{n:04d}{rng.randrange(16**10):010x}", "payment_intent": cs["payment_intent"],
               "amount": cs["amount_total"], "amount_captured": cs["amount_total"], "amount_refunded": refunded,
               "refunded": refunded >= cs["amount_total"], "currency": "usd", "created": created,
               "metadata": {"tenantId": cs["metadata"]["tenantId"]}})
    return envelope(f"evt_r{n:03d}{rng.randrange(16**12):012x}", "charge.refunded", created, ch)

def envelope(eid, etype, created, obj):
    return {"id": eid, "object": "event", "api_version": "2024-06-20", "created": created,
            "data": {"object": obj}, "livemode": True, "pending_webhooks": 1,
            "request": {"id": f"req_{rng.randrange(16**12):012x}", "idempotency_key": None}, "type": etype}

def write(rel, data, mode="w"):
    path = os.path.join(INBOX, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f: f.write(data)

def main():
    if os.path.isdir(INBOX): shutil.rmtree(INBOX)
    os.makedirs(INBOX)
    start = datetime(2026, 8, 1, 9, 0, 0)
    events, taken = [], set()
    n = 0
    # 66 paid checkouts over August–October 2026.
    while n < 66:
        tenant = TENANTS[n % 3][0]
        created = start + timedelta(hours=rng.randrange(0, 91 * 24), minutes=rng.randrange(60))
        wedding = datetime(2027, 1, 1) + timedelta(days=rng.randrange(0, 300))
        key = (tenant, wedding.date())
        if key in taken: continue
        taken.add(key)
        package, amount = rng.choice(PACKAGES)
        add_ons = rng.sample(["addon_photo", "addon_video", "addon_flowers", "addon_dj"], rng.randrange(0, 3))
        person = (rng.choice(FIRST), rng.choice(LAST))
        events.append(checkout_event(n, tenant, ts(created), wedding.strftime("%Y-%m-%d"), amount, package, person, add_ons))
        n += 1
    events.sort(key=lambda e: (e["created"], e["id"]))
    checkouts = list(events)
    # Refunds: four partial, three full, one partial then full.
    refunds = []
    for i, idx in enumerate([3, 11, 19, 27, 35, 43, 51, 59]):
        c = checkouts[idx]
        total = c["data"]["object"]["amount_total"]
        later = c["created"] + 86400 * rng.randrange(3, 20)
        amount = total if i in (1, 4, 6) else total // 4
        refunds.append(refund_event(i, c, later, amount))
        if i == 7:
            refunds.append(refund_event(100 + i, c, later + 86400 * 2, total))
    # Failures the ledger must report: a second booking for a taken date, an unknown tenant, bad metadata.
    twin = copy.deepcopy(checkouts[5]); twin_obj = twin["data"]["object"]
    twin["id"] = "evt_9001samedate0001"; twin["created"] += 3600
    twin_obj["id"] = "cs_live_9001samedate"; twin_obj["payment_intent"] = "pi_9001samedate"
    ghost = checkout_event(9002, "tnt_ghost", checkouts[20]["created"] + 600, "2027-05-01", 90000, "pkg_half_day", ("Hedy", "Lamarr"), [])
    broken_meta = checkout_event(9003, "tnt_oak", checkouts[30]["created"] + 600, "2027-02-30", 120000, "pkg_half_day", ("Tim", "Wirth"), [])
    ignored = envelope("evt_9004paymentfailed", "payment_intent.payment_failed", checkouts[40]["created"] + 60,
                       {"id": "pi_9004failed", "object": "payment_intent", "amount": 45000, "metadata": {"tenantId": "tnt_bella"}})
    all_events = sorted(checkouts + refunds + [twin, ghost, broken_meta, ignored], key=lambda e: (e["created"], e["id"]))

    # The provider's list export backfills four webhooks the platform never received.
    missed = {checkouts[i]["id"] for i in (7, 23, 44)} | {refunds[2]["id"]}
    delivered = [e for e in all_events if e["id"] not in missed]

    by_month = {}
    for e in delivered:
        by_month.setdefault(datetime.fromtimestamp(e["created"], timezone.utc).strftime("%Y-%m"), []).append(e)
    # August: one pretty webhook body per file, as the webhook receiver saved them.
    for e in by_month["2026-08"]:
        write(f"webhooks/2026-08/{e['id']}.json", json.dumps(e, indent=2) + "\n")
    # September: NDJSON batches per week.
    for week in range(5):
        batch = [e for e in by_month["2026-09"] if (datetime.fromtimestamp(e["created"], timezone.utc).day - 1) // 7 == week]
        if batch: write(f"webhooks/2026-09/week-{week + 1}.ndjson", "".join(json.dumps(e) + "\n" for e in batch))
    # October: the webhook receiver's daily archive, gzip NDJSON.
    october = by_month["2026-10"]
    write("webhooks/2026-10/archive-2026-10.ndjson.gz", gzip.compress("".join(json.dumps(e) + "\n" for e in october).encode(), mtime=0), "wb")
    # Retries: the same webhook delivered again, in other files, with other delivery fields.
    for e in (by_month["2026-08"][2], by_month["2026-09"][4], october[6]):
        again = copy.deepcopy(e); again["pending_webhooks"] = 0; again["request"]["id"] = "req_retry"
        write(f"webhooks/retries/{e['id']}-retry.json", json.dumps(again, indent=2) + "\n")
    write("webhooks/retries/batch-retries.ndjson", "".join(json.dumps(e) + "\n" for e in by_month["2026-08"][2:4]))
    # A conflict: the same event id with a changed amount.
    forged = copy.deepcopy(by_month["2026-09"][1]); forged["data"]["object"]["amount_total"] = 1
    write("webhooks/retries/zz-conflicting-replay.json", json.dumps(forged, indent=2) + "\n")
    # The provider's export of events for the quarter, one list page, including the missed ones.
    page = [e for e in all_events if e["id"] in missed] + [e for e in all_events[:5]]
    page = [dict(e, pending_webhooks=0, request={"id": None, "idempotency_key": None}) for e in page]
    write("provider/events-export-2026-q3.json", json.dumps({"object": "list", "url": "/v1/events", "has_more": False, "data": page}, indent=2) + "\n")
    # One corrupt file: a webhook body cut off mid-write.
    write("webhooks/2026-10/evt_truncated.json", json.dumps(october[0], indent=2)[:700])

    # Platform exports.
    tenants = [{"id": t[0], "slug": t[1], "name": t[2], "commissionPercent": t[3], "ibans": [t[4]], "currency": t[5]} for t in TENANTS]
    for t in tenants:
        if t["id"] in OTHER_ACCOUNTS: t["bankAccounts"] = [OTHER_ACCOUNTS[t["id"]]]
    write("platform/tenants-2026-08-01.json", json.dumps({"exportType": "tenants", "exportedAt": "2026-08-01T00:00:00Z", "records": tenants}, indent=2) + "\n")
    # Oak Barn renegotiated its rate from 12.5 % to 10 % on 1 October.
    oak = dict(tenants[1], commissionPercent="10")
    write("platform/tenants-2026-10-01.ndjson", json.dumps(dict(oak, object="tenant", exportedAt="2026-10-01T00:00:00Z")) + "\n")

    bookings = []
    rates = {"tnt_bella": 700, "tnt_oak": 1250, "tnt_lumen": 0}
    def commission(total, bp):
        c = -(-total * bp // 10000); return min(max(c, -(-total * 50 // 10000)), -(-total * 5000 // 10000))
    for i, c in enumerate(checkouts):
        cs = c["data"]["object"]; md = cs["metadata"]
        bp = rates[md["tenantId"]]
        if md["tenantId"] == "tnt_oak" and c["created"] >= ts(datetime(2026, 10, 1)): bp = 1000
        status = "PAID"
        for r in refunds:
            if r["data"]["object"]["payment_intent"] == cs["payment_intent"] and r["data"]["object"]["amount_refunded"] >= cs["amount_total"]:
                status = "REFUNDED"
        b = {"id": f"bk_{i:04d}", "tenantId": md["tenantId"], "date": md["eventDate"], "status": status,
             "totalCents": cs["amount_total"], "commissionAmount": commission(cs["amount_total"], bp),
             "checkoutSessionId": cs["id"], "paymentIntentId": cs["payment_intent"],
             "confirmationCode": f"{md['tenantId'][4:].upper()}-{i:04d}", "email": md["email"]}
        bookings.append(b)
    # Realistic disagreements.
    del bookings[12]                                   # a paid checkout the platform never recorded
    bookings[3]["totalCents"] += 5000                  # the platform shows another price
    bookings[8]["status"] = "CANCELED"                 # canceled on the platform, still paid at the provider
    bookings[15]["date"] = "2027-12-31"                # moved date on the platform only
    bookings[20]["commissionAmount"] += 100            # the platform's commission is off by a dollar
    bookings.append({"id": "bk_9999", "tenantId": "tnt_bella", "date": "2027-03-03", "status": "CONFIRMED",
                     "totalCents": 99000, "commissionAmount": 6930, "checkoutSessionId": "cs_live_manual_9999",
                     "confirmationCode": "BELLA-9999", "email": "walk.in@example.com"})  # no payment event
    write("platform/bookings-2026-10-31.json", json.dumps({"exportType": "bookings", "exportedAt": "2026-10-31T23:00:00Z", "records": bookings}, indent=2) + "\n")

    write_bank_reports(checkouts, refunds, bookings)

    json.dump({"checkouts": len(checkouts), "refunds": len(refunds), "events": len(all_events),
               "missed_webhooks": sorted(missed)}, open(os.path.join(ROOT, "scripts", "sample-manifest.json"), "w"), indent=2)
    # Fixed modification times, so a fresh copy is never "being written" and outputs stay reproducible.
    for dirpath, _, files in os.walk(INBOX):
        for f in files: os.utime(os.path.join(dirpath, f), (ts(datetime(2026, 11, 1)), ts(datetime(2026, 11, 1))))

def write_bank_reports(checkouts, refunds, bookings):
    """A camt.053 end-of-day statement per tenant account for 31 October settling most August and
    September payments (by confirmation code, or by checkout session id in the remittance text),
    with one short payment, one credit naming nothing, a fee debit, and an intraday camt.052 that
    repeats one entry of the statement (it must count once)."""
    fully_refunded = {r["data"]["object"]["payment_intent"] for r in refunds
                      if r["data"]["object"]["amount_refunded"] >= r["data"]["object"]["amount"]}
    codes = {b.get("checkoutSessionId"): b.get("confirmationCode") for b in bookings}
    october = ts(datetime(2026, 10, 1))
    by_tenant = {t[0]: [] for t in TENANTS}
    for i, c in enumerate(checkouts):
        cs = c["data"]["object"]
        if c["created"] >= october or cs["payment_intent"] in fully_refunded or i % 5 == 4:
            continue
        by_tenant[cs["metadata"]["tenantId"]].append((i, c))
    entries_by_tenant, repeated = {}, None
    for t in TENANTS:
        entries = []
        for n, (i, c) in enumerate(by_tenant[t[0]]):
            cs = c["data"]["object"]
            paid = datetime.fromtimestamp(c["created"], timezone.utc) + timedelta(days=2)
            amount = cs["amount_total"] - (2500 if n == 3 and t[0] == "tnt_oak" else 0)
            code = codes.get(cs["id"])
            refs = {"e2e": code, "ustrd": f"Booking {code}"} if code and n % 2 == 0 else {"e2e": "NOTPROVIDED", "ustrd": f"Stripe payout {cs['id']}"}
            entries.append(ntry(f"{t[1].upper()}-{i:04d}", amount, "CRDT", paid.strftime("%Y-%m-%d"), refs))
        entries.append(ntry(f"{t[1].upper()}-FEE-10", 1500, "DBIT", "2026-10-31", {"e2e": "NOTPROVIDED", "ustrd": "Account fee October"}))
        if t[0] == "tnt_bella":
            entries.append(ntry("BELLA-UNKNOWN-1", 77700, "CRDT", "2026-10-30", {"e2e": "NOTPROVIDED", "ustrd": "Deposit INV-20931"}))
            repeated = (t, entries[0])
        entries_by_tenant[t] = entries
    statements = "".join(stmt(t, entries, "Stmt") for t, entries in entries_by_tenant.items())
    write("bank/camt053-2026-10-31.xml", document("camt.053.001.08", "BkToCstmrStmt", "STMT-20261031", statements))
    t, entry = repeated
    write("bank/intraday/camt052-2026-09-08.xml", document("camt.052.001.08", "BkToCstmrAcctRpt", "RPT-20260908-1", stmt(t, [entry], "Rpt")))
    write_statement_without_references(checkouts, fully_refunded, codes)

def write_statement_without_references(checkouts, fully_refunded, codes):
    """Lumen's October statement from a second bank, as real ones come: camt.053.001.02, the account
    identified by Acct/Id/Othr/Id (no IBAN), no AcctSvcrRef or NtryRef on any entry, two equal
    debits on one day that differ only in TxId, a credit without BookgDt or ValDt, and the
    statement's balances, which the run checks: opening + credits - debits = closing."""
    october = ts(datetime(2026, 10, 1))
    entries, credits, debits = [], 0, 0
    for c in checkouts:
        cs = c["data"]["object"]
        if cs["metadata"]["tenantId"] != "tnt_lumen" or c["created"] < october or cs["payment_intent"] in fully_refunded:
            continue
        paid = datetime.fromtimestamp(c["created"], timezone.utc) + timedelta(days=1)
        code = codes.get(cs["id"])
        dated = len(entries) != 1  # the second credit carries no booking or value date
        entries.append(noref_ntry(len(entries) + 1, cs["amount_total"], "CRDT", paid.strftime("%Y-%m-%d") if dated else None,
                                  code or "NOTPROVIDED", f"Booking {code}" if code else f"Payout {cs['id']}"))
        credits += cs["amount_total"]
    for n in range(2):  # the same rental paid twice on one day: two real debits
        entries.append(noref_ntry(len(entries) + 1, 4500, "DBIT", "2026-10-27", "NOTPROVIDED", "Equipment rental October"))
        debits += 4500
    entries.append(noref_ntry(len(entries) + 1, 1500, "DBIT", "2026-10-31", None, "Account fee October"))
    debits += 1500
    opening = 125000
    closing = opening + credits - debits
    def bal(code, cents):
        return f"""      <Bal>
        <Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>
        <Amt Ccy="USD">{money(cents)}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>{"2026-10-01" if code == "OPBD" else "2026-10-31"}</Dt></Dt>
      </Bal>
"""
    body = f"""    <Stmt>
      <Id>LUMEN-2026-10</Id>
      <ElctrncSeqNb>10</ElctrncSeqNb>
      <LglSeqNb>10</LglSeqNb>
      <CreDtTm>2026-10-31T23:30:00Z</CreDtTm>
      <FrToDt>
        <FrDtTm>2026-10-01T00:00:00Z</FrDtTm>
        <ToDtTm>2026-10-31T23:59:59Z</ToDtTm>
      </FrToDt>
      <Acct>
        <Id><Othr><Id>{OTHER_ACCOUNTS["tnt_lumen"]}</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id>
        <Ccy>USD</Ccy>
      </Acct>
{bal("OPBD", opening)}{bal("CLBD", closing)}{"".join(entries)}    </Stmt>
"""
    write("bank/lumen-bank/camt053-2026-10.xml", document("camt.053.001.02", "BkToCstmrStmt", "LUMEN-MSG-2026-10", body))

def money(cents): return f"{cents // 100}.{cents % 100:02d}"

def noref_ntry(n, cents, direction, date, e2e, ustrd):
    dates = f"""        <BookgDt><Dt>{date}</Dt></BookgDt>
        <ValDt><Dt>{date}</Dt></ValDt>
""" if date else ""
    details = f"""        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>{e2e}</EndToEndId><TxId>LUMEN-TX-{n:04d}</TxId></Refs>
            <RmtInf><Ustrd>{ustrd}</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
""" if e2e else f"""        <AddtlNtryInf>{ustrd}</AddtlNtryInf>
"""
    return f"""      <Ntry>
        <Amt Ccy="USD">{money(cents)}</Amt>
        <CdtDbtInd>{direction}</CdtDbtInd>
        <Sts>BOOK</Sts>
{dates}{details}      </Ntry>
"""

def ntry(ref, cents, direction, date, refs):
    amount = money(cents)
    return f"""      <Ntry>
        <NtryRef>{ref}</NtryRef>
        <Amt Ccy="USD">{amount}</Amt>
        <CdtDbtInd>{direction}</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>{date}</Dt></BookgDt>
        <ValDt><Dt>{date}</Dt></ValDt>
        <AcctSvcrRef>ACS-{ref}</AcctSvcrRef>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>{refs["e2e"]}</EndToEndId></Refs>
            <RmtInf><Ustrd>{refs["ustrd"]}</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
"""

def stmt(tenant, entries, element):
    return f"""    <{element}>
      <Id>{element.upper()}-{tenant[1].upper()}</Id>
      <CreDtTm>2026-10-31T22:00:00Z</CreDtTm>
      <Acct>
        <Id><IBAN>{tenant[4]}</IBAN></Id>
        <Ccy>USD</Ccy>
      </Acct>
{"".join(entries)}    </{element}>
"""

def document(message, root, msg_id, body):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:{message}">
  <{root}>
    <GrpHdr>
      <MsgId>{msg_id}</MsgId>
      <CreDtTm>2026-10-31T22:00:00Z</CreDtTm>
    </GrpHdr>
{body}  </{root}>
</Document>
"""

if __name__ == "__main__":
    main()
