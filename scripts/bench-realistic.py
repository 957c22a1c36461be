#!/usr/bin/env python3
"""History-and-nights benchmark data for `reconcile` (docs/performance.md), in two shapes.

  --shape exception-heavy   today's data (scripts/bench-generate.py's mix, same bytes for the same
                            seed): events and a tenants export only, so every paid booking is an
                            open exception. The worst case for the open-items work.
  --shape realistic         a healthy platform: the events (as webhook archives, with ~1 % of them
                            only in provider list-export pages, the webhooks the platform missed),
                            the platform's bookings export (~99 % of the bookings, one version per
                            booking and a REFUNDED version when a booking is fully refunded) and
                            camt.053 statements (~99 % of the bookings credited two days after
                            payment, at the booking total, each credit referencing its payment
                            intent), the two gaps disjoint: ~2 % of the bookings carry an open
                            exception (missing_in_platform or unsettled_booking), nothing else.

Writes, under OUT (see --out; scripts/bench-compare.py puts it in the benchmark cache):

  history/inbox/platform/tenants.json            every tenant, rate and IBAN
  history/inbox/webhooks/events-NNNN.ndjson.gz   the history's events, --per-file lines a file
  history/inbox/provider/list-NNNN.json          (realistic) list-export pages of backfilled events
  history/inbox/platform/bookings-NNNN.ndjson.gz (realistic) the bookings export, NDJSON "object":"booking"
  history/inbox/bank/camt053-YYYY-MM-DD.xml.gz   (realistic) one camt.053 a day, a Stmt per tenant account
  night-K/...                                    night K's new files: its events, bookings delta, camt.053
  inbox-night-K/                                 hard links: the history inbox plus nights 1..K, the
                                                 inbox of night K's run (same inodes and mtimes, so
                                                 a stored state skips the history files unread)
  manifest.json                                  counts, --as-of per case, the DuckDB file lists

Everything is written as a stream (one day of events in memory at most), so 10M events are fine.
Deterministic: the same arguments give the same bytes (fixed seed, gzip mtime 0, fixed mtimes).
"""
import argparse
import gzip
import importlib.util
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("bench_generate", os.path.join(HERE, "bench-generate.py"))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

DAY = gen.DAY
START = gen.BASE_TIME + 90 * DAY        # 2026-04-01, as bench-generate's events
DATE_SPAN = 1095                        # event dates: three years, one booking per tenant and date
DATE_BASE = 20454 + 120                 # 2026-05-01 in days since 1970
STEPS = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67]  # coprime to 1095 = 3·5·73
FILE_MTIME = 1767225600                 # fixed mtime of every generated file


