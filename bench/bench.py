#!/usr/bin/env python3
"""strata's benchmark driver (stdlib only); bench/run.sh builds the binaries and calls it.

  bench.py --strata BIN --read-floor BIN --gen GEN_PY --work DIR [--rss-wrapper BIN]
           [--runs N] [--upgrade-runs N] [--no-read] [--no-upgrade] [--pg-url URL]

Generates the workloads into DIR, measures, prints the tables (see bench/README.md).

Timing: every command of one comparison (the floor and the strata verbs on one workload)
runs once per round, the order rotating from round to round, so a burst of load from
elsewhere on the machine falls on all of them alike; the figure is the median of the
rounds' wall times, spawn to exit, after warm-up rounds. With hyperfine on PATH (and
BENCH_TIMER unset or "hyperfine"), hyperfine times each command instead (not interleaved).
Peak RSS comes from one more run under the wrapper (`/usr/bin/time -v` or bench/peak_rss).
"""
import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RSS_LIMIT_KB = 30 * 1024
READ_RATIO_LIMIT = 1.5
UPGRADE_RATIO_LIMIT = 1.1
# Ten times the revisions may cost at most this many times as much: linear with a margin
# for noise (process start is a fixed cost, so a linear tool grows by less than 10).
GROWTH_LIMIT = 12.0
HERE = os.path.dirname(os.path.abspath(__file__))


class Case:
    def __init__(self, name, argv, cwd=None, stdin=None, floor=False, prepare=None, env=None):
        self.name = name
        self.argv = argv
        self.cwd = cwd
        self.stdin = stdin
        self.floor = floor
        self.prepare = prepare  # callable run, untimed, before every run
        self.env = env          # extra environment variables
        self.times = []         # wall ms per run
        self.cpu = []           # user + system CPU ms of the process per run
        self.rss_kb = None


def die(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.exit(1)


def spawn(case, argv=None):
    """Runs the case once: (wall ms, CPU ms, stderr text). A failure stops the benchmark."""
    if case.prepare:
        case.prepare()
    argv = argv or case.argv
    env = dict(os.environ, **case.env) if case.env else None
    stdin = open(case.stdin, "rb") if case.stdin else subprocess.DEVNULL
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=case.cwd, stdin=stdin, stdout=subprocess.DEVNULL,
                                stderr=err, env=env)
        # wait4 reaps the child and hands over its own resource usage.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = (time.perf_counter() - start) * 1e3
        proc.returncode = os.waitstatus_to_exitcode(status)
        if case.stdin:
            stdin.close()
        err.seek(0)
        text = err.read().decode(errors="replace")
    if proc.returncode != 0:
        die("`%s` exited %d (in %s)\n%s" % (" ".join(argv), proc.returncode, case.cwd or ".", text))
    return wall, (usage.ru_utime + usage.ru_stime) * 1e3, text


def use_hyperfine():
    return shutil.which("hyperfine") and os.environ.get("BENCH_TIMER", "hyperfine") == "hyperfine"


def hyperfine(case, runs, warmup, prepare_cmd):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        cmd = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs", str(runs),
               "--export-json", out.name]
        if prepare_cmd:
            cmd += ["--prepare", prepare_cmd]
        if case.stdin:
            cmd += ["--input", case.stdin]
        cmd.append(shlex.join(case.argv))
        env = dict(os.environ, **case.env) if case.env else None
        subprocess.run(cmd, cwd=case.cwd, check=True, stdout=subprocess.DEVNULL, env=env)
        data = json.load(open(out.name))
    return [t * 1e3 for t in data["results"][0]["times"]]


def measure(cases, runs, warmup, rss_wrapper, prepare_cmd=None):
    """Fills each case's times (ms) and rss_kb."""
    if use_hyperfine():
        for c in cases:
            c.times = hyperfine(c, runs, warmup, prepare_cmd)
    else:
        for _ in range(warmup):
            for c in cases:
                spawn(c)
        for r in range(runs):
            k = r % len(cases)
            for c in cases[k:] + cases[:k]:
                wall, cpu, _ = spawn(c)
                c.times.append(wall)
                c.cpu.append(cpu)
    for c in cases:
        c.rss_kb = peak_rss(c, rss_wrapper)


def peak_rss(case, wrapper):
    if not wrapper:
        return None
    argv = [wrapper, "-v"] + case.argv if wrapper.endswith("/time") else [wrapper] + case.argv
    _, _, text = spawn(case, argv)
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Maximum resident set size (kbytes):"):
            return int(line.split(":")[1])
        if line.startswith("peak_rss_kb="):
            return int(line.split()[0].split("=")[1])
    return None


