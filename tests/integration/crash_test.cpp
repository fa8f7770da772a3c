// The crash guarantees of DESIGN section 6, shown with real `strata`
// processes that kill themselves with SIGKILL at a named crash point
// (STRATA_TEST_CRASH_AT=POINT:N): the database is left at a consistent
// revision, a plain rerun finishes with every effect present exactly once,
// and a `transaction:false` section is left visibly unfinished, refused by a
// plain upgrade, resumable, and settled by `resolve`. On SQLite and PostgreSQL.
#include <gtest/gtest.h>
#include <signal.h>

#include <memory>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "guarantees_harness.hpp"

namespace strata::test {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// A database of one dialect, fresh for each test.
class Target {
 public:
  // Empty url() when the dialect's server is not available.
  explicit Target(const std::string& dialect) {
    if (dialect == "sqlite") {
      dir_ = std::make_unique<TempDir>();
      url_ = sqlite_url(dir_->path() + "/crash.db");
    } else if (auto admin = pg_admin_url()) {
      pg_ = std::make_unique<PgScratch>(*admin);
      url_ = pg_->url();
    }
  }
  const std::string& url() const { return url_; }

 private:
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<PgScratch> pg_;
  std::string url_;
};

EnvChanges crash_at(const std::string& point, int n) {
  return {{"STRATA_TEST_CRASH_AT", point + ":" + std::to_string(n)}};
}

std::string applied_line(int count, const std::string& head) {
  return "applied " + std::to_string(count) + " revision" + (count == 1 ? "" : "s") +
         " in [0-9]+ ms; the database is now at " + head + "\n";
}

// `strata current` as it prints revision r<v> of `total`.
std::string current_output(int v, int total) {
  if (v == 0) return "";
  return rev_id(v) + (v == total ? " (head)" : "") + "\n";
}

// ------------------------------------------------------------------ transactional sections

constexpr int kTotal = 5;  // logged revisions, three statements each

struct CrashCase {
  const char* point;
  int n;
  int expected_version;  // the revision the database must be at after the kill
  bool all = false;      // transaction = "all"
};

std::string case_name(const testing::TestParamInfo<std::tuple<std::string, CrashCase>>& info) {
  const auto& [dialect, c] = info.param;
  std::string name = dialect + "_" + c.point + "_" + std::to_string(c.n) + (c.all ? "_all" : "");
  for (auto& ch : name)
    if (ch == '-') ch = '_';
  return name;
}

class CrashTransactional : public testing::TestWithParam<std::tuple<std::string, CrashCase>> {};

TEST_P(CrashTransactional, KilledRunLeavesConsistentRevisionAndRerunFinishes) {
  const auto& [dialect, c] = GetParam();
  Target target(dialect);
  if (target.url().empty()) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
  Project p(target.url(), c.all ? "transaction = \"all\"\n" : "");
  p.add_logged(kTotal);

  auto killed = p.strata({"upgrade", "head"}, crash_at(c.point, c.n));
  ASSERT_TRUE(killed.killed_by(SIGKILL)) << killed.describe();

  // strata itself (recovering SQLite's hot journal, if any) sees the revision...
  auto cur = p.strata({"current"});
  EXPECT_TRUE(cur.exited_with(0)) << cur.describe();
  EXPECT_EQ(cur.out, current_output(c.expected_version, kTotal));
  // ...whose effects are all there, and nothing of any later revision.
  {
    Db db(target.url());
    EXPECT_TRUE(logged_state_is(db, c.expected_version, kTotal));
  }

  auto rerun = p.strata({"upgrade", "head"});
  EXPECT_TRUE(rerun.exited_with(0)) << rerun.describe();
  if (c.expected_version == kTotal) {
    EXPECT_EQ(rerun.out, "nothing to do: the database is at r05\n");
  } else {
    EXPECT_TRUE(
        std::regex_match(rerun.out, std::regex(applied_line(kTotal - c.expected_version, "r05"))))
        << rerun.out;
  }
  Db db(target.url());
  EXPECT_TRUE(logged_state_is(db, kTotal, kTotal));
}

// Statements are numbered across the run: revision k runs statements 3k-2..3k.
const CrashCase kCases[] = {
    {"before-statement", 1, 0},
    {"before-statement", 5, 1},
    {"before-statement", 15, 4},
    {"after-statement", 1, 0},
    {"after-statement", 6, 1},
    {"after-statement", 14, 4},
    {"before-version-update", 1, 0},
    {"before-version-update", 3, 2},
    {"before-version-update", 5, 4},
    {"before-commit", 1, 0},
    {"before-commit", 3, 2},
    {"before-commit", 5, 4},
    {"after-commit", 1, 1},
    {"after-commit", 3, 3},
    {"after-commit", 5, 5},
    // One transaction for the whole run: a kill anywhere before its commit
    // leaves nothing.
    {"after-statement", 10, 0, true},
    {"before-commit", 1, 0, true},
    {"after-commit", 1, 5, true},
};

INSTANTIATE_TEST_SUITE_P(Guarantees, CrashTransactional,
                         testing::Combine(testing::Values("sqlite", "postgresql"),
                                          testing::ValuesIn(kCases)),
                         case_name);

// ------------------------------------------------------------------ transaction:false

// r01 (2 statements, transactional), r02 (3 statements, transaction:false),
// r03 (2 statements, transactional). r02's statement k is the run's 2+k-th.
void add_journaled_project(Project& p) {
  p.add({"r01",
         "",
         {"CREATE TABLE applied_log (rev varchar(40) NOT NULL);",
          "INSERT INTO applied_log (rev) VALUES ('r01');"},
         {"DROP TABLE applied_log;"}});
  p.add({"r02",
         "r01",
         {"CREATE TABLE nt_a (id integer);", "INSERT INTO applied_log (rev) VALUES ('r02');",
          "CREATE TABLE nt_c (id integer);"},
         {"DROP TABLE nt_c;", "DELETE FROM applied_log WHERE rev = 'r02';", "DROP TABLE nt_a;"},
         false});
  p.add({"r03",
         "r02",
         {"CREATE TABLE t_r03 (id integer);", "INSERT INTO applied_log (rev) VALUES ('r03');"},
         {"DROP TABLE t_r03;", "DELETE FROM applied_log WHERE rev = 'r03';"}});
}

// `strata status` with r01 applied and the given lines for r02 and r03.
std::string status_output(const std::string& r02, const std::string& r03,
                          const std::string& summary) {
  return "applied    r01            test migration r01\n" + r02 + "\n" + r03 + "\n" + summary +
         "\n";
}

const char* const kR02Unfinished1 =
    "unfinished r02            test migration r02  (up stopped after statement 1 of 3)";
const char* const kR03Pending = "pending    r03            test migration r03";

// Everything applied exactly once, journal empty, version at r03.
void expect_all_applied(Db& db) {
  EXPECT_EQ(db.column("SELECT rev FROM applied_log ORDER BY rev"),
            (std::vector<std::string>{"r01", "r02", "r03"}));
  EXPECT_TRUE(db.has_table("nt_a"));
  EXPECT_TRUE(db.has_table("nt_c"));
  EXPECT_TRUE(db.has_table("t_r03"));
  EXPECT_EQ(db.column("SELECT version_num FROM strata_version"), std::vector<std::string>{"r03"});
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM strata_version_journal"), "0");
}

Rows journal(Db& db) {
  return db.rows(
      "SELECT revision, direction, statement_index, statement_count, state "
      "FROM strata_version_journal");
}

Rows up_history(Db& db) {
  return db.rows(
      "SELECT revision, direction FROM strata_version_history WHERE direction <> 'stamp' "
      "ORDER BY id");
}

class CrashJournaled : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    target_ = std::make_unique<Target>(GetParam());
    if (target_->url().empty()) GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
    project_ = std::make_unique<Project>(target_->url());
    add_journaled_project(*project_);
  }

  // Runs `upgrade head` killed at POINT:N and checks it died of SIGKILL.
  void crash(const std::string& point, int n) {
    auto r = project_->strata({"upgrade", "head"}, crash_at(point, n));
    ASSERT_TRUE(r.killed_by(SIGKILL)) << r.describe();
  }

  // A plain `upgrade head` must refuse to pass the unfinished r02, changing nothing.
  void expect_refused(int statements_done) {
    auto r = project_->strata({"upgrade", "head"});
    EXPECT_TRUE(r.exited_with(1)) << r.describe();
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("revision r02: unfinished: its up section completed " +
                         std::to_string(statements_done) + " of 3 statements"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("hint: run `strata upgrade --resume` to continue from statement " +
                         std::to_string(statements_done + 1)),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("`strata resolve r02 --applied|--rolled-back`"), std::string::npos)
        << r.err;
    Db db(target_->url());
    EXPECT_EQ(db.column("SELECT version_num FROM strata_version"), std::vector<std::string>{"r01"});
    EXPECT_FALSE(db.has_table("t_r03"));
  }

  std::string status() {
    auto r = project_->strata({"status"});
    EXPECT_TRUE(r.exited_with(0)) << r.describe();
    return r.out;
  }

  std::unique_ptr<Target> target_;
  std::unique_ptr<Project> project_;
};

