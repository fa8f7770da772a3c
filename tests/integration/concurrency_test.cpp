// The locking guarantees of DESIGN section 6, shown with real `strata`
// processes on SQLite, PostgreSQL and MariaDB: eight processes released at the
// same instant apply every revision exactly once and all exit 0; a waiter
// holds no transaction (so it never blocks CREATE INDEX CONCURRENTLY) and, on
// MariaDB, no metadata lock; a waiter says it waits, and gives up with exit 4
// after lock_wait.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "guarantees_harness.hpp"

namespace strata::test {
namespace {

constexpr int kProcesses = 8;
constexpr int kRevisions = 30;
constexpr int kRounds = 3;
const char* const kWaiting = "waiting: another strata process holds the migration lock; waiting";

// logged_migration(n), and one more statement that adds one to
// race_counter.n (r01 creates it): a revision run twice counts twice.
MigrationSpec race_migration(int n) {
  MigrationSpec m = logged_migration(n);
  if (n == 1) {
    m.up.insert(m.up.begin(), {"CREATE TABLE race_counter (n integer NOT NULL);",
                               "INSERT INTO race_counter (n) VALUES (0);"});
    m.down.push_back("DROP TABLE race_counter;");
  }
  m.up.push_back("UPDATE race_counter SET n = n + 1;");
  m.down.insert(m.down.begin(), "UPDATE race_counter SET n = n - 1;");
  return m;
}

// Runs kProcesses `upgrade head` at once on `url` and checks the outcome.
// Returns how many of them reported waiting for the lock.
int race_round(const std::string& url, int round) {
  SCOPED_TRACE("round " + std::to_string(round));
  Project project(url);
  for (int n = 1; n <= kRevisions; ++n) project.add(race_migration(n));
  std::vector<Invocation> invocations(kProcesses, project.invocation({"upgrade", "head"}));
  for (auto& inv : invocations) inv.timeout_ms = 60000;
  auto results = run_together(invocations);

  const std::regex applied_all("applied 30 revisions in [0-9]+ ms; the database is now at r30\n");
  int appliers = 0;
  int waiters = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    EXPECT_TRUE(r.exited_with(0)) << "process " << i << ": " << r.describe();
    // The first process to get the lock applies everything; every later one
    // finds the database at head.
    if (std::regex_match(r.out, applied_all)) {
      ++appliers;
    } else {
      EXPECT_EQ(r.out, "nothing to do: the database is at r30\n") << "process " << i;
    }
    if (r.err.find(kWaiting) != std::string::npos) ++waiters;
  }
  EXPECT_EQ(appliers, 1);

