// Shared pieces of the PostgreSQL lint analyzer (postgres_lint*.cpp): the
// per-statement state that collects hits, and small readers of libpg_query's
// JSON parse tree. Internal to the postgres module.
#pragma once

#include <string>
#include <string_view>

#include "common/json_reader.hpp"
#include "lint/lint_types.hpp"

namespace strata::detail::pg_lint {

// One statement being analyzed: the context it runs in and the hits so far.
struct Analysis {
  const lint::StatementContext& ctx;
  lint::StatementAnalysis result;

  // Adds a hit of `rule` with the catalogue's recipe as its fix.
  void hit(std::string_view rule, lint::Severity severity, std::string table, std::string message) {
    result.add(rule, severity, std::move(table), std::move(message));
  }
  // The severity of a lock, scan or rewrite rule on `table`: info when the
  // table is known small, else `risky`.
  lint::Severity lock_severity(std::string_view table, lint::Severity risky) const;
  bool created_here(std::string_view table) const;
  // "users (1.0M rows, 72 MB)".
  std::string describe(std::string_view table) const { return lint::describe_table(table, ctx); }
};

// "schema.table" or "table" for a RangeVar node's fields.
std::string relation_name(const JsonValue& range_var);
// The dotted name of a list of String nodes (DropStmt objects, type names).
std::string dotted_name(const JsonValue& string_list);
// The `sval` of a String node.
std::string_view string_node(const JsonValue& node);
// The node kind of a one-member wrapper ({"IndexStmt": {...}}) and its body.
std::string_view node_kind(const JsonValue& node);
const JsonValue& node_body(const JsonValue& node);
// Whether a DefElem list (VACUUM, REINDEX, CLUSTER options) turns `name` on.
bool option_on(const JsonValue& def_elems, std::string_view name);

// ALTER TABLE: every command of one AlterTableStmt on `table`.
void lint_alter_table(Analysis& a, const JsonValue& stmt, const std::string& table);

}  // namespace strata::detail::pg_lint
