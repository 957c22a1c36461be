#!/usr/bin/env python3
"""Deterministic benchmark data for `reconcile` (see docs/performance.md).

Writes, under OUT (default bench-data/<events>):

  plain/inbox/platform/tenants.json                the tenants export (all tenants, with rates)
  plain/inbox/provider/events-NNN.ndjson           the events, split into --files parts
  gzip/inbox/platform/tenants.json.gz              the same files, gzipped
  gzip/inbox/provider/events-NNN.ndjson.gz
  incremental/events-incr.ndjson(.gz)              --incremental new events for the second run
  manifest.json                                    sizes and counts (the bench scripts read it)

Events are Stripe-shaped (`checkout.session.completed`, `charge.refunded`, and an ignored
`payment_intent.payment_failed`), one compact JSON object per line, about 700 bytes each. The mix:
about 4 % exact duplicates (a webhook retry, later in the stream), 0.5 % conflicts (same event id,
different content), 6 % refunds of an earlier checkout, 2 % ignored types, and dates drawn from two
years per tenant so that some checkouts find their date already booked. The same arguments always
give the same bytes (fixed seed, gzip mtime 0).
"""
import argparse
import gzip
import json
import os
import random
import sys

BASE_TIME = 1767225600  # 2026-01-01T00:00:00Z
DAY = 86400
PACKAGES = ["pkg_full_day", "pkg_half_day", "pkg_evening", "pkg_weekend"]
FIRST = ["ada", "grace", "alan", "barbara", "edsger", "frances", "john", "katherine", "linus", "margaret"]
LAST = ["lovelace", "hopper", "turing", "liskov", "dijkstra", "allen", "backus", "johnson", "torvalds", "hamilton"]


def tenant_id(t):
    return "tnt_%05d" % t


def checkout(rng, seq, created, tenant, date, amount, pi):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = "%s.%s%d@example.com" % (first, last, seq % 997)
    cs = "cs_live_%016x" % (seq * 2654435761 % (1 << 64))
    obj = (
        '{"id":"%s","object":"checkout.session","amount_subtotal":%d,"amount_total":%d,'
        '"created":%d,"currency":"usd","customer":null,'
        '"customer_email":"%s","expires_at":%d,"livemode":true,'
        '"metadata":{"tenantId":"%s","packageId":"%s","eventDate":"%s","email":"%s","coupleName":"%s & %s","addOnIds":"[\\"addon_video\\"]"},'
        '"mode":"payment","payment_intent":"%s","payment_status":"paid","status":"complete"}'
    ) % (cs, amount, amount, created, email, created + DAY,
         tenant_id(tenant), rng.choice(PACKAGES), date, email, first.title(), last.title(), pi)
    return "checkout.session.completed", obj


def refund(rng, seq, created, tenant, amount, refunded, pi):
    ch = "ch_%014x" % (seq * 40503 % (1 << 56))
    obj = (
        '{"id":"%s","object":"charge","amount":%d,"amount_captured":%d,"amount_refunded":%d,"application_fee_amount":null,'
        '"balance_transaction":"txn_%014x",'
        '"captured":true,"created":%d,"currency":"usd","customer":null,"description":null,"disputed":false,"livemode":true,'
        '"metadata":{"tenantId":"%s"},"outcome":{"risk_level":"normal","type":"authorized"},'
        '"paid":true,"payment_intent":"%s","payment_method_details":{"card":{"brand":"visa","last4":"4242"},"type":"card"},'
        '"receipt_url":null,"refunded":%s,"status":"succeeded"}'
    ) % (ch, amount, amount, refunded, seq, created, tenant_id(tenant), pi, "true" if refunded >= amount else "false")
    return "charge.refunded", obj


def failed(rng, seq, created, tenant, amount, pi):
    obj = (
        '{"id":"%s","object":"payment_intent","amount":%d,"amount_received":0,"created":%d,"currency":"usd",'
        '"last_payment_error":{"code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds.","type":"card_error"},'
        '"livemode":true,"metadata":{"tenantId":"%s"},"payment_method_types":["card"],"status":"requires_payment_method"}'
    ) % (pi, amount, created, tenant_id(tenant))
    return "payment_intent.payment_failed", obj


def envelope(event_id, created, etype, obj, request_seq):
    return ('{"id":"%s","object":"event","api_version":"2024-06-20","created":%d,"data":{"object":%s},'
            '"livemode":true,"pending_webhooks":%d,"request":{"id":"req_%012x","idempotency_key":null},"type":"%s"}'
            % (event_id, created, obj, request_seq % 3, request_seq, etype))


def make_events(rng, count, tenants, first_seq, start_time, span):
    """Event lines in time order: new events, with retries and conflicts mixed in; returns (lines, last seq)."""
    state = {}
    lines = list(iter_events(rng, count, tenants, first_seq, start_time, span, state))
    return lines, state["seq"]


