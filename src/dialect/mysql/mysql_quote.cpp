#include "dialect/mysql/mysql_quote.hpp"

namespace strata::detail {

std::string mysql_quote_ident(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += '`';
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  out += '`';
  return out;
}

std::string mysql_quote_qualified(std::string_view name) {
  size_t dot = name.find('.');
  if (dot == std::string_view::npos) return mysql_quote_ident(name);
  return mysql_quote_ident(name.substr(0, dot)) + "." + mysql_quote_ident(name.substr(dot + 1));
}

std::string mysql_quote_literal(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out += '\'';
  for (char c : value) {
    if (c == '\'') {
      out += "''";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\0') {
      out += "\\0";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

}  // namespace strata::detail
