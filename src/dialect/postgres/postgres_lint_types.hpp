// What the PostgreSQL lint analyzer knows about types and functions: which
// ALTER COLUMN ... TYPE changes are binary-coercible (no rewrite), and which
// common functions are volatile (a DEFAULT calling one rewrites the table).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_reader.hpp"

namespace strata::detail::pg_lint {

// A column type reduced to what the rewrite rules compare: the internal base
// name ("varchar", "numeric", "timestamptz", "int4", or a user type's bare
// name), its modifiers (length, precision and scale) and whether it is an array.
struct PgType {
  std::string base;
  std::vector<int64_t> mods;
  bool array = false;

  // "varchar(20)", "numeric(10,2)", "int8[]".
  std::string display() const;
};

// From a TypeName node of the parse tree.
PgType type_from_tree(const JsonValue& type_name);
// From format_type() output: "character varying(10)", "timestamp(3) with time
// zone", "public.mood[]".
PgType type_from_catalog(std::string_view text);

// Whether changing a column from `from` to `to` needs no rewrite: the same
// type, or a widening PostgreSQL does in the catalog only (varchar(n) to a
// wider or unbounded varchar or to text, text to unbounded varchar, numeric
// with more precision and the same scale, varbit likewise, more fractional
// precision for timestamp/timestamptz/time/timetz, cidr to inet).
bool change_is_binary_coercible(const PgType& from, const PgType& to);
// Whether some other type may change to `to` without a rewrite (so, without
// knowing the column's current type, a rewrite is not certain).
bool may_be_binary_coercible_target(const PgType& to);

// Whether an expression subtree calls a function known to be volatile.
// Returns the first such function's name.
std::optional<std::string> volatile_call(const JsonValue& expr);

}  // namespace strata::detail::pg_lint
