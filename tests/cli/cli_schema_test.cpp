// End to end, the schema side on SQLite and PostgreSQL: `revision
// --autogenerate` (renames by hint, by --rename, suggestions), `check`,
// `drift`, `diff`, `test`, dumps as schema/ files, bad schema files, and on
// PostgreSQL the scratch databases (missing CREATEDB, stale ones removed).
// MariaDB has its own file, cli_mysql_schema_test.cpp: its outputs (backquoted
// names, ALGORITHM clauses, implicit foreign key indexes) differ throughout.
// Each test runs the real binary on a fresh project and checks the database
// directly.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/cli_harness.hpp"

namespace strata::clitest {
namespace {

using Lines = std::vector<std::string>;
using Rows = std::vector<std::vector<std::string>>;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Kinds of the changes in a --json schema difference.
Lines kinds(const Json& j) {
  Lines out;
  for (const auto& c : j["changes"].items) out.push_back(c["kind"].str);
  return out;
}

// The same tests on both engines: `sqlite` picks the engine.
class SchemaCli : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (sqlite()) {
      p.write_config("sqlite:///app.db");
    } else {
      if (!pg.available()) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
      p.write_config(pg.url());
    }
  }
  bool sqlite() const { return GetParam(); }
  std::string url() const { return sqlite() ? "sqlite:///" + p.path("app.db") : pg.url(); }

  Rows query(const std::string& sql) {
    if (sqlite()) {
      SqliteDb db(p.path("app.db"));
      return db.query(sql);
    }
    return pg.query(sql);
  }
  void exec(const std::string& sql) {
    if (sqlite()) {
      SqliteDb db(p.path("app.db"));
      db.exec(sql);
    } else {
      pg.exec(sql);
    }
  }
  // Migration files in the project, sorted.
  Lines migration_files() { return list_dir(p.path("migrations")); }

  // The schema of the tutorial: authors and books.
  void write_schema(const std::string& extra_books_columns = "") {
    p.write("schema/schema.sql",
            "CREATE TABLE authors (\n"
            "    id INTEGER PRIMARY KEY,\n"
            "    name VARCHAR(100) NOT NULL\n"
            ");\n"
            "CREATE TABLE books (\n"
            "    id INTEGER PRIMARY KEY,\n"
            "    author_id INTEGER NOT NULL REFERENCES authors (id),\n"
            "    title VARCHAR(200) NOT NULL" +
                extra_books_columns +
                "\n);\n"
                "CREATE INDEX ix_books_author ON books (author_id);\n");
  }

  RunResult autogen(const std::string& message, const Lines& more = {}) {
    Lines args{"revision", "--autogenerate", "-m", message};
    args.insert(args.end(), more.begin(), more.end());
    return p.run(args);
  }

  PgDb pg;
  Project p;
};

INSTANTIATE_TEST_SUITE_P(Engines, SchemaCli, testing::Values(true, false),
                         [](const testing::TestParamInfo<bool>& i) {
                           return std::string(i.param ? "Sqlite" : "Postgres");
                         });

TEST_P(SchemaCli, AutogenerateWritesTheWholeSchemaThenCheckIsClean) {
  write_schema();
  RunResult c0 = p.run({"check"});
  EXPECT_EQ(c0.code, 3) << c0.out << c0.err;
  EXPECT_TRUE(contains(c0.out, "schema/ differs from what the migrations build (4 changes):"))
      << c0.out;

  RunResult g = autogen("authors and books");
  ASSERT_EQ(g.code, 0) << g.err;
  Lines files = migration_files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(g.out, p.path("migrations/" + files[0]) + "\n");
  EXPECT_TRUE(contains(g.err, "generated revision for \"authors and books\" (4 changes):")) << g.err;
  std::string text = p.read("migrations/" + files[0]);
  EXPECT_TRUE(contains(text, "-- migrate:up\n")) << text;
  EXPECT_TRUE(contains(text, "-- migrate:down\n")) << text;
  EXPECT_TRUE(contains(text, "CREATE TABLE authors (")) << text;
  EXPECT_TRUE(contains(text, "CREATE INDEX ix_books_author ON books (author_id);")) << text;
  EXPECT_TRUE(contains(text, "DROP TABLE books;")) << text;

  RunResult c1 = p.run({"check"});
  EXPECT_EQ(c1.code, 0) << c1.out << c1.err;
  EXPECT_EQ(c1.out, "check: ok, the migrations build schema/\n");

  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  exec("INSERT INTO authors (id, name) VALUES (1, 'Le Guin')");
  RunResult d = p.run({"drift"});
  EXPECT_EQ(d.code, 0) << d.out << d.err;
  EXPECT_EQ(d.out, "drift: none, the database is what its migrations build\n");

  RunResult again = autogen("nothing");
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.out, "");
  EXPECT_TRUE(contains(again.err, "no changes")) << again.err;
  EXPECT_EQ(migration_files().size(), 1u);

  RunResult t = p.run({"test"});
  EXPECT_EQ(t.code, 0) << t.out << t.err;
  EXPECT_EQ(t.out, "test: ok, 1 revision up, down and up again\n");
}

