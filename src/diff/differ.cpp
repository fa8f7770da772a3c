// The schema differ (see differ.hpp). Objects are paired by name (unnamed
// SQLite constraints by content), source names first mapped through the
// rename hints; every change goes into one of a fixed list of groups, and the
// groups are concatenated in the order a database can execute them.
#include "diff/differ.hpp"

#include <fmt/format.h>

#include <array>
#include <map>
#include <set>
#include <string_view>

#include "diff/diff_support.hpp"

namespace strata::detail {
namespace {

using diff::joined;
using diff::match_by_key;
using diff::name_key;
using diff::NameMap;
using diff::NameSet;
using schema::Change;
using schema::ChangeOp;
using schema::CheckConstraint;
using schema::Column;
using schema::CommentTarget;
using schema::ForeignKey;
using schema::Index;
using schema::ObjectName;
using schema::OtherObject;
using schema::PrimaryKey;
using schema::Schema;
using schema::Sequence;
using schema::Table;
using schema::UniqueConstraint;
using schema::View;

// The groups of the output, in output order.
enum Group : size_t {
  kCreateNamespace,
  kCreateExtension,
  kCreateEnum,
  kAlterEnum,
  kCreateSequence,
  // OWNED BY cleared while the owner still exists, so that dropping the
  // owning table or column does not take the sequence along (and the reverse
  // sets it again once the owner is back).
  kReleaseSequence,
  // Objects of their own (functions, domains, types): created before the
  // tables that may use them, dropped after.
  kCreateRoutine,
  // Objects on a table (triggers, policies, rules): dropped before their
  // table changes, created after.
  kDropAttached,
  kDropView,
  kDropForeignKey,
  kDropIndex,
  kDropConstraint,
  // Column changes that must run before the column renames: those of a
  // generated column whose expression reads a renamed column under its old
  // name (see diff_columns).
  kBeforeRenames,
  // An enum changed other than by added values: the type swap converts the
  // columns of the type, so it runs once the views reading them are gone.
  kSwapEnum,
  kRenameTable,
  kTableChanges,
  kCreateTable,
  kCreateIndex,
  kAddForeignKey,
  kAlterSequence,
  kDropTable,
  kDropSequence,
  kCreateView,
  kCreateAttached,
  kSetComment,
  kDropRoutine,
  kDropEnum,
  kDropExtension,
  kDropNamespace,
  kUnsupported,
  kGroupCount
};

// Groups whose generation order is already their order (dependency order,
// or a dropped table after its implied changes); the others are sorted.
bool keeps_order(size_t group) {
  return group == kDropView || group == kCreateView || group == kDropTable;
}

struct Entry {
  ObjectName table;  // sort key: the table (or object) the change is about
  std::string name;  // sort key within it
  Change change;
};

std::string column_key(const Index& index) {
  std::vector<std::string> parts;
  for (const auto& k : index.keys) parts.push_back(k.expression);
  return joined(parts);
}

std::string sorted_key(std::vector<std::string> columns) {
  std::sort(columns.begin(), columns.end());
  return joined(columns);
}

bool same_except_comment(Column a, const Column& b) {
  a.comment = b.comment;
  return a == b;
}

bool same_except_comment(Index a, const Index& b) {
  a.comment = b.comment;
  return a == b;
}

bool same_except_comment(Sequence a, const Sequence& b) {
  a.comment = b.comment;
  return a == b;
}

Sequence without_owner(Sequence s) {
  s.owned_by_table.reset();
  s.owned_by_column.clear();
  return s;
}

std::string other_label(const OtherObject& o) {
  std::string out = o.kind + " " + schema::display(o.name);
  if (!o.table.name.empty()) out += " on " + schema::display(o.table);
  return out;
}

// Pointers to `items` in name order. Inspected schemas come sorted already,
// so the sort is usually skipped.
template <class T>
std::vector<const T*> sorted_by_name(const std::vector<T>& items) {
  std::vector<const T*> out;
  out.reserve(items.size());
  for (const auto& i : items) out.push_back(&i);
  auto by_name = [](const T* a, const T* b) { return a->name < b->name; };
  if (!std::is_sorted(out.begin(), out.end(), by_name)) {
    std::stable_sort(out.begin(), out.end(), by_name);
  }
  return out;
}

template <class T>
const T* find_named(const std::vector<const T*>& sorted, const ObjectName& name) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), name,
                             [](const T* item, const ObjectName& n) { return item->name < n; });
  return it != sorted.end() && (*it)->name == name ? *it : nullptr;
}

using NameList = std::unordered_set<std::string>;

// Whether `text` names one of `columns`.
bool mentions_any(const std::string& text, const NameList& columns) {
  for (const auto& c : columns) {
    if (diff::mentions(text, c)) return true;
  }
  return false;
}

bool contains_any(const std::vector<std::string>& names, const NameList& columns) {
  for (const auto& n : names) {
    if (columns.count(n)) return true;
  }
  return false;
}

bool index_reads_any(const Index& index, const NameList& columns) {
  for (const auto& k : index.keys) {
    if (k.is_column ? columns.count(k.expression) > 0 : mentions_any(k.expression, columns)) {
      return true;
    }
  }
  return contains_any(index.include, columns) ||
         (index.where && mentions_any(*index.where, columns));
}

