// End to end on a real PostgreSQL server (scripts/with-postgres.sh sets
// STRATA_TEST_PG_URL, an admin URL). Each test migrates its own fresh database
// `strata_cli_<random>`, dropped afterwards, and checks it through libpq.
// Covers the cycle, failures that must leave the database exactly as it was,
// transaction = "all", batches, offline SQL, and connection errors that must
// never show the password.
#include <gtest/gtest.h>

#include "cli/cli_harness.hpp"

namespace strata::clitest {
namespace {

using Lines = std::vector<std::string>;
using Rows = std::vector<Lines>;

class PostgresCli : public testing::Test {
 protected:
  void SetUp() override {
    if (!pg.available()) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
    p.write_config(pg.url());
  }
  std::string mig(const std::string& name) const { return p.path("migrations/" + name + ".sql"); }
  // As an error's file is shown: relative to the working directory (the root).
  static std::string rel(const std::string& name) { return "migrations/" + name + ".sql"; }
  Lines versions() {
    Lines out;
    for (auto& r : pg.query("SELECT version_num FROM strata_version ORDER BY version_num"))
      out.push_back(r[0]);
    return out;
  }
  // The URL as strata prints it: password hidden.
  std::string redacted(const std::string& url) const {
    std::string u = url;
    std::string pw = pg.password();
    size_t at = u.find(":" + pw + "@");
    if (at != std::string::npos) u.replace(at + 1, pw.size(), "***");
    return u;
  }
  void expect_no_password(const RunResult& r, const std::string& pw) {
    ASSERT_FALSE(pw.empty());
    EXPECT_EQ(r.out.find(pw), std::string::npos) << "password on stdout: " << r.out;
    EXPECT_EQ(r.err.find(pw), std::string::npos) << "password on stderr: " << r.err;
  }

  PgDb pg;
  Project p;
};

TEST_F(PostgresCli, UpgradeDowngradeCycle) {
  p.migration("001_users", "aaaa1111", "",
              "CREATE TABLE users (id BIGSERIAL PRIMARY KEY, email TEXT NOT NULL);",
              "DROP TABLE users;", "", "create users");
  p.migration(
      "002_fn", "bbbb2222", "aaaa1111",
      "CREATE FUNCTION norm(t text) RETURNS text AS $$\n"
      "BEGIN\n  RETURN lower(t);  -- a ; inside the body\nEND;\n$$ LANGUAGE plpgsql IMMUTABLE;\n"
      "CREATE INDEX ix_users_email ON users (norm(email));",
      "DROP INDEX ix_users_email;\nDROP FUNCTION norm(text);", "", "norm function");
  RunResult up = p.run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(mask_ms(up.out), "applied 2 revisions in N ms; the database is now at bbbb2222\n");
  EXPECT_EQ(versions(), Lines{"bbbb2222"});
  EXPECT_TRUE(pg.table_exists("users"));
  EXPECT_EQ(pg.query("SELECT norm('ABC')"), (Rows{{"abc"}}));
  EXPECT_EQ(p.run({"current"}).out, "bbbb2222 (head)\n");
  RunResult cur = p.run({"--json", "current"});
  auto j = parse_json(cur.out);
  ASSERT_TRUE(j.has_value()) << cur.out;
  EXPECT_EQ((*j)["database"].str, redacted(pg.url()));
  expect_no_password(cur, pg.password());
  RunResult plan = p.run({"upgrade", "--plan"});
  EXPECT_EQ(plan.out_lines(),
            (Lines{"database " + redacted(pg.url()) + " is at bbbb2222", "nothing to do"}));
  expect_no_password(plan, pg.password());
  EXPECT_EQ(p.run({"status"}).out_lines(),
            (Lines{"applied    aaaa1111       create users",
                   "applied    bbbb2222       norm function", "2 applied, 0 pending"}));

  RunResult down = p.run({"downgrade", "-1"});
  ASSERT_EQ(down.code, 0) << down.err;
  EXPECT_EQ(versions(), Lines{"aaaa1111"});
  EXPECT_TRUE(pg.query("SELECT 1 FROM pg_proc WHERE proname = 'norm'").empty());
  ASSERT_EQ(p.run({"downgrade", "base"}).code, 0);
  EXPECT_FALSE(pg.table_exists("users"));
  EXPECT_EQ(versions(), Lines{});
  EXPECT_EQ(
      pg.query("SELECT revision, direction FROM strata_version_history ORDER BY id"),
      (Rows{{"aaaa1111", "up"}, {"bbbb2222", "up"}, {"bbbb2222", "down"}, {"aaaa1111", "down"}}));
}

TEST_F(PostgresCli, SqlErrorInThirdStatementLeavesPreviousRevision) {
  p.migration("001_one", "r1", "", "CREATE TABLE base_t (id INTEGER);", "DROP TABLE base_t;");
  p.write("migrations/002_two.sql",
          "-- revision: r2\n"
          "-- revises: r1\n"
          "-- message: two\n"
          "\n"
          "-- migrate:up\n"
          "CREATE TABLE a (id INTEGER);\n"
          "CREATE TABLE b (id INTEGER);\n"
          "\n"
          "INSERT INTO nosuch VALUES (1);\n"
          "CREATE TABLE c (id INTEGER);\n"
          "\n"
          "-- migrate:down\n"
          "DROP TABLE a;\n");
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.code, 1);
  EXPECT_EQ(up.err_lines().back(),
            "error: " + rel("002_two") +
                ":9: revision r2, statement 3: relation \"nosuch\" does not exist [42P01]");
  EXPECT_EQ(up.out, "");
  EXPECT_EQ(versions(), Lines{"r1"});
  EXPECT_TRUE(pg.table_exists("base_t"));
  EXPECT_FALSE(pg.table_exists("a"));
  EXPECT_FALSE(pg.table_exists("b"));
  EXPECT_FALSE(pg.table_exists("c"));
  EXPECT_EQ(pg.query("SELECT revision, direction FROM strata_version_history ORDER BY id"),
            (Rows{{"r1", "up"}}));
  EXPECT_TRUE(pg.query("SELECT * FROM strata_version_journal").empty());
  EXPECT_EQ(p.run({"current"}).out, "r1\n");

