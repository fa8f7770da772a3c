#include "dialect/mysql/mysql_render_state.hpp"

#include <algorithm>
#include <variant>

namespace strata::detail {

namespace {

template <class T>
void erase_named(std::vector<T>& items, std::string_view name) {
  items.erase(
      std::remove_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; }),
      items.end());
}

template <class T>
void add_unless_named(std::vector<T>& items, const T& item) {
  for (const auto& existing : items) {
    if (existing.name == item.name) return;
  }
  items.push_back(item);
}

void rename_in(std::vector<std::string>& columns, std::string_view from, const std::string& to) {
  for (auto& c : columns) {
    if (c == from) c = to;
  }
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

bool primary_key_serves(const schema::Table& t, const std::vector<std::string>& columns) {
  if (!t.primary_key || t.primary_key->columns.size() < columns.size()) return false;
  return std::equal(columns.begin(), columns.end(), t.primary_key->columns.begin());
}

}  // namespace

bool mysql_index_serves(const schema::Index& index, const std::vector<std::string>& columns) {
  if (columns.empty() || index.keys.size() < columns.size()) return false;
  for (size_t i = 0; i < columns.size(); ++i) {
    const auto& k = index.keys[i];
    if (!k.is_column || k.prefix_length != 0 || k.expression != columns[i]) return false;
  }
  return true;
}

MysqlTableState::MysqlTableState(const schema::Schema* from) {
  if (from == nullptr) return;
  for (const auto& t : from->tables) tables_.emplace(t.name, t);
}

schema::Table* MysqlTableState::find_mutable(const schema::ObjectName& name) {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}

const schema::Table* MysqlTableState::find(const schema::ObjectName& name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}

bool MysqlTableState::has_fulltext(const schema::ObjectName& table) const {
  const schema::Table* t = find(table);
  if (t == nullptr) return false;
  return std::any_of(t->indexes.begin(), t->indexes.end(),
                     [](const schema::Index& i) { return i.method == "FULLTEXT"; });
}

bool MysqlTableState::is_indexed(const schema::ObjectName& table, std::string_view column) const {
  const schema::Table* t = find(table);
  if (t == nullptr) return false;
  if (t->primary_key) {
    const auto& pk = t->primary_key->columns;
    if (std::find(pk.begin(), pk.end(), column) != pk.end()) return true;
  }
  for (const auto& i : t->indexes) {
    for (const auto& k : i.keys) {
      if (k.is_column && k.expression == column) return true;
    }
  }
  for (const auto& u : t->uniques) {
    if (std::find(u.columns.begin(), u.columns.end(), column) != u.columns.end()) return true;
  }
  return false;
}

const schema::Table* MysqlTableState::table_with_index(std::string_view index) const {
  const schema::Table* found = nullptr;
  for (const auto& [name, t] : tables_) {
    for (const auto& i : t.indexes) {
      if (i.name != index) continue;
      if (found != nullptr) return nullptr;
      found = &t;
    }
  }
  return found;
}

std::vector<MysqlTableKey> MysqlTableState::keys_using_column(const schema::ObjectName& table,
                                                              std::string_view column) const {
  std::vector<MysqlTableKey> out;
  for (const auto& [name, t] : tables_) {
    for (const auto& k : t.foreign_keys) {
      if ((name == table && contains(k.columns, column)) ||
          (k.ref_table == table && contains(k.ref_columns, column))) {
        out.push_back({name, k});
      }
    }
  }
  return out;
}

std::vector<MysqlTableKey> MysqlTableState::keys_needing_index(const schema::ObjectName& table,
                                                               std::string_view index) const {
  std::vector<MysqlTableKey> out;
  const schema::Table* owner = find(table);
  if (owner == nullptr) return out;
  const schema::Index* dropped = nullptr;
  for (const auto& i : owner->indexes) {
    if (i.name == index) dropped = &i;
  }
  if (dropped == nullptr) return out;
  // Whether the index is the only one of `owner` serving `columns`.
  auto only_one = [&](const std::vector<std::string>& columns) {
    if (!mysql_index_serves(*dropped, columns) || primary_key_serves(*owner, columns)) {
      return false;
    }
    return std::none_of(owner->indexes.begin(), owner->indexes.end(), [&](const schema::Index& i) {
      return i.name != index && mysql_index_serves(i, columns);
    });
  };
  for (const auto& [name, t] : tables_) {
    for (const auto& k : t.foreign_keys) {
      if ((name == table && only_one(k.columns)) ||
          (k.ref_table == table && only_one(k.ref_columns))) {
        out.push_back({name, k});
      }
    }
  }
  return out;
}

void MysqlTableState::add_column(const schema::ObjectName& table, const schema::Column& column,
                                 const std::optional<std::string>& after) {
  schema::Table* t = find_mutable(table);
  if (t == nullptr) return;
  auto at = t->columns.end();
  if (after) {
    at = t->columns.begin();
    if (!after->empty()) {
      at = std::find_if(t->columns.begin(), t->columns.end(),
                        [&](const schema::Column& c) { return c.name == *after; });
      if (at != t->columns.end()) ++at;
    }
  }
  t->columns.insert(at, column);
}

void MysqlTableState::create(schema::Table table) {
  created_.insert(table.name);
  schema::ObjectName name = table.name;
  tables_.insert_or_assign(std::move(name), std::move(table));
}

