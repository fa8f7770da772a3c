// Statement splitting for MySQL and MariaDB by the rules of the server's lexer
// and of the `mysql`/`mariadb` client: comments (`-- `, `#`, `/* */`),
// executable comments (`/*! */`, `/*M! */`) kept as code, strings with
// backslash escapes, backtick identifiers, and the client's `DELIMITER xx`
// command, which changes the terminator so that trigger, procedure and event
// bodies keep their inner `;`.
#pragma once

#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "dialect/dialect.hpp"

namespace strata::detail {

// Each statement's text runs from its first significant character to the end
// of its last one (leading and trailing comments and blanks dropped, no
// terminator); `offset` is the byte offset of that first character in `sql`.
// Empty and comment-only pieces are skipped. `DELIMITER xx` is recognized where
// no statement has begun (the `mysql` client's rule), is not a statement
// itself, and takes the rest of its line, which may hold only a comment; the
// terminator starts as `;`. Errors (an unterminated quote or comment, a bad
// DELIMITER line) carry the 1-based line where the construct starts.
Result<std::vector<StatementText>> split_mysql_sql(std::string_view sql);

// One statement as the `mysql` client (and split_mysql_sql) reads it back:
// "SQL;\n", or, when the statement itself holds a `;` outside quotes and
// comments (a trigger or procedure body), "DELIMITER $$\nSQL$$\nDELIMITER ;\n"
// with a delimiter the statement does not contain.
std::string mysql_script_statement(std::string_view sql);

}  // namespace strata::detail