  // A position inside a multi-line statement points at its own line.
  p.write("migrations/002_two.sql",
          "-- revision: r2\n-- revises: r1\n-- message: two\n\n-- migrate:up\n"
          "CREATE TABLE a (id INTEGER);\n"
          "SELECT id,\n"
          "       no_such_column\n"
          "  FROM a;\n"
          "-- migrate:down\nDROP TABLE a;\n");
  RunResult col = p.run({"upgrade"});
  EXPECT_EQ(col.code, 1);
  EXPECT_EQ(col.err_lines().back(),
            "error: " + rel("002_two") +
                ":8: revision r2, statement 2: column \"no_such_column\" does not exist [42703]");
  EXPECT_FALSE(pg.table_exists("a"));
}

TEST_F(PostgresCli, TransactionAllFailureInThirdRevisionLeavesBase) {
  p.write_config(pg.url(), "transaction = \"all\"\n");
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  p.migration("002", "r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
  p.migration("003", "r3", "r2", "CREATE TABLE t3 (id INTEGER);\nSELECT 1/0;", "DROP TABLE t3;");
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.code, 1);
  EXPECT_EQ(up.err_lines().back(),
            "error: " + rel("003") + ":7: revision r3, statement 2: division by zero [22012]");
  EXPECT_FALSE(pg.table_exists("t1"));
  EXPECT_FALSE(pg.table_exists("t2"));
  EXPECT_FALSE(pg.table_exists("t3"));
  EXPECT_EQ(versions(), Lines{});
  EXPECT_TRUE(pg.query("SELECT * FROM strata_version_history").empty());
}

TEST_F(PostgresCli, DowngradeThroughIrreversibleRevisionIsRefused) {
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  p.migration("002", "r2", "r1", "CREATE TABLE t2 (id INTEGER);");
  p.migration("003", "r3", "r2", "CREATE TABLE t3 (id INTEGER);", "DROP TABLE t3;");
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  RunResult r = p.run({"downgrade", "base"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "error: " + rel("002") +
                       ": revision r2: this revision is irreversible (it has no `-- migrate:down` "
                       "section); the downgrade was refused and nothing was changed\n");
  EXPECT_TRUE(pg.table_exists("t3"));
  EXPECT_EQ(versions(), Lines{"r3"});
}

TEST_F(PostgresCli, BatchUpdateFinishesAllRows) {
  p.migration("001", "r1", "",
              "CREATE TABLE t (id INTEGER PRIMARY KEY, done INTEGER NOT NULL DEFAULT 0);\n"
              "INSERT INTO t (id) SELECT g FROM generate_series(1, 35) AS g;",
              "DROP TABLE t;");
  p.migration("002", "r2", "r1",
              "-- migrate:batch\n"
              "UPDATE t SET done = 1 WHERE id IN (SELECT id FROM t WHERE done = 0 LIMIT 10);",
              "UPDATE t SET done = 0;");
  RunResult up = p.run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_NE(up.err.find("  batch round 4: 5 rows\n  batch round 5: 0 rows\n"), std::string::npos)
      << up.err;
  EXPECT_EQ(pg.query("SELECT count(*), sum(done) FROM t"), (Rows{{"35", "35"}}));
  EXPECT_EQ(versions(), Lines{"r2"});
}

TEST_F(PostgresCli, NonTransactionalSectionRunsJournaled) {
  p.migration("001", "r1", "", "CREATE TABLE t (id INTEGER, email TEXT);", "DROP TABLE t;");
  p.write("migrations/002.sql",
          "-- revision: r2\n-- revises: r1\n-- message: concurrent index\n\n"
          "-- migrate:up transaction:false\n"
          "CREATE INDEX CONCURRENTLY ix_t_email ON t (email);\n"
          "-- migrate:down transaction:false\n"
          "DROP INDEX CONCURRENTLY ix_t_email;\n");
  RunResult up = p.run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(pg.query("SELECT indexname FROM pg_indexes WHERE tablename = 't'"),
            (Rows{{"ix_t_email"}}));
  EXPECT_EQ(versions(), Lines{"r2"});
  EXPECT_TRUE(pg.query("SELECT * FROM strata_version_journal").empty());
  ASSERT_EQ(p.run({"downgrade", "-1"}).code, 0);
  EXPECT_TRUE(pg.query("SELECT indexname FROM pg_indexes WHERE tablename = 't'").empty());
}

TEST_F(PostgresCli, OfflineScriptAppliesOnItsOwn) {
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  p.migration("002", "r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
  RunResult sql = p.run({"upgrade", "--sql"});
  ASSERT_EQ(sql.code, 0) << sql.err;
  EXPECT_EQ(sql.out_lines().at(0), "-- strata upgrade base:head (postgresql), 2 revisions");
  EXPECT_TRUE(pg.query("SELECT 1 FROM pg_tables WHERE tablename LIKE 'strata%'").empty())
      << "offline mode must not touch the database";
  pg.exec(sql.out);
  EXPECT_EQ(p.run({"current"}).out, "r2 (head)\n");
  EXPECT_EQ(p.run({"verify"}).code, 0);
  EXPECT_TRUE(pg.table_exists("t2"));
}

TEST_F(PostgresCli, EditedFileShowsInStatusAndVerify) {
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  std::string text = p.read("migrations/001.sql");
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  p.write("migrations/001.sql", crlf);
  EXPECT_EQ(p.run({"verify"}).code, 0);
  text.replace(text.find("INTEGER"), 7, "BIGINT");
  p.write("migrations/001.sql", text);
  EXPECT_EQ(p.run({"status"}).out_lines().at(0),
            "edited     r1             rev r1  (file changed since applied)");
  EXPECT_EQ(p.run({"verify"}).code, 3);
}

TEST_F(PostgresCli, WrongPasswordIsAClearErrorWithoutThePassword) {
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  const std::string wrong = "Wr0ng-Secret-pw";
  const std::string url = pg.url_with_password(wrong);
  for (const Lines& args : {Lines{"current"}, Lines{"upgrade"}, Lines{"-v", "upgrade", "--plan"},
                            Lines{"--json", "status"}, Lines{"stamp", "head"}, Lines{"verify"}}) {
    RunResult viaflag = [&] {
      Lines a{"--url", url};
      a.insert(a.end(), args.begin(), args.end());
      return p.run(a);
    }();
    EXPECT_EQ(viaflag.code, 1) << args.back();
    EXPECT_NE(viaflag.err.find("password authentication failed"), std::string::npos) << viaflag.err;
    EXPECT_EQ(viaflag.err.rfind("error: cannot connect to postgresql://", 0), 0u) << viaflag.err;
    EXPECT_NE(viaflag.err.find(":***@"), std::string::npos) << viaflag.err;
    expect_no_password(viaflag, wrong);
    RunResult viaenv = p.run(args, {{"DATABASE_URL", url}});
    EXPECT_EQ(viaenv.code, 1);
    EXPECT_EQ(viaenv.err, viaflag.err);
    expect_no_password(viaenv, wrong);
  }
  EXPECT_FALSE(pg.table_exists("t1"));
}

TEST_F(PostgresCli, UnreachableServerIsAClearErrorWithoutThePassword) {
  int port = closed_port();
  const std::string url = pg.url_with_port(port);
  RunResult r = p.run({"--url", url, "upgrade"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("error: cannot connect to " + redacted(url) + ": ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("Connection refused"), std::string::npos) << r.err;
  expect_no_password(r, pg.password());
  RunResult st = p.run({"--json", "status"}, {{"DATABASE_URL", url}});
  EXPECT_EQ(st.code, 1);
  EXPECT_EQ(st.out, "");
  expect_no_password(st, pg.password());
  // Offline work needs no server.
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  EXPECT_EQ(p.run({"--url", url, "upgrade", "--sql"}).code, 0);
  EXPECT_EQ(p.run({"--url", url, "history"}).code, 0);
}

TEST_F(PostgresCli, PasswordGivenAsAQueryParameterIsHiddenToo) {
  int port = closed_port();
  std::string url = pg.url_with_port(port);
  url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("password=QuerySecret42");
  RunResult r = p.run({"--url", url, "current"});
  EXPECT_EQ(r.code, 1);
  expect_no_password(r, "QuerySecret42");
}

}  // namespace
}  // namespace strata::clitest
