// The ALTER TABLE rules of the PostgreSQL lint analyzer: new columns (NOT NULL,
// rewriting defaults), type changes, SET NOT NULL, new constraints, DROP
// COLUMN and DETACH PARTITION CONCURRENTLY.
#include <fmt/format.h>

#include <array>

#include "dialect/postgres/postgres_lint_support.hpp"
#include "dialect/postgres/postgres_lint_types.hpp"

namespace strata::detail::pg_lint {

namespace {

using lint::Severity;

constexpr std::array<std::string_view, 6> kSerialTypes = {"serial",  "serial4",     "bigserial",
                                                          "serial8", "smallserial", "serial2"};

bool is_null_literal(const JsonValue& expr) { return expr["A_Const"]["isnull"].as_bool(); }

std::optional<lint::TableSize> size_of(const Analysis& a, std::string_view table) {
  if (!a.ctx.table_size) return std::nullopt;
  return a.ctx.table_size(table);
}

// A constraint added to an existing table, by ADD CONSTRAINT or inline in ADD
// COLUMN (`column` then names the new column).
void lint_new_constraint(Analysis& a, const std::string& table, const JsonValue& c,
                         std::string_view column, bool column_has_default) {
  std::string_view type = c["contype"].as_string();
  std::string_view name = c["conname"].as_string();
  auto label = [&](std::string_view what) {
    if (!column.empty()) return fmt::format("ADD COLUMN {} ... {}", column, what);
    if (!name.empty()) return fmt::format("ADD CONSTRAINT {} {}", name, what);
    return fmt::format("ADD {}", what);
  };
  if (type == "CONSTR_FOREIGN") {
    // PostgreSQL skips the check for a new column without a default: all NULL.
    if (c["skip_validation"].as_bool() || (!column.empty() && !column_has_default)) return;
    std::string referenced = relation_name(c["pktable"]);
    a.hit("add-foreign-key-without-not-valid", a.lock_severity(table, Severity::kError), table,
          fmt::format("{} on {} checks every existing row while holding SHARE ROW EXCLUSIVE "
                      "locks on {} and {}: writes to both wait until the check ends",
                      label(column.empty() ? "FOREIGN KEY" : "REFERENCES"), a.describe(table),
                      table, referenced));
  } else if (type == "CONSTR_CHECK") {
    if (c["skip_validation"].as_bool()) return;
    a.hit("add-check-without-not-valid", a.lock_severity(table, Severity::kError), table,
          fmt::format("{} on {} checks every existing row under an ACCESS EXCLUSIVE lock: reads "
                      "and writes wait until the scan ends",
                      label("CHECK"), a.describe(table)));
  } else if (type == "CONSTR_UNIQUE" || type == "CONSTR_PRIMARY" || type == "CONSTR_EXCLUSION") {
    if (!c["indexname"].as_string().empty()) return;  // USING INDEX: already built
    std::string_view what = type == "CONSTR_UNIQUE"    ? "UNIQUE"
                            : type == "CONSTR_PRIMARY" ? "PRIMARY KEY"
                                                       : "EXCLUDE";
    a.hit("add-unique-builds-index", a.lock_severity(table, Severity::kError), table,
          fmt::format("{} on {} builds its index under an ACCESS EXCLUSIVE lock: reads and "
                      "writes wait until the build ends",
                      label(what), a.describe(table)));
  }
}

void lint_add_column(Analysis& a, const std::string& table, const JsonValue& col) {
  std::string_view column = col["colname"].as_string();
  bool not_null = false;
  bool identity = false;
  bool generated = false;
  const JsonValue* default_expr = nullptr;
  for (const auto& item : col["constraints"].items()) {
    const JsonValue& c = item["Constraint"];
    std::string_view type = c["contype"].as_string();
    if (type == "CONSTR_NOTNULL" || type == "CONSTR_PRIMARY") not_null = true;
    if (type == "CONSTR_IDENTITY") identity = true;
    if (type == "CONSTR_GENERATED") generated = true;
    if (type == "CONSTR_DEFAULT" && !is_null_literal(c["raw_expr"])) default_expr = &c["raw_expr"];
  }
  const auto& type_names = col["typeName"]["names"].items();
  bool serial = false;
  if (type_names.size() == 1) {
    for (std::string_view s : kSerialTypes) serial |= string_node(type_names[0]) == s;
  }
  bool filled = default_expr != nullptr || identity || generated || serial;

  if (not_null && !filled) {
    auto size = size_of(a, table);
    bool empty = size && size->rows == 0;
    a.hit("add-column-not-null-without-default", empty ? Severity::kWarning : Severity::kError,
          table,
          fmt::format("ADD COLUMN {} NOT NULL without a DEFAULT on {} fails as soon as the table "
                      "has a row: existing rows would hold NULL",
                      column, a.describe(table)));
  }

  std::string reason;
  int version = a.ctx.server_version_num;
  if (serial) {
    reason = fmt::format("the serial column fills every existing row from a sequence");
  } else if (identity) {
    reason = "the identity column fills every existing row from a sequence";
  } else if (generated) {
    reason = "the stored generated column is computed for every existing row";
  } else if (default_expr != nullptr) {
    if (auto fn = volatile_call(*default_expr)) {
      reason = fmt::format(
          "the DEFAULT calls {}(), which is volatile, so every existing row "
          "gets its own value",
          *fn);
    } else if (version != 0 && version < 110000) {
      reason = fmt::format(
          "before PostgreSQL 11 (target: {}) every DEFAULT is written into "
          "every existing row",
          version);
    }
  }
  if (!reason.empty()) {
    a.hit("add-column-volatile-default", a.lock_severity(table, Severity::kError), table,
          fmt::format("ADD COLUMN {} on {} rewrites the table and its indexes under an ACCESS "
                      "EXCLUSIVE lock: {}; reads and writes wait until it ends",
                      column, a.describe(table), reason));
  }

  for (const auto& item : col["constraints"].items()) {
    lint_new_constraint(a, table, item["Constraint"], column, default_expr != nullptr);
  }
}

void lint_alter_type(Analysis& a, const std::string& table, std::string_view column,
                     const JsonValue& col) {
  PgType to = type_from_tree(col["typeName"]);
  std::string head =
      fmt::format("ALTER COLUMN {} TYPE {} on {}", column, to.display(), a.describe(table));
  const char* lock = "rewrites the table and its indexes under an ACCESS EXCLUSIVE lock";
  if (col.has("raw_default")) {
    a.hit("alter-column-type-rewrite", a.lock_severity(table, Severity::kError), table,
          fmt::format("{} {}: USING recomputes every row; reads and writes wait until it ends",
                      head, lock));
    return;
  }
  std::optional<std::string> current;
  if (auto size = size_of(a, table)) {
    auto it = size->column_types.find(std::string(column));
    if (it != size->column_types.end()) current = it->second;
  }
  if (current) {
    if (change_is_binary_coercible(type_from_catalog(*current), to)) return;
    a.hit("alter-column-type-rewrite", a.lock_severity(table, Severity::kError), table,
          fmt::format("{} {}: {} to {} is not binary-coercible; reads and writes wait until it "
                      "ends",
                      head, lock, *current, to.display()));
    return;
  }
  if (may_be_binary_coercible_target(to)) {
    a.hit("alter-column-type-rewrite", a.lock_severity(table, Severity::kWarning), table,
          fmt::format("{} {} unless the column's current type converts without one (a "
                      "shorter varchar to varchar or text, a narrower numeric, cidr to inet); its "
                      "current type is unknown",
                      head, lock));
    return;
  }
  a.hit("alter-column-type-rewrite", a.lock_severity(table, Severity::kError), table,
        fmt::format("{} {}: reads and writes wait until it ends", head, lock));
}

}  // namespace

void lint_alter_table(Analysis& a, const JsonValue& stmt, const std::string& table) {
  bool created = a.created_here(table);
  for (const auto& item : stmt["cmds"].items()) {
    const JsonValue& cmd = item["AlterTableCmd"];
    std::string_view subtype = cmd["subtype"].as_string();
    if (subtype == "AT_DetachPartition") {
      if (cmd["def"]["PartitionCmd"]["concurrent"].as_bool() && a.ctx.in_transaction) {
        a.hit("concurrently-in-transaction", Severity::kError, "",
              "DETACH PARTITION ... CONCURRENTLY cannot run inside a transaction block, and "
              "this section runs in one: the migration fails");
      }
      continue;
    }
    if (created) continue;  // a table this migration created: nothing to wait for
    std::string_view column = cmd["name"].as_string();
    if (subtype == "AT_AddColumn") {
      lint_add_column(a, table, cmd["def"]["ColumnDef"]);
    } else if (subtype == "AT_AlterColumnType") {
      lint_alter_type(a, table, column, cmd["def"]["ColumnDef"]);
    } else if (subtype == "AT_SetNotNull") {
      a.hit("set-not-null-scan", a.lock_severity(table, Severity::kError), table,
            fmt::format("ALTER COLUMN {} SET NOT NULL scans all of {} for NULLs under an ACCESS "
                        "EXCLUSIVE lock: reads and writes wait until the scan ends",
                        column, a.describe(table)));
    } else if (subtype == "AT_AddConstraint") {
      lint_new_constraint(a, table, cmd["def"]["Constraint"], "", false);
    } else if (subtype == "AT_DropColumn") {
      a.hit("drop-column", Severity::kWarning, table,
            fmt::format("DROP COLUMN {} of {} deletes its data; code still reading or writing "
                        "the column fails",
                        column, a.describe(table)));
    }
  }
}

}  // namespace strata::detail::pg_lint
