// The dialect-neutral schema model: what an inspector reads out of a database
// and what the differ compares. Plain data, no behaviour beyond lookups.
//
// Text fields (types, defaults, expressions, view bodies) hold what the engine
// itself prints for the object (PostgreSQL: format_type / pg_get_expr /
// pg_get_viewdef; SQLite: the declared text, normalized by the inspector), so
// two schemas built by the same engine compare equal exactly when the engine
// would describe them the same way. Both sides of every comparison strata makes
// come from the same engine (scratch databases), which is what makes text
// comparison sound.
//
// Ordering: inspectors return every list sorted (objects by name, columns by
// position), so a Schema compares with == and prints deterministically.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata::detail::schema {

// A schema-qualified name. `schema` is empty on SQLite and MySQL (objects of
// the connection's database; other databases are not read); on PostgreSQL it is
// always set (for example "public").
struct ObjectName {
  std::string schema;
  std::string name;
  auto operator<=>(const ObjectName&) const = default;
  bool operator==(const ObjectName&) const = default;
};

// "name", or "schema.name" when the schema is set and not "public".
std::string display(const ObjectName& name);

enum class Identity { none, always, by_default };

struct Column {
  std::string name;
  std::string type;                         // "integer", "character varying(20)", "TEXT"
  bool not_null = false;
  std::optional<std::string> default_expr;  // engine's text of the default expression
  Identity identity = Identity::none;       // PostgreSQL identity columns
  std::optional<std::string> generated;     // expression of a generated column
  bool generated_stored = false;            // STORED (PostgreSQL's only kind) or VIRTUAL
  std::string collation;                    // empty = the type's default collation
  std::optional<std::string> comment;
  // MySQL/MariaDB: AUTO_INCREMENT, and the ON UPDATE expression
  // ("current_timestamp()"). Unsigned, zerofill, ENUM and SET values and the
  // charset are part of `type` / `collation` as the server prints them.
  bool auto_increment = false;
  std::optional<std::string> on_update;
  bool operator==(const Column&) const = default;
};

enum class FkAction { no_action, restrict, cascade, set_null, set_default };
// The SQL spelling: "NO ACTION", "CASCADE", "SET NULL", ...
const char* fk_action_sql(FkAction action);

struct PrimaryKey {
  std::string name;  // empty when the engine gives the constraint no name (SQLite)
  std::vector<std::string> columns;
  bool operator==(const PrimaryKey&) const = default;
};

struct UniqueConstraint {
  std::string name;
  std::vector<std::string> columns;
  bool deferrable = false;
  bool initially_deferred = false;
  bool nulls_not_distinct = false;
  bool operator==(const UniqueConstraint&) const = default;
};

struct ForeignKey {
  std::string name;
  std::vector<std::string> columns;
  ObjectName ref_table;
  std::vector<std::string> ref_columns;
  FkAction on_update = FkAction::no_action;
  FkAction on_delete = FkAction::no_action;
  bool match_full = false;
  bool deferrable = false;
  bool initially_deferred = false;
  bool not_valid = false;
  bool operator==(const ForeignKey&) const = default;
};

struct CheckConstraint {
  std::string name;
  std::string expression;  // the condition without the CHECK keyword and outer parentheses
  bool not_valid = false;
  bool operator==(const CheckConstraint&) const = default;
};

// One key of an index: a column or an expression, with its options. Options
// hold only what differs from the default, so equal indexes compare equal.
struct IndexKey {
  std::string expression;  // a column name (unquoted) when is_column, else the expression text
  bool is_column = true;
  bool descending = false;
  std::optional<bool> nulls_first;  // set only when not the default for the direction
  std::string collation;            // empty = default
  std::string opclass;              // empty = default
  int prefix_length = 0;            // MySQL: index only the first N characters; 0 = all
  bool operator==(const IndexKey&) const = default;
};