  Db db(url);
  EXPECT_TRUE(logged_state_is(db, kRevisions, kRevisions));
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM applied_log"), std::to_string(kRevisions));
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM strata_version_history"), std::to_string(kRevisions));
  EXPECT_EQ(db.scalar("SELECT n FROM race_counter"), std::to_string(kRevisions));
  return waiters;
}

// While A holds the lock, B runs with `--env impatient` (lock_wait 200 ms):
// it waits at least that long, gives up with exit 4 while A still runs, and
// says why; A then finishes.
void expect_impatient_waiter_gives_up(const Project& p, Process& a) {
  long long t0 = monotonic_ms();
  auto rb = p.strata({"--env", "impatient", "upgrade", "head"});
  long long waited = monotonic_ms() - t0;
  bool a_still_running = a.running();
  auto ra = a.wait();
  EXPECT_TRUE(rb.exited_with(4)) << rb.describe();
  EXPECT_EQ(rb.out, "");
  EXPECT_NE(rb.err.find(kWaiting), std::string::npos) << rb.err;
  EXPECT_NE(rb.err.find("error: could not acquire the migration lock within"), std::string::npos)
      << rb.err;
  EXPECT_NE(rb.err.find("hint: another strata is migrating this database; it waited"),
            std::string::npos)
      << rb.err;
  EXPECT_GE(waited, 200) << "gave up before lock_wait";
  EXPECT_TRUE(a_still_running) << "B only returned after A finished: lock_wait was not honoured";
  EXPECT_TRUE(ra.exited_with(0)) << ra.describe();
}

// A, which held the lock, applied `count` revisions up to `head`; B, which
// waited for it, then found nothing to do. Both exit 0.
void expect_applied_then_nothing_to_do(Process& a, Process& b, int count, const std::string& head) {
  auto ra = a.wait();
  auto rb = b.wait();
  EXPECT_TRUE(ra.exited_with(0)) << ra.describe();
  EXPECT_TRUE(std::regex_match(
      ra.out, std::regex(fmt::format("applied {} revisions in [0-9]+ ms; the database is "
                                     "now at {}\n",
                                     count, head))))
      << ra.out;
  EXPECT_TRUE(rb.exited_with(0)) << rb.describe();
  EXPECT_EQ(rb.out, "nothing to do: the database is at " + head + "\n");
}

TEST(Concurrency, EightProcessesUpgradeOneSqliteFile) {
  int waiters = 0;
  for (int round = 1; round <= kRounds; ++round) {
    TempDir dir;
    waiters += race_round(sqlite_url(dir.path() + "/race.db"), round);
  }
  // Otherwise the processes never overlapped and the rounds proved nothing.
  EXPECT_GT(waiters, 0);
}

TEST(Concurrency, EightProcessesUpgradeOnePostgresDatabase) {
  auto admin = pg_admin_url();
  if (!admin) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
  int waiters = 0;
  for (int round = 1; round <= kRounds; ++round) {
    PgScratch pg(*admin);
    waiters += race_round(pg.url(), round);
  }
  EXPECT_GT(waiters, 0);
}

// On MariaDB every revision holds DDL, so each runs journaled, outside a
// transaction: the lock alone keeps a second process from running it again.
TEST(Concurrency, EightProcessesUpgradeOneMysqlDatabase) {
  auto admin = mysql_admin_url();
  if (!admin) GTEST_SKIP() << "STRATA_TEST_MYSQL_URL is not set";
  int waiters = 0;
  for (int round = 1; round <= kRounds; ++round) {
    MysqlScratch my(*admin);
    waiters += race_round(my.url(), round);
  }
  EXPECT_GT(waiters, 0);
}

// ------------------------------------------------------------------ PostgreSQL waiters

// r01 fills a table, r02 holds the lock for a while, then `extra`.
void add_slow_postgres_migrations(Project& p, std::vector<MigrationSpec> extra = {}) {
  p.add({"r01",
         "",
         {"CREATE TABLE items (id integer PRIMARY KEY, v integer NOT NULL);",
          "INSERT INTO items SELECT g, g % 97 FROM generate_series(1, 20000) AS g;"},
         {"DROP TABLE items;"}});
  p.add({"r02", "r01", {"SELECT pg_sleep(1.2);"}, {"SELECT 1;"}});
  for (const auto& m : extra) p.add(m);
}

// The backend pid holding an advisory lock in this database, "" if none.
std::string advisory_holder(Db& db) {
  auto pids = db.column(
      "SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
      "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()");
  return pids.size() == 1 ? pids[0] : "";
}

TEST(Concurrency, PostgresWaiterHoldsNoTransaction) {
  auto admin = pg_admin_url();
  if (!admin) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
  PgScratch pg(*admin);
  Project p(pg.url());
  add_slow_postgres_migrations(p);
  Db db(pg.url());

  Process a = p.spawn({"upgrade", "head"});
  std::string holder;
  ASSERT_TRUE(eventually([&] { return !(holder = advisory_holder(db)).empty(); }, 10000))
      << "process A never took the migration lock: " << a.wait().describe();
  Process b = p.spawn({"upgrade", "head"});
  ASSERT_TRUE(b.wait_for_stderr(kWaiting, 10000)) << b.wait().describe();
  ASSERT_TRUE(a.running()) << "A finished before B waited; the test proved nothing";

  // Sample B's session while it waits: between polls it must be plain idle,
  // with no transaction and no snapshot; during a poll it is active.
  int idle_samples = 0;
  for (int i = 0; i < 6; ++i) {
    auto rows = db.rows(
        "SELECT pid, state, COALESCE(xact_start::text, 'none'), "
        "COALESCE(backend_xid::text, 'none'), COALESCE(backend_xmin::text, 'none') "
        "FROM pg_stat_activity WHERE datname = current_database() "
        "AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND pid <> " +
        holder);
    ASSERT_EQ(rows.size(), 1u) << "expected exactly B's session besides A's and ours";
    const auto& s = rows[0];
    EXPECT_TRUE(s[1] == "idle" || s[1] == "active") << "waiter session state: " << s[1];
    if (s[1] == "idle") {
      ++idle_samples;
      EXPECT_EQ(s[2], "none") << "an idle waiter has a transaction open";
      EXPECT_EQ(s[3], "none") << "an idle waiter holds a transaction id";
      EXPECT_EQ(s[4], "none") << "an idle waiter holds a snapshot";
    }
    ::usleep(60000);
  }
  EXPECT_GT(idle_samples, 0);
  ASSERT_TRUE(a.running()) << "A finished during sampling; the samples may not be of a waiter";

  expect_applied_then_nothing_to_do(a, b, 2, "r02");
}

TEST(Concurrency, PostgresCreateIndexConcurrentlyWhileAnotherProcessWaits) {
  auto admin = pg_admin_url();
  if (!admin) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
  PgScratch pg(*admin);
  Project p(pg.url());
  MigrationSpec cic{"r03",
                    "r02",
                    {"CREATE INDEX CONCURRENTLY ix_items_v ON items (v);"},
                    {"DROP INDEX CONCURRENTLY ix_items_v;"},
                    false};
  add_slow_postgres_migrations(p, {cic});
  Db db(pg.url());

  Process a = p.spawn({"upgrade", "head"});
  ASSERT_TRUE(eventually([&] { return !advisory_holder(db).empty(); }, 10000))
      << "process A never took the migration lock: " << a.wait().describe();
  Process b = p.spawn({"upgrade", "head"});
  ASSERT_TRUE(b.wait_for_stderr(kWaiting, 10000)) << b.wait().describe();
  ASSERT_TRUE(a.running()) << "A finished before B waited; the test proved nothing";

  // A waiter holding a transaction would make CREATE INDEX CONCURRENTLY wait
  // for it while it waits for A: A would hang or hit lock_timeout.
  expect_applied_then_nothing_to_do(a, b, 3, "r03");
  EXPECT_EQ(db.rows("SELECT i.indisvalid, i.indisready FROM pg_index i "
                    "WHERE i.indexrelid = 'ix_items_v'::regclass"),
            (std::vector<std::vector<std::string>>{{"t", "t"}}));
  EXPECT_EQ(db.column("SELECT version_num FROM strata_version"), std::vector<std::string>{"r03"});
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM strata_version_journal"), "0");
}

// ------------------------------------------------------------------ MariaDB waiters

// r01 fills a table (DDL: journaled), r02 holds the lock in a 2 s sleep (no
// DDL: one transaction), then `extra`.
void add_slow_mysql_migrations(Project& p, std::vector<MigrationSpec> extra = {}) {
  p.add({"r01",
         "",
         {"CREATE TABLE items (id integer PRIMARY KEY, v integer NOT NULL);",
          "INSERT INTO items SELECT seq, seq % 97 FROM seq_1_to_20000;"},
         {"DROP TABLE items;"}});
  p.add({"r02", "r01", {"SELECT SLEEP(2);"}, {"SELECT 1;"}});
  for (const auto& m : extra) p.add(m);
}

// The connection id holding strata's GET_LOCK for this database, "" if none.
std::string user_lock_holder(Db& db) {
  return db.scalar(
      "SELECT COALESCE(IS_USED_LOCK(CONCAT('strata:strata_version@', DATABASE())), '')");
}

// Starts A and returns once A holds the migration lock and has r01 applied,
// i.e. is sleeping in r02; `holder` gets A's connection id.
Process start_slow_mysql_run(const Project& p, Db& db, std::string& holder) {
  Process a = p.spawn({"upgrade", "head"});
  bool in_r02 = eventually(
      [&] {
        holder = user_lock_holder(db);
        return !holder.empty() && db.has_table("strata_version") &&
               db.column("SELECT version_num FROM strata_version") ==
                   std::vector<std::string>{"r01"};
      },
      15000);
  EXPECT_TRUE(in_r02) << "process A never reached r02 holding the lock";
  return a;
}

TEST(Concurrency, MysqlWaiterHoldsNoTransactionAndNoMetadataLock) {
  auto admin = mysql_admin_url();
  if (!admin) GTEST_SKIP() << "STRATA_TEST_MYSQL_URL is not set";
  MysqlScratch my(*admin);
  Project p(my.url());
  add_slow_mysql_migrations(p);
  Db db(my.url());
  std::string holder;
  Process a = start_slow_mysql_run(p, db, holder);
  ASSERT_FALSE(holder.empty());
  Process b = p.spawn({"upgrade", "head"});
  ASSERT_TRUE(b.wait_for_stderr(kWaiting, 10000)) << b.wait().describe();
  ASSERT_TRUE(a.running()) << "A finished before B waited; the test proved nothing";

  // Sample B's session while it waits: no InnoDB transaction, never stuck on
  // a lock, and no metadata lock on any table that a DDL statement or a
  // LOCK TABLES from here (given 1 s) would have to wait for.
  db.exec("SET SESSION lock_wait_timeout = 1");
  const std::string others =
      "FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID() "
      "AND ID <> " +
      holder;
  int samples = 0;
  for (int i = 0; i < 5; ++i) {
    auto sessions =
        db.rows("SELECT ID, COMMAND, COALESCE(STATE, ''), COALESCE(INFO, '') " + others);
    ASSERT_EQ(sessions.size(), 1u) << "expected exactly B's session besides A's and ours";
    const auto& s = sessions[0];
    EXPECT_TRUE(s[1] == "Sleep" || s[1] == "Query") << "waiter session command: " << s[1];
    EXPECT_EQ(s[2].find("Waiting for"), std::string::npos) << "the waiter is blocked: " << s[2];
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM information_schema.INNODB_TRX "
                        "WHERE trx_mysql_thread_id = " +
                        s[0]),
              "0")
        << "the waiter has a transaction open";
    EXPECT_NO_THROW({
      db.exec(
          "LOCK TABLES strata_version WRITE, strata_version_history WRITE, "
          "strata_version_journal WRITE, items WRITE");
      db.exec("UNLOCK TABLES");
    }) << "a metadata lock kept LOCK TABLES waiting";
    ++samples;
    ::usleep(60000);
  }
  EXPECT_NO_THROW(db.exec("ALTER TABLE items ADD COLUMN probe integer"))
      << "a metadata lock kept ALTER TABLE waiting";
  EXPECT_EQ(samples, 5);
  ASSERT_TRUE(a.running()) << "A finished during sampling; the samples may not be of a waiter";

  expect_applied_then_nothing_to_do(a, b, 2, "r02");
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM strata_version_history"), "2");
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM items"), "20000");
}

