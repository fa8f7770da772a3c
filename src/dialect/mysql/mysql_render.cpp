// The MySQL/MariaDB renderer (see mysql_render.hpp). The list is first
// reordered for foreign keys and their indexes (mysql_render_order.hpp), then
// rendered change by change while a copy of the tables follows along
// (mysql_render_state.hpp), so that each statement sees its table as it is
// when it runs. Beyond one statement per change it:
//  - writes a new table's indexes and foreign keys into its CREATE TABLE (a
//    key whose referenced table does not exist yet stays a later ALTER), and
//    skips the CreateIndex/AddForeignKey changes that follow for them;
//  - skips dropping an index, key or check of a table the list drops later
//    (DROP TABLE takes them along), unless a key must go first because the
//    table it references changes in between;
//  - holds DROP PRIMARY KEY back to the statement that adds the new primary
//    key, or drops a key column or takes AUTO_INCREMENT off one (and then
//    adds the new key there too), and gives a new AUTO_INCREMENT column its
//    key in the same statement: MySQL refuses an AUTO_INCREMENT column
//    without a key (error 1075) in between;
//  - places an added column (FIRST / AFTER `c`) where RenderContext::to has
//    it, so that a down section puts a dropped column back where it was;
//  - skips a column or table comment the table already has (MODIFY COLUMN
//    restated it);
//  - drops the foreign keys over a column whose type or collation changes
//    (its own and those referencing it: errors 1832, 1833) and adds them
//    back once the list has changed the last column they use;
//  - drops an index that a kept foreign key needs (error 1553) in the
//    statement creating the index that replaces it, or else drops the keys
//    for the while (see render(DropIndex));
//  - switches a column to or from VIRTUAL with DROP COLUMN + ADD COLUMN in
//    place (MODIFY COLUMN is error 1907).
// Statement::transactional stays true: MySQL accepts DDL in a transaction
// block (it commits before and after it), and the runner, seeing that commit
// (Dialect::commits_implicitly), journals the section statement by statement.
// A generated file therefore needs no `transaction:false`.
#include "dialect/mysql/mysql_render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>

#include "dialect/mysql/mysql_quote.hpp"
#include "dialect/mysql/mysql_render_online.hpp"
#include "dialect/mysql/mysql_render_order.hpp"
#include "dialect/mysql/mysql_render_parts.hpp"
#include "dialect/mysql/mysql_render_state.hpp"

