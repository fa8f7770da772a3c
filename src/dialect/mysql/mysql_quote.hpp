// Quoting for MySQL and MariaDB: identifiers in backticks, string literals in
// single quotes with the server's default escapes (the connection makes sure
// the session does not run with NO_BACKSLASH_ESCAPES).
#pragma once

#include <string>
#include <string_view>

namespace strata::detail {

// `name`, with any backtick doubled.
std::string mysql_quote_ident(std::string_view name);

// "db.table" as `db`.`table` (the first dot separates); a name without a dot
// as one identifier.
std::string mysql_quote_qualified(std::string_view name);

// 'value', with ' doubled, backslash as \\ and NUL as \0.
std::string mysql_quote_literal(std::string_view value);

}  // namespace strata::detail