class Differ {
 public:
  Differ(const Schema& from, const Schema& to) : from_(from), to_(to) {}

  DiffResult run(const RenameHints& hints);

 private:
  using ColumnMap = std::unordered_map<std::string, std::string>;
  struct TablePair {
    const Table* from;
    const Table* to;
    bool same = false;  // equal, and not renamed: nothing to compare
  };

  void add(Group group, ObjectName table, std::string name, ChangeOp op, bool implied = false) {
    groups_[group].push_back(
        {std::move(table), std::move(name), Change{std::move(op), implied, {}}});
  }

  void pair_tables(const RenameHints& hints);
  void mark_tables_using(const ObjectName& type);
  void diff_namespaces();
  void diff_extensions();
  void diff_enums();
  // Returns whether the two are the same table, unchanged.
  bool diff_table(const Table& s, const Table& d);
  void diff_columns(const Table& s, const Table& d, bool& structural);
  void diff_foreign_keys();
  void drop_and_create_tables();
  void diff_sequences();
  void diff_views();
  void diff_others();
  // `redone`: source columns dropped and added again; indexes on them are
  // dropped and created again too.
  void diff_indexes(const ObjectName& from_table, const std::vector<Index>& from,
                    const ObjectName& to_table, const std::vector<Index>& to,
                    const ColumnMap* renames, const NameList* redone = nullptr);

  // Source names as they read after the renames.
  const ObjectName& target_name(const ObjectName& source_table) const {
    auto it = renamed_to_.find(source_table);
    return it == renamed_to_.end() ? source_table : it->second;
  }
  const ColumnMap* column_renames(const ObjectName& source_table) const {
    auto it = column_renames_.find(source_table);
    return it == column_renames_.end() ? nullptr : &it->second;
  }
  static const std::string& mapped(const ColumnMap* renames, const std::string& column) {
    if (renames == nullptr) return column;
    auto it = renames->find(column);
    return it == renames->end() ? column : it->second;
  }
  static std::vector<std::string> mapped(const ColumnMap* renames,
                                         const std::vector<std::string>& columns) {
    std::vector<std::string> out;
    out.reserve(columns.size());
    for (const auto& c : columns) out.push_back(mapped(renames, c));
    return out;
  }
  Index mapped(const ColumnMap* renames, Index index) const {
    for (auto& k : index.keys) {
      if (k.is_column) k.expression = mapped(renames, k.expression);
    }
    index.include = mapped(renames, index.include);
    return index;
  }
  ForeignKey mapped(const ColumnMap* renames, ForeignKey key) const {
    key.columns = mapped(renames, key.columns);
    key.ref_columns = mapped(column_renames(key.ref_table), key.ref_columns);
    key.ref_table = target_name(key.ref_table);
    return key;
  }
  Sequence mapped(Sequence s) const {
    if (s.owned_by_table) {
      s.owned_by_column = mapped(column_renames(*s.owned_by_table), s.owned_by_column);
      s.owned_by_table = target_name(*s.owned_by_table);
    }
    return s;
  }
  // Whether the column owning `s` (a source sequence) is gone in the target.
  bool owner_goes_away(const Sequence& s) const;

  static std::string unique_key(const UniqueConstraint& u, const std::vector<std::string>& cols) {
    return u.name.empty() ? "\x01" + joined(cols) : u.name;
  }
  static std::string check_key(const CheckConstraint& c) {
    return c.name.empty() ? "\x01" + c.expression : c.name;
  }
  static std::string fk_key(const ForeignKey& k) {
    if (!k.name.empty()) return k.name;
    return "\x01" + joined(k.columns) + "\x02" + name_key(k.ref_table) + "\x02" +
           joined(k.ref_columns);
  }
  static std::string index_key(const Index& i) {
    return i.name.empty() ? "\x01" + column_key(i) : i.name;
  }

  const Schema& from_;
  const Schema& to_;
  std::vector<const Table*> from_tables_;  // by name
  std::vector<const Table*> to_tables_;    // by name
  NameMap<ObjectName> renamed_to_;         // source table -> its name in the target
  NameMap<ObjectName> renamed_from_;       // target table -> its source name
  NameMap<ColumnMap> column_renames_;      // source table -> old column -> new column
  std::vector<TablePair> pairs_;           // by target name
  std::vector<const Table*> dropped_;      // by source name
  std::vector<const Table*> created_;      // by target name
  NameSet dropped_names_;                  // source names
  // Source names of tables whose structure changes (anything but comments
  // and indexes): the views reading them are recreated.
  NameSet changed_;
  // Source table -> column sets (sorted_key) of its primary key, unique
  // constraints and unique indexes that are dropped: foreign keys referencing
  // them must go first and come back after.
  NameMap<std::unordered_set<std::string>> dropped_keys_;
  // Source table -> its generated columns that are dropped before the column
  // renames and added again after them: what is on them is redone too.
  NameMap<NameList> redone_;
  std::array<std::vector<Entry>, kGroupCount> groups_;
  std::vector<RenameCandidate> candidates_;
  std::vector<std::string> unusable_hints_;
};

