#include "dialect/sqlite/sqlite_connection.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <system_error>
#include <thread>

#include "dialect/sqlite/sqlite_text.hpp"
#include "strata/migrator.hpp"

namespace strata::detail {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// 1, 2, 4, ... 32 ms, then 50 ms: short waits stay short, long ones poll
// gently.
milliseconds backoff(int attempt) {
  if (attempt >= 6) return milliseconds(50);
  return milliseconds(1 << attempt);
}

// Sleeps for the next backoff step, never past `limit` since `since`.
// Returns false, without sleeping, once the limit is reached.
bool wait_more(Clock::time_point since, int limit_ms, int attempt) {
  const auto waited = Clock::now() - since;
  const auto limit = milliseconds(limit_ms);
  if (waited >= limit) return false;
  std::this_thread::sleep_for(std::min<Clock::duration>(backoff(attempt), limit - waited));
  return true;
}

// `;` after the single statement query() runs is fine; more SQL is not.
bool only_terminators_left(std::string_view text, size_t pos) {
  for (;;) {
    pos = sqlite_text::skip_insignificant(text, pos);
    if (pos >= text.size()) return true;
    if (text[pos] != ';') return false;
    ++pos;
  }
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(std::string_view path) {
  const bool memory = path.empty() || path == ":memory:";
  std::string file = memory ? std::string(":memory:") : std::string(path);
  // Debian builds SQLite with SQLITE_USE_URI, which reads any name starting
  // with "file:" as a URI; "./" keeps such a name a plain relative path.
  if (!memory && file.compare(0, 5, "file:") == 0) file.insert(0, "./");

  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error e;
    e.message = fmt::format("cannot open SQLite database {}: {}", path,
                            db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    const int os_error = db != nullptr ? sqlite3_system_errno(db) : 0;
    if (os_error != 0) e.message += " (" + std::generic_category().message(os_error) + ")";
    e.sqlstate = sqlite_text::result_code_name(db != nullptr ? sqlite3_extended_errcode(db) : rc);
    sqlite3_close(db);
    return fail(std::move(e));
  }
  sqlite3_extended_result_codes(db, 1);

  std::string lock_path;
  if (!memory) {
    // SQLite's own absolute name for the file keeps the sidecar in place if
    // the process later changes directory.
    const char* full = sqlite3_db_filename(db, "main");
    lock_path = (full != nullptr && *full != '\0') ? std::string(full) : file;
    lock_path += ".strata-lock";
  }
  std::unique_ptr<SqliteConnection> conn(
      new SqliteConnection(db, std::string(path), std::move(lock_path)));

  // Opening is lazy about the file's contents; reading the schema now turns
  // "file is not a database" into an error that can name the path.
  if (auto st = conn->exec("SELECT 1 FROM sqlite_master LIMIT 0"); !st) {
    Error e = std::move(st).error();
    e.message = fmt::format("cannot open SQLite database {}: {}", path, e.message);
    e.line = 0;
    return fail(std::move(e));
  }
  return conn;
}

SqliteConnection::SqliteConnection(sqlite3* db, std::string path, std::string lock_path)
    : db_(db), path_(std::move(path)), lock_path_(std::move(lock_path)) {
  sqlite3_busy_handler(db_, &SqliteConnection::on_busy, this);
}

SqliteConnection::~SqliteConnection() {
  sqlite3_finalize(begin_stmt_);
  sqlite3_finalize(commit_stmt_);
  sqlite3_finalize(rollback_stmt_);
  sqlite3_close_v2(db_);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

int SqliteConnection::on_busy(void* self_ptr, int count) {
  auto* self = static_cast<SqliteConnection*>(self_ptr);
  if (count == 0) self->busy_since_ = Clock::now();
  if (wait_more(self->busy_since_, self->busy_wait_ms_, count)) return 1;
  self->busy_gave_up_ = true;
  return 0;
}

Error SqliteConnection::last_error(std::string_view sql, size_t statement_offset) const {
  Error e;
  const int code = sqlite3_extended_errcode(db_);
  e.message = sqlite3_errmsg(db_);
  e.sqlstate = sqlite_text::result_code_name(code);
  e.line = sqlite_text::line_at(sql, sqlite_text::skip_insignificant(sql, statement_offset));
  if ((code & 0xff) == SQLITE_BUSY) {
    e.message += fmt::format(" (gave up after waiting {} ms)", busy_wait_ms_);
    e.hint = "another connection kept a write transaction open on this database";
  }
  return e;
}

std::string_view SqliteConnection::stage(std::string_view sql) {
  buffer_.assign(sql.data(), sql.size());
  return buffer_;
}

namespace {

bool is_foreign_key_check(sqlite3_stmt* stmt) {
  const char* sql = sqlite3_sql(stmt);
  if (sql == nullptr) return false;
  std::string_view text(sql);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  constexpr std::string_view kPragma = "pragma";
  if (text.size() < kPragma.size()) return false;
  for (size_t i = 0; i < kPragma.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != kPragma[i]) return false;
  }
  std::string rest;
  for (char c : text.substr(kPragma.size())) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    rest += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (rest.size() == 17) break;
  }
  return rest == "foreign_key_check";
}

// One row of PRAGMA foreign_key_check: table, rowid, parent, fkid.
Error foreign_key_violation(sqlite3_stmt* stmt) {
  auto col = [&](int i) {
    const unsigned char* t = sqlite3_column_text(stmt, i);
    return t == nullptr ? std::string("NULL") : std::string(reinterpret_cast<const char*>(t));
  };
  Error e;
  e.message = fmt::format(
      "foreign key violation: row {} of table {} references a missing row of {} "
      "(PRAGMA foreign_key_check)",
      col(1), col(0), col(2));
  e.sqlstate = "SQLITE_CONSTRAINT_FOREIGNKEY";
  return e;
}

}  // namespace

Status SqliteConnection::exec(std::string_view sql) {
  if (sql.size() >= static_cast<size_t>(INT_MAX)) return failf("SQL text too long for SQLite");
  const std::string_view text = stage(sql);
  const char* base = buffer_.c_str();
  const char* end = base + text.size();
  const char* p = base;
  while (p < end) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    // The length includes the terminating NUL, which spares SQLite a copy of
    // the rest of the script at every statement.
    const int rc = sqlite3_prepare_v2(db_, p, static_cast<int>(end - p) + 1, &stmt, &tail);
    if (rc != SQLITE_OK) return fail(last_error(text, static_cast<size_t>(p - base)));
    if (stmt == nullptr) {
      if (tail == nullptr || tail <= p) break;
      p = tail;
      continue;
    }
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
      // PRAGMA foreign_key_check reports violations as rows and never fails
      // by itself; a migration (a table rebuild) runs it to stop on one.
      if (is_foreign_key_check(stmt)) {
        Error e = foreign_key_violation(stmt);
        sqlite3_finalize(stmt);
        return fail(std::move(e));
      }
    }
    if (step != SQLITE_DONE) {
      Error e = last_error(text, static_cast<size_t>(p - base));
      sqlite3_finalize(stmt);
      return fail(std::move(e));
    }
    sqlite3_finalize(stmt);
    p = tail;
  }
  return {};
}