def iso_date(t):
    return "%04d-%02d-%02d" % gen.day_to_date(t // DAY)


def iso_time(t):
    return iso_date(t) + "T%02d:%02d:%02dZ" % (t % DAY // 3600, t % 3600 // 60, t % 60)


def money(cents):
    return "%d.%02d" % divmod(cents, 100)


def commission(total, bp):
    c = -(-total * bp // 10000)
    return min(max(c, -(-total * 50 // 10000)), -(-total * 5000 // 10000))


class Chunked:
    """Lines into numbered gzip files of at most `per` lines each (name % index)."""

    def __init__(self, folder, name, per):
        self.folder, self.name, self.per = folder, name, per
        self.index, self.count, self.file, self.total = 0, 0, None, 0
        self.paths = []

    def add(self, line):
        if self.file is None or self.count >= self.per:
            self.close()
            path = os.path.join(self.folder, self.name % self.index)
            os.makedirs(self.folder, exist_ok=True)
            self.raw = open(path, "wb")
            self.file = gzip.GzipFile(fileobj=self.raw, mode="wb", compresslevel=6, mtime=0, filename="")
            self.paths.append(path)
            self.index += 1
            self.count = 0
        self.file.write(line.encode() + b"\n")
        self.count += 1
        self.total += 1

    def close(self):
        if self.file is not None:
            self.file.close()
            self.raw.close()
            self.file = None


class ListPages:
    """Provider list-export pages (`{"object":"list","data":[…]}`) of at most `per` events each."""

    def __init__(self, folder, name, per):
        self.folder, self.name, self.per = folder, name, per
        self.lines, self.index, self.total = [], 0, 0

    def add(self, line):
        self.lines.append(line)
        self.total += 1
        if len(self.lines) >= self.per:
            self.flush(True)

    def flush(self, more=False):
        if not self.lines:
            return
        os.makedirs(self.folder, exist_ok=True)
        with open(os.path.join(self.folder, self.name % self.index), "w") as f:
            f.write('{"object":"list","url":"/v1/events","has_more":%s,"data":[\n' % ("true" if more else "false"))
            f.write(",\n".join(self.lines))
            f.write("\n]}\n")
        self.index += 1
        self.lines = []


def booking_line(exported_at, status, b):
    """A platform bookings-export line (NDJSON, SPEC §3.2) from (n, tenant, date, total, commission, cs, pi, n, email)."""
    return ('{"object":"booking","exportedAt":"%s","id":"bk_%%010d","tenantId":"%%s","date":"%%s","status":"%s",'
            '"totalCents":%%d,"commissionAmount":%%d,"checkoutSessionId":"%%s","paymentIntentId":"%%s",'
            '"confirmationCode":"BK-%%08X","email":"%%s"}' % (exported_at, status)) % b


class Realistic:
    """The healthy platform's generator state: per-tenant date counters, refundable bookings, pending credits."""

    def __init__(self, a, rng, tenants):
        self.a, self.rng = a, rng
        self.tenants = tenants                      # list of (id, iban, bp)
        n = len(tenants)
        self.used = [0] * n                         # bookings per tenant (k-th date of its permutation)
        self.offset = [rng.randrange(DATE_SPAN) for _ in range(n)]
        self.step = [rng.choice(STEPS) for _ in range(n)]
        self.balance = [rng.randrange(100000, 5000000) for _ in range(n)]
        self.refundable = []                        # (tenant, amount, pi, booking line or None) of earlier days
        self.credits = {}                           # day -> [(tenant, amount, pi)]
        self.seq = 0
        self.booking_seq = 0
        self.entry_seq = 0
        self.counts = {"checkouts": 0, "refunds": 0, "fullRefunds": 0, "ignored": 0, "retries": 0,
                       "backfilled": 0, "platformBookings": 0, "platformVersions": 0, "bankCredits": 0,
                       "notInPlatform": 0, "notCredited": 0}

    def next_date(self, t):
        k = self.used[t]
        self.used[t] = k + 1
        return DATE_BASE + (self.offset[t] + k * self.step[t]) % DATE_SPAN

    def day(self, day_index, count, events, pages, bookings):
        """One day's `count` event lines into `events` / `pages`, its bookings export lines into
        `bookings`; returns nothing. Credits go to self.credits[day_index + 2]."""
        a, rng, c = self.a, self.rng, self.counts
        start = START + day_index * DAY
        exported_at = iso_time(start + 23 * 3600)
        step = DAY / max(count, 1)
        today = []
        recent = []
        for n in range(count):
            created = start + int(n * step)
            r = rng.random()
            if r < 0.02 and recent:                 # a webhook retry: the same body delivered again
                events.add(rng.choice(recent[-500:]))
                c["retries"] += 1
                continue
            self.seq += 1
            seq = self.seq
            event_id = "evt_%016x" % ((seq + (1 << 40)) * 11400714819323198485 % (1 << 64))
            if r < 0.035:
                t = rng.randrange(len(self.tenants))
                etype, obj = gen.failed(rng, seq, created, t, rng.randrange(100, 900000, 100), "pi_f%013x" % seq)
                c["ignored"] += 1
            elif r < 0.065 and self.refundable:
                i = rng.randrange(max(0, len(self.refundable) - 20000), len(self.refundable))
                self.refundable[i], self.refundable[-1] = self.refundable[-1], self.refundable[i]
                t, amount, pi, booking = self.refundable.pop()
                full = rng.random() < 0.5
                refunded = amount if full else amount // 4
                etype, obj = gen.refund(rng, seq, created, t, amount, refunded, pi)
                c["refunds"] += 1
                if full:
                    c["fullRefunds"] += 1
                    if booking is not None:         # the platform's new version of the booking
                        bookings.add(booking_line(exported_at, "REFUNDED", booking))
                        c["platformVersions"] += 1
            else:
                t = rng.randrange(len(self.tenants))
                while self.used[t] >= DATE_SPAN:    # this tenant's calendar is full
                    t = rng.randrange(len(self.tenants))
                tid, _, bp = self.tenants[t]
                amount = rng.randrange(50000, 900000, 100)
                date = "%04d-%02d-%02d" % gen.day_to_date(self.next_date(t))
                pi = "pi_%014x" % ((seq + (1 << 40)) * 2246822519 % (1 << 56))
                cs = "cs_live_%016x" % ((seq + (1 << 40)) * 2654435761 % (1 << 64))
                first, last = rng.choice(gen.FIRST), rng.choice(gen.LAST)
                email = "%s.%s%d@example.com" % (first, last, seq % 997)
                obj = (
                    '{"id":"%s","object":"checkout.session","amount_subtotal":%d,"amount_total":%d,'
                    '"created":%d,"currency":"usd","customer":null,'
                    '"customer_email":"%s","expires_at":%d,"livemode":true,'
                    '"metadata":{"tenantId":"%s","packageId":"%s","eventDate":"%s","email":"%s","coupleName":"%s & %s","addOnIds":"[\\"addon_video\\"]"},'
                    '"mode":"payment","payment_intent":"%s","payment_status":"paid","status":"complete"}'
                ) % (cs, amount, amount, created, email, created + DAY, tid, rng.choice(gen.PACKAGES),
                     date, email, first.title(), last.title(), pi)
                etype = "checkout.session.completed"
                c["checkouts"] += 1
                gap = rng.random()
                booking = None
                if gap < a.platform_gap:
                    c["notInPlatform"] += 1
                else:
                    self.booking_seq += 1
                    b = self.booking_seq
                    booking = (b, tid, date, amount, commission(amount, bp), cs, pi, b, email)
                    bookings.add(booking_line(exported_at, "PAID", booking))
                    c["platformBookings"] += 1
                if a.platform_gap <= gap < a.platform_gap + a.bank_gap:
                    c["notCredited"] += 1
                else:
                    self.credits.setdefault(day_index + 2, []).append((t, amount, pi))
                today.append((t, amount, pi, booking))
            line = gen.envelope(event_id, created, etype, obj, seq)
            if rng.random() < a.backfill:
                pages.add(line)                     # a webhook the platform missed: only in the export
                c["backfilled"] += 1
            else:
                events.add(line)
                recent.append(line)
        self.refundable.extend(today)
        if len(self.refundable) > 200000:
            del self.refundable[:-100000]

    def camt(self, day_index, folder):
        """The camt.053 of `day_index` with the credits due that day, one Stmt per tenant account."""
        due = self.credits.pop(day_index, [])
        if not due:
            return None
        by_tenant = {}
        for t, amount, pi in due:
            by_tenant.setdefault(t, []).append((amount, pi))
        date = iso_date(START + day_index * DAY)
        created = date + "T22:00:00Z"
        path = os.path.join(folder, "camt053-%s.xml.gz" % date)
        os.makedirs(folder, exist_ok=True)
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0, filename="") as f:
            f.write(('<?xml version="1.0" encoding="UTF-8"?>\n'
                     '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">\n'
                     '  <BkToCstmrStmt>\n    <GrpHdr><MsgId>STMT-%s</MsgId><CreDtTm>%s</CreDtTm></GrpHdr>\n'
                     % (date.replace("-", ""), created)).encode())
            for t in sorted(by_tenant):
                tid, iban, _ = self.tenants[t]
                opening = self.balance[t]
                closing = opening + sum(x for x, _ in by_tenant[t])
                self.balance[t] = closing
                parts = ['    <Stmt>\n      <Id>%s-%s</Id>\n      <CreDtTm>%s</CreDtTm>\n'
                         '      <Acct><Id><IBAN>%s</IBAN></Id><Ccy>USD</Ccy></Acct>\n' % (date, tid.upper(), created, iban)]
                for code, cents in (("OPBD", opening), ("CLBD", closing)):
                    parts.append('      <Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp><Amt Ccy="USD">%s</Amt>'
                                 '<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n' % (code, money(cents), date))
                for amount, pi in by_tenant[t]:
                    self.entry_seq += 1
                    parts.append(
                        '      <Ntry>\n        <NtryRef>%d</NtryRef>\n        <Amt Ccy="USD">%s</Amt>\n'
                        '        <CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts><Cd>BOOK</Cd></Sts>\n'
                        '        <BookgDt><Dt>%s</Dt></BookgDt>\n        <ValDt><Dt>%s</Dt></ValDt>\n'
                        '        <AcctSvcrRef>ACS%012d</AcctSvcrRef>\n'
                        '        <NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs>'
                        '<RmtInf><Ustrd>Stripe payout %s</Ustrd></RmtInf></TxDtls></NtryDtls>\n      </Ntry>\n'
                        % (self.entry_seq, money(amount), date, date, self.entry_seq, pi, pi))
                    self.counts["bankCredits"] += 1
                parts.append("    </Stmt>\n")
                f.write("".join(parts).encode())
            f.write(b"  </BkToCstmrStmt>\n</Document>\n")
        return path


def tenants_export(rng, count):
    records, table = [], []
    for t in range(count):
        percent = "%d.%02d" % divmod(rng.randrange(0, 2500, 25), 100)
        iban = "DE%020d" % (89370400440000000000 + t)
        records.append({"id": gen.tenant_id(t), "slug": "venue-%05d" % t, "name": "Venue %05d" % t,
                        "commissionPercent": percent, "ibans": [iban], "currency": "usd"})
        table.append((gen.tenant_id(t), iban, int(round(float(percent) * 100))))
    data = {"exportType": "tenants", "exportedAt": "2025-12-01T00:00:00Z", "records": records}
    return (json.dumps(data, indent=1) + "\n").encode(), table


def link_tree(src, dst):
    for base, _, files in os.walk(src):
        rel = os.path.relpath(base, src)
        os.makedirs(os.path.join(dst, rel), exist_ok=True)
        for f in files:
            target = os.path.join(dst, rel, f)
            if not os.path.exists(target):
                os.link(os.path.join(base, f), target)


def fix_mtimes(folder):
    for base, _, files in os.walk(folder):
        for f in files:
            os.utime(os.path.join(base, f), (FILE_MTIME, FILE_MTIME))


def generate(a):
    out = a.out
    stamp = json.dumps({k: v for k, v in sorted(vars(a).items()) if k != "out"}, sort_keys=True)
    manifest_path = os.path.join(out, "manifest.json")
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            if json.load(f).get("arguments") == stamp:
                print("bench data already in %s" % out, file=sys.stderr)
                return
        shutil.rmtree(out)
    tmp = out + ".partial"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    rng = random.Random(a.seed)
    tenants = a.tenants or (2000 if a.shape == "exception-heavy" else max(2000, -(-a.history // 400)))
    tenants_bytes, table = tenants_export(rng, tenants)
    hist = os.path.join(tmp, "history", "inbox")
    gen.write(os.path.join(hist, "platform", "tenants.json"), tenants_bytes, False)
    manifest = {"arguments": stamp, "shape": a.shape, "tenants": tenants, "history": {}, "nights": []}

    if a.shape == "exception-heavy":
        # bench-generate.py's data and order of draws: the history is its --events, night 1 its
        # --incremental file (same bytes for the same seed and sizes), at its fixed --as-of.
        span = 30 * DAY
        state = {}
        events = Chunked(os.path.join(hist, "provider"), "events-%04d.ndjson.gz", a.per_file)
        for line in gen.iter_events(rng, a.history, tenants, 0, START, span, state):
            events.add(line)
        events.close()
        manifest["history"] = {"events": a.history, "asOf": "2026-06-01T00:00:00Z",
                               "ndjson": ["history/inbox/provider/*.ndjson.gz"], "lists": []}
        seq, t0 = state.get("seq", 0), START + span
        for k in range(1, a.nights + 1):
            night = os.path.join(tmp, "night-%03d" % k)
            events = Chunked(os.path.join(night, "provider"), "events-night-%03d-%%04d.ndjson.gz" % k, a.per_file)
            state = {}
            for line in gen.iter_events(rng, a.night_events, tenants, seq + 1, t0, DAY, state):
                events.add(line)
            events.close()
            seq, t0 = state.get("seq", seq), t0 + DAY
            manifest["nights"].append({"events": a.night_events, "asOf": "2026-06-01T00:00:00Z",
                                       "ndjson": ["night-%03d/provider/*.ndjson.gz" % k], "lists": []})
    else:
        g = Realistic(a, rng, table)
        days = a.history_days
        per_day = [a.history // days + (1 if d < a.history % days else 0) for d in range(days)]
        events = Chunked(os.path.join(hist, "webhooks"), "events-%04d.ndjson.gz", a.per_file)
        pages = ListPages(os.path.join(hist, "provider"), "list-%04d.json", a.page)
        bookings = Chunked(os.path.join(hist, "platform"), "bookings-%04d.ndjson.gz", a.per_file)
        for d in range(days):
            g.day(d, per_day[d], events, pages, bookings)
            g.camt(d, os.path.join(hist, "bank"))
        events.close(); pages.flush(); bookings.close()
        manifest["history"] = {"events": a.history, "days": days, "asOf": iso_time(START + days * DAY),
                               "ndjson": ["history/inbox/webhooks/*.ndjson.gz"],
                               "lists": ["history/inbox/provider/list-*.json"] if pages.index else [],
                               "counts": dict(g.counts)}
        for k in range(1, a.nights + 1):
            before = dict(g.counts)
            d = days + k - 1
            night = os.path.join(tmp, "night-%03d" % k)
            events = Chunked(os.path.join(night, "webhooks"), "night-%03d-%%04d.ndjson.gz" % k, a.per_file)
            pages = ListPages(os.path.join(night, "provider"), "list-night-%03d-%%04d.json" % k, a.page)
            bookings = Chunked(os.path.join(night, "platform"), "bookings-night-%03d-%%04d.ndjson.gz" % k, a.per_file)
            g.day(d, a.night_events, events, pages, bookings)
            events.close(); pages.flush(); bookings.close()
            g.camt(d, os.path.join(night, "bank"))
            manifest["nights"].append({"events": a.night_events, "asOf": iso_time(START + (d + 1) * DAY),
                                       "ndjson": ["night-%03d/webhooks/*.ndjson.gz" % k],
                                       "lists": ["night-%03d/provider/*.json" % k] if pages.index else [],
                                       "counts": {x: g.counts[x] - before[x] for x in g.counts}})
    fix_mtimes(tmp)
    for k in range(1, a.nights + 1):
        inbox = os.path.join(tmp, "inbox-night-%03d" % k)
        link_tree(hist, inbox)
        for j in range(1, k + 1):
            link_tree(os.path.join(tmp, "night-%03d" % j), inbox)
    with open(os.path.join(tmp, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    os.rename(tmp, out)
    print("wrote %s: %d history events, %d night(s) of %d" % (out, a.history, a.nights, a.night_events), file=sys.stderr)


def parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shape", choices=["realistic", "exception-heavy"], default="realistic")
    p.add_argument("--history", type=int, default=1_000_000, help="events in the history")
    p.add_argument("--history-days", type=int, default=365, help="(realistic) days the history spans")
    p.add_argument("--nights", type=int, default=1, help="nights after the history")
    p.add_argument("--night-events", type=int, default=10_000, help="events of each night")
    p.add_argument("--tenants", type=int, default=0,
                   help="default: 2,000 (exception-heavy), max(2,000, history / 400) (realistic)")
    p.add_argument("--per-file", type=int, default=250_000, help="lines per events or bookings file")
    p.add_argument("--page", type=int, default=500, help="(realistic) events per list-export page")
    p.add_argument("--backfill", type=float, default=0.01, help="(realistic) share of events only in list exports")
    p.add_argument("--platform-gap", type=float, default=0.01, help="(realistic) share of bookings not exported")
    p.add_argument("--bank-gap", type=float, default=0.01, help="(realistic) share of bookings never credited")
    p.add_argument("--seed", type=int, default=20261126)
    p.add_argument("--out", required=True)
    return p


def main(argv=None):
    generate(parser().parse_args(argv))


if __name__ == "__main__":
    main()
