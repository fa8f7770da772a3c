// Reads the parts of SQLite's stored CREATE TABLE / CREATE INDEX / CREATE VIEW
// text that no pragma reports: constraint names, CHECK expressions, column
// collations, generated-column expressions, FK deferrability, table options,
// expression index keys, partial-index predicates and view bodies.
//
// The input is sqlite_schema.sql, which SQLite has already parsed, so these
// readers are lenient: they never fail, and what they cannot recognise they
// skip. Expressions come back in the lexer's canonical spacing
// (TokenList::normalized); names come back unquoted. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail::sqlite_ddl {

struct DdlColumn {
  std::string name;
  std::string collation;                 // COLLATE name as written, unquoted; "" when none
  std::optional<std::string> generated;  // the expression of AS (...)
};

// A PRIMARY KEY or UNIQUE constraint, column-level or table-level.
struct DdlKey {
  std::string name;  // "" when not written
  std::vector<std::string> columns;
};

struct DdlForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::string ref_table;
  bool deferrable = false;
  bool initially_deferred = false;
};

struct DdlCheck {
  std::string name;
  std::string expression;
};

struct DdlTable {
  std::vector<DdlColumn> columns;  // in declaration order
  std::optional<DdlKey> primary_key;
  std::vector<DdlKey> uniques;              // in declaration order
  std::vector<DdlForeignKey> foreign_keys;  // in declaration order
  std::vector<DdlCheck> checks;             // in declaration order
  bool autoincrement = false;
  bool without_rowid = false;
  bool strict = false;
};

// A constraint name, as in SQLite, applies to every constraint after
// `CONSTRAINT name` up to the next comma of the table definition (or the next
// CONSTRAINT): `CONSTRAINT c CHECK (a) CHECK (b)` names both checks c.
DdlTable parse_create_table(std::string_view sql);

struct DdlIndexKey {
  std::string expression;           // the key's text without its COLLATE and ASC/DESC
  std::optional<std::string> name;  // set when that text is one identifier: its unquoted name
  std::string collation;            // the key's own COLLATE name, unquoted; "" when none
  bool descending = false;
};

struct DdlIndex {
  bool unique = false;
  std::vector<DdlIndexKey> keys;  // in key order
  std::optional<std::string> where;
};

DdlIndex parse_create_index(std::string_view sql);

struct DdlView {
  std::string definition;                // the query after AS, as written, trimmed
  std::vector<std::string> identifiers;  // every identifier token of the query, unquoted
};

DdlView parse_create_view(std::string_view sql);

}  // namespace strata::detail::sqlite_ddl