void MysqlTableState::apply(const schema::ChangeOp& op) {
  using namespace schema;
  if (const auto* c = std::get_if<CreateTable>(&op)) {
    create(c->table);
  } else if (const auto* d = std::get_if<DropTable>(&op)) {
    tables_.erase(d->table.name);
    created_.erase(d->table.name);
  } else if (const auto* r = std::get_if<RenameTable>(&op)) {
    auto node = tables_.extract(r->from);
    if (!node.empty()) {
      node.key() = r->to;
      node.mapped().name = r->to;
      tables_.insert(std::move(node));
    }
    if (created_.erase(r->from)) created_.insert(r->to);
    // ... and points the keys referencing the table at its new name.
    for (auto& [name, other] : tables_) {
      for (auto& k : other.foreign_keys) {
        if (k.ref_table == r->from) k.ref_table = r->to;
      }
    }
  } else if (const auto* a = std::get_if<AddColumn>(&op)) {
    add_column(a->table, a->column, std::nullopt);
  } else if (const auto* dc = std::get_if<DropColumn>(&op)) {
    if (Table* t = find_mutable(dc->table)) {
      erase_named(t->columns, dc->column.name);
      // The server takes the column out of its indexes, and drops an index
      // left with no column.
      for (auto& i : t->indexes) {
        i.keys.erase(std::remove_if(i.keys.begin(), i.keys.end(),
                                    [&](const IndexKey& k) {
                                      return k.is_column && k.expression == dc->column.name;
                                    }),
                     i.keys.end());
      }
      t->indexes.erase(std::remove_if(t->indexes.begin(), t->indexes.end(),
                                      [](const Index& i) { return i.keys.empty(); }),
                       t->indexes.end());
      if (t->primary_key) {
        auto& pk = t->primary_key->columns;
        pk.erase(std::remove(pk.begin(), pk.end(), dc->column.name), pk.end());
        if (pk.empty()) t->primary_key.reset();
      }
    }
  } else if (const auto* rc = std::get_if<RenameColumn>(&op)) {
    if (Table* t = find_mutable(rc->table)) {
      for (auto& c : t->columns) {
        if (c.name == rc->from) c.name = rc->to;
      }
      for (auto& i : t->indexes) {
        for (auto& k : i.keys) {
          if (k.is_column && k.expression == rc->from) k.expression = rc->to;
        }
      }
      if (t->primary_key) rename_in(t->primary_key->columns, rc->from, rc->to);
      for (auto& k : t->foreign_keys) rename_in(k.columns, rc->from, rc->to);
      for (auto& u : t->uniques) rename_in(u.columns, rc->from, rc->to);
      // The server renames the column in the keys referencing it too.
      for (auto& [name, other] : tables_) {
        for (auto& k : other.foreign_keys) {
          if (k.ref_table == rc->table) rename_in(k.ref_columns, rc->from, rc->to);
        }
      }
    }
  } else if (const auto* ac = std::get_if<AlterColumn>(&op)) {
    if (Table* t = find_mutable(ac->table)) {
      for (auto& c : t->columns) {
        if (c.name == ac->to.name) c = ac->to;
      }
    }
  } else if (const auto* ap = std::get_if<AddPrimaryKey>(&op)) {
    if (Table* t = find_mutable(ap->table)) t->primary_key = ap->key;
  } else if (const auto* dp = std::get_if<DropPrimaryKey>(&op)) {
    if (Table* t = find_mutable(dp->table)) t->primary_key.reset();
  } else if (const auto* au = std::get_if<AddUnique>(&op)) {
    if (Table* t = find_mutable(au->table)) add_unless_named(t->uniques, au->constraint);
  } else if (const auto* du = std::get_if<DropUnique>(&op)) {
    if (Table* t = find_mutable(du->table)) erase_named(t->uniques, du->constraint.name);
  } else if (const auto* af = std::get_if<AddForeignKey>(&op)) {
    if (Table* t = find_mutable(af->table)) add_unless_named(t->foreign_keys, af->key);
  } else if (const auto* df = std::get_if<DropForeignKey>(&op)) {
    if (Table* t = find_mutable(df->table)) erase_named(t->foreign_keys, df->key.name);
  } else if (const auto* ak = std::get_if<AddCheck>(&op)) {
    if (Table* t = find_mutable(ak->table)) add_unless_named(t->checks, ak->check);
  } else if (const auto* dk = std::get_if<DropCheck>(&op)) {
    if (Table* t = find_mutable(dk->table)) erase_named(t->checks, dk->check.name);
  } else if (const auto* ci = std::get_if<CreateIndex>(&op)) {
    if (Table* t = find_mutable(ci->table)) add_unless_named(t->indexes, ci->index);
  } else if (const auto* di = std::get_if<DropIndex>(&op)) {
    if (Table* t = find_mutable(di->table)) erase_named(t->indexes, di->index.name);
  } else if (const auto* sc = std::get_if<SetComment>(&op)) {
    if (sc->target == CommentTarget::table) {
      if (Table* t = find_mutable(sc->object)) t->comment = sc->to;
    } else if (sc->target == CommentTarget::index) {
      if (const Table* owner = table_with_index(sc->object.name)) {
        for (auto& i : find_mutable(owner->name)->indexes) {
          if (i.name == sc->object.name) i.comment = sc->to;
        }
      }
    } else if (sc->target == CommentTarget::column) {
      if (Table* t = find_mutable(sc->object)) {
        for (auto& c : t->columns) {
          if (c.name == sc->column) c.comment = sc->to;
        }
      }
    }
  }
}

}  // namespace strata::detail