def iter_events(rng, count, tenants, first_seq, start_time, span, state):
    """Yields the event lines of make_events one by one (nothing kept but the recent pools), so that
    10M events need not sit in memory; the last seq is left in state["seq"]. Same bytes as before."""
    n = 0
    paid = []  # (tenant, amount, pi) of earlier checkouts, for refunds
    recent = []  # (event line, event id, tenant, created) for duplicates and conflicts
    step = span / max(count, 1)
    seq = first_seq
    while n < count:
        created = start_time + int(n * step)
        r = rng.random()
        if r < 0.04 and recent:
            n += 1
            state["seq"] = seq
            yield rng.choice(recent[-2000:])[0]  # a webhook retry: the exact same line
            continue
        if r < 0.045 and recent:
            line, eid, tenant, c = rng.choice(recent[-2000:])
            amount = rng.randrange(100, 900000, 100)
            etype, obj = failed(rng, seq, c, tenant, amount, "pi_c%013x" % seq)
            n += 1
            line = envelope(eid, c, etype, obj, seq)  # same id, different content
            seq += 1
            state["seq"] = seq
            yield line
            continue
        seq += 1
        tenant = rng.randrange(tenants)
        event_id = "evt_%016x" % (seq * 11400714819323198485 % (1 << 64))
        if r < 0.105 and paid:
            t, amount, pi = rng.choice(paid[-5000:])
            refunded = amount if rng.random() < 0.5 else amount // 2
            etype, obj = refund(rng, seq, created, t, amount, refunded, pi)
            tenant = t
        elif r < 0.125:
            etype, obj = failed(rng, seq, created, tenant, rng.randrange(100, 900000, 100), "pi_f%013x" % seq)
        else:
            amount = rng.randrange(5000, 900000, 100)
            date_day = rng.randrange(730)
            date = "%04d-%02d-%02d" % day_to_date(20454 + date_day)  # from 2026-01-01
            pi = "pi_%014x" % (seq * 2246822519 % (1 << 56))
            etype, obj = checkout(rng, seq, created, tenant, date, amount, pi)
            paid.append((tenant, amount, pi))
            if len(paid) > 10000:
                del paid[:-5000]  # only the last 5,000 are ever drawn from
        line = envelope(event_id, created, etype, obj, seq)
        recent.append((line, event_id, tenant, created))
        if len(recent) > 4000:
            del recent[:2000]
        n += 1
        state["seq"] = seq
        yield line
    state["seq"] = seq


def day_to_date(days):
    """Days since 1970-01-01 to (y, m, d), proleptic Gregorian (Howard Hinnant's algorithm)."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + (m <= 2), m, d)


def write(path, data, gz):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if gz:
        with open(path, "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0, filename="") as f:
                f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--tenants", type=int, default=2000)
    p.add_argument("--files", type=int, default=8, help="event files the events are split into")
    p.add_argument("--incremental", type=int, default=10_000, help="events in the incremental file")
    p.add_argument("--seed", type=int, default=20261126)
    p.add_argument("--out", default=None)
    a = p.parse_args()
    out = a.out or os.path.join("bench-data", str(a.events))
    stamp = json.dumps(vars(a), sort_keys=True)
    manifest_path = os.path.join(out, "manifest.json")
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            if json.load(f).get("arguments") == stamp:
                print("bench data already in %s" % out, file=sys.stderr)
                return
    rng = random.Random(a.seed)

    tenants = {"exportType": "tenants", "exportedAt": "2025-12-01T00:00:00Z", "records": [
        {"id": tenant_id(t), "slug": "venue-%05d" % t, "name": "Venue %05d" % t,
         "commissionPercent": "%d.%02d" % divmod(rng.randrange(0, 2500, 25), 100),
         "ibans": ["DE%020d" % (89370400440000000000 + t)], "currency": "usd"} for t in range(a.tenants)]}
    tenants_bytes = (json.dumps(tenants, indent=1) + "\n").encode()

    span = 30 * DAY
    lines, seq = make_events(rng, a.events, a.tenants, 0, BASE_TIME + 90 * DAY, span)
    incr, _ = make_events(rng, a.incremental, a.tenants, seq + 1, BASE_TIME + 90 * DAY + span, DAY)

    plain_bytes = len(tenants_bytes)
    manifest = {"arguments": stamp, "events": a.events, "tenants": a.tenants, "files": [], "incremental": {}}
    per = (len(lines) + a.files - 1) // a.files
    for gz in (False, True):
        root = os.path.join(out, "gzip" if gz else "plain", "inbox")
        write(os.path.join(root, "platform", "tenants.json" + (".gz" if gz else "")), tenants_bytes, gz)
        for i in range(a.files):
            chunk = ("\n".join(lines[i * per:(i + 1) * per]) + "\n").encode()
            name = os.path.join(root, "provider", "events-%03d.ndjson" % i + (".gz" if gz else ""))
            write(name, chunk, gz)
            if not gz:
                plain_bytes += len(chunk)
        incr_bytes = ("\n".join(incr) + "\n").encode()
        write(os.path.join(out, "incremental", "events-incr.ndjson" + (".gz" if gz else "")), incr_bytes, gz)

    def size(d):
        total = 0
        for base, _, files in os.walk(d):
            total += sum(os.path.getsize(os.path.join(base, f)) for f in files)
        return total
    manifest.update({
        "plainBytes": plain_bytes,
        "gzipBytes": size(os.path.join(out, "gzip", "inbox")),
        "incremental": {"events": len(incr), "plainBytes": len(incr_bytes),
                        "gzipBytes": os.path.getsize(os.path.join(out, "incremental", "events-incr.ndjson.gz"))},
    })
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    print("wrote %d events (%.1f MB plain, %.1f MB gzip) to %s"
          % (a.events, plain_bytes / 1e6, manifest["gzipBytes"] / 1e6, out), file=sys.stderr)


if __name__ == "__main__":
    main()
