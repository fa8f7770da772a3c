#!/usr/bin/env python3
"""The benchmark's timer and report (stdlib only). bench/run.sh drives it.

  measure.py time --results FILE --group G --workload W --name NAME [--floor]
                  [--runs N] [--warmup K] [--cwd DIR] [--stdin FILE] [--prepare SHELLCMD]
                  [--rss-wrapper PATH] -- CMD [ARGS...]
      Runs CMD K times unmeasured, then N times measured: wall time from spawn to
      exit, median reported. --prepare runs (untimed, through sh) before every run,
      for example to delete the database file. CMD's stdout goes to /dev/null. One more
      run under --rss-wrapper (`/usr/bin/time -v` or bench's peak_rss) gives the peak
      resident set. A command that fails stops the benchmark with its stderr.
      With hyperfine on PATH (and BENCH_TIMER unset or "hyperfine") hyperfine takes the
      times instead of the built-in timer. Appends one JSON line to FILE.

  measure.py report --results FILE
      Prints the tables: median ms, ratio to the floor of the same group and workload,
      10k/1k growth, peak RSS, and each target met or missed.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RSS_LIMIT_KB = 30 * 1024
READ_RATIO_LIMIT = 1.5
UPGRADE_RATIO_LIMIT = 1.1
# 10x the revisions may cost at most this many times as much: linear plus a margin
# for noise (process start is a fixed cost, so a linear tool grows by less than 10).
GROWTH_LIMIT = 12.0


def run_once(cmd, cwd, stdin_path):
    """Spawns CMD and waits: returns (wall seconds, exit status, stderr text)."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=err,
                                close_fds=True)
        proc.wait()
        wall = time.perf_counter() - start
    finally:
        if stdin_path:
            stdin.close()
    err.seek(0)
    text = err.read().decode(errors="replace")
    err.close()
    return wall, proc.returncode, text


def prepare(shell_cmd, cwd):
    if shell_cmd:
        subprocess.run(shell_cmd, shell=True, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def builtin_times(args):
    for _ in range(args.warmup):
        prepare(args.prepare, args.cwd)
        _, rc, err = run_once(args.cmd, args.cwd, args.stdin)
        check(rc, err, args)
    times = []
    for _ in range(args.runs):
        prepare(args.prepare, args.cwd)
        wall, rc, err = run_once(args.cmd, args.cwd, args.stdin)
        check(rc, err, args)
        times.append(wall * 1e3)
    return times


def hyperfine_times(args):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False)
    out.close()
    hf = ["hyperfine", "-N", "--style", "none", "--warmup", str(args.warmup), "--runs",
          str(args.runs), "--export-json", out.name]
    if args.prepare:
        hf += ["--prepare", args.prepare]
    if args.stdin:
        hf += ["--input", args.stdin]
    hf.append(" ".join(shell_quote(a) for a in args.cmd))
    subprocess.run(hf, cwd=args.cwd, check=True, stdout=subprocess.DEVNULL)
    with open(out.name) as f:
        data = json.load(f)
    os.unlink(out.name)
    return [t * 1e3 for t in data["results"][0]["times"]]


