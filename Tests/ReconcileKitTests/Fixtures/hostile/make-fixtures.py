#!/usr/bin/env python3
"""Regenerates the nasty-input corpus beside this script, deterministically (fixed gzip mtime).

Each file is one hostile input; HostileInputTests names the outcome each must have. The customer
data in them (emails, couple names) is made up and distinctive, so the privacy test can look for
it in every log line, error and report.
"""
import gzip, io, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
EMAIL = "zed.hostile@example.org"
COUPLE = "Zed & Quinn Hostile"

def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)

def gz(data, mtime=0):
    if isinstance(data, str):
        data = data.encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=mtime, filename="") as f:
        f.write(data)
    return buf.getvalue()

def event(n, date="2027-03-%02d", amount=120000, created=1790000000, tenant="tnt_hostile"):
    if "%" in date:
        date = date % (n % 28 + 1)
    return {
        "id": "evt_hostile_%04d" % n, "object": "event", "type": "checkout.session.completed",
        "created": created + n, "livemode": False, "api_version": "2024-06-20", "pending_webhooks": 1,
        "data": {"object": {
            "id": "cs_hostile_%04d" % n, "object": "checkout.session", "amount_total": amount,
            "currency": "usd", "payment_intent": "pi_hostile_%04d" % n, "customer_email": EMAIL,
            "customer_details": {"email": EMAIL, "name": COUPLE},
            "metadata": {"tenantId": tenant, "packageId": "pkg_day", "eventDate": date,
                         "email": EMAIL, "coupleName": COUPLE},
        }},
    }

def line(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)

tenants = {"exportType": "tenants", "exportedAt": "2026-08-01T00:00:00Z", "records": [
    {"id": "tnt_hostile", "slug": "hostile", "name": "Hostile Halls", "commissionPercent": "10",
     "ibans": ["DE44 5001 0517 5407 3249 31"], "currency": "usd"}]}