void Differ::pair_tables(const RenameHints& hints) {
  from_tables_ = sorted_by_name(from_.tables);
  to_tables_ = sorted_by_name(to_.tables);
  auto in_from = [&](const ObjectName& n) { return find_named(from_tables_, n) != nullptr; };
  auto in_to = [&](const ObjectName& n) { return find_named(to_tables_, n) != nullptr; };

  // A hint counts only when it names a table that goes and one that comes,
  // so a hint left in schema/ after its migration is harmless.
  for (const auto& h : hints.tables) {
    if (h.from == h.to || !in_from(h.from) || !in_to(h.to)) continue;
    if (in_from(h.to) || in_to(h.from) || renamed_to_.count(h.from) || renamed_from_.count(h.to)) {
      unusable_hints_.push_back(fmt::format(
          "rename of table {} to {}: both names exist before and after, so it cannot be one "
          "rename (a swap, or a name dropped and reused at once); do it in two migrations",
          schema::display(h.from), schema::display(h.to)));
      continue;
    }
    renamed_to_.emplace(h.from, h.to);
    renamed_from_.emplace(h.to, h.from);
  }

  // Same names pair up; a renamed table pairs with its new name.
  size_t i = 0, j = 0;
  while (i < from_tables_.size() || j < to_tables_.size()) {
    const Table* s = i < from_tables_.size() ? from_tables_[i] : nullptr;
    const Table* d = j < to_tables_.size() ? to_tables_[j] : nullptr;
    if (s != nullptr && (d == nullptr || s->name < d->name)) {
      if (!renamed_to_.count(s->name)) {
        dropped_.push_back(s);
        dropped_names_.insert(s->name);
        changed_.insert(s->name);
      }
      ++i;
    } else if (s == nullptr || d->name < s->name) {
      if (auto it = renamed_from_.find(d->name); it != renamed_from_.end()) {
        pairs_.push_back({find_named(from_tables_, it->second), d});
      } else {
        created_.push_back(d);
      }
      ++j;
    } else {
      pairs_.push_back({s, d});
      ++i;
      ++j;
    }
  }

  NameMap<const Table*> source_of;  // target name -> paired source, for column hints
  if (!hints.columns.empty()) {
    for (const auto& p : pairs_) source_of.emplace(p.to->name, p.from);
  }
  for (const auto& h : hints.columns) {
    auto it = source_of.find(h.table);
    if (it == source_of.end() || h.from == h.to) continue;
    const Table& s = *it->second;
    const Table& d = *find_named(to_tables_, h.table);
    if (!s.find_column(h.from) || !d.find_column(h.to)) continue;
    ColumnMap& m = column_renames_[s.name];
    bool target_taken = false;
    for (const auto& [old_name, new_name] : m) target_taken |= new_name == h.to;
    if (s.find_column(h.to) || d.find_column(h.from) || m.count(h.from) || target_taken) {
      unusable_hints_.push_back(fmt::format(
          "rename of column {}.{} to {}: both names exist before and after, so it cannot be "
          "one rename (a swap, or a name dropped and reused at once); do it in two migrations",
          schema::display(d.name), h.from, h.to));
      continue;
    }
    m.emplace(h.from, h.to);
  }
}

void Differ::diff_namespaces() {
  std::set<std::string_view> from(from_.namespaces.begin(), from_.namespaces.end());
  std::set<std::string_view> to(to_.namespaces.begin(), to_.namespaces.end());
  for (auto n : to) {
    if (!from.count(n))
      add(kCreateNamespace, {}, std::string(n), schema::CreateNamespace{std::string(n)});
  }
  for (auto n : from) {
    if (!to.count(n))
      add(kDropNamespace, {}, std::string(n), schema::DropNamespace{std::string(n)});
  }
}

void Differ::diff_extensions() {
  auto m = match_by_key(from_.extensions, to_.extensions,
                        [](const schema::Extension& e) { return e.name; });
  for (const auto* e : m.only_to) add(kCreateExtension, {}, e->name, schema::CreateExtension{*e});
  for (const auto* e : m.only_from) add(kDropExtension, {}, e->name, schema::DropExtension{*e});
  for (const auto& [f, t] : m.both) {
    if (f->schema != t->schema) {
      std::string text = "extension " + t->name + ": schema " + f->schema + " -> " + t->schema;
      add(kUnsupported, {}, text, schema::Unsupported{text});
    }
  }
}

// True when `to` is `from` with values inserted (ADD VALUE); anything else
// is a type swap, which converts every column of the type.
static bool only_adds_values(const std::vector<std::string>& from,
                             const std::vector<std::string>& to) {
  size_t i = 0;
  for (const auto& v : to) {
    if (i < from.size() && from[i] == v) ++i;
  }
  return i == from.size();
}

