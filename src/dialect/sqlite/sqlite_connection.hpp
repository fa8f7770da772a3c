// SqliteConnection: a Connection on one SQLite database file (or a private
// in-memory database). It owns the sqlite3 handle and, while the migration
// lock is held, a flock()ed sidecar file `<db>.strata-lock`.
//
// Waiting: SQLite reports SQLITE_BUSY when another connection holds the lock a
// statement needs. Every statement (BEGIN IMMEDIATE and COMMIT included) waits
// through a busy handler that sleeps 1 ms, doubling up to 50 ms, for at most
// busy_wait_ms in total. Outside a transaction (BEGIN IMMEDIATE, autocommit
// statements) SQLite calls it only after releasing the locks the failed
// attempt took, so a waiter never blocks the connection it waits for.
//
// Not thread-safe: one thread at a time (the handle is opened without SQLite's
// own mutexes).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "dialect/dialect.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace strata::detail {

class SqliteConnection final : public Connection {
 public:
  static constexpr int kDefaultBusyWaitMs = 30'000;

  // Opens (creating if missing) the database file at `path`; "" or ":memory:"
  // opens a private in-memory database. A path is never read as a `file:` URI.
  // Errors name the path and SQLite's reason, e.g. a missing directory.
  static Result<std::unique_ptr<SqliteConnection>> open(std::string_view path);

  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Bound on each wait for a lock held by another connection; 0 = fail at once
  // with SQLITE_BUSY.
  void set_busy_wait_ms(int milliseconds) { busy_wait_ms_ = milliseconds < 0 ? 0 : milliseconds; }
  int busy_wait_ms() const { return busy_wait_ms_; }

  // Runs every statement of `sql` in order, discarding rows. On failure,
  // Error::line is the 1-based line in `sql` where the failing statement
  // starts and Error::sqlstate the extended result code's name
  // ("SQLITE_CONSTRAINT_UNIQUE").
  Status exec(std::string_view sql) override;
  // One statement; each `?` is bound as text. Values come back as SQLite's
  // text conversion of the stored value (integer 42 -> "42").
  Result<QueryResult> query(std::string_view sql,
                            const std::vector<std::optional<std::string>>& params = {}) override;
  // Rows changed by the last INSERT/UPDATE/DELETE that `sql` ran; 0 when it
  // ran none (DDL does not report a previous statement's count).
  Result<int64_t> exec_count(std::string_view sql) override;
  // BEGIN IMMEDIATE: takes the write lock now, waiting while another
  // connection writes.
  Status begin() override;
  Status commit() override;
  // A no-op when no transaction is open (SQLite may already have rolled it
  // back after an error such as SQLITE_FULL), so the caller's first error
  // stays the one reported.
  Status rollback() override;
  // flock(LOCK_EX|LOCK_NB) on `<db>.strata-lock`: the kernel releases it when
  // the process dies. `key` is not used: there is one migration lock per
  // database. Succeeds without locking for an in-memory database, or when the
  // sidecar cannot be opened (read-only directory): the write lock that each
  // step's BEGIN IMMEDIATE takes still serializes the runs.
  Result<bool> try_lock(std::string_view key) override;
  Status unlock(std::string_view key) override;
  Status set_lock_timeout(int milliseconds) override { return {}; }
  std::string server_version() override;
  // `table` or `schema.table` (an attached schema); unqualified = main.
  Result<bool> table_exists(std::string_view table) override;

  // Whether this connection holds the sidecar lock now.
  bool holds_lock() const { return lock_fd_ >= 0 && lock_held_; }
  // The sidecar's path; "" for an in-memory database.
  const std::string& lock_path() const { return lock_path_; }

 private:
  SqliteConnection(sqlite3* db, std::string path, std::string lock_path);

  static int on_busy(void* self, int count);
  Error last_error(std::string_view sql, size_t statement_offset) const;
  // Copies `sql` into the reusable NUL-terminated buffer so SQLite parses it
  // in place instead of duplicating the rest of the script per statement.
  std::string_view stage(std::string_view sql);
  // Steps a cached transaction-control statement, retrying on SQLITE_BUSY
  // that the busy handler did not already wait out.
  Status run_control(sqlite3_stmt*& slot, const char* sql);

  sqlite3* db_ = nullptr;
  std::string path_;
  std::string lock_path_;
  std::string buffer_;
  int busy_wait_ms_ = kDefaultBusyWaitMs;
  std::chrono::steady_clock::time_point busy_since_{};
  bool busy_gave_up_ = false;
  sqlite3_stmt* begin_stmt_ = nullptr;
  sqlite3_stmt* commit_stmt_ = nullptr;
  sqlite3_stmt* rollback_stmt_ = nullptr;
  int lock_fd_ = -1;
  bool lock_held_ = false;
  bool lock_unavailable_ = false;
};

}  // namespace strata::detail
