// The PostgreSQL Connection against a real server (scripts/with-postgres.sh
// sets STRATA_TEST_PG_URL). Each test works in its own fresh database.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <regex>
#include <string>
#include <thread>

#include "common/url.hpp"
#include "dialect/postgres/postgres_dialect.hpp"
#include "integration/server_test_support.hpp"

namespace strata::detail {
namespace {

using Row = std::vector<std::optional<std::string>>;

using strata::test_support::random_suffix;

using strata::test_support::closed_port;

class PostgresConnection : public testing::Test {
 protected:
  void SetUp() override {
    const char* env = std::getenv("STRATA_TEST_PG_URL");
    if (env == nullptr || *env == '\0') GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
    auto admin_url = parse_url(env);
    ASSERT_TRUE(admin_url.has_value()) << admin_url.error().message;
    admin_url_ = *admin_url;
    auto admin = postgres_dialect().connect(admin_url_);
    ASSERT_TRUE(admin.has_value()) << admin.error().message;
    admin_ = std::move(*admin);
    db_name_ = "strata_t_" + random_suffix();
    ASSERT_TRUE(admin_->exec("CREATE DATABASE " + db_name_).has_value());
    url_ = admin_url_;
    url_.database = db_name_;
    conn_ = open();
    ASSERT_NE(conn_, nullptr);
  }