// A type swap rewrites the columns of the type: the views that read those
// tables must be dropped around it, as for any other column change.
void Differ::mark_tables_using(const ObjectName& type) {
  const std::string qualified = type.schema + "." + type.name;
  for (const auto& t : from_.tables) {
    for (const auto& c : t.columns) {
      std::string_view ty = c.type;
      if (ty.size() > 2 && ty.substr(ty.size() - 2) == "[]") ty.remove_suffix(2);
      if (ty == type.name || ty == qualified || ty == "\"" + type.name + "\"") {
        changed_.insert(t.name);
        break;
      }
    }
  }
}

void Differ::diff_enums() {
  auto key = [](const schema::EnumType& e) { return name_key(e.name); };
  auto m = match_by_key(from_.enums, to_.enums, key);
  for (const auto* e : m.only_to) add(kCreateEnum, e->name, "", schema::CreateEnum{*e});
  for (const auto* e : m.only_from) add(kDropEnum, e->name, "", schema::DropEnum{*e});
  for (const auto& [f, t] : m.both) {
    if (f->values != t->values) {
      if (only_adds_values(f->values, t->values)) {
        add(kAlterEnum, t->name, "", schema::AlterEnum{*f, *t});
      } else {
        add(kSwapEnum, t->name, "", schema::AlterEnum{*f, *t});
        mark_tables_using(f->name);
      }
    }
    if (f->comment != t->comment) {
      add(kSetComment, t->name, "",
          schema::SetComment{CommentTarget::type, t->name, "", f->comment, t->comment});
    }
  }
}

void Differ::diff_columns(const Table& s, const Table& d, bool& structural) {
  const ColumnMap* renames = column_renames(s.name);
  std::unordered_map<std::string_view, const Column*> source_columns;
  source_columns.reserve(s.columns.size());
  for (const auto& c : s.columns) source_columns.emplace(c.name, &c);
  std::unordered_map<std::string_view, std::string_view> old_name_of;  // new -> old
  if (renames != nullptr) {
    for (const auto& [old_name, new_name] : *renames) old_name_of.emplace(new_name, old_name);
  }

  // A generated column whose expression reads a renamed column under its
  // old name cannot change after the renames (its reverse would run before
  // they are undone) nor, when its new expression reads anything, before
  // them: it is dropped before them and added again after, which loses
  // nothing (its values are computed). One that stops being generated is
  // altered before them.
  auto reads_renamed = [&](const Column& c) {
    if (!c.generated || renames == nullptr) return false;
    for (const auto& entry : *renames) {
      if (diff::mentions(*c.generated, entry.first)) return true;
    }
    return false;
  };

  std::vector<ChangeOp> renamed, added, altered, dropped;
  std::unordered_set<std::string_view> matched;  // source names
  std::vector<const Column*> added_columns, dropped_columns;
  for (const auto& dc : d.columns) {
    const Column* sc = nullptr;
    bool is_renamed = false;
    if (auto it = old_name_of.find(dc.name); it != old_name_of.end()) {
      sc = source_columns.at(it->second);
      is_renamed = true;
    } else if (renames == nullptr || !renames->count(dc.name)) {
      auto it2 = source_columns.find(dc.name);
      if (it2 != source_columns.end()) sc = it2->second;
    }
    if (sc == nullptr) {
      added.push_back(schema::AddColumn{d.name, dc});
      added_columns.push_back(&dc);
      continue;
    }
    matched.insert(sc->name);
    Column before = *sc;
    before.name = dc.name;
    bool same = same_except_comment(before, dc);
    if (!same && reads_renamed(*sc)) {
      structural = true;
      if (dc.generated) {
        add(kBeforeRenames, s.name, sc->name, schema::DropColumn{s.name, *sc});
        groups_[kBeforeRenames].back().change.note = fmt::format(
            "{}.{} reads a renamed column: dropped here and added again after the rename (its "
            "values are computed)",
            schema::display(d.name), dc.name);
        added.push_back(schema::AddColumn{d.name, dc});
        redone_[s.name].insert(sc->name);
        continue;  // the add sets the name and the comment
      }
      Column plain = dc;
      plain.name = sc->name;
      add(kBeforeRenames, s.name, sc->name, schema::AlterColumn{s.name, *sc, plain});
      same = true;
    }
    if (is_renamed) renamed.push_back(schema::RenameColumn{d.name, sc->name, dc.name});
    if (!same) altered.push_back(schema::AlterColumn{d.name, before, dc});
    if (before.comment != dc.comment) {
      add(kSetComment, d.name, dc.name,
          schema::SetComment{CommentTarget::column, d.name, dc.name, before.comment, dc.comment});
    }
  }
  for (const auto& sc : s.columns) {
    if (matched.count(sc.name)) continue;
    dropped.push_back(schema::DropColumn{d.name, sc});
    dropped_columns.push_back(&sc);
  }
  for (auto* list : {&renamed, &added, &altered, &dropped}) {
    for (auto& op : *list) add(kTableChanges, d.name, "", std::move(op));
    structural |= !list->empty();
  }

  // A dropped and an added column of one type, each the only one of its
  // type on its side, look like a rename.
  std::map<std::string_view, std::pair<int, const Column*>> gone, came;
  for (const auto* c : dropped_columns) {
    auto& g = gone[c->type];
    ++g.first;
    g.second = c;
  }
  for (const auto* c : added_columns) {
    auto& g = came[c->type];
    ++g.first;
    g.second = c;
  }
  for (const auto& [type, g] : gone) {
    auto it = came.find(type);
    if (g.first != 1 || it == came.end() || it->second.first != 1) continue;
    candidates_.push_back({true, d.name, {"", g.second->name}, {"", it->second.second->name}});
  }
}

