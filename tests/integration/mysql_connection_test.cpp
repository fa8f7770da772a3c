// The MySQL/MariaDB Connection against a real server (scripts/with-postgres.sh
// starts a private MariaDB and sets STRATA_TEST_MYSQL_URL). Each test works in
// its own fresh database.
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
#include "dialect/mysql/mysql_dialect.hpp"
#include "integration/server_test_support.hpp"

namespace strata::detail {
namespace {

using Row = std::vector<std::optional<std::string>>;
using Clock = std::chrono::steady_clock;

using strata::test_support::random_suffix;

using strata::test_support::closed_port;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

class MysqlConnection : public testing::Test {
 protected:
  void SetUp() override {
    const char* env = std::getenv("STRATA_TEST_MYSQL_URL");
    if (env == nullptr || *env == '\0') GTEST_SKIP() << "STRATA_TEST_MYSQL_URL is not set";
    auto admin_url = parse_url(env);
    ASSERT_TRUE(admin_url.has_value()) << admin_url.error().message;
    admin_url_ = *admin_url;
    auto admin = mysql_dialect().connect(admin_url_);
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
      auto dropped = admin_->exec("DROP DATABASE IF EXISTS " + db_name_);
      EXPECT_TRUE(dropped.has_value()) << dropped.error().message;
    }
  }