def shell_quote(s):
    if s and all(c.isalnum() or c in "-_./:=@%+," for c in s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


def check(rc, err, args):
    if rc != 0:
        sys.stderr.write("measure: `%s` exited %d in %s\n%s" % (" ".join(args.cmd), rc,
                                                              args.cwd or ".", err))
        sys.exit(1)


def peak_rss_kb(args):
    """One extra run under the wrapper; returns KiB or None."""
    if not args.rss_wrapper:
        return None
    prepare(args.prepare, args.cwd)
    if args.rss_wrapper.endswith("/time"):
        cmd = [args.rss_wrapper, "-v"] + args.cmd
    else:
        cmd = [args.rss_wrapper] + args.cmd
    _, rc, err = run_once(cmd, args.cwd, args.stdin)
    check(rc, err, args)
    for line in err.splitlines():
        line = line.strip()
        if line.startswith("Maximum resident set size (kbytes):"):
            return int(line.split(":")[1])
        if line.startswith("peak_rss_kb="):
            return int(line.split()[0].split("=")[1])
    return None


def cmd_time(args):
    use_hf = shutil.which("hyperfine") and os.environ.get("BENCH_TIMER", "hyperfine") == "hyperfine"
    times = hyperfine_times(args) if use_hf else builtin_times(args)
    rss = peak_rss_kb(args)
    rec = {
        "group": args.group, "workload": args.workload, "name": args.name, "floor": args.floor,
        "median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times),
        "runs": len(times), "timer": "hyperfine" if use_hf else "builtin",
        "peak_rss_kb": rss, "cmd": " ".join(args.cmd),
    }
    with open(args.results, "a") as f:
        f.write(json.dumps(rec) + "\n")
    rss_text = "%.1f MB" % (rss / 1024) if rss else "?"
    print("  %-8s %-16s %-26s median %9.2f ms  (min %.2f, max %.2f, n=%d)  peak RSS %s"
          % (args.group, args.workload, args.name, rec["median_ms"], rec["min_ms"],
             rec["max_ms"], rec["runs"], rss_text), flush=True)


def verdict(ok):
    return "ok" if ok else "MISSED"


def cmd_report(args):
    recs = []
    with open(args.results) as f:
        for line in f:
            if line.strip():
                recs.append(json.loads(line))
    missed = []
    reads = [r for r in recs if r["group"] == "read"]
    if reads:
        print_reads(reads, missed)
    ups = [r for r in recs if r["group"] == "upgrade"]
    if ups:
        print_upgrades(ups, missed)
    print()
    if missed:
        print("targets missed (%d):" % len(missed))
        for m in missed:
            print("  - " + m)
    else:
        print("all targets met")


def fmt_rss(kb):
    return "%.1f" % (kb / 1024) if kb else "?"


def print_reads(reads, missed):
    # workload names are SHAPE-SIZE, e.g. linear-10k
    by = {(r["workload"], r["name"]): r for r in reads}
    shapes = []
    names = []
    for r in reads:
        shape = r["workload"].rsplit("-", 1)[0]
        if shape not in shapes:
            shapes.append(shape)
        if r["name"] not in names:
            names.append(r["name"])
    floor_name = next((r["name"] for r in reads if r["floor"]), None)
    print()
    print("Read-only commands: wall ms (median), ratio to the floor, growth 10k/1k, peak RSS")
    print("target: 10k ratio <= %.1f, growth <= %.0f (linear), peak RSS < 30 MB"
          % (READ_RATIO_LIMIT, GROWTH_LIMIT))
    hdr = "%-8s %-14s %9s %7s %9s %7s %7s %8s  %s" % (
        "shape", "command", "1k ms", "x floor", "10k ms", "x floor", "10k/1k", "RSS MB", "verdict")
    print(hdr)
    print("-" * len(hdr))
    for shape in shapes:
        f1 = by.get(("%s-1k" % shape, floor_name))
        f10 = by.get(("%s-10k" % shape, floor_name))
        for name in names:
            a = by.get(("%s-1k" % shape, name))
            b = by.get(("%s-10k" % shape, name))
            if not a and not b:
                continue
            cells = []
            for r, f in ((a, f1), (b, f10)):
                if r:
                    cells.append("%9.2f" % r["median_ms"])
                    cells.append("%7.2f" % (r["median_ms"] / f["median_ms"]) if f else "%7s" % "?")
                else:
                    cells += ["%9s" % "-", "%7s" % "-"]
            growth = b["median_ms"] / a["median_ms"] if a and b else None
            rss = max((r["peak_rss_kb"] or 0) for r in (a, b) if r)
            notes = []
            if name != floor_name:
                if b and f10:
                    ratio = b["median_ms"] / f10["median_ms"]
                    if ratio > READ_RATIO_LIMIT:
                        notes.append("ratio")
                        missed.append("%s %s 10k: %.2f ms = %.2fx the floor (%.2f ms), limit %.1fx"
                                      % (shape, name, b["median_ms"], ratio, f10["median_ms"],
                                         READ_RATIO_LIMIT))
                if growth is not None and growth > GROWTH_LIMIT:
                    notes.append("growth")
                    missed.append("%s %s: 10k/1k growth %.1f, limit %.0f"
                                  % (shape, name, growth, GROWTH_LIMIT))
                if rss and rss > RSS_LIMIT_KB:
                    notes.append("rss")
                    missed.append("%s %s: peak RSS %.1f MB, limit 30 MB" % (shape, name, rss / 1024))
            v = "floor" if name == floor_name else ("MISSED " + ",".join(notes) if notes else "ok")
            print("%-8s %-14s %s %s %s %s %7s %8s  %s" % (
                shape, name, cells[0], cells[1], cells[2], cells[3],
                "%.1f" % growth if growth is not None else "-", fmt_rss(rss), v))


def print_upgrades(ups, missed):
    print()
    print("upgrade head of the gen.py workload (fresh database each run): wall ms (median)")
    print("target: ratio <= %.1f, peak RSS < 30 MB (client process)" % UPGRADE_RATIO_LIMIT)
    hdr = "%-28s %-24s %10s %10s %7s %8s  %s" % ("workload", "command", "median ms", "min ms",
                                                  "x floor", "RSS MB", "verdict")
    print(hdr)
    print("-" * len(hdr))
    workloads = []
    for r in ups:
        if r["workload"] not in workloads:
            workloads.append(r["workload"])
    for w in workloads:
        rows = [r for r in ups if r["workload"] == w]
        floor = next((r for r in rows if r["floor"]), None)
        for r in rows:
            ratio = r["median_ms"] / floor["median_ms"] if floor else None
            notes = []
            if not r["floor"]:
                if ratio is not None and ratio > UPGRADE_RATIO_LIMIT:
                    notes.append("ratio")
                    missed.append("%s: strata %.0f ms = %.2fx the floor (%.0f ms), limit %.1fx"
                                  % (w, r["median_ms"], ratio, floor["median_ms"],
                                     UPGRADE_RATIO_LIMIT))
                if r["peak_rss_kb"] and r["peak_rss_kb"] > RSS_LIMIT_KB:
                    notes.append("rss")
                    missed.append("%s: strata peak RSS %.1f MB, limit 30 MB"
                                  % (w, r["peak_rss_kb"] / 1024))
            v = "floor" if r["floor"] else ("MISSED " + ",".join(notes) if notes else "ok")
            print("%-28s %-24s %10.1f %10.1f %7s %8s  %s" % (
                w, r["name"], r["median_ms"], r["min_ms"],
                "%.2f" % ratio if ratio is not None else "-", fmt_rss(r["peak_rss_kb"]), v))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="action", required=True)
    t = sub.add_parser("time")
    t.add_argument("--results", required=True)
    t.add_argument("--group", required=True)
    t.add_argument("--workload", required=True)
    t.add_argument("--name", required=True)
    t.add_argument("--floor", action="store_true")
    t.add_argument("--runs", type=int, default=20)
    t.add_argument("--warmup", type=int, default=3)
    t.add_argument("--cwd")
    t.add_argument("--stdin")
    t.add_argument("--prepare")
    t.add_argument("--rss-wrapper")
    t.add_argument("cmd", nargs=argparse.REMAINDER, metavar="CMD")
    r = sub.add_parser("report")
    r.add_argument("--results", required=True)
    args = ap.parse_args(argv)
    if args.action == "time":
        if args.cmd and args.cmd[0] == "--":
            args.cmd = args.cmd[1:]
        if not args.cmd:
            ap.error("time: no command given after --")
        cmd_time(args)
    else:
        cmd_report(args)


if __name__ == "__main__":
    sys.exit(main())
