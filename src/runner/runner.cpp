#include "runner/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>
#include <thread>

#include "common/sha256.hpp"
#include "runner/crash_point.hpp"

namespace strata::detail {

namespace {
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}
const char* dir_name(bool up) { return up ? "up" : "down"; }
}  // namespace

std::string utc_now_iso() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

Runner::Runner(const Dialect& dialect, Connection& conn, VersionStore& store, RunOptions options)
    : dialect_(dialect), conn_(conn), store_(store), options_(std::move(options)) {}

void Runner::emit(Event e) const {
  if (options_.events) options_.events(e);
}

void Runner::emit_finished(const RunStep& step, int index, int total, double elapsed_ms) const {
  Event fin;
  fin.kind = Event::Kind::kStepFinished;
  fin.revision = step.migration->id;
  fin.upgrade = step.upgrade;
  fin.index = index + 1;
  fin.total = total;
  fin.elapsed_ms = elapsed_ms;
  fin.text = step.migration->message;
  emit(fin);
}

Result<std::vector<std::string>> Runner::run(std::vector<RunStep>& steps) {
  std::vector<std::string> done;
  int total = static_cast<int>(steps.size());
  if (options_.single_transaction) {
    for (auto& s : steps) {
      if (!s.transactional() || s.resume_from > 0) {
        Error e;
        e.message = fmt::format(
            "transaction = \"all\" cannot run this revision: its {} section runs outside a "
            "transaction ({})",
            dir_name(s.upgrade),
            s.section.has_batch         ? "-- migrate:batch"
            : s.section.implicit_commit ? "it holds DDL, which this database commits at once"
                                        : "transaction:false");
        e.revision = s.migration->id;
        e.file = s.migration->path;
        e.hint = "use transaction = \"per-migration\" for this run (--env or strata.toml)";
        return fail(std::move(e));
      }
    }
    if (!steps.empty()) {
      STRATA_CHECK(conn_.begin());
      in_outer_transaction_ = true;
    }
  }
  steps_ = &steps;
  int attempt = 0;  // lock-timeout retries of the current step
  for (int i = 0; i < total; ++i) {
    RunStep& step = steps[i];
    current_ = i;
    if (Status st = flush_if_stale(); !st) {
      settle_after_failure();
      return fail(std::move(st).error());
    }
    Event start;
    start.kind = Event::Kind::kStepStarted;
    start.revision = step.migration->id;
    start.upgrade = step.upgrade;
    start.index = i + 1;
    start.total = total;
    start.text = step.migration->message;
    emit(start);
    Status st =
        step.transactional() ? run_transactional(step, i, total) : run_journaled(step, i, total);
    if (!st && step.transactional() && retry_after_lock_timeout(step, st.error(), ++attempt)) {
      if (in_outer_transaction_) {
        // The whole run is one transaction: it starts again from its first step.
        (void)conn_.rollback();
        done.clear();
        STRATA_CHECK(conn_.begin());
        i = -1;
      } else {
        --i;  // the step rolled itself back; run it again
      }
      continue;
    }
    if (!st) {
      if (in_outer_transaction_) {
        (void)conn_.rollback();
        in_outer_transaction_ = false;
        // Nothing of this run survives the rollback.
        done.clear();
      }
      settle_after_failure();
      Error e = std::move(st).error();
      // (A journaled step has already said how often it tried.)
      if (step.transactional() && dialect_.is_lock_timeout(e))
        e = lock_timeout_exhausted(std::move(e), attempt);
      return fail(std::move(e));
    }
    attempt = 0;
    done.push_back(step.migration->id);
  }
  STRATA_CHECK(flush());
  if (in_outer_transaction_) {
    crash_point("before-commit");
    STRATA_CHECK(conn_.commit());
    in_outer_transaction_ = false;
    crash_point("after-commit");
  }
  return done;
}

