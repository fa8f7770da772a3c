// Text helpers of the MySQL/MariaDB inspector (see mysql_inspect_text.hpp).
#include "dialect/mysql/mysql_inspect_text.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <tuple>

#include "dialect/mysql/mysql_lex.hpp"
#include "dialect/mysql/mysql_quote.hpp"

namespace strata::detail {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_mysql_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_mysql_blank(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// The first word of a column type: "int" of "int(10) unsigned".
std::string_view base_type(std::string_view type) {
  size_t end = 0;
  while (end < type.size() && std::isalpha(static_cast<unsigned char>(type[end]))) ++end;
  return type.substr(0, end);
}

bool is_numeric_type(std::string_view type) {
  static constexpr std::array<std::string_view, 15> kNumeric = {
      "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric",
      "float",   "double",   "real",      "bit", "year",    "bool",   "boolean"};
  std::string_view base = base_type(type);
  for (auto name : kNumeric) {
    if (base.size() == name.size() && starts_with_nocase(base, name)) return true;
  }
  return false;
}

bool wrapped_in_parens(std::string_view expr) {
  return expr.size() >= 2 && expr.front() == '(' && mysql_strip_outer_parens(expr) != expr;
}

}  // namespace

bool MysqlServer::at_least(int ma, int mi, int pa) const {
  return std::tie(major, minor, patch) >= std::tie(ma, mi, pa);
}

MysqlServer parse_mysql_server(std::string_view label) {
  MysqlServer out;
  out.mariadb = label.substr(0, 7) == "MariaDB";
  size_t space = label.find(' ');
  if (space == std::string_view::npos) return out;
  std::string_view rest = label.substr(space + 1);
  int* parts[] = {&out.major, &out.minor, &out.patch};
  for (int* part : parts) {
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), *part);
    if (ec != std::errc()) break;
    rest.remove_prefix(static_cast<size_t>(end - rest.data()));
    if (rest.empty() || rest.front() != '.') break;
    rest.remove_prefix(1);
  }
  return out;
}

bool mysql_defaults_are_sql(const MysqlServer& server) {
  return server.mariadb && server.at_least(10, 2, 7);
}

std::optional<std::string> mysql_column_default(const std::optional<std::string>& raw,
                                                std::string_view extra, std::string_view type,
                                                bool defaults_are_sql) {
  if (!raw) return std::nullopt;
  if (defaults_are_sql) {
    if (*raw == "NULL") return std::nullopt;
    return raw;
  }
  // MySQL 8 marks expression defaults; only CURRENT_TIMESTAMP may stand
  // after DEFAULT without parentheses.
  bool now = starts_with_nocase(*raw, "current_timestamp");
  if (extra.find("DEFAULT_GENERATED") != std::string_view::npos) {
    if (now || wrapped_in_parens(*raw)) return raw;
    return "(" + *raw + ")";
  }
  std::string_view base = base_type(type);
  bool time = starts_with_nocase(base, "timestamp") || starts_with_nocase(base, "datetime");
  if ((now && time) || is_numeric_type(type)) return raw;
  return mysql_quote_literal(*raw);
}

std::optional<std::string> mysql_on_update(std::string_view extra) {
  constexpr std::string_view kOnUpdate = "on update ";
  size_t at = extra.find(kOnUpdate);
  if (at == std::string_view::npos) return std::nullopt;
  size_t start = at + kOnUpdate.size();
  size_t end = start;
  while (end < extra.size()) {
    auto c = static_cast<unsigned char>(extra[end]);
    if (!std::isalnum(c) && c != '_' && c != '(' && c != ')') break;
    ++end;
  }
  if (end == start) return std::nullopt;
  return std::string(extra.substr(start, end - start));
}

std::string mysql_strip_outer_parens(std::string_view expr) {
  expr = trim(expr);
  if (expr.size() < 2 || expr.front() != '(' || expr.back() != ')') return std::string(expr);
  int depth = 0;
  for (size_t pos = 0; pos < expr.size();) {
    MysqlLexeme unit = mysql_lex(expr, pos);
    if (unit.unterminated) return std::string(expr);
    if (unit.kind == MysqlUnit::kCode && unit.end == pos + 1) {
      if (expr[pos] == '(') {
        ++depth;
      } else if (expr[pos] == ')') {
        --depth;
        // The first parenthesis closes before the end: it does not wrap it all.
        if (depth == 0 && pos + 1 != expr.size()) return std::string(expr);
      }
    }
    pos = unit.end;
  }
  if (depth != 0) return std::string(expr);
  return std::string(trim(expr.substr(1, expr.size() - 2)));
}

std::string mysql_unqualify(std::string_view body, std::string_view database,
                            std::vector<std::string>* referenced) {
  const std::string qualifier = mysql_quote_ident(database);
  std::string out;
  out.reserve(body.size());
  for (size_t pos = 0; pos < body.size();) {
    MysqlLexeme unit = mysql_lex(body, pos);
    std::string_view text = body.substr(pos, unit.end - pos);
    bool strip = unit.kind == MysqlUnit::kQuoted && text == qualifier && unit.end < body.size() &&
                 body[unit.end] == '.' && (out.empty() || out.back() != '.');
    if (!strip) {
      out.append(text);
      pos = unit.end;
      continue;
    }
    pos = unit.end + 1;  // past the dot
    if (referenced != nullptr && pos < body.size() && body[pos] == '`') {
      MysqlLexeme name = mysql_lex(body, pos);
      if (!name.unterminated) {
        std::string unquoted;
        for (size_t i = pos + 1; i + 1 < name.end; ++i) {
          unquoted += body[i];
          if (body[i] == '`') ++i;  // a doubled backtick stands for one
        }
        referenced->push_back(std::move(unquoted));
      }
    }
  }
  return out;
}

}  // namespace strata::detail
