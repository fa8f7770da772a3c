// Tests of the SQLite dialect: statement splitting (checked against a naive
// sqlite3_complete reference), quoting and bookkeeping DDL, and connections on
// real temporary files: errors with lines, parameters, transactions, waiting
// for another writer, and the flock()ed migration lock across processes.
#include "dialect/sqlite/sqlite_dialect.hpp"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "dialect/sqlite/sqlite_connection.hpp"
#include "dialect/sqlite/sqlite_text.hpp"

namespace strata::detail {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;
using ::testing::ElementsAre;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/strata-sqlite-XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (made == nullptr) std::abort();
    path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::vector<std::string> texts(const std::vector<StatementText>& statements) {
  std::vector<std::string> out;
  for (const auto& s : statements) out.push_back(s.sql);
  return out;
}

std::vector<std::string> split_ok(std::string_view sql) {
  auto r = split_sqlite(sql);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? texts(*r) : std::vector<std::string>{};
}

std::unique_ptr<SqliteConnection> open_ok(const std::string& path) {
  auto c = SqliteConnection::open(path);
  if (!c) ADD_FAILURE() << c.error().message;
  return c ? std::move(*c) : nullptr;
}

std::string scalar(Connection& c, std::string_view sql) {
  auto r = c.query(sql);
  if (!r) return "error: " + r.error().message;
  if (r->rows.size() != 1 || r->rows[0].size() != 1) return "shape";
  return r->rows[0][0].value_or("NULL");
}

long elapsed_ms(Clock::time_point since) {
  return static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - since).count());
}

// ---------------------------------------------------------------- splitting

TEST(SqliteSplit, SplitsOnSemicolonsAndRecordsOffsets) {
  const std::string sql = "CREATE TABLE a (x);\nINSERT INTO a VALUES (1);\n";
  auto r = split_sqlite(sql);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].sql, "CREATE TABLE a (x)");
  EXPECT_EQ((*r)[0].offset, 0u);
  EXPECT_EQ((*r)[1].sql, "INSERT INTO a VALUES (1)");
  EXPECT_EQ((*r)[1].offset, 20u);
}

TEST(SqliteSplit, SemicolonsInsideStringsStay) {
  EXPECT_THAT(split_ok("INSERT INTO t VALUES ('a;b', 'it''s; ok');\nSELECT ';';"),
              ElementsAre("INSERT INTO t VALUES ('a;b', 'it''s; ok')", "SELECT ';'"));
}

TEST(SqliteSplit, SemicolonsInsideCommentsAreIgnoredAndCommentsTrimmed) {
  const std::string sql =
      "-- lead; comment\n"
      "SELECT 1; -- trailing; here\n"
      "/* block; ; */ SELECT /* in; */ 2 /* after; */ ;\n"
      "-- last; words";
  auto r = split_sqlite(sql);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].sql, "SELECT 1");
  EXPECT_EQ((*r)[0].offset, sql.find("SELECT 1"));
  EXPECT_EQ((*r)[1].sql, "SELECT /* in; */ 2");
  EXPECT_EQ((*r)[1].offset, sql.find("SELECT /*"));
}

TEST(SqliteSplit, QuotedIdentifiersMayHoldSemicolons) {
  EXPECT_THAT(
      split_ok("CREATE TABLE \"we;ird\" ([a;b] INT, `c;d` INT, \"e\"\";\" INT);SELECT 1"),
      ElementsAre("CREATE TABLE \"we;ird\" ([a;b] INT, `c;d` INT, \"e\"\";\" INT)", "SELECT 1"));
}

TEST(SqliteSplit, TriggerBodyStaysOneStatement) {
  const std::string trigger =
      "CREATE TRIGGER tr AFTER INSERT ON t\n"
      "BEGIN\n"
      "  UPDATE t SET b = CASE WHEN new.a > 0 THEN 'pos;' ELSE 'neg' END WHERE rowid = new.rowid;\n"
      "  INSERT INTO log VALUES (new.a); -- note; here\n"
      "  SELECT t.end FROM t;\n"
      "END";
  const std::string sql = "CREATE TABLE t (a INTEGER, b TEXT);\n" + trigger + ";\nSELECT 1;";
  auto r = split_sqlite(sql);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].sql, trigger);
  EXPECT_EQ((*r)[1].offset, sql.find("CREATE TRIGGER"));
  EXPECT_EQ((*r)[2].sql, "SELECT 1");
}