TEST_P(SchemaCli, CheckListsDifferencesAsJsonAndFailsOnSeveralHeads) {
  write_schema();
  ASSERT_EQ(autogen("init").code, 0);
  write_schema(",\n    isbn VARCHAR(20)");
  RunResult c = p.run({"--json", "check"});
  EXPECT_EQ(c.code, 3);
  auto j = parse_json(c.out);
  ASSERT_TRUE(j.has_value()) << c.out;
  EXPECT_FALSE((*j)["ok"].b);
  EXPECT_EQ(kinds(*j), (Lines{"add_column"}));
  EXPECT_FALSE((*j)["changes"][0]["destructive"].b);
  EXPECT_TRUE(contains((*j)["sql"].str, "isbn")) << (*j)["sql"].str;

  // Back in line, but two heads.
  write_schema();
  std::string first = migration_files()[0];
  std::string rev = first.substr(0, first.find('_'));
  p.migration("zz_side", "side0001", rev, "SELECT 1;", "SELECT 1;");
  p.migration("zz_other", "side0002", rev, "SELECT 1;", "SELECT 1;");
  RunResult h = p.run({"check"});
  EXPECT_EQ(h.code, 3) << h.out;
  EXPECT_TRUE(contains(h.out, "several heads: side0001, side0002")) << h.out;
}

TEST_P(SchemaCli, DriftShowsWhatChangedBehindStrataAndTheSqlToUndoIt) {
  write_schema();
  ASSERT_EQ(autogen("init").code, 0);
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  exec("ALTER TABLE books ADD COLUMN hotfix INTEGER");
  RunResult d = p.run({"drift"});
  EXPECT_EQ(d.code, 3) << d.out << d.err;
  EXPECT_TRUE(contains(d.out, "the database has drifted from its migrations (1 change):")) << d.out;
  EXPECT_TRUE(contains(d.out, "hotfix")) << d.out;
  EXPECT_TRUE(contains(d.out, "DROP COLUMN hotfix")) << d.out;
  RunResult j = p.run({"--json", "drift"});
  auto parsed = parse_json(j.out);
  ASSERT_TRUE(parsed.has_value()) << j.out;
  EXPECT_EQ(kinds(*parsed), (Lines{"drop_column"}));
  EXPECT_TRUE((*parsed)["changes"][0]["destructive"].b);
}

