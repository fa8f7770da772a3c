#!/usr/bin/env python3
"""Writes strata projects for the benchmarks (stdlib only, deterministic per --seed).

  gen_history.py history --revisions N --shape linear|branchy --out DIR [--seed S]
      A project of N migration files in strata's format (DESIGN section 3), one
      root and, at the end, one head.
        linear   a chain: each revision revises the one before.
        branchy  runs of 5-30 revisions, then a branch point with 2-4 branches of
                 1-15 revisions each, joined again by a merge revision. Now and then
                 one branch stays open across the next run and joins a later merge;
                 --label-pct of the branches (default 2) start with a revision carrying a
                 branch label, and about 1 in 50 revisions has a `depends-on` on an
                 earlier revision. Alembic's labels pass to every descendant, so the
                 labels a revision shows grow with the history: keep the default low, as
                 in real projects, or raise it to study that cost.

  gen_history.py from-workload --workload DIR --dialect sqlite|postgresql|mysql --out DIR
      Turns a `gen.py workload` directory (manifest.json, steps/*/<dialect>.{up,down}.sql)
      into a strata project: one file per step, revision ids from the manifest, a
      linear chain in step order. gen.py writes sqlite and postgresql; the mysql
      dialect is added to the directory first by bench/mysql_workload.py.

Both write DIR/strata.toml (url from --url, default a SQLite file next to it) and
DIR/migrations/, and print a one-line summary.
"""
import argparse
import json
import os
import random
import sys

TYPES = ["INTEGER", "BIGINT", "TEXT", "VARCHAR(64)", "NUMERIC(12,2)", "BOOLEAN", "TIMESTAMP"]


def slugify(message, limit=40):
    out = []
    for ch in message.lower():
        out.append(ch if ch.isalnum() else "_")
    slug = "".join(out)
    while "__" in slug:
        slug = slug.replace("__", "_")
    return slug.strip("_")[:limit].rstrip("_")


def write_config(out, url):
    os.makedirs(os.path.join(out, "migrations"), exist_ok=True)
    with open(os.path.join(out, "strata.toml"), "w") as f:
        f.write('url = "%s"\n' % url)
        f.write('migrations = "migrations"\n')
        f.write('version_table = "strata_version"\n')
        f.write('transaction = "per-migration"\n')


def render(rev):
    lines = ["-- revision: %s" % rev["id"]]
    if rev["revises"]:
        lines.append("-- revises: %s" % ", ".join(rev["revises"]))
    lines.append("-- message: %s" % rev["message"])
    lines.append("-- created: %s" % rev["created"])
    if rev.get("depends_on"):
        lines.append("-- depends-on: %s" % ", ".join(rev["depends_on"]))
    if rev.get("branch_labels"):
        lines.append("-- branch-labels: %s" % ", ".join(rev["branch_labels"]))
    lines.append("")
    lines.append("-- migrate:up")
    lines.append(rev["up"].rstrip("\n"))
    if rev.get("down") is not None:
        lines.append("")
        lines.append("-- migrate:down")
        lines.append(rev["down"].rstrip("\n"))
    return "\n".join(lines) + "\n"


def write_revisions(out, revs):
    mig = os.path.join(out, "migrations")
    for rev in revs:
        name = "%s_%s.sql" % (rev["id"], slugify(rev["message"]))
        with open(os.path.join(mig, name), "w") as f:
            f.write(render(rev))


