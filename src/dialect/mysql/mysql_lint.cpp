#include "dialect/mysql/mysql_lint.hpp"

#include <fmt/format.h>

#include "dialect/mysql/mysql_lint_support.hpp"

namespace strata::detail {

namespace mysql_lint {

using lint::Severity;

Severity Analysis::lock_severity(const std::string& table, Severity risky) const {
  return lint::is_risky_table(table, ctx) ? risky : Severity::kInfo;
}

std::optional<std::string> Analysis::column_type(const std::string& table,
                                                 const std::string& column) const {
  if (!ctx.table_size) return std::nullopt;
  auto size = ctx.table_size(table);
  if (!size) return std::nullopt;
  // Column names compare without case in MySQL.
  std::string wanted = to_lower(column);
  for (const auto& [name, type] : size->column_types) {
    if (to_lower(name) == wanted) return type;
  }
  return std::nullopt;
}

bool Analysis::known_empty(const std::string& table) const {
  if (!ctx.table_size) return false;
  auto size = ctx.table_size(table);
  return size && size->rows == 0;
}

std::string Analysis::table_name(size_t i, size_t& next) const {
  next = i;
  if (!t.is_name(i)) return {};
  std::string first = t.value(i);
  if (t.is_symbol(i + 1, '.') && t.is_name(i + 2)) {
    next = i + 3;
    return first + "." + t.value(i + 2);
  }
  next = i + 1;
  return first;
}

size_t Analysis::skip_if_exists(size_t i) const {
  if (!t.is_word(i, "IF")) return i;
  return t.is_word(i + 1, "NOT") ? i + 3 : i + 2;
}

std::string Analysis::version_label() const {
  int v = version();
  if (mariadb()) return fmt::format("MariaDB {}.{}", v / 10000, v % 10000);
  return fmt::format("MySQL {}.{}.{}", v / 10000, (v / 100) % 100, v % 100);
}

bool Analysis::instant_add_at_end() const {
  if (version() == 0) return true;
  return mariadb() ? version() >= 100003 : version() >= 80012;
}

bool Analysis::instant_add_anywhere() const {
  if (version() == 0) return true;
  return mariadb() ? version() >= 100004 : version() >= 80029;
}

void read_ddl_options(const TokenList& t, size_t first, size_t last, DdlOptions& out) {
  for (size_t i = first; i < last; i = t.close_of(i) + 1) {
    bool algorithm = t.is_word(i, "ALGORITHM");
    if (!algorithm && !t.is_word(i, "LOCK")) continue;
    size_t v = t.is_symbol(i + 1, '=') ? i + 2 : i + 1;
    if (v >= last) return;
    (algorithm ? out.algorithm : out.lock) = to_upper(t.value(v));
    i = v;
  }
}

void lint_explicit_lock(Analysis& a, const std::string& table, const DdlOptions& options) {
  if (options.lock != "SHARED" && options.lock != "EXCLUSIVE") return;
  bool exclusive = options.lock == "EXCLUSIVE";
  a.hit("mysql-explicit-lock", a.lock_severity(table, Severity::kError), table,
        fmt::format("LOCK={} on {} blocks {} until the statement ends, even where InnoDB could "
                    "let them through",
                    options.lock, a.describe(table), exclusive ? "reads and writes" : "writes"));
}

void lint_new_index(Analysis& a, const std::string& table, std::string_view kind,
                    std::string_view what, const DdlOptions& options) {
  if (kind == "FULLTEXT" || kind == "SPATIAL") {
    if (options.refuses_shared_lock() || options.lock == "SHARED" || options.lock == "EXCLUSIVE")
      return;  // refused, or already reported as an explicit lock
    a.hit("mysql-index-blocks-writes", a.lock_severity(table, Severity::kError), table,
          fmt::format("{} on {} is built in place only under LOCK=SHARED: writes wait until the "
                      "build ends{}",
                      what, a.describe(table),
                      kind == "FULLTEXT" ? "; a table's first FULLTEXT index also rebuilds the "
                                           "table to add its hidden FTS_DOC_ID column"
                                         : ""));
    return;
  }
  if (!options.lock.empty() || options.algorithm == "COPY") return;  // NONE, or reported
  a.hit("mysql-add-index", Severity::kInfo, table,
        fmt::format("{} on {} is built in place while reads and writes go on; write "
                    "ALGORITHM=INPLACE, LOCK=NONE so the server refuses rather than locks the "
                    "table if it cannot",
                    what, a.describe(table)));
}

namespace {

void lint_transaction(Analysis& a, std::string_view what) {
  if (!a.ctx.in_transaction) return;
  a.hit("transaction-control-in-transaction", Severity::kError, "",
        fmt::format("{} in a section strata runs in a transaction: MySQL commits the open "
                    "transaction implicitly, so the revision is no longer applied and recorded "
                    "atomically",
                    what));
}

void lint_create(Analysis& a, size_t i) {
  const TokenList& t = a.t;
  if (t.is_word(i, "OR") && t.is_word(i + 1, "REPLACE")) i += 2;
  if (t.is_word(i, "TEMPORARY")) ++i;
  if (t.is_word(i, "TABLE")) {
    size_t next = 0;
    std::string table = a.table_name(a.skip_if_exists(i + 1), next);
    if (!table.empty()) a.result.created_tables.push_back(table);
    return;
  }
  if (t.is_word(i, "ONLINE") || t.is_word(i, "OFFLINE")) ++i;
  std::string kind = "INDEX";
  if (t.is_word(i, "UNIQUE") || t.is_word(i, "FULLTEXT") || t.is_word(i, "SPATIAL")) {
    kind = t.upper(i);
    ++i;
  }
  if (!t.is_word(i, "INDEX")) return;
  size_t on = i + 1;
  while (on < t.size() && !t.is_word(on, "ON")) on = t.close_of(on) + 1;
  size_t next = 0;
  std::string table = a.table_name(on + 1, next);
  if (table.empty() || a.created_here(table)) return;
  DdlOptions options;
  if (t.is_symbol(next, '(')) next = t.close_of(next) + 1;
  read_ddl_options(t, next, t.size(), options);
  lint_explicit_lock(a, table, options);
  std::string what = kind == "INDEX" ? "CREATE INDEX" : fmt::format("CREATE {} INDEX", kind);
  lint_new_index(a, table, kind, what, options);
}

void lint_drop(Analysis& a, size_t i) {
  const TokenList& t = a.t;
  if (t.is_word(i, "INDEX")) {  // DROP INDEX i ON t [ALGORITHM=...] [LOCK=...]
    size_t on = i + 1;
    while (on < t.size() && !t.is_word(on, "ON")) ++on;
    size_t next = 0;
    std::string table = a.table_name(on + 1, next);
    if (table.empty() || a.created_here(table)) return;
    DdlOptions options;
    read_ddl_options(t, next, t.size(), options);
    lint_explicit_lock(a, table, options);
    return;
  }
  if (t.is_word(i, "TEMPORARY") || !t.is_word(i, "TABLE")) return;
  size_t k = a.skip_if_exists(i + 1);
  while (k < t.size()) {
    size_t next = 0;
    std::string table = a.table_name(k, next);
    if (table.empty()) return;
    if (!a.created_here(table)) {
      a.hit("drop-table", Severity::kWarning, table,
            fmt::format("DROP TABLE {} deletes the table and all its data; code still using it "
                        "fails",
                        a.describe(table)));
    }
    if (!t.is_symbol(next, ',')) return;
    k = next + 1;
  }
}

// RENAME TABLE a TO b [, c TO d ...]
void lint_rename_table(Analysis& a, size_t k) {
  const TokenList& t = a.t;
  while (k < t.size()) {
    size_t next = 0;
    std::string from = a.table_name(k, next);
    if (from.empty() || !t.is_word(next, "TO")) return;
    std::string to = a.table_name(next + 1, next);
    if (a.created_here(from)) {
      a.result.created_tables.push_back(to);
    } else {
      a.hit("rename-table", Severity::kWarning, from,
            fmt::format("renaming table {} to {}: running code that uses the old name fails "
                        "until it is deployed again",
                        a.describe(from), to));
    }
    if (!t.is_symbol(next, ',')) return;
    k = next + 1;
  }
}

void lint_truncate(Analysis& a, size_t i) {
  const TokenList& t = a.t;
  if (t.is_word(i, "TABLE")) ++i;
  size_t next = 0;
  std::string table = a.table_name(i, next);
  if (table.empty() || a.created_here(table)) return;
  a.hit("truncate-table", Severity::kInfo, table,
        fmt::format("TRUNCATE drops and recreates {} under an exclusive metadata lock, and MySQL "
                    "commits it at once: it cannot be rolled back",
                    a.describe(table)));
}

void lint_optimize(Analysis& a, size_t i) {
  const TokenList& t = a.t;
  if (t.is_word(i, "NO_WRITE_TO_BINLOG") || t.is_word(i, "LOCAL")) ++i;
  if (!t.is_word(i, "TABLE") && !t.is_word(i, "TABLES")) return;
  size_t k = i + 1;
  while (k < t.size()) {
    size_t next = 0;
    std::string table = a.table_name(k, next);
    if (table.empty()) return;
    if (!a.created_here(table)) {
      a.hit("mysql-table-rebuild", a.lock_severity(table, Severity::kWarning), table,
            fmt::format("OPTIMIZE TABLE {} recreates the InnoDB table: it rebuilds it in place, "
                        "so reads and writes go on, but every row is rewritten, which takes the "
                        "time and disk space of a full copy",
                        a.describe(table)));
    }
    if (!t.is_symbol(next, ',')) return;
    k = next + 1;
  }
}

void lint_statement(Analysis& a) {
  const TokenList& t = a.t;
  if (t.size() == 0) return;
  std::string first = t.upper(0);
  if (first == "BEGIN" && !t.is_word(1, "NOT")) {
    lint_transaction(a, "BEGIN");
  } else if (first == "START" && t.is_word(1, "TRANSACTION")) {
    lint_transaction(a, "START TRANSACTION");
  } else if (first == "COMMIT") {
    lint_transaction(a, "COMMIT");
  } else if (first == "ROLLBACK" && !t.is_word(1, "TO") && !t.is_word(2, "TO")) {
    lint_transaction(a, "ROLLBACK");
  } else if (first == "CREATE") {
    lint_create(a, 1);
  } else if (first == "DROP") {
    lint_drop(a, 1);
  } else if (first == "ALTER") {
    size_t i = 1;
    bool online = false;
    if (t.is_word(i, "ONLINE")) {
      online = true;
      ++i;
    }
    if (t.is_word(i, "IGNORE")) ++i;
    if (t.is_word(i, "TABLE")) lint_alter_table(a, i + 1, online);
  } else if (first == "RENAME" && t.is_word(1, "TABLE")) {
    lint_rename_table(a, 2);
  } else if (first == "TRUNCATE") {
    lint_truncate(a, 1);
  } else if (first == "OPTIMIZE") {
    lint_optimize(a, 1);
  }
}

}  // namespace

}  // namespace mysql_lint

Result<lint::StatementAnalysis> lint_mysql(const StatementText& statement,
                                           const lint::StatementContext& context) {
  mysql_lint::TokenList tokens(statement.sql);
  mysql_lint::Analysis a{context, tokens, {}};
  mysql_lint::lint_statement(a);
  return std::move(a.result);
}

}  // namespace strata::detail
