// Reads a SQLite database's schema with six queries whatever its size:
// sqlite_schema and pragma_table_list once each, then one join of
// sqlite_schema with each of pragma_table_xinfo, pragma_index_xinfo,
// pragma_index_list and pragma_foreign_key_list. SQLite compiles a statement
// for every pragma call, which is most of the cost, so a join calls its pragma
// only where the answer is not known already: index keys that the CREATE
// INDEX text settles (plain columns) and tables that cannot have foreign keys
// or primary-key indexes are skipped. What no pragma reports (constraint
// names, checks, collations, generated expressions, deferrability, expression
// keys, partial predicates) comes from the stored CREATE text, read by
// sqlite_inspect_ddl. Rows reach their tables through hash maps, so the cost
// grows linearly with the schema.
#include "dialect/sqlite/sqlite_inspect.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "dialect/sqlite/sqlite_inspect_ddl.hpp"
#include "dialect/sqlite/sqlite_inspect_lexer.hpp"
#include "dialect/sqlite/sqlite_text.hpp"

namespace strata::detail {

namespace {

using schema::ObjectName;
using sqlite_lex::equals_folded;
using sqlite_lex::fold_case;
using Row = std::vector<std::optional<std::string>>;

// Ordinary tables of the main database: not SQLite's own (sqlite_%, which
// SQLite reserves in any letter case) and not virtual tables, whose pragmas
// would need the module loaded.
#define STRATA_USER_TABLE                                                             \
  "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.sql NOT LIKE " \
  "'CREATE VIRTUAL TABLE %'"

constexpr std::string_view kObjectsSql =
    "SELECT type, name, tbl_name, sql FROM sqlite_schema "
    "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

// Shadow tables belong to a virtual table (FTS5's *_data, *_idx, ...): it
// creates and drops them itself.
constexpr std::string_view kShadowSql =
    "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'";

constexpr std::string_view kColumnsSql =
    "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
    "FROM sqlite_schema m JOIN pragma_table_xinfo(m.name, 'main') p "
    "WHERE " STRATA_USER_TABLE " ORDER BY m.name, p.cid";

// The keys of the indexes whose text does not settle them: every constraint
// index (sqlite_autoindex_*, which has no text) and the CREATE INDEX indexes
// named in the list that completes the query, those with an expression key.
// Driven by sqlite_schema's index rows, so each costs one pragma call.
constexpr std::string_view kIndexKeysSql =
    "SELECT m.tbl_name, m.name, ix.seqno, ix.cid, ix.name, ix.\"desc\", ix.coll "
    "FROM sqlite_schema m JOIN pragma_index_xinfo(m.name, 'main') ix "
    "WHERE m.type = 'index' AND m.tbl_name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND ix.key = 1 "
    "AND (m.sql IS NULL OR m.name IN (";
constexpr std::string_view kIndexKeysSqlEnd = ")) ORDER BY m.tbl_name, m.name, ix.seqno";

// Which constraint indexes back a primary key rather than a UNIQUE
// constraint, for the tables named in the list that completes the query:
// those with a constraint index on exactly their key's columns.
constexpr std::string_view kKeyIndexesSql =
    "SELECT il.name FROM sqlite_schema m JOIN pragma_index_list(m.name, 'main') il "
    "WHERE m.type = 'table' AND il.origin = 'pk' AND m.name IN (";
constexpr std::string_view kKeyIndexesSqlEnd = ")";

// Only a table whose text says REFERENCES can have foreign keys; the others
// are spared the pragma call.
constexpr std::string_view kForeignKeysSql =
    "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete "
    "FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name, 'main') f "
    "WHERE " STRATA_USER_TABLE
    " AND instr(upper(m.sql), 'REFERENCES') > 0 ORDER BY m.name, f.id, f.seq";

#undef STRATA_USER_TABLE

const std::string& text(const Row& row, size_t i) {
  static const std::string kEmpty;
  return row[i] ? *row[i] : kEmpty;
}

int64_t integer(const Row& row, size_t i) {
  const std::string& s = text(row, i);
  int64_t value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  return value;
}

schema::FkAction fk_action(std::string_view action) {
  if (action == "CASCADE") return schema::FkAction::cascade;
  if (action == "RESTRICT") return schema::FkAction::restrict;
  if (action == "SET NULL") return schema::FkAction::set_null;
  if (action == "SET DEFAULT") return schema::FkAction::set_default;
  return schema::FkAction::no_action;
}

// BINARY is every column's and key's default collation, so the model leaves it empty.
std::string collation(std::string_view name) {
  return equals_folded(name, "BINARY") ? std::string() : std::string(name);
}

bool same_columns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!equals_folded(a[i], b[i])) return false;
  }
  return true;
}

