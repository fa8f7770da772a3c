// Clause builders of the PostgreSQL renderer: the SQL text of one column, one
// constraint, one index or one sequence's options, shared by the statements
// that embed them (CREATE TABLE, ALTER TABLE ... ADD, materialized views).
// Pure functions of the schema model; names go through postgres_render_names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/model.hpp"

namespace strata::detail {

// "a, b" with each name through pg_ident.
std::string pg_ident_list(const std::vector<std::string>& names);

// `name type [COLLATE c] [GENERATED ... | DEFAULT x] [NOT NULL]`, as in
// CREATE TABLE and ADD COLUMN.
std::string pg_column_definition(const schema::Column& column);

// The identity clause for `identity` (not none): "GENERATED ALWAYS AS IDENTITY".
std::string pg_identity_clause(schema::Identity identity);

// Whether ALTER COLUMN ... TYPE from `from` to `to` needs an explicit USING:
// not when only the modifiers differ (varchar(20) -> varchar(40)), nor for
// the widenings PostgreSQL converts implicitly (varchar/char -> text,
// smallint -> integer -> bigint -> numeric, real -> double precision), the
// same holding for arrays of those types.
bool pg_type_change_needs_using(std::string_view from, std::string_view to);

// Constraint bodies, without "CONSTRAINT name": "PRIMARY KEY (a)",
// "UNIQUE NULLS NOT DISTINCT (a) DEFERRABLE", "CHECK (x > 0)",
// "FOREIGN KEY (a) REFERENCES t (b) ON DELETE CASCADE". NOT VALID is appended
// to checks and foreign keys when they carry it and `with_not_valid` is set
// (CREATE TABLE cannot keep it; ALTER TABLE ... ADD can).
std::string pg_primary_key_body(const schema::PrimaryKey& key);
std::string pg_unique_body(const schema::UniqueConstraint& constraint);
std::string pg_check_body(const schema::CheckConstraint& check, bool with_not_valid);
std::string pg_foreign_key_body(const schema::ForeignKey& key, bool with_not_valid);

// "CONSTRAINT name body", or just the body when the name is empty.
std::string pg_named_constraint(std::string_view name, std::string_view body);

// CREATE [UNIQUE] INDEX name ON table [USING m] (keys) [INCLUDE (..)]
// [NULLS NOT DISTINCT] [WHERE p].
std::string pg_create_index(const schema::ObjectName& table, const schema::Index& index,
                            bool concurrently = false);

// The sequence option clauses that differ from what PostgreSQL assumes when
// they are left out, for CREATE SEQUENCE: " AS integer INCREMENT BY -1 ...",
// with a leading space; empty when every option is the default.
std::string pg_sequence_options(const schema::Sequence& sequence);

// The option clauses of ALTER SEQUENCE that take `from` to `to`, with a
// leading space; ownership not included. A type change lists MINVALUE and
// MAXVALUE too, since ALTER SEQUENCE ... AS would otherwise move bounds that
// were the old type's own.
std::string pg_sequence_changes(const schema::Sequence& from, const schema::Sequence& to);

// A view body or object definition as given, blanks around it and one final
// ';' removed.
std::string_view pg_strip_definition(std::string_view definition);

}  // namespace strata::detail
