#!/usr/bin/env python3
"""The floor under issue 6's time targets on this machine: only the work that any implementation of
SPEC.md must do for the benchmark's data, each part done by C code (the system zlib, OpenSSL's
SHA-256, the kernel's write path), with nothing else counted and the CPU time shared perfectly over
the cores. If a floor is above its target, no implementation of the contract meets that target here.

Counted, for the cold run (every part measured on the benchmark's own files):
  inflate   the gzip inbox through the system zlib (Python's zlib module is linked to it)
  sha256    one SHA-256 pass over the decompressed bytes: each record is named by the SHA-256 of its
            canonical form (SPEC section 7), which is about as long as its input line
  store     the records at rest, the cheaper of: deflate level 1 (CPU), or writing them
            uncompressed (the CPU of the writes; the disk's own time is not counted)
  outbox    the outbox a real `reconcile run` wrote for this data (SPEC section 6: report.json,
            report.md, exceptions.csv, the statements): the CPU of writing each file under a
            temporary name and renaming it (one syncfs for all; its waiting is not counted)
For the incremental run: inflate and sha256 of the new file, and the outbox files that run wrote.
Not counted: parsing JSON, dedup, the index, loading state, the ledger, reconciliation, rendering
the reports and statements, the snapshots, fsync waits. The floor is therefore far below what any
real implementation needs.

floor = (CPU seconds of the counted parts) / cores, against DuckDB's query on the same files
(best of 2) and the issue's targets: cold < 1.0 x DuckDB, incremental < DuckDB / 20.
"""
import argparse
import ctypes
import glob
import hashlib
import importlib.util
import os
import shutil
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

LIBC = ctypes.CDLL("libc.so.6", use_errno=True)


def cpu():
    t = os.times()
    return t.user + t.system


def digest_work(path):
    """Inflate, hash and deflate one input file in a worker; returns the CPU seconds of each part."""
    with open(path, "rb") as f:
        raw = f.read()
    t0 = time.process_time()
    plain = zlib.decompress(raw, 47) if raw[:2] == b"\x1f\x8b" else raw
    t1 = time.process_time()
    hashlib.sha256(plain).digest()
    t2 = time.process_time()
    c = zlib.compressobj(1)
    c.compress(plain)
    c.flush()
    t3 = time.process_time()
    return len(plain), t1 - t0, t2 - t1, t3 - t2


def inputs_cpu(paths, cores):
    """CPU seconds of inflate, sha256 and deflate over `paths`, one file per worker process."""
    with ProcessPoolExecutor(max_workers=cores) as pool:
        parts = list(pool.map(digest_work, paths))
    return {"bytes": sum(p[0] for p in parts), "inflate": sum(p[1] for p in parts),
            "sha256": sum(p[2] for p in parts), "deflate": sum(p[3] for p in parts)}


def write_files_cpu(files, dest):
    """CPU seconds of writing `files` ([(relative path, bytes)]) under `dest` the way SPEC section 6
    asks (temporary name, durability, rename), with one syncfs standing for every fsync."""
    folders = sorted({os.path.join(dest, os.path.dirname(rel)) for rel, _ in files})
    for folder in folders:
        os.makedirs(folder, exist_ok=True)
    start = cpu()
    last = None
    for rel, data in files:
        path = os.path.join(dest, rel)
        fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if last is not None:
            os.close(last)
        last = fd
    if last is not None:
        LIBC.syncfs(last)  # waits for the disk: wall time, not counted as CPU
        os.close(last)
    for rel, _ in files:
        path = os.path.join(dest, rel)
        os.rename(path + ".tmp", path)
    return cpu() - start


def read_tree(root, only=None):
    files = []
    for base, _, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(base, name)
            rel = os.path.relpath(path, root)
            if only is None or rel in only:
                with open(path, "rb") as f:
                    files.append((rel, f.read()))
    return files


def stamps(root):
    out = {}
    for base, _, names in os.walk(root):
        for name in names:
            path = os.path.join(base, name)
            st = os.stat(path)
            out[os.path.relpath(path, root)] = (st.st_ino, st.st_mtime_ns)
    return out


