#!/usr/bin/env python3
"""N workers on one PostgreSQL against one process on SQLite (docs/performance.md, SPEC §9).

    scripts/bench-workers.py --data DIR [--workers 1,2,4] [--binary PATH] [--jobs J] [--pg URL] [--night]

DIR is a scripts/bench-realistic.py output; its history inbox is loaded cold (the largest night
there is). One process on SQLite first, then for each N a fresh PostgreSQL schema and N
`reconcile run --worker` processes started together on the same inbox and outbox. With --night,
the history is loaded first by one plain run on each engine (not timed), and what is timed is
DIR's first night (night-001: ~10k events on top of it, the nightly case): each setup starts
from a copy of the loaded state (PostgreSQL: a database made from the loaded one as template)
and of its outbox. Prints wall
time, peak memory (the largest worker's and the sum), and each phase's time: the workers' decode
(from the first worker's start to the last decoded file) and the finisher's phases, with the
records each phase handles per second. Checks every outbox against SQLite's (diff -r).

Without --pg a throwaway cluster is started (scripts/pg-test-cluster.sh) on port 55499 and
stopped at the end.
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHASE = re.compile(r"phase finished peakMiB=(\d+) phase=(.+?) rssMiB=(\d+) seconds=([0-9.]+)")


def run_one(cmd, env, err_path):
    with open(err_path, "w") as err:
        return subprocess.Popen(["/usr/bin/time", "-f", "TIME %e %M"] + cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=err)


def parse(err_path):
    phases, peak, wall = [], 0, 0.0
    for line in open(err_path):
        m = PHASE.search(line)
        if m:
            phases.append((m.group(2), float(m.group(4)), int(m.group(1))))
        if line.startswith("TIME "):
            _, w, kib = line.split()
            wall, peak = float(w), int(kib) // 1024
    return phases, peak, wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/reconcile"))
    ap.add_argument("--jobs", type=int, default=0, help="--jobs for each process (0: the cores)")
    ap.add_argument("--pg")
    ap.add_argument("--work", default=None, help="where states and outboxes go (default: a temporary folder)")
    ap.add_argument("--night", action="store_true", help="time the first night on the loaded history")
    ap.add_argument("--reuse-sqlite", action="store_true",
                    help="take the SQLite run an earlier call left in --work instead of running it again")
    args = ap.parse_args()
    manifest = json.load(open(os.path.join(args.data, "manifest.json")))
    as_of = manifest["history"]["asOf"]
    events = manifest["history"]["events"]
    inbox = os.path.join(args.data, "history/inbox")
    history_as_of, history_inbox = as_of, inbox
    if args.night:
        as_of = manifest["nights"][0]["asOf"]
        events = manifest["nights"][0]["events"]
        inbox = os.path.join(args.data, "inbox-night-001")
    files = sum(len(f) for _, _, f in os.walk(inbox))
    work = args.work or tempfile.mkdtemp(prefix="bench-workers.")
    os.makedirs(work, exist_ok=True)
    pg_dir = None
    url = args.pg
    if not url:
        pg_dir = tempfile.mkdtemp(prefix="bench-pg.")
        subprocess.run([os.path.join(ROOT, "scripts/pg-test-cluster.sh"), "start", pg_dir, "55499"], check=True,
                       stdout=subprocess.DEVNULL)
        url = "postgresql://postgres@127.0.0.1:55499/postgres"
    env = dict(os.environ)
    env.pop("RECONCILE_STATE", None)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    common = ["--inbox", inbox, "--settle", "0", "--as-of", as_of, "--log-level", "debug", "--quiet"] + jobs
    loaded = ["--inbox", history_inbox, "--settle", "0", "--as-of", history_as_of, "--quiet"] + jobs

    def database(name, template=None):
        """A database of the cluster, made again (from `template`); its URL."""
        base = url.rsplit("/", 1)[0]
        subprocess.run(["psql", url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["psql", url, "-qc", f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")],
                       check=True, stdout=subprocess.DEVNULL)
        return f"{base}/{name}"

    rows = []
    try:
        if args.night:
            # The history, loaded once per engine by a plain run (kept in --work for the next call);
            # every timed setup starts from a copy.
            hist = os.path.join(work, "history-sqlite")
            if not os.path.exists(os.path.join(work, "history-loaded")):
                for d in ["history-sqlite", "history-pg"]:
                    shutil.rmtree(os.path.join(work, d), ignore_errors=True)
                subprocess.run([args.binary, "run", "--state", hist + "/state", "--outbox", hist + "/outbox"] + loaded,
                               env=env, check=False)
                hist_pg = database("bench_history")
                subprocess.run([args.binary, "run", "--state", hist_pg, "--outbox",
                                os.path.join(work, "history-pg/outbox")] + loaded, env=env, check=False)
                open(os.path.join(work, "history-loaded"), "w").close()
        # One process on SQLite.
        out = os.path.join(work, "sqlite")
        if not (args.reuse_sqlite and os.path.exists(out + "/err")):
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            if args.night:
                shutil.copytree(os.path.join(work, "history-sqlite/state"), out + "/state")
                shutil.copytree(os.path.join(work, "history-sqlite/outbox"), out + "/outbox", symlinks=True)
            p = run_one([args.binary, "run", "--state", out + "/state", "--outbox", out + "/outbox"] + common, env,
                        out + "/err")
            p.wait()
        phases, peak, wall = parse(out + "/err")
        exited = re.search(r"Command exited with non-zero status (\d+)", open(out + "/err").read())
        code = int(exited.group(1)) if exited else 0
        rows.append(("SQLite, 1 process", wall, peak, peak, phases, None, code, True))
        for n in [int(x) for x in args.workers.split(",")]:
            out = os.path.join(work, f"pg-{n}")
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            if args.night:
                state = database(f"bench_w{n}", template="bench_history")
                shutil.copytree(os.path.join(work, "history-sqlite/outbox"), out + "/outbox", symlinks=True)
            else:
                schema = f"bench_w{n}"
                subprocess.run(["psql", url, "-qc", f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                state = f"{url}?options=-csearch_path%3D{schema}"
            start = time.monotonic()
            procs = [run_one([args.binary, "run", "--worker", "--state", state, "--outbox", out + "/outbox"] + common,
                             env, f"{out}/err{i}") for i in range(n)]
            codes = [q.wait() for q in procs]
            wall = time.monotonic() - start
            parsed = [parse(f"{out}/err{i}") for i in range(n)]
            finisher = max(parsed, key=lambda x: len(x[0]))
            decode = max((s for ph, _, _ in parsed for (name, s, _) in ph if name == "worker decode"), default=0)
            join = max((s for ph, _, _ in parsed for (name, s, _) in ph if name == "worker join"), default=0)
            same = subprocess.run(["diff", "-r", "-q", os.path.join(work, "sqlite/outbox"), out + "/outbox"],
                                  stdout=subprocess.DEVNULL).returncode == 0
            rows.append((f"PostgreSQL, {n} worker{'s' if n > 1 else ''}", wall, max(x[1] for x in parsed),
                         sum(x[1] for x in parsed), finisher[0], (join, decode), max(codes), same))
            if args.night:
                # A copy of a 1M history is ~10 GB with its outbox: one at a time.
                subprocess.run(["psql", url, "-qc", f"DROP DATABASE bench_w{n}"], stdout=subprocess.DEVNULL)
                shutil.rmtree(out + "/outbox", ignore_errors=True)
    finally:
        if pg_dir:
            subprocess.run([os.path.join(ROOT, "scripts/pg-test-cluster.sh"), "stop", pg_dir, "55499"],
                           stdout=subprocess.DEVNULL)

    if args.night:
        print(f"# a night of {events:,} events on {manifest['history']['events']:,} stored ({args.data}), as of {as_of}")
    else:
        print(f"# cold load of {events:,} events in {files} files ({args.data}), as of {as_of}")
    print()
    print("| setup | wall s | events/s | peak RSS MiB (largest / sum) | exit | outbox = SQLite's |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, wall, peak, total, _, _, code, same in rows:
        print(f"| {name} | {wall:.1f} | {events / wall:,.0f} | {peak} / {total} | {code} | {'yes' if same else 'NO'} |")
    print()
    names = []
    for row in rows:
        for phase, _, _ in row[4]:
            if phase not in names and not phase.startswith("worker"):
                names.append(phase)
    print("| phase (s; events/s) | " + " | ".join(r[0] for r in rows) + " |")
    print("| --- |" + " ---: |" * len(rows))
    print("| workers: join, list the inbox | " + " | ".join(
        "-" if r[5] is None else f"{r[5][0]:.1f}" for r in rows) + " |")
    print("| workers: read, hash, decode (slowest worker) | " + " | ".join(
        "(in ingest)" if r[5] is None else f"{r[5][1]:.1f}; {events / max(r[5][1], 1e-9):,.0f}" for r in rows) + " |")
    for phase in names:
        cells = []
        for r in rows:
            s = sum(sec for name, sec, _ in r[4] if name == phase)
            cells.append(f"{s:.1f}; {events / s:,.0f}" if s >= 0.05 else f"{s:.1f}")
        print(f"| {phase} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