void Differ::diff_indexes(const ObjectName& from_table, const std::vector<Index>& from,
                          const ObjectName& to_table, const std::vector<Index>& to,
                          const ColumnMap* renames, const NameList* redone) {
  auto m = match_by_key(
      from, to, [&](const Index& i) { return index_key(mapped(renames, i)); },
      [](const Index& i) { return index_key(i); });
  auto drop = [&](const Index& i) {
    add(kDropIndex, from_table, i.name, schema::DropIndex{from_table, i});
    bool column_keys = i.unique && !i.where;
    for (const auto& k : i.keys) column_keys &= k.is_column;
    if (column_keys) {
      std::vector<std::string> cols;
      for (const auto& k : i.keys) cols.push_back(k.expression);
      dropped_keys_[from_table].insert(sorted_key(cols));
    }
  };
  for (const auto* i : m.only_from) drop(*i);
  for (const auto* i : m.only_to)
    add(kCreateIndex, to_table, i->name, schema::CreateIndex{to_table, *i});
  for (const auto& [f, t] : m.both) {
    Index before = mapped(renames, *f);
    if (!same_except_comment(before, *t) || (redone != nullptr && index_reads_any(*f, *redone))) {
      drop(*f);
      add(kCreateIndex, to_table, t->name, schema::CreateIndex{to_table, *t});
    } else if (f->comment != t->comment) {
      ObjectName index_name{to_table.schema, t->name};
      add(kSetComment, index_name, "",
          schema::SetComment{CommentTarget::index, index_name, "", f->comment, t->comment});
    }
  }
}

bool Differ::diff_table(const Table& s, const Table& d) {
  const ColumnMap* renames = column_renames(s.name);
  bool renamed = s.name != d.name;
  if (!renamed && renames == nullptr && s == d) return true;
  bool structural = renamed;
  if (renamed) add(kRenameTable, d.name, "", schema::RenameTable{s.name, d.name});

  diff_columns(s, d, structural);

  auto option = [&](bool a, bool b, std::string_view what) {
    if (a == b) return;
    std::string text = "table " + schema::display(d.name) + ": " + std::string(what) + " changed";
    add(kUnsupported, {}, text, schema::Unsupported{text});
  };
  option(s.without_rowid, d.without_rowid, "WITHOUT ROWID");
  option(s.strict, d.strict, "STRICT");
  option(s.autoincrement, d.autoincrement, "AUTOINCREMENT");
  option(s.engine == d.engine, true, "ENGINE");
  option(s.collation == d.collation, true, "default collation (charset)");

  // What is on a generated column dropped and added again goes and comes
  // back with it.
  static const NameList kNoColumns;
  auto it_redone = redone_.find(s.name);
  const NameList& redone = it_redone == redone_.end() ? kNoColumns : it_redone->second;

  std::vector<ChangeOp> key_adds;
  auto& dropped_keys = dropped_keys_[s.name];

  auto uniques = match_by_key(
      s.uniques, d.uniques,
      [&](const UniqueConstraint& u) { return unique_key(u, mapped(renames, u.columns)); },
      [](const UniqueConstraint& u) { return unique_key(u, u.columns); });
  auto drop_unique = [&](const UniqueConstraint& u) {
    add(kDropConstraint, s.name, "1" + unique_key(u, u.columns), schema::DropUnique{s.name, u});
    dropped_keys.insert(sorted_key(u.columns));
  };
  for (const auto* u : uniques.only_from) drop_unique(*u);
  for (const auto* u : uniques.only_to) key_adds.push_back(schema::AddUnique{d.name, *u});
  for (const auto& [f, t] : uniques.both) {
    UniqueConstraint before = *f;
    before.columns = mapped(renames, f->columns);
    if (before == *t && !contains_any(f->columns, redone)) continue;
    drop_unique(*f);
    key_adds.push_back(schema::AddUnique{d.name, *t});
  }

  auto checks = match_by_key(s.checks, d.checks, check_key);
  for (const auto* c : checks.only_from) {
    add(kDropConstraint, s.name, "2" + check_key(*c), schema::DropCheck{s.name, *c});
  }
  std::vector<ChangeOp> check_adds;
  for (const auto* c : checks.only_to) check_adds.push_back(schema::AddCheck{d.name, *c});
  for (const auto& [f, t] : checks.both) {
    if (*f == *t && !mentions_any(f->expression, redone)) continue;
    add(kDropConstraint, s.name, "2" + check_key(*f), schema::DropCheck{s.name, *f});
    check_adds.push_back(schema::AddCheck{d.name, *t});
  }

  std::optional<PrimaryKey> before_pk = s.primary_key;
  if (before_pk) before_pk->columns = mapped(renames, before_pk->columns);
  bool pk_redone = s.primary_key && contains_any(s.primary_key->columns, redone);
  if (before_pk != d.primary_key || pk_redone) {
    if (s.primary_key) {
      add(kDropConstraint, s.name, "3", schema::DropPrimaryKey{s.name, *s.primary_key});
      dropped_keys.insert(sorted_key(s.primary_key->columns));
    }
    if (d.primary_key) {
      key_adds.insert(key_adds.begin(), schema::AddPrimaryKey{d.name, *d.primary_key});
    }
  }
  if (dropped_keys.empty()) dropped_keys_.erase(s.name);
  // Primary key, then uniques, then checks.
  structural |= !key_adds.empty() || !check_adds.empty() || !uniques.only_from.empty() ||
                !checks.only_from.empty() || (s.primary_key && before_pk != d.primary_key) ||
                pk_redone;
  for (auto& op : key_adds) add(kTableChanges, d.name, "", std::move(op));
  for (auto& op : check_adds) add(kTableChanges, d.name, "", std::move(op));

  diff_indexes(s.name, s.indexes, d.name, d.indexes, renames, &redone);

  if (s.comment != d.comment) {
    add(kSetComment, d.name, "",
        schema::SetComment{CommentTarget::table, d.name, "", s.comment, d.comment});
  }
  if (structural) changed_.insert(s.name);
  return false;
}

