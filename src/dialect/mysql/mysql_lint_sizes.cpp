// Table sizes for `strata lint` on MySQL/MariaDB: two information_schema
// queries for the connection's database (DATABASE()), whatever the number of
// tables; on MySQL 8 a third statement first makes the session read the
// statistics fresh rather than from information_schema's cache.
#include <charconv>

#include "dialect/mysql/mysql_lint.hpp"

namespace strata::detail {

namespace {

// TABLE_ROWS is InnoDB's estimate (exact after ANALYZE TABLE on a small
// table); bytes are the clustered index plus the secondary indexes.
constexpr std::string_view kTablesSql =
    "SELECT TABLE_NAME, TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH, TABLE_SCHEMA "
    "FROM information_schema.TABLES "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";

constexpr std::string_view kColumnsSql =
    "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, CHARACTER_SET_NAME, IS_NULLABLE, COLUMN_KEY, "
    "EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()";

int64_t to_int(const std::optional<std::string>& s) {
  int64_t v = 0;
  if (s) std::from_chars(s->data(), s->data() + s->size(), v);
  return v;
}

bool contains(const std::optional<std::string>& s, std::string_view word) {
  if (!s) return false;
  std::string lower = *s;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower.find(word) != std::string::npos;
}

// "varchar(10) CHARACTER SET utf8mb4 NOT NULL PRIMARY KEY AUTO_INCREMENT":
// what mysql_lint_types reads back (parse_catalog_type).
std::string catalog_type(const std::vector<std::optional<std::string>>& row) {
  std::string out = row[2].value_or("");
  if (row[3] && !row[3]->empty()) out += " CHARACTER SET " + *row[3];
  if (row[4] && *row[4] == "NO") out += " NOT NULL";
  if (row[5] && *row[5] == "PRI") out += " PRIMARY KEY";
  if (contains(row[6], "auto_increment")) out += " AUTO_INCREMENT";
  return out;
}

}  // namespace

Result<std::map<std::string, lint::TableSize>> mysql_table_sizes(Connection& conn) {
  std::string version = conn.server_version();
  if (version.rfind("MySQL ", 0) == 0 && version.size() > 6 && version[6] >= '8') {
    // information_schema caches TABLE_ROWS for a day by default on MySQL 8.
    // (Before 8.0.3 the variable does not exist and the cache neither.)
    (void)conn.exec("SET SESSION information_schema_stats_expiry = 0");
  }
  STRATA_TRY(QueryResult tables, conn.query(kTablesSql));
  std::map<std::string, lint::TableSize> sizes;
  std::string schema;
  for (const auto& row : tables.rows) {
    if (row.size() < 4 || !row[0]) continue;
    sizes[*row[0]] = lint::TableSize{to_int(row[1]), to_int(row[2]), {}};
    if (row[3]) schema = *row[3];
  }
  STRATA_TRY(QueryResult columns, conn.query(kColumnsSql));
  for (const auto& row : columns.rows) {
    if (row.size() < 7 || !row[0] || !row[1]) continue;
    auto it = sizes.find(*row[0]);
    if (it != sizes.end()) it->second.column_types[*row[1]] = catalog_type(row);
  }
  // The SQL may name the database too: `app`.`users`.
  std::map<std::string, lint::TableSize> out = sizes;
  if (!schema.empty()) {
    for (const auto& [name, size] : sizes) out.emplace(schema + "." + name, size);
  }
  return out;
}

}  // namespace strata::detail
