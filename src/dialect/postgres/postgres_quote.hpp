// Identifier and literal quoting for PostgreSQL, shared by the dialect (DDL)
// and the connection (table lookups) so both name a table the same way.
#pragma once

#include <string>
#include <string_view>

namespace strata::detail {

// "name" with embedded double quotes doubled: always quoted, so case and
// reserved words survive.
std::string pg_quote_ident(std::string_view name);

// A possibly schema-qualified name ("schema.table"): each dot-separated part
// quoted on its own, taken literally (case kept, quotes doubled).
std::string pg_quote_qualified(std::string_view name);

// A string constant. Backslashes make it an E'' constant with them doubled, so
// the value reads the same whatever standard_conforming_strings is.
std::string pg_quote_literal(std::string_view value);

}  // namespace strata::detail
