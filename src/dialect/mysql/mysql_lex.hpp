// MySQL's lexical units as the server and the `mysql` client read them, for
// the statement splitter and for finding `?` placeholders: blanks, comments
// (`-- ` with a blank after the dashes, `#`, `/* */`), executable comments
// (`/*! */`, `/*M! */`: code, not comments), quoted strings ('...' and "..."
// with backslash escapes and doubled quotes) and backtick identifiers.
#pragma once

#include <cstddef>
#include <string_view>

namespace strata::detail {

enum class MysqlUnit {
  kBlank,    // one blank character
  kComment,  // a comment that is not code
  kCode,     // one character of code, or a whole executable comment
  kQuoted,   // a string or a backtick identifier, quotes included
};

struct MysqlLexeme {
  MysqlUnit kind = MysqlUnit::kCode;
  size_t end = 0;             // offset just past the unit
  bool unterminated = false;  // a quote or comment open at the end of the text
};

// The unit that starts at `pos` (< sql.size()).
MysqlLexeme mysql_lex(std::string_view sql, size_t pos);

// What an unterminated unit starting at `pos` is, for messages:
// "quoted string", "quoted identifier", "comment".
std::string_view mysql_unit_name(std::string_view sql, size_t pos);

bool is_mysql_blank(char c);

}  // namespace strata::detail
