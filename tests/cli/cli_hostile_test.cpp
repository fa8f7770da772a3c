// End to end, hostile and bad input: names holding quotes, semicolons,
// spaces, `--`, `/*`, reserved words, mixed case and non-ASCII letters round
// trip through autogenerate, upgrade and downgrade, and through hand-written
// migrations, on SQLite, PostgreSQL and MariaDB, while a canary table beside
// them is never touched; post-write hooks get the file name as one argument,
// never through a shell; and no output of a failing run, on PostgreSQL or
// MariaDB, shows the database password.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>

#include "cli/cli_harness.hpp"

namespace strata::clitest {
namespace {

namespace fs = std::filesystem;

using Lines = std::vector<std::string>;
using Rows = std::vector<std::vector<std::string>>;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// "name" with inner double quotes doubled (the same rule on both engines).
std::string q(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// 'text' with inner single quotes doubled.
std::string lit(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// `name` with inner backticks doubled (MySQL).
std::string bq(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

// 'text' as MySQL reads it: inner quotes and backslashes doubled.
std::string mylit(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

// Every name below would end a statement or a quoted name early if any piece
// of strata spliced it into SQL without quoting it properly; several carry a
// payload aimed at the canary.
const std::string kParent = "it's -- a /* table";
const std::string kParent2 = "it's -- a /* table, renamed";
const std::string kChild = "we\"ird\"; DROP TABLE canary; --";
const std::string kUser = "user";
const std::string kUser2 = "Users ü";
const std::string kInject = "o'clock'); DROP TABLE canary; --";
const std::string kSelect = "select";
const std::string kOrder = "order";
const std::string kTable = "table";
const std::string kSemi = "semi;colon";
const std::string kDash = "dash--dash /*star*/";
const std::string kMixed = "MiXeD";
const std::string kMixed2 = "mIxEd ß";
const std::string kAccent = "prénom ßtraße";
const std::string kJapanese = "日本語";
const std::string kIndex = "ix\"; DROP TABLE canary; /* é";
const std::string kUnique = "uq 'o''clock'; --";
const std::string kCheck = "ck \"pos\"; */";
const std::string kForeign = "fk -- 日本 /*";
const std::string kView = "v \"w\"; 'x' -- /*";
const std::string kTableComment = "it's'; DROP TABLE canary; -- \\ back\\slash \"q\" 日本";
const std::string kColumnComment = "o''rder */ /* é";
const std::string kEnum = "mood \"x\"; --";  // PostgreSQL only, as its labels
const std::string kLabelNew = "new'one; --";

// schema/ before the renames (`renamed` false) or after them: the parent
// table and `user` renamed, a column renamed and another one retyped, all by
// hints in the file; for `engine` ("sqlite", "postgresql", "mysql"). (MySQL
// indexes no TEXT column without a prefix length: VARCHAR there.)
std::string hostile_schema(bool renamed, const std::string& engine) {
  const bool pg = engine == "postgresql";
  const bool my = engine == "mysql";
  auto q = [&](const std::string& name) { return my ? bq(name) : clitest::q(name); };
  auto lit = [&](const std::string& text) { return my ? mylit(text) : clitest::lit(text); };
  const std::string keyed = my ? " VARCHAR(100)" : " TEXT";
  std::string parent = renamed ? kParent2 : kParent;
  std::string s;
  if (renamed) s += "-- strata:renamed-from " + q(kParent) + "\n";
  s += "CREATE TABLE " + q(parent) + " (\n    " + q("Id") + " INTEGER PRIMARY KEY,\n    " +
       q(kInject) + " INTEGER NOT NULL,\n    CONSTRAINT " + q(kUnique) + " UNIQUE (" + q(kInject) +
       ")\n);\n";
  s += "CREATE TABLE " + q(kChild) + " (\n    " + q(kSelect) + " INTEGER PRIMARY KEY,\n    " +
       q(kOrder) + keyed + " NOT NULL" + (my ? " COMMENT " + lit(kColumnComment) : "") + ",\n    " +
       q(kUser) + keyed + ",\n    " + q(kTable) + " INTEGER,\n    " + q(kSemi) +
       " VARCHAR(20),\n    " + q(kDash) + " TEXT,\n    " +
       (renamed ? q(kMixed2) + " INTEGER, -- strata:renamed-from " + q(kMixed) + "\n    "
                : q(kMixed) + " INTEGER,\n    ") +
       q(kAccent) + (renamed ? " VARCHAR(50)" : " TEXT") + ",\n    " + q(kJapanese) + keyed +
       ",\n    CONSTRAINT " + q(kCheck) + " CHECK (" + q(kTable) + " >= 0),\n    CONSTRAINT " +
       q(kForeign) + " FOREIGN KEY (" + q(kTable) + ") REFERENCES " + q(parent) + " (" + q("Id") +
       ")\n)" + (my ? " COMMENT " + lit(kTableComment) : "") + ";\n";
  s += "CREATE INDEX " + q(kIndex) + " ON " + q(kChild) + " (" + q(kOrder) + ", " + q(kJapanese) +
       ");\n";
  s += "CREATE UNIQUE INDEX " + q(kSelect) + " ON " + q(kChild) + " (" + q(kUser) + ");\n";
  s += "CREATE VIEW " + q(kView) + " AS SELECT " + q(kSelect) + ", " + q(kOrder) + ", " +
       q(kJapanese) + " FROM " + q(kChild) + ";\n";
  if (pg) {
    s += "CREATE TYPE " + q(kEnum) + " AS ENUM ('it''s', 'a;b', 'é'" +
         (renamed ? ", " + lit(kLabelNew) : std::string()) + ");\n";
  }
  if (renamed) s += "-- strata:renamed-from " + q(kUser) + "\n";
  s += "CREATE TABLE " + q(renamed ? kUser2 : kUser) + " (" + q(kOrder) + " INTEGER PRIMARY KEY, " +
       q("MixedCase") + " TEXT" + (pg ? ", " + q("mood") + " " + q(kEnum) : "") + ");\n";
  if (pg) {
    s += "COMMENT ON TABLE " + q(kChild) + " IS " + lit(kTableComment) + ";\n";
    s += "COMMENT ON COLUMN " + q(kChild) + "." + q(kOrder) + " IS " + lit(kColumnComment) + ";\n";
  }
  return s;
}

// A project on a fresh database of the parameter's engine ("sqlite",
// "postgresql", "mysql"), with a canary table made behind strata's back.
class EngineTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (sqlite()) {
      p.write_config("sqlite:///app.db");
      return;
    }
    server = make_server_db(GetParam());
    if (!server || !server->available()) GTEST_SKIP() << GetParam() << ": no test server set";
    p.write_config(server->url());
  }
  bool sqlite() const { return GetParam() == "sqlite"; }
  bool my() const { return GetParam() == "mysql"; }
  bool pg() const { return GetParam() == "postgresql"; }
  // `name` quoted as the engine quotes names.
  std::string n(const std::string& name) const { return my() ? bq(name) : q(name); }
  // 'text' for a query of ours: MySQL also reads backslashes as escapes.
  std::string l(const std::string& text) const { return my() ? mylit(text) : lit(text); }

  Rows query(const std::string& sql) {
    if (sqlite()) {
      SqliteDb db(p.path("app.db"));
      return db.query(sql);
    }
    return server->query(sql);
  }
  void exec(const std::string& sql) {
    if (sqlite()) {
      SqliteDb db(p.path("app.db"));
      db.exec(sql);
    } else {
      server->exec(sql);
    }
  }

  void make_canary() {
    if (sqlite()) p.write("app.db", "");  // an empty file is an empty database
    exec("CREATE TABLE canary (id INTEGER PRIMARY KEY, note TEXT NOT NULL)");
    exec("INSERT INTO canary (id, note) VALUES (1, 'one'), (2, 'it''s; two -- /*')");
  }
  void expect_canary(const std::string& step) {
    EXPECT_EQ(query("SELECT id, note FROM canary ORDER BY id"),
              (Rows{{"1", "one"}, {"2", "it's; two -- /*"}}))
        << "the canary changed at: " << step;
  }

  RunResult run(const Lines& args) {
    RunResult r = p.run(args);
    EXPECT_EQ(r.code, 0) << "strata " << args[0] << ":\n" << r.out << r.err;
    return r;
  }

  std::unique_ptr<ServerDb> server;  // null on SQLite
  Project p;
};

std::string engine_label(const testing::TestParamInfo<std::string>& i) {
  return i.param == "sqlite" ? "Sqlite" : i.param == "postgresql" ? "Postgres" : "Mysql";
}

class HostileNames : public EngineTest {
 protected:
  // Tables and views in the database (bookkeeping left out), sorted by
  // byte value: "kind name".
  Lines relations() {
    if (my()) {
      Lines out;
      for (auto& r :
           query("SELECT CONCAT(IF(TABLE_TYPE = 'VIEW', 'view', 'table'), ' ', TABLE_NAME) FROM "
                 "information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT "
                 "LIKE 'strata\\_%'")) {
        out.push_back(r[0]);
      }
      std::sort(out.begin(), out.end());
      return out;
    }
    Rows rows =
        sqlite()
            ? query(
                  "SELECT type || ' ' || name FROM sqlite_master WHERE type IN ('table', 'view') "
                  "AND name NOT LIKE 'strata\\_%' ESCAPE '\\' ORDER BY 1")
            : query(
                  "SELECT r FROM (SELECT CASE relkind WHEN 'v' THEN 'view' ELSE 'table' END "
                  "|| ' ' || relname AS r FROM pg_class WHERE relnamespace = "
                  "'public'::regnamespace AND relkind IN ('r', 'v') AND relname NOT LIKE "
                  "'strata\\_%') s ORDER BY r COLLATE \"C\"");
    Lines out;
    for (auto& r : rows) out.push_back(r[0]);
    return out;
  }
  // Columns of a table or view, in order.
  Lines columns(const std::string& table) {
    Rows rows =
        sqlite() ? query("SELECT name FROM pragma_table_info(" + lit(table) + ") ORDER BY cid")
        : my()   ? query(
                       "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                         "DATABASE() AND TABLE_NAME = " +
                       l(table) + " ORDER BY ORDINAL_POSITION")
               : query("SELECT attname FROM pg_attribute WHERE attrelid = " + lit(n(table)) +
                       "::regclass AND attnum > 0 AND NOT attisdropped "
                       "ORDER BY attnum");
    Lines out;
    for (auto& r : rows) out.push_back(r[0]);
    return out;
  }
  // The names of the indexes the schema names itself (PostgreSQL and MySQL:
  // and of the constraints), sorted.
  Lines named_objects() {
    if (my()) {
      Lines out;
      for (auto& r :
           query("SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
                 "DATABASE() AND INDEX_NAME <> 'PRIMARY' AND TABLE_NAME NOT LIKE 'strata\\_%' "
                 "UNION SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE "
                 "CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE <> 'PRIMARY KEY' AND "
                 "TABLE_NAME NOT LIKE 'strata\\_%'")) {
        out.push_back(r[0]);
      }
      std::sort(out.begin(), out.end());
      return out;
    }
    Rows rows = sqlite()
                    ? query(
                          "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE "
                          "'sqlite\\_%' ESCAPE '\\' ORDER BY 1")
                    : query(
                          "SELECT n FROM (SELECT relname::text AS n FROM pg_class WHERE "
                          "relnamespace = 'public'::regnamespace AND relkind = 'i' AND relname "
                          "NOT LIKE '%pkey' AND relname NOT LIKE 'strata\\_%' UNION SELECT "
                          "conname::text FROM pg_constraint WHERE connamespace = "
                          "'public'::regnamespace AND contype <> 'p') s ORDER BY n COLLATE \"C\"");
    Lines out;
    for (auto& r : rows) out.push_back(r[0]);
    return out;
  }

  void expect_schema(bool renamed) {
    const std::string parent = renamed ? kParent2 : kParent;
    Lines tables{"table canary", "table " + kChild, "table " + parent,
                 "table " + (renamed ? kUser2 : kUser), "view " + kView};
    std::sort(tables.begin(), tables.end());
    EXPECT_EQ(relations(), tables);
    EXPECT_EQ(columns(parent), (Lines{"Id", kInject}));
    EXPECT_EQ(columns(kChild), (Lines{kSelect, kOrder, kUser, kTable, kSemi, kDash,
                                      renamed ? kMixed2 : kMixed, kAccent, kJapanese}));
    EXPECT_EQ(columns(kView), (Lines{kSelect, kOrder, kJapanese}));
    EXPECT_EQ(columns(renamed ? kUser2 : kUser),
              (pg() ? Lines{kOrder, "MixedCase", "mood"} : Lines{kOrder, "MixedCase"}));
    Lines named =
        sqlite() ? Lines{kIndex, kSelect} : Lines{kCheck, kForeign, kIndex, kSelect, kUnique};
    std::sort(named.begin(), named.end());
    EXPECT_EQ(named_objects(), named);
    if (sqlite()) {
      // The unique, check and foreign-key names live in the table's SQL.
      Rows sql = query("SELECT sql FROM sqlite_master WHERE name = " + lit(kChild));
      ASSERT_EQ(sql.size(), 1u);
      EXPECT_TRUE(contains(sql[0][0], "CONSTRAINT " + n(kCheck) + " CHECK")) << sql[0][0];
      EXPECT_TRUE(contains(sql[0][0], "CONSTRAINT " + n(kForeign))) << sql[0][0];
      Rows psql = query("SELECT sql FROM sqlite_master WHERE name = " + lit(parent));
      ASSERT_EQ(psql.size(), 1u);
      EXPECT_TRUE(contains(psql[0][0], "CONSTRAINT " + n(kUnique) + " UNIQUE")) << psql[0][0];
      EXPECT_EQ(query("SELECT type FROM pragma_table_info(" + lit(kChild) +
                      ") WHERE name = " + lit(kAccent)),
                (Rows{{renamed ? "VARCHAR(50)" : "TEXT"}}));
    } else if (my()) {
      EXPECT_EQ(query("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                      "DATABASE() AND TABLE_NAME = " +
                      l(kChild)),
                (Rows{{kTableComment}}));
      const std::string child_column =
          "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = " +
          l(kChild) + " AND COLUMN_NAME = ";
      EXPECT_EQ(query("SELECT COLUMN_COMMENT " + child_column + l(kOrder)),
                (Rows{{kColumnComment}}));
      EXPECT_EQ(query("SELECT COLUMN_TYPE " + child_column + l(kAccent)),
                (Rows{{renamed ? "varchar(50)" : "text"}}));
      EXPECT_EQ(query("SELECT REFERENCED_TABLE_NAME FROM "
                      "information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
                      "DATABASE() AND CONSTRAINT_NAME = " +
                      l(kForeign)),
                (Rows{{parent}}));
    } else {
      EXPECT_EQ(query("SELECT obj_description(" + lit(n(kChild)) + "::regclass, 'pg_class')"),
                (Rows{{kTableComment}}));
      EXPECT_EQ(query("SELECT col_description(" + lit(n(kChild)) + "::regclass, 2)"),
                (Rows{{kColumnComment}}));
      EXPECT_EQ(query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid "
                      "= " +
                      lit(n(kChild)) + "::regclass AND attname = " + lit(kAccent)),
                (Rows{{renamed ? "character varying(50)" : "text"}}));
      Rows labels{{"it's"}, {"a;b"}, {"é"}};
      if (renamed) labels.push_back({kLabelNew});
      EXPECT_EQ(query("SELECT enumlabel FROM pg_enum WHERE enumtypid = " + lit(n(kEnum)) +
                      "::regtype ORDER BY enumsortorder"),
                labels);
      EXPECT_EQ(query("SELECT confrelid::regclass::text FROM pg_constraint WHERE conname = " +
                      lit(kForeign)),
                (Rows{{n(parent)}}));
    }
  }

  // The rows written through the hostile names, read back through them.
  void expect_rows(bool renamed, const std::string& step) {
    const std::string parent = renamed ? kParent2 : kParent;
    EXPECT_EQ(query("SELECT " + n("Id") + ", " + n(kInject) + " FROM " + n(parent) + " ORDER BY 1"),
              (Rows{{"1", "5"}, {"2", "6"}}))
        << step;
    EXPECT_EQ(query("SELECT " + n(kSelect) + ", " + n(kOrder) + ", " + n(kUser) + ", " + n(kTable) +
                    ", " + n(kSemi) + ", " + n(kDash) + ", " + n(renamed ? kMixed2 : kMixed) +
                    ", " + n(kAccent) + ", " + n(kJapanese) + " FROM " + n(kChild)),
              (Rows{{"10", "o;1", "u'1", "2", "s;1", "d--1", "3", "é1", "日本1"}}))
        << step;
    EXPECT_EQ(query("SELECT * FROM " + n(kView)), (Rows{{"10", "o;1", "日本1"}})) << step;
    EXPECT_EQ(query("SELECT " + n(kOrder) + ", " + n("MixedCase") + " FROM " +
                    n(renamed ? kUser2 : kUser)),
              (Rows{{"1", "M"}}))
        << step;
    if (pg()) {
      EXPECT_EQ(query("SELECT mood FROM " + n(renamed ? kUser2 : kUser)), (Rows{{"a;b"}})) << step;
    }
  }
};

INSTANTIATE_TEST_SUITE_P(Engines, HostileNames, testing::Values("sqlite", "postgresql", "mysql"),
                         engine_label);

TEST_P(HostileNames, RoundTripThroughAutogenerateUpgradeAndDowngrade) {
  make_canary();
  p.write("schema/schema.sql", hostile_schema(false, GetParam()));
  RunResult g = run({"revision", "--autogenerate", "-m", "hostile", "--rev-id", "aaaa00000001"});
  ASSERT_EQ(g.code, 0);
  EXPECT_FALSE(contains(g.err, "warning")) << g.err;
  const std::string first = p.read("migrations/aaaa00000001_hostile.sql");
  EXPECT_TRUE(contains(first, "CREATE TABLE " + n(kChild) + " (")) << first;
  RunResult c = run({"check"});
  EXPECT_EQ(c.out, "check: ok, the migrations build schema/\n");
  expect_canary("autogenerate");

  run({"upgrade", "head"});
  expect_canary("upgrade");
  expect_schema(false);
  exec("INSERT INTO " + n(kParent) + " (" + n("Id") + ", " + n(kInject) +
       ") VALUES (1, 5), (2, 6)");
  exec("INSERT INTO " + n(kChild) + " (" + n(kSelect) + ", " + n(kOrder) + ", " + n(kUser) + ", " +
       n(kTable) + ", " + n(kSemi) + ", " + n(kDash) + ", " + n(kMixed) + ", " + n(kAccent) + ", " +
       n(kJapanese) + ") VALUES (10, 'o;1', 'u''1', 2, 's;1', 'd--1', 3, 'é1', '日本1')");
  exec("INSERT INTO " + n(kUser) + " VALUES (1, 'M')");
  if (pg()) exec("UPDATE " + n(kUser) + " SET mood = 'a;b'");
  expect_rows(false, "after upgrade");

  // The live database, read back by strata's inspector, is what the
  // migrations build: the canary (made behind strata's back) is the only
  // difference.
  RunResult d = p.run({"--json", "drift"});
  EXPECT_EQ(d.code, 3) << d.out << d.err;
  auto dj = parse_json(d.out);
  ASSERT_TRUE(dj.has_value()) << d.out;
  ASSERT_EQ((*dj)["changes"].size(), 1u) << d.out;
  EXPECT_EQ((*dj)["changes"][0]["kind"].str, "drop_table") << d.out;
  EXPECT_TRUE(contains(d.out, "canary")) << d.out;

  // Renames by hint and a type change.
  p.write("schema/schema.sql", hostile_schema(true, GetParam()));
  RunResult g2 = run({"revision", "--autogenerate", "-m", "renames", "--rev-id", "bbbb00000002"});
  ASSERT_EQ(g2.code, 0);
  const std::string second = p.read("migrations/bbbb00000002_renames.sql");
  EXPECT_FALSE(contains(second, "DROP TABLE " + n(kParent))) << second;
  EXPECT_FALSE(contains(second, "DROP COLUMN")) << second;
  // (SQLite rebuilds the table for the type change and renames the column
  // on the way: no RENAME COLUMN there.)
  if (!sqlite()) {
    EXPECT_TRUE(contains(second, "RENAME COLUMN " + n(kMixed) + " TO " + n(kMixed2))) << second;
  }
  // (MySQL renames a table with RENAME TABLE.)
  EXPECT_TRUE(contains(second, my() ? "RENAME TABLE " + n(kUser) + " TO " + n(kUser2) + ";\n"
                                    : "RENAME TO " + n(kUser2)))
      << second;
  RunResult c2 = run({"check"});
  EXPECT_EQ(c2.out, "check: ok, the migrations build schema/\n");
  expect_canary("second autogenerate");

  run({"upgrade", "head"});
  expect_canary("upgrade with renames");
  expect_schema(true);
  expect_rows(true, "after the renames");

  run({"downgrade", "-1"});
  expect_canary("downgrade of the renames");
  expect_schema(false);
  expect_rows(false, "after the renames were undone");

  run({"downgrade", "base"});
  expect_canary("downgrade to base");
  EXPECT_EQ(relations(), (Lines{"table canary"}));
  EXPECT_EQ(named_objects(), Lines{});
  if (pg()) {
    EXPECT_EQ(query("SELECT count(*) FROM pg_type WHERE typname = " + lit(kEnum)), (Rows{{"0"}}));
  }

  // And up again, from nothing.
  run({"upgrade", "head"});
  expect_canary("second upgrade");
  expect_schema(true);
  RunResult t = run({"test"});
  EXPECT_EQ(t.out, "test: ok, 2 revisions up, down and up again\n");
  expect_canary("test");
}

// A generated file carries notes as `--` comments, and notes may hold names:
// a line break in a name (PostgreSQL also ends a comment at a lone CR) must
// not end the comment and turn the rest of the name into a statement.
TEST_P(HostileNames, ALineBreakInANameNeverEndsAComment) {
  make_canary();
  const std::string cr = "x\rDROP TABLE canary; --";
  const std::string lf = "y\nDROP TABLE canary; --";
  p.write("schema/schema.sql",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, " + n(cr) + " TEXT, " + n(lf) + " TEXT);\n");
  run({"revision", "--autogenerate", "-m", "one", "--rev-id", "aaaa00000001"});
  p.write("schema/schema.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY);\n");
  RunResult g = run({"revision", "--autogenerate", "-m", "two", "--rev-id", "bbbb00000002"});
  EXPECT_TRUE(contains(g.err, "warning: 2 changes lose data or break readers")) << g.err;
  const std::string text = p.read("migrations/bbbb00000002_two.sql");
  EXPECT_TRUE(contains(text, "-- the data of t.x\n-- DROP TABLE canary; -- is not restored\n"))
      << text;
  EXPECT_TRUE(contains(text, "-- the data of t.y\n-- DROP TABLE canary; -- is not restored\n"))
      << text;
  EXPECT_FALSE(contains(text, "\rDROP TABLE canary; -- is")) << text;
  run({"upgrade"});
  expect_canary("upgrade");
  exec("INSERT INTO t (id) VALUES (1)");
  run({"downgrade", "-1"});
  expect_canary("downgrade");
  // (Both columns are back, in either order.)
  Lines back = columns("t");
  std::sort(back.begin(), back.end());
  EXPECT_EQ(back, (Lines{"id", cr, lf}));
  run({"downgrade", "base"});
  expect_canary("downgrade to base");
  EXPECT_EQ(relations(), (Lines{"table canary"}));
}

// What the migration file format would read as its own (a marker or
// directive line inside a quoted name, a -x placeholder) is
// refused, not written as a file that runs something else.
TEST_P(HostileNames, NamesTheFileFormatWouldReadAreRefused) {
  make_canary();
  for (const std::string& name :
       {std::string("a{{x.k}}"), std::string("b{{ x.k }}"), std::string("c\n-- migrate:down\nd"),
        std::string("e\n-- strata:if x.k\nf"), std::string("i\n  -- migrate:batch\nj")}) {
    p.write("schema/schema.sql",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, " + n(name) + " TEXT);\n");
    RunResult g = p.run({"revision", "--autogenerate", "-m", "x", "--rev-id", "aaaa00000001"});
    EXPECT_EQ(g.code, 1) << name << "\n" << g.out << g.err;
    EXPECT_TRUE(contains(g.err,
                         "error: autogenerate cannot write these changes as a migration file: "
                         "their SQL holds text that strata reads in migration files\n"))
        << g.err;
    EXPECT_EQ(list_dir(p.path("migrations")), Lines{}) << name;
  }
  // Braces and a `--` that mean nothing to the file format are fine.
  p.write("schema/schema.sql",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, " + n("{x.k} {{y}} -- strata:x") + " TEXT);\n");
  run({"revision", "--autogenerate", "-m", "x", "--rev-id", "aaaa00000001"});
  run({"upgrade"});
  EXPECT_EQ(columns("t"), (Lines{"id", "{x.k} {{y}} -- strata:x"}));
  expect_canary("upgrade");
}

// PostgreSQL cuts identifiers at 63 bytes. Removing an enum value swaps the
// type through a temporary name; for a name of the full length that name
// must still differ from it (and not split a UTF-8 character).
TEST_P(HostileNames, AnEnumNamedWithAllSixtyThreeBytesLosesAValue) {
  if (!pg()) GTEST_SKIP() << "PostgreSQL enums";
  make_canary();
  const std::string name = "é\"; --" + std::string(56, 'x');
  ASSERT_EQ(name.size(), 63u);
  auto schema = [&](const std::string& values) {
    return "CREATE TYPE " + n(name) + " AS ENUM (" + values + ");\nCREATE TABLE t (id INTEGER " +
           "PRIMARY KEY, m " + n(name) + ");\n";
  };
  p.write("schema/schema.sql", schema("'a', 'b'"));
  run({"revision", "--autogenerate", "-m", "one", "--rev-id", "aaaa00000001"});
  p.write("schema/schema.sql", schema("'a'"));
  run({"revision", "--autogenerate", "-m", "two", "--rev-id", "bbbb00000002"});
  const std::string text = p.read("migrations/bbbb00000002_two.sql");
  EXPECT_TRUE(
      contains(text, "RENAME TO " + n("é\"; --" + std::string(44, 'x') + "__strata_old") + ";\n"))
      << text;
  run({"upgrade"});
  exec("INSERT INTO t VALUES (1, 'a')");
  EXPECT_EQ(query("SELECT enumlabel FROM pg_enum WHERE enumtypid = " + lit(n(name)) +
                  "::regtype ORDER BY enumsortorder"),
            (Rows{{"a"}}));
  run({"downgrade", "-1"});
  EXPECT_EQ(query("SELECT enumlabel FROM pg_enum WHERE enumtypid = " + lit(n(name)) +
                  "::regtype ORDER BY enumsortorder"),
            (Rows{{"a"}, {"b"}}));
  EXPECT_EQ(query("SELECT m FROM t"), (Rows{{"a"}}));
  run({"check"});
  expect_canary("the type swaps");
}

// ---------------------------------------------------------------- hostile names, hand-written

// The same kind of names in migrations written by hand, on every engine (no
// autogenerate): the statement splitter must keep each quoted name, string
// and comment whole (MySQL also quotes with backticks, escapes quotes with a
// backslash and starts comments with #), and the revision's message, which
// strata itself writes into the history table, must arrive intact.
class HostileMigrations : public EngineTest {
 protected:
  Lines sorted_column(const std::string& sql) {
    Lines out;
    for (auto& r : query(sql)) out.push_back(r[0]);
    std::sort(out.begin(), out.end());
    return out;
  }
  // "kind name" of the tables and views besides strata's, sorted by byte value.
  Lines relations() {
    return sorted_column(
        sqlite() ? "SELECT type || ' ' || name FROM sqlite_master WHERE type IN ('table', 'view') "
                   "AND name NOT LIKE 'strata\\_%' ESCAPE '\\'"
        : my()   ? "SELECT CONCAT(IF(TABLE_TYPE = 'VIEW', 'view', 'table'), ' ', TABLE_NAME) FROM "
                   "information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT "
                   "LIKE 'strata\\_%'"
                 : "SELECT CASE relkind WHEN 'v' THEN 'view' ELSE 'table' END || ' ' || relname "
                   "FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN "
                   "('r', 'v') AND relname NOT LIKE 'strata\\_%'");
  }
  // The columns of a table, in order.
  Lines columns(const std::string& table) {
    Rows rows =
        sqlite() ? query("SELECT name FROM pragma_table_info(" + lit(table) + ") ORDER BY cid")
        : my()   ? query(
                       "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                         "DATABASE() AND TABLE_NAME = " +
                       l(table) + " ORDER BY ORDINAL_POSITION")
               : query("SELECT attname FROM pg_attribute WHERE attrelid = " + lit(q(table)) +
                       "::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum");
    Lines out;
    for (auto& r : rows) out.push_back(r[0]);
    return out;
  }
  // The names of the index and constraints the migration names itself.
  Lines named_objects() {
    return sorted_column(
        sqlite() ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE "
                   "'sqlite\\_%' ESCAPE '\\'"
        : my()   ? "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
                   "DATABASE() AND INDEX_NAME <> 'PRIMARY' AND TABLE_NAME NOT LIKE 'strata\\_%' "
                   "UNION SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE "
                   "CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE <> 'PRIMARY KEY' AND "
                   "TABLE_NAME NOT LIKE 'strata\\_%'"
                 : "SELECT relname::text FROM pg_class WHERE relnamespace = "
                   "'public'::regnamespace AND relkind = 'i' AND relname NOT LIKE '%pkey' AND "
                   "relname NOT LIKE 'strata\\_%' UNION SELECT conname::text FROM pg_constraint "
                   "WHERE connamespace = 'public'::regnamespace AND contype <> 'p'");
  }

  // A string holding a quote written with a backslash escape, as each engine
  // reads one: a splitter that did not know the rule would cut it short.
  std::string escaped_quote_literal() const {
    return my() ? "'o\\';2'" : sqlite() ? "'o'';2'" : "E'o\\';2'";
  }
  // Comments between statements that hold a whole statement each.
  std::string comments() const {
    std::string c = "-- DROP TABLE canary;\n/* ; DROP TABLE canary; -- */\n";
    if (my()) c += "# ; DROP TABLE canary;\n";
    return c;
  }
  const std::string kTick = "back`tick\"; DROP TABLE canary; --";
  const std::string kMessage = "it's \\'; DROP TABLE canary; -- \"q\" `b` 日本";

  void write_migrations() {
    const std::string cols = n(kSelect) + ", " + n(kOrder) + ", " + n(kUser) + ", " + n(kTable) +
                             ", " + n(kSemi) + ", " + n(kDash) + ", " + n(kMixed) + ", " +
                             n(kAccent) + ", " + n(kJapanese) + ", " + n(kTick);
    p.migration(
        "001_tables", "aaaa0001", "",
        "CREATE TABLE " + n(kParent) + " (" + n("Id") + " INTEGER PRIMARY KEY, " + n(kInject) +
            " INTEGER NOT NULL, CONSTRAINT " + n(kUnique) + " UNIQUE (" + n(kInject) + "));\n" +
            comments() + "CREATE TABLE " + n(kChild) + " (\n    " + n(kSelect) +
            " INTEGER PRIMARY KEY,\n    " + n(kOrder) + " VARCHAR(40) NOT NULL,\n    " + n(kUser) +
            " VARCHAR(40),\n    " + n(kTable) + " INTEGER,\n    " + n(kSemi) +
            " VARCHAR(20),\n    " + n(kDash) + " VARCHAR(40),\n    " + n(kMixed) +
            " INTEGER,\n    " + n(kAccent) + " VARCHAR(40),\n    " + n(kJapanese) +
            " VARCHAR(40),\n    " + n(kTick) + " VARCHAR(40),\n    CONSTRAINT " + n(kCheck) +
            " CHECK (" + n(kTable) + " >= 0),\n    CONSTRAINT " + n(kForeign) + " FOREIGN KEY (" +
            n(kTable) + ") REFERENCES " + n(kParent) + " (" + n("Id") + ")\n);\n" +
            "CREATE INDEX " + n(kIndex) + " ON " + n(kChild) + " (" + n(kOrder) + ", " +
            n(kJapanese) + ");\n" + "INSERT INTO " + n(kParent) + " (" + n("Id") + ", " +
            n(kInject) + ") VALUES (1, 5), (2, 6);\n" + "INSERT INTO " + n(kChild) + " (" + cols +
            ") VALUES (10, 'o;1', 'u''1', 2, 's;1', 'd--1', 3, 'é1', '日本1', 'b`1'), (11, " +
            escaped_quote_literal() + ", '/*', 1, '*/', '#', 4, '--', ';', '\"');\n",
        "DROP TABLE " + n(kChild) + ";\n" + comments() + "DROP TABLE " + n(kParent) + ";\n", "",
        kMessage);
    p.migration("002_renames", "bbbb0002", "aaaa0001",
                "ALTER TABLE " + n(kParent) + " RENAME TO " + n(kParent2) + ";\nALTER TABLE " +
                    n(kChild) + " RENAME COLUMN " + n(kMixed) + " TO " + n(kMixed2) + ";\n" +
                    comments() + "CREATE VIEW " + n(kView) + " AS SELECT " + n(kSelect) + ", " +
                    n(kOrder) + ", " + n(kJapanese) + " FROM " + n(kChild) + ";\nUPDATE " +
                    n(kChild) + " SET " + n(kSemi) + " = 's;2 -- x /* y' WHERE " + n(kSelect) +
                    " = 10;\n",
                "DROP VIEW " + n(kView) + ";\nUPDATE " + n(kChild) + " SET " + n(kSemi) +
                    " = 's;1' WHERE " + n(kSelect) + " = 10;\nALTER TABLE " + n(kChild) +
                    " RENAME COLUMN " + n(kMixed2) + " TO " + n(kMixed) + ";\nALTER TABLE " +
                    n(kParent2) + " RENAME TO " + n(kParent) + ";\n",
                "", "renames");
  }

  // The database after aaaa0001 (`renamed` false) or bbbb0002.
  void expect_state(bool renamed, const std::string& step) {
    SCOPED_TRACE(step);
    const std::string parent = renamed ? kParent2 : kParent;
    const std::string mixed = renamed ? kMixed2 : kMixed;
    Lines tables{"table canary", "table " + kChild, "table " + parent};
    if (renamed) tables.push_back("view " + kView);
    std::sort(tables.begin(), tables.end());
    EXPECT_EQ(relations(), tables);
    EXPECT_EQ(columns(parent), (Lines{"Id", kInject}));
    EXPECT_EQ(columns(kChild), (Lines{kSelect, kOrder, kUser, kTable, kSemi, kDash, mixed, kAccent,
                                      kJapanese, kTick}));
    Lines named = sqlite() ? Lines{kIndex} : Lines{kCheck, kForeign, kIndex, kUnique};
    std::sort(named.begin(), named.end());
    EXPECT_EQ(named_objects(), named);
    EXPECT_EQ(query("SELECT " + n("Id") + ", " + n(kInject) + " FROM " + n(parent) + " ORDER BY 1"),
              (Rows{{"1", "5"}, {"2", "6"}}));
    EXPECT_EQ(query("SELECT " + n(kSelect) + ", " + n(kOrder) + ", " + n(kUser) + ", " + n(kTable) +
                    ", " + n(kSemi) + ", " + n(kDash) + ", " + n(mixed) + ", " + n(kAccent) + ", " +
                    n(kJapanese) + ", " + n(kTick) + " FROM " + n(kChild) + " ORDER BY 1"),
              (Rows{{"10", "o;1", "u'1", "2", renamed ? "s;2 -- x /* y" : "s;1", "d--1", "3", "é1",
                     "日本1", "b`1"},
                    {"11", "o';2", "/*", "1", "*/", "#", "4", "--", ";", "\""}}));
    if (renamed) {
      EXPECT_EQ(query("SELECT * FROM " + n(kView) + " ORDER BY 1"),
                (Rows{{"10", "o;1", "日本1"}, {"11", "o';2", ";"}}));
    }
    expect_canary(step);
  }
};

INSTANTIATE_TEST_SUITE_P(Engines, HostileMigrations,
                         testing::Values("sqlite", "postgresql", "mysql"), engine_label);

TEST_P(HostileMigrations, NamesStringsAndCommentsSurviveUpgradeAndDowngrade) {
  make_canary();
  write_migrations();
  RunResult plan = run({"upgrade", "--plan"});
  EXPECT_TRUE(contains(plan.out, "upgrade   aaaa0001  " + kMessage + " (5 statements)"))
      << plan.out;
  EXPECT_TRUE(contains(plan.out, "upgrade   bbbb0002  renames (4 statements)")) << plan.out;
  RunResult offline = run({"upgrade", "--sql"});
  EXPECT_TRUE(contains(offline.out, "CREATE TABLE " + n(kChild) + " (\n")) << offline.out;
  expect_canary("upgrade --sql");

  run({"upgrade", "aaaa0001"});
  expect_state(false, "upgrade to aaaa0001");
  run({"upgrade"});
  expect_state(true, "upgrade to head");
  EXPECT_EQ(query("SELECT message FROM strata_version_history WHERE revision = 'aaaa0001'"),
            (Rows{{kMessage}}));
  EXPECT_EQ(p.run({"status"}).out_lines().at(0), "applied    aaaa0001       " + kMessage);

  run({"downgrade", "-1"});
  expect_state(false, "downgrade to aaaa0001");
  run({"downgrade", "base"});
  EXPECT_EQ(relations(), (Lines{"table canary"}));
  EXPECT_EQ(named_objects(), Lines{});
  expect_canary("downgrade to base");
  run({"upgrade"});
  expect_state(true, "upgrade again");
  EXPECT_EQ(query("SELECT revision, direction, message FROM strata_version_history ORDER BY id"),
            (Rows{{"aaaa0001", "up", kMessage},
                  {"bbbb0002", "up", "renames"},
                  {"bbbb0002", "down", "renames"},
                  {"aaaa0001", "down", kMessage},
                  {"aaaa0001", "up", kMessage},
                  {"bbbb0002", "up", "renames"}}));
}

// ---------------------------------------------------------------- post-write hooks

// A file name full of shell syntax reaches each hook as one argument and
// runs nothing: the name comes from file_template, the folder and -m.
TEST(PostWriteHooks, AFileNameWithShellSyntaxRunsNothing) {
  Project p;
  const std::string folder = "mig $(touch pwned_dir); touch pwned_dir2 {file}";
  p.write("strata.toml",
          "url = \"sqlite:///app.db\"\n"
          "migrations = [\"" +
              folder +
              "\"]\n"
              "file_template = \"{rev}_; touch pwned_tpl; $(touch pwned_sub) `touch "
              "pwned_tick` {slug}\"\n"
              "post_write_hooks = [\"touch {file}.seen\", \"sh -c 'cp \\\"$0\\\" "
              "copied.sql'\"]\n");
  const std::string message = "; touch pwned_msg $(touch pwned_msg2) `touch pwned_msg3` | x";
  RunOptions o;
  o.cwd = p.root();
  o.timeout_ms = 20000;
  RunResult r = run_strata({"revision", "-m", message, "--rev-id", "hook0001"}, o);
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  const std::string name =
      "hook0001_; touch pwned_tpl; $(touch pwned_sub) `touch pwned_tick` "
      "touch_pwned_msg_touch_pwned_msg2_touch_p.sql";
  const std::string path = p.path(folder + "/" + name);
  EXPECT_EQ(r.out, path + "\n");
  ASSERT_TRUE(file_exists(path)) << r.out;
  EXPECT_TRUE(contains(p.read(folder + "/" + name), "-- message: " + message + "\n"));
  // The first hook got the path (with ".seen" added) as one argument...
  EXPECT_TRUE(file_exists(path + ".seen"));
  // ...and the second one the path appended as one more argument.
  EXPECT_EQ(p.read("copied.sql"), p.read(folder + "/" + name));
  // Nothing else was created anywhere in the project (nor where strata ran).
  Lines made;
  for (const auto& e : fs::recursive_directory_iterator(p.root())) {
    made.push_back(e.path().lexically_relative(p.root()).string());
  }
  std::sort(made.begin(), made.end());
  EXPECT_EQ(made, (Lines{"copied.sql", folder, folder + "/" + name, folder + "/" + name + ".seen",
                         "strata.toml"}));
}

// ---------------------------------------------------------------- passwords

std::string random_suffix() {
  std::random_device rd;
  return std::to_string(rd() % 1000000000u);
}

// A role with a distinctive password, and every kind of failing run against
// it: no output of any of them holds the password, plain or URL-encoded. On
// PostgreSQL and MariaDB.
class Passwords : public testing::TestWithParam<std::string> {
 protected:
  // Decoded; the URL carries it percent-encoded.
  const std::string kPassword = "Pw-s3cr3t-XYZ:@/?";
  const std::string kEncoded = "Pw-s3cr3t-XYZ%3A%40%2F%3F";
  const std::string kNeedle = "s3cr3t";

  void SetUp() override {
    db_ = make_server_db(GetParam());
    if (!db_ || !db_->available()) GTEST_SKIP() << GetParam() << ": no test server set";
    role_ = "strata_pw_" + random_suffix();
    other_ = "strata_pw_other_" + random_suffix();
    if (my()) {
      // (The password holds no backslash, so doubling quotes is enough.)
      db().exec("CREATE USER " + role_ + "@'%' IDENTIFIED BY " + lit(kPassword));
      db().exec("CREATE USER " + other_ + "@'%' IDENTIFIED BY 'another-password'");
      db().exec("GRANT ALL ON " + db().name() + ".* TO " + role_ + "@'%'");
      // Scratch databases for `check` (what README's MySQL chapter tells users to grant).
      db().exec("GRANT ALL ON `strata\\_scratch\\_%`.* TO " + role_ + "@'%'");
    } else {
      db().exec("CREATE ROLE " + role_ + " LOGIN CREATEDB PASSWORD " + lit(kPassword));
      db().exec("CREATE ROLE " + other_ + " LOGIN PASSWORD 'another-password'");
      db().exec("GRANT ALL ON SCHEMA public TO " + role_);
    }
  }
  void TearDown() override {
    if (role_.empty()) return;
    if (my()) {
      db().exec("DROP USER " + role_ + "@'%', " + other_ + "@'%'");
      return;
    }
    db().exec("DROP OWNED BY " + role_);
    db().exec("DROP ROLE " + role_);
    db().exec("DROP ROLE " + other_);
  }
  bool my() const { return GetParam() == "mysql"; }
  ServerDb& db() { return *db_; }
  const ServerDb& db() const { return *db_; }

  // The test database's URL as `user` with the distinctive password, on
  // `port` (0: the server's) and database `db` ("": the test database).
  std::string url(const std::string& user, int port = 0, const std::string& db = "") const {
    std::string u = db_->url();
    size_t at = u.find('@');
    std::string rest = u.substr(at);  // @host:port/db?query
    if (port != 0) {
      size_t colon = rest.find(':');
      size_t slash = rest.find('/');
      rest.replace(colon + 1, slash - colon - 1, std::to_string(port));
    }
    if (!db.empty()) {
      size_t slash = rest.find('/');
      size_t query = rest.find('?', slash);
      rest.replace(slash + 1, (query == std::string::npos ? rest.size() : query) - slash - 1, db);
    }
    return GetParam() + "://" + user + ":" + kEncoded + rest;
  }

  void expect_clean(const RunResult& r, const std::string& what) {
    ++runs_;
    EXPECT_FALSE(contains(r.out, kNeedle)) << what << ": password on stdout:\n" << r.out;
    EXPECT_FALSE(contains(r.err, kNeedle)) << what << ": password on stderr:\n" << r.err;
    EXPECT_FALSE(contains(r.out + r.err, "%3A%40%2F%3F")) << what;
  }

  std::unique_ptr<ServerDb> db_;
  Project p;
  std::string role_;
  std::string other_;
  int runs_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Servers, Passwords, testing::Values("postgresql", "mysql"), engine_label);

TEST_P(Passwords, NoFailingRunShowsThePassword) {
  p.migration("001_a", "aaaa0001", "", "CREATE TABLE a (id INTEGER PRIMARY KEY);", "DROP TABLE a;");
  const Lines commands[] = {{"status"},
                            {"--json", "status"},
                            {"current"},
                            {"--json", "current"},
                            {"upgrade"},
                            {"--json", "upgrade"},
                            {"--json", "downgrade", "base"},
                            {"downgrade", "base"},
                            {"drift"},
                            {"--json", "drift"}};
  const std::string wrong = url(other_);  // the role exists; its password is another
  const std::string closed = url(role_, closed_port());
  const std::string nodb = url(role_, 0, "strata_no_such_db_" + random_suffix());
  struct Target {
    std::string what;
    std::string url;
    std::string expected;  // a piece of the error
  };
  for (const Target& t :
       {Target{"wrong password", wrong,
               my() ? "Access denied for user" : "password authentication failed"},
        Target{"closed port", closed, "cannot connect"},
        Target{"unknown database", nodb,
               my() ? "to database 'strata_no_such_db_" : "does not exist"}}) {
    for (const Lines& cmd : commands) {
      std::string what = t.what + ": " + cmd.back();
      // In the file, with --url, and in DATABASE_URL.
      p.write_config(t.url);
      RunResult a = p.run(cmd);
      EXPECT_NE(a.code, 0) << what;
      EXPECT_TRUE(contains(a.out + a.err, t.expected)) << what << "\n" << a.out << a.err;
      expect_clean(a, what + " (strata.toml)");
      Lines with_url = cmd;
      with_url.insert(with_url.begin(), {"--url", t.url});
      expect_clean(p.run(with_url), what + " (--url)");
      p.write_config("sqlite:///unused.db");
      expect_clean(p.run(cmd, {{"DATABASE_URL", t.url}}), what + " (DATABASE_URL)");
    }
  }

  // A good connection, a migration that fails on the server.
  const std::string good = url(role_);
  p.write_config(good);
  p.migration("002_bad", "bbbb0002", "aaaa0001", "INSERT INTO a (id) VALUES (1);\nSELEC 1;",
              "SELECT 1;");
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.code, 1) << up.out << up.err;
  EXPECT_TRUE(contains(up.err, my() ? "error in your SQL syntax" : "syntax error")) << up.err;
  expect_clean(up, "bad SQL");
  RunResult jup = p.run({"--json", "upgrade"});
  EXPECT_NE(jup.code, 0);
  expect_clean(jup, "bad SQL, --json");
  for (const Lines& cmd : commands) expect_clean(p.run(cmd), "good URL: " + cmd.back());
  // The password in a value the server echoes back is hidden too.
  p.migration("003_echo", "cccc0003", "bbbb0002",
              my() ? "INSERT INTO a (id) VALUES (" + lit(kPassword) + ");"
                   : "SELECT " + lit(kPassword) + "::integer;",
              "SELECT 1;");
  std::filesystem::remove(p.path("migrations/002_bad.sql"));
  p.migration("002_bad", "bbbb0002", "aaaa0001", "SELECT 1;", "SELECT 1;");
  RunResult echo = p.run({"upgrade"});
  EXPECT_EQ(echo.code, 1) << echo.out << echo.err;
  EXPECT_TRUE(contains(
      echo.err, my() ? "Incorrect integer value: '***'" : "invalid input syntax for type integer"))
      << echo.err;
  // (The SQL of the migration itself is the user's own text and is shown in
  // the --sql output as written; everything else must stay clean.)
  expect_clean(echo, "a server message echoing the password");
  RunResult offline = p.run({"upgrade", "--sql", "base:aaaa0001"});
  EXPECT_EQ(offline.code, 0) << offline.err;
  expect_clean(offline, "upgrade --sql");
  RunResult offline_j = p.run({"--json", "upgrade", "--sql", "base:aaaa0001"});
  expect_clean(offline_j, "--json upgrade --sql");

  // check with a dev_url that carries the password: working, then refused.
  p.write("schema/schema.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
  std::filesystem::remove(p.path("migrations/003_echo.sql"));
  p.write_config(good, "dev_url = \"" + good + "\"\n");
  RunResult check = p.run({"check"});
  EXPECT_EQ(check.code, 0) << check.out << check.err;
  expect_clean(check, "check with dev_url");
  p.write_config(good, "dev_url = \"" + wrong + "\"\n");
  RunResult bad_dev = p.run({"check"});
  EXPECT_EQ(bad_dev.code, 1) << bad_dev.out << bad_dev.err;
  EXPECT_TRUE(contains(bad_dev.err, my() ? "Access denied" : "password authentication failed"))
      << bad_dev.err;
  expect_clean(bad_dev, "check with a refused dev_url");
  expect_clean(p.run({"--json", "check"}), "--json check with a refused dev_url");
  expect_clean(p.run({"diff", "--from", wrong, "--to", "migrations"}), "diff --from");
  expect_clean(p.run({"diff", "--from", closed, "--to", "schema"}), "diff --from, closed");

  // URLs that do not parse, or land where the password is misplaced.
  const std::string scheme = GetParam() + "://";
  const std::string typo = GetParam().substr(0, GetParam().size() - 1) + "://";
  for (const std::string& bad : {scheme + role_ + ":" + kPassword + "@127.0.0.1/db",
                                 scheme + role_ + ":" + kEncoded + "@127.0.0.1:0/db",
                                 scheme + role_ + ":2024/" + kEncoded + "@127.0.0.1/db",
                                 scheme + role_ + ":2024?" + kEncoded + "@127.0.0.1/db",
                                 typo + role_ + ":" + kEncoded + "@127.0.0.1/db"}) {
    expect_clean(p.run({"--url", bad, "status"}), "bad URL " + bad);
    expect_clean(p.run({"--json", "--url", bad, "current"}), "bad URL, --json " + bad);
  }
  // A URL where a command takes no argument.
  expect_clean(p.run({"status", good}), "URL as a stray argument");
  expect_clean(p.run({"upgrade", good}), "URL as a revision");
  EXPECT_GT(runs_, 100);
}

}  // namespace
}  // namespace strata::clitest