TEST(SqliteSplit, TempTriggerAndSpacedEnd) {
  EXPECT_THAT(
      split_ok("create temp trigger x before delete on t begin select 1; ; end /* c */ ;"
               "select 2"),
      ElementsAre("create temp trigger x before delete on t begin select 1; ; end", "select 2"));
}

TEST(SqliteSplit, CaseEndOutsideTriggerEndsAtSemicolon) {
  EXPECT_THAT(split_ok("SELECT CASE WHEN 1 THEN 'x' END;\nSELECT 2;"),
              ElementsAre("SELECT CASE WHEN 1 THEN 'x' END", "SELECT 2"));
}

TEST(SqliteSplit, FinalStatementNeedsNoSemicolon) {
  EXPECT_THAT(split_ok("SELECT 1;\nSELECT 2\n  -- trailing comment"),
              ElementsAre("SELECT 1", "SELECT 2"));
  EXPECT_THAT(split_ok("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END"),
              ElementsAre("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END"));
}

TEST(SqliteSplit, EmptyAndCommentOnlyStatementsAreSkipped) {
  EXPECT_THAT(split_ok(";;\n-- only a comment;\n/* c */;\n  \t\r\n"), ElementsAre());
  EXPECT_THAT(split_ok(""), ElementsAre());
  EXPECT_THAT(split_ok("SELECT 1;\r\n;\r\nSELECT 2;\r\n"), ElementsAre("SELECT 1", "SELECT 2"));
}

TEST(SqliteSplit, OffsetsPointAtFirstSignificantCharacter) {
  const std::string sql = "\n\n  -- c\n  SELECT 1;\n\n/* x */ SELECT\n 2;";
  auto r = split_sqlite(sql);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].offset, 11u);
  EXPECT_EQ(sqlite_text::line_at(sql, (*r)[0].offset), 4);
  EXPECT_EQ((*r)[1].sql, "SELECT\n 2");
  EXPECT_EQ(sqlite_text::line_at(sql, (*r)[1].offset), 6);
}

void expect_split_error(std::string_view sql, int line, const std::string& message) {
  auto r = split_sqlite(sql);
  ASSERT_FALSE(r) << sql;
  EXPECT_EQ(r.error().line, line) << sql;
  EXPECT_EQ(r.error().message, message) << sql;
}

TEST(SqliteSplit, UnterminatedTextIsAnErrorAtTheStatementsLine) {
  expect_split_error("SELECT 1;\nINSERT INTO t\nVALUES ('x);\nSELECT 2;", 2,
                     "unterminated string literal: a ' is never closed");
  expect_split_error("SELECT 1;\n\n/* never closed; SELECT 2;", 3, "unterminated /* comment");
  expect_split_error("SELECT 1;\nSELECT 2 /* open", 2, "unterminated /* comment");
  expect_split_error("SELECT \"abc;", 1, "unterminated quoted identifier");
  expect_split_error("SELECT [abc;", 1, "unterminated quoted identifier");
  expect_split_error("SELECT 1;\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  SELECT 1;\n", 2,
                     "unterminated CREATE TRIGGER: no END; closes its BEGIN");
  expect_split_error("\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1", 2,
                     "unterminated CREATE TRIGGER: no END; closes its BEGIN");
}

TEST(SqliteSplit, SplitStatementsRunAndTheTriggerFires) {
  auto r = split_sqlite(
      "CREATE TABLE t (a INTEGER);\n"
      "CREATE TABLE log (msg TEXT);\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
      "  INSERT INTO log VALUES ('a;' || new.a);\n"
      "  INSERT INTO log VALUES ('b' || new.a);\n"
      "END;\n"
      "INSERT INTO t VALUES (7)");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 4u);
  auto c = open_ok(":memory:");
  for (const auto& s : *r) ASSERT_TRUE(c->exec(s.sql)) << s.sql;
  EXPECT_EQ(scalar(*c, "SELECT group_concat(msg, ',') FROM log"), "a;7,b7");
}