class History:
    """Builds revisions in an order where every parent comes before its children."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.revs = []
        self.ids = set()
        self.labels = 0

    def new_id(self):
        while True:
            rid = "%012x" % self.rng.getrandbits(48)
            if rid not in self.ids:
                self.ids.add(rid)
                return rid

    def body(self, n):
        rng = self.rng
        kind = rng.random()
        table = "t_%05d" % n
        if kind < 0.5:
            cols = ["    id INTEGER PRIMARY KEY"]
            for k in range(rng.randint(3, 8)):
                cols.append("    c%d %s%s" % (k, rng.choice(TYPES),
                                             " NOT NULL DEFAULT 0" if rng.random() < 0.2 else ""))
            up = "CREATE TABLE %s (\n%s\n);\nCREATE INDEX ix_%s_c0 ON %s (c0);" % (
                table, ",\n".join(cols), table, table)
            down = "DROP INDEX ix_%s_c0;\nDROP TABLE %s;" % (table, table)
            return "create table %s" % table, up, down
        other = "t_%05d" % max(0, n - rng.randint(1, 40))
        if kind < 0.8:
            up = "ALTER TABLE %s ADD COLUMN extra_%d %s;" % (other, n, rng.choice(TYPES))
            down = "ALTER TABLE %s DROP COLUMN extra_%d;" % (other, n)
            return "add column extra_%d" % n, up, down
        up = ("UPDATE %s SET c0 = c0 WHERE id BETWEEN %d AND %d;\n"
              "INSERT INTO audit_log (note) VALUES ('step %d');") % (other, n, n + 100, n)
        down = "DELETE FROM audit_log WHERE note = 'step %d';" % n
        return "data fix %d" % n, up, down

    def add(self, parents, label=None, merge=False):
        n = len(self.revs)
        rid = self.new_id()
        if merge:
            msg, up, down = "merge %d branches" % len(parents), "-- merge: nothing to do", \
                "-- merge: nothing to do"
        else:
            msg, up, down = self.body(n)
        day = n // 24
        rev = {
            "id": rid, "revises": list(parents), "message": msg,
            "created": "%04d-%02d-%02dT%02d:00:00Z" % (2020 + day // 336, 1 + day // 28 % 12,
                                                       1 + day % 28, n % 24),
            "up": up, "down": down,
        }
        if label:
            rev["branch_labels"] = [label]
        # An ordering edge to a revision generated earlier can never make a cycle.
        if n > 100 and not merge and self.rng.random() < 0.02:
            target = self.revs[n - self.rng.randint(20, 100)]["id"]
            if target not in parents:
                rev["depends_on"] = [target]
        self.revs.append(rev)
        return rid


def linear(n, seed):
    h = History(seed)
    tip = None
    for _ in range(n):
        tip = h.add([tip] if tip else [])
    return h.revs


def branchy(n, seed, label_pct=2.0):
    h = History(seed)
    rng = h.rng
    tip = h.add([])
    pending = None  # a branch tip left open across one run, joined by a later merge
    while True:
        remaining = n - len(h.revs)
        run = rng.randint(5, 30)
        lengths = [rng.randint(1, 15) for _ in range(rng.randint(2, 4))]
        if run + sum(lengths) + 1 > remaining:
            break
        for _ in range(run):
            tip = h.add([tip])
        fork = tip
        tips = []
        for j, length in enumerate(lengths):
            label = None
            if rng.random() * 100 < label_pct:
                h.labels += 1
                label = "branch_%d" % h.labels
            t = h.add([fork], label=label)
            for _ in range(length - 1):
                t = h.add([t])
            tips.append(t)
        keep_open = None
        if pending is None and len(tips) > 2 and rng.random() < 0.4:
            keep_open = tips.pop()
        if pending is not None:
            tips.append(pending)
        tip = h.add(tips, merge=True)
        pending = keep_open
    # Fill the rest linearly; the last one joins a branch still open.
    while len(h.revs) < n:
        if pending is not None and len(h.revs) == n - 1:
            tip = h.add([tip, pending], merge=True)
            pending = None
        else:
            tip = h.add([tip])
    assert pending is None or n < 3, "a branch was left open"
    return h.revs


def cmd_history(args):
    if args.revisions < 1:
        sys.exit("gen_history: --revisions must be at least 1")
    if args.shape == "linear":
        revs = linear(args.revisions, args.seed)
    else:
        revs = branchy(args.revisions, args.seed, args.label_pct)
    write_config(args.out, args.url)
    write_revisions(args.out, revs)
    merges = sum(1 for r in revs if len(r["revises"]) > 1)
    branch_points = {}
    for r in revs:
        for p in r["revises"]:
            branch_points[p] = branch_points.get(p, 0) + 1
    forks = sum(1 for c in branch_points.values() if c > 1)
    labels = sum(len(r.get("branch_labels", [])) for r in revs)
    print("history: %d revisions (%s: %d branch points, %d merges, %d branch labels) -> %s"
          % (len(revs), args.shape, forks, merges, labels, args.out))


def cmd_from_workload(args):
    with open(os.path.join(args.workload, "manifest.json")) as f:
        manifest = json.load(f)
    if manifest.get("format") != "bench-workload/1":
        sys.exit("gen_history: %s is not a bench-workload/1 manifest" % args.workload)
    if args.dialect not in manifest["dialects"]:
        sys.exit("gen_history: the workload has no %s dialect%s" % (
            args.dialect, " (add it with bench/mysql_workload.py workload DIR)"
            if args.dialect == "mysql" else ""))
    write_config(args.out, args.url)
    revs = []
    parent = None
    for step in sorted(manifest["steps"], key=lambda s: s["index"]):
        files = step["files"][args.dialect]
        with open(os.path.join(args.workload, files["up"])) as f:
            up = f.read()
        with open(os.path.join(args.workload, files["down"])) as f:
            down = f.read()
        revs.append({
            "id": step["revision_id"], "revises": [parent] if parent else [],
            "message": step["message"], "created": "2024-01-01T00:00:00Z",
            "up": up, "down": down,
        })
        parent = step["revision_id"]
    mig = os.path.join(args.out, "migrations")
    for i, rev in enumerate(revs, 1):
        # Numbered names keep the files in step order in a listing.
        name = "%05d_%s_%s.sql" % (i, rev["id"], slugify(rev["message"]))
        with open(os.path.join(mig, name), "w") as f:
            f.write(render(rev))
    print("project: %d revisions from %s (%s) -> %s" % (len(revs), args.workload, args.dialect,
                                                         args.out))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("history")
    h.add_argument("--revisions", type=int, required=True)
    h.add_argument("--shape", choices=["linear", "branchy"], required=True)
    h.add_argument("--out", required=True)
    h.add_argument("--seed", type=int, default=1)
    h.add_argument("--label-pct", type=float, default=2.0,
                   help="percent of branches whose first revision has a branch label")
    h.add_argument("--url", default="sqlite:///bench.db")
    w = sub.add_parser("from-workload")
    w.add_argument("--workload", required=True)
    w.add_argument("--dialect", choices=["sqlite", "postgresql", "mysql"], required=True)
    w.add_argument("--out", required=True)
    w.add_argument("--url", default="sqlite:///bench.db")
    args = ap.parse_args(argv)
    if args.cmd == "history":
        cmd_history(args)
    else:
        cmd_from_workload(args)


if __name__ == "__main__":
    sys.exit(main())
