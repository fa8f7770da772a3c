// The SQLite renderer. One forward pass over the changes, tracking each
// touched table's current columns, so that every change SQLite's ALTER TABLE
// can make becomes an ALTER statement and every other run of consecutive
// changes to a table becomes one table rebuild (lang_altertable.html, "Making
// Other Kinds Of Table Schema Changes") to the table's final state. Changes a
// rebuild or a CREATE TABLE already made render nothing later.
#include "dialect/sqlite/sqlite_render.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/strings.hpp"
#include "dialect/sqlite/sqlite_render_sql.hpp"
#include "dialect/sqlite/sqlite_text.hpp"

namespace strata::detail {

namespace {

using schema::Change;
using schema::ChangeList;
using schema::Column;
using schema::ObjectName;
using schema::Statement;
using schema::Table;
using sqlite_sql::ident;
using sqlite_sql::qualified;
using sqlite_sql::same_name;

constexpr std::string_view kRebuildPrefix = "_strata_new_";

// The table a change acts on, if any.
const ObjectName* subject_table(const schema::ChangeOp& op) {
  return std::visit(
      [](const auto& c) -> const ObjectName* {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, schema::CreateTable> ||
                      std::is_same_v<T, schema::DropTable>) {
          return &c.table.name;
        } else if constexpr (std::is_same_v<T, schema::RenameTable>) {
          return &c.from;
        } else if constexpr (std::is_same_v<T, schema::CreateOther> ||
                             std::is_same_v<T, schema::DropOther>) {
          return &c.object.table;
        } else if constexpr (requires { c.table.schema; }) {
          return &c.table;
        } else {
          return nullptr;
        }
      },
      op);
}

// Changes to a table's columns and constraints: the ones a rebuild can make.
bool is_table_member(const schema::ChangeOp& op) {
  return std::holds_alternative<schema::AddColumn>(op) ||
         std::holds_alternative<schema::DropColumn>(op) ||
         std::holds_alternative<schema::RenameColumn>(op) ||
         std::holds_alternative<schema::AlterColumn>(op) ||
         std::holds_alternative<schema::AddPrimaryKey>(op) ||
         std::holds_alternative<schema::DropPrimaryKey>(op) ||
         std::holds_alternative<schema::AddUnique>(op) ||
         std::holds_alternative<schema::DropUnique>(op) ||
         std::holds_alternative<schema::AddForeignKey>(op) ||
         std::holds_alternative<schema::DropForeignKey>(op) ||
         std::holds_alternative<schema::AddCheck>(op) ||
         std::holds_alternative<schema::DropCheck>(op);
}

bool is_trigger(const schema::OtherObject& object) { return object.kind == "trigger"; }

// "n" for a named constraint, "a <what> on (a, b)" for an unnamed one.
std::string constraint_label(std::string_view what, const std::string& name,
                             const std::vector<std::string>& columns) {
  if (!name.empty()) return std::string(what) + " " + name;
  return "a " + std::string(what) + " on (" + join(columns, ", ") + ")";
}

std::string alter_column_reason(const schema::AlterColumn& c) {
  std::vector<std::string> what;
  if (c.from.type != c.to.type) what.emplace_back("type");
  if (c.from.not_null != c.to.not_null) what.emplace_back("NOT NULL");
  if (c.from.default_expr != c.to.default_expr) what.emplace_back("default");
  if (c.from.generated != c.to.generated || c.from.generated_stored != c.to.generated_stored) {
    what.emplace_back("generated expression");
  }
  if (c.from.collation != c.to.collation) what.emplace_back("collation");
  if (c.from.identity != c.to.identity) what.emplace_back("identity");
  std::string out = "change column " + c.to.name;
  if (!what.empty()) out += " (" + join(what, ", ") + ")";
  return out;
}

// Why a change SQLite never makes with ALTER TABLE needs a rebuild; empty for
// the kinds whose answer depends on the table (columns added or dropped).
std::string fixed_reason(const schema::ChangeOp& op) {
  if (const auto* c = std::get_if<schema::AlterColumn>(&op)) return alter_column_reason(*c);
  if (std::holds_alternative<schema::AddPrimaryKey>(op)) return "add a primary key";
  if (std::holds_alternative<schema::DropPrimaryKey>(op)) return "drop the primary key";
  if (const auto* c = std::get_if<schema::AddUnique>(&op)) {
    return "add " +
           constraint_label("unique constraint", c->constraint.name, c->constraint.columns);
  }
  if (const auto* c = std::get_if<schema::DropUnique>(&op)) {
    return "drop " +
           constraint_label("unique constraint", c->constraint.name, c->constraint.columns);
  }
  if (const auto* c = std::get_if<schema::AddForeignKey>(&op)) {
    return "add " + constraint_label("foreign key", c->key.name, c->key.columns);
  }
  if (const auto* c = std::get_if<schema::DropForeignKey>(&op)) {
    return "drop " + constraint_label("foreign key", c->key.name, c->key.columns);
  }
  if (const auto* c = std::get_if<schema::AddCheck>(&op)) {
    return c->check.name.empty() ? "add a check constraint" : "add check " + c->check.name;
  }
  if (const auto* c = std::get_if<schema::DropCheck>(&op)) {
    return c->check.name.empty() ? "drop a check constraint" : "drop check " + c->check.name;
  }
  return std::string();
}

// What the renderer says for an object kind SQLite does not have.
std::string not_supported(std::string_view what) {
  return "not supported by SQLite: " + std::string(what);
}

// Changes that never come from SQLite inspection, described for the comment.
std::optional<std::string> foreign_object(const schema::ChangeOp& op) {
  using namespace schema;
  if (const auto* c = std::get_if<CreateNamespace>(&op)) return "create schema " + c->name;
  if (const auto* c = std::get_if<DropNamespace>(&op)) return "drop schema " + c->name;
  if (const auto* c = std::get_if<CreateExtension>(&op)) {
    return "create extension " + c->extension.name;
  }
  if (const auto* c = std::get_if<DropExtension>(&op)) return "drop extension " + c->extension.name;
  if (const auto* c = std::get_if<CreateEnum>(&op)) return "create enum " + display(c->type.name);
  if (const auto* c = std::get_if<DropEnum>(&op)) return "drop enum " + display(c->type.name);
  if (const auto* c = std::get_if<AlterEnum>(&op)) return "alter enum " + display(c->to.name);
  if (const auto* c = std::get_if<CreateSequence>(&op)) {
    return "create sequence " + display(c->sequence.name);
  }
  if (const auto* c = std::get_if<DropSequence>(&op)) {
    return "drop sequence " + display(c->sequence.name);
  }
  if (const auto* c = std::get_if<AlterSequence>(&op)) {
    return "alter sequence " + display(c->to.name);
  }
  return std::nullopt;
}

std::string strip_statement_end(std::string_view sql) {
  size_t end = sql.size();
  while (end > 0 &&
         (sqlite_text::is_space(static_cast<unsigned char>(sql[end - 1])) || sql[end - 1] == ';')) {
    --end;
  }
  size_t begin = 0;
  while (begin < end && sqlite_text::is_space(static_cast<unsigned char>(sql[begin]))) ++begin;
  return std::string(sql.substr(begin, end - begin));
}

// A table as the database holds it at the current point of the list.
struct TableState {
  const Table* from = nullptr;      // the table in context.from; null when the list created it
  bool known = false;               // `columns` are known (from context.from or a CreateTable)
  std::vector<Column> columns;      // current columns, in order
  std::vector<std::string> origin;  // each column's name in `from`; empty when added since
  bool autoincrement = false;
  // Constraints of `from` that the current run of changes drops: they no
  // longer keep a column from being dropped.
  bool dropped_primary_key = false;
  std::vector<schema::UniqueConstraint> dropped_uniques;
  std::vector<schema::ForeignKey> dropped_foreign_keys;
  std::vector<schema::CheckConstraint> dropped_checks;
  bool rebuilt = false;          // rebuilt to its final state: later changes are done
  size_t rebuild_statement = 0;  // the rebuild's first statement
};

long column_index(const TableState& state, std::string_view name) {
  for (size_t i = 0; i < state.columns.size(); ++i) {
    if (same_name(state.columns[i].name, name)) return static_cast<long>(i);
  }
  return -1;
}

template <typename T>
bool contains(const std::vector<T>& items, const T& item) {
  for (const auto& i : items) {
    if (i == item) return true;
  }
  return false;
}

// The effect of a change on the tracked columns and constraints.
void apply_to_state(TableState& state, const schema::ChangeOp& op) {
  if (const auto* c = std::get_if<schema::RenameColumn>(&op)) {
    const long i = column_index(state, c->from);
    if (i >= 0) state.columns[i].name = c->to;
  } else if (const auto* c = std::get_if<schema::AddColumn>(&op)) {
    state.columns.push_back(c->column);
    state.origin.emplace_back();
  } else if (const auto* c = std::get_if<schema::DropColumn>(&op)) {
    const long i = column_index(state, c->column.name);
    if (i >= 0) {
      state.columns.erase(state.columns.begin() + i);
      state.origin.erase(state.origin.begin() + i);
    }
  } else if (std::holds_alternative<schema::DropPrimaryKey>(op)) {
    state.dropped_primary_key = true;
  } else if (const auto* c = std::get_if<schema::DropUnique>(&op)) {
    state.dropped_uniques.push_back(c->constraint);
  } else if (const auto* c = std::get_if<schema::DropForeignKey>(&op)) {
    state.dropped_foreign_keys.push_back(c->key);
  } else if (const auto* c = std::get_if<schema::DropCheck>(&op)) {
    state.dropped_checks.push_back(c->check);
  }
}

class Renderer {
 public:
  Renderer(const ChangeList& changes, const schema::RenderContext& context)
      : changes_(changes), context_(context), folded_(changes.size(), kNone) {}