TEST_P(SchemaCli, DiffBetweenAnyTwoStates) {
  write_schema();
  ASSERT_EQ(autogen("init").code, 0);
  RunResult same = p.run({"diff"});  // migrations -> schema
  EXPECT_EQ(same.code, 0) << same.err;
  EXPECT_EQ(same.out, "");
  EXPECT_TRUE(contains(same.err, "no differences")) << same.err;

  // The live database is empty: from it to the migrations is everything.
  RunResult all = p.run({"diff", "--from", url(), "--to", "migrations"});
  EXPECT_EQ(all.code, 0) << all.err;
  EXPECT_TRUE(contains(all.out, "CREATE TABLE authors")) << all.out;
  if (!sqlite()) {
    EXPECT_EQ(all.out.find(pg.password()), std::string::npos);
  }

  RunResult bad = p.run({"diff", "--from", "nowhere"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(contains(bad.err, "'nowhere' is not a schema source")) << bad.err;
}

TEST_P(SchemaCli, RenamesComeFromHintsOrTheCommandLineAndKeepRows) {
  write_schema();
  ASSERT_EQ(autogen("init").code, 0);
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  exec("INSERT INTO authors (id, name) VALUES (1, 'Le Guin'), (2, 'Jemisin')");

  // A column renamed by a hint in schema/.
  p.write("schema/schema.sql",
          "CREATE TABLE authors (\n"
          "    id INTEGER PRIMARY KEY,\n"
          "    full_name VARCHAR(100) NOT NULL -- strata:renamed-from name\n"
          ");\n"
          "CREATE TABLE books (\n"
          "    id INTEGER PRIMARY KEY,\n"
          "    author_id INTEGER NOT NULL REFERENCES authors (id),\n"
          "    title VARCHAR(200) NOT NULL\n"
          ");\n"
          "CREATE INDEX ix_books_author ON books (author_id);\n");
  RunResult g = autogen("rename name");
  ASSERT_EQ(g.code, 0) << g.err;
  EXPECT_FALSE(contains(g.err, "warning:")) << g.err;
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  EXPECT_EQ(query("SELECT full_name FROM authors ORDER BY id"), (Rows{{"Le Guin"}, {"Jemisin"}}));

  // A table renamed on the command line; without it, a suggestion.
  std::string schema = p.read("schema/schema.sql");
  std::string renamed = schema;
  renamed.replace(renamed.find("CREATE TABLE authors"), 20, "CREATE TABLE writers");
  renamed.replace(renamed.find("REFERENCES authors"), 18, "REFERENCES writers");
  size_t hint = renamed.find(" -- strata:renamed-from name");
  renamed.erase(hint, std::string(" -- strata:renamed-from name").size());
  p.write("schema/schema.sql", renamed);
  RunResult c = p.run({"check"});
  EXPECT_EQ(c.code, 3);
  EXPECT_TRUE(contains(c.out, "look like a rename; if so, pass --rename authors=writers")) << c.out;
  RunResult g2 = autogen("writers", {"--rename", "authors=writers"});
  ASSERT_EQ(g2.code, 0) << g2.err;
  ASSERT_EQ(p.run({"upgrade"}).code, 0) << p.run({"status"}).out;
  EXPECT_EQ(query("SELECT full_name FROM writers ORDER BY id"), (Rows{{"Le Guin"}, {"Jemisin"}}));
  EXPECT_EQ(p.run({"check"}).code, 0);
  RunResult bad = autogen("x", {"--rename", "nosuch=other"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(contains(bad.err, "there is no table nosuch to rename")) << bad.err;
}

// On a terminal, a drop and an add that look like a rename are asked about;
// the answer decides. Anywhere else strata never guesses.
TEST_P(SchemaCli, ATerminalIsAskedAboutALikelyRename) {
  write_schema(",\n    isbn VARCHAR(20)");
  ASSERT_EQ(autogen("init", {"--rev-id", "aaaa00000001"}).code, 0);
  write_schema(",\n    code VARCHAR(20)");
  const std::string next = "migrations/bbbb00000002_next.sql";
  RunOptions tty;
  tty.cwd = p.root();
  tty.input = "n\n";
  RunResult no = run_strata_tty(
      {"revision", "--autogenerate", "-m", "next", "--rev-id", "bbbb00000002"}, tty);
  EXPECT_EQ(no.code, 0) << no.out;
  EXPECT_TRUE(contains(no.out, "Did you rename column books.isbn to code? [y/N]")) << no.out;
  std::string text = p.read(next);
  EXPECT_TRUE(contains(text, "DROP COLUMN isbn")) << text;
  EXPECT_TRUE(contains(text, "ADD COLUMN code")) << text;

  std::filesystem::remove(p.path(next));
  tty.input = "y\n";
  RunResult yes = run_strata_tty(
      {"revision", "--autogenerate", "-m", "next", "--rev-id", "bbbb00000002"}, tty);
  EXPECT_EQ(yes.code, 0) << yes.out;
  text = p.read(next);
  EXPECT_TRUE(contains(text, "RENAME COLUMN isbn TO code")) << text;
  EXPECT_FALSE(contains(text, "DROP COLUMN")) << text;

  // Not a terminal: no question; a drop and an add, and a note saying so.
  std::filesystem::remove(p.path(next));
  RunResult piped = autogen("next", {"--rev-id", "bbbb00000002"});
  EXPECT_EQ(piped.code, 0) << piped.err;
  EXPECT_FALSE(contains(piped.err, "Did you rename")) << piped.err;
  EXPECT_TRUE(contains(piped.err, "books.isbn and books.code look like a rename")) << piped.err;
  EXPECT_TRUE(contains(p.read(next), "DROP COLUMN isbn"));
}

TEST_P(SchemaCli, DestructiveChangesAreWarnedAndTheDownSaysDataIsNotRestored) {
  write_schema(",\n    isbn VARCHAR(20)");
  ASSERT_EQ(autogen("init").code, 0);
  write_schema();
  RunResult g = autogen("drop isbn");
  ASSERT_EQ(g.code, 0) << g.err;
  EXPECT_TRUE(contains(g.err, "warning: 1 change lose data or break readers")) << g.err;
  std::string text = p.read(g.out.substr(p.root().size() + 1, g.out.size() - p.root().size() - 2));
  EXPECT_TRUE(contains(text, "-- the data of books.isbn is not restored")) << text;
}

TEST_P(SchemaCli, TestNamesTheRevisionWhoseDownDoesNotRestore) {
  p.migration("001_a", "aaaa1111", "", "CREATE TABLE a (id INTEGER PRIMARY KEY, v INTEGER);",
              "DROP TABLE a;");
  p.migration("002_b", "bbbb2222", "aaaa1111", "CREATE INDEX ix_a_v ON a (v);",
              "SELECT 1;");  // forgets the index
  RunResult t = p.run({"test"});
  EXPECT_EQ(t.code, 3) << t.out << t.err;
  Lines lines = t.out_lines();
  ASSERT_GE(lines.size(), 2u) << t.out;
  EXPECT_EQ(lines[0],
            "test failed at revision bbbb2222 (down restores): the down section does not "
            "restore the schema before the up section");
  EXPECT_TRUE(contains(lines[1], "ix_a_v")) << t.out;
}

TEST_P(SchemaCli, ASyntaxErrorInSchemaFilesNamesFileLineAndServerMessage) {
  p.write("schema/schema.sql",
          "CREATE TABLE a (id INTEGER PRIMARY KEY);\n\nCREATE TABLE b (id INTEGER PRIMARY KEY,, x);\n");
  RunResult c = p.run({"check"});
  EXPECT_EQ(c.code, 1) << c.out;
  EXPECT_TRUE(contains(c.err, "schema/schema.sql:3")) << c.err;
  EXPECT_TRUE(contains(c.err, "syntax error")) << c.err;
  std::filesystem::remove_all(p.path("schema"));
  RunResult none = p.run({"check"});
  EXPECT_EQ(none.code, 1);
  EXPECT_TRUE(contains(none.err, "no schema files")) << none.err;
}

// The schema/ folder may be what the engine's own dump tool prints.
TEST_P(SchemaCli, ADumpOfTheDatabaseLoadsAsSchemaFiles) {
  write_schema();
  ASSERT_EQ(autogen("init").code, 0);
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  std::filesystem::remove_all(p.path("schema"));
  if (sqlite()) {
    // What `sqlite3 app.db .schema` prints.
    std::string dump;
    for (const auto& r : query("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"))
      dump += r[0] + ";\n";
    p.write("schema/dump.sql", dump);
  } else {
    RunResult d = run_program({"pg_dump", "--schema-only", pg.url()});
    ASSERT_EQ(d.code, 0) << d.err;
    p.write("schema/structure.sql", d.out);
  }
  RunResult c = p.run({"check"});
  EXPECT_EQ(c.code, 0) << c.out << c.err;
}

// ---------------------------------------------------------------- PostgreSQL only

class PgScratch : public testing::Test {
 protected:
  void SetUp() override {
    if (!pg.available()) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
  }
  PgDb pg;
  Project p;
};

// Objects strata does not model field by field: functions and triggers are
// recreated from their definition; a policy (no printable definition) is
// named, never dropped silently.
TEST_F(PgScratch, UnmodelledObjectsAreWrittenOrNamed) {
  p.write_config(pg.url());
  p.write("schema/s.sql",
          "CREATE TABLE docs (id integer PRIMARY KEY, owner text);\n"
          "CREATE POLICY own_docs ON docs USING (owner = current_user);\n"
          "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
          "CREATE TRIGGER docs_touch BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION touch();\n");
  RunResult c = p.run({"check"});
  EXPECT_EQ(c.code, 3) << c.err;
  EXPECT_EQ(c.out_lines(), (Lines{"schema/ differs from what the migrations build (4 changes):",
                                  "  + create function touch()",
                                  "  + create table docs (2 columns)",
                                  "  + create trigger docs_touch on docs",
                                  "  ? policy own_docs on docs exists only in the target",
                                  "write them as a migration: strata revision --autogenerate -m MSG"}));
  RunResult g = p.run({"revision", "--autogenerate", "-m", "docs", "--rev-id", "dddd00000001"});
  EXPECT_EQ(g.code, 0) << g.err;
  EXPECT_TRUE(contains(g.err, "warning: 1 difference strata cannot write (marked ?)")) << g.err;
  std::string text = p.read("migrations/dddd00000001_docs.sql");
  EXPECT_TRUE(contains(text, "-- policy own_docs on docs exists only in the target\n")) << text;
  EXPECT_TRUE(contains(text, "CREATE TRIGGER docs_touch BEFORE UPDATE ON public.docs")) << text;
  EXPECT_TRUE(contains(text, "DROP FUNCTION touch();")) << text;
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  EXPECT_EQ(pg.query("SELECT tgname FROM pg_trigger WHERE tgname = 'docs_touch'"),
            (Rows{{"docs_touch"}}));
}

TEST_F(PgScratch, ARoleWithoutCreatedbIsToldWhichPrivilegeIsMissing) {
  pg.exec("DROP ROLE IF EXISTS strata_nocreatedb");
  pg.exec("CREATE ROLE strata_nocreatedb LOGIN PASSWORD 'nocreate-pw' NOCREATEDB");
  std::string url = pg.url();
  // postgresql://USER:PASS@host:port/db -> the new role's credentials.
  std::string rest = url.substr(url.find('@'));
  std::string role_url = "postgresql://strata_nocreatedb:nocreate-pw" + rest;
  p.write_config(role_url);
  p.write("schema/schema.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
  RunResult c = p.run({"check"});
  EXPECT_EQ(c.code, 1) << c.out;
  EXPECT_TRUE(contains(c.err, "lacks the CREATEDB privilege")) << c.err;
  EXPECT_TRUE(contains(c.err, "ALTER ROLE strata_nocreatedb CREATEDB")) << c.err;
  EXPECT_FALSE(contains(c.err, "nocreate-pw")) << c.err;
  pg.exec("DROP ROLE strata_nocreatedb");
}

TEST_F(PgScratch, ScratchDatabasesAreDroppedAndStaleOnesRemoved) {
  pg.exec("CREATE DATABASE strata_scratch_1000_1_abcdef");  // a crash long ago
  p.write_config(pg.url());
  p.write("schema/schema.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
  RunResult c = p.run({"check"});
  EXPECT_EQ(c.code, 3) << c.out << c.err;
  // Gone, and no scratch database of this run left behind (other tests
  // running at the same time may have their own).
  EXPECT_EQ(pg.query("SELECT count(*) FROM pg_database WHERE datname = "
                     "'strata_scratch_1000_1_abcdef'"),
            (Rows{{"0"}}));
}

}  // namespace
}  // namespace strata::clitest