bool Runner::retry_after_lock_timeout(const RunStep& step, const Error& e, int attempt) {
  if (!dialect_.is_lock_timeout(e) || attempt > options_.lock_retries) return false;
  int64_t delay = options_.lock_retry_delay_ms;
  for (int k = 1; k < attempt && delay < 30000; ++k) delay *= 2;
  delay = std::min<int64_t>(delay, 30000);
  Event ev;
  ev.kind = Event::Kind::kRetry;
  ev.revision = step.migration->id;
  ev.upgrade = step.upgrade;
  ev.index = attempt;
  ev.total = options_.lock_retries;
  ev.elapsed_ms = static_cast<double>(delay);
  ev.text = fmt::format(
      "{} {}: statement {} waited lock_timeout ({} ms) for a table lock and was cancelled; "
      "rolled back, retry {} of {} in {} ms",
      step.migration->id, dir_name(step.upgrade), e.statement, options_.lock_timeout_ms, attempt,
      options_.lock_retries, delay);
  emit(ev);
  std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  return true;
}

namespace {

// The journal's checksum of a section's done statements (each statement's
// text, then a NUL), kept up to date as statements complete: a copy of the
// running hash gives each prefix's digest without hashing it again.
class DoneChecksum {
 public:
  void add(std::string_view sql) {
    hash_.update(sql);
    hash_.update(std::string_view("\0", 1));
  }
  std::string hex() const {
    Sha256 copy = hash_;
    return sha256_hex(copy.digest());
  }

 private:
  Sha256 hash_;
};

}  // namespace

std::string done_statements_checksum(const PreparedSection& section, size_t done) {
  DoneChecksum sum;
  for (size_t i = 0; i < done && i < section.statements.size(); ++i)
    sum.add(section.statements[i].sql);
  return sum.hex();
}

Error Runner::lock_timeout_exhausted(Error e, int attempts) const {
  std::string why = fmt::format(
      "another session held a lock on the table through {} attempt{} of lock_timeout ({} ms); "
      "find it in {}, then run again, or raise lock_retries",
      attempts, attempts == 1 ? "" : "s", options_.lock_timeout_ms, dialect_.traits().lock_holders);
  e.hint = e.hint.empty() ? why : why + ". " + e.hint;
  return e;
}

Error Runner::statement_error(const RunStep& step, size_t i, Error e) const {
  const Migration& m = *step.migration;
  e.revision = m.id;
  e.file = m.path;
  e.statement = static_cast<int>(i) + 1;
  if (i < step.section.statements.size()) {
    // A server position inside the statement refines the statement's line.
    e.line = step.section.statements[i].line + (e.line > 1 ? e.line - 1 : 0);
  }
  return e;
}

Status Runner::exec_statement(RunStep& step, size_t i) {
  const PreparedStatement& ps = step.section.statements[i];
  if (options_.events) {
    Event ev;
    ev.kind = Event::Kind::kStatement;
    ev.revision = step.migration->id;
    ev.upgrade = step.upgrade;
    ev.index = static_cast<int>(i) + 1;
    ev.text = ps.sql;
    emit(ev);
  }
  crash_point("before-statement");
  if (ps.batch) {
    int round = 0;
    while (true) {
      auto n = conn_.exec_count(ps.sql);
      if (!n) return fail(statement_error(step, i, std::move(n).error()));
      ++round;
      Event ev;
      ev.kind = Event::Kind::kBatchProgress;
      ev.revision = step.migration->id;
      ev.index = round;
      ev.count = *n;
      emit(ev);
      if (*n == 0) break;
    }
  } else {
    Status st = conn_.exec(ps.sql);
    if (!st) return fail(statement_error(step, i, std::move(st).error()));
  }
  crash_point("after-statement");
  return {};
}