// A naive splitter straight from sqlite3_complete's contract: cut at every
// `;` where the text since the last cut is complete. Quadratic, fine here.
struct Cuts {
  std::vector<size_t> at;  // positions of the terminating `;`s of real statements
  bool trailing = false;   // significant text after the last cut
};

Cuts reference_cuts(const std::string& sql) {
  Cuts cuts;
  size_t seg = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != ';') continue;
    const std::string part = sql.substr(seg, i + 1 - seg);
    if (!sqlite3_complete(part.c_str())) continue;
    if (sqlite_text::skip_insignificant(sql.substr(0, i), seg) < i) cuts.at.push_back(i);
    seg = i + 1;
  }
  cuts.trailing = sqlite_text::skip_insignificant(sql, seg) < sql.size();
  return cuts;
}

TEST(SqliteSplit, AgreesWithNaiveSqliteCompleteOnRandomScripts) {
  const std::vector<std::string> pieces = {"SELECT 1",
                                           " 'a;b'",
                                           " \"x;y\"",
                                           " [p;q]",
                                           " `r;s`",
                                           " -- c;\n",
                                           " /* d; */",
                                           ";",
                                           " CREATE TRIGGER tr AFTER INSERT ON t BEGIN",
                                           " END",
                                           " end",
                                           " CASE WHEN 1 THEN 2 END",
                                           " ",
                                           "\n",
                                           " x.end",
                                           " CREATE TEMP TRIGGER",
                                           " EXPLAIN",
                                           " create",
                                           " trigger",
                                           " begin",
                                           "'it''s'",
                                           " $end",
                                           " end2"};
  std::mt19937 rng(12345);
  int compared = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string sql;
    const int count = 1 + static_cast<int>(rng() % 14);
    for (int k = 0; k < count; ++k) sql += pieces[rng() % pieces.size()];
    const Cuts want = reference_cuts(sql);
    auto got = split_sqlite(sql);
    if (!got) {
      // Only an unfinished trigger may fail, and then SQLite agrees the rest
      // is incomplete even with a `;` added.
      ASSERT_TRUE(want.trailing) << sql;
      continue;
    }
    Cuts mine;
    for (const auto& s : *got) {
      const size_t after = sqlite_text::skip_insignificant(sql, s.offset + s.sql.size());
      if (after < sql.size() && sql[after] == ';') {
        mine.at.push_back(after);
      } else {
        mine.trailing = true;
      }
    }
    ASSERT_EQ(mine.at, want.at) << sql;
    ASSERT_EQ(mine.trailing, want.trailing) << sql;
    ++compared;
  }
  EXPECT_GT(compared, 2000);
}

TEST(SqliteSplit, LinearOnHugeScriptsAndTriggers) {
  std::string trigger = "CREATE TRIGGER big AFTER INSERT ON t BEGIN\n";
  for (int i = 0; i < 20000; ++i)
    trigger += "  INSERT INTO log VALUES (" + std::to_string(i) + ");\n";
  trigger += "END;\n";
  std::string script;
  for (int i = 0; i < 50000; ++i)
    script += "INSERT INTO t VALUES ('row;" + std::to_string(i) + "');\n";
  const auto t0 = Clock::now();
  auto a = split_sqlite(trigger);
  auto b = split_sqlite(script);
  const long ms = elapsed_ms(t0);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->size(), 1u);
  EXPECT_EQ(b->size(), 50000u);
  EXPECT_LT(ms, 2000);
}

// ------------------------------------------------------------ dialect strings

TEST(SqliteDialect, TraitsQuotingAndNow) {
  const Dialect& d = sqlite_dialect();
  EXPECT_EQ(d.traits().name, "sqlite");
  EXPECT_TRUE(d.traits().transactional_ddl);
  EXPECT_FALSE(d.traits().has_lock_timeout);
  EXPECT_EQ(d.traits().param_style, "?");
  EXPECT_EQ(d.quote_ident("we\"ird"), "\"we\"\"ird\"");
  EXPECT_EQ(d.quote_literal("it's"), "'it''s'");
  EXPECT_EQ(d.now_sql(), "strftime('%Y-%m-%dT%H:%M:%fZ','now')");
  auto c = open_ok(":memory:");
  EXPECT_THAT(scalar(*c, "SELECT " + d.now_sql()),
              ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\."
                                      "[0-9]{3}Z"));
}