void Differ::diff_foreign_keys() {
  auto references_dropped_key = [&](const ForeignKey& k) {
    auto it = dropped_keys_.find(k.ref_table);
    return it != dropped_keys_.end() && it->second.count(sorted_key(k.ref_columns));
  };
  auto drop_early = [&](const ObjectName& table, const ForeignKey& k) {
    add(kDropForeignKey, table, fk_key(k), schema::DropForeignKey{table, k});
  };
  auto add_late = [&](const ObjectName& table, const ForeignKey& k) {
    add(kAddForeignKey, table, fk_key(k), schema::AddForeignKey{table, k});
  };
  for (const auto& [s, d, same] : pairs_) {
    if (same && (dropped_keys_.empty() || s->foreign_keys.empty())) continue;
    const ColumnMap* renames = column_renames(s->name);
    auto m = match_by_key(
        s->foreign_keys, d->foreign_keys,
        [&](const ForeignKey& k) { return fk_key(mapped(renames, k)); }, fk_key);
    bool structural = !m.only_from.empty() || !m.only_to.empty();
    for (const auto* k : m.only_from) drop_early(s->name, *k);
    for (const auto* k : m.only_to) add_late(d->name, *k);
    auto redone = redone_.find(s->name);
    for (const auto& [f, t] : m.both) {
      bool differs = mapped(renames, *f) != *t;
      bool on_redone = redone != redone_.end() && contains_any(f->columns, redone->second);
      if (!differs && !references_dropped_key(*f) && !on_redone) continue;
      structural |= differs;
      drop_early(s->name, *f);
      add_late(d->name, *t);
    }
    if (structural) changed_.insert(s->name);
  }
  for (const Table* d : created_) {
    for (const auto& k : d->foreign_keys) add_late(d->name, k);
  }
}

void Differ::drop_and_create_tables() {
  // A dropped table's keys go with it, except those pointing at another
  // dropped table or at a key that is dropped: those go first, so that no
  // drop is blocked by a key still referencing what it drops.
  for (const Table* s : dropped_) {
    std::vector<const ForeignKey*> implied_keys;
    for (const auto& k : s->foreign_keys) {
      bool other_dropped = k.ref_table != s->name && dropped_names_.count(k.ref_table);
      auto dk = dropped_keys_.find(k.ref_table);
      bool key_dropped = dk != dropped_keys_.end() && dk->second.count(sorted_key(k.ref_columns));
      if (other_dropped || key_dropped) {
        add(kDropForeignKey, s->name, fk_key(k), schema::DropForeignKey{s->name, k});
      } else if (k.ref_table != s->name && changed_.count(k.ref_table)) {
        // The referenced table changes (a rename, a column renamed or
        // altered): the key still goes with its table, but is listed before
        // those changes, so that the reverse adds it back once they are
        // undone.
        add(kDropForeignKey, s->name, fk_key(k), schema::DropForeignKey{s->name, k}, true);
      } else {
        implied_keys.push_back(&k);
      }
    }
    std::sort(implied_keys.begin(), implied_keys.end(),
              [](const ForeignKey* a, const ForeignKey* b) { return fk_key(*a) < fk_key(*b); });
    for (const auto* k : implied_keys) {
      add(kDropTable, s->name, "", schema::DropForeignKey{s->name, *k}, true);
    }
    for (const Index* i : sorted_by_name(s->indexes)) {
      add(kDropTable, s->name, "", schema::DropIndex{s->name, *i}, true);
    }
    add(kDropTable, s->name, "", schema::DropTable{*s});
  }
  for (const Table* d : created_) {
    add(kCreateTable, d->name, "", schema::CreateTable{*d});
    for (const auto& i : d->indexes)
      add(kCreateIndex, d->name, i.name, schema::CreateIndex{d->name, i});
  }

  // A dropped and a created table with the same columns (names and types, in
  // order), each the only one of its shape on its side, look like a rename.
  auto shape = [](const Table& t) {
    std::string out;
    for (const auto& c : t.columns) out += c.name + '\x1e' + c.type + '\x1f';
    return out;
  };
  std::unordered_map<std::string, std::pair<int, const Table*>> gone, came;
  for (const Table* s : dropped_) {
    auto& g = gone[shape(*s)];
    ++g.first;
    g.second = s;
  }
  for (const Table* d : created_) {
    auto& g = came[shape(*d)];
    ++g.first;
    g.second = d;
  }
  std::vector<RenameCandidate> tables;
  for (const Table* s : dropped_) {
    const auto& g = gone.at(shape(*s));
    auto it = came.find(shape(*s));
    if (g.first != 1 || it == came.end() || it->second.first != 1) continue;
    tables.push_back({false, {}, s->name, it->second.second->name});
  }
  candidates_.insert(candidates_.begin(), tables.begin(), tables.end());
}

