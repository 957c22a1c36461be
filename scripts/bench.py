#!/usr/bin/env python3
"""Measures `reconcile run` on the benchmark data of scripts/bench-generate.py.

Runs, each in a fresh work folder under the data folder:
  cold-gzip    the whole gzip inbox into an empty store (durable commit, reports and statements included)
  incremental  the same store again with one new file (--incremental events) added to the inbox
  cold-plain   the whole plain NDJSON inbox into an empty store
and prints, for each: wall time, MB/s of decompressed input, records/s and peak resident memory.
Usually run through scripts/bench.sh, which builds the release binary and generates the data first.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AS_OF = "2026-06-01T00:00:00Z"


def link_tree(src, dst):
    """Hard-links the inbox files into a fresh folder (no copy of the data, same bytes and inodes)."""
    for base, _, files in os.walk(src):
        rel = os.path.relpath(base, src)
        os.makedirs(os.path.join(dst, rel), exist_ok=True)
        for f in files:
            os.link(os.path.join(base, f), os.path.join(dst, rel, f))


def run_reconcile(binary, work, jobs, extra=()):
    """Runs one `reconcile run`; returns (seconds, peak RSS bytes, exit status)."""
    args = [binary, "run", "--inbox", os.path.join(work, "inbox"), "--outbox", os.path.join(work, "outbox"),
            "--state", os.path.join(work, "state"), "--settle", "0", "--as-of", AS_OF, "--quiet"]
    if jobs:
        args += ["--jobs", str(jobs)]
    args += list(extra)
    log = os.path.join(work, "stderr.log")
    # GNU time reports the child's own peak: wait4's ru_maxrss starts at this script's high-water mark.
    timer = ["/usr/bin/time", "-f", "%M", "-o", log + ".rss"] if os.access("/usr/bin/time", os.X_OK) else []
    with open(log, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(timer + args, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss * 1024
    if timer:
        with open(log + ".rss") as f:
            rss = int(f.read().split()[-1]) * 1024
    if code not in (0, 1):
        with open(log, errors="replace") as f:
            sys.exit("reconcile exited with %d:\n%s" % (code, f.read()[-4000:]))
    return seconds, rss, code


def measure(binary, data, jobs, which=("cold-gzip", "incremental", "cold-plain")):
    with open(os.path.join(data, "manifest.json")) as f:
        manifest = json.load(f)
    results = {}
    # One folder per cold run, all removed at the end: removing one just before the next run made
    # that run's file creations slower on ext4 without a journal, which skips inodes freed in the
    # last minutes (`recently_deleted`), and so measured the previous run's clean-up.
    work = os.path.join(data, "work")
    plain_work = os.path.join(data, "work-plain")
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(plain_work, ignore_errors=True)
    if "cold-gzip" in which or "incremental" in which:
        link_tree(os.path.join(data, "gzip", "inbox"), os.path.join(work, "inbox"))
        s, rss, _ = run_reconcile(binary, work, jobs)
        results["cold-gzip"] = (s, rss, manifest["plainBytes"], manifest["events"])
        if "incremental" in which:
            os.link(os.path.join(data, "incremental", "events-incr.ndjson.gz"),
                    os.path.join(work, "inbox", "provider", "events-incr.ndjson.gz"))
            s, rss, _ = run_reconcile(binary, work, jobs)
            inc = manifest["incremental"]
            results["incremental"] = (s, rss, inc["plainBytes"], inc["events"])
    if "cold-plain" in which:
        link_tree(os.path.join(data, "plain", "inbox"), os.path.join(plain_work, "inbox"))
        s, rss, _ = run_reconcile(binary, plain_work, jobs)
        results["cold-plain"] = (s, rss, manifest["plainBytes"], manifest["events"])
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(plain_work, ignore_errors=True)
    return results


def print_table(results, out=sys.stdout):
    print("%-12s %9s %9s %12s %10s" % ("run", "wall s", "MB/s", "records/s", "peak MiB"), file=out)
    for name, (s, rss, nbytes, records) in results.items():
        print("%-12s %9.2f %9.1f %12.0f %10.0f" % (name, s, nbytes / 1e6 / s, records / s, rss / 2**20), file=out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.path.join(ROOT, "bench-data", "1000000"))
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "reconcile"))
    p.add_argument("--jobs", type=int, default=0, help="--jobs for reconcile (default: its own, the cores)")
    p.add_argument("--only", action="append", choices=["cold-gzip", "incremental", "cold-plain"])
    a = p.parse_args()
    print_table(measure(a.binary, a.data, a.jobs, tuple(a.only or ("cold-gzip", "incremental", "cold-plain"))))


if __name__ == "__main__":
    main()
