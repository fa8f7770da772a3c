#!/usr/bin/python3
"""Differential test: strata's revision graph against Alembic's own.

  alembic_diff.py STRATA_BIN [--graphs N] [--seed S] [--keep DIR]

Generates seeded random revision graphs (several bases with branch labels,
branch points, merges, depends_on), writes each as an Alembic script
directory (versions/*.py) and as a strata project (migrations/*.sql), and
compares what the two tools say about it, offline (no database):

  - heads (as a set)
  - history: the order Alembic's `history` lists revisions in
  - upgrade base -> heads: the order the revisions are applied
  - downgrade heads -> base: the order they are unapplied
  - resolution of expressions: head-N, REV+N, LABEL@head, prefixes

Needs Debian's python3-alembic (Alembic 1.8). Exits 0 when they agree, 1 on
the first disagreement (printing both answers and the graph), 77 when
Alembic is not installed (ctest counts that as skipped).
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

try:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.script.base import Script
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError
except ImportError:
    print("alembic_diff: Alembic is not installed (Debian: python3-alembic); skipped")
    sys.exit(77)

# What Alembic answers when it refuses (a CommandError or RevisionError), and
# when it fails inside itself (an AssertionError on some ranges of graphs
# where a base depends on another branch): nothing to compare then.
REFUSED = ("error",)
SKIP = "alembic failed internally"


def alembic_call(fn):
    try:
        return fn()
    except (CommandError, RevisionError):
        return REFUSED
    except Exception:
        return SKIP


# Alembic 1.8 loads version files in os.listdir() order, which is the
# filesystem's (hash order on ext4), so the order it lists independent
# branches in changes from one machine to the next. Later versions sort the
# names, as strata does; compare against that.
_list_py_dir = Script._list_py_dir.__func__


def _sorted_py_dir(cls, scriptdir, path):
    return sorted(_list_py_dir(cls, scriptdir, path))


Script._list_py_dir = classmethod(_sorted_py_dir)


def random_graph(rng, n):
    """Revisions in creation order: dicts of id, parents, labels, depends."""
    dep_rate = rng.choice([0.05, 0.05, 0.25])
    revs = []
    heads = []  # open ends
    used_labels = 0
    for i in range(n):
        rid = "%04x%08x" % (i, rng.getrandbits(32))
        r = {"id": rid, "parents": [], "labels": [], "depends": []}
        roll = rng.random()
        if not revs or roll < 0.06:
            # a new base, usually labelled (Alembic needs labels to tell bases apart)
            used_labels += 1
            r["labels"] = ["lib%d" % used_labels]
        elif roll < 0.22 and len(heads) >= 2:
            k = min(len(heads), rng.choice([2, 2, 2, 3]))
            r["parents"] = [h["id"] for h in rng.sample(heads, k)]
        elif roll < 0.40:
            # a branch point: revise some earlier revision, not only a head
            r["parents"] = [rng.choice(revs)["id"]]
        else:
            r["parents"] = [rng.choice(heads)["id"]]
        if revs and rng.random() < dep_rate:
            # At most one: Alembic keeps several in a set, so their order
            # (and the order it walks them in) changes from run to run.
            cand = rng.choice(revs)
            if cand["id"] not in r["parents"]:
                labelled = cand["labels"] and rng.random() < 0.3
                r["depends"] = [cand["labels"][0] if labelled else cand["id"]]
        if r["parents"] and rng.random() < 0.04:
            used_labels += 1
            r["labels"].append("feat%d" % used_labels)
        revs.append(r)
        heads = [h for h in heads if h["id"] not in r["parents"]] + [r]
    return revs


def write_alembic(root, revs):
    versions = os.path.join(root, "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "script.py.mako"), "w") as f:
        f.write("")
    for i, r in enumerate(revs):
        def tup(xs):
            if not xs:
                return "None"
            return "(" + ", ".join(repr(x) for x in xs) + ",)"
        down = "None" if not r["parents"] else (
            repr(r["parents"][0]) if len(r["parents"]) == 1 else tup(r["parents"]))
        with open(os.path.join(versions, "%05d_%s.py" % (i, r["id"])), "w") as f:
            f.write("revision = %r\ndown_revision = %s\nbranch_labels = %s\ndepends_on = %s\n"
                    "def upgrade():\n    pass\ndef downgrade():\n    pass\n"
                    % (r["id"], down, tup(r["labels"]), tup(r["depends"])))
    cfg = Config()
    cfg.set_main_option("script_location", root)
    return ScriptDirectory.from_config(cfg)


def write_strata(root, revs):
    mig = os.path.join(root, "migrations")
    os.makedirs(mig)
    with open(os.path.join(root, "strata.toml"), "w") as f:
        f.write('url = "sqlite:///unused.db"\nmigrations = "migrations"\n')
    for i, r in enumerate(revs):
        head = "-- revision: %s\n" % r["id"]
        if r["parents"]:
            head += "-- revises: %s\n" % ", ".join(r["parents"])
        if r["depends"]:
            head += "-- depends-on: %s\n" % ", ".join(r["depends"])
        if r["labels"]:
            head += "-- branch-labels: %s\n" % ", ".join(r["labels"])
        head += "-- message: m%d\n" % i
        with open(os.path.join(mig, "%05d_%s.sql" % (i, r["id"])), "w") as f:
            f.write(head + "\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n")


class Strata:
    def __init__(self, binary, root):
        self.binary, self.root = binary, root

    def run(self, *args):
        p = subprocess.run([self.binary] + list(args), cwd=self.root, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        return p.returncode, p.stdout, p.stderr

    def json(self, *args):
        rc, out, err = self.run("--json", *args)
        if rc != 0:
            return ("error", err.strip())
        return json.loads(out)

    def offline_order(self, verb, rng_expr):
        rc, out, err = self.run(verb, rng_expr, "--sql")
        if rc != 0:
            return REFUSED
        order = []
        for line in out.splitlines():
            if line.startswith("-- %s " % verb):
                order.append(line.split()[2].rstrip(":"))
        return order


def alembic_upgrade_order(script, dest, current):
    return alembic_call(lambda: [s.revision.revision for s in script._upgrade_revs(dest, current)])


def alembic_downgrade_order(script, dest, current):
    return alembic_call(
        lambda: [s.revision.revision for s in script._downgrade_revs(dest, current)])


def alembic_resolve(script, expr):
    return alembic_call(
        lambda: sorted(r.revision for r in script.revision_map.get_revisions(expr) if r is not None))


def compare(name, expect, got, failures):
    if expect != SKIP and expect != got:
        failures.append((name, expect, got))


def check_graph(binary, revs, work, rng):
    al_root = os.path.join(work, "alembic")
    st_root = os.path.join(work, "strata")
    script = write_alembic(al_root, revs)
    write_strata(st_root, revs)
    st = Strata(binary, st_root)
    failures = []

    al_heads = sorted(script.get_heads())
    st_heads = st.json("heads")
    st_heads = sorted(h["revision"] for h in st_heads["heads"]) if isinstance(st_heads, dict) else st_heads
    compare("heads", al_heads, st_heads, failures)

    al_hist = [s.revision for s in script.walk_revisions()]
    h = st.json("history")
    st_hist = [r["revision"] for r in h["revisions"]] if isinstance(h, dict) else h
    compare("history order", al_hist, st_hist, failures)

    compare("upgrade base:heads order", alembic_upgrade_order(script, "heads", ()),
            st.offline_order("upgrade", "base:heads"), failures)
    # From the database `upgrade heads` leaves: Alembic's "heads" target, the
    # revisions nothing revises or depends on.
    real_heads = tuple(sorted(script.revision_map._real_heads))
    compare("downgrade heads:base order", alembic_downgrade_order(script, "base", real_heads),
            st.offline_order("downgrade", "heads:base"), failures)

    # From a database part-way: up from one revision, down to another.
    for _ in range(3):
        r = rng.choice(revs)["id"]
        compare("upgrade %s:heads order" % r, alembic_upgrade_order(script, "heads", (r,)),
                st.offline_order("upgrade", "%s:heads" % r), failures)
        compare("downgrade heads:%s order" % r,
                alembic_downgrade_order(script, r, real_heads),
                st.offline_order("downgrade", "heads:%s" % r), failures)

    # History ranges and branch heads. `R:` takes the revisions above R through
    # `revises` only; when a dependency leads out of that set and back in,
    # Alembic's walk looks at ancestors outside it and strata's does not (a
    # known difference: the same revisions, a different interleaving), so
    # graphs with dependencies compare `:R` alone.
    has_deps = any(r["depends"] for r in revs)
    for _ in range(3):
        r = rng.choice(revs)["id"]
        ranges = [(":" + r, "base", r)] if has_deps else [(r + ":", r, "heads"), (":" + r, "base", r)]
        for rng_expr, base, head in ranges:
            al = alembic_call(
                lambda: [x.revision for x in script.walk_revisions(base=base, head=head)])
            h = st.json("history", "-r", rng_expr)
            got = [x["revision"] for x in h["revisions"]] if isinstance(h, dict) else ("error",)
            compare("history -r %s" % rng_expr, al, got, failures)
    for r in revs:
        for lab in r["labels"]:
            compare("upgrade base:%s@head order" % lab,
                    alembic_upgrade_order(script, "%s@head" % lab, ()),
                    st.offline_order("upgrade", "base:%s@head" % lab), failures)

    # Expressions, resolved from the files alone.
    exprs = []
    for _ in range(6):
        r = rng.choice(revs)
        exprs.append(r["id"][:rng.choice([4, 6, 12])])
    for r in revs:
        for lab in r["labels"]:
            exprs.append("%s@head" % lab)
    for e in exprs:
        al = alembic_resolve(script, e)
        got = st.json("show", e)
        if isinstance(got, dict) and "revision" in got:
            got = [got["revision"]]
        elif isinstance(got, tuple):
            got = ("error",)
        al_cmp = al
        if isinstance(al_cmp, list) and len(al_cmp) != 1:
            continue  # show takes exactly one revision; Alembic named several
        compare("resolve %s" % e, al_cmp, got, failures)
    return failures


def describe(revs):
    out = []
    for r in revs:
        out.append("%s <- %s%s%s" % (r["id"], ",".join(r["parents"]) or "base",
                                     " labels=" + ",".join(r["labels"]) if r["labels"] else "",
                                     " depends=" + ",".join(r["depends"]) if r["depends"] else ""))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("strata")
    ap.add_argument("--graphs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min", type=int, default=3)
    ap.add_argument("--max", type=int, default=40)
    ap.add_argument("--keep")
    args = ap.parse_args()
    total = 0
    bad = 0
    for g in range(args.graphs):
        rng = random.Random(args.seed * 100003 + g)
        revs = random_graph(rng, rng.randint(args.min, args.max))
        work = tempfile.mkdtemp(prefix="strata-alembic-")
        try:
            failures = check_graph(args.strata, revs, work, rng)
        finally:
            if args.keep:
                dest = os.path.join(args.keep, "graph%03d" % g)
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(work, dest)
            shutil.rmtree(work, ignore_errors=True)
        total += 1
        if failures:
            bad += 1
            print("graph %d (seed %d, %d revisions): %d disagreement(s)" % (g, args.seed, len(revs), len(failures)))
            for name, expect, got in failures[:5]:
                print("  %s\n    alembic: %s\n    strata:  %s" % (name, expect, got))
            if bad <= 2:
                print("  graph:\n    " + describe(revs).replace("\n", "\n    "))
    print("alembic_diff: %d graphs, %d disagreeing" % (total, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
