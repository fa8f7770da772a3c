// The tables as they stand at each point of a change list, for the MySQL
// renderer. It starts from RenderContext::from and the renderer applies every
// change once it has rendered it, so a statement can ask what its table looks
// like when it runs: whether it has a FULLTEXT index, which columns are
// indexed, a column's full definition (MODIFY COLUMN restates it), whether a
// table a foreign key references exists yet, whether the table was created
// earlier in the same list (no online clause needed then), which foreign
// keys a column change or an index drop runs into.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "schema/change.hpp"

namespace strata::detail {

// A foreign key with the table it is on.
struct MysqlTableKey {
  schema::ObjectName table;
  schema::ForeignKey key;
};

// The index can serve a foreign key over `columns`: its leading keys are
// those columns, in order, whole (no prefix length).
bool mysql_index_serves(const schema::Index& index, const std::vector<std::string>& columns);

class MysqlTableState {
 public:
  explicit MysqlTableState(const schema::Schema* from);

  // Applies a change to the tables (views, triggers and the like are not
  // tracked). CreateIndex and AddForeignKey add nothing that is already
  // there by name.
  void apply(const schema::ChangeOp& op);
  // A created table as it was actually created (what CREATE TABLE inlined).
  void create(schema::Table table);
  // A column added after `after` ("" = first; nullopt = last).
  void add_column(const schema::ObjectName& table, const schema::Column& column,
                  const std::optional<std::string>& after);

  const schema::Table* find(const schema::ObjectName& name) const;
  bool created_here(const schema::ObjectName& name) const { return created_.count(name) != 0; }
  bool has_fulltext(const schema::ObjectName& table) const;
  // The column is part of an index or the primary key of the table.
  bool is_indexed(const schema::ObjectName& table, std::string_view column) const;
  // The one table with an index of that name (index names are per table on
  // MySQL); nullptr when none or several have one.
  const schema::Table* table_with_index(std::string_view index) const;
  // The foreign keys over `column` of `table`: the table's own keys using it
  // and the keys of any table referencing it. MySQL refuses to change the
  // column's type or collation under them (errors 1832, 1833).
  std::vector<MysqlTableKey> keys_using_column(const schema::ObjectName& table,
                                               std::string_view column) const;
  // The foreign keys for which index `index` of `table` is the only one
  // serving them (neither another index nor the primary key leads with
  // their columns): the table's own keys and the keys referencing it. MySQL
  // refuses to drop it under them (error 1553).
  std::vector<MysqlTableKey> keys_needing_index(const schema::ObjectName& table,
                                                std::string_view index) const;

 private:
  schema::Table* find_mutable(const schema::ObjectName& name);

  std::map<schema::ObjectName, schema::Table> tables_;
  std::set<schema::ObjectName> created_;
};

}  // namespace strata::detail