def show(group, workload, c):
    med = statistics.median(c.times)
    rss = "%.1f MB" % (c.rss_kb / 1024) if c.rss_kb else "?"
    cpu = "%.2f" % statistics.median(c.cpu) if c.cpu else "?"
    print("  %-22s %-22s median %9.2f ms  (min %8.2f, max %8.2f, n=%d)  CPU %s ms  peak RSS %s"
          % (workload, c.name, med, min(c.times), max(c.times), len(c.times), cpu, rss),
          flush=True)


def record(results, group, workload, c):
    results.append({
        "group": group, "workload": workload, "name": c.name, "floor": c.floor,
        "median_ms": statistics.median(c.times), "min_ms": min(c.times),
        "max_ms": max(c.times), "runs": len(c.times), "peak_rss_kb": c.rss_kb,
        "cpu_ms": statistics.median(c.cpu) if c.cpu else None,
        "cmd": shlex.join(c.argv),
    })
    show(group, workload, c)


def run_cmd(argv, cwd=None):
    p = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        die("`%s` exited %d\n%s%s" % (" ".join(argv), p.returncode, p.stdout, p.stderr))
    return p.stdout


# ---------------------------------------------------------------- read-only commands

def bench_reads(args, results):
    print("read-only commands (%d interleaved rounds after 3 warm-up rounds; page cache warm)"
          % args.runs)
    # What merely starting a process costs here, for reading the small figures.
    true_case = Case("spawn /bin/true", ["/bin/true"])
    measure([true_case], args.runs, 3, None)
    record(results, "info", "-", true_case)
    for shape in ("linear", "branchy"):
        for n in (1000, 10000):
            label = "%s-%dk" % (shape, n // 1000)
            proj = os.path.join(args.work, label)
            run_cmd([sys.executable, os.path.join(HERE, "gen_history.py"), "history",
                     "--revisions", str(n), "--shape", shape, "--out", proj])
            run_cmd([args.strata, "-q", "stamp", "head"], cwd=proj)
            mig = os.path.join(proj, "migrations")
            got = run_cmd([args.read_floor, mig]).split()[0]
            if got != str(n):
                die("read_floor read %s files in %s, expected %d" % (got, mig, n))
            cases = [Case("floor (C read)", [args.read_floor, mig], floor=True)]
            for verb in ("current", "heads", "history"):
                cases.append(Case("strata " + verb, [args.strata, verb], cwd=proj))
            measure(cases, args.runs, 3, args.rss_wrapper)
            for c in cases:
                record(results, "read", label, c)


# ---------------------------------------------------------------- upgrade head

def bench_upgrades(args, results):
    wl = os.path.join(args.work, "wl")
    run_cmd([sys.executable, args.gen, "workload", "--steps", "1000", "--out", wl])
    for dialect in ("sqlite", "postgresql"):
        run_cmd([sys.executable, os.path.join(HERE, "gen_history.py"), "from-workload",
                 "--workload", wl, "--dialect", dialect,
                 "--out", os.path.join(args.work, "up-" + dialect)])

    # The contract's figure is on the disk, with the engine's own durability. Where
    # /dev/shm is a tmpfs the same comparison runs there too: fdatasync is then free,
    # so what remains is CPU, and strata's own overhead is not lost in disk noise.
    places = [("sqlite-1000", args.work)]
    shm = tempfile.mkdtemp(prefix="strata-bench.", dir="/dev/shm") \
        if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    if shm:
        places.append(("sqlite-1000 tmpfs", shm))
    try:
        for label, folder in places:
            bench_sqlite_upgrade(args, results, wl, label, os.path.join(folder, "upgrade.db"))
    finally:
        if shm:
            shutil.rmtree(shm, ignore_errors=True)

    if not args.pg_url:
        print("(PostgreSQL skipped: no --pg-url / STRATA_TEST_PG_URL)")
        return
    # Likewise with synchronous_commit off for both (PGOPTIONS reaches psql and strata
    # through libpq): the COMMITs stop waiting for the WAL flush.
    for label, env in (("postgresql-1000", None),
                       ("postgresql-1000 async", {"PGOPTIONS": "-c synchronous_commit=off"})):
        bench_pg_upgrade(args, results, wl, label, env)


def bench_sqlite_upgrade(args, results, wl, label, db):
    def fresh_file():
        for suffix in ("", "-journal", "-wal", "-shm", ".strata-lock"):
            try:
                os.unlink(db + suffix)
            except FileNotFoundError:
                pass

    print()
    print("upgrade head, %s: %d interleaved rounds after 1 warm-up round; fresh %s per run"
          % (label, args.upgrade_runs, db))
    cases = [
        Case("sqlite3 CLI (floor)", ["sqlite3", db], floor=True, prepare=fresh_file,
             stdin=os.path.join(wl, "all_up.sqlite.steptxn.sql")),
        Case("strata upgrade head", [args.strata, "--url", "sqlite:///" + db, "upgrade", "head"],
             cwd=os.path.join(args.work, "up-sqlite"), prepare=fresh_file),
    ]
    measure(cases, args.upgrade_runs, 1, args.rss_wrapper,
            prepare_cmd="rm -f %s*" % shlex.quote(db))
    for c in cases:
        record(results, "upgrade", label, c)


def bench_pg_upgrade(args, results, wl, label, env):
    admin = args.pg_url
    base, _, query = admin.partition("?")
    db_url = base.rsplit("/", 1)[0] + "/strata_bench" + ("?" + query if query else "")
    reset_argv = ["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", admin, "-c",
                  "DROP DATABASE IF EXISTS strata_bench", "-c", "CREATE DATABASE strata_bench"]

    def fresh_database():
        run_cmd(reset_argv)

    print()
    print("upgrade head, %s: %d interleaved rounds after 1 warm-up round; fresh database per run%s"
          % (label, args.upgrade_runs, "; " + " ".join("%s='%s'" % kv for kv in env.items())
             if env else ""))
    cases = [
        Case("psql -f (floor)", ["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", "-f",
                                 os.path.join(wl, "all_up.postgresql.steptxn.sql"), db_url],
             floor=True, prepare=fresh_database, env=env),
        Case("strata upgrade head", [args.strata, "--url", db_url, "upgrade", "head"],
             cwd=os.path.join(args.work, "up-postgresql"), prepare=fresh_database, env=env),
    ]
    measure(cases, args.upgrade_runs, 1, args.rss_wrapper, prepare_cmd=shlex.join(reset_argv))
    for c in cases:
        record(results, "upgrade", label, c)
    run_cmd(reset_argv[:-2])  # leaves the server as it was: no strata_bench database


# ---------------------------------------------------------------- report

def fmt_rss(kb):
    return "%.1f" % (kb / 1024) if kb else "?"


def report_reads(reads, missed):
    by = {(r["workload"], r["name"]): r for r in reads}
    names = []
    for r in reads:
        if r["name"] not in names:
            names.append(r["name"])
    floor_name = next(r["name"] for r in reads if r["floor"])
    print()
    print("Read-only commands: median wall ms, ratio to the floor on the same files, 10k/1k growth")
    print("targets: 10k within %.1fx the floor, growth linear (<= %.0f), peak RSS < 30 MB"
          % (READ_RATIO_LIMIT, GROWTH_LIMIT))
    print("(CPU x: the process's user+system CPU at 10k over the floor's, for information)")
    hdr = "%-8s %-15s %8s %7s %8s %7s %7s %7s %7s  %s" % (
        "shape", "command", "1k ms", "x floor", "10k ms", "x floor", "10k/1k", "CPU x", "RSS MB",
        "verdict")
    print(hdr)
    print("-" * len(hdr))
    for shape in ("linear", "branchy"):
        f1 = by.get((shape + "-1k", floor_name))
        f10 = by.get((shape + "-10k", floor_name))
        for name in names:
            a = by.get((shape + "-1k", name))
            b = by.get((shape + "-10k", name))
            if not (a and b and f1 and f10):
                continue
            r1 = a["median_ms"] / f1["median_ms"]
            r10 = b["median_ms"] / f10["median_ms"]
            growth = b["median_ms"] / a["median_ms"]
            rss = max(a["peak_rss_kb"] or 0, b["peak_rss_kb"] or 0)
            notes = []
            if name != floor_name:
                if r10 > READ_RATIO_LIMIT:
                    notes.append("ratio")
                    missed.append("%s %s 10k: %.1f ms = %.2fx the floor (%.1f ms); limit %.1fx"
                                  % (shape, name, b["median_ms"], r10, f10["median_ms"],
                                     READ_RATIO_LIMIT))
                if growth > GROWTH_LIMIT:
                    notes.append("growth")
                    missed.append("%s %s: 10k/1k growth %.1f; limit %.0f"
                                  % (shape, name, growth, GROWTH_LIMIT))
                if rss > RSS_LIMIT_KB:
                    notes.append("rss")
                    missed.append("%s %s: peak RSS %.1f MB; limit 30 MB" % (shape, name, rss / 1024))
            verdict = "floor" if name == floor_name else (
                "MISSED " + ",".join(notes) if notes else "ok")
            cpu = "%.2f" % (b["cpu_ms"] / f10["cpu_ms"]) if b.get("cpu_ms") and f10.get("cpu_ms") \
                else "-"
            print("%-8s %-15s %8.2f %7.2f %8.2f %7.2f %7.1f %7s %7s  %s" % (
                shape, name, a["median_ms"], r1, b["median_ms"], r10, growth, cpu, fmt_rss(rss),
                verdict))


def report_upgrades(ups, missed):
    print()
    print("upgrade head of gen.py's 1,000-step workload: median wall ms, fresh database per run")
    print("targets: within %.1fx the bare engine with the same transactions; client peak RSS"
          " < 30 MB" % UPGRADE_RATIO_LIMIT)
    print("(CPU ms: the client process's own user+system CPU; a PostgreSQL server's is not in it."
          " tmpfs/async rows are diagnostics beside the contract's figure)")
    hdr = "%-22s %-20s %10s %9s %9s %7s %8s %7s  %s" % (
        "workload", "command", "median ms", "min ms", "max ms", "x floor", "CPU ms", "RSS MB",
        "verdict")
    print(hdr)
    print("-" * len(hdr))
    for w in dict.fromkeys(r["workload"] for r in ups):
        rows = [r for r in ups if r["workload"] == w]
        floor = next(r for r in rows if r["floor"])
        tag = "[diagnostic] " if " " in w else ""
        for r in rows:
            ratio = r["median_ms"] / floor["median_ms"]
            notes = []
            if not r["floor"]:
                if ratio > UPGRADE_RATIO_LIMIT:
                    notes.append("ratio")
                    missed.append("%s%s: strata %.0f ms = %.2fx the floor (%.0f ms); limit %.1fx"
                                  % (tag, w, r["median_ms"], ratio, floor["median_ms"],
                                     UPGRADE_RATIO_LIMIT))
                if (r["peak_rss_kb"] or 0) > RSS_LIMIT_KB:
                    notes.append("rss")
                    missed.append("%s%s: strata peak RSS %.1f MB; limit 30 MB"
                                  % (tag, w, r["peak_rss_kb"] / 1024))
            verdict = "floor" if r["floor"] else ("MISSED " + ",".join(notes) if notes else "ok")
            cpu = "%.0f" % r["cpu_ms"] if r.get("cpu_ms") is not None else "-"
            print("%-22s %-20s %10.1f %9.1f %9.1f %7.2f %8s %7s  %s" % (
                w, r["name"], r["median_ms"], r["min_ms"], r["max_ms"], ratio, cpu,
                fmt_rss(r["peak_rss_kb"]), verdict))


def report(results):
    missed = []
    reads = [r for r in results if r["group"] == "read"]
    if reads:
        report_reads(reads, missed)
    ups = [r for r in results if r["group"] == "upgrade"]
    if ups:
        report_upgrades(ups, missed)
    print()
    if missed:
        print("targets missed (%d):" % len(missed))
        for m in missed:
            print("  - " + m)
    else:
        print("all targets met")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--strata", required=True)
    ap.add_argument("--read-floor", required=True)
    ap.add_argument("--gen", required=True, help="the shared gen.py")
    ap.add_argument("--work", required=True, help="folder for the workloads (created)")
    ap.add_argument("--rss-wrapper", help="/usr/bin/time or bench's peak_rss")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--upgrade-runs", type=int, default=5)
    ap.add_argument("--no-read", action="store_true")
    ap.add_argument("--no-upgrade", action="store_true")
    ap.add_argument("--pg-url", default=os.environ.get("STRATA_TEST_PG_URL"),
                    help="PostgreSQL server for the upgrade figures (default $STRATA_TEST_PG_URL)")
    ap.add_argument("--results", help="also write the figures here as JSON")
    args = ap.parse_args(argv)
    # The commands run in the project folders: relative paths would break there.
    for name in ("strata", "read_floor", "gen", "work", "rss_wrapper"):
        value = getattr(args, name)
        if value and (os.sep in value or name in ("work", "gen")):
            setattr(args, name, os.path.abspath(value))
    os.makedirs(args.work, exist_ok=True)
    results = []
    if not args.no_read:
        bench_reads(args, results)
    if not args.no_upgrade:
        bench_upgrades(args, results)
    if args.results:
        with open(args.results, "w") as f:
            json.dump(results, f, indent=1)
    report(results)


if __name__ == "__main__":
    sys.exit(main())
