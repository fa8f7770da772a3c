// Lookups and canonical ordering of the schema model.
#include "schema/model.hpp"

#include <algorithm>
#include <tuple>

namespace strata::detail::schema {

std::string display(const ObjectName& name) {
  if (name.schema.empty() || name.schema == "public") return name.name;
  return name.schema + "." + name.name;
}

const char* fk_action_sql(FkAction action) {
  switch (action) {
    case FkAction::restrict:
      return "RESTRICT";
    case FkAction::cascade:
      return "CASCADE";
    case FkAction::set_null:
      return "SET NULL";
    case FkAction::set_default:
      return "SET DEFAULT";
    case FkAction::no_action:
      break;
  }
  return "NO ACTION";
}

const Column* Table::find_column(std::string_view column) const {
  for (const auto& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

namespace {

template <typename T>
const T* find_by_name(const std::vector<T>& items, const ObjectName& name) {
  auto it = std::lower_bound(items.begin(), items.end(), name,
                             [](const T& item, const ObjectName& n) { return item.name < n; });
  if (it != items.end() && it->name == name) return &*it;
  // Not canonicalized (a schema assembled by hand): fall back to a scan.
  for (const auto& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

// Stable: unnamed constraints (SQLite) keep the order the inspector gave them.
template <typename T>
void sort_by_name(std::vector<T>& items) {
  std::stable_sort(items.begin(), items.end(),
            [](const T& a, const T& b) { return a.name < b.name; });
}

}  // namespace

const Table* Schema::find_table(const ObjectName& name) const { return find_by_name(tables, name); }
const View* Schema::find_view(const ObjectName& name) const { return find_by_name(views, name); }
const EnumType* Schema::find_enum(const ObjectName& name) const { return find_by_name(enums, name); }
const Sequence* Schema::find_sequence(const ObjectName& name) const {
  return find_by_name(sequences, name);
}

void Schema::canonicalize() {
  std::sort(namespaces.begin(), namespaces.end());
  std::sort(extensions.begin(), extensions.end(),
            [](const Extension& a, const Extension& b) { return a.name < b.name; });
  sort_by_name(enums);
  sort_by_name(sequences);
  sort_by_name(tables);
  sort_by_name(views);
  for (auto& t : tables) {
    sort_by_name(t.uniques);
    sort_by_name(t.foreign_keys);
    sort_by_name(t.checks);
    sort_by_name(t.indexes);
  }
  for (auto& v : views) {
    std::sort(v.depends_on.begin(), v.depends_on.end());
    sort_by_name(v.indexes);
  }
  std::sort(others.begin(), others.end(), [](const OtherObject& a, const OtherObject& b) {
    return std::tie(a.kind, a.name, a.table) < std::tie(b.kind, b.name, b.table);
  });
}

}  // namespace strata::detail::schema
