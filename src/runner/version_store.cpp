#include "runner/version_store.hpp"

#include <fmt/format.h>

#include "common/strings.hpp"

namespace strata::detail {

VersionStore::VersionStore(const Dialect& dialect, Connection* conn, std::string version_table)
    : dialect_(dialect), conn_(conn), table_(std::move(version_table)) {}

std::string VersionStore::q(const std::string& suffix) const {
  // A schema-qualified name quotes each part; the suffix joins the table part.
  size_t dot = table_.find('.');
  if (dot == std::string::npos) return dialect_.quote_ident(table_ + suffix);
  return dialect_.quote_ident(table_.substr(0, dot)) + "." +
         dialect_.quote_ident(table_.substr(dot + 1) + suffix);
}

Result<bool> VersionStore::exists() { return conn_->table_exists(table_); }

Status VersionStore::ensure() {
  STRATA_TRY(bool present, conn_->table_exists(table_ + "_journal"));
  if (present) return {};
  for (const auto& ddl : dialect_.bookkeeping_ddl(table_)) STRATA_CHECK(conn_->exec(ddl));
  return {};
}

Result<std::vector<std::string>> VersionStore::heads() {
  std::string sql = fmt::format("SELECT version_num FROM {}", q(""));
  if (!dialect_.traits().version_order_by.empty())
    sql += " ORDER BY " + dialect_.traits().version_order_by;
  STRATA_TRY(QueryResult r, conn_->query(sql));
  std::vector<std::string> out;
  out.reserve(r.rows.size());
  for (auto& row : r.rows)
    if (row[0]) out.push_back(*row[0]);
  return out;
}

namespace {
std::string cell(const std::vector<std::optional<std::string>>& row, size_t i) {
  return i < row.size() && row[i] ? *row[i] : std::string();
}
int64_t cell_int(const std::vector<std::optional<std::string>>& row, size_t i) {
  std::string s = cell(row, i);
  return s.empty() ? 0 : std::stoll(s);
}
}  // namespace

Result<std::vector<JournalRow>> VersionStore::journal() {
  STRATA_TRY(bool present, conn_->table_exists(table_ + "_journal"));
  if (!present) return std::vector<JournalRow>{};
  STRATA_TRY(QueryResult r, conn_->query(fmt::format(
                                "SELECT revision, direction, statement_index, statement_count, "
                                "state, checksum, updated_at, error FROM {} ORDER BY revision",
                                q("_journal"))));
  std::vector<JournalRow> out;
  for (auto& row : r.rows) {
    JournalRow j;
    j.revision = cell(row, 0);
    j.direction = cell(row, 1);
    j.statement_index = static_cast<int>(cell_int(row, 2));
    j.statement_count = static_cast<int>(cell_int(row, 3));
    j.state = cell(row, 4);
    j.checksum = cell(row, 5);
    j.updated_at = cell(row, 6);
    j.error = cell(row, 7);
    out.push_back(std::move(j));
  }
  return out;
}

Result<std::vector<HistoryRow>> VersionStore::history() {
  STRATA_TRY(bool present, conn_->table_exists(table_ + "_history"));
  if (!present) return std::vector<HistoryRow>{};
  STRATA_TRY(QueryResult r, conn_->query(fmt::format(
                                "SELECT revision, direction, checksum, started_at, duration_ms, "
                                "applied_by, hostname, strata_version, message FROM {} ORDER BY id",
                                q("_history"))));
  std::vector<HistoryRow> out;
  out.reserve(r.rows.size());
  for (auto& row : r.rows) {
    HistoryRow h;
    h.revision = cell(row, 0);
    h.direction = cell(row, 1);
    h.checksum = cell(row, 2);
    h.started_at = cell(row, 3);
    h.duration_ms = cell_int(row, 4);
    h.applied_by = cell(row, 5);
    h.hostname = cell(row, 6);
    h.strata_version = cell(row, 7);
    h.message = cell(row, 8);
    out.push_back(std::move(h));
  }
  return out;
}

std::string VersionStore::update_sql(const std::vector<std::string>& delete_rows,
                                     const std::vector<std::string>& insert_rows,
                                     const HistoryRow& h, bool clear_journal) const {
  std::string sql;
  // As Alembic writes it: the last deleted row and the last inserted one pair
  // up as an UPDATE; any others are plain DELETEs and INSERTs.
  bool pair = !delete_rows.empty() && !insert_rows.empty();
  size_t nd = delete_rows.size() - (pair ? 1 : 0);
  size_t ni = insert_rows.size() - (pair ? 1 : 0);
  for (size_t i = 0; i < nd; ++i)
    sql += fmt::format("DELETE FROM {} WHERE version_num = {};\n", q(""), lit(delete_rows[i]));
  if (pair)
    sql += fmt::format("UPDATE {} SET version_num = {} WHERE version_num = {};\n", q(""),
                       lit(insert_rows.back()), lit(delete_rows.back()));
  for (size_t i = 0; i < ni; ++i)
    sql += fmt::format("INSERT INTO {} (version_num) VALUES ({});\n", q(""), lit(insert_rows[i]));
  if (!h.revision.empty()) {
    sql += fmt::format(
        "INSERT INTO {} (revision, direction, checksum, started_at, duration_ms, applied_by, "
        "hostname, strata_version, message) VALUES {};\n",
        q("_history"), history_values(h));
  }
  if (clear_journal) sql += journal_delete_sql(h.revision);
  return sql;
}

std::string VersionStore::history_values(const HistoryRow& h) const {
  return fmt::format("({}, {}, {}, {}, {}, {}, {}, {}, {})", lit(h.revision), lit(h.direction),
                     h.checksum.empty() ? "NULL" : lit(h.checksum),
                     h.started_at.empty() ? dialect_.now_sql() : lit(h.started_at), h.duration_ms,
                     lit(h.applied_by), lit(h.hostname), lit(h.strata_version), lit(h.message));
}

std::string VersionStore::batch_update_sql(const std::vector<Bookkeeping>& steps) const {
  if (steps.size() == 1) {
    const Bookkeeping& b = steps[0];
    return update_sql(b.delete_rows, b.insert_rows, b.history, b.clear_journal);
  }
  std::string sql;
  // Version rows: a run of one-row moves, each from where the previous one
  // went, is one move from the first row to the last; anything else as is.
  for (size_t i = 0; i < steps.size();) {
    auto is_move = [](const Bookkeeping& b) {
      return b.delete_rows.size() == 1 && b.insert_rows.size() == 1;
    };
    size_t end = i + 1;
    if (is_move(steps[i])) {
      while (end < steps.size() && is_move(steps[end]) &&
             steps[end].delete_rows[0] == steps[end - 1].insert_rows[0])
        ++end;
    }
    sql += update_sql(steps[i].delete_rows, steps[end - 1].insert_rows, {}, false);
    i = end;
  }
  std::string history;
  std::string journal;
  for (const Bookkeeping& b : steps) {
    if (!b.history.revision.empty())
      history += (history.empty() ? "" : ", ") + history_values(b.history);
    if (b.clear_journal && !b.history.revision.empty())
      journal += (journal.empty() ? "" : ", ") + lit(b.history.revision);
  }
  if (!history.empty()) {
    sql += fmt::format(
        "INSERT INTO {} (revision, direction, checksum, started_at, duration_ms, applied_by, "
        "hostname, strata_version, message) VALUES {};\n",
        q("_history"), history);
  }
  if (!journal.empty())
    sql += fmt::format("DELETE FROM {} WHERE revision IN ({});\n", q("_journal"), journal);
  return sql;
}

std::string VersionStore::journal_values(const JournalRow& j) const {
  return fmt::format("({}, {}, {}, {}, {}, {}, {}, {})", lit(j.revision), lit(j.direction),
                     j.statement_index, j.statement_count, lit(j.state), lit(j.checksum),
                     dialect_.now_sql(), j.error.empty() ? "NULL" : lit(j.error));
}

std::string VersionStore::journal_insert_sql(const JournalRow& j) const {
  return journal_insert_many_sql({j});
}

std::string VersionStore::journal_insert_many_sql(const std::vector<JournalRow>& rows) const {
  std::string values;
  for (const JournalRow& j : rows) values += (values.empty() ? "" : ", ") + journal_values(j);
  return fmt::format(
      "INSERT INTO {} (revision, direction, statement_index, statement_count, state, checksum, "
      "updated_at, error) VALUES {}",
      q("_journal"), values);
}

std::string VersionStore::journal_update_sql(const JournalRow& j) const {
  return fmt::format(
      "UPDATE {} SET statement_index = {}, statement_count = {}, state = {}, checksum = {}, "
      "updated_at = {}, error = {} WHERE revision = {} AND direction = {}",
      q("_journal"), j.statement_index, j.statement_count, lit(j.state), lit(j.checksum),
      dialect_.now_sql(), j.error.empty() ? "NULL" : lit(j.error), lit(j.revision),
      lit(j.direction));
}

std::string VersionStore::journal_delete_sql(const std::string& revision) const {
  return fmt::format("DELETE FROM {} WHERE revision = {};\n", q("_journal"), lit(revision));
}

Result<std::vector<std::pair<std::string, std::string>>> VersionStore::applied_checksums() {
  STRATA_TRY(auto rows, history());
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& h : rows)
    if (h.direction == "up" || h.direction == "resolve") out.emplace_back(h.revision, h.checksum);
  return out;
}

}  // namespace strata::detail