Result<QueryResult> SqliteConnection::query(std::string_view sql,
                                            const std::vector<std::optional<std::string>>& params) {
  if (sql.size() >= static_cast<size_t>(INT_MAX)) return failf("SQL text too long for SQLite");
  const std::string_view text = stage(sql);
  const char* base = buffer_.c_str();
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db_, base, static_cast<int>(text.size()) + 1, &stmt, &tail) != SQLITE_OK) {
    return fail(last_error(text, 0));
  }
  if (stmt == nullptr) return failf("query(): no SQL statement in \"{}\"", sql);
  // The statement owns nothing it points to; finalize on every path.
  struct Finalizer {
    sqlite3_stmt* s;
    ~Finalizer() { sqlite3_finalize(s); }
  } finalizer{stmt};

  if (!only_terminators_left(text, static_cast<size_t>(tail - base))) {
    return failf("query() runs one statement; found more SQL after it in \"{}\"", sql);
  }
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (static_cast<size_t>(expected) != params.size()) {
    return failf("statement has {} parameter(s) but {} value(s) were given: {}", expected,
                 params.size(), sql);
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    const int rc = params[i] ? sqlite3_bind_text64(stmt, index, params[i]->data(),
                                                   params[i]->size(), SQLITE_STATIC, SQLITE_UTF8)
                             : sqlite3_bind_null(stmt, index);
    if (rc != SQLITE_OK) return fail(last_error(text, 0));
  }

  QueryResult result;
  const int ncols = sqlite3_column_count(stmt);
  result.columns.reserve(static_cast<size_t>(ncols));
  for (int c = 0; c < ncols; ++c) result.columns.emplace_back(sqlite3_column_name(stmt, c));
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return fail(last_error(text, 0));
    auto& row = result.rows.emplace_back();
    row.reserve(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
        continue;
      }
      const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
      const int size = sqlite3_column_bytes(stmt, c);
      row.emplace_back(std::in_place, data != nullptr ? data : "", static_cast<size_t>(size));
    }
  }
  return result;
}

