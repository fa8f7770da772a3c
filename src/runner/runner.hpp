// The runner: the only code that executes migrations against a database.
// One loop over planned steps. A transactional step runs its statements and
// its version-table update in one transaction; a non-transactional one
// (`transaction:false`, or a section with `-- migrate:batch`) journals its
// progress statement by statement, so a crash leaves it visibly unfinished
// with the statement it reached. The caller holds the migration lock.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "dialect/dialect.hpp"
#include "runner/prepare.hpp"
#include "runner/version_store.hpp"
#include "script/migration.hpp"
#include "strata/migrator.hpp"

namespace strata::detail {

struct RunStep {
  const Migration* migration = nullptr;
  bool upgrade = true;
  std::vector<std::string> delete_rows;
  std::vector<std::string> insert_rows;
  PreparedSection section;
  std::string checksum;
  int resume_from = 0;     // statements already done by an earlier, interrupted run
  bool journaled = false;  // the journal already has a row for this step (resume)
  // Resuming after a crash (journal state "running", not "failed"): statement
  // `resume_from` was started and may have taken effect.
  bool in_flight = false;
  // Its journal row was written by the previous step's final commit.
  bool premarked = false;

  bool transactional() const { return section.transactional && !section.has_batch; }
};

// The journal's checksum for a journaled section: the SHA-256 of its first
// `done` statements (each followed by a NUL). `upgrade --resume` accepts a file
// whose later statements were edited (the fix for the one that failed) as long
// as the statements that already ran are unchanged.
std::string done_statements_checksum(const PreparedSection& section, size_t done);

struct RunOptions {
  bool single_transaction = false;  // transaction = "all"
  std::string applied_by;
  std::string hostname;
  std::string strata_version;
  EventCallback events;
  // After a lock_timeout: roll back, wait lock_retry_delay_ms (doubling each
  // time, at most 30 s) and run the revision again, up to lock_retries times.
  int lock_retries = 0;
  int64_t lock_retry_delay_ms = 1000;
  int64_t lock_timeout_ms = 0;  // for messages only
};

class Runner {
 public:
  Runner(const Dialect& dialect, Connection& conn, VersionStore& store, RunOptions options);
  // Runs the steps in order; returns the revisions completed. On failure the
  // failed step is rolled back (or, if non-transactional, left journaled)
  // and the error names the file, line, revision and statement.
  Result<std::vector<std::string>> run(std::vector<RunStep>& steps);

 private:
  Status run_transactional(RunStep& step, int index, int total);
  Status run_journaled(RunStep& step, int index, int total);
  Status exec_statement(RunStep& step, size_t i);
  // Whether `e` is a lock timeout worth another attempt (attempt counts from
  // 1); if so reports it, waits and returns true.
  bool retry_after_lock_timeout(const RunStep& step, const Error& e, int attempt);
  // The error of the last attempt, once lock_retries are spent.
  Error lock_timeout_exhausted(Error e, int attempts) const;
  // The version-table change and history row of a finished step, then (unless
  // inside transaction = "all") the commit, in one round trip.
  Status finish_step(RunStep& step, double elapsed_ms, bool clear_journal);
  std::string bookkeeping_sql(const RunStep& step, double elapsed_ms, bool clear_journal) const;
  Error statement_error(const RunStep& step, size_t i, Error e) const;
  void emit(Event e) const;
  void emit_finished(const RunStep& step, int index, int total, double elapsed_ms) const;

  const Dialect& dialect_;
  Connection& conn_;
  VersionStore& store_;
  RunOptions options_;
  bool in_outer_transaction_ = false;
  // The step after the one running, whose journal row the running step's
  // final commit may write (see finish_step).
  RunStep* next_ = nullptr;
};

// Current time as UTC ISO-8601 with milliseconds.
std::string utc_now_iso();

}  // namespace strata::detail
