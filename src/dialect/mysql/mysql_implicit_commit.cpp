#include "dialect/mysql/mysql_implicit_commit.hpp"

#include <algorithm>
#include <array>

#include "dialect/mysql/mysql_lex.hpp"

namespace strata::detail {

namespace {

bool is_word_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Statements whose first word alone makes them commit.
constexpr std::array<std::string_view, 22> kCommitting = {
    "ALTER",     "CREATE", "DROP",   "RENAME",  "TRUNCATE", "GRANT", "REVOKE", "INSTALL",
    "UNINSTALL", "LOCK",   "UNLOCK", "ANALYZE", "CACHE",    "CHECK", "FLUSH",  "OPTIMIZE",
    "REPAIR",    "RESET",  "BEGIN",  "START",   "STOP",     "CHANGE"};

}  // namespace

std::vector<std::string> mysql_leading_words(std::string_view sql, size_t count) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < sql.size() && words.size() < count) {
    char c = sql[pos];
    if (c == '/' && sql.compare(pos, 3, "/*!") == 0) {
      pos += 3;  // then the optional version number
      while (pos < sql.size() && sql[pos] >= '0' && sql[pos] <= '9') ++pos;
      continue;
    }
    if (c == '/' && sql.compare(pos, 4, "/*M!") == 0) {
      pos += 4;
      while (pos < sql.size() && sql[pos] >= '0' && sql[pos] <= '9') ++pos;
      continue;
    }
    if (c == '*' && sql.compare(pos, 2, "*/") == 0) {  // the end of an executable comment
      pos += 2;
      continue;
    }
    if (is_word_char(c)) {
      std::string word;
      while (pos < sql.size() && is_word_char(sql[pos])) word += upper(sql[pos++]);
      words.push_back(std::move(word));
      continue;
    }
    MysqlLexeme unit = mysql_lex(sql, pos);
    if (unit.kind != MysqlUnit::kBlank && unit.kind != MysqlUnit::kComment) break;
    pos = unit.end;
  }
  return words;
}

bool mysql_commits_implicitly(std::string_view statement) {
  std::vector<std::string> w = mysql_leading_words(statement, 5);
  if (w.empty()) return false;
  auto at = [&](size_t i) { return i < w.size() ? std::string_view(w[i]) : std::string_view(); };
  std::string_view first = at(0);
  if (first == "CREATE" || first == "DROP") {
    // CREATE [OR REPLACE] TEMPORARY TABLE and DROP TEMPORARY TABLE stay in the transaction.
    size_t i = 1;
    if (at(1) == "OR" && at(2) == "REPLACE") i = 3;
    return at(i) != "TEMPORARY";
  }
  if (first == "SET") return at(1) == "PASSWORD";
  if (first == "LOAD") return at(1) == "INDEX";
  if (first == "COMMIT" || first == "ROLLBACK") return at(1) != "TO" && at(2) != "TO";
  return std::find(kCommitting.begin(), kCommitting.end(), first) != kCommitting.end();
}

}  // namespace strata::detail