TEST(Concurrency, MysqlWaiterGivesUpAfterLockWaitWithExit4) {
  auto admin = mysql_admin_url();
  if (!admin) GTEST_SKIP() << "STRATA_TEST_MYSQL_URL is not set";
  MysqlScratch my(*admin);
  Project p(my.url(), "\n[env.impatient]\nlock_wait = \"200ms\"\n");
  add_slow_mysql_migrations(p);
  Db db(my.url());
  std::string holder;
  Process a = start_slow_mysql_run(p, db, holder);
  expect_impatient_waiter_gives_up(p, a);
  EXPECT_EQ(db.column("SELECT version_num FROM strata_version"), std::vector<std::string>{"r02"});
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM strata_version_history"), "2");
}

// ------------------------------------------------------------------ SQLite waiters

// r01 commits quickly; r02 keeps the lock for about a second of CPU (8M rows of a
// recursive CTE), so a second process finds the lock taken even on a fast machine.
void add_slow_sqlite_migrations(Project& p) {
  p.add({"r01",
         "",
         {"CREATE TABLE applied_log (rev varchar(40) NOT NULL);",
          "INSERT INTO applied_log (rev) VALUES ('r01');"},
         {"DROP TABLE applied_log;"}});
  p.add({"r02",
         "r01",
         {"WITH RECURSIVE c(x) AS (VALUES (1) UNION ALL SELECT x + 1 FROM c WHERE x < 8000000) "
          "SELECT COUNT(*) FROM c;",
          "INSERT INTO applied_log (rev) VALUES ('r02');"},
         {"DELETE FROM applied_log WHERE rev = 'r02';"}});
}