Bookkeeping Runner::bookkeeping(const RunStep& step, double elapsed_ms, bool clear_journal) const {
  Bookkeeping b;
  b.delete_rows = step.delete_rows;
  b.insert_rows = step.insert_rows;
  HistoryRow& h = b.history;
  h.revision = step.migration->id;
  h.direction = dir_name(step.upgrade);
  h.checksum = step.checksum;
  h.started_at = utc_now_iso();
  h.duration_ms = static_cast<int64_t>(elapsed_ms);
  h.applied_by = options_.applied_by;
  h.hostname = options_.hostname;
  h.strata_version = options_.strata_version;
  h.message = step.migration->message;
  b.clear_journal = clear_journal;
  return b;
}

Status Runner::finish_step(RunStep& step, double elapsed_ms, bool clear_journal, bool defer) {
  Bookkeeping own = bookkeeping(step, elapsed_ms, clear_journal);
  if (in_outer_transaction_) {
    crash_point("before-version-update");
    return conn_.exec(store_.update_sql(own.delete_rows, own.insert_rows, own.history, false));
  }
  if (pending_.empty()) pending_since_ = Clock::now();
  pending_.push_back(std::move(own));
  if (defer) return {};
  std::string sql = carry("", true);
  crash_point("before-version-update");
  Status st = commit_carried(sql);  // (the caller began the transaction)
  if (!st) {
    Error e = std::move(st).error();
    // Not committed: this step is not recorded (the earlier deferred ones
    // still wait); in doubt: nothing is written again.
    if (!e.in_doubt) {
      pending_.pop_back();
      e.message = "updating the version table failed: " + e.message;
    }
    e.revision = step.migration->id;
    return fail(std::move(e));
  }
  return {};
}

// Where DDL commits by itself, every commit waits for the disk. So the
// journal row of the step after the running one rides on the running step's
// last commit instead of a commit of its own, and so do the rows of the
// silent steps that follow it, since they make no commit to carry the next
// one's. A crash leaves rows that say nothing is known done; a plain
// `upgrade` continues them, and a DDL that did run is recognised when it
// runs again (Dialect::shows_already_done).
std::string Runner::carry(std::string own, bool last_of_step) {
  std::string sql = pending_.empty() ? std::string() : store_.batch_update_sql(pending_);
  if (!own.empty()) sql += own + ";\n";
  marking_.clear();
  if (!last_of_step || steps_ == nullptr) return sql;
  std::vector<JournalRow> rows;
  for (size_t k = static_cast<size_t>(current_) + 1;
       k < steps_->size() && marking_.size() < static_cast<size_t>(kMaxPremarked); ++k) {
    RunStep& next = (*steps_)[k];
    if (!next.premarked) {
      if (!premarkable(next)) break;
      JournalRow j;
      j.revision = next.migration->id;
      j.direction = dir_name(next.upgrade);
      j.statement_count = static_cast<int>(next.section.statements.size());
      j.state = "running";
      j.checksum = done_statements_checksum(next.section, 0);
      rows.push_back(std::move(j));
      marking_.push_back(&next);
    }
    if (!silent(next)) break;
  }
  if (!rows.empty()) sql += store_.journal_insert_many_sql(rows) + ";\n";
  return sql;
}

void Runner::carried(bool ok) {
  if (ok) {
    for (RunStep* s : marking_) s->journaled = s->premarked = true;
    pending_.clear();
  }
  marking_.clear();
}

Status Runner::commit_carrying(const std::string& sql, bool last_of_step) {
  std::string all = carry(sql, last_of_step);
  if (marking_.empty() && pending_.empty()) return conn_.exec(sql);
  STRATA_CHECK(conn_.begin());
  return commit_carried(all);
}

Status Runner::commit_carried(const std::string& sql) {
  // A commit that records finished steps is where they finish: the crash
  // points of a finishing step are here.
  bool records = !pending_.empty();
  if (records) crash_point("before-commit");
  Status st = conn_.commit_with(sql);
  bool in_doubt = !st && st.error().in_doubt;
  carried(st.has_value() || in_doubt);
  if (!st && !in_doubt) (void)conn_.rollback();
  if (st && records) crash_point("after-commit");
  return st;
}

