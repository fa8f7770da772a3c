#!/usr/bin/env python3
"""strata's benchmark driver (stdlib only); bench/run.sh builds the binaries and calls it.

  bench.py --strata BIN --read-floor BIN --gen GEN_PY --work DIR [--rss-wrapper BIN]
           [--inspect-bench BIN] [--runs N] [--upgrade-runs N] [--check-runs N]
           [--inspect-runs N] [--no-read] [--no-upgrade] [--no-check] [--pg-url URL]
           [--mysql-url URL]

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
import urllib.parse

RSS_LIMIT_KB = 30 * 1024
READ_RATIO_LIMIT = 1.5
UPGRADE_RATIO_LIMIT = 1.1
# Issue 3: `strata check` on a 1,000-table schema, and introspection alone.
CHECK_LIMIT_MS = {"sqlite": 1000.0, "postgresql": 3000.0, "mysql": 3000.0}
CHECK_RSS_LIMIT_KB = 150 * 1024
INSPECT_LIMIT_MS = {"postgresql": 300.0}  # SQLite's figure is for information
CHECK_TABLES = 1000
# Ten times the revisions may cost at most this many times as much: linear with a margin
# for noise (process start is a fixed cost, so a linear tool grows by less than 10).
GROWTH_LIMIT = 12.0
HERE = os.path.dirname(os.path.abspath(__file__))


class Case:
    def __init__(self, name, argv, cwd=None, stdin=None, floor=False, prepare=None, env=None,
                 ok_codes=(0,), want_rss=True, server_cpu=None):
        self.name = name
        self.argv = argv
        self.cwd = cwd
        self.stdin = stdin
        self.floor = floor
        self.prepare = prepare  # callable run, untimed, before every run
        self.env = env          # extra environment variables
        self.ok_codes = ok_codes  # exit codes that mean success (`check` finds differences: 3)
        self.want_rss = want_rss  # False: no extra run for the peak RSS (a floor's is moot)
        self.server_cpu = server_cpu  # callable: a local server's CPU ms so far, or None
        self.server = []        # the server's CPU ms per run, when server_cpu is set
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
    if proc.returncode not in case.ok_codes:
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
        if case.ok_codes != (0,):
            cmd.append("--ignore-failure")
        cmd.append(shlex.join(case.argv))
        env = dict(os.environ, **case.env) if case.env else None
        subprocess.run(cmd, cwd=case.cwd, check=True, stdout=subprocess.DEVNULL, env=env)
        data = json.load(open(out.name))
    return [t * 1e3 for t in data["results"][0]["times"]]


def measure(cases, runs, warmup, rss_wrapper, prepare_cmd=None):
    """Fills each case's times (ms), CPU (ms), server CPU (ms, where the case can read it)
    and rss_kb."""
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
                before = c.server_cpu() if c.server_cpu else None
                wall, cpu, _ = spawn(c)
                c.times.append(wall)
                c.cpu.append(cpu)
                if before is not None:
                    c.server.append(server_cpu_since(c.server_cpu, before))
    for c in cases:
        c.rss_kb = peak_rss(c, rss_wrapper) if c.want_rss else None


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
    else:
        # Likewise with synchronous_commit off for both (PGOPTIONS reaches psql and strata
        # through libpq): the COMMITs stop waiting for the WAL flush.
        for label, env in (("postgresql-1000", None),
                           ("postgresql-1000 async", {"PGOPTIONS": "-c synchronous_commit=off"})):
            bench_pg_upgrade(args, results, wl, label, env)

    if not args.mysql_url:
        print("(MySQL skipped: no --mysql-url / STRATA_TEST_MYSQL_URL)")
        return
    # gen.py writes no MySQL: mysql_workload.py derives it from the postgresql files.
    run_cmd([sys.executable, os.path.join(HERE, "mysql_workload.py"), "workload", wl])
    run_cmd([sys.executable, os.path.join(HERE, "gen_history.py"), "from-workload",
             "--workload", wl, "--dialect", "mysql", "--out", os.path.join(args.work, "up-mysql")])
    bench_mysql_upgrade(args, results, wl, "mysql-1000")


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


# ---------------------------------------------------------------- MySQL/MariaDB

class MysqlServer:
    """A mysql:// URL taken apart for the `mariadb` client: the connection options go on
    its command line, the password in MYSQL_PWD (never in argv, where `ps` shows it)."""

    def __init__(self, url):
        self.url = url
        u = urllib.parse.urlsplit(url)
        if u.scheme != "mysql":
            die("--mysql-url must be a mysql:// URL, not %r" % u.scheme)
        self.base, _, query = url.partition("?")
        self.query = "?" + query if query else ""
        self.user = urllib.parse.unquote(u.username or "")
        self.password = urllib.parse.unquote(u.password) if u.password is not None else None
        self.host = u.hostname or "localhost"
        self.port = u.port
        self.socket = dict(urllib.parse.parse_qsl(query)).get("unix_socket")
        self.client = shutil.which("mariadb") or shutil.which("mysql")
        if not self.client:
            die("the `mariadb` client is needed for the MySQL figures"
                " (apt-get install mariadb-client), or leave --mysql-url unset")

    def database_url(self, name):
        """The URL with its database replaced by `name` (query kept)."""
        return self.base.rsplit("/", 1)[0] + "/" + name + self.query

    def argv(self, database=None):
        a = [self.client, "-h", self.host]
        if self.port:
            a += ["-P", str(self.port)]
        if self.socket:
            a += ["-S", self.socket]
        if self.user:
            a += ["-u", self.user]
        return a + ([database] if database else [])

    def env(self):
        return {"MYSQL_PWD": self.password} if self.password is not None else {}

    def run(self, *sql, database=None):
        """Runs statements with the client; its output (tab-separated, no header)."""
        argv = self.argv(database) + ["-N", "-B", "-e", ";\n".join(sql)]
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=dict(os.environ, **self.env()))
        if p.returncode != 0:
            die("`%s` exited %d\n%s%s" % (" ".join(argv), p.returncode, p.stdout, p.stderr))
        return p.stdout

    def server_cpu(self):
        """A callable returning the CPU ms the server process has used so far (every thread:
        all sessions, this benchmark's and any other client's, and the background threads),
        or None when the server is not a process on this machine that can be read."""
        try:
            pid_file = self.run("SELECT @@pid_file").strip()
            datadir = self.run("SELECT @@datadir").strip()
            path = pid_file if os.path.isabs(pid_file) else os.path.join(datadir, pid_file)
            with open(path) as f:
                pid = int(f.read().split()[0])
            with open("/proc/%d/comm" % pid) as f:
                if f.read().strip() not in ("mariadbd", "mysqld"):
                    return None
        except (ValueError, OSError, IndexError, SystemExit):
            return None
        tick = os.sysconf("SC_CLK_TCK")

        def cpu_ms():
            try:
                with open("/proc/%d/stat" % pid) as f:
                    rest = f.read().rsplit(")", 1)[1].split()
            except OSError:
                return None
            # After "pid (comm)": utime and stime are fields 14 and 15.
            return (int(rest[11]) + int(rest[12])) * 1e3 / tick

        return cpu_ms if cpu_ms() is not None else None


def bench_mysql_upgrade(args, results, wl, label):
    server = MysqlServer(args.mysql_url)
    name = "strata_bench"
    db_url = server.database_url(name)
    reset_sql = ("DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name)

    def fresh_database():
        server.run(*reset_sql)

    print()
    print("upgrade head, %s: %d interleaved rounds after 1 warm-up round; fresh database per run"
          % (label, args.upgrade_runs))
    # Both cases get MYSQL_PWD: hyperfine's --prepare command (the reset) runs with the
    # case's environment. strata takes the password from its URL; libmariadb reads
    # MYSQL_PWD only when a connection is given no password.
    env = server.env()
    cases = [
        Case("mariadb client (floor)", server.argv(name), floor=True, prepare=fresh_database,
             stdin=os.path.join(wl, "all_up.mysql.steptxn.sql"), env=env),
        Case("strata upgrade head", [args.strata, "--url", db_url, "upgrade", "head"],
             cwd=os.path.join(args.work, "up-mysql"), prepare=fresh_database, env=env),
    ]
    reset_argv = server.argv() + ["-e", "; ".join(reset_sql)]
    measure(cases, args.upgrade_runs, 1, args.rss_wrapper, prepare_cmd=shlex.join(reset_argv))
    for c in cases:
        record(results, "upgrade", label, c)
    server.run("DROP DATABASE IF EXISTS " + name)  # leaves the server as it was


# ---------------------------------------------------------------- check (issue 3)

def pg_database_url(admin, name):
    """The server URL of `admin` with its database replaced by `name` (query kept)."""
    base, _, query = admin.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")


def pg_server_cpu(admin):
    """A callable returning the CPU ms that the ended sessions of a PostgreSQL server on
    this machine have used so far, or None when the server cannot be seen from here.

    Every session is a child process of the postmaster, which reaps it when it ends, so
    the postmaster's cutime + cstime (/proc/PID/stat) grows by each ended session's CPU.
    Long-lived background processes (checkpointer, WAL writer) are not in it."""
    p = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", admin], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        p.stdin.write("SELECT pg_backend_pid();\n")
        p.stdin.flush()
        backend = int(p.stdout.readline())
        with open("/proc/%d/status" % backend) as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        postmaster = int(fields["PPid"])
        # A pid of another machine's server could name an unrelated local process.
        with open("/proc/%d/comm" % postmaster) as f:
            if fields["Name"].strip() != "postgres" or f.read().strip() != "postgres":
                return None
    except (ValueError, OSError, KeyError):
        return None
    finally:
        p.stdin.close()
        p.wait()
    tick = os.sysconf("SC_CLK_TCK")

    def cpu_ms():
        try:
            with open("/proc/%d/stat" % postmaster) as f:
                rest = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        # After "pid (comm)": field 3 is rest[0]; cutime and cstime are fields 16 and 17.
        return (int(rest[13]) + int(rest[14])) * 1e3 / tick

    return cpu_ms if cpu_ms() is not None else None


def server_cpu_since(cpu_ms, before):
    """The server CPU used since `before`, once the ended sessions have been reaped."""
    time.sleep(0.05)
    now = cpu_ms()
    for _ in range(20):
        time.sleep(0.02)
        again = cpu_ms()
        if again == now:
            break
        now = again
    return now - before if now is not None else None


def psql(url, *sql):
    argv = ["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", url]
    for s in sql:
        argv += ["-c", s]
    return run_cmd(argv)


def write_check_project(proj, url, desired_sql, db_sql):
    """A strata project whose schema/ is the desired schema and whose one migration builds
    the differing database (db.<dialect>.sql without its BEGIN;/COMMIT; lines)."""
    os.makedirs(os.path.join(proj, "schema"), exist_ok=True)
    os.makedirs(os.path.join(proj, "migrations"), exist_ok=True)
    with open(os.path.join(proj, "strata.toml"), "w") as f:
        f.write('url = "%s"\n' % url)
        f.write('migrations = "migrations"\n')
        f.write('schema = ["schema"]\n')
        f.write('version_table = "strata_version"\n')
    shutil.copyfile(desired_sql, os.path.join(proj, "schema", "schema.sql"))
    with open(db_sql) as f:
        body = [line for line in f if line.strip() not in ("BEGIN;", "COMMIT;")]
    with open(os.path.join(proj, "migrations", "b3c4d5e6f701_the_benchmark_database.sql"),
              "w") as f:
        f.write("-- revision: b3c4d5e6f701\n")
        f.write("-- message: the benchmark database\n\n")
        f.write("-- migrate:up\n")
        f.writelines(body)
        f.write("\n-- migrate:down\nSELECT 1;\n")


def verify_check(args, proj, expected, allowance, env=None, unsupported_ok=False):
    """Runs `strata --json check` once (untimed) and matches its changes against gen.py's
    expected_diffs.json: a diff counts as named when one change's description names both
    its table and its object. Returns a dict of the counts. With unsupported_ok, a check
    that fails saying the dialect does not support it yet returns strata's message (str)."""
    p = subprocess.run([args.strata, "--json", "check"], cwd=proj, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True,
                       env=dict(os.environ, **env) if env else None)
    if p.returncode != 3 and unsupported_ok and "not supported" in p.stdout + p.stderr:
        lines = [line.strip() for line in (p.stderr + p.stdout).splitlines() if line.strip()]
        return next((line for line in lines if "not supported" in line), lines[0])
    if p.returncode != 3:
        die("`strata --json check` in %s exited %d, expected 3 (the states differ)\n%s%s"
            % (proj, p.returncode, p.stdout[-2000:], p.stderr))
    try:
        changes = json.loads(p.stdout)["changes"]
    except (ValueError, KeyError) as e:
        die("`strata --json check` in %s printed no JSON list of changes (%s)\n%s"
            % (proj, e, p.stdout[-2000:]))
    descriptions = [c.get("description", "") for c in changes]
    unnamed = [d for d in expected
               if not any(d["table"] in text and d["object"] in text for text in descriptions)]
    kinds = {}
    for c in changes:
        kinds[c.get("kind", "?")] = kinds.get(c.get("kind", "?"), 0) + 1
    n, m = len(changes), len(expected)
    ok = not unnamed and m <= n <= m + allowance
    print("  check lists %d changes (%s); expected_diffs.json has %d, %d named%s"
          % (n, ", ".join("%s %d" % kv for kv in sorted(kinds.items())), m, m - len(unnamed),
             "" if ok else "  <- MISMATCH"), flush=True)
    for d in unnamed[:5]:
        print("    not named: %s %s.%s" % (d["kind"], d["table"], d["object"]))
    return {"changes": n, "expected_diffs": m, "diffs_named": m - len(unnamed),
            "diff_count_ok": ok, "max_changes": m + allowance}


