// End to end on real servers, PostgreSQL and MariaDB alike
// (scripts/with-postgres.sh sets STRATA_TEST_PG_URL and STRATA_TEST_MYSQL_URL,
// admin URLs). Each test migrates its own fresh database, dropped afterwards,
// and checks it through the server's client library. Covers the cycle,
// failures that must leave the database exactly as it was (on MariaDB a
// revision with DDL is left visibly unfinished instead, and resumed),
// transaction = "all", batches, offline SQL, and connection errors that must
// never show the password.
#include <gtest/gtest.h>

#include <memory>

#include "cli/cli_harness.hpp"

namespace strata::clitest {
namespace {

using Lines = std::vector<std::string>;
using Rows = std::vector<Lines>;

class ServerCli : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = make_server_db(GetParam());
    if (!db_ || !db_->available())
      GTEST_SKIP() << (my() ? "STRATA_TEST_MYSQL_URL" : "STRATA_TEST_PG_URL") << " is not set";
    p.write_config(db().url());
  }
  bool my() const { return GetParam() == "mysql"; }
  ServerDb& db() { return *db_; }
  const ServerDb& db() const { return *db_; }
  std::string mig(const std::string& name) const { return p.path("migrations/" + name + ".sql"); }
  // As an error's file is shown: relative to the working directory (the root).
  static std::string rel(const std::string& name) { return "migrations/" + name + ".sql"; }
  Lines versions() {
    Lines out;
    for (auto& r : db().query("SELECT version_num FROM strata_version ORDER BY version_num"))
      out.push_back(r[0]);
    return out;
  }
  Rows journal() {
    return db().query(
        "SELECT revision, direction, statement_index, statement_count, state FROM "
        "strata_version_journal");
  }
  // The URL as strata prints it: password hidden.
  std::string redacted(const std::string& url) const {
    std::string u = url;
    std::string pw = db().password();
    size_t at = u.find(":" + pw + "@");
    if (at != std::string::npos) u.replace(at + 1, pw.size(), "***");
    return u;
  }
  void expect_no_password(const RunResult& r, const std::string& pw) {
    ASSERT_FALSE(pw.empty());
    EXPECT_EQ(r.out.find(pw), std::string::npos) << "password on stdout: " << r.out;
    EXPECT_EQ(r.err.find(pw), std::string::npos) << "password on stderr: " << r.err;
  }

  std::unique_ptr<ServerDb> db_;
  Project p;
};

