// The vocabulary of `strata lint`: severities, the rule catalogue entry, what a
// dialect's statement analyzer is told (StatementContext) and what it returns
// (Hit). Dialects implement Dialect::lint() with these types; the api module
// walks the migrations, applies lint-ignore comments and config, and reports.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail::lint {

enum class Severity { kInfo, kWarning, kError };

std::string_view severity_name(Severity s);  // "info", "warning", "error"
std::optional<Severity> parse_severity(std::string_view name);

// Size of a live table, from the catalogs (estimates where the engine keeps them).
struct TableSize {
  int64_t rows = 0;
  int64_t bytes = 0;
  // Column name -> declared type as the engine prints it ("character
  // varying(10)"), where the dialect reads them (PostgreSQL): lets a type change
  // be judged against the column's current type. Empty when unknown.
  std::map<std::string, std::string> column_types;
};

// Everything an analyzer may know about where a statement runs.
struct StatementContext {
  // The section runs inside a transaction (strata wraps it), so statements that
  // cannot run in one (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE on old
  // servers) fail, and BEGIN/COMMIT in the SQL are wrong.
  bool in_transaction = true;
  // Target server version as PostgreSQL's server_version_num (150004) or the
  // engine's equivalent; 0 = unknown, assume the newest behaviour.
  int server_version_num = 0;
  // Tables created earlier in the same migration (names as the dialect folds
  // them, schema-qualified only when the SQL qualified them): no risk there.
  const std::set<std::string>* created_tables = nullptr;
  // Size of a table by name (as written in the SQL, folded by the dialect);
  // nullopt when unknown. Unset when no database is reachable: analyzers then
  // assume every existing table is large.
  std::function<std::optional<TableSize>(std::string_view table)> table_size;
};

// One rule firing on one statement. File, line and revision are attached by
// the caller.
struct Hit {
  std::string rule;  // rule id from the catalogue, e.g. "add-index-non-concurrently"
  Severity severity = Severity::kWarning;
  std::string table;    // the table at risk ("" when none); sizes are looked up by it
  std::string message;  // what happens and why: the lock taken, whether it rewrites
  std::string fix;      // the safe recipe
};

struct StatementAnalysis {
  std::vector<Hit> hits;
  // Adds a hit of `rule` (its fix from the catalogue).
  void add(std::string_view rule, Severity severity, std::string table, std::string message);
  // Tables this statement creates, so later statements of the migration on
  // them are known safe.
  std::vector<std::string> created_tables;
};

// A rule as documented (README "Safe migrations") and configured by id.
struct RuleInfo {
  std::string_view id;
  Severity default_severity;
  std::string_view dialects;  // "postgresql", "sqlite", "postgresql, sqlite"
  std::string_view summary;   // one line: what it flags
  std::string_view why;       // the lock or rewrite, the breakage
  std::string_view fix;       // the safe recipe
};

// Every rule strata knows, in documentation order.
const std::vector<RuleInfo>& rule_catalogue();
const RuleInfo* find_rule(std::string_view id);

// Whether an earlier statement of the same migration created `table`.
bool created_here(std::string_view table, const StatementContext& ctx);

// "users (1.0M rows, 72 MB)", "users (size unknown: assumed large)",
// "users (created in this migration)". Used by analyzers in messages.
std::string describe_table(std::string_view table, const StatementContext& ctx);
// True when the table exists and is not known to be small (or is created in
// this migration: false). `small_rows` is the threshold below which a rewrite
// or full scan is harmless.
bool is_risky_table(std::string_view table, const StatementContext& ctx,
                    int64_t small_rows = 10000);

}  // namespace strata::detail::lint