def run_inspect(args, results, label, url, server_cpu=None):
    """inspect_bench on `url`: introspection alone, on one connection, after a warm-up.
    A dialect whose inspector says it is not supported yet is skipped, with its message."""
    before = server_cpu() if server_cpu else None
    p = subprocess.run([args.inspect_bench, url, str(args.inspect_runs)], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0 and "not supported" in p.stderr:
        print("  (%s introspection skipped: %s)" % (label, p.stderr.strip()))
        return
    if p.returncode != 0:
        die("`%s` exited %d\n%s%s" % (" ".join(p.args), p.returncode, p.stdout, p.stderr))
    out = p.stdout.split()
    # The session's CPU over its inspect() calls (the warm-up one too): connecting costs
    # the server a few ms, small beside the calls.
    server = server_cpu_since(server_cpu, before) if before is not None else None
    fig = dict(kv.split("=", 1) for kv in out)
    row = {"group": "inspect", "workload": label, "name": "inspect()", "floor": False,
           "median_ms": float(fig["median_ms"]), "min_ms": float(fig["min_ms"]),
           "max_ms": float(fig["max_ms"]), "runs": int(fig["runs"]), "peak_rss_kb": None,
           "cpu_ms": float(fig["cpu_ms"]), "tables": int(fig["tables"]),
           "columns": int(fig["columns"]), "indexes": int(fig["indexes"]),
           "foreign_keys": int(fig["foreign_keys"]),
           "server_cpu_ms": server / (int(fig["runs"]) + 1) if server is not None else None,
           "cmd": shlex.join([args.inspect_bench, url, str(args.inspect_runs)])}
    results.append(row)
    print("  %-22s %-22s median %9.2f ms  (min %8.2f, max %8.2f, n=%d)  CPU %.2f ms%s  "
          "%d tables, %d columns, %d indexes, %d foreign keys"
          % (label, row["name"], row["median_ms"], row["min_ms"], row["max_ms"], row["runs"],
             row["cpu_ms"], "  server CPU %.2f ms" % row["server_cpu_ms"]
             if row["server_cpu_ms"] is not None else "", row["tables"], row["columns"],
             row["indexes"], row["foreign_keys"]), flush=True)


def bench_check(args, results):
    wl = os.path.join(args.work, "schema-%d" % CHECK_TABLES)
    run_cmd([sys.executable, args.gen, "schema", "--tables", str(CHECK_TABLES), "--out", wl])
    with open(os.path.join(wl, "expected_diffs.json")) as f:
        expected = json.load(f)
    with open(os.path.join(wl, "schema.json")) as f:
        tables = {t["name"]: t for t in json.load(f)["tables"]}
    # A table missing from the database comes back with its indexes and foreign keys:
    # strata may list those as changes of their own.
    allowance = sum(len(tables[d["table"]]["indexes"]) + len(tables[d["table"]]["foreign_keys"])
                    for d in expected if d["kind"] == "missing_table_in_db")

    print()
    print("check, %d tables (%d expected differences): %d interleaved rounds (SQLite after 1"
          " warm-up round, PostgreSQL and MySQL after the verifying run)"
          % (CHECK_TABLES, len(expected), args.check_runs))
    bench_sqlite_check(args, results, wl, expected, allowance)
    if args.pg_url:
        bench_pg_check(args, results, wl, expected, allowance)
    else:
        print("(PostgreSQL skipped: no --pg-url / STRATA_TEST_PG_URL)")
    if args.mysql_url:
        run_cmd([sys.executable, os.path.join(HERE, "mysql_workload.py"), "schema", wl])
        bench_mysql_check(args, results, wl, expected,
                          allowance + innodb_fk_index_allowance(tables, expected))
    else:
        print("(MySQL skipped: no --mysql-url / STRATA_TEST_MYSQL_URL)")

    if not args.inspect_bench:
        print("(introspection alone skipped: no --inspect-bench)")
        return
    print()
    print("introspection alone of desired.<dialect>.sql (inspect_bench: %d runs on one connection"
          " after 1 warm-up)" % args.inspect_runs)
    db = os.path.join(args.work, "inspect.sqlite.db")
    for suffix in ("", "-journal", "-wal"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    with open(os.path.join(wl, "desired.sqlite.sql"), "rb") as f:
        p = subprocess.run(["sqlite3", "-bail", db], stdin=f, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        die("sqlite3 could not load desired.sqlite.sql\n%s" % p.stderr)
    run_inspect(args, results, "sqlite-%d" % CHECK_TABLES, "sqlite:///" + db)
    if args.pg_url:
        name = "strata_bench_inspect"
        psql(args.pg_url, "DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name)
        url = pg_database_url(args.pg_url, name)
        run_cmd(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", "-f",
                 os.path.join(wl, "desired.postgresql.sql"), url])
        try:
            run_inspect(args, results, "postgresql-%d" % CHECK_TABLES, url,
                        pg_server_cpu(args.pg_url))
        finally:
            psql(args.pg_url, "DROP DATABASE IF EXISTS " + name)
    if args.mysql_url:
        server = MysqlServer(args.mysql_url)
        name = "strata_bench_inspect"
        server.run("DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name)
        try:
            with open(os.path.join(wl, "desired.mysql.sql"), "rb") as f:
                p = subprocess.run(server.argv(name), stdin=f, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=dict(os.environ, **server.env()))
            if p.returncode != 0:
                die("the mariadb client could not load desired.mysql.sql\n%s"
                    % p.stderr.decode(errors="replace"))
            run_inspect(args, results, "mysql-%d" % CHECK_TABLES, server.database_url(name),
                        server.server_cpu())
        finally:
            server.run("DROP DATABASE IF EXISTS " + name)


def bench_sqlite_check(args, results, wl, expected, allowance):
    proj = os.path.join(args.work, "check-sqlite")
    write_check_project(proj, "sqlite:///" + os.path.join(proj, "app.db"),
                        os.path.join(wl, "desired.sqlite.sql"), os.path.join(wl, "db.sqlite.sql"))
    # The floor loads both schemas into in-memory databases in one sqlite3 process: what
    # check does before it introspects and diffs, minus splitting the migration and
    # strata's bookkeeping.
    script = os.path.join(args.work, "check-floor.sqlite.txt")
    with open(script, "w") as f:
        f.write(".bail on\n.read %s\n.open :memory:\n.read %s\n"
                % (os.path.join(wl, "desired.sqlite.sql"), os.path.join(wl, "db.sqlite.sql")))
    label = "sqlite-%d" % CHECK_TABLES
    print("%s:" % label)
    counts = verify_check(args, proj, expected, allowance)
    cases = [
        Case("sqlite3 load (floor)", ["sqlite3", ":memory:"], stdin=script, floor=True,
             want_rss=False),
        Case("strata check", [args.strata, "check"], cwd=proj, ok_codes=(3,)),
    ]
    measure(cases, args.check_runs, 1, args.rss_wrapper)
    for c in cases:
        record(results, "check", label, c)
        if not c.floor:
            results[-1].update(counts)


def bench_pg_check(args, results, wl, expected, allowance):
    name = "strata_bench_check"
    url = pg_database_url(args.pg_url, name)
    proj = os.path.join(args.work, "check-postgresql")
    write_check_project(proj, url, os.path.join(wl, "desired.postgresql.sql"),
                        os.path.join(wl, "db.postgresql.sql"))
    # The floor does what check does on the server, in one psql process: create two
    # databases from template0 (as strata's scratch databases are), load one schema into
    # each, drop both.
    a, b = "strata_bench_floor_a", "strata_bench_floor_b"
    script = os.path.join(args.work, "check-floor.postgresql.sql")
    with open(script, "w") as f:
        f.write("CREATE DATABASE %s TEMPLATE template0;\n\\connect %s\n\\i %s\n"
                % (a, pg_database_url(args.pg_url, a), os.path.join(wl, "desired.postgresql.sql")))
        f.write("\\connect %s\nCREATE DATABASE %s TEMPLATE template0;\n\\connect %s\n\\i %s\n"
                % (args.pg_url, b, pg_database_url(args.pg_url, b),
                   os.path.join(wl, "db.postgresql.sql")))
        f.write("\\connect %s\nDROP DATABASE %s;\nDROP DATABASE %s;\n" % (args.pg_url, a, b))
    scratch_sql = "SELECT count(*) FROM pg_database WHERE datname LIKE 'strata\\_scratch\\_%'"

    def clean_floor():
        psql(args.pg_url, "DROP DATABASE IF EXISTS " + a, "DROP DATABASE IF EXISTS " + b)

    label = "postgresql-%d" % CHECK_TABLES
    print("%s:" % label)
    psql(args.pg_url, "DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name)
    scratch_before = int(run_cmd(["psql", "-X", "-A", "-t", args.pg_url, "-c", scratch_sql]))
    server_cpu = pg_server_cpu(args.pg_url)
    try:
        counts = verify_check(args, proj, expected, allowance)
        # As for upgrade: a diagnostic with synchronous_commit off on both sides (PGOPTIONS
        # reaches psql and strata through libpq), where the commits stop waiting for the
        # WAL flush and what is left is the server's work and the client's.
        for tag, env in (("", None), (" async", {"PGOPTIONS": "-c synchronous_commit=off"})):
            cases = [
                Case("psql load (floor)", ["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", "-f",
                                           script, args.pg_url], floor=True, prepare=clean_floor,
                     env=env, want_rss=False, server_cpu=server_cpu),
                Case("strata check", [args.strata, "check"], cwd=proj, ok_codes=(3,), env=env,
                     server_cpu=server_cpu),
            ]
            # No warm-up round: the server's caches are warm from the verifying run, and a
            # round costs tens of seconds on a busy machine.
            measure(cases, args.check_runs, 0, args.rss_wrapper,
                    prepare_cmd=shlex.join(["psql", "-q", "-X", args.pg_url, "-c",
                                            "DROP DATABASE IF EXISTS " + a, "-c",
                                            "DROP DATABASE IF EXISTS " + b]))
            for c in cases:
                record(results, "check", label + tag, c)
                server = [x for x in c.server if x is not None]
                results[-1]["server_cpu_ms"] = statistics.median(server) if server else None
                if not c.floor:
                    results[-1].update(counts)
        left = int(run_cmd(["psql", "-X", "-A", "-t", args.pg_url, "-c", scratch_sql]))
        if left > scratch_before:
            print("  warning: %d scratch database(s) left on the server after the runs"
                  % (left - scratch_before))
    finally:
        clean_floor()
        psql(args.pg_url, "DROP DATABASE IF EXISTS " + name)


def innodb_fk_index_allowance(tables, expected):
    """The changes strata may list on MySQL beyond the other dialects' allowance: InnoDB
    gives a foreign key whose column leads no index an index of its own, named after the
    key, which the inspector sees as any other index. So a table missing from the database
    lacks those too, a missing foreign key takes its index along, and a missing index on a
    foreign key's column leaves the database with InnoDB's index instead (one more)."""
    def implicit(t, skip_index=None):
        leading = {ix["columns"][0] for ix in t["indexes"] if ix["name"] != skip_index}
        return {fk["name"] for fk in t["foreign_keys"] if fk["column"] not in leading}

    extra = 0
    for d in expected:
        t = tables.get(d["table"])
        if t is None:
            continue
        if d["kind"] == "missing_table_in_db":
            extra += len(implicit(t))
        elif d["kind"] == "missing_fk_in_db" and d["object"] in implicit(t):
            extra += 1
        elif d["kind"] == "missing_index_in_db":
            extra += len(implicit(t, d["object"]) - implicit(t))
    return extra


def bench_mysql_check(args, results, wl, expected, allowance):
    server = MysqlServer(args.mysql_url)
    name = "strata_bench_check"
    proj = os.path.join(args.work, "check-mysql")
    write_check_project(proj, server.database_url(name), os.path.join(wl, "desired.mysql.sql"),
                        os.path.join(wl, "db.mysql.sql"))
    # The floor does what check does on the server, in one client process: create two
    # databases (with the server's default charset, as strata's scratch databases get that
    # of strata_bench_check), load one schema into each, drop both.
    a, b = "strata_bench_floor_a", "strata_bench_floor_b"
    script = os.path.join(args.work, "check-floor.mysql.sql")
    with open(script, "w") as f:
        for db, sql in ((a, "desired.mysql.sql"), (b, "db.mysql.sql")):
            f.write("CREATE DATABASE %s;\nUSE %s;\nsource %s\n" % (db, db, os.path.join(wl, sql)))
        f.write("DROP DATABASE %s;\nDROP DATABASE %s;\n" % (a, b))
    scratch_sql = ("SELECT count(*) FROM information_schema.SCHEMATA"
                   " WHERE SCHEMA_NAME LIKE 'strata\\_scratch\\_%'")

    def clean_floor():
        server.run("DROP DATABASE IF EXISTS " + a, "DROP DATABASE IF EXISTS " + b)

    label = "mysql-%d" % CHECK_TABLES
    print("%s:" % label)
    server.run("DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name)
    scratch_before = int(server.run(scratch_sql))
    try:
        counts = verify_check(args, proj, expected, allowance, unsupported_ok=True)
        if isinstance(counts, str):
            print("(MySQL check skipped: %s)" % counts)
            return
        server_cpu = server.server_cpu()
        env = server.env()  # for hyperfine's --prepare, which runs the client
        cases = [
            Case("mariadb load (floor)", server.argv(), stdin=script, floor=True,
                 prepare=clean_floor, env=env, want_rss=False, server_cpu=server_cpu),
            Case("strata check", [args.strata, "check"], cwd=proj, ok_codes=(3,), env=env,
                 server_cpu=server_cpu),
        ]
        # No warm-up round, as on PostgreSQL: a round takes minutes on a shared disk.
        measure(cases, args.check_runs, 0, args.rss_wrapper,
                prepare_cmd=shlex.join(server.argv() + [
                    "-e", "DROP DATABASE IF EXISTS %s; DROP DATABASE IF EXISTS %s" % (a, b)]))
        for c in cases:
            record(results, "check", label, c)
            cpu = [x for x in c.server if x is not None]
            results[-1]["server_cpu_ms"] = statistics.median(cpu) if cpu else None
            if not c.floor:
                results[-1].update(counts)
        left = int(server.run(scratch_sql))
        if left > scratch_before:
            print("  warning: %d scratch database(s) more on the server after the runs (strata's,"
                  " or another client's on a shared server)" % (left - scratch_before))
    finally:
        clean_floor()
        server.run("DROP DATABASE IF EXISTS " + name)


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
    print("(CPU ms: the client process's own user+system CPU; the server's is not in it."
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


def report_check(rows, inspects, missed):
    if rows:
        report_check_rows(rows, missed)
    if inspects:
        report_inspects(inspects, missed)


def report_check_rows(rows, missed):
    print()
    print("check on gen.py's %d-table schema against a database differing in 1%% of the tables:"
          " median wall ms" % CHECK_TABLES)
    print("targets: strata check under %s; peak RSS < %d MB; the changes listed match"
          " expected_diffs.json" % (", ".join("%.0f ms on %s" % (v, k)
                                              for k, v in CHECK_LIMIT_MS.items()),
                                    CHECK_RSS_LIMIT_KB // 1024))
    print("(floor: the engine's own client loading both schemas, for information. CPU ms: the"
          " client process's; srv CPU: a local server's (PostgreSQL: the run's ended sessions';"
          " MariaDB: the whole server process's). async rows are diagnostics)")
    hdr = "%-22s %-20s %10s %9s %9s %7s %7s %8s %7s %7s  %s" % (
        "workload", "command", "median ms", "min ms", "max ms", "x floor", "CPU ms", "srv CPU",
        "RSS MB", "changes", "verdict")
    print(hdr)
    print("-" * len(hdr))
    for w in dict.fromkeys(r["workload"] for r in rows):
        group = [r for r in rows if r["workload"] == w]
        floor = next((r for r in group if r["floor"]), None)
        dialect = w.split("-")[0]
        tag = "[diagnostic] " if " " in w else ""
        for r in group:
            ratio = "%.2f" % (r["median_ms"] / floor["median_ms"]) if floor else "-"
            notes = []
            changes = "-"
            if not r["floor"]:
                limit = CHECK_LIMIT_MS.get(dialect)
                if limit and r["median_ms"] > limit:
                    notes.append("time")
                    missed.append("%s%s: strata check %.0f ms; limit %.0f ms"
                                  % (tag, w, r["median_ms"], limit))
                if (r["peak_rss_kb"] or 0) > CHECK_RSS_LIMIT_KB:
                    notes.append("rss")
                    missed.append("%s%s: strata check peak RSS %.1f MB; limit %d MB"
                                  % (tag, w, r["peak_rss_kb"] / 1024, CHECK_RSS_LIMIT_KB // 1024))
                if "changes" in r:
                    changes = "%d/%d" % (r["changes"], r["expected_diffs"])
                    if not r["diff_count_ok"] and not tag:
                        notes.append("diffs")
                        missed.append("%s: check listed %d changes naming %d of the %d expected"
                                      " differences (expected %d to %d changes naming all)"
                                      % (w, r["changes"], r["diffs_named"], r["expected_diffs"],
                                         r["expected_diffs"], r["max_changes"]))
                    elif not r["diff_count_ok"]:
                        notes.append("diffs")
            verdict = "floor" if r["floor"] else ("MISSED " + ",".join(notes) if notes else "ok")
            cpu = "%.0f" % r["cpu_ms"] if r.get("cpu_ms") is not None else "-"
            srv = "%.0f" % r["server_cpu_ms"] if r.get("server_cpu_ms") is not None else "-"
            print("%-22s %-20s %10.1f %9.1f %9.1f %7s %7s %8s %7s %7s  %s" % (
                w, r["name"], r["median_ms"], r["min_ms"], r["max_ms"], ratio, cpu, srv,
                fmt_rss(r["peak_rss_kb"]), changes, verdict))


def report_inspects(inspects, missed):
    print()
    print("introspection alone (inspect() on one connection, after a warm-up): median wall ms")
    print("target: %s; SQLite's and MySQL's figures are for information"
          % ", ".join("under %.0f ms on %s" % (v, k) for k, v in INSPECT_LIMIT_MS.items()))
    print("(CPU ms: the client's per call; srv CPU: the server's per call, connecting included:"
          " PostgreSQL's session, MariaDB's whole server process)")
    hdr = "%-16s %7s %10s %9s %9s %8s %8s  %s" % (
        "workload", "tables", "median ms", "min ms", "max ms", "CPU ms", "srv CPU", "verdict")
    print(hdr)
    print("-" * len(hdr))
    for r in inspects:
        dialect = r["workload"].split("-")[0]
        limit = INSPECT_LIMIT_MS.get(dialect)
        notes = []
        if limit and r["median_ms"] > limit:
            notes.append("time")
            missed.append("%s: introspection %.0f ms; limit %.0f ms"
                          % (r["workload"], r["median_ms"], limit))
        if r["tables"] != CHECK_TABLES:
            notes.append("tables")
            missed.append("%s: introspection found %d tables, expected %d"
                          % (r["workload"], r["tables"], CHECK_TABLES))
        verdict = ("MISSED " + ",".join(notes)) if notes else ("ok" if limit else "info")
        srv = "%.1f" % r["server_cpu_ms"] if r.get("server_cpu_ms") is not None else "-"
        print("%-16s %7d %10.1f %9.1f %9.1f %8.1f %8s  %s" % (
            r["workload"], r["tables"], r["median_ms"], r["min_ms"], r["max_ms"], r["cpu_ms"],
            srv, verdict))


def report(results):
    missed = []
    reads = [r for r in results if r["group"] == "read"]
    if reads:
        report_reads(reads, missed)
    ups = [r for r in results if r["group"] == "upgrade"]
    if ups:
        report_upgrades(ups, missed)
    checks = [r for r in results if r["group"] == "check"]
    inspects = [r for r in results if r["group"] == "inspect"]
    if checks or inspects:
        report_check(checks, inspects, missed)
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
    ap.add_argument("--inspect-bench", help="bench's inspect_bench (introspection alone)")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--upgrade-runs", type=int, default=5)
    ap.add_argument("--check-runs", type=int, default=5)
    ap.add_argument("--inspect-runs", type=int, default=20)
    ap.add_argument("--no-read", action="store_true")
    ap.add_argument("--no-upgrade", action="store_true")
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--pg-url", default=os.environ.get("STRATA_TEST_PG_URL"),
                    help="PostgreSQL server for the upgrade and check figures"
                         " (default $STRATA_TEST_PG_URL)")
    ap.add_argument("--mysql-url", default=os.environ.get("STRATA_TEST_MYSQL_URL"),
                    help="MySQL/MariaDB server for the upgrade and check figures"
                         " (default $STRATA_TEST_MYSQL_URL)")
    ap.add_argument("--results", help="also write the figures here as JSON")
    args = ap.parse_args(argv)
    # The commands run in the project folders: relative paths would break there.
    for name in ("strata", "read_floor", "gen", "work", "rss_wrapper", "inspect_bench"):
        value = getattr(args, name)
        if value and (os.sep in value or name in ("work", "gen")):
            setattr(args, name, os.path.abspath(value))
    os.makedirs(args.work, exist_ok=True)
    results = []
    if not args.no_read:
        bench_reads(args, results)
    if not args.no_upgrade:
        bench_upgrades(args, results)
    if not args.no_check:
        bench_check(args, results)
    if args.results:
        with open(args.results, "w") as f:
            json.dump(results, f, indent=1)
    report(results)


if __name__ == "__main__":
    sys.exit(main())
