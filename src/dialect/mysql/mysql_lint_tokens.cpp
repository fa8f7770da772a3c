#include "dialect/mysql/mysql_lint_tokens.hpp"

#include "dialect/mysql/mysql_lex.hpp"

namespace strata::detail::mysql_lint {

namespace {

bool is_word_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || u >= 0x80;
}

char upper_char(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = upper_char(c);
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

TokenList::TokenList(std::string_view sql) : sql_(sql) {
  scan(0, sql.size());
  std::vector<size_t> open;
  for (size_t i = 0; i < tokens_.size(); ++i) {
    tokens_[i].partner = tokens_.size();
    if (is_symbol(i, '(')) {
      open.push_back(i);
    } else if (is_symbol(i, ')') && !open.empty()) {
      tokens_[i].partner = open.back();
      tokens_[open.back()].partner = i;
      open.pop_back();
    }
  }
}

void TokenList::scan(size_t begin, size_t end) {
  std::string_view sql = sql_.substr(0, end);
  size_t pos = begin;
  while (pos < end) {
    char c = sql[pos];
    if (is_word_char(c)) {
      size_t e = pos;
      bool number = c >= '0' && c <= '9';
      while (e < end && (is_word_char(sql[e]) || (number && sql[e] == '.'))) ++e;
      tokens_.push_back({number ? TokenKind::kNumber : TokenKind::kWord, pos, e, 0});
      pos = e;
      continue;
    }
    if (c == '@') {
      size_t e = pos + 1;
      while (e < end && (is_word_char(sql[e]) || sql[e] == '@')) ++e;
      tokens_.push_back({TokenKind::kVariable, pos, e, 0});
      pos = e;
      continue;
    }
    MysqlLexeme unit = mysql_lex(sql, pos);
    switch (unit.kind) {
      case MysqlUnit::kBlank:
      case MysqlUnit::kComment:
        break;
      case MysqlUnit::kQuoted:
        tokens_.push_back({c == '`' ? TokenKind::kIdent : TokenKind::kString, pos, unit.end, 0});
        break;
      case MysqlUnit::kCode:
        if (unit.end > pos + 1) {
          // An executable comment: its body (after the version number) is code.
          size_t inner = pos + (sql[pos + 2] == 'M' ? 4 : 3);
          while (inner < unit.end && sql[inner] >= '0' && sql[inner] <= '9') ++inner;
          size_t inner_end = unit.unterminated ? unit.end : unit.end - 2;
          if (inner < inner_end) scan(inner, inner_end);
        } else {
          tokens_.push_back({TokenKind::kSymbol, pos, pos + 1, 0});
        }
        break;
    }
    pos = unit.end > pos ? unit.end : pos + 1;
  }
}

std::string_view TokenList::text(size_t i) const {
  if (i >= tokens_.size()) return {};
  return sql_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
}

bool TokenList::is_word(size_t i, std::string_view upper_keyword) const {
  if (kind(i) != TokenKind::kWord) return false;
  std::string_view t = text(i);
  if (t.size() != upper_keyword.size()) return false;
  for (size_t k = 0; k < t.size(); ++k) {
    if (upper_char(t[k]) != upper_keyword[k]) return false;
  }
  return true;
}

bool TokenList::is_symbol(size_t i, char c) const {
  return kind(i) == TokenKind::kSymbol && text(i)[0] == c;
}

bool TokenList::is_name(size_t i) const {
  return kind(i) == TokenKind::kWord || kind(i) == TokenKind::kIdent;
}

std::string TokenList::value(size_t i) const {
  std::string_view t = text(i);
  TokenKind k = kind(i);
  if (k != TokenKind::kIdent && k != TokenKind::kString) return std::string(t);
  char q = t[0];
  std::string out;
  size_t last = t.size() >= 2 && t.back() == q ? t.size() - 1 : t.size();
  for (size_t p = 1; p < last; ++p) {
    if (k == TokenKind::kString && t[p] == '\\' && p + 1 < last) {
      out += t[++p];
    } else {
      out += t[p];
      if (t[p] == q && p + 1 < last && t[p + 1] == q) ++p;
    }
  }
  return out;
}

std::string TokenList::upper(size_t i) const {
  return kind(i) == TokenKind::kWord ? to_upper(text(i)) : std::string();
}

size_t TokenList::close_of(size_t i) const {
  if (!is_symbol(i, '(')) return i;
  return tokens_[i].partner;
}

std::string_view TokenList::source(size_t first, size_t last) const {
  if (first >= last || first >= tokens_.size()) return {};
  if (last > tokens_.size()) last = tokens_.size();
  size_t b = tokens_[first].begin;
  size_t e = tokens_[last - 1].end;
  return e > b ? sql_.substr(b, e - b) : std::string_view();
}

}  // namespace strata::detail::mysql_lint