// An index created by CREATE INDEX. Indexes that back a primary key or unique
// constraint are not listed here: they belong to the constraint.
struct Index {
  std::string name;
  bool unique = false;
  std::string method;  // empty = the engine's default (btree); MySQL: "FULLTEXT", "SPATIAL"
  std::vector<IndexKey> keys;
  std::vector<std::string> include;     // INCLUDE columns (PostgreSQL)
  std::optional<std::string> where;     // partial index predicate, without WHERE
  bool nulls_not_distinct = false;
  std::optional<std::string> comment;
  bool operator==(const Index&) const = default;
};

struct Table {
  ObjectName name;
  std::vector<Column> columns;  // in the table's column order
  std::optional<PrimaryKey> primary_key;
  std::vector<UniqueConstraint> uniques;
  std::vector<ForeignKey> foreign_keys;
  std::vector<CheckConstraint> checks;
  std::vector<Index> indexes;
  std::optional<std::string> comment;
  // SQLite table options.
  bool without_rowid = false;
  bool strict = false;
  bool autoincrement = false;  // INTEGER PRIMARY KEY AUTOINCREMENT
  // MySQL/MariaDB table options: the storage engine ("InnoDB") and the
  // default collation (which names the charset: "utf8mb4_general_ci").
  std::string engine;
  std::string collation;
  bool operator==(const Table&) const = default;

  const Column* find_column(std::string_view column) const;
};

struct View {
  ObjectName name;
  std::string definition;  // the query, without CREATE VIEW … AS
  bool materialized = false;
  std::vector<ObjectName> depends_on;  // tables and views it reads, sorted
  std::vector<Index> indexes;          // materialized views only
  std::optional<std::string> comment;
  bool operator==(const View&) const = default;
};

struct Sequence {
  ObjectName name;
  std::string type = "bigint";
  int64_t start = 1;
  int64_t increment = 1;
  int64_t min_value = 1;
  int64_t max_value = INT64_MAX;
  int64_t cache = 1;
  bool cycle = false;
  // OWNED BY table.column (serial columns); empty when not owned.
  std::optional<ObjectName> owned_by_table;
  std::string owned_by_column;
  std::optional<std::string> comment;
  bool operator==(const Sequence&) const = default;
};

struct EnumType {
  ObjectName name;
  std::vector<std::string> values;  // in sort order (the order the type defines)
  std::optional<std::string> comment;
  bool operator==(const EnumType&) const = default;
};

struct Extension {
  std::string name;
  std::string schema;
  bool operator==(const Extension&) const = default;
};

// An object strata does not model field by field: functions, procedures,
// triggers, policies, domains, rules, composite types. It is detected so that
// check and diff can report it; `definition` holds the engine's full DDL when
// the engine can print it (pg_get_functiondef, sqlite_master.sql), in which
// case the differ can recreate it as a whole.
struct OtherObject {
  std::string kind;        // "function", "procedure", "trigger", "policy", "domain", "rule", "type"
  ObjectName name;         // for functions: name plus argument types, "f(integer, text)"
  ObjectName table;        // triggers, policies, rules: the table they belong to
  std::string definition;  // full CREATE statement, or empty when unknown
  bool operator==(const OtherObject&) const = default;
};

struct Schema {
  std::vector<std::string> namespaces;  // PostgreSQL schemas, "public" included
  std::vector<Extension> extensions;
  std::vector<EnumType> enums;
  std::vector<Sequence> sequences;
  std::vector<Table> tables;
  std::vector<View> views;
  std::vector<OtherObject> others;
  bool operator==(const Schema&) const = default;

  const Table* find_table(const ObjectName& name) const;
  const View* find_view(const ObjectName& name) const;
  const EnumType* find_enum(const ObjectName& name) const;
  const Sequence* find_sequence(const ObjectName& name) const;
  // Sorts every list into the canonical order described above (columns keep
  // their positions). Inspectors call it last.
  void canonicalize();
};

// What an inspector reads.
struct InspectOptions {
  // Tables never reported (strata's own bookkeeping tables), matched by bare
  // name in any schema.
  std::vector<std::string> exclude_tables;
  // PostgreSQL schemas to read; empty = every schema that is not a system
  // schema or owned by an extension.
  std::vector<std::string> schemas;
};

}  // namespace strata::detail::schema
