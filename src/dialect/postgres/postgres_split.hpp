// Statement splitting for PostgreSQL by the server's own lexer (libpg_query's
// pg_query_scan), so dollar quotes, E'' strings, nested comments, quoted
// identifiers and semicolons inside strings are cut exactly as the server
// would read them. On top of the tokens it keeps together what a bare `;` scan
// would cut apart: parenthesized rule actions and SQL-standard function bodies
// (`BEGIN ATOMIC ... END`). Works on statements the parser would reject.
//
// Thread-safety: libpg_query keeps a per-thread memory context; concurrent
// calls from different threads are fine, each thread pays its own context.
#pragma once

#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "dialect/dialect.hpp"

namespace strata::detail {

// Each statement's text runs from its first significant token to its last one
// (leading and trailing comments and blanks dropped, no `;`); `offset` is the
// byte offset of that first token in `sql`. Comment-only and empty pieces are
// skipped. A lexer error (unterminated quote, comment or dollar quote) gives
// pg_query's message with Error::line = the 1-based line where it starts.
Result<std::vector<StatementText>> split_postgres_sql(std::string_view sql);

// The 1-based line of `text` holding the character at 1-based `position`, as
// PostgreSQL counts positions (characters, not bytes; `text` is UTF-8). 0 when
// `position` is not positive.
int line_of_position(std::string_view text, int position);

}  // namespace strata::detail
