// How the PostgreSQL renderer spells names: an identifier stays bare when
// PostgreSQL would read it back unchanged (lower-case ASCII word that is not a
// reserved, column-name or type/function-name keyword) and is double-quoted
// otherwise; a schema-qualified name omits the schema "public". Keywords are
// recognised by PostgreSQL's own lexer (libpg_query), so the list follows the
// parser version strata is built with instead of a copy kept by hand.
//
// Thread-safety: every function may be called from any thread; the keyword
// cache is shared and locked.
#pragma once

#include <string>
#include <string_view>

#include "schema/model.hpp"

namespace strata::detail {

// True when `word` is a keyword PostgreSQL does not accept as a bare
// identifier everywhere (any kind but unreserved). Words outside
// [a-z_][a-z0-9_$]* are never keywords.
bool pg_is_restricted_keyword(std::string_view word);

// `name` as an identifier: bare when safe, else quoted with quotes doubled.
std::string pg_ident(std::string_view name);

// "name" or "schema.name", each part through pg_ident; the schema is left out
// when it is empty or "public".
std::string pg_name(const schema::ObjectName& name);

// A collation or operator class as the model holds it: the bare name when it
// lives in pg_catalog ("C", "en_US.utf8", "text_pattern_ops"), else
// "schema.name". A dotted text is read as schema.name only when the part
// before the dot is a plain lower-case word (locale-style collation names
// such as "en_US.utf8" are not); text holding a double quote is SQL already
// and kept as it is.
std::string pg_catalog_ref(std::string_view text);

}  // namespace strata::detail