  std::vector<std::string> pending_checks_;  // PRAGMA foreign_key_check of rebuilt tables

  Result<std::vector<Statement>> run() {
    index_changes();
    for (size_t i = 0; i < changes_.size(); ++i) {
      const Change& change = changes_[i];
      if (change.implied) continue;
      if (folded_[i] != kNone) {
        absorb(i, folded_[i]);
        continue;
      }
      note_ = change.note.empty() ? nullptr : &change.note;
      STRATA_CHECK(render(i));
    }
    note_ = nullptr;
    for (const auto& check : pending_checks_) emit(check);
    return std::move(out_);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  // Pre-passes: where foreign keys are added, where indexes and triggers are
  // created last, and each change's table under its final name.
  void index_changes() {
    const size_t n = changes_.size();
    for (size_t i = 0; i < n; ++i) {
      const Change& change = changes_[i];
      if (change.implied) continue;
      if (const auto* c = std::get_if<schema::AddForeignKey>(&change.op)) {
        fk_adds_[c->table].push_back(i);
      } else if (const auto* c = std::get_if<schema::CreateIndex>(&change.op)) {
        last_index_create_[ObjectName{c->table.schema, c->index.name}] = i;
      } else if (const auto* c = std::get_if<schema::CreateOther>(&change.op)) {
        if (is_trigger(c->object)) last_trigger_create_[c->object.name] = i;
      }
    }
    // Backwards: `later` maps a name to the final name of the table that
    // carries it at this point; nullopt when that table is dropped later.
    final_name_.resize(n);
    std::map<ObjectName, std::optional<ObjectName>> later;
    const auto resolve = [&](const ObjectName& name) -> std::optional<ObjectName> {
      const auto it = later.find(name);
      return it == later.end() ? std::optional<ObjectName>(name) : it->second;
    };
    for (size_t i = n; i-- > 0;) {
      const Change& change = changes_[i];
      if (change.implied) continue;
      if (const auto* t = subject_table(change.op)) final_name_[i] = resolve(*t);
      if (const auto* c = std::get_if<schema::RenameTable>(&change.op)) {
        later[c->from] = resolve(c->to);
      } else if (const auto* c = std::get_if<schema::DropTable>(&change.op)) {
        later[c->table.name] = std::nullopt;
      }
    }
  }

  void emit(std::string sql, std::string comment = {}) {
    if (note_ != nullptr) {
      if (!comment.empty()) comment += '\n';
      comment += *note_;
      note_ = nullptr;
    }
    out_.push_back(Statement{std::move(sql), true, std::move(comment)});
  }

  // A change another statement already made: its note joins that statement's.
  void absorb(size_t change, size_t statement) {
    const std::string& note = changes_[change].note;
    if (note.empty() || statement >= out_.size()) return;
    std::string& comment = out_[statement].comment;
    if (!comment.empty()) comment += '\n';
    comment += note;
  }

  // The tracked state of `name`, read from context.from on first use.
  TableState& state(const ObjectName& name) {
    auto [it, inserted] = tables_.try_emplace(name);
    if (inserted && context_.from != nullptr) {
      if (const Table* t = context_.from->find_table(name)) {
        it->second.from = t;
        it->second.known = true;
        it->second.columns = t->columns;
        it->second.origin.reserve(t->columns.size());
        for (const auto& c : t->columns) it->second.origin.push_back(c.name);
        it->second.autoincrement = t->autoincrement;
      }
    }
    return it->second;
  }

  TableState* rebuilt_state(const ObjectName& name) {
    const auto it = tables_.find(name);
    return it != tables_.end() && it->second.rebuilt ? &it->second : nullptr;
  }

  const Table* final_table(size_t i) const {
    if (context_.to == nullptr || !final_name_[i]) return nullptr;
    return context_.to->find_table(*final_name_[i]);
  }

  Status render(size_t i) {
    const schema::ChangeOp& op = changes_[i].op;
    if (is_table_member(op)) return render_member(i);
    if (auto what = foreign_object(op)) {
      emit(std::string(), not_supported(*what));
      return {};
    }
    if (const auto* c = std::get_if<schema::CreateTable>(&op)) {
      render_create_table(i, c->table);
    } else if (const auto* c = std::get_if<schema::DropTable>(&op)) {
      const TableState& dropped = state(c->table.name);
      dropped_tables_.insert(dropped.from != nullptr ? dropped.from->name : c->table.name);
      tables_.erase(c->table.name);
      emit("DROP TABLE " + qualified(c->table.name));
    } else if (const auto* c = std::get_if<schema::RenameTable>(&op)) {
      TableState moved = std::move(state(c->from));
      tables_.erase(c->from);
      tables_[c->to] = std::move(moved);
      emit("ALTER TABLE " + qualified(c->from) + " RENAME TO " + ident(c->to.name));
    } else if (const auto* c = std::get_if<schema::CreateIndex>(&op)) {
      emit(sqlite_sql::create_index(c->table, c->index));
    } else if (const auto* c = std::get_if<schema::DropIndex>(&op)) {
      if (TableState* t = rebuilt_state(c->table)) {
        // DROP TABLE in the rebuild took every index of the table with it.
        absorb(i, t->rebuild_statement);
      } else {
        const ObjectName name{c->table.schema, c->index.name};
        dropped_indexes_.insert(name);
        emit("DROP INDEX " + qualified(name));
      }
    } else if (const auto* c = std::get_if<schema::CreateView>(&op)) {
      if (c->view.materialized) {
        emit(std::string(), not_supported("create materialized view " + display(c->view.name)));
      } else {
        emit("CREATE VIEW " + qualified(c->view.name) + " AS " +
             strip_statement_end(c->view.definition));
      }
    } else if (const auto* c = std::get_if<schema::DropView>(&op)) {
      if (c->view.materialized) {
        emit(std::string(), not_supported("drop materialized view " + display(c->view.name)));
      } else {
        dropped_views_.insert(c->view.name);
        emit("DROP VIEW " + qualified(c->view.name));
      }
    } else if (const auto* c = std::get_if<schema::CreateOther>(&op)) {
      const std::string sql = strip_statement_end(c->object.definition);
      if (sql.empty()) {
        emit(std::string(),
             not_supported("create " + c->object.kind + " " + display(c->object.name) +
                           " (its definition is unknown)"));
      } else {
        if (is_trigger(c->object)) {
          created_triggers_[c->object.name] = &c->object;
          dropped_triggers_.erase(c->object.name);
          taken_triggers_.erase(c->object.name);
        }
        emit(sql);
      }
    } else if (const auto* c = std::get_if<schema::DropOther>(&op)) {
      if (!is_trigger(c->object)) {
        emit(std::string(),
             not_supported("drop " + c->object.kind + " " + display(c->object.name)));
      } else if (const auto taken = taken_triggers_.find(c->object.name);
                 taken != taken_triggers_.end()) {
        absorb(i, taken->second);
        taken_triggers_.erase(taken);
      } else if (TableState* t = rebuilt_state(c->object.table)) {
        // DROP TABLE in the rebuild took the table's triggers with it.
        absorb(i, t->rebuild_statement);
      } else {
        dropped_triggers_.insert(c->object.name);
        created_triggers_.erase(c->object.name);
        emit("DROP TRIGGER " + qualified(c->object.name));
      }
    } else if (const auto* c = std::get_if<schema::Unsupported>(&op)) {
      emit(std::string(), c->description);
    }
    // SetComment: SQLite keeps no comments.
    return {};
  }

  // SQLite cannot add a foreign key to an existing table, so the keys the
  // list adds to a table it creates go into the CREATE TABLE.
  void render_create_table(size_t i, const Table& table) {
    TableState fresh;
    fresh.known = true;
    fresh.columns = table.columns;
    fresh.origin.assign(table.columns.size(), std::string());
    fresh.autoincrement = table.autoincrement;
    tables_[table.name] = std::move(fresh);

    std::vector<const schema::ForeignKey*> keys;
    keys.reserve(table.foreign_keys.size());
    for (const auto& key : table.foreign_keys) keys.push_back(&key);
    std::vector<size_t> folded;
    if (const auto it = fk_adds_.find(table.name); it != fk_adds_.end()) {
      for (const size_t k : it->second) {
        if (k <= i || folded_[k] != kNone) continue;
        const auto& key = std::get<schema::AddForeignKey>(changes_[k].op).key;
        bool present = false;
        for (const auto* have : keys) present = present || *have == key;
        if (!present) keys.push_back(&key);
        folded.push_back(k);
      }
    }
    for (const size_t k : folded) folded_[k] = out_.size();
    emit(sqlite_sql::create_table(table, table.name, keys));
  }

  // Single-column foreign keys that the list adds later on a column it adds
  // at `i`: with a NULL default, ADD COLUMN can carry them as REFERENCES.
  std::vector<size_t> inline_references(size_t i, const ObjectName& table,
                                        const Column& column) const {
    std::vector<size_t> out;
    if (!sqlite_sql::is_null_default(column.default_expr)) return out;
    const auto it = fk_adds_.find(table);
    if (it == fk_adds_.end()) return out;
    for (const size_t k : it->second) {
      if (k <= i || folded_[k] != kNone) continue;
      const auto& key = std::get<schema::AddForeignKey>(changes_[k].op).key;
      if (key.columns.size() == 1 && same_name(key.columns[0], column.name) &&
          key.ref_columns.size() <= 1) {
        out.push_back(k);
      }
    }
    return out;
  }

  // Why ADD COLUMN cannot add `column` (SQLite's rules); empty when it can.
  std::string add_column_blocker(size_t i, const Column& column) const {
    const std::string what = "add column " + column.name;
    if (const Table* target = final_table(i)) {
      if (target->primary_key) {
        for (const auto& c : target->primary_key->columns) {
          if (same_name(c, column.name)) return what + " (part of the primary key)";
        }
      }
      for (const auto& u : target->uniques) {
        for (const auto& c : u.columns) {
          if (same_name(c, column.name)) return what + " (part of a unique constraint)";
        }
      }
    }
    if (column.generated) {
      return column.generated_stored ? what + " (a STORED generated column)" : std::string();
    }
    if (column.not_null && sqlite_sql::is_null_default(column.default_expr)) {
      return what + " (NOT NULL without a non-NULL default)";
    }
    if (column.default_expr) {
      if (sqlite_sql::is_current_time_default(*column.default_expr)) {
        return what + " (default " + *column.default_expr + ")";
      }
      if (sqlite_sql::is_expression_default(*column.default_expr)) {
        return what + " (its default is an expression)";
      }
    }
    return std::string();
  }

  // Why DROP COLUMN cannot drop `name` from the table as `state` has it
  // (SQLite's rules); empty when it can, or when nothing is known about it.
  std::string drop_column_blocker(const TableState& state, const std::string& name) const {
    const long i = column_index(state, name);
    if (i < 0 || state.from == nullptr || state.origin[i].empty()) return std::string();
    const Table& from = *state.from;
    const std::string& o = state.origin[i];
    const auto why = [&](const std::string& reason) {
      return "drop column " + name + " (" + reason + ")";
    };
    const auto in = [&](const std::vector<std::string>& columns) {
      for (const auto& c : columns) {
        if (same_name(c, o)) return true;
      }
      return false;
    };
    if (from.primary_key && !state.dropped_primary_key && in(from.primary_key->columns)) {
      return why("part of the primary key");
    }
    for (const auto& u : from.uniques) {
      if (in(u.columns) && !contains(state.dropped_uniques, u)) {
        return why(u.name.empty() ? "part of a unique constraint" : "part of unique " + u.name);
      }
    }
    for (const auto& index : from.indexes) {
      if (dropped_indexes_.count(ObjectName{from.name.schema, index.name}) != 0) continue;
      bool uses = index.where && sqlite_sql::mentions(*index.where, o);
      for (const auto& key : index.keys) {
        uses = uses || (key.is_column ? same_name(key.expression, o)
                                      : sqlite_sql::mentions(key.expression, o));
      }
      if (uses) return why("used by index " + index.name);
    }
    for (const auto& key : from.foreign_keys) {
      if (in(key.columns) && !contains(state.dropped_foreign_keys, key)) {
        return why(key.name.empty() ? "part of a foreign key" : "part of foreign key " + key.name);
      }
    }
    for (const auto& check : from.checks) {
      if (sqlite_sql::mentions(check.expression, o) && !contains(state.dropped_checks, check)) {
        return why(check.name.empty() ? "used by a check constraint"
                                      : "used by check " + check.name);
      }
    }
    for (const auto& column : from.columns) {
      if (column.generated && !same_name(column.name, o) &&
          sqlite_sql::mentions(*column.generated, o)) {
        return why("used by generated column " + column.name);
      }
    }
    if (context_.from == nullptr) return std::string();
    for (const auto& view : context_.from->views) {
      if (dropped_views_.count(view.name) != 0) continue;
      bool reads = false;
      for (const auto& d : view.depends_on) reads = reads || d == from.name;
      if (view.depends_on.empty()) reads = sqlite_sql::mentions(view.definition, from.name.name);
      if (reads && sqlite_sql::mentions(view.definition, o)) {
        return why("used by view " + display(view.name));
      }
    }
    for (const auto& other : context_.from->others) {
      if (!is_trigger(other) || dropped_triggers_.count(other.name) != 0) continue;
      const bool on_table =
          other.table == from.name || sqlite_sql::mentions(other.definition, from.name.name);
      if (on_table && sqlite_sql::mentions(other.definition, o)) {
        return why("used by trigger " + display(other.name));
      }
    }
    return std::string();
  }

  // Why change `k` needs a rebuild, given the table as `sim` has it; empty
  // when ALTER TABLE can make it. Foreign keys that an ADD COLUMN of the run
  // carries are collected in `carried`.
  std::string blocker(size_t k, const TableState& sim, std::set<size_t>& carried) const {
    const schema::ChangeOp& op = changes_[k].op;
    if (std::holds_alternative<schema::RenameColumn>(op)) return std::string();
    if (const auto* c = std::get_if<schema::AddColumn>(&op)) {
      std::string reason = add_column_blocker(k, c->column);
      if (reason.empty()) {
        for (const size_t fk : inline_references(k, c->table, c->column)) carried.insert(fk);
      }
      return reason;
    }
    if (const auto* c = std::get_if<schema::DropColumn>(&op)) {
      return drop_column_blocker(sim, c->column.name);
    }
    if (std::holds_alternative<schema::AddForeignKey>(op) && carried.count(k) != 0) {
      return std::string();
    }
    return fixed_reason(op);
  }

  Status render_member(size_t i) {
    // The list drops the table further on (a down section taking back a
    // created table and its keys): changing it first is wasted work, and a
    // rebuild would have no final state to build.
    if (!final_name_[i]) return {};
    const ObjectName& name = *subject_table(changes_[i].op);
    TableState& table = state(name);
    if (table.rebuilt) {
      absorb(i, table.rebuild_statement);
      return {};
    }
    if (alter_until_ == kNone || i > alter_until_) {
      // The run: this change and the consecutive changes to the same table
      // after it (changes that print nothing do not end it).
      std::vector<size_t> run;
      for (size_t k = i; k < changes_.size(); ++k) {
        const Change& c = changes_[k];
        if (c.implied || folded_[k] != kNone || std::holds_alternative<schema::SetComment>(c.op)) {
          continue;
        }
        if (!is_table_member(c.op) || *subject_table(c.op) != name) break;
        run.push_back(k);
      }
      TableState sim;
      sim.from = table.from;
      sim.columns = table.columns;
      sim.origin = table.origin;
      std::set<size_t> carried;
      std::vector<std::string> reasons;
      for (const size_t k : run) {
        std::string reason = blocker(k, sim, carried);
        if (!reason.empty()) reasons.push_back(std::move(reason));
        apply_to_state(sim, changes_[k].op);
      }
      if (!reasons.empty()) return rebuild(i, name, table, run, reasons);
      alter_until_ = run.back();
    }
    return render_alter(i, name, table);
  }

  Status render_alter(size_t i, const ObjectName& name, TableState& table) {
    const schema::ChangeOp& op = changes_[i].op;
    const std::string prefix = "ALTER TABLE " + qualified(name);
    if (const auto* c = std::get_if<schema::RenameColumn>(&op)) {
      emit(prefix + " RENAME COLUMN " + ident(c->from) + " TO " + ident(c->to));
    } else if (const auto* c = std::get_if<schema::AddColumn>(&op)) {
      std::vector<const schema::ForeignKey*> references;
      for (const size_t k : inline_references(i, c->table, c->column)) {
        references.push_back(&std::get<schema::AddForeignKey>(changes_[k].op).key);
        folded_[k] = out_.size();
      }
      emit(prefix + " ADD COLUMN " + sqlite_sql::column_definition(c->column, nullptr, references));
    } else if (const auto* c = std::get_if<schema::DropColumn>(&op)) {
      emit(prefix + " DROP COLUMN " + ident(c->column.name));
    } else {
      return failf("internal error: no ALTER TABLE for a change to {}", display(name));
    }
    apply_to_state(table, op);
    return {};
  }

  // The 12-step procedure, steps 4 to 10, to the table's final state.
  // Foreign keys stay unenforced meanwhile because strata's connections leave
  // PRAGMA foreign_keys off; foreign_key_check reports what the new keys reject.
  Status rebuild(size_t i, const ObjectName& name, TableState& table,
                 const std::vector<size_t>& run, const std::vector<std::string>& reasons) {
    const std::string shown = display(name);
    if (context_.to == nullptr) {
      return failf("cannot rebuild table {}: the target schema is not known", shown);
    }
    const Table* target = final_table(i);
    if (target == nullptr) {
      return failf("cannot rebuild table {}: it is not in the target schema", shown);
    }
    if (!table.known) {
      return failf("cannot rebuild table {}: it is not in the source schema", shown);
    }

    // Where each column of the new table comes from: follow the run's
    // renames and drops from the columns the table has now.
    struct Source {
      std::string name;  // after the run's renames
      std::string db;    // in the database now; empty for a column the run adds
    };
    std::vector<Source> sources;
    sources.reserve(table.columns.size());
    for (const auto& c : table.columns) sources.push_back({c.name, c.name});
    const auto find_source = [&](std::string_view column) -> Source* {
      for (auto& s : sources) {
        if (same_name(s.name, column)) return &s;
      }
      return nullptr;
    };
    // The rebuild makes the table's final state, so follow every later
    // change to this table (later runs included, which then print nothing),
    // under its later names too: a rename left out here would lose that
    // column's data.
    ObjectName current = name;
    for (size_t k = i; k < changes_.size(); ++k) {
      const schema::ChangeOp& op = changes_[k].op;
      if (const auto* r = std::get_if<schema::RenameTable>(&op)) {
        if (r->from == current) current = r->to;
        continue;
      }
      if (!is_table_member(op)) continue;
      const ObjectName* subject = subject_table(op);
      if (subject == nullptr || !(*subject == current)) continue;
      if (const auto* c = std::get_if<schema::RenameColumn>(&op)) {
        if (Source* s = find_source(c->from)) s->name = c->to;
      } else if (const auto* c = std::get_if<schema::DropColumn>(&op)) {
        if (Source* s = find_source(c->column.name)) *s = Source{};
      } else if (const auto* c = std::get_if<schema::AddColumn>(&op)) {
        sources.push_back({c->column.name, std::string()});
      }
    }
    std::string into;
    std::string select;
    for (const auto& column : target->columns) {
      if (column.generated) continue;
      const Source* s = find_source(column.name);
      if (s == nullptr || s->db.empty()) continue;
      if (!into.empty()) {
        into += ", ";
        select += ", ";
      }
      into += ident(column.name);
      select += ident(s->db);
    }

    const ObjectName temp{name.schema, std::string(kRebuildPrefix) + name.name};
    const std::string schema_prefix =
        name.schema.empty() ? std::string() : ident(name.schema) + ".";
    std::vector<const schema::ForeignKey*> keys;
    keys.reserve(target->foreign_keys.size());
    for (const auto& key : target->foreign_keys) keys.push_back(&key);

    const size_t first = out_.size();
    emit(sqlite_sql::create_table(*target, temp, keys),
         "rebuild " + shown + ": SQLite's ALTER TABLE cannot " + join(reasons, "; "));
    if (table.autoincrement && target->autoincrement) {
      // Keep AUTOINCREMENT's high-water mark: ids of deleted rows stay unused.
      emit("INSERT INTO " + schema_prefix + "sqlite_sequence (name, seq) SELECT " +
           sqlite_text::quote_literal(temp.name) + ", seq FROM " + schema_prefix +
           "sqlite_sequence WHERE name = " + sqlite_text::quote_literal(name.name));
    }
    if (!into.empty()) {
      emit("INSERT INTO " + qualified(temp) + " (" + into + ") SELECT " + select + " FROM " +
           qualified(name));
    }
    // Once the table is dropped, SQLite's RENAME refuses to run while a
    // trigger on another table reads it: such triggers go first and come back
    // with the table's own.
    const std::vector<const schema::OtherObject*> readers = triggers_reading(table, name);
    for (const auto* reader : readers) emit("DROP TRIGGER " + qualified(reader->name));
    emit("DROP TABLE " + qualified(name));
    emit("ALTER TABLE " + qualified(temp) + " RENAME TO " + ident(name.name));
    for (const auto& index : target->indexes) {
      const auto it = last_index_create_.find(ObjectName{name.schema, index.name});
      if (it != last_index_create_.end() && it->second > i) continue;
      emit(sqlite_sql::create_index(name, index));
    }
    for (const auto& other : context_.to->others) {
      if (!is_trigger(other) || other.table != target->name) continue;
      const auto it = last_trigger_create_.find(other.name);
      if (it != last_trigger_create_.end() && it->second > i) continue;
      const std::string sql = strip_statement_end(other.definition);
      if (sql.empty()) {
        emit(std::string(), not_supported("recreate trigger " + display(other.name) +
                                          " (its definition is unknown)"));
      } else {
        emit(sql);
      }
    }
    for (const auto* reader : readers) {
      const schema::OtherObject* final_reader = to_trigger(reader->name);
      const auto it = last_trigger_create_.find(reader->name);
      const bool created_later = it != last_trigger_create_.end() && it->second > i;
      const std::string sql =
          final_reader != nullptr ? strip_statement_end(final_reader->definition) : std::string();
      if (created_later || sql.empty()) {
        // Gone for good, or the list creates it itself: a later DROP TRIGGER
        // of it has nothing left to do.
        created_triggers_.erase(reader->name);
        taken_triggers_[reader->name] = first;
      } else {
        emit(sql);
      }
    }
    // Checked once every change has run: a key may point at a table that
    // gets its name later in the list (a parent renamed after this rebuild).
    const ObjectName checked = final_name_[i] ? *final_name_[i] : name;
    const std::string check = "PRAGMA " + schema_prefix + "foreign_key_check(" +
                              ident(checked.name) + ")";
    if (std::find(pending_checks_.begin(), pending_checks_.end(), check) == pending_checks_.end())
      pending_checks_.push_back(check);

    table.columns = target->columns;
    table.origin.assign(target->columns.size(), std::string());
    table.autoincrement = target->autoincrement;
    table.rebuilt = true;
    table.rebuild_statement = first;
    return {};
  }

  // Triggers in the database now, on other tables than `table`, whose body
  // names it (under its current name or the one context.from knows).
  std::vector<const schema::OtherObject*> triggers_reading(const TableState& table,
                                                           const ObjectName& name) const {
    const ObjectName& old_name = table.from != nullptr ? table.from->name : name;
    const auto reads = [&](const schema::OtherObject& t) {
      if (t.table == name || t.table == old_name) return false;
      return sqlite_sql::mentions(t.definition, name.name) ||
             (old_name != name && sqlite_sql::mentions(t.definition, old_name.name));
    };
    std::vector<const schema::OtherObject*> out;
    if (context_.from != nullptr) {
      for (const auto& t : context_.from->others) {
        if (!is_trigger(t) || dropped_triggers_.count(t.name) != 0 ||
            created_triggers_.count(t.name) != 0 || taken_triggers_.count(t.name) != 0 ||
            dropped_tables_.count(t.table) != 0) {
          continue;
        }
        if (reads(t)) out.push_back(&t);
      }
    }
    for (const auto& [trigger_name, t] : created_triggers_) {
      if (reads(*t)) out.push_back(t);
    }
    return out;
  }

  const schema::OtherObject* to_trigger(const ObjectName& trigger_name) const {
    for (const auto& t : context_.to->others) {
      if (is_trigger(t) && t.name == trigger_name) return &t;
    }
    return nullptr;
  }

  const ChangeList& changes_;
  const schema::RenderContext& context_;
  std::vector<Statement> out_;
  const std::string* note_ = nullptr;  // the current change's note, until its first statement

  // Per change: the statement that made it already (a foreign key inside a
  // CREATE TABLE or an ADD COLUMN), or kNone.
  std::vector<size_t> folded_;
  std::vector<std::optional<ObjectName>> final_name_;
  std::map<ObjectName, std::vector<size_t>> fk_adds_;
  std::map<ObjectName, size_t> last_index_create_;
  std::map<ObjectName, size_t> last_trigger_create_;

  std::map<ObjectName, TableState> tables_;
  std::set<ObjectName> dropped_indexes_;
  std::set<ObjectName> dropped_views_;
  std::set<ObjectName> dropped_triggers_;
  std::set<ObjectName> dropped_tables_;  // under their names in context.from
  // Triggers the list created, with their definitions.
  std::map<ObjectName, const schema::OtherObject*> created_triggers_;
  // Triggers a rebuild dropped and did not recreate, with its first statement.
  std::map<ObjectName, size_t> taken_triggers_;
  size_t alter_until_ = kNone;  // the last change of a run that needs no rebuild
};

}  // namespace

Result<std::vector<schema::Statement>> render_sqlite(const schema::ChangeList& changes,
                                                     const schema::RenderContext& context) {
  return Renderer(changes, context).run();
}

}  // namespace strata::detail
