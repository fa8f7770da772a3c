// Execution that respects traffic (issue 4): with lock_timeout, a migration
// that waits for a busy table's lock gives up quickly instead of queueing every
// reader behind it, rolls back, waits and retries, and completes once the
// holder is gone. Runs the real `strata` binary against the real PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "guarantees_harness.hpp"

namespace strata::test {
namespace {

constexpr const char* kPatient =
    "lock_timeout = \"200ms\"\nlock_retry_delay = \"100ms\"\nlock_retries = 30\n";

void add_busy_table_migrations(Project& p, bool second_transactional) {
  p.add({"r01",
         "",
         {"CREATE TABLE busy (id int PRIMARY KEY);",
          "INSERT INTO busy SELECT g FROM generate_series(1, 1000) g;"},
         {"DROP TABLE busy;"}});
  MigrationSpec r02{"r02",
                    "r01",
                    {"ALTER TABLE busy ADD COLUMN note text;"},
                    {"ALTER TABLE busy DROP COLUMN note;"}};
  r02.up_transactional = second_transactional;
  p.add(r02);
}

// Longest time one `SELECT count(*) FROM busy` took while `during` holds.
template <class Pred>
long long slowest_read_while(Db& reader, Pred during, int max_ms) {
  long long slowest = 0;
  long long until = monotonic_ms() + max_ms;
  while (during() && monotonic_ms() < until) {
    long long t0 = monotonic_ms();
    EXPECT_EQ(reader.scalar("SELECT count(*) FROM busy"), "1000");
    slowest = std::max(slowest, monotonic_ms() - t0);
    ::usleep(10000);
  }
  return slowest;
}

class LockRetry : public testing::TestWithParam<bool> {};

TEST_P(LockRetry, ReadersWaitAtMostLockTimeoutAndTheMigrationCompletesAfterTheHolder) {
  auto admin = pg_admin_url();
  if (!admin) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
  PgScratch pg(*admin);
  Project p(pg.url(), kPatient);
  add_busy_table_migrations(p, GetParam());
  ASSERT_TRUE(p.strata({"upgrade", "r01"}).exited_with(0));

  Db holder(pg.url());
  Db reader(pg.url());
  holder.exec("BEGIN");
  holder.exec("SELECT count(*) FROM busy");  // ACCESS SHARE until COMMIT

  Process run = p.spawn({"upgrade", "head"});
  ASSERT_TRUE(run.wait_for_stderr("retry 2 of 30", 10000)) << run.wait().describe();
  // The ALTER keeps asking for ACCESS EXCLUSIVE; each attempt gives up after
  // 200 ms, so a reader queued behind it waits at most about that long.
  long long slowest = slowest_read_while(
      reader, [&] { return run.running(); }, 1500);
  EXPECT_LT(slowest, 1000) << "a reader waited behind the migration's lock request";
  ASSERT_TRUE(run.running()) << "the migration did not wait for the holder";
  holder.exec("COMMIT");

  auto r = run.wait();
  ASSERT_TRUE(r.exited_with(0)) << r.describe();
  EXPECT_NE(r.err.find("retry: r02 up: statement 1 waited lock_timeout (200 ms) for a table lock "
                       "and was cancelled; rolled back, retry 1 of 30 in 100 ms"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("retry 2 of 30 in 200 ms"), std::string::npos) << r.err;
  EXPECT_EQ(reader.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                          "'busy' AND column_name = 'note'"),
            "1");
  EXPECT_EQ(reader.column("SELECT version_num FROM strata_version"),
            std::vector<std::string>{"r02"});
  EXPECT_EQ(reader.scalar("SELECT count(*) FROM strata_version_history WHERE revision = 'r02'"),
            "1");
}

TEST_P(LockRetry, GivesUpAfterLockRetriesLeavingThePreviousRevision) {
  auto admin = pg_admin_url();
  if (!admin) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
  PgScratch pg(*admin);
  Project p(pg.url(), "lock_timeout = \"100ms\"\nlock_retry_delay = \"50ms\"\nlock_retries = 2\n");
  add_busy_table_migrations(p, GetParam());
  ASSERT_TRUE(p.strata({"upgrade", "r01"}).exited_with(0));

  Db holder(pg.url());
  holder.exec("BEGIN");
  holder.exec("SELECT count(*) FROM busy");
  auto r = p.strata({"upgrade", "head"});
  holder.exec("ROLLBACK");

  ASSERT_TRUE(r.exited_with(1)) << r.describe();
  EXPECT_NE(r.err.find("retry 1 of 2 in 50 ms"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("retry 2 of 2 in 100 ms"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("retry 3"), std::string::npos) << r.err;
  size_t said = r.err.find("another session held a lock");
  EXPECT_EQ(r.err.find("another session held a lock", said + 1), std::string::npos)
      << "the hint is given once: " << r.err;
  EXPECT_NE(r.err.find("canceling statement due to lock timeout"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: another session held a lock on the table through 3 attempts of "
                       "lock_timeout (100 ms); find it in pg_stat_activity and pg_locks"),
            std::string::npos)
      << r.err;
  Db db(pg.url());
  EXPECT_EQ(db.column("SELECT version_num FROM strata_version"), std::vector<std::string>{"r01"});
  EXPECT_EQ(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                      "'busy' AND column_name = 'note'"),
            "0");
}

INSTANTIATE_TEST_SUITE_P(Sections, LockRetry, testing::Values(true, false),
                         [](const testing::TestParamInfo<bool>& i) {
                           return i.param ? "transactional" : "journaled";
                         });

}  // namespace
}  // namespace strata::test
