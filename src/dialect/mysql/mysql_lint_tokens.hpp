// Tokens of one MySQL/MariaDB statement for the lint analyzer: words,
// `backtick` identifiers, 'strings' and "strings", numbers, @variables and
// single-character symbols, with every parenthesis paired to its partner.
// Built on mysql_lex (the splitter's lexer): comments and blanks are dropped,
// and the code inside executable comments (`/*!50100 ... */`, `/*M! ... */`)
// is read as code. Never fails: anything malformed runs to the end.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail::mysql_lint {

enum class TokenKind : unsigned char {
  kWord,    // a bare identifier or keyword
  kIdent,   // `quoted identifier`
  kString,  // 'x' or "x"
  kNumber,
  kVariable,  // @x, @@x
  kSymbol,    // one character: ( ) , . = ; ...
  kEnd,       // past the last token
};

class TokenList {
 public:
  // Tokenizes `sql`, which must outlive the list.
  explicit TokenList(std::string_view sql);

  size_t size() const { return tokens_.size(); }
  TokenKind kind(size_t i) const { return i < tokens_.size() ? tokens_[i].kind : TokenKind::kEnd; }
  // The token's source text, quotes included; "" past the end.
  std::string_view text(size_t i) const;
  // Whether token i is the bare word `upper_keyword` (ASCII case-insensitive).
  // False past the end, so callers can look ahead freely.
  bool is_word(size_t i, std::string_view upper_keyword) const;
  bool is_symbol(size_t i, char c) const;
  // A bare word or a backtick identifier.
  bool is_name(size_t i) const;
  // A name's value (backticks removed, doubled backticks undone) or a
  // string's value (quotes removed, doubled quotes and backslash escapes
  // undone); other tokens as written.
  std::string value(size_t i) const;
  // A bare word in upper case; "" for other tokens.
  std::string upper(size_t i) const;
  // For the '(' at i, the index of its ')' (size() when unbalanced); for any
  // other token, i itself.
  size_t close_of(size_t i) const;
  // The source text from the start of token `first` to the end of token
  // `last - 1`; "" when first >= last.
  std::string_view source(size_t first, size_t last) const;

 private:
  struct Token {
    TokenKind kind = TokenKind::kSymbol;
    size_t begin = 0;
    size_t end = 0;
    size_t partner = 0;  // for a parenthesis, its partner's index (size() if none)
  };
  void scan(size_t begin, size_t end);

  std::string_view sql_;
  std::vector<Token> tokens_;
};

std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);

}  // namespace strata::detail::mysql_lint