TEST(SqliteDialect, BookkeepingDdlQuotesEachPartOfAQualifiedName) {
  auto ddl = sqlite_dialect().bookkeeping_ddl("main.strata_version");
  ASSERT_EQ(ddl.size(), 3u);
  EXPECT_EQ(ddl[0],
            "CREATE TABLE IF NOT EXISTS \"main\".\"strata_version\" "
            "(version_num VARCHAR(255) NOT NULL PRIMARY KEY)");
  EXPECT_THAT(ddl[1], ::testing::StartsWith(
                          "CREATE TABLE IF NOT EXISTS \"main\".\"strata_version_history\" (id "
                          "INTEGER PRIMARY KEY, revision VARCHAR(255) NOT NULL,"));
  EXPECT_THAT(ddl[2], ::testing::StartsWith(
                          "CREATE TABLE IF NOT EXISTS \"main\".\"strata_version_journal\" ("));
  EXPECT_THAT(ddl[2], ::testing::EndsWith("PRIMARY KEY (revision, direction))"));
  EXPECT_THAT(sqlite_dialect().bookkeeping_ddl("my \"v\"")[0],
              ::testing::StartsWith("CREATE TABLE IF NOT EXISTS \"my \"\"v\"\"\" ("));
}

std::vector<std::string> column_names(Connection& c, const std::string& table) {
  std::vector<std::string> out;
  auto r = c.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {table});
  if (!r) return {"error: " + r.error().message};
  for (const auto& row : r->rows) out.push_back(*row[0]);
  return out;
}

TEST(SqliteDialect, BookkeepingDdlCreatesThreeTablesIdempotently) {
  TempDir dir;
  Url url;
  url.scheme = "sqlite";
  url.database = dir.file("app.db");
  auto conn = sqlite_dialect().connect(url);
  ASSERT_TRUE(conn) << conn.error().message;
  Connection& c = **conn;
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& stmt : sqlite_dialect().bookkeeping_ddl("strata_version")) {
      ASSERT_TRUE(c.exec(stmt)) << stmt;
    }
  }
  for (const char* t : {"strata_version", "strata_version_history", "strata_version_journal"}) {
    auto exists = c.table_exists(t);
    ASSERT_TRUE(exists);
    EXPECT_TRUE(*exists) << t;
  }
  EXPECT_THAT(column_names(c, "strata_version"), ElementsAre("version_num"));
  EXPECT_THAT(column_names(c, "strata_version_history"),
              ElementsAre("id", "revision", "direction", "checksum", "started_at", "duration_ms",
                          "applied_by", "hostname", "strata_version", "message"));
  EXPECT_THAT(column_names(c, "strata_version_journal"),
              ElementsAre("revision", "direction", "statement_index", "statement_count", "state",
                          "checksum", "updated_at", "error"));
  ASSERT_TRUE(c.exec("INSERT INTO strata_version VALUES ('abc')"));
  auto dup = c.exec("INSERT INTO strata_version VALUES ('abc')");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().sqlstate, "SQLITE_CONSTRAINT_PRIMARYKEY");
}

// ---------------------------------------------------------------- connection

TEST(SqliteConnection, OpensMemoryThroughTheDialect) {
  Url url;
  url.scheme = "sqlite";
  auto conn = sqlite_dialect().connect(url);
  ASSERT_TRUE(conn);
  EXPECT_EQ((*conn)->server_version(), std::string("SQLite ") + sqlite3_libversion());
  EXPECT_THAT((*conn)->server_version(), ::testing::StartsWith("SQLite 3."));
  ASSERT_TRUE((*conn)->exec("CREATE TABLE t (x)"));
  auto locked = (*conn)->try_lock("strata");
  ASSERT_TRUE(locked);
  EXPECT_TRUE(*locked);
  EXPECT_TRUE((*conn)->unlock("strata"));
}

TEST(SqliteConnection, OpenErrorsNameThePathAndTheReason) {
  TempDir dir;
  const std::string missing = dir.file("no/such/dir/app.db");
  auto r = SqliteConnection::open(missing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot open SQLite database " + missing +
                                   ": unable to open database file (No such file or directory)");
  EXPECT_EQ(r.error().sqlstate, "SQLITE_CANTOPEN");

  const std::string text = dir.file("notes.txt");
  std::ofstream(text) << std::string(200, 'x');
  auto bad = SqliteConnection::open(text);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "cannot open SQLite database " + text + ": file is not a database");
  EXPECT_EQ(bad.error().sqlstate, "SQLITE_NOTADB");
}