def duckdb_times(data):
    spec = importlib.util.spec_from_file_location("bench_duckdb", os.path.join(os.path.dirname(__file__), "bench-duckdb.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    duckdb = mod.duckdb_module()
    gz = [os.path.join(data, "gzip", "inbox", "provider", "*.ndjson.gz")]
    tenants = os.path.join(data, "plain", "inbox", "platform", "tenants.json")
    incr = gz + [os.path.join(data, "incremental", "events-incr.ndjson.gz")]
    cold, _ = mod.time_duckdb(duckdb, mod.query(gz, tenants), 2)
    incremental, _ = mod.time_duckdb(duckdb, mod.query(incr, tenants), 2)
    return cold, incremental


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.path.join(bench.ROOT, "bench-data", "1000000"))
    p.add_argument("--binary", default=os.path.join(bench.ROOT, ".build", "release", "reconcile"))
    p.add_argument("--cores", type=int, default=os.cpu_count())
    a = p.parse_args()
    cores = a.cores
    work = os.path.join(a.data, "work-floor")
    shutil.rmtree(work, ignore_errors=True)

    # A real cold run and incremental run, for the outbox each one writes.
    bench.link_tree(os.path.join(a.data, "gzip", "inbox"), os.path.join(work, "inbox"))
    bench.run_reconcile(a.binary, work, 0)
    cold_outbox = read_tree(os.path.join(work, "outbox"))
    before = stamps(os.path.join(work, "outbox"))
    new_file = os.path.join(a.data, "incremental", "events-incr.ndjson.gz")
    os.link(new_file, os.path.join(work, "inbox", "provider", os.path.basename(new_file)))
    bench.run_reconcile(a.binary, work, 0)
    after = stamps(os.path.join(work, "outbox"))
    written = {rel for rel, stamp in after.items() if before.get(rel) != stamp}
    incr_outbox = read_tree(os.path.join(work, "outbox"), only=written)

    gz_inputs = sorted(glob.glob(os.path.join(a.data, "gzip", "inbox", "*", "*.gz")))
    cold_in = inputs_cpu(gz_inputs, cores)
    incr_in = inputs_cpu([new_file], 1)
    # The records uncompressed at rest: the CPU of writing as many bytes.
    raw_store = write_files_cpu([("records.pack", bytes(cold_in["bytes"]))], os.path.join(work, "raw"))
    cold_out = write_files_cpu(cold_outbox, os.path.join(work, "copy-cold"))
    incr_out = write_files_cpu(incr_outbox, os.path.join(work, "copy-incremental"))
    # The tightest listing of the exceptions SPEC section 6 asks of every run: exceptions.csv alone.
    csv_only = [(rel, data) for rel, data in incr_outbox if rel.endswith("exceptions.csv")]
    csv_out = write_files_cpu(csv_only, os.path.join(work, "copy-csv"))

    store = min(cold_in["deflate"], raw_store)
    cold_cpu = cold_in["inflate"] + cold_in["sha256"] + store + cold_out
    incr_cpu = incr_in["inflate"] + incr_in["sha256"] + incr_out
    duck_cold, duck_incr = duckdb_times(a.data)

    mb = lambda files: sum(len(d) for _, d in files) / 1e6
    print("cores %d, zlib %s" % (cores, zlib.ZLIB_RUNTIME_VERSION))
    print("cold: %.1f MB decompressed input, outbox %d files / %.1f MB" % (cold_in["bytes"] / 1e6, len(cold_outbox), mb(cold_outbox)))
    print("  CPU s: inflate %.2f, sha256 %.2f, store %.2f (deflate %.2f, raw writes %.2f), outbox writes %.2f"
          % (cold_in["inflate"], cold_in["sha256"], store, cold_in["deflate"], raw_store, cold_out))
    print("incremental: %.1f MB new input, outbox %d files / %.1f MB written by that run" % (incr_in["bytes"] / 1e6, len(incr_outbox), mb(incr_outbox)))
    print("  CPU s: inflate %.2f, sha256 %.2f, outbox writes %.2f (of which exceptions.csv alone, %.1f MB: %.2f)"
          % (incr_in["inflate"], incr_in["sha256"], incr_out, mb(csv_only), csv_out))
    print("outbox write rate: %.0f MB per CPU second" % (mb(cold_outbox) / cold_out))
    print()
    print("%-12s %9s %9s %9s %s" % ("run", "floor s", "duckdb s", "target s", "floor / target"))
    print("%-12s %9.2f %9.2f %9.2f %.2f" % ("cold-gzip", cold_cpu / cores, duck_cold, duck_cold, cold_cpu / cores / duck_cold))
    print("%-12s %9.2f %9.2f %9.2f %.2f" % ("incremental", incr_cpu / cores, duck_incr, duck_incr / 20, incr_cpu / cores / (duck_incr / 20)))
    print("(a floor / target above 1 means no implementation of the contract meets that target on this machine)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