TEST_P(CrashJournaled, KilledBeforeStatementIsUnfinishedRefusedAndResumed) {
  ASSERT_NO_FATAL_FAILURE(crash("before-statement", 4));  // before r02's statement 2
  {
    Db db(target_->url());
    EXPECT_EQ(journal(db), (Rows{{"r02", "up", "1", "3", "running"}}));
    EXPECT_EQ(db.column("SELECT version_num FROM strata_version"), std::vector<std::string>{"r01"});
    EXPECT_EQ(db.column("SELECT rev FROM applied_log"), std::vector<std::string>{"r01"});
    EXPECT_TRUE(db.has_table("nt_a"));
    EXPECT_FALSE(db.has_table("nt_c"));
  }
  EXPECT_EQ(status(),
            status_output(kR02Unfinished1, kR03Pending, "1 applied, 1 pending, 1 unfinished"));
  expect_refused(1);

  auto plan = project_->strata({"upgrade", "--resume", "--plan"});
  EXPECT_TRUE(plan.exited_with(0)) << plan.describe();
  EXPECT_NE(plan.out.find("r02  test migration r02 (3 statements) [no transaction, journaled] "
                          "[resume at statement 2]"),
            std::string::npos)
      << plan.out;

  auto resumed = project_->strata({"upgrade", "--resume"});
  EXPECT_TRUE(resumed.exited_with(0)) << resumed.describe();
  EXPECT_TRUE(std::regex_match(resumed.out, std::regex(applied_line(2, "r03")))) << resumed.out;
  Db db(target_->url());
  expect_all_applied(db);
  EXPECT_EQ(up_history(db), (Rows{{"r01", "up"}, {"r02", "up"}, {"r03", "up"}}));
  EXPECT_EQ(status(),
            status_output("applied    r02            test migration r02",
                          "applied    r03            test migration r03", "3 applied, 0 pending"));
}

