#include "dialect/sqlite/sqlite_inspect_lexer.hpp"

#include <cstring>

#include "dialect/sqlite/sqlite_text.hpp"

namespace strata::detail::sqlite_lex {

namespace {

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// SQLite starts an identifier with any IdChar but a digit or '$'.
bool is_word_start(unsigned char c) {
  return sqlite_text::is_id_char(c) && !is_digit(c) && c != '$';
}

char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

// Words after which '+', '-' or '~' starts an operand rather than joining two.
constexpr std::string_view kOperandStarters[] = {
    "AND",     "OR",     "NOT",   "IS",     "WHEN",  "THEN",   "ELSE",    "CASE",
    "BETWEEN", "LIKE",   "GLOB",  "REGEXP", "MATCH", "IN",     "ESCAPE",  "ON",
    "BY",      "SELECT", "WHERE", "HAVING", "LIMIT", "OFFSET", "DEFAULT", "RETURNING"};

// Scans one token starting at the significant byte `i`; returns its end.
size_t scan(std::string_view s, size_t i, TokenKind& kind) {
  const size_t n = s.size();
  const auto at = [&](size_t k) -> unsigned char {
    return k < n ? static_cast<unsigned char>(s[k]) : 0;
  };
  const unsigned char c = at(i);
  const auto quoted = [&](char closer, bool doubles) {
    size_t k = i + 1;
    while (k < n) {
      if (s[k] == closer) {
        if (doubles && at(k + 1) == static_cast<unsigned char>(closer)) {
          k += 2;
          continue;
        }
        return k + 1;
      }
      ++k;
    }
    return n;
  };
  switch (c) {
    case '\'':
      kind = TokenKind::kString;
      return quoted('\'', true);
    case '"':
    case '`':
      kind = TokenKind::kQuotedIdent;
      return quoted(static_cast<char>(c), true);
    case '[':
      kind = TokenKind::kQuotedIdent;
      return quoted(']', false);
    case '(':
      kind = TokenKind::kLParen;
      return i + 1;
    case ')':
      kind = TokenKind::kRParen;
      return i + 1;
    case ',':
      kind = TokenKind::kComma;
      return i + 1;
    case ';':
      kind = TokenKind::kSemicolon;
      return i + 1;
    case '?': {
      kind = TokenKind::kVariable;
      size_t k = i + 1;
      while (is_digit(at(k))) ++k;
      return k;
    }
    case ':':
    case '@':
    case '$': {
      kind = TokenKind::kVariable;
      size_t k = i + 1;
      while (k < n && sqlite_text::is_id_char(at(k))) ++k;
      return k;
    }
    default:
      break;
  }
  if (is_digit(c) || (c == '.' && is_digit(at(i + 1)))) {
    kind = TokenKind::kNumber;
    size_t k = i;
    if (c == '0' && (at(k + 1) == 'x' || at(k + 1) == 'X') && is_hex_digit(at(k + 2))) {
      k += 2;
      while (is_hex_digit(at(k))) ++k;
      return k;
    }
    while (is_digit(at(k))) ++k;
    if (at(k) == '.') {
      ++k;
      while (is_digit(at(k))) ++k;
    }
    if ((at(k) == 'e' || at(k) == 'E') &&
        (is_digit(at(k + 1)) || ((at(k + 1) == '+' || at(k + 1) == '-') && is_digit(at(k + 2))))) {
      k += 2;
      while (is_digit(at(k))) ++k;
    }
    return k;
  }
  if (c == '.') {
    kind = TokenKind::kDot;
    return i + 1;
  }
  if ((c == 'x' || c == 'X') && at(i + 1) == '\'') {
    kind = TokenKind::kBlob;
    ++i;
    return quoted('\'', false);
  }
  if (is_word_start(c)) {
    kind = TokenKind::kWord;
    size_t k = i + 1;
    while (k < n && sqlite_text::is_id_char(at(k))) ++k;
    return k;
  }
  kind = TokenKind::kOperator;
  const unsigned char d = at(i + 1);
  switch (c) {
    case '-':
      if (d == '>') return at(i + 2) == '>' ? i + 3 : i + 2;
      return i + 1;
    case '<':
      return (d == '=' || d == '>' || d == '<') ? i + 2 : i + 1;
    case '>':
      return (d == '=' || d == '>') ? i + 2 : i + 1;
    case '=':
      return d == '=' ? i + 2 : i + 1;
    case '!':
      if (d == '=') return i + 2;
      break;
    case '|':
      return d == '|' ? i + 2 : i + 1;
    case '+':
    case '*':
    case '/':
    case '%':
    case '&':
    case '~':
      return i + 1;
    default:
      break;
  }
  kind = TokenKind::kOther;
  return i + 1;
}

}  // namespace

TokenList::TokenList(std::string_view text) : text_(text) {
  tokens_.reserve(text.size() / 4 + 4);
  std::vector<uint32_t> open;
  size_t pos = 0;
  while (true) {
    const size_t start = sqlite_text::skip_insignificant(text, pos);
    if (start >= text.size()) break;
    Token t;
    t.begin = static_cast<uint32_t>(start);
    t.end = static_cast<uint32_t>(scan(text, start, t.kind));
    t.space_before = start != pos;
    const auto index = static_cast<uint32_t>(tokens_.size());
    t.partner = index;
    if (t.kind == TokenKind::kLParen) {
      open.push_back(index);
    } else if (t.kind == TokenKind::kRParen && !open.empty()) {
      t.partner = open.back();
      tokens_[open.back()].partner = index;
      open.pop_back();
    }
    tokens_.push_back(t);
    pos = t.end;
  }
  // An unbalanced '(' (or ')') points past the end, so loops that jump to the
  // partner stop there.
  const auto past = static_cast<uint32_t>(tokens_.size());
  for (uint32_t i : open) tokens_[i].partner = past;
  for (uint32_t i = 0; i < past; ++i) {
    if (tokens_[i].kind == TokenKind::kRParen && tokens_[i].partner == i) tokens_[i].partner = past;
  }
}

std::string_view TokenList::text(size_t i) const {
  if (i >= tokens_.size()) return {};
  return text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
}

bool TokenList::is_word(size_t i, std::string_view upper_keyword) const {
  if (i >= tokens_.size() || tokens_[i].kind != TokenKind::kWord) return false;
  const std::string_view t = text(i);
  if (t.size() != upper_keyword.size()) return false;
  for (size_t k = 0; k < t.size(); ++k) {
    const char c = t[k];
    if ((c >= 'a' && c <= 'z' ? static_cast<char>(c - ('a' - 'A')) : c) != upper_keyword[k]) {
      return false;
    }
  }
  return true;
}

bool TokenList::is_name(size_t i) const {
  const TokenKind k = kind(i);
  return i < tokens_.size() &&
         (k == TokenKind::kWord || k == TokenKind::kQuotedIdent || k == TokenKind::kString);
}

std::string TokenList::name(size_t i) const {
  const std::string_view t = text(i);
  if (t.empty()) return {};
  const char open = t.front();
  if (open != '"' && open != '\'' && open != '`' && open != '[') return std::string(t);
  const char close = open == '[' ? ']' : open;
  std::string_view inner = t.substr(1);
  if (!inner.empty() && inner.back() == close) inner.remove_suffix(1);
  std::string out;
  out.reserve(inner.size());
  for (size_t k = 0; k < inner.size(); ++k) {
    out += inner[k];
    if (open != '[' && inner[k] == close && k + 1 < inner.size() && inner[k + 1] == close) ++k;
  }
  return out;
}

size_t TokenList::close_of(size_t i) const {
  if (i >= tokens_.size() || tokens_[i].kind != TokenKind::kLParen) return i;
  return tokens_[i].partner;
}

std::string_view TokenList::source(size_t first, size_t last) const {
  if (last > tokens_.size()) last = tokens_.size();
  if (first >= last) return {};
  return text_.substr(tokens_[first].begin, tokens_[last - 1].end - tokens_[first].begin);
}

std::string TokenList::normalized(size_t first, size_t last) const {
  if (last > tokens_.size()) last = tokens_.size();
  std::string out;
  if (first >= last) return out;
  out.reserve(tokens_[last - 1].end - tokens_[first].begin);
  bool after_unary = false;
  for (size_t i = first; i < last; ++i) {
    const TokenKind k = tokens_[i].kind;
    bool space = i > first;
    if (space) {
      const TokenKind p = tokens_[i - 1].kind;
      if (after_unary || p == TokenKind::kLParen || p == TokenKind::kDot ||
          k == TokenKind::kRParen || k == TokenKind::kComma || k == TokenKind::kDot ||
          k == TokenKind::kSemicolon) {
        space = false;
      } else if (k == TokenKind::kLParen &&
                 (p == TokenKind::kWord || p == TokenKind::kQuotedIdent)) {
        space = tokens_[i].space_before;
      }
    }
    const std::string_view t = text(i);
    bool unary = false;
    if (k == TokenKind::kOperator && (t == "-" || t == "+" || t == "~")) {
      if (i == first) {
        unary = true;
      } else {
        const TokenKind p = tokens_[i - 1].kind;
        unary = p == TokenKind::kLParen || p == TokenKind::kComma || p == TokenKind::kOperator;
        for (const std::string_view w : kOperandStarters) {
          if (unary || p != TokenKind::kWord) break;
          unary = is_word(i - 1, w);
        }
      }
    }
    if (space) out += ' ';
    out.append(t);
    after_unary = unary;
  }
  return out;
}

std::string normalize_type(std::string_view declared) {
  std::string out;
  out.reserve(declared.size());
  bool pending_space = false;
  for (const char c : declared) {
    if (sqlite_text::is_space(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    const bool tight = c == '(' || c == ')' || c == ',';
    if (pending_space && !tight && out.back() != '(' && out.back() != ',') out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string fold_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = fold(c);
  return out;
}

bool equals_folded(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

}  // namespace strata::detail::sqlite_lex