TEST(SqliteConnection, FileColonPathIsAPlainFileNotAUri) {
  TempDir dir;
  struct CwdGuard {
    std::filesystem::path old = std::filesystem::current_path();
    ~CwdGuard() { std::filesystem::current_path(old); }
  } guard;
  std::filesystem::current_path(dir.path());
  auto c = open_ok("file:odd.db?mode=ro");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->exec("CREATE TABLE t (x)"));
  EXPECT_TRUE(std::filesystem::exists(dir.file("file:odd.db?mode=ro")));
}

TEST(SqliteConnection, ExecErrorsCarryMessageCodeAndLine) {
  auto c = open_ok(":memory:");
  auto r = c->exec("CREATE TABLE a (x UNIQUE);\n\nINSERT INTO nope VALUES (1);\nSELECT 1;");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "no such table: nope");
  EXPECT_EQ(r.error().sqlstate, "SQLITE_ERROR");
  EXPECT_EQ(r.error().line, 3);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM a"), "0");  // statements before it ran

  r = c->exec(
      "INSERT INTO a VALUES (1);\n-- a comment\n/* and\n another */ INSERT INTO a VALUES (1);");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "UNIQUE constraint failed: a.x");
  EXPECT_EQ(r.error().sqlstate, "SQLITE_CONSTRAINT_UNIQUE");
  EXPECT_EQ(r.error().line, 4);

  r = c->exec("SELECT 1;\n\n  CREATE TABLE (;\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "near \"(\": syntax error");
  EXPECT_EQ(r.error().line, 3);

  EXPECT_TRUE(c->exec("  -- nothing but a comment\n;;"));
  EXPECT_TRUE(c->exec("SELECT x FROM a"));  // rows are discarded
}

TEST(SqliteConnection, QueryBindsTextParamsAndReturnsTextRows) {
  auto c = open_ok(":memory:");
  ASSERT_TRUE(c->exec("CREATE TABLE t (id INTEGER, name TEXT, note TEXT)"));
  auto ins = c->query("INSERT INTO t VALUES (?, ?, ?)", {"42", "it's", std::nullopt});
  ASSERT_TRUE(ins) << ins.error().message;
  EXPECT_TRUE(ins->rows.empty());
  ASSERT_TRUE(c->query("INSERT INTO t VALUES (?, ?, ?)", {"7", "", "x"}));
  auto r = c->query("SELECT id, name AS who, note FROM t WHERE id >= ? ORDER BY id;", {"1"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_THAT(r->columns, ElementsAre("id", "who", "note"));
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[0][0], std::optional<std::string>("7"));
  EXPECT_EQ(r->rows[0][1], std::optional<std::string>(""));
  EXPECT_EQ(r->rows[1][0], std::optional<std::string>("42"));
  EXPECT_EQ(r->rows[1][1], std::optional<std::string>("it's"));
  EXPECT_EQ(r->rows[1][2], std::nullopt);

  auto mismatch = c->query("SELECT ?, ?", {"1"});
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().message,
            "statement has 2 parameter(s) but 1 value(s) were given: SELECT ?, ?");
  auto two = c->query("SELECT 1; SELECT 2");
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().message,
            "query() runs one statement; found more SQL after it in \"SELECT 1; SELECT 2\"");
  auto bad = c->query("SELECT nope FROM t");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "no such column: nope");
}

TEST(SqliteConnection, ExecCountReportsRowsChangedByThisCallOnly) {
  auto c = open_ok(":memory:");
  ASSERT_TRUE(c->exec("CREATE TABLE t (x INTEGER)"));
  auto n = c->exec_count("INSERT INTO t VALUES (1), (2), (3)");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 3);
  n = c->exec_count("UPDATE t SET x = x + 10 WHERE x >= 2");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  n = c->exec_count("CREATE TABLE u (y)");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
  n = c->exec_count("DELETE FROM t WHERE x > 100");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
}

