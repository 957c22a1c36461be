#!/usr/bin/env python3
"""The DuckDB baseline of issue 6, on the same files as scripts/bench.py, with both times and the
ratio printed in one run.

The query: read every event (NDJSON, gzip or plain), deduplicate by (tenantId, id) keeping the first
in scan order, keep the first checkout per (tenant, eventDate) in (created, id) order, and sum the
commission per tenant (tenant rate in basis points, ceil, clamped to 0.5 %..50 %). DuckDB keeps no
state between runs and writes no statements, so its "incremental" run re-reads everything.
Installs duckdb with pip if it is missing.
"""
import argparse
import importlib
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

COLUMNS = ("{'id': 'VARCHAR', 'type': 'VARCHAR', 'created': 'BIGINT', "
           "'data': 'STRUCT(object STRUCT(amount_total BIGINT, metadata STRUCT(tenantId VARCHAR, eventDate VARCHAR)))'}")


def duckdb_module():
    try:
        return importlib.import_module("duckdb")
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"])
        return importlib.import_module("duckdb")


def query(event_globs, tenants_path):
    files = "[" + ", ".join("'%s'" % g for g in event_globs) + "]"
    return f"""
    WITH ev AS (
      SELECT id, type, created, data.object.amount_total AS total,
             coalesce(data.object.metadata.tenantId, '_global') AS tenant,
             data.object.metadata.eventDate AS date, filename, row_number() OVER () AS pos
      FROM read_json({files}, format = 'newline_delimited', filename = true, columns = {COLUMNS})
    ), first_seen AS (
      SELECT * FROM ev QUALIFY row_number() OVER (PARTITION BY tenant, id ORDER BY filename, pos) = 1
    ), bookings AS (
      SELECT * FROM first_seen WHERE type = 'checkout.session.completed' AND total > 0
      QUALIFY row_number() OVER (PARTITION BY tenant, date ORDER BY created, id) = 1
    ), tenants AS (
      SELECT r.id AS tenant, CAST(round(CAST(r.commissionPercent AS DECIMAL(7, 2)) * 100) AS BIGINT) AS bp
      FROM (SELECT unnest(records) AS r FROM read_json('{tenants_path}'))
    )
    SELECT b.tenant, count(*) AS bookings,
           sum(greatest((b.total * 50 + 9999) // 10000,
                        least((b.total * t.bp + 9999) // 10000, (b.total * 5000 + 9999) // 10000))) AS commission
    FROM bookings b JOIN tenants t USING (tenant)
    GROUP BY b.tenant ORDER BY b.tenant
    """


def time_duckdb(duckdb, sql, repeat):
    best = None
    rows = None
    for _ in range(repeat):
        con = duckdb.connect()
        start = time.perf_counter()
        rows = con.execute(sql).fetchall()
        seconds = time.perf_counter() - start
        con.close()
        best = seconds if best is None else min(best, seconds)
    return best, rows


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.path.join(bench.ROOT, "bench-data", "1000000"))
    p.add_argument("--binary", default=os.path.join(bench.ROOT, ".build", "release", "reconcile"))
    p.add_argument("--jobs", type=int, default=0)
    p.add_argument("--repeat", type=int, default=2, help="DuckDB runs per query; the best time counts")
    p.add_argument("--duckdb-only", action="store_true")
    a = p.parse_args()
    duckdb = duckdb_module()
    d = a.data
    gz = [os.path.join(d, "gzip", "inbox", "provider", "*.ndjson.gz")]
    plain = [os.path.join(d, "plain", "inbox", "provider", "*.ndjson")]
    tenants = os.path.join(d, "plain", "inbox", "platform", "tenants.json")
    incr = gz + [os.path.join(d, "incremental", "events-incr.ndjson.gz")]

    duck = {}
    duck["cold-gzip"], rows = time_duckdb(duckdb, query(gz, tenants), a.repeat)
    duck["cold-plain"], _ = time_duckdb(duckdb, query(plain, tenants), a.repeat)
    duck["incremental"], _ = time_duckdb(duckdb, query(incr, tenants), a.repeat)
    print("duckdb %s: %d tenants, %d bookings, commission %d cents"
          % (duckdb.__version__, len(rows), sum(r[1] for r in rows), sum(r[2] for r in rows)))
    if a.duckdb_only:
        for k, v in duck.items():
            print("%-12s duckdb %.2f s" % (k, v))
        return
    ours = bench.measure(a.binary, d, a.jobs)
    bench.print_table(ours)
    print()
    print("%-12s %12s %12s %10s" % ("run", "reconcile s", "duckdb s", "ratio"))
    for k in ("cold-gzip", "cold-plain", "incremental"):
        ratio = ours[k][0] / duck[k]
        print("%-12s %12.2f %12.2f %10.3f" % (k, ours[k][0], duck[k], ratio))
    print("(ratio = reconcile / duckdb; target: cold-gzip < 1.0, incremental < 0.05 i.e. 20x faster)")


if __name__ == "__main__":
    main()
