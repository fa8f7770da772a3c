#!/usr/bin/env python3
"""Adds a "mysql" dialect to the shared gen.py's output (stdlib only).

  mysql_workload.py workload DIR
      DIR is a `gen.py workload` directory. Writes steps/*/mysql.{up,down}.sql,
      all_{up,down}.mysql.sql, all_{up,down}.mysql.steptxn.sql (each step in
      BEGIN;/COMMIT; like the other dialects) and adds "mysql" to manifest.json
      (dialects, floor_files, each step's files and n_statements).

  mysql_workload.py schema DIR
      DIR is a `gen.py schema` directory. Writes desired.mysql.sql and db.mysql.sql.

Both derive MySQL/MariaDB SQL from the postgresql files, statement by statement
(gen.py's convention: every statement ends with ';' at the end of a line):
  - up steps are valid MySQL as they are (CREATE TABLE with INTEGER PRIMARY KEY, TEXT
    defaults, BOOLEAN, TIMESTAMP; ADD COLUMN; CREATE INDEX; ADD CONSTRAINT ... FOREIGN
    KEY; INSERT; UPDATE) and are copied;
  - down steps: `DROP INDEX ix` becomes `DROP INDEX ix ON table` (the table from the
    step's CREATE INDEX), `ALTER TABLE t DROP CONSTRAINT fk` becomes
    `ALTER TABLE t DROP FOREIGN KEY fk`. An index on a foreign key's column replaces
    the index InnoDB made for the key, and InnoDB will not drop it while the key needs
    it, so its down step first creates an index named after the key again (as InnoDB
    had) on the column;
  - schema DDL: `TIMESTAMP WITHOUT TIME ZONE` becomes DATETIME (PostgreSQL's timestamp
    without a zone; MySQL's TIMESTAMP converts to and from the session's zone).
A statement of a shape not listed stops the script, so a change to gen.py is noticed
rather than turned into SQL nobody checked. Running it again rewrites the same files.
"""
import argparse
import json
import os
import re
import sys

DIALECT = "mysql"
SOURCE = "postgresql"

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
# The statement shapes gen.py writes into the postgresql files; the first word decides.
UP_SHAPES = [
    re.compile(r"CREATE TABLE %s \(\n" % IDENT),
    re.compile(r"ALTER TABLE %s ADD COLUMN " % IDENT),
    re.compile(r"CREATE INDEX %s ON %s \(%s\)$" % (IDENT, IDENT, IDENT)),
    re.compile(r"ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY \(%s\) REFERENCES %s \(%s\)$"
               % ((IDENT,) * 5)),
    re.compile(r"INSERT INTO %s \(" % IDENT),
    re.compile(r"UPDATE %s SET " % IDENT),
]
DROP_INDEX = re.compile(r"DROP INDEX (%s)$" % IDENT)
DROP_CONSTRAINT = re.compile(r"ALTER TABLE (%s) DROP CONSTRAINT (%s)$" % (IDENT, IDENT))
CREATE_INDEX = re.compile(r"CREATE INDEX (%s) ON (%s) \((%s)\)$" % (IDENT, IDENT, IDENT))
ADD_FOREIGN_KEY = re.compile(r"ALTER TABLE (%s) ADD CONSTRAINT (%s) FOREIGN KEY \((%s)\) "
                             % (IDENT, IDENT, IDENT))
DOWN_KEPT = [
    re.compile(r"DROP TABLE %s$" % IDENT),
    re.compile(r"ALTER TABLE %s DROP COLUMN %s$" % (IDENT, IDENT)),
    re.compile(r"DELETE FROM %s WHERE " % IDENT),
]


def die(msg):
    sys.stderr.write("mysql_workload: %s\n" % msg)
    sys.exit(1)


def statements(text, where):
    """The statements of a gen.py SQL file, without their ';'."""
    body = text.rstrip("\n")
    if not body:
        return []
    if not body.endswith(";"):
        die("%s: the last statement does not end with ';'" % where)
    return [s for s in (body[:-1] + "\n").split(";\n") if s.strip()]


def join(stmts):
    return "".join(s.rstrip("\n") + ";\n" for s in stmts)


def translate_up(stmts, where):
    for s in stmts:
        if not any(p.match(s) for p in UP_SHAPES):
            die("%s: no MySQL translation for the statement %r" % (where, s[:80]))
    return list(stmts)


