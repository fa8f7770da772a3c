// SQL text builders of the SQLite renderer: identifier quoting (only where
// SQLite needs it), column and constraint definitions, CREATE TABLE / CREATE
// INDEX statements, and a token scan that tells whether an expression names an
// identifier. Pure functions of the schema model; no database.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/model.hpp"

namespace strata::detail::sqlite_sql {

// `name` as SQLite must see it: bare when it is a plain ASCII identifier
// ([A-Za-z_][A-Za-z0-9_]*) that is not an SQLite keyword, else in double quotes
// with inner quotes doubled. Every identifier the renderer prints goes through
// this one function.
std::string ident(std::string_view name);

// ident() of the name, prefixed by "schema." when the schema is set.
std::string qualified(const schema::ObjectName& name);

// "(a, b)": each name through ident().
std::string column_list(const std::vector<std::string>& columns);

// A column default as SQLite's DEFAULT clause accepts it: literals (numbers,
// strings, blobs, NULL, TRUE/FALSE, CURRENT_*) and already parenthesized text
// as they are, any other expression wrapped in parentheses (PRAGMA table_info
// reports expression defaults without theirs).
std::string default_clause(std::string_view expr);

// Whether default_clause(expr) is an expression in parentheses, which
// ALTER TABLE ADD COLUMN refuses.
bool is_expression_default(std::string_view expr);

// True for CURRENT_TIME, CURRENT_DATE and CURRENT_TIMESTAMP (any case).
bool is_current_time_default(std::string_view expr);

// True when there is no default or it is NULL.
bool is_null_default(const std::optional<std::string>& expr);

// "name TYPE NOT NULL DEFAULT x COLLATE c GENERATED ALWAYS AS (e) STORED".
// `inline_pk` adds "[CONSTRAINT n] PRIMARY KEY AUTOINCREMENT" after the type;
// each key of `references` adds an inline "[CONSTRAINT n] REFERENCES ..." clause.
std::string column_definition(const schema::Column& column, const schema::PrimaryKey* inline_pk,
                              const std::vector<const schema::ForeignKey*>& references = {});

// "REFERENCES t (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED".
std::string references_clause(const schema::ForeignKey& key);

// "CREATE TABLE name (\n    col ...,\n    PRIMARY KEY (...),\n ...\n) WITHOUT ROWID, STRICT"
// for `table` under the name `as`, with `foreign_keys` as its table-level keys.
std::string create_table(const schema::Table& table, const schema::ObjectName& as,
                         const std::vector<const schema::ForeignKey*>& foreign_keys);

// "CREATE [UNIQUE] INDEX n ON t (keys) [WHERE p]", the index in the schema of `table`.
std::string create_index(const schema::ObjectName& table, const schema::Index& index);

// Whether `text` (an SQL expression or statement) contains `name` as an
// identifier token, bare or quoted ("x", `x`, [x]), compared ASCII
// case-insensitively as SQLite compares names. String literals do not count.
bool mentions(std::string_view text, std::string_view name);

// ASCII case-insensitive equality: how SQLite compares identifiers.
bool same_name(std::string_view a, std::string_view b);

}  // namespace strata::detail::sqlite_sql
