#include "revision/expression.hpp"

#include "common/strings.hpp"

namespace strata::detail {

namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool all_word_chars(std::string_view s) {
  for (char c : s) {
    if (!is_word_char(c)) return false;
  }
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Result<RevisionExpr> parse_revision_expr(std::string_view text) {
  text = trim(text);
  RevisionExpr e;
  e.text = std::string(text);
  if (text.empty()) return usage_error("empty revision expression");
  std::string_view rest = text;
  if (size_t at = text.find('@'); at != std::string_view::npos) {
    e.label = std::string(trim(text.substr(0, at)));
    rest = trim(text.substr(at + 1));
    if (e.label.empty()) {
      return usage_error("revision expression '{}' has nothing before '@'; write LABEL@{}", text,
                         rest.empty() ? "head" : rest);
    }
    if (rest.empty()) {
      return usage_error("revision expression '{}' has nothing after '@'; write {}@head", text,
                         e.label);
    }
  }
  // A sign starts the relative part: ids and symbols are word characters only,
  // so "ae10-2" is unambiguous while a label such as "net-core" stays absolute.
  size_t sign = rest.find_first_of("+-");
  if (sign != std::string_view::npos) {
    std::string_view sym = rest.substr(0, sign);
    std::string_view num = rest.substr(sign + 1);
    if (all_word_chars(sym) && all_digits(num)) {
      if (num.size() > 9) return usage_error("relative step in '{}' is too large", text);
      e.relative = true;
      e.symbol = std::string(sym);
      e.steps = std::stol(std::string(num));
      if (rest[sign] == '-') e.steps = -e.steps;
      return e;
    }
  }
  e.symbol = std::string(rest);
  return e;
}

Result<RevisionRange> parse_revision_range(std::string_view text) {
  text = trim(text);
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos) {
    return usage_error("'{}' is not a range; write START:END, START: or :END", text);
  }
  RevisionRange r;
  r.lower = std::string(trim(text.substr(0, colon)));
  r.upper = std::string(trim(text.substr(colon + 1)));
  return r;
}

}  // namespace strata::detail