bool Differ::owner_goes_away(const Sequence& s) const {
  if (!s.owned_by_table) return false;
  if (dropped_names_.count(*s.owned_by_table)) return true;
  const Table* owner = find_named(to_tables_, target_name(*s.owned_by_table));
  if (owner == nullptr) return true;
  const auto& column = mapped(column_renames(*s.owned_by_table), s.owned_by_column);
  return owner->find_column(column) == nullptr;
}

void Differ::diff_sequences() {
  auto key = [](const Sequence& s) { return name_key(s.name); };
  auto m = match_by_key(from_.sequences, to_.sequences, key);
  for (const auto* t : m.only_to) {
    // Created unowned: the owner may not exist yet; OWNED BY is set once it does.
    Sequence bare = without_owner(*t);
    add(kCreateSequence, t->name, "", schema::CreateSequence{bare});
    if (t->owned_by_table) add(kAlterSequence, t->name, "", schema::AlterSequence{bare, *t});
  }
  for (const auto* f : m.only_from) {
    Sequence bare = without_owner(*f);
    if (f->owned_by_table) add(kReleaseSequence, f->name, "", schema::AlterSequence{*f, bare});
    add(kDropSequence, f->name, "", schema::DropSequence{bare});
  }
  for (const auto& [f, t] : m.both) {
    Sequence before = mapped(*f);
    if (owner_goes_away(*f)) {
      add(kReleaseSequence, f->name, "", schema::AlterSequence{*f, without_owner(*f)});
      before = without_owner(before);
    }
    if (!same_except_comment(before, *t)) {
      add(kAlterSequence, t->name, "", schema::AlterSequence{before, *t});
    }
    if (f->comment != t->comment) {
      add(kSetComment, t->name, "",
          schema::SetComment{CommentTarget::sequence, t->name, "", f->comment, t->comment});
    }
  }
}

void Differ::diff_views() {
  std::vector<const View*> from_views = sorted_by_name(from_.views);
  std::vector<const View*> to_views = sorted_by_name(to_.views);

  // A source view goes (for good, or to be recreated) when it is not in the
  // target, its query changed, or it reads a changed table or a view that goes.
  std::unordered_map<const View*, int> state;  // 1 visiting, 2 stays, 3 goes
  auto goes = [&](auto& self, const View* v) -> bool {
    int& st = state[v];
    if (st != 0) return st == 3;
    st = 1;
    const View* t = find_named(to_views, v->name);
    bool result =
        t == nullptr || t->definition != v->definition || t->materialized != v->materialized;
    for (const auto& dep : v->depends_on) {
      if (result) break;
      if (changed_.count(dep)) {
        result = true;
      } else if (const View* dv = find_named(from_views, dep); dv != nullptr && dv != v) {
        if (state[dv] == 1) continue;  // a cycle: views cannot have one; do not loop
        result = self(self, dv);
      }
    }
    state[v] = result ? 3 : 2;
    return result;
  };

  NameSet leaving;
  std::vector<const View*> leaving_list;
  for (const View* v : from_views) {
    if (goes(goes, v)) {
      leaving.insert(v->name);
      leaving_list.push_back(v);
    }
  }

  // Drop order: a view once no leaving view reads it any more.
  NameMap<size_t> readers;
  for (const View* v : leaving_list) {
    for (const auto& dep : v->depends_on) {
      if (dep != v->name && leaving.count(dep)) ++readers[dep];
    }
  }
  std::set<ObjectName> ready;
  for (const View* v : leaving_list) {
    if (readers[v->name] == 0) ready.insert(v->name);
  }
  NameSet done;
  auto emit_drop = [&](const View& v) {
    done.insert(v.name);
    for (const Index* i : sorted_by_name(v.indexes)) {
      add(kDropView, v.name, "", schema::DropIndex{v.name, *i}, true);
    }
    add(kDropView, v.name, "", schema::DropView{v});
  };
  while (!ready.empty()) {
    const View& v = *find_named(from_views, *ready.begin());
    ready.erase(ready.begin());
    emit_drop(v);
    for (const auto& dep : v.depends_on) {
      if (dep == v.name || !leaving.count(dep) || done.count(dep)) continue;
      if (--readers[dep] == 0) ready.insert(dep);
    }
  }
  for (const View* v : leaving_list) {
    if (!done.count(v->name)) emit_drop(*v);
  }

  // Views that stay: their indexes and comment.
  std::vector<const View*> arriving;
  for (const View* t : to_views) {
    const View* source = find_named(from_views, t->name);
    if (source == nullptr || leaving.count(t->name)) {
      arriving.push_back(t);
      continue;
    }
    const View& f = *source;
    diff_indexes(f.name, f.indexes, t->name, t->indexes, nullptr);
    if (f.comment != t->comment) {
      add(kSetComment, t->name, "",
          schema::SetComment{CommentTarget::view, t->name, "", f.comment, t->comment});
    }
  }

  // Create order: a view once every arriving view it reads exists.
  NameSet arriving_names;
  for (const View* v : arriving) arriving_names.insert(v->name);
  NameMap<size_t> waiting;
  NameMap<std::vector<ObjectName>> readers_of;
  for (const View* v : arriving) {
    size_t& w = waiting[v->name];
    for (const auto& dep : v->depends_on) {
      if (dep == v->name || !arriving_names.count(dep)) continue;
      ++w;
      readers_of[dep].push_back(v->name);
    }
  }
  ready.clear();
  for (const View* v : arriving) {
    if (waiting[v->name] == 0) ready.insert(v->name);
  }
  NameSet created;
  auto emit_create = [&](const View& v) {
    created.insert(v.name);
    add(kCreateView, v.name, "", schema::CreateView{v});
    for (const Index* i : sorted_by_name(v.indexes)) {
      add(kCreateView, v.name, "", schema::CreateIndex{v.name, *i});
    }
  };
  while (!ready.empty()) {
    const View& v = *find_named(to_views, *ready.begin());
    ready.erase(ready.begin());
    emit_create(v);
    for (const auto& reader : readers_of[v.name]) {
      if (!created.count(reader) && --waiting[reader] == 0) ready.insert(reader);
    }
  }
  for (const View* v : arriving) {
    if (!created.count(v->name)) emit_create(*v);
  }
}