struct TableState {
  schema::Table table;
  sqlite_ddl::DdlTable ddl;
  std::vector<std::pair<int64_t, std::string>> pk;  // (position in the key, column)
  std::vector<bool> fk_used;                        // ddl.foreign_keys already matched
};

class Inspector {
 public:
  Inspector(Connection& conn, const schema::InspectOptions& options)
      : conn_(conn), options_(options) {}

  Result<schema::Schema> run() {
    STRATA_TRY(auto objects, query(kObjectsSql));
    STRATA_TRY(auto shadows, query(kShadowSql));
    std::unordered_set<std::string> skipped;  // folded names of tables not reported
    for (const auto& name : options_.exclude_tables) skipped.insert(fold_case(name));
    for (const auto& row : shadows.rows) skipped.insert(fold_case(text(row, 0)));
    read_objects(objects.rows, skipped);

    STRATA_TRY(auto columns, query(kColumnsSql));
    read_columns(columns.rows);
    STRATA_TRY(auto indexes, query(index_keys_sql()));
    read_indexes(indexes.rows);
    STRATA_TRY(auto key_indexes, query(key_indexes_sql()));
    std::unordered_set<std::string> key_index_names;
    for (auto& row : key_indexes.rows) key_index_names.insert(text(row, 0));
    read_constraint_indexes(key_index_names);
    STRATA_TRY(auto fks, query(kForeignKeysSql));
    read_foreign_keys(fks.rows);

    for (auto& state : tables_) finish_table(state);
    for (auto& state : tables_) out_.tables.push_back(std::move(state.table));
    finish_views();
    out_.canonicalize();
    return std::move(out_);
  }

 private:
  Result<QueryResult> query(std::string_view sql) {
    auto r = conn_.query(sql);
    if (!r) {
      Error e = std::move(r).error();
      e.message = "reading the SQLite schema: " + e.message;
      return fail(std::move(e));
    }
    return r;
  }

  void read_objects(const std::vector<Row>& rows, const std::unordered_set<std::string>& skipped) {
    for (const auto& row : rows) {
      const std::string& type = text(row, 0);
      const std::string& name = text(row, 1);
      const std::string& sql = text(row, 3);
      if (type == "table") {
        if (skipped.count(fold_case(name)) != 0) continue;
        if (sql.rfind("CREATE VIRTUAL TABLE ", 0) == 0) {
          out_.others.push_back(schema::OtherObject{"virtual table", {"", name}, {}, sql});
          continue;
        }
        TableState state;
        state.table.name = ObjectName{"", name};
        state.ddl = sqlite_ddl::parse_create_table(sql);
        state.table.autoincrement = state.ddl.autoincrement;
        state.table.without_rowid = state.ddl.without_rowid;
        state.table.strict = state.ddl.strict;
        state.fk_used.assign(state.ddl.foreign_keys.size(), false);
        table_by_name_.emplace(name, tables_.size());
        table_by_folded_.emplace(fold_case(name), tables_.size());
        tables_.push_back(std::move(state));
      } else if (type == "index") {
        if (row[3]) index_rows_.push_back(&row);
      } else if (type == "view") {
        schema::View view;
        view.name = ObjectName{"", name};
        views_.push_back(std::move(view));
        view_sql_.push_back(&sql);
      } else if (type == "trigger") {
        const std::string& table = text(row, 2);
        if (skipped.count(fold_case(table)) != 0) continue;
        out_.others.push_back(schema::OtherObject{"trigger", {"", name}, {"", table}, sql});
      }
    }
  }

  TableState* table_named(const std::string& name) {
    auto it = table_by_name_.find(name);
    return it == table_by_name_.end() ? nullptr : &tables_[it->second];
  }

  const TableState* table_folded(std::string_view name) const {
    auto it = table_by_folded_.find(fold_case(name));
    return it == table_by_folded_.end() ? nullptr : &tables_[it->second];
  }

