// The bookkeeping tables of a database: the version table (one row per applied
// head, as alembic_version), the history table (every up/down/stamp/resolve
// with checksum, time, duration, who, strata version) and the journal (the
// statement a non-transactional section reached). Reads use parameters;
// writes are batched into one round trip with quoted literals, since the
// runner issues them once per revision inside its transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "dialect/dialect.hpp"

namespace strata::detail {

struct JournalRow {
  std::string revision;
  std::string direction;    // "up" | "down"
  int statement_index = 0;  // statements completed
  int statement_count = 0;
  std::string state;  // running | failed
  std::string checksum;
  std::string updated_at;
  std::string error;
};

struct HistoryRow {
  std::string revision;
  std::string direction;
  std::string checksum;
  std::string started_at;
  int64_t duration_ms = 0;
  std::string applied_by;
  std::string hostname;
  std::string strata_version;
  std::string message;
};

// One finished step's bookkeeping: the version-table rows it removes and
// adds, its history row, and whether its journal row goes.
struct Bookkeeping {
  std::vector<std::string> delete_rows;
  std::vector<std::string> insert_rows;
  HistoryRow history;
  bool clear_journal = false;
};

class VersionStore {
 public:
  // `conn` may be null for offline use (only the *_sql() builders then).
  VersionStore(const Dialect& dialect, Connection* conn, std::string version_table);

  // Whether the version table exists (read-only commands never create it).
  Result<bool> exists();
  // Creates the three tables if missing. Call with the migration lock held.
  Status ensure();
  Result<std::vector<std::string>> heads();
  Result<std::vector<JournalRow>> journal();
  Result<std::vector<HistoryRow>> history();
  // Latest recorded checksum of each revision currently applied by an "up".
  Result<std::vector<std::pair<std::string, std::string>>> applied_checksums();

  // SQL text (one script) that moves the version table from one set of rows
  // to another and appends a history row; runs inside the caller's
  // transaction. Also used verbatim by offline `--sql`.
  std::string update_sql(const std::vector<std::string>& delete_rows,
                         const std::vector<std::string>& insert_rows, const HistoryRow& h,
                         bool clear_journal) const;
  // The bookkeeping of several steps in order, in as few statements as give
  // the same end state: a chain of one-row moves (a -> b, b -> c) becomes one
  // UPDATE (a -> c), the history rows one INSERT, the journal rows one DELETE.
  std::string batch_update_sql(const std::vector<Bookkeeping>& steps) const;
  // Journal rows of sections about to start, in one INSERT.
  std::string journal_insert_many_sql(const std::vector<JournalRow>& rows) const;
  // The journal row of a section starting now (one INSERT), and its progress
  // afterwards (one UPDATE): each a single statement, so atomic even in
  // autocommit mode, and a crash never loses the row.
  std::string journal_insert_sql(const JournalRow& j) const;
  std::string journal_update_sql(const JournalRow& j) const;
  std::string journal_delete_sql(const std::string& revision) const;
  std::vector<std::string> create_sql() const { return dialect_.bookkeeping_ddl(table_); }

  const std::string& table() const { return table_; }

 private:
  std::string q(const std::string& suffix) const;  // quoted table name + suffix
  std::string lit(const std::string& v) const { return dialect_.quote_literal(v); }
  std::string history_values(const HistoryRow& h) const;
  std::string journal_values(const JournalRow& j) const;

  const Dialect& dialect_;
  Connection* conn_;
  std::string table_;
};

}  // namespace strata::detail
