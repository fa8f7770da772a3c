// Table sizes for `strata lint` on SQLite.
#include <charconv>

#include "dialect/sqlite/sqlite_inspect_lexer.hpp"
#include "dialect/sqlite/sqlite_lint.hpp"
#include "dialect/sqlite/sqlite_text.hpp"

namespace strata::detail {

namespace {

int64_t to_int(const std::optional<std::string>& s) {
  int64_t v = 0;
  if (s) std::from_chars(s->data(), s->data() + s->size(), v);
  return v;
}

constexpr std::string_view kTablesSql =
    "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
    "ESCAPE '\\'";
// The first number of a stat is the table's row count; a table's rows are
// counted by each of its indexes (and by a NULL-index row when it has none).
constexpr std::string_view kStatSql =
    "SELECT tbl, max(CAST(stat AS INTEGER)) FROM main.sqlite_stat1 GROUP BY tbl";
// Pages of each table and of its indexes.
constexpr std::string_view kDbstatSql =
    "SELECT m.tbl_name, sum(d.pgsize) FROM dbstat('main') d "
    "JOIN main.sqlite_master m ON m.name = d.name GROUP BY m.tbl_name";

}  // namespace

Result<std::map<std::string, lint::TableSize>> sqlite_table_sizes(Connection& conn) {
  STRATA_TRY(QueryResult tables, conn.query(kTablesSql));
  std::map<std::string, int64_t> stat_rows;  // by exact name
  STRATA_TRY(QueryResult has_stat,
             conn.query("SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_stat1'"));
  if (!has_stat.rows.empty()) {
    STRATA_TRY(QueryResult stats, conn.query(kStatSql));
    for (const auto& row : stats.rows) {
      if (row.size() == 2 && row[0]) stat_rows[*row[0]] = to_int(row[1]);
    }
  }

  std::map<std::string, lint::TableSize> out;
  int64_t total_rows = 0;
  for (const auto& row : tables.rows) {
    if (row.empty() || !row[0]) continue;
    const std::string& name = *row[0];
    lint::TableSize size;
    auto stat = stat_rows.find(name);
    if (stat != stat_rows.end()) {
      size.rows = stat->second;
    } else {
      STRATA_TRY(QueryResult count,
                 conn.query("SELECT count(*) FROM main." + sqlite_text::quote_ident(name)));
      size.rows = count.rows.empty() || count.rows[0].empty() ? 0 : to_int(count.rows[0][0]);
    }
    total_rows += size.rows;
    out[sqlite_lex::fold_case(name)] = size;
  }

  auto pages = conn.query(kDbstatSql);
  if (pages) {
    for (const auto& row : pages->rows) {
      if (row.size() != 2 || !row[0]) continue;
      auto it = out.find(sqlite_lex::fold_case(*row[0]));
      if (it != out.end()) it->second.bytes = to_int(row[1]);
    }
    return out;
  }
  // No dbstat in this SQLite build: share the file's size out by rows.
  STRATA_TRY(QueryResult page_count, conn.query("PRAGMA main.page_count"));
  STRATA_TRY(QueryResult page_size, conn.query("PRAGMA main.page_size"));
  auto first = [](const QueryResult& r) {
    return r.rows.empty() || r.rows[0].empty() ? 0 : to_int(r.rows[0][0]);
  };
  const double file_bytes = static_cast<double>(first(page_count)) * first(page_size);
  for (auto& [name, size] : out) {
    size.bytes = total_rows == 0
                     ? 0
                     : static_cast<int64_t>(file_bytes * static_cast<double>(size.rows) /
                                            static_cast<double>(total_rows));
  }
  return out;
}

}  // namespace strata::detail
