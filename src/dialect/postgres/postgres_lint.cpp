#include "dialect/postgres/postgres_lint.hpp"

#include <fmt/format.h>
#include <pg_query.h>

#include "dialect/postgres/postgres_lint_support.hpp"

namespace strata::detail {

namespace pg_lint {

using lint::Severity;

Severity Analysis::lock_severity(std::string_view table, Severity risky) const {
  return lint::is_risky_table(table, ctx) ? risky : Severity::kInfo;
}

bool Analysis::created_here(std::string_view table) const { return lint::created_here(table, ctx); }

std::string relation_name(const JsonValue& range_var) {
  std::string_view schema = range_var["schemaname"].as_string();
  std::string_view name = range_var["relname"].as_string();
  return schema.empty() ? std::string(name) : fmt::format("{}.{}", schema, name);
}

std::string_view string_node(const JsonValue& node) { return node["String"]["sval"].as_string(); }

std::string dotted_name(const JsonValue& string_list) {
  std::string out;
  for (const auto& item : string_list.items()) {
    if (!out.empty()) out += '.';
    out += string_node(item);
  }
  return out;
}

std::string_view node_kind(const JsonValue& node) {
  return node.size() == 1 && node.is_object() ? std::string_view(node.members()[0].first)
                                              : std::string_view();
}

const JsonValue& node_body(const JsonValue& node) {
  return node.size() == 1 && node.is_object() ? node.members()[0].second : node[""];
}

bool option_on(const JsonValue& def_elems, std::string_view name) {
  for (const auto& item : def_elems.items()) {
    const JsonValue& def = item["DefElem"];
    if (def["defname"].as_string() != name) continue;
    const JsonValue& arg = def["arg"];
    if (arg.is_null()) return true;
    if (arg.has("Boolean")) return arg["Boolean"]["boolval"].as_bool();
    if (arg.has("Integer")) return arg["Integer"]["ival"].as_int() != 0;
    std::string_view s = arg["String"]["sval"].as_string();
    return !(s == "false" || s == "off" || s == "0" || s == "no");
  }
  return false;
}

namespace {

// The section runs in a transaction: statements PostgreSQL refuses there.
void refuse_in_transaction(Analysis& a, std::string_view rule, std::string_view what) {
  a.hit(rule, Severity::kError, "",
        fmt::format("{} cannot run inside a transaction block, and this section runs in one: "
                    "the migration fails",
                    what));
}

void lint_create_index(Analysis& a, const JsonValue& stmt) {
  std::string table = relation_name(stmt["relation"]);
  std::string_view what = stmt["unique"].as_bool() ? "CREATE UNIQUE INDEX" : "CREATE INDEX";
  if (stmt["concurrent"].as_bool()) {
    if (a.ctx.in_transaction) {
      refuse_in_transaction(a, "concurrently-in-transaction", fmt::format("{} CONCURRENTLY", what));
    }
    return;
  }
  if (a.created_here(table)) return;
  a.hit("add-index-non-concurrently", a.lock_severity(table, Severity::kError), table,
        fmt::format("{} on {} blocks writes to the table under SHARE lock until the build ends",
                    what, a.describe(table)));
}

void lint_drop(Analysis& a, const JsonValue& stmt) {
  std::string_view type = stmt["removeType"].as_string();
  if (type == "OBJECT_INDEX") {
    if (stmt["concurrent"].as_bool()) {
      if (a.ctx.in_transaction) {
        refuse_in_transaction(a, "concurrently-in-transaction", "DROP INDEX CONCURRENTLY");
      }
      return;
    }
    for (const auto& object : stmt["objects"].items()) {
      a.hit("drop-index-non-concurrently", Severity::kWarning, "",
            fmt::format("DROP INDEX {} takes an ACCESS EXCLUSIVE lock on its table: while it "
                        "waits for running queries, every read and write of the table queues "
                        "behind it",
                        dotted_name(object["List"]["items"])));
    }
    return;
  }
  if (type != "OBJECT_TABLE") return;
  for (const auto& object : stmt["objects"].items()) {
    std::string table = dotted_name(object["List"]["items"]);
    if (a.created_here(table)) continue;
    a.hit("drop-table", Severity::kWarning, table,
          fmt::format("DROP TABLE {} deletes the table and all its data; code still using it "
                      "fails",
                      a.describe(table)));
  }
}

void lint_rename(Analysis& a, const JsonValue& stmt) {
  std::string_view type = stmt["renameType"].as_string();
  std::string table = relation_name(stmt["relation"]);
  std::string_view new_name = stmt["newname"].as_string();
  if (type == "OBJECT_TABLE") {
    if (a.created_here(table)) {
      // The table keeps being new under its new name.
      std::string_view schema = stmt["relation"]["schemaname"].as_string();
      a.result.created_tables.push_back(schema.empty() ? std::string(new_name)
                                                       : fmt::format("{}.{}", schema, new_name));
      return;
    }
    a.hit("rename-table", Severity::kWarning, table,
          fmt::format("renaming table {} to {}: running code that uses the old name fails "
                      "until it is deployed again",
                      a.describe(table), new_name));
    return;
  }
  if (type == "OBJECT_COLUMN" && stmt["relationType"].as_string() == "OBJECT_TABLE") {
    if (a.created_here(table)) return;
    a.hit("rename-column", Severity::kWarning, table,
          fmt::format("renaming column {} of {} to {}: running code that uses the old name "
                      "fails until it is deployed again",
                      stmt["subname"].as_string(), a.describe(table), new_name));
  }
}

void lint_truncate(Analysis& a, const JsonValue& stmt) {
  bool cascade = stmt["behavior"].as_string() == "DROP_CASCADE";
  for (const auto& rel : stmt["relations"].items()) {
    std::string table = relation_name(rel["RangeVar"]);
    if (a.created_here(table) && !cascade) continue;
    if (cascade) {
      a.hit("truncate-cascade", Severity::kWarning, table,
            fmt::format("TRUNCATE {} CASCADE also empties every table with a foreign key to it, "
                        "recursively, including tables this migration does not name",
                        a.describe(table)));
    } else {
      a.hit("truncate-table", Severity::kInfo, table,
            fmt::format("TRUNCATE deletes every row of {} under an ACCESS EXCLUSIVE lock",
                        a.describe(table)));
    }
  }
}

void lint_vacuum(Analysis& a, const JsonValue& stmt) {
  if (!stmt["is_vacuumcmd"].as_bool()) return;  // ANALYZE: harmless anywhere
  if (a.ctx.in_transaction) {
    refuse_in_transaction(a, "non-transactional-in-transaction", "VACUUM");
    return;
  }
  if (!option_on(stmt["options"], "full")) return;
  if (stmt["rels"].size() == 0) {
    a.hit("vacuum-full", Severity::kError, "",
          "VACUUM FULL without a table rewrites every table of the database, each under an "
          "ACCESS EXCLUSIVE lock that blocks reads and writes");
    return;
  }
  for (const auto& rel : stmt["rels"].items()) {
    std::string table = relation_name(rel["VacuumRelation"]["relation"]);
    if (a.created_here(table)) continue;
    a.hit("vacuum-full", a.lock_severity(table, Severity::kError), table,
          fmt::format("VACUUM FULL rewrites {} under an ACCESS EXCLUSIVE lock: reads and writes "
                      "wait until it ends",
                      a.describe(table)));
  }
}

void lint_cluster(Analysis& a, const JsonValue& stmt) {
  if (!stmt.has("relation")) {
    if (a.ctx.in_transaction) {
      refuse_in_transaction(a, "non-transactional-in-transaction", "CLUSTER without a table");
      return;
    }
    a.hit("cluster", Severity::kError, "",
          "CLUSTER without a table rewrites every clustered table of the database, each under "
          "an ACCESS EXCLUSIVE lock that blocks reads and writes");
    return;
  }
  std::string table = relation_name(stmt["relation"]);
  if (a.created_here(table)) return;
  a.hit("cluster", a.lock_severity(table, Severity::kError), table,
        fmt::format("CLUSTER rewrites {} under an ACCESS EXCLUSIVE lock: reads and writes wait "
                    "until it ends",
                    a.describe(table)));
}

void lint_reindex(Analysis& a, const JsonValue& stmt) {
  std::string_view kind = stmt["kind"].as_string();
  bool concurrently = option_on(stmt["params"], "concurrently");
  bool whole = kind == "REINDEX_OBJECT_SCHEMA" || kind == "REINDEX_OBJECT_SYSTEM" ||
               kind == "REINDEX_OBJECT_DATABASE";
  if (a.ctx.in_transaction && (concurrently || whole)) {
    refuse_in_transaction(
        a, concurrently ? "concurrently-in-transaction" : "non-transactional-in-transaction",
        concurrently ? "REINDEX CONCURRENTLY" : "REINDEX of a schema or database");
    return;
  }
  if (concurrently) return;
  if (kind == "REINDEX_OBJECT_TABLE") {
    std::string table = relation_name(stmt["relation"]);
    if (a.created_here(table)) return;
    a.hit("reindex-non-concurrently", a.lock_severity(table, Severity::kError), table,
          fmt::format("REINDEX TABLE {} blocks writes (SHARE lock) and queries using its indexes "
                      "(ACCESS EXCLUSIVE on each index) until the rebuild ends",
                      a.describe(table)));
    return;
  }
  std::string target = kind == "REINDEX_OBJECT_INDEX" ? relation_name(stmt["relation"])
                                                      : std::string(stmt["name"].as_string());
  a.hit("reindex-non-concurrently", Severity::kError, "",
        fmt::format("REINDEX {} blocks writes to the tables it covers (SHARE lock) and queries "
                    "using the indexes (ACCESS EXCLUSIVE) until the rebuild ends",
                    target));
}

void lint_transaction(Analysis& a, const JsonValue& stmt) {
  if (!a.ctx.in_transaction) return;
  std::string_view kind = stmt["kind"].as_string();
  std::string_view what;
  if (kind == "TRANS_STMT_BEGIN") {
    what = "BEGIN";
  } else if (kind == "TRANS_STMT_START") {
    what = "START TRANSACTION";
  } else if (kind == "TRANS_STMT_COMMIT") {
    what = "COMMIT";
  } else if (kind == "TRANS_STMT_ROLLBACK") {
    what = "ROLLBACK";
  } else if (kind == "TRANS_STMT_PREPARE") {
    what = "PREPARE TRANSACTION";
  } else {
    return;  // SAVEPOINT, RELEASE, ROLLBACK TO work inside strata's transaction
  }
  std::string consequence =
      (what == "BEGIN" || what == "START TRANSACTION")
          ? "PostgreSQL ignores it with a warning, and a later COMMIT in the SQL would end "
            "strata's transaction early"
          : "it ends strata's transaction early, so the revision is no longer applied and "
            "recorded atomically";
  a.hit("transaction-control-in-transaction", Severity::kError, "",
        fmt::format("{} in a section strata already runs in a transaction: {}", what, consequence));
}

void lint_alter_enum(Analysis& a, const JsonValue& stmt) {
  if (stmt.has("oldVal") || !a.ctx.in_transaction) return;  // RENAME VALUE is transactional
  std::string type = dotted_name(stmt["typeName"]);
  std::string_view value = stmt["newVal"].as_string();
  int version = a.ctx.server_version_num;
  if (version != 0 && version < 120000) {
    a.hit("enum-add-value-in-transaction", Severity::kError, "",
          fmt::format("ALTER TYPE {} ADD VALUE '{}' cannot run inside a transaction block before "
                      "PostgreSQL 12 (target: {}), and this section runs in one: the migration "
                      "fails",
                      type, value, version));
    return;
  }
  a.hit("enum-add-value-in-transaction", Severity::kInfo, "",
        fmt::format("the new value '{}' of {} cannot be used until this section's transaction "
                    "commits: a later statement of the section that uses it fails",
                    value, type));
}

void lint_statement(Analysis& a, const JsonValue& node) {
  std::string_view kind = node_kind(node);
  const JsonValue& stmt = node_body(node);
  if (kind == "CreateStmt") {
    a.result.created_tables.push_back(relation_name(stmt["relation"]));
  } else if (kind == "CreateTableAsStmt") {
    a.result.created_tables.push_back(relation_name(stmt["into"]["rel"]));
  } else if (kind == "SelectStmt") {
    if (stmt.has("intoClause")) {
      a.result.created_tables.push_back(relation_name(stmt["intoClause"]["rel"]));
    }
  } else if (kind == "IndexStmt") {
    lint_create_index(a, stmt);
  } else if (kind == "DropStmt") {
    lint_drop(a, stmt);
  } else if (kind == "RenameStmt") {
    lint_rename(a, stmt);
  } else if (kind == "AlterTableStmt") {
    if (stmt["objtype"].as_string() == "OBJECT_TABLE") {
      lint_alter_table(a, stmt, relation_name(stmt["relation"]));
    }
  } else if (kind == "TruncateStmt") {
    lint_truncate(a, stmt);
  } else if (kind == "VacuumStmt") {
    lint_vacuum(a, stmt);
  } else if (kind == "ClusterStmt") {
    lint_cluster(a, stmt);
  } else if (kind == "ReindexStmt") {
    lint_reindex(a, stmt);
  } else if (kind == "TransactionStmt") {
    lint_transaction(a, stmt);
  } else if (kind == "AlterEnumStmt") {
    lint_alter_enum(a, stmt);
  } else if (a.ctx.in_transaction) {
    if (kind == "CreatedbStmt")
      refuse_in_transaction(a, "non-transactional-in-transaction", "CREATE DATABASE");
    if (kind == "DropdbStmt")
      refuse_in_transaction(a, "non-transactional-in-transaction", "DROP DATABASE");
    if (kind == "AlterSystemStmt")
      refuse_in_transaction(a, "non-transactional-in-transaction", "ALTER SYSTEM");
    if (kind == "CreateTableSpaceStmt") {
      refuse_in_transaction(a, "non-transactional-in-transaction", "CREATE TABLESPACE");
    }
    if (kind == "DropTableSpaceStmt") {
      refuse_in_transaction(a, "non-transactional-in-transaction", "DROP TABLESPACE");
    }
  }
}

}  // namespace

}  // namespace pg_lint

Result<lint::StatementAnalysis> lint_postgres(const StatementText& statement,
                                              const lint::StatementContext& context) {
  pg_lint::Analysis a{context, {}};
  PgQueryParseResult parsed = pg_query_parse(statement.sql.c_str());
  if (parsed.error != nullptr || parsed.parse_tree == nullptr) {
    pg_query_free_parse_result(parsed);
    return std::move(a.result);
  }
  auto tree = parse_json(parsed.parse_tree);
  pg_query_free_parse_result(parsed);
  if (!tree) return std::move(a.result);  // deeper than the reader allows: nothing to say
  for (const auto& stmt : (*tree)["stmts"].items()) pg_lint::lint_statement(a, stmt["stmt"]);
  return std::move(a.result);
}

}  // namespace strata::detail
