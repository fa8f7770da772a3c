// The runner: the only code that executes migrations against a database.
// One loop over planned steps. A transactional step runs its statements and
// its version-table update in one transaction; a non-transactional one
// (`transaction:false`, or a section with `-- migrate:batch`) journals its
// progress statement by statement, so a crash leaves it visibly unfinished
// with the statement it reached. The caller holds the migration lock.
#pragma once

#include <chrono>
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
  // inside transaction = "all") the commit, in one round trip. With `defer`
  // the bookkeeping waits for the runner's next commit instead (see pending_).
  Status finish_step(RunStep& step, double elapsed_ms, bool clear_journal, bool defer = false);
  // `own` preceded by the deferred bookkeeping and followed by the journal
  // rows of the steps after `current_` that must exist before they start
  // (chosen in marking_): what any commit of the runner carries.
  // Journal rows are chosen only at the last commit of the running step
  // (`last_of_step`): earlier, the step's own later commit can write them.
  std::string carry(std::string own, bool last_of_step);
  // After the commit that carried them: marks the chosen steps premarked and
  // forgets the deferred bookkeeping. A failed commit forgets only the choice.
  void carried(bool ok);
  // `sql` in one commit with whatever is carried: a plain statement when
  // nothing is (one statement commits by itself), BEGIN ... COMMIT otherwise.
  Status commit_carrying(const std::string& sql, bool last_of_step);
  // Commits the open transaction with `sql`, a carry() result (the crash
  // points before-commit/after-commit when it records steps); rolls back on
  // failure.
  Status commit_carried(const std::string& sql);
  // Commits the deferred bookkeeping now if it has waited kMaxDeferMs.
  Status flush_if_stale();
  Status flush();
  // After a failure: the deferred bookkeeping committed, and the journal rows
  // of steps that were premarked but never started removed (best effort).
  void settle_after_failure();
  // Whether a journaled statement runs in a transaction with its journal
  // update (a data statement where DDL commits by itself).
  bool runs_atomically(const PreparedStatement& ps) const;
  // Whether a journaled step's bookkeeping can wait for a later commit.
  bool defers(const RunStep& step) const;
  // Whether a step runs from its first statement to its end without a commit
  // of its own (at most one statement, not atomic; its bookkeeping deferred).
  bool silent(const RunStep& step) const;
  bool premarkable(const RunStep& step) const;
  Bookkeeping bookkeeping(const RunStep& step, double elapsed_ms, bool clear_journal) const;
  Error statement_error(const RunStep& step, size_t i, Error e) const;
  void emit(Event e) const;
  void emit_finished(const RunStep& step, int index, int total, double elapsed_ms) const;

  const Dialect& dialect_;
  Connection& conn_;
  VersionStore& store_;
  RunOptions options_;
  bool in_outer_transaction_ = false;
  // The run's steps and the index of the one running.
  std::vector<RunStep>* steps_ = nullptr;
  int current_ = 0;
  // Where DDL commits by itself and a DDL that ran is recognised on a rerun
  // (Traits::recognises_done_ddl), a step ending in DDL needs no commit of its
  // own: its version-table change and history row wait here for the runner's
  // next commit (another step's, a journal update, or at most kMaxDeferMs
  // later), while its journal row, written before it started, says it may
  // have run. Consecutive DDL revisions thus cost the disk one wait, not one
  // each; the version table lags the schema by that much at most.
  std::vector<Bookkeeping> pending_;
  std::chrono::steady_clock::time_point pending_since_;
  std::vector<RunStep*> marking_;
  static constexpr int kMaxDeferMs = 200;
  static constexpr int kMaxPremarked = 32;
};

// Current time as UTC ISO-8601 with milliseconds.
std::string utc_now_iso();

}  // namespace strata::detail
