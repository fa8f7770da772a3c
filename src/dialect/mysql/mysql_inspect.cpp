// Reads information_schema into the schema model (the mapping is described
// in mysql_inspect.hpp and field by field below). Each section is one query over the
// whole database (mysql_inspect_queries.hpp); rows are attached to their
// tables through hash maps keyed by name, so the cost grows linearly with the
// schema and the number of round trips stays fixed. Differences between
// MariaDB and MySQL 8 are keyed on Connection::server_version().
#include "dialect/mysql/mysql_inspect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "dialect/mysql/mysql_inspect_queries.hpp"
#include "dialect/mysql/mysql_inspect_text.hpp"
#include "dialect/mysql/mysql_quote.hpp"

namespace strata::detail {

namespace {

using Row = std::vector<std::optional<std::string>>;

// Typed access to the text cells of a row. The rows belong to the inspector,
// so strings are moved out rather than copied.
std::string take(Row& row, size_t i) { return row[i] ? std::move(*row[i]) : std::string(); }

std::optional<std::string> take_nonempty(Row& row, size_t i) {
  if (!row[i] || row[i]->empty()) return std::nullopt;
  return std::move(row[i]);
}

const std::string& text(const Row& row, size_t i) {
  static const std::string kEmpty;
  return row[i] ? *row[i] : kEmpty;
}

int number(const Row& row, size_t i) {
  int value = 0;
  if (row[i]) std::from_chars(row[i]->data(), row[i]->data() + row[i]->size(), value);
  return value;
}

schema::FkAction fk_action(std::string_view rule) {
  if (rule == "CASCADE") return schema::FkAction::cascade;
  if (rule == "SET NULL") return schema::FkAction::set_null;
  if (rule == "SET DEFAULT") return schema::FkAction::set_default;
  if (rule == "RESTRICT") return schema::FkAction::restrict;
  return schema::FkAction::no_action;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// "table\0constraint": a key for names that are unique per table.
std::string pair_key(std::string_view table, std::string_view name) {
  std::string key;
  key.reserve(table.size() + name.size() + 1);
  key.append(table).append(1, '\0').append(name);
  return key;
}

class Inspection {
 public:
  Inspection(Connection& conn, const schema::InspectOptions& options)
      : conn_(conn),
        server_(parse_mysql_server(conn.server_version())),
        excluded_(options.exclude_tables.begin(), options.exclude_tables.end()) {}

  Result<schema::Schema> run() {
    STRATA_CHECK(read_database());
    STRATA_CHECK(read_tables());
    STRATA_CHECK(read_columns());
    STRATA_CHECK(read_indexes());
    STRATA_CHECK(read_foreign_keys());
    STRATA_CHECK(read_checks());
    STRATA_CHECK(read_views());
    STRATA_CHECK(read_triggers());
    STRATA_CHECK(read_routines());
    out_.canonicalize();
    return std::move(out_);
  }

 private:
  Result<QueryResult> query(std::string_view what, std::string_view sql) {
    auto r = conn_.query(sql, {});
    if (!r) {
      Error e = std::move(r).error();
      e.message = fmt::format("cannot inspect the MySQL/MariaDB schema: reading {} failed: {}",
                              what, e.message);
      return fail(std::move(e));
    }
    return r;
  }

  // The position in out_.tables of a reported table, or null. Rows come
  // grouped by table, so the last answer is kept.
  schema::Table* table(const std::string& name) {
    if (last_table_ != nullptr && last_table_->name.name == name) return last_table_;
    auto it = tables_.find(name);
    last_table_ = it == tables_.end() ? nullptr : &out_.tables[it->second];
    return last_table_;
  }

  Status read_database() {
    STRATA_TRY(auto r, query("the current database", mysql_inspect::kDatabaseSql));
    if (r.rows.size() != 1 || !r.rows[0][0]) {
      return failf(
          "cannot inspect the MySQL/MariaDB schema: the connection has no current database "
          "(name one in the URL)");
    }
    database_ = take(r.rows[0], 0);
    return {};
  }

  Status read_tables() {
    STRATA_TRY(auto r, query("tables", mysql_inspect::kTablesSql));
    out_.tables.reserve(r.rows.size());
    for (auto& row : r.rows) {
      std::string name = take(row, 0);
      if (excluded_.count(name) != 0) continue;
      const std::string& type = text(row, 1);
      if (type == "SEQUENCE") {
        auto& other = out_.others.emplace_back();
        other.kind = "sequence";
        other.name.name = std::move(name);
        continue;
      }
      if (type != "BASE TABLE" && type != "SYSTEM VERSIONED") continue;
      tables_.emplace(name, out_.tables.size());
      auto& t = out_.tables.emplace_back();
      t.name.name = std::move(name);
      t.engine = take(row, 2);
      t.collation = take(row, 3);
      t.comment = take_nonempty(row, 4);
    }
    return {};
  }

  Status read_columns() {
    STRATA_TRY(auto r, query("columns", mysql_inspect::kColumnsSql));
    bool defaults_are_sql = mysql_defaults_are_sql(server_);
    for (auto& row : r.rows) {
      schema::Table* t = table(text(row, 0));
      if (t == nullptr) continue;
      auto& c = t->columns.emplace_back();
      c.name = take(row, 1);
      c.type = take(row, 2);
      c.not_null = text(row, 3) == "NO";
      const std::string& extra = text(row, 6);
      bool stored = contains(extra, "STORED GENERATED") || contains(extra, "PERSISTENT GENERATED");
      if (stored || contains(extra, "VIRTUAL GENERATED")) {
        c.generated = take(row, 7);
        c.generated_stored = stored;
      } else {
        c.default_expr = mysql_column_default(row[4], extra, c.type, defaults_are_sql);
        c.on_update = mysql_on_update(extra);
      }
      c.auto_increment = contains(extra, "auto_increment");
      if (row[5] && *row[5] != t->collation) c.collation = take(row, 5);
      c.comment = take_nonempty(row, 8);
    }
    return {};
  }

  Status read_indexes() {
    // STATISTICS.EXPRESSION: functional key parts, MySQL 8.0.13 on.
    bool expressions = !server_.mariadb && server_.at_least(8, 0, 13);
    std::string sql(mysql_inspect::kStatisticsSql);
    constexpr std::string_view kSlot = "{expression}";
    sql.replace(sql.find(kSlot), kSlot.size(), expressions ? "EXPRESSION" : "NULL");
    STRATA_TRY(auto r, query("indexes", sql));
    schema::Index* index = nullptr;  // the index of the previous row, in `owner`
    schema::Table* owner = nullptr;
    for (auto& row : r.rows) {
      schema::Table* t = table(text(row, 0));
      if (t == nullptr) continue;
      const std::string& name = text(row, 1);
      if (name == "PRIMARY") {
        if (!t->primary_key) t->primary_key.emplace();
        t->primary_key->columns.push_back(take(row, 4));
        continue;
      }
      if (index == nullptr || owner != t || index->name != name) {
        auto found = std::find_if(t->indexes.begin(), t->indexes.end(),
                                  [&](const schema::Index& i) { return i.name == name; });
        if (found != t->indexes.end()) {
          index = &*found;
        } else {
          index = &t->indexes.emplace_back();
          index->name = name;
          index->unique = text(row, 2) == "0";
          const std::string& method = text(row, 8);
          if (method != "BTREE") index->method = method;
          index->comment = take_nonempty(row, 9);
        }
        owner = t;
      }
      auto& key = index->keys.emplace_back();
      key.is_column = row[4].has_value();
      key.expression = key.is_column ? take(row, 4) : take(row, 5);
      key.descending = text(row, 6) == "D";
      key.prefix_length = number(row, 7);
    }
    return {};
  }

  Status read_foreign_keys() {
    STRATA_TRY(auto rules, query("foreign key actions", mysql_inspect::kForeignKeyRulesSql));
    std::unordered_map<std::string, std::pair<schema::FkAction, schema::FkAction>> actions;
    actions.reserve(rules.rows.size());
    for (const auto& row : rules.rows) {
      actions.emplace(pair_key(text(row, 0), text(row, 1)),
                      std::pair{fk_action(text(row, 2)), fk_action(text(row, 3))});
    }
    STRATA_TRY(auto r, query("foreign keys", mysql_inspect::kForeignKeyColumnsSql));
    schema::ForeignKey* fk = nullptr;  // the key of the previous row, in `owner`
    schema::Table* owner = nullptr;
    for (auto& row : r.rows) {
      schema::Table* t = table(text(row, 0));
      if (t == nullptr) continue;
      const std::string& name = text(row, 1);
      if (fk == nullptr || owner != t || fk->name != name) {
        auto found = std::find_if(t->foreign_keys.begin(), t->foreign_keys.end(),
                                  [&](const schema::ForeignKey& f) { return f.name == name; });
        if (found != t->foreign_keys.end()) {
          fk = &*found;
        } else {
          fk = &t->foreign_keys.emplace_back();
          fk->name = name;
          if (text(row, 3) != database_) fk->ref_table.schema = take(row, 3);
          fk->ref_table.name = take(row, 4);
          if (auto a = actions.find(pair_key(t->name.name, name)); a != actions.end()) {
            fk->on_update = a->second.first;
            fk->on_delete = a->second.second;
          }
        }
        owner = t;
      }
      fk->columns.push_back(take(row, 2));
      fk->ref_columns.push_back(take(row, 5));
    }
    return {};
  }

  Status read_checks() {
    std::string_view sql;
    if (server_.mariadb) {
      if (server_.at_least(10, 3, 10) || (server_.minor == 2 && server_.at_least(10, 2, 22)))
        sql = mysql_inspect::kChecksMariadbSql;
    } else if (server_.at_least(8, 0, 16)) {
      sql = mysql_inspect::kChecksMysqlSql;
    }
    if (sql.empty()) return {};  // the server keeps no check constraints
    STRATA_TRY(auto r, query("check constraints", sql));
    for (auto& row : r.rows) {
      schema::Table* t = table(text(row, 0));
      if (t == nullptr) continue;
      auto& check = t->checks.emplace_back();
      check.name = take(row, 1);
      check.expression = mysql_strip_outer_parens(text(row, 2));
    }
    return {};
  }

  // VIEW_DEFINITION names every table and view with its database
  // (`db`.`t`, and `db`.`t`.`c` for columns): the names that follow this
  // database's qualifier are what the view reads, which is sharper than any
  // quoted name in the body (a column alias may be spelled like a table).
  Status read_views() {
    STRATA_TRY(auto r, query("views", mysql_inspect::kViewsSql));
    std::unordered_set<std::string> views;
    views.reserve(r.rows.size());
    for (const auto& row : r.rows) views.insert(text(row, 0));
    out_.views.reserve(r.rows.size());
    std::vector<std::string> referenced;
    for (auto& row : r.rows) {
      auto& v = out_.views.emplace_back();
      v.name.name = take(row, 0);
      referenced.clear();
      v.definition = mysql_unqualify(text(row, 1), database_, &referenced);
      std::sort(referenced.begin(), referenced.end());
      referenced.erase(std::unique(referenced.begin(), referenced.end()), referenced.end());
      for (auto& name : referenced) {
        if (tables_.count(name) != 0 || views.count(name) != 0) {
          v.depends_on.push_back({"", std::move(name)});
        }
      }
    }
    return {};
  }

  Status read_triggers() {
    STRATA_TRY(auto r, query("triggers", mysql_inspect::kTriggersSql));
    for (auto& row : r.rows) {
      if (excluded_.count(text(row, 1)) != 0) continue;
      auto& o = out_.others.emplace_back();
      o.kind = "trigger";
      o.name.name = take(row, 0);
      o.table.name = take(row, 1);
      o.definition = fmt::format("CREATE TRIGGER {} {} {} ON {} FOR EACH ROW {}",
                                 mysql_quote_ident(o.name.name), text(row, 2), text(row, 3),
                                 mysql_quote_ident(o.table.name), text(row, 4));
    }
    return {};
  }

  Status read_routines() {
    STRATA_TRY(auto r, query("procedures, functions and events", mysql_inspect::kRoutinesSql));
    for (auto& row : r.rows) {
      auto& o = out_.others.emplace_back();
      o.kind = take(row, 0);
      o.name.name = take(row, 1);
    }
    return {};
  }

  Connection& conn_;
  MysqlServer server_;
  std::unordered_set<std::string> excluded_;
  std::string database_;
  schema::Schema out_;
  std::unordered_map<std::string, size_t> tables_;  // name -> position in out_.tables
  schema::Table* last_table_ = nullptr;
};

}  // namespace

Result<schema::Schema> inspect_mysql(Connection& conn, const schema::InspectOptions& options) {
  return Inspection(conn, options).run();
}

}  // namespace strata::detail