namespace strata::detail {

namespace {

using namespace schema;

std::string join_clauses(const std::vector<std::string>& clauses) {
  std::string out;
  for (size_t i = 0; i < clauses.size(); ++i) {
    if (i > 0) out += ", ";
    out += clauses[i];
  }
  return out;
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

constexpr size_t kNone = static_cast<size_t>(-1);

MysqlOnlineOp index_op(const Index& index) {
  if (!index.method.empty()) return MysqlOnlineOp::create_special_index;
  for (const auto& k : index.keys) {
    if (!k.is_column) return MysqlOnlineOp::create_special_index;
  }
  return MysqlOnlineOp::create_index;
}

class Renderer {
 public:
  Renderer(const ChangeList& changes, const RenderContext& context)
      : changes_(mysql_order_changes(changes)),
        context_(context),
        server_(mysql_render_target(context.server_version)),
        state_(context.from),
        consumed_(changes_.size(), false),
        drop_pk_before_(changes_.size(), false),
        add_pk_after_(changes_.size()),
        readd_after_(changes_.size()) {}

  Result<std::vector<Statement>> run() {
    for (index_ = 0; index_ < changes_.size(); ++index_) {
      const Change& change = changes_[index_];
      size_t first = out_.size();
      applied_ = false;
      also_apply_.clear();
      if (!change.implied && !consumed_[index_]) {
        Status status = std::visit([this](const auto& op) { return render(op); }, change.op);
        if (!status) return tl::unexpected(std::move(status).error());
      }
      if (!change.implied && !change.note.empty()) {
        if (out_.size() == first) {
          out_.push_back(Statement{"", true, change.note});
        } else if (out_[first].comment.empty()) {
          out_[first].comment = change.note;
        } else {
          out_[first].comment = change.note + "\n" + out_[first].comment;
        }
      }
      if (!applied_) state_.apply(change.op);
      for (const ChangeOp* op : also_apply_) state_.apply(*op);
      for (const auto& k : readd_after_[index_]) add_key_back(k);
    }
    for (auto& s : at_end_) out_.push_back(std::move(s));
    return std::move(out_);
  }

 private:
  static Status ok() { return {}; }

  void emit(std::string sql, std::string comment = {}) {
    out_.push_back(Statement{std::move(sql), true, std::move(comment)});
  }

  // ALTER TABLE `t` clause, clause[, ALGORITHM=...], with a DROP PRIMARY KEY
  // held back for this change (once).
  void alter(const ObjectName& table, std::vector<std::string> clauses, MysqlAlgorithm algorithm,
             std::string note = {}) {
    if (drop_pk_before_[index_]) {
      drop_pk_before_[index_] = false;
      clauses.insert(clauses.begin(), "DROP PRIMARY KEY");
      if (add_pk_after_[index_].empty()) {
        algorithm = mysql_combine(algorithm, online(MysqlOnlineOp::drop_primary_key));
      } else {
        clauses.push_back(add_pk_after_[index_]);
        algorithm = mysql_combine(algorithm, online(MysqlOnlineOp::replace_primary_key));
      }
    }
    alter_only(table, clauses, algorithm, std::move(note));
  }
  // ALTER TABLE `t` clause, clause[, ALGORITHM=...]: no clause and no
  // algorithm comment for a table created earlier in the list (there is
  // nothing to protect). `note` goes first in the comment.
  void alter_only(const ObjectName& table, const std::vector<std::string>& clauses,
                  MysqlAlgorithm algorithm, std::string note = {}) {
    std::string sql = "ALTER TABLE " + mysql_name(table) + " " + join_clauses(clauses);
    std::string comment = std::move(note);
    if (!state_.created_here(table)) {
      sql += mysql_algorithm_clause(algorithm);
      std::string said = mysql_algorithm_comment(algorithm, display(table));
      if (!said.empty()) comment = comment.empty() ? said : comment + "\n" + said;
    }
    emit(std::move(sql), std::move(comment));
  }

  MysqlAlgorithm online(MysqlOnlineOp op) const { return mysql_online_algorithm(op, server_); }

  Status cannot(std::string_view what) const {
    return failf("{} cannot be rendered for MySQL/MariaDB: the server has no such object", what);
  }

  Status render(const CreateNamespace&) { return cannot("a schema (namespace) change"); }
  Status render(const DropNamespace&) { return cannot("a schema (namespace) change"); }
  Status render(const CreateExtension&) { return cannot("an extension change"); }
  Status render(const DropExtension&) { return cannot("an extension change"); }
  Status render(const CreateEnum&) { return cannot("an enum type change"); }
  Status render(const DropEnum&) { return cannot("an enum type change"); }
  Status render(const AlterEnum&) { return cannot("an enum type change"); }
  Status render(const CreateSequence&) { return cannot("a sequence change"); }
  Status render(const DropSequence&) { return cannot("a sequence change"); }
  Status render(const AlterSequence&) { return cannot("a sequence change"); }

  Status render(const CreateTable& op);
  Status render(const DropTable& op) {
    emit("DROP TABLE " + mysql_name(op.table.name));
    return ok();
  }
  Status render(const RenameTable& op) {
    emit(fmt::format("RENAME TABLE {} TO {}", mysql_name(op.from), mysql_name(op.to)));
    return ok();
  }

  Status render(const AddColumn& op);
  std::optional<std::string> placement(const ObjectName& table, const std::string& column) const;
  bool has_virtual_column(const ObjectName& table) const {
    const Table* t = state_.find(table);
    return t != nullptr && std::any_of(t->columns.begin(), t->columns.end(), [](const Column& c) {
             return c.generated && !c.generated_stored;
           });
  }
  Status render(const DropColumn& op) {
    const ObjectName& t = op.table;
    MysqlAlgorithm algorithm = MysqlAlgorithm::none;
    if (state_.find(t) != nullptr && !state_.has_fulltext(t) &&
        !state_.is_indexed(t, op.column.name)) {
      algorithm = online(MysqlOnlineOp::drop_column);
    }
    alter(t, {"DROP COLUMN " + mysql_quote_ident(op.column.name)}, algorithm);
    return ok();
  }
  Status render(const RenameColumn& op) {
    // RENAME COLUMN: MariaDB 10.5.2 (every GA 10.5), MySQL 8.0.
    bool has_rename = server_.mariadb ? server_.version >= 100005 : server_.version >= 80000;
    const Column* column = find_column(op.table, op.from);
    if (!has_rename && column != nullptr) {
      Column renamed = *column;
      renamed.name = op.to;
      alter(op.table,
            {fmt::format("CHANGE COLUMN {} {}", mysql_quote_ident(op.from),
                         mysql_column_definition(renamed))},
            online(MysqlOnlineOp::rename_column));
      return ok();
    }
    alter(op.table,
          {fmt::format("RENAME COLUMN {} TO {}", mysql_quote_ident(op.from),
                       mysql_quote_ident(op.to))},
          online(MysqlOnlineOp::rename_column));
    return ok();
  }
  Status render(const AlterColumn& op);
  void switch_virtual(const AlterColumn& op);

  Status render(const AddPrimaryKey& op) {
    std::string add = "ADD PRIMARY KEY " + mysql_column_list(op.key.columns);
    if (drop_pk_before_[index_]) {
      drop_pk_before_[index_] = false;
      alter(op.table, {"DROP PRIMARY KEY", add}, online(MysqlOnlineOp::replace_primary_key));
      return ok();
    }
    alter(op.table, {add}, online(MysqlOnlineOp::add_primary_key));
    return ok();
  }
  Status render(const DropPrimaryKey& op);
  void hold_new_key(const ObjectName& table, size_t target);

  Status render(const AddUnique& op) {
    alter(op.table, {"ADD " + mysql_unique_element(op.constraint)},
          online(MysqlOnlineOp::create_index));
    return ok();
  }
  Status render(const DropUnique& op) {
    if (goes_with_its_table(op.table, nullptr)) return ok();
    alter(op.table, {"DROP INDEX " + mysql_quote_ident(op.constraint.name)},
          online(MysqlOnlineOp::drop_index));
    return ok();
  }
  Status render(const AddForeignKey& op) {
    alter(op.table, {"ADD " + mysql_foreign_key_element(op.key)},
          online(MysqlOnlineOp::add_foreign_key));
    return ok();
  }
  Status render(const DropForeignKey& op) {
    if (goes_with_its_table(op.table, &op.key.ref_table)) return ok();
    alter(op.table, {"DROP FOREIGN KEY " + mysql_quote_ident(op.key.name)},
          online(MysqlOnlineOp::drop_foreign_key));
    return ok();
  }
  Status render(const AddCheck& op) {
    alter(op.table, {"ADD " + mysql_check_element(op.check)}, online(MysqlOnlineOp::add_check));
    return ok();
  }
  Status render(const DropCheck& op) {
    if (goes_with_its_table(op.table, nullptr)) return ok();
    // MySQL 8.0.16-8.0.18 know only DROP CHECK; MariaDB and later MySQL
    // drop any constraint by name.
    bool drop_check = !server_.mariadb && server_.version < 80019;
    alter(op.table,
          {fmt::format("{} {}", drop_check ? "DROP CHECK" : "DROP CONSTRAINT",
                       mysql_quote_ident(op.check.name))},
          online(MysqlOnlineOp::drop_check));
    return ok();
  }

  Status render(const CreateIndex& op) {
    alter(op.table, {"ADD " + mysql_index_element(op.index, "INDEX")}, online(index_op(op.index)));
    return ok();
  }
  Status render(const DropIndex& op);

  Status render(const CreateView& op) {
    emit(fmt::format("CREATE VIEW {} AS {}", mysql_name(op.view.name),
                     mysql_strip_definition(op.view.definition)));
    return ok();
  }
  Status render(const DropView& op) {
    emit("DROP VIEW " + mysql_name(op.view.name));
    return ok();
  }

  Status render(const SetComment& op);

  Status render(const CreateOther& op) {
    const OtherObject& o = op.object;
    std::string_view definition = mysql_strip_definition(o.definition);
    if (definition.empty()) {
      emit("",
           fmt::format("cannot create {} {}: its definition is unknown", o.kind, display(o.name)));
    } else {
      emit(std::string(definition));
    }
    return ok();
  }
  Status render(const DropOther& op) {
    const OtherObject& o = op.object;
    const char* keyword = o.kind == "trigger"     ? "TRIGGER"
                          : o.kind == "procedure" ? "PROCEDURE"
                          : o.kind == "function"  ? "FUNCTION"
                          : o.kind == "event"     ? "EVENT"
                          : o.kind == "sequence"  ? "SEQUENCE"
                                                  : nullptr;
    if (keyword == nullptr) {
      emit("", fmt::format("cannot drop {} {}: strata does not know how", o.kind, display(o.name)));
    } else {
      emit(fmt::format("DROP {} {}", keyword, mysql_name(o.name)));
    }
    return ok();
  }
  Status render(const Unsupported& op) {
    emit("", op.description);
    return ok();
  }

  // ---- foreign keys dropped for a while

  // DROP FOREIGN KEY of a key in the way of a change, added back once the
  // list has rendered change `until` (see add_key_back); a key whose table
  // the list drops later is not added back.
  void drop_key_for_now(const MysqlTableKey& k, size_t until, const std::string& why) {
    alter_only(k.table, {"DROP FOREIGN KEY " + mysql_quote_ident(k.key.name)},
               online(MysqlOnlineOp::drop_foreign_key),
               fmt::format("foreign key {} is dropped {}{}", k.key.name, why,
                           dropped_later(k.table) ? "" : ", and added back below"));
    state_.apply(DropForeignKey{k.table, k.key});
    if (!dropped_later(k.table)) readd_after_[until].push_back(k);
  }
  void add_key_back(const MysqlTableKey& k) {
    alter_only(k.table, {"ADD " + mysql_foreign_key_element(k.key)},
               online(MysqlOnlineOp::add_foreign_key));
    state_.apply(AddForeignKey{k.table, k.key});
  }
  // A later DROP TABLE of `table` (before anything creates or renames it).
  bool dropped_later(const ObjectName& table) const {
    for (size_t j = index_ + 1; j < changes_.size(); ++j) {
      if (const auto* d = std::get_if<DropTable>(&changes_[j].op); d && d->table.name == table) {
        return true;
      }
      if (mysql_creates_or_drops(changes_[j].op, table)) return false;
    }
    return false;
  }
  // The last change of the list, from this one on, that changes the type or
  // collation of a column `k` uses (either end): the key comes back after it.
  size_t last_retype_of(const MysqlTableKey& k) const;
  // A later CreateIndex on `table` serving every key of `keys`, or kNone.
  size_t replacement_index(const ObjectName& table, const std::vector<MysqlTableKey>& keys) const;
  // The CreateIndex at `j` can run now, in place of the drop of `dropped`.
  bool can_move_up(size_t j, const Index& dropped) const;

  // ---- lookahead

  // A drop of part of `table` (an index, key, check) that DROP TABLE later in
  // the list does anyway. A foreign key referencing a table that changes
  // before then is dropped on its own all the same.
  bool goes_with_its_table(const ObjectName& table, const ObjectName* referenced) const {
    for (size_t j = index_ + 1; j < changes_.size(); ++j) {
      const Change& c = changes_[j];
      if (const auto* d = std::get_if<DropTable>(&c.op); d && d->table.name == table) {
        return !c.implied;
      }
      if (mysql_creates_or_drops(c.op, table)) return false;
      if (referenced != nullptr && *referenced != table) {
        const ObjectName* about = mysql_change_table(c.op);
        if ((about != nullptr && *about == *referenced) ||
            mysql_creates_or_drops(c.op, *referenced)) {
          return false;
        }
      }
    }
    return false;
  }

  // The column as it is now: from the tables followed along, else from either
  // side of the comparison.
  const Column* find_column(const ObjectName& table, std::string_view column) const {
    if (const Table* t = state_.find(table)) {
      if (const Column* c = t->find_column(column)) return c;
    }
    for (const Schema* s : {context_.to, context_.from}) {
      if (s == nullptr) continue;
      if (const Table* t = s->find_table(table)) {
        if (const Column* c = t->find_column(column)) return c;
      }
    }
    return nullptr;
  }

  // A later AddPrimaryKey or CreateIndex on `table` that gives the
  // AUTO_INCREMENT column `column` its key, when every column it needs
  // exists by now (`adding` is about to): its clause, and the change is
  // consumed (with a DROP PRIMARY KEY held back for it).
  std::optional<std::string> key_for_auto_increment(const ObjectName& table,
                                                    const std::string& column,
                                                    const std::string* adding) {
    const Table* t = state_.find(table);
    auto available = [&](const std::string& name) {
      return (adding != nullptr && *adding == name) ||
             (t != nullptr && t->find_column(name) != nullptr);
    };
    for (size_t j = index_ + 1; j < changes_.size(); ++j) {
      const Change& c = changes_[j];
      if (mysql_creates_or_drops(c.op, table)) break;
      if (c.implied || consumed_[j]) continue;
      std::optional<std::string> clause;
      if (const auto* pk = std::get_if<AddPrimaryKey>(&c.op); pk && pk->table == table) {
        if (!contains(pk->key.columns, column)) continue;
        if (!std::all_of(pk->key.columns.begin(), pk->key.columns.end(), available)) break;
        clause = "ADD PRIMARY KEY " + mysql_column_list(pk->key.columns);
      } else if (const auto* ci = std::get_if<CreateIndex>(&c.op); ci && ci->table == table) {
        const auto& keys = ci->index.keys;
        if (keys.empty() || !keys[0].is_column || keys[0].expression != column) continue;
        bool all = std::all_of(keys.begin(), keys.end(), [&](const IndexKey& k) {
          return k.is_column && available(k.expression);
        });
        if (!all) break;
        clause = "ADD " + mysql_index_element(ci->index, "INDEX");
      } else {
        continue;
      }
      consumed_[j] = true;
      also_apply_.push_back(&c.op);
      if (drop_pk_before_[j]) {
        drop_pk_before_[j] = false;
        drop_pk_before_[index_] = true;
        add_pk_after_[index_] = std::move(add_pk_after_[j]);
      }
      return clause;
    }
    return std::nullopt;
  }

  const ChangeList changes_;
  const RenderContext& context_;
  MysqlRenderTarget server_;
  MysqlTableState state_;
  size_t index_ = 0;
  std::vector<bool> consumed_;             // rendered by another change's statement
  std::vector<bool> drop_pk_before_;       // a held-back DROP PRIMARY KEY goes first
  std::vector<std::string> add_pk_after_;  // ... and the new key's ADD PRIMARY KEY last
  std::vector<std::vector<MysqlTableKey>> readd_after_;  // keys added back after a change
  std::vector<const ChangeOp*> also_apply_;
  bool applied_ = false;  // the change put its own table into state_
  std::vector<Statement> out_;
  std::vector<Statement> at_end_;
};

Status Renderer::render(const CreateTable& op) {
  Table table = op.table;
  // A key is written into CREATE TABLE when the table it references exists
  // by now (itself, another database's, or one created or kept before).
  std::vector<ForeignKey> later;
  std::vector<ForeignKey> inline_keys;
  for (const auto& k : table.foreign_keys) {
    bool exists = k.ref_table == table.name || !k.ref_table.schema.empty() ||
                  state_.find(k.ref_table) != nullptr;
    (exists ? inline_keys : later).push_back(k);
  }
  table.foreign_keys = inline_keys;

  std::string sql = "CREATE TABLE " + mysql_name(table.name) + " (";
  bool first = true;
  auto item = [&](const std::string& text) {
    sql += first ? "\n    " : ",\n    ";
    first = false;
    sql += text;
  };
  for (const auto& c : table.columns) item(mysql_column_definition(c));
  if (table.primary_key) item("PRIMARY KEY " + mysql_column_list(table.primary_key->columns));
  for (const auto& u : table.uniques) item(mysql_unique_element(u));
  for (const auto& i : table.indexes) item(mysql_index_element(i));
  for (const auto& k : table.foreign_keys) item(mysql_foreign_key_element(k));
  for (const auto& c : table.checks) item(mysql_check_element(c));
  sql += first ? ")" : "\n)";
  std::string options = mysql_table_options(table);
  if (!options.empty()) sql += " " + options;
  emit(std::move(sql));

  // The changes that follow for what CREATE TABLE made are done.
  auto inlined_index = [&](const std::string& name) {
    return std::any_of(table.indexes.begin(), table.indexes.end(),
                       [&](const Index& i) { return i.name == name; });
  };
  auto inlined_key = [&](const std::string& name) {
    return std::any_of(inline_keys.begin(), inline_keys.end(),
                       [&](const ForeignKey& k) { return k.name == name; });
  };
  std::vector<bool> key_follows(later.size(), false);
  for (size_t j = index_ + 1; j < changes_.size(); ++j) {
    const Change& c = changes_[j];
    if (mysql_creates_or_drops(c.op, table.name)) break;
    if (c.implied) continue;
    if (const auto* ci = std::get_if<CreateIndex>(&c.op); ci && ci->table == table.name) {
      if (inlined_index(ci->index.name)) consumed_[j] = true;
    } else if (const auto* af = std::get_if<AddForeignKey>(&c.op); af && af->table == table.name) {
      if (inlined_key(af->key.name)) consumed_[j] = true;
      for (size_t k = 0; k < later.size(); ++k) {
        if (later[k].name == af->key.name) key_follows[k] = true;
      }
    }
  }
  // A key no later change adds is added once every table exists.
  for (size_t k = 0; k < later.size(); ++k) {
    if (key_follows[k]) continue;
    at_end_.push_back(Statement{fmt::format("ALTER TABLE {} ADD {}", mysql_name(table.name),
                                            mysql_foreign_key_element(later[k])),
                                true,
                                {}});
  }
  state_.create(std::move(table));
  applied_ = true;
  return ok();
}

// Where ADD COLUMN puts `column` so that the table ends with the column order
// of RenderContext::to: after the nearest column before it there that exists
// by now ("" = FIRST when none does); nullopt = appended, when that is the
// last column anyway or the final order is unknown.
std::optional<std::string> Renderer::placement(const ObjectName& table,
                                               const std::string& column) const {
  const Table* now = state_.find(table);
  if (context_.to == nullptr || now == nullptr || now->columns.empty()) return std::nullopt;
  // The table's name at the end of the list (a later rename).
  ObjectName final_name = table;
  for (size_t j = index_ + 1; j < changes_.size(); ++j) {
    if (const auto* r = std::get_if<RenameTable>(&changes_[j].op); r && r->from == final_name) {
      final_name = r->to;
    }
  }
  const Table* target = context_.to->find_table(final_name);
  if (target == nullptr) return std::nullopt;
  auto it = std::find_if(target->columns.begin(), target->columns.end(),
                         [&](const Column& c) { return c.name == column; });
  if (it == target->columns.end()) return std::nullopt;
  while (it != target->columns.begin()) {
    --it;
    if (now->find_column(it->name) == nullptr) continue;
    if (it->name == now->columns.back().name) return std::nullopt;
    return it->name;
  }
  return std::string();
}

Status Renderer::render(const AddColumn& op) {
  const ObjectName& t = op.table;
  const Column& c = op.column;
  std::optional<std::string> after = placement(t, c.name);
  std::string place;
  if (after) place = after->empty() ? " FIRST" : " AFTER " + mysql_quote_ident(*after);
  std::vector<std::string> clauses{"ADD COLUMN " + mysql_column_definition(c) + place};
  MysqlAlgorithm algorithm = MysqlAlgorithm::none;
  if (c.auto_increment) {
    if (auto key = key_for_auto_increment(t, c.name, &c.name)) clauses.push_back(*key);
    algorithm = online(MysqlOnlineOp::change_type);
  } else if (c.generated && c.generated_stored) {
    algorithm = online(MysqlOnlineOp::change_type);
  } else if (!place.empty() && has_virtual_column(t)) {
    // MariaDB moves a VIRTUAL column only by copying the table.
    algorithm = online(MysqlOnlineOp::change_type);
  } else if (state_.find(t) != nullptr && !state_.has_fulltext(t)) {
    algorithm =
        online(place.empty() ? MysqlOnlineOp::add_column : MysqlOnlineOp::add_column_placed);
  }
  alter(t, std::move(clauses), algorithm);
  state_.add_column(t, c, after);
  applied_ = true;
  return ok();
}

// The column's type or collation changes: MySQL refuses that under a
// foreign key using the column.
bool retypes(const AlterColumn& op) {
  return op.from.type != op.to.type || op.from.collation != op.to.collation;
}

bool is_virtual(const Column& c) { return c.generated && !c.generated_stored; }

size_t Renderer::last_retype_of(const MysqlTableKey& k) const {
  size_t last = index_;
  for (size_t j = index_ + 1; j < changes_.size(); ++j) {
    const auto* ac = std::get_if<AlterColumn>(&changes_[j].op);
    if (ac == nullptr || changes_[j].implied || !retypes(*ac)) continue;
    if ((ac->table == k.table && contains(k.key.columns, ac->to.name)) ||
        (ac->table == k.key.ref_table && contains(k.key.ref_columns, ac->to.name))) {
      last = j;
    }
  }
  return last;
}

Status Renderer::render(const AlterColumn& op) {
  const Column& from = op.from;
  const Column& to = op.to;
  if (from == to) return ok();
  if (is_virtual(from) != is_virtual(to)) {
    switch_virtual(op);
    return ok();
  }
  // The keys over the column go while it changes type, and come back once
  // the list has changed the other end too.
  if (retypes(op)) {
    for (const auto& k : state_.keys_using_column(op.table, to.name)) {
      drop_key_for_now(k, last_retype_of(k),
                       fmt::format("while {}.{} changes type (MySQL refuses the change under it)",
                                   display(op.table), to.name));
    }
  }
  MysqlAlgorithm algorithm = MysqlAlgorithm::instant;
  auto needs = [&](MysqlOnlineOp o) { algorithm = mysql_combine(algorithm, online(o)); };

  if (from.type != to.type || from.collation != to.collation) {
    std::string collation = to.collation;
    if (collation.empty()) {
      if (const Table* t = state_.find(op.table)) collation = t->collation;
    }
    if (from.collation == to.collation &&
        mysql_extends_varchar(from.type, to.type, mysql_charset_max_bytes(collation))) {
      needs(MysqlOnlineOp::extend_varchar);
    } else if (from.collation == to.collation && mysql_appends_enum_values(from.type, to.type)) {
      needs(MysqlOnlineOp::append_enum_values);
    } else {
      needs(MysqlOnlineOp::change_type);
    }
  }
  if (from.not_null != to.not_null) {
    needs(to.not_null ? MysqlOnlineOp::set_not_null : MysqlOnlineOp::drop_not_null);
  }
  if (from.default_expr != to.default_expr || from.on_update != to.on_update) {
    needs(MysqlOnlineOp::change_default);
  }
  if (from.comment != to.comment) needs(MysqlOnlineOp::change_column_comment);
  if (from.auto_increment != to.auto_increment) needs(MysqlOnlineOp::change_type);
  if (from.generated != to.generated || from.generated_stored != to.generated_stored) {
    bool stored =
        (from.generated && from.generated_stored) || (to.generated && to.generated_stored);
    needs(stored ? MysqlOnlineOp::change_type : MysqlOnlineOp::other_column_change);
  }

  std::vector<std::string> clauses{"MODIFY COLUMN " + mysql_column_definition(to)};
  if (to.auto_increment && !from.auto_increment && !state_.is_indexed(op.table, to.name)) {
    if (auto key = key_for_auto_increment(op.table, to.name, nullptr)) clauses.push_back(*key);
  }
  alter(op.table, std::move(clauses), algorithm);
  return ok();
}

// MySQL cannot turn a VIRTUAL column into a stored or plain one or back in
// place (error 1907): DROP COLUMN and ADD COLUMN where it was, in one
// statement (the server keeps its indexes: they name a column of the new
// table). A VIRTUAL column that becomes a plain one keeps its values: it
// comes back STORED, then loses its expression.
void Renderer::switch_virtual(const AlterColumn& op) {
  std::string place;  // where the column is now ("" = unknown: last)
  if (const Table* t = state_.find(op.table)) {
    for (size_t i = 0; i < t->columns.size(); ++i) {
      if (t->columns[i].name != op.to.name) continue;
      place = i == 0 ? " FIRST" : " AFTER " + mysql_quote_ident(t->columns[i - 1].name);
    }
  }
  Column added = op.to;
  bool keep_values = is_virtual(op.from) && !op.to.generated;
  if (keep_values) {
    added.generated = op.from.generated;
    added.generated_stored = true;
  }
  const std::string name = display(op.table) + "." + op.to.name;
  std::string note = fmt::format(
      "{} is dropped and added again {}: MySQL cannot switch a column to or from VIRTUAL in "
      "place",
      name, is_virtual(op.from) ? "STORED, its values recomputed" : "VIRTUAL, computed when read");
  alter(op.table,
        {"DROP COLUMN " + mysql_quote_ident(op.to.name),
         "ADD COLUMN " + mysql_column_definition(added) + place},
        online(MysqlOnlineOp::change_type), note);
  if (keep_values) {
    alter(op.table, {"MODIFY COLUMN " + mysql_column_definition(op.to)},
          online(MysqlOnlineOp::change_type),
          fmt::format("{} keeps the computed values as plain ones", name));
  }
}

Status Renderer::render(const DropPrimaryKey& op) {
  const ObjectName& t = op.table;
  if (goes_with_its_table(t, nullptr)) return ok();
  // Held back to the first later statement that replaces the key, drops one
  // of its columns, or takes AUTO_INCREMENT off one, so that an
  // AUTO_INCREMENT column is never left without a key in between. A change
  // to another key column in between keeps the drop here.
  const auto& columns = op.key.columns;
  for (size_t j = index_ + 1; j < changes_.size(); ++j) {
    const Change& c = changes_[j];
    if (mysql_creates_or_drops(c.op, t)) break;
    if (c.implied || consumed_[j]) continue;
    bool target = false;
    if (const auto* a = std::get_if<AddPrimaryKey>(&c.op); a && a->table == t) {
      target = true;
    } else if (const auto* d = std::get_if<DropColumn>(&c.op); d && d->table == t) {
      target = contains(columns, d->column.name);
    } else if (const auto* ac = std::get_if<AlterColumn>(&c.op); ac && ac->table == t) {
      if (contains(columns, ac->to.name)) {
        if (!(ac->from.auto_increment && !ac->to.auto_increment)) break;
        target = true;
      }
    }
    if (target) {
      drop_pk_before_[j] = true;
      if (!std::holds_alternative<AddPrimaryKey>(c.op)) hold_new_key(t, j);
      return ok();
    }
  }
  alter(t, {"DROP PRIMARY KEY"}, online(MysqlOnlineOp::drop_primary_key));
  return ok();
}

// An index a foreign key needs (the only one serving it, error 1553 if it
// went alone) is dropped in the statement that creates the index replacing
// it, moved up to here: two statements would not do, since MySQL silently
// drops the index it made for a key once another index serves the key.
// When the replacement cannot run this early (a column it needs changes
// first), or there is none, the keys are dropped for the while.
Status Renderer::render(const DropIndex& op) {
  if (goes_with_its_table(op.table, nullptr)) return ok();
  std::vector<std::string> clauses{"DROP INDEX " + mysql_quote_ident(op.index.name)};
  MysqlAlgorithm algorithm = online(MysqlOnlineOp::drop_index);
  std::vector<MysqlTableKey> keys = state_.keys_needing_index(op.table, op.index.name);
  if (keys.empty()) {
    alter(op.table, clauses, algorithm);
    return ok();
  }
  std::string names;
  for (const auto& k : keys) names += (names.empty() ? "" : ", ") + k.key.name;
  size_t j = replacement_index(op.table, keys);
  if (j != kNone && can_move_up(j, op.index)) {
    const Index& added = std::get<CreateIndex>(changes_[j].op).index;
    clauses.push_back("ADD " + mysql_index_element(added, "INDEX"));
    consumed_[j] = true;
    also_apply_.push_back(&changes_[j].op);
    alter(op.table, clauses, mysql_combine(algorithm, online(index_op(added))),
          fmt::format("one statement: foreign key {} needs index {} or {} at all times", names,
                      op.index.name, added.name));
    return ok();
  }
  std::string why = j == kNone ? fmt::format("before index {} goes", op.index.name)
                               : fmt::format("while index {} is replaced", op.index.name);
  why += " (MySQL refuses to drop the index under it)";
  for (const auto& k : keys) drop_key_for_now(k, j == kNone ? index_ : j, why);
  alter(op.table, clauses, algorithm);
  return ok();
}

size_t Renderer::replacement_index(const ObjectName& table,
                                   const std::vector<MysqlTableKey>& keys) const {
  for (size_t j = index_ + 1; j < changes_.size(); ++j) {
    const Change& c = changes_[j];
    if (mysql_creates_or_drops(c.op, table)) break;
    if (c.implied || consumed_[j]) continue;
    const auto* ci = std::get_if<CreateIndex>(&c.op);
    if (ci == nullptr || ci->table != table) continue;
    bool serves_all = std::all_of(keys.begin(), keys.end(), [&](const MysqlTableKey& k) {
      return (k.table == table && mysql_index_serves(ci->index, k.key.columns)) ||
             (k.key.ref_table == table && mysql_index_serves(ci->index, k.key.ref_columns));
    });
    if (serves_all) return j;
  }
  return kNone;
}

bool Renderer::can_move_up(size_t j, const Index& dropped) const {
  const auto& ci = std::get<CreateIndex>(changes_[j].op);
  const Table* t = state_.find(ci.table);
  if (t == nullptr) return false;
  // Its name is free once `dropped` goes, and its columns are there now.
  for (const auto& i : t->indexes) {
    if (i.name == ci.index.name && i.name != dropped.name) return false;
  }
  std::vector<std::string> columns;
  for (const auto& k : ci.index.keys) {
    if (!k.is_column) return false;
    if (t->find_column(k.expression) == nullptr) return false;
    columns.push_back(k.expression);
  }
  // Nothing in between changes them.
  for (size_t k = index_ + 1; k < j; ++k) {
    const ChangeOp& op = changes_[k].op;
    if (const auto* ac = std::get_if<AlterColumn>(&op); ac && ac->table == ci.table) {
      if (contains(columns, ac->to.name)) return false;
    } else if (const auto* rc = std::get_if<RenameColumn>(&op); rc && rc->table == ci.table) {
      if (contains(columns, rc->from) || contains(columns, rc->to)) return false;
    } else if (const auto* dc = std::get_if<DropColumn>(&op); dc && dc->table == ci.table) {
      if (contains(columns, dc->column.name)) return false;
    }
  }
  return true;
}

// The primary key that replaces a dropped one, added later in the list, joins
// the statement at `target` that drops the old one: in between, an
// AUTO_INCREMENT column would have no key.
void Renderer::hold_new_key(const ObjectName& table, size_t target) {
  for (size_t k = target + 1; k < changes_.size(); ++k) {
    const Change& c = changes_[k];
    if (mysql_creates_or_drops(c.op, table)) return;
    if (c.implied || consumed_[k]) continue;
    if (const auto* a = std::get_if<AddPrimaryKey>(&c.op); a && a->table == table) {
      consumed_[k] = true;
      add_pk_after_[target] = "ADD PRIMARY KEY " + mysql_column_list(a->key.columns);
      return;
    }
  }
}

Status Renderer::render(const SetComment& op) {
  switch (op.target) {
    case CommentTarget::table: {
      const Table* t = state_.find(op.object);
      if (t != nullptr && t->comment.value_or("") == op.to.value_or("")) return ok();
      alter(op.object, {"COMMENT = " + mysql_quote_literal(op.to.value_or(""))},
            online(MysqlOnlineOp::table_comment));
      return ok();
    }
    case CommentTarget::column: {
      // A column as the tables followed along have it may already carry the
      // comment (MODIFY COLUMN restated it); one read from either schema
      // does not say.
      const Table* now = state_.find(op.object);
      const Column* current = now != nullptr ? now->find_column(op.column) : nullptr;
      if (current != nullptr && current->comment == op.to) return ok();
      const Column* found = current != nullptr ? current : find_column(op.object, op.column);
      if (found == nullptr) {
        return failf(
            "cannot set the comment of column {}.{}: MySQL restates the whole column "
            "(MODIFY COLUMN) and its definition is unknown",
            display(op.object), op.column);
      }
      Column column = *found;
      column.comment = op.to;
      alter(op.object, {"MODIFY COLUMN " + mysql_column_definition(column)},
            online(MysqlOnlineOp::change_column_comment));
      return ok();
    }
    case CommentTarget::index: {
      const Table* t = state_.table_with_index(op.object.name);
      if (t == nullptr) {
        return failf(
            "cannot set the comment of index {}: MySQL recreates the index and no single "
            "table has an index of that name",
            op.object.name);
      }
      Index index;
      for (const auto& i : t->indexes) {
        if (i.name == op.object.name) index = i;
      }
      if (index.comment == op.to) return ok();
      index.comment = op.to;
      alter(t->name,
            {"DROP INDEX " + mysql_quote_ident(index.name),
             "ADD " + mysql_index_element(index, "INDEX")},
            mysql_combine(online(MysqlOnlineOp::drop_index), online(index_op(index))));
      return ok();
    }
    case CommentTarget::view:
      return failf("cannot set the comment of view {}: MySQL/MariaDB views have no comment",
                   display(op.object));
    case CommentTarget::sequence:
    case CommentTarget::type:
      break;
  }
  return cannot("a sequence or type comment");
}

}  // namespace

Result<std::vector<schema::Statement>> render_mysql(const schema::ChangeList& changes,
                                                    const schema::RenderContext& context) {
  return Renderer(changes, context).run();
}

}  // namespace strata::detail