TEST(SqliteConnection, RollbackUndoesDdl) {
  TempDir dir;
  auto c = open_ok(dir.file("t.db"));
  ASSERT_TRUE(c->begin());
  ASSERT_TRUE(c->exec("CREATE TABLE gone (x); INSERT INTO gone VALUES (1);"));
  ASSERT_TRUE(c->rollback());
  auto exists = c->table_exists("gone");
  ASSERT_TRUE(exists);
  EXPECT_FALSE(*exists);

  ASSERT_TRUE(c->begin());
  ASSERT_TRUE(c->exec("CREATE TABLE kept (x)"));
  ASSERT_TRUE(c->commit());
  EXPECT_TRUE(*c->table_exists("kept"));
  EXPECT_TRUE(*c->table_exists("KEPT"));
  EXPECT_TRUE(*c->table_exists("main.kept"));
  EXPECT_TRUE(c->rollback());  // nothing open: a no-op, not an error

  ASSERT_TRUE(c->begin());
  auto nested = c->begin();
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().message, "cannot start a transaction within a transaction");
  ASSERT_TRUE(c->rollback());
}

TEST(SqliteConnection, TableExistsLooksInTheNamedSchema) {
  TempDir dir;
  auto c = open_ok(dir.file("main.db"));
  ASSERT_TRUE(c->exec("ATTACH DATABASE '" + dir.file("other.db") +
                      "' AS other;"
                      "CREATE TABLE other.elsewhere (x); CREATE TEMP TABLE scratch (y);"));
  EXPECT_FALSE(*c->table_exists("elsewhere"));
  EXPECT_TRUE(*c->table_exists("other.elsewhere"));
  EXPECT_TRUE(*c->table_exists("\"other\".\"elsewhere\""));
  EXPECT_FALSE(*c->table_exists("scratch"));
  EXPECT_TRUE(*c->table_exists("temp.scratch"));
  auto bad = c->table_exists("nosuch.t");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "no such table: nosuch.sqlite_master");
}

// Another connection's write transaction makes BEGIN IMMEDIATE wait; the
// waiter must hold no lock while it sleeps, or the writer could not commit.
TEST(SqliteConnection, BeginImmediateWaitsForTheWriterThenSucceeds) {
  TempDir dir;
  const std::string db = dir.file("busy.db");
  auto writer = open_ok(db);
  auto waiter = open_ok(db);
  ASSERT_TRUE(writer->exec("CREATE TABLE t (x INTEGER)"));
  ASSERT_TRUE(writer->begin());
  ASSERT_TRUE(writer->exec("INSERT INTO t VALUES (1)"));

  std::atomic<bool> started{false};
  Status waited_result;
  long waited_ms = 0;
  std::thread th([&] {
    started = true;
    const auto t0 = Clock::now();
    waited_result = waiter->begin();
    waited_ms = elapsed_ms(t0);
  });
  while (!started) std::this_thread::yield();
  std::this_thread::sleep_for(milliseconds(300));

  // Had the waiter kept a shared lock while sleeping, this COMMIT could not
  // take its exclusive lock and would give up after 1 s.
  writer->set_busy_wait_ms(1000);
  const Status committed = writer->commit();
  th.join();
  ASSERT_TRUE(committed) << committed.error().message;
  ASSERT_TRUE(waited_result) << waited_result.error().message;
  EXPECT_GE(waited_ms, 250);
  EXPECT_EQ(scalar(*waiter, "SELECT count(*) FROM t"), "1");
  ASSERT_TRUE(waiter->commit());
}

TEST(SqliteConnection, BusyWaitIsBoundedAndReported) {
  TempDir dir;
  const std::string db = dir.file("busy.db");
  auto writer = open_ok(db);
  auto waiter = open_ok(db);
  ASSERT_TRUE(writer->exec("CREATE TABLE t (x INTEGER)"));
  ASSERT_TRUE(writer->begin());

  waiter->set_busy_wait_ms(100);
  auto t0 = Clock::now();
  auto r = waiter->begin();
  long ms = elapsed_ms(t0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "database is locked (gave up after waiting 100 ms)");
  EXPECT_EQ(r.error().sqlstate, "SQLITE_BUSY");
  EXPECT_GE(ms, 95);
  EXPECT_LT(ms, 1000);

  waiter->set_busy_wait_ms(0);
  t0 = Clock::now();
  auto insert = waiter->exec("INSERT INTO t VALUES (5)");
  ASSERT_FALSE(insert);
  EXPECT_EQ(insert.error().sqlstate, "SQLITE_BUSY");
  EXPECT_LT(elapsed_ms(t0), 1000);  // not the 30 s default

  ASSERT_TRUE(writer->commit());
  ASSERT_TRUE(waiter->begin());
  ASSERT_TRUE(waiter->commit());
}

