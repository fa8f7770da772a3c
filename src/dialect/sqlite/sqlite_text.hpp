// Lexical helpers shared by the SQLite splitter and connection: SQLite's
// identifier characters, skipping blanks and comments, line numbers of byte
// offsets, schema-qualified names, and result-code names.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace strata::detail::sqlite_text {

// SQLite's IdChar: letters, digits, '_', '$' and every byte of a multi-byte
// UTF-8 sequence.
inline bool is_id_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

// SQLite's whitespace set (sqlite3Isspace).
inline bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The offset of the first character at or after `pos` that is neither a blank
// nor inside a `--` or `/* */` comment; s.size() if none. An unterminated
// block comment runs to the end.
size_t skip_insignificant(std::string_view s, size_t pos);

// 1-based line number of byte `offset` in `s`.
int line_at(std::string_view s, size_t offset);

// "schema.table" -> {"schema", "table"}; "table" -> {"", "table"}. A part
// wrapped in double quotes is unquoted ("" -> "), so a dot inside quotes does
// not split.
std::pair<std::string, std::string> split_qualified(std::string_view name);

// "a""b" style quoting: identifiers in double quotes, literals in single
// quotes, the quote character doubled inside.
std::string quote_ident(std::string_view name);
std::string quote_literal(std::string_view value);

// "SQLITE_CONSTRAINT_UNIQUE" for an extended result code; the primary code's
// name and the number for one this table does not know ("SQLITE_IOERR (6666)").
std::string result_code_name(int extended_code);

}  // namespace strata::detail::sqlite_text
