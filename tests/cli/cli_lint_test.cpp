// End to end, `strata lint` and the upgrade gate (README "Safe migrations"):
// findings with sizes read from a real PostgreSQL server, the text, line,
// JSON and GitHub formats, `-- strata:lint-ignore`, lint_rules in strata.toml,
// `lint = "error"` refusing an upgrade before anything runs, and the SQLite
// rules. Each test runs the real binary on a fresh project.
#include <gtest/gtest.h>

#include "cli/cli_harness.hpp"

namespace strata::clitest {
namespace {

using Lines = std::vector<std::string>;
using Rows = std::vector<std::vector<std::string>>;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class PgLint : public testing::Test {
 protected:
  void SetUp() override {
    if (!pg.available()) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
  }
  // r1 creates users with 50,000 rows; the database is upgraded to it and
  // analyzed, so lint knows the table's size.
  void users_applied(const std::string& extra_config = "") {
    p.write_config(pg.url(), extra_config);
    p.migration("0001_users", "r1", "",
                "CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(100), name text);\n"
                "INSERT INTO users (email) SELECT 'u' || g FROM generate_series(1, 50000) g;\n",
                "DROP TABLE users;\n");
    RunResult up = p.run({"upgrade", "head"});
    ASSERT_EQ(up.code, 0) << up.err;
    pg.exec("ANALYZE users");
  }
  PgDb pg;
  Project p;
};

TEST_F(PgLint, FindsIndexBuildWithTheTableSizeAndExits3) {
  users_applied();
  p.migration("0002_index", "r2", "r1", "CREATE INDEX users_email ON users (email);\n",
              "DROP INDEX users_email;\n");
  RunResult r = p.run({"lint", "--format", "line"});
  EXPECT_EQ(r.code, 3) << r.err;
  Lines lines = r.out_lines();
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_TRUE(contains(lines[0], "migrations/0002_index.sql:6:1: error: CREATE INDEX on users "
                                 "(50k rows, "))
      << lines[0];
  EXPECT_TRUE(contains(lines[0], "under SHARE lock until the build ends "
                                 "[add-index-non-concurrently]"))
      << lines[0];

  // The text format adds the fix and a summary naming the scope.
  RunResult t = p.run({"lint"});
  EXPECT_EQ(t.code, 3);
  EXPECT_TRUE(contains(t.out, "  fix: CREATE INDEX CONCURRENTLY in a `transaction:false` "
                              "section."))
      << t.out;
  EXPECT_TRUE(contains(t.out, "lint: 1 pending revision; 1 error, 0 warnings, 0 info; sizes and "
                              "version from the database (PostgreSQL 15."))
      << t.out;
}

TEST_F(PgLint, ConcurrentIndexOutsideATransactionIsCleanAndInsideOneIsAnError) {
  users_applied();
  p.migration("0002_index", "r2", "r1", "CREATE INDEX CONCURRENTLY users_email ON users (email);\n",
              "DROP INDEX CONCURRENTLY users_email;\n");
  RunResult bad = p.run({"lint", "--format", "line"});
  EXPECT_EQ(bad.code, 3);
  EXPECT_TRUE(contains(bad.out, "migrations/0002_index.sql:6:1: error: ")) << bad.out;
  EXPECT_TRUE(contains(bad.out, "[concurrently-in-transaction]")) << bad.out;

  p.write("migrations/0002_index.sql",
          "-- revision: r2\n-- revises: r1\n-- message: index\n\n"
          "-- migrate:up transaction:false\n"
          "CREATE INDEX CONCURRENTLY users_email ON users (email);\n\n"
          "-- migrate:down transaction:false\n"
          "DROP INDEX CONCURRENTLY users_email;\n");
  RunResult ok = p.run({"lint", "--format", "line"});
  EXPECT_EQ(ok.code, 0) << ok.out << ok.err;
  EXPECT_EQ(ok.out, "");
}

TEST_F(PgLint, JsonFindingsCarryTheDocumentedFields) {
  users_applied();
  p.migration("0002_drop", "r2", "r1",
              "ALTER TABLE users DROP COLUMN name;\n"
              "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
  RunResult r = p.run({"lint", "--json"});
  EXPECT_EQ(r.code, 3) << r.err;
  auto j = parse_json(r.out);
  ASSERT_TRUE(j) << r.out;
  ASSERT_EQ(j->items.size(), 2u) << r.out;
  const Json& drop = j->items[0];
  EXPECT_EQ(drop["rule"].str, "drop-column");
  EXPECT_EQ(drop["severity"].str, "warning");
  EXPECT_EQ(drop["revision"].str, "r2");
  EXPECT_EQ(drop["file"].str, "migrations/0002_drop.sql");
  EXPECT_EQ(drop["line"].num, 6);
  EXPECT_EQ(drop["statement"].num, 1);
  EXPECT_EQ(drop["table"].str, "users");
  EXPECT_FALSE(drop["message"].str.empty());
  EXPECT_FALSE(drop["fix"].str.empty());
  const Json& nn = j->items[1];
  EXPECT_EQ(nn["rule"].str, "set-not-null-scan");
  EXPECT_EQ(nn["severity"].str, "error");
  EXPECT_EQ(nn["line"].num, 7);
  EXPECT_EQ(nn["statement"].num, 2);
}

TEST_F(PgLint, LintIgnoreSilencesTheNamedRuleOnlyAndFlagsUnknownRules) {
  users_applied();
  p.migration("0002_mixed", "r2", "r1",
              "-- strata:lint-ignore add-index-non-concurrently users is tiny in every region\n"
              "CREATE INDEX users_email ON users (email);\n"
              "CREATE INDEX users_name ON users (name); -- strata:lint-ignore add-index-non-concurent typo\n");
  RunResult r = p.run({"lint", "--format", "line"});
  EXPECT_EQ(r.code, 3);
  Lines lines = r.out_lines();
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_TRUE(contains(lines[0], "migrations/0002_mixed.sql:8:1: error: CREATE INDEX on users"))
      << lines[0];
  EXPECT_EQ(lines[1],
            "migrations/0002_mixed.sql:8:1: warning: -- strata:lint-ignore names no rule "
            "'add-index-non-concurent' [unknown-lint-ignore]");
  RunResult t = p.run({"lint"});
  EXPECT_TRUE(contains(t.out, "1 error, 1 warning, 0 info, 1 ignored by lint-ignore")) << t.out;
}

TEST_F(PgLint, LintRulesInTheConfigTurnRulesOffOrChangeTheirSeverity) {
  users_applied("[lint_rules]\nadd-index-non-concurrently = \"warning\"\ndrop-column = \"off\"\n");
  p.migration("0002_two", "r2", "r1",
              "CREATE INDEX users_email ON users (email);\n"
              "ALTER TABLE users DROP COLUMN name;\n");
  RunResult r = p.run({"lint", "--format", "line"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  Lines lines = r.out_lines();
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_TRUE(contains(lines[0], ":6:1: warning: CREATE INDEX on users")) << lines[0];

  RunResult rules = p.run({"lint", "--rules"});
  EXPECT_EQ(rules.code, 0);
  EXPECT_TRUE(contains(rules.out, "add-index-non-concurrently  warning (default error)"))
      << rules.out;
  EXPECT_TRUE(contains(rules.out, "drop-column  off (default warning)")) << rules.out;
}

TEST_F(PgLint, UnknownRuleInTheConfigIsAUsageError) {
  users_applied("[lint_rules]\ndrop-colum = \"off\"\n");
  RunResult r = p.run({"lint"});
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(contains(r.err, "lint_rules: unknown rule 'drop-colum'; did you mean 'drop-column'?"))
      << r.err;
}

TEST_F(PgLint, UpgradeWithLintErrorRefusesBeforeRunningAnything) {
  users_applied("lint = \"error\"\n");
  p.migration("0002_bad", "r2", "r1",
              "CREATE TABLE audit (id int);\n"
              "CREATE INDEX users_email ON users (email);\n",
              "DROP INDEX users_email;\nDROP TABLE audit;\n");
  RunResult r = p.run({"upgrade", "head"});
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "error: lint found 1 error in the revisions to apply; nothing was "
                              "run (lint = \"error\")"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "0002_bad.sql:7: [add-index-non-concurrently] CREATE INDEX on "
                              "users (50k rows"))
      << r.err;
  EXPECT_EQ(pg.query("SELECT version_num FROM strata_version"), (Rows{{"r1"}}));
  EXPECT_FALSE(pg.table_exists("audit"));

  // Ignored on purpose, the same upgrade runs.
  p.migration("0002_bad", "r2", "r1",
              "CREATE TABLE audit (id int);\n"
              "-- strata:lint-ignore add-index-non-concurrently built in the maintenance window\n"
              "CREATE INDEX users_email ON users (email);\n",
              "DROP INDEX users_email;\nDROP TABLE audit;\n");
  RunResult ok = p.run({"upgrade", "head"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(pg.query("SELECT version_num FROM strata_version"), (Rows{{"r2"}}));
}

TEST_F(PgLint, WithoutADatabaseTablesAreAssumedLargeAndTablesCreatedHereAreSafe) {
  p.write_config(pg.url_with_port(closed_port()), "target_version = \"11\"\n");
  p.migration("0001_users", "r1", "",
              "CREATE TABLE users (id int PRIMARY KEY, email text);\n"
              "CREATE INDEX users_email ON users (email);\n");
  p.migration("0002_more", "r2", "r1", "CREATE INDEX users_id2 ON users (id, email);\n");
  RunResult r = p.run({"lint"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_TRUE(contains(r.out, "migrations/0002_more.sql:6: error [add-index-non-concurrently] "
                              "CREATE INDEX on users (size unknown: assumed large)"))
      << r.out;
  EXPECT_FALSE(contains(r.out, "0001_users.sql")) << r.out;
  EXPECT_TRUE(contains(r.out, "lint: every revision (2); 1 error, 0 warnings, 0 info; no "
                              "database: target_version 11, tables assumed large"))
      << r.out;
}

TEST_F(PgLint, GithubFormatWritesWorkflowAnnotations) {
  users_applied();
  p.migration("0002_rename", "r2", "r1", "ALTER TABLE users RENAME COLUMN name TO full_name;\n");
  RunResult r = p.run({"lint", "--format", "github"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "::warning file=migrations/0002_rename.sql,line=6,"
                              "title=rename-column::"))
      << r.out;
}

TEST_F(PgLint, SafeByDefaultAutogenerateWritesTheLockSafeRecipesThatLintAccepts) {
  p.write_config(pg.url(), "safe_by_default = true\n");
  p.write("schema/schema.sql",
          "CREATE TABLE authors (id int PRIMARY KEY, name text);\n"
          "CREATE TABLE books (id int PRIMARY KEY, author_id int, title text);\n");
  ASSERT_EQ(p.run({"revision", "--autogenerate", "-m", "init"}).code, 0);
  ASSERT_EQ(p.run({"upgrade", "head"}).code, 0);
  p.write("schema/schema.sql",
          "CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);\n"
          "CREATE TABLE books (id int PRIMARY KEY, author_id int REFERENCES authors (id),\n"
          "                    title text CHECK (title <> ''));\n"
          "CREATE INDEX books_title ON books (title);\n");
  RunResult gen = p.run({"revision", "--autogenerate", "-m", "safer"});
  ASSERT_EQ(gen.code, 0) << gen.err;
  std::string file;
  for (const auto& f : list_dir(p.path("migrations")))
    if (contains(f, "safer")) file = p.read("migrations/" + f);
  EXPECT_TRUE(contains(file, "-- migrate:up transaction:false\n")) << file;
  EXPECT_TRUE(contains(file,
                       "ALTER TABLE authors ADD CONSTRAINT authors_name_not_null CHECK (name IS NOT "
                       "NULL) NOT VALID;\n"
                       "ALTER TABLE authors VALIDATE CONSTRAINT authors_name_not_null;\n"
                       "-- strata:lint-ignore set-not-null-scan the validated check above spares "
                       "the scan\n"
                       "ALTER TABLE authors ALTER COLUMN name SET NOT NULL;\n"
                       "ALTER TABLE authors DROP CONSTRAINT authors_name_not_null;\n"))
      << file;
  EXPECT_TRUE(contains(file, "CREATE INDEX CONCURRENTLY books_title ON books (title);\n")) << file;
  EXPECT_TRUE(contains(file, "FOREIGN KEY (author_id) REFERENCES authors (id) NOT VALID;\n"
                             "ALTER TABLE books VALIDATE CONSTRAINT books_author_id_fkey;\n"))
      << file;
  EXPECT_TRUE(contains(file, "DROP INDEX CONCURRENTLY books_title;\n")) << file;

  RunResult lint = p.run({"lint"});
  EXPECT_EQ(lint.code, 0) << lint.out;
  EXPECT_TRUE(contains(lint.out, "0 errors, 0 warnings, 0 info, 1 ignored by lint-ignore"))
      << lint.out;
  ASSERT_EQ(p.run({"upgrade", "head"}).code, 0);
  RunResult check = p.run({"check"});
  EXPECT_EQ(check.code, 0) << check.out;
  EXPECT_EQ(p.run({"downgrade", "-1"}).code, 0);
  EXPECT_EQ(p.run({"upgrade", "head"}).code, 0);
}

TEST(SqliteLint, RebuildsAndNotNullColumnsOnSqlite) {
  Project p;
  p.write_config("sqlite:///app.db");
  p.migration("0001_t", "r1", "",
              "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n"
              "WITH RECURSIVE c(x) AS (VALUES (1) UNION ALL SELECT x + 1 FROM c WHERE x < 20000)\n"
              "  INSERT INTO t (id, a) SELECT x, 'row' FROM c;\n");
  ASSERT_EQ(p.run({"upgrade", "head"}).code, 0);
  p.migration("0002_rebuild", "r2", "r1",
              "ALTER TABLE t ADD COLUMN b TEXT NOT NULL;\n"
              "CREATE TABLE t_new (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT '');\n"
              "INSERT INTO t_new (id, a) SELECT id, coalesce(a, '') FROM t;\n"
              "DROP TABLE t;\n"
              "ALTER TABLE t_new RENAME TO t;\n");
  RunResult r = p.run({"lint", "--format", "line"});
  EXPECT_EQ(r.code, 3) << r.err;
  Lines lines = r.out_lines();
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_TRUE(contains(lines[0], "migrations/0002_rebuild.sql:6:1: error: ADD COLUMN b NOT NULL "
                                 "without a DEFAULT on t (20k rows, "))
      << lines[0];
  EXPECT_TRUE(contains(lines[0], "[add-column-not-null-without-default]")) << lines[0];
  EXPECT_TRUE(contains(lines[1], "migrations/0002_rebuild.sql:8:1: warning: copying t (20k rows, "))
      << lines[1];
  EXPECT_TRUE(contains(lines[1], "[table-rebuild]")) << lines[1];
}

}  // namespace
}  // namespace strata::clitest