// Starts A and returns once A has committed r01, i.e. is inside r02 with the lock.
Process start_slow_sqlite_run(const Project& p, Db& db) {
  Process a = p.spawn({"upgrade", "head"});
  bool in_r02 = eventually(
      [&] {
        try {
          return db.has_table("strata_version") &&
                 db.column("SELECT version_num FROM strata_version") ==
                     std::vector<std::string>{"r01"};
        } catch (const std::exception&) {
          return false;  // the file is being created
        }
      },
      10000);
  EXPECT_TRUE(in_r02) << "process A never committed r01";
  return a;
}

TEST(Concurrency, SqliteSecondProcessWaitsThenSucceeds) {
  TempDir dir;
  std::string url = sqlite_url(dir.path() + "/wait.db");
  Project p(url);
  add_slow_sqlite_migrations(p);
  Db db(url);

  Process a = start_slow_sqlite_run(p, db);
  Process b = p.spawn({"upgrade", "head"});
  ASSERT_TRUE(b.wait_for_stderr(kWaiting, 10000)) << b.wait().describe();
  ASSERT_TRUE(a.running()) << "A finished before B waited; the test proved nothing";
  expect_applied_then_nothing_to_do(a, b, 2, "r02");
  EXPECT_EQ(db.column("SELECT rev FROM applied_log ORDER BY rev"),
            (std::vector<std::string>{"r01", "r02"}));
}

TEST(Concurrency, SqliteWaiterGivesUpAfterLockWaitWithExit4) {
  TempDir dir;
  std::string url = sqlite_url(dir.path() + "/wait.db");
  Project p(url, "\n[env.impatient]\nlock_wait = \"200ms\"\n");
  add_slow_sqlite_migrations(p);
  Db db(url);

  Process a = start_slow_sqlite_run(p, db);
  expect_impatient_waiter_gives_up(p, a);
  EXPECT_EQ(db.column("SELECT rev FROM applied_log ORDER BY rev"),
            (std::vector<std::string>{"r01", "r02"}));
  EXPECT_EQ(db.column("SELECT version_num FROM strata_version"), std::vector<std::string>{"r02"});
}

}  // namespace
}  // namespace strata::test