# --- gzip framing -------------------------------------------------------------------------------
two = line(event(1)) + "\n" + line(event(2)) + "\n"
whole = gz(two)
write("gzip-truncated.ndjson.gz", whole[: len(whole) // 2])
write("gzip-concatenated.ndjson.gz", gz(line(event(3)) + "\n") + gz(line(event(4)) + "\n"))
write("gzip-bomb.ndjson.gz", gz(b" " * (4 << 20)))   # 4 MiB of blanks from ~4 KiB: > 64x and > the tests' 1 MiB
write("gzip-trailing-garbage.json.gz", gz(line(event(5))) + b"GARBAGE")
write("gzip-in-gzip.json.gz", gz(gz(line(event(6)))))
bad = bytearray(gz(line(event(7))))
bad[-8] ^= 0xFF                                         # CRC32 of the member
write("gzip-bad-crc.json.gz", bytes(bad))
write("gzip-header-only.gz", gz(b"")[:10])

# --- JSON -----------------------------------------------------------------------------------------
write("json-deeply-nested.json", '{"object":"event","id":"evt_deep","data":' + "[" * 200 + "]" * 200 + "}")
big = event(8)
big["data"]["object"]["padding"] = "x" * (80 << 10)      # over the tests' 64 KiB record limit
write("json-huge-record.ndjson", line(big) + "\n" + line(event(9)) + "\n")
write("json-duplicate-keys.json", '{"id":"evt_dup_0001","id":"evt_dup_0002","object":"event","type":"checkout.session.completed","created":1790000000,"data":{"object":{"id":"cs_dup","metadata":{"tenantId":"tnt_hostile","email":"%s"}}}}' % EMAIL)
write("json-invalid-utf8.json", line(event(10)).replace(COUPLE, "Zed \udcff").encode("utf-8", "surrogateescape"))
write("json-lone-surrogate.json", line(event(11)).replace(COUPLE, "Zed \\ud800 Quinn"))
write("json-number-out-of-range.json", line(event(12)).replace('"created":1790000012', '"created":99999999999999999999'))
write("json-amount-out-of-range.ndjson", line(event(13)).replace('"amount_total":120000', '"amount_total":1e30') + "\n" + line(event(14)) + "\n")
write("json-nul-byte.json", line(event(15)).replace('"livemode"', '\u0000"livemode"'))
write("json-bom.json", "\ufeff" + json.dumps(event(16), indent=2))
write("json-crlf.ndjson", "\r\n".join(line(event(n)) for n in (17, 18, 19)) + "\r\n")
write("json-utf16.json", ("\ufeff" + line(event(20))).encode("utf-16-le"))
write("json-empty.json", b"")
write("json-trailing-comma.json", line(event(21))[:-1] + ",}")
write("json-bare-scalar.json", "12345678901234567890")
write("json-bad-exportedAt.json", json.dumps(dict(tenants, exportedAt="2026-02-30T00:00:00Z")))
bookings = {"exportType": "bookings", "exportedAt": "2026-10-31T00:00:00Z", "records": [
    {"id": "bkg_hostile_1", "tenantId": "tnt_hostile", "date": "2026-02-30", "status": "PAID", "totalCents": 120000,
     "commissionAmount": 12000, "email": EMAIL},
    {"id": "bkg_hostile_2", "tenantId": "tnt_hostile", "date": "2027-03-02", "status": "PAID", "totalCents": 120000,
     "commissionAmount": 12000, "email": EMAIL},
    {"id": "bkg_hostile_3", "tenantId": "tnt_hostile", "date": "2027-03-03", "status": "PAID", "totalCents": 1e400,
     "commissionAmount": 12000, "email": EMAIL}]}
write("json-impossible-date.json", json.dumps(bookings).replace("Infinity", "1e400"))
write("json-event-date-feb-30.json", line(event(22, date="2026-02-30")))

# --- camt XML -------------------------------------------------------------------------------------
def camt(entries, ns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08", prolog='<?xml version="1.0" encoding="UTF-8"?>\n'):
    return prolog + """<Document xmlns="%s">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>HOSTILE-1</MsgId><CreDtTm>2026-10-31T22:00:00Z</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-HOSTILE</Id>
      <Acct><Id><IBAN>DE44500105175407324931</IBAN></Id><Ccy>USD</Ccy></Acct>
%s    </Stmt>
  </BkToCstmrStmt>
</Document>
""" % (ns, entries)

def ntry(ref, amount="1200.00", date="2027-03-05", ustrd="Booking cs_hostile_0001"):
    return """      <Ntry>
        <NtryRef>%s</NtryRef>
        <Amt Ccy="USD">%s</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>%s</Dt></BookgDt>
        <ValDt><Dt>%s</Dt></ValDt>
        <AcctSvcrRef>ACS-%s</AcctSvcrRef>
        <NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
""" % (ref, amount, date, date, ref, ustrd)

write("xml-doctype.xml", camt(ntry("H-1"), prolog='<?xml version="1.0"?>\n<!DOCTYPE Document>\n'))
write("xml-billion-laughs.xml", '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n' +
      "".join(' <!ENTITY lol%d "%s">\n' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10) for i in range(1, 10)) +
      ']>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>&lol9;</BkToCstmrStmt></Document>\n')
write("xml-external-entity.xml", '<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' +
      camt(ntry("H-2", ustrd="&xxe;"), prolog=""))
write("xml-undeclared-entity.xml", camt(ntry("H-3", ustrd="Booking &customer;")))
write("xml-wrong-namespace.xml", camt(ntry("H-4"), ns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"))
write("xml-no-namespace.xml", camt(ntry("H-5")).replace(' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"', ""))
write("xml-prefixed-namespace.xml", camt(ntry("H-6")).replace("<", "<c:").replace("<c:/", "</c:").replace("<c:?", "<?")
      .replace('xmlns="', 'xmlns:c="'))
write("xml-utf16.xml", ("\ufeff" + camt(ntry("H-7"), prolog='<?xml version="1.0" encoding="UTF-16"?>\n')).encode("utf-16-le"))
write("xml-truncated.xml", camt(ntry("H-8"))[:600])
write("xml-amount-out-of-range.xml", camt(ntry("H-9", amount="99999999999999999999.99") + ntry("H-10")))
write("xml-impossible-date.xml", camt(ntry("H-11", date="2026-02-30") + ntry("H-12")))
write("xml-nul-byte.xml", camt(ntry("H-13", ustrd="Booking \u0000 cs_hostile")))
write("xml-bom-crlf.xml", ("\ufeff" + camt(ntry("H-14"))).replace("\n", "\r\n"))
write("xml-deeply-nested.xml", camt(ntry("H-15", ustrd="<a>" * 100 + "x" + "</a>" * 100)))