void Differ::diff_others() {
  auto key = [this](const OtherObject& o, bool source) {
    const ObjectName& table = source ? target_name(o.table) : o.table;
    return o.kind + '\x1d' + name_key(table) + '\x1d' + name_key(o.name);
  };
  auto m = match_by_key(
      from_.others, to_.others, [&](const OtherObject& o) { return key(o, true); },
      [&](const OtherObject& o) { return key(o, false); });
  auto unsupported = [&](const OtherObject& o, std::string_view what) {
    std::string text = other_label(o) + " " + std::string(what);
    add(kUnsupported, {}, text, schema::Unsupported{text});
  };
  auto create = [&](const OtherObject& o) {
    bool attached = !o.table.name.empty();
    add(attached ? kCreateAttached : kCreateRoutine, {}, key(o, false), schema::CreateOther{o});
  };
  auto drop = [&](const OtherObject& o, bool replaced) {
    bool attached = !o.table.name.empty();
    // A replaced routine is dropped just before its new version is created.
    Group g = attached ? kDropAttached : (replaced ? kCreateRoutine : kDropRoutine);
    add(g, {}, key(o, true), schema::DropOther{o});
  };
  for (const auto* o : m.only_to) {
    if (o->definition.empty()) {
      unsupported(*o, "exists only in the target");
    } else {
      create(*o);
    }
  }
  for (const auto* o : m.only_from) {
    if (o->definition.empty()) {
      unsupported(*o, "exists only in the source");
    } else {
      drop(*o, false);
    }
  }
  for (const auto& [f, t] : m.both) {
    if (f->definition == t->definition) continue;
    if (f->definition.empty() || t->definition.empty()) {
      unsupported(*t, "differs");
      continue;
    }
    drop(*f, true);
    create(*t);
  }
}

DiffResult Differ::run(const RenameHints& hints) {
  pair_tables(hints);
  diff_namespaces();
  diff_extensions();
  diff_enums();
  for (auto& p : pairs_) p.same = diff_table(*p.from, *p.to);
  diff_foreign_keys();
  drop_and_create_tables();
  diff_sequences();
  diff_views();
  diff_others();

  DiffResult result;
  size_t total = 0;
  for (const auto& g : groups_) total += g.size();
  result.changes.reserve(total);
  for (size_t g = 0; g < kGroupCount; ++g) {
    auto& entries = groups_[g];
    if (!keeps_order(g)) {
      std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        if (a.table != b.table) return a.table < b.table;
        return a.name < b.name;
      });
    }
    for (auto& e : entries) result.changes.push_back(std::move(e.change));
  }
  result.candidates = std::move(candidates_);
  result.unusable_hints = std::move(unusable_hints_);
  return result;
}

}  // namespace

DiffResult diff_schemas(const schema::Schema& from, const schema::Schema& to,
                        const RenameHints& renames) {
  return Differ(from, to).run(renames);
}

}  // namespace strata::detail