  // m.name, p.name, p.type, p.notnull, p.dflt_value, p.pk, p.hidden
  void read_columns(const std::vector<Row>& rows) {
    TableState* state = nullptr;
    for (const auto& row : rows) {
      if (state == nullptr || state->table.name.name != text(row, 0)) {
        state = table_named(text(row, 0));
      }
      if (state == nullptr) continue;
      schema::Column column;
      column.name = text(row, 1);
      column.type = sqlite_lex::normalize_type(text(row, 2));
      column.not_null = integer(row, 3) != 0;
      if (row[4]) column.default_expr = normalize_expression(*row[4]);
      const int64_t hidden = integer(row, 6);
      const size_t position = state->table.columns.size();
      const sqlite_ddl::DdlColumn* declared = declared_column(state->ddl, position, column.name);
      if (declared != nullptr) column.collation = collation(declared->collation);
      if (hidden == 2 || hidden == 3) {
        column.generated = declared != nullptr && declared->generated ? *declared->generated : "";
        column.generated_stored = hidden == 3;
      }
      if (const int64_t pk = integer(row, 5); pk > 0) state->pk.emplace_back(pk, column.name);
      state->table.columns.push_back(std::move(column));
    }
  }

  static std::string normalize_expression(std::string_view expression) {
    return sqlite_lex::TokenList(expression).normalized(0, SIZE_MAX);
  }

  // The declared column the pragma's column `position` is: the same position
  // unless the text and the pragma disagree, then by name.
  static const sqlite_ddl::DdlColumn* declared_column(const sqlite_ddl::DdlTable& ddl,
                                                      size_t position, std::string_view name) {
    if (position < ddl.columns.size() && equals_folded(ddl.columns[position].name, name)) {
      return &ddl.columns[position];
    }
    for (const auto& c : ddl.columns) {
      if (equals_folded(c.name, name)) return &c;
    }
    return nullptr;
  }

  // Reads every CREATE INDEX text. An index whose keys are all plain
  // columns is complete from its text (the pragma would echo the same
  // names, directions and collations, a key's collation defaulting to its
  // column's); the others wait for kIndexKeysSql, whose text this returns.
  std::string index_keys_sql() {
    std::string sql(kIndexKeysSql);
    bool first = true;
    for (const Row* row : index_rows_) {
      TableState* state = table_named(text(*row, 2));
      if (state == nullptr) continue;
      sqlite_ddl::DdlIndex ddl = sqlite_ddl::parse_create_index(text(*row, 3));
      const std::string& name = text(*row, 1);
      if (auto index = index_from_text(*state, name, ddl)) {
        state->table.indexes.push_back(std::move(*index));
        continue;
      }
      if (!first) sql += ", ";
      first = false;
      sql += sqlite_text::quote_literal(name);
      pending_indexes_.emplace(name, std::move(ddl));
    }
    sql += kIndexKeysSqlEnd;
    return sql;
  }

  static std::optional<schema::Index> index_from_text(const TableState& state,
                                                      const std::string& name,
                                                      sqlite_ddl::DdlIndex& ddl) {
    schema::Index index;
    index.name = name;
    index.unique = ddl.unique;
    for (const auto& declared : ddl.keys) {
      if (!declared.name) return std::nullopt;
      const auto position = column_position(state, *declared.name);
      if (!position) return std::nullopt;
      schema::IndexKey key;
      key.expression = state.table.columns[*position].name;
      key.descending = declared.descending;
      key.collation = declared.collation.empty() ? state.table.columns[*position].collation
                                                 : collation(declared.collation);
      index.keys.push_back(std::move(key));
    }
    index.where = std::move(ddl.where);
    return index;
  }

