#include "dialect/mysql/mysql_lex.hpp"

namespace strata::detail {

namespace {

// Past the quote that closes the one at `pos`: a doubled quote stands for
// itself, and in strings (not backtick identifiers) a backslash escapes the
// next character. npos when it is never closed.
size_t quoted_end(std::string_view sql, size_t pos) {
  char q = sql[pos];
  bool escapes = q != '`';
  for (size_t i = pos + 1; i < sql.size(); ++i) {
    char c = sql[i];
    if (escapes && c == '\\') {
      ++i;
    } else if (c == q) {
      if (i + 1 < sql.size() && sql[i + 1] == q) {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return std::string_view::npos;
}

// "--" starts a comment only when a blank or control character (or the end of
// the text) follows it.
bool is_dash_comment(std::string_view sql, size_t pos) {
  if (pos + 1 >= sql.size() || sql[pos] != '-' || sql[pos + 1] != '-') return false;
  if (pos + 2 >= sql.size()) return true;
  auto c = static_cast<unsigned char>(sql[pos + 2]);
  return c <= ' ' || c == 0x7f;
}

bool is_executable_comment(std::string_view sql, size_t pos) {
  std::string_view rest = sql.substr(pos);
  return rest.substr(0, 3) == "/*!" || rest.substr(0, 4) == "/*M!";
}

}  // namespace

bool is_mysql_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

MysqlLexeme mysql_lex(std::string_view sql, size_t pos) {
  constexpr size_t npos = std::string_view::npos;
  char c = sql[pos];
  if (is_mysql_blank(c)) return {MysqlUnit::kBlank, pos + 1};
  if (c == '#' || is_dash_comment(sql, pos)) {
    size_t nl = sql.find('\n', pos);
    return {MysqlUnit::kComment, nl == npos ? sql.size() : nl};
  }
  if (c == '\'' || c == '"' || c == '`') {
    size_t end = quoted_end(sql, pos);
    if (end == npos) return {MysqlUnit::kQuoted, sql.size(), true};
    return {MysqlUnit::kQuoted, end};
  }
  if (c == '/' && pos + 1 < sql.size() && sql[pos + 1] == '*') {
    if (!is_executable_comment(sql, pos)) {
      size_t close = sql.find("*/", pos + 2);
      if (close == npos) return {MysqlUnit::kComment, sql.size(), true};
      return {MysqlUnit::kComment, close + 2};
    }
    // Code: strings inside it are read as strings, so a "*/" in one does not end it.
    for (size_t i = pos + 3; i < sql.size();) {
      char d = sql[i];
      if (d == '\'' || d == '"' || d == '`') {
        size_t end = quoted_end(sql, i);
        if (end == npos) break;
        i = end;
      } else if (d == '*' && i + 1 < sql.size() && sql[i + 1] == '/') {
        return {MysqlUnit::kCode, i + 2};
      } else {
        ++i;
      }
    }
    return {MysqlUnit::kCode, sql.size(), true};
  }
  return {MysqlUnit::kCode, pos + 1};
}

std::string_view mysql_unit_name(std::string_view sql, size_t pos) {
  switch (sql[pos]) {
    case '\'':
    case '"':
      return "quoted string";
    case '`':
      return "quoted identifier";
    default:
      return is_executable_comment(sql, pos) ? "executable comment" : "comment";
  }
}

}  // namespace strata::detail