Result<int64_t> SqliteConnection::exec_count(std::string_view sql) {
  // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE even
  // across later DDL; the running total tells whether `sql` changed anything.
  const sqlite3_int64 before = sqlite3_total_changes64(db_);
  STRATA_CHECK(exec(sql));
  if (sqlite3_total_changes64(db_) == before) return int64_t{0};
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Status SqliteConnection::run_control(sqlite3_stmt*& slot, const char* sql) {
  if (slot == nullptr && sqlite3_prepare_v2(db_, sql, -1, &slot, nullptr) != SQLITE_OK) {
    return fail(last_error(sql, 0));
  }
  const auto since = Clock::now();
  for (int attempt = 0;; ++attempt) {
    busy_gave_up_ = false;
    const int rc = sqlite3_step(slot);
    if (rc == SQLITE_DONE) {
      sqlite3_reset(slot);
      return {};
    }
    Error e = last_error(sql, 0);
    // Resetting ends the failed attempt; in autocommit mode that also drops
    // any lock it took, so the sleep below holds none.
    sqlite3_reset(slot);
    // The busy handler covers the usual waits; this loop covers SQLITE_BUSY
    // that SQLite returns without calling it.
    if ((rc & 0xff) == SQLITE_BUSY && !busy_gave_up_ && wait_more(since, busy_wait_ms_, attempt)) {
      continue;
    }
    return fail(std::move(e));
  }
}

Status SqliteConnection::begin() { return run_control(begin_stmt_, "BEGIN IMMEDIATE"); }

Status SqliteConnection::commit() { return run_control(commit_stmt_, "COMMIT"); }

Status SqliteConnection::rollback() {
  if (sqlite3_get_autocommit(db_) != 0) return {};
  return run_control(rollback_stmt_, "ROLLBACK");
}

Result<bool> SqliteConnection::try_lock(std::string_view key) {
  if (lock_path_.empty() || lock_unavailable_ || lock_held_) return true;
  if (lock_fd_ < 0) {
    int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    // An existing sidecar in a directory we may not write still locks.
    if (fd < 0) fd = ::open(lock_path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      lock_unavailable_ = true;
      return true;
    }
    lock_fd_ = fd;
  }
  int rc;
  do {
    rc = ::flock(lock_fd_, LOCK_EX | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  if (rc == 0) {
    lock_held_ = true;
    return true;
  }
  if (errno == EWOULDBLOCK) return false;
  // The filesystem cannot lock (ENOLCK): run without the sidecar lock.
  ::close(lock_fd_);
  lock_fd_ = -1;
  lock_unavailable_ = true;
  return true;
}

Status SqliteConnection::unlock(std::string_view key) {
  if (lock_fd_ >= 0) {
    if (lock_held_) ::flock(lock_fd_, LOCK_UN);
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
  lock_held_ = false;
  return {};
}

std::string SqliteConnection::server_version() {
  return std::string("SQLite ") + sqlite3_libversion();
}

Result<bool> SqliteConnection::table_exists(std::string_view table) {
  auto [schema, name] = sqlite_text::split_qualified(table);
  const std::string sql = fmt::format(
      "SELECT 1 FROM {}.sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE LIMIT 1",
      schema.empty() ? std::string("main") : sqlite_text::quote_ident(schema));
  STRATA_TRY(auto result, query(sql, {std::move(name)}));
  return !result.rows.empty();
}

}  // namespace strata::detail

// Declared in the public header strata/migrator.hpp; defined here, with the
// rest of strata's SQLite calls.
namespace strata {
bool disable_sqlite_memory_statistics() {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}
}  // namespace strata