  static std::optional<size_t> column_position(const TableState& state, std::string_view name) {
    const auto& columns = state.table.columns;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (equals_folded(columns[i].name, name)) return i;
    }
    return std::nullopt;
  }

  // m.tbl_name, m.name, ix.seqno, ix.cid, ix.name, ix.desc, ix.coll
  void read_indexes(const std::vector<Row>& rows) {
    size_t i = 0;
    while (i < rows.size()) {
      size_t end = i + 1;
      while (end < rows.size() && text(rows[end], 1) == text(rows[i], 1)) ++end;
      if (TableState* state = table_named(text(rows[i], 0)); state != nullptr) {
        read_index(*state, rows.data() + i, rows.data() + end);
      }
      i = end;
    }
  }

  void read_index(TableState& state, const Row* first, const Row* last) {
    const std::string& name = text(*first, 1);
    const auto pending = pending_indexes_.find(name);
    if (pending == pending_indexes_.end()) {
      ConstraintIndex index{&state, name, {}};
      for (const Row* row = first; row != last; ++row) index.columns.push_back(text(*row, 4));
      constraint_indexes_.push_back(std::move(index));
      return;
    }
    sqlite_ddl::DdlIndex& ddl = pending->second;
    schema::Index index;
    index.name = name;
    index.unique = ddl.unique;
    index.where = std::move(ddl.where);
    for (const Row* row = first; row != last; ++row) {
      schema::IndexKey key;
      const int64_t cid = integer(*row, 3);
      if (cid == -2) {
        const auto seqno = static_cast<size_t>(integer(*row, 2));
        key.is_column = false;
        if (seqno < ddl.keys.size()) key.expression = ddl.keys[seqno].expression;
      } else {
        key.expression = (*row)[4] ? *(*row)[4] : std::string("rowid");
      }
      key.descending = integer(*row, 5) != 0;
      key.collation = collation(text(*row, 6));
      index.keys.push_back(std::move(key));
    }
    state.table.indexes.push_back(std::move(index));
  }

  // A primary key's index has the key's columns in key order, so only a
  // table with a constraint index like that can have one among them.
  std::string key_indexes_sql() const {
    std::string sql(kKeyIndexesSql);
    const TableState* last = nullptr;
    for (const auto& index : constraint_indexes_) {
      if (index.table == last || index.columns.size() != index.table->pk.size()) continue;
      auto pk = index.table->pk;
      std::sort(pk.begin(), pk.end());
      bool same = true;
      for (size_t i = 0; same && i < pk.size(); ++i) same = pk[i].second == index.columns[i];
      if (!same) continue;
      if (last != nullptr) sql += ", ";
      sql += sqlite_text::quote_literal(index.table->table.name.name);
      last = index.table;
    }
    sql += kKeyIndexesSqlEnd;
    return sql;
  }

  void read_constraint_indexes(const std::unordered_set<std::string>& key_index_names) {
    for (auto& index : constraint_indexes_) {
      if (key_index_names.count(index.name) != 0) continue;
      schema::UniqueConstraint unique;
      unique.columns = std::move(index.columns);
      for (const auto& declared : index.table->ddl.uniques) {
        if (same_columns(declared.columns, unique.columns)) {
          unique.name = declared.name;
          break;
        }
      }
      index.table->table.uniques.push_back(std::move(unique));
    }
  }

  // m.name, f.id, f.table, f.from, f.to, f.on_update, f.on_delete; the pragma
  // numbers a table's keys from the last declared, so each table's groups are
  // matched to the text from the highest id down.
  void read_foreign_keys(const std::vector<Row>& rows) {
    size_t i = 0;
    while (i < rows.size()) {
      size_t table_end = i + 1;
      while (table_end < rows.size() && text(rows[table_end], 0) == text(rows[i], 0)) ++table_end;
      TableState* state = table_named(text(rows[i], 0));
      size_t group_end = table_end;
      while (state != nullptr && group_end > i) {
        size_t group_start = group_end - 1;
        while (group_start > i && text(rows[group_start - 1], 1) == text(rows[group_end - 1], 1)) {
          --group_start;
        }
        read_foreign_key(*state, rows.data() + group_start, rows.data() + group_end);
        group_end = group_start;
      }
      i = table_end;
    }
  }

  void read_foreign_key(TableState& state, const Row* first, const Row* last) {
    schema::ForeignKey fk;
    const std::string& parent_name = text(*first, 2);
    const TableState* parent = table_folded(parent_name);
    fk.ref_table = ObjectName{"", parent != nullptr ? parent->table.name.name : parent_name};
    fk.on_update = fk_action(text(*first, 5));
    fk.on_delete = fk_action(text(*first, 6));
    bool implicit = true;
    for (const Row* row = first; row != last; ++row) {
      fk.columns.push_back(text(*row, 3));
      if ((*row)[4]) {
        implicit = false;
        fk.ref_columns.push_back(parent_column(parent, *(*row)[4]));
      }
    }
    // A REFERENCES clause without columns means the parent's primary key,
    // which the parent's own rows (read before this) give in key order.
    if (implicit && parent != nullptr) {
      auto pk = parent->pk;
      std::sort(pk.begin(), pk.end());
      for (auto& [position, column] : pk) fk.ref_columns.push_back(column);
    }
    for (size_t k = 0; k < state.ddl.foreign_keys.size(); ++k) {
      const auto& declared = state.ddl.foreign_keys[k];
      if (state.fk_used[k] || !equals_folded(declared.ref_table, parent_name) ||
          !same_columns(declared.columns, fk.columns)) {
        continue;
      }
      state.fk_used[k] = true;
      fk.name = declared.name;
      fk.deferrable = declared.deferrable;
      fk.initially_deferred = declared.initially_deferred;
      break;
    }
    state.table.foreign_keys.push_back(std::move(fk));
  }

  static std::string parent_column(const TableState* parent, const std::string& written) {
    if (parent != nullptr) {
      for (const auto& c : parent->table.columns) {
        if (equals_folded(c.name, written)) return c.name;
      }
    }
    return written;
  }

  static void finish_table(TableState& state) {
    if (!state.pk.empty()) {
      std::sort(state.pk.begin(), state.pk.end());
      schema::PrimaryKey pk;
      if (state.ddl.primary_key) pk.name = state.ddl.primary_key->name;
      for (auto& [position, column] : state.pk) pk.columns.push_back(std::move(column));
      state.table.primary_key = std::move(pk);
    }
    for (auto& check : state.ddl.checks) {
      state.table.checks.push_back(
          schema::CheckConstraint{std::move(check.name), std::move(check.expression)});
    }
    // SQLite leaves most constraints unnamed, and canonicalize() orders by
    // name alone: a full order first makes equal tables list them alike.
    auto& t = state.table;
    std::sort(t.uniques.begin(), t.uniques.end(), [](const auto& a, const auto& b) {
      return std::tie(a.name, a.columns) < std::tie(b.name, b.columns);
    });
    std::sort(t.foreign_keys.begin(), t.foreign_keys.end(), [](const auto& a, const auto& b) {
      return std::tie(a.name, a.columns, a.ref_table, a.ref_columns) <
             std::tie(b.name, b.columns, b.ref_table, b.ref_columns);
    });
    std::sort(t.checks.begin(), t.checks.end(), [](const auto& a, const auto& b) {
      return std::tie(a.name, a.expression) < std::tie(b.name, b.expression);
    });
  }

  // Runs after the tables moved into out_, so it looks names up there.
  void finish_views() {
    std::unordered_map<std::string, std::string> readable;  // folded -> real name
    readable.reserve(out_.tables.size() + views_.size());
    for (const auto& t : out_.tables) readable.emplace(fold_case(t.name.name), t.name.name);
    for (const auto& v : views_) readable.emplace(fold_case(v.name.name), v.name.name);
    for (size_t i = 0; i < views_.size(); ++i) {
      schema::View& view = views_[i];
      sqlite_ddl::DdlView ddl = sqlite_ddl::parse_create_view(*view_sql_[i]);
      view.definition = std::move(ddl.definition);
      for (const auto& identifier : ddl.identifiers) {
        auto it = readable.find(fold_case(identifier));
        if (it == readable.end() || it->second == view.name.name) continue;
        view.depends_on.push_back(ObjectName{"", it->second});
      }
      std::sort(view.depends_on.begin(), view.depends_on.end());
      view.depends_on.erase(std::unique(view.depends_on.begin(), view.depends_on.end()),
                            view.depends_on.end());
      out_.views.push_back(std::move(view));
    }
  }

  Connection& conn_;
  const schema::InspectOptions& options_;
  schema::Schema out_;
  std::vector<TableState> tables_;
  std::unordered_map<std::string, size_t> table_by_name_;
  std::unordered_map<std::string, size_t> table_by_folded_;
  std::vector<const Row*> index_rows_;  // sqlite_schema rows of CREATE INDEX indexes
  // CREATE INDEX indexes whose keys are asked of the pragma, by name.
  std::unordered_map<std::string, sqlite_ddl::DdlIndex> pending_indexes_;
  // sqlite_autoindex_* indexes: a primary key's or a UNIQUE constraint's.
  struct ConstraintIndex {
    TableState* table;
    std::string name;
    std::vector<std::string> columns;
  };
  std::vector<ConstraintIndex> constraint_indexes_;
  std::vector<schema::View> views_;
  std::vector<const std::string*> view_sql_;
};

}  // namespace

Result<schema::Schema> inspect_sqlite(Connection& conn, const schema::InspectOptions& options) {
  return Inspector(conn, options).run();
}

}  // namespace strata::detail