// Killed after statement 2 ran but before the journal recorded it: the
// journal can only say statement 1 is done (a statement outside a transaction
// cannot commit together with its journal row). The operator checks, finishes
// the section by hand and resolves it as applied.
TEST_P(CrashJournaled, KilledAfterStatementIsSettledByResolveApplied) {
  ASSERT_NO_FATAL_FAILURE(crash("after-statement", 4));  // after r02's statement 2
  {
    Db db(target_->url());
    EXPECT_EQ(journal(db), (Rows{{"r02", "up", "1", "3", "running"}}));
    EXPECT_EQ(db.column("SELECT rev FROM applied_log ORDER BY rev"),
              (std::vector<std::string>{"r01", "r02"}));
  }
  EXPECT_EQ(status(),
            status_output(kR02Unfinished1, kR03Pending, "1 applied, 1 pending, 1 unfinished"));
  expect_refused(1);

  Db(target_->url()).exec("CREATE TABLE nt_c (id integer)");
  auto resolved = project_->strata({"resolve", "r02", "--applied"});
  EXPECT_TRUE(resolved.exited_with(0)) << resolved.describe();
  EXPECT_EQ(resolved.out, "resolved r02 as applied; the database is at r02\n");
  {
    Db db(target_->url());
    EXPECT_EQ(db.column("SELECT version_num FROM strata_version"), std::vector<std::string>{"r02"});
    EXPECT_TRUE(journal(db).empty());
    EXPECT_EQ(up_history(db), (Rows{{"r01", "up"}, {"r02", "resolve"}}));
  }
  EXPECT_EQ(status(), status_output("applied    r02            test migration r02", kR03Pending,
                                    "2 applied, 1 pending"));

  auto rerun = project_->strata({"upgrade", "head"});
  EXPECT_TRUE(rerun.exited_with(0)) << rerun.describe();
  EXPECT_TRUE(std::regex_match(rerun.out, std::regex(applied_line(1, "r03")))) << rerun.out;
  Db db(target_->url());
  expect_all_applied(db);
}