def translate_down(stmts, up_stmts, fk_columns, where):
    """fk_columns: (table, column) -> foreign key name, for the foreign keys that the
    steps before this one added; the step's own are added to it."""
    index_on = {}
    for s in up_stmts:
        m = CREATE_INDEX.match(s)
        if m:
            index_on[m.group(1)] = (m.group(2), m.group(3))
        m = ADD_FOREIGN_KEY.match(s)
        if m:
            fk_columns[(m.group(1), m.group(3))] = m.group(2)
    out = []
    for s in stmts:
        m = DROP_INDEX.match(s)
        if m:
            if m.group(1) not in index_on:
                die("%s: DROP INDEX %s, but the step creates no such index" % (where, m.group(1)))
            table, column = index_on[m.group(1)]
            fk = fk_columns.get((table, column))
            if fk:
                # InnoDB replaced the index it had made for the foreign key with this one
                # and refuses to drop it while the key needs it: give the key back an index
                # of its own, named as InnoDB named the first one.
                out.append("CREATE INDEX %s ON %s (%s)" % (fk, table, column))
            out.append("DROP INDEX %s ON %s" % (m.group(1), table))
            continue
        m = DROP_CONSTRAINT.match(s)
        if m:
            out.append("ALTER TABLE %s DROP FOREIGN KEY %s" % (m.group(1), m.group(2)))
            continue
        if not any(p.match(s) for p in DOWN_KEPT):
            die("%s: no MySQL translation for the statement %r" % (where, s[:80]))
        out.append(s)
    return out


def read(path):
    with open(path) as f:
        return f.read()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def cmd_workload(d):
    manifest_path = os.path.join(d, "manifest.json")
    manifest = json.loads(read(manifest_path))
    if manifest.get("format") != "bench-workload/1":
        die("%s is not a bench-workload/1 manifest" % manifest_path)
    if SOURCE not in manifest["dialects"]:
        die("%s has no %s dialect to derive from" % (d, SOURCE))
    steps = sorted(manifest["steps"], key=lambda s: s["index"])
    ups, downs = [], []
    fk_columns = {}
    for step in steps:
        src = step["files"][SOURCE]
        where = "step %s" % step["id"]
        up_src = statements(read(os.path.join(d, src["up"])), where + " up")
        up = translate_up(up_src, where + " up")
        down = translate_down(statements(read(os.path.join(d, src["down"])), where + " down"),
                              up_src, fk_columns, where + " down")
        files = {}
        for direction, stmts in (("up", up), ("down", down)):
            rel = "steps/%s/%s.%s.sql" % (step["id"], DIALECT, direction)
            # gen.py writes the statements joined by newlines, with one final newline.
            write(os.path.join(d, rel), join(stmts))
            files[direction] = rel
        step["files"][DIALECT] = files
        step["n_statements"][DIALECT] = len(up)
        ups.append((step, up))
        downs.append((step, down))
    for direction, seq in (("up", ups), ("down", list(reversed(downs)))):
        with open(os.path.join(d, "all_%s.%s.sql" % (direction, DIALECT)), "w") as f:
            for step, stmts in seq:
                f.write("-- step %05d %s: %s\n" % (step["index"], direction, step["message"]))
                f.write(join(stmts))
        with open(os.path.join(d, "all_%s.%s.steptxn.sql" % (direction, DIALECT)), "w") as f:
            for _, stmts in seq:
                f.write("BEGIN;\n" + join(stmts) + "COMMIT;\n")
    if DIALECT not in manifest["dialects"]:
        manifest["dialects"].append(DIALECT)
    manifest["floor_files"][DIALECT] = {
        "up": "all_up.%s.sql" % DIALECT, "down": "all_down.%s.sql" % DIALECT,
        "up_steptxn": "all_up.%s.steptxn.sql" % DIALECT,
        "down_steptxn": "all_down.%s.steptxn.sql" % DIALECT}
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1)
    print("workload: %s dialect added (%d steps) -> %s" % (DIALECT, len(steps), d))


SCHEMA_TYPES = [("TIMESTAMP WITHOUT TIME ZONE", "DATETIME")]
SCHEMA_SHAPES = [
    re.compile(r"BEGIN$"),
    re.compile(r"COMMIT$"),
    re.compile(r"CREATE TABLE %s \(\n" % IDENT),
    re.compile(r"CREATE INDEX %s ON %s \(%s(, %s)*\)$" % (IDENT, IDENT, IDENT, IDENT)),
]


def cmd_schema(d):
    for name in ("desired", "db"):
        src = os.path.join(d, "%s.%s.sql" % (name, SOURCE))
        out = []
        for s in statements(read(src), src):
            if not any(p.match(s) for p in SCHEMA_SHAPES):
                die("%s: no MySQL translation for the statement %r" % (src, s[:80]))
            for pg, my in SCHEMA_TYPES:
                s = s.replace(pg, my)
            out.append(s)
        write(os.path.join(d, "%s.%s.sql" % (name, DIALECT)), join(out))
    print("schema: %s dialect added -> %s" % (DIALECT, d))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["workload", "schema"])
    ap.add_argument("dir")
    args = ap.parse_args(argv)
    if args.kind == "workload":
        cmd_workload(args.dir)
    else:
        cmd_schema(args.dir)


if __name__ == "__main__":
    sys.exit(main())
