#include "dialect/postgres/postgres_inspect_text.hpp"

#include "common/strings.hpp"

namespace strata::detail {

std::string pg_array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

std::optional<std::vector<std::string>> parse_pg_array(std::string_view text) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return std::nullopt;
  std::vector<std::string> out;
  std::string_view body = text.substr(1, text.size() - 2);
  if (body.empty()) return out;
  size_t i = 0;
  while (true) {
    std::string item;
    if (i < body.size() && body[i] == '"') {
      ++i;
      bool closed = false;
      while (i < body.size()) {
        char c = body[i++];
        if (c == '\\' && i < body.size()) {
          item += body[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          item += c;
        }
      }
      if (!closed) return std::nullopt;
    } else {
      size_t end = body.find(',', i);
      if (end == std::string_view::npos) end = body.size();
      std::string_view raw = body.substr(i, end - i);
      // Unquoted NULL is the SQL null; a string "NULL" arrives quoted.
      if (raw != "NULL") item.assign(raw);
      i = end;
    }
    out.push_back(std::move(item));
    if (i == body.size()) break;
    if (body[i] != ',') return std::nullopt;
    ++i;
  }
  return out;
}

std::string strip_outer_parens(std::string_view expr) {
  expr = trim(expr);
  if (expr.size() < 2 || expr.front() != '(' || expr.back() != ')') return std::string(expr);
  int depth = 0;
  for (size_t i = 0; i < expr.size(); ++i) {
    char c = expr[i];
    if (c == '\'' || c == '"') {
      // A doubled quote inside continues the literal, so scanning to the next
      // quote and resuming there handles it as two adjacent literals.
      size_t close = expr.find(c, i + 1);
      if (close == std::string_view::npos) return std::string(expr);
      i = close;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
      // The first parenthesis closes before the end: it does not wrap it all.
      if (depth == 0 && i + 1 != expr.size()) return std::string(expr);
    }
  }
  if (depth != 0) return std::string(expr);
  return std::string(trim(expr.substr(1, expr.size() - 2)));
}

std::string trim_definition(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.back() == ';') text = trim(text.substr(0, text.size() - 1));
  return std::string(text);
}

}  // namespace strata::detail