  std::unique_ptr<Connection> open(const Url* url = nullptr) {
    auto c = mysql_dialect().connect(url ? *url : url_);
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

  Error exec_error(Connection& c, std::string_view sql) {
    auto r = c.exec(sql);
    EXPECT_FALSE(r.has_value()) << sql;
    return r ? Error{} : r.error();
  }

  Url admin_url_;
  Url url_;
  std::string db_name_;
  std::unique_ptr<Connection> admin_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(MysqlConnection, ExecQueryAndExecCount) {
  ASSERT_TRUE(conn_
                  ->exec("CREATE TABLE t (id int PRIMARY KEY, name text);\n"
                         "INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, 'c');")
                  .has_value());
  auto r = conn_->query("SELECT id, name FROM t WHERE id <= ? ORDER BY id", {"2"});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->columns, (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(r->rows, (std::vector<Row>{{"1", "a"}, {"2", std::nullopt}}));
  // NULL, quotes and backslashes travel intact; a '?' in a string, a comment
  // or an identifier is not a placeholder.
  EXPECT_EQ(one_row(*conn_, "SELECT ? IS NULL, ?, '?', `?` FROM (SELECT 1 AS `?`) s /* ? */ -- ?\n",
                    {std::nullopt, "x'y\\z;\"`"}),
            (Row{"1", "x'y\\z;\"`", "?", "1"}));
  auto mismatch = conn_->query("SELECT ?, ?", {"1"});
  ASSERT_FALSE(mismatch.has_value());
  EXPECT_EQ(mismatch.error().message,
            "the statement has 2 `?` placeholders but 1 parameter were given");

  auto updated = conn_->exec_count("UPDATE t SET name = 'z' WHERE id > 1");
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(*updated, 2);
  auto none = conn_->exec_count("DELETE FROM t WHERE id = 42");
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(*none, 0);
  auto ddl = conn_->exec_count("CREATE INDEX ix_t_id ON t (id)");
  ASSERT_TRUE(ddl.has_value());
  EXPECT_EQ(*ddl, 0);
}

TEST_F(MysqlConnection, ServerVersionAndSession) {
  EXPECT_TRUE(std::regex_match(conn_->server_version(), std::regex(R"(MariaDB 10\.11\.\d+)")))
      << conn_->server_version();
  EXPECT_EQ(one_row(*conn_, "SELECT @@character_set_client, @@character_set_results, @@autocommit"),
            (Row{"utf8mb4", "utf8mb4", "1"}));
  EXPECT_EQ(one_row(*conn_, "SELECT DATABASE()"), (Row{db_name_}));
  auto now = one_row(*conn_, "SELECT " + mysql_dialect().now_sql());
  ASSERT_TRUE(now.size() == 1 && now[0]);
  EXPECT_TRUE(std::regex_match(*now[0], std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << *now[0];
  // 4-byte UTF-8 round-trips.
  EXPECT_EQ(one_row(*conn_, "SELECT ?", {"caf\xc3\xa9 \xf0\x9f\x90\xac"}),
            (Row{"caf\xc3\xa9 \xf0\x9f\x90\xac"}));
}

TEST_F(MysqlConnection, ErrorsCarryTheNumberTheMessageAndTheLine) {
  Error e = exec_error(*conn_, "SELECT * FROM missing_table");
  EXPECT_EQ(e.sqlstate, "1146");
  EXPECT_EQ(e.message, fmt::format("Table '{}.missing_table' doesn't exist", db_name_));
  e = exec_error(*conn_, "SELECT 1,\n  2\nFROM dual\nWHERE WHERE");
  EXPECT_EQ(e.sqlstate, "1064");
  EXPECT_EQ(e.message,
            "You have an error in your SQL syntax; check the manual that corresponds to your "
            "MariaDB server version for the right syntax to use near 'WHERE' at line 4");
  EXPECT_EQ(e.line, 4);
  // A script stops at its first failing statement and the session stays usable.
  ASSERT_TRUE(conn_->exec("CREATE TABLE t (id int)").has_value());
  e = exec_error(*conn_,
                 "INSERT INTO t VALUES (1); INSERT INTO nope VALUES (2); INSERT INTO t VALUES (3)");
  EXPECT_EQ(e.sqlstate, "1146");
  auto ids = conn_->query("SELECT GROUP_CONCAT(id ORDER BY id) FROM t");
  ASSERT_TRUE(ids.has_value()) << ids.error().message;
  EXPECT_EQ(ids->rows, (std::vector<Row>{{"1"}}));
}

TEST_F(MysqlConnection, NoPasswordInConnectErrors) {
  Url wrong = url_;
  wrong.password = "Wr0ng-s3cret-pw";
  auto c = mysql_dialect().connect(wrong);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().message,
            fmt::format("cannot connect to mysql://strata:***@127.0.0.1:{}/{}: Access denied for "
                        "user 'strata'@'127.0.0.1' (using password: YES)",
                        url_.port, db_name_));
  EXPECT_EQ(c.error().sqlstate, "1045");

  Url closed = url_;
  closed.port = closed_port();
  auto t0 = Clock::now();
  auto d = mysql_dialect().connect(closed);
  ASSERT_FALSE(d.has_value());
  EXPECT_LT(ms_since(t0), 5000.0);
  EXPECT_EQ(d.error().message.find(url_.password), std::string::npos) << d.error().message;
  EXPECT_TRUE(d.error().message.starts_with(fmt::format(
      "cannot connect to mysql://strata:***@127.0.0.1:{}/{}: Can't connect to server on "
      "'127.0.0.1'",
      closed.port, db_name_)))
      << d.error().message;
  EXPECT_EQ(d.error().sqlstate, "2002");

  // A password the server echoes back (it is also the user name) is masked too.
  Url echoed = url_;
  echoed.user = "pw-" + random_suffix();
  echoed.password = echoed.user;
  auto e = mysql_dialect().connect(echoed);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().message.find(echoed.password), std::string::npos) << e.error().message;
  EXPECT_NE(e.error().message.find("Access denied for user '***'@'127.0.0.1'"), std::string::npos)
      << e.error().message;
}

TEST_F(MysqlConnection, GetLockRefusesASecondSessionAtOnce) {
  auto other = open();
  ASSERT_NE(other, nullptr);
  auto got = conn_->try_lock("strata:strata_version");
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_TRUE(*got);
  auto t0 = Clock::now();
  auto refused = other->try_lock("strata:strata_version");
  ASSERT_TRUE(refused.has_value()) << refused.error().message;
  EXPECT_FALSE(*refused);
  EXPECT_LT(ms_since(t0), 500.0);
  // The server sees the per-database name.
  EXPECT_EQ(
      one_row(*other, "SELECT IS_USED_LOCK(?) IS NOT NULL", {"strata:strata_version@" + db_name_}),
      (Row{"1"}));

  // The same key in another database is another lock.
  Url elsewhere = admin_url_;
  auto third = open(&elsewhere);
  ASSERT_NE(third, nullptr);
  auto free_there = third->try_lock("strata:strata_version");
  ASSERT_TRUE(free_there.has_value());
  EXPECT_TRUE(*free_there);
  EXPECT_TRUE(third->unlock("strata:strata_version").has_value());

  ASSERT_TRUE(conn_->unlock("strata:strata_version").has_value());
  auto now_free = other->try_lock("strata:strata_version");
  ASSERT_TRUE(now_free.has_value());
  EXPECT_TRUE(*now_free);
  ASSERT_TRUE(other->unlock("strata:strata_version").has_value());
  auto again = other->unlock("strata:strata_version");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().message,
            "cannot release the lock 'strata:strata_version': this session does not hold it");

  // A session that ends releases its lock.
  ASSERT_TRUE(*conn_->try_lock("k2"));
  conn_.reset();
  // The server frees a closed session's locks on its own thread, shortly after
  // the client returns from mysql_close: poll as the runner does.
  bool after_close = false;
  auto t_close = std::chrono::steady_clock::now();
  while (!after_close && ms_since(t_close) < 5000.0) {
    auto got = other->try_lock("k2");
    ASSERT_TRUE(got.has_value()) << got.error().message;
    after_close = *got;
    if (!after_close) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(after_close);
}

TEST_F(MysqlConnection, BookkeepingDdlCreatesTheThreeTables) {
  for (int round = 0; round < 2; ++round) {  // IF NOT EXISTS: a second run is a no-op
    for (const auto& ddl : mysql_dialect().bookkeeping_ddl("strata_version")) {
      auto st = conn_->exec(ddl);
      ASSERT_TRUE(st.has_value()) << st.error().message;
    }
  }
  for (const char* t : {"strata_version", "strata_version_history", "strata_version_journal"}) {
    auto present = conn_->table_exists(t);
    ASSERT_TRUE(present.has_value()) << present.error().message;
    EXPECT_TRUE(*present) << t;
  }
  EXPECT_FALSE(*conn_->table_exists("STRATA_VERSION"));  // names are case-sensitive
  EXPECT_FALSE(*conn_->table_exists("strata_versio"));
  EXPECT_TRUE(*conn_->table_exists(db_name_ + ".strata_version"));
  EXPECT_FALSE(*conn_->table_exists("mysql.strata_version"));  // another database
  auto engines = conn_->query(
      "SELECT GROUP_CONCAT(DISTINCT engine), GROUP_CONCAT(DISTINCT table_collation) "
      "FROM information_schema.tables WHERE table_schema = DATABASE()");
  ASSERT_TRUE(engines.has_value());
  EXPECT_EQ(engines->rows, (std::vector<Row>{{"InnoDB", "utf8mb4_bin"}}));

  // The history takes the runner's time format.
  ASSERT_TRUE(conn_
                  ->exec("INSERT INTO strata_version_history (revision, direction, started_at) "
                         "VALUES ('a1', 'up', '2024-05-01T12:00:00.123Z'), ('a2', 'up', " +
                         mysql_dialect().now_sql() + ")")
                  .has_value());
  auto rows = conn_->query("SELECT id, started_at FROM strata_version_history ORDER BY id");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->rows.size(), 2u);
  EXPECT_EQ(rows->rows[0], (Row{"1", "2024-05-01T12:00:00.123Z"}));
  EXPECT_TRUE(
      std::regex_match(*rows->rows[1][1], std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
}

TEST_F(MysqlConnection, TransactionsAndCommitWith) {
  ASSERT_TRUE(conn_->exec("CREATE TABLE t (id int PRIMARY KEY) ENGINE=InnoDB").has_value());
  ASSERT_TRUE(conn_->begin().has_value());
  ASSERT_TRUE(conn_->exec("INSERT INTO t VALUES (1)").has_value());
  ASSERT_TRUE(conn_->rollback().has_value());
  EXPECT_EQ(one_row(*conn_, "SELECT COUNT(*) FROM t"), (Row{"0"}));

  auto reader = open();
  ASSERT_TRUE(conn_->begin().has_value());
  ASSERT_TRUE(conn_->exec("INSERT INTO t VALUES (1)").has_value());
  EXPECT_EQ(one_row(*reader, "SELECT COUNT(*) FROM t"), (Row{"0"}));  // not yet committed
  auto st = conn_->commit_with("INSERT INTO t VALUES (2);\nUPDATE t SET id = 3 WHERE id = 2;\n");
  ASSERT_TRUE(st.has_value()) << st.error().message;
  EXPECT_EQ(one_row(*reader, "SELECT GROUP_CONCAT(id ORDER BY id) FROM t"), (Row{"1,3"}));

  // A failing bookkeeping statement skips the COMMIT; the caller rolls back.
  ASSERT_TRUE(conn_->begin().has_value());
  ASSERT_TRUE(conn_->exec("INSERT INTO t VALUES (4)").has_value());
  auto bad = conn_->commit_with("INSERT INTO t VALUES (5); INSERT INTO t VALUES (1);");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().sqlstate, "1062");
  EXPECT_FALSE(bad.error().in_doubt);
  ASSERT_TRUE(conn_->rollback().has_value());
  EXPECT_EQ(one_row(*reader, "SELECT GROUP_CONCAT(id ORDER BY id) FROM t"), (Row{"1,3"}));
}

TEST_F(MysqlConnection, LockTimeoutCancelsRowAndMetadataLockWaits) {
  ASSERT_TRUE(conn_->exec("CREATE TABLE t (id int PRIMARY KEY, v int) ENGINE=InnoDB").has_value());
  ASSERT_TRUE(conn_->exec("INSERT INTO t VALUES (1, 0)").has_value());
  auto waiter = open();
  ASSERT_TRUE(waiter->set_lock_timeout(300).has_value());  // rounds up to 1 s
  EXPECT_EQ(one_row(*waiter, "SELECT @@lock_wait_timeout, @@innodb_lock_wait_timeout"),
            (Row{"1", "1"}));

  // A row lock held by an open transaction.
  ASSERT_TRUE(conn_->begin().has_value());
  ASSERT_TRUE(conn_->exec("UPDATE t SET v = 1 WHERE id = 1").has_value());
  auto t0 = Clock::now();
  Error e = exec_error(*waiter, "UPDATE t SET v = 2 WHERE id = 1");
  double waited = ms_since(t0);
  EXPECT_EQ(e.sqlstate, "1205");
  EXPECT_EQ(e.message, "Lock wait timeout exceeded; try restarting transaction");
  EXPECT_TRUE(mysql_dialect().is_lock_timeout(e));
  EXPECT_GE(waited, 900.0);
  EXPECT_LT(waited, 3000.0);
  ASSERT_TRUE(conn_->rollback().has_value());

  // A metadata lock: ALTER behind a transaction that read the table.
  ASSERT_TRUE(conn_->begin().has_value());
  ASSERT_TRUE(conn_->query("SELECT * FROM t").has_value());
  t0 = Clock::now();
  e = exec_error(*waiter, "ALTER TABLE t ADD COLUMN w int");
  waited = ms_since(t0);
  EXPECT_EQ(e.sqlstate, "1205");
  EXPECT_TRUE(mysql_dialect().is_lock_timeout(e));
  EXPECT_LT(waited, 3000.0);
  ASSERT_TRUE(conn_->rollback().has_value());

  ASSERT_TRUE(waiter->set_lock_timeout(0).has_value());
  auto defaults =
      admin_->query("SELECT @@global.lock_wait_timeout, @@global.innodb_lock_wait_timeout");
  ASSERT_TRUE(defaults.has_value());
  EXPECT_EQ(one_row(*waiter, "SELECT @@lock_wait_timeout, @@innodb_lock_wait_timeout"),
            defaults->rows[0]);
}

TEST_F(MysqlConnection, StatementTimeout) {
  ASSERT_TRUE(conn_->set_statement_timeout(200).has_value());
  EXPECT_EQ(one_row(*conn_, "SELECT @@max_statement_time"), (Row{"0.200000"}));
  auto t0 = Clock::now();
  Error e = exec_error(*conn_, "SELECT SLEEP(5)");
  EXPECT_LT(ms_since(t0), 2000.0);
  EXPECT_EQ(e.sqlstate, "1969");
  EXPECT_EQ(e.message, "Query execution was interrupted (max_statement_time exceeded)");
  auto q = conn_->query("SELECT SLEEP(5)");
  ASSERT_FALSE(q.has_value());
  EXPECT_EQ(q.error().sqlstate, "1969");
  ASSERT_TRUE(conn_->set_statement_timeout(0).has_value());
  EXPECT_EQ(one_row(*conn_, "SELECT @@max_statement_time"), (Row{"0.000000"}));
}

TEST_F(MysqlConnection, UnixSocketAndSslModes) {
  const char* socket = std::getenv("STRATA_TEST_MYSQL_SOCKET");
  if (socket != nullptr && *socket != '\0') {
    Url over_socket = url_;
    over_socket.host = "localhost";
    over_socket.port = 0;
    over_socket.query["unix_socket"] = socket;
    auto c = open(&over_socket);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(one_row(*c, "SELECT CURRENT_USER()"), (Row{"strata@localhost"}));
  }
  // The test server has no TLS: DISABLED and PREFERRED connect in plain text,
  // REQUIRED and VERIFY_IDENTITY refuse.
  for (const char* mode : {"DISABLED", "PREFERRED"}) {
    Url u = url_;
    u.query["ssl-mode"] = mode;
    auto c = open(&u);
    ASSERT_NE(c, nullptr) << mode;
    EXPECT_EQ(one_row(*c, "SHOW SESSION STATUS LIKE 'Ssl_cipher'"), (Row{"Ssl_cipher", ""}));
  }
  Url required = url_;
  required.query["ssl-mode"] = "REQUIRED";
  auto r = mysql_dialect().connect(required);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(
      r.error().message,
      fmt::format("cannot connect to {}: ssl-mode=REQUIRED, but the server does not offer TLS",
                  required.redacted()));
  Url verify = url_;
  verify.query["ssl-mode"] = "VERIFY_IDENTITY";
  auto v = mysql_dialect().connect(verify);
  ASSERT_FALSE(v.has_value());
  EXPECT_TRUE(
      v.error().message.starts_with(fmt::format("cannot connect to {}: ", verify.redacted())))
      << v.error().message;
  EXPECT_EQ(v.error().message.find(url_.password), std::string::npos);
}

}  // namespace
}  // namespace strata::detail