Status Runner::flush() {
  if (pending_.empty()) return {};
  STRATA_CHECK(conn_.begin());
  marking_.clear();
  Status st = commit_carried(store_.batch_update_sql(pending_));
  if (!st && !st.error().in_doubt) {
    Error e = std::move(st).error();
    e.message = "updating the version table failed: " + e.message;
    return fail(std::move(e));
  }
  return st;
}

Status Runner::flush_if_stale() {
  if (pending_.empty() || ms_since(pending_since_) < kMaxDeferMs) return {};
  return flush();
}

void Runner::settle_after_failure() {
  std::string sql = pending_.empty() ? std::string() : store_.batch_update_sql(pending_);
  if (steps_ != nullptr) {
    for (size_t k = static_cast<size_t>(current_) + 1; k < steps_->size(); ++k) {
      const RunStep& s = (*steps_)[k];
      if (s.premarked && s.resume_from == 0) sql += store_.journal_delete_sql(s.migration->id);
    }
  }
  if (sql.empty() || !conn_.begin()) return;
  Status st = conn_.commit_with(sql);
  if (!st && !st.error().in_doubt) (void)conn_.rollback();
  pending_.clear();
}

bool Runner::runs_atomically(const PreparedStatement& ps) const {
  return !dialect_.traits().transactional_ddl && !ps.batch &&
         !dialect_.commits_implicitly(StatementText{ps.sql, 0});
}

bool Runner::defers(const RunStep& step) const {
  if (!dialect_.traits().recognises_done_ddl || in_outer_transaction_) return false;
  const auto& st = step.section.statements;
  return st.empty() || !runs_atomically(st.back());
}

bool Runner::silent(const RunStep& step) const {
  const auto& st = step.section.statements;
  return !step.transactional() && st.size() - static_cast<size_t>(step.resume_from) <= 1 &&
         defers(step);
}

bool Runner::premarkable(const RunStep& step) const {
  return dialect_.traits().recognises_done_ddl && !in_outer_transaction_ && !step.transactional() &&
         step.resume_from == 0 && !step.journaled;
}

Status Runner::run_transactional(RunStep& step, int index, int total) {
  auto t0 = Clock::now();
  if (!in_outer_transaction_) STRATA_CHECK(conn_.begin());
  auto abort = [&](Error e) -> Status {
    if (!in_outer_transaction_) (void)conn_.rollback();
    return fail(std::move(e));
  };
  const Migration& m = *step.migration;
  if (m.is_code()) {
    const CodeStep& fn = step.upgrade ? m.code->up : m.code->down;
    SqlExec exec = [&](std::string_view sql) -> Status {
      crash_point("before-statement");
      Status st = conn_.exec(sql);
      crash_point("after-statement");
      return st;
    };
    Status st = fn(exec);
    if (!st) {
      Error e = std::move(st).error();
      e.revision = m.id;
      return abort(std::move(e));
    }
  } else {
    for (size_t i = 0; i < step.section.statements.size(); ++i) {
      Status st = exec_statement(step, i);
      if (!st) return abort(std::move(st).error());
    }
  }
  STRATA_CHECK(finish_step(step, ms_since(t0), false));
  emit_finished(step, index, total, ms_since(t0));
  return {};
}