TEST(SqliteConnection, AutocommitStatementsWaitForTheWriter) {
  TempDir dir;
  const std::string db = dir.file("busy.db");
  auto writer = open_ok(db);
  auto other = open_ok(db);
  ASSERT_TRUE(writer->exec("CREATE TABLE t (x INTEGER)"));
  ASSERT_TRUE(writer->begin());
  ASSERT_TRUE(writer->exec("INSERT INTO t VALUES (1)"));
  Status inserted;
  std::thread th([&] { inserted = other->exec("INSERT INTO t VALUES (2)"); });
  std::this_thread::sleep_for(milliseconds(200));
  ASSERT_TRUE(writer->commit());
  th.join();
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_EQ(scalar(*writer, "SELECT group_concat(x) FROM t"), "1,2");
}

// -------------------------------------------------------------- migration lock

TEST(SqliteLock, SecondConnectionIsRefusedUntilUnlock) {
  TempDir dir;
  const std::string db = dir.file("lock.db");
  const mode_t old_mask = umask(022);
  auto a = open_ok(db);
  auto b = open_ok(db);
  EXPECT_EQ(a->lock_path(), db + ".strata-lock");
  EXPECT_TRUE(*a->try_lock("strata"));
  EXPECT_TRUE(*a->try_lock("strata"));  // re-entrant for the holder
  EXPECT_TRUE(a->holds_lock());
  EXPECT_FALSE(*b->try_lock("strata"));
  EXPECT_FALSE(b->holds_lock());
  struct stat st {};
  ASSERT_EQ(::stat((db + ".strata-lock").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  ASSERT_TRUE(a->unlock("strata"));
  EXPECT_TRUE(*b->try_lock("strata"));
  a.reset();  // closing a connection that does not hold the lock keeps b's
  EXPECT_TRUE(b->holds_lock());
  b.reset();
  auto c = open_ok(db);
  EXPECT_TRUE(*c->try_lock("strata"));  // closing released it
  EXPECT_TRUE(std::filesystem::exists(db + ".strata-lock"));
  umask(old_mask);
}

TEST(SqliteLock, HeldByAnotherProcessUntilItIsKilled) {
  TempDir dir;
  const std::string db = dir.file("lock.db");
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(ready[0]);
    auto c = SqliteConnection::open(db);
    const char ok = (c && (*c)->try_lock("strata").value_or(false)) ? '1' : '0';
    if (write(ready[1], &ok, 1) != 1) _exit(2);
    for (;;) pause();
  }
  close(ready[1]);
  char ok = 0;
  ASSERT_EQ(read(ready[0], &ok, 1), 1);
  close(ready[0]);
  EXPECT_EQ(ok, '1');

  auto parent = open_ok(db);
  auto first = parent->try_lock("strata");
  ASSERT_TRUE(first);
  EXPECT_FALSE(*first);
  EXPECT_FALSE(*parent->try_lock("strata"));

  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status));
  auto second = parent->try_lock("strata");
  ASSERT_TRUE(second);
  EXPECT_TRUE(*second);
  EXPECT_TRUE(parent->holds_lock());
}

TEST(SqliteLock, UnusableSidecarFallsBackToNoLock) {
  TempDir dir;
  const std::string db = dir.file("ro.db");
  // A dangling symlink makes the sidecar impossible to open even for root.
  std::filesystem::create_symlink(dir.file("missing-dir/lock"), db + ".strata-lock");
  auto a = open_ok(db);
  auto b = open_ok(db);
  EXPECT_TRUE(*a->try_lock("strata"));
  EXPECT_TRUE(*b->try_lock("strata"));
  EXPECT_FALSE(a->holds_lock());
  EXPECT_TRUE(a->unlock("strata"));
}

}  // namespace
}  // namespace strata::detail