  void TearDown() override {
    conn_.reset();
    if (admin_ && !db_name_.empty()) {
      auto dropped = admin_->exec("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
      EXPECT_TRUE(dropped.has_value()) << dropped.error().message;
    }
  }

  std::unique_ptr<Connection> open() {
    auto c = postgres_dialect().connect(url_);
    EXPECT_TRUE(c.has_value()) << c.error().message;
    return c ? std::move(*c) : nullptr;
  }

  Row one_row(Connection& c, std::string_view sql, std::vector<std::optional<std::string>> p = {}) {
    auto r = c.query(sql, p);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    if (!r || r->rows.size() != 1) {
      ADD_FAILURE() << "expected one row from " << sql;
      return {};
    }
    return r->rows[0];
  }

  Error exec_error(std::string_view sql) {
    auto r = conn_->exec(sql);
    EXPECT_FALSE(r.has_value()) << sql;
    return r ? Error{} : r.error();
  }

  Url admin_url_;
  Url url_;
  std::string db_name_;
  std::unique_ptr<Connection> admin_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(PostgresConnection, ExecQueryAndExecCount) {
  ASSERT_TRUE(conn_
                  ->exec("CREATE TABLE t (id int PRIMARY KEY, name text);\n"
                         "INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, 'c');")
                  .has_value());
  auto r = conn_->query("SELECT id, name FROM t WHERE id <= $1 ORDER BY id", {"2"});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->columns, (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(r->rows, (std::vector<Row>{{"1", "a"}, {"2", std::nullopt}}));
  EXPECT_EQ(one_row(*conn_, "SELECT $1::text IS NULL, $2::text", {std::nullopt, "x'y"}),
            (Row{"t", "x'y"}));

  auto updated = conn_->exec_count("UPDATE t SET name = 'z' WHERE id > 1");
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(*updated, 2);
  auto none = conn_->exec_count("DELETE FROM t WHERE id = 42");
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(*none, 0);
  auto ddl = conn_->exec_count("CREATE INDEX ix_t_name ON t (name)");
  ASSERT_TRUE(ddl.has_value());
  EXPECT_EQ(*ddl, 0);
}

TEST_F(PostgresConnection, ServerVersionAndSessionSettings) {
  EXPECT_TRUE(std::regex_match(conn_->server_version(), std::regex(R"(PostgreSQL 15\.\d+)")))
      << conn_->server_version();
  EXPECT_EQ(one_row(*conn_, "SELECT current_setting('application_name')"), (Row{"strata"}));
  EXPECT_EQ(one_row(*conn_, "SELECT current_setting('client_min_messages')"), (Row{"warning"}));
  auto now = one_row(*conn_, "SELECT " + postgres_dialect().now_sql());
  ASSERT_TRUE(now.size() == 1 && now[0]);
  // A timestamptz, as the bookkeeping time columns are.
  EXPECT_TRUE(
      std::regex_match(*now[0], std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d)")))
      << *now[0];
}

TEST_F(PostgresConnection, UrlQueryParametersReachLibpq) {
  Url u = url_;
  u.query["application_name"] = "strata-it";
  u.query["sslmode"] = "disable";
  auto c = postgres_dialect().connect(u);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(one_row(**c, "SELECT current_setting('application_name')"), (Row{"strata-it"}));

  u.query["no_such_option"] = "1";
  auto bad = postgres_dialect().connect(u);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message,
            fmt::format("cannot connect to {}: invalid connection option \"no_such_option\"",
                        u.redacted()));
}

TEST_F(PostgresConnection, ErrorsCarrySqlstateAndLine) {
  Error missing = exec_error("SELECT 1;\nSELECT 2;\nSELECT * FROM missing_table;");
  EXPECT_EQ(missing.message, "relation \"missing_table\" does not exist");
  EXPECT_EQ(missing.sqlstate, "42P01");
  EXPECT_EQ(missing.line, 3);

  Error type = exec_error("CREATE TABLE t (\n  id int,\n  name texx\n)");
  EXPECT_EQ(type.message, "type \"texx\" does not exist");
  EXPECT_EQ(type.sqlstate, "42704");
  EXPECT_EQ(type.line, 3);

  // Positions count characters; the two-byte letters must not shift the line.
  Error syntax = exec_error("SELECT 'ééé';\nSELECT 'ü';\n\nSELEC 1;");
  EXPECT_EQ(syntax.message, "syntax error at or near \"SELEC\"");
  EXPECT_EQ(syntax.sqlstate, "42601");
  EXPECT_EQ(syntax.line, 4);

  Error hint = exec_error("SELECT no_such_function(1)");
  EXPECT_EQ(hint.message,
            "function no_such_function(integer) does not exist\nHINT: No function matches the "
            "given name and argument types. You might need to add explicit type casts.");
  EXPECT_EQ(hint.sqlstate, "42883");
  EXPECT_EQ(hint.line, 1);

  ASSERT_TRUE(conn_->exec("CREATE TABLE u (id int PRIMARY KEY); INSERT INTO u VALUES (1)"));
  Error dup = exec_error("INSERT INTO u VALUES (1)");
  EXPECT_EQ(dup.message,
            "duplicate key value violates unique constraint \"u_pkey\"\n"
            "DETAIL: Key (id)=(1) already exists.");
  EXPECT_EQ(dup.sqlstate, "23505");
  EXPECT_EQ(dup.line, 0);

  auto q = conn_->query("SELECT * FROM u WHERE\n id = $1 AND nope = 1", {"1"});
  ASSERT_FALSE(q.has_value());
  EXPECT_EQ(q.error().message, "column \"nope\" does not exist");
  EXPECT_EQ(q.error().sqlstate, "42703");
  EXPECT_EQ(q.error().line, 2);
}

TEST_F(PostgresConnection, PasswordNeverAppearsInServerErrors) {
  ASSERT_FALSE(admin_url_.password.empty());
  Error e = exec_error("SELECT * FROM \"" + admin_url_.password + "\"");
  EXPECT_EQ(e.message, "relation \"***\" does not exist");
}

TEST_F(PostgresConnection, TransactionalDdlRollsBack) {
  ASSERT_TRUE(conn_->begin().has_value());
  ASSERT_TRUE(conn_->exec("CREATE TABLE rolled (id int)").has_value());
  EXPECT_EQ(conn_->table_exists("rolled"), true);
  ASSERT_TRUE(conn_->rollback().has_value());
  EXPECT_EQ(conn_->table_exists("rolled"), false);

  ASSERT_TRUE(conn_->begin().has_value());
  ASSERT_TRUE(conn_->exec("CREATE TABLE kept (id int)").has_value());
  ASSERT_TRUE(conn_->commit().has_value());
  EXPECT_EQ(conn_->table_exists("kept"), true);
  EXPECT_EQ(conn_->table_exists("public.kept"), true);
  EXPECT_EQ(conn_->table_exists("other.kept"), false);
}

TEST_F(PostgresConnection, CommitOfAFailedTransactionIsAnError) {
  ASSERT_TRUE(conn_->begin().has_value());
  ASSERT_TRUE(conn_->exec("CREATE TABLE gone (id int)").has_value());
  exec_error("SELECT 1/0");
  auto c = conn_->commit();
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().message, "COMMIT rolled the transaction back: a statement in it had failed");
  EXPECT_FALSE(c.error().in_doubt);
  EXPECT_EQ(conn_->table_exists("gone"), false);
}

TEST_F(PostgresConnection, ConnectionLostDuringCommitIsInDoubt) {
  auto pid = one_row(*conn_, "SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.size() == 1 && pid[0]);
  ASSERT_TRUE(conn_->begin().has_value());
  ASSERT_TRUE(conn_->exec("CREATE TABLE maybe (id int)").has_value());
  ASSERT_TRUE(admin_->query("SELECT pg_terminate_backend($1::int, 5000)", {pid[0]}).has_value());
  auto c = conn_->commit();
  ASSERT_FALSE(c.has_value());
  EXPECT_TRUE(c.error().in_doubt);
  EXPECT_EQ(c.error().message.rfind("the connection was lost during COMMIT, so whether the "
                                    "transaction committed is unknown: ",
                                    0),
            0u)
      << c.error().message;
}

TEST_F(PostgresConnection, TryLockExcludesOtherSessions) {
  auto other = open();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(conn_->try_lock("strata_version"), true);
  EXPECT_EQ(other->try_lock("strata_version"), false);
  EXPECT_EQ(other->try_lock("another_table"), true);
  ASSERT_TRUE(conn_->unlock("strata_version").has_value());
  EXPECT_EQ(other->try_lock("strata_version"), true);
  EXPECT_EQ(conn_->try_lock("strata_version"), false);

  auto not_held = conn_->unlock("strata_version");
  ASSERT_FALSE(not_held.has_value());
  EXPECT_EQ(not_held.error().message,
            "cannot release the lock 'strata_version': this session does not hold it");

  // A session that ends releases its locks, as a crashed strata's would be.
  // The server ends the backend asynchronously after the client hangs up, so
  // allow it a moment.
  other.reset();
  bool got = false;
  for (int i = 0; i < 100 && !got; ++i) {
    auto r = conn_->try_lock("strata_version");
    ASSERT_TRUE(r.has_value());
    got = *r;
    if (!got) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(got);
}

TEST_F(PostgresConnection, LockHoldersAndWaitersDoNotBlockCreateIndexConcurrently) {
  ASSERT_TRUE(conn_->exec("CREATE TABLE big (id int)").has_value());
  auto waiter = open();
  ASSERT_NE(waiter, nullptr);
  EXPECT_EQ(conn_->try_lock("strata_version"), true);
  EXPECT_EQ(waiter->try_lock("strata_version"), false);
  // CONCURRENTLY waits out every open transaction: it finishes only if neither
  // the holder nor the waiter keeps one open.
  ASSERT_TRUE(conn_->exec("SET statement_timeout = '5s'").has_value());
  auto r = conn_->exec("CREATE INDEX CONCURRENTLY ix_big_id ON big (id)");
  EXPECT_TRUE(r.has_value()) << r.error().message;
}

TEST_F(PostgresConnection, LockTimeoutBoundsTheWait) {
  ASSERT_TRUE(conn_->exec("CREATE TABLE busy (id int)").has_value());
  auto holder = open();
  ASSERT_NE(holder, nullptr);
  ASSERT_TRUE(holder->begin().has_value());
  ASSERT_TRUE(holder->exec("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE").has_value());

  ASSERT_TRUE(conn_->set_lock_timeout(200).has_value());
  EXPECT_EQ(one_row(*conn_, "SELECT current_setting('lock_timeout')"), (Row{"200ms"}));
  auto start = std::chrono::steady_clock::now();
  Error e = exec_error("ALTER TABLE busy ADD COLUMN extra int");
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(e.sqlstate, "55P03");
  EXPECT_EQ(e.message, "canceling statement due to lock timeout");
  EXPECT_GE(waited, std::chrono::milliseconds(150));
  EXPECT_LT(waited, std::chrono::milliseconds(1000));
  ASSERT_TRUE(holder->rollback().has_value());

  ASSERT_TRUE(conn_->set_lock_timeout(0).has_value());
  EXPECT_EQ(one_row(*conn_, "SELECT current_setting('lock_timeout')"), (Row{"0"}));
}

TEST_F(PostgresConnection, WrongPasswordIsAClearErrorWithoutThePassword) {
  Url u = url_;
  u.password = "Wr0ng-Secret-Pw";
  auto c = postgres_dialect().connect(u);
  ASSERT_FALSE(c.has_value());
  const std::string& m = c.error().message;
  std::string prefix = fmt::format(
      "cannot connect to postgresql://{}:***@127.0.0.1:{}/{}: ", u.user, u.port, db_name_);
  EXPECT_EQ(m.rfind(prefix, 0), 0u) << m;
  EXPECT_NE(m.find("password authentication failed for user \"" + u.user + "\""), std::string::npos)
      << m;
  EXPECT_EQ(m.find("Wr0ng-Secret-Pw"), std::string::npos) << m;
  EXPECT_EQ(m.find(admin_url_.password), std::string::npos) << m;
}

TEST_F(PostgresConnection, UnreachableServerIsAClearErrorWithoutThePassword) {
  Url u = url_;
  u.port = closed_port();
  auto c = postgres_dialect().connect(u);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().message,
            fmt::format("cannot connect to postgresql://{}:***@127.0.0.1:{}/{}: connection to "
                        "server at \"127.0.0.1\", port {} failed: Connection refused Is the "
                        "server running on that host and accepting TCP/IP connections?",
                        u.user, u.port, db_name_, u.port));
  EXPECT_EQ(c.error().message.find(u.password), std::string::npos);
}

TEST_F(PostgresConnection, QuotingRoundTrips) {
  const Dialect& d = postgres_dialect();
  for (std::string value :
       {"plain", "it's", "a\\b", "ends with \\", "\\'; DROP TABLE x; --", "ünïcode"}) {
    EXPECT_EQ(one_row(*conn_, "SELECT " + d.quote_literal(value)), (Row{value})) << value;
  }
  ASSERT_TRUE(conn_->exec("SET standard_conforming_strings = off").has_value());
  EXPECT_EQ(one_row(*conn_, "SELECT " + d.quote_literal("a\\'b")), (Row{"a\\'b"}));
  ASSERT_TRUE(conn_->exec("SET standard_conforming_strings = on").has_value());

  std::string odd = "We\"ird; Name";
  ASSERT_TRUE(
      conn_->exec("CREATE TABLE " + d.quote_ident(odd) + " (" + d.quote_ident("select") + " int)")
          .has_value());
  EXPECT_EQ(conn_->table_exists(odd), true);
  EXPECT_EQ(conn_->table_exists("we\"ird; name"), false);
}

TEST_F(PostgresConnection, BookkeepingDdlIsIdempotent) {
  const Dialect& d = postgres_dialect();
  for (int round = 0; round < 2; ++round) {
    for (const auto& stmt : d.bookkeeping_ddl("strata_version")) {
      auto r = conn_->exec(stmt);
      ASSERT_TRUE(r.has_value()) << r.error().message;
    }
  }
  EXPECT_EQ(conn_->table_exists("strata_version"), true);
  EXPECT_EQ(conn_->table_exists("strata_version_history"), true);
  EXPECT_EQ(conn_->table_exists("strata_version_journal"), true);

  ASSERT_TRUE(conn_->exec("INSERT INTO strata_version VALUES ('" + std::string(255, 'a') + "')"));
  Error dup = exec_error("INSERT INTO strata_version VALUES ('" + std::string(255, 'a') + "')");
  EXPECT_EQ(dup.sqlstate, "23505");
  ASSERT_TRUE(
      conn_->exec("INSERT INTO strata_version_history (revision, direction) "
                  "VALUES ('r1', 'up'), ('r1', 'down')"));
  EXPECT_EQ(one_row(*conn_,
                    "SELECT string_agg(id::text, ',' ORDER BY id), bool_and(started_at <= now()) "
                    "FROM strata_version_history"),
            (Row{"1,2", "t"}));
  ASSERT_TRUE(
      conn_->exec("INSERT INTO strata_version_journal (revision, direction, "
                  "statement_index, statement_count, state) VALUES ('r1', 'up', 0, 3, "
                  "'running')"));
  EXPECT_EQ(exec_error("INSERT INTO strata_version_journal (revision, direction, statement_index, "
                       "statement_count, state) VALUES ('r1', 'up', 1, 3, 'running')")
                .sqlstate,
            "23505");

  auto cols = conn_->query(
      "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
      "information_schema.columns WHERE table_name = $1",
      {"strata_version_history"});
  ASSERT_TRUE(cols.has_value());
  EXPECT_EQ(cols->rows[0][0],
            "id,revision,direction,checksum,started_at,duration_ms,applied_by,"
            "hostname,strata_version,message");
}

TEST_F(PostgresConnection, SchemaQualifiedVersionTable) {
  ASSERT_TRUE(conn_->exec("CREATE SCHEMA ops").has_value());
  for (int round = 0; round < 2; ++round) {
    for (const auto& stmt : postgres_dialect().bookkeeping_ddl("ops.strata_version")) {
      auto r = conn_->exec(stmt);
      ASSERT_TRUE(r.has_value()) << r.error().message;
    }
  }
  EXPECT_EQ(conn_->table_exists("ops.strata_version"), true);
  EXPECT_EQ(conn_->table_exists("ops.strata_version_history"), true);
  EXPECT_EQ(conn_->table_exists("ops.strata_version_journal"), true);
  EXPECT_EQ(conn_->table_exists("strata_version"), false);
  EXPECT_EQ(one_row(*conn_,
                    "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM "
                    "information_schema.tables WHERE table_schema = 'ops'"),
            (Row{"strata_version,strata_version_history,strata_version_journal"}));
}

}  // namespace
}  // namespace strata::detail