Status Runner::run_journaled(RunStep& step, int index, int total) {
  auto t0 = Clock::now();
  const Migration& m = *step.migration;
  size_t n = step.section.statements.size();
  JournalRow j;
  j.revision = m.id;
  j.direction = dir_name(step.upgrade);
  j.statement_index = step.resume_from;
  j.statement_count = static_cast<int>(n);
  j.state = "running";
  DoneChecksum ran;
  for (size_t i = 0; i < static_cast<size_t>(step.resume_from) && i < n; ++i)
    ran.add(step.section.statements[i].sql);
  j.checksum = ran.hex();
  auto in_step = [&](Status st) -> Status {
    if (st) return st;
    Error e = std::move(st).error();
    e.revision = m.id;
    e.file = m.path;
    e.message = "writing the journal failed: " + e.message;
    return fail(std::move(e));
  };
  bool defer = defers(step);
  // A resumed section already has its row; a fresh one gets it now, unless
  // an earlier step's commit wrote it.
  if (!step.premarked) {
    STRATA_CHECK(in_step(commit_carrying(step.resume_from > 0 || step.journaled
                                             ? store_.journal_update_sql(j)
                                             : store_.journal_insert_sql(j),
                                         silent(step))));
  }
  for (size_t i = static_cast<size_t>(step.resume_from); i < n; ++i) {
    const PreparedStatement& ps = step.section.statements[i];
    DoneChecksum ran_next = ran;
    ran_next.add(ps.sql);
    // Where DDL commits by itself (MySQL), a statement that does not is run in
    // a transaction with its journal update, so a crash cannot separate them.
    bool atomic = runs_atomically(ps);
    // Whether the commit after this statement is the step's last one: only
    // a last statement whose bookkeeping is deferred follows it.
    bool last_commit = defer && i + 2 == n;
    STRATA_CHECK(flush_if_stale());
    auto run_once = [&]() -> Status {
      if (!atomic) return exec_statement(step, i);
      STRATA_CHECK(conn_.begin());
      Status st = exec_statement(step, i);
      if (st) {
        JournalRow done = j;
        done.statement_index = static_cast<int>(i) + 1;
        done.checksum = ran_next.hex();
        return commit_carried(carry(store_.journal_update_sql(done), last_commit));
      }
      if (!st.error().in_doubt) (void)conn_.rollback();
      return st;
    };
    Status st = run_once();
    // Outside a transaction a cancelled statement did nothing: run it again.
    int attempt = 1;
    while (!st && retry_after_lock_timeout(step, st.error(), attempt)) {
      ++attempt;
      st = run_once();
    }
    if (!st && step.in_flight && i == static_cast<size_t>(step.resume_from) && !atomic &&
        dialect_.shows_already_done(st.error())) {
      // The statement was in flight when the earlier run died, and its DDL
      // committed before the journal could say so: count it, do not redo it.
      Event ev;
      ev.kind = Event::Kind::kWarning;
      ev.revision = m.id;
      ev.upgrade = step.upgrade;
      ev.index = static_cast<int>(i) + 1;
      ev.text = fmt::format(
          "revision {}: statement {} had already taken effect before the interrupted run "
          "stopped ({}); counted as done, not run again",
          m.id, i + 1, st.error().message);
      emit(ev);
      st = {};
    }
    if (!st) {
      Error e = std::move(st).error();
      j.state = "failed";
      j.statement_index = static_cast<int>(i);
      j.error = e.message;
      (void)commit_carrying(store_.journal_update_sql(j), false);
      e.hint = fmt::format(
          "revision {} ran {} of {} statements outside a transaction and is left unfinished; "
          "fix the cause, then `strata upgrade --resume` to continue from statement {}, or "
          "`strata resolve {} --applied|--rolled-back` once you have settled it by hand",
          m.id, i, n, i + 1, m.id);
      if (dialect_.is_lock_timeout(e)) e = lock_timeout_exhausted(std::move(e), attempt);
      return fail(std::move(e));
    }
    j.statement_index = static_cast<int>(i) + 1;
    ran = ran_next;
    j.checksum = ran.hex();
    // After the last statement the final commit deletes the row anyway. Where
    // a DDL that ran is recognised on --resume, that commit alone will do.
    bool last_ddl = i + 1 == n && !atomic && dialect_.traits().recognises_done_ddl;
    if (!atomic && !last_ddl)
      STRATA_CHECK(in_step(commit_carrying(store_.journal_update_sql(j), last_commit)));
  }
  if (!defer) STRATA_CHECK(conn_.begin());
  STRATA_CHECK(finish_step(step, ms_since(t0), true, defer));
  emit_finished(step, index, total, ms_since(t0));
  return {};
}

}  // namespace strata::detail
