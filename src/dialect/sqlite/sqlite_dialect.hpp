// The SQLite dialect: SQLite's statement-splitting rules (sqlite3_complete,
// so a CREATE TRIGGER body stays one statement), its quoting, the bookkeeping
// tables' DDL, and connections (SqliteConnection). Stateless and thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "dialect/dialect.hpp"

namespace strata::detail {

// The one SQLite dialect instance (lives for the whole program).
const Dialect& sqlite_dialect();

// Splits a script into statements the way SQLite reads it. Each statement's
// `sql` runs from its first significant character to its last token: leading
// and trailing blanks and comments, and the terminating `;`, are left out
// (semicolons inside a trigger body stay). Empty and comment-only statements
// are skipped; a final statement needs no `;`. Errors (an unterminated
// string, quoted identifier, block comment or trigger) carry in Error::line
// the 1-based line where the statement starts. Linear in the text's length.
Result<std::vector<StatementText>> split_sqlite(std::string_view sql);

}  // namespace strata::detail
