#!/usr/bin/env python3
"""This build, the previous build and DuckDB side by side, from one run (docs/performance.md).

For each --history size: generates (once, cached) the data of scripts/bench-realistic.py, then for
each binary measures
  cold    `reconcile run` on the history inbox into an empty state; the state and outbox it leaves
          are cached per binary (SHA-256 of the file) and data set, so --skip-cold reuses them;
  night   a copy (`cp -a --reflink=auto`) of that cached state and outbox, then `reconcile run` on
          the history inbox plus night 1's files (hard links: the history files are skipped unread);
and DuckDB (scripts/bench-duckdb.py's query, in a child process) reading every event file: the
history for cold, history + night for night. Prints case | build | wall s | peak RSS MiB | events/s
(events/s = the case's new events: the history for cold, the night's for night, DuckDB included),
then what each reconcile run reported (exit code, quarantined files, failed events, open exceptions).
Peak RSS is measured by GNU time (`/usr/bin/time -f %M`) around each child: a child's own ru_maxrss
from wait4 starts at this script's high-water mark (Linux carries it over fork and exec), which
hid every peak below ~2 GiB. Run folders are removed only after every timing.
"""
import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def size_name(n):
    for unit, div in (("M", 1_000_000), ("k", 1000)):
        if n >= div and n % (div // 10) == 0:
            text = "%.1f" % (n / div)
            return (text[:-2] if text.endswith(".0") else text) + unit
    return str(n)


def file_key(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


GNU_TIME = "/usr/bin/time"


def measured(args, stdout, stderr, rss_file):
    """Runs args under GNU time when present; returns (seconds, peak RSS bytes, exit code)."""
    wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file] + args if os.access(GNU_TIME, os.X_OK) else args
    start = time.perf_counter()
    proc = subprocess.Popen(wrapped, stdout=stdout, stderr=stderr)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    rss = usage.ru_maxrss * 1024
    if wrapped is not args:
        try:
            with open(rss_file) as f:
                rss = int(f.read().split()[-1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
    return seconds, rss, os.waitstatus_to_exitcode(status)


def timed(args, log):
    """Runs args; returns (seconds, peak RSS bytes, exit code)."""
    with open(log, "wb") as err:
        return measured(args, subprocess.DEVNULL, err, log + ".rss")


def reconcile(binary, inbox, work, as_of, jobs):
    args = [binary, "run", "--inbox", inbox, "--outbox", os.path.join(work, "outbox"),
            "--state", os.path.join(work, "state"), "--settle", "0", "--as-of", as_of, "--quiet"]
    if jobs:
        args += ["--jobs", str(jobs)]
    log = os.path.join(work, "stderr.log")
    seconds, rss, code = timed(args, log)
    if code not in (0, 1):
        with open(log, errors="replace") as f:
            sys.exit("%s exited with %d:\n%s" % (binary, code, f.read()[-4000:]))
    check = {"exit": code}
    try:
        with open(os.path.join(work, "outbox", "runs", "latest", "report.json")) as f:
            report = json.load(f)
        check["quarantined"] = len(report.get("files", {}).get("quarantined", []))
        failed = report.get("events", {}).get("failed")
        check["failed"] = len(failed) if isinstance(failed, list) else failed
        counts = report.get("exceptions", {}).get("counts", {})
        check["exceptions"] = {k: v for k, v in counts.items() if v}
    except (OSError, ValueError) as e:
        check["report"] = "unreadable: %s" % e
    return seconds, rss, check


def duckdb_child(data, case):
    """In a child process: runs bench-duckdb.py's query on the case's event files; prints a summary."""
    bd = load("bench_duckdb", "bench-duckdb.py")
    duckdb = bd.duckdb_module()
    with open(os.path.join(data, "manifest.json")) as f:
        m = json.load(f)
    parts = [m["history"]] + (m["nights"][:1] if case == "night" else [])
    ndjson = [os.path.join(data, g) for p in parts for g in p["ndjson"]]
    lists = [os.path.join(data, g) for p in parts for g in p["lists"]]
    sql = bd.query(ndjson, os.path.join(data, "history", "inbox", "platform", "tenants.json"))
    if lists:
        # the provider's list-export pages: one JSON object per file, the events in `data`
        files = "[" + ", ".join("'%s'" % g for g in lists) + "]"
        listed = (f"SELECT e.id, e.type, e.created, e.data.object.amount_total AS total, "
                  f"coalesce(e.data.object.metadata.tenantId, '_global') AS tenant, "
                  f"e.data.object.metadata.eventDate AS date, filename, pos FROM ("
                  f"SELECT unnest(data) AS e, filename, generate_subscripts(data, 1) AS pos "
                  f"FROM read_json({files}, format = 'auto', filename = true, maximum_object_size = 268435456, "
                  f"columns = {{'data': 'STRUCT(id VARCHAR, type VARCHAR, created BIGINT, "
                  f"data STRUCT(object STRUCT(amount_total BIGINT, metadata STRUCT(tenantId VARCHAR, eventDate VARCHAR))))[]'}}))")
        sql = sql.replace("\n    ), first_seen AS", "\n      UNION ALL " + listed + "\n    ), first_seen AS", 1)
    rows = duckdb.connect().execute(sql).fetchall()
    print(json.dumps({"duckdb": duckdb.__version__, "tenants": len(rows), "bookings": sum(r[1] for r in rows),
                      "commission": sum(r[2] for r in rows)}))


def duckdb_run(data, case, work):
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, "duckdb-%s.json" % case)
    args = [sys.executable, os.path.abspath(__file__), "--duckdb-child", data, case]
    with open(out, "wb") as stdout, open(os.path.join(work, "duckdb-%s.log" % case), "wb") as err:
        seconds, rss, code = measured(args, stdout, err, os.path.join(work, "duckdb-%s.rss" % case))
    if code != 0:
        with open(os.path.join(work, "duckdb-%s.log" % case), errors="replace") as f:
            sys.exit("duckdb child failed:\n" + f.read()[-4000:])
    with open(out) as f:
        return seconds, rss, json.load(f)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--duckdb-child":
        return duckdb_child(sys.argv[2], sys.argv[3])
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shape", choices=["realistic", "exception-heavy"], default="realistic")
    p.add_argument("--history", default="1000000,10000000", help="stored events, comma-separated sizes")
    p.add_argument("--night", type=int, default=10_000, help="events of the night")
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "reconcile"), help="this build")
    p.add_argument("--previous-binary", default=None, help="the previous build (none: not measured)")
    p.add_argument("--previous-label", default="previous")
    p.add_argument("--no-duckdb", action="store_true")
    p.add_argument("--skip-cold", action="store_true", help="reuse a cached post-cold state when there is one")
    p.add_argument("--jobs", type=int, default=0)
    p.add_argument("--cache", default=os.environ.get("RECONCILE_BENCH_CACHE", "/work/bench-cache"))
    a = p.parse_args()
    cache = os.path.abspath(a.cache)
    gen = load("bench_realistic", "bench-realistic.py")
    builds = [("this", os.path.abspath(a.binary))]
    if a.previous_binary:
        builds.append((a.previous_label, os.path.abspath(a.previous_binary)))
    for _, b in builds:
        if not os.access(b, os.X_OK):
            sys.exit("no binary at %s" % b)
    keys = {b: file_key(b) for _, b in builds}
    scratch = os.path.join(cache, "runs", "%d-%d" % (int(time.time()), os.getpid()))
    trash = os.path.join(scratch, "trash")
    os.makedirs(trash, exist_ok=True)
    rows, checks = [], []
    for hi, history in enumerate(int(x) for x in a.history.split(",") if x):
        name = "%s-%d-night%d" % (a.shape, history, a.night)
        data = os.path.join(cache, "data", name)
        gen.generate(gen.parser().parse_args(["--shape", a.shape, "--history", str(history), "--nights", "1",
                                              "--night-events", str(a.night), "--out", data]))
        with open(os.path.join(data, "manifest.json")) as f:
            m = json.load(f)
        hist, night = m["history"], m["nights"][0]
        bookings = (hist.get("counts", {}).get("checkouts"), night.get("counts", {}).get("checkouts"))
        cold_case = "cold %s" % size_name(history)
        night_case = "night +%s on %s" % (size_name(a.night), size_name(history))
        for label, binary in builds:
            kept = os.path.join(cache, "state", keys[binary], name)
            if not (a.skip_cold and os.path.exists(os.path.join(kept, "done"))):
                work = os.path.join(cache, "state", keys[binary], name + ".new-%d" % os.getpid())
                os.makedirs(work)
                s, rss, check = reconcile(binary, os.path.join(data, "history", "inbox"), work, hist["asOf"], a.jobs)
                rows.append((cold_case, label, s, rss, history, (hi, 0)))
                checks.append((cold_case, label, check, bookings[0]))
                if os.path.exists(kept):
                    os.rename(kept, os.path.join(trash, "%s-%s" % (keys[binary], name)))
                with open(os.path.join(work, "done"), "w") as f:
                    json.dump({"binary": binary, "seconds": s}, f)
                os.rename(work, kept)
            work = os.path.join(scratch, "%s-%s" % (label, name))
            os.makedirs(work)
            for part in ("state", "outbox"):
                subprocess.check_call(["cp", "-a", "--reflink=auto", os.path.join(kept, part), os.path.join(work, part)])
            s, rss, check = reconcile(binary, os.path.join(data, "inbox-night-001"), work, night["asOf"], a.jobs)
            rows.append((night_case, label, s, rss, a.night, (hi, 1)))
            checks.append((night_case, label, check, (bookings[0] or 0) + (bookings[1] or 0) or None))
        if not a.no_duckdb:
            for case, which, events, at in ((cold_case, "cold", history, 0), (night_case, "night", a.night, 1)):
                s, rss, result = duckdb_run(data, which, scratch)
                rows.append((case, "duckdb " + result["duckdb"], s, rss, events, (hi, at)))
                checks.append((case, "duckdb", {"bookings": result["bookings"], "commission": result["commission"]}, None))
    rows.sort(key=lambda r: r[5])  # by size, cold before night, builds in their order (stable)
    print("%-22s %-16s %9s %14s %12s" % ("case", "build", "wall s", "peak RSS MiB", "events/s"))
    for case, label, s, rss, events, _ in rows:
        print("%-22s %-16s %9.2f %14.0f %12.0f" % (case, label, s, rss / 2**20, events / s))
    print()
    print("checks (reconcile: exit code, quarantined files, failed events, open exceptions / ledger bookings;"
          " duckdb: bookings and commission its query finds)")
    for case, label, check, nbook in checks:
        exc = check.get("exceptions")
        if exc is not None:
            total = sum(exc.values())
            share = " = %.2f %% of %d bookings" % (100.0 * total / nbook, nbook) if nbook else ""
            print("  %-22s %-10s exit %s, quarantined %s, failed %s, exceptions %d%s %s"
                  % (case, label, check["exit"], check.get("quarantined"), check.get("failed"), total, share,
                     json.dumps(exc, sort_keys=True)))
        else:
            print("  %-22s %-10s %s" % (case, label, json.dumps(check, sort_keys=True)))
    sys.stdout.flush()
    shutil.rmtree(scratch, ignore_errors=True)  # after every timing: never just before a measured run


if __name__ == "__main__":
    main()