INSTANTIATE_TEST_SUITE_P(Servers, ServerCli, testing::Values("postgresql", "mysql"),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

TEST_P(ServerCli, UpgradeDowngradeCycle) {
  if (my()) {
    // A function body holds `;`: the client's DELIMITER command marks its end.
    p.migration("001_users", "aaaa1111", "",
                "CREATE TABLE users (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) "
                "NOT NULL);",
                "DROP TABLE users;", "", "create users");
    p.migration("002_fn", "bbbb2222", "aaaa1111",
                "DELIMITER //\nCREATE FUNCTION norm(t TEXT) RETURNS TEXT DETERMINISTIC\n"
                "BEGIN\n  RETURN lower(t);  -- a ; inside the body\nEND//\nDELIMITER ;\n"
                "CREATE INDEX ix_users_email ON users (email);",
                "DROP INDEX ix_users_email ON users;\nDROP FUNCTION norm;", "", "norm function");
  } else {
    p.migration("001_users", "aaaa1111", "",
                "CREATE TABLE users (id BIGSERIAL PRIMARY KEY, email TEXT NOT NULL);",
                "DROP TABLE users;", "", "create users");
    p.migration(
        "002_fn", "bbbb2222", "aaaa1111",
        "CREATE FUNCTION norm(t text) RETURNS text AS $$\n"
        "BEGIN\n  RETURN lower(t);  -- a ; inside the body\nEND;\n$$ LANGUAGE plpgsql IMMUTABLE;\n"
        "CREATE INDEX ix_users_email ON users (norm(email));",
        "DROP INDEX ix_users_email;\nDROP FUNCTION norm(text);", "", "norm function");
  }
  const std::string function_exists =
      my() ? "SELECT 1 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND "
             "ROUTINE_NAME = 'norm'"
           : "SELECT 1 FROM pg_proc WHERE proname = 'norm'";
  RunResult up = p.run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(mask_ms(up.out), "applied 2 revisions in N ms; the database is now at bbbb2222\n");
  EXPECT_EQ(versions(), Lines{"bbbb2222"});
  EXPECT_TRUE(db().table_exists("users"));
  EXPECT_EQ(db().query("SELECT norm('ABC')"), (Rows{{"abc"}}));
  EXPECT_EQ(p.run({"current"}).out, "bbbb2222 (head)\n");
  RunResult cur = p.run({"--json", "current"});
  auto j = parse_json(cur.out);
  ASSERT_TRUE(j.has_value()) << cur.out;
  EXPECT_EQ((*j)["database"].str, redacted(db().url()));
  expect_no_password(cur, db().password());
  RunResult plan = p.run({"upgrade", "--plan"});
  EXPECT_EQ(plan.out_lines(),
            (Lines{"database " + redacted(db().url()) + " is at bbbb2222", "nothing to do"}));
  expect_no_password(plan, db().password());
  EXPECT_EQ(p.run({"status"}).out_lines(),
            (Lines{"applied    aaaa1111       create users",
                   "applied    bbbb2222       norm function", "2 applied, 0 pending"}));

  RunResult down = p.run({"downgrade", "-1"});
  ASSERT_EQ(down.code, 0) << down.err;
  EXPECT_EQ(versions(), Lines{"aaaa1111"});
  EXPECT_TRUE(db().query(function_exists).empty());
  EXPECT_TRUE(db().table_exists("users"));
  ASSERT_EQ(p.run({"downgrade", "base"}).code, 0);
  EXPECT_FALSE(db().table_exists("users"));
  EXPECT_EQ(versions(), Lines{});
  EXPECT_EQ(
      db().query("SELECT revision, direction FROM strata_version_history ORDER BY id"),
      (Rows{{"aaaa1111", "up"}, {"bbbb2222", "up"}, {"bbbb2222", "down"}, {"aaaa1111", "down"}}));
}

// PostgreSQL rolls the failed revision back whole. MariaDB has committed the
// two CREATE TABLEs before the failure: the revision is left unfinished at
// statement 3, and --resume finishes it once the cause is fixed.
TEST_P(ServerCli, SqlErrorInThirdStatementLeavesPreviousRevision) {
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
  EXPECT_EQ(up.out, "");
  EXPECT_EQ(versions(), Lines{"r1"});
  EXPECT_TRUE(db().table_exists("base_t"));
  EXPECT_FALSE(db().table_exists("c"));
  EXPECT_EQ(db().query("SELECT revision, direction FROM strata_version_history ORDER BY id"),
            (Rows{{"r1", "up"}}));
  EXPECT_EQ(p.run({"current"}).out, "r1\n");
  if (my()) {
    EXPECT_EQ(up.err_lines().at(up.err_lines().size() - 2),
              "error: " + rel("002_two") + ":9: revision r2, statement 3: Table '" + db().name() +
                  ".nosuch' doesn't exist [1146]");
    EXPECT_EQ(up.err_lines().back(),
              "hint: revision r2 ran 2 of 4 statements outside a transaction and is left "
              "unfinished; fix the cause, then `strata upgrade --resume` to continue from "
              "statement 3, or `strata resolve r2 --applied|--rolled-back` once you have settled "
              "it by hand");
    EXPECT_TRUE(db().table_exists("a"));
    EXPECT_TRUE(db().table_exists("b"));
    EXPECT_EQ(journal(), (Rows{{"r2", "up", "2", "4", "failed"}}));
    EXPECT_EQ(p.run({"status"}).out_lines().at(1),
              "unfinished r2             two  (up stopped after statement 2 of 4)");
    db().exec("CREATE TABLE nosuch (id INTEGER)");
    RunResult resumed = p.run({"upgrade", "--resume"});
    ASSERT_EQ(resumed.code, 0) << resumed.err;
    EXPECT_EQ(mask_ms(resumed.out), "applied 1 revision in N ms; the database is now at r2\n");
    EXPECT_EQ(db().query("SELECT id FROM nosuch"), (Rows{{"1"}}));
    EXPECT_TRUE(db().table_exists("c"));
    EXPECT_TRUE(journal().empty());
    EXPECT_EQ(versions(), Lines{"r2"});
  } else {
    EXPECT_EQ(up.err_lines().back(),
              "error: " + rel("002_two") +
                  ":9: revision r2, statement 3: relation \"nosuch\" does not exist [42P01]");
    EXPECT_FALSE(db().table_exists("a"));
    EXPECT_FALSE(db().table_exists("b"));
    EXPECT_TRUE(journal().empty());
  }

  // A position inside a multi-line statement points at its own line (on
  // MariaDB only a syntax error has one). A revision without DDL rolls back
  // whole on both servers.
  if (!my()) db().exec("CREATE TABLE nosuch (id INTEGER)");  // r2 now runs
  p.write("migrations/003_three.sql",
          "-- revision: r3\n-- revises: r2\n-- message: three\n\n-- migrate:up\n"
          "INSERT INTO base_t VALUES (7);\n"
          "SELECT id,\n"
          "       no_such_column\n" +
              std::string(my() ? "  FRM base_t;\n" : "  FROM base_t;\n") +
              "-- migrate:down\nDELETE FROM base_t;\n");
  RunResult col = p.run({"upgrade"});
  EXPECT_EQ(col.code, 1);
  EXPECT_EQ(col.err_lines().back(),
            "error: " + rel("003_three") +
                (my() ? ":9: revision r3, statement 2: You have an error in your SQL syntax; check "
                        "the manual that corresponds to your MariaDB server version for the right "
                        "syntax to use near 'base_t' at line 3 [1064]"
                      : ":8: revision r3, statement 2: column \"no_such_column\" does not exist "
                        "[42703]"));
  EXPECT_EQ(versions(), Lines{"r2"});
  EXPECT_TRUE(db().query("SELECT * FROM base_t").empty());
  EXPECT_TRUE(journal().empty());

  // The same in a transaction's first statement (on PostgreSQL the BEGIN
  // travels in front of it, and its characters are not in the position).
  p.write("migrations/003_three.sql",
          "-- revision: r3\n-- revises: r2\n-- message: three\n\n-- migrate:up\n"
          "SELECT\n"
          "zz,\n"
          "id\n" +
              std::string(my() ? "FRM base_t;\n" : "FROM base_t;\n") +
              "-- migrate:down\nDELETE FROM base_t;\n");
  RunResult first = p.run({"upgrade"});
  EXPECT_EQ(first.code, 1);
  EXPECT_EQ(first.err_lines().back(),
            "error: " + rel("003_three") +
                (my() ? ":9: revision r3, statement 1: You have an error in your SQL syntax; check "
                        "the manual that corresponds to your MariaDB server version for the right "
                        "syntax to use near 'base_t' at line 4 [1064]"
                      : ":7: revision r3, statement 1: column \"zz\" does not exist [42703]"));
  EXPECT_EQ(versions(), Lines{"r2"});
}

// On MariaDB DDL cannot share a transaction, so there the revisions insert
// into a table made beforehand, and a revision with DDL is refused up front.
TEST_P(ServerCli, TransactionAllFailureInThirdRevisionLeavesBase) {
  p.write_config(db().url(), "transaction = \"all\"\n");
  if (my()) {
    db().exec("CREATE TABLE t (id INTEGER)");
    p.migration("001", "r1", "", "INSERT INTO t VALUES (1);", "DELETE FROM t WHERE id = 1;");
    p.migration("002", "r2", "r1", "INSERT INTO t VALUES (2);", "DELETE FROM t WHERE id = 2;");
    p.migration("003", "r3", "r2", "INSERT INTO t VALUES (3);\nINSERT INTO t VALUES (1/0);",
                "DELETE FROM t WHERE id = 3;");
  } else {
    p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
    p.migration("002", "r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
    p.migration("003", "r3", "r2", "CREATE TABLE t3 (id INTEGER);\nSELECT 1/0;", "DROP TABLE t3;");
  }
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.code, 1);
  EXPECT_EQ(up.err_lines().back(),
            "error: " + rel("003") + ":7: revision r3, statement 2: " +
                (my() ? "Division by 0 [1365]" : "division by zero [22012]"));
  if (my()) {
    EXPECT_TRUE(db().query("SELECT * FROM t").empty());
  } else {
    EXPECT_FALSE(db().table_exists("t1"));
    EXPECT_FALSE(db().table_exists("t2"));
    EXPECT_FALSE(db().table_exists("t3"));
  }
  EXPECT_EQ(versions(), Lines{});
  EXPECT_TRUE(db().query("SELECT * FROM strata_version_history").empty());
  if (!my()) return;

  p.migration("004", "r4", "r3", "CREATE TABLE t4 (id INTEGER);", "DROP TABLE t4;");
  p.migration("003", "r3", "r2", "INSERT INTO t VALUES (3);", "DELETE FROM t WHERE id = 3;");
  RunResult ddl = p.run({"upgrade"});
  EXPECT_EQ(ddl.code, 1);
  EXPECT_EQ(
      ddl.err_lines(),
      (Lines{"error: " + rel("004") +
                 ": revision r4: transaction = \"all\" cannot run this revision: its up "
                 "section runs outside a transaction (it holds DDL, which this database "
                 "commits at once)",
             "hint: use transaction = \"per-migration\" for this run (--env or strata.toml)"}));
  EXPECT_TRUE(db().query("SELECT * FROM t").empty());
  EXPECT_FALSE(db().table_exists("t4"));
  EXPECT_EQ(versions(), Lines{});
}

TEST_P(ServerCli, DowngradeThroughIrreversibleRevisionIsRefused) {
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  p.migration("002", "r2", "r1", "CREATE TABLE t2 (id INTEGER);");
  p.migration("003", "r3", "r2", "CREATE TABLE t3 (id INTEGER);", "DROP TABLE t3;");
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  RunResult r = p.run({"downgrade", "base"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "error: " + rel("002") +
                       ": revision r2: this revision is irreversible (it has no `-- migrate:down` "
                       "section); the downgrade was refused and nothing was changed\n");
  EXPECT_TRUE(db().table_exists("t3"));
  EXPECT_EQ(versions(), Lines{"r3"});
}

TEST_P(ServerCli, BatchUpdateFinishesAllRows) {
  p.migration(
      "001", "r1", "",
      "CREATE TABLE t (id INTEGER PRIMARY KEY, done INTEGER NOT NULL DEFAULT 0);\n" +
          std::string(my() ? "INSERT INTO t (id) SELECT seq FROM seq_1_to_35;"
                           : "INSERT INTO t (id) SELECT g FROM generate_series(1, 35) AS g;"),
      "DROP TABLE t;");
  p.migration("002", "r2", "r1",
              "-- migrate:batch\n" +
                  std::string(my() ? "UPDATE t SET done = 1 WHERE done = 0 LIMIT 10;"
                                   : "UPDATE t SET done = 1 WHERE id IN (SELECT id FROM t WHERE "
                                     "done = 0 LIMIT 10);"),
              "UPDATE t SET done = 0;");
  RunResult up = p.run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_NE(up.err.find("  batch round 4: 5 rows\n  batch round 5: 0 rows\n"), std::string::npos)
      << up.err;
  EXPECT_EQ(db().query("SELECT count(*), sum(done) FROM t"), (Rows{{"35", "35"}}));
  EXPECT_EQ(versions(), Lines{"r2"});
}

TEST_P(ServerCli, NonTransactionalSectionRunsJournaled) {
  p.migration("001", "r1", "", "CREATE TABLE t (id INTEGER, email VARCHAR(100));", "DROP TABLE t;");
  p.write(
      "migrations/002.sql",
      "-- revision: r2\n-- revises: r1\n-- message: concurrent index\n\n"
      "-- migrate:up transaction:false\n" +
          std::string(my() ? "CREATE INDEX ix_t_email ON t (email) ALGORITHM=INPLACE LOCK=NONE;\n"
                           : "CREATE INDEX CONCURRENTLY ix_t_email ON t (email);\n") +
          "-- migrate:down transaction:false\n" +
          (my() ? "DROP INDEX ix_t_email ON t;\n" : "DROP INDEX CONCURRENTLY ix_t_email;\n"));
  const std::string indexes =
      my() ? "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
             "AND TABLE_NAME = 't'"
           : "SELECT indexname FROM pg_indexes WHERE tablename = 't'";
  RunResult plan = p.run({"upgrade", "--plan"});
  EXPECT_NE(plan.out.find("  upgrade   r2  concurrent index (1 statement) [no transaction, "
                          "journaled]\n"),
            std::string::npos)
      << plan.out;
  RunResult up = p.run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(db().query(indexes), (Rows{{"ix_t_email"}}));
  EXPECT_EQ(versions(), Lines{"r2"});
  EXPECT_TRUE(db().query("SELECT * FROM strata_version_journal").empty());
  ASSERT_EQ(p.run({"downgrade", "-1"}).code, 0);
  EXPECT_TRUE(db().query(indexes).empty());
}

TEST_P(ServerCli, OfflineScriptAppliesOnItsOwn) {
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  p.migration("002", "r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
  RunResult sql = p.run({"upgrade", "--sql"});
  ASSERT_EQ(sql.code, 0) << sql.err;
  EXPECT_EQ(sql.out_lines().at(0), "-- strata upgrade base:head (" + GetParam() + "), 2 revisions");
  EXPECT_TRUE(db().query(my() ? "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                                "DATABASE() AND TABLE_NAME LIKE 'strata%'"
                              : "SELECT 1 FROM pg_tables WHERE tablename LIKE 'strata%'")
                  .empty())
      << "offline mode must not touch the database";
  db().exec(sql.out);
  EXPECT_EQ(p.run({"current"}).out, "r2 (head)\n");
  EXPECT_EQ(p.run({"verify"}).code, 0);
  EXPECT_TRUE(db().table_exists("t2"));
}

TEST_P(ServerCli, EditedFileShowsInStatusAndVerify) {
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

TEST_P(ServerCli, WrongPasswordIsAClearErrorWithoutThePassword) {
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  const std::string wrong = "Wr0ng-Secret-pw";
  const std::string url = db().url_with_password(wrong);
  for (const Lines& args : {Lines{"current"}, Lines{"upgrade"}, Lines{"-v", "upgrade", "--plan"},
                            Lines{"--json", "status"}, Lines{"stamp", "head"}, Lines{"verify"}}) {
    RunResult viaflag = [&] {
      Lines a{"--url", url};
      a.insert(a.end(), args.begin(), args.end());
      return p.run(a);
    }();
    EXPECT_EQ(viaflag.code, 1) << args.back();
    EXPECT_NE(viaflag.err.find(my() ? "Access denied for user" : "password authentication failed"),
              std::string::npos)
        << viaflag.err;
    EXPECT_EQ(viaflag.err.rfind("error: cannot connect to " + GetParam() + "://", 0), 0u)
        << viaflag.err;
    EXPECT_NE(viaflag.err.find(":***@"), std::string::npos) << viaflag.err;
    expect_no_password(viaflag, wrong);
    RunResult viaenv = p.run(args, {{"DATABASE_URL", url}});
    EXPECT_EQ(viaenv.code, 1);
    EXPECT_EQ(viaenv.err, viaflag.err);
    expect_no_password(viaenv, wrong);
  }
  EXPECT_FALSE(db().table_exists("t1"));
}

TEST_P(ServerCli, UnreachableServerIsAClearErrorWithoutThePassword) {
  int port = closed_port();
  const std::string url = db().url_with_port(port);
  RunResult r = p.run({"--url", url, "upgrade"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("error: cannot connect to " + redacted(url) + ": ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(my() ? "Can't connect to server on '127.0.0.1'" : "Connection refused"),
            std::string::npos)
      << r.err;
  expect_no_password(r, db().password());
  RunResult st = p.run({"--json", "status"}, {{"DATABASE_URL", url}});
  EXPECT_EQ(st.code, 1);
  EXPECT_EQ(st.out, "");
  expect_no_password(st, db().password());
  // Offline work needs no server.
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  EXPECT_EQ(p.run({"--url", url, "upgrade", "--sql"}).code, 0);
  EXPECT_EQ(p.run({"--url", url, "history"}).code, 0);
}

TEST_P(ServerCli, PasswordGivenAsAQueryParameterIsHiddenToo) {
  int port = closed_port();
  std::string url = db().url_with_port(port);
  url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("password=QuerySecret42");
  RunResult r = p.run({"--url", url, "current"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.rfind("error: cannot connect to " + GetParam() + "://", 0), 0u) << r.err;
  expect_no_password(r, "QuerySecret42");
}

}  // namespace
}  // namespace strata::clitest
