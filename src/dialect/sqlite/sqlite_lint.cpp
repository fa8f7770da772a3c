#include "dialect/sqlite/sqlite_lint.hpp"

#include <fmt/format.h>

#include "dialect/sqlite/sqlite_inspect_lexer.hpp"

namespace strata::detail {

namespace {

using lint::Severity;
using sqlite_lex::TokenKind;
using sqlite_lex::TokenList;

struct Analysis {
  const lint::StatementContext& ctx;
  const TokenList& t;
  lint::StatementAnalysis result;

  void hit(std::string_view rule, Severity severity, std::string table, std::string message) {
    result.add(rule, severity, std::move(table), std::move(message));
  }
  bool created_here(const std::string& table) const { return lint::created_here(table, ctx); }
  std::string describe(const std::string& table) const { return lint::describe_table(table, ctx); }
  // Known to have no row (so a statement that fails on rows succeeds today).
  bool known_empty(const std::string& table) const {
    if (!ctx.table_size) return false;
    auto size = ctx.table_size(table);
    return size && size->rows == 0;
  }

  // A possibly qualified name at token i, folded; `next` gets the index after it.
  // "" when there is no name there.
  std::string table_name(size_t i, size_t& next) const {
    next = i;
    if (!t.is_name(i)) return {};
    std::string first = sqlite_lex::fold_case(t.name(i));
    if (t.kind(i + 1) == TokenKind::kDot && t.is_name(i + 2)) {
      next = i + 3;
      std::string second = sqlite_lex::fold_case(t.name(i + 2));
      return first == "main" ? second : first + "." + second;
    }
    next = i + 1;
    return first;
  }
  // Skips IF NOT EXISTS / IF EXISTS at i.
  size_t skip_if_exists(size_t i) const {
    if (!t.is_word(i, "IF")) return i;
    if (t.is_word(i + 1, "NOT")) return i + 3;
    return i + 2;
  }
};

void refuse_in_transaction(Analysis& a, std::string_view rule, std::string_view what,
                           std::string_view sqlite_says) {
  a.hit(rule, Severity::kError, "",
        fmt::format("{} in a section strata runs in a transaction: SQLite refuses it (\"{}\"), so "
                    "the migration fails",
                    what, sqlite_says));
}

// The column definition of ADD COLUMN, tokens [first, end).
void lint_add_column(Analysis& a, const std::string& table, size_t first, size_t end) {
  const TokenList& t = a.t;
  std::string column = t.is_name(first) ? t.name(first) : std::string();
  bool not_null = false;
  bool has_default = false;
  bool non_constant_default = false;
  bool generated = false;
  std::string_view unsupported;
  for (size_t i = first + 1; i < end; i = t.close_of(i) + 1) {
    if (t.is_word(i, "NOT") && t.is_word(i + 1, "NULL")) not_null = true;
    if (t.is_word(i, "PRIMARY") && t.is_word(i + 1, "KEY")) unsupported = "a PRIMARY KEY column";
    if (t.is_word(i, "UNIQUE")) unsupported = "a UNIQUE column";
    if (t.is_word(i, "STORED")) unsupported = "a STORED generated column";
    if (t.is_word(i, "AS") && t.kind(i + 1) == TokenKind::kLParen) generated = true;
    if (t.is_word(i, "DEFAULT") && i + 1 < end) {
      size_t v = i + 1;
      if (t.is_word(v, "NULL")) continue;
      has_default = true;
      if (t.is_word(v, "CURRENT_TIME") || t.is_word(v, "CURRENT_DATE") ||
          t.is_word(v, "CURRENT_TIMESTAMP")) {
        non_constant_default = true;
      } else if (t.kind(v) == TokenKind::kLParen) {
        // (literal) and (-literal) are constants; any other expression is not.
        size_t close = t.close_of(v);
        size_t k = v + 1;
        if (t.kind(k) == TokenKind::kOperator && (t.text(k) == "-" || t.text(k) == "+")) ++k;
        bool literal = t.kind(k) == TokenKind::kNumber || t.kind(k) == TokenKind::kString ||
                       t.kind(k) == TokenKind::kBlob;
        if (!(literal && k + 1 == close)) non_constant_default = true;
      }
    }
  }
  if (!unsupported.empty()) {
    a.hit("add-column-unsupported", Severity::kError, table,
          fmt::format("ADD COLUMN {} on {}: SQLite cannot add {} with ALTER TABLE, so the "
                      "migration fails",
                      column, a.describe(table), unsupported));
  }
  if (a.created_here(table)) return;  // the conditions below fail only on a table with rows
  if (non_constant_default) {
    a.hit("add-column-unsupported", a.known_empty(table) ? Severity::kWarning : Severity::kError,
          table,
          fmt::format("ADD COLUMN {} on {} has a non-constant default: SQLite refuses it as soon "
                      "as the table has a row (\"Cannot add a column with non-constant default\")",
                      column, a.describe(table)));
  }
  if (not_null && !has_default && !generated) {
    a.hit("add-column-not-null-without-default",
          a.known_empty(table) ? Severity::kWarning : Severity::kError, table,
          fmt::format("ADD COLUMN {} NOT NULL without a DEFAULT on {} fails as soon as the table "
                      "has a row (\"Cannot add a NOT NULL column with default value NULL\")",
                      column, a.describe(table)));
  }
}

void lint_alter(Analysis& a, size_t i) {
  const TokenList& t = a.t;
  size_t next = 0;
  std::string table = a.table_name(i, next);
  if (table.empty()) return;
  i = next;
  bool created = a.created_here(table);
  if (t.is_word(i, "RENAME")) {
    if (t.is_word(i + 1, "TO")) {
      std::string new_name = t.is_name(i + 2) ? sqlite_lex::fold_case(t.name(i + 2)) : "";
      if (created) {
        a.result.created_tables.push_back(new_name);
        return;
      }
      a.hit("rename-table", Severity::kWarning, table,
            fmt::format("renaming table {} to {}: running code that uses the old name fails "
                        "until it is deployed again",
                        a.describe(table), new_name));
      return;
    }
    if (created) return;
    size_t c = t.is_word(i + 1, "COLUMN") ? i + 2 : i + 1;
    if (!t.is_name(c)) return;
    std::string old_name = t.name(c);
    std::string new_name = t.is_word(c + 1, "TO") ? t.name(c + 2) : "";
    a.hit("rename-column", Severity::kWarning, table,
          fmt::format("renaming column {} of {} to {}: running code that uses the old name "
                      "fails until it is deployed again",
                      old_name, a.describe(table), new_name));
  } else if (t.is_word(i, "ADD")) {
    size_t c = t.is_word(i + 1, "COLUMN") ? i + 2 : i + 1;
    lint_add_column(a, table, c, t.size());
  } else if (t.is_word(i, "DROP")) {
    size_t c = t.is_word(i + 1, "COLUMN") ? i + 2 : i + 1;
    if (created || !t.is_name(c)) return;
    a.hit("drop-column", Severity::kWarning, table,
          fmt::format("DROP COLUMN {} of {} deletes its data and rewrites every row of the "
                      "table; code still reading or writing the column fails",
                      t.name(c), a.describe(table)));
  }
}

// INSERT INTO new SELECT ... FROM old, tokens from just after INTO.
void lint_insert(Analysis& a, size_t i) {
  const TokenList& t = a.t;
  size_t next = 0;
  std::string target = a.table_name(i, next);
  if (target.empty() || !a.created_here(target)) return;
  // The first FROM outside parentheses after the target names the source.
  for (size_t k = next; k < t.size(); k = t.close_of(k) + 1) {
    if (!t.is_word(k, "FROM")) continue;
    std::string source = a.table_name(k + 1, next);
    if (source.empty() || a.created_here(source)) return;
    // The copy's source is being replaced: the DROP TABLE that completes the
    // rebuild loses nothing, and later statements on its name reach the new
    // table. Reported as created so neither is flagged.
    a.result.created_tables.push_back(source);
    a.hit("table-rebuild",
          lint::is_risky_table(source, a.ctx) ? Severity::kWarning : Severity::kInfo, source,
          fmt::format("copying {} into {} reads and writes every row while the migration holds "
                      "the database's write lock: other writers wait until it commits",
                      a.describe(source), target));
    return;
  }
}

void lint_statement(Analysis& a) {
  const TokenList& t = a.t;
  if (t.size() == 0) return;
  size_t i = 0;
  if (t.is_word(0, "WITH")) {
    // Past the common table expressions, to the statement they serve.
    while (i < t.size() && !t.is_word(i, "INSERT") && !t.is_word(i, "REPLACE") &&
           !t.is_word(i, "SELECT") && !t.is_word(i, "UPDATE") && !t.is_word(i, "DELETE")) {
      i = t.close_of(i) + 1;
    }
  }
  if (t.is_word(i, "BEGIN") || t.is_word(i, "COMMIT") || t.is_word(i, "END") ||
      (t.is_word(i, "ROLLBACK") && !t.is_word(i + 1, "TO") &&
       !(t.is_word(i + 1, "TRANSACTION") && t.is_word(i + 2, "TO")))) {
    if (!a.ctx.in_transaction) return;
    std::string word = sqlite_lex::fold_case(t.text(i));
    for (char& c : word) c = static_cast<char>(c - ('a' - 'A'));
    std::string consequence =
        word == "BEGIN"
            ? "SQLite refuses it (\"cannot start a transaction within a transaction\"), so the "
              "migration fails"
            : "it ends strata's transaction early, so the revision is no longer applied and "
              "recorded atomically";
    a.hit(
        "transaction-control-in-transaction", Severity::kError, "",
        fmt::format("{} in a section strata already runs in a transaction: {}", word, consequence));
    return;
  }
  if (t.is_word(i, "VACUUM")) {
    bool into = false;
    for (size_t k = i + 1; k < t.size(); ++k) into |= t.is_word(k, "INTO");
    if (a.ctx.in_transaction) {
      refuse_in_transaction(a, "non-transactional-in-transaction", "VACUUM",
                            "cannot VACUUM from within a transaction");
    } else if (!into) {
      a.hit("vacuum", Severity::kWarning, "",
            "VACUUM rewrites the whole database file under an exclusive lock: no other "
            "connection can read or write until it ends");
    }
    return;
  }
  if (t.is_word(i, "CREATE")) {
    size_t k = i + 1;
    if (t.is_word(k, "TEMP") || t.is_word(k, "TEMPORARY") || t.is_word(k, "VIRTUAL")) ++k;
    if (!t.is_word(k, "TABLE")) return;
    size_t next = 0;
    std::string table = a.table_name(a.skip_if_exists(k + 1), next);
    if (!table.empty()) a.result.created_tables.push_back(table);
    return;
  }
  if (t.is_word(i, "DROP") && t.is_word(i + 1, "TABLE")) {
    size_t next = 0;
    std::string table = a.table_name(a.skip_if_exists(i + 2), next);
    if (table.empty() || a.created_here(table)) return;
    a.hit("drop-table", Severity::kWarning, table,
          fmt::format("DROP TABLE {} deletes the table and all its data; code still using it "
                      "fails",
                      a.describe(table)));
    return;
  }
  if (t.is_word(i, "ALTER") && t.is_word(i + 1, "TABLE")) {
    lint_alter(a, i + 2);
    return;
  }
  if (t.is_word(i, "INSERT") || t.is_word(i, "REPLACE")) {
    for (size_t k = i + 1; k < t.size() && k < i + 5; ++k) {
      if (t.is_word(k, "INTO")) {
        lint_insert(a, k + 1);
        return;
      }
    }
  }
}

}  // namespace

Result<lint::StatementAnalysis> lint_sqlite(const StatementText& statement,
                                            const lint::StatementContext& context) {
  TokenList tokens(statement.sql);
  Analysis a{context, tokens, {}};
  lint_statement(a);
  return std::move(a.result);
}

}  // namespace strata::detail
