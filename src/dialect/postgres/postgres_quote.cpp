#include "dialect/postgres/postgres_quote.hpp"

namespace strata::detail {

namespace {

void append_doubled(std::string& out, std::string_view text, char quote) {
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
}

}  // namespace

std::string pg_quote_ident(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += '"';
  append_doubled(out, name, '"');
  out += '"';
  return out;
}

std::string pg_quote_qualified(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 4);
  while (true) {
    size_t dot = name.find('.');
    out += pg_quote_ident(name.substr(0, dot));
    if (dot == std::string_view::npos) break;
    out += '.';
    name.remove_prefix(dot + 1);
  }
  return out;
}

std::string pg_quote_literal(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 3);
  bool backslash = value.find('\\') != std::string_view::npos;
  if (backslash) out += 'E';
  out += '\'';
  for (char c : value) {
    if (c == '\'' || (backslash && c == '\\')) out += c;
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace strata::detail