TEST_P(CrashJournaled, KilledBeforeStatementIsSettledByResolveRolledBack) {
  ASSERT_NO_FATAL_FAILURE(crash("before-statement", 4));
  expect_refused(1);

  // The operator undoes statement 1 by hand, then tells strata.
  Db(target_->url()).exec("DROP TABLE nt_a");
  auto resolved = project_->strata({"resolve", "r02", "--rolled-back"});
  EXPECT_TRUE(resolved.exited_with(0)) << resolved.describe();
  EXPECT_EQ(resolved.out, "resolved r02 as rolled back; the database is at r01\n");
  {
    Db db(target_->url());
    EXPECT_EQ(db.column("SELECT version_num FROM strata_version"), std::vector<std::string>{"r01"});
    EXPECT_TRUE(journal(db).empty());
    EXPECT_EQ(up_history(db), (Rows{{"r01", "up"}, {"r02", "resolve"}}));
  }
  EXPECT_EQ(status(), status_output("pending    r02            test migration r02", kR03Pending,
                                    "1 applied, 2 pending"));

  auto rerun = project_->strata({"upgrade", "head"});
  EXPECT_TRUE(rerun.exited_with(0)) << rerun.describe();
  EXPECT_TRUE(std::regex_match(rerun.out, std::regex(applied_line(2, "r03")))) << rerun.out;
  Db db(target_->url());
  expect_all_applied(db);
  EXPECT_EQ(up_history(db),
            (Rows{{"r01", "up"}, {"r02", "resolve"}, {"r02", "up"}, {"r03", "up"}}));
}

// Killed after all three statements, while recording the revision (r01's
// finish is occurrence 1 of these points, r02's occurrence 2): the journal
// says 3 of 3 and --resume only records it.
TEST_P(CrashJournaled, KilledWhileRecordingIsResumedWithoutRerunningStatements) {
  for (const char* point : {"before-version-update", "before-commit"}) {
    SCOPED_TRACE(point);
    Target fresh(GetParam());
    Project p(fresh.url());
    add_journaled_project(p);
    auto killed = p.strata({"upgrade", "head"}, crash_at(point, 2));
    ASSERT_TRUE(killed.killed_by(SIGKILL)) << killed.describe();
    {
      Db db(fresh.url());
      EXPECT_EQ(journal(db), (Rows{{"r02", "up", "3", "3", "running"}}));
      EXPECT_EQ(db.column("SELECT version_num FROM strata_version"),
                std::vector<std::string>{"r01"});
    }
    auto st = p.strata({"status"});
    EXPECT_EQ(st.out, status_output("unfinished r02            test migration r02  (up stopped "
                                    "after statement 3 of 3)",
                                    kR03Pending, "1 applied, 1 pending, 1 unfinished"));
    auto refused = p.strata({"upgrade", "head"});
    EXPECT_TRUE(refused.exited_with(1)) << refused.describe();
    auto resumed = p.strata({"upgrade", "--resume"});
    EXPECT_TRUE(resumed.exited_with(0)) << resumed.describe();
    EXPECT_TRUE(std::regex_match(resumed.out, std::regex(applied_line(2, "r03")))) << resumed.out;
    Db db(fresh.url());
    expect_all_applied(db);
    EXPECT_EQ(up_history(db), (Rows{{"r01", "up"}, {"r02", "up"}, {"r03", "up"}}));
  }
}

// Killed right after r02 committed: nothing is unfinished, a plain rerun finishes.
TEST_P(CrashJournaled, KilledAfterCommitNeedsOnlyAPlainRerun) {
  ASSERT_NO_FATAL_FAILURE(crash("after-commit", 2));
  {
    Db db(target_->url());
    EXPECT_TRUE(journal(db).empty());
    EXPECT_EQ(db.column("SELECT version_num FROM strata_version"), std::vector<std::string>{"r02"});
  }
  auto rerun = project_->strata({"upgrade", "head"});
  EXPECT_TRUE(rerun.exited_with(0)) << rerun.describe();
  EXPECT_TRUE(std::regex_match(rerun.out, std::regex(applied_line(1, "r03")))) << rerun.out;
  Db db(target_->url());
  expect_all_applied(db);
}

INSTANTIATE_TEST_SUITE_P(Guarantees, CrashJournaled, testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace strata::test
